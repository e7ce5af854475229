#!/usr/bin/env bash
# `npm run bench`: every package's benchmark through turbo, one at a time so they don't share
# the cores. The service benchmark needs PostgreSQL: a throwaway cluster is brought up as for
# the tests and handed over as BENCH_DATABASE_URL. Each benchmark ends with one `BENCH_RESULT`
# line; scripts/bench-table.mjs collects them into one table, prints it and writes it to
# docs/benchmarks.md with the machine's description and the date. Extra arguments go to turbo.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/pnpm.sh
source scripts/services.sh
unset DATABASE_URL
log=$(mktemp /tmp/helhedsplan-bench.XXXXXX.log)
trap 'stop_postgres; rm -f "$log"' EXIT
start_postgres
export BENCH_DATABASE_URL="${TEST_DATABASE_URL:-}" PG_BIN="${PG_BIN:-}"
unset TEST_DATABASE_URL

# package|what it measures
benches=(
  "@helhedsplan/rules|validatePlan vs a JSON round trip"
  "@helhedsplan/workbook|.xlsx read + validate vs exceljs' bare read"
  "@helhedsplan/sync|mergePlans and localChanges vs a JSON round trip"
  "@helhedsplan/excel-addin|the keystroke path in the strict test host"
  "@helhedsplan/sync-service|budget PUTs vs bare SQL, submits vs pgbench on PostgreSQL (several minutes)"
)
failed=()
started_all=$SECONDS
for i in "${!benches[@]}"; do
  package=${benches[$i]%%|*}
  what=${benches[$i]#*|}
  echo "▶ [$((i + 1))/${#benches[@]}] $package — $what …"
  started=$SECONDS
  if turbo run bench --filter="$package" --concurrency=1 --output-logs=new-only "$@" 2>&1 | tee -a "$log"; then
    echo "✔ [$((i + 1))/${#benches[@]}] $package done in $((SECONDS - started)) s (all so far: $((SECONDS - started_all)) s)"
  else
    echo "✘ [$((i + 1))/${#benches[@]}] $package failed after $((SECONDS - started)) s"
    failed+=("$package")
  fi
done

echo "▶ Collecting the figures into one table …"
node scripts/bench-table.mjs "$log" docs/benchmarks.md
if [ "${#failed[@]}" -gt 0 ]; then
  echo "Benchmarks that failed: ${failed[*]}" >&2
  exit 1
fi
