"""Text for people reading in two directions and many time zones: a name written the other way than the
page, isolated in plain text; a time zone named in words ("Israel time", "New York time") instead of its
code ("Asia/Jerusalem")."""

import unicodedata

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

#: The zones that read as Israel's time (the IANA name and its old aliases).
ISRAEL_ZONES = frozenset({"Asia/Jerusalem", "Asia/Tel_Aviv", "Israel"})


def bidi_isolated(text) -> str:
    """``text`` between Unicode isolates (FSI … PDI) when it holds letters written the other way than the
    active language (a Hebrew name in an English sentence, or the reverse), for a name put in plain text (a
    form's error, a list's option): it keeps its own direction and its parentheses stay where they were
    typed. Text of the page's own direction is returned as it is. (HTML pages wrap names in ``<bdi>``.)"""
    text = str(text)
    return f"\u2068{text}\u2069" if written_the_other_way(text) else text


def written_the_other_way(text) -> bool:
    """Whether ``text`` holds letters written the other way than the active language's (Hebrew letters
    in an English page, Latin ones in a Hebrew page): put in a sentence, it needs isolating."""
    other = ("L",) if translation.get_language_bidi() else ("R", "AL")
    return any(unicodedata.bidirectional(char) in other for char in str(text))


def time_zone_city(zone) -> str:
    """The city of a zone in the active language ("New York", "ניו יורק"), else its IANA city ("Kolkata").

    The cities' names are the catalogue's entries of context "time zone city" (the readable names of the
    partnerships' zones, ``partnerships.meeting_times.ZONE_CITIES``); a city without one reads as the last
    part of the zone's name, underscores as spaces.
    """
    name = getattr(zone, "key", None) or str(zone)
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return pgettext("time zone city", city)


def time_zone_label(zone) -> str:
    """A time zone (its IANA name or a ``ZoneInfo``) in words, in the active language: "Israel time" for
    Israel's zone, "New York time" for another ("שעון ישראל", "שעון ניו יורק")."""
    name = getattr(zone, "key", None) or str(zone)
    if name in ISRAEL_ZONES:
        return _("Israel time")
    return _("%(city)s time") % {"city": bidi_isolated(time_zone_city(name))}
