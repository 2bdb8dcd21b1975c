/* test_cov_report.c -- the report writers' small pieces at their edges:
 * the streaming JSON writer (core/report/jsonw.c) past 16 levels, at its
 * depth limit, closing what is not open and with a key jansson refuses;
 * a number too long for its buffer; an option name cut inside a UTF-8
 * character (report_cut.c); a format the dispatcher does not know
 * (report.c); the HTML printf's conversions, the grouped numbers and the
 * axis maxima (html.c). Expected values are jansson's own output (the
 * writer's contract, jsonw.h) or worked out in the comments. */
#define _POSIX_C_SOURCE 200809L   /* open_memstream */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "report/html.h"
#include "report/jsonw.h"
#include "report/report.h"
#include "report/report_decision.h"

/* A writer on a memory stream. */
typedef struct {
    cs_jw w;
    FILE *fp;
    char *text;
    size_t len;
} mem_jw;

static void mj_open(mem_jw *m)
{
    m->text = NULL;
    m->fp = open_memstream(&m->text, &m->len);
    ck_assert_ptr_nonnull(m->fp);
    cs_jw_init(&m->w, m->fp);
}

/* Closes the stream; the writer's status. */
static int mj_close(mem_jw *m)
{
    int rc = cs_jw_status(&m->w);

    ck_assert_int_eq(fclose(m->fp), 0);
    return rc;
}

START_TEST(jw_deep_nesting_as_jansson)
{
    /* 20 arrays inside one another around the number 1.5: the innermost
     * line is indented 2 x 20 = 40 spaces, more than the writer's block of
     * 32; jansson writes the same tree */
    json_t *root = json_real(1.5), *t;
    mem_jw m;
    char *want;

    for (int i = 0; i < 20; i++) {
        t = json_array();
        json_array_append_new(t, root);
        root = t;
    }
    want = json_dumps(root, CS_JW_FLAGS);
    mj_open(&m);
    for (int i = 0; i < 20; i++)
        cs_jw_open(&m.w, NULL, '[');
    cs_jw_real(&m.w, NULL, 1.5);
    for (int i = 0; i < 20; i++)
        cs_jw_close(&m.w, ']');
    ck_assert_int_eq(mj_close(&m), 0);
    ck_assert_str_eq(m.text, want);
    ck_assert_ptr_nonnull(strstr(m.text, "\n" "                    "
                                         "                    1.5\n"));
    free(want);
    free(m.text);
    json_decref(root);
}
END_TEST

START_TEST(jw_too_deep_is_an_error)
{
    /* CS_JW_MAX_DEPTH (64) levels cannot all open: the writer fails
     * rather than write past its table */
    mem_jw m;

    mj_open(&m);
    for (int i = 0; i < CS_JW_MAX_DEPTH + 1; i++)
        cs_jw_open(&m.w, NULL, '[');
    ck_assert_int_eq(mj_close(&m), -1);
    free(m.text);
}
END_TEST

START_TEST(jw_close_of_nothing_is_an_error)
{
    mem_jw m;

    mj_open(&m);
    cs_jw_open(&m.w, NULL, '{');
    cs_jw_close(&m.w, '}');
    cs_jw_close(&m.w, '}');         /* nothing is open */
    ck_assert_int_eq(mj_close(&m), -1);
    free(m.text);

    /* and a document left open fails too */
    mj_open(&m);
    cs_jw_open(&m.w, NULL, '[');
    ck_assert_int_eq(mj_close(&m), -1);
    free(m.text);
}
END_TEST

START_TEST(jw_refused_key_is_left_out)
{
    /* a key that is not UTF-8 is one jansson would refuse: the member is
     * left out (jsonw.h), so the object is jansson's {"a": 1} */
    json_t *want_t = json_pack("{s:i}", "a", 1);
    char *want = json_dumps(want_t, CS_JW_FLAGS);
    mem_jw m;

    mj_open(&m);
    cs_jw_open(&m.w, NULL, '{');
    cs_jw_int(&m.w, "a", 1);
    cs_jw_int(&m.w, "\xff\xfe", 2);
    cs_jw_str(&m.w, "\xc3", "cut");
    cs_jw_close(&m.w, '}');
    ck_assert_int_eq(mj_close(&m), 0);
    ck_assert_str_eq(m.text, want);
    free(m.text);
    free(want);
    json_decref(want_t);
}
END_TEST

START_TEST(dtostr_needs_room)
{
    char buf[32];

    /* "12345" and the ".0" jansson adds need 5 + 3 bytes: 8 is refused,
     * 9 is enough */
    ck_assert_int_eq(cs_jw_dtostr(buf, 8, 12345.0, 10), -1);
    ck_assert_int_ge(cs_jw_dtostr(buf, 9, 12345.0, 10), 0);
    ck_assert_str_eq(buf, "12345.0");
}
END_TEST

