#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a throwaway, unlocked gnome-keyring, so
# keytar talks to a real Secret Service: `bash scripts/with-keyring.sh npx vitest run test/core`.
set -uo pipefail
if [ -z "${SIGNET_KEYRING_SESSION:-}" ]; then
  export SIGNET_KEYRING_SESSION=1
  exec dbus-run-session -- bash "$0" "$@"
fi
export XDG_DATA_HOME="$(mktemp -d)"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
eval "$(printf 'signet-test-keyring' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
export GNOME_KEYRING_CONTROL
exec "$@"
