/* test_outputs.c -- what the outputs let through and how they fail
 * (issue 12 item 5): formula cells neutralised in CSV (the OWASP rule) and
 * HTML escaped in Markdown; -o naming an input, -o '' and write failures,
 * each with its exit status and the system's reason; temporary files
 * removed on SIGINT and SIGTERM. */
#define _GNU_SOURCE     /* fmemopen */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <jansson.h>

#include "base/base.h"
#include "report/report_decision.h"     /* cs_csv_field, cs_md_text */
#include "runcmd.h"
#include "safe_util.h"

/* ---- item 3: outputs -------------------------------------------------- */

/* Options whose names a spreadsheet would run, and one that is a number. */
#define FORMULAS "options:\n" \
    "  - id: one\n    name: '=HYPERLINK(\"http://x.invalid\",\"y\")'\n" \
    "    consortia: [{id: all, localities: [east, west]}]\n" \
    "  - id: two\n    name: '@SUM(A1:A9)'\n" \
    "    consortia: [{id: e, localities: [east]}, {id: w, " \
    "localities: [west]}]\n" \
    "  - id: three\n    name: '-2+3'\n" \
    "    consortia: [{id: e, localities: [east]}, {id: w, " \
    "localities: [west]}]\n" \
    "  - id: four\n    name: '-5'\n" \
    "    consortia: [{id: e, localities: [east]}, {id: w, " \
    "localities: [west]}]\n" \
    "  - id: five\n    name: \"\\tTab\"\n" \
    "    consortia: [{id: e, localities: [east]}, {id: w, " \
    "localities: [west]}]\n"

START_TEST(csv_neutralises_formulas)
{
    write_file(at(0, "s.yaml"), HEAD PRACTICES FORMULAS
               "criteria:\n  - {plugin: tp_good, weight: 1, label: '+cmd'}\n");
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-f", "csv"), 0);
    /* the OWASP rule: a quote before = + - @ and tab; RFC 4180 quoting
     * around the whole field when it holds a comma or a quote */
    ck_assert_ptr_nonnull(strstr(out, "\r\none,\"'=HYPERLINK(\"\"http://"
                                 "x.invalid\"\",\"\"y\"\")\",overall,"));
    ck_assert_ptr_nonnull(strstr(out, "\r\ntwo,'@SUM(A1:A9),"));
    ck_assert_ptr_nonnull(strstr(out, "\r\nthree,'-2+3,"));
    ck_assert_ptr_nonnull(strstr(out, "\r\nfive,'\tTab,"));
    ck_assert_ptr_nonnull(strstr(out, ",'+cmd,"));
    /* a plain number stays a number */
    ck_assert_ptr_nonnull(strstr(out, "\r\nfour,-5,overall,"));
    ck_assert_ptr_null(strstr(out, "'-5"));
    /* no unneutralised formula anywhere at the start of a field */
    ck_assert_ptr_null(strstr(out, ",=HYPERLINK"));
    ck_assert_ptr_null(strstr(out, ",@SUM"));
    ck_assert_ptr_null(strstr(out, ",+cmd"));
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-f", "consortia-csv"), 0);
    ck_assert_ptr_nonnull(strstr(out, "\r\ntwo,'@SUM(A1:A9),e,"));
}
END_TEST

/* One cell through a writer, as a string (static; one at a time). */
static const char *cell(void (*put)(FILE *, const char *), const char *s)
{
    static char buf[256];
    FILE *fp = fmemopen(buf, sizeof buf, "w");

    ck_assert_ptr_nonnull(fp);
    put(fp, s);
    fputc('\0', fp);
    fclose(fp);
    return buf;
}

/* The OWASP rule cell by cell, the expected field written out by hand:
 * a quote before a leading = + - @ tab or CR, unless the whole text is a
 * plain decimal number; RFC 4180 quotes around a field holding a comma,
 * a quote or a line break, the single quote inside them. */
