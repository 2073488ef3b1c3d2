"""Reads of shared measurement: indicators, their targets and the figures partners report.

Who sees what (decided here and in ``impact.views.measurement``, nowhere else):

- **The national view** (every forum's indicators, their targets and the *totals* per indicator and
  year) is the collective's shared agenda: staff and every partner (a contact of a partner
  organisation, or a current forum member) read it. Anybody else gets 404.
- **Figures per organisation** are seen by staff, and by that organisation's own people only: a
  partner never sees another organisation's figure, only the totals it is part of.
- **Indicators owned by a partnership** are the partnership's own (its committee reads them on its
  dashboard); on these pages only staff see them.

A total is the sum of the organisations' figures for the year, computed in the database
(``Sum`` per indicator and year). An indicator is **on track** when its latest total up to the year
reaches the year's target in the indicator's direction: at least the target where higher is
better, at most the target where lower is better. **Progress** is how far the latest total has
moved from the baseline towards the target (0% at the baseline, 100% at the target).

Every function here runs a fixed number of queries, however many indicators, years and
organisations there are.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impact import permissions
from partnerships.models import Forum, ForumMembership, Organisation, Partnership
from programs.models import Indicator, IndicatorAggregation, IndicatorDirection, IndicatorTarget, Measurement

#: Years a figure, a target or a baseline may be for (the program began in 1994).
FIRST_YEAR = 1994
LAST_YEAR = 2100

ON_TRACK, BEHIND, NO_TARGET, NOT_MEASURED, BASELINE, LATER = (
    "on_track", "behind", "no_target", "not_measured", "baseline", "later",
)
STATUS_LABELS = {
    ON_TRACK: _("On track"),
    BEHIND: _("Behind target"),
    NO_TARGET: _("No target for this year"),
    NOT_MEASURED: _("Not measured yet"),
    BASELINE: _("Baseline"),
    LATER: _("Later year"),
}


def current_year() -> int:
    return timezone.localdate().year


def year_choose(raw, *, default: int | None = None, latest: int | None = None) -> int:
    """The year asked for (``?year=``), or ``default`` (this year) when it is missing or makes no sense."""
    fallback = default if default is not None else current_year()
    try:
        year = int(str(raw).strip())
    except (TypeError, ValueError):
        return fallback
    if year < FIRST_YEAR or year > (latest if latest is not None else LAST_YEAR):
        return fallback
    return year


# ---- who is looking -------------------------------------------------------------------------------


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


# ---- progress -------------------------------------------------------------------------------------


def is_on_track(direction: str, target: Decimal | None, total: Decimal | None) -> bool | None:
    """True/False when there is a target and a total; None otherwise."""
    if target is None or total is None:
        return None
    if direction == IndicatorDirection.DECREASE:
        return total <= target
    return total >= target


def progress_percent(baseline: Decimal, target: Decimal | None, total: Decimal | None) -> Decimal | None:
    """How far ``total`` has come from the baseline towards the target, in percent (one decimal).

    The same formula serves both directions: from 100 down to 60 is 0% at 100 and 100% at 60. It
    can be negative (moved away from the target) or above 100 (beyond it); None without a target,
    without a total, or when the target is the baseline itself.
    """
    if target is None or total is None or target == baseline:
        return None
    share = (Decimal(total) - Decimal(baseline)) * 100 / (Decimal(target) - Decimal(baseline))
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Progress:
    """One indicator against the target of a year, with its latest total up to that year."""

    indicator: Indicator
    year: int
    target: Decimal | None
    total: Decimal | None
    total_year: int | None
    reporters: int = 0

    @property
    def on_track(self) -> bool | None:
        return is_on_track(self.indicator.direction, self.target, self.total)

    @property
    def status(self) -> str:
        if self.target is None:
            return NO_TARGET
        if self.total is None:
            return NOT_MEASURED
        return ON_TRACK if self.on_track else BEHIND

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def progress(self) -> Decimal | None:
        return progress_percent(self.indicator.baseline_value, self.target, self.total)


def _totals_of(period) -> QuerySet:
    """The sum and count of the figures of the outer indicator for ``period`` (one row, grouped in SQL)."""
    return (
        Measurement.objects.filter(indicator=OuterRef("pk"), period=period)
        .order_by()
        .values("indicator")
        .annotate(
            total=Case(
                When(indicator__aggregation=IndicatorAggregation.AVERAGE, then=Avg("value")), default=Sum("value"),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            ),
            reporters=Count("pk"),
        )
    )


def with_progress(indicators: QuerySet[Indicator], year: int) -> QuerySet[Indicator]:
    """Indicators annotated with the year's target and their latest total up to the year (one query)."""
    latest_period = Subquery(
        Measurement.objects.filter(indicator=OuterRef("pk"), period__lte=year)
        .order_by("-period")
        .values("period")[:1]
    )
    return indicators.annotate(
        target_of_year=Subquery(
            IndicatorTarget.objects.filter(indicator=OuterRef("pk"), period=year).values("target_value")[:1]
        ),
        latest_period=latest_period,
    ).annotate(
        latest_total=Subquery(_totals_of(OuterRef("latest_period")).values("total")[:1]),
        latest_reporters=Coalesce(Subquery(_totals_of(OuterRef("latest_period")).values("reporters")[:1]), 0),
    )


def _progress(row: Indicator, year: int) -> Progress:
    return Progress(row, year, row.target_of_year, row.latest_total, row.latest_period, row.latest_reporters)


# ---- the national view ----------------------------------------------------------------------------


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


