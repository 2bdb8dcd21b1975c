/* html.c -- escaped HTML and inline SVG charts. */
#include "html.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *const cs_palette[8] = {
    "#0072B2", "#E69F00", "#009E73", "#CC79A7",
    "#56B4E9", "#D55E00", "#F0E442", "#000000",
};

const char *const cs_crit_palette[9] = {
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933",
    "#DDCC77", "#CC6677", "#882255", "#AA4499",
};

const char *const cs_rank_shades[8] = {
    "#08306B", "#2171B5", "#6BAED6", "#C6DBEF",
    "#DEEBF7", "#EEF5FB", "#F5F9FD", "#FFFFFF",
};

void cs_html_text(FILE *fp, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&#39;", fp); break;
        default: fputc(*s, fp);
        }
}

/* The first n bytes of s, escaped as cs_html_text (no allocation, so an
 * out-of-memory never changes a label). */
static void html_text_n(FILE *fp, const char *s, size_t n)
{
    char buf[256];

    while (n > 0) {
        size_t k = n < sizeof buf - 1 ? n : sizeof buf - 1;
        memcpy(buf, s, k);
        buf[k] = '\0';
        cs_html_text(fp, buf);
        s += k;
        n -= k;
    }
}

/* Formats one conversion spec (copied into `spec`) from ap. */
static void one_conv(FILE *fp, const char *spec, char conv, int is_size,
                     int is_long, va_list *ap)
{
    switch (conv) {
    case 'd': case 'i': case 'u': case 'x':
        if (is_size)
            fprintf(fp, spec, va_arg(*ap, size_t));
        else if (is_long)
            fprintf(fp, spec, va_arg(*ap, long));
        else
            fprintf(fp, spec, va_arg(*ap, int));
        break;
    case 'f': case 'g': case 'e':
        fprintf(fp, spec, va_arg(*ap, double));
        break;
    case 'c':
        fprintf(fp, spec, va_arg(*ap, int));
        break;
    }
}

void cs_html_printf(FILE *fp, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        char spec[32];
        size_t n = 0;
        int is_size = 0, is_long = 0;
        if (*p != '%') {
            fputc(*p, fp);
            continue;
        }
        if (p[1] == '%') {
            fputc('%', fp);
            p++;
            continue;
        }
        spec[n++] = *p++;
        while (*p && strchr("-+ #0123456789.", *p) && n < sizeof spec - 3)
            spec[n++] = *p++;
        while (*p == 'z' || *p == 'l') {
            is_size |= *p == 'z';
            is_long |= *p == 'l';
            spec[n++] = *p++;
        }
        spec[n++] = *p;
        spec[n] = '\0';
        if (*p == 's')
            cs_html_text(fp, va_arg(ap, const char *));
        else if (*p == 'S')
            fputs(va_arg(ap, const char *), fp);
        else
            one_conv(fp, spec, *p, is_size, is_long, &ap);
        if (!*p)
            break;
    }
    va_end(ap);
}

const char *cs_html_num(double x)
{
    static _Thread_local char bufs[8][48];
    static _Thread_local unsigned next;
    char *b = bufs[next++ % 8], digits[40];
    size_t n, lead, j = 0;

    if (!isfinite(x) || fabs(x) < 1e4 || fabs(x) >= 1e15) {
        snprintf(b, 48, "%.4g", x);
        return b;
    }
    snprintf(digits, sizeof digits, "%.0f", fabs(x));
    n = strlen(digits);
    lead = n % 3 ? n % 3 : 3;
    if (x < 0)
        b[j++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i >= lead && (i - lead) % 3 == 0)
            b[j++] = ',';
        b[j++] = digits[i];
    }
    b[j] = '\0';
    return b;
}

double cs_nice_ceiling(double x)
{
    static const double steps[] = {1, 2, 2.5, 5, 10};
    double mag;

    if (!(x > 0) || !isfinite(x))
        return 1.0;
    mag = pow(10.0, floor(log10(x)));
    for (size_t i = 0; i < 5; i++)
        if (steps[i] * mag >= x * (1 - 1e-12))
            return steps[i] * mag;
    return 10 * mag;
}

/* Text at (x, y) with the given anchor, never cut: longer than `max`
 * characters (UTF-8 aware), it wraps at a space onto a second line, and a
 * second line still too long is fitted by squeezing its letters
 * (textLength), so every word stays readable. */
