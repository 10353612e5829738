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

static const hr_test_case cases[] = {
    {"arrivals by hand", test_arrivals_by_hand},
    {"required servers are the fewest", test_required_servers_minimal},
    {"breach month is the first short month", test_breach_month},
    {"fixed limits", test_limits},
    {"measured verdicts", test_verdicts},
};

HR_TEST_MAIN("plan", cases)
