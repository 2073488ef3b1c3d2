"""The tables of shared measurement's pages (each with its chart), also what the exports write out."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships.selectors.dashboard.cells import (
    DECIMAL,
    EMPTY_CELL,
    INT,
    PERCENT,
    Chart,
    Column,
    Table,
    cell_html,
    number_text,
    separators,
)
from programs.models import IndicatorDirection

from ...selectors.measurement import STATUS_LABELS

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


def table_html(table: Table) -> str:
    """A table of figures as ``partnerships/dashboard/_table.html`` writes it (caption, column headers, rows
    whose first cell heads the row, totals), in one pass instead of a template loop per cell."""

    def cells(values) -> str:
        out = []
        for index, (value, column) in enumerate(zip(values, table.columns, strict=True)):
            html = conditional_escape(cell_html(value, column.kind))
            if index == 0:
                out.append(f'<th scope="row">{html}</th>')
            else:
                out.append(f'<td class="num">{html}</td>' if column.is_numeric else f"<td>{html}</td>")
        return "".join(out)

    head = "".join(
        f'<th scope="col" class="num">{escape(c.label)}</th>' if c.is_numeric else f'<th scope="col">{escape(c.label)}</th>'
        for c in table.columns
    )
    body = "".join(f"<tr>{cells(row)}</tr>" for row in table.rows)
    foot = f"<tfoot><tr>{cells(table.totals)}</tr></tfoot>" if table.totals else ""
    return mark_safe(  # noqa: S308 - every part escaped above
        f'<div class="table-scroll"><table class="dash-table" id="table-{escape(table.key)}">'
        f"<caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}"
        "</table></div>"
    )


def series(key: str, label, data, colour: str) -> dict:
    return {"key": key, "label": str(label), "data": [float(v) if v is not None else None for v in data],
            "color": colour}


# ---- the national view -------------------------------------------------------------------------------
#
# With every partnership's indicators (staff) the national view has a row for each of some 200 indicators.
# Its tables are written here in one pass, with what their rows share worked out once per page: the
# labels of the columns and statuses (translated once), the URL of an indicator's page (reversed once),
# the language's number separators. Cell by cell through the dashboard's generic cells and a template
# loop, they took most of the page's time. Every text is escaped here; figures are digits and separators.


_NO_FIGURE = EMPTY_CELL


@dataclass
class ProgressTable:
    """A table of the national view: caption, header row (``head``), rows (``body``: one or more
    ``<tbody>``) and, for a forum's table, the bar chart of its progress column."""

    key: str
    caption: str
    head: str
    body: str
    chart_config: dict | None = None

    @property
    def chart_data_id(self) -> str:
        return f"chart-{self.key}-data"


def _head(columns: list[Column]) -> str:
    return mark_safe("<tr>" + "".join(  # noqa: S308 - escaped here
        f'<th scope="col" class="num">{escape(c.label)}</th>' if c.is_numeric else f'<th scope="col">{escape(c.label)}</th>'
        for c in columns
    ) + "</tr>")


