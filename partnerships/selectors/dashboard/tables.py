"""The dashboards' figures as tables (shown, and downloaded as CSV or XLSX) and charts.

One definition per table serves the page and its export: the same columns, in the same order, with
the same values; the page formats them for the reader's language, the export keeps them typed
(numbers stay numbers, dates stay dates). A chart is drawn from its table's figures and the page
always shows the table beside it.

``DashboardData`` loads each figure only when a table asks for it, so the export of one table runs
only that table's queries.
"""

from collections.abc import Callable
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from communities.models import Side
from programs.money import Rates

from . import (
    Overview,
    OverviewRow,
    PartnershipSummary,
    budget_figures,
    committee_sides,
    indicators_year,
    overdue_action_items,
    percent,
    programs_year,
    upcoming_meetings,
)
from .cells import (
    DATE,
    DATETIME,
    DECIMAL,
    HOURS,
    INT,
    MONEY,
    PERCENT,
    SHORT_DATETIME,
    TEXT,
    Chart,
    Column,
    Link,
    Table,
    money_label,
    series,
    url_or_none,
)

# ---- one partnership's year ------------------------------------------------------------------------------


class DashboardData:
    """A partnership's figures for one fiscal year, each loaded on first use."""

    def __init__(self, partnership, year: int, *, summary: PartnershipSummary | None = None,
                 rates: Rates | None = None):
        self.partnership = partnership
        self.year = year
        self._summary = summary
        self._rates = rates

    @cached_property
    def rates(self) -> Rates:
        return self._rates or Rates.load()

    @cached_property
    def programs(self):
        return programs_year(self.partnership, self.year)

    @cached_property
    def _budget_and_trend(self):
        return budget_figures(self.partnership, self.year, self.rates, {p.pk: p for p in self.programs})

    @property
    def budget(self):
        return self._budget_and_trend[0]

    @property
    def trend(self):
        return self._budget_and_trend[1]

    @cached_property
    def indicators(self):
        return indicators_year(self.partnership, self.year)

    @cached_property
    def meetings(self):
        return upcoming_meetings(self.partnership)

    @cached_property
    def overdue(self):
        return overdue_action_items(self.partnership)

    @cached_property
    def sides(self):
        return self._summary.sides if self._summary is not None else committee_sides(self.partnership)

    @property
    def missing_rates(self) -> list[str]:
        """Currencies without a rate among the budget lines read (the year's, and every year's approved)."""
        if "_budget_and_trend" not in self.__dict__:
            return []
        return sorted(set(self.budget.missing) | set(self.trend.missing))


def _amount_columns(first) -> list[Column]:
    return [
        Column(first),
        Column(money_label(_("Proposed amount")), MONEY),
        Column(money_label(_("Approved amount")), MONEY),
        Column(money_label(_("Spent amount")), MONEY),
    ]


def _amounts_chart(labels: list[str], groups: list) -> Chart:
    return Chart(
        "bar", labels,
        [
            series("proposed", _("Proposed amount"), [g.proposed for g in groups]),
            series("approved", _("Approved amount"), [g.approved for g in groups]),
            series("spent", _("Spent amount"), [g.spent for g in groups]),
        ],
        unit="money", axis_title=settings.P2G_REPORTING_CURRENCY,
    )


def _amounts_table(key, caption, first_column, items, total, empty) -> Table:
    return Table(
        key=key,
        caption=caption,
        columns=_amount_columns(first_column),
        rows=[[item.label, item.amounts.proposed, item.amounts.approved, item.amounts.spent] for item in items],
        totals=[_("Total"), total.proposed, total.approved, total.spent] if items else None,
        chart=_amounts_chart([item.label for item in items], [item.amounts for item in items]) if items else None,
        empty=empty,
    )


def table_budget_by_category(data: DashboardData) -> Table:
    budget = data.budget
    return _amounts_table(
        "budget-by-category",
        _("Budget of %(year)s by category") % {"year": data.year},
        _("Category"), budget.by_category, budget.total,
        _("No budget lines for this fiscal year."),
    )


def table_budget_by_source(data: DashboardData) -> Table:
    budget = data.budget
    return _amounts_table(
        "budget-by-source",
        _("Budget of %(year)s by funding source") % {"year": data.year},
        _("Funding source"), budget.by_source, budget.total,
        _("No budget lines for this fiscal year."),
    )


