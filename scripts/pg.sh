# Throwaway PostgreSQL cluster for tests. Source this file, then:
#   pg_start   # initdb into a temporary directory, start on a free port, export CANHGIAC_TEST_PG
#   pg_stop    # stop the cluster and delete its directory
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$dir" ]; then
        echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2
        return 1
    fi
    echo "$dir"
}

pg_run() {
    local tool=$1
    shift
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$(pg_bin)/$tool" "$@"
    else
        "$(pg_bin)/$tool" "$@"
    fi
}

pg_start() {
    PG_DIR=$(mktemp -d /tmp/canhgiac-pg.XXXXXX)
    if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; fi
    PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    pg_run initdb -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 || {
        cat "$PG_DIR/initdb.log" >&2
        return 1
    }
    pg_run pg_ctl -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null || {
        cat "$PG_DIR/server.log" >&2
        return 1
    }
    export CANHGIAC_TEST_PG="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
    echo "PostgreSQL test cluster on port $PG_PORT ($PG_DIR)"
}

pg_stop() {
    if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
        pg_run pg_ctl -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
