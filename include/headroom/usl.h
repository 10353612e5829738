/*
 * usl.h - Universal Scalability Law fits to throughput measured at
 * several loads.
 *
 * The model (Gunther, "A Simple Capacity Model of Massively Parallel
 * Transaction Systems", CMG 1993; Gunther, Guerrilla Capacity Planning,
 * Springer 2007, ch. 4 and 5) is
 *
 *     X(N) = gamma N / (1 + alpha (N - 1) + beta N (N - 1))
 *
 * with alpha the contention (serial fraction), beta the coherency delay
 * and gamma the throughput of one unit of load. The fit is ordinary
 * least squares on X with alpha, beta >= 0, as in the R package usl
 * (Gunther and Moeding), whose published fits are the test references.
 *
 * Pure numerics: no files, no printing. Loads and throughputs are in the
 * caller's units; the results carry the same units.
 */
#ifndef HEADROOM_USL_H
#define HEADROOM_USL_H

#include <stddef.h>

#include "headroom/error.h"

/* One measurement: throughput X observed at load N (users, threads...). */
typedef struct hr_usl_point {
    double load;       /* N, > 0 */
    double throughput; /* X, >= 0 */
} hr_usl_point;

/* Why the data may not determine the model; the fit's warnings are a
 * bitwise or of these. */
typedef enum hr_usl_warning {
    /* Fewer than 4 points: at most 0 degrees of freedom for the
     * residuals, so no standard errors or intervals. */
    HR_USL_WARN_FEW_POINTS = 1u << 0,
    /* Fewer than 4 distinct loads: the curve is barely pinned down. */
    HR_USL_WARN_FEW_LOADS = 1u << 1,
    /* Every point has the same load: nothing can be fitted. */
    HR_USL_WARN_SAME_LOAD = 1u << 2,
    /* The Jacobian at the estimate is rank-deficient: the covariance
     * and so the standard errors are undefined. */
    HR_USL_WARN_SINGULAR = 1u << 3,
    /* alpha sits at its bound 0 (the data alone would make it
     * negative); its interval is clipped at 0. */
    HR_USL_WARN_ALPHA_AT_BOUND = 1u << 4,
    /* beta sits at its bound 0: no peak within any load. */
    HR_USL_WARN_BETA_AT_BOUND = 1u << 5,
    /* The peak load lies beyond HR_USL_EXTRAPOLATION times the largest
     * measured load: it is an extrapolation. */
    HR_USL_WARN_PEAK_BEYOND = 1u << 6,
    /* The residual standard error exceeds HR_USL_POOR_FIT of the mean
     * throughput: throughput depends on more than this load. */
    HR_USL_WARN_POOR_FIT = 1u << 7,
    /* The solver stopped before meeting its tolerances. */
    HR_USL_WARN_NOT_CONVERGED = 1u << 8
} hr_usl_warning;

/* Number of warning bits above. */
#define HR_USL_WARNING_COUNT 9

/* Factor on the largest load beyond which a peak is an extrapolation. */
#define HR_USL_EXTRAPOLATION 2.0

/* Residual standard error, as a fraction of the mean throughput, above
 * which the fit is called poor. */
#define HR_USL_POOR_FIT 0.15

/* A coefficient with its standard error and 95 % confidence interval.
 * se, ci_low and ci_high are NAN when undefined. */
typedef struct hr_usl_estimate {
    double value;
    double se;
    double ci_low;
    double ci_high;
} hr_usl_estimate;

/* A fitted model. Fields that are undefined hold NAN; the peak load is
 * INFINITY when beta is 0 (throughput rises for ever) and the limit is
 * INFINITY when alpha is 0. */
typedef struct hr_usl {
    hr_usl_estimate alpha; /* contention, dimensionless */
    hr_usl_estimate beta;  /* coherency, dimensionless */
    hr_usl_estimate gamma; /* throughput per unit load at N = 1 */
    size_t points;         /* measurements used */
    size_t distinct_loads;
    double load_min;
    double load_max;
    size_t dof;              /* points - 3, or 0 */
    double rse;              /* residual standard error, throughput */
    double peak_load;        /* N* = sqrt((1 - alpha) / beta) */
    double peak_throughput;  /* X(N*) */
    double limit_throughput; /* Amdahl asymptote gamma / alpha */
    size_t iterations;       /* solver iterations, all attempts */
    unsigned warnings;       /* hr_usl_warning bits */
} hr_usl;

/*
 * Fits the USL to count points by nonlinear least squares (GSL
 * gsl_multifit_nlinear, trust region Levenberg-Marquardt) with alpha and
 * beta held at or above 0, then derives the standard errors, 95 %
 * intervals (Student t with count - 3 degrees of freedom), the residual
 * standard error, the peak and the Amdahl limit.
 *
 * Returns HR_OK with *usl filled, perhaps with warnings set; or
 * HR_ERR_DOMAIN for a non-positive or non-finite load or a negative or
 * non-finite throughput, and when the points cannot determine three
 * coefficients (fewer than 3 points or 3 distinct loads), with the
 * counts and warnings in *usl set and every estimate NAN;
 * HR_ERR_NUMERIC when the solver fails outright; HR_ERR_NOMEM.
 */
hr_status hr_usl_fit(hr_usl *usl, const hr_usl_point *points, size_t count);

/* The fitted model's throughput at load N (N > 0); NAN when the model is
 * not fitted. */
double hr_usl_throughput(const hr_usl *usl, double load);

/* A short lowercase sentence for one warning bit; never NULL. */
const char *hr_usl_warning_text(hr_usl_warning warning);

#endif
