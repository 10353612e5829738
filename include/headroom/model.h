/*
 * model.h - a growth model: milestones, growth series, SLA target classes
 * and request tiers, each value with its provenance.
 *
 * A model is read from YAML by hr_model_load() (see models/doctrina.yaml for
 * the layout) and is read-only afterwards. Every number it holds says where
 * it came from: the SLA document's section, or an assumption and why.
 */
#ifndef HEADROOM_MODEL_H
#define HEADROOM_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"

/* Where a number came from. Reports print these words next to values. */
typedef enum hr_provenance {
    HR_FROM_DOCUMENT,     /* stated in the SLA document */
    HR_ASSUMED,           /* chosen by the model's author, with a reason */
    HR_MEASURED,          /* read from a load-test or monitoring file */
    HR_DERIVED,           /* computed by headroom from the above */
    HR_INTERPOLATED,      /* a milestone value between given ones */
    HR_EXTRAPOLATED       /* a milestone value beyond the given ones */
} hr_provenance;

/* Lowercase word for a provenance ("document", "assumed", ...). */
const char *hr_provenance_name(hr_provenance provenance);

/* Where a value stood in the model file; 0 when not from a file. */
typedef struct hr_location {
    unsigned long line;
    unsigned long column;
} hr_location;

/* A point in the growth plan, months after launch (MVP is month 0). */
typedef struct hr_milestone {
    char *id;       /* short key used in YAML, e.g. "y1" */
    char *label;    /* shown in reports, e.g. "1 year" */
    int month;
    hr_location where;
} hr_milestone;

/* One milestone value of a series. */
typedef struct hr_value {
    double value;            /* NAN until filled in when not given */
    bool given;              /* false: the document has no value here */
    hr_provenance provenance;
    hr_location where;
} hr_value;

/* A named multiplier on a series' average, e.g. "evening hours" 5x. */
typedef struct hr_peak {
    char *name;
    double multiplier;
    char *source;
} hr_peak;

/* A named share of a series' total, e.g. "video streaming" 75 %. */
typedef struct hr_share {
    char *name;
    double fraction;         /* 0..1 */
    char *source;
} hr_share;

/* The period a series counts over: a level (users, GB) or a rate. */
typedef enum hr_period {
    HR_LEVEL,                /* a quantity at a point in time */
    HR_PER_DAY,
    HR_PER_WEEK,
    HR_PER_MONTH
} hr_period;

/* Seconds in one period; 0 for HR_LEVEL. A month is 30 days here. */
double hr_period_seconds(hr_period period);

typedef struct hr_series {
    char *id;
    char *title;
    char *unit;              /* e.g. "users", "enrollments", "GB" */
    hr_period period;
    char *source;            /* document section the values come from */
    hr_value *values;        /* one per model milestone */
    char *missing_note;      /* why values are absent, when some are */
    char *extrapolate_with;  /* id of a series whose growth fills gaps */
    double peak_multiplier;  /* 1 when the document gives none */
    char *peak_source;
    hr_peak *extra_peaks;    /* further named peaks (reported, not planned) */
    size_t extra_peak_count;
    hr_share *shares;        /* breakdown of the total */
    size_t share_count;
    char *part_of;           /* series this one is a part of (lint) */
    char *bounded_by;        /* series this one should not exceed (lint) */
    hr_location where;
} hr_series;

/* A fixed target or limit from the document (e.g. 5,000 reads/s). */
typedef struct hr_limit {
    char *id;
    char *title;
    double value;
    char *unit;
    char *source;
    char *compare_series;    /* series whose peak must stay below it, */
    char *compare_tier;      /* or tier whose peak arrivals must */
    hr_location where;
} hr_limit;

/* A class of requests with a p95 latency target, and the label patterns
 * (shell globs, as fnmatch) that map measured labels to it. */
typedef struct hr_target_class {
    char *id;
    char *title;
    double p95_ms;
    char *source;
    char **patterns;
    size_t pattern_count;
    hr_location where;
} hr_target_class;

/* Maps production requests (access-log lines) to a measured label:
 * the first route whose method (NULL: any) and path pattern (a shell
 * glob, as fnmatch, on the path without its query) match names it. */
typedef struct hr_route {
    char *method;
    char *path;
    char *label;
} hr_route;

/* A request tier planned with an M/M/c queue. Arrivals at a milestone are
 * the driving series' value times requests_per_unit, scaled to the peak:
 * for a level series (users) requests_per_unit is requests per second per
 * unit; for a rate series it is requests per counted event, spread over
 * the period and concentrated by the model's intraday peak factor. */
typedef struct hr_tier {
    char *id;
    char *title;
    char *driver;            /* series id */
    double requests_per_unit;
    char *requests_source;
    double service_time_ms;
    char *service_source;
    int servers;             /* in service today */
    char *servers_source;
    char *target_class;      /* hr_target_class id */
    hr_location where;
} hr_tier;

typedef struct hr_model {
    char *path;              /* file it was read from */
    char *name;
    char *document;          /* title of the SLA document */
    int horizon_months;      /* projection end, e.g. 36 */
    double intraday_peak_factor;
    char *intraday_source;
    hr_milestone *milestones;
    size_t milestone_count;
    hr_series *series;
    size_t series_count;
    hr_limit *limits;
    size_t limit_count;
    hr_target_class *classes;
    size_t class_count;
    hr_tier *tiers;
    size_t tier_count;
    char *log_format;        /* the server's log_format line, or NULL */
    hr_route *routes;
    size_t route_count;
} hr_model;

/*
 * Reads and validates a model. Problems go to diags with file:line:column:
 * schema and value errors (unknown keys, wrong types, missing values,
 * negative or non-finite numbers, unordered milestones) as errors, and
 * legal but suspicious values as warnings (see hr_model_lint()).
 *
 * Returns HR_OK with *out set (free with hr_model_free()), HR_ERR_IO when
 * the file cannot be read, HR_ERR_PARSE for malformed YAML, or
 * HR_ERR_INVALID when any error was recorded; *out is NULL on failure.
 */
hr_status hr_model_load(const char *path, hr_model **out, hr_diags *diags);

/* Adds warnings for legal but suspicious values, e.g. more concurrent users
 * than registered users. Called by hr_model_load(). */
void hr_model_lint(const hr_model *model, hr_diags *diags);

/* Lookups by id; NULL when absent. */
const hr_series *hr_model_find_series(const hr_model *model, const char *id);
const hr_target_class *hr_model_find_class(const hr_model *model,
                                           const char *id);

/* First target class whose pattern matches a measured label, or NULL. */
const hr_target_class *hr_model_match_label(const hr_model *model,
                                            const char *label);

/* Writes the label of the first route matching method and path into out
 * (at most size bytes with the NUL) and returns true; false when no route
 * matches. The signature fits access-log readers' label callbacks, with
 * the model as context. */
bool hr_model_route_label(void *model, const char *method, const char *path,
                          char *out, size_t size);

void hr_model_free(hr_model *model);

#endif
