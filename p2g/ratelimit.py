"""Rate limits of public forms, counted in the shared cache (Redis in production, the database cache by default).

A limit is written as allauth writes its own (so one format serves the settings): ``"5/h/ip,20/d/ip"``
is five an hour and twenty a day per client IP; ``"3/d/key"`` three a day per key (an email address,
say). A duration is ``s``, ``m``, ``h`` or ``d``, optionally with a number (``10m``); ``per`` is ``ip``
(the default) or ``key``. The client IP is allauth's (``ALLAUTH_TRUSTED_PROXY_COUNT`` says how many
proxies to look through); an IPv6 address counts by its /64 network, as allauth counts it.

Each limit counts in fixed windows of its duration, one counter per window (``cache.add`` opens it,
``cache.incr`` counts: atomic on Redis). A request is within the limit when the current window's count
plus the previous window's count, weighted by how much of the previous window still lies within the
last ``duration``, is below the amount: a sliding window approximated with two counters, so that a
burst astride two windows is not let through twice.

**Fails open**: when the cache is unavailable (a down Redis reads as a miss, a refused write as
nothing counted), every request is let through and a warning is logged. The limits keep robots from
flooding a form; an outage of the cache must not shut the form to people.

    ratelimit.within(request, action="partner_call_ip", rates="5/h/ip")   # may this one go? (counts nothing)
    ratelimit.hit(request, action="partner_call_ip", rates="5/h/ip")      # count it
"""

import hashlib
import ipaddress
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied

logger = logging.getLogger(__name__)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
IPV6_PREFIX = 64
KEY_PREFIX = "p2g:rl"


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: str  # "ip" or "key"

    def __str__(self) -> str:
        return f"{self.amount}/{self.seconds}s/{self.per}"


def _duration(text: str) -> int:
    unit, number = text[-1:], text[:-1]
    if unit not in UNITS:
        raise ValueError(f"Unknown unit in the duration {text!r} (use s, m, h or d)")
    seconds = int(float(number or 1) * UNITS[unit])
    if seconds <= 0:
        raise ValueError(f"The duration {text!r} is not positive")
    return seconds


def parse_rates(text: str | None) -> list[Rate]:
    """``"5/h/ip,20/d/ip"`` as rates; ValueError for a malformed one (a configuration mistake)."""
    rates = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        pieces = part.split("/")
        if len(pieces) == 2:
            pieces.append("ip")
        if len(pieces) != 3 or pieces[2] not in ("ip", "key"):
            raise ValueError(f"Malformed rate {part!r} (write amount/duration/per, e.g. 5/h/ip)")
        amount = int(pieces[0])
        if amount < 0:
            raise ValueError(f"The amount of {part!r} is negative")
        rates.append(Rate(amount, _duration(pieces[1].strip()), pieces[2]))
    return list(dict.fromkeys(rates))


def client_ip(request) -> str:
    """The client's address as allauth sees it (behind the trusted proxies); an IPv6 address by its /64."""
    from allauth.account.adapter import get_adapter

    try:
        ip = get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no address to be found: every such request shares one counter
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return ip


@dataclass(frozen=True)
class _Window:
    rate: Rate
    current: str  # cache key of the current window's counter
    previous: str  # and of the one before
    weight: float  # share of the previous window still within the last ``rate.seconds``
    ttl: int  # the current counter is read until the end of the next window


def _windows(request, action: str, rates, key: str | None, now: float) -> list[_Window]:
    if isinstance(rates, str):
        rates = parse_rates(rates)
    windows = []
    for rate in rates:
        if rate.per == "key":
            if not key:
                continue
            source = key
        else:
            source = client_ip(request)
        digest = hashlib.sha256(source.encode()).hexdigest()[:32]
        index, into = divmod(now, rate.seconds)
        index = int(index)
        base = f"{KEY_PREFIX}:{action}:{rate.amount}:{rate.seconds}:{rate.per}:{digest}"
        windows.append(_Window(
            rate=rate,
            current=f"{base}:{index}",
            previous=f"{base}:{index - 1}",
            weight=1 - into / rate.seconds,
            ttl=int(2 * rate.seconds - into) + 1,
        ))
    return windows


def within(request, *, action: str, rates, key: str | None = None, now: float | None = None) -> bool:
    """True when one more request for ``action`` stays within every rate. Counts nothing.

    ``rates`` is the text of the limits or parsed ones; a ``key`` rate without a key is not checked.
    True also when the cache cannot be read (fails open).
    """
    windows = _windows(request, action, rates, key, time.time() if now is None else now)
    if not windows:
        return True
    try:
        counts = cache.get_many([k for w in windows for k in (w.current, w.previous)])
    except Exception:  # a cache that raises instead of missing: let the request through
        logger.warning("Rate limit %s not checked: the cache is unavailable", action, exc_info=True)
        return True
    for window in windows:
        used = int(counts.get(window.current) or 0) + int(counts.get(window.previous) or 0) * window.weight
        if used >= window.rate.amount:
            return False
    return True


def hit(request, *, action: str, rates, key: str | None = None, now: float | None = None) -> None:
    """Count one request for ``action`` against every rate (nothing, silently logged, when the cache is away)."""
    for window in _windows(request, action, rates, key, time.time() if now is None else now):
        try:
            cache.add(window.current, 0, timeout=window.ttl)
            try:
                cache.incr(window.current)
            except ValueError:  # gone since (or never stored: a cache that is away)
                cache.add(window.current, 1, timeout=window.ttl)
            # Redis keeps the expiry through INCR; other caches' incr re-sets it to their default.
            cache.touch(window.current, window.ttl)
        except Exception:
            logger.warning("Rate limit %s not counted: the cache is unavailable", action, exc_info=True)
            return
