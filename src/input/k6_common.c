/*
 * k6_common.c - k6's request metrics, JSON numbers and trend statistic
 * names, shared by the k6 JSON, dashboard and summary readers.
 */
#include "input/k6_common.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const hr_k6_trio hr_k6_trios[HR_K6_TRIOS] = {
    {"http_req_duration", "http_reqs", "http_req_failed"},
    {"grpc_req_duration", "grpc_reqs", NULL},
};

/* json-c reads an integer member as a double too. */
bool hr_k6_member_number(json_object *object, const char *key,
                         double *value)
{
    json_object *member;

    if (!object || !json_object_object_get_ex(object, key, &member)
        || !(json_object_is_type(member, json_type_double)
             || json_object_is_type(member, json_type_int)))
        return false;
    *value = json_object_get_double(member);
    return isfinite(*value);
}

/* "med" is the 50th percentile; "p(N)" the Nth, 0 < N < 100. */
void hr_k6_stat(const char *name, double value, hr_reported_summary *s,
                double *q, double *v, size_t capacity)
{
    double p = NAN;

    if (strcmp(name, "avg") == 0)
        s->mean_ms = value;
    else if (strcmp(name, "min") == 0)
        s->min_ms = value;
    else if (strcmp(name, "max") == 0)
        s->max_ms = value;
    else if (strcmp(name, "med") == 0)
        p = 50.0;
    else if (sscanf(name, "p(%lf)", &p) != 1)
        p = NAN;
    if (p > 0 && p < 100 && s->quantile_count < capacity) {
        q[s->quantile_count] = p / 100.0;
        v[s->quantile_count++] = value;
    }
}
