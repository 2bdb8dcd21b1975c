/*
 * test_jsonw.c -- the streaming JSON writer (core/report/jsonw.c,
 * compiled in) against jansson itself, the writer it replaces: numbers
 * formatted as json_dumps formats them at precision 10, and trees of
 * every kind of value written member by member (and partly as subtrees)
 * giving the bytes json_dumpf gives for the whole tree.
 */
#define _POSIX_C_SOURCE 200809L   /* open_memstream */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "jsonw.h"

static char *jansson_real(double x)
{
    json_t *t = json_real(x);
    char *s = json_dumps(t, JSON_ENCODE_ANY | JSON_REAL_PRECISION(10));
    json_decref(t);
    return s;
}

START_TEST(test_reals_as_jansson)
{
    static const double fixed[] = {0.0, -0.0, 1.0, -3.0, 0.5, 1e21, 1e-7,
        1.5e-7, 123456789012.0, 1234567890.0, 12345678901.0, 0.1, 1e100,
        -2.5e-300, DBL_MAX, DBL_MIN, 4.9e-324, 1e10, 1e9, 99999.99999};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    char buf[64];
    ck_assert_ptr_nonnull(r);
    for (size_t i = 0; i < 200000; i++) {
        double x = i < sizeof fixed / sizeof fixed[0] ? fixed[i]
                 : i % 3 == 0 ? floor(gsl_rng_uniform(r) * 1e6)
                 : (gsl_rng_uniform(r) - 0.5)
                       * pow(10, (int)(gsl_rng_uniform(r) * 60) - 30);
        char *want = jansson_real(x);
        int len = cs_jw_dtostr(buf, sizeof buf, x, 10);
        ck_assert_ptr_nonnull(want);
        ck_assert_msg(len == (int)strlen(want) && !strcmp(buf, want),
                      "%.17g: writer '%s', jansson '%s'", x, buf, want);
        free(want);
    }
    gsl_rng_free(r);
}
END_TEST

/* Writes t through the writer, member by member; every third container
 * below the top as a whole subtree (cs_jw_tree). */
static void walk(cs_jw *w, const char *key, json_t *t, int depth)
{
    const char *k;
    json_t *v;
    size_t i;
    if ((json_is_object(t) || json_is_array(t)) && depth > 0
        && depth % 3 == 0) {
        cs_jw_tree(w, key, json_incref(t));
        return;
    }
    switch (json_typeof(t)) {
    case JSON_OBJECT:
        cs_jw_open(w, key, '{');
        json_object_foreach(t, k, v)
            walk(w, k, v, depth + 1);
        cs_jw_close(w, '}');
        break;
    case JSON_ARRAY:
        cs_jw_open(w, key, '[');
        json_array_foreach(t, i, v)
            walk(w, NULL, v, depth + 1);
        cs_jw_close(w, ']');
        break;
    case JSON_STRING: cs_jw_str(w, key, json_string_value(t)); break;
    case JSON_INTEGER: cs_jw_int(w, key, json_integer_value(t)); break;
    case JSON_REAL: cs_jw_real(w, key, json_real_value(t)); break;
    case JSON_TRUE: cs_jw_bool(w, key, 1); break;
    case JSON_FALSE: cs_jw_bool(w, key, 0); break;
    default: cs_jw_null(w, key);
    }
}

static json_t *grow(gsl_rng *r, int depth)
{
    static const char *const strs[] = {"plain", "quote \" and \\ back",
        "tab\tnew\nline\x01", "caf\xc3\xa9 / slash", ""};
    unsigned kind = depth > 5 ? 2 + gsl_rng_uniform_int(r, 6)
                              : gsl_rng_uniform_int(r, 8);
    json_t *t;
    char key[32];
    switch (kind) {
    case 0:
        t = json_object();
        for (unsigned i = gsl_rng_uniform_int(r, 5); i > 0; i--) {
            snprintf(key, sizeof key, "%s%u", strs[i % 5], i);
            json_object_set_new(t, key, grow(r, depth + 1));
        }
        return t;
    case 1:
        t = json_array();
        for (unsigned i = gsl_rng_uniform_int(r, 5); i > 0; i--)
            json_array_append_new(t, grow(r, depth + 1));
        return t;
    case 2: return json_string(strs[gsl_rng_uniform_int(r, 5)]);
    case 3: return json_integer((json_int_t)gsl_rng_uniform_int(r, 100000) - 50000);
    case 4: return json_real((gsl_rng_uniform(r) - 0.5) * 1e4);
    case 5: return json_boolean(gsl_rng_uniform(r) < 0.5);
    case 6: return json_null();
    default: return json_real(floor(gsl_rng_uniform(r) * 100));
    }
}

START_TEST(test_trees_as_jansson)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    ck_assert_ptr_nonnull(r);
    for (int n = 0; n < 500; n++) {
        json_t *root = json_object();
        for (int i = 0; i < 4; i++) {
            char key[16];
            snprintf(key, sizeof key, "k%d", i);
            json_object_set_new(root, key, grow(r, 0));
        }
        char *want = json_dumps(root, CS_JW_FLAGS);
        char *got = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&got, &len);
        cs_jw w;
        ck_assert_ptr_nonnull(fp);
        cs_jw_init(&w, fp);
        walk(&w, NULL, root, 0);
        ck_assert_int_eq(cs_jw_status(&w), 0);
        fclose(fp);
        ck_assert_msg(!strcmp(got, want), "tree %d:\n%s\n---\n%s", n, got,
                      want);
        free(got);
        free(want);
        json_decref(root);
    }
    gsl_rng_free(r);
}
END_TEST

/* What jansson would refuse is left out with its key, as cs_json_put
 * drops a NULL value. */
START_TEST(test_refused_left_out)
{
    char *got = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&got, &len);
    cs_jw w;
    cs_jw_init(&w, fp);
    cs_jw_open(&w, NULL, '{');
    cs_jw_real(&w, "nan", NAN);
    cs_jw_str(&w, "bad", "\xff\xfe");
    cs_jw_str(&w, "none", NULL);
    cs_jw_num(&w, "inf", INFINITY);
    cs_jw_close(&w, '}');
    fclose(fp);
    ck_assert_str_eq(got, "{\n  \"inf\": null\n}");
    free(got);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("jsonw");
    TCase *tc = tcase_create("jsonw");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_reals_as_jansson);
    tcase_add_test(tc, test_trees_as_jansson);
    tcase_add_test(tc, test_refused_left_out);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
