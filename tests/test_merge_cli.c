/* test_merge_cli.c -- `consortia merge` and
 * `consortia sweep` end to end (docs/scale-out.md): usage errors (exit
 * 64, the message, the usage), merge's refusals of partial results that
 * are not what they say (exit 65, naming the file), --reports DIR, a
 * shard of another plan run again, outputs that cannot be written.
 *
 * The partial results refused here are written by the test itself from
 * the format docs/scale-out.md gives (JSON lines: a header, one record an
 * item, a trailer {"end": true, "records": n, "sha256": SHA-256 of every
 * byte before it}), with nettle's SHA-256, so each carries a good trailer
 * and is refused for the one fault the case puts in it. */
#include <errno.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>
#include <jansson.h>
#include <nettle/sha2.h>

#include "cli_harness.h"

#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})

/* ---- merge: usage ----------------------------------------------------- */

START_TEST(merge_usage)
{
    ck_assert_int_eq(RUN("merge"), EX_USAGE);
    usage_said("merge needs the PARTIAL files of every task");
    ck_assert_int_eq(RUN("merge", "-o", "a", "--reports", "d", "p1"),
                     EX_USAGE);
    usage_said("give -o FILE or --reports DIR, not both");
    ck_assert_int_eq(RUN("merge", "--bogus", "p1"), EX_USAGE);
    usage_said("unknown option '--bogus'");
    ck_assert_int_eq(RUN("merge", "p1", "-f"), EX_USAGE);
    usage_said("option '-f' needs a value");
}
END_TEST

/* Two settings of fixed_base, one scenario: items 0 and 1; task 1/2 holds
 * item 0 and task 2/2 item 1 (items are dealt round-robin,
 * docs/scale-out.md). Returns the header and records of task t. */
static void real_partial(int t, json_t **h, json_t **recs)
{
    char task[8], *text, *line, *nl;
    json_error_t je;

    snprintf(task, sizeof task, "%d/2", t);
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--grid", "fixed_base=0:6e6:2",
                         "--draws", "50", "-q", "--task", task, "-o",
                         path_of(t == 1 ? "real-1" : "real-2")), 0);
    text = slurp(path_of(t == 1 ? "real-1" : "real-2"), NULL);
    ck_assert_ptr_nonnull(text);
    *recs = json_array();
    *h = NULL;
    for (line = text; (nl = strchr(line, '\n')); line = nl + 1) {
        json_t *v = json_loadb(line, (size_t)(nl - line), 0, &je);
        ck_assert_ptr_nonnull(v);
        if (!*h)
            *h = v;
        else if (json_object_get(v, "end"))
            json_decref(v);
        else
            json_array_append_new(*recs, v);
    }
    free(text);
    ck_assert_ptr_nonnull(*h);
}

/* Writes a partial: the header, the records, and a trailer claiming
 * `claimed` records with the SHA-256 of the lines before it. `raw`, when
 * given, is one more line written as it is after the header. */
static void write_partial(const char *path, const json_t *h,
                          const json_t *recs, size_t claimed,
                          const char *raw)
{
    struct sha256_ctx ctx;
    uint8_t dig[SHA256_DIGEST_SIZE];
    char hex[65], *body = NULL, *s;
    size_t len = 0, i;
    FILE *mem = open_memstream(&body, &len), *fp;
    const json_t *r;
    int flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17);

    s = json_dumps(h, flags);
    fprintf(mem, "%s\n", s);
    free(s);
    if (raw)
        fprintf(mem, "%s\n", raw);
    json_array_foreach(recs, i, r) {
        s = json_dumps(r, flags);
        fprintf(mem, "%s\n", s);
        free(s);
    }
    fclose(mem);
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)body);
    sha256_digest(&ctx, sizeof dig, dig);
    for (i = 0; i < sizeof dig; i++)
        snprintf(hex + 2 * i, 3, "%02x", dig[i]);
    fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "%s{\"end\":true,\"records\":%zu,\"sha256\":\"%s\"}\n", body,
            claimed, hex);
    fclose(fp);
    free(body);
}

