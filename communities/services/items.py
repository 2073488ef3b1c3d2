"""Items of a track's checklist, and the evidence attached to them.

- an item's status moves only along :data:`ITEM_TRANSITIONS`; marking it done records its
  completion date (today unless given), reopening it clears that date; only staff and mentors set
  or lift "not applicable" (:data:`MANAGER_ONLY_STATUSES`);
- evidence files are checked exactly as meeting attachments are (size, extension, content), with
  the attachments' own helpers, and are served only through the download view.
"""

import datetime
import logging
import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.services.actions import (
    attachment_content_type,
    attachment_file_check,
    attachment_file_name,
    attachment_storage_name,
)

from ..models import ChecklistItem, EstablishmentTrack, ItemStatus, TrackEvidence, TrackItem
from .shared import NOTES_MAX_LENGTH, TITLE_MAX_LENGTH, actor_id, date_not_in_future, date_plausible

__all__ = [
    "ITEM_TRANSITIONS",
    "MANAGER_ONLY_STATUSES",
    "evidence_content_type",
    "evidence_delete",
    "evidence_file_name",
    "evidence_upload",
    "track_item_update",
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
    date_not_in_future(completed_on, today, "completed_on", _("The completion date cannot be in the future."))
    for field, day in (("started_on", started_on), ("due_on", due_on), ("completed_on", completed_on)):
        date_plausible(day, field)
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
    logger.info("track %s item %s: %s → %s by user %s", track.pk, code, was, status, actor_id(by))
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
    logger.info("evidence %s added to track %s item %s by user %s", evidence.pk, track.pk, code, actor_id(by))
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: TrackEvidence, by) -> None:
    """Delete a document and, once that is committed, its file."""
    storage, name, pk, item_id = evidence.file.storage, evidence.file.name, evidence.pk, evidence.item_id
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))
    logger.info("evidence %s of item %s deleted by user %s", pk, item_id, actor_id(by))


def evidence_file_name(evidence: TrackEvidence) -> str:
    """The name a download carries (the cleaned original name)."""
    return attachment_file_name(evidence)


def evidence_content_type(evidence: TrackEvidence) -> str:
    return attachment_content_type(evidence)
