"""Phases: Living Bridge programs, budget allocations over the fiscal years, activities and participants."""

import datetime
from decimal import Decimal

from programs.models import Activity, BudgetAllocation, ExchangeRate, Program, ProgramCoordinator

from .data_places import HUBS
from .data_vocab import ACTIVITIES, ALLOCATION_RETURN_REASONS, PROGRAM_ANCHORS, PROGRAM_DESCRIPTIONS, PROGRAMS
from .world import ProgramInfo, World

FIRST_FISCAL_YEAR = 1997
# Rough units of each currency per US dollar: the amounts are made with them, and they are seeded as
# the exchange rates the dashboards convert with.
RATES = {"USD": 1.0, "GBP": 0.8, "CAD": 1.35, "AUD": 1.5, "EUR": 0.92, "ZAR": 18.0, "ILS": 3.6}
ARS_BY_YEAR = ((1997, 1.0), (2002, 3.0), (2010, 4.0), (2015, 10.0), (2019, 50.0), (2023, 350.0), (2026, 1000.0))


def units_per_dollar(currency: str, year: int) -> float:
    if currency != "ARS":
        return RATES[currency]
    rate = 1.0
    for since, value in ARS_BY_YEAR:
        if year >= since:
            rate = value
    return rate


def seed_programs(world: World) -> None:
    s, rng = world.seeder, world.seeder.rng("programs")
    today = s.today
    rows, infos = [], []
    for p in world.partnerships:
        fmt = {"d": p.d_en, "i": p.i_en}
        fmt_he = {"d": p.d_he, "i": p.i_he}
        founded = p.steering.start
        picks = [(t, c, en, he, founded, None) for t, c, en, he in PROGRAM_ANCHORS]
        early = p.spec.founded <= 2000
        # partnerships founded after 2000 aim mainly at personal connections: their picks lean that way
        weights = [1.0 if early or category == "personal" else 0.35 for _, category, _, _ in PROGRAMS]
        keys = sorted(range(len(PROGRAMS)), key=lambda n: rng.random() ** (1 / weights[n]), reverse=True)
        chosen = [PROGRAMS[n] for n in keys[: s.scale.programs]]
        if p.index == 0:  # the first partnership shows a program of every type
            missing = {t for t, *_ in PROGRAMS} - {t for t, *_ in chosen}
            chosen += [next(x for x in PROGRAMS if x[0] == t) for t in sorted(missing)]
        for kind, category, en, he in chosen:
            # regional development came first; personal connections grew later (seed 000)
            if category == "regional" and early:
                year = rng.randint(p.spec.founded, max(p.spec.founded, min(today.year, 2012)))
            else:
                year = rng.randint(max(p.spec.founded, 2001 if early else p.spec.founded), today.year + 1)
            starts = max(founded, datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)))
            ends = None
            if rng.random() < 0.6:
                ends = starts + datetime.timedelta(days=365 * rng.randint(2, 10))
            picks.append((kind, category, en, he, starts, ends))
        for kind, category, en, he, starts, ends in picks:
            status = "planned" if starts > today else ("completed" if ends and ends < today else "active")
            desc_en, desc_he = PROGRAM_DESCRIPTIONS[kind]
            program = Program(
                partnership_id=p.id, name_en=en.format(**fmt), name_he=he.format(**fmt_he),
                description_en=desc_en.format(**fmt), description_he=desc_he.format(**fmt_he),
                program_type=kind, category=category, status=status, starts_on=starts, ends_on=ends,
            )
            rows.append(program)
            infos.append((p, ProgramInfo(0, kind, category, program.name_en, program.name_he, starts, ends)))
    for program, (p, info) in zip(s.insert(Program, rows), infos, strict=True):
        info.id = program.pk
        p.programs.append(info)
    through, coordinators = [], []
    for p in world.partnerships:
        for info in p.programs:
            chosen = {p.diaspora[0].id, p.israel[0].id}
            chosen.update(c.id for c in rng.sample(p.diaspora + p.israel, min(2, len(p.diaspora) + len(p.israel))))
            through += [Program.communities.through(program_id=info.id, community_id=c) for c in sorted(chosen)]
            people = p.people["israel"][:40] + p.people["diaspora"][:40] + p.staff["israel"]
            for person in rng.sample(people, min(len(people), rng.randint(1, 2))):
                coordinators.append(ProgramCoordinator(program_id=info.id, person_id=person, since=info.starts))
    # The demo committee member also coordinates the running programs of the first partnership,
    # so that login shows the coordinator tools (rosters with the demo volunteer, hours to review).
    member, first = world.demo.get("member"), world.partnerships[0]
    taken = {(c.program_id, c.person_id) for c in coordinators}
    coordinators += [
        ProgramCoordinator(program_id=info.id, person_id=member, since=info.starts)
        for info in first.programs
        if member and info.starts <= s.today and (info.ends is None or info.ends >= s.today)
        and (info.id, member) not in taken
    ]
    s.stream(Program.communities.through, through)
    s.stream(ProgramCoordinator, coordinators)


