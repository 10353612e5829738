/*
 * usl.c - least-squares fits of the Universal Scalability Law.
 *
 * Model (Gunther, CMG 1993; Guerrilla Capacity Planning, 2007, ch. 4-5):
 *     X(N) = gamma N / D(N),  D(N) = 1 + alpha (N - 1) + beta N (N - 1)
 * peak load N* = sqrt((1 - alpha) / beta), where dX/dN = 0 (ibid., ch. 5),
 * and the Amdahl limit gamma / alpha, the asymptote of X when beta = 0
 * (Amdahl 1967, in Gunther's form, ibid., ch. 4).
 *
 * Method, in four steps:
 * (1) check the points and count the distinct loads;
 * (2) fit all three coefficients with GSL's trust-region
 *     Levenberg-Marquardt solver, starting from gamma = X/N at the
 *     smallest load and small alpha and beta. An optimum with alpha and
 *     beta >= 0 is interior, so it is also the bounded optimum;
 * (3) otherwise fit each face of the bounded region - alpha held at 0,
 *     beta held at 0, both at 0 - and keep the feasible fit with the
 *     least residual sum of squares: by the Karush-Kuhn-Tucker conditions
 *     the bounded optimum lies on one of them. (Fitting alpha = a^2 would
 *     keep alpha >= 0 as well, but its gradient vanishes at a = 0, so a
 *     fit whose optimum is on the bound creeps towards it and stops
 *     short; fitting the faces gives the bound exactly.)
 * (4) the covariance is s^2 (J'J)^-1, with J the Jacobian in (alpha,
 *     beta, gamma) at the estimate and s^2 the residual variance on n - 3
 *     degrees of freedom - what R's nls reports for the usl package, also
 *     for a coefficient on its bound. As the fit is made in the original
 *     coefficients, no delta-method transformation is needed. Intervals
 *     are estimate +- t(0.975, n - 3) SE, clipped at 0 for alpha and beta.
 */
#include "headroom/usl.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

/* Solver stopping rules (GSL manual, "Testing for Convergence"). */
#define FIT_MAX_ITER 1000
#define FIT_XTOL 1e-12
#define FIT_GTOL 1e-12
#define FIT_FTOL 0.0

/* Starting values of the two overhead coefficients. */
#define START_ALPHA 0.01
#define START_BETA 0.0001

/* Relative size below which a column of the scaled Jacobian counts as
 * dependent on the others. */
#define COVAR_EPSREL 1e-10

/* Residual given to every point when a trial step leaves the model's
 * domain (D(N) <= 0), so that the trust region rejects the step. */
#define OUT_OF_DOMAIN 1e100

enum { ALPHA, BETA, GAMMA, NPARAM };

/* The least-squares problem for one face: which coefficients are held
 * at 0. */
typedef struct usl_problem {
    const hr_usl_point *points;
    size_t count;
    bool held[NPARAM];
} usl_problem;

/* The outcome of one solver run. */
typedef struct usl_attempt {
    double theta[NPARAM];
    double sse;
    bool converged;
    size_t iterations;
} usl_attempt;

static const char *const warning_texts[HR_USL_WARNING_COUNT] = {
    "fewer than 4 points: no degrees of freedom left for standard errors",
    "fewer than 4 distinct loads: the curve is poorly determined",
    "every point has the same load: the model cannot be fitted",
    "the Jacobian is singular at the estimate: standard errors undefined",
    "alpha is at its bound 0 (the data favour a negative value)",
    "beta is at its bound 0: the fit has no peak",
    "the peak lies far beyond the largest measured load: extrapolation",
    "the model fits the data poorly: throughput depends on more than "
    "this load",
    "the solver stopped before meeting its tolerances",
};

/* ---- the model ---------------------------------------------------------- */

static double denominator(const double *theta, double n)
{
    return 1.0 + theta[ALPHA] * (n - 1.0) + theta[BETA] * n * (n - 1.0);
}

static double model(const double *theta, double n)
{
    return theta[GAMMA] * n / denominator(theta, n);
}

/* Partial derivatives of X(N) by alpha, beta and gamma. */
static void gradient(const double *theta, double n, double *g)
{
    double d = denominator(theta, n);
    double slope = theta[GAMMA] * n / (d * d);

    g[ALPHA] = -slope * (n - 1.0);
    g[BETA] = -slope * n * (n - 1.0);
    g[GAMMA] = n / d;
}

/* ---- solver callbacks --------------------------------------------------- */

/* Expands the solver's free coefficients into (alpha, beta, gamma). */
static void unpack(const usl_problem *p, const gsl_vector *x, double *theta)
{
    size_t k = 0;

    for (size_t j = 0; j < NPARAM; j++)
        theta[j] = p->held[j] ? 0.0 : gsl_vector_get(x, k++);
}

