# shellcheck shell=bash
# Throwaway services for the test run: PostgreSQL, Redis and a Celery worker.
#
# Sourced by scripts/test.sh (bash, `set -euo pipefail`). Each start function fails loudly (message,
# log tail, non-zero status) rather than let tests run without its service, and checks each step
# itself, so `sp_pg_start || ...` (where set -e is off) is safe. Each stop function stops only
# what this shell started, by pid or pid file, never by process name, and is safe to call twice.
# To try them by hand:
#
#   bash -c 'source scripts/services.sh; sp_pg_start; sp_redis_start; sp_stop_all'

SP_ROOT="${SP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
SP_PG_DIR=""
SP_PG_PORT=""
SP_PG_BINDIR=""
SP_REDIS_DIR=""
SP_REDIS_PORT=""
SP_CELERY_DIR=""
SP_CELERY_PID=""
SP_CELERY_APP="${SP_CELERY_APP:-send_portal}"

sp_say() { printf '==> %s\n' "$*"; }
sp_err() { printf 'ERROR: %s\n' "$*" >&2; }

# Print the last lines of a log file to stderr, if it exists.
sp_tail() {
    if [[ -f "$1" ]]; then
        printf -- '---- last lines of %s ----\n' "$1" >&2
        tail -n "${2:-40}" "$1" >&2 || true
        printf -- '----\n' >&2
    fi
}

# sp_free_port START: print the first port from START upwards that nothing listens on
# (127.0.0.1 or all addresses).
sp_free_port() {
    local port="$1" last=$(($1 + 100))
    while ((port < last)); do
        if python3 - "$port" 2>/dev/null <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# As the servers do: a port whose old connections are in TIME_WAIT is free to listen on.
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
finally:
    s.close()
EOF
        then
            echo "$port"
            return 0
        fi
        port=$((port + 1))
    done
    sp_err "no free TCP port on 127.0.0.1 between $1 and $((last - 1))"
    return 1
}

# sp_wait_gone PID SECONDS: wait for a process to exit; status 1 if it is still there.
sp_wait_gone() {
    local pid="$1" tries=$(($2 * 10))
    while ((tries-- > 0)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    ! kill -0 "$pid" 2>/dev/null
}

# sp_kill_pidfile FILE NAME: TERM the process in FILE, wait, then KILL it if it will not go.
sp_kill_pidfile() {
    local file="$1" name="$2" pid
    [[ -s "$file" ]] || return 0
    pid="$({ tr -dc '0-9' <"$file"; } 2>/dev/null || true)"
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        if ! sp_wait_gone "$pid" 20; then
            sp_err "$name (pid $pid) ignored SIGTERM for 20 s: sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sp_wait_gone "$pid" 5 || true
        fi
    fi
}

# --- PostgreSQL ------------------------------------------------------------------------------

# The directory holding initdb and pg_ctl: pg_config's, else the newest /usr/lib/postgresql/*/bin.
sp_pg_bindir() {
    local dir=""
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
    fi
    if [[ -z "$dir" || ! -x "$dir/initdb" || ! -x "$dir/pg_ctl" ]]; then
        dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null \
            | sort -V | tail -n 1)"
    fi
    if [[ -z "$dir" || ! -x "$dir/initdb" || ! -x "$dir/pg_ctl" ]]; then
        return 1
    fi
    echo "$dir"
}

