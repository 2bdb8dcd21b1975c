/* test_safe.c -- what a scenario may reach and what the outputs let
 * through (issue 12 items 3-6): plugins by name only unless
 * --allow-plugin-file; files inside the scenario's folder unless
 * --allow-outside-files, never /proc, /dev, pipes or sockets; each plugin's
 * path and SHA-256 in the JSON and the board pack; formula cells
 * neutralised in CSV and HTML escaped in Markdown; -o naming an input,
 * -o '' and write failures; temporary files removed on SIGINT/SIGTERM;
 * validate refusing a reversed value function as appraise does. Every
 * case asserts the exit status and the message. */
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

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define TP_GOOD TP_DIR "/tp_good.so"

static char *out, *err, *dir;

#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})
static int run(char *argv[])
{
    free(out);
    free(err);
    return runcmd(argv, &out, &err);
}

/* A fresh folder per test, removed with everything in it. */
static void setup(void)
{
    char tmpl[] = "/tmp/cs-safe-XXXXXX";

    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    dir = strdup(tmpl);
}

static void teardown(void)
{
    char *argv[] = {"/bin/rm", "-rf", dir, NULL};

    runcmd(argv, NULL, NULL);
    free(dir);
    free(out);
    free(err);
    out = err = dir = NULL;
}

/* dir/name (static buffer, one at a time per slot). */
static const char *at(int slot, const char *name)
{
    static char buf[4][512];

    snprintf(buf[slot], sizeof buf[slot], "%s/%s", dir, name);
    return buf[slot];
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
}

/* The head of a valid scenario: two practices in two localities, one
 * option; `tail` adds practices_csv, criteria or more options. */
#define HEAD "format: 1\nscenario: {id: safe, name: Safe}\n" \
    "localities: [{id: east}, {id: west}]\n"
#define PRACTICES "practices:\n" \
    "  - {code: T1, name: One, locality: east, registered: 10000}\n" \
    "  - {code: T2, name: Two, locality: west, registered: 20000}\n"
#define OPTIONS "options:\n  - id: one\n    name: One\n    consortia:\n" \
    "      - {id: all, localities: [east, west]}\n"
#define GOOD "criteria:\n  - {plugin: tp_good, weight: 1}\n"
#define CSV_TEXT "practice_code,practice_name,registered_patients,locality\n" \
    "C1,Csv One,3000,east\n"

/* ---- item 1: plugins by name ------------------------------------------ */

START_TEST(plugin_path_refused)
{
    /* line 13, column 14 is where './tp_good.so' stands */
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS
               "criteria:\n  - {plugin: ./tp_good.so, weight: 1}\n");
    ck_assert_int_eq(RUN("validate", (char *)at(0, "s.yaml"), "-p", TP_DIR),
                     65);
    ck_assert_ptr_nonnull(strstr(err, "/s.yaml:13:14: error: the plugin of "
        "criterion 1 is the file './tp_good.so', but a scenario names "
        "plugins, not files; write 'plugin: tp_good' and put the file's "
        "folder on the plugin path (--plugin-path DIR or "
        "CONSORTIA_PLUGIN_PATH), or pass --allow-plugin-file to load it by "
        "path"));
    /* a bare NAME.so is a file too */
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS
               "criteria:\n  - {plugin: tp_good.so, weight: 1}\n");
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR),
                     65);
    ck_assert_ptr_nonnull(strstr(err, "/s.yaml:13:14: error: the plugin of "
                                 "criterion 1 is the file 'tp_good.so'"));
    ck_assert_ptr_nonnull(strstr(err, "write 'plugin: tp_good'"));
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(plugin_file_allowed_by_flag)
{
    size_t len;
    char *so = slurp(TP_GOOD, &len);
    FILE *fp = fopen(at(0, "mine.so"), "wb");

    ck_assert_ptr_nonnull(so);
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(so, 1, len, fp), len);
    fclose(fp);
    free(so);
    /* relative to the scenario's folder, not to where the program runs */
    write_file(at(1, "s.yaml"), HEAD PRACTICES OPTIONS
               "criteria:\n  - {plugin: ./mine.so, weight: 1}\n");
    ck_assert_int_eq(RUN("validate", (char *)at(1, "s.yaml"),
                         "--allow-plugin-file"), 0);
    ck_assert_ptr_nonnull(strstr(out, "ok: 2 practices"));
}
END_TEST

/* The JSON names each plugin's file (resolved) and its SHA-256, which is
 * checked against sha256sum's, an independent implementation. */
