#!/usr/bin/env bash
# Install what the browser tests drive: Debian's chromium (Playwright cannot download its own
# browsers here) and a colour emoji font so screenshots show emoji instead of empty boxes.
# Idempotent: installs only what is missing. Run as root, or with sudo available.
set -euo pipefail

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || packages+=(fonts-noto-color-emoji)

if [ ${#packages[@]} -eq 0 ]; then
  echo "setup_browser: chromium and fonts already installed"
  exit 0
fi

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}"
/usr/bin/chromium --version
