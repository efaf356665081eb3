#!/usr/bin/env bash
# Builds the browser console into web_admin/dist: installs Node.js and npm from
# Debian when missing, the console's npm packages (exact versions from
# package-lock.json) and bundles them with esbuild. Nothing fetched at run time.
#   scripts/console.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "console: installing nodejs npm"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
cd web_admin
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
