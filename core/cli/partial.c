/* partial.c -- partial results of a sharded command (sweep.h): JSON
 * lines, a header, one record per work item, and a trailer holding the
 * SHA-256 of every byte before it, so a shard cut short, edited or mixed
 * with another plan's is refused (docs/scale-out.md). */
#include "config.h"
#include "sweep.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <sysexits.h>
#include <unistd.h>
#include <nettle/sha2.h>

#include "session.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))

static void hex_of(struct sha256_ctx *ctx, char hex[65])
{
    uint8_t dig[SHA256_DIGEST_SIZE];

    sha256_digest(ctx, sizeof dig, dig);
    for (size_t i = 0; i < sizeof dig; i++)
        snprintf(hex + 2 * i, 3, "%02x", dig[i]);
}

void cs_json_sha256(const json_t *v, char hex[65])
{
    struct sha256_ctx ctx;
    char *s = json_dumps(v, DUMP_FLAGS);

    sha256_init(&ctx);
    if (s)
        sha256_update(&ctx, strlen(s), (const uint8_t *)s);
    free(s);
    hex_of(&ctx, hex);
}

/* Writes one line and adds it to the checksum. */
static int put_line(FILE *fp, struct sha256_ctx *ctx, const json_t *v)
{
    char *s = json_dumps(v, DUMP_FLAGS);
    int rc = 0;

    if (!s)
        return -1;
    sha256_update(ctx, strlen(s), (const uint8_t *)s);
    sha256_update(ctx, 1, (const uint8_t *)"\n");
    if (fputs(s, fp) == EOF || fputc('\n', fp) == EOF)
        rc = -1;
    free(s);
    return rc;
}

int cs_partial_write(FILE *fp, const char *command, const json_t *plan,
                     unsigned task, unsigned n_tasks, const size_t *items,
                     size_t n_items, const json_t *records)
{
    struct sha256_ctx ctx;
    json_t *h = json_object(), *it = json_array(), *end = json_object();
    char hex[65];
    int rc;

    cs_json_sha256(plan, hex);
    json_object_set_new(h, "consortia_partial", json_integer(1));
    json_object_set_new(h, "command", json_string(command));
    json_object_set_new(h, "plan_sha256", json_string(hex));
    json_object_set_new(h, "task", json_integer(task));
    json_object_set_new(h, "tasks", json_integer(n_tasks));
    for (size_t i = 0; i < n_items; i++)
        json_array_append_new(it, json_integer((json_int_t)items[i]));
    json_object_set_new(h, "items", it);
    json_object_set(h, "plan", (json_t *)plan);
    sha256_init(&ctx);
    rc = put_line(fp, &ctx, h);
    for (size_t i = 0; rc == 0 && i < json_array_size(records); i++)
        rc = put_line(fp, &ctx, json_array_get(records, i));
    hex_of(&ctx, hex);
    json_object_set_new(end, "end", json_true());
    json_object_set_new(end, "records",
                        json_integer((json_int_t)json_array_size(records)));
    json_object_set_new(end, "sha256", json_string(hex));
    if (rc == 0)
        rc = put_line(fp, &ctx, end);
    json_decref(h);
    json_decref(end);
    return rc;
}

static char *slurp(const char *path, size_t *len, char *err, size_t elen)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;

    if (!fp) {
        snprintf(err, elen, "%s: error: cannot read the partial result: %s; "
                 "check the path", path, strerror(errno));
        return NULL;
    }
    do {
        if (n + 65536 > cap) {
            char *b = realloc(buf, cap = 2 * cap + 65536);
            if (!b) {
                free(buf);
                fclose(fp);
                snprintf(err, elen, "%s: error: out of memory", path);
                return NULL;
            }
            buf = b;
        }
        got = fread(buf + n, 1, cap - n - 1, fp);
        /* a partial is text: a NUL byte ends the read, so that a device
         * such as /dev/zero or /dev/full (given as -o of a task, which
         * looks for a complete partial there first) is not read forever */
        if (memchr(buf + n, '\0', got)) {
            free(buf);
            fclose(fp);
            snprintf(err, elen, "%s: error: not a partial result (it holds "
                     "a NUL byte); give a file `--task I/N -o FILE` wrote",
                     path);
            return NULL;
        }
        n += got;
    } while (got > 0);
    fclose(fp);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Checks the trailer (the last line) against the bytes before it;
 * returns the number of bytes the trailer covers, or 0. */
static size_t check_trailer(const char *buf, size_t n, json_t **recs_n)
{
    const char *last;
    json_t *t, *sha;
    struct sha256_ctx ctx;
    char hex[65];
    size_t body;

    if (n < 2 || buf[n - 1] != '\n')
        return 0;
    for (last = buf + n - 1; last > buf && last[-1] != '\n'; last--)
        ;
    body = (size_t)(last - buf);
    if (body == 0 || !(t = json_loadb(last, n - body, 0, NULL)))
        return 0;
    sha = json_object_get(t, "sha256");
    sha256_init(&ctx);
    sha256_update(&ctx, body, (const uint8_t *)buf);
    hex_of(&ctx, hex);
    if (!json_is_true(json_object_get(t, "end")) || !json_is_string(sha) ||
        strcmp(json_string_value(sha), hex)) {
        json_decref(t);
        return 0;
    }
    *recs_n = t;
    return body;
}

