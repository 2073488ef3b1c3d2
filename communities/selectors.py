"""Reads of communities in establishment: the pipeline and one track's page, already joined and
narrowed to what the viewer may see (``permissions.visible_tracks``).

The three foundations and the eight infrastructure items (seed 003) are laid out here, in one
place: :data:`FOUNDATION_OF` says which foundation each item builds. A track has a ``TrackItem``
row only for the items someone touched; the others are shown as not started (an unsaved row).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    ChecklistItem,
    Community,
    EstablishmentTrack,
    Foundation,
    ItemStatus,
    Mentorship,
    Milestone,
    NetworkRepresentative,
    Stage,
    TrackEvidence,
    TrackItem,
    Workshop,
    WorkshopAttendance,
)
from .permissions import open_mentorship_q, visible_tracks

C = ChecklistItem
#: The foundation each of the eight infrastructure items builds, in the order of seed 003.
FOUNDATION_OF: dict[str, str] = {
    C.VISION: Foundation.SPIRIT,
    C.SOCIAL_MISSION: Foundation.SPIRIT,
    C.JOINT_LEARNING: Foundation.SPIRIT,
    C.ANNUAL_CYCLE: Foundation.RELATIONSHIPS,
    C.SUPPORT_SYSTEMS: Foundation.RELATIONSHIPS,
    C.ORGANISATIONAL_STRUCTURE: Foundation.ARRANGEMENTS,
    C.LEADERSHIP_STRUCTURE: Foundation.ARRANGEMENTS,
    C.DECISION_MAKING: Foundation.ARRANGEMENTS,
}
#: The eight infrastructure items, in order.
INFRASTRUCTURE_ITEMS: tuple[str, ...] = tuple(FOUNDATION_OF)
#: Each foundation's own row (its overall notes and status), a checklist code of its own.
FOUNDATION_ROW: dict[str, str] = {
    Foundation.SPIRIT: C.SPIRIT,
    Foundation.RELATIONSHIPS: C.RELATIONSHIPS,
    Foundation.ARRANGEMENTS: C.ARRANGEMENTS,
}
#: An item counts as complete when it is done, or when staff or its mentor judged it not applicable.
COMPLETE_STATUSES: tuple[str, ...] = (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE)
#: The stages in order, from nucleus to joined the network.
STAGE_ORDER: tuple[str, ...] = (Stage.NUCLEUS, Stage.BUILDING, Stage.ESTABLISHED, Stage.JOINED)
#: How many workshops the attendance form offers (the most recent first).
WORKSHOP_CHOICES_LIMIT = 200


def is_complete(item: TrackItem) -> bool:
    return item.status in COMPLETE_STATUSES


# ---- the pipeline


def tracks_for_pipeline(user, today: datetime.date | None = None) -> QuerySet[EstablishmentTrack]:
    """The viewer's tracks with what a card shows, in a fixed number of queries whatever their number.

    Annotations: ``items_complete`` (of the eight), ``overdue_count`` (open milestones past due),
    ``next_milestone_id`` (the open milestone due first); ``open_mentorships`` (prefetched, with mentors).
    """
    today = today or timezone.localdate()
    open_milestones = Milestone.objects.filter(track_id=OuterRef("pk"), completed_on__isnull=True)
    complete = (
        TrackItem.objects.filter(track_id=OuterRef("pk"), item__in=INFRASTRUCTURE_ITEMS, status__in=COMPLETE_STATUSES)
        .order_by()
        .values("track_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    overdue = open_milestones.filter(due_on__lt=today).order_by().values("track_id").annotate(n=Count("pk")).values("n")
    return (
        visible_tracks(user)
        .select_related("community")
        .annotate(
            items_complete=Coalesce(Subquery(complete, output_field=IntegerField()), Value(0)),
            overdue_count=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
            next_milestone_id=Subquery(open_milestones.order_by("due_on", "pk").values("pk")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "mentorship_set",
                queryset=Mentorship.objects.filter(open_mentorship_q()).select_related("mentor").order_by("started_on", "pk"),
                to_attr="open_mentorships",
            )
        )
        .order_by("community__name", "pk")
    )


@dataclass
class Column:
    stage: str
    label: str
    tracks: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.tracks)


def pipeline_columns(tracks, today: datetime.date | None = None) -> list[Column]:
    """The tracks by stage, one column per stage in order; each track gets ``next_milestone`` (one query)."""
    today = today or timezone.localdate()
    tracks = list(tracks)
    ids = {t.next_milestone_id for t in tracks if t.next_milestone_id}
    milestones = Milestone.objects.in_bulk(ids) if ids else {}
    columns = {stage: Column(stage, Stage(stage).label) for stage in STAGE_ORDER}
    for track in tracks:
        track.next_milestone = milestones.get(track.next_milestone_id)
        track.next_milestone_overdue = bool(track.next_milestone and track.next_milestone.due_on < today)
        track.items_total = len(INFRASTRUCTURE_ITEMS)
        columns[track.stage].tracks.append(track)
    return list(columns.values())


# ---- one track


def track_items(track: EstablishmentTrack) -> dict[str, TrackItem]:
    """Every checklist item of the track by code: its row with its evidence, or an unsaved not-started row."""
    rows = {
        row.item: row
        for row in TrackItem.objects.filter(track=track)
        .select_related("updated_by")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=TrackEvidence.objects.select_related("uploaded_by").order_by("-uploaded_at", "-pk"),
                to_attr="evidence_list",
            )
        )
    }
    items = {}
    for code in C.values:
        row = rows.get(code)
        if row is None:
            row = TrackItem(track=track, item=code)
            row.evidence_list = []
        items[code] = row
    return items


def track_item(track: EstablishmentTrack, code: str) -> TrackItem:
    """One item of the track (an unsaved not-started row when nobody touched it yet)."""
    return track_items(track)[code]


@dataclass
class FoundationBlock:
    code: str
    label: str
    row: TrackItem
    items: list[TrackItem]

    @property
    def complete(self) -> int:
        return sum(1 for item in self.items if is_complete(item))


def track_foundations(items: dict[str, TrackItem]) -> list[FoundationBlock]:
    """The three foundations, each with its own row and its infrastructure items."""
    blocks = []
    for foundation in Foundation:
        codes = [code for code in INFRASTRUCTURE_ITEMS if FOUNDATION_OF[code] == foundation]
        blocks.append(
            FoundationBlock(
                code=foundation.value,
                label=foundation.label,
                row=items[FOUNDATION_ROW[foundation]],
                items=[items[code] for code in codes],
            )
        )
    return blocks


def items_complete(items: dict[str, TrackItem]) -> int:
    return sum(1 for code in INFRASTRUCTURE_ITEMS if is_complete(items[code]))


def track_milestones(track: EstablishmentTrack) -> list[Milestone]:
    """Open milestones first (soonest due first), then completed ones (latest first)."""
    milestones = list(Milestone.objects.filter(track=track))
    open_ = sorted((m for m in milestones if m.completed_on is None), key=lambda m: (m.due_on, m.pk))
    done = sorted((m for m in milestones if m.completed_on is not None), key=lambda m: (m.completed_on, m.pk), reverse=True)
    return open_ + done


def track_mentorships(track: EstablishmentTrack, today: datetime.date | None = None) -> tuple[list, list]:
    """(open mentorships, ended ones), with their mentors."""
    today = today or timezone.localdate()
    rows = list(Mentorship.objects.filter(track=track).select_related("mentor").order_by("started_on", "pk"))
    current = [m for m in rows if m.ended_on is None or m.ended_on > today]
    past = [m for m in rows if not (m.ended_on is None or m.ended_on > today)]
    return current, past


@dataclass
class WorkshopRow:
    workshop: Workshop
    attendances: list[WorkshopAttendance]


def track_attendance(track: EstablishmentTrack) -> list[WorkshopRow]:
    """The workshops people of this community attended, latest first, each with who came."""
    rows: dict[int, WorkshopRow] = {}
    for attendance in (
        WorkshopAttendance.objects.filter(community_id=track.community_id)
        .select_related("workshop", "person")
        .order_by("-workshop__held_on", "workshop_id", "person__full_name", "pk")
    ):
        rows.setdefault(attendance.workshop_id, WorkshopRow(attendance.workshop, [])).attendances.append(attendance)
    return list(rows.values())


def track_representatives(track: EstablishmentTrack) -> list[NetworkRepresentative]:
    return list(
        NetworkRepresentative.objects.filter(track=track).select_related("person").order_by("chosen_on", "pk")
    )


def community_people(track: EstablishmentTrack):
    """People known to belong to the track's community: its leaders, and who attended workshops for it."""
    from django.contrib.auth import get_user_model

    leaders = track.community.leaders.values("person_id")
    attended = WorkshopAttendance.objects.filter(community_id=track.community_id).values("person_id")
    representatives = NetworkRepresentative.objects.filter(track=track).values("person_id")
    people = get_user_model().objects.filter(is_active=True)
    return people.filter(pk__in=leaders) | people.filter(pk__in=attended) | people.filter(pk__in=representatives)


