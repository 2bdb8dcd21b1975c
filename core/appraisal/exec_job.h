/*
 * exec_job.h -- what the two sides of exec.c share: a criterion's jobs and
 * their state (the parent's bookkeeping; in a worker, the plugin's state),
 * and the worker's side of a job (exec_job.c).
 */
#ifndef CS_EXEC_JOB_H
#define CS_EXEC_JOB_H

#include <stddef.h>
#include "appraise.h"
#include "pool.h"

/* One criterion's jobs: the parent's bookkeeping and, in a worker, its
 * plugin state. */
typedef struct xcrit {
    cs_crit_run *run;
    size_t n_chunks, chunk, next_chunk, chunks_done, next_opt, opts_done;
    size_t cons_at, opt_at;        /* first failing consortium / option */
    char cons_err[1024], opt_err[1024];
    int lost_phase;                /* the reported lost worker's phase */
    size_t lost_at;                /* and its consortium or option */
    cs_diag *logs;                 /* per job: init, chunks, options */
    int labelled;
    void *state;                   /* worker side */
    int inited;                    /* worker side: 1 ok, -1 failed */
} xcrit;

typedef struct exec {
    cs_appraisal *a;
    xcrit *c;
    size_t n;
    int init_only;
    size_t next_init, outstanding;
    cs_progress *progress;
} exec;

/* Worker side (cs_pool_ops.run and .finish). */
void cs_job_run(void *ctx, const cs_job *job, cs_buf *reply);
void cs_job_finish(void *ctx);
/* Distinct consortium u's summaries from its draws into the run's store
 * (appraise.h, unique_sum); nothing when the run keeps none (a rerun). */
void cs_job_summarise_unique(const cs_crit_run *run, size_t u);

#endif /* CS_EXEC_JOB_H */
