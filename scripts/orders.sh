#!/usr/bin/env bash
# The one entry point for people and CI.
#   scripts/orders.sh up       PostgreSQL + RabbitMQ, migrations, then the services in the foreground (Ctrl-C stops them)
#   scripts/orders.sh test     every test, against real PostgreSQL and RabbitMQ; ends with "N passed, N failed"
#   scripts/orders.sh down     stops the services a previous `up` left running, then PostgreSQL and RabbitMQ
#   scripts/orders.sh status   what runs and answers, with its address; exit code 0 when everything does
#   scripts/orders.sh logs [inventory|workers|api]   follows the services' logs (all of them by default)
#   scripts/orders.sh demo [--api URL] [--token JWT]  with the system up, one order down every path, shown live
#   scripts/orders.sh soak [--minutes N]   the fault tests (worker crash, broker and database restart, scale-out), repeated
#                                          with longer streams of orders for N minutes each (default 10); by hand, not in CI
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
run_dir="$root/.run"
logs_dir="$run_dir/logs"
pids_dir="$run_dir/pids"
configuration="${ORDERS_CONFIGURATION:-Release}"
services="inventory workers api" # in start order
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[orders] %s\n' "$*" >&2; }

usage() {
  echo "usage: $0 up | test [dotnet test arguments] | soak [--minutes N] | down | status | logs [inventory|workers|api] | demo [--api URL] [--token JWT] | check [--database CONNECTION-STRING] [--stuck-after HH:MM:SS]" >&2
  exit 2
}

service_project() { case "$1" in inventory) echo Orders.Inventory ;; workers) echo Orders.Workers ;; api) echo Orders.Api ;; esac; }
service_url() { case "$1" in inventory) echo http://localhost:5090 ;; workers) echo http://localhost:5070 ;; api) echo http://localhost:5080 ;; esac; }
# Inventory's Kestrel speaks HTTP/2 only, without TLS: curl must not try HTTP/1.1 first.
service_curl() { case "$1" in inventory) echo --http2-prior-knowledge ;; esac; }
service_assembly() { local project; project="$(service_project "$1")"; echo "$root/$project/bin/$configuration/net10.0/$project.dll"; }

answers() { # name, path: whether the service answers it now
  # shellcheck disable=SC2046 # the extra curl argument is a word or nothing
  curl -fsS -o /dev/null --max-time 3 $(service_curl "$1") "$(service_url "$1")$2" 2>/dev/null
}

wait_ready() { # name, seconds
  local deadline=$((SECONDS + $2))
  until answers "$1" /health/ready; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# The pid `up` recorded for a service, printed only while that process still runs the service: pids are reused, and
# a pid file must never lead to stopping a process this script did not start.
tracked_pid() { # name
  local file pid args
  file="$pids_dir/$1.pid"
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  [ -n "$pid" ] && args="$(ps -o args= -p "$pid" 2>/dev/null)" || return 1
  case "$args" in *"$(service_project "$1").dll"*) echo "$pid" ;; *) return 1 ;; esac
}

