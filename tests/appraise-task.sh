#!/bin/sh
# appraise-task.sh -- one appraisal split into N shards (--task I/N) gives,
# once merged, the very bytes of the single run in every format appraise
# writes (text, json, csv, consortia-csv, md, html: --reports DIR), for
# N = 1, 2, 3 and 5 on the seed scenarios; merge refuses partials of
# another scenario, seed, program version or changed scenario bytes, and
# names a missing shard. docs/scale-out.md.
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
exe="$CS_BUILDDIR/consortia"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
D=${APPRAISE_TASK_DRAWS:-100}

# the single run's reports against the merge's, file by file
same_dirs() {
    n=0
    for f in "$1"/*; do
        n=$((n + 1))
        cmp -s "$f" "$2/$(basename "$f")" || bad "$3: $(basename "$f") differs from the single run"
    done
    [ "$n" -eq 6 ] || bad "$3: $n reports, not 6"
    [ "$(ls "$2" | wc -l)" -eq 6 ] || bad "$3: the merge wrote $(ls "$2" | wc -l) reports"
}

# N = 1, 2, 3, 5 on the example; N = 3 on the other seed scenarios (every
# N on every one with APPRAISE_TASK_FULL=1: a few minutes)
for s in example medway manchester stoke-north-staffs staffordshire-2019; do
    scen="$CS_SRCDIR/scenarios/$s.yaml"
    ns="1 2 3 5"
    [ "$s" = example ] || [ -n "${APPRAISE_TASK_FULL:-}" ] || ns=3
    mkdir -p "$tmp/$s/one"
    "$exe" appraise "$scen" --draws "$D" -q --reports "$tmp/$s/one" || bad "$s: single run"
    for n in $ns; do
        i=1
        while [ "$i" -le "$n" ]; do
            "$exe" appraise "$scen" --draws "$D" -q --task "$i/$n" \
                -o "$tmp/$s/p-$i-of-$n" || bad "$s: shard $i/$n"
            i=$((i + 1))
        done
        mkdir -p "$tmp/$s/m$n"
        # shellcheck disable=SC2046
        "$exe" merge $(ls -r "$tmp/$s"/p-*-of-"$n") --reports "$tmp/$s/m$n" ||
            bad "$s: merge of $n"
        same_dirs "$tmp/$s/one" "$tmp/$s/m$n" "$s, $n shards"
    done
done

# one format to -o, as appraise -f json -o writes it
s=example
scen="$CS_SRCDIR/scenarios/$s.yaml"
"$exe" merge "$tmp/$s"/p-*-of-3 -f json -o "$tmp/m.json" &&
    cmp -s "$tmp/$s/one/example.json" "$tmp/m.json" || bad "merge -f json -o differs"

# a shard's items are 1/N of criterion x distinct consortium, round robin
items=$(head -1 "$tmp/$s/p-2-of-3" | sed 's/.*"items":\[\([0-9,]*\)\].*/\1/')
case "$items" in 1,4,7,10,*) ;; *) bad "task 2/3 holds items $items" ;; esac

# a missing shard is named
"$exe" merge "$tmp/$s/p-1-of-3" "$tmp/$s/p-3-of-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'item 1 is missing: give the partial result of task 2/3' "$tmp/err" ||
    bad "merge took a missing shard"
# another seed's or another scenario's shard is refused
"$exe" appraise "$scen" --draws "$D" -q --seed 6 --task 2/3 -o "$tmp/seed6" || bad "seed 6 shard"
"$exe" merge "$tmp/$s/p-1-of-3" "$tmp/seed6" "$tmp/$s/p-3-of-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'belongs to another appraise' "$tmp/err" || bad "merge mixed two seeds"
"$exe" merge "$tmp/$s/p-1-of-3" "$tmp/medway/p-2-of-3" "$tmp/$s/p-3-of-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'belongs to another appraise' "$tmp/err" || bad "merge mixed two scenarios"
# a sweep's shard is not an appraisal's
"$exe" sweep "$scen" --draws 50 -q --task 2/3 -o "$tmp/sw" || bad "sweep shard"
"$exe" merge "$tmp/$s/p-1-of-3" "$tmp/sw" "$tmp/$s/p-3-of-3" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'belongs to another' "$tmp/err" || bad "merge mixed a sweep in"

# the scenario's bytes changed after the shards ran: refused
mkdir -p "$tmp/copy"
cp "$scen" "$tmp/copy/x.yaml"
for i in 1 2; do
    "$exe" appraise "$tmp/copy/x.yaml" --draws "$D" -q --task $i/2 -o "$tmp/copy/p$i" ||
        bad "copy: shard $i"