static void svg_text_cut(FILE *fp, double x, double y, const char *anchor,
                         const char *text, size_t max)
{
    size_t n = 0, brk = 0, len = strlen(text);

    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80)
            continue;
        if (text[i] == ' ' && n <= max)
            brk = i;
        n++;
    }
    cs_html_printf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%S\" "
                   "class=\"label\">", x, n <= max || !brk ? y : y - 7,
                   anchor);
    if (n <= max) {
        cs_html_text(fp, text);
    } else if (!brk) {
        cs_html_printf(fp, "<tspan textLength=\"%zu\" lengthAdjust="
                       "\"spacingAndGlyphs\">%s</tspan>", 7 * max, text);
    } else {
        const char *tail = text + brk + 1;
        size_t tn = 0;
        for (const char *t = tail; *t; t++)
            tn += ((unsigned char)*t & 0xC0) != 0x80;
        html_text_n(fp, text, brk);
        cs_html_printf(fp, "<tspan x=\"%.1f\" dy=\"14\"", x);
        if (tn > max)
            cs_html_printf(fp, " textLength=\"%zu\" lengthAdjust="
                           "\"spacingAndGlyphs\"", 7 * max);
        cs_html_printf(fp, ">%s</tspan>", tail);
    }
    fputs("</text>\n", fp);
}

/* A right-aligned row label ending at x: two lines of 30 characters. */
static void svg_label(FILE *fp, double x, double y, const char *text)
{
    svg_text_cut(fp, x, y, "end", text, 30);
}

static void svg_open(FILE *fp, const char *id, const char *title,
                     const char *desc, int w, int h)
{
    cs_html_printf(fp, "<svg id=\"%s\" class=\"chart\" role=\"img\" "
                   "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                   "aria-labelledby=\"%s-t %s-d\" xmlns=\"http://www.w3.org/"
                   "2000/svg\">\n<title id=\"%s-t\">%s</title><desc id=\"%s-d\">"
                   "%s</desc>\n", id, w, h, w, h, id, id, id, title, id, desc);
}

/* A round tick step for [lo, hi]: 1, 2 or 5 x 10^k, 3 to 6 ticks. */
static double nice_step(double lo, double hi)
{
    double raw = (hi - lo) / 4.0, mag, f;

    if (!(raw > 0) || !isfinite(raw))
        return 1.0;
    mag = pow(10.0, floor(log10(raw)));
    f = raw / mag;
    return (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 2.5 ? 2.5 : f <= 5.0
            ? 5.0 : 10.0) * mag;
}

/* A tick's label: "£1.5m"-style for money, thousands grouped, else the
 * shortest of up to 4 significant figures (never an exponent). */
static void tick_label(FILE *fp, double v, const char *unit)
{
    double a = fabs(v);

    if (a < 1e-12)
        v = a = 0;
    if (unit && strstr(unit, "GBP") && a >= 1e6)
        fprintf(fp, "%s£%gm", v < 0 ? "−" : "", a / 1e6);
    else if (a >= 1e4)
        fputs(cs_html_num(v), fp);
    else
        fprintf(fp, "%.4g", v);
}

/* The axis' label for the board: GBP read as £. */
static void axis_unit(FILE *fp, const char *unit)
{
    const char *g = unit ? strstr(unit, "GBP") : NULL;

    if (!g) {
        cs_html_text(fp, unit);
        return;
    }
    html_text_n(fp, unit, (size_t)(g - unit));
    fputs("£", fp);
    cs_html_text(fp, g + 3);
}

/* x axis over [x0, x1] at y for values lo..hi: ticks at round steps
 * inside the range, labelled with the unit. */
static void svg_axis(FILE *fp, double lo, double hi, double x0, double x1,
                     double y, const char *unit)
{
    double step = nice_step(lo, hi);

    cs_html_printf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#444\"/>\n", x0, y, x1, y);
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9;
         v += step) {
        double x = x0 + (x1 - x0) * (v - lo) / (hi - lo);
        cs_html_printf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                       "y2=\"%.1f\" stroke=\"#444\"/><text x=\"%.1f\" "
                       "y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">",
                       x, y, x, y + 4, x, y + 16);
        tick_label(fp, v, unit);
        fputs("</text>\n", fp);
    }
    cs_html_printf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                   "class=\"axis\">", (x0 + x1) / 2, y + 32);
    axis_unit(fp, unit);
    fputs("</text>\n", fp);
}

