/* test_plugin_oom.c -- every allocation a criterion plugin makes fails,
 * one at a time (built once per plugin: the plugin's source is compiled
 * in and the allocator wrapped at link time with -Wl,--wrap; the mock host
 * is a shared library and allocates with the real malloc).
 *
 * A good run through the mock host (load, then an option of two consortia
 * in a federation) counts the plugin's allocations and keeps every value
 * it returned. Then for each k the same run is made with allocation k
 * failing, and:
 *   - either the run fails and the mock has the plugin's reason (init()
 *     failing or host->error: a non-empty message; nothing crashes),
 *   - or it succeeds with exactly the good run's values (a failed
 *     allocation never changes a result silently);
 *   - and after cs_mock_free (which calls fini) every block the plugin
 *     allocated is freed. */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mockhost.h"

const cs_plugin_descriptor *consortia_plugin_entry(void);

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
void __wrap_free(void *p);

/* The blocks the plugin holds (few: a plain list), under one lock. */
#define MAXLIVE 65536
static void *live[MAXLIVE];
static size_t n_live;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_long n_calls;
static long fail_at = -1;
static atomic_int failed, armed;

static void track(void *p)
{
    if (!p || !atomic_load(&armed))
        return;
    pthread_mutex_lock(&lock);
    if (n_live == MAXLIVE)
        abort();                /* (no Check call here: it allocates) */
    live[n_live++] = p;
    pthread_mutex_unlock(&lock);
}

static void untrack(void *p)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; p && i < n_live; i++)
        if (live[i] == p) {
            live[i] = live[--n_live];
            break;
        }
    pthread_mutex_unlock(&lock);
}

static int inject(void)
{
    if (!atomic_load(&armed))
        return 0;
    if (atomic_fetch_add(&n_calls, 1) == fail_at) {
        atomic_store(&failed, 1);
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    void *p = inject() ? NULL : __real_malloc(n);
    track(p);
    return p;
}

void *__wrap_calloc(size_t n, size_t m)
{
    void *p = inject() ? NULL : __real_calloc(n, m);
    track(p);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q;

    if (inject())
        return NULL;
    q = __real_realloc(p, n);
    if (q) {
        untrack(p);
        track(q);
    }
    return q;
}

char *__wrap_strdup(const char *s)
{
    char *p = __wrap_malloc(strlen(s) + 1);
    if (p)
        strcpy(p, s);
    return p;
}

void __wrap_free(void *p)
{
    untrack(p);
    __real_free(p);
}

#define DRAWS 16
#define MAXV 4096

/* Two localities of a council, an acute trust taking 90% and 80% of their
 * practices' hospital spend, four practices with every field set. */
static cs_mock *area(void)
{
    static const double reg[] = {10000, 20000, 15000, 5000};
    static const double imd[] = {35, 20, 12, 8};
    cs_mock *m = cs_mock_new(DRAWS, 11);
    int la, acute, loc[2];

    ck_assert_ptr_nonnull(m);
    la = cs_mock_add_org(m, "la", CS_ORG_LOCAL_AUTHORITY);
    acute = cs_mock_add_org(m, "acute", CS_ORG_ACUTE);
    loc[0] = cs_mock_add_locality(m, "east", la, -1);
    loc[1] = cs_mock_add_locality(m, "west", la, -1);
    for (int i = 0; i < 4; i++) {
        char code[8];
        int p;
        snprintf(code, sizeof code, "T%d", i + 1);
        p = cs_mock_add_practice(m, code, loc[i / 2], reg[i], reg[i] * 1.05);
        cs_mock_practice(m, p)->imd = imd[i];
        cs_mock_practice(m, p)->gp_fte = reg[i] / 1800;
        cs_mock_practice(m, p)->historic_spend = reg[i] * 1200;
        cs_mock_set_need(m, p, reg[i] * 1.1);
        cs_mock_add_share(m, p, acute, i < 2 ? 0.9 : 0.8);
    }
    return m;
}

/* Loads and runs one option; the values into vals (NaN-padded), their
 * count into *n. Returns 0, or -1 with the mock's message in msg. */
static int run(double *vals, size_t *n, char *msg, size_t len)
{
    cs_mock *m = area();
    const cs_values *v = NULL;
    const cs_metric_decl *md;
    size_t nm, k = 0;
    int rc, c0, c1;

    atomic_store(&armed, 1);
    rc = cs_mock_load(m, consortia_plugin_entry());
    if (rc == 0) {
        cs_mock_option_begin(m);
        c0 = cs_mock_option_consortium(m, (int[]){0, 1}, 2);
        c1 = cs_mock_option_consortium(m, (int[]){2, 3}, 2);
        cs_mock_option_federation(m, (int[]){c0, c1}, 2, 0.5, 1, 0.3, 1);
        cs_mock_option_vote(m, 0, 1);
        cs_mock_option_vote(m, 1, 0);
        rc = cs_mock_option_run(m, NULL, &v);
    }
    atomic_store(&armed, 0);   /* Check allocates in its asserts below */
    snprintf(msg, len, "%s", cs_mock_error(m));
    if (rc == 0) {
        md = cs_mock_metrics(m, &nm);
        for (size_t i = 0; i < nm; i++)
            for (size_t d = 0; d < (md[i].sampled ? DRAWS : 1); d++) {
                ck_assert_uint_lt(k, MAXV);
                vals[k++] = cs_mock_value(m, v, md[i].name, d);
            }
    }
    *n = k;
    cs_mock_free(m);            /* fini frees what the plugin holds */
    return rc;
}

START_TEST(every_allocation_fails_cleanly)
{
    static double good[MAXV], got[MAXV];
    size_t n_good, n_got;
    char msg[1024];
    long total, k, checked = 0;

    fail_at = -1;
    atomic_store(&n_calls, 0);
    ck_assert_msg(run(good, &n_good, msg, sizeof msg) == 0, "%s", msg);
    total = atomic_load(&n_calls);
    ck_assert_int_gt(total, 0);
    ck_assert_uint_gt(n_good, 0);
    ck_assert_msg(n_live == 0, "%zu blocks not freed by a good run", n_live);
    for (k = 0; k < total; k++) {
        int rc;
        fail_at = k;
        atomic_store(&failed, 0);
        atomic_store(&n_calls, 0);
        rc = run(got, &n_got, msg, sizeof msg);
        if (!atomic_load(&failed))
            continue;
        checked++;
        if (rc != 0)
            ck_assert_msg(msg[0] != '\0', "allocation %ld failed: the run "
                          "failed without a reason", k);
        else
            ck_assert_msg(n_got == n_good && !memcmp(got, good, n_good *
                          sizeof *good), "allocation %ld failed: the run "
                          "succeeded with other values", k);
        ck_assert_msg(n_live == 0, "allocation %ld failed: %zu blocks not "
                      "freed", k, n_live);
    }
    ck_assert_int_gt(checked, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plugin_oom");
    TCase *tc = tcase_create("oom");
    SRunner *sr;
    int nf;

    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, every_allocation_fails_cleanly);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
