#!/usr/bin/env bash
# Install the Debian packages the study needs, only when they are missing:
# fonts-noto-cjk (Chinese text in the PDF and the HTML), poppler-utils (pdftoppm/pdftotext
# in tests), and chromium + chromium-driver (tests/test_browser.py opens the HTML paper in
# headless Chromium through Debian's chromedriver; nothing is downloaded at test time).
#
# Sourcing the file defines the checks without running them (tests/test_environment.py).
set -euo pipefail

CHROMIUM_BIN=${CHROMIUM_BIN:-/usr/bin/chromium}
CHROMEDRIVER_BIN=${CHROMEDRIVER_BIN:-/usr/bin/chromedriver}

# True when a Noto Serif CJK font is installed. fc-list's output is read in full before it
# is searched: `fc-list | grep -q` under pipefail fails with 141 (SIGPIPE) whenever grep
# stops at an early match while fc-list is still writing, which looked like a missing font.
has_cjk_font() {
  local fonts
  fonts=$(fc-list 2>/dev/null) || return 1
  [[ $fonts == *"Noto Serif CJK"* ]]
}

# The packages to install, one per line (nothing when all are present).
missing_packages() {
  has_cjk_font || echo fonts-noto-cjk
  command -v pdftoppm >/dev/null 2>&1 || echo poppler-utils
  [ -x "$CHROMIUM_BIN" ] || echo chromium
  [ -x "$CHROMEDRIVER_BIN" ] || echo chromium-driver
}

main() {
  local missing=()
  mapfile -t missing < <(missing_packages)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "setup: please install ${missing[*]} (Debian/Ubuntu: apt-get install ${missing[*]})" >&2
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
