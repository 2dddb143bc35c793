#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL token store's tests, the fleet tests and the FleetStorm
# benchmark: Debian's packages, `initdb` into a temporary folder (as the `postgres` user when run as root), started
# with `pg_ctl` on 127.0.0.1 on a free port, trust authentication on loopback only, no TCP listener elsewhere.
#
#   scripts/postgres.sh run -- COMMAND...   start a cluster, run COMMAND with its settings exported, stop and delete
#                                           it afterwards (also on failure or Ctrl-C): what CI uses
#   scripts/postgres.sh start               start a cluster; prints the path of its env file (source it)
#   scripts/postgres.sh stop ENVFILE        stop the cluster and delete its folder
#   scripts/postgres.sh pause ENVFILE       stop the server, keep its data (tests: "PostgreSQL stopped mid-storm")
#   scripts/postgres.sh resume ENVFILE      start it again on the same port
#
# The env file exports SCOPEDAUTH_POSTGRES_HOST, _PORT, _USER, _DATABASE (what the tests read), PGHOST/PGPORT/
# PGUSER/PGDATABASE (so `psql` just works), and SCOPEDAUTH_POSTGRES_CONTROL/_ENV (how a test pauses and resumes it).
set -euo pipefail

script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"

find_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }
    done
    if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
        echo "postgres.sh: PostgreSQL is not installed; installing it with apt-get" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
        for dir in /usr/lib/postgresql/*/bin; do
            [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }
        done
    fi
    echo "postgres.sh: no PostgreSQL found under /usr/lib/postgresql (apt-get install postgresql)" >&2
    exit 1
}

# Runs a PostgreSQL tool as the postgres user when we are root (the server refuses to run as root).
as_owner() {
    if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

server_start() {  # bin data port log
    as_owner "$1/pg_ctl" -D "$2" -l "$4" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $3 -c unix_socket_directories=$2 -c fsync=off -c max_connections=200" \
        start </dev/null >/dev/null 2>&1
}

start() {
    local bin dir port
    bin=$(find_bin)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/scopedauth-postgres.XXXXXX")
    chmod 0755 "$dir"
    mkdir "$dir/data"
    [[ $(id -u) == 0 ]] && chown postgres: "$dir" "$dir/data"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 >/dev/null
    # Loopback only: no listener but 127.0.0.1, and only loopback in pg_hba.conf.
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_owner tee "$dir/data/pg_hba.conf" >/dev/null
    local attempt
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        if server_start "$bin" "$dir/data" "$port" "$dir/server.log"; then break; fi
        [[ $attempt == 5 ]] && { cat "$dir/server.log" >&2; exit 1; }
    done
    cat >"$dir/env" <<EOF
export SCOPEDAUTH_POSTGRES_HOST=127.0.0.1
export SCOPEDAUTH_POSTGRES_PORT=$port
export SCOPEDAUTH_POSTGRES_USER=postgres
export SCOPEDAUTH_POSTGRES_DATABASE=postgres
export SCOPEDAUTH_POSTGRES_CONTROL=$script
export SCOPEDAUTH_POSTGRES_ENV=$dir/env
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
POSTGRES_BIN=$bin
POSTGRES_DIR=$dir
EOF
    echo "$dir/env"
}

load_env() {
    [[ -f "${1:-}" ]] || { echo "postgres.sh: no env file '${1:-}'" >&2; exit 2; }
    # shellcheck disable=SC1090
    source "$1"
}

stop() {
    [[ -f "${1:-}" ]] || return 0  # already stopped
    load_env "$1"
    as_owner "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$POSTGRES_DIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    pause)
        load_env "${2:-}"
        as_owner "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES_DIR/data" -m immediate -w stop >/dev/null ;;
    resume)
        load_env "${2:-}"
        server_start "$POSTGRES_BIN" "$POSTGRES_DIR/data" "$SCOPEDAUTH_POSTGRES_PORT" "$POSTGRES_DIR/server.log" ;;
    run)
        shift
        [[ "${1:-}" == "--" ]] && shift
        env_file=$(start)
        trap 'stop "$env_file"' EXIT INT TERM
        load_env "$env_file"
        echo "==> PostgreSQL $(basename "$(dirname "$POSTGRES_BIN")") on 127.0.0.1:$SCOPEDAUTH_POSTGRES_PORT (throwaway, trust on loopback)"
        "$@" ;;
    *)
        sed -n '2,16p' "$script" >&2
        exit 2 ;;
esac
