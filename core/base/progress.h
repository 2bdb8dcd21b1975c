/*
 * progress.h -- a progress line for long appraisals: share done, rate
 * and time left, redrawn a few times a second on the stream the command
 * layer hands in (its stderr, unless --quiet). Shown only when that stream
 * is a terminal; otherwise every call here does nothing, so progress never
 * reaches a log file or a pipe.
 */
#ifndef CS_PROGRESS_H
#define CS_PROGRESS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <pthread.h>

/* The rate estimate behind the line's "time left": units per second over
 * the last CS_ETA_WINDOW_S seconds of samples, and none until work has
 * gone on for CS_ETA_WARMUP_S seconds after the first unit was done (the
 * start -- loading, starting plugin workers -- does no units and would
 * make a rate from the start too low, and the time left too long). The
 * samples come with their own times, so a test drives it with a made-up
 * clock. */
#define CS_ETA_SAMPLES 64
#define CS_ETA_WINDOW_S 5.0     /* ASSUMPTION: long enough to smooth the
                                   0.25 s redraws' steps, short enough to
                                   follow a change of criterion */
#define CS_ETA_WARMUP_S 1.0     /* ASSUMPTION: after a second of work the
                                   threads and plugin workers are running */
/* The time left is shown only once the rate is stable (cs_eta_left): work
 * has gone on for CS_ETA_STABLE_S, the rate over the last window is within
 * CS_ETA_AGREE of the rate since work began, and either the work has been
 * seen in two stages (two criteria; two sweep items) or half of it is
 * done. Work comes in stages of unknown, unequal cost (one criterion can
 * cost ten times another), so a rate measured within the first stage says
 * nothing about the rest: an appraisal whose slow criterion comes first
 * was once told 49 s for a 10 s run. Better no estimate than a wrong one. */
#define CS_ETA_STABLE_S 3.0     /* ASSUMPTION: a dozen redraws' samples */
#define CS_ETA_AGREE 0.15       /* ASSUMPTION: an estimate within about
                                   15% is worth reading; beyond that the
                                   line says it is still measuring */
typedef struct cs_eta {
    double t[CS_ETA_SAMPLES];   /* ring of (time, units done) samples */
    size_t d[CS_ETA_SAMPLES];
    size_t n, head;             /* samples held; next slot */
    double t_first;             /* time of the first sample with units done;
                                   negative: none yet */
    size_t d_first;             /* units done at that sample */
    unsigned stages;            /* stages begun (cs_eta_stage) */
} cs_eta;

void cs_eta_init(cs_eta *e);
/* Records that `done` units were done at time t (seconds, increasing). */
void cs_eta_sample(cs_eta *e, double t, size_t done);
/* 1 and the rate (units/s) once warmed up, else 0 (rate untouched). */
int cs_eta_rate(const cs_eta *e, double *rate);
/* Records that a new stage of the work (a criterion, a sweep item) began. */
void cs_eta_stage(cs_eta *e);
/* 1 and the seconds left for `total` units when the rate is stable (see
 * CS_ETA_STABLE_S), else 0 (left untouched). */
int cs_eta_left(const cs_eta *e, size_t total, double *left);

/* A rate in plain units: "613k draws/s", "1.5M draws/s", "12 items/s",
 * "0.5 items/s". Returns buf. */
char *cs_fmt_rate(char *buf, size_t len, double rate, const char *unit);
/* A duration rounded to what can be known: "8 s", "2 min 5 s",
 * "1 h 2 min". Returns buf. */
char *cs_fmt_duration(char *buf, size_t len, double seconds);

typedef struct cs_progress {
    int active;                 /* drawing at all */
    atomic_size_t done;         /* units done (consortium x draws) */
    size_t total;
    atomic_int stop;
    pthread_t tid;
    double start;               /* monotonic seconds */
    char label[64];
    FILE *fp;                   /* where it draws, when active */
    char unit[32];              /* what is counted; empty: consortium-draws */
    cs_eta eta;                 /* the rate, from the drawing thread only */
    char seen[64];              /* the label when last drawn (a new one
                                   begins a stage) */
} cs_progress;

/* The line as it is drawn at time t (seconds on the clock p->start is on),
 * sampling the rate estimate; without "\r\033[K". Returns buf. */
char *cs_progress_line(cs_progress *p, double t, char *buf, size_t len);

/* Starts drawing on `to` when it is a terminal; NULL: never draws. */
void cs_progress_start(cs_progress *p, size_t total, FILE *to);
/* Adds finished units (thread-safe; cheap). */
void cs_progress_add(cs_progress *p, size_t units);
/* Sets what is being done ("risk"); not thread-safe, call between steps. */
void cs_progress_label(cs_progress *p, const char *label);
/* Names what the units are ("items"); call right after start. */
void cs_progress_unit(cs_progress *p, const char *unit);
/* Stops the thread and clears the line. */
void cs_progress_end(cs_progress *p);

#endif /* CS_PROGRESS_H */
