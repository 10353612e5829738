/*
 * test_network.c - queueing networks: open product form, exact and
 * approximate MVA, multi-server stations, bounds, the network file reader
 * and the `headroom queue` command.
 *
 * Published figures come from shared/reference/validation.md (each test
 * names its case) and are compared to half a unit in their last printed
 * digit. Other expected values are computed independently in the test (a
 * closed formula shown in its comment) or were computed with python3 in
 * exact rational arithmetic (fractions), by direct enumeration of the
 * product-form normalising constant, as the comment says. The rest are
 * properties every solution must have: Little's law, the utilisation law,
 * the asymptotic bounds, and monotonicity in the number of servers.
 */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "headroom/network.h"
#include "headroom/queue.h"
#include "input/network_file.h"
#include "testkit.h"

/* Relative tolerance for identities that hold to rounding. */
#define TIGHT 1e-9

/* Half a unit in the last printed digit. A tie counts as a match: QSP
 * prints the utilisation 0.1815 as 0.182. */
static double printed_tol(double value, double unit)
{
    return 0.5 * unit / fabs(value) * (1.0 + 1e-9);
}

/* ---- building networks -------------------------------------------------- */

static char *copy(const char *text)
{
    char *s = strdup(text);

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    return s;
}

/* One closed class (population n, think time z) over k stations with
 * demands d and server counts m (0 makes a delay station). */
static hr_network *closed_network(long n, double z, size_t k,
                                  const double *d, const int *m)
{
    hr_network *net = hr_network_new(1, k);

    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    net->classes[0].name = copy("users");
    net->classes[0].kind = HR_NET_CLOSED;
    net->classes[0].population = n;
    net->classes[0].think_time_s = z;
    for (size_t i = 0; i < k; i++) {
        char name[32];

        snprintf(name, sizeof name, "s%zu", i);
        net->stations[i].name = copy(name);
        net->stations[i].kind = m[i] ? HR_NET_QUEUE : HR_NET_DELAY;
        net->stations[i].servers = m[i] ? m[i] : 1;
        net->demand_s[i] = d[i];
    }
    return net;
}

/* One open class (rate lambda) over k queue stations. */
static hr_network *open_network(double lambda, size_t k, const double *d,
                                const int *m)
{
    hr_network *net = closed_network(1, 0.0, k, d, m);

    net->classes[0].kind = HR_NET_OPEN;
    net->classes[0].arrival_rate = lambda;
    return net;
}

