#!/bin/sh
# html-chromium.sh -- render the board pack of every seed scenario in
# headless Chromium: the DOM must hold every section and chart, and a
# screenshot must be produced. Exit 77 (skipped) only when Chromium is not
# installed (tools/quickstart check installs it).
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "SKIP: chromium is not installed (apt-get install chromium); board packs not rendered"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for f in "$CS_SRCDIR"/scenarios/*.yaml; do
    name=$(basename "$f" .yaml)
    mkdir -p "$work/$name"
    if ! "$CS_BUILDDIR/consortia" appraise "$f" --quiet --draws 400 \
            --format html -o "$work/$name/pack.html"; then
        echo "FAIL: $name: the appraisal failed"; fail=1; continue
    fi
    flags="--headless --no-sandbox --disable-gpu --disable-background-networking
           --disable-component-update --no-first-run --disable-sync
           --user-data-dir=$work/$name/profile"
    # shellcheck disable=SC2086
    timeout 120 "$browser" $flags --dump-dom "file://$work/$name/pack.html" \
        >"$work/$name/dom.html" 2>/dev/null
    for want in 'id="question"' 'id="recommendation"' 'id="criteria"' \
                'id="uncertainty"' 'id="sensitivity"' 'id="assumptions"' \
                'id="provenance"' 'id="contributions"' 'id="chart-contrib"' \
                'id="chart-score"' 'id="chart-ranks"' \
                'id="chart-acceptability"' 'id="chart-stability"' \
                'id="chart-tornado"' 'id="changes"' \
                '-headline' 'role="img"' '<title id="chart-score-t">'; do
        grep -q -- "$want" "$work/$name/dom.html" ||
            { echo "FAIL: $name: the rendered DOM has no $want"; fail=1; }
    done
    charts=$(grep -o '<svg' "$work/$name/dom.html" | wc -l)
    [ "$charts" -ge 3 ] || { echo "FAIL: $name: only $charts charts"; fail=1; }
    # shellcheck disable=SC2086
    timeout 120 "$browser" $flags --window-size=1200,2400 \
        --screenshot="$work/$name/pack.png" "file://$work/$name/pack.html" \
        >/dev/null 2>&1
    size=$(wc -c <"$work/$name/pack.png" 2>/dev/null || echo 0)
    [ "$size" -gt 20000 ] || { echo "FAIL: $name: no screenshot ($size bytes)"; fail=1; }
    echo "ok: $name: $charts charts, screenshot $size bytes"
done
exit $fail
