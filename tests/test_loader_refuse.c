/* test_loader_refuse.c -- more bad scenarios, each refused with its message
 * at its line and column: the shapes the schema does not want (a mapping
 * where a list belongs, a list where a word belongs, an empty value), the
 * value functions' and weights' misplaced keys, the distributions' bounds.
 * The messages are the format strings of core/loader/ with the scenario's
 * names filled in; the columns are counted in the YAML written here (a
 * misplaced or out-of-order value is reported at the value, not its key).
 * Builds on the same valid twelve-line scenario as test_loader_bad.c:
 *
 *   1 format: 1                  7   - {code: A1, locality: north, ...
 *   2 scenario: {id: t}          8   - {code: B2, locality: south, ...
 *   3 localities:                9 options:
 *   4   - {id: north}           10   - id: one
 *   5   - {id: south}           11     consortia:
 *   6 practices:                12       - {id: all, localities: [north, south]}
 */
#include "test_loader_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TOP "format: 1\nscenario: {id: t}\n"
#define HEAD TOP "localities:\n  - {id: north}\n  - {id: south}\n"
#define P_A1 "  - {code: A1, locality: north, registered: 100}\n"
#define PRACS "practices:\n" P_A1 \
              "  - {code: B2, locality: south, registered: 200}\n"
#define OPT_HEAD "options:\n  - id: one\n    consortia:\n"
#define OPTS OPT_HEAD "      - {id: all, localities: [north, south]}\n"
#define VALID HEAD PRACS OPTS
/* Two consortia n (north) and s (south) at lines 12-13. */
#define TWO HEAD PRACS OPT_HEAD "      - {id: n, localities: [north]}\n" \
            "      - {id: s, localities: [south]}\n"
/* One criterion at line 14, so that line 15 can hold 'weights'. */
#define CRIT VALID "criteria:\n  - {plugin: risk, weight: 1}\n"
#define VF(x) VALID "criteria:\n  - {plugin: risk, weight: 1, " \
              "value_function: " x "}\n"
#define NUM " must be a number, not "

typedef tl_bad_case bad_case;