/* Solves a network expected to be stable. */
static hr_net_result *solve(const hr_network *net, hr_net_method method)
{
    hr_net_result *res = NULL;

    CU_ASSERT_EQUAL(hr_network_solve(net, method, &res), HR_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    return res;
}

/* Jain's three centres (validation.md): S 0.125, 0.3, 0.2 s; V 16, 10,
 * 5; Z 4 s. */
static hr_network *jain_network(long n)
{
    static const double d[] = {16 * 0.125, 10 * 0.3, 5 * 0.2};
    static const double v[] = {16, 10, 5};
    static const int m[] = {1, 1, 1};
    hr_network *net = closed_network(n, 4.0, 3, d, m);

    for (size_t k = 0; k < 3; k++)
        net->visits[k] = v[k];
    return net;
}

/* ---- published cases through the API ------------------------------------ */

/* validation.md, M/M/1 (Gunther, Perl::PDQ ch. 2 open example), as a
 * one-station open network; percentiles from queue.h's M/M/1. */
static void test_mm1_gunther_open(void)
{
    static const double d[] = {1.0};
    static const int m[] = {1};
    hr_network *net = open_network(0.75, 1, d, m);
    hr_net_result *res = solve(net, HR_NET_AUTO);
    hr_mmc mmc;
    double p95;

    CU_ASSERT_EQUAL(res->method, HR_NET_OPEN_PF);
    HR_ASSERT_CLOSE(res->classes[0].throughput, 0.75, printed_tol(0.75, 1e-4));
    HR_ASSERT_CLOSE(res->classes[0].response_time_s, 4.0,
                    printed_tol(4.0, 1e-4));
    HR_ASSERT_CLOSE(100.0 * res->stations[0].utilization, 75.0,
                    printed_tol(75.0, 1e-4));
    HR_ASSERT_CLOSE(res->stations[0].queue_length, 3.0,
                    printed_tol(3.0, 1e-4));
    CU_ASSERT_EQUAL(res->classes[0].percentiles, HR_PCT_MMC);
    CU_ASSERT_EQUAL(hr_mmc_solve(0.75, 1.0, 1, &mmc), HR_OK);
    CU_ASSERT_EQUAL(hr_mmc_response_quantile(&mmc, 0.95, &p95), HR_OK);
    HR_ASSERT_CLOSE(res->classes[0].p95_s, p95, TIGHT);
    /* M/M/1 response is exponential with rate mu - lambda (validation.md):
     * t_0.99 = -ln(0.01) / 0.25. */
    HR_ASSERT_CLOSE(res->classes[0].p99_s, -log(0.01) / 0.25, 1e-7);
    hr_net_result_free(res);
    hr_network_free(net);
}

/* validation.md, single centre with terminals (Gunther, Perl::PDQ ch. 2
 * closed example, exact MVA). */
static void test_gunther_closed_terminals(void)
{
    static const double d[] = {0.63};
    static const int m[] = {1};
    hr_network *net = closed_network(100, 300.0, 1, d, m);
    hr_net_result *res = solve(net, HR_NET_EXACT);
    const hr_net_class_result *cls = &res->classes[0];

    CU_ASSERT_EQUAL(res->method, HR_NET_EXACT);
    HR_ASSERT_CLOSE(cls->throughput, 0.3325, printed_tol(0.3325, 1e-4));
    HR_ASSERT_CLOSE(cls->response_time_s, 0.7943,
                    printed_tol(0.7943, 1e-4));
    HR_ASSERT_CLOSE(100.0 * res->stations[0].utilization, 20.9445,
                    printed_tol(20.9445, 1e-4));
    HR_ASSERT_CLOSE(cls->bounds.saturation_throughput, 1.5873,
                    printed_tol(1.5873, 1e-4));
    HR_ASSERT_CLOSE(cls->bounds.knee_population, 477.1905,
                    printed_tol(477.1905, 1e-4));
    CU_ASSERT_EQUAL(cls->percentiles, HR_PCT_NONE);
    CU_ASSERT(isnan(cls->p95_s));
    hr_net_result_free(res);
    hr_network_free(net);
}

/* validation.md, three centres (Jain p. 577, Octave qncsmva tests). */
static void test_jain_three_centres(void)
{
    static const double per_visit[] = {0.373, 4.854, 0.300};
    static const double queue[] = {1.991, 16.177, 0.500};
    hr_network *net = jain_network(20);
    hr_net_result *res = solve(net, HR_NET_EXACT);

    for (size_t k = 0; k < 3; k++) {
        HR_ASSERT_CLOSE(res->residence_s[k] / net->visits[k], per_visit[k],
                        printed_tol(per_visit[k], 1e-3));
        HR_ASSERT_CLOSE(res->stations[k].queue_length, queue[k],
                        printed_tol(queue[k], 1e-3));
    }
    hr_net_result_free(res);
    hr_network_free(net);
}

/* validation.md, open network (Lazowska et al. QSP p. 113, Octave qnos
 * tests): centre 1. */
static void test_lazowska_open(void)
{
    static const double v[] = {121, 70, 50}, s[] = {0.005, 0.03, 0.027};
    static const int m[] = {1, 1, 1};
    double d[3];
    hr_network *net;
    hr_net_result *res;

    for (size_t k = 0; k < 3; k++)
        d[k] = v[k] * s[k];
    net = open_network(0.3, 3, d, m);
    for (size_t k = 0; k < 3; k++)
        net->visits[k] = v[k];
    res = solve(net, HR_NET_AUTO);
    HR_ASSERT_CLOSE(res->stations[0].utilization, 0.182,
                    printed_tol(0.182, 1e-3));
    HR_ASSERT_CLOSE(res->stations[0].throughput, 36.3,
                    printed_tol(36.3, 1e-1));
    HR_ASSERT_CLOSE(res->stations[0].queue_length, 0.222,
                    printed_tol(0.222, 1e-3));
    CU_ASSERT_EQUAL(res->classes[0].percentiles, HR_PCT_EXPONENTIAL);
    hr_net_result_free(res);
    hr_network_free(net);
}

/* validation.md, multiserver closed batch (Gunther's Tomcat, arXiv
 * 1811.12341). Waiting time W = R - S; waiting line = Q - busy servers,
 * busy servers = m U. */
static void test_tomcat_multiserver(void)
{
    static const double d[] = {0.444};
    static const int m[] = {300};
    hr_network *net = closed_network(400, 0.0, 1, d, m);
    hr_net_result *res = solve(net, HR_NET_AUTO);
    double busy = 300.0 * res->stations[0].utilization;

    CU_ASSERT_EQUAL(res->method, HR_NET_EXACT);
    HR_ASSERT_CLOSE(res->classes[0].throughput, 675.6757,
                    printed_tol(675.6757, 1e-4));
    HR_ASSERT_CLOSE(res->classes[0].response_time_s, 0.5920,
                    printed_tol(0.5920, 1e-4));
    HR_ASSERT_CLOSE(res->residence_s[0] - 0.444, 0.1480,
                    printed_tol(0.1480, 1e-4));
    HR_ASSERT_CLOSE(res->stations[0].queue_length - busy, 100.0,
                    printed_tol(100.0, 1e-4));
    hr_net_result_free(res);
    hr_network_free(net);
}

/* ---- exact MVA against independent references --------------------------- */

/* Two closed classes, a 3-server station and a single server: class 1
 * N 6, Z 2 s, D 0.8 and 0.3 s; class 2 N 4, Z 1 s, D 0.5 and 0.6 s.
 * Expected X from python3 fractions: G(N - e_c) / G(N), G by enumerating
 * every placement of the jobs in the product form (load-dependent rate
 * min(n, 3) at the first station). */
static void test_two_classes_multiserver_enumeration(void)
{
    hr_network *net = hr_network_new(2, 2);
    hr_net_result *res;

    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    net->classes[0] = (hr_net_class){copy("a"), HR_NET_CLOSED, 0, 6, 2.0};
    net->classes[1] = (hr_net_class){copy("b"), HR_NET_CLOSED, 0, 4, 1.0};
    net->stations[0] = (hr_net_station){copy("multi"), HR_NET_QUEUE, 3};
    net->stations[1] = (hr_net_station){copy("single"), HR_NET_QUEUE, 1};
    net->demand_s[0] = 0.8;
    net->demand_s[1] = 0.5;
    net->demand_s[2] = 0.3;
    net->demand_s[3] = 0.6;
    res = solve(net, HR_NET_EXACT);
    HR_ASSERT_CLOSE(res->classes[0].throughput, 1.3638362771813624, 1e-12);
    HR_ASSERT_CLOSE(res->classes[1].throughput, 0.9411910787373275, 1e-12);
    HR_ASSERT_CLOSE(res->classes[0].response_time_s, 2.3993550401813537,
                    1e-12);
    HR_ASSERT_CLOSE(res->classes[1].response_time_s, 3.2499340361005915,
                    1e-12);
    hr_net_result_free(res);
    hr_network_free(net);
}

/* One class of 50 over a 30-server station (D 0.444 s) and a 2-server
 * one (D 0.1 s), Z 5 s. Expected X from python3 fractions: G(49)/G(50),
 * G by convolving the stations' load-dependent factors. */
static void test_multiserver_convolution(void)
{
    static const double d[] = {0.444, 0.1};
    static const int m[] = {30, 2};
    hr_network *net = closed_network(50, 5.0, 2, d, m);
    hr_net_result *res = solve(net, HR_NET_EXACT);

    HR_ASSERT_CLOSE(res->classes[0].throughput, 8.981626958639415, 1e-12);
    hr_net_result_free(res);
    hr_network_free(net);
}

/* A saturated 100-server station with think time: the textbook p(0)
 * formula diverges here (X comes out as 4.26 instead of 225.2). One
 * class of 150, D 0.444 s on 100 servers and 0.002 s on one, Z 0.1 s;
 * expected values from python3 fractions, G(149)/G(150) by convolution. */
static void test_multiserver_saturated_stable(void)
{
    static const double d[] = {0.444, 0.002};
    static const int m[] = {100, 1};
    hr_network *net = closed_network(150, 0.1, 2, d, m);
    hr_net_result *res = solve(net, HR_NET_EXACT);

    HR_ASSERT_CLOSE(res->classes[0].throughput, 225.22522030669427, 1e-10);
    HR_ASSERT_CLOSE(res->classes[0].response_time_s, 0.5660000145442932,
                    1e-9);
    hr_net_result_free(res);
    hr_network_free(net);
}

/* Two identical classes are one class of their combined population: the
 * total throughput and the response time must agree. */
static void test_identical_classes_aggregate(void)
{
    static const double d[] = {0.2, 0.5, 0.1};
    static const int m[] = {1, 4, 0};
    hr_network *one = closed_network(9, 3.0, 3, d, m);
    hr_network *two = hr_network_new(2, 3);
    hr_net_result *r1, *r2;

    CU_ASSERT_PTR_NOT_NULL_FATAL(two);
    two->classes[0] = (hr_net_class){copy("a"), HR_NET_CLOSED, 0, 4, 3.0};
    two->classes[1] = (hr_net_class){copy("b"), HR_NET_CLOSED, 0, 5, 3.0};
    for (size_t k = 0; k < 3; k++) {
        two->stations[k] = one->stations[k];
        two->stations[k].name = copy(one->stations[k].name);
        two->demand_s[2 * k] = two->demand_s[2 * k + 1] = d[k];
    }
    r1 = solve(one, HR_NET_EXACT);
    r2 = solve(two, HR_NET_EXACT);
    HR_ASSERT_CLOSE(r2->classes[0].throughput + r2->classes[1].throughput,
                    r1->classes[0].throughput, TIGHT);
    HR_ASSERT_CLOSE(r2->classes[0].response_time_s,
                    r1->classes[0].response_time_s, TIGHT);
    HR_ASSERT_CLOSE(r2->classes[1].response_time_s,
                    r1->classes[0].response_time_s, TIGHT);
    hr_net_result_free(r1);
    hr_net_result_free(r2);
    hr_network_free(one);
    hr_network_free(two);
}

/*
 * Exact MVA equals the exact M/M/1 answers where both apply:
 *  - one single-server station and terminals is the finite-source
 *    M/M/1//N queue (Gross et al., sec. 2.8): with r = D/Z,
 *    P0 = 1 / sum_{n=0}^{N} N!/(N-n)! r^n, X = (1 - P0)/D, R = N/X - Z;
 *  - an open single-server station is queue.h's M/M/1.
 */
static void test_mva_equals_mm1(void)
{
    static const double d[] = {1.0};
    static const int m[] = {1};

    for (long n = 1; n <= 30; n++) {
        hr_network *net = closed_network(n, 5.0, 1, d, m);
        hr_net_result *res = solve(net, HR_NET_EXACT);
        double term = 1.0, sum = 1.0, x;

        for (long i = 1; i <= n; i++) {
            term *= (double)(n - i + 1) * (1.0 / 5.0);
            sum += term;
        }
        x = (1.0 - 1.0 / sum) / 1.0;
        HR_ASSERT_CLOSE(res->classes[0].throughput, x, 1e-12);
        HR_ASSERT_CLOSE(res->classes[0].response_time_s,
                        (double)n / x - 5.0, 1e-10);
        hr_net_result_free(res);
        hr_network_free(net);
    }
    for (double lambda = 0.05; lambda < 1.0; lambda += 0.1) {
        hr_network *net = open_network(lambda, 1, d, m);
        hr_net_result *res = solve(net, HR_NET_AUTO);
        hr_mmc mmc;

        CU_ASSERT_EQUAL(hr_mmc_solve(lambda, 1.0, 1, &mmc), HR_OK);
        HR_ASSERT_CLOSE(res->classes[0].response_time_s,
                        mmc.mean_response_s, 1e-12);
        hr_net_result_free(res);
        hr_network_free(net);
    }
}

/* ---- properties --------------------------------------------------------- */

/* Little's law for the whole cycle and per station, and the utilisation
 * law, on a solved network (QSP ch. 3). */
static void check_laws(const hr_network *net, const hr_net_result *res)
{
    double jobs = 0.0, population = 0.0;

    for (size_t c = 0; c < net->class_count; c++) {
        const hr_net_class *cls = &net->classes[c];
        double x = res->classes[c].throughput;

        if (cls->kind == HR_NET_CLOSED) {
            HR_ASSERT_CLOSE(x * (cls->think_time_s +
                                 res->classes[c].response_time_s),
                            (double)cls->population, TIGHT);
            population += (double)cls->population;
            jobs += x * cls->think_time_s;
        }
    }
    for (size_t k = 0; k < net->station_count; k++) {
        double busy = 0.0, little = 0.0;

        for (size_t c = 0; c < net->class_count; c++) {
            double x = res->classes[c].throughput;

            busy += x * net->demand_s[k * net->class_count + c];
            little += x * res->residence_s[k * net->class_count + c];
        }
        if (net->stations[k].kind == HR_NET_QUEUE) {
            busy /= net->stations[k].servers;
            CU_ASSERT(res->stations[k].utilization <= 1.0 + TIGHT);
        }
        HR_ASSERT_CLOSE(res->stations[k].utilization, busy, TIGHT);
        HR_ASSERT_CLOSE(res->stations[k].queue_length, little, TIGHT);
        jobs += res->stations[k].queue_length;
    }
    if (population > 0.0)
        HR_ASSERT_CLOSE(jobs, population, 1e-8);
}

/* Every solution obeys Little's law and the utilisation law: closed
 * networks by both methods, open ones, with multi-server and delay
 * stations. */
static void test_laws_hold(void)
{
    static const double d[] = {0.05, 0.2, 0.03, 0.5};
    static const int m[] = {1, 4, 2, 0};
    static const long populations[] = {1, 7, 40, 300};
    static const hr_net_method methods[] = {HR_NET_EXACT, HR_NET_APPROX};

    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 2; j++) {
            hr_network *net = closed_network(populations[i], 2.0, 4, d, m);
            hr_net_result *res = solve(net, methods[j]);

            CU_ASSERT_EQUAL(res->method, methods[j]);
            check_laws(net, res);
            hr_net_result_free(res);
            hr_network_free(net);
        }
    for (double lambda = 1.0; lambda < 19.0; lambda += 4.0) {
        hr_network *net = open_network(lambda, 4, d, m);
        hr_net_result *res = solve(net, HR_NET_AUTO);

        check_laws(net, res);
        hr_net_result_free(res);
        hr_network_free(net);
    }
}

