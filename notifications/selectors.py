"""Reads of notifications: what a person may receive and has received, and what staff see of the ledger."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from . import kinds as kind_registry
from .kinds.base import KindSpec
from .models import Delivery, DeliveryStatus, Kind, OptOut

# The audiences of the preferences page, in the order shown ("" holds kinds of no particular role).
AUDIENCES = {
    "volunteer": _("As a volunteer"),
    "committee": _("As a committee member"),
    "coordinator": _("As a program coordinator"),
    "mentor": _("As a mentor of a new community"),
    "partner": _("As a partner organisation"),
    "": _("About your account"),
}

RECENT_DELIVERIES = 20


@dataclass
class KindChoice:
    spec: KindSpec
    enabled: bool

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def label(self):
        return Kind(self.spec.code).label

    @property
    def description(self):
        return self.spec.description

    @property
    def essential(self) -> bool:
        return self.spec.essential


@dataclass
class AudienceGroup:
    code: str
    label: str
    applies: bool
    kinds: list[KindChoice] = field(default_factory=list)


def kind_specs() -> list[KindSpec]:
    """Every registered kind, in the order of ``Kind`` (stable, whatever the order of registration)."""
    order = {code: i for i, code in enumerate(Kind.values)}
    return sorted(
        (spec for spec in kind_registry.REGISTRY.values() if spec.code in order), key=lambda spec: order[spec.code]
    )


def opted_out_kinds(person) -> set[str]:
    return set(OptOut.objects.filter(person=person).values_list("kind", flat=True))


def received_kinds(person) -> set[str]:
    """The kinds of email the ledger holds for ``person`` (one query on the recipient index)."""
    return set(Delivery.objects.filter(recipient=person).order_by().values_list("kind", flat=True).distinct())


def audiences_of_roles(roles) -> set[str]:
    """The audiences ``p2g.roles.Roles`` (read once per request) says the person belongs to."""
    known = {""}
    if roles.onboarded:
        known.add("volunteer")
    if roles.sits_on_committee:
        known.add("committee")
    if roles.coordinates:
        known.add("coordinator")
    # Read with the others when p2g.roles knows them (mentors and community leaders; partner contacts and forum members).
    if getattr(roles, "accompanies", False):
        known.add("mentor")
    if getattr(roles, "partner", False):
        known.add("partner")
    return known


def notification_choices_for(person, roles) -> list[AudienceGroup]:
    """The kinds of email ``person`` may receive, grouped by audience, each on or off. Two queries.

    A group *applies* when the person's roles say so (volunteer, committee member, coordinator, mentor,
    partner) or when the person already received or turned off a kind of it (roles change: a term ended).
    Groups that do not apply are still returned, for the page to show folded away.
    """
    opted_out = opted_out_kinds(person)
    touched = opted_out | received_kinds(person)
    groups = {code: AudienceGroup(code=code, label=label, applies=False) for code, label in AUDIENCES.items()}
    applies = audiences_of_roles(roles)
    for spec in kind_specs():
        audience = spec.audience if spec.audience in groups else ""
        group = groups[audience]
        group.kinds.append(KindChoice(spec=spec, enabled=spec.essential or spec.code not in opted_out))
        if spec.code in touched:
            applies.add(audience)
    for group in groups.values():
        group.applies = group.code in applies
    return [group for group in groups.values() if group.kinds]


def deliveries_recent_for(person, *, limit: int = RECENT_DELIVERIES):
    """The latest emails decided for ``person``, newest first (the recipient index serves it)."""
    return Delivery.objects.filter(recipient=person).order_by("-created_at", "-id").only(
        "kind", "subject", "status", "created_at", "sent_at", "email"
    )[:limit]


def deliveries_summary(*, since: datetime.datetime) -> dict:
    """Counts of deliveries decided since ``since``: per status, and failed ones per kind. ONE query."""
    aggregates = {f"status_{status}": Count("pk", filter=Q(status=status)) for status in DeliveryStatus.values}
    aggregates |= {
        f"failed_{kind}": Count("pk", filter=Q(status=DeliveryStatus.FAILED, kind=kind)) for kind in Kind.values
    }
    row = Delivery.objects.filter(created_at__gte=since).aggregate(**aggregates)
    statuses = [(status, DeliveryStatus(status).label, row[f"status_{status}"]) for status in DeliveryStatus.values]
    failed = [(kind, Kind(kind).label, row[f"failed_{kind}"]) for kind in Kind.values if row[f"failed_{kind}"]]
    return {"statuses": statuses, "failed_by_kind": failed, "total": sum(count for *_, count in statuses)}