static size_t free_count(const usl_problem *p)
{
    return (size_t)!p->held[ALPHA] + !p->held[BETA] + !p->held[GAMMA];
}

/* Residuals X(N_i) - X_i; see OUT_OF_DOMAIN. */
static int residuals(const gsl_vector *x, void *data, gsl_vector *f)
{
    const usl_problem *p = data;
    double theta[NPARAM];
    bool inside = true;

    unpack(p, x, theta);
    for (size_t i = 0; i < p->count; i++)
        inside = inside && denominator(theta, p->points[i].load) > 0.0;
    for (size_t i = 0; i < p->count; i++) {
        const hr_usl_point *pt = &p->points[i];

        gsl_vector_set(f, i,
                       inside ? model(theta, pt->load) - pt->throughput
                              : OUT_OF_DOMAIN);
    }
    return GSL_SUCCESS;
}

/* Jacobian of the residuals in the free coefficients. */
static int jacobian(const gsl_vector *x, void *data, gsl_matrix *J)
{
    const usl_problem *p = data;
    double theta[NPARAM], g[NPARAM];

    unpack(p, x, theta);
    for (size_t i = 0; i < p->count; i++) {
        size_t k = 0;

        gradient(theta, p->points[i].load, g);
        for (size_t j = 0; j < NPARAM; j++)
            if (!p->held[j])
                gsl_matrix_set(J, i, k++, g[j]);
    }
    return GSL_SUCCESS;
}

/* ---- fitting ------------------------------------------------------------ */

/* Keeps the solver's result: position, residual sum of squares. */
static void take_result(const usl_problem *p, gsl_multifit_nlinear_workspace *w,
                        usl_attempt *out)
{
    double norm;

    unpack(p, gsl_multifit_nlinear_position(w), out->theta);
    norm = gsl_blas_dnrm2(gsl_multifit_nlinear_residual(w));
    out->sse = norm * norm;
}

/* One trust-region Levenberg-Marquardt run on a face from start. */
static hr_status solve(usl_problem *p, const double *start, usl_attempt *out)
{
    gsl_multifit_nlinear_parameters params =
        gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_fdf fdf = {
        .f = residuals,
        .df = jacobian,
        .fvv = NULL,
        .n = p->count,
        .p = free_count(p),
        .params = p,
    };
    gsl_multifit_nlinear_workspace *w;
    double x0[NPARAM];
    size_t k = 0;
    int info = 0, status;

    params.trs = gsl_multifit_nlinear_trs_lm;
    w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, fdf.n,
                                   fdf.p);
    if (!w)
        return HR_ERR_NOMEM;
    for (size_t j = 0; j < NPARAM; j++)
        if (!p->held[j])
            x0[k++] = start[j];

    gsl_vector_view x = gsl_vector_view_array(x0, fdf.p);
    status = gsl_multifit_nlinear_init(&x.vector, &fdf, w);
    if (status == GSL_SUCCESS)
        status = gsl_multifit_nlinear_driver(FIT_MAX_ITER, FIT_XTOL, FIT_GTOL,
                                             FIT_FTOL, NULL, NULL, &info, w);
    out->iterations = gsl_multifit_nlinear_niter(w);
    /* GSL_ENOPROG: no step lowers the residual any more, which at these
     * tight tolerances means the minimum is reached to rounding. */
    out->converged = status == GSL_SUCCESS || status == GSL_ENOPROG;
    if (out->converged || status == GSL_EMAXITER)
        take_result(p, w, out);
    gsl_multifit_nlinear_free(w);
    return out->converged || status == GSL_EMAXITER ? HR_OK : HR_ERR_NUMERIC;
}

static bool feasible(const usl_attempt *a)
{
    return a->theta[ALPHA] >= 0.0 && a->theta[BETA] >= 0.0;
}

/* Steps (2) and (3) of the method: the interior fit, else the best
 * feasible face. HR_ERR_NUMERIC when no run gave a feasible fit. */
static hr_status fit_bounded(const hr_usl_point *points, size_t count,
                             const double *start, usl_attempt *best,
                             size_t *iterations)
{
    static const bool faces[4][2] = {
        {false, false},
        {true, false},
        {false, true},
        {true, true},
    };
    bool found = false;

    *iterations = 0;
    for (size_t f = 0; f < 4 && !(f == 1 && found); f++) {
        usl_problem p = {points, count, {faces[f][0], faces[f][1], false}};
        usl_attempt a;
        hr_status status = solve(&p, start, &a);

        if (status == HR_ERR_NOMEM)
            return status;
        *iterations += a.iterations;
        if (status != HR_OK || !feasible(&a))
            continue;
        if (!found || a.sse < best->sse)
            *best = a;
        found = true;
    }
    return found ? HR_OK : HR_ERR_NUMERIC;
}

