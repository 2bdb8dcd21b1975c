/* test_loader_bad.c -- bad scenarios, each refused with its message at its
 * line and column. Most build on a valid twelve-line scenario:
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

#define HEAD "format: 1\nscenario: {id: t}\nlocalities:\n  - {id: north}\n" \
             "  - {id: south}\n"
#define P_A1 "  - {code: A1, locality: north, registered: 100}\n"
#define P_B2 "  - {code: B2, locality: south, registered: 200}\n"
#define PRACS "practices:\n" P_A1 P_B2
#define OPT_HEAD "options:\n  - id: one\n    consortia:\n"
#define OPTS OPT_HEAD "      - {id: all, localities: [north, south]}\n"
#define VALID HEAD PRACS OPTS
/* Lines 3-6 with organisations: h (acute), c (community), la (LA). */
#define ORGS "format: 1\nscenario: {id: t}\norganisations:\n" \
             "  - {id: h, kind: acute}\n  - {id: c, kind: community}\n" \
             "  - {id: la, kind: local_authority}\nlocalities:\n"
/* Two consortia n (north) and s (south) at lines 12-13. */
#define TWO HEAD PRACS OPT_HEAD "      - {id: n, localities: [north]}\n" \
            "      - {id: s, localities: [south]}\n"

typedef tl_bad_case bad_case;

