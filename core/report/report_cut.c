/* report_cut.c -- option names fitted to a column of the text report. */
#include "report_decision.h"

#include <string.h>

/* Bytes of s that fit in n bytes without splitting a UTF-8 character. */
static size_t utf8_fit(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

const char *cs_text_option_cell(char *buf, size_t width, const char *name,
                                const char *id)
{
    size_t len = strlen(name), idlen = strlen(id), keep;

    if (len <= width) {
        memcpy(buf, name, len + 1);
        return buf;
    }
    if (idlen + 3 <= width / 2) {
        /* the start, "~" for the cut, and the unique id: "Two consorti~[two]" */
        keep = utf8_fit(name, width - idlen - 3);
        memcpy(buf, name, keep);
        buf[keep] = '~';
        buf[keep + 1] = '[';
        memcpy(buf + keep + 2, id, idlen);
        buf[keep + 2 + idlen] = ']';
        buf[keep + 3 + idlen] = '\0';
        return buf;
    }
    keep = utf8_fit(name, width - 1);
    memcpy(buf, name, keep);
    buf[keep] = '~';
    buf[keep + 1] = '\0';
    return buf;
}
