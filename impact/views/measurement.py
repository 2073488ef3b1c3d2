"""Shared measurement: the national view, one indicator, and reporting figures.

- ``indicator_list`` (``measurement/?year=``): every forum's indicators against the year's target,
  grouped by forum (and, for staff, the partnerships' indicators). Staff and partners.
- ``indicator_detail`` (``measurement/indicators/<pk>/``): baseline, targets and totals per year as a
  chart and the same figures as a table; figures per organisation (staff: all; a partner: their own).
  Staff change the indicator and its targets here (``indicator_create``, ``indicator_edit``,
  ``indicator_target_set``, ``indicator_target_delete``) and record a partnership's figure
  (``indicator_figure``). ``indicator_export``: either table as CSV or XLSX (formula-safe).
- ``report_list`` (``measurement/report/?organisation=&year=``) and ``report_edit``: an
  organisation's figures for a year, reported or corrected one by one.

Who sees what is in ``impact.selectors.measurement`` (its docstring). Outsiders (neither staff nor a
partner) get 404 from every URL here, whatever the method: ``measurement_view`` wraps each view
outermost. A partner asking for a staff action on an indicator they can read gets 403; another
organisation's figures or report form are 404, as if they did not exist.
"""

import functools
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impact import permissions
from p2g.exports import FORMATS, tabular_response
from partnerships.models import Forum, Partnership
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

from ..forms.measurement import IndicatorForm, MeasurementReportForm, TargetForm
from ..selectors import measurement as selectors
from ..services import measurement as services

#: Colours of the series (3:1 against white at least; told apart by the legend and the table too).
COLOUR_TARGET = "#c2571a"
COLOUR_TOTAL = "#0b4f8a"
COLOUR_PROGRESS = "#1d6b33"
YEARS_OFFERED = 10
TABLES = ("years", "organisations")


# ---- who is looking -----------------------------------------------------------------------------


def viewer_of(request) -> selectors.Viewer:
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if permissions.is_backbone(user):
        return selectors.Viewer(user, is_staff=True, is_partner=True)
    organisation_ids = frozenset(permissions.organisation_ids(user))
    forum_ids = frozenset(permissions.forum_ids(user))
    # A partner: a contact of an organisation, or a person (or organisation) with a current forum seat.
    partner = bool(organisation_ids) or bool(forum_ids)
    return selectors.Viewer(user, is_staff=False, organisation_ids=organisation_ids, forum_ids=forum_ids,
                            is_partner=partner)


def measurement_view(view):
    """Resolve the viewer (404 for anybody who is neither staff nor a partner) and call the view as
    ``view(request, viewer, **url_kwargs)``."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        viewer = viewer_of(request)
        if not viewer.may_read:
            raise Http404
        return view(request, viewer, *args, **kwargs)

    return wrapper


def _require_staff(viewer) -> None:
    if not viewer.is_staff:
        raise PermissionDenied


def _add_service_error(form, exc: ValidationError) -> None:
    """A service's error on its field when the form has that field, else above the form."""
    if hasattr(exc, "error_dict") and all(name in form.fields for name in exc.error_dict):
        form.add_error(None, exc)
    else:
        form.add_error(None, exc.messages)


def _figure(value) -> str:
    return "" if value is None else number_text(value, DECIMAL)


class Badge:
    """A status cell: a badge on the page, its words alone in an export."""

    def __init__(self, status: str, label):
        self.status, self.label = status, label

    def __str__(self):
        return str(self.label)

    def __html__(self):
        return format_html('<span class="measure-status measure-{}">{}</span>', self.status.replace("_", "-"),
                           self.label)


def _configured(table: Table) -> Table:
    if table.chart is not None:
        table.chart_config = table.chart.config(language=translation.get_language(),
                                                rtl=translation.get_language_bidi())
    return table


def _series(key: str, label, data, colour: str) -> dict:
    return {"key": key, "label": str(label), "data": [float(v) if v is not None else None for v in data],
            "color": colour}


