"""Tables people download: CSV and XLSX responses that a spreadsheet opens safely.

``tabular_response(fmt, filename, headers, rows)`` is the one entry point. Every text cell is
neutralised against formula injection (OWASP "CSV Injection"): a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote, so Excel, LibreOffice
and Google Sheets show it as text instead of running it. Numbers, dates and times keep their type
(real numbers and dates in XLSX), so sums and sorting work.

CSV is UTF-8 with a byte-order mark (Excel otherwise reads Hebrew as mojibake). XLSX comes from an
openpyxl write-only workbook (constant memory per row); its sheet reads right to left when the page
language does (Hebrew).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)

CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: Characters Excel forbids in a sheet's name.
_SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})

NUMBER_TYPES = (int, float, Decimal)
DATE_TYPES = (datetime.date, datetime.time)  # datetime.datetime is a datetime.date


def safe_text(value) -> str:
    """Text a spreadsheet will not run: a leading formula character is escaped with ``'``."""
    text = "" if value is None else str(value)
    # Control characters go first (openpyxl refuses them, and "\x0b=1+1" must not turn into "=1+1").
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _local_naive(value: datetime.datetime) -> datetime.datetime:
    """Spreadsheets have no time zones: the time as read in the active zone, without tzinfo."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def cell_value(value):
    """A value ready for a cell: numbers and dates stay typed, everything else becomes safe text.

    ``bool`` is checked before numbers (it is an ``int``); a ``datetime`` loses its time zone
    after conversion to the active one.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, NUMBER_TYPES):
        return value
    if isinstance(value, datetime.datetime):
        return _local_naive(value)
    if isinstance(value, DATE_TYPES):
        return value
    return safe_text(value)


def _csv_text(value) -> str:
    value = cell_value(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, DATE_TYPES):
        return value.isoformat()
    return str(value)


def _csv_bytes(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # byte-order mark: Excel then reads UTF-8 (Hebrew) correctly
    writer = csv.writer(buffer)
    writer.writerow([_csv_text(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def _sheet_title(title: str) -> str:
    title = str(title).translate(_SHEET_TITLE_FORBIDDEN).strip().strip("'")
    return (title or "Sheet")[:31]


def _xlsx_bytes(headers: Sequence, rows: Iterable[Sequence], *, sheet_title: str, rtl: bool) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_title))
    sheet.sheet_view.rightToLeft = rtl
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=cell_value(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([cell_value(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tabular_response(
    fmt: str,
    filename: str,
    headers: Sequence,
    rows: Iterable[Sequence],
    *,
    sheet_title: str | None = None,
    rtl: bool | None = None,
) -> HttpResponse:
    """A download of ``headers`` and ``rows`` as ``<filename>.<fmt>`` (CSV or XLSX).

    ``headers`` may be lazy translations: they are rendered in the active language. ``rtl``
    defaults to the direction of the active language. An unknown ``fmt`` is a 404 (it comes from
    the URL).
    """
    if fmt not in FORMATS:
        raise Http404
    if rtl is None:
        rtl = translation.get_language_bidi()
    if fmt == CSV:
        content = _csv_bytes(headers, rows)
    else:
        content = _xlsx_bytes(headers, rows, sheet_title=sheet_title or filename, rtl=rtl)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
