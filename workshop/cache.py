"""Django's Redis cache, except that a Redis which is down reads as an empty cache.

What the app caches (rendered maps, join and hosting rate limits) can be rebuilt or
forgotten, so a stopped Redis must not turn joining a workshop into a 500: while it
is down, reads miss and writes are dropped, as with Django's DummyCache, and the
outage is logged once. Rate limits are not enforced until Redis is back.
"""

import functools
import logging

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


class RedisCache(django_redis.RedisCache):
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