/* X <= min(1/D_max, N/(D+Z)) and R >= D at every population, for both
 * methods (QSP ch. 5). */
static void test_bounds_hold(void)
{
    static const hr_net_method methods[] = {HR_NET_EXACT, HR_NET_APPROX};

    for (long n = 1; n <= 120; n += 7)
        for (size_t j = 0; j < 2; j++) {
            hr_network *net = jain_network(n);
            hr_net_result *res = solve(net, methods[j]);
            const hr_net_class_result *cls = &res->classes[0];

            HR_ASSERT_CLOSE(cls->bounds.max_throughput,
                            fmin(1.0 / 3.0, (double)n / (6.0 + 4.0)),
                            TIGHT);
            CU_ASSERT(cls->throughput <= cls->bounds.max_throughput);
            CU_ASSERT(cls->response_time_s >= cls->bounds.min_response_s);
            HR_ASSERT_CLOSE(cls->bounds.min_response_s, 6.0, TIGHT);
            HR_ASSERT_CLOSE(cls->bounds.knee_population, 10.0 / 3.0, TIGHT);
            hr_net_result_free(res);
            hr_network_free(net);
        }
}

/* Bard-Schweitzer within 2 % of exact MVA on moderate cases: Jain's
 * network at 20 users, and two classes over three single servers at
 * utilisations up to 28 %. (Near the knee with two classes its error
 * reaches about 10 %; auto uses exact MVA wherever that is cheap.) */
