#!/bin/sh
# html-chromium.sh -- the board pack of every seed scenario in headless
# Chromium (tests/html-browser.py: sections and charts rendered, A4 page
# count of the main part, recommendation on page one, no sideways scroll
# and readable chart text at 390 px, a weight slider against
# `appraise --weight`, the printed PDF's page 1 text). Screenshots and
# PDFs go to tests/board-pack/ in the build tree. Exit 77 (skipped) only
# when Chromium or pdftotext is not installed (tools/quickstart installs
# both).
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null
then
    echo "SKIP: chromium is not installed (apt-get install chromium); board packs not rendered"
    exit 77
fi
if ! command -v pdftotext >/dev/null; then
    echo "SKIP: pdftotext is not installed (apt-get install poppler-utils); printed board packs not read back"
    exit 77
fi
# page one at 1280 and 390 px and the printed packs, to look at
CS_SHOTS_DIR="$CS_BUILDDIR/tests/board-pack" && export CS_SHOTS_DIR
exec python3 "$CS_SRCDIR/tests/html-browser.py" "$CS_BUILDDIR/consortia" \
    "$CS_SRCDIR"/scenarios/*.yaml
