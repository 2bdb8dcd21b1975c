/* smaa_cmd.c -- `consortia smaa`: SMAA-2 on samples from files, for
 * researchers (docs/decision.md, "External samples"). */
#include "mcda/mcda.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>
#include <jansson.h>

#include "base/base.h"
#include "report/report.h"
#include "session.h"
#include "help.h"

typedef struct smaa_args {
    const char *meas, *weights, *output;
    size_t iterations;
    unsigned long long seed;
    int json;
} smaa_args;

static const char smaa_usage[] =
    "usage: consortia smaa --measurements FILE [--weights FILE]\n"
    "                      [--iterations N] [--seed N] [--format text|json]\n"
    "                      [-o FILE]\n";

static int usage(const char *what, const char *arg)
{
    fprintf(stderr, "consortia: error: ");
    fprintf(stderr, what, arg);
    fprintf(stderr, "\n%s", smaa_usage);
    return EX_USAGE;
}

static int parse(int argc, char **argv, smaa_args *a)
{
    static const struct option longopts[] = {
        {"measurements", required_argument, NULL, 'm'},
        {"weights", required_argument, NULL, 'w'},
        {"iterations", required_argument, NULL, 'i'},
        {"seed", required_argument, NULL, 's'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    uint64_t v;
    int opt;
    char msg[256];

    *a = (smaa_args){.iterations = 10000, .seed = 20110401};
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":m:w:i:s:f:o:", longopts,
                              NULL)) != -1) {
        switch (opt) {
        case 'm': a->meas = optarg; break;
        case 'w': a->weights = optarg; break;
        case 'o':
            if (!*optarg)
                return usage("%s", "-o needs a file name, not ''; give -o "
                             "FILE, or -o - for standard output");
            a->output = optarg;
            break;
        case 'i':
            if (cs_parse_count(optarg, 1, 100000000, &v) < 0)
                return usage("--iterations needs a whole number from 1 to "
                             "100000000, not '%s'", optarg);
            a->iterations = (size_t)v;
            break;
        case 's':
            if (cs_parse_count(optarg, 0, UINT64_MAX, &v) < 0)
                return usage("--seed needs a whole number, not '%s'", optarg);
            a->seed = v;
            break;
        case 'f':
            if (strcmp(optarg, "text") && strcmp(optarg, "json"))
                return usage("unknown format '%s'; use text or json", optarg);
            a->json = !strcmp(optarg, "json");
            break;
        case ':':
            return usage("option '%s' needs a value", argv[optind - 1]);
        default:
            return usage("%s", cs_option_error(argv[optind - 1], longopts,
                                               msg, sizeof msg));
        }
    }
    if (optind < argc)
        return usage("unexpected argument '%s'", argv[optind]);
    if (!a->meas)
        return usage("%s", "give the samples with --measurements FILE");
    return 0;
}

static void write_text(FILE *fp, const cs_smaa_input *in, const cs_smaa *s,
                       const char *source)
{
    size_t n = s->n_opt, nc = s->n_crit;

    fprintf(fp, "SMAA-2: %zu alternatives, %zu criteria, %zu draws, %zu "
            "weight vectors (%s)\n\nRank acceptabilities (standard error)\n",
            n, nc, s->n_draws, s->n_iter, source);
    for (size_t o = 0; o < n; o++) {
        fprintf(fp, "  %-30.30s", in->alt[o]);
        for (size_t r = 0; r < n; r++)
            fprintf(fp, " %.4f (%.4f)", s->ra[o * n + r], s->ra_se[o * n + r]);
        fputc('\n', fp);
    }
    fprintf(fp, "\nCentral weights and confidence factors\n  %-30s", "");
    for (size_t c = 0; c < nc; c++)
        fprintf(fp, " %12.12s", in->crit[c]);
    fprintf(fp, "   confidence\n");
    for (size_t o = 0; o < n; o++) {
        fprintf(fp, "  %-30.30s", in->alt[o]);
        for (size_t c = 0; c < nc; c++)
            if (isnan(s->cw[o * nc]))
                fprintf(fp, " %12s", "-");
            else
                fprintf(fp, " %12.7f", s->cw[o * nc + c]);
        if (isnan(s->cf[o]))
            fprintf(fp, "   never first\n");
        else
            fprintf(fp, "   %.4f (%.4f)\n", s->cf[o], s->cf_se[o]);
    }
    fprintf(fp, "\nRanking entropy: %.7f bits\n", s->entropy);
}

