/* test_builder.c -- unit tests of the scenario builder's modules: the
 * RFC 4180 reader and writer, postcode districts, locality rules and
 * tables, and the template's placeholders and errors. Fixtures are in
 * tests/data/builder/. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_scenario.h"

#define FIXTURE(name) CS_TEST_SRCDIR "/tests/data/builder/" name

/* Parses `text` as t.csv; NULL on error, the first message in *msg. */
static bs_table *parse(const char *text, char *msg, size_t n)
{
    cs_diag d = {0};
    bs_table *t = bs_csv_parse("t.csv", text, strlen(text), &d);

    snprintf(msg, n, "%s", d.n_msgs ? d.msgs[0] : "");
    cs_diag_clear(&d);
    return t;
}

START_TEST(csv_quoting)
{
    const char *text = "\xEF\xBB\xBF" "code,name\r\n"
                       "A1,\"Smith, Jones \"\"and\"\" Partners\"\r\n"
                       "\r\n"
                       "B2,\"two\nlines\"\n"
                       "C3,";
    char msg[256];
    bs_table *t = parse(text, msg, sizeof msg);

    ck_assert_msg(t != NULL, "%s", msg);
    ck_assert_uint_eq(t->n_records, 4);
    ck_assert_str_eq(t->records[0].fields[0], "code");
    ck_assert_str_eq(t->records[1].fields[1],
                     "Smith, Jones \"and\" Partners");
    ck_assert_int_eq(t->records[1].lines[1], 2);
    ck_assert_int_eq(t->records[1].cols[1], 4);
    ck_assert_str_eq(t->records[2].fields[1], "two\nlines");
    ck_assert_int_eq(t->records[2].lines[0], 4);   /* the blank line skipped */
    ck_assert_int_eq(t->records[3].lines[0], 6);   /* after the embedded LF */
    ck_assert_str_eq(t->records[3].fields[1], "");
    ck_assert_int_eq(bs_table_column(t, "name"), 1);
    ck_assert_int_eq(bs_table_column(t, "nope"), -1);
    bs_table_free(t);
}
END_TEST

START_TEST(csv_roundtrip)
{
    const char *const fields[] = {
        "plain", "", "a,b", "say \"hi\"", "\"", " leading", "trailing ",
        "two\nlines", "cr\r\nlf", "M\xC3\xA9ni\xC3\xA8re's, \"Dr\" O'Neil",
        ",,,", "\"\"\"\""
    };
    size_t n = sizeof fields / sizeof *fields;
    char *buf = NULL, msg[256];
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    ck_assert_ptr_nonnull(fp);
    for (int row = 0; row < 3; row++)
        ck_assert_int_eq(bs_csv_write_record(fp, fields, n), 0);
    fclose(fp);
    /* Only fields that need it are quoted. */
    const char *prefix = "plain,,\"a,b\",\"say \"\"hi\"\"\",\"\"\"\",";
    ck_assert_int_eq(strncmp(buf, prefix, strlen(prefix)), 0);
    bs_table *t = parse(buf, msg, sizeof msg);
    ck_assert_msg(t != NULL, "%s", msg);
    ck_assert_uint_eq(t->n_records, 3);
    for (size_t r = 0; r < 3; r++) {
        ck_assert_uint_eq(t->records[r].n, n);
        for (size_t i = 0; i < n; i++)
            ck_assert_str_eq(t->records[r].fields[i], fields[i]);
    }
    bs_table_free(t);
    free(buf);
}
END_TEST

START_TEST(csv_errors)
{
    static const struct { const char *text, *msg; } cases[] = {
        /* the messages of the core's reader (base/csv.c), which the
           builder uses */
        {"a,b\n\"x,y\n", "t.csv:2:1: error: quoted field is not closed"},
        {"a,b\n\"x\"y,z\n", "t.csv:2:4: error: text after the closing "
                           "quote"},
        {"a,b\n1,2,3\n", "t.csv:2:1: error: this record has 3 fields but the "
                         "header has 2"},
        {"a,b\n1,x\"y\n", "t.csv:2:4: error: a quote inside an unquoted "
                          "field"},
        {"", "t.csv: error: the file is empty"},
        {"a,b\n1,\0", "t.csv:2:3: error: a NUL byte"},
    };
    char msg[256];

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len = strlen(cases[i].text) + (i == 5);
        cs_diag d = {0};
        bs_table *t = bs_csv_parse("t.csv", cases[i].text, len, &d);
        snprintf(msg, sizeof msg, "%s", d.n_msgs ? d.msgs[0] : "");
        ck_assert_ptr_null(t);
        ck_assert_msg(!strncmp(msg, cases[i].msg, strlen(cases[i].msg)),
                      "case %zu: got '%s'", i, msg);
        cs_diag_clear(&d);
    }
}
END_TEST

