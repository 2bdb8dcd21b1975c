/*
 * help.h -- the command line explaining itself: `consortia help [COMMAND]`,
 * `consortia COMMAND --help` (or -h), and "did you mean" for a mistyped
 * command or long option (nearest by edit distance).
 */
#ifndef CS_HELP_H
#define CS_HELP_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

/* 1 when `name` is one of the program's commands. */
int cs_help_is_command(const char *name);

/* Writes COMMAND's help (usage, what it does, every option) to fp;
 * -1 when there is no such command. */
int cs_help_command(const char *name, FILE *fp);

/* 1 when a command's arguments (argv[1..argc-1], before any "--") hold
 * --help or -h. */
int cs_help_asked(int argc, char **argv);

/* `consortia help [COMMAND]`: argv[0] is "help". Writes the general help
 * (usage then more: the program's whole usage and notes, given by main)
 * or the command's to stdout and returns 0; an unknown COMMAND is a usage
 * error with a suggestion (64). */
int cs_help_main(int argc, char **argv, const char *usage, const char *more);

/* The error for an unknown command, with the nearest command when one is
 * close; returns EX_USAGE (64). */
int cs_help_unknown_command(const char *name);

/* The optimal-string-alignment distance between a and b (insertions,
 * deletions, substitutions and swaps of two neighbours each cost 1). */
size_t cs_edit_distance(const char *a, const char *b);

/* The candidate nearest to `word` when it is near enough to be a likely
 * typing slip (distance at most 1 for a word of up to 4 characters, at
 * most 2 for a longer one, or at most a third of the word's length; or
 * `word` begins exactly one candidate), else NULL. */
const char *cs_nearest(const char *word, const char *const *cands, size_t n);

/* The message for an argument getopt_long did not take ('?'): "unknown
 * option 'ARG'" and, for a long option near one in lo, "; did you mean
 * '--NAME'?". Written into buf; returns buf. */
const char *cs_option_error(const char *arg, const struct option *lo,
                            char *buf, size_t len);

#endif /* CS_HELP_H */
