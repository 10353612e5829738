/*
 * growth_fit.c - exponential and logistic growth curves fitted to
 * milestone values in log space, and the choice between them.
 *
 * Method, in five steps:
 * (1) check the points: months strictly increasing, values positive;
 * (2) exponential (Malthus) f = a e^(b t): log f = log a + b t is a
 *     straight line, fitted to log y by ordinary least squares
 *     (gsl_fit_linear), whose covariance of (log a, b) is exact;
 * (3) logistic (Verhulst, 1838) f = K / (1 + e^(-r (t - t0))): fitted
 *     to log y with GSL's trust-region Levenberg-Marquardt solver in the
 *     coordinates (log K, log r, t0), which keeps K and r positive, from
 *     several starting points; the covariance is s^2 (J'J)^-1 with J the
 *     Jacobian at the estimate and s^2 = RSS / (n - 3);
 * (4) choose by the corrected Akaike criterion (Hurvich and Tsai,
 *     Biometrika 76, 1989; Burnham and Anderson, Model Selection and
 *     Multimodel Inference, 2nd ed. 2002, ch. 2): for least squares
 *     AIC = n (ln(2 pi RSS / n) + 1) + 2 K, with K the curve's parameters
 *     plus one for the residual variance (as R's AIC() counts them), and
 *     AICc = AIC + 2 K (K + 1) / (n - K - 1). When n - K - 1 <= 0 or the
 *     fit is exact, AICc is undefined and the lower residual standard
 *     error decides;
 * (5) band: the linear approximation of Bates and Watts (Nonlinear
 *     Regression Analysis and Its Applications, Wiley 1988, ch. 2), i.e.
 *     the delta method: var log f(t) = g' C g with g the gradient of
 *     log f in the parameters and C their covariance, and the interval
 *     log f(t) -+ t(dof) sqrt(var), mapped back through exp.
 *
 * Parameters are reported as (a, b) and (K, r, t0), their covariance
 * mapped from the fitting coordinates by the Jacobian of the change of
 * variables (diag(a, 1) and diag(K, r, 1)); the band is then the same as
 * in the fitting coordinates, since the delta method is invariant to it.
 */
#include "headroom/growth_fit.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Solver stopping rules (GSL manual, "Testing for Convergence"). */
#define FIT_MAX_ITER 500
#define FIT_XTOL 1e-12
#define FIT_GTOL 1e-12
#define FIT_FTOL 0.0

/* Relative size below which a column of the scaled Jacobian counts as
 * dependent on the others. */
#define COVAR_EPSREL 1e-10

/* Residual given to a point whose trial curve value is not finite, so
 * that the trust region rejects the step. */
#define OUT_OF_DOMAIN 1e100

/* The logistic has three parameters: it needs one point more to leave a
 * degree of freedom. */
#define LOGISTIC_MIN_POINTS 4

/* Starting capacities, as multiples of the largest value. */
static const double start_capacity[] = {1.5, 3.0, 10.0};
#define START_CAPACITIES (sizeof start_capacity / sizeof *start_capacity)
#define MAX_STARTS (2 * START_CAPACITIES)

/* The solver's coordinates for the logistic. */
enum { LN_K, LN_R, T0, NPARAM };

typedef struct series_data {
    const double *t;
    const double *y;
    size_t n;
} series_data;

/* ---- the curves --------------------------------------------------------- */

/* log(1 + e^x) without overflow. */
static double softplus(double x)
{
    return x > 0.0 ? x + log1p(exp(-x)) : log1p(exp(x));
}

/* 1 / (1 + e^-x) without overflow. */
static double sigmoid(double x)
{
    double e;

    if (x >= 0.0)
        return 1.0 / (1.0 + exp(-x));
    e = exp(x);
    return e / (1.0 + e);
}

/* log f(t) of the logistic in solver coordinates. */
static double logistic_log(const double *theta, double t)
{
    double r = exp(theta[LN_R]);

    return theta[LN_K] - softplus(-r * (t - theta[T0]));
}

/* Gradient of log f(t) in solver coordinates: with z = -r (t - t0) and
 * s = sigmoid(z), d/dlog K = 1, d/dlog r = -s z, d/dt0 = -s r. */
