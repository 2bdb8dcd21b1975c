/* test_utf8.c -- the loader's UTF-8 check (ld_utf8_check) and text
 * positions (ld_text_pos) against RFC 3629's definition of UTF-8:
 *   U+0000..U+007F     0xxxxxxx
 *   U+0080..U+07FF     110xxxxx 10xxxxxx            (lead C2..DF)
 *   U+0800..U+FFFF     1110xxxx 10xxxxxx 10xxxxxx   (lead E0..EF)
 *   U+10000..U+10FFFF  11110xxx 10xxxxxx x3         (lead F0..F4)
 * minus the surrogates U+D800..U+DFFF; a sequence longer than needed for
 * its code point (overlong) is invalid, as are C0, C1 and F5..FF. The
 * check returns the offset of the first byte that starts no valid
 * sequence, or the length when all is valid. Each expected offset below
 * is counted by hand from the bytes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "loader_text.h"

static const struct {
    const char *bytes;
    size_t want;             /* offset of the first bad byte, or length */
    const char *what;
} cases[] = {
    {"plain ASCII", 11, "ASCII"},
    {"caf\xc3\xa9", 5, "2-byte U+00E9"},
    {"\xe2\x82\xac", 3, "3-byte U+20AC (euro sign)"},
    {"\xef\xbf\xbf", 3, "3-byte U+FFFF, the last 3-byte code point"},
    {"\xf0\x9f\x98\x80", 4, "4-byte U+1F600"},
    {"\xf4\x8f\xbf\xbf", 4, "4-byte U+10FFFF, the last code point"},
    {"ab\xf4\x90\x80\x80", 2, "U+110000, above the last code point"},
    {"a\xc0\xaf", 1, "overlong '/' in 2 bytes (lead C0)"},
    {"a\xc1\xbf", 1, "overlong U+007F (lead C1)"},
    {"a\xe0\x80\xaf", 1, "overlong '/' in 3 bytes"},
    {"a\xe0\x9f\xbf", 1, "overlong U+07FF in 3 bytes"},
    {"a\xf0\x80\x80\xaf", 1, "overlong '/' in 4 bytes"},
    {"a\xf0\x8f\xbf\xbf", 1, "overlong U+FFFF in 4 bytes"},
    {"x\xed\xa0\x80", 1, "surrogate U+D800"},
    {"x\xed\xbf\xbf", 1, "surrogate U+DFFF"},
    {"x\xed\x9f\xbf", 4, "U+D7FF, just below the surrogates"},
    {"\xee\x80\x80", 3, "U+E000, just above the surrogates"},
    {"ok\xf5\x80\x80\x80", 2, "lead F5: beyond U+10FFFF"},
    {"ok\xff", 2, "FF never appears"},
    {"ok\x80", 2, "a continuation byte with no lead"},
    {"\xc3\xa9\xe2\x82", 2, "3-byte sequence cut short by the end"},
    {"\xf0\x9f\x98", 0, "4-byte sequence cut short by the end"},
    {"\xe2\x28\xa1", 0, "3-byte sequence with a non-continuation byte"},
    {"\xc3", 0, "a lone lead byte at the end"},
};

START_TEST(utf8_by_the_rfc)
{
    const char *b = cases[_i].bytes;

    ck_assert_msg(ld_utf8_check(b, strlen(b)) == cases[_i].want,
                  "%s: got %zu, want %zu", cases[_i].what,
                  ld_utf8_check(b, strlen(b)), cases[_i].want);
}
END_TEST

/* Lines count LF, CRLF and a lone CR once each; columns count characters,
 * not bytes (a continuation byte adds none). */
START_TEST(positions)
{
    static const char t[] = "ab\ncaf\xc3\xa9x\r\nz\ry";
    cs_pos p;

    p = ld_text_pos("f", t, sizeof t - 1, 0);
    ck_assert_int_eq(p.line, 1);
    ck_assert_int_eq(p.col, 1);
    /* 'x' at byte 8: line 2, after c a f and e-acute: column 5 */
    p = ld_text_pos("f", t, sizeof t - 1, 8);
    ck_assert_int_eq(p.line, 2);
    ck_assert_int_eq(p.col, 5);
    /* 'z' after CRLF: line 3 column 1; 'y' after a lone CR: line 4 */
    p = ld_text_pos("f", t, sizeof t - 1, 11);
    ck_assert_int_eq(p.line, 3);
    ck_assert_int_eq(p.col, 1);
    p = ld_text_pos("f", t, sizeof t - 1, 13);
    ck_assert_int_eq(p.line, 4);
    ck_assert_int_eq(p.col, 1);
    ck_assert_str_eq(p.file, "f");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("utf8");
    TCase *tc = tcase_create("utf8");
    SRunner *sr;
    int nf;

    tcase_add_loop_test(tc, utf8_by_the_rfc, 0, sizeof cases / sizeof *cases);
    tcase_add_test(tc, positions);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
