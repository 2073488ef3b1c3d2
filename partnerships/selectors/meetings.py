"""Reads of the meetings area: meetings of a partnership, one meeting with everything on its page,
the members of a committee on a meeting's day, and the quorum.

Every selector is narrowed to the viewer's partnership (``access``) and joined so that its query
count does not grow with the data. The quorum of a page of meetings is one aggregated query
(:func:`quorums_for`); on the meeting page it is computed from rows already loaded
(:func:`quorum_from_rows`).
"""

import datetime
import zoneinfo
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import Side
from p2g.days import site_zone

from ..models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Committee,
    Meeting,
    MeetingAttachment,
    MeetingComment,
    MeetingStatus,
    Membership,
)
from ..permissions import Access, current_q, meeting_in

#: Attendance that counts towards the quorum (and bounds a vote): in the room or online.
PRESENT_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE)
#: Action items still to be done: carried to the next agenda until they are closed.
OPEN_ACTION_STATUSES = (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)
#: Meetings still ahead of the committee (they can receive agenda items).
UPCOMING_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.SCHEDULED)


def meeting_day_zone() -> zoneinfo.ZoneInfo:
    """The zone whose calendar decides a meeting's day (for membership terms, which are dates)."""
    return site_zone()


def meeting_day(meeting_or_starts_at: Meeting | datetime.datetime) -> datetime.date:
    """The day of a meeting, in the site's zone: terms current on that day make the committee."""
    starts_at = getattr(meeting_or_starts_at, "starts_at", meeting_or_starts_at)
    return timezone.localtime(starts_at, meeting_day_zone()).date()


# ---- meetings of a partnership


def meetings_for_partnership(access: Access, *, committee: Committee | None = None) -> QuerySet[Meeting]:
    """Meetings of the partnership's committees (one committee when given), with their committee."""
    qs = Meeting.objects.filter(committee__partnership=access.partnership).select_related("committee")
    if committee is not None:
        qs = qs.filter(committee=committee)
    return qs


def meetings_upcoming(qs: QuerySet[Meeting], *, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings that have not started yet, soonest first (cancelled ones too: people look for them)."""
    now = now or timezone.now()
    return qs.filter(starts_at__gte=now).order_by("starts_at", "pk")


def meetings_past(qs: QuerySet[Meeting], *, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings that have started, latest first."""
    now = now or timezone.now()
    return qs.filter(starts_at__lt=now).order_by("-starts_at", "-pk")


def next_meeting(committee: Committee, after: datetime.datetime) -> Meeting | None:
    """The committee's next scheduled (not cancelled) meeting starting after ``after``."""
    return (
        Meeting.objects.filter(committee=committee, status=MeetingStatus.SCHEDULED, starts_at__gt=after)
        .order_by("starts_at", "pk")
        .first()
    )


def partnership_committees(access: Access) -> list[Committee]:
    """The partnership's committees: the steering committee first, then subcommittees by name."""
    return list(Committee.objects.filter(partnership=access.partnership).order_by("kind", "name"))


def committees_managed(access: Access, committees: list[Committee] | None = None) -> list[Committee]:
    """The partnership's committees (or those of ``committees``) the viewer may schedule meetings for."""
    committees = partnership_committees(access) if committees is None else committees
    return [c for c in committees if access.can_manage_committee(c)]


# ---- one meeting


def meeting_detail(access: Access, pk: int) -> Meeting:
    """One meeting of the partnership (404 otherwise) with everything its page shows, prefetched.

    ``agenda_items``, ``decisions``, ``comments``, ``action_items`` and ``attachments`` come in
    one query each, with the people they name. Attendance comes with the committee's members
    (:func:`committee_members_on` with ``meeting``).
    """
    queryset = Meeting.objects.select_related("committee", "created_by").prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("presenter", "action_item").order_by("order", "pk"),
        ),
        "decisions",
        Prefetch("comments", queryset=MeetingComment.objects.select_related("author").order_by("created_at", "pk")),
        Prefetch("action_items", queryset=ActionItem.objects.select_related("owner").order_by("due_on", "pk")),
        Prefetch(
            "attachments",
            queryset=MeetingAttachment.objects.select_related("uploaded_by").order_by("kind", "title", "pk"),
        ),
    )
    return meeting_in(access, pk, queryset=queryset)


def committee_members_on(
    committee: Committee, day: datetime.date, *, meeting: Meeting | None = None
) -> list[Membership]:
    """One current term per person on ``committee`` on ``day``, by name, with the person; one query.

    With ``meeting``, each term carries ``attendance_status``: the person's recorded attendance at
    that meeting (None when not recorded), from the same query.
    """
    terms = Membership.objects.filter(current_q(day), committee=committee).select_related("person")
    if meeting is not None:
        terms = terms.annotate(
            attendance_status=Subquery(
                Attendance.objects.filter(meeting_id=meeting.pk, person_id=OuterRef("person_id")).values("status")[:1]
            )
        )
    seen: set[int] = set()
    members = []
    for term in terms.order_by("role", "pk"):  # chairs first: their term speaks for the person
        if term.person_id not in seen:
            seen.add(term.person_id)
            members.append(term)
    return sorted(members, key=lambda t: (t.person.get_full_name().casefold(), t.person_id))


