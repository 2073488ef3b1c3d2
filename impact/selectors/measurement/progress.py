"""Years, statuses and progress of shared measurement's indicators (the rules: the package's docstring).

A total is the sum of the organisations' figures for the year (their average, for an indicator whose
aggregation is an average), computed in the database.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Indicator, IndicatorDirection

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


@dataclass(slots=True)
class IndicatorFacts:
    """What the national view shows of an indicator, read as plain values (a page has some 200 of them)."""

    pk: int
    name: str
    unit: str
    direction: str
    baseline_value: Decimal
    baseline_year: int
    forum_id: int | None
    partnership_id: int | None


@dataclass
class Progress:
    """One indicator against the target of a year, with its latest total up to that year."""

    indicator: Indicator | IndicatorFacts
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
