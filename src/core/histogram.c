/*
 * histogram.c - the log-linear latency histogram behind histogram.h.
 *
 * The bucket layout is HdrHistogram's (G. Tene, HdrHistogram_c,
 * "hdr_histogram.c": get_bucket_index, counts_index, value_from_index)
 * with a unit of one microsecond and 3 significant digits: values below
 * 2048 us are counted exactly; above, each power of two is cut into 1024
 * equal sub-buckets, so a bucket is never wider than 1/1024 (0.098 %) of
 * the values in it. One day in microseconds needs 27 powers of two, that
 * is 28 * 1024 = 28672 counters.
 *
 * The counters are allocated in pages of HR_HISTOGRAM_PAGE, only when a
 * value falls in them: a label's latencies usually cover two or three
 * decades, and a store keeps one histogram per label and time window, so
 * untouched pages would cost most of the memory.
 *
 * Sections: layout, pages, public API.
 */
#include "headroom/histogram.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- layout ----------------------------------------------------------- */

/* Sub-buckets in one power of two: 2^11 = 2048 > 2 * 10^3, enough for 3
 * significant digits (HdrHistogram: sub_bucket_count_magnitude). */
#define HR_SUB_BITS 11
#define HR_HALF_BITS (HR_SUB_BITS - 1)
#define HR_HALF_COUNT ((int64_t)1 << HR_HALF_BITS)
#define HR_SUB_MASK ((((int64_t)1) << HR_SUB_BITS) - 1)

/* Powers of two above the first 2048 us needed to reach one day:
 * 2048 * 2^26 > 86.4e9 (HdrHistogram: buckets_needed_to_cover_value). */
#define HR_BUCKETS 27
#define HR_COUNTS ((HR_BUCKETS + 1) * HR_HALF_COUNT)

/* Counters per page, and pages per histogram. */
#define HR_HISTOGRAM_PAGE 128
#define HR_PAGES (HR_COUNTS / HR_HISTOGRAM_PAGE)

struct hr_histogram {
    uint64_t *pages[HR_PAGES];
    uint64_t count;
    uint64_t clamped;
    uint64_t sum_us;        /* exact below 2^64 us (584,000 years) */
    int64_t min_us;
    int64_t max_us;
};

/* Power of two (0 for the first 2048 us) that holds value. */
static int hr_bucket_of(int64_t value)
{
    int bits = 64 - __builtin_clzll((unsigned long long)(value | HR_SUB_MASK));

    return bits - HR_SUB_BITS;
}

/* Index of value's counter. */
static int64_t hr_counts_index(int64_t value)
{
    int bucket = hr_bucket_of(value);
    int64_t sub = value >> bucket;

    return ((int64_t)(bucket + 1) << HR_HALF_BITS) + (sub - HR_HALF_COUNT);
}

/* Lowest value counted at index, and the width of its bucket. */
static void hr_index_range(int64_t index, int64_t *low, int64_t *width)
{
    int bucket = (int)(index >> HR_HALF_BITS) - 1;
    int64_t sub = (index & (HR_HALF_COUNT - 1)) + HR_HALF_COUNT;

    if (bucket < 0) {
        sub -= HR_HALF_COUNT;
        bucket = 0;
    }
    *low = sub << bucket;
    *width = (int64_t)1 << bucket;
}

/* ---- pages ------------------------------------------------------------ */

/* The counter at index, allocating its page on first use; NULL when
 * memory runs out. */
static uint64_t *hr_counter_at(hr_histogram *h, int64_t index)
{
    uint64_t **page = &h->pages[index / HR_HISTOGRAM_PAGE];

    if (!*page) {
        *page = calloc(HR_HISTOGRAM_PAGE, sizeof **page);
        if (!*page)
            return NULL;
    }
    return &(*page)[index % HR_HISTOGRAM_PAGE];
}

/* Folds count values with the given extremes and sum into the exact
 * side totals. */
static void hr_add_totals(hr_histogram *h, uint64_t count, int64_t min_us,
                          int64_t max_us, uint64_t sum_us)
{
    if (h->count == 0 || min_us < h->min_us)
        h->min_us = min_us;
    if (h->count == 0 || max_us > h->max_us)
        h->max_us = max_us;
    h->count += count;
    h->sum_us += sum_us;
}

/* ---- public API ------------------------------------------------------- */

hr_histogram *hr_histogram_new(void)
{
    return calloc(1, sizeof(hr_histogram));
}

void hr_histogram_free(hr_histogram *histogram)
{
    if (!histogram)
        return;
    hr_histogram_reset(histogram);
    free(histogram);
}

void hr_histogram_reset(hr_histogram *histogram)
{
    if (!histogram)
        return;
    for (size_t i = 0; i < HR_PAGES; i++)
        free(histogram->pages[i]);
    memset(histogram, 0, sizeof *histogram);
}

