"""My hours: logging hours for a shift, totals by program and year, and the printable certificate."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories as f
from volunteers.models import HoursLog, HoursStatus, SignUpStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_language_leak():
    # A request to /he/… leaves Hebrew active in this thread: later tests expect the default again.
    yield
    translation.deactivate()


THIS_YEAR = timezone.localdate().year


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def shift_at(hours_from_now, *, length=3, **kwargs):
    starts = (timezone.now() + datetime.timedelta(hours=hours_from_now)).replace(microsecond=0)
    return f.ShiftFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=length), **kwargs)


def signed_in(client, person):
    """A volunteer who has completed the welcome form, signed in."""
    f.VolunteerProfileFactory(user=person, onboarded_at=timezone.now())
    client.force_login(person)
    return person


@pytest.fixture
def volunteer(client):
    return signed_in(client, f.UserFactory(full_name="Rachel Goldberg"))


@pytest.fixture
def past_signup(volunteer):
    return f.SignUpFactory(
        volunteer=volunteer, shift=shift_at(-48, length=2.5), status=SignUpStatus.CONFIRMED
    )


def approved(person, program, hours, day):
    return f.HoursLogFactory(
        volunteer=person, program=program, hours=Decimal(hours), date=day, status=HoursStatus.APPROVED
    )


# --- Who may open what ---------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client):
    signup = f.SignUpFactory(shift=shift_at(-48))
    for path in (
        url("volunteers:my_hours"),
        url("volunteers:hours_log", shift_pk=signup.shift.pk),
        url("volunteers:hours_certificate", year=THIS_YEAR),
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_someone_elses_shift_is_404_and_nothing_is_logged(client, volunteer):
    not_mine = f.SignUpFactory(shift=shift_at(-48))  # another volunteer's sign-up
    path = url("volunteers:hours_log", shift_pk=not_mine.shift.pk)

    assert client.get(path).status_code == 404
    assert client.post(path, {"hours": "3"}).status_code == 404
    assert client.get(url("volunteers:hours_log", shift_pk=999999)).status_code == 404
    assert not HoursLog.objects.exists()


def test_another_volunteer_sees_none_of_my_hours(client, volunteer):
    program = f.ProgramFactory(name_en="Galilee youth mentoring")
    f.HoursLogFactory(volunteer=volunteer, program=program, description="Secret notes of Rachel")
    approved(volunteer, program, "7.5", datetime.date(THIS_YEAR, 1, 10))
    signed_in(client, f.UserFactory())

    page = client.get(url("volunteers:my_hours")).content.decode()
    certificate = client.get(url("volunteers:hours_certificate", year=THIS_YEAR)).content.decode()

    assert "Galilee youth mentoring" not in page and "Secret notes of Rachel" not in page
    assert "Galilee youth mentoring" not in certificate and "Rachel Goldberg" not in certificate


# --- Logging hours -------------------------------------------------------------------------------


def test_log_hours_form_defaults_to_the_shift_length_and_logs_pending_hours(client, volunteer, past_signup):
    path = url("volunteers:hours_log", shift_pk=past_signup.shift.pk)

    form_page = client.get(path).content.decode()
    assert 'value="2.50"' in form_page or 'value="2.5"' in form_page
    assert '<label for="id_hours"' in form_page

    response = client.post(
        path, {"hours": "2.5", "description": "Read stories with the twinned class"}, follow=True
    )

    log = HoursLog.objects.get(volunteer=volunteer)
    assert (log.hours, log.status, log.shift_id) == (
        Decimal("2.50"),
        HoursStatus.PENDING,
        past_signup.shift.pk,
    )
    assert log.program == past_signup.shift.opportunity.program
    assert response.redirect_chain[-1][0] == url("volunteers:my_hours")
    page = response.content.decode()
    assert "waiting for approval" in page
    assert "Read stories with the twinned class" in page


def test_logging_twice_shows_the_error(client, volunteer, past_signup):
    path = url("volunteers:hours_log", shift_pk=past_signup.shift.pk)
    client.post(path, {"hours": "2"})

    response = client.post(path, {"hours": "4", "description": "again"})

    assert response.status_code == 200
    assert "Hours for this shift have already been logged." in response.content.decode()
    assert HoursLog.objects.filter(volunteer=volunteer).count() == 1
    assert HoursLog.objects.get(volunteer=volunteer).hours == Decimal("2")


def test_a_shift_that_has_not_ended_cannot_be_logged_yet(client, volunteer):
    future = f.SignUpFactory(volunteer=volunteer, shift=shift_at(24 * 3))

    response = client.post(url("volunteers:hours_log", shift_pk=future.shift.pk), {"hours": "3"})

    assert response.status_code == 200
    assert "You can log hours once the shift has ended." in response.content.decode()
    assert 'value="3"' in response.content.decode()
    assert not HoursLog.objects.exists()


def test_a_waitlisted_volunteer_cannot_log_hours(client, volunteer):
    waited = f.SignUpFactory(volunteer=volunteer, shift=shift_at(-48), status=SignUpStatus.WAITLISTED)

    response = client.post(url("volunteers:hours_log", shift_pk=waited.shift.pk), {"hours": "3"})

    assert response.status_code == 200
    assert "You can log hours only for a shift you took part in." in response.content.decode()
    assert not HoursLog.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter a number."),
        ("0", "Hours must be more than 0 and at most 24."),
        ("25", "Hours must be more than 0 and at most 24."),
        ("", "This field is required."),
    ],
)
def test_bad_hours_show_the_error_and_keep_what_was_typed(client, volunteer, past_signup, typed, message):
    response = client.post(
        url("volunteers:hours_log", shift_pk=past_signup.shift.pk),
        {"hours": typed, "description": "Kept text"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'id="id_hours_error"' in page and 'aria-invalid="true"' in page
    if typed:
        assert f'value="{typed}"' in page
    assert "Kept text" in page
    assert not HoursLog.objects.exists()


def test_log_hours_in_hebrew(client):
    person = signed_in(client, f.HebrewUserFactory())
    signup = f.SignUpFactory(volunteer=person, shift=shift_at(-30))
    path = url("volunteers:hours_log", "he", shift_pk=signup.shift.pk)

    page = client.get(path).content.decode()
    assert 'dir="rtl"' in page and "דיווח שעות" in page

    page = client.post(path, {"hours": "25"}).content.decode()
    assert "מספר השעות חייב להיות גדול מ-0 ולכל היותר 24." in page

    response = client.post(path, {"hours": "3"}, follow=True)
    assert "ממתינות לאישור" in response.content.decode()


def test_log_hours_refuses_other_methods(client, volunteer, past_signup):
    assert client.put(url("volunteers:hours_log", shift_pk=past_signup.shift.pk)).status_code == 405


# --- Totals ------------------------------------------------------------------------------------


def test_totals_sum_approved_hours_per_program_and_year(client, volunteer):
    tutoring = f.ProgramFactory(name_en="Tutoring program")
    choir = f.ProgramFactory(name_en="Joint choir")
    approved(volunteer, tutoring, "2.5", datetime.date(THIS_YEAR, 1, 5))
    approved(volunteer, tutoring, "3", datetime.date(THIS_YEAR, 2, 5))
    approved(volunteer, choir, "1.25", datetime.date(THIS_YEAR, 3, 5))
    approved(volunteer, choir, "10", datetime.date(THIS_YEAR - 1, 3, 5))
    f.HoursLogFactory(
        volunteer=volunteer, program=tutoring, hours=Decimal("20"), date=datetime.date(THIS_YEAR, 4, 1)
    )
    f.HoursLogFactory(
        volunteer=volunteer,
        program=choir,
        hours=Decimal("22"),
        date=datetime.date(THIS_YEAR, 4, 2),
        status=HoursStatus.REJECTED,
        rejection_reason="This shift was cancelled for rain",
    )

    response = client.get(url("volunteers:my_hours"))

    page = response.content.decode()
    this_year, last_year = page.split(f"Year {THIS_YEAR - 1}", 1)
    this_year = this_year.split(f"Year {THIS_YEAR}", 1)[1]
    assert ">5.50<" in this_year and ">1.25<" in this_year  # per program, approved only
    assert ">6.75<" in this_year  # the year's total, without the pending 20 or rejected 22
    assert ">10<" in last_year.split("Hours I logged")[0]
    assert "Waiting for approval" in page
    assert "Rejected" in page and "This shift was cancelled for rain" in page
    assert url("volunteers:hours_certificate", year=THIS_YEAR) in page
    assert url("volunteers:hours_certificate", year=THIS_YEAR - 1) in page


def test_my_hours_in_hebrew_shows_hebrew_program_names(client):
    person = signed_in(client, f.HebrewUserFactory())
    approved(person, f.ProgramFactory(name_he="חונכות בגליל"), "4", datetime.date(THIS_YEAR, 1, 3))

    page = client.get(url("volunteers:my_hours", "he")).content.decode()

    assert 'dir="rtl"' in page
    assert "שעות מאושרות לפי שנה" in page
    assert "חונכות בגליל" in page


def test_my_hours_with_nothing_yet(client, volunteer):
    page = client.get(url("volunteers:my_hours")).content.decode()

    assert "No approved hours yet." in page
    assert "You have not logged any hours yet." in page


def test_bad_page_number_still_shows_the_page(client, volunteer):
    f.HoursLogFactory(volunteer=volunteer)
    for page in ("abc", "-1", "99999", "1e9"):
        assert client.get(url("volunteers:my_hours"), {"page": page}).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_my_hours_query_count_does_not_grow(client, volunteer, django_assert_max_num_queries, count):
    programs = f.ProgramFactory.create_batch(3)
    for i in range(count):
        signup = f.SignUpFactory(volunteer=volunteer, shift=shift_at(-24 * (i + 1) * 20))
        f.HoursLogFactory(
            volunteer=volunteer,
            program=programs[i % 3],
            shift=signup.shift,
            date=timezone.localdate(signup.shift.starts_at),
            status=[HoursStatus.APPROVED, HoursStatus.PENDING][i % 2],
        )

    with django_assert_max_num_queries(8):
        response = client.get(url("volunteers:my_hours"))
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        response = client.get(url("volunteers:hours_certificate", year=THIS_YEAR))
    assert response.status_code == 200


# --- Certificate ---------------------------------------------------------------------------------


def test_certificate_shows_the_approved_total_in_english(client, volunteer):
    program = f.ProgramFactory(name_en="Tutoring program", partnership__name_en="Toronto – Eilat")
    approved(volunteer, program, "2.5", datetime.date(THIS_YEAR, 1, 5))
    approved(volunteer, program, "4", datetime.date(THIS_YEAR, 2, 5))
    approved(volunteer, program, "9", datetime.date(THIS_YEAR - 1, 2, 5))
    f.HoursLogFactory(
        volunteer=volunteer, program=program, hours=Decimal(20), date=datetime.date(THIS_YEAR, 3, 1)
    )

    response = client.get(url("volunteers:hours_certificate", year=THIS_YEAR))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Certificate of volunteer hours" in page
    assert "Rachel Goldberg" in page
    assert "volunteered 6.50 approved hours in " + str(THIS_YEAR) in page
    assert "Tutoring program" in page and "Toronto – Eilat" in page
    assert "Issued on" in page
    assert "js/print.js" in page and "data-print" in page


def test_certificate_in_hebrew_has_the_total_and_the_hebrew_date(client):
    person = signed_in(client, f.HebrewUserFactory(full_name="נועה כהן"))
    program = f.ProgramFactory(name_he="חונכות בגליל", partnership__name_he="טורונטו – אילת")
    approved(person, program, "3", datetime.date(THIS_YEAR, 1, 5))
    approved(person, program, "4.25", datetime.date(THIS_YEAR, 2, 5))

    response = client.get(url("volunteers:hours_certificate", "he", year=THIS_YEAR))

    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "תעודת שעות התנדבות" in page
    assert "נועה כהן" in page
    assert "7.25" in page
    assert "חונכות בגליל" in page and "טורונטו – אילת" in page
    assert 'class="hebrew-date"' in page


def test_certificate_of_a_year_without_approved_hours_says_so(client, volunteer):
    f.HoursLogFactory(volunteer=volunteer, date=datetime.date(THIS_YEAR - 2, 5, 1))  # pending only

    response = client.get(url("volunteers:hours_certificate", year=THIS_YEAR - 2))

    assert response.status_code == 200
    assert "has no approved volunteer hours in " + str(THIS_YEAR - 2) in response.content.decode()


@pytest.mark.parametrize("year", [1900, THIS_YEAR + 1, 99999999999])
def test_certificate_year_out_of_range_is_404(client, volunteer, year):
    assert client.get(f"/en/me/hours/certificate/{year}/").status_code == 404
