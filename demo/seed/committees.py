"""Phase: joint steering committees and subcommittees, with terms of chairs, members and staff."""

import datetime

from partnerships.models import Committee, Membership

from .data_vocab import ENDED_REASONS_EN, ENDED_REASONS_HE, STEERING_MANDATE, SUBCOMMITTEES
from .places import DEMO_EMAILS
from .world import CommitteeInfo, Term, World

SIDES = ("diaspora", "israel")


def seed_committees(world: World) -> None:
    s, rng = world.seeder, world.seeder.rng("committees")
    count = len(world.partnerships)
    base, extra = divmod(s.scale.subcommittees, count)
    rows = []
    for p in world.partnerships:
        founded = datetime.date(p.spec.founded, 1, 1) + datetime.timedelta(days=rng.randint(30, 200))
        founded = min(founded, s.today - datetime.timedelta(days=60))
        rows.append((p, None, Committee(
            partnership_id=p.id, kind="steering", name_en=f"{p.en} joint steering committee",
            name_he=f"ועדת ההיגוי המשותפת של {p.he}", mandate_en=STEERING_MANDATE[0], mandate_he=STEERING_MANDATE[1],
            quorum_min_members=rng.choice((5, 6, 7)),
        ), CommitteeInfo(0, "steering", f"{p.en} joint steering committee", f"ועדת ההיגוי המשותפת של {p.he}",
                         "Steering committee", "ועדת ההיגוי", founded)))
        for sub in rng.sample(SUBCOMMITTEES, min(len(SUBCOMMITTEES), base + (1 if p.index < extra else 0))):
            start_year = rng.randint(founded.year, max(founded.year, s.today.year - 2))
            start = max(founded, datetime.date(start_year, rng.randint(1, 12), 1))
            rows.append((p, "sub", Committee(
                partnership_id=p.id, kind="subcommittee", name_en=f"{sub[0]} subcommittee — {p.en}",
                name_he=f"ועדת המשנה ל{sub[1]} — {p.he}", mandate_en=sub[2], mandate_he=sub[3],
                quorum_min_members=3, quorum_needs_both_sides=rng.random() < 0.7,
            ), CommitteeInfo(0, "subcommittee", f"{sub[0]} subcommittee — {p.en}", f"ועדת המשנה ל{sub[1]} — {p.he}",
                             f"{sub[0]} subcommittee", f"ועדת המשנה ל{sub[1]}", start)))
    # Steering committees first: subcommittees point to them.
    steering = s.insert(Committee, (c for _, kind, c, _ in rows if kind is None))
    for (p, _, _, info), c in zip([r for r in rows if r[1] is None], steering, strict=True):
        info.id = c.pk
        p.committees.append(info)
    subs = [r for r in rows if r[1] == "sub"]
    for p, _, c, _ in subs:
        c.parent_id = p.steering.id
    for (p, _, _, info), c in zip(subs, s.insert(Committee, (r[2] for r in subs)), strict=True):
        info.id = c.pk
        p.committees.append(info)
    _seed_terms(world, rng)


def _spans(rng, start: datetime.date, today: datetime.date, years: tuple[int, int], vacancy: float):
    """Successive terms from ``start`` to today; the last one is open unless the seat fell vacant."""
    spans, cursor = [], start
    while cursor <= today:
        end = cursor + datetime.timedelta(days=365 * rng.randint(*years) + rng.randint(-40, 40))
        if end >= today:
            spans.append((cursor, None))
            break
        spans.append((cursor, end))
        cursor = min(today, end + datetime.timedelta(days=rng.randint(1, 90)))
    if spans and spans[-1][1] is None and rng.random() < vacancy:
        last_start = spans[-1][0]
        spans[-1] = (last_start, max(last_start, today - datetime.timedelta(days=rng.randint(10, 120))))
    return spans


