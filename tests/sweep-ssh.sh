#!/bin/sh
# sweep-ssh.sh -- tools/sweep-parallel's ssh mode (-S LOGINS: GNU parallel's
# --sshlogin and --workdir) without an ssh server: GNU parallel runs the
# command named by PARALLEL_SSH, here a stand-in that logs the host it was
# given and runs the remote command in a local shell, as ssh would on a
# host that sees the same paths. The shards must go to both hosts and the
# merged CSV must be the single run's bytes; a shard that fails on a host
# must fail the recipe. docs/scale-out.md, "GNU parallel".
# Exit 77 (skipped) only when GNU parallel is not installed.
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
command -v parallel >/dev/null 2>&1 || {
    echo "SKIP: GNU parallel is not installed (apt-get install parallel)"
    exit 77
}
exe="$CS_BUILDDIR/consortia"
scen="$CS_SRCDIR/scenarios/example.yaml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# ssh's command line: options, the host, an optional "--", the command
cat >"$tmp/ssh" <<'EOS'
#!/bin/sh
while [ $# -gt 0 ]; do
    case $1 in
    -l|-p|-o|-S|-i|-F) shift 2 ;;
    -*) shift ;;
    *) break ;;
    esac
done
echo "$1" >>"$SSH_LOG"
shift
[ "${1-}" = -- ] && shift
# sshd gives the remote command the login shell in SHELL, and GNU
# parallel's remote wrapper runs the job with it; without this the
# stand-in would inherit whatever the test was started with (nothing, in
# an environment that sets no SHELL, where every job then silently fails)
SHELL=/bin/sh exec sh -c "$*"
EOS
chmod +x "$tmp/ssh"

args="$scen --grid fixed_base=0:6e6:3 --grid gp_willingness=0.1:0.6:2 --draws 100"
# shellcheck disable=SC2086
"$exe" sweep $args -q -f csv -o "$tmp/one.csv" || bad "the single run failed"

cd "$tmp" || exit 99
# shellcheck disable=SC2086
SSH_LOG="$tmp/hosts" PARALLEL_SSH="$tmp/ssh" CONSORTIA="$exe" \
    "$CS_SRCDIR/tools/sweep-parallel" -n 4 -S 1/nodeA,1/nodeB -d "$tmp/parts" \
    -m csv -o "$tmp/four.csv" -- $args >"$tmp/out" 2>&1 ||
    { cat "$tmp/out"; bad "the recipe over two ssh hosts failed"; }
cmp -s "$tmp/one.csv" "$tmp/four.csv" ||
    bad "4 shards over two ssh hosts differ from the single run"
for h in nodeA nodeB; do
    grep -qx "$h" "$tmp/hosts" 2>/dev/null || bad "no shard was sent to $h"
done
[ "$(ls "$tmp/parts" | wc -l)" -eq 4 ] || bad "not 4 partial results: $(ls "$tmp/parts")"

# a host where the program is missing: the recipe fails, nothing merged
rm -rf "$tmp/parts" "$tmp/bad.csv"
# shellcheck disable=SC2086
if SSH_LOG="$tmp/hosts" PARALLEL_SSH="$tmp/ssh" CONSORTIA="$tmp/no-such-consortia" \
    "$CS_SRCDIR/tools/sweep-parallel" -n 2 -S 1/nodeA -d "$tmp/parts" \
    -m csv -o "$tmp/bad.csv" -- $args >"$tmp/out" 2>&1; then
    bad "the recipe succeeded with no program on the host"
fi
[ ! -e "$tmp/bad.csv" ] || bad "a merged output was written after a failed shard"

[ "$fail" -eq 0 ] && echo "PASS: sweep-ssh"
exit "$fail"