# ---- quorum


@dataclass(frozen=True)
class Quorum:
    """Whether a meeting had its quorum: members present (in the room or online), by side."""

    required: int
    needs_both_sides: bool
    present_by_side: dict[str, int] = field(default_factory=dict)

    @property
    def present(self) -> int:
        return sum(self.present_by_side.values())

    @property
    def missing_sides(self) -> list[str]:
        """Labels of the sides with nobody present, when the rule wants both."""
        if not self.needs_both_sides:
            return []
        return [str(label) for value, label in Side.choices if not self.present_by_side.get(value)]

    @property
    def met(self) -> bool:
        return self.present >= self.required and not self.missing_sides

    @property
    def reasons(self) -> list[str]:
        """Why the quorum was not met, in whole sentences (empty when it was)."""
        reasons = []
        if self.present < self.required:
            reasons.append(
                ngettext(
                    "%(present)d member present; the quorum is %(required)d.",
                    "%(present)d members present; the quorum is %(required)d.",
                    self.present,
                )
                % {"present": self.present, "required": self.required}
            )
        reasons += [
            _("No member from the %(side)s side is present; the quorum needs both sides.") % {"side": side}
            for side in self.missing_sides
        ]
        return reasons

    @property
    def rule(self) -> str:
        """The committee's rule, as a sentence."""
        if self.needs_both_sides:
            return ngettext(
                "At least %(required)d member present, with at least one from each side.",
                "At least %(required)d members present, with at least one from each side.",
                self.required,
            ) % {"required": self.required}
        return ngettext(
            "At least %(required)d member present.",
            "At least %(required)d members present.",
            self.required,
        ) % {"required": self.required}


def _quorum(committee: Committee, present_by_side: dict[str, int]) -> Quorum:
    return Quorum(
        required=committee.quorum_min_members,
        needs_both_sides=committee.quorum_needs_both_sides,
        present_by_side=dict(present_by_side),
    )


def quorums_for(meetings: Iterable[Meeting]) -> dict[int, Quorum]:
    """The quorum of each meeting (with its committee loaded), from one aggregated query.

    A person counts when marked present or online and holding a term on the meeting's committee
    on the meeting's day; their side is that term's side.
    """
    meetings = list(meetings)
    if not meetings:
        return {}
    side_on_day = (
        Membership.objects.filter(committee_id=OuterRef("meeting__committee_id"), person_id=OuterRef("person_id"))
        .filter(current_q(OuterRef("day")))
        .order_by("-term_start", "pk")
        .values("side")[:1]
    )
    rows = (
        Attendance.objects.filter(meeting_id__in=[m.pk for m in meetings], status__in=PRESENT_STATUSES)
        .annotate(day=TruncDate("meeting__starts_at", tzinfo=meeting_day_zone()))
        .annotate(side=Subquery(side_on_day))
        .filter(side__isnull=False)
        .values("meeting_id", "side")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    counts: dict[int, Counter] = {m.pk: Counter() for m in meetings}
    for row in rows:
        counts[row["meeting_id"]][row["side"]] += row["n"]
    return {m.pk: _quorum(m.committee, counts[m.pk]) for m in meetings}


def quorum(meeting: Meeting) -> Quorum:
    """The quorum of one meeting (one aggregated query)."""
    return quorums_for([meeting])[meeting.pk]


def quorum_from_rows(meeting: Meeting, attendance: Iterable[Attendance], members: Iterable[Membership]) -> Quorum:
    """The quorum from rows already loaded: the meeting's attendance and its committee's terms on its day."""
    side_of = {term.person_id: term.side for term in members}
    counts: Counter = Counter()
    for row in attendance:
        if row.status in PRESENT_STATUSES and row.person_id in side_of:
            counts[side_of[row.person_id]] += 1
    return _quorum(meeting.committee, counts)


def quorum_from_members(meeting: Meeting, members: Iterable[Membership]) -> Quorum:
    """The quorum from the committee's terms on the meeting's day, each with its ``attendance_status``
    (``committee_members_on(…, meeting=meeting)``): no query."""
    counts: Counter = Counter()
    for term in members:
        if getattr(term, "attendance_status", None) in PRESENT_STATUSES:
            counts[term.side] += 1
    return _quorum(meeting.committee, counts)


def members_present(meeting: Meeting) -> int:
    """How many members of the committee attended (in the room or online): the most votes a decision can have."""
    return quorum(meeting).present
