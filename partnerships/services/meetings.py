"""Writes of the meetings area: scheduling and the status of a meeting, its agenda, attendance,
decisions, minutes and comments. Keyword-only, atomic, validating; errors are ``ValidationError``
with a translated sentence that says why.

A meeting's status moves only through :func:`meeting_status_check`'s table:
draft → scheduled → held → published (by the actions area, ``meeting_publish_summary``), and
draft/scheduled → cancelled. Its record (agenda, attendance, decisions, minutes) can be changed
while it is scheduled or held, not once it is cancelled or its summary has been published.

A forum's meeting uses the same services for its agenda (its presenter is then one of the forum's
members), its decisions (the votes are then bounded by the forum members recorded as present) and
its minutes; its attendance is ``impact.services.forums.forum_attendance_record``'s. The areas that
write a meeting's record elsewhere take the row's lock with :func:`lock_meeting` and refuse a closed
record with :func:`require_editable`, as these services do.

Open action items travel by themselves: :func:`agenda_add_follow_up` puts one on a meeting's agenda
("Follow-up: …"); scheduling a meeting, cancelling one and marking one held carry every open
action item of the committee that is on no other upcoming agenda to the next meeting.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Committee,
    Decision,
    ForumMembership,
    Meeting,
    MeetingComment,
    MeetingStatus,
)
from ..selectors.meetings import (
    OPEN_ACTION_STATUSES,
    PRESENT_STATUSES,
    UPCOMING_STATUSES,
    committee_members_on,
    meeting_day,
    meeting_day_zone,
    members_present,
    next_meeting,
)

__all__ = [
    "MEETING_TRANSITIONS",
    "agenda_add_follow_up",
    "agenda_carry_open_action_items",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "attendance_record",
    "decision_add",
    "decision_delete",
    "decision_update",
    "lock_meeting",
    "meeting_announce_change",
    "meeting_cancel",
    "meeting_comment_add",
    "meeting_mark_held",
    "meeting_members_present",
    "meeting_minutes_update",
    "meeting_schedule",
    "meeting_status_check",
    "meeting_update",
    "next_meeting",
    "require_editable",
]

logger = logging.getLogger(__name__)

#: The statuses a meeting may move to from each status.
MEETING_TRANSITIONS: dict[str, tuple[str, ...]] = {
    MeetingStatus.DRAFT: (MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED),
    # a meeting that took place may have its summary published without being marked held first
    MeetingStatus.SCHEDULED: (MeetingStatus.HELD, MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED),
    MeetingStatus.HELD: (MeetingStatus.PUBLISHED,),
    MeetingStatus.PUBLISHED: (),
    MeetingStatus.CANCELLED: (),
}
#: A meeting's record can be changed in these statuses only.
EDITABLE_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.SCHEDULED, MeetingStatus.HELD)
#: What makes a meeting move for the people coming to it (a new title is no move).
MOVE_FIELDS = ("starts_at", "duration_minutes", "location_en", "location_he", "online_url")
#: The longest comment.
COMMENT_MAX_LENGTH = 4000
#: How far a decision number may go (the database keeps room to renumber).
DECISIONS_MAX = 999

# ---- status


def meeting_status_check(*, meeting: Meeting, to: str) -> None:
    """Raise a ValidationError saying why ``meeting`` cannot move to status ``to`` (nothing if it can)."""
    if to in MEETING_TRANSITIONS.get(meeting.status, ()):
        return
    messages = {
        MeetingStatus.CANCELLED: _("Only a meeting that is still scheduled can be cancelled; this one is “%(status)s”."),
        MeetingStatus.HELD: _("Only a scheduled meeting can be marked as held; this one is “%(status)s”."),
        MeetingStatus.PUBLISHED: _("Only a meeting that was held can have its summary published; this one is “%(status)s”."),
        MeetingStatus.SCHEDULED: _("This meeting cannot be scheduled again; it is “%(status)s”."),
    }
    message = messages.get(to, _("This meeting cannot change status; it is “%(status)s”."))
    raise ValidationError(message % {"status": meeting.get_status_display()}, code="meeting_status")


def require_editable(meeting: Meeting) -> None:
    """Refuse (``ValidationError``) a change to the record of a cancelled meeting or of one whose summary is out.

    Call it after :func:`lock_meeting`, so the status it reads is the one stored now.
    """
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is cancelled: its record can no longer be changed."), code="meeting_cancelled")
    if meeting.status == MeetingStatus.PUBLISHED:
        raise ValidationError(
            _("The summary of this meeting has been published: its record can no longer be changed."),
            code="meeting_published",
        )


def _require_started(meeting: Meeting, now: datetime.datetime | None = None) -> None:
    if meeting.starts_at > (now or timezone.now()):
        raise ValidationError(
            _("This meeting has not started yet: this can be recorded from its start time."), code="meeting_not_started"
        )


def lock_meeting(meeting: Meeting) -> Meeting:
    """Lock the meeting row for the rest of the transaction (one change of its record at a time).

    ``meeting`` takes the status stored now and is returned (call it inside ``transaction.atomic``).
    """
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.status = locked.status
    return meeting


def _titles(title_en: str, title_he: str) -> tuple[str, str]:
    title_en, title_he = (title_en or "").strip(), (title_he or "").strip()
    if not title_en and not title_he:
        raise ValidationError(_("Give a title in Hebrew or in English (or both)."), code="title_missing")
    return title_en, title_he


def _check_starts_at(starts_at: datetime.datetime) -> None:
    if timezone.is_naive(starts_at):
        raise ValidationError(_("The start time needs a time zone."), code="naive_datetime")


# ---- scheduling


@transaction.atomic
def meeting_schedule(
    *,
    committee: Committee | None = None,
    forum=None,
    by,
    title_en: str = "",
    title_he: str = "",
    starts_at: datetime.datetime,
    duration_minutes: int = 90,
    location_en: str = "",
    location_he: str = "",
    online_url: str = "",
) -> Meeting:
    """Schedule a meeting of a committee or of a forum (one of the two).

    A committee's meeting still ahead takes the committee's open action items on its agenda as follow-ups.
    """
    title_en, title_he = _titles(title_en, title_he)
    _check_starts_at(starts_at)
    meeting = Meeting(
        committee=committee,
        forum=forum,
        title_en=title_en,
        title_he=title_he,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location_en=(location_en or "").strip(),
        location_he=(location_he or "").strip(),
        online_url=(online_url or "").strip(),
        status=MeetingStatus.SCHEDULED,
        created_by=by,
    )
    meeting.full_clean()
    meeting.save()
    if committee is not None and meeting.starts_at > timezone.now():
        agenda_carry_open_action_items(meeting=meeting)
    logger.info("meeting %s scheduled for %s by user %s", meeting.pk, committee or forum, getattr(by, "pk", None))
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by,
    title_en: str = "",
    title_he: str = "",
    starts_at: datetime.datetime,
    duration_minutes: int,
    location_en: str = "",
    location_he: str = "",
    online_url: str = "",
) -> Meeting:
    """Change a meeting's details (not its committee nor its status).

    When a scheduled meeting that has not started moves (time, duration, place or online link),
    its members are told, once, after the commit (:func:`meeting_announce_change`).
    """
    lock_meeting(meeting)
    require_editable(meeting)
    before = Meeting.objects.values(*MOVE_FIELDS).get(pk=meeting.pk)  # as stored: the row is locked
    meeting.title_en, meeting.title_he = _titles(title_en, title_he)
    _check_starts_at(starts_at)
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration_minutes
    meeting.location_en = (location_en or "").strip()
    meeting.location_he = (location_he or "").strip()
    meeting.online_url = (online_url or "").strip()
    meeting.full_clean()
    meeting.save(
        update_fields=[
            "title_en", "title_he", "starts_at", "duration_minutes", "location_en", "location_he", "online_url",
            "updated_at",
        ]
    )
    now = timezone.now()
    moved = any(before[name] != getattr(meeting, name) for name in MOVE_FIELDS)
    if moved and meeting.status == MeetingStatus.SCHEDULED and before["starts_at"] > now and meeting.starts_at > now:
        meeting_announce_change(meeting=meeting, cancelled=False, now=now)
    logger.info("meeting %s updated by user %s", meeting.pk, getattr(by, "pk", None))
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by) -> Meeting:
    """Cancel a meeting that has not been held; its open follow-ups move to the next meeting.

    The members of a scheduled meeting that has not started are told, once, after the commit.
    """
    lock_meeting(meeting)
    meeting_status_check(meeting=meeting, to=MeetingStatus.CANCELLED)
    was_scheduled = meeting.status == MeetingStatus.SCHEDULED
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    now = timezone.now()
    if was_scheduled and meeting.starts_at > now:
        meeting_announce_change(meeting=meeting, cancelled=True, now=now)
    following = next_meeting(meeting.committee, meeting.starts_at)
    if following is not None:
        agenda_carry_open_action_items(meeting=following)
    logger.info("meeting %s cancelled by user %s", meeting.pk, getattr(by, "pk", None))
    return meeting


def meeting_announce_change(*, meeting: Meeting, cancelled: bool, now: datetime.datetime | None = None) -> None:
    """Decide the notice of a move or a cancellation to the meeting's current members (in the caller's transaction).

    A move's notice stands for the reminder due now at the new time: that reminder is recorded as
    not sent (later reminders still go out), except for people who turned these notices off.
    """
    from notifications import services as notifications
    from notifications.kinds.meetings import (
        CANCELLED,
        COVERED_BY_CHANGE,
        meeting_moved_occurrence,
        meeting_people_ids,
        reminder_covered_by_change,
    )
    from notifications.models import DeliveryStatus, Kind, OptOut

    now = now or timezone.now()
    people = meeting_people_ids([meeting], timezone.localdate(now, meeting_day_zone()))[meeting.pk]
    if not people:
        return
    occurrence = CANCELLED if cancelled else meeting_moved_occurrence(meeting)
    notifications.notify(kind=Kind.MEETING_CHANGED, object_id=meeting.pk, recipient_ids=people, occurrence=occurrence)
    if cancelled:
        return  # pending reminders find the meeting cancelled and are not sent
    opted_out = set(
        OptOut.objects.filter(kind=Kind.MEETING_CHANGED, person_id__in=people).values_list("person_id", flat=True)
    )
    notifications.deliveries_record(
        kind=Kind.MEETING_REMINDER,
        planned=reminder_covered_by_change(meeting, [p for p in people if p not in opted_out], now),
        status=DeliveryStatus.SKIPPED,
        reason=COVERED_BY_CHANGE,
    )


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by, now: datetime.datetime | None = None) -> Meeting:
    """Record that a scheduled meeting took place (from its start time on)."""
    lock_meeting(meeting)
    meeting_status_check(meeting=meeting, to=MeetingStatus.HELD)
    _require_started(meeting, now)
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    following = next_meeting(meeting.committee, meeting.starts_at)
    if following is not None:
        agenda_carry_open_action_items(meeting=following)
    logger.info("meeting %s marked held by user %s", meeting.pk, getattr(by, "pk", None))
    return meeting


# ---- agenda


def _next_agenda_order(meeting: Meeting) -> int:
    return (AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("order"))["m"] or 0) + 1


def _follow_up_title(action_item: ActionItem, language: str) -> str:
    other = "he" if language == "en" else "en"
    title = getattr(action_item, f"title_{language}", "") or getattr(action_item, f"title_{other}", "") or ""
    with translation.override(language):
        return _("Follow-up: %(title)s") % {"title": title}


@transaction.atomic
def agenda_add_follow_up(*, meeting: Meeting, action_item: ActionItem) -> AgendaItem:
    """Put "Follow-up: <action item>" at the end of a meeting's agenda, unless it is already on it."""
    lock_meeting(meeting)
    existing = AgendaItem.objects.filter(meeting=meeting, action_item=action_item).order_by("order", "pk").first()
    if existing is not None:
        return existing
    item = AgendaItem(
        meeting=meeting,
        order=_next_agenda_order(meeting),
        title_en=_follow_up_title(action_item, "en")[:300],
        title_he=_follow_up_title(action_item, "he")[:300],
        presenter_id=action_item.owner_id,
        action_item=action_item,
    )
    item.save()
    return item