static const bad_case cases[] = {
    /* ---- structure and keys ---- */
    {VALID "pratices_csv: x.csv\n", 13, 1,
     "unknown key 'pratices_csv' in the scenario file; did you mean "
     "'practices_csv'?"},
    {"scenario: {id: t}\n" "localities: [{id: north}]\n", 1, 1,
     "no 'format'; add 'format: 1'"},
    {"format: 2\n", 1, 9, "format 2 is not supported; this version reads "
     "format 1"},
    {"format: \"1\"\n", 1, 9, "'format' must be a number, not the quoted "
     "text \"1\"; remove the quotes"},
    {"format: 1\nscenario: {id: St Helens}\n", 2, 16,
     "the scenario id 'St Helens' is not a valid id; use 1 to 64 letters, "
     "digits, '_', '-' or '.' (e.g. 'st_helens')"},
    {"format: 1\nscenario: {id: t, id: u}\n", 2, 19,
     "key 'id' appears twice in 'scenario' (first at line 2); remove one"},
    {"format: 1\nscenario: {id: t}\nlocalities: north\n", 3, 13,
     "'localities' must be a list, not 'north'"},
    {"format: 1\nscenario: {id: t, name: \"a\\0b\"}\n", 2, 25,
     "the scenario name contains a NUL character"},
    {"format: 1\n[a]: 1\n", 2, 1, "a key in the scenario file is a list"},
    {"- format\n- 1\n", 1, 1, "the top level of a scenario must be a "
     "mapping"},
    {"hello\n", 1, 1, "the top level of a scenario must be a mapping"},
    /* ---- organisations and localities ---- */
    {VALID "organisations:\n  - {id: h, kind: acute, outside_income: -1}\n",
     14, 42, "'outside_income' of organisation 'h' (GBP a year) must be "
     "between 0 and 10000000000000, not -1"},
    {VALID "organisations:\n  - {id: h, kind: acute, outside_share: 1}\n",
     14, 41, "'outside_share' of organisation 'h' (a fraction of its whole "
     "income) must be at least 0 and less than 1, not 1"},
    {VALID "organisations:\n  - {id: h, kind: acute, outside_income: 5, "
     "outside_share: 0.1}\n", 14, 60, "organisation 'h' gives both "
     "'outside_income' and 'outside_share'; keep one"},
    {VALID "organisations:\n  - {id: h, kind: acut}\n", 14, 19,
     "the kind of organisation 'h' must be one of local_authority, pct, "
     "acute, mental_health, community, other; did you mean 'acute'?"},
    {VALID "organisations:\n  - {id: h, kind: hospital}\n", 14, 19,
     "must be one of local_authority, pct, acute, mental_health, community, "
     "other; choose one of them"},
    {VALID "organisations:\n  - {id: h, kind: acute}\n"
     "  - {id: h, kind: acute}\n", 15, 10,
     "organisation id 'h' is used twice (first at line 14); give each "
     "organisation its own id"},
    {ORGS "  - {id: north, local_authority: lb}\n", 8, 34,
     "locality 'north': organisation 'lb' is not defined; did you mean "
     "'la'?"},
    {ORGS "  - {id: north, pct: h}\n", 8, 22,
     "organisation 'h' is of kind 'acute', not 'pct'; name an organisation "
     "of kind pct"},
    {HEAD "  - {id: east, neighbours: [east]}\n", 6, 29,
     "locality 'east' lists itself as a neighbour; remove it"},
    {HEAD "  - {id: east, neighbours: [sout]}\n", 6, 29,
     "locality 'sout' is not defined; did you mean 'south'?"},
    {HEAD "  - {id: north}\n", 6, 10,
     "locality id 'north' is used twice (first at line 4)"},
    {ORGS "  - {id: north, providers: {h: 1.2}}\n", 8, 32,
     "the share of provider 'h' for locality 'north' must be between 0 and "
     "1, not 1.2; correct the value"},
    {ORGS "  - {id: north, providers: {h: 0.6, c: 0.5}}\n", 8, 28,
     "the providers of locality 'north' have shares adding up to 1.1, more "
     "than 1; reduce them"},
    {ORGS "  - {id: north, providers: {la: 0.5}}\n", 8, 29,
     "organisation 'la' is a local_authority, not a provider"},
    {ORGS "  - {id: north, providers: {h: 0.5, h: 0.1}}\n", 8, 37,
     "'h' appears twice in the providers of locality 'north'"},
    {"format: 1\nscenario: {id: t}\n" PRACS OPTS, 1, 1,
     "no 'localities'; every practice belongs to a locality"},
    /* ---- practices ---- */
    {HEAD "practices:\n  - {code: A1, locality: north, registered: 100, "
     "need: -5}\n", 7, 56, "'need' of practice 'A1' must be greater than 0 "
     "and at most 10000000, not -5; correct the value"},
    {HEAD "practices:\n  - {code: A1, locality: north, registred: 100}\n",
     7, 33, "unknown key 'registred' in practice 1; did you mean "
     "'registered'?"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: 0}\n",
     7, 45, "'registered' of practice 'A1' must be greater than 0 and at "
     "most 10000000, not 0; "
     "correct the value"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: -5}\n",
     7, 45, "must be greater than 0 and at most 10000000, not -5"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: .nan}\n",
     7, 45, "'registered' of practice 'A1' is '.nan', which is not a finite "
     "number; give a finite number"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: .inf}\n",
     7, 45, "is '.inf', which is not a finite number"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: 1e999}\n",
     7, 45, "is '1e999', which is not a finite number"},
    {HEAD "practices:\n  - code: A1\n    locality: north\n"
     "    registered: 1,000\n", 9, 17, "'registered' of practice 'A1' must "
     "be a number, not '1,000'; write digits with an optional '.' and "
     "exponent, without commas or units"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: lots}\n",
     7, 45, "must be a number, not 'lots'; write digits with an optional "
     "'.' and exponent, without commas or units"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: \"100\"}\n",
     7, 45, "must be a number, not the quoted text \"100\"; remove the "
     "quotes"},
    /* an absurd list would send the risk model's case counts past any
       integer: refused here with the bound */
    {HEAD "practices:\n  - {code: A1, locality: north, registered: 1e13}\n",
     7, 45, "'registered' of practice 'A1' must be greater than 0 and at "
     "most 10000000, not 1e13"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: 100, "
     "weighted: -5}\n", 7, 60, "'weighted' of practice 'A1' must be greater "
     "than 0 and at most 10000000, not -5"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: 100, "
     "imd: 120}\n", 7, 55, "'imd' of practice 'A1' must be between 0 and "
     "100, not 120"},
    {HEAD "practices:\n  - {code: A1, locality: north, registered: 100, "
     "gp_fte: -1}\n", 7, 58, "'gp_fte' of practice 'A1' must be at least 0"},
    {HEAD "practices:\n" P_A1 "  - {code: A1, locality: south, "
     "registered: 200}\n", 8, 12, "practice code 'A1' is used twice (first "
     "at line 7); give each practice its own code"},
    {HEAD "practices:\n  - {code: A1, locality: nort, registered: 100}\n",
     7, 26, "practice 'A1': locality 'nort' is not defined; did you mean "
     "'north'?"},
    {HEAD "practices:\n  - {code: A1, locality: north}\n", 7, 5,
     "practice 'A1' has no 'registered'; add 'registered: ...'"},
    {HEAD OPTS, 1, 1, "the scenario has no practices; list them under "
     "'practices' or name a CSV file in 'practices_csv'"},
    {VALID "practices_csv: nothere.csv\n", 13, 16,
     "cannot open practice file 'nothere.csv': No such file or directory"},
    {VALID "practices_csv: {file: /dev/null}\n", 13, 23,
     "practice file '/dev/null' is in /dev, which holds the kernel's and "
     "devices' files, not data; give the path of a CSV file inside the "
     "scenario's folder"},
    {VALID "practices_csv: /proc/self/status\n", 13, 16,
     "practice file '/proc/self/status' is in /proc"},
    {VALID "practices_csv: /etc/passwd\n", 13, 16,
     "practice file '/etc/passwd' is outside the scenario's folder"},
    /* ---- options and consortia ---- */
    {HEAD PRACS, 1, 1, "no 'options'; add an 'options:' list"},
    {HEAD PRACS "options: []\n", 9, 10, "'options' is empty; add at least "
     "one option"},
    {HEAD PRACS "options:\n  - id: one\n    consortia: []\n", 11, 16,
     "option 'one' has no consortia; list at least one consortium"},
    {HEAD PRACS OPT_HEAD "      - {id: n, localities: [north]}\n", 10, 5,
     "practice 'B2' is in no consortium of option 'one'; add it (or its "
     "locality 'south') to one of the option's consortia"},
    {VALID "      - {id: b, practices: [B2]}\n", 13, 29,
     "practice 'B2' is in two consortia of option 'one' ('all' and 'b'); "
     "keep it in one of them"},
    {VALID "      - {id: b, localities: [south]}\n", 13, 30,
     "locality 'south' is in two consortia of option 'one' ('all' and 'b'); "
     "put it in one of them"},
    {VALID "      - {id: b}\n", 13, 9, "consortium 'b' of option 'one' has "
     "no practices; give it localities or practices, or remove it"},
    {HEAD PRACS OPT_HEAD "      - {id: a, localities: [north]}\n"
     "      - {id: a, localities: [south]}\n", 13, 14,
     "consortium id 'a' is used twice (first at line 12)"},
    {VALID "  - id: one\n    consortia:\n      - {id: all, localities: "
     "[north, south]}\n", 13, 9, "option id 'one' is used twice (first at "
     "line 10)"},
    {VALID "      - {id: b, practices: [B3]}\n", 13, 29,
     "consortium 'b' of option 'one': practice 'B3' is not defined; did you "
     "mean 'B2'?"},
    /* ---- federations and votes ---- */
    {TWO "    federations:\n      - {id: f, members: [n, ss]}\n", 15, 30,
     "federation 'f' of option 'one': 'ss' is not a consortium of this "
     "option; did you mean 's'?"},
    {TWO "    federations:\n      - {id: f1, members: [n, s]}\n"
     "      - {id: f2, members: [n, s]}\n", 16, 28,
     "consortium 'n' is in two federations ('f1' and 'f2'); a consortium "
     "joins at most one"},
    {TWO "    federations:\n      - {id: f, members: [n]}\n", 15, 26,
     "federation 'f' of option 'one' has 1 member; a federation joins at "
     "least two consortia"},
    {TWO "    federations:\n      - {id: f, members: [n, s], "
     "risk_pool_share: 1.5}\n", 15, 51, "'risk_pool_share' of federation "
     "'f' of option 'one' must be between 0 and 1, not 1.5"},
    {TWO "    federations:\n      - {id: f, members: [n, s], "
     "risk_pool_share: 1.001}\n", 15, 51, "'risk_pool_share' of federation "
     "'f' of option 'one' must be between 0 and 1, not 1.001"},
    {TWO "    federations:\n      - {id: f, members: [n, s], "
     "pool_surpluses: yes}\n", 15, 50, "'pool_surpluses' of federation 'f' "
     "of option 'one' must be true or false, not 'yes'; write true or false"},
    {VALID "    votes: {for: [A1], against: [A1]}\n", 13, 34,
     "practice 'A1' is listed twice in the votes of option 'one'; list it "
     "once"},
    {VALID "    votes: {for: [A2]}\n", 13, 19,
     "practice 'A2' is not defined; did you mean 'A1'?"},
    {VALID "    votes: {for: all, against: all}\n", 13, 32,
     "say 'all' both for and against"},
    /* ---- criteria and parameters ---- */
    {VALID "criteria:\n  - {plugin: risk, weight: -1}\n", 14, 28,
     "the weight of criterion 'risk' must be between 0 and 1000000, not -1"},
    {VALID "criteria:\n  - {plugin: risk}\n", 14, 5,
     "criterion 'risk' has no 'weight'; add 'weight: ...'"},
    {VALID "criteria:\n  - {plugin: risk, weight: 1, value_function: "
     "{worst: 1, best: 1}}\n", 14, 47, "the value function of criterion "
     "'risk' has worst equal to best (1); give two different values"},
    {VALID "criteria:\n  - {plugin: risk, weight: 1}\n"
     "  - {plugin: risk, weight: 2}\n", 15, 5, "criterion label 'risk' is "
     "used twice (first at line 14); give criteria that use the same "
     "plugin different 'label's"},
    {VALID "parameters:\n  x: {dist: triangle, min: 1, mode: 2, max: 3}\n",
     14, 13, "'dist' must be one of fixed, uniform, triangular, normal, "
     "lognormal, beta; did you mean 'triangular'?"},
    {VALID "parameters:\n  x: {dist: triangular, min: 1, mode: 5, max: 3}\n",
     14, 39, "parameter 'x' of the scenario: mode 5 is outside [1, 3]; give "
     "min <= mode <= max"},
    {VALID "parameters:\n  x: {dist: normal, mean: 1, sd: 0}\n", 14, 34,
     "'sd' of parameter 'x' of the scenario must be greater than 0, not 0"},
    {VALID "parameters:\n  x: {dist: uniform, min: 3, max: 1}\n", 14, 35,
     "min 3 is not less than max 1"},
    {VALID "parameters:\n  x: {dist: beta, alpha: 0, beta: 2}\n", 14, 26,
     "'alpha' of parameter 'x' of the scenario must be greater than 0"},
    {VALID "parameters:\n  x: {dist: uniform, mean: 1, max: 2}\n", 14, 22,
     "unknown key 'mean' in parameter 'x' of the scenario"},
    {VALID "parameters:\n  x: {dist: uniform, max: 2}\n", 14, 6,
     "parameter 'x' of the scenario has no 'min'; add 'min: ...'"},
    {VALID "parameters:\n  x: [1, 2]\n", 14, 6, "parameter 'x' of the "
     "scenario must be a number, true or false, a word or a distribution"},
    {VALID "criteria:\n  - {plugin: risk, weight: 1, parameters: {y: .nan}}"
     "\n", 14, 47, "parameter 'y' of criterion 'risk' is '.nan', which is "
     "not a finite number"},
    /* ---- analysis ---- */
    {VALID "analysis: {draws: 0}\n", 13, 19,
     "'draws' must be between 1 and 10000000, not 0; correct the value"},
    {VALID "analysis: {draws: 20000000}\n", 13, 19,
     "'draws' must be between 1 and 10000000, not 20000000"},
    {VALID "analysis: {draws: 1.5}\n", 13, 19, "'draws' must be a whole "
     "number, not 1.5; write it without a decimal point or exponent"},
    {VALID "analysis: {seed: 18446744073709551616}\n", 13, 18,
     "'seed' 18446744073709551616 is too large (it overflows a 64-bit "
     "integer); the largest allowed is 18446744073709551615"},
    {VALID "analysis: {seed: -1}\n", 13, 18, "'seed' must be between 0 and "
     "18446744073709551615, not -1"},
    {VALID "analysis: {threads: 300}\n", 13, 21, "'threads' must be between "
     "0 and 256, not 300"},
    {VALID "analysis: {thresholds: [0]}\n", 13, 25, "an overspend threshold "
     "(percent) must be greater than 0 and at most 100, not 0"},
    {VALID "analysis: {thresholds: [150]}\n", 13, 25, "must be greater than "
     "0 and at most 100, not 150"},
    /* just past each bound: a range check with slack (hi * 1.01, hi + 1)
       lets these through */
    {VALID "analysis: {thresholds: [100.5]}\n", 13, 25, "must be greater "
     "than 0 and at most 100, not 100.5"},
    {VALID "analysis: {draws: 10000001}\n", 13, 19,
     "'draws' must be between 1 and 10000000, not 10000001"},
    {VALID "analysis: {vote_pass: 1.001}\n", 13, 23,
     "'vote_pass' must be between 0 and 1, not 1.001; correct the value"},
    {VALID "analysis: {vote_pass: -0.001}\n", 13, 23,
     "'vote_pass' must be between 0 and 1, not -0.001; correct the value"},
    {VALID "analysis: {thresholds: [1, 2, 3, 4, 5, 6, 7, 8, 9]}\n", 13, 24,
     "'thresholds' has 9 values; give 1 to 8 overspend thresholds"},
    {VALID "analysis: {thresholds: [1, 1]}\n", 13, 28,
     "threshold 1% is given twice; remove one"},
    {VALID "analysis: {draw: 10}\n", 13, 12,
     "unknown key 'draw' in 'analysis'; did you mean 'draws'?"},
    /* ---- YAML itself ---- */
    {"format: 1\nscenario: {id: t\n", 3, 1, "YAML syntax error: did not "
     "find expected ',' or '}'"},
    {"format: 1\n  scenario: x\n", 2, 11, "YAML syntax error: mapping "
     "values are not allowed in this context"},
    {"format: 1\nscenario:\n\tid: t\n", 3, 1, "YAML syntax error: a tab "
     "character here; YAML indents with spaces"},
    {"format: 1\nscenario: {id: t}\nlocalities: [{id: 'north}]\n", 3, 19,
     "YAML syntax error: the file ends inside what starts here (while "
     "scanning a quoted scalar); close it"},
    {"format: 1\nscenario: {id: t, name: \"caf\xe9\"}\n", 2, 29,
     "invalid UTF-8 (byte 0xe9); save the file as UTF-8 text"},
    {"format: 1\x01\n", 1, 10, "control character 0x01 in the file, which "
     "YAML does not allow"},
    {"", 0, 0, "the file is empty; a scenario starts with 'format: 1'"},
    {"# only a comment\n\n", 0, 0, "the file is empty"},
    {"format: 1\n---\nformat: 1\n", 2, 1, "a second YAML document; a "
     "scenario file holds one"},
    {"format: *x\n", 1, 9, "alias '*x' names no anchor defined before it; "
     "define '&x' first"},
    {"format: !foo 1\n", 1, 9, "YAML tag '!foo' is not supported here; "
     "remove it"},
    /* ---- status_quo: an option of the scenario (line 13) ---- */
    {VALID "status_quo: once\n", 13, 13, "'status_quo' names option "
     "'once', which the scenario does not have; did you mean 'one'?"},
    {VALID "status_quo: [one]\n", 13, 13, "'status_quo' must be the id of "
     "one option"},
};