def personal_share(p, year: int, rng) -> float:
    """The share of personal connections in a year's budget: growing since the early years (seed 000)."""
    if p.spec.founded <= 2000:
        share = 0.18 + 0.55 * (year - FIRST_FISCAL_YEAR) / 29
    else:
        share = 0.65 + 0.2 * (year - p.spec.founded) / max(1, 2026 - p.spec.founded)
    return min(0.95, max(0.05, share + rng.uniform(-0.05, 0.05)))


def seed_allocations(world: World) -> None:
    s, rng = world.seeder, world.seeder.rng("allocations")
    # The rates the dashboards convert with: the same ones the amounts were made with.
    ExchangeRate.objects.bulk_create(
        ExchangeRate(currency=currency, year=year, units_per_usd=Decimal(str(units_per_dollar(currency, year))))
        for currency in (*RATES, "ARS")
        for year in range(FIRST_FISCAL_YEAR, s.today.year + 2)
    )
    s.stream(BudgetAllocation, _allocations(world, rng), batch_size=2000)


def _allocations(world: World, rng):
    s = world.seeder
    today, staff = s.today, world.staff_ids
    current = today.year
    for p in world.partnerships:
        currency = p.spec.currency
        foreign = HUBS[p.spec.hubs[0]].country not in ("US", "CA")  # Keren Hayesod raises funds outside North America
        budget_base = 25_000 * p.weight
        for year in range(max(FIRST_FISCAL_YEAR, p.spec.founded), current + 1):
            programs = p.programs_in(year, today)
            if not programs:
                continue
            share = personal_share(p, year, rng)
            growth = 1 + 0.025 * (year - FIRST_FISCAL_YEAR)
            total = budget_base * growth * rng.uniform(0.9, 1.1)
            pots = {"personal": total * share, "regional": total * (1 - share)}
            by_category = {c: [x for x in programs if x.category == c] for c in pots}
            if not by_category["regional"]:
                pots["personal"] += pots.pop("regional")
            if not by_category["personal"]:
                pots["regional"] = pots.get("regional", 0) + pots.pop("personal")
            approved_personal = approved_all = 0.0
            for category, pot in pots.items():
                members = by_category[category]
                weights = [rng.uniform(0.5, 1.5) for _ in members]
                for program, weight in zip(members, weights, strict=True):
                    amount = pot * weight / sum(weights)
                    for source, part in _sources(rng, foreign):
                        line_currency = "ILS" if source == "local_authority" else currency
                        proposed = _money(amount * part * units_per_dollar(line_currency, year))
                        row = _status(rng, year, current, proposed, today, staff)
                        if row["approved_amount"] is not None:
                            approved_all += float(row["approved_amount"]) / units_per_dollar(line_currency, year)
                            if category == "personal":
                                approved_personal += float(row["approved_amount"]) / units_per_dollar(line_currency, year)
                        yield BudgetAllocation(
                            partnership_id=p.id, fiscal_year=year, program_id=program.id, category=category,
                            funding_source=source, currency=line_currency, proposed_amount=proposed, **row,
                        )
            if approved_all:
                p.personal_share[year] = round(100 * approved_personal / approved_all, 1)


def _sources(rng, foreign: bool):
    """Funding sources of one program line and their parts."""
    main = "keren_hayesod" if foreign else "federations"
    roll = rng.random()
    if roll < 0.55:
        return [(main, 1.0)]
    other = rng.choice(("jewish_agency", "local_authority", "other", "jewish_agency"))
    part = rng.uniform(0.1, 0.4)
    return [(main, 1 - part), (other, part)]


def _money(value: float) -> Decimal:
    return Decimal(max(100, int(round(value / 100.0)) * 100)).quantize(Decimal("0.01"))