START_TEST(option_cell_cut_on_a_character)
{
    /* width 8, an id too long to show (14 + 3 > 8 / 2): the start of the
     * name and "~" in 8 bytes, so at most 7 bytes of the name. Its bytes:
     * "Ü" 0-1, "n" 2, "ï" 3-4, "c" 5, "ö" 6-7: byte 7 is inside "ö",
     * so 6 bytes are kept: "Ünïc" + "~". */
    char buf[16];

    ck_assert_str_eq(cs_text_option_cell(buf, 8, "Ünïcödé Trust",
                                         "a-very-long-id"), "Ünïc~");
    /* an ASCII name cuts at exactly width - 1 bytes */
    ck_assert_str_eq(cs_text_option_cell(buf, 8, "Abcdefghij",
                                         "a-very-long-id"), "Abcdefg~");
}
END_TEST

START_TEST(unknown_format_is_refused)
{
    FILE *fp = fopen("/dev/null", "w");
    cs_format f;

    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(cs_report_write(NULL, (cs_format)99, fp), -1);
    ck_assert_int_eq(cs_format_parse("yaml", &f), -1);
    ck_assert_int_eq(cs_format_parse("consortia-csv", &f), 0);
    ck_assert_int_eq(f, CS_FMT_CONSORTIA_CSV);
    fclose(fp);
}
END_TEST

START_TEST(html_printf_conversions)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);

    ck_assert_ptr_nonnull(fp);
    /* %c, an escaped %s, a raw %S, a width and precision, size_t, long,
     * %%, and a lone % at the very end (nothing is read past it) */
    cs_html_printf(fp, "%c|%s|%S|%6.2f|%zu|%ld|%x|100%%|50%", 'x', "<a&b>",
                   "<b>", 3.14159, (size_t)7, -123456789L, 255);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_str_eq(text, "x|&lt;a&amp;b&gt;|<b>|  3.14|7|-123456789|ff|"
                           "100%|50");
    free(text);
}
END_TEST

START_TEST(html_numbers_and_axes)
{
    /* grouped by thousands from 10,000 up, the sign kept */
    ck_assert_str_eq(cs_html_num(-1234567.0), "-1,234,567");
    ck_assert_str_eq(cs_html_num(12345.0), "12,345");
    ck_assert_str_eq(cs_html_num(100000.0), "100,000");
    /* below 10,000 and from 10^15: four significant figures */
    ck_assert_str_eq(cs_html_num(9999.4), "9999");
    ck_assert_str_eq(cs_html_num(2e15), "2e+15");
    /* the axis maximum: the first of 1, 2, 2.5, 5 x 10^k at or above x,
     * else 10 x 10^k; nothing to show gives 1 */
    ck_assert_double_eq(cs_nice_ceiling(7.0), 10.0);
    ck_assert_double_eq(cs_nice_ceiling(2.2), 2.5);
    ck_assert_double_eq_tol(cs_nice_ceiling(0.03), 0.05, 1e-15);
    ck_assert_double_eq(cs_nice_ceiling(300.0), 500.0);
    ck_assert_double_eq(cs_nice_ceiling(0.0), 1.0);
    ck_assert_double_eq(cs_nice_ceiling(-5.0), 1.0);
    ck_assert_double_eq(cs_nice_ceiling(INFINITY), 1.0);
    ck_assert_double_eq(cs_nice_ceiling(NAN), 1.0);
}
END_TEST

START_TEST(csv_and_json_helpers)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    json_t *arr = json_array();

    ck_assert_ptr_nonnull(fp);
    /* a plain number with a signed exponent is a number, not a formula;
     * one whose exponent has no digits is guarded */
    cs_csv_field(fp, "-1.5e-3");
    fputc(';', fp);
    cs_csv_field(fp, "+2E+");
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_str_eq(text, "-1.5e-3;'+2E+");
    free(text);
    /* a missing container takes the value's reference and frees it; a
     * missing value adds nothing */
    cs_json_put(NULL, "k", json_string("v"));
    cs_json_push(NULL, json_integer(1));
    cs_json_push(arr, NULL);
    ck_assert_uint_eq(json_array_size(arr), 0);
    json_decref(arr);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cov_report");
    TCase *tc = tcase_create("pieces");
    SRunner *sr;
    int nf;

    tcase_add_test(tc, jw_deep_nesting_as_jansson);
    tcase_add_test(tc, jw_too_deep_is_an_error);
    tcase_add_test(tc, jw_close_of_nothing_is_an_error);
    tcase_add_test(tc, jw_refused_key_is_left_out);
    tcase_add_test(tc, dtostr_needs_room);
    tcase_add_test(tc, option_cell_cut_on_a_character);
    tcase_add_test(tc, unknown_format_is_refused);
    tcase_add_test(tc, html_printf_conversions);
    tcase_add_test(tc, html_numbers_and_axes);
    tcase_add_test(tc, csv_and_json_helpers);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
