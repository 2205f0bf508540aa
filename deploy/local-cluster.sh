#!/usr/bin/env bash
# A real Circula cluster on one machine, from Debian's packages (no containers): PostgreSQL, two server processes
# (the published build, Production configuration) and nginx in front of them (deploy/nginx.conf), and Prometheus
# scraping both nodes, all on loopback. See docs/operations.md, "A local cluster".
#
#   deploy/local-cluster.sh start          publish, start everything, print the addresses
#   deploy/local-cluster.sh status         what runs where (exit code 1 when a part is down)
#   deploy/local-cluster.sh stop           stop everything and delete the cluster's directory
#   deploy/local-cluster.sh start-node N   start node N (1 or 2) again, on its port, after it was stopped or killed
#
# CIRCULA_CLUSTER_DIR   where it all lives (default /tmp/circula-cluster): cluster.env (addresses, pids), secrets.env
#                       (keys and the admin password, mode 600), node1/ node2/ (server.log), nginx/ (access.log), pg/
# CIRCULA_CLUSTER_APP   an already published server to run (default: dotnet publish into the cluster's directory)
# CIRCULA_CLUSTER_PROMETHEUS=0   no Prometheus
# Circula__*            exported before start, configure both nodes (they override the defaults below) and are kept
#                       for start-node.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/throwaway-postgres.sh"

dir=${CIRCULA_CLUSTER_DIR:-/tmp/circula-cluster}
nginx_bin=/usr/sbin/nginx

fail() { echo "local-cluster: $*" >&2; exit 1; }
# A killed node stays a zombie until its parent (here the container's init) reaps it, and kill -0 succeeds on a zombie.
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]; }
pid_of() { cat "$dir/$1" 2>/dev/null || true; }
load_state() { [ -f "$dir/cluster.env" ] || fail "no cluster in $dir (run: $0 start)"; . "$dir/cluster.env"; }

# Installs what is missing when root (as test.sh does), otherwise says what to install.
require_packages() {
  local missing=() package
  [ -n "$(missing_postgres)" ] && missing+=(postgresql)
  [ -x "$nginx_bin" ] || missing+=(nginx)
  [ "${CIRCULA_CLUSTER_PROMETHEUS:-1}" = 0 ] || command -v prometheus >/dev/null || missing+=(prometheus)
  command -v curl >/dev/null || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || fail "missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})"
  install_missing "${missing[@]}"
}

publish() {
  if [ -n "${CIRCULA_CLUSTER_APP:-}" ]; then
    [ -f "$CIRCULA_CLUSTER_APP/Circula.Server.dll" ] || fail "CIRCULA_CLUSTER_APP=$CIRCULA_CLUSTER_APP has no Circula.Server.dll"
    app=$CIRCULA_CLUSTER_APP
    return
  fi
  command -v dotnet >/dev/null || fail "dotnet SDK 10 is required on PATH"
  app=$dir/app
  log "publishing the server into $app"
  dotnet publish "$repo/src/Circula.Server/Circula.Server.csproj" -c Release -nologo -v quiet -o "$app"
}

wait_ready() {
  local url=$1 pid=$2 log_file=$3
  for _ in $(seq 1 180); do
    curl -fsS -o /dev/null "$url/health/ready" 2>/dev/null && return 0
    alive "$pid" || { tail -n 40 "$log_file" >&2; fail "the process logging to $log_file stopped"; }
    sleep 0.5
  done
  tail -n 40 "$log_file" >&2
  fail "$url was not ready within 90 s"
}

# Node settings: Production, the cluster's PostgreSQL, nginx (loopback) as the known proxy. The WeChat Pay and Alipay
# sandboxes stand in for the providers (a local cluster has no merchant credentials); the caller's Circula__* win.
write_node_env() {
  {
    echo "ASPNETCORE_ENVIRONMENT=Production"
    echo "Circula__Database__Provider=Postgres"
    echo "Circula__Database__ConnectionString='Host=127.0.0.1;Port=$PGPORT;Username=circula;Password=$db_password;Database=circula;Maximum Pool Size=50;Timeout=30'"
    echo "Circula__Network__KnownProxies__0=127.0.0.1"
    echo "Circula__Sandbox__Enabled=true"
    env | grep '^Circula__' | while IFS='=' read -r name value; do printf '%s=%q\n' "$name" "$value"; done || true
  } >"$dir/node.env"
}

