"""Faults with real parts: a Celery worker process on a redis-server, an SMTP server, beat processes, a web server.

Each test starts its own redis-server on a free port, its own workers (and beats, and a web server),
all on pytest-django's test database, and an aiosmtpd server in this process that records what it
accepts. What is asserted is what people would notice: every recipient got the email exactly once,
and the ledger says so. Every process a test starts is in a process group of its own and is killed
by that group's id when the test ends.
"""

import collections
import datetime
import os
import subprocess
import sys
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import kinds, services
from notifications.models import Delivery, DeliveryStatus, Kind
from tests import factories as f
from tests.notifications.realparts import ROOT, Parts, signed_in_cookie, utc, wait_until
from volunteers.models import SignUp, SignUpStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the worker processes see only committed rows
    pytest.mark.services,
    # Under xdist (--dist loadgroup) the module runs in one worker, one test after another: each test
    # starts several processes of its own, and two of them at once on a small machine only slow both.
    pytest.mark.xdist_group("notifications-worker-faults"),
]

SENT = DeliveryStatus.SENT
DONE = r"Task {task}\[[^\]]+\] (?:succeeded|raised|failed)"


@pytest.fixture
def parts(transactional_db, tmp_path):
    """The test's redis-server, workers, beats and web server; all killed (by process group) at the end.

    It depends on ``transactional_db`` so that the processes are gone before the database is flushed.
    """
    with Parts(tmp_path / "parts") as p:
        try:
            yield p
        finally:
            # What each process said, shown with pytest's report when the test fails.
            print(p.details())  # noqa: T201


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files gathered once, as a production web server (DEBUG off, whitenoise's manifest) serves them."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_STATIC_ROOT": str(root), "DJANGO_DEBUG": "0"},
        check=True,
        timeout=120,
    )
    return root


# ---- data


def due_shift_reminders(count: int) -> list:
    """``count`` volunteers (half Hebrew, half English) holding a place on a shift that starts in 2 hours.

    Each is due the shift's 3-hour reminder.
    """
    now = timezone.now()
    shift = f.ShiftFactory(
        starts_at=now + datetime.timedelta(hours=2), ends_at=now + datetime.timedelta(hours=4), capacity=count
    )
    people = []
    for i in range(count):
        person = (f.HebrewUserFactory if i % 2 else f.UserFactory)()
        f.SignUpFactory(shift=shift, volunteer=person)
        people.append(person)
    return people


def once_each(people) -> collections.Counter:
    return collections.Counter(p.email.lower() for p in people)


def statuses() -> collections.Counter:
    return collections.Counter(Delivery.objects.values_list("status", flat=True))


def all_sent(parts, count: int) -> bool:
    return parts.smtp.count() >= count and Delivery.objects.filter(status=SENT).count() >= count


def run_task(parts, worker, task: str, args=None, *, timeout: float = 30.0) -> None:
    """Send ``task`` to the real worker and wait until that worker has run it."""
    pattern = DONE.format(task=task.replace(".", r"\."))
    before = worker.log_count(pattern)
    parts.send_task(task, args)
    worker.wait_for_log(pattern, count=before + 1, timeout=timeout)


def broker_idle(parts, *, unacked: int = 0) -> bool:
    """Nothing waits at the broker and nothing taken is unfinished (tasks are acknowledged after they ran).

    ``unacked``: messages a killed worker took and never acknowledged (they stay for the visibility timeout).
    """
    import redis

    client = redis.Redis(host="127.0.0.1", port=parts.redis_port, socket_timeout=2)
    try:
        return client.llen("celery") == 0 and client.hlen("unacked") <= unacked
    finally:
        client.close()


def wait_for_idle(parts, **kwargs) -> None:
    # Twice in a row, half a second apart: a message between the queue and the unacked list is counted once.
    def idle_twice():
        if not broker_idle(parts, **kwargs):
            return False
        time.sleep(0.5)
        return broker_idle(parts, **kwargs)

    wait_until(idle_twice, timeout=60, message="the worker did not finish what it was sent", details=parts.details)


# ---- 1. a worker killed mid-batch


