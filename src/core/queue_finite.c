/*
 * queue_finite.c - the M/M/c/K queue: state probabilities, blocking, the
 * means, and the exact waiting and response-time distributions of an
 * admitted arrival, with their percentiles.
 *
 * Sources: Gross, Shortle, Thompson and Harris, Fundamentals of Queueing
 * Theory, 4th ed., sec. 2.5 (finite buffers): p_n is proportional to
 * a^n / n! for n <= c and to a^c / c! (a / c)^(n - c) for c < n <= K, with
 * a = lambda / mu; arrivals finding K are lost, so the admitted rate is
 * lambda (1 - pK) and Little's law uses it. An admitted arrival finds n
 * with probability p_n / (1 - pK) (n < K; Poisson arrivals see time
 * averages) and, if n >= c, waits for n - c + 1 departures from c busy
 * servers: Erlang(n - c + 1, c mu). The response time adds an independent
 * Exp(mu) service; its distribution is derived above erlang_exp_overlap().
 */
#include "headroom/queue.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

#include "queue_internal.h"

/* Arrival states whose weight is below this are left out of the wait and
 * response mixtures: together they weigh at most K times this, far below
 * the rounding of any probability a percentile is asked for. */
#define NEGLIGIBLE_WEIGHT 1e-30

/* Below this, P(k, x) is rebuilt from a series instead of its logarithm;
 * the series then converges fast because x is well below k. */
#define TINY_GAMMA_P 1e-250

/* The series stops once a term is below SERIES_TOL of the sum. */
#define SERIES_TOL 1e-17
#define SERIES_MAX_TERMS 100000

/* Sums over the states of the unnormalised weights e^(w_n - top). */
typedef struct state_sums {
    double all;         /* n = 0..K */
    double admitted;    /* n < K */
    double waiting;     /* c <= n < K */
    double in_system;   /* n times the weight */
    double busy;        /* min(n, c) / c times the weight */
    double queued;      /* (n - c) times the weight, n > c */
} state_sums;

/* One term of a mixture over arrival states: its value for an arrival
 * that meets k - 1 others in the queue (k waiting phases). */
typedef hr_status (*phase_term)(int k, int servers, double mu_t,
                                double *out);

/* A wait or response distribution being evaluated or inverted. */
typedef struct mmck_eval {
    const hr_mmck *queue;
    double p;           /* the probability a quantile search aims at */
    hr_status status;   /* first failure seen inside a GSL callback */
} mmck_eval;

/* ---- private helpers ---------------------------------------------------- */

/* True for a finite number above zero. */
static int is_positive_finite(double x)
{
    return isfinite(x) && x > 0.0;
}

/* True when the arguments describe an M/M/c/K queue headroom can solve. */
static int valid_args(double arrival_rate, double service_time_s,
                      int servers, int capacity)
{
    return isfinite(arrival_rate) && arrival_rate >= 0.0
           && is_positive_finite(service_time_s) && servers >= 1
           && capacity >= servers && capacity <= HR_MMCK_MAX_CAPACITY;
}

/* True for a queue filled in by hr_mmck_solve(). */
static int valid_queue(const hr_mmck *queue)
{
    return queue
           && valid_args(queue->arrival_rate, queue->service_time_s,
                         queue->servers, queue->capacity)
           && isfinite(queue->log_norm)
           && queue->prob_wait >= 0.0 && queue->prob_wait <= 1.0;
}

/* ln w_n, w_n = a^n/n! (n <= c), a^c/c! (a/c)^(n-c) (Gross et al. 2.5). */
static double log_weight(const hr_mmck *queue, int n)
{
    double a = queue->offered_load;
    int c = queue->servers;

    if (n == 0)
        return 0.0;
    if (n <= c)
        return n * log(a) - gsl_sf_lnfact((unsigned)n);
    return c * log(a) - gsl_sf_lnfact((unsigned)c) + (n - c) * log(a / c);
}

/* The most likely state: w_n rises while a / min(n, c) >= 1. */
static int mode_state(const hr_mmck *queue)
{
    if (queue->offered_load >= queue->servers)
        return queue->capacity;
    return (int)floor(queue->offered_load);
}

/* Adds up the weights and their moments, scaled by e^(-top). */
static void sum_states(const hr_mmck *queue, double top, state_sums *sums)
{
    int c = queue->servers, k = queue->capacity;

    *sums = (state_sums){ 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 };
    for (int n = 0; n <= k; n++) {
        double w = exp(log_weight(queue, n) - top);

        sums->all += w;
        sums->in_system += n * w;
        sums->busy += n < c ? (double)n / c * w : w;
        if (n < k)
            sums->admitted += w;
        if (n >= c && n < k)
            sums->waiting += w;
        if (n > c)
            sums->queued += (n - c) * w;
    }
}

