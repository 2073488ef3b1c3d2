"""What every kind of email knows: who is due to get it, how to load and check its object, how it reads.

A kind is registered once (``register``) and looked up by its code. The sender calls, for a
batch of deliveries of one kind: ``load`` (one query for all their objects), then per delivery
``skip_reason`` (a reason not to send any more: the meeting moved, the place was cancelled…)
and ``context``; the message is ``templates/emails/<template>_subject.txt``, ``_body.txt`` and
``_body.html``, rendered in the recipient's language and time zone.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

REGISTRY: dict[str, "KindSpec"] = {}


@dataclass(frozen=True)
class Planned:
    """One email decided: the ledger row's key."""

    recipient_id: int
    object_id: int
    occurrence: str


class KindSpec:
    code: str = ""
    template: str = ""
    # Account and invitation emails: a person cannot turn them off.
    essential: bool = False
    # Who this kind is for, for the preferences page: "volunteer", "committee", "coordinator", "mentor", "partner".
    audience: str = ""
    description = ""
    # "reminders" (planned every minute), "daily" (every hour), or "" (sent when something happens).
    schedule: str = ""

    def plan(self, now: datetime.datetime) -> Iterator[Planned]:
        """The deliveries due at ``now`` (the ledger drops those already decided)."""
        return iter(())

    def load(self, object_ids: Iterable[int]) -> dict[int, object]:
        raise NotImplementedError

    def skip_reason(self, delivery, obj) -> str:
        """Why this delivery should no longer go out ('' to send)."""
        return ""

    def context(self, delivery, obj) -> dict:
        raise NotImplementedError

    def attachments(self, delivery, obj) -> list[tuple[str, bytes, str]]:
        return []

    def reply_to(self, delivery, obj) -> list[str] | None:
        return None


def register(spec_class):
    spec = spec_class()
    assert spec.code and spec.code not in REGISTRY, spec.code
    REGISTRY[spec.code] = spec
    return spec_class


def get(code: str) -> KindSpec:
    return REGISTRY[code]


def lead_label(lead: datetime.timedelta) -> str:
    """A stable code for a lead time in an occurrence key: '7d', '3h', '90m'."""
    seconds = int(lead.total_seconds())
    if seconds % 86400 == 0:
        return f"{seconds // 86400}d"
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{seconds // 60}m"


def moment_key(moment: datetime.datetime) -> str:
    """A stable code for a moment in an occurrence key (UTC, to the minute)."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%MZ")


def current_lead(starts_at: datetime.datetime, leads: list[datetime.timedelta], now: datetime.datetime):
    """The reminder whose window holds ``now``: lead L's window runs from start − L until the next, shorter lead.

    Leads are tried longest first; a meeting scheduled three days ahead with leads of 7 and 1 days gets
    its 7-day reminder at once (it is the one whose window holds now), then the 1-day one.
    """
    if now >= starts_at:
        return None
    ordered = sorted(set(leads), reverse=True)
    for i, lead in enumerate(ordered):
        shorter = ordered[i + 1] if i + 1 < len(ordered) else datetime.timedelta(0)
        if starts_at - lead <= now < starts_at - shorter:
            return lead
    return None


NO_EMAIL = _("The person has no email address.")
INACTIVE = _("The person's account is deactivated.")
OPTED_OUT = _("The person turned this kind of email off.")
GONE = _("What this email is about no longer exists.")
