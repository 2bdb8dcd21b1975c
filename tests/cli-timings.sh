#!/bin/sh
# cli-timings.sh -- `appraise --timings` (docs/performance.md, "Timings"):
# after the run, standard error holds one line per criterion with the
# number of its consortium() and option() calls and their CPU, then the
# plugin calls' total and the whole process's CPU; the report is the same
# bytes with and without it.
#
# scenarios/example.yaml, by hand: options one {exampleshire}, two
# {north, south} and federation {north, south}, so 3 distinct consortia
# and 3 options; the risk criterion has no rerun (no uncertain parameter
# of its own is in a tornado), so its line counts 3 and 3.
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
exe="$CS_BUILDDIR/consortia"
scen="$CS_SRCDIR/scenarios/example.yaml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

for j in 1 2; do
    "$exe" appraise "$scen" -n 300 -j $j -q -f json -o "$tmp/plain.json" ||
        bad "-j $j: the run without --timings failed"
    "$exe" appraise "$scen" -n 300 -j $j -q -f json -o "$tmp/timed.json" \
        --timings 2>"$tmp/err" || bad "-j $j: the run with --timings failed"
    cmp -s "$tmp/plain.json" "$tmp/timed.json" ||
        bad "-j $j: --timings changed the report"
    grep -q '^timings (CPU seconds' "$tmp/err" || bad "-j $j: no heading: $(cat "$tmp/err")"
    grep -Eq '^  risk +3 consortium\(\) calls +[0-9]+\.[0-9]{3} s +3 option\(\) calls +[0-9]+\.[0-9]{3} s$' \
        "$tmp/err" || bad "-j $j: the risk line does not count 3 and 3: $(cat "$tmp/err")"
    # one line per criterion of the scenario, each named once
    for c in risk capacity governance leverage engagement equity; do
        [ "$(grep -c "^  $c " "$tmp/err")" -eq 1 ] || bad "-j $j: no single line for $c"
    done
    grep -Eq '^  whole process, workers included +[0-9]+\.[0-9]{3} s' "$tmp/err" ||
        bad "-j $j: no whole-process line"
    # the plugin calls' total is the sum of the lines above it (to rounding)
    # (fields: name, count, "consortium()", "calls", CPU, "s", count,
    # "option()", "calls", CPU, "s"; each CPU printed to 0.0005 s)
    awk '/ consortium\(\) calls /{s += $5 + $10; n += 2} /^  plugin calls/{t = $(NF-1)}
         /^  whole process/{w = $(NF-4)}
         END{d = s - t; if (d < 0) d = -d
             exit !(n == 12 && t != "" && d <= 0.0005 * (n + 1) && t <= w + 0.001)}' \
        "$tmp/err" || bad "-j $j: the total is not the sum of the calls, or exceeds the process: $(cat "$tmp/err")"
done
# without --timings nothing of it is printed
"$exe" appraise "$scen" -n 100 -q -o /dev/null 2>"$tmp/err"
grep -q timings "$tmp/err" && bad "timings printed without --timings"

[ "$fail" -eq 0 ] && echo "PASS: cli-timings"
exit "$fail"
