/* runcmd.h -- run a command for end-to-end tests, capturing its output. */
#ifndef CS_RUNCMD_H
#define CS_RUNCMD_H

#include <stddef.h>

/* Runs argv (argv[0] a path) with stdin from /dev/null, stdout and stderr
 * captured into *out and *err (malloc'd, NUL-terminated; may be NULL to
 * discard). Returns the exit status, or -1 if it did not exit normally. */
int runcmd(char *const argv[], char **out, char **err);

/* Reads a whole file (malloc'd) or NULL; *len gets its size when not NULL. */
char *slurp(const char *path, size_t *len);

#endif