start_node() {
  local n=$1 port pid
  load_state
  port=$(eval echo "\$NODE${n}_PORT")
  [ -n "$port" ] || fail "no node $n"
  alive "$(pid_of "node$n/pid")" && fail "node $n is running (pid $(pid_of "node$n/pid"))"
  mkdir -p "$dir/node$n/data"
  (
    set -a
    . "$dir/secrets.env"
    . "$dir/node.env"
    set +a
    export Circula__DataDirectory="$dir/node$n/data"
    cd "$dir/node$n"
    # Its own session: a Ctrl-C in the terminal that started the cluster does not stop it.
    exec setsid dotnet "$APP/Circula.Server.dll" --urls "http://127.0.0.1:$port" >>"$dir/node$n/server.log" 2>&1
  ) &
  pid=$!
  echo "$pid" >"$dir/node$n/pid"
  echo "node $n: pid $pid, http://127.0.0.1:$port (log $dir/node$n/server.log)"
}

render_nginx() {
  mkdir -p "$dir/nginx/tmp"
  sed -e "s|\${NGINX_LISTEN}|127.0.0.1:$NGINX_PORT|" -e "s|\${CIRCULA_NODE_1}|127.0.0.1:$NODE1_PORT|" \
      -e "s|\${CIRCULA_NODE_2}|127.0.0.1:$NODE2_PORT|" -e "s|/dev/stdout|$dir/nginx/access.log|" \
      "$repo/deploy/nginx.conf" >"$dir/nginx/circula.conf"
  cat >"$dir/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 1024; }
http {
    default_type application/octet-stream;
    client_body_temp_path $dir/nginx/tmp/body;
    proxy_temp_path $dir/nginx/tmp/proxy;
    fastcgi_temp_path $dir/nginx/tmp/fastcgi;
    uwsgi_temp_path $dir/nginx/tmp/uwsgi;
    scgi_temp_path $dir/nginx/tmp/scgi;
    include $dir/nginx/circula.conf;
}
EOF
  "$nginx_bin" -t -q -e "$dir/nginx/error.log" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" || fail "nginx refused its configuration"
}

render_prometheus() {
  mkdir -p "$dir/prometheus"
  cat >"$dir/prometheus/prometheus.yml" <<EOF
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - $repo/deploy/prometheus/alerts.yml
scrape_configs:
  - job_name: circula
    static_configs:
      - targets: ['127.0.0.1:$NODE1_PORT', '127.0.0.1:$NODE2_PORT']
EOF
}