START_TEST(postcode_districts)
{
    static const struct { const char *pc, *district; } cases[] = {
        {"ME7 5NY", "ME7"}, {"ST101BH", "ST10"}, {"SW1A 1AA", "SW1A"},
        {"EC1A1BB", "EC1A"}, {"W1T 1AA", "W1T"}, {"M1 1AA", "M1"},
        {"st5 1ee", "ST5"}, {"bad", NULL}, {"", NULL}, {"ME7 5N", NULL},
        {"12345", NULL}, {"ME7-5NY", NULL},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char d[8] = "";
        int rc = bs_postcode_district(cases[i].pc, d);
        if (cases[i].district) {
            ck_assert_msg(rc == 0, "'%s' rejected", cases[i].pc);
            ck_assert_str_eq(d, cases[i].district);
        } else {
            ck_assert_msg(rc < 0, "'%s' accepted as '%s'", cases[i].pc, d);
        }
    }
}
END_TEST

/* Loads the fixture and selects `codes` (CCG codes); fails the test on an
 * error. */
static void load_fixture(bs_build *b, const char *const *codes, size_t n)
{
    cs_diag d = {0};

    memset(b, 0, sizeof *b);
    b->table = bs_csv_read(FIXTURE("practices.csv"), &d);
    ck_assert_msg(b->table != NULL, "%s", d.n_msgs ? d.msgs[0] : "");
    ck_assert_int_eq(bs_select(b, codes, n, 0, &d), 0);
    cs_diag_clear(&d);
}

/* The locality id of practice `i`. */
static const char *loc_of(const bs_build *b, size_t i)
{
    return b->localities[b->practices[i].locality].id;
}

START_TEST(select_practices)
{
    const char *medway[] = {"09W"};
    bs_build b;

    load_fixture(&b, medway, 1);
    ck_assert_uint_eq(b.n_practices, 4);
    ck_assert_str_eq(b.practices[0].name, "Abbey Surgery, Dr \"Al\" Smith");
    ck_assert_str_eq(b.practices[1].district, "ME2");
    ck_assert_double_eq(b.practices[2].registered, 3000);
    ck_assert(isnan(b.practices[2].gp_fte));        /* "NA" */
    ck_assert(isnan(b.practices[3].imd));           /* blank */
    ck_assert_double_eq_tol(b.practices[0].imd, 20.0, 1e-12);
    bs_build_clear(&b);

    /* No GP at all in 2016 (headcount and FTE 0) is a missing figure,
     * unless asked to keep it. */
    const char *staffs[] = {"05G"};
    load_fixture(&b, staffs, 1);
    ck_assert(isnan(b.practices[0].gp_fte));
    b.keep_zero_fte = 1;
    cs_diag d0 = {0};
    ck_assert_int_eq(bs_select(&b, staffs, 1, 0, &d0), 0);
    ck_assert_double_eq(b.practices[0].gp_fte, 0);
    bs_build_clear(&b);

    /* An unknown code is an error that suggests the nearest one. */
    cs_diag d = {0};
    const char *typo[] = {"09X"};
    b.table = bs_csv_read(FIXTURE("practices.csv"), &d);
    ck_assert_int_eq(bs_select(&b, typo, 1, 0, &d), -1);
    ck_assert_ptr_nonnull(strstr(d.msgs[0], "ccg_code '09X'; did you mean "
                                 "'09W'?"));
    bs_build_clear(&b);
    cs_diag_clear(&d);
}
END_TEST

