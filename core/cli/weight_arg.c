/* weight_arg.c -- `appraise --weight CRITERION=W`: try other weights
 * without editing the scenario (docs/board-pack.md, "Weights in the
 * room"). W replaces the criterion's weight as the scenario states it:
 * its `weight` under method direct, its points under method swing; the
 * weights are then renormalised as that method does (each divided by
 * their sum), so `--weight risk=2` with every other weight as given is
 * what the board pack's sliders compute. Scenarios whose weights are an
 * ordering, intervals or missing have no per-criterion figure to replace
 * and are refused with a usage error. */
#include "session.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define MAX_WEIGHT_ARGS 64

static const char *weight_args[MAX_WEIGHT_ARGS];
static size_t n_weight_args;

static int weight_usage(const char *arg, const char *why)
{
    fprintf(stderr, "consortia: error: --weight '%s': %s\n", arg, why);
    return EX_USAGE;
}

/* Splits "NAME=W" into the name's length and W; 0, or -1. */
static int split(const char *arg, size_t *name_len, double *w)
{
    const char *eq = strrchr(arg, '=');
    char *end;

    if (!eq || eq == arg || !eq[1])
        return -1;
    *name_len = (size_t)(eq - arg);
    *w = strtod(eq + 1, &end);
    return *end || !isfinite(*w) || *w < 0 ? -1 : 0;
}

int cs_session_add_weight(const char *arg)
{
    size_t len;
    double w;

    if (split(arg, &len, &w) < 0)
        return weight_usage(arg, "give CRITERION=W, W a number of 0 or "
                            "more (e.g. --weight risk=0.4)");
    if (n_weight_args >= MAX_WEIGHT_ARGS)
        return weight_usage(arg, "at most 64 --weight options");
    weight_args[n_weight_args++] = arg;
    return 0;
}

/* The criterion named by its label, else by its plugin if only one
 * criterion uses that plugin; -1 when none. */
static int find_criterion(const cs_model *m, const char *name, size_t len)
{
    int by_plugin = -1, n_plugin = 0;

    for (size_t i = 0; i < m->n_criteria; i++) {
        const cs_criterion_spec *c = &m->criteria[i];
        if (strlen(c->label) == len && !strncmp(c->label, name, len))
            return (int)i;
        if (strlen(c->plugin) == len && !strncmp(c->plugin, name, len)) {
            by_plugin = (int)i;
            n_plugin++;
        }
    }
    return n_plugin == 1 ? by_plugin : -1;
}

static int unknown_criterion(const cs_model *m, const char *arg, size_t len)
{
    fprintf(stderr, "consortia: error: --weight '%s': %s has no criterion "
            "'%.*s'; the criteria are: ", arg, cs_basename(m->path),
            (int)len, arg);
    for (size_t i = 0; i < m->n_criteria; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", m->criteria[i].label);
    fputs("\n", stderr);
    return EX_USAGE;
}

static const char *method_name(cs_weight_method m)
{
    switch (m) {
    case CS_WEIGHTS_ORDINAL: return "an order of importance";
    case CS_WEIGHTS_INTERVALS: return "intervals";
    case CS_WEIGHTS_MISSING: return "no preference (method missing)";
    default: return "";
    }
}

int cs_session_apply_weights(cs_model *m)
{
    for (size_t k = 0; k < n_weight_args; k++) {
        const char *arg = weight_args[k];
        size_t len;
        double w;
        int i;

        if (split(arg, &len, &w) < 0)
            return weight_usage(arg, "give CRITERION=W");
        if ((i = find_criterion(m, arg, len)) < 0)
            return unknown_criterion(m, arg, len);
        if (m->weights.method == CS_WEIGHTS_SWING && m->weights.points) {
            m->weights.points[i] = w;
        } else if (m->weights.method == CS_WEIGHTS_DIRECT) {
            m->criteria[i].weight = w;
            m->criteria[i].has_weight = 1;
        } else {
            fprintf(stderr, "consortia: error: --weight '%s': %s:%d:%d "
                    "states its weights as %s, which has no weight per "
                    "criterion to replace; give the weights with method "
                    "direct or swing to try others with --weight\n", arg,
                    cs_basename(m->path), m->weights.pos.line,
                    m->weights.pos.col, method_name(m->weights.method));
            return EX_USAGE;
        }
        m->weights_from_cli = 1;
    }
    return 0;
}
