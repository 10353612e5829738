/*
 * queue_general.c - the G/G/c queue by the Allen-Cunneen approximation,
 * its approximate waiting and response-time percentiles, and the squared
 * coefficient of variation of measured times.
 *
 * Sources: A. O. Allen, Probability, Statistics and Queueing Theory, 2nd
 * ed., 1990 (the Allen-Cunneen approximation, as listed in
 * shared/reference/validation.md): Wq = Wq(M/M/c) (Ca^2 + Cs^2) / 2. With
 * c = 1 and Ca^2 = 1 it is the Pollaczek-Khinchine mean of M/G/1 (Gross,
 * Shortle, Thompson and Harris, Fundamentals of Queueing Theory, 4th ed.,
 * sec. 5.1). The percentiles are headroom's stated approximation, given
 * in queue.h: an M/M/c-shaped wait with the Allen-Cunneen mean, plus a
 * gamma service time with the measured Cs^2.
 */
#include "headroom/queue.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "queue_internal.h"

/* Below this Cs^2 (a standard deviation under 0.32 % of the mean) the
 * service time is taken as constant: a percentile moves by a few such
 * deviations at most (0.6 % of S at the 1st, 1e-5 relative at the 95th in
 * test_queue_ggc.c's case), while GSL's incomplete gamma of shape
 * 1 / Cs^2 above 1e5 grows slow and fails. */
#define CONSTANT_SCV 1e-5

/* The convolution integral: relative accuracy and subinterval limit. */
#define INTEGRAL_REL_TOL 1e-9
#define INTEGRAL_LIMIT 1000

/* Breakpoints of the convolution: multiples 2^LADDER_LOW..2^LADDER_HIGH
 * of one scale from 0 and of the other back from t (breakpoints()). */
#define LADDER_LOW (-4)
#define LADDER_HIGH 6
#define LADDER_STEPS (LADDER_HIGH - LADDER_LOW + 1)
#define MAX_BREAKPOINTS (2 * LADDER_STEPS + 2)

/* A response-time distribution under the approximation, being evaluated
 * or inverted. */
typedef struct ggc_eval {
    const hr_ggc *queue;
    double theta;       /* mean wait of those who wait, Wq / C */
    double shape;       /* gamma service: 1 / Cs^2 */
    double scale;       /* gamma service: S Cs^2 */
    double gamma_norm;  /* Gamma(shape + 1) scale^shape, for shape < 1 */
    double t;           /* where the convolution is being evaluated */
    int upper;          /* 1: survival functions, 0: CDFs */
    double p;           /* the probability a quantile search aims at */
    gsl_integration_workspace *work;
    hr_status status;   /* first failure seen inside a GSL callback */
} ggc_eval;

/* ---- private helpers ---------------------------------------------------- */

/* True for a finite number above zero. */
static int is_positive_finite(double x)
{
    return isfinite(x) && x > 0.0;
}

/* True for a usable squared coefficient of variation. */
static int is_scv(double scv)
{
    return isfinite(scv) && scv >= 0.0;
}

/* True when the percentiles treat the service time as constant. */
static int constant_service(const hr_ggc *queue)
{
    return queue->service_scv < CONSTANT_SCV;
}

/* Checks that a solved queue can be asked for percentiles. */
static hr_status check_queue(const hr_ggc *queue)
{
    if (!queue || queue->servers < 1
        || !is_positive_finite(queue->service_time_s)
        || !isfinite(queue->arrival_rate) || queue->arrival_rate < 0.0
        || !is_scv(queue->arrival_scv) || !is_scv(queue->service_scv))
        return HR_ERR_DOMAIN;
    if (queue->saturated)
        return HR_ERR_SATURATED;
    if (!(queue->prob_wait >= 0.0 && queue->prob_wait <= 1.0)
        || !(queue->utilization >= 0.0 && queue->utilization < 1.0))
        return HR_ERR_DOMAIN;
    return HR_OK;
}

/* theta = Wq / C = ((Ca^2 + Cs^2) / 2) / (c mu - lambda), the M/M/c
 * waiting rate c mu - lambda written as c (1 - rho) / S as in queue.c. */
static double wait_theta(const hr_ggc *queue)
{
    double factor = (queue->arrival_scv + queue->service_scv) / 2.0;

    return factor * queue->service_time_s
           / (queue->servers * (1.0 - queue->utilization));
}

