#!/usr/bin/env bash
# Local infrastructure for Orders: PostgreSQL 15 and RabbitMQ from Debian's packages, no systemd.
#   scripts/services.sh up      install what is missing, start both, create the role/database/user, wait until ready
#   scripts/services.sh down    stop both
#   scripts/services.sh status  say what is running
# Where a Docker engine answers, `up`/`down` use `docker compose` with compose.yaml instead.
# Idempotent: a second `up` finds everything running and returns quickly with exit code 0.
set -euo pipefail

PG_VERSION=15
PG_CLUSTER=main
PG_PORT="${ORDERS_PG_PORT:-5432}"
DB_USER="${ORDERS_DB_USER:-orders}"
DB_PASSWORD="${ORDERS_DB_PASSWORD:-orders}"
DB_NAME="${ORDERS_DB_NAME:-orders}"
DB_SERVICE_PASSWORD="${ORDERS_DB_SERVICE_PASSWORD:-orders}"
MQ_USER="${ORDERS_MQ_USER:-orders}"
MQ_PASSWORD="${ORDERS_MQ_PASSWORD:-orders}"
WAIT_SECONDS="${ORDERS_SERVICES_WAIT:-90}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { as_root runuser -u postgres -- "$@"; }

docker_engine() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  log "installing $*"
  # policy-rc.d stops the packages' maintainer scripts from starting daemons; we start them ourselves below.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
    created_policy=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  if [ "$created_policy" -eq 1 ]; then as_root rm -f "$policy"; fi
}

wait_for() { # description, command...
  local what="$1"; shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "$what did not become ready within ${WAIT_SECONDS}s"
    sleep 1
  done
}

# ---------------------------------------------------------------- PostgreSQL
pg_installed() { [ -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ]; }
pg_running() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; }
pg_ready() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }
psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@"; }

postgres_up() {
  pg_installed || apt_install "postgresql-$PG_VERSION" postgresql-client-common postgresql-contrib
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER"; then
    as_root pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >/dev/null
  fi
  if ! pg_running; then
    log "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
  fi
  wait_for "PostgreSQL" pg_ready
  # Test assemblies, the services they start and the load benchmark run side by side: 100 connections are too few.
  if [ "$(psql_admin -tAc "SHOW max_connections")" -lt 300 ]; then
    log "raising max_connections to 300 (restarts PostgreSQL)"
    psql_admin -c "ALTER SYSTEM SET max_connections = 300"
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
    wait_for "PostgreSQL" pg_ready
  fi
  # The development role may create databases: every test class makes its own and drops it.
  if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
    log "creating role $DB_USER"
    psql_admin -c "CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
  fi
  # Test fixtures drop their databases WITH (FORCE): this lets them end the connections of other roles too.
  psql_admin -c "GRANT pg_signal_backend TO \"$DB_USER\"" >/dev/null
  # One login role per service (orders_api, orders_inventory, orders_workers), owning nothing; the migrator grants them
  # their schemas.
  psql_admin -v service_password="$DB_SERVICE_PASSWORD" <"$root/scripts/service-roles.sql" >/dev/null
  if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
    log "creating database $DB_NAME"
    psql_admin -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\""
  fi
}

postgres_down() {
  if pg_installed && pg_running; then
    log "stopping PostgreSQL"
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop
  fi
}

# ---------------------------------------------------------------- RabbitMQ
mq_installed() { command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ]; }
rabbitmqctl() { as_root /usr/sbin/rabbitmqctl "$@"; }
mq_running() { rabbitmqctl -q status >/dev/null 2>&1; }
mq_ready() { rabbitmqctl -q await_startup --timeout 5 && mq_management_ready; }
mq_management_ready() { curl -fsS -o /dev/null -u "guest:guest" http://127.0.0.1:15672/api/overview || curl -fsS -o /dev/null -u "$MQ_USER:$MQ_PASSWORD" http://127.0.0.1:15672/api/overview; }

rabbitmq_up() {
  mq_installed || apt_install rabbitmq-server
  command -v curl >/dev/null 2>&1 || apt_install curl ca-certificates
  # Offline enabling writes the plugins file only; it takes effect when the node starts.
  as_root /usr/sbin/rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
  if ! mq_running; then
    log "starting RabbitMQ"
    as_root /usr/sbin/rabbitmq-server -detached >/dev/null 2>&1 || true
  fi
  wait_for "RabbitMQ" mq_ready
  if ! rabbitmqctl -q list_users | awk '{print $1}' | grep -qx "$MQ_USER"; then
    log "creating RabbitMQ user $MQ_USER"
    rabbitmqctl -q add_user "$MQ_USER" "$MQ_PASSWORD" >/dev/null
  fi
  # Development user: administrator, so that test fixtures can create and delete one virtual host per test class.
  rabbitmqctl -q set_user_tags "$MQ_USER" administrator >/dev/null
  rabbitmqctl -q set_permissions -p / "$MQ_USER" '.*' '.*' '.*' >/dev/null
  # The services' own users (orders-api, orders-workers) on their own virtual host `orders`, each allowed only the
  # exchanges and queues it uses (docs/security.md). Importing again resets them to these development settings.
  curl -fsS -o /dev/null -u "$MQ_USER:$MQ_PASSWORD" -H 'content-type: application/json' -X POST \
    --data-binary @"$root/scripts/rabbitmq-definitions.json" http://127.0.0.1:15672/api/definitions
  # Retired queues: still bound, nothing consumes them any more, so they would only fill up.
  local retired
  for retired in order-timeline order-timeline_error order-timeline_skipped; do
    rabbitmqctl -q delete_queue -p orders "$retired" >/dev/null 2>&1 || true
  done
}

rabbitmq_down() {
  if mq_installed && mq_running; then
    log "stopping RabbitMQ"
    rabbitmqctl -q shutdown >/dev/null 2>&1 || rabbitmqctl -q stop >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------------------- commands
status() {
  if pg_installed && pg_ready; then echo "postgres: up (127.0.0.1:$PG_PORT, database $DB_NAME, role $DB_USER)"; else echo "postgres: down"; fi
  if mq_installed && mq_running; then echo "rabbitmq: up (amqp://127.0.0.1:5672, management http://127.0.0.1:15672, user $MQ_USER; services on virtual host orders)"; else echo "rabbitmq: down"; fi
}

case "${1:-}" in
  up)
    if docker_engine; then
      docker compose -f "$root/compose.yaml" up -d --wait postgres rabbitmq
    else
      postgres_up
      rabbitmq_up
    fi
    status
    ;;
  down)
    if docker_engine; then docker compose -f "$root/compose.yaml" stop postgres rabbitmq; else rabbitmq_down; postgres_down; fi
    ;;
  status)
    status
    ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
