"""Benchmark the shift reminders end to end against a plain smtplib loop to the same SMTP server.

Sets up, each run from scratch: a fresh PostgreSQL database (p2g_bench_reminders: dropped, created,
migrated), a private Redis (``redis-server`` on a free port; ``--redis URL`` to use another), the
SMTP server ``bench/smtp_sink.py`` (aiosmtpd in its own process, on a free port, keeping every
message's raw bytes in a folder under /dev/shm), and ``--count`` (10,000) confirmed sign-ups on shifts
starting in about 2 hours, so each is due for its 3-hour shift reminder: half the volunteers read
Hebrew in Asia/Jerusalem, half English in America/New_York.

1. **reminders** (end to end): a real worker, ``celery -A p2g worker --concurrency=N``, on that
   Redis, with DATABASE_URL, CELERY_BROKER_URL, REDIS_URL and EMAIL_URL (smtp://127.0.0.1:<sink>)
   set. The timer starts, ``notifications.plan("reminders")`` is sent through a separate Celery app
   object, and the timer stops when the SMTP server has received all ``--count`` messages. Inside:
   selection of what is due, the ledger rows (written, handed to the broker, claimed, marked sent),
   rendering in both languages and time zones, the worker's tasks, SMTP (one connection per batch).
   Before the first round a warm-up (``concurrency x batch`` other reminders) has every worker
   process load its templates and catalogues, as a worker that has been running would have.
2. **plain**: the same messages (the bytes the server received in step 1) sent again by one
   ``smtplib.SMTP`` connection with one ``sendmail`` per message, timed from connect to QUIT.

Both steps run ``--rounds`` times (3), one after the other, so that the machine's noise falls on
both alike; before each new round the previous round's ledger rows are deleted, so the reminders
are decided and sent anew. It prints each round's rates (messages per second), the medians and
their ratio against the target (reminders / plain >= 0.6), checks that every reminder arrived
exactly once (distinct Message-IDs, every ledger row sent) in both languages, and shows the CPU
time per message of each process (from /proc). When the ratio misses the target (or with
``--profile``) it sends ``--profile-batches`` batches again with
``notifications.services.deliveries_send`` in this process, against the same server: timed part
by part (wall and CPU), then under cProfile, and prints where the time goes.

    .venv/bin/python bench/bench_reminders.py [--count 10000] [--rounds 3] [--concurrency 2]
        [--batch-size 200] [--strict] [--profile] [--no-warmup] [--keep-messages]
        [--redis redis://127.0.0.1:6379/14]
        [--server postgres://postgres@127.0.0.1:5432] [--name p2g_bench_reminders]

Concurrency and batch size default to a production deployment's: ``P2G_WORKER_CONCURRENCY`` (2,
docker-compose.yml's default) and ``P2G_NOTIFY_BATCH_SIZE`` (200, p2g/settings.py's default).
Exit status 0, even when the ratio misses the target (1 then with ``--strict``); 2 when the run
itself went wrong (messages missing or duplicated, a service that would not start).
"""

import argparse
import contextlib
import cProfile
import datetime
import io
import os
import pstats
import re
import shutil
import signal
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_portal import database_ensure, django_env, manage  # noqa: E402 - the portal benchmark's helpers
from smtp_sink import message_path, message_read  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
TARGET = 0.6  # reminders end to end per second / plain smtplib messages per second
LOG_DIR = ROOT / "var" / "bench_reminders"
THIS_PROCESS = "this process (reminders: polls the server; plain: the client)"


class BenchError(Exception):
    """The run itself went wrong (not a slow result)."""


# --- The services: SMTP sink, Redis, Celery worker (each a child process, stopped by its own PID) ------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_wait(port: int, process: subprocess.Popen, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{what} exited with status {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise BenchError(f"{what} did not listen on port {port} within {timeout:g} s")


