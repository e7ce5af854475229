#!/usr/bin/env bash
# Runs a command with the pinned pnpm on PATH (root scripts use it so `npm run X` works too).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/pnpm.sh"
exec "$@"
