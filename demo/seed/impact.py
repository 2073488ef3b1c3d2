"""Phase: collective impact (seed 004): organisations of three sectors, the call for partners, thematic
forums of at most 20 members with their meetings, and shared measurement for partnerships and forums."""

import datetime
from decimal import Decimal

from partnerships.models import (
    FORUM_MAX_MEMBERS,
    Forum,
    ForumMembership,
    Meeting,
    Organisation,
    OrganisationContact,
    PartnerApplication,
)
from programs.models import Indicator, IndicatorAggregation, IndicatorTarget, Measurement

from .base import ascii_slug
from .data_places import PLACES
from .data_vocab import (
    APPLICATION_DECLINE,
    APPLICATION_MOTIVATION,
    APPLICATION_THEMES,
    BUSINESS_PREFIXES,
    BUSINESS_SUFFIXES,
    CONTACT_ROLES,
    FORUM_DESCRIPTION,
    FORUM_INDICATORS,
    FORUM_PLACES,
    FORUMS,
    INDICATOR_DESCRIPTION,
    MINISTRIES,
    MINUTES,
    MONTHS_EN,
    MONTHS_HE,
    NATIONAL_FORUM,
    NONPROFIT_PATTERNS,
    NONPROFITS,
    ORG_DESCRIPTION,
    PARTNERSHIP_INDICATORS,
)
from .meetings import Plan, meeting_day, past_status, updated_at, write_meetings
from .places import DEMO_DOMAIN, DEMO_EMAILS
from .world import World

SECTOR_TARGETS = {"government": 7, "business": 6, "nonprofit": 7}


def _organisation_names(count: int):
    """(sector, en, he): ministries and local authorities, businesses, nonprofits, roughly 30/30/40."""
    cities = [(pl.en, pl.he) for pl in PLACES.values() if pl.kind == "city"]
    councils = [(pl.en, pl.he) for pl in PLACES.values() if pl.kind == "region"]
    government = list(MINISTRIES) + [(f"Municipality of {en}", f"עיריית {he}") for en, he in cities] + councils
    business = [(f"{a} {b} Ltd.", f"{ah} {bh} בע\"מ") for b, bh in BUSINESS_SUFFIXES for a, ah in BUSINESS_PREFIXES]
    nonprofit = list(NONPROFITS) + [(en.format(c=c), he.format(c=ch)) for c, ch in cities for en, he in NONPROFIT_PATTERNS]
    wanted = {"government": int(count * 0.3), "business": int(count * 0.3)}
    wanted["nonprofit"] = count - wanted["government"] - wanted["business"]
    for sector, names in (("government", government), ("business", business), ("nonprofit", nonprofit)):
        for en, he in names[: wanted[sector]]:
            yield sector, en, he


def seed_impact(world: World) -> None:
    s, rng = world.seeder, world.seeder.rng("impact")
    israelis = [c for p in world.partnerships for c in p.israel]
    organisations = []
    for sector, en, he in _organisation_names(s.scale.organisations):
        slug = ascii_slug(en)[:40]
        organisations.append(Organisation(
            name_en=en, name_he=he, sector=sector, website=f"https://{slug}.example.org",
            email=f"info@{slug}.example.org" if rng.random() < 0.7 else "",
            description_en=ORG_DESCRIPTION[0], description_he=ORG_DESCRIPTION[1],
        ))
    organisations = s.insert(Organisation, organisations)
    people, owners = [], []
    for n in range(len(organisations)):
        for k in range(1 if rng.random() < 0.6 else 2):
            people.append(world.person(rng, rng.choice(israelis), language="he"))
            owners.append((n, k))
    ids = world.save_people(people)
    contacts, primary = [], {}
    for person, (n, k) in zip(ids, owners, strict=True):
        contacts.append(OrganisationContact(organisation_id=organisations[n].pk, person_id=person,
                                            role=rng.choice(CONTACT_ROLES), is_primary=k == 0))
        primary.setdefault(n, person)
    s.stream(OrganisationContact, contacts)
    _applications(world, rng, organisations, primary, people, ids)
    _forums(world, rng, organisations, primary)
    _partnership_indicators(world, rng)


