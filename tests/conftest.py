"""Shared fixtures: people in each role, and guards for tests that need real services.

On CI (CI=true) a test that needs PostgreSQL or Redis fails when the service is missing;
elsewhere it is skipped with the reason.
"""

import os

import pytest
from django.db import connection

# Playwright drives Chromium from the test thread while live_server serves: see STACK-NOTES.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(service: str, reason: str):
    """Fail on CI, skip elsewhere."""
    message = f"{service} is needed: {reason}"
    if ON_CI:
        pytest.fail(message + " (CI=true: every service must be reachable)")
    pytest.skip(message)


@pytest.fixture
def postgres(db):
    """The test runs on PostgreSQL (set DATABASE_URL=postgres://…)."""
    if connection.vendor != "postgresql":
        need("PostgreSQL", "set DATABASE_URL to a PostgreSQL server")
    return connection


@pytest.fixture
def redis_url():
    import redis

    url = os.environ.get("REDIS_URL", "")
    if not url:
        need("Redis", "set REDIS_URL")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        need("Redis", f"{url} does not answer ({exc})")
    return url


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Factories hash a password for every person; the real hasher is deliberately slow.
    # PBKDF2 stays accepted for passwords hashed elsewhere (seed_demo's shared hash).
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _plain_static(settings):
    # Tests render pages without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_language_and_time_zone():
    """A page rendered in Hebrew must not leave Hebrew (or its time zone) active for the next test."""
    from django.utils import timezone, translation

    yield
    translation.deactivate()
    timezone.deactivate()
