/*
 * network.h - queueing networks: open product-form networks, and closed
 * networks by exact Mean Value Analysis or by Bard-Schweitzer approximate
 * MVA, with multi-server stations, asymptotic bounds and response-time
 * percentiles where they can be stated honestly.
 *
 * A network has classes of work (open: a Poisson arrival rate; closed: a
 * population of users with a think time) and stations (a queue with one
 * or more servers, or a delay with no queueing). Each station has a
 * service demand per class, D = V S: the visits a job of the class makes
 * to the station times the mean service time per visit.
 *
 * Pure numerics: no files, no printing. Times are in seconds, rates per
 * second. Formulas and the approximations made are cited in network.c.
 * A network holds open or closed classes, not both: mixed networks are
 * refused with HR_ERR_DOMAIN.
 */
#ifndef HEADROOM_NETWORK_H
#define HEADROOM_NETWORK_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"

/* Exact MVA is used only while its cost stays within these limits; past
 * them a request for exact falls back to approximate MVA, and says so.
 * Work counts inner-loop steps; cells count doubles held at once. */
#define HR_NET_EXACT_MAX_WORK 2e9
#define HR_NET_EXACT_MAX_CELLS 8388608.0
/* The most multi-server stations exact MVA handles (it solves one
 * sub-network per subset of them). */
#define HR_NET_EXACT_MAX_MULTISERVER 10
/* Method auto picks exact MVA when its work is at most this. */
#define HR_NET_AUTO_MAX_WORK 1e8

/* Approximate MVA stops when no queue length changes by more than this
 * fraction between two sweeps, or fails after the iteration cap. Its
 * answers are within about 1 % of exact MVA for one class and light
 * loads, but measured errors reach about 10 % near the knee with two
 * classes, and Seidmann's split of multi-server stations adds its own
 * (0.7 % on Gunther's Tomcat case); prefer exact where it is cheap. */
#define HR_NET_APPROX_TOLERANCE 1e-8
#define HR_NET_APPROX_MAX_ITER 1000000UL

typedef enum hr_net_class_kind {
    HR_NET_OPEN,        /* jobs arrive at a fixed rate and leave */
    HR_NET_CLOSED       /* a fixed population cycles: think, then submit */
} hr_net_class_kind;

typedef enum hr_net_station_kind {
    HR_NET_QUEUE,       /* jobs wait for one of the station's servers */
    HR_NET_DELAY        /* every job is served at once: no waiting */
} hr_net_station_kind;

/* Solution methods. A request is AUTO, EXACT or APPROX; a result names
 * the method actually used: OPEN, EXACT or APPROX. */
typedef enum hr_net_method {
    HR_NET_AUTO,        /* exact when cheap enough, else approximate */
    HR_NET_EXACT,       /* exact MVA (Reiser and Lavenberg 1980) */
    HR_NET_APPROX,      /* Bard-Schweitzer approximate MVA */
    HR_NET_OPEN_PF      /* open product-form solution */
} hr_net_method;

/* How a class's response-time percentiles were obtained. */
typedef enum hr_net_percentiles {
    HR_PCT_NONE,        /* not computed: the p fields are NAN */
    HR_PCT_MMC,         /* exact: one visit to one M/M/c FCFS station */
    HR_PCT_EXPONENTIAL  /* approximation: exponential, same mean */
} hr_net_percentiles;

typedef struct hr_net_class {
    char *name;              /* owned; freed by hr_network_free() */
    hr_net_class_kind kind;
    double arrival_rate;     /* open: lambda, jobs/s */
    long population;         /* closed: N, jobs */
    double think_time_s;     /* closed: Z, s */
} hr_net_class;

typedef struct hr_net_station {
    char *name;              /* owned; freed by hr_network_free() */
    hr_net_station_kind kind;
    int servers;             /* queue: m >= 1; ignored for a delay */
} hr_net_station;

/* A network. demand_s and visits are station-major matrices: the entry
 * of station k and class c is at [k * class_count + c]. visits is NAN
 * where only the demand was given; a station is then taken as one visit
 * of service time D. */
typedef struct hr_network {
    char *name;              /* owned, may be NULL */
    size_t class_count;
    hr_net_class *classes;
    size_t station_count;
    hr_net_station *stations;
    double *demand_s;        /* D, s per job */
    double *visits;          /* V, visits per job, or NAN */
} hr_network;

