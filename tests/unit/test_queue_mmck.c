/*
 * test_queue_mmck.c - the M/M/c/K queue: state probabilities, blocking,
 * means, and the wait and response-time distributions and percentiles.
 *
 * Published figures come from shared/reference/validation.md (Octave
 * qsmmmk) and are compared to half a unit in their last printed digit.
 * Hand calculations are shown in the test comments. Figures no source
 * prints were computed with python3 and mpmath at 30-40 digits,
 * independently of queue_finite.c: state probabilities from the balance
 * equations' products, the wait CDF as the mixture of Erlang CDFs
 * (mpmath.gammainc), the response CDF by numerically integrating the wait
 * CDF against the Exp(mu) service density (mpmath.quad), and quantiles by
 * 80 bisection steps on those CDFs.
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

/* Solves a queue the case expects to solve. */
static hr_mmck solve_ok(double arrival_rate, double service_time_s,
                        int servers, int capacity)
{
    hr_mmck queue;

    CU_ASSERT_EQUAL_FATAL(hr_mmck_solve(arrival_rate, service_time_s,
                                        servers, capacity, &queue),
                          HR_OK);
    return queue;
}

/* Wait p-quantile of a queue expected to have one. */
static double wait_q(const hr_mmck *queue, double p)
{
    double t = NAN;

    CU_ASSERT_EQUAL(hr_mmck_wait_quantile(queue, p, &t), HR_OK);
    return t;
}

/* Response p-quantile of a queue expected to have one. */
static double response_q(const hr_mmck *queue, double p)
{
    double t = NAN;

    CU_ASSERT_EQUAL(hr_mmck_response_quantile(queue, p, &t), HR_OK);
    return t;
}

/* validation.md, M/M/c/K (Octave queueing package, qsmmmk): lambda 40,
 * mu 30, 3 servers, capacity 7: p0 0.255037, response time 0.036517. */
static void test_octave_qsmmmk(void)
{
    hr_mmck q = solve_ok(40.0, 1.0 / 30.0, 3, 7);

    HR_ASSERT_CLOSE(q.prob_empty, 0.255037, printed_tol(0.255037, 1e-6));
    HR_ASSERT_CLOSE(q.mean_response_s, 0.036517,
                    printed_tol(0.036517, 1e-6));
}

/* One mpmath case: inputs, means, and wait and response quantiles at
 * p = 0.5, 0.95, 0.99 (see the file comment). */
typedef struct mmck_case {
    double lambda, mu;
    int c, k;
    double block, in_system, queued, response, wait, prob_wait;
    double wait_q[3], response_q[3];
    double cdf_at_mean_response;
} mmck_case;

static const mmck_case mpmath_cases[] = {
    { 40.0, 30.0, 3, 7, 0.0039313152389814473, 1.4549379229391188,
      0.12684634325776076, 0.036517007943287422, 0.0031836746099540898,
      0.17497105640856642,
      { 0.0, 0.023290675541120072, 0.050601381506365145 },
      { 0.026390000431064116, 0.10554365873473337, 0.15930169611544081 },
      0.62277538448316786 },
    /* c = 1 and three times overloaded: most arrivals are lost. */
    { 3.0, 1.0, 1, 10, 0.66667043004075734, 9.5000620956724961,
      8.5000733857947682, 9.5001693537461049, 8.5001693537461049,
      0.99996612925077903,
      { 8.1818160617282668, 13.984167617224672, 16.960632717431365 },
      { 9.1803805932410248, 15.252908327992987, 18.339321084152929 },
      0.54022950074697759 },
    { 12.0, 2.0, 4, 30, 0.33333588657650898, 28.000221317291438,
      24.000236636750492, 3.5000410693453919, 3.0000410693453919,
      0.99998508791625651,
      { 2.9723143358763646, 4.1682608201165028, 4.726730267385988 },
      { 3.4339373891202036, 4.9874654036180515, 5.830999375072486 },
      0.53252958452726399 },
};

