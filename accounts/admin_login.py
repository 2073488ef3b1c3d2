"""The staff admin's sign-in, with a limit on failed attempts (allauth's limits do not cover it).

After ``P2G_ADMIN_LOGIN_ATTEMPTS`` failed attempts for one address from one IP within
``P2G_ADMIN_LOGIN_WINDOW_SECONDS`` (and four times as many for one IP, whatever the address),
the form refuses with 429 until the window has passed. Counters live in the cache, so every web
worker sees them: Redis in production, the database cache by default. A fixed window per key:
``cache.add`` starts it, ``cache.incr`` counts (atomic on Redis).
"""

import hashlib
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters


def _limits() -> tuple[int, int]:
    attempts = getattr(settings, "P2G_ADMIN_LOGIN_ATTEMPTS", 5)
    window = getattr(settings, "P2G_ADMIN_LOGIN_WINDOW_SECONDS", 300)
    return attempts, window


def _keys(request) -> list[tuple[str, int]]:
    """Cache keys of the current window with their limits: per IP and address, and per IP."""
    attempts, window = _limits()
    ip = get_adapter(request).get_client_ip(request)
    email = (request.POST.get("username") or "").strip().lower()
    slot = int(time.time() // window)
    pair = hashlib.sha256(f"{ip}|{email}".encode()).hexdigest()
    only_ip = hashlib.sha256(ip.encode()).hexdigest()
    return [
        (f"p2g:adminlogin:pair:{pair}:{slot}", attempts),
        (f"p2g:adminlogin:ip:{only_ip}:{slot}", attempts * 4),
    ]


def _blocked(keys) -> bool:
    counts = cache.get_many([key for key, _limit in keys])
    return any(counts.get(key, 0) >= limit for key, limit in keys)


def _count_failure(keys) -> None:
    _attempts, window = _limits()
    for key, _limit in keys:
        cache.add(key, 0, timeout=window + 5)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 5)


@login_not_required
@sensitive_post_parameters("password")
@never_cache
def admin_login(request, *args, **kwargs):
    if request.method != "POST":
        return admin.site.login(request, *args, **kwargs)
    keys = _keys(request)
    if _blocked(keys):
        response = render(request, "accounts/too_many_attempts.html", status=429)
        response["Retry-After"] = str(_limits()[1])
        return response
    response = admin.site.login(request, *args, **kwargs)
    if response.status_code == 302 and request.user.is_authenticated:
        cache.delete(keys[0][0])
    else:
        _count_failure(keys)
    return response
