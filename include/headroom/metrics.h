/*
 * metrics.h - measured request samples grouped by label, and their
 * summary statistics.
 *
 * Percentiles use the nearest-rank definition: for N sorted samples the
 * p-th percentile is x[ceil(p N)] (1-based). It is the only estimator that
 * keeps the meaning of "95 % of requests took at most this long"; reports
 * name it.
 */
#ifndef HEADROOM_METRICS_H
#define HEADROOM_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/error.h"

/* Why a sample failed, as far as its format tells. */
typedef enum hr_error_kind {
    HR_SAMPLE_OK,
    HR_SAMPLE_HTTP_4XX,
    HR_SAMPLE_HTTP_5XX,
    HR_SAMPLE_TIMEOUT,
    HR_SAMPLE_CONNECTION,    /* refused, reset, unknown host, TLS */
    HR_SAMPLE_ASSERTION,     /* the load tool's check failed */
    HR_SAMPLE_OTHER_ERROR,
    HR_ERROR_KIND_COUNT
} hr_error_kind;

/* Lowercase name of an error kind ("4xx", "timeout", ...). */
const char *hr_error_kind_name(hr_error_kind kind);

/* Summary of one label's samples. Times in milliseconds. */
typedef struct hr_label_stats {
    char *label;
    size_t samples;
    size_t errors;
    double error_rate;       /* errors / samples, 0..1 */
    double min_ms;
    double mean_ms;
    double p50_ms;
    double p95_ms;
    double p99_ms;
    double max_ms;
    /* samples / (last end - first start); NAN without timestamps */
    double throughput_per_s;
    size_t errors_by_kind[HR_ERROR_KIND_COUNT];
    double bytes;                /* total received; NAN when unknown */
    /* How the percentiles were found, for reports: "nearest rank",
     * "histogram, 3 digits" or "reported by <tool>". Static text. */
    const char *estimator;
} hr_label_stats;

/* What one input file gave. */
typedef struct hr_source_file {
    char *path;
    char *format;            /* e.g. "jmeter-csv" */
    size_t records;          /* rows read into the set */
    size_t skipped;          /* malformed rows skipped */
} hr_source_file;

/* One measured request, as a reader hands it to the set. */
typedef struct hr_sample {
    const char *label;       /* copied by the set */
    double elapsed_ms;       /* >= 0 */
    double timestamp_ms;     /* start, epoch ms; NAN when unknown */
    hr_error_kind error;
    double bytes;            /* received; NAN when unknown */
    double concurrency;      /* active users/threads; NAN when unknown */
} hr_sample;

/* Samples collected from one or more files. Opaque. */
typedef struct hr_sample_set hr_sample_set;

hr_sample_set *hr_sample_set_new(void);
void hr_sample_set_free(hr_sample_set *set);

/* Adds one sample. timestamp_ms is the start time in epoch milliseconds,
 * or NAN when the file has none. */
hr_status hr_sample_set_add(hr_sample_set *set, const char *label,
                            double elapsed_ms, bool success,
                            double timestamp_ms);

/* Adds one sample with everything its format gives. */
hr_status hr_sample_set_record(hr_sample_set *set, const hr_sample *sample);

/* A label's place in a set, for readers that record many samples of a
 * few labels: found (or added) once with hr_sample_set_label, then used
 * with hr_sample_set_record_to, which skips the lookup. It stays valid
 * while the set lives; the set owns it. */
typedef struct hr_label_ref hr_label_ref;

hr_status hr_sample_set_label(hr_sample_set *set, const char *label,
                              hr_label_ref **ref);

/* Adds one sample to the label of ref (sample->label is not used). */
hr_status hr_sample_set_record_to(hr_sample_set *set, hr_label_ref *ref,
                                  const hr_sample *sample);

/* Like hr_sample_set_record_to, but leaves the sample's histogram
 * counter to the caller, as hr_histogram_record_deferred does: *counter
 * must be incremented by one before the set is read, merged or freed. */
hr_status hr_sample_set_record_deferred(hr_sample_set *set,
                                        hr_label_ref *ref,
                                        const hr_sample *sample,
                                        uint64_t **counter);

/* Adds a whole latency histogram (e.g. one interval of an HdrHistogram
 * log) for a label over [start_ms, end_ms) (NAN when unknown), with the
 * number of failed requests among its counts. */
struct hr_histogram;
hr_status hr_sample_set_record_histogram(hr_sample_set *set,
                                         const char *label, double start_ms,
                                         double end_ms,
                                         const struct hr_histogram *latency,
                                         uint64_t errors);

/* A tool's own end-of-test summary of one label (Locust stats, k6
 * summary, wrk): kept as reported, since the samples behind it are gone. */
typedef struct hr_reported_summary {
    const char *label;
    const char *tool;            /* "locust", "k6", "wrk", ... */
    uint64_t count;
    uint64_t errors;
    double min_ms;               /* NAN when not reported */
    double mean_ms;
    double max_ms;
    size_t quantile_count;
    const double *quantiles;     /* ascending, e.g. 0.5, 0.95, 0.99 */
    const double *values_ms;     /* the tool's value at each quantile */
    double duration_s;           /* for throughput; NAN when unknown */
    /* The failed requests by kind, HR_ERROR_KIND_COUNT entries (the
     * HR_SAMPLE_OK one unused) adding up to at most errors, the rest
     * counted as "other"; NULL when the tool does not tell. */
    const uint64_t *errors_by_kind;
} hr_reported_summary;

