/*
 * queue.h - single-station queueing formulas: Erlang B and C, the M/M/c
 * queue's means and response-time percentiles, the smallest server count
 * that meets a percentile target, the finite M/M/c/K queue (exact
 * percentiles), and the G/G/c queue by the Allen-Cunneen approximation
 * (approximate percentiles, method stated below).
 *
 * Pure numerics: no files, no printing. Times are in seconds, rates per
 * second. Formulas follow the sources cited in queue.c, queue_finite.c
 * and queue_general.c.
 */
#ifndef HEADROOM_QUEUE_H
#define HEADROOM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"

/* Steady state of an M/M/c queue. When saturated is true only the inputs,
 * offered_load and utilization are meaningful; the rest are NAN. */
typedef struct hr_mmc {
    double arrival_rate;     /* lambda, requests/s */
    double service_time_s;   /* mean service time 1/mu, s */
    int servers;             /* c */
    double offered_load;     /* A = lambda / mu, Erlangs */
    double utilization;      /* rho = A / c */
    bool saturated;          /* rho >= 1: no steady state */
    double prob_wait;        /* Erlang C: P(an arrival waits) */
    double mean_wait_s;      /* Wq */
    double mean_response_s;  /* W = Wq + 1/mu */
    double mean_queue_length;   /* Lq */
    double mean_in_system;      /* L */
} hr_mmc;

/* Erlang B blocking probability for offered load a (Erlangs) on c servers,
 * by the stable recursion. HR_ERR_DOMAIN for a < 0, a not finite or
 * c < 1. */
hr_status hr_erlang_b(double offered_load, int servers, double *out);

/* Erlang C probability of waiting. HR_ERR_DOMAIN as for Erlang B;
 * HR_ERR_SATURATED when a >= c, with *out set to 1 (everyone waits). */
hr_status hr_erlang_c(double offered_load, int servers, double *out);

/* Solves an M/M/c queue. Returns HR_OK, or HR_ERR_SATURATED with the
 * saturated result filled in, or HR_ERR_DOMAIN (with *out untouched) for a
 * negative or non-finite arrival rate, a non-positive or non-finite service
 * time, or fewer than one server. An arrival rate of 0 is an idle queue:
 * no waiting, response time equal to the service time. */
hr_status hr_mmc_solve(double arrival_rate, double service_time_s,
                       int servers, hr_mmc *out);

/* The p-quantile (0 < p < 1) of the waiting time, closed form. Returns
 * HR_ERR_SATURATED for a saturated queue, HR_ERR_DOMAIN for p outside
 * (0, 1); *out_s is then NAN. */
hr_status hr_mmc_wait_quantile(const hr_mmc *queue, double p, double *out_s);

/* The p-quantile of the response time (wait plus service), found from its
 * exact distribution with a GSL root finder. Errors as for the wait
 * quantile, plus HR_ERR_NUMERIC or HR_ERR_NOMEM from the root finder. */
hr_status hr_mmc_response_quantile(const hr_mmc *queue, double p,
                                   double *out_s);

/* P(response time <= t) for the M/M/c queue: 0 for t <= 0, NAN for a
 * saturated or invalid queue or a NaN t. */
double hr_mmc_response_cdf(const hr_mmc *queue, double t_s);

/* Smallest server count, at most max_servers, whose response-time
 * p-quantile is at most target_s. Returns HR_OK with *servers_out and *at
 * (the queue at that count) set; HR_ERR_DOMAIN when even an idle server's
 * service time misses the target or max_servers is not enough
 * (*servers_out is then -1), or for arguments out of range. at may be
 * NULL, and is written only on HR_OK. */
hr_status hr_mmc_min_servers(double arrival_rate, double service_time_s,
                             double p, double target_s, int max_servers,
                             int *servers_out, hr_mmc *at);

/* ---- M/M/c/K: c servers, room for K in the system ---------------------- */

/* Largest capacity K accepted. Solving costs O(K) and each percentile
 * evaluation up to K - c incomplete-gamma terms (about 1.5 s for a p95 at
 * K = 100,000 and utilisation 1); beyond that GSL's incomplete gamma of
 * order K also loses accuracy (1e-11 at 300,000). A larger buffer is, in
 * practice, the infinite one of hr_mmc. */
#define HR_MMCK_MAX_CAPACITY 100000

/* Steady state of an M/M/c/K queue: arrivals that find K in the system
 * are lost, so it is never saturated. Means count admitted requests only
 * (Little's law with the effective arrival rate). */
typedef struct hr_mmck {
    double arrival_rate;     /* lambda, offered requests/s */
    double service_time_s;   /* mean service time 1/mu, s */
    int servers;             /* c */
    int capacity;            /* K >= c: in service plus waiting */
    double offered_load;     /* a = lambda / mu, Erlangs */
    double prob_empty;       /* p0 */
    double prob_block;       /* pK: an arrival is lost */
    double effective_arrival_rate; /* lambda (1 - pK), admitted/s */
    double utilization;      /* busy share per server, lambda_eff/(c mu) */
    double prob_wait;        /* P(an admitted arrival waits) */
    double mean_wait_s;      /* Wq = Lq / lambda_eff */
    double mean_response_s;  /* W = L / lambda_eff */
    double mean_queue_length;   /* Lq */
    double mean_in_system;      /* L */
    double log_norm;         /* ln of the normalising sum of the weights
                              * a^n/n! (n <= c), a^c/c! (a/c)^(n-c);
                              * lets the state and percentile functions
                              * rebuild any p_n. Not a result to show. */
} hr_mmck;

