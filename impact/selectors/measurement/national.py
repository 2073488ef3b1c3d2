"""The national view: every visible indicator's progress in a year, grouped by forum (then partnership).

One SQL statement reads all of it, whatever the number of indicators: each indicator with its forum
or partnership, the year's target, and the total of its latest year with figures up to the year,
added up (or averaged) in the database. With every partnership's indicators (staff: some 200 of
them) the ORM's version of the same cost more to build than to run: four queries, one of them with
four correlated subqueries per indicator. Here the figures up to the year are added up (and averaged)
per indicator and year in one grouped subquery, joined on each indicator's latest year — plain SQL
that PostgreSQL and SQLite (the embedded default of ``make run``) both run. Which indicators the
viewer sees is still ``visible_indicators``'s to say.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import translation

from partnerships.models import Forum, Partnership
from programs.models import Indicator, IndicatorAggregation, IndicatorTarget, Measurement

from .progress import BEHIND, NO_TARGET, NOT_MEASURED, ON_TRACK, IndicatorFacts, Progress
from .viewer import Viewer, in_language, visible_indicators


@dataclass(slots=True)
class ForumFacts:
    """What the national view shows of a forum."""

    pk: int
    name: str
    theme: str
    is_active: bool


@dataclass(slots=True)
class PartnershipFacts:
    """What the national view shows of a partnership."""

    pk: int
    name: str


@dataclass
class ForumGroup:
    forum: Forum | ForumFacts
    rows: list[Progress] = field(default_factory=list)
    #: the viewer (or their organisation) sits on this forum
    is_mine: bool = False

    @property
    def on_track(self) -> int:
        return sum(1 for row in self.rows if row.status == ON_TRACK)


@dataclass
class PartnershipGroup:
    partnership: Partnership | PartnershipFacts
    rows: list[Progress] = field(default_factory=list)

    @property
    def on_track(self) -> int:
        return sum(1 for row in self.rows if row.status == ON_TRACK)


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


#: Forums first, each by name, then partnerships by name; in each, the indicators by name (names in the
#: reader's language, falling back to the other one as the page shows them).
_NATIONAL_VIEW_SQL = """
SELECT i.id, i.name_en, i.name_he, i.unit_en, i.unit_he, i.direction, i.baseline_value, i.baseline_year,
       target.target_value, latest.period,
       CASE WHEN i.aggregation = %s THEN latest.averaged ELSE latest.summed END, latest.reporters,
       f.id, f.name_en, f.name_he, f.theme_en, f.theme_he, f.is_active,
       p.id, p.name_en, p.name_he
FROM {indicator} i
LEFT JOIN {forum} f ON f.id = i.forum_id
LEFT JOIN {partnership} p ON p.id = i.partnership_id
LEFT JOIN {target} target ON target.indicator_id = i.id AND target.period = %s
LEFT JOIN (
    SELECT m.indicator_id, m.period, SUM(m.value) AS summed, AVG(m.value) AS averaged, COUNT(*) AS reporters
    FROM {measurement} m
    WHERE m.period <= %s
    GROUP BY m.indicator_id, m.period
) latest ON latest.indicator_id = i.id AND latest.period = (
    SELECT MAX(m2.period) FROM {measurement} m2 WHERE m2.indicator_id = i.id AND m2.period <= %s
)
WHERE i.id IN ({visible})
ORDER BY {forum_name} NULLS LAST, f.id, {partnership_name}, p.id, {indicator_name}, i.id
"""


def _decimal(value) -> Decimal | None:
    """A figure as the ORM would give it: SQLite answers sums and averages as int or float."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _name_in(alias: str, language: str) -> str:
    first, second = ("he", "en") if language == "he" else ("en", "he")
    return f"COALESCE(NULLIF({alias}.name_{first}, ''), {alias}.name_{second})"


def national_view(viewer: Viewer, year: int) -> NationalView:
    """Every indicator the viewer sees with its progress in ``year``, grouped by forum (then, for staff,
    by partnership). One query (see the module's docstring)."""
    try:
        visible, visible_params = visible_indicators(viewer).order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return NationalView(year=year, forums=[], partnerships=[])
    language = translation.get_language()
    sql = _NATIONAL_VIEW_SQL.format(
        indicator=Indicator._meta.db_table, forum=Forum._meta.db_table, partnership=Partnership._meta.db_table,
        target=IndicatorTarget._meta.db_table, measurement=Measurement._meta.db_table,
        visible=visible, forum_name=_name_in("f", language),
        partnership_name=_name_in("p", language), indicator_name=_name_in("i", language),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [IndicatorAggregation.AVERAGE.value, year, year, year, *visible_params])
        rows = cursor.fetchall()
    forums: dict[int, ForumGroup] = {}
    partnerships: dict[int, PartnershipGroup] = {}
    for (pk, name_en, name_he, unit_en, unit_he, direction, baseline, baseline_year, target, total_year, total,
         reporters, forum_id, forum_en, forum_he, theme_en, theme_he, forum_active,
         partnership_id, partnership_en, partnership_he) in rows:
        row = Progress(
            IndicatorFacts(pk, in_language(name_en, name_he, language), in_language(unit_en, unit_he, language),
                           direction, _decimal(baseline), baseline_year, forum_id, partnership_id),
            year, _decimal(target), _decimal(total), total_year, reporters or 0,
        )
        if forum_id is not None:
            group = forums.get(forum_id)
            if group is None:
                forum = ForumFacts(forum_id, in_language(forum_en, forum_he, language),
                                   in_language(theme_en, theme_he, language), forum_active)
                group = forums[forum_id] = ForumGroup(forum, is_mine=forum_id in viewer.forum_ids)
        else:
            group = partnerships.get(partnership_id)
            if group is None:
                partnership = PartnershipFacts(partnership_id, in_language(partnership_en, partnership_he, language))
                group = partnerships[partnership_id] = PartnershipGroup(partnership)
        group.rows.append(row)
    return NationalView(year=year, forums=list(forums.values()), partnerships=list(partnerships.values()))
