#!/usr/bin/env bash
# The one command that runs every test: installs the workspace from the lockfile, brings up
# a throwaway PostgreSQL (and the programs the tests cross-check with), runs lint, typecheck
# and all tests through turbo, tears everything down, and ends with `N passed, N failed`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/pnpm.sh
source scripts/services.sh

pnpm install --frozen-lockfile --reporter=append-only

# Tests get TEST_DATABASE_URL only; a DATABASE_URL from the caller's shell never reaches them.
unset DATABASE_URL
trap stop_postgres EXIT
start_postgres
ensure_libreoffice
ensure_chromium

rm -f packages/*/.vitest-report.json apps/*/.vitest-report.json apps/*/*/.vitest-report.json
status=0
# The formatter's check is part of the tests: a file not as Prettier writes it fails the run.
prettier --check . --log-level=warn || { echo "Prettier: files above are not formatted; run \`npm run format\`."; status=1; }
turbo run lint typecheck test --continue --output-logs=full "$@" || status=$?
# The reliability suite (issue 12) on the same PostgreSQL: several service processes, generated hostile input.
# Only on a whole run: a filtered run (`npm test -- --filter …`) is about one package.
if [ "$#" -eq 0 ]; then pnpm -s test:reliability || status=1; fi
node scripts/test-summary.mjs || status=1
exit "$status"
