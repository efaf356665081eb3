#!/usr/bin/env bash
# Installs what is missing, builds kasane and its browser console, and starts
# the server on the embedded SQLite default with demo data: the five towns as
# tenants, demo accounts for every role (printed below) and fictional cases.
#   scripts/run.sh            (then open http://127.0.0.1:8080/)
# Environment: KASANE_PORT (default 8080), KASANE_DEMO_DIR (default build/demo).
# The demo is made once; delete its folder (or run `build/kasane demo init
# --dir build/demo --force`) for a fresh one.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
scripts/console.sh
DEMO="${KASANE_DEMO_DIR:-build/demo}"
if [ ! -f "$DEMO/kasane.yaml" ]; then
  build/kasane demo init --dir "$DEMO" --force
else
  cat "$DEMO/logins.txt"
fi
echo
echo "kasane: open http://127.0.0.1:${KASANE_PORT:-8080}/ and log in with an account above (Ctrl-C stops)."
exec build/kasane serve --config "$DEMO/kasane.yaml"  # KASANE_PORT, if set, overrides the port
