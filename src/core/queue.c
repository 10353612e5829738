/*
 * queue.c - Erlang B and C, the M/M/c queue's steady state, its waiting
 * and response-time percentiles, and server sizing against a percentile.
 *
 * The M/M/c/K and G/G/c queues live in queue_finite.c and
 * queue_general.c; all three find their percentiles with
 * hr_queue_solve_rising(), defined here and declared in queue_internal.h.
 *
 * Sources: the Erlang B recursion, Erlang C, the M/M/c means and the
 * waiting-time tail are the textbook results (Gross, Shortle, Thompson and
 * Harris, Fundamentals of Queueing Theory, 4th ed., sec. 2.3), in the forms
 * listed under "Formulas" in shared/reference/validation.md. The response
 * time distribution is derived below, in the comment above its helpers.
 */
#include "headroom/queue.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>

#include "queue_internal.h"

/* Brent's method: iteration cap and relative width of the final bracket. */
#define ROOT_MAX_ITER 200
#define ROOT_REL_TOL 1e-12

/* How often a quantile's upper bracket may double before giving up. */
#define BRACKET_MAX_DOUBLINGS 64

/* Below this |x|, e^x - 1 - x is summed as its Taylor series: at most
 * SERIES_TERMS terms, stopping once a term is below SERIES_TOL of the sum. */
#define SERIES_LIMIT 0.5
#define SERIES_TERMS 40
#define SERIES_TOL 1e-17

/* Arguments of the root-finding function for a response-time quantile. */
typedef struct response_target {
    const hr_mmc *queue;
    double p;
} response_target;

/* A server-sizing problem, as given to hr_mmc_min_servers(). */
typedef struct sizing {
    double arrival_rate;
    double service_time_s;
    double p;
    double target_s;
    int max_servers;
} sizing;

/* ---- private helpers ---------------------------------------------------- */

/* True for a finite number above zero. */
static int is_positive_finite(double x)
{
    return isfinite(x) && x > 0.0;
}

/* Checks that a solved queue can be asked for percentiles. */
static hr_status check_queue(const hr_mmc *queue)
{
    if (!queue || queue->servers < 1
        || !is_positive_finite(queue->service_time_s)
        || !isfinite(queue->arrival_rate) || queue->arrival_rate < 0.0)
        return HR_ERR_DOMAIN;
    if (queue->saturated)
        return HR_ERR_SATURATED;
    if (!(queue->prob_wait >= 0.0 && queue->prob_wait <= 1.0)
        || !(queue->utilization >= 0.0 && queue->utilization < 1.0))
        return HR_ERR_DOMAIN;
    return HR_OK;
}

/* theta = c mu - lambda, the rate of the waiting time of those who wait,
 * as c (1 - rho) mu so that it is positive whenever rho < 1. */
static double drain_rate(const hr_mmc *queue)
{
    return queue->servers * (1.0 - queue->utilization)
           / queue->service_time_s;
}

/* p-quantile of an exponential service time with the given mean. */
static double service_quantile(double service_time_s, double p)
{
    return -log1p(-p) * service_time_s;
}

/*
 * The response time R = Wq + S, the wait plus an independent Exp(mu)
 * service time.
 *
 * With probability 1 - C an arrival finds a free server, Wq = 0 and R = S.
 * Otherwise Wq ~ Exp(theta), theta = c mu - lambda (the waiting-time tail
 * P(Wq > t) = C e^(-theta t)), and R = X + S is hypoexponential.
 * Convolving the two densities gives
 *   P(X + S > t) = (theta e^(-mu t) - mu e^(-theta t)) / (theta - mu),
 * symmetric in theta and mu. With a = min(theta, mu), d = |theta - mu|,
 * u = a t, x = d t and r = (1 - e^(-x)) / x (r = 1 at x = 0) this is
 *   P(X + S > t)  = e^(-u) (1 + u r),
 *   P(X + S <= t) = [1 - e^(-u) (1 + u)] + u e^(-u) (1 - r),
 * which stays finite as theta meets mu (x = 0 gives the Erlang-2 result
 * (1 + mu t) e^(-mu t)) and, with 1 - r = (e^(-x) - 1 + x) / x, is a sum
 * of non-negative terms with no cancellation. Hence
 *   P(R > t)  = (1 - C) e^(-mu t) + C P(X + S > t),
 *   P(R <= t) = (1 - C) (1 - e^(-mu t)) + C P(X + S <= t).
 * For c = 1 (C = rho, theta = mu - lambda) P(R > t) = e^(-(mu - lambda) t),
 * the M/M/1 result in validation.md.
 */