# Run a PostgreSQL server binary as the postgres user (initdb and pg_ctl refuse to run as root).
sp_as_pg() {
    if ((EUID == 0)); then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Start a throwaway cluster on a free port (from SEND_PORTAL_PG_PORT, default 54329) with a role
# and database `send_portal` (trust login, CREATEDB for pytest-django's test databases).
sp_pg_start() {
    if ! SP_PG_BINDIR="$(sp_pg_bindir)"; then
        sp_err "PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql-15"
        return 1
    fi
    SP_PG_PORT="$(sp_free_port "${SEND_PORTAL_PG_PORT:-54329}")" || return 1
    SP_PG_DIR="/tmp/send_portal_pg.$$"
    rm -rf "$SP_PG_DIR" || return 1
    if ((EUID == 0)); then
        if ! id postgres >/dev/null 2>&1; then
            sp_err "running as root but there is no 'postgres' user to run the server as"
            return 1
        fi
        # The postgres user cannot enter root's home: the cluster lives under /tmp.
        install -d -o postgres -g postgres -m 700 "$SP_PG_DIR" || return 1
    else
        install -d -m 700 "$SP_PG_DIR" || return 1
    fi

    sp_say "PostgreSQL: initdb in $SP_PG_DIR ($("$SP_PG_BINDIR/postgres" --version))"
    if ! sp_as_pg "$SP_PG_BINDIR/initdb" -D "$SP_PG_DIR/data" -A trust -U postgres \
        -E UTF8 --no-locale >"$SP_PG_DIR/initdb.log" 2>&1; then
        sp_err "initdb failed"
        sp_tail "$SP_PG_DIR/initdb.log"
        return 1
    fi

    sp_say "PostgreSQL: starting on 127.0.0.1:$SP_PG_PORT"
    if ! sp_as_pg "$SP_PG_BINDIR/pg_ctl" -D "$SP_PG_DIR/data" -l "$SP_PG_DIR/postgres.log" \
        -w -t 60 \
        -o "-p $SP_PG_PORT -c listen_addresses=127.0.0.1 -k $SP_PG_DIR -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >"$SP_PG_DIR/pg_ctl.log" 2>&1; then
        sp_err "PostgreSQL did not start on port $SP_PG_PORT"
        sp_tail "$SP_PG_DIR/pg_ctl.log"
        sp_tail "$SP_PG_DIR/postgres.log"
        return 1
    fi
    local tries=100
    until "$SP_PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$SP_PG_PORT"; do
        if ((tries-- <= 0)); then
            sp_err "PostgreSQL started but does not accept connections on port $SP_PG_PORT"
            sp_tail "$SP_PG_DIR/postgres.log"
            return 1
        fi
        sleep 0.1
    done

    local psql=("$SP_PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$SP_PG_PORT"
        -U postgres -d postgres)
    if ! "${psql[@]}" -c "CREATE ROLE send_portal LOGIN CREATEDB" \
        -c "CREATE DATABASE send_portal OWNER send_portal" >"$SP_PG_DIR/psql.log" 2>&1; then
        sp_err "could not create the send_portal role and database"
        sp_tail "$SP_PG_DIR/psql.log"
        return 1
    fi
    export SP_PG_DATABASE_URL="postgres://send_portal@127.0.0.1:$SP_PG_PORT/send_portal"
    sp_say "PostgreSQL: ready ($SP_PG_DATABASE_URL)"
}

sp_pg_stop() {
    [[ -n "$SP_PG_DIR" && -d "$SP_PG_DIR" ]] || return 0
    if [[ -f "$SP_PG_DIR/data/postmaster.pid" ]]; then
        local pid
        pid="$(head -n 1 "$SP_PG_DIR/data/postmaster.pid" | tr -dc '0-9')"
        if ! sp_as_pg "$SP_PG_BINDIR/pg_ctl" -D "$SP_PG_DIR/data" -m fast -w -t 30 stop \
            >>"$SP_PG_DIR/pg_ctl.log" 2>&1; then
            sp_err "pg_ctl stop failed: stopping the postmaster (pid $pid) by signal"
            sp_tail "$SP_PG_DIR/pg_ctl.log" 10
            if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
                kill -QUIT "$pid" 2>/dev/null || true
                sp_wait_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
        sp_say "PostgreSQL: stopped"
    fi
    rm -rf "$SP_PG_DIR"
    SP_PG_DIR=""
}

# --- Redis -----------------------------------------------------------------------------------

# Start redis-server on a free port (from SEND_PORTAL_REDIS_PORT, default 6390), no persistence.
sp_redis_start() {
    local missing=()
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    command -v redis-cli >/dev/null 2>&1 || missing+=(redis-cli)
    if ((${#missing[@]})); then
        sp_err "not found: ${missing[*]} (Debian package redis-server)"
        return 1
    fi
    SP_REDIS_PORT="$(sp_free_port "${SEND_PORTAL_REDIS_PORT:-6390}")" || return 1
    SP_REDIS_DIR="$(mktemp -d /tmp/send_portal_redis.XXXXXX)" || return 1
    sp_say "Redis: starting on 127.0.0.1:$SP_REDIS_PORT ($(redis-server --version | cut -d' ' -f1-3))"
    if ! redis-server --bind 127.0.0.1 --port "$SP_REDIS_PORT" --save "" --appendonly no \
        --daemonize yes --dir "$SP_REDIS_DIR" --pidfile "$SP_REDIS_DIR/redis.pid" \
        --logfile "$SP_REDIS_DIR/redis.log" >"$SP_REDIS_DIR/start.log" 2>&1; then
        sp_err "redis-server did not start"
        sp_tail "$SP_REDIS_DIR/start.log"
        sp_tail "$SP_REDIS_DIR/redis.log"
        return 1
    fi
    local tries=100
    until [[ "$(redis-cli -h 127.0.0.1 -p "$SP_REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]; do
        if ((tries-- <= 0)); then
            sp_err "Redis does not answer PING on port $SP_REDIS_PORT"
            sp_tail "$SP_REDIS_DIR/redis.log"
            return 1
        fi
        sleep 0.1
    done
    # --daemonize writes the pid file just after forking: make sure it is there for the stop.
    tries=50
    until [[ -s "$SP_REDIS_DIR/redis.pid" ]]; do
        if ((tries-- <= 0)); then
            sp_err "Redis answers on port $SP_REDIS_PORT but wrote no pid file"
            return 1
        fi
        sleep 0.1
    done
    export SP_REDIS_URL="redis://127.0.0.1:$SP_REDIS_PORT/0"
    sp_say "Redis: ready ($SP_REDIS_URL)"
}

sp_redis_stop() {
    [[ -n "$SP_REDIS_DIR" && -d "$SP_REDIS_DIR" ]] || return 0
    if [[ -s "$SP_REDIS_DIR/redis.pid" ]]; then
        sp_kill_pidfile "$SP_REDIS_DIR/redis.pid" redis-server
        sp_say "Redis: stopped"
    fi
    rm -rf "$SP_REDIS_DIR"
    SP_REDIS_DIR=""
}

# --- Celery worker ---------------------------------------------------------------------------

# Start a detached Celery worker for $SP_CELERY_APP against the current environment
# (DATABASE_URL, CELERY_BROKER_URL...). `--detach` returns before the pid file exists: wait for it,
# then for the worker to answer a ping through the broker.
sp_celery_start() {
    local celery="$SP_ROOT/.venv/bin/celery"
    if [[ ! -x "$celery" ]]; then
        sp_err "$celery not found: run scripts/setup.sh"
        return 1
    fi
    SP_CELERY_DIR="$(mktemp -d /tmp/send_portal_celery.XXXXXX)" || return 1
    sp_say "Celery: starting a worker for '$SP_CELERY_APP' (broker ${CELERY_BROKER_URL:-unset})"
    if ! "$celery" --workdir "$SP_ROOT" -A "$SP_CELERY_APP" worker --loglevel=INFO --pool=solo \
        --hostname "send_portal_test_$$@%h" --detach \
        --pidfile="$SP_CELERY_DIR/worker.pid" --logfile="$SP_CELERY_DIR/worker.log" \
        >"$SP_CELERY_DIR/start.log" 2>&1; then
        sp_err "celery worker --detach failed"
        sp_tail "$SP_CELERY_DIR/start.log"
        sp_tail "$SP_CELERY_DIR/worker.log"
        return 1
    fi
    # The pid file appears, disappears (celery checks it is not stale) and appears again when the
    # worker has loaded: the pid is the same throughout (the detached process execs the worker),
    # so keep it here too, for the stop.
    local deadline=$((SECONDS + 30)) pid=""
    while [[ -z "$pid" ]]; do
        pid="$({ tr -dc '0-9' <"$SP_CELERY_DIR/worker.pid"; } 2>/dev/null || true)"
        [[ -n "$pid" ]] && break
        if ((SECONDS >= deadline)); then
            sp_err "the Celery worker wrote no pid file within 30 s"
            sp_tail "$SP_CELERY_DIR/start.log"
            sp_tail "$SP_CELERY_DIR/worker.log"
            return 1
        fi
        sleep 0.1
    done
    SP_CELERY_PID="$pid"
    # Running is not enough: it must be connected to the broker and answering.
    local node="send_portal_test_$$@" replies=""
    deadline=$((SECONDS + 60))
    while true; do
        if ! kill -0 "$pid" 2>/dev/null; then
            sp_err "the Celery worker (pid $pid) exited while starting"
            sp_tail "$SP_CELERY_DIR/worker.log"
            return 1
        fi
        replies="$("$celery" --workdir "$SP_ROOT" -A "$SP_CELERY_APP" inspect ping --timeout 2 \
            2>&1 || true)"
        [[ "$replies" == *"$node"*OK* ]] && break
        if ((SECONDS >= deadline)); then
            sp_err "the Celery worker (pid $pid) does not answer a ping through the broker"
            printf '%s\n' "$replies" | tail -n 5 >&2
            sp_tail "$SP_CELERY_DIR/worker.log"
            return 1
        fi
        sleep 0.5
    done
    sp_say "Celery: worker running and answering (pid $pid, log $SP_CELERY_DIR/worker.log)"
}

sp_celery_stop() {
    [[ -n "$SP_CELERY_DIR" && -d "$SP_CELERY_DIR" ]] || return 0
    if [[ -s "$SP_CELERY_DIR/worker.pid" ]]; then
        sp_kill_pidfile "$SP_CELERY_DIR/worker.pid" "celery worker"
        sp_say "Celery: worker stopped"
    elif [[ -n "$SP_CELERY_PID" ]] && kill -0 "$SP_CELERY_PID" 2>/dev/null; then
        # Stopped while its pid file was briefly absent: use the pid read while it was there.
        echo "$SP_CELERY_PID" >"$SP_CELERY_DIR/worker.pid"
        sp_kill_pidfile "$SP_CELERY_DIR/worker.pid" "celery worker"
        sp_say "Celery: worker stopped"
    fi
    rm -rf "$SP_CELERY_DIR"
    SP_CELERY_DIR=""
    SP_CELERY_PID=""
}

# Stop everything started from this shell, newest first. Never fails.
sp_stop_all() {
    sp_celery_stop || true
    sp_redis_stop || true
    sp_pg_stop || true
}
