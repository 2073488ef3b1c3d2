"""Who may see and change what in a partnership's workspace: checked here, and only here.

Every workspace URL starts with a partnership (``/partnerships/<partnership_pk>/…``) and every
view is wrapped in :func:`partnership_view`, which resolves the partnership *for this viewer*:

- staff (``is_staff``) see every partnership and may change anything;
- a person with a current term on any committee of the partnership (the joint steering
  committee or one of its subcommittees) reads all of it: committee, subcommittees, meetings,
  budget, dashboard, and may add comments and action-item updates;
- the steering committee's chairs, co-chairs and professional staff manage the partnership
  (membership, meetings, budget proposals); a subcommittee's chairs and co-chairs manage that
  subcommittee (its members and meetings);
- only chairs and co-chairs of the steering committee submit the budget; only staff approve it;
- anybody else (a visitor is sent to sign in first by the login middleware, a volunteer, a
  member of another partnership, a former member) gets 404, exactly as for a partnership that
  does not exist: ids cannot be probed.

Objects inside a partnership are fetched with the ``*_in`` helpers, which narrow to the
partnership before looking up the id.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from p2g.days import site_today

from .models import (
    ActionItem,
    Committee,
    CommitteeKind,
    Meeting,
    MeetingAttachment,
    Membership,
    MembershipRole,
    Partnership,
)

MANAGING_ROLES = (MembershipRole.CHAIR, MembershipRole.CO_CHAIR, MembershipRole.STAFF)
CHAIR_ROLES = (MembershipRole.CHAIR, MembershipRole.CO_CHAIR)


def current_q(on: datetime.date | None = None, prefix: str = "") -> Q:
    """Terms that are current on a day (today in the site's calendar by default: see p2g/days.py)."""
    on = on or site_today()
    return Q(**{f"{prefix}term_start__lte": on}) & (
        Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": on})
    )


def visible_partnerships(user) -> QuerySet[Partnership]:
    """Every partnership for staff; for anyone else those where they hold a current term."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    if user.is_staff:
        return Partnership.objects.all()
    ids = Membership.objects.filter(current_q(), person=user).values("committee__partnership_id")
    return Partnership.objects.filter(pk__in=ids)


def is_committee_member(user) -> bool:
    """Does this person have a workspace to go to (staff, or a current term somewhere)?"""
    if not user.is_authenticated:
        return False
    return user.is_staff or Membership.objects.filter(current_q(), person=user).exists()


@dataclass(frozen=True)
class Access:
    """What one viewer may do in one partnership (built once per request)."""

    partnership: Partnership
    user: object
    is_staff: bool
    #: the viewer's current terms on this partnership's committees, with their committee
    memberships: tuple[Membership, ...] = field(default_factory=tuple)

    # ---- who the viewer is here
    @property
    def is_member(self) -> bool:
        return bool(self.memberships)

    @property
    def steering_memberships(self) -> tuple[Membership, ...]:
        return tuple(m for m in self.memberships if m.committee.kind == CommitteeKind.STEERING)

    @property
    def side(self) -> str | None:
        """The side the viewer sits for (their steering term first), or None for staff from outside."""
        terms = self.steering_memberships or self.memberships
        return terms[0].side if terms else None

    def member_of(self, committee: Committee | int) -> bool:
        committee_id = getattr(committee, "pk", committee)
        return any(m.committee_id == committee_id for m in self.memberships)

    # ---- what the viewer may do
    @property
    def can_manage(self) -> bool:
        """Change the partnership: its membership, meetings and budget proposals."""
        return self.is_staff or any(m.role in MANAGING_ROLES for m in self.steering_memberships)

    def can_manage_committee(self, committee: Committee) -> bool:
        """Change one committee: the steering committee's managers may change all of them."""
        if committee.partnership_id != self.partnership.pk:
            return False
        if self.can_manage:
            return True
        return any(m.committee_id == committee.pk and m.role in CHAIR_ROLES for m in self.memberships)

    @property
    def can_comment(self) -> bool:
        """Comments and action-item updates: every member, and staff."""
        return self.is_staff or self.is_member

    @property
    def can_submit_budget(self) -> bool:
        return self.is_staff or any(m.role in CHAIR_ROLES for m in self.steering_memberships)

    @property
    def can_approve_budget(self) -> bool:
        return self.is_staff

    # ---- raising
    def require_manage(self, committee: Committee | None = None) -> None:
        allowed = self.can_manage_committee(committee) if committee is not None else self.can_manage
        if not allowed:
            raise PermissionDenied

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied


def access_for(user, partnership_id: int) -> Access:
    """The viewer's access to a partnership, or 404 when they may not see it at all."""
    if not user.is_authenticated:
        raise Http404
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is None:
        raise Http404
    memberships = tuple(
        Membership.objects.filter(current_q(), person=user, committee__partnership_id=partnership_id)
        .select_related("committee")
        .order_by("committee__kind", "role")
    )
    if not memberships and not user.is_staff:
        raise Http404
    return Access(partnership=partnership, user=user, is_staff=user.is_staff, memberships=memberships)


def partnership_view(view):
    """Resolve ``partnership_pk`` from the URL into ``access`` (404 for outsiders) and call the view.

    The view is called as ``view(request, access, **other_url_kwargs)``; ``request.access``
    is set too, for templates.
    """

    @functools.wraps(view)
    def wrapper(request, partnership_pk, *args, **kwargs):
        access = access_for(request.user, partnership_pk)
        request.access = access
        return view(request, access, *args, **kwargs)

    return wrapper


# ---- objects inside a partnership (404 when the id is not of this partnership)


def committee_in(access: Access, pk: int, queryset: QuerySet[Committee] | None = None) -> Committee:
    qs = queryset if queryset is not None else Committee.objects.all()
    return get_object_or_404(qs, pk=pk, partnership=access.partnership)


def steering_committee(access: Access) -> Committee:
    committee = Committee.objects.filter(partnership=access.partnership, kind=CommitteeKind.STEERING).first()
    if committee is None:
        raise Http404
    return committee


def membership_in(access: Access, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("committee", "person"), pk=pk, committee__partnership=access.partnership
    )


def meeting_in(access: Access, pk: int, queryset: QuerySet[Meeting] | None = None) -> Meeting:
    qs = queryset if queryset is not None else Meeting.objects.select_related("committee")
    return get_object_or_404(qs, pk=pk, committee__partnership=access.partnership)


def action_item_in(access: Access, pk: int, queryset: QuerySet[ActionItem] | None = None) -> ActionItem:
    qs = queryset if queryset is not None else ActionItem.objects.select_related("committee", "owner", "meeting")
    return get_object_or_404(qs, pk=pk, committee__partnership=access.partnership)


def attachment_in(access: Access, pk: int) -> MeetingAttachment:
    return get_object_or_404(
        MeetingAttachment.objects.select_related("meeting__committee"),
        pk=pk,
        meeting__committee__partnership=access.partnership,
    )


def allocation_in(access: Access, pk: int, queryset=None):
    from programs.models import BudgetAllocation

    qs = queryset if queryset is not None else BudgetAllocation.objects.select_related("program")
    return get_object_or_404(qs, pk=pk, partnership=access.partnership)