def _years_offered(selected: int, *, ahead: int = 0) -> list[int]:
    this_year = selectors.current_year()
    years = set(range(this_year + ahead, this_year - YEARS_OFFERED, -1)) | {selected}
    return sorted(years, reverse=True)


# ---- the national view --------------------------------------------------------------------------


def _progress_table(key: str, owner: str, rows: list, year: int) -> Table:
    with_progress = [r for r in rows if r.progress is not None]
    return _configured(Table(
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
            [_series("progress", _("Progress towards the target (%)"), [r.progress for r in with_progress],
                     COLOUR_PROGRESS)],
            axis_title=_("Percent of the way from the baseline to the target"),
        ) if with_progress else None,
    ))


@measurement_view
@require_GET
def indicator_list(request, viewer):
    year = selectors.year_choose(request.GET.get("year"))
    national = selectors.national_view(viewer, year)
    forums = [
        (group, _progress_table(f"forum-{group.forum.pk}", str(group.forum.name), group.rows, year))
        for group in national.forums
    ]
    partnerships = [
        (group, _progress_table(f"partnership-{group.partnership.pk}", str(group.partnership.name), group.rows, year))
        for group in national.partnerships
    ]
    return render(request, "impact/measurement/indicator_list.html", {
        "viewer": viewer,
        "year": year,
        "years": _years_offered(year, ahead=1),
        "national": national,
        "forums": forums,
        "partnerships": partnerships,
        "counts": national.status_counts,
    })


# ---- one indicator ------------------------------------------------------------------------------


def _years_table(indicator, years: list) -> Table:
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
    return _configured(Table(
        key="years",
        caption=_("%(indicator)s: target and total per year") % {"indicator": indicator.name},
        columns=columns,
        rows=rows,
        chart=Chart(
            "line", [str(row.period) for row in years],
            [
                _series("target", _("Target"), [row.target for row in years], COLOUR_TARGET),
                _series("total", _("Total") if by_forum else _("Figure"), [row.total for row in years], COLOUR_TOTAL),
            ],
            axis_title=str(indicator.unit or ""),
        ),
    ))


def _organisations_table(indicator, viewer, periods: list[int], rows: list) -> Table:
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


def _detail_page(request, viewer, indicator, *, target_form=None, status=200):
    years = selectors.indicator_years(indicator)
    periods, organisations = selectors.indicator_organisation_figures(indicator, viewer)
    this_year = selectors.current_year()
    targets = selectors.indicator_targets(indicator) if viewer.is_staff else []
    for target in targets:
        target.value_text = _figure(target.target_value)
    # A contact of an organisation that sits on this forum (or staff) reports its figures.
    reports_here = indicator.forum_id is not None and (
        viewer.is_staff or (bool(viewer.organisation_ids) and indicator.forum_id in viewer.forum_ids)
    )
    context = {
        "viewer": viewer,
        "indicator": indicator,
        "years_table": _years_table(indicator, years),
        "organisations_table": _organisations_table(indicator, viewer, periods, organisations),
        "shows_organisations": indicator.forum_id is not None and (viewer.is_staff or bool(organisations)),
        "targets": targets,
        "baseline_text": _figure(indicator.baseline_value),
        "target_form": (target_form or TargetForm(initial={"period": this_year})) if viewer.is_staff else None,
        "figure_years": (
            [row.period for row in years if not row.is_baseline and not row.is_future]
            if viewer.is_staff and indicator.partnership_id else []
        ),
        "reports_here": reports_here,
        "this_year": this_year,
        "formats": FORMATS,
    }
    return render(request, "impact/measurement/indicator_detail.html", context, status=status)


@measurement_view
@require_GET
def indicator_detail(request, viewer, indicator_pk: int):
    indicator = selectors.indicator_for(viewer, indicator_pk)
    return _detail_page(request, viewer, indicator)


