/*
 * plan.c - builds the capacity plan from a model and measured samples.
 *
 * Steps: (1) project every series by month; (2) per tier, turn the driving
 * series' peak into requests per second, solve the M/M/c queue with
 * today's servers and search the fewest servers whose p95 response time
 * meets the tier's target, at each milestone and each month; (3) check
 * fixed limits against projected peaks; (4) judge measured p95 per label
 * against its target class.
 */
#include "headroom/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* p95 of the response time, or NAN when the queue is saturated. */
static double response_p95(const hr_mmc *queue)
{
    double p95;

    if (queue->saturated ||
        hr_mmc_response_quantile(queue, HR_TARGET_PERCENTILE, &p95) != HR_OK)
        return NAN;
    return p95;
}

/* True when the servers serve arrival_rate with p95 inside the target. */
static bool meets_target(const hr_tier *tier, double target_s,
                         double arrival_rate)
{
    hr_mmc queue;
    hr_status status = hr_mmc_solve(arrival_rate, tier->service_time_ms / 1e3,
                                    tier->servers, &queue);

    if (status != HR_OK)
        return false;
    return response_p95(&queue) <= target_s;
}

static hr_status solve_point(const hr_tier *tier, double target_s,
                             double arrival_rate, hr_tier_point *point)
{
    double service_s = tier->service_time_ms / 1e3;
    hr_status status;

    point->arrival_rate = arrival_rate;
    status = hr_mmc_solve(arrival_rate, service_s, tier->servers,
                          &point->current);
    if (status != HR_OK && status != HR_ERR_SATURATED)
        return status;
    point->current_p95_s = response_p95(&point->current);

    status = hr_mmc_min_servers(arrival_rate, service_s, HR_TARGET_PERCENTILE,
                                target_s, HR_MAX_SERVERS,
                                &point->required_servers, &point->required);
    if (status == HR_ERR_DOMAIN) {
        point->required_servers = -1;
        point->required_p95_s = NAN;
        return HR_OK;
    }
    if (status != HR_OK)
        return status;
    point->required_p95_s = response_p95(&point->required);
    return HR_OK;
}

static hr_status plan_tier(hr_plan *plan, const hr_tier *tier,
                           hr_tier_plan *out)
{
    const hr_model *model = plan->model;
    const hr_series *driver = hr_model_find_series(model, tier->driver);
    const hr_projection *proj = &plan->projections[driver - model->series];
    double target_s;

    out->tier = tier;
    out->target = hr_model_find_class(model, tier->target_class);
    target_s = out->target->p95_ms / 1e3;
    out->at = calloc(model->milestone_count, sizeof *out->at);
    out->monthly_arrivals = calloc((size_t)plan->month_count,
                                   sizeof *out->monthly_arrivals);
    if (!out->at || !out->monthly_arrivals)
        return HR_ERR_NOMEM;

    out->breach_month = -1;
    for (int m = 0; m < plan->month_count; m++) {
        out->monthly_arrivals[m] = hr_peak_arrival_rate(
            driver, proj->peak[m], tier->requests_per_unit,
            model->intraday_peak_factor);
        if (out->breach_month < 0 &&
            !meets_target(tier, target_s, out->monthly_arrivals[m]))
            out->breach_month = m;
    }
    for (size_t k = 0; k < model->milestone_count; k++) {
        double peak = proj->milestone_value[k] * driver->peak_multiplier;
        double rate = hr_peak_arrival_rate(driver, peak,
                                           tier->requests_per_unit,
                                           model->intraday_peak_factor);
        hr_status status = solve_point(tier, target_s, rate, &out->at[k]);

        if (status != HR_OK)
            return status;
    }
    return HR_OK;
}

static void check_limit(hr_plan *plan, const hr_limit *limit,
                        hr_limit_check *out)
{
    const hr_model *model = plan->model;

    out->limit = limit;
    out->breach_month = -1;
    if (limit->compare_series) {
        const hr_series *s = hr_model_find_series(model,
                                                  limit->compare_series);

        out->compared_title = s->title;
        out->monthly_peak = plan->projections[s - model->series].peak;
    }
    for (size_t t = 0; limit->compare_tier && t < model->tier_count; t++)
        if (strcmp(model->tiers[t].id, limit->compare_tier) == 0) {
            out->compared_title = model->tiers[t].title;
            out->monthly_peak = plan->tiers[t].monthly_arrivals;
        }
    for (int m = 0; out->monthly_peak && m < plan->month_count; m++)
        if (out->monthly_peak[m] > limit->value) {
            out->breach_month = m;
            break;
        }
}

static hr_status judge_measured(hr_plan *plan)
{
    hr_status status;

    if (!plan->measured)
        return HR_OK;
    status = hr_sample_set_summarise(plan->measured, &plan->label_stats,
                                     &plan->label_count);
    if (status != HR_OK)
        return status;
    plan->verdicts = calloc(plan->label_count ? plan->label_count : 1,
                            sizeof *plan->verdicts);
    if (!plan->verdicts)
        return HR_ERR_NOMEM;
    plan->targets_missed = hr_judge_labels(plan->model, plan->label_stats,
                                           plan->label_count,
                                           plan->verdicts);
    return HR_OK;
}

hr_status hr_plan_build(const hr_model *model, const hr_sample_set *measured,
                        time_t generated_at, hr_plan **out)
{
    hr_plan *plan = calloc(1, sizeof *plan);
    hr_status status;

    *out = NULL;
    if (!plan)
        return HR_ERR_NOMEM;
    plan->model = model;
    plan->measured = measured;
    plan->generated_at = generated_at;
    plan->month_count = model->horizon_months + 1;

    status = hr_project_model(model, &plan->projections);
    if (status == HR_OK) {
        plan->tiers = calloc(model->tier_count + 1, sizeof *plan->tiers);
        plan->limits = calloc(model->limit_count + 1, sizeof *plan->limits);
        if (!plan->tiers || !plan->limits)
            status = HR_ERR_NOMEM;
    }
    for (size_t t = 0; status == HR_OK && t < model->tier_count; t++) {
        status = plan_tier(plan, &model->tiers[t], &plan->tiers[t]);
        plan->tiers_short += plan->tiers[t].breach_month >= 0;
    }
    for (size_t l = 0; status == HR_OK && l < model->limit_count; l++)
        check_limit(plan, &model->limits[l], &plan->limits[l]);
    if (status == HR_OK)
        status = judge_measured(plan);
    if (status != HR_OK) {
        hr_plan_free(plan);
        return status;
    }
    *out = plan;
    return HR_OK;
}

void hr_plan_free(hr_plan *plan)
{
    if (!plan)
        return;
    hr_projections_free(plan->projections, plan->model->series_count);
    for (size_t t = 0; plan->tiers && t < plan->model->tier_count; t++) {
        free(plan->tiers[t].at);
        free(plan->tiers[t].monthly_arrivals);
    }
    free(plan->tiers);
    free(plan->limits);
    hr_label_stats_free(plan->label_stats, plan->label_count);
    free(plan->verdicts);
    free(plan);
}