def open_action_items_to_carry(meeting: Meeting):
    """The committee's open action items that are on no other upcoming meeting's agenda."""
    elsewhere = AgendaItem.objects.filter(
        meeting__committee_id=meeting.committee_id,
        meeting__status__in=UPCOMING_STATUSES,
        meeting__starts_at__gt=timezone.now(),
        action_item__isnull=False,
    ).exclude(meeting_id=meeting.pk)
    return (
        ActionItem.objects.filter(committee_id=meeting.committee_id, status__in=OPEN_ACTION_STATUSES)
        .exclude(pk__in=elsewhere.values("action_item_id"))
        .exclude(agenda_items__meeting_id=meeting.pk)
        .order_by("due_on", "pk")
    )


@transaction.atomic
def agenda_carry_open_action_items(*, meeting: Meeting) -> list[AgendaItem]:
    """Add every open action item of the committee that no other upcoming meeting will discuss."""
    if meeting.committee_id is None or meeting.status not in UPCOMING_STATUSES:
        return []
    lock_meeting(meeting)
    items = list(open_action_items_to_carry(meeting))
    if not items:
        return []
    order = _next_agenda_order(meeting)
    created = [
        AgendaItem(
            meeting=meeting,
            order=order + i,
            title_en=_follow_up_title(action_item, "en")[:300],
            title_he=_follow_up_title(action_item, "he")[:300],
            presenter_id=action_item.owner_id,
            action_item=action_item,
        )
        for i, action_item in enumerate(items)
    ]
    return AgendaItem.objects.bulk_create(created)


