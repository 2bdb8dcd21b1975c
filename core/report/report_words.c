/* report_words.c -- the small pieces every writer shares: the words for a
 * direction, a file's base name, JSON and CSV field helpers. They sit
 * below the dispatcher (report.c) and the writers, so no writer calls
 * back into the dispatcher and the decision parts do not call back into
 * the writer that includes them. */
#include "report.h"

#include <string.h>
#include <jansson.h>

#include "report_decision.h"

const char *cs_direction_word(cs_direction d)
{
    return d == CS_HIGHER_IS_BETTER ? "higher"
         : d == CS_LOWER_IS_BETTER ? "lower" : "neutral";
}

const char *cs_basename(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

void cs_json_put(json_t *obj, const char *key, json_t *val)
{
    if (obj && val)
        json_object_set_new(obj, key, val);
    else
        json_decref(val);
}

void cs_json_push(json_t *arr, json_t *val)
{
    if (arr && val)
        json_array_append_new(arr, val);
    else
        json_decref(val);
}

/* A plain decimal number: [+-]digits[.digits][(e|E)[+-]digits]. */
static int plain_number(const char *s)
{
    size_t digits = 0;

    if (*s == '+' || *s == '-')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        digits++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        size_t exp = 0;
        s++;
        if (*s == '+' || *s == '-')
            s++;
        for (; *s >= '0' && *s <= '9'; s++)
            exp++;
        if (!exp)
            return 0;
    }
    return *s == '\0';
}

void cs_csv_field(FILE *fp, const char *s)
{
    int guard = s[0] && strchr("=+-@\t\r", s[0]) && !plain_number(s);

    if (!strpbrk(s, ",\"\r\n")) {
        if (guard)
            fputc('\'', fp);
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    if (guard)
        fputc('\'', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

void cs_md_text(FILE *fp, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '&': fputs("&amp;", fp); break;
        case '|': fputs("\\|", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': case '\r': fputc(' ', fp); break;
        default: fputc(*s, fp);
        }
}
