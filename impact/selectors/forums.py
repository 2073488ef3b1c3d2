"""Reads of the forums area: the forums a viewer may see with their members count, sector mix and
next meeting; one forum's members, meetings and published summaries; a forum meeting with its agenda,
decisions and materials, and its members on its day with their attendance.

The sector mix and its imbalance are decided here and only here (:func:`sector_off_balance`):
a sector is off balance when it has no member while its target is above zero, or when its members
are more than :data:`IMBALANCE_TOLERANCE` seats away from its target. A forum is flagged when any
of its three sectors is.

Access is the permissions module's (``impact.permissions``): the querysets here are narrowed to what
the viewer may see, and objects inside a forum are looked up inside that forum (404 otherwise).
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from impact.permissions import active_seats_q, is_backbone
from partnerships.models import (
    FORUM_MAX_MEMBERS,
    AgendaItem,
    Attendance,
    Decision,
    Forum,
    ForumMembership,
    Meeting,
    MeetingAttachment,
    MeetingStatus,
    Organisation,
    OrganisationContact,
    Sector,
)
from partnerships.selectors.dashboard.cells import Chart
from partnerships.selectors.meetings import meeting_day

#: A sector more than this many seats away from its target is off balance.
IMBALANCE_TOLERANCE = 2
#: The target field of each sector, in the order the pages show them.
SECTOR_TARGETS = {
    Sector.GOVERNMENT: "target_government",
    Sector.BUSINESS: "target_business",
    Sector.NONPROFIT: "target_nonprofit",
}
#: Chart colours (3:1 against white; the legend and the table tell them apart without colour).
MIX_COLOURS = {"target": "#8a94a6", "members": "#0b4f8a"}
#: Meetings members see: not drafts.
MEMBER_VISIBLE_STATUSES = (
    MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED,
)


# ---- the sector mix


def sector_off_balance(target: int, members: int) -> bool:
    """THE rule: a sector is off balance when empty against a target, or more than 2 seats from it."""
    return (target > 0 and members == 0) or abs(members - target) > IMBALANCE_TOLERANCE


@dataclass(frozen=True)
class SectorRow:
    sector: str
    label: str
    target: int
    members: int

    @property
    def difference(self) -> int:
        return self.members - self.target

    @property
    def off_balance(self) -> bool:
        return sector_off_balance(self.target, self.members)

    @property
    def reason(self) -> str:
        if not self.off_balance:
            return ""
        if self.members == 0:
            return _("%(sector)s: no member, for a target of %(target)d.") % {
                "sector": self.label, "target": self.target,
            }
        if self.members > self.target:
            return _("%(sector)s: %(members)d members, %(extra)d above the target of %(target)d.") % {
                "sector": self.label, "members": self.members, "extra": self.difference, "target": self.target,
            }
        return _("%(sector)s: %(members)d members, %(missing)d below the target of %(target)d.") % {
            "sector": self.label, "members": self.members, "missing": -self.difference, "target": self.target,
        }


@dataclass(frozen=True)
class SectorMix:
    rows: tuple[SectorRow, ...]

    @property
    def imbalanced(self) -> bool:
        return any(row.off_balance for row in self.rows)

    @property
    def reasons(self) -> list[str]:
        return [row.reason for row in self.rows if row.off_balance]

    @property
    def members(self) -> int:
        return sum(row.members for row in self.rows)

    @property
    def target(self) -> int:
        return sum(row.target for row in self.rows)

    def chart_config(self, *, language: str, rtl: bool) -> dict:
        """What static/js/charts.js draws (the same figures are in the table beside it)."""
        labels = [row.label for row in self.rows]
        chart = Chart(
            kind="bar",
            labels=labels,
            datasets=[
                {"key": "target", "label": _("Target"), "data": [r.target for r in self.rows],
                 "color": MIX_COLOURS["target"]},
                {"key": "members", "label": _("Members"), "data": [r.members for r in self.rows],
                 "color": MIX_COLOURS["members"]},
            ],
            unit="number",
            axis_title=_("Seats"),
        )
        return chart.config(language=language, rtl=rtl)


def sector_mix(forum: Forum, counts: dict[str, int]) -> SectorMix:
    """The forum's members per sector (``counts``: sector → current members) against its targets."""
    return SectorMix(
        rows=tuple(
            SectorRow(
                sector=sector,
                label=str(Sector(sector).label),
                target=getattr(forum, field) or 0,
                members=counts.get(sector, 0),
            )
            for sector, field in SECTOR_TARGETS.items()
        )
    )


