"""Either table of an indicator's page as CSV or XLSX (formula-safe): ``indicator_export``."""

from django.http import Http404
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from p2g.exports import FORMATS, tabular_response

from ...selectors import measurement as selectors
from .tables import Badge, organisations_table, years_table
from .viewer import measurement_view

TABLES = ("years", "organisations")


@measurement_view
@require_GET
def indicator_export(request, viewer, indicator_pk: int, table: str, fmt: str):
    indicator = selectors.indicator_for(viewer, indicator_pk)
    if table not in TABLES or fmt not in FORMATS:
        raise Http404
    if table == "years":
        result = years_table(indicator, selectors.indicator_years(indicator))
    else:
        periods, rows = selectors.indicator_organisation_figures(indicator, viewer)
        result = organisations_table(indicator, viewer, periods, rows)
    name = slugify(indicator.name_en or "") or f"indicator-{indicator.pk}"
    rows = result.export_rows()
    if result.totals:
        rows.append([str(value) if isinstance(value, Badge) else value for value in result.totals])
    return tabular_response(fmt, f"{name}-{table}", result.headers, rows, sheet_title=str(indicator.name))
