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

#include "headroom/error.h"

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
} hr_label_stats;

/* What one input file gave. */
typedef struct hr_source_file {
    char *path;
    char *format;            /* e.g. "jmeter-csv" */
    size_t records;          /* rows read into the set */
    size_t skipped;          /* malformed rows skipped */
} hr_source_file;

/* Samples collected from one or more files. Opaque. */
typedef struct hr_sample_set hr_sample_set;

hr_sample_set *hr_sample_set_new(void);
void hr_sample_set_free(hr_sample_set *set);

/* Adds one sample. timestamp_ms is the start time in epoch milliseconds,
 * or NAN when the file has none. */
hr_status hr_sample_set_add(hr_sample_set *set, const char *label,
                            double elapsed_ms, bool success,
                            double timestamp_ms);

/* Records that a file was read, for the report's provenance list. */
hr_status hr_sample_set_note_file(hr_sample_set *set,
                                  const hr_source_file *file);

size_t hr_sample_set_file_count(const hr_sample_set *set);
const hr_source_file *hr_sample_set_file(const hr_sample_set *set,
                                         size_t index);

/* Total samples over all labels. */
size_t hr_sample_set_total(const hr_sample_set *set);

/* Computes one hr_label_stats per label, sorted by label. The caller owns
 * *out and frees it with hr_label_stats_free(*out, *count). */
hr_status hr_sample_set_summarise(const hr_sample_set *set,
                                  hr_label_stats **out, size_t *count);

void hr_label_stats_free(hr_label_stats *stats, size_t count);

/* Nearest-rank percentile of n ascending values, 0 < p <= 1; NAN when n
 * is 0. */
double hr_percentile_nearest_rank(const double *sorted, size_t n, double p);

#endif
