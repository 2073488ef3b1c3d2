"""Limits on failed sign-ins and sign-ups: allauth's pages and Django's admin sign-in."""

import uuid

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from tests.factories import StaffFactory, UserFactory, VolunteerProfileFactory

PASSWORD = "Gesher-Chai-2026!"


@pytest.fixture
def locmem_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


@pytest.fixture
def redis_cache(settings, redis_url):
    # The production cache; a fresh key prefix so that earlier runs do not count.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture
def database_cache(settings, db):
    # The default cache when no Redis is configured.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "p2g_test_cache"}
    }
    call_command("createcachetable", verbosity=0)


@pytest.fixture(params=["locmem_cache", "redis_cache", "database_cache"])
def any_cache(request):
    request.getfixturevalue(request.param)
    return request.param


def volunteer(**kwargs):
    person = UserFactory(password=PASSWORD, **kwargs)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    VolunteerProfileFactory(user=person, onboarded_at=timezone.now())
    return person


# --- allauth: sign in and sign up ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Too many failed login attempts. Try again later."),
        ("he", "יותר מדי ניסיונות כניסה שנכשלו. אפשר לנסות שוב מאוחר יותר."),
    ],
)
def test_sixth_failed_sign_in_within_five_minutes_is_refused(client, any_cache, lang, message):
    person = volunteer()
    url = f"/{lang}/accounts/login/"
    for _ in range(5):
        response = client.post(url, {"login": person.email, "password": "wrong"})
        assert response.status_code == 200
        assert message not in response.content.decode()
    response = client.post(url, {"login": person.email, "password": "wrong"})
    assert message in response.content.decode()
    # Even the right password waits now.
    response = client.post(url, {"login": person.email, "password": PASSWORD})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failed_sign_ins_from_one_address_count_across_accounts(client, locmem_cache):
    people = [volunteer() for _ in range(6)]
    for person in people[:5]:
        client.post("/en/accounts/login/", {"login": person.email, "password": "wrong"})
    response = client.post("/en/accounts/login/", {"login": people[5].email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failed_sign_ins_from_another_address_are_counted_apart(client, locmem_cache):
    person = volunteer()
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": "someone-else@example.org", "password": "x"})
    response = client.post(
        "/en/accounts/login/", {"login": person.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_twenty_first_sign_up_from_one_address_within_an_hour_is_refused(client, locmem_cache):
    for n in range(20):
        response = client.post(
            "/en/accounts/signup/",
            {"email": f"new{n}@example.org", "password1": "short", "password2": "other"},
        )
        assert response.status_code == 200
    response = client.post(
        "/en/accounts/signup/", {"email": "new21@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 429


# --- Django's admin sign-in -----------------------------------------------------------------------


def admin_login(client, email, password, lang="en", **extra):
    return client.post(
        f"/{lang}/admin/login/?next=/{lang}/admin/", {"username": email, "password": password}, **extra
    )


@pytest.mark.django_db
def test_admin_sign_in_works(client, locmem_cache):
    staff = StaffFactory(password=PASSWORD)
    response = admin_login(client, staff.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Too many sign-in attempts"),
        ("he", "יותר מדי ניסיונות כניסה"),
    ],
)
def test_admin_sign_in_refuses_after_five_failures_for_an_address(client, any_cache, lang, message):
    staff = StaffFactory(password=PASSWORD)
    for _ in range(5):
        response = admin_login(client, staff.email, "wrong", lang)
        assert response.status_code == 200
    response = admin_login(client, staff.email, PASSWORD, lang)
    assert response.status_code == 429
    html = response.content.decode()
    assert message in html
    assert 'dir="rtl"' in html if lang == "he" else 'dir="ltr"' in html
    assert response["Retry-After"] == "300"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_limit_is_per_address_and_ip(client, locmem_cache):
    staff, other = StaffFactory(password=PASSWORD), StaffFactory(password=PASSWORD)
    for _ in range(5):
        admin_login(client, staff.email.upper(), "wrong")  # the address counts whatever its case
    assert admin_login(client, staff.email, PASSWORD).status_code == 429
    # Another address from the same IP, and the same address from another IP, may still sign in.
    assert admin_login(client, staff.email, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302
    client.logout()
    assert admin_login(client, other.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_admin_limit_per_ip_catches_guessing_across_addresses(client, locmem_cache):
    staff = StaffFactory(password=PASSWORD)
    for n in range(20):
        admin_login(client, f"guess{n}@example.org", "wrong")
    assert admin_login(client, staff.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_admin_failures_expire_with_the_window(client, locmem_cache, settings, monkeypatch):
    import time

    staff = StaffFactory(password=PASSWORD)
    for _ in range(5):
        admin_login(client, staff.email, "wrong")
    assert admin_login(client, staff.email, PASSWORD).status_code == 429
    later = time.time() + settings.P2G_ADMIN_LOGIN_WINDOW_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert admin_login(client, staff.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_admin_sign_in_by_a_volunteer_counts_as_a_failure(client, locmem_cache):
    person = volunteer()
    for _ in range(5):
        response = admin_login(client, person.email, PASSWORD)
        assert response.status_code == 200  # not staff: the admin says no
    assert admin_login(client, person.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_admin_sign_in_page_still_shows(client, locmem_cache):
    response = client.get("/he/admin/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


@pytest.mark.django_db
def test_behind_the_proxy_each_visitor_has_their_own_count(client, locmem_cache, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    staff = StaffFactory(password=PASSWORD)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        admin_login(client, staff.email, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.50", **proxy)
    assert (
        admin_login(client, staff.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.50", **proxy).status_code
        == 429
    )
    # Someone else, through the same proxy, is not locked out.
    response = admin_login(client, staff.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.23", **proxy)
    assert response.status_code == 302
