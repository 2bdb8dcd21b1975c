/* sweep_out.c -- a sweep's outputs (sweep.h): the tidy table (CSV and
 * JSON, one row per item x option) and the summary of how the answer
 * moves. Everything here reads only the plan and the item records, so a
 * merged run and a single run write the same bytes. */
#include "sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define JFLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))

static const json_t *params_of(const json_t *plan)
{
    return json_object_get(json_object_get(plan, "design"), "parameters");
}

static double setting_value(const json_t *plan, size_t k, size_t j)
{
    const json_t *set = json_object_get(json_object_get(plan, "design"),
                                        "settings");
    return json_number_value(json_array_get(json_array_get(set, k), j));
}

static int is_ok(const json_t *r)
{
    const char *s = json_string_value(json_object_get(r, "status"));
    return s && !strcmp(s, "ok");
}

/* The union of "criterion.metric" over the items, in order of first
 * appearance: the headline columns. */
static json_t *headline_columns(const json_t *items)
{
    json_t *cols = json_array();
    size_t i, c;
    const json_t *r, *cr;

    json_array_foreach(items, i, r) {
        json_array_foreach(json_object_get(r, "criteria"), c, cr) {
            char name[512];
            size_t k;
            const json_t *have;
            int found = 0;
            snprintf(name, sizeof name, "%s.%s",
                     json_string_value(json_array_get(cr, 0)),
                     json_string_value(json_array_get(cr, 1)));
            json_array_foreach(cols, k, have)
                found |= !strcmp(json_string_value(have), name);
            if (!found)
                json_array_append_new(cols, json_string(name));
        }
    }
    return cols;
}

/* The headline of criterion column `col` for option oj of record r, or
 * NULL when that item has no such criterion. */
static const json_t *headline_at(const json_t *r, const json_t *oj,
                                 const char *col)
{
    size_t c;
    const json_t *cr;

    json_array_foreach(json_object_get(r, "criteria"), c, cr) {
        char name[512];
        snprintf(name, sizeof name, "%s.%s",
                 json_string_value(json_array_get(cr, 0)),
                 json_string_value(json_array_get(cr, 1)));
        if (!strcmp(name, col))
            return json_array_get(json_object_get(oj, "headline"), c);
    }
    return NULL;
}

