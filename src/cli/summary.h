/*
 * summary.h - the one-screen plan summary printed at the end of a run.
 */
#ifndef HR_SUMMARY_H
#define HR_SUMMARY_H

#include <stdio.h>

#include "headroom/plan.h"

void hr_summary_print(FILE *stream, const hr_plan *plan,
                      const char *out_dir);

#endif
