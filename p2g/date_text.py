"""Dates and moments as pages show them, remembered between requests.

A page of rows formats many dates (``|date:"DATE_FORMAT"``, ``{% when %}`` with the Hebrew date):
Django's date formatting and the Hebrew calendar cost tens of microseconds each. A value reads the
same every time in a given language (and, for a moment, time zone), so the text is kept. Used by the
pages that build their rows in Python (new communities, forums).
"""

import datetime
import functools

from django.utils import formats, timezone, translation

from p2g.templatetags.p2g_dates import when


@functools.lru_cache(maxsize=4096)
def _date_text(day: datetime.date, format_name: str, language: str) -> str:
    return formats.date_format(day, format_name)  # in ``language``: the active one when called


def date_text(day: datetime.date, format_name: str = "DATE_FORMAT") -> str:
    """``day|date:format_name`` in the active language."""
    return _date_text(day, format_name, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _when(value, zone: str, language: str, with_time: bool | None, with_hebrew: bool | None) -> str:
    return when(value, with_time=with_time, with_hebrew=with_hebrew)  # in the active zone and language


def when_html(value: datetime.date, *, with_time: bool | None = None, with_hebrew: bool | None = None) -> str:
    """``{% when value %}``: a ``<time>`` element (with the Hebrew date on Hebrew pages unless told not to)."""
    zone = timezone.get_current_timezone_name() if isinstance(value, datetime.datetime) else ""
    return _when(value, zone, translation.get_language(), with_time, with_hebrew)