START_TEST(district_rules)
{
    const char *codes[] = {"09W", "05G", "05W"};
    cs_diag d = {0};
    bs_build b;

    load_fixture(&b, codes, 3);
    ck_assert_int_eq(bs_add_rule(&b, "roch/Rochester and Strood=ME1-ME3",
                                 &d), 0);
    ck_assert_int_eq(bs_add_rule(&b, "chat=me4,ME5", &d), 0);
    ck_assert_int_eq(bs_add_rule(&b, "gill=ME7-8", &d), 0);
    ck_assert_int_eq(bs_add_rule(&b, "city=05W:*", &d), 0);
    /* ST5 belongs to no rule yet: an error naming the practice's line. */
    ck_assert_int_eq(bs_assign_by_rules(&b, &d), -1);
    ck_assert_msg(strstr(d.msgs[0], "practices.csv:6:1: error: practice "
                         "'T00005' (postcode 'ST5 1EE') is in no locality")
                  != NULL, "%s", d.msgs[0]);
    cs_diag_clear(&d);
    ck_assert_int_eq(bs_add_rule(&b, "county=05G:ST1-ST20", &d), 0);
    ck_assert_int_eq(bs_assign_by_rules(&b, &d), 0);
    ck_assert_str_eq(loc_of(&b, 0), "roch");
    ck_assert_str_eq(loc_of(&b, 1), "roch");
    ck_assert_str_eq(loc_of(&b, 2), "chat");
    ck_assert_str_eq(loc_of(&b, 3), "gill");
    ck_assert_str_eq(loc_of(&b, 4), "county");
    ck_assert_str_eq(loc_of(&b, 5), "city");
    ck_assert_str_eq(b.localities[0].name, "Rochester and Strood");
    ck_assert_ptr_null(b.localities[1].name);
    bs_build_clear(&b);
    cs_diag_clear(&d);
}
END_TEST

START_TEST(bad_rules)
{
    static const char *const bad[] = {
        "noequals", "=ME1", "1abc=ME1", "x=", "x=ME", "x=ME3-ME1",
        "x=ME1-ST3", "x=ME1-3A", "x=05W:", "x=M E1"
    };
    bs_build b = {0};

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cs_diag d = {0};
        ck_assert_msg(bs_add_rule(&b, bad[i], &d) == -1, "'%s' accepted",
                      bad[i]);
        ck_assert(!strncmp(d.msgs[0], "command line: error: --locality '", 33));
        cs_diag_clear(&d);
    }
    bs_build_clear(&b);
}
END_TEST

START_TEST(unmatched_drop_and_assign)
{
    const char *codes[] = {"09W"};
    cs_diag d = {0};
    bs_build b;

    load_fixture(&b, codes, 1);
    bs_add_rule(&b, "north=ME1-ME4", &d);
    b.unmatched = BS_UNMATCHED_DROP;
    ck_assert_int_eq(bs_assign_by_rules(&b, &d), 0);
    ck_assert_uint_eq(b.n_practices, 3);
    ck_assert_uint_eq(d.n_warnings, 1);
    bs_build_clear(&b);
    cs_diag_clear(&d);

    load_fixture(&b, codes, 1);
    bs_add_rule(&b, "north=ME1-ME4", &d);
    b.unmatched = BS_UNMATCHED_ASSIGN;
    b.unmatched_to = strdup("rest");
    ck_assert_int_eq(bs_assign_by_rules(&b, &d), 0);
    ck_assert_uint_eq(b.n_practices, 4);
    ck_assert_str_eq(loc_of(&b, 3), "rest");
    bs_build_clear(&b);
    cs_diag_clear(&d);
}
END_TEST

START_TEST(locality_table_and_column)
{
    const char *codes[] = {"09W"}, *all[] = {"09W", "05G", "05W"};
    cs_diag d = {0};
    bs_build b;

    load_fixture(&b, codes, 1);
    ck_assert_int_eq(bs_assign_by_table(&b, FIXTURE("localities.csv"), &d),
                     0);
    ck_assert_str_eq(loc_of(&b, 0), "west");
    ck_assert_str_eq(loc_of(&b, 3), "east");
    ck_assert_str_eq(b.localities[0].name, "West, by the river");
    ck_assert_uint_eq(d.n_warnings, 1);     /* X99999 is not selected */
    bs_build_clear(&b);
    cs_diag_clear(&d);

    load_fixture(&b, all, 3);
    ck_assert_int_eq(bs_assign_by_column(&b, "ccg_code", &d), 0);
    ck_assert_uint_eq(b.n_localities, 3);
    ck_assert_str_eq(b.localities[1].id, "05G");
    ck_assert_str_eq(b.localities[1].name, "North Staffordshire");
    ck_assert_int_eq(bs_assign_by_column(&b, "no_such", &d), -1);
    bs_build_clear(&b);
    cs_diag_clear(&d);
}
END_TEST

