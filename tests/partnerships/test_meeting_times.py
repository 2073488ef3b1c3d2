"""Where a meeting falls for each side, and the Shabbat, holiday and night warnings (meeting_times)."""

import datetime
import zoneinfo

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation
from pyluach import dates as hebrew_dates

from communities.models import CommunityKind, Side
from partnerships import meeting_times as mt
from partnerships.models import PartnershipCommunity
from tests import factories as f

pytestmark = pytest.mark.django_db

JERUSALEM = zoneinfo.ZoneInfo("Asia/Jerusalem")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")


def jlm(*args):
    return datetime.datetime(*args, tzinfo=JERUSALEM)


def community(side, zone, *, locality_en="", locality_he="", **kwargs):
    factory = f.DiasporaCommunityFactory if side == Side.DIASPORA else f.IsraeliCommunityFactory
    return factory(time_zone=zone, locality_en=locality_en, locality_he=locality_he, **kwargs)


def partnership_with(*communities, lead=None):
    partnership = f.PartnershipFactory(sides=False, steering=False)
    for c in communities:
        PartnershipCommunity.objects.create(partnership=partnership, community=c, is_lead=c == lead)
    return partnership


@pytest.fixture
def ny_galilee():
    """New York and the Upper Galilee: the usual pair."""
    return partnership_with(
        community(Side.DIASPORA, "America/New_York", locality_en="New York", locality_he="ניו יורק"),
        community(Side.ISRAEL, "Asia/Jerusalem", locality_en="Upper Galilee", locality_he="גליל עליון"),
    )


@pytest.fixture
def la_galilee():
    return partnership_with(
        community(Side.DIASPORA, "America/Los_Angeles", locality_en="Los Angeles", locality_he="לוס אנג׳לס"),
        community(Side.ISRAEL, "Asia/Jerusalem", locality_en="Upper Galilee", locality_he="גליל עליון"),
    )


def codes(result):
    return [w.code for w in result.warnings]


def israel(result):
    """Shabbat and holiday warnings only (a Jerusalem morning is night in New York: tested apart)."""
    return [w for w in result.warnings if w.code != mt.NIGHT]


def israel_codes(result):
    return [w.code for w in israel(result)]


# ---- Shabbat


def test_friday_evening_in_january_is_shabbat_and_the_message_gives_its_times(ny_galilee):
    result = mt.meeting_times(jlm(2026, 1, 9, 18, 0), ny_galilee)

    assert codes(result) == ["shabbat"]
    # Sunset in Jerusalem on 9 January 2026 is 16:52: candles at 16:12; nightfall (8.5°) on Saturday 17:32.
    assert result.warnings[0].message == (
        "This meeting falls on Shabbat in Israel (from candle lighting on Friday 16:12 "
        "to Saturday 17:32, Jerusalem time)."
    )
    assert result.warnings[0].starts.replace(second=0, microsecond=0) == jlm(2026, 1, 9, 16, 12)


def test_friday_midday_in_january_is_not_shabbat(ny_galilee):
    assert mt.meeting_times(jlm(2026, 1, 9, 14, 0), ny_galilee).warnings == []  # 07:00 in New York
    assert israel(mt.meeting_times(jlm(2026, 1, 9, 13, 0), ny_galilee)) == []


def test_a_meeting_ending_just_before_candle_lighting_is_not_warned(ny_galilee):
    # 14:40 + 90 minutes = 16:10, two minutes before candle lighting.
    assert mt.meeting_times(jlm(2026, 1, 9, 14, 40), ny_galilee).warnings == []
    assert codes(mt.meeting_times(jlm(2026, 1, 9, 14, 45), ny_galilee)) == ["shabbat"]


def test_saturday_evening_after_nightfall_is_free_but_before_it_is_not(ny_galilee):
    assert mt.meeting_times(jlm(2026, 1, 10, 18, 0), ny_galilee).warnings == []
    # 16:30–18:00 runs over nightfall (17:32).
    assert codes(mt.meeting_times(jlm(2026, 1, 10, 16, 30), ny_galilee)) == ["shabbat"]


