"""My hours: totals by year and program, logging hours for a shift, a printable certificate."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import selectors, services
from ..hours_forms import HoursLogForm

#: Partnership 2000 began in 1994: no volunteer hours before that.
FIRST_YEAR = 1994
HOURS_PER_PAGE = 50


def _totals_by_year(rows: list[dict]) -> list[dict]:
    """``hours_totals`` rows grouped: ``[{year, programs: [...], total}]``, latest year first."""
    years: dict[int, dict] = {}
    for row in rows:
        year = years.setdefault(row["year"], {"year": row["year"], "programs": [], "total": Decimal(0)})
        year["programs"].append(row)
        year["total"] += row["hours"]
    return sorted(years.values(), key=lambda y: y["year"], reverse=True)


@require_safe
def my_hours(request):
    years = _totals_by_year(selectors.hours_totals(user=request.user))
    page = Paginator(selectors.hours_of(request.user).order_by("-date", "-pk"), HOURS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "volunteers/portal/hours.html", {"years": years, "page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def hours_log(request, shift_pk):
    # Only a shift this person signed up for: any other id answers 404, as a missing one does.
    signup = get_object_or_404(selectors.signups_of(request.user), shift_id=shift_pk)
    shift = signup.shift
    if request.method == "POST":
        form = HoursLogForm(request.POST)
        if form.is_valid():
            try:
                services.hours_log(
                    volunteer=request.user,
                    shift_id=shift.pk,
                    hours=form.cleaned_data["hours"],
                    description=form.cleaned_data["description"].strip(),
                )
            except ValidationError as error:
                form.add_error("hours" if getattr(error, "code", None) == "hours_range" else None, error)
            else:
                messages.success(
                    request, _("Thank you! Your hours were logged and are waiting for approval.")
                )
                return redirect("volunteers:my_hours")
    else:
        form = HoursLogForm(initial={"hours": services.shift_duration_hours(shift)})
    return render(
        request, "volunteers/portal/hours_log.html", {"form": form, "signup": signup, "shift": shift}
    )


@require_safe
def hours_certificate(request, year):
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise Http404
    programs = [row for row in selectors.hours_totals(user=request.user) if row["year"] == year]
    context = {
        "year": year,
        "programs": programs,
        "total": sum((row["hours"] for row in programs), Decimal(0)),
        "issued": today,
        "person": request.user,
    }
    return render(request, "volunteers/portal/certificate.html", context)
