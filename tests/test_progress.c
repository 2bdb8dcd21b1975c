/* test_progress.c -- the progress line appears when stderr is a terminal,
 * and --quiet silences it. The test opens a pseudo-terminal itself
 * (posix_openpt) and runs `consortia appraise` with its stderr on the
 * terminal's far side. Where no pseudo-terminal can be opened the check
 * cannot run: the program says why and exits 77, which automake records
 * as SKIP, never PASS. (tests/test_report.c checks the other half: no
 * progress when stderr is a file.)
 *
 * First, and wherever it runs, the estimate behind the line's rate and
 * time left, driven by a made-up clock (issue 16 item 9: the line had
 * predicted 49 s for a 10 s run and printed 6.13e+05/s). */
#define _XOPEN_SOURCE 700   /* posix_openpt, grantpt, unlockpt, ptsname */
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/progress.h"

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


static int est_failed;

#define EXPECT(cond, ...) do { if (!(cond)) { fprintf(stderr, "FAIL: "      \
    __VA_ARGS__); fputc('\n', stderr); est_failed = 1; } } while (0)

/* Samples every 0.25 s (the drawing thread's period) from t0 to t1 of a
 * run doing `rate` units a second from `from`, done0 units at t0. */
static size_t feed(cs_eta *e, double t0, double t1, double from,
                   size_t done0, double rate)
{
    size_t d = done0;

    for (double t = t0; t <= t1 + 1e-9; t += 0.25) {
        d = done0 + (size_t)(t > from ? (t - from) * rate + 0.5 : 0);
        cs_eta_sample(e, t, d);
    }
    return d;
}

static void check_estimator(void)
{
    cs_eta e;
    double rate = -1, left = -1;

    /* 1. Three seconds of start-up with nothing done (loading, plugin
     * workers), then 1000 units/s; 10000 in all. At t = 5 s, 2000 are
     * done: the rate since the start, 2000 / 5 = 400/s, would say 20 s
     * left; the run has 8000 / 1000 = 8 s to go. Before a second of
     * work (t = 3.75 s, first units at 3.25 s) there is no estimate. */
    cs_eta_init(&e);
    feed(&e, 0, 3.75, 3.0, 0, 1000);
    EXPECT(!cs_eta_rate(&e, &rate), "an estimate during the warm-up: %g",
           rate);
    size_t d = feed(&e, 4.0, 5.0, 3.0, 0, 1000);
    EXPECT(d == 2000, "fed %zu", d);
    EXPECT(cs_eta_rate(&e, &rate) && fabs(rate - 1000) < 1e-9,
           "rate after start-up %g, not 1000", rate);
    EXPECT(fabs((10000.0 - (double)d) / rate - 8.0) < 1e-9,
           "time left %g s, not 8", (10000.0 - (double)d) / rate);

    /* 2. A slow criterion (100/s for 10 s: 1000 units), then a fast one
     * (1000/s). Six seconds into the fast one the 5 s window holds only
     * fast samples: 1000/s, not the whole run's (1000 + 6000) / 16. */
    cs_eta_init(&e);
    d = feed(&e, 0, 10, 0, 0, 100);
    EXPECT(d == 1000, "slow phase fed %zu", d);
    feed(&e, 10.25, 16, 10, 1000, 1000);
    EXPECT(cs_eta_rate(&e, &rate) && fabs(rate - 1000) < 1e-9,
           "rate after the change %g, not 1000", rate);

    /* 3. Nothing done at all: no estimate, never a division by zero. */
    cs_eta_init(&e);
    feed(&e, 0, 30, 1e9, 0, 1);
    EXPECT(!cs_eta_rate(&e, &rate), "an estimate with nothing done");
    EXPECT(!cs_eta_left(&e, 100, &left), "a time left with nothing done");
}

/* The time left (cs_eta_left) on made-up runs, against the true time
 * left worked out by hand for each. */
