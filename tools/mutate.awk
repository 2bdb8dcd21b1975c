# tools/mutate.awk -- the mutants file's parser and the parts of tools/mutate
# that handle its text (so no pattern passes through the shell).
#   mode=list    print id TAB file TAB equivalent(0/1) TAB suites, one a mutant
#   mode=apply   want=ID; second file the source: print it with the mutant
#   mode=report  second file the results (id TAB status TAB seconds): figures
# The mutants file's format is described at its top.

function fail(msg) {
    printf "%s:%d: error: %s\n", FILENAME, FNR, msg > "/dev/stderr"
    bad = 1
}
function rest(line, key) { return substr(line, length(key) + 2) }
function close_mutant() {
    if (cur == "") return
    if (!(cur in file)) fail("mutant '" cur "' has no 'file' line; add one")
    if (!(cur in find)) fail("mutant '" cur "' has no 'find' line; add one")
    if (!(cur in repl)) fail("mutant '" cur "' has no 'repl' line; add one")
    if (!(cur in what)) fail("mutant '" cur "' has no 'what' line; say what it breaks")
    if (find[cur] == repl[cur]) fail("mutant '" cur "' replaces its text by the same text")
    cur = ""
}
# The suites of a file: the mutant's own, else the longest matching prefix.
function suites_of(id,    best, p, n) {
    if (id in tests) return tests[id]
    best = ""; n = -1
    for (p in suite)
        if (substr(file[id], 1, length(p)) == p && length(p) > n) { best = suite[p]; n = length(p) }
    return best
}

FILENAME == ARGV[1] {
    if ($0 ~ /^[ \t]*(#|$)/) next
    key = $1
    if (key == "suites") {
        if (NF < 3) fail("'suites' needs a path prefix and at least one suite")
        s = ""; for (i = 3; i <= NF; i++) s = s (i > 3 ? " " : "") $i
        suite[$2] = s
        next
    }
    if (key == "mutant") {
        close_mutant()
        cur = $2
        if (NF != 2 || cur !~ /^[A-Za-z0-9_.-]+$/) fail("'mutant' takes one id of letters, digits, '-', '_' or '.'")
        if (cur in seen) fail("mutant '" cur "' is defined twice; rename one")
        seen[cur] = 1; order[++n_mut] = cur
        next
    }
    if (cur == "") { fail("'" key "' outside a mutant; start one with 'mutant ID'"); next }
    if (key == "file" || key == "find" || key == "repl" || key == "what" ||
        key == "equiv" || key == "tests") {
        if (key == "file") file[cur] = $2
        else if (key == "find") find[cur] = rest($0, key)
        else if (key == "repl") repl[cur] = rest($0, key)
        else if (key == "what") what[cur] = rest($0, key)
        else if (key == "equiv") equiv[cur] = rest($0, key)
        else tests[cur] = rest($0, key)
        next
    }
    fail("unknown key '" key "'; use mutant, file, find, repl, what, equiv, tests or suites")
    next
}

mode == "apply" {
    if (FNR == 1 && !(want in seen)) { print "no mutant '" want "'" > "/dev/stderr"; exit 3 }
    line[FNR] = $0
    if (index($0, find[want])) { hits++; at = FNR }
    last = FNR
    next
}
mode == "report" {
    split($0, r, "\t"); status[r[1]] = r[2]
    next
}

END {
    close_mutant()
    if (bad) exit 1
    if (mode == "list") {
        for (i = 1; i <= n_mut; i++) {
            id = order[i]; s = suites_of(id)
            if (s == "") { printf "mutant '%s': no 'suites' line covers %s; add one\n", id, file[id] > "/dev/stderr"; exit 1 }
            printf "%s\t%s\t%d\t%s\n", id, file[id], (id in equiv), s
        }
    } else if (mode == "apply") {
        if (hits != 1) {
            printf "mutant '%s': its 'find' text is on %d lines of %s, not one; make it match one line\n", want, hits, file[want] > "/dev/stderr"
            exit 3
        }
        p = index(line[at], find[want])
        line[at] = substr(line[at], 1, p - 1) repl[want] substr(line[at], p + length(find[want]))
        for (i = 1; i <= last; i++) print line[i]
    } else if (mode == "report") {
        for (i = 1; i <= n_mut; i++) {
            id = order[i]
            if (!(id in status)) continue
            c[status[id]]++; total++
        }
        live = c["killed"] + c["timeout"] + c["survived"]
        ratio = live ? 100 * (c["killed"] + c["timeout"]) / live : 0
        printf "\nmutants: %d (%d in the file)\n", total, n_mut
        printf "  killed      %d\n  timeout     %d\n  survived    %d\n  equivalent  %d\n  error       %d\n",
            c["killed"], c["timeout"], c["survived"], c["equivalent"], c["error"]
        printf "kill ratio (killed + timeout) / non-equivalent run: %d/%d = %.1f%% (target %d%%)\n",
            c["killed"] + c["timeout"], live, ratio, target
        if (c["survived"]) {
            print "survivors:"
            for (i = 1; i <= n_mut; i++) if (status[order[i]] == "survived")
                printf "  %s (%s): %s\n", order[i], file[order[i]], what[order[i]]
        }
        if (c["error"]) {
            print "errors (fix the mutants file):"
            for (i = 1; i <= n_mut; i++) if (status[order[i]] == "error")
                printf "  %s (%s)\n", order[i], file[order[i]]
        }
        if (c["equivalent"]) {
            print "equivalent (not run):"
            for (i = 1; i <= n_mut; i++) if (status[order[i]] == "equivalent")
                printf "  %s (%s): %s\n", order[i], file[order[i]], equiv[order[i]]
        }
        exit (c["error"] || (live && ratio < target)) ? 1 : 0
    }
}