static void logistic_log_gradient(const double *theta, double t, double *g)
{
    double r = exp(theta[LN_R]);
    double z = -r * (t - theta[T0]);
    double s = sigmoid(z);

    g[LN_K] = 1.0;
    g[LN_R] = -s * z;
    g[T0] = -s * r;
}

/* log f(t) of a usable fit in its reported parameters. */
static double fit_log(const hr_growth_fit *fit, double t)
{
    const double *p = fit->params;

    if (fit->kind == HR_GROWTH_EXPONENTIAL)
        return log(p[0]) + p[1] * t;
    return log(p[0]) - softplus(-p[1] * (t - p[2]));
}

/* Gradient of log f(t) in the reported parameters: (1/a, t) for the
 * exponential; (1/K, s (t - t0), -s r) for the logistic. */
static void fit_log_gradient(const hr_growth_fit *fit, double t, double *g)
{
    const double *p = fit->params;
    double s;

    if (fit->kind == HR_GROWTH_EXPONENTIAL) {
        g[0] = 1.0 / p[0];
        g[1] = t;
        g[2] = 0.0;
        return;
    }
    s = sigmoid(-p[1] * (t - p[2]));
    g[0] = 1.0 / p[0];
    g[1] = s * (t - p[2]);
    g[2] = -s * p[1];
}

/* ---- fit records -------------------------------------------------------- */

