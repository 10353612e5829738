/*
 * locust.c - reads the CSV files Locust writes with --csv PREFIX:
 *
 *   PREFIX_stats.csv          one row per endpoint and an "Aggregated"
 *                             row: counts, failures, min, mean, max,
 *                             requests/s and percentiles 50 % to 100 %;
 *                             before Locust 1.0, PREFIX_requests.csv with
 *                             "# requests" columns, a median and no
 *                             percentiles, its totals row "None","Total";
 *   PREFIX_stats_history.csv  one row per second (per endpoint too with
 *                             --csv-full-history): cumulative "Total"
 *                             columns and the percentiles of a recent
 *                             window only;
 *   PREFIX_failures.csv       failures by endpoint and error message.
 *
 * Locust keeps no samples, so each endpoint becomes a reported summary
 * (hr_sample_set_record_summary) with the tool's own figures. Its
 * percentiles are rounded to two significant digits (Locust's
 * stats.py rounds response times above 100 ms before counting them), and
 * are kept as they are: the summary names them "reported by locust".
 * The history file gives each endpoint's last cumulative row (count,
 * failures, min, mean, max and the whole-run median); its windowed
 * percentiles do not describe the run and are not read. The totals row
 * ("Aggregated", "Total") repeats the endpoints and is read only when a
 * file has no endpoint rows. Labels are "TYPE NAME" ("GET /carts/{id}"), as
 * the same name may be used with several methods.
 *
 * Cells may be quoted (numbers too), "N/A" (no value yet) or empty; a
 * name that is not UTF-8 is reported and kept (hr_reader_label).
 *
 * A failures file read alone gives each endpoint's failures as requests
 * that failed, of the kind the message tells (hr_error_kind_of_message:
 * gaierror is a connection failure), without times. Read beside the
 * stats or history file of the same run (inputs.c finds them by name),
 * it only splits that file's failure counts by kind
 * (hr_locust_kinds_read): its failures are among those counts already.
 * Where the two disagree about an endpoint, a warning says so and its
 * failures count as "other".
 *
 * Sections: columns, cells, failure kinds, stats, history, failures,
 * sniffers.
 */
#include "input/readers.h"
#include "input/readers_b.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Percentile columns kept from one header. */
#define HR_LOCUST_PERCENTILES 32

/* Endpoints followed through a history file; more are skipped. */
#define HR_LOCUST_MAX_LABELS 10000

/* Counts from 2^53 on are no longer exact doubles: not a real count. */
#define HR_LOCUST_MAX_COUNT 9007199254740992.0

/* Where a Locust CSV keeps each figure (HR_COLUMN_ABSENT when not). */
typedef struct hr_locust_columns {
    size_t fields;
    size_t type, name, count, failures, median, mean, min, max, rps;
    size_t timestamp, total_count, total_failures, total_median;
    size_t total_mean, total_min, total_max;
    size_t error, occurrences;
    size_t percent_count;
    size_t percent_column[HR_LOCUST_PERCENTILES];
    double percent_q[HR_LOCUST_PERCENTILES];
} hr_locust_columns;

/* The figures of one row. */
typedef struct hr_locust_row {
    const char *type;
    const char *name;
    double count, failures, median, mean, min, max, rps;
    size_t quantile_count;
    double q[HR_LOCUST_PERCENTILES + 1];
    double v[HR_LOCUST_PERCENTILES + 1];
} hr_locust_row;

/* State of one read. */
typedef struct hr_locust_read {
    hr_reader reader;
    hr_csv_reader csv;
    hr_source *source;
    hr_locust_columns columns;
    hr_locust_kinds *kinds;     /* the run's failures by kind, or NULL */
    hr_locust_kinds *collect;   /* failure rows go here instead of set */
} hr_locust_read;

/* ---- columns ---------------------------------------------------------- */

/* Index of the header column with one of the names (NULL-terminated). */
#define HR_LOCUST_COLUMN(csv, ...) \
    hr_csv_column((csv), (const char *const[]){__VA_ARGS__, NULL})

/* Finds the "N%" columns: percentiles below 100 (100 % is the maximum,
 * given exactly elsewhere). */
static void hr_locust_percent_columns(const hr_csv_reader *csv,
                                      hr_locust_columns *c)
{
    c->percent_count = 0;
    for (size_t i = 0; i < hr_csv_field_count(csv); i++) {
        char number[32];
        const char *field = hr_csv_field(csv, i);
        size_t n = strlen(field);
        double p;

        if (n < 2 || n >= sizeof number || field[n - 1] != '%'
            || c->percent_count == HR_LOCUST_PERCENTILES)
            continue;
        memcpy(number, field, n - 1);
        number[n - 1] = '\0';
        if (!hr_text_number(number, &p) || !(p > 0 && p < 100))
            continue;
        c->percent_column[c->percent_count] = i;
        c->percent_q[c->percent_count++] = p / 100.0;
    }
}

