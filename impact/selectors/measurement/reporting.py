"""Reporting: whom a viewer reports for, an organisation's indicators and figures for a year, and corrections."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from impact import permissions
from partnerships.models import ForumMembership, Organisation
from programs.models import Indicator, IndicatorTarget, Measurement

from .progress import FIRST_YEAR, current_year
from .viewer import Viewer


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
    """The organisation's indicators for a year with its own figure (one query: a figure is joined to
    its indicator, there is at most one per organisation and year) and the figures' corrections (one more)."""
    indicators = list(
        reportable_indicators(organisation, year)
        .annotate(
            target_of_year=Subquery(
                IndicatorTarget.objects.filter(indicator=OuterRef("pk"), period=year).order_by().values("target_value")[:1]
            ),
            own_figure=FilteredRelation(
                "measurements", condition=Q(measurements__organisation=organisation, measurements__period=year)
            ),
        )
        .select_related("forum", "own_figure", "own_figure__reported_by")
        .order_by("forum__name", "forum_id", "name", "pk")
    )
    # Without a figure, the joined relation is not set at all.
    figures = {indicator.pk: getattr(indicator, "own_figure", None) for indicator in indicators}
    corrections = measurement_corrections(figure.pk for figure in figures.values() if figure is not None)
    return [
        ReportRow(
            indicator, year, indicator.target_of_year, figures[indicator.pk],
            corrections.get(figures[indicator.pk].pk, []) if figures[indicator.pk] is not None else [],
        )
        for indicator in indicators
    ]


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
