#!/usr/bin/env bash
# Set up a working copy: Python virtualenv, npm packages, front-end build, database, static files.
#
# Idempotent and quick on a second run. Uses whatever environment it is given (DATABASE_URL and
# so on); with none, the embedded default (SQLite under var/). Needs python3 (with venv), node
# and npm; nothing else has to be installed first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '==> setup: %s\n' "$*"; }
die() {
    printf 'ERROR: setup: %s\n' "$*" >&2
    exit 1
}

# --- Tools this script cannot install for you ----------------------------------------------------
missing=()
command -v python3 >/dev/null 2>&1 || missing+=("python3 (Debian: apt-get install python3 python3-venv)")
command -v node >/dev/null 2>&1 || missing+=("node (Debian: apt-get install nodejs)")
command -v npm >/dev/null 2>&1 || missing+=("npm (Debian: apt-get install npm)")
if ((${#missing[@]})); then
    die "missing: ${missing[*]}"
fi
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "python3 is $(python3 --version 2>&1): the project needs Python 3.11 or newer"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 18)) || die "node is $(node --version): the front-end build needs Node.js 18 or newer"

# --- Python ------------------------------------------------------------------------------------
if [[ ! -x .venv/bin/python ]]; then
    say "creating .venv ($(python3 --version))"
    python3 -m venv .venv || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
fi
if [[ ! -x .venv/bin/uv ]]; then
    say "installing uv into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check uv \
        || die "could not install uv into .venv"
fi
say "installing Python packages from requirements.lock"
# Never let uv fetch an interpreter of its own: it cannot here, and .venv's is the one we want.
UV_PYTHON_DOWNLOADS=never .venv/bin/uv pip install --quiet --python .venv/bin/python \
    -r requirements.lock

# --- Front end -----------------------------------------------------------------------------------
# `npm ci` wipes and reinstalls node_modules; do it only when package-lock.json has changed since
# the last install here (the stamp records its checksum) or node_modules is missing.
lock_sum="$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)"
stamp="node_modules/.send_portal-npm-ci.sha256"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error </dev/null
    echo "$lock_sum" >"$stamp"
else
    say "npm packages up to date"
fi
say "building the front end (npm run build)"
npm run --silent build </dev/null

# --- Django --------------------------------------------------------------------------------------
say "migrating the database"
.venv/bin/python manage.py migrate --noinput
say "collecting static files"
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
say "done"
