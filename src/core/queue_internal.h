/*
 * queue_internal.h - what the queue files share: queue.c (M/M/c),
 * queue_finite.c (M/M/c/K) and queue_general.c (G/G/c). All three find
 * percentiles the same way, as the root of a rising "excess" function.
 */
#ifndef HEADROOM_QUEUE_INTERNAL_H
#define HEADROOM_QUEUE_INTERNAL_H

#include <gsl/gsl_math.h>

#include "headroom/error.h"

/* True for a probability strictly between 0 and 1 (false for NaN). */
static inline int hr_queue_is_open_probability(double p)
{
    return p > 0.0 && p < 1.0;
}

/*
 * Solves excess(t) = 0 for a function that rises with t, such as
 * CDF(t) - p. Returns lo itself when excess(lo) >= 0; otherwise doubles hi
 * (which must exceed lo) until excess(hi) >= 0 and runs Brent's method on
 * [lo, hi] to a relative width of 1e-12. HR_ERR_NUMERIC when the bracket
 * or the solver fails (a NaN from excess counts as failure), HR_ERR_NOMEM
 * when the solver cannot be allocated; *out is then left alone.
 */
hr_status hr_queue_solve_rising(gsl_function *excess, double lo, double hi,
                                double *out);

#endif