/* Writes the fit's reason, cut to its buffer. */
static void set_reason(hr_growth_fit *fit, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void set_reason(hr_growth_fit *fit, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vsnprintf(fit->reason, sizeof fit->reason, format, args);
    va_end(args);
}

/* An unusable fit of a kind to n points, every number undefined. */
static void clear_fit(hr_growth_fit *fit, hr_growth_kind kind, size_t n)
{
    fit->kind = kind;
    fit->parameter_count = kind == HR_GROWTH_EXPONENTIAL ? 2 : 3;
    fit->points = n;
    for (size_t i = 0; i < 3; i++) {
        fit->params[i] = NAN;
        for (size_t j = 0; j < 3; j++)
            fit->covariance[i][j] = NAN;
    }
    fit->rse_log10 = NAN;
    fit->aicc = NAN;
    fit->usable = false;
    fit->reason[0] = '\0';
}

/* Residual standard error of log10(y) on n - p degrees of freedom. */
static double rse_log10(double rss, size_t n, size_t p)
{
    if (n <= p)
        return NAN;
    return sqrt(rss / (double)(n - p)) / M_LN10;
}

/* AICc of a least-squares fit with p curve parameters (step 4); NAN
 * when undefined. */
static double aicc(double rss, size_t n, size_t p)
{
    double k = (double)p + 1.0, count = (double)n;
    double aic;

    if (!(rss > 0.0) || count - k - 1.0 <= 0.0)
        return NAN;
    aic = count * (log(2.0 * M_PI * rss / count) + 1.0) + 2.0 * k;
    return aic + 2.0 * k * (k + 1.0) / (count - k - 1.0);
}

/* A value to 3 significant figures, without an exponent for ordinary
 * sizes: 500984 -> "501000", 8.2437 -> "8.24". */
static void format_value(char *buf, size_t size, double v)
{
    double magnitude = floor(log10(fabs(v)));

    if (fabs(v) >= 100.0 && fabs(v) < 1e15) {
        double unit = pow(10.0, magnitude - 2.0);

        snprintf(buf, size, "%.0f", round(v / unit) * unit);
    } else {
        snprintf(buf, size, "%.3g", v);
    }
}

/* "growth of x8.24 a year" from the exponential's rate b per month. */
static void describe_rate(char *buf, size_t size, double b)
{
    char factor[32];

    format_value(factor, sizeof factor, exp(12.0 * b));
    if (b > 0.0)
        snprintf(buf, size, "steady growth of x%s a year", factor);
    else if (b < 0.0)
        snprintf(buf, size, "steady decline to x%s a year", factor);
    else
        snprintf(buf, size, "no growth");
}

/* "growth slows from month 17.7 towards 501000", or "already slowing"
 * when the halfway month t0 precedes the first point. */
static void describe_slowing(char *buf, size_t size, const double *p,
                             double first_month)
{
    char level[32];

    format_value(level, sizeof level, p[0]);
    if (p[2] > first_month)
        snprintf(buf, size, "growth slows from month %.1f towards %s",
                 p[2], level);
    else
        snprintf(buf, size, "growth already slowing towards %s", level);
}

/* ---- step 2: the exponential -------------------------------------------- */

/* Step 2. Fills an exponential fit; HR_ERR_NUMERIC if GSL fails. */
static hr_status fit_exponential(const double *t, const double *y, size_t n,
                                 hr_growth_fit *fit)
{
    double *ln_y = malloc(n * sizeof *ln_y);
    double c0, c1, cov00, cov01, cov11, rss, a;
    char rate[64];

    clear_fit(fit, HR_GROWTH_EXPONENTIAL, n);
    if (!ln_y)
        return HR_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        ln_y[i] = log(y[i]);
    if (gsl_fit_linear(t, 1, ln_y, 1, n, &c0, &c1, &cov00, &cov01, &cov11,
                       &rss) != GSL_SUCCESS ||
        !isfinite(c0) || !isfinite(c1) || !isfinite(exp(c0))) {
        free(ln_y);
        set_reason(fit, "the exponential fit failed");
        return HR_ERR_NUMERIC;
    }
    free(ln_y);

    a = exp(c0);
    fit->params[0] = a;
    fit->params[1] = c1;
    fit->params[2] = 0.0;
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            fit->covariance[i][j] = 0.0;
    if (n > 2) {
        fit->covariance[0][0] = a * a * cov00;
        fit->covariance[0][1] = fit->covariance[1][0] = a * cov01;
        fit->covariance[1][1] = cov11;
    } else {        /* 2 points: the residual variance is 0 / 0 */
        fit->covariance[0][0] = fit->covariance[1][1] = NAN;
        fit->covariance[0][1] = fit->covariance[1][0] = NAN;
    }
    fit->rse_log10 = rse_log10(rss, n, 2);
    fit->aicc = aicc(rss, n, 2);
    fit->usable = true;
    describe_rate(rate, sizeof rate, c1);
    set_reason(fit, "%s", rate);
    return HR_OK;
}

/* ---- step 3: the logistic ----------------------------------------------- */

/* Copies the solver's position into an array. */
static void read_theta(const gsl_vector *x, double *theta)
{
    for (size_t j = 0; j < NPARAM; j++)
        theta[j] = gsl_vector_get(x, j);
}

/* Residuals log f(t_i) - log y_i; see OUT_OF_DOMAIN. */
static int residuals(const gsl_vector *x, void *params, gsl_vector *f)
{
    const series_data *d = params;
    double theta[NPARAM];

    read_theta(x, theta);
    for (size_t i = 0; i < d->n; i++) {
        double v = logistic_log(theta, d->t[i]) - log(d->y[i]);

        gsl_vector_set(f, i, isfinite(v) ? v : OUT_OF_DOMAIN);
    }
    return GSL_SUCCESS;
}

/* Jacobian of the residuals in solver coordinates. */
static int jacobian(const gsl_vector *x, void *params, gsl_matrix *J)
{
    const series_data *d = params;
    double theta[NPARAM], g[NPARAM];

    read_theta(x, theta);
    for (size_t i = 0; i < d->n; i++) {
        logistic_log_gradient(theta, d->t[i], g);
        for (size_t j = 0; j < NPARAM; j++)
            gsl_matrix_set(J, i, j, isfinite(g[j]) ? g[j] : 0.0);
    }
    return GSL_SUCCESS;
}

/* Residual sum of squares of log y at theta. */
static double logistic_rss(const series_data *d, const double *theta)
{
    double rss = 0.0;

    for (size_t i = 0; i < d->n; i++) {
        double v = logistic_log(theta, d->t[i]) - log(d->y[i]);

        rss += v * v;
    }
    return rss;
}

/* One solver run from start. HR_OK with *converged false when GSL gave
 * up; a run that stops for lack of progress at these tight tolerances
 * has reached the minimum to rounding, so it counts as converged. */
static hr_status solve_from(series_data *d, const double *start,
                            double *theta, bool *converged)
{
    gsl_multifit_nlinear_parameters params =
        gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_fdf fdf = {
        .f = residuals, .df = jacobian, .fvv = NULL, .n = d->n,
        .p = NPARAM, .params = d,
    };
    gsl_multifit_nlinear_workspace *w;
    double x0[NPARAM];
    int info = 0, status;

    params.trs = gsl_multifit_nlinear_trs_lm;
    w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params,
                                   fdf.n, fdf.p);
    if (!w)
        return HR_ERR_NOMEM;
    memcpy(x0, start, sizeof x0);
    gsl_vector_view x = gsl_vector_view_array(x0, NPARAM);
    status = gsl_multifit_nlinear_init(&x.vector, &fdf, w);
    if (status == GSL_SUCCESS)
        status = gsl_multifit_nlinear_driver(FIT_MAX_ITER, FIT_XTOL,
                                             FIT_GTOL, FIT_FTOL, NULL,
                                             NULL, &info, w);
    *converged = status == GSL_SUCCESS || status == GSL_ENOPROG;
    if (*converged)
        read_theta(gsl_multifit_nlinear_position(w), theta);
    gsl_multifit_nlinear_free(w);
    return HR_OK;
}

