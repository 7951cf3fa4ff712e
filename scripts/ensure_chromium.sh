#!/bin/sh
# `make test` drives a real headless Chromium (tests/test_web_browser.py) through
# Playwright, with Debian's own browser: install the `chromium` package when it is
# missing. Playwright never downloads a browser here (no `playwright install`).
set -eu

command -v chromium >/dev/null 2>&1 && exit 0

give_up() {
    echo "ensure_chromium: $1" >&2
    echo "ensure_chromium: the browser tests need Debian's chromium" \
        "(apt-get install chromium); install it, then run make test again." >&2
    exit 1
}

command -v apt-get >/dev/null 2>&1 || give_up "no chromium found and no apt-get to install it."

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    give_up "no chromium found; installing it needs root, and sudo is missing."
fi

echo "ensure_chromium: installing Debian's chromium (apt-get install chromium)"
apt_install() {
    $as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends chromium
}
apt_install || { $as_root apt-get update -q && apt_install; } ||
    give_up "apt-get could not install chromium."
command -v chromium >/dev/null 2>&1 || give_up "chromium is installed, but not on PATH."
