#!/usr/bin/env python
"""Health checks of the containers in docker-compose.yml.

    python deploy/healthcheck.py web [PORT]      GET /healthz of this container's gunicorn
    python deploy/healthcheck.py beat [PIDFILE]  the beat process lives; database and broker answer

Exit status 0 when healthy, 1 otherwise (with the reason on stderr). Only the standard library is
used for ``web``, so the check costs no Django start-up.
"""

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path


def allowed_host() -> str:
    """A Host header Django accepts: the first of DJANGO_ALLOWED_HOSTS (``.example.org`` → ``example.org``)."""
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0] if hosts else "localhost"
    return "localhost" if host == "*" else host.lstrip(".")


def web(port: str = "8000") -> bool:
    # /healthz is exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT): plain HTTP on loopback is fine.
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": allowed_host()})
    try:
        with urllib.request.urlopen(request, timeout=8) as response:  # noqa: S310 - fixed http URL
            return response.status == 200
    except urllib.error.HTTPError as exc:
        print(f"/healthz answered {exc.code}: {exc.read(500).decode(errors='replace')}", file=sys.stderr)
    except (urllib.error.URLError, OSError) as exc:
        print(f"/healthz did not answer: {exc}", file=sys.stderr)
    return False


def beat(pidfile: str = "/tmp/celerybeat.pid") -> bool:  # noqa: S108 - the container's own /tmp
    try:
        os.kill(int(Path(pidfile).read_text().strip()), 0)
    except (OSError, ValueError) as exc:
        print(f"celery beat is not running ({pidfile}: {exc})", file=sys.stderr)
        return False
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "p2g.settings")
    import django

    django.setup()
    from p2g.views import _broker_answers, _database_answers

    checks = {"database": _database_answers(), "broker": _broker_answers()}
    for name, ok in checks.items():
        if not ok:
            print(f"{name} does not answer", file=sys.stderr)
    return all(checks.values())


CHECKS = {"web": web, "beat": beat}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CHECKS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(CHECKS)}}} [ARG]")
    sys.exit(0 if CHECKS[sys.argv[1]](*sys.argv[2:3]) else 1)
