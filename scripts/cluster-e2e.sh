#!/usr/bin/env bash
# The two-node cluster end to end, run once by test.sh: deploy/local-cluster.sh starts PostgreSQL, two server processes
# and nginx (and Prometheus) on loopback; load goes through nginx (bench/Circula.Bench) while one node is killed with
# SIGKILL and the other is stopped with SIGTERM; the answers are checked against the database. Prints
# "cluster: N passed, M failed"; exits 1 when a check failed. Logs are kept in artifacts/cluster-e2e.
#
#   scripts/cluster-e2e.sh [PUBLISHED_SERVER_DIR]   (default: deploy/local-cluster.sh publishes; needs a Release build of bench/)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
artifacts=$repo/artifacts/cluster-e2e
work=$(mktemp -d /tmp/circula-cluster-e2e.XXXXXX)
chmod 755 "$work" # PostgreSQL runs as postgres under it
export CIRCULA_CLUSTER_DIR=$work/cluster
[ -n "${1:-}" ] && export CIRCULA_CLUSTER_APP=$1

# Short payment timeouts, so that timers fall due while nodes die; claims a dead node held pass on after 10 s.
# Bench buyers sign in and place many unpaid orders from one address: the limits are raised to measure failover.
export Circula__Ordering__PaymentTimeout=00:00:40
export Circula__Workers__ClaimTimeout=00:00:10
export Circula__RateLimits__LoginPerMinute=1000000
export Circula__Ordering__MaxUnpaidOrdersPerCustomer=10000
export Circula__Ordering__MaxUnitsHeldPerSku=1000000