def table_budget_by_program(data: DashboardData) -> Table:
    items = data.budget.by_program
    total = data.budget.total
    return Table(
        key="budget-by-program",
        caption=_("Approved and spent per program in %(year)s") % {"year": data.year},
        columns=[
            Column(_("Program")),
            Column(money_label(_("Approved amount")), MONEY),
            Column(money_label(_("Spent amount")), MONEY),
            Column(_("Spent of approved"), PERCENT),
        ],
        rows=[[i.program.name, i.amounts.approved, i.amounts.spent, i.amounts.spent_share] for i in items],
        totals=[_("Total"), total.approved, total.spent, total.spent_share] if items else None,
        chart=Chart(
            "bar", [str(i.program.name) for i in items],
            [
                series("approved", _("Approved amount"), [i.amounts.approved for i in items]),
                series("spent", _("Spent amount"), [i.amounts.spent for i in items]),
            ],
            unit="money", axis_title=settings.P2G_REPORTING_CURRENCY,
        ) if items else None,
        empty=_("No budget lines for this fiscal year."),
    )


def table_personal_share(data: DashboardData) -> Table:
    years = data.trend.years
    return Table(
        key="personal-share",
        caption=_("Personal connections and regional development: share of the approved budget, every year"),
        columns=[
            Column(_("Fiscal year")),
            Column(money_label(_("Personal connections")), MONEY),
            Column(money_label(_("Regional development")), MONEY),
            Column(_("Personal connections share"), PERCENT),
            Column(_("Regional development share"), PERCENT),
        ],
        rows=[[y.year, y.personal, y.regional, y.personal_share, y.regional_share] for y in years],
        chart=Chart(
            "line", [str(y.year) for y in years],
            [
                series("personal", _("Personal connections"), [y.personal_share for y in years]),
                series("regional", _("Regional development"), [y.regional_share for y in years]),
            ],
            unit="percent", axis_title=_("Share of the approved budget"),
        ) if years else None,
        empty=_("No approved budget yet."),
    )


def table_participants(data: DashboardData) -> Table:
    programs = [p for p in data.programs if p.participants_diaspora or p.participants_israel]
    diaspora = sum(p.participants_diaspora for p in programs)
    israel = sum(p.participants_israel for p in programs)
    return Table(
        key="participants",
        caption=_("Participants per program in %(year)s, on each side") % {"year": data.year},
        columns=[
            Column(_("Program")),
            Column(_("Participants from the Diaspora"), INT),
            Column(_("Participants from Israel"), INT),
            Column(_("All participants"), INT),
        ],
        rows=[[p.name, p.participants_diaspora, p.participants_israel,
               p.participants_diaspora + p.participants_israel] for p in programs],
        totals=[_("Total"), diaspora, israel, diaspora + israel] if programs else None,
        chart=Chart(
            "bar", [str(p.name) for p in programs],
            [
                series("diaspora", Side.DIASPORA.label, [p.participants_diaspora for p in programs]),
                series("israel", Side.ISRAEL.label, [p.participants_israel for p in programs]),
            ],
            axis_title=_("Participants"),
        ) if programs else None,
        empty=_("No activities with participants in this fiscal year."),
    )


def table_volunteer_hours(data: DashboardData) -> Table:
    programs = [p for p in data.programs if p.hours]
    total = sum((p.hours for p in programs), Decimal(0))
    return Table(
        key="volunteer-hours",
        caption=_("Approved volunteer hours per program in %(year)s") % {"year": data.year},
        columns=[Column(_("Program")), Column(_("Approved hours"), HOURS)],
        rows=[[p.name, p.hours] for p in programs],
        totals=[_("Total"), total] if programs else None,
        chart=Chart(
            "bar", [str(p.name) for p in programs], [series("hours", _("Approved hours"), [p.hours for p in programs])],
            unit="hours", axis_title=_("Hours"),
        ) if programs else None,
        empty=_("No approved volunteer hours in this fiscal year."),
    )


def _on_track_text(status) -> str:
    if status.target is None:
        return _("No target for this year")
    if status.latest is None:
        return _("Not measured yet")
    return _("On track") if status.on_track else _("Behind target")