/* Keeps a tool's summary of a label, combined with earlier ones of the
 * same label. HR_ERR_DOMAIN when errors exceed count or the kinds add
 * up to more than errors. A summary of count 0 is not kept. */
hr_status hr_sample_set_record_summary(hr_sample_set *set,
                                       const hr_reported_summary *summary);

/* Records that a file was read, for the report's provenance list. */
hr_status hr_sample_set_note_file(hr_sample_set *set,
                                  const hr_source_file *file);

size_t hr_sample_set_file_count(const hr_sample_set *set);
const hr_source_file *hr_sample_set_file(const hr_sample_set *set,
                                         size_t index);

/* Total samples over all labels. */
size_t hr_sample_set_total(const hr_sample_set *set);

/* Default width of the time windows a set keeps per label. */
#define HR_WINDOW_DEFAULT_S 300.0

/* Sets the width of the time windows (seconds, > 0). Only an empty set
 * can change it; otherwise returns HR_ERR_DOMAIN. */
hr_status hr_sample_set_set_window(hr_sample_set *set, double window_s);

/* Width of the set's time windows in seconds. */
double hr_sample_set_window(const hr_sample_set *set);

/* Adds every label, window, reported summary, availability figure and
 * noted file of source into target, exactly (histograms merge bucket by
 * bucket). Both must have the same window width (else HR_ERR_DOMAIN).
 * source is unchanged. */
hr_status hr_sample_set_merge(hr_sample_set *target,
                              const hr_sample_set *source);

/* One label's figures over one time window. A window starts at a
 * multiple of the width since the epoch; samples without a timestamp
 * form a window of their own, with start_ms and end_ms NAN. */
typedef struct hr_window_stats {
    double start_ms;             /* epoch ms, NAN for untimed samples */
    double end_ms;               /* start_ms + width */
    double concurrency_max;      /* NAN when the format gives none */
    hr_label_stats stats;        /* throughput over the covered span */
} hr_window_stats;

/* Computes one hr_window_stats per label and window that holds samples,
 * sorted by label and then by start (untimed first); reported summaries
 * have no windows. Percentiles come from the window's histogram. The
 * caller frees *out with hr_window_stats_free(*out, *count). */
hr_status hr_sample_set_summarise_windows(const hr_sample_set *set,
                                          hr_window_stats **out,
                                          size_t *count);

void hr_window_stats_free(hr_window_stats *stats, size_t count);

/* Merges into target the latency histogram of label (every label when
 * NULL) over the windows that start in [from_ms, to_ms); untimed samples
 * are included when from_ms is -INFINITY. Reported summaries have no
 * histogram and are left out. */
hr_status hr_sample_set_histogram(const hr_sample_set *set,
                                  const char *label, double from_ms,
                                  double to_ms,
                                  struct hr_histogram *target);

/* Bytes the set holds for its labels and windows: for memory budgets
 * and tests. */
size_t hr_sample_set_memory(const hr_sample_set *set);

/* Computes one hr_label_stats per label, sorted by label. The caller owns
 * *out and frees it with hr_label_stats_free(*out, *count). */
hr_status hr_sample_set_summarise(const hr_sample_set *set,
                                  hr_label_stats **out, size_t *count);

void hr_label_stats_free(hr_label_stats *stats, size_t count);

/* Nearest-rank percentile of n ascending values, 0 < p <= 1; NAN when n
 * is 0. */
double hr_percentile_nearest_rank(const double *sorted, size_t n, double p);

/* A monitor's own figures for a service over a period, without the
 * checks behind them (Upptime's summary.json and shields.io endpoints).
 * Without a count they cannot be weighed against samples, so the set
 * keeps them apart from its labels, for the SLA report. */
typedef struct hr_availability {
    const char *service;
    /* The period as the monitor names it: Upptime's "all" (since
     * monitoring began), "24h", "7d", "30d" and "1y", each ending when
     * the monitor wrote the file. */
    const char *period;
    double fraction_up;          /* 0..1; NAN when not reported */
    double mean_response_ms;     /* NAN when not reported */
} hr_availability;

/* Keeps a copy of one service's figures for a period. Figures already
 * kept for the same service and period are completed by the known
 * figures of this one, which replace any they had. HR_ERR_DOMAIN when
 * service or period is missing or empty, fraction_up is outside 0..1,
 * the mean is negative, or neither figure is known. */
hr_status hr_sample_set_record_availability(
    hr_sample_set *set, const hr_availability *availability);

/* The figures kept, in the order first recorded; hr_sample_set_merge
 * adds the source's after the target's. The set owns them; they stay
 * valid until the set is changed or freed. */
size_t hr_sample_set_availability_count(const hr_sample_set *set);
const hr_availability *hr_sample_set_availability(const hr_sample_set *set,
                                                  size_t index);

#endif
