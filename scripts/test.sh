#!/usr/bin/env bash
# Run the test suite (pytest, configured in pyproject.toml), installing what is
# missing first: the app's Debian packages, Chromium for the browser tests, and
# .venv with the project's [dev] extra.
#
#   bash scripts/test.sh                    # SQLite + in-memory channel layer
#   bash scripts/test.sh -m "not browser" -x   # arguments go to pytest
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmo_workshop \
#   REDIS_URL=redis://127.0.0.1:6379/0 bash scripts/test.sh   # as CI runs it
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh

ensure_system_packages "${BOOTSTRAP_BASE_PACKAGES[@]}" "${BOOTSTRAP_BROWSER_PACKAGES[@]}"
ensure_venv
ensure_translations

# Browser tests drive Debian's Chromium (Playwright cannot download its own here).
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

# DATABASE_URL / REDIS_URL pass through unchanged when set.
db_desc="SQLite (DATABASE_URL unset)"
if [ -n "${DATABASE_URL:-}" ]; then
    db_desc="$DATABASE_URL (pytest-django creates test_<name>_<run suffix>)"
fi
layer_desc="in-memory (REDIS_URL unset)"
if [ -n "${REDIS_URL:-}" ]; then
    layer_desc="Redis $REDIS_URL"
fi
# One line; passwords in the URLs are masked.
echo "[test] database: $db_desc; channel layer: $layer_desc" | sed -E 's#(://[^:/@]*:)[^@ ]*@#\1***@#g'

# A suffix per run: two runs on one machine (yours and CI's) never share a test
# database, channel-layer groups or cache keys (workshop/settings.py).
export TEST_RUN_SUFFIX="${TEST_RUN_SUFFIX:-r$$}"
exec .venv/bin/python -m pytest "$@"
