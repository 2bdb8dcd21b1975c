/*
 * fileio.h -- output files that are never left half-written: the report
 * goes to a temporary file beside the target, which is renamed over it
 * only when everything has been written and flushed.
 */
#ifndef CS_FILEIO_H
#define CS_FILEIO_H

#include <stdio.h>

typedef struct cs_out {
    FILE *fp;          /* write here */
    char *path;        /* target, or NULL for standard output */
    char *tmp;         /* temporary file beside it */
    int direct;        /* a device or pipe, written in place */
} cs_out;

/* Opens `path` for writing via a temporary file; NULL or "-" is standard
 * output. Returns 0, or -1 with a message in err. */
int cs_out_open(cs_out *o, const char *path, char *err, size_t errlen);

/* Flushes, syncs, closes and renames into place. Returns 0, or -1 with a
 * message in err (the temporary file is removed; the target untouched). */
int cs_out_commit(cs_out *o, char *err, size_t errlen);

/* Removes the temporary file and leaves the target untouched. */
void cs_out_abort(cs_out *o);

#endif /* CS_FILEIO_H */
