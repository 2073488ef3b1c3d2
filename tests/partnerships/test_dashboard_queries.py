"""The dashboards make a fixed number of queries: the same bound on small data and on ten times more."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from communities.models import Side
from partnerships.models import ActionItemStatus, MeetingStatus
from partnerships.selectors.dashboard import cache as dashboard_cache
from partnerships.selectors.dashboard.tables import DASHBOARD_TABLES
from programs.models import AllocationStatus, Category, FundingSource
from tests import factories as f
from tests.partnerships.test_dashboard_figures import build_world
from volunteers.models import HoursStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_kept_dashboards():
    """Each test computes its dashboards afresh (this process keeps rendered dashboards for a while)."""
    dashboard_cache.clear_local()
    yield
    dashboard_cache.clear_local()

#: Per page, everything included (session, user, the frame's navigation, access).
MAX_QUERIES = 15


def grow(w, factor: int) -> None:
    """``factor`` times a unit of data in the partnership and in as many other partnerships."""
    today = timezone.localdate()
    y = today.year
    for i in range(3 * factor):
        program = f.ProgramFactory(partnership=w.partnership,
                                   category=Category.PERSONAL_CONNECTIONS if i % 2 else Category.REGIONAL_DEVELOPMENT)
        for year in (y, y - 1, y - 2):
            f.BudgetAllocationFactory(program=program, fiscal_year=year, funding_source=FundingSource.FEDERATIONS,
                                      currency="ILS" if i % 3 else "USD", proposed_amount=Decimal("1000"),
                                      approved_amount=Decimal("900"), spent_amount=Decimal("100"),
                                      status=AllocationStatus.APPROVED)
        f.ActivityFactory(program=program, date=datetime.date(y, 2, 1))
        f.HoursLogFactory(program=program, volunteer=w.volunteer, date=datetime.date(y, 2, 1),
                          hours=Decimal("2"), status=HoursStatus.APPROVED)
        indicator = f.IndicatorFactory(partnership=w.partnership)
        f.IndicatorTargetFactory(indicator=indicator, period=y, target_value=Decimal("5"))
        f.MeasurementFactory(indicator=indicator, period=y - 1, value=Decimal("6"))
        f.MeetingFactory(committee=w.steering, starts_at=timezone.now() + datetime.timedelta(days=20 + i),
                         status=MeetingStatus.SCHEDULED)
        f.ActionItemFactory(committee=w.steering, owner=w.co_chair, status=ActionItemStatus.OPEN,
                            due_on=today - datetime.timedelta(days=1 + i))
        f.MembershipFactory(committee=w.steering, person=f.UserFactory(), side=Side.ISRAEL if i % 2 else Side.DIASPORA)
    for _ in range(factor):
        other = f.PartnershipFactory()
        program = f.ProgramFactory(partnership=other)
        f.BudgetAllocationFactory(program=program, fiscal_year=y, approved_amount=Decimal("10"),
                                  status=AllocationStatus.APPROVED)
        f.ActivityFactory(program=program, date=datetime.date(y, 3, 1))
        steering = other.committees.get()
        f.MeetingFactory(committee=steering, starts_at=timezone.now() + datetime.timedelta(days=3))
        f.ActionItemFactory(committee=steering, due_on=today - datetime.timedelta(days=2))
        f.MembershipFactory(committee=steering, person=f.UserFactory(), side=Side.ISRAEL)


def pages(w):
    """Every page and export of the area, each with the person who opens it."""
    pk = w.partnership.pk
    with translation.override("en"):
        items = [(w.co_chair, reverse("partnerships:dashboard", args=[pk]))]
        items += [
            (w.co_chair, reverse("partnerships:dashboard_export", args=[pk, table, "csv"]) + f"?year={w.year}")
            for table in DASHBOARD_TABLES
        ]
        items.append((w.co_chair, reverse("partnerships:dashboard_export", args=[pk, "budget-by-program", "xlsx"])))
        items += [
            (w.staff, reverse("partnerships:staff_overview") + "?sort=-approved"),
            (w.staff, reverse("partnerships:staff_overview_export", args=["xlsx"])),
            (w.staff, reverse("partnerships:dashboard", args=[pk])),
        ]
    return items


@pytest.mark.parametrize("factor", [1, 10], ids=["small", "10x"])
def test_queries_do_not_grow_with_the_data(client, workspace, django_assert_max_num_queries, factor):
    w = build_world(workspace)
    grow(w, factor)
    for person, address in pages(w):
        client.force_login(person)
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(address)
        assert response.status_code == 200, address


def test_the_dashboard_query_count_is_the_same_on_small_and_large_data(client, workspace):
    """Not only under the bound: exactly the same number of queries with ten times the data."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = build_world(workspace)
    grow(w, 1)
    counts = []
    for factor in (0, 9):
        grow(w, factor)
        page_counts = []
        for person, address in pages(w):
            client.force_login(person)
            with CaptureQueriesContext(connection) as context:
                client.get(address)
            page_counts.append(len(context.captured_queries))
        counts.append(page_counts)
    assert counts[0] == counts[1]
