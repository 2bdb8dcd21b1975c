/* report_html_appendix.c -- the board pack's appendix (long lists that
 * follow the main part when printed) and its plain-English helpers: a
 * figure in its unit, a metric's label, the glossary, and the references
 * behind the scenario's source tags ([D], [M], [R], ...). */
#include "report_html.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* A number rounded to what it means: 3 significant figures, thousands
 * grouped, never an exponent. */
static void plain_number(char *b, size_t len, double x)
{
    double a = fabs(x);

    if (!isfinite(x))
        snprintf(b, len, "—");
    else if (a >= 1e4)
        snprintf(b, len, "%s", cs_html_num(x));
    else if (a >= 100)
        snprintf(b, len, "%.0f", x);
    else if (a >= 10)
        snprintf(b, len, "%.1f", x);
    else if (a >= 0.01 || a == 0)
        snprintf(b, len, "%.2f", x);
    else
        snprintf(b, len, "%s0.01", x < 0 ? "> −" : "< ");
}

const char *cs_html_value(double x, const char *unit)
{
    static _Thread_local char bufs[8][96];
    static _Thread_local unsigned next;
    char *b = bufs[next++ % 8], n[48];
    const char *g = unit ? strstr(unit, "GBP") : NULL;
    double a = fabs(x);

    if (g && isfinite(x)) {
        const char *sign = x < 0 ? "−" : "";
        if (a >= 1e9)
            snprintf(n, sizeof n, "%s£%.2fbn", sign, a / 1e9);
        else if (a >= 1e6)
            snprintf(n, sizeof n, "%s£%.1fm", sign, a / 1e6);
        else if (a >= 1e4)
            snprintf(n, sizeof n, "%s£%.0fk", sign, a / 1e3);
        else
            snprintf(n, sizeof n, "%s£%.0f", sign, a);
        snprintf(b, 96, "%s%s", n, g[3] ? g + 3 : "");
        return b;
    }
    plain_number(n, sizeof n, x);
    if (unit && unit[0] == '%')
        snprintf(b, 96, "%s%s", n, unit);
    else if (unit && !strcmp(unit, "probability") && isfinite(x))
        snprintf(b, 96, "%.0f%%", 100 * x);
    else
        snprintf(b, 96, "%s%s%s", n, unit && *unit ? " " : "",
                 unit ? unit : "");
    return b;
}

/* Words for the short names plugins give their metrics. */
static const char *const words[][2] = {
    {"var95", "value at risk (95%)"}, {"cvar95", "expected shortfall (95%)"},
    {"gbp", "(£)"}, {"pct", "(%)"}, {"hhi", "concentration (HHI)"},
    {"ci", "concentration index"}, {"p", "chance of"}, {"sd", "spread"},
    {"kmpt", "km per trip"}, {"fte", "full-time staff"}, {"n", "number of"},
};

static void humanise(const char *name, char *buf, size_t len)
{
    size_t used = 0;
    char copy[160], *save = NULL;

    snprintf(copy, sizeof copy, "%s", name ? name : "");
    buf[0] = '\0';
    for (char *t = strtok_r(copy, "_", &save); t;
         t = strtok_r(NULL, "_", &save)) {
        const char *w = t;
        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
            if (!strcmp(t, words[i][0]))
                w = words[i][1];
        used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
                                 "%s%s", used ? " " : "", w);
    }
    if (buf[0])
        buf[0] = (char)toupper((unsigned char)buf[0]);
}

/* "GBP" read out as "£" in a label. */
static void pounds(char *buf, size_t len)
{
    char *p;

    while ((p = strstr(buf, "GBP")) && strlen(buf) + 1 < len) {
        /* "£" is two bytes in UTF-8, one more than "GBP" has less one */
        memmove(p + 2, p + 3, strlen(p + 3) + 1);
        memcpy(p, "\xc2\xa3", 2);
    }
}

/* A doc's first clause into buf, or 0 when it has none a board can read
 * (no doc, too short, or it names another figure by its short name). */