static int write_json(FILE *fp, const cs_smaa_input *in, const cs_smaa *s,
                      const char *source)
{
    json_t *root = json_object(), *alts = json_array(), *crit = json_array();
    int rc;

    for (size_t c = 0; c < s->n_crit; c++)
        json_array_append_new(crit, json_string(in->crit[c]));
    for (size_t o = 0; o < s->n_opt; o++) {
        json_t *a = json_object();
        json_object_set_new(a, "name", json_string(in->alt[o]));
        json_object_set_new(a, "rank_acceptability",
                            cs_json_nums(s->ra + o * s->n_opt, s->n_opt));
        json_object_set_new(a, "rank_acceptability_se",
                            cs_json_nums(s->ra_se + o * s->n_opt, s->n_opt));
        json_object_set_new(
            a, "central_weights",
            isnan(s->cw[o * s->n_crit])
                ? json_null()
                : cs_json_nums(s->cw + o * s->n_crit, s->n_crit));
        json_object_set_new(
            a, "central_weights_se",
            isnan(s->cw[o * s->n_crit])
                ? json_null()
                : cs_json_nums(s->cw_se + o * s->n_crit, s->n_crit));
        json_object_set_new(a, "confidence_factor", cs_json_num(s->cf[o]));
        json_object_set_new(a, "confidence_factor_se",
                            cs_json_num(s->cf_se[o]));
        json_array_append_new(alts, a);
    }
    json_object_set_new(root, "draws", json_integer((json_int_t)s->n_draws));
    json_object_set_new(root, "iterations", json_integer((json_int_t)s->n_iter));
    json_object_set_new(root, "weights", json_string(source));
    json_object_set_new(root, "criteria", crit);
    json_object_set_new(root, "alternatives", alts);
    json_object_set_new(root, "ranking_entropy", cs_json_num(s->entropy));
    rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                              JSON_REAL_PRECISION(10));
    if (rc == 0 && fputc('\n', fp) == EOF)
        rc = -1;
    json_decref(root);
    return rc;
}

/* Uniform weights on the simplex when no file gives them. */
static double *sample_simplex(size_t nc, size_t n, unsigned long long seed,
                              char *err, size_t len)
{
    cs_weight_space *ws = cs_weight_space_alloc(nc);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *w = malloc(n * nc * sizeof *w);
    cs_wsample_info info;

    if (!ws || !r || !w) {
        snprintf(err, len, "out of memory");
        free(w);
        w = NULL;
    } else {
        gsl_rng_set(r, (unsigned long)seed);
        if (cs_smaa_sample_weights(ws, r, n, w, &info, err, len) < 0) {
            free(w);
            w = NULL;
        }
    }
    gsl_rng_free(r);
    cs_weight_space_free(ws);
    return w;
}

static int report(const smaa_args *a, const cs_smaa_input *in,
                  const cs_smaa *s, const char *source)
{
    cs_out out;
    char err[1024];
    int rc;

    if (cs_out_open(&out, a->output, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_CANTCREAT;
    }
    if (a->json)
        rc = write_json(out.fp, in, s, source);
    else {
        write_text(out.fp, in, s, source);
        rc = ferror(out.fp) ? -1 : 0;
    }
    if (rc < 0) {
        cs_out_fail(&out, err, sizeof err);
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_IOERR;
    }
    if (cs_out_commit(&out, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_IOERR;
    }
    return 0;
}

int cs_cmd_smaa(int argc, char **argv)
{
    smaa_args a;
    cs_smaa_input in;
    cs_smaa *s = NULL;
    double *w;
    size_t n_iter;
    char err[1024], source[160];
    int rc = parse(argc, argv, &a);

    if (rc)
        return rc;
    if (access(a.meas, R_OK) || (a.weights && access(a.weights, R_OK))) {
        const char *f = access(a.meas, R_OK) ? a.meas : a.weights;
        fprintf(stderr, "%s: error: cannot read: %s; check the path\n", f,
                strerror(errno));
        return EX_NOINPUT;
    }
    if (a.output && strcmp(a.output, "-") &&
        (cs_same_file(a.output, a.meas) ||
         (a.weights && cs_same_file(a.output, a.weights)))) {
        fprintf(stderr, "consortia: error: the output '%s' is the input "
                "'%s'; writing the report there would overwrite it; give -o "
                "another file name\n", a.output,
                cs_same_file(a.output, a.meas) ? a.meas : a.weights);
        return EX_CANTCREAT;
    }
    if (cs_smaa_read_csv(a.meas, a.weights, &in, err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        return EX_DATAERR;
    }
    w = in.w;
    n_iter = in.n_w;
    snprintf(source, sizeof source, "from %s", a.weights ? a.weights : "");
    if (!w) {
        n_iter = a.iterations;
        snprintf(source, sizeof source, "uniform on the simplex, seed %llu",
                 a.seed);
        w = sample_simplex(in.n_crit, n_iter, a.seed, err, sizeof err);
    }
    if (w)
        s = cs_smaa_run(in.perf, w, n_iter, err, sizeof err);
    rc = s ? report(&a, &in, s, source) : EX_SOFTWARE;
    if (!s)
        fprintf(stderr, "consortia: error: %s\n", err);
    if (w != in.w)
        free(w);
    cs_smaa_free(s);
    cs_smaa_input_clear(&in);
    return rc;
}
