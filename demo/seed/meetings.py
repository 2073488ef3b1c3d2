"""Phase: meetings of committees (and, through the same helpers, of forums): agenda, attendance, decisions,
action items with their updates."""

import datetime
from dataclasses import dataclass, field

from pyluach import dates as hebrew_dates

from partnerships.models import ActionItem, ActionItemUpdate, AgendaItem, Attendance, Decision, Meeting

from .data_vocab import (
    ACTION_ITEMS,
    ACTION_UPDATES_EN,
    ACTION_UPDATES_HE,
    AGENDA,
    AGENDA_FOLLOW_UP,
    AGENDA_LAST,
    DECISIONS,
    MINUTES,
    MONTHS_EN,
    MONTHS_HE,
)
from .places import DEMO_DOMAIN, local_meeting_hour
from .world import World


@dataclass
class Plan:
    """A meeting about to be written, with what its children need to know."""

    meeting: Meeting
    day: datetime.date
    people: list  # (person id, side) who may attend
    where: str  # online | israel | diaspora
    programs: list  # (en, he) names for the agenda
    place_en: str
    place_he: str
    actions: list = field(default_factory=list)  # ActionItem rows


def meeting_day(day: datetime.date) -> datetime.date:
    """The first Monday–Thursday from ``day`` that is no Jewish festival, in Israel or abroad."""
    while True:
        hebrew = hebrew_dates.GregorianDate(day.year, day.month, day.day)
        if day.weekday() <= 3 and not hebrew.festival(israel=True) and not hebrew.festival(israel=False):
            return day
        day += datetime.timedelta(days=1)


def past_status(rng, seeder, starts_at: datetime.datetime) -> tuple[str, datetime.datetime | None]:
    roll = rng.random()
    published_at = starts_at + datetime.timedelta(days=rng.randint(2, 10))
    if roll < 0.1:
        return "cancelled", None
    if roll < 0.85 and published_at < seeder.now:
        return "published", published_at
    return "held", None


def updated_at(rng, seeder, starts_at, published_at) -> datetime.datetime:
    if published_at:
        return published_at
    if starts_at < seeder.now:
        return min(seeder.now, starts_at + datetime.timedelta(days=1))
    return seeder.now - datetime.timedelta(days=rng.randint(1, 20))


def seed_committee_meetings(world: World) -> None:
    s, rng = world.seeder, world.seeder.rng("meetings")
    plans_by_committee = []
    for p in world.partnerships:
        hour = local_meeting_hour(world, p.diaspora[0].tz)
        names = [(x.en, x.he) for x in p.programs if x.starts <= s.today] or [(p.en, p.he)]
        for k, committee in enumerate(p.committees):
            cadence = 60 if committee.kind == "steering" else 90  # days between meetings
            day = max(committee.start, s.today - datetime.timedelta(days=365 * s.scale.meeting_years))
            day += datetime.timedelta(days=rng.randint(0, 30))
            plans = []
            while day <= s.today + datetime.timedelta(days=100):
                day = meeting_day(day)
                plans.append(_committee_meeting(world, rng, p, committee, day, hour, names,
                                                f"p{p.index + 1}-c{k + 1}-{len(plans) + 1}"))
                day += datetime.timedelta(days=cadence + rng.randint(-10, 10))
            plans_by_committee.append(plans)
    write_meetings(world, rng, plans_by_committee, committee=True)


def _committee_meeting(world: World, rng, p, committee, day, hour, names, slug) -> Plan:
    s = world.seeder
    people = _present_people(committee, day)
    where = rng.choices(("online", "israel", "diaspora"), (6, 3, 1))[0]
    place = {"online": ("Online", "מקוון"),
             "israel": (f"Community centre, {p.i_en}", f"המרכז הקהילתי, {p.i_he}"),
             "diaspora": (f"Federation offices, {p.d_en}", f"משרדי הפדרציה, {p.d_he}")}[where]
    starts_at = s.aware(day, hour, rng.choice((0, 30)))
    if day < s.today:
        status, published_at = past_status(rng, s, starts_at)
    else:
        status, published_at = ("scheduled" if day <= s.today + datetime.timedelta(days=60) else "draft"), None
    staff = [t.person for t in committee.present(day) if t.role == "staff" and t.side == "israel"]
    held = status in ("held", "published")
    meeting = Meeting(
        committee_id=committee.id,
        title_en=f"{committee.short_en} meeting, {MONTHS_EN[day.month - 1]} {day.year}",
        title_he=f"ישיבת {committee.short_he}, {MONTHS_HE[day.month - 1]} {day.year}",
        starts_at=starts_at, duration_minutes=120 if committee.kind == "steering" else 90,
        location_en=place[0], location_he=place[1],
        online_url=f"https://meet.{DEMO_DOMAIN}/{slug}" if where != "diaspora" else "",
        status=status, summary_published_at=published_at,
        minutes_en=MINUTES[0].format(n=len(people)) if held else "",
        minutes_he=MINUTES[1].format(n=len(people)) if held else "",
        created_by_id=staff[0] if staff else world.staff_ids[1],
        updated_at=updated_at(rng, s, starts_at, published_at),
    )
    return Plan(meeting, day, people, where, names, p.i_en, p.i_he)


def _present_people(committee, day) -> list:
    seen = {}
    for term in committee.present(day):
        seen.setdefault(term.person, term.side)
    return list(seen.items())