static int first_clause(const char *doc, char *buf, size_t len)
{
    size_t n = 0;

    if (!doc || strlen(doc) < 4)
        return 0;
    while (doc[n] && n + 1 < len && doc[n] != ';' && doc[n] != ':' &&
           !(doc[n] == ',' && n > 24) && !(doc[n] == ' ' && doc[n + 1] ==
           '(' && n > 24))
        n++;
    if (memchr(doc, '_', n))
        return 0;
    memcpy(buf, doc, n);
    buf[n] = '\0';
    {   /* a clause cut inside brackets ends before them */
        char *open = strrchr(buf, '(');
        if (open && !strchr(open, ')')) {
            while (open > buf && open[-1] == ' ')
                open--;
            *open = '\0';
        }
    }
    buf[0] = (char)toupper((unsigned char)buf[0]);
    pounds(buf, len);
    return 1;
}

const char *cs_html_metric_label(const cs_metric_decl *md, char *buf,
                                 size_t len)
{
    if (!first_clause(md->doc, buf, len)) {
        humanise(md->name, buf, len);
        pounds(buf, len);
    }
    return buf;
}

/* The end of a metric's name that tells it from its family, read out:
 * "kmpt" KMPT, "medway_ft" Medway FT, "1pct" 1%, "y2_pct" Y2 (%). */
static void name_tail(const char *tail, char *buf, size_t len)
{
    char copy[160], *save = NULL;
    size_t used = 0;
    int single = !strchr(tail, '_');

    snprintf(copy, sizeof copy, "%s", tail);
    buf[0] = '\0';
    for (char *t = strtok_r(copy, "_", &save); t;
         t = strtok_r(NULL, "_", &save)) {
        char w[160];
        size_t d = strspn(t, "0123456789"), tl = strlen(t);
        if (d && !strcmp(t + d, "pct"))
            snprintf(w, sizeof w, "%.*s%%", (int)d, t);
        else if (!strcmp(t, "pct") || !strcmp(t, "gbp"))
            snprintf(w, sizeof w, "(%s)", t[0] == 'p' ? "%" : "\xc2\xa3");
        else {
            snprintf(w, sizeof w, "%s", t);
            if (tl <= 2 || (single && tl <= 4))     /* FT, Y2, KMPT */
                for (char *q = w; *q; q++)
                    *q = (char)toupper((unsigned char)*q);
            else if (!used)
                w[0] = (char)toupper((unsigned char)w[0]);
        }
        used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
                                 "%s%s", used ? " " : "", w);
    }
}

const char *cs_html_metric_label_of(const cs_metric_decl *all, size_t n,
                                    size_t k, char *buf, size_t len)
{
    size_t pre = 0, used;
    int shared = 0;
    char other[320];

    cs_html_metric_label(&all[k], buf, len);
    /* a family of figures sharing a description ("...of this provider",
       "...IMD quintile 1") or a label: what tells them apart is the end
       of the name after the part the family shares (hhi_kmpt: "kmpt") */
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        if (i == k)
            continue;
        if (!(all[i].doc && all[k].doc && !strcmp(all[i].doc, all[k].doc))
            && strcmp(cs_html_metric_label(&all[i], other, sizeof other),
                      buf))
            continue;
        while (all[i].name[c] && all[i].name[c] == all[k].name[c])
            c++;
        while (c > 0 && all[k].name[c - 1] != '_')
            c--;
        pre = shared ? (c < pre ? c : pre) : c;
        shared = 1;
    }
    if (!shared || !all[k].name[pre])
        return buf;
    used = strlen(buf);
    snprintf(buf + used, used < len ? len - used : 0, ": ");
    used = strlen(buf);
    if (used + 1 < len)
        name_tail(all[k].name + pre, buf + used, len - used);
    return buf;
}

