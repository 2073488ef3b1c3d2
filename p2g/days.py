"""The site's calendar, for facts that are dates without a time (committee terms).

A term that starts "today" must be current for every viewer at once, whatever their own time zone:
whether someone sits on a committee (and so what they may see) never depends on who is looking.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone


def site_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def site_today() -> datetime.date:
    return timezone.localdate(timezone=site_zone())
