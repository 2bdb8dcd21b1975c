#!/bin/sh
# cli-help.sh -- the command line explains itself (issue 16 item 9):
# every command main.c dispatches answers `help COMMAND`, `COMMAND --help`
# and `COMMAND -h` with exit 0 on standard output, the same text each way;
# that text names every long option the command's getopt table takes (read
# from the source, so a new option without help fails here) and no option
# the table lacks; a mistyped command or long option gets "did you mean"
# and exit 64.
set -u
: "${CS_BUILDDIR:?}" "${CS_SRCDIR:?}"
BIN=$CS_BUILDDIR/consortia
CLI=$CS_SRCDIR/core/cli
fail=0
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

bad() { echo "FAIL: $*" >&2; fail=1; }

# The long options of the N-th getopt table (struct option ... {NULL) in
# a source file, one a line.
table() {
    awk -v want="$2" '/struct option/ { n++; on = (n == want); next }
        on && /\{NULL, 0, NULL, 0\}/ { on = 0 }
        on { if (match($0, /\{"[a-z-]+"/))
                 print substr($0, RSTART + 2, RLENGTH - 3) }' "$1"
}

# The commands main.c dispatches.
cmds=$(grep -o 'strcmp(c\.command, "[a-z-]*")' "$CLI/main.c" \
       | sed 's/.*"\(.*\)")/\1/' | sort -u)
[ -n "$cmds" ] || bad "no commands found in main.c"
for c in $cmds; do
    "$BIN" help "$c" >"$tmp/a" 2>"$tmp/e"; rc=$?
    [ $rc -eq 0 ] || bad "help $c: exit $rc: $(cat "$tmp/e")"
    head -1 "$tmp/a" | grep -q "^usage: consortia $c" \
        || bad "help $c does not start with its usage line"
    [ -s "$tmp/e" ] && bad "help $c wrote to stderr: $(cat "$tmp/e")"
    [ "$c" = help ] && continue
    for flag in --help -h; do
        "$BIN" "$c" $flag >"$tmp/b" 2>"$tmp/e"; rc=$?
        [ $rc -eq 0 ] || bad "$c $flag: exit $rc: $(cat "$tmp/e")"
        cmp -s "$tmp/a" "$tmp/b" || bad "$c $flag differs from help $c"
    done
done

# Each command's getopt table: file and which table in it. appraise,
# validate and plugins share main.c's; each names the ones it uses and
# --verbose is plugins' only.
check_opts() {   # command file n [options the command's help may omit]
    c=$1; f=$2; n=$3; shift 3
    "$BIN" help "$c" >"$tmp/h" || { bad "help $c"; return; }
    opts=$(table "$CLI/$f" "$n")
    [ -n "$opts" ] || { bad "no getopt table $n in $f"; return; }
    for o in $opts; do
        case " $* " in *" $o "*) continue ;; esac
        grep -q -- "--$o\b" "$tmp/h" || bad "help $c does not name --$o"
    done
    for o in $(grep -o -- '--[a-z][a-z-]*' "$tmp/h" | sort -u); do
        o=${o#--}
        [ "$o" = help ] && continue
        echo "$opts" | grep -qx -- "$o" \
            || bad "help $c names --$o, which $f does not take"
    done
}
check_opts appraise main.c 1 verbose
check_opts validate main.c 1 verbose format output reports seed draws \
    threads keep-going plugin-timeout plugin-memory weight with-search task \
    timings
check_opts plugins main.c 1 format output reports seed draws threads \
    keep-going plugin-timeout plugin-memory quiet allow-plugin-file \
    allow-outside-files weight with-search task timings
check_opts smaa smaa_cmd.c 1
check_opts sweep sweep_cmd.c 1
check_opts merge merge_cmd.c 1
check_opts voi merge_cmd.c 2
check_opts search search_cmd.c 1

# "did you mean": the expected suggestion for each slip, written by hand.
expect() {   # want-substring args...
    want=$1; shift
    "$BIN" "$@" >"$tmp/o" 2>"$tmp/e"; rc=$?
    [ $rc -eq 64 ] || bad "$*: exit $rc, not 64"
    grep -qF -- "$want" "$tmp/e" || bad "$*: no '$want' in: $(cat "$tmp/e")"
    [ -s "$tmp/o" ] && bad "$*: wrote to stdout"
}
expect "unknown command 'apprise'; did you mean 'appraise'?" apprise x.yaml
expect "did you mean 'appraise'?" app
expect "did you mean 'appraise'?" apprasie
expect "did you mean 'search'?" serch
expect "did you mean 'voi'?" vio
expect "did you mean 'new-plugin'?" newplugin
expect "did you mean 'validate'?" help valdate
expect "unknown option '--fromat'; did you mean '--format'?" \
    appraise --fromat json
expect "did you mean '--format'?" appraise --fromat=json
expect "did you mean '--keep-going'?" appraise --keepgoing
expect "did you mean '--threads'?" search x.yaml --treads 2
expect "did you mean '--group'?" voi --grop a,b
expect "did you mean '--lhs'?" sweep --lsh 3
expect "did you mean '--iterations'?" smaa --iterashuns 3
expect "did you mean '--output'?" merge --ouptut x
# far from everything: no guess
"$BIN" xyzzy 2>"$tmp/e"; rc=$?
[ $rc -eq 64 ] || bad "xyzzy: exit $rc"
grep -q "did you mean" "$tmp/e" && bad "xyzzy got a guess: $(cat "$tmp/e")"
"$BIN" appraise --zzzzzzzz 2>"$tmp/e"
grep -q "did you mean" "$tmp/e" && bad "--zzzzzzzz got a guess"

[ $fail -eq 0 ] && echo "PASS: help, --help and did-you-mean"
exit $fail
