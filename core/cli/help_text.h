/* help_text.h -- the table of each command's help (help_text.c). */
#ifndef CS_HELP_TEXT_H
#define CS_HELP_TEXT_H

#include <stddef.h>

typedef struct cs_help_entry {
    const char *name;       /* the command */
    const char *text;       /* usage, what it does, its options */
} cs_help_entry;

extern const cs_help_entry cs_help_entries[];
extern const size_t cs_n_help_entries;

#endif /* CS_HELP_TEXT_H */
