"""The people around a track: its mentors, its network representatives, and the workshops its members attend.

Assigning a mentor (:func:`mentorship_start`) decides the email "you are now the mentor of …" on the
notification ledger in the same transaction.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    EstablishmentTrack,
    Mentorship,
    NetworkRepresentative,
    Stage,
    Workshop,
    WorkshopAttendance,
)
from ..permissions import open_mentorship_q
from .shared import actor_id, date_not_in_future, date_plausible, date_text, track_lock
from .stages import REPRESENTATIVES_TO_JOIN

__all__ = [
    "mentorship_end",
    "mentorship_start",
    "representative_add",
    "representative_remove",
    "workshop_attendance_add",
    "workshop_attendance_remove",
    "workshop_create",
]

logger = logging.getLogger(__name__)


# ---- mentors


@transaction.atomic
def mentorship_start(
    *, track: EstablishmentTrack, by, mentor, started_on: datetime.date | None = None, today: datetime.date | None = None
) -> Mentorship:
    """Assign a mentor to the track (staff)."""
    today = today or timezone.localdate()
    started_on = started_on or today
    date_plausible(started_on, "started_on")
    if mentor is None or not mentor.is_active:
        raise ValidationError({"person": _("Choose an active person as the mentor.")}, code="mentor_missing")
    if Mentorship.objects.filter(open_mentorship_q(today), track=track, mentor=mentor).exists():
        raise ValidationError(
            {"person": _("%(name)s already mentors this community.") % {"name": mentor.get_full_name() or mentor.email}},
            code="mentor_already",
        )
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(track=track, mentor=mentor, started_on=started_on)
    except IntegrityError as exc:  # an open mentorship ending in the future, or a race
        raise ValidationError(
            {"person": _("%(name)s already mentors this community.") % {"name": mentor.get_full_name() or mentor.email}},
            code="mentor_already",
        ) from exc
    _mentor_assigned_notify(mentorship)
    logger.info("user %s assigned as mentor of track %s by user %s", mentor.pk, track.pk, actor_id(by))
    return mentorship


def _mentor_assigned_notify(mentorship: Mentorship) -> None:
    """Decide the email "you are now the mentor of …" in the caller's transaction (sent after commit)."""
    from notifications.models import Kind
    from notifications.services import notify

    notify(
        kind=Kind.MENTOR_ASSIGNED,
        object_id=mentorship.pk,
        recipient_ids=[mentorship.mentor_id],
        occurrence=f"assigned:{mentorship.pk}",
    )


@transaction.atomic
def mentorship_end(
    *, mentorship: Mentorship, by, ended_on: datetime.date | None = None, today: datetime.date | None = None
) -> Mentorship:
    """End a mentorship (staff): from that day the mentor no longer sees the track."""
    today = today or timezone.localdate()
    ended_on = ended_on or today
    date_plausible(ended_on, "ended_on")
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if locked.ended_on is not None and locked.ended_on <= today:
        raise ValidationError(
            _("This mentorship already ended on %(date)s.") % {"date": date_text(locked.ended_on)}, code="mentorship_ended"
        )
    if ended_on < mentorship.started_on:
        raise ValidationError(
            {"ended_on": _("A mentorship cannot end before it starts (%(date)s).") % {"date": date_text(mentorship.started_on)}},
            code="mentorship_end_before_start",
        )
    mentorship.ended_on = ended_on
    mentorship.save(update_fields=["ended_on"])
    logger.info("mentorship %s ended on %s by user %s", mentorship.pk, ended_on, actor_id(by))
    return mentorship


# ---- workshops


