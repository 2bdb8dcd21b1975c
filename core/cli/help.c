/* help.c -- `consortia help [COMMAND]`, COMMAND --help, and "did you mean"
 * (help.h). */
#include "help.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "help_text.h"

int cs_help_is_command(const char *name)
{
    for (size_t i = 0; i < cs_n_help_entries; i++)
        if (!strcmp(cs_help_entries[i].name, name))
            return 1;
    return 0;
}

int cs_help_command(const char *name, FILE *fp)
{
    for (size_t i = 0; i < cs_n_help_entries; i++)
        if (!strcmp(cs_help_entries[i].name, name)) {
            fputs(cs_help_entries[i].text, fp);
            return 0;
        }
    return -1;
}

int cs_help_asked(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            return 0;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    }
    return 0;
}

size_t cs_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *d;
    size_t r;

    if (la > 64 || lb > 64)     /* no command or option is this long */
        return la > lb ? la : lb;
    d = calloc((la + 1) * (lb + 1), sizeof *d);
    if (!d)
        return la > lb ? la : lb;
#define D(i, j) d[(i) * (lb + 1) + (j)]
    for (size_t i = 0; i <= la; i++)
        D(i, 0) = i;
    for (size_t j = 0; j <= lb; j++)
        D(0, j) = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = D(i - 1, j) + 1;
            if (D(i, j - 1) + 1 < v)
                v = D(i, j - 1) + 1;
            if (D(i - 1, j - 1) + cost < v)
                v = D(i - 1, j - 1) + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && D(i - 2, j - 2) + 1 < v)
                v = D(i - 2, j - 2) + 1;
            D(i, j) = v;
        }
    r = D(la, lb);
#undef D
    free(d);
    return r;
}

const char *cs_nearest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL, *prefixed = NULL;
    size_t best_d = (size_t)-1, len = strlen(word), n_prefixed = 0;

    if (len == 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t d = cs_edit_distance(word, cands[i]);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
        if (len >= 2 && !strncmp(cands[i], word, len)) {
            prefixed = cands[i];
            n_prefixed++;
        }
    }
    if (best && (best_d <= (len <= 4 ? 1u : 2u) || best_d * 3 <= len))
        return best;
    return n_prefixed == 1 ? prefixed : NULL;
}

static const char *nearest_command(const char *name)
{
    const char *names[32] = {NULL};
    size_t n = 0;

    for (size_t i = 0; i < cs_n_help_entries && n < 32; i++)
        names[n++] = cs_help_entries[i].name;
    return cs_nearest(name, names, n);
}

int cs_help_unknown_command(const char *name)
{
    const char *near = nearest_command(name);

    fprintf(stderr, "consortia: error: unknown command '%s'", name);
    if (near)
        fprintf(stderr, "; did you mean '%s'?", near);
    fputs("\ncommands:", stderr);
    for (size_t i = 0; i < cs_n_help_entries; i++)
        fprintf(stderr, " %s", cs_help_entries[i].name);
    fputs("\n`consortia help COMMAND` explains one\n", stderr);
    return EX_USAGE;
}

int cs_help_main(int argc, char **argv, const char *usage,
                 const char *more)
{
    if (argc > 2) {
        fprintf(stderr, "consortia: error: unexpected argument '%s'; give "
                "consortia help [COMMAND]\n", argv[2]);
        return EX_USAGE;
    }
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage, stdout);
        fputs(more, stdout);
        return EX_OK;
    }
    if (cs_help_command(argv[1], stdout) == 0)
        return EX_OK;
    return cs_help_unknown_command(argv[1]);
}

const char *cs_option_error(const char *arg, const struct option *lo,
                            char *buf, size_t len)
{
    const char *names[64], *near = NULL;
    char word[65];
    size_t n = 0, w;

    snprintf(buf, len, "unknown option '%s'", arg);
    if (strncmp(arg, "--", 2) != 0 || !arg[2])
        return buf;
    w = strcspn(arg + 2, "=");
    if (w >= sizeof word)
        return buf;
    memcpy(word, arg + 2, w);
    word[w] = '\0';
    for (; lo && lo->name && n < 64; lo++)
        names[n++] = lo->name;
    if ((near = cs_nearest(word, names, n)) != NULL)
        snprintf(buf, len, "unknown option '%s'; did you mean '--%s'?", arg,
                 near);
    return buf;
}
