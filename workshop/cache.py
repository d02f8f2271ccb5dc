"""Django's Redis cache, except that a Redis which is down reads as an empty cache.

What the app caches (rendered maps, join and hosting rate limits) can be rebuilt or
forgotten, so a stopped Redis must not turn joining a workshop into a 500: while it
is down, reads miss and writes are dropped, as with Django's DummyCache, and the
outage is logged once. Rate limits are not enforced until Redis is back.
"""

import functools
import logging
import threading

import redis
from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeout

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeout)
_state = {"down": False}  # per process: the outage is logged once, not once per thread


def when_down(fallback):
    """Answer `fallback` (a value, or a function of the call's arguments) while Redis is down."""

    def decorate(method):
        @functools.wraps(method)
        def tolerant(self, *args, **kwargs):
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                if not _state["down"]:
                    _state["down"] = True
                    logger.warning(
                        "Cache unreachable (%s: %s): reads miss and writes are dropped "
                        "until it is back.",
                        type(exc).__name__,
                        exc,
                    )
                return fallback(*args, **kwargs) if callable(fallback) else fallback
            if _state["down"]:
                _state["down"] = False
                logger.warning("Cache reachable again.")
            return result

        return tolerant

    return decorate


def _default(key, default=None, version=None):
    return default


def _missing_key(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (the cache is unreachable).")


def _nothing(*args, **kwargs):
    return {}


def _no_failed_keys(*args, **kwargs):
    return []


class SharedConnectionPool(redis.ConnectionPool):
    """One pool of Redis connections per process, URL and options.

    Django keeps a cache object per thread, and under ASGI every request runs in a
    thread of its own: with Django's default, each request built a new pool and opened
    a new connection to Redis (redis-py then also reads its package metadata for the
    connection's name) just to load the session. ConnectionPool is thread-safe, and
    resets itself in a forked child."""

    _shared: dict[tuple, "SharedConnectionPool"] = {}
    _lock = threading.Lock()

    @classmethod
    def from_url(cls, url, **options):
        key = (url, tuple(sorted(options.items(), key=lambda item: item[0])))
        with cls._lock:
            pool = cls._shared.get(key)
            if pool is None:
                pool = cls._shared[key] = super().from_url(url, **options)
        return pool


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        options = {"pool_class": SharedConnectionPool, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})

    @when_down(True)  # as if stored: django-ratelimit then counts this the first attempt
    def add(self, *args, **kwargs):
        return super().add(*args, **kwargs)

    @when_down(_default)
    def get(self, *args, **kwargs):
        return super().get(*args, **kwargs)

    @when_down(None)
    def set(self, *args, **kwargs):
        return super().set(*args, **kwargs)

    @when_down(False)
    def touch(self, *args, **kwargs):
        return super().touch(*args, **kwargs)

    @when_down(False)
    def delete(self, *args, **kwargs):
        return super().delete(*args, **kwargs)

    @when_down(_nothing)
    def get_many(self, *args, **kwargs):
        return super().get_many(*args, **kwargs)

    @when_down(False)
    def has_key(self, *args, **kwargs):
        return super().has_key(*args, **kwargs)

    @when_down(_missing_key)  # what Django's caches do for a key they do not hold
    def incr(self, *args, **kwargs):
        return super().incr(*args, **kwargs)

    @when_down(_no_failed_keys)
    def set_many(self, *args, **kwargs):
        return super().set_many(*args, **kwargs)

    @when_down(None)
    def delete_many(self, *args, **kwargs):
        return super().delete_many(*args, **kwargs)

    @when_down(False)
    def clear(self, *args, **kwargs):
        return super().clear(*args, **kwargs)
