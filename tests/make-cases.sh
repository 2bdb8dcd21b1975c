#!/bin/sh
# make-cases.sh -- the face-validity tables of tools/make-cases (issue 10)
# on a report whose value scores are set by hand, in a copy of the tree (the
# real pages are not touched). The expected cells are worked out here from
# the values set, not taken from a run:
#  - single has every value 0.8 and three 0.5, except equity, 0.6 for both:
#    single (one consortium, the larger) is at least as good everywhere and
#    better on six criteria, so three is dominated by single, tying on
#    equity; size pushes towards larger bodies (0.8 vs 0.5) on the six and
#    towards neither (0.6 vs 0.6) on equity, which both options favour;
#  - three's SMAA b1 is set to 0 (central weights null, as the JSON has
#    them for an option never first) and single's to 1;
#  - risk's p_over_2pct is set to 0.25 (single) and 0.125 (three), so the
#    {p_over_2pct} of the risk mechanism reads "(0.25, 0.125)";
#  - notes without a size line for a criterion stop the run.
# Exit 77 (skipped) where jq, which only make-cases needs, is missing.
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/scenarios" "$work/docs/cases/notes" "$work/tools"
cp "$CS_SRCDIR/scenarios/medway.yaml" "$work/scenarios/"
cp "$CS_SRCDIR/tools/make-cases" "$work/tools/"
if ! "$CS_BUILDDIR/consortia" appraise "$work/scenarios/medway.yaml" \
        --format json --draws 200 --quiet >"$work/real.json"; then
    echo "FAIL: medway did not appraise"; exit 1
fi
jq '.options |= map(.id as $id | .criteria |= with_entries(
        .value.value = (if .key == "equity" then 0.6
                        elif $id == "single" then 0.8 else 0.5 end)))
    | (.options[] | select(.id == "single") | .criteria.risk.metrics.p_over_2pct) = 0.25
    | (.options[] | select(.id == "three") | .criteria.risk.metrics.p_over_2pct) = 0.125
    | .ranking = ["single", "three"]
    | .decision.smaa.options |= map(if .id == "single"
        then .rank_acceptability[0] = 1
        else .rank_acceptability[0] = 0 | .central_weights = null end)' \
    "$work/real.json" >"$work/set.json" || { echo "FAIL: jq"; exit 1; }
printf '#!/bin/sh\ncat "%s"\n' "$work/set.json" >"$work/fake"
chmod +x "$work/fake"
notes="$work/docs/cases/notes/medway.md"
{
    echo "# Medway"
    echo
    echo "<!-- size"
    for c in risk capacity governance leverage engagement equity transition; do
        if [ $c = risk ]; then echo "risk: pooling {p_over_2pct} (Test 2026)."
        else echo "$c: mechanism of $c (Test 2026)."; fi
    done
    echo "-->"
    echo
    echo "<!-- results -->"
} >"$notes"
fail=0
if ! (cd "$work" && CONSORTIA="$work/fake" tools/make-cases medway >/dev/null); then
    echo "FAIL: make-cases failed on good notes"; exit 1
fi
page="$work/docs/cases/medway.md"
want() {
    grep -qF -- "$1" "$page" || { echo "FAIL: page lacks: $1"; fail=1; }
}
for c in capacity governance leverage engagement transition; do
    want "| $c | larger bodies (0.8 vs 0.5) | single | "
done
want "| risk | larger bodies (0.8 vs 0.5) | single | "
want "pooling (0.25, 0.125) (Test 2026)."
want "| equity | neither (0.6 vs 0.6) | single, three | "
want "| Three locality consortia | 0 | - | - | - | - | - | - | - | single (ties: equity) |"
grep -q "^| One pan-Medway consortium | 1 | .* | - |$" "$page" ||
    { echo "FAIL: single is shown as dominated or without b1 = 1"; fail=1; }
if grep -q "<!-- size" "$page"; then
    echo "FAIL: the size block was copied onto the page"; fail=1
fi
# A criterion without its size line stops the run.
grep -v "^equity: " "$notes" >"$notes.new" && mv "$notes.new" "$notes"
if (cd "$work" && CONSORTIA="$work/fake" tools/make-cases medway \
        >/dev/null 2>&1); then
    echo "FAIL: make-cases accepted notes without a size line for equity"; fail=1
fi
[ $fail -eq 0 ] && echo "PASS: size table, SMAA b1 and dominance as worked out by hand"
exit $fail