START_TEST(plugin_provenance_in_json_and_pack)
{
    char *argv[] = {"/usr/bin/sha256sum", TP_GOOD, NULL};
    char *sum = NULL, *real = realpath(TP_GOOD, NULL);
    json_t *root, *pl;
    json_error_t jerr;

    ck_assert_ptr_nonnull(real);
    ck_assert_int_eq(runcmd(argv, &sum, NULL), 0);
    sum[64] = '\0';
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS GOOD);
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-f", "json"), 0);
    root = json_loads(out, 0, &jerr);
    ck_assert_ptr_nonnull(root);
    pl = json_array_get(json_object_get(root, "plugins"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(pl, "path")), real);
    ck_assert_str_eq(json_string_value(json_object_get(pl, "sha256")), sum);
    json_decref(root);
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR,
                         "-n", "20", "-f", "html"), 0);
    ck_assert_ptr_nonnull(strstr(out, "<td><code>"));
    ck_assert_ptr_nonnull(strstr(strstr(out, "id=\"provenance\""), sum));
    ck_assert_ptr_nonnull(strstr(strstr(out, "id=\"provenance\""), real));
    free(sum);
    free(real);
}
END_TEST

/* ---- item 2: files inside the scenario's folder ------------------------ */

/* Writes sub/s.yaml naming `file` as its practice CSV. */
static const char *csv_scenario(const char *file)
{
    char text[2048];

    mkdir(at(3, "sub"), 0755);
    snprintf(text, sizeof text, HEAD OPTIONS GOOD "practices_csv: %s\n", file);
    write_file(at(2, "sub/s.yaml"), text);
    return at(2, "sub/s.yaml");
}

START_TEST(csv_outside_folder_refused)
{
    const char *s;

    write_file(at(0, "p.csv"), CSV_TEXT);
    s = csv_scenario("../p.csv");
    ck_assert_int_eq(RUN("validate", (char *)s, "-p", TP_DIR), 65);
    ck_assert_ptr_nonnull(strstr(err, "sub/s.yaml:11:16: error: practice "
                                 "file '"));
    ck_assert_ptr_nonnull(strstr(err, "/sub/../p.csv' is outside the "
                                 "scenario's folder"));
    ck_assert_ptr_nonnull(strstr(err, "copy the file into the scenario's "
                                 "folder and name it relative to it, or pass "
                                 "--allow-outside-files"));
    /* the flag lifts it: the CSV's practice is loaded */
    ck_assert_int_eq(RUN("validate", (char *)s, "-p", TP_DIR,
                         "--allow-outside-files"), 0);
    ck_assert_ptr_nonnull(strstr(out, "ok: 1 practices"));
    /* a link inside the folder pointing out of it is outside too */
    ck_assert_int_eq(symlink("../p.csv", at(1, "sub/link.csv")), 0);
    s = csv_scenario("link.csv");
    ck_assert_int_eq(RUN("validate", (char *)s, "-p", TP_DIR), 65);
    ck_assert_ptr_nonnull(strstr(err, "link.csv' is outside the scenario's "
                                 "folder"));
    /* one in a subfolder is inside */
    mkdir(at(1, "sub/data"), 0755);
    write_file(at(1, "sub/data/p.csv"), CSV_TEXT);
    s = csv_scenario("data/p.csv");
    ck_assert_int_eq(RUN("validate", (char *)s, "-p", TP_DIR), 0);
}
END_TEST

START_TEST(kernel_and_special_files_refused)
{
    const char *s = csv_scenario("/proc/self/maps");

    /* /proc is refused even when outside files are allowed */
    ck_assert_int_eq(RUN("validate", (char *)s, "-p", TP_DIR,
                         "--allow-outside-files"), 65);
    ck_assert_ptr_nonnull(strstr(err, "sub/s.yaml:11:16: error: practice "
        "file '/proc/self/maps' is in /proc, which holds the kernel's and "
        "devices' files, not data; give the path of a CSV file inside the "
        "scenario's folder"));
    s = csv_scenario("/dev/zero");
    ck_assert_int_eq(RUN("validate", (char *)s, "-p", TP_DIR,
                         "--allow-outside-files"), 65);
    ck_assert_ptr_nonnull(strstr(err, "'/dev/zero' is in /dev"));
    /* a FIFO is refused at once (nothing waits for a writer) */
    ck_assert_int_eq(mkfifo(at(1, "sub/fifo.csv"), 0600), 0);
    s = csv_scenario("fifo.csv");
    ck_assert_int_eq(RUN("validate", (char *)s, "-p", TP_DIR), 65);
    ck_assert_ptr_nonnull(strstr(err, "sub/s.yaml:11:16: error: practice "
        "file '"));
    ck_assert_ptr_nonnull(strstr(err, "fifo.csv' is a named pipe (FIFO), "
                                 "not a regular file; give the path of a "
                                 "file"));
}
END_TEST