/* Palette index of row i: c->colour[i] when given (one colour per
 * option everywhere), else i. */
static size_t colour_of(const size_t *colour, size_t i)
{
    return (colour ? colour[i] : i) % 8;
}

void cs_svg_bars(FILE *fp, const cs_bar_chart *c)
{
    const double left = 230, right = 620, row = 30, top = 10;
    double lo = 0, hi = 0;
    int h = (int)(top + row * (double)c->n + 50);

    for (size_t i = 0; i < c->n; i++) {
        double a = c->lo ? c->lo[i] : c->value[i];
        double b = c->hi ? c->hi[i] : c->value[i];
        lo = fmin(lo, fmin(a, c->value[i]));
        hi = fmax(hi, fmax(b, c->value[i]));
    }
    hi = cs_nice_ceiling(hi);
    lo = lo < 0 ? -cs_nice_ceiling(-lo) : 0;
    svg_open(fp, c->id, c->title, c->desc, 640, h);
    for (size_t i = 0; i < c->n; i++) {
        double y = top + row * (double)i;
        double xz = left + (right - left) * (0 - lo) / (hi - lo);
        double xv = left + (right - left) * (c->value[i] - lo) / (hi - lo);
        svg_label(fp, left - 8, y + 19, c->labels[i]);
        cs_html_printf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                       "height=\"18\" fill=\"%S\"/>\n", fmin(xz, xv), y + 5,
                       fabs(xv - xz), cs_palette[colour_of(c->colour, i)]);
        if (c->lo && c->hi) {
            double xa = left + (right - left) * (c->lo[i] - lo) / (hi - lo);
            double xb = left + (right - left) * (c->hi[i] - lo) / (hi - lo);
            cs_html_printf(fp, "<path d=\"M%.1f %.1fv8M%.1f %.1fH%.1fM%.1f "
                           "%.1fv8\" stroke=\"#000\" stroke-width=\"1.5\" "
                           "fill=\"none\"/>\n", xa, y + 10, xa, y + 14, xb,
                           xb, y + 10);
        }
    }
    svg_axis(fp, lo, hi, left, right, top + row * (double)c->n + 4, c->unit);
    fputs("</svg>\n", fp);
}

/* Widens [lo, hi] to four round steps, so ticks read 0, 0.5, 1, ... */
static void nice_range(double *lo, double *hi)
{
    double step = cs_nice_ceiling((*hi - *lo) / 4.0), a;

    for (int i = 0; i < 8; i++) {
        a = floor(*lo / step) * step;
        if (a + 4 * step >= *hi)
            break;
        step = cs_nice_ceiling(step * 1.0001);
    }
    *lo = a;
    *hi = a + 4 * step;
}

/* Range of all samples, widened when they are all equal. */
static void sample_range(const cs_hist_chart *c, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t s = 0; s < c->n_series; s++)
        for (size_t k = 0; k < c->n_draws; k++) {
            *lo = fmin(*lo, c->samples[s][k]);
            *hi = fmax(*hi, c->samples[s][k]);
        }
    for (size_t m = 0; m < c->n_marks; m++) {
        *lo = fmin(*lo, c->marks[m]);
        *hi = fmax(*hi, c->marks[m]);
    }
    if (!(*hi > *lo)) {
        *lo -= 0.5;
        *hi += 0.5;
    }
    nice_range(lo, hi);
}

/* The y axis of a histogram: share of draws per bin, 0 to peak. */
static void hist_y_axis(FILE *fp, double left, double top, double base,
                        double peak)
{
    double step = nice_step(0, 100 * peak);

    cs_html_printf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#444\"/>\n", left, top, left, base);
    for (double v = 0; v <= 100 * peak + 1e-9; v += step) {
        double y = base - (base - top) * v / (100 * peak);
        cs_html_printf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                       "y2=\"%.1f\" stroke=\"#444\"/><text x=\"%.1f\" "
                       "y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%g%%"
                       "</text>\n", left - 4, y, left, y, left - 6, y + 4, v);
    }
    cs_html_printf(fp, "<text transform=\"translate(14 %.1f) rotate(-90)\" "
                   "text-anchor=\"middle\" class=\"axis\">share of draws"
                   "</text>\n", (top + base) / 2);
}