def _forum_seats_on(meeting: Meeting, day: datetime.date):
    """The seats of the meeting's forum held on ``day`` (a member who left that day still sat)."""
    return ForumMembership.objects.filter(forum_id=meeting.forum_id, joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=day)
    )


def _member_ids_on(meeting: Meeting, days: set[datetime.date]) -> set[int]:
    """The people who were members of the meeting's committee, or of its forum, on any of ``days``."""
    if meeting.committee_id is not None:
        return {t.person_id for day in days for t in committee_members_on(meeting.committee, day)}
    ids: set[int] = set()
    for day in days:
        ids.update(_forum_seats_on(meeting, day).values_list("person_id", flat=True))
    return ids


def _check_presenter(meeting: Meeting, presenter) -> None:
    """A presenter is a member of the committee (or forum) on the meeting's day or today."""
    if presenter is None:
        return
    if presenter.pk not in _member_ids_on(meeting, {meeting_day(meeting), timezone.localdate()}):
        raise ValidationError(
            {"presenter": _("The presenter must be a current member of %(committee)s.") % {"committee": meeting.body}},
            code="presenter_not_member",
        )


def _check_minutes_allotted(duration_minutes: int | None) -> None:
    if duration_minutes is not None and not 1 <= duration_minutes <= 24 * 60:
        raise ValidationError(
            {"duration_minutes": _("Allot between 1 minute and 24 hours, or leave it empty.")}, code="agenda_minutes"
        )


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    by,
    title_en: str = "",
    title_he: str = "",
    presenter=None,
    duration_minutes: int | None = None,
    notes_en: str = "",
    notes_he: str = "",
) -> AgendaItem:
    """Add an item at the end of a meeting's agenda."""
    lock_meeting(meeting)
    require_editable(meeting)
    title_en, title_he = _titles(title_en, title_he)
    _check_presenter(meeting, presenter)
    _check_minutes_allotted(duration_minutes)
    item = AgendaItem(
        meeting=meeting,
        order=_next_agenda_order(meeting),
        title_en=title_en,
        title_he=title_he,
        presenter=presenter,
        duration_minutes=duration_minutes,
        notes_en=(notes_en or "").strip(),
        notes_he=(notes_he or "").strip(),
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    by,
    title_en: str = "",
    title_he: str = "",
    presenter=None,
    duration_minutes: int | None = None,
    notes_en: str = "",
    notes_he: str = "",
) -> AgendaItem:
    meeting = lock_meeting(item.meeting)
    require_editable(meeting)
    item.title_en, item.title_he = _titles(title_en, title_he)
    if presenter is not None and presenter.pk != item.presenter_id:
        _check_presenter(meeting, presenter)
    _check_minutes_allotted(duration_minutes)
    item.presenter = presenter
    item.duration_minutes = duration_minutes
    item.notes_en = (notes_en or "").strip()
    item.notes_he = (notes_he or "").strip()
    item.full_clean()
    item.save(update_fields=["title_en", "title_he", "presenter", "duration_minutes", "notes_en", "notes_he"])
    return item