/* Copies the M/M/c solution and scales its wait (Allen-Cunneen). */
static void set_from_mmc(hr_ggc *out, const hr_mmc *mmc)
{
    double factor = (out->arrival_scv + out->service_scv) / 2.0;

    out->offered_load = mmc->offered_load;
    out->utilization = mmc->utilization;
    out->saturated = mmc->saturated;
    out->prob_wait = mmc->prob_wait;
    if (mmc->saturated) {
        out->mean_wait_s = NAN;
        out->mean_response_s = NAN;
        out->mean_queue_length = NAN;
        out->mean_in_system = NAN;
        return;
    }
    out->mean_wait_s = mmc->mean_wait_s * factor;
    out->mean_response_s = out->mean_wait_s + out->service_time_s;
    out->mean_queue_length = out->arrival_rate * out->mean_wait_s;
    out->mean_in_system = out->arrival_rate * out->mean_response_s;
}

/* P(wait <= u) of the approximate wait, u >= 0: 1 - C e^(-u / theta). */
static double wait_cdf(const hr_ggc *queue, double u)
{
    double theta = wait_theta(queue);

    if (theta == 0.0)
        return 1.0;
    return 1.0 - queue->prob_wait * exp(-u / theta);
}

/* Gamma service CDF (upper = 0) or survival (upper = 1) at s. */
static hr_status service_side(const ggc_eval *eval, double s, int upper,
                              double *out)
{
    gsl_sf_result r;
    int rc;

    if (s <= 0.0) {
        *out = upper ? 1.0 : 0.0;
        return HR_OK;
    }
    if (upper)
        rc = gsl_sf_gamma_inc_Q_e(eval->shape, s / eval->scale, &r);
    else
        rc = gsl_sf_gamma_inc_P_e(eval->shape, s / eval->scale, &r);
    if (rc != GSL_SUCCESS && rc != GSL_EUNDRFLW)
        return HR_ERR_NUMERIC;
    *out = r.val;
    return HR_OK;
}

/*
 * The response given a wait is X + S, X ~ Exp(mean theta) and S ~
 * gamma(k, sigma), independent. Conditioning on one of them,
 *   P(X + S <= t) = int_0^t f_X(x) P(S <= t - x) dx
 *                 = int_0^t g(s) P(X <= t - s) ds,
 *   P(X + S > t)  = P(X > t) + int_0^t f_X(x) P(S > t - x) dx
 *                 = P(S > t) + int_0^t g(s) P(X > t - s) ds.
 * For k >= 1 the first forms ("x-form") have smooth, bounded integrands.
 * For k < 1, P(S <= s) ~ s^k has an unbounded slope at 0 that defeats the
 * quadrature, so the second forms are used with s = v^(1/k), which turns
 * g(s) ds into e^(-s / sigma) dv / (Gamma(k + 1) sigma^k), smooth in v
 * ("v-form"). Either way [0, t] is cut at breakpoints() and each piece is
 * integrated by GSL's adaptive Gauss-Kronrod rule (QAG).
 */

/* x-form integrand: f_X(x) P(S <= or > t - x); NAN on failure. */
static double x_form(double x, void *params)
{
    ggc_eval *eval = params;
    double service;
    hr_status status = service_side(eval, eval->t - x, eval->upper,
                                    &service);

    if (status != HR_OK) {
        eval->status = status;
        return NAN;
    }
    return exp(-x / eval->theta) / eval->theta * service;
}

/* v-form integrand: the gamma weight at s = v^(1/k) times
 * P(X <= or > t - s). */
static double v_form(double v, void *params)
{
    const ggc_eval *eval = params;
    double s = pow(v, 1.0 / eval->shape);
    double u = fmax(0.0, eval->t - s) / eval->theta;
    double wait = eval->upper ? exp(-u) : -expm1(-u);

    return exp(-s / eval->scale) * wait / eval->gamma_norm;
}

/* Sorts a few numbers in place (insertion sort). */
static void sort_small(double *values, size_t count)
{
    for (size_t i = 1; i < count; i++) {
        double v = values[i];
        size_t j = i;

        for (; j > 0 && values[j - 1] > v; j--)
            values[j] = values[j - 1];
        values[j] = v;
    }
}

/*
 * Breakpoints in [0, t]: the first variable's density lives within a few
 * of its scales of 0, and the second's side changes within a few of its
 * scales of t. When t is many times either scale one quadrature rule over
 * [0, t] could miss those regions entirely, so ladders of points from
 * both ends make the pieces sample them. Points are mapped to the
 * integration variable (v = s^k in the v-form). Returns the count, 0 and
 * the mapped t included, strictly increasing.
 */
