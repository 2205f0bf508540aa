#!/usr/bin/env bash
# The payments benchmark in one command (docs/benchmarks.md, "Payments: notification storm"): starts a throwaway
# PostgreSQL and the server as bench/run-orders.sh does (scripts/bench-server.sh), prepares 100 buyers with one order
# and one WeChat Pay JSAPI payment each, then has the WeChat Pay sandbox send every payment's notification 10 times
# at once, all 100 payments in parallel (1,000 notifications), and checks through the API and in SQL that each order
# was paid exactly once. Prints the results in Markdown; any double processing or missing payment exits non-zero.
# STORM_ORDERS and STORM_COPIES change the size (defaults 100 and 10; the sandbox sends at most 20 copies).
# BENCH_BASELINE=<commit> also runs the same storm on that commit's server (its own database) in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-server.sh

orders=${STORM_ORDERS:-100}
copies=${STORM_COPIES:-10}

bench_start circula-bench-payments
build_baseline

log "preparing $orders buyers, orders and WeChat Pay payments (and a warm-up of 20 paid orders, not measured)"
bench_tool storm-prepare --base "$base" --admin-password "$admin_password" --orders "$orders" --copies "$copies" --dir "$out"
# shellcheck disable=SC1091 # written by storm-prepare
. "$out/storm.env"
drain_outbox >/dev/null
races_log() { grep -c "lost a race to its twin" "$workdir/server.log" || true; }
races_before=$(races_log)

log "notification storm: $copies identical notifications for each of $orders payments, all at once"
set +e
cpu_mark mark
bench_tool notification-storm --base "$base" --copies "$copies" --dir "$out"
fire_status=$?
cpu_mark mark_end
set -e
read -r server_cores pg_cores gen_cores other_cores all_cores <<<"$(cpu_share "$mark" "$mark_end")"
[ -f "$out/fired.env" ] || { echo "the storm wrote no results" >&2; exit 1; }
# shellcheck disable=SC1091 # written by notification-storm
. "$out/fired.env"
races=$(($(races_log) - races_before))
pending_after_storm=$(outbox_pending)
drain_seconds=$(drain_outbox)

log "checking through the API"
set +e
bench_tool storm-verify --base "$base" --admin-password "$admin_password" --dir "$out"
verify_status=$?
set -e
[ -f "$out/verified.env" ] || { echo "the check wrote no results" >&2; exit 1; }
# shellcheck disable=SC1091 # written by storm-verify
. "$out/verified.env"

# The database's own count, apart from the API's, over the storm's orders (the ones of its SKU).
IFS='|' read -r db_orders db_paid db_payments db_succeeded db_transactions db_paid_entries db_paid_twice db_status_events \
  db_status_event_orders db_payment_events db_payment_event_orders db_notifications db_outcomes <<<"$(psql_db <<SQL
WITH o AS (SELECT DISTINCT order_id AS id FROM order_lines WHERE sku_id = $STORM_SKU),
     p AS (SELECT * FROM payments WHERE order_id IN (SELECT id FROM o)),
     h AS (SELECT order_id, count(*) AS n FROM order_history WHERE to_status = 'Paid' AND order_id IN (SELECT id FROM o) GROUP BY order_id),
     e AS (SELECT type, (payload::jsonb ->> 'orderId')::bigint AS order_id FROM outbox_messages
           WHERE (type = 'order.status-changed.v1' AND payload::jsonb ->> 'to' = 'paid')
              OR (type = 'payment.status-changed.v1' AND payload::jsonb ->> 'to' = 'succeeded')),
     n AS (SELECT outcome FROM payment_notifications WHERE payment_id IN (SELECT id FROM p))
SELECT (SELECT count(*) FROM o),
       (SELECT count(*) FROM orders WHERE id IN (SELECT id FROM o) AND status = 'Paid'),
       (SELECT count(*) FROM p),
       (SELECT count(*) FROM p WHERE status = 'Succeeded'),
       (SELECT count(DISTINCT provider_transaction_id) FROM p),
       (SELECT coalesce(sum(n), 0) FROM h),
       (SELECT count(*) FROM h WHERE n > 1),
       (SELECT count(*) FROM e WHERE type = 'order.status-changed.v1' AND order_id IN (SELECT id FROM o)),
       (SELECT count(DISTINCT order_id) FROM e WHERE type = 'order.status-changed.v1' AND order_id IN (SELECT id FROM o)),
       (SELECT count(*) FROM e WHERE type = 'payment.status-changed.v1' AND order_id IN (SELECT id FROM o)),
       (SELECT count(DISTINCT order_id) FROM e WHERE type = 'payment.status-changed.v1' AND order_id IN (SELECT id FROM o)),
       (SELECT count(*) FROM n),
       (SELECT coalesce(string_agg(outcome || ' ' || c, ', ' ORDER BY outcome), '') FROM (SELECT outcome, count(*) AS c FROM n GROUP BY outcome) x);
SQL
)"

