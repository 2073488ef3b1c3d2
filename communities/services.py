"""Writes of communities in establishment. Keyword-only, atomic, validating; errors are
``ValidationError`` with a translated sentence that says why; every change is logged with who did it
(and items keep ``updated_by``/``updated_at``, evidence ``uploaded_by``/``uploaded_at``).

The rules, each in one place:

- an item's status moves only along :data:`ITEM_TRANSITIONS`; marking it done records its
  completion date (today unless given), reopening it clears that date; only staff and mentors set
  or lift "not applicable" (:data:`MANAGER_ONLY_STATUSES`);
- a track moves to the next stage only when that stage's required items are complete
  (:data:`STAGE_REQUIREMENTS`: to leave the nucleus, the vision and the shared social mission; to be
  established, all eight; to join the network, all eight and at least
  :data:`REPRESENTATIVES_TO_JOIN` network representative chosen); :func:`track_stage_check` says
  what is missing, and the refusal lists it. Joining the network records its date;
- evidence files are checked exactly as meeting attachments are (size, extension, content), with
  the attachments' own helpers, and are served only through the download view;
- a community has one establishment track at most (the one-to-one key; :func:`track_create` says so in
  words), opened by staff at one of :data:`STARTING_STAGES`, with a new community if need be
  (:func:`community_create`: its side follows from the country) and an optional first mentor;
- assigning a mentor (:func:`mentorship_start`) decides the email "you are now the mentor of …" on the
  notification ledger in the same transaction;
- dates whose year was mistyped (before :data:`EARLIEST_DATE`, after :data:`LATEST_DATE`) are refused.
"""

import datetime
import functools
import logging
import os
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.services.actions import (
    attachment_content_type,
    attachment_file_check,
    attachment_file_name,
    attachment_storage_name,
)

from .models import (
    ChecklistItem,
    Community,
    CommunityKind,
    EstablishmentTrack,
    ItemStatus,
    Mentorship,
    Milestone,
    NetworkRepresentative,
    Side,
    Stage,
    TrackEvidence,
    TrackItem,
    Workshop,
    WorkshopAttendance,
)
from .permissions import open_mentorship_q
from .selectors import INFRASTRUCTURE_ITEMS, STAGE_ORDER, is_complete, track_items

__all__ = [
    "ITEM_TRANSITIONS",
    "MANAGER_ONLY_STATUSES",
    "REPRESENTATIVES_TO_JOIN",
    "STAGE_REQUIREMENTS",
    "STARTING_STAGES",
    "StageCheck",
    "community_create",
    "evidence_content_type",
    "evidence_delete",
    "evidence_file_name",
    "evidence_upload",
    "mentorship_end",
    "mentorship_start",
    "milestone_add",
    "milestone_complete",
    "milestone_edit",
    "milestone_reopen",
    "representative_add",
    "representative_remove",
    "track_create",
    "track_details_update",
    "track_start_day",
    "track_item_update",
    "track_stage_advance",
    "track_stage_back",
    "track_stage_check",
    "workshop_attendance_add",
    "workshop_attendance_remove",
    "workshop_create",
]

logger = logging.getLogger(__name__)

