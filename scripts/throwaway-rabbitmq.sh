# shellcheck shell=bash
# Sourced by test.sh (after throwaway-postgres.sh, for log and free_port): a throwaway RabbitMQ node on loopback.
#   missing_rabbitmq        prints "rabbitmq-server" when Debian's RabbitMQ is not installed
#   rabbitmq_start DIR      starts a node whose data, logs, cookie and port mapper live in DIR (nothing shared with
#                           another node on the machine); sets RABBITMQ_URI; fails loudly when it does not come up
#   rabbitmq_stop DIR       stops the node and its port mapper (if running) and removes DIR

rabbitmq_sbin() { ls -d /usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin 2>/dev/null | sort -V | tail -n 1; }

missing_rabbitmq() { [ -n "$(rabbitmq_sbin)" ] || echo rabbitmq-server; }

# Everything the node and rabbitmqctl read: a node name of its own, ports of its own, files under DIR. HOME holds the
# Erlang cookie; ERL_EPMD_PORT gives the node a port mapper of its own, stopped with it.
rabbitmq_env() {
  local dir=$1
  export HOME="$dir" RABBITMQ_NODENAME="circula-$(basename "$dir" | tr -cd 'a-zA-Z0-9')@localhost" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$(cat "$dir/port")" RABBITMQ_DIST_PORT="$(cat "$dir/dist-port")" \
    ERL_EPMD_PORT="$(cat "$dir/epmd-port")" ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_CONFIG_FILE="$dir/rabbitmq" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
}

rabbitmq_start() {
  local dir=$1 attempt
  # A port free_port found can be taken before the node binds it (dist_port_already_used): the node then exits, and
  # starting again on fresh ports is the cure.
  for attempt in 1 2 3; do
    rabbitmq_try_start "$dir" && { RABBITMQ_URI="amqp://guest:guest@127.0.0.1:$(cat "$dir/port")/"; return 0; }
    log "RabbitMQ attempt $attempt did not come up"
  done
  echo "RabbitMQ did not start in 3 attempts" >&2
  rabbitmq_stop "$dir"
  exit 1
}

# One start on fresh ports; fails (and stops what it started) when the node exits or is not up within 2 minutes.
rabbitmq_try_start() {
  local dir=$1 sbin
  sbin=$(rabbitmq_sbin)
  free_port >"$dir/port"; free_port >"$dir/dist-port"; free_port >"$dir/epmd-port"
  echo '[].' >"$dir/enabled_plugins"
  printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$(cat "$dir/port")" >"$dir/rabbitmq.conf"
  (
    rabbitmq_env "$dir"
    log "starting RabbitMQ ($sbin) on 127.0.0.1:$RABBITMQ_NODE_PORT"
    "$sbin/rabbitmq-server" >"$dir/server.log" 2>&1 &
    server=$!
    deadline=$((SECONDS + 120))
    # The Erlang VM takes a few seconds before rabbitmqctl can reach it at all; then await_startup waits for the broker.
    while [ "$SECONDS" -lt "$deadline" ]; do
      timeout 10 "$sbin/rabbitmqctl" -q -n "$RABBITMQ_NODENAME" await_startup -t 5 >/dev/null 2>&1 && exit 0
      # A VM whose boot failed writes a crash dump and may then linger instead of exiting.
      if ! kill -0 "$server" 2>/dev/null || grep -q "Kernel pid terminated" "$dir/server.log"; then
        echo "RabbitMQ failed while starting; its log:" >&2
        break
      fi
      sleep 1
    done
    [ "$SECONDS" -lt "$deadline" ] || echo "RabbitMQ did not start within 2 minutes; its log:" >&2
    tail -n 40 "$dir/server.log" "$dir"/log/*.log >&2 2>/dev/null
    kill -9 "$server" 2>/dev/null
    exit 1
  ) && return 0
  (rabbitmq_env "$dir"; epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1) || true
  rm -rf "$dir/mnesia" "$dir/log"
  return 1
}

rabbitmq_stop() {
  [ -n "${1:-}" ] && [ -d "$1" ] || return 0
  (
    rabbitmq_env "$1"
    # Given the pid file, stop returns once the node's process has exited.
    timeout 60 "$(rabbitmq_sbin)/rabbitmqctl" -q -n "$RABBITMQ_NODENAME" stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
    epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
  )
  rm -rf "$1"
}
