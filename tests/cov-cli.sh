#!/bin/sh
# cov-cli.sh -- the command line's rarer paths, each with the exit status
# (sysexits.h) and the words of its message: usage errors of appraise,
# help, sweep, search and voi; appraise --task run again over a complete
# partial (not redone), over another run's partial (redone), into a
# missing folder, with --plugin-path (which the merge takes from the
# plan); a partial whose values were cut (merge names the item); input
# files the loader cannot read (a read error, a pipe over 64 MiB, a FIFO
# as the practice file); --weight naming a criterion by its plugin;
# outputs on /dev/full (74, as docs/scenario-format.md says) and devices
# as partials; a sweep with a failed item, with two scenarios, over a
# parameter the scenario sets; new-plugin's name check and default folder.
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
exe="$CS_BUILDDIR/consortia"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
scen="$CS_SRCDIR/scenarios/example.yaml"
D=20

# expect STATUS WORDS CMD...: runs CMD, wants exit STATUS and WORDS (a
# fixed string) on standard error
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

# ---- usage errors (EX_USAGE 64) ----
expect 64 "give -o FILE or --reports DIR, not both" \
    "$exe" appraise "$scen" -o "$tmp/x" --reports "$tmp"
expect 64 "--task writes one partial result: give -o FILE, not --reports" \
    "$exe" appraise "$scen" --task 1/2 --reports "$tmp"
expect 64 "option '--seed' needs a value" "$exe" appraise "$scen" --seed
expect 64 "unexpected argument 'extra'" "$exe" plugins extra
expect 64 "unknown command 'frobnicate'" "$exe" frobnicate
expect 64 "unexpected argument 'b'; give consortia help [COMMAND]" \
    "$exe" help a b
# 17 folders: at most 16 are taken
set --
i=0
while [ $i -lt 17 ]; do set -- "$@" --plugin-path "$tmp"; i=$((i + 1)); done
expect 64 "at most 16 --plugin-path options" "$exe" validate "$scen" "$@"
# 65 --weight options: at most 64 are taken
set --
i=0
while [ $i -lt 65 ]; do set -- "$@" --weight risk=1; i=$((i + 1)); done
expect 64 "at most 64 --weight options" "$exe" appraise "$scen" "$@"
# a word longer than any option gets no suggestion, and no crash
long=--$(printf '%070d' 0 | tr 0 x)
expect 64 "unknown option '$long'" "$exe" appraise "$scen" "$long"
# help --help is the usage, on standard output, exit 0
"$exe" help --help >"$tmp/out" 2>&1 || bad "help --help: exit $?"
grep -q '^usage: consortia appraise' "$tmp/out" || bad "help --help: no usage"

# sweep: the design's refusals
expect 64 "--lhs N needs at least one --range NAME=LO:HI" \
    "$exe" sweep "$scen" --lhs 3
expect 64 "--grid and --lhs do not mix" \
    "$exe" sweep "$scen" --lhs 3 --range fixed_base=0:6e6 --grid gp_willingness=0.1,0.2
expect 64 "'bad' is not NAME=VALUES" "$exe" sweep "$scen" --grid bad
# search: a time limit is taken (the example is small: the search ends
# before it, exactly); voi: --threads is taken
"$exe" search "$scen" --time-limit 30 -q -f json -o "$tmp/s1.json" ||
    bad "search --time-limit 30: exit $?"
"$exe" search "$scen" -q -f json -o "$tmp/s2.json" || bad "search: exit $?"
cmp -s "$tmp/s1.json" "$tmp/s2.json" ||
    bad "a time limit the search does not reach changed its answer"
expect 64 "--time-limit" "$exe" search "$scen" --time-limit 0
"$exe" voi "$scen" --draws 200 -q --threads 2 -f json -o "$tmp/v2.json" ||
    bad "voi --threads 2: exit $?"
"$exe" voi "$scen" --draws 200 -q --threads 1 -f json -o "$tmp/v1.json" ||
    bad "voi --threads 1: exit $?"