def table_indicators(data: DashboardData) -> Table:
    return Table(
        key="indicators",
        caption=_("Indicators against their targets for %(year)s") % {"year": data.year},
        columns=[
            Column(_("Indicator")),
            Column(_("Unit")),
            Column(_("Direction")),
            Column(_("Baseline"), DECIMAL),
            Column(_("Target"), DECIMAL),
            Column(_("Latest measurement"), DECIMAL),
            Column(_("Measured in")),
            Column(_("Status")),
        ],
        rows=[
            [s.indicator.name, s.indicator.unit, s.indicator.get_direction_display(), s.indicator.baseline_value,
             s.target, s.latest, s.latest_period, _on_track_text(s)]
            for s in data.indicators
        ],
        empty=_("This partnership has no indicators yet."),
    )


def table_upcoming_meetings(data: DashboardData) -> Table:
    pk = data.partnership.pk
    return Table(
        key="upcoming-meetings",
        caption=_("Next meetings"),
        columns=[Column(_("Meeting")), Column(_("Committee")), Column(_("Starts"), DATETIME), Column(_("Place"))],
        rows=[
            [Link(str(m.title), url_or_none("partnerships:meeting_detail", pk, m.pk)), m.committee.name,
             m.starts_at, m.location]
            for m in data.meetings
        ],
        empty=_("No meetings are scheduled."),
    )


def table_overdue_action_items(data: DashboardData) -> Table:
    pk, today = data.partnership.pk, timezone.localdate()
    overdue = data.overdue
    table = Table(
        key="overdue-action-items",
        caption=_("Overdue action items"),
        columns=[
            Column(_("Action item")), Column(_("Committee")), Column(_("Owner")), Column(_("Due"), DATE),
            Column(_("Days overdue"), INT), Column(_("Status")),
        ],
        rows=[
            [Link(str(item.title), url_or_none("partnerships:action_item_detail", pk, item.pk)), item.committee.name,
             item.owner.get_full_name() if item.owner else "", item.due_on, (today - item.due_on).days,
             item.get_status_display()]
            for item in overdue.items
        ],
        empty=_("No action item is overdue."),
    )
    if overdue.total > len(overdue.items):
        table.notes.append(
            _("The %(shown)s oldest of %(total)s overdue action items.") % {"shown": len(overdue.items),
                                                                             "total": overdue.total}
        )
    return table


def side_balance_warning(sides: dict[str, int]) -> str:
    total = sum(sides.values())
    if not total:
        return ""
    smallest = min(sides.values())
    if smallest / total < settings.P2G_SIDE_BALANCE_MIN_SHARE:
        return _(
            "The sides are out of balance: each side should hold at least %(share)s%% of the committee's seats."
        ) % {"share": round(settings.P2G_SIDE_BALANCE_MIN_SHARE * 100)}
    return ""


def table_committee_sides(data: DashboardData) -> Table:
    sides = data.sides
    total = sum(sides.values())
    return Table(
        key="committee-sides",
        caption=_("Joint steering committee members per side"),
        columns=[Column(_("Side")), Column(_("Members"), INT), Column(_("Share"), PERCENT)],
        rows=[[label, sides[value], percent(sides[value], total)] for value, label in Side.choices],
        totals=[_("Total"), total, Decimal(100) if total else None],
        warnings=[w for w in [side_balance_warning(sides)] if w],
    )


#: Every table of the dashboard, in page order: key -> builder.
DASHBOARD_TABLES: dict[str, Callable[[DashboardData], Table]] = {
    "budget-by-category": table_budget_by_category,
    "budget-by-source": table_budget_by_source,
    "budget-by-program": table_budget_by_program,
    "personal-share": table_personal_share,
    "participants": table_participants,
    "volunteer-hours": table_volunteer_hours,
    "indicators": table_indicators,
    "upcoming-meetings": table_upcoming_meetings,
    "overdue-action-items": table_overdue_action_items,
    "committee-sides": table_committee_sides,
}


def dashboard_tables(data: DashboardData) -> dict[str, Table]:
    return {key: build(data) for key, build in DASHBOARD_TABLES.items()}


def export_filename(partnership, year: int, key: str) -> str:
    name = slugify(partnership.name_en or "") or f"partnership-{partnership.pk}"
    return f"{name}-{year}-{key}"


# ---- the staff overview ----------------------------------------------------------------------------------


def _name_key(row: OverviewRow):
    return str(row.partnership.name).casefold()


