"""Writes of the actions area: action items and their updates, meeting attachments, and publishing a
meeting's summary by email. Keyword-only, atomic, validating; errors are ``ValidationError`` with a
translated sentence that says why.

An action item's status moves only through :func:`action_item_status_check`'s table
(:data:`ACTION_ITEM_TRANSITIONS`): its owner or a manager of its committee moves it between open,
in progress and done (done records today as its completion date; reopening clears it); only a
manager cancels one or reopens a cancelled one. Every change of status is kept as an update
(who, when, from what to what).

A new action item joins the agenda of its committee's next scheduled meeting as a follow-up
(``services.meetings.agenda_add_follow_up``).

Attachments are checked by size (``P2G_MAX_UPLOAD_MB``), by extension
(``P2G_ATTACHMENT_EXTENSIONS``) and by content (the first bytes must be those of the type the
extension claims); they are stored under a generated directory with a cleaned copy of the original
name, and served only through the download view.

:func:`meeting_publish_summary` marks the summary published and, in the same transaction, decides
its email to every current member of the committee (or forum) on the delivery ledger: the worker
sends it once the transaction commits, once to each, in their own language and time zone, with the
attachments (``notifications.kinds.meetings.MeetingSummary``).
"""

import datetime
import logging
import os
import re
import unicodedata
import uuid
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import (
    ActionItem,
    ActionItemStatus,
    ActionItemUpdate,
    Committee,
    Meeting,
    MeetingAttachment,
    MeetingStatus,
)
from ..models.meetings import AttachmentKind
from ..selectors.actions import committee_current_people
from . import meetings as meeting_services

__all__ = [
    "ACTION_ITEM_TRANSITIONS",
    "ATTACHMENT_CONTENT_TYPES",
    "PUBLISHABLE_STATUSES",
    "action_item_create",
    "action_item_edit",
    "action_item_status_change",
    "action_item_status_check",
    "action_item_update_add",
    "attachment_content_type",
    "attachment_delete",
    "attachment_file_check",
    "attachment_file_name",
    "attachment_upload",
    "meeting_publish_summary",
]

logger = logging.getLogger(__name__)

S = ActionItemStatus
#: The statuses an action item may move to from each status.
ACTION_ITEM_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.OPEN: (S.IN_PROGRESS, S.DONE, S.CANCELLED),
    S.IN_PROGRESS: (S.OPEN, S.DONE, S.CANCELLED),
    S.DONE: (S.OPEN, S.IN_PROGRESS),
    S.CANCELLED: (S.OPEN,),
}
#: The longest title (per language), the longest update.
TITLE_MAX_LENGTH = 300
UPDATE_MAX_LENGTH = 4000
#: A meeting's summary is published from these statuses only (and once it has started).
PUBLISHABLE_STATUSES = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)


def _by(user) -> int | None:
    return getattr(user, "pk", None)


# ---- action items


def action_item_status_check(*, action_item: ActionItem, to: str, by, manager: bool) -> None:
    """Raise a ValidationError saying why ``by`` cannot move ``action_item`` to ``to`` (nothing if they can).

    ``manager``: ``by`` manages the item's committee (the view knows it from ``access``).
    """
    current = action_item.status
    if to not in S.values:
        raise ValidationError(_("Choose one of the statuses offered."), code="action_status_unknown")
    if to == current:
        raise ValidationError(
            _("This action item is already “%(status)s”.") % {"status": action_item.get_status_display()},
            code="action_status_same",
        )
    if to not in ACTION_ITEM_TRANSITIONS.get(current, ()):
        raise ValidationError(
            _("An action item that is “%(current)s” cannot become “%(new)s”.")
            % {"current": action_item.get_status_display(), "new": S(to).label},
            code="action_status_transition",
        )
    is_owner = by is not None and action_item.owner_id is not None and action_item.owner_id == by.pk
    if not manager and not is_owner:
        raise ValidationError(
            _("Only the owner of this action item or a manager of its committee can change its status."),
            code="action_status_not_allowed",
        )
    if not manager and S.CANCELLED in (to, current):
        raise ValidationError(
            _("Only a manager of the committee can cancel an action item or reopen a cancelled one."),
            code="action_status_manager_only",
        )


def _apply_status(action_item: ActionItem, to: str, today: datetime.date) -> None:
    action_item.status = to
    action_item.completed_on = today if to == S.DONE else None


def _lock(action_item: ActionItem) -> ActionItem:
    """Lock the item's row for the rest of the transaction and refresh what decisions rest on."""
    locked = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    action_item.status, action_item.completed_on, action_item.owner_id = (
        locked.status, locked.completed_on, locked.owner_id,
    )
    return action_item


