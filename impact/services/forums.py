"""Writes of the forums area: seats (a member joins into a free seat, leaves), and what a forum
meeting needs beyond the committee meetings' services (scheduling it for a forum, attendance of the
forum's members, its survey link). Keyword-only, atomic, validating; errors are ``ValidationError``
with a translated sentence that says why; who did what is logged.

A forum has at most 20 members, each in a seat numbered 1–20. Adding a member locks the forum's row
(one seat decision at a time), refuses a 21st with :func:`forum_full_message`, and the database
refuses one too (constraints ``forum_member_holds_seat_1_to_20`` and ``forum_seat_taken_once``):
an ``IntegrityError`` becomes the same message. The person added is told by email
(``Kind.FORUM_JOINED``, through the delivery ledger, in their language).

Everything else on a forum meeting (editing, cancelling, the agenda and its presenters, decisions and
their votes, minutes, attachments, publishing the summary) is the committee meetings' services:
``partnerships.services.meetings`` and ``partnerships.services.actions``, which work for a meeting
of a forum too (a presenter is then one of the forum's members, and a vote counts at most the forum
members recorded as present).
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

# Names isolated by direction are the whole site's (p2g.text), kept importable from here.
from p2g.text import bidi_isolated, written_the_other_way
from partnerships.models import (
    FORUM_MAX_MEMBERS,
    Attendance,
    AttendanceStatus,
    Forum,
    ForumMembership,
    Meeting,
    Organisation,
    OrganisationContact,
)

# The committee meetings' own steps, reused as they are: the meeting's row locked, its record still open.
from partnerships.services.meetings import lock_meeting, meeting_schedule, require_editable

__all__ = [
    "bidi_isolated",
    "written_the_other_way",
    "forum_attendance_record",
    "forum_full_message",
    "forum_meeting_schedule",
    "forum_meeting_survey_set",
    "forum_member_add",
    "forum_member_remove",
]

logger = logging.getLogger(__name__)

SURVEY_URL_MAX_LENGTH = Meeting._meta.get_field("survey_url").max_length


def _by(user) -> int | None:
    return getattr(user, "pk", None)


def forum_full_message(forum: Forum) -> str:
    return _(
        "%(forum)s already has %(max)d members, the most a forum can have. "
        "Remove a member to free a seat before adding another."
    ) % {"forum": bidi_isolated(forum.name), "max": FORUM_MAX_MEMBERS}


# ---- seats


def seats_taken(forum: Forum) -> set[int]:
    """The seats held now (read inside the lock on the forum)."""
    return set(ForumMembership.objects.filter(forum=forum, left_on__isnull=True).values_list("seat", flat=True))


def _refusal_after_integrity_error(forum: Forum, person) -> ValidationError:
    """What the database refused, said as the service would have (the row was not written)."""
    active = ForumMembership.objects.filter(forum=forum, left_on__isnull=True)
    if active.count() >= FORUM_MAX_MEMBERS:
        return ValidationError(forum_full_message(forum), code="forum_full")
    if active.filter(person=person).exists():
        return ValidationError(_("This person is already a member of this forum."), code="forum_member_once")
    return ValidationError(
        _("This seat was taken a moment ago. Choose another seat and try again."), code="forum_seat_taken"
    )


@transaction.atomic
def forum_member_add(
    *,
    forum: Forum,
    organisation: Organisation,
    person,
    by,
    seat: int | None = None,
    today: datetime.date | None = None,
) -> ForumMembership:
    """Seat ``person`` (a contact of ``organisation``) on the forum, in ``seat`` or the lowest free one."""
    today = today or timezone.localdate()
    Forum.objects.select_for_update().filter(pk=forum.pk).first()  # one seat decision at a time
    if not forum.is_active:
        raise ValidationError(_("This forum is no longer active: it takes no new members."), code="forum_inactive")
    if not getattr(person, "is_active", False):
        raise ValidationError(_("This person's account is deactivated."), code="person_inactive")
    if not OrganisationContact.objects.filter(organisation=organisation, person=person).exists():
        raise ValidationError(
            _("%(person)s is not a contact of %(organisation)s.")
            % {
                "person": bidi_isolated(person.get_full_name() or person.email),
                "organisation": bidi_isolated(organisation.name),
            },
            code="not_a_contact",
        )
    if ForumMembership.objects.filter(forum=forum, person=person, left_on__isnull=True).exists():
        raise ValidationError(_("This person is already a member of this forum."), code="forum_member_once")
    taken = seats_taken(forum)
    if len(taken) >= FORUM_MAX_MEMBERS:
        raise ValidationError(forum_full_message(forum), code="forum_full")
    if seat is None:
        seat = min(s for s in range(1, FORUM_MAX_MEMBERS + 1) if s not in taken)
    elif not 1 <= seat <= FORUM_MAX_MEMBERS:
        raise ValidationError(
            {"seat": _("A seat is numbered from 1 to %(max)d.") % {"max": FORUM_MAX_MEMBERS}}, code="seat_range"
        )
    elif seat in taken:
        raise ValidationError({"seat": _("Seat %(seat)d is taken.") % {"seat": seat}}, code="forum_seat_taken")
    membership = ForumMembership(forum=forum, person=person, organisation=organisation, seat=seat, joined_on=today)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise _refusal_after_integrity_error(forum, person) from exc
    from notifications.models import Kind
    from notifications.services import notify

    notify(
        kind=Kind.FORUM_JOINED,
        object_id=membership.pk,
        recipient_ids=[person.pk],
        occurrence=f"joined:{membership.pk}",
    )
    logger.info(
        "user %s seated in forum %s (seat %s, organisation %s) by user %s",
        person.pk, forum.pk, seat, organisation.pk, _by(by),
    )
    return membership


@transaction.atomic
def forum_member_remove(*, membership: ForumMembership, by, today: datetime.date | None = None) -> ForumMembership:
    """The member leaves the forum today: their seat is free again (the row stays, as history)."""
    today = today or timezone.localdate()
    locked = ForumMembership.objects.select_for_update().get(pk=membership.pk)
    if locked.left_on is not None:
        raise ValidationError(_("This person has already left the forum."), code="forum_member_left")
    seat = locked.seat
    membership.left_on = max(today, locked.joined_on)
    membership.seat = None
    membership.save(update_fields=["left_on", "seat"])
    logger.info(
        "user %s left forum %s (seat %s) by user %s", membership.person_id, membership.forum_id, seat, _by(by)
    )
    return membership


# ---- forum meetings


def forum_meeting_schedule(*, forum: Forum, by, **details) -> Meeting:
    """Schedule a meeting of the forum (members are reminded before it by the reminders machinery)."""
    return meeting_schedule(forum=forum, by=by, **details)


@transaction.atomic
def forum_attendance_record(
    *, meeting: Meeting, by, statuses: dict[int, str | None], members: list[ForumMembership]
) -> int:
    """Record attendance: ``statuses`` maps a member's user id to a status (None or "" clears it).

    ``members``: the forum's members on the meeting's day (``selectors.forums.forum_meeting_members``);
    nobody else can be recorded. Returns how many people now have a recorded attendance.
    """
    lock_meeting(meeting)
    require_editable(meeting)
    allowed = {m.person_id for m in members if m.forum_id == meeting.forum_id}
    if any(pk not in allowed for pk in statuses):
        raise ValidationError(
            _("Attendance can be recorded only for members of %(forum)s on the day of the meeting.")
            % {"forum": bidi_isolated(meeting.forum.name)},
            code="attendance_not_member",
        )
    if any(s and s not in AttendanceStatus.values for s in statuses.values()):
        raise ValidationError(_("Choose present, present online, excused or absent."), code="attendance_status")
    existing = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    clear = [existing[pk].pk for pk, status in statuses.items() if not status and pk in existing]
    changed = []
    for pk, status in statuses.items():
        if status and pk in existing and existing[pk].status != status:
            existing[pk].status = status
            changed.append(existing[pk])
    new = [Attendance(meeting=meeting, person_id=pk, status=s) for pk, s in statuses.items() if s and pk not in existing]
    Attendance.objects.filter(pk__in=clear).delete()
    Attendance.objects.bulk_update(changed, ["status"])
    Attendance.objects.bulk_create(new)
    logger.info("attendance of forum meeting %s recorded by user %s", meeting.pk, _by(by))
    return Attendance.objects.filter(meeting=meeting).count()


@transaction.atomic
def forum_meeting_survey_set(*, meeting: Meeting, by, survey_url: str) -> Meeting:
    """Set (or clear) the link to the meeting's survey, sent with the summary."""
    lock_meeting(meeting)
    require_editable(meeting)
    survey_url = (survey_url or "").strip()
    if survey_url:
        try:
            URLValidator(schemes=["http", "https"])(survey_url)
            if len(survey_url) > SURVEY_URL_MAX_LENGTH:
                raise ValidationError("too long")
        except ValidationError as exc:
            raise ValidationError(
                {"survey_url": _("Enter the full address of the survey, starting with https:// (at most %(max)d characters).")
                 % {"max": SURVEY_URL_MAX_LENGTH}}, code="survey_url"
            ) from exc
    meeting.survey_url = survey_url
    meeting.save(update_fields=["survey_url", "updated_at"])
    logger.info("survey link of meeting %s set by user %s", meeting.pk, _by(by))
    return meeting