/* Normalises the sums into the results; Little's law with lambda_eff.
 * The utilisation, the mean busy share per server, is by rate balance
 * also lambda_eff S / c, but the direct sum cannot round above 1. */
static void set_results(hr_mmck *out, double top, const state_sums *sums)
{
    double lambda_eff;

    out->log_norm = top + log(sums->all);
    out->prob_empty = exp(-out->log_norm);
    out->prob_block = exp(log_weight(out, out->capacity) - out->log_norm);
    lambda_eff = out->arrival_rate * (sums->admitted / sums->all);
    out->effective_arrival_rate = lambda_eff;
    out->utilization = sums->busy / sums->all;
    out->prob_wait = sums->waiting / sums->admitted;
    out->mean_in_system = sums->in_system / sums->all;
    out->mean_queue_length = sums->queued / sums->all;
    if (lambda_eff > 0.0) {
        out->mean_wait_s = out->mean_queue_length / lambda_eff;
        out->mean_response_s = out->mean_in_system / lambda_eff;
    } else {
        out->mean_wait_s = 0.0;
        out->mean_response_s = out->service_time_s;
    }
}

/* 1 - pK, the share of arrivals admitted (1 for an idle queue). */
static double admitted_share(const hr_mmck *queue)
{
    if (queue->arrival_rate == 0.0)
        return 1.0;
    return queue->effective_arrival_rate / queue->arrival_rate;
}

/* Maps a GSL special-function status to ours; underflow is a clean 0. */
static hr_status gamma_status(int gsl_status)
{
    if (gsl_status == GSL_SUCCESS || gsl_status == GSL_EUNDRFLW)
        return HR_OK;
    return HR_ERR_NUMERIC;
}

/* P(k, x), the regularised lower incomplete gamma function. */
static hr_status gamma_p(int k, double x, double *out)
{
    gsl_sf_result r;
    hr_status status = gamma_status(gsl_sf_gamma_inc_P_e(k, x, &r));

    if (status == HR_OK)
        *out = r.val;
    return status;
}

/* Q(k, x) = 1 - P(k, x), computed directly. */
static hr_status gamma_q(int k, double x, double *out)
{
    gsl_sf_result r;
    hr_status status = gamma_status(gsl_sf_gamma_inc_Q_e(k, x, &r));

    if (status == HR_OK)
        *out = r.val;
    return status;
}

/*
 * The response time of an arrival that waits k phases is R = E + S, with
 * E ~ Erlang(k, r), r = c mu, and S ~ Exp(mu). Conditioning on E,
 *   P(E + S > t) = P(E > t) + H,  H = integral_0^t f_E(x) e^(-mu (t-x)) dx.
 * With d = r - mu = (c - 1) mu and integral_0^t x^(k-1) e^(-d x) dx =
 * (k - 1)! P(k, d t) / d^k (P the regularised lower incomplete gamma),
 *   H = e^(-mu t) (c / (c - 1))^k P(k, (c - 1) mu t)      for c >= 2,
 * summed in logarithms so that neither factor overflows. For c = 1 (d = 0)
 * the integral is t^k / k and H = e^(-mu t) (mu t)^k / k!, a Poisson term.
 * Both cases are also pmf(k; r t) M(x), pmf the Poisson probability and
 * M(x) = sum_{m >= 0} x^m / ((k+1)(k+2)...(k+m)), x = (c - 1) mu t, which
 * follows from the series of P(k, x); that form, a sum of positive terms,
 * is used when P(k, x) is too small to take its logarithm.
 */

/* pmf(k; rt) M(x) from the comment above; x is well below k here. */
static hr_status poisson_series(int k, double rt, double x, double *out)
{
    double term = 1.0, sum = 1.0;
    int m;

    for (m = 1; m < SERIES_MAX_TERMS; m++) {
        term *= x / (k + m);
        sum += term;
        if (term <= SERIES_TOL * sum)
            break;
    }
    if (m == SERIES_MAX_TERMS)
        return HR_ERR_NUMERIC;
    *out = exp(k * log(rt) - rt - gsl_sf_lnfact((unsigned)k)) * sum;
    return HR_OK;
}

/* H for k waiting phases at mu t, as derived above. */
static hr_status erlang_exp_overlap(int k, int servers, double mu_t,
                                    double *out)
{
    double x = (servers - 1) * mu_t, p;
    hr_status status;

    if (servers > 1) {
        status = gamma_p(k, x, &p);
        if (status != HR_OK)
            return status;
        if (p > TINY_GAMMA_P) {
            *out = exp(k * log1p(1.0 / (servers - 1)) - mu_t + log(p));
            return HR_OK;
        }
    }
    return poisson_series(k, servers * mu_t, x, out);
}

