"""The Redis cache shares one connection pool per process: Django keeps a cache object
per thread and under ASGI each request has a thread of its own, so with Django's default
every request opened a new Redis connection just to read its session."""

import threading

from workshop.cache import RedisCache

URL = "redis://127.0.0.1:6379/0"


def pool_of(cache: RedisCache):
    return cache._cache._get_connection_pool(True)


def test_cache_objects_of_different_threads_share_one_pool():
    pools = []

    def request_thread():
        pools.append(pool_of(RedisCache(URL, {"OPTIONS": {"socket_timeout": 2}})))

    threads = [threading.Thread(target=request_thread) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(pools) == 3
    assert pools[0] is pools[1] is pools[2]
    assert pools[0].connection_kwargs["socket_timeout"] == 2


def test_other_servers_or_options_get_pools_of_their_own():
    one = pool_of(RedisCache(URL, {}))
    assert pool_of(RedisCache("redis://127.0.0.1:6379/5", {})) is not one
    assert pool_of(RedisCache(URL, {"OPTIONS": {"socket_timeout": 7}})) is not one
    assert pool_of(RedisCache(URL, {})) is one
