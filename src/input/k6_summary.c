/*
 * k6_summary.c - reads k6's end-of-test summary as JSON, in either shape:
 *
 *   - the handleSummary() data (k6 0.30+): each metric holds "type",
 *     "contains" and its statistics under "values"; "state" gives the
 *     run's length in testRunDurationMs;
 *   - the legacy --summary-export file: the statistics sit directly
 *     under each metric, with no type, and no run length.
 *
 * The requests behind a summary are gone, so each request metric becomes
 * one reported summary (hr_sample_set_record_summary): http_req_duration
 * with its count from http_reqs and its failures from http_req_failed
 * (a k6 Rate: "passes" counts the requests that failed), and likewise
 * grpc_req_duration with grpc_reqs. A tagged submetric such as
 * "http_req_duration{expected_response:true}" becomes a label of its own
 * when its count is known: from a "count" statistic (summaryTrendStats),
 * or, for expected_response:true, the requests minus the failures. Such
 * labels overlap their parent metric's label.
 *
 * The summary does not say why requests failed, unless a threshold made
 * k6 keep a counter per status or error code ("http_reqs{status:503}",
 * "http_reqs{error_code:1050}"): then those counts split the failures
 * by kind, error codes rather than statuses when there are both (they
 * would count the same requests again). A status that the script's
 * responseCallback expected would be taken for a failure, so kinds that
 * add up to more than the failures are not used, with a warning.
 *
 * A summary without request metrics (a script timing something else)
 * falls back to iteration_duration and iterations, with a warning; k6
 * keeps no count for custom trends, so they are named and not read.
 *
 * Sections: JSON access, one metric, the summary.
 */
#include "input/k6_common.h"
#include "input/readers.h"
#include "input/readers_b.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A summary is a few kilobytes; anything this large is not one. */
#define HR_K6_SUMMARY_MAX_BYTES ((size_t)64 << 20)

/* Percentiles kept from one trend. */
#define HR_K6_SUMMARY_QUANTILES 32

static const hr_k6_trio hr_k6_iterations = {
    "iteration_duration", "iterations", NULL
};

/* State of one read. */
typedef struct hr_k6_summary {
    hr_reader reader;
    char *text;                 /* the whole file, NUL-terminated */
    size_t length;
    json_object *root;
    json_object *metrics;
    double duration_s;          /* NAN when the file does not say */
} hr_k6_summary;

/* ---- JSON access ------------------------------------------------------ */

/* The line of the first occurrence of "name" in the text, for messages
 * (json-c keeps no positions); 0 when it is not found. */
static unsigned long hr_k6_line_of(const hr_k6_summary *k, const char *name)
{
    size_t n = strlen(name);
    unsigned long line = 1;

    for (const char *p = k->text; *p; p++) {
        if (*p == '\n')
            line++;
        else if (*p == '"' && strncmp(p + 1, name, n) == 0 && p[n + 1] == '"')
            return line;
    }
    return 0;
}

/* The statistics of a metric: its "values" object (handleSummary), else
 * the metric itself (--summary-export); NULL when it is not an object. */
static json_object *hr_k6_stats(const hr_k6_summary *k, const char *name)
{
    json_object *metric, *values;

    if (!json_object_object_get_ex(k->metrics, name, &metric)
        || !json_object_is_type(metric, json_type_object))
        return NULL;
    if (json_object_object_get_ex(metric, "values", &values)
        && json_object_is_type(values, json_type_object))
        return values;
    return metric;
}

/* ---- one metric ------------------------------------------------------- */

/* Fills the times of s from a trend's statistics; returns the name of a
 * statistic out of range, or NULL when all are fine. */
static const char *hr_k6_trend(json_object *stats, hr_reported_summary *s,
                               double *q, double *v)
{
    json_object_object_foreach(stats, name, member) {
        double value;

        if (strcmp(name, "count") == 0
            || strcmp(name, "thresholds") == 0
            || !(json_object_is_type(member, json_type_double)
                 || json_object_is_type(member, json_type_int)))
            continue;
        value = json_object_get_double(member);
        if (!(value >= 0 && value <= HR_READER_MAX_MS))
            return name;
        hr_k6_stat(name, value, s, q, v, HR_K6_SUMMARY_QUANTILES);
    }
    hr_quantiles_sort(q, v, s->quantile_count);
    return NULL;
}

/* True when the percentiles and the extremes do not contradict. */
static bool hr_k6_ordered(const hr_reported_summary *s)
{
    for (size_t i = 1; i < s->quantile_count; i++)
        if (s->values_ms[i] < s->values_ms[i - 1])
            return false;
    if (s->quantile_count && !isnan(s->min_ms)
        && s->values_ms[0] < s->min_ms)
        return false;
    return !(s->quantile_count && !isnan(s->max_ms)
             && s->values_ms[s->quantile_count - 1] > s->max_ms);
}

