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
} cs_progress;

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