def test_summer_shabbat_starts_and_ends_later(ny_galilee):
    # 26 June 2026: sunset 19:48, candles 19:08; Saturday nightfall 20:30.
    assert mt.meeting_times(jlm(2026, 6, 26, 17, 30), ny_galilee).warnings == []  # ends 19:00
    friday = mt.meeting_times(jlm(2026, 6, 26, 18, 0), ny_galilee)  # ends 19:30
    assert codes(friday) == ["shabbat"]
    assert "Friday 19:08" in friday.warnings[0].message and "Saturday 20:30" in friday.warnings[0].message
    assert codes(mt.meeting_times(jlm(2026, 6, 27, 19, 0), ny_galilee)) == ["shabbat"]
    assert israel(mt.meeting_times(jlm(2026, 6, 27, 20, 35), ny_galilee)) == []


def test_a_new_york_friday_lunch_is_shabbat_in_israel(ny_galilee):
    # 12:00 in New York on a January Friday is 19:00 in Jerusalem.
    starts = datetime.datetime(2026, 1, 9, 12, 0, tzinfo=NEW_YORK)
    assert codes(mt.meeting_times(starts, ny_galilee)) == ["shabbat"]


def test_an_ordinary_weekday_has_no_warning(ny_galilee):
    result = mt.meeting_times(jlm(2026, 11, 24, 19, 0), ny_galilee)  # Tuesday, 12:00 in New York
    assert result.warnings == []


# ---- holidays


def test_yom_kippur_2026_is_warned_in_both_languages(ny_galilee):
    yom_kippur = hebrew_dates.HebrewDate(5787, 7, 10).to_pydate()
    assert yom_kippur == datetime.date(2026, 9, 21)  # a Monday

    result = mt.meeting_times(jlm(2026, 9, 21, 14, 0), ny_galilee)
    assert codes(result) == ["holiday"]
    assert result.warnings[0].message.startswith("This meeting falls on Yom Kippur in Israel")
    assert "from candle lighting on Sunday" in result.warnings[0].message

    with translation.override("he"):
        hebrew = mt.meeting_times(jlm(2026, 9, 21, 14, 0), ny_galilee)
    assert "יום הכיפורים" in hebrew.warnings[0].message
    assert "יום ראשון" in hebrew.warnings[0].message


def test_yom_kippur_eve_in_israel_catches_a_new_york_sunday_lunch(ny_galilee):
    # Sunday 20 September 2026, 12:00 in New York = 19:00 in Jerusalem, after candle lighting.
    starts = datetime.datetime(2026, 9, 20, 12, 0, tzinfo=NEW_YORK)
    assert codes(mt.meeting_times(starts, ny_galilee)) == ["holiday"]
    # The day after (Tuesday) is free.
    assert mt.meeting_times(jlm(2026, 9, 22, 19, 0), ny_galilee).warnings == []


def test_both_days_of_rosh_hashanah_make_one_window(ny_galilee):
    # Rosh Hashanah 5787: Saturday 12 and Sunday 13 September 2026.
    result = mt.meeting_times(jlm(2026, 9, 13, 18, 0), ny_galilee)
    assert codes(result) == ["holiday"]
    assert "Rosh Hashanah" in result.warnings[0].message
    assert "from candle lighting on Friday" in result.warnings[0].message
    assert "to Sunday" in result.warnings[0].message


def test_israel_keeps_one_day_second_days_of_the_diaspora_are_working_days(ny_galilee):
    # 27 September 2026: the second day of Sukkot abroad, an intermediate day in Israel.
    assert mt.meeting_times(jlm(2026, 9, 27, 19, 0), ny_galilee).warnings == []
    # Shemini Atzeret/Simchat Torah: Saturday 3 October 2026 (Shabbat as well).
    result = mt.meeting_times(jlm(2026, 10, 3, 14, 0), ny_galilee)
    assert sorted(codes(result)) == ["holiday", "shabbat"]
    assert any("Shemini Atzeret" in w.message for w in result.warnings)


