#!/usr/bin/env bash
# The order benchmarks in one command (docs/benchmarks.md): installs wrk and PostgreSQL from Debian if missing,
# starts a throwaway PostgreSQL on loopback, builds Release, starts the server on it, prepares data, runs
# pgbench (the database floor), wrk (the server) and the flash sale against the same server and database, stops
# everything and prints the results in Markdown. BENCH_DURATION (seconds, default 30) shortens a trial run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/throwaway-postgres.sh

duration=${BENCH_DURATION:-30}
connections=64
skus=200
buyers=500

command -v dotnet >/dev/null || { echo "dotnet SDK 10 is required on PATH" >&2; exit 1; }
# shellcheck disable=SC2207 # one word or none each
packages=($(missing_postgres) $(command -v wrk >/dev/null || echo wrk))
install_missing "${packages[@]}"

workdir=$(pg_workdir circula-bench)
out="$workdir/bench"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  pg_stop "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start "$workdir" -c max_connections=300 -c synchronous_commit=off -c shared_buffers=256MB
psql_db() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d circula -Atq "$@"; }
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres circula

log "building"
dotnet build Circula.slnx -c Release -nologo -v quiet

server_port=$(free_port)
base="http://127.0.0.1:$server_port"
admin_password=$(openssl rand -hex 16)
log "starting the server on $base (log: $workdir/server.log)"
ASPNETCORE_ENVIRONMENT=Production \
Circula__Database__Provider=Postgres \
Circula__Database__ConnectionString="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=circula" \
Circula__Jwt__SigningKey="$(openssl rand -base64 32)" \
Circula__Jwt__AccessTokenMinutes=60 \
Circula__Pii__EncryptionKey="$(openssl rand -base64 32)" \
Circula__Pii__HashKey="$(openssl rand -base64 32)" \
Circula__Sandbox__Enabled=true \
Circula__Bootstrap__AdminPassword="$admin_password" \
Circula__RateLimits__LoginPerMinute=1000000 \
  dotnet src/Circula.Server/bin/Release/net10.0/Circula.Server.dll --urls "$base" >"$workdir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
  curl -fsS "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$workdir/server.log" >&2; echo "the server stopped" >&2; exit 1; }
  sleep 1
done
curl -fsS "$base/health/ready" >/dev/null

bench_tool() { dotnet bench/Circula.Bench/bin/Release/net10.0/Circula.Bench.dll "$@"; }

log "preparing $skus SKUs and $buyers buyers"
bench_tool setup --base "$base" --admin-password "$admin_password" --skus "$skus" --buyers "$buyers" --out "$out"
# shellcheck disable=SC1091 # written by setup
. "$out/pgbench.env"

# CPU time of the server, of every PostgreSQL process (with the backends the postmaster reaped), of this script's
# children (the load generator: wrk or pgbench) and of the whole machine, so each scenario can say who used the
# two cores. Marks are "server postgres generator machine" in clock ticks, then the wall clock in microseconds.
ticks_of() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { local t=0 p; for p in $(pgrep -u postgres); do t=$((t + $(ticks_of "$p"))); done; echo "$t"; }
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
children_ticks() { awk -v hz="$(getconf CLK_TCK)" 'NR == 2 { split($0, t, /[ms ]+/); printf "%d\n", ((t[1] * 60 + t[2]) + (t[3] * 60 + t[4])) * hz }' "$out/times"; }
# cpu_mark VAR: `times` must run in this shell (a subshell would report its own children only), hence no $(...).
cpu_mark() { times >"$out/times"; printf -v "$1" '%s %s %s %s %s' "$(ticks_of "$server_pid")" "$(pg_ticks)" "$(children_ticks)" "$(machine_ticks)" "${EPOCHREALTIME/./}"; }
# cores used between two marks: server, PostgreSQL, load generator, anything else on the machine, all together
cpu_share() {
  local s0 p0 g0 m0 w0 s1 p1 g1 m1 w1
  read -r s0 p0 g0 m0 w0 <<<"$1"; read -r s1 p1 g1 m1 w1 <<<"$2"
  awk -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v g=$((g1 - g0)) -v m=$((m1 - m0)) -v hz="$(getconf CLK_TCK)" -v w=$((w1 - w0)) \
    'BEGIN { d = w / 1e6 * hz; o = m - s - p - g; if (o < 0) o = 0; printf "%.2f %.2f %.2f %.2f %.2f\n", s / d, p / d, g / d, o / d, m / d }'
}
percentile() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; printf "%.1f\n", v[i] / 1000 }'; }
outbox_pending() { psql_db -c "SELECT count(*) FROM outbox_messages WHERE status = 0"; }
# Waits (at most 120 s) until the server's dispatcher has delivered every pending event; prints the seconds it took.
drain_outbox() {
  local start=$SECONDS
  while [ "$(outbox_pending)" -gt 0 ] && [ $((SECONDS - start)) -lt 120 ]; do sleep 1; done
  echo $((SECONDS - start))
}

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
cpu_mark mark
wrk -t2 -c"$connections" -d"${duration}s" --latency --timeout 10s -s bench/place-order.lua "$base" -- "$out" | tee "$out/wrk.txt"
cpu_mark mark_end
read -r wrk_server_cores wrk_pg_cores wrk_gen_cores wrk_other_cores wrk_all_cores <<<"$(cpu_share "$mark" "$mark_end")"
wrk_value() { sed -n "s/^$1=//p" "$out/wrk.txt"; }
pending_after_wrk=$(outbox_pending)

