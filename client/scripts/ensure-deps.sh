#!/bin/sh
# Installs the app's dependencies exactly as locked, unless node_modules already matches the lock.
set -e
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