def mentor_candidates():
    """People offered as mentors: staff, and whoever mentors (or mentored) a track."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(is_active=True)
    return people.filter(is_staff=True) | people.filter(pk__in=Mentorship.objects.values("mentor_id"))


def communities_without_track() -> QuerySet[Community]:
    """Active communities not accompanied yet (no establishment track), offered when staff open a track."""
    return Community.objects.filter(is_active=True, establishment_track__isnull=True).order_by("name", "pk")


def workshops_offered(today: datetime.date | None = None) -> QuerySet[Workshop]:
    """The most recent workshops already held (attendance is recorded once a workshop has taken place), as a
    queryset a form can still look a choice up in (not sliced itself)."""
    today = today or timezone.localdate()
    recent = Workshop.objects.filter(held_on__lte=today).order_by("-held_on", "-pk").values("pk")[:WORKSHOP_CHOICES_LIMIT]
    return Workshop.objects.filter(pk__in=recent).order_by("-held_on", "-pk")


def workshop_list() -> QuerySet[Workshop]:
    """Every workshop, latest first, with how many attended and from how many communities."""
    return (
        Workshop.objects.select_related("facilitator")
        .annotate(
            attendee_count=Count("workshopattendance", distinct=True),
            community_count=Count("workshopattendance__community", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )


def has_open_overdue(track_id_ref="pk", today: datetime.date | None = None):
    """``Exists`` of an open milestone past due, for a track queryset (the pipeline's filter)."""
    today = today or timezone.localdate()
    return Exists(Milestone.objects.filter(track_id=OuterRef(track_id_ref), completed_on__isnull=True, due_on__lt=today))