/* Starting points: K a little, some and much above the largest value; r
 * from the steepest span of log y (a logistic's log-slope r (1 - f/K)
 * never exceeds r); t0 putting the curve through the first point, or
 * the middle month. Returns how many, 0 when the series never grows. */
static size_t starting_points(const double *t, const double *y, size_t n,
                              double starts[][NPARAM])
{
    double y_max = y[0], slope = 0.0;
    size_t count = 0;

    for (size_t i = 1; i < n; i++) {
        y_max = fmax(y_max, y[i]);
        slope = fmax(slope, (log(y[i]) - log(y[i - 1])) / (t[i] - t[i - 1]));
    }
    if (!(slope > 0.0))
        return 0;
    for (size_t c = 0; c < START_CAPACITIES; c++) {
        double k = start_capacity[c] * y_max;
        double r = slope / (1.0 - y[0] / k);

        starts[count][LN_K] = log(k);
        starts[count][LN_R] = log(r);
        starts[count][T0] = t[0] + log(k / y[0] - 1.0) / r;
        count++;
        starts[count][LN_K] = log(k);
        starts[count][LN_R] = log(r);
        starts[count][T0] = 0.5 * (t[0] + t[n - 1]);
        count++;
    }
    return count;
}

/* s^2 (J'J)^-1 mapped to (K, r, t0), from the Jacobian with unit columns
 * so that rank is judged free of the parameters' scales; NAN throughout
 * when a column is zero or dependent on the others. */
static hr_status logistic_covariance(const series_data *d,
                                     const double *theta, double s2,
                                     double cov[3][3])
{
    gsl_matrix *J = gsl_matrix_alloc(d->n, NPARAM);
    gsl_matrix *C = gsl_matrix_alloc(NPARAM, NPARAM);
    double norm[NPARAM], g[NPARAM];
    double scale[NPARAM] = {exp(theta[LN_K]), exp(theta[LN_R]), 1.0};
    bool singular = false;
    hr_status status = HR_ERR_NOMEM;

    if (!J || !C)
        goto cleanup;
    for (size_t i = 0; i < d->n; i++) {
        logistic_log_gradient(theta, d->t[i], g);
        for (size_t j = 0; j < NPARAM; j++)
            gsl_matrix_set(J, i, j, g[j]);
    }
    for (size_t j = 0; j < NPARAM; j++) {
        gsl_vector_view column = gsl_matrix_column(J, j);

        norm[j] = gsl_blas_dnrm2(&column.vector);
        singular = singular || !(norm[j] > 0.0 && isfinite(norm[j]));
        if (!singular)
            gsl_vector_scale(&column.vector, 1.0 / norm[j]);
    }

    status = HR_ERR_NUMERIC;
    if (!singular &&
        gsl_multifit_nlinear_covar(J, COVAR_EPSREL, C) != GSL_SUCCESS)
        goto cleanup;
    for (size_t j = 0; !singular && j < NPARAM; j++)
        singular = !(gsl_matrix_get(C, j, j) > 0.0);
    for (size_t j = 0; j < NPARAM; j++)
        for (size_t k = 0; k < NPARAM; k++)
            cov[j][k] = singular ? (double)NAN
                                 : s2 * gsl_matrix_get(C, j, k) * scale[j] *
                                       scale[k] / (norm[j] * norm[k]);
    status = HR_OK;
cleanup:
    gsl_matrix_free(J);
    gsl_matrix_free(C);
    return status;
}

