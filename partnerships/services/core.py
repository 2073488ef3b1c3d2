"""Writes on partnerships, committees and forums. Keyword-only, atomic, validating."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from communities.models import Community, Side

from ..models import (
    FORUM_MAX_MEMBERS,
    Committee,
    CommitteeKind,
    Forum,
    ForumMembership,
    Membership,
    Organisation,
    Partnership,
    PartnershipCommunity,
)


def partnership_sides_validate(sides: Iterable[str]) -> None:
    """A partnership links at least one community on each side."""
    present = set(sides)
    missing = [label for value, label in Side.choices if value not in present]
    if missing:
        raise ValidationError(
            _("A partnership needs at least one community on each side (Diaspora and Israel). Missing: %(sides)s.")
            % {"sides": ", ".join(str(label) for label in missing)},
            code="partnership_missing_side",
        )


@transaction.atomic
def partnership_create(
    *,
    name_en: str,
    name_he: str,
    kind: str,
    founded_year: int,
    communities: Iterable[Community],
    steering_committee_name_en: str = "",
    steering_committee_name_he: str = "",
) -> Partnership:
    """Create a partnership with its communities and its joint steering committee."""
    communities = list(communities)
    partnership_sides_validate(c.side for c in communities)
    partnership = Partnership(name_en=name_en, name_he=name_he, kind=kind, founded_year=founded_year)
    partnership.full_clean()
    partnership.save()
    PartnershipCommunity.objects.bulk_create(
        PartnershipCommunity(partnership=partnership, community=c) for c in communities
    )
    Committee.objects.create(
        partnership=partnership,
        kind=CommitteeKind.STEERING,
        name_en=steering_committee_name_en or f"{name_en} joint steering committee",
        name_he=steering_committee_name_he or f"ועדת ההיגוי המשותפת של {name_he}",
    )
    return partnership


@transaction.atomic
def partnership_community_remove(*, link: PartnershipCommunity) -> None:
    """Remove a community from a partnership, unless it would leave a side empty."""
    remaining = PartnershipCommunity.objects.filter(partnership_id=link.partnership_id).exclude(pk=link.pk)
    partnership_sides_validate(remaining.values_list("community__side", flat=True))
    link.delete()


@transaction.atomic
def membership_add(
    *,
    committee: Committee,
    person,
    side: str,
    role: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
) -> Membership:
    membership = Membership(
        committee=committee, person=person, side=side, role=role, term_start=term_start, term_end=term_end
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, term_end: datetime.date, reason: str = "") -> Membership:
    if term_end < membership.term_start:
        raise ValidationError(_("A term cannot end before it starts."), code="term_ends_before_start")
    membership.term_end = term_end
    membership.ended_reason = reason
    membership.full_clean()
    membership.save(update_fields=["term_end", "ended_reason"])
    return membership


def forum_free_seat(forum: Forum) -> int | None:
    taken = set(
        ForumMembership.objects.filter(forum=forum, left_on__isnull=True).values_list("seat", flat=True)
    )
    return next((seat for seat in range(1, FORUM_MAX_MEMBERS + 1) if seat not in taken), None)


@transaction.atomic
def forum_member_add(
    *, forum: Forum, person, organisation: Organisation, joined_on: datetime.date
) -> ForumMembership:
    """Give a person the lowest free seat of a forum; refuse a 21st member."""
    Forum.objects.select_for_update().filter(pk=forum.pk).first()  # one seat allocation at a time per forum
    if ForumMembership.objects.filter(forum=forum, person=person, left_on__isnull=True).exists():
        raise ValidationError(_("This person is already a member of this forum."), code="forum_member_twice")
    seat = forum_free_seat(forum)
    if seat is None:
        raise ValidationError(
            _("A forum has at most %(max)d members; this one is full.") % {"max": FORUM_MAX_MEMBERS},
            code="forum_full",
        )
    try:
        with transaction.atomic():
            return ForumMembership.objects.create(
                forum=forum, person=person, organisation=organisation, seat=seat, joined_on=joined_on
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("A forum has at most %(max)d members; this one is full.") % {"max": FORUM_MAX_MEMBERS},
            code="forum_full",
        ) from exc


@transaction.atomic
def forum_member_leave(*, membership: ForumMembership, left_on: datetime.date) -> ForumMembership:
    if left_on < membership.joined_on:
        raise ValidationError(_("A member cannot leave before joining."), code="forum_leaves_before_joining")
    membership.left_on = left_on
    membership.seat = None
    membership.save(update_fields=["left_on", "seat"])
    return membership
