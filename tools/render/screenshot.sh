#!/bin/sh
# Screenshot an HTML page in headless Chromium (Debian's `chromium` package).
# Usage: tools/render/screenshot.sh PAGE.html OUT.png
set -eu
if [ "$#" -ne 2 ]; then
    echo "usage: $0 PAGE.html OUT.png" >&2
    exit 64
fi
page=$1
png=$2
if ! command -v chromium >/dev/null 2>&1; then
    echo "error: chromium not found; hint: apt-get install -y chromium" >&2
    exit 69
fi
if [ ! -f "$page" ]; then
    echo "error: no such page: $page" >&2
    exit 66
fi
page_abs=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
case "$png" in
    /*) png_abs=$png ;;
    *) png_abs=$(pwd)/$png ;;
esac
rm -f "$png_abs"
# A throwaway profile keeps the run from touching the user's Chromium settings; its log is
# shown only when no screenshot comes out (headless Chromium is chatty about dbus and GPUs).
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
status=0
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$profile" --no-first-run --disable-extensions \
    --screenshot="$png_abs" --window-size=1200,1600 "file://$page_abs" >"$profile/log" 2>&1 || status=$?
if [ ! -s "$png_abs" ]; then
    cat "$profile/log" >&2
    echo "error: chromium (exit $status) wrote no screenshot to $png_abs" >&2
    exit 70
fi
echo "$png_abs"
