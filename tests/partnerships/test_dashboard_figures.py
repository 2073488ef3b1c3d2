"""The dashboards' figures against a small world computed by hand.

``dashboard_world`` builds one fiscal year (this year, Y) and the one before it for the workspace's
partnership, and noise that must not count (other partnerships, other years, unapproved hours,
returned lines, a currency without a rate). The expected figures below are worked out by hand:

Rates: 1 USD = 4 ILS in Y, 3.5 ILS in Y-1; ARS has no rate at all.

Budget lines of Y (all in USD once converted):
  twinning (personal)  federations      USD  proposed 10,000  approved  8,000  spent 5,000  approved
  twinning (personal)  local authority  ILS  proposed 40,000  approved 20,000  spent 8,000  approved
                                             = 10,000         =  5,000         = 2,000
  employment (regional) Jewish Agency   USD  proposed  6,000  approved  6,000  spent 1,000  approved
  employment (regional) federations     USD  proposed  4,000  (3,000 but returned: not approved)
  employment (regional) other           ARS  no rate: left out, listed
  => personal 20,000 / 13,000 / 7,000; regional 10,000 / 6,000 / 1,000; total 30,000 / 19,000 / 8,000
  => federations 14,000 / 8,000 / 5,000; local authority 10,000 / 5,000 / 2,000; Jewish Agency 6,000 / 6,000 / 1,000
Budget lines of Y-1: twinning 3,000 USD closed; employment 21,000 ILS closed (= 6,000 USD).
  => personal share Y-1 = 3,000 / 9,000 = 33.3 %; Y = 13,000 / 19,000 = 68.4 %.
Participants in Y: twinning 10+5 from the Diaspora, 20+7 from Israel; employment 0 and 40.
Approved volunteer hours in Y: twinning 3 + 2.5 = 5.5; employment 1.25 (pending, rejected and
  last year's hours do not count).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from communities.models import Side
from partnerships.models import ActionItemStatus, MeetingStatus, MembershipRole
from partnerships.selectors import dashboard as figures
from partnerships.selectors.dashboard import tables
from programs.models import AllocationStatus, Category, FundingSource, IndicatorDirection
from programs.money import Rates
from tests import factories as f
from volunteers.models import HoursStatus

pytestmark = pytest.mark.django_db

D = Decimal


def _line(program, year, source, currency, proposed, approved=None, spent="0", status=AllocationStatus.APPROVED,
          **kwargs):
    return f.BudgetAllocationFactory(
        program=program, fiscal_year=year, funding_source=source, currency=currency, proposed_amount=D(proposed),
        approved_amount=D(approved) if approved is not None else None, spent_amount=D(spent), status=status, **kwargs,
    )


def build_world(w, *, copies: int = 1):
    """The hand-computed world above for ``w.partnership`` (``copies`` > 1 adds that many times more noise
    in other partnerships, programs and years, for query-count tests; the figures of w.partnership stay)."""
    today = timezone.localdate()
    y = today.year
    w.year = y
    f.ExchangeRateFactory(currency="ILS", year=y, units_per_usd=D("4"))
    f.ExchangeRateFactory(currency="ILS", year=y - 1, units_per_usd=D("3.5"))

    w.twinning = f.ProgramFactory(partnership=w.partnership, name_en="School twinning", name_he="תאומות בתי ספר",
                                  category=Category.PERSONAL_CONNECTIONS)
    w.employment = f.ProgramFactory(partnership=w.partnership, name_en="Employment hub", name_he="מרכז תעסוקה",
                                    category=Category.REGIONAL_DEVELOPMENT)
    _line(w.twinning, y, FundingSource.FEDERATIONS, "USD", "10000", "8000", "5000")
    _line(w.twinning, y, FundingSource.LOCAL_AUTHORITY, "ILS", "40000", "20000", "8000")
    _line(w.employment, y, FundingSource.JEWISH_AGENCY, "USD", "6000", "6000", "1000")
    _line(w.employment, y, FundingSource.FEDERATIONS, "USD", "4000", "3000", status=AllocationStatus.RETURNED,
          status_reason="Too much for one year")
    _line(w.employment, y, FundingSource.OTHER, "ARS", "1000000", "1000000")
    _line(w.twinning, y - 1, FundingSource.FEDERATIONS, "USD", "3000", "3000", "3000", status=AllocationStatus.CLOSED)
    _line(w.employment, y - 1, FundingSource.LOCAL_AUTHORITY, "ILS", "21000", "21000", status=AllocationStatus.CLOSED)

    jan, mar = datetime.date(y, 1, 15), datetime.date(y, 3, 1)
    f.ActivityFactory(program=w.twinning, date=jan, participants_diaspora=10, participants_israel=20)
    f.ActivityFactory(program=w.twinning, date=mar, participants_diaspora=5, participants_israel=7)
    f.ActivityFactory(program=w.twinning, date=datetime.date(y - 1, 12, 31), participants_diaspora=100,
                      participants_israel=100)
    f.ActivityFactory(program=w.employment, date=jan, participants_diaspora=0, participants_israel=40)

    volunteer = w.volunteer
    f.HoursLogFactory(program=w.twinning, volunteer=volunteer, date=jan, hours=D("3"), status=HoursStatus.APPROVED)
    f.HoursLogFactory(program=w.twinning, volunteer=volunteer, date=mar, hours=D("2.5"), status=HoursStatus.APPROVED)
    f.HoursLogFactory(program=w.twinning, volunteer=volunteer, date=mar, hours=D("4"), status=HoursStatus.PENDING)
    f.HoursLogFactory(program=w.twinning, volunteer=volunteer, date=mar, hours=D("1"), status=HoursStatus.REJECTED,
                      rejection_reason="Not a shift of this program")
    f.HoursLogFactory(program=w.twinning, volunteer=volunteer, date=datetime.date(y - 1, 6, 1), hours=D("5"),
                      status=HoursStatus.APPROVED)
    f.HoursLogFactory(program=w.employment, volunteer=volunteer, date=jan, hours=D("1.25"),
                      status=HoursStatus.APPROVED)

    # Indicators: higher is better and on track; lower is better and behind; no target; lower and on track.
    up = f.IndicatorFactory(partnership=w.partnership, name_en="Participants", name_he="משתתפים",
                            direction=IndicatorDirection.INCREASE, baseline_value=D("10"))
    f.IndicatorTargetFactory(indicator=up, period=y, target_value=D("20"))
    f.MeasurementFactory(indicator=up, period=y - 1, value=D("22"))
    f.MeasurementFactory(indicator=up, period=y + 1, value=D("5"))  # after the year: not counted
    down = f.IndicatorFactory(partnership=w.partnership, name_en="Turnover", name_he="תחלופה",
                              direction=IndicatorDirection.DECREASE, baseline_value=D("40"))
    f.IndicatorTargetFactory(indicator=down, period=y, target_value=D("30"))
    f.MeasurementFactory(indicator=down, period=y, value=D("35"))
    untargeted = f.IndicatorFactory(partnership=w.partnership, name_en="Volunteers", name_he="מתנדבים")
    f.MeasurementFactory(indicator=untargeted, period=y, value=D("50"))
    down_ok = f.IndicatorFactory(partnership=w.partnership, name_en="Waiting list", name_he="רשימת המתנה",
                                 direction=IndicatorDirection.DECREASE, baseline_value=D("40"))
    f.IndicatorTargetFactory(indicator=down_ok, period=y, target_value=D("30"))
    f.MeasurementFactory(indicator=down_ok, period=y, value=D("25"))
    w.indicators = {"up": up, "down": down, "untargeted": untargeted, "down_ok": down_ok}

    now = timezone.now()
    w.meetings = [
        f.MeetingFactory(committee=w.steering if i % 2 else w.sub, starts_at=now + datetime.timedelta(days=i + 1),
                         status=MeetingStatus.SCHEDULED, title_en=f"Meeting {i}", title_he=f"ישיבה {i}")
        for i in range(6)
    ]
    f.MeetingFactory(committee=w.steering, starts_at=now + datetime.timedelta(hours=2), status=MeetingStatus.CANCELLED)
    f.MeetingFactory(committee=w.steering, starts_at=now - datetime.timedelta(days=2), status=MeetingStatus.HELD)

    w.overdue_open = f.ActionItemFactory(committee=w.steering, owner=w.member_israel,
                                         due_on=today - datetime.timedelta(days=3), title_en="Send the minutes")
    w.overdue_progress = f.ActionItemFactory(committee=w.sub, owner=w.sub_chair, status=ActionItemStatus.IN_PROGRESS,
                                             due_on=today - datetime.timedelta(days=10), title_en="Book the hall")
    f.ActionItemFactory(committee=w.steering, status=ActionItemStatus.DONE, completed_on=today,
                        due_on=today - datetime.timedelta(days=20))
    f.ActionItemFactory(committee=w.steering, status=ActionItemStatus.CANCELLED,
                        due_on=today - datetime.timedelta(days=5))
    f.ActionItemFactory(committee=w.steering, due_on=today + datetime.timedelta(days=2))

    # Noise elsewhere: another partnership's figures, meetings and action items.
    for i in range(copies):
        program = f.ProgramFactory(partnership=w.other, category=Category.REGIONAL_DEVELOPMENT)
        _line(program, y, FundingSource.FEDERATIONS, "USD", "999", "999", "999")
        _line(program, y - 1 - i, FundingSource.FEDERATIONS, "ILS", "999", "999")
        f.ActivityFactory(program=program, date=jan, participants_diaspora=999, participants_israel=999)
        f.HoursLogFactory(program=program, volunteer=volunteer, date=jan, hours=D("9"), status=HoursStatus.APPROVED)
        f.MeetingFactory(committee=w.other_steering, starts_at=now + datetime.timedelta(hours=1 + i))
        f.ActionItemFactory(committee=w.other_steering, due_on=today - datetime.timedelta(days=1 + i))
        indicator = f.IndicatorFactory(partnership=w.other)
        f.IndicatorTargetFactory(indicator=indicator, period=y, target_value=D("1"))
    return w


@pytest.fixture
def world(workspace):
    return build_world(workspace)


def data_for(w, year=None):
    summary = figures.partnership_summary(w.partnership)
    return tables.DashboardData(w.partnership, year or w.year, summary=summary)


def test_budget_of_the_year_by_category_and_source_in_the_reporting_currency(world):
    budget = data_for(world).budget
    by_category = {g.key: g.amounts for g in budget.by_category}
    assert by_category[Category.PERSONAL_CONNECTIONS] == figures.Amounts(D("20000"), D("13000"), D("7000"))
    assert by_category[Category.REGIONAL_DEVELOPMENT] == figures.Amounts(D("10000"), D("6000"), D("1000"))
    by_source = {g.key: g.amounts for g in budget.by_source}
    assert by_source == {
        FundingSource.FEDERATIONS: figures.Amounts(D("14000"), D("8000"), D("5000")),
        FundingSource.LOCAL_AUTHORITY: figures.Amounts(D("10000"), D("5000"), D("2000")),
        FundingSource.JEWISH_AGENCY: figures.Amounts(D("6000"), D("6000"), D("1000")),
    }
    assert budget.total == figures.Amounts(D("30000"), D("19000"), D("8000"))
    assert budget.missing == ["ARS"]  # no rate: listed, never added


def test_approved_and_spent_per_program(world):
    by_program = {item.program: item.amounts for item in data_for(world).budget.by_program}
    assert by_program[world.twinning].approved == D("13000") and by_program[world.twinning].spent == D("7000")
    assert by_program[world.twinning].spent_share == D("53.8")
    assert by_program[world.employment].approved == D("6000") and by_program[world.employment].spent_share == D("16.7")


def test_personal_share_per_year_across_all_years(world):
    trend = data_for(world).trend
    assert [(y.year, y.personal, y.regional) for y in trend.years] == [
        (world.year - 1, D("3000"), D("6000")),
        (world.year, D("13000"), D("6000")),
    ]
    assert [y.personal_share for y in trend.years] == [D("33.3"), D("68.4")]
    assert [y.regional_share for y in trend.years] == [D("66.7"), D("31.6")]
    # the same trend whichever year is shown
    assert [y.personal_share for y in data_for(world, world.year - 1).trend.years] == [D("33.3"), D("68.4")]


def test_participants_per_side_and_approved_hours_only(world):
    programs = {p: p for p in data_for(world).programs}
    twinning, employment = programs[world.twinning], programs[world.employment]
    assert (twinning.participants_diaspora, twinning.participants_israel) == (15, 27)
    assert (employment.participants_diaspora, employment.participants_israel) == (0, 40)
    assert twinning.hours == D("5.50") and employment.hours == D("1.25")

    data = data_for(world)
    participants = tables.table_participants(data)
    assert participants.totals[1:] == [15, 67, 82]
    hours = tables.table_volunteer_hours(data)
    assert hours.totals[1] == D("6.75")


def test_indicators_on_track_in_both_directions(world):
    status = {s.indicator.pk: s for s in data_for(world).indicators}
    ind = world.indicators
    up, down, untargeted, down_ok = (status[ind[k].pk] for k in ("up", "down", "untargeted", "down_ok"))
    assert (up.target, up.latest, up.latest_period, up.on_track) == (D("20"), D("22"), world.year - 1, True)
    assert (down.latest, down.on_track) == (D("35"), False)  # lower is better: 35 > 30 is behind
    assert down_ok.on_track is True  # lower is better: 25 <= 30
    assert untargeted.target is None and untargeted.on_track is None
    assert len(status) == 4  # the other partnership's indicator is not here


def test_upcoming_meetings_and_overdue_action_items(world):
    data = data_for(world)
    assert [m.pk for m in data.meetings] == [m.pk for m in world.meetings[:5]]  # the next five, scheduled only
    overdue = data.overdue
    assert [i.pk for i in overdue.items] == [world.overdue_progress.pk, world.overdue_open.pk]  # oldest first
    assert overdue.total == 2
    table = tables.table_overdue_action_items(data)
    assert table.rows[0][4] == 10  # days overdue


def test_committee_sides_count_current_steering_members_without_staff(world):
    # chair and member_israel for Israel (pro_staff is staff), co_chair and member_diaspora for the Diaspora;
    # the former member and the subcommittee's members are not counted.
    assert data_for(world).sides == {Side.DIASPORA: 2, Side.ISRAEL: 2}
    assert figures.committee_sides(world.partnership) == {Side.DIASPORA: 2, Side.ISRAEL: 2}
    assert tables.side_balance_warning({"diaspora": 2, "israel": 2}) == ""


def test_side_imbalance_is_warned_about(world):
    for i in range(4):
        f.MembershipFactory(committee=world.steering, person=f.UserFactory(email=f"extra{i}@example.org"),
                            side=Side.DIASPORA, role=MembershipRole.MEMBER)
    sides = figures.committee_sides(world.partnership)
    assert sides == {Side.DIASPORA: 6, Side.ISRAEL: 2}
    assert "out of balance" in tables.side_balance_warning(sides)


def test_years_with_data_and_a_bad_year_falls_back_to_this_year(world):
    years = figures.partnership_summary(world.partnership).years
    assert years == [world.year, world.year - 1]
    assert figures.year_choose(str(world.year - 1), years) == world.year - 1
    for bad in ("1900", "abc", "", None, "2026.5", str(world.year + 5)):
        assert figures.year_choose(bad, years) == world.year


def test_staff_overview_figures(world):
    overview = figures.staff_overview(world.year, Rates.load())
    rows = {row.partnership.pk: row for row in overview.rows}
    mine = rows[world.partnership.pk]
    assert mine.amounts.approved == D("19000") and mine.amounts.spent == D("8000")
    assert mine.personal_share == D("68.4")
    assert mine.participants == {Side.DIASPORA: 15, Side.ISRAEL: 67}
    assert mine.hours == D("6.75")
    assert mine.communities == {Side.DIASPORA: 1, Side.ISRAEL: 1}
    assert mine.members == {Side.DIASPORA: 2, Side.ISRAEL: 2}
    assert mine.overdue == 2
    assert mine.next_meeting_pk == world.meetings[0].pk
    other = rows[world.other.pk]
    assert other.amounts.approved == D("999") and other.personal_share == D("0.0")
    assert other.participants == {Side.DIASPORA: 999, Side.ISRAEL: 999}
    assert other.members == {Side.DIASPORA: 1, Side.ISRAEL: 0}
    assert overview.missing == ["ARS"]
    totals = overview.totals
    assert totals.amounts.approved == D("19999") and totals.hours == D("15.75")
    assert totals.participants == {Side.DIASPORA: 1014, Side.ISRAEL: 1066}


def test_overview_sorting_whitelist(world):
    overview = figures.staff_overview(world.year, Rates.load())
    key, descending = tables.overview_sort_parse("-approved")
    assert (key, descending) == ("approved", True)
    table = tables.overview_table(overview, key=key, descending=descending)
    assert [row[0].text for row in table.rows] == [str(world.partnership.name), str(world.other.name)]
    table = tables.overview_table(overview, key="approved", descending=False)
    assert [row[0].text for row in table.rows] == [str(world.other.name), str(world.partnership.name)]
    for bad in ("password", "-__class__", "name; DROP TABLE", "", None, "--approved"):
        assert tables.overview_sort_parse(bad) == ("name", False)