const char *cs_html_param_label(const cs_appraisal *a, const char *name,
                                char *buf, size_t len)
{
    const char *dot = strchr(name, '.'), *comma = strchr(name, ',');
    size_t used = 0;

    if (comma) {                /* a group "a,b": each read out */
        char one[160], part[160];
        buf[0] = '\0';
        for (const char *p = name; p && *p; p = comma ? comma + 1 : NULL) {
            size_t n;
            comma = strchr(p, ',');
            n = comma ? (size_t)(comma - p) : strlen(p);
            snprintf(part, sizeof part, "%.*s", (int)n, p);
            cs_html_param_label(a, part, one, sizeof one);
            used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
                                     "%s%s", used ? " and " : "", one);
        }
        return buf;
    }
    for (size_t i = 0; i < a->n_crits; i++) {
        const cs_crit_run *run = &a->crits[i];
        const char *pn = name;
        if (dot) {
            size_t n = (size_t)(dot - name);
            if (strlen(run->spec->label) != n ||
                strncmp(run->spec->label, name, n))
                continue;
            pn = dot + 1;
        }
        for (size_t k = 0; k < run->params.n_slots; k++) {
            const cs_param_decl *d = run->params.slots[k].decl;
            if (strcmp(d->name, pn))
                continue;
            if (!first_clause(d->doc, buf, len)) {
                humanise(d->name, buf, len);
                pounds(buf, len);
            }
            if (dot) {
                used = strlen(buf);
                snprintf(buf + used, used < len ? len - used : 0, " (%s)",
                         run->spec->label);
            }
            return buf;
        }
    }
    humanise(name, buf, len);   /* a criterion's label, or unknown */
    pounds(buf, len);
    return buf;
}

/* The scenario's options in full: every consortium and its list. */
static void options_in_full(FILE *fp, const cs_model *m)
{
    fputs("<h3 id=\"a-options\">A1. The options in full</h3>\n", fp);
    for (size_t o = 0; o < m->n_options; o++) {
        const cs_option_view *ov = &m->options[o].view;
        cs_html_printf(fp, "<p><strong>%s</strong>: %zu %S.</p>\n<div class="
                       "\"tw\"><table><thead><tr><th>consortium</th><th class="
                       "\"n\">registered patients</th></tr></thead>\n",
                       ov->name, ov->n_consortia,
                       ov->n_consortia == 1 ? "consortium" : "consortia");
        for (size_t c = 0; c < ov->n_consortia; c++)
            cs_html_printf(fp, "<tr><td>%s</td><td class=\"n\">%S</td></tr>"
                           "\n", ov->consortia[c].name,
                           cs_html_num(ov->consortia[c].registered));
        fputs("</table></div>\n", fp);
    }
}

/* Every metric of every criterion, and the distributions. */
static void criteria_in_full(FILE *fp, const cs_appraisal *a)
{
    fputs("<h3 id=\"a-metrics\">A3. Every figure of every criterion</h3>\n"
          "<p>Means over the draws; the short name each plugin gives a "
          "figure is in brackets.</p>\n", fp);
    for (size_t i = 0; i < a->n_crits; i++) {
        char id[64];
        if (a->crits[i].failed)
            continue;
        cs_html_printf(fp, "<h4>%s</h4>\n", a->crits[i].spec->label);
        cs_html_metric_table(fp, a, i);
        snprintf(id, sizeof id, "criterion-%zu", i);
        cs_html_headline_dist(fp, a, i, id);
    }
}

static const char glossary[] =
    "<h3 id=\"glossary\">A6. Glossary</h3>\n<dl>\n"
    "<dt>Overall score</dt><dd>0 to 100: each criterion's value (0 the "
    "worst level considered, 1 the best) times its weight, summed and "
    "multiplied by 100.</dd>\n"
    "<dt>Draw</dt><dd>One simulated year (or horizon): every uncertain "
    "figure takes one value from its distribution, and every option is "
    "scored on the same draw.</dd>\n"
    "<dt>90% interval</dt><dd>The range holding the middle 90% of the "
    "draws (5th to 95th percentile).</dd>\n"
    "<dt>SMAA</dt><dd>Stochastic multicriteria acceptability analysis: the "
    "ranking repeated over many weightings drawn at random (all of them, "
    "or those the scenario admits) together with the draws.</dd>\n"
    "<dt>Rank acceptability</dt><dd>The share of SMAA's weightings and "
    "draws in which an option takes a given rank.</dd>\n"
    "<dt>Central weights</dt><dd>The average of the weightings under which "
    "an option is best: the typical view that favours it.</dd>\n"
    "<dt>Confidence factor</dt><dd>How often an option is best when its "
    "central weights are used, over the draws.</dd>\n"
    "<dt>Weight stability</dt><dd>How far one criterion's weight can move "
    "(the others keeping their ratios) before another option ranks "
    "first.</dd>\n"
    "<dt>Tornado</dt><dd>Each uncertain figure set to its 10th and its "
    "90th percentile in turn, the others at their middle value.</dd>\n"
    "<dt>EVPPI</dt><dd>The expected value of learning one uncertain figure "
    "exactly before deciding, in score points.</dd>\n"
    "<dt>Value at risk (95%)</dt><dd>The overspend exceeded in one year in "
    "twenty.</dd>\n"
    "<dt>Expected shortfall (95%)</dt><dd>The mean overspend in the worst "
    "year in twenty.</dd>\n</dl>\n";

