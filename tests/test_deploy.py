"""The production shape: docker-compose.yml, the Dockerfile, deploy/production.env and the settings.

No Docker engine runs here, so the compose file is read, not run; what can run without Docker
does: `check --deploy` with the production variables, the web service's gunicorn command and the
containers' health checks, and the settings in fresh processes.
"""

import ast
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
APP_SERVICES = ("migrate", "web", "worker", "beat")
LONG_RUNNING = ("web", "worker", "beat", "postgres", "redis")
# What production cannot run without: no safe default exists for these.
REQUIRED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DJANGO_DEBUG",
    "DJANGO_SECURE",
    "DJANGO_BEHIND_PROXY",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "P2G_SITE_URL",
}
# Variables the image sets for Python, pip and Django itself rather than for p2g/settings.py.
IMAGE_ONLY = {"PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PIP_NO_CACHE_DIR", "PIP_DISABLE_PIP_VERSION_CHECK",
              "DJANGO_SETTINGS_MODULE"}
# Stand-ins for the secrets a deployment supplies to compose.
DEPLOYMENT_ENV = {
    "DJANGO_SECRET_KEY": "a-stand-in-for-the-deployments-own-secret-key-Zq8Rw3Ty6Ui9Op2",
    "POSTGRES_PASSWORD": "0123456789abcdef",
}


# --- Reading the files ---------------------------------------------------------------------------


