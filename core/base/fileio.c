/* fileio.c -- atomic output files. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* Creates a new file beside `path`, named "<path>.tmp.<pid>.<n>", with
 * mode 0666: the kernel takes the umask off as it would for fopen, so no
 * thread has to read (by changing) the process-wide umask. O_EXCL makes
 * the name ours alone; a name in use is skipped. Returns the descriptor,
 * or -1 with errno set. */
static int open_temp(char *tmp, size_t len, const char *path)
{
    static atomic_uint serial;
    int fd = -1;

    for (int tries = 0; tries < 100 && fd < 0; tries++) {
        snprintf(tmp, len, "%s.tmp.%ld.%u", path, (long)getpid(),
                 atomic_fetch_add(&serial, 1u));
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    return fd;
}

int cs_out_open(cs_out *o, const char *path, char *err, size_t errlen)
{
    struct stat st;
    int fd;
    size_t n;

    memset(o, 0, sizeof *o);
    if (!path || !strcmp(path, "-")) {
        o->fp = stdout;
        return 0;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or pipe (e.g. /dev/null): nothing to replace */
        if (!(o->fp = fopen(path, "w"))) {
            snprintf(err, errlen, "cannot open '%s': %s", path,
                     strerror(errno));
            return -1;
        }
        o->direct = 1;
        return 0;
    }
    n = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(n + 48);
    if (!o->path || !o->tmp) {
        snprintf(err, errlen, "out of memory");
        cs_out_abort(o);
        return -1;
    }
    fd = open_temp(o->tmp, n + 48, path);
    if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
        snprintf(err, errlen, "cannot create '%s': %s; check the directory "
                 "exists and is writable", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        cs_out_abort(o);
        return -1;
    }
    return 0;
}

int cs_out_commit(cs_out *o, char *err, size_t errlen)
{
    int bad;

    if (o->direct) {
        bad = fflush(o->fp) != 0 || ferror(o->fp);
        bad |= fclose(o->fp) != 0;
        memset(o, 0, sizeof *o);
        if (bad) {
            snprintf(err, errlen, "cannot write: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    if (!o->path) {
        if (fflush(o->fp) != 0 || ferror(o->fp)) {
            snprintf(err, errlen, "cannot write to standard output: %s",
                     strerror(errno));
            return -1;
        }
        return 0;
    }
    bad = fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0;
    bad |= fclose(o->fp) != 0;
    o->fp = NULL;
    if (bad || rename(o->tmp, o->path) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s; check the disk has "
                 "space and the directory is writable", o->path,
                 strerror(errno));
        cs_out_abort(o);
        return -1;
    }
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    return 0;
}

void cs_out_abort(cs_out *o)
{
    if (o->fp && o->fp != stdout)
        fclose(o->fp);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}
