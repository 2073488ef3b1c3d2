"""Real parts for the fault tests of the notifications: processes and servers a test starts and ends.

- ``SmtpServer``: an aiosmtpd server in this process, on a free port, that records every message it
  accepts (Message-ID, envelope recipient, To, Subject) and every attempt per recipient, and can be
  told to refuse for a while (451), refuse an address for good (550), stall at the k-th RCPT until
  released (so a worker can be killed while a message is *not yet* accepted) or be slow.
- ``Parts``: everything one test starts: its own redis-server on a free port, Celery workers, beat
  processes and a gunicorn web server, all on the test database, each in its own process group. On
  exit it kills exactly the process groups it started (never anything found by name).
- ``wait_until``: polling with a deadline; the tests never sleep for a fixed time to "let things happen".

The test process runs Celery eagerly (tests/conftest.py); ``Parts.send_task`` talks to the real
worker through a Celery app object of its own, never the project's.
"""

import asyncio
import collections
import contextlib
import datetime
import email.parser
import email.policy
import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the virtualenv's bin: celery, gunicorn

# Settings of every process a test starts (read by p2g/settings.py).
FAST_NOTIFICATIONS = {
    "P2G_NOTIFY_LEASE_SECONDS": "3",
    "P2G_NOTIFY_RETRY_BASE_SECONDS": "1",
    "P2G_NOTIFY_REQUEUE_SECONDS": "2",
}


