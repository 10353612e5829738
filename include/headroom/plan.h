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

/* The document's load-test goal: no degradation up to 3x normal load
 * (§9.3). Normal load is the average arrival rate, evenly spread. */
#define HR_NORMAL_LOAD_FACTOR 3.0

/* How far the sensitivity table moves each assumption: -20 % and +20 %. */
#define HR_SENSITIVITY_STEP 0.2

/* One tier at one milestone. */
typedef struct hr_tier_point {
    double arrival_rate;     /* peak requests/s */
    hr_mmc current;          /* with today's servers */
    double current_p95_s;    /* NAN when saturated */
    int required_servers;    /* fewest meeting the target at peak; -1 if
                                no count can */
    hr_mmc required;
    double required_p95_s;
    double normal_rate;      /* average requests/s, no peak */
    int required_at_3x;      /* fewest meeting the target at 3x normal */
    int planned_servers;     /* the larger of the two; -1 if either is */
} hr_tier_point;

/* The assumptions the sensitivity table moves. */
typedef enum hr_sensitivity_input {
    HR_SENSITIVITY_SERVICE_TIME,
    HR_SENSITIVITY_PEAK_MULTIPLIER,
    /* the growth exponent: a month's value is v0 (v / v0)^(1 +- step) */
    HR_SENSITIVITY_GROWTH,
    HR_SENSITIVITY_COUNT
} hr_sensitivity_input;

/* Words for a sensitivity input ("service time", ...; "none" for
 * HR_SENSITIVITY_COUNT). */
const char *hr_sensitivity_name(hr_sensitivity_input input);

/* One assumption moved down and up: [0] at -step, [1] as planned,
 * [2] at +step. */
typedef struct hr_sensitivity {
    int servers[3];          /* at the last milestone's peak; -1: none */
    int breach_month[3];     /* with today's servers; -1: lasts */
} hr_sensitivity;

typedef struct hr_tier_plan {
    const hr_tier *tier;
    const hr_target_class *target;
    hr_tier_point *at;           /* one per model milestone */
    double *monthly_arrivals;    /* peak requests/s for months 0..horizon */
    /* First month whose peak the current servers cannot serve within the
     * target; -1 when they last the whole horizon. */
    int breach_month;
    hr_sensitivity sensitivity[HR_SENSITIVITY_COUNT];
    /* The input whose +-step moves the last milestone's servers most;
     * HR_SENSITIVITY_COUNT when none moves them. */
    hr_sensitivity_input most_sensitive;
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
