"""My schedule, and my personal calendar feed (its settings page and the public .ics address)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from p2g.ical import feed_response

from .. import calendar, selectors, services
from ..models import SignUpStatus


@require_safe
def my_schedule(request):
    now = timezone.now()
    schedule = selectors.my_schedule(user=request.user, now=now)
    for signup in schedule["upcoming"]:
        signup.can_cancel = services.signup_can_cancel(signup, now=now)
        signup.cancel_deadline = services.signup_cancel_deadline(signup.shift)
    for signup in schedule["past"]:
        signup.can_log_hours = not signup.hours_logged and signup.status in (
            SignUpStatus.CONFIRMED,
            SignUpStatus.ATTENDED,
        )
    return render(request, "volunteers/portal/schedule.html", {**schedule, "now": now})


@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request):
    if request.method == "POST":
        services.calendar_token_reset(user=request.user)
        messages.success(
            request,
            _(
                "Your calendar has a new address. The old address has stopped working: "
                "subscribe again with the new one in each calendar app you use."
            ),
        )
        return redirect("volunteers:calendar_settings")
    profile = services.profile_get_or_create(user=request.user)
    context = {
        "feed_url": calendar.feed_url(profile.calendar_token),
        "webcal_url": calendar.webcal_url(profile.calendar_token),
    }
    return render(request, "volunteers/portal/calendar.html", context)


@login_not_required
@require_safe
def calendar_feed(request, token):
    profile = calendar.calendar_owner(token)
    if profile is None:
        raise Http404
    user = profile.user
    body = calendar.calendar_feed_build(user=user, signups=selectors.calendar_signups(user=user))
    return feed_response(body, filename="p2g-my-shifts.ics")