def _status(rng, year, current, proposed: Decimal, today, staff) -> dict:
    """Status and amounts that respect the rules: spent <= approved, approved needs an amount, returned a reason."""
    roll = rng.random()
    changed_by = rng.choice(staff)
    if year < current:
        if roll < 0.05:
            return _returned(rng, year, changed_by)
        approved = _money(float(proposed) * rng.uniform(0.8, 1.0))
        spent = _money(float(approved) * rng.uniform(0.8, 1.0))
        status = "closed" if roll < 0.9 or year < current - 1 else "approved"
        return {"approved_amount": approved, "spent_amount": min(spent, approved), "status": status,
                "status_changed_by_id": changed_by,
                "status_changed_at": datetime.datetime(year + 1 if status == "closed" else year, 3, 15, 10,
                                                       tzinfo=datetime.UTC),
                "spending_report_due_on": datetime.date(year + 1, 3, 31)}
    if roll < 0.08:
        return _returned(rng, year, changed_by)
    if roll < 0.2:
        return {"approved_amount": None, "spent_amount": Decimal("0.00"), "status": "proposed"}
    if roll < 0.35:
        return {"approved_amount": None, "spent_amount": Decimal("0.00"), "status": "submitted",
                "status_changed_by_id": changed_by,
                "status_changed_at": datetime.datetime(year, 2, 1, 10, tzinfo=datetime.UTC)}
    approved = _money(float(proposed) * rng.uniform(0.85, 1.0))
    progress = min(1.0, (today.timetuple().tm_yday / 365) * rng.uniform(0.6, 1.1))
    return {"approved_amount": approved, "spent_amount": min(approved, _money(float(approved) * progress)),
            "status": "approved", "status_changed_by_id": changed_by,
            "status_changed_at": datetime.datetime(year, 2, 20, 10, tzinfo=datetime.UTC),
            "spending_report_due_on": datetime.date(year + 1, 3, 31)}


def _returned(rng, year, changed_by) -> dict:
    return {"approved_amount": None, "spent_amount": Decimal("0.00"), "status": "returned",
            "status_reason": rng.choice(ALLOCATION_RETURN_REASONS), "status_changed_by_id": changed_by,
            "status_changed_at": datetime.datetime(year, 2, 10, 10, tzinfo=datetime.UTC)}


# --- activities -------------------------------------------------------------------------------
SIZES = {"school_twinning": (20, 120), "professional_exchange": (8, 40), "mission": (15, 60),
         "young_leadership": (10, 50), "culture_arts": (50, 400), "volunteering": (10, 80), "other": (30, 300)}
TYPE_WEIGHT = {"school_twinning": 3, "professional_exchange": 1, "mission": 1, "young_leadership": 1.5,
               "culture_arts": 1.5, "volunteering": 2, "other": 2}


def participants_in(year: int, latest: int, current: int) -> int:
    """Participants of all partnerships in a year: about a third of today's number in 1997."""
    if year == current:
        return latest
    progress = (year - FIRST_FISCAL_YEAR) / max(1, current - FIRST_FISCAL_YEAR)
    return int(latest * (0.3 + 0.7 * progress ** 1.2))


def seed_activities(world: World) -> None:
    s, rng = world.seeder, world.seeder.rng("activities")
    s.stream(Activity, _activities(world, rng))


def _activities(world: World, rng):
    s = world.seeder
    today, current = s.today, s.today.year
    for year in range(FIRST_FISCAL_YEAR, current + 1):
        active = [p for p in world.partnerships if p.spec.founded <= year and p.programs_in(year, today)]
        if not active:
            continue
        total = participants_in(year, s.scale.participants_latest, current)
        weight = sum(p.weight for p in active)
        shares = [int(total * p.weight / weight) for p in active]
        shares[-1] += total - sum(shares)  # the year adds up exactly
        for p, target in zip(active, shares, strict=True):
            p.participants[year] = target
            yield from _partnership_year(rng, p, year, target, today)


def _partnership_year(rng, p, year: int, remaining: int, today: datetime.date):
    programs = p.programs_in(year, today)
    weights = [TYPE_WEIGHT[x.type] for x in programs]
    while remaining > 0:
        program = rng.choices(programs, weights)[0]
        low, high = SIZES[program.type]
        size = min(remaining, rng.randint(low, high))
        remaining -= size
        title_en, title_he, encounter = rng.choice(ACTIVITIES[program.type])
        if encounter:
            diaspora = int(size * rng.uniform(0.3, 0.6))
            side = "israel" if rng.random() < 0.6 else "diaspora"
        else:
            side = "israel" if rng.random() < 0.7 else "diaspora"
            diaspora = int(size * rng.uniform(0.0, 0.1)) if side == "israel" else size - int(size * rng.uniform(0, 0.15))
        place = rng.choice(p.side(side))
        first = max(datetime.date(year, 1, 1), program.starts)
        last = min(datetime.date(year, 12, 31), program.ends or datetime.date(year, 12, 31))
        if last < first:
            last = first
        yield Activity(
            program_id=program.id, kind="encounter" if encounter else "activity",
            title_en=title_en, title_he=title_he,
            date=first + datetime.timedelta(days=rng.randint(0, (last - first).days)),
            location_en=place.en, location_he=place.he,
            participants_diaspora=diaspora, participants_israel=size - diaspora,
        )