static void csv_num(FILE *fp, const json_t *v)
{
    fputc(',', fp);
    if (json_is_integer(v))
        fprintf(fp, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        fprintf(fp, "%.10g", json_real_value(v));
}

static void csv_row_head(FILE *fp, const json_t *plan, const json_t *r)
{
    size_t k = (size_t)json_integer_value(json_object_get(r, "setting"));

    fprintf(fp, "%lld,", (long long)json_integer_value(
                             json_object_get(r, "item")));
    cs_csv_field(fp, json_string_value(json_object_get(r, "scenario")));
    fprintf(fp, ",%zu,%s", k, is_ok(r) ? "ok" : "failed");
    for (size_t j = 0; j < json_array_size(params_of(plan)); j++)
        fprintf(fp, ",%.10g", setting_value(plan, k, j));
}

static int write_csv(const json_t *plan, const json_t *items, FILE *fp)
{
    json_t *cols = headline_columns(items);
    size_t i, j, o;
    const json_t *r, *p, *oj, *col;

    fputs("item,scenario,setting,status", fp);
    json_array_foreach(params_of(plan), j, p) {
        fputc(',', fp);
        cs_csv_field(fp, json_string_value(json_object_get(p, "name")));
    }
    fputs(",option,score,score_p05,score_p95,rank,p_best", fp);
    json_array_foreach(cols, j, col) {
        fputc(',', fp);
        cs_csv_field(fp, json_string_value(col));
    }
    fputc('\n', fp);
    json_array_foreach(items, i, r) {
        if (!is_ok(r)) {
            csv_row_head(fp, plan, r);
            fputs(",,,,,,", fp);
            for (j = 0; j < json_array_size(cols); j++)
                fputc(',', fp);
            fputc('\n', fp);
            continue;
        }
        json_array_foreach(json_object_get(r, "options"), o, oj) {
            csv_row_head(fp, plan, r);
            fputc(',', fp);
            cs_csv_field(fp, json_string_value(json_object_get(oj, "id")));
            csv_num(fp, json_object_get(oj, "score"));
            csv_num(fp, json_object_get(oj, "p05"));
            csv_num(fp, json_object_get(oj, "p95"));
            csv_num(fp, json_object_get(oj, "rank"));
            csv_num(fp, json_object_get(oj, "p_best"));
            json_array_foreach(cols, j, col)
                csv_num(fp, headline_at(r, oj, json_string_value(col)));
            fputc('\n', fp);
        }
    }
    json_decref(cols);
    return ferror(fp) ? -1 : 0;
}

/* The option ranked first in record r (the first listed among equals). */
static const char *winner(const json_t *r)
{
    size_t o;
    const json_t *oj;

    json_array_foreach(json_object_get(r, "options"), o, oj)
        if (json_integer_value(json_object_get(oj, "rank")) == 1)
            return json_string_value(json_object_get(oj, "id"));
    return NULL;
}

static json_t *rows_json(const json_t *plan, const json_t *items)
{
    json_t *rows = json_array(), *cols = headline_columns(items);
    size_t i, o, j;
    const json_t *r, *oj, *p, *col;

    json_array_foreach(items, i, r) {
        size_t k = (size_t)json_integer_value(json_object_get(r, "setting"));
        json_t *params = json_object();
        json_array_foreach(params_of(plan), j, p)
            json_object_set_new(params, json_string_value(
                json_object_get(p, "name")), json_real(setting_value(plan, k, j)));
        if (!is_ok(r)) {
            json_t *row = json_pack("{s:O,s:O,s:O,s:s,s:o,s:O}", "item",
                json_object_get(r, "item"), "scenario",
                json_object_get(r, "scenario"), "setting",
                json_object_get(r, "setting"), "status", "failed",
                "parameters", params, "error", json_object_get(r, "error"));
            json_array_append_new(rows, row);
            continue;
        }
        json_array_foreach(json_object_get(r, "options"), o, oj) {
            json_t *h = json_object();
            json_array_foreach(cols, j, col) {
                const json_t *v = headline_at(r, oj, json_string_value(col));
                if (v)
                    json_object_set(h, json_string_value(col), (json_t *)v);
            }
            json_array_append_new(rows, json_pack(
                "{s:O,s:O,s:O,s:s,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:o}",
                "item", json_object_get(r, "item"),
                "scenario", json_object_get(r, "scenario"),
                "setting", json_object_get(r, "setting"), "status", "ok",
                "parameters", params, "option", json_object_get(oj, "id"),
                "score", json_object_get(oj, "score"),
                "score_p05", json_object_get(oj, "p05"),
                "score_p95", json_object_get(oj, "p95"),
                "rank", json_object_get(oj, "rank"),
                "p_best", json_object_get(oj, "p_best"), "headline", h));
        }
        json_decref(params);
    }
    json_decref(cols);
    return rows;
}

static int write_json(const json_t *plan, const json_t *items, FILE *fp)
{
    json_t *root = json_object();
    int rc;

    json_object_set_new(root, "format", json_string("consortia-sweep"));
    json_object_set_new(root, "format_version", json_integer(1));
    json_object_set(root, "plan", (json_t *)plan);
    json_object_set_new(root, "rows", rows_json(plan, items));
    json_object_set_new(root, "summary", cs_sweep_summary(plan, items));
    rc = json_dumpf(root, fp, JFLAGS);
    if (rc == 0 && fputc('\n', fp) == EOF)
        rc = -1;
    json_decref(root);
    return rc;
}

static void text_winners(const json_t *plan, const json_t *items, FILE *fp)
{
    size_t i, j;
    const json_t *r, *p;

    fprintf(fp, "\n%-6s %-24s", "item", "scenario");
    json_array_foreach(params_of(plan), j, p)
        fprintf(fp, " %14.14s", json_string_value(json_object_get(p, "name")));
    fputs("  ranked first\n", fp);
    json_array_foreach(items, i, r) {
        size_t k = (size_t)json_integer_value(json_object_get(r, "setting"));
        fprintf(fp, "%-6zu %-24.24s", i,
                json_string_value(json_object_get(r, "scenario")));
        for (j = 0; j < json_array_size(params_of(plan)); j++)
            fprintf(fp, " %14.6g", setting_value(plan, k, j));
        fprintf(fp, "  %s\n", is_ok(r) ? winner(r) : "(failed)");
    }
}

static int write_text(const json_t *plan, const json_t *items, FILE *fp)
{
    json_t *s = cs_sweep_summary(plan, items);
    size_t i;
    const char *key;
    const json_t *v;

    fprintf(fp, "sweep: %lld items, %lld appraised\n",
            (long long)json_integer_value(json_object_get(s, "items")),
            (long long)json_integer_value(json_object_get(s, "appraised")));
    fputs("\nranked first:\n", fp);
    json_object_foreach((json_t *)json_object_get(s, "ranked_first"), key, v)
        fprintf(fp, "  %-30s %6lld of the items (%.1f%%)\n", key,
                (long long)json_integer_value(json_object_get(v, "items")),
                100 * json_real_value(json_object_get(v, "share")));
    if (json_array_size(json_object_get(s, "parameters")))
        fputs("\nwhat moves the recommendation:\n", fp);
    json_array_foreach(json_object_get(s, "parameters"), i, v) {
        const json_t *fl = json_object_get(v, "flips");
        fprintf(fp, "  %s: %s", json_string_value(json_object_get(v, "name")),
                json_string_value(json_object_get(v, "verdict")));
        if (fl)
            fprintf(fp, "; the first-ranked option changes along it in "
                    "%lld of %lld grid lines",
                    (long long)json_integer_value(json_object_get(fl, "lines_changed")),
                    (long long)json_integer_value(json_object_get(fl, "lines")));
        fputc('\n', fp);
    }
    text_winners(plan, items, fp);
    json_decref(s);
    return ferror(fp) ? -1 : 0;
}

int cs_sweep_write(const json_t *plan, const json_t *items,
                   cs_sweep_format f, FILE *fp)
{
    if (f == CS_SWEEP_CSV)
        return write_csv(plan, items, fp);
    if (f == CS_SWEEP_JSON)
        return write_json(plan, items, fp);
    return write_text(plan, items, fp);
}
