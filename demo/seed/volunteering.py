"""Phases: volunteers with their profiles, opportunities, shifts (past and upcoming), sign-ups and hours."""

import datetime
import zoneinfo
from decimal import Decimal

from volunteers.models import AvailabilitySlot, HoursLog, Opportunity, Shift, SignUp, VolunteerProfile

from .base import chunked
from .data_vocab import (
    AVAILABILITY_NOTES,
    BIOS_EN,
    BIOS_HE,
    HOURS_DONE_EN,
    HOURS_DONE_HE,
    HOURS_REJECTED,
    OPPORTUNITIES,
    OPPORTUNITY_DESCRIPTION,
)
from .places import DEMO_EMAILS
from .world import World

CULTURE_LANGUAGES = {"he": "he", "ar": "ar", "en": "en", "es": "es", "fr": "fr", "ru_de": "de"}


def seed_volunteers(world: World) -> None:
    """Volunteers of each partnership, on both sides, in proportion to its size."""
    s, rng = world.seeder, world.seeder.rng("volunteers")
    total_weight = sum(p.weight for p in world.partnerships)
    quotas = [int(s.scale.volunteers * p.weight / total_weight) for p in world.partnerships]
    quotas[0] += s.scale.volunteers - sum(quotas) - 1  # the demo volunteer is one of them
    demo_done = False
    for p, quota in zip(world.partnerships, quotas, strict=True):
        for chunk in chunked(range(quota + (0 if demo_done else 1)), 5000):
            people, sides = [], []
            for _ in chunk:
                side = "israel" if rng.random() < 0.55 else "diaspora"
                community = rng.choice(p.side(side))
                if not demo_done:
                    side, community = "diaspora", p.diaspora[0]
                person = world.person(rng, community)
                if not demo_done:
                    person.email, person.full_name, person.preferred_language = (
                        DEMO_EMAILS["volunteer"], "Rebecca Volunteer (demo)", "en")
                    demo_done = True
                people.append(person)
                sides.append((side, community, person.date_joined))
            ids = world.save_people(people)
            if "volunteer" not in world.demo:
                world.demo["volunteer"] = ids[0]
            for person_id, (side, _, _) in zip(ids, sides, strict=True):
                p.volunteers[side].append(person_id)
            _profiles(world, rng, ids, sides)


def _profiles(world: World, rng, ids: list, sides: list) -> None:
    s = world.seeder
    profiles = []
    for person_id, (side, _, joined) in zip(ids, sides, strict=True):
        notes = rng.choice(AVAILABILITY_NOTES)
        profiles.append(VolunteerProfile(
            user_id=person_id, availability_notes=notes[1] if side == "israel" else notes[0],
            bio=rng.choice(BIOS_HE if side == "israel" else BIOS_EN) if rng.random() < 0.6 else "",
            calendar_token=f"demo-{rng.getrandbits(128):032x}",
            onboarded_at=joined + datetime.timedelta(days=rng.randint(0, 20)) if rng.random() < 0.85 else None,
            created_at=joined,
        ))
    created = s.insert(VolunteerProfile, profiles, batch_size=5000)
    skills, languages, slots = [], [], []
    skill_ids = list(world.skills.values())
    for profile, (side, community, _) in zip(created, sides, strict=True):
        skills += [VolunteerProfile.skills.through(volunteerprofile_id=profile.pk, skill_id=x)
                   for x in rng.sample(skill_ids, rng.randint(1, 3))]
        spoken = ["he"] if side == "israel" else ["en"]
        spoken.append(CULTURE_LANGUAGES.get(community.culture, "en"))
        if side == "israel":
            spoken += [code for code, chance in (("en", 0.5), ("ru", 0.12), ("am", 0.03), ("fr", 0.05)) if rng.random() < chance]
        else:
            spoken += [code for code, chance in (("he", 0.3), ("yi", 0.03), ("ru", 0.04)) if rng.random() < chance]
        languages += [VolunteerProfile.languages.through(volunteerprofile_id=profile.pk, spokenlanguage_id=world.languages[c])
                      for c in dict.fromkeys(spoken)]
        options = ([(d, part) for d in range(0, 5) for part in ("afternoon", "evening")] + [(5, "morning")]
                   if side == "israel" else
                   [(0, "morning"), (0, "afternoon")] + [(d, "evening") for d in range(1, 5)] + [(6, "evening")])
        slots += [AvailabilitySlot(profile_id=profile.pk, weekday=d, part_of_day=part)
                  for d, part in rng.sample(options, rng.randint(1, 4))]
    s.stream(VolunteerProfile.skills.through, skills)
    s.stream(VolunteerProfile.languages.through, languages)
    s.stream(AvailabilitySlot, slots)


