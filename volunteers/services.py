"""Writes of the volunteer portal: sign-ups, the waitlist, attendance, hours and profiles.

Every service is keyword-only, runs in one transaction and raises ``ValidationError`` (with a
translated message and a stable ``code``) when the rule of the domain forbids the change. Views
show the message; nothing is half-written.

Capacity under concurrency: a sign-up, a cancellation and a promotion all lock the shift's row
(``SELECT … FOR UPDATE``) before counting its places, so two people taking the last place at the
same moment are served one after the other: one is confirmed, the other waitlisted.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .models import (
    AvailabilitySlot,
    HoursLog,
    HoursStatus,
    Shift,
    ShiftStatus,
    SignUp,
    SignUpStatus,
    VolunteerProfile,
    new_calendar_token,
)

logger = logging.getLogger(__name__)

#: Statuses that hold a place on a shift.
HOLDS_PLACE = (SignUpStatus.CONFIRMED, SignUpStatus.ATTENDED, SignUpStatus.NO_SHOW)
#: Statuses of a sign-up that is still "on" (a place or a place in the queue).
ACTIVE = (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)


@dataclass
class SignUpResult:
    signup: SignUp
    overlaps: list[Shift] = field(default_factory=list)

    @property
    def waitlisted(self) -> bool:
        return self.signup.status == SignUpStatus.WAITLISTED


def _locked_shift(shift_id: int) -> Shift:
    try:
        return Shift.objects.select_for_update(of=("self",)).select_related("opportunity").get(pk=shift_id)
    except Shift.DoesNotExist:
        raise ValidationError(_("This shift no longer exists."), code="shift_missing") from None


def shift_places_taken(shift: Shift) -> int:
    return shift.signups.filter(status__in=HOLDS_PLACE).count()


def shift_overlaps_for(*, volunteer, shift: Shift) -> list[Shift]:
    """Other shifts this person holds (or waits for) that overlap ``shift`` in time."""
    return list(
        Shift.objects.filter(
            signups__volunteer=volunteer,
            signups__status__in=ACTIVE,
            starts_at__lt=shift.ends_at,
            ends_at__gt=shift.starts_at,
        )
        .exclude(pk=shift.pk)
        .select_related("opportunity")
        .distinct()
    )


def shift_sign_up(*, shift_id: int, volunteer) -> SignUpResult:
    """Take a place on a shift: confirmed while places are free, waitlisted after that."""
    now = timezone.now()
    with transaction.atomic():
        shift = _locked_shift(shift_id)
        if shift.status != ShiftStatus.SCHEDULED or not shift.opportunity.is_published:
            raise ValidationError(_("This shift is not open for sign-up."), code="shift_closed")
        if shift.starts_at <= now:
            raise ValidationError(_("This shift has already started."), code="shift_started")
        existing = SignUp.objects.filter(shift=shift, volunteer=volunteer).first()
        if existing is not None and existing.status != SignUpStatus.CANCELLED:
            raise ValidationError(_("You have already signed up for this shift."), code="already_signed_up")
        status = SignUpStatus.CONFIRMED if shift_places_taken(shift) < shift.capacity else SignUpStatus.WAITLISTED
        if existing is None:
            signup = SignUp.objects.create(shift=shift, volunteer=volunteer, status=status, status_changed_at=now)
        else:
            # Signing up again after cancelling: back of the queue, as a new sign-up would be.
            existing.status, existing.status_changed_at, existing.created_at = status, now, now
            existing.save(update_fields=["status", "status_changed_at", "created_at"])
            signup = existing
        overlaps = shift_overlaps_for(volunteer=volunteer, shift=shift)
    return SignUpResult(signup=signup, overlaps=overlaps)


def signup_cancel_deadline(shift: Shift) -> datetime.datetime:
    return shift.starts_at - datetime.timedelta(hours=shift.cancel_cutoff_hours)


def signup_can_cancel(signup: SignUp, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return signup.status in ACTIVE and now < signup_cancel_deadline(signup.shift)


def signup_cancel(*, signup_id: int, volunteer) -> SignUp | None:
    """Cancel one's own sign-up up to the shift's cut-off. Returns the sign-up promoted in its place."""
    with transaction.atomic():
        signup = SignUp.objects.select_for_update().filter(pk=signup_id, volunteer=volunteer).first()
        if signup is None:
            raise ValidationError(_("This sign-up no longer exists."), code="signup_missing")
        shift = _locked_shift(signup.shift_id)
        signup.shift = shift
        if signup.status not in ACTIVE:
            raise ValidationError(_("This sign-up is not active."), code="signup_inactive")
        if not signup_can_cancel(signup):
            raise ValidationError(
                _("It is too late to cancel online: please tell the coordinator of this shift."), code="too_late"
            )
        held_place = signup.status == SignUpStatus.CONFIRMED
        signup.status, signup.status_changed_at = SignUpStatus.CANCELLED, timezone.now()
        signup.save(update_fields=["status", "status_changed_at"])
        promoted = shift_fill_from_waitlist(shift=shift)[:1] if held_place else []
    return promoted[0] if promoted else None


def shift_fill_from_waitlist(*, shift: Shift) -> list[SignUp]:
    """Promote the waitlist, first come first served, while the shift has free places.

    The caller holds the shift's row lock (or this takes it). Each promoted volunteer is told by
    email, once: the notice is decided in this transaction and sent by the worker after it commits.
    """
    from notifications.kinds.shifts import SignupPromoted
    from notifications.models import Kind
    from notifications.services import notify

    with transaction.atomic():
        shift = _locked_shift(shift.pk)
        if shift.status != ShiftStatus.SCHEDULED or shift.starts_at <= timezone.now():
            return []
        free = shift.capacity - shift_places_taken(shift)
        if free <= 0:
            return []
        waiting = list(
            SignUp.objects.select_for_update()
            .filter(shift=shift, status=SignUpStatus.WAITLISTED)
            .order_by("created_at", "pk")[:free]
        )
        now = timezone.now()
        for signup in waiting:
            signup.status, signup.status_changed_at = SignUpStatus.CONFIRMED, now
            signup.save(update_fields=["status", "status_changed_at"])
            notify(
                kind=Kind.SIGNUP_PROMOTED,
                object_id=signup.pk,
                recipient_ids=[signup.volunteer_id],
                occurrence=SignupPromoted.occurrence(signup),
            )
        if waiting:
            logger.info("shift %s: %s promoted from the waitlist", shift.pk, len(waiting))
    return waiting


def signup_mark_attendance(*, signup_id: int, attended: bool, by) -> SignUp:
    """A coordinator marks attended (which logs the shift's hours, approved) or no-show."""
    with transaction.atomic():
        signup = (
            SignUp.objects.select_for_update(of=("self",))
            .select_related("shift__opportunity__program")
            .filter(pk=signup_id)
            .first()
        )
        if signup is None:
            raise ValidationError(_("This sign-up no longer exists."), code="signup_missing")
        program = signup.shift.opportunity.program
        if not permissions.can_coordinate(by, program.pk):
            raise ValidationError(_("Only this program's coordinators can mark attendance."), code="forbidden")
        if signup.status not in (*HOLDS_PLACE,):
            raise ValidationError(_("Only confirmed volunteers can be marked."), code="not_confirmed")
        if signup.shift.starts_at > timezone.now():
            raise ValidationError(_("Attendance can be marked once the shift has started."), code="not_started")
        now = timezone.now()
        signup.status = SignUpStatus.ATTENDED if attended else SignUpStatus.NO_SHOW
        signup.status_changed_at = now
        signup.save(update_fields=["status", "status_changed_at"])
        log = HoursLog.objects.filter(volunteer_id=signup.volunteer_id, shift=signup.shift).first()
        if attended:
            approved = {"status": HoursStatus.APPROVED, "reviewed_by": by, "reviewed_at": now, "rejection_reason": ""}
            if log is None:
                HoursLog.objects.create(
                    volunteer_id=signup.volunteer_id,
                    program=program,
                    shift=signup.shift,
                    date=timezone.localdate(signup.shift.starts_at),
                    hours=shift_duration_hours(signup.shift),
                    **approved,
                )
            elif log.status != HoursStatus.APPROVED:
                for key, value in approved.items():
                    setattr(log, key, value)
                log.save(update_fields=list(approved))
        elif log is not None and log.status != HoursStatus.REJECTED:
            log.status, log.reviewed_by, log.reviewed_at = HoursStatus.REJECTED, by, now
            log.rejection_reason = _("Marked as not attended.")
            log.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"])
    return signup


def shift_duration_hours(shift: Shift) -> Decimal:
    seconds = (shift.ends_at - shift.starts_at).total_seconds()
    quarters = (Decimal(seconds) / Decimal(900)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(Decimal(24), max(Decimal("0.25"), quarters / 4))


def hours_log(*, volunteer, shift_id: int, hours: Decimal, description: str = "") -> HoursLog:
    """A volunteer logs hours for a shift they held a place on, once it has ended."""
    with transaction.atomic():
        signup = (
            SignUp.objects.select_related("shift__opportunity__program")
            .filter(shift_id=shift_id, volunteer=volunteer, status__in=(SignUpStatus.CONFIRMED, SignUpStatus.ATTENDED))
            .first()
        )
        if signup is None:
            raise ValidationError(_("You can log hours only for a shift you took part in."), code="not_on_shift")
        shift = signup.shift
        if shift.ends_at > timezone.now():
            raise ValidationError(_("You can log hours once the shift has ended."), code="not_ended")
        if HoursLog.objects.filter(volunteer=volunteer, shift=shift).exists():
            raise ValidationError(_("Hours for this shift have already been logged."), code="already_logged")
        if not (Decimal("0") < hours <= Decimal("24")):
            raise ValidationError(_("Hours must be more than 0 and at most 24."), code="hours_range")
        return HoursLog.objects.create(
            volunteer=volunteer,
            program=shift.opportunity.program,
            shift=shift,
            date=timezone.localdate(shift.starts_at),
            hours=hours,
            description=description,
        )


def _reviewable(log_id: int, by) -> HoursLog:
    log = HoursLog.objects.select_for_update(of=("self",)).select_related("program").filter(pk=log_id).first()
    if log is None:
        raise ValidationError(_("These hours no longer exist."), code="hours_missing")
    if not permissions.can_coordinate(by, log.program_id):
        raise ValidationError(_("Only this program's coordinators can review its hours."), code="forbidden")
    if log.volunteer_id == by.pk and not by.is_staff:
        raise ValidationError(_("You cannot review your own hours."), code="own_hours")
    return log


def hours_approve(*, log_id: int, by) -> HoursLog:
    with transaction.atomic():
        log = _reviewable(log_id, by)
        log.status, log.reviewed_by, log.reviewed_at, log.rejection_reason = (
            HoursStatus.APPROVED, by, timezone.now(), ""
        )
        log.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"])
    return log


def hours_reject(*, log_id: int, by, reason: str) -> HoursLog:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the volunteer a reason."), code="reason_required")
    with transaction.atomic():
        log = _reviewable(log_id, by)
        log.status, log.reviewed_by, log.reviewed_at, log.rejection_reason = (
            HoursStatus.REJECTED, by, timezone.now(), reason[:300]
        )
        log.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"])
    return log


def profile_get_or_create(*, user) -> VolunteerProfile:
    profile, _created = VolunteerProfile.objects.get_or_create(user=user)
    return profile


def profile_update(
    *,
    user,
    full_name: str,
    preferred_language: str,
    time_zone: str,
    home_community,
    phone: str = "",
    skills=(),
    languages=(),
    availability: list[tuple[int, str]] = (),
    availability_notes: str = "",
) -> VolunteerProfile:
    """Save what the portal needs to know about a volunteer; the first save completes onboarding."""
    with transaction.atomic():
        user.full_name = full_name.strip()
        user.preferred_language = preferred_language
        user.time_zone = time_zone
        user.home_community = home_community
        user.phone = phone.strip()
        user.save(update_fields=["full_name", "preferred_language", "time_zone", "home_community", "phone"])
        profile = profile_get_or_create(user=user)
        profile.availability_notes = availability_notes.strip()
        if profile.onboarded_at is None:
            profile.onboarded_at = timezone.now()
        profile.save(update_fields=["availability_notes", "onboarded_at"])
        profile.skills.set(skills)
        profile.languages.set(languages)
        wanted = set(availability)
        current = {(s.weekday, s.part_of_day): s for s in profile.availability.all()}
        AvailabilitySlot.objects.filter(pk__in=[s.pk for key, s in current.items() if key not in wanted]).delete()
        AvailabilitySlot.objects.bulk_create(
            [AvailabilitySlot(profile=profile, weekday=d, part_of_day=p) for d, p in wanted if (d, p) not in current]
        )
    return profile


def calendar_token_reset(*, user) -> str:
    """A new secret address for the calendar feed; the old one stops working at once."""
    with transaction.atomic():
        profile = profile_get_or_create(user=user)
        profile.calendar_token = new_calendar_token()
        profile.save(update_fields=["calendar_token"])
    return profile.calendar_token


def shift_email_volunteers(*, shift_id: int, by, subject: str, message: str) -> int:
    """A coordinator writes to everyone holding a place on a shift (or waiting for one)."""
    from accounts.emails import send_to_people

    shift = Shift.objects.select_related("opportunity__program").filter(pk=shift_id).first()
    if shift is None:
        raise ValidationError(_("This shift no longer exists."), code="shift_missing")
    if not permissions.can_coordinate(by, shift.opportunity.program_id):
        raise ValidationError(_("Only this program's coordinators can write to its volunteers."), code="forbidden")
    subject, message = subject.strip(), message.strip()
    if not subject or not message:
        raise ValidationError(_("Please write a subject and a message."), code="empty")
    people = [
        s.volunteer
        for s in shift.signups.select_related("volunteer").filter(
            Q(status__in=HOLDS_PLACE) | Q(status=SignUpStatus.WAITLISTED)
        )
    ]
    return send_to_people(
        people,
        "shift_message",
        {"shift": shift, "subject": subject, "message": message, "sender": by},
        reply_to=[by.email],
    )