/* Expands `tmpl` over the fixture (all practices, localities by CCG);
 * returns the output (caller frees) and the first message in *msg. */
static char *expand(const char *tmpl, const char *csv_ref, char *msg,
                    size_t n)
{
    const char *all[] = {"09W", "05G", "05W"};
    bs_build b;
    cs_diag d = {0};
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    load_fixture(&b, all, 3);
    ck_assert_int_eq(bs_assign_by_column(&b, "ccg_code", &d), 0);
    bs_emit e = {&b, "build-scenario x", csv_ref};
    int rc = bs_expand(&e, "t.yaml.in", tmpl, fp, &d);
    fclose(fp);
    snprintf(msg, n, "%s", d.n_msgs ? d.msgs[0] : "");
    bs_build_clear(&b);
    cs_diag_clear(&d);
    if (rc < 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

START_TEST(template_figures)
{
    char msg[256];
    char *out = expand("# {{count}} {{registered,}} {{weighted 09W}} "
                       "{{imd 09W}} {{gp_fte ccg_code=09W}} "
                       "{{districts 09W}} {{codes 05G 05W}}\n", NULL, msg,
                       sizeof msg);

    ck_assert_msg(out != NULL, "%s", msg);
    /* IMD: (1000 x 20 + 2000 x 10 + 3000 x 30) / 6000 = 21.67; T00004 has
     * none. GP FTE: 1.5 + 2.5 + 1.0 (T00003's "NA" left out). */
    ck_assert_str_eq(out, "# 6 21,000 10500 21.7 5.0 ME1, ME2, ME4, ME7 "
                          "[T00005, T00006]\n");
    free(out);
}
END_TEST

START_TEST(template_blocks)
{
    char msg[256];
    char *out = expand("  {{localities pct=$icb_code}}\n"
                       "x:\n"
                       "  {{consortia icb_code}}\n"
                       "y:\n"
                       "  {{consortia all id=one name=\"All of it\"}}\n"
                       "{{practices}}\n", "p.csv", msg, sizeof msg);

    ck_assert_msg(out != NULL, "%s", msg);
    ck_assert_str_eq(out,
        "  localities:\n"
        "    - {id: \"09W\", name: \"Medway\", pct: QKS}\n"
        "    - {id: \"05G\", name: \"North Staffordshire\", pct: QNC}\n"
        "    - {id: \"05W\", name: \"Stoke on Trent\", pct: QNC}\n"
        "x:\n"
        "  - {id: QKS, name: \"NHS Kent and Medway, ICB\", localities: "
        "[\"09W\"]}\n"
        "  - {id: QNC, name: \"NHS Staffordshire and Stoke-on-Trent ICB\", "
        "localities: [\"05G\", \"05W\"]}\n"
        "y:\n"
        "  - {id: one, name: \"All of it\", localities: [\"09W\", \"05G\", "
        "\"05W\"]}\n"
        "practices_csv: {file: p.csv, locality_column: locality}\n");
    free(out);
}
END_TEST

START_TEST(template_inline_practices)
{
    char msg[256];
    char *out = expand("{{practices}}\n", NULL, msg, sizeof msg);

    ck_assert_msg(out != NULL, "%s", msg);
    ck_assert_ptr_nonnull(strstr(out, "practices:\n  - {code: T00001, name: "
                                 "\"Abbey Surgery, Dr \\\"Al\\\" Smith\", "
                                 "locality: \"09W\", registered: 1000, "
                                 "weighted: 1100, imd: 20.0, gp_fte: 1.5}\n"));
    /* Missing figures are left out, not written as 0. */
    ck_assert_ptr_nonnull(strstr(out, "{code: T00003, name: \"Chatham Road\","
                                 " locality: \"09W\", registered: 3000, "
                                 "weighted: 3300, imd: 30.0}\n"));
    free(out);
}
END_TEST

START_TEST(template_errors)
{
    static const struct { const char *tmpl, *msg; } cases[] = {
        {"a\n  {{registred}}\n", "t.yaml.in:2:3: error: no placeholder "
         "'{{registred}}'; did you mean '{{registered}}'?"},
        {"x: {{count\n", "t.yaml.in:1:4: error: '{{' is never closed"},
        {"x: {{practices}}\n", "t.yaml.in:1:4: error: '{{practices}}' "
         "writes a block of lines; put it on a line of its own"},
        {"{{count 09V}}\n", "t.yaml.in:1:9: error: no locality '09V'; did "
         "you mean '09W'?"},
        {"{{count nocol=1}}\n", "t.yaml.in:1:9: error: no column 'nocol'"},
        {"{{consortia}}\n", "t.yaml.in:1:1: error: '{{consortia}}' takes a "
         "grouping first"},
        {"{{consortia ccg_code pct=$icb_name}}\n", NULL},
        {"{{consortia icb_code x=$ccg_code}}\n", "t.yaml.in:1:22: error: "
         "'$ccg_code' is both '05G' and '05W' within one group"},
        {"{{groups icb_code \"x=unclosed}}\n", "t.yaml.in:1:1: error: '{{' "
         "is never closed"},
        {"{{count ccg_code=NONE}}\n", "t.yaml.in:1:1: error: '{{count}}' "
         "chooses no practices"},
        {"{{codes,}}\n", "t.yaml.in:1:1: error: only figures take ','"},
    };
    char msg[256];

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = expand(cases[i].tmpl, NULL, msg, sizeof msg);
        if (!cases[i].msg) {
            ck_assert_msg(out != NULL, "case %zu: %s", i, msg);
        } else {
            ck_assert_msg(out == NULL, "case %zu accepted", i);
            ck_assert_msg(!strncmp(msg, cases[i].msg, strlen(cases[i].msg)),
                          "case %zu: got '%s'", i, msg);
        }
        free(out);
    }
}
END_TEST

START_TEST(yaml_scalars)
{
    static const struct { const char *in, *out; } cases[] = {
        {"medway", "medway"}, {"09W", "\"09W\""}, {"yes", "\"yes\""},
        {"No", "\"No\""}, {"a b", "\"a b\""}, {"x\"y\\z", "\"x\\\"y\\\\z\""},
        {"tab\there", "\"tab\\x09here\""}, {"", "\"\""}, {"G82011", "G82011"},
        /* UTF-8 is kept; a stray byte is escaped (read as Latin-1). */
        {"Caf\xC3\xA9", "\"Caf\xC3\xA9\""}, {"Caf\xE9", "\"Caf\\xe9\""},
        {"\xC3(", "\"\\xc3(\""},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&buf, &len);
        bs_yaml_scalar(fp, cases[i].in);
        fclose(fp);
        ck_assert_str_eq(buf, cases[i].out);
        free(buf);
    }
}
END_TEST

