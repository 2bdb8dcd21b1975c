/*
 * mcda.h -- the public header of core/mcda/: the decision mathematics on
 * plain arrays, knowing nothing of scenarios or plugins. Value functions,
 * weights, per-draw scores and rank probabilities (decide.h), SMAA-2 and
 * the weight space (smaa.h), weight stability and the tornado
 * (stability.h), the value of information (voi.h). The model names a
 * criterion's value function kind and the loader checks a weight space
 * with it, so it sits below both.
 */
#ifndef CS_MCDA_H
#define CS_MCDA_H

#include "decide.h"
#include "smaa.h"
#include "stability.h"
#include "voi.h"

#endif /* CS_MCDA_H */
