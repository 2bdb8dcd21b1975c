/* test_invariance.c -- value scales are fixed in advance: adding an option
 * to a scenario leaves every other option's criterion values unchanged.
 *
 * For every seed scenario in scenarios/, the test appraises it as shipped
 * and with one extra option put first -- all practices in one consortium,
 * then one consortium per locality -- and compares, for every original
 * option and criterion, the headline's summary in its natural unit, the
 * partial value (0..1) and every option-level metric. They must be equal
 * exactly: the draws are keyed by consortium, not by option, and no
 * value scale may depend on the options compared (docs/decision.md). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "loader.h"
#include "model.h"
#include "runcmd.h"

#define CONSORTIA CS_TEST_BUILDDIR "/consortia"
#define SCEN CS_TEST_SRCDIR "/scenarios"

static char tmpdir[64];

/* The seed scenarios, sorted; NULL-terminated, at most 31. */
static char *seeds[32];
static size_t n_seeds;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_seeds(void)
{
    DIR *d = opendir(SCEN);
    struct dirent *e;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) && n_seeds < 31) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".yaml"))
            seeds[n_seeds++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(seeds, n_seeds, sizeof *seeds, cmp_str);
}

static char *read_text(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_ptr_nonnull(fp);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* The extra option's YAML: kind 0 one consortium of every locality, kind
 * 1 one consortium per locality. */
static char *extra_option(const cs_model *m, int kind)
{
    size_t cap = 256 + m->n_localities * 160, len = 0;
    char *s = malloc(cap);

    len += (size_t)snprintf(s + len, cap - len, "  - id: zz_extra\n"
                            "    consortia:\n");
    if (kind == 0)
        len += (size_t)snprintf(s + len, cap - len,
                                "      - {id: zz_all, localities: [");
    for (size_t l = 0; l < m->n_localities; l++) {
        const char *id = m->localities[l].id;
        if (kind == 0)
            len += (size_t)snprintf(s + len, cap - len, "%s\"%s\"",
                                    l ? ", " : "", id);
        else
            len += (size_t)snprintf(s + len, cap - len, "      - {id: zz_%zu, "
                                    "localities: [\"%s\"]}\n", l, id);
    }
    if (kind == 0)
        snprintf(s + len, cap - len, "]}\n");
    return s;
}

/* Writes the scenario with the extra option first under `options:`. */
static void write_with_extra(const char *text, const char *extra,
                             const char *path)
{
    const char *at = strstr(text, "\noptions:\n");
    FILE *fp = fopen(path, "w");

    ck_assert_ptr_nonnull(at);
    ck_assert_ptr_nonnull(fp);
    at += strlen("\noptions:\n");
    fwrite(text, 1, (size_t)(at - text), fp);
    fputs(extra, fp);
    fputs(at, fp);
    fclose(fp);
}

static json_t *appraise(const char *path)
{
    char *out = NULL, *err = NULL;
    json_error_t je;
    json_t *j;
    /* the CSV is a link to the seed scenario's, outside the temp folder */
    int rc = runcmd((char *[]){CONSORTIA, "appraise", (char *)path, "-n",
                               "200", "-j", "2", "-f", "json", "--quiet",
                               "--allow-outside-files", NULL}, &out, &err);

    ck_assert_msg(rc == 0, "%s: exit %d: %s", path, rc, err ? err : "");
    j = json_loads(out, 0, &je);
    ck_assert_msg(j != NULL, "%s: bad JSON: %s", path, je.text);
    free(out);
    free(err);
    return j;
}

static json_t *option_by_id(json_t *root, const char *id)
{
    json_t *opts = json_object_get(root, "options"), *o;
    size_t i;

    json_array_foreach(opts, i, o)
        if (!strcmp(json_string_value(json_object_get(o, "id")), id))
            return o;
    return NULL;
}

/* Every original option's criteria (headline, value, metrics) unchanged. */
static void compare(json_t *base, json_t *more, const char *what)
{
    json_t *opts = json_object_get(base, "options"), *o;
    size_t i, n_checked = 0;

    json_array_foreach(opts, i, o) {
        const char *id = json_string_value(json_object_get(o, "id"));
        json_t *o2 = option_by_id(more, id), *c, *c2;
        const char *crit;

        ck_assert_msg(o2 != NULL, "%s: option %s lost", what, id);
        json_object_foreach(json_object_get(o, "criteria"), crit, c) {
            c2 = json_object_get(json_object_get(o2, "criteria"), crit);
            ck_assert_ptr_nonnull(c2);
            ck_assert_msg(json_equal(json_object_get(c, "headline"),
                                     json_object_get(c2, "headline")),
                          "%s: option %s, %s: headline changed", what, id,
                          crit);
            ck_assert_msg(json_equal(json_object_get(c, "value"),
                                     json_object_get(c2, "value")),
                          "%s: option %s, %s: value %g became %g", what, id,
                          crit, json_number_value(json_object_get(c, "value")),
                          json_number_value(json_object_get(c2, "value")));
            ck_assert_msg(json_equal(json_object_get(c, "metrics"),
                                     json_object_get(c2, "metrics")),
                          "%s: option %s, %s: a metric changed", what, id,
                          crit);
            n_checked++;
        }
    }
    ck_assert_uint_gt(n_checked, 0);
}

START_TEST(adding_an_option_changes_no_other)
{
    char src[512], path[256], link[256], *text;
    cs_diag diag = {0};
    cs_model *m;
    json_t *base;

    list_seeds();
    ck_assert_uint_gt(n_seeds, 4);
    strcpy(tmpdir, "/tmp/cs-inv.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    for (size_t s = 0; s < n_seeds; s++) {
        snprintf(src, sizeof src, "%s/%s", SCEN, seeds[s]);
        m = cs_load_scenario(src, &diag);
        ck_assert_msg(m != NULL, "%s does not load", src);
        text = read_text(src);
        base = appraise(src);
        /* the practice CSV a scenario names sits beside its YAML */
        snprintf(link, sizeof link, "%s/england-2014-15.csv", tmpdir);
        unlink(link);
        ck_assert_int_eq(symlink(SCEN "/england-2014-15.csv", link), 0);
        for (int kind = 0; kind < 2; kind++) {
            char *extra = extra_option(m, kind), what[300];
            json_t *more;
            snprintf(path, sizeof path, "%s/%s", tmpdir, seeds[s]);
            write_with_extra(text, extra, path);
            more = appraise(path);
            snprintf(what, sizeof what, "%s + %s", seeds[s],
                     kind ? "one per locality" : "all in one");
            compare(base, more, what);
            json_decref(more);
            unlink(path);
            free(extra);
        }
        unlink(link);
        json_decref(base);
        free(text);
        cs_model_free(m);
        cs_diag_clear(&diag);
    }
    rmdir(tmpdir);
    for (size_t s = 0; s < n_seeds; s++)
        free(seeds[s]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("invariance");
    TCase *tc = tcase_create("seeds");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, adding_an_option_changes_no_other);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
