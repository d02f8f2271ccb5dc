"""One settings module, driven by environment variables.

Defaults run the embedded demo (SQLite file, in-memory channel layer, DEBUG on).
With DEBUG off the defaults turn strict: a SECRET_KEY must be given, cookies are
secure, plain http is redirected to https and HSTS is sent (README "Production").
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],*" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "csp",
    "django_htmx",
    "template_partials",
    "simple_history",
    "workshop",
    "teams",
    "vision",
    "strategy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "workshop.middleware.DatabaseUnavailableMiddleware",
    "workshop.middleware.ConcurrencyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: it is sync-only, so under ASGI every middleware above it runs in the request's
    # one thread; in the middle, those below it would hop to and from the event loop for
    # each of their methods. Its process_view (the workshop's language) still runs after
    # LocaleMiddleware's choice and before the view.
    "workshop.i18n.WorkshopLanguageMiddleware",
]

ROOT_URLCONF = "workshop.urls"
ASGI_APPLICATION = "workshop.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "workshop.context_processors.assets",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # 0 (a connection per request) is what Django advises under ASGI.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# A pool of PostgreSQL connections per process (psycopg_pool, built into Django 5.1+):
# without it, every request in flight holds a connection of its own, and a room that
# overloads the server runs PostgreSQL out of connections ("too many clients") instead
# of queueing. DB_POOL_MAX_SIZE connections per worker process; a request waits up to
# DB_POOL_TIMEOUT seconds for one. Off (0) by default; scripts/serve.sh turns it on.
DB_POOL_MAX_SIZE = int(os.environ.get("DB_POOL_MAX_SIZE", "0"))
if DB_POOL_MAX_SIZE and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django requires 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(2, DB_POOL_MAX_SIZE),
        "max_size": DB_POOL_MAX_SIZE,
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
    }
# Test runs may set a suffix so two runs on one machine (a developer's and CI's)
# never share a test database, channel-layer groups or cache keys.
RUN_SUFFIX = os.environ.get("TEST_RUN_SUFFIX", "")
if RUN_SUFFIX and DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{RUN_SUFFIX}"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Browser tests run the ASGI server in another process: the test database
    # must be a file both processes can open, not SQLite's in-memory default.
    # Named per process so two test runs on one machine never share (and flush) it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")
    }
    # IMMEDIATE: a write transaction takes the lock when it starts, so a version
    # check and the save that follows it cannot interleave with another writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 times out reads after 5 s, which ends every idle socket's 5 s
                # blocking receive (django/channels_redis#422); connects must give up fast.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_connect_timeout": 2,
                        "socket_timeout": 10,
                        # redis-py 8 caps a pool at 100 connections and then raises
                        # MaxConnectionsError (a dropped push) instead of waiting.
                        "max_connections": 1000,
                    }
                ],
                "prefix": f"asgi{RUN_SUFFIX}",
            },
        }
    }
    CACHES = {
        "default": {
            # Django's Redis cache, read as empty while Redis is down (workshop/cache.py).
            "BACKEND": "workshop.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": RUN_SUFFIX,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# POSTs running at once per process; the rest wait in line (workshop/middleware.py).
# 0: no limit. scripts/serve.sh sets 4.
WEB_MAX_CONCURRENT_WRITES = int(os.environ.get("WEB_MAX_CONCURRENT_WRITES", "0"))

# Whole-room pushes (roster, progress board, room profile) in a burst: one at once, then
# at most one per this many seconds per process (workshop/live.py). Off with the
# in-memory layer, whose queues belong to the server's event loop: a merged push is sent
# from a timer thread.
LIVE_COALESCE_SECONDS = float(os.environ.get("LIVE_COALESCE_SECONDS", "0.25" if REDIS_URL else "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("FAST_PASSWORD_HASHING", False):
    # Tests only: the default hasher costs ~0.5 s per user created.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workshop:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
HTMX_JS = "vendor/htmx-2.0.11.min.js"
HTMX_WS_JS = "vendor/htmx-ext-ws-2.0.4.js"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploads (Vision 2030 finding images). Never served as static files: a view
# checks who may see each one (vision/views.py).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "workshop@localhost")
# SMTP when EMAIL_HOST is given; otherwise mail is printed to the console (demo).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
if EMAIL_HOST and "EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# Hosting requests (/host/): submissions per client address per minute, and who hears of
# a new one (empty: staff and everyone who facilitates or organises a workshop).
HOSTING_RATE = os.environ.get("HOSTING_RATE", "5/m")
HOSTING_NOTIFY = env_list("HOSTING_NOTIFY", "")

# Join codes: attempts per client IP per minute before the join form refuses.
JOIN_RATE = os.environ.get("JOIN_RATE", "10/m")

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # attendees come back to the same participant for a month
if REDIS_URL:
    # Sessions are read from Redis (written through to the database, which stays the
    # record): one query less on every request, and a Redis outage falls back to it.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # The proxy in front (deploy/nginx.conf) sets this header on every request, replacing
    # whatever the client sent, so it can be trusted to say the browser used https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe the workers directly over plain http.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Browsers honour HSTS only on https responses, and SecurityMiddleware sends it only there.
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list is the domain owner's decision (hstspreload.org),
        # not an app default; check --deploy would otherwise ask for it on every install.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]


def _socket_sources(hosts: list[str]) -> list[str]:
    """ws:/wss: to the site's own named hosts (".example.org": it and its subdomains)."""
    sources = []
    for host in hosts:
        if host == "*" or host.startswith("["):  # CSP has no IPv6 literals
            continue
        names = [host[1:], f"*{host}"] if host.startswith(".") else [host]
        sources += [f"{scheme}://{name}" for name in names for scheme in ("wss", "ws")]
    return sources


# Content-Security-Policy (django-csp), enforced in DEBUG too so the browser tests run
# under it. Nothing inline: no <script> code, no on*= or hx-on attributes, no style=""
# attributes (values computed on the server travel in data-* attributes; live.js sets
# them through CSSOM, which CSP allows). JSON in <script type="application/json"> is
# data, not run. 'self' in connect-src matches WebSockets to this host (CSP Level 3);
# Safari before 16 does not, so production also names its hosts' ws:/wss: origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF] + ([] if DEBUG else _socket_sources(ALLOWED_HOSTS)),
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Logs go to stdout (the service manager keeps them): request errors with their
# traceback (django.request), refused hosts (django.security), server start-up.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} [{process}] {message}", "style": "{"}
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        }
    },
    "root": {
        "handlers": ["stdout"],
        "level": os.environ.get("LOG_LEVEL", "WARNING" if DEBUG else "INFO"),
    },
    # PDF rendering narrates every step and font subset at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