def visible_indicators(viewer: Viewer) -> QuerySet[Indicator]:
    """Every forum's indicators for staff and partners; partnerships' indicators for staff too."""
    if not viewer.may_read:
        return Indicator.objects.none()
    if viewer.is_staff:
        return Indicator.objects.all()
    return Indicator.objects.filter(forum__isnull=False)


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
            group.rows.append(_progress(row, year))
        else:
            group = partnerships.get(row.partnership_id)
            if group is None:
                group = partnerships[row.partnership_id] = PartnershipGroup(row.partnership)
            group.rows.append(_progress(row, year))
    return NationalView(year=year, forums=list(forums.values()), partnerships=list(partnerships.values()))


# ---- one indicator --------------------------------------------------------------------------------


def indicator_for(viewer: Viewer, pk: int) -> Indicator:
    """The indicator if this viewer may see it (404 otherwise, as for one that does not exist)."""
    indicator = visible_indicators(viewer).select_related("forum", "partnership").filter(pk=pk).first()
    if indicator is None:
        raise Http404
    return indicator


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


def _member_organisations(forum_id: int) -> QuerySet[Organisation]:
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
    members = _member_organisations(indicator.forum_id)
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


# ---- reporting ------------------------------------------------------------------------------------


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def seated_during(year: int, *, forum_ref="forum_id", organisation=None) -> QuerySet[ForumMembership]:
    """Seats (past or current) that overlap the year: an organisation "sits on" a forum in a year
    when one of its seats overlapped any day of it."""
    start, end = year_span(year)
    seats = ForumMembership.objects.filter(joined_on__lte=end).filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
    if forum_ref is not None:
        seats = seats.filter(forum_id=OuterRef(forum_ref))
    if organisation is not None:
        seats = seats.filter(organisation=organisation)
    return seats


def organisation_sat_on(organisation_id: int, forum_id: int, year: int) -> bool:
    return seated_during(year, forum_ref=None).filter(organisation_id=organisation_id, forum_id=forum_id).exists()


def reporting_organisations(viewer: Viewer) -> QuerySet[Organisation]:
    """Whom the viewer reports for: staff, any organisation that has (or had) a forum seat; others, their own."""
    if viewer.is_staff:
        return Organisation.objects.filter(
            Exists(ForumMembership.objects.filter(organisation_id=OuterRef("pk")))
        ).order_by("name", "pk")
    return Organisation.objects.filter(pk__in=viewer.organisation_ids).order_by("name", "pk")


def organisation_for(viewer: Viewer, pk) -> Organisation:
    """An organisation the viewer reports for (404 for anybody else's, as for one that does not exist)."""
    return permissions.organisation_for(viewer.user, pk)


@dataclass
class Correction:
    """A figure that was changed: from what, to what, when and by whom (from the row's history)."""

    old_value: Decimal
    new_value: Decimal
    when: datetime.datetime
    who: object | None


def measurement_corrections(measurement_ids) -> dict[int, list[Correction]]:
    """Each figure's corrections, oldest first, read from its history (one query for all of them)."""
    ids = list(measurement_ids)
    if not ids:
        return {}
    records = (
        Measurement.history.filter(id__in=ids)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    corrections: dict[int, list[Correction]] = {}
    previous = None
    for record in records:
        if previous is not None and previous.id == record.id and previous.value != record.value:
            corrections.setdefault(record.id, []).append(
                Correction(previous.value, record.value, record.history_date, record.history_user)
            )
        previous = record
    return corrections


@dataclass
class ReportRow:
    indicator: Indicator
    period: int
    target: Decimal | None
    measurement: Measurement | None
    corrections: list[Correction] = field(default_factory=list)

    @property
    def reportable(self) -> bool:
        """A figure is for a year after the baseline's (the baseline is the figure of its own year)."""
        return self.indicator.baseline_year < self.period

    @property
    def last_correction(self) -> Correction | None:
        return self.corrections[-1] if self.corrections else None


def reportable_indicators(organisation: Organisation, year: int) -> QuerySet[Indicator]:
    """Indicators of the forums the organisation sat on during the year."""
    return Indicator.objects.filter(forum__isnull=False).filter(
        Exists(seated_during(year, organisation=organisation))
    )


def organisation_report(organisation: Organisation, year: int) -> list[ReportRow]:
    """The organisation's indicators for a year with its own figure and its corrections (three queries)."""
    indicators = list(
        reportable_indicators(organisation, year)
        .select_related("forum")
        .annotate(
            target_of_year=Subquery(
                IndicatorTarget.objects.filter(indicator=OuterRef("pk"), period=year).values("target_value")[:1]
            )
        )
        .order_by("forum__name", "forum_id", "name", "pk")
    )
    measurements = {
        m.indicator_id: m
        for m in Measurement.objects.filter(
            organisation=organisation, period=year, indicator__in=[i.pk for i in indicators]
        ).select_related("reported_by")
    }
    corrections = measurement_corrections(m.pk for m in measurements.values())
    rows = []
    for indicator in indicators:
        measurement = measurements.get(indicator.pk)
        rows.append(ReportRow(
            indicator, year, indicator.target_of_year, measurement,
            corrections.get(measurement.pk, []) if measurement else [],
        ))
    return rows


def reportable_indicator_for(viewer: Viewer, organisation: Organisation, indicator_pk: int, year: int) -> Indicator:
    """A forum's indicator the organisation may report for the year (404 otherwise)."""
    if year < FIRST_YEAR or year > current_year():
        raise Http404
    indicator = (
        reportable_indicators(organisation, year).select_related("forum").filter(pk=indicator_pk).first()
    )
    if indicator is None or not viewer.may_read:
        raise Http404
    return indicator


def figure_of(indicator: Indicator, organisation: Organisation | None, year: int) -> Measurement | None:
    return (
        Measurement.objects.filter(indicator=indicator, organisation=organisation, period=year)
        .select_related("reported_by")
        .first()
    )