def write_meetings(world: World, rng, plans_by_body: list, *, committee: bool) -> None:
    """Write meetings, then their action items, then agenda (following up open items), attendance, decisions."""
    s = world.seeder
    flat = [plan for plans in plans_by_body for plan in plans]
    for plan, meeting in zip(flat, s.insert(Meeting, (x.meeting for x in flat)), strict=True):
        plan.meeting = meeting
    actions = []
    for plan in flat:
        if plan.meeting.status in ("held", "published") and plan.people:
            for _ in range(rng.randint(1, 3)):
                plan.actions.append(_action_item(rng, s, plan, committee))
            actions += plan.actions
    s.insert(ActionItem, actions)
    s.stream(AgendaItem, _agenda(rng, plans_by_body))
    s.stream(Attendance, _attendance(rng, flat))
    s.stream(Decision, _decisions(rng, flat))
    s.stream(ActionItemUpdate, _updates(rng, s, actions))


def _action_item(rng, s, plan: Plan, committee: bool) -> ActionItem:
    en, he = rng.choice(ACTION_ITEMS)
    program = rng.choice(plan.programs)
    due = plan.day + datetime.timedelta(days=rng.randint(14, 60))
    roll = rng.random()
    completed = None
    if due < s.today:
        status = "done" if roll < 0.7 else "open" if roll < 0.82 else "in_progress" if roll < 0.9 else "cancelled"
    else:
        status = "open" if roll < 0.6 else "in_progress" if roll < 0.9 else "done"
    if status == "done":
        completed = min(s.today, plan.day + datetime.timedelta(days=rng.randint(3, max(3, (due - plan.day).days))))
    body = {"committee_id": plan.meeting.committee_id} if committee else {"forum_id": plan.meeting.forum_id}
    return ActionItem(
        **body, meeting_id=plan.meeting.pk,
        title_en=en.format(fy=plan.day.year, program=program[0]), title_he=he.format(fy=plan.day.year, program=program[1]),
        owner_id=rng.choice(plan.people)[0], due_on=due, status=status, completed_on=completed,
        created_at=min(s.now, plan.meeting.starts_at + datetime.timedelta(days=1)),
    )


def _agenda(rng, plans_by_body):
    for plans in plans_by_body:
        previous_open = []
        for plan in plans:
            meeting = plan.meeting
            if meeting.status == "cancelled":
                continue
            items = [AGENDA[0]] + rng.sample(AGENDA[1:], rng.randint(2, 4))
            order = 0
            for en, he in items:
                order += 1
                program = rng.choice(plan.programs)
                yield AgendaItem(
                    meeting_id=meeting.pk, order=order,
                    title_en=en.format(fy=plan.day.year, program=program[0]),
                    title_he=he.format(fy=plan.day.year, program=program[1]),
                    presenter_id=rng.choice(plan.people)[0] if plan.people else None,
                    duration_minutes=rng.choice((10, 15, 20, 30)),
                )
            for action in previous_open[:2]:
                order += 1
                yield AgendaItem(
                    meeting_id=meeting.pk, order=order, action_item_id=action.pk,
                    title_en=AGENDA_FOLLOW_UP[0].format(title=action.title_en),
                    title_he=AGENDA_FOLLOW_UP[1].format(title=action.title_he),
                    presenter_id=action.owner_id, duration_minutes=5,
                )
            yield AgendaItem(meeting_id=meeting.pk, order=order + 1, title_en=AGENDA_LAST[0], title_he=AGENDA_LAST[1],
                             duration_minutes=5)
            if plan.actions:
                previous_open = [a for a in plan.actions if a.status in ("open", "in_progress")]


def _attendance(rng, plans):
    for plan in plans:
        if plan.meeting.status not in ("held", "published"):
            continue
        for person, side in plan.people:
            roll = rng.random()
            here = plan.where == side or (plan.where == "israel" and side == "israel")
            if roll < 0.85:
                status = "present" if here and plan.where != "online" else "remote"
            else:
                status = "excused" if roll < 0.95 else "absent"
            yield Attendance(meeting_id=plan.meeting.pk, person_id=person, status=status)


def _decisions(rng, plans):
    for plan in plans:
        if plan.meeting.status not in ("held", "published"):
            continue
        for number in range(1, rng.randint(1, 3) + 1):
            en, he = rng.choice(DECISIONS)
            program = rng.choice(plan.programs)
            values = {"fy": plan.day.year + 1, "program": program[0], "i": plan.place_en}
            values_he = {"fy": plan.day.year + 1, "program": program[1], "i": plan.place_he}
            votes = {}
            if rng.random() < 0.5 and plan.people:
                voters = max(1, int(len(plan.people) * 0.8))
                against, abstain = rng.randint(0, min(2, voters // 4)), rng.randint(0, min(2, voters // 4))
                votes = {"votes_for": voters - against - abstain, "votes_against": against, "votes_abstain": abstain}
            yield Decision(meeting_id=plan.meeting.pk, number=number, text_en=en.format(**values),
                           text_he=he.format(**values_he), **votes)


def _updates(rng, s, actions):
    for action in actions:
        if action.status == "open" and rng.random() < 0.7:
            continue
        for _ in range(rng.randint(1, 2)):
            texts = ACTION_UPDATES_HE if rng.random() < 0.5 else ACTION_UPDATES_EN
            status = action.status if action.status != "open" else ""
            written = min(s.now, action.created_at + datetime.timedelta(days=rng.randint(1, 30)))
            yield ActionItemUpdate(action_item_id=action.pk, author_id=action.owner_id, text=rng.choice(texts),
                                   new_status=status, created_at=written)
