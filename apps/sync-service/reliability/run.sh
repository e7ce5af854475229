#!/usr/bin/env bash
# `pnpm test:reliability`: the reliability suite (reliability/run.ts) on PostgreSQL. With TEST_DATABASE_URL set (the
# test command's cluster) it runs there; without it, a throwaway cluster is brought up as for the tests and removed
# afterwards (scripts/services.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$root"
source scripts/pnpm.sh
unset DATABASE_URL
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  source scripts/services.sh
  trap stop_postgres EXIT
  start_postgres
fi
cd apps/sync-service
node --import tsx reliability/run.ts