void cs_svg_histograms(FILE *fp, const cs_hist_chart *c)
{
    enum { BINS = 40 };
    const double left = 80, right = 620, top = 10, base = 190;
    double lo, hi, peak = 0, counts[8][BINS];
    size_t ns = c->n_series < 8 ? c->n_series : 8;

    sample_range(c, &lo, &hi);
    memset(counts, 0, sizeof counts);
    for (size_t s = 0; s < ns; s++)
        for (size_t k = 0; k < c->n_draws; k++) {
            int b = (int)((c->samples[s][k] - lo) / (hi - lo) * BINS);
            b = b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
            counts[s][b] += 1.0 / (double)c->n_draws;
            peak = fmax(peak, counts[s][b]);
        }
    peak = cs_nice_ceiling(peak);
    svg_open(fp, c->id, c->title, c->desc, 640, 250 + 18 * (int)ns);
    hist_y_axis(fp, left, top, base, peak);
    for (size_t s = 0; s < ns; s++) {
        const char *col = cs_palette[colour_of(c->colour, s)];
        cs_html_printf(fp, "<path fill=\"none\" stroke-width=\"2\" stroke=\"%S\""
                       " d=\"M%.1f %.1f", col, left, base);
        for (int b = 0; b < BINS; b++) {
            double y = base - (base - top) * counts[s][b] / peak;
            cs_html_printf(fp, "V%.1fH%.1f", y, left + (right - left) *
                           (b + 1) / BINS);
        }
        cs_html_printf(fp, "V%.1f\"/>\n", base);
        cs_html_printf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" "
                       "height=\"12\" fill=\"%S\"/>", left, 236 + 18.0 *
                       (double)s, col);
        svg_text_cut(fp, left + 18, 246 + 18.0 * (double)s, "start",
                     c->labels[s], 60);
    }
    for (size_t m = 0; m < c->n_marks; m++) {
        double x = left + (right - left) * (c->marks[m] - lo) / (hi - lo);
        cs_html_printf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                       "y2=\"%.1f\" stroke=\"#D55E00\" stroke-dasharray=\"4 3\"/>"
                       "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%.3g</text>\n",
                       x, top, x, base, x + 3, top + 10, c->marks[m]);
    }
    svg_axis(fp, lo, hi, left, right, base, c->unit);
    fputs("</svg>\n", fp);
}

void cs_svg_stacks(FILE *fp, const cs_stack_chart *c)
{
    const double left = 230, right = 620, row = 30, top = 10;
    int h = (int)(top + row * (double)c->n_rows + 30);

    svg_open(fp, c->id, c->title, c->desc, 640, h);
    for (size_t r = 0; r < c->n_rows; r++) {
        double y = top + row * (double)r, x = left;
        svg_label(fp, left - 8, y + 19, c->rows[r]);
        for (size_t p = 0; p < c->n_parts; p++) {
            double w = (right - left) * c->share[r * c->n_parts + p];
            cs_html_printf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                           "height=\"18\" fill=\"%S\"><title>%s: %.0f%%"
                           "</title></rect>\n", x, y + 5, w, c->shades
                           ? cs_rank_shades[p % 8] : cs_palette[p % 8],
                           c->parts[p], 100 * c->share[r * c->n_parts + p]);
            x += w;
        }
    }
    for (size_t p = 0; p < c->n_parts; p++) {
        double x = left + 90.0 * (double)p;
        cs_html_printf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" "
                       "height=\"12\" stroke=\"#555\" fill=\"%S\"/><text x=\"%.1f\" y=\"%.1f\" "
                       "class=\"label\">%s</text>\n", x,
                       top + row * (double)c->n_rows + 6, c->shades
                       ? cs_rank_shades[p % 8] : cs_palette[p % 8],
                       x + 16, top + row * (double)c->n_rows + 17, c->parts[p]);
    }
    fputs("</svg>\n", fp);
}