START_TEST(socket_refused)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    const char *s;

    ck_assert_int_ge(fd, 0);
    mkdir(at(3, "sub"), 0755);
    ck_assert_uint_lt(strlen(at(1, "sub/sock.csv")), sizeof sa.sun_path);
    memcpy(sa.sun_path, at(1, "sub/sock.csv"),
           strlen(at(1, "sub/sock.csv")) + 1);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    s = csv_scenario("sock.csv");
    ck_assert_int_eq(RUN("validate", (char *)s, "-p", TP_DIR), 65);
    ck_assert_ptr_nonnull(strstr(err, "sock.csv' is a socket, not a regular "
                                 "file; give the path of a file"));
    close(fd);
}
END_TEST

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

/* ---- item 4: messages, validate = appraise before drawing ------------- */

START_TEST(validate_refuses_reversed_value_function)
{
    /* tp_good's headline is higher-is-better: best below worst is
     * reversed; the value_function mapping stands at line 13, column 50 */
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS "criteria:\n"
               "  - {plugin: tp_good, weight: 1, value_function: {worst: 200, "
               "best: 0}}\n");
    ck_assert_int_eq(RUN("validate", (char *)at(0, "s.yaml"), "-p", TP_DIR),
                     65);
    ck_assert_ptr_nonnull(strstr(err, "s.yaml:13:50: error: the value "
        "function of criterion 'tp_good' does not fit its headline "
        "'size_score' (higher is better): 'best' (0) is below 'worst' (200) "
        "but higher is better for this metric; swap them"));
    ck_assert_ptr_null(strstr(out, "ok:"));
    /* appraise refuses it the same way, before any draw */
    ck_assert_int_eq(RUN("appraise", (char *)at(0, "s.yaml"), "-p", TP_DIR),
                     65);
    ck_assert_ptr_nonnull(strstr(err, "s.yaml:13:50: error: the value "
                                 "function of criterion 'tp_good'"));
}
END_TEST

START_TEST(no_criteria_has_a_position)
{
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS "criteria: []\n");
    ck_assert_int_eq(RUN("validate", (char *)at(0, "s.yaml")), 65);
    ck_assert_ptr_nonnull(strstr(err, "/s.yaml:12:11: error: the scenario has "
                                 "no criteria; add at least one under "
                                 "'criteria:'"));
    /* without the key, the top of the file */
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS);
    ck_assert_int_eq(RUN("validate", (char *)at(0, "s.yaml")), 65);
    ck_assert_ptr_nonnull(strstr(err, "/s.yaml:1:1: error: the scenario has "
                                 "no criteria"));
}
END_TEST

START_TEST(empty_practice_file_has_a_position)
{
    const char *s;

    mkdir(at(3, "sub"), 0755);
    write_file(at(0, "sub/p.csv"), "");
    s = csv_scenario("p.csv");
    ck_assert_int_eq(RUN("validate", (char *)s, "-p", TP_DIR), 65);
    ck_assert_ptr_nonnull(strstr(err, "sub/p.csv:1:1: error: the practice "
                                 "file is empty; it needs a header line"));
}
END_TEST

START_TEST(whole_number_parameter_has_a_fix)
{
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS "criteria:\n"
               "  - {plugin: tp_good, weight: 1, parameters: {count: 2.5}}\n");
    ck_assert_int_eq(RUN("validate", (char *)at(0, "s.yaml"), "-p", TP_DIR),
                     65);
    ck_assert_ptr_nonnull(strstr(err, "s.yaml:13:54: error: parameter "
                                 "'count' of 'tp_good' must be a whole "
                                 "number, not 2.5; write e.g. 2"));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("safe");
    TCase *tc = tcase_create("safe");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, plugin_path_refused);
    tcase_add_test(tc, plugin_file_allowed_by_flag);
    tcase_add_test(tc, plugin_provenance_in_json_and_pack);
    tcase_add_test(tc, csv_outside_folder_refused);
    tcase_add_test(tc, kernel_and_special_files_refused);
    tcase_add_test(tc, socket_refused);
    tcase_add_test(tc, csv_cell_rule);
    tcase_add_test(tc, markdown_cell_rule);
    tcase_add_test(tc, csv_neutralises_formulas);
    tcase_add_test(tc, markdown_escapes_html_and_pipes);
    tcase_add_test(tc, output_equal_to_input_refused);
    tcase_add_test(tc, reports_over_practice_csv_refused);
    tcase_add_test(tc, smaa_output_equal_to_input_refused);
    tcase_add_test(tc, empty_output_is_usage_error);
    tcase_add_test(tc, write_failures_say_why);
    tcase_add_test(tc, sigterm_removes_temp_file);
    tcase_add_test(tc, sigint_removes_temp_file);
    tcase_add_test(tc, validate_refuses_reversed_value_function);
    tcase_add_test(tc, no_criteria_has_a_position);
    tcase_add_test(tc, empty_practice_file_has_a_position);
    tcase_add_test(tc, whole_number_parameter_has_a_fix);
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
