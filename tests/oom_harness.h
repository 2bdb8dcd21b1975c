/* oom_harness.h -- failing one allocation of the core at a time, for the
 * suites that run one command in this process (test_cov_oom_search,
 * test_cov_oom_decide). Include it in exactly one file of a program linked
 * with -Wl,--wrap for malloc, calloc, realloc, free, strdup, strndup,
 * cs_summarise and cs_summarise_each (tests/search.mk); tests/test_oom.c
 * does the same for `validate` and `appraise` and explains the method.
 *
 * The count of allocations and the "it failed" flag live in one shared
 * anonymous mapping, so the plugin worker processes a run forks count in
 * the same sequence: exactly one allocation fails in the whole run. The
 * blocks the core holds are tracked in this process, so that a run that
 * fails can be checked for leaks.
 *
 * cs_summarise's and cs_summarise_each's allocations are not failed: they
 * return NaNs when they cannot allocate and no caller can tell (the known
 * defect test_oom.c describes). */
#ifndef CS_OOM_HARNESS_H
#define CS_OOM_HARNESS_H

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "appraisal/appraise.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void __wrap_free(void *p);
cs_summary __real_cs_summarise(const double *x, size_t n);
cs_summary __wrap_cs_summarise(const double *x, size_t n);
void __real_cs_summarise_each(const double *const *x, size_t k, size_t n,
                              cs_summary *out);
void __wrap_cs_summarise_each(const double *const *x, size_t k, size_t n,
                              cs_summary *out);

#define OOM_SLOTS (1u << 20)
#define OOM_TOMB ((void *)1)
static void **oom_live;
static size_t oom_n_live;
static pthread_mutex_t oom_lock = PTHREAD_MUTEX_INITIALIZER;
static struct oom_shared {
    atomic_long n_calls;
    atomic_int failed;
} *oom_sh;
static long oom_fail_at = -1;
static atomic_int oom_armed;
static _Thread_local int oom_spared;

static size_t oom_slot(const void *p)
{
    return (size_t)(((uintptr_t)p >> 4) * 2654435761u) & (OOM_SLOTS - 1);
}

static void oom_track(void *p)
{
    size_t i;

    if (!p || !oom_live || !atomic_load(&oom_armed))
        return;
    pthread_mutex_lock(&oom_lock);
    for (i = oom_slot(p); oom_live[i] && oom_live[i] != OOM_TOMB;
         i = (i + 1) & (OOM_SLOTS - 1))
        ;
    oom_live[i] = p;
    oom_n_live++;
    pthread_mutex_unlock(&oom_lock);
}

static void oom_untrack(void *p)
{
    if (!p || !oom_live)
        return;
    pthread_mutex_lock(&oom_lock);
    for (size_t i = oom_slot(p); oom_live[i]; i = (i + 1) & (OOM_SLOTS - 1))
        if (oom_live[i] == p) {
            oom_live[i] = OOM_TOMB;
            oom_n_live--;
            break;
        }
    pthread_mutex_unlock(&oom_lock);
}

/* Called where the allocation fails: a place for a debugger's breakpoint
 * (OOM_FROM=k OOM_STEP=100000 gdb -ex 'break oom_harness_hit' ...). */
void oom_harness_hit(void);
void oom_harness_hit(void)
{
}

static int oom_inject(void)
{
    if (!atomic_load(&oom_armed) || oom_spared || !oom_sh)
        return 0;
    if (atomic_fetch_add(&oom_sh->n_calls, 1) == oom_fail_at) {
        atomic_store(&oom_sh->failed, 1);
        oom_harness_hit();
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    void *p;

    if (oom_inject())
        return NULL;
    p = __real_malloc(n);
    oom_track(p);
    return p;
}

void *__wrap_calloc(size_t n, size_t m)
{
    void *p;

    if (oom_inject())
        return NULL;
    p = __real_calloc(n, m);
    oom_track(p);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q;

    if (oom_inject())
        return NULL;
    q = __real_realloc(p, n);
    if (q) {
        oom_untrack(p);
        oom_track(q);
    }
    return q;
}

char *__wrap_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = __wrap_malloc(len + 1);

    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *__wrap_strdup(const char *s)
{
    return __wrap_strndup(s, strlen(s));
}

void __wrap_free(void *p)
{
    oom_untrack(p);
    __real_free(p);
}

cs_summary __wrap_cs_summarise(const double *x, size_t n)
{
    cs_summary s;

    oom_spared++;
    s = __real_cs_summarise(x, n);
    oom_spared--;
    return s;
}

void __wrap_cs_summarise_each(const double *const *x, size_t k, size_t n,
                              cs_summary *out)
{
    oom_spared++;
    __real_cs_summarise_each(x, k, n, out);
    oom_spared--;
}

/* Sets up the tracking (once per program). */
static void oom_init(void)
{
    oom_live = calloc(OOM_SLOTS, sizeof *oom_live);
    ck_assert_ptr_nonnull(oom_live);
    oom_sh = mmap(NULL, sizeof *oom_sh, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(oom_sh, MAP_FAILED);
}

/* In a coverage build a worker writes its counters (gcov's allocations)
 * just before it leaves (core/appraisal/pool.c calls this first): they are
 * not the command's. Counted, they were some 500 allocations a run whose
 * failure changes nothing, and tipped "most failures stop the command"
 * below a half. Unused in other builds. */
void cs_pool_coverage_dump_hook(void);
void cs_pool_coverage_dump_hook(void)
{
    atomic_store(&oom_armed, 0);
}

/* The next run fails allocation k (-1: none). */
static void oom_start(long k)
{
    oom_fail_at = k;
    atomic_store(&oom_sh->failed, 0);
    atomic_store(&oom_sh->n_calls, 0);
}

/* Runs fn(arg) counted, its standard output and error into the files
 * out_path and err_path; returns fn's result. */
static int oom_run(int (*fn)(void *), void *arg, const char *out_path,
                   const char *err_path)
{
    int saved_err = dup(2), saved_out = dup(1), fd, rc;

    fflush(stderr);
    fflush(stdout);
    fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    dup2(fd, 2);
    close(fd);
    fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    dup2(fd, 1);
    close(fd);
    atomic_store(&oom_armed, 1);
    rc = fn(arg);
    atomic_store(&oom_armed, 0);
    fflush(stderr);
    fflush(stdout);
    dup2(saved_err, 2);
    close(saved_err);
    dup2(saved_out, 1);
    close(saved_out);
    return rc;
}

/* The whole of a file (malloc'd; "" when it cannot be read). */
static char *oom_slurp(const char *path)
{
    FILE *fp = fopen(path, "r");
    char *s = NULL;
    size_t len = 0;

    if (!fp || getdelim(&s, &len, '\0', fp) < 0) {
        free(s);
        s = strdup("");
    }
    if (fp)
        fclose(fp);
    ck_assert_ptr_nonnull(s);
    return s;
}

#endif
