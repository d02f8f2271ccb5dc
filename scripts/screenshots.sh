#!/usr/bin/env bash
# Screenshots of the main screens for review, from a throw-away demo database.
#   bash scripts/screenshots.sh [OUT_DIR]                     # the English demo
#   DEMO_LANGUAGE=sv bash scripts/screenshots.sh shots-sv     # the Swedish demo
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
ensure_system_packages "${BOOTSTRAP_BASE_PACKAGES[@]}" "${BOOTSTRAP_BROWSER_PACKAGES[@]}"
ensure_venv

work=$(mktemp -d)
port=${PORT:-8765}
export DATABASE_URL="sqlite:///$work/screens.sqlite3"
unset REDIS_URL
.venv/bin/python manage.py migrate --noinput -v0
ensure_translations
.venv/bin/python manage.py seed_demo --base-url "http://127.0.0.1:$port" \
    --language "${DEMO_LANGUAGE:-en}" > /dev/null
.venv/bin/python -m daphne -b 127.0.0.1 -p "$port" workshop.asgi:application > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.2; done
.venv/bin/python scripts/screenshots.py "http://127.0.0.1:$port" "${1:-screenshots}"
