"""Dates as people here read them: in their own time zone, and in Hebrew beside the Hebrew date.

``{% when value %}`` renders a ``<time>`` element with the date (and time, for a datetime) in the
active time zone and language; in Hebrew it adds the Hebrew calendar date, e.g.
"יום ראשון, 22 בנובמבר 2026, 19:00 · י״ב כסלו תשפ״ז".

``{{ zone|zone_label }}`` names a time zone in words, in the active language ("Israel time",
"שעון ניו יורק"), where its code ("Asia/Jerusalem") would be shown.
"""

import datetime

from django import template
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from pyluach import dates as hebrew_dates

from p2g.text import time_zone_label

register = template.Library()


def _local_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    return None


@register.filter
def hebrew_date(value) -> str:
    """The Hebrew calendar date (in Hebrew letters) of a date, or of a datetime in the active zone."""
    day = _local_date(value)
    if day is None:
        return ""
    return hebrew_dates.HebrewDate.from_pydate(day).hebrew_date_string()


@register.filter
def zone_label(zone) -> str:
    """A time zone (its name or a tzinfo) in words: "Israel time", "New York time" (translated)."""
    if zone in (None, ""):
        return ""
    return time_zone_label(zone)


@register.simple_tag
def when(value, with_time: bool | None = None, with_hebrew: bool | None = None):
    """A ``<time>`` element: local date (and time), plus the Hebrew date when the page is in Hebrew."""
    if value in (None, ""):
        return ""
    is_datetime = isinstance(value, datetime.datetime)
    with_time = is_datetime if with_time is None else with_time
    local = timezone.localtime(value) if is_datetime and timezone.is_aware(value) else value
    text = formats.date_format(local, "DATE_FORMAT")
    weekday = formats.date_format(local, "l")
    if with_time and is_datetime:
        text = f"{text}, {formats.time_format(local, 'TIME_FORMAT')}"
    if with_hebrew is None:
        with_hebrew = translation.get_language() == "he"
    machine = local.isoformat() if is_datetime else local.isoformat()
    if with_hebrew:
        return format_html(
            '<time datetime="{}">{}, {}</time> <span class="hebrew-date">· {}</span>',
            machine, weekday, text, hebrew_date(value),
        )
    return format_html('<time datetime="{}">{}, {}</time>', machine, weekday, text)


@register.simple_tag
def time_range(starts_at, ends_at):
    """"Sunday, 22 November 2026, 18:00–20:00" (dates repeated only when the range spans days).

    In Hebrew the Hebrew date of the start follows the whole range.
    """
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    hebrew = translation.get_language() == "he"
    if start.date() == end.date():
        text = format_html("{}–{}", when(starts_at, with_hebrew=False), formats.time_format(end, "TIME_FORMAT"))
    else:
        text = format_html("{} – {}", when(starts_at, with_hebrew=False), when(ends_at, with_hebrew=False))
    if hebrew:
        return format_html('{} <span class="hebrew-date">· {}</span>', text, hebrew_date(starts_at))
    return text


def _when_text(value) -> str:
    local = timezone.localtime(value)
    return (
        f"{formats.date_format(local, 'l')}, {formats.date_format(local, 'DATE_FORMAT')}, "
        f"{formats.time_format(local, 'TIME_FORMAT')}"
    )


@register.simple_tag
def time_range_text(starts_at, ends_at) -> str:
    """``time_range`` as plain text, for the text part of emails."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        text = f"{_when_text(starts_at)}–{formats.time_format(end, 'TIME_FORMAT')}"
    else:
        text = f"{_when_text(starts_at)} – {_when_text(ends_at)}"
    if translation.get_language() == "he":
        text = f"{text} · {hebrew_date(starts_at)}"
    return text


@register.simple_tag
def when_text(value) -> str:
    """``when`` as plain text (a datetime with its time, a date without), for the text part of emails."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        text = _when_text(value)
    else:
        text = f"{formats.date_format(value, 'l')}, {formats.date_format(value, 'DATE_FORMAT')}"
    if translation.get_language() == "he":
        text = f"{text} · {hebrew_date(value)}"
    return text
