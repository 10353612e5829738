/*
 * k6_json.c - reads k6's JSON lines output (k6 run --out json) and the
 * event stream that the xk6-dashboard extension records.
 *
 * k6 JSON: one object per line, either a "Metric" (a metric's
 * definition) or a "Point" (one value). Older k6 writes "type" first,
 * newer "metric" first; the keys are the same. Each http_req_duration or
 * grpc_req_duration point is one request: its value is the duration in
 * milliseconds and its time (RFC 3339 with a zone offset, up to
 * nanoseconds) is when the request ENDED, since k6 stamps a request's
 * samples with its end time; the start is the end minus the duration.
 * The label is the "name" tag (k6 sets it to the URL unless the script
 * names the request). The latest "vus" point gives the concurrency.
 * Every other metric is passed over unparsed, so a large file costs
 * little more than reading it.
 *
 * Dashboard event stream (xk6-dashboard's --record output): "param",
 * "metric", "start", "snapshot", "cumulative" and "stop" events whose
 * values are positional arrays: one array per metric known so far, in
 * the sorted order of the metric names, each holding the aggregates the
 * "param" event lists for the metric's type (trend: avg, max, med, min,
 * p(90), p(95), p(99)). The individual requests are not in it, so the
 * last "cumulative" event (the whole run) becomes one reported summary
 * per request metric. The extension truncates values to about five
 * significant digits, which the summary inherits.
 *
 * Sections: JSON helpers, k6 points, dashboard events.
 */
#include "input/k6_common.h"
#include "input/readers.h"
#include "input/readers_b.h"

#include <json-c/json.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most metrics a dashboard stream may announce. */
#define HR_K6_DASHBOARD_METRICS 4096

/* State of one k6 JSON read. */
typedef struct hr_k6_read {
    hr_reader reader;
    hr_line_reader lines;
    json_tokener *tokener;
    double vus;                 /* latest "vus" value, NAN before one */
} hr_k6_read;

/* ---- JSON helpers ----------------------------------------------------- */

/* Parses one line as a JSON object; NULL (and a skip) when it is not
 * one. The caller puts the result. */
static json_object *hr_k6_parse(hr_reader *reader, json_tokener *tokener,
                                unsigned long line, const char *text,
                                size_t length)
{
    json_object *object;

    json_tokener_reset(tokener);
    object = json_tokener_parse_ex(tokener, text, (int)length);
    if (object && json_object_is_type(object, json_type_object)
        && json_tokener_get_parse_end(tokener) == length)
        return object;
    hr_reader_skip(reader, line, "not a JSON object: %s", object
                   ? "text after the object" : json_tokener_error_desc(
                         json_tokener_get_error(tokener)));
    json_object_put(object);
    return NULL;
}

/* The string member key of object, or NULL. */
static const char *hr_k6_string(json_object *object, const char *key)
{
    json_object *member;

    if (!object || !json_object_object_get_ex(object, key, &member)
        || !json_object_is_type(member, json_type_string))
        return NULL;
    return json_object_get_string(member);
}

/* The object member key of object, or NULL. */
static json_object *hr_k6_object(json_object *object, const char *key)
{
    json_object *member;

    if (!object || !json_object_object_get_ex(object, key, &member)
        || !json_object_is_type(member, json_type_object))
        return NULL;
    return member;
}

/* True when name is the duration metric of a request. */
static bool hr_k6_is_duration(const char *name)
{
    for (size_t i = 0; i < HR_K6_TRIOS; i++)
        if (strcmp(name, hr_k6_trios[i].duration) == 0)
            return true;
    return false;
}

/* ---- k6 points -------------------------------------------------------- */

