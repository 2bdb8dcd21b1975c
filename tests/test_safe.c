/* test_safe.c -- what a scenario may reach, and the messages (issue 12
 * items 3, 4 and 6): plugins by name only unless --allow-plugin-file, each
 * plugin's path and SHA-256 in the JSON and the board pack; files inside
 * the scenario's folder unless --allow-outside-files, never /proc, /dev,
 * pipes or sockets; validate refusing a reversed value function as
 * appraise does; positions and fixes where they were missing. Every case
 * asserts the exit status and the message. The outputs are in
 * test_outputs.c. */
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

#include "runcmd.h"
#include "safe_util.h"

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

/* A plugin file named by path (allowed) that is not there is the
 * scenario's mistake (65), not a plugin failure (70). */
START_TEST(missing_plugin_file_is_data_error)
{
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS
               "criteria:\n  - {plugin: ./none.so, weight: 1}\n");
    ck_assert_int_eq(RUN("validate", (char *)at(0, "s.yaml"),
                         "--allow-plugin-file"), 65);
    ck_assert_ptr_nonnull(strstr(err, "/s.yaml:13:5: error: no plugin file "
                                 "'"));
    ck_assert_ptr_nonnull(strstr(err, "/./none.so': No such file or "
                                 "directory; check the path (relative to the "
                                 "scenario's folder)"));
}
END_TEST

/* validate refuses what appraise would refuse when scoring: a criterion
 * with no levels anywhere (tp_nan declares no default scale). */
START_TEST(validate_refuses_missing_levels)
{
    write_file(at(0, "s.yaml"), HEAD PRACTICES OPTIONS
               "criteria:\n  - {plugin: tp_nan, weight: 1}\n");
    ck_assert_int_eq(RUN("validate", (char *)at(0, "s.yaml"), "-p", TP_DIR),
                     65);
    ck_assert_ptr_nonnull(strstr(err, "/s.yaml:13:5: error: criterion "
                                 "'tp_nan' has no value_function and its "
                                 "plugin declares no default scale for its "
                                 "headline 'x'; state the levels"));
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
    tcase_add_test(tc, validate_refuses_reversed_value_function);
    tcase_add_test(tc, missing_plugin_file_is_data_error);
    tcase_add_test(tc, validate_refuses_missing_levels);
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
