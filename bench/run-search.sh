#!/usr/bin/env bash
# The listing search benchmark of issue #12 in one command (docs/benchmarks.md): for PostgreSQL (a throwaway cluster,
# as bench/run-orders.sh starts it) and for an embedded SQLite file, starts the server once with demo data (the demo
# sellers and 300 demo listings), writes BENCH_LISTINGS - 300 more listings through the product's own code
# (bench/Circula.Bench.Search: drafted, submitted, approved and indexed by ListingSearchSync in the listing's
# transaction), starts the server again and measures each query of the mix with wrk -t2 -c$BENCH_CONNECTIONS (-t1 for one connection), one
# query at a time, after the /health/live ceiling. Prints the results in Markdown: per query the matches, the rate
# and the p50/p95/p99 latencies, against the target p95 < 30 ms. BENCH_DURATION (seconds per query, default 10),
# BENCH_LISTINGS (default 100000) and BENCH_CONNECTIONS (default 4) shorten or reshape a trial run; BENCH_KEEP=DIR keeps
# the loaded databases there (pg.dump, search.db) to read query plans on afterwards; BENCH_REUSE=DIR measures on those
# instead of loading (the same migrations only: the server refuses a changed one).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-server.sh

duration=${BENCH_DURATION:-10}
# A first start seeds the demo data of every module: on a loaded machine that takes more than the usual minute.
export BENCH_START_SECONDS=${BENCH_START_SECONDS:-600}
listings=${BENCH_LISTINGS:-100000}
connections=${BENCH_CONNECTIONS:-4}
threads=$((connections < 2 ? connections : 2)) # wrk wants a connection per thread at least
target_p95_ms=30
demo_listings=300
# 西湖区 (GCJ-02), where the nearby queries stand.
here="lat=30.2594&lng=120.1300"

# The query mix: a label and the query string of GET /api/v1/listings/search (q is URL-encoded below), or POST and a
# path for the geo-fence, whose body is bench/within-3km.json (bench/within.lua).
queries=(
  "rare word (徕卡)|q=徕卡"
  "common word (手机)|q=手机"
  "common word, newest|q=手机&sort=newest"
  "common word, price|q=手机&sort=price"
  "common word, 3 filters|q=手机&categoryId=1&minPrice=100000&maxPrice=300000&condition=like-new"
  "mixed (iPhone15Pro 手机)|q=iPhone15Pro 手机"
  "synonym (移动电话 = 手机)|q=移动电话"
  "typo (ipone)|q=ipone"
  "two words, price filter|q=羽绒服 优衣库&maxPrice=20000&sort=price"
  "common word, nearest (no radius)|q=手机&$here&sort=distance"
  "common word within 3 km|q=手机&$here&radiusKm=3"
  "common word within 3 km, nearest|q=手机&$here&radiusKm=3&sort=distance"
  "nearby 2 km, nearest, no words|$here&radiusKm=2&sort=distance"
  "no words, newest|sort=newest"
  "no words, category, price|categoryId=3&sort=price"
  "geo-fence, 3 km hexagon|POST /api/v1/listings/within"
)

bench_start circula-search wrk jq
stop_server "$server_pid" # bench_start's server only built and migrated; each provider below starts its own

