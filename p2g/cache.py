"""Django's Redis cache, made to degrade instead of fail: a down or hung Redis is a cache miss.

Every page keeps answering without Redis (dashboards are computed afresh, rate limits are not
counted for a while); after one failure the cache is not tried again for
``BREAKER_SECONDS`` (the ``breaker_seconds`` option), so only one request pays the timeout.
"""

import logging

from django.core.cache.backends.redis import RedisCache

from p2g.breaker import Breaker

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        seconds = float(options.pop("breaker_seconds", 15))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = Breaker(f"cache {server}", seconds)

    def _guard(method, default=None):  # noqa: N805 (a decorator used in the class body)
        def wrapper(self, *args, **kwargs):
            if self.breaker.is_open:
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # redis.RedisError, OSError, timeouts
                self.breaker.trip(exc)
                return default() if callable(default) else default

        wrapper.__name__ = method.__name__
        wrapper.__doc__ = method.__doc__
        return wrapper

    def get(self, key, default=None, version=None):
        if self.breaker.is_open:
            return default
        try:
            return super().get(key, default, version)
        except Exception as exc:
            self.breaker.trip(exc)
            return default

    set = _guard(RedisCache.set)
    add = _guard(RedisCache.add, False)
    touch = _guard(RedisCache.touch, False)
    delete = _guard(RedisCache.delete, False)
    get_many = _guard(RedisCache.get_many, dict)
    set_many = _guard(RedisCache.set_many, list)
    delete_many = _guard(RedisCache.delete_many)
    has_key = _guard(RedisCache.has_key, False)
    clear = _guard(RedisCache.clear)

    def incr(self, key, delta=1, version=None):
        if self.breaker.is_open:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        try:
            return super().incr(key, delta, version)
        except ValueError:
            raise
        except Exception as exc:
            self.breaker.trip(exc)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from exc

    del _guard
