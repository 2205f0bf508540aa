#!/usr/bin/env bash
# Two nodes against one behind nginx, in one run (docs/benchmarks.md): deploy/local-cluster.sh starts PostgreSQL, two
# server processes (published build, Production) and nginx on loopback; wrk places orders and browses the catalogue
# through nginx with both nodes, then with node 2 stopped (nginx sends everything to node 1), then with both again;
# prints the results in Markdown. BENCH_DURATION (seconds per measurement, default 20) shortens a trial run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/throwaway-postgres.sh

duration=${BENCH_DURATION:-20}
connections=64
command -v wrk >/dev/null || install_missing wrk
command -v dotnet >/dev/null || { echo "dotnet SDK 10 is required on PATH" >&2; exit 1; }

work=$(mktemp -d /tmp/circula-bench-cluster.XXXXXX)
chmod 755 "$work" # PostgreSQL runs as postgres under it
export CIRCULA_CLUSTER_DIR=$work/cluster CIRCULA_CLUSTER_PROMETHEUS=0
# As bench/run-orders.sh: bench buyers keep placing orders they never pay, so the limits are raised to measure placement.
export Circula__RateLimits__LoginPerMinute=1000000 Circula__RateLimits__PaymentsPerMinute=1000000 \
  Circula__Ordering__MaxUnpaidOrdersPerCustomer=10000 Circula__Ordering__MaxUnitsHeldPerSku=1000000 Circula__Jwt__AccessTokenMinutes=60
cleanup() {
  local status=$?
  [ "$status" -eq 0 ] || cp -r "$CIRCULA_CLUSTER_DIR/node1" "$CIRCULA_CLUSTER_DIR/node2" "/tmp/" 2>/dev/null || true
  deploy/local-cluster.sh stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

log "building the benchmark driver"
dotnet build bench/Circula.Bench/Circula.Bench.csproj -c Release -nologo -v quiet
deploy/local-cluster.sh start
. "$CIRCULA_CLUSTER_DIR/cluster.env"

log "preparing 200 SKUs and 500 buyers"
dotnet bench/Circula.Bench/bin/Release/net10.0/Circula.Bench.dll setup --base "$CLUSTER_URL" --admin-password "$ADMIN_PASSWORD" \
  --skus 200 --buyers 500 --out "$work/data"

# measure NAME SCRIPT SECONDS: wrk through nginx; the figures go to $work/NAME.env
measure() {
  wrk -t2 -c"$connections" -d"$3s" --latency --timeout 10s -s "bench/$2.lua" "$CLUSTER_URL" -- "$work/data" | sed -n 's/^WRK_/&/p' >"$work/$1.env"
}
value() { sed -n "s/^WRK_$2=//p" "$work/$1.env"; }
nodes_answering() { curl -fsS -o /dev/null "$NODE2_URL/health/ready" 2>/dev/null && echo 2 || echo 1; }

log "warming up both nodes (5 s each scenario, not measured)"
measure warm-place place-order 5
measure warm-browse browse 5

rounds=()
round() { # LABEL: place order then browse, through nginx
  log "$1: place order, then browse (${duration} s each, $connections connections)"
  measure "$1-place" place-order "$duration"
  measure "$1-browse" browse "$duration"
  rounds+=("$1")
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
round two-a
log "stopping node 2 (SIGTERM): nginx sends everything to node 1"
kill -TERM "$(cat "$CIRCULA_CLUSTER_DIR/node2/pid")"
while kill -0 "$(cat "$CIRCULA_CLUSTER_DIR/node2/pid")" 2>/dev/null; do sleep 0.5; done
[ "$(nodes_answering)" = 1 ]
round one
log "starting node 2 again"
deploy/local-cluster.sh start-node 2
measure warm-place place-order 5
round two-b

row() { # LABEL SCENARIO NODES
  echo "| $3 | $2 | $(value "$1-$2" RPS) | $(value "$1-$2" P50_MS) ms | $(value "$1-$2" P99_MS) ms | $(value "$1-$2" NON2XX) non-2xx, $(value "$1-$2" SOCKET_ERRORS) socket |"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
two_place=$(awk -v a="$(value two-a-place RPS)" -v b="$(value two-b-place RPS)" 'BEGIN { print (a + b) / 2 }')
two_browse=$(awk -v a="$(value two-a-browse RPS)" -v b="$(value two-b-browse RPS)" 'BEGIN { print (a + b) / 2 }')

cat <<MD

## Results ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), PostgreSQL $("$PGBIN/postgres" --version | awk '{ print $3 }'), nginx $(/usr/sbin/nginx -v 2>&1 | sed 's|.*/||'))

Through nginx, ${duration} s per line, ${connections} connections, in this order (load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after):

| nodes | scenario | req/s | p50 | p99 | errors |
|---|---|---|---|---|---|
$(row two-a place 2)
$(row two-a browse 2)
$(row one place 1)
$(row one browse 1)
$(row two-b place 2)
$(row two-b browse 2)

- two nodes / one node (mean of the two-node rounds): place order **$(ratio "$two_place" "$(value one-place RPS)")×**, browse **$(ratio "$two_browse" "$(value one-browse RPS)")×**
MD
