"""Reporting figures: an organisation's figures for a year, each reported or corrected on its own form,
and a partnership's own figure (staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ...forms.measurement import MeasurementReportForm
from ...selectors import measurement as selectors
from ...services import measurement as services
from .tables import figure_input, figure_text
from .viewer import add_service_error, measurement_view, require_staff, years_offered


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
        row.value_text = figure_text(row.measurement.value) if row.measurement else ""
        row.target_text = figure_text(row.target)
        # The latest correction here; every one of them on the figure's own page (its history).
        row.earlier_corrections = max(len(row.corrections) - 1, 0)
        if row.last_correction:
            correction_texts(row.last_correction)
    return render(request, "impact/measurement/report_list.html", {
        "viewer": viewer,
        "year": year,
        "years": years_offered(year),
        "organisations": organisations,
        "organisation": organisation,
        "rows": rows,
        "reported": sum(1 for row in rows if row.measurement),
        "reportable": sum(1 for row in rows if row.reportable),
    })


def correction_texts(correction) -> None:
    """The figures of a correction as the reader's language writes them (for the templates)."""
    correction.old_text = figure_text(correction.old_value)
    correction.new_text = figure_text(correction.new_value)


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
        "value_text": figure_text(measurement.value) if measurement else "",
        "target_text": figure_text(target),
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
                add_service_error(form, exc)
            else:
                values = {"indicator": indicator.name, "year": period, "value": figure_text(reported.measurement.value),
                          "old": figure_text(reported.previous_value)}
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
        form = MeasurementReportForm(
            initial={"value": figure_input(existing.value), "note": existing.note} if existing else None
        )
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
    require_staff(viewer)
    return _report(request, viewer, indicator=indicator, organisation=None, period=period,
                   back_url=reverse("impact:indicator_detail", args=[indicator.pk]) + "#years")
