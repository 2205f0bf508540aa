#!/usr/bin/env bash
# The browse benchmark in one command (docs/benchmarks.md): starts a throwaway PostgreSQL and the server on it as
# bench/run-orders.sh does (scripts/bench-server.sh), creates 200 on-shelf products in one category, then measures with
# wrk -t2 -c64 the /health/live ceiling, the list page (20 items, category filter) and product details, with the browse
# cache on and off, on one and on two server processes (PostgreSQL) and on one process on an embedded SQLite file, and
# prints the results in Markdown. BENCH_DURATION (seconds per measurement, default 20) shortens a trial run.
# BENCH_BASELINE=<commit> (docs/benchmarks.md: the issue's main, cb8a98e) also measures that commit's server, one
# process on PostgreSQL and one on SQLite, in the same run, and compares with it instead of the issue's figures.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-server.sh

duration=${BENCH_DURATION:-20}
connections=64
# Today's figures (issue #14, main on 2026-11-30, same machine and command shape), replaced by the baseline's own when it
# is measured in this run.
today_list_pg=248
today_list_sqlite=1049
today_detail_pg=1870
today_ceiling_pg=53600

bench_start circula-browse wrk jq
stop_server "$server_pid" # bench_start's server only migrated the database; every configuration below starts its own
build_baseline

# prepare URL: 200 on-shelf products in one new category; category.txt and products.txt for wrk
prepare() {
  bench_tool setup --base "$1" --admin-password "$admin_password" --skus 200 --buyers 1 --out "$out" >/dev/null
  local newest
  newest=$(curl -fsS "$1/api/v1/products?sort=newest&pageSize=1" | jq -r '.items[0].categoryId')
  echo "$newest" >"$out/category.txt"
  for page in 1 2; do curl -fsS "$1/api/v1/products?categoryId=$newest&pageSize=100&page=$page" | jq -r '.items[].id'; done >"$out/products.txt"
  [ "$(wc -l <"$out/products.txt")" -eq 200 ] || { echo "expected 200 bench products" >&2; exit 1; }
}

