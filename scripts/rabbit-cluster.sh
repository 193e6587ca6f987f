#!/usr/bin/env bash
# A three-node RabbitMQ cluster on this machine, beside the development node of scripts/services.sh, for the node-loss
# test and for trying the services against a cluster. Each node has its own name, ports and data folder.
#   scripts/rabbit-cluster.sh up            start the three nodes (installing RabbitMQ when missing), join them, create the user
#   scripts/rabbit-cluster.sh down          stop the three nodes and delete their data
#   scripts/rabbit-cluster.sh status        which nodes run, and the cluster as node 1 sees it
#   scripts/rabbit-cluster.sh stop-node N   kill node N (1-3) as the loss of its machine would: the others keep the cluster
#   scripts/rabbit-cluster.sh start-node N  start node N again; it rejoins the cluster from its data folder
#   scripts/rabbit-cluster.sh uri [VHOST]   the amqp URI with all three nodes, as ConnectionStrings__RabbitMq takes it
# Node N listens on AMQP 5700+N, management 15700+N and Erlang distribution 25700+N (ORDERS_CLUSTER_PORT_BASE moves
# the three: 5700 gives these). The Erlang cookie is the one of the rabbitmq user, shared with rabbitmqctl.
set -euo pipefail

PORT_BASE="${ORDERS_CLUSTER_PORT_BASE:-5700}"
MQ_USER="${ORDERS_MQ_USER:-orders}"
MQ_PASSWORD="${ORDERS_MQ_PASSWORD:-orders}"
DATA_DIR="${ORDERS_CLUSTER_DIR:-/var/lib/rabbitmq/orders-cluster}"
WAIT_SECONDS="${ORDERS_SERVICES_WAIT:-90}"
NODES="1 2 3"
RABBIT_BIN=/usr/lib/rabbitmq/bin

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf '[rabbit-cluster] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

node_name() { echo "orders$1@localhost"; }
amqp_port() { echo $((PORT_BASE + $1)); }
management_port() { echo $((PORT_BASE + 10000 + $1)); }
dist_port() { echo $((PORT_BASE + 20000 + $1)); }

