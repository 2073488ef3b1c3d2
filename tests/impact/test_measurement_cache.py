"""The national view's tables are kept for a while (impact.views.measurement.cache) and never shown stale:
any change to what they show is on the next page; what staff see is never served to a partner."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from impact.services import measurement as services
from impact.views.measurement import cache
from programs.models import IndicatorTarget, Measurement
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_copies():
    cache.clear_local()
    yield
    cache.clear_local()


def national(client, user, query="") -> str:
    client.force_login(user)
    with translation.override(user.preferred_language):
        target = reverse("impact:indicator_list") + query
    response = client.get(target)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_second_page_reads_the_kept_tables_without_the_national_query(client, measure_world):
    mw = measure_world
    national(client, mw.staff)
    with CaptureQueriesContext(connection) as queries:
        html = national(client, mw.staff)
    assert "13,086" in html and "Twinned schools" in html
    assert not [q for q in queries if "LATERAL" in q["sql"]]


def test_a_figure_reported_is_on_the_next_page(client, measure_world):
    mw = measure_world
    assert "13,086" in national(client, mw.en_contact)
    services.measurement_report(indicator=mw.up, organisation=mw.welfare, period=mw.year, by=mw.en_contact,
                                value=Decimal("4400"), note="")
    html = national(client, mw.en_contact)
    assert "13,165" in html and "13,086" not in html


def test_a_target_changed_or_removed_is_on_the_next_page(client, measure_world):
    mw = measure_world
    assert "12,000" in national(client, mw.staff)
    services.indicator_target_set(indicator=mw.up, period=mw.year, target_value=Decimal("15000"), by=mw.staff)
    assert "15,000" in national(client, mw.staff)
    IndicatorTarget.objects.get(indicator=mw.up, period=mw.year).delete()
    assert "15,000" not in national(client, mw.staff)


def test_a_renamed_forum_or_partnership_and_a_deleted_figure_are_on_the_next_page(client, measure_world):
    mw = measure_world
    national(client, mw.staff)
    mw.forum.name_en = "Retention of volunteers forum"
    mw.forum.save()
    mw.partnership.name_en = "Denver – Ashkelon – Gaza envelope"
    mw.partnership.save()
    Measurement.objects.filter(indicator=mw.partnership_indicator).delete()
    html = national(client, mw.staff)
    assert "Retention of volunteers forum" in html and "Denver – Ashkelon – Gaza envelope" in html
    row = re.search(r"Twinned schools.*?</tr>", html).group(0)
    assert ">7<" not in row


def test_what_staff_see_is_never_served_to_a_partner(client, measure_world):
    mw = measure_world
    assert "Twinned schools" in national(client, mw.staff)
    html = national(client, mw.en_contact)
    assert "Twinned schools" not in html and "Denver – Ashkelon" not in html


def test_each_language_and_year_has_its_own_tables(client, measure_world):
    mw = measure_world
    assert "Volunteer retention forum" in national(client, mw.en_contact)
    assert "פורום שימור מתנדבים" in national(client, mw.he_contact)
    html = national(client, mw.en_contact, f"?year={mw.last_year}")
    assert f"Target for {mw.last_year}" in html and "5,500" in html


def test_the_readers_own_forum_is_marked_for_each_reader(client, measure_world):
    mw = measure_world
    national(client, mw.en_contact)  # kept, for partners
    html = national(client, mw.other_contact)
    section = html[html.index(f'id="group-forum-{mw.other_forum.pk}"'):]
    assert "Your forum" in section[:300]
    section = html[html.index(f'id="group-forum-{mw.forum.pk}"'):]
    assert "Your forum" not in section[:300]


def test_without_the_shared_cache_every_page_is_computed_afresh(client, measure_world, settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    mw = measure_world
    assert "13,086" in national(client, mw.en_contact)
    Measurement.objects.filter(indicator=mw.up, organisation=mw.welfare, period=mw.year).update(value=Decimal("4400"))
    assert "13,165" in national(client, mw.en_contact)  # even a write that sends no signal


def test_the_time_limit_zero_keeps_nothing(client, measure_world, settings):
    settings.P2G_DASHBOARD_CACHE_SECONDS = 0
    mw = measure_world
    assert "13,086" in national(client, mw.en_contact)
    Measurement.objects.filter(indicator=mw.up, organisation=mw.welfare, period=mw.year).update(value=Decimal("4400"))
    assert "13,165" in national(client, mw.en_contact)


def test_a_write_that_sends_no_signal_waits_for_the_time_limit(client, measure_world):
    """``QuerySet.update()`` (the demo seed, bulk changes) sends no signal: the kept copy stays until it expires."""
    mw = measure_world
    assert "13,086" in national(client, mw.en_contact)
    Measurement.objects.filter(indicator=mw.up, organisation=mw.welfare, period=mw.year).update(value=Decimal("4400"))
    assert "13,086" in national(client, mw.en_contact)
    cache.clear_local()  # as when the copy expires
    assert "13,165" in national(client, mw.en_contact)


def test_a_new_indicator_is_on_the_next_page(client, measure_world):
    mw = measure_world
    national(client, mw.en_contact)
    f.IndicatorFactory(partnership=None, forum=mw.forum, name_en="Mentoring hours", baseline_year=mw.year - 1)
    assert "Mentoring hours" in national(client, mw.en_contact)