/* Solves an M/M/c/K queue. Returns HR_OK, or HR_ERR_DOMAIN (with *out
 * untouched) for a negative or non-finite arrival rate, a non-positive or
 * non-finite service time, fewer than one server, or a capacity below
 * the server count or above HR_MMCK_MAX_CAPACITY; HR_ERR_NUMERIC (*out
 * untouched) if the load is so extreme (near DBL_MAX) that the admitted
 * share underflows. An arrival rate of 0 is an idle queue: p0 = 1, no
 * waiting, response time the service time. */
hr_status hr_mmck_solve(double arrival_rate, double service_time_s,
                        int servers, int capacity, hr_mmck *out);

/* p_n, the probability of n in the system (0 <= n <= K); NAN for n out of
 * range or an invalid queue. */
double hr_mmck_state_prob(const hr_mmck *queue, int n);

/* P(wait <= t) for an admitted arrival: 0 for t < 0, NAN for an invalid
 * queue, a NaN t or a failed incomplete-gamma evaluation. */
double hr_mmck_wait_cdf(const hr_mmck *queue, double t_s);

/* P(response time <= t) for an admitted arrival, with the same
 * conventions as hr_mmck_wait_cdf(). */
double hr_mmck_response_cdf(const hr_mmck *queue, double t_s);

/* The p-quantile (0 < p < 1) of an admitted arrival's wait and response
 * time, from their exact distributions with a GSL root finder. Returns
 * HR_ERR_DOMAIN for an invalid queue or p outside (0, 1), HR_ERR_NUMERIC
 * or HR_ERR_NOMEM from the numerics; *out_s is then NAN. */
hr_status hr_mmck_wait_quantile(const hr_mmck *queue, double p,
                                double *out_s);
hr_status hr_mmck_response_quantile(const hr_mmck *queue, double p,
                                    double *out_s);

/* ---- G/G/c by the Allen-Cunneen approximation --------------------------- */

/*
 * A G/G/c queue: general interarrival and service times, described by
 * their means and squared coefficients of variation (SCV, variance over
 * mean squared: 1 for exponential, 0 for constant). The means follow
 * Allen-Cunneen (A. O. Allen, Probability, Statistics and Queueing Theory,
 * 2nd ed., 1990):
 *     Wq ~ Wq(M/M/c) (Ca^2 + Cs^2) / 2,
 * exact for M/M/c and for M/G/1 (Pollaczek-Khinchine), an approximation
 * otherwise. The percentiles are a further, stated approximation:
 *  - P(wait > t) = C e^(-t / theta), C the Erlang C probability and
 *    theta = Wq / C, the M/M/c shape with the Allen-Cunneen mean;
 *  - service time ~ gamma with mean S and SCV Cs^2 (shape 1 / Cs^2),
 *    a constant S when Cs^2 is below 1e-5 (a standard deviation under
 *    0.32 % of S, so a percentile moves by a few of those at most);
 *  - response = wait + service, independent; its CDF is their convolution,
 *    integrated numerically, and its quantile found by a root finder.
 * With Ca^2 = Cs^2 = 1 both means and percentiles are those of M/M/c.
 * Fields are as in hr_mmc; saturated and NAN fields likewise.
 */
typedef struct hr_ggc {
    double arrival_rate;     /* lambda, requests/s */
    double service_time_s;   /* mean service time S, s */
    int servers;             /* c */
    double arrival_scv;      /* Ca^2 of the interarrival times */
    double service_scv;      /* Cs^2 of the service times */
    double offered_load;     /* A = lambda S, Erlangs */
    double utilization;      /* rho = A / c */
    bool saturated;          /* rho >= 1: no steady state */
    double prob_wait;        /* Erlang C, kept as P(an arrival waits) */
    double mean_wait_s;      /* Wq, Allen-Cunneen */
    double mean_response_s;  /* W = Wq + S */
    double mean_queue_length;   /* Lq = lambda Wq */
    double mean_in_system;      /* L = lambda W */
} hr_ggc;

/* Solves a G/G/c queue. Returns HR_OK, HR_ERR_SATURATED with the saturated
 * result filled in, or HR_ERR_DOMAIN (*out untouched) for the M/M/c
 * argument errors or a negative or non-finite SCV. */
hr_status hr_ggc_solve(double arrival_rate, double service_time_s,
                       int servers, double arrival_scv, double service_scv,
                       hr_ggc *out);

/* The p-quantile of the approximate waiting time, closed form. Errors as
 * for hr_mmc_wait_quantile(). */
hr_status hr_ggc_wait_quantile(const hr_ggc *queue, double p, double *out_s);

/* The p-quantile of the approximate response time. Errors as for
 * hr_mmc_response_quantile(); HR_ERR_NUMERIC also when the quantile is
 * below the smallest double (a low p with a very variable service time:
 * at Cs^2 = 1000 and S = 1 s the 1st percentile is near 1e-2000 s). */
hr_status hr_ggc_response_quantile(const hr_ggc *queue, double p,
                                   double *out_s);

/* P(response time <= t) under the approximation: 0 for t <= 0, NAN for a
 * saturated or invalid queue, a NaN t or a failed integration. */
double hr_ggc_response_cdf(const hr_ggc *queue, double t_s);

/*
 * The squared coefficient of variation of measured times (interarrival
 * gaps for Ca^2, service times for Cs^2): sample variance (n - 1
 * denominator) over the squared mean. From a reported mean and standard
 * deviation it is (stddev / mean)^2. HR_ERR_DOMAIN for fewer than two
 * values, a negative or non-finite value, or a zero mean.
 */
hr_status hr_squared_cv(const double *values, size_t count, double *out);

#endif
