#!/usr/bin/env bash
# Install the Debian packages the study needs, only when they are missing:
# fonts-noto-cjk (Chinese text in the PDF and the HTML), poppler-utils (pdftoppm/pdftotext
# in tests), and chromium + chromium-driver (tests/test_browser.py opens the HTML paper in
# headless Chromium through Debian's chromedriver; nothing is downloaded at test time).
set -euo pipefail
missing=()
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || missing+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "setup: please install ${missing[*]} (Debian/Ubuntu: apt-get install ${missing[*]})" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
