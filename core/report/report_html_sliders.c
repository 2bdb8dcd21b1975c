/* report_html_sliders.c -- "Try other weights": sliders in the
 * self-contained board pack that recompute every option's score, P(best)
 * and rank from the per-draw values (0 to 1) of each option on each
 * criterion, embedded in the page, the way the decision engine does
 * (mcda/decide.h: score = 100 * sum_j w_j v_j on every draw, ties shared
 * in the draw's ranks, rank by mean score, ties by scenario order). The
 * weights are the scenario's own figures (method direct: `weight`; swing:
 * points) divided by their sum, as `appraise --weight CRITERION=W` does,
 * so both give the same numbers (tests/html-browser.py checks it). The
 * page rounds a weight to a whole percent as printf's %.0f does (a tie to
 * the even one), so what the page writes matches what the program wrote. */
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "report.h"
#include "mcda/mcda.h"

/* Draws embedded at most: 3 options x 7 criteria x 2,000 draws of a
 * varying criterion stay under 1 MB. ASSUMPTION: a page a board member
 * can e-mail; beyond it every (n/2000)-th draw is kept and the page says
 * so. */
#define SLIDER_DRAWS 2000

/* A JSON string inside <script>: quotes, backslashes, control characters
 * and "<" escaped so no "</script>" can end the element. */
static void json_str(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(fp, "\\%c", c);
        else if (c < 0x20 || c == '<' || c == '>' || c == '&')
            fprintf(fp, "\\u%04x", c);
        else
            fputc(c, fp);
    }
    fputc('"', fp);
}

/* The scenario's raw weight figure of scored criterion j. */
static double raw_weight(const cs_appraisal *a, size_t j)
{
    const cs_decision *d = a->decision;
    const cs_model *m = a->model;
    size_t i = d->crit[j];

    if (m->weights.method == CS_WEIGHTS_SWING && m->weights.points)
        return m->weights.points[i];
    if (m->weights.method == CS_WEIGHTS_DIRECT)
        return a->crits[i].spec->weight;
    return d->weights[j];
}

/* Option o on criterion j over the kept draws: one number when it does
 * not vary. */
static void series(FILE *fp, const cs_decision *d, size_t o, size_t j,
                   size_t n, size_t kept)
{
    double first = *cs_perf_at(d->perf, o, j, 0);
    int varies = 0;

    for (size_t k = 1; k < n && !varies; k++)
        varies = *cs_perf_at(d->perf, o, j, k) != first;
    if (!varies) {
        fprintf(fp, "%.17g", first);
        return;
    }
    fputc('[', fp);
    for (size_t i = 0; i < kept; i++)
        fprintf(fp, "%s%.17g", i ? "," : "",
                *cs_perf_at(d->perf, o, j, i * n / kept));
    fputc(']', fp);
}

static void data_block(FILE *fp, const cs_appraisal *a, size_t kept)
{
    const cs_decision *d = a->decision;
    const cs_model *m = a->model;

    fputs("<script type=\"application/json\" id=\"w-data\">{\"crit\":[", fp);
    for (size_t j = 0; j < d->n_crit; j++) {
        fputs(j ? "," : "", fp);
        json_str(fp, a->crits[d->crit[j]].spec->label);
    }
    fputs("],\"raw\":[", fp);
    for (size_t j = 0; j < d->n_crit; j++)
        fprintf(fp, "%s%.17g", j ? "," : "", raw_weight(a, j));
    fputs("],\"opt\":[", fp);
    for (size_t o = 0; o < d->n_opt; o++) {
        fputs(o ? "," : "", fp);
        json_str(fp, m->options[o].view.name);
    }
    fprintf(fp, "],\"cli\":%d,\"file\":", m->weights.method ==
            CS_WEIGHTS_DIRECT || m->weights.method == CS_WEIGHTS_SWING);
    json_str(fp, cs_basename(m->path));
    fprintf(fp, ",\"nd\":%zu,\"v\":[", kept);
    for (size_t o = 0; o < d->n_opt; o++) {
        fputs(o ? ",[" : "[", fp);
        for (size_t j = 0; j < d->n_crit; j++) {
            fputs(j ? "," : "", fp);
            series(fp, d, o, j, a->n_draws, kept);
        }
        fputc(']', fp);
    }
    fputs("]}</script>\n", fp);
}

