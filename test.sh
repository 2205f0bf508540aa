#!/usr/bin/env bash
# The test command: installs what the tests need, starts a throwaway PostgreSQL and RabbitMQ on loopback, runs every test
# (unit and HTTP, on SQLite and PostgreSQL; the admin console's Vitest tests and its end-to-end test in Chromium; two
# servers behind nginx), and stops them. Fails loudly; never skips.
set -euo pipefail
cd "$(dirname "$0")"

. scripts/throwaway-postgres.sh
. scripts/throwaway-rabbitmq.sh

command -v dotnet >/dev/null || { echo "dotnet SDK 10 is required on PATH" >&2; exit 1; }
# Node.js builds and tests the admin console and checks the OpenAPI documents (scripts/check-openapi.sh).
missing_node() { command -v node >/dev/null || echo nodejs; command -v npm >/dev/null || echo npm; }
missing_chromium() { [ -x /usr/bin/chromium ] || echo chromium; }
# The docs' walkthroughs (```bash walkthrough blocks) are run with curl and jq by DocsWalkthroughTests.
missing_tools() { command -v curl >/dev/null || echo curl; command -v jq >/dev/null || echo jq; command -v openssl >/dev/null || echo openssl; command -v promtool >/dev/null || echo prometheus; }
# The two-node cluster test (scripts/cluster-e2e.sh) runs nginx in front of two servers.
missing_nginx() { [ -x /usr/sbin/nginx ] || echo nginx; }
# shellcheck disable=SC2046 # words or none
install_missing $(missing_postgres) $(missing_rabbitmq) $(missing_node) $(missing_chromium) $(missing_tools) $(missing_nginx)
# Without Node.js 20+ the run fails here rather than skipping the console or the contract check.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] || { echo "Node.js 20+ is required on PATH to build and test the admin console (ui/admin) and check the OpenAPI documents" >&2; exit 1; }

workdir=$(pg_workdir circula-test)
rabbitmq_dir=$(mktemp -d /tmp/circula-rabbitmq.XXXXXX)
cleanup() { rabbitmq_stop "$rabbitmq_dir"; pg_stop "$workdir"; }
trap cleanup EXIT

pg_start "$workdir" -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off
export CIRCULA_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50;Timeout=60"
# The RabbitMQ publisher's tests (Notifications) publish to it and consume from it.
rabbitmq_start "$rabbitmq_dir"
export CIRCULA_TEST_RABBITMQ="$RABBITMQ_URI"

# The S3 upload storage's tests start npm's s3rver on loopback (tests/Circula.Tests/Uploads/S3rver.cs).
log "installing the loopback S3 server (tests/s3rver)"
npm ci --prefix tests/s3rver --no-audit --no-fund --loglevel=error

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

# The console's own tests: Vitest (components, stores), then the end-to-end test against a running server.
log "admin console: Vitest"
npm --prefix ui/admin test --silent -- --reporter=default --reporter=json --outputFile="$results/vitest.json"
ui_status=$?
log "admin console: end-to-end in Chromium (screenshots in artifacts/admin-e2e)"
scripts/admin-e2e.sh artifacts/admin-e2e | tee "$results/e2e.log"
e2e_status=${PIPESTATUS[0]}
# Two servers behind nginx on their own PostgreSQL (deploy/local-cluster.sh), from the published build: a flash sale,
# SIGKILL and SIGTERM under load, /metrics of both nodes.
log "two-node cluster behind nginx (logs in artifacts/cluster-e2e)"
dotnet publish src/Circula.Server/Circula.Server.csproj -c Release --no-build -nologo -v quiet -o "$workdir/cluster-app"
scripts/cluster-e2e.sh "$workdir/cluster-app" | tee "$results/cluster.log"
cluster_status=${PIPESTATUS[0]}
set -e
[ "$ui_status" -eq 0 ] && [ "$e2e_status" -eq 0 ] && [ "$cluster_status" -eq 0 ] || status=1

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
ui_counts=$(node -p "const r=require('$results/vitest.json'); r.numPassedTests+' '+r.numFailedTests" 2>/dev/null || echo "0 1")
e2e_counts=$(sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$results/e2e.log")
read -r ui_passed ui_failed <<<"$ui_counts"
read -r e2e_passed e2e_failed <<<"${e2e_counts:-0 1}"
cluster_counts=$(sed -n 's/^cluster: \([0-9]*\) passed, \([0-9]*\) failed.*$/\1 \2/p' "$results/cluster.log")
read -r cluster_passed cluster_failed <<<"${cluster_counts:-0 1}"
echo
echo ".NET: $passed passed, $failed failed; Vitest: $ui_passed passed, $ui_failed failed; end-to-end: $e2e_passed passed, $e2e_failed failed; cluster: $cluster_passed passed, $cluster_failed failed"
echo "Tests: $((passed + ui_passed + e2e_passed + cluster_passed)) passed, $((failed + ui_failed + e2e_failed + cluster_failed)) failed"
exit "$status"