hr_status hr_histogram_record_deferred(hr_histogram *histogram,
                                       int64_t value_us,
                                       uint64_t **counter)
{
    int64_t bucketed = value_us;

    if (!histogram || value_us < 0 || !counter)
        return HR_ERR_DOMAIN;
    if (bucketed > HR_HISTOGRAM_MAX_US)
        bucketed = HR_HISTOGRAM_MAX_US;
    *counter = hr_counter_at(histogram, hr_counts_index(bucketed));
    if (!*counter)
        return HR_ERR_NOMEM;
    histogram->clamped += bucketed != value_us;
    hr_add_totals(histogram, 1, value_us, value_us, (uint64_t)value_us);
    return HR_OK;
}

hr_status hr_histogram_record(hr_histogram *histogram, int64_t value_us,
                              uint64_t count)
{
    int64_t bucketed = value_us;
    uint64_t *counter;

    if (!histogram || value_us < 0)
        return HR_ERR_DOMAIN;
    if (count == 0)
        return HR_OK;
    if (bucketed > HR_HISTOGRAM_MAX_US)
        bucketed = HR_HISTOGRAM_MAX_US;
    counter = hr_counter_at(histogram, hr_counts_index(bucketed));
    if (!counter)
        return HR_ERR_NOMEM;
    *counter += count;
    histogram->clamped += bucketed != value_us ? count : 0;
    hr_add_totals(histogram, count, value_us, value_us,
                  (uint64_t)value_us * count);
    return HR_OK;
}

hr_status hr_histogram_merge(hr_histogram *target,
                             const hr_histogram *source)
{
    if (!target || !source)
        return HR_ERR_DOMAIN;
    if (source->count == 0)
        return HR_OK;
    for (size_t p = 0; p < HR_PAGES; p++) {
        const uint64_t *from = source->pages[p];

        if (!from)
            continue;
        if (!target->pages[p]) {
            target->pages[p] = calloc(HR_HISTOGRAM_PAGE, sizeof *from);
            if (!target->pages[p])
                return HR_ERR_NOMEM;
        }
        for (size_t i = 0; i < HR_HISTOGRAM_PAGE; i++)
            target->pages[p][i] += from[i];
    }
    target->clamped += source->clamped;
    hr_add_totals(target, source->count, source->min_us, source->max_us,
                  source->sum_us);
    return HR_OK;
}

uint64_t hr_histogram_count(const hr_histogram *histogram)
{
    return histogram ? histogram->count : 0;
}

int64_t hr_histogram_min(const hr_histogram *histogram)
{
    return histogram && histogram->count ? histogram->min_us : -1;
}

int64_t hr_histogram_max(const hr_histogram *histogram)
{
    return histogram && histogram->count ? histogram->max_us : -1;
}

double hr_histogram_mean(const hr_histogram *histogram)
{
    if (!histogram || histogram->count == 0)
        return NAN;
    return (double)histogram->sum_us / (double)histogram->count;
}

uint64_t hr_histogram_sum(const hr_histogram *histogram)
{
    return histogram ? histogram->sum_us : 0;
}

uint64_t hr_histogram_clamped(const hr_histogram *histogram)
{
    return histogram ? histogram->clamped : 0;
}

/* Nearest rank as in metrics.c (Hyndman and Fan 1996, definition 1):
 * rank ceil(p N), with p N shrunk by 1e-12 against binary round-up. */
int64_t hr_histogram_percentile(const hr_histogram *histogram, double p)
{
    uint64_t rank, seen = 0;
    double exact;

    if (!histogram || histogram->count == 0 || !(p > 0.0 && p <= 1.0))
        return -1;
    exact = ceil(p * (double)histogram->count * (1.0 - 1e-12));
    rank = exact < 1.0 ? 1 : (uint64_t)exact;
    for (size_t pg = 0; pg < HR_PAGES; pg++) {
        const uint64_t *page = histogram->pages[pg];

        for (size_t i = 0; page && i < HR_HISTOGRAM_PAGE; i++) {
            int64_t low, width;

            seen += page[i];
            if (seen < rank)
                continue;
            hr_index_range((int64_t)(pg * HR_HISTOGRAM_PAGE + i), &low,
                           &width);
            return low + width - 1 < histogram->max_us ? low + width - 1
                                                       : histogram->max_us;
        }
    }
    return histogram->max_us;
}

void hr_histogram_each(const hr_histogram *histogram,
                       bool (*visit)(int64_t low_us, int64_t high_us,
                                     uint64_t count, void *context),
                       void *context)
{
    if (!histogram || !visit)
        return;
    for (size_t pg = 0; pg < HR_PAGES; pg++) {
        const uint64_t *page = histogram->pages[pg];

        for (size_t i = 0; page && i < HR_HISTOGRAM_PAGE; i++) {
            int64_t low, width;

            if (!page[i])
                continue;
            hr_index_range((int64_t)(pg * HR_HISTOGRAM_PAGE + i), &low,
                           &width);
            if (!visit(low, low + width - 1, page[i], context))
                return;
        }
    }
}

size_t hr_histogram_memory(const hr_histogram *histogram)
{
    size_t bytes;

    if (!histogram)
        return 0;
    bytes = sizeof *histogram;
    for (size_t i = 0; i < HR_PAGES; i++)
        bytes += histogram->pages[i]
                     ? HR_HISTOGRAM_PAGE * sizeof *histogram->pages[i] : 0;
    return bytes;
}
