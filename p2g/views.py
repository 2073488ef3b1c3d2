"""Site-wide views: the home page and the health check."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
def home(request):
    return render(request, "home.html")


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "does not answer"
        return False


def _broker_answers() -> bool:
    """One connection attempt, bounded by the broker's socket timeouts (see settings).

    No retry: kombu sleeps two seconds before a retry, so a refused connection would
    cost two seconds instead of a few milliseconds; whoever polls /healthz retries anyway.
    """
    from p2g.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_answers(), "broker": _broker_answers()}
    body = {name: ("ok" if ok else "unavailable") for name, ok in checks.items()}
    body["broker_url_scheme"] = settings.CELERY_BROKER_URL.split(":", 1)[0]
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