S = ItemStatus
#: The statuses an item may move to from each status.
ITEM_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.NOT_STARTED: (S.IN_PROGRESS, S.DONE, S.NOT_APPLICABLE),
    S.IN_PROGRESS: (S.NOT_STARTED, S.DONE, S.NOT_APPLICABLE),
    S.DONE: (S.NOT_STARTED, S.IN_PROGRESS),
    S.NOT_APPLICABLE: (S.NOT_STARTED, S.IN_PROGRESS),
}
#: Set or lifted only by staff and mentors: a community's leaders do not judge an item not applicable.
MANAGER_ONLY_STATUSES: tuple[str, ...] = (S.NOT_APPLICABLE,)
#: The items that must be complete (done, or not applicable) before a track enters each stage.
STAGE_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    Stage.BUILDING: (ChecklistItem.VISION, ChecklistItem.SOCIAL_MISSION),
    Stage.ESTABLISHED: INFRASTRUCTURE_ITEMS,
    Stage.JOINED: INFRASTRUCTURE_ITEMS,
}
#: How many network representatives a community chooses before it joins the network.
REPRESENTATIVES_TO_JOIN = 1
#: For the templates: the rule of each stage, as a sentence.
STAGE_RULE_TEXT = {
    Stage.BUILDING: gettext_lazy("To leave the nucleus stage: the community vision and the shared social mission are done."),
    Stage.ESTABLISHED: gettext_lazy("To be established: all eight infrastructure items are done."),
    Stage.JOINED: gettext_lazy("To join the network: established, and at least one network representative chosen."),
}
NOTES_MAX_LENGTH = 4000
TITLE_MAX_LENGTH = 200
NAME_MAX_LENGTH = 200
#: A nucleus is about twenty households; a number beyond this is a typing mistake (and beyond the column's range).
NUCLEUS_SIZE_MAX = 10_000
#: The stages a track may start at. A community joins the network from its track's page, once it has
#: chosen its representatives.
STARTING_STAGES: tuple[str, ...] = (Stage.NUCLEUS, Stage.BUILDING, Stage.ESTABLISHED)
#: Dates outside these bounds are typing mistakes (a year 0202, 2206 or 9999): refused with the reason
#: instead of being stored.
EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)
#: The time zone of a country with several, when none is given (zone.tab lists the others' only one first).
MAIN_TIME_ZONE = {
    "US": "America/New_York",
    "CA": "America/Toronto",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "MX": "America/Mexico_City",
    "RU": "Europe/Moscow",
    "AR": "America/Argentina/Buenos_Aires",
}


def _by(user) -> int | None:
    return getattr(user, "pk", None)


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _not_in_future(day: datetime.date | None, today: datetime.date, field: str, message: str) -> None:
    if day is not None and day > today:
        raise ValidationError({field: message}, code="date_in_future")


def _plausible(day: datetime.date | None, field: str) -> None:
    """Refuse a date whose year was mistyped (see :data:`EARLIEST_DATE`)."""
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            {field: _("Check the year: give a date between %(first)s and %(last)s.")
             % {"first": _date(EARLIEST_DATE), "last": _date(LATEST_DATE)}},
            code="date_implausible",
        )


# ---- items


@transaction.atomic
def track_item_update(
    *,
    track: EstablishmentTrack,
    code: str,
    by,
    status: str,
    notes: str = "",
    started_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    completed_on: datetime.date | None = None,
    manager: bool,
    today: datetime.date | None = None,
) -> TrackItem:
    """Save one item's status, notes and dates (the row is created the first time).

    ``manager``: ``by`` is staff or a mentor of the track (the view knows it from the access).
    """
    today = today or timezone.localdate()
    if code not in ChecklistItem.values:
        raise ValidationError(_("This is not an item of the checklist."), code="item_unknown")
    if status not in S.values:
        raise ValidationError({"status": _("Choose one of the statuses offered.")}, code="item_status_unknown")
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX_LENGTH:
        raise ValidationError(
            {"notes": _("Notes have at most %(max)d characters.") % {"max": NOTES_MAX_LENGTH}}, code="notes_long"
        )
    item, _created = TrackItem.objects.get_or_create(track=track, item=code)
    item = TrackItem.objects.select_for_update().get(pk=item.pk)
    was, was_completed = item.status, item.completed_on
    if status != was:
        if status not in ITEM_TRANSITIONS[was]:
            raise ValidationError(
                {"status": _("An item that is “%(current)s” cannot become “%(new)s”.")
                 % {"current": S(was).label, "new": S(status).label}},
                code="item_status_transition",
            )
        if not manager and (status in MANAGER_ONLY_STATUSES or was in MANAGER_ONLY_STATUSES):
            raise ValidationError(
                {"status": _("Only the community's mentor or the staff can mark an item “%(status)s” or undo it.")
                 % {"status": S.NOT_APPLICABLE.label}},
                code="item_status_manager_only",
            )
    if status == S.DONE:
        completed_on = completed_on or was_completed or today
    elif completed_on is not None:
        if was == S.DONE and completed_on == was_completed:
            completed_on = None  # reopened: the old completion date goes with it
        else:
            raise ValidationError(
                {"completed_on": _("A completion date is kept only for an item marked done.")},
                code="completed_not_done",
            )
    _not_in_future(completed_on, today, "completed_on", _("The completion date cannot be in the future."))
    for field, day in (("started_on", started_on), ("due_on", due_on), ("completed_on", completed_on)):
        _plausible(day, field)
    if status == S.IN_PROGRESS and started_on is None:
        started_on = item.started_on or today
    if started_on and completed_on and completed_on < started_on:
        raise ValidationError(
            {"completed_on": _("An item cannot be completed before it started.")}, code="completed_before_start"
        )
    if started_on and due_on and due_on < started_on:
        raise ValidationError({"due_on": _("The due date cannot be before the start.")}, code="due_before_start")
    item.status, item.notes = status, notes
    item.started_on, item.due_on, item.completed_on = started_on, due_on, completed_on
    item.updated_by = by
    item.save()
    logger.info("track %s item %s: %s → %s by user %s", track.pk, code, was, status, _by(by))
    return item


