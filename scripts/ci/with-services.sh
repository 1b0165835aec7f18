#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) on loopback when
# this machine has their server binaries, and says plainly which it had to leave out:
#   scripts/ci/with-services.sh npm run test:integration
# Both servers are stopped and deleted afterwards. Exit status: the command's.
set -uo pipefail
cd "$(dirname "$0")/../.."

pg_port=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
export POSTGRES_PORT="$pg_port" POSTGRES_DATA_DIR="/tmp/workflux-services-pg-$$"
redis_dir="$(mktemp -d)"
cleanup() {
  bash scripts/ci/start-postgres.sh stop >/dev/null 2>&1 || true
  rm -rf "$POSTGRES_DATA_DIR" "$POSTGRES_DATA_DIR.log"
  if [ -s "$redis_dir/redis.pid" ]; then kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$redis_dir"
}
trap cleanup EXIT

if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
  DATABASE_URL="$(bash scripts/ci/start-postgres.sh)" || { echo "PostgreSQL failed to start" >&2; exit 1; }
  export DATABASE_URL
else
  echo "SKIPPED: the PostgreSQL-only tests (no initdb/pg_ctl on PATH); they ran on the embedded database only." >&2
fi

if command -v redis-server >/dev/null 2>&1; then
  redis_port=56379
  while (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null; do redis_port=$((redis_port + 1)); done
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export REDIS_URL="redis://127.0.0.1:$redis_port"
else
  echo "SKIPPED: the Redis-only tests (no redis-server on PATH): rate limits were tested in memory only." >&2
fi

"$@"