# measure LABEL SCRIPT URL...: wrk on every URL at once, the connections shared out; sums the rates, keeps the worst latencies.
measure() {
  local label=$1 script=$2; shift 2
  local share=$((connections / $#)) threads=$((2 / $# > 0 ? 2 / $# : 1)) i=0 url pids=()
  for url in "$@"; do
    wrk -t"$threads" -c"$share" -d"${duration}s" --latency --timeout 10s -s "bench/$script.lua" "$url" -- "$out" >"$out/$label.$i.txt" &
    pids+=($!); i=$((i + 1))
  done
  wait "${pids[@]}"
  cat "$out/$label".*.txt | awk -F= -v label="$label" '
    /^WRK_RPS=/ { rps += $2 } /^WRK_P50_MS=/ { if ($2 > p50) p50 = $2 } /^WRK_P99_MS=/ { if ($2 > p99) p99 = $2 }
    /^WRK_NON2XX=/ { bad += $2 } /^WRK_SOCKET_ERRORS=/ { bad += $2 }
    END { printf "%s %.0f %.1f %.1f %d\n", label, rps, p50, p99, bad }' >>"$out/results.txt"
}
# warm SCRIPT URL...: 3 s per server, not measured, so JIT compilation and the first cache fills are not in the figures.
warm() { local script=$1 url; shift; for url in "$@"; do wrk -t1 -c16 -d3s -s "bench/$script.lua" "$url" -- "$out" >/dev/null 2>&1 || true; done; }

# run CONFIG CACHE NODES SETTINGS...: starts NODES servers with the cache on or off, measures, stops them.
run_config() {
  local config=$1 cache=$2 nodes=$3; shift 3
  local urls=() pids=() n url
  for n in $(seq 1 "$nodes"); do
    # A free port can be taken by another process before the server binds it: try another, three times at most.
    for attempt in 1 2 3; do
      url="http://127.0.0.1:$(free_port)"
      launch_server "$url" "$workdir/$config-$n.log" "$@" Circula__Catalog__BrowseCache__Enabled="$cache" && break
      grep -q "address already in use" "$workdir/$config-$n.log" && [ "$attempt" -lt 3 ] || exit 1
    done
    urls+=("$url"); pids+=("$launched_pid")
  done
  [ -s "$out/category.txt" ] || prepare "${urls[0]}"
  log "$config: ceiling, list, details (${duration} s each, $connections connections over $nodes process(es), cache $cache)"
  warm ceiling "${urls[@]/%//health/live}"
  warm browse-category "${urls[@]}"
  warm product-details "${urls[@]}"
  measure "$config-ceiling" ceiling "${urls[@]/%//health/live}"
  # Who used the two cores during the list: with one process, so the server's share is that process's.
  server_pid=${pids[0]}
  cpu_mark list_start
  measure "$config-list" browse-category "${urls[@]}"
  cpu_mark list_end
  [ "$nodes" -eq 1 ] && echo "$config-list-cores $(cpu_share "$list_start" "$list_end")" >>"$out/results.txt"
  measure "$config-details" product-details "${urls[@]}"
  for n in "${pids[@]}"; do stop_server "$n"; done
}

read -r -a pg <<<"$(postgres_settings)"
run_config pg1-cached true 1 "${pg[@]}"
run_config pg1-uncached false 1 "${pg[@]}"
run_config pg2-cached true 2 "${pg[@]}"
run_config pg2-uncached false 2 "${pg[@]}"
rm -f "$out/category.txt"
sqlite=(Circula__Database__Provider=Sqlite "Circula__Database__ConnectionString=Data Source=$workdir/browse.db")
run_config sqlite1-cached true 1 "${sqlite[@]}"
run_config sqlite1-uncached false 1 "${sqlite[@]}"

if [ -n "$baseline_dll" ]; then
  rm -f "$out/category.txt"
  read -r -a baseline_pg <<<"$(baseline_database)"
  server_dll=$baseline_dll run_config baseline-pg1 false 1 "${baseline_pg[@]}"
  rm -f "$out/category.txt"
  server_dll=$baseline_dll run_config baseline-sqlite1 false 1 Circula__Database__Provider=Sqlite "Circula__Database__ConnectionString=Data Source=$workdir/baseline.db"
fi

value() { awk -v l="$1" -v f="$2" '$1 == l { print $f }' "$out/results.txt"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
ratio_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a >= b) ? "met" : "**missed**" }'; }
row() { # CONFIG JOB [CEILING]: the ceiling measured with the configuration's cached twin unless named
  local r ceiling=${3:-${1%-*}-cached-ceiling}; r=$(value "$1-$2" 2)
  echo "| $1 | $2 | $r req/s | $(value "$1-$2" 3) ms | $(value "$1-$2" 4) ms | $(value "$1-$2" 5) | $(pct "$r" "$(value "$ceiling" 2)") |"
}
ceiling_row() { # LABEL
  echo "| ${1%-ceiling} | ceiling (/health/live) | $(value "$1" 2) req/s | $(value "$1" 3) ms | $(value "$1" 4) ms | $(value "$1" 5) | 100% |"
}

today_from="issue #14, main 2026-11-30"
absolute_note=" (absolute; compare the shares when this run's ceiling is far from $today_ceiling_pg)"
if [ -n "$baseline_dll" ]; then
  today_from="$BENCH_BASELINE, this run"
  absolute_note=""
  today_list_pg=$(value baseline-pg1-list 2)
  today_list_sqlite=$(value baseline-sqlite1-list 2)
  today_detail_pg=$(value baseline-pg1-details 2)
  today_ceiling_pg=$(value baseline-pg1-ceiling 2)
fi

# The uncached list against today's as shares of each day's ceiling: a loaded machine lowers both rates alike.
share_now=$(awk -v a="$(value pg1-uncached-list 2)" -v c="$(value pg1-cached-ceiling 2)" 'BEGIN { print a / c }')
share_today=$(awk -v a="$today_list_pg" -v c="$today_ceiling_pg" 'BEGIN { print a / c }')

cat <<MD

$(results_header)

${duration} s per line, wrk -t2 -c${connections} (two processes: half the connections on each, rates added, worst latencies), 200 products in one category:

| configuration | job | rate | p50 | p99 | errors | of the ceiling |
|---|---|---|---|---|---|---|
$(for config in pg1 pg2 sqlite1; do
    ceiling_row "$config-cached-ceiling"
    for cache in cached uncached; do row "$config-$cache" list; row "$config-$cache" details; done
  done
  for config in ${baseline_dll:+baseline-pg1 baseline-sqlite1}; do
    ceiling_row "$config-ceiling"
    row "$config" list "$config-ceiling"; row "$config" details "$config-ceiling"
  done)

Cores used during the list, one process (server / PostgreSQL / load generator / other processes (all)), and the
CPU time per request of the server and of PostgreSQL:

$(for config in pg1-cached pg1-uncached sqlite1-cached sqlite1-uncached ${baseline_dll:+baseline-pg1 baseline-sqlite1}; do
    awk -v l="$config-list-cores" -v r="$(value "$config-list" 2)" '$1 == l {
      printf "- %s: %s / %s / %s / %s (%s); per request: server %.2f ms, PostgreSQL %.2f ms\n", substr(l, 1, length(l) - 11), $2, $3, $4, $5, $6, 1000 * $2 / r, 1000 * $3 / r }' "$out/results.txt"
  done)

