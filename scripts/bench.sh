#!/usr/bin/env bash
# `npm run bench`: every package's benchmark through turbo, one at a time so they don't share
# the cores. The service benchmark needs PostgreSQL: a throwaway cluster is brought up as for
# the tests and handed over as BENCH_DATABASE_URL.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/pnpm.sh
source scripts/services.sh
unset DATABASE_URL
trap stop_postgres EXIT
start_postgres
export BENCH_DATABASE_URL="${TEST_DATABASE_URL:-}" PG_BIN="${PG_BIN:-}"
unset TEST_DATABASE_URL
turbo run bench --concurrency=1 --output-logs=new-only "$@"
