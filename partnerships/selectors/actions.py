"""Reads of the actions area: action items of a partnership (filtered, with their overdue flag),
one action item with its updates, the members who may own one, and what a meeting's published
summary holds and whom it goes to.

Every selector is narrowed to the viewer's partnership (``access``) or to one committee or meeting
already fetched through ``permissions``, and joined so that its query count does not grow with
the data.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from ..models import (
    ActionItem,
    ActionItemStatus,
    ActionItemUpdate,
    Attendance,
    AttendanceStatus,
    Committee,
    Meeting,
    MeetingAttachment,
    Membership,
)
from ..permissions import Access, action_item_in, current_q

#: Action items still to be done (an overdue one is one of these with its due date passed).
OPEN_STATUSES = (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)
#: The list's status filter: one status, or "active" (open or in progress).
ACTIVE = "active"
#: Attendance that counts as present (in the room or online).
PRESENT_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE)


def overdue_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """Action items whose due date has passed while they are still open or in progress."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}due_on__lt": today, f"{prefix}status__in": OPEN_STATUSES})


def with_overdue(qs: QuerySet[ActionItem], today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """Annotate ``is_overdue`` (a boolean computed by the database; false without a due date)."""
    return qs.annotate(
        is_overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def action_items_for_partnership(
    access: Access,
    *,
    status: str = "",
    committee: Committee | None = None,
    owner=None,
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[ActionItem]:
    """The partnership's action items (of its committees), filtered, with committee, owner and meeting.

    Open ones come first, soonest due first (those without a due date last); ``is_overdue`` is
    annotated on each.
    """
    today = today or timezone.localdate()
    qs = ActionItem.objects.filter(committee__partnership=access.partnership).select_related(
        "committee", "owner", "meeting"
    )
    if status == ACTIVE:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status in ActionItemStatus.values:
        qs = qs.filter(status=status)
    if committee is not None:
        qs = qs.filter(committee=committee)
    if owner is not None:
        qs = qs.filter(owner=owner)
    if overdue:
        qs = qs.filter(overdue_q(today))
    closed_last = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField())
    return with_overdue(qs, today).order_by(closed_last, "due_on", "pk")


def action_items_overdue(access: Access, *, today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """The partnership's overdue action items, the longest overdue first (for dashboards)."""
    return action_items_for_partnership(access, overdue=True, today=today).order_by("due_on", "pk")


def action_item_detail(access: Access, pk: int, *, today: datetime.date | None = None) -> ActionItem:
    """One action item of the partnership (404 otherwise) with its updates and their authors."""
    queryset = with_overdue(
        ActionItem.objects.select_related("committee", "owner", "meeting").prefetch_related(
            Prefetch("updates", queryset=ActionItemUpdate.objects.select_related("author").order_by("created_at", "pk"))
        ),
        today,
    )
    return action_item_in(access, pk, queryset=queryset)


def committees_managed(access: Access) -> list[Committee]:
    """The partnership's committees whose action items the viewer may create and edit (steering first)."""
    committees = Committee.objects.filter(partnership=access.partnership).order_by("kind", "name")
    return [c for c in committees if access.can_manage_committee(c)]


def committee_current_people(
    committee: Committee, *, on: datetime.date | None = None, also: int | None = None
) -> QuerySet:
    """People with a current term on ``committee`` (on ``on``, today by default), by name; one query.

    ``also``: the id of one more person to include (an item's owner who has since left).
    """
    terms = Membership.objects.filter(current_q(on), committee=committee).values("person_id")
    current = Q(pk__in=terms, is_active=True)
    if also is not None:
        current |= Q(pk=also)
    return get_user_model().objects.filter(current).order_by("full_name", "email")


# ---- a meeting's summary


def summary_recipients(meeting: Meeting, *, on: datetime.date | None = None) -> list:
    """Everyone who gets the summary: a current term on the meeting's committee on ``on`` and an email address."""
    if on is None:
        published = meeting.summary_published_at
        on = timezone.localdate(published) if published else timezone.localdate()
    return list(committee_current_people(meeting.committee, on=on).exclude(email=""))


@dataclass
class MeetingSummary:
    """Everything a published summary carries (the confirmation page and the emails read the same)."""

    meeting: Meeting
    decisions: list
    action_items: list
    present: list  # Attendance rows of members present (in the room or online), with the person
    members_count: int
    quorum: object  # selectors.meetings.Quorum
    attached: list = field(default_factory=list)  # attachments sent as files
    linked: list = field(default_factory=list)  # attachments beyond the size limit: sent as links

    @property
    def attached_bytes(self) -> int:
        return sum(a.size_bytes for a in self.attached)

    @property
    def has_minutes(self) -> bool:
        return bool((self.meeting.minutes_en or "").strip() or (self.meeting.minutes_he or "").strip())


def summary_attachments_split(attachments: list[MeetingAttachment]) -> tuple[list, list]:
    """Which attachments go as files (in order, up to ``P2G_SUMMARY_ATTACHMENTS_MAX_MB`` together) and which as links."""
    limit = settings.P2G_SUMMARY_ATTACHMENTS_MAX_MB * 1024 * 1024
    attached, linked, total = [], [], 0
    for attachment in attachments:
        if total + attachment.size_bytes <= limit:
            attached.append(attachment)
            total += attachment.size_bytes
        else:
            linked.append(attachment)
    return attached, linked


def meeting_summary(meeting: Meeting) -> MeetingSummary:
    """What the summary of ``meeting`` (a committee's meeting, with its committee loaded) holds; six queries."""
    from .meetings import committee_members_on, meeting_day, quorum_from_rows

    decisions = list(meeting.decisions.order_by("number"))
    action_items = list(
        ActionItem.objects.filter(meeting=meeting).select_related("owner").order_by("due_on", "pk")
    )
    attendance = list(Attendance.objects.filter(meeting=meeting).select_related("person"))
    members = committee_members_on(meeting.committee, meeting_day(meeting))
    member_ids = {t.person_id for t in members}
    present = sorted(
        (a for a in attendance if a.status in PRESENT_STATUSES and a.person_id in member_ids),
        key=lambda a: (a.person.full_name or a.person.email).casefold(),
    )
    attachments = list(
        MeetingAttachment.objects.filter(meeting=meeting).select_related("uploaded_by").order_by("kind", "title", "pk")
    )
    attached, linked = summary_attachments_split(attachments)
    return MeetingSummary(
        meeting=meeting,
        decisions=decisions,
        action_items=action_items,
        present=present,
        members_count=len(members),
        quorum=quorum_from_rows(meeting, attendance, members),
        attached=attached,
        linked=linked,
    )