def test_passover_first_and_seventh_days_only(ny_galilee):
    def names(day):
        return [w.message for w in mt.meeting_times(jlm(2026, 4, day, 14, 0), ny_galilee).warnings]

    assert names(2) == [
        "This meeting falls on the first day of Passover in Israel "
        "(from candle lighting on Wednesday 18:18 to Thursday 19:35, Jerusalem time)."
    ]
    assert names(5) == []  # an intermediate day (a Sunday)
    assert "the seventh day of Passover" in names(8)[0]


def test_memorial_and_independence_days_and_tisha_bav(ny_galilee):
    # 2026: Yom HaShoah Tuesday 14 April; Yom HaZikaron Tuesday 21 April; Yom HaAtzmaut Wednesday 22 April.
    messages = {
        day: [w.message for w in mt.meeting_times(jlm(*day), ny_galilee).warnings]
        for day in [(2026, 4, 14, 14, 0), (2026, 4, 21, 14, 0), (2026, 4, 22, 14, 0), (2026, 7, 23, 14, 0)]
    }
    assert "Holocaust Remembrance Day (Yom HaShoah)" in messages[(2026, 4, 14, 14, 0)][0]
    assert "Memorial Day (Yom HaZikaron)" in messages[(2026, 4, 21, 14, 0)][0]
    assert "Independence Day (Yom HaAtzmaut)" in messages[(2026, 4, 22, 14, 0)][0]
    assert "Tisha B'Av" in messages[(2026, 7, 23, 14, 0)][0]
    assert all(len(texts) == 1 and "from sunset on" in texts[0] for texts in messages.values())
    assert mt.meeting_times(jlm(2026, 4, 15, 14, 0), ny_galilee).warnings == []


def test_national_days_move_off_the_weekend():
    # 5 Iyar 5785 was a Saturday: Independence Day moved to Thursday 1 May 2025, Memorial Day to Wednesday.
    days = mt.national_days(5785)
    assert days[datetime.date(2025, 5, 1)] == mt.YOM_HAATZMAUT
    assert days[datetime.date(2025, 4, 30)] == mt.YOM_HAZIKARON
    # 27 Nisan 5785 was a Friday: Yom HaShoah on Thursday 24 April 2025.
    assert days[datetime.date(2025, 4, 24)] == mt.YOM_HASHOAH
    # 9 Av 5785 was Shabbat: the fast on Sunday 3 August 2025.
    assert days[datetime.date(2025, 8, 3)] == mt.TISHA_BAV


# ---- night


def test_a_morning_in_jerusalem_is_the_night_before_in_los_angeles(la_galilee):
    starts = jlm(2026, 11, 23, 9, 0)  # Monday 09:00 in Jerusalem = Sunday 23:00 in Los Angeles
    with timezone.override(JERUSALEM):
        result = mt.meeting_times(starts, la_galilee)

    la, israel = result.times
    assert (la.side, la.zone, israel.side, israel.zone) == (
        "diaspora", "America/Los_Angeles", "israel", "Asia/Jerusalem"
    )
    assert la.local_start == datetime.datetime(2026, 11, 22, 23, 0, tzinfo=LOS_ANGELES)
    assert la.local_start.date() == datetime.date(2026, 11, 22)
    assert la.day_offset == -1 and la.text == "Sunday 23:00 Los Angeles"
    assert israel.day_offset == 0 and israel.text == "09:00 Upper Galilee"
    assert codes(result) == ["night"]
    assert result.warnings[0].message == "This meeting is at night in Los Angeles (23:00–00:30)."


def test_evening_in_new_york_is_night_in_israel(ny_galilee):
    starts = datetime.datetime(2026, 11, 24, 17, 0, tzinfo=NEW_YORK)  # Wednesday 00:00 in Jerusalem
    result = mt.meeting_times(starts, ny_galilee)
    assert codes(result) == ["night"]
    assert result.warnings[0].message == "This meeting is at night in Upper Galilee (00:00–01:30)."


@pytest.mark.parametrize(
    ("hour", "minute", "warned"),
    [(20, 30, False), (20, 31, True), (7, 0, False), (5, 30, True)],
)
def test_night_hours_are_22_to_7(ny_galilee, hour, minute, warned):
    # 90-minute meetings, Jerusalem times on a Tuesday: does Israel's side get a night warning?
    result = mt.meeting_times(jlm(2026, 11, 24, hour, minute), ny_galilee)
    israel_night = [w for w in result.warnings if w.code == mt.NIGHT and "Upper Galilee" in w.message]
    assert bool(israel_night) is warned, result.warnings


