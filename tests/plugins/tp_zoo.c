/* tp_zoo.c -- test plugins that misbehave in ways a plugin must not, one
 * per TP_* variant (the host must contain each: docs/plugin-guide.md):
 *   TP_SEGV       consortium() writes through a null pointer
 *   TP_ABORT      consortium() calls abort()
 *   TP_EXIT       consortium() calls exit(0)
 *   TP_LOOP       consortium() never returns
 *   TP_HOG        consortium() allocates 10 GB without checking and
 *                 touches every page
 *   TP_STDOUT     every callback writes to stdout and stderr (allowed, but
 *                 the text must not reach the report)
 *   TP_INITSEGV   init() writes through a null pointer
 *   TP_FINIABORT  fini() calls abort()
 *   TP_OPTABORT   option() (the whole option's values) calls abort()
 * Otherwise each behaves as a plain criterion: x = the consortium's list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <consortia/plugin.h>

static const cs_metric_decl metrics[] = {
    {"x", "people", CS_LOWER_IS_BETTER, 1, CS_AGG_MEAN, "the list size"},
};

static const cs_value_scale scale = {1e6, 0.0, "ASSUMPTION: test scale"};

/* Keeps the compiler from proving the null write away. */
static volatile int *volatile nowhere;

static int init(const cs_host *host, const cs_ctx *ctx, void **st,
                cs_setup *setup)
{
    (void)host; (void)ctx; (void)setup;
    *st = NULL;
#ifdef TP_STDOUT
    printf("PLUGIN-NOISE from init on stdout\n");
    fflush(stdout);
#endif
#ifdef TP_INITSEGV
    *nowhere = 1;
#endif
    return 0;
}

static int consortium(void *st, const cs_host *host, cs_call *call,
                      const cs_consortium_view *c, cs_values *out)
{
    (void)st; (void)host; (void)call;
#if defined(TP_SEGV)
    *nowhere = 1;
#elif defined(TP_ABORT)
    abort();
#elif defined(TP_EXIT)
    exit(0);
#elif defined(TP_LOOP)
    for (volatile unsigned long spin = 0;; spin++)
        ;
#elif defined(TP_HOG)
    {
        size_t n = (size_t)10 << 30;
        char *p = malloc(n);     /* unchecked, as the fault requires */
        for (size_t i = 0; i < n; i += 4096)
            p[i] = 1;
        out->values[0][0] = p[4096];
        free(p);
    }
#elif defined(TP_STDOUT)
    printf("PLUGIN-NOISE {\"not\": \"json\"} consortium %s\n", c->id);
    fprintf(stderr, "PLUGIN-NOISE on stderr for %s\n", c->id);
    if (write(1, "PLUGIN-NOISE raw\n", 17) < 0)
        return host->error(call, "cannot write");
#endif
    for (size_t k = 0; k < out->n_draws; k++)
        out->values[0][k] = c->registered;
    return 0;
}

static void fini(void *st)
{
    (void)st;
#ifdef TP_FINIABORT
    abort();
#endif
}

#ifdef TP_OPTABORT
static int option(void *st, const cs_host *host, cs_call *call,
                  const cs_option_view *o, const cs_values *const *in,
                  cs_values *out)
{
    (void)st; (void)host; (void)call; (void)o; (void)in; (void)out;
    abort();
}
#endif

static const cs_plugin_descriptor desc = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = TP_NAME, .version = "0.1", .summary = "misbehaving test plugin",
    .metrics = metrics, .n_metrics = 1,
    .init = init, .consortium = consortium, .fini = fini,
#ifdef TP_OPTABORT
    .option = option,
#endif
    .headline_scale = &scale,
};

CS_PLUGIN(desc)
