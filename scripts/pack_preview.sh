#!/usr/bin/env bash
# The demo company's strategy pack, rendered on a throw-away demo database, with PNGs
# of its cover and roadmap page for review:  bash scripts/pack_preview.sh [folder]
# (default screenshots/pack/: pack.pdf, cover.png, roadmap.png).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
ensure_system_packages "${BOOTSTRAP_BASE_PACKAGES[@]}"
ensure_venv

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DATABASE_URL="sqlite:///$work/pack.sqlite3" MEDIA_ROOT="$work/media"
unset REDIS_URL
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo > /dev/null
.venv/bin/python scripts/pack_preview.py "${1:-screenshots/pack}"