/* Means and percentiles against the mpmath figures. */
static void test_against_mpmath(void)
{
    const double ps[] = { 0.5, 0.95, 0.99 };
    size_t n = sizeof mpmath_cases / sizeof *mpmath_cases;

    for (size_t i = 0; i < n; i++) {
        const mmck_case *e = &mpmath_cases[i];
        hr_mmck q = solve_ok(e->lambda, 1.0 / e->mu, e->c, e->k);

        HR_ASSERT_CLOSE(q.prob_block, e->block, TIGHT);
        HR_ASSERT_CLOSE(q.mean_in_system, e->in_system, TIGHT);
        HR_ASSERT_CLOSE(q.mean_queue_length, e->queued, TIGHT);
        HR_ASSERT_CLOSE(q.mean_response_s, e->response, TIGHT);
        HR_ASSERT_CLOSE(q.mean_wait_s, e->wait, TIGHT);
        HR_ASSERT_CLOSE(q.prob_wait, e->prob_wait, TIGHT);
        for (size_t j = 0; j < 3; j++) {
            HR_ASSERT_CLOSE(wait_q(&q, ps[j]), e->wait_q[j], TIGHT);
            HR_ASSERT_CLOSE(response_q(&q, ps[j]), e->response_q[j], TIGHT);
        }
        HR_ASSERT_CLOSE(hr_mmck_response_cdf(&q, e->response),
                        e->cdf_at_mean_response, TIGHT);
    }
}

/*
 * M/M/2/4, lambda = mu = 1, by hand. Weights a^n/n! then halving: 1, 1,
 * 1/2, 1/4, 1/8, sum 23/8, so p = (8, 8, 4, 2, 1) / 23; L = 26/23,
 * Lq = 4/23, lambda_eff = 22/23, W = 13/11, Wq = 2/11. An admitted
 * arrival finds n with probability (8, 8, 4, 2) / 22, so P(wait) = 3/11
 * and, with Exp(2) and Erlang(2, 2) waits,
 *   P(wait > t) = e^(-2t) (6 + 4t) / 22.
 * Adding Exp(1) service: Exp(2) + Exp(1) has survival 2e^-t - e^-2t and
 * Erlang(2, 2) + Exp(1) has 4e^-t - e^-2t (3 + 2t), so
 *   P(response > t) = (32 e^-t - (10 + 4t) e^-2t) / 22.
 */
static void test_mm24_by_hand(void)
{
    const double p[] = { 8.0 / 23, 8.0 / 23, 4.0 / 23, 2.0 / 23, 1.0 / 23 };
    hr_mmck q = solve_ok(1.0, 1.0, 2, 4);

    for (int n = 0; n <= 4; n++)
        HR_ASSERT_CLOSE(hr_mmck_state_prob(&q, n), p[n], 1e-14);
    HR_ASSERT_CLOSE(q.prob_empty, 8.0 / 23, 1e-14);
    HR_ASSERT_CLOSE(q.prob_block, 1.0 / 23, 1e-14);
    HR_ASSERT_CLOSE(q.mean_in_system, 26.0 / 23, 1e-14);
    HR_ASSERT_CLOSE(q.mean_queue_length, 4.0 / 23, 1e-14);
    HR_ASSERT_CLOSE(q.effective_arrival_rate, 22.0 / 23, 1e-14);
    HR_ASSERT_CLOSE(q.mean_response_s, 13.0 / 11, 1e-14);
    HR_ASSERT_CLOSE(q.mean_wait_s, 2.0 / 11, 1e-14);
    HR_ASSERT_CLOSE(q.prob_wait, 3.0 / 11, 1e-14);
    HR_ASSERT_CLOSE(q.utilization, 11.0 / 23, 1e-14);

    for (double t = 0.125; t < 12.0; t *= 1.5) {
        double wait_tail = exp(-2 * t) * (6 + 4 * t) / 22;
        double resp_tail = (32 * exp(-t) - (10 + 4 * t) * exp(-2 * t)) / 22;

        HR_ASSERT_CLOSE(hr_mmck_wait_cdf(&q, t), 1.0 - wait_tail, 1e-13);
        HR_ASSERT_CLOSE(hr_mmck_response_cdf(&q, t), 1.0 - resp_tail,
                        1e-13);
    }
    /* P(wait <= 0) is the atom 8/11: the p-quantile is 0 up to there. */
    HR_ASSERT_CLOSE(hr_mmck_wait_cdf(&q, 0.0), 8.0 / 11, 1e-14);
    CU_ASSERT_EQUAL(wait_q(&q, 8.0 / 11 - 1e-9), 0.0);
    CU_ASSERT(wait_q(&q, 8.0 / 11 + 1e-9) > 0.0);
}

