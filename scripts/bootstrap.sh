# shellcheck shell=bash
# Shared setup helpers for scripts/demo.sh, scripts/test.sh and .ci/run.
#
# Source it (callers first `cd "$(dirname "$0")/.."` and `set -euo pipefail`):
#     . scripts/bootstrap.sh
#     ensure_system_packages "${BOOTSTRAP_BASE_PACKAGES[@]}"
#     ensure_venv
# or run it directly for the base setup:  bash scripts/bootstrap.sh
#
# Functions here never rely on `set -e` alone: they check what matters and exit
# with a message, so they behave the same when called from an `if` or `||`.

# Repository root, worked out from this file's own location.
BOOTSTRAP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages the app needs at run time: venv support for Debian's python3,
# Graphviz (diagrams), WeasyPrint's native libraries (Pango, HarfBuzz subset),
# a font, poppler-utils (pdftoppm etc. for checking generated PDFs) and gettext
# (msgfmt compiles the translations in locale/).
BOOTSTRAP_BASE_PACKAGES=(
    python3-venv graphviz libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
    fonts-dejavu-core poppler-utils gettext
)
# Extra packages for the browser tests: Playwright drives Debian's Chromium
# (/usr/bin/chromium); Playwright's own browser download cannot be used here.
# shellcheck disable=SC2034  # used by the scripts that source this file
BOOTSTRAP_BROWSER_PACKAGES=(chromium fonts-liberation)

BOOTSTRAP_MIN_PYTHON="3.11"
_BOOTSTRAP_APT_UPDATED="${_BOOTSTRAP_APT_UPDATED:-0}"

_bootstrap_log() { printf '[bootstrap] %s\n' "$*" >&2; }
_bootstrap_die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

# ensure_system_packages PKG...: install the Debian packages that are missing.
ensure_system_packages() {
    local pkg status
    local -a missing=() sudo=()
    for pkg in "$@"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        case "$status" in
            *"install ok installed"*) ;;
            *) missing+=("$pkg") ;;
        esac
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi

    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            printf '[bootstrap] ERROR: missing Debian packages: %s\n' "${missing[*]}" >&2
            printf '[bootstrap] Install them as root, then run this script again:\n' >&2
            printf '    sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n' \
                "${missing[*]}" >&2
            exit 1
        fi
    fi

    _bootstrap_log "installing Debian packages: ${missing[*]}"
    if [ "$_BOOTSTRAP_APT_UPDATED" != 1 ]; then
        if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
                apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null; then
            _bootstrap_log "warning: apt-get update reported errors; trying the install anyway"
        fi
        _BOOTSTRAP_APT_UPDATED=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 install -y -qq --no-install-recommends \
        "${missing[@]}" </dev/null \
        || _bootstrap_die "apt-get install failed for: ${missing[*]}"
}

# ensure_venv: make .venv (Python >= 3.11) and install the project with its
# [dev] extra whenever pyproject.toml differs from the last successful install.
ensure_venv() {
    local root="$BOOTSTRAP_ROOT"
    local venv="$root/.venv"
    local stamp="$venv/.installed-pyproject.sha256"
    local python="${PYTHON:-python3}"
    local want have

    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
        command -v "$python" >/dev/null 2>&1 \
            || _bootstrap_die "$python not found: install Python >= $BOOTSTRAP_MIN_PYTHON (Debian: apt-get install python3 python3-venv)"
        "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
            || _bootstrap_die "Python >= $BOOTSTRAP_MIN_PYTHON is required, but $(command -v "$python") is $("$python" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo unknown); set PYTHON=/path/to/python3.11+"
        if [ -e "$venv" ]; then
            _bootstrap_log ".venv exists but its python does not run; recreating it"
            "$python" -m venv --clear "$venv" \
                || _bootstrap_die "could not recreate .venv (on Debian: apt-get install python3-venv)"
        else
            _bootstrap_log "creating .venv with $("$python" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
            "$python" -m venv "$venv" \
                || _bootstrap_die "could not create .venv (on Debian: apt-get install python3-venv)"
        fi
    fi
    "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
        || _bootstrap_die ".venv uses Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())'), need >= $BOOTSTRAP_MIN_PYTHON: remove .venv and run again with PYTHON=/path/to/python3.11+"

    want="$(sha256sum "$root/pyproject.toml" | cut -d' ' -f1)"
    have="$(cat "$stamp" 2>/dev/null || true)"
    if [ "$want" = "$have" ]; then
        return 0
    fi
    _bootstrap_log "installing the project and its [dev] extra into .venv (pyproject.toml changed)"
    (
        cd "$root" \
            && PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
                "$venv/bin/python" -m pip install -q -e ".[dev]"
    ) || _bootstrap_die "pip install -e \".[dev]\" failed (see the errors above)"
    printf '%s\n' "$want" >"$stamp"
}

# ensure_translations: compile locale/*/LC_MESSAGES/django.po into .mo files
# (not committed) whenever a .po is newer than its .mo.
ensure_translations() {
    local po mo stale=0
    for po in "$BOOTSTRAP_ROOT"/locale/*/LC_MESSAGES/django.po; do
        [ -e "$po" ] || continue
        mo="${po%.po}.mo"
        if [ ! -e "$mo" ] || [ "$po" -nt "$mo" ]; then stale=1; fi
    done
    if [ "$stale" = 1 ]; then
        _bootstrap_log "compiling translations (locale/)"
        (cd "$BOOTSTRAP_ROOT" && "$BOOTSTRAP_ROOT/.venv/bin/python" manage.py compilemessages -v 0 --ignore=.venv) \
            || _bootstrap_die "compilemessages failed (is gettext installed? apt-get install gettext)"
    fi
}

# Run directly: base packages + venv.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    cd "$BOOTSTRAP_ROOT"
    ensure_system_packages "${BOOTSTRAP_BASE_PACKAGES[@]}"
    ensure_venv
    ensure_translations
    _bootstrap_log "ready: $BOOTSTRAP_ROOT/.venv"
fi
