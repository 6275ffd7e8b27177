#!/usr/bin/env bash
# Runs the whole test suite. Installs what the browser tests need first, if missing:
# Debian's Chromium (apt-get, needs root) and axe-core (npm, from package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium (Debian package) for the browser tests …" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "Installing axe-core (npm) …" >&2
  npm ci --no-audit --no-fund --silent
fi
exec python -m pytest "$@"
