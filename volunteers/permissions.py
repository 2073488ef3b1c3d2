"""Who may do what in the volunteer portal: checked here, and only here.

Views fetch through these helpers instead of ``Model.objects.get``: a row the person may not
see answers 404, exactly as a row that does not exist (no probing of ids).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from programs.models import Program, ProgramCoordinator

from .models import HoursLog, Shift, SignUp


def coordinated_programs(user) -> QuerySet[Program]:
    """Programs this person coordinates: all of them for staff, their own for coordinators."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_staff:
        return Program.objects.all()
    return Program.objects.filter(
        pk__in=ProgramCoordinator.objects.filter(person=user).values("program_id")
    )


def is_coordinator(user) -> bool:
    """Does this person coordinate at least one program (so the portal shows them the tools)?"""
    if not user.is_authenticated:
        return False
    return user.is_staff or ProgramCoordinator.objects.filter(person=user).exists()


def can_coordinate(user, program_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or ProgramCoordinator.objects.filter(person=user, program_id=program_id).exists()


def _coordinated_q(user, program_path: str) -> Q:
    if user.is_staff:
        return Q()
    return Q(**{f"{program_path}__coordinators": user})


def shift_for_coordinator(user, shift_id: int, *, queryset: QuerySet[Shift] | None = None) -> Shift:
    """A shift of a program this person coordinates, or 404."""
    qs = queryset if queryset is not None else Shift.objects.select_related("opportunity__program")
    shift = qs.filter(_coordinated_q(user, "opportunity__program"), pk=shift_id).distinct().first()
    if shift is None:
        raise Http404
    return shift


def hours_for_coordinator(user, log_id: int) -> HoursLog:
    log = (
        HoursLog.objects.select_related("program", "volunteer", "shift")
        .filter(_coordinated_q(user, "program"), pk=log_id)
        .distinct()
        .first()
    )
    if log is None:
        raise Http404
    return log


def signup_for_volunteer(user, signup_id: int) -> SignUp:
    """One of this person's own sign-ups, or 404."""
    signup = (
        SignUp.objects.select_related("shift__opportunity__program")
        .filter(pk=signup_id, volunteer=user)
        .first()
    )
    if signup is None:
        raise Http404
    return signup


def signup_for_coordinator(user, signup_id: int) -> SignUp:
    """A sign-up on a shift of a program this person coordinates, or 404."""
    signup = (
        SignUp.objects.select_related("shift__opportunity__program", "volunteer")
        .filter(_coordinated_q(user, "shift__opportunity__program"), pk=signup_id)
        .distinct()
        .first()
    )
    if signup is None:
        raise Http404
    return signup
