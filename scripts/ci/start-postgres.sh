#!/usr/bin/env bash
# Starts a throwaway local PostgreSQL for CI and integration tests, and prints its URL on stdout
# (everything else goes to stderr), so a job can run:
#   export DATABASE_URL="$(scripts/ci/start-postgres.sh)"
#   npm run test:integration
#   scripts/ci/start-postgres.sh stop
#
# Idempotent: an existing cluster is reused, a running server is left running, and the
# `workflux_test` database is created only when missing. Trust authentication on 127.0.0.1 only,
# which is acceptable for a disposable test server and nothing else.
#   POSTGRES_PORT      port to listen on (default 55432)
#   POSTGRES_DATA_DIR  cluster directory (default /tmp/workflux-postgres-$POSTGRES_PORT)
set -euo pipefail

port="${POSTGRES_PORT:-55432}"
data_dir="${POSTGRES_DATA_DIR:-/tmp/workflux-postgres-${port}}"
log_file="${data_dir}.log"
database="workflux_test"

# PostgreSQL refuses to run as root, so root runs the server tools as the postgres user.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ "${1:-}" = "stop" ]; then
  if as_postgres pg_ctl -D "$data_dir" status >/dev/null 2>&1; then
    as_postgres pg_ctl -D "$data_dir" -m fast -w stop >&2
  else
    echo "no PostgreSQL running in $data_dir" >&2
  fi
  exit 0
fi

if [ ! -f "$data_dir/PG_VERSION" ]; then
  mkdir -p "$data_dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data_dir"; fi
  as_postgres initdb -D "$data_dir" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >&2
fi

if ! as_postgres pg_ctl -D "$data_dir" status >/dev/null 2>&1; then
  touch "$log_file"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$log_file"; fi
  as_postgres pg_ctl -D "$data_dir" -l "$log_file" -w \
    -o "-p ${port} -k /tmp -c listen_addresses=127.0.0.1" start >&2
fi

psql_admin=(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq)
if [ "$("${psql_admin[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '${database}'")" != "1" ]; then
  "${psql_admin[@]}" -c "CREATE DATABASE ${database}" >&2
fi

echo "postgresql://postgres@127.0.0.1:${port}/${database}"
