"""No one gets figures they may not see, through any shared-measurement URL.

Every route of ``impact/urls/measurement.py`` is tried by an anonymous visitor, a volunteer (neither
staff nor partner), a contact of another organisation (on another forum) and a forum member who is no
organisation's contact, with GET and with POST. The table below must list every route: a new one
that is not listed fails the first test, so no URL escapes this check.

What they may get:
- anonymous: sent to sign in; a volunteer: 404 everywhere (nothing here is theirs);
- a partner reads the national view and every forum's indicator with its totals (the shared
  agenda), never another organisation's figures (its report form and list: 404);
- a partnership's indicator: staff only (404); staff actions on a forum's indicator: 403.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from impact.urls import measurement as measurement_urls
from programs.models import Indicator, IndicatorTarget, Measurement

pytestmark = pytest.mark.django_db

NAMESPACE = "impact"

# route name -> (URL kwargs from the world ``mw``, query string)
ROUTES = {
    "indicator_list": (lambda mw: {}, ""),
    "indicator_create": (lambda mw: {}, ""),
    "indicator_detail": (lambda mw: {"indicator_pk": mw.up.pk}, ""),
    "indicator_edit": (lambda mw: {"indicator_pk": mw.up.pk}, ""),
    "indicator_target_set": (lambda mw: {"indicator_pk": mw.up.pk}, ""),
    "indicator_target_delete": (lambda mw: {"indicator_pk": mw.up.pk, "period": mw.year}, ""),
    "indicator_figure": (lambda mw: {"indicator_pk": mw.partnership_indicator.pk, "period": mw.last_year}, ""),
    "indicator_export": (lambda mw: {"indicator_pk": mw.up.pk, "table": "organisations", "fmt": "csv"}, ""),
    "report_list": (lambda mw: {}, "?organisation={welfare}"),
    "report_edit": (lambda mw: {"organisation_pk": mw.welfare.pk, "indicator_pk": mw.up.pk, "period": mw.year}, ""),
}

#: What a partner of another organisation gets, per route (GET, POST); 405: the method is refused.
OTHER_PARTNER = {
    "indicator_list": (200, 405),
    "indicator_create": (403, 403),
    "indicator_detail": (200, 405),
    "indicator_edit": (403, 403),
    "indicator_target_set": (405, 403),  # staff's action on an indicator the partner may read
    "indicator_target_delete": (405, 403),
    "indicator_figure": (404, 404),  # a partnership's indicator: as if it did not exist
    "indicator_export": (200, 405),
    "report_list": (404, 405),
    "report_edit": (404, 404),
}

#: Figures and names of ``mw.welfare`` that must never reach anybody but it and staff.
WELFARE_SECRETS = ("4,321", "4321", "3,000", "3000.00", "Ministry of Welfare")


def route_names() -> set[str]:
    return {pattern.name for pattern in measurement_urls.urlpatterns}


def url_of(name, mw, lang="en"):
    build, query = ROUTES[name]
    with translation.override(lang):
        return reverse(f"{NAMESPACE}:{name}", kwargs=build(mw)) + query.format(welfare=mw.welfare.pk)


def snapshot():
    return (
        list(Measurement.objects.order_by("pk").values_list("pk", "value", "note")),
        list(IndicatorTarget.objects.order_by("pk").values_list("pk", "period", "target_value")),
        list(Indicator.objects.order_by("pk").values_list("pk", "name_en", "forum_id", "baseline_value")),
    )


def test_every_measurement_route_is_in_the_table():
    names = route_names()
    assert names, "no routes found in impact/urls/measurement.py"
    assert sorted(names - set(ROUTES)) == []
    assert sorted(set(ROUTES) - names) == []  # no stale rows either
    assert set(OTHER_PARTNER) == set(ROUTES)


POST_DATA = {"value": "1", "note": "x", "period": "2030", "target_value": "1", "owner": "", "name_en": "Hacked",
             "direction": "increase", "baseline_value": "1", "baseline_year": "2020"}


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_sign_in(client, measure_world, name):
    target = url_of(name, measure_world)
    for method in (client.get, client.post):
        response = method(target)
        assert response.status_code == 302, (name, method.__name__)
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_a_volunteer_gets_nothing(client, measure_world, name):
    mw = measure_world
    before = snapshot()
    client.force_login(mw.volunteer)
    for method in (client.get, client.post):
        response = method(url_of(name, mw), POST_DATA) if method == client.post else method(url_of(name, mw))
        assert response.status_code == 404, (name, method.__name__, response.status_code)
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_another_organisation_never_gets_welfares_figures(client, measure_world, name):
    mw = measure_world
    before = snapshot()
    client.force_login(mw.other_contact)
    expected_get, expected_post = OTHER_PARTNER[name]
    response = client.get(url_of(name, mw))
    assert response.status_code == expected_get, (name, "GET", response.status_code)
    body = response.content.decode("utf-8-sig", errors="replace")
    for secret in WELFARE_SECRETS:
        assert secret not in body, (name, secret)
    response = client.post(url_of(name, mw), POST_DATA)
    assert response.status_code == expected_post, (name, "POST", response.status_code)
    assert snapshot() == before


@pytest.mark.parametrize("name", ["indicator_detail", "indicator_export", "indicator_list"])
def test_a_seat_holder_who_is_no_contact_reads_totals_only(client, measure_world, name):
    """``mw.seat_only`` sits on the forum for welfare but is not its contact: totals, not welfare's figures."""
    mw = measure_world
    client.force_login(mw.seat_only)
    response = client.get(url_of(name, mw))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    for secret in ("4,321", "4321", "8,765", "8765"):
        assert secret not in body, (name, secret)


def test_an_organisation_of_another_forum_reading_welfares_indicator_sees_only_totals(client, measure_world):
    mw = measure_world
    client.force_login(mw.other_contact)
    html = client.get(url_of("indicator_detail", mw)).content.decode()
    assert "13,086" in html  # the total of all organisations: the shared agenda
    rows = client.get(url_of("indicator_export", mw)).content.decode("utf-8-sig").strip().splitlines()
    assert rows == ["Organisation"]  # no organisation's figures at all


def test_the_partnerships_indicator_is_hidden_from_every_partner(client, measure_world):
    mw = measure_world
    for who in (mw.en_contact, mw.other_contact, mw.seat_only):
        client.force_login(who)
        for name in ("indicator_detail", "indicator_edit", "indicator_export"):
            with translation.override("en"):
                kwargs = {"indicator_pk": mw.partnership_indicator.pk}
                if name == "indicator_export":
                    kwargs.update(table="years", fmt="csv")
                target = reverse(f"impact:{name}", kwargs=kwargs)
            assert client.get(target).status_code == 404, (who, name)
        assert "Twinned schools" not in client.get(url_of("indicator_list", mw)).content.decode()


def test_staff_reach_every_route(client, measure_world):
    mw = measure_world
    client.force_login(mw.staff)
    for name in ROUTES:
        response = client.get(url_of(name, mw))
        assert response.status_code in (200, 405), (name, response.status_code)
    assert Measurement.objects.filter(value=Decimal("4321")).exists()
