/*
 * mockhost.h -- a small host for unit-testing criterion plugins without the
 * consortia program (collectd's plugin_mock pattern).
 *
 * A test builds a scenario (organisations, localities, practices, provider
 * shares, thresholds), sets parameters, loads a plugin descriptor (directly,
 * or from a built module with cs_mock_load_file), then evaluates consortia
 * and options and reads the values back:
 *
 *     cs_mock *m = cs_mock_new(2000, 42);
 *     int a = cs_mock_add_practice(m, "A1", loc, 10000, 10000);
 *     ...
 *     cs_mock_load(m, &descriptor);
 *     const cs_values *v;
 *     cs_mock_consortium(m, (int[]){a, b}, 2, &v);
 *     double x = cs_mock_value(m, v, "overspend_pct", 0);
 *     cs_mock_free(m);
 *
 * Host services: log() prints to stderr only when CS_MOCK_VERBOSE is set;
 * rng(call, key) returns an mt19937 seeded from (seed, plugin name, key) by
 * a fixed string hash, created for the call and freed after it; param_draws
 * returns n_draws values (the set ones, or the constant/default repeated).
 * Like the real host, the mock checks outputs: every value must be set and
 * finite, otherwise the run fails with "metric 'x' is not finite (draw N)".
 *
 * OWNERSHIP: the mock owns everything it returns (views, values, strings);
 * values from a run are valid until the next run or cs_mock_free. The
 * scenario is fixed once the plugin is loaded: cs_mock_add_* then fail.
 * Functions returning int give -1 on failure, with the reason in
 * cs_mock_error().
 */
#ifndef CS_MOCKHOST_H
#define CS_MOCKHOST_H

#include <stddef.h>
#include <stdint.h>
#include <consortia/plugin.h>

typedef struct cs_mock cs_mock;

/* A new mock with n_draws Monte Carlo draws (>= 1) and a seed; thresholds
 * default to 0.01, 0.02, 0.05. NULL on out of memory. Free with
 * cs_mock_free. */
cs_mock *cs_mock_new(size_t n_draws, uint64_t seed);
/* Calls the plugin's fini (when loaded), closes a module opened by
 * cs_mock_load_file and frees everything; NULL does nothing. */
void cs_mock_free(cs_mock *m);

/* Scenario building, before the plugin is loaded. Each returns the new
 * item's index; strings are copied. */
int cs_mock_add_org(cs_mock *m, const char *id, cs_org_kind kind);
int cs_mock_add_locality(cs_mock *m, const char *id, int local_authority,
                         int pct);
/* imd, gp_fte and historic_spend start NaN: set them via cs_mock_practice. */
int cs_mock_add_practice(cs_mock *m, const char *code, int locality,
                         double registered, double weighted);
/* The practice's view, to set imd, gp_fte, historic_spend; valid until the
 * next cs_mock_add_practice (stable once loaded). NULL for a bad index. */
cs_practice *cs_mock_practice(cs_mock *m, int index);
/* Sets a practice's need (cs_scenario_view.practice_need) or an
 * organisation's income from outside the scenario (org_outside_income,
 * or as a share of its whole income, org_outside_share);
 * the view carries each array once any value is set, NaN elsewhere. */
int cs_mock_set_need(cs_mock *m, int practice, double need);
int cs_mock_set_outside_income(cs_mock *m, int org, double gbp);
int cs_mock_set_outside_share(cs_mock *m, int org, double share);
/* Adds a provider share to a practice; returns its position in the
 * practice's provider list. */
int cs_mock_add_share(cs_mock *m, int practice, int org, double share);
/* Replaces the thresholds (fractions; at most 16 kept). */
void cs_mock_set_thresholds(cs_mock *m, const double *fractions, size_t n);

/* Parameters as a scenario would give them, validated against the
 * plugin's declaration at load: numbers (NUMBER, INTEGER, BOOLEAN, or an
 * UNCERTAIN pinned to a constant), choices, or explicit per-draw values
 * for an UNCERTAIN (n_draws doubles, copied). Setting a name again
 * replaces its value. */
