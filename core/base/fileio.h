/*
 * fileio.h -- output files that are never left half-written: the report
 * goes to a temporary file beside the target, which is renamed over it
 * only when everything has been written and flushed. Every write goes
 * through a descriptor whose first error is kept, so a failure can say
 * why (strerror), and a temporary file is removed even when the program
 * is stopped by SIGINT or SIGTERM (cs_out_cleanup_on_signals).
 */
#ifndef CS_FILEIO_H
#define CS_FILEIO_H

#include <stdio.h>

struct cs_out_sink;

typedef struct cs_out {
    FILE *fp;          /* write here */
    char *path;        /* target, or NULL for standard output */
    char *tmp;         /* temporary file beside it */
    int direct;        /* a device or pipe, written in place */
    struct cs_out_sink *sink;  /* the descriptor under fp, its first error */
    int slot;          /* 1 + the temporary file's place in the signal
                          table, or 0 */
} cs_out;

/* Opens `path` for writing via a temporary file; NULL or "-" is standard
 * output. Returns 0, or -1 with a message in err ("cannot create ...: why;
 * fix": the caller's exit status is then EX_CANTCREAT, 73). */
int cs_out_open(cs_out *o, const char *path, char *err, size_t errlen);

/* Flushes, syncs, closes and renames into place. Returns 0, or -1 with a
 * message saying why in err (the temporary file is removed; the target
 * untouched; the caller's exit status is then EX_IOERR, 74). */
int cs_out_commit(cs_out *o, char *err, size_t errlen);

/* After a writer reported an error on o->fp: writes why into err ("cannot
 * write ...: strerror; fix") and aborts. Returns -1. */
int cs_out_fail(cs_out *o, char *err, size_t errlen);

/* Removes the temporary file and leaves the target untouched. */
void cs_out_abort(cs_out *o);

/* Installs handlers for SIGINT and SIGTERM (where they are not ignored or
 * already handled) that remove this process's open temporary files with
 * unlink() alone and then end the process by the same signal. Call once,
 * early, from the program's main(). */
void cs_out_cleanup_on_signals(void);

/* Are `a` and `b` the same file: the same path, or, when both exist, the
 * same device and inode (a link or another spelling of the path)? */
int cs_same_file(const char *a, const char *b);

/* The SHA-256 of the file at `path` as 64 lowercase hex digits into
 * out[65]. Returns 0, or -1 with errno set (out is then ""). */
int cs_sha256_file(const char *path, char out[65]);

#endif /* CS_FILEIO_H */