/* Finds every column any Locust CSV may have in the current header. */
static void hr_locust_find_columns(const hr_csv_reader *csv,
                                   hr_locust_columns *c)
{
    c->fields = hr_csv_field_count(csv);
    c->type = HR_LOCUST_COLUMN(csv, "Type", "Method");
    c->name = HR_LOCUST_COLUMN(csv, "Name");
    c->count = HR_LOCUST_COLUMN(csv, "Request Count", "# requests");
    c->failures = HR_LOCUST_COLUMN(csv, "Failure Count", "# failures");
    c->median = HR_LOCUST_COLUMN(csv, "Median Response Time");
    c->mean = HR_LOCUST_COLUMN(csv, "Average Response Time");
    c->min = HR_LOCUST_COLUMN(csv, "Min Response Time");
    c->max = HR_LOCUST_COLUMN(csv, "Max Response Time");
    c->rps = HR_LOCUST_COLUMN(csv, "Requests/s");
    c->timestamp = HR_LOCUST_COLUMN(csv, "Timestamp");
    c->total_count = HR_LOCUST_COLUMN(csv, "Total Request Count");
    c->total_failures = HR_LOCUST_COLUMN(csv, "Total Failure Count");
    c->total_median = HR_LOCUST_COLUMN(csv, "Total Median Response Time");
    c->total_mean = HR_LOCUST_COLUMN(csv, "Total Average Response Time");
    c->total_min = HR_LOCUST_COLUMN(csv, "Total Min Response Time");
    c->total_max = HR_LOCUST_COLUMN(csv, "Total Max Response Time");
    c->error = HR_LOCUST_COLUMN(csv, "Error");
    c->occurrences = HR_LOCUST_COLUMN(csv, "Occurrences");
    hr_locust_percent_columns(csv, c);
}

/* Reads the header and finds the columns in it. */
static hr_status hr_locust_header(hr_locust_read *l)
{
    bool got = true;
    hr_status status = hr_reader_csv_next(&l->reader, &l->csv, l->source,
                                          &got);

    if (status != HR_OK)
        return status;
    if (!got) {
        hr_reader_diag(&l->reader, HR_ERROR, 0, "no rows: the file is "
                       "empty");
        return HR_ERR_NO_DATA;
    }
    hr_locust_find_columns(&l->csv, &l->columns);
    return HR_OK;
}

/* Starts a read of source as the format named format: refuses UTF-16
 * and UTF-32 text, then reads the header. l->source is set. */
static hr_status hr_locust_open(hr_locust_read *l, const char *format,
                                hr_sample_set *set, hr_diags *diags)
{
    hr_status status;

    hr_reader_init(&l->reader, l->source, format, set, diags);
    hr_csv_reader_init_source(&l->csv, l->source, ',');
    status = hr_reader_refuse_wide(&l->reader, l->source);
    if (status == HR_OK)
        status = hr_locust_header(l);
    return status;
}

/* Ends a read that hr_locust_open started. */
static void hr_locust_close(hr_locust_read *l)
{
    hr_csv_reader_release(&l->csv);
    hr_reader_release(&l->reader);
}

/* HR_OK when the header has the column at index, else HR_ERR_NO_DATA
 * with an error naming it. */
static hr_status hr_locust_require(hr_locust_read *l, size_t index,
                                   const char *name)
{
    if (index != HR_COLUMN_ABSENT)
        return HR_OK;
    hr_reader_diag(&l->reader, HR_ERROR, l->csv.record_line, "no rows: "
                   "the header has no '%s' column", name);
    return HR_ERR_NO_DATA;
}

/* ---- cells ------------------------------------------------------------ */

/* Reads a cell as a number: NAN for "N/A", empty or an absent column;
 * false when it holds anything else that is not a number. */
static bool hr_locust_number(const hr_locust_read *l, size_t column,
                             double *value)
{
    const char *cell = hr_csv_cell(&l->csv, column);

    *value = NAN;
    if (!cell || cell[strspn(cell, " ")] == '\0' || strcmp(cell, "N/A") == 0)
        return true;
    return hr_text_number(cell, value);
}

/* Reads the numeric cells of columns (named for messages) into values;
 * false after skipping the row when one is not a number or negative. */