/* merge A B exits 65 and says "FILE: error: MESSAGE" for `file`. */
static void refused(const char *a, const char *b, const char *file,
                    const char *message)
{
    char want[1024];

    ck_assert_int_eq(RUN("merge", (char *)a, (char *)b, "-o",
                         path_of("merged.csv")), EX_DATAERR);
    snprintf(want, sizeof want, "%s: error: %s", file, message);
    ck_assert_msg(strstr(err, want) != NULL, "wanted '%s', got '%s'", want,
                  err);
    ck_assert_int_ne(access(path_of("merged.csv"), F_OK), 0);
}

START_TEST(merge_refuses_what_is_not_a_partial)
{
    json_t *h1, *r1, *h2, *r2, *h;
    char p1[256], p2[256], bad[256], gone[256];

    snprintf(p1, sizeof p1, "%s", path_of("p-1"));
    snprintf(p2, sizeof p2, "%s", path_of("p-2"));
    snprintf(bad, sizeof bad, "%s", path_of("bad"));
    snprintf(gone, sizeof gone, "%s", path_of("nothere"));

    real_partial(1, &h1, &r1);
    real_partial(2, &h2, &r2);
    /* written back by the test's own writer, the two merge (the format is
     * the documented one) */
    write_partial(p1, h1, r1, 1, NULL);
    write_partial(p2, h2, r2, 1, NULL);
    ck_assert_int_eq(RUN("merge", p2, p1, "-o", path_of("m.csv")), 0);

    /* a file that is not there */
    refused(p1, gone, gone,
            "cannot read the partial result: ");
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOENT)));
    /* a cut file: no trailer */
    {
        FILE *fp = fopen(bad, "w");
        fputs("{\"consortia_partial\":1}\n", fp);
        fclose(fp);
    }
    refused(p1, bad, bad, "not a complete partial result (no trailer, or "
            "its checksum does not match); run its task again");
    /* a line that is not JSON, under a good trailer */
    write_partial(bad, h2, r2, 2, "{not json");
    refused(p1, bad, bad, "a line of the partial result is not valid; run "
            "its task again");
    /* a trailer counting more records than there are */
    write_partial(bad, h2, r2, 2, NULL);
    refused(p1, bad, bad, "a line of the partial result is not valid");
    /* a header without consortia_partial */
    h = json_deep_copy(h2);
    json_object_del(h, "consortia_partial");
    write_partial(bad, h, r2, 1, NULL);
    refused(p1, bad, bad, "a line of the partial result is not valid");
    json_decref(h);
    /* another command's partial */
    h = json_deep_copy(h2);
    json_object_set_new(h, "command", json_string("frobnicate"));
    write_partial(bad, h, r2, 1, NULL);
    refused(p1, bad, bad, "not a partial result merge knows (its command "
            "is 'frobnicate'), or its plan does not match its checksum");
    json_decref(h);
    /* a plan edited after its checksum was taken */
    h = json_deep_copy(h2);
    json_object_set_new(json_object_get(h, "plan"), "draws",
                        json_integer(51));
    write_partial(bad, h, r2, 1, NULL);
    refused(p1, bad, bad, "not a partial result merge knows (its command "
            "is 'sweep'), or its plan does not match its checksum");
    json_decref(h);
    /* a task outside 1..tasks */
    h = json_deep_copy(h2);
    json_object_set_new(h, "task", json_integer(3));
    write_partial(bad, h, r2, 1, NULL);
    refused(p1, bad, bad, "task 3/2 is out of range; give the partial "
            "results of tasks 1 to 2");
    json_decref(h);
    /* its items list and its records disagree in number */
    h = json_deep_copy(h2);
    json_array_append_new(json_object_get(h, "items"), json_integer(0));
    write_partial(bad, h, r2, 1, NULL);
    refused(p1, bad, bad, "its items and records differ; run its task "
            "again");
    json_decref(h);
    /* a record of another task's item (item 0 is task 1's) */
    h = json_deep_copy(h2);
    json_array_set_new(json_object_get(h, "items"), 0, json_integer(0));
    {
        json_t *r = json_deep_copy(r2);
        json_object_set_new(json_array_get(r, 0), "item", json_integer(0));
        write_partial(bad, h, r, 1, NULL);
        json_decref(r);
    }
    refused(p1, bad, bad, "item 0 is out of place or given twice; run its "
            "task again");
    json_decref(h);
    /* an item beyond the plan's */
    h = json_deep_copy(h2);
    json_array_set_new(json_object_get(h, "items"), 0, json_integer(2));
    {
        json_t *r = json_deep_copy(r2);
        json_object_set_new(json_array_get(r, 0), "item", json_integer(2));
        write_partial(bad, h, r, 1, NULL);
        json_decref(r);
    }
    refused(p1, bad, bad, "item 2 is out of place or given twice");
    json_decref(h);
    json_decref(h1);
    json_decref(r1);
    json_decref(h2);
    json_decref(r2);
}
END_TEST