static const char script[] =
    "<script>(function(){\n"
    "var D=JSON.parse(document.getElementById('w-data').textContent);\n"
    "var nc=D.crit.length,no=D.opt.length,raw=D.raw.slice();\n"
    "var origin=document.getElementById('weights-origin').textContent;\n"
    "function val(o,j,k){var x=D.v[o][j];return typeof x==='number'?x:x[k];}\n"
    "function pct(x){var v=100*x,r=Math.round(v);\n"
    " if(v-Math.floor(v)===0.5&&r%2)r--;return r+'%';}\n"
    "function compute(){var sum=0,w=[],mean=[],pb=[],t=[],o,q,j,k;\n"
    " for(j=0;j<nc;j++)sum+=raw[j];\n"
    " for(j=0;j<nc;j++)w[j]=sum>0?raw[j]/sum:0;\n"
    " for(o=0;o<no;o++){mean[o]=0;pb[o]=0;}\n"
    " for(k=0;k<D.nd;k++){for(o=0;o<no;o++){var s=0;\n"
    "  for(j=0;j<nc;j++)s+=w[j]*val(o,j,k);t[o]=100*s;mean[o]+=t[o];}\n"
    "  for(o=0;o<no;o++){var ab=0,eq=0;for(q=0;q<no;q++){\n"
    "   if(t[q]>t[o])ab++;if(t[q]===t[o])eq++;}if(ab===0)pb[o]+=1/eq;}}\n"
    " var r=[];for(o=0;o<no;o++){mean[o]/=D.nd;pb[o]/=D.nd;}\n"
    " for(o=0;o<no;o++){var rk=1;for(q=0;q<no;q++)\n"
    "  if(mean[q]>mean[o]||(mean[q]===mean[o]&&q<o))rk++;r[o]=rk;}\n"
    " return {w:w,mean:mean,pb:pb,rank:r,sum:sum};}\n"
    "function show(){var R=compute(),tb=document.getElementById('w-rows'),\n"
    " ord=[],o,j,h='';for(o=0;o<no;o++)ord[R.rank[o]-1]=o;\n"
    " for(var i=0;i<no;i++){o=ord[i];h+='<tr data-option=\"'+o+'\" data-rank=\"'\n"
    "  +R.rank[o]+'\" data-score=\"'+R.mean[o]+'\" data-pbest=\"'+R.pb[o]+\n"
    "  '\"><td class=\"n\">'+R.rank[o]+'</td><td></td><td class=\"n\">'+\n"
    "  R.mean[o].toFixed(1)+'</td><td class=\"n\">'+pct(R.pb[o])+'</td></tr>';}\n"
    " tb.innerHTML=h;for(i=0;i<no;i++)tb.rows[i].cells[1].textContent=\n"
    "  (i===0?'\\u2605 ':'')+D.opt[ord[i]];\n"
    " var txt=[],cmd='consortia appraise '+D.file,changed=false;\n"
    " for(j=0;j<nc;j++){txt.push(D.crit[j]+' '+pct(R.w[j]));\n"
    "  document.getElementById('wv-'+j).textContent=pct(R.w[j]);\n"
    "  if(raw[j]!==D.raw[j]){changed=true;\n"
    "   cmd+=\" --weight '\"+D.crit[j]+'='+raw[j]+\"'\";}}\n"
    " document.getElementById('weights-in-force').textContent=txt.join(', ');\n"
    " document.getElementById('weights-origin').textContent=changed?\n"
    "  '(set with the sliders on this page)':origin;\n"
    " var first=D.opt[ord[0]]+' would rank first, scoring '+\n"
    "  R.mean[ord[0]].toFixed(1)+(no>1?'; '+D.opt[ord[1]]+' follows with '+\n"
    "  R.mean[ord[1]].toFixed(1):'')+' (Try other weights has every option).';\n"
    " document.querySelectorAll('.atw').forEach(function(e){e.hidden=!changed;});\n"
    " document.querySelectorAll('.atw-now').forEach(function(e){\n"
    "  e.textContent=first;});\n"
    " document.getElementById('w-cmd').textContent=D.cli?cmd:\n"
    "  'appraise --weight needs weights stated directly or by swing';}\n"
    "for(var j=0;j<nc;j++)(function(j){var s=document.getElementById('w-'+j);\n"
    " s.addEventListener('input',function(){raw[j]=parseFloat(s.value);show();});\n"
    "})(j);\n"
    "document.getElementById('w-reset').addEventListener('click',function(){\n"
    " raw=D.raw.slice();for(var j=0;j<nc;j++)\n"
    "  document.getElementById('w-'+j).value=raw[j];show();});\n"
    "document.getElementById('w-js').hidden=false;show();\n"
    "})();</script>\n";