/* "#   [X] text" lines of the scenario's opening comment, with their
 * continuation lines: the sources its tags cite. */
/* One source: "TAG path -- what it is" read as what it is, then the
 * file it is kept in. */
static void reference(FILE *fp, const char *entry, int *any)
{
    const char *sp = strchr(entry, ' '), *dash = sp ? strstr(sp, " -- ")
                                                    : NULL;
    size_t tag = sp ? (size_t)(sp - entry) : strlen(entry);
    char t[16];

    snprintf(t, sizeof t, "%.*s", (int)(tag < 15 ? tag : 15), entry);
    cs_html_printf(fp, "%S<li><strong>[%s]</strong> ", *any ? ""
                   : "<ul class=\"refs\">\n", t);
    *any = 1;
    if (!dash) {
        cs_html_printf(fp, "%s</li>\n", sp ? sp + 1 : "");
        return;
    }
    {
        char file[512];
        const char *f = sp + 1;
        while (*f == ' ')
            f++;
        snprintf(file, sizeof file, "%.*s", (int)(dash - f), f);
        cs_html_printf(fp, "%s <span class=\"sub\">(file: %s)</span></li>\n",
                       dash + 4, file);
    }
}

static void references(FILE *fp, const cs_model *m)
{
    FILE *in = m->path ? fopen(m->path, "r") : NULL;
    char line[1024], entry[4096];
    int open = 0, any = 0;

    fputs("<h3 id=\"references\">A7. References</h3>\n", fp);
    if (m->path && !in) {
        if (errno == ENOMEM)
            cs_html_left_out(fp, "the list of references");
        else
            fputs("<p>The scenario file could not be read again, so its "
                  "references are left out.</p>\n", fp);
        return;
    }
    while (in) {
        int more = fgets(line, sizeof line, in) && line[0] == '#';
        char *p = line + 1, tag[16];
        int n = 0;
        if (more) {
            line[strcspn(line, "\n")] = '\0';
            while (*p == ' ')
                p++;
        }
        if (more && open && p - line > 5 && *p &&
            sscanf(p, "[%14[A-Za-z0-9]]%n", tag, &n) != 1) {
            size_t u = strlen(entry);
            snprintf(entry + u, sizeof entry - u, " %s", p);
            continue;
        }
        if (open)
            reference(fp, entry, &any);
        open = 0;
        if (!more)
            break;
        if (sscanf(p, "[%14[A-Za-z0-9]]%n", tag, &n) == 1 && n > 0) {
            snprintf(entry, sizeof entry, "%s%s", tag, p + n);
            open = 1;
        }
    }
    if (in)
        fclose(in);
    fputs(any ? "</ul>\n<p>Files are named relative to the shared data "
          "folder beside the repository (data/README.md there).</p>\n"
          : "<p>The scenario names no sources in its opening comment.</p>\n",
          fp);
}

void cs_html_appendix(FILE *fp, const cs_appraisal *a)
{
    fputs("<section id=\"appendix\">\n<h2>Appendix</h2>\n", fp);
    cs_html_weights_note(fp, a, 0);
    options_in_full(fp, a->model);
    cs_html_uncertainty_appendix(fp, a);
    criteria_in_full(fp, a);
    fputs("<h3 id=\"assumptions\">A4. Assumptions and parameters</h3>\n<p>"
          "Every figure the models use, the value used in this appraisal, "
          "where that value came from, and its source.</p>\n", fp);
    for (size_t i = 0; i < a->n_crits; i++)
        cs_html_param_table(fp, &a->crits[i]);
    cs_html_provenance(fp, a);
    fputs(glossary, fp);
    references(fp, a->model);
    fputs("</section>\n", fp);
}
