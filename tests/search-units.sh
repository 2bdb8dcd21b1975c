#!/bin/sh
# search-units.sh -- practices as the units of a search (docs/search.md,
# "Units"): the scenario builder makes one locality per practice with
# --locality-column practice_code, neighbours from coordinates, and
# `consortia search` groups those practices.
#
# The fixture's six practices (tests/data/builder/practices.csv) get the
# coordinates below (T00003 none: it has no neighbours). With K = 1 nearest
# practice, by hand: T00001 (0,0) <-> T00002 (0,1); T00004 (0,3) -> T00002
# (2 away; T00001 is 3); T00005 (0,10) <-> T00006 (0,11.5). So the graph is
# the path T00001-T00002-T00004, the pair T00005-T00006 and T00003 alone,
# and the groupings into connected consortia are 4 x 2 x 1 = 8: the path's
# {124}, {12}{4}, {1}{24}, {1}{2}{4} times the pair's {56}, {5}{6}.
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
exe="$CS_BUILDDIR/consortia"
builder="$CS_BUILDDIR/tools/build-scenario"
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed: SKIP"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

cat >"$tmp/need.csv" <<'EOF'
Practice_Code,pop 2022/23,Final WP,Health Ineq WP,Latitude,Longitude
T00001,1000,1200,1500,0,0
T00002,2000,1900,1900,0,1
T00004,4000,4000,4000,0,3
T00005,5000,5000,5000,0,10
T00006,6000,6000,6000,0,11.5
EOF
"$builder" --locality-column practice_code --id t --name "Practices as units" \
    --need "$tmp/need.csv" --neighbours 1 -o "$tmp/t.yaml" \
    "$CS_SRCDIR/tests/data/builder/practices.csv" 2>"$tmp/err" ||
    bad "build-scenario: $(cat "$tmp/err")"
{
    printf 'criteria:\n'
    for p in risk capacity governance leverage engagement equity; do
        printf '  - {plugin: %s, weight: 1}\n' "$p"
    done
} >>"$tmp/t.yaml"
"$exe" search "$tmp/t.yaml" --draws 100 --screen-draws 50 --top 100 -q \
    -f json -o "$tmp/t.json" || bad "search on practices as units"

python3 - "$tmp/t.json" <<'EOF' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
ok = True
def bad(msg):
    global ok
    print("FAIL: " + msg)
    ok = False
units = {u["id"]: sorted(u["neighbours"]) for u in d["search"]["units"]}
want = {"T00001": ["T00002"], "T00002": ["T00001", "T00004"], "T00003": [],
        "T00004": ["T00002"], "T00005": ["T00006"], "T00006": ["T00005"]}
if units != want:
    bad("units and neighbours %r, not %r" % (units, want))
path = [[("T00001", "T00002", "T00004")],
        [("T00001", "T00002"), ("T00004",)],
        [("T00001",), ("T00002", "T00004")],
        [("T00001",), ("T00002",), ("T00004",)]]
pair = [[("T00005", "T00006")], [("T00005",), ("T00006",)]]
expect = {frozenset(p + q + [("T00003",)]) for p in path for q in pair}
found = set()
for c in d["configurations"]:
    if c["feasible"]:
        found.add(frozenset(tuple(sorted(k["localities"])) for k in c["consortia"]))
if found != expect:
    bad("%d feasible groupings found, %d expected; extra %r, missing %r" % (
        len(found), len(expect), found - expect, expect - found))
one = [c for c in d["listed"] if c["id"] == "one"]
if len(one) != 1 or one[0]["feasible"]:
    bad("the option of all six practices (not connected) is not refused")
elif "not connected" not in one[0].get("why", ""):
    bad("the option of all six practices is refused for %r" % one[0].get("why"))
sys.exit(0 if ok else 1)
EOF
exit $fail
