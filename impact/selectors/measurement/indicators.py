"""One indicator: its years (targets and totals) and the figures of each organisation the viewer may see."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, QuerySet, Sum
from django.utils import translation

from partnerships.models import ForumMembership, Organisation
from programs.models import Indicator, IndicatorAggregation, IndicatorTarget, Measurement

from .progress import (
    BASELINE,
    BEHIND,
    LATER,
    NO_TARGET,
    NOT_MEASURED,
    ON_TRACK,
    STATUS_LABELS,
    current_year,
    is_on_track,
    progress_percent,
)
from .viewer import Viewer, in_language


@dataclass
class YearRow:
    """One year of an indicator: its target, the total of the figures reported, how many reported."""

    indicator: Indicator
    period: int
    target: Decimal | None = None
    total: Decimal | None = None
    reporters: int | None = None
    is_baseline: bool = False
    is_future: bool = False

    @property
    def status(self) -> str:
        if self.is_baseline:
            return BASELINE
        if self.is_future:
            return LATER
        if self.target is None:
            return NO_TARGET
        if self.total is None:
            return NOT_MEASURED
        return ON_TRACK if is_on_track(self.indicator.direction, self.target, self.total) else BEHIND

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def progress(self) -> Decimal | None:
        if self.is_baseline:
            return None
        return progress_percent(self.indicator.baseline_value, self.target, self.total)


def indicator_years(
    indicator: Indicator, *, this_year: int | None = None, targets: list[IndicatorTarget] | None = None
) -> list[YearRow]:
    """Every year from the baseline to the later of this year and the last target (two queries, one
    when the indicator's ``targets`` are given: :func:`indicator_targets`).

    The first row is the baseline (its figure is the baseline value); each later row has the year's
    target and the total of the organisations' figures (summed in the database).
    """
    this_year = this_year or current_year()
    if targets is None:
        targets = dict(indicator.targets.order_by().values_list("period", "target_value"))
    else:
        targets = {target.period: target.target_value for target in targets}
    totals = {
        row["period"]: row
        for row in Measurement.objects.filter(indicator=indicator)
        .order_by()
        .values("period")
        .annotate(
            total=(Avg if indicator.aggregation == IndicatorAggregation.AVERAGE else Sum)("value"),
            reporters=Count("pk"),
        )
    }
    first = indicator.baseline_year
    last = max([this_year, first, *targets, *totals])
    rows = [YearRow(indicator, first, total=indicator.baseline_value, is_baseline=True)]
    for period in range(first + 1, last + 1):
        figures = totals.get(period)
        rows.append(YearRow(
            indicator, period,
            target=targets.get(period),
            total=figures["total"] if figures else None,
            reporters=figures["reporters"] if figures else 0,
            is_future=period > this_year,
        ))
    return rows


def indicator_targets(indicator: Indicator) -> list[IndicatorTarget]:
    """The indicator's targets, year by year (one query)."""
    return list(indicator.targets.order_by("period"))


@dataclass
class OrganisationFigures:
    """An organisation and its figures of an indicator, year by year."""

    organisation_id: int
    name: str
    #: year -> the organisation's figure
    figures: dict[int, Decimal] = field(default_factory=dict)
    sits_on_forum: bool = False


def member_organisations(forum_id: int) -> QuerySet[Organisation]:
    """Organisations with a current seat on the forum."""
    return Organisation.objects.filter(
        Exists(ForumMembership.objects.filter(forum_id=forum_id, organisation_id=OuterRef("pk"), left_on__isnull=True))
    )


def indicator_organisation_figures(indicator: Indicator, viewer: Viewer) -> tuple[list[int], list[OrganisationFigures]]:
    """The years with figures and, per organisation the viewer may see, its figure for each (two queries,
    read as plain values).

    Staff see every organisation that reported or sits on the forum now (those without a figure show
    who is missing); anybody else sees their own organisations only.
    """
    if indicator.forum_id is None:
        return [], []
    measurements = Measurement.objects.filter(indicator=indicator, organisation__isnull=False)
    members = member_organisations(indicator.forum_id)
    if not viewer.is_staff:
        measurements = measurements.filter(organisation_id__in=viewer.organisation_ids)
        members = members.filter(pk__in=viewer.organisation_ids)
    language = translation.get_language()
    rows: dict[int, OrganisationFigures] = {}
    for pk, name_en, name_he in members.order_by().values_list("pk", "name_en", "name_he"):
        rows[pk] = OrganisationFigures(pk, in_language(name_en, name_he, language), sits_on_forum=True)
    years = set()
    figures = measurements.order_by("period", "pk").values_list(
        "organisation_id", "organisation__name_en", "organisation__name_he", "period", "value"
    )
    for organisation_id, name_en, name_he, period, value in figures:
        row = rows.get(organisation_id)
        if row is None:
            row = rows[organisation_id] = OrganisationFigures(organisation_id, in_language(name_en, name_he, language))
        row.figures[period] = value
        years.add(period)
    ordered = sorted(rows.values(), key=lambda r: (r.name.casefold(), r.organisation_id))
    return sorted(years), ordered