/*
 * Erlang's loss system by hand. M/M/1/1, lambda 2, S 1 (a = 2): p0 =
 * 1/(1 + a) = 1/3, pK = a/(1 + a) = 2/3, lambda_eff = 2/3, no waiting,
 * W = S, L = 2/3, and the response is the Exp(1) service. M/M/c/c blocks
 * with Erlang B: B(2, 3) = 4/19 (as in test_queue.c).
 */
static void test_erlang_loss_by_hand(void)
{
    const double ps[] = { 0.5, 0.95, 0.99 };
    hr_mmck q = solve_ok(2.0, 1.0, 1, 1);
    hr_mmck three = solve_ok(2.0, 1.0, 3, 3);

    HR_ASSERT_CLOSE(q.prob_empty, 1.0 / 3, 1e-15);
    HR_ASSERT_CLOSE(q.prob_block, 2.0 / 3, 1e-15);
    HR_ASSERT_CLOSE(q.effective_arrival_rate, 2.0 / 3, 1e-15);
    HR_ASSERT_CLOSE(q.utilization, 2.0 / 3, 1e-15);
    CU_ASSERT_EQUAL(q.prob_wait, 0.0);
    CU_ASSERT_EQUAL(q.mean_wait_s, 0.0);
    CU_ASSERT_EQUAL(q.mean_queue_length, 0.0);
    HR_ASSERT_CLOSE(q.mean_response_s, 1.0, 1e-15);
    HR_ASSERT_CLOSE(q.mean_in_system, 2.0 / 3, 1e-15);
    for (size_t i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(wait_q(&q, ps[i]), 0.0);
        HR_ASSERT_CLOSE(response_q(&q, ps[i]), -log(1.0 - ps[i]), 1e-12);
    }
    HR_ASSERT_CLOSE(three.prob_block, 4.0 / 19, 1e-14);
    CU_ASSERT_EQUAL(three.prob_wait, 0.0);
}

/* As K grows the lost share vanishes (rho < 1) and M/M/c/K becomes
 * M/M/c: the M/M/c code in queue.c uses closed forms, this one sums. */
static void test_large_capacity_is_mmc(void)
{
    const double ps[] = { 0.01, 0.5, 0.95, 0.99 };
    const double loads[][3] = { { 2.5, 1.0, 3 }, { 9.0, 0.2, 2 },
                                { 10000.0, 1.0, 10100 } };

    for (size_t i = 0; i < 3; i++) {
        int c = (int)loads[i][2];
        hr_mmck q = solve_ok(loads[i][0], loads[i][1], c, c + 5000);
        hr_mmc m;
        double want;

        CU_ASSERT_EQUAL_FATAL(hr_mmc_solve(loads[i][0], loads[i][1], c, &m),
                              HR_OK);
        CU_ASSERT(q.prob_block < 1e-20);
        HR_ASSERT_CLOSE(q.prob_wait, m.prob_wait, TIGHT);
        HR_ASSERT_CLOSE(q.mean_queue_length, m.mean_queue_length, TIGHT);
        HR_ASSERT_CLOSE(q.mean_response_s, m.mean_response_s, TIGHT);
        for (size_t j = 0; j < 4; j++) {
            CU_ASSERT_EQUAL(hr_mmc_response_quantile(&m, ps[j], &want),
                            HR_OK);
            HR_ASSERT_CLOSE(response_q(&q, ps[j]), want, TIGHT);
            CU_ASSERT_EQUAL(hr_mmc_wait_quantile(&m, ps[j], &want), HR_OK);
            HR_ASSERT_CLOSE(wait_q(&q, ps[j]), want, TIGHT);
        }
    }
}

