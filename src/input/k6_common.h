/*
 * k6_common.h - what the k6 JSON, dashboard and summary readers share:
 * k6's request metrics by name, a number member of a JSON object, and
 * the reading of a trend statistic's name (avg, min, max, med, p(N)).
 *
 * Private to src/input (k6_json.c, k6_summary.c).
 */
#ifndef HEADROOM_INPUT_K6_COMMON_H
#define HEADROOM_INPUT_K6_COMMON_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "headroom/metrics.h"

/* A request metric: its duration trend, its request counter and its
 * failure rate (NULL for gRPC, which has none). */
typedef struct hr_k6_trio {
    const char *duration;
    const char *counter;
    const char *failed;
} hr_k6_trio;

/* The request metrics, HTTP then gRPC. */
#define HR_K6_TRIOS 2
extern const hr_k6_trio hr_k6_trios[HR_K6_TRIOS];

/* The number member key of object; false when object is NULL, the
 * member is absent or not a number, or its value is not finite. */
bool hr_k6_member_number(json_object *object, const char *key,
                         double *value);

/*
 * Reads the trend statistic name of the given value: avg, min and max
 * into s's fields, med and p(N) as the next percentile of q and v while
 * s->quantile_count is below capacity. Other names are passed over.
 */
void hr_k6_stat(const char *name, double value, hr_reported_summary *s,
                double *q, double *v, size_t capacity);

#endif
