#!/usr/bin/env bash
# The attack suite's time bounds: runs `kasane bench sandbox` (every attack on
# the plugin sandbox, each several times) and fails when an attack ends
# otherwise than expected or a call runs past its CPU budget by more than
# MAX_OVERRUN_MS (default 50, one default budget). Prints the table that
# docs/plugins.md §9 quotes.
# Usage: scripts/attacks.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
[ -x "$BUILD/kasane" ] || scripts/setup.sh "$BUILD"
exec "$BUILD/kasane" bench sandbox --repeat "${REPEAT:-5}" --max-overrun-ms "${MAX_OVERRUN_MS:-50}"
