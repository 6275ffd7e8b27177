#!/usr/bin/env bash
# Runs the whole test suite. Installs what the browser tests and the HTML check need first, if
# missing: Debian's Chromium and a Java runtime for the Nu Html Checker (apt-get, needs root), and
# axe-core and vnu-jar (npm, from package-lock.json). npm runs no install scripts: vnu-jar's only
# one would download a Java runtime from GitHub when none is installed; we use Debian's.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "Installing ${apt_packages[*]} (Debian packages) for the browser tests and the HTML check …" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO mkdir -p /usr/share/man/man1   # slim images lack it, and the JRE's install script needs it
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "Installing axe-core and vnu-jar (npm) …" >&2
  npm ci --ignore-scripts --no-audit --no-fund --silent
fi
exec python -m pytest "$@"
