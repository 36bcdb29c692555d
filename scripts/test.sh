#!/usr/bin/env bash
# THE test command (`make test`). Sets up, starts throwaway services and runs the whole suite
# twice:
#
#   full stack        PostgreSQL 15 + Redis + a Celery worker; every test, `fullstack` ones too
#   embedded default  SQLite, eager Celery, no services; every test except `fullstack` ones
#
# SEND_PORTAL_TEST_MODE=full|embedded|both (default both) picks the runs; SEND_PORTAL_TEST_WORKERS
# sets pytest-xdist's -n (default auto). Arguments are passed to pytest, e.g.
#   scripts/test.sh tests/ehcp -k deadline
#
# Nothing is skipped: missing system packages are installed with apt when running as root, and
# otherwise named and the run fails; a service that will not start fails the run. Everything
# started here is stopped on exit, by pid.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MODE="${SEND_PORTAL_TEST_MODE:-both}"
case "$MODE" in
    full | embedded | both) ;;
    *)
        echo "ERROR: SEND_PORTAL_TEST_MODE must be full, embedded or both (got '$MODE')" >&2
        exit 2
        ;;
esac
WORKERS="${SEND_PORTAL_TEST_WORKERS:-auto}"

# shellcheck source=scripts/services.sh
source "$ROOT/scripts/services.sh"

section() { printf '\n======== %s ========\n' "$*"; }
# took START: "123 s" since START (a value of $SECONDS), for the summary.
took() { printf '%d s' "$((SECONDS - $1))"; }

# --- 1. Set up (always against the embedded default: never migrate someone else's database) ---
section "set-up"
setup_started=$SECONDS
env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_SETTINGS_MODULE=send_portal.settings \
    "$ROOT/scripts/setup.sh"

setup_took="$(took "$setup_started")"

# --- 2. System packages ----------------------------------------------------------------------
section "system packages"
PACKAGES=(redis-server chromium chromium-driver poppler-utils fonts-dejavu-core fonts-liberation2
    libharfbuzz-subset0)
# Binaries the tests and this script use, with the package that provides each.
BINARIES=(redis-server:redis-server redis-cli:redis-server chromium:chromium
    chromedriver:chromium-driver pdftoppm:poppler-utils pdftotext:poppler-utils
    runuser:util-linux)

missing_packages=()
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in "${PACKAGES[@]}"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        [[ "$status" == "install ok installed" ]] || missing_packages+=("$pkg")
    done
    if [[ "$MODE" != embedded ]] && ! sp_pg_bindir >/dev/null; then
        missing_packages+=(postgresql-15)
    fi
fi

