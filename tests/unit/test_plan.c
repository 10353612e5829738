/*
 * test_plan.c - the capacity plan on the Doctrina model: arrivals by hand,
 * the server search's minimality, breach months and limit checks, and the
 * verdicts on measured labels.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/metrics.h"
#include "headroom/model.h"
#include "headroom/plan.h"
#include "headroom/queue.h"
#include "testkit.h"

static hr_model *model;
static hr_plan *plan;

static void build(hr_sample_set *samples)
{
    hr_diags diags = {0};

    hr_model_load(hr_repo_path("models/doctrina.yaml"), &model, &diags);
    hr_diags_release(&diags);
    CU_ASSERT_PTR_NOT_NULL_FATAL(model);
    CU_ASSERT_EQUAL_FATAL(hr_plan_build(model, samples, 0, &plan), HR_OK);
}

static void release(void)
{
    hr_plan_free(plan);
    hr_model_free(model);
    plan = NULL;
    model = NULL;
}

static const hr_tier_plan *tier(const char *id)
{
    for (size_t t = 0; t < model->tier_count; t++)
        if (strcmp(plan->tiers[t].tier->id, id) == 0)
            return &plan->tiers[t];
    CU_FAIL_FATAL("no such tier");
    return NULL;
}

static double p95(double rate, double service_s, int servers)
{
    hr_mmc q;
    double t = INFINITY;

    if (hr_mmc_solve(rate, service_s, servers, &q) == HR_OK)
        hr_mmc_response_quantile(&q, 0.95, &t);
    return t;
}

/* API queries at 1 year: 100,000 concurrent users, 3x peak, 0.1 requests
 * per user per second = 30,000 req/s; at 20 ms each that is 600 Erlangs. */
static void test_arrivals_by_hand(void)
{
    const hr_tier_plan *api;

    build(NULL);
    api = tier("api_queries");
    HR_ASSERT_CLOSE(api->at[2].arrival_rate, 30000.0, 1e-12);
    HR_ASSERT_CLOSE(api->at[2].current.offered_load, 600.0, 1e-12);
    CU_ASSERT(api->at[2].current.saturated);
    CU_ASSERT(isnan(api->at[2].current_p95_s));
    /* MVP: 300 req/s, 6 Erlangs on 16 servers: not saturated. */
    HR_ASSERT_CLOSE(api->at[0].arrival_rate, 300.0, 1e-12);
    CU_ASSERT(!api->at[0].current.saturated);
    release();
}

/* The required count meets the target and one fewer does not. */
static void test_required_servers_minimal(void)
{
    build(NULL);
    for (size_t t = 0; t < model->tier_count; t++) {
        const hr_tier_plan *tp = &plan->tiers[t];
        double target = tp->target->p95_ms / 1e3;
        double service = tp->tier->service_time_ms / 1e3;

        for (size_t k = 0; k < model->milestone_count; k++) {
            int c = tp->at[k].required_servers;

            CU_ASSERT_FATAL(c >= 1);
            CU_ASSERT(p95(tp->at[k].arrival_rate, service, c) <= target);
            if (c > 1)
                CU_ASSERT(p95(tp->at[k].arrival_rate, service, c - 1) >
                          target);
            HR_ASSERT_CLOSE(tp->at[k].required_p95_s,
                            p95(tp->at[k].arrival_rate, service, c), 1e-9);
        }
    }
    release();
}

/* The breach month is the first month whose peak today's servers cannot
 * serve within target. */
static void test_breach_month(void)
{
    build(NULL);
    for (size_t t = 0; t < model->tier_count; t++) {
        const hr_tier_plan *tp = &plan->tiers[t];
        double target = tp->target->p95_ms / 1e3;
        double service = tp->tier->service_time_ms / 1e3;
        int servers = tp->tier->servers;
        int b = tp->breach_month;

        if (b < 0) {
            for (int m = 0; m < plan->month_count; m++)
                CU_ASSERT(p95(tp->monthly_arrivals[m], service, servers) <=
                          target);
            continue;
        }
        CU_ASSERT(p95(tp->monthly_arrivals[b], service, servers) > target);
        if (b > 0)
            CU_ASSERT(p95(tp->monthly_arrivals[b - 1], service, servers) <=
                      target);
    }
    CU_ASSERT(tier("api_queries")->breach_month > 0);
    CU_ASSERT(tier("api_queries")->breach_month < 12);
    release();
}