def test_worker_killed_mid_batch_every_reminder_arrives_exactly_once(parts):
    people = due_shift_reminders(40)
    parts.start_redis()
    parts.smtp.stall_at(15)  # the 15th message is held at RCPT: not accepted when the worker dies
    first = parts.start_worker("w1")

    parts.send_task("notifications.plan", args=["reminders"])
    wait_until(
        lambda: parts.smtp.stalled.is_set() and parts.smtp.count() == 14,
        timeout=60, message="the worker did not reach the 15th message", details=parts.details,
    )
    first.kill()  # SIGKILL to the worker and its pool child, mid-batch
    parts.smtp.release()
    # The ledger holds what the dead worker left: 14 sent, the rest of its one batch claimed.
    assert statuses() == {SENT: 14, DeliveryStatus.SENDING: 26}
    assert parts.smtp.count() == 14

    second = parts.start_worker("w2")
    wait_until(
        lambda: not Delivery.objects.filter(status=DeliveryStatus.SENDING, lease_until__gte=timezone.now()).exists(),
        timeout=30, message="the dead worker's lease did not run out",
    )
    run_task(parts, second, "notifications.dispatch")
    wait_until(lambda: all_sent(parts, 40), timeout=60, message="not every reminder arrived", details=parts.details)
    run_task(parts, second, "notifications.dispatch")  # one more sweep: nothing is left to send
    wait_for_idle(parts, unacked=1)  # the dead worker's batch stays unacknowledged at the broker

    assert parts.smtp.recipients() == once_each(people)
    assert statuses() == {SENT: 40}
    assert len({m["message_id"] for m in parts.smtp.accepted}) == 40
    languages = collections.Counter(m["language"] for m in parts.smtp.accepted)
    assert languages == {"he": 20, "en": 20}


# ---- 2. the same task twice, at once


def test_same_send_task_twice_at_once_sends_each_email_once(parts):
    people = due_shift_reminders(20)
    spec = kinds.get(Kind.SHIFT_REMINDER)
    services.deliveries_record(kind=Kind.SHIFT_REMINDER, planned=spec.plan(timezone.now()))
    ids = sorted(Delivery.objects.values_list("pk", flat=True))
    assert len(ids) == 20
    # The claim must outlast the first task's stall below (this test is about two claims, not a lease running out).
    parts.settings["P2G_NOTIFY_LEASE_SECONDS"] = "120"
    parts.start_redis()
    parts.smtp.stall_at(1)  # the first task holds its claim, its first message unanswered
    worker = parts.start_worker("w1", concurrency=2)

    parts.send_task("notifications.send", args=[ids])
    wait_until(parts.smtp.stalled.is_set, timeout=30, message="the first task did not start sending", details=parts.details)
    # The same task again (as a retry or a second enqueue would): it runs beside the first, in the other child.
    parts.send_task("notifications.send", args=[ids])
    worker.wait_for_log(r"Task notifications\.send\[[^\]]+\] succeeded in [^:]+: 0\b", timeout=30)
    assert parts.smtp.count() == 0
    parts.smtp.release()

    wait_until(lambda: all_sent(parts, 20), timeout=60, message="not every email arrived", details=parts.details)
    run_task(parts, worker, "notifications.send", args=[ids])  # and once more, after all was sent
    wait_for_idle(parts)

    assert parts.smtp.recipients() == once_each(people)
    assert statuses() == {SENT: 20}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
    assert worker.log_count(r"Task notifications\.send\[[^\]]+\] succeeded") == 3


# ---- 3. SMTP refusing, then accepting; and refusing one address for good


def test_smtp_refusing_then_accepting_retries_with_backoff_and_delivers_once(parts):
    people = due_shift_reminders(4)
    addresses = [p.email.lower() for p in people]
    parts.start_redis()
    parts.smtp.refuse_temporarily()  # 451 to every message until told otherwise
    worker = parts.start_worker("w1")

    run_task(parts, worker, "notifications.plan", args=["reminders"])
    wait_until(
        lambda: Delivery.objects.filter(attempts=1, status=DeliveryStatus.PENDING).exclude(error="").count() == 4,
        timeout=30, message="the refused deliveries were not put back", details=parts.details,
    )
    for row in Delivery.objects.select_related("recipient"):
        # Back to waiting, with the server's answer and a next attempt no sooner than the retry base (1 s).
        assert "451" in row.error and "Try again later" in row.error
        first_attempt = utc(parts.smtp.attempt_times[row.recipient.email.lower()][0])
        assert row.next_attempt_at >= first_attempt + datetime.timedelta(seconds=0.9)
        assert row.sent_at is None

    # The sweep runs every half second for 5 seconds while the server keeps refusing: backoff, no storm.
    started = time.monotonic()
    while time.monotonic() - started < 5:
        run_task(parts, worker, "notifications.dispatch")
        time.sleep(0.5)
    wait_for_idle(parts)
    attempts = {a: parts.smtp.attempts_of(a) for a in addresses}
    assert all(2 <= n <= 4 for n in attempts.values()), attempts
    assert statuses() == {DeliveryStatus.PENDING: 4}
    assert parts.smtp.count() == 0

    parts.smtp.accept_all()

    def delivered():
        run_task(parts, worker, "notifications.dispatch")
        return all_sent(parts, 4)

    wait_until(delivered, timeout=60, interval=0.5, message="not delivered once the server accepted", details=parts.details)
    run_task(parts, worker, "notifications.dispatch")
    wait_for_idle(parts)

    assert parts.smtp.recipients() == once_each(people)
    for row in Delivery.objects.select_related("recipient"):
        assert row.status == SENT and row.error == ""
        assert row.attempts == parts.smtp.attempts_of(row.recipient.email) >= 3  # every try is on record


