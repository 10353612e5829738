/*
 * k6_csv.c - reads k6's CSV output (k6 run --out csv).
 *
 * The first three columns are always metric_name, timestamp and
 * metric_value; the tag columns after them depend on the k6 version and
 * its systemTags option, and tags outside them land in "extra_tags" as
 * "key=value&key=value". So every column is found by its header name.
 *
 * Each http_req_duration or grpc_req_duration row is one request, as in
 * k6's JSON output (k6_json.c): the label is the name tag (else the url),
 * the timestamp is when the request ended, so the start is that minus
 * the duration. The timestamp is whole Unix seconds by default; k6's
 * timeFormat option also writes milliseconds, microseconds, nanoseconds
 * or RFC 3339, all recognised. The latest "vus" row gives the
 * concurrency.
 *
 * Sections: columns, rows.
 */
#include "input/readers.h"
#include "input/readers_b.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Where the columns a request needs sit in this file. */
typedef struct hr_k6_csv_columns {
    size_t fields;
    size_t metric, timestamp, value;
    size_t name, url, status, expected, error_code, extra;
} hr_k6_csv_columns;

/* State of one read. */
typedef struct hr_k6_csv_state {
    hr_reader reader;
    hr_csv_reader csv;
    hr_source *source;
    hr_k6_csv_columns columns;
    double vus;                 /* latest "vus" value, NAN before one */
    char tag[1024];             /* a value taken out of extra_tags */
} hr_k6_csv_state;

/* ---- columns ---------------------------------------------------------- */

/* Index of the header column called name. */
static size_t hr_k6_csv_find(const hr_csv_reader *csv, const char *name)
{
    const char *names[] = {name, NULL};

    return hr_csv_column(csv, names);
}

/* Says that the header lacks a required column; returns false. */
static bool hr_k6_csv_missing(hr_k6_csv_state *k, const char *name)
{
    hr_reader_diag(&k->reader, HR_ERROR, k->csv.record_line, "no requests: "
                   "the header has no '%s' column", name);
    return false;
}

/* Finds the columns in the header; false when a required one is
 * missing, after saying which. */
static bool hr_k6_csv_header(hr_k6_csv_state *k)
{
    hr_k6_csv_columns *c = &k->columns;

    c->fields = hr_csv_field_count(&k->csv);
    c->metric = hr_k6_csv_find(&k->csv, "metric_name");
    c->timestamp = hr_k6_csv_find(&k->csv, "timestamp");
    c->value = hr_k6_csv_find(&k->csv, "metric_value");
    c->name = hr_k6_csv_find(&k->csv, "name");
    c->url = hr_k6_csv_find(&k->csv, "url");
    c->status = hr_k6_csv_find(&k->csv, "status");
    c->expected = hr_k6_csv_find(&k->csv, "expected_response");
    c->error_code = hr_k6_csv_find(&k->csv, "error_code");
    c->extra = hr_k6_csv_find(&k->csv, "extra_tags");
    if (c->metric == HR_COLUMN_ABSENT)
        return hr_k6_csv_missing(k, "metric_name");
    if (c->timestamp == HR_COLUMN_ABSENT)
        return hr_k6_csv_missing(k, "timestamp");
    if (c->value == HR_COLUMN_ABSENT)
        return hr_k6_csv_missing(k, "metric_value");
    return true;
}

/* The value of a tag: its own column, else "key=value" in extra_tags;
 * NULL when neither has it. */
static const char *hr_k6_csv_tag(hr_k6_csv_state *k, size_t column,
                                 const char *key)
{
    const char *cell = hr_csv_cell(&k->csv, column);
    const char *extra = hr_csv_cell(&k->csv, k->columns.extra);
    size_t n = strlen(key);

    if (cell && *cell)
        return cell;
    while (extra && *extra) {
        size_t length = strcspn(extra, "&");

        if (length > n && strncmp(extra, key, n) == 0 && extra[n] == '='
            && length - n - 1 < sizeof k->tag) {
            memcpy(k->tag, extra + n + 1, length - n - 1);
            k->tag[length - n - 1] = '\0';
            return k->tag;
        }
        extra += length + (extra[length] == '&');
    }
    return NULL;
}

/* ---- rows ------------------------------------------------------------- */

/* Reads a k6 timestamp as epoch milliseconds: an integer in seconds,
 * milliseconds, microseconds or nanoseconds (told apart by size, as no
 * test ran before 1973 or after 5138), or RFC 3339. */
static bool hr_k6_csv_time_ms(const char *text, double *ms)
{
    double value;

    if (hr_text_rfc3339_ms(text, ms))
        return true;
    if (!hr_text_number(text, &value) || value <= 0)
        return false;
    if (value < 1e11)
        *ms = value * 1e3;
    else if (value < 1e14)
        *ms = value;
    else if (value < 1e17)
        *ms = value / 1e3;
    else
        *ms = value / 1e6;
    return true;
}