start() {
  [ -f "$dir/cluster.env" ] && fail "a cluster is already in $dir (run: $0 stop)"
  require_packages
  mkdir -p "$dir"
  chmod 755 "$dir"
  publish

  mkdir -p "$dir/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir/pg"
  pg_start "$dir/pg" -c max_connections=200
  db_password=$(openssl rand -hex 16)
  "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt \
    -c "CREATE ROLE circula LOGIN PASSWORD '$db_password'" -c "CREATE DATABASE circula OWNER circula" >/dev/null

  local admin_password
  admin_password=$(openssl rand -hex 16)
  (
    umask 077
    cat >"$dir/secrets.env" <<EOF
Circula__Jwt__SigningKey=$(openssl rand -base64 32)
Circula__Pii__EncryptionKey=$(openssl rand -base64 32)
Circula__Pii__HashKey=$(openssl rand -base64 32)
Circula__Bootstrap__AdminPassword=$admin_password
EOF
  )
  NODE1_PORT=$(free_port); NODE2_PORT=$(free_port); NGINX_PORT=$(free_port); PROMETHEUS_PORT=$(free_port)
  cat >"$dir/cluster.env" <<EOF
APP=$app
PGBIN=$PGBIN
PGPORT=$PGPORT
DATABASE_URL=postgresql://postgres@127.0.0.1:$PGPORT/circula
NODE1_PORT=$NODE1_PORT
NODE2_PORT=$NODE2_PORT
NODE1_URL=http://127.0.0.1:$NODE1_PORT
NODE2_URL=http://127.0.0.1:$NODE2_PORT
CLUSTER_URL=http://127.0.0.1:$NGINX_PORT
NGINX_PORT=$NGINX_PORT
ADMIN_PASSWORD=$admin_password
EOF
  write_node_env

  # Both at once: the first to take the migration lock migrates, the other waits for it.
  log "starting two Circula nodes"
  start_node 1
  start_node 2
  load_state
  wait_ready "$NODE1_URL" "$(pid_of node1/pid)" "$dir/node1/server.log"
  wait_ready "$NODE2_URL" "$(pid_of node2/pid)" "$dir/node2/server.log"

  log "starting nginx on $CLUSTER_URL"
  render_nginx
  "$nginx_bin" -e "$dir/nginx/error.log" -p "$dir/nginx" -c "$dir/nginx/nginx.conf"

  if [ "${CIRCULA_CLUSTER_PROMETHEUS:-1}" != 0 ]; then
    log "starting Prometheus on http://127.0.0.1:$PROMETHEUS_PORT"
    render_prometheus
    setsid prometheus --config.file="$dir/prometheus/prometheus.yml" --storage.tsdb.path="$dir/prometheus/data" \
      --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" >"$dir/prometheus/prometheus.log" 2>&1 &
    echo $! >"$dir/prometheus/pid"
    echo "PROMETHEUS_URL=http://127.0.0.1:$PROMETHEUS_PORT" >>"$dir/cluster.env"
    for _ in $(seq 1 60); do curl -fsS -o /dev/null "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" 2>/dev/null && break; sleep 0.5; done
    curl -fsS -o /dev/null "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" || { cat "$dir/prometheus/prometheus.log" >&2; fail "Prometheus did not start"; }
  fi
  curl -fsS -o /dev/null "$CLUSTER_URL/health/ready" || fail "nginx does not reach the nodes"
  status
}

status() {
  load_state
  local down=0 n pid
  for n in 1 2; do
    pid=$(pid_of "node$n/pid")
    if alive "$pid" && curl -fsS -o /dev/null "http://127.0.0.1:$(eval echo "\$NODE${n}_PORT")/health/ready" 2>/dev/null; then
      echo "node $n      ready  $(eval echo "\$NODE${n}_URL") (pid $pid)"
    else
      echo "node $n      DOWN   $(eval echo "\$NODE${n}_URL")"; down=1
    fi
  done
  if alive "$(pid_of nginx/nginx.pid)"; then echo "nginx       up     $CLUSTER_URL (the cluster's address)"; else echo "nginx       DOWN"; down=1; fi
  if [ -n "${PROMETHEUS_URL:-}" ]; then
    if alive "$(pid_of prometheus/pid)"; then echo "prometheus  up     $PROMETHEUS_URL"; else echo "prometheus  DOWN"; down=1; fi
  fi
  if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then echo "postgresql  up     $DATABASE_URL"; else echo "postgresql  DOWN"; down=1; fi
  echo "admin       admin / $ADMIN_PASSWORD (keys in $dir/secrets.env)"
  return "$down"
}

# SIGTERM, then up to 40 s for a graceful stop (the server's own shutdown timeout is 30 s), then SIGKILL.
stop_process() {
  local pid=$1
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 80); do alive "$pid" || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  [ -f "$dir/cluster.env" ] || { echo "no cluster in $dir"; return 0; }
  . "$dir/cluster.env"
  alive "$(pid_of nginx/nginx.pid)" && "$nginx_bin" -e "$dir/nginx/error.log" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -s quit
  stop_process "$(pid_of prometheus/pid)"
  stop_process "$(pid_of node1/pid)" & stop_process "$(pid_of node2/pid)" & wait
  for _ in $(seq 1 20); do alive "$(pid_of nginx/nginx.pid)" || break; sleep 0.25; done
  pg_stop "$dir/pg"
  rm -rf "$dir"
  echo "stopped"
}

case "${1:-}" in
  start) start ;;
  status) status ;;
  stop) stop ;;
  start-node) [[ "${2:-}" =~ ^[12]$ ]] || fail "usage: $0 start-node 1|2"
    start_node "$2"; load_state; wait_ready "$(eval echo "\$NODE${2}_URL")" "$(pid_of "node$2/pid")" "$dir/node$2/server.log" ;;
  *) echo "usage: $0 start|status|stop|start-node N" >&2; exit 2 ;;
esac
