"""Figures of one partnership's dashboard (the definitions are in the package's docstring), and the
helpers the staff overview shares: fiscal years, amounts, counts in subqueries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities.models import Side
from programs.models import (
    Activity,
    AllocationStatus,
    BudgetAllocation,
    Category,
    FundingSource,
    Indicator,
    IndicatorDirection,
    IndicatorTarget,
    Measurement,
    Program,
)
from programs.money import Rates, convert_groups
from volunteers.models import HoursLog, HoursStatus

from ...models import (
    ActionItem,
    ActionItemStatus,
    CommitteeKind,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    Partnership,
)
from ...permissions import current_q

ZERO = Decimal("0.00")
TENTH = Decimal("0.1")
APPROVED_STATUSES = (AllocationStatus.APPROVED, AllocationStatus.CLOSED)
OPEN_ACTION_STATUSES = (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)
UPCOMING_MEETINGS = 5
OVERDUE_SHOWN = 10
AMOUNT_FIELDS = ("proposed", "approved", "spent")


# ---- years --------------------------------------------------------------------------------------


def current_fiscal_year() -> int:
    """Fiscal years are calendar years: the year of today's date in the viewer's time zone."""
    return timezone.localdate().year


def fiscal_year_dates(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _years_between(first: int | None, last: int | None) -> list[int]:
    """Every year from the first with data to the last (and at least the current one), newest first."""
    current = current_fiscal_year()
    first = min(first or current, current)
    last = max(last or current, current)
    return list(range(last, first - 1, -1))


def one_value(queryset, aggregate) -> Subquery:
    """A subquery giving one aggregate over ``queryset`` (already narrowed by an OuterRef)."""
    return Subquery(queryset.order_by().annotate(_v=aggregate).values("_v")[:1])


def count_of(queryset, counted=None) -> Coalesce:
    """How many rows ``queryset`` (narrowed by an OuterRef, grouped by it) has, 0 for none."""
    counted = counted if counted is not None else Count("pk")
    return Coalesce(
        Subquery(queryset.order_by().annotate(_n=counted).values("_n")[:1], output_field=IntegerField()), 0
    )


def steering_members(prefix: str = "") -> Q:
    """Current terms on a steering committee, professional staff not counted."""
    return (
        current_q(prefix=prefix)
        & Q(**{f"{prefix}committee__kind": CommitteeKind.STEERING})
        & ~Q(**{f"{prefix}role": MembershipRole.STAFF})
    )


@dataclass
class PartnershipSummary:
    """What one query tells about a partnership: its years with data and its committee's sides."""

    years: list[int]
    sides: dict[str, int]


def partnership_summary(partnership: Partnership) -> PartnershipSummary:
    """The years from the first a partnership has budget lines or activities in to the last (and the
    current year), newest first, and its current steering committee members per side (one query)."""
    lines = BudgetAllocation.objects.filter(partnership=OuterRef("pk")).values("partnership")
    activities = Activity.objects.filter(program__partnership=OuterRef("pk")).values("program__partnership")
    sides = {
        f"members_{side}": count_of(
            Membership.objects.filter(steering_members(), committee__partnership=OuterRef("pk"), side=side)
            .values("committee__partnership"),
            Count("person", distinct=True),
        )
        for side in Side.values
    }
    row = (
        Partnership.objects.filter(pk=partnership.pk)
        .annotate(
            b_first=one_value(lines, Min("fiscal_year")),
            b_last=one_value(lines, Max("fiscal_year")),
            a_first=one_value(activities, Min("date")),
            a_last=one_value(activities, Max("date")),
            **sides,
        )
        .values("b_first", "b_last", "a_first", "a_last", *sides)
        .first()
    ) or {}
    firsts = [y for y in (row.get("b_first"), getattr(row.get("a_first"), "year", None)) if y]
    lasts = [y for y in (row.get("b_last"), getattr(row.get("a_last"), "year", None)) if y]
    return PartnershipSummary(
        years=_years_between(min(firsts, default=None), max(lasts, default=None)),
        sides={side: row.get(f"members_{side}") or 0 for side in Side.values},
    )


def overview_years() -> list[int]:
    """The years from the first any partnership has budget lines or activities in to the last (and the
    current year), newest first (two queries answered from indexes)."""
    budget = BudgetAllocation.objects.aggregate(first=Min("fiscal_year"), last=Max("fiscal_year"))
    activity = Activity.objects.aggregate(first=Min("date"), last=Max("date"))
    firsts = [y for y in (budget["first"], getattr(activity["first"], "year", None)) if y]
    lasts = [y for y in (budget["last"], getattr(activity["last"], "year", None)) if y]
    return _years_between(min(firsts, default=None), max(lasts, default=None))


