#!/bin/sh
# search-task.sh -- one search split into N shards (--task I/N) gives, once
# merged, the very bytes of the single run in every output search writes
# (-f text, -f json, -f html and --emit-options; merge --reports DIR writes
# all four), for N = 1, 2, 3 and 5 on the seed scenarios; a complete shard
# is not redone; merge refuses partials of another scenario, seed or
# command, changed scenario bytes, and names a missing shard.
# docs/scale-out.md, docs/search.md "Shards".
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
exe="$CS_BUILDDIR/consortia"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
OPTS="--draws 200 --screen-draws 100"

# the single run, each output as search writes it
single() {   # scenario dir [options]
    sc=$1 d=$2; shift 2
    mkdir -p "$d"
    "$exe" search "$sc" $OPTS "$@" -q -f text -o "$d/search.txt" \
        --emit-options "$d/search-options.yaml" || bad "$sc: single run"
    "$exe" search "$sc" $OPTS "$@" -q -f json -o "$d/search.json" || bad "$sc: json"
    "$exe" search "$sc" $OPTS "$@" -q -f html -o "$d/search.html" || bad "$sc: html"
}

same_dirs() {
    for f in search.txt search.json search.html search-options.yaml; do
        [ -s "$1/$f" ] || bad "$3: the single run wrote no $f"
        cmp -s "$1/$f" "$2/$f" || bad "$3: $f differs from the single run"
    done
    [ "$(ls "$2" | wc -l)" -eq 4 ] || bad "$3: the merge wrote $(ls "$2" | wc -l) files, not 4"
}

for s in staffordshire-2019 medway manchester stoke-north-staffs; do
    scen="$CS_SRCDIR/scenarios/$s.yaml"
    ns="1 2 3 5"
    [ "$s" = staffordshire-2019 ] || ns=3
    single "$scen" "$tmp/$s/one"
    for n in $ns; do
        i=1
        while [ "$i" -le "$n" ]; do
            "$exe" search "$scen" $OPTS -q --task "$i/$n" \
                -o "$tmp/$s/p-$i-of-$n" || bad "$s: shard $i/$n"
            i=$((i + 1))
        done
        # shellcheck disable=SC2046
        "$exe" merge $(ls -r "$tmp/$s"/p-*-of-"$n") --reports "$tmp/$s/m$n" ||
            bad "$s: merge of $n"
        same_dirs "$tmp/$s/one" "$tmp/$s/m$n" "$s, $n shards"
    done
done

s=staffordshire-2019
scen="$CS_SRCDIR/scenarios/$s.yaml"
# one format to -o, as search -f json -o writes it
"$exe" merge "$tmp/$s"/p-*-of-3 -f json -o "$tmp/m.json" &&
    cmp -s "$tmp/$s/one/search.json" "$tmp/m.json" || bad "merge -f json -o differs"
# the search's options (--top, --seed) reach the merge through the plan
single "$scen" "$tmp/top" --top 2 --seed 9
for i in 1 2; do
    "$exe" search "$scen" $OPTS --top 2 --seed 9 -q --task $i/2 -o "$tmp/top/p$i" ||
        bad "--top 2 shard $i"
done
"$exe" merge "$tmp/top/p1" "$tmp/top/p2" -f text -o "$tmp/top/m.txt" &&
    cmp -s "$tmp/top/search.txt" "$tmp/top/m.txt" || bad "--top 2 --seed 9: merge differs"
cmp -s "$tmp/top/search.txt" "$tmp/$s/one/search.txt" && bad "--top 2 --seed 9 changed nothing"

# a shard's items are 1/N of the coalitions, round robin
items=$(head -1 "$tmp/$s/p-2-of-3" | sed 's/.*"items":\[\([0-9,]*\)\].*/\1/')
case "$items" in 1,4,7,10,*) ;; *) bad "task 2/3 holds items $items" ;; esac

# resumption: a complete shard is not redone; a cut one is; --force redoes
cp "$tmp/$s/p-2-of-3" "$tmp/keep"
touch -d 2000-01-01 "$tmp/$s/p-2-of-3"
"$exe" search "$scen" $OPTS --task 2/3 -o "$tmp/$s/p-2-of-3" 2>"$tmp/err" ||
    bad "rerun of a complete shard failed"
grep -q 'complete (task 2/3, [0-9]* items); not redone' "$tmp/err" ||
    bad "a complete shard was not reported as done: $(cat "$tmp/err")"
[ -z "$(find "$tmp/$s/p-2-of-3" -newer "$tmp/keep")" ] || bad "a complete shard was rewritten"
"$exe" search "$scen" $OPTS -q --force --task 2/3 -o "$tmp/$s/p-2-of-3" || bad "--force"
[ -n "$(find "$tmp/$s/p-2-of-3" -newer "$tmp/keep")" ] || bad "--force did not redo the shard"
head -c 300 "$tmp/keep" >"$tmp/$s/p-2-of-3"
"$exe" search "$scen" $OPTS -q --task 2/3 -o "$tmp/$s/p-2-of-3" || bad "redo of a cut shard"
cmp -s "$tmp/keep" "$tmp/$s/p-2-of-3" || bad "a cut shard was not redone to the same bytes"
# a shard of the same scenario with other options is redone, not taken
"$exe" search "$scen" --draws 100 --screen-draws 100 -q --task 2/3 -o "$tmp/other" &&
    "$exe" search "$scen" $OPTS -q --task 2/3 -o "$tmp/other" &&
    cmp -s "$tmp/keep" "$tmp/other" || bad "a shard of other options was kept"

