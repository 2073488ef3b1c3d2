"""The personal calendar feed: what Google, Apple and Outlook calendars read at the secret address."""

import datetime

import pytest
from django.utils import timezone, translation
from icalendar import Calendar

from tests import factories as f
from volunteers import services
from volunteers.models import ShiftStatus, SignUpStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_language_leak():
    # A request to /he/… leaves Hebrew active in this thread: later tests expect the default again.
    yield
    translation.deactivate()


def shift_at(hours_from_now, *, length=3, **kwargs):
    starts = (timezone.now() + datetime.timedelta(hours=hours_from_now)).replace(microsecond=0)
    return f.ShiftFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=length), **kwargs)


def feed_path(person):
    profile = services.profile_get_or_create(user=person)
    return f"/calendar/{profile.calendar_token}.ics"


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response, Calendar.from_ical(response.content)


def events(calendar):
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def volunteer():
    return f.UserFactory(full_name="Rachel Goldberg", time_zone="America/New_York")


def test_unknown_or_malformed_token_is_404(client):
    assert client.get("/calendar/not-a-real-token-at-all-000000.ics").status_code == 404
    assert client.get("/calendar/x.ics").status_code == 404
    assert client.get("/calendar/%00%27%3B.ics").status_code == 404


def test_feed_is_public_a_valid_calendar_with_one_event_per_sign_up(client, volunteer, settings):
    settings.SITE_URL = "https://p2g.example.org"
    confirmed = f.SignUpFactory(
        volunteer=volunteer,
        shift=shift_at(24 * 5, location_en="Kfar Giladi school", opportunity__title_en="English tutor"),
    )
    waiting = f.SignUpFactory(volunteer=volunteer, shift=shift_at(24 * 8), status=SignUpStatus.WAITLISTED)
    f.SignUpFactory(volunteer=volunteer, shift=shift_at(24 * 9), status=SignUpStatus.CANCELLED)

    response, calendar = fetch(client, feed_path(volunteer))  # no one signed in

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert ".ics" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert "PRODID" in calendar
    assert calendar["X-WR-TIMEZONE"] == "America/New_York"
    assert calendar["X-WR-CALNAME"] == "My volunteer shifts · Partnership2Gether"
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"
    assert "REFRESH-INTERVAL" in calendar

    by_uid = {str(e["UID"]): e for e in events(calendar)}
    assert set(by_uid) == {f"signup-{confirmed.pk}@p2g.example.org", f"signup-{waiting.pk}@p2g.example.org"}
    event = by_uid[f"signup-{confirmed.pk}@p2g.example.org"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.utcoffset() == datetime.timedelta(0) and start == confirmed.shift.starts_at
    assert end == confirmed.shift.ends_at
    assert b"DTSTART:" in response.content and b"Z\r\n" in response.content
    assert str(event["SUMMARY"]) == "English tutor"
    assert str(event["LOCATION"]) == "Kfar Giladi school"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in event
    description = str(event["DESCRIPTION"])
    assert confirmed.shift.opportunity.program.name_en in description
    assert confirmed.shift.opportunity.program.partnership.name_en in description
    assert "confirmed" in description
    assert str(event["URL"]) == f"https://p2g.example.org/en/opportunities/{confirmed.shift.opportunity.pk}/"
    assert str(by_uid[f"signup-{waiting.pk}@p2g.example.org"]["STATUS"]) == "TENTATIVE"


def test_uid_is_stable_across_requests_and_status_changes(client, volunteer):
    signup = f.SignUpFactory(volunteer=volunteer, shift=shift_at(48), status=SignUpStatus.WAITLISTED)
    path = feed_path(volunteer)

    _r, first = fetch(client, path)
    signup.status = SignUpStatus.CONFIRMED
    signup.save(update_fields=["status"])
    _r, second = fetch(client, path)

    assert [str(e["UID"]) for e in events(first)] == [str(e["UID"]) for e in events(second)]
    assert str(events(second)[0]["STATUS"]) == "CONFIRMED"


def test_hebrew_volunteer_gets_hebrew_titles_and_calendar_name(client):
    person = f.HebrewUserFactory()
    f.SignUpFactory(
        volunteer=person,
        shift=shift_at(72, opportunity__title_he="חונכות בקריית שמונה", opportunity__title_en="Tutor"),
    )

    response, calendar = fetch(client, feed_path(person))

    assert str(events(calendar)[0]["SUMMARY"]) == "חונכות בקריית שמונה"
    assert calendar["X-WR-CALNAME"] == "משמרות ההתנדבות שלי · שותפות ביחד"
    assert calendar["X-WR-TIMEZONE"] == "Asia/Jerusalem"
    assert "/he/opportunities/" in str(events(calendar)[0]["URL"])


def test_waitlisted_event_is_tentative_and_says_so(client):
    person = f.HebrewUserFactory()
    f.SignUpFactory(volunteer=person, shift=shift_at(72), status=SignUpStatus.WAITLISTED)

    _r, calendar = fetch(client, feed_path(person))

    event = events(calendar)[0]
    assert str(event["STATUS"]) == "TENTATIVE"
    assert "רשימת המתנה" in str(event["SUMMARY"])


def test_cancelled_sign_up_left_out_cancelled_shift_marked_cancelled(client, volunteer):
    f.SignUpFactory(volunteer=volunteer, shift=shift_at(30), status=SignUpStatus.CANCELLED)
    called_off = f.SignUpFactory(volunteer=volunteer, shift=shift_at(40, status=ShiftStatus.CANCELLED))

    _r, calendar = fetch(client, feed_path(volunteer))

    assert [str(e["UID"]).split("@")[0] for e in events(calendar)] == [f"signup-{called_off.pk}"]
    assert str(events(calendar)[0]["STATUS"]) == "CANCELLED"


def test_reset_makes_the_old_address_404_and_the_new_one_work(client, volunteer):
    f.SignUpFactory(volunteer=volunteer, shift=shift_at(30))
    old_path = feed_path(volunteer)
    assert client.get(old_path).status_code == 200

    new_token = services.calendar_token_reset(user=volunteer)

    assert client.get(old_path).status_code == 404
    _r, calendar = fetch(client, f"/calendar/{new_token}.ics")
    assert len(events(calendar)) == 1


def test_a_token_shows_only_its_owners_shifts(client, volunteer):
    mine = f.SignUpFactory(volunteer=volunteer, shift=shift_at(30, opportunity__title_en="Rachel's shift"))
    other = f.UserFactory(full_name="David Stein")
    theirs = f.SignUpFactory(volunteer=other, shift=shift_at(30, opportunity__title_en="David's shift"))
    # Both on one shift: still only the owner's own sign-up.
    f.SignUpFactory(volunteer=other, shift=mine.shift)

    response, calendar = fetch(client, feed_path(other))

    uids = {str(e["UID"]).split("@")[0] for e in events(calendar)}
    assert f"signup-{theirs.pk}" in uids and f"signup-{mine.pk}" not in uids
    assert len(uids) == 2
    assert b"Goldberg" not in response.content  # the owner's name is nowhere
    assert volunteer.email.encode() not in response.content


def test_signed_in_visitor_with_someone_elses_token_gets_that_feed_only_by_token(client, volunteer):
    # The address is the secret, not the session: signing in as someone else changes nothing.
    f.SignUpFactory(volunteer=volunteer, shift=shift_at(30, opportunity__title_en="Rachel's shift"))
    client.force_login(f.UserFactory())

    _r, calendar = fetch(client, feed_path(volunteer))

    assert [str(e["SUMMARY"]) for e in events(calendar)] == ["Rachel's shift"]


def test_inactive_person_has_no_feed(client, volunteer):
    path = feed_path(volunteer)
    volunteer.is_active = False
    volunteer.save(update_fields=["is_active"])

    assert client.get(path).status_code == 404


def test_post_is_refused(client, volunteer):
    assert client.post(feed_path(volunteer)).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_feed_query_count_does_not_grow(client, volunteer, django_assert_max_num_queries, count):
    for i in range(count):
        f.SignUpFactory(
            volunteer=volunteer,
            shift=shift_at(24 * (i + 1)),
            status=SignUpStatus.WAITLISTED if i % 3 == 0 else SignUpStatus.CONFIRMED,
        )
    path = feed_path(volunteer)

    with django_assert_max_num_queries(3):
        _r, calendar = fetch(client, path)
    assert len(events(calendar)) == count
