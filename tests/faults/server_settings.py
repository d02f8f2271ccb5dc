"""The app's settings for the fault tests' servers, plus two things workshop/settings.py
does not say yet (each a no-op once it does):

- the middleware that answers 503 while the database is down;
- the Redis channel layer's timeouts: redis-py 8 times out any read after 5 s by
  default, which ends every idle socket's 5 s blocking receive
  (django/channels_redis#422), and a connect to a Redis that does not answer must
  give up quickly.
"""

from workshop.settings import *  # noqa: F403
from workshop.settings import CHANNEL_LAYERS, MIDDLEWARE

DATABASE_DOWN_MIDDLEWARE = "workshop.middleware.DatabaseUnavailableMiddleware"

if DATABASE_DOWN_MIDDLEWARE not in MIDDLEWARE:
    # Outside the session middleware, so a session that cannot be saved is covered too.
    MIDDLEWARE = list(MIDDLEWARE)
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        DATABASE_DOWN_MIDDLEWARE,
    )

_hosts = CHANNEL_LAYERS["default"].get("CONFIG", {}).get("hosts", [])
if _hosts and isinstance(_hosts[0], str):
    CHANNEL_LAYERS = {
        "default": {
            **CHANNEL_LAYERS["default"],
            "CONFIG": {
                **CHANNEL_LAYERS["default"]["CONFIG"],
                "hosts": [
                    {"address": host, "socket_connect_timeout": 2, "socket_timeout": 10}
                    for host in _hosts
                ],
            },
        }
    }