# Runs a RabbitMQ command (or a program given by its path) as the rabbitmq user, in node N's environment, so that it
# finds the node and the cookie.
as_node() { # N, command, arguments...
  local n="$1" command="$2"; shift 2
  [[ "$command" == /* ]] || command="$RABBIT_BIN/$command"
  local base="$DATA_DIR/node$n"
  as_root runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq \
    RABBITMQ_NODENAME="$(node_name "$n")" \
    RABBITMQ_NODE_PORT="$(amqp_port "$n")" \
    RABBITMQ_DIST_PORT="$(dist_port "$n")" \
    RABBITMQ_MNESIA_BASE="$base/mnesia" \
    RABBITMQ_LOG_BASE="$base/log" \
    RABBITMQ_CONFIG_FILE="$base/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" \
    RABBITMQ_PID_FILE="$base/rabbitmq.pid" \
    "$command" "$@"
}

ctl() { local n="$1"; shift; as_node "$n" rabbitmqctl -q -n "$(node_name "$n")" "$@"; }

# rabbitmqctl logs warnings and transient errors while a node joins: show them only when the command fails.
quietly() { local output; output="$("$@" 2>&1)" || { printf '%s\n' "$output" >&2; return 1; }; }

node_running() { ctl "$1" status >/dev/null 2>&1; }

# Whether node N's Erlang VM is alive, starting or not: a node that died while starting is started again.
node_alive() { node_pid "$1" >/dev/null; }

# What a node that did not start left behind, so that a failed run shows why without access to the machine.
explain_node() { # N
  local base="$DATA_DIR/node$1" file
  log "node $1: VM $(node_alive "$1" && echo alive || echo not running); epmd knows: $(as_root epmd -names 2>&1 | tr '\n' ' ')"
  for file in "$base/log/server.out" "$base/log/$(node_name "$1").log"; do
    as_root test -f "$file" || continue
    # A failed boot logs its cause as the first error; the lines after it are the shutdown.
    log "first errors and last lines of $file:"
    as_root grep -m 12 -F '[error]' "$file" >&2 || true
    as_root tail -n 8 "$file" >&2
  done
}

wait_node() { # N
  local deadline=$((SECONDS + WAIT_SECONDS)) restarted=0
  until ctl "$1" await_startup --timeout 5 >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      explain_node "$1"
      die "node $1 ($(node_name "$1")) did not start within ${WAIT_SECONDS}s"
    fi
    if [ "$restarted" -eq 0 ] && ! node_alive "$1" && [ "$SECONDS" -gt $((deadline - WAIT_SECONDS + 15)) ]; then
      log "node $1 is not running 15 s after its start; starting it again"
      explain_node "$1"
      launch_node "$1"
      restarted=1
    fi
    sleep 1
  done
}

wait_management() { # N
  local deadline=$((SECONDS + WAIT_SECONDS))
  until curl -fsS -o /dev/null -u "$MQ_USER:$MQ_PASSWORD" "http://127.0.0.1:$(management_port "$1")/api/overview"; do
    [ "$SECONDS" -lt "$deadline" ] || die "the management API of node $1 did not answer within ${WAIT_SECONDS}s"
    sleep 1
  done
}

prepare_node() { # N: the node's folder, configuration and plugins, owned by the rabbitmq user
  local base="$DATA_DIR/node$1"
  as_root mkdir -p "$base/mnesia" "$base/log"
  as_root tee "$base/rabbitmq.conf" >/dev/null <<CONF
listeners.tcp.default = $(amqp_port "$1")
management.tcp.port = $(management_port "$1")
loopback_users = none
# The three nodes share one machine: no node may refuse publishers because the others use the memory.
vm_memory_high_watermark.relative = 0.2
disk_free_limit.absolute = 50MB
CONF
  echo '[rabbitmq_management].' | as_root tee "$base/enabled_plugins" >/dev/null
  as_root chown -R rabbitmq:rabbitmq "$DATA_DIR"
}

start_node() { # N
  if node_running "$1"; then return 0; fi
  prepare_node "$1"
  log "starting node $1 ($(node_name "$1"), amqp $(amqp_port "$1"), management $(management_port "$1"))"
  launch_node "$1"
  wait_node "$1"
}

launch_node() { # N: the VM in the background; what the start script itself prints goes to the node's log folder
  as_node "$1" /bin/bash -c '"$0" -detached >>"$RABBITMQ_LOG_BASE/server.out" 2>&1' "$RABBIT_BIN/rabbitmq-server" || true
}

stop_node() { # N: a clean shutdown, for `down`; a node that does not stop within a minute is killed
  if node_running "$1"; then
    log "stopping node $1 ($(node_name "$1"))"
    ctl "$1" stop >/dev/null 2>&1 &
    local stopping=$! deadline=$((SECONDS + 60))
    while kill -0 "$stopping" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
    if kill -0 "$stopping" 2>/dev/null; then
      log "node $1 did not stop within 60 s"
      kill_node "$1"
    fi
    wait "$stopping" 2>/dev/null || true
  fi
}

# The pid of node N's Erlang VM, printed only while that process still is node N: a pid file must never lead to
# stopping a process that is not ours.
node_pid() { # N
  local file="$DATA_DIR/node$1/rabbitmq.pid" pid
  pid="$(as_root cat "$file" 2>/dev/null)" || return 1
  [ -n "$pid" ] && as_root cat "/proc/$pid/environ" 2>/dev/null | tr '\0' '\n' | grep -qx "RABBITMQ_NODENAME=$(node_name "$1")" || return 1
  echo "$pid"
}

kill_node() { # N: the node's machine is lost: no clean shutdown, no leadership hand-over, connections cut
  local pid deadline=$((SECONDS + WAIT_SECONDS))
  pid="$(node_pid "$1")" || { log "node $1 is not running"; return 0; }
  log "killing node $1 ($(node_name "$1"), pid $pid)"
  as_root kill -KILL "$pid"
  while as_root kill -0 "$pid" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || die "node $1 (pid $pid) did not end"
    sleep 0.2
  done
}

clustered() { # N: whether node N's cluster already counts node 1
  ctl "$1" cluster_status --formatter json 2>/dev/null | grep -q "\"$(node_name 1)\""
}

up() {
  command -v rabbitmq-server >/dev/null 2>&1 || [ -x "$RABBIT_BIN/rabbitmq-server" ] || "$here/services.sh" up
  command -v curl >/dev/null 2>&1 || die "curl is needed (scripts/services.sh up installs it)"
  local n
  for n in $NODES; do start_node "$n"; done
  for n in 2 3; do
    if ! clustered "$n"; then
      log "joining node $n to $(node_name 1)"
      quietly ctl "$n" stop_app
      quietly ctl "$n" reset
      quietly ctl "$n" join_cluster "$(node_name 1)"
      quietly ctl "$n" start_app
      wait_node "$n"
    fi
  done
  # Users live in the cluster's shared schema: creating it once serves every node.
  if ! ctl 1 list_users | awk '{print $1}' | grep -qx "$MQ_USER"; then
    ctl 1 add_user "$MQ_USER" "$MQ_PASSWORD" >/dev/null
  fi
  ctl 1 set_user_tags "$MQ_USER" administrator >/dev/null
  ctl 1 set_permissions -p / "$MQ_USER" '.*' '.*' '.*' >/dev/null
  for n in $NODES; do wait_management "$n"; done
  status
}

down() {
  local n
  for n in $NODES; do stop_node "$n"; done
  as_root rm -rf "$DATA_DIR"
}

status() {
  local n running=0
  for n in $NODES; do
    if node_running "$n"; then
      running=$((running + 1))
      echo "node $n: up ($(node_name "$n"), amqp://127.0.0.1:$(amqp_port "$n"), management http://127.0.0.1:$(management_port "$n"))"
    else
      echo "node $n: down ($(node_name "$n"))"
    fi
  done
  for n in $NODES; do
    if node_running "$n"; then
      echo "running nodes as node $n sees them: $(ctl "$n" cluster_status --formatter json | sed -n 's/.*"running_nodes":\[\([^]]*\)\].*/\1/p')"
      break
    fi
  done
  [ "$running" -eq 3 ]
}

uri() { # [vhost]
  local vhost="${1:-}" hosts="" n
  for n in $NODES; do hosts="$hosts${hosts:+,}127.0.0.1:$(amqp_port "$n")"; done
  echo "amqp://$MQ_USER:$MQ_PASSWORD@$hosts/$vhost"
}

node_argument() { case "${1:-}" in 1|2|3) echo "$1" ;; *) die "name a node: 1, 2 or 3" ;; esac; }

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  stop-node) kill_node "$(node_argument "${2:-}")" ;;
  start-node) n="$(node_argument "${2:-}")"; start_node "$n"; wait_management "$n" ;;
  uri) uri "${2:-}" ;;
  *)
    echo "usage: $0 up | down | status | stop-node N | start-node N | uri [VHOST]" >&2
    exit 2
    ;;
esac