/* Fills a logistic fit from the best solver coordinates. */
static hr_status set_logistic(series_data *d, const double *theta,
                              hr_growth_fit *fit)
{
    double rss = logistic_rss(d, theta);
    char slowing[96];
    hr_status status;

    fit->params[0] = exp(theta[LN_K]);
    fit->params[1] = exp(theta[LN_R]);
    fit->params[2] = theta[T0];
    status = logistic_covariance(d, theta, rss / (double)(d->n - NPARAM),
                                 fit->covariance);
    if (status != HR_OK)
        return status;
    fit->rse_log10 = rse_log10(rss, d->n, NPARAM);
    fit->aicc = aicc(rss, d->n, NPARAM);
    fit->usable = true;
    describe_slowing(slowing, sizeof slowing, fit->params, d->t[0]);
    set_reason(fit, "%s", slowing);
    return HR_OK;
}

/* True when theta maps to finite K > 0, r > 0 and t0. */
static bool finite_theta(const double *theta)
{
    return isfinite(exp(theta[LN_K])) && isfinite(exp(theta[LN_R])) &&
           exp(theta[LN_R]) > 0.0 && isfinite(theta[T0]);
}

/* Step 3. A logistic that cannot be fitted is marked unusable, with the
 * reason; only a failed allocation is an error. */
static hr_status fit_logistic(const double *t, const double *y, size_t n,
                              hr_growth_fit *fit)
{
    series_data d = {t, y, n};
    double starts[MAX_STARTS][NPARAM], best[NPARAM], best_rss = INFINITY;
    size_t count;

    clear_fit(fit, HR_GROWTH_LOGISTIC, n);
    if (n < LOGISTIC_MIN_POINTS) {
        set_reason(fit, "%zu points cannot pin a 3-parameter curve", n);
        return HR_OK;
    }
    count = starting_points(t, y, n, starts);
    if (count == 0) {
        set_reason(fit, "the series never grows, so no logistic fits");
        return HR_OK;
    }
    for (size_t s = 0; s < count; s++) {
        double theta[NPARAM], rss;
        bool converged = false;

        if (solve_from(&d, starts[s], theta, &converged) != HR_OK)
            return HR_ERR_NOMEM;
        if (!converged || !finite_theta(theta))
            continue;
        rss = logistic_rss(&d, theta);
        if (rss < best_rss) {
            best_rss = rss;
            memcpy(best, theta, sizeof best);
        }
    }
    if (!isfinite(best_rss)) {
        set_reason(fit, "the logistic fit did not converge");
        return HR_OK;
    }
    return set_logistic(&d, best, fit);
}

/* ---- step 4: the choice ------------------------------------------------- */

/* True when the logistic wins; *by_aicc says which measure decided. */
static bool logistic_wins(const hr_growth_fit *e, const hr_growth_fit *l,
                          bool *by_aicc)
{
    *by_aicc = isfinite(e->aicc) && isfinite(l->aicc);
    if (*by_aicc)
        return l->aicc < e->aicc;
    return l->rse_log10 < e->rse_log10;
}

/* "AICc -20.1 vs -8.3, RSE 0.015 vs 0.570 decades", winner first. */
static void describe_comparison(char *buf, size_t size,
                                const hr_growth_fit *win,
                                const hr_growth_fit *lose, bool by_aicc)
{
    size_t k = win->parameter_count > lose->parameter_count
                   ? win->parameter_count
                   : lose->parameter_count;

    if (by_aicc)
        snprintf(buf, size, "AICc %.1f vs %.1f, RSE %.3f vs %.3f decades",
                 win->aicc, lose->aicc, win->rse_log10, lose->rse_log10);
    else if (win->points <= k + 2)
        snprintf(buf, size,
                 "RSE %.3f vs %.3f decades; AICc undefined for %zu points",
                 win->rse_log10, lose->rse_log10, win->points);
    else
        snprintf(buf, size,
                 "RSE %.3f vs %.3f decades; AICc undefined for an exact fit",
                 win->rse_log10, lose->rse_log10);
}

