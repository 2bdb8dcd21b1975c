/*
 * jsonw.h -- a JSON writer that streams to a FILE, byte for byte as
 * jansson's json_dumpf(JSON_INDENT(2) | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(10)) would write the same tree, without building it:
 * the report's bulk (every metric of every consortium) goes straight out.
 * Small parts built as jansson trees are written in place by
 * cs_jw_tree. Like cs_json_put, a value jansson would refuse (a
 * non-finite real, a NULL or non-UTF-8 string) is left out with its key.
 * Internal to the report writers.
 */
#ifndef CS_REPORT_JSONW_H
#define CS_REPORT_JSONW_H

#include <stdio.h>
#include <jansson.h>

#define CS_JW_MAX_DEPTH 64

typedef struct cs_jw {
    FILE *fp;
    int depth;
    unsigned char first[CS_JW_MAX_DEPTH];  /* no member written yet */
    int err;                               /* out of memory or too deep */
} cs_jw;

/* The flags of the dump the writer reproduces. */
#define CS_JW_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | \
                     JSON_REAL_PRECISION(10))

void cs_jw_init(cs_jw *w, FILE *fp);
/* In an object `key` names the member; in an array (or at the top) pass
 * NULL. open/close take '{' / '}' or '[' / ']'. */
void cs_jw_open(cs_jw *w, const char *key, char brace);
void cs_jw_close(cs_jw *w, char brace);
void cs_jw_real(cs_jw *w, const char *key, double x);  /* left out if NaN/inf */
void cs_jw_num(cs_jw *w, const char *key, double x);   /* null if NaN/inf */
void cs_jw_int(cs_jw *w, const char *key, long long x);
void cs_jw_bool(cs_jw *w, const char *key, int x);
void cs_jw_null(cs_jw *w, const char *key);
void cs_jw_str(cs_jw *w, const char *key, const char *s);
/* Writes the tree t (stealing the reference; NULL is left out). */
void cs_jw_tree(cs_jw *w, const char *key, json_t *t);
/* Writes every member of object t in order (stealing the reference). */
void cs_jw_members(cs_jw *w, json_t *t);
/* The real as jansson writes it at precision `prec` into buf (>= 32
 * bytes); returns its length. */
int cs_jw_dtostr(char *buf, size_t size, double x, int prec);
/* 0 when everything was written; -1 after an error. */
int cs_jw_status(const cs_jw *w);

#endif /* CS_REPORT_JSONW_H */
