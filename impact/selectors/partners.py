"""Reads of the call for partners: the themes offered, the backbone's review list, the organisation's area
and the backbone's overview. Querysets come already joined and narrowed to what the viewer may see
(``impact.permissions``); every figure of the overview is one query.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation

from impact.permissions import is_backbone, visible_applications
from partnerships.models import (
    ApplicationStatus,
    Forum,
    ForumMembership,
    Meeting,
    MeetingStatus,
    Organisation,
    OrganisationContact,
    PartnerApplication,
    Sector,
)

# ---- themes


def _theme_in_language(theme_en: str, theme_he: str, language: str) -> str:
    first, second = (theme_he, theme_en) if language == "he" else (theme_en, theme_he)
    return (first or second or "").strip()


def forum_themes(*, active_only: bool) -> list[str]:
    """The forums' themes in the reader's language (the other language when missing), once each, sorted."""
    language = translation.get_language() or "en"
    forums = Forum.objects.all()
    if active_only:
        forums = forums.filter(is_active=True)
    pairs = forums.order_by().values_list("theme_en", "theme_he").distinct()
    themes = {_theme_in_language(en or "", he or "", language) for en, he in pairs}
    return sorted(t for t in themes if t)


def partner_call_themes() -> list[str]:
    """The themes an applicant may choose: those of the active forums."""
    return forum_themes(active_only=True)


def partner_call_forums() -> QuerySet[Forum]:
    """The active forums the call presents (the national forum first)."""
    return Forum.objects.filter(is_active=True).order_by("-is_national", "name_en", "pk")


def theme_variants(theme: str) -> set[str]:
    """``theme`` and its other-language wording on every forum that has it (an application keeps its own language)."""
    theme = (theme or "").strip()
    if not theme:
        return set()
    pairs = Forum.objects.filter(Q(theme_en__iexact=theme) | Q(theme_he__iexact=theme)).values_list("theme_en", "theme_he")
    variants = {theme}
    for en, he in pairs:
        variants |= {t.strip() for t in (en, he) if t and t.strip()}
    return variants


# ---- the backbone's review


def applications_for_review(
    user, *, status: str = "", sector: str = "", theme: str = "", search: str = ""
) -> QuerySet[PartnerApplication]:
    """Applications the viewer may see (all, for the backbone), filtered, newest first, with who decided
    and the name of the organisation they are linked to (``linked_name_en``, ``linked_name_he``): what the
    review list shows."""
    qs = visible_applications(user).select_related("decided_by").annotate(
        linked_name_en=F("organisation__name_en"), linked_name_he=F("organisation__name_he")
    )
    if status:
        qs = qs.filter(status=status)
    if sector:
        qs = qs.filter(sector=sector)
    if theme:
        matches = Q()
        for variant in theme_variants(theme):
            matches |= Q(themes__icontains=variant)
        qs = qs.filter(matches)
    search = (search or "").strip()
    if search:
        qs = qs.filter(
            Q(organisation_name__icontains=search)
            | Q(contact_name__icontains=search)
            | Q(contact_email__icontains=search)
            | Q(themes__icontains=search)
            | Q(motivation__icontains=search)
        )
    return qs.order_by("-submitted_at", "-pk")


def application_detail_queryset() -> QuerySet[PartnerApplication]:
    return PartnerApplication.objects.select_related("organisation", "decided_by", "applicant")


def organisations_matching(application: PartnerApplication, *, limit: int = 10) -> list[Organisation]:
    """Organisations whose name (in either language) resembles the applicant's: to link rather than duplicate."""
    name = application.organisation_name.strip()
    if not name:
        return []
    return list(
        Organisation.objects.filter(
            Q(name_en__iexact=name) | Q(name_he__iexact=name) | Q(name_en__icontains=name) | Q(name_he__icontains=name)
        ).order_by("name_en", "pk")[:limit]
    )


# ---- the backbone's overview


@dataclass(frozen=True)
class Tally:
    code: str
    label: str
    count: int


def application_status_counts() -> list[Tally]:
    """Applications per status (every status, zeros included). One query."""
    figures = PartnerApplication.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in ApplicationStatus.values}
    )
    return [Tally(code=s, label=str(ApplicationStatus(s).label), count=figures[s] or 0) for s in ApplicationStatus.values]


def organisations_by_sector() -> list[Tally]:
    """Organisations per sector (every sector, zeros included). One query."""
    figures = Organisation.objects.aggregate(**{sector: Count("pk", filter=Q(sector=sector)) for sector in Sector.values})
    return [Tally(code=s, label=str(Sector(s).label), count=figures[s] or 0) for s in Sector.values]


def forums_overview() -> list:
    """Every forum with its current members per sector against its targets, for the backbone's overview
    (``impact.selectors.forums.ForumRow`` without the next meeting, which the overview does not show).

    Two plain queries: the forums, and the current seats counted per forum and sector.
    """
    from .forums import ForumRow, sector_mix

    counts: dict[int, dict[str, int]] = {}
    seats = (
        ForumMembership.objects.filter(left_on__isnull=True)
        .order_by()
        .values_list("forum_id", "organisation__sector")
        .annotate(members=Count("pk"))
    )
    for forum_id, sector, members in seats:
        counts.setdefault(forum_id, {})[sector] = members
    return [
        ForumRow(forum=forum, members_count=sum(counts.get(forum.pk, {}).values()),
                 mix=sector_mix(forum, counts.get(forum.pk, {})), next_meeting=None)
        for forum in Forum.objects.order_by("-is_active", "-is_national", "name", "pk")
    ]


# ---- the organisation's own area


@dataclass
class PartnerForum:
    """A forum the person (or their organisation) sits on, and when it meets next."""

    forum: Forum
    next_meeting_at: datetime.datetime | None


@dataclass
class PartnerArea:
    """What one person sees of their part in collective impact."""

    organisations: list[OrganisationContact] = field(default_factory=list)
    applications: list[PartnerApplication] = field(default_factory=list)
    forums: list[PartnerForum] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.organisations or self.applications or self.forums)


def partner_forums(user, *, now: datetime.datetime | None = None) -> list[PartnerForum]:
    """The forums the person or their organisation sits on, each with its next meeting's start. One query."""
    from .forums import forums_visible

    next_meeting = (
        Meeting.objects.filter(forum_id=OuterRef("pk"), status=MeetingStatus.SCHEDULED, starts_at__gte=now or timezone.now())
        .order_by("starts_at", "pk")
        .values("starts_at")[:1]
    )
    forums = forums_visible(user).annotate(next_meeting_at=Subquery(next_meeting)).order_by(
        "-is_active", "-is_national", "name", "pk"
    )
    return [PartnerForum(forum, forum.next_meeting_at) for forum in forums]


def partner_area(user) -> PartnerArea:
    """The person's organisations (as contact), their applications (their own and their organisations'), and forums.

    Three queries at most, whatever the number of rows. For the backbone, the organisations and
    applications that are their own; every forum is in their overview (:func:`application_status_counts`…).
    """
    contacts = list(
        OrganisationContact.objects.filter(person_id=user.pk).select_related("organisation").order_by(
            "-is_primary", "organisation__name_en", "pk"
        )
    )
    org_ids = [c.organisation_id for c in contacts]
    applications = list(
        PartnerApplication.objects.filter(Q(applicant_id=user.pk) | Q(organisation_id__in=org_ids))
        .select_related("organisation")
        .order_by("-submitted_at", "-pk")
    )
    # The backbone sees every forum with its sector mix in the overview instead.
    forums = [] if is_backbone(user) else partner_forums(user)
    return PartnerArea(organisations=contacts, applications=applications, forums=forums)
