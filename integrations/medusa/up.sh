#!/usr/bin/env bash
# Bring a real Medusa 2.21.2 up on loopback for the contract tests, idempotently:
# database role + db, `npm ci` (from the committed lockfile), migrations, the admin user, the
# server in the background (pid file), /health, and the demo seed through the Admin API.
# Prints the variables the tests read and writes them to .run/medusa.env.
#
#   integrations/medusa/up.sh [--reset]     # --reset: stop, drop the database, start from scratch
#
# Needs Node >= 20, PostgreSQL on $PGHOST:$PGPORT (a superuser role reachable without a password,
# or `runuser -u postgres`), and Redis. Every setting below can be overridden from the environment.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUN="$HERE/.run"
mkdir -p "$RUN"

export MEDUSA_DISABLE_TELEMETRY=true
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
DB_NAME="${MEDUSA_DB_NAME:-medusa_storefront}"
DB_USER="${MEDUSA_DB_USER:-medusa}"
DB_PASSWORD="${MEDUSA_DB_PASSWORD:-medusa}"
# Medusa's own event bus (BullMQ) gets a Redis database of its own: tests flush theirs.
export REDIS_URL="${MEDUSA_REDIS_URL:-redis://127.0.0.1:6379/8}"
export STOREFRONT_EVENTS_REDIS_URL="${STOREFRONT_EVENTS_REDIS_URL:-$REDIS_URL}"
export DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@$PGHOST:$PGPORT/$DB_NAME"
ADMIN_EMAIL="${MEDUSA_ADMIN_EMAIL:-admin@example.com}"
ADMIN_PASSWORD="${MEDUSA_ADMIN_PASSWORD:-supersecret}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
PID_FILE="$RUN/medusa.pid"
LOG_FILE="$RUN/medusa.log"
MEDUSA="$HERE/node_modules/.bin/medusa"

log() { printf '== real medusa: %s\n' "$*" >&2; }
now() { date +%s%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# Run SQL as a Postgres superuser: over TCP when trust allows it, else as the postgres OS user.
pg_admin() {
  if psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atqc "$1"
  else
    runuser -u postgres -- psql -p "$PGPORT" -d postgres -v ON_ERROR_STOP=1 -Atqc "$1"
  fi
}

# psql as the Medusa role, on its database.
pg_medusa() {
  PGPASSWORD="$DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d "$DB_NAME" -Atqc "$1"
}

ensure_database() {
  if [ -z "$(pg_admin "select 1 from pg_roles where rolname = '$DB_USER'")" ]; then
    pg_admin "create role $DB_USER login password '$DB_PASSWORD' createdb"
  fi
  if [ -z "$(pg_admin "select 1 from pg_database where datname = '$DB_NAME'")" ]; then
    pg_admin "create database $DB_NAME owner $DB_USER"
  fi
}

# `npm ci` only when node_modules is missing or older than the lockfile (it deletes node_modules).
ensure_node_modules() {
  local stamp="$HERE/node_modules/.package-lock.json"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$HERE/package-lock.json" ]; then return; fi
  local start; start=$(now)
  (cd "$HERE" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
  log "npm ci took $(took "$start") s"
}

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

healthy() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1/health"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The port of a running server (from its env file), else MEDUSA_PORT, else 9300 or a free port.
choose_port() {
  if running && [ -f "$RUN/port" ]; then cat "$RUN/port"; return; fi
  local port="${MEDUSA_PORT:-9300}"
  if [ -z "${MEDUSA_PORT:-}" ] && ! port_free "$port"; then
    port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  fi
  echo "$port"
}

migrate() {
  local start; start=$(now)
  (cd "$HERE" && "$MEDUSA" db:migrate >"$RUN/migrate.log" 2>&1) || {
    tail -40 "$RUN/migrate.log" >&2; exit 1; }
  log "db:migrate took $(took "$start") s"
}

# `medusa user` exits 1 when the email exists, so look in the user table first.
ensure_admin() {
  if [ -n "$(pg_medusa "select 1 from \"user\" where email = '$ADMIN_EMAIL' and deleted_at is null")" ]; then return; fi
  (cd "$HERE" && "$MEDUSA" user -e "$ADMIN_EMAIL" -p "$ADMIN_PASSWORD" >"$RUN/user.log" 2>&1) || {
    cat "$RUN/user.log" >&2; exit 1; }
}

start_server() {
  local port=$1 start; start=$(now)
  # `$!` is the node server itself: `.bin/medusa` is a node script and `medusa start` forks nothing.
  cd "$HERE"
  setsid "$MEDUSA" start -H 127.0.0.1 -p "$port" >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  cd - >/dev/null
  echo "$port" >"$RUN/port"
  for _ in $(seq 300); do
    if healthy "$port"; then log "start -> /health took $(took "$start") s"; return; fi
    if ! running; then tail -40 "$LOG_FILE" >&2; log "medusa exited during start"; exit 1; fi
    sleep 0.2
  done
  tail -40 "$LOG_FILE" >&2; log "no /health answer on port $port after 60 s"; exit 1
}

main() {
  if [ "${1:-}" = "--reset" ]; then
    "$HERE/down.sh" --drop
  fi
  ensure_database
  ensure_node_modules
  local port; port=$(choose_port)
  if running && healthy "$port"; then
    log "already running on port $port (pid $(cat "$PID_FILE"))"
  else
    "$HERE/down.sh" >/dev/null 2>&1 || true   # a stale pid file or a half-started server
    migrate
    ensure_admin
    start_server "$port"
  fi
  local start; start=$(now)
  "$PYTHON" "$HERE/seed.py" --url "http://127.0.0.1:$port" --email "$ADMIN_EMAIL" \
    --password "$ADMIN_PASSWORD" --events-redis-url "$STOREFRONT_EVENTS_REDIS_URL" \
    --env-file "$RUN/medusa.env"
  log "seed took $(took "$start") s"
  cat "$RUN/medusa.env"
}

main "$@"
