#!/usr/bin/env bash
# The recycling quote benchmarks in one command (docs/benchmarks.md, "Recycling quotes"): BenchmarkDotNet on the pure
# quoter (bench/Circula.Bench.Quotes, one thread) with the 10-factor rule of bench/quote-rule.json, then, against a
# throwaway PostgreSQL and the server started as bench/run-orders.sh does (scripts/bench-server.sh), wrk on
# POST /api/v1/recycling/quotes with that rule and, in the same run, on GET /health/live as the ceiling. Prints the
# results in Markdown. BENCH_DURATION (seconds, default 30) shortens a trial run; BENCH_JOB (default "default") is the
# BenchmarkDotNet job (short, medium, long).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-server.sh

duration=${BENCH_DURATION:-30}
job=${BENCH_JOB:-default}
connections=64
buyers=100

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
bench_start circula-bench-quotes wrk

log "BenchmarkDotNet: the quoter alone, one thread (job $job)"
# From its project folder, where BenchmarkDotNet finds the project it builds the measured copy from.
(cd bench/Circula.Bench.Quotes && dotnet bin/Release/net10.0/Circula.Bench.Quotes.dll --filter '*' --job "$job" --artifacts "$out/bdn") | tee "$out/bdn.txt"
bdn_table=$(cat "$out"/bdn/results/*-report-github.md)
# A method's Mean in nanoseconds (BenchmarkDotNet prints ns, μs or ms).
bdn_mean_ns() { awk -F'|' -v m="$1" '{ gsub(/ /, "", $2) } $2 == m { split($3, v, " "); gsub(",", "", v[1]);
  print v[1] * (v[2] == "ns" ? 1 : v[2] == "ms" ? 1e6 : 1e3); exit }' "$out"/bdn/results/*-report-github.md; }
one_ns=$(bdn_mean_ns OneQuote)
five_ns=$(bdn_mean_ns FiveItemQuote)
one_rate=$(awk -v ns="$one_ns" 'BEGIN { printf "%.0f", 1e9 / ns }')
five_rate=$(awk -v ns="$five_ns" 'BEGIN { printf "%.0f", 1e9 / ns }')

log "preparing $buyers buyers, a recycling category and the 10-factor rule"
bench_tool setup --base "$base" --admin-password "$admin_password" --skus 1 --buyers "$buyers" --out "$out" >/dev/null
admin=$(curl -fsS "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" | jq -r .accessToken)
category=$(curl -fsS "$base/api/v1/admin/categories" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"压测回收-旧手机","kind":"recycling","sortOrder":0}' | jq -r .id)
jq .rule bench/quote-rule.json | curl -fsS -X PUT "$base/api/v1/admin/recycling/pricing/$category" -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' -H 'If-Match: "0"' --data-binary @- >/dev/null
jq -c --argjson category "$category" '{categoryId: $category, items: [.items[0]]}' bench/quote-rule.json >"$out/quote-body.json"
quoted=$(curl -fsS "$base/api/v1/recycling/quotes" -H "Authorization: Bearer $(head -n 1 "$out/tokens.txt")" -H 'Content-Type: application/json' \
  --data-binary @"$out/quote-body.json" | jq -r .totalFen)
[ "$quoted" = 110850 ] || { echo "the server quoted $quoted fen, not 110850" >&2; exit 1; }

log "warming up the server (5 s of each, not measured)"
wrk -t2 -c"$connections" -d5s --timeout 10s -s bench/quote.lua "$base" -- "$out" >/dev/null
wrk -t2 -c"$connections" -d5s --timeout 10s -s bench/ceiling.lua "$base/health/live" >/dev/null

measure() { # NAME wrk-args...: runs wrk, keeps its figures in $out/NAME.txt and the cores used in NAME_cores
  local name=$1 mark mark_end; shift
  cpu_mark mark
  wrk -t2 -c"$connections" -d"${duration}s" --latency --timeout 10s "$@" | tee "$out/$name.txt"
  cpu_mark mark_end
  printf -v "${name}_cores" '%s' "$(cpu_share "$mark" "$mark_end")"
}
log "wrk: POST /api/v1/recycling/quotes (${duration} s, $connections connections)"
measure quotes -s bench/quote.lua "$base" -- "$out"
log "wrk: GET /health/live, the ceiling (${duration} s, $connections connections)"
measure live -s bench/ceiling.lua "$base/health/live"
value() { sed -n "s/^$2=//p" "$out/$1.txt"; }
ratio=$(awk -v a="$(value quotes WRK_RPS)" -v b="$(value live WRK_RPS)" 'BEGIN { printf "%.0f", 100 * a / b }')
row() { # NAME LABEL
  local s p g o a
  read -r s p g o a <<<"$(eval echo "\$${1}_cores")"
  echo "| $2 | $(value "$1" WRK_RPS) req/s ($(value "$1" WRK_REQUESTS) requests) | $(value "$1" WRK_P50_MS) ms | $(value "$1" WRK_P99_MS) ms | $(value "$1" WRK_NON2XX) non-2xx, $(value "$1" WRK_SOCKET_ERRORS) socket | $s / $p / $g / $o ($a) |"
}

cat <<MD

$(results_header)

Load average (1, 5, 15 min) before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg). The machine is shared
with other engineers' builds and tests: the other processes' cores below say how much they took during each scenario.

The quoter alone (BenchmarkDotNet, job $job, one thread; quotes per second = 1 s / Mean):

$bdn_table

- one-item quotes: **$one_rate per second** (target ≥ 200,000 on one core: $(awk -v r="$one_rate" 'BEGIN { print (r >= 200000) ? "met" : "**missed**" }')); five-item quotes: $five_rate per second

The quote endpoint, ${duration} s each, ${connections} connections, $buyers buyers, one item of the 10-factor rule per request:

| | per second | p50 | p99 | errors | cores used: server / PostgreSQL / load generator / other processes (all) |
|---|---|---|---|---|---|
$(row quotes "\`POST /api/v1/recycling/quotes\`")
$(row live "\`GET /health/live\` (the ceiling)")

- quotes / ceiling: **${ratio}%**
MD