/* --need: need = list x Final WP / pop. need.csv has T00001 (1,200 /
 * 1,000 = 1.2; health inequalities 1.5) and T00002 (450 / 500 = 0.9;
 * 0.8); T00003 and T00004 are not in it and take Medway's matched
 * practices' need per head weighted by their lists:
 *   (1,000 x 1.2 + 2,000 x 0.9) / 3,000 = 1.0; (1,500 + 1,600) / 3,000. */
START_TEST(need_from_formula)
{
    const char *medway[] = {"09W"};
    bs_build b;
    cs_diag d = {0};

    load_fixture(&b, medway, 1);
    ck_assert_int_eq(bs_read_need(&b, FIXTURE("need.csv"), &d), 0);
    ck_assert_double_eq_tol(b.practices[0].need, 1200, 1e-9);
    ck_assert_double_eq_tol(b.practices[0].hi_need, 1500, 1e-9);
    ck_assert_double_eq_tol(b.practices[1].need, 1800, 1e-9);
    ck_assert_double_eq_tol(b.practices[1].hi_need, 1600, 1e-9);
    ck_assert_double_eq_tol(b.practices[2].need, 3000, 1e-9);
    ck_assert_double_eq_tol(b.practices[3].need, 4000, 1e-9);
    ck_assert_double_eq_tol(b.practices[3].hi_need, 4000 * 3100.0 / 3000,
                            1e-9);
    ck_assert_int_eq(b.practices[2].need_imputed, 1);
    ck_assert_int_eq(b.practices[0].need_imputed, 0);
    ck_assert_uint_eq(b.n_need_imputed, 2);
    bs_build_clear(&b);
    /* a file without the health-inequalities column is refused */
    load_fixture(&b, medway, 1);
    ck_assert_int_eq(bs_read_need(&b, FIXTURE("need-nohi.csv"), &d), -1);
    ck_assert_ptr_nonnull(strstr(d.msgs[0], "no column 'Health Ineq WP'"));
    bs_build_clear(&b);
    cs_diag_clear(&d);
}
END_TEST

