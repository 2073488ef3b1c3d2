"""Reads of the volunteer portal, already joined and narrowed to what the viewer may see.

Each selector returns a queryset (or plain values) whose query count does not grow with the
number of rows: related rows come through ``select_related``/``prefetch_related``, counts and
sums through annotations computed by the database.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from programs.models import Program, ProgramStatus

from . import permissions
from .models import HoursLog, HoursStatus, Opportunity, Shift, ShiftStatus, SignUp, SignUpStatus
from .services import ACTIVE, HOLDS_PLACE

#: How many upcoming shifts the opportunity list shows per opportunity.
LIST_SHIFTS_PER_OPPORTUNITY = 3


def shifts_with_places(qs: QuerySet[Shift] | None = None) -> QuerySet[Shift]:
    """Shifts annotated with ``taken`` (places held) and ``waiting`` (waitlist length)."""
    qs = Shift.objects.all() if qs is None else qs
    return qs.annotate(
        taken=Count("signups", filter=Q(signups__status__in=HOLDS_PLACE), distinct=True),
        waiting=Count("signups", filter=Q(signups__status=SignUpStatus.WAITLISTED), distinct=True),
    )


def upcoming_shifts(now=None) -> QuerySet[Shift]:
    now = now or timezone.now()
    return Shift.objects.filter(status=ShiftStatus.SCHEDULED, starts_at__gt=now)


def next_shift_start(shifts: QuerySet[Shift]) -> Subquery:
    """The start of an opportunity's first shift among ``shifts`` (for ``annotate``)."""
    return Subquery(shifts.filter(opportunity=OuterRef("pk")).order_by("starts_at").values("starts_at")[:1])


def opportunity_list(*, now=None) -> QuerySet[Opportunity]:
    """Published opportunities of running programs that have at least one upcoming shift.

    Annotated with ``next_shift_at``; ``next_shifts`` holds the first few upcoming shifts with
    their places (one prefetch query for the whole page).
    """
    now = now or timezone.now()
    upcoming = upcoming_shifts(now)
    return (
        Opportunity.objects.filter(is_published=True)
        .exclude(program__status=ProgramStatus.COMPLETED)
        # A correlated subquery served by the (opportunity, starts_at) index, not a GROUP BY over
        # every shift: at full scale this was 80 ms of the page (bench/bench_portal.py).
        .annotate(next_shift_at=next_shift_start(upcoming))
        .filter(next_shift_at__isnull=False)
        .select_related("program__partnership", "community")
        .prefetch_related(
            "skills_needed",
            "languages",
            Prefetch(
                "shifts",
                queryset=shifts_with_places(upcoming.order_by("starts_at", "pk"))[:LIST_SHIFTS_PER_OPPORTUNITY],
                to_attr="next_shifts",
            ),
        )
    )


def opportunity_detail(*, pk: int, now=None) -> Opportunity | None:
    """One published opportunity with all its upcoming shifts and their places (``upcoming``)."""
    now = now or timezone.now()
    return (
        Opportunity.objects.filter(is_published=True, pk=pk)
        .select_related("program__partnership", "community", "contact")
        .prefetch_related(
            "skills_needed",
            "languages",
            Prefetch(
                "shifts",
                queryset=shifts_with_places(upcoming_shifts(now).order_by("starts_at", "pk")),
                to_attr="upcoming",
            ),
        )
        .first()
    )


def signups_of(user) -> QuerySet[SignUp]:
    """This person's own sign-ups, joined for display."""
    return SignUp.objects.filter(volunteer=user).select_related(
        "shift__opportunity__program__partnership", "shift__opportunity__community"
    )


def my_schedule(*, user, now=None) -> dict[str, list[SignUp]]:
    """Upcoming (soonest first) and past (latest first) shifts of this person, cancelled left out."""
    now = now or timezone.now()
    active = signups_of(user).exclude(status=SignUpStatus.CANCELLED)
    logged = HoursLog.objects.filter(volunteer=user, shift=OuterRef("shift"))
    return {
        "upcoming": list(active.filter(shift__ends_at__gt=now).order_by("shift__starts_at")),
        "past": list(
            active.filter(shift__ends_at__lte=now).annotate(hours_logged=Exists(logged)).order_by("-shift__starts_at")
        ),
    }


