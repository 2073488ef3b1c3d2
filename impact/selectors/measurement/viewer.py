"""Who is looking at shared measurement, and which indicators they see."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from programs.models import Indicator


@dataclass(frozen=True)
class Viewer:
    """What one person may see of shared measurement (built once per request)."""

    user: object
    is_staff: bool
    #: the organisations this person acts for (reports and sees the figures of)
    organisation_ids: frozenset = frozenset()
    #: the forums this person, or their organisation, sits on
    forum_ids: frozenset = frozenset()
    is_partner: bool = False

    @property
    def may_read(self) -> bool:
        return self.is_staff or self.is_partner

    @property
    def audience(self) -> str:
        """Which indicators :func:`visible_indicators` shows this viewer depends on this alone: "staff"
        (every one), "partners" (the forums') or "nobody" (what may be kept for one reader serves all of them)."""
        if self.is_staff:
            return "staff"
        return "partners" if self.may_read else "nobody"

    @property
    def may_report(self) -> bool:
        """Reports figures: staff, or a contact of an organisation (a seat alone reads, but reports nothing)."""
        return self.is_staff or bool(self.organisation_ids)


def in_language(english: str | None, hebrew: str | None, language: str) -> str:
    """A translated field's value in ``language``, else in the other one (as the model's own field falls back):
    for pages that read names as plain values."""
    first, second = (hebrew, english) if language == "he" else (english, hebrew)
    return first or second or ""


def visible_indicators(viewer: Viewer) -> QuerySet[Indicator]:
    """Every forum's indicators for staff and partners; partnerships' indicators for staff too."""
    if not viewer.may_read:
        return Indicator.objects.none()
    if viewer.is_staff:
        return Indicator.objects.all()
    return Indicator.objects.filter(forum__isnull=False)


def indicator_for(viewer: Viewer, pk: int) -> Indicator:
    """The indicator if this viewer may see it (404 otherwise, as for one that does not exist)."""
    indicator = visible_indicators(viewer).select_related("forum", "partnership").filter(pk=pk).first()
    if indicator is None:
        raise Http404
    return indicator
