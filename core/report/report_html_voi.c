/* report_html_voi.c -- the board pack's section "The uncertainty most
 * worth resolving before the vote": the expected value of perfect
 * information about each uncertain parameter (EVPPI), in score points and
 * as the chance that knowing it would change the decision. */
#include <errno.h>
#include "report.h"

#include <math.h>

#include "html.h"
#include "report_html.h"
#include "decision/score.h"

/* A row's uncertainty for the board: a criterion's label as it stands,
 * a parameter or a group by its declared meaning. */
static const char *row_label(const cs_appraisal *a, const cs_voi_row *r,
                             char *buf, size_t len)
{
    if (r->group == 1)
        return r->name;
    return cs_html_param_label(a, r->name, buf, len);
}

static void lead(FILE *fp, const cs_appraisal *a, const cs_voi_table *t)
{
    const cs_voi_row *top = &t->rows[0];
    char label[320];

    if (!top->ok || !(top->est.value > 0)) {
        cs_html_printf(fp, "<p>Learning any one uncertain parameter would "
                       "not change the decision on these %S draws: %s stays "
                       "best whatever its value.</p>\n",
                       cs_html_num((double)a->n_draws),
                       a->model->options[t->baseline].view.name);
        return;
    }
    if (!(top->est.value > 2 * top->est.value_se)) {
        cs_html_printf(fp, "<div class=\"callout\"><p>No single uncertain "
                       "parameter stands out: the largest figure, for %s%s, "
                       "is %.2f score points, within twice its Monte Carlo "
                       "error (%.2f) of nothing. The uncertainty in the "
                       "answer lies mostly in what the parameters do not "
                       "explain (the year-to-year variation the criteria "
                       "simulate) or in several together.</p></div>\n",
                       top->group ? "the parameters of " : "",
                       row_label(a, top, label, sizeof label),
                       top->est.value, top->est.value_se);
        return;
    }
    cs_html_printf(fp, "<div class=\"callout\"><p class=\"big\"><strong>%s"
                   "%s</strong> is the uncertainty most worth resolving "
                   "before the vote.</p><p>Knowing it exactly would change "
                   "the choice with probability %.0f%% and is worth %.2f "
                   "score points on average (Monte Carlo error %.2f).</p>"
                   "</div>\n", top->group ? "The parameters of " : "",
                   row_label(a, top, label, sizeof label),
                   100 * top->est.p_change, top->est.value,
                   top->est.value_se);
}

void cs_html_voi(FILE *fp, const cs_appraisal *a)
{
    cs_voi_table t;

    fputs("<section id=\"voi\">\n<h2>The uncertainty most worth resolving "
          "before the vote</h2>\n", fp);
    cs_html_weights_note(fp, a, 0);
    errno = 0;
    if (cs_voi_compute(a, &t) < 0) {
        fputs(errno == ENOMEM ? "<p>(out of memory: the value of "
              "information is left out.)</p>\n</section>\n"
              : "<p>The value of information could not be computed.</p>\n"
              "</section>\n", fp);
        cs_voi_table_free(&t);
        return;
    }
    if (t.n_rows == 0) {
        fputs("<p>No parameter of this scenario is uncertain.</p>\n"
              "</section>\n", fp);
        cs_voi_table_free(&t);
        return;
    }
    lead(fp, a, &t);
    if (t.evpi_ok)
        cs_html_printf(fp, "<p>Resolving all uncertainty at once (the "
                       "expected value of perfect information) would be "
                       "worth %.2f points (error %.2f) and would change the "
                       "choice with probability %.0f%%.</p>\n",
                       t.evpi.value, t.evpi.value_se,
                       100 * t.evpi.p_change);
    fputs("<table>\n<tr><th>Uncertainty</th><th>Worth (score points)</th>"
          "<th>Error</th><th>Chance the choice changes</th></tr>\n", fp);
    for (size_t i = 0; i < t.n_rows; i++) {
        const cs_voi_row *r = &t.rows[i];
        char label[320];
        row_label(a, r, label, sizeof label);
        if (!r->ok) {
            cs_html_printf(fp, "<tr><td title=\"%s\">%S%s</td><td colspan="
                           "\"3\">too few draws to estimate</td></tr>\n",
                           r->name, r->group ? "all of " : "", r->group == 1
                           ? r->name : label);
            continue;
        }
        cs_html_printf(fp, "<tr><td title=\"%s\">%S%s</td><td>%.2f</td>"
                       "<td>%.2f</td><td>%.0f%%</td></tr>\n", r->name,
                       r->group ? "all of " : "",
                       r->group == 1 ? r->name : label, r->est.value,
                       r->est.value_se,
                       100 * r->est.p_change);
    }
    fputs("</table>\n<p class=\"sub\">Expected value of partial perfect "
          "information, by regression of each option's score on the "
          "parameter (Strong, Oakley and Brennan, Medical Decision Making "
          "2014); errors from 20 batches of draws.</p>\n</section>\n", fp);
    cs_voi_table_free(&t);
}