static const bad_case cases[] = {
    /* ---- a mapping, a list or nothing where the schema wants another */
    {TOP "localities: {a: 1}\n", 3, 13, "'localities' must be a list, not "
     "a mapping; write [a, b] or one '- item' per line"},
    {TOP "localities: []\n", 3, 13, "'localities' is empty; add at least one "
     "locality"},
    {TOP "localities:\n", 3, 0, "'localities' must be a list, not empty"},
    {TOP "{a: 1}: 2\n", 3, 1, "a key in the scenario file is a mapping; keys "
     "are plain words such as "},
    {HEAD PRACS "options: {one: 1}\n", 9, 10, "'options' must be a list, "
     "not a mapping"},
    {HEAD PRACS "options:\n  - one\n", 10, 5, "option 1 must be a mapping of "
     "'key: value' pairs, not 'one'; write one 'key: value' per line or "
     "{key: value, ...}"},
    {HEAD PRACS OPT_HEAD "      - all\n", 12, 9, "consortium 1 of option "
     "'one' must be a mapping of 'key: value' pairs, not 'all'"},
    {VALID "criteria: {risk: 1}\n", 13, 11, "'criteria' must be a list, not "
     "a mapping"},
    {VALID "criteria:\n  - risk\n", 14, 5, "criterion 1 must be a mapping of "
     "'key: value' pairs, not 'risk'"},
    {VALID "analysis: {thresholds: 5}\n", 13, 24, "'thresholds' must be a "
     "list, not '5'; write [a, b] or one '- item' per line"},
    {VALID "organisations:\n  - x\n", 14, 5, "organisation 1 must be a "
     "mapping of 'key: value' pairs, not 'x'"},
    {VALID "parameters:\n  ~: 1\n", 14, 3, "a key in the parameters of the "
     "scenario is not a plain name; write 'name: value'"},
    /* ---- ids and words ---- */
    {"format: 1\nscenario: {id: [t]}\n", 2, 16, "the scenario id must be text, not "
     "a list; write it as a word or in quotes"},
    {"format: 1\nscenario: {id: \"\"}\n", 2, 16, "the scenario id '' is not "
     "a valid id; use 1 to 64 letters, digits, '_', '-' or '.' (e.g. "
     "'north')"},
    /* 65 characters: one more than an id may have */
    {"format: 1\nscenario: {id: "
     "a2345678901234567890123456789012345678901234567890123456789012345}\n",
     2, 16, "is not a valid id; use 1 to 64 letters"},
    {VALID "organisations:\n  - {id: h, kind: [acute]}\n", 14, 19,
     "the kind of organisation 'h' must be one of local_authority, pct, "
     "acute, mental_health, community, other; choose one of them"},
    {TOP "organisations:\n  - {id: p, kind: pct}\nlocalities:\n"
     "  - {id: north, providers: {p: 0.5}}\n", 6, 29, "organisation 'p' is "
     "a pct, not a provider; name an acute, mental_health, community or "
     "other organisation"},
    {HEAD "  - {id: east, neighbours: [north, north]}\n", 6, 36,
     "the neighbours of locality 'east' list 'north' twice; remove one"},
    {VALID "criteria:\n  - {plugin: [risk], weight: 1}\n", 14, 14,
     "the plugin of criterion 1 must be text, not a list"},
    {VALID "criteria:\n  - {plugin: ./x, weight: 1}\n", 14, 14,
     "the plugin of criterion 1 is the file './x', but a scenario names "
     "plugins, not files; write 'plugin: x'"},
    /* ---- numbers and booleans ---- */
    {HEAD "practices:\n  - {code: A1, locality: north, registered: \"abc\"}\n",
     7, 45, "'registered' of practice 'A1'" NUM "the quoted text 'abc'; "
     "write a number such as 0.5 or 1200"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: [1]}\n",
     7, 45, "'registered' of practice 'A1'" NUM "a list; write a number"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: 1e}\n",
     7, 45, "'registered' of practice 'A1'" NUM "'1e'; write digits"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: 1e+}\n",
     7, 45, "'registered' of practice 'A1'" NUM "'1e+'; write digits"},
    /* only an unsigned .nan is YAML's not-a-number */
    {HEAD "practices:\n  - {code: A1, locality: north, registered: +.nan}\n",
     7, 45, "'registered' of practice 'A1'" NUM "'+.nan'; write digits"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: -.inf}\n",
     7, 45, "'registered' of practice 'A1' is '-.inf', which is not a "
     "finite number"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: .Inf}\n",
     7, 45, "'registered' of practice 'A1' is '.Inf', which is not a "
     "finite number"},
    {TWO "    federations:\n      - {id: f, members: [n, s], "
     "pool_surpluses: \"true\"}\n", 15, 50, "'pool_surpluses' of federation "
     "'f' of option 'one' must be true or false, not the quoted text "
     "'true'; write true or false"},
    /* ---- federations and votes ---- */
    {TWO "    federations:\n      - {id: f, members: [n, n]}\n", 15, 30,
     "federation 'f' of option 'one' lists consortium 'n' twice; remove "
     "one"},
    {TWO "    federations:\n      - {id: f}\n", 15, 9, "federation 'f' of "
     "option 'one' has no 'members'; add 'members: ...'"},
    {TWO "    federations:\n      - f\n", 15, 9, "federation 1 of option "
     "'one' must be a mapping of 'key: value' pairs, not 'f'"},
    {TWO "    federations:\n      - {id: f, members: n}\n", 15, 26,
     "'members' must be a list, not 'n'"},
    {VALID "    votes: [A1]\n", 13, 12, "the votes of option 'one' must be "
     "a mapping of 'key: value' pairs, not a list"},
    {VALID "    votes: {for: A1}\n", 13, 18, "the votes of option 'one' "
     "must be a list, not 'A1'"},
    /* ---- value functions ---- */
    {VF("{worst: 1}"), 14, 47, "the value function of criterion 'risk' has "
     "no 'best'; add 'best: ...'"},
    {VF("{kind: [x], worst: 1, best: 2}"), 14, 54, "unknown value function "
     "kind '?'; use linear, piecewise or step"},
    {VF("{kind: piecewise, points: [[a, 0], [2, 1]]}"), 14, 75, "a level in "
     "'points' of the value function of criterion 'risk'" NUM "'a'"},
    {VF("{kind: piecewise, worst: 1, points: [[1, 0], [2, 1]]}"), 14, 72,
     "'worst' does not belong in a piecewise value function; give 'points: "
     "[[level, value], ...]'"},
    {VF("{kind: step, points: [[1, 0]]}"), 14, 68, "'points' does not "
     "belong in a step value function; give 'steps: [[level, value], ...]'"},
    /* ---- weights ---- */
    {CRIT "weights: {method: [x]}\n", 15, 19, "unknown weights method '?'; "
     "use direct, swing, ordinal, intervals or missing"},
    {CRIT "weights: {points: {risk: 1}}\n", 15, 10, "'weights' has no "
     "'method'; add 'method: ...'"},
    {CRIT "weights: {method: swing, points: [risk]}\n", 15, 34, "'points' "
     "must be a mapping of 'key: value' pairs, not a list"},
    {CRIT "weights: {method: ordinal, order: risk}\n", 15, 35, "'order' must "
     "be a list, not 'risk'"},
    {CRIT "weights: {method: intervals, bounds: [risk]}\n", 15, 38,
     "'bounds' must be a mapping of 'key: value' pairs, not a list"},
    {CRIT "weights: {method: swing, points: {[risk]: 1}}\n", 15, 35,
     "a key in 'points' is not a plain name; write 'name: value'"},
    /* ---- distributions ---- */
    {VALID "parameters:\n  x: {dist: triangular, min: 3, mode: 3, max: 3}\n",
     14, 47, "parameter 'x' of the scenario: min 3 is not less than max 3; "
     "swap them or use {dist: fixed}"},
    {VALID "parameters:\n  x: {dist: beta, alpha: 1, beta: 2, min: 2, "
     "max: 1}\n", 14, 51, "parameter 'x' of the scenario: min 2 is not less "
     "than max 1; give min < max"},
    {VALID "parameters:\n  x: {dist: [uniform], min: 1, max: 2}\n", 14, 13,
     "parameter 'x' of the scenario: 'dist' must be one of fixed, uniform, "
     "triangular, normal, lognormal, beta; choose one of them"},
    {VALID "parameters:\n  x: ~\n", 14, 6, "parameter 'x' of the scenario "
     "must be a number, true or false, a word or a distribution such as "
     "{dist: uniform, min: 1, max: 2}, not empty; give one value"},
    /* ---- consortia's localities and practices ---- */
    {HEAD PRACS OPT_HEAD "      - {id: all, localities: [north, south, "
     "north]}\n", 12, 46, "consortium 'all' of option 'one' lists locality "
     "'north' twice; remove one"},
    {HEAD PRACS OPT_HEAD "      - {id: all, localities: [north, south], "
     "practices: [A1]}\n", 12, 59, "practice 'A1' is already in consortium "
     "'all' of option 'one' through its locality 'north'; remove it from "
     "'practices'"},
    {HEAD PRACS OPT_HEAD "      - {id: n, localities: [north]}\n"
     "      - {id: s, practices: [B2, B2]}\n", 13, 33, "consortium 's' of "
     "option 'one' lists practice 'B2' twice; remove one"},
    /* ---- practices_csv's own keys ---- */
    {VALID "practices_csv: {file: p.csv, locality_column: \"\"}\n", 13, 47,
     "'locality_column' must be the name of a column of the practice file; "
     "write e.g. locality_column: ccg_code"},
    {VALID "practices_csv: {locality_column: area}\n", 13, 16,
     "'practices_csv' has no 'file'; add 'file: ...'"},
    {VALID "practices_csv: \"\"\n", 13, 16, "the practice file must be a "
     "path; write e.g. file: practices.csv"},
    /* ---- search ---- */
    {VALID "search: {coterminous: true}\n", 13, 23, "'coterminous' needs "
     "every locality's 'local_authority', and locality 'north' has none; "
     "give it one or set 'coterminous: false'"},
    {VALID "search: {together: [[north, south]], apart: [[south, north]]}"
     "\n", 13, 45, "localities 'north' and 'south' are named both "
     "'together' and 'apart'; keep one of the two"},
    {VALID "search: {together: [[north, nort]]}\n", 13, 29, "'together' of "
     "'search': locality 'nort' is not defined; did you mean 'north'?"},
    {VALID "search: {apart: north}\n", 13, 17, "'apart' of 'search' must be "
     "a list, not 'north'"},
    /* ---- YAML tags and status_quo ---- */
    {TOP "localities: !!map [{id: north}]\n", 3, 13, "YAML tag "
     "'tag:yaml.org,2002:map' is not supported here; remove it"},
    {VALID "status_quo: zzzz\n", 13, 13, "'status_quo' names option 'zzzz', "
     "which the scenario does not have; give the id of one of the options"},
};

