#!/usr/bin/env bash
# The test command: installs what the tests need, starts a throwaway PostgreSQL on loopback, runs every test
# (unit and HTTP, on SQLite and PostgreSQL), and stops the cluster. Fails loudly; never skips.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

need_apt=()
command -v dotnet >/dev/null || { echo "dotnet SDK 10 is required on PATH" >&2; exit 1; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} from Debian's packages"
  [ "$(id -u)" -eq 0 ] || { echo "need root to apt-get install ${need_apt[*]}" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
workdir=$(mktemp -d /tmp/circula-test.XXXXXX)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$workdir"

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "no free port found" >&2; return 1
}
PGPORT=$(free_port)

cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$workdir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

log "starting PostgreSQL ($PGBIN) on 127.0.0.1:$PGPORT"
as_pg "$PGBIN/initdb" -D "$workdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$workdir/data" -l "$workdir/postgres.log" -w \
  -o "-p $PGPORT -k $workdir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export CIRCULA_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"

log "building"
dotnet build Circula.slnx -c Release -nologo -v quiet

log "running tests"
results="$workdir/results"
set +e
dotnet test Circula.slnx -c Release --no-build -nologo \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?
set -e

trx=$(ls "$results"/*.trx 2>/dev/null | head -n 1 || true)
if [ -z "$trx" ]; then
  echo "no test results were written" >&2
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
attr() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
total=$(attr total); passed=$(attr passed); failed=$(attr failed); skipped=$(( $(attr total) - $(attr executed) ))
if [ "$skipped" -ne 0 ]; then
  echo "$skipped tests did not run: nothing may be skipped" >&2
  status=1
fi
if [ "${total:-0}" -eq 0 ]; then
  echo "no tests ran" >&2
  status=1
fi
echo
echo "Tests: $passed passed, $failed failed"
exit "$status"