def seed_opportunities(world: World) -> None:
    s, rng = world.seeder, world.seeder.rng("opportunities")
    rows, meta = [], []
    for p in world.partnerships:
        programs = [x for x in p.programs if x.starts <= s.today and (x.ends is None or x.ends >= s.today)]
        programs = programs or [x for x in p.programs if x.starts <= s.today]
        contacts = p.staff["israel"][-3:] + p.staff["diaspora"][-3:]
        for n in range(s.scale.opportunities):
            side = "diaspora" if (p.index == 0 and n < 3) else ("israel" if rng.random() < 0.55 else "diaspora")
            community = rng.choice(p.side(side)) if not (p.index == 0 and n < 3) else p.diaspora[0]
            en, he, skill_codes = rng.choice(OPPORTUNITIES)
            rows.append(Opportunity(
                program_id=rng.choice(programs).id, title_en=en.format(c=community.en), title_he=he.format(c=community.he),
                description_en=OPPORTUNITY_DESCRIPTION[0], description_he=OPPORTUNITY_DESCRIPTION[1],
                location_en=community.en, location_he=community.he, community_id=community.id,
                is_published=rng.random() < 0.92, contact_id=rng.choice(contacts),
                created_at=s.now - datetime.timedelta(days=rng.randint(30, 700)),
            ))
            meta.append((p, side, community, skill_codes))
    created = s.insert(Opportunity, rows)
    skills, languages = [], []
    for opportunity, (_, side, _, skill_codes) in zip(created, meta, strict=True):
        skills += [Opportunity.skills_needed.through(opportunity_id=opportunity.pk, skill_id=world.skills[c])
                   for c in skill_codes]
        codes = ["he"] if side == "israel" else ["en"]
        if rng.random() < 0.4:
            codes.append("en" if side == "israel" else "he")
        languages += [Opportunity.languages.through(opportunity_id=opportunity.pk, spokenlanguage_id=world.languages[c])
                      for c in codes]
    s.stream(Opportunity.skills_needed.through, skills)
    s.stream(Opportunity.languages.through, languages)
    world.opportunities = [(o.pk, o.program_id, p, side, community) for o, (p, side, community, _) in
                           zip(created, meta, strict=True)]


def seed_shifts(world: World) -> None:
    """Shifts, their sign-ups and the hours logged for them, a batch of opportunities at a time."""
    s, rng = world.seeder, world.seeder.rng("shifts")
    demo = Demo(world.demo["volunteer"])
    for batch in chunked(world.opportunities, 200):
        plans = []
        for opportunity in batch:
            plans += _shift_plans(world, rng, opportunity)
        for plan, shift in zip(plans, s.insert(Shift, (x[0] for x in plans), batch_size=5000), strict=True):
            plan[0] = shift
        signups, hours = [], []
        for shift, program_id, p, side in plans:
            _sign_ups(world, rng, shift, program_id, p, side, demo, signups, hours)
        s.stream(SignUp, signups)
        s.stream(HoursLog, hours)
    s.stream(HoursLog, _hours_without_shift(world, rng))


