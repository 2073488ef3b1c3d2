"""Action items: one digest a morning to each owner of items overdue or due soon (not one email per item).

Also the helpers the other morning kinds share (budget, committees, hours, communities):
``Mornings`` (each recipient's local date once their digest hour has come) and
``last_occurrences`` (what the ledger already holds for a digest).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.emails import recipient_locale, site_url
from notifications.models import Kind
from partnerships.models import ActionItem, ActionItemStatus

from .base import KindSpec, Planned, register
from .mornings import CHUNK, Mornings, batched_by, last_occurrences, local_today, occurrence_date

#: Items due within this many days (today included) are "due soon".
WINDOW_DAYS = 3
#: Items still to be done.
OPEN_STATUSES = (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)
# ---- the digest


def action_item_url(item) -> str:
    if item.committee_id:
        return site_url(
            reverse(
                "partnerships:action_item_detail",
                kwargs={"partnership_pk": item.committee.partnership_id, "pk": item.pk},
            )
        )
    return ""  # a forum's items have no page in the workspace


def digest_news(
    dues: list[tuple[datetime.date, datetime.datetime]],
    today: datetime.date,
    last: tuple[str, datetime.datetime] | None,
) -> bool:
    """Whether an owner gets a digest on ``today``, given their items' (due date, created) and their last digest.

    News: an item entered the window, became overdue or was created since the last digest. Without
    news, a digest goes out on Mondays (or when the last one is a week old) while anything is overdue.
    No digest in the last two weeks (the first one, or nothing was due for a while): it goes out.
    """
    if last is None:
        return True
    last_day, decided_at = datetime.date.fromisoformat(last[0][:10]), last[1]
    if last_day >= today:
        return False
    window = datetime.timedelta(days=WINDOW_DAYS)
    for due, created in dues:
        if due - window > last_day or last_day <= due < today or created > decided_at:
            return True
    overdue = any(due < today for due, _ in dues)
    return overdue and (today.weekday() == 0 or last_day <= today - datetime.timedelta(days=7))


@register
class ActionDigest(KindSpec):
    """Each morning an owner has news: their open items overdue or due within three days, in one email."""

    code = Kind.ACTION_DIGEST
    template = "action_digest"
    audience = "committee"
    schedule = "daily"
    description = _(
        "Your action items that are overdue or due within three days, in one email (at most daily)."
    )

    def plan(self, now):
        mornings = Mornings(now)
        horizon = mornings.latest + datetime.timedelta(days=WINDOW_DAYS)
        # Index (owner, status, due_on); one query, streamed, owners in order.
        rows = (
            ActionItem.objects.filter(
                owner__isnull=False, status__in=OPEN_STATUSES, due_on__lte=horizon, owner__is_active=True
            )
            .values_list("owner_id", "owner__time_zone", "due_on", "created_at")
            .order_by("owner_id", "due_on")
            .iterator(chunk_size=CHUNK)
        )
        since = (mornings.earliest - datetime.timedelta(days=14)).isoformat()
        for batch in batched_by(rows, key=lambda row: row[0]):
            last = last_occurrences(self.code, batch, since=since)
            for owner_id, items in batch.items():
                today = mornings.date(items[0][1])
                if today is None:
                    continue
                limit = today + datetime.timedelta(days=WINDOW_DAYS)
                dues = [(due, created) for _, _, due, created in items if due <= limit]
                if dues and digest_news(dues, today, last.get(owner_id)):
                    yield Planned(owner_id, owner_id, today.isoformat())

    def load(self, object_ids):
        horizon = timezone.now().astimezone(datetime.UTC).date() + datetime.timedelta(days=WINDOW_DAYS + 8)
        items = (
            ActionItem.objects.filter(status__in=OPEN_STATUSES, due_on__lte=horizon)
            .select_related("committee__partnership", "forum")
            .order_by("due_on", "pk")
        )
        people = (
            get_user_model()
            .objects.filter(pk__in=object_ids)
            .prefetch_related(Prefetch("action_items", queryset=items, to_attr="digest_candidates"))
        )
        return {person.pk: person for person in people}

    @staticmethod
    def reference_date(delivery, owner) -> datetime.date:
        """The day the digest speaks of: its own date, or the owner's today if it goes out later."""
        return max(occurrence_date(delivery), local_today(owner))

    def items(self, delivery, owner) -> list:
        limit = self.reference_date(delivery, owner) + datetime.timedelta(days=WINDOW_DAYS)
        return [item for item in owner.digest_candidates if item.due_on <= limit]

    def skip_reason(self, delivery, owner):
        if not self.items(delivery, owner):
            return str(_("None of the person's action items is still open and overdue or due soon."))
        return ""

    def context(self, delivery, owner):
        today = self.reference_date(delivery, owner)
        groups: dict[tuple, dict] = {}
        overdue = soon = 0
        partnerships = set()
        with recipient_locale(delivery.recipient):
            for item in self.items(delivery, owner):
                body = item.committee or item.forum
                key = ("committee", item.committee_id) if item.committee_id else ("forum", item.forum_id)
                group = groups.setdefault(
                    key,
                    {
                        "body": body,
                        "partnership": item.committee.partnership if item.committee_id else None,
                        "items": [],
                    },
                )
                days = (item.due_on - today).days
                overdue += days < 0
                soon += days >= 0
                if item.committee_id:
                    partnerships.add(item.committee.partnership_id)
                group["items"].append(
                    {
                        "item": item,
                        "days_late": max(-days, 0),
                        "days_left": max(days, 0),
                        "overdue": days < 0,
                        "url": action_item_url(item),
                    }
                )
            if len(partnerships) == 1:
                url = site_url(
                    reverse("partnerships:action_item_list", kwargs={"partnership_pk": partnerships.pop()})
                    + "?status=active&mine=on"
                )
            elif partnerships:
                url = site_url(reverse("partnerships:my_partnerships"))
            else:
                url = site_url(reverse("home"))
            ordered = sorted(groups.values(), key=lambda g: (g["partnership"] is None, str(g["body"])))
        return {
            "groups": ordered,
            "overdue_count": overdue,
            "soon_count": soon,
            "total": overdue + soon,
            "today": today,
            "window_days": WINDOW_DAYS,
            "url": url,
        }