/* Database reads: 0.5 reads/s per user at 3x peak pass the document's
 * 5,000 reads/s when concurrent users pass 3,333, between MVP (1,000) and
 * 6 months (10,000). */
static void test_limits(void)
{
    build(NULL);
    for (size_t l = 0; l < model->limit_count; l++) {
        const hr_limit_check *c = &plan->limits[l];
        int b = c->breach_month;

        CU_ASSERT_PTR_NOT_NULL_FATAL(c->monthly_peak);
        CU_ASSERT_FATAL(b >= 0);
        CU_ASSERT(c->monthly_peak[b] > c->limit->value);
        if (b > 0)
            CU_ASSERT(c->monthly_peak[b - 1] <= c->limit->value);
        if (strcmp(c->limit->id, "db_reads") == 0) {
            CU_ASSERT(b > 0 && b < 6);
            HR_ASSERT_CLOSE(c->monthly_peak[0], 1500.0, 1e-12);
        }
    }
    release();
}

/* Nearest-rank p95 of 20 samples is the 19th smallest: for 1..20 ms it is
 * 19 ms, over the 10 ms point-read target; for 2, 4, ..., 38 ms and one
 * 1 s outlier it is 38 ms, over the 30 ms update target. */
static void test_verdicts(void)
{
    hr_sample_set *set = hr_sample_set_new();

    for (int i = 1; i <= 20; i++) {
        hr_sample_set_add(set, "db-get-user", i, true, NAN);
        hr_sample_set_add(set, "db-update-user", i == 20 ? 1000 : i * 2,
                          true, NAN);
    }
    build(set);
    CU_ASSERT_EQUAL_FATAL(plan->label_count, 2);
    /* sorted by label: db-get-user, db-update-user */
    HR_ASSERT_CLOSE(plan->verdicts[0].stats->p95_ms, 19.0, 0);
    CU_ASSERT_STRING_EQUAL(plan->verdicts[0].target->id, "db_point_read");
    CU_ASSERT_EQUAL(plan->verdicts[0].verdict, HR_VERDICT_MISSED);
    /* db-update: nearest rank 19 of {2,4,...,38,1000} is 38 ms > 30 ms */
    HR_ASSERT_CLOSE(plan->verdicts[1].stats->p95_ms, 38.0, 0);
    CU_ASSERT_EQUAL(plan->verdicts[1].verdict, HR_VERDICT_MISSED);
    CU_ASSERT_EQUAL(plan->targets_missed, 2);
    release();
    hr_sample_set_free(set);
}


static int fewest(double rate, double service_s, double target_s)
{
    int servers = -1;
    hr_mmc at;

    hr_mmc_min_servers(rate, service_s, 0.95, target_s, HR_MAX_SERVERS,
                       &servers, &at);
    return servers;
}

/* 3x normal load: API queries at 6 months have 10,000 users at 0.1
 * requests/s each, 1,000 req/s normal, 3,000 at 3x: the same as the 3x
 * peak multiplier. Enrollments at 1 year: 2,000 a day at 6 requests is
 * 0.1389 req/s normal, 0.4167 at 3x, below the 2.08 req/s peak (5x day,
 * 3x hour), so the peak decides. */
static void test_three_times_normal(void)
{
    const hr_tier_plan *api, *enroll;

    build(NULL);
    api = tier("api_queries");
    enroll = tier("enrollments");
    HR_ASSERT_CLOSE(api->at[1].normal_rate, 1000.0, 1e-12);
    CU_ASSERT_EQUAL(api->at[1].required_at_3x, fewest(3000.0, 0.02, 0.1));
    CU_ASSERT_EQUAL(api->at[1].required_at_3x, api->at[1].required_servers);
    HR_ASSERT_CLOSE(enroll->at[2].normal_rate, 2000.0 * 6 / 86400, 1e-12);
    CU_ASSERT_EQUAL(enroll->at[2].required_at_3x,
                    fewest(3 * 2000.0 * 6 / 86400, 0.12, 0.4));
    for (size_t t = 0; t < model->tier_count; t++)
        for (size_t k = 0; k < model->milestone_count; k++) {
            const hr_tier_point *p = &plan->tiers[t].at[k];
            int larger = p->required_servers > p->required_at_3x
                             ? p->required_servers
                             : p->required_at_3x;

            CU_ASSERT_EQUAL(p->planned_servers, larger);
        }
    release();
}