# ---- the forums list


def forums_visible(user) -> QuerySet[Forum]:
    """Every forum for the backbone team; for anyone else the forums they (or their organisation) sit on."""
    if not user.is_authenticated:
        return Forum.objects.none()
    if is_backbone(user):
        return Forum.objects.all()
    return Forum.objects.filter(pk__in=ForumMembership.objects.filter(active_seats_q(user)).values("forum_id"))


@dataclass
class ForumRow:
    forum: Forum
    members_count: int
    mix: SectorMix
    next_meeting: Meeting | None

    @property
    def free_seats(self) -> int:
        return max(FORUM_MAX_MEMBERS - self.members_count, 0)


def _next_meeting_q(now: datetime.datetime):
    return (
        Meeting.objects.filter(forum_id=OuterRef("pk"), status=MeetingStatus.SCHEDULED, starts_at__gte=now)
        .order_by("starts_at", "pk")
        .values("pk")[:1]
    )


def forum_rows(user, *, now: datetime.datetime | None = None) -> list[ForumRow]:
    """The viewer's forums, each with its members count, sector mix and next meeting. Two queries."""
    now = now or timezone.now()
    active = Q(memberships__left_on__isnull=True)
    per_sector = {
        f"seats_{sector}": Count("memberships", filter=active & Q(memberships__organisation__sector=sector))
        for sector in SECTOR_TARGETS
    }
    forums = list(
        forums_visible(user)
        .annotate(members_count=Count("memberships", filter=active), **per_sector)
        .annotate(next_meeting_id=Subquery(_next_meeting_q(now)))
        .order_by("-is_active", "-is_national", "name", "pk")
    )
    meeting_ids = [f.next_meeting_id for f in forums if f.next_meeting_id]
    meetings = Meeting.objects.in_bulk(meeting_ids) if meeting_ids else {}
    return [
        ForumRow(
            forum=forum,
            members_count=forum.members_count,
            mix=sector_mix(forum, {sector: getattr(forum, f"seats_{sector}") for sector in SECTOR_TARGETS}),
            next_meeting=meetings.get(forum.next_meeting_id),
        )
        for forum in forums
    ]


# ---- one forum


def forum_members(forum: Forum) -> list[ForumMembership]:
    """The forum's current members by seat, with their person and organisation."""
    return list(
        ForumMembership.objects.filter(forum=forum, left_on__isnull=True)
        .select_related("person", "organisation")
        .order_by("seat", "pk")
    )


def _translated(model, field: str, row: dict, prefix: str) -> str:
    """``instance.field`` of a modeltranslation field read from ``values()`` (its ``<field>_<language>``
    columns under ``prefix``): the active language's, else its fallbacks', as the model's own descriptor gives."""
    columns = SimpleNamespace(**{f"{field}_{code}": row[f"{prefix}{field}_{code}"] for code, _name in settings.LANGUAGES})
    return model.__dict__[field].__get__(columns, model)


@dataclass(frozen=True)
class MemberRow:
    """A seat on the forum as its page shows it (read with ``values()``, no model instances)."""

    pk: int
    seat: int
    name: str  # the person's full name, or their email
    email: str
    organisation: str
    sector: str
    joined_on: datetime.date
    left_on: datetime.date | None


def forum_member_rows(forum: Forum) -> tuple[list[MemberRow], list[MemberRow]]:
    """The forum's current members by seat, and who left it (latest first). One query."""
    lang_columns = [f"organisation__name_{code}" for code, _name in settings.LANGUAGES]
    rows = ForumMembership.objects.filter(forum=forum).values(
        "pk", "seat", "joined_on", "left_on", "person__full_name", "person__email", "organisation__sector", *lang_columns
    )
    current, former = [], []
    for row in rows:
        member = MemberRow(
            pk=row["pk"],
            seat=row["seat"],
            name=row["person__full_name"] or row["person__email"],
            email=row["person__email"],
            organisation=_translated(Organisation, "name", row, "organisation__"),
            sector=row["organisation__sector"],
            joined_on=row["joined_on"],
            left_on=row["left_on"],
        )
        (current if member.left_on is None else former).append(member)
    current.sort(key=lambda m: (m.seat, m.pk))
    former.sort(key=lambda m: (m.left_on, m.pk), reverse=True)
    return current, former