static size_t breakpoints(const ggc_eval *eval, double *pts)
{
    double t = eval->t, from0, fromt, power = 1.0;
    size_t n = 0, kept = 1;

    from0 = eval->theta;
    fromt = eval->queue->service_time_s;
    if (eval->shape < 1.0) {
        from0 = eval->scale;
        fromt = eval->theta;
        power = eval->shape;
    }
    pts[n++] = 0.0;
    pts[n++] = t;
    for (int i = LADDER_LOW; i <= LADDER_HIGH; i++) {
        double a = ldexp(from0, i), b = t - ldexp(fromt, i);

        if (a < t)
            pts[n++] = a;
        if (b > 0.0)
            pts[n++] = b;
    }
    for (size_t i = 0; i < n; i++)
        pts[i] = pow(pts[i], power);
    sort_small(pts, n);
    for (size_t i = 1; i < n; i++)
        if (pts[i] > pts[kept - 1])
            pts[kept++] = pts[i];
    return kept;
}

/* Integrates fn over the pieces between the breakpoints. */
static hr_status integrate_pieces(ggc_eval *eval, gsl_function *fn,
                                  double *out)
{
    double pts[MAX_BREAKPOINTS], sum = 0.0, value, abserr;
    size_t count = breakpoints(eval, pts);

    for (size_t i = 1; i < count; i++) {
        int rc = gsl_integration_qag(fn, pts[i - 1], pts[i], 0.0,
                                     INTEGRAL_REL_TOL, INTEGRAL_LIMIT,
                                     GSL_INTEG_GAUSS31, eval->work, &value,
                                     &abserr);

        if (eval->status != HR_OK)
            return eval->status;
        if (rc != GSL_SUCCESS)
            return HR_ERR_NUMERIC;
        sum += value;
    }
    *out = sum;
    return HR_OK;
}

/* P(X + S <= t) or P(X + S > t), by the form that suits the shape. */
static hr_status convolution(ggc_eval *eval, double t, double *out)
{
    gsl_function fn = { x_form, eval };
    double integral, outside = 0.0;
    hr_status status = HR_OK;

    eval->t = t;
    if (eval->shape < 1.0)
        fn.function = v_form;
    if (eval->upper && eval->shape < 1.0)
        status = service_side(eval, t, 1, &outside);
    else if (eval->upper)
        outside = exp(-t / eval->theta);
    if (status == HR_OK)
        status = integrate_pieces(eval, &fn, &integral);
    if (status == HR_OK)
        *out = outside + integral;
    return status;
}

/* Response CDF or survival at t > 0 with random service: no wait with
 * probability 1 - C, else the convolution (the mixture in queue.h). */
static hr_status response_side(ggc_eval *eval, double t, double *out)
{
    double c_wait = eval->queue->prob_wait, service, waited = 0.0;
    hr_status status = service_side(eval, t, eval->upper, &service);

    if (status == HR_OK && c_wait > 0.0)
        status = convolution(eval, t, &waited);
    if (status == HR_OK)
        *out = (1.0 - c_wait) * service + c_wait * waited;
    return status;
}

/* CDF(t) - p, from the side where the distribution is small. */
static double response_excess(double t, void *params)
{
    ggc_eval *eval = params;
    double value;
    hr_status status;

    eval->upper = eval->p >= 0.5;
    status = response_side(eval, t, &value);
    if (status != HR_OK) {
        eval->status = status;
        return NAN;
    }
    return eval->upper ? (1.0 - eval->p) - value : value - eval->p;
}

/* Fills the gamma service and wait parameters of an evaluation. */
static void eval_init(ggc_eval *eval, const hr_ggc *queue, double p)
{
    *eval = (ggc_eval){ 0 };
    eval->queue = queue;
    eval->theta = wait_theta(queue);
    eval->shape = 1.0 / queue->service_scv;
    eval->scale = queue->service_time_s * queue->service_scv;
    eval->gamma_norm = tgamma(eval->shape + 1.0)
                       * pow(eval->scale, eval->shape);
    eval->p = p;
    eval->status = HR_OK;
}

/*
 * Brackets the response quantile with random service. Lower end: the
 * response is at least the wait and at least the service, so the larger
 * of their p-quantiles (the service one only if GSL inverts the gamma:
 * gsl_cdf_gamma_Pinv has no status, so a NaN means it could not).
 * Upper end: Markov's inequality on the response, mean W: W / (1 - p).
 */
static void response_bracket(const ggc_eval *eval, double wait_s,
                             double *lo, double *hi)
{
    double p = eval->p;
    double service_s = gsl_cdf_gamma_Pinv(p, eval->shape, eval->scale);

    *lo = isfinite(service_s) ? fmax(wait_s, service_s) : wait_s;
    *hi = fmax(eval->queue->mean_response_s / (1.0 - p), 2.0 * *lo);
}