/* e^x - 1 - x, by its Taylor series near 0 where the direct form cancels. */
static double exp_excess(double x)
{
    double term = x * x / 2.0, sum = 0.0;

    if (fabs(x) >= SERIES_LIMIT)
        return expm1(x) - x;
    for (int k = 3; k < SERIES_TERMS; k++) {
        sum += term;
        term *= x / k;
        if (fabs(term) <= SERIES_TOL * fabs(sum))
            break;
    }
    return sum;
}

/* 1 - r = 1 - (1 - e^(-x)) / x for x >= 0; 0 at x = 0. */
static double ratio_deficit(double x)
{
    return x > 0.0 ? exp_excess(-x) / x : 0.0;
}

/* 1 - e^(-u) (1 + u), the Erlang-2 CDF at u, accurate for small u. */
static double erlang2_cdf(double u)
{
    if (u < SERIES_LIMIT)
        return exp(-u) * exp_excess(u);
    return -expm1(-u) - u * exp(-u);
}

/* P(X + Y > t) for independent exponentials with rates r1 and r2. */
static double hypoexp_survival(double r1, double r2, double t)
{
    double a = fmin(r1, r2);
    double u = a * t, x = (fmax(r1, r2) - a) * t;

    return exp(-u) * (1.0 + u * (1.0 - ratio_deficit(x)));
}

/* P(X + Y <= t) for independent exponentials with rates r1 and r2. */
static double hypoexp_cdf(double r1, double r2, double t)
{
    double a = fmin(r1, r2);
    double u = a * t, x = (fmax(r1, r2) - a) * t;

    return erlang2_cdf(u) + u * exp(-u) * ratio_deficit(x);
}

/* P(R > t) for the response time R of a stable queue. */
static double response_survival(const hr_mmc *queue, double t)
{
    double mu = 1.0 / queue->service_time_s;
    double c_wait = queue->prob_wait;

    return (1.0 - c_wait) * exp(-mu * t)
           + c_wait * hypoexp_survival(drain_rate(queue), mu, t);
}

/* P(R <= t) for the response time R of a stable queue. */
static double response_cdf(const hr_mmc *queue, double t)
{
    double mu = 1.0 / queue->service_time_s;
    double c_wait = queue->prob_wait;

    return (1.0 - c_wait) * -expm1(-mu * t)
           + c_wait * hypoexp_cdf(drain_rate(queue), mu, t);
}

/* CDF(t) - p, from whichever side of the distribution is small, so that
 * low and high quantiles both keep their relative precision. */
static double response_excess(double t, void *params)
{
    const response_target *target = params;

    if (target->p < 0.5)
        return response_cdf(target->queue, t) - target->p;
    return (1.0 - target->p) - response_survival(target->queue, t);
}

/* Finds the root of fn in [lo, hi] by Brent's method. */
static hr_status brent_root(gsl_function *fn, double lo, double hi,
                            double *root)
{
    gsl_root_fsolver *solver;
    hr_status status = HR_ERR_NUMERIC;
    int test;

    solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!solver)
        return HR_ERR_NOMEM;
    if (gsl_root_fsolver_set(solver, fn, lo, hi) != GSL_SUCCESS)
        goto cleanup;

    for (int i = 0; i < ROOT_MAX_ITER; i++) {
        if (gsl_root_fsolver_iterate(solver) != GSL_SUCCESS)
            break;
        test = gsl_root_test_interval(gsl_root_fsolver_x_lower(solver),
                                      gsl_root_fsolver_x_upper(solver),
                                      0.0, ROOT_REL_TOL);
        if (test == GSL_CONTINUE)
            continue;
        if (test == GSL_SUCCESS) {
            *root = gsl_root_fsolver_root(solver);
            status = HR_OK;
        }
        break;
    }

cleanup:
    gsl_root_fsolver_free(solver);
    return status;
}

/*
 * Brackets the response-time p-quantile.
 *
 * Lower end: R >= S and R >= Wq, so P(R <= t) <= p at the larger of their
 * p-quantiles. Upper end: with q = sqrt(p), P(R <= w_q + s_q) >=
 * P(Wq <= w_q) P(S <= s_q) >= q q = p because Wq and S are independent.
 * The plain sum of the p-quantiles is not a bound (it only gives p^2).
 * hr_queue_solve_rising() still checks the upper end and doubles it in
 * case of rounding.
 */
static hr_status response_bracket(const response_target *target,
                                  double *lo, double *hi)
{
    const hr_mmc *queue = target->queue;
    double p = target->p, q = sqrt(p), wait_p, wait_q;
    hr_status status;

    status = hr_mmc_wait_quantile(queue, p, &wait_p);
    if (status == HR_OK)
        status = hr_mmc_wait_quantile(queue, q, &wait_q);
    if (status != HR_OK)
        return status;
    *lo = fmax(wait_p, service_quantile(queue->service_time_s, p));
    *hi = wait_q + service_quantile(queue->service_time_s, q);
    return HR_OK;
}

