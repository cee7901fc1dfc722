#!/usr/bin/env bash
# Makes sure headless Chromium and its WebDriver (Debian's chromium + chromium-driver) are installed, for the
# dashboard's browser test (DashboardBrowserIT). Installs them with apt-get when missing and root (or sudo without a
# password) is available; otherwise says so and exits 0: the test then skips with a clear message.
set -uo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if have chromium && have chromedriver; then
  echo "ensure-chromium: chromium and chromedriver present"
  exit 0
fi
if ! have apt-get; then
  echo "ensure-chromium: no apt-get here; DashboardBrowserIT will skip unless chromium and chromedriver are on PATH"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif have sudo && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "ensure-chromium: not root and no password-less sudo; DashboardBrowserIT will skip"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null 2>&1; then
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  $SUDO apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null 2>&1 \
    || echo "ensure-chromium: apt-get could not install chromium chromium-driver; DashboardBrowserIT will skip"
fi
if have chromium && have chromedriver; then
  echo "ensure-chromium: installed $(chromium --version 2>/dev/null | head -1)"
fi
exit 0
