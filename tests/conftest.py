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


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_in_the_test():
    """Tasks enqueued by the code under test run at once, in the test's process and transaction.

    Tests of the real worker (tests/notifications/test_worker_faults.py) start worker processes
    of their own, which this does not touch.
    """
    from p2g.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Factories hash a password for every person; the real hasher is deliberately slow.
    # PBKDF2 stays accepted for passwords hashed elsewhere (seed_demo's shared hash).
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _cache_of_this_test(settings):
    """A shared (Redis) cache is shared by parallel test workers too: each test gets keys of its own."""
    import uuid

    default = settings.CACHES["default"]
    if "redis" in default["BACKEND"].lower():
        settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


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


@pytest.fixture
def workspace(db):
    """Two partnerships and a person in every role the committee workspace knows.

    ``w.partnership`` (New York side and Jerusalem side) has a joint steering committee
    ``w.steering`` (quorum 3, both sides needed) and a subcommittee ``w.sub``:

    - ``w.chair`` (Israel side, Hebrew, Asia/Jerusalem) and ``w.co_chair`` (Diaspora, English, New York);
    - ``w.member_diaspora`` (English, New York) and ``w.member_israel`` (Hebrew, Jerusalem);
    - ``w.pro_staff``: the partnership's professional staff (role "staff", Israel side);
    - ``w.sub_chair``: chairs the subcommittee only; ``w.sub_member``: sits on the subcommittee only;
    - ``w.former``: a member whose term ended last month.

    Outsiders: ``w.other_member`` sits on ``w.other``'s steering committee; ``w.volunteer`` sits on
    nothing; ``w.staff`` is the organisation's staff (``is_staff``). Every person has finished the
    one-time profile form, so pages open without the onboarding redirect.
    """
    import datetime
    from types import SimpleNamespace

    from django.utils import timezone

    from communities.models import Side
    from partnerships.models import CommitteeKind, MembershipRole
    from tests import factories as f

    today = timezone.localdate()
    w = SimpleNamespace(today=today)
    w.partnership = f.PartnershipFactory(name_en="Springfield – Upper Galilee", name_he="ספרינגפילד – גליל עליון")
    w.steering = w.partnership.committees.get(kind=CommitteeKind.STEERING)
    w.sub = f.SubcommitteeFactory(partnership=w.partnership, name_en="Education subcommittee", name_he="ועדת החינוך")
    w.other = f.PartnershipFactory(name_en="Denver – Ashkelon", name_he="דנוור – אשקלון")
    w.other_steering = w.other.committees.get(kind=CommitteeKind.STEERING)

    def person(email, hebrew=False, **kwargs):
        factory = f.HebrewUserFactory if hebrew else f.UserFactory
        user = factory(email=email, **kwargs)
        f.VolunteerProfileFactory(user=user)
        return user

    def term(committee, user, side, role=MembershipRole.MEMBER, **kwargs):
        kwargs.setdefault("term_start", today - datetime.timedelta(days=365))
        return f.MembershipFactory(committee=committee, person=user, side=side, role=role, **kwargs)

    w.chair = person("chair@example.org", hebrew=True, full_name="נועה כהן")
    w.co_chair = person("cochair@example.org", full_name="Rachel Goldberg")
    w.member_diaspora = person("member-en@example.org", full_name="David Stein")
    w.member_israel = person("member-he@example.org", hebrew=True, full_name="יוסי לוי")
    w.pro_staff = person("prostaff@example.org", hebrew=True, full_name="מיכל אברהם")
    w.sub_chair = person("subchair@example.org", full_name="Sarah Klein")
    w.sub_member = person("submember@example.org", hebrew=True, full_name="דוד מזרחי")
    w.former = person("former@example.org", full_name="Michael Rosen")
    w.other_member = person("other@example.org", full_name="Hannah Weiss")
    w.volunteer = person("volunteer@example.org", full_name="Daniel Levin")
    w.staff = f.StaffFactory(email="staff@example.org", full_name="Staff Person")
    f.VolunteerProfileFactory(user=w.staff)

    w.chair_term = term(w.steering, w.chair, Side.ISRAEL, MembershipRole.CHAIR)
    w.co_chair_term = term(w.steering, w.co_chair, Side.DIASPORA, MembershipRole.CO_CHAIR)
    w.member_diaspora_term = term(w.steering, w.member_diaspora, Side.DIASPORA)
    w.member_israel_term = term(w.steering, w.member_israel, Side.ISRAEL)
    w.pro_staff_term = term(w.steering, w.pro_staff, Side.ISRAEL, MembershipRole.STAFF)
    w.sub_chair_term = term(w.sub, w.sub_chair, Side.DIASPORA, MembershipRole.CHAIR)
    w.sub_member_term = term(w.sub, w.sub_member, Side.ISRAEL)
    w.former_term = term(
        w.steering, w.former, Side.DIASPORA,
        term_start=today - datetime.timedelta(days=800), term_end=today - datetime.timedelta(days=30),
    )
    w.other_member_term = term(w.other_steering, w.other_member, Side.DIASPORA)
    return w