def year_choose(raw, years: list[int]) -> int:
    """The year asked for in ``?year=`` when it is one of ``years``, else the current fiscal year."""
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return current_fiscal_year()
    return year if year in years else current_fiscal_year()


# ---- money --------------------------------------------------------------------------------------


@dataclass
class Amounts:
    """Proposed, approved and spent, in the reporting currency."""

    proposed: Decimal = ZERO
    approved: Decimal = ZERO
    spent: Decimal = ZERO

    def add(self, row: dict) -> None:
        self.proposed += row.get("proposed") or ZERO
        self.approved += row.get("approved") or ZERO
        self.spent += row.get("spent") or ZERO

    @property
    def spent_share(self) -> Decimal | None:
        return percent(self.spent, self.approved)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal, or None when the whole is nothing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def approved_sum():
    return Sum("approved_amount", filter=Q(status__in=APPROVED_STATUSES))


@dataclass
class LabelledAmounts:
    key: str
    label: str
    amounts: Amounts


@dataclass
class ProgramAmounts:
    program: Program
    amounts: Amounts


@dataclass
class BudgetYear:
    """One partnership's budget for one fiscal year, in the reporting currency."""

    by_category: list[LabelledAmounts]
    by_source: list[LabelledAmounts]
    by_program: list[ProgramAmounts]
    total: Amounts
    missing: list[str]

    @property
    def is_empty(self) -> bool:
        return not self.by_category and not self.missing


def _budget_rows(partnership: Partnership, year: int):
    """Every line of the year, and the approved lines of every year, summed by year, program, category,
    funding source and currency (one query: the year's figures and the trend come from the same rows)."""
    return (
        BudgetAllocation.objects.filter(Q(fiscal_year=year) | Q(status__in=APPROVED_STATUSES), partnership=partnership)
        .order_by()
        .values("fiscal_year", "program_id", "category", "funding_source", "currency")
        .annotate(proposed=Sum("proposed_amount"), approved=approved_sum(), spent=Sum("spent_amount"))
    )


def budget_figures(
    partnership: Partnership, year: int, rates: Rates, programs: dict[int, Program]
) -> tuple["BudgetYear", "ShareTrend"]:
    """The year's budget by category, source and program, and the share trend of every year (one query).

    ``programs`` maps ids to the partnership's programs (from :func:`programs_year`): the per-program
    figures name them without another query.
    """
    rows = list(_budget_rows(partnership, year))
    converted, missing = convert_groups(rows, rates, amount_fields=AMOUNT_FIELDS)
    this_year = [row for row in converted if row["fiscal_year"] == year]
    year_missing = sorted({row["currency"] for row in rows if row["fiscal_year"] == year} & set(missing))
    return _budget_year(this_year, year_missing, programs), _share_trend(converted, missing)


def _budget_year(converted: list[dict], missing: list[str], programs: dict[int, Program]) -> "BudgetYear":
    categories = {value: Amounts() for value in Category.values}
    sources = {value: Amounts() for value in FundingSource.values}
    per_program: dict[int, Amounts] = defaultdict(Amounts)
    total = Amounts()
    seen_categories, seen_sources = set(), set()
    for row in converted:
        for amounts in (categories[row["category"]], sources[row["funding_source"]], per_program[row["program_id"]],
                        total):
            amounts.add(row)
        seen_categories.add(row["category"])
        seen_sources.add(row["funding_source"])
    return BudgetYear(
        by_category=[LabelledAmounts(v, str(label), categories[v]) for v, label in Category.choices
                     if v in seen_categories],
        by_source=[LabelledAmounts(v, str(label), sources[v]) for v, label in FundingSource.choices
                   if v in seen_sources],
        by_program=sorted(
            (ProgramAmounts(programs[pk], amounts) for pk, amounts in per_program.items() if pk in programs),
            key=lambda item: (str(item.program.name).casefold(), item.program.pk),
        ),
        total=total,
        missing=missing,
    )


@dataclass
class ShareYear:
    """Approved amounts of one fiscal year by category, and the share of personal connections."""

    year: int
    personal: Decimal = ZERO
    regional: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.personal + self.regional

    @property
    def personal_share(self) -> Decimal | None:
        return percent(self.personal, self.total)

    @property
    def regional_share(self) -> Decimal | None:
        share = self.personal_share
        return None if share is None else Decimal(100) - share


@dataclass
class ShareTrend:
    years: list[ShareYear]
    missing: list[str]


