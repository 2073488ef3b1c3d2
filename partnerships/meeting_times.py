"""Where a meeting falls for each side of a partnership, and what it runs into.

A partnership's committee sits in several time zones (New York and Jerusalem, say), and its
Israeli members keep Shabbat and the holidays. :func:`meeting_times` answers, for one meeting:

- ``times``: its start and end in each distinct time zone of the partnership's communities,
  Diaspora side first, each named by a place in the viewer's language ("New York",
  "Upper Galilee");
- ``viewer``: its start and end in the viewer's own (active) time zone;
- ``warnings``: translated sentences, when it overlaps Shabbat or a holiday in Israel, or night
  on either side.

The rules (Israel's schedule, computed for Jerusalem):

- Shabbat and yom tov (Israel's one-day schedule: both days of Rosh Hashanah, Yom Kippur, the
  first day of Sukkot, Shemini Atzeret/Simchat Torah, the first and seventh days of Passover,
  Shavuot) run from **candle lighting** on the eve, :data:`CANDLE_LIGHTING_BEFORE_SUNSET`
  before sunset in Jerusalem by the Jerusalem custom, to **nightfall**: the sun
  :data:`NIGHTFALL_DEPRESSION` degrees below the horizon, as Hebcal and most Israeli calendars
  print the end of Shabbat (about 35–42 minutes after sunset over the year). Sunset and dusk
  come from astral, for that date, in Asia/Jerusalem.
- National days that are not yom tov run from sunset on the eve to nightfall: Holocaust
  Remembrance Day (27 Nisan, moved off Friday and Sunday), Memorial Day and Independence Day
  (4 and 5 Iyar, moved off the weekend as the Knesset's rule says) and the fast of Tisha B'Av
  (9 Av, or 10 Av when the 9th is Shabbat). They warn with the code ``"holiday"``.
- Night is any part of the meeting from :data:`NIGHT_STARTS` to :data:`NIGHT_ENDS` local time
  in any of the partnership's time zones.

A meeting that overlaps any part of a window gets the warning; touching its edge does not count.
"""

import datetime
import zoneinfo
from dataclasses import dataclass
from typing import NamedTuple

from astral import Observer
from astral.sun import dusk, sunset
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from pyluach import dates as hebrew_dates

from communities.models import Community, Side

from .models import Meeting, Partnership, PartnershipCommunity

#: Night, in each side's local time: a meeting with any minute between these hours is warned about.
NIGHT_STARTS = datetime.time(22, 0)
NIGHT_ENDS = datetime.time(7, 0)
#: Candle lighting in Jerusalem, by custom, before sunset on the eve of Shabbat and yom tov.
CANDLE_LIGHTING_BEFORE_SUNSET = datetime.timedelta(minutes=40)
#: Nightfall (the end of Shabbat and yom tov): the sun this many degrees below the horizon.
NIGHTFALL_DEPRESSION = 8.5
#: Where Israel's times are computed (the Western Wall plaza area; sea-level horizon).
JERUSALEM = Observer(latitude=31.7767, longitude=35.2345, elevation=0)
ISRAEL_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Jerusalem")
#: How clock times read in the side-by-side line and in warnings: 24-hour, the same on both sides.
CLOCK_FORMAT = "H:i"
#: A meeting given only by its start lasts as long as a new meeting does by default.
DEFAULT_DURATION_MINUTES = Meeting._meta.get_field("duration_minutes").default

