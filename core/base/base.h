/*
 * base.h -- the public header of core/base/: what every stage may use.
 * Diagnostics with file:line:col positions (diag.h), report files written
 * whole or not at all (fileio.h), the progress line (progress.h) and the
 * RFC 4180 CSV reader (csv.h), order statistics by selection (select.h). base/ depends on nothing else in core/.
 */
#ifndef CS_BASE_H
#define CS_BASE_H

#include "diag.h"
#include "fileio.h"
#include "progress.h"
#include "csv.h"
#include "select.h"
#include "moments.h"

#endif /* CS_BASE_H */