static void test_approx_near_exact(void)
{
    hr_network *jain = jain_network(20);
    hr_network *two = hr_network_new(2, 3);
    hr_network *nets[2];

    CU_ASSERT_PTR_NOT_NULL_FATAL(two);
    two->classes[0] = (hr_net_class){copy("a"), HR_NET_CLOSED, 0, 12, 20.0};
    two->classes[1] = (hr_net_class){copy("b"), HR_NET_CLOSED, 0, 8, 10.0};
    for (size_t k = 0; k < 3; k++) {
        two->stations[k] = (hr_net_station){copy("s"), HR_NET_QUEUE, 1};
        two->demand_s[2 * k] = 0.1 * (double)(k + 1);
        two->demand_s[2 * k + 1] = 0.3 / (double)(k + 1);
    }
    nets[0] = jain;
    nets[1] = two;
    for (size_t i = 0; i < 2; i++) {
        hr_net_result *exact = solve(nets[i], HR_NET_EXACT);
        hr_net_result *approx = solve(nets[i], HR_NET_APPROX);

        CU_ASSERT(approx->iterations > 0);
        for (size_t c = 0; c < nets[i]->class_count; c++) {
            HR_ASSERT_CLOSE(approx->classes[c].throughput,
                            exact->classes[c].throughput, 0.02);
            HR_ASSERT_CLOSE(approx->classes[c].response_time_s,
                            exact->classes[c].response_time_s, 0.02);
        }
        hr_net_result_free(exact);
        hr_net_result_free(approx);
    }
    hr_network_free(jain);
    hr_network_free(two);
}