/* Checks and records one summary of the trend name, its failures by
 * kind (NULL: all "other"). */
static hr_status hr_k6_record(hr_k6_summary *k, const char *name,
                              double count, double errors,
                              const uint64_t *kinds)
{
    double q[HR_K6_SUMMARY_QUANTILES], v[HR_K6_SUMMARY_QUANTILES];
    hr_reported_summary s = {
        .label = name, .tool = "k6", .min_ms = NAN, .mean_ms = NAN,
        .max_ms = NAN, .quantiles = q, .values_ms = v,
        .duration_s = k->duration_s, .errors_by_kind = kinds,
    };
    unsigned long line = hr_k6_line_of(k, name);
    const char *bad = hr_k6_trend(hr_k6_stats(k, name), &s, q, v);
    hr_status status;

    if (bad)
        return hr_reader_skip(&k->reader, line, "%s: '%s' is not a time "
                              "from 0 to %.0f ms", name, bad,
                              HR_READER_MAX_MS);
    if (!(count >= 0 && count == floor(count) && errors >= 0
          && errors <= count && errors == floor(errors)))
        return hr_reader_skip(&k->reader, line, "%s: count %g and "
                              "failures %g are not whole numbers with "
                              "failures <= count", name, count, errors);
    if (!hr_k6_ordered(&s))
        return hr_reader_skip(&k->reader, line, "%s: percentiles do not "
                              "ascend between min and max", name);
    s.count = (uint64_t)count;
    s.errors = (uint64_t)errors;
    s.label = hr_reader_label(&k->reader, line, name, strlen(name));
    if (!s.label)
        return HR_ERR_NOMEM;
    status = hr_sample_set_record_summary(k->reader.set, &s);
    k->reader.records += status == HR_OK;
    return status;
}

/* The failed requests of a Rate metric: its "passes" (a Rate counts
 * the non-zero values, here the failures), else rate times count. */
static double hr_k6_failures(const hr_k6_summary *k, const char *failed,
                             double count)
{
    json_object *stats = failed ? hr_k6_stats(k, failed) : NULL;
    double value;

    if (hr_k6_member_number(stats, "passes", &value))
        return value;
    if (hr_k6_member_number(stats, "rate", &value)
        || hr_k6_member_number(stats, "value", &value))
        return round(value * count);
    return 0.0;
}

/* The kind of the requests a counter submetric counts, by its one tag
 * (text after the counter's name, "{status:503}"); HR_SAMPLE_OK when the
 * tag is another or tells of no failure. */
static hr_error_kind hr_k6_tag_kind(const hr_k6_trio *trio, const char *tag)
{
    char key[16], value[16];
    int end = 0;

    if (sscanf(tag, "{%15[a-z_]:%15[0-9]}%n", key, value, &end) != 2
        || end == 0 || tag[end] != '\0')
        return HR_SAMPLE_OK;
    if (strcmp(key, "error_code") == 0)
        return hr_k6_outcome(trio->duration, NULL, "false", value);
    if (strcmp(key, "status") == 0)
        return hr_k6_outcome(trio->duration, value, NULL, NULL);
    return HR_SAMPLE_OK;
}

/* True when the metric name is a counter submetric of trio by one tag
 * that tells of failed requests, at most failures of them: their kind
 * and count. */
static bool hr_k6_kind_counter(const hr_k6_summary *k,
                               const hr_k6_trio *trio, const char *name,
                               double failures, hr_error_kind *kind,
                               double *count)
{
    size_t n = strlen(trio->counter);

    if (strncmp(name, trio->counter, n) != 0 || name[n] != '{'
        || !hr_k6_member_number(hr_k6_stats(k, name), "count", count)
        || *count < 0 || *count != floor(*count) || *count > failures)
        return false;
    *kind = hr_k6_tag_kind(trio, name + n);
    return *kind != HR_SAMPLE_OK;
}

/* Fills kinds from the counter's submetrics by error code, else by
 * status, and returns it; NULL when there are none, or when they add up
 * to more than the failures (with a warning). */
static const uint64_t *hr_k6_kinds(hr_k6_summary *k, const hr_k6_trio *trio,
                                   double failures, uint64_t *kinds)
{
    uint64_t by[2][HR_ERROR_KIND_COUNT] = {{0}};
    double sum[2] = {0, 0}, count;
    hr_error_kind kind;
    size_t use;

    json_object_object_foreach(k->metrics, name, metric) {
        (void)metric;
        if (!hr_k6_kind_counter(k, trio, name, failures, &kind, &count))
            continue;
        use = strstr(name, "{status:") != NULL;     /* 0: error codes */
        by[use][kind] += (uint64_t)count;
        sum[use] += count;
    }
    use = sum[0] > 0 ? 0 : 1;
    if (sum[use] == 0)
        return NULL;
    if (sum[use] > failures) {
        hr_reader_diag(&k->reader, HR_WARNING,
                       hr_k6_line_of(k, trio->counter),
                       "%s: the %s submetrics count %.0f failed requests "
                       "of %.0f: their kinds are not used", trio->counter,
                       use ? "status" : "error_code", sum[use], failures);
        return NULL;
    }
    memcpy(kinds, by[use], sizeof by[use]);
    return kinds;
}