#: ?sort= keys of the overview: key -> (column label, kind, value of a row)
OVERVIEW_COLUMNS: dict[str, tuple] = {
    "name": (gettext_lazy("Partnership"), TEXT, _name_key),
    "status": (gettext_lazy("Status"), TEXT, lambda r: str(r.partnership.get_status_display()).casefold()),
    "communities_diaspora": (gettext_lazy("Communities in the Diaspora"), INT, lambda r: r.communities["diaspora"]),
    "communities_israel": (gettext_lazy("Communities in Israel"), INT, lambda r: r.communities["israel"]),
    "approved": (None, MONEY, lambda r: r.amounts.approved),
    "spent": (None, MONEY, lambda r: r.amounts.spent),
    "personal": (gettext_lazy("Personal connections share"), PERCENT, lambda r: r.personal_share),
    "participants_diaspora": (gettext_lazy("Participants from the Diaspora"), INT,
                              lambda r: r.participants["diaspora"]),
    "participants_israel": (gettext_lazy("Participants from Israel"), INT, lambda r: r.participants["israel"]),
    "hours": (gettext_lazy("Approved volunteer hours"), HOURS, lambda r: r.hours),
    "members_diaspora": (gettext_lazy("Committee members from the Diaspora"), INT, lambda r: r.members["diaspora"]),
    "members_israel": (gettext_lazy("Committee members from Israel"), INT, lambda r: r.members["israel"]),
    "overdue": (gettext_lazy("Overdue action items"), INT, lambda r: r.overdue),
    "next_meeting": (gettext_lazy("Next meeting"), SHORT_DATETIME, lambda r: r.next_meeting_at),
}
DEFAULT_SORT = "name"


def overview_sort_parse(raw: str | None) -> tuple[str, bool]:
    """``(key, descending)`` from ``?sort=`` (``-`` first for descending); anything unknown sorts by name."""
    raw = (raw or "").strip()
    descending = raw.startswith("-")
    key = raw.removeprefix("-")
    if key not in OVERVIEW_COLUMNS:
        return DEFAULT_SORT, False
    return key, descending


def overview_sort(rows: list[OverviewRow], key: str, descending: bool) -> list[OverviewRow]:
    """Rows by one column (rows without a figure last either way; the name breaks ties)."""
    value = OVERVIEW_COLUMNS[key][2]
    known = sorted((r for r in rows if value(r) is not None), key=_name_key)
    known.sort(key=value, reverse=descending)
    return known + sorted((r for r in rows if value(r) is None), key=_name_key)


def _overview_label(key: str):
    label = OVERVIEW_COLUMNS[key][0]
    if key == "approved":
        return money_label(_("Approved amount"))
    if key == "spent":
        return money_label(_("Spent amount"))
    return label


def overview_table(overview: Overview, *, key: str = DEFAULT_SORT, descending: bool = False) -> Table:
    columns = [Column(_overview_label(k), kind, sort_key=k) for k, (_label, kind, _value) in OVERVIEW_COLUMNS.items()]
    rows = []
    for row in overview_sort(overview.rows, key, descending):
        p = row.partnership
        rows.append([
            Link(str(p.name), reverse("partnerships:dashboard", args=[p.pk]) + f"?year={overview.year}"),
            p.get_status_display(),
            row.communities["diaspora"], row.communities["israel"],
            row.amounts.approved, row.amounts.spent, row.personal_share,
            row.participants["diaspora"], row.participants["israel"],
            row.hours,
            row.members["diaspora"], row.members["israel"],
            row.overdue,
            row.next_meeting_at,
        ])
    total = overview.totals
    totals = [
        ngettext("Total: %(count)s partnership", "Total: %(count)s partnerships", len(overview.rows))
        % {"count": len(overview.rows)},
        "",
        total.communities["diaspora"], total.communities["israel"],
        total.amounts.approved, total.amounts.spent, total.personal_share,
        total.participants["diaspora"], total.participants["israel"],
        total.hours,
        total.members["diaspora"], total.members["israel"],
        total.overdue,
        None,
    ]
    return Table(
        key="overview",
        caption=_("All partnerships in %(year)s") % {"year": overview.year},
        columns=columns,
        rows=rows,
        totals=totals if overview.rows else None,
        empty=_("There are no partnerships yet."),
    )