/* Asymptotic bounds of one class taken alone (Lazowska et al., QSP,
 * ch. 5). D is the class's total demand, D_max its largest demand per
 * server at a queue, Z its think time and N its population. */
typedef struct hr_net_bounds {
    double saturation_throughput;  /* 1/D_max: the bottleneck's limit
                                      (PDQ's "maximum throughput"), jobs/s;
                                      INFINITY with no queue station */
    double max_throughput;   /* X <= min(1/D_max, N/(D+Z)) at this N
                                (closed; 1/D_max for open), jobs/s */
    double min_response_s;   /* R >= D, the sum of the demands, s */
    double knee_population;  /* N* = (D+Z)/D_max, jobs; NAN for open
                                classes, INFINITY with no queue station */
} hr_net_bounds;

typedef struct hr_net_class_result {
    double throughput;       /* X, jobs/s; NAN when saturated */
    double response_time_s;  /* R, sum of residence times (no think), s */
    double p50_s;            /* response-time percentiles, s, or NAN */
    double p95_s;
    double p99_s;
    hr_net_percentiles percentiles;
    bool saturated;          /* visits a saturated station */
    hr_net_bounds bounds;
} hr_net_class_result;

typedef struct hr_net_station_result {
    double utilization;      /* busy fraction per server, U = sum X D / m;
                                for a saturated station the offered value
                                (1 or more); for a delay, the mean number
                                of jobs in it */
    double queue_length;     /* mean jobs there, waiting or served; NAN
                                when saturated */
    double throughput;       /* visits per second, NAN when a class with
                                demand here gave no visit count */
    bool saturated;          /* open network, U >= 1: no steady state */
} hr_net_station_result;

/* A solution. residence_s and queue_lengths are station-major like the
 * network's demands: per job of class c, the time spent at station k
 * (waiting and served, all visits) and the mean number of class-c jobs
 * there. */
typedef struct hr_net_result {
    hr_net_method method;    /* OPEN, EXACT or APPROX */
    bool fell_back;          /* exact was asked but too costly */
    unsigned long iterations;   /* sweeps of approximate MVA, else 0 */
    size_t class_count;
    size_t station_count;
    hr_net_class_result *classes;
    hr_net_station_result *stations;
    double *residence_s;
    double *queue_lengths;
    bool saturated;          /* some station is saturated */
} hr_net_result;

/* A network with room for the given classes and stations: names NULL,
 * numbers zero, visits NAN, servers 1, all classes open. NULL when out of
 * memory or a count is 0. Free with hr_network_free(). */
hr_network *hr_network_new(size_t class_count, size_t station_count);

/* Frees a network, its names and its matrices; accepts NULL. */
void hr_network_free(hr_network *network);

/* Checks a network can be solved: one kind of class only, rates and
 * think times finite and in range, populations at least 1, servers at
 * least 1, demands finite and not negative, and every class with some
 * demand. HR_OK or HR_ERR_DOMAIN. */
hr_status hr_network_check(const hr_network *network);

/* True when the network's classes are closed (checked networks only). */
bool hr_network_is_closed(const hr_network *network);

/* Bounds of class c taken alone; HR_ERR_DOMAIN for a bad index. */
hr_status hr_network_bounds(const hr_network *network, size_t c,
                            hr_net_bounds *out);

/* Solves a network with the requested method (AUTO, EXACT or APPROX;
 * ignored for open networks, which have one exact solution). On HR_OK
 * or HR_ERR_SATURATED *out holds a new result (saturated stations and
 * the classes through them have NAN values); free it with
 * hr_net_result_free(). Otherwise *out is NULL and the status is
 * HR_ERR_DOMAIN (see hr_network_check), HR_ERR_NOMEM, or HR_ERR_NUMERIC
 * (approximate MVA did not converge). */
hr_status hr_network_solve(const hr_network *network, hr_net_method method,
                           hr_net_result **out);

/* Frees a result; accepts NULL. */
void hr_net_result_free(hr_net_result *result);

/* Lowercase word for a method: "auto", "exact", "approx" or "open". */
const char *hr_net_method_name(hr_net_method method);

/* One line naming the percentile method, for reports. */
const char *hr_net_percentiles_text(hr_net_percentiles percentiles);

#endif