static bool hr_locust_numbers(hr_locust_read *l, const size_t *columns,
                              const char *const *names, double *const *out,
                              size_t count)
{
    for (size_t i = 0; i < count; i++) {
        char excerpt[48];

        if (hr_locust_number(l, columns[i], out[i]) && !(*out[i] < 0))
            continue;
        hr_text_excerpt(hr_csv_cell(&l->csv, columns[i]), excerpt);
        hr_reader_skip(&l->reader, l->csv.record_line, "%s '%s' is not a "
                       "number of 0 or more", names[i], excerpt);
        return false;
    }
    return true;
}

/* Checks that a row's figures can be true together; false after
 * skipping it when they cannot. */
static bool hr_locust_sane(hr_locust_read *l, const hr_locust_row *row)
{
    const char *why = NULL;

    if (isnan(row->count) || row->count != floor(row->count)
        || (!isnan(row->failures) && row->failures != floor(row->failures)))
        why = "the request count is missing or not a whole number";
    else if (row->count >= HR_LOCUST_MAX_COUNT)
        why = "the request count is over 2^53, not a count";
    else if (row->failures > row->count)
        why = "more failures than requests";
    else if (row->max > HR_READER_MAX_MS || row->min > row->max)
        why = "the minimum is above the maximum, or the maximum above a "
              "year";
    for (size_t i = 1; !why && i < row->quantile_count; i++)
        if (row->v[i] < row->v[i - 1])
            why = "the percentiles do not ascend";
    if (!why)
        return true;
    hr_reader_skip(&l->reader, l->csv.record_line, "%s", why);
    return false;
}

/* The row's label: "TYPE NAME", or the name alone without a type. */
static const char *hr_locust_label(hr_locust_read *l, const char *type,
                                   const char *name)
{
    size_t t = type ? strlen(type) : 0, n = strlen(name);
    char *joined;
    const char *label;

    if (t == 0)
        return hr_reader_label(&l->reader, l->csv.record_line, name, n);
    joined = malloc(t + n + 2);
    if (!joined)
        return NULL;
    memcpy(joined, type, t);
    joined[t] = ' ';
    memcpy(joined + t + 1, name, n + 1);
    label = hr_reader_label(&l->reader, l->csv.record_line, joined,
                            t + 1 + n);
    free(joined);
    return label;
}

/* True for a totals row: "Aggregated" (Locust 1.0+) or "None","Total"
 * (before 1.0). */
static bool hr_locust_is_total(const char *type, const char *name)
{
    bool untyped = !type || !*type || strcmp(type, "None") == 0;

    return untyped && (strcmp(name, "Aggregated") == 0
                       || strcmp(name, "Total") == 0);
}

/* Records a row as a reported summary under label, its failures split
 * by kind as kinds tells (NULL: all "other"). */
static hr_status hr_locust_record(hr_locust_read *l, const char *label,
                                  const hr_locust_row *row,
                                  const uint64_t *kinds)
{
    hr_reported_summary s = {
        .label = label, .tool = "locust",
        .count = (uint64_t)row->count,
        .errors = isnan(row->failures) ? 0 : (uint64_t)row->failures,
        .min_ms = row->min, .mean_ms = row->mean, .max_ms = row->max,
        .quantile_count = row->quantile_count,
        .quantiles = row->q, .values_ms = row->v,
        .duration_s = row->rps > 0 ? row->count / row->rps : (double)NAN,
        .errors_by_kind = kinds,
    };

    if (!label)
        return HR_ERR_NOMEM;
    return hr_sample_set_record_summary(l->reader.set, &s);
}

/* Checks the row's width; false after skipping it. */
static bool hr_locust_fits(hr_locust_read *l)
{
    const char *problem = hr_csv_record_problem(&l->csv);

    if (!problem && hr_csv_field_count(&l->csv) == l->columns.fields)
        return true;
    if (problem)
        hr_reader_skip(&l->reader, l->csv.record_line, "%s", problem);
    else
        hr_reader_skip(&l->reader, l->csv.record_line, "expected %zu "
                       "fields, got %zu", l->columns.fields,
                       hr_csv_field_count(&l->csv));
    return false;
}

/* ---- failure kinds ---------------------------------------------------- */

/* One endpoint's failures by kind, from a failures file. */
typedef struct hr_locust_failed {
    char *label;
    uint64_t kinds[HR_ERROR_KIND_COUNT];
    uint64_t total;
    bool used;                  /* a row of the counts file matched it */
} hr_locust_failed;

struct hr_locust_kinds {
    hr_locust_failed *items;    /* one per label, sorted, once joined */
    size_t count, capacity;
    char *path;                 /* the failures file, for messages */
};

/* items (count of *capacity used) with room for one more of size bytes,
 * doubling from 16: moved, or as it was; NULL when out of memory, items
 * then untouched. */
