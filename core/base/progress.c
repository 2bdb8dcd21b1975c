/* progress.c -- a progress line on the terminal the command chose. */
#include "progress.h"

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

static void draw(cs_progress *p)
{
    size_t done = atomic_load(&p->done);
    double t = now() - p->start, rate = t > 0 ? (double)done / t : 0;
    double left = rate > 0 ? (double)(p->total - done) / rate : 0;

    fprintf(p->fp, "\r\033[Kappraising %-12.12s %3.0f%%  %zu of %zu "
            "%s, %.3g/s, %.0f s left", p->label,
            p->total ? 100.0 * (double)done / (double)p->total : 100.0,
            done, p->total, p->unit[0] ? p->unit : "consortium-draws", rate,
            left);
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
