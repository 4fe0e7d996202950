#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it on a fresh machine: system packages, npm packages,
# a private D-Bus session with an unlocked gnome-keyring, then typecheck, lint, build and tests.
# Redis servers are started by the tests themselves on ephemeral ports.
set -uo pipefail
cd "$(dirname "$0")/.."

need_cmds=(redis-server openssl gnome-keyring-daemon dbus-run-session dbus-send chromium pkg-config git zsh fish setpriv)
need_pkgs=(redis-server openssl gnome-keyring dbus dbus-x11 libsecret-1-dev pkg-config chromium fonts-dejavu-core git zsh fish util-linux python3-prometheus-client)
# The Prometheus project's strict OpenMetrics parser reads `signet metrics` in the tests.
need_python_modules=(prometheus_client.openmetrics.parser)
# shellcheck source=scripts/system-packages.sh
source scripts/system-packages.sh
ensure_system_packages test "${need_cmds[*]}" "${need_pkgs[*]}" "${need_python_modules[*]}" || exit 1

export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "test: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error || { echo "test: npm ci failed" >&2; exit 1; }
fi
# Native modules must match this Node. npm start keeps its Electron build of better-sqlite3
# apart (build/native/electron), but an older checkout rebuilt node_modules in place. Opening a
# database is what loads better-sqlite3's addon (scripts/check-native-modules.js).
if ! node scripts/check-native-modules.js >/dev/null 2>&1; then
  echo "test: rebuilding native modules for Node $(node --version)"
  npm rebuild better-sqlite3 keytar --loglevel=error >/dev/null || { echo "test: npm rebuild failed" >&2; exit 1; }
fi

mkdir -p test-results
exec bash scripts/with-keyring.sh bash scripts/test-in-session.sh "$@"
