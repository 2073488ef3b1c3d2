"""Progress against target: the direction of an indicator, totals summed per indicator and year."""

from decimal import Decimal

import pytest

from impact.selectors import measurement as selectors
from programs.models import IndicatorDirection, Measurement
from tests import factories as f

D = Decimal
UP, DOWN = IndicatorDirection.INCREASE, IndicatorDirection.DECREASE


@pytest.mark.parametrize(
    ("direction", "target", "total", "expected"),
    [
        (UP, D("100"), D("100"), True),      # reaching the target is on track
        (UP, D("100"), D("99.99"), False),
        (UP, D("100"), D("150"), True),
        (DOWN, D("30"), D("30"), True),
        (DOWN, D("30"), D("30.01"), False),  # lower is better: above the target is behind
        (DOWN, D("30"), D("12"), True),
        (UP, None, D("5"), None),
        (DOWN, D("5"), None, None),
    ],
)
def test_on_track_follows_the_direction_of_the_indicator(direction, target, total, expected):
    assert selectors.is_on_track(direction, target, total) is expected


@pytest.mark.parametrize(
    ("baseline", "target", "total", "expected"),
    [
        (D("100"), D("200"), D("150"), D("50.0")),   # higher is better, halfway
        (D("100"), D("200"), D("250"), D("150.0")),  # beyond the target
        (D("100"), D("200"), D("90"), D("-10.0")),   # moved away from it
        (D("40"), D("30"), D("33"), D("70.0")),      # lower is better: 40 → 33 of the way to 30
        (D("40"), D("30"), D("45"), D("-50.0")),
        (D("40"), D("40"), D("33"), None),           # the target is the baseline: no share to speak of
        (D("40"), None, D("33"), None),
        (D("40"), D("30"), None, None),
    ],
)
def test_progress_is_the_way_from_the_baseline_to_the_target(baseline, target, total, expected):
    assert selectors.progress_percent(baseline, target, total) == expected


def _staff_viewer(mw):
    return selectors.Viewer(mw.staff, is_staff=True, is_partner=True)


def _rows(national):
    rows = {}
    for group in [*national.forums, *national.partnerships]:
        for row in group.rows:
            rows[row.indicator.pk] = row
    return rows


def test_national_totals_are_the_sum_of_the_organisations_figures(measure_world):
    mw = measure_world
    rows = _rows(selectors.national_view(_staff_viewer(mw), mw.year))

    up = rows[mw.up.pk]
    assert (up.total, up.total_year, up.reporters, up.target) == (D("13086"), mw.year, 2, D("12000"))
    assert up.status == selectors.ON_TRACK
    down = rows[mw.down.pk]
    assert (down.total, down.reporters, down.target) == (D("33"), 2, D("30"))
    assert down.status == selectors.BEHIND  # lower is better and 33 > 30
    other = rows[mw.other.pk]
    assert (other.total, other.reporters, other.status) == (D("12"), 1, selectors.BEHIND)


def test_an_earlier_year_compares_that_years_totals_with_that_years_target(measure_world):
    mw = measure_world
    rows = _rows(selectors.national_view(_staff_viewer(mw), mw.last_year))
    up = rows[mw.up.pk]
    assert (up.total, up.total_year, up.target, up.status) == (D("5500"), mw.last_year, D("6000"), selectors.BEHIND)
    down = rows[mw.down.pk]
    assert (down.total, down.status) == (None, selectors.NO_TARGET)


def test_a_later_year_uses_the_latest_total_so_far(measure_world):
    mw = measure_world
    f.IndicatorTargetFactory(indicator=mw.up, period=mw.year + 1, target_value=D("14000"))
    up = _rows(selectors.national_view(_staff_viewer(mw), mw.year + 1))[mw.up.pk]
    assert (up.total, up.total_year, up.target, up.status) == (D("13086"), mw.year, D("14000"), selectors.BEHIND)


def test_a_correction_changes_the_total_and_never_adds_to_it(measure_world):
    mw = measure_world
    mw.teva_up.value = D("9000")
    mw.teva_up.save()
    up = _rows(selectors.national_view(_staff_viewer(mw), mw.year))[mw.up.pk]
    assert (up.total, up.reporters) == (D("13321"), 2)


def test_the_national_view_groups_by_forum_and_keeps_partnerships_for_staff(measure_world):
    mw = measure_world
    national = selectors.national_view(_staff_viewer(mw), mw.year)
    assert [g.forum.pk for g in national.forums] == [mw.forum.pk, mw.other_forum.pk]
    assert [[r.indicator.pk for r in g.rows] for g in national.forums] == [[mw.up.pk, mw.down.pk], [mw.other.pk]]
    assert [g.partnership.pk for g in national.partnerships] == [mw.partnership.pk]

    partner = selectors.Viewer(mw.other_contact, is_staff=False, organisation_ids=frozenset({mw.ashdod.pk}),
                               forum_ids=frozenset({mw.other_forum.pk}), is_partner=True)
    national = selectors.national_view(partner, mw.year)
    assert [g.forum.pk for g in national.forums] == [mw.forum.pk, mw.other_forum.pk]  # every forum: the shared agenda
    assert [g.is_mine for g in national.forums] == [False, True]
    assert national.partnerships == []


def test_indicator_years_run_from_the_baseline_to_the_last_target(measure_world):
    mw = measure_world
    f.IndicatorTargetFactory(indicator=mw.up, period=mw.year + 2, target_value=D("15000"))
    rows = selectors.indicator_years(mw.up, this_year=mw.year)
    assert [r.period for r in rows] == list(range(mw.year - 3, mw.year + 3))
    baseline = rows[0]
    assert (baseline.is_baseline, baseline.total, baseline.status) == (True, D("2000"), selectors.BASELINE)
    by_year = {r.period: r for r in rows}
    assert (by_year[mw.last_year].total, by_year[mw.last_year].reporters) == (D("5500"), 2)
    assert by_year[mw.last_year].progress == D("87.5")  # 2,000 → 5,500 of the way to 6,000
    assert (by_year[mw.year].total, by_year[mw.year].status) == (D("13086"), selectors.ON_TRACK)
    assert by_year[mw.year - 2].status == selectors.NO_TARGET
    assert by_year[mw.year + 2].status == selectors.LATER
    assert by_year[mw.year + 2].target == D("15000")


def test_a_partnerships_single_figure_is_its_total(measure_world):
    mw = measure_world
    rows = {r.period: r for r in selectors.indicator_years(mw.partnership_indicator, this_year=mw.year)}
    assert rows[mw.last_year].total == D("7")
    assert Measurement.objects.filter(indicator=mw.partnership_indicator).count() == 1


def test_a_rate_indicator_averages_the_organisations_figures(measure_world):
    """A percentage reported by two organisations is their average, not their sum, on every page."""
    mw = measure_world
    mw.down.aggregation = "average"
    mw.down.save(update_fields=["aggregation"])
    rows = _rows(selectors.national_view(_staff_viewer(mw), mw.year))
    assert rows[mw.down.pk].total == D("16.5")  # the two figures add up to 33
    assert rows[mw.down.pk].status == selectors.ON_TRACK  # lower is better and 16.5 <= 30
    years = {row.period: row for row in selectors.indicator_years(mw.down)}
    assert years[mw.year].total == D("16.5")