/* gamma starts as the largest X/N at the smallest load: X(1) when the
 * data start at one user. */
static void starting_values(const hr_usl_point *points, size_t count,
                            double load_min, double *start)
{
    start[ALPHA] = START_ALPHA;
    start[BETA] = START_BETA;
    start[GAMMA] = 0.0;
    for (size_t i = 0; i < count; i++)
        if (points[i].load == load_min)
            start[GAMMA] =
                fmax(start[GAMMA], points[i].throughput / points[i].load);
}

/* ---- statistics --------------------------------------------------------- */

/* (J'J)^-1 in (alpha, beta, gamma) at theta, from the Jacobian with unit
 * columns so that rank is judged free of the coefficients' scales. Sets
 * *singular when a column is zero or dependent. */
static hr_status unscaled_covariance(const hr_usl_point *points, size_t count,
                                     const double *theta,
                                     double cov[NPARAM][NPARAM], bool *singular)
{
    gsl_matrix *J = gsl_matrix_alloc(count, NPARAM);
    gsl_matrix *C = gsl_matrix_alloc(NPARAM, NPARAM);
    double norm[NPARAM];
    hr_status status = HR_ERR_NOMEM;

    *singular = false;
    if (!J || !C)
        goto cleanup;
    for (size_t i = 0; i < count; i++) {
        double g[NPARAM];

        gradient(theta, points[i].load, g);
        for (size_t j = 0; j < NPARAM; j++)
            gsl_matrix_set(J, i, j, g[j]);
    }
    for (size_t j = 0; j < NPARAM; j++) {
        gsl_vector_view column = gsl_matrix_column(J, j);

        norm[j] = gsl_blas_dnrm2(&column.vector);
        *singular = *singular || !(norm[j] > 0.0);
        gsl_vector_scale(&column.vector, norm[j] > 0.0 ? 1.0 / norm[j] : 1.0);
    }

    status = HR_ERR_NUMERIC;
    if (gsl_multifit_nlinear_covar(J, COVAR_EPSREL, C) != GSL_SUCCESS)
        goto cleanup;
    for (size_t j = 0; j < NPARAM; j++) {
        *singular = *singular || !(gsl_matrix_get(C, j, j) > 0.0);
        for (size_t k = 0; k < NPARAM; k++)
            cov[j][k] = gsl_matrix_get(C, j, k) / (norm[j] * norm[k]);
    }
    status = HR_OK;
cleanup:
    gsl_matrix_free(J);
    gsl_matrix_free(C);
    return status;
}

/* Fills an estimate from its value, variance and t quantile. */
static void set_estimate(hr_usl_estimate *e, double value, double variance,
                         double t, bool nonnegative)
{
    e->value = value;
    e->se = variance >= 0.0 ? sqrt(variance) : (double)NAN;
    e->ci_low = value - t * e->se;
    e->ci_high = value + t * e->se;
    if (nonnegative && e->ci_low < 0.0)
        e->ci_low = 0.0;
}

/* Step (4): residual standard error, standard errors and intervals. */
static hr_status set_statistics(hr_usl *usl, const hr_usl_point *points,
                                size_t count, const usl_attempt *fit)
{
    double cov[NPARAM][NPARAM], s2 = NAN, t = NAN;
    bool singular = false;
    hr_status status;

    usl->dof = count > NPARAM ? count - NPARAM : 0;
    if (usl->dof > 0) {
        s2 = fit->sse / (double)usl->dof;
        t = gsl_cdf_tdist_Pinv(0.975, (double)usl->dof);
    }
    usl->rse = sqrt(s2);
    status = unscaled_covariance(points, count, fit->theta, cov, &singular);
    if (status != HR_OK)
        return status;
    if (singular) {
        usl->warnings |= HR_USL_WARN_SINGULAR;
        s2 = NAN;
    }
    set_estimate(&usl->alpha, fit->theta[ALPHA], s2 * cov[ALPHA][ALPHA], t,
                 true);
    set_estimate(&usl->beta, fit->theta[BETA], s2 * cov[BETA][BETA], t, true);
    set_estimate(&usl->gamma, fit->theta[GAMMA], s2 * cov[GAMMA][GAMMA], t,
                 false);
    return HR_OK;
}

/* Peak, its throughput and the Amdahl limit (formulas at the top). */
static void set_derived(hr_usl *usl)
{
    double a = usl->alpha.value, b = usl->beta.value;

    usl->limit_throughput = a > 0.0 ? usl->gamma.value / a : (double)INFINITY;
    usl->peak_load = NAN;
    usl->peak_throughput = NAN;
    if (a >= 1.0)
        return;
    if (b > 0.0) {
        usl->peak_load = sqrt((1.0 - a) / b);
        usl->peak_throughput = hr_usl_throughput(usl, usl->peak_load);
    } else {
        usl->peak_load = INFINITY;
    }
}