/* Blocking falls and the mean response rises as the buffer grows. */
static void test_capacity_monotone(void)
{
    hr_mmck last = solve_ok(2.5, 1.0, 3, 3);

    for (int k = 4; k <= 200; k++) {
        hr_mmck q = solve_ok(2.5, 1.0, 3, k);

        CU_ASSERT(q.prob_block < last.prob_block);
        CU_ASSERT(q.mean_response_s > last.mean_response_s);
        last = q;
    }
}

/* CDF(quantile(p)) = p, and the CDFs rise with t, on several queues. */
static void test_quantile_round_trip(void)
{
    const double ps[] = { 0.01, 0.3, 0.5, 0.8, 0.95, 0.99, 0.9999 };
    const hr_mmck queues[] = {
        solve_ok(40.0, 1.0 / 30, 3, 7), solve_ok(3.0, 1.0, 1, 10),
        solve_ok(12.0, 0.5, 4, 30), solve_ok(0.75, 1.0, 1, 50),
        solve_ok(950.0, 0.02, 25, 400), solve_ok(1e6, 1.0, 1, 100),
    };

    for (size_t i = 0; i < sizeof queues / sizeof *queues; i++) {
        const hr_mmck *q = &queues[i];
        double last_w = 0.0, last_r = 0.0;

        for (size_t j = 0; j < sizeof ps / sizeof *ps; j++) {
            HR_ASSERT_CLOSE(hr_mmck_response_cdf(q, response_q(q, ps[j])),
                            ps[j], TIGHT);
            if (ps[j] > 1.0 - q->prob_wait)
                HR_ASSERT_CLOSE(hr_mmck_wait_cdf(q, wait_q(q, ps[j])),
                                ps[j], TIGHT);
        }
        for (double t = 0.0; t < 40.0 * q->mean_response_s;
             t += q->mean_response_s / 8) {
            double w = hr_mmck_wait_cdf(q, t), r = hr_mmck_response_cdf(q, t);

            CU_ASSERT(w >= last_w && w <= 1.0);
            CU_ASSERT(r >= last_r && r <= 1.0 && r <= w);
            last_w = w;
            last_r = r;
        }
    }
}

/* Little's law with lambda_eff, W = Wq + S, the busy servers L - Lq =
 * c rho = lambda_eff S (rate balance), and probabilities summing to 1,
 * over light to heavy load. */
static void test_littles_law(void)
{
    const double rates[] = { 0.1, 2.0, 5.0, 9.9, 10.0, 10.1, 30.0, 500.0 };

    for (size_t i = 0; i < sizeof rates / sizeof *rates; i++) {
        hr_mmck q = solve_ok(rates[i], 0.5, 5, 25);
        double sum = 0.0;

        for (int n = 0; n <= q.capacity; n++)
            sum += hr_mmck_state_prob(&q, n);
        HR_ASSERT_CLOSE(sum, 1.0, 1e-13);
        HR_ASSERT_CLOSE(hr_mmck_state_prob(&q, 0), q.prob_empty, 1e-14);
        HR_ASSERT_CLOSE(hr_mmck_state_prob(&q, 25), q.prob_block, 1e-14);
        HR_ASSERT_CLOSE(q.effective_arrival_rate,
                        rates[i] * (1.0 - q.prob_block), 1e-12);
        HR_ASSERT_CLOSE(q.mean_in_system,
                        q.effective_arrival_rate * q.mean_response_s, 1e-12);
        HR_ASSERT_CLOSE(q.mean_queue_length,
                        q.effective_arrival_rate * q.mean_wait_s, 1e-12);
        HR_ASSERT_CLOSE(q.mean_response_s, q.mean_wait_s + 0.5, 1e-12);
        HR_ASSERT_CLOSE(q.mean_in_system - q.mean_queue_length,
                        q.utilization * 5, 1e-12);
        HR_ASSERT_CLOSE(q.effective_arrival_rate * 0.5, q.utilization * 5,
                        1e-12);
        CU_ASSERT(q.utilization <= 1.0);
    }
}

