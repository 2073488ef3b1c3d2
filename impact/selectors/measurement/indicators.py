"""One indicator: its years (targets and totals) and the figures of each organisation the viewer may see."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, QuerySet, Sum

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
from .viewer import Viewer


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


def indicator_years(indicator: Indicator, *, this_year: int | None = None) -> list[YearRow]:
    """Every year from the baseline to the later of this year and the last target (two queries).

    The first row is the baseline (its figure is the baseline value); each later row has the year's
    target and the total of the organisations' figures (summed in the database).
    """
    this_year = this_year or current_year()
    targets = dict(indicator.targets.values_list("period", "target_value"))
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
    return list(indicator.targets.order_by("period"))


@dataclass
class OrganisationFigures:
    organisation: Organisation
    #: year -> the organisation's figure (a Measurement, with who reported it)
    figures: dict[int, Measurement] = field(default_factory=dict)
    sits_on_forum: bool = False


def member_organisations(forum_id: int) -> QuerySet[Organisation]:
    """Organisations with a current seat on the forum."""
    return Organisation.objects.filter(
        Exists(ForumMembership.objects.filter(forum_id=forum_id, organisation_id=OuterRef("pk"), left_on__isnull=True))
    )


def indicator_organisation_figures(indicator: Indicator, viewer: Viewer) -> tuple[list[int], list[OrganisationFigures]]:
    """The years with figures and, per organisation the viewer may see, its figure for each (two queries).

    Staff see every organisation that reported or sits on the forum now (those without a figure show
    who is missing); anybody else sees their own organisations only.
    """
    if indicator.forum_id is None:
        return [], []
    measurements = Measurement.objects.filter(indicator=indicator, organisation__isnull=False).select_related(
        "organisation", "reported_by"
    )
    members = member_organisations(indicator.forum_id)
    if not viewer.is_staff:
        measurements = measurements.filter(organisation_id__in=viewer.organisation_ids)
        members = members.filter(pk__in=viewer.organisation_ids)
    rows: dict[int, OrganisationFigures] = {}
    for organisation in members.order_by("name", "pk"):
        rows[organisation.pk] = OrganisationFigures(organisation, sits_on_forum=True)
    years = set()
    for measurement in measurements.order_by("period", "pk"):
        row = rows.get(measurement.organisation_id)
        if row is None:
            row = rows[measurement.organisation_id] = OrganisationFigures(measurement.organisation)
        row.figures[measurement.period] = measurement
        years.add(measurement.period)
    ordered = sorted(rows.values(), key=lambda r: (str(r.organisation.name).casefold(), r.organisation.pk))
    return sorted(years), ordered