def test_smtp_refusing_an_address_for_good_fails_that_one_only_and_never_retries(parts):
    people = due_shift_reminders(4)
    unknown = people[1]
    parts.start_redis()
    parts.smtp.refuse_for_good(unknown.email)
    worker = parts.start_worker("w1")

    run_task(parts, worker, "notifications.plan", args=["reminders"])
    wait_until(lambda: all_sent(parts, 3), timeout=30, message="the others were not sent", details=parts.details)
    # Further sweeps, for longer than a retry would wait (retry base 1 s): the refused one is left alone.
    started = time.monotonic()
    while time.monotonic() - started < 3:
        run_task(parts, worker, "notifications.dispatch")
        time.sleep(0.5)
    wait_for_idle(parts)

    failed = Delivery.objects.get(recipient=unknown)
    assert failed.status == DeliveryStatus.FAILED
    assert "550" in failed.error and "No such user" in failed.error
    assert failed.attempts == 1 and parts.smtp.attempts_of(unknown.email) == 1
    assert parts.smtp.recipients() == once_each(p for p in people if p != unknown)
    assert statuses() == {SENT: 3, DeliveryStatus.FAILED: 1}


# ---- 4. Redis down or hung: the website answers, and the email goes out once Redis is back


PROMPT = 5.0  # seconds: a liveness bound, not a benchmark


@pytest.mark.parametrize("fault", ["stopped", "hung"])
def test_redis_down_pages_answer_and_the_email_goes_out_when_it_is_back(parts, static_root, fault):
    now = timezone.now()
    leaving = f.UserFactory(full_name="Rachel Goldberg")
    waiting = f.HebrewUserFactory(full_name="נועה כהן")
    for person in (leaving, waiting):
        f.VolunteerProfileFactory(user=person)
    shift = f.ShiftFactory(
        starts_at=now + datetime.timedelta(days=3), ends_at=now + datetime.timedelta(days=3, hours=2), capacity=1
    )
    place = f.SignUpFactory(shift=shift, volunteer=leaving)
    f.SignUpFactory(shift=shift, volunteer=waiting, status=SignUpStatus.WAITLISTED)
    partnership = f.PartnershipFactory()
    f.MembershipFactory(committee=partnership.committees.first(), person=leaving)

    redis = parts.start_redis()
    web = parts.start_web(static_root=static_root)
    name, key = signed_in_cookie(leaving)
    web.cookies[name] = key
    pages = [
        reverse("home"),
        reverse("volunteers:opportunity_list"),
        reverse("volunteers:my_schedule"),  # signed-in pages: a lost session would redirect to sign in
        reverse("partnerships:dashboard", kwargs={"partnership_pk": partnership.pk}),
        reverse("partnerships:meeting_list", kwargs={"partnership_pk": partnership.pk}),
    ]
    cancel = reverse("volunteers:signup_cancel", args=[place.pk])
    for path in pages:  # with Redis up, as a baseline
        assert web.request("GET", path)[0] == 200, path

    if fault == "stopped":
        redis.kill()
    else:
        redis.freeze()  # SIGSTOP: the port still accepts connections, nothing answers

    for path in [*pages, *pages]:
        status, _, _, seconds = web.request("GET", path)
        assert status == 200, path
        assert seconds < PROMPT, (path, seconds)
    status, _, body, seconds = web.request("GET", cancel)
    assert status == 200 and seconds < PROMPT, (status, seconds)
    assert "csrftoken" in web.cookies
    status, headers, _, seconds = web.request("POST", cancel, form={"csrfmiddlewaretoken": web.cookies["csrftoken"]})
    assert status == 302 and seconds < PROMPT, (status, seconds)

    # The place went to the waiting volunteer, and the email to tell her is decided, waiting for the broker.
    assert SignUp.objects.get(volunteer=waiting).status == SignUpStatus.CONFIRMED
    promoted = Delivery.objects.get(kind=Kind.SIGNUP_PROMOTED, recipient=waiting)
    assert promoted.status == DeliveryStatus.PENDING and promoted.enqueued_at is None
    assert parts.smtp.count() == 0

    if fault == "stopped":
        parts.start_redis()  # the same port again
    else:
        redis.thaw()  # what the web server wrote before giving up may now be read too
    worker = parts.start_worker("w1")
    run_task(parts, worker, "notifications.dispatch")
    wait_until(lambda: all_sent(parts, 1), timeout=30, message="the promotion email did not go out", details=parts.details)
    run_task(parts, worker, "notifications.dispatch")
    wait_for_idle(parts)

    assert parts.smtp.recipients() == once_each([waiting])
    assert parts.smtp.accepted[0]["language"] == "he"
    assert Delivery.objects.get(pk=promoted.pk).status == SENT
    for path in pages:  # and the site is still fine with Redis back
        assert web.request("GET", path)[0] == 200, path


