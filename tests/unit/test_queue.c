/*
 * test_queue.c - Erlang B and C, M/M/c means, waiting and response-time
 * percentiles, and server sizing, against published cases.
 *
 * Published figures come from shared/reference/validation.md and are
 * compared to half a unit in their last printed digit. Figures that no
 * source prints were computed with python3 and mpmath at 50 digits,
 * independently of queue.c: Erlang B and C from their defining sums, the
 * response-time CDF by numerically integrating the convolution of the
 * waiting-time and service-time densities, and its quantiles by bisection
 * on that integral.
 */
#include <math.h>

#include "headroom/queue.h"
#include "testkit.h"

/* Relative tolerance for values computed to full precision. */
#define TIGHT 1e-9

/* Half a unit in the last digit of a published value. */
static double printed_tol(double value, double unit)
{
    return 0.5 * unit / fabs(value);
}

/* Solves a queue that the case expects to be stable. */
static hr_mmc solve_ok(double arrival_rate, double service_time_s,
                       int servers)
{
    hr_mmc queue;

    CU_ASSERT_EQUAL_FATAL(
        hr_mmc_solve(arrival_rate, service_time_s, servers, &queue), HR_OK);
    return queue;
}

/* Response-time p-quantile of a queue expected to have one. */
static double response_q(const hr_mmc *queue, double p)
{
    double t = NAN;

    CU_ASSERT_EQUAL(hr_mmc_response_quantile(queue, p, &t), HR_OK);
    return t;
}

/* validation.md, M/M/1 (Gunther, Perl::PDQ ch. 2 open example). */
static void test_mm1_gunther_pdq(void)
{
    hr_mmc q = solve_ok(0.75, 1.0, 1);

    HR_ASSERT_CLOSE(q.arrival_rate, 0.75, printed_tol(0.75, 1e-4));
    HR_ASSERT_CLOSE(q.mean_response_s, 4.0, printed_tol(4.0, 1e-4));
    HR_ASSERT_CLOSE(q.utilization * 100.0, 75.0, printed_tol(75.0, 1e-4));
    HR_ASSERT_CLOSE(q.mean_in_system, 3.0, printed_tol(3.0, 1e-4));
    CU_ASSERT_FALSE(q.saturated);
}

/* validation.md, M/M/c (Octave queueing package, qsmmm test block). */
static void test_mmc_octave_qsmmm(void)
{
    hr_mmc two = solve_ok(9.0, 1.0 / 5.0, 2);
    hr_mmc four = solve_ok(9.0, 1.0 / 5.0, 4);

    HR_ASSERT_CLOSE(two.mean_queue_length, 7.674, printed_tol(7.674, 1e-3));
    HR_ASSERT_CLOSE(two.mean_response_s, 1.053, printed_tol(1.053, 1e-3));
    HR_ASSERT_CLOSE(four.mean_queue_length, 0.105,
                    printed_tol(0.105, 1e-3));
}

/* Erlang B and C against their defining sums (mpmath; B(2, 3) = 4/19 by
 * hand: (8/6) / (1 + 2 + 2 + 8/6)), including a large load where naive
 * factorials overflow. */
static void test_erlang_b_c_sums(void)
{
    double b, c;

    CU_ASSERT_EQUAL(hr_erlang_b(2.0, 3, &b), HR_OK);
    HR_ASSERT_CLOSE(b, 4.0 / 19.0, 1e-14);
    CU_ASSERT_EQUAL(hr_erlang_b(10.0, 14, &b), HR_OK);
    HR_ASSERT_CLOSE(b, 0.056819143386520859, TIGHT);
    CU_ASSERT_EQUAL(hr_erlang_c(10.0, 14, &c), HR_OK);
    HR_ASSERT_CLOSE(c, 0.17413193, 1e-7);
    CU_ASSERT_EQUAL(hr_erlang_b(10000.0, 10100, &b), HR_OK);
    HR_ASSERT_CLOSE(b, 0.0028623572207360649, TIGHT);
    CU_ASSERT_EQUAL(hr_erlang_c(10000.0, 10100, &c), HR_OK);
    HR_ASSERT_CLOSE(c, 0.22476290646653222, TIGHT);
    CU_ASSERT_EQUAL(hr_erlang_b(0.0, 1, &b), HR_OK);
    CU_ASSERT_EQUAL(b, 0.0);
}