# ---- evidence


@transaction.atomic
def evidence_upload(*, track: EstablishmentTrack, code: str, by, title: str = "", file) -> TrackEvidence:
    """Attach a checked document to one item (its row is created if need be); the title defaults to the file's name."""
    if code not in ChecklistItem.values:
        raise ValidationError(_("This is not an item of the checklist."), code="item_unknown")
    ext = attachment_file_check(file)
    title = (title or "").strip()
    if not title:
        title = (os.path.splitext(os.path.basename(file.name))[0].strip() or file.name)[:TITLE_MAX_LENGTH]
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": _("A title has at most %(max)d characters.") % {"max": TITLE_MAX_LENGTH}}, code="title_long"
        )
    item, _created = TrackItem.objects.get_or_create(track=track, item=code)
    evidence = TrackEvidence(item=item, title=title, uploaded_by=by)
    evidence.file.save(attachment_storage_name(file.name, ext), file, save=False)
    stored = evidence.file.name
    try:
        evidence.save()
    except Exception:
        evidence.file.storage.delete(stored)
        raise
    logger.info("evidence %s added to track %s item %s by user %s", evidence.pk, track.pk, code, _by(by))
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: TrackEvidence, by) -> None:
    """Delete a document and, once that is committed, its file."""
    storage, name, pk, item_id = evidence.file.storage, evidence.file.name, evidence.pk, evidence.item_id
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))
    logger.info("evidence %s of item %s deleted by user %s", pk, item_id, _by(by))


def evidence_file_name(evidence: TrackEvidence) -> str:
    """The name a download carries (the cleaned original name)."""
    return attachment_file_name(evidence)


def evidence_content_type(evidence: TrackEvidence) -> str:
    return attachment_content_type(evidence)


# ---- stages


