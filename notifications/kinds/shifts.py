"""Volunteers' shifts: reminders before each shift, notice of a place from the waiting list."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.emails import site_url
from notifications.models import Kind
from volunteers.models import ShiftStatus, SignUp, SignUpStatus

from .base import KindSpec, Planned, current_lead, lead_label, moment_key, register


def _load(object_ids):
    return {
        s.pk: s
        for s in SignUp.objects.filter(pk__in=object_ids).select_related("shift__opportunity__program")
    }


def shift_url(shift) -> str:
    return site_url(reverse("volunteers:opportunity_detail", args=[shift.opportunity_id]))


@register
class ShiftReminder(KindSpec):
    """Before each shift a volunteer holds a place on (default 48 and 3 hours before)."""

    code = Kind.SHIFT_REMINDER
    template = "shift_reminder"
    audience = "volunteer"
    schedule = "reminders"
    description = _("Before each shift you have signed up for.")

    @staticmethod
    def leads() -> list[datetime.timedelta]:
        return [datetime.timedelta(hours=h) for h in settings.P2G_SHIFT_REMINDER_HOURS if h > 0]

    def plan(self, now):
        leads = self.leads()
        if not leads:
            return
        horizon = now + max(leads)
        signups = (
            SignUp.objects.filter(
                status=SignUpStatus.CONFIRMED,
                shift__status=ShiftStatus.SCHEDULED,
                shift__starts_at__gt=now,
                shift__starts_at__lte=horizon,
            )
            .values_list("pk", "volunteer_id", "shift__starts_at")
            .order_by("pk")
        )
        for signup_id, volunteer_id, starts_at in signups.iterator(chunk_size=2000):
            lead = current_lead(starts_at, leads, now)
            if lead is not None:
                yield Planned(volunteer_id, signup_id, f"{moment_key(starts_at)}/{lead_label(lead)}")

    def load(self, object_ids):
        return _load(object_ids)

    def skip_reason(self, delivery, signup):
        shift = signup.shift
        if signup.status != SignUpStatus.CONFIRMED:
            return str(_("The place on this shift is no longer held."))
        if shift.status != ShiftStatus.SCHEDULED:
            return str(_("The shift was cancelled."))
        if not delivery.occurrence.startswith(moment_key(shift.starts_at) + "/"):
            return str(_("The shift has moved since this reminder was decided."))
        if shift.starts_at <= timezone.now():
            return str(_("The shift has already started."))
        return ""

    def context(self, delivery, signup):
        shift = signup.shift
        return {"signup": signup, "shift": shift, "opportunity": shift.opportunity, "url": shift_url(shift)}




@register
class SignupPromoted(KindSpec):
    """A place opened up on a shift and the first person waiting for it now holds it."""

    code = Kind.SIGNUP_PROMOTED
    template = "signup_promoted"
    audience = "volunteer"
    schedule = ""
    description = _("When a place opens up for you on a shift you were waiting for.")

    @staticmethod
    def occurrence(signup) -> str:
        """One notice per promotion: promoted again later (after cancelling and queueing again), told again."""
        return f"promoted:{moment_key(signup.status_changed_at)}"

    def load(self, object_ids):
        return _load(object_ids)

    def skip_reason(self, delivery, signup):
        shift = signup.shift
        if signup.status != SignUpStatus.CONFIRMED:
            return str(_("The place on this shift is no longer held."))
        if shift.status != ShiftStatus.SCHEDULED:
            return str(_("The shift was cancelled."))
        if shift.starts_at <= timezone.now():
            return str(_("The shift has already started."))
        if delivery.occurrence != self.occurrence(signup):
            return str(_("The sign-up has changed since this notice was decided."))
        return ""

    def context(self, delivery, signup):
        from accounts.emails import recipient_locale

        shift = signup.shift
        with recipient_locale(delivery.recipient):
            url = shift_url(shift)
        return {"signup": signup, "shift": shift, "opportunity": shift.opportunity, "url": url}