/*
 * validation.md, Erlang C call-centre form ("Erlang C made simple"): 100
 * calls per 30 min, 3 min handling (A = 10 Erlang), 80 % answered within
 * 20 s, occupancy at most 85 %: 14 agents, service level 0.88835,
 * occupancy 0.714, probability of waiting 0.174.
 */
static void test_erlang_c_call_centre(void)
{
    const double lambda = 100.0 / 1800.0, handling_s = 180.0;
    double wait_s, level, theta;
    int agents = 0;
    hr_mmc q;

    for (int c = 11; c <= 30 && !agents; c++) {
        q = solve_ok(lambda, handling_s, c);
        CU_ASSERT_EQUAL(hr_mmc_wait_quantile(&q, 0.80, &wait_s), HR_OK);
        if (wait_s <= 20.0 && q.utilization <= 0.85)
            agents = c;
    }
    CU_ASSERT_EQUAL(agents, 14);

    q = solve_ok(lambda, handling_s, 14);
    theta = 14.0 / handling_s - lambda;
    level = 1.0 - q.prob_wait * exp(-theta * 20.0);
    HR_ASSERT_CLOSE(level, 0.88835, printed_tol(0.88835, 1e-5));
    HR_ASSERT_CLOSE(q.utilization, 0.714, printed_tol(0.714, 1e-3));
    HR_ASSERT_CLOSE(q.prob_wait, 0.174, printed_tol(0.174, 1e-3));

    /* The wait quantile at the service level is the 20 s threshold. */
    CU_ASSERT_EQUAL(hr_mmc_wait_quantile(&q, level, &wait_s), HR_OK);
    HR_ASSERT_CLOSE(wait_s, 20.0, TIGHT);
}

/* validation.md: M/M/1 response time is Exp(mu - lambda), so
 * t_p = -ln(1 - p) / (mu - lambda). */
static void test_mm1_response_quantile(void)
{
    const double ps[] = { 0.5, 0.95, 0.99 };
    hr_mmc q = solve_ok(0.75, 1.0, 1);

    for (size_t i = 0; i < sizeof ps / sizeof *ps; i++)
        HR_ASSERT_CLOSE(response_q(&q, ps[i]),
                        -log(1.0 - ps[i]) / (1.0 - 0.75), TIGHT);

    /* Far tails on both sides keep their relative precision. */
    HR_ASSERT_CLOSE(response_q(&q, 1e-12), -log1p(-1e-12) / 0.25, TIGHT);
    HR_ASSERT_CLOSE(response_q(&q, 1.0 - 1e-9), -log1p(-(1.0 - 1e-9)) / 0.25,
                    TIGHT);
}

/* M/M/3, lambda 2.5, S 1 s: CDF and quantiles against the mpmath
 * convolution integral (see the file comment). */
static void test_response_against_convolution(void)
{
    hr_mmc q = solve_ok(2.5, 1.0, 3);

    HR_ASSERT_CLOSE(hr_mmc_response_cdf(&q, 1.5), 0.42681872665973748,
                    TIGHT);
    HR_ASSERT_CLOSE(response_q(&q, 0.5), 1.8190997959756377, TIGHT);
    HR_ASSERT_CLOSE(response_q(&q, 0.95), 6.6499909380954125, TIGHT);
    HR_ASSERT_CLOSE(response_q(&q, 0.99), 9.8855813149350728, TIGHT);
    HR_ASSERT_CLOSE(hr_mmc_response_cdf(&q, 1e-4), 2.9775547714654878e-5,
                    TIGHT);
    HR_ASSERT_CLOSE(response_q(&q, 1e-6), 3.3584895551482989e-6, TIGHT);
}

/* CDF(quantile(p)) = p, and the CDF rises with t, for several queues. */
static void test_response_cdf_inverts_quantile(void)
{
    const double ps[] = { 0.01, 0.3, 0.5, 0.8, 0.95, 0.99, 0.9999 };
    const hr_mmc queues[] = {
        solve_ok(0.75, 1.0, 1), solve_ok(9.0, 0.2, 2),
        solve_ok(9.0, 0.2, 4), solve_ok(2.5, 1.0, 3),
        solve_ok(950.0, 0.02, 25),
    };

    for (size_t i = 0; i < sizeof queues / sizeof *queues; i++) {
        double last = 0.0;

        for (size_t j = 0; j < sizeof ps / sizeof *ps; j++)
            HR_ASSERT_CLOSE(
                hr_mmc_response_cdf(&queues[i], response_q(&queues[i],
                                                           ps[j])),
                ps[j], TIGHT);
        for (double t = 0.0; t < 20.0; t += 0.05) {
            double now = hr_mmc_response_cdf(&queues[i], t);

            CU_ASSERT(now >= last && now <= 1.0);
            last = now;
        }
    }
}

