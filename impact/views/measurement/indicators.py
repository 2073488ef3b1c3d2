"""The national view and one indicator's page, with the staff's changes to indicators and targets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from p2g.exports import FORMATS
from partnerships.models import Forum, Partnership

from ...forms.measurement import IndicatorForm, TargetForm
from ...selectors import measurement as selectors
from ...services import measurement as services
from . import cache
from .tables import figure_input, figure_text, national_tables, organisations_table, table_html, years_table
from .viewer import add_service_error, measurement_view, require_staff, years_offered


@measurement_view
@require_GET
def indicator_list(request, viewer):
    year = selectors.year_choose(request.GET.get("year"))
    national = cache.national_tables(
        viewer.audience, year, lambda: national_tables(selectors.national_view(viewer, year))
    )
    return render(request, "impact/measurement/indicator_list.html", {
        "viewer": viewer,
        "year": year,
        "years": years_offered(year, ahead=1),
        "national": national,
        # (forum, the reader's organisation sits on it, its table)
        "forums": [(forum, forum.pk in viewer.forum_ids, table) for forum, table in national.forums],
        "counts": national.counts,
    })


def _detail_page(request, viewer, indicator, *, target_form=None, status=200):
    targets = selectors.indicator_targets(indicator)
    year_rows = selectors.indicator_years(indicator, targets=targets)
    periods, organisation_rows = selectors.indicator_organisation_figures(indicator, viewer)
    years = years_table(indicator, year_rows)
    organisations = organisations_table(indicator, viewer, periods, organisation_rows)
    this_year = selectors.current_year()
    if not viewer.is_staff:
        targets = []  # the staff's table of targets, to change them (everybody sees them in the years' table)
    for target in targets:
        target.value_text = figure_text(target.target_value)
    # A contact of an organisation that sits on this forum (or staff) reports its figures.
    reports_here = indicator.forum_id is not None and (
        viewer.is_staff or (bool(viewer.organisation_ids) and indicator.forum_id in viewer.forum_ids)
    )
    context = {
        "viewer": viewer,
        "indicator": indicator,
        "years_table": years,
        "years_table_html": table_html(years),
        "organisations_table": organisations,
        "organisations_table_html": table_html(organisations),
        "shows_organisations": indicator.forum_id is not None and (viewer.is_staff or bool(organisation_rows)),
        "targets": targets,
        "baseline_text": figure_text(indicator.baseline_value),
        "target_form": (target_form or TargetForm(initial={"period": this_year})) if viewer.is_staff else None,
        "figure_years": (
            [row.period for row in year_rows if not row.is_baseline and not row.is_future]
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
@require_POST
def indicator_target_set(request, viewer, indicator_pk: int):
    indicator = selectors.indicator_for(viewer, indicator_pk)
    require_staff(viewer)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            target, created = services.indicator_target_set(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            text = _("The target for %(year)s is set: %(value)s.") if created else _(
                "The target for %(year)s is now %(value)s.")
            messages.success(request, text % {"year": target.period, "value": figure_text(target.target_value)})
            return redirect(reverse("impact:indicator_detail", args=[indicator.pk]) + "#targets")
    return _detail_page(request, viewer, indicator, target_form=form)


@measurement_view
@require_POST
def indicator_target_delete(request, viewer, indicator_pk: int, period: int):
    indicator = selectors.indicator_for(viewer, indicator_pk)
    require_staff(viewer)
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
    require_staff(viewer)
    initial = {"baseline_year": selectors.current_year() - 1}
    forum_pk = request.GET.get("forum", "")
    if forum_pk.isdigit():
        initial["owner"] = f"forum:{forum_pk}"
    form = _indicator_form(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The indicator %(name)s is defined. Now set its targets.")
                             % {"name": indicator.name})
            return redirect(reverse("impact:indicator_detail", args=[indicator.pk]) + "#targets")
    return render(request, "impact/measurement/indicator_form.html", {"form": form, "indicator": None})


@measurement_view
@require_http_methods(["GET", "POST"])
def indicator_edit(request, viewer, indicator_pk: int):
    indicator = selectors.indicator_for(viewer, indicator_pk)
    require_staff(viewer)
    initial = {
        "owner": IndicatorForm.owner_key(indicator),
        **{name: getattr(indicator, name) for name in (
            "name_en", "name_he", "description_en", "description_he", "unit_en", "unit_he", "direction",
            "aggregation", "baseline_year",
        )},
        "baseline_value": figure_input(indicator.baseline_value),
    }
    form = _indicator_form(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("impact:indicator_detail", indicator_pk=indicator.pk)
    return render(request, "impact/measurement/indicator_form.html", {"form": form, "indicator": indicator})
