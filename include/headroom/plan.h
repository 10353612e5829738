/*
 * plan.h - the capacity plan: projections, queueing per tier and milestone,
 * fixed limits checked against projected peaks, and measured latencies
 * judged against their SLA targets.
 *
 * hr_plan_build() does all the computing; report writers only read a plan.
 */
#ifndef HEADROOM_PLAN_H
#define HEADROOM_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "headroom/error.h"
#include "headroom/judge.h"
#include "headroom/metrics.h"
#include "headroom/model.h"
#include "headroom/project.h"
#include "headroom/queue.h"

/* The percentile every latency target in the document is written in. */
#define HR_TARGET_PERCENTILE 0.95

/* Largest server count the capacity search tries for one tier. */
#define HR_MAX_SERVERS 100000

/* One tier at one milestone's peak. */
typedef struct hr_tier_point {
    double arrival_rate;     /* peak requests/s */
    hr_mmc current;          /* with today's servers */
    double current_p95_s;    /* NAN when saturated */
    int required_servers;    /* fewest meeting the target; -1 if none */
    hr_mmc required;
    double required_p95_s;
} hr_tier_point;

typedef struct hr_tier_plan {
    const hr_tier *tier;
    const hr_target_class *target;
    hr_tier_point *at;           /* one per model milestone */
    double *monthly_arrivals;    /* peak requests/s for months 0..horizon */
    /* First month whose peak the current servers cannot serve within the
     * target; -1 when they last the whole horizon. */
    int breach_month;
} hr_tier_plan;

/* A fixed limit (e.g. 5,000 reads/s) against a series' or tier's peaks. */
typedef struct hr_limit_check {
    const hr_limit *limit;
    const char *compared_title;       /* title of the series or tier */
    const double *monthly_peak;       /* month_count values */
    int breach_month;                 /* first month over; -1 none */
} hr_limit_check;


typedef struct hr_plan {
    const hr_model *model;
    int month_count;
    hr_projection *projections;       /* model->series_count */
    hr_tier_plan *tiers;              /* model->tier_count */
    hr_limit_check *limits;           /* model->limit_count */
    const hr_sample_set *measured;    /* may be NULL */
    hr_label_stats *label_stats;
    size_t label_count;
    hr_label_verdict *verdicts;       /* label_count */
    size_t targets_missed;            /* measured labels over target */
    size_t tiers_short;               /* tiers short of servers at some
                                         milestone */
    time_t generated_at;
} hr_plan;

/*
 * Builds the plan for a model and (optionally) measured samples; both must
 * outlive the plan. generated_at is stamped into reports (pass the value
 * of SOURCE_DATE_EPOCH when set, for reproducible files).
 * Free with hr_plan_free().
 */
hr_status hr_plan_build(const hr_model *model, const hr_sample_set *measured,
                        time_t generated_at, hr_plan **out);

void hr_plan_free(hr_plan *plan);

#endif