def _share_trend(converted: list[dict], missing: list[str]) -> ShareTrend:
    """Approved amounts per fiscal year and category, oldest year first (years with nothing approved left out)."""
    years: dict[int, ShareYear] = {}
    for row in converted:
        if not row["approved"]:
            continue
        share = years.setdefault(row["fiscal_year"], ShareYear(row["fiscal_year"]))
        if row["category"] == Category.PERSONAL_CONNECTIONS:
            share.personal += row["approved"]
        else:
            share.regional += row["approved"]
    return ShareTrend(years=[years[y] for y in sorted(years)], missing=missing)


# ---- programs: participants and volunteer hours -----------------------------------------------------


def in_year(year: int, prefix: str = "") -> Q:
    first, last = fiscal_year_dates(year)
    return Q(**{f"{prefix}date__gte": first, f"{prefix}date__lte": last})


def programs_year(partnership: Partnership, year: int) -> list[Program]:
    """Every program of the partnership, with ``participants_diaspora``, ``participants_israel`` and
    ``hours`` (approved volunteer hours) of the year annotated (one query, three subqueries per program)."""
    activities = Activity.objects.filter(in_year(year), program=OuterRef("pk")).values("program")
    hours = HoursLog.objects.filter(in_year(year), program=OuterRef("pk"), status=HoursStatus.APPROVED).values(
        "program"
    )
    return list(
        Program.objects.filter(partnership=partnership)
        .annotate(
            participants_diaspora=Coalesce(one_value(activities, Sum("participants_diaspora")), 0),
            participants_israel=Coalesce(one_value(activities, Sum("participants_israel")), 0),
            hours=Coalesce(one_value(hours, Sum("hours")), ZERO),
        )
        .order_by("name", "pk")
    )


# ---- indicators ------------------------------------------------------------------------------------


@dataclass
class IndicatorStatus:
    indicator: Indicator
    target: Decimal | None
    latest: Decimal | None
    latest_period: int | None

    @property
    def has_figures(self) -> bool:
        return self.target is not None and self.latest is not None

    @property
    def on_track(self) -> bool | None:
        """True/False when there is a target for the year and a measurement; None otherwise."""
        if not self.has_figures:
            return None
        if self.indicator.direction == IndicatorDirection.DECREASE:
            return self.latest <= self.target
        return self.latest >= self.target


def indicators_year(partnership: Partnership, year: int) -> list[IndicatorStatus]:
    """Each indicator with the year's target and its latest measurement up to that year (one query)."""
    latest = Measurement.objects.filter(indicator=OuterRef("pk"), period__lte=year).order_by("-period", "-reported_at")
    rows = (
        Indicator.objects.filter(partnership=partnership)
        .annotate(
            target=Subquery(
                IndicatorTarget.objects.filter(indicator=OuterRef("pk"), period=year).values("target_value")[:1]
            ),
            latest_value=Subquery(latest.values("value")[:1]),
            latest_period=Subquery(latest.values("period")[:1]),
        )
        .order_by("name", "pk")
    )
    return [IndicatorStatus(row, row.target, row.latest_value, row.latest_period) for row in rows]


# ---- committee: meetings, action items, sides ----------------------------------------------------------


def upcoming_meetings(partnership: Partnership, *, limit: int = UPCOMING_MEETINGS) -> list[Meeting]:
    """The next scheduled meetings of any of the partnership's committees (one query)."""
    return list(
        Meeting.objects.filter(
            committee__partnership=partnership, status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now()
        )
        .select_related("committee")
        .order_by("starts_at", "pk")[:limit]
    )


@dataclass
class Overdue:
    items: list[ActionItem]
    total: int


def overdue_action_items(partnership: Partnership, *, limit: int = OVERDUE_SHOWN) -> Overdue:
    """The oldest overdue action items and how many there are in all (one query: a window count)."""
    items = list(
        ActionItem.objects.filter(
            committee__partnership=partnership, status__in=OPEN_ACTION_STATUSES, due_on__lt=timezone.localdate()
        )
        .select_related("committee", "owner")
        .annotate(overdue_total=Window(Count("pk")))
        .order_by("due_on", "pk")[:limit]
    )
    return Overdue(items=items, total=items[0].overdue_total if items else 0)


def committee_sides(partnership: Partnership) -> dict[str, int]:
    """Current steering committee members per side: ``{"diaspora": n, "israel": m}`` (one query)."""
    counts = dict.fromkeys(Side.values, 0)
    rows = (
        Membership.objects.filter(steering_members(), committee__partnership=partnership)
        .order_by()
        .values("side")
        .annotate(n=Count("person", distinct=True))
    )
    for row in rows:
        counts[row["side"]] = row["n"]
    return counts