# ---- 5 and 6. Two beat processes at once; a beat killed and started again


def beat_every_second() -> None:
    """The periodic tasks that send reminders, every second; the daily one paused."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from notifications.schedule import install_schedule

    install_schedule()  # the rows migrate created are gone once an earlier test flushed the database
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    fast = {"Notifications: reminders due", "Notifications: send what waits"}
    for task in PeriodicTask.objects.filter(name__startswith="Notifications:"):
        if task.name in fast:
            task.interval, task.enabled = every_second, True
        else:
            task.enabled = False
        task.save()
    assert PeriodicTask.objects.filter(name__in=fast, enabled=True, interval=every_second).count() == 2


BEAT_SENT_PLAN = r"Sending due task Notifications: reminders due"
# No worker dies in these tests: a claim outlasts any batch however loaded the machine (a batch that
# outlasts its claim is the subject of the last test).
LONG_LEASE = "60"


def test_two_beat_processes_at_once_send_each_reminder_once(parts):
    people = due_shift_reminders(30)
    beat_every_second()
    parts.settings["P2G_NOTIFY_LEASE_SECONDS"] = LONG_LEASE
    parts.start_redis()
    worker = parts.start_worker("w1", concurrency=2)
    beats = [parts.start_beat("beat1", wait=False), parts.start_beat("beat2", wait=False)]
    for beat in beats:
        beat.wait_for_log(r"beat: Starting", timeout=60)

    wait_until(lambda: all_sent(parts, 30), timeout=60, message="not every reminder arrived", details=parts.details)
    for beat in beats:  # a few seconds more, both beats sending both tasks every second
        beat.wait_for_log(BEAT_SENT_PLAN, count=beat.log_count(BEAT_SENT_PLAN) + 3, timeout=30)
    for beat in beats:
        beat.kill()
    wait_for_idle(parts)

    assert parts.smtp.recipients() == once_each(people)
    assert statuses() == {SENT: 30}
    assert worker.log_count(r"Task notifications\.plan\[[^\]]+\] succeeded") >= 6


def test_beat_killed_and_started_again_loses_nothing_and_sends_nothing_twice(parts):
    before = due_shift_reminders(15)
    beat_every_second()
    parts.settings["P2G_NOTIFY_LEASE_SECONDS"] = LONG_LEASE
    parts.start_redis()
    parts.start_worker("w1", concurrency=2)
    beat = parts.start_beat("beat1")
    wait_until(lambda: parts.smtp.count() >= 1, timeout=60, message="nothing arrived", details=parts.details)
    beat.kill()  # SIGKILL: its pidfile stays behind

    during = due_shift_reminders(15)  # due while no beat runs
    wait_for_idle(parts)
    assert Delivery.objects.filter(recipient__in=during).count() == 0

    again = parts.start_beat("beat1")  # same pidfile and schedule file
    wait_until(lambda: all_sent(parts, 30), timeout=60, message="not every reminder arrived", details=parts.details)
    again.wait_for_log(BEAT_SENT_PLAN, count=again.log_count(BEAT_SENT_PLAN) + 3, timeout=30)
    again.kill()
    wait_for_idle(parts)

    assert parts.smtp.recipients() == once_each(before + during)
    assert statuses() == {SENT: 30}


# ---- a batch that takes longer than its claim


def test_batch_slower_than_its_lease_sends_nothing_twice(parts):
    people = due_shift_reminders(12)
    parts.start_redis()
    parts.smtp.slow_down(0.5)  # 12 messages take 6 s: twice the lease (3 s)
    worker = parts.start_worker("w1", concurrency=2)
    parts.send_task("notifications.plan", args=["reminders"])

    def delivered():
        run_task(parts, worker, "notifications.dispatch")  # the sweep, as beat runs it
        return all_sent(parts, 12)

    wait_until(delivered, timeout=60, interval=0.5, message="not every reminder arrived", details=parts.details)
    wait_for_idle(parts)
    assert parts.smtp.recipients() == once_each(people)
    assert statuses() == {SENT: 12}
