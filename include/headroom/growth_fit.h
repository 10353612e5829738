/*
 * growth_fit.h - exponential and logistic curves fitted to a growth
 * series' milestone values, the choice between them, and an uncertainty
 * band for the chosen curve.
 *
 * Milestone values span decades, so both curves are fitted to log(y):
 * each residual is log(y_i) - log(f(t_i)), and every error measure below
 * is in logarithms. The curves are
 *
 *     exponential  f(t) = a e^(b t)                  params a, b
 *     logistic     f(t) = K / (1 + e^(-r (t - t0)))  params K, r, t0
 *
 * with t in months, a and K in the series' unit, b and r per month and t0
 * the month at which the logistic reaches K / 2 (where its growth rate in
 * log space has halved). Pure numerics: no files, no printing.
 */
#ifndef HEADROOM_GROWTH_FIT_H
#define HEADROOM_GROWTH_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"

typedef enum hr_growth_kind {
    HR_GROWTH_EXPONENTIAL,
    HR_GROWTH_LOGISTIC
} hr_growth_kind;

/* Size of hr_growth_fit.reason, with its terminating NUL. */
#define HR_GROWTH_REASON_SIZE 160

/* One fitted curve. Undefined numbers hold NAN. */
typedef struct hr_growth_fit {
    hr_growth_kind kind;
    double params[3];         /* a, b, 0 or K, r, t0 (see above) */
    double covariance[3][3];  /* of params; NAN when undefined (no
                                 degrees of freedom, singular Jacobian) */
    size_t parameter_count;   /* 2 or 3 */
    size_t points;            /* milestones fitted */
    double rse_log10;         /* residual standard error of log10(y), in
                                 decades, on points - parameter_count
                                 degrees of freedom; NAN when none */
    double aicc;              /* corrected Akaike criterion; NAN when
                                 undefined (too few points, exact fit) */
    bool usable;              /* false: the curve was not fitted */
    char reason[HR_GROWTH_REASON_SIZE]; /* a short sentence: for a
                                 chosen fit why it was chosen, else what
                                 it found or why it is unusable */
} hr_growth_fit;

/*
 * Fits both curves to the n points (months[i], values[i]) and chooses
 * one. months must be finite and strictly increasing, values finite and
 * positive, n >= 2. The exponential is fitted by linear least squares on
 * log(y) (gsl_fit_linear); the logistic, which needs n >= 4, by GSL's
 * trust-region nonlinear least squares with K and r kept positive. When
 * both are usable the lower AICc wins, or the lower residual standard
 * error when AICc is undefined for one of them; else the exponential.
 *
 * chosen receives a copy of the chosen fit, whose reason says why;
 * exponential and logistic (either may be NULL) receive both fits.
 * Returns HR_OK; HR_ERR_DOMAIN for bad input, with every output marked
 * unusable and the reason naming the problem; HR_ERR_NUMERIC when the
 * exponential fit fails; HR_ERR_NOMEM. A logistic fit that fails is not
 * an error: it is marked unusable and the reason says why.
 */
hr_status hr_growth_fit_series(const double *months, const double *values,
                               size_t n, hr_growth_fit *chosen,
                               hr_growth_fit *exponential,
                               hr_growth_fit *logistic);

/* The fitted curve's value at month (any month, also beyond the points);
 * NAN when the fit is unusable. */
double hr_growth_fit_eval(const hr_growth_fit *fit, double month);

/*
 * Confidence band for the fitted curve at month, at the two-sided level
 * (e.g. 0.95): exp(log f(t) -+ q s), with s the standard error of
 * log f(t) by the delta method from the parameter covariance and q the
 * Student t quantile on points - parameter_count degrees of freedom. It
 * bounds the curve, not single future values, and widens away from the
 * data. Returns HR_OK; HR_ERR_DOMAIN when the fit is unusable, the level
 * is outside (0, 1) or the fit has no degrees of freedom (a curve through
 * every point exactly: no band, show none); HR_ERR_NUMERIC when the
 * covariance is undefined. low and high are left alone on error.
 */
hr_status hr_growth_fit_band(const hr_growth_fit *fit, double month,
                             double level, double *low, double *high);

/* "exponential" or "logistic". */
const char *hr_growth_kind_name(hr_growth_kind kind);

#endif
