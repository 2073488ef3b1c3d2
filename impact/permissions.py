"""Who may see what of collective impact: checked here, and only here (shared by every impact area).

Three kinds of viewer:

- the **backbone** team: the organisation's staff (``user.is_staff``). They see and change everything:
  every application, organisation, forum and newsletter;
- a **partner**: a contact of an organisation (``OrganisationContact``) sees that organisation, its
  applications and the forums where it holds a seat; a person who holds a seat on a forum themselves
  sees that forum. A person who answered the call for partners sees their own application, even
  before it is accepted (they are its ``applicant``);
- **anybody else** (a volunteer, a contact of another organisation, a former forum member) gets 404
  for every object, exactly as for one that does not exist: ids cannot be probed.

Views never call ``.objects.get()`` on these models: they call the ``*_for(user, pk)`` helpers, which
narrow to what the viewer may see before looking the id up. Pages for the backbone alone call
:func:`require_backbone` first (403: the page exists, but is not theirs).

The id helpers return frozensets (one query each; call them once per request and keep the result).
They are the viewer's *own* ids, for staff too: "may staff see it?" is :func:`is_backbone`'s question.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from partnerships.models import Forum, ForumMembership, Organisation, OrganisationContact, PartnerApplication


def is_backbone(user) -> bool:
    """The backbone team (the organisation's staff): sees and changes all of collective impact."""
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


def require_backbone(user) -> None:
    """403 for anybody but the backbone team (pages that are the backbone's tools, not objects)."""
    if not is_backbone(user):
        raise PermissionDenied


def organisation_ids(user) -> frozenset[int]:
    """The organisations this person is a contact of. One query (none for a visitor)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(OrganisationContact.objects.filter(person_id=user.pk).values_list("organisation_id", flat=True))


def may_report_figures(user) -> bool:
    """Reports shared-measurement figures: the backbone, or a contact of an organisation (who reports for it).

    A person who holds a forum seat without being their organisation's contact reads the figures but
    reports none. One query (none for the backbone or a visitor).
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    return OrganisationContact.objects.filter(person_id=user.pk).exists()


def active_seats_q(user, prefix: str = "") -> Q:
    """Current forum seats (``left_on`` empty) held by this person or by any of their organisations.

    ``prefix`` reaches ForumMembership from another model (``"memberships__"`` from Forum).
    """
    contact_of = OrganisationContact.objects.filter(person_id=user.pk).values("organisation_id")
    return Q(**{f"{prefix}left_on__isnull": True}) & (
        Q(**{f"{prefix}person_id": user.pk}) | Q(**{f"{prefix}organisation_id__in": contact_of})
    )


def forum_ids(user) -> frozenset[int]:
    """Forums where this person holds an active seat, or any of their organisations does. One query."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(
        ForumMembership.objects.filter(active_seats_q(user)).order_by().values_list("forum_id", flat=True).distinct()
    )


def visible_applications(user) -> QuerySet[PartnerApplication]:
    """Every application for the backbone; otherwise the person's own and those of their organisations."""
    if not getattr(user, "is_authenticated", False):
        return PartnerApplication.objects.none()
    if user.is_staff:
        return PartnerApplication.objects.all()
    contact_of = OrganisationContact.objects.filter(person_id=user.pk).values("organisation_id")
    return PartnerApplication.objects.filter(Q(applicant_id=user.pk) | Q(organisation_id__in=contact_of))


def application_for(user, pk: int, queryset: QuerySet[PartnerApplication] | None = None) -> PartnerApplication:
    """The application ``pk`` if this viewer may see it (backbone, its applicant, its organisation's contacts), else 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    qs = queryset if queryset is not None else PartnerApplication.objects.all()
    if not user.is_staff:
        qs = qs.filter(pk__in=visible_applications(user).values("pk"))
    return get_object_or_404(qs, pk=pk)


def organisation_for(user, pk: int, queryset: QuerySet[Organisation] | None = None) -> Organisation:
    """The organisation ``pk`` if this viewer is the backbone or one of its contacts, else 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    qs = queryset if queryset is not None else Organisation.objects.all()
    if not user.is_staff:
        qs = qs.filter(pk__in=OrganisationContact.objects.filter(person_id=user.pk).values("organisation_id"))
    return get_object_or_404(qs, pk=pk)


def forum_for(user, pk: int, queryset: QuerySet[Forum] | None = None) -> Forum:
    """The forum ``pk`` if this viewer is the backbone or holds a seat there (themselves or their organisation), else 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    qs = queryset if queryset is not None else Forum.objects.all()
    if not user.is_staff:
        qs = qs.filter(pk__in=ForumMembership.objects.filter(active_seats_q(user)).values("forum_id"))
    return get_object_or_404(qs, pk=pk)