log "letting the outbox dispatcher deliver the $pending_after_wrk events still pending (at most 120 s)"
drain_seconds=$(drain_outbox)

log "flash sale: 1,000 pieces, 5,000 buyers, one order each, 64 at a time"
set +e
bench_tool flash-sale --base "$base" --admin-password "$admin_password" --stock 1000 --buyers 5000 --concurrency "$connections" \
  --results "$out/flash.env"
flash_status=$?
set -e
[ -f "$out/flash.env" ] || { echo "the flash sale wrote no results" >&2; exit 1; }
# shellcheck disable=SC1091 # written by flash-sale
. "$out/flash.env"
# The database's own count, apart from the API's: order lines and reserved stock of the hot SKU.
db_flash_orders=$(psql_db -c "SELECT count(*) FROM order_lines WHERE sku_id = $FLASH_SKU")
db_flash_stock=$(psql_db -c "SELECT on_hand || '/' || reserved || '/' || available FROM inventory_items WHERE sku_id = $FLASH_SKU")

ratio=$(awk -v a="$(wrk_value WRK_RPS)" -v b="$pgb_tps" 'BEGIN { printf "%.0f", 100 * a / b }')
verdict() { if [ "$1" -eq 1 ]; then echo "met"; else echo "**missed**"; fi; }
ratio_met=$(awk -v r="$ratio" 'BEGIN { print (r >= 75) ? 1 : 0 }')
p99_met=$(awk -v p="$(wrk_value WRK_P99_MS)" 'BEGIN { print (p < 100) ? 1 : 0 }')

cat <<MD

## Results ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), PostgreSQL $("$PGBIN/postgres" --version | awk '{ print $3 }'))

Place order, ${duration} s, ${connections} connections/clients, ${skus} SKUs, ${buyers} buyers:

| | per second | p50 | p99 | errors | cores used: server / PostgreSQL / load generator / other processes (all) |
|---|---|---|---|---|---|
| server (wrk, \`POST /api/v1/orders\`) | $(wrk_value WRK_RPS) req/s ($(wrk_value WRK_REQUESTS) requests) | $(wrk_value WRK_P50_MS) ms | $(wrk_value WRK_P99_MS) ms | $(wrk_value WRK_NON2XX) non-2xx, $(wrk_value WRK_SOCKET_ERRORS) socket | $wrk_server_cores / $wrk_pg_cores / $wrk_gen_cores / $wrk_other_cores ($wrk_all_cores) |
| PostgreSQL alone (pgbench, same transaction) | $pgb_tps tps ($pgb_tx transactions) | $pgb_p50 ms | $pgb_p99 ms (avg $pgb_avg) | $pgb_failed failed | $pgb_server_cores / $pgb_pg_cores / $pgb_gen_cores / $pgb_other_cores ($pgb_all_cores) |

- server / pgbench: **${ratio}%** (target ≥ 75%: $(verdict "$ratio_met")); server p99 $(wrk_value WRK_P99_MS) ms (target < 100 ms: $(verdict "$p99_met"))
- outbox events pending when wrk stopped: $pending_after_wrk, delivered by the dispatcher within ${drain_seconds} s

Flash sale, ${FLASH_STOCK} pieces, ${FLASH_BUYERS} buyers, ${FLASH_CONCURRENCY} at a time:

| sold (201) | refused (409) | other answers | oversold | orders created | stock on-hand/reserved/available (SQL) | sold out after | all answered after | p50 | p99 |
|---|---|---|---|---|---|---|---|---|---|
| $FLASH_SOLD | $FLASH_REFUSED | $FLASH_OTHER | $FLASH_OVERSOLD | $FLASH_ORDERS_PLACED (API), $db_flash_orders (SQL) | $db_flash_stock | ${FLASH_SOLD_OUT_MS} ms | ${FLASH_TOTAL_MS} ms | ${FLASH_P50_MS} ms | ${FLASH_P99_MS} ms |
MD

if [ "$flash_status" -ne 0 ] || [ "$db_flash_orders" -ne "$FLASH_STOCK" ]; then
  echo "the flash sale FAILED its checks" >&2
  exit 1
fi
