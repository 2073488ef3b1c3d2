"""Benchmark the pages of new communities and collective impact on full-scale demo data (PostgreSQL).

The same method as bench_portal.py, whose helpers it uses: its own database (p2g_bench_impact by
default; created, migrated and seeded with ``seed_demo --scale full`` when not seeded yet,
``--reseed`` starts over, kept between runs), Django's test client signed in (force_login) as the
demo staff user, mentor (Hebrew), community leader (Hebrew) and partner contact, every page
requested once per round (warm-up rounds, then ``--runs`` timed rounds) and, per page:

- p50 and p95 of the wall time in ms and the ratio of its p95 to the p95 of the trivial baseline,
  the signed-in home page ``/en/``;
- the number of database queries of one request and (unless ``--no-compare-small``) the count of
  the same page on a small seed (p2g_bench_impact_small): a count that grows with the data is an N+1.

Targets (developers' guide): list pages p95 <= 4x the baseline's p95; <= 15 queries per page, the
same count at 10x the data. A page answering anything but 200 is an ERROR.

    .venv/bin/python bench/bench_impact.py [--runs 30] [--warmup 3] [--reseed] [--no-fail]
        [--no-compare-small] [--only SUBSTRING] [--show-queries SUBSTRING] [--explain]
        [--server postgres://postgres@127.0.0.1:5432] [--name p2g_bench_impact]

Exit status 0 when every page meets both targets (or with --no-fail), 1 otherwise.
"""

import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_portal import BASELINE, Page, run_pages_benchmark  # noqa: E402 - the portal benchmark's method

EMAILS = {
    "staff": "staff@p2g.example",
    "mentor": "mentor@p2g.example",
    "leader": "leader@p2g.example",
    "partner": "partner@p2g.example",
}


def pages_choose():
    """The people and pages, read from the seeded world (the busiest subjects, so the pages are the heaviest)."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from accounts.models import User
    from communities.models import EstablishmentTrack
    from partnerships.models import Forum, Meeting
    from programs.models import Indicator

    people = {key: User.objects.filter(email=email).first() for key, email in EMAILS.items()}
    missing = [EMAILS[key] for key, user in people.items() if user is None]
    if missing:
        raise SystemExit(f"No demo user {', '.join(missing)}: is the database seeded?")

    track = (EstablishmentTrack.objects.filter(mentors=people["mentor"])
             .annotate(n=Count("milestones")).order_by("-n", "pk").first())
    leader_track = EstablishmentTrack.objects.filter(community__leaders__person=people["leader"]).first()
    forum = Forum.objects.annotate(n=Count("memberships")).order_by("-n", "pk").first()
    meeting = (Meeting.objects.filter(forum=forum).annotate(n=Count("agenda_items"))
               .order_by("-n", "-starts_at").first()) if forum else None
    indicator = Indicator.objects.annotate(n=Count("measurements")).order_by("-n", "pk").first()

    def url(name, *args, lang="en", query=None):
        with translation.override(lang):
            path = reverse(name, args=args)
        return path + (f"?{urlencode(query)}" if query else "")

    pages = [
        Page(BASELINE, "staff", "/en/"),
        Page("pipeline", "staff", url("communities:track_list")),
        Page("pipeline ?overdue", "staff", url("communities:track_list", query={"overdue": "on"})),
        Page("pipeline /he/ (mentor)", "mentor", url("communities:track_list", lang="he")),
        Page("workshops", "staff", url("communities:workshop_list")),
    ]
    if track is not None:
        pages.append(Page("track /he/ (mentor)", "mentor", url("communities:track_detail", track.pk, lang="he"),
                          note=f"track #{track.pk}, {track.n} milestones"))
    if leader_track is not None:
        pages.append(Page("track /he/ (leader)", "leader", url("communities:track_detail", leader_track.pk, lang="he")))
    pages += [
        Page("partners overview", "staff", url("impact:partner_home")),
        Page("partner home", "partner", url("impact:partner_home")),
        Page("applications", "staff", url("impact:application_list")),
        Page("call for partners", "anonymous", url("impact:partner_call", lang="he")),
        Page("forums", "staff", url("impact:forum_list")),
        Page("forums (partner)", "partner", url("impact:forum_list")),
    ]
    if forum is not None:
        pages.append(Page("forum detail", "staff", url("impact:forum_detail", forum.pk),
                          note=f"forum #{forum.pk}, {forum.n} members"))
    if meeting is not None:
        pages.append(Page("forum meeting", "staff", url("impact:forum_meeting_detail", forum.pk, meeting.pk)))
    pages += [
        Page("measurement (national)", "staff", url("impact:indicator_list")),
        Page("measurement (partner)", "partner", url("impact:indicator_list")),
        Page("report figures", "partner", url("impact:report_list")),
    ]
    if indicator is not None:
        pages += [
            Page("indicator detail", "staff", url("impact:indicator_detail", indicator.pk),
                 note=f"indicator #{indicator.pk}, {indicator.n} figures"),
            Page("indicator .csv", "staff", url("impact:indicator_export", indicator.pk, "organisations", "csv")),
        ]
    pages.append(Page("newsletters", "staff", url("impact:newsletter_list")))
    facts = {
        "tracks": str(EstablishmentTrack.objects.count()),
        "forums": str(Forum.objects.count()),
        "indicators": str(Indicator.objects.count()),
    }
    return people, pages, facts


def main() -> int:
    return run_pages_benchmark(description=__doc__.splitlines()[0], name="p2g_bench_impact", runs=30, warmup=3,
                               choose=pages_choose, key=lambda page: page.label, script=__file__)


if __name__ == "__main__":
    sys.exit(main())