/* -1 (no count meets the target) ranks above every count. */
static long as_count(int servers)
{
    return servers < 0 ? HR_MAX_SERVERS + 1L : servers;
}

/* The middle column is the plan itself; moving any input up never needs
 * fewer servers; a hand case: API queries at 3 years with the peak
 * multiplier 20 % higher see 1,000,000 users * 3 * 1.2 * 0.1 = 360,000
 * req/s. Enrollments' 120 ms service time at +20 % is 144 ms, whose bare
 * p95 of -ln(0.05) * 144 = 431 ms already misses the 400 ms target. */
static void test_sensitivity(void)
{
    const hr_tier_plan *api, *enroll;
    size_t last;

    build(NULL);
    last = model->milestone_count - 1;
    for (size_t t = 0; t < model->tier_count; t++) {
        const hr_tier_plan *tp = &plan->tiers[t];

        for (int i = 0; i < HR_SENSITIVITY_COUNT; i++) {
            const hr_sensitivity *row = &tp->sensitivity[i];

            CU_ASSERT_EQUAL(row->servers[1], tp->at[last].required_servers);
            CU_ASSERT_EQUAL(row->breach_month[1], tp->breach_month);
            CU_ASSERT(as_count(row->servers[0]) <= as_count(row->servers[1]));
            CU_ASSERT(as_count(row->servers[1]) <= as_count(row->servers[2]));
        }
    }
    api = tier("api_queries");
    CU_ASSERT_EQUAL(api->sensitivity[HR_SENSITIVITY_PEAK_MULTIPLIER].servers[2],
                    fewest(360000.0, 0.02, 0.1));
    /* Growth in the exponent: (1e6 / 1e3)^1.2 = 3981.07 times MVP. */
    CU_ASSERT_EQUAL(api->sensitivity[HR_SENSITIVITY_GROWTH].servers[2],
                    fewest(1000.0 * pow(1000.0, 1.2) * 3 * 0.1, 0.02, 0.1));
    CU_ASSERT_EQUAL(api->most_sensitive, HR_SENSITIVITY_GROWTH);
    enroll = tier("enrollments");
    CU_ASSERT_EQUAL(
        enroll->sensitivity[HR_SENSITIVITY_SERVICE_TIME].servers[2], -1);
    CU_ASSERT_EQUAL(enroll->most_sensitive,
                    HR_SENSITIVITY_SERVICE_TIME);
    CU_ASSERT_STRING_EQUAL(hr_sensitivity_name(HR_SENSITIVITY_GROWTH),
                           "growth");
    release();
}

/* A label whose requests all failed has no latency worth judging: its
 * quick failures (2 ms, inside the 10 ms point-read target) do not meet
 * the target. One success among them is judged on its p95 again. */
static void test_all_failed_label(void)
{
    hr_sample_set *set = hr_sample_set_new();

    for (int i = 0; i < 20; i++) {
        hr_sample_set_add(set, "db-get-broken", 2, false, NAN);
        hr_sample_set_add(set, "db-get-flaky", 2, i == 0, NAN);
    }
    build(set);
    CU_ASSERT_EQUAL_FATAL(plan->label_count, 2);
    /* sorted by label: db-get-broken, db-get-flaky */
    CU_ASSERT_EQUAL(plan->verdicts[0].verdict, HR_VERDICT_MISSED);
    CU_ASSERT_EQUAL(plan->verdicts[1].verdict, HR_VERDICT_MET);
    CU_ASSERT_EQUAL(plan->targets_missed, 1);
    release();
    hr_sample_set_free(set);
}

static const hr_test_case cases[] = {
    {"arrivals by hand", test_arrivals_by_hand},
    {"required servers are the fewest", test_required_servers_minimal},
    {"breach month is the first short month", test_breach_month},
    {"fixed limits", test_limits},
    {"measured verdicts", test_verdicts},
    {"a label that always fails misses", test_all_failed_label},
    {"3x normal load", test_three_times_normal},
    {"sensitivity table", test_sensitivity},
};

HR_TEST_MAIN("plan", cases)
