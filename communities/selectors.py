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
from django.utils.translation import gettext, ngettext
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname, resolution_order
from modeltranslation.utils import get_language as mt_language

from p2g.date_text import date_text

from .models import (
    ChecklistItem,
    Community,
    CommunityKind,
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
#
# A page of cards reads plain values (``values_list``), not model instances, and words them once here:
# the pipeline is the busiest page of the area and shows every community the viewer accompanies.


def tracks_for_pipeline(user) -> QuerySet[EstablishmentTrack]:
    """The viewer's tracks in the order of the pipeline: what the filters narrow, and what
    :func:`pipeline_cards` reads the cards of."""
    return visible_tracks(user).order_by("community__name", "pk")


@dataclass(slots=True)
class TrackCard:
    """One card of the pipeline: plain values, already looked up and worded (the view adds ``url``)."""

    pk: int
    stage: str
    name: str
    country_code: str
    country: str
    locality: str
    kind_code: str
    kind: str
    items_complete: int
    #: "3 of 8 done"
    items_text: str
    #: (id, name) of the mentors of the open mentorships, in the order they started
    mentors: list[tuple[int, str]] = field(default_factory=list)
    #: open milestones past due, and "3 overdue milestones" (empty when none)
    overdue_count: int = 0
    overdue_text: str = ""
    #: the open milestone due first: its title, due date and that date as the page shows it
    next_title: str = ""
    next_due: datetime.date | None = None
    next_due_text: str = ""
    next_overdue: bool = False
    url: str = ""

    @property
    def items_total(self) -> int:
        return len(INFRASTRUCTURE_ITEMS)


@dataclass
class Pipeline:
    """Every track the viewer may see, as cards (in the order of the queryset), and what the filters
    offer: the countries of those communities and the mentors of their open mentorships."""

    cards: list[TrackCard]

    def country_choices(self) -> list[tuple[str, str]]:
        names = {card.country_code: card.country for card in self.cards if card.country_code}
        return sorted(names.items(), key=lambda choice: choice[1].casefold())

    def mentor_choices(self) -> list[tuple[str, str]]:
        names = {str(pk): name for card in self.cards for pk, name in card.mentors}
        return sorted(names.items(), key=lambda choice: choice[1].casefold())


@dataclass
class Column:
    stage: str
    label: str
    tracks: list[TrackCard] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.tracks)


def _memo(function):
    """``function`` remembered per argument, for one page (labels repeat from card to card)."""
    seen = {}

    def lookup(key):
        if key not in seen:
            seen[key] = function(key)
        return seen[key]

    return lookup


def _translated(field_path: str) -> tuple[str, ...]:
    """The columns of a translated field (``community__name``) in the order the active language reads
    them: modeltranslation's own fallbacks, for ``values_list`` (which it does not resolve across a relation)."""
    return tuple(build_localized_fieldname(field_path, lang) for lang in resolution_order(mt_language()))


def _first(values) -> str:
    """The first value that is set, as a translated field reads (its default, empty, otherwise)."""
    return next(filter(None, values), "")