def process_stop(process: subprocess.Popen | None, timeout: float = 30.0) -> None:
    """SIGTERM to the process we started (a worker's warm shutdown), SIGKILL if it outstays ``timeout``."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def sink_start(directory: Path, log) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "smtp_sink.py"), str(directory), "--port", str(port)],
                               cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    port_wait(port, process, "The SMTP server (bench/smtp_sink.py)")
    return process, port


def redis_start(log) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise BenchError("redis-server is not installed: pass --redis URL (e.g. redis://127.0.0.1:6379/14)")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=log, stderr=subprocess.STDOUT)
    port_wait(port, process, "redis-server")
    return process, f"redis://127.0.0.1:{port}/0"


def worker_start(env: dict, concurrency: int, log_path: Path) -> subprocess.Popen:
    """A worker as docker-compose.yml runs it (prefork, --loglevel=INFO); ready when it says so."""
    log = open(log_path, "w")  # noqa: SIM115 - kept open for the worker's life, closed with it
    process = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "p2g", "worker", "--loglevel=INFO", f"--concurrency={concurrency}",
         "--hostname=bench-reminders@%h", "--purge"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"the Celery worker exited with status {process.returncode} (see {log_path})")
        if " ready." in log_path.read_text(errors="replace"):
            return process
        time.sleep(0.1)
    process_stop(process)
    raise BenchError(f"the Celery worker was not ready within 60 s (see {log_path})")


# --- CPU accounting from /proc (Linux): who spends the machine's cores in each phase ---------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of one process so far (None when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (a prefork worker's pool processes)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
    return found


def machine_cpu() -> tuple[float, float]:
    """(busy, all) CPU seconds of the machine so far, every core and every process (others' too)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values) - idle) / CLOCK_TICKS, sum(values) / CLOCK_TICKS


class CpuMeter:
    """CPU seconds spent by groups of processes between ``start`` and ``stop`` (added up over several
    start/stop pairs: the rounds); the machine's busy cores over those periods."""

    available = Path("/proc/self/stat").exists() and Path("/proc/stat").exists()

    def __init__(self, groups: dict):
        self.groups = groups  # label -> callable returning the group's PIDs
        self.seconds: Counter = Counter()
        self.busy = self.walls = 0.0

    @property
    def busy_cores(self) -> float:
        return self.busy / self.walls if self.walls else float("nan")

    def _snapshot(self) -> dict:
        return {label: {pid: process_cpu(pid) for pid in pids()} for label, pids in self.groups.items()}

    def start(self) -> None:
        if self.available:
            self.before, self.machine_before, self.wall = self._snapshot(), machine_cpu(), time.monotonic()
            self.last = {label: dict(pids) for label, pids in self.before.items()}

    def sample(self) -> None:
        """Note the CPU of processes that may be gone by ``stop`` (a database connection closed and reopened)."""
        if self.available:
            for label, pids in self._snapshot().items():
                self.last[label].update({pid: cpu for pid, cpu in pids.items() if cpu is not None})

    def stop(self) -> None:
        if not self.available:
            return
        self.sample()
        busy, _ = machine_cpu()
        wall = time.monotonic() - self.wall
        for label, pids in self.last.items():
            before = self.before.get(label, {})
            self.seconds[label] += sum(max((cpu or 0.0) - (before.get(pid) or 0.0), 0.0) for pid, cpu in pids.items())
        self.busy += busy - self.machine_before[0]
        self.walls += wall


def postgres_backends() -> list[int]:
    """PIDs of the server processes of the benchmark's database, other than this process's own connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return [row[0] for row in cursor.fetchall()]


def cpu_table(count: int, ledger: CpuMeter, plain: CpuMeter) -> None:
    if not CpuMeter.available:
        return
    labels = list(dict.fromkeys([*ledger.seconds, *plain.seconds]))
    width = max(len(label) for label in labels) + 2
    print(f"\n{'CPU per message, ms (user + system)':<{width + 2}}{'reminders':>9}  {'plain':>8}")
    for label in labels:
        cells = [f"{phase.seconds[label] / count * 1000:8.3f}" if label in phase.seconds else f"{'-':>8}"
                 for phase in (ledger, plain)]
        print(f"  {label:<{width}} {cells[0]}  {cells[1]}")
    totals = [sum(phase.seconds.values()) / count * 1000 for phase in (ledger, plain)]
    print(f"  {'total':<{width}} {totals[0]:8.3f}  {totals[1]:8.3f}")
    print(f"  {f'machine: cores busy of {os.cpu_count()} (others too)':<{width}} "
          f"{ledger.busy_cores:8.2f}  {plain.busy_cores:8.2f}")


# --- The data -------------------------------------------------------------------------------------------------

HEBREW_NAMES = ["נועה כהן", "יוסי לוי", "מיכל אברהם", "דוד מזרחי", "שירה פרץ", "אבי ביטון", "רחל דהן", "עומר פרידמן"]
ENGLISH_NAMES = ["Rachel Goldberg", "David Stein", "Sarah Klein", "Michael Rosen", "Hannah Weiss", "Daniel Levin"]
PER_SHIFT = 50


def opportunities_create(count: int) -> list:
    """A partnership, a program and ``count`` opportunities titled in both languages (factories: a few rows)."""
    from tests.factories import OpportunityFactory, ProgramFactory

    program = ProgramFactory()
    places = [("Community centre, 12 Herzl St.", "מרכז קהילתי, הרצל 12"), ("", "")]
    return [OpportunityFactory(program=program, location_en=places[i % 2][0], location_he=places[i % 2][1])
            for i in range(count)]


def signups_create(*, prefix: str, count: int, opportunities: list) -> int:
    """``count`` volunteers (alternately Hebrew/Jerusalem and English/New York), each confirmed on a shift
    starting in about two hours (between 1 h 50 and 2 h 10 from now), PER_SHIFT to a shift; bulk inserts."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.utils import timezone

    from accounts.models import User
    from volunteers.models import Shift, SignUp, SignUpStatus

    now = timezone.now()
    shifts = Shift.objects.bulk_create([
        Shift(opportunity=opportunities[i % len(opportunities)],
              starts_at=now + datetime.timedelta(minutes=110 + i % 21),
              ends_at=now + datetime.timedelta(minutes=110 + i % 21 + 180),
              capacity=PER_SHIFT, location_en="Hall B" if i % 3 == 0 else "", location_he="אולם ב" if i % 3 == 0 else "")
        for i in range((count + PER_SHIFT - 1) // PER_SHIFT)
    ])
    people = []
    for i in range(count):
        hebrew = i % 2 == 0
        names = HEBREW_NAMES if hebrew else ENGLISH_NAMES
        people.append(User(
            email=f"{prefix}{i:05d}@bench.example", full_name=names[i % len(names)], password=UNUSABLE_PASSWORD_PREFIX,
            preferred_language="he" if hebrew else "en", time_zone="Asia/Jerusalem" if hebrew else "America/New_York",
        ))
    people = User.objects.bulk_create(people, batch_size=2000)
    SignUp.objects.bulk_create(
        [SignUp(shift=shifts[i // PER_SHIFT], volunteer=person, status=SignUpStatus.CONFIRMED)
         for i, person in enumerate(people)],
        batch_size=2000,
    )
    return count


def vacuum_analyze(url: str) -> None:
    """Planner statistics for the fresh bulk load, as autovacuum would gather them."""
    conn = psycopg2.connect(url)
    conn.autocommit = True  # VACUUM refuses a transaction
    try:
        with conn.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        conn.close()


# --- The two phases -------------------------------------------------------------------------------------------


def received_wait(directory: Path, before: int, count: int, timeout: float, *, started: float, label: str,
                  meter: CpuMeter | None = None) -> float:
    """Poll until the server has ``count`` messages more than ``before`` (its file number ``before + count``
    exists); the monotonic time then."""
    target = message_path(directory, before + count)
    deadline = started + timeout
    next_report, next_sample = started + 10, started + 1
    while not target.exists():
        now = time.monotonic()
        if meter is not None and now > next_sample:
            meter.sample()
            next_sample = now + 1
        if now > deadline:
            got = sum(1 for _ in directory.glob("*.eml")) - before
            raise BenchError(f"{label}: the server had {got} of {count} messages after {timeout:g} s")
        if now > next_report:
            got = sum(1 for _ in directory.glob("*.eml")) - before
            print(f"    {label}: {got:,} of {count:,} at the server after {now - started:.0f} s")
            next_report = now + 10
        time.sleep(0.005)
    return time.monotonic()


def plan_trigger(broker_url: str) -> None:
    """notifications.plan("reminders") through a Celery app of its own (not the project's)."""
    from celery import Celery

    app = Celery("bench-reminders", broker=broker_url)
    try:
        app.send_task("notifications.plan", args=["reminders"])
    finally:
        app.close()


def ledger_phase(*, broker_url: str, directory: Path, before: int, count: int, timeout: float, meter: CpuMeter) -> dict:
    from notifications.models import Delivery

    last_before = Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    meter.start()
    wall_started = time.time()
    started = time.monotonic()
    plan_trigger(broker_url)
    finished = received_wait(directory, before, count, timeout, started=started, label="reminders", meter=meter)
    elapsed = finished - started
    meter.stop()
    time.sleep(1.0)  # anything sent twice would arrive now
    extra = message_path(directory, before + count + 1).exists()
    return {"elapsed": elapsed, "wall_started": wall_started, "first_pk": last_before + 1, "extra": extra}


def ledger_facts(first_pk: int, wall_started: float) -> dict:
    """What the ledger says about the timed run: statuses, languages, when rows were written and sent."""
    from django.db.models import Count, Max, Min

    from notifications.models import Delivery

    rows = Delivery.objects.filter(pk__gte=first_pk)
    statuses = dict(rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    languages = dict(rows.values_list("language").annotate(n=Count("pk")).values_list("language", "n"))
    times = rows.aggregate(created_first=Min("created_at"), created_last=Max("created_at"),
                           sent_first=Min("sent_at"), sent_last=Max("sent_at"), attempts=Max("attempts"))
    origin = datetime.datetime.fromtimestamp(wall_started, tz=datetime.UTC)

    def offset(moment):
        return (moment - origin).total_seconds() if moment else float("nan")

    return {"statuses": statuses, "languages": languages, "attempts": times["attempts"],
            **{key: offset(value) for key, value in times.items() if key != "attempts"}}


def messages_load(directory: Path, first: int, count: int) -> list[tuple[str, list[str], bytes]]:
    return [message_read(message_path(directory, n)) for n in range(first, first + count)]


def messages_check(messages: list) -> dict:
    ids, languages, sizes = set(), Counter(), 0
    for _, _, raw in messages:
        head = raw.split(b"\r\n\r\n", 1)[0]
        found = re.search(rb"^Message-ID: *(\S+)", head, flags=re.M | re.I)
        ids.add(found.group(1) if found else None)
        language = re.search(rb"^Content-Language: *(\S+)", head, flags=re.M | re.I)
        languages[language.group(1).decode() if language else "?"] += 1
        sizes += len(raw)
    return {"distinct_ids": len(ids - {None}), "languages": dict(languages), "mean_bytes": sizes / max(len(messages), 1)}


def plain_phase(port: int, messages: list, meter: CpuMeter) -> float:
    meter.start()
    started = time.monotonic()
    client = smtplib.SMTP("127.0.0.1", port)
    for sender, recipients, raw in messages:
        client.sendmail(sender, recipients, raw)
    client.quit()
    elapsed = time.monotonic() - started
    meter.stop()
    return elapsed


# --- The profile ----------------------------------------------------------------------------------------------

# The parts of deliveries_send timed by wall clock (no profiler): names in notifications/services.py.
TIMED = [
    ("deliveries_claim", "claim the batch (one UPDATE, one SELECT)"),
    ("_skip_reason", "skip checks"),
    ("delivery_message", "render (templates, links, headers)"),
    ("_send_one", "SMTP: MIME bytes and the exchange"),
    ("_finish", "mark each row sent (one UPDATE, one commit)"),
]

# Inside, from the profile (cumulative times; profiler overhead included, heavier on many small calls).
PARTS = [
    ("templates: render_to_string (subject, text, HTML)", "django/template/loader.py", "render_to_string"),
    ("signed unsubscribe token", "notifications/render.py", "unsubscribe_token"),
    ("reverse() of the links", "django/urls/base.py", "reverse"),
    ("MIME: EmailMessage.message()", "django/core/mail/message.py", "message"),
    ("MIME: as_bytes()", "django/core/mail/message.py", "as_bytes"),
    ("the SMTP exchange: smtplib sendmail()", "smtplib.py", "sendmail"),
    ("SQL: cursor.execute (all queries)", "django/db/backends/utils.py", "execute"),
]


def deliveries_reset(ids: list[int]) -> None:
    """Sent rows made due again, to be sent once more by ``deliveries_send`` (the profile's batches)."""
    from django.utils import timezone

    from notifications.models import Delivery, DeliveryStatus

    Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(),
                                               enqueued_at=None, lease_until=None, attempts=0)


@contextlib.contextmanager
def parts_timed(module, seconds: Counter, cpu: Counter):
    """Wrap the functions of TIMED in ``module`` with wall-clock and CPU timers for the block."""
    originals = {name: getattr(module, name) for name, _ in TIMED}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started, started_cpu = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - started
                cpu[name] += time.thread_time() - started_cpu
        return wrapper

    for name, function in originals.items():
        setattr(module, name, timed(name, function))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(module, name, function)


def profile_run(*, batch: int, batches: int, first_pk: int) -> None:
    """``deliveries_send`` in this process on ``batches`` batches the ledger run sent, against the same server:
    once timed part by part (wall clock), once under cProfile. A first batch warms templates and catalogues up."""
    from notifications import services
    from notifications.models import Delivery, DeliveryStatus

    ids = list(Delivery.objects.filter(pk__gte=first_pk, status=DeliveryStatus.SENT).order_by("pk")
               .values_list("pk", flat=True)[:batch * (batches + 1)])
    warm = min(batch, len(ids) // 2)
    chunks = [ids[i:i + batch] for i in range(warm, len(ids), batch)]
    deliveries_reset(ids)
    services.deliveries_send(ids=ids[:warm])

    seconds, cpu, sent = Counter(), Counter(), 0
    started, started_cpu = time.perf_counter(), time.thread_time()
    with parts_timed(services, seconds, cpu):
        for chunk in chunks:
            sent += services.deliveries_send(ids=chunk).sent
    wall, wall_cpu = time.perf_counter() - started, time.thread_time() - started_cpu
    sent = max(sent, 1)
    print(f"\nProfile: deliveries_send in this process (one process, no worker), {len(chunks)} batches of up to "
          f"{batch}: {sent / wall:.0f} msg/s, {wall / sent * 1000:.2f} ms per message, of which "
          f"{wall_cpu / sent * 1000:.2f} ms CPU (the rest waits for the SMTP server and PostgreSQL). Per message:")
    print(f"  {'':<52} {'wall':>6}     {'CPU':>6}")
    for name, label in TIMED:
        print(f"  {label:<52} {seconds[name] / sent * 1000:6.2f} ms  {cpu[name] / sent * 1000:6.2f} ms"
              f"  {cpu[name] / wall_cpu:4.0%} of the CPU")
    rest, rest_cpu = wall - sum(seconds.values()), wall_cpu - sum(cpu.values())
    print(f"  {'the rest (loading the batch, opt-outs, bookkeeping)':<52} {rest / sent * 1000:6.2f} ms  "
          f"{rest_cpu / sent * 1000:6.2f} ms  {rest_cpu / wall_cpu:4.0%} of the CPU")

    deliveries_reset([pk for chunk in chunks for pk in chunk])
    profiler = cProfile.Profile()
    for chunk in chunks:
        profiler.enable()
        services.deliveries_send(ids=chunk)
        profiler.disable()
    stats = pstats.Stats(profiler)
    whole = sum(v[3] for (f, _, n), v in stats.stats.items() if n == "deliveries_send" and f.endswith("services.py"))
    print(f"\nUnder cProfile ({whole / sent * 1000:.2f} ms per message with the profiler's overhead), inside:")
    for label, suffix, function in PARTS:
        cumulative = outermost_cumulative(stats, suffix, function)
        print(f"  {label:<52} {cumulative / sent * 1000:6.2f} ms  {cumulative / whole:4.0%}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
    print("Top 20 functions by own time:")
    print("\n".join("  " + line for line in out.getvalue().splitlines()[6:] if line.strip()))


def outermost_cumulative(stats: pstats.Stats, suffix: str, function: str) -> float:
    """Cumulative seconds of ``function`` (in a file ending with ``suffix``), its calls from itself left out."""
    total = 0.0
    for (filename, _, name), (_, _, _, cumtime, callers) in stats.stats.items():
        if name != function or not filename.replace("\\", "/").endswith(suffix):
            continue
        inner = [value for caller, value in callers.items() if caller[2] == function]
        total += sum(value[3] for caller, value in callers.items() if caller[2] != function) if inner else cumtime
    return total


# --- Main -----------------------------------------------------------------------------------------------------


@dataclass
class Services:
    """The processes this run started; each is stopped by its own PID."""

    directory: Path  # where the SMTP server keeps the messages
    sink: subprocess.Popen | None = None
    smtp_port: int = 0
    redis: subprocess.Popen | None = None
    broker_url: str = ""
    worker: subprocess.Popen | None = None

    def stop(self) -> None:
        process_stop(self.worker)
        process_stop(self.redis, timeout=10)
        process_stop(self.sink, timeout=10)


def services_start(services: Services, redis_url: str) -> None:
    with open(LOG_DIR / "services.log", "w") as log:
        services.sink, services.smtp_port = sink_start(services.directory, log)
        services.broker_url = redis_url
        if not redis_url:
            services.redis, services.broker_url = redis_start(log)
    print(f"SMTP server: bench/smtp_sink.py on 127.0.0.1:{services.smtp_port}, messages kept in {services.directory}")
    print(f"Broker: {services.broker_url}" + (" (a private redis-server)" if services.redis else ""))


def database_prepare(options, services: Services) -> dict:
    """A fresh database, migrated; Django set up in this process. The environment of the worker."""
    url = f"{options.server.rstrip('/')}/{options.name}"
    env = django_env(url)
    env.update({
        "REDIS_URL": services.broker_url, "CELERY_BROKER_URL": services.broker_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{services.smtp_port}",
        "P2G_NOTIFY_BATCH_SIZE": str(options.batch_size),
    })
    database_ensure(options.server, options.name, recreate=True)
    started = time.monotonic()
    manage(["migrate", "--no-input", "-v0"], env)
    print(f"  migrated in {time.monotonic() - started:.1f} s")
    django_setup(env)
    return env


def world_create(options, services: Services, env: dict) -> int:
    """The worker started and warmed up; then the sign-ups of the timed run. The number of warm-up messages."""
    url = env["DATABASE_URL"]
    opportunities = opportunities_create(4)
    warmup = min(options.batch_size * options.concurrency, 2000) if options.warmup else 0
    if warmup:
        signups_create(prefix="warmup", count=warmup, opportunities=opportunities)
        vacuum_analyze(url)
    services.worker = worker_start(env, options.concurrency, LOG_DIR / "worker.log")
    print(f"Worker: celery -A p2g worker --concurrency={options.concurrency}, "
          f"P2G_NOTIFY_BATCH_SIZE={options.batch_size} (log: {LOG_DIR / 'worker.log'})")
    if warmup:
        started = time.monotonic()
        plan_trigger(services.broker_url)
        received_wait(services.directory, 0, warmup, options.timeout, started=started, label="warm-up")
        print(f"  warm-up: {warmup:,} other reminders in {time.monotonic() - started:.1f} s (not counted)")
    started = time.monotonic()
    signups_create(prefix="volunteer", count=options.count, opportunities=opportunities)
    vacuum_analyze(url)
    print(f"  {options.count:,} sign-ups due for their 3-hour reminder (half Hebrew/Jerusalem, half "
          f"English/New York; shifts in 1 h 50 – 2 h 10) in {time.monotonic() - started:.1f} s")
    return warmup


def deliveries_forget(first_pk: int, url: str) -> None:
    """The previous round's ledger rows deleted: its reminders are due again, to be decided and sent anew."""
    from notifications.models import Delivery

    Delivery.objects.filter(pk__gte=first_pk).delete()
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE notifications_delivery")
    finally:
        conn.close()


def measure(options, services: Services, warmup: int, url: str) -> dict:
    """The rounds (ledger, then plain, each time); what the ledger and the messages say; what went wrong."""
    count, directory = options.count, services.directory
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    worker, redis, sink = services.worker, services.redis, services.sink
    ledger_cpu = CpuMeter({
        f"Celery worker ({options.concurrency} processes and the main one)": lambda: process_tree(worker.pid),
        "PostgreSQL (the database's server processes)": postgres_backends,
        "Redis": (lambda: [redis.pid]) if redis else list,
        "SMTP server": lambda: [sink.pid],
        THIS_PROCESS: lambda: [os.getpid()],
    })
    plain_cpu = CpuMeter({"SMTP server": lambda: [sink.pid], THIS_PROCESS: lambda: [os.getpid()]})
    rounds, problems, received, first_pk = [], [], warmup, None
    for number in range(1, options.rounds + 1):
        if first_pk is not None:
            deliveries_forget(first_pk, url)
        ledger = ledger_phase(broker_url=services.broker_url, directory=directory, before=received, count=count,
                              timeout=options.timeout, meter=ledger_cpu)
        first_pk = ledger["first_pk"]
        facts = ledger_facts(first_pk, ledger["wall_started"])
        messages = messages_load(directory, received + 1, count)
        check = messages_check(messages)
        received += count
        plain = plain_phase(services.smtp_port, messages, plain_cpu)
        received += count
        del messages
        rounds.append({"ledger": ledger["elapsed"], "plain": plain, "facts": facts, "check": check})
        print(f"  round {number}: reminders {count / ledger['elapsed']:.0f} msg/s, plain {count / plain:.0f} msg/s")
        if ledger["extra"]:
            problems.append(f"round {number}: the server received more messages than reminders (a duplicate)")
        if check["distinct_ids"] != count:
            problems.append(f"round {number}: {check['distinct_ids']} distinct Message-IDs for {count} messages")
        if facts["statuses"] != {"sent": count}:
            problems.append(f"round {number}: ledger statuses {facts['statuses']}")
        if not message_path(directory, received).exists():
            problems.append(f"round {number}: the plain loop's messages did not all arrive")
    return {"rounds": rounds, "first_pk": first_pk, "cpu": (ledger_cpu, plain_cpu), "problems": problems,
            "load": load}


def report(options, result: dict, warmup: int) -> float:
    """The results table, the verdict and what backs it; the ratio of the median rates."""
    count, rounds = options.count, result["rounds"]
    rates = {phase: [count / r[phase] for r in rounds] for phase in ("ledger", "plain")}
    median = {phase: statistics.median(values) for phase, values in rates.items()}
    ratio = median["ledger"] / median["plain"]
    print(f"\n{'round':<8}  {'reminders s':>11}  {'msg/s':>6}  {'plain s':>8}  {'msg/s':>6}  {'ratio':>5}")
    print("-" * 54)
    for number, r in enumerate(rounds, 1):
        print(f"{number:<8}  {r['ledger']:11.2f}  {count / r['ledger']:6.0f}  {r['plain']:8.2f}  {count / r['plain']:6.0f}"
              f"  {r['plain'] / r['ledger']:5.2f}")
    if len(rounds) > 1:
        print(f"{'median':<8}  {'':>11}  {median['ledger']:6.0f}  {'':>8}  {median['plain']:6.0f}  {ratio:5.2f}")
    print(f"\nReminders end to end: {median['ledger']:.0f} msg/s; plain smtplib loop: {median['plain']:.0f} msg/s "
          f"({count:,} messages{f', median of {len(rounds)} rounds' if len(rounds) > 1 else ''}).")
    print(f"ratio reminders / plain = {ratio:.2f} (target >= {TARGET:g}): {'PASS' if ratio >= TARGET else 'FAIL'}")
    print(f"Settings: worker concurrency {options.concurrency} (prefork processes; docker-compose.yml's "
          f"P2G_WORKER_CONCURRENCY default, and one per core of this {os.cpu_count()}-core machine: rendering is "
          f"CPU work), batch {options.batch_size} (P2G_NOTIFY_BATCH_SIZE's default: one task and one SMTP "
          f"connection per batch, at most one batch to redo after a crash), "
          f"{'a worker warmed up first' if warmup else 'a cold worker'}.")
    facts, check = rounds[-1]["facts"], rounds[-1]["check"]
    print(f"Last round, from the trigger: rows decided {facts['created_first']:.2f}–{facts['created_last']:.2f} s, "
          f"sent {facts['sent_first']:.2f}–{facts['sent_last']:.2f} s; statuses {facts['statuses']}, "
          f"languages {facts['languages']}, most attempts {facts['attempts']}.")
    print(f"Messages: {check['distinct_ids']:,} distinct Message-IDs, Content-Language {check['languages']}, "
          f"{check['mean_bytes'] / 1024:.1f} KiB on average (text and HTML parts).")
    cpu_table(count * len(rounds), *result["cpu"])
    load = result["load"]
    if load is not None:
        crowded = load > (os.cpu_count() or 1) + 1
        print(f"  load average just before the timed rounds (1 min): {load:.1f}"
              + (f": more than the {os.cpu_count()} cores, other work shares the machine and the rates are"
                 " lower than on a quiet one" if crowded else ""))
    print("\nNote: the plain loop only moves bytes already rendered, one message at a time over one connection "
          "(the client and the server take turns: about one core). The reminders also select what is due, "
          "write, hand over, claim and mark every row, and render each email in its recipient's language "
          "and time zone, in parallel worker processes on the same machine as the SMTP server, PostgreSQL and "
          "Redis: where the CPU per message times the rate reaches the cores, they are CPU-bound.")
    return ratio


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--name", default="p2g_bench_reminders")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS", ""),
                        help="a Redis URL for the broker (default: a private redis-server on a free port)")
    parser.add_argument("--count", type=int, default=10_000, help="reminders to send (default 10,000)")
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("P2G_WORKER_CONCURRENCY", 2)),
                        help="worker processes (default: P2G_WORKER_CONCURRENCY, else 2 as in docker-compose.yml)")
    parser.add_argument("--batch-size", type=int, default=int(os.environ.get("P2G_NOTIFY_BATCH_SIZE", 200)),
                        help="deliveries per task and SMTP connection (default: P2G_NOTIFY_BATCH_SIZE, else 200)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of both phases (default 3; the rates reported are the medians)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for each round's reminders")
    parser.add_argument("--no-warmup", dest="warmup", action="store_false", help="time a worker that starts cold")
    parser.add_argument("--profile", action="store_true", help="profile deliveries_send even when the target is met")
    parser.add_argument("--profile-batches", type=int, default=5, help="batches to profile (default 5)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the ratio misses the target")
    parser.add_argument("--keep-messages", action="store_true", help="keep the server's folder of messages")
    options = parser.parse_args()
    if min(options.count, options.concurrency, options.batch_size, options.rounds) < 1:
        parser.error("--count, --concurrency, --batch-size and --rounds must be at least 1")

    LOG_DIR.mkdir(parents=True, exist_ok=True)
    shm = Path("/dev/shm")  # noqa: S108 - memory-backed; mkdtemp makes a private folder in it
    services = Services(Path(tempfile.mkdtemp(prefix="p2g_bench_reminders_", dir=shm if shm.is_dir() else None)))
    try:
        services_start(services, options.redis)
        env = database_prepare(options, services)
        warmup = world_create(options, services, env)
        print(f"Timing {options.rounds} round(s): {options.count:,} reminders end to end "
              "(notifications.plan('reminders') until the server has them all), then the same messages by smtplib…")
        result = measure(options, services, warmup, env["DATABASE_URL"])
        ratio = report(options, result, warmup)
        if result["problems"]:
            print("\nERROR: " + "; ".join(result["problems"]))
            return 2
        if ratio < TARGET or options.profile:
            profile_run(batch=options.batch_size, batches=options.profile_batches, first_pk=result["first_pk"])
            plain = statistics.median(r["plain"] for r in result["rounds"])
            print(f"\nThe plain loop, for comparison: {plain / options.count * 1000:.2f} ms per message.")
        return 1 if ratio < TARGET and options.strict else 0
    except BenchError as exc:
        print(f"\nERROR: {exc}")
        return 2
    finally:
        services.stop()
        if options.keep_messages:
            print(f"Messages kept in {services.directory}")
        else:
            shutil.rmtree(services.directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
