#!/usr/bin/env bash
# Install what tools/a11y/check.mjs needs, skipping what is already there:
# Debian's chromium package, and the npm packages pinned in
# tools/a11y/package-lock.json. Prints nothing on success.
# Run from anywhere: bash tools/a11y/setup.sh
set -euo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Run a command with its output sent to $log, and print that output only if
# the command fails.
quietly() {
  if ! "$@" > "$log" 2>&1; then
    echo "setup.sh: failed: $*" >&2
    cat "$log" >&2
    exit 1
  fi
}

if [ ! -x /usr/bin/chromium ]; then
  if ! command -v apt-get > /dev/null; then
    echo "setup.sh: /usr/bin/chromium is missing and apt-get was not found." \
      "Install Chromium from your system's packages as /usr/bin/chromium." >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    apt=(apt-get)
  elif command -v sudo > /dev/null && sudo -n true 2> /dev/null; then
    apt=(sudo apt-get)
  else
    echo "setup.sh: /usr/bin/chromium is missing, and apt-get needs root or" \
      "passwordless sudo. Install it by hand: apt-get install -y chromium" >&2
    exit 1
  fi
  # A fresh machine may have no package lists yet, so update them first.
  quietly "${apt[@]}" update -q
  quietly env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -q chromium
fi

if ! command -v npm > /dev/null; then
  echo "setup.sh: npm was not found. Install Node.js 20 or later with npm." >&2
  exit 1
fi

# npm ci runs again when node_modules is missing or was installed from
# another package-lock.json. The stamp file stores the lockfile's hash.
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
have=$(cat "$stamp" 2> /dev/null || true)
if [ "$want" != "$have" ]; then
  quietly npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