cmp -s "$tmp/v1.json" "$tmp/v2.json" || bad "voi differs between 1 and 2 threads"

# ---- appraise --task ----
p="$tmp/p1"
"$exe" appraise "$scen" --draws $D -q --task 1/2 -o "$p" || bad "task 1/2: exit $?"
cp "$p" "$tmp/p1.first"
# run again: the complete partial of this plan is not redone (its time
# stamp, set to 2001 here, stays)
touch -d '2001-01-01 00:00:00' "$p"
n_items=$(head -1 "$p" | sed 's/.*"items":\[\([0-9,]*\)\].*/\1/' | tr ',' '\n' | wc -l)
expect 0 "p1: complete (task 1/2, $n_items items); not redone" \
    "$exe" appraise "$scen" --draws $D --task 1/2 -o "$p"
[ "$(date -r "$p" +%Y)" = 2001 ] || bad "a complete partial was written again"
# a partial of another seed at the path: redone, with this run's bytes
"$exe" appraise "$scen" --draws $D -q --seed 7 --task 1/2 -o "$p" || bad "seed 7"
cmp -s "$p" "$tmp/p1.first" && bad "seed 7's partial is seed 20110401's"
"$exe" appraise "$scen" --draws $D -q --task 1/2 -o "$p" || bad "task 1/2 again"
cmp -s "$p" "$tmp/p1.first" || bad "another seed's partial was not redone"
# into a folder that does not exist: EX_CANTCREAT, nothing left
expect 73 "cannot create '$tmp/none/p'" \
    "$exe" appraise "$scen" --draws $D -q --task 1/2 -o "$tmp/none/p"
# a scenario that does not load: the loader's status
printf 'area: [\n' >"$tmp/broken.yaml"
expect 65 "broken.yaml:" "$exe" appraise "$tmp/broken.yaml" --task 1/2 -o "$tmp/b"
[ -e "$tmp/b" ] && bad "a partial was written for a broken scenario"

# --plugin-path goes into the plan, and the merge loads from it: the
# merge of shards run with it is the single run with it
pp="$CS_BUILDDIR/plugins/.libs"
"$exe" appraise "$scen" --draws $D -q -f json --plugin-path "$pp" -o "$tmp/one.json" ||
    bad "single run with --plugin-path"
for i in 1 2; do
    "$exe" appraise "$scen" --draws $D -q --plugin-path "$pp" --task $i/2 \
        -o "$tmp/pp$i" || bad "task $i/2 with --plugin-path"
done
grep -qF "\"plugin_path\":[\"$pp\"]" "$tmp/pp1" || bad "the plan holds no plugin_path"
"$exe" merge "$tmp/pp1" "$tmp/pp2" -f json -o "$tmp/m.json" || bad "merge with plugin_path"
cmp -s "$tmp/one.json" "$tmp/m.json" || bad "merge with plugin_path differs from the single run"
expect 64 "unknown format 'bogus'" "$exe" merge "$tmp/pp1" "$tmp/pp2" -f bogus -o "$tmp/m2"

# a partial whose first values were cut to 3 bytes (its checksums made
# good again): the merge names the item and says to run its task again
h=$(head -1 "$tmp/pp1")
{ printf '%s\n' "$h"; sed '1d;$d' "$tmp/pp1" |
    sed '1s/"values":\["[^"]*"/"values":["AAAA"/'; } >"$tmp/cut1"
n=$(($(wc -l <"$tmp/cut1") - 1))
sha=$(sha256sum <"$tmp/cut1" | cut -c1-64)
printf '{"end":true,"records":%s,"sha256":"%s"}\n' "$n" "$sha" >>"$tmp/cut1"
expect 65 "item 0 (criterion 'risk', consortium" \
    "$exe" merge "$tmp/cut1" "$tmp/pp2" -f json -o "$tmp/m3.json"
grep -qF "does not fit the scenario or its plugins; run its task again" "$tmp/err" ||
    bad "the cut item's message says not what to do"
