# Sourced by scripts/test.sh and scripts/start.js (npm test, npm start): installs the Debian/Ubuntu packages a task
# needs when one of its commands (or libsecret's headers) is missing.
#   ensure_system_packages <label> "<commands>" "<packages>" ["<python modules>"]
# (python modules are looked for in Debian's /usr/bin/python3, as Debian's python3-* packages
# install them there, whatever python3 comes first on PATH)
# On Debian/Ubuntu as root or with passwordless sudo it runs apt-get; elsewhere it prints one
# line naming what is missing and how to install it, and returns 1.
ensure_system_packages() {
  local label="$1" cmd missing=()
  local -a cmds pkgs
  read -r -a cmds <<<"$2"
  read -r -a pkgs <<<"$3"
  for cmd in "${cmds[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd"); done
  pkg-config --exists libsecret-1 2>/dev/null || missing+=("libsecret-1-dev")
  local module
  for module in ${4:-}; do
    /usr/bin/python3 -c "import $module" >/dev/null 2>&1 || missing+=("python module $module")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    echo "$label: installing system packages: ${pkgs[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null || {
      echo "$label: apt-get install failed for: ${pkgs[*]}" >&2
      return 1
    }
  else
    echo "$label: missing ${missing[*]}; install them (Debian/Ubuntu: sudo apt-get install ${pkgs[*]}; macOS: brew install redis dbus) and run again" >&2
    return 1
  fi
}
