/* ranking_check.h -- what docs/json-output.md states of a report's
 * ranking, checked from the definitions (tests/ranking_check.c). */
#ifndef CS_RANKING_CHECK_H
#define CS_RANKING_CHECK_H

#include <jansson.h>

/* Fails the running Check test when the report `r` of scenario `name`
 * breaks one of the ranking's defining properties. */
void check_ranking(const char *name, json_t *r);

#endif
