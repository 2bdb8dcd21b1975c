/* runcmd.c -- run a command for end-to-end tests, capturing its output. */
#include "runcmd.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;

    if (!fp)
        return NULL;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            char *grown = realloc(buf, cap = (cap + 4096) * 2);
            if (!grown) {
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = grown;
        }
        size_t got = fread(buf + n, 1, 4096, fp);
        n += got;
        if (got < 4096)
            break;
    }
    fclose(fp);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int runcmd(char *const argv[], char **out, char **err)
{
    char fo[] = "/tmp/cs-test-out.XXXXXX", fe[] = "/tmp/cs-test-err.XXXXXX";
    int fdo = mkstemp(fo), fde = mkstemp(fe), status = -1;
    pid_t pid;

    if (fdo < 0 || fde < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        dup2(fdo, 1);
        dup2(fde, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fdo);
    close(fde);
    if (pid > 0)
        waitpid(pid, &status, 0);
    if (out)
        *out = slurp(fo, NULL);
    if (err)
        *err = slurp(fe, NULL);
    unlink(fo);
    unlink(fe);
    return pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