class ProgressRows:
    """Writes the national view's tables for one page (one language, one year)."""

    def __init__(self, year: int):
        self.year = year
        self._separators = separators()
        placeholder = "999999999"
        self._url_head, self._url_tail = reverse("impact:indicator_detail", args=[placeholder]).split(placeholder)
        self._directions = {value: escape(label) for value, label in IndicatorDirection.choices}
        self._badges = {status: str(Badge(status, label).__html__()) for status, label in STATUS_LABELS.items()}
        forum_columns = [
            Column(_("Indicator")), Column(_("Unit")), Column(_("Direction")),
            Column(_("Baseline"), DECIMAL), Column(_("Baseline year")),
            Column(_("Target for %(year)s") % {"year": year}, DECIMAL),
            Column(_("Latest total"), DECIMAL), Column(_("Year of the total")),
            Column(_("Organisations reporting"), INT),
            Column(_("Progress"), PERCENT), Column(_("Status")),
        ]
        # A partnership's figure is its own: no organisations report it.
        partnership_columns = [*forum_columns[:6], Column(_("Latest figure"), DECIMAL), Column(_("Year of the figure")),
                               *forum_columns[9:]]
        self._forum_head, self._partnership_head = _head(forum_columns), _head(partnership_columns)
        self._partnership_span = len(partnership_columns)

    def _number(self, value, kind: str) -> str:
        return _NO_FIGURE if value is None else number_text(value, kind, self._separators)

    def _row(self, row, *, reporters: bool) -> str:
        indicator, number = row.indicator, self._number
        cells = [
            f'<tr><th scope="row"><a href="{self._url_head}{indicator.pk}{self._url_tail}">{escape(indicator.name)}</a></th>'
            f"<td>{escape(indicator.unit) if indicator.unit else _NO_FIGURE}</td>"
            f"<td>{self._directions.get(indicator.direction, '')}</td>"
            f'<td class="num">{number(indicator.baseline_value, DECIMAL)}</td><td>{indicator.baseline_year}</td>'
            f'<td class="num">{number(row.target, DECIMAL)}</td><td class="num">{number(row.total, DECIMAL)}</td>'
            f"<td>{row.total_year or _NO_FIGURE}</td>"
        ]
        if reporters:
            cells.append(f'<td class="num">{number(row.reporters if row.total_year else None, INT)}</td>')
        cells.append(f'<td class="num">{number(row.progress, PERCENT)}</td><td>{self._badges[row.status]}</td></tr>')
        return "".join(cells)

    def forum_table(self, group) -> ProgressTable:
        """A forum's indicators: a row each, and the bar chart of their progress towards the year's target."""
        table = ProgressTable(
            key=f"forum-{group.forum.pk}",
            caption=_("Indicators of %(owner)s against the targets of %(year)s")
            % {"owner": group.forum.name, "year": self.year},
            head=self._forum_head,
            body=mark_safe(  # noqa: S308 - escaped in _row
                "<tbody>" + "".join(self._row(r, reporters=True) for r in group.rows) + "</tbody>"
            ),
        )
        charted = [(str(r.indicator.name), r.progress) for r in group.rows if r.progress is not None]
        if charted:
            table.chart_config = Chart(
                "bar", [name for name, _progress in charted],
                [series("progress", _("Progress towards the target (%)"), [p for _name, p in charted],
                        COLOUR_PROGRESS)],
                axis_title=_("Percent of the way from the baseline to the target"),
            ).config(language=translation.get_language(), rtl=translation.get_language_bidi())
        return table

    def partnerships_table(self, groups) -> ProgressTable:
        """Every partnership's indicators in one table: a group of rows per partnership, headed by its name
        and how many of its indicators are on track (their charts are on each partnership's dashboard)."""
        bodies = []
        for group in groups:
            summary = ngettext(
                "%(on_track)s of %(total)s indicator on track",
                "%(on_track)s of %(total)s indicators on track",
                len(group.rows),
            ) % {"on_track": group.on_track, "total": len(group.rows)}
            bodies.append(
                f'<tbody><tr class="measure-rowgroup"><th scope="rowgroup" colspan="{self._partnership_span}" '
                f'id="group-partnership-{group.partnership.pk}">{escape(group.partnership.name)} '
                f'<span class="measure-rowgroup-summary">{escape(summary)}</span></th></tr>'
                + "".join(self._row(r, reporters=False) for r in group.rows)
                + "</tbody>"
            )
        return ProgressTable(
            key="partnerships",
            caption=_("Partnerships' indicators against the targets of %(year)s") % {"year": self.year},
            head=self._partnership_head,
            body=mark_safe("".join(bodies)),  # noqa: S308 - escaped here and in _row
        )



@dataclass
class NationalTables:
    """The national view as its page shows it: each forum with its table, the partnerships' table (staff),
    how many indicators there are and how many of them have each status."""

    forums: list[tuple]  # (forum: ForumFacts, table: ProgressTable)
    partnerships: ProgressTable | None
    indicator_count: int
    counts: dict[str, int]


def national_tables(national) -> NationalTables:
    """The tables of a :class:`~impact.selectors.measurement.NationalView`, written for the page's language."""
    tables = ProgressRows(national.year)
    return NationalTables(
        forums=[(group.forum, tables.forum_table(group)) for group in national.forums],
        partnerships=tables.partnerships_table(national.partnerships) if national.partnerships else None,
        indicator_count=national.indicator_count,
        counts=national.status_counts,
    )


# ---- one indicator ---------------------------------------------------------------------------------------


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
            [row.name, *[row.figures.get(period) for period in periods]]
            for row in rows
        ],
        empty=_("No figures have been reported yet."),
    )
    if viewer.is_staff and rows and periods:
        totals = []
        for period in periods:
            figures = [r.figures[period] for r in rows if period in r.figures]
            totals.append(sum(figures, Decimal(0)) if figures else None)
        table.totals = [_("Total"), *totals]
    return table
