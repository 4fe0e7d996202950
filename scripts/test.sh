#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it on a fresh machine: system packages, npm packages,
# a private D-Bus session with an unlocked gnome-keyring, then typecheck, lint, build and tests.
# Redis servers are started by the tests themselves on ephemeral ports.
set -uo pipefail
cd "$(dirname "$0")/.."

need_cmds=(redis-server openssl gnome-keyring-daemon dbus-run-session dbus-send chromium pkg-config git zsh fish setpriv)
need_pkgs=(redis-server openssl gnome-keyring dbus dbus-x11 libsecret-1-dev pkg-config chromium fonts-dejavu-core git zsh fish util-linux)
missing=()
for cmd in "${need_cmds[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd"); done
pkg-config --exists libsecret-1 2>/dev/null || missing+=("libsecret-1-dev")

if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    echo "test: installing system packages: ${need_pkgs[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null || {
      echo "test: apt-get install failed for: ${need_pkgs[*]}" >&2
      exit 1
    }
  else
    echo "test: missing ${missing[*]}; install them (Debian/Ubuntu: sudo apt-get install ${need_pkgs[*]}; macOS: brew install redis dbus) and run again" >&2
    exit 1
  fi
fi

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