done
echo "# edited" >>"$tmp/copy/x.yaml"
"$exe" merge "$tmp/copy/p1" "$tmp/copy/p2" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'other bytes of the scenario' "$tmp/err" || bad "merge took a changed scenario"

# refix IN OUT HEADER-SED BODY-SED: a partial edited, its checksums made
# good again (the plan's SHA-256 in the header, the trailer's)
refix() {
    h=$(head -1 "$1" | sed "$3")
    plan=$(printf '%s' "$h" | sed 's/.*"plan":\({.*}\)}$/\1/')
    sha=$(printf '%s' "$plan" | sha256sum | cut -c1-64)
    h=$(printf '%s' "$h" | sed "s/\"plan_sha256\":\"[0-9a-f]*\"/\"plan_sha256\":\"$sha\"/")
    { printf '%s\n' "$h"; sed '1d;$d' "$1" | sed "$4"; } >"$2"
    n=$(($(wc -l <"$2") - 1))
    sha=$(sha256sum <"$2" | cut -c1-64)
    printf '{"end":true,"records":%s,"sha256":"%s"}\n' "$n" "$sha" >>"$2"
}
# the merge takes the values from the partials: one value changed changes
# the report. The first 12 base64 characters are the first draw's 8 bytes
# and one of the next's: made 1e6 (little-endian) and that byte 0, a value
# no metric of the example takes (zeroing was not a change when the first
# draw was already 0.0)
refix "$tmp/$s/p-1-of-2" "$tmp/alt1" 's/^//' '1s/"values":\["[A-Za-z0-9+\/]\{12\}/"values":["AAAAAICELkEA/'
refix "$tmp/$s/p-1-of-2" "$tmp/same1" 's/^//' 's/^//'
cmp -s "$tmp/$s/p-1-of-2" "$tmp/same1" || bad "refix does not rebuild a partial"
if cmp -s "$tmp/$s/p-1-of-2" "$tmp/alt1"; then bad "the value was not changed"; fi
"$exe" merge "$tmp/alt1" "$tmp/$s/p-2-of-2" -f json -o "$tmp/alt.json" || bad "merge of a changed value"
if cmp -s "$tmp/$s/one/example.json" "$tmp/alt.json"; then
    bad "a changed value in a partial left the merged report unchanged"
fi
# another program version's partials (their checksums made good): refused
for i in 1 2; do
    refix "$tmp/$s/p-$i-of-2" "$tmp/old$i" 's/"program":"[^"]*"/"program":"0.0-old"/' 's/^//'
done
"$exe" merge "$tmp/old1" "$tmp/old2" -o /dev/null 2>"$tmp/err"
[ $? -eq 65 ] && grep -q 'another version of consortia' "$tmp/err" || {
    cat "$tmp/err"; bad "merge took another version's partials"; }

# the Slurm array script (its environment set by hand) and, when GNU
# parallel is installed, the parallel recipe: their merge is the single run
for i in 1 2 3; do
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=1 \
        CONSORTIA="$exe" sh "$CS_SRCDIR/tools/sweep-slurm.sbatch" --appraise \
        "$tmp/slurm" "$scen" --draws "$D" || bad "slurm task $i"
done
"$exe" merge "$tmp"/slurm/appraise-*-of-3.jsonl -f html -o "$tmp/slurm.html" &&
    cmp -s "$tmp/$s/one/example.html" "$tmp/slurm.html" || bad "slurm: merged html differs"
if command -v parallel >/dev/null 2>&1; then
    mkdir -p "$tmp/par"
    CONSORTIA="$exe" "$CS_SRCDIR/tools/sweep-parallel" -c appraise -n 3 -j 2 \
        -d "$tmp/parts" -r "$tmp/par" -- "$scen" --draws "$D" >/dev/null ||
        bad "sweep-parallel -c appraise"
    same_dirs "$tmp/$s/one" "$tmp/par" "GNU parallel"
fi

# usage: --task needs -o; --keep-going is not split
"$exe" appraise "$scen" --task 1/2 >/dev/null 2>&1; [ $? -eq 64 ] || bad "--task without -o"
"$exe" appraise "$scen" --task 3/2 -o "$tmp/x" >/dev/null 2>&1; [ $? -eq 64 ] || bad "--task 3/2"
"$exe" appraise "$scen" --task 1/2 -k -o "$tmp/x" >/dev/null 2>&1; [ $? -eq 64 ] || bad "--task with -k"
exit $fail
