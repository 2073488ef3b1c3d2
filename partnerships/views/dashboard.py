"""Dashboards: one partnership's fiscal year, and the staff overview of every partnership.

- ``dashboard`` (``partnerships/<pk>/?year=``): every member of the partnership and staff.
- ``dashboard_export`` (``partnerships/<pk>/dashboard/<table>.<csv|xlsx>?year=``): any table of it.
- ``staff_overview`` (``partnerships/?year=&sort=``): staff only. A committee member who opens it is
  sent to their own partnership (through ``my_partnerships``); anybody else gets 403.
- ``staff_overview_export`` (``partnerships/overview.<csv|xlsx>?year=&sort=``): staff only (403).

The fiscal year is the calendar year; ``?year=`` outside the years with data falls back to the
current one, ``?sort=`` outside the whitelist to the partnership's name: never an error.
Figures: ``partnerships.selectors.dashboard`` (aggregated in the database, a fixed number of queries);
the dashboard's body is kept for a few minutes and dropped when its data changes (``.cache``).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET

from p2g.exports import FORMATS, tabular_response
from programs.money import Rates

from .. import permissions
from ..permissions import partnership_view
from ..selectors import dashboard as figures
from ..selectors.dashboard import cache as dashboard_cache
from ..selectors.dashboard import tables


def _for_page(by_key: dict) -> dict:
    """The tables by a name templates can use (``budget_by_category``), their charts configured for
    the page's language and direction."""
    language, rtl = translation.get_language(), translation.get_language_bidi()
    for table in by_key.values():
        if table.chart is not None:
            table.chart_config = table.chart.config(language=language, rtl=rtl)
    return {key.replace("-", "_"): table for key, table in by_key.items()}


def _dashboard_body(partnership, year_asked) -> str:
    """The dashboard's figures, tables and charts as HTML (the same for every reader of this language)."""
    summary = figures.partnership_summary(partnership)
    year = figures.year_choose(year_asked, summary.years)
    data = tables.DashboardData(partnership, year, summary=summary)
    return render_to_string(
        "partnerships/dashboard/_body.html",
        {
            "partnership_pk": partnership.pk,
            "year": year,
            "years": summary.years,
            "tables": _for_page(tables.dashboard_tables(data)),
            "missing_rates": data.missing_rates,
            "reporting_currency": data.rates.reporting,
        },
    )


@require_GET
@partnership_view
def dashboard(request, access):
    partnership = access.partnership
    year_asked = request.GET.get("year")
    body = dashboard_cache.body(partnership.pk, year_asked, lambda: _dashboard_body(partnership, year_asked))
    return render(request, "partnerships/dashboard/dashboard.html", {"access": access, "tab": "dashboard", "body": body})


@require_GET
@partnership_view
def dashboard_export(request, access, table: str, fmt: str):
    build = tables.DASHBOARD_TABLES.get(table)
    if build is None or fmt not in FORMATS:
        raise Http404
    partnership = access.partnership
    summary = figures.partnership_summary(partnership)
    year = figures.year_choose(request.GET.get("year"), summary.years)
    result = build(tables.DashboardData(partnership, year, summary=summary))
    return tabular_response(
        fmt, tables.export_filename(partnership, year, table), result.headers, result.export_rows(),
        sheet_title=str(year),
    )


def _staff_only(request, *, redirect_members: bool):
    """None for staff; a redirect for a committee member (pages only); 403 for anybody else."""
    if request.user.is_staff:
        return None
    if redirect_members and permissions.is_committee_member(request.user):
        return redirect("partnerships:my_partnerships")
    raise PermissionDenied


def _overview(request):
    years = figures.overview_years()
    year = figures.year_choose(request.GET.get("year"), years)
    key, descending = tables.overview_sort_parse(request.GET.get("sort"))
    overview = figures.staff_overview(year, Rates.load())
    return years, year, key, descending, overview, tables.overview_table(overview, key=key, descending=descending)


def _overview_body(request) -> str:
    years, year, key, descending, overview, table = _overview(request)
    for column in table.columns:
        sorted_here = column.sort_key == key
        next_order = f"-{column.sort_key}" if sorted_here and not descending else column.sort_key
        column.sort_url = f"?year={year}&sort={next_order}"
        if sorted_here:
            column.aria_sort = "descending" if descending else "ascending"
    return render_to_string(
        "partnerships/dashboard/_overview_body.html",
        {
            "year": year,
            "years": years,
            "sort": f"-{key}" if descending else key,
            "table": table,
            "missing_rates": overview.missing,
        },
    )


@require_GET
def staff_overview(request):
    refused = _staff_only(request, redirect_members=True)
    if refused is not None:
        return refused
    key, descending = tables.overview_sort_parse(request.GET.get("sort"))
    body = dashboard_cache.overview(
        request.GET.get("year"), f"-{key}" if descending else key, lambda: _overview_body(request)
    )
    return render(request, "partnerships/dashboard/overview.html", {"body": body})


@require_GET
def staff_overview_export(request, fmt: str):
    _staff_only(request, redirect_members=False)
    if fmt not in FORMATS:
        raise Http404
    _years, year, _key, _descending, _overview_figures, table = _overview(request)
    return tabular_response(fmt, f"partnerships-{year}", table.headers, table.export_rows(), sheet_title=str(year))
