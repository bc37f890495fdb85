#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the browser tests (playwright-core drives
# it; nothing downloads a browser of its own). Does nothing if it is already there.
# .ci/run calls it before npm test.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version || true
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available" >&2
  exit 1
fi

sudo_if_needed=()
if [ "$(id -u)" -ne 0 ]; then sudo_if_needed=(sudo); fi

# Recommends stay on: they bring the fonts pages are rendered with.
"${sudo_if_needed[@]}" apt-get update
"${sudo_if_needed[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
/usr/bin/chromium --version