/* ---- sweep and merge: --reports DIR, resumption, refusals ------------- */

START_TEST(reports_dir_is_the_three_formats)
{
    /* --reports DIR writes sweep.csv, sweep.json and sweep.txt, each the
     * bytes of -f csv, -f json and -f text (docs/scale-out.md); merge
     * --reports the same from the shards */
    static const char *fmt[] = {"csv", "json", "text"};
    static const char *ext[] = {"csv", "json", "txt"};
    char dir[256], mdir[256];
    char *args[] = {BIN, "sweep", EXAMPLE, "--grid", "fixed_base=0:6e6:2",
                    "--draws", "50", "-q", NULL, NULL, NULL, NULL, NULL};

    snprintf(dir, sizeof dir, "%s", path_of("rep"));
    snprintf(mdir, sizeof mdir, "%s", path_of("mrep"));
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    ck_assert_int_eq(mkdir(mdir, 0755), 0);
    args[8] = "--reports";
    args[9] = dir;
    ck_assert_int_eq(run(args), 0);
    for (int t = 1; t <= 2; t++) {
        args[8] = "--task";
        args[9] = t == 1 ? "1/2" : "2/2";
        args[10] = "-o";
        args[11] = path_of(t == 1 ? "s-1" : "s-2");
        ck_assert_int_eq(run(args), 0);
    }
    ck_assert_int_eq(RUN("merge", path_of("s-2"), path_of("s-1"),
                         "--reports", mdir), 0);
    args[10] = NULL;
    for (int i = 0; i < 3; i++) {
        char name[64], *a, *b;
        args[8] = "-f";
        args[9] = (char *)fmt[i];
        ck_assert_int_eq(run(args), 0);
        snprintf(name, sizeof name, "rep/sweep.%s", ext[i]);
        a = slurp(path_of(name), NULL);
        snprintf(name, sizeof name, "mrep/sweep.%s", ext[i]);
        b = slurp(path_of(name), NULL);
        ck_assert_ptr_nonnull(a);
        ck_assert_ptr_nonnull(b);
        ck_assert_str_eq(a, out);
        ck_assert_str_eq(b, out);
        free(a);
        free(b);
    }
    /* merge with an unknown format: a usage error, nothing written */
    ck_assert_int_eq(RUN("merge", path_of("s-2"), path_of("s-1"), "-f",
                         "xml", "-o", path_of("x")), EX_USAGE);
    usage_said("unknown format 'xml'; use csv, json or text");
    ck_assert_int_ne(access(path_of("x"), F_OK), 0);
    /* into a directory that does not exist: 73 */
    ck_assert_int_eq(RUN("merge", path_of("s-2"), path_of("s-1"),
                         "--reports", path_of("none")), EX_CANTCREAT);
    ck_assert_ptr_nonnull(strstr(err, "none/sweep.csv"));
    /* a shard of another plan at the output path is run again */
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--grid", "fixed_base=0:6e6:2",
                         "--draws", "50", "--task", "1/2", "-o",
                         path_of("s-2")), 0);
    {
        char want[512];
        snprintf(want, sizeof want, "%s: note: another plan's or task's "
                 "result; running task 1/2 again", path_of("s-2"));
        ck_assert_msg(strstr(err, want) != NULL, "got '%s'", err);
    }
    {   /* it now holds task 1/2, byte for byte s-1 */
        char *a = slurp(path_of("s-1"), NULL), *b = slurp(path_of("s-2"),
                                                          NULL);
        ck_assert_str_eq(a, b);
        free(a);
        free(b);
    }
}
END_TEST