#: Readable names of time zones for a side whose communities name no locality. The English
#: name is the IANA city; anything not listed reads as the IANA city with spaces.
ZONE_CITIES: dict[str, Promise] = {
    "Asia/Jerusalem": pgettext_lazy("time zone city", "Jerusalem"),
    "Asia/Tel_Aviv": pgettext_lazy("time zone city", "Jerusalem"),
    "America/New_York": pgettext_lazy("time zone city", "New York"),
    "America/Chicago": pgettext_lazy("time zone city", "Chicago"),
    "America/Denver": pgettext_lazy("time zone city", "Denver"),
    "America/Phoenix": pgettext_lazy("time zone city", "Phoenix"),
    "America/Los_Angeles": pgettext_lazy("time zone city", "Los Angeles"),
    "America/Detroit": pgettext_lazy("time zone city", "Detroit"),
    "America/Toronto": pgettext_lazy("time zone city", "Toronto"),
    "America/Montreal": pgettext_lazy("time zone city", "Montreal"),
    "America/Vancouver": pgettext_lazy("time zone city", "Vancouver"),
    "America/Winnipeg": pgettext_lazy("time zone city", "Winnipeg"),
    "America/Mexico_City": pgettext_lazy("time zone city", "Mexico City"),
    "America/Sao_Paulo": pgettext_lazy("time zone city", "São Paulo"),
    "America/Argentina/Buenos_Aires": pgettext_lazy("time zone city", "Buenos Aires"),
    "America/Montevideo": pgettext_lazy("time zone city", "Montevideo"),
    "America/Santiago": pgettext_lazy("time zone city", "Santiago"),
    "Europe/London": pgettext_lazy("time zone city", "London"),
    "Europe/Paris": pgettext_lazy("time zone city", "Paris"),
    "Europe/Berlin": pgettext_lazy("time zone city", "Berlin"),
    "Europe/Amsterdam": pgettext_lazy("time zone city", "Amsterdam"),
    "Europe/Brussels": pgettext_lazy("time zone city", "Brussels"),
    "Europe/Budapest": pgettext_lazy("time zone city", "Budapest"),
    "Europe/Prague": pgettext_lazy("time zone city", "Prague"),
    "Europe/Vienna": pgettext_lazy("time zone city", "Vienna"),
    "Europe/Zurich": pgettext_lazy("time zone city", "Zurich"),
    "Europe/Rome": pgettext_lazy("time zone city", "Rome"),
    "Europe/Madrid": pgettext_lazy("time zone city", "Madrid"),
    "Europe/Warsaw": pgettext_lazy("time zone city", "Warsaw"),
    "Europe/Kyiv": pgettext_lazy("time zone city", "Kyiv"),
    "Europe/Moscow": pgettext_lazy("time zone city", "Moscow"),
    "Africa/Johannesburg": pgettext_lazy("time zone city", "Johannesburg"),
    "Australia/Sydney": pgettext_lazy("time zone city", "Sydney"),
    "Australia/Melbourne": pgettext_lazy("time zone city", "Melbourne"),
    "Australia/Perth": pgettext_lazy("time zone city", "Perth"),
    "Pacific/Auckland": pgettext_lazy("time zone city", "Auckland"),
}

SHABBAT = "shabbat"
HOLIDAY = "holiday"
NIGHT = "night"


# ---- results


class LocalTime(NamedTuple):
    """A meeting's start and end in one time zone, named by a place in the active language."""

    side: str | None
    zone: str
    place_label: str
    local_start: datetime.datetime
    local_end: datetime.datetime
    #: days between this local start date and the viewer's (-1: the evening before, for them)
    day_offset: int = 0

    @property
    def start_text(self) -> str:
        return formats.time_format(self.local_start, CLOCK_FORMAT)

    @property
    def end_text(self) -> str:
        return formats.time_format(self.local_end, CLOCK_FORMAT)

    @property
    def weekday(self) -> str:
        return formats.date_format(self.local_start, "l")

    @property
    def text(self) -> str:
        """Like "12:00 New York"; with the weekday when it is another day than the viewer's."""
        values = {"time": self.start_text, "place": self.place_label, "weekday": self.weekday}
        if self.day_offset:
            return pgettext("meeting times", "%(weekday)s %(time)s %(place)s") % values
        return pgettext("meeting times", "%(time)s %(place)s") % values


class Warning(NamedTuple):  # the name the other areas code against (shadows the builtin here only)
    """Something to know before choosing this time: code "shabbat", "holiday" or "night"."""

    code: str
    message: str
    #: the window the meeting runs into (in Jerusalem time for Shabbat and holidays, local for night)
    starts: datetime.datetime | None = None
    ends: datetime.datetime | None = None


@dataclass(frozen=True)
class MeetingTimes:
    times: list[LocalTime]
    warnings: list[Warning]
    viewer: LocalTime

    @property
    def starts_at(self) -> datetime.datetime:
        return self.viewer.local_start

    @property
    def ends_at(self) -> datetime.datetime:
        return self.viewer.local_end

    def has(self, code: str) -> bool:
        return any(w.code == code for w in self.warnings)


# ---- the partnership's time zones


@dataclass(frozen=True)
class PartnershipZone:
    """One distinct time zone of a partnership, with the community that names it."""

    side: str
    zone: str
    community: Community | None = None

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.zone)

    @property
    def label(self) -> str:
        """Read in the active language each time (the zones are cached, the language is not)."""
        return place_label(self.zone, self.community)