/* --neighbours K: coords.csv puts T00001, T00002, T00004 (Medway, 09W) at
 * longitude 0, 1 and 3 on the equator, T00005 (05G) at 10 and T00006
 * (05W) at 11.5; T00003 has no coordinates and takes no part. Nearest
 * practices by hand:
 *   K = 1: T00005 -> T00006 (1.5), T00006 -> T00005, T00004 -> T00002 (2):
 *          only 05G and 05W are neighbours;
 *   K = 2: T00005 -> T00006, T00004 (7); T00006 -> T00005, T00004 (8.5):
 *          every pair is. */
static int adjacent(const bs_build *b, const char *x, const char *y)
{
    int i = bs_find_locality(b, x), j = bs_find_locality(b, y);
    ck_assert(i >= 0 && j >= 0);
    ck_assert_int_eq(b->adjacent[i * b->n_localities + j],
                     b->adjacent[j * b->n_localities + i]);   /* symmetric */
    return b->adjacent[i * b->n_localities + j];
}

START_TEST(neighbours_from_coordinates)
{
    const char *all[] = {"09W", "05G", "05W"};
    bs_build b;
    cs_diag d = {0};

    for (unsigned k = 1; k <= 2; k++) {
        load_fixture(&b, all, 3);
        ck_assert_int_eq(bs_assign_by_column(&b, "ccg_code", &d), 0);
        ck_assert_int_eq(bs_neighbours(&b, FIXTURE("coords.csv"), k, &d), 0);
        ck_assert_int_eq(adjacent(&b, "05G", "05W"), 1);
        ck_assert_int_eq(adjacent(&b, "09W", "05G"), k == 2);
        ck_assert_int_eq(adjacent(&b, "09W", "05W"), k == 2);
        ck_assert_int_eq(adjacent(&b, "09W", "09W"), 0);
        bs_build_clear(&b);
    }
    /* a file without coordinates is refused */
    load_fixture(&b, all, 3);
    ck_assert_int_eq(bs_assign_by_column(&b, "ccg_code", &d), 0);
    ck_assert_int_eq(bs_neighbours(&b, FIXTURE("need.csv"), 2, &d), -1);
    ck_assert_ptr_nonnull(strstr(d.msgs[0], "Latitude"));
    bs_build_clear(&b);
    cs_diag_clear(&d);
}
END_TEST

static Suite *builder_suite(void)
{
    Suite *s = suite_create("builder");
    TCase *tc = tcase_create("builder");

    tcase_add_test(tc, csv_quoting);
    tcase_add_test(tc, neighbours_from_coordinates);
    tcase_add_test(tc, csv_roundtrip);
    tcase_add_test(tc, csv_errors);
    tcase_add_test(tc, postcode_districts);
    tcase_add_test(tc, select_practices);
    tcase_add_test(tc, district_rules);
    tcase_add_test(tc, bad_rules);
    tcase_add_test(tc, unmatched_drop_and_assign);
    tcase_add_test(tc, locality_table_and_column);
    tcase_add_test(tc, template_figures);
    tcase_add_test(tc, template_blocks);
    tcase_add_test(tc, template_inline_practices);
    tcase_add_test(tc, template_errors);
    tcase_add_test(tc, yaml_scalars);
    tcase_add_test(tc, need_from_formula);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(builder_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