/* The open half of the servers test: lambda 15 needs 7 servers or more
 * at the first station (A = 15 x 0.444 = 6.66). */
static void last_open_check(const double *d)
{
    double last = INFINITY;

    for (int servers = 7; servers <= 30; servers++) {
        int m[] = {servers, 1};
        hr_network *net = open_network(15.0, 2, d, m);
        hr_net_result *res = solve(net, HR_NET_AUTO);

        CU_ASSERT(res->classes[0].response_time_s <= last * (1 + TIGHT));
        last = res->classes[0].response_time_s;
        hr_net_result_free(res);
        hr_network_free(net);
    }
}

/* Adding servers never raises the response time: closed (exact and
 * approximate) and open. */
static void test_more_servers_help(void)
{
    static const double d[] = {0.444, 0.05};
    static const hr_net_method methods[] = {HR_NET_EXACT, HR_NET_APPROX};

    for (size_t j = 0; j < 2; j++) {
        double last = INFINITY;

        for (int servers = 1; servers <= 60; servers++) {
            int m[] = {servers, 1};
            hr_network *net = closed_network(50, 1.0, 2, d, m);
            hr_net_result *res = solve(net, methods[j]);

            CU_ASSERT(res->classes[0].response_time_s <= last * (1 + TIGHT));
            last = res->classes[0].response_time_s;
            hr_net_result_free(res);
            hr_network_free(net);
        }
    }
    last_open_check(d);
}

/* 100,000 users by approximate MVA: converges, close to the bottleneck
 * bound, in well under a second. */
static void test_approx_large_population(void)
{
    static const double d[] = {0.01, 0.005, 0.02, 1.0};
    static const int m[] = {1, 1, 4, 0};
    hr_network *net = closed_network(100000, 900.0, 4, d, m);
    clock_t start = clock();
    hr_net_result *res = solve(net, HR_NET_APPROX);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;

    CU_ASSERT(seconds < 0.5);
    CU_ASSERT_EQUAL(res->method, HR_NET_APPROX);
    CU_ASSERT(res->classes[0].throughput <= 100.0);
    HR_ASSERT_CLOSE(res->classes[0].throughput, 100.0, 0.01);
    check_laws(net, res);
    hr_net_result_free(res);
    hr_network_free(net);
}

/* Exact MVA on a lattice too large falls back to approximate MVA and
 * says so; auto picks approximate without calling it a fallback. */
static void test_exact_falls_back(void)
{
    hr_network *net = hr_network_new(3, 1);
    hr_net_result *res;

    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    for (size_t c = 0; c < 3; c++) {
        net->classes[c] =
            (hr_net_class){copy(c ? (c == 1 ? "b" : "c") : "a"),
                           HR_NET_CLOSED, 0, 5000, 10.0};
        net->demand_s[c] = 0.001;
    }
    net->stations[0].name = copy("s");
    res = solve(net, HR_NET_EXACT);
    CU_ASSERT_EQUAL(res->method, HR_NET_APPROX);
    CU_ASSERT_TRUE(res->fell_back);
    hr_net_result_free(res);
    res = solve(net, HR_NET_AUTO);
    CU_ASSERT_EQUAL(res->method, HR_NET_APPROX);
    CU_ASSERT_FALSE(res->fell_back);
    hr_net_result_free(res);
    hr_network_free(net);
}

/* ---- error paths through the API ---------------------------------------- */

/* U >= 1 at an open station: HR_ERR_SATURATED, the station's and its
 * class's values NAN; a class elsewhere keeps its values. */