def mix_of_rows(forum: Forum, members: list[MemberRow]) -> SectorMix:
    counts: dict[str, int] = {}
    for member in members:
        counts[member.sector] = counts.get(member.sector, 0) + 1
    return sector_mix(forum, counts)


def free_seats(members: list[ForumMembership]) -> list[int]:
    taken = {m.seat for m in members}
    return [seat for seat in range(1, FORUM_MAX_MEMBERS + 1) if seat not in taken]


def forum_membership_in(forum: Forum, pk: int) -> ForumMembership:
    return get_object_or_404(ForumMembership.objects.select_related("person", "organisation"), pk=pk, forum=forum)


def forum_meetings(forum: Forum, *, staff: bool) -> QuerySet[Meeting]:
    """The forum's meetings (drafts for the backbone team only), with their materials."""
    qs = Meeting.objects.filter(forum=forum)
    if not staff:
        qs = qs.filter(status__in=MEMBER_VISIBLE_STATUSES)
    return qs.prefetch_related(Prefetch("attachments", queryset=MeetingAttachment.objects.order_by("kind", "title", "pk")))


@dataclass
class ForumMeetings:
    upcoming: list[Meeting]
    past: list[Meeting]

    @property
    def published(self) -> list[Meeting]:
        return [m for m in self.past if m.status == MeetingStatus.PUBLISHED]


def forum_meetings_split(forum: Forum, *, staff: bool, now: datetime.datetime | None = None) -> ForumMeetings:
    """Upcoming meetings (soonest first) and past ones (latest first), in one query and its prefetch."""
    now = now or timezone.now()
    meetings = list(forum_meetings(forum, staff=staff).order_by("starts_at", "pk"))
    upcoming = [m for m in meetings if m.starts_at >= now]
    past = [m for m in reversed(meetings) if m.starts_at < now]
    return ForumMeetings(upcoming=upcoming, past=past)


def contacts_to_seat(forum: Forum) -> list[OrganisationContact]:
    """Contacts of every organisation who do not sit on the forum now, by organisation then name."""
    seated = ForumMembership.objects.filter(forum=forum, left_on__isnull=True).values("person_id")
    return list(
        OrganisationContact.objects.exclude(person_id__in=seated)
        .filter(person__is_active=True)
        .select_related("organisation", "person")
        .order_by("organisation__name", "organisation_id", "person__full_name", "person__email")
    )


def contacts_by_email(email: str) -> list[OrganisationContact]:
    """The organisations' contacts with this email address (any case), with their organisation."""
    return list(
        OrganisationContact.objects.filter(person__email__iexact=(email or "").strip())
        .select_related("organisation", "person")
        .order_by("organisation__name", "pk")
    )


# ---- one forum meeting


def forum_meeting_in(forum: Forum, pk: int, *, staff: bool) -> Meeting:
    """A meeting of this forum (404 otherwise; drafts are the backbone team's)."""
    qs = Meeting.objects.select_related("forum", "created_by")
    if not staff:
        qs = qs.filter(status__in=MEMBER_VISIBLE_STATUSES)
    return get_object_or_404(qs, pk=pk, forum=forum)


def forum_meeting_page(forum: Forum, pk: int, *, staff: bool) -> Meeting:
    """A meeting of this forum (as :func:`forum_meeting_in`) with what its page shows, one query each:
    the agenda with its presenters, the decisions and the materials."""
    qs = Meeting.objects.select_related("created_by")
    if not staff:
        qs = qs.filter(status__in=MEMBER_VISIBLE_STATUSES)
    meeting = get_object_or_404(qs, pk=pk, forum=forum)
    meeting.forum = forum  # already read
    prefetch_related_objects(
        [meeting],
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("presenter", "action_item").order_by("order", "pk"),
        ),
        Prefetch("decisions", queryset=Decision.objects.order_by("number")),
        Prefetch("attachments", queryset=MeetingAttachment.objects.order_by("kind", "title", "pk")),
    )
    return meeting


def forum_agenda_item_in(meeting: Meeting, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("presenter"), pk=pk, meeting=meeting)
    item.meeting = meeting
    return item


