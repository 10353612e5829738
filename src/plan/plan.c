/*
 * plan.c - builds the capacity plan from a model and measured samples.
 *
 * Steps: (1) project every series by month; (2) per tier, turn the driving
 * series' peak into requests per second, solve the M/M/c queue with
 * today's servers and search the fewest servers whose p95 response time
 * meets the tier's target, at each milestone's peak and at 3x normal
 * load, find the first month today's servers fall short, and move each
 * assumption by +-20 % to see which matters most; (3) check fixed limits
 * against projected peaks; (4) judge measured p95 per label against its
 * target class.
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

/* What one tier's arithmetic needs, gathered once. */
typedef struct tier_context {
    const hr_model *model;
    const hr_tier *tier;
    const hr_series *driver;
    const hr_projection *projection;
    double target_s;
} tier_context;

/* Multipliers on the model's assumptions, for the sensitivity table. */
typedef struct scenario {
    double service_factor;
    double peak_factor;
    double growth_exponent;
} scenario;

static const scenario as_planned = {1.0, 1.0, 1.0};

/* Peak requests/s in a month under a scenario. Growth is moved in its
 * exponent, v0 (v / v0)^g, so early months change little and late ones
 * much, as a faster or slower take-off would. */
static double scenario_rate(const tier_context *c, const scenario *s,
                            int month)
{
    double first = c->projection->average[0];
    double value = c->projection->average[month];

    if (s->growth_exponent != 1.0 && first > 0.0 && value > 0.0)
        value = first * pow(value / first, s->growth_exponent);
    return hr_peak_arrival_rate(c->driver,
                                value * c->driver->peak_multiplier *
                                    s->peak_factor,
                                c->tier->requests_per_unit,
                                c->model->intraday_peak_factor);
}

/* The fewest servers meeting the target, or -1 when no count can (the
 * bare service time already misses it). */
static hr_status fewest_servers(double rate, double service_s,
                                double target_s, int *servers, hr_mmc *at)
{
    hr_mmc unused;
    hr_status status = hr_mmc_min_servers(rate, service_s,
                                          HR_TARGET_PERCENTILE, target_s,
                                          HR_MAX_SERVERS, servers,
                                          at ? at : &unused);

    if (status == HR_ERR_DOMAIN) {
        *servers = -1;
        return HR_OK;
    }
    return status;
}

/* True when today's servers serve the rate with p95 inside the target. */
static bool meets_target(const tier_context *c, double service_s,
                         double rate)
{
    hr_mmc queue;

    if (hr_mmc_solve(rate, service_s, c->tier->servers, &queue) != HR_OK)
        return false;
    return response_p95(&queue) <= c->target_s;
}

static int first_breach(const tier_context *c, const scenario *s,
                        int month_count)
{
    double service_s = c->tier->service_time_ms / 1e3 * s->service_factor;

    for (int m = 0; m < month_count; m++)
        if (!meets_target(c, service_s, scenario_rate(c, s, m)))
            return m;
    return -1;
}

static hr_status solve_point(const tier_context *c, int month,
                             hr_tier_point *point)
{
    double service_s = c->tier->service_time_ms / 1e3;
    hr_status status;

    point->arrival_rate = scenario_rate(c, &as_planned, month);
    status = hr_mmc_solve(point->arrival_rate, service_s, c->tier->servers,
                          &point->current);
    if (status != HR_OK && status != HR_ERR_SATURATED)
        return status;
    point->current_p95_s = response_p95(&point->current);

    status = fewest_servers(point->arrival_rate, service_s, c->target_s,
                            &point->required_servers, &point->required);
    if (status != HR_OK)
        return status;
    point->required_p95_s = point->required_servers < 0
                                ? (double)NAN
                                : response_p95(&point->required);

    point->normal_rate = hr_peak_arrival_rate(
        c->driver, c->projection->average[month],
        c->tier->requests_per_unit, 1.0);
    status = fewest_servers(HR_NORMAL_LOAD_FACTOR * point->normal_rate,
                            service_s, c->target_s, &point->required_at_3x,
                            NULL);
    point->planned_servers =
        point->required_servers < 0 || point->required_at_3x < 0
            ? -1
            : point->required_servers > point->required_at_3x
                  ? point->required_servers
                  : point->required_at_3x;
    return status;
}

