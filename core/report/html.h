/*
 * html.h -- writing HTML and inline SVG charts for the board pack.
 *
 * Every string that comes from a scenario or a plugin goes through
 * cs_html_text()/cs_html_printf()'s %s escaping, so a scenario named
 * "<script>" stays text. Charts are inline SVG with a <title>, a <desc>
 * and role="img"; each chart's figures are also given as a table beside
 * it, for screen readers and for print.
 */
#ifndef CS_HTML_H
#define CS_HTML_H

#include <stddef.h>
#include <stdio.h>

/* The Okabe-Ito palette: distinguishable by colour-blind readers. Option
 * o is drawn in cs_palette[o % 8] in every chart. */
extern const char *const cs_palette[8];
/* Criteria's colours in the contribution bars (Paul Tol's "muted"
 * scheme, apart from the options' colours). */
extern const char *const cs_crit_palette[9];
/* Ranks as shades of one blue, rank 1 darkest. */
extern const char *const cs_rank_shades[8];

/* Writes s with &, <, >, " and ' escaped. */
void cs_html_text(FILE *fp, const char *s);

/* printf where every %s argument is escaped; other conversions as printf.
 * Use %S (capital) for a string to write raw (trusted markup only). */
void cs_html_printf(FILE *fp, const char *fmt, ...);

/* Says in the page that `what` (a chart, a table) is left out because
 * memory ran out, so a report never silently lacks a part. */
void cs_html_left_out(FILE *fp, const char *what);

/* A horizontal bar chart of labelled values with optional intervals
 * (lo/hi may be NULL). `unit` labels the axis. The axis spans [0, max]
 * unless values are negative. */
typedef struct cs_bar_chart {
    const char *id;              /* unique id for title/desc */
    const char *title;
    const char *desc;            /* text alternative */
    const char *unit;            /* axis label */
    size_t n;
    const char *const *labels;
    const double *value;
    const double *lo, *hi;       /* 90% interval, or NULL */
    const size_t *colour;        /* palette index per row (the option's
                                    scenario index), or NULL: the row's */
} cs_bar_chart;
void cs_svg_bars(FILE *fp, const cs_bar_chart *c);

/* Overlaid step histograms of several samples on one axis, one colour
 * each, with optional vertical marks (e.g. overspend thresholds). */
typedef struct cs_hist_chart {
    const char *id, *title, *desc, *unit;
    size_t n_series;
    const char *const *labels;
    const double *const *samples;   /* n_series arrays of n_draws */
    size_t n_draws;
    const double *marks;            /* x positions to mark, or NULL */
    size_t n_marks;
    const size_t *colour;           /* palette index per series, or NULL */
} cs_hist_chart;
void cs_svg_histograms(FILE *fp, const cs_hist_chart *c);

/* Stacked horizontal bars: rows of shares (each row sums to 1) split
 * into n_parts coloured parts (e.g. rank acceptabilities). */
typedef struct cs_stack_chart {
    const char *id, *title, *desc;
    size_t n_rows, n_parts;
    const char *const *rows;
    const char *const *parts;       /* legend labels */
    const double *share;            /* [row * n_parts + part] */
    int shades;                     /* 1: parts are ranks, drawn as shades
                                       of one hue (dark = first) */
} cs_stack_chart;
void cs_svg_stacks(FILE *fp, const cs_stack_chart *c);

/* Stacked horizontal bars of points (each part >= 0) on an axis from 0
 * to `max`: one row per option, one coloured part per criterion (e.g.
 * each criterion's contribution to the overall score), the row's total
 * at its end and a legend of the parts below the axis. */
typedef struct cs_pstack_chart {
    const char *id, *title, *desc, *unit;
    size_t n_rows, n_parts;
    const char *const *rows;
    const char *const *parts;       /* legend labels */
    const double *value;            /* [row * n_parts + part] */
    double max;                     /* the axis' end */
} cs_pstack_chart;
void cs_svg_point_stacks(FILE *fp, const cs_pstack_chart *c);

/* A tornado: for each row, a bar from low to high around a centre. */
typedef struct cs_tornado_chart {
    const char *id, *title, *desc, *unit;
    size_t n;
    const char *const *labels;
    const double *low, *high;       /* values at p10 and p90 */
    double centre;
} cs_tornado_chart;
void cs_svg_tornado(FILE *fp, const cs_tornado_chart *c);

/* x for a reader: thousands grouped ("1,368,000") from 10,000 up, else 4
 * significant figures. Returns one of a few rotating static buffers, so
 * up to 8 may be used in one printf call. */
const char *cs_html_num(double x);

/* Intervals on a 0-100% scale, one row each, with a marker at `at` (e.g.
 * a weight's stability interval around its current value). */
typedef struct cs_interval_chart {
    const char *id, *title, *desc;
    size_t n;
    const char *const *labels;
    const double *lo, *hi, *at;     /* fractions in [0, 1] */
} cs_interval_chart;
void cs_svg_intervals(FILE *fp, const cs_interval_chart *c);

/* A "nice" axis maximum at or above x (1, 2, 2.5, 5 x 10^k). */
double cs_nice_ceiling(double x);

#endif /* CS_HTML_H */