def stage_after(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def stage_before(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index - 1] if index > 0 else None


@dataclass(frozen=True)
class StageCheck:
    """Whether a track may move to its next stage, and what is missing if not."""

    current: str
    next: str | None
    missing_items: tuple[str, ...] = ()
    needs_representatives: int = 0

    @property
    def allowed(self) -> bool:
        return self.next is not None and not self.missing_items and not self.needs_representatives

    @property
    def next_label(self) -> str:
        return Stage(self.next).label if self.next else ""

    @property
    def missing_labels(self) -> list[str]:
        return [str(ChecklistItem(code).label) for code in self.missing_items]

    @property
    def required_labels(self) -> list[str]:
        return [str(ChecklistItem(code).label) for code in STAGE_REQUIREMENTS.get(self.next, ())]

    def reason(self) -> str:
        """Why the move is refused, in the reader's language (empty when it is allowed)."""
        if self.next is None:
            return _("This community has joined the network: there is no further stage.")
        sentences = []
        if self.missing_items:
            sentences.append(
                _("To move to “%(stage)s”, these items must be done first: %(items)s.")
                % {"stage": self.next_label, "items": ", ".join(self.missing_labels)}
            )
        if self.needs_representatives:
            sentences.append(_("To join the network, the community first chooses its network representatives."))
        return " ".join(sentences)


def track_stage_check(
    *, track: EstablishmentTrack, items: dict[str, TrackItem] | None = None, representatives: int | None = None
) -> StageCheck:
    """What the track still needs before its next stage (``items``/``representatives`` when already read)."""
    following = stage_after(track.stage)
    if following is None:
        return StageCheck(current=track.stage, next=None)
    items = items if items is not None else track_items(track)
    missing = tuple(code for code in STAGE_REQUIREMENTS.get(following, ()) if not is_complete(items[code]))
    needs = 0
    if following == Stage.JOINED:
        if representatives is None:
            representatives = NetworkRepresentative.objects.filter(track=track).count()
        needs = max(0, REPRESENTATIVES_TO_JOIN - representatives)
    return StageCheck(current=track.stage, next=following, missing_items=missing, needs_representatives=needs)


def _lock_track(track: EstablishmentTrack) -> EstablishmentTrack:
    locked = EstablishmentTrack.objects.select_for_update().get(pk=track.pk)
    track.stage, track.stage_changed_on, track.joined_network_on = (
        locked.stage, locked.stage_changed_on, locked.joined_network_on,
    )
    return track


def _stage_day(track: EstablishmentTrack, on: datetime.date | None, today: datetime.date) -> datetime.date:
    on = on or today
    _not_in_future(on, today, "on", _("The date of the move cannot be in the future."))
    if on < track.started_on:
        raise ValidationError(
            {"on": _("The date of the move cannot be before the accompaniment started (%(date)s).")
             % {"date": _date(track.started_on)}},
            code="stage_before_start",
        )
    if track.stage_changed_on and on < track.stage_changed_on:
        raise ValidationError(
            {"on": _("The date of the move cannot be before the last change of stage (%(date)s).")
             % {"date": _date(track.stage_changed_on)}},
            code="stage_before_last_change",
        )
    return on


@transaction.atomic
def track_stage_advance(
    *, track: EstablishmentTrack, by, to: str, on: datetime.date | None = None, today: datetime.date | None = None
) -> EstablishmentTrack:
    """Move the track to its next stage ``to`` (named, so a repeated click does not move it twice)."""
    today = today or timezone.localdate()
    _lock_track(track)
    following = stage_after(track.stage)
    if to != following:
        raise ValidationError(
            _("This community is now at the stage “%(stage)s”: reload the page and check again.")
            % {"stage": track.get_stage_display()},
            code="stage_not_next",
        )
    check = track_stage_check(track=track)
    if not check.allowed:
        raise ValidationError(check.reason(), code="stage_requirements")
    on = _stage_day(track, on, today)
    was = track.stage
    track.stage, track.stage_changed_on = to, on
    fields = ["stage", "stage_changed_on"]
    if to == Stage.JOINED:
        track.joined_network_on = on
        fields.append("joined_network_on")
    track.save(update_fields=fields)
    logger.info("track %s moved %s → %s on %s by user %s", track.pk, was, to, on, _by(by))
    return track


@transaction.atomic
def track_stage_back(
    *, track: EstablishmentTrack, by, to: str, today: datetime.date | None = None
) -> EstablishmentTrack:
    """Staff correct a move: the track goes back one stage (leaving the network clears its join date)."""
    today = today or timezone.localdate()
    _lock_track(track)
    previous = stage_before(track.stage)
    if previous is None or to != previous:
        raise ValidationError(
            _("This community is now at the stage “%(stage)s”: reload the page and check again.")
            % {"stage": track.get_stage_display()},
            code="stage_not_previous",
        )
    was = track.stage
    track.stage, track.stage_changed_on, track.joined_network_on = previous, today, None
    track.save(update_fields=["stage", "stage_changed_on", "joined_network_on"])
    logger.info("track %s moved back %s → %s by user %s", track.pk, was, previous, _by(by))
    return track


@transaction.atomic
def track_details_update(*, track: EstablishmentTrack, by, nucleus_size: int | None, notes: str) -> EstablishmentTrack:
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX_LENGTH:
        raise ValidationError(
            {"notes": _("Notes have at most %(max)d characters.") % {"max": NOTES_MAX_LENGTH}}, code="notes_long"
        )
    if nucleus_size is not None and nucleus_size < 1:
        raise ValidationError({"nucleus_size": _("Give a number of households, or leave it empty.")}, code="size")
    if nucleus_size is not None and nucleus_size > NUCLEUS_SIZE_MAX:
        raise ValidationError(
            {"nucleus_size": _("A nucleus has at most %(max)d households: check the number.") % {"max": NUCLEUS_SIZE_MAX}},
            code="size_large",
        )
    track.nucleus_size, track.notes = nucleus_size, notes
    track.save(update_fields=["nucleus_size", "notes"])
    logger.info("track %s details changed by user %s", track.pk, _by(by))
    return track


# ---- milestones


def _milestone_fields(title_en: str, title_he: str, stage: str) -> tuple[str, str]:
    title_en, title_he = (title_en or "").strip(), (title_he or "").strip()
    if not title_en and not title_he:
        raise ValidationError(_("Give a title in Hebrew or in English (or both)."), code="title_missing")
    if max(len(title_en), len(title_he)) > TITLE_MAX_LENGTH:
        raise ValidationError(
            _("A title has at most %(max)d characters.") % {"max": TITLE_MAX_LENGTH}, code="title_long"
        )
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose one of the stages offered.")}, code="stage_unknown")
    return title_en, title_he


@transaction.atomic
def milestone_add(
    *,
    track: EstablishmentTrack,
    by,
    title_en: str = "",
    title_he: str = "",
    stage: str,
    due_on: datetime.date,
    today: datetime.date | None = None,
) -> Milestone:
    today = today or timezone.localdate()
    title_en, title_he = _milestone_fields(title_en, title_he, stage)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the due date.")}, code="due_missing")
    if due_on < today:
        raise ValidationError({"due_on": _("The due date cannot be in the past.")}, code="due_in_past")
    _plausible(due_on, "due_on")
    milestone = Milestone.objects.create(track=track, title_en=title_en, title_he=title_he, stage=stage, due_on=due_on)
    logger.info("milestone %s added to track %s by user %s", milestone.pk, track.pk, _by(by))
    return milestone


@transaction.atomic
def milestone_edit(
    *,
    milestone: Milestone,
    by,
    title_en: str = "",
    title_he: str = "",
    stage: str,
    due_on: datetime.date,
    today: datetime.date | None = None,
) -> Milestone:
    """Change a milestone's title or stage, or move its due date (not to a day already past)."""
    today = today or timezone.localdate()
    title_en, title_he = _milestone_fields(title_en, title_he, stage)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the due date.")}, code="due_missing")
    if due_on != milestone.due_on and due_on < today:
        raise ValidationError({"due_on": _("A milestone cannot be moved to a day already past.")}, code="due_in_past")
    if due_on != milestone.due_on:
        _plausible(due_on, "due_on")
    was = milestone.due_on
    milestone.title_en, milestone.title_he, milestone.stage, milestone.due_on = title_en, title_he, stage, due_on
    milestone.save(update_fields=["title_en", "title_he", "stage", "due_on"])
    logger.info("milestone %s edited (due %s → %s) by user %s", milestone.pk, was, due_on, _by(by))
    return milestone


@transaction.atomic
def milestone_complete(
    *, milestone: Milestone, by, on: datetime.date | None = None, today: datetime.date | None = None
) -> Milestone:
    today = today or timezone.localdate()
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.completed_on is not None:
        raise ValidationError(
            _("This milestone was already completed on %(date)s.") % {"date": _date(locked.completed_on)},
            code="milestone_completed",
        )
    on = on or today
    _not_in_future(on, today, "completed_on", _("The completion date cannot be in the future."))
    milestone.completed_on = on
    milestone.save(update_fields=["completed_on"])
    logger.info("milestone %s completed on %s by user %s", milestone.pk, on, _by(by))
    return milestone


@transaction.atomic
def milestone_reopen(*, milestone: Milestone, by) -> Milestone:
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.completed_on is None:
        raise ValidationError(_("This milestone is still open."), code="milestone_open")
    milestone.completed_on = None
    milestone.save(update_fields=["completed_on"])
    logger.info("milestone %s reopened by user %s", milestone.pk, _by(by))
    return milestone


# ---- mentors


@transaction.atomic
def mentorship_start(
    *, track: EstablishmentTrack, by, mentor, started_on: datetime.date | None = None, today: datetime.date | None = None
) -> Mentorship:
    """Assign a mentor to the track (staff)."""
    today = today or timezone.localdate()
    started_on = started_on or today
    _plausible(started_on, "started_on")
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
    logger.info("user %s assigned as mentor of track %s by user %s", mentor.pk, track.pk, _by(by))
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
    _plausible(ended_on, "ended_on")
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if locked.ended_on is not None and locked.ended_on <= today:
        raise ValidationError(
            _("This mentorship already ended on %(date)s.") % {"date": _date(locked.ended_on)}, code="mentorship_ended"
        )
    if ended_on < mentorship.started_on:
        raise ValidationError(
            {"ended_on": _("A mentorship cannot end before it starts (%(date)s).") % {"date": _date(mentorship.started_on)}},
            code="mentorship_end_before_start",
        )
    mentorship.ended_on = ended_on
    mentorship.save(update_fields=["ended_on"])
    logger.info("mentorship %s ended on %s by user %s", mentorship.pk, ended_on, _by(by))
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
    _plausible(held_on, "held_on")
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
    logger.info("workshop %s created by user %s", workshop.pk, _by(by))
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
        "attendance of user %s at workshop %s recorded for track %s by user %s", person.pk, workshop.pk, track.pk, _by(by)
    )
    return attendance