int cs_mock_set_number(cs_mock *m, const char *name, double v);
int cs_mock_set_choice(cs_mock *m, const char *name, const char *v);
int cs_mock_set_draws(cs_mock *m, const char *name, const double *v);

/* Sets every parameter of a parameter-set file: one `name: value` a line
 * (a scenario's `parameters:` block, unindented); `#` starts a comment;
 * values that parse as numbers are numbers, others choices. -1 with
 * "file:line: ..." in cs_mock_error on a malformed line or unreadable
 * file. */
int cs_mock_set_params_file(cs_mock *m, const char *path);

/* Checks the descriptor (size, ABI, callbacks) and the set parameters,
 * then calls init with the declared defaults overridden by the set
 * values. 0, or -1 with the reason in cs_mock_error. Once per mock. */
int cs_mock_load(cs_mock *m, const cs_plugin_descriptor *d);
/* dlopen()s a plugin module (RTLD_NOW|RTLD_LOCAL), finds its entry symbol
 * and calls cs_mock_load; the module is closed by cs_mock_free. */
int cs_mock_load_file(cs_mock *m, const char *path);

/* Offers (on != 0, the default) or withholds the host's init() stream
 * service (cs_host.stream, ABI 1.1), so a test can compare a plugin's
 * draws shared through init() with its draws in each call. Call before
 * loading the plugin. */
void cs_mock_set_streams(cs_mock *m, int on);

/* The memory the host's shared service (cs_host.shared, ABI 1.2) hands
 * out: the caller's, e.g. a MAP_SHARED mapping made before a fork, so a
 * test can run a plugin in two processes over one run's memory. NULL (the
 * default) offers none. Call before loading the plugin. */
void cs_mock_set_shared(cs_mock *m, void *p, size_t len);

/* The metrics after init (the plugin's array; valid until free). */
const cs_metric_decl *cs_mock_metrics(const cs_mock *m, size_t *n);
/* Index of the named metric, or -1. */
int cs_mock_metric_index(const cs_mock *m, const char *name);

/* Evaluates one consortium made of the given practice indices (any order;
 * sorted internally; duplicates refused). *out is owned by the mock, valid
 * until the next run or free. */
int cs_mock_consortium(cs_mock *m, const int *practices, size_t n,
                       const cs_values **out);

/* An option: begin, add consortia, federations and votes, then run. */
void cs_mock_option_begin(cs_mock *m);
/* Adds a consortium of the given practices; returns its index. */
int cs_mock_option_consortium(cs_mock *m, const int *practices, size_t n);
/* Adds a federation of consortia (indices from cs_mock_option_consortium);
 * returns its index. */
int cs_mock_option_federation(cs_mock *m, const int *members, size_t n,
                              double risk_pool_share, int pool_surpluses,
                              double shared_functions, int joint_contracting);
/* Records a practice's vote on the option: 1 for, 0 against. */
void cs_mock_option_vote(cs_mock *m, int practice, int vote);
/* Passes `sq` (the test's, kept until the next call) as every option's
 * status_quo from now on; NULL: none. */
void cs_mock_set_status_quo(cs_mock *m, const cs_option_view *sq);
/* Runs consortium() for each consortium, then option() (or, when the
 * plugin has none, the declared aggregation: CS_AGG_MEAN weighted by
 * registered list, SUM, MAX, MIN; per draw for sampled metrics). Either
 * output pointer may be NULL; both are owned by the mock. */
int cs_mock_option_run(cs_mock *m, const cs_values *const **per_consortium,
                       const cs_values **option_out);

/* The last error: host->error text, or why load or a run failed; "" when
 * none. Owned by the mock. */
const char *cs_mock_error(const cs_mock *m);
/* A value of the named metric: draw `draw` when sampled, the single value
 * otherwise; NaN when the metric or draw does not exist. */
double cs_mock_value(const cs_mock *m, const cs_values *v,
                     const char *metric, size_t draw);

#endif /* CS_MOCKHOST_H */