def _titles(title_en: str, title_he: str) -> tuple[str, str]:
    title_en, title_he = (title_en or "").strip(), (title_he or "").strip()
    if not title_en and not title_he:
        raise ValidationError(_("Give a title in Hebrew or in English (or both)."), code="title_missing")
    if max(len(title_en), len(title_he)) > TITLE_MAX_LENGTH:
        raise ValidationError(
            _("A title has at most %(max)d characters.") % {"max": TITLE_MAX_LENGTH}, code="title_long"
        )
    return title_en, title_he


def _check_owner(committee: Committee, owner) -> None:
    if owner is None:
        raise ValidationError({"owner": _("Choose who owns this action item.")}, code="owner_missing")
    if not committee_current_people(committee).filter(pk=owner.pk).exists():
        raise ValidationError(
            {"owner": _("The owner must be a current member of %(committee)s.") % {"committee": committee}},
            code="owner_not_member",
        )


def _check_due_on(due_on: datetime.date | None, today: datetime.date) -> None:
    if due_on is not None and due_on < today:
        raise ValidationError({"due_on": _("The due date cannot be in the past.")}, code="due_in_past")


def _follow_up(action_item: ActionItem, meeting: Meeting | None) -> None:
    """Put the new item on the agenda of the committee's next scheduled meeting, if there is one."""
    after = timezone.now()
    if meeting is not None and meeting.starts_at > after:
        after = meeting.starts_at
    following = meeting_services.next_meeting(action_item.committee, after)
    if following is not None:
        meeting_services.agenda_add_follow_up(meeting=following, action_item=action_item)


@transaction.atomic
def action_item_create(
    *,
    committee: Committee,
    by,
    title_en: str = "",
    title_he: str = "",
    owner,
    due_on: datetime.date | None,
    meeting: Meeting | None = None,
    today: datetime.date | None = None,
) -> ActionItem:
    """Create an open action item of ``committee`` (from ``meeting`` when given) and put it on the next agenda."""
    today = today or timezone.localdate()
    if meeting is not None:
        if meeting.committee_id != committee.pk:
            raise ValidationError(_("The meeting is not of this committee."), code="meeting_other_committee")
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(
                _("This meeting is cancelled: its action items can no longer be added."), code="meeting_cancelled"
            )
    title_en, title_he = _titles(title_en, title_he)
    _check_owner(committee, owner)
    _check_due_on(due_on, today)
    item = ActionItem(
        committee=committee,
        meeting=meeting,
        title_en=title_en,
        title_he=title_he,
        owner=owner,
        due_on=due_on,
        status=S.OPEN,
    )
    item.full_clean()
    item.save()
    _follow_up(item, meeting)
    logger.info("action item %s created in committee %s by user %s", item.pk, committee.pk, _by(by))
    return item


@transaction.atomic
def action_item_edit(
    *,
    action_item: ActionItem,
    by,
    title_en: str = "",
    title_he: str = "",
    owner,
    due_on: datetime.date | None,
    status: str,
    today: datetime.date | None = None,
) -> ActionItem:
    """A manager changes an item's title, owner, due date and status (the status through the transitions)."""
    today = today or timezone.localdate()
    _lock(action_item)
    action_item.title_en, action_item.title_he = _titles(title_en, title_he)
    if owner is None or owner.pk != action_item.owner_id:
        _check_owner(action_item.committee, owner)
    if due_on != action_item.due_on:
        _check_due_on(due_on, today)
    old_status = action_item.status
    if status != old_status:
        action_item_status_check(action_item=action_item, to=status, by=by, manager=True)
        _apply_status(action_item, status, today)
    action_item.owner, action_item.due_on = owner, due_on
    action_item.full_clean()
    action_item.save(update_fields=["title_en", "title_he", "owner", "due_on", "status", "completed_on"])
    if status != old_status:
        ActionItemUpdate.objects.create(action_item=action_item, author=by, text="", new_status=status)
    logger.info("action item %s edited by user %s", action_item.pk, _by(by))
    return action_item


@transaction.atomic
def action_item_status_change(
    *, action_item: ActionItem, by, status: str, manager: bool, text: str = "", today: datetime.date | None = None
) -> ActionItemUpdate:
    """Move an item to ``status`` (owner or manager; see the transitions), kept as an update with ``text``."""
    today = today or timezone.localdate()
    _lock(action_item)
    action_item_status_check(action_item=action_item, to=status, by=by, manager=manager)
    _apply_status(action_item, status, today)
    action_item.save(update_fields=["status", "completed_on"])
    update = ActionItemUpdate.objects.create(action_item=action_item, author=by, text=text, new_status=status)
    logger.info("action item %s moved to %s by user %s", action_item.pk, status, _by(by))
    return update