def _renumber_agenda(meeting: Meeting) -> list[AgendaItem]:
    """Orders 1..n in the current order (fixes gaps and ties); returns the items in order."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk"))
    changed = []
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ["order"])
    return items


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by) -> None:
    meeting = lock_meeting(item.meeting)
    require_editable(meeting)
    item.delete()
    _renumber_agenda(meeting)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by, direction: str) -> AgendaItem:
    """Move an item one place up or down the agenda ("up" or "down"); at either end nothing moves."""
    if direction not in ("up", "down"):
        raise ValidationError(_("An agenda item moves up or down."), code="agenda_direction")
    meeting = lock_meeting(item.meeting)
    require_editable(meeting)
    items = _renumber_agenda(meeting)
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("This item is no longer on the agenda."), code="agenda_item_gone")
    other_index = index - 1 if direction == "up" else index + 1
    if 0 <= other_index < len(items):
        mine, theirs = items[index], items[other_index]
        mine.order, theirs.order = theirs.order, mine.order
        AgendaItem.objects.bulk_update([mine, theirs], ["order"])
        item.order = mine.order
    return item


# ---- attendance


@transaction.atomic
def attendance_record(*, meeting: Meeting, by, statuses: dict[int, str | None]) -> int:
    """Record attendance: ``statuses`` maps a member's user id to a status (None or "" clears it).

    Only members of the committee on the meeting's day can be recorded. Returns how many
    people now have a recorded attendance.
    """
    lock_meeting(meeting)
    require_editable(meeting)
    members = {t.person_id for t in committee_members_on(meeting.committee, meeting_day(meeting))}
    strangers = [pk for pk in statuses if pk not in members]
    if strangers:
        raise ValidationError(
            _("Attendance can be recorded only for members of %(committee)s on the day of the meeting.")
            % {"committee": meeting.committee},
            code="attendance_not_member",
        )
    bad = [s for s in statuses.values() if s and s not in AttendanceStatus.values]
    if bad:
        raise ValidationError(_("Choose present, present online, excused or absent."), code="attendance_status")
    existing = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    to_create, to_update, to_delete = [], [], []
    for person_id, status in statuses.items():
        row = existing.get(person_id)
        if not status:
            if row is not None:
                to_delete.append(row.pk)
        elif row is None:
            to_create.append(Attendance(meeting=meeting, person_id=person_id, status=status))
        elif row.status != status:
            row.status = status
            to_update.append(row)
    if to_delete:
        Attendance.objects.filter(pk__in=to_delete).delete()
    if to_update:
        Attendance.objects.bulk_update(to_update, ["status"])
    if to_create:
        Attendance.objects.bulk_create(to_create)
    logger.info("attendance of meeting %s recorded by user %s", meeting.pk, getattr(by, "pk", None))
    return Attendance.objects.filter(meeting=meeting).count()


# ---- decisions


def meeting_members_present(meeting: Meeting) -> int:
    """How many members attended (in the room or online): the most votes a decision can have.

    For a committee's meeting, its members on the meeting's day (``selectors.meetings.members_present``);
    for a forum's, the people who held a seat on the forum that day.
    """
    if meeting.committee_id is not None:
        return members_present(meeting)
    seated = _forum_seats_on(meeting, meeting_day(meeting)).values("person_id")
    return (
        Attendance.objects.filter(meeting_id=meeting.pk, status__in=PRESENT_STATUSES, person_id__in=seated)
        .values("person_id")
        .distinct()
        .count()
    )


def _check_vote(meeting: Meeting, votes: tuple[int | None, int | None, int | None]) -> None:
    given = [v for v in votes if v is not None]
    if not given:
        return
    if len(given) != 3:
        raise ValidationError(
            _("A vote records for, against and abstain together (0 where none), or none of them."),
            code="vote_incomplete",
        )
    if any(v < 0 for v in given):
        raise ValidationError(_("Votes cannot be negative."), code="vote_negative")
    total, present = sum(given), meeting_members_present(meeting)
    if total > present:
        raise ValidationError(
            _(
                "The vote counts %(total)d votes but only %(present)d members are recorded as present "
                "(in the room or online). Check the numbers or record the attendance first."
            )
            % {"total": total, "present": present},
            code="vote_exceeds_present",
        )


def _decision_text(text_en: str, text_he: str) -> tuple[str, str]:
    text_en, text_he = (text_en or "").strip(), (text_he or "").strip()
    if not text_en and not text_he:
        raise ValidationError(_("Write the decision in Hebrew or in English (or both)."), code="decision_text_missing")
    return text_en, text_he


@transaction.atomic
def decision_add(
    *,
    meeting: Meeting,
    by,
    text_en: str = "",
    text_he: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
) -> Decision:
    """Record the meeting's next decision (numbered 1, 2, …), with its vote if there was one."""
    lock_meeting(meeting)
    require_editable(meeting)
    _require_started(meeting)
    text_en, text_he = _decision_text(text_en, text_he)
    _check_vote(meeting, (votes_for, votes_against, votes_abstain))
    number = (Decision.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"] or 0) + 1
    if number > DECISIONS_MAX:
        raise ValidationError(_("A meeting has at most %(max)d decisions.") % {"max": DECISIONS_MAX}, code="decisions_max")
    decision = Decision(
        meeting=meeting,
        number=number,
        text_en=text_en,
        text_he=text_he,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
    )
    decision.full_clean()
    decision.save()
    logger.info("decision %s of meeting %s recorded by user %s", decision.pk, meeting.pk, getattr(by, "pk", None))
    return decision


@transaction.atomic
def decision_update(
    *,
    decision: Decision,
    by,
    text_en: str = "",
    text_he: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
) -> Decision:
    meeting = lock_meeting(decision.meeting)
    require_editable(meeting)
    decision.text_en, decision.text_he = _decision_text(text_en, text_he)
    _check_vote(meeting, (votes_for, votes_against, votes_abstain))
    decision.votes_for, decision.votes_against, decision.votes_abstain = votes_for, votes_against, votes_abstain
    decision.full_clean()
    decision.save(update_fields=["text_en", "text_he", "votes_for", "votes_against", "votes_abstain"])
    logger.info("decision %s updated by user %s", decision.pk, getattr(by, "pk", None))
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision, by) -> None:
    """Delete a decision; the ones after it move up a number (1, 2, 3 stay consecutive)."""
    meeting = lock_meeting(decision.meeting)
    require_editable(meeting)
    number = decision.number
    decision.delete()
    later = Decision.objects.filter(meeting=meeting, number__gt=number)
    # Two steps, so the unique (meeting, number) never sees two rows with one number.
    later.update(number=F("number") + DECISIONS_MAX + 1)
    Decision.objects.filter(meeting=meeting, number__gt=DECISIONS_MAX).update(number=F("number") - DECISIONS_MAX - 2)
    logger.info("decision %s of meeting %s deleted by user %s", number, meeting.pk, getattr(by, "pk", None))


# ---- minutes and comments


@transaction.atomic
def meeting_minutes_update(*, meeting: Meeting, by, minutes_en: str = "", minutes_he: str = "") -> Meeting:
    meeting = lock_meeting(meeting)
    require_editable(meeting)
    meeting.minutes_en = (minutes_en or "").strip()
    meeting.minutes_he = (minutes_he or "").strip()
    meeting.save(update_fields=["minutes_en", "minutes_he", "updated_at"])
    logger.info("minutes of meeting %s updated by user %s", meeting.pk, getattr(by, "pk", None))
    return meeting


@transaction.atomic
def meeting_comment_add(*, meeting: Meeting, author, text: str) -> MeetingComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment first.")}, code="comment_empty")
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("A comment has at most %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}}, code="comment_long"
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is cancelled: comments are closed."), code="meeting_cancelled")
    return MeetingComment.objects.create(meeting=meeting, author=author, text=text)