[ -e "$tmp/m3.json" ] && bad "a merge that failed wrote its report"

# ---- input files the loader cannot read ----
# /proc/self/mem is a regular file whose read() at offset 0 fails (EIO)
expect 65 "cannot read scenario file '/proc/self/mem': Input/output error" \
    "$exe" validate /proc/self/mem
# through a pipe there is no size to check first: the read stops past
# 64 MiB = 67108864 bytes
head -c 67108865 /dev/zero >"$tmp/big" 2>/dev/null
"$exe" validate /dev/stdin <"$tmp/big" >/dev/null 2>&1 # a regular file: stat says
cat "$tmp/big" | "$exe" validate /dev/stdin >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 65 ] && grep -qF "is more than the limit of 67108864 bytes (64 MiB)" "$tmp/err" ||
    bad "a 64 MiB + 1 byte pipe: exit $rc: $(cat "$tmp/err")"
rm -f "$tmp/big"
# a FIFO as the practice file: refused before it is opened for reading
# (a read would wait for a writer)
if mkfifo "$tmp/fifo.csv" 2>/dev/null; then
    mkdir -p "$tmp/csv"
    cp "$CS_SRCDIR/tests/data/loader/csv.yaml" "$tmp/csv/s.yaml"
    f=$(sed -n 's/.*file: *\([^ ,}]*\.csv\).*/\1/p' "$tmp/csv/s.yaml" | head -1)
    if [ -n "$f" ]; then
        rm -f "$tmp/csv/$f"
        mv "$tmp/fifo.csv" "$tmp/csv/$f"
        expect 65 "is a named pipe (FIFO), not a regular file; give the path of a file" \
            "$exe" validate "$tmp/csv/s.yaml"
    else
        bad "tests/data/loader/csv.yaml names no .csv file"
    fi
fi

# ---- --weight by the plugin's name when the criterion has a label ----
sed 's/^  - plugin: risk$/  - plugin: risk\n    label: financial_risk/' "$scen" >"$tmp/lab.yaml"
grep -q 'label: financial_risk' "$tmp/lab.yaml" || bad "the labelled copy has no label"
"$exe" appraise "$tmp/lab.yaml" --draws $D -q -f json --weight financial_risk=5 -o "$tmp/w1" ||
    bad "--weight by label"
"$exe" appraise "$tmp/lab.yaml" --draws $D -q -f json --weight risk=5 -o "$tmp/w2" ||
    bad "--weight by plugin"
"$exe" appraise "$tmp/lab.yaml" --draws $D -q -f json -o "$tmp/w0" || bad "no --weight"
cmp -s "$tmp/w1" "$tmp/w2" || bad "--weight risk= is not the criterion labelled financial_risk"
cmp -s "$tmp/w1" "$tmp/w0" && bad "--weight financial_risk=5 changed nothing"
expect 64 "lab.yaml has no criterion 'nothing'; the criteria are: financial_risk, capacity" \
    "$exe" appraise "$tmp/lab.yaml" --draws $D -q --weight nothing=5

# ---- outputs that cannot be written (EX_IOERR 74), devices as partials ----
# under a 2 GB address-space limit: a device read as a partial must not
# take the machine's memory
# AddressSanitizer reserves terabytes of address space for its shadow
# memory, so a sanitized build cannot start under that limit: it runs
# without one (what bounds the reads is the NUL check these cases test)
if grep -q __asan_init "$exe" 2>/dev/null; then
    full() { "$@"; }
else
    full() {
        (ulimit -v 2097152 2>/dev/null; "$@")
    }
fi
expect 74 "cannot write '/dev/full': No space left on device" \
    full "$exe" search "$scen" -q -f text -o /dev/full
expect 74 "cannot write '/dev/full': No space left on device" \
    full "$exe" sweep "$scen" --grid gp_willingness=0.2,0.5 --draws $D -q -o /dev/full
expect 74 "cannot write '/dev/full': No space left on device" \
    full "$exe" voi "$scen" --draws 100 -q -o /dev/full
