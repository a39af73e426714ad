# shellcheck shell=bash
# Shared by deploy/test.sh, deploy/run.sh and the benchmarks (sourced, not run): the PostgreSQL helpers, free ports.
# PostgreSQL refuses to run as root, so every server command runs as the `postgres` OS user.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# Finds swift when PATH does not have it yet (a non-login shell on a fresh machine).
ensure_swift_on_path() {
    if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    command -v swift >/dev/null 2>&1 || { echo "swift not found (expected under /opt/swift)" >&2; exit 1; }
}

# pg_as_postgres CMD ARGS...: runs a PostgreSQL binary as the postgres user.
pg_as_postgres() {
    local command=$1
    shift
    runuser -u postgres -- "$PG_BIN/$command" "$@"
}

# pg_start DATA SOCKET_DIR PORT LOG: starts a server that listens on a Unix socket only.
# listen_addresses='' opens no TCP port, so the port number only names the socket file
# (SOCKET_DIR/.s.PGSQL.PORT) and cannot collide with another server outside SOCKET_DIR.
pg_start() {
    local data=$1 sockets=$2 port=$3 log=$4 extra=${5:-}
    pg_as_postgres pg_ctl -D "$data" -l "$log" -w -t 60 \
        -o "-k $sockets -p $port -c listen_addresses='' $extra" start >/dev/null || {
        echo "PostgreSQL did not start; its log ($log):" >&2
        tail -n 40 "$log" >&2 || true
        return 1
    }
}

# pg_initdb DATA: a new cluster whose local connections need no password (trust), owned by
# the postgres role. C.UTF-8 is always present on Debian, whatever locale the caller has.
pg_initdb() {
    pg_as_postgres initdb -D "$1" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
}

# A TCP port on 127.0.0.1 that nothing listens on now (benchmarks start their own servers).
free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "free_port: no free port found" >&2
    return 1
}