/* Turns a request row into a sample, or skips it with a reason. */
static hr_status hr_k6_csv_request(hr_k6_csv_state *k, const char *metric,
                                   double value)
{
    const hr_k6_csv_columns *c = &k->columns;
    hr_sample sample = {.bytes = NAN, .concurrency = k->vus};
    const char *name, *stamp = hr_csv_cell(&k->csv, c->timestamp);
    double end_ms;
    hr_status status;

    if (!(value >= 0 && value <= HR_READER_MAX_MS))
        return hr_reader_skip(&k->reader, k->csv.record_line, "duration "
                              "%g ms is out of range 0 to %.0f", value,
                              HR_READER_MAX_MS);
    if (!stamp || !hr_k6_csv_time_ms(stamp, &end_ms))
        return hr_reader_skip(&k->reader, k->csv.record_line, "timestamp "
                              "is not a Unix time or an RFC 3339 time");
    name = hr_k6_csv_tag(k, c->name, "name");
    name = name ? name : hr_k6_csv_tag(k, c->url, "url");
    name = name ? name : metric;
    sample.label = hr_reader_label(&k->reader, k->csv.record_line, name,
                                   strlen(name));
    if (!sample.label)
        return HR_ERR_NOMEM;
    sample.elapsed_ms = value;
    sample.timestamp_ms = end_ms - value;
    sample.error = hr_k6_outcome(metric, hr_csv_cell(&k->csv, c->status),
                                 hr_csv_cell(&k->csv, c->expected),
                                 hr_csv_cell(&k->csv, c->error_code));
    status = hr_sample_set_record(k->reader.set, &sample);
    k->reader.records += status == HR_OK;
    return status;
}

/* Reads one data row. */
static hr_status hr_k6_csv_row(hr_k6_csv_state *k)
{
    const hr_k6_csv_columns *c = &k->columns;
    const char *problem = hr_csv_record_problem(&k->csv);
    const char *metric, *cell;
    char excerpt[48];
    double value;

    if (problem)
        return hr_reader_skip(&k->reader, k->csv.record_line, "%s",
                              problem);
    if (hr_csv_field_count(&k->csv) != c->fields)
        return hr_reader_skip(&k->reader, k->csv.record_line, "expected "
                              "%zu fields, got %zu", c->fields,
                              hr_csv_field_count(&k->csv));
    metric = hr_csv_cell(&k->csv, c->metric);
    if (strcmp(metric, "vus") != 0
        && strcmp(metric, "http_req_duration") != 0
        && strcmp(metric, "grpc_req_duration") != 0)
        return HR_OK;
    cell = hr_csv_cell(&k->csv, c->value);
    if (!hr_text_number(cell, &value)) {
        hr_text_excerpt(cell, excerpt);
        return hr_reader_skip(&k->reader, k->csv.record_line, "metric_value "
                              "'%s' is not a number", excerpt);
    }
    if (strcmp(metric, "vus") == 0) {
        k->vus = value;
        return HR_OK;
    }
    return hr_k6_csv_request(k, metric, value);
}

/* Reads the header, then every row. */
static hr_status hr_k6_csv_rows(hr_k6_csv_state *k)
{
    bool got = true;
    hr_status status = hr_reader_csv_next(&k->reader, &k->csv, k->source,
                                          &got);

    if (status != HR_OK)
        return status;
    if (!got || !hr_k6_csv_header(k)) {
        if (!got)
            hr_reader_diag(&k->reader, HR_ERROR, 0, "no requests: the file "
                           "is empty");
        return HR_ERR_NO_DATA;
    }
    while (status == HR_OK) {
        status = hr_reader_csv_next(&k->reader, &k->csv, k->source, &got);
        if (status != HR_OK || !got)
            break;
        status = hr_k6_csv_row(k);
    }
    return status;
}

/* Reads the header and every row into samples. */
hr_status hr_k6_csv_read(hr_source *source,
                                hr_sample_set *set, hr_diags *diags)
{
    hr_k6_csv_state k = {.source = source, .vus = NAN};
    hr_status status;

    hr_reader_init(&k.reader, source, "k6-csv", set, diags);
    hr_csv_reader_init_source(&k.csv, source, ',');
    status = hr_reader_refuse_wide(&k.reader, source);
    if (status == HR_OK)
        status = hr_k6_csv_rows(&k);
    if (status == HR_OK)
        status = hr_reader_finish(&k.reader, "http_req_duration or "
                                  "grpc_req_duration rows");
    hr_csv_reader_release(&k.csv);
    hr_reader_release(&k.reader);
    return status;
}

/* True when the file starts with k6's fixed first three columns. */
bool hr_k6_csv_sniff(const char *head, size_t length)
{
    static const char lead[] = "metric_name,timestamp,metric_value";
    size_t n = sizeof lead - 1;

    if (length >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
        head += 3;
        length -= 3;
    }
    return length >= n && memcmp(head, lead, n) == 0
           && (length == n || strchr(",\r\n", head[n]));
}
