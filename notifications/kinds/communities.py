"""New communities: a mentor assigned to a track, and establishment milestones that became overdue.

``mentor_assigned``: to the mentor staff just assigned (decided by
``communities.services.mentorship_start`` in its transaction, occurrence ``assigned:<mentorship id>``):
which community, its stage, and the link to its track. A mentor whose mentorship ends and who is
assigned again later is told again (a new mentorship); a second click on "assign" is refused by the
service and decides nothing. Not sent when the mentorship has ended before the worker sends it.

``milestone_overdue``: one email per mentor per day at most, listing every milestone of their tracks that became overdue
since their previous email (not one email per milestone): a mentor accompanying several new
communities, whose milestones of a stage often fall due together, gets one message to read in the
morning instead of a handful. The ledger's key is (mentor, mentor, "<local date>/<previous date>"):
the previous date is the day of the mentor's last email (none before the first), so the email
lists exactly the milestones whose due date lies between the two, and a milestone whose due date
moves is told again when the new date passes. A milestone completed (or moved) before the email
goes out drops from it; with none left, the email is not sent.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.emails import recipient_locale, site_url
from communities.models import Mentorship, Milestone, Stage
from notifications.models import Kind

from .base import KindSpec, Planned, register
from .mornings import BATCH, CHUNK, Mornings, last_occurrences, local_today


def track_url(track_id: int, anchor: str = "milestones") -> str:
    """The track's page (its milestones), in the language active for the recipient."""
    return site_url(reverse("communities:track_detail", kwargs={"pk": track_id}) + (f"#{anchor}" if anchor else ""))


def parse(occurrence: str) -> tuple[datetime.date, datetime.date | None]:
    """The day of an email and the day of the one before it (None for the first)."""
    day, _slash, previous = occurrence.partition("/")
    return datetime.date.fromisoformat(day), datetime.date.fromisoformat(previous) if previous else None


def mentoring_on(started_on, ended_on, day: datetime.date) -> bool:
    return started_on <= day and (ended_on is None or ended_on > day)