static void slider_rows(FILE *fp, const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    double top = 0;

    /* up to three times the sum: any one criterion can reach 3/4 of the
       weight, enough to find where the answer turns */
    for (size_t j = 0; j < d->n_crit; j++)
        top += raw_weight(a, j);
    top = cs_nice_ceiling(3 * top);
    for (size_t j = 0; j < d->n_crit; j++)
        cs_html_printf(fp, "<label class=\"slider\"><span>%s</span> <input "
                       "type=\"range\" id=\"w-%zu\" min=\"0\" max=\"%g\" "
                       "step=\"%g\" value=\"%.17g\"> <output id=\"wv-%zu\">"
                       "%.0f%%</output></label>\n",
                       a->crits[d->crit[j]].spec->label, j, top, top / 100,
                       raw_weight(a, j), j, 100 * d->weights[j]);
}

/* Every section whose figures depend on the weights carries this note,
 * hidden until a slider moves the weights off those the pack was made
 * with: its figures stay at those weights, and it says so in print too.
 * On page one it also says, from the sliders' own computation, which
 * option would rank first. */
void cs_html_weights_note(FILE *fp, const cs_appraisal *a, int page_one)
{
    const cs_decision *d = a->decision;

    if (!d || !d->perf || a->n_draws == 0)
        return;                 /* no sliders, so nothing can move */
    cs_html_printf(fp, "<p class=\"atw\" hidden><strong>Computed at %S (",
                   a->model->weights_from_cli
                   ? "the weights set with --weight"
                   : "the scenario's weights");
    for (size_t j = 0; j < d->n_crit; j++)
        cs_html_printf(fp, "%S%s %.0f%%", j ? ", " : "",
                       a->crits[d->crit[j]].spec->label, 100 * d->weights[j]);
    fputs("),</strong> not at the weights now set with the sliders", fp);
    if (page_one)
        fputs(". At the sliders' weights, <span class=\"atw-now\"></span>",
              fp);
    else
        fputs(" (the ranking at those is under <a href=\"#weights\">Try "
              "other weights</a>).", fp);
    fputs("</p>\n", fp);
}

void cs_html_sliders(FILE *fp, const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    size_t kept = a->n_draws < SLIDER_DRAWS ? a->n_draws : SLIDER_DRAWS;

    if (!d || !d->perf || a->n_draws == 0)
        return;
    fputs("<section id=\"weights\" class=\"noprint\">\n<h2>Try other weights"
          "</h2>\n<div id=\"w-js\" hidden>\n<p>Move a slider to give a "
          "criterion more or less weight; the weights are divided by their "
          "sum, as the scenario's are. The scores, the chance of being best "
          "and the ranks below are recomputed in this page, offline, from "
          "each option's value on each criterion in every draw.", fp);
    if (kept < a->n_draws)
        cs_html_printf(fp, " To keep the page small it holds %S of the %S "
                       "draws (every %.1fth), so the figures can differ "
                       "from the full run by its Monte Carlo error.",
                       cs_html_num((double)kept),
                       cs_html_num((double)a->n_draws),
                       (double)a->n_draws / (double)kept);
    fputs("</p>\n", fp);
    slider_rows(fp, a);
    fputs("<p><button type=\"button\" id=\"w-reset\">The scenario's weights"
          "</button></p>\n<div class=\"tw\"><table id=\"w-table\"><thead><tr>"
          "<th class=\"n\">rank</th><th>option</th><th class=\"n\">score"
          "</th><th class=\"n\">best in</th></tr></thead><tbody id=\"w-rows\">"
          "</tbody></table></div>\n<p>The same with the full run: <code id="
          "\"w-cmd\"></code></p>\n</div>\n<noscript><p>The sliders need "
          "JavaScript.</p></noscript>\n", fp);
    data_block(fp, a, kept);
    fputs(script, fp);
    fputs("</section>\n", fp);
}
