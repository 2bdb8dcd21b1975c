/*
 * session.h -- the commands behind the CLI. Each returns a sysexits code
 * and prints its own errors to stderr.
 */
#ifndef CS_SESSION_H
#define CS_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include "appraisal/appraise.h"
#include "host/host.h"
#include "loader/loader.h"
#include "report/report.h"

/* Where reports go: one format to `output` (NULL or "-": standard
 * output), or, with `dir`, every format as dir/<scenario id>.<ext>. */
typedef struct cs_report_dest {
    cs_format format;
    const char *output;
    const char *dir;
} cs_report_dest;

int cs_cmd_appraise(const char *file, const cs_report_dest *dest,
                    const char *const *dirs, size_t n_dirs,
                    const cs_appraise_opts *opts);
/* Writes an appraisal's reports where dest says, as appraise does (a
 * sysexits code; `appraise --task`'s merge, appraise_task.c). */
int cs_session_write(const cs_appraisal *a, const cs_report_dest *dest);
/* `appraise --task I/N -o FILE` (appraise_task.c): one shard of the
 * appraisal's consortium() calls into a partial result. */
int cs_cmd_appraise_task(const char *file, const char *task,
                         const char *output, const char *const *dirs,
                         size_t n_dirs, const cs_appraise_opts *opts);
/* Checks the scenario, its parameters and runs each plugin's init() (in a
 * worker process, as appraise would); opts gives quiet and the plugin
 * limits. */
int cs_cmd_validate(const char *file, const char *const *dirs, size_t n_dirs,
                    const cs_appraise_opts *opts);
int cs_cmd_plugins(const char *const *dirs, size_t n_dirs, int verbose);
/* What the scenarios of later commands may reach (loader.h): plugin
 * files by path, files outside their folder. Both off until set. */
void cs_session_set_load_opts(const cs_load_opts *o);
/* What was set (for a plan that merge must load alike). */
const cs_load_opts *cs_session_load_opts(void);
/* `appraise --weight CRITERION=W` (weight_arg.c): records one argument
 * (0, or EX_USAGE with the message printed when it is not NAME=W with W a
 * number >= 0), and applies them all to a loaded model (0, or EX_USAGE
 * naming the criterion and the valid names). */
int cs_session_add_weight(const char *arg);
int cs_session_apply_weights(cs_model *m);
/* `appraise --with-search`: when the scenario has a `search:` block, run
 * the search and add "Groupings you did not list" to the board pack. */
void cs_session_set_with_search(int on);

/* `appraise --timings`: after the run, the CPU of each criterion's plugin
 * calls and of the process on standard error. */
void cs_session_set_timings(int on);
/* `consortia new-plugin NAME [DIR]` (newplugin.c): an exit status. */
int cs_cmd_new_plugin(const char *name, const char *dir);

/* Parses a whole decimal number in [lo, hi] (no sign, nothing after it)
 * into *out; returns 0, or -1 when it is not one. */
int cs_parse_count(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);

/* Opens the plugin of every criterion into *out (m->n_criteria entries,
 * NULL where one failed). Returns 0, EX_DATAERR (no such plugin; with
 * file:line:col and a suggestion) or EX_SOFTWARE (a plugin that exists
 * but cannot be loaded). Free with cs_session_close_plugins(). */
int cs_session_open_plugins(const cs_model *m, const char *const *dirs,
                            size_t n_dirs, cs_plugin ***out, cs_diag *diag);
void cs_session_close_plugins(cs_plugin **pl, size_t n);

#endif /* CS_SESSION_H */
