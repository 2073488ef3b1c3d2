"""The workspace's front door."""

from django.shortcuts import redirect, render

from .. import permissions
from ..models import Membership


def my_partnerships(request):
    """The partnerships this person sits on (staff: straight to the overview of all of them)."""
    if request.user.is_staff:
        return redirect("partnerships:staff_overview")
    terms = (
        Membership.objects.filter(permissions.current_q(), person=request.user)
        .select_related("committee__partnership")
        .order_by("committee__partnership__name", "committee__kind", "committee__name")
    )
    partnerships = {}
    for term in terms:
        partnerships.setdefault(term.committee.partnership, []).append(term)
    if len(partnerships) == 1:
        (only,) = partnerships
        return redirect("partnerships:dashboard", partnership_pk=only.pk)
    return render(
        request,
        "partnerships/workspace/my_partnerships.html",
        {"partnerships": list(partnerships.items())},
    )
