#!/usr/bin/env bash
# The main job on a fresh machine: installs the workspace from the lockfile and starts the
# sync service on embedded PGlite with demo data (data in apps/sync-service/.data). The service's
# start script builds what is stale — its bundle and the Excel add-in it serves at /addin/ — listens
# on HTTP (PORT, 3000) and HTTPS for Office (HTTPS_PORT, 3443), and prints where to go.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/pnpm.sh
pnpm install --frozen-lockfile --reporter=append-only
export HELHEDSPLAN_DEMO="${HELHEDSPLAN_DEMO:-1}"
exec pnpm --filter @helhedsplan/sync-service start