START_TEST(csv_cell_rule)
{
    static const char *const cases[][2] = {
        {"-5", "-5"}, {"-1.5e3", "-1.5e3"}, {"+7", "+7"}, {"-.5", "-.5"},
        {"3", "3"}, {"", ""}, {"plain", "plain"},
        {"-", "'-"}, {"-2+3", "'-2+3"}, {"-1e", "'-1e"}, {"+", "'+"},
        {"=1+1", "'=1+1"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\tx", "'\tx"},
        {"-0x10", "'-0x10"}, {"-inf", "'-inf"},
        {"\rx", "\"'\rx\""}, {"=a,b", "\"'=a,b\""},
        {"a,b", "\"a,b\""}, {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"=\"x\"", "\"'=\"\"x\"\"\""}, {"a=1", "a=1"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_msg(!strcmp(cell(cs_csv_field, cases[i][0]), cases[i][1]),
                      "case %zu: '%s' gave '%s', not '%s'", i, cases[i][0],
                      cell(cs_csv_field, cases[i][0]), cases[i][1]);
}
END_TEST

START_TEST(markdown_cell_rule)
{
    ck_assert_str_eq(cell(cs_md_text, "<a href=x>&</a>"),
                     "&lt;a href=x&gt;&amp;&lt;/a&gt;");
    ck_assert_str_eq(cell(cs_md_text, "a|b"), "a\\|b");
    /* a trailing backslash cannot undo the escape of a following pipe */
    ck_assert_str_eq(cell(cs_md_text, "a\\|b"), "a\\\\\\|b");
    ck_assert_str_eq(cell(cs_md_text, "two\nlines\r"), "two lines ");
    ck_assert_str_eq(cell(cs_md_text, "plain *text*"), "plain *text*");
}
END_TEST

START_TEST(markdown_escapes_html_and_pipes)
{
    write_file(at(0, "s.yaml"), HEAD PRACTICES
               "options:\n  - id: one\n    name: '<script>alert(1)</script>"
               " & a|b \\'\n    consortia: [{id: all, localities: [east, "
               "west]}]\n  - id: two\n    name: '<img src=x>'\n    consortia:"
               " [{id: e, localities: [east]}, {id: w, localities: [west]}]\n"
               "criteria:\n  - {plugin: tp_good, weight: 1, label: '<b>x</b>'}"
               "\n");
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-f", "md"), 0);
    ck_assert_ptr_null(strstr(out, "<script"));
    ck_assert_ptr_null(strstr(out, "<img"));
    ck_assert_ptr_null(strstr(out, "<b>"));
    ck_assert_ptr_nonnull(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;"
                                 " &amp; a\\|b \\\\"));
    ck_assert_ptr_nonnull(strstr(out, "&lt;img src=x&gt;"));
    ck_assert_ptr_nonnull(strstr(out, "| &lt;b&gt;x&lt;/b&gt; |"));
}
END_TEST

START_TEST(output_equal_to_input_refused)
{
    char *before, *after;

    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS GOOD);
    before = slurp(at(0, "s.yaml"), NULL);
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-o", (char *)at(0, "s.yaml")), 73);
    ck_assert_ptr_nonnull(strstr(err, "consortia: error: the output '"));
    ck_assert_ptr_nonnull(strstr(err, "s.yaml' is the input '"));
    ck_assert_ptr_nonnull(strstr(err, "writing the report there would "
                                 "overwrite it; give -o (or --reports) "
                                 "another file name"));
    /* another spelling of the same file: a link, "./" */
    ck_assert_int_eq(symlink("s.yaml", at(1, "link.yaml")), 0);
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-o", (char *)at(1, "link.yaml")), 73);
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-o", (char *)at(1, "./s.yaml")), 73);
    after = slurp(at(0, "s.yaml"), NULL);
    ck_assert_str_eq(after, before);
    free(after);
    free(before);
}
END_TEST

/* The practice CSV and --reports: safe.csv would be the CSV report of the
 * scenario with id 'safe'. */
START_TEST(reports_over_practice_csv_refused)
{
    char text[2048];

    write_file(at(0, "safe.csv"), CSV_TEXT);
    snprintf(text, sizeof text, HEAD OPTIONS GOOD "practices_csv: safe.csv\n");
    write_file(at(1, "s.yaml"), text);
    ck_assert_int_eq(RUN("appraise", (char *)at(1, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-o", (char *)at(0, "safe.csv")), 73);
    ck_assert_ptr_nonnull(strstr(err, "safe.csv' is the input '"));
    ck_assert_int_eq(RUN("appraise", (char *)at(1, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "--reports", dir), 73);
    ck_assert_ptr_nonnull(strstr(err, "safe.csv' is the input '"));
    ck_assert_int_ne(access(at(2, "safe.txt"), F_OK), 0);
}
END_TEST

START_TEST(smaa_output_equal_to_input_refused)
{
    write_file(at(0, "m.csv"), "draw,alternative,criterion,value\n"
               "1,a,x,0.2\n1,b,x,0.8\n");
    ck_assert_int_eq(run((char *[]){BIN, "smaa", "--measurements",
                         (char *)at(0, "m.csv"), "-o", (char *)at(0, "m.csv"),
                         NULL}), 73);
    ck_assert_ptr_nonnull(strstr(err, "m.csv' is the input '"));
    ck_assert_int_eq(run((char *[]){BIN, "smaa", "--measurements",
                         (char *)at(0, "m.csv"), "-o", "", NULL}), 64);
    ck_assert_ptr_nonnull(strstr(err, "-o needs a file name, not ''"));
}
END_TEST

START_TEST(empty_output_is_usage_error)
{
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS GOOD);
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-o", ""), 64);
    ck_assert_ptr_nonnull(strstr(err, "consortia: error: -o needs a file "
                                 "name, not ''; give -o FILE, or -o - for "
                                 "standard output\nusage:"));
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "--reports",
                         ""), 64);
    ck_assert_ptr_nonnull(strstr(err, "--reports needs a directory"));
}
END_TEST

START_TEST(write_failures_say_why)
{
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS GOOD);
    /* a full disk: 74, with strerror(ENOSPC) */
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-o", "/dev/full"), 74);
    ck_assert_ptr_nonnull(strstr(err, "consortia: error: cannot write "
                                 "'/dev/full': "));
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOSPC)));
    ck_assert_ptr_nonnull(strstr(err, "; free some disk space or write "
                                 "elsewhere with -o"));
    /* a folder that does not exist: 73, with strerror(ENOENT) */
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-o", (char *)at(1, "no/r.html")), 73);
    ck_assert_ptr_nonnull(strstr(err, "r.html': "));
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOENT)));
    ck_assert_ptr_nonnull(strstr(err, "check the directory exists"));
    /* a directory: 73 */
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-o", dir), 73);
    ck_assert_ptr_nonnull(strstr(err, "it is a directory"));
}
END_TEST