passed=0
failed=0
check() {
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $name"; else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
say() { printf '\n== %s (at %d s)\n' "$*" "$SECONDS"; }

finish() {
  local status=$?
  rm -rf "$artifacts"; mkdir -p "$artifacts"
  for n in 1 2; do [ -f "$work/cluster/node$n/server.log" ] && cp "$work/cluster/node$n/server.log" "$artifacts/node$n.log"; done
  cp "$work"/cluster/nginx/*.log "$artifacts/" 2>/dev/null || true
  deploy/local-cluster.sh stop >/dev/null 2>&1 || true
  rm -rf "$work"
  echo
  echo "cluster: $passed passed, $failed failed ($SECONDS s)"
  [ "$status" -eq 0 ] && [ "$failed" -eq 0 ] || exit 1
}
trap finish EXIT

[ -x /usr/sbin/nginx ] || { echo "nginx is required (apt-get install nginx); test.sh installs it" >&2; exit 1; }
command -v promtool >/dev/null || { echo "promtool is required (apt-get install prometheus)" >&2; exit 1; }
bench=bench/Circula.Bench/bin/Release/net10.0/Circula.Bench.dll
[ -f "$bench" ] || { echo "build first: $bench is missing" >&2; exit 1; }
bench() { dotnet "$bench" "$@"; }

say "starting the cluster"
deploy/local-cluster.sh start
. "$CIRCULA_CLUSTER_DIR/cluster.env"
sql() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d circula -Atq -c "$1"; }
node_pid() { cat "$CIRCULA_CLUSTER_DIR/node$1/pid"; }
# Rows of the claimed-work tables that a process still holds (its name in claimed_by is host:pid:random).
claims_held_by() {
  sql "SELECT (SELECT count(*) FROM durable_timers WHERE claimed_by LIKE '%:$1:%' AND claimed_until > now() AND completed_at IS NULL)
        + (SELECT count(*) FROM outbox_messages WHERE claimed_by LIKE '%:$1:%' AND claimed_until > now() AND status = 0)
        + (SELECT count(*) FROM notification_deliveries WHERE claimed_by LIKE '%:$1:%' AND claimed_until > now() AND status = 'Pending')"
}
# Each line of FILE (order ids) as one SQL list.
id_list() { if [ -s "$1" ]; then paste -sd, "$1"; else echo "NULL"; fi; }
key_list() { if [ -s "$1" ]; then sed "s/.*/'&'/" "$1" | paste -sd,; else echo "NULL"; fi; }
answered_by() { grep -c "\"POST /api/v1/orders HTTP/1.1\" .* upstream=127.0.0.1:$1 " "$CIRCULA_CLUSTER_DIR/nginx/access.log" || true; }
all_get_ok() {
  local i code
  for i in $(seq 1 20); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$CLUSTER_URL/api/v1/products")
    [ "$code" = 200 ] || { echo "GET /api/v1/products through nginx answered $code" >&2; return 1; }
  done
}
wait_until() { # SECONDS COMMAND...: polls every second
  local limit=$1; shift
  for _ in $(seq 1 "$limit"); do "$@" && return 0; sleep 1; done
  "$@"
}

say "flash sale through nginx: 100 pieces, 300 buyers, 32 at a time"
bench flash-sale --base "$CLUSTER_URL" --admin-password "$ADMIN_PASSWORD" --stock 100 --buyers 300 --concurrency 32 --results "$work/flash.env" \
  && flash_ok=0 || flash_ok=$?
. "$work/flash.env"
check "the flash sale sold exactly the stock, refused everyone else with 409 and the API's stock figures agree" [ "$flash_ok" -eq 0 ]
check "the database has 100 order lines for the SKU and stock 100 on hand / 100 reserved / 0 available" \
  [ "$(sql "SELECT count(*) || ' ' || (SELECT on_hand || '/' || reserved || '/' || available FROM inventory_items WHERE sku_id = $FLASH_SKU) FROM order_lines WHERE sku_id = $FLASH_SKU")" = "100 100/100/0" ]
node1_orders=$(answered_by "$NODE1_PORT"); node2_orders=$(answered_by "$NODE2_PORT")
echo "orders answered by node 1: $node1_orders, by node 2: $node2_orders"
both_answered() { [ "$node1_orders" -gt 0 ] && [ "$node2_orders" -gt 0 ]; }
check "nginx spread the orders over both nodes" both_answered

say "/metrics of both nodes"
for n in 1 2; do
  url=$(eval echo "\$NODE${n}_URL")
  curl -fsS "$url/metrics" >"$work/metrics$n.txt"
  check "node $n's /metrics passes promtool check metrics" promtool check metrics <"$work/metrics$n.txt"
  check "node $n's /metrics counts the orders it placed" grep -q '^circula_orders_placed_total' "$work/metrics$n.txt"
done
head -c 2000000 /dev/zero >"$work/too-large.bin"
too_large() {
  curl -s -o "$work/413.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @"$work/too-large.bin" "$CLUSTER_URL/api/v1/orders" | grep -qx 413 \
    && jq -e '.code == "payload_too_large"' "$work/413.json" >/dev/null
}
check "nginx refuses a body over 1 MB with 413 ProblemDetails payload_too_large" too_large
check "nginx does not serve /metrics to the public" [ "$(curl -s -o /dev/null -w '%{http_code}' "$CLUSTER_URL/metrics")" = 404 ]
prometheus_up() { [ "$(curl -fsS "$PROMETHEUS_URL/api/v1/targets" | jq '[.data.activeTargets[] | select(.health == "up")] | length')" = 2 ]; }
check "Prometheus scrapes both nodes" wait_until 20 prometheus_up
check "the alert rules pass promtool check rules" promtool check rules deploy/prometheus/alerts.yml
rules_ok() { [ "$(curl -fsS "$PROMETHEUS_URL/api/v1/rules" | jq '[.data.groups[].rules[] | select(.health == "ok")] | length')" = "$(grep -c '^ *- alert:' deploy/prometheus/alerts.yml)" ]; }
check "Prometheus evaluates every alert rule without error" wait_until 20 rules_ok
dashboard_queries_ok() {
  local expr
  while read -r expr; do
    curl -fsS --data-urlencode "query=$expr" "$PROMETHEUS_URL/api/v1/query" | jq -e '.status == "success"' >/dev/null \
      || { echo "the dashboard's query fails: $expr" >&2; return 1; }
  done < <(jq -r '.panels[].targets[]?.expr' deploy/grafana/dashboards/circula.json)
}
check "Prometheus answers every query of the Grafana dashboard" dashboard_queries_ok

say "SIGKILL: node 1 dies under load (orders through nginx, 16 at a time, 20 s)"
bench order-stream --base "$CLUSTER_URL" --admin-password "$ADMIN_PASSWORD" --seconds 20 --concurrency 16 --attempts 5 --out "$work/kill" &
stream=$!
wait_until 60 test -f "$work/kill/started" >/dev/null
sleep 4
killed=$(node_pid 1)
kill -KILL "$killed"
orphans=$(sql "SELECT coalesce(string_agg(id::text, ','), '') FROM durable_timers WHERE claimed_by LIKE '%:$killed:%' AND completed_at IS NULL")
echo "node 1 (pid $killed) killed holding ${orphans:-no} timer claims"
check "nginx routes to the survivor: 20 reads through nginx answer 200" all_get_ok
# Node 1 comes back while the load goes on; nginx tries it again after fail_timeout.
say "starting node 1 again under the load"
deploy/local-cluster.sh start-node 1
wait "$stream" || true
. "$work/kill/results.env"
check "every order the clients placed answered 201 in the end (retried with its Idempotency-Key after a 502/503)" [ "$STREAM_FINAL" = "201:$STREAM_ORDERS" ]
check "every order that got a 201 is in the database" [ "$(sql "SELECT count(*) FROM orders WHERE id IN ($(id_list "$work/kill/placed.txt"))")" -eq "$STREAM_PLACED" ]
check "no retry placed an order twice: one order line per order placed" [ "$(sql "SELECT count(*) FROM order_lines WHERE sku_id = $STREAM_SKU")" -eq "$STREAM_PLACED" ]
check "no answer through nginx was a 500, 502 or 504 (a POST the killed node dropped is answered 503 service_unavailable)" \
  [ "$(grep -c '" 50[0124] ' "$CIRCULA_CLUSTER_DIR/nginx/access.log" || true)" -eq 0 ]
kill_sku=$STREAM_SKU

say "SIGTERM: node 2 stops under load (through nginx, and straight to node 2)"
bench order-stream --base "$CLUSTER_URL" --admin-password "$ADMIN_PASSWORD" --seconds 10 --concurrency 8 --attempts 5 --out "$work/term-nginx" &
through_nginx=$!
# Straight to node 2 for longer than node 2 lives: after it stops, every new connection must be refused.
bench order-stream --base "$NODE2_URL" --admin-password "$ADMIN_PASSWORD" --seconds 20 --concurrency 8 --attempts 1 --out "$work/term-direct" &
direct=$!
wait_until 60 test -f "$work/term-nginx/started" >/dev/null
wait_until 60 test -f "$work/term-direct/started" >/dev/null
sleep 3
stopped=$(node_pid 2)
kill -TERM "$stopped"
stop_started=$SECONDS
# An exited node may linger as a zombie until init reaps it; that counts as gone.
gone() { ! kill -0 "$stopped" 2>/dev/null || [ "$(ps -o stat= -p "$stopped" 2>/dev/null | cut -c1)" = Z ]; }
check "node 2 stops by itself within 40 s of SIGTERM" wait_until 40 gone
echo "node 2 stopped after $((SECONDS - stop_started)) s"
wait "$through_nginx" || true
wait "$direct" || true
. "$work/term-nginx/results.env"
check "through nginx every order answered 201 in the end ($STREAM_FINAL; failed attempts: $STREAM_FAILED_ATTEMPTS)" [ "$STREAM_FINAL" = "201:$STREAM_ORDERS" ]
check "every order that got a 201 through nginx is in the database" [ "$(sql "SELECT count(*) FROM orders WHERE id IN ($(id_list "$work/term-nginx/placed.txt"))")" -eq "$STREAM_PLACED" ]
term_nginx_sku=$STREAM_SKU
. "$work/term-direct/results.env"
echo "straight to node 2: $STREAM_FINAL"
check "in-flight requests finished: no request to node 2 that broke off was carried out" \
  [ "$(sql "SELECT count(*) FROM idempotency_keys WHERE key IN ($(key_list "$work/term-direct/broken.txt"))")" -eq 0 ]
check "every order node 2 answered 201 is in the database" [ "$(sql "SELECT count(*) FROM orders WHERE id IN ($(id_list "$work/term-direct/placed.txt"))")" -eq "$STREAM_PLACED" ]
check "node 2 stopped taking new connections (refused after SIGTERM)" grep -q 'refused:' <<<"$STREAM_FINAL"
check "node 2 answered only 201 until it stopped (no 5xx while stopping)" grep -Eqx '(201|broken|refused):[0-9]+(,(201|broken|refused):[0-9]+)*' <<<"$STREAM_FINAL"
check "the stopped node released its claims" [ "$(claims_held_by "$stopped")" -eq 0 ]
check "node 2 logged a graceful shutdown" grep -q 'Application is shutting down' "$CIRCULA_CLUSTER_DIR/node2/server.log"
term_direct_sku=$STREAM_SKU

say "timeouts and the outbox after the failures (payment timeout 40 s)"
skus="$kill_sku,$term_nginx_sku,$term_direct_sku"
unpaid() { [ "$(sql "SELECT count(*) FROM orders o WHERE o.status <> 'Cancelled' AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.sku_id IN ($skus))")" -eq 0 ]; }
check "every unpaid order placed during the failures was cancelled by its payment timeout" wait_until 120 unpaid
check "their stock went back: nothing reserved, all available" [ "$(sql "SELECT count(*) FROM inventory_items WHERE sku_id IN ($skus) AND (reserved <> 0 OR available <> on_hand)")" -eq 0 ]
if [ -n "$orphans" ]; then
  check "the timers the killed node had claimed were fired by the survivor" [ "$(sql "SELECT count(*) FROM durable_timers WHERE id IN ($orphans) AND completed_at IS NULL")" -eq 0 ]
fi
delivered() { [ "$(sql "SELECT count(*) FROM outbox_messages WHERE status = 0")" -eq 0 ]; }
check "the outbox delivered every event" wait_until 60 delivered
check "no event became a dead letter" [ "$(sql "SELECT count(*) FROM outbox_messages WHERE status = 2")" -eq 0 ]