/* Records a duration trend with its counter and failures; false in
 * *found when the trend or its counter is absent. */
static hr_status hr_k6_trio_read(hr_k6_summary *k, const hr_k6_trio *trio,
                                 bool *found)
{
    json_object *counter = hr_k6_stats(k, trio->counter);
    uint64_t kinds[HR_ERROR_KIND_COUNT];
    double count, rate, failures;

    *found = hr_k6_stats(k, trio->duration) != NULL;
    if (!*found)
        return HR_OK;
    if (!hr_k6_member_number(counter, "count", &count)) {
        *found = false;
        return hr_reader_skip(&k->reader, hr_k6_line_of(k, trio->duration),
                              "%s without a count in '%s'", trio->duration,
                              trio->counter);
    }
    if (isnan(k->duration_s) && hr_k6_member_number(counter, "rate", &rate)
        && rate > 0)
        k->duration_s = count / rate;
    failures = hr_k6_failures(k, trio->failed, count);
    return hr_k6_record(k, trio->duration, count, failures,
                        hr_k6_kinds(k, trio, failures, kinds));
}

/* Records the tagged submetrics of a trio whose count is known. */
static hr_status hr_k6_submetrics(hr_k6_summary *k, const hr_k6_trio *trio)
{
    size_t n = strlen(trio->duration);
    double total = 0, failures = 0, count;
    hr_status status = HR_OK;

    if (hr_k6_member_number(hr_k6_stats(k, trio->counter), "count", &total))
        failures = hr_k6_failures(k, trio->failed, total);
    json_object_object_foreach(k->metrics, name, metric) {
        (void)metric;
        if (strncmp(name, trio->duration, n) != 0 || name[n] != '{')
            continue;
        if (hr_k6_member_number(hr_k6_stats(k, name), "count", &count))
            status = hr_k6_record(k, name, count, 0, NULL);
        else if (strstr(name + n, "{expected_response:true}") && total > 0)
            status = hr_k6_record(k, name, total - failures, 0, NULL);
        else
            status = hr_reader_diag(&k->reader, HR_WARNING,
                                    hr_k6_line_of(k, name), "%s not read: "
                                    "k6 gives no count for it (add 'count' "
                                    "to summaryTrendStats)", name);
        if (status != HR_OK)
            return status;
    }
    return HR_OK;
}

/* ---- the summary ------------------------------------------------------ */

/* True when a metric name is one of k6's own (http_*, grpc_*, ws_*,
 * iteration and group durations) or a submetric. */
static bool hr_k6_builtin(const char *name)
{
    static const char *const prefixes[] = {
        "http_", "grpc_", "ws_", "iteration", "group_duration", "data_",
        "vus", "checks", NULL
    };

    for (const char *const *p = prefixes; *p; p++)
        if (strncmp(name, *p, strlen(*p)) == 0)
            return true;
    return strchr(name, '{') != NULL;
}

/* Without request metrics: iteration_duration, and a note of the custom
 * trends left unread. */
static hr_status hr_k6_fallback(hr_k6_summary *k)
{
    bool found;
    hr_status status;

    json_object_object_foreach(k->metrics, name, metric) {
        json_object *stats = hr_k6_stats(k, name);
        double med;

        (void)metric;
        if (!hr_k6_builtin(name) && hr_k6_member_number(stats, "med", &med))
            hr_reader_diag(&k->reader, HR_WARNING, hr_k6_line_of(k, name),
                           "custom trend '%s' not read: k6 gives no count "
                           "for it", name);
    }
    status = hr_k6_trio_read(k, &hr_k6_iterations, &found);
    if (status == HR_OK && found)
        hr_reader_diag(&k->reader, HR_WARNING, 0, "no http_req_duration or "
                       "grpc_req_duration: read iteration_duration (one per "
                       "script iteration) instead");
    return status;
}

/* Reads the request metrics, their submetrics, else the fallback. */
static hr_status hr_k6_metrics(hr_k6_summary *k)
{
    json_object *state;
    double ms;
    bool found, any = false;
    hr_status status = HR_OK;

    if (json_object_object_get_ex(k->root, "state", &state)
        && hr_k6_member_number(state, "testRunDurationMs", &ms) && ms > 0)
        k->duration_s = ms / 1000.0;
    for (size_t i = 0; i < HR_K6_TRIOS; i++) {
        status = hr_k6_trio_read(k, &hr_k6_trios[i], &found);
        if (status == HR_OK && found)
            status = hr_k6_submetrics(k, &hr_k6_trios[i]);
        if (status != HR_OK)
            return status;
        any = any || found;
    }
    return any ? HR_OK : hr_k6_fallback(k);
}