static void check_time_left(void)
{
    cs_eta e;
    double left = -1;
    size_t d;
    int shown = 0;

    /* 6. The run that was told 49 s for 10 s: a slow first criterion
     * (1000 units at 100/s, 10 s), then ten fast ones (10,000 units at
     * 1000/s, 10 s); 11,000 units in all. At 9 s, 900 done, the rate says
     * 10,100 / 100 = 101 s left; the truth is 1 + 10 = 11 s. Within the
     * first stage, with less than half done, nothing is shown; in the fast
     * part the window's rate (1000/s) and the rate since work began (at
     * most 10,500 / 20.5 = 512/s) disagree, so nothing is shown there
     * either: every estimate it would give is wrong by more than half. */
    cs_eta_init(&e);
    cs_eta_stage(&e);
    for (double t = 0.25; t <= 10 + 1e-9; t += 0.25) {
        cs_eta_sample(&e, t, (size_t)(t * 100 + 0.5));
        shown |= cs_eta_left(&e, 11000, &left);
    }
    EXPECT(!shown, "a time left of %g s in the slow first stage (the truth: "
           "10 s of it and 10 s more)", left);
    cs_eta_stage(&e);
    for (double t = 10.25; t <= 20.5 + 1e-9; t += 0.25) {
        d = 1000 + (size_t)((t - 10) * 1000 + 0.5);
        cs_eta_sample(&e, t, d < 11000 ? d : 11000);
        shown |= cs_eta_left(&e, 11000, &left);
    }
    EXPECT(!shown, "a time left of %g s while the rate was changing", left);

    /* 7. Five equal stages (1000 units at 500/s, 2 s each) after 2 s of
     * start-up; 5000 units; the first units are seen at 2.25 s. At
     * 5.25 s: two stages seen, 3 s of work, 1625 done; window and
     * whole-run rates both (1625 - 125) / 3 = 500/s: (5000 - 1625) / 500
     * = 6.75 s left, the truth. Not before (less than 3 s of work). */
    cs_eta_init(&e);
    for (double t = 0; t <= 5.25 + 1e-9; t += 0.25) {
        if (t > 2 && fmod(t - 2, 2) == 0.25)
            cs_eta_stage(&e);
        cs_eta_sample(&e, t, (size_t)(t > 2 ? (t - 2) * 500 + 0.5 : 0));
        if (t < 5.25 - 1e-9)
            EXPECT(!cs_eta_left(&e, 5000, &left), "a time left of %g s at "
                   "%g s, before 3 s of work", left, t);
    }
    EXPECT(cs_eta_left(&e, 5000, &left) && fabs(left - 6.75) < 1e-9,
           "time left at 5.25 s: %g, not 6.75", left);

    /* 8. One stage only (a one-criterion run): shown once half is done,
     * not before. 10,000 units at 1000/s from 0 s: at 4.75 s (4750 done)
     * nothing; at 5 s, 5000 / 1000 = 5 s left. */
    cs_eta_init(&e);
    cs_eta_stage(&e);
    for (double t = 0.25; t <= 4.75 + 1e-9; t += 0.25) {
        cs_eta_sample(&e, t, (size_t)(t * 1000 + 0.5));
        EXPECT(!cs_eta_left(&e, 10000, &left), "a time left of %g s at %g "
               "s, less than half done in the only stage seen", left, t);
    }
    cs_eta_sample(&e, 5, 5000);
    EXPECT(cs_eta_left(&e, 10000, &left) && fabs(left - 5) < 1e-9,
           "time left at half done: %g, not 5", left);
}

static void check_formats(void)
{
    char buf[128];

    /* 4. Plain units, written out by hand. */
    static const struct { double r; const char *want; } rates[] = {
        {613000, "613k draws/s"}, {612600, "613k draws/s"},
        {1500, "1.5k draws/s"}, {12345, "12k draws/s"}, {999, "999 draws/s"},
        {999.7, "1.0k draws/s"}, {2.5e6, "2.5M draws/s"}, {12.3,
        "12 draws/s"}, {0.5, "0.5 draws/s"}, {0, "0 draws/s"},
        {3.2e9, "3.2G draws/s"},
    };
    for (size_t i = 0; i < sizeof rates / sizeof *rates; i++)
        EXPECT(!strcmp(cs_fmt_rate(buf, sizeof buf, rates[i].r, "draws"),
                       rates[i].want), "rate %g gave '%s', not '%s'",
               rates[i].r, buf, rates[i].want);
    static const struct { double s; const char *want; } times[] = {
        {8, "8 s"}, {7.6, "8 s"}, {0, "0 s"}, {59.4, "59 s"}, {125, "2 min 5 s"},
        {3700, "1 h 2 min"}, {-3, "0 s"},
    };
    for (size_t i = 0; i < sizeof times / sizeof *times; i++)
        EXPECT(!strcmp(cs_fmt_duration(buf, sizeof buf, times[i].s),
                       times[i].want), "%g s gave '%s', not '%s'",
               times[i].s, buf, times[i].want);

}

static void check_line(void)
{
    char buf[256];

    /* 5. The whole line on the made-up clock: 613,000 units/s after a
     * 2 s start, 10 s of work in all (6,130,000 units), in one stage; at
     * 4 s the line says 613k and no time left (less than half done in the
     * only stage seen); at 7 s, half done, 613k and 5 s left, with no
     * exponent. */
    cs_progress p;
    memset(&p, 0, sizeof p);
    cs_eta_init(&p.eta);
    p.total = 6130000;
    p.start = 100;
    snprintf(p.label, sizeof p.label, "risk");  /* one stage: one label */
    for (double t = 0; t <= 7 + 1e-9; t += 0.25) {
        atomic_store(&p.done, (size_t)(t > 2 ? (t - 2) * 613000 + 0.5 : 0));
        cs_progress_line(&p, 100 + t, buf, sizeof buf);
        if (t < 2.9)
            EXPECT(strstr(buf, "measuring the rate") && !strstr(buf, "left"),
                   "at %g s, before a second of work: %s", t, buf);
        if (fabs(t - 4) < 1e-9)
            EXPECT(strstr(buf, "613k consortium-draws/s") &&
                   !strstr(buf, "left"), "the line at 4 s: %s", buf);
    }
    EXPECT(strstr(buf, "613k consortium-draws/s, about 5 s left") != NULL,
           "the line at 7 s: %s", buf);
    EXPECT(!strstr(buf, "e+"), "an exponent in: %s", buf);
}

int main(void)
{
    int rc = -1, failed = 0;
    char *shown;

    check_estimator();
    check_time_left();
    check_formats();
    check_line();
    if (est_failed)
        return 1;
    printf("PASS: the rate and time left on a made-up clock\n");
    shown = run_on_terminal(0, &rc);
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