@transaction.atomic
def action_item_update_add(
    *, action_item: ActionItem, author, text: str, new_status: str = "", manager: bool = False,
    today: datetime.date | None = None,
) -> ActionItemUpdate:
    """Any member writes an update; the owner or a manager may move the status with it."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the update first.")}, code="update_empty")
    if len(text) > UPDATE_MAX_LENGTH:
        raise ValidationError(
            {"text": _("An update has at most %(max)d characters.") % {"max": UPDATE_MAX_LENGTH}}, code="update_long"
        )
    if new_status:
        return action_item_status_change(
            action_item=action_item, by=author, status=new_status, manager=manager, text=text, today=today
        )
    return ActionItemUpdate.objects.create(action_item=action_item, author=author, text=text)


# ---- attachments

#: What each accepted extension's file must start with (OOXML and ODF files are ZIP archives).
ZIP_MAGIC = b"PK\x03\x04"
SIGNATURES: dict[str, bytes] = {
    "pdf": b"%PDF-",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
    "docx": ZIP_MAGIC,
    "pptx": ZIP_MAGIC,
    "xlsx": ZIP_MAGIC,
    "odt": ZIP_MAGIC,
    "odp": ZIP_MAGIC,
    "ods": ZIP_MAGIC,
}
#: Inside the ZIP: the folder an OOXML file keeps its document in, the mimetype an ODF file declares.
OOXML_FOLDERS = {"docx": "word/", "pptx": "ppt/", "xlsx": "xl/"}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "odp": b"application/vnd.oasis.opendocument.presentation",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
TEXT_EXTENSIONS = ("txt", "csv")
#: The type each download is served as (with nosniff: the browser does not guess).
ATTACHMENT_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def accepted_extensions() -> list[str]:
    """The configured extensions this module knows how to check (others are refused)."""
    known = set(SIGNATURES) | set(TEXT_EXTENSIONS)
    return [ext for ext in dict.fromkeys(e.lower().lstrip(".") for e in settings.P2G_ATTACHMENT_EXTENSIONS) if ext in known]


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _zip_matches(file, ext: str) -> bool:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if ext in OOXML_FOLDERS:
                return "[Content_Types].xml" in names and any(n.startswith(OOXML_FOLDERS[ext]) for n in names)
            info = archive.getinfo("mimetype")
            return info.file_size <= 100 and archive.read(info).strip() == ODF_MIMETYPES[ext]
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, zlib.error, NotImplementedError):
        return False
    finally:
        file.seek(0)


def _text_matches(file) -> bool:
    file.seek(0)
    data = b"".join(file.chunks())
    file.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def attachment_file_check(file) -> str:
    """Check an uploaded file's size, extension and content; return its extension (raise ValidationError otherwise)."""
    max_mb = settings.P2G_MAX_UPLOAD_MB
    if file.size > max_mb * 1024 * 1024:
        raise ValidationError(
            {"file": _("This file is %(size)s; the largest file accepted is %(max)d MB.")
             % {"size": filesizeformat(file.size), "max": max_mb}},
            code="file_too_big",
        )
    if file.size == 0:
        raise ValidationError({"file": _("This file is empty.")}, code="file_empty")
    accepted = accepted_extensions()
    types = ", ".join(f".{e}" for e in accepted)
    ext = _extension(file.name)
    if not ext:
        raise ValidationError(
            {"file": _("This file's name has no extension. Accepted types: %(types)s.") % {"types": types}},
            code="file_no_extension",
        )
    if ext not in accepted:
        raise ValidationError(
            {"file": _("Files of type .%(ext)s are not accepted. Accepted types: %(types)s.")
             % {"ext": ext, "types": types}},
            code="file_extension",
        )
    if ext in TEXT_EXTENSIONS:
        if not _text_matches(file):
            raise ValidationError(
                {"file": _("A .%(ext)s file must be plain text in UTF-8; this one is not.") % {"ext": ext}},
                code="file_content",
            )
        return ext
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head.startswith(SIGNATURES[ext]) or (SIGNATURES[ext] == ZIP_MAGIC and not _zip_matches(file, ext)):
        raise ValidationError(
            {"file": _("The content of this file is not a .%(ext)s file: upload the document as it was saved, "
                       "without renaming it.") % {"ext": ext}},
            code="file_content",
        )
    return ext


