"""My schedule and the calendar settings page, as a volunteer (and an outsider) sees them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories as f
from volunteers.models import ShiftStatus, SignUpStatus, VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_language_leak():
    # A request to /he/… leaves Hebrew active in this thread: later tests expect the default again.
    yield
    translation.deactivate()


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def shift_at(hours_from_now, *, length=3, **kwargs):
    starts = (timezone.now() + datetime.timedelta(hours=hours_from_now)).replace(microsecond=0)
    return f.ShiftFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=length), **kwargs)


def sign_up(person, hours_from_now, status=SignUpStatus.CONFIRMED, **shift_kwargs):
    return f.SignUpFactory(shift=shift_at(hours_from_now, **shift_kwargs), volunteer=person, status=status)


def signed_in(client, person):
    """A volunteer who has completed the welcome form, signed in."""
    f.VolunteerProfileFactory(user=person, onboarded_at=timezone.now())
    client.force_login(person)
    return person


@pytest.fixture
def volunteer(client):
    return signed_in(client, f.UserFactory(full_name="Rachel Goldberg"))


# --- My schedule -------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client):
    for name in ("volunteers:my_schedule", "volunteers:calendar_settings"):
        response = client.get(url(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_upcoming_and_past_shifts_are_split_with_their_status(client, volunteer):
    upcoming = sign_up(volunteer, 24 * 7, opportunity__title_en="Tutor in Kiryat Shmona")
    waiting = sign_up(volunteer, 24 * 9, SignUpStatus.WAITLISTED, opportunity__title_en="Harvest in Metula")
    attended = sign_up(volunteer, -24 * 5, SignUpStatus.ATTENDED, opportunity__title_en="Library evening")
    no_show = sign_up(volunteer, -24 * 6, SignUpStatus.NO_SHOW, opportunity__title_en="Sports day")
    cancelled = sign_up(volunteer, 24 * 3, SignUpStatus.CANCELLED, opportunity__title_en="Cancelled choir")

    response = client.get(url("volunteers:my_schedule"))

    assert response.status_code == 200
    page = response.content.decode()
    upcoming_part, past_part = page.split("Past shifts", 1)
    assert "Tutor in Kiryat Shmona" in upcoming_part and "Harvest in Metula" in upcoming_part
    assert "Library evening" in past_part and "Sports day" in past_part
    assert "Library evening" not in upcoming_part
    assert "Cancelled choir" not in page
    assert "Confirmed" in upcoming_part and "Waitlist" in upcoming_part
    assert "Attended" in past_part and "No-show" in past_part
    assert url("volunteers:opportunity_detail", pk=upcoming.shift.opportunity.pk) in upcoming_part
    assert url("volunteers:signup_cancel", pk=waiting.pk) in upcoming_part
    assert url("volunteers:signup_cancel", pk=cancelled.pk) not in page
    # Hours can be logged for the attended shift, never for a no-show.
    assert url("volunteers:hours_log", shift_pk=attended.shift.pk) in past_part
    assert url("volunteers:hours_log", shift_pk=no_show.shift.pk) not in past_part


def test_cancel_link_only_before_the_cut_off_and_the_deadline_is_shown(client, volunteer):
    far = f.SignUpFactory(shift=shift_at(24 * 7, cancel_cutoff_hours=24), volunteer=volunteer)
    soon = f.SignUpFactory(shift=shift_at(3, cancel_cutoff_hours=24), volunteer=volunteer)

    page = client.get(url("volunteers:my_schedule")).content.decode()

    assert url("volunteers:signup_cancel", pk=far.pk) in page
    assert url("volunteers:signup_cancel", pk=soon.pk) not in page
    assert "You can cancel online until" in page
    assert "It is too late to cancel online" in page


def test_past_shift_with_hours_logged_offers_no_second_log(client, volunteer):
    logged = sign_up(volunteer, -48)
    f.HoursLogFactory(volunteer=volunteer, shift=logged.shift, program=logged.shift.opportunity.program)
    not_logged = sign_up(volunteer, -72)

    page = client.get(url("volunteers:my_schedule")).content.decode()

    assert url("volunteers:hours_log", shift_pk=logged.shift.pk) not in page
    assert url("volunteers:hours_log", shift_pk=not_logged.shift.pk) in page
    assert "Logged" in page


def test_shift_cancelled_by_coordinators_is_marked(client, volunteer):
    signup = sign_up(volunteer, 24 * 5)
    signup.shift.status = ShiftStatus.CANCELLED
    signup.shift.save(update_fields=["status"])

    page = client.get(url("volunteers:my_schedule")).content.decode()

    assert "This shift was cancelled." in page
    assert url("volunteers:signup_cancel", pk=signup.pk) not in page


def test_empty_schedule_points_to_the_opportunities(client, volunteer):
    page = client.get(url("volunteers:my_schedule")).content.decode()

    assert "You have no shifts yet" in page
    assert url("volunteers:opportunity_list") in page


def test_another_volunteer_sees_none_of_my_shifts(client, volunteer):
    sign_up(volunteer, 24 * 4, opportunity__title_en="Rachel's private tutoring")
    signed_in(client, f.UserFactory())

    page = client.get(url("volunteers:my_schedule")).content.decode()

    assert "Rachel's private tutoring" not in page
    assert "You have no shifts yet" in page


def test_schedule_in_hebrew(client):
    person = signed_in(client, f.HebrewUserFactory())
    sign_up(person, 24 * 4, opportunity__title_he="חונכות בקריית שמונה")
    sign_up(person, 24 * 6, SignUpStatus.WAITLISTED)

    response = client.get(url("volunteers:my_schedule", "he"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in page
    assert "משמרות קרובות" in page
    assert "חונכות בקריית שמונה" in page
    assert "רשימת המתנה" in page


def test_post_to_schedule_is_not_allowed(client, volunteer):
    assert client.post(url("volunteers:my_schedule")).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_schedule_query_count_does_not_grow(client, volunteer, django_assert_max_num_queries, count):
    for i in range(count):
        hours = 24 * (i + 2) if i % 2 else -24 * (i + 2)
        signup = sign_up(
            volunteer, hours, SignUpStatus.WAITLISTED if i % 3 == 0 and hours > 0 else "confirmed"
        )
        if i % 4 == 0 and hours < 0:
            f.HoursLogFactory(
                volunteer=volunteer, shift=signup.shift, program=signup.shift.opportunity.program
            )

    with django_assert_max_num_queries(7):
        response = client.get(url("volunteers:my_schedule"))
    assert response.status_code == 200


# --- Calendar settings -------------------------------------------------------------------------


def test_calendar_settings_shows_the_absolute_feed_address_and_creates_the_profile(client, settings):
    settings.SITE_URL = "https://p2g.example.org"
    staff = f.StaffFactory()  # staff skip the welcome form, so they may have no profile yet
    client.force_login(staff)

    response = client.get(url("volunteers:calendar_settings"))

    token = VolunteerProfile.objects.get(user=staff).calendar_token
    page = response.content.decode()
    assert response.status_code == 200
    assert f"https://p2g.example.org/calendar/{token}.ics" in page
    assert f"webcal://p2g.example.org/calendar/{token}.ics" in page
    for app in ("Google Calendar", "Apple Calendar", "Outlook"):
        assert app in page
    assert "Reset address" in page


def test_reset_gives_a_new_address_and_says_the_old_one_stopped(client, volunteer):
    old = VolunteerProfile.objects.get(user=volunteer).calendar_token

    response = client.post(url("volunteers:calendar_settings"), follow=True)

    new = VolunteerProfile.objects.get(user=volunteer).calendar_token
    page = response.content.decode()
    assert new != old
    assert "The old address has stopped working" in page
    assert f"/calendar/{new}.ics" in page and f"/calendar/{old}.ics" not in page
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_calendar_settings_in_hebrew(client):
    signed_in(client, f.HebrewUserFactory())

    response = client.get(url("volunteers:calendar_settings", "he"))

    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "הכתובת האישית שלך" in page
    assert "איפוס הכתובת" in page

    response = client.post(url("volunteers:calendar_settings", "he"), follow=True)
    assert "הכתובת הישנה הפסיקה לפעול" in response.content.decode()


def test_calendar_settings_shows_only_my_own_address(client, volunteer):
    other_token = f.VolunteerProfileFactory().calendar_token

    page = client.get(url("volunteers:calendar_settings")).content.decode()

    assert other_token not in page


def test_calendar_settings_refuses_other_methods(client, volunteer):
    assert client.put(url("volunteers:calendar_settings")).status_code == 405
    assert client.delete(url("volunteers:calendar_settings")).status_code == 405
