#!/usr/bin/env bash
# Production runner: uvicorn with several worker processes behind a reverse proxy
# (deploy/nginx.conf), PostgreSQL, Redis, static files by WhiteNoise. README "Production".
#
#   export SECRET_KEY=... ALLOWED_HOSTS=workshop.example.org \
#       CSRF_TRUSTED_ORIGINS=https://workshop.example.org \
#       DATABASE_URL=postgres://pmo:secret@127.0.0.1:5432/pmo_workshop \
#       REDIS_URL=redis://127.0.0.1:6379/0
#   bash scripts/serve.sh            # prepare, then serve
#   bash scripts/serve.sh prepare    # translations, collectstatic, migrate, check --deploy
#   bash scripts/serve.sh run        # serve only (a restart, or another machine)
#
# HOST (127.0.0.1) and PORT (8000): where uvicorn listens, for the proxy.
# WEB_CONCURRENCY (2): worker processes sharing that port; more than one needs REDIS_URL.
# FORWARDED_ALLOW_IPS (127.0.0.1): the proxy whose X-Forwarded-For/-Proto are trusted.
# DEBUG is off unless set. Arguments after the mode go to uvicorn (e.g. --log-level debug).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh

mode=all
case "${1:-}" in
    all | prepare | run) mode="$1"; shift ;;
    "" | -*) ;;
    *) echo "usage: bash scripts/serve.sh [prepare|run] [uvicorn options]" >&2; exit 2 ;;
esac

export DEBUG="${DEBUG:-0}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"
# Database connections per worker process (a pool: requests beyond it wait, PostgreSQL
# is never run out of connections). 0 turns the pool off.
export DB_POOL_MAX_SIZE="${DB_POOL_MAX_SIZE:-16}"
# Saves (POSTs) running at once per worker; a burst waits in line instead of sharing
# the core twenty ways (workshop/middleware.py). 0 turns the limit off.
export WEB_MAX_CONCURRENT_WRITES="${WEB_MAX_CONCURRENT_WRITES:-4}"
FORWARDED_ALLOW_IPS="${FORWARDED_ALLOW_IPS:-127.0.0.1}"
PY=.venv/bin/python

log() { printf '[serve] %s\n' "$*" >&2; }
die() { printf '[serve] ERROR: %s\n' "$*" >&2; exit 1; }

case "${DEBUG,,}" in
    1 | true | yes | on)
        log "WARNING: DEBUG is on: error pages show code and settings; not for production" ;;
    *)
        [ -n "${SECRET_KEY:-}" ] \
            || die "SECRET_KEY is not set (make one: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
        [ -n "${ALLOWED_HOSTS:-}" ] || die "ALLOWED_HOSTS is not set: the site's host name(s), comma-separated" ;;
esac
[[ "$WEB_CONCURRENCY" =~ ^[1-9][0-9]*$ ]] || die "WEB_CONCURRENCY must be a positive number, not '$WEB_CONCURRENCY'"
if [ -z "${REDIS_URL:-}" ] && [ "$WEB_CONCURRENCY" -gt 1 ]; then
    # The in-memory channel layer and cache live inside one process: a change saved through
    # one worker would never reach screens connected to another, and rate limits would split.
    die "REDIS_URL is not set, but WEB_CONCURRENCY=$WEB_CONCURRENCY worker processes were asked for.
[serve]   Live updates cannot cross processes without Redis. Set REDIS_URL=redis://host:6379/0,
[serve]   or run a single process with WEB_CONCURRENCY=1."
fi
[ -n "${DATABASE_URL:-}" ] || log "warning: DATABASE_URL is not set: using SQLite db.sqlite3 (PostgreSQL is the production database)"

prepare() {
    ensure_system_packages "${BOOTSTRAP_BASE_PACKAGES[@]}"
    ensure_venv
    ensure_translations
    log "collecting static files (WhiteNoise serves them, compressed and fingerprinted)"
    "$PY" manage.py collectstatic --noinput -v 0
    "$PY" manage.py migrate --noinput
    "$PY" manage.py check --deploy
}

run() {
    [ -x .venv/bin/uvicorn ] || die ".venv is missing: run 'bash scripts/serve.sh prepare' first"
    log "database: ${DATABASE_URL:-SQLite db.sqlite3}; channel layer: ${REDIS_URL:-in-memory}" \
        | sed -E 's#(://[^:/@]*:)[^@ ]*@#\1***@#g'
    log "uvicorn: $WEB_CONCURRENCY worker process(es) on $HOST:$PORT, proxy headers from $FORWARDED_ALLOW_IPS"
    # --lifespan off: Channels' router has no lifespan handler. Keep-alive above nginx's
    # upstream keepalive_timeout (60 s), so nginx never reuses a connection uvicorn closed.
    # Open sockets hold a worker on shutdown; after 10 s they are cut and browsers reconnect.
    exec .venv/bin/uvicorn workshop.asgi:application \
        --host "$HOST" --port "$PORT" --workers "$WEB_CONCURRENCY" \
        --proxy-headers --forwarded-allow-ips "$FORWARDED_ALLOW_IPS" \
        --lifespan off --no-access-log --no-server-header --timeout-keep-alive 75 --timeout-graceful-shutdown 10 \
        "$@"
}

case "$mode" in
    prepare) prepare ;;
    run) run "$@" ;;
    all) prepare && run "$@" ;;
esac