def pipeline_cards(tracks: QuerySet[EstablishmentTrack], today: datetime.date | None = None) -> Pipeline:
    """The tracks of :func:`tracks_for_pipeline` as cards, in three queries whatever their number: the
    tracks with their community and how many of the eight items are complete, their open milestones
    (for the next one and how many are overdue), and the mentors of their open mentorships."""
    today = today or timezone.localdate()
    names, localities, titles = _translated("community__name"), _translated("community__locality"), _translated("title")
    complete = (
        TrackItem.objects.filter(track_id=OuterRef("pk"), item__in=INFRASTRUCTURE_ITEMS, status__in=COMPLETE_STATUSES)
        .order_by()
        .values("track_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    country_name = _memo(lambda code: str(countries.name(code)) if code else "")
    kind_label = _memo(lambda code: str(CommunityKind(code).label) if code in CommunityKind.values else code)
    items_text = _memo(lambda n: gettext("%(done)s of %(total)s done") % {"done": n, "total": len(INFRASTRUCTURE_ITEMS)})
    cards = {}
    for pk, stage, done, country, kind, *texts in tracks.annotate(
        items_complete=Coalesce(Subquery(complete, output_field=IntegerField()), Value(0))
    ).values_list(
        "pk", "stage", "items_complete", "community__country", "community__kind", *names, *localities
    ):
        cards[pk] = TrackCard(
            pk=pk,
            stage=stage,
            name=_first(texts[: len(names)]),
            country_code=country,
            country=country_name(country),
            locality=_first(texts[len(names) :]),
            kind_code=kind,
            kind=kind_label(kind),
            items_complete=done,
            items_text=items_text(done),
        )
    if not cards:
        return Pipeline([])
    # Every open milestone of these tracks (a handful each), due first first: the first of a track is its next.
    milestones = (
        Milestone.objects.rewrite(False)
        .filter(track_id__in=list(cards), completed_on__isnull=True)
        .order_by("track_id", "due_on", "pk")
        .values_list("track_id", "due_on", *titles)
    )
    overdue_text = _memo(lambda n: ngettext("%(n)s overdue milestone", "%(n)s overdue milestones", n) % {"n": n})
    for track_id, due_on, *texts in milestones:
        card = cards[track_id]
        if card.next_due is None:
            card.next_title, card.next_due, card.next_due_text = _first(texts), due_on, date_text(due_on)
            card.next_overdue = due_on < today
        if due_on < today:
            card.overdue_count += 1
    for card in cards.values():
        if card.overdue_count:
            card.overdue_text = overdue_text(card.overdue_count)
    mentorships = (
        Mentorship.objects.filter(open_mentorship_q(), track_id__in=list(cards))
        .order_by("started_on", "pk")
        .values_list("track_id", "mentor_id", "mentor__full_name", "mentor__email")
    )
    for track_id, mentor_id, full_name, email in mentorships:
        cards[track_id].mentors.append((mentor_id, full_name or email))
    return Pipeline(list(cards.values()))


def pipeline_columns(cards: list[TrackCard]) -> list[Column]:
    """The cards by stage, one column per stage in order."""
    columns = {stage: Column(stage, Stage(stage).label) for stage in STAGE_ORDER}
    for card in cards:
        columns[card.stage].tracks.append(card)
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


def track_items_counted(track: EstablishmentTrack) -> dict[str, TrackItem]:
    """Every checklist item of the track by code, each with ``evidence_count`` (how many documents), in one
    query: what the track's page shows (an item's own page reads its documents with :func:`track_items`)."""
    rows = {row.item: row for row in TrackItem.objects.filter(track=track).annotate(evidence_count=Count("evidence"))}
    items = {}
    for code in C.values:
        row = rows.get(code)
        if row is None:
            row = TrackItem(track=track, item=code)
            row.evidence_count = 0
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


def track_milestones(track: EstablishmentTrack) -> list[dict]:
    """The track's milestones as plain rows (``pk``, ``title`` in the active language, ``stage``, ``due_on``,
    ``completed_on``): open ones first (soonest due first), then completed ones (latest first)."""
    milestones = list(Milestone.objects.filter(track=track).values("pk", "title", "stage", "due_on", "completed_on"))
    open_ = sorted((m for m in milestones if m["completed_on"] is None), key=lambda m: (m["due_on"], m["pk"]))
    done = sorted(
        (m for m in milestones if m["completed_on"] is not None), key=lambda m: (m["completed_on"], m["pk"]), reverse=True
    )
    return open_ + done


def track_mentorships(track: EstablishmentTrack, today: datetime.date | None = None) -> tuple[list[dict], list[dict]]:
    """(open mentorships, ended ones) as plain rows: ``pk``, ``name`` (the mentor's), ``started_on``, ``ended_on``."""
    today = today or timezone.localdate()
    rows = [
        {"pk": pk, "name": full_name or email, "started_on": started_on, "ended_on": ended_on}
        for pk, full_name, email, started_on, ended_on in Mentorship.objects.filter(track=track)
        .order_by("started_on", "pk")
        .values_list("pk", "mentor__full_name", "mentor__email", "started_on", "ended_on")
    ]
    current = [m for m in rows if m["ended_on"] is None or m["ended_on"] > today]
    past = [m for m in rows if not (m["ended_on"] is None or m["ended_on"] > today)]
    return current, past


def track_attendance(track: EstablishmentTrack) -> list[dict]:
    """The workshops people of this community attended, latest first, as plain rows: ``title`` and
    ``location`` (in the active language), ``held_on``, and ``people`` (each attendance's ``pk`` and ``name``)."""
    titles, locations = _translated("workshop__title"), _translated("workshop__location")
    rows: dict[int, dict] = {}
    for pk, workshop_id, held_on, full_name, email, *texts in (
        WorkshopAttendance.objects.filter(community_id=track.community_id)
        .order_by("-workshop__held_on", "workshop_id", "person__full_name", "pk")
        .values_list("pk", "workshop_id", "workshop__held_on", "person__full_name", "person__email", *titles, *locations)
    ):
        row = rows.get(workshop_id)
        if row is None:
            row = rows[workshop_id] = {
                "title": _first(texts[: len(titles)]),
                "held_on": held_on,
                "location": _first(texts[len(titles) :]),
                "people": [],
            }
        row["people"].append({"pk": pk, "name": full_name or email})
    return list(rows.values())


def track_representatives(track: EstablishmentTrack) -> list[dict]:
    """The track's network representatives as plain rows: ``pk``, ``name``, ``role``, ``chosen_on``."""
    return [
        {"pk": pk, "name": full_name or email, "role": role, "chosen_on": chosen_on}
        for pk, full_name, email, role, chosen_on in NetworkRepresentative.objects.filter(track=track)
        .order_by("chosen_on", "pk")
        .values_list("pk", "person__full_name", "person__email", "role", "chosen_on")
    ]


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
    """Every workshop, latest first, as plain rows: ``pk``, ``title`` and ``location`` (in the active
    language), ``held_on``, ``attendee_count`` (how many attended) and ``community_count`` (from how many
    communities)."""
    return (
        Workshop.objects.annotate(
            attendee_count=Count("workshopattendance", distinct=True),
            community_count=Count("workshopattendance__community", distinct=True),
        )
        .order_by("-held_on", "-pk")
        .values("pk", "title", "location", "held_on", "attendee_count", "community_count")
    )


def has_open_overdue(track_id_ref="pk", today: datetime.date | None = None):
    """``Exists`` of an open milestone past due, for a track queryset (the pipeline's filter)."""
    today = today or timezone.localdate()
    return Exists(Milestone.objects.filter(track_id=OuterRef(track_id_ref), completed_on__isnull=True, due_on__lt=today))
