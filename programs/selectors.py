"""Reads of a partnership's budget: lines, totals (summed in the database), history, review queue.

Totals are summed by PostgreSQL grouped by category, funding source and currency (one query);
only those few group sums are converted to the reporting currency (``programs.money``, one more
query for the rates). A currency without any rate is listed, never silently added.
"""

import bisect
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils import formats, timezone
from django.utils.text import capfirst

from .models import AllocationStatus, BudgetAllocation, Category, FundingSource, Program
from .money import Rates, convert_groups

ZERO = Decimal("0.00")
AMOUNT_FIELDS = ("proposed", "approved", "spent")


def current_fiscal_year() -> int:
    """Fiscal years follow the calendar year (the year of today's date where the viewer is)."""
    return timezone.localdate().year


def budget_years(partnership, *, selected: int | None = None) -> list[int]:
    """Years that have lines, plus this year and the next (for proposing), newest first."""
    years = set(
        BudgetAllocation.objects.filter(partnership=partnership)
        .order_by("fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    current = current_fiscal_year()
    years |= {current, current + 1}
    if selected:
        years.add(selected)
    return sorted(years, reverse=True)


def budget_lines(partnership, fiscal_year: int) -> QuerySet[BudgetAllocation]:
    return (
        BudgetAllocation.objects.filter(partnership=partnership, fiscal_year=fiscal_year)
        .select_related("program", "status_changed_by")
        .order_by("program__name", "program_id", "category", "funding_source", "pk")
    )


@dataclass
class ProgramLines:
    program: Program
    lines: list[BudgetAllocation]


def budget_lines_by_program(lines) -> list[ProgramLines]:
    """Lines (already ordered by program) grouped by their program."""
    return [
        ProgramLines(program=group[0].program, lines=group)
        for group in (list(g) for _, g in itertools.groupby(lines, key=lambda line: line.program_id))
    ]


def programs_running_in(partnership, fiscal_year: int) -> QuerySet[Program]:
    """The partnership's programs that run (at least partly) in a fiscal year: those a line may fund."""
    return (
        Program.objects.filter(partnership=partnership, starts_on__year__lte=fiscal_year)
        .exclude(ends_on__year__lt=fiscal_year)
        .order_by("name", "pk")
    )


def budget_lines_to_submit(partnership, fiscal_year: int) -> int:
    return BudgetAllocation.objects.filter(
        partnership=partnership, fiscal_year=fiscal_year,
        status__in=(AllocationStatus.PROPOSED, AllocationStatus.RETURNED),
    ).count()


# ---- totals ------------------------------------------------------------------------------------


@dataclass
class Amounts:
    proposed: Decimal = ZERO
    approved: Decimal = ZERO
    spent: Decimal = ZERO

    def add(self, row) -> None:
        self.proposed += row["proposed"] or ZERO
        self.approved += row["approved"] or ZERO
        self.spent += row["spent"] or ZERO


@dataclass
class TotalsGroup:
    """One category (or funding source, or the whole year): per currency, and converted."""

    key: str
    label: str
    by_currency: dict[str, Amounts] = field(default_factory=dict)
    converted: Amounts = field(default_factory=Amounts)
    missing: list[str] = field(default_factory=list)

    @property
    def currencies(self) -> list[tuple[str, Amounts]]:
        return sorted(self.by_currency.items())


@dataclass
class RateUsed:
    currency: str
    units_per_usd: Decimal
    year: int

    @property
    def units(self) -> Decimal:
        """The rate without trailing zeros (3.7, not 3.700000)."""
        value = self.units_per_usd.normalize()
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


@dataclass
class BudgetTotals:
    fiscal_year: int
    reporting: str
    by_category: list[TotalsGroup]
    by_source: list[TotalsGroup]
    overall: TotalsGroup
    rates: list[RateUsed]
    missing: list[str]

    @property
    def is_empty(self) -> bool:
        return not self.overall.by_currency


def _rate_year(rates: Rates, currency: str, year: int) -> int | None:
    years = rates.years.get(currency)
    if not years:
        return None
    return years[max(bisect.bisect_right(years, year) - 1, 0)]


def budget_totals(partnership, fiscal_year: int, *, rates: Rates | None = None) -> BudgetTotals:
    """Proposed, approved and spent of one year by category and by funding source (2 queries)."""
    rows = list(
        BudgetAllocation.objects.filter(partnership=partnership, fiscal_year=fiscal_year)
        .order_by()
        .values("category", "funding_source", "currency", "fiscal_year")
        .annotate(proposed=Sum("proposed_amount"), approved=Sum("approved_amount"), spent=Sum("spent_amount"))
    )
    rates = rates or Rates.load()
    converted, missing = convert_groups(rows, rates, amount_fields=AMOUNT_FIELDS)

    categories = {value: TotalsGroup(value, str(label)) for value, label in Category.choices}
    sources = {value: TotalsGroup(value, str(label)) for value, label in FundingSource.choices}
    overall = TotalsGroup("all", "")
    for row in rows:
        for group in (categories[row["category"]], sources[row["funding_source"]], overall):
            group.by_currency.setdefault(row["currency"], Amounts()).add(row)
            if row["currency"] in missing and row["currency"] not in group.missing:
                group.missing.append(row["currency"])
    for row in converted:
        for group in (categories[row["category"]], sources[row["funding_source"]], overall):
            group.converted.add(row)

    used = []
    for currency in sorted(overall.by_currency):
        if currency in missing or currency == rates.reporting:
            continue
        if currency == "USD":
            continue
        used.append(RateUsed(currency, rates.units_per_usd(currency, fiscal_year), _rate_year(rates, currency, fiscal_year)))
    if rates.reporting != "USD" and any(c != rates.reporting for c in overall.by_currency):
        rate = rates.units_per_usd(rates.reporting, fiscal_year)
        if rate is not None:
            used.append(RateUsed(rates.reporting, rate, _rate_year(rates, rates.reporting, fiscal_year)))
    return BudgetTotals(
        fiscal_year=fiscal_year,
        reporting=settings.P2G_REPORTING_CURRENCY,
        by_category=[g for g in categories.values() if g.by_currency],
        by_source=[g for g in sources.values() if g.by_currency],
        overall=overall,
        rates=used,
        missing=missing,
    )


# ---- one line's history ----------------------------------------------------------------------


AMOUNT_CHANGES = ("proposed_amount", "approved_amount", "spent_amount")
TEXT_CHANGES = ("currency", "notes")


@dataclass
class Change:
    label: str
    old: object
    new: object
    #: for amounts: new − old
    delta: Decimal | None = None
    is_amount: bool = False
    is_status: bool = False

    @property
    def delta_text(self) -> str:
        """``+1,000.00`` / ``-250.00`` in the active language's number format."""
        if self.delta is None:
            return ""
        text = formats.number_format(self.delta, decimal_pos=2, force_grouping=True)
        return f"+{text}" if self.delta > 0 else text


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    currency: str
    changes: list[Change]


def _label(name: str) -> str:
    return capfirst(BudgetAllocation._meta.get_field(name).verbose_name)


def _status_text(value: str | None) -> str:
    return str(AllocationStatus(value).label) if value in AllocationStatus.values else ""


def allocation_history(allocation: BudgetAllocation) -> list[HistoryEntry]:
    """Every recorded change of a line, oldest first, with what changed (one query)."""
    records = list(allocation.history.select_related("history_user").order_by("history_date", "history_id"))
    entries, previous = [], None
    for record in records:
        changes = []
        if previous is None or previous.status != record.status:
            changes.append(Change(
                _label("status"), _status_text(previous.status) if previous else "", _status_text(record.status),
                is_status=True,
            ))
        for name in AMOUNT_CHANGES:
            old = getattr(previous, name) if previous else None
            new = getattr(record, name)
            if previous is None and name != "proposed_amount" and not new:
                continue  # a new line's empty approved/spent amounts are not news
            if previous is None or old != new:
                delta = new - old if old is not None and new is not None else None
                changes.append(Change(_label(name), old, new, delta=delta, is_amount=True))
        for name in TEXT_CHANGES:
            old = getattr(previous, name) if previous else ""
            new = getattr(record, name)
            if old != new and (previous is not None or new):
                changes.append(Change(_label(name), old, new))
        returned_now = record.status == AllocationStatus.RETURNED and (previous is None or previous.status != record.status)
        entries.append(HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            kind=record.history_type,
            # a return's whole reason (the change reason keeps only its first characters)
            reason=record.status_reason if returned_now else record.history_change_reason or "",
            currency=record.currency,
            changes=changes,
        ))
        previous = record
    return entries


# ---- staff ---------------------------------------------------------------------------------------


def budget_review_queue() -> QuerySet[BudgetAllocation]:
    """Submitted lines of every partnership, the longest waiting first."""
    return (
        BudgetAllocation.objects.filter(status=AllocationStatus.SUBMITTED)
        .select_related("partnership", "program", "status_changed_by")
        .order_by("status_changed_at", "pk")
    )