def _applications(world, rng, organisations, primary, people, ids) -> None:
    """Answers to the call for partners: most accepted (they became the organisations), some declined or waiting."""
    s = world.seeder
    emails = {pid: u.email for pid, u in zip(ids, people, strict=True)}
    names = {pid: u.full_name for pid, u in zip(ids, people, strict=True)}
    rows = []
    for n in range(s.scale.applications):
        decided = s.now - datetime.timedelta(days=rng.randint(200, 900))
        if n < len(organisations) and rng.random() < 0.9:
            org = organisations[n]
            person = primary[n]
            rows.append(PartnerApplication(
                organisation_name=org.name_he, sector=org.sector, contact_name=names[person],
                contact_email=emails[person], themes=rng.choice(APPLICATION_THEMES), motivation=APPLICATION_MOTIVATION[1],
                language="he", status="accepted", decided_by_id=world.staff_ids[0], decided_at=decided,
                organisation_id=org.pk, applicant_id=person,
                submitted_at=decided - datetime.timedelta(days=rng.randint(20, 60)),
            ))
            continue
        status = "declined" if rng.random() < 0.5 else "submitted"
        english = rng.random() < 0.25
        rows.append(PartnerApplication(
            organisation_name=f"Applicant organisation {n + 1}" if english else f"ארגון פונה {n + 1}",
            sector=rng.choice(("government", "business", "nonprofit")),
            contact_name="Applicant" if english else "פונה", contact_email=f"applicant{n + 1}@example.org",
            themes=rng.choice(APPLICATION_THEMES), motivation=APPLICATION_MOTIVATION[0 if english else 1],
            language="en" if english else "he", status=status,
            decision_reason=rng.choice(APPLICATION_DECLINE) if status == "declined" else "",
            decided_by_id=world.staff_ids[0] if status == "declined" else None,
            decided_at=decided if status == "declined" else None,
            submitted_at=(decided if status == "declined" else s.now) - datetime.timedelta(days=rng.randint(5, 60)),
        ))
    s.stream(PartnerApplication, rows)


def _forums(world, rng, organisations, primary) -> None:
    s = world.seeder
    specs = [(*f, False) for f in FORUMS] + [(*NATIONAL_FORUM, True)]
    forums = s.insert(Forum, (Forum(
        name_en=en, name_he=he, theme_en=theme_en, theme_he=theme_he, description_en=FORUM_DESCRIPTION[0],
        description_he=FORUM_DESCRIPTION[1], is_national=national, target_government=SECTOR_TARGETS["government"],
        target_business=SECTOR_TARGETS["business"], target_nonprofit=SECTOR_TARGETS["nonprofit"],
    ) for en, he, theme_en, theme_he, national in specs))
    by_sector = {sector: [n for n, o in enumerate(organisations) if o.sector == sector] for sector in SECTOR_TARGETS}
    memberships, seated = [], {}
    joined_base = s.today - datetime.timedelta(days=900)
    for forum in forums:
        size = FORUM_MAX_MEMBERS if forum.is_national else rng.randint(14, FORUM_MAX_MEMBERS)
        chosen = []
        for sector, target in SECTOR_TARGETS.items():
            pool = by_sector[sector]
            chosen += rng.sample(pool, min(len(pool), target))
        chosen = chosen[:size]
        seated[forum.pk] = []
        for seat, n in enumerate(chosen, start=1):
            joined = joined_base + datetime.timedelta(days=rng.randint(0, 400))
            memberships.append(ForumMembership(forum_id=forum.pk, person_id=primary[n], organisation_id=organisations[n].pk,
                                               seat=seat, joined_on=joined))
            seated[forum.pk].append(primary[n])
        leavers = [n for n in rng.sample(range(len(organisations)), min(3, len(organisations))) if n not in chosen]
        for n in leavers:  # former members: they left, and gave back their seat
            joined = joined_base - datetime.timedelta(days=rng.randint(0, 300))
            memberships.append(ForumMembership(forum_id=forum.pk, person_id=primary[n], organisation_id=organisations[n].pk,
                                               seat=None, joined_on=joined,
                                               left_on=joined + datetime.timedelta(days=rng.randint(90, 500))))
    s.stream(ForumMembership, memberships)
    _demo_partner(world, seated[forums[0].pk][0])
    _forum_meetings(world, rng, forums, seated)
    _forum_indicators(world, rng, forums, organisations, memberships)