/* Fills the parts of a queue that do not depend on stability. */
static void set_inputs(hr_mmc *out, double arrival_rate,
                       double service_time_s, int servers)
{
    out->arrival_rate = arrival_rate;
    out->service_time_s = service_time_s;
    out->servers = servers;
    out->offered_load = arrival_rate * service_time_s;
    out->utilization = out->offered_load / servers;
    out->saturated = out->utilization >= 1.0;
}

/* Marks the fields that only a stable queue has as undefined. */
static void set_saturated(hr_mmc *out)
{
    out->prob_wait = NAN;
    out->mean_wait_s = NAN;
    out->mean_response_s = NAN;
    out->mean_queue_length = NAN;
    out->mean_in_system = NAN;
}

/* Solves the sizing problem's queue on c servers; *ok when it meets. */
static hr_status probe_servers(const sizing *job, long servers, int *ok)
{
    hr_mmc queue;
    double quantile_s;
    hr_status status;

    *ok = 0;
    status = hr_mmc_solve(job->arrival_rate, job->service_time_s,
                          (int)servers, &queue);
    if (status == HR_ERR_SATURATED)
        return HR_OK;
    if (status == HR_OK)
        status = hr_mmc_response_quantile(&queue, job->p, &quantile_s);
    if (status == HR_OK)
        *ok = quantile_s <= job->target_s;
    return status;
}

/* Gallops up from *fail (a count known to miss) in doubling steps; on
 * HR_OK *meet meets the target and *fail is the last count that missed. */
static hr_status gallop_servers(const sizing *job, long *fail, long *meet)
{
    hr_status status;
    long step = 1;
    int ok;

    for (;;) {
        *meet = *fail + step < job->max_servers ? *fail + step
                                                : job->max_servers;
        status = probe_servers(job, *meet, &ok);
        if (status != HR_OK || ok)
            return status;
        if (*meet == job->max_servers)
            return HR_ERR_DOMAIN;
        *fail = *meet;
        step *= 2;
    }
}

/* Narrows (fail, meet] to one count; meet ends as the smallest meeting. */
static hr_status bisect_servers(const sizing *job, long fail, long *meet)
{
    hr_status status;
    int ok;

    while (*meet - fail > 1) {
        long mid = fail + (*meet - fail) / 2;

        status = probe_servers(job, mid, &ok);
        if (status != HR_OK)
            return status;
        if (ok)
            *meet = mid;
        else
            fail = mid;
    }
    return HR_OK;
}

/* ---- shared with queue_finite.c and queue_general.c -------------------- */

/* Checks lo, widens hi until it brackets the root, then runs Brent. */
hr_status hr_queue_solve_rising(gsl_function *excess, double lo, double hi,
                                double *out)
{
    double at_lo = GSL_FN_EVAL(excess, lo);

    if (isnan(at_lo))
        return HR_ERR_NUMERIC;
    if (at_lo >= 0.0) {
        *out = lo;
        return HR_OK;
    }
    if (!(hi > lo))
        return HR_ERR_NUMERIC;
    for (int i = 0; i < BRACKET_MAX_DOUBLINGS; i++) {
        double at_hi = GSL_FN_EVAL(excess, hi);

        if (isnan(at_hi))
            return HR_ERR_NUMERIC;
        if (at_hi >= 0.0)
            return brent_root(excess, lo, hi, out);
        hi *= 2.0;
    }
    return HR_ERR_NUMERIC;
}

/* ---- Erlang B and C ----------------------------------------------------- */

/* Erlang B by B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)) (validation.md). */
hr_status hr_erlang_b(double offered_load, int servers, double *out)
{
    double b = 1.0;

    if (!isfinite(offered_load) || offered_load < 0.0 || servers < 1)
        return HR_ERR_DOMAIN;
    for (int k = 1; k <= servers; k++)
        b = offered_load * b / (k + offered_load * b);
    *out = b;
    return HR_OK;
}

/* Erlang C as C = B / (1 - rho (1 - B)), rho = A / c (validation.md). */
hr_status hr_erlang_c(double offered_load, int servers, double *out)
{
    double b, rho;
    hr_status status;

    status = hr_erlang_b(offered_load, servers, &b);
    if (status != HR_OK)
        return status;
    rho = offered_load / servers;
    if (rho >= 1.0) {
        *out = 1.0;
        return HR_ERR_SATURATED;
    }
    *out = b / (1.0 - rho * (1.0 - b));
    return HR_OK;
}

/* ---- the M/M/c queue ---------------------------------------------------- */

/*
 * Means of the M/M/c queue (Gross et al., sec. 2.3): Lq = C rho / (1 -
 * rho), Wq = C / (c mu - lambda) (equal to Lq / lambda, and defined at
 * lambda = 0), W = Wq + 1/mu, L = lambda W (Little's law).
 */