def _shift_plans(world: World, rng, opportunity) -> list:
    s = world.seeder
    opportunity_id, program_id, p, side, community = opportunity
    tz = zoneinfo.ZoneInfo(community.tz)
    plans = []
    days = sorted(rng.sample(range(1, 365), s.scale.past_shifts)) + [-d for d in sorted(
        rng.sample(range(1, 70), s.scale.upcoming_shifts), reverse=True)]
    for ago in days:
        day = s.today - datetime.timedelta(days=ago)
        if side == "israel":
            day = day if day.weekday() not in (5,) else day - datetime.timedelta(days=1)  # no shifts on Shabbat
            start = (9, 0) if day.weekday() == 4 else (16, 0)  # Friday mornings, weekday afternoons
            length = 3
        else:
            day = day if day.weekday() != 5 else day + datetime.timedelta(days=1)  # Sunday rather than Shabbat
            start, length = ((10, 0), 3) if day.weekday() == 6 else ((18, 30), 2)  # Sunday mornings, evenings
        starts_at = datetime.datetime(day.year, day.month, day.day, *start, tzinfo=tz)
        plans.append([Shift(
            opportunity_id=opportunity_id, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=length),
            capacity=rng.randint(4, 20), location_en=community.en, location_he=community.he,
            cancel_cutoff_hours=rng.choice((12, 24, 48)), status="cancelled" if rng.random() < 0.03 else "scheduled",
        ), program_id, p, side])
    return plans