static void *hr_locust_reserve(void *items, size_t *capacity, size_t count,
                               size_t size)
{
    size_t larger = *capacity ? 2 * *capacity : 16;
    void *grown;

    if (count < *capacity)
        return items;
    grown = realloc(items, larger * size);
    if (grown)
        *capacity = larger;
    return grown;
}

/* Adds one failures row: occurrences failures of kind under label. */
static hr_status hr_locust_kinds_add(hr_locust_kinds *kinds,
                                     const char *label, hr_error_kind kind,
                                     uint64_t occurrences)
{
    hr_locust_failed *items = hr_locust_reserve(
        kinds->items, &kinds->capacity, kinds->count, sizeof *items);
    hr_locust_failed *item;

    if (!items)
        return HR_ERR_NOMEM;
    kinds->items = items;
    item = &kinds->items[kinds->count];
    memset(item, 0, sizeof *item);
    item->label = strdup(label);
    if (!item->label)
        return HR_ERR_NOMEM;
    item->kinds[kind] = occurrences;
    item->total = occurrences;
    kinds->count++;
    return HR_OK;
}

/* qsort order of failed endpoints by label. */
static int hr_locust_failed_order(const void *a, const void *b)
{
    return strcmp(((const hr_locust_failed *)a)->label,
                  ((const hr_locust_failed *)b)->label);
}

/* Sorts the rows by label and joins those of one label. */
static void hr_locust_kinds_join(hr_locust_kinds *kinds)
{
    size_t kept = 0;

    if (kinds->count == 0)
        return;
    qsort(kinds->items, kinds->count, sizeof *kinds->items,
          hr_locust_failed_order);
    for (size_t i = 1; i < kinds->count; i++) {
        hr_locust_failed *into = &kinds->items[kept];
        hr_locust_failed *row = &kinds->items[i];

        if (strcmp(into->label, row->label) != 0) {
            kinds->items[++kept] = *row;
            continue;
        }
        for (size_t k = 0; k < HR_ERROR_KIND_COUNT; k++)
            into->kinds[k] += row->kinds[k];
        into->total += row->total;
        free(row->label);
    }
    kinds->count = kept + 1;
}

