/* search_cli.h -- the three-unit scenario of the `consortia search`
 * suites (test_search_cli, test_search_json) and readers of the JSON; the
 * closed form of its scores is in test_search_cli.c's header. */
#ifndef CS_SEARCH_CLI_H
#define CS_SEARCH_CLI_H

#include <math.h>
#include <jansson.h>

#include "cli_harness.h"

#define RUN(...) run((char *[]){BIN, "search", __VA_ARGS__, NULL})

/* The three-unit scenario with tp_search's `target` (thousands) and a
 * `search:` block; writes it to tmpdir/name and returns its path. */
static inline const char *scenario(const char *name, double target,
                            const char *search)
{
    static char path[256];      /* its own buffer: path_of() rotates */
    FILE *fp;

    snprintf(path, sizeof path, "%s", path_of(name));
    fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp,
        "format: 1\nscenario: {id: s3, name: \"Three units\"}\n"
        "organisations:\n  - {id: la1, kind: local_authority}\n"
        "localities:\n"
        "  - {id: l0, name: West, local_authority: la1, neighbours: [l1]}\n"
        "  - {id: l1, name: Middle, local_authority: la1, "
        "neighbours: [l0, l2]}\n"
        "  - {id: l2, name: East, local_authority: la1, neighbours: [l1]}\n"
        "practices:\n"
        "  - {code: P0, locality: l0, registered: 30000}\n"
        "  - {code: P1, locality: l1, registered: 45000}\n"
        "  - {code: P2, locality: l2, registered: 21000}\n"
        "options:\n"
        "  - id: one\n    consortia:\n"
        "      - {id: all, localities: [l0, l1, l2]}\n"
        "  - id: each\n    consortia:\n"
        "      - {id: c0, localities: [l0]}\n"
        "      - {id: c1, localities: [l1]}\n"
        "      - {id: c2, localities: [l2]}\n"
        "criteria:\n  - {plugin: tp_search, weight: 1, parameters: "
        "{target: %g, noise: 0}}\n"
        "analysis: {draws: 16, seed: 5, smaa_iterations: 20, threads: 1}\n"
        "%s", target, search ? search : "");
    fclose(fp);
    return path;
}

static inline double own(double list, double target)
{
    return 100.0 * (1000.0 - fabs(list - target)) / 2000.0;
}

static inline json_t *json_run(const char *p, const char *threads,
                               const char *out_path)
{
    json_error_t je;
    json_t *root;
    char *text;

    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", "-f", "json",
                         "--threads", (char *)threads, "-o", (char *)out_path,
                         (char *)p), 0);
    ck_assert_str_eq(out, "");
    text = slurp(out_path, NULL);
    ck_assert_ptr_nonnull(text);
    root = json_loads(text, 0, &je);
    ck_assert_msg(root != NULL, "%s", je.text);
    free(text);
    return root;
}

static inline double num(const json_t *o, const char *path)
{
    const json_t *j = o;
    char key[64];
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, ".");
        snprintf(key, sizeof key, "%.*s", (int)n, p);
        j = key[0] >= '0' && key[0] <= '9' ? json_array_get(j, (size_t)atoi(key))
                                           : json_object_get(j, key);
        p += n + (p[n] == '.');
    }
    ck_assert_msg(json_is_number(j), "%s is not a number", path);
    return json_number_value(j);
}

#endif