@transaction.atomic
def workshop_create(
    *,
    by,
    title_en: str = "",
    title_he: str = "",
    description_en: str = "",
    description_he: str = "",
    held_on: datetime.date,
    location_en: str = "",
    location_he: str = "",
) -> Workshop:
    title_en, title_he = (title_en or "").strip(), (title_he or "").strip()
    if not title_en and not title_he:
        raise ValidationError(_("Give a title in Hebrew or in English (or both)."), code="title_missing")
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the workshop.")}, code="date_missing")
    date_plausible(held_on, "held_on")
    workshop = Workshop.objects.create(
        title_en=title_en,
        title_he=title_he,
        description_en=(description_en or "").strip(),
        description_he=(description_he or "").strip(),
        held_on=held_on,
        location_en=(location_en or "").strip(),
        location_he=(location_he or "").strip(),
        facilitator=by,
    )
    logger.info("workshop %s created by user %s", workshop.pk, actor_id(by))
    return workshop


@transaction.atomic
def workshop_attendance_add(
    *, track: EstablishmentTrack, by, workshop: Workshop, person, today: datetime.date | None = None
) -> WorkshopAttendance:
    """Record that ``person`` attended ``workshop`` for the track's community."""
    today = today or timezone.localdate()
    if workshop.held_on > today:
        raise ValidationError(
            {"workshop": _("This workshop has not taken place yet: record who attended once it has.")},
            code="workshop_future",
        )
    existing = WorkshopAttendance.objects.filter(workshop=workshop, person=person).select_related("community").first()
    if existing is not None:
        name = person.get_full_name() or person.email
        if existing.community_id == track.community_id:
            message = _("%(name)s is already recorded as attending this workshop.") % {"name": name}
        else:
            message = _("%(name)s is already recorded as attending this workshop for another community.") % {
                "name": name
            }
        raise ValidationError({"person": message}, code="attendance_exists")
    attendance = WorkshopAttendance.objects.create(workshop=workshop, person=person, community=track.community)
    logger.info(
        "attendance of user %s at workshop %s recorded for track %s by user %s", person.pk, workshop.pk, track.pk, actor_id(by)
    )
    return attendance


@transaction.atomic
def workshop_attendance_remove(*, attendance: WorkshopAttendance, by) -> None:
    pk, workshop_id, person_id = attendance.pk, attendance.workshop_id, attendance.person_id
    attendance.delete()
    logger.info("attendance %s (user %s, workshop %s) removed by user %s", pk, person_id, workshop_id, actor_id(by))


# ---- network representatives


@transaction.atomic
def representative_add(
    *,
    track: EstablishmentTrack,
    by,
    person,
    role: str = "",
    chosen_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> NetworkRepresentative:
    today = today or timezone.localdate()
    chosen_on = chosen_on or today
    date_not_in_future(chosen_on, today, "chosen_on", _("The date of the choice cannot be in the future."))
    date_plausible(chosen_on, "chosen_on")
    role = (role or "").strip()
    if len(role) > 120:
        raise ValidationError({"role": _("A role has at most %(max)d characters.") % {"max": 120}}, code="role_long")
    if NetworkRepresentative.objects.filter(track=track, person=person).exists():
        raise ValidationError(
            {"person": _("%(name)s is already a network representative of this community.")
             % {"name": person.get_full_name() or person.email}},
            code="representative_exists",
        )
    representative = NetworkRepresentative.objects.create(track=track, person=person, role=role, chosen_on=chosen_on)
    logger.info("user %s chosen as representative of track %s by user %s", person.pk, track.pk, actor_id(by))
    return representative


@transaction.atomic
def representative_remove(*, representative: NetworkRepresentative, by) -> None:
    track = track_lock(representative.track)
    if track.stage == Stage.JOINED and NetworkRepresentative.objects.filter(track=track).count() <= REPRESENTATIVES_TO_JOIN:
        raise ValidationError(
            _("A community in the network keeps at least one representative: choose another one first."),
            code="representative_last",
        )
    pk, person_id = representative.pk, representative.person_id
    representative.delete()
    logger.info("representative %s (user %s) of track %s removed by user %s", pk, person_id, track.pk, actor_id(by))