void cs_svg_point_stacks(FILE *fp, const cs_pstack_chart *c)
{
    const double left = 230, right = 590, row = 30, top = 10;
    double base = top + row * (double)c->n_rows, span = right - left;
    int legend_rows = (int)((c->n_parts + 2) / 3);
    int h = (int)(base + 56 + 30 * legend_rows);

    svg_open(fp, c->id, c->title, c->desc, 640, h);
    for (size_t r = 0; r < c->n_rows; r++) {
        double y = top + row * (double)r, x = left, sum = 0;
        svg_label(fp, left - 8, y + 19, c->rows[r]);
        for (size_t p = 0; p < c->n_parts; p++) {
            double v = c->value[r * c->n_parts + p];
            double w = v > 0 ? span * v / c->max : 0;
            cs_html_printf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                           "height=\"18\" fill=\"%S\"><title>%s: %.1f %s"
                           "</title></rect>\n", x, y + 5, w,
                           cs_crit_palette[p % 9], c->parts[p], v, c->unit);
            x += w;
            sum += v;
        }
        cs_html_printf(fp, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%.1f"
                       "</text>\n", x + 4, y + 19, sum);
    }
    svg_axis(fp, 0, c->max, left, right, base + 4, c->unit);
    for (size_t p = 0; p < c->n_parts; p++) {
        double x = 20 + 205.0 * (double)(p % 3);
        double y = base + 56 + 30.0 * (double)(p / 3);
        cs_html_printf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" "
                       "height=\"12\" fill=\"%S\"/>\n", x, y - 10,
                       cs_crit_palette[p % 9]);
        svg_text_cut(fp, x + 16, y, "start", c->parts[p], 26);
    }
    fputs("</svg>\n", fp);
}

void cs_svg_tornado(FILE *fp, const cs_tornado_chart *c)
{
    const double left = 260, right = 620, row = 28, top = 10;
    double lo = c->centre, hi = c->centre, span;
    int h = (int)(top + row * (double)c->n + 50);

    for (size_t i = 0; i < c->n; i++) {
        lo = fmin(lo, fmin(c->low[i], c->high[i]));
        hi = fmax(hi, fmax(c->low[i], c->high[i]));
    }
    span = fmax(hi - c->centre, c->centre - lo);
    span = span > 0 ? span * 1.1 : 1.0;
    lo = c->centre - span;
    hi = c->centre + span;
    nice_range(&lo, &hi);
    svg_open(fp, c->id, c->title, c->desc, 640, h);
    for (size_t i = 0; i < c->n; i++) {
        double y = top + row * (double)i;
        double xa = left + (right - left) * (c->low[i] - lo) / (hi - lo);
        double xb = left + (right - left) * (c->high[i] - lo) / (hi - lo);
        svg_label(fp, left - 8, y + 18, c->labels[i]);
        cs_html_printf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                       "height=\"16\" fill=\"%S\"/>\n", fmin(xa, xb), y + 5,
                       fmax(fabs(xb - xa), 1.0), cs_palette[0]);
    }
    cs_html_printf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#000\"/>\n", left + (right - left) * (c->centre
                   - lo) / (hi - lo), top, left + (right - left) *
                   (c->centre - lo) / (hi - lo), top + row * (double)c->n);
    if (lo < 0 && hi > 0)       /* where the answer would change */
        cs_html_printf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                       "y2=\"%.1f\" stroke=\"#D55E00\" stroke-dasharray="
                       "\"4 3\"/>\n", left + (right - left) * -lo / (hi - lo),
                       top, left + (right - left) * -lo / (hi - lo),
                       top + row * (double)c->n);
    svg_axis(fp, lo, hi, left, right, top + row * (double)c->n + 4, c->unit);
    fputs("</svg>\n", fp);
}

void cs_svg_intervals(FILE *fp, const cs_interval_chart *c)
{
    const double left = 230, right = 620, row = 28, top = 10;
    int h = (int)(top + row * (double)c->n + 50);

    svg_open(fp, c->id, c->title, c->desc, 640, h);
    for (size_t i = 0; i < c->n; i++) {
        double y = top + row * (double)i;
        double xa = left + (right - left) * c->lo[i];
        double xb = left + (right - left) * c->hi[i];
        double xm = left + (right - left) * c->at[i];
        svg_label(fp, left - 8, y + 18, c->labels[i]);
        cs_html_printf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                       "height=\"14\" fill=\"%S\" opacity=\"0.6\"/>\n", xa,
                       y + 6, fmax(xb - xa, 1.0), cs_palette[2]);
        cs_html_printf(fp, "<path d=\"M%.1f %.1fv20\" stroke=\"#000\" "
                       "stroke-width=\"2.5\"/>\n", xm, y + 3);
    }
    svg_axis(fp, 0, 100, left, right, top + row * (double)c->n + 4,
             "weight (%)");
    fputs("</svg>\n", fp);
}

void cs_html_left_out(FILE *fp, const char *what)
{
    cs_html_printf(fp, "<p class=\"note\">(out of memory: %s is left "
                   "out)</p>\n", what);
}
