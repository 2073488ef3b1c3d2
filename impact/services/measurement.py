"""Writes of shared measurement: indicators and their targets (staff), and the figures partners report.

- The backbone team (staff) defines an indicator (owned by a forum or by a partnership), its
  baseline and its targets, one per year.
- A partner organisation reports one figure per indicator and year (the database holds that rule:
  ``measurement_once_per_organisation_period``) for the indicators of the forums it sat on during
  that year. Its contacts report for it; staff report for any organisation. Reporting again
  corrects the figure: the row is updated and its history (django-simple-history) keeps every
  earlier value with who changed it and when.
- A partnership's indicator has one figure per year and no organisation; staff record it.

Every service is keyword-only, runs in one transaction, raises ``ValidationError`` with a
translated message (field errors keyed by the service's own argument names, which the forms
share), and logs who did what.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from impact import permissions
from partnerships.models import Forum, Organisation, Partnership
from programs.models import Indicator, IndicatorAggregation, IndicatorDirection, IndicatorTarget, Measurement

from ..selectors.measurement import FIRST_YEAR, LAST_YEAR, current_year, organisation_sat_on

logger = logging.getLogger(__name__)

#: The largest figure a row holds (14 digits, 2 of them after the point).
VALUE_MAX = Decimal("999999999999.99")
NOTE_MAX = 300
NAME_MAX = 200
UNIT_MAX = 60

HISTORY_REPORTED = "reported"
HISTORY_CORRECTED = "corrected"


def _by(user) -> int | None:
    return getattr(user, "pk", None)


def _require_staff(by) -> None:
    if not permissions.is_backbone(by):
        raise ValidationError(_("Only the backbone team can define indicators and their targets."), code="not_staff")


def figure_clean(value, *, field: str) -> Decimal:
    """A figure: a number, not negative, with at most two decimals, within what a row holds."""
    try:
        figure = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        figure = None
    if figure is None or not figure.is_finite():
        raise ValidationError({field: ValidationError(_("Enter a number."), code="figure_invalid")})
    if figure.as_tuple().exponent < -2:
        raise ValidationError(
            {field: ValidationError(_("A figure has at most two decimal places."), code="figure_decimals")}
        )
    if figure < 0:
        raise ValidationError({field: ValidationError(_("A figure cannot be negative."), code="figure_negative")})
    if figure > VALUE_MAX:
        raise ValidationError({field: ValidationError(_("This figure is too large."), code="figure_too_large")})
    return figure


def _year(value, *, field: str, low: int, high: int, message: str) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = None
    if year is None or year < low or year > high:
        raise ValidationError({field: ValidationError(message % {"low": low, "high": high}, code=f"{field}_range")})
    return year


def _text(value, *, field: str, max_length: int) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        raise ValidationError({field: ValidationError(
            _("Keep this to %(max)d characters (it has %(length)d).") % {"max": max_length, "length": len(text)},
            code=f"{field}_too_long",
        )})
    return text


# ---- figures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reported:
    measurement: Measurement
    created: bool
    #: the figure before this report (a correction), or None for a first report
    previous_value: Decimal | None

    @property
    def corrected(self) -> bool:
        return self.previous_value is not None and self.previous_value != self.measurement.value


def _may_report_for(by, organisation: Organisation) -> bool:
    if permissions.is_backbone(by):
        return True
    return organisation.pk in set(permissions.organisation_ids(by))


def _check_reporter(*, indicator: Indicator, organisation: Organisation | None, period: int, by) -> None:
    if indicator.forum_id is not None:
        if organisation is None:
            raise ValidationError(_("Say which organisation this figure is for."), code="organisation_missing")
        if not _may_report_for(by, organisation):
            raise ValidationError(
                _("You can report figures only for your own organisation."), code="not_your_organisation"
            )
        if not organisation_sat_on(organisation.pk, indicator.forum_id, period):
            raise ValidationError(
                _("%(organisation)s did not sit on %(forum)s in %(year)s, so it reports no figure for it.")
                % {"organisation": organisation.name, "forum": indicator.forum.name, "year": period},
                code="not_on_forum",
            )
    else:
        if organisation is not None:
            raise ValidationError(
                _("A partnership's indicator has one figure a year, not one per organisation."),
                code="partnership_indicator",
            )
        if not permissions.is_backbone(by):
            raise ValidationError(
                _("Only the backbone team records the figures of a partnership's indicator."), code="not_staff"
            )


def _period(indicator: Indicator, period) -> int:
    first = indicator.baseline_year + 1
    last = current_year()
    if first > last:
        raise ValidationError(
            {"period": ValidationError(
                _("The baseline is the figure of %(year)s: figures can be reported from %(next)s on.")
                % {"year": indicator.baseline_year, "next": first},
                code="period_range",
            )}
        )
    return _year(
        period, field="period", low=first, high=last,
        message=_("Figures are reported for a year from %(low)s to %(high)s."),
    )


@transaction.atomic
def measurement_report(
    *, indicator: Indicator, organisation: Organisation | None, period: int, value, note: str = "", by
) -> Reported:
    """Report (or correct) an organisation's figure for an indicator and a year.

    One row per organisation, indicator and year: a second report updates it, and the row's history
    keeps the earlier value with who changed it and when. Two reports at the same moment cannot
    make two rows (the database refuses the second; it then corrects the first).
    """
    period = _period(indicator, period)
    _check_reporter(indicator=indicator, organisation=organisation, period=period, by=by)
    figure = figure_clean(value, field="value")
    note = _text(note, field="note", max_length=NOTE_MAX)

    existing = _locked_figure(indicator, organisation, period)
    if existing is None:
        try:
            with transaction.atomic():
                measurement = Measurement(
                    indicator=indicator, organisation=organisation, period=period, value=figure, note=note,
                    reported_by=by,
                )
                measurement._history_user = by
                measurement._change_reason = HISTORY_REPORTED
                measurement.save()
        except IntegrityError:
            existing = _locked_figure(indicator, organisation, period)  # somebody reported it just now
            if existing is None:
                raise
        else:
            logger.info(
                "figure %s reported for indicator %s, organisation %s, year %s by user %s",
                measurement.pk, indicator.pk, getattr(organisation, "pk", None), period, _by(by),
            )
            return Reported(measurement, created=True, previous_value=None)

    previous = existing.value
    if existing.value == figure and existing.note == note:
        return Reported(existing, created=False, previous_value=previous)
    existing.value = figure
    existing.note = note
    existing.reported_by = by
    existing._history_user = by
    existing._change_reason = HISTORY_CORRECTED
    existing.save(update_fields=["value", "note", "reported_by", "reported_at"])
    logger.info(
        "figure %s of indicator %s, organisation %s, year %s corrected from %s to %s by user %s",
        existing.pk, indicator.pk, getattr(organisation, "pk", None), period, previous, figure, _by(by),
    )
    return Reported(existing, created=False, previous_value=previous)


def _locked_figure(indicator, organisation, period) -> Measurement | None:
    return (
        Measurement.objects.select_for_update(of=("self",))
        .select_related("indicator")
        .filter(indicator=indicator, organisation=organisation, period=period)
        .first()
    )


# ---- indicators and targets ------------------------------------------------------------------------


def _owner(owner) -> dict:
    if isinstance(owner, Forum):
        return {"forum": owner, "partnership": None}
    if isinstance(owner, Partnership):
        return {"forum": None, "partnership": owner}
    raise ValidationError({"owner": ValidationError(_("Choose the forum or partnership that owns this indicator."),
                                                     code="owner_missing")})


def _indicator_fields(
    *, name_en, name_he, description_en, description_he, unit_en, unit_he, direction, baseline_value, baseline_year,
    aggregation=IndicatorAggregation.SUM,
) -> dict:
    errors = {}
    values = {}
    for key, raw, limit in (
        ("name_en", name_en, NAME_MAX), ("name_he", name_he, NAME_MAX),
        ("unit_en", unit_en, UNIT_MAX), ("unit_he", unit_he, UNIT_MAX),
        ("description_en", description_en, 5000), ("description_he", description_he, 5000),
    ):
        try:
            values[key] = _text(raw, field=key, max_length=limit)
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if not errors and not values["name_en"] and not values["name_he"]:
        errors["name_en"] = [ValidationError(_("Give the indicator a name, in English or in Hebrew (better: both)."),
                                             code="name_missing")]
    if direction not in IndicatorDirection.values:
        errors["direction"] = [ValidationError(_("Choose whether a higher or a lower figure is better."),
                                               code="direction_invalid")]
    else:
        values["direction"] = direction
    if aggregation not in IndicatorAggregation.values:
        errors["aggregation"] = [ValidationError(_("Choose how the figures of several organisations add up."),
                                                 code="aggregation_invalid")]
    else:
        values["aggregation"] = aggregation
    try:
        values["baseline_value"] = figure_clean(baseline_value, field="baseline_value")
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        values["baseline_year"] = _year(
            baseline_year, field="baseline_year", low=FIRST_YEAR, high=current_year(),
            message=_("The baseline is a figure already measured: a year from %(low)s to %(high)s."),
        )
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def indicator_create(
    *, owner: Forum | Partnership | None, name_en: str = "", name_he: str = "", description_en: str = "",
    description_he: str = "", unit_en: str = "", unit_he: str = "", direction: str = IndicatorDirection.INCREASE,
    aggregation: str = IndicatorAggregation.SUM, baseline_value, baseline_year: int, by,
) -> Indicator:
    """A new indicator of a forum or a partnership, with its baseline (staff)."""
    _require_staff(by)
    owned = _owner(owner)
    values = _indicator_fields(
        name_en=name_en, name_he=name_he, description_en=description_en, description_he=description_he,
        unit_en=unit_en, unit_he=unit_he, direction=direction, baseline_value=baseline_value,
        baseline_year=baseline_year, aggregation=aggregation,
    )
    indicator = Indicator(**owned, **values)
    indicator.name = values["name_en"] or values["name_he"]
    indicator.save()
    logger.info("indicator %s created (forum %s, partnership %s) by user %s",
                indicator.pk, indicator.forum_id, indicator.partnership_id, _by(by))
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, owner: Forum | Partnership | None, name_en: str = "", name_he: str = "",
    description_en: str = "", description_he: str = "", unit_en: str = "", unit_he: str = "",
    direction: str = IndicatorDirection.INCREASE, aggregation: str = IndicatorAggregation.SUM, baseline_value,
    baseline_year: int, by,
) -> Indicator:
    """Change an indicator (staff). Its owner changes only while nobody has reported a figure for it,
    and its baseline year stays before every year it has a target or a figure for."""
    _require_staff(by)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    owned = _owner(owner)
    values = _indicator_fields(
        name_en=name_en, name_he=name_he, description_en=description_en, description_he=description_he,
        unit_en=unit_en, unit_he=unit_he, direction=direction, baseline_value=baseline_value,
        baseline_year=baseline_year, aggregation=aggregation,
    )
    moved = (getattr(owned["forum"], "pk", None), getattr(owned["partnership"], "pk", None)) != (
        indicator.forum_id, indicator.partnership_id
    )
    if moved and indicator.measurements.exists():
        raise ValidationError({"owner": ValidationError(
            _("Figures have been reported for this indicator: it stays with its forum or partnership."),
            code="owner_has_figures",
        )})
    earliest = min(
        [p for p in (
            indicator.targets.order_by("period").values_list("period", flat=True).first(),
            indicator.measurements.order_by("period").values_list("period", flat=True).first(),
        ) if p is not None],
        default=None,
    )
    if earliest is not None and values["baseline_year"] >= earliest:
        raise ValidationError({"baseline_year": ValidationError(
            _("This indicator has a target or a figure for %(year)s: its baseline year must come before it.")
            % {"year": earliest},
            code="baseline_after_figures",
        )})
    for key, value in {**owned, **values}.items():
        setattr(indicator, key, value)
    indicator.name = values["name_en"] or values["name_he"]
    indicator.save()
    logger.info("indicator %s changed by user %s", indicator.pk, _by(by))
    return indicator


@transaction.atomic
def indicator_target_set(*, indicator: Indicator, period, target_value, by) -> tuple[IndicatorTarget, bool]:
    """Set the target of a year (a new one, or a change of the year's target). Returns (target, created)."""
    _require_staff(by)
    errors = {}
    try:
        period = _year(
            period, field="period", low=indicator.baseline_year + 1, high=LAST_YEAR,
            message=_("A target is for a year after the baseline's: from %(low)s to %(high)s."),
        )
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        target_value = figure_clean(target_value, field="target_value")
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    target, created = IndicatorTarget.objects.update_or_create(
        indicator=indicator, period=period, defaults={"target_value": target_value}
    )
    logger.info("target of indicator %s for %s set to %s by user %s", indicator.pk, period, target_value, _by(by))
    return target, created


@transaction.atomic
def indicator_target_delete(*, indicator: Indicator, period: int, by) -> None:
    _require_staff(by)
    deleted, _rows = IndicatorTarget.objects.filter(indicator=indicator, period=period).delete()
    if not deleted:
        raise ValidationError(_("This indicator has no target for %(year)s.") % {"year": period}, code="no_target")
    logger.info("target of indicator %s for %s removed by user %s", indicator.pk, period, _by(by))