| job | today ($today_from) | now | target | |
|---|---|---|---|---|
| list, PostgreSQL, cached | $today_list_pg req/s | $(value pg1-cached-list 2) req/s = $(pct "$(value pg1-cached-list 2)" "$(value pg1-cached-ceiling 2)") of the ceiling | ≥ 30% of the ceiling | $(verdict "$(value pg1-cached-list 2)" "$(awk -v c="$(value pg1-cached-ceiling 2)" 'BEGIN { print 0.3 * c }')") |
| list, PostgreSQL, uncached | $today_list_pg req/s = $(pct "$today_list_pg" "$today_ceiling_pg") of that day's ceiling ($today_ceiling_pg req/s) | $(value pg1-uncached-list 2) req/s = $(ratio_of "$(value pg1-uncached-list 2)" "$today_list_pg") today; $(pct "$(value pg1-uncached-list 2)" "$(value pg1-cached-ceiling 2)") of this run's ceiling = $(ratio_of "$share_now" "$share_today") today's share | ≥ 5× today | $(verdict "$(value pg1-uncached-list 2)" "$(awk -v t="$today_list_pg" 'BEGIN { print 5 * t }')")$absolute_note |
| list, SQLite, cached | $today_list_sqlite req/s | $(value sqlite1-cached-list 2) req/s = $(pct "$(value sqlite1-cached-list 2)" "$(value sqlite1-cached-ceiling 2)") of the ceiling | ≥ 30% of the ceiling | $(verdict "$(value sqlite1-cached-list 2)" "$(awk -v c="$(value sqlite1-cached-ceiling 2)" 'BEGIN { print 0.3 * c }')") |
| details, PostgreSQL, cached | $today_detail_pg req/s | $(value pg1-cached-details 2) req/s = $(pct "$(value pg1-cached-details 2)" "$(value pg1-cached-ceiling 2)") of the ceiling | ≥ 40% of the ceiling | $(verdict "$(value pg1-cached-details 2)" "$(awk -v c="$(value pg1-cached-ceiling 2)" 'BEGIN { print 0.4 * c }')") |
MD