/* The joined failures of label, or NULL (a binary search). */
static hr_locust_failed *hr_locust_kinds_find(const hr_locust_kinds *kinds,
                                              const char *label)
{
    size_t low = 0, high = kinds->count;

    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int order = strcmp(kinds->items[mid].label, label);

        if (order == 0)
            return &kinds->items[mid];
        if (order < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return NULL;
}

/* Adds one failed endpoint's kinds to out and marks it used. */
static uint64_t hr_locust_kinds_take(hr_locust_failed *item, uint64_t *out)
{
    for (size_t k = 0; k < HR_ERROR_KIND_COUNT; k++)
        out[k] += item->kinds[k];
    item->used = true;
    return item->total;
}

/*
 * Fills out with the failures by kind of a row recorded under label
 * (every endpoint's for a totals row) and returns it; NULL when the
 * run's failures file is not read or lists more failures than the row
 * counts. A difference is warned about at line; what the file does not
 * list counts as "other".
 */
static const uint64_t *hr_locust_row_kinds(hr_locust_read *l,
                                           const char *label, bool total,
                                           const hr_locust_row *row,
                                           unsigned long line,
                                           uint64_t *out)
{
    uint64_t failures = isnan(row->failures) ? 0 : (uint64_t)row->failures;
    uint64_t listed = 0;
    hr_locust_failed *item;

    if (!l->kinds)
        return NULL;
    memset(out, 0, HR_ERROR_KIND_COUNT * sizeof *out);
    for (size_t i = 0; total && i < l->kinds->count; i++)
        listed += hr_locust_kinds_take(&l->kinds->items[i], out);
    item = total ? NULL : hr_locust_kinds_find(l->kinds, label);
    if (item)
        listed += hr_locust_kinds_take(item, out);
    if (listed == failures)
        return out;
    hr_reader_diag(&l->reader, HR_WARNING, line, "'%s' has %" PRIu64
                   " failures, and '%s' lists %" PRIu64 ": %s counted as "
                   "'other'", label, failures, l->kinds->path, listed,
                   listed > failures ? "all" : "the rest");
    return listed > failures ? NULL : out;
}

/* Warns of the failed endpoints of the failures file that no row of the
 * counts file named: their failures are not counted. */
static void hr_locust_kinds_unused(hr_locust_read *l)
{
    size_t unused = 0;

    for (size_t i = 0; l->kinds && i < l->kinds->count; i++) {
        const hr_locust_failed *item = &l->kinds->items[i];

        if (item->used || ++unused > HR_READER_SKIPS_SHOWN)
            continue;
        hr_reader_diag(&l->reader, HR_WARNING, 0, "'%s' has %" PRIu64
                       " failures in '%s' but no row here: not counted",
                       item->label, item->total, l->kinds->path);
    }
    if (unused > HR_READER_SKIPS_SHOWN)
        hr_reader_diag(&l->reader, HR_WARNING, 0, "%zu names of '%s' in "
                       "all have no row here", unused, l->kinds->path);
}

/* Records a row of a stats or history file, its failures split by
 * kind when the run's failures file was read. */
static hr_status hr_locust_record_counts(hr_locust_read *l,
                                         const char *label, bool total,
                                         const hr_locust_row *row,
                                         unsigned long line)
{
    uint64_t kinds[HR_ERROR_KIND_COUNT];

    if (!label)
        return HR_ERR_NOMEM;
    return hr_locust_record(l, label, row, hr_locust_row_kinds(
                                               l, label, total, row, line,
                                               kinds));
}

void hr_locust_kinds_free(hr_locust_kinds *kinds)
{
    if (!kinds)
        return;
    for (size_t i = 0; i < kinds->count; i++)
        free(kinds->items[i].label);
    free(kinds->items);
    free(kinds->path);
    free(kinds);
}

/* ---- stats ------------------------------------------------------------ */

/* Reads the figures of a stats row; false after skipping it. */
static bool hr_locust_stats_row(hr_locust_read *l, hr_locust_row *row)
{
    const hr_locust_columns *c = &l->columns;
    const size_t columns[] = {
        c->count, c->failures, c->median, c->mean, c->min, c->max, c->rps
    };
    static const char *const names[] = {
        "request count", "failure count", "median", "average", "minimum",
        "maximum", "requests/s"
    };
    double *const out[] = {
        &row->count, &row->failures, &row->median, &row->mean, &row->min,
        &row->max, &row->rps
    };
    double value;

    row->type = hr_csv_cell(&l->csv, c->type);
    row->name = hr_csv_cell(&l->csv, c->name);
    if (!hr_locust_numbers(l, columns, names, out, 7))
        return false;
    row->quantile_count = 0;
    if (c->percent_count == 0 && !isnan(row->median)) {
        row->q[0] = 0.5;
        row->v[row->quantile_count++] = row->median;
    }
    for (size_t i = 0; i < c->percent_count; i++) {
        if (!hr_locust_numbers(l, &c->percent_column[i],
                               (const char *const[]){"percentile"},
                               (double *const[]){&value}, 1))
            return false;
        if (isnan(value))
            continue;
        row->q[row->quantile_count] = c->percent_q[i];
        row->v[row->quantile_count++] = value;
    }
    return hr_locust_sane(l, row);
}

/* Reads every row of a stats file; keeps the totals row in *total for
 * a file without endpoints. */
static hr_status hr_locust_stats_rows(hr_locust_read *l, hr_locust_row *total,
                                      bool *has_total, size_t *endpoints)
{
    hr_status status = HR_OK;
    hr_locust_row row;
    bool got = true;

    while (status == HR_OK) {
        status = hr_reader_csv_next(&l->reader, &l->csv, l->source, &got);
        if (status != HR_OK || !got)
            break;
        if (!hr_locust_fits(l) || !hr_locust_stats_row(l, &row))
            continue;
        l->reader.records++;
        if (hr_locust_is_total(row.type, row.name)) {
            *total = row;
            *has_total = true;
            continue;
        }
        (*endpoints)++;
        status = hr_locust_record_counts(
            l, hr_locust_label(l, row.type, row.name), false, &row,
            l->csv.record_line);
    }
    return status;
}

/* Reads a stats file: one summary per endpoint row. */
static hr_status hr_locust_stats_run(hr_source *source, hr_sample_set *set,
                                     hr_diags *diags,
                                     hr_locust_kinds *kinds)
{
    hr_locust_read l = {.source = source, .kinds = kinds};
    hr_locust_row total;
    bool has_total = false;
    size_t endpoints = 0;
    hr_status status;

    status = hr_locust_open(&l, "locust-stats", set, diags);
    if (status == HR_OK)
        status = hr_locust_require(&l, l.columns.name, "Name");
    if (status == HR_OK)
        status = hr_locust_require(&l, l.columns.count, "Request Count");
    if (status == HR_OK)
        status = hr_locust_stats_rows(&l, &total, &has_total, &endpoints);
    if (status == HR_OK && endpoints == 0 && has_total)
        status = hr_locust_record_counts(&l, "Aggregated", true, &total, 0);
    if (status == HR_OK)
        hr_locust_kinds_unused(&l);
    if (status == HR_OK)
        status = hr_reader_finish(&l.reader, "stats rows");
    hr_locust_close(&l);
    return status;
}

hr_status hr_locust_stats_read(hr_source *source, hr_sample_set *set,
                               hr_diags *diags)
{
    return hr_locust_stats_run(source, set, diags, NULL);
}

hr_status hr_locust_stats_read_kinds(hr_source *source, hr_sample_set *set,
                                     hr_diags *diags,
                                     hr_locust_kinds *kinds)
{
    return hr_locust_stats_run(source, set, diags, kinds);
}

/* ---- history ---------------------------------------------------------- */

/* One endpoint followed through a history file: its last row. */
typedef struct hr_locust_track {
    char *key;                  /* type, a tab, name: as written */
    char *label;
    bool total;
    double first_s, last_s;
    hr_locust_row row;          /* type and name not kept */
} hr_locust_track;

/* The endpoints of one history read. */
typedef struct hr_locust_tracks {
    hr_locust_track *items;
    size_t count, capacity;
    size_t last;                /* index of the last one found */
} hr_locust_tracks;

/* The track of type and name, or NULL. Rows cycle through the
 * endpoints, so the search starts after the last one found. */
static hr_locust_track *hr_locust_track_find(hr_locust_tracks *tracks,
                                             const char *type,
                                             const char *name)
{
    size_t t = strlen(type);

    for (size_t k = 0; k < tracks->count; k++) {
        size_t i = (tracks->last + k) % tracks->count;
        const char *key = tracks->items[i].key;

        if (strncmp(key, type, t) == 0 && key[t] == '\t'
            && strcmp(key + t + 1, name) == 0) {
            tracks->last = i;
            return &tracks->items[i];
        }
    }
    return NULL;
}

/* Adds a track for type and name; NULL when out of memory. */
static hr_locust_track *hr_locust_track_add(hr_locust_read *l,
                                            hr_locust_tracks *tracks,
                                            const char *type,
                                            const char *name)
{
    size_t t = strlen(type), n = strlen(name);
    const char *label = hr_locust_label(l, type, name);
    hr_locust_track *items = hr_locust_reserve(
        tracks->items, &tracks->capacity, tracks->count, sizeof *items);
    hr_locust_track *track;

    if (!items)
        return NULL;
    tracks->items = items;
    track = &tracks->items[tracks->count];
    memset(track, 0, sizeof *track);
    track->key = malloc(t + n + 2);
    track->label = label ? strdup(label) : NULL;
    if (!track->key || !track->label) {
        free(track->key);
        free(track->label);
        return NULL;
    }
    memcpy(track->key, type, t);
    track->key[t] = '\t';
    memcpy(track->key + t + 1, name, n + 1);
    track->first_s = NAN;
    track->total = hr_locust_is_total(type, name);
    tracks->last = tracks->count++;
    return track;
}

/* Reads the cumulative figures of a history row; false after skipping
 * it. */
static bool hr_locust_history_row(hr_locust_read *l, hr_locust_row *row,
                                  double *time_s)
{
    const hr_locust_columns *c = &l->columns;
    const size_t columns[] = {
        c->timestamp, c->total_count, c->total_failures, c->total_median,
        c->total_mean, c->total_min, c->total_max
    };
    static const char *const names[] = {
        "timestamp", "total request count", "total failure count",
        "total median", "total average", "total minimum", "total maximum"
    };
    double *const out[] = {
        time_s, &row->count, &row->failures, &row->median, &row->mean,
        &row->min, &row->max
    };

    if (!hr_locust_numbers(l, columns, names, out, 7))
        return false;
    if (isnan(*time_s)) {
        hr_reader_skip(&l->reader, l->csv.record_line, "no timestamp");
        return false;
    }
    row->rps = NAN;
    row->quantile_count = 0;
    if (!isnan(row->median)) {
        row->q[0] = 0.5;
        row->v[row->quantile_count++] = row->median;
    }
    return hr_locust_sane(l, row);
}

/* Reads one history row into its endpoint's track. */
static hr_status hr_locust_history_step(hr_locust_read *l,
                                        hr_locust_tracks *tracks)
{
    const char *type = hr_csv_cell(&l->csv, l->columns.type);
    const char *name = hr_csv_cell(&l->csv, l->columns.name);
    hr_locust_track *track;
    hr_locust_row row;
    double time_s;

    if (!hr_locust_fits(l) || !hr_locust_history_row(l, &row, &time_s))
        return HR_OK;
    type = type ? type : "";
    track = hr_locust_track_find(tracks, type, name);
    if (!track && tracks->count == HR_LOCUST_MAX_LABELS)
        return hr_reader_skip(&l->reader, l->csv.record_line, "over %d "
                              "names", HR_LOCUST_MAX_LABELS);
    if (!track)
        track = hr_locust_track_add(l, tracks, type, name);
    if (!track)
        return HR_ERR_NOMEM;
    if (isnan(track->first_s))
        track->first_s = time_s;
    track->last_s = time_s;
    track->row = row;
    l->reader.records++;
    return HR_OK;
}

/* Records each endpoint's last row (the totals only without endpoints):
 * its span of rows gives the duration. */
static hr_status hr_locust_history_record(hr_locust_read *l,
                                          hr_locust_tracks *tracks)
{
    bool endpoints = false;
    hr_status status = HR_OK;

    for (size_t i = 0; i < tracks->count; i++)
        endpoints = endpoints || !tracks->items[i].total;
    for (size_t i = 0; status == HR_OK && i < tracks->count; i++) {
        hr_locust_track *track = &tracks->items[i];
        double span = track->last_s - track->first_s;

        if (track->total && endpoints)
            continue;
        track->row.rps = span > 0 ? track->row.count / span : (double)NAN;
        status = hr_locust_record_counts(l, track->label, track->total,
                                         &track->row, 0);
    }
    return status;
}

/* Reads a history file: each endpoint's last cumulative row. */
static hr_status hr_locust_history_run(hr_source *source,
                                       hr_sample_set *set, hr_diags *diags,
                                       hr_locust_kinds *kinds)
{
    hr_locust_read l = {.source = source, .kinds = kinds};
    hr_locust_tracks tracks = {0};
    hr_status status;
    bool got = true;

    status = hr_locust_open(&l, "locust-history", set, diags);
    if (status == HR_OK)
        status = hr_locust_require(&l, l.columns.timestamp, "Timestamp");
    if (status == HR_OK)
        status = hr_locust_require(&l, l.columns.name, "Name");
    if (status == HR_OK)
        status = hr_locust_require(&l, l.columns.total_count,
                                   "Total Request Count");
    while (status == HR_OK) {
        status = hr_reader_csv_next(&l.reader, &l.csv, source, &got);
        if (status != HR_OK || !got)
            break;
        status = hr_locust_history_step(&l, &tracks);
    }
    if (status == HR_OK)
        status = hr_locust_history_record(&l, &tracks);
    if (status == HR_OK)
        hr_locust_kinds_unused(&l);
    if (status == HR_OK)
        status = hr_reader_finish(&l.reader, "history rows");
    for (size_t i = 0; i < tracks.count; i++) {
        free(tracks.items[i].key);
        free(tracks.items[i].label);
    }
    free(tracks.items);
    hr_locust_close(&l);
    return status;
}

hr_status hr_locust_history_read(hr_source *source, hr_sample_set *set,
                                 hr_diags *diags)
{
    return hr_locust_history_run(source, set, diags, NULL);
}

hr_status hr_locust_history_read_kinds(hr_source *source,
                                       hr_sample_set *set, hr_diags *diags,
                                       hr_locust_kinds *kinds)
{
    return hr_locust_history_run(source, set, diags, kinds);
}

/* ---- failures --------------------------------------------------------- */

/* The error kind of a failures row's message; "other" without one. */
static hr_error_kind hr_locust_failure_kind(const hr_locust_read *l)
{
    const char *message = hr_csv_cell(&l->csv, l->columns.error);
    hr_error_kind kind = hr_error_kind_of_message(message ? message : "");

    return kind == HR_SAMPLE_OK ? HR_SAMPLE_OTHER_ERROR : kind;
}

/* Reads one failures row: kept for the run's counts file when one is
 * read beside it, else recorded as requests that failed, with no time. */
static hr_status hr_locust_failure_row(hr_locust_read *l)
{
    const hr_locust_columns *c = &l->columns;
    hr_locust_row row = {
        .min = NAN, .mean = NAN, .max = NAN, .rps = NAN,
    };
    uint64_t kinds[HR_ERROR_KIND_COUNT] = {0};
    hr_error_kind kind;
    const char *label;
    hr_status status;

    if (!hr_locust_fits(l)
        || !hr_locust_numbers(l, &c->occurrences,
                              (const char *const[]){"occurrences"},
                              (double *const[]){&row.count}, 1))
        return HR_OK;
    row.failures = row.count;
    if (!hr_locust_sane(l, &row))
        return HR_OK;
    kind = hr_locust_failure_kind(l);
    label = hr_locust_label(l, hr_csv_cell(&l->csv, c->type),
                            hr_csv_cell(&l->csv, c->name));
    if (!label)
        return HR_ERR_NOMEM;
    kinds[kind] = (uint64_t)row.count;
    if (l->collect)
        status = hr_locust_kinds_add(l->collect, label, kind, kinds[kind]);
    else
        status = hr_locust_record(l, label, &row, kinds);
    l->reader.records += status == HR_OK;
    return status;
}

/* Reads a failures file: its rows into collect, or as summaries. */
static hr_status hr_locust_failures_run(hr_source *source,
                                        hr_sample_set *set,
                                        hr_diags *diags,
                                        hr_locust_kinds *collect)
{
    hr_locust_read l = {.source = source, .collect = collect};
    hr_status status;
    bool got = true;

    status = hr_locust_open(&l, "locust-failures", set, diags);
    if (status == HR_OK)
        status = hr_locust_require(&l, l.columns.name, "Name");
    if (status == HR_OK)
        status = hr_locust_require(&l, l.columns.occurrences, "Occurrences");
    while (status == HR_OK) {
        status = hr_reader_csv_next(&l.reader, &l.csv, source, &got);
        if (status != HR_OK || !got)
            break;
        status = hr_locust_failure_row(&l);
    }
    /* A header alone is a run without failures: a file read in full. */
    if (status == HR_OK && l.reader.records == 0 && l.reader.skipped == 0)
        status = hr_reader_note(&l.reader);
    else if (status == HR_OK)
        status = hr_reader_finish(&l.reader, "failure rows");
    hr_locust_close(&l);
    return status;
}

hr_status hr_locust_failures_read(hr_source *source, hr_sample_set *set,
                                  hr_diags *diags)
{
    return hr_locust_failures_run(source, set, diags, NULL);
}

hr_status hr_locust_kinds_read(hr_source *source, hr_sample_set *set,
                               hr_diags *diags, hr_locust_kinds **kinds)
{
    hr_status status;

    *kinds = calloc(1, sizeof **kinds);
    if (*kinds)
        (*kinds)->path = strdup(hr_source_name(source));
    if (!*kinds || !(*kinds)->path) {
        hr_locust_kinds_free(*kinds);
        *kinds = NULL;
        return HR_ERR_NOMEM;
    }
    status = hr_locust_failures_run(source, set, diags, *kinds);
    hr_locust_kinds_join(*kinds);
    return status;
}

/* ---- sniffers -------------------------------------------------------- */

/* Most header fields a sniffer looks at. */
#define HR_LOCUST_SNIFF_FIELDS 40

/* The first line of the head cut at commas, each field without its
 * quotes; returns the number of fields (0 when the line is too long). */
static size_t hr_locust_head_fields(const char *head, size_t length,
                                    char *line, size_t size,
                                    const char **fields)
{
    size_t n = 0, count = 0;
    char *save = NULL;

    if (length >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
        head += 3;
        length -= 3;
    }
    while (n < length && head[n] != '\n' && head[n] != '\r' && head[n])
        n++;
    if (n >= size)
        return 0;
    memcpy(line, head, n);
    line[n] = '\0';
    for (char *field = strtok_r(line, ",", &save);
         field && count < HR_LOCUST_SNIFF_FIELDS;
         field = strtok_r(NULL, ",", &save)) {
        size_t k = strlen(field);

        if (k >= 2 && field[0] == '"' && field[k - 1] == '"') {
            field[k - 1] = '\0';
            field++;
        }
        fields[count++] = field;
    }
    return count;
}

/* True when one of the fields is name, ignoring case. */
static bool hr_locust_has(const char **fields, size_t count,
                          const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcasecmp(fields[i], name) == 0)
            return true;
    return false;
}

