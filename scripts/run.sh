#!/usr/bin/env bash
# Installs what is missing, builds, and runs kasane on the embedded SQLite default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
build/kasane validate workflows/
build/kasane test tests/scenarios/ --verbose
mkdir -p build/diagrams
for f in workflows/*.yaml; do
  build/kasane diagram "$f" --format svg -o "build/diagrams/$(basename "${f%.yaml}").svg"
done
echo "diagrams written to build/diagrams/"
