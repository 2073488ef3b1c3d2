"""Reads of the membership area: a committee's roster (current, starting later, past), the balance
between the two sides, the subcommittees with their chairs, and one term's history.

Every selector takes a committee already fetched through ``permissions.committee_in`` (so already
narrowed to the viewer's partnership) and returns rows joined with the person, so that a page's
query count does not grow with the roster. Counts are aggregated in the database.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from communities.models import Side
from p2g.days import site_today

from ..models import Committee, CommitteeKind, Membership, MembershipRole
from ..permissions import CHAIR_ROLES, current_q

#: Roles that vote and count in the balance between the sides (professional staff do not).
VOTING_ROLES = (MembershipRole.CHAIR, MembershipRole.CO_CHAIR, MembershipRole.MEMBER)

#: Roster order: chairs, co-chairs, members, then professional staff.
ROLE_ORDER = Case(
    When(role=MembershipRole.CHAIR, then=Value(0)),
    When(role=MembershipRole.CO_CHAIR, then=Value(1)),
    When(role=MembershipRole.MEMBER, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)

#: Change reasons written to the history by the membership services (stable codes, shown translated).
HISTORY_REASON_ADDED = "added"
HISTORY_REASON_INVITED = "invited"
HISTORY_REASON_ENDED = "ended"
HISTORY_REASON_ROLE_CHANGE = "role_change"


def today() -> datetime.date:
    return site_today()


def ending_soon_until(on: datetime.date | None = None) -> datetime.date:
    """The last day a term may end on and still be flagged "term ends soon"."""
    return (on or today()) + datetime.timedelta(days=settings.P2G_TERM_ENDING_SOON_DAYS)


# ---- the roster


def _roster_base(committee: Committee) -> QuerySet[Membership]:
    return Membership.objects.filter(committee=committee).select_related("person")


def roster_current_and_upcoming(committee: Committee, *, on: datetime.date | None = None) -> QuerySet[Membership]:
    """Terms not yet over on ``on`` (today): current ones and those starting later, in roster order
    (chairs, co-chairs, members, professional staff; then by name); one query, with the person."""
    on = on or today()
    return (
        _roster_base(committee)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
        .annotate(role_rank=ROLE_ORDER)
        .order_by("role_rank", "person__full_name", "person__email", "term_start", "pk")
    )


def roster_past(committee: Committee, *, on: datetime.date | None = None) -> QuerySet[Membership]:
    """Terms that ended before ``on`` (today), the latest ended first, with the person."""
    on = on or today()
    return (
        _roster_base(committee)
        .filter(term_end__lt=on)
        .annotate(role_rank=ROLE_ORDER)
        .order_by("-term_end", "role_rank", "person__full_name", "pk")
    )


def roster_all(committee: Committee) -> QuerySet[Membership]:
    """Every term the committee has had (for the export), the latest started first."""
    return _roster_base(committee).annotate(role_rank=ROLE_ORDER).order_by(
        "-term_start", "role_rank", "person__full_name", "pk"
    )


TERM_UPCOMING = "upcoming"
TERM_CURRENT = "current"
TERM_ENDING_SOON = "ending_soon"
TERM_ENDED = "ended"


def term_status(membership: Membership, on: datetime.date | None = None) -> str:
    """Where a term stands on ``on`` (today): starting later, current, ending soon, or ended.

    "Ending soon": the term ends within ``P2G_TERM_ENDING_SOON_DAYS`` days (today included).
    """
    on = on or today()
    if membership.term_start > on:
        return TERM_UPCOMING
    if membership.term_end is not None and membership.term_end < on:
        return TERM_ENDED
    if membership.term_end is not None and membership.term_end <= ending_soon_until(on):
        return TERM_ENDING_SOON
    return TERM_CURRENT


def term_status_label(status: str) -> str:
    return {
        TERM_UPCOMING: _("Starts later"),
        TERM_CURRENT: _("Current term"),
        TERM_ENDING_SOON: _("Term ends soon"),
        TERM_ENDED: _("Term ended"),
    }[status]


@dataclass
class Roster:
    """The current roster split for the page: voting members, professional staff, terms starting later."""

    voting: list[Membership] = field(default_factory=list)
    staff: list[Membership] = field(default_factory=list)
    upcoming: list[Membership] = field(default_factory=list)

    @property
    def current(self) -> list[Membership]:
        return self.voting + self.staff

    @property
    def ending_soon(self) -> list[Membership]:
        return [m for m in self.current if m.ending_soon]


def roster_split(rows, *, on: datetime.date | None = None) -> Roster:
    """Split rows of :func:`roster_current_and_upcoming`; each gets ``status`` and ``ending_soon``."""
    on = on or today()
    roster = Roster()
    for row in rows:
        row.status = term_status(row, on)
        row.ending_soon = row.status == TERM_ENDING_SOON
        if row.status == TERM_UPCOMING:
            roster.upcoming.append(row)
        elif row.role == MembershipRole.STAFF:
            roster.staff.append(row)
        else:
            roster.voting.append(row)
    roster.upcoming.sort(key=lambda m: (m.term_start, m.role_rank, (m.person.full_name or m.person.email).casefold()))
    return roster


def invitation_pending(membership: Membership) -> bool:
    """The person was invited (an account without a password) and has not signed in yet."""
    person = membership.person
    return person.last_login is None and not person.has_usable_password()


# ---- balance between the sides


@dataclass(frozen=True)
class SideCount:
    side: str
    label: str
    members: int
    chairs: int
    percent: int  # share of the voting members, rounded


@dataclass(frozen=True)
class SideBalance:
    """Current voting members (chairs, co-chairs, members) by side; professional staff not counted."""

    sides: tuple[SideCount, ...]
    total: int
    min_share: float
    staff: int = 0

    @classmethod
    def from_counts(cls, counts: dict, *, min_share: float | None = None) -> "SideBalance":
        """From ``{"<side>_members": n, "<side>_chairs": n, "staff": n}`` (an aggregate's result)."""
        min_share = settings.P2G_SIDE_BALANCE_MIN_SHARE if min_share is None else min_share
        total = sum(counts.get(f"{value}_members") or 0 for value in Side.values)
        sides = tuple(
            SideCount(
                side=value,
                label=str(label),
                members=counts.get(f"{value}_members") or 0,
                chairs=counts.get(f"{value}_chairs") or 0,
                percent=round(100 * (counts.get(f"{value}_members") or 0) / total) if total else 0,
            )
            for value, label in Side.choices
        )
        return cls(sides=sides, total=total, min_share=min_share, staff=counts.get("staff") or 0)

    @property
    def smaller(self) -> SideCount:
        return min(self.sides, key=lambda s: s.members)

    @property
    def smaller_share(self) -> float:
        return self.smaller.members / self.total if self.total else 0.0

    @property
    def imbalanced(self) -> bool:
        """The smaller side holds less than ``P2G_SIDE_BALANCE_MIN_SHARE`` of the voting members."""
        return self.total > 0 and self.smaller_share < self.min_share

    @property
    def min_percent(self) -> int:
        return round(self.min_share * 100)

    @property
    def sides_without_chair(self) -> list[SideCount]:
        return [s for s in self.sides if s.chairs == 0]

    @property
    def warnings(self) -> list[str]:
        """Why the committee is out of balance, in whole sentences (empty when it is not)."""
        if self.total == 0:
            return [_("This committee has no current voting members.")]
        found = []
        if self.imbalanced:
            smaller = self.smaller
            found.append(
                _(
                    "The sides are out of balance: the %(side)s side holds %(percent)s%% of the voting members, "
                    "less than the %(min)s%% expected."
                )
                % {"side": smaller.label, "percent": smaller.percent, "min": self.min_percent}
            )
        found += [
            _("The %(side)s side has no chair or co-chair on this committee.") % {"side": s.label}
            for s in self.sides_without_chair
        ]
        return found


def _balance_aggregates(prefix: str = "") -> dict:
    """Count expressions of current voting members and chairs by side (``prefix`` for a relation)."""
    voting = Q(**{f"{prefix}role__in": VOTING_ROLES})
    chairs = Q(**{f"{prefix}role__in": CHAIR_ROLES})
    now = current_q(prefix=prefix)
    person = f"{prefix}person"
    counts = {}
    for side in Side.values:
        on_side = Q(**{f"{prefix}side": side})
        counts[f"{side}_members"] = Count(person, filter=now & voting & on_side, distinct=True)
        counts[f"{side}_chairs"] = Count(person, filter=now & chairs & on_side, distinct=True)
    counts["staff"] = Count(person, filter=now & Q(**{f"{prefix}role": MembershipRole.STAFF}), distinct=True)
    return counts


def side_balance(committee: Committee) -> SideBalance:
    """The balance of one committee's current voting members: one aggregated query."""
    return roster_counts(committee)[0]


def roster_counts(committee: Committee, *, on: datetime.date | None = None) -> tuple[SideBalance, int]:
    """The committee's balance between the sides and its number of past terms: one aggregated query."""
    on = on or today()
    counts = Membership.objects.filter(committee=committee).aggregate(
        past=Count("pk", filter=Q(term_end__lt=on)), **_balance_aggregates()
    )
    return SideBalance.from_counts(counts), counts["past"]


# ---- subcommittees


def subcommittees(steering: Committee) -> list[Committee]:
    """The steering committee's subcommittees, by name, each with ``current_chairs`` (their terms,
    with the person), ``members_count`` (current people) and ``balance``; two queries."""
    chairs = (
        Membership.objects.filter(current_q(), role__in=CHAIR_ROLES)
        .select_related("person")
        .annotate(role_rank=ROLE_ORDER)
        .order_by("role_rank", "person__full_name", "pk")
    )
    rows = list(
        Committee.objects.filter(parent=steering, kind=CommitteeKind.SUBCOMMITTEE)
        .annotate(
            members_count=Count("memberships__person", filter=current_q(prefix="memberships__"), distinct=True),
            **_balance_aggregates("memberships__"),
        )
        .prefetch_related(Prefetch("memberships", queryset=chairs, to_attr="current_chairs"))
        .order_by("name", "pk")
    )
    for row in rows:
        counts = {key: getattr(row, key) for key in _balance_aggregates()}
        row.balance = SideBalance.from_counts(counts)
    return rows


# ---- one term's history


#: Fields of a term shown in its history, in order.
HISTORY_FIELDS = ("role", "side", "term_start", "term_end", "ended_reason")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: object  # a person, or None (a change made outside the site)
    kind: str  # "+", "~", "-" (simple-history's history_type)
    reason: str  # the translated label of a known reason, or the text recorded
    changes: tuple[FieldChange, ...]


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if name == "role":
        return str(MembershipRole(value).label) if value in MembershipRole.values else str(value)
    if name == "side":
        return str(Side(value).label) if value in Side.values else str(value)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def history_reason_label(code: str | None) -> str:
    labels = {
        HISTORY_REASON_ADDED: _("Added to the committee"),
        HISTORY_REASON_INVITED: _("Invited and added to the committee"),
        HISTORY_REASON_ENDED: _("Term ended"),
        HISTORY_REASON_ROLE_CHANGE: _("Role changed"),
    }
    return labels.get(code or "", code or "")


def membership_history(membership: Membership) -> list[HistoryEntry]:
    """Who changed what in one term, and when: newest first; one query (with who)."""
    records = list(membership.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous = None
    labels = {name: capfirst(Membership._meta.get_field(name).verbose_name) for name in HISTORY_FIELDS}
    for record in records:
        changes = []
        for name in HISTORY_FIELDS:
            new = getattr(record, name)
            old = getattr(previous, name) if previous is not None else None
            if previous is None and new in (None, ""):
                continue
            if previous is None or old != new:
                changes.append(FieldChange(labels[name], _display(name, old) if previous else "", _display(name, new)))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                reason=history_reason_label(record.history_change_reason),
                changes=tuple(changes),
            )
        )
        previous = record
    entries.reverse()
    return entries


def person_terms(membership: Membership) -> QuerySet[Membership]:
    """Every term of the same person on the same committee (role changes make several), latest first."""
    return Membership.objects.filter(committee_id=membership.committee_id, person_id=membership.person_id).order_by(
        "-term_start", "pk"
    )
