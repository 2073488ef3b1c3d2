"""The call for partners' rate limits (``p2g.ratelimit``): counted in the shared cache per IP and per email,
a burst astride two windows not let through twice, and the form still open when the cache is down."""

import time
import uuid

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from impact.forms.partners import started_token
from p2g import ratelimit
from partnerships.models import PartnerApplication, Sector

pytestmark = pytest.mark.django_db

#: Nothing listens there: a Redis that is down (the connection is refused at once).
REDIS_AWAY = "redis://127.0.0.1:1/0"


def form_data(**overrides):
    data = {
        "organisation_name": "עמותת גשר לנגב",
        "sector": Sector.NONPROFIT,
        "contact_name": "אורית שלום",
        "contact_email": "orit@example.org",
        "contact_phone": "",
        "themes": [],
        "themes_other": "התנדבות צעירים",
        "motivation": "אנחנו מפעילים 300 מתנדבים בנגב.",
        "homepage": "",
        "started": started_token(time.time() - 60),
    }
    data.update(overrides)
    return data


def apply(client, django_capture_on_commit_callbacks, lang="he", **overrides):
    with translation.override(lang):
        target = reverse("impact:partner_call")
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(target, form_data(**overrides))


@pytest.fixture
def locmem(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


def request_from(ip="198.51.100.4"):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


# ---- the counter


def test_rates_are_read_in_allauths_format():
    assert ratelimit.parse_rates("5/h/ip, 20/d/ip") == [ratelimit.Rate(5, 3600, "ip"), ratelimit.Rate(20, 86400, "ip")]
    assert ratelimit.parse_rates("3/10m") == [ratelimit.Rate(3, 600, "ip")]
    assert ratelimit.parse_rates("3/d/key") == [ratelimit.Rate(3, 86400, "key")]
    assert ratelimit.parse_rates("") == []
    for bad in ("5/h/user", "five/h", "5/w", "5"):
        with pytest.raises(ValueError):
            ratelimit.parse_rates(bad)


def test_a_limit_counts_per_ip_and_per_key(locmem):
    request, elsewhere = request_from(), request_from("203.0.113.7")
    for _ in range(2):
        assert ratelimit.within(request, action="t", rates="2/h/ip")
        ratelimit.hit(request, action="t", rates="2/h/ip")
    assert not ratelimit.within(request, action="t", rates="2/h/ip")
    assert ratelimit.within(elsewhere, action="t", rates="2/h/ip")  # another network
    assert ratelimit.within(request, action="other", rates="2/h/ip")  # another action

    ratelimit.hit(request, action="mail", rates="1/d/key", key="orit@example.org")
    assert not ratelimit.within(elsewhere, action="mail", rates="1/d/key", key="orit@example.org")
    assert ratelimit.within(request, action="mail", rates="1/d/key", key="dana@example.org")


def test_a_burst_astride_two_windows_is_not_let_through_twice(locmem):
    request = request_from()
    end_of_a_window = (int(time.time()) // 3600 + 1) * 3600 - 1
    for _ in range(2):
        ratelimit.hit(request, action="t", rates="2/h/ip", now=end_of_a_window)
    # One second later a new window begins; the two of the previous one still count almost fully.
    assert not ratelimit.within(request, action="t", rates="2/h/ip", now=end_of_a_window + 1)
    # Half an hour into it, half of them still weigh: one more may go.
    assert ratelimit.within(request, action="t", rates="2/h/ip", now=end_of_a_window + 1800)
    # A whole window after the burst, it no longer counts at all.
    ratelimit.hit(request, action="t", rates="2/h/ip", now=end_of_a_window + 3601)
    assert ratelimit.within(request, action="t", rates="2/h/ip", now=end_of_a_window + 3601)


def test_the_counts_outlive_the_database_caches_default_expiry(settings):
    """The database cache (the default without Redis) re-sets a key's expiry on incr: the window is kept anyway."""
    from django.core.management import call_command
    from django.db import connection

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "p2g_rl_test"}}
    call_command("createcachetable", verbosity=0)
    request = request_from()
    ratelimit.hit(request, action="t", rates="3/d/ip")
    ratelimit.hit(request, action="t", rates="3/d/ip")
    with connection.cursor() as cursor:
        cursor.execute("SELECT value, expires FROM p2g_rl_test")
        rows = cursor.fetchall()
    assert len(rows) == 1
    seconds_left = rows[0][1].timestamp() - time.time()
    assert seconds_left > 86400 - 5  # a day at least, not the cache's default five minutes
    assert ratelimit.within(request, action="t", rates="3/d/ip")
    ratelimit.hit(request, action="t", rates="3/d/ip")
    assert not ratelimit.within(request, action="t", rates="3/d/ip")


# ---- the cache is down: applying still works


@pytest.mark.parametrize("backend", ["p2g.cache.ResilientRedisCache", "django.core.cache.backends.redis.RedisCache"])
def test_with_the_cache_down_applying_still_works(client, db, django_capture_on_commit_callbacks, settings, backend):
    """The project's cache reads a down Redis as a miss; Django's own raises: either way the form stays open."""
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": REDIS_AWAY,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            "KEY_PREFIX": uuid.uuid4().hex,
        }
    }
    settings.P2G_PARTNER_CALL_RATE_LIMITS = {"ip": "1/h/ip", "email": "1/d/key"}
    for n in range(3):
        response = apply(client, django_capture_on_commit_callbacks, contact_email=f"person{n}@example.org")
        assert response.status_code == 302, response.content.decode()[:2000]
    assert PartnerApplication.objects.count() == 3
    assert len(mail.outbox) == 3  # each applicant is told
    # The robots' guards do not depend on the cache: a filled honeypot is still refused.
    response = apply(client, django_capture_on_commit_callbacks, lang="en", homepage="http://spam.example")
    assert response.status_code == 200
    assert "could not accept the form" in response.content.decode()
    assert PartnerApplication.objects.count() == 3
