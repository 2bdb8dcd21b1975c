/* jsonw.c -- the streaming JSON writer (jsonw.h). */
#include "jsonw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void cs_jw_init(cs_jw *w, FILE *fp)
{
    memset(w, 0, sizeof *w);
    w->fp = fp;
    w->first[0] = 1;
}

static void indent(cs_jw *w, int depth)
{
    static const char spaces[] = "                                ";
    int n = 2 * depth;
    fputc('\n', w->fp);
    for (; n > 32; n -= 32)
        fwrite(spaces, 1, 32, w->fp);
    fwrite(spaces, 1, (size_t)n, w->fp);
}

/* A string as jansson escapes it (json_string checks the UTF-8); NULL
 * when jansson would refuse it. Caller frees. */
static char *quoted(const char *s)
{
    json_t *t = s ? json_string(s) : NULL;
    char *d = t ? json_dumps(t, JSON_ENCODE_ANY) : NULL;
    json_decref(t);
    return d;
}

/* Starts a member: the separator, the indent and the key. 0 when the
 * member must be left out (a key jansson would refuse). */
static int slot(cs_jw *w, const char *key)
{
    char *k = NULL;
    if (key && !(k = quoted(key)))
        return 0;
    if (w->depth > 0) {
        if (!w->first[w->depth])
            fputc(',', w->fp);
        indent(w, w->depth);
    }
    w->first[w->depth] = 0;
    if (k) {
        fputs(k, w->fp);
        fputs(": ", w->fp);
        free(k);
    }
    return 1;
}

void cs_jw_open(cs_jw *w, const char *key, char brace)
{
    if (w->depth + 1 >= CS_JW_MAX_DEPTH) {
        w->err = 1;
        return;
    }
    slot(w, key);
    fputc(brace, w->fp);
    w->first[++w->depth] = 1;
}

void cs_jw_close(cs_jw *w, char brace)
{
    if (w->depth == 0) {
        w->err = 1;
        return;
    }
    if (!w->first[w->depth])
        indent(w, w->depth - 1);
    w->depth--;
    fputc(brace, w->fp);
}

/* jansson's jsonp_dtostr: "%.*g", a ".0" when neither a point nor an
 * exponent shows, and the exponent without '+' or leading zeros. */
int cs_jw_dtostr(char *buf, size_t size, double x, int prec)
{
    int len = snprintf(buf, size, "%.*g", prec, x);
    if (len < 0 || (size_t)len + 3 >= size)
        return -1;
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        buf[len++] = '.';
        buf[len++] = '0';
        buf[len] = '\0';
    }
    char *e = strchr(buf, 'e');
    if (e) {
        char *start = e + 1, *end = e + 2;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, (size_t)(len - (end - buf)) + 1);
            len -= (int)(end - start);
        }
    }
    return len;
}

void cs_jw_real(cs_jw *w, const char *key, double x)
{
    char buf[64];
    if (!isfinite(x) || !slot(w, key))
        return;
    int len = cs_jw_dtostr(buf, sizeof buf, x, 10);
    if (len < 0)
        w->err = 1;
    else
        fwrite(buf, 1, (size_t)len, w->fp);
}

void cs_jw_num(cs_jw *w, const char *key, double x)
{
    if (isfinite(x))
        cs_jw_real(w, key, x);
    else
        cs_jw_null(w, key);
}

void cs_jw_int(cs_jw *w, const char *key, long long x)
{
    if (slot(w, key))
        fprintf(w->fp, "%lld", x);
}

void cs_jw_bool(cs_jw *w, const char *key, int x)
{
    if (slot(w, key))
        fputs(x ? "true" : "false", w->fp);
}

void cs_jw_null(cs_jw *w, const char *key)
{
    if (slot(w, key))
        fputs("null", w->fp);
}

void cs_jw_str(cs_jw *w, const char *key, const char *s)
{
    char *q = quoted(s);
    if (q && slot(w, key))
        fputs(q, w->fp);
    free(q);
}

void cs_jw_tree(cs_jw *w, const char *key, json_t *t)
{
    char *d = t ? json_dumps(t, CS_JW_FLAGS | JSON_ENCODE_ANY) : NULL;
    json_decref(t);
    if (!d) {
        w->err |= t != NULL;
        return;
    }
    if (slot(w, key))
        for (const char *p = d; *p; p++) {
            if (*p == '\n')
                indent(w, w->depth);
            else
                fputc(*p, w->fp);
        }
    free(d);
}

void cs_jw_members(cs_jw *w, json_t *t)
{
    const char *k;
    json_t *v;
    json_object_foreach(t, k, v)
        cs_jw_tree(w, k, json_incref(v));
    json_decref(t);
}

int cs_jw_status(const cs_jw *w)
{
    return w->err || w->depth != 0 || ferror(w->fp) ? -1 : 0;
}
