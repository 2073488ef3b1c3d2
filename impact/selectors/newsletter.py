"""Reads of the newsletter: who the partners are, how many will read which language, what the ledger says.

The partners (:func:`partners_q`): every contact of an organisation with an accepted application or
a current forum seat, and every current forum member; active accounts only, each person once.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from notifications.models import Delivery, DeliveryStatus, Kind, OptOut
from partnerships.models import (
    ApplicationStatus,
    ForumMembership,
    Newsletter,
    OrganisationContact,
    PartnerApplication,
)


def partners_q() -> Q:
    """People who receive the newsletter (on the user model)."""
    accepted = PartnerApplication.objects.filter(status=ApplicationStatus.ACCEPTED, organisation__isnull=False).values(
        "organisation_id"
    )
    seated = ForumMembership.objects.filter(left_on__isnull=True).values("organisation_id")
    contacts = OrganisationContact.objects.filter(Q(organisation_id__in=accepted) | Q(organisation_id__in=seated))
    members = ForumMembership.objects.filter(left_on__isnull=True)
    return Q(is_active=True) & (Q(pk__in=contacts.values("person_id")) | Q(pk__in=members.values("person_id")))


def newsletter_recipient_ids() -> list[int]:
    """Every partner's id, once each. One query."""
    return list(get_user_model().objects.filter(partners_q()).order_by("pk").values_list("pk", flat=True))


@dataclass(frozen=True)
class Audience:
    total: int
    hebrew: int
    english: int
    opted_out: int


def newsletter_audience() -> Audience:
    """How many partners a newsletter sent now would reach, per language, and how many turned it off. One query."""
    turned_off = OptOut.objects.filter(person_id=OuterRef("pk"), kind=Kind.NEWSLETTER)
    figures = get_user_model().objects.filter(partners_q()).aggregate(
        total=Count("pk"),
        hebrew=Count("pk", filter=Q(preferred_language="he")),
        english=Count("pk", filter=~Q(preferred_language="he")),
        opted_out=Count("pk", filter=Q(Exists(turned_off))),
    )
    return Audience(**{k: v or 0 for k, v in figures.items()})


@dataclass(frozen=True)
class Deliveries:
    total: int
    sent: int
    failed: int
    skipped: int
    waiting: int


def newsletter_delivery_counts(newsletter: Newsletter) -> Deliveries:
    """What the ledger says of one newsletter's emails. One aggregate query."""
    figures = Delivery.objects.filter(kind=Kind.NEWSLETTER, object_id=newsletter.pk).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        skipped=Count("pk", filter=Q(status=DeliveryStatus.SKIPPED)),
        waiting=Count("pk", filter=Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])),
    )
    return Deliveries(**{k: v or 0 for k, v in figures.items()})


def newsletters_for_list() -> QuerySet[Newsletter]:
    """Newsletters, newest first, with their authors and the number of emails the ledger marks sent."""
    sent = (
        Delivery.objects.filter(kind=Kind.NEWSLETTER, object_id=OuterRef("pk"), status=DeliveryStatus.SENT)
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Newsletter.objects.select_related("created_by", "sent_by")
        .annotate(delivered=Coalesce(Subquery(sent, output_field=IntegerField()), Value(0)))
        .order_by("-created_at", "-pk")
    )
