#!/usr/bin/env bash
# Run the embedded demo: install what is missing, migrate, seed the demo
# workshop (prints the facilitator login, projector URL and attendee join URL)
# and serve it with the ASGI dev server (daphne's runserver).
#
#   bash scripts/demo.sh                    # http://127.0.0.1:8000
#   HOST=0.0.0.0 PORT=8080 bash scripts/demo.sh   # reachable from the LAN
#
# Uses the settings' embedded defaults (SQLite db.sqlite3, in-memory channel
# layer, DEBUG on) unless the caller sets DATABASE_URL / REDIS_URL / DEBUG etc.
# Extra arguments go to runserver (e.g. --noreload).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"

ensure_system_packages "${BOOTSTRAP_BASE_PACKAGES[@]}"
ensure_venv
ensure_translations

PY=.venv/bin/python

# The address people type: a wildcard bind address is not one.
public_host="$HOST"
case "$HOST" in
    0.0.0.0 | "::" | "[::]")
        lan_ip="$(hostname -I 2>/dev/null | awk '{print $1}')"
        if [ -n "$lan_ip" ]; then
            public_host="$lan_ip"
            echo "[demo] listening on all interfaces; attendees on the LAN use: http://$lan_ip:$PORT/"
        else
            public_host=127.0.0.1
            echo "[demo] listening on all interfaces, but no LAN address found (hostname -I); using 127.0.0.1 in links" >&2
        fi
        ;;
esac
if [[ "$public_host" == *:* && "$public_host" != \[* ]]; then
    public_host="[$public_host]"  # bare IPv6 address in a URL
fi
BASE_URL="http://$public_host:$PORT"

echo "[demo] database: ${DATABASE_URL:-SQLite db.sqlite3 (default)}; channel layer: ${REDIS_URL:-in-memory (default)}" \
    | sed -E 's#(://[^:/@]*:)[^@ ]*@#\1***@#g'
"$PY" manage.py migrate --noinput
"$PY" manage.py seed_demo --base-url "$BASE_URL"
# The same demo in Swedish (its agenda, framework, map and findings are Swedish too).
"$PY" manage.py seed_demo --base-url "$BASE_URL" --language sv

echo "[demo] starting the ASGI dev server on $HOST:$PORT (Ctrl-C stops it)"
exec "$PY" manage.py runserver "$HOST:$PORT" "$@"