class Demo:
    """Makes sure the demo volunteer has every kind of sign-up and of hours to look at."""

    HOURS = ("approved", "pending", "approved", "rejected", "approved", "pending")

    def __init__(self, person: int):
        self.person, self.past, self.upcoming, self.waitlisted = person, 0, 0, False

    def wants(self, shift, now) -> str:
        """'first' to take a place, 'last' to stand on the waitlist, '' to stay out."""
        if shift.status == "cancelled":
            return ""
        if shift.starts_at < now:
            self.past += 1
            return "first" if self.past % 3 == 1 and self.past <= 18 else ""
        self.upcoming += 1
        if not self.waitlisted and self.upcoming == 2:
            self.waitlisted = True
            return "last"
        return "first" if self.upcoming in (1, 4) else ""

    def hours_status(self) -> str:
        return self.HOURS[(self.past // 3) % len(self.HOURS)]


def _sign_ups(world, rng, shift, program_id, p, side, demo: Demo, signups: list, hours: list) -> None:
    s = world.seeder
    pool = p.volunteers[side]
    if not pool:
        return
    wanted = demo.wants(shift, s.now) if p.index == 0 and side == "diaspora" else ""
    count = min(len(pool), max(1, int(shift.capacity * rng.uniform(0.3, 1.4))))
    if wanted == "last":
        count = min(len(pool), shift.capacity + 2)
    people = [x for x in rng.sample(pool, count) if x != demo.person]
    if wanted == "first":
        people.insert(0, demo.person)
    elif wanted == "last":
        people = people[: shift.capacity + 1] + [demo.person]
    past = shift.starts_at < s.now
    # Earlier sign-ups come first, and a place freed by a cancellation went to the next in line:
    # nobody waits while a place is free (as volunteers.services keeps it).
    created_at = sorted(
        min(s.now - datetime.timedelta(hours=rng.randint(1, 200)),
            shift.starts_at - datetime.timedelta(days=rng.randint(1, 30)))
        for _ in people
    )
    holding = 0
    for person, created in zip(people, created_at, strict=True):
        held = holding < shift.capacity
        if shift.status == "cancelled":
            status = "cancelled"
        elif past:
            roll = rng.random()
            status = ("attended" if roll < 0.82 else "no_show" if roll < 0.88 else "cancelled") if held else (
                "waitlisted" if roll < 0.5 else "cancelled")
        else:
            status = ("confirmed" if rng.random() < 0.92 else "cancelled") if held else "waitlisted"
        if person == demo.person and status == "cancelled" and shift.status != "cancelled":
            status = "attended" if past else ("confirmed" if held else "waitlisted")
        holding += status in ("confirmed", "attended", "no_show")
        changed = None
        if status in ("attended", "no_show"):
            changed = shift.ends_at
        elif status == "cancelled":
            changed = shift.starts_at - datetime.timedelta(days=rng.randint(1, 5))
        signups.append(SignUp(shift_id=shift.pk, volunteer_id=person, status=status, status_changed_at=changed,
                              created_at=created))
        if status == "attended":
            hours.append(_hours(world, rng, shift, program_id, p, side, person, demo))


def _hours(world, rng, shift, program_id, p, side, person, demo: Demo) -> HoursLog:
    s = world.seeder
    day = shift.starts_at.date()
    length = Decimal((shift.ends_at - shift.starts_at).seconds) / 3600
    if rng.random() < 0.2:
        length -= Decimal("0.5")
    recent = (s.today - day).days <= 21
    roll = rng.random()
    if person == demo.person:
        status = demo.hours_status()
    elif recent:
        status = "pending" if roll < 0.7 else "approved"
    else:
        status = "approved" if roll < 0.88 else "rejected" if roll < 0.95 else "pending"
    hebrew = side == "israel"
    reason = rng.choice(HOURS_REJECTED)[1 if hebrew else 0] if status == "rejected" else ""
    reviewer = (p.staff["israel"] or world.staff_ids)[-1]
    return HoursLog(
        volunteer_id=person, program_id=program_id, shift_id=shift.pk, date=day, hours=length,
        description=rng.choice(HOURS_DONE_HE if hebrew else HOURS_DONE_EN), status=status,
        reviewed_by_id=reviewer if status != "pending" else None,
        reviewed_at=min(s.now, shift.ends_at + datetime.timedelta(days=rng.randint(1, 7))) if status != "pending" else None,
        rejection_reason=reason, created_at=min(s.now, shift.ends_at + datetime.timedelta(hours=rng.randint(1, 48))),
    )


def _hours_without_shift(world: World, rng):
    """Hours some volunteers log for work done outside a shift (a home visit, a translation)."""
    s = world.seeder
    for p in world.partnerships:
        programs = [x for x in p.programs if x.starts <= s.today]
        for side in ("israel", "diaspora"):
            for person in p.volunteers[side][:: 20]:
                for _ in range(rng.randint(1, 3)):
                    day = s.today - datetime.timedelta(days=rng.randint(1, 300))
                    status = "pending" if (s.today - day).days < 21 else rng.choice(("approved", "approved", "approved",
                                                                                       "rejected"))
                    yield HoursLog(
                        volunteer_id=person, program_id=rng.choice(programs).id, date=day,
                        hours=Decimal(rng.choice(("1.00", "1.50", "2.00", "2.50", "4.00"))),
                        description=rng.choice(HOURS_DONE_HE if side == "israel" else HOURS_DONE_EN), status=status,
                        reviewed_by_id=(p.staff["israel"] or world.staff_ids)[-1] if status != "pending" else None,
                        reviewed_at=datetime.datetime.combine(day + datetime.timedelta(days=3), datetime.time(10),
                                                              tzinfo=datetime.UTC) if status != "pending" else None,
                        rejection_reason=rng.choice(HOURS_REJECTED)[1 if side == "israel" else 0]
                        if status == "rejected" else "",
                        created_at=datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(19),
                                                             tzinfo=datetime.UTC),
                    )


def seed_demo_profiles(world: World) -> None:
    """Every demo login has completed the portal's one-time profile, so it lands where it should."""
    s, rng = world.seeder, world.seeder.rng("demo profiles")
    have = set(VolunteerProfile.objects.filter(user_id__in=world.demo.values()).values_list("user_id", flat=True))
    s.insert(VolunteerProfile, [
        VolunteerProfile(user_id=user_id, calendar_token=f"demo-{key}-{rng.getrandbits(128):032x}", onboarded_at=s.now,
                         created_at=s.now)
        for key, user_id in sorted(world.demo.items()) if user_id not in have
    ])