def _ephemeral_ports_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A free port below the kernel's ephemeral range, in a band of its own for each xdist worker.

    Outgoing connections (and ports asked of the kernel with bind(0)) never take it, and parallel
    test workers never pick the same one: a server restarted on its port finds the port still free.
    """
    top = _ephemeral_ports_start()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    band = 1000
    start = max(1024, top - band * (index % 12 + 1))
    for _ in range(200):
        port = random.randrange(start, start + band)  # noqa: S311 (not a secret)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, message: str, interval: float = 0.05, details=None):
    """Poll ``predicate`` until it returns something true; fail with ``message`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            extra = f"\n{details()}" if details else ""
            raise AssertionError(f"{message} (waited {timeout}s){extra}")
        time.sleep(interval)


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database, e.g. test_p2g_faults_gw0)."""
    db = connection.settings_dict
    user = urllib.parse.quote(db.get("USER") or "", safe="")
    password = urllib.parse.quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{db['NAME']}"


# ---- the SMTP server


class SmtpServer:
    """An aiosmtpd handler that records what it accepts and refuses on command. Thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.accepted: list[dict] = []  # one dict per message accepted: message_id, rcpt, to, subject
        self.attempts: collections.Counter = collections.Counter()  # RCPT commands per address
        self.attempt_times: dict[str, list[float]] = collections.defaultdict(list)
        self.rcpt_count = 0
        self._refuse_temporarily = 0  # the next N recipients get 451 (-1: every one, until told otherwise)
        self._refuse_for_good: set[str] = set()
        self._stall_at = 0
        self.stalled = threading.Event()
        self._release = threading.Event()
        self._data_delay = 0.0
        self.controller = None
        self.port = None

    # -- commands

    def refuse_temporarily(self, count: int = -1) -> None:
        """Answer "451 4.3.0 Try again later" to the next ``count`` recipients (-1: until ``accept_all``)."""
        with self.lock:
            self._refuse_temporarily = count

    def accept_all(self) -> None:
        with self.lock:
            self._refuse_temporarily = 0

    def refuse_for_good(self, address: str) -> None:
        """Answer "550 5.1.1 No such user" to this address, always."""
        with self.lock:
            self._refuse_for_good.add(address.lower())

    def stall_at(self, number: int) -> None:
        """Hold the ``number``-th RCPT (counted from the start) unanswered until ``release``."""
        with self.lock:
            self._stall_at = number

    def release(self) -> None:
        self._release.set()

    def slow_down(self, seconds: float) -> None:
        """Take ``seconds`` to accept each message (at DATA)."""
        with self.lock:
            self._data_delay = seconds

    # -- what arrived

    def recipients(self) -> collections.Counter:
        """How many messages each address received."""
        with self.lock:
            return collections.Counter(m["rcpt"] for m in self.accepted)

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def attempts_of(self, address: str) -> int:
        with self.lock:
            return self.attempts[address.lower()]

    # -- aiosmtpd hooks

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        address = address.lower()
        with self.lock:
            self.rcpt_count += 1
            number = self.rcpt_count
            self.attempts[address] += 1
            self.attempt_times[address].append(time.time())
            if address in self._refuse_for_good:
                return "550 5.1.1 No such user"
            if self._refuse_temporarily:
                if self._refuse_temporarily > 0:
                    self._refuse_temporarily -= 1
                return "451 4.3.0 Try again later"
            stall = number == self._stall_at
        if stall:
            self.stalled.set()
            while not self._release.is_set():
                await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            delay = self._data_delay
        if delay:
            await asyncio.sleep(delay)
        headers = email.parser.BytesParser(policy=email.policy.default).parsebytes(envelope.content, headersonly=True)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.accepted.append(
                    {
                        "message_id": str(headers.get("Message-ID", "")),
                        "rcpt": rcpt.lower(),
                        "to": str(headers.get("To", "")),
                        "subject": str(headers.get("Subject", "")),
                        "language": str(headers.get("Content-Language", "")),
                    }
                )
        return "250 2.0.0 Message accepted for delivery"

    # -- running

    def start(self) -> "SmtpServer":
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, ready_timeout=10)
        self.controller.start()
        return self

    def stop(self) -> None:
        self._release.set()  # a stalled session must not hold the server's loop at shutdown
        if self.controller is not None:
            with contextlib.suppress(Exception):
                self.controller.stop()

    def describe(self) -> str:
        with self.lock:
            return (
                f"SMTP: {len(self.accepted)} accepted, {self.rcpt_count} RCPT; "
                f"recipients {sorted(collections.Counter(m['rcpt'] for m in self.accepted).items())}"
            )


# ---- processes


class Process:
    """A process this test started, in a process group of its own (its children go with it)."""

    def __init__(self, name: str, args: list[str], env: dict, log_path: Path):
        self.name = name
        self.log_path = log_path
        with open(log_path, "ab") as log:
            self.popen = subprocess.Popen(
                [str(a) for a in args],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid = self.popen.pid  # also its process group's id (start_new_session)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_count(self, pattern: str) -> int:
        return len(re.findall(pattern, self.log()))

    @property
    def alive(self) -> bool:
        """Still running. An exited leader is left unreaped (a zombie) until ``kill``: its PID, which is
        the group's id, cannot be given to another process meanwhile, so signalling the group never
        reaches a process this test did not start."""
        if self.popen.returncode is not None:
            return False
        try:
            return os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
        except ChildProcessError:
            return False

    def signal_group(self, signum: int) -> None:
        if self.popen.returncode is not None:  # reaped by ``kill``: the group's id is no longer ours
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signum)

    def kill(self) -> None:
        """SIGKILL to the whole process group (the worker and its pool children), then reap the leader."""
        self.signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=10)

    def freeze(self) -> None:
        self.signal_group(signal.SIGSTOP)

    def thaw(self) -> None:
        self.signal_group(signal.SIGCONT)

    def wait_for_log(self, pattern: str, *, count: int = 1, timeout: float = 30.0) -> None:
        def found():
            if not self.alive and self.log_count(pattern) < count:
                raise AssertionError(f"{self.name} exited ({self.popen.returncode}):\n{self.tail()}")
            return self.log_count(pattern) >= count

        wait_until(found, timeout=timeout, message=f"{self.name}: {pattern!r} ×{count} not in its log", details=self.tail)

    def tail(self, lines: int = 60) -> str:
        return f"--- {self.name} ({self.log_path}) ---\n" + "\n".join(self.log().splitlines()[-lines:])


class Redis(Process):
    """A throwaway redis-server: no persistence, bound to 127.0.0.1."""

    def __init__(self, port: int, folder: Path, env: dict, log_path: Path):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        server = shutil.which("redis-server")
        super().__init__(
            f"redis-server :{port}",
            [server, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", folder],
            env,
            log_path,
        )

    def answers(self) -> bool:
        import redis

        if not self.alive:
            raise AssertionError(self.tail())
        try:
            client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except redis.RedisError:
            return False


class Parts:
    """The processes and servers of one test; ``close`` (or leaving the ``with``) ends each one it started."""

    def __init__(self, folder: Path, *, smtp: SmtpServer | None = None):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.processes: list[Process] = []
        self.smtp = smtp or SmtpServer()
        self.redis: Redis | None = None
        self.redis_port = free_port()
        self.settings: dict[str, str] = dict(FAST_NOTIFICATIONS)
        self._clients = []
        self._serial = 0

    def __enter__(self):
        if not shutil.which("redis-server"):
            from tests.conftest import need

            need("redis-server", "the fault tests start redis-servers of their own")
        if connection.vendor != "postgresql":
            from tests.conftest import need

            need("PostgreSQL", "the worker processes share the test database (set DATABASE_URL)")
        self.smtp.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        for client in self._clients:
            with contextlib.suppress(Exception):
                client.close()
        for process in reversed(self.processes):
            process.kill()
        self.smtp.stop()

    # -- environment

    @property
    def broker_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def env(self, **extra: str) -> dict:
        """The environment of a process of this test: the test database, this test's Redis and SMTP server."""
        prefixes = ("DJANGO_", "P2G_", "CELERY_", "REDIS_", "CACHE_", "EMAIL_", "DATABASE_", "PYTEST_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "p2g.settings",
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # sessions made by the test are valid in the web server
                "DATABASE_URL": database_url(),
                "REDIS_URL": self.broker_url,
                "CELERY_BROKER_URL": self.broker_url,
                "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp.port}",
                "EMAIL_TIMEOUT": "20",
                "P2G_VAR_DIR": str(self.folder / "var"),
                "DJANGO_LOG_LEVEL": "INFO",
                "PYTHONUNBUFFERED": "1",
                **self.settings,
                **extra,
            }
        )
        return env

    def _log(self, name: str) -> Path:
        self._serial += 1
        return self.folder / f"{self._serial:02d}-{name}.log"

    def start(self, name: str, args: list, **extra_env: str) -> Process:
        process = Process(name, args, self.env(**extra_env), self._log(name))
        self.processes.append(process)
        return process

    # -- Redis

    def start_redis(self) -> Redis:
        """A redis-server on this test's port (the same port again after a restart)."""
        folder = self.folder / "redis"
        folder.mkdir(exist_ok=True)
        redis = Redis(self.redis_port, folder, self.env(), self._log("redis"))
        self.processes.append(redis)
        wait_until(redis.answers, timeout=15, message=f"redis-server on {redis.port} does not answer", details=redis.tail)
        self.redis = redis
        return redis

    # -- Celery

    def start_worker(self, name: str = "w1", *, concurrency: int = 1, wait: bool = True, **extra_env: str) -> Process:
        worker = self.start(
            f"worker-{name}",
            [BIN / "celery", "-A", "p2g", "worker", "--loglevel=INFO", f"--concurrency={concurrency}",
             "--pool=prefork", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"],
            **extra_env,
        )
        if wait:
            worker.wait_for_log(r"\bready\.", timeout=60)
        return worker

    def start_beat(self, name: str = "beat1", *, wait: bool = True) -> Process:
        beat = self.start(
            name,
            [BIN / "celery", "-A", "p2g", "beat", "--loglevel=INFO",
             "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler",
             f"--pidfile={self.folder / (name + '.pid')}", "-s", self.folder / name],
        )
        if wait:
            beat.wait_for_log(r"beat: Starting", timeout=60)
        return beat

    def client(self):
        """A Celery app of the test's own, on this test's broker (the project's app runs eagerly here)."""
        from celery import Celery

        app = Celery("faults-client", broker=self.broker_url, set_as_current=False)
        app.conf.broker_connection_timeout = 2
        app.conf.broker_transport_options = {"socket_timeout": 2, "socket_connect_timeout": 2}
        app.conf.task_serializer = "json"
        self._clients.append(app)
        return app

    def send_task(self, name: str, args=None) -> None:
        if not self._clients:
            self.client()
        self._clients[0].send_task(name, args=args or [])

    # -- web

    def start_web(self, *, static_root: Path) -> "Web":
        port = free_port()
        process = self.start(
            "web",
            [BIN / "gunicorn", "p2g.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--no-control-socket",
             "--timeout", "60", "--access-logfile", "-"],
            DJANGO_STATIC_ROOT=str(static_root),
        )
        web = Web(process, port)
        wait_until(web.answers, timeout=60, message="the web server does not answer", details=process.tail)
        return web

    def details(self) -> str:
        return "\n".join([self.smtp.describe(), *(p.tail(30) for p in self.processes)])


class Web:
    """HTTP to the gunicorn server, with a cookie jar of one signed-in person."""

    def __init__(self, process: Process, port: int):
        self.process = process
        self.port = port
        self.cookies: dict[str, str] = {}

    def answers(self) -> bool:
        if not self.process.alive:
            raise AssertionError(self.process.tail())
        try:
            status, _, _, _ = self.request("GET", "/healthz", timeout=2)
        except OSError:
            return False
        return status in (200, 503)

    def request(self, method: str, path: str, *, form: dict | None = None, timeout: float = 30.0):
        """(status, headers, body, seconds) of one request; cookies it sets are kept."""
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            seconds = time.monotonic() - started
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), content.decode(errors="replace"), seconds
        finally:
            conn.close()


def signed_in_cookie(user) -> tuple[str, str]:
    """A session row in the database for ``user``, as a web server signing them in would write it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return settings.SESSION_COOKIE_NAME, session.session_key


def utc(timestamp: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