#define N_CASES (int)(sizeof cases / sizeof *cases)

/* Every case is checked and every failure printed (one process for the
 * whole table keeps sanitizer builds fast). */
START_TEST(test_bad_inputs)
{
    int failed = tl_refused_table(cases, N_CASES, "bad input");

    ck_assert_msg(failed == 0, "%d of %d bad inputs were not refused as "
                  "expected (see above)", failed, N_CASES);
}
END_TEST

/* ---- CSV files: written into a temporary directory ---- */

typedef struct csv_case {
    const char *csv;
    int line, col;
    const char *text;
} csv_case;

#define CSV_HEAD "practice_code,practice_name,registered_patients,locality\n"

static const csv_case csv_cases[] = {
    {"practice_code,practice_name,locality\nC1,One,north\n", 1, 1,
     "the practice file has no column 'registered_patients'"},
    {"practice_code,practice_name,registered_patients,area\nC1,One,5,north\n",
     1, 1, "the practice file has no column 'locality'; name the column "
     "that gives each practice's locality id with 'locality_column'"},
    {"practice_code,practice_nam,registered_patients,locality\n", 1, 1,
     "no column 'practice_name'; did you mean 'practice_nam'?"},
    {CSV_HEAD "C1,One,5,north\nC2,Two,north\n", 3, 1,
     "this row has 3 fields but the header has 4; quote fields that contain "
     "commas"},
    {CSV_HEAD "C1,\"One,5,north\n", 2, 4, "quoted field is not closed: the "
     "file ends inside it"},
    {CSV_HEAD "C1,\"One\"x,5,north\n", 2, 9, "text after the closing quote "
     "of a field"},
    {CSV_HEAD "C1,O\"ne,5,north\n", 2, 5, "a quote inside an unquoted "
     "field; put the whole field in quotes"},
    {CSV_HEAD "C1,One,abc,north\n", 2, 8, "registered_patients of practice "
     "'C1' is 'abc', not a number"},
    {CSV_HEAD "C1,One,-3,north\n", 2, 8, "registered_patients of practice "
     "'C1' must be greater than 0 and at most 10000000, not -3"},
    {CSV_HEAD "C1,One,,north\n", 2, 8, "registered_patients of practice "
     "'C1' is blank; give the list size"},
    {CSV_HEAD "A1,One,5,north\n", 2, 1, "practice code 'A1' is used twice "
     "(first at "},
    {CSV_HEAD "C1,One,5,nort\n", 2, 10, "practice 'C1': locality 'nort' "
     "(column locality) is not defined; did you mean 'north'?"},
    {CSV_HEAD "C1,Caf\xe9,5,north\n", 2, 7, "invalid UTF-8 in the practice "
     "file; save it as UTF-8"},
    {CSV_HEAD "C 1,One,5,north\n", 2, 1, "practice_code 'C 1' is not a "
     "valid code"},
    {"", 1, 1, "the practice file is empty; it needs a header line"},
    {"practice_code,practice_name,registered_patients,locality,need\n"
     "C1,One,5,north,abc\n", 2, 16, "need of practice 'C1' is 'abc', not a "
     "number"},
    {"practice_code,practice_name,registered_patients,locality,need\n"
     "C1,One,5,north,0\n", 2, 16, "need of practice 'C1' must be greater "
     "than 0"},
};

