"""Budget: reminders of spending reports due on approved budget lines.

Nothing in the budget marks a spending report as handed in: a report adds to ``spent_amount``
(any time, as often as needed) and staff close the line when its reporting is done. So the
reminders follow the due date alone: 14 days before, 1 day before, and once when it has passed
while the line is still approved (closing the line ends them). Each goes to the steering
committee's chairs, co-chairs and professional staff, in their own morning.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.emails import recipient_locale, site_url
from notifications.models import Kind
from partnerships.models import CommitteeKind, Membership, MembershipRole
from programs.models import AllocationStatus, BudgetAllocation

from .base import KindSpec, Planned, register
from .mornings import CHUNK, Mornings, batched_by, local_today

EARLY_DAYS = 14
#: The reminder of an overdue report is sent until this many days after the due date (a line
#: approved late, or a beat that was down); lines overdue for longer are not reminded any more.
LATE_DAYS = 30
EARLY, DAY_BEFORE, LATE = f"{EARLY_DAYS}d", "1d", "late"
MANAGER_ROLES = (MembershipRole.CHAIR, MembershipRole.CO_CHAIR, MembershipRole.STAFF)


def lead_on(due: datetime.date, today: datetime.date) -> str | None:
    """Which reminder is due on ``today`` (a recipient's local date) for a report due on ``due``."""
    days = (due - today).days
    if 1 < days <= EARLY_DAYS:
        return EARLY
    if 0 <= days <= 1:
        return DAY_BEFORE
    if -LATE_DAYS <= days < 0:
        return LATE
    return None


def budget_managers(
    partnership_ids, earliest: datetime.date, latest: datetime.date
) -> dict[int, list[tuple]]:
    """Per partnership: (person, time zone, term start, term end) of its steering committee's chairs,
    co-chairs and professional staff whose terms may be current between ``earliest`` and ``latest``. One query."""
    terms = Membership.objects.filter(
        Q(term_end__isnull=True) | Q(term_end__gte=earliest),
        committee__partnership_id__in=list(partnership_ids),
        committee__kind=CommitteeKind.STEERING,
        role__in=MANAGER_ROLES,
        term_start__lte=latest,
        person__is_active=True,
    ).values_list("committee__partnership_id", "person_id", "person__time_zone", "term_start", "term_end")
    people: dict[int, list[tuple]] = {}
    for partnership_id, *rest in terms:
        people.setdefault(partnership_id, []).append(tuple(rest))
    return people


def budget_url(allocation) -> str:
    path = reverse("partnerships:budget", kwargs={"partnership_pk": allocation.partnership_id})
    return site_url(f"{path}?year={allocation.fiscal_year}#line-{allocation.pk}")


@register
class SpendingReportDue(KindSpec):
    """14 days and 1 day before a spending report is due, and once when it is overdue (line still approved)."""

    code = Kind.SPENDING_REPORT_DUE
    template = "spending_report_due"
    audience = "committee"
    schedule = "daily"
    description = _("Before a spending report on an approved budget line is due, and once if it is overdue.")

    def plan(self, now):
        mornings = Mornings(now)
        lines = (
            BudgetAllocation.objects.filter(
                status=AllocationStatus.APPROVED,
                spending_report_due_on__gte=mornings.earliest - datetime.timedelta(days=LATE_DAYS),
                spending_report_due_on__lte=mornings.latest + datetime.timedelta(days=EARLY_DAYS),
            )
            .values_list("partnership_id", "pk", "spending_report_due_on")
            .order_by("partnership_id", "pk")
            .iterator(chunk_size=CHUNK)
        )
        for batch in batched_by(lines, key=lambda row: row[0]):
            people = budget_managers(batch, mornings.earliest, mornings.latest)
            for partnership_id, rows in batch.items():
                for person_id, tz_name, term_start, term_end in set(people.get(partnership_id, [])):
                    today = mornings.date(tz_name)
                    if today is None or term_start > today or (term_end is not None and term_end < today):
                        continue
                    for _partnership, allocation_id, due in rows:
                        lead = lead_on(due, today)
                        if lead is not None:
                            yield Planned(person_id, allocation_id, f"{due.isoformat()}/{lead}")

    def load(self, object_ids):
        return {
            line.pk: line
            for line in BudgetAllocation.objects.filter(pk__in=object_ids).select_related(
                "partnership", "program"
            )
        }

    def skip_reason(self, delivery, allocation):
        due = allocation.spending_report_due_on
        if allocation.status != AllocationStatus.APPROVED:
            return str(_("The budget line is no longer approved (it was closed or changed)."))
        if due is None or not delivery.occurrence.startswith(f"{due.isoformat()}/"):
            return str(_("The spending report's due date changed since this reminder was decided."))
        if not delivery.occurrence.endswith(f"/{LATE}") and local_today(delivery.recipient) > due:
            return str(_("The due date has passed: the reminder of an overdue report replaces this one."))
        return ""

    def context(self, delivery, allocation):
        from programs.services import money_text

        due = allocation.spending_report_due_on
        today = local_today(delivery.recipient)
        if delivery.occurrence.endswith(f"/{LATE}"):
            today = max(today, due + datetime.timedelta(days=1))  # the overdue reminder never reads "due in…"
        days = (due - today).days
        with recipient_locale(delivery.recipient):
            url = budget_url(allocation)
            line_url = site_url(
                reverse(
                    "partnerships:allocation_detail",
                    kwargs={"partnership_pk": allocation.partnership_id, "pk": allocation.pk},
                )
            )
            approved = money_text(allocation.approved_amount, allocation.currency)
            spent = money_text(allocation.spent_amount, allocation.currency)
            left = money_text(
                (allocation.approved_amount or 0) - allocation.spent_amount, allocation.currency
            )
        return {
            "allocation": allocation,
            "program": allocation.program,
            "partnership": allocation.partnership,
            "due_on": due,
            "overdue": days < 0,
            "days_left": max(days, 0),
            "days_late": max(-days, 0),
            "approved": approved,
            "spent": spent,
            "left": left,
            "url": url,
            "line_url": line_url,
        }