/* P(wait <= t | k phases) = P(k, c mu t). */
static hr_status wait_head(int k, int servers, double mu_t, double *out)
{
    return gamma_p(k, servers * mu_t, out);
}

/* P(wait > t | k phases) = Q(k, c mu t). */
static hr_status wait_tail(int k, int servers, double mu_t, double *out)
{
    return gamma_q(k, servers * mu_t, out);
}

/* P(response > t | k phases) = Q(k, c mu t) + H. */
static hr_status response_tail(int k, int servers, double mu_t, double *out)
{
    double q, h;
    hr_status status = gamma_q(k, servers * mu_t, &q);

    if (status == HR_OK)
        status = erlang_exp_overlap(k, servers, mu_t, &h);
    if (status == HR_OK)
        *out = q + h;
    return status;
}

/* P(response <= t | k phases) = P(k, c mu t) - H, never below 0. */
static hr_status response_head(int k, int servers, double mu_t, double *out)
{
    double p, h;
    hr_status status = gamma_p(k, servers * mu_t, &p);

    if (status == HR_OK)
        status = erlang_exp_overlap(k, servers, mu_t, &h);
    if (status == HR_OK)
        *out = fmax(0.0, p - h);
    return status;
}

/* Sum over the states c <= n < K met by an arrival of p_n / (1 - pK)
 * times term(n - c + 1), skipping negligible weights. */
static hr_status mixture_sum(const hr_mmck *queue, double t, phase_term term,
                             double *out)
{
    double admitted = admitted_share(queue), sum = 0.0, value;
    double mu_t = t / queue->service_time_s;
    int c = queue->servers;
    hr_status status;

    for (int n = c; n < queue->capacity; n++) {
        double weight = exp(log_weight(queue, n) - queue->log_norm)
                        / admitted;

        if (!(weight >= NEGLIGIBLE_WEIGHT))
            continue;
        status = term(n - c + 1, c, mu_t, &value);
        if (status != HR_OK)
            return status;
        sum += weight * value;
    }
    *out = sum;
    return HR_OK;
}

/* P(wait <= t) of an admitted arrival, t >= 0 finite. */
static hr_status wait_cdf(const hr_mmck *queue, double t, double *out)
{
    double sum;
    hr_status status = mixture_sum(queue, t, wait_head, &sum);

    if (status == HR_OK)
        *out = (1.0 - queue->prob_wait) + sum;
    return status;
}

/* P(wait > t) of an admitted arrival. */
static hr_status wait_survival(const hr_mmck *queue, double t, double *out)
{
    return mixture_sum(queue, t, wait_tail, out);
}

/* P(response <= t): no wait with probability 1 - P(wait), then Exp(mu). */
static hr_status response_cdf(const hr_mmck *queue, double t, double *out)
{
    double sum, mu_t = t / queue->service_time_s;
    hr_status status = mixture_sum(queue, t, response_head, &sum);

    if (status == HR_OK)
        *out = (1.0 - queue->prob_wait) * -expm1(-mu_t) + sum;
    return status;
}

/* P(response > t). */
static hr_status response_survival(const hr_mmck *queue, double t,
                                   double *out)
{
    double sum, mu_t = t / queue->service_time_s;
    hr_status status = mixture_sum(queue, t, response_tail, &sum);

    if (status == HR_OK)
        *out = (1.0 - queue->prob_wait) * exp(-mu_t) + sum;
    return status;
}

/* CDF(t) - p from the distribution side where it is small, as in queue.c;
 * NAN (with the status kept) when an evaluation fails. */
static double excess(mmck_eval *eval, double t,
                     hr_status (*cdf)(const hr_mmck *, double, double *),
                     hr_status (*survival)(const hr_mmck *, double, double *))
{
    double value;
    hr_status status;

    if (eval->p < 0.5)
        status = cdf(eval->queue, t, &value);
    else
        status = survival(eval->queue, t, &value);
    if (status != HR_OK) {
        eval->status = status;
        return NAN;
    }
    return eval->p < 0.5 ? value - eval->p : (1.0 - eval->p) - value;
}

/* gsl_function for the wait quantile. */
static double wait_excess(double t, void *params)
{
    return excess(params, t, wait_cdf, wait_survival);
}

/* gsl_function for the response quantile. */
static double response_excess(double t, void *params)
{
    return excess(params, t, response_cdf, response_survival);
}