#define N_CSV_CASES (int)(sizeof csv_cases / sizeof *csv_cases)

/* Writes the CSV beside a scenario that names it; 1 when refused as
 * expected. */
static int csv_refused(const csv_case *cc, const char *label)
{
    char *dir = tl_tempdir(), *yaml, *csv, text[4400];
    cs_diag d = {0};
    cs_model *m;
    int ok;

    csv = tl_write(dir, "p.csv", cc->csv, (size_t)-1);
    yaml = tl_write(dir, "s.yaml", HEAD PRACS "practices_csv: p.csv\n"
                    OPTS, (size_t)-1);
    m = cs_load_scenario(yaml, &d);
    ok = !m && tl_has_error(&d, csv, cc->line, cc->col, cc->text, label);
    /* a duplicate names where the first one is: the YAML's full path */
    if (ok && strstr(cc->text, "is used twice")) {
        snprintf(text, sizeof text, "(first at %s:7)", yaml);
        ok = tl_has_error(&d, csv, cc->line, cc->col, text, label);
    }
    cs_model_free(m);
    cs_diag_clear(&d);
    free(yaml);
    free(csv);
    tl_rmdir(dir);
    return ok;
}

START_TEST(test_bad_csvs)
{
    int failed = 0;

    for (int i = 0; i < N_CSV_CASES; i++) {
        char label[32];
        snprintf(label, sizeof label, "bad csv %d", i);
        failed += !csv_refused(&csv_cases[i], label);
    }
    ck_assert_msg(failed == 0, "%d of %d bad CSV files were not refused as "
                  "expected (see above)", failed, N_CSV_CASES);
}
END_TEST

Suite *loader_bad_suite(void)
{
    Suite *s = suite_create("loader_bad");
    TCase *tc = tcase_create("bad");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_bad_inputs);
    tcase_add_test(tc, test_bad_csvs);
    suite_add_tcase(s, tc);
    return s;
}
