"""The kept dashboard: served again without its queries, and never after its data changed."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.selectors.dashboard import cache as dashboard_cache
from programs.models import AllocationStatus, FundingSource
from tests import factories as f
from tests.partnerships.test_dashboard_figures import build_world
from volunteers import services as volunteer_services
from volunteers.models import HoursStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_kept_dashboards():
    dashboard_cache.clear_local()
    yield
    dashboard_cache.clear_local()


@pytest.fixture
def world(workspace):
    return build_world(workspace)


def dashboard_url(w, lang="en"):
    with translation.override(lang):
        return reverse("partnerships:dashboard", args=[w.partnership.pk]) + f"?year={w.year}"


def get(client, address) -> tuple[str, int]:
    """The page's main content (the frame carries a CSRF token of its own) and its query count."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<main'):html.index('</main>')], len(context.captured_queries)


def test_a_second_look_is_served_from_the_cache(client, world):
    client.force_login(world.co_chair)
    first, first_queries = get(client, dashboard_url(world))
    again, again_queries = get(client, dashboard_url(world))
    assert again == first
    assert again_queries <= first_queries - 7  # none of the figures' queries
    # another reader of the same language and time zone gets the same copy; the frame is their own
    client.force_login(world.member_diaspora)
    theirs, _ = get(client, dashboard_url(world))
    assert theirs.count("19,000") == first.count("19,000")


def test_approving_hours_shows_at_once(client, world):
    client.force_login(world.co_chair)
    html, _ = get(client, dashboard_url(world))
    assert "6.75" in html
    pending = world.twinning.hours_logged.get(status=HoursStatus.PENDING)  # 4 hours waiting
    volunteer_services.hours_approve(log_id=pending.pk, by=world.staff)
    html, _ = get(client, dashboard_url(world))
    assert "10.75" in html and "6.75" not in html


@pytest.mark.parametrize("change", ["allocation", "activity", "meeting", "rate", "delete_action_item"])
def test_any_change_to_the_data_drops_the_kept_copy(client, world, change):
    client.force_login(world.co_chair)
    before, _ = get(client, dashboard_url(world))
    today = timezone.localdate()
    if change == "allocation":
        f.BudgetAllocationFactory(program=world.twinning, fiscal_year=world.year, funding_source=FundingSource.OTHER,
                                  proposed_amount=Decimal("1234"), approved_amount=Decimal("1234"),
                                  status=AllocationStatus.APPROVED)
        expected = "20,234"  # approved 19,000 + 1,234
    elif change == "activity":
        f.ActivityFactory(program=world.employment, date=datetime.date(world.year, 4, 1), participants_israel=1000)
        expected = "1,040"
    elif change == "meeting":
        f.MeetingFactory(committee=world.steering, title_en="An urgent meeting",
                         starts_at=timezone.now() + datetime.timedelta(minutes=30))
        expected = "An urgent meeting"
    elif change == "rate":
        f.ExchangeRateFactory(currency="ARS", year=world.year, units_per_usd=Decimal("800"))
        expected = "20,250"  # the ARS line now counts: 1,000,000 ARS = 1,250 USD
    else:
        world.overdue_open.delete()
        world.overdue_progress.delete()
        expected = "No action item is overdue."
    assert expected not in before
    after, _ = get(client, dashboard_url(world))
    assert expected in after
    assert today == timezone.localdate()


def test_the_copy_is_per_language_and_time_zone(client, world):
    import zoneinfo

    starts_at = world.meetings[0].starts_at
    client.force_login(world.co_chair)  # English, New York
    english, _ = get(client, dashboard_url(world))
    client.force_login(world.chair)  # Hebrew, Jerusalem
    hebrew, _ = get(client, dashboard_url(world, "he"))
    assert '"rtl": true' in hebrew and '"rtl": true' not in english
    new_york = timezone.localtime(starts_at, zoneinfo.ZoneInfo("America/New_York")).isoformat()
    jerusalem = timezone.localtime(starts_at, zoneinfo.ZoneInfo("Asia/Jerusalem")).isoformat()
    assert new_york in english and jerusalem not in english
    world.co_chair.time_zone = "Asia/Jerusalem"  # the same reader and language, another time zone
    world.co_chair.save(update_fields=["time_zone"])
    client.force_login(world.co_chair)
    moved, _ = get(client, dashboard_url(world))
    assert jerusalem in moved and new_york not in moved


def test_no_cache_when_turned_off(client, world, settings):
    settings.P2G_DASHBOARD_CACHE_SECONDS = 0
    client.force_login(world.co_chair)
    _, first = get(client, dashboard_url(world))
    _, again = get(client, dashboard_url(world))
    assert first == again


def test_the_overview_is_kept_and_follows_every_partnership(client, world):
    client.force_login(world.staff)
    with translation.override("en"):
        address = reverse("partnerships:staff_overview") + f"?year={world.year}&sort=-hours"
    first, first_queries = get(client, address)
    again, again_queries = get(client, address)
    assert again == first and again_queries < first_queries
    assert "15.75" in first  # 6.75 here + 9 in the other partnership
    f.HoursLogFactory(program=world.other.programs.first(), volunteer=world.volunteer,
                      date=datetime.date(world.year, 5, 1), hours=Decimal("1"), status=HoursStatus.APPROVED)
    after, _ = get(client, address)
    assert "16.75" in after