encode() { # QUERY-STRING: the value of q URL-encoded, the rest as written
  local part out=() IFS='&'
  for part in $1; do
    if [[ $part == q=* ]]; then out+=("q=$(jq -rn --arg v "${part#q=}" '$v|@uri')"); else out+=("$part"); fi
  done
  echo "${out[*]}"
}

# serve PROVIDER SETTINGS...: starts the server and sets url; retried on another port when the chosen one is taken.
serve() {
  local provider=$1; shift
  for attempt in 1 2 3; do
    url="http://127.0.0.1:$(free_port)"
    launch_server "$url" "$workdir/$provider.log" "$@" && return 0
    grep -q "address already in use" "$workdir/$provider.log" && [ "$attempt" -lt 3 ] || exit 1
  done
}

# load PROVIDER SETTINGS...: demo data (the demo sellers and their listings), then the bench listings in the background
# (the two providers load at once), the loader's last line in $out/PROVIDER-load.txt.
load() {
  local provider=$1; shift
  log "$provider: demo data, then $((listings - demo_listings)) listings through the product's code"
  serve "$provider" "$@" Circula__Bootstrap__SeedDemoData=true
  stop_server "$launched_pid"
  env "$@" Circula__Pii__EncryptionKey="$pii_encryption_key" Circula__Pii__HashKey="$pii_hash_key" Circula__Jwt__SigningKey="$jwt_signing_key" \
    dotnet bench/Circula.Bench.Search/bin/Release/net10.0/Circula.Bench.Search.dll listings $((listings - demo_listings)) >"$out/$provider-load.log" &
  loaders+=($!)
}

# measure PROVIDER SETTINGS...: the ceiling and every query of the mix, one at a time.
measure() {
  local provider=$1; shift
  tail -n 1 "$out/$provider-load.log" >"$out/$provider-load.txt"
  serve "$provider" "$@"
  # Again after the server's migrations: one that rewrites the table (0033 added a stored column) leaves it without a
  # visibility map, so index-only reads visit the table until autovacuum comes by.
  if [ "$provider" = pg ]; then psql_db -c "VACUUM ANALYZE"; fi
  log "$provider: ceiling and ${#queries[@]} queries, ${duration} s each, wrk -t$threads -c$connections"
  wrk -t$threads -c"$connections" -d3s -s bench/ceiling.lua "$url/health/live" >/dev/null
  wrk -t$threads -c"$connections" -d"${duration}s" --latency --timeout 10s -s bench/ceiling.lua "$url/health/live" >"$out/$provider-ceiling.txt"
  local i=0 entry path
  local script curl_args
  for entry in "${queries[@]}"; do
    if [[ ${entry#*|} == "POST "* ]]; then
      path=${entry#*|POST }
      script=bench/within.lua curl_args=(-H "Content-Type: application/json" --data @bench/within-3km.json)
    else
      path="/api/v1/listings/search?$(encode "${entry#*|}")"
      script=bench/ceiling.lua curl_args=()
    fi
    curl -fsS "${curl_args[@]}" "$url$path" | jq -r '.total' >"$out/$provider-$i.total"
    wrk -t1 -c2 -d2s -s "$script" "$url$path" >/dev/null # warm: JIT and the database's caches
    wrk -t$threads -c"$connections" -d"${duration}s" --latency --timeout 10s -s "$script" "$url$path" >"$out/$provider-$i.txt"
    i=$((i + 1))
  done
  stop_server "$launched_pid"
}

read -r -a pg <<<"$(postgres_settings)"
sqlite=(Circula__Database__Provider=Sqlite "Circula__Database__ConnectionString=Data Source=$workdir/search.db")
loaders=()
if [ -n "${BENCH_REUSE:-}" ]; then # the databases a run with BENCH_KEEP loaded (same migrations), instead of loading
  "$PGBIN/dropdb" -h 127.0.0.1 -p "$PGPORT" -U postgres circula # bench_start's server migrated it empty
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres circula
  "$PGBIN/pg_restore" -h 127.0.0.1 -p "$PGPORT" -U postgres -d circula --no-owner "$BENCH_REUSE/pg.dump"
  cp "$BENCH_REUSE/search.db" "$workdir/search.db"
  echo "loaded by the run that kept $BENCH_REUSE" | tee "$out/pg-load.log" >"$out/sqlite-load.log"
else
  load pg "${pg[@]}"
  load sqlite "${sqlite[@]}"
fi
for loader in "${loaders[@]}"; do wait "$loader"; done
psql_db -c "VACUUM ANALYZE" # what autovacuum does after a bulk load, done now rather than at some moment of the run
if [ -n "${BENCH_KEEP:-}" ]; then # the loaded databases, for reading query plans after the run
  mkdir -p "$BENCH_KEEP"
  "$PGBIN/pg_dump" -h 127.0.0.1 -p "$PGPORT" -U postgres -Fc -f "$BENCH_KEEP/pg.dump" circula
  sqlite3 "$workdir/search.db" ".backup '$BENCH_KEEP/search.db'"
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure pg "${pg[@]}"
measure sqlite "${sqlite[@]}"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

value() { awk -F= -v k="$2" '$1 == k { print $2 }' "$out/$1.txt"; }
cell() { # FILE: "rate | p50 | p95 | p99 | errors" of one wrk run
  echo "$(value "$1" WRK_RPS) req/s | $(value "$1" WRK_P50_MS) | **$(value "$1" WRK_P95_MS)** | $(value "$1" WRK_P99_MS) | $(($(value "$1" WRK_NON2XX) + $(value "$1" WRK_SOCKET_ERRORS)))"
}
verdict() { awk -v p="$(value "$1" WRK_P95_MS)" -v t="$target_p95_ms" 'BEGIN { print (p < t) ? "met" : "**missed**" }'; }

cat <<MD

$(results_header)

$listings listings (bench/Circula.Bench.Search; $(cat "$out/pg-load.txt") on PostgreSQL, $(cat "$out/sqlite-load.txt") on SQLite),
${duration} s per line, wrk -t$threads -c$connections, one query at a time; load average (1, 5, 15 min) $load_before when the measuring began, $load_after when it ended.
Latencies in ms; the target is p95 < $target_p95_ms ms.

| query | provider | total | rate | p50 | p95 | p99 | errors | p95 < $target_p95_ms ms |
|---|---|---|---|---|---|---|---|---|
$(for provider in pg sqlite; do
    echo "| ceiling (/health/live) | $provider | | $(cell "$provider-ceiling") | |"
    i=0
    for entry in "${queries[@]}"; do
      echo "| ${entry%%|*} | $provider | $(cat "$out/$provider-$i.total") | $(cell "$provider-$i") | $(verdict "$provider-$i") |"
      i=$((i + 1))
    done
  done)

The queries (GET /api/v1/listings/search?…, or as written):
$(for entry in "${queries[@]}"; do echo "- ${entry%%|*}: \`${entry#*|}\`"; done)
MD
