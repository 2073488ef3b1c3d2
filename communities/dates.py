"""Dates as the pages of communities in establishment show them, remembered between requests.

A page of cards or rows formats many dates (``|date:"DATE_FORMAT"``, ``{% when %}`` with the Hebrew
date): Django's date formatting and the Hebrew calendar cost tens of microseconds a date. A date reads
the same every time in a given language, so the text is kept (for dates only: a date has no time of
day, so the viewer's time zone does not change it).
"""

import datetime
import functools

from django.utils import formats, translation

from p2g.templatetags.p2g_dates import when


@functools.lru_cache(maxsize=4096)
def _date_text(day: datetime.date, format_name: str, language: str) -> str:
    return formats.date_format(day, format_name)  # in ``language``: the active one when called


def date_text(day: datetime.date, format_name: str = "DATE_FORMAT") -> str:
    """``day|date:format_name`` in the active language."""
    return _date_text(day, format_name, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _when(day: datetime.date, language: str) -> str:
    return when(day)  # in ``language``: the active one when called


def when_html(day: datetime.date) -> str:
    """``{% when day %}`` for a date: a ``<time>`` element, with the Hebrew date on Hebrew pages."""
    return _when(day, translation.get_language())
