"""Cells, columns, tables and charts of the dashboards: what a table holds, how a figure is written
for the reader's language, and what static/js/charts.js receives to draw a chart."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from p2g.templatetags.p2g_dates import when

TEXT, INT, MONEY, HOURS, PERCENT, DECIMAL, DATE, DATETIME, SHORT_DATETIME = (
    "text", "int", "money", "hours", "percent", "decimal", "date", "datetime", "short_datetime",
)
NUMERIC = (INT, MONEY, HOURS, PERCENT, DECIMAL)
EMPTY_CELL = "—"

#: Colours of the charts' series (WCAG 3:1 against white, told apart without colour by the legend and table).
COLOURS = {
    "proposed": "#8a94a6",
    "approved": "#0b4f8a",
    "spent": "#c2571a",
    "personal": "#7a2e8c",
    "regional": "#1d6b33",
    "diaspora": "#0b4f8a",
    "israel": "#c2571a",
    "hours": "#1d6b33",
}


# ---- building blocks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A cell that links somewhere on the page (its text alone in an export)."""

    text: str
    url: str | None

    def __str__(self):
        return self.text


@dataclass
class Column:
    label: str
    kind: str = TEXT
    sort_key: str | None = None
    #: filled by the overview: the link that sorts by this column, and its aria-sort state
    sort_url: str = ""
    aria_sort: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC


@dataclass
class Chart:
    """What static/js/charts.js draws: passed to the page with ``json_script`` (no inline script)."""

    kind: str  # "bar" or "line"
    labels: list[str]
    datasets: list[dict]
    unit: str = "number"  # "money", "percent", "hours" or "number"
    axis_title: str = ""

    def config(self, *, language: str, rtl: bool) -> dict:
        return {
            "type": self.kind,
            "labels": self.labels,
            "datasets": self.datasets,
            "unit": self.unit,
            "currency": settings.P2G_REPORTING_CURRENCY,
            "axisTitle": str(self.axis_title),
            "locale": language,
            "rtl": rtl,
        }


@dataclass
class Table:
    key: str
    caption: str
    columns: list[Column]
    rows: list[list]
    totals: list | None = None
    chart: Chart | None = None
    empty: str = ""
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: set by the page: what charts.js reads (``Chart.config``)
    chart_config: dict | None = None

    @property
    def chart_data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def headers(self) -> list[str]:
        return [str(c.label) for c in self.columns]

    def export_rows(self) -> list[list]:
        """Typed values for the spreadsheet: links as their text, nothing as an empty cell."""
        return [[_plain(value) for value in row] for row in self.rows]

    def html_rows(self) -> list[list[tuple[str, bool]]]:
        return [self._cells(row) for row in self.rows]

    def html_totals(self) -> list[tuple[str, bool]] | None:
        return self._cells(self.totals) if self.totals else None

    def _cells(self, row: list) -> list[tuple[str, bool]]:
        return [(cell_html(value, column.kind), column.is_numeric) for value, column in zip(row, self.columns,
                                                                                             strict=True)]


def _plain(value):
    if isinstance(value, Link):
        return value.text
    return value


_EXPONENTS = {places: Decimal(1).scaleb(-places) for places in range(3)}


def separators() -> tuple[str, str]:
    """The decimal and thousands separators of the current language."""
    return formats.get_format("DECIMAL_SEPARATOR"), formats.get_format("THOUSAND_SEPARATOR")


def _grouped(value, places: int, seps: tuple[str, str] | None = None) -> str:
    """``value`` rounded half up to ``places`` decimals, thousands grouped by threes in every language
    (Django's Hebrew formats leave NUMBER_GROUPING unset, which would print 19000).

    What ``django.utils.numberformat.format(..., grouping=3, force_grouping=True)`` writes, at a
    fraction of its cost (a page of figures formats thousands of them): Python groups the digits,
    then the language's separators replace Python's.
    """
    number = Decimal(value).quantize(_EXPONENTS.get(places) or Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not number:
        number = abs(number)  # never "-0"
    text = f"{number:,f}"
    decimal_sep, thousand_sep = seps or separators()
    if decimal_sep != "." or thousand_sep != ",":
        text = text.translate({ord("."): decimal_sep, ord(","): thousand_sep})
    return text


def number_text(value, kind: str, seps: tuple[str, str] | None = None) -> str:
    """A figure as the reader's language writes it: whole units of money and counts, percentages to
    one decimal, hours and measurements to two decimals when they have any.

    ``seps``: the language's :func:`separators`, for a page that writes many figures and looks them up once.
    """
    if kind == PERCENT:
        return f"{_grouped(value, 1, seps)}%"
    if kind in (INT, MONEY):
        return _grouped(value, 0, seps)
    value = Decimal(value)
    return _grouped(value, 0 if value == value.to_integral_value() else 2, seps)


def cell_html(value, kind: str) -> str:
    if value is None or value == "":
        return EMPTY_CELL
    if isinstance(value, Link):
        if value.url:
            return format_html('<a href="{}">{}</a>', value.url, value.text)
        return conditional_escape(value.text)
    if kind in NUMERIC:
        return number_text(value, kind)
    if kind in (DATE, DATETIME) and isinstance(value, datetime.date):
        return when(value)
    if kind == SHORT_DATETIME and isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        return format_html('<time datetime="{}">{}</time>', local.isoformat(),
                           formats.date_format(local, "SHORT_DATETIME_FORMAT"))
    return conditional_escape(value)


def url_or_none(name: str, *args) -> str | None:
    """The URL of a page another area provides, or None while that area has not built it yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def money_label(text) -> str:
    return _("%(figure)s (%(currency)s)") % {"figure": text, "currency": settings.P2G_REPORTING_CURRENCY}


def series(key: str, label, data: list) -> dict:
    return {"key": key, "label": str(label), "data": [float(v) if v is not None else None for v in data],
            "color": COLOURS[key]}
