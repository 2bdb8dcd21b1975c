#!/bin/sh
# cli-install.sh -- `make install DESTDIR=...` puts the manual pages
# consortia(1), consortia-scenario(5), consortia-plugin(7) and the bash
# completion in place (issue 16 item 9); each page renders with
# `man --warnings` and no warning; the installed completion, sourced in
# bash, completes commands, options, --format values and scenario files.
# Where `man` is not installed the pages cannot be rendered: everything
# else is checked and the test exits 77 (SKIP), never PASS.
set -u
: "${CS_BUILDDIR:?}" "${CS_SRCDIR:?}"
unset MAKEFLAGS MFLAGS MAKELEVEL
fail=0
skip=
dest=$(mktemp -d) || exit 99
trap 'rm -rf "$dest"' EXIT
bad() { echo "FAIL: $*" >&2; fail=1; }

make -s -C "$CS_BUILDDIR" install DESTDIR="$dest" >"$dest/install.log" 2>&1 \
    || { cat "$dest/install.log" >&2; echo "FAIL: make install" >&2; exit 1; }
eval "$(make -s -C "$CS_BUILDDIR" cs-print-installdirs)"
: "${mandir:?}" "${bashcompdir:?}" "${bindir:?}"

for page in man1/consortia.1 man5/consortia-scenario.5 \
            man7/consortia-plugin.7; do
    f=$dest$mandir/$page
    [ -f "$f" ] || { bad "$page not installed in $mandir"; continue; }
    if ! command -v man >/dev/null 2>&1; then
        skip="man is not installed (Debian: man-db); pages not rendered"
        continue
    fi
    MANWIDTH=80 man --warnings -l "$f" >"$dest/out" 2>"$dest/err"
    rc=$?
    [ $rc -eq 0 ] || bad "man -l $page: exit $rc"
    [ -s "$dest/err" ] && bad "man --warnings -l $page: $(cat "$dest/err")"
    grep -q "^NAME" "$dest/out" || bad "$page renders without a NAME section"
done

comp=$dest$bashcompdir/consortia
[ -f "$comp" ] || { bad "completion not installed as $bashcompdir/consortia"; comp=; }
if [ -n "$comp" ]; then
    if ! command -v bash >/dev/null 2>&1; then
        skip="${skip:+$skip; }bash is not installed; completion not tried"
    else
        work=$dest/work
        mkdir -p "$work/sub" && : >"$work/area.yaml" && : >"$work/notes.txt"
        # complete WORD...: what _consortia offers for the last word
        got=$(cd "$work" && bash --norc --noprofile -c '
            . "$1"; shift
            complete -p consortia >/dev/null || { echo NOT-REGISTERED; exit; }
            try() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
                    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=();
                    _consortia consortia "${COMP_WORDS[COMP_CWORD]}" \
                        "${COMP_WORDS[COMP_CWORD-1]}";
                    echo "${COMPREPLY[*]}"; }
            try consortia app
            try consortia se
            try "$0" appraise --fo
            try consortia appraise -f c
            try consortia appraise ""
            try consortia help va
            ' "$CS_BUILDDIR/consortia" "$comp")
        set -- "appraise" "search" "--format" "csv consortia-csv" \
               "area.yaml sub" "validate"
        n=1
        echo "$got" | while IFS= read -r line; do
            eval "want=\${$n}"
            [ "$line" = "$want" ] || { echo "FAIL: completion $n gave '$line', not '$want'" >&2; exit 1; }
            n=$((n + 1))
        done || fail=1
        [ "$(echo "$got" | wc -l)" -eq 6 ] || bad "completion gave: $got"
    fi
fi

[ $fail -eq 0 ] || exit 1
if [ -n "$skip" ]; then echo "SKIP: $skip" >&2; exit 77; fi
echo "PASS: man pages and bash completion installed and working"