def attachment_storage_name(original: str, ext: str) -> str:
    """``<random folder>/<cleaned original name>.<ext>``: unguessable, no path tricks, readable on download."""
    stem = os.path.splitext(os.path.basename((original or "").replace("\\", "/")))[0]
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w-]+", "_", stem).strip("_-")[:40].rstrip("_-") or "file"
    return f"{uuid.uuid4().hex}/{stem}.{ext}"


def attachment_file_name(attachment: MeetingAttachment) -> str:
    """The name a download or an email attachment carries (the cleaned original name)."""
    return os.path.basename(attachment.file.name or "") or "file"


def attachment_content_type(attachment: MeetingAttachment) -> str:
    return ATTACHMENT_CONTENT_TYPES.get(_extension(attachment.file.name), "application/octet-stream")


def _require_open_meeting(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is cancelled: its attachments can no longer change."), code="meeting_cancelled")


@transaction.atomic
def attachment_upload(*, meeting: Meeting, by, kind: str, title: str = "", file) -> MeetingAttachment:
    """Attach a checked file to a meeting (any status but cancelled); the title defaults to the file's name."""
    _require_open_meeting(meeting)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds offered.")}, code="attachment_kind")
    ext = attachment_file_check(file)
    title = (title or "").strip()
    if not title:  # the file's own name, as far as the field holds it
        title = (os.path.splitext(os.path.basename(file.name))[0].strip() or file.name)[:200]
    if len(title) > 200:
        raise ValidationError({"title": _("A title has at most %(max)d characters.") % {"max": 200}}, code="title_long")
    attachment = MeetingAttachment(meeting=meeting, kind=kind, title=title, uploaded_by=by, size_bytes=file.size)
    attachment.file.save(attachment_storage_name(file.name, ext), file, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    logger.info("attachment %s added to meeting %s by user %s", attachment.pk, meeting.pk, _by(by))
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: MeetingAttachment, by) -> None:
    """Delete an attachment and, once that is committed, its file (not after the summary went out with it)."""
    if attachment.meeting.status == MeetingStatus.PUBLISHED:
        raise ValidationError(
            _("The summary of this meeting was sent with its attachments: they can no longer be deleted."),
            code="meeting_published",
        )
    _require_open_meeting(attachment.meeting)
    storage, name, pk = attachment.file.storage, attachment.file.name, attachment.pk
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
    logger.info("attachment %s of meeting %s deleted by user %s", pk, attachment.meeting_id, _by(by))


# ---- publishing the summary


@transaction.atomic
def meeting_publish_summary(*, meeting: Meeting, by, now: datetime.datetime | None = None) -> Meeting:
    """Publish a meeting's summary (once, after it started) and decide its email to the committee or forum.

    The email goes, after the commit, to the committee's members on the day of publication (or the
    forum's members), once to each, through the worker (``notifications.kinds.meetings.MeetingSummary``).
    """
    from notifications.kinds.meetings import MeetingSummary, summary_recipient_ids
    from notifications.models import Kind
    from notifications.services import notify

    now = now or timezone.now()
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.status, meeting.summary_published_at = locked.status, locked.summary_published_at
    if meeting.status == MeetingStatus.PUBLISHED:
        published = timezone.localtime(meeting.summary_published_at)
        raise ValidationError(
            _("The summary of this meeting was already published on %(date)s; it is not sent twice.")
            % {"date": formats.date_format(published, "DATETIME_FORMAT")},
            code="summary_already_published",
        )
    if meeting.status not in PUBLISHABLE_STATUSES:
        raise ValidationError(
            _("Only a scheduled or held meeting can have its summary published; this one is “%(status)s”.")
            % {"status": meeting.get_status_display()},
            code="meeting_status",
        )
    if meeting.starts_at > now:
        raise ValidationError(
            _("This meeting has not started yet: its summary can be published once it has taken place."),
            code="meeting_not_started",
        )
    meeting.status, meeting.summary_published_at = MeetingStatus.PUBLISHED, now
    meeting.save(update_fields=["status", "summary_published_at", "updated_at"])
    notify(
        kind=Kind.MEETING_SUMMARY,
        object_id=meeting.pk,
        recipient_ids=summary_recipient_ids(meeting),
        occurrence=MeetingSummary.OCCURRENCE,
    )
    logger.info("summary of meeting %s published by user %s", meeting.pk, _by(by))
    return meeting