def zone_city(zone: str) -> str:
    """The city of a zone ("Los Angeles"): a translated name when known, else the IANA city."""
    if zone in ZONE_CITIES:
        return str(ZONE_CITIES[zone])
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def place_label(zone: str, community: Community | None = None) -> str:
    """The community's locality in the active language, else the zone's city."""
    locality = (getattr(community, "locality", "") or "").strip() if community is not None else ""
    return locality or zone_city(zone)


def _links(partnership: Partnership) -> list[PartnershipCommunity]:
    prefetched = getattr(partnership, "_prefetched_objects_cache", {})
    if "links" in prefetched:
        links = list(partnership.links.all())
    else:
        links = list(
            PartnershipCommunity.objects.filter(partnership=partnership).select_related("community").order_by("pk")
        )
    links = [link for link in links if link.community.is_active]
    # The lead community names its zone; the others in the order they joined.
    return sorted(links, key=lambda link: (not link.is_lead, link.pk))


def partnership_zones(partnership: Partnership) -> list[PartnershipZone]:
    """The distinct time zones of the partnership's active communities, Diaspora side first.

    One query (none when ``links`` with their communities are prefetched); cached on the object.
    A zone shared by both sides is listed once, with the side that comes first.
    """
    cached = partnership.__dict__.get("_meeting_zones")
    if cached is not None:
        return cached
    links = _links(partnership)
    zones: dict[str, PartnershipZone] = {}
    for side in (Side.DIASPORA, Side.ISRAEL):
        side_links = [link for link in links if link.community.side == side]
        for link in side_links:
            zone = link.community.time_zone
            if zone in zones:
                continue
            # Prefer a community of this zone that has a locality to name it (the lead one first).
            namer = next(
                (other.community for other in side_links if other.community.time_zone == zone and _has_locality(other.community)),
                link.community,
            )
            zones[zone] = PartnershipZone(side=str(side), zone=zone, community=namer)
    result = list(zones.values())
    partnership.__dict__["_meeting_zones"] = result
    return result


def _has_locality(community: Community) -> bool:
    return any(
        (getattr(community, field, "") or "").strip() for field in ("locality", "locality_en", "locality_he")
    )


# ---- the meeting in each zone


def _local(start, end, tz, *, side, label, viewer_day=None) -> LocalTime:
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    offset = (local_start.date() - viewer_day).days if viewer_day else 0
    return LocalTime(side, getattr(tz, "key", str(tz)), label, local_start, local_end, offset)


def _viewer_time(starts_at, ends_at) -> LocalTime:
    tz = timezone.get_current_timezone()
    return _local(starts_at, ends_at, tz, side=None, label=zone_city(getattr(tz, "key", str(tz))))


def side_times(starts_at, ends_at, partnership) -> list[LocalTime]:
    """The meeting in each of the partnership's zones, without warnings (for calendars and emails)."""
    viewer_day = _viewer_time(starts_at, ends_at).local_start.date()
    return [
        _local(starts_at, ends_at, z.tzinfo, side=z.side, label=z.label, viewer_day=viewer_day)
        for z in partnership_zones(partnership)
    ]


def meeting_times(meeting_or_starts_at, partnership=None, duration_minutes=None) -> MeetingTimes:
    """A meeting's times on each side and in the viewer's zone, with its warnings (translated now).

    ``meeting_or_starts_at`` is a :class:`Meeting` (its duration is used unless
    ``duration_minutes`` is given) or an aware start time (a new meeting's default duration
    then). ``partnership`` may be left out for a meeting: its committee's partnership is used.
    """
    if isinstance(meeting_or_starts_at, Meeting):
        meeting = meeting_or_starts_at
        starts_at = meeting.starts_at
        duration = duration_minutes or meeting.duration_minutes
        if partnership is None:
            partnership = meeting.committee.partnership if meeting.committee_id else None
    else:
        starts_at = meeting_or_starts_at
        duration = duration_minutes or DEFAULT_DURATION_MINUTES
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    ends_at = starts_at + datetime.timedelta(minutes=duration)

    times = side_times(starts_at, ends_at, partnership) if partnership is not None else []
    warnings = israel_warnings(starts_at, ends_at) + night_warnings(times)
    return MeetingTimes(times=times, warnings=warnings, viewer=_viewer_time(starts_at, ends_at))