def settings_variables() -> set[str]:
    """Every NAME in ``env.<cast>("NAME", …)`` or ``env("NAME")`` of p2g/settings.py."""
    tree = ast.parse((ROOT / "p2g" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "env"
        )
        first = node.args[0]
        if is_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as compose (and bash's `source`) read them: comments, blank lines, quotes."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not KEY=value: {line!r}"
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR:?error} and $$."""

    def replace(match):
        name, op, arg = match.group("name"), match.group("op"), match.group("arg")
        if env.get(name):
            return env[name]
        if op == ":-":
            return arg
        if op == ":?":
            raise KeyError(f"{name}: {arg}")
        return ""

    value = re.sub(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:[-?])(?P<arg>[^}]*))?\}", replace, value)
    return value.replace("$$", "$")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def production_env():
    return read_env_file(ROOT / "deploy" / "production.env")


def container_env(service: dict, deployment_env: dict[str, str] | None = None) -> dict[str, str]:
    """The variables a compose service's container gets: its env_files, then its environment."""
    env = {}
    env_files = service.get("env_file", [])
    for env_file in [env_files] if isinstance(env_files, str) else env_files:
        env.update(read_env_file(ROOT / (env_file if isinstance(env_file, str) else env_file["path"])))
    environment = service.get("environment", {})
    if isinstance(environment, list):
        environment = dict(item.partition("=")[::2] for item in environment)
    for key, value in environment.items():
        env[key] = interpolate(str(value), deployment_env if deployment_env is not None else DEPLOYMENT_ENV)
    return env


def command_of(service: dict) -> list[str]:
    command = service["command"]
    return [interpolate(part, {}) for part in command] if isinstance(command, list) else command.split()


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


# --- The compose file ----------------------------------------------------------------------------


def test_every_service_is_there(services):
    assert set(LONG_RUNNING) | {"migrate"} <= set(services)


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_service_has_a_health_check(services, name):
    service = services[name]
    check = service.get("healthcheck")
    assert check, f"{name} has no health check"
    assert not check.get("disable")
    assert check["test"][0] in ("CMD", "CMD-SHELL") and len(check["test"]) > 1
    assert service.get("restart") in ("unless-stopped", "always", "on-failure")


def test_the_migrate_service_runs_once_before_the_app(services):
    migrate = services["migrate"]
    assert migrate.get("restart") == "no"
    assert "manage.py migrate --no-input" in " ".join(command_of(migrate))
    assert "manage.py check --deploy" in " ".join(command_of(migrate))
    assert migrate["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name


def test_web_runs_gunicorn_on_the_projects_wsgi_application(services):
    command = command_of(services["web"])
    assert command[:2] == ["gunicorn", "p2g.wsgi:application"]
    assert "--no-control-socket" in command
    assert "--bind=0.0.0.0:8000" in command
    assert "--workers=${P2G_WEB_WORKERS:-3}" in services["web"]["command"]  # bound by the deployment's env
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py", "web", "8000"]
    assert "/healthz" in (ROOT / "deploy" / "healthcheck.py").read_text()


def test_worker_and_beat_run_the_projects_celery_app(services):
    worker, beat = command_of(services["worker"]), command_of(services["beat"])
    assert worker[:4] == ["celery", "-A", "p2g", "worker"]
    assert beat[:4] == ["celery", "-A", "p2g", "beat"]
    assert f"--scheduler={settings.CELERY_BEAT_SCHEDULER}" in beat
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    pidfile = next(arg.split("=", 1)[1] for arg in beat if arg.startswith("--pidfile="))
    assert services["beat"]["healthcheck"]["test"][-1] == pidfile
    assert "celery -A p2g inspect ping --destination celery@$$HOSTNAME" in services["worker"]["healthcheck"]["test"][1]


def test_postgres_16_and_redis_7(services):
    assert services["postgres"]["image"].split(":")[1].startswith("16")
    assert services["redis"]["image"].split(":")[1].startswith("7")
    assert services["postgres"]["healthcheck"]["test"][1].startswith("pg_isready")
    assert services["redis"]["healthcheck"]["test"][1:] == ["redis-cli", "ping"]


def test_database_and_uploads_live_on_volumes(compose, services):
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    for name in ("web", "worker"):
        media_root = container_env(services[name])["DJANGO_MEDIA_ROOT"]
        assert f"media:{media_root}" in services[name]["volumes"], name
    assert {"postgres-data", "media"} <= set(compose["volumes"])


def test_app_services_use_production_env_and_the_image(services):
    for name in APP_SERVICES:
        service = services[name]
        assert service["env_file"] == ["deploy/production.env"], name
        assert service["build"] == "." and service["image"] == services["web"]["image"], name


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_variable_compose_sets_is_read_by_the_settings(services, name):
    unknown = set(container_env(services[name])) - settings_variables()
    assert not unknown, f"{name} sets variables p2g/settings.py never reads: {sorted(unknown)}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_required_variable_is_set_for_the_app(services, name):
    assert REQUIRED <= settings_variables(), sorted(REQUIRED - settings_variables())
    missing = REQUIRED - set(container_env(services[name]))
    assert not missing, f"{name} lacks {sorted(missing)}"


def test_secrets_come_from_the_deployment_not_the_placeholders(services):
    environment = services["web"]["environment"]
    assert environment["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    with pytest.raises(KeyError):
        container_env(services["web"], deployment_env={})


def test_the_app_reaches_postgres_and_redis_by_their_service_names(services):
    env = container_env(services["web"])
    database = services["postgres"]["environment"]
    expected = (
        f"postgres://{database['POSTGRES_USER']}:{DEPLOYMENT_ENV['POSTGRES_PASSWORD']}@postgres:5432/"
        f"{database['POSTGRES_DB']}?connect_timeout=5"
    )
    assert env["DATABASE_URL"] == expected
    assert env["REDIS_URL"].startswith("redis://redis:6379/")


def test_production_env_is_production(production_env):
    assert production_env["DJANGO_DEBUG"] == "0"
    assert production_env["DJANGO_SECURE"] == "1"
    assert not set(production_env) - settings_variables()


# --- The Dockerfile -------------------------------------------------------------------------------


def test_the_image_builds_from_python_311_slim_and_runs_as_a_user():
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    runs = " ".join(arg for op, arg in instructions if op == "RUN")
    assert "apt-get install" in runs and "gettext" in runs
    assert "pip install ." in runs
    assert "manage.py compilemessages" in runs
    assert "manage.py collectstatic --no-input" in runs
    users = [arg for op, arg in instructions if op == "USER"]
    assert users and users[-1] not in ("root", "0"), "the container must not run as root"
    # the user comes after every RUN that needs root
    last_user = max(i for i, (op, _) in enumerate(instructions) if op == "USER")
    assert all(op != "RUN" for op, _ in instructions[last_user:])
    assert "--no-control-socket" in dict(instructions)["CMD"]


def test_the_image_sets_only_variables_the_settings_read():
    names = set()
    for op, arg in dockerfile_instructions():
        if op == "ENV":
            names |= {pair.split("=", 1)[0] for pair in arg.split()}
    assert names - IMAGE_ONLY <= settings_variables(), sorted(names - IMAGE_ONLY - settings_variables())


def test_dockerignore_keeps_local_state_and_secrets_out():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "var", "staticfiles", ".env"} <= ignored
    assert "locale" not in ignored and "deploy/healthcheck.py" not in ignored


# --- Running things -------------------------------------------------------------------------------


def clean_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    """A fresh environment: none of this shell's DATABASE_URL, REDIS_URL… leak into the subprocess."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8", "P2G_VAR_DIR": str(tmp_path / "var")}
    env.update(variables)
    return env


def run(args, env, timeout=120):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.parametrize("source", ["production.env", "compose-migrate-service"])
def test_check_deploy_passes_with_the_production_variables(tmp_path, production_env, services, source):
    variables = production_env if source == "production.env" else container_env(services["migrate"])
    result = run([PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], clean_env(tmp_path, **variables))
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_would_catch_an_insecure_configuration(tmp_path, production_env):
    insecure = {**production_env, "DJANGO_SECURE": "0", "DJANGO_SECRET_KEY": "short"}
    result = run([PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], clean_env(tmp_path, **insecure))
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W009" in result.stderr


def test_no_model_change_lacks_its_migration(tmp_path):
    result = run([PYTHON, "manage.py", "makemigrations", "--check", "--dry-run"], clean_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import caches
from p2g.celery import app
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "host": settings.DATABASES["default"].get("HOST", ""),
    "options": settings.DATABASES["default"].get("OPTIONS", {}),
    "broker": settings.CELERY_BROKER_URL,
    "app_broker": app.conf.broker_url,
    "transport": app.conf.broker_transport_options,
    "cache": settings.CACHES["default"]["BACKEND"],
    "debug": settings.DEBUG,
}))
"""


def settings_in_a_fresh_process(env):
    import json

    result = run([PYTHON, "-c", SHOW_SETTINGS], {**env, "DJANGO_SETTINGS_MODULE": "p2g.settings", "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_database_url_the_defaults_are_sqlite_and_a_filesystem_broker(tmp_path):
    shown = settings_in_a_fresh_process(clean_env(tmp_path))
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"] == str(tmp_path / "var" / "p2g.sqlite3")
    assert shown["broker"] == shown["app_broker"] == "filesystem://"
    assert shown["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert shown["debug"] is False
    assert (tmp_path / "var" / "broker").is_dir()


def test_with_database_url_and_redis_url_they_are_postgresql_and_redis(tmp_path):
    shown = settings_in_a_fresh_process(
        clean_env(tmp_path, DATABASE_URL="postgres://p2g:secret@db.internal:5432/p2g", REDIS_URL="redis://cache.internal:6379/2")
    )
    assert shown["engine"] == "django.db.backends.postgresql"
    assert (shown["name"], shown["host"]) == ("p2g", "db.internal")
    assert shown["broker"] == shown["app_broker"] == "redis://cache.internal:6379/2"
    assert shown["cache"] == "p2g.cache.ResilientRedisCache"  # Django's Redis cache, a miss when Redis is away
    # a hung Redis must not hang the site (STACK-NOTES): short socket timeouts, bounded retries
    transport = shown["transport"]
    assert 0 < transport["socket_timeout"] <= 5 and 0 < transport["socket_connect_timeout"] <= 5
    assert transport["max_retries"] <= 3


def test_the_compose_database_url_bounds_the_connection_time(tmp_path, services):
    env = container_env(services["web"])
    shown = settings_in_a_fresh_process(clean_env(tmp_path, DATABASE_URL=env["DATABASE_URL"]))
    assert shown["options"] == {"connect_timeout": 5}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthcheck(test: list[str], env: dict[str, str], **replace: str):
    assert test[0] == "CMD"
    args = [replace.get(arg, arg) for arg in test[1:]]
    return run([PYTHON if args[0] == "python" else args[0], *args[1:]], env, timeout=60)


def local_production_env(tmp_path, services) -> dict[str, str]:
    """The web container's variables, with the database and broker swapped for local stand-ins."""
    env = container_env(services["web"])
    env.pop("CACHE_URL", None)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'web.sqlite3'}", REDIS_URL="", DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
    )
    env = clean_env(tmp_path, **env)
    # As the image does (Dockerfile): pages link hashed static files from collectstatic's manifest.
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    return env


def fetch(port: int, path: str, headers: dict[str, str]):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def test_the_web_command_serves_healthz_and_its_health_check_passes(tmp_path, services):
    port = free_port()
    env = local_production_env(tmp_path, services)
    command = [arg.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for arg in command_of(services["web"])]
    command = [arg if not arg.startswith("--workers=") else "--workers=1" for arg in command]
    gunicorn = Path(PYTHON).parent / "gunicorn"
    server = subprocess.Popen(  # noqa: S603
        [str(gunicorn), *command[1:]], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            result = healthcheck(services["web"]["healthcheck"]["test"], env, **{"8000": str(port)})
            if result.returncode == 0 or time.monotonic() > deadline or server.poll() is not None:
                break
            time.sleep(0.5)
        if result.returncode == 0:
            behind_the_proxy = {
                proto: fetch(port, "/", {"Host": env["DJANGO_ALLOWED_HOSTS"].split(",")[0], **headers})
                for proto, headers in (("http", {}), ("https", {"X-Forwarded-Proto": "https"}))
            }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    assert result.returncode == 0, result.stderr + output
    # through gunicorn, the proxy's X-Forwarded-Proto reaches Django: plain HTTP is sent to HTTPS,
    # HTTPS goes on (to the language prefix) with HSTS
    status, headers = behind_the_proxy["http"]
    assert (status, headers["Location"]) == (301, f"https://{env['DJANGO_ALLOWED_HOSTS'].split(',')[0]}/")
    status, headers = behind_the_proxy["https"]
    assert (status, headers["Location"]) == (302, "/en/")
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert server.returncode == 0, output  # a clean stop on SIGTERM
    assert not (tmp_path / ".gunicorn").exists()  # --no-control-socket: nothing in the home folder

    # nobody listening any more: the health check says so, and fails
    result = healthcheck(services["web"]["healthcheck"]["test"], env, **{"8000": str(port)})
    assert result.returncode == 1
    assert "did not answer" in result.stderr


def test_the_beat_health_check_follows_the_beat_process(tmp_path, services):
    env = local_production_env(tmp_path, services)
    test = services["beat"]["healthcheck"]["test"]
    pidfile = tmp_path / "celerybeat.pid"
    sleeper = subprocess.Popen(["sleep", "60"])  # stands in for the beat process
    try:
        pidfile.write_text(f"{sleeper.pid}\n")
        result = healthcheck(test, env, **{test[-1]: str(pidfile)})
        assert result.returncode == 0, result.stderr
    finally:
        sleeper.kill()
        sleeper.wait()
    result = healthcheck(test, env, **{test[-1]: str(pidfile)})
    assert result.returncode == 1
    assert "celery beat is not running" in result.stderr


def test_the_worker_health_check_pings_the_worker(tmp_path, services, redis_url):
    """A real worker on the Redis of REDIS_URL, on a queue of its own so that it takes no one's tasks."""
    hostname = f"p2g-healthcheck-{os.getpid()}"
    env = clean_env(tmp_path, REDIS_URL=redis_url, DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}")
    worker = subprocess.Popen(  # noqa: S603
        [str(Path(PYTHON).parent / "celery"), "-A", "p2g", "worker", "--pool=solo", f"--hostname=celery@{hostname}",
         f"--queues={hostname}", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    check = services["worker"]["healthcheck"]["test"]
    assert check[0] == "CMD-SHELL"
    shell_command = check[1].replace("$$", "$")
    shell_env = {**env, "HOSTNAME": hostname, "PATH": f"{Path(PYTHON).parent}:{env['PATH']}"}
    try:
        started = []
        reader = threading.Thread(target=lambda: started.extend(iter(worker.stdout.readline, "")), daemon=True)
        reader.start()
        deadline = time.monotonic() + 60
        while not any(" ready." in line for line in started) and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
        assert any(" ready." in line for line in started), "".join(started)
        result = subprocess.run(["sh", "-c", shell_command], cwd=ROOT, env=shell_env, capture_output=True,
                                text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)

    # the worker is gone: the same check fails (with a shorter wait for the reply that never comes)
    assert "--timeout 10" in shell_command
    result = subprocess.run(["sh", "-c", shell_command.replace("--timeout 10", "--timeout 2")], cwd=ROOT,
                            env=shell_env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
