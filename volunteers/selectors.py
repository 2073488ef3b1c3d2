"""Reads of the volunteer portal, already joined and narrowed to what the viewer may see.

Each selector returns a queryset (or plain values) whose query count does not grow with the
number of rows: related rows come through ``select_related``/``prefetch_related``, counts and
sums through annotations computed by the database.
"""

import datetime

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import ExtractYear
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from communities.models import Community
from partnerships.models import Partnership
from programs.models import Program, ProgramStatus

from . import permissions
from .models import (
    HoursLog,
    HoursStatus,
    Opportunity,
    Shift,
    ShiftStatus,
    SignUp,
    SignUpStatus,
    Skill,
    SpokenLanguage,
)
from .services import ACTIVE, HOLDS_PLACE

#: How many upcoming shifts the opportunity list shows per opportunity.
LIST_SHIFTS_PER_OPPORTUNITY = 3
#: The finder's option lists are kept this long (seconds); a save or delete of their rows drops them at once.
FINDER_CHOICES_SECONDS = 300
_FINDER_CHOICES_KEY = "volunteers:finder-choices:v1:{}"
_FINDER_CHOICES_LANGUAGES = ("en", "he")


def _finder_choices_language() -> str:
    return "he" if (translation.get_language() or "").startswith("he") else "en"


def finder_choices(*, fresh: bool = False) -> dict[str, list[tuple[int, str]]]:
    """The finder's long option lists in the page's language: ``{"partnership", "community", "skill",
    "language"}`` each a list of ``(id, name)`` in the order the filter offers them.

    Partnerships, skills and languages as their ``ModelChoiceFilter`` lists them (named in the page's
    language, ordered by the English name); active communities by name in the page's language (English where no
    Hebrew name is given). They change rarely: kept in the shared cache (one read per page; Redis away
    is a miss) for ``FINDER_CHOICES_SECONDS``, dropped when one of their rows is saved or deleted;
    ``fresh`` reads them from the database anyway (and keeps them).
    """
    language = _finder_choices_language()
    key = _FINDER_CHOICES_KEY.format(language)
    choices = None if fresh else cache.get(key)
    if choices is None:
        rows = Community.objects.filter(is_active=True).values_list("pk", "name_en", "name_he")
        hebrew = language == "he"
        communities = [(pk, (he or en) if hebrew else (en or he)) for pk, en, he in rows]
        # By the English name in both languages, as the filter's querysets (made when the module is
        # loaded, in the default language) have always listed them.
        choices = {
            "partnership": [(p.pk, str(p)) for p in Partnership.objects.order_by("name_en")],
            "community": sorted(communities, key=lambda choice: choice[1].casefold()),
            "skill": [(s.pk, str(s)) for s in Skill.objects.order_by("name_en")],
            "language": [(s.pk, str(s)) for s in SpokenLanguage.objects.order_by("name_en")],
        }
        cache.set(key, choices, FINDER_CHOICES_SECONDS)
    return choices


def _finder_choices_forget(sender, instance=None, raw=False, **kwargs):
    if raw:
        return  # loaddata
    keys = [_FINDER_CHOICES_KEY.format(language) for language in _FINDER_CHOICES_LANGUAGES]
    cache.delete_many(keys)
    # Once more when the transaction commits: a page read between the write and the commit may
    # have put the old lists back.
    transaction.on_commit(lambda: cache.delete_many(keys))


for _model in (Community, Partnership, Skill, SpokenLanguage):
    post_save.connect(_finder_choices_forget, sender=_model, dispatch_uid=f"finder-choices-save-{_model._meta.label}")
    post_delete.connect(
        _finder_choices_forget, sender=_model, dispatch_uid=f"finder-choices-delete-{_model._meta.label}"
    )


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
    their places (one prefetch query for the whole page). Skills and languages are read for the
    cards by ``cards.opportunity_cards``.
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
            # Skills and languages: see cards.opportunity_cards.
            Prefetch(
                "shifts",
                queryset=shifts_with_places(upcoming.order_by("starts_at", "pk"))[:LIST_SHIFTS_PER_OPPORTUNITY],
                to_attr="next_shifts",
            ),
        )
    )


def _page_number(number) -> int | None:
    """The page asked for as ``Paginator.get_page`` reads it: not a number is 1, below 1 is the last (None)."""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        wanted = int(number)
    except (TypeError, ValueError):
        return 1
    return wanted if wanted >= 1 else None


def opportunity_page(opportunities: QuerySet[Opportunity], *, number, per_page: int) -> Page:
    """One page of ``opportunities`` (as ``Paginator(opportunities, per_page).get_page(number)``).

    The ids of the page and the number of results come from one narrow query (``COUNT(*) OVER ()``),
    the page's rows (joined and prefetched as ``opportunities`` says) from a second one for those
    ids only. Paginator's ``COUNT(*)`` and its page query each worked out the next shift of every
    listed opportunity and joined all of them to their program, partnership and community before
    sorting (bench/bench_portal.py). A page past the end (or below 1) is the last page, as with
    ``get_page``.
    """
    counted = (
        opportunities.prefetch_related(None).annotate(total_found=Window(Count("pk"))).values_list("pk", "total_found")
    )

    def ids_of(page_number: int) -> list[tuple[int, int]]:
        start = (page_number - 1) * per_page
        return list(counted[start : start + per_page])

    wanted = _page_number(number)
    rows = ids_of(wanted) if wanted else []
    if rows:
        total = rows[0][1]
    elif wanted == 1:
        total = 0
    else:  # past the end or below 1: the last page
        total = opportunities.count()
        wanted = max(1, -(-total // per_page))
        rows = ids_of(wanted) if total else []
    ids = [pk for pk, _total in rows]
    found = {opportunity.pk: opportunity for opportunity in opportunities.filter(pk__in=ids)} if ids else {}
    paginator = Paginator((), per_page)
    paginator.count = total  # a cached_property: set, never counted again
    return Page([found[pk] for pk in ids if pk in found], wanted, paginator)


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