# -o of a task is first read as a possible complete partial: /dev/full
# reads as zeros without end, and is not a partial
expect 74 "cannot write '/dev/full': No space left on device" \
    full "$exe" sweep "$scen" --grid gp_willingness=0.2,0.5 --draws $D -q \
    --task 1/2 -o /dev/full
expect 74 "cannot write /dev/full" \
    full "$exe" appraise "$scen" --draws $D -q --task 1/2 -o /dev/full
expect 65 "/dev/zero: error: not a partial result (it holds a NUL byte)" \
    full "$exe" merge /dev/zero -o "$tmp/z"
# smaa's report
printf 'draw,alternative,criterion,value\n1,A,x,0.5\n1,B,x,1\n' >"$tmp/meas.csv"
expect 74 "cannot write '/dev/full': No space left on device" \
    "$exe" smaa --measurements "$tmp/meas.csv" -o /dev/full

# ---- sweep: a failed item, two scenarios, a parameter the scenario sets ----
# gp_willingness is a fraction in [0, 1]: 2 fails item 1, which the table
# marks, and the sweep exits 65 after the others ran
expect 65 "item 1 (example, setting 1): consortia sweep: error: parameter 'gp_willingness' of 'capacity' is 2, outside [0, 1]" \
    "$exe" sweep "$scen" --grid gp_willingness=0.5,2 --draws $D -q -f text -o "$tmp/sw.txt"
grep -qF "1 items failed; they are marked failed in the table" "$tmp/err" || bad "sweep: no count of failed items"
grep -q '^sweep: 2 items, 1 appraised' "$tmp/sw.txt" || bad "sweep text: not 2 items, 1 appraised"
grep -Eq '^1 +example +2 +\(failed\)$' "$tmp/sw.txt" || bad "sweep text: item 1 not marked (failed)"
expect 65 "1 items failed" \
    "$exe" sweep "$scen" --grid gp_willingness=0.5,2 --draws $D -q -f json -o "$tmp/sw.json"
[ "$(grep -c '"status": "failed"' "$tmp/sw.json")" -eq 1 ] || bad "sweep json: not one failed row"
[ "$(grep -c '"status": "ok"' "$tmp/sw.json")" -ge 1 ] || bad "sweep json: no ok row"
# two scenarios: items 0-1 are the example's, 2-3 medway's
med="$CS_SRCDIR/scenarios/medway.yaml"
"$exe" sweep "$scen" "$med" --grid gp_willingness=0.2,0.5 --draws $D -q -f text \
    -o "$tmp/sw2.txt" || bad "sweep of two scenarios: exit $?"
grep -q '^sweep: 4 items, 4 appraised' "$tmp/sw2.txt" || bad "two scenarios: not 4 items"
for sc in example medway; do
    grep -Eq "^[0-9] +$sc +0\.[25] " "$tmp/sw2.txt" || bad "two scenarios: no $sc rows"
done
# allowance_per_head is set in the example (a triangular): the sweep's
# values replace it
"$exe" sweep "$scen" --grid allowance_per_head=25,35 --draws $D -q -f json \
    -o "$tmp/sw3.json" || bad "sweep of a parameter the scenario sets: exit $?"
grep -q '"allowance_per_head": 25' "$tmp/sw3.json" && grep -q '"allowance_per_head": 35' "$tmp/sw3.json" ||
    bad "sweep json: the swept values 25 and 35 are not in the rows"

# ---- new-plugin ----
expect 64 "'aB' is not a valid plugin name; use lower_snake_case" "$exe" new-plugin aB
(cd "$tmp" && "$exe" new-plugin myplug >/dev/null 2>&1) || bad "new-plugin NAME (no DIR): exit $?"
for f in myplug.c test_myplug.c Makefile; do
    [ -s "$tmp/myplug/$f" ] || bad "new-plugin NAME wrote no ./myplug/$f"
done