def test_duration_counts(ny_galilee):
    assert mt.meeting_times(jlm(2026, 11, 24, 20, 0), ny_galilee, duration_minutes=121).has("night")
    assert not mt.meeting_times(jlm(2026, 11, 24, 20, 0), ny_galilee, duration_minutes=120).has("night")


# ---- daylight saving time: Israel and the United States change on different dates


@pytest.mark.parametrize(
    ("day", "jerusalem_time"),
    [
        (datetime.date(2026, 3, 3), "19:00"),  # both on winter time: 7 hours apart
        (datetime.date(2026, 3, 10), "18:00"),  # the US moved on 8 March, Israel not yet: 6 hours
        (datetime.date(2026, 3, 31), "19:00"),  # Israel moved on 27 March: 7 hours again
        (datetime.date(2026, 10, 27), "18:00"),  # Israel back on 25 October, the US not yet: 6 hours
        (datetime.date(2026, 11, 3), "19:00"),  # the US back on 1 November: 7 hours
    ],
)
def test_local_times_across_the_weeks_when_clocks_change(ny_galilee, day, jerusalem_time):
    starts = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=NEW_YORK)
    ny, israel = mt.meeting_times(starts, ny_galilee).times
    assert ny.local_start.date() == israel.local_start.date() == day
    assert ny.text == "12:00 New York"
    assert israel.text == f"{jerusalem_time} Upper Galilee"
    assert israel.local_end - israel.local_start == datetime.timedelta(minutes=90)


def test_viewer_time_is_the_active_time_zone(ny_galilee):
    starts = jlm(2026, 11, 24, 19, 0)
    with timezone.override(LOS_ANGELES):
        result = mt.meeting_times(starts, ny_galilee)
    assert result.viewer.local_start == datetime.datetime(2026, 11, 24, 9, 0, tzinfo=LOS_ANGELES)
    assert result.viewer.local_end - result.viewer.local_start == datetime.timedelta(minutes=90)
    assert result.viewer.zone == "America/Los_Angeles"


def test_a_meeting_object_brings_its_duration_and_partnership():
    meeting = f.MeetingFactory(starts_at=jlm(2026, 11, 24, 19, 0), duration_minutes=240)
    result = mt.meeting_times(meeting)
    assert [t.zone for t in result.times] == ["America/New_York", "Asia/Jerusalem"]
    assert result.times[1].local_end == jlm(2026, 11, 24, 23, 0)
    assert result.has("night")  # 23:00 in Jerusalem


# ---- zones and their names


def test_zones_one_per_distinct_zone_diaspora_first_lead_names_it(django_assert_num_queries):
    jerusalem = community(Side.ISRAEL, "Asia/Jerusalem", locality_en="Karmiel", locality_he="כרמיאל")
    misgav = community(Side.ISRAEL, "Asia/Jerusalem", locality_en="Misgav", locality_he="משגב")
    chicago = community(Side.DIASPORA, "America/Chicago", locality_en="", locality_he="")
    pittsburgh = community(Side.DIASPORA, "America/New_York", locality_en="Pittsburgh", locality_he="פיטסבורג")
    partnership = partnership_with(jerusalem, misgav, chicago, pittsburgh, lead=misgav)

    with django_assert_num_queries(1):
        zones = mt.partnership_zones(partnership)
        assert mt.partnership_zones(partnership) is zones  # cached on the object
    assert [(z.side, z.zone) for z in zones] == [
        ("diaspora", "America/Chicago"),
        ("diaspora", "America/New_York"),
        ("israel", "Asia/Jerusalem"),
    ]
    with django_assert_num_queries(0), translation.override("en"):
        assert [z.label for z in zones] == ["Chicago", "Pittsburgh", "Misgav"]
    with translation.override("he"):
        assert [z.label for z in zones] == ["שיקגו", "פיטסבורג", "משגב"]