hr_status hr_mmc_solve(double arrival_rate, double service_time_s,
                       int servers, hr_mmc *out)
{
    double c_wait, rho;
    hr_status status;

    if (!isfinite(arrival_rate) || arrival_rate < 0.0
        || !is_positive_finite(service_time_s) || servers < 1)
        return HR_ERR_DOMAIN;
    set_inputs(out, arrival_rate, service_time_s, servers);
    if (out->saturated) {
        set_saturated(out);
        return HR_ERR_SATURATED;
    }

    status = hr_erlang_c(out->offered_load, servers, &c_wait);
    if (status != HR_OK)
        return status;
    rho = out->utilization;
    out->prob_wait = c_wait;
    out->mean_queue_length = c_wait * rho / (1.0 - rho);
    out->mean_wait_s = c_wait / drain_rate(out);
    out->mean_response_s = out->mean_wait_s + service_time_s;
    out->mean_in_system = arrival_rate * out->mean_response_s;
    return HR_OK;
}

/* Inverts P(Wq > t) = C e^(-(c mu - lambda) t) (validation.md). */
hr_status hr_mmc_wait_quantile(const hr_mmc *queue, double p, double *out_s)
{
    hr_status status = check_queue(queue);

    *out_s = NAN;
    if (status != HR_OK)
        return status;
    if (!hr_queue_is_open_probability(p))
        return HR_ERR_DOMAIN;
    if (queue->prob_wait <= 1.0 - p)
        *out_s = 0.0;
    else
        *out_s = log(queue->prob_wait / (1.0 - p)) / drain_rate(queue);
    return HR_OK;
}

/* P(R <= t); the derivation is above response_survival(). */
double hr_mmc_response_cdf(const hr_mmc *queue, double t_s)
{
    if (check_queue(queue) != HR_OK || isnan(t_s))
        return NAN;
    if (t_s <= 0.0)
        return 0.0;
    if (isinf(t_s))
        return 1.0;
    return response_cdf(queue, t_s);
}

/* Solves P(R <= t) = p with Brent's method on a proven bracket. */
hr_status hr_mmc_response_quantile(const hr_mmc *queue, double p,
                                   double *out_s)
{
    response_target target = { queue, p };
    gsl_function fn = { response_excess, &target };
    double lo, hi;
    hr_status status = check_queue(queue);

    *out_s = NAN;
    if (status != HR_OK)
        return status;
    if (!hr_queue_is_open_probability(p))
        return HR_ERR_DOMAIN;
    status = response_bracket(&target, &lo, &hi);
    if (status != HR_OK)
        return status;

    /* No waiting: the lower end, the service quantile, is the root. */
    if (queue->prob_wait == 0.0) {
        *out_s = lo;
        return HR_OK;
    }
    return hr_queue_solve_rising(&fn, lo, hi, out_s);
}

/* ---- sizing ------------------------------------------------------------- */

/*
 * Smallest c meeting the target. The p-quantile falls as c grows, so:
 *  1. reject targets no server count can meet (below the bare service
 *     time's p-quantile) and loads that need more than max_servers;
 *  2. gallop up from the smallest stable count, c = floor(A) + 1, with
 *     doubling steps until a count meets the target;
 *  3. bisect between the last failing count and that one.
 * A probe costs O(c) for Erlang B and galloping keeps the number of probes
 * logarithmic, so even A = 10^4 Erlang is sized in about a millisecond.
 */
hr_status hr_mmc_min_servers(double arrival_rate, double service_time_s,
                             double p, double target_s, int max_servers,
                             int *servers_out, hr_mmc *at)
{
    sizing job = { arrival_rate, service_time_s, p, target_s, max_servers };
    long fail, meet;
    hr_mmc queue;
    hr_status status;

    /* 1 */
    *servers_out = -1;
    if (!isfinite(arrival_rate) || arrival_rate < 0.0
        || !is_positive_finite(service_time_s)
        || !hr_queue_is_open_probability(p)
        || !is_positive_finite(target_s) || max_servers < 1)
        return HR_ERR_DOMAIN;
    if (service_quantile(service_time_s, p) > target_s
        || arrival_rate * service_time_s >= max_servers)
        return HR_ERR_DOMAIN;

    /* 2 */
    fail = (long)floor(arrival_rate * service_time_s);
    status = gallop_servers(&job, &fail, &meet);

    /* 3 */
    if (status == HR_OK)
        status = bisect_servers(&job, fail, &meet);
    if (status == HR_OK)
        status = hr_mmc_solve(arrival_rate, service_time_s, (int)meet,
                              &queue);
    if (status != HR_OK)
        return status;
    *servers_out = (int)meet;
    if (at)
        *at = queue;
    return HR_OK;
}