#define N_CASES (int)(sizeof cases / sizeof *cases)

START_TEST(test_refused)
{
    int failed = tl_refused_table(cases, N_CASES, "refused input");

    ck_assert_msg(failed == 0, "%d of %d bad inputs were not refused as "
                  "expected (see above)", failed, N_CASES);
}
END_TEST

/* An empty value where the schema allows a list or a mapping means "none":
 * the scenario loads, with nothing in that place. */
START_TEST(test_empty_means_none)
{
    cs_diag d = {0};
    cs_model *m = tl_load(VALID "organisations: ~\nparameters: {}\n", &d);

    ck_assert_msg(m != NULL, "refused: %s", d.n_msgs ? d.msgs[0] : "?");
    ck_assert_uint_eq(m->n_orgs, 0);
    ck_assert_uint_eq(m->n_params, 0);
    cs_model_free(m);
    cs_diag_clear(&d);

    m = tl_load(HEAD "  - {id: east, neighbours: ~}\n" PRACS
                "  - {code: C3, locality: east, registered: 5}\n"
                OPT_HEAD "      - {id: all, localities: [north, south, "
                "east]}\n    federations: ~\n", &d);
    ck_assert_msg(m != NULL, "refused: %s", d.n_msgs ? d.msgs[0] : "?");
    ck_assert_uint_eq(m->n_localities, 3);
    ck_assert_uint_eq(m->localities[2].n_neighbours, 0);
    ck_assert_uint_eq(m->options[0].view.n_federations, 0);
    cs_model_free(m);
    cs_diag_clear(&d);
}
END_TEST

