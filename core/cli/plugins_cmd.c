/* plugins_cmd.c -- `consortia plugins [--verbose]`. */
#include "session.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

static void print_param(const cs_param_decl *p)
{
    printf("      %-26s %-9s ", p->name, cs_param_type_name(p->type));
    if (p->type == CS_PARAM_CHOICE)
        printf("default %s; one of %s", p->def_choice, p->choices);
    else if (p->type == CS_PARAM_UNCERTAIN && p->def_dist)
        printf("default %s, range [%g, %g] %s", p->def_dist, p->min, p->max,
               p->unit ? p->unit : "");
    else if (p->type == CS_PARAM_BOOLEAN)
        printf("default %s", p->def != 0.0 ? "true" : "false");
    else
        printf("default %g, range [%g, %g] %s", p->def, p->min, p->max,
               p->unit ? p->unit : "");
    printf("\n        %s\n", p->doc ? p->doc : "");
}

static void print_metric(const cs_metric_decl *m, int headline)
{
    printf("      %-26s %-14s %s%s%s\n        %s\n", m->name, m->unit,
           m->direction == CS_HIGHER_IS_BETTER ? "higher is better"
           : m->direction == CS_LOWER_IS_BETTER ? "lower is better"
           : "not scored", m->sampled ? ", per draw" : "",
           headline ? ", HEADLINE" : "", m->doc ? m->doc : "");
}

int cs_cmd_plugins(const char *const *dirs, size_t n_dirs, int verbose)
{
    cs_plugin_path path;
    cs_plugin **all = NULL;
    cs_diag diag = {0};
    size_t n = 0;

    if (cs_plugin_path_init(&path, dirs, n_dirs) < 0 ||
        cs_plugin_list(&path, &all, &n, &diag) < 0) {
        fprintf(stderr, "consortia: error: out of memory\n");
        return EX_OSERR;
    }
    cs_diag_print(&diag, stderr);
    if (n == 0)
        fprintf(stderr, "consortia: warning: no plugins found; give "
                "--plugin-path or set CONSORTIA_PLUGIN_PATH\n");
    for (size_t i = 0; i < n; i++) {
        const cs_plugin_descriptor *d = all[i]->desc;
        printf("%-12s %-8s ABI %u.%u  %s\n", d->name, d->version,
               (unsigned)(d->abi_version >> 16),
               (unsigned)(d->abi_version & 0xffff), d->summary ? d->summary : "");
        if (!verbose)
            continue;
        {
            int o = cs_plugin_path_origin(&path, all[i]->path);
            printf("    file: %s\n    found in: %s\n    parameters:\n",
                   all[i]->path, o < 0 ? "a path given by name"
                   : cs_path_origin_name((cs_path_origin)o));
        }
        for (size_t k = 0; k < d->n_params; k++)
            print_param(&d->params[k]);
        printf("    metrics (before any set by parameters at start):\n");
        for (size_t k = 0; k < d->n_metrics; k++)
            print_metric(&d->metrics[k], k == 0);
        if (cs_descriptor_scale(d))
            printf("    default value scale of the headline: worst %g, "
                   "best %g\n        %s\n", cs_descriptor_scale(d)->worst,
                   cs_descriptor_scale(d)->best,
                   cs_descriptor_scale(d)->source);
        else
            printf("    no default value scale: a scenario must give "
                   "value_function levels\n");
    }
    for (size_t i = 0; i < n; i++)
        cs_plugin_close(all[i]);
    free(all);
    cs_plugin_path_free(&path);
    cs_diag_clear(&diag);
    return EX_OK;
}
