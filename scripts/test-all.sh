#!/usr/bin/env bash
# `npm test`: every check, in order; the first failing step fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export PATH="$PWD/node_modules/.bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  step "installing Debian's chromium (Playwright never downloads a browser here)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The fault drill starts its own cluster from the machine's PostgreSQL binaries (initdb, pg_ctl).
if [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "installing Debian's postgresql (the fault drill runs initdb and pg_ctl)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

step "eslint";                 eslint . --max-warnings=0 && echo "eslint: no problems"
step "tsc --noEmit";           tsc --noEmit && echo "tsc: no errors"
step "unit tests (Vitest)";    vitest run --config vitest.config.ts
step "integration tests on Postgres (127.0.0.1:5432, a fresh database per file)"
TEST_DB=postgres vitest run --config vitest.integration.config.ts
step "integration tests on the embedded PGlite"
TEST_DB=pglite vitest run --config vitest.integration.config.ts
step "next build";             next build
step "fault drill (its own PostgreSQL cluster, two built instances, a worker; issue #15)"
vitest run --config vitest.drill.config.ts
step "end-to-end tests (Playwright, Debian Chromium, the built app via npm start)"
playwright test

echo
echo "All checks passed in $(( $(date +%s) - started )) s."