# The baseline (BENCH_BASELINE): the same preparation and storm on that commit's server, after the current one stopped.
baseline_md() {
  [ -n "$baseline_dll" ] || return 0
  local dir="$out/baseline" settings url
  mkdir -p "$dir"
  stop_server "$server_pid"
  read -r -a settings <<<"$(baseline_database)"
  url="http://127.0.0.1:$(free_port)"
  log "baseline $BENCH_BASELINE: the same storm" >&2
  server_dll=$baseline_dll launch_server "$url" "$workdir/baseline.log" "${settings[@]}" >&2
  server_pid=$launched_pid
  bench_tool storm-prepare --base "$url" --admin-password "$admin_password" --orders "$orders" --copies "$copies" --dir "$dir" >&2
  bench_db=circula_baseline drain_outbox >/dev/null
  cpu_mark mark
  bench_tool notification-storm --base "$url" --copies "$copies" --dir "$dir" >&2 || true
  cpu_mark mark_end
  local s p g o a; read -r s p g o a <<<"$(cpu_share "$mark" "$mark_end")"
  bench_db=circula_baseline drain_outbox >/dev/null
  bench_tool storm-verify --base "$url" --admin-password "$admin_password" --dir "$dir" >&2 || true
  # shellcheck disable=SC1091 # written by notification-storm and storm-verify
  (. "$dir/fired.env"; . "$dir/verified.env"
   cat <<MD

Baseline $BENCH_BASELINE in this run (its own server and database, the same storm):

| notifications | answered | all answered after | rate | all orders paid after | orders paid (API) | cores used: server / PostgreSQL / load generator / other processes (all) |
|---|---|---|---|---|---|---|
| ${STORM_NOTIFICATIONS} | ${STORM_STATUSES} | ${STORM_ANSWERED_MS} ms | **${STORM_RATE} answered notifications/s** | ${STORM_ALL_PAID_MS} ms | ${STORM_API_PAID} | $s / $p / $g / $o ($a) |
MD
  )
}

failures=()
check() { [ "$1" = "$2" ] || failures+=("$3: $1, expected $2"); }
check "$db_orders" "$orders" "orders of the storm SKU (SQL)"
check "$db_paid" "$orders" "orders Paid (SQL)"
check "$db_payments" "$orders" "payments (SQL)"
check "$db_succeeded" "$orders" "payments Succeeded (SQL)"
check "$db_transactions" "$orders" "distinct WeChat Pay transactions (SQL)"
check "$db_paid_entries" "$orders" "order_history rows to Paid (SQL)"
check "$db_paid_twice" 0 "orders with more than one history row to Paid (SQL)"
check "$db_status_events/$db_status_event_orders" "$orders/$orders" "order.status-changed to Paid events / orders (SQL)"
check "$db_payment_events/$db_payment_event_orders" "$orders/$orders" "payment.status-changed to succeeded events / orders (SQL)"
check "$db_outcomes" "paid $orders" "payment_notifications outcomes (SQL)"

cat <<MD

$(results_header)

Notification storm: ${STORM_ORDERS} WeChat Pay JSAPI payments, ${STORM_COPIES} identical notifications each sent at once by the sandbox, all payments in parallel (${STORM_NOTIFICATIONS} notifications):

| notifications | answered | all answered after | rate | all orders paid after | sandbox call (${STORM_COPIES} copies) p50 / p99 / max | cores used: server / PostgreSQL / load generator / other processes (all) |
|---|---|---|---|---|---|---|
| ${STORM_NOTIFICATIONS} | ${STORM_STATUSES} (status:count) | ${STORM_ANSWERED_MS} ms | **${STORM_RATE} answered notifications/s** | ${STORM_ALL_PAID_MS} ms (first ${STORM_FIRST_PAID_MS} ms) | ${STORM_CALL_P50_MS} / ${STORM_CALL_P99_MS} / ${STORM_CALL_MAX_MS} ms | $server_cores / $pg_cores / $gen_cores / $other_cores ($all_cores) |

| check | API | SQL |
|---|---|---|
| orders paid | ${STORM_API_PAID} (paid orders +${STORM_API_PAID_DELTA}) | $db_paid of $db_orders |
| payments succeeded | ${STORM_API_SUCCEEDED} | $db_succeeded of $db_payments, $db_transactions distinct transactions |
| history entries to paid | ${STORM_API_PAID_ENTRIES} | $db_paid_entries ($db_paid_twice orders with more than one) |
| \`order.status-changed\` to Paid | ${STORM_API_STATUS_EVENTS} | $db_status_events for $db_status_event_orders orders |
| \`payment.status-changed\` to succeeded | ${STORM_API_PAYMENT_EVENTS} | $db_payment_events for $db_payment_event_orders orders |
| \`payment_notifications\` rows | – | $db_notifications ($db_outcomes) |

- copies that lost the race in the database (unique index or version check) and were answered as duplicates: $races
  (server log "lost a race to its twin"); the other duplicates waited for the first copy in flight (or found its row
  committed) and were answered with its outcome, without a transaction
- outbox events pending when the storm was answered: $pending_after_storm, delivered by the dispatcher within ${drain_seconds} s
MD
baseline_md

if [ "$fire_status" -ne 0 ] || [ "$verify_status" -ne 0 ] || [ ${#failures[@]} -gt 0 ]; then
  for failure in "${failures[@]}"; do echo "notification storm FAILED: $failure" >&2; done
  echo "the notification storm FAILED its checks" >&2
  exit 1
fi
