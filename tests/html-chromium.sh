#!/bin/sh
# html-chromium.sh -- the board pack of every seed scenario in headless
# Chromium (tests/html-browser.py: sections and charts rendered, A4 page
# count of the main part, recommendation on page one, no sideways scroll
# and readable chart text at 390 px, a weight slider against
# `appraise --weight`). Exit 77 (skipped) only when Chromium is not
# installed (tools/quickstart installs it).
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null
then
    echo "SKIP: chromium is not installed (apt-get install chromium); board packs not rendered"
    exit 77
fi
exec python3 "$CS_SRCDIR/tests/html-browser.py" "$CS_BUILDDIR/consortia" \
    "$CS_SRCDIR"/scenarios/*.yaml
