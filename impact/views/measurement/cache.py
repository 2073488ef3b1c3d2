"""The national view's tables, kept for a few minutes and thrown away as soon as what they show changes.

What is kept, in this process's memory: the tables of the national view (their rows, written in one
language, with their charts' data), keyed by

    the audience (staff, who see the partnerships' indicators too, or partners), the year, the
    language, the data version

Which forum is the reader's own is not kept: each page marks it. The **data version** is a token in
the shared cache (``caches["default"]``: Redis in production), set anew whenever an indicator, a
target, a figure, a forum or a partnership is saved or deleted: at once, and once more when the
transaction commits (so a table computed between the write and the commit is not kept under the new
token). Every process sees the new token on its next request, and its old copies are never read again.

Writes that send no signal (``QuerySet.update()``, ``bulk_create``: the demo seed) are covered by
the time limit alone: a copy is never older than ``P2G_DASHBOARD_CACHE_SECONDS`` (the dashboards'
limit, default 300 s; 0 turns this cache off too). Without a token (the shared cache is down) nothing
is kept: every page is computed afresh.

A hit costs one round trip to the shared cache and no query; a miss, the national view's one query.
"""

import secrets

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from partnerships.models import Forum, Partnership
from programs.models import Indicator, IndicatorTarget, Measurement

VERSION_KEY = "measurement:national:version"
#: what the national view shows: a change to any of these sets a new data version
MODELS = (Indicator, IndicatorTarget, Measurement, Forum, Partnership)
_local = LocMemCache("p2g-measurement", {"OPTIONS": {"MAX_ENTRIES": 64, "CULL_FREQUENCY": 4}})


def seconds() -> int:
    return int(getattr(settings, "P2G_DASHBOARD_CACHE_SECONDS", 300))


def version() -> str | None:
    """The data version (one round trip to the shared cache; a new one when there is none yet)."""
    shared = caches["default"]
    token = shared.get(VERSION_KEY)
    if token is None:
        shared.add(VERSION_KEY, secrets.token_hex(6), timeout=None)
        token = shared.get(VERSION_KEY)
    return token


def _bump_now() -> None:
    caches["default"].set(VERSION_KEY, secrets.token_hex(6), timeout=None)


def bump() -> None:
    """A new data version: now, and again when the transaction commits."""
    _bump_now()
    transaction.on_commit(_bump_now)


def national_tables(audience: str, year: int, compute):
    """The national view's tables for this audience, year and language from the cache, or ``compute()``
    kept for next time."""
    ttl = seconds()
    token = version() if ttl > 0 else None
    if token is None:
        return compute()
    key = f"{audience}:{year}:{translation.get_language() or ''}:{token}"
    tables = _local.get(key)
    if tables is None:
        tables = compute()
        _local.set(key, tables, timeout=ttl)
    return tables


def clear_local() -> None:
    """Forget every copy this process keeps (tests)."""
    _local.clear()


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata
    bump()


for _model in MODELS:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"measurement-cache-save-{_model._meta.label}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"measurement-cache-delete-{_model._meta.label}")