/* Turns a request duration point into a sample, or skips it. */
static hr_status hr_k6_request(hr_k6_read *k, const char *metric,
                               json_object *data)
{
    json_object *tags = hr_k6_object(data, "tags");
    const char *time = hr_k6_string(data, "time");
    const char *name = hr_k6_string(tags, "name");
    hr_sample sample = {.bytes = NAN, .concurrency = k->vus};
    double end_ms;
    hr_status status;

    if (!hr_k6_member_number(data, "value", &sample.elapsed_ms))
        return hr_reader_skip(&k->reader, k->lines.line, "%s point "
                              "without a numeric value", metric);
    if (!(sample.elapsed_ms >= 0 && sample.elapsed_ms <= HR_READER_MAX_MS))
        return hr_reader_skip(&k->reader, k->lines.line, "duration %g ms "
                              "is out of range 0 to %.0f", sample.elapsed_ms,
                              HR_READER_MAX_MS);
    if (!time || !hr_text_rfc3339_ms(time, &end_ms))
        return hr_reader_skip(&k->reader, k->lines.line, "%s point "
                              "without an RFC 3339 time", metric);
    name = name ? name : hr_k6_string(tags, "url");
    name = name ? name : metric;
    sample.label = hr_reader_label(&k->reader, k->lines.line, name,
                                   strlen(name));
    if (!sample.label)
        return HR_ERR_NOMEM;
    sample.timestamp_ms = end_ms - sample.elapsed_ms;
    sample.error = hr_k6_outcome(metric, hr_k6_string(tags, "status"),
                                 hr_k6_string(tags, "expected_response"),
                                 hr_k6_string(tags, "error_code"));
    status = hr_sample_set_record(k->reader.set, &sample);
    k->reader.records += status == HR_OK;
    return status;
}

/* Reads a Point line that passed the quick filter. */
static hr_status hr_k6_point(hr_k6_read *k, char *text, size_t length)
{
    json_object *object = hr_k6_parse(&k->reader, k->tokener,
                                      k->lines.line, text, length);
    const char *type = hr_k6_string(object, "type");
    const char *metric = hr_k6_string(object, "metric");
    json_object *data = hr_k6_object(object, "data");
    hr_status status = HR_OK;
    double vus;

    if (!object)
        return HR_OK;
    if (!type || strcmp(type, "Point") != 0 || !metric || !data)
        status = hr_reader_skip(&k->reader, k->lines.line, "Point line "
                                "without 'type', 'metric' and 'data'");
    else if (hr_k6_is_duration(metric))
        status = hr_k6_request(k, metric, data);
    else if (strcmp(metric, "vus") == 0
             && hr_k6_member_number(data, "value", &vus))
        k->vus = vus;
    json_object_put(object);
    return status;
}

/* Reads one line: only points of request durations and of "vus" are
 * parsed; any other line must at least look like a JSON object. */
static hr_status hr_k6_line(hr_k6_read *k, char *text, size_t length)
{
    if (k->lines.overlong || k->lines.binary)
        return hr_reader_skip(&k->reader, k->lines.line, "%s",
                              k->lines.binary ? "binary data (a NUL byte)"
                                              : "line too long");
    if (length == 0)
        return HR_OK;
    if (text[0] != '{' || text[length - 1] != '}')
        return hr_reader_skip(&k->reader, k->lines.line, "not a JSON "
                              "object (truncated line?)");
    if (!strstr(text, "Point"))
        return HR_OK;
    if (strstr(text, "_req_duration\"") || strstr(text, "\"vus\""))
        return hr_k6_point(k, text, length);
    return HR_OK;
}

/* Reads every line, turning request points into samples. */
hr_status hr_k6_json_read(hr_source *source, hr_sample_set *set,
                          hr_diags *diags)
{
    hr_k6_read k = {.vus = NAN};
    hr_status status;
    char *text;
    size_t length;
    bool got = true;

    hr_reader_init(&k.reader, source, "k6-json", set, diags);
    k.tokener = json_tokener_new();
    status = k.tokener ? hr_reader_refuse_wide(&k.reader, source)
                       : HR_ERR_NOMEM;
    if (status == HR_OK)
        status = hr_line_reader_init(&k.lines, source);
    while (status == HR_OK) {
        status = hr_line_next(&k.lines, &text, &length, &got);
        if (status != HR_OK || !got)
            break;
        status = hr_k6_line(&k, text, length);
    }
    if (status == HR_ERR_IO)
        hr_reader_read_failed(&k.reader, &k.lines);
    if (status == HR_OK)
        status = hr_reader_finish(&k.reader, "http_req_duration or "
                                  "grpc_req_duration points");
    hr_line_reader_release(&k.lines);
    hr_reader_release(&k.reader);
    if (k.tokener)
        json_tokener_free(k.tokener);
    return status;
}

