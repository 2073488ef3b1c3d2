"""The rendered dashboards, kept for a few minutes and thrown away as soon as their data changes.

What is kept: the HTML of one partnership's dashboard body (figures, tables, charts' JSON), and the
staff overview's table, in this process's memory, keyed by everything that changes what they show:

    partnership (or "overview"), the query string's year (and sort), language, time zone,
    today's date, data version

The **data version** lives in the shared cache (``caches["default"]``: Redis in production): one
token per partnership, one for everybody (exchange rates) and one for the overview (which reads
every partnership). Saving or deleting any row the dashboards read (budget lines, programs,
activities, hours, indicators and their targets and measurements, meetings, action items,
committees, memberships, partnerships and their communities; exchange rates for everybody) sets new
tokens for its partnership and for the overview, once at once and once more when the transaction
commits (so a page computed between the write and the commit is not kept under the new token).
Every process sees the new tokens on its next request, and its old copies are never read again.

Writes that send no signal (``QuerySet.update()``, ``bulk_create``/``bulk_update``: the admin's
bulk hours approval, the demo seed) and a token lost from the shared cache are covered by the time
limit alone: a copy is never older than ``P2G_DASHBOARD_CACHE_SECONDS`` (default 300 s; 0 turns
the cache off). Upcoming meetings move on with the clock within the same limit.

A hit costs one round trip to the shared cache (the two tokens, in one ``get_many``) and no query.
"""

import secrets

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from programs.models import (
    Activity,
    BudgetAllocation,
    ExchangeRate,
    Indicator,
    IndicatorTarget,
    Measurement,
    Program,
)
from volunteers.models import HoursLog

from ...models import ActionItem, Committee, Meeting, Membership, Partnership, PartnershipCommunity

EVERYBODY = "all"
OVERVIEW = "overview"
_local = LocMemCache("p2g-dashboard", {"OPTIONS": {"MAX_ENTRIES": 128, "CULL_FREQUENCY": 4}})


def seconds() -> int:
    return int(getattr(settings, "P2G_DASHBOARD_CACHE_SECONDS", 300))


def _version_key(scope) -> str:
    return f"dashboard:version:{scope}"


def versions(*scopes) -> str:
    """The data version of some scopes (one round trip to the shared cache)."""
    keys = [_version_key(scope) for scope in scopes]
    found = caches["default"].get_many(keys)
    return ".".join(str(found.get(key, "0")) for key in keys)


def _bump_now(scope) -> None:
    caches["default"].set_many({_version_key(scope): secrets.token_hex(6), _version_key(OVERVIEW): secrets.token_hex(6)},
                               timeout=None)


def bump(scope) -> None:
    """New data versions for a partnership (its id) or for everybody (``EVERYBODY``), and the overview."""
    if scope is None:
        return
    _bump_now(scope)
    transaction.on_commit(lambda: _bump_now(scope))


def _year(raw) -> str:
    raw = str(raw or "")
    return raw if raw.isdigit() and len(raw) <= 4 else ""


def _kept(parts: tuple, scopes: tuple, render) -> str:
    ttl = seconds()
    if ttl <= 0:
        return render()
    key = ":".join((
        *map(str, parts), translation.get_language() or "", timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(), versions(*scopes),
    ))
    html = _local.get(key)
    if html is None:
        html = render()
        _local.set(key, html, timeout=ttl)
    return html


def body(partnership_id: int, year_asked, render) -> str:
    """A partnership's dashboard body from the cache, or ``render()`` kept for next time."""
    return _kept((partnership_id, _year(year_asked)), (partnership_id, EVERYBODY), render)


def overview(year_asked, sort_key: str, render):
    """The staff overview's content from the cache, or ``render()`` kept for next time."""
    return _kept((OVERVIEW, _year(year_asked), sort_key), (OVERVIEW, EVERYBODY), render)


def clear_local() -> None:
    """Forget every copy this process keeps (tests)."""
    _local.clear()


# ---- which partnership a saved row belongs to ----------------------------------------------------------------


def _via_program(instance):
    program = instance._state.fields_cache.get("program")
    if program is not None:
        return program.partnership_id
    return Program.objects.filter(pk=instance.program_id).values_list("partnership_id", flat=True).first()


def _via_committee(instance):
    if instance.committee_id is None:
        return None  # a forum's meeting or action item
    committee = instance._state.fields_cache.get("committee")
    if committee is not None:
        return committee.partnership_id
    return Committee.objects.filter(pk=instance.committee_id).values_list("partnership_id", flat=True).first()


def _via_indicator(instance):
    indicator = instance._state.fields_cache.get("indicator")
    if indicator is not None:
        return indicator.partnership_id
    return Indicator.objects.filter(pk=instance.indicator_id).values_list("partnership_id", flat=True).first()


SCOPES = {
    Partnership: lambda i: i.pk,
    PartnershipCommunity: lambda i: i.partnership_id,
    BudgetAllocation: lambda i: i.partnership_id,
    Program: lambda i: i.partnership_id,
    Indicator: lambda i: i.partnership_id,
    Committee: lambda i: i.partnership_id,
    Activity: _via_program,
    HoursLog: _via_program,
    IndicatorTarget: _via_indicator,
    Measurement: _via_indicator,
    Meeting: _via_committee,
    ActionItem: _via_committee,
    Membership: _via_committee,
    ExchangeRate: lambda i: EVERYBODY,
}


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata
    bump(SCOPES[sender](instance))


for _model in SCOPES:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"dashboard-cache-save-{_model._meta.label}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"dashboard-cache-delete-{_model._meta.label}")