/* Copies the chosen fit into *chosen with the sentence saying why. */
static void choose(const hr_growth_fit *e, const hr_growth_fit *l,
                   double first_month, hr_growth_fit *chosen)
{
    char shape[96], comparison[96];
    bool by_aicc = false;

    if (!l->usable) {
        *chosen = *e;
        set_reason(chosen, "exponential, as the logistic is unusable: %s",
                   l->reason);
        return;
    }
    if (logistic_wins(e, l, &by_aicc)) {
        *chosen = *l;
        describe_slowing(shape, sizeof shape, l->params, first_month);
        describe_comparison(comparison, sizeof comparison, l, e, by_aicc);
        set_reason(chosen, "logistic: %s (%s)", shape, comparison);
        return;
    }
    *chosen = *e;
    describe_rate(shape, sizeof shape, e->params[1]);
    describe_comparison(comparison, sizeof comparison, e, l, by_aicc);
    set_reason(chosen, "exponential: %s (%s)", shape, comparison);
}

/* ---- step 1: the points ------------------------------------------------- */

/* What is wrong with the points, or NULL. */
static const char *input_problem(const double *t, const double *y,
                                 size_t n)
{
    if (!t || !y || n < 2)
        return "fewer than 2 points";
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]))
            return "a month is not finite";
        if (!(isfinite(y[i]) && y[i] > 0.0))
            return "a value is not positive, so has no logarithm";
        if (i > 0 && !(t[i] > t[i - 1]))
            return "months are not strictly increasing";
    }
    return NULL;
}

/* ---- public functions --------------------------------------------------- */

hr_status hr_growth_fit_series(const double *months, const double *values,
                               size_t n, hr_growth_fit *chosen,
                               hr_growth_fit *exponential,
                               hr_growth_fit *logistic)
{
    const char *problem = input_problem(months, values, n);
    hr_growth_fit e, l, c;
    hr_status status = HR_ERR_DOMAIN;

    clear_fit(&e, HR_GROWTH_EXPONENTIAL, n);
    clear_fit(&l, HR_GROWTH_LOGISTIC, n);
    if (problem) {
        set_reason(&e, "%s", problem);
        set_reason(&l, "%s", problem);
    } else {
        status = fit_exponential(months, values, n, &e);
        if (status == HR_OK)
            status = fit_logistic(months, values, n, &l);
    }
    if (status == HR_OK)
        choose(&e, &l, months[0], &c);
    else
        c = e;
    if (chosen)
        *chosen = c;
    if (exponential)
        *exponential = e;
    if (logistic)
        *logistic = l;
    return status;
}

double hr_growth_fit_eval(const hr_growth_fit *fit, double month)
{
    if (!fit || !fit->usable)
        return NAN;
    return exp(fit_log(fit, month));
}

hr_status hr_growth_fit_band(const hr_growth_fit *fit, double month,
                             double level, double *low, double *high)
{
    double g[3], variance = 0.0, q, centre, half;
    size_t p;

    if (!fit || !fit->usable || !(level > 0.0 && level < 1.0) ||
        fit->points <= fit->parameter_count)
        return HR_ERR_DOMAIN;
    p = fit->parameter_count;
    fit_log_gradient(fit, month, g);
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            variance += g[i] * fit->covariance[i][j] * g[j];
    q = gsl_cdf_tdist_Pinv(0.5 + 0.5 * level,
                           (double)(fit->points - p));
    if (!isfinite(variance) || !isfinite(q))
        return HR_ERR_NUMERIC;

    centre = fit_log(fit, month);
    half = q * sqrt(fmax(variance, 0.0));
    *low = exp(centre - half);
    *high = exp(centre + half);
    return HR_OK;
}

const char *hr_growth_kind_name(hr_growth_kind kind)
{
    return kind == HR_GROWTH_LOGISTIC ? "logistic" : "exponential";
}
