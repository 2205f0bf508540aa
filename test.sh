#!/usr/bin/env bash
# The test command: installs what the tests need, starts a throwaway PostgreSQL on loopback, runs every test
# (unit and HTTP, on SQLite and PostgreSQL), and stops the cluster. Fails loudly; never skips.
set -euo pipefail
cd "$(dirname "$0")"

. scripts/throwaway-postgres.sh

command -v dotnet >/dev/null || { echo "dotnet SDK 10 is required on PATH" >&2; exit 1; }
# Node.js lints the OpenAPI documents and compiles a generated TypeScript client (scripts/check-openapi.sh).
missing_node() { command -v node >/dev/null || echo nodejs; command -v npm >/dev/null || echo npm; }
# The docs' walkthroughs (```bash walkthrough blocks) are run with curl and jq by DocsWalkthroughTests.
missing_tools() { command -v curl >/dev/null || echo curl; command -v jq >/dev/null || echo jq; }
# shellcheck disable=SC2046 # words or none
install_missing $(missing_postgres) $(missing_node) $(missing_tools)

workdir=$(pg_workdir circula-test)
cleanup() { pg_stop "$workdir"; }
trap cleanup EXIT

pg_start "$workdir" -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off
export CIRCULA_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50;Timeout=60"

log "building"
dotnet build Circula.slnx -c Release -nologo -v quiet

log "linting the OpenAPI documents and compiling a generated TypeScript client"
scripts/check-openapi.sh

log "running tests"
results="$workdir/results"
set +e
# A test that hangs (a deadlock, a server that never answers) fails the run after the blame timeout instead of holding CI.
dotnet test Circula.slnx -c Release --no-build -nologo --blame-hang-timeout 5m --blame-hang-dump-type none \
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