up() {
  # The local run is development: development keys and passwords (a Production host refuses them).
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
  # Another copy on the same ports would answer the readiness checks in place of the services started here.
  local name busy=""
  for name in $services; do
    if tracked_pid "$name" >/dev/null || answers "$name" /health/live; then busy="$busy $name"; fi
  done
  if [ -n "$busy" ]; then
    log "already running:$busy (scripts/orders.sh status); stop it first: scripts/orders.sh down, or Ctrl-C in the terminal of its up"
    exit 1
  fi

  "$here/services.sh" up
  log "building ($configuration)"
  dotnet build "$root/Orders.sln" -c "$configuration" -v quiet -nologo
  log "applying migrations"
  dotnet run --no-build -c "$configuration" --project "$root/migrations"

  mkdir -p "$logs_dir" "$pids_dir"
  local names=() pids=()
  stop_all() {
    trap - INT TERM EXIT
    if [ "${#pids[@]}" -gt 0 ]; then
      log "stopping ${#pids[@]} service(s)"
      kill "${pids[@]}" 2>/dev/null || true
      wait "${pids[@]}" 2>/dev/null || true
      local stopped
      for stopped in "${names[@]}"; do rm -f "$pids_dir/$stopped.pid"; done
    fi
  }
  trap stop_all EXIT
  trap 'stop_all; exit 130' INT TERM

  start_service() { # name
    local name="$1" assembly
    assembly="$(service_assembly "$name")"
    log "starting $name, log: .run/logs/$name.log"
    # The built assembly itself, from beside it as a deployment runs it: its pid is the service's own (a `dotnet run`
    # in between would leave the service running when stopped), and its settings files are found from any directory.
    (cd "$(dirname "$assembly")" && exec dotnet "$assembly") >"$logs_dir/$name.log" 2>&1 &
    names+=("$name")
    pids+=("$!")
    echo "$!" >"$pids_dir/$name.pid"
    if ! wait_ready "$name" 90; then
      log "$name did not become ready; last lines of its log:"
      tail -n 30 "$logs_dir/$name.log" >&2
      exit 1
    fi
  }

  for name in $services; do start_service "$name"; done

  local token
  token="$(dotnet "$(service_assembly api)" token customer-1 | tail -n 1)"

  cat <<MSG

Orders is up.
  Api        http://localhost:5080   (OpenAPI: /openapi/v1.json, API page: /scalar; health: /health/live, /health/ready)
  Workers    http://localhost:5070   (health: /health/live, /health/ready)
  Inventory  http://localhost:5090   (gRPC over h2c; reflection on; /metrics and health over HTTP/1.1 on :5091)
  Postgres   127.0.0.1:5432  database "orders", owner "orders"; services as orders_api, orders_inventory, orders_workers
  RabbitMQ   amqp://127.0.0.1:5672, virtual host "orders" (users orders-api, orders-workers); management http://127.0.0.1:15672 (orders/orders)

Every path an order can take, live (from another terminal):  scripts/orders.sh demo

A development token for customer-1 (mint others: dotnet run --project Orders.Api -- token <customer>):
  export TOKEN=$token

Place an order, then follow it:
  curl -s -X POST http://localhost:5080/orders -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -H "Idempotency-Key: \$(uuidgen 2>/dev/null || date +%s%N)" \\
    -d '{"items":[{"sku":"SKU-0001","quantity":2}],"payment":{"token":"tok_visa"},"shippingAddress":{"name":"Ada Lovelace","line1":"12 Analytical St","city":"London","postalCode":"N1 9GU","country":"GB"}}'
  curl -s http://localhost:5080/orders/<orderId> -H "Authorization: Bearer \$TOKEN"

Logs: scripts/orders.sh logs [api]. Ctrl-C stops the services started here; PostgreSQL and RabbitMQ keep running
(scripts/orders.sh down stops them, and whatever an interrupted up left behind).
MSG

  # Until Ctrl-C, or until a service stops on its own: then the others stop too, so nothing is left half-running.
  local i code
  while true; do
    for i in "${!pids[@]}"; do
      if ! kill -0 "${pids[$i]}" 2>/dev/null; then
        code=0
        wait "${pids[$i]}" || code=$?
        log "${names[$i]} stopped (exit code $code); last lines of its log:"
        tail -n 15 "$logs_dir/${names[$i]}.log" >&2
        exit 1
      fi
    done
    sleep 1
  done
}

down() {
  local name pid stopped=0
  # The reverse of the start order: the Api stops taking orders before what serves them goes.
  for name in api workers inventory; do
    if pid="$(tracked_pid "$name")"; then
      log "stopping $name (pid $pid)"
      kill "$pid" 2>/dev/null || true
      local deadline=$((SECONDS + 30))
      while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then
        log "$name did not stop within 30 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
      stopped=$((stopped + 1))
    fi
    rm -f "$pids_dir/$name.pid"
  done
  [ "$stopped" -gt 0 ] || log "no service left running by up"
  "$here/services.sh" down
}

status() {
  local infrastructure name url pid state note problems=0
  infrastructure="$("$here/services.sh" status)"
  echo "$infrastructure"
  problems=$(printf '%s\n' "$infrastructure" | grep -c ': down' || true)
  for name in $services; do
    url="$(service_url "$name")"
    if answers "$name" /health/ready; then state="ready"
    elif answers "$name" /health/live; then state="running, not ready"; problems=$((problems + 1))
    else state="down"; problems=$((problems + 1))
    fi
    case "$name" in
      inventory) note=", gRPC over h2c" ;;
      api) note=", API page $url/scalar" ;;
      *) note="" ;;
    esac
    if pid="$(tracked_pid "$name")"; then note="$note; pid $pid, started by up"; fi
    echo "$name: $state ($url/health/ready$note)"
  done
  [ "$problems" -eq 0 ]
}