/* Counts dir's entries whose name starts with `prefix`. */
static int count_prefixed(const char *prefix)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)))
        n += !strncmp(e->d_name, prefix, strlen(prefix));
    closedir(d);
    return n;
}

/* A child with the program's handlers opens a report file, writes to it,
 * and is stopped by `sig` before it commits: it ends by that signal and
 * leaves no temporary file and no report. */
static void signal_removes_temp(int sig)
{
    int status;
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        cs_out o;
        char e[512];
        /* as the program starts: default actions (Check's runner has its
         * own handlers, which would stop the whole test), its own group */
        setpgid(0, 0);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        cs_out_cleanup_on_signals();
        if (cs_out_open(&o, at(0, "out.html"), e, sizeof e) < 0)
            _exit(3);
        fputs("<p>half a report", o.fp);
        fflush(o.fp);
        if (count_prefixed("out.html.tmp.") != 1)
            _exit(4);       /* the temporary file was there */
        raise(sig);
        _exit(5);           /* not reached: the signal ends the child */
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFSIGNALED(status), "child exited with %d",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    ck_assert_int_eq(WTERMSIG(status), sig);
    ck_assert_int_eq(count_prefixed("out.html"), 0);
}

START_TEST(sigterm_removes_temp_file)
{
    signal_removes_temp(SIGTERM);
}
END_TEST

START_TEST(sigint_removes_temp_file)
{
    signal_removes_temp(SIGINT);
}
END_TEST

/* Entries of dir whose name holds `part`. */
static int count_holding(const char *part)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)))
        n += strstr(e->d_name, part) != NULL;
    closedir(d);
    return n;
}

/* The program itself, stopped by SIGTERM while it writes the reports of
 * the national scenario (polled every 0.2 ms until a temporary file
 * shows): it ends by the signal and leaves no temporary file. */
START_TEST(sigterm_stops_a_real_run_cleanly)
{
    int caught = 0, status;

    for (int attempt = 0; attempt < 5 && !caught; attempt++) {
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            setpgid(0, 0);
            signal(SIGTERM, SIG_DFL);
            freopen("/dev/null", "w", stdout);
            freopen("/dev/null", "w", stderr);
            execl(BIN, "consortia", "appraise", CS_TEST_SRCDIR
                  "/scenarios/england-2014-15.yaml", "--draws", "300",
                  "--threads", "1", "--quiet", "--reports", dir, (char *)0);
            _exit(127);
        }
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (count_holding(".tmp.") > 0) {
                kill(pid, SIGTERM);
                ck_assert_int_eq(waitpid(pid, &status, 0), pid);
                caught = 1;
                break;
            }
            usleep(200);
        }
        if (caught) {
            ck_assert(WIFSIGNALED(status));
            ck_assert_int_eq(WTERMSIG(status), SIGTERM);
        } else {
            ck_assert(WIFEXITED(status));
            ck_assert_int_eq(WEXITSTATUS(status), 0);
        }
        ck_assert_int_eq(count_holding(".tmp."), 0);
    }
    ck_assert_msg(caught, "no run was caught while writing in 5 attempts");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("outputs");
    TCase *tc = tcase_create("outputs");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, csv_neutralises_formulas);
    tcase_add_test(tc, csv_cell_rule);
    tcase_add_test(tc, markdown_cell_rule);
    tcase_add_test(tc, markdown_escapes_html_and_pipes);
    tcase_add_test(tc, output_equal_to_input_refused);
    tcase_add_test(tc, reports_over_practice_csv_refused);
    tcase_add_test(tc, smaa_output_equal_to_input_refused);
    tcase_add_test(tc, empty_output_is_usage_error);
    tcase_add_test(tc, write_failures_say_why);
    tcase_add_test(tc, sigterm_removes_temp_file);
    tcase_add_test(tc, sigint_removes_temp_file);
    tcase_add_test(tc, sigterm_stops_a_real_run_cleanly);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