/* Runs the root finder and reports the evaluation's own failure first. */
static hr_status solve_quantile(gsl_function *fn, double lo, double hi,
                                double *out_s)
{
    mmck_eval *eval = fn->params;
    hr_status status = hr_queue_solve_rising(fn, lo, hi, out_s);

    if (status != HR_OK && eval->status != HR_OK)
        return eval->status;
    return status;
}

/* A distribution function at t: 0 before 0, 1 at infinity, else fn,
 * kept within [0, 1] against rounding in the sums. */
static double checked_cdf(const hr_mmck *queue, double t_s,
                          hr_status (*fn)(const hr_mmck *, double, double *))
{
    double value;

    if (!valid_queue(queue) || isnan(t_s))
        return NAN;
    if (t_s < 0.0)
        return 0.0;
    if (isinf(t_s))
        return 1.0;
    if (fn(queue, t_s, &value) != HR_OK)
        return NAN;
    return fmin(1.0, fmax(0.0, value));
}

/* ---- public functions --------------------------------------------------- */

/*
 * Weights in logarithms, scaled by the largest, so that neither a^n/n!
 * nor (a/c)^(n-c) overflows however large a or K is; the means are sums
 * over the states (Gross et al., sec. 2.5).
 */
hr_status hr_mmck_solve(double arrival_rate, double service_time_s,
                        int servers, int capacity, hr_mmck *out)
{
    hr_mmck queue = { 0 };
    state_sums sums;
    double top;

    if (!valid_args(arrival_rate, service_time_s, servers, capacity))
        return HR_ERR_DOMAIN;
    queue.arrival_rate = arrival_rate;
    queue.service_time_s = service_time_s;
    queue.servers = servers;
    queue.capacity = capacity;
    queue.offered_load = arrival_rate * service_time_s;

    top = log_weight(&queue, mode_state(&queue));
    sum_states(&queue, top, &sums);
    if (!isfinite(top) || !(sums.admitted > 0.0) || !isfinite(sums.all))
        return HR_ERR_NUMERIC;
    set_results(&queue, top, &sums);
    *out = queue;
    return HR_OK;
}

/* p_n = w_n / sum of the weights. */
double hr_mmck_state_prob(const hr_mmck *queue, int n)
{
    if (!valid_queue(queue) || n < 0 || n > queue->capacity)
        return NAN;
    return exp(log_weight(queue, n) - queue->log_norm);
}

/* Mixture of Erlang CDFs over the states an admitted arrival meets. */
double hr_mmck_wait_cdf(const hr_mmck *queue, double t_s)
{
    return checked_cdf(queue, t_s, wait_cdf);
}

/* Mixture of Erlang-plus-exponential CDFs; see erlang_exp_overlap(). */
double hr_mmck_response_cdf(const hr_mmck *queue, double t_s)
{
    return checked_cdf(queue, t_s, response_cdf);
}

/*
 * The wait has an atom 1 - P(wait) at 0. Above it, a waiting arrival
 * waits at least one Exp(c mu) phase, so P(wait > t) >= P(wait)
 * e^(-c mu t), which gives the lower end; Markov's inequality, P(wait >=
 * t) <= Wq / t, gives the upper end Wq / (1 - p).
 */
hr_status hr_mmck_wait_quantile(const hr_mmck *queue, double p,
                                double *out_s)
{
    mmck_eval eval = { queue, p, HR_OK };
    gsl_function fn = { wait_excess, &eval };
    double lo, hi;

    *out_s = NAN;
    if (!valid_queue(queue) || !hr_queue_is_open_probability(p))
        return HR_ERR_DOMAIN;
    if (queue->prob_wait <= 1.0 - p) {
        *out_s = 0.0;
        return HR_OK;
    }
    lo = log(queue->prob_wait / (1.0 - p)) * queue->service_time_s
         / queue->servers;
    hi = fmax(queue->mean_wait_s / (1.0 - p), 2.0 * lo);
    return solve_quantile(&fn, lo, hi, out_s);
}

/*
 * Brackets: the response is at least the Exp(mu) service, whose
 * p-quantile is the lower end; Markov's inequality on the response, whose
 * mean is W, gives the upper end W / (1 - p).
 */
hr_status hr_mmck_response_quantile(const hr_mmck *queue, double p,
                                    double *out_s)
{
    mmck_eval eval = { queue, p, HR_OK };
    gsl_function fn = { response_excess, &eval };
    double lo, hi;

    *out_s = NAN;
    if (!valid_queue(queue) || !hr_queue_is_open_probability(p))
        return HR_ERR_DOMAIN;
    lo = -log1p(-p) * queue->service_time_s;
    hi = fmax(queue->mean_response_s / (1.0 - p), 2.0 * lo);
    return solve_quantile(&fn, lo, hi, out_s);
}