@transaction.atomic
def workshop_attendance_remove(*, attendance: WorkshopAttendance, by) -> None:
    pk, workshop_id, person_id = attendance.pk, attendance.workshop_id, attendance.person_id
    attendance.delete()
    logger.info("attendance %s (user %s, workshop %s) removed by user %s", pk, person_id, workshop_id, _by(by))


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
    _not_in_future(chosen_on, today, "chosen_on", _("The date of the choice cannot be in the future."))
    _plausible(chosen_on, "chosen_on")
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
    logger.info("user %s chosen as representative of track %s by user %s", person.pk, track.pk, _by(by))
    return representative


@transaction.atomic
def representative_remove(*, representative: NetworkRepresentative, by) -> None:
    track = _lock_track(representative.track)
    if track.stage == Stage.JOINED and NetworkRepresentative.objects.filter(track=track).count() <= REPRESENTATIVES_TO_JOIN:
        raise ValidationError(
            _("A community in the network keeps at least one representative: choose another one first."),
            code="representative_last",
        )
    pk, person_id = representative.pk, representative.person_id
    representative.delete()
    logger.info("representative %s (user %s) of track %s removed by user %s", pk, person_id, track.pk, _by(by))


# ---- a new track (and, with it, a new community)


@functools.cache
def _zones_by_country() -> dict[str, str]:
    """The first time zone zone.tab lists for each country (tzdata's copy, else the system's)."""
    text = ""
    try:
        from importlib import resources

        text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    except (ImportError, OSError):
        system = Path("/usr/share/zoneinfo/zone.tab")
        text = system.read_text(encoding="utf-8") if system.exists() else ""
    zones: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            zones.setdefault(parts[0].strip().upper(), parts[2].strip())
    return zones


