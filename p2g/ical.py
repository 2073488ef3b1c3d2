"""What every personal calendar feed of the site shares (iCalendar, RFC 5545).

The shift feed (``volunteers.calendar``) and the committee-meetings feed
(``partnerships.calendar``) differ only in their events; the calendar's header, the address
forms and the HTTP response are made here.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from icalendar import Calendar, vDuration

#: How often a client should fetch the feed again (clients may wait longer: Google does).
REFRESH = datetime.timedelta(hours=1)
#: Short enough that a change shows up soon, long enough to spare repeated fetches.
FEED_MAX_AGE = 15 * 60


def site_host() -> str:
    """The host part of event UIDs (``<kind>-<id>@<host>``)."""
    return urlsplit(settings.SITE_URL).hostname or "p2g.localhost"


def webcal(url: str) -> str:
    """The same address with the ``webcal://`` scheme, which opens the calendar app."""
    return "webcal://" + url.split("://", 1)[1]


def feed_calendar(*, product: str, name: str, description: str) -> Calendar:
    """An empty feed in the active language and time zone (call it inside ``recipient_locale``)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Partnership2Gether//{product}//{translation.get_language().upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    return calendar


def feed_response(body: bytes, *, filename: str) -> HttpResponse:
    """The feed as served: private (the address is the secret), cacheable briefly, never indexed."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = f"private, max-age={FEED_MAX_AGE}"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