# refusals: a missing shard is named
"$exe" merge "$tmp/$s/p-1-of-3" "$tmp/$s/p-3-of-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'item 1 is missing: give the partial result of task 2/3' "$tmp/err" ||
    bad "merge took a missing shard: $(cat "$tmp/err")"
# another seed's, another scenario's, an appraisal's shard
"$exe" search "$scen" $OPTS -q --seed 6 --task 2/3 -o "$tmp/seed6" || bad "seed 6 shard"
"$exe" merge "$tmp/$s/p-1-of-3" "$tmp/seed6" "$tmp/$s/p-3-of-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q "seed6: error: belongs to another search than" "$tmp/err" ||
    bad "merge mixed two seeds: $(cat "$tmp/err")"
"$exe" merge "$tmp/$s/p-1-of-3" "$tmp/medway/p-2-of-3" "$tmp/$s/p-3-of-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'belongs to another search' "$tmp/err" || bad "merge mixed two scenarios"
"$exe" appraise "$scen" --draws 50 -q --task 2/3 -o "$tmp/ap" || bad "appraise shard"
"$exe" merge "$tmp/$s/p-1-of-3" "$tmp/ap" "$tmp/$s/p-3-of-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'belongs to another' "$tmp/err" || bad "merge mixed an appraisal in"
"$exe" merge "$tmp/$s/p-1-of-3" "$tmp/$s/p-1-of-3" "$tmp/$s/p-3-of-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'task 1/3 is given twice' "$tmp/err" || bad "merge took a task twice"
"$exe" merge "$tmp/$s/p-1-of-3" "$tmp/$s/p-2-of-3" "$tmp/$s/p-3-of-3" -f pdf -o /dev/null 2>"$tmp/err"
[ $? -eq 64 ] && grep -q "unknown format 'pdf'" "$tmp/err" || bad "merge took format pdf"

# the scenario's bytes changed after the shards ran: refused
mkdir -p "$tmp/copy"
cp "$scen" "$tmp/copy/x.yaml"
for i in 1 2; do
    "$exe" search "$tmp/copy/x.yaml" $OPTS -q --task $i/2 -o "$tmp/copy/p$i" ||
        bad "copy shard $i"
done
echo "# changed" >>"$tmp/copy/x.yaml"
"$exe" merge "$tmp/copy/p1" "$tmp/copy/p2" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'x.yaml: error: the partial results were made from other bytes of the scenario' "$tmp/err" ||
    bad "merge took shards of other scenario bytes: $(cat "$tmp/err")"

# usage errors
for args in "--task 4/3 -o $tmp/u" "--task 1/3" "--task 1/3 -o -" \
            "--task 1/3 -o $tmp/u -f json" "--task 1/3 -o $tmp/u --emit-options $tmp/y" \
            "--force"; do
    # shellcheck disable=SC2086
    "$exe" search "$scen" $args 2>"$tmp/err" >/dev/null
    [ $? -eq 64 ] && grep -q '^consortia: error: ' "$tmp/err" || bad "search $args: not a usage error"
done
[ -e "$tmp/u" ] && bad "a refused shard wrote its file"
# a partial that cannot be created: exit 73, the path named
"$exe" search "$scen" $OPTS -q --task 1/3 -o "$tmp/no/such/dir/p" 2>"$tmp/err"
[ $? -eq 73 ] && grep -q "cannot create '$tmp/no/such/dir/p'" "$tmp/err" ||
    bad "an uncreatable partial: $(cat "$tmp/err")"

# a search too large to screen before the solver (the 42 ICBs without their
# population band) cannot be split, and says so at the search: block
mkdir -p "$tmp/big"
sed 's/^  population: .*/  population: {min: 1}/' \
    "$CS_SRCDIR/scenarios/england-icbs-2024-25.yaml" >"$tmp/big/x.yaml"
cp "$CS_SRCDIR/scenarios/england-2014-15.csv" "$tmp/big/"
"$exe" search "$tmp/big/x.yaml" -q --task 1/2 -o "$tmp/big/p" 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'x.yaml:[0-9]*:[0-9]*: error: more than 20000 coalitions keep the rules.*cannot be split into tasks; run it whole' "$tmp/err" ||
    bad "a search too large to split: $(cat "$tmp/err")"
[ -e "$tmp/big/p" ] && bad "a search too large to split wrote a partial"

# GNU parallel and the Slurm script, as users run them
if command -v parallel >/dev/null 2>&1; then
    CONSORTIA="$exe" "$CS_SRCDIR/tools/sweep-parallel" -c search -n 3 -j 2 \
        -d "$tmp/gp" -r "$tmp/gpr" -- "$scen" $OPTS >/dev/null ||
        bad "sweep-parallel -c search"
    same_dirs "$tmp/$s/one" "$tmp/gpr" "sweep-parallel -c search"
else
    echo "GNU parallel is not installed: its part is not run"
fi
for i in 1 2 3; do
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=3 CONSORTIA="$exe" \
        sh "$CS_SRCDIR/tools/sweep-slurm.sbatch" --search "$tmp/sl" "$scen" $OPTS ||
        bad "slurm task $i"
done
"$exe" merge "$tmp/sl"/search-*-of-3.jsonl --reports "$tmp/slr" || bad "merge of the slurm shards"
same_dirs "$tmp/$s/one" "$tmp/slr" "sweep-slurm.sbatch --search"

exit $fail
