#!/usr/bin/env bash
# Server CPU per placed order (docs/benchmarks.md, issue #14): a figure that holds up better than req/s when other work
# shares the machine. Starts PostgreSQL and the server as run-orders.sh does (scripts/bench-server.sh; server_dll=<path>
# measures another build, e.g. a copy of an older one), with pg_stat_statements on. Then it prepares 200 SKUs and 500
# buyers, warms up for 10 s and runs wrk for BENCH_DURATION seconds (default 15). It prints the server's and PostgreSQL's
# CPU ms per order, during wrk and until the outbox has delivered every event, and the statements per order.
# Compare two builds only in runs taken in turn: CPU per order rises with the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-server.sh
eval "pg_start_plain() $(declare -f pg_start | tail -n +2)"
pg_start() { pg_start_plain "$@" -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all; }

duration=${BENCH_DURATION:-15}
bench_start circula-order-cpu wrk
psql_db -c "CREATE EXTENSION pg_stat_statements" >/dev/null
bench_tool setup --base "$base" --admin-password "$admin_password" --skus 200 --buyers 500 --out "$out" >/dev/null
wrk -t2 -c64 -d10s --timeout 10s -s bench/place-order.lua "$base" -- "$out" >/dev/null
drain_outbox >/dev/null

psql_db -c "SELECT pg_stat_statements_reset()" >/dev/null
orders0=$(psql_db -c "SELECT count(*) FROM orders"); server0=$(ticks_of "$server_pid"); pg0=$(pg_ticks)
wrk -t2 -c64 -d"${duration}s" --latency --timeout 10s -s bench/place-order.lua "$base" -- "$out" >"$out/wrk.txt"
server1=$(ticks_of "$server_pid"); pg1=$(pg_ticks); orders1=$(psql_db -c "SELECT count(*) FROM orders"); pending=$(outbox_pending)
drained=$(drain_outbox)
server2=$(ticks_of "$server_pid"); pg2=$(pg_ticks)
# Statements the server sent; the foreign-key checks PostgreSQL runs inside each insert are counted apart.
read -r statements fk_checks <<<"$(psql_db -F ' ' -c "SELECT sum(calls), coalesce(sum(calls) FILTER (WHERE query LIKE '%FOR KEY SHARE OF x'), 0)
  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'circula'")"

awk -v n=$((orders1 - orders0)) -v s1=$((server1 - server0)) -v s2=$((server2 - server0)) -v p1=$((pg1 - pg0)) -v p2=$((pg2 - pg0)) \
  -v hz="$(getconf CLK_TCK)" -v pending="$pending" -v drained="$drained" -v st="$statements" -v fk="$fk_checks" -v rps="$(sed -n 's/^WRK_RPS=//p' "$out/wrk.txt")" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
  'BEGIN {
    printf "| orders | req/s | server ms/order: during wrk / until the outbox drained | PostgreSQL ms/order: the same | outbox pending after wrk, drained in | statements per order: sent / with FK checks | load average |\n|---|---|---|---|---|---|---|\n"
    printf "| %d | %s | %.2f / %.2f | %.2f / %.2f | %d, %d s | %.1f / %.1f | %s |\n", n, rps, s1 * 1000 / hz / n, s2 * 1000 / hz / n, p1 * 1000 / hz / n, p2 * 1000 / hz / n, pending, drained, (st - fk) / n, st / n, load
  }'