/* ---- G/G/c -------------------------------------------------------------- */

/* Allen-Cunneen: the M/M/c wait times (Ca^2 + Cs^2) / 2; W = Wq + S and
 * Little's law for L and Lq. */
hr_status hr_ggc_solve(double arrival_rate, double service_time_s,
                       int servers, double arrival_scv, double service_scv,
                       hr_ggc *out)
{
    hr_mmc mmc;
    hr_status status;

    if (!is_scv(arrival_scv) || !is_scv(service_scv))
        return HR_ERR_DOMAIN;
    status = hr_mmc_solve(arrival_rate, service_time_s, servers, &mmc);
    if (status != HR_OK && status != HR_ERR_SATURATED)
        return status;
    out->arrival_rate = arrival_rate;
    out->service_time_s = service_time_s;
    out->servers = servers;
    out->arrival_scv = arrival_scv;
    out->service_scv = service_scv;
    set_from_mmc(out, &mmc);
    return status;
}

/* Inverts P(wait > t) = C e^(-t / theta): theta ln(C / (1 - p)). */
hr_status hr_ggc_wait_quantile(const hr_ggc *queue, double p, double *out_s)
{
    hr_status status = check_queue(queue);
    double theta;

    *out_s = NAN;
    if (status != HR_OK)
        return status;
    if (!hr_queue_is_open_probability(p))
        return HR_ERR_DOMAIN;
    theta = wait_theta(queue);
    if (queue->prob_wait <= 1.0 - p || theta == 0.0)
        *out_s = 0.0;
    else
        *out_s = theta * log(queue->prob_wait / (1.0 - p));
    return HR_OK;
}

/* P(R <= t): a shifted wait for constant service, else the convolution. */
double hr_ggc_response_cdf(const hr_ggc *queue, double t_s)
{
    ggc_eval eval;
    double value = NAN;
    hr_status status;

    if (check_queue(queue) != HR_OK || isnan(t_s))
        return NAN;
    if (t_s <= 0.0)
        return 0.0;
    if (isinf(t_s))
        return 1.0;
    if (constant_service(queue)) {
        if (t_s < queue->service_time_s)
            return 0.0;
        return wait_cdf(queue, t_s - queue->service_time_s);
    }

    eval_init(&eval, queue, 0.0);
    eval.work = gsl_integration_workspace_alloc(INTEGRAL_LIMIT);
    if (!eval.work)
        return NAN;
    status = response_side(&eval, t_s, &value);
    gsl_integration_workspace_free(eval.work);
    if (status != HR_OK)
        return NAN;
    return fmin(1.0, fmax(0.0, value));
}

/*
 * Constant service (Cs^2 = 0, or below CONSTANT_SCV): R = S + wait, so
 * the quantile is S plus the wait quantile. Otherwise a root of the
 * convolution's CDF.
 */
hr_status hr_ggc_response_quantile(const hr_ggc *queue, double p,
                                   double *out_s)
{
    gsl_function fn = { response_excess, NULL };
    ggc_eval eval;
    double wait_s, lo, hi;
    hr_status status = hr_ggc_wait_quantile(queue, p, &wait_s);

    *out_s = NAN;
    if (status != HR_OK)
        return status;
    if (constant_service(queue)) {
        *out_s = queue->service_time_s + wait_s;
        return HR_OK;
    }

    eval_init(&eval, queue, p);
    fn.params = &eval;
    response_bracket(&eval, wait_s, &lo, &hi);
    eval.work = gsl_integration_workspace_alloc(INTEGRAL_LIMIT);
    if (!eval.work)
        return HR_ERR_NOMEM;
    status = hr_queue_solve_rising(&fn, lo, hi, out_s);
    if (status != HR_OK && eval.status != HR_OK)
        status = eval.status;
    gsl_integration_workspace_free(eval.work);
    return status;
}

/* ---- measured variability ----------------------------------------------- */

/* SCV = s^2 / mean^2, two-pass mean and variance (GSL statistics). */
hr_status hr_squared_cv(const double *values, size_t count, double *out)
{
    double mean;

    if (!values || count < 2)
        return HR_ERR_DOMAIN;
    for (size_t i = 0; i < count; i++)
        if (!isfinite(values[i]) || values[i] < 0.0)
            return HR_ERR_DOMAIN;
    mean = gsl_stats_mean(values, 1, count);
    if (!(mean > 0.0))
        return HR_ERR_DOMAIN;
    *out = gsl_stats_variance_m(values, 1, count, mean) / (mean * mean);
    return HR_OK;
}
