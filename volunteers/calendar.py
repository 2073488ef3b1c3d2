"""A volunteer's personal calendar feed (iCalendar, RFC 5545) behind a secret address.

Google, Apple and Outlook calendars subscribe to the address and fetch it again every so often.
The feed is written in the owner's language and names their time zone; event times are in UTC,
which every client converts. Each event's UID comes from its sign-up, so a client updates the
same event when the status changes (waitlisted → confirmed) instead of adding another.

Cancelled sign-ups are left out (the selector drops them, and the client removes the event on
its next fetch). A sign-up whose shift the coordinators cancelled stays in, marked
``STATUS:CANCELLED``, so the volunteer sees that it was called off.
"""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from accounts.emails import recipient_locale, site_url
from p2g.ical import feed_calendar, site_host, webcal

from .models import ShiftStatus, SignUp, SignUpStatus, VolunteerProfile

#: Tokens are made by ``secrets.token_urlsafe``; anything else is not worth a database query.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def calendar_owner(token: str) -> VolunteerProfile | None:
    """The active person whose feed this secret token opens, or None."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    return (
        VolunteerProfile.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )


def feed_url(token: str) -> str:
    """The absolute https (or http) address of a feed."""
    return site_url(reverse("calendar_feed", kwargs={"token": token}))


def webcal_url(token: str) -> str:
    """The same address with the ``webcal://`` scheme, which opens the calendar app."""
    return webcal(feed_url(token))


def _status_text(signup: SignUp) -> str:
    if signup.shift.status == ShiftStatus.CANCELLED:
        return _("This shift was cancelled.")
    if signup.status == SignUpStatus.WAITLISTED:
        return _("Status: on the waitlist")
    if signup.status == SignUpStatus.ATTENDED:
        return _("Status: attended")
    return _("Status: confirmed")


def _ical_status(signup: SignUp) -> str:
    if signup.shift.status == ShiftStatus.CANCELLED:
        return "CANCELLED"
    if signup.status == SignUpStatus.WAITLISTED:
        return "TENTATIVE"
    return "CONFIRMED"


def _event(signup: SignUp, *, now: datetime.datetime, host: str) -> Event:
    shift = signup.shift
    opportunity = shift.opportunity
    program = opportunity.program
    url = site_url(reverse("volunteers:opportunity_detail", kwargs={"pk": opportunity.pk}))
    summary = opportunity.title
    if signup.status == SignUpStatus.WAITLISTED:
        summary = _("Waitlist: %(title)s") % {"title": opportunity.title}
    lines = [
        _("Program: %(program)s") % {"program": program.name},
        _("Partnership: %(partnership)s") % {"partnership": program.partnership.name},
        _status_text(signup),
        url,
    ]
    event = Event()
    event.add("uid", f"signup-{signup.pk}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", shift.starts_at.astimezone(datetime.UTC))
    event.add("dtend", shift.ends_at.astimezone(datetime.UTC))
    event.add("summary", summary)
    location = shift.location or opportunity.location
    if location:
        event.add("location", location)
    event.add("description", "\n".join(lines))
    event.add("status", _ical_status(signup))
    event.add("transp", "TRANSPARENT" if signup.status == SignUpStatus.WAITLISTED else "OPAQUE")
    event.add("url", url)
    changed = signup.status_changed_at or signup.created_at
    if changed:
        event.add("last-modified", changed.astimezone(datetime.UTC))
    return event


def calendar_feed_build(*, user, signups, now: datetime.datetime | None = None) -> bytes:
    """The iCalendar text of ``signups`` (already narrowed to ``user``'s own), in their language."""
    now = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    host = site_host()
    with recipient_locale(user):
        calendar = feed_calendar(
            product="p2g volunteer portal",
            name=_("My volunteer shifts · Partnership2Gether"),
            description=_("Your shifts as a Partnership2Gether volunteer."),
        )
        for signup in signups:
            calendar.add_component(_event(signup, now=now, host=host))
    return calendar.to_ical()