/* Which Locust CSV the header names: 's'tats, 'h'istory, 'f'ailures,
 * or 0. */
static char hr_locust_kind(const char *head, size_t length)
{
    char line[4096];
    const char *f[HR_LOCUST_SNIFF_FIELDS];
    size_t n = hr_locust_head_fields(head, length, line, sizeof line, f);

    if (n < 4 || !hr_locust_has(f, n, "Name"))
        return 0;
    if (strcasecmp(f[0], "Timestamp") == 0
        && hr_locust_has(f, n, "Total Request Count"))
        return 'h';
    if (hr_locust_has(f, n, "Error") && hr_locust_has(f, n, "Occurrences"))
        return 'f';
    if ((hr_locust_has(f, n, "Request Count")
         || hr_locust_has(f, n, "# requests"))
        && hr_locust_has(f, n, "Median Response Time"))
        return 's';
    return 0;
}

/* True for a stats (or pre-1.0 requests) header. */
bool hr_locust_stats_sniff(const char *head, size_t length)
{
    return hr_locust_kind(head, length) == 's';
}

/* True for a history header. */
bool hr_locust_history_sniff(const char *head, size_t length)
{
    return hr_locust_kind(head, length) == 'h';
}

/* True for a failures header. */
bool hr_locust_failures_sniff(const char *head, size_t length)
{
    return hr_locust_kind(head, length) == 'f';
}