/*
 * theta = c mu - lambda equal to mu: c = 2, mu = 1, lambda = 1. By hand,
 * C = 1/3 (B(1) = 1/2, B(2) = 1/5, C = 0.2 / (1 - 0.5 * 0.8)), and
 * P(R > t) = (2/3) e^-t + (1/3) (1 + t) e^-t = e^-t (1 + t/3), so
 * CDF(2) = 1 - (5/3) e^-2. Quantiles from the mpmath integral. Rates a
 * hair either side of equality must give nearly the same answer.
 */
static void test_response_theta_equals_mu(void)
{
    const double nudges[] = { 1e-15, 1e-12, 1e-9, 1e-7 };
    hr_mmc q = solve_ok(1.0, 1.0, 2);
    double p95 = response_q(&q, 0.95);

    HR_ASSERT_CLOSE(q.prob_wait, 1.0 / 3.0, 1e-14);
    for (double t = 0.25; t < 10.0; t += 0.25)
        HR_ASSERT_CLOSE(hr_mmc_response_cdf(&q, t),
                        1.0 - exp(-t) * (1.0 + t / 3.0), 1e-14);
    HR_ASSERT_CLOSE(hr_mmc_response_cdf(&q, 2.0), 1.0 - exp(-2.0) * 5 / 3,
                    1e-14);
    HR_ASSERT_CLOSE(hr_mmc_response_cdf(&q, 2.0), 0.77444119460564551,
                    TIGHT);
    HR_ASSERT_CLOSE(hr_mmc_response_cdf(&q, 1e-3), 0.00066650000001388333,
                    TIGHT);
    HR_ASSERT_CLOSE(response_q(&q, 0.5), 0.97441160518992912, TIGHT);
    HR_ASSERT_CLOSE(p95, 3.8164603051678294, TIGHT);
    HR_ASSERT_CLOSE(response_q(&q, 0.99), 5.6659606837929972, TIGHT);

    for (size_t i = 0; i < sizeof nudges / sizeof *nudges; i++) {
        hr_mmc below = solve_ok(1.0 - nudges[i], 1.0, 2);
        hr_mmc above = solve_ok(1.0 + nudges[i], 1.0, 2);

        HR_ASSERT_CLOSE(response_q(&below, 0.95), p95, 10 * nudges[i] + 1e-11);
        HR_ASSERT_CLOSE(response_q(&above, 0.95), p95, 10 * nudges[i] + 1e-11);
    }
}

/* More servers never raise the p95 response time. */
static void test_more_servers_never_raise_p95(void)
{
    const double loads[] = { 0.3, 1.0, 7.3, 42.0, 950.0 };

    for (size_t i = 0; i < sizeof loads / sizeof *loads; i++) {
        int first = (int)floor(loads[i]) + 1;
        hr_mmc q = solve_ok(loads[i] / 0.2, 0.2, first);
        double last = response_q(&q, 0.95);

        for (int c = first + 1; c <= first + 20; c++) {
            double now;

            q = solve_ok(loads[i] / 0.2, 0.2, c);
            now = response_q(&q, 0.95);
            CU_ASSERT(now <= last * (1.0 + 1e-12));
            CU_ASSERT(now >= -log(1.0 - 0.95) * 0.2);
            last = now;
        }
    }
}

/* Little's law, L = lambda W and Lq = lambda Wq, on a spread of queues. */
static void test_littles_law(void)
{
    const double rates[] = { 0.75, 9.0, 55.5, 1000.0 };

    for (size_t i = 0; i < sizeof rates / sizeof *rates; i++) {
        hr_mmc q = solve_ok(rates[i], 0.05, (int)(rates[i] * 0.05) + 2);

        HR_ASSERT_CLOSE(q.mean_in_system, rates[i] * q.mean_response_s,
                        1e-12);
        HR_ASSERT_CLOSE(q.mean_queue_length, rates[i] * q.mean_wait_s,
                        1e-12);
        HR_ASSERT_CLOSE(q.mean_response_s, q.mean_wait_s + 0.05, 1e-14);
    }
}

