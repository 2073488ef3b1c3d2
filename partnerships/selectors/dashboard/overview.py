"""Figures of the staff overview: every partnership's key figures for one fiscal year (seven queries
in all, whatever the number of partnerships)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils import timezone

from communities.models import Side
from programs.models import Activity, BudgetAllocation, Category
from programs.money import Rates, convert_groups
from volunteers.models import HoursLog, HoursStatus

from ...models import ActionItem, Meeting, MeetingStatus, Membership, Partnership, PartnershipCommunity
from .figures import (
    OPEN_ACTION_STATUSES,
    ZERO,
    Amounts,
    approved_sum,
    count_of,
    in_year,
    percent,
    steering_members,
)


@dataclass
class OverviewRow:
    partnership: Partnership
    communities: dict[str, int]
    amounts: Amounts = field(default_factory=Amounts)
    personal_approved: Decimal = ZERO
    participants: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Side.values, 0))
    hours: Decimal = ZERO
    members: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Side.values, 0))
    overdue: int = 0
    next_meeting_at: datetime.datetime | None = None
    next_meeting_pk: int | None = None

    @property
    def personal_share(self) -> Decimal | None:
        return percent(self.personal_approved, self.amounts.approved)


@dataclass
class Overview:
    year: int
    rows: list[OverviewRow]
    missing: list[str]

    @property
    def totals(self) -> OverviewRow:
        total = OverviewRow(partnership=None, communities=dict.fromkeys(Side.values, 0))
        for row in self.rows:
            for side in Side.values:
                total.communities[side] += row.communities[side]
                total.participants[side] += row.participants[side]
                total.members[side] += row.members[side]
            total.amounts.add({"approved": row.amounts.approved, "spent": row.amounts.spent})
            total.personal_approved += row.personal_approved
            total.hours += row.hours
            total.overdue += row.overdue
        return total


def _partnerships_with_counts():
    """Every partnership with its communities and members per side, overdue items, next meeting (one query)."""
    today, now = timezone.localdate(), timezone.now()
    annotations = {}
    for side in Side.values:
        annotations[f"communities_{side}"] = count_of(
            PartnershipCommunity.objects.filter(partnership=OuterRef("pk"), community__side=side).values("partnership")
        )
        annotations[f"members_{side}"] = count_of(
            Membership.objects.filter(steering_members(), committee__partnership=OuterRef("pk"), side=side)
            .values("committee__partnership"),
            Count("person", distinct=True),
        )
    annotations["overdue"] = count_of(
        ActionItem.objects.filter(
            committee__partnership=OuterRef("pk"), status__in=OPEN_ACTION_STATUSES, due_on__lt=today
        ).values("committee__partnership")
    )
    upcoming = Meeting.objects.filter(
        committee__partnership=OuterRef("pk"), status=MeetingStatus.SCHEDULED, starts_at__gte=now
    ).order_by("starts_at", "pk")
    annotations["next_meeting_at"] = Subquery(upcoming.values("starts_at")[:1])
    annotations["next_meeting_pk"] = Subquery(upcoming.values("pk")[:1])
    return Partnership.objects.annotate(**annotations).order_by("name", "pk")


def staff_overview(year: int, rates: Rates) -> Overview:
    """Key figures of every partnership for one fiscal year (five queries, plus the rates')."""
    rows: dict[int, OverviewRow] = {}
    for p in _partnerships_with_counts():
        rows[p.pk] = OverviewRow(
            partnership=p,
            communities={side: getattr(p, f"communities_{side}") for side in Side.values},
            members={side: getattr(p, f"members_{side}") for side in Side.values},
            overdue=p.overdue,
            next_meeting_at=p.next_meeting_at,
            next_meeting_pk=p.next_meeting_pk,
        )

    budget = (
        BudgetAllocation.objects.filter(fiscal_year=year)
        .order_by()
        .values("partnership_id", "category", "currency", "fiscal_year")
        .annotate(approved=approved_sum(), spent=Sum("spent_amount"))
    )
    converted, missing = convert_groups(budget, rates, amount_fields=("approved", "spent"))
    for line in converted:
        row = rows.get(line["partnership_id"])
        if row is None:
            continue
        row.amounts.add(line)
        if line["category"] == Category.PERSONAL_CONNECTIONS:
            row.personal_approved += line["approved"] or ZERO

    participants = (
        Activity.objects.filter(in_year(year))
        .order_by()
        .values("program__partnership_id")
        .annotate(diaspora=Sum("participants_diaspora"), israel=Sum("participants_israel"))
    )
    for line in participants:
        row = rows.get(line["program__partnership_id"])
        if row is not None:
            row.participants = {Side.DIASPORA: line["diaspora"] or 0, Side.ISRAEL: line["israel"] or 0}

    hours = (
        HoursLog.objects.filter(in_year(year), status=HoursStatus.APPROVED)
        .order_by()
        .values("program__partnership_id")
        .annotate(total=Sum("hours"))
    )
    for line in hours:
        row = rows.get(line["program__partnership_id"])
        if row is not None:
            row.hours = line["total"] or ZERO
    return Overview(year=year, rows=list(rows.values()), missing=missing)
