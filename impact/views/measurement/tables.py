"""The tables of shared measurement's pages (each with its chart), also what the exports write out."""

from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from partnerships.selectors.dashboard.cells import (
    DECIMAL,
    INT,
    PERCENT,
    Chart,
    Column,
    Link,
    Table,
    number_text,
)

#: Colours of the series (3:1 against white at least; told apart by the legend and the table too).
COLOUR_TARGET = "#c2571a"
COLOUR_TOTAL = "#0b4f8a"
COLOUR_PROGRESS = "#1d6b33"


def figure_text(value) -> str:
    return "" if value is None else number_text(value, DECIMAL)


def figure_input(value) -> str:
    """A stored figure as its form field shows it to be corrected: 1250.5, not 1250.50 (nor 1.25E+3)."""
    if value is None:
        return ""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class Badge:
    """A status cell: a badge on the page, its words alone in an export."""

    def __init__(self, status: str, label):
        self.status, self.label = status, label

    def __str__(self):
        return str(self.label)

    def __html__(self):
        return format_html('<span class="measure-status measure-{}">{}</span>', self.status.replace("_", "-"),
                           self.label)


def configured(table: Table) -> Table:
    if table.chart is not None:
        table.chart_config = table.chart.config(language=translation.get_language(),
                                                rtl=translation.get_language_bidi())
    return table


def series(key: str, label, data, colour: str) -> dict:
    return {"key": key, "label": str(label), "data": [float(v) if v is not None else None for v in data],
            "color": colour}


def progress_table(key: str, owner: str, rows: list, year: int) -> Table:
    with_progress = [r for r in rows if r.progress is not None]
    return configured(Table(
        key=key,
        caption=_("Indicators of %(owner)s against the targets of %(year)s") % {"owner": owner, "year": year},
        columns=[
            Column(_("Indicator")), Column(_("Unit")), Column(_("Direction")),
            Column(_("Baseline"), DECIMAL), Column(_("Baseline year")),
            Column(_("Target for %(year)s") % {"year": year}, DECIMAL),
            Column(_("Latest total"), DECIMAL), Column(_("Year of the total")),
            Column(_("Organisations reporting"), INT),
            Column(_("Progress"), PERCENT), Column(_("Status")),
        ],
        rows=[
            [Link(str(r.indicator.name), reverse("impact:indicator_detail", args=[r.indicator.pk])),
             r.indicator.unit, r.indicator.get_direction_display(), r.indicator.baseline_value,
             r.indicator.baseline_year, r.target, r.total, r.total_year,
             r.reporters if r.total_year is not None and r.indicator.forum_id else None, r.progress,
             Badge(r.status, r.status_label)]
            for r in rows
        ],
        chart=Chart(
            "bar", [str(r.indicator.name) for r in with_progress],
            [series("progress", _("Progress towards the target (%)"), [r.progress for r in with_progress],
                    COLOUR_PROGRESS)],
            axis_title=_("Percent of the way from the baseline to the target"),
        ) if with_progress else None,
    ))


def years_table(indicator, years: list) -> Table:
    by_forum = indicator.forum_id is not None
    columns = [Column(_("Year")), Column(_("Target"), DECIMAL), Column(_("Total") if by_forum else _("Figure"), DECIMAL)]
    if by_forum:
        columns.append(Column(_("Organisations reporting"), INT))
    columns += [Column(_("Progress"), PERCENT), Column(_("Status"))]
    rows = []
    for row in years:
        label = _("%(year)s (baseline)") % {"year": row.period} if row.is_baseline else row.period
        cells = [label, row.target, row.total]
        if by_forum:
            cells.append(row.reporters or None)
        cells += [row.progress, Badge(row.status, row.status_label)]
        rows.append(cells)
    return configured(Table(
        key="years",
        caption=_("%(indicator)s: target and total per year") % {"indicator": indicator.name},
        columns=columns,
        rows=rows,
        chart=Chart(
            "line", [str(row.period) for row in years],
            [
                series("target", _("Target"), [row.target for row in years], COLOUR_TARGET),
                series("total", _("Total") if by_forum else _("Figure"), [row.total for row in years], COLOUR_TOTAL),
            ],
            axis_title=str(indicator.unit or ""),
        ),
    ))


def organisations_table(indicator, viewer, periods: list[int], rows: list) -> Table:
    table = Table(
        key="organisations",
        caption=(_("Figures of each organisation") if viewer.is_staff else _("Your organisation's figures")),
        columns=[Column(_("Organisation")), *[Column(str(period), DECIMAL) for period in periods]],
        rows=[
            [str(row.organisation.name), *[getattr(row.figures.get(period), "value", None) for period in periods]]
            for row in rows
        ],
        empty=_("No figures have been reported yet."),
    )
    if viewer.is_staff and rows and periods:
        totals = []
        for period in periods:
            figures = [r.figures[period].value for r in rows if period in r.figures]
            totals.append(sum(figures, Decimal(0)) if figures else None)
        table.totals = [_("Total"), *totals]
    return table