class Terms:
    """Builds the terms of each committee: seats of members, chairs, professional staff.

    A person holds at most one term per committee and role, so terms can never overlap (the exclusion
    constraint of PostgreSQL). New people are kept unsaved and referred to as ("new", index) until written.
    """

    def __init__(self, world: World, rng):
        self.world, self.rng, self.today = world, rng, world.seeder.today
        self.people = []
        self.used = set()

    def new_person(self, p, side: str, joined: datetime.date) -> tuple:
        self.people.append(self.world.person(self.rng, self.rng.choice(p.side(side)), joined=joined))
        return ("new", len(self.people) - 1)

    def members(self, p, committee, side: str, seats: int, since: datetime.date) -> None:
        """Seats of one side; a subcommittee often takes a current member of the steering committee."""
        rng = self.rng
        for _ in range(seats):
            seat_start = min(self.today, since + datetime.timedelta(days=rng.randint(0, 400)))
            for start, end in _spans(rng, seat_start, self.today, (2, 4), 0.1):
                person = None
                if committee.kind == "subcommittee" and rng.random() < 0.3:
                    candidates = [t.person for t in p.steering.terms if t.side == side and t.covers(start)]
                    person = rng.choice(candidates) if candidates else None
                if person is None or (person, committee.id, "member") in self.used:
                    person = self.new_person(p, side, start)
                self._add(committee, Term(person, side, "member", start, end))

    def chairs(self, p, committee, side: str, role: str) -> None:
        """Chairs (or co-chairs) since the committee began; often a member of the same side steps up."""
        rng = self.rng
        for start, end in _spans(rng, committee.start, self.today, (2, 4), 0.0):
            candidates = [t.person for t in committee.terms if t.role == "member" and t.side == side
                          and t.covers(start) and (t.person, committee.id, role) not in self.used]
            person = rng.choice(candidates) if candidates and rng.random() < 0.5 else self.new_person(p, side, start)
            self._add(committee, Term(person, side, role, start, end))

    def staff(self, p, committee, side: str) -> None:
        """Professional staff: the Jewish Agency's partnership director, the federation's desk."""
        for start, end in _spans(self.rng, committee.start, self.today, (4, 8), 0.0):
            self._add(committee, Term(self.new_person(p, side, start), side, "staff", start, end))

    def _add(self, committee, term: Term) -> None:
        self.used.add((term.person, committee.id, term.role))
        committee.terms.append(term)


def _seed_terms(world: World, rng) -> None:
    s = world.seeder
    terms = Terms(world, rng)
    for p in world.partnerships:
        steering_roles = {"diaspora": "co_chair", "israel": "co_chair"}
        if p.index == 0 or rng.random() < 0.4:  # some partnerships have a chair and a co-chair, most two co-chairs
            steering_roles[rng.choice(SIDES) if p.index else "israel"] = "chair"
        for committee in p.committees:
            steering = committee.kind == "steering"
            chair_side = rng.choice(SIDES)
            roles = steering_roles if steering else {x: "chair" if x == chair_side else "co_chair" for x in SIDES}
            seats = s.scale.steering_seats if steering else s.scale.subcommittee_seats
            since = max(committee.start, s.today - datetime.timedelta(days=365 * s.scale.membership_years))
            for side in SIDES:
                terms.members(p, committee, side, seats, since)
                terms.chairs(p, committee, side, roles[side])
                terms.staff(p, committee, side)
    demo_terms = _place_demo_people(world, terms.people)
    _write_terms(world, rng, world.save_people(terms.people))
    for key, term in demo_terms.items():
        world.demo[key] = term.person  # an id now


def _write_terms(world: World, rng, ids: list) -> None:
    rows = []
    for p in world.partnerships:
        for committee in p.committees:
            for term in committee.terms:
                if isinstance(term.person, tuple):
                    term.person = ids[term.person[1]]
                (p.staff if term.role == "staff" else p.people)[term.side].append(term.person)
                reasons = ENDED_REASONS_HE if term.side == "israel" else ENDED_REASONS_EN
                rows.append(Membership(
                    committee_id=committee.id, person_id=term.person, side=term.side, role=term.role,
                    term_start=term.start, term_end=term.end, ended_reason=rng.choice(reasons) if term.end else "",
                ))
        for side in SIDES:
            p.people[side] = list(dict.fromkeys(p.people[side]))
            p.staff[side] = list(dict.fromkeys(p.staff[side]))
    world.seeder.stream(Membership, rows)


def _place_demo_people(world: World, new_people: list) -> dict:
    """The demo chair: the current chair of the first partnership (Israeli, Hebrew); the demo member: a current
    Diaspora member of the same committee who chairs nothing (English)."""
    steering = world.partnerships[0].steering
    chair = next(t for t in steering.terms if t.role == "chair" and t.side == "israel" and t.end is None)
    chairing = {t.person for t in steering.terms if t.role != "member"}
    member = next(t for t in steering.terms if t.role == "member" and t.side == "diaspora" and t.end is None
                  and t.person not in chairing)
    for term, key, name, language in ((chair, "chair", "מיכל כהן-לוי (הדגמה)", "he"),
                                      (member, "member", "Jonathan Member (demo)", "en")):
        user = new_people[term.person[1]]
        user.email, user.full_name, user.preferred_language = DEMO_EMAILS[key], name, language
    return {"chair": chair, "member": member}
