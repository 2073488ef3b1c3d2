"""Shifts, sign-ups and hours: the rules a volunteer or coordinator runs into."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from partnerships.models import Partnership
from programs.models import Category, Program, ProgramType
from tests.db import refused_by_database
from volunteers.models import HoursLog, HoursStatus, Opportunity, Shift, SignUp

pytestmark = pytest.mark.django_db

SHIFT_ENDS_AFTER_START = "A shift must end after it starts."
HOURS_RANGE = "Hours must be more than 0 and at most 24."


def at(day, hour):
    return timezone.make_aware(datetime.datetime(2024, 10, day, hour, 0))  # noqa: DTZ001 - made aware here


@pytest.fixture
def program(db):
    partnership = Partnership.objects.create(
        name_en="Toronto–Eilat–Eilot", name_he="טורונטו–אילת–אילות", kind="region_to_region", founded_year=1998
    )
    return Program.objects.create(
        partnership=partnership, name_en="Young leadership", name_he="מנהיגות צעירה",
        program_type=ProgramType.YOUNG_LEADERSHIP, category=Category.PERSONAL_CONNECTIONS,
        starts_on=datetime.date(2024, 1, 1),
    )


@pytest.fixture
def opportunity(program):
    return Opportunity.objects.create(
        program=program, title_en="Beach clean-up", title_he="ניקוי חופים", location_he="חוף המגדלור"
    )


@pytest.fixture
def shift(opportunity):
    return Shift.objects.create(opportunity=opportunity, starts_at=at(6, 8), ends_at=at(6, 12), capacity=12)


@pytest.fixture
def volunteer(db):
    return User.objects.create_user(email="yael@example.org", full_name="יעל מזרחי")


def test_a_second_sign_up_for_the_same_shift_is_refused(shift, volunteer):
    SignUp.objects.create(shift=shift, volunteer=volunteer)
    again = SignUp(shift=shift, volunteer=volunteer)
    with pytest.raises(ValidationError) as excinfo:
        again.full_clean()
    assert excinfo.value.messages == ["This volunteer has already signed up for this shift."]

    refused_by_database(again.save, "signup_once_per_shift")
    assert shift.signups.count() == 1


@pytest.mark.parametrize("ends", [at(6, 7), at(6, 8)], ids=["before", "same-time"])
def test_a_shift_that_does_not_end_after_it_starts_is_refused(opportunity, ends):
    backwards = Shift(opportunity=opportunity, starts_at=at(6, 8), ends_at=ends, capacity=5)
    with pytest.raises(ValidationError) as excinfo:
        backwards.full_clean()
    assert excinfo.value.messages == [SHIFT_ENDS_AFTER_START]

    refused_by_database(backwards.save, "shift_ends_after_start")
    assert not Shift.objects.exists()


def test_a_shift_across_midnight_is_allowed(opportunity):
    night = Shift(opportunity=opportunity, starts_at=at(6, 22), ends_at=at(7, 2), capacity=5)
    night.full_clean()
    night.save()


@pytest.fixture
def hours(program, volunteer):
    def build(**overrides):
        fields = {"volunteer": volunteer, "program": program, "date": datetime.date(2024, 10, 6), "hours": Decimal("4")}
        return HoursLog(**{**fields, **overrides})

    return build


@pytest.mark.parametrize("amount", ["0", "-1", "24.25", "100"])
def test_hours_outside_0_to_24_are_refused(hours, amount):
    wrong = hours(hours=Decimal(amount))
    with pytest.raises(ValidationError) as excinfo:
        wrong.full_clean()
    (message,) = excinfo.value.message_dict["hours"]
    assert message.startswith("Ensure this value is")  # the form says which bound was crossed
    with pytest.raises(ValidationError) as excinfo:
        wrong.validate_constraints()
    assert excinfo.value.messages == [HOURS_RANGE]

    refused_by_database(wrong.save, "hours_between_0_and_24")
    assert not HoursLog.objects.exists()


@pytest.mark.parametrize("amount", ["0.25", "24"])
def test_hours_at_the_bounds_are_allowed(hours, amount):
    right = hours(hours=Decimal(amount))
    right.full_clean()
    right.save()


def test_rejected_hours_without_a_reason_are_refused(hours):
    rejected = hours(status=HoursStatus.REJECTED)
    with pytest.raises(ValidationError) as excinfo:
        rejected.full_clean()
    assert excinfo.value.messages == ["Rejected hours need a reason."]
    refused_by_database(rejected.save, "hours_rejection_has_reason")

    rejected.rejection_reason = "המשמרת בוטלה בגלל מזג האוויר"
    rejected.full_clean()
    rejected.save()


def test_hours_for_the_same_shift_twice_are_refused(hours, shift):
    hours(shift=shift).save()
    twice = hours(shift=shift, hours=Decimal("2"))
    with pytest.raises(ValidationError) as excinfo:
        twice.full_clean()
    assert excinfo.value.messages == ["Hours for this shift have already been logged."]
    refused_by_database(twice.save, "hours_once_per_shift")
