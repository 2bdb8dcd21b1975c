#!/bin/sh
# cov-loader.sh -- scenarios the loader refuses or takes on its rarer
# paths, each with the exit status and the message at its file:line:col:
# an unknown key in practices_csv, a CSV header naming a column twice, a
# plugin named as a file (refused without --allow-plugin-file, with the
# name to write instead; loaded with it from a path relative to the
# current folder, also by appraise --task and merge), a YAML document of
# more than 2,000,000 nodes, numbers (.nan, .Inf, 3e+1) and value
# functions (worst = best, one point) where a weight or function goes, and
# --weight on a scenario whose weights are an order of importance.
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
exe="$CS_BUILDDIR/consortia"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
scen="$CS_SRCDIR/scenarios/example.yaml"
cp "$CS_SRCDIR/tests/data/loader/csv.yaml" "$CS_SRCDIR/tests/data/loader/practices.csv" "$tmp/"
cd "$tmp" || exit 99

# expect STATUS WORDS CMD...: exit STATUS and WORDS (fixed) on stderr
expect() {
    want=$1 words=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        bad "$*: exit $got, not $want"; sed 's/^/  | /' "$tmp/err" | head -5
    elif ! grep -qF -- "$words" "$tmp/err"; then
        bad "$*: no '$words' in:"; sed 's/^/  | /' "$tmp/err" | head -5
    fi
}

# line 17 (after 'file:' on line 16), column 3
sed 's/^  file: practices.csv$/  file: practices.csv\n  bogus: 1/' csv.yaml >a.yaml
expect 65 "a.yaml:17:3: error: unknown key 'bogus' in 'practices_csv'" \
    "$exe" validate a.yaml

# the header's first column twice: the second is field 2, at column
# len("practice_code,") + 1 = 15
sed '1s/^\([^,]*\),/\1,\1,/' practices.csv >dup.csv
sed 's/file: practices.csv/file: dup.csv/' csv.yaml >b.yaml
expect 65 "dup.csv:1:15: error: column 'practice_code' appears twice in the header" \
    "$exe" validate b.yaml

# the example's first criterion (line 83, "  - plugin: " is 12 columns)
line=$(grep -n '^  - plugin: risk$' "$scen" | cut -d: -f1)
sed 's|^  - plugin: risk$|  - plugin: plugins/|' "$scen" >c.yaml
expect 65 "c.yaml:$line:13: error: the plugin of criterion 1 is the file 'plugins/', but a scenario names plugins, not files; write 'plugin: NAME'" \
    "$exe" validate c.yaml
mkdir sub
cp "$CS_BUILDDIR/plugins/.libs/risk.so" sub/ || bad "no risk.so in the build"
sed 's|^  - plugin: risk$|  - plugin: sub/risk.so|' "$scen" >d.yaml
expect 65 "d.yaml:$line:13: error: the plugin of criterion 1 is the file 'sub/risk.so', but a scenario names plugins, not files; write 'plugin: risk'" \
    "$exe" validate d.yaml
"$exe" validate d.yaml --allow-plugin-file >"$tmp/out" 2>&1 ||
    bad "--allow-plugin-file with sub/risk.so from the scenario's folder: exit $?"
grep -qF "d.yaml: ok: 12 practices, 2 localities, 3 options, 6 criteria" "$tmp/out" ||
    bad "d.yaml: $(cat "$tmp/out")"
# appraise --task takes --allow-plugin-file too (the plan records it and
# merge loads with it): the merge of two shards is the single run
"$exe" appraise d.yaml --allow-plugin-file --draws 20 -q -f json -o one.json ||
    bad "d.yaml single run: exit $?"
for i in 1 2; do
    "$exe" appraise d.yaml --allow-plugin-file --draws 20 -q --task $i/2 -o p$i ||
        bad "d.yaml --allow-plugin-file --task $i/2: exit $?"
done
grep -qF '"allow_plugin_file":true' p1 || bad "the plan does not record --allow-plugin-file"
"$exe" merge p1 p2 -f json -o m.json || bad "merge of d.yaml's shards: exit $?"
cmp -s one.json m.json || bad "merge of d.yaml's shards differs from the single run"
expect 65 "or pass --allow-plugin-file to load it by path" \
    "$exe" appraise d.yaml --draws 20 -q --task 1/2 -o p3

# 2,000,001 scalars in one flow list: the node limit (2,000,000) is
# reached on line 2; the list opens at column 4 ("x: [")
awk 'BEGIN { printf "format: 1\nx: [0"; for (i = 1; i < 2000001; i++) printf ",0"; print "]" }' >big.yaml
expect 65 "error: the file has more than 2000000 YAML nodes" "$exe" validate big.yaml
grep -q '^big.yaml:2:' "$tmp/err" || bad "the node limit's message is not on line 2: $(cat "$tmp/err")"
rm -f big.yaml

# --weight cannot replace a weight in an order of importance
{ cat "$scen"; echo 'weights: {method: ordinal, order: [risk, capacity, governance, leverage, engagement, equity]}'; } >f.yaml
wl=$(grep -n '^weights:' f.yaml | cut -d: -f1)
expect 64 "--weight 'risk=1': f.yaml:$wl:10 states its weights as an order of importance, which has no weight per criterion to replace" \
    "$exe" appraise f.yaml --weight risk=1 -q --draws 20 -o /dev/null

# ---- numbers and value functions (the example's risk criterion: weight
# on line 84 after "    weight: " (12 columns), its value function on
# line 85 after "    value_function: " (20 columns)) ----
vf='    value_function: {worst: 2.0, best: 0.0}'
[ "$(grep -nF "$vf" "$scen" | cut -d: -f1)" = 85 ] ||
    bad "the example's line 85 is not the risk value function"
[ "$(grep -n '^    weight: 30$' "$scen" | cut -d: -f1)" = 84 ] || bad "the example's line 84 is not weight: 30"
sed 's/^    value_function: {worst: 2.0, best: 0.0}/    value_function: {worst: 2.0, best: 2.0}/' "$scen" >v1.yaml
expect 65 "v1.yaml:85:21: error: the value function of criterion 'risk' has worst equal to best (2)" \
    "$exe" validate v1.yaml
for w in .nan .Inf; do
    sed "s/^    weight: 30\$/    weight: $w/" "$scen" >v2.yaml
    expect 65 "v2.yaml:84:13: error: the weight of criterion 'risk' is '$w', which is not a finite number" \
        "$exe" validate v2.yaml
done
# 3e+1 is 30: the report states the same weight
sed 's/^    weight: 30$/    weight: 3e+1/' "$scen" >v3.yaml
"$exe" appraise v3.yaml --draws 20 -q -f json -o v3.json || bad "weight 3e+1: exit $?"
grep -q '"weight": 30.0,' v3.json || bad "weight 3e+1 is not 30 in the report"
# a piecewise function of one point; its list opens after
# "    value_function: {kind: piecewise, points: " (46 columns)
sed 's/^    value_function: {worst: 2.0, best: 0.0}/    value_function: {kind: piecewise, points: [[1, 0]]}/' "$scen" >v4.yaml
expect 65 "v4.yaml:85:47: error: 'points' of the value function of criterion 'risk' has 1 entry; give at least two points" \
    "$exe" validate v4.yaml

exit $fail