/* No load: p0 = 1, nothing lost, the response is the service. */
static void test_idle_queue(void)
{
    hr_mmck q = solve_ok(0.0, 0.5, 2, 6);

    CU_ASSERT_EQUAL(q.prob_empty, 1.0);
    CU_ASSERT_EQUAL(q.prob_block, 0.0);
    CU_ASSERT_EQUAL(q.prob_wait, 0.0);
    CU_ASSERT_EQUAL(q.mean_wait_s, 0.0);
    CU_ASSERT_EQUAL(q.mean_response_s, 0.5);
    CU_ASSERT_EQUAL(q.mean_in_system, 0.0);
    CU_ASSERT_EQUAL(hr_mmck_state_prob(&q, 3), 0.0);
    CU_ASSERT_EQUAL(wait_q(&q, 0.99), 0.0);
    HR_ASSERT_CLOSE(response_q(&q, 0.95), -log(0.05) * 0.5, 1e-12);
}

/* Arguments outside the domain, and the CDFs' edge values. */
static void test_domain_errors(void)
{
    hr_mmck q = solve_ok(1.0, 0.5, 1, 3), untouched = q;
    double out;

    CU_ASSERT_EQUAL(hr_mmck_solve(-1.0, 0.5, 1, 3, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmck_solve(NAN, 0.5, 1, 3, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmck_solve(INFINITY, 0.5, 1, 3, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmck_solve(1.0, 0.0, 1, 3, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmck_solve(1.0, NAN, 1, 3, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmck_solve(1.0, 0.5, 0, 3, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmck_solve(1.0, 0.5, 4, 3, &q), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmck_solve(1.0, 0.5, 1, HR_MMCK_MAX_CAPACITY + 1,
                                  &q),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(q.prob_empty, untouched.prob_empty);

    CU_ASSERT(isnan(hr_mmck_state_prob(&q, -1)));
    CU_ASSERT(isnan(hr_mmck_state_prob(&q, 4)));
    CU_ASSERT(isnan(hr_mmck_state_prob(NULL, 0)));
    CU_ASSERT_EQUAL(hr_mmck_wait_quantile(&q, 0.0, &out), HR_ERR_DOMAIN);
    CU_ASSERT(isnan(out));
    CU_ASSERT_EQUAL(hr_mmck_response_quantile(&q, 1.0, &out),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmck_response_quantile(&q, NAN, &out),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_mmck_response_quantile(NULL, 0.5, &out),
                    HR_ERR_DOMAIN);
    CU_ASSERT(isnan(out));
    CU_ASSERT(isnan(hr_mmck_response_cdf(&q, NAN)));
    CU_ASSERT(isnan(hr_mmck_wait_cdf(NULL, 1.0)));
    CU_ASSERT_EQUAL(hr_mmck_response_cdf(&q, -1.0), 0.0);
    CU_ASSERT_EQUAL(hr_mmck_response_cdf(&q, 0.0), 0.0);
    CU_ASSERT_EQUAL(hr_mmck_wait_cdf(&q, INFINITY), 1.0);
}

static const hr_test_case cases[] = {
    {"M/M/c/K Octave qsmmmk", test_octave_qsmmmk},
    {"M/M/c/K against mpmath", test_against_mpmath},
    {"M/M/2/4 by hand", test_mm24_by_hand},
    {"Erlang loss by hand", test_erlang_loss_by_hand},
    {"large capacity is M/M/c", test_large_capacity_is_mmc},
    {"capacity monotone", test_capacity_monotone},
    {"quantile round trip", test_quantile_round_trip},
    {"Little's law", test_littles_law},
    {"idle queue", test_idle_queue},
    {"domain errors", test_domain_errors},
};

HR_TEST_MAIN("queue_mmck", cases)