static void test_open_saturation(void)
{
    hr_network *net = hr_network_new(2, 2);
    hr_net_result *res = NULL;

    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    net->classes[0] = (hr_net_class){copy("web"), HR_NET_OPEN, 12.0, 0, 0};
    net->classes[1] = (hr_net_class){copy("bat"), HR_NET_OPEN, 1.0, 0, 0};
    net->stations[0] = (hr_net_station){copy("cpu"), HR_NET_QUEUE, 2};
    net->stations[1] = (hr_net_station){copy("disk"), HR_NET_QUEUE, 1};
    net->demand_s[0] = 0.2;
    net->demand_s[3] = 0.5;
    CU_ASSERT_EQUAL(hr_network_solve(net, HR_NET_AUTO, &res),
                    HR_ERR_SATURATED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    CU_ASSERT_TRUE(res->saturated);
    CU_ASSERT_TRUE(res->stations[0].saturated);
    HR_ASSERT_CLOSE(res->stations[0].utilization, 1.2, TIGHT);
    CU_ASSERT(isnan(res->stations[0].queue_length));
    CU_ASSERT(isnan(res->classes[0].throughput));
    CU_ASSERT(isnan(res->classes[0].response_time_s));
    CU_ASSERT(isnan(res->classes[0].p95_s));
    CU_ASSERT_FALSE(res->stations[1].saturated);
    /* The other class sees an M/M/1 with U 0.5: R = 0.5 / 0.5. */
    HR_ASSERT_CLOSE(res->classes[1].response_time_s, 1.0, TIGHT);
    hr_net_result_free(res);
    hr_network_free(net);
}

/* Networks the solvers refuse: a class with no demand, open and closed
 * classes mixed, a negative demand, no servers. */
static void test_check_refuses(void)
{
    static const double d[] = {0.5, 0.0};
    static const int m[] = {1, 1};
    hr_network *net = closed_network(3, 1.0, 2, d, m);
    hr_net_result *res = NULL;

    CU_ASSERT_EQUAL(hr_network_check(net), HR_OK);
    net->demand_s[0] = 0.0;
    CU_ASSERT_EQUAL(hr_network_solve(net, HR_NET_AUTO, &res), HR_ERR_DOMAIN);
    CU_ASSERT_PTR_NULL(res);
    net->demand_s[0] = -1.0;
    CU_ASSERT_EQUAL(hr_network_check(net), HR_ERR_DOMAIN);
    net->demand_s[0] = 0.5;
    net->stations[1].servers = 0;
    CU_ASSERT_EQUAL(hr_network_check(net), HR_ERR_DOMAIN);
    hr_network_free(net);

    net = hr_network_new(2, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    net->classes[0] = (hr_net_class){copy("a"), HR_NET_OPEN, 1.0, 0, 0};
    net->classes[1] = (hr_net_class){copy("b"), HR_NET_CLOSED, 0, 3, 1.0};
    net->demand_s[0] = net->demand_s[1] = 0.1;
    CU_ASSERT_EQUAL(hr_network_check(net), HR_ERR_DOMAIN);
    hr_network_free(net);
}

/* ---- the network file reader -------------------------------------------- */

/* Loads text as a network file; returns the status and keeps the
 * messages in *diags. */
static hr_status load_text(const char *text, hr_network **net,
                           hr_diags *diags)
{
    char *dir = hr_test_tmpdir();
    char path[512];
    hr_status status;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    snprintf(path, sizeof path, "%s/net.network.yaml", dir);
    CU_ASSERT_EQUAL_FATAL(hr_write_text(path, text), 0);
    status = hr_network_load(path, net, diags);
    remove(path);
    remove(dir);
    free(dir);
    return status;
}

/* True when some error is at line:column and its message has needle. */
static int has_diag(const hr_diags *diags, unsigned long line,
                    unsigned long column, const char *needle)
{
    for (size_t i = 0; i < diags->count; i++)
        if (diags->items[i].line == line &&
            diags->items[i].column == column &&
            strstr(diags->items[i].message, needle))
            return 1;
    for (size_t i = 0; i < diags->count; i++)
        fprintf(stderr, "  got %lu:%lu %s\n", diags->items[i].line,
                diags->items[i].column, diags->items[i].message);
    return 0;
}

/* The shipped Jain file reads into the network built by hand. */
static void test_file_reads_examples(void)
{
    hr_diags diags = {0};
    hr_network *net = NULL;

    CU_ASSERT_EQUAL(hr_network_load(
        hr_repo_path("models/examples/jain-three-centres.network.yaml"),
        &net, &diags), HR_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    CU_ASSERT_EQUAL(diags.count, 0);
    CU_ASSERT_EQUAL(net->class_count, 1);
    CU_ASSERT_EQUAL(net->station_count, 3);
    CU_ASSERT_EQUAL(net->classes[0].population, 20);
    HR_ASSERT_CLOSE(net->classes[0].think_time_s, 4.0, TIGHT);
    HR_ASSERT_CLOSE(net->demand_s[1], 3.0, TIGHT);
    HR_ASSERT_CLOSE(net->visits[1], 10.0, TIGHT);
    CU_ASSERT_STRING_EQUAL(net->stations[2].name, "disk_b");
    hr_network_free(net);
    hr_diags_release(&diags);
}

/* Malformed YAML: HR_ERR_PARSE at the line and column of the fault. */
static void test_file_malformed(void)
{
    hr_diags diags = {0};
    hr_network *net = NULL;

    CU_ASSERT_EQUAL(load_text("classes:\n  - name: a\n    population: [1\n",
                              &net, &diags), HR_ERR_PARSE);
    CU_ASSERT_PTR_NULL(net);
    CU_ASSERT(diags.count == 1 && diags.items[0].line == 4 &&
              diags.items[0].column == 1);
    hr_diags_release(&diags);
}

/* Schema errors, each at its node: a class with no demand, an unknown
 * class in a station, mixed classes, an unknown key, a negative number,
 * a delay with servers. */
static void test_file_schema_errors(void)
{
    static const char text[] =
        "classes:\n"                              /* 1 */
        "  - name: a\n"                           /* 2 */
        "    population: 10\n"                    /* 3 */
        "  - name: idle\n"                        /* 4 */
        "    population: 2\n"                     /* 5 */
        "    think_time_s: 3\n"                   /* 6 */
        "  - {name: web, arrival_rate: 1}\n"      /* 7 */
        "stations:\n"                             /* 8 */
        "  - name: cpu\n"                         /* 9 */
        "    speed: 2\n"                          /* 10 */
        "    demands:\n"                          /* 11 */
        "      a: {demand_s: -0.5}\n"             /* 12 */
        "      ghost: {demand_s: 1}\n"            /* 13 */
        "  - name: net\n"                         /* 14 */
        "    type: delay\n"                       /* 15 */
        "    servers: 2\n"                        /* 16 */
        "    demands: {a: {demand_s: 0.1}}\n";    /* 17 */
    hr_diags diags = {0};
    hr_network *net = NULL;

    CU_ASSERT_EQUAL(load_text(text, &net, &diags), HR_ERR_INVALID);
    CU_ASSERT_PTR_NULL(net);
    CU_ASSERT(has_diag(&diags, 4, 5, "class 'idle' has no demand"));
    CU_ASSERT(has_diag(&diags, 7, 5, "mixed open and closed"));
    CU_ASSERT(has_diag(&diags, 10, 5, "unknown key 'speed'"));
    CU_ASSERT(has_diag(&diags, 12, 21, "'demand_s' must be zero or more"));
    CU_ASSERT(has_diag(&diags, 13, 7, "'ghost'"));
    CU_ASSERT(has_diag(&diags, 16, 14, "'servers' belongs to queue"));
    hr_diags_release(&diags);
}

/* A demand given both ways, and visits without a service time. */
static void test_file_demand_forms(void)
{
    static const char text[] =
        "classes: [{name: a, arrival_rate: 2}]\n"
        "stations:\n"
        "  - name: s\n"
        "    demands: {a: {demand_s: 1, visits: 2}}\n"
        "  - name: t\n"
        "    demands: {a: {visits: 2}}\n";
    hr_diags diags = {0};
    hr_network *net = NULL;

    CU_ASSERT_EQUAL(load_text(text, &net, &diags), HR_ERR_INVALID);
    CU_ASSERT(has_diag(&diags, 4, 29, "not both"));
    CU_ASSERT(has_diag(&diags, 6, 18, "needs 'demand_s', or 'visits'"));
    hr_diags_release(&diags);
}

/* ---- the queue command -------------------------------------------------- */

/* Runs the binary with arguments (stderr to /dev/null unless merged);
 * returns the exit code and the output in out. */
static int run_queue(const char *arguments, int merge, char *out,
                     size_t size)
{
    char command[4096];
    FILE *pipe;
    size_t used = 0, got;
    int status;

    snprintf(command, sizeof command, "'%s' queue %s %s", HR_BINARY,
             arguments, merge ? "2>&1" : "2>/dev/null");
    pipe = popen(command, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pipe);
    while (used + 1 < size &&
           (got = fread(out + used, 1, size - used - 1, pipe)) > 0)
        used += got;
    out[used] = '\0';
    status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs --json on a shipped example and parses the object. */
static json_object *queue_json(const char *example, const char *options,
                               int want_exit)
{
    static char out[65536];
    char arguments[1024];
    json_object *root;

    snprintf(arguments, sizeof arguments, "--json %s '%s'", options,
             hr_repo_path(example));
    CU_ASSERT_EQUAL(run_queue(arguments, 0, out, sizeof out), want_exit);
    root = json_tokener_parse(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    return root;
}

/* Field of classes.NAME or stations.NAME; NAN when absent or null. */
static double json_field(json_object *root, const char *group,
                         const char *name, const char *field)
{
    json_object *g, *item, *value;

    if (!json_object_object_get_ex(root, group, &g) ||
        !json_object_object_get_ex(g, name, &item) ||
        !json_object_object_get_ex(item, field, &value) || !value)
        return NAN;
    return json_object_get_double(value);
}

/* True when the field is present and JSON null. */
static int json_is_null(json_object *root, const char *group,
                        const char *name, const char *field)
{
    json_object *g, *item, *value;

    return json_object_object_get_ex(root, group, &g) &&
           json_object_object_get_ex(g, name, &item) &&
           json_object_object_get_ex(item, field, &value) && !value;
}

/* The "method" string of a parsed result. */
static const char *json_method(json_object *root)
{
    json_object *method;

    if (!json_object_object_get_ex(root, "method", &method))
        return "";
    return json_object_get_string(method);
}

/* validation.md, Gunther PDQ closed terminals, through the binary. */
static void test_cli_pdq_closed(void)
{
    json_object *root = queue_json(
        "models/examples/pdq-closed-terminals.network.yaml", "", 0);

    CU_ASSERT_STRING_EQUAL(json_method(root), "exact");
    HR_ASSERT_CLOSE(json_field(root, "classes", "terminals", "throughput"),
                    0.3325, printed_tol(0.3325, 1e-4));
    HR_ASSERT_CLOSE(json_field(root, "classes", "terminals",
                               "response_time"),
                    0.7943, printed_tol(0.7943, 1e-4));
    HR_ASSERT_CLOSE(100.0 * json_field(root, "stations", "cpu",
                                       "utilization"),
                    20.9445, printed_tol(20.9445, 1e-4));
    CU_ASSERT(json_is_null(root, "classes", "terminals",
                           "response_time_p95"));
    json_object_put(root);
}

/* validation.md, Jain three centres, through the binary. */
static void test_cli_jain(void)
{
    static const char *const names[] = {"cpu", "disk_a", "disk_b"};
    static const double queue[] = {1.991, 16.177, 0.500};
    json_object *root = queue_json(
        "models/examples/jain-three-centres.network.yaml", "--method exact",
        0);

    for (size_t k = 0; k < 3; k++)
        HR_ASSERT_CLOSE(json_field(root, "stations", names[k],
                                   "queue_length"),
                        queue[k], printed_tol(queue[k], 1e-3));
    json_object_put(root);
}

/* validation.md, Lazowska open network, through the binary. */
static void test_cli_lazowska(void)
{
    json_object *root = queue_json(
        "models/examples/lazowska-open.network.yaml", "", 0);

    CU_ASSERT_STRING_EQUAL(json_method(root), "open");
    HR_ASSERT_CLOSE(json_field(root, "stations", "centre1", "utilization"),
                    0.182, printed_tol(0.182, 1e-3));
    HR_ASSERT_CLOSE(json_field(root, "stations", "centre1", "queue_length"),
                    0.222, printed_tol(0.222, 1e-3));
    CU_ASSERT(json_field(root, "classes", "transactions",
                         "response_time_p95") > 0.0);
    json_object_put(root);
}

/* validation.md, Tomcat multiserver, through the binary; approx is asked
 * for by name and reported as such. */
static void test_cli_tomcat(void)
{
    json_object *root = queue_json(
        "models/examples/tomcat-multiserver.network.yaml", "", 0);

    HR_ASSERT_CLOSE(json_field(root, "classes", "requests", "throughput"),
                    675.6757, printed_tol(675.6757, 1e-4));
    HR_ASSERT_CLOSE(json_field(root, "classes", "requests",
                               "response_time"),
                    0.5920, printed_tol(0.5920, 1e-4));
    json_object_put(root);
    root = queue_json("models/examples/tomcat-multiserver.network.yaml",
                      "--method approx", 0);
    CU_ASSERT_STRING_EQUAL(json_method(root), "approx");
    json_object_put(root);
}

/* The text report echoes inputs and names the method and units. */
static void test_cli_text_report(void)
{
    static char out[65536];
    char arguments[1024];

    snprintf(arguments, sizeof arguments, "'%s'", hr_repo_path(
        "models/examples/doctrina-mvp-peak.network.yaml"));
    CU_ASSERT_EQUAL(run_queue(arguments, 1, out, sizeof out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "learners 3 x 0.002 s = 0.006 s"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "method: exact MVA"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "throughput (jobs/s)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "utilisation (%)"));
    CU_ASSERT_EQUAL(run_queue("--help", 1, out, sizeof out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: headroom queue FILE"));
}

/* Saturation exits 1 with nulls; a malformed file and a class with no
 * demand exit 3 with file:line:column; usage errors exit 2; a missing
 * file exits 4. */
static void test_cli_errors(void)
{
    static char out[65536];
    char *dir = hr_test_tmpdir();
    char path[512], arguments[1024];
    json_object *root;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    snprintf(path, sizeof path, "%s/sat.network.yaml", dir);
    hr_write_text(path, "classes: [{name: web, arrival_rate: 6}]\n"
                        "stations:\n"
                        "  - {name: cpu, demands: {web: {demand_s: 0.2}}}\n");
    snprintf(arguments, sizeof arguments, "--json '%s'", path);
    CU_ASSERT_EQUAL(run_queue(arguments, 0, out, sizeof out), 1);
    root = json_tokener_parse(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT(json_is_null(root, "stations", "cpu", "queue_length"));
    CU_ASSERT(json_is_null(root, "classes", "web", "response_time"));
    json_object_put(root);

    hr_write_text(path, "classes: [{name: web, arrival_rate: 6}\n");
    snprintf(arguments, sizeof arguments, "'%s'", path);
    CU_ASSERT_EQUAL(run_queue(arguments, 1, out, sizeof out), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "sat.network.yaml:2:1:"));

    hr_write_text(path, "classes: [{name: web, arrival_rate: 6},\n"
                        "          {name: idle, arrival_rate: 1}]\n"
                        "stations:\n"
                        "  - {name: cpu, demands: {web: {demand_s: 0.1}}}\n");
    CU_ASSERT_EQUAL(run_queue(arguments, 1, out, sizeof out), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "sat.network.yaml:2:11: class "
                                       "'idle' has no demand"));

    CU_ASSERT_EQUAL(run_queue("--method fast x", 1, out, sizeof out), 2);
    CU_ASSERT_EQUAL(run_queue("", 1, out, sizeof out), 2);
    CU_ASSERT_EQUAL(run_queue("/nonexistent/n.yaml", 1, out, sizeof out),
                    4);
    remove(path);
    remove(dir);
    free(dir);
}

static const hr_test_case cases[] = {
    {"M/M/1 Gunther open, via the network API", test_mm1_gunther_open},
    {"Gunther closed terminals", test_gunther_closed_terminals},
    {"Jain three centres", test_jain_three_centres},
    {"Lazowska open network", test_lazowska_open},
    {"Gunther Tomcat multiserver", test_tomcat_multiserver},
    {"two classes, multiserver, by enumeration",
     test_two_classes_multiserver_enumeration},
    {"multiserver by convolution", test_multiserver_convolution},
    {"saturated multiserver stays stable",
     test_multiserver_saturated_stable},
    {"identical classes aggregate", test_identical_classes_aggregate},
    {"MVA equals exact M/M/1", test_mva_equals_mm1},
    {"Little's law and utilisation law", test_laws_hold},
    {"asymptotic bounds hold", test_bounds_hold},
    {"approximate MVA within 2 % of exact", test_approx_near_exact},
    {"more servers never raise response time", test_more_servers_help},
    {"100,000 users by approximate MVA", test_approx_large_population},
    {"exact falls back when too large", test_exact_falls_back},
    {"open saturation", test_open_saturation},
    {"solver refuses bad networks", test_check_refuses},
    {"file: shipped example", test_file_reads_examples},
    {"file: malformed YAML", test_file_malformed},
    {"file: schema errors located", test_file_schema_errors},
    {"file: demand forms", test_file_demand_forms},
    {"cli: PDQ closed terminals", test_cli_pdq_closed},
    {"cli: Jain three centres", test_cli_jain},
    {"cli: Lazowska open", test_cli_lazowska},
    {"cli: Tomcat multiserver", test_cli_tomcat},
    {"cli: text report and help", test_cli_text_report},
    {"cli: exit codes and errors", test_cli_errors},
};

HR_TEST_MAIN("network", cases)