/* The tags a scenario may carry where they say what the node is anyway;
 * an empty status_quo and description mean none. */
START_TEST(test_plain_tags_accepted)
{
    cs_diag d = {0};
    cs_model *m = tl_load("format: !!int 1\nscenario: !!map {id: t, "
                          "description: ~}\nlocalities: ! [{id: north}, "
                          "{id: south}]\n" PRACS OPTS "status_quo: ~\n", &d);

    ck_assert_msg(m != NULL, "refused: %s", d.n_msgs ? d.msgs[0] : "?");
    ck_assert_uint_eq(m->n_localities, 2);
    ck_assert_int_eq(m->status_quo, -1);
    cs_model_free(m);
    cs_diag_clear(&d);
}
END_TEST

/* An anchor defined twice: an alias names the newest definition (YAML 1.2
 * section 3.2.2.2, "the most recent preceding node"). */
START_TEST(test_anchor_redefined)
{
    cs_diag d = {0};
    cs_model *m = tl_load(HEAD "practices:\n"
                          "  - {code: A1, locality: north, registered: &n 100}\n"
                          "  - {code: B2, locality: south, registered: &n 200}\n"
                          "  - {code: C3, locality: south, registered: *n}\n"
                          OPTS, &d);

    ck_assert_msg(m != NULL, "refused: %s", d.n_msgs ? d.msgs[0] : "?");
    ck_assert_uint_eq(m->n_practices, 3);
    ck_assert_double_eq(m->practices[2].registered, 200);
    cs_model_free(m);
    cs_diag_clear(&d);
}
END_TEST

/* Spaces around a number in the practice file are not part of it. */
START_TEST(test_csv_number_spaces)
{
    char *dir = tl_tempdir(), *yaml;
    cs_diag d = {0};
    cs_model *m;
    size_t k;

    free(tl_write(dir, "p.csv", "practice_code,practice_name,"
                  "registered_patients,locality\nC1,One, 5 ,north\n",
                  (size_t)-1));
    yaml = tl_write(dir, "s.yaml", HEAD PRACS "practices_csv: p.csv\n" OPTS,
                    (size_t)-1);
    m = cs_load_scenario(yaml, &d);
    ck_assert_msg(m != NULL, "refused: %s", d.n_msgs ? d.msgs[0] : "?");
    ck_assert_uint_eq(m->n_practices, 3);
    for (k = 0; k < m->n_practices && strcmp(m->practices[k].code, "C1"); k++)
        ;
    ck_assert_uint_lt(k, m->n_practices);
    ck_assert_double_eq(m->practices[k].registered, 5);
    cs_model_free(m);
    cs_diag_clear(&d);
    free(yaml);
    tl_rmdir(dir);
}
END_TEST

/* A practice file that is a named pipe or a directory inside the
 * scenario's folder: refused by what it is, before any read (a read of a
 * pipe could wait for a writer forever). */
START_TEST(test_csv_not_a_file_refused)
{
    static const char *const what[] = {"a named pipe (FIFO)",
                                       "a directory"};
    for (int k = 0; k < 2; k++) {
        char *dir = tl_tempdir(), *yaml, path[4200], text[4400];
        cs_diag d = {0};
        cs_model *m;

        snprintf(path, sizeof path, "%s/p.csv", dir);
        ck_assert_int_eq(k == 0 ? mkfifo(path, 0600) : mkdir(path, 0700), 0);
        yaml = tl_write(dir, "s.yaml", VALID "practices_csv: p.csv\n",
                        (size_t)-1);
        m = cs_load_scenario(yaml, &d);
        ck_assert_ptr_null(m);
        /* named as joined to the scenario's folder */
        snprintf(text, sizeof text, "practice file '%.4000s' is %s, not a "
                 "regular file; give the path of a file", path, what[k]);
        ck_assert(tl_has_error(&d, yaml, 13, 16, text, "not a file"));
        cs_diag_clear(&d);
        free(yaml);
        tl_rmdir(dir);
    }
}
END_TEST

Suite *loader_refuse_suite(void)
{
    Suite *s = suite_create("loader_refuse");
    TCase *tc = tcase_create("refuse");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_refused);
    tcase_add_test(tc, test_empty_means_none);
    tcase_add_test(tc, test_plain_tags_accepted);
    tcase_add_test(tc, test_anchor_redefined);
    tcase_add_test(tc, test_csv_number_spaces);
    tcase_add_test(tc, test_csv_not_a_file_refused);
    suite_add_tcase(s, tc);
    return s;
}