/* Warnings about the fitted values themselves. */
static void set_fit_warnings(hr_usl *usl, const hr_usl_point *points,
                             size_t count)
{
    double mean = 0.0;

    for (size_t i = 0; i < count; i++)
        mean += points[i].throughput / (double)count;
    if (usl->alpha.value == 0.0)
        usl->warnings |= HR_USL_WARN_ALPHA_AT_BOUND;
    if (usl->beta.value == 0.0)
        usl->warnings |= HR_USL_WARN_BETA_AT_BOUND;
    if (isfinite(usl->peak_load) &&
        usl->peak_load > HR_USL_EXTRAPOLATION * usl->load_max)
        usl->warnings |= HR_USL_WARN_PEAK_BEYOND;
    if (mean > 0.0 && usl->rse > HR_USL_POOR_FIT * mean)
        usl->warnings |= HR_USL_WARN_POOR_FIT;
}

/* ---- checks on the data ------------------------------------------------- */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Step (1): validates the points, sets counts, range and data warnings. */
static hr_status survey(hr_usl *usl, const hr_usl_point *points, size_t count)
{
    double *loads = malloc((count ? count : 1) * sizeof *loads);

    if (!loads)
        return HR_ERR_NOMEM;
    for (size_t i = 0; i < count; i++) {
        loads[i] = points[i].load;
        if (!(isfinite(loads[i]) && loads[i] > 0.0 &&
              isfinite(points[i].throughput) && points[i].throughput >= 0.0)) {
            free(loads);
            return HR_ERR_DOMAIN;
        }
    }
    qsort(loads, count, sizeof *loads, compare_doubles);
    usl->points = count;
    for (size_t i = 0; i < count; i++)
        usl->distinct_loads += i == 0 || loads[i] != loads[i - 1];
    usl->load_min = count ? loads[0] : (double)NAN;
    usl->load_max = count ? loads[count - 1] : (double)NAN;
    free(loads);

    if (count < 4)
        usl->warnings |= HR_USL_WARN_FEW_POINTS;
    if (usl->distinct_loads < 4)
        usl->warnings |= HR_USL_WARN_FEW_LOADS;
    if (usl->distinct_loads == 1)
        usl->warnings |= HR_USL_WARN_SAME_LOAD;
    return usl->distinct_loads < NPARAM ? HR_ERR_DOMAIN : HR_OK;
}

static void clear_estimate(hr_usl_estimate *e)
{
    e->value = e->se = e->ci_low = e->ci_high = NAN;
}

static void clear(hr_usl *usl)
{
    clear_estimate(&usl->alpha);
    clear_estimate(&usl->beta);
    clear_estimate(&usl->gamma);
    usl->points = usl->distinct_loads = usl->dof = usl->iterations = 0;
    usl->load_min = usl->load_max = usl->rse = NAN;
    usl->peak_load = usl->peak_throughput = usl->limit_throughput = NAN;
    usl->warnings = 0;
}

/* ---- public functions --------------------------------------------------- */

hr_status hr_usl_fit(hr_usl *usl, const hr_usl_point *points, size_t count)
{
    double start[NPARAM];
    usl_attempt best = {{0.0}, 0.0, false, 0};
    hr_status status;

    clear(usl);
    if (!points && count > 0)
        return HR_ERR_DOMAIN;
    status = survey(usl, points, count);
    if (status != HR_OK)
        return status;

    starting_values(points, count, usl->load_min, start);
    status = fit_bounded(points, count, start, &best, &usl->iterations);
    if (status != HR_OK)
        return status;
    if (!best.converged)
        usl->warnings |= HR_USL_WARN_NOT_CONVERGED;

    status = set_statistics(usl, points, count, &best);
    if (status != HR_OK) {
        clear(usl);
        return status;
    }
    set_derived(usl);
    set_fit_warnings(usl, points, count);
    return HR_OK;
}

double hr_usl_throughput(const hr_usl *usl, double load)
{
    double theta[NPARAM];

    if (!(load > 0.0))
        return NAN;
    theta[ALPHA] = usl->alpha.value;
    theta[BETA] = usl->beta.value;
    theta[GAMMA] = usl->gamma.value;
    return model(theta, load);
}

const char *hr_usl_warning_text(hr_usl_warning warning)
{
    for (unsigned i = 0; i < HR_USL_WARNING_COUNT; i++)
        if ((unsigned)warning == 1u << i)
            return warning_texts[i];
    return "unknown warning";
}