# ---- night


def _night_overlap(local: LocalTime) -> bool:
    tz = local.local_start.tzinfo
    day = local.local_start.date() - datetime.timedelta(days=1)
    while day <= local.local_end.date():
        night_starts = datetime.datetime.combine(day, NIGHT_STARTS, tzinfo=tz)
        night_ends = datetime.datetime.combine(day + datetime.timedelta(days=1), NIGHT_ENDS, tzinfo=tz)
        if local.local_start < night_ends and local.local_end > night_starts:
            return True
        day += datetime.timedelta(days=1)
    return False


def night_warnings(times: list[LocalTime]) -> list[Warning]:
    warnings = []
    for local in times:
        if _night_overlap(local):
            message = _("This meeting is at night in %(place)s (%(start)s–%(end)s).") % {
                "place": local.place_label,
                "start": local.start_text,
                "end": local.end_text,
            }
            warnings.append(Warning(NIGHT, message, local.local_start, local.local_end))
    return warnings


# ---- Shabbat and holidays in Israel


#: Names of the days, by pyluach's English name of the festival (pyluach spells them the Ashkenazi way).
FESTIVAL_NAMES = {
    "Rosh Hashana": gettext_lazy("Rosh Hashanah"),
    "Yom Kippur": gettext_lazy("Yom Kippur"),
    "Succos": gettext_lazy("Sukkot"),
    "Shmini Atzeres": gettext_lazy("Shemini Atzeret and Simchat Torah"),
    "Shavuos": gettext_lazy("Shavuot"),
}
PESACH_FIRST_DAY = gettext_lazy("the first day of Passover")
PESACH_SEVENTH_DAY = gettext_lazy("the seventh day of Passover")
YOM_HASHOAH = gettext_lazy("Holocaust Remembrance Day (Yom HaShoah)")
YOM_HAZIKARON = gettext_lazy("Memorial Day (Yom HaZikaron)")
YOM_HAATZMAUT = gettext_lazy("Independence Day (Yom HaAtzmaut)")
TISHA_BAV = gettext_lazy("Tisha B'Av")

# Hebrew months as pyluach numbers them (from Nisan).
NISAN, IYAR, AV = 1, 2, 5


class Observance(NamedTuple):
    code: str  # "shabbat" or "holiday"
    name: object  # a lazy translated name (None for Shabbat)
    candles: bool  # begins with candle lighting (Shabbat, yom tov) rather than at sunset


def _yom_tov(day: datetime.date, hebrew: hebrew_dates.HebrewDate) -> Observance | None:
    festival = hebrew.festival(israel=True, include_working_days=False)
    if not festival:
        return None
    if festival == "Pesach":
        name = PESACH_FIRST_DAY if hebrew.day == 15 else PESACH_SEVENTH_DAY
    else:
        name = FESTIVAL_NAMES.get(festival, festival)
    return Observance(HOLIDAY, name, True)


def _moved(year: int, month: int, day: int, moves: dict[int, int]) -> datetime.date:
    """The Gregorian day of a Hebrew date, moved by weekday (Monday = 0) as ``moves`` says."""
    date = hebrew_dates.HebrewDate(year, month, day).to_pydate()
    return date + datetime.timedelta(days=moves.get(date.weekday(), 0))


def national_days(hebrew_year: int) -> dict[datetime.date, object]:
    """Holocaust Remembrance Day, Memorial Day, Independence Day and Tisha B'Av of a Hebrew year."""
    # 27 Nisan: Friday → Thursday, Sunday → Monday.
    shoah = _moved(hebrew_year, NISAN, 27, {4: -1, 6: +1})
    # 5 Iyar: Friday → Thursday, Saturday → Thursday, Monday → Tuesday; Memorial Day is the day before.
    atzmaut = _moved(hebrew_year, IYAR, 5, {4: -1, 5: -2, 0: +1})
    # 9 Av: on Shabbat the fast waits for Sunday.
    tisha = _moved(hebrew_year, AV, 9, {5: +1})
    return {
        shoah: YOM_HASHOAH,
        atzmaut - datetime.timedelta(days=1): YOM_HAZIKARON,
        atzmaut: YOM_HAATZMAUT,
        tisha: TISHA_BAV,
    }