@register
class MilestoneOverdue(KindSpec):
    """Each morning a mentor's milestones became overdue: the list, in one email."""

    code = Kind.MILESTONE_OVERDUE
    template = "milestone_overdue"
    audience = "mentor"
    schedule = "daily"
    description = _(
        "When establishment milestones of the communities you mentor become overdue (at most one email a day)."
    )

    def plan(self, now):
        mornings = Mornings(now)
        # Current mentors and their tracks, on each mentor's local date.
        tracks: dict[int, list[int]] = {}
        today_of: dict[int, datetime.date] = {}
        mentorships = Mentorship.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=mornings.earliest),
            started_on__lte=mornings.latest,
            mentor__is_active=True,
        ).values_list("track_id", "mentor_id", "mentor__time_zone", "started_on", "ended_on")
        for track_id, mentor_id, tz_name, started_on, ended_on in mentorships.iterator(chunk_size=CHUNK):
            today = mornings.date(tz_name)
            if today is not None and mentoring_on(started_on, ended_on, today):
                today_of[mentor_id] = today
                tracks.setdefault(track_id, []).append(mentor_id)
        if not tracks:
            return
        # The day of each mentor's last email (the ledger's (kind, object_id) index), a batch at a time.
        previous: dict[int, datetime.date | None] = {}
        mentor_ids = sorted(today_of)
        for start in range(0, len(mentor_ids), BATCH):
            last = last_occurrences(self.code, mentor_ids[start : start + BATCH])
            for mentor_id in mentor_ids[start : start + BATCH]:
                previous[mentor_id] = parse(last[mentor_id][0])[0] if mentor_id in last else None
        # Open milestones that may have become overdue since (the partial index milestone_open_due).
        known = [d for d in previous.values() if d is not None]
        milestones = Milestone.objects.filter(completed_on__isnull=True, due_on__lt=mornings.latest)
        if len(known) == len(previous):
            milestones = milestones.filter(due_on__gte=min(known))
        news = set()
        for track_id, due_on in (
            milestones.values_list("track_id", "due_on").order_by().iterator(chunk_size=CHUNK)
        ):
            for mentor_id in tracks.get(track_id, ()):
                since = previous[mentor_id]
                if due_on < today_of[mentor_id] and (since is None or since <= due_on):
                    news.add(mentor_id)
        for mentor_id in sorted(news):
            since = previous[mentor_id]
            if since is not None and since >= today_of[mentor_id]:
                continue  # decided today already
            occurrence = f"{today_of[mentor_id].isoformat()}/{since.isoformat() if since else ''}"
            yield Planned(mentor_id, mentor_id, occurrence)

    def load(self, object_ids):
        ids = list(object_ids)
        mentors = {person.pk: person for person in get_user_model().objects.filter(pk__in=ids)}
        since = timezone.now().astimezone(datetime.UTC).date() - datetime.timedelta(days=2)
        mentorships = list(
            Mentorship.objects.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gt=since), mentor_id__in=ids
            ).values_list("mentor_id", "track_id", "started_on", "ended_on")
        )
        milestones: dict[int, list[Milestone]] = {}
        for milestone in (
            Milestone.objects.filter(completed_on__isnull=True, track_id__in={m[1] for m in mentorships})
            .select_related("track__community")
            .order_by("due_on", "pk")
        ):
            milestones.setdefault(milestone.track_id, []).append(milestone)
        for mentor in mentors.values():
            mentor.mentoring = []
        for mentor_id, track_id, started_on, ended_on in mentorships:
            mentors[mentor_id].mentoring.append(
                (track_id, started_on, ended_on, milestones.get(track_id, []))
            )
        return mentors

    @staticmethod
    def overdue(delivery, mentor) -> list[Milestone]:
        """The milestones of the email: still open, of a track the person still mentors, due between the two days."""
        day, since = parse(delivery.occurrence)
        today = local_today(mentor)
        found = []
        for _track_id, started_on, ended_on, milestones in mentor.mentoring:
            if not mentoring_on(started_on, ended_on, today):
                continue
            found += [m for m in milestones if m.due_on < day and (since is None or m.due_on >= since)]
        return sorted(found, key=lambda m: (m.due_on, m.pk))

    def skip_reason(self, delivery, mentor):
        if not self.overdue(delivery, mentor):
            return str(
                _("None of these milestones is still overdue (completed or moved), or the mentoring ended.")
            )
        return ""

    def context(self, delivery, mentor):
        day, _since = parse(delivery.occurrence)
        today = max(day, local_today(mentor))
        milestones = self.overdue(delivery, mentor)
        with recipient_locale(delivery.recipient):
            entries = [
                {
                    "milestone": m,
                    "community": m.track.community,
                    "days_late": (today - m.due_on).days,
                    "url": track_url(m.track_id),
                }
                for m in milestones
            ]
            tracks = {m.track_id for m in milestones}
            url = (
                track_url(tracks.pop())
                if len(tracks) == 1
                else site_url(reverse("communities:track_list") + "?overdue=on")
            )
        return {"entries": entries, "total": len(entries), "url": url}


@register
class MentorAssigned(KindSpec):
    """Staff assigned the person as the mentor of a new community: which one, its stage, the link to its track."""

    code = Kind.MENTOR_ASSIGNED
    template = "mentor_assigned"
    audience = "mentor"
    schedule = ""
    description = _("When the staff assign you as the mentor of a new community.")

    def load(self, object_ids):
        return {
            m.pk: m
            for m in Mentorship.objects.filter(pk__in=object_ids).select_related("track__community", "mentor")
        }

    def skip_reason(self, delivery, mentorship):
        if mentorship.ended_on is not None and mentorship.ended_on <= local_today(delivery.recipient):
            return str(_("The mentorship has ended since."))
        return ""

    def context(self, delivery, mentorship):
        track = mentorship.track
        with recipient_locale(delivery.recipient):
            url = track_url(track.pk, "")
        return {
            "mentorship": mentorship,
            "track": track,
            "community": track.community,
            "stage": Stage(track.stage).label,
            "url": url,
        }