const char *hr_sensitivity_name(hr_sensitivity_input input)
{
    switch (input) {
    case HR_SENSITIVITY_SERVICE_TIME:
        return "service time";
    case HR_SENSITIVITY_PEAK_MULTIPLIER:
        return "peak multiplier";
    case HR_SENSITIVITY_GROWTH:
        return "growth";
    default:
        return "none";
    }
}

/* The scenario that moves one input by the given factor. */
static scenario moved(hr_sensitivity_input input, double factor)
{
    scenario s = as_planned;

    if (input == HR_SENSITIVITY_SERVICE_TIME)
        s.service_factor = factor;
    else if (input == HR_SENSITIVITY_PEAK_MULTIPLIER)
        s.peak_factor = factor;
    else
        s.growth_exponent = factor;
    return s;
}

/* Servers needed at the last milestone, and the breach month, with each
 * input at -step, as planned and +step. A tier that cannot meet its target
 * at all counts as the largest swing; when no input moves the count, none
 * is the most sensitive (HR_SENSITIVITY_COUNT). */
static hr_status sensitivity(const tier_context *c, int month_count,
                             hr_tier_plan *out)
{
    const hr_milestone *last =
        &c->model->milestones[c->model->milestone_count - 1];
    int widest = 0;

    out->most_sensitive = HR_SENSITIVITY_COUNT;
    for (int input = 0; input < HR_SENSITIVITY_COUNT; input++) {
        hr_sensitivity *row = &out->sensitivity[input];

        for (int i = 0; i < 3; i++) {
            scenario s = moved(input, 1.0 + (i - 1) * HR_SENSITIVITY_STEP);
            double service_s = c->tier->service_time_ms / 1e3 *
                               s.service_factor;
            hr_status status = fewest_servers(
                scenario_rate(c, &s, last->month), service_s, c->target_s,
                &row->servers[i], NULL);

            if (status != HR_OK)
                return status;
            row->breach_month[i] = first_breach(c, &s, month_count);
        }
        int swing = row->servers[0] < 0 || row->servers[2] < 0
                        ? HR_MAX_SERVERS
                        : abs(row->servers[2] - row->servers[0]);
        if (swing > widest) {
            widest = swing;
            out->most_sensitive = input;
        }
    }
    return HR_OK;
}

static hr_status plan_tier(hr_plan *plan, const hr_tier *tier,
                           hr_tier_plan *out)
{
    const hr_model *model = plan->model;
    tier_context c = {model, tier, NULL, NULL, 0.0};
    hr_status status = HR_OK;

    c.driver = hr_model_find_series(model, tier->driver);
    c.projection = &plan->projections[c.driver - model->series];
    out->tier = tier;
    out->target = hr_model_find_class(model, tier->target_class);
    c.target_s = out->target->p95_ms / 1e3;
    out->at = calloc(model->milestone_count, sizeof *out->at);
    out->monthly_arrivals = calloc((size_t)plan->month_count,
                                   sizeof *out->monthly_arrivals);
    if (!out->at || !out->monthly_arrivals)
        return HR_ERR_NOMEM;

    for (int m = 0; m < plan->month_count; m++)
        out->monthly_arrivals[m] = scenario_rate(&c, &as_planned, m);
    out->breach_month = first_breach(&c, &as_planned, plan->month_count);
    for (size_t k = 0; status == HR_OK && k < model->milestone_count; k++)
        status = solve_point(&c, model->milestones[k].month, &out->at[k]);
    if (status == HR_OK)
        status = sensitivity(&c, plan->month_count, out);
    return status;
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
