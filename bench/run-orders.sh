#!/usr/bin/env bash
# The order benchmarks in one command (docs/benchmarks.md): installs wrk and PostgreSQL from Debian if missing,
# starts a throwaway PostgreSQL on loopback, builds Release, starts the server on it, prepares data, runs
# pgbench (the database floor), wrk (the server, its memory sampled) and the flash sale against the same server and
# database, then the flash sale again with a second server process on that database, stops everything and prints the
# results in Markdown. BENCH_DURATION (seconds, default 30) shortens a trial run.
# BENCH_BASELINE=<commit> also measures that commit's server (place order and the flash sale) in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-server.sh

duration=${BENCH_DURATION:-30}
connections=64
skus=200
buyers=500

bench_start circula-bench wrk
build_baseline

# The outbox lag during the wrk run (issue #14): once a second, how many events are pending and how long the oldest
# has waited since it was committed; outbox_lag_stop sets lag_samples, lag_max_pending and lag_max_seconds.
outbox_lag_start() {
  : >"$out/outbox-lag.txt"
  (
    while kill -0 $$ 2>/dev/null; do # stops with the script, whichever way it ends
      psql_db -F ' ' -c "SELECT count(*), coalesce(extract(epoch FROM max(now() - occurred_at)), 0) FROM outbox_messages WHERE status = 0" \
        >>"$out/outbox-lag.txt" || true
      sleep 1
    done
  ) &
  outbox_lag_pid=$!
}
outbox_lag_stop() {
  kill "$outbox_lag_pid" 2>/dev/null || true
  wait "$outbox_lag_pid" 2>/dev/null || true
  read -r lag_samples lag_max_pending lag_max_seconds <<<"$(awk '{ n++; if ($1 > p) p = $1; if ($2 > l) l = $2 } END { printf "%d %d %.2f\n", n, p, l }' "$out/outbox-lag.txt")"
}

# --- the server's memory during the place-order run: VmRSS sampled every 0.2 s, and the kernel's high-water mark (VmHWM)
rss_watch_start() {
  local pid=$1 file=$2
  (while [ -r "/proc/$pid/status" ]; do awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; sleep 0.2; done >"$file") &
  rss_watcher=$!
  rss_pid=$pid rss_file=$file
}
rss_watch_stop() {
  kill "$rss_watcher" 2>/dev/null || true
  wait "$rss_watcher" 2>/dev/null || true
  rss_max_mb=$(sort -n "$rss_file" | tail -n 1 | awk '{ printf "%.0f", $1 / 1024 }')
  rss_hwm_mb=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$rss_pid/status")
}

# --- the flash sale: run_flash_sale NAME BASE [--also URL]: 1,000 pieces, 5,000 buyers, one order each, 64 at a time, on
# one server process or (--also) two on the same database; the bench tool's results, then the database's own count of
# order lines and stock of the hot SKU, in FLASH_<NAME>_ROW (a results table row); a failed check fails the run at the end.
flash_failed=0
run_flash_sale() {
  local name=$1 url=$2; shift 2
  log "flash sale ($name server process(es)): 1,000 pieces, 5,000 buyers, one order each, 64 at a time"
  local status=0
  bench_tool flash-sale --base "$url" --admin-password "$admin_password" --stock 1000 --buyers 5000 --concurrency "$connections" \
    --results "$out/flash-$name.env" "$@" || status=$?
  [ -f "$out/flash-$name.env" ] || { echo "the flash sale wrote no results" >&2; exit 1; }
  # shellcheck disable=SC1090 # written by flash-sale
  . "$out/flash-$name.env"
  local db_orders db_stock
  db_orders=$(psql_db -c "SELECT count(*) FROM order_lines WHERE sku_id = $FLASH_SKU")
  db_stock=$(psql_db -c "SELECT on_hand || '/' || reserved || '/' || available FROM inventory_items WHERE sku_id = $FLASH_SKU")
  printf -v "flash_${name}_row" '| %s | %s | %s | %s | %s | %s (API), %s (SQL) | %s | %s ms | %s ms | %s ms | %s ms |' \
    "$FLASH_SERVERS" "$FLASH_SOLD" "$FLASH_REFUSED" "$FLASH_OTHER" "$FLASH_OVERSOLD" "$FLASH_ORDERS_PLACED" "$db_orders" "$db_stock" \
    "$FLASH_SOLD_OUT_MS" "$FLASH_TOTAL_MS" "$FLASH_P50_MS" "$FLASH_P99_MS"
  if [ "$status" -ne 0 ] || [ "$db_orders" -ne "$FLASH_STOCK" ]; then flash_failed=1; fi
}

log "preparing $skus SKUs and $buyers buyers"
bench_tool setup --base "$base" --admin-password "$admin_password" --skus "$skus" --buyers "$buyers" --out "$out"
# shellcheck disable=SC1091 # written by setup
. "$out/pgbench.env"