def test_zones_read_from_prefetched_links_without_a_query(django_assert_num_queries, ny_galilee):
    from partnerships.models import Partnership

    partnership = Partnership.objects.prefetch_related("links__community").get(pk=ny_galilee.pk)
    with django_assert_num_queries(0):
        assert [z.zone for z in mt.partnership_zones(partnership)] == ["America/New_York", "Asia/Jerusalem"]


def test_inactive_communities_do_not_count():
    partnership = partnership_with(
        community(Side.DIASPORA, "America/New_York", locality_en="Boston", locality_he="בוסטון"),
        community(Side.DIASPORA, "Europe/London", locality_en="London", locality_he="לונדון", is_active=False),
        community(Side.ISRAEL, "Asia/Jerusalem", locality_en="Haifa", locality_he="חיפה", kind=CommunityKind.CITY),
    )
    assert [z.zone for z in mt.partnership_zones(partnership)] == ["America/New_York", "Asia/Jerusalem"]


def test_place_labels_in_hebrew_and_english(la_galilee):
    starts = jlm(2026, 11, 24, 19, 0)
    with translation.override("en"):
        english = mt.meeting_times(starts, la_galilee)
        assert english.times[1].text == "19:00 Upper Galilee"
    with translation.override("he"):
        hebrew = mt.meeting_times(starts, la_galilee)
        assert hebrew.times[1].text == "19:00 בגליל עליון"
        assert hebrew.times[0].text == "09:00 בלוס אנג׳לס"
    assert [t.place_label for t in english.times] == ["Los Angeles", "Upper Galilee"]
    assert [t.place_label for t in hebrew.times] == ["לוס אנג׳לס", "גליל עליון"]


def test_zone_city_names():
    assert mt.zone_city("America/Argentina/Buenos_Aires") == "Buenos Aires"
    assert mt.zone_city("America/Kentucky/Louisville") == "Louisville"
    with translation.override("he"):
        assert mt.zone_city("America/New_York") == "ניו יורק"
        assert mt.zone_city("Asia/Jerusalem") == "ירושלים"


# ---- the include


def render_include(result, language):
    request = RequestFactory().get("/")
    with translation.override(language):
        return render_to_string("partnerships/includes/meeting_times.html", {"info": result}, request=request)


def test_include_shows_viewer_time_sides_in_bdi_and_warnings_as_a_note(ny_galilee):
    with timezone.override(NEW_YORK):
        result = mt.meeting_times(datetime.datetime(2026, 1, 9, 12, 0, tzinfo=NEW_YORK), ny_galilee)
        html = render_include(result, "en")
    assert "Friday, Jan. 9, 2026" in html  # the viewer's own time ({% time_range %})
    assert '<bdi data-zone="America/New_York">12:00 New York</bdi>' in html
    assert '<bdi data-zone="Asia/Jerusalem">19:00 Upper Galilee</bdi>' in html
    assert '<div class="warning meeting-times-warnings" role="note" aria-label="About this time">' in html
    assert '<li data-warning="shabbat">This meeting falls on Shabbat in Israel' in html


def test_include_in_hebrew(ny_galilee):
    with timezone.override(JERUSALEM), translation.override("he"):
        result = mt.meeting_times(jlm(2026, 9, 21, 14, 0), ny_galilee)
        html = render_include(result, "he")
    assert "<bdi data-zone=\"America/New_York\">07:00 בניו יורק</bdi>" in html
    assert "<bdi data-zone=\"Asia/Jerusalem\">14:00 בגליל עליון</bdi>" in html
    assert "יום הכיפורים" in html
    assert 'class="hebrew-date"' in html  # the Hebrew date beside the viewer's time


def test_include_can_leave_out_the_viewer_time_and_renders_nothing_without_data(ny_galilee):
    result = mt.meeting_times(jlm(2026, 11, 24, 19, 0), ny_galilee)
    request = RequestFactory().get("/")
    html = render_to_string(
        "partnerships/includes/meeting_times.html", {"info": result, "hide_viewer": True}, request=request
    )
    assert "meeting-times-viewer" not in html and "19:00 Upper Galilee" in html
    assert "warning" not in html
    assert render_to_string("partnerships/includes/meeting_times.html", {}, request=request).strip() == ""
