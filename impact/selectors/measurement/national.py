"""The national view: every visible indicator's progress in a year, grouped by forum (then partnership)."""

from dataclasses import dataclass, field

from partnerships.models import Forum, Partnership

from .progress import BEHIND, NO_TARGET, NOT_MEASURED, ON_TRACK, Progress, progress_of, with_progress
from .viewer import Viewer, visible_indicators


@dataclass
class ForumGroup:
    forum: Forum
    rows: list[Progress] = field(default_factory=list)
    #: the viewer (or their organisation) sits on this forum
    is_mine: bool = False

    @property
    def on_track(self) -> int:
        return sum(1 for row in self.rows if row.status == ON_TRACK)


@dataclass
class PartnershipGroup:
    partnership: Partnership
    rows: list[Progress] = field(default_factory=list)


@dataclass
class NationalView:
    year: int
    forums: list[ForumGroup]
    partnerships: list[PartnershipGroup]

    @property
    def indicator_count(self) -> int:
        return sum(len(g.rows) for g in self.forums) + sum(len(g.rows) for g in self.partnerships)

    @property
    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys((ON_TRACK, BEHIND, NO_TARGET, NOT_MEASURED), 0)
        for group in [*self.forums, *self.partnerships]:
            for row in group.rows:
                counts[row.status] += 1
        return counts


def national_view(viewer: Viewer, year: int) -> NationalView:
    """Every visible indicator with its progress in ``year``, grouped by forum (then partnership).

    One query for the indicators with their targets and totals, whatever their number.
    """
    rows = (
        with_progress(visible_indicators(viewer), year)
        .select_related("forum", "partnership")
        .order_by("forum__name", "partnership__name", "forum_id", "partnership_id", "name", "pk")
    )
    forums: dict[int, ForumGroup] = {}
    partnerships: dict[int, PartnershipGroup] = {}
    for row in rows:
        if row.forum_id is not None:
            group = forums.get(row.forum_id)
            if group is None:
                group = forums[row.forum_id] = ForumGroup(row.forum, is_mine=row.forum_id in viewer.forum_ids)
            group.rows.append(progress_of(row, year))
        else:
            group = partnerships.get(row.partnership_id)
            if group is None:
                group = partnerships[row.partnership_id] = PartnershipGroup(row.partnership)
            group.rows.append(progress_of(row, year))
    return NationalView(year=year, forums=list(forums.values()), partnerships=list(partnerships.values()))