log "warming up the server (5 s, not measured)"
wrk -t2 -c"$connections" -d5s --timeout 10s -s bench/place-order.lua "$base" -- "$out" >/dev/null
drain_outbox >/dev/null

log "pgbench: the same transaction straight on PostgreSQL (${duration} s, $connections clients)"
cpu_mark mark
"$PGBIN/pgbench" -n -M extended -c "$connections" -j 2 -T "$duration" -f bench/place-order.pgbench.sql \
  -D skumin="$SKU_MIN" -D skumax="$SKU_MAX" -D usermin="$USER_MIN" -D usermax="$USER_MAX" \
  -l --log-prefix="$out/pgbench-log" -h 127.0.0.1 -p "$PGPORT" -U postgres circula | tee "$out/pgbench.txt"
cpu_mark mark_end
read -r pgb_server_cores pgb_pg_cores pgb_gen_cores pgb_other_cores pgb_all_cores <<<"$(cpu_share "$mark" "$mark_end")"
pgb_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out/pgbench.txt" | awk '{ printf "%.1f", $1 }')
pgb_tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out/pgbench.txt")
pgb_failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out/pgbench.txt")
pgb_avg=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$out/pgbench.txt")
pgb_p50=$(cat "$out"/pgbench-log.* | awk '{ print $3 }' | percentile 50)
pgb_p99=$(cat "$out"/pgbench-log.* | awk '{ print $3 }' | percentile 99)

log "wrk: POST /api/v1/orders on the server (${duration} s, $connections connections)"
rss_watch_start "$server_pid" "$out/rss.txt"
cpu_mark mark
outbox_lag_start
wrk -t2 -c"$connections" -d"${duration}s" --latency --timeout 10s -s bench/place-order.lua "$base" -- "$out" | tee "$out/wrk.txt"
cpu_mark mark_end
outbox_lag_stop
rss_watch_stop
read -r wrk_server_cores wrk_pg_cores wrk_gen_cores wrk_other_cores wrk_all_cores <<<"$(cpu_share "$mark" "$mark_end")"
wrk_value() { sed -n "s/^$1=//p" "$out/wrk.txt"; }
pending_after_wrk=$(outbox_pending)

log "letting the outbox dispatcher deliver the $pending_after_wrk events still pending (at most 120 s)"
drain_seconds=$(drain_outbox)

# The baseline (BENCH_BASELINE, e.g. the issue's main): the same place-order wrk and flash sale on that commit's server,
# on a database of its own, after the current server stopped, so today's figures come from this run and this machine.
measure_baseline() {
  local dir="$out/baseline" settings url
  mkdir -p "$dir"
  read -r -a settings <<<"$(baseline_database)"
  url="http://127.0.0.1:$(free_port)"
  log "baseline $BENCH_BASELINE: place order (${duration} s) and the flash sale"
  server_dll=$baseline_dll launch_server "$url" "$workdir/baseline.log" "${settings[@]}"
  server_pid=$launched_pid
  bench_tool setup --base "$url" --admin-password "$admin_password" --skus "$skus" --buyers "$buyers" --out "$dir"
  wrk -t2 -c"$connections" -d5s --timeout 10s -s bench/place-order.lua "$url" -- "$dir" >/dev/null
  bench_db=circula_baseline drain_outbox >/dev/null
  local lag_now="$lag_samples $lag_max_pending $lag_max_seconds"
  bench_db=circula_baseline outbox_lag_start
  cpu_mark mark
  wrk -t2 -c"$connections" -d"${duration}s" --latency --timeout 10s -s bench/place-order.lua "$url" -- "$dir" >"$dir/wrk.txt"
  cpu_mark mark_end
  outbox_lag_stop
  base_lag_max_pending=$lag_max_pending base_lag_max_seconds=$lag_max_seconds
  read -r lag_samples lag_max_pending lag_max_seconds <<<"$lag_now"
  read -r base_server_cores base_pg_cores base_gen_cores base_other_cores base_all_cores <<<"$(cpu_share "$mark" "$mark_end")"
  base_pending=$(bench_db=circula_baseline outbox_pending)
  base_drain_seconds=$(bench_db=circula_baseline drain_outbox)
  bench_tool flash-sale --base "$url" --admin-password "$admin_password" --stock 1000 --buyers 5000 --concurrency "$connections" \
    --results "$dir/flash.env" || true
  stop_server "$server_pid"
}
base_value() { sed -n "s/^$1=//p" "$out/baseline/wrk.txt"; }
base_flash() { sed -n "s/^$1=//p" "$out/baseline/flash.env"; }
baseline_md() {
  [ -n "$baseline_dll" ] || return 0
  cat <<MD

Baseline $BENCH_BASELINE in this run (its own server and database, the same commands):

| | per second | p50 | p99 | errors | cores used: server / PostgreSQL / load generator / other processes (all) | outbox during wrk: most pending, oldest | outbox pending when wrk stopped, drained within |
|---|---|---|---|---|---|---|---|
| baseline server (wrk) | $(base_value WRK_RPS) req/s = $(awk -v a="$(base_value WRK_RPS)" -v b="$pgb_tps" 'BEGIN { printf "%.0f%%", 100 * a / b }') of pgbench | $(base_value WRK_P50_MS) ms | $(base_value WRK_P99_MS) ms | $(base_value WRK_NON2XX) non-2xx, $(base_value WRK_SOCKET_ERRORS) socket | $base_server_cores / $base_pg_cores / $base_gen_cores / $base_other_cores ($base_all_cores) | $base_lag_max_pending, ${base_lag_max_seconds} s | $base_pending, ${base_drain_seconds} s |

| baseline flash sale | sold (201) | refused (409) | other answers | oversold | sold out after | p99 |
|---|---|---|---|---|---|---|
| 1,000 pieces, 5,000 buyers, ${connections} at a time | $(base_flash FLASH_SOLD) | $(base_flash FLASH_REFUSED) | $(base_flash FLASH_OTHER) | $(base_flash FLASH_OVERSOLD) | $(base_flash FLASH_SOLD_OUT_MS) ms | $(base_flash FLASH_P99_MS) ms |
MD
}

