/*
 * histogram.h - a log-linear latency histogram in the manner of
 * HdrHistogram (G. Tene): values in microseconds, recorded with 3
 * significant decimal digits, so any percentile read back is within
 * 0.1 % of the exact sample value. Count, minimum, maximum and sum are
 * kept exactly beside the buckets. Histograms of the same layout merge
 * exactly, so files, time windows and labels combine without loss.
 */
#ifndef HEADROOM_HISTOGRAM_H
#define HEADROOM_HISTOGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/error.h"

/* Largest value recorded exactly to 3 digits: one day in microseconds.
 * Larger values are clamped to it (and counted in hr_histogram_clamped). */
#define HR_HISTOGRAM_MAX_US ((int64_t)86400 * 1000000)

typedef struct hr_histogram hr_histogram;

hr_histogram *hr_histogram_new(void);
void hr_histogram_free(hr_histogram *histogram);
void hr_histogram_reset(hr_histogram *histogram);

/* Records count occurrences of value_us (>= 0). */
hr_status hr_histogram_record(hr_histogram *histogram, int64_t value_us,
                              uint64_t count);

/*
 * Records one occurrence of value_us (>= 0) in the count, minimum,
 * maximum and sum now, and sets *counter to its bucket's counter, which
 * the caller must increment by one before the histogram is read, merged,
 * reset or freed. For readers of many samples: they prefetch the counter
 * and increment it some samples later, so that its cache miss overlaps
 * other work. Returns HR_ERR_DOMAIN or HR_ERR_NOMEM having recorded
 * nothing.
 */
hr_status hr_histogram_record_deferred(hr_histogram *histogram,
                                       int64_t value_us,
                                       uint64_t **counter);

/* Adds every count of source into target. */
hr_status hr_histogram_merge(hr_histogram *target,
                             const hr_histogram *source);

uint64_t hr_histogram_count(const hr_histogram *histogram);
int64_t hr_histogram_min(const hr_histogram *histogram);
int64_t hr_histogram_max(const hr_histogram *histogram);
double hr_histogram_mean(const hr_histogram *histogram);
uint64_t hr_histogram_clamped(const hr_histogram *histogram);

/* Exact sum of the recorded values in microseconds (unclamped). */
uint64_t hr_histogram_sum(const hr_histogram *histogram);

/* Bytes the histogram holds now (its counters are allocated in pages as
 * values reach them): for memory budgets and tests. */
size_t hr_histogram_memory(const hr_histogram *histogram);

/* Nearest-rank percentile (0 < p <= 1): the smallest recorded value v
 * with at least ceil(p N) values at or below it, reported as the highest
 * value of v's bucket (never below the true sample), and never above the
 * exact maximum. Returns -1 for an empty histogram. */
int64_t hr_histogram_percentile(const hr_histogram *histogram, double p);

/* Visits every non-empty bucket in ascending order: lowest and highest
 * value of the bucket and its count. Stops early when visit returns
 * false. */
void hr_histogram_each(const hr_histogram *histogram,
                       bool (*visit)(int64_t low_us, int64_t high_us,
                                     uint64_t count, void *context),
                       void *context);

#endif
