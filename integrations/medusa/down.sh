#!/usr/bin/env bash
# Stop the real Medusa that up.sh started (by its pid file). `--drop` also drops its database.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
RUN="$HERE/.run"
PID_FILE="$RUN/medusa.pid"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
DB_NAME="${MEDUSA_DB_NAME:-medusa_storefront}"

stop() {
  [ -f "$PID_FILE" ] || return 0
  local pid; pid=$(cat "$PID_FILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "stopped medusa (pid $pid)" >&2
  fi
  rm -f "$PID_FILE" "$RUN/port" "$RUN/medusa.env"
}

drop() {
  local sql="drop database if exists $DB_NAME with (force)"
  if psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -qc "$sql"
  else
    runuser -u postgres -- psql -p "$PGPORT" -d postgres -qc "$sql"
  fi
  rm -f "$RUN/secret_key"
}

stop
if [ "${1:-}" = "--drop" ]; then drop; fi