int cs_partial_read(const char *path, json_t **header, json_t **records,
                    char *err, size_t len)
{
    size_t n, body;
    char *buf = slurp(path, &n, err, len), *line, *nl;
    json_t *trailer = NULL;
    int bad = 0;

    *header = *records = NULL;
    if (!buf)
        return -1;
    if (!(body = check_trailer(buf, n, &trailer))) {
        snprintf(err, len, "%s: error: not a complete partial result (no "
                 "trailer, or its checksum does not match); run its task "
                 "again", path);
        free(buf);
        return -1;
    }
    *records = json_array();
    for (line = buf; line < buf + body; line = nl + 1) {
        json_t *v;
        nl = memchr(line, '\n', (size_t)(buf + body - line));
        if (!(v = json_loadb(line, (size_t)(nl - line), 0, NULL))) {
            bad = 1;
            break;
        }
        if (!*header)
            *header = v;
        else
            json_array_append_new(*records, v);
    }
    free(buf);
    if (bad || !*header ||
        !json_is_integer(json_object_get(*header, "consortia_partial")) ||
        json_array_size(*records) !=
            (size_t)json_integer_value(json_object_get(trailer, "records"))) {
        snprintf(err, len, "%s: error: a line of the partial result is not "
                 "valid; run its task again", path);
        json_decref(trailer);
        json_decref(*header);
        json_decref(*records);
        *header = *records = NULL;
        return -1;
    }
    json_decref(trailer);
    return 0;
}

json_t *cs_task_plan(const char *command, const cs_model *m,
                     cs_plugin *const *pl, const char *const *dirs,
                     size_t n_dirs, size_t draws, uint64_t seed)
{
    json_t *p = json_object(), *in = json_array(), *cr = json_array(),
           *pp = json_array();
    const cs_load_opts *lo = cs_session_load_opts();
    char s[32];

    for (size_t i = 0; i < m->n_inputs; i++)
        json_array_append_new(in, json_pack("{s:s,s:s}", "path",
                              m->inputs[i].path, "sha256",
                              m->inputs[i].sha256));
    for (size_t i = 0; i < m->n_criteria; i++)
        json_array_append_new(cr, json_pack("{s:s,s:s,s:s}", "label",
                              m->criteria[i].label, "plugin",
                              pl[i]->desc->name, "version",
                              pl[i]->desc->version));
    for (size_t i = 0; i < n_dirs; i++)
        json_array_append_new(pp, json_string(dirs[i]));
    snprintf(s, sizeof s, "%" PRIu64, seed);
    json_object_set_new(p, "command", json_string(command));
    json_object_set_new(p, "program", json_string(PACKAGE_VERSION));
    json_object_set_new(p, "scenario", json_string(m->path));
    json_object_set_new(p, "inputs", in);
    json_object_set_new(p, "criteria", cr);
    json_object_set_new(p, "plugin_path", pp);
    json_object_set_new(p, "allow_plugin_file",
                        json_boolean(lo->allow_plugin_file));
    json_object_set_new(p, "allow_outside_files",
                        json_boolean(lo->allow_outside_files));
    json_object_set_new(p, "draws", json_integer((json_int_t)draws));
    json_object_set_new(p, "seed", json_string(s));
    return p;
}

int cs_task_done(const char *path, const json_t *plan, unsigned task,
                 unsigned n_tasks, int quiet)
{
    json_t *h, *recs;
    char err[1024], sha[65];
    const char *has;
    int done;

    if (access(path, F_OK) != 0 ||
        cs_partial_read(path, &h, &recs, err, sizeof err) < 0)
        return 0;
    cs_json_sha256(plan, sha);
    has = json_string_value(json_object_get(h, "plan_sha256"));
    done = has && !strcmp(has, sha) &&
           json_integer_value(json_object_get(h, "task")) == task &&
           json_integer_value(json_object_get(h, "tasks")) == n_tasks;
    if (done && !quiet)
        fprintf(stderr, "%s: complete (task %u/%u, %zu items); not "
                "redone\n", path, task, n_tasks, json_array_size(recs));
    json_decref(h);
    json_decref(recs);
    return done;
}

int cs_task_plan_holds(const json_t *plan, const json_t *now,
                       const char *const *fields, size_t n_fields,
                       const char *other)
{
    const char *scen = json_string_value(json_object_get(plan, "scenario"));

    for (size_t i = 0; i < n_fields; i++)
        if (!json_equal(json_object_get(plan, fields[i]),
                        json_object_get(now, fields[i]))) {
            fprintf(stderr, "%s: error: the partial results were made %s; "
                    "run every task again with this program and these "
                    "files\n", scen, !strcmp(fields[i], "program")
                    ? "by another version of consortia"
                    : !strcmp(fields[i], "inputs")
                    ? "from other bytes of the scenario or its data files"
                    : !strcmp(fields[i], "criteria")
                    ? "with other plugins or plugin versions"
                    : other);
            return EX_DATAERR;
        }
    return 0;
}