logs() {
  local files=() name
  if [ $# -gt 0 ]; then
    case "$1" in inventory|workers|api) files=("$logs_dir/$1.log") ;; *) usage ;; esac
  else
    for name in $services; do files+=("$logs_dir/$name.log"); done
  fi
  if [ ! -d "$logs_dir" ]; then
    log "no logs yet: scripts/orders.sh up writes them to .run/logs/"
    exit 1
  fi
  # -F follows a log across the truncation of the next `up`.
  exec tail -n 20 -F "${files[@]}"
}

demo() {
  # A client of a running system (scripts/orders.sh up in another terminal); it mints its own development token.
  exec dotnet run --project "$root/Orders.Cli" -c "$configuration" -- demo "$@"
}

run_tests() {
  "$here/services.sh" up
  # The console's browser tests (Orders.Tests/Ops) drive Debian's chromium headless; Playwright's own download is not used.
  if ! command -v chromium >/dev/null 2>&1; then
    log "installing chromium for the browser tests"
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y -q chromium >/dev/null; else sudo apt-get install -y -q chromium >/dev/null; fi
  fi
  local results="$run_dir/test-results"
  rm -rf "$results"
  mkdir -p "$results"
  # Pinned versions and known vulnerabilities (High or Critical) fail the run; the tests run either way.
  local supply_chain=0
  "$here/supply-chain.sh" || supply_chain=$?
  log "building ($configuration)"
  dotnet build "$root/Orders.sln" -c "$configuration" -v quiet -nologo
  log "running tests"
  local status=0
  # Test assemblies run in parallel against the shared servers; tests that stop a server run alone afterwards.
  dotnet test "$root/Orders.sln" -c "$configuration" --no-build --nologo --filter "TestCategory!=Disruptive&TestCategory!=Cluster" \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?
  # One assembly at a time: the fault tests kill and restart processes and private servers under load, with deadlines
  # that CPU contention on a small machine would make flaky.
  local assembly
  for assembly in Orders.Messaging.Tests Orders.Tests; do
    log "running $assembly tests that stop servers or processes, alone"
    dotnet test "$root/$assembly" -c "$configuration" --no-build --nologo --filter "TestCategory=Disruptive" \
      --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?
  done
  # The node-loss test needs a three-node RabbitMQ cluster (ports 5701-5703), started for it and removed afterwards.
  log "running the node-loss test on a three-node RabbitMQ cluster"
  dotnet test "$root/Orders.Tests" -c "$configuration" --no-build --nologo --filter "TestCategory=Cluster" \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?
  "$here/rabbit-cluster.sh" down || status=$?

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
    # An error outside every test (a fixture's set-up or tear-down) fails the run without failing a test: count it.
    if grep -q '<ResultSummary outcome="\(Failed\|Error\)"' "$trx" && [ "$(attr failed)" -eq 0 ] && [ "$(attr error)" -eq 0 ]; then
      failed=$((failed + 1))
      log "$(basename "$trx"): the run failed outside its tests:"
      tr -d '\n' <"$trx" | sed -n 's:.*<RunInfo [^>]*outcome="Error"[^>]*>[[:space:]]*<Text>\([^<]*\).*:\1:p' | head -c 400 >&2
      echo >&2
    fi
  done
  if [ "$files" -eq 0 ]; then
    log "no test results were written"
    status=1
  fi
  if [ "$supply_chain" -ne 0 ]; then
    log "the supply-chain check failed (scripts/supply-chain.sh, above)"
    status=1
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then status=1; fi
  return "$status"
}

soak() {
  local minutes=10
  while [ $# -gt 0 ]; do
    case "$1" in
      --minutes) [ $# -ge 2 ] || usage; minutes="$2"; shift 2 ;;
      *) break ;;
    esac
  done
  "$here/services.sh" up
  log "building ($configuration)"
  dotnet build "$root/Orders.sln" -c "$configuration" -v quiet -nologo
  log "soaking: each fault test repeats its round for $minutes minute(s)"
  ORDERS_SOAK_MINUTES="$minutes" dotnet test "$root/Orders.Tests" -c "$configuration" --no-build --nologo \
    --filter "FullyQualifiedName~Orders.Tests.Faults" --logger "console;verbosity=normal" "$@"
}

case "${1:-}" in
  up) up ;;
  test) shift; run_tests "$@" ;;
  soak) shift; soak "$@" ;;
  down) down ;;
  status) status ;;
  logs) shift; logs "$@" ;;
  demo) shift; demo "$@" ;;
  check) shift; exec dotnet run --project "$root/Orders.Cli" -c "$configuration" -- check "$@" ;;
  *) usage ;;
esac