def _demo_partner(world, person_id: int) -> None:
    """The demo partner: the primary contact of an organisation seated on the first forum, in English."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    User.objects.filter(pk=person_id).update(
        email=DEMO_EMAILS["partner"], full_name="Maya Partner (demo)", preferred_language="en"
    )
    EmailAddress.objects.filter(user_id=person_id).update(email=DEMO_EMAILS["partner"])
    world.demo["partner"] = person_id


def _forum_meetings(world, rng, forums, seated) -> None:
    """About 26 forum meetings; after each, its summary was published to all members (seed 004)."""
    s = world.seeder
    plans_by_forum = []
    per_forum = max(2, round(s.scale.forum_meetings / len(forums)))
    for k, forum in enumerate(forums):
        plans = []
        people = [(person, "israel") for person in seated[forum.pk]]
        for n in range(per_forum + 1):
            ago = int(700 * (per_forum - n) / per_forum) - 30  # the last one is still ahead
            day = meeting_day(s.today - datetime.timedelta(days=ago))
            starts_at = s.aware(day, 10)
            if day < s.today:
                status, published_at = past_status(rng, s, starts_at)
                status = "published" if status == "cancelled" else status
                published_at = published_at or (starts_at + datetime.timedelta(days=3) if status == "published" else None)
            else:
                status, published_at = "scheduled", None
            place = rng.choice(FORUM_PLACES)
            meeting = Meeting(
                forum_id=forum.pk, title_en=f"{forum.name_en}: meeting of {MONTHS_EN[day.month - 1]} {day.year}",
                title_he=f"{forum.name_he}: מפגש {MONTHS_HE[day.month - 1]} {day.year}",
                starts_at=starts_at, duration_minutes=180, location_en=place[0], location_he=place[1],
                online_url=f"https://meet.{DEMO_DOMAIN}/forum-{k + 1}-{n}" if place[0] == "Online" else "",
                status=status, summary_published_at=published_at if status == "published" else None,
                minutes_en=MINUTES[0].format(n=len(people)) if status in ("held", "published") else "",
                minutes_he=MINUTES[1].format(n=len(people)) if status in ("held", "published") else "",
                survey_url=f"https://survey.{DEMO_DOMAIN}/forum-{k + 1}-{n}" if status == "published" else "",
                created_by_id=world.staff_ids[1], updated_at=updated_at(rng, s, starts_at, published_at),
            )
            plans.append(Plan(meeting, day, people, "israel", [(forum.theme_en, forum.theme_he)], "Jerusalem", "ירושלים"))
        plans_by_forum.append(plans)
    write_meetings(world, rng, plans_by_forum, committee=False)


def reported(seeder, year: int) -> datetime.datetime:
    """A year's figures are reported in the spring after it."""
    return min(seeder.now, datetime.datetime(year + 1, 3, 1, 10, tzinfo=datetime.UTC))


def _indicator(owner: dict, spec, baseline, year) -> Indicator:
    en, he, unit_en, unit_he, direction = spec
    return Indicator(**owner, name_en=en, name_he=he, description_en=INDICATOR_DESCRIPTION[0],
                     description_he=INDICATOR_DESCRIPTION[1], unit_en=unit_en, unit_he=unit_he, direction=direction,
                     baseline_value=Decimal(str(baseline)), baseline_year=year,
                     # rates are averaged over the organisations reporting them, counts add up
                     aggregation=IndicatorAggregation.AVERAGE if unit_en == "%" else IndicatorAggregation.SUM)