/* Parses the head's first line; NULL when it is not a JSON object. */
static json_object *hr_k6_first_object(const char *head, size_t length)
{
    const char *end = memchr(head, '\n', length);
    size_t n = end ? (size_t)(end - head) : length;
    json_tokener *tokener = json_tokener_new();
    json_object *object = NULL;

    if (tokener && n > 1 && head[0] == '{') {
        object = json_tokener_parse_ex(tokener, head, (int)n);
        if (object && !json_object_is_type(object, json_type_object)) {
            json_object_put(object);
            object = NULL;
        }
    }
    if (tokener)
        json_tokener_free(tokener);
    return object;
}

/* True when the first line is a k6 "Metric" or "Point" object. */
bool hr_k6_json_sniff(const char *head, size_t length)
{
    json_object *object = hr_k6_first_object(head, length);
    const char *type = hr_k6_string(object, "type");
    bool match = type && hr_k6_string(object, "metric")
                 && hr_k6_object(object, "data")
                 && (strcmp(type, "Metric") == 0
                     || strcmp(type, "Point") == 0);

    json_object_put(object);
    return match;
}

/* ---- dashboard events ------------------------------------------------- */

/* What the last "cumulative" event said of one request metric. */
typedef struct hr_k6_board_metric {
    bool seen;
    double aggregates[16];      /* in the order of the trend aggregates */
    double count;               /* the counter's count, NAN if absent */
    double failed_rate;         /* the failure rate, NAN if absent */
} hr_k6_board_metric;

/* State of one dashboard read. */
typedef struct hr_k6_board {
    hr_reader reader;
    hr_line_reader lines;
    json_tokener *tokener;
    char **names;               /* metric names, sorted */
    size_t name_count;
    json_object *trend_aggregates;  /* from "param", held */
    double start_ms, end_ms;
    hr_k6_board_metric metrics[HR_K6_TRIOS];
} hr_k6_board;