run_flash_sale one "$base"
log "starting a second server process on the same database"
second_base="http://127.0.0.1:$(free_port)"
read -r -a second_settings <<<"$(postgres_settings)"
launch_server "$second_base" "$workdir/server2.log" "${second_settings[@]}"
second_pid=$launched_pid
run_flash_sale two "$base" --also "$second_base"

if [ -n "$baseline_dll" ]; then
  stop_server "$server_pid"; stop_server "$second_pid"
  measure_baseline
fi

ratio=$(awk -v a="$(wrk_value WRK_RPS)" -v b="$pgb_tps" 'BEGIN { printf "%.0f", 100 * a / b }')
verdict() { if [ "$1" -eq 1 ]; then echo "met"; else echo "**missed**"; fi; }
ratio_met=$(awk -v r="$ratio" 'BEGIN { print (r >= 100) ? 1 : 0 }')
lag_met=$(awk -v l="$lag_max_seconds" 'BEGIN { print (l < 1) ? 1 : 0 }')
p99_met=$(awk -v p="$(wrk_value WRK_P99_MS)" 'BEGIN { print (p < 100) ? 1 : 0 }')

cat <<MD

$(results_header)

Place order, ${duration} s, ${connections} connections/clients, ${skus} SKUs, ${buyers} buyers:

| | per second | p50 | p99 | errors | cores used: server / PostgreSQL / load generator / other processes (all) |
|---|---|---|---|---|---|
| server (wrk, \`POST /api/v1/orders\`) | $(wrk_value WRK_RPS) req/s ($(wrk_value WRK_REQUESTS) requests) | $(wrk_value WRK_P50_MS) ms | $(wrk_value WRK_P99_MS) ms | $(wrk_value WRK_NON2XX) non-2xx, $(wrk_value WRK_SOCKET_ERRORS) socket | $wrk_server_cores / $wrk_pg_cores / $wrk_gen_cores / $wrk_other_cores ($wrk_all_cores) |
| PostgreSQL alone (pgbench, same transaction) | $pgb_tps tps ($pgb_tx transactions) | $pgb_p50 ms | $pgb_p99 ms (avg $pgb_avg) | $pgb_failed failed | $pgb_server_cores / $pgb_pg_cores / $pgb_gen_cores / $pgb_other_cores ($pgb_all_cores) |

- server / pgbench: **${ratio}%** (target ≥ 100%, issue #14: $(verdict "$ratio_met")); server p99 $(wrk_value WRK_P99_MS) ms (target < 100 ms: $(verdict "$p99_met"))
- outbox lag during wrk (sampled each second, $lag_samples samples): at most $lag_max_pending events pending, the oldest pending one committed at most ${lag_max_seconds} s before (target < 1 s: $(verdict "$lag_met"))
- outbox events pending when wrk stopped: $pending_after_wrk, delivered by the dispatcher within ${drain_seconds} s

- server memory during the place-order run: VmRSS at most ${rss_max_mb} MB (sampled every 0.2 s), VmHWM ${rss_hwm_mb} MB (target ≤ 300 MB)

Flash sale, 1000 pieces, 5000 buyers, 64 at a time (two processes: buyers alternate between them):

| server processes | sold (201) | refused (409) | other answers | oversold | orders created | stock on-hand/reserved/available (SQL) | sold out after | all answered after | p50 | p99 |
|---|---|---|---|---|---|---|---|---|---|---|
$flash_one_row
$flash_two_row
MD
baseline_md

if [ "$flash_failed" -ne 0 ]; then
  echo "the flash sale FAILED its checks" >&2
  exit 1
fi