START_TEST(sweep_usage_and_refusals)
{
    ck_assert_int_eq(RUN("sweep"), EX_USAGE);
    usage_said("sweep needs at least one SCENARIO file");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--task", "3/2", "-o", "x"),
                     EX_USAGE);
    usage_said("--task needs I/N with 1 <= I <= N (e.g. 2/3), not '3/2'");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--task", "0/2", "-o", "x"),
                     EX_USAGE);
    usage_said("--task needs I/N with 1 <= I <= N (e.g. 2/3), not '0/2'");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--task", "1/2x", "-o", "x"),
                     EX_USAGE);
    usage_said("--task needs I/N with 1 <= I <= N (e.g. 2/3), not '1/2x'");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--task", "1/2"), EX_USAGE);
    usage_said("--task writes a partial result: give -o FILE (then "
               "`consortia merge` the shards' files)");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "-f", "xml"), EX_USAGE);
    usage_said("unknown format 'xml'; use csv, json or text");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "-o", "a", "--reports", "d"),
                     EX_USAGE);
    usage_said("give -o FILE or --reports DIR, not both");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--lhs", "0"), EX_USAGE);
    usage_said("--lhs needs a whole number of points from 1 to 10000000, "
               "not '0'");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--seed", "-3"), EX_USAGE);
    usage_said("--seed needs a whole number from 0 to 9223372036854775807, "
               "not '-3'");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--draws", "0"), EX_USAGE);
    usage_said("--draws needs a whole number from 1 to 10000000, not '0'");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--threads", "257"), EX_USAGE);
    usage_said("--threads needs a whole number from 1 to 256, not '257'");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--bogus"), EX_USAGE);
    usage_said("unknown option '--bogus'");
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--draws"), EX_USAGE);
    usage_said("option '--draws' needs a value");
    {
        char *argv[48] = {BIN, "sweep", EXAMPLE};
        int n = 3;
        for (int k = 0; k < 17; k++) {
            argv[n++] = "-p";
            argv[n++] = tmpdir;
        }
        ck_assert_int_eq(run(argv), EX_USAGE);
        usage_said("at most 16 --plugin-path options");
    }
    /* a scenario that is not there: 66, naming it */
    ck_assert_int_eq(RUN("sweep", path_of("gone.yaml"), "-q"), EX_NOINPUT);
    ck_assert_ptr_nonnull(strstr(err, "gone.yaml"));
    /* a shard that cannot be written: 73, and nothing left */
    ck_assert_int_eq(RUN("sweep", EXAMPLE, "--grid", "fixed_base=0:6e6:2",
                         "--draws", "50", "-q", "--task", "1/2", "-o",
                         path_of("no/p-1")), EX_CANTCREAT);
    ck_assert_ptr_nonnull(strstr(err, "consortia: error: "));
    ck_assert_ptr_nonnull(strstr(err, "no/p-1"));
    ck_assert_int_ne(access(path_of("no"), F_OK), 0);
}
END_TEST


static Suite *suite(void)
{
    Suite *s = suite_create("merge_cli");
    TCase *t = tcase_create("merge_cli");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
    tcase_add_test(t, merge_usage);
    tcase_add_test(t, merge_refuses_what_is_not_a_partial);
    tcase_add_test(t, reports_dir_is_the_three_formats);
    tcase_add_test(t, sweep_usage_and_refusals);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    int failed;
    srunner_run_all(r, CK_NORMAL);
    failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