def forum_decision_in(meeting: Meeting, pk: int) -> Decision:
    """A decision of this forum meeting (404 otherwise)."""
    decision = get_object_or_404(Decision, pk=pk, meeting=meeting)
    decision.meeting = meeting
    return decision


def forum_attachment_in(forum: Forum, pk: int, *, staff: bool) -> MeetingAttachment:
    """A file of one of this forum's meetings (404 otherwise, and for a draft meeting's files to members)."""
    qs = MeetingAttachment.objects.select_related("meeting")
    if not staff:
        qs = qs.filter(meeting__status__in=MEMBER_VISIBLE_STATUSES)
    return get_object_or_404(qs, pk=pk, meeting__forum=forum)


def forum_members_on(
    forum: Forum, day: datetime.date, *, meeting: Meeting | None = None, only: tuple[str, ...] = ()
) -> list[ForumMembership]:
    """Who sat on the forum on ``day`` (one row per person), with ``attendance_status`` at ``meeting``
    (``only``: the columns to read, all by default)."""
    qs = (
        ForumMembership.objects.filter(forum=forum, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .select_related("person", "organisation")
        .order_by("seat", "person__full_name", "pk")
    )
    if only:
        qs = qs.only(*only)
    if meeting is not None:
        qs = qs.annotate(
            attendance_status=Subquery(
                Attendance.objects.filter(meeting=meeting, person_id=OuterRef("person_id")).values("status")[:1]
            )
        )
    seen, members = set(), []
    for membership in qs:
        if membership.person_id not in seen:
            seen.add(membership.person_id)
            members.append(membership)
    return members


def forum_meeting_members(meeting: Meeting) -> list[ForumMembership]:
    """The forum's members on the meeting's day, with their recorded attendance."""
    return forum_members_on(meeting.forum, meeting_day(meeting), meeting=meeting)


#: What the meeting's page reads of its members (their names, organisation and attendance).
_PAGE_MEMBER_FIELDS = (
    "forum_id", "seat", "joined_on", "left_on", "person_id", "organisation_id",
    "person__full_name", "person__email",
    *(f"organisation__name_{code}" for code, _name in settings.LANGUAGES),
)


def forum_meeting_members_shown(meeting: Meeting) -> list[ForumMembership]:
    """:func:`forum_meeting_members` for the meeting's page: only the columns it shows are read."""
    return forum_members_on(meeting.forum, meeting_day(meeting), meeting=meeting, only=_PAGE_MEMBER_FIELDS)


def summary_recipients(forum: Forum) -> list:
    """Who a published summary goes to now: the forum's current members (people), by name."""
    people = {m.person_id: m.person for m in forum_members(forum)}
    return sorted(people.values(), key=lambda p: (p.get_full_name() or p.email).lower())


def summary_preview(meeting: Meeting):
    """What the summary email of this forum meeting carries, read as the email reads it.

    The minutes, the decisions with their votes, the materials sent as files (booklet and slides
    first, up to the size limit) and those only named, as ``notifications.kinds.meetings`` builds
    them for the email.
    """
    from notifications.kinds.meetings import forum_meeting_summary

    return forum_meeting_summary(meeting)


@dataclass(frozen=True)
class LanguageGap:
    """Readers of ``language`` get ``part`` ("summary" or "decisions") in the other language: it was not
    written in theirs (the email falls back to the language it was written in)."""

    part: str
    language: str


def summary_language_gaps(meeting: Meeting, decisions: list, recipients: list) -> list[LanguageGap]:
    """What some recipients will read in the other language, for the page that shows what publishing sends.

    ``decisions``: the meeting's (already loaded); ``recipients``: :func:`summary_recipients`. No query.
    """
    wanted = {person.preferred_language for person in recipients}
    other = {"en": "he", "he": "en"}
    gaps = []
    for language in ("he", "en"):
        if language not in wanted:
            continue
        written = other[language]
        if getattr(meeting, f"minutes_{written}", "") and not getattr(meeting, f"minutes_{language}", ""):
            gaps.append(LanguageGap("summary", language))
        if any(
            getattr(d, f"text_{written}", "") and not getattr(d, f"text_{language}", "") for d in decisions
        ):
            gaps.append(LanguageGap("decisions", language))
    return gaps
