/* fuzz_csvprac.c -- libFuzzer target for the practice CSV reader
 * (core/base/csv.c and core/loader/loader_csvprac.c): the bytes are the
 * practices_csv file of a fixed scenario, written beside it in a private
 * temporary folder, and the scenario is loaded with cs_load_scenario().
 * Whatever loads is freed. It traps when the input is refused without a
 * message, or when a model loads whose practices are not whole (a code,
 * a locality, a positive finite list size). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>
#include "loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char scenario[] =
    "format: 1\n"
    "scenario: {id: fuzz, name: Fuzz}\n"
    "organisations:\n"
    "  - {id: acute, name: Acute Trust, kind: acute}\n"
    "localities:\n"
    "  - {id: north, providers: {acute: 1}}\n"
    "  - {id: south}\n"
    "practices_csv: {file: p.csv, locality_column: area}\n"
    "options:\n"
    "  - id: one\n"
    "    consortia:\n"
    "      - {id: all, localities: [north, south]}\n"
    "  - id: two\n"
    "    consortia:\n"
    "      - {id: n, localities: [north]}\n"
    "      - {id: s, localities: [south]}\n";

static char dir[64], yaml[96], csv[96];

static void cleanup(void)
{
    unlink(csv);
    unlink(yaml);
    rmdir(dir);
}

/* Writes len bytes to path; 0, or -1. */
static int put(const char *path, const void *p, size_t len)
{
    FILE *fp = fopen(path, "wb");
    int bad;

    if (!fp)
        return -1;
    bad = len && fwrite(p, 1, len, fp) != len;
    return fclose(fp) != 0 || bad ? -1 : 0;
}

/* The folder and its scenario, once per process. */
static int setup(void)
{
    if (dir[0])
        return 0;
    strcpy(dir, "/tmp/cs-fuzz-csvprac-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        abort();
    }
    snprintf(yaml, sizeof yaml, "%s/s.yaml", dir);
    snprintf(csv, sizeof csv, "%s/p.csv", dir);
    atexit(cleanup);
    return put(yaml, scenario, sizeof scenario - 1);
}

static void check_whole(const cs_model *m)
{
    for (size_t i = 0; i < m->n_practices; i++) {
        const cs_practice *p = &m->practices[i];
        if (!p->code || !(p->registered > 0) || !isfinite(p->registered) ||
            !(p->weighted > 0) || !isfinite(p->weighted) ||
            p->locality < 0 || (size_t)p->locality >= m->n_localities)
            __builtin_trap();
    }
    for (size_t i = 0; i < m->n_options; i++)
        for (size_t k = 0; k < m->options[i].view.n_consortia; k++)
            if (!m->options[i].consortia[k].n_practices)
                __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_diag diag = {0};
    cs_model *m;

    if (setup() < 0 || put(csv, data, size) < 0)
        abort();                /* the machine, not the reader */
    m = cs_load_scenario(yaml, &diag);
    if (m)
        check_whole(m);
    else if (!diag.n_errors)
        __builtin_trap();       /* refused without saying why */
    cs_model_free(m);
    cs_diag_clear(&diag);
    return 0;
}
