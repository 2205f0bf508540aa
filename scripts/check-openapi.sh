#!/usr/bin/env bash
# The OpenAPI contract (#9): lints the published documents in docs/openapi/ with Redocly's recommended rules (no error
# allowed) and compiles a client against the TypeScript types openapi-typescript generates from docs/openapi/v1.json.
# The tests keep docs/openapi/ equal to what the server serves (OpenApiContractTests). Called by ./test.sh; needs Node.js 20+.
set -euo pipefail
cd "$(dirname "$0")/openapi"

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] && command -v npm >/dev/null || { echo "check-openapi: Node.js 20+ with npm is required on PATH" >&2; exit 1; }
# Versions come from package-lock.json; reinstalled only when it changed.
if [ ! -f node_modules/.circula-npm-ci.stamp ] || [ package-lock.json -nt node_modules/.circula-npm-ci.stamp ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.circula-npm-ci.stamp
fi

for document in ../../docs/openapi/*.json; do
  npx --no-install redocly lint --extends=recommended --format=summary "$document"
done

mkdir -p generated
npx --no-install openapi-typescript ../../docs/openapi/v1.json --output generated/v1.ts
npx --no-install tsc -p tsconfig.json
echo "check-openapi: documents lint clean; the generated TypeScript client compiles"
