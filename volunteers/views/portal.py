"""Finding opportunities and taking shifts: the public list and page, sign-up and cancellation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from p2g.templatetags.p2g_dates import hebrew_date

from .. import permissions, selectors, services
from ..cards import opportunity_cards
from ..filters import OpportunityFilter
from ..models import Shift

PER_PAGE = 20


def _places_left(shift) -> int:
    return max(0, shift.capacity - shift.taken)


def _shift_text(shift) -> str:
    """"Sunday, 29 November 2026, 18:00–21:00" in the viewer's time zone, as plain text for a message."""
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    text = f"{formats.date_format(start, 'l')}, {formats.date_format(start, 'DATE_FORMAT')}, "
    text += formats.time_format(start, "TIME_FORMAT") + "–"
    if start.date() != end.date():
        text += formats.date_format(end, "DATE_FORMAT") + ", "
    text += formats.time_format(end, "TIME_FORMAT")
    if translation.get_language() == "he":
        text += f" ({hebrew_date(shift.starts_at)})"
    return text


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_not_required
@require_GET
def opportunity_list(request):
    filterset = OpportunityFilter(request.GET, queryset=selectors.opportunity_list())
    page = selectors.opportunity_page(filterset.qs, number=request.GET.get("page"), per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "volunteers/portal/opportunity_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page": page,
            "cards": opportunity_cards(page.object_list),
            "query": query.urlencode(),
        },
    )


@login_not_required
@require_GET
def opportunity_detail(request, pk):
    opportunity = selectors.opportunity_detail(pk=pk)
    if opportunity is None:
        raise Http404
    shifts = opportunity.upcoming
    mine = []
    if request.user.is_authenticated and shifts:
        # The person's active sign-ups around these shifts: theirs here, and any that overlap.
        mine = list(
            selectors.signups_of(request.user).filter(
                status__in=services.ACTIVE,
                shift__starts_at__lt=max(s.ends_at for s in shifts),
                shift__ends_at__gt=min(s.starts_at for s in shifts),
            )
        )
    held = {signup.shift_id: signup for signup in mine}
    now = timezone.now()
    for shift in shifts:
        shift.places_left = _places_left(shift)
        shift.signup = held.get(shift.pk)
        if shift.signup is not None:
            shift.signup.shift = shift
            shift.cancel_deadline = services.signup_cancel_deadline(shift)
            shift.can_cancel = services.signup_can_cancel(shift.signup, now=now)
            shift.overlaps = []
        else:
            shift.overlaps = [
                s.shift for s in mine if s.shift.starts_at < shift.ends_at and s.shift.ends_at > shift.starts_at
            ]
    return render(request, "volunteers/portal/opportunity_detail.html", {"opportunity": opportunity, "shifts": shifts})


@require_POST
def shift_sign_up(request, pk):
    try:
        result = services.shift_sign_up(shift_id=pk, volunteer=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        listing = reverse("volunteers:opportunity_list")
        # A shift gone or closed may have taken its opportunity's page with it: back to the list.
        closed = error.code in ("shift_missing", "shift_closed")
        return redirect(listing if closed else _safe_next(request, listing))
    shift = result.signup.shift
    if result.waitlisted:
        counted = selectors.shifts_with_places(Shift.objects.filter(pk=shift.pk)).first()
        position = counted.waiting if counted else 1
        messages.warning(
            request,
            _(
                "The shift is full: you are number %(position)s on the waitlist. "
                "We will email you if a place opens."
            )
            % {"position": position},
        )
    else:
        messages.success(
            request,
            _("You have a place on %(opportunity)s, %(when)s.")
            % {"opportunity": shift.opportunity.title, "when": _shift_text(shift)},
        )
    if result.overlaps:
        listed = "; ".join(f"{s.opportunity.title}, {_shift_text(s)}" for s in result.overlaps)
        messages.warning(
            request,
            ngettext(
                "This shift overlaps another shift you signed up for: %(shifts)s.",
                "This shift overlaps other shifts you signed up for: %(shifts)s.",
                len(result.overlaps),
            )
            % {"shifts": listed},
        )
    return redirect("volunteers:opportunity_detail", pk=shift.opportunity_id)


@require_http_methods(["GET", "POST"])
def signup_cancel(request, pk):
    signup = permissions.signup_for_volunteer(request.user, pk)
    shift = signup.shift
    context = {
        "signup": signup,
        "shift": shift,
        "deadline": services.signup_cancel_deadline(shift),
        "can_cancel": services.signup_can_cancel(signup),
        "is_active": signup.status in services.ACTIVE,
    }
    if request.method == "POST":
        try:
            services.signup_cancel(signup_id=signup.pk, volunteer=request.user)
        except ValidationError as error:
            if error.code == "too_late":
                deadline = timezone.localtime(context["deadline"])
                messages.error(
                    request,
                    _(
                        "It is too late to cancel online: the deadline was %(deadline)s. "
                        "Please tell the coordinator of this shift."
                    )
                    % {"deadline": formats.date_format(deadline, "DATETIME_FORMAT")},
                )
            else:
                messages.error(request, " ".join(error.messages))
            return redirect("volunteers:signup_cancel", pk=signup.pk)
        messages.success(
            request,
            _("Your sign-up for %(opportunity)s, %(when)s, is cancelled.")
            % {"opportunity": shift.opportunity.title, "when": _shift_text(shift)},
        )
        return redirect("volunteers:my_schedule")
    return render(request, "volunteers/portal/signup_cancel.html", context)