/* Position of name among the sorted names, or SIZE_MAX. */
static size_t hr_k6_board_find(const hr_k6_board *b, const char *name)
{
    size_t low = 0, high = b->name_count;

    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int order = strcmp(b->names[mid], name);

        if (order == 0)
            return mid;
        if (order < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return SIZE_MAX;
}

/* Inserts a metric name, keeping the names sorted. */
static hr_status hr_k6_board_add_name(hr_k6_board *b, const char *name)
{
    size_t at = 0;
    char **grown, *copy;

    if (hr_k6_board_find(b, name) != SIZE_MAX)
        return HR_OK;
    if (b->name_count == HR_K6_DASHBOARD_METRICS)
        return HR_ERR_INVALID;
    grown = realloc(b->names, (b->name_count + 1) * sizeof *grown);
    if (!grown)
        return HR_ERR_NOMEM;
    b->names = grown;
    copy = strdup(name);
    if (!copy)
        return HR_ERR_NOMEM;
    while (at < b->name_count && strcmp(b->names[at], name) < 0)
        at++;
    memmove(b->names + at + 1, b->names + at,
            (b->name_count - at) * sizeof *b->names);
    b->names[at] = copy;
    b->name_count++;
    return HR_OK;
}

/* The first value of the array for metric name in an event's data. */
static bool hr_k6_board_value(const hr_k6_board *b, json_object *data,
                              const char *name, size_t index, double *value)
{
    size_t at = hr_k6_board_find(b, name);
    json_object *values, *item;

    if (at == SIZE_MAX || at >= json_object_array_length(data))
        return false;
    values = json_object_array_get_idx(data, at);
    if (!json_object_is_type(values, json_type_array)
        || index >= json_object_array_length(values))
        return false;
    item = json_object_array_get_idx(values, index);
    if (!json_object_is_type(item, json_type_double)
        && !json_object_is_type(item, json_type_int))
        return false;
    *value = json_object_get_double(item);
    return isfinite(*value);
}

/* Keeps what a "cumulative" event says of the request metrics. */
static hr_status hr_k6_board_cumulative(hr_k6_board *b, json_object *data)
{
    size_t aggregates = b->trend_aggregates
        ? json_object_array_length(b->trend_aggregates) : 0;

    if (json_object_array_length(data) != b->name_count)
        return hr_reader_skip(&b->reader, b->lines.line, "event has %zu "
                              "metrics, but %zu were announced",
                              json_object_array_length(data), b->name_count);
    hr_k6_board_value(b, data, "time", 0, &b->end_ms);
    for (size_t i = 0; i < HR_K6_TRIOS; i++) {
        const hr_k6_trio *m = &hr_k6_trios[i];
        hr_k6_board_metric *kept = &b->metrics[i];

        if (hr_k6_board_find(b, m->duration) == SIZE_MAX)
            continue;
        kept->seen = true;
        for (size_t a = 0; a < aggregates && a < 16; a++)
            if (!hr_k6_board_value(b, data, m->duration, a,
                                   &kept->aggregates[a]))
                kept->aggregates[a] = NAN;
        if (!hr_k6_board_value(b, data, m->counter, 0, &kept->count))
            kept->count = NAN;
        if (!m->failed || !hr_k6_board_value(b, data, m->failed, 0,
                                             &kept->failed_rate))
            kept->failed_rate = NAN;
    }
    return HR_OK;
}

/* Keeps the trend aggregate names of a "param" event. */
static void hr_k6_board_param(hr_k6_board *b, json_object *data)
{
    json_object *aggregates = hr_k6_object(data, "aggregates"), *trend;

    if (!aggregates || !json_object_object_get_ex(aggregates, "trend",
                                                  &trend)
        || !json_object_is_type(trend, json_type_array))
        return;
    json_object_put(b->trend_aggregates);
    b->trend_aggregates = json_object_get(trend);
}

/* Adds the names a "metric" event announces. */
static hr_status hr_k6_board_metric_event(hr_k6_board *b, json_object *data)
{
    hr_status status = HR_OK;

    if (!json_object_is_type(data, json_type_object))
        return hr_reader_skip(&b->reader, b->lines.line, "metric event "
                              "without an object of metrics");
    json_object_object_foreach(data, name, definition) {
        (void)definition;
        status = hr_k6_board_add_name(b, name);
        if (status == HR_ERR_INVALID)
            return hr_reader_skip(&b->reader, b->lines.line, "more than %d "
                                  "metrics", HR_K6_DASHBOARD_METRICS);
        if (status != HR_OK)
            return status;
    }
    return HR_OK;
}

/* Reads one event line. */
static hr_status hr_k6_board_event(hr_k6_board *b, char *text,
                                   size_t length)
{
    json_object *object = hr_k6_parse(&b->reader, b->tokener,
                                      b->lines.line, text, length), *data;
    const char *event = hr_k6_string(object, "event");
    hr_status status = HR_OK;

    if (!object)
        return HR_OK;
    if (!event || !json_object_object_get_ex(object, "data", &data))
        status = hr_reader_skip(&b->reader, b->lines.line, "not an event: "
                                "no 'event' and 'data'");
    else if (strcmp(event, "param") == 0)
        hr_k6_board_param(b, data);
    else if (strcmp(event, "metric") == 0)
        status = hr_k6_board_metric_event(b, data);
    else if (strcmp(event, "start") == 0
             && json_object_is_type(data, json_type_array))
        hr_k6_board_value(b, data, "time", 0, &b->start_ms);
    else if (strcmp(event, "cumulative") == 0
             && json_object_is_type(data, json_type_array))
        status = hr_k6_board_cumulative(b, data);
    json_object_put(object);
    return status;
}

/* Maps the trend aggregates to a summary: avg, min and max to their
 * fields, med and p(N) to percentiles (written to q and v, which hold
 * 16). */
static void hr_k6_board_quantiles(const hr_k6_board *b,
                                  const hr_k6_board_metric *m,
                                  hr_reported_summary *s, double *q,
                                  double *v)
{
    size_t count = json_object_array_length(b->trend_aggregates);

    for (size_t a = 0; a < count && a < 16; a++) {
        const char *name = json_object_get_string(
            json_object_array_get_idx(b->trend_aggregates, a));
        double value = m->aggregates[a];

        if (name && !isnan(value))
            hr_k6_stat(name, value, s, q, v, 16);
    }
}

/* Records one request metric of the last cumulative event. */
static hr_status hr_k6_board_record(hr_k6_board *b, size_t i)
{
    const hr_k6_board_metric *m = &b->metrics[i];
    double q[16], v[16];
    hr_reported_summary s = {
        .label = hr_k6_trios[i].duration, .tool = "k6",
        .min_ms = NAN, .mean_ms = NAN, .max_ms = NAN,
        .quantiles = q, .values_ms = v,
        .duration_s = (b->end_ms - b->start_ms) / 1000.0,
    };
    hr_status status;

    if (!m->seen || isnan(m->count) || m->count < 0) {
        if (m->seen)
            hr_reader_diag(&b->reader, HR_WARNING, 0, "%s without its "
                           "request count %s: not read", s.label,
                           hr_k6_trios[i].counter);
        return HR_OK;
    }
    if (b->trend_aggregates)
        hr_k6_board_quantiles(b, m, &s, q, v);
    hr_quantiles_sort(q, v, s.quantile_count);
    s.count = (uint64_t)llround(m->count);
    s.errors = isnan(m->failed_rate) ? 0
               : (uint64_t)llround(m->failed_rate * m->count);
    if (!(s.duration_s > 0))
        s.duration_s = NAN;
    status = hr_sample_set_record_summary(b->reader.set, &s);
    b->reader.records += status == HR_OK;
    return status;
}

/* Reads every event, then records the request metrics. */
static hr_status hr_k6_board_lines(hr_k6_board *b)
{
    hr_status status = HR_OK;
    char *text;
    size_t length;
    bool got = true;

    while (status == HR_OK) {
        status = hr_line_next(&b->lines, &text, &length, &got);
        if (status != HR_OK || !got)
            break;
        if (b->lines.overlong || b->lines.binary)
            status = hr_reader_skip(&b->reader, b->lines.line, "%s",
                                    b->lines.binary ? "binary data"
                                                    : "line too long");
        else if (length > 0)
            status = hr_k6_board_event(b, text, length);
    }
    if (status == HR_ERR_IO)
        hr_reader_read_failed(&b->reader, &b->lines);
    for (size_t i = 0; status == HR_OK && i < HR_K6_TRIOS; i++)
        status = hr_k6_board_record(b, i);
    return status;
}

/* Reads every event; the last cumulative one gives the summaries. */
hr_status hr_k6_dashboard_read(hr_source *source, hr_sample_set *set,
                           hr_diags *diags)
{
    hr_k6_board b = {.start_ms = NAN, .end_ms = NAN};
    hr_status status;

    hr_reader_init(&b.reader, source, "k6-dashboard", set, diags);
    b.tokener = json_tokener_new();
    status = b.tokener ? hr_reader_refuse_wide(&b.reader, source)
                       : HR_ERR_NOMEM;
    if (status == HR_OK)
        status = hr_line_reader_init(&b.lines, source);
    if (status == HR_OK)
        status = hr_k6_board_lines(&b);
    if (status == HR_OK)
        status = hr_reader_finish(&b.reader, "cumulative event with "
                                  "http_req_duration or grpc_req_duration");
    hr_line_reader_release(&b.lines);
    hr_reader_release(&b.reader);
    for (size_t i = 0; i < b.name_count; i++)
        free(b.names[i]);
    free(b.names);
    json_object_put(b.trend_aggregates);
    if (b.tokener)
        json_tokener_free(b.tokener);
    return status;
}

/* True when the first line is a dashboard event ("event" and "data"). */
bool hr_k6_dashboard_sniff(const char *head, size_t length)
{
    json_object *object = hr_k6_first_object(head, length), *data;
    const char *event = hr_k6_string(object, "event");
    bool match = event && json_object_object_get_ex(object, "data", &data)
                 && (strcmp(event, "param") == 0
                     || strcmp(event, "config") == 0
                     || strcmp(event, "metric") == 0
                     || strcmp(event, "start") == 0);

    json_object_put(object);
    return match;
}