/* Reads the whole source into k->text. */
static hr_status hr_k6_slurp(hr_k6_summary *k, hr_source *source)
{
    size_t capacity = 0;
    hr_status status = HR_OK;

    for (;;) {
        size_t got;

        if (k->length + 4096 > capacity) {
            char *grown;

            capacity = capacity ? capacity * 2 : 65536;
            if (capacity > HR_K6_SUMMARY_MAX_BYTES + 4096)
                return HR_ERR_INVALID;
            grown = realloc(k->text, capacity);
            if (!grown)
                return HR_ERR_NOMEM;
            k->text = grown;
        }
        got = hr_source_read(source, k->text + k->length,
                             capacity - k->length - 1, &status);
        if (status != HR_OK || got == 0)
            break;
        k->length += got;
    }
    k->text[k->length] = '\0';
    return status;
}

/* Line and column of a byte offset in the text. */
static void hr_k6_position(const hr_k6_summary *k, size_t offset,
                           unsigned long *line, unsigned long *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset && i < k->length; i++) {
        *column = k->text[i] == '\n' ? 1 : *column + 1;
        *line += k->text[i] == '\n';
    }
}

/* Parses the text; on failure says where, and returns HR_ERR_NO_DATA. */
static hr_status hr_k6_parse_text(hr_k6_summary *k)
{
    json_tokener *tokener = json_tokener_new();
    unsigned long line, column;
    enum json_tokener_error error;

    if (!tokener)
        return HR_ERR_NOMEM;
    k->root = json_tokener_parse_ex(tokener, k->text, (int)k->length);
    error = json_tokener_get_error(tokener);
    hr_k6_position(k, json_tokener_get_parse_end(tokener), &line, &column);
    json_tokener_free(tokener);
    if (k->root && json_object_object_get_ex(k->root, "metrics",
                                             &k->metrics)
        && json_object_is_type(k->metrics, json_type_object))
        return HR_OK;
    if (memchr(k->text, '\0', k->length))
        error = json_tokener_error_parse_unexpected;
    if (k->length == 0) {
        hr_reader_diag(&k->reader, HR_ERROR, 0, "not a k6 summary: the "
                       "file is empty");
        return HR_ERR_NO_DATA;
    }
    if (k->reader.diags)
        hr_diags_add(k->reader.diags, HR_ERROR, k->reader.path, line,
                     column, "not a k6 summary: %s", k->root
                     ? "no 'metrics' object" : error == json_tokener_continue
                     ? "the JSON ends early (truncated file?)"
                     : json_tokener_error_desc(error));
    return HR_ERR_NO_DATA;
}

/* Reads the whole summary (it is small), then its metrics. */
hr_status hr_k6_summary_read(hr_source *source, hr_sample_set *set,
                             hr_diags *diags)
{
    hr_k6_summary k = {.duration_s = NAN};
    hr_status status;

    hr_reader_init(&k.reader, source, "k6-summary", set, diags);
    status = hr_reader_refuse_wide(&k.reader, source);
    if (status == HR_OK)
        status = hr_k6_slurp(&k, source);
    if (status == HR_ERR_INVALID)
        hr_reader_diag(&k.reader, HR_ERROR, 0, "larger than %zu MiB: not "
                       "a k6 summary", HR_K6_SUMMARY_MAX_BYTES >> 20);
    else if (status == HR_ERR_IO)
        hr_reader_diag(&k.reader, HR_ERROR, 0, "read failed: %s",
                       hr_source_error(source));
    if (status == HR_OK)
        status = hr_k6_parse_text(&k);
    if (status == HR_OK)
        status = hr_k6_metrics(&k);
    if (status == HR_OK)
        status = hr_reader_finish(&k.reader, "request metric "
                                  "(http_req_duration, grpc_req_duration, "
                                  "iteration_duration) with its count");
    json_object_put(k.root);
    free(k.text);
    hr_reader_release(&k.reader);
    return status;
}

/* True when the head is a JSON object naming k6's summary members: a
 * "root_group" (both shapes) or handleSummary's "testRunDurationMs". */
bool hr_k6_summary_sniff(const char *head, size_t length)
{
    size_t i = 0;

    while (i < length && strchr(" \t\r\n", head[i]) && head[i])
        i++;
    if (i == length || head[i] != '{')
        return false;
    return hr_text_find(head, length, "\"metrics\"")
           && (hr_text_find(head, length, "\"root_group\"")
               || hr_text_find(head, length, "\"testRunDurationMs\""));
}
