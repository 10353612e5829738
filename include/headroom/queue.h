/*
 * queue.h - single-station queueing formulas: Erlang B and C, the M/M/c
 * queue's means and response-time percentiles, and the smallest server
 * count that meets a percentile target.
 *
 * Pure numerics: no files, no printing. Times are in seconds, rates per
 * second. Formulas follow the sources cited in queue.c.
 */
#ifndef HEADROOM_QUEUE_H
#define HEADROOM_QUEUE_H

#include <stdbool.h>

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

#endif