def my_active_signups_by_shift(*, user, shift_ids) -> dict[int, SignUp]:
    """For an opportunity page: which of these shifts does this person already hold or wait for?"""
    if not user.is_authenticated:
        return {}
    return {s.shift_id: s for s in SignUp.objects.filter(volunteer=user, shift_id__in=shift_ids, status__in=ACTIVE)}


def calendar_signups(*, user, now=None) -> QuerySet[SignUp]:
    """What a personal calendar feed shows: active and attended shifts from 90 days back on."""
    now = now or timezone.now()
    return (
        signups_of(user)
        .filter(status__in=(*ACTIVE, SignUpStatus.ATTENDED), shift__ends_at__gt=now - datetime.timedelta(days=90))
        .order_by("shift__starts_at")
    )


def hours_of(user) -> QuerySet[HoursLog]:
    return HoursLog.objects.filter(volunteer=user).select_related(
        "program__partnership", "shift__opportunity", "reviewed_by"
    )


def hours_totals(*, user) -> list[dict]:
    """Approved hours by year and program: ``[{year, program_id, program, hours, entries}]``.

    ``program`` is the Program (with its partnership), so its name reads in the page's language;
    ``program__name`` is the raw column (the default language), kept for callers that used it.
    """
    rows = list(
        HoursLog.objects.filter(volunteer=user, status=HoursStatus.APPROVED)
        .annotate(year=ExtractYear("date"))
        .values("year", "program_id", "program__name")
        .annotate(hours=Sum("hours"), entries=Count("pk"))
        .order_by("-year", "program__name")
    )
    programs = Program.objects.select_related("partnership").in_bulk({row["program_id"] for row in rows})
    for row in rows:
        row["program"] = programs.get(row["program_id"])
    return rows


def coordinator_shifts(*, user, now=None) -> QuerySet[Shift]:
    """Shifts of the programs this person coordinates, with places taken and waiting."""
    return shifts_with_places(
        Shift.objects.filter(opportunity__program__in=permissions.coordinated_programs(user))
    ).select_related("opportunity__program__partnership")


def shift_roster(*, shift: Shift) -> QuerySet[SignUp]:
    """Everyone on a shift (and its waitlist, in order), with their contact details and hours."""
    logged = HoursLog.objects.filter(volunteer=OuterRef("volunteer"), shift=shift)
    return (
        SignUp.objects.filter(shift=shift)
        .select_related("volunteer__home_community")
        .annotate(hours_status=logged.values("status")[:1], hours_logged=logged.values("hours")[:1])
        .order_by("status", "created_at", "pk")
    )


def hours_to_review(*, user) -> QuerySet[HoursLog]:
    """Pending hours in the programs this person coordinates, oldest first."""
    return (
        HoursLog.objects.filter(status=HoursStatus.PENDING, program__in=permissions.coordinated_programs(user))
        .exclude(volunteer=user)
        .select_related("volunteer", "program__partnership", "shift__opportunity")
        .order_by("created_at", "pk")
    )


def hours_of_programs(*, user, program=None, year: int | None = None, status: str = "") -> QuerySet[HoursLog]:
    """Hours logged in the programs this person coordinates (optionally one program, year, status)."""
    # A list of ids, not a nested subquery: PostgreSQL then narrows by program before joining.
    program_ids = list(permissions.coordinated_programs(user).values_list("pk", flat=True))
    entries = HoursLog.objects.filter(program_id__in=program_ids)
    if program:
        entries = entries.filter(program=program)
    if year:
        entries = entries.filter(date__year=year)
    if status:
        entries = entries.filter(status=status)
    return entries.select_related("volunteer", "program__partnership", "shift__opportunity", "reviewed_by").order_by(
        "date", "pk"
    )
