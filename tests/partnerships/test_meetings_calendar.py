"""The meetings calendar feed: a person's committee meetings at their secret address."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation
from icalendar import Calendar

from partnerships.calendar import meetings_feed_links
from partnerships.models import MeetingStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def feed_path(person):
    return f"/calendar/{person.volunteer_profile.calendar_token}/meetings.ics"


def fetch(client, person):
    response = client.get(feed_path(person))
    assert response.status_code == 200, response.status_code
    return response, Calendar.from_ical(response.content)


def events(calendar):
    return list(calendar.walk("VEVENT"))


def uids(calendar):
    return {str(e["UID"]) for e in events(calendar)}


def meeting(committee, days, **kwargs):
    starts = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    return f.MeetingFactory(committee=committee, starts_at=starts, **kwargs)


@pytest.fixture
def meetings(workspace):
    w = workspace
    return {
        "next": meeting(
            w.steering, 10, title_en="Budget meeting", title_he="ישיבת תקציב", location_en="Kfar Blum", location_he="כפר בלום",
            online_url="https://meet.example.org/p2g",
        ),
        "cancelled": meeting(w.steering, 20, status=MeetingStatus.CANCELLED),
        "draft": meeting(w.steering, 30, status=MeetingStatus.DRAFT),
        "recent": meeting(w.steering, -30, status=MeetingStatus.HELD),
        "old": meeting(w.steering, -200, status=MeetingStatus.HELD),
        "sub": meeting(w.sub, 12, title_en="Education planning"),
        "other": meeting(w.other_steering, 10, title_en="Denver meeting"),
    }


def uid(m, host="p2g.example.org"):
    return f"meeting-{m.pk}@{host}"


def test_unknown_or_malformed_token_is_404(client, workspace):
    assert client.get("/calendar/not-a-real-token-at-all-000000/meetings.ics").status_code == 404
    assert client.get("/calendar/x/meetings.ics").status_code == 404
    assert client.get("/calendar/%27%3B--/meetings.ics").status_code == 404


def test_feed_is_public_valid_and_lists_the_persons_committee_meetings(client, workspace, meetings, settings):
    settings.SITE_URL = "https://p2g.example.org"
    w = workspace
    f.AgendaItemFactory(meeting=meetings["next"], order=1, title_en="Welcome", title_he="פתיחה")
    f.AgendaItemFactory(meeting=meetings["next"], order=2, title_en="Budget 2027", title_he="תקציב 2027")

    response, calendar = fetch(client, w.co_chair)  # nobody signed in: the token is the secret

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert ".ics" in response["Content-Disposition"]
    assert calendar["VERSION"] == "2.0" and calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "My committee meetings · Partnership2Gether"
    assert calendar["X-WR-TIMEZONE"] == "America/New_York"
    assert "REFRESH-INTERVAL" in calendar and calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"

    # Steering meetings from six months back; not the older one, not the subcommittee's, not another partnership's.
    assert uids(calendar) == {uid(meetings[k]) for k in ("next", "cancelled", "draft", "recent")}

    event = next(e for e in events(calendar) if str(e["UID"]) == uid(meetings["next"]))
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.utcoffset() == datetime.timedelta(0) and start == meetings["next"].starts_at
    assert end - start == datetime.timedelta(minutes=90)
    assert b"Z\r\n" in response.content
    assert str(event["SUMMARY"]) == "Budget meeting"
    assert str(event["LOCATION"]) == "Kfar Blum"
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert w.steering.name_en in description and w.partnership.name_en in description
    assert "1. Welcome\n2. Budget 2027" in description
    assert "Online: https://meet.example.org/p2g" in description
    assert "Local times:" in description and "Springfield" in description and "Upper Galilee" in description
    url = f"https://p2g.example.org/en/partnerships/{w.partnership.pk}/meetings/{meetings['next'].pk}/"
    assert str(event["URL"]) == url and url in description


def test_cancelled_meeting_is_marked_and_draft_is_tentative(client, workspace, meetings):
    _r, calendar = fetch(client, workspace.member_diaspora)
    by_uid = {str(e["UID"]).split("@")[0]: e for e in events(calendar)}

    cancelled = by_uid[f"meeting-{meetings['cancelled'].pk}"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("Cancelled: ")
    assert "This meeting was cancelled." in str(cancelled["DESCRIPTION"])
    assert str(by_uid[f"meeting-{meetings['draft'].pk}"]["STATUS"]) == "TENTATIVE"


def test_uid_stays_when_the_meeting_changes(client, workspace, meetings):
    _r, before = fetch(client, workspace.co_chair)
    meetings["next"].starts_at += datetime.timedelta(hours=2)
    meetings["next"].status = MeetingStatus.CANCELLED
    meetings["next"].save()
    _r, after = fetch(client, workspace.co_chair)
    assert uids(before) == uids(after)
    event = next(e for e in events(after) if str(e["UID"]).startswith(f"meeting-{meetings['next'].pk}@"))
    assert event.decoded("DTSTART") == meetings["next"].starts_at
    assert str(event["STATUS"]) == "CANCELLED"


def test_only_committees_of_a_current_term(client, workspace, meetings):
    w = workspace
    sub_member = {str(e["UID"]).split("@")[0] for e in events(fetch(client, w.sub_member)[1])}
    assert sub_member == {f"meeting-{meetings['sub'].pk}"}
    # The steering committee's chair sees the steering committee's meetings, not the subcommittee's.
    chair = {str(e["UID"]).split("@")[0] for e in events(fetch(client, w.chair)[1])}
    assert f"meeting-{meetings['sub'].pk}" not in chair and f"meeting-{meetings['next'].pk}" in chair


def test_former_member_and_plain_volunteer_get_an_empty_calendar(client, workspace, meetings):
    for person in (workspace.former, workspace.volunteer):
        _r, calendar = fetch(client, person)
        assert events(calendar) == []


def test_leaving_the_committee_removes_its_meetings(client, workspace, meetings):
    w = workspace
    assert events(fetch(client, w.member_israel)[1])
    w.member_israel_term.term_end = w.today - datetime.timedelta(days=1)
    w.member_israel_term.save(update_fields=["term_end"])
    assert events(fetch(client, w.member_israel)[1]) == []


def test_another_partnerships_meetings_are_absent(client, workspace, meetings):
    w = workspace
    assert uid(meetings["other"]).split("@")[0] not in {u.split("@")[0] for u in uids(fetch(client, w.co_chair)[1])}
    other = {u.split("@")[0] for u in uids(fetch(client, w.other_member)[1])}
    assert other == {f"meeting-{meetings['other'].pk}"}


def test_hebrew_owner_gets_hebrew_titles_and_links(client, workspace, meetings):
    _r, calendar = fetch(client, workspace.member_israel)
    event = next(e for e in events(calendar) if str(e["UID"]).startswith(f"meeting-{meetings['next'].pk}@"))
    assert str(event["SUMMARY"]) == "ישיבת תקציב"
    assert str(event["LOCATION"]) == "כפר בלום"
    assert f"/he/partnerships/{workspace.partnership.pk}/meetings/{meetings['next'].pk}/" in str(event["URL"])
    assert calendar["X-WR-TIMEZONE"] == "Asia/Jerusalem"
    assert calendar["X-WR-CALNAME"] == "ישיבות הוועדות שלי · שותפות ביחד"
    assert "ועדה:" in str(event["DESCRIPTION"])


def test_inactive_person_and_post_are_refused(client, workspace, meetings):
    path = feed_path(workspace.co_chair)
    assert client.post(path).status_code == 405
    workspace.co_chair.is_active = False
    workspace.co_chair.save(update_fields=["is_active"])
    assert client.get(path).status_code == 404


def test_reset_token_closes_the_old_address(client, workspace, meetings):
    from volunteers import services

    old = feed_path(workspace.co_chair)
    services.calendar_token_reset(user=workspace.co_chair)
    workspace.co_chair.volunteer_profile.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(feed_path(workspace.co_chair)).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_meetings(client, workspace, django_assert_max_num_queries, count):
    w = workspace
    for i in range(count):
        m = meeting(w.steering if i % 2 else w.sub, i + 1)
        f.AgendaItemFactory(meeting=m, order=1)
        f.AgendaItemFactory(meeting=m, order=2)
    f.MembershipFactory(committee=w.sub, person=w.co_chair, side="diaspora", term_start=w.today)
    with django_assert_max_num_queries(5):
        _r, calendar = fetch(client, w.co_chair)
    assert len(events(calendar)) == count


# ---- the address on the pages


def test_feed_link_block_shows_the_personal_address_and_the_settings_link(workspace, settings):
    settings.SITE_URL = "https://p2g.example.org"
    settings.ALLOWED_HOSTS = ["p2g.example.org"]
    user = workspace.member_diaspora
    request = RequestFactory().get("/", HTTP_HOST="p2g.example.org")
    request.user = user
    token = user.volunteer_profile.calendar_token
    with translation.override("en"):
        html = render_to_string("partnerships/includes/meetings_feed_link.html", {}, request=request)
        links = meetings_feed_links(user)
        with_links = render_to_string(
            "partnerships/includes/meetings_feed_link.html", {"meetings_feed": links}, request=request
        )
    assert f"http://p2g.example.org/calendar/{token}/meetings.ics" in html
    assert f"webcal://p2g.example.org/calendar/{token}/meetings.ics" in html
    assert links == {
        "url": f"https://p2g.example.org/calendar/{token}/meetings.ics",
        "webcal": f"webcal://p2g.example.org/calendar/{token}/meetings.ics",
    }
    assert f'value="https://p2g.example.org/calendar/{token}/meetings.ics"' in with_links
    assert 'href="/en/me/calendar/"' in html
    assert "Google Calendar" in html and "Apple Calendar" in html and "Outlook" in html


def test_feed_link_block_without_a_profile_points_to_the_settings(db):
    user = f.UserFactory()
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en"):
        html = render_to_string("partnerships/includes/meetings_feed_link.html", {}, request=request)
    assert "meetings.ics" not in html
    assert "Set up your personal calendar address first." in html
    assert meetings_feed_links(user) is None


def test_calendar_settings_page_shows_the_meetings_address_to_committee_members_only(client, workspace):
    w = workspace
    client.force_login(w.member_israel)
    page = client.get("/he/me/calendar/")
    assert page.status_code == 200
    token = w.member_israel.volunteer_profile.calendar_token
    assert f"/calendar/{token}/meetings.ics" in page.content.decode()
    assert 'dir="rtl"' in page.content.decode()

    client.force_login(w.volunteer)
    page = client.get("/en/me/calendar/")
    assert page.status_code == 200
    assert "meetings.ics" not in page.content.decode()
    assert "Your committee meetings" not in page.content.decode()