# ---- more usage: short options, "--", bounds, help, plugins ----
expect 64 "unknown option '-Z'" "$exe" appraise "$scen" -Z
expect 64 "unknown option '--sed'; did you mean '--seed'?" "$exe" appraise "$scen" --sed 3
# after "--", --help is a file name, not a request for help
expect 66 "--help: error: cannot read the scenario" "$exe" validate -- --help
expect 64 "--plugin-timeout needs a number of seconds above 0 and at most 1000000, not '0'" \
    "$exe" appraise "$scen" --plugin-timeout 0
expect 64 "at most 1000000, not '1e7'" "$exe" appraise "$scen" --plugin-timeout 1e7
expect 64 "--threads needs a whole number from 1 to 256, not '0'" "$exe" sweep "$scen" --threads 0
expect 64 "--threads needs a whole number from 1 to 256, not '500'" "$exe" voi "$scen" --threads 500
expect 64 "unknown command 'apprise'; did you mean 'appraise'?" "$exe" help apprise
"$exe" help >"$tmp/out" 2>&1 || bad "help: exit $?"
grep -q '^usage: consortia appraise' "$tmp/out" || bad "help: no usage"
# `plugins` lists one line per plugin of the build: as many as the
# build's plugin files, each with its ABI
"$exe" plugins >"$tmp/out" 2>"$tmp/err" || bad "plugins: exit $?"
n_so=$(ls "$CS_BUILDDIR"/plugins/.libs/*.so | wc -l)
[ "$(grep -c ' ABI [0-9]*\.[0-9]* ' "$tmp/out")" -eq "$n_so" ] ||
    bad "plugins lists $(grep -c ' ABI ' "$tmp/out") plugins, the build has $n_so"
grep -q '^risk  ' "$tmp/out" || bad "plugins: no line for risk"

# ---- a scenario id starting with '.': its reports are not hidden files ----
mkdir -p "$tmp/rep"
sed 's/^  id: example$/  id: .hidden/' "$scen" >"$tmp/h.yaml"
grep -q '^  id: .hidden$' "$tmp/h.yaml" || bad "the copy's id was not changed"
"$exe" appraise "$tmp/h.yaml" --draws $D -q --reports "$tmp/rep" || bad "--reports of .hidden: exit $?"
[ -z "$(ls -A "$tmp/rep" | grep '^\.')" ] || bad "a report file is hidden: $(ls -A "$tmp/rep")"
[ -s "$tmp/rep/_hidden.json" ] && [ -s "$tmp/rep/_hidden.html" ] ||
    bad "no _hidden.json/_hidden.html: $(ls -A "$tmp/rep")"
# a partial of task 1/2 where task 1/3 is asked, and of 1/2 where 2/2 is
# asked: each redone (the plan is the same, the task is not)
"$exe" appraise "$scen" --draws $D -q --task 1/2 -o "$tmp/t"
"$exe" appraise "$scen" --draws $D -q --task 1/3 -o "$tmp/t" || bad "1/3 over 1/2"
head -1 "$tmp/t" | grep -q '"task":1,"tasks":3' || bad "1/2's partial was kept for 1/3"
"$exe" appraise "$scen" --draws $D -q --task 3/3 -o "$tmp/t" || bad "3/3 over 1/3"
head -1 "$tmp/t" | grep -q '"task":3,"tasks":3' || bad "1/3's partial was kept for 3/3"
# without -q the shard says what it did not redo
"$exe" appraise "$scen" --draws $D --task 3/3 -o "$tmp/t" 2>"$tmp/err" || bad "3/3 again"
grep -qF "complete (task 3/3" "$tmp/err" || bad "3/3 again: $(cat "$tmp/err")"

# ---- sweep designs refused before any scenario is read (64) ----
for g in a=1:2:3:4 a=x:2:3 a=1:2:0.5 a=2:1:3 a=1:2:200000 a=1,x; do
    expect 64 "--grid '$g': give NAME=LO:HI:K" "$exe" sweep "$scen" --grid "$g"
done
for r in a=1 a=x:2; do
    expect 64 "--range '$r': give NAME=LO:HI with LO < HI" "$exe" sweep "$scen" --lhs 5 --range "$r"
done
# 100000 x 1000 = 1e8 settings, over the 1e7 limit
expect 64 "the grid has more than 10000000 settings; use fewer values or --lhs" \
    "$exe" sweep "$scen" --grid a=0:1:100000 --grid b=0:1:1000
expect 64 "--lhs needs a whole number of points from 1 to 10000000, not '20000000'" \
    "$exe" sweep "$scen" --lhs 20000000 --range a=0:1
# 17 parameters: at most 16
set --
i=0
while [ $i -lt 17 ]; do set -- "$@" --grid "p$i=1,2"; i=$((i + 1)); done
expect 64 "at most 16 swept parameters" "$exe" sweep "$scen" "$@"

# ---- sweep CSV over two scenarios of different criteria, items failed ----
# columns: 11 fixed (item ... p_best) and one headline per criterion of
# either scenario: the example's 6 and medway's 7 (transition as well) are
# 7 in all; rows: the header, one per option of each appraised item and
# one per failed item
"$exe" sweep "$scen" "$med" --grid gp_willingness=0.5,2 --draws $D -q -f csv \
    -o "$tmp/sw.csv" 2>"$tmp/err"
[ $? -eq 65 ] || bad "sweep csv with failed items: not 65"
ne=$("$exe" validate "$scen" | sed -n 's/.* \([0-9]*\) options.*/\1/p')
nm=$("$exe" validate "$med" | sed -n 's/.* \([0-9]*\) options.*/\1/p')
nc_e=$(grep -c '^  - plugin: ' "$scen")
nc_m=$(grep -c '^  - plugin: ' "$med")
[ "$nc_e" = 6 ] && [ "$nc_m" = 7 ] || bad "criteria: example $nc_e, medway $nc_m (not 6 and 7)"
[ "$(grep -c '' "$tmp/sw.csv")" -eq $((1 + ne + 1 + nm + 1)) ] ||
    bad "sweep csv: $(grep -c '' "$tmp/sw.csv") lines, not 1 + $ne + 1 + $nm + 1"
[ "$(awk -F, '{print NF}' "$tmp/sw.csv" | sort -u)" = 18 ] || bad "sweep csv: rows not all 18 fields"
head -1 "$tmp/sw.csv" | grep -q ',transition\.[a-z_]*$' || bad "sweep csv: no transition column last"
[ "$(grep -c '^[0-9]*,[a-z]*,1,failed,2,,,,,,,,,,,,,$' "$tmp/sw.csv")" -eq 2 ] ||
    bad "sweep csv: not two failed rows with empty cells"
# the example's rows have no transition figure: an empty last cell
[ "$(grep -c '^0,example,0,ok,.*,$' "$tmp/sw.csv")" -eq "$ne" ] || bad "sweep csv: example rows' transition cell not empty"

# ---- search's text: the federation's risk pool and its Shapley shares ----
# the shares are efficient (Shapley): they sum to the pooling gain; each
# figure is printed to 0.01, so the sum may be off by 0.005 per figure
"$exe" search "$scen" -q -f text -o "$tmp/search.txt" || bad "search -f text: exit $?"
awk '
/^Risk pool of / { gain = $0; sub(/.*pooling gains /, "", gain); sub(/ points.*/, "", gain); inpool = 1; n = 0; sum = 0; next }
inpool && /^ +-?[0-9]+\.[0-9][0-9]  / { sum += $1; n++; next }
inpool { inpool = 0 }
END {
    if (gain == "" || n < 2) { print "no risk pool with two members"; exit 1 }
    d = sum - gain; if (d < 0) d = -d
    if (d > 0.005 * (n + 1)) { printf "shares sum to %.2f, gain %s\n", sum, gain; exit 1 }
}' "$tmp/search.txt" || bad "search text: the Shapley shares do not sum to the pooling gain"

exit $fail
