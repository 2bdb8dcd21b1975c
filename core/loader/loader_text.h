/*
 * loader_text.h -- small facts about input text shared by the YAML and CSV
 * readers (defined in loader_io.c).
 */
#ifndef CS_LOADER_TEXT_H
#define CS_LOADER_TEXT_H

#include <stddef.h>
#include "base/base.h"

/* Offset of the first byte that does not start a valid UTF-8 sequence
 * (overlong forms, surrogates and code points past U+10FFFF are invalid),
 * or len when all is valid. */
size_t ld_utf8_check(const char *s, size_t len);

/* Line and column (in characters, from 1) of byte `off` of data; a lone
 * CR ends a line as LF and CRLF do. `file` is stored, not copied. */
cs_pos ld_text_pos(const char *file, const char *data, size_t len,
                   size_t off);

#endif /* CS_LOADER_TEXT_H */
