/*
 * exec.h -- running criteria's plugin calls in worker processes (pool.h).
 *
 * Jobs are (criterion, chunk of distinct consortia) and (criterion,
 * option); a criterion's option jobs become ready when its consortium jobs
 * are done, and the criteria run side by side: no barrier between them. A
 * worker runs a criterion's init() once, before its first job of that
 * criterion, and every fini() before it exits. Each consortium's and each
 * option's values depend only on the scenario, the seed and the keys the
 * plugin asks for, so they are the same whichever worker ran them; log
 * lines are kept per job and handed on in job order, so they are the same
 * at any number of workers too.
 */
#ifndef CS_EXEC_H
#define CS_EXEC_H

#include <stddef.h>
#include "appraise.h"
#include "pool.h"
#include "base/base.h"

/* Runs init() then fini() of each of the n criteria in its own worker
 * process. A criterion whose init fails, or whose worker is lost, is
 * marked failed with the reason in run->error; the others get their
 * metric declarations (run->metrics, a copy the run owns). What init
 * logged is in run->ctx->log. Returns 0, or -1 with err when no worker
 * could run. */
int cs_exec_init(cs_appraisal *a, cs_crit_run **runs, size_t n,
                 const cs_pool_cfg *cfg, char *err, size_t errlen);

/* Runs the n criteria (started by cs_exec_init) over the distinct
 * consortia and the options: fills run->unique and run->options (in
 * memory the workers share), or marks the criterion failed with
 * "criterion 'X' failed for option 'Y' ...: reason". Returns 0, or -1
 * with err when no worker could run. */
int cs_exec_run(cs_appraisal *a, cs_crit_run **runs, size_t n,
                const cs_pool_cfg *cfg, cs_progress *progress, char *err,
                size_t errlen);

/* Frees a run's values (run->unique, run->options and their memory). */
void cs_exec_release(cs_appraisal *a, cs_crit_run *run);

/* Frees the metric declarations cs_exec_init copied. */
void cs_exec_metrics_free(cs_crit_run *run);

#endif /* CS_EXEC_H */