/* lambda 10, mu 5, c 2: utilisation exactly 1, no steady state. */
static void test_saturation(void)
{
    hr_mmc q;
    double out = 0.0;

    CU_ASSERT_EQUAL(hr_mmc_solve(10.0, 0.2, 2, &q), HR_ERR_SATURATED);
    CU_ASSERT_TRUE(q.saturated);
    HR_ASSERT_CLOSE(q.offered_load, 2.0, 1e-15);
    HR_ASSERT_CLOSE(q.utilization, 1.0, 1e-15);
    CU_ASSERT(isnan(q.prob_wait) && isnan(q.mean_wait_s));
    CU_ASSERT(isnan(q.mean_response_s) && isnan(q.mean_queue_length));
    CU_ASSERT(isnan(q.mean_in_system));

    CU_ASSERT_EQUAL(hr_mmc_wait_quantile(&q, 0.95, &out), HR_ERR_SATURATED);
    CU_ASSERT(isnan(out));
    out = 0.0;
    CU_ASSERT_EQUAL(hr_mmc_response_quantile(&q, 0.95, &out),
                    HR_ERR_SATURATED);
    CU_ASSERT(isnan(out));
    CU_ASSERT(isnan(hr_mmc_response_cdf(&q, 1.0)));
    CU_ASSERT_EQUAL(hr_erlang_c(2.0, 2, &out), HR_ERR_SATURATED);
    CU_ASSERT_EQUAL(out, 1.0);
    CU_ASSERT_EQUAL(hr_mmc_solve(30.0, 0.2, 2, &q), HR_ERR_SATURATED);
    CU_ASSERT_TRUE(q.saturated);
}

/* No load: nobody waits and the response time is the service time. */
static void test_idle_queue(void)
{
    hr_mmc q = solve_ok(0.0, 0.5, 1);
    double wait_s = NAN;

    CU_ASSERT_EQUAL(q.prob_wait, 0.0);
    CU_ASSERT_EQUAL(q.mean_wait_s, 0.0);
    CU_ASSERT_EQUAL(q.mean_response_s, 0.5);
    CU_ASSERT_EQUAL(q.mean_in_system, 0.0);
    CU_ASSERT_EQUAL(hr_mmc_wait_quantile(&q, 0.95, &wait_s), HR_OK);
    CU_ASSERT_EQUAL(wait_s, 0.0);
    HR_ASSERT_CLOSE(response_q(&q, 0.95), -log(0.05) * 0.5, 1e-14);
}