def observances(day: datetime.date, national: dict[datetime.date, object] | None = None) -> list[Observance]:
    """What ``day`` (a civil day in Israel, kept from the evening before) is: Shabbat, yom tov, a national day."""
    hebrew = hebrew_dates.HebrewDate.from_pydate(day)
    found = []
    if day.weekday() == 5:
        found.append(Observance(SHABBAT, None, True))
    yom_tov = _yom_tov(day, hebrew)
    if yom_tov:
        found.append(yom_tov)
    national = national if national is not None else national_days(hebrew.year)
    if day in national:
        found.append(Observance(HOLIDAY, national[day], False))
    return found


class RestWindow(NamedTuple):
    observance: Observance
    starts: datetime.datetime
    ends: datetime.datetime


def sunset_in_jerusalem(day: datetime.date) -> datetime.datetime:
    return sunset(JERUSALEM, day, tzinfo=ISRAEL_TIME_ZONE)


def nightfall_in_jerusalem(day: datetime.date) -> datetime.datetime:
    return dusk(JERUSALEM, day, depression=NIGHTFALL_DEPRESSION, tzinfo=ISRAEL_TIME_ZONE)


def rest_windows(first_day: datetime.date, last_day: datetime.date) -> list[RestWindow]:
    """Windows of Shabbat, yom tov and national days touching Israeli days ``first_day``…``last_day``.

    Consecutive days of the same observance (the two days of Rosh Hashanah) make one window,
    from the eve of the first to nightfall of the last.
    """
    # Look two days further each way, so that a window running into the range is seen whole.
    scan_from, scan_to = first_day - datetime.timedelta(days=2), last_day + datetime.timedelta(days=2)
    national: dict[datetime.date, object] = {}
    for year in {hebrew_dates.HebrewDate.from_pydate(scan_from).year, hebrew_dates.HebrewDate.from_pydate(scan_to).year}:
        national.update(national_days(year))
    runs: list[tuple[Observance, datetime.date, datetime.date]] = []
    day = scan_from
    while day <= scan_to:
        for observance in observances(day, national):
            previous = next((r for r in runs if r[0] == observance and r[2] == day - datetime.timedelta(days=1)), None)
            if previous:
                runs[runs.index(previous)] = (observance, previous[1], day)
            else:
                runs.append((observance, day, day))
        day += datetime.timedelta(days=1)
    windows = []
    for observance, first, last in runs:
        if last < first_day or first > last_day:
            continue
        eve = first - datetime.timedelta(days=1)
        starts = sunset_in_jerusalem(eve)
        if observance.candles:
            starts -= CANDLE_LIGHTING_BEFORE_SUNSET
        windows.append(RestWindow(observance, starts, nightfall_in_jerusalem(last)))
    return windows


def _day_and_time(moment: datetime.datetime) -> str:
    """Weekday and time ("Friday 16:05") in the active language."""
    return pgettext("meeting times", "%(weekday)s %(time)s") % {
        "weekday": formats.date_format(moment, "l"),
        "time": formats.time_format(moment, CLOCK_FORMAT),
    }


def _israel_message(window: RestWindow) -> str:
    values = {"start": _day_and_time(window.starts), "end": _day_and_time(window.ends)}
    if window.observance.code == SHABBAT:
        return _(
            "This meeting falls on Shabbat in Israel (from candle lighting on %(start)s to %(end)s, Jerusalem time)."
        ) % values
    values["holiday"] = str(window.observance.name)
    if window.observance.candles:
        return _(
            "This meeting falls on %(holiday)s in Israel "
            "(from candle lighting on %(start)s to %(end)s, Jerusalem time)."
        ) % values
    return _(
        "This meeting falls on %(holiday)s in Israel (from sunset on %(start)s to %(end)s, Jerusalem time)."
    ) % values


def israel_warnings(starts_at: datetime.datetime, ends_at: datetime.datetime) -> list[Warning]:
    """A warning for each Shabbat, yom tov or national day in Israel the meeting overlaps."""
    # A day's window opens on the evening before: the meeting's last day + 1 may already be in.
    first_day = starts_at.astimezone(ISRAEL_TIME_ZONE).date()
    last_day = ends_at.astimezone(ISRAEL_TIME_ZONE).date() + datetime.timedelta(days=1)
    warnings = []
    for window in rest_windows(first_day, last_day):
        if starts_at < window.ends and ends_at > window.starts:
            warnings.append(Warning(window.observance.code, _israel_message(window), window.starts, window.ends))
    return warnings
