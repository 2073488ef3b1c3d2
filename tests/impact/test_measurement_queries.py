"""Shared measurement's pages make a fixed number of queries: 3 or 30 indicators, 2 or 20 organisations."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from programs.models import Measurement
from tests import factories as f

pytestmark = pytest.mark.django_db

#: Per page, everything included (session, user, the frame's navigation, who the viewer is).
MAX_QUERIES = 12


def url(name, *args, query=""):
    with translation.override("en"):
        return reverse(f"impact:{name}", args=args) + query


def count(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(target)
    assert response.status_code == 200
    return len(queries)


def add_indicators(mw, n: int) -> None:
    """``n`` indicators spread over new forums, each with targets and figures of two organisations,
    one of the figures corrected (history read for the report page)."""
    forums = [f.ForumFactory() for _ in range(3)]
    for forum in forums:
        f.ForumMembershipFactory(forum=forum, organisation=mw.welfare, seat=1)
        f.ForumMembershipFactory(forum=forum, organisation=mw.teva, seat=2)
    for i in range(n):
        indicator = f.IndicatorFactory(partnership=None, forum=forums[i % 3], baseline_year=mw.year - 3)
        f.IndicatorTargetFactory(indicator=indicator, period=mw.year, target_value=Decimal("30"))
        f.IndicatorTargetFactory(indicator=indicator, period=mw.last_year, target_value=Decimal("25"))
        for organisation in (mw.welfare, mw.teva):
            for period in (mw.last_year, mw.year):
                Measurement.objects.create(indicator=indicator, organisation=organisation, period=period,
                                           value=Decimal(i + 1), reported_by=mw.en_contact)
        row = Measurement.objects.get(indicator=indicator, organisation=mw.welfare, period=mw.year)
        row.value += 1
        row.save()
    partnership_indicator = f.IndicatorFactory(partnership=mw.partnership)
    Measurement.objects.create(indicator=partnership_indicator, period=mw.year, value=Decimal(1))


def add_reporters(mw, forum, indicator, n: int) -> None:
    for seat in range(1, n + 1):
        organisation = f.OrganisationFactory()
        f.ForumMembershipFactory(forum=forum, organisation=organisation, seat=seat)
        for period in (mw.last_year, mw.year):
            Measurement.objects.create(indicator=indicator, organisation=organisation, period=period,
                                       value=Decimal(seat), reported_by=mw.staff)


PAGES = {
    "national view (staff)": ("staff", "indicator_list", (), ""),
    "national view (partner)": ("en_contact", "indicator_list", (), ""),
    "report list (partner)": ("en_contact", "report_list", (), ""),
    "report list (staff)": ("staff", "report_list", (), "?organisation={welfare}"),
}


@pytest.mark.parametrize("label", sorted(PAGES))
def test_pages_over_indicators_do_not_grow_with_them(client, measure_world, label):
    mw = measure_world
    who, name, args, query = PAGES[label]
    client.force_login(getattr(mw, who))
    target = url(name, *args, query=query.format(welfare=mw.welfare.pk))
    add_indicators(mw, 3)
    small = count(client, target)
    add_indicators(mw, 27)  # 30 more than the world had
    large = count(client, target)
    assert small == large, (label, small, large)
    assert large <= MAX_QUERIES


@pytest.mark.parametrize("who", ["staff", "en_contact"])
def test_an_indicator_does_not_grow_with_the_organisations_reporting(client, measure_world, who):
    mw = measure_world
    forum = f.ForumFactory()
    indicator = f.IndicatorFactory(partnership=None, forum=forum, baseline_year=mw.year - 3)
    f.IndicatorTargetFactory(indicator=indicator, period=mw.year, target_value=Decimal("30"))
    client.force_login(getattr(mw, who))
    add_reporters(mw, forum, indicator, 2)
    small_detail = count(client, url("indicator_detail", indicator.pk))
    small_list = count(client, url("indicator_list"))
    small_export = count(client, url("indicator_export", indicator.pk, "organisations", "csv"))
    Measurement.objects.filter(indicator=indicator).delete()
    forum.memberships.all().delete()
    add_reporters(mw, forum, indicator, 20)
    assert count(client, url("indicator_detail", indicator.pk)) == small_detail <= MAX_QUERIES
    assert count(client, url("indicator_list")) == small_list <= MAX_QUERIES
    assert count(client, url("indicator_export", indicator.pk, "organisations", "csv")) == small_export


def test_the_report_form_does_not_grow_with_the_corrections(client, measure_world):
    mw = measure_world
    client.force_login(mw.en_contact)
    target = url("report_edit", mw.welfare.pk, mw.up.pk, mw.year)
    small = count(client, target)
    for value in range(5000, 5020):
        mw.welfare_up.value = Decimal(value)
        mw.welfare_up.save()
    assert count(client, target) == small <= MAX_QUERIES
