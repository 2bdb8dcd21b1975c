/* progress.c -- a progress line on the terminal the command chose. */
#include "progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cs_eta_init(cs_eta *e)
{
    memset(e, 0, sizeof *e);
    e->t_first = -1;
}

void cs_eta_sample(cs_eta *e, double t, size_t done)
{
    if (e->t_first < 0 && done > 0) {
        e->t_first = t;
        e->d_first = done;
    }
    e->t[e->head] = t;
    e->d[e->head] = done;
    e->head = (e->head + 1) % CS_ETA_SAMPLES;
    if (e->n < CS_ETA_SAMPLES)
        e->n++;
}

int cs_eta_rate(const cs_eta *e, double *rate)
{
    size_t last = (e->head + CS_ETA_SAMPLES - 1) % CS_ETA_SAMPLES, old = last;
    double t_now;

    if (e->n < 2 || e->t_first < 0)
        return 0;
    t_now = e->t[last];
    if (t_now - e->t_first < CS_ETA_WARMUP_S)
        return 0;
    /* the oldest sample inside the window, and not before work began */
    for (size_t k = 1; k < e->n; k++) {
        size_t i = (last + CS_ETA_SAMPLES - k) % CS_ETA_SAMPLES;
        if (t_now - e->t[i] > CS_ETA_WINDOW_S || e->t[i] < e->t_first)
            break;
        old = i;
    }
    if (old == last || !(e->t[last] > e->t[old]))
        return 0;
    *rate = (double)(e->d[last] - e->d[old]) / (e->t[last] - e->t[old]);
    return 1;
}

void cs_eta_stage(cs_eta *e)
{
    e->stages++;
}

int cs_eta_left(const cs_eta *e, size_t total, double *left)
{
    size_t last = (e->head + CS_ETA_SAMPLES - 1) % CS_ETA_SAMPLES;
    double rate, all, work;
    size_t done;

    if (!cs_eta_rate(e, &rate) || !(rate > 0))
        return 0;
    done = e->d[last];
    work = e->t[last] - e->t_first;
    if (work < CS_ETA_STABLE_S || done <= e->d_first)
        return 0;
    if (e->stages < 2 && done < total - total / 2)
        return 0;               /* one stage seen, and less than half done */
    all = (double)(done - e->d_first) / work;
    if (fabs(rate - all) > CS_ETA_AGREE * all)
        return 0;               /* the rate is still changing */
    *left = done < total ? (double)(total - done) / rate : 0;
    return 1;
}

char *cs_fmt_rate(char *buf, size_t len, double rate, const char *unit)
{
    static const char *const suffix[] = {"", "k", "M", "G"};
    size_t i = 0;

    while (i < 3 && rate >= 999.5) {
        rate /= 1000;
        i++;
    }
    snprintf(buf, len, rate >= 9.95 || rate == 0 ? "%.0f%s %s/s"
             : "%.1f%s %s/s", rate, suffix[i], unit);
    return buf;
}

char *cs_fmt_duration(char *buf, size_t len, double s)
{
    long v;

    if (!(s < 1e9))
        s = 1e9;
    v = s < 0 ? 0 : (long)(s + 0.5);
    if (v < 60)
        snprintf(buf, len, "%ld s", v);
    else if (v < 3600)
        snprintf(buf, len, "%ld min %ld s", v / 60, v % 60);
    else
        snprintf(buf, len, "%ld h %ld min", v / 3600, (v % 3600 + 30) / 60);
    return buf;
}

char *cs_progress_line(cs_progress *p, double t, char *buf, size_t len)
{
    size_t done = atomic_load(&p->done);
    const char *unit = p->unit[0] ? p->unit : "consortium-draws";
    char rate_s[64], left_s[64];
    double rate, left;

    if (strcmp(p->label, p->seen)) {
        snprintf(p->seen, sizeof p->seen, "%s", p->label);
        cs_eta_stage(&p->eta);
    }
    cs_eta_sample(&p->eta, t - p->start, done);
    left_s[0] = '\0';
    if (cs_eta_rate(&p->eta, &rate) && rate > 0) {
        cs_fmt_rate(rate_s, sizeof rate_s, rate, unit);
        if (cs_eta_left(&p->eta, p->total, &left))
            cs_fmt_duration(left_s, sizeof left_s, left);
    } else {
        snprintf(rate_s, sizeof rate_s, "measuring the rate");
        left_s[0] = '\0';
    }
    snprintf(buf, len, "appraising %-12.12s %3.0f%%  %zu of %zu %s, %s%s%s",
             p->label, p->total ? 100.0 * (double)done / (double)p->total
             : 100.0, done, p->total, unit, rate_s, left_s[0] ? ", about "
             : "", left_s[0] ? left_s : "");
    if (left_s[0])
        snprintf(buf + strlen(buf), len - strlen(buf), " left");
    return buf;
}

static void draw(cs_progress *p)
{
    char line[256];

    fprintf(p->fp, "\r\033[K%s", cs_progress_line(p, now(), line,
                                                     sizeof line));
    fflush(p->fp);
}

static void *drawer(void *arg)
{
    cs_progress *p = arg;

    draw(p);
    while (!atomic_load(&p->stop)) {
        usleep(250000);
        if (!atomic_load(&p->stop))
            draw(p);
    }
    return NULL;
}

void cs_progress_start(cs_progress *p, size_t total, FILE *to)
{
    memset(p, 0, sizeof *p);
    p->total = total;
    p->start = now();
    cs_eta_init(&p->eta);
    if (!to || !isatty(fileno(to)))
        return;
    p->fp = to;
    p->active = pthread_create(&p->tid, NULL, drawer, p) == 0;
}

void cs_progress_add(cs_progress *p, size_t units)
{
    atomic_fetch_add(&p->done, units);
}

void cs_progress_label(cs_progress *p, const char *label)
{
    snprintf(p->label, sizeof p->label, "%s", label);
}

void cs_progress_unit(cs_progress *p, const char *unit)
{
    snprintf(p->unit, sizeof p->unit, "%s", unit);
}

void cs_progress_end(cs_progress *p)
{
    if (!p->active)
        return;
    atomic_store(&p->stop, 1);
    pthread_join(p->tid, NULL);
    fputs("\r\033[K", p->fp);
    fflush(p->fp);
    p->active = 0;
}
