#!/usr/bin/env bash
# The admin console's end-to-end test: starts the built server (Release output) on a fresh SQLite database in
# Development with the sandbox, on a free loopback port, and drives ui/admin/e2e/admin.e2e.mjs in Debian's Chromium.
# Robots and webhooks may reach loopback here: the e2e runs its WeCom peer and webhook receiver there.
# Screenshots go to $1 (default artifacts/admin-e2e); with CIRCULA_WRITE_DOCS=1 the main ones are also copied to
# docs/images/admin/ for docs/admin.md. Needs `dotnet build -c Release` (which builds the console) first.
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts=$(realpath -m "${1:-artifacts/admin-e2e}")
server_dll=src/Circula.Server/bin/Release/net10.0/Circula.Server.dll
[ -f "$server_dll" ] || { echo "admin-e2e: $server_dll is missing; run dotnet build -c Release first" >&2; exit 1; }
[ -f src/Circula.Server/bin/Release/net10.0/admin-ui/index.html ] || { echo "admin-e2e: the console was not built into the server (Node.js 20+ needed)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "admin-e2e: /usr/bin/chromium is missing (apt-get install chromium)" >&2; exit 1; }

data=$(mktemp -d /tmp/circula-admin-e2e.XXXXXX)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
password="E2e-Admin-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
rm -rf "$artifacts" && mkdir -p "$artifacts"

ASPNETCORE_ENVIRONMENT=Development \
Circula__DataDirectory="$data" \
Circula__Database__ConnectionString="Data Source=$data/circula.db" \
Circula__Bootstrap__AdminPassword="$password" \
Circula__Notifications__AllowPrivateTargets=true \
  dotnet "$server_dll" --urls "http://127.0.0.1:$port" >"$artifacts/server.log" 2>&1 &
server=$!
stop() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"; }
trap stop EXIT

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "admin-e2e: the server exited; see $artifacts/server.log" >&2; cat "$artifacts/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "admin-e2e: the server did not become ready" >&2; exit 1; }

(cd ui/admin && CIRCULA_URL="http://127.0.0.1:$port" ADMIN_PASSWORD="$password" ARTIFACTS="$artifacts" node e2e/admin.e2e.mjs)
if [ "${CIRCULA_WRITE_DOCS:-}" = 1 ]; then
  mkdir -p docs/images/admin
  for page in login-refused dashboard dashboard-live dashboard-dark-en products product-editor categories orders order-detail ship-field-errors \
    robot-test robot-deliveries webhooks refund-reject notification-templates bill-reports bill-detail pricing-editor pricing-conflict anomalies \
    recycling-appointments recycling-appointment recycling-collectors recycling-area-error \
    marketplace-queue marketplace-reject-error marketplace-listing marketplace-blocked-words marketplace-synonyms-error marketplace-synonyms marketplace-credit; do
    cp "$artifacts/$page.png" docs/images/admin/
  done
fi
