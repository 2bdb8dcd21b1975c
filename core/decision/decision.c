/* decision.c -- an appraisal, then its decision: scores, ranks, SMAA-2,
 * weight stability (score.c) and the tornado (sensitivity.c). */
#include "score.h"

#include <stddef.h>

cs_appraisal *cs_appraise_decided(const cs_model *model,
                                  cs_plugin *const *plugins,
                                  const cs_appraise_opts *opts, cs_diag *diag,
                                  int *plugin_failed)
{
    cs_appraisal *a = cs_appraise(model, plugins, opts, diag, plugin_failed);

    if (!a)
        return NULL;
    if (cs_score_options(a, diag) < 0 || cs_sensitivity_run(a, diag) < 0) {
        cs_appraisal_take_log(a, diag);
        cs_appraisal_free(a);
        return NULL;
    }
    cs_appraisal_take_log(a, diag);
    return a;
}