/* Arguments outside each formula's domain. */
static void test_domain_errors(void)
{
    hr_mmc q = solve_ok(1.0, 0.5, 1);
    double out;

    CU_ASSERT_EQUAL(hr_mmc_solve(-1.0, 0.5, 1, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_solve(NAN, 0.5, 1, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_solve(INFINITY, 0.5, 1, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_solve(1.0, 0.0, 1, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_solve(1.0, -0.5, 1, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_solve(1.0, NAN, 1, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_solve(1.0, INFINITY, 1, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_solve(1.0, 0.5, 0, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_erlang_b(-1.0, 2, &out), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_erlang_b(NAN, 2, &out), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_erlang_b(1.0, 0, &out), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_erlang_c(1.0, 0, &out), HR_ERR_DOMAIN);

    q = solve_ok(1.0, 0.5, 1);
    CU_ASSERT_EQUAL(hr_mmc_wait_quantile(&q, 0.0, &out), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_wait_quantile(&q, 1.0, &out), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_response_quantile(&q, NAN, &out),
                    HR_ERR_DOMAIN);
    CU_ASSERT(isnan(out));
    CU_ASSERT_EQUAL(hr_mmc_response_quantile(NULL, 0.5, &out),
                    HR_ERR_DOMAIN);
    CU_ASSERT(isnan(hr_mmc_response_cdf(&q, NAN)));
    CU_ASSERT_EQUAL(hr_mmc_response_cdf(&q, -1.0), 0.0);
}

/*
 * Sizing for the call-centre load (A = 10 Erlang, S = 180 s) against a
 * p95 response-time target. The bare service p95 is 180 ln 20 = 539.23 s.
 * Expected counts from the mpmath quantiles: 13 servers give 563.19 s,
 * 12 give 604.08 s; 14 give 549.39 s; 15 give 543.77 s; 18 give 539.64 s
 * and 17 give 540.16 s.
 */
static void test_min_servers_erlang_10(void)
{
    const double targets[] = { 600.0, 560.0, 545.0, 540.0 };
    const int expected[] = { 13, 14, 15, 18 };
    const double lambda = 100.0 / 1800.0;

    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
        hr_mmc at;
        int servers = 0;

        CU_ASSERT_EQUAL(hr_mmc_min_servers(lambda, 180.0, 0.95, targets[i],
                                           1000, &servers, &at),
                        HR_OK);
        CU_ASSERT_EQUAL(servers, expected[i]);
        CU_ASSERT_EQUAL(at.servers, expected[i]);
        CU_ASSERT(response_q(&at, 0.95) <= targets[i]);
    }
}

/* Targets no count can meet, and a max_servers that is too small. */
static void test_min_servers_unreachable(void)
{
    const double lambda = 100.0 / 1800.0;
    int servers = 0;

    /* 20 s at 80 % is a wait target; as a response target it lies below
     * the service time's own p80, 180 ln 5 = 289.7 s. */
    CU_ASSERT_EQUAL(hr_mmc_min_servers(lambda, 180.0, 0.80, 20.0, 1000,
                                       &servers, NULL),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(servers, -1);
    servers = 0;
    CU_ASSERT_EQUAL(hr_mmc_min_servers(lambda, 180.0, 0.95, 539.0, 1000,
                                       &servers, NULL),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(servers, -1);
    servers = 0;
    CU_ASSERT_EQUAL(hr_mmc_min_servers(lambda, 180.0, 0.95, 545.0, 14,
                                       &servers, NULL),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(servers, -1);
    CU_ASSERT_EQUAL(hr_mmc_min_servers(lambda, 180.0, 0.95, 545.0, 10,
                                       &servers, NULL),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_min_servers(-1.0, 180.0, 0.95, 545.0, 100,
                                       &servers, NULL),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmc_min_servers(lambda, 180.0, 1.0, 545.0, 100,
                                       &servers, NULL),
                    HR_ERR_DOMAIN);
}

/* 10,000 Erlang: the answer meets the target and one fewer misses it;
 * an integer load needs strictly more servers than Erlangs. */
static void test_min_servers_large_load(void)
{
    const double target = -log(0.05) * 1.0 + 0.01;
    hr_mmc at, fewer;
    int servers = 0;

    CU_ASSERT_EQUAL_FATAL(hr_mmc_min_servers(10000.0, 1.0, 0.95, target,
                                             100000, &servers, &at),
                          HR_OK);
    CU_ASSERT(servers > 10000);
    CU_ASSERT(response_q(&at, 0.95) <= target);
    fewer = solve_ok(10000.0, 1.0, servers - 1);
    CU_ASSERT(response_q(&fewer, 0.95) > target);

    /* A generous target is met by the first stable count, A + 1. */
    CU_ASSERT_EQUAL(hr_mmc_min_servers(10000.0, 1.0, 0.95, 1e6, 100000,
                                       &servers, &at),
                    HR_OK);
    CU_ASSERT_EQUAL(servers, 10001);
    CU_ASSERT_EQUAL(hr_mmc_min_servers(0.0, 1.0, 0.95, 3.0, 5, &servers,
                                       NULL),
                    HR_OK);
    CU_ASSERT_EQUAL(servers, 1);
}

static const hr_test_case cases[] = {
    {"M/M/1 Gunther PDQ open example", test_mm1_gunther_pdq},
    {"M/M/c Octave qsmmm", test_mmc_octave_qsmmm},
    {"Erlang B and C against their sums", test_erlang_b_c_sums},
    {"Erlang C call centre (Erlang C made simple)",
     test_erlang_c_call_centre},
    {"M/M/1 response quantile closed form", test_mm1_response_quantile},
    {"M/M/3 response against convolution", test_response_against_convolution},
    {"response CDF inverts the quantile", test_response_cdf_inverts_quantile},
    {"response theta equals mu", test_response_theta_equals_mu},
    {"more servers never raise p95", test_more_servers_never_raise_p95},
    {"Little's law", test_littles_law},
    {"saturation", test_saturation},
    {"idle queue", test_idle_queue},
    {"domain errors", test_domain_errors},
    {"min servers, 10 Erlang", test_min_servers_erlang_10},
    {"min servers, unreachable targets", test_min_servers_unreachable},
    {"min servers, 10,000 Erlang", test_min_servers_large_load},
};

HR_TEST_MAIN("queue", cases)
