#!/bin/sh
# param-sources.sh -- every default has its source (issue 10, "Done when").
# Reads `consortia plugins --verbose` for the plugins that ship and fails
# when
#  - a parameter's doc string, or the source of a plugin's default value
#    scale, carries neither a citation (a year, 19xx or 20xx, or a named
#    document such as VALIDATION.md) nor the word ASSUMPTION;
#  - a parameter has no row of its own in a table of docs/models.md or
#    docs/models-structure.md (a line starting "| `name`" or naming it in
#    the first cell), or a row of it carries neither a citation nor
#    ASSUMPTION;
#  - a plugin's headline metric, whose default scale the program uses when a
#    scenario gives no value_function, is not named with its "worst" level
#    in those docs.
set -u
: "${CS_BUILDDIR:?run through make check}" "${CS_SRCDIR:?}"
docs="$CS_SRCDIR/docs/models.md $CS_SRCDIR/docs/models-structure.md"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! "$CS_BUILDDIR/consortia" plugins --verbose \
        --plugin-path "$CS_BUILDDIR/plugins/.libs" >"$out"; then
    echo "FAIL: consortia plugins --verbose failed"; exit 1
fi
cite='ASSUMPTION|(19|20)[0-9][0-9]|[A-Za-z0-9_-]+\.(md|txt|csv)'

# plugin<TAB>kind<TAB>name<TAB>text, kind = param or scale or headline.
rows=$(awk '
    /^[a-z]/ { plugin = $1; section = ""; next }
    /^    parameters:/ { section = "p"; next }
    /^    metrics/ { section = "m"; next }
    /^    default value scale/ {
        getline src; sub(/^ +/, "", src)
        printf "%s\tscale\t-\t%s\n", plugin, src; section = ""; next }
    section == "p" && /^      [a-z]/ {
        name = $1; getline doc; sub(/^ +/, "", doc)
        printf "%s\tparam\t%s\t%s\n", plugin, name, doc; next }
    section == "m" && /HEADLINE$/ {
        printf "%s\theadline\t%s\t-\n", plugin, $1; next }' "$out")
nparams=$(printf '%s\n' "$rows" | grep -c "	param	")
nscales=$(printf '%s\n' "$rows" | grep -c "	scale	")
if [ "$nparams" -lt 40 ] || [ "$nscales" -lt 7 ]; then
    echo "FAIL: read $nparams parameters and $nscales scales;" \
         "expected the seven shipped plugins' (40+ and 7)"; exit 1
fi

fail=0
tab=$(printf '\t')
printf '%s\n' "$rows" >"$out.rows"
while IFS="$tab" read -r plugin kind name text; do
    case $kind in
    param)
        if ! printf '%s\n' "$text" | grep -Eq "$cite"; then
            echo "FAIL: $plugin.$name: doc string has no source or ASSUMPTION: $text"
            fail=1
        fi
        # shellcheck disable=SC2086
        row=$(grep -h "^| [^|]*\`$name\`" $docs)
        if [ -z "$row" ]; then
            echo "FAIL: $plugin.$name: no table row for it in docs/models*.md"
            fail=1
        elif printf '%s\n' "$row" | grep -Evq "$cite"; then
            echo "FAIL: $plugin.$name: a docs/models*.md row of it has no source or ASSUMPTION"
            fail=1
        fi ;;
    scale)
        if ! printf '%s\n' "$text" | grep -Eq "$cite"; then
            echo "FAIL: $plugin: default value scale has no source or ASSUMPTION: $text"
            fail=1
        fi ;;
    headline)
        # shellcheck disable=SC2086
        if ! grep -q "\`$name\` worst" $docs; then
            echo "FAIL: $plugin: headline '$name' and its default scale (\"\`$name\` worst ...\") are not in docs/models*.md"
            fail=1
        fi ;;
    esac
done <"$out.rows"
rm -f "$out.rows"
[ $fail -eq 0 ] && echo "PASS: $nparams parameters and $nscales default scales have sources and rows in docs/models*.md"
exit $fail
