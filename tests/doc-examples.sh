#!/bin/sh
# tests/doc-examples.sh ROOT PREFIX -- builds and runs every plugin example
# of the docs against an installed consortia, as a researcher would:
#   - each step of docs/plugin-guide.md (a ```c block whose first line is
#     "/* NAME.c -- ..."; test_NAME.c is its unit test): made a folder with
#     `consortia new-plugin NAME`, the guide's two files pasted in, then
#     `make check` (the plugin built with pkg-config, its test run against
#     the installed mock host);
#   - the skeleton `consortia new-plugin` writes, untouched: `make check`;
#   - the README's build line, on the guide's first step;
#   - every plugin above weighted in the installed example scenario,
#     validated and appraised into a board pack with --plugin-path.
# ROOT is the DESTDIR consortia was installed into ("" for a real install),
# PREFIX its configured prefix. PKG_CONFIG_PATH is set as the guide says,
# <prefix>/lib/pkgconfig (with PKG_CONFIG_SYSROOT_DIR for a DESTDIR).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
root=$1
prefix=$2
PKG_CONFIG_PATH="$root$prefix/lib/pkgconfig"
export PKG_CONFIG_PATH
if [ -n "$root" ]; then
    PKG_CONFIG_SYSROOT_DIR=$root
    export PKG_CONFIG_SYSROOT_DIR
fi
bin="$root$prefix/bin/consortia"
plugindir="$root$prefix/lib/consortia"
example="$root$prefix/share/consortia/scenarios/example.yaml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { printf 'doc-examples: error: %s\n' "$*" >&2; exit 1; }

# The guide's named C blocks into blocks/.
mkdir blocks
awk '
    /^```c$/ { inb = 1; f = ""; next }
    /^```$/  { if (f != "") close("blocks/" f); inb = 0; f = ""; next }
    inb && f == "" {
        if ($0 ~ /^\/\* [a-z0-9_]+\.c -- /) f = $2; else { inb = 0; next }
    }
    inb && f != "" { print > ("blocks/" f) }
' "$src/docs/plugin-guide.md"
steps=$(cd blocks && ls | grep -v '^test_' | sed 's/\.c$//')
[ "$(echo "$steps" | wc -w)" -eq 3 ] ||
    fail "expected the guide's 3 steps, found: $steps"

pathargs="-p $plugindir"
for name in $steps; do
    [ -f "blocks/test_$name.c" ] || fail "the guide gives no test_$name.c"
    "$bin" new-plugin "$name" >/dev/null
    cp "blocks/$name.c" "blocks/test_$name.c" "$name/"
    (cd "$name" && make -s check CFLAGS="-O2 -Werror") ||
        fail "guide step $name: make check failed"
    pathargs="$pathargs -p $work/$name"
done

# The skeleton as written.
"$bin" new-plugin skeleton_check >/dev/null
(cd skeleton_check && make -s check CFLAGS="-O2 -Werror") ||
    fail "the new-plugin skeleton: make check failed"
pathargs="$pathargs -p $work/skeleton_check"

# The README's build line, on the guide's first step.
line=$(sed -n '/^## Writing a criterion/,/^## /p' "$src/README.md" | grep '^cc ')
[ -n "$line" ] || fail "no 'cc' build line in the README's 'Writing a criterion'"
first=$(echo "$steps" | head -n 1)
mkdir readme
cp "blocks/$first.c" readme/my.c
(cd readme && sh -c "$line") || fail "the README's build line failed"
"$bin" plugins --plugin-path readme | grep -q "^$first " ||
    fail "the plugin built by the README's line does not load"

# Every plugin weighted in the example scenario, into a board pack.
awk -v names="$(echo $steps skeleton_check)" '
    { print }
    /^criteria:/ { n = split(names, a, " ");
                   for (i = 1; i <= n; i++) print "  - {plugin: " a[i] ", weight: 5}" }
' "$example" >my.yaml
# shellcheck disable=SC2086
"$bin" validate my.yaml $pathargs >/dev/null || fail "my.yaml does not validate"
# shellcheck disable=SC2086
"$bin" appraise my.yaml $pathargs --quiet --draws 400 >my.txt
# shellcheck disable=SC2086
"$bin" appraise my.yaml $pathargs --quiet --draws 400 -f html -o my.html
for name in $steps skeleton_check; do
    grep -q "^$name (weight " my.txt || fail "$name is not weighted in the report"
    grep -q "$name" my.html || fail "$name is not in the board pack"
done
echo "doc-examples: ok: $(echo $steps) and the skeleton built, tested and weighted"