@measurement_view
@require_GET
def indicator_export(request, viewer, indicator_pk: int, table: str, fmt: str):
    indicator = selectors.indicator_for(viewer, indicator_pk)
    if table not in TABLES or fmt not in FORMATS:
        raise Http404
    if table == "years":
        result = _years_table(indicator, selectors.indicator_years(indicator))
    else:
        periods, rows = selectors.indicator_organisation_figures(indicator, viewer)
        result = _organisations_table(indicator, viewer, periods, rows)
    name = slugify(indicator.name_en or "") or f"indicator-{indicator.pk}"
    rows = result.export_rows()
    if result.totals:
        rows.append([str(value) if isinstance(value, Badge) else value for value in result.totals])
    return tabular_response(fmt, f"{name}-{table}", result.headers, rows, sheet_title=str(indicator.name))


@measurement_view
@require_POST
def indicator_target_set(request, viewer, indicator_pk: int):
    indicator = selectors.indicator_for(viewer, indicator_pk)
    _require_staff(viewer)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            target, created = services.indicator_target_set(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            text = _("The target for %(year)s is set: %(value)s.") if created else _(
                "The target for %(year)s is now %(value)s.")
            messages.success(request, text % {"year": target.period, "value": _figure(target.target_value)})
            return redirect(reverse("impact:indicator_detail", args=[indicator.pk]) + "#targets")
    return _detail_page(request, viewer, indicator, target_form=form)


@measurement_view
@require_POST
def indicator_target_delete(request, viewer, indicator_pk: int, period: int):
    indicator = selectors.indicator_for(viewer, indicator_pk)
    _require_staff(viewer)
    try:
        services.indicator_target_delete(indicator=indicator, period=period, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The target for %(year)s is removed.") % {"year": period})
    return redirect(reverse("impact:indicator_detail", args=[indicator.pk]) + "#targets")


def _indicator_form(data=None, **kwargs) -> IndicatorForm:
    return IndicatorForm(
        data,
        forums=list(Forum.objects.order_by("name", "pk")),
        partnerships=list(Partnership.objects.order_by("name", "pk")),
        **kwargs,
    )


@measurement_view
@require_http_methods(["GET", "POST"])
def indicator_create(request, viewer):
    _require_staff(viewer)
    initial = {"baseline_year": selectors.current_year() - 1}
    forum_pk = request.GET.get("forum", "")
    if forum_pk.isdigit():
        initial["owner"] = f"forum:{forum_pk}"
    form = _indicator_form(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(request, _("The indicator %(name)s is defined. Now set its targets.")
                             % {"name": indicator.name})
            return redirect(reverse("impact:indicator_detail", args=[indicator.pk]) + "#targets")
    return render(request, "impact/measurement/indicator_form.html", {"form": form, "indicator": None})


@measurement_view
@require_http_methods(["GET", "POST"])
def indicator_edit(request, viewer, indicator_pk: int):
    indicator = selectors.indicator_for(viewer, indicator_pk)
    _require_staff(viewer)
    initial = {
        "owner": IndicatorForm.owner_key(indicator),
        **{name: getattr(indicator, name) for name in (
            "name_en", "name_he", "description_en", "description_he", "unit_en", "unit_he", "direction",
            "aggregation", "baseline_value", "baseline_year",
        )},
    }
    form = _indicator_form(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("impact:indicator_detail", indicator_pk=indicator.pk)
    return render(request, "impact/measurement/indicator_form.html", {"form": form, "indicator": indicator})


# ---- reporting figures ----------------------------------------------------------------------------


def _int_or_none(raw):
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None


def _report_list_url(organisation_pk, year) -> str:
    return reverse("impact:report_list") + f"?organisation={organisation_pk}&year={year}"


@measurement_view
@require_GET
def report_list(request, viewer):
    this_year = selectors.current_year()
    year = selectors.year_choose(request.GET.get("year"), latest=this_year)
    organisations = list(selectors.reporting_organisations(viewer))
    asked = _int_or_none(request.GET.get("organisation"))
    organisation = next((o for o in organisations if o.pk == asked), None)
    if asked is not None and organisation is None:
        raise Http404  # another organisation's figures: as if it did not exist
    if organisation is None and len(organisations) == 1 and not viewer.is_staff:
        organisation = organisations[0]
    rows = selectors.organisation_report(organisation, year) if organisation else []
    for row in rows:
        row.value_text = _figure(row.measurement.value) if row.measurement else ""
        row.target_text = _figure(row.target)
        for correction in row.corrections:
            correction_texts(correction)
    return render(request, "impact/measurement/report_list.html", {
        "viewer": viewer,
        "year": year,
        "years": _years_offered(year),
        "organisations": organisations,
        "organisation": organisation,
        "rows": rows,
        "reported": sum(1 for row in rows if row.measurement),
        "reportable": sum(1 for row in rows if row.reportable),
    })


def correction_texts(correction) -> None:
    """The figures of a correction as the reader's language writes them (for the templates)."""
    correction.old_text = _figure(correction.old_value)
    correction.new_text = _figure(correction.new_value)


def _report_page(request, viewer, *, indicator, organisation, period, form, back_url, status=200):
    measurement = selectors.figure_of(indicator, organisation, period)
    corrections = selectors.measurement_corrections([measurement.pk]).get(measurement.pk, []) if measurement else []
    for correction in corrections:
        correction_texts(correction)
    target = indicator.targets.filter(period=period).values_list("target_value", flat=True).first()
    return render(request, "impact/measurement/report_form.html", {
        "viewer": viewer,
        "indicator": indicator,
        "organisation": organisation,
        "period": period,
        "form": form,
        "measurement": measurement,
        "value_text": _figure(measurement.value) if measurement else "",
        "target_text": _figure(target),
        "corrections": list(reversed(corrections)),
        "back_url": back_url,
    }, status=status)


def _report(request, viewer, *, indicator, organisation, period, back_url):
    """The report form of one figure (GET), or the report itself (POST)."""
    if request.method == "POST":
        form = MeasurementReportForm(request.POST)
        if form.is_valid():
            try:
                reported = services.measurement_report(
                    indicator=indicator, organisation=organisation, period=period, by=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                _add_service_error(form, exc)
            else:
                values = {"indicator": indicator.name, "year": period, "value": _figure(reported.measurement.value),
                          "old": _figure(reported.previous_value)}
                if reported.created:
                    messages.success(request, _("%(indicator)s, %(year)s: %(value)s is reported. Thank you.") % values)
                elif reported.corrected:
                    messages.success(request, _("%(indicator)s, %(year)s: corrected from %(old)s to %(value)s.")
                                     % values)
                else:
                    messages.success(request, _("%(indicator)s, %(year)s: saved.") % values)
                return redirect(back_url)
    else:
        existing = selectors.figure_of(indicator, organisation, period)
        form = MeasurementReportForm(initial={"value": existing.value, "note": existing.note} if existing else None)
    return _report_page(request, viewer, indicator=indicator, organisation=organisation, period=period, form=form,
                        back_url=back_url)


@measurement_view
@require_http_methods(["GET", "POST"])
def report_edit(request, viewer, organisation_pk: int, indicator_pk: int, period: int):
    organisation = selectors.organisation_for(viewer, organisation_pk)
    indicator = selectors.reportable_indicator_for(viewer, organisation, indicator_pk, period)
    if period <= indicator.baseline_year:
        raise Http404
    return _report(request, viewer, indicator=indicator, organisation=organisation, period=period,
                   back_url=_report_list_url(organisation.pk, period))


@measurement_view
@require_http_methods(["GET", "POST"])
def indicator_figure(request, viewer, indicator_pk: int, period: int):
    """A partnership's own figure for a year (no organisation): staff record and correct it."""
    indicator = selectors.indicator_for(viewer, indicator_pk)
    if indicator.partnership_id is None or not indicator.baseline_year < period <= selectors.current_year():
        raise Http404
    _require_staff(viewer)
    return _report(request, viewer, indicator=indicator, organisation=None, period=period,
                   back_url=reverse("impact:indicator_detail", args=[indicator.pk]) + "#years")
