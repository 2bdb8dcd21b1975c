/* test_progress.c -- the progress line appears when stderr is a terminal,
 * and --quiet silences it. The test opens a pseudo-terminal itself
 * (posix_openpt) and runs `consortia appraise` with its stderr on the
 * terminal's far side. Where no pseudo-terminal can be opened the check
 * cannot run: the program says why and exits 77, which automake records
 * as SKIP, never PASS. (tests/test_report.c checks the other half: no
 * progress when stderr is a file.) */
#define _XOPEN_SOURCE 700   /* posix_openpt, grantpt, unlockpt, ptsname */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define TINY CS_TEST_SRCDIR "/tests/data/core/tiny.yaml"

/* Opens a pseudo-terminal: the master's descriptor, the slave's path in
 * `name`. -1 when there is none. */
static int open_pty(char *name, size_t len)
{
    int fd = posix_openpt(O_RDWR | O_NOCTTY);
    const char *slave;

    if (fd < 0)
        return -1;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || !(slave = ptsname(fd))) {
        close(fd);
        return -1;
    }
    snprintf(name, len, "%s", slave);
    return fd;
}

/* Runs consortia with `quiet` or not, stderr on a new pseudo-terminal;
 * returns what reached the terminal (malloc'd) and the exit status in
 * *rc, or NULL when no pseudo-terminal could be opened. */
static char *run_on_terminal(int quiet, int *rc)
{
    char name[256], *buf = NULL;
    size_t len = 0, cap = 0;
    int master = open_pty(name, sizeof name), status = 0;
    pid_t pid;

    if (master < 0)
        return NULL;
    if ((pid = fork()) < 0)
        return NULL;
    if (pid == 0) {
        int slave = open(name, O_RDWR), null = open("/dev/null", O_RDWR);
        if (slave < 0 || null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0
            || dup2(slave, 2) < 0)
            _exit(99);
        close(master);
        execl(BIN, BIN, "appraise", TINY, "-p", TP_DIR, "-f", "json",
              quiet ? "--quiet" : "--draws", quiet ? (char *)NULL : "2000",
              (char *)NULL);
        _exit(98);
    }
    for (;;) {
        ssize_t n;
        if (len + 4096 + 1 > cap) {
            char *p = realloc(buf, cap = cap * 2 + 8192);
            if (!p)
                abort();
            buf = p;
        }
        n = read(master, buf + len, 4096);
        if (n > 0)
            len += (size_t)n;
        else if (n < 0 && errno == EINTR)
            continue;
        else
            break;      /* EIO once the last holder of the slave exits */
    }
    buf[len] = '\0';
    close(master);
    waitpid(pid, &status, 0);
    *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return buf;
}

int main(void)
{
    int rc = -1, failed = 0;
    char *shown = run_on_terminal(0, &rc);

    if (!shown) {
        fprintf(stderr, "SKIP: no pseudo-terminal can be opened here "
                "(posix_openpt: %s); the progress line was not checked\n",
                strerror(errno));
        return 77;
    }
    if (rc != 0 || !strstr(shown, "appraising")) {
        fprintf(stderr, "FAIL: on a terminal, exit %d and no progress "
                "line; the terminal got: %s\n", rc, shown);
        failed = 1;
    }
    free(shown);
    shown = run_on_terminal(1, &rc);
    if (!shown || rc != 0 || strstr(shown, "appraising")) {
        fprintf(stderr, "FAIL: with --quiet, exit %d; the terminal got: "
                "%s\n", rc, shown ? shown : "(no terminal)");
        failed = 1;
    }
    free(shown);
    if (!failed)
        printf("PASS: progress shown on a terminal, not with --quiet\n");
    return failed;
}