if ((${#missing_packages[@]})); then
    if ((EUID == 0)) && command -v apt-get >/dev/null 2>&1; then
        echo "installing with apt-get: ${missing_packages[*]}"
        # Keep package scripts from starting services of their own (redis on 6379, a postgres
        # cluster): only this script's throwaway ones may run. Debian images usually have this.
        policy_created=""
        if [[ ! -e /usr/sbin/policy-rc.d ]]; then
            printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
            chmod 755 /usr/sbin/policy-rc.d
            policy_created=1
        fi
        apt_status=0
        {
            DEBIAN_FRONTEND=noninteractive apt-get update -qq \
                && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                    "${missing_packages[@]}" >/dev/null
        } </dev/null || apt_status=$?
        [[ -z "$policy_created" ]] || rm -f /usr/sbin/policy-rc.d
        if ((apt_status != 0)); then
            echo "ERROR: apt-get could not install: ${missing_packages[*]}" >&2
            exit 1
        fi
    else
        echo "ERROR: missing system packages: ${missing_packages[*]}" >&2
        echo "       install them (as root: apt-get install --no-install-recommends" \
            "${missing_packages[*]}) and run again" >&2
        exit 1
    fi
fi

missing_binaries=()
for entry in "${BINARIES[@]}"; do
    command -v "${entry%%:*}" >/dev/null 2>&1 || missing_binaries+=("${entry%%:*} (package ${entry##*:})")
done
if [[ "$MODE" != embedded ]] && ! sp_pg_bindir >/dev/null; then
    missing_binaries+=("initdb/pg_ctl (package postgresql-15)")
fi
if ((${#missing_binaries[@]})); then
    echo "ERROR: missing programs: ${missing_binaries[*]}" >&2
    exit 1
fi
echo "all present: ${PACKAGES[*]}"

# --- 3. Runs ---------------------------------------------------------------------------------
cleanup() {
    local status=$?
    sp_stop_all
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Tests always use the default settings profile (whatever the shell has exported).
export DJANGO_SETTINGS_MODULE=send_portal.settings
export PYTHONDONTWRITEBYTECODE=1

# run_pytest NAME [extra pytest args...]: prints and returns pytest's status; 5 (no tests
# collected) counts as a failure like any other non-zero status. Each test has a time limit
# (pytest-timeout, `timeout` in pyproject.toml): a hung test fails with its stack and the run goes
# on. The 25 slowest tests are listed at the end of each run.
run_pytest() {
    local name="$1" status=0
    shift
    "$ROOT/.venv/bin/python" -m pytest -n "$WORKERS" --dist loadgroup -p no:cacheprovider \
        --durations=25 "$@" </dev/null || status=$?
    if ((status == 5)); then
        echo "ERROR: $name: pytest collected no tests (exit status 5): that is a failure" >&2
    elif ((status != 0)); then
        echo "ERROR: $name: pytest exited with status $status" >&2
    fi
    return "$status"
}

# A service that cannot start fails the run: the full-stack tests are never skipped.
service_failed() {
    echo "ERROR: full stack: $1 could not be started, so the full-stack run cannot happen" >&2
    section "summary"
    echo "set-up: $setup_took"
    echo "full stack: failed ($1 did not start)"
    echo "embedded default: not run"
    exit 1
}

full_result="not run"
embedded_result="not run"

if [[ "$MODE" == full || "$MODE" == both ]]; then
    section "full stack: PostgreSQL + Redis + Celery worker"
    full_started=$SECONDS
    sp_pg_start || service_failed "PostgreSQL"
    sp_redis_start || service_failed "Redis"
    export DATABASE_URL="$SP_PG_DATABASE_URL"
    # A statement running away (a bad plan) is cancelled by PostgreSQL with its SQL in the error,
    # long before the test's own time limit; no honest statement in the suite comes near it.
    export PGOPTIONS="-c statement_timeout=${SEND_PORTAL_TEST_STATEMENT_TIMEOUT:-120s}"
    export REDIS_URL="$SP_REDIS_URL"
    export CELERY_BROKER_URL="$SP_REDIS_URL"
    "$ROOT/.venv/bin/python" manage.py migrate --noinput --verbosity 0 \
        || service_failed "the database migrations on PostgreSQL"
    sp_celery_start || service_failed "the Celery worker"
    section "full stack: pytest"
    if run_pytest "full stack" "$@"; then
        full_result=passed
    else
        full_result=failed
        sp_tail "$SP_CELERY_DIR/worker.log" 30
    fi
    # Stop the services now: the embedded run must not be able to reach them.
    sp_stop_all
    unset DATABASE_URL REDIS_URL CELERY_BROKER_URL PGOPTIONS
    full_result="$full_result in $(took "$full_started") (services included)"
fi

if [[ "$MODE" == embedded || "$MODE" == both ]]; then
    section "embedded default: SQLite, eager Celery (fullstack tests deselected)"
    unset DATABASE_URL REDIS_URL CELERY_BROKER_URL
    embedded_started=$SECONDS
    if run_pytest "embedded default" -m "not fullstack" "$@"; then
        embedded_result=passed
    else
        embedded_result=failed
    fi
    embedded_result="$embedded_result in $(took "$embedded_started")"
fi

section "summary"
echo "set-up: $setup_took"
echo "full stack: $full_result"
echo "embedded default: $embedded_result"
echo "in all: $(took 0)"
[[ "$full_result" != failed* && "$embedded_result" != failed* ]]
