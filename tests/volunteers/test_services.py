"""volunteers.services: places on shifts, the waitlist, attendance and hours, as volunteers meet them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories as f
from tests.db import run_at_once
from volunteers import services
from volunteers.models import HoursLog, HoursStatus, SignUp, SignUpStatus

pytestmark = pytest.mark.django_db


def in_days(days, hour=18):
    return (timezone.now() + datetime.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def shift_with(capacity=2, *, starts_in_days=7, **kwargs):
    starts = in_days(starts_in_days)
    return f.ShiftFactory(capacity=capacity, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), **kwargs)


def codes(excinfo):
    return excinfo.value.code


# --- Taking a place ------------------------------------------------------------------------------


def test_places_are_confirmed_until_full_then_waitlisted_in_order():
    shift = shift_with(capacity=2)
    people = f.UserFactory.create_batch(4)

    results = [services.shift_sign_up(shift_id=shift.pk, volunteer=p) for p in people]

    assert [r.signup.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.waitlisted for r in results] == [False, False, True, True]


def test_no_second_sign_up_for_the_same_shift():
    shift, person = shift_with(), f.UserFactory()
    services.shift_sign_up(shift_id=shift.pk, volunteer=person)

    with pytest.raises(ValidationError) as excinfo:
        services.shift_sign_up(shift_id=shift.pk, volunteer=person)

    assert codes(excinfo) == "already_signed_up"
    assert excinfo.value.messages == ["You have already signed up for this shift."]
    assert SignUp.objects.filter(shift=shift, volunteer=person).count() == 1


def test_signing_up_again_after_cancelling_goes_to_the_back_of_the_queue():
    shift = shift_with(capacity=1)
    first, second, third = f.UserFactory.create_batch(3)
    mine = services.shift_sign_up(shift_id=shift.pk, volunteer=first).signup
    services.shift_sign_up(shift_id=shift.pk, volunteer=second)
    services.shift_sign_up(shift_id=shift.pk, volunteer=third)
    services.signup_cancel(signup_id=mine.pk, volunteer=first)  # second is promoted

    again = services.shift_sign_up(shift_id=shift.pk, volunteer=first)

    assert again.signup.pk == mine.pk and again.waitlisted
    waitlist = SignUp.objects.filter(shift=shift, status="waitlisted").order_by("created_at", "pk")
    assert list(waitlist.values_list("volunteer", flat=True)) == [third.pk, first.pk]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"status": "cancelled"}, "shift_closed"),
        ({"starts_at": in_days(-1), "ends_at": in_days(-1) + datetime.timedelta(hours=1)}, "shift_started"),
    ],
)
def test_closed_or_started_shifts_refuse_sign_up(change, code):
    shift = shift_with()
    for key, value in change.items():
        setattr(shift, key, value)
    shift.save()
    with pytest.raises(ValidationError) as excinfo:
        services.shift_sign_up(shift_id=shift.pk, volunteer=f.UserFactory())
    assert codes(excinfo) == code
    assert not SignUp.objects.filter(shift=shift).exists()


def test_unpublished_opportunity_refuses_sign_up():
    shift = shift_with(opportunity=f.OpportunityFactory(is_published=False))
    with pytest.raises(ValidationError) as excinfo:
        services.shift_sign_up(shift_id=shift.pk, volunteer=f.UserFactory())
    assert codes(excinfo) == "shift_closed"


def test_overlapping_shift_is_reported_but_not_refused():
    person = f.UserFactory()
    evening = shift_with()
    overlapping = f.ShiftFactory(
        starts_at=evening.starts_at + datetime.timedelta(hours=1), ends_at=evening.ends_at + datetime.timedelta(hours=1)
    )
    later = f.ShiftFactory(starts_at=overlapping.ends_at, ends_at=overlapping.ends_at + datetime.timedelta(hours=2))
    services.shift_sign_up(shift_id=evening.pk, volunteer=person)

    result = services.shift_sign_up(shift_id=overlapping.pk, volunteer=person)
    # Back to back is no overlap.
    assert services.shift_sign_up(shift_id=later.pk, volunteer=person).overlaps == []

    assert result.signup.status == "confirmed"
    assert result.overlaps == [evening]


# --- Capacity under concurrency (PostgreSQL, real concurrent transactions) ---------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("capacity", "taken", "racers"), [(1, 0, 2), (3, 2, 2), (5, 0, 12)])
def test_racing_for_the_last_places_exactly_capacity_are_confirmed(postgres, capacity, taken, racers):
    shift = shift_with(capacity=capacity)
    for person in f.UserFactory.create_batch(taken):
        services.shift_sign_up(shift_id=shift.pk, volunteer=person)
    contenders = f.UserFactory.create_batch(racers)

    outcomes = run_at_once(
        [lambda p=p: services.shift_sign_up(shift_id=shift.pk, volunteer=p) for p in contenders]
    )

    assert all(isinstance(o, services.SignUpResult) for o in outcomes), outcomes
    won = [o for o in outcomes if o.signup.status == "confirmed"]
    assert len(won) == capacity - taken
    assert SignUp.objects.filter(shift=shift, status="confirmed").count() == capacity
    assert SignUp.objects.filter(shift=shift, status="waitlisted").count() == racers - (capacity - taken)


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_racing_a_new_sign_up_never_overfills(postgres, mailoutbox):
    shift = shift_with(capacity=1)
    holder, waiting, newcomer = f.UserFactory.create_batch(3)
    held = services.shift_sign_up(shift_id=shift.pk, volunteer=holder).signup
    services.shift_sign_up(shift_id=shift.pk, volunteer=waiting)

    run_at_once(
        [
            lambda: services.signup_cancel(signup_id=held.pk, volunteer=holder),
            lambda: services.shift_sign_up(shift_id=shift.pk, volunteer=newcomer),
        ]
    )

    # The place that opened goes to whoever queued first, never to both.
    assert list(SignUp.objects.filter(shift=shift, status="confirmed").values_list("volunteer", flat=True)) == [
        waiting.pk
    ]
    assert SignUp.objects.get(shift=shift, volunteer=newcomer).status == "waitlisted"


# --- Cancelling and the waitlist ---------------------------------------------------------------------


def test_cancelling_promotes_the_first_waitlisted_and_emails_them_in_their_language(mailoutbox, django_capture_on_commit_callbacks):
    shift = shift_with(capacity=1)
    holder = f.UserFactory()
    first_waiting = f.HebrewUserFactory(time_zone="Asia/Jerusalem")
    second_waiting = f.UserFactory()
    held = services.shift_sign_up(shift_id=shift.pk, volunteer=holder).signup
    services.shift_sign_up(shift_id=shift.pk, volunteer=first_waiting)
    services.shift_sign_up(shift_id=shift.pk, volunteer=second_waiting)

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.signup_cancel(signup_id=held.pk, volunteer=holder)

    assert promoted.volunteer == first_waiting
    statuses = dict(SignUp.objects.filter(shift=shift).values_list("volunteer", "status"))
    assert statuses == {holder.pk: "cancelled", first_waiting.pk: "confirmed", second_waiting.pk: "waitlisted"}
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [first_waiting.email]
    assert mailoutbox[0].extra_headers["Content-Language"] == "he"


def test_cancelling_a_waitlisted_place_promotes_nobody(mailoutbox, django_capture_on_commit_callbacks):
    shift = shift_with(capacity=1)
    holder, waiting, after = f.UserFactory.create_batch(3)
    services.shift_sign_up(shift_id=shift.pk, volunteer=holder)
    queued = services.shift_sign_up(shift_id=shift.pk, volunteer=waiting).signup
    services.shift_sign_up(shift_id=shift.pk, volunteer=after)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.signup_cancel(signup_id=queued.pk, volunteer=waiting) is None

    assert SignUp.objects.get(shift=shift, volunteer=after).status == "waitlisted"
    assert mailoutbox == []


def test_cancel_after_the_cut_off_is_refused():
    shift = shift_with(starts_in_days=0)
    shift.starts_at = timezone.now() + datetime.timedelta(hours=5)
    shift.ends_at = shift.starts_at + datetime.timedelta(hours=1)
    shift.cancel_cutoff_hours = 24
    shift.save()
    person = f.UserFactory()
    signup = services.shift_sign_up(shift_id=shift.pk, volunteer=person).signup

    with pytest.raises(ValidationError) as excinfo:
        services.signup_cancel(signup_id=signup.pk, volunteer=person)

    assert codes(excinfo) == "too_late"
    signup.refresh_from_db()
    assert signup.status == "confirmed"


def test_nobody_cancels_someone_elses_sign_up():
    shift = shift_with()
    owner, other = f.UserFactory.create_batch(2)
    signup = services.shift_sign_up(shift_id=shift.pk, volunteer=owner).signup
    with pytest.raises(ValidationError) as excinfo:
        services.signup_cancel(signup_id=signup.pk, volunteer=other)
    assert codes(excinfo) == "signup_missing"
    signup.refresh_from_db()
    assert signup.status == "confirmed"


def test_raising_capacity_fills_from_the_waitlist(mailoutbox, django_capture_on_commit_callbacks):
    shift = shift_with(capacity=1)
    people = f.UserFactory.create_batch(4)
    for person in people:
        services.shift_sign_up(shift_id=shift.pk, volunteer=person)
    shift.capacity = 3
    shift.save()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.shift_fill_from_waitlist(shift=shift)

    assert [s.volunteer for s in promoted] == people[1:3]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people[1:3])


# --- Attendance and hours ------------------------------------------------------------------------------


@pytest.fixture
def past_shift():
    starts = timezone.now() - datetime.timedelta(days=2)
    return f.ShiftFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2, minutes=30), capacity=3)


@pytest.fixture
def coordinator(past_shift):
    return f.ProgramCoordinatorFactory(program=past_shift.opportunity.program).person


def test_marking_attended_logs_the_shift_hours_approved(past_shift, coordinator):
    signup = f.SignUpFactory(shift=past_shift, status=SignUpStatus.CONFIRMED)

    services.signup_mark_attendance(signup_id=signup.pk, attended=True, by=coordinator)

    log = HoursLog.objects.get(volunteer=signup.volunteer, shift=past_shift)
    assert (log.hours, log.status, log.reviewed_by) == (Decimal("2.5"), HoursStatus.APPROVED, coordinator)
    # Changing one's mind: no-show rejects those hours, with a reason the volunteer can read.
    services.signup_mark_attendance(signup_id=signup.pk, attended=False, by=coordinator)
    log.refresh_from_db()
    assert log.status == HoursStatus.REJECTED and log.rejection_reason
    assert SignUp.objects.get(pk=signup.pk).status == SignUpStatus.NO_SHOW


def test_only_the_programs_coordinators_mark_attendance(past_shift):
    signup = f.SignUpFactory(shift=past_shift)
    other_coordinator = f.ProgramCoordinatorFactory().person
    with pytest.raises(ValidationError) as excinfo:
        services.signup_mark_attendance(signup_id=signup.pk, attended=True, by=other_coordinator)
    assert codes(excinfo) == "forbidden"
    assert not HoursLog.objects.exists()


def test_attendance_waits_for_the_shift_to_start(coordinator):
    program = coordinator.coordinated_programs.get()
    upcoming = f.ShiftFactory(opportunity=f.OpportunityFactory(program=program))
    signup = f.SignUpFactory(shift=upcoming)
    with pytest.raises(ValidationError) as excinfo:
        services.signup_mark_attendance(signup_id=signup.pk, attended=True, by=coordinator)
    assert codes(excinfo) == "not_started"


def test_volunteer_logs_hours_once_for_an_ended_shift(past_shift):
    signup = f.SignUpFactory(shift=past_shift)

    log = services.hours_log(volunteer=signup.volunteer, shift_id=past_shift.pk, hours=Decimal("2"), description="ok")

    assert (log.status, log.program, log.hours) == (HoursStatus.PENDING, past_shift.opportunity.program, Decimal("2"))
    with pytest.raises(ValidationError) as excinfo:
        services.hours_log(volunteer=signup.volunteer, shift_id=past_shift.pk, hours=Decimal("1"))
    assert codes(excinfo) == "already_logged"


@pytest.mark.parametrize(
    ("setup", "code"),
    [("not_on_shift", "not_on_shift"), ("future", "not_ended"), ("waitlisted", "not_on_shift")],
)
def test_hours_refused_for_shifts_not_worked(past_shift, setup, code):
    person = f.UserFactory()
    shift = past_shift
    if setup == "future":
        shift = f.ShiftFactory()
        f.SignUpFactory(shift=shift, volunteer=person)
    elif setup == "waitlisted":
        f.SignUpFactory(shift=shift, volunteer=person, status=SignUpStatus.WAITLISTED)
    with pytest.raises(ValidationError) as excinfo:
        services.hours_log(volunteer=person, shift_id=shift.pk, hours=Decimal("1"))
    assert codes(excinfo) == code
    assert not HoursLog.objects.exists()


def test_coordinator_approves_and_rejects_with_a_reason(past_shift, coordinator):
    a, b = (f.SignUpFactory(shift=past_shift) for _ in range(2))
    log_a = services.hours_log(volunteer=a.volunteer, shift_id=past_shift.pk, hours=Decimal("2"))
    log_b = services.hours_log(volunteer=b.volunteer, shift_id=past_shift.pk, hours=Decimal("9"))

    services.hours_approve(log_id=log_a.pk, by=coordinator)
    with pytest.raises(ValidationError) as excinfo:
        services.hours_reject(log_id=log_b.pk, by=coordinator, reason="   ")
    assert codes(excinfo) == "reason_required"
    services.hours_reject(log_id=log_b.pk, by=coordinator, reason="The shift lasted 2½ hours.")

    log_a.refresh_from_db(), log_b.refresh_from_db()
    assert (log_a.status, log_a.reviewed_by) == (HoursStatus.APPROVED, coordinator)
    assert (log_b.status, log_b.rejection_reason) == (HoursStatus.REJECTED, "The shift lasted 2½ hours.")


def test_coordinators_of_other_programs_cannot_review(past_shift):
    signup = f.SignUpFactory(shift=past_shift)
    log = services.hours_log(volunteer=signup.volunteer, shift_id=past_shift.pk, hours=Decimal("2"))
    with pytest.raises(ValidationError) as excinfo:
        services.hours_approve(log_id=log.pk, by=f.ProgramCoordinatorFactory().person)
    assert codes(excinfo) == "forbidden"
    log.refresh_from_db()
    assert log.status == HoursStatus.PENDING


def test_a_coordinator_cannot_approve_their_own_hours(past_shift, coordinator):
    f.SignUpFactory(shift=past_shift, volunteer=coordinator)
    log = services.hours_log(volunteer=coordinator, shift_id=past_shift.pk, hours=Decimal("2"))
    with pytest.raises(ValidationError) as excinfo:
        services.hours_approve(log_id=log.pk, by=coordinator)
    assert codes(excinfo) == "own_hours"


# --- Profile and calendar --------------------------------------------------------------------------


def test_profile_update_completes_onboarding_and_keeps_any_script():
    user = f.UserFactory(full_name="")
    skills = f.SkillFactory.create_batch(2)
    community = f.IsraeliCommunityFactory()

    profile = services.profile_update(
        user=user,
        full_name="  נועה כהן-Лебедева 🌻 ",
        preferred_language="he",
        time_zone="America/New_York",
        home_community=community,
        skills=skills,
        availability=[(0, "evening"), (5, "morning")],
    )
    services.profile_update(
        user=user, full_name="נועה", preferred_language="he", time_zone="Asia/Jerusalem",
        home_community=community, availability=[(5, "morning"), (2, "afternoon")],
    )

    user.refresh_from_db()
    assert profile.onboarded_at is not None
    assert (user.full_name, user.time_zone) == ("נועה", "Asia/Jerusalem")
    assert sorted(profile.availability.values_list("weekday", "part_of_day")) == [(2, "afternoon"), (5, "morning")]
    assert profile.skills.count() == 0  # the second save chose none


def test_calendar_token_reset_gives_a_new_secret():
    profile = f.VolunteerProfileFactory()
    old = profile.calendar_token
    new = services.calendar_token_reset(user=profile.user)
    profile.refresh_from_db()
    assert new == profile.calendar_token != old
    assert len(new) >= 32