def _partnership_indicators(world, rng) -> None:
    """Each partnership measures participants, volunteers, the personal-connections share and turnover."""
    s = world.seeder
    current = s.today.year
    rows, series = [], []
    for p in world.partnerships:
        first = max(p.spec.founded, current - 6)
        volunteers = len(p.volunteers["israel"]) + len(p.volunteers["diaspora"])
        values = {
            0: {y: p.participants.get(y, 0) for y in range(first, current)},
            1: {y: int(volunteers * (0.7 + 0.3 * (y - first) / 6)) for y in range(first, current)},
            2: {y: p.personal_share.get(y, 50) for y in range(first, current)},
            3: {y: round(35 - 1.5 * (y - first) + rng.uniform(-2, 2), 1) for y in range(first, current)},
        }
        for k, spec in enumerate(PARTNERSHIP_INDICATORS):
            baseline = values[k].get(first, 0)
            rows.append(_indicator({"partnership_id": p.id}, spec, baseline, first))
            series.append((values[k], spec[4], baseline, first))
    indicators = s.insert(Indicator, rows)
    _targets_and_measurements(world, rng, indicators, series)


def _targets_and_measurements(world, rng, indicators, series) -> None:
    s = world.seeder
    current = s.today.year
    targets, measurements = [], []
    reporter = world.staff_ids[2]
    for indicator, (values, direction, baseline, first) in zip(indicators, series, strict=True):
        last = values.get(current - 1, baseline) or baseline or 1
        for ahead in range(0, 3):
            factor = 1 + 0.08 * (ahead + 1) if direction == "increase" else 1 - 0.06 * (ahead + 1)
            targets.append(IndicatorTarget(indicator_id=indicator.pk, period=current + ahead,
                                           target_value=Decimal(str(round(float(last) * factor, 2)))))
        for year, value in sorted(values.items()):
            if year == first:
                continue
            measurements.append(Measurement(indicator_id=indicator.pk, period=year, value=Decimal(str(value)),
                                            reported_by_id=reporter, note="", reported_at=reported(s, year)))
    s.stream(IndicatorTarget, targets)
    s.stream(Measurement, measurements)


def _forum_indicators(world, rng, forums, organisations, memberships) -> None:
    """Forum indicators: national figures (no organisation) and figures each member organisation reports."""
    s = world.seeder
    current = s.today.year
    first = current - 4
    rows, plan = [], []
    for forum in forums:
        for k, spec in enumerate(FORUM_INDICATORS):
            baseline = {0: 18.8, 1: 400, 2: 38}[k]
            rows.append(_indicator({"forum_id": forum.pk}, spec, baseline, first))
            plan.append((forum.pk, k, baseline))
    indicators = s.insert(Indicator, rows)
    members = {}
    for m in memberships:
        if m.left_on is None:
            members.setdefault(m.forum_id, []).append(m.organisation_id)
    targets, measurements = [], []
    for indicator, (forum_id, k, baseline) in zip(indicators, plan, strict=True):
        for ahead in range(3):
            step = {0: 0.4, 1: 60, 2: -2}[k]
            targets.append(IndicatorTarget(indicator_id=indicator.pk, period=current + ahead,
                                           target_value=Decimal(str(round(baseline + step * (ahead + 5), 2)))))
        for year in range(first + 1, current):
            if k == 1:  # each member organisation reports the volunteers it placed
                for org in members.get(forum_id, [])[:8]:
                    measurements.append(Measurement(indicator_id=indicator.pk, organisation_id=org, period=year,
                                                    value=Decimal(rng.randint(10, 120)), reported_by_id=world.staff_ids[2],
                                                    reported_at=reported(s, year)))
            else:
                step = {0: 0.3, 2: -1.5}[k]
                value = round(baseline + step * (year - first) + rng.uniform(-0.3, 0.3), 1)
                measurements.append(Measurement(indicator_id=indicator.pk, period=year, value=Decimal(str(value)),
                                                reported_by_id=world.staff_ids[2], reported_at=reported(s, year)))
    s.stream(IndicatorTarget, targets)
    s.stream(Measurement, measurements)