def country_time_zone(country: str) -> str:
    """The main time zone of a country, for a community whose time zone was not given."""
    code = (country or "").upper()
    return MAIN_TIME_ZONE.get(code) or _zones_by_country().get(code) or settings.TIME_ZONE


@transaction.atomic
def community_create(
    *,
    by,
    name_en: str = "",
    name_he: str = "",
    country: str,
    kind: str = CommunityKind.NUCLEUS,
    time_zone: str = "",
) -> Community:
    """A community that is not in the platform yet (its side follows from the country: Israel or the Diaspora)."""
    from django_countries import countries

    name_en, name_he = (name_en or "").strip(), (name_he or "").strip()
    if not name_en and not name_he:
        raise ValidationError(
            {"name_he": _("Give the community's name in Hebrew or in English (or both).")}, code="name_missing"
        )
    for field, value in (("name_en", name_en), ("name_he", name_he)):
        if len(value) > NAME_MAX_LENGTH:
            raise ValidationError(
                {field: _("A name has at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}}, code="name_long"
            )
    country = (country or "").strip().upper()
    if country not in dict(countries):
        raise ValidationError({"country": _("Choose the community's country from the list.")}, code="country_unknown")
    if kind not in CommunityKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds offered.")}, code="kind_unknown")
    time_zone = (time_zone or "").strip() or country_time_zone(country)
    if time_zone not in zoneinfo.available_timezones():
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")}, code="time_zone_unknown")
    for field, name in (("name_he", name_he), ("name_en", name_en)):
        if not name:
            continue
        existing = (
            Community.objects.filter(Q(name_en__iexact=name) | Q(name_he__iexact=name))
            .select_related("establishment_track")
            .first()
        )
        if existing is None:
            continue
        if hasattr(existing, "establishment_track"):
            message = _("“%(name)s” is already accompanied: it has an establishment track.") % {"name": existing.name}
        else:
            message = _(
                "A community named “%(name)s” already exists: choose it from the list of communities instead."
            ) % {"name": existing.name}
        raise ValidationError({field: message}, code="community_exists")
    community = Community.objects.create(
        name_en=name_en,
        name_he=name_he,
        country=country,
        side=Side.ISRAEL if country == "IL" else Side.DIASPORA,
        kind=kind,
        time_zone=time_zone,
    )
    logger.info("community %s created by user %s", community.pk, _by(by))
    return community


def track_start_day(started_on: datetime.date | None, today: datetime.date | None = None) -> datetime.date:
    """The day a track starts, checked (the form checks it too, so that every mistake shows at once)."""
    today = today or timezone.localdate()
    if started_on is None:
        raise ValidationError({"started_on": _("Give the day the accompaniment started.")}, code="start_missing")
    _not_in_future(
        started_on, today, "started_on",
        _("The accompaniment cannot start in the future: open its track on the day it starts."),
    )
    _plausible(started_on, "started_on")
    return started_on


@transaction.atomic
def track_create(
    *,
    by,
    community: Community | None = None,
    new_community: dict | None = None,
    stage: str = Stage.NUCLEUS,
    started_on: datetime.date | None = None,
    mentor=None,
    today: datetime.date | None = None,
) -> EstablishmentTrack:
    """Open the establishment track of a community (staff): an existing one, or one created here (``new_community``:
    the arguments of :func:`community_create`), at a starting stage, with an optional first mentor (who is emailed).

    A community has one track at most: a second one is refused with a sentence that says so.
    """
    today = today or timezone.localdate()
    if (community is None) == (new_community is None):
        raise ValidationError(
            _("Choose an existing community, or describe a new one, but not both."), code="community_choice"
        )
    if stage not in STARTING_STAGES:
        raise ValidationError(
            {"stage": _("A community starts at the nucleus, building or established stage; it joins the network from its track.")},
            code="stage_start",
        )
    started_on = track_start_day(started_on, today)
    if community is None:
        community = community_create(by=by, **new_community)
    else:
        community = Community.objects.select_for_update().get(pk=community.pk)
        if not community.is_active:
            raise ValidationError(
                {"community": _("“%(name)s” is marked inactive: make it active again before accompanying it.")
                 % {"name": community.name}},
                code="community_inactive",
            )
    already = _("“%(name)s” is already accompanied: it has an establishment track.") % {"name": community.name}
    if EstablishmentTrack.objects.filter(community=community).exists():
        raise ValidationError({"community": already}, code="track_exists")
    try:
        with transaction.atomic():
            track = EstablishmentTrack.objects.create(
                community=community,
                stage=stage,
                started_on=started_on,
                stage_changed_on=started_on if stage != Stage.NUCLEUS else None,
            )
    except IntegrityError as exc:  # a track opened meanwhile by someone else (the one-to-one key)
        raise ValidationError({"community": already}, code="track_exists") from exc
    logger.info("track %s of community %s opened at %s by user %s", track.pk, community.pk, stage, _by(by))
    if mentor is not None:
        try:
            mentorship_start(track=track, by=by, mentor=mentor, started_on=started_on, today=today)
        except ValidationError as exc:
            raise ValidationError({"mentor": exc.messages}, code="mentor") from exc
    return track
