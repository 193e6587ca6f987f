#!/usr/bin/env bash
# The one entry point for people and CI.
#   scripts/orders.sh up     PostgreSQL + RabbitMQ, migrations, then the services in the foreground (Ctrl-C stops them)
#   scripts/orders.sh test   every test, against real PostgreSQL and RabbitMQ; ends with "N passed, N failed"
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
run_dir="$root/.run"
configuration="${ORDERS_CONFIGURATION:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[orders] %s\n' "$*" >&2; }

wait_http() { # url, seconds, extra curl args...
  local url="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until curl -fsS -o /dev/null "$@" "$url" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

up() {
  # The local run is development: development keys and passwords (a Production host refuses them).
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
  "$here/services.sh" up
  log "building ($configuration)"
  dotnet build "$root/Orders.sln" -c "$configuration" -v quiet -nologo
  log "applying migrations"
  dotnet run --no-build -c "$configuration" --project "$root/migrations"

  mkdir -p "$run_dir/logs"
  local pids=()
  stop_all() {
    trap - INT TERM EXIT
    if [ "${#pids[@]}" -gt 0 ]; then
      log "stopping ${#pids[@]} service(s)"
      kill "${pids[@]}" 2>/dev/null || true
      wait "${pids[@]}" 2>/dev/null || true
    fi
  }
  trap stop_all INT TERM EXIT

  start_service() { # name, project, ready-url, extra curl args...
    local name="$1" project="$2" url="$3"; shift 3
    log "starting $name, log: .run/logs/$name.log"
    dotnet run --no-build -c "$configuration" --project "$root/$project" --no-launch-profile \
      >"$run_dir/logs/$name.log" 2>&1 &
    pids+=("$!")
    if ! wait_http "$url" 90 "$@"; then
      log "$name did not become ready; last lines of its log:"
      tail -n 30 "$run_dir/logs/$name.log" >&2
      exit 1
    fi
  }

  start_service inventory Orders.Inventory http://localhost:5090/health/ready --http2-prior-knowledge
  start_service workers Orders.Workers http://localhost:5070/health/ready
  start_service api Orders.Api http://localhost:5080/health/ready

  local token
  token="$(dotnet "$root/Orders.Api/bin/$configuration/net10.0/Orders.Api.dll" token customer-1 | tail -n 1)"

  cat <<MSG

Orders is up.
  Api        http://localhost:5080   (OpenAPI: /openapi/v1.json, API page: /scalar; health: /health/live, /health/ready)
  Workers    http://localhost:5070   (health: /health/live, /health/ready)
  Inventory  http://localhost:5090   (gRPC over h2c; reflection on)
  Postgres   127.0.0.1:5432  database "orders", role "orders"
  RabbitMQ   amqp://127.0.0.1:5672, management http://127.0.0.1:15672 (orders/orders)

A development token for customer-1 (mint others: dotnet run --project Orders.Api -- token <customer>):
  export TOKEN=$token

Place an order, then follow it:
  curl -s -X POST http://localhost:5080/orders -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -H "Idempotency-Key: \$(uuidgen 2>/dev/null || date +%s%N)" \\
    -d '{"items":[{"sku":"SKU-0001","quantity":2}],"payment":{"token":"tok_visa"},"shippingAddress":{"name":"Ada Lovelace","line1":"12 Analytical St","city":"London","postalCode":"N1 9GU","country":"GB"}}'
  curl -s http://localhost:5080/orders/<orderId> -H "Authorization: Bearer \$TOKEN"

Logs in .run/logs/. Ctrl-C stops the services started here (PostgreSQL and RabbitMQ keep running: scripts/services.sh down).
MSG
  wait "${pids[@]}"
}

run_tests() {
  "$here/services.sh" up
  local results="$run_dir/test-results"
  rm -rf "$results"
  mkdir -p "$results"
  log "building ($configuration)"
  dotnet build "$root/Orders.sln" -c "$configuration" -v quiet -nologo
  log "running tests"
  local status=0
  # Test assemblies run in parallel against the shared servers; tests that stop a server run alone afterwards.
  dotnet test "$root/Orders.sln" -c "$configuration" --no-build --nologo --filter "TestCategory!=Disruptive" \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?
  log "running tests that stop and restart a shared server"
  dotnet test "$root/Orders.Messaging.Tests" -c "$configuration" --no-build --nologo --filter "TestCategory=Disruptive" \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?

  # Count from the test results themselves, not from console text.
  local passed=0 failed=0 skipped=0 files=0
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    files=$((files + 1))
    local counters
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
    attr() { local v; v="$(printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p")"; echo "${v:-0}"; }
    passed=$((passed + $(attr passed)))
    failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
    skipped=$((skipped + $(attr notExecuted)))
  done
  if [ "$files" -eq 0 ]; then
    log "no test results were written"
    status=1
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then status=1; fi
  return "$status"
}

case "${1:-}" in
  up) up ;;
  test) shift; run_tests "$@" ;;
  *) echo "usage: $0 up|test [dotnet test arguments]" >&2; exit 2 ;;
esac
