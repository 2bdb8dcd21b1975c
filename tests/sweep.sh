#!/bin/sh
# sweep.sh -- a sweep split into shards gives, once merged, the very bytes
# of the single run (CSV, JSON and text; a grid and a Latin hypercube);
# through the Slurm array script (its environment simulated) and, when GNU
# parallel is installed, the parallel recipe; a complete shard is not
# redone and an incomplete one is; merge refuses a missing, doubled,
# corrupt or foreign shard. docs/scale-out.md.
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
exe="$CS_BUILDDIR/consortia"
scen="$CS_SRCDIR/scenarios/example.yaml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

grid="$scen --grid fixed_base=0:6e6:4 --grid gp_willingness=0.1:0.6:3 --draws 200"
lhs="$scen --lhs 7 --range fixed_base=0:6e6 --range board_cost=1e5:4e5 --seed 5 --draws 200"

for design in grid lhs; do
    eval "args=\$$design"
    for f in csv json text; do
        # shellcheck disable=SC2086
        "$exe" sweep $args -q -f $f -o "$tmp/one.$f" || bad "$design: single run ($f)"
    done
    rm -f "$tmp"/p-*
    for i in 1 2 3; do
        # shellcheck disable=SC2086
        "$exe" sweep $args -q --task $i/3 -o "$tmp/p-$i" || bad "$design: shard $i/3"
    done
    for f in csv json text; do
        "$exe" merge "$tmp/p-3" "$tmp/p-1" "$tmp/p-2" -f $f -o "$tmp/merged.$f" ||
            bad "$design: merge ($f)"
        cmp -s "$tmp/one.$f" "$tmp/merged.$f" || bad "$design: merged $f differs from the single run"
    done
    # one shard of one task is the whole sweep
    # shellcheck disable=SC2086
    "$exe" sweep $args -q --task 1/1 -o "$tmp/all" &&
        "$exe" merge "$tmp/all" -o "$tmp/all.csv" &&
        cmp -s "$tmp/one.csv" "$tmp/all.csv" || bad "$design: --task 1/1 differs"
done
# the last table written is the LHS's: 7 points x 3 options, all appraised
[ "$(grep -c ',ok,' "$tmp/one.csv")" -eq 21 ] || bad "the LHS table has not 7 x 3 rows"

# resumption: a complete shard is not redone (its file is left as it was)
cp "$tmp/p-2" "$tmp/p-2.before"
touch -d '2001-01-01' "$tmp/p-2"
# shellcheck disable=SC2086
"$exe" sweep $lhs --task 2/3 -o "$tmp/p-2" 2>"$tmp/err" || bad "rerun of a complete shard"
grep -q 'not redone' "$tmp/err" || bad "a complete shard was not reported as done"
[ -n "$(find "$tmp/p-2" -mtime +3650)" ] || bad "a complete shard was rewritten"
# an incomplete shard (its trailer cut off) is refused by merge, then redone
sed '$d' "$tmp/p-2.before" >"$tmp/p-2"
"$exe" merge "$tmp/p-1" "$tmp/p-2" "$tmp/p-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'not a complete partial' "$tmp/err" || bad "merge took a cut shard"
# shellcheck disable=SC2086
"$exe" sweep $lhs --task 2/3 -o "$tmp/p-2" 2>"$tmp/err" || bad "redo of a cut shard"
grep -q 'incomplete; running task 2/3 again' "$tmp/err" || bad "a cut shard was not redone"
cmp -s "$tmp/p-2" "$tmp/p-2.before" || bad "the redone shard differs"

# merge refuses: a missing task, a task twice, another sweep's shard
"$exe" merge "$tmp/p-1" "$tmp/p-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'item 1 is missing: give the partial result of task 2/3' "$tmp/err" ||
    bad "merge took a missing task"
"$exe" merge "$tmp/p-1" "$tmp/p-1" "$tmp/p-2" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'given twice' "$tmp/err" || bad "merge took a task twice"
# shellcheck disable=SC2086
"$exe" sweep $lhs -q --seed 6 --task 2/3 -o "$tmp/other" || bad "the other sweep's shard"
"$exe" merge "$tmp/p-1" "$tmp/other" "$tmp/p-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'belongs to another sweep' "$tmp/err" || bad "merge mixed two sweeps"

# an item that fails (a value out of the parameter's range) is marked in
# the table; the single run and the merge both write it and exit 65
fb="$scen --grid fixed_base=-1e6:2e6:4 --draws 100 -q"
# shellcheck disable=SC2086
"$exe" sweep $fb -o "$tmp/fb.csv" 2>/dev/null; [ $? -eq 65 ] || bad "a failed item: single run's exit"
grep -q '^0,example,0,failed,-1000000,' "$tmp/fb.csv" || bad "the failed item is not marked"
for i in 1 2; do
    # shellcheck disable=SC2086
    "$exe" sweep $fb --task $i/2 -o "$tmp/fb-$i" 2>/dev/null
done
"$exe" merge "$tmp/fb-1" "$tmp/fb-2" -o "$tmp/fb-merged.csv" 2>/dev/null
[ $? -eq 65 ] || bad "a failed item: merge's exit"
cmp -s "$tmp/fb.csv" "$tmp/fb-merged.csv" || bad "a failed item: merge differs"

# usage errors
"$exe" sweep "$scen" --task 2/3 2>/dev/null; [ $? -eq 64 ] || bad "--task without -o"
"$exe" sweep "$scen" --task 4/3 -o x 2>/dev/null; [ $? -eq 64 ] || bad "--task 4/3"
"$exe" sweep "$scen" --grid no_such_parameter=1:2:2 -q -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q "no_such_parameter' is declared by none" "$tmp/err" ||
    bad "an undeclared swept parameter"

# the Slurm array script, its environment simulated, three tasks
for i in 1 2 3; do
    # shellcheck disable=SC2086
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=3 CONSORTIA="$exe" \
        sh "$CS_SRCDIR/tools/sweep-slurm.sbatch" "$tmp/slurm" $grid || bad "slurm task $i"
done
# shellcheck disable=SC2086
"$exe" sweep $grid -q -f csv -o "$tmp/grid.csv"
"$exe" merge "$tmp"/slurm/part-*-of-3.jsonl -f csv -o "$tmp/slurm.csv" ||
    bad "merge of the Slurm shards"
cmp -s "$tmp/slurm.csv" "$tmp/grid.csv" || bad "the Slurm shards differ from the single run"

# GNU parallel on local cores, when it is installed (CI installs it)
if command -v parallel >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    CONSORTIA="$exe" sh "$CS_SRCDIR/tools/sweep-parallel" -n 3 -j 2 -d "$tmp/par" \
        -m json -o "$tmp/par.json" -- $grid || bad "tools/sweep-parallel"
    # shellcheck disable=SC2086
    "$exe" sweep $grid -q -f json -o "$tmp/grid.json"
    cmp -s "$tmp/par.json" "$tmp/grid.json" || bad "GNU parallel's merge differs from the single run"
else
    echo "note: GNU parallel is not installed; its recipe is not tested here"
fi
[ $fail -eq 0 ] && echo "PASS: sweep shards and merge"
exit $fail
