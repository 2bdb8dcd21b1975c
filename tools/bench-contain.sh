#!/bin/sh
# bench-contain.sh -- what running every plugin call in a worker process
# costs: the program against the same program built from the commit before
# containment came in, on the national scenario, in one run.
#
#   tools/bench-contain.sh [BUILDDIR]
#
# Environment:
#   CS_BASELINE   a consortia binary to compare against; without it the
#                 script builds one (once, into BUILDDIR/bench-baseline)
#                 from the parent of the commit that added
#                 core/appraisal/pool.c
#   BENCH_DRAWS   draw counts (default "1000 10000")
#   BENCH_REPS    repetitions of each, alternating the two (default 5)
#   BENCH_THREADS --threads for both (default 2)
# Prints, per draw count, the median wall and CPU (user+sys, children
# included) seconds of each and the ratio new/old; the target is <= 1.10.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
new=$build/consortia
scenario=$top/scenarios/england-2014-15.yaml
draws=${BENCH_DRAWS:-1000 10000}
reps=${BENCH_REPS:-5}
threads=${BENCH_THREADS:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM

baseline() {
    if [ -n "${CS_BASELINE:-}" ]; then
        echo "$CS_BASELINE"
        return
    fi
    dir=$build/bench-baseline
    if [ ! -x "$dir/build/consortia" ]; then
        added=$(git -C "$top" log --diff-filter=A --format=%H -- \
                core/appraisal/pool.c | tail -n 1)
        [ -n "$added" ] || { echo "bench-contain: not a git checkout; set CS_BASELINE" >&2; exit 77; }
        rm -rf "$dir" && mkdir -p "$dir/src" "$dir/build"
        git -C "$top" archive "$added^" | tar -x -C "$dir/src"
        (cd "$dir/src" && autoreconf -fi >/dev/null 2>&1)
        (cd "$dir/build" && "$dir/src/configure" -q >/dev/null 2>&1 &&
         make -s -j2 consortia >/dev/null 2>&1 &&
         make -s -j2 plugins/risk.la plugins/capacity.la >/dev/null 2>&1 &&
         make -s -j2 >/dev/null 2>&1) ||
            { echo "bench-contain: cannot build the baseline" >&2; exit 1; }
    fi
    echo "$dir/build/consortia"
}

# One timed run: prints "wall cpu".
timed() {
    bin=$1 n=$2 tag=$3
    s=$(date +%s.%N)
    t0=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
    "$bin" appraise "$scenario" -q -n "$n" -j "$threads" -f json \
        -o "$out/$tag.json"
    t1=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
    e=$(date +%s.%N)
    tck=$(getconf CLK_TCK)
    echo "$s $e $t0 $t1 $tck" | awk '{printf "%.3f %.3f\n", $2 - $1, ($4 - $3) / $5}'
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

old=$(baseline)
echo "containment overhead: $new against $old"
echo "scenario $(basename "$scenario"), --threads $threads, $reps runs each, alternated"
printf '%-7s %9s %9s %7s %9s %9s %7s\n' draws wall_old wall_new ratio cpu_old cpu_new ratio
for n in $draws; do
    : > "$out/old.$n"; : > "$out/new.$n"
    i=0
    while [ "$i" -lt "$reps" ]; do
        timed "$old" "$n" old >> "$out/old.$n"
        timed "$new" "$n" new >> "$out/new.$n"
        i=$((i + 1))
    done
    cmp -s "$out/old.json" "$out/new.json" ||
        echo "bench-contain: warning: the two reports differ at $n draws"
    wo=$(cut -d' ' -f1 "$out/old.$n" | median)
    wn=$(cut -d' ' -f1 "$out/new.$n" | median)
    co=$(cut -d' ' -f2 "$out/old.$n" | median)
    cn=$(cut -d' ' -f2 "$out/new.$n" | median)
    echo "$n $wo $wn $co $cn" | awk '{printf "%-7s %9.3f %9.3f %7.3f %9.3f %9.3f %7.3f\n",
        $1, $2, $3, $3 / $2, $4, $5, $5 / $4}'
done
