/*
 * test_histogram.c - the log-linear latency histogram: accuracy against
 * exact nearest-rank percentiles, exact totals, clamping, merge
 * properties and deferred recording.
 *
 * Expected values are computed in the test itself from the recorded
 * values: the exact nearest-rank percentile x[ceil(p N)] of the sorted
 * values (Hyndman and Fan 1996, definition 1), which the histogram must
 * match from above within 0.1 % (3 significant digits), and the union
 * of two samples for merges.
 */
#include "headroom/histogram.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "testkit.h"

/* ---- helpers ---------------------------------------------------------- */

static uint64_t rng_state;

/* splitmix64 (S. Vigna): deterministic test data. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A value spread log-uniformly over 1 us .. 10^10 us, sometimes 0. */
static int64_t rng_value(void)
{
    double u = (double)(rng_next() >> 11) / 9007199254740992.0;

    if (rng_next() % 100 == 0)
        return 0;
    return (int64_t)pow(10.0, 10.0 * u);
}

static int compare_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* Exact nearest-rank percentile of n sorted values. */
static int64_t exact_percentile(const int64_t *sorted, size_t n, double p)
{
    double rank = ceil(p * (double)n * (1.0 - 1e-12));
    size_t k = rank < 1.0 ? 1 : (size_t)rank;

    return sorted[(k > n ? n : k) - 1];
}

/* A histogram of n random values, also returned sorted in values. */
static hr_histogram *random_histogram(uint64_t seed, int64_t *values,
                                      size_t n)
{
    hr_histogram *h = hr_histogram_new();

    rng_state = seed;
    for (size_t i = 0; h && i < n; i++) {
        values[i] = rng_value();
        CU_ASSERT_EQUAL(hr_histogram_record(h, values[i], 1), HR_OK);
    }
    qsort(values, n, sizeof *values, compare_int64);
    return h;
}

/* Collects the buckets of a histogram for comparison. */
typedef struct bucket_list {
    int64_t low[4096];
    uint64_t count[4096];
    size_t n;
} bucket_list;

static bool collect(int64_t low, int64_t high, uint64_t count, void *context)
{
    bucket_list *list = context;

    CU_ASSERT(low <= high);
    if (list->n < 4096) {
        list->low[list->n] = low;
        list->count[list->n++] = count;
    }
    return true;
}

/* True when two histograms have the same buckets and counts. */
static bool same_buckets(const hr_histogram *a, const hr_histogram *b)
{
    static bucket_list x, y;

    x.n = y.n = 0;
    hr_histogram_each(a, collect, &x);
    hr_histogram_each(b, collect, &y);
    if (x.n != y.n)
        return false;
    for (size_t i = 0; i < x.n; i++) {
        if (x.low[i] != y.low[i] || x.count[i] != y.count[i])
            return false;
    }
    return true;
}

/* ---- accuracy --------------------------------------------------------- */

/* 200,000 values over ten decades: every percentile from 0.1 % to 100 %
 * is at or above the exact one and within 0.1 % of it; below 2048 us
 * the histogram is exact. */
static void test_accuracy_random(void)
{
    enum { N = 200000 };
    int64_t *values = malloc(N * sizeof *values);
    hr_histogram *h;
    double worst = 0.0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(values);
    h = random_histogram(7, values, N);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    for (int k = 1; k <= 1000; k++) {
        double p = k / 1000.0;
        int64_t want = exact_percentile(values, N, p);
        int64_t got = hr_histogram_percentile(h, p);

        CU_ASSERT(got >= want);
        if (want < 2048)
            CU_ASSERT_EQUAL(got, want);
        if (want > 0 && (double)(got - want) / (double)want > worst)
            worst = (double)(got - want) / (double)want;
    }
    if (worst > 0.001)
        fprintf(stderr, "worst relative error %g\n", worst);
    CU_ASSERT(worst <= 0.001);
    CU_ASSERT_EQUAL(hr_histogram_percentile(h, 1.0), values[N - 1]);
    hr_histogram_free(h);
    free(values);
}

/* Count, minimum, maximum, sum and mean are exact. */
static void test_exact_totals(void)
{
    hr_histogram *h = hr_histogram_new();

    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    /* 123457 us twice, 1 us, 999999999 us: sum 1000246914. */
    CU_ASSERT_EQUAL(hr_histogram_record(h, 123457, 2), HR_OK);
    CU_ASSERT_EQUAL(hr_histogram_record(h, 1, 1), HR_OK);
    CU_ASSERT_EQUAL(hr_histogram_record(h, 999999999, 1), HR_OK);
    CU_ASSERT_EQUAL(hr_histogram_count(h), 4);
    CU_ASSERT_EQUAL(hr_histogram_min(h), 1);
    CU_ASSERT_EQUAL(hr_histogram_max(h), 999999999);
    CU_ASSERT_EQUAL(hr_histogram_sum(h), 1000246914ULL);
    HR_ASSERT_CLOSE(hr_histogram_mean(h), 1000246914.0 / 4.0, 1e-15);
    /* p50 is the 2nd value, 123457, in a bucket 64 us wide
     * (65536..131071 us has 1024 sub-buckets): 123456..123519. */
    CU_ASSERT_EQUAL(hr_histogram_percentile(h, 0.5), 123519);
    /* p100 never exceeds the exact maximum. */
    CU_ASSERT_EQUAL(hr_histogram_percentile(h, 1.0), 999999999);
    hr_histogram_free(h);
}

/* Zero is a value; an empty histogram has none; bad input is refused. */
static void test_zero_and_empty(void)
{
    hr_histogram *h = hr_histogram_new();

    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT_EQUAL(hr_histogram_percentile(h, 0.5), -1);
    CU_ASSERT_EQUAL(hr_histogram_count(h), 0);
    CU_ASSERT(isnan(hr_histogram_mean(h)));
    CU_ASSERT_EQUAL(hr_histogram_record(h, -1, 1), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_histogram_record(NULL, 1, 1), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_histogram_record(h, 5, 0), HR_OK);
    CU_ASSERT_EQUAL(hr_histogram_count(h), 0);
    CU_ASSERT_EQUAL(hr_histogram_record(h, 0, 3), HR_OK);
    CU_ASSERT_EQUAL(hr_histogram_percentile(h, 0.01), 0);
    CU_ASSERT_EQUAL(hr_histogram_percentile(h, 1.0), 0);
    CU_ASSERT_EQUAL(hr_histogram_min(h), 0);
    CU_ASSERT_EQUAL(hr_histogram_percentile(h, 0.0), -1);
    CU_ASSERT_EQUAL(hr_histogram_percentile(h, 1.5), -1);
    hr_histogram_reset(h);
    CU_ASSERT_EQUAL(hr_histogram_count(h), 0);
    hr_histogram_free(h);
    hr_histogram_free(NULL);
}

/* Values past one day are bucketed at one day and counted as clamped;
 * the exact maximum is kept. */
static void test_clamping(void)
{
    int64_t two_days = 2 * HR_HISTOGRAM_MAX_US;
    hr_histogram *h = hr_histogram_new();
    int64_t top;

    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT_EQUAL(hr_histogram_record(h, 1000, 1), HR_OK);
    CU_ASSERT_EQUAL(hr_histogram_record(h, two_days, 1), HR_OK);
    CU_ASSERT_EQUAL(hr_histogram_clamped(h), 1);
    CU_ASSERT_EQUAL(hr_histogram_max(h), two_days);
    top = hr_histogram_percentile(h, 1.0);
    CU_ASSERT(top >= HR_HISTOGRAM_MAX_US);
    CU_ASSERT((double)(top - HR_HISTOGRAM_MAX_US)
              <= 0.001 * (double)HR_HISTOGRAM_MAX_US);
    CU_ASSERT_EQUAL(hr_histogram_percentile(h, 0.5), 1000);
    hr_histogram_free(h);
}

/* ---- merging ---------------------------------------------------------- */

/* merge(a, b) has the percentiles and totals of one histogram of the
 * union of both samples. */
static void test_merge_equals_union(void)
{
    enum { N = 50000 };
    int64_t *a_values = malloc(N * sizeof *a_values);
    int64_t *b_values = malloc(N * sizeof *b_values);
    hr_histogram *a, *b, *both = hr_histogram_new();

    CU_ASSERT_PTR_NOT_NULL_FATAL(a_values);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b_values);
    CU_ASSERT_PTR_NOT_NULL_FATAL(both);
    a = random_histogram(11, a_values, N);
    b = random_histogram(12, b_values, N);
    for (size_t i = 0; i < N; i++) {
        hr_histogram_record(both, a_values[i], 1);
        hr_histogram_record(both, b_values[i], 1);
    }
    CU_ASSERT_EQUAL(hr_histogram_merge(a, b), HR_OK);
    CU_ASSERT(same_buckets(a, both));
    for (int k = 1; k <= 1000; k++)
        CU_ASSERT_EQUAL(hr_histogram_percentile(a, k / 1000.0),
                        hr_histogram_percentile(both, k / 1000.0));
    CU_ASSERT_EQUAL(hr_histogram_count(a), 2 * N);
    CU_ASSERT_EQUAL(hr_histogram_min(a), hr_histogram_min(both));
    CU_ASSERT_EQUAL(hr_histogram_max(a), hr_histogram_max(both));
    CU_ASSERT_EQUAL(hr_histogram_sum(a), hr_histogram_sum(both));
    CU_ASSERT_EQUAL(hr_histogram_merge(a, NULL), HR_ERR_DOMAIN);
    hr_histogram_free(a);
    hr_histogram_free(b);
    hr_histogram_free(both);
    free(a_values);
    free(b_values);
}

/* Merging is commutative and associative bucket by bucket. */
static void test_merge_order(void)
{
    enum { N = 20000 };
    int64_t *values = malloc(N * sizeof *values);
    hr_histogram *h[3], *ab = hr_histogram_new(), *ba = hr_histogram_new();
    hr_histogram *left = hr_histogram_new(), *right = hr_histogram_new();
    hr_histogram *bc = hr_histogram_new();

    CU_ASSERT_PTR_NOT_NULL_FATAL(values);
    for (int i = 0; i < 3; i++)
        h[i] = random_histogram(100 + (uint64_t)i, values, N);
    hr_histogram_merge(ab, h[0]);
    hr_histogram_merge(ab, h[1]);
    hr_histogram_merge(ba, h[1]);
    hr_histogram_merge(ba, h[0]);
    CU_ASSERT(same_buckets(ab, ba));

    /* (a + b) + c against a + (b + c). */
    hr_histogram_merge(left, ab);
    hr_histogram_merge(left, h[2]);
    hr_histogram_merge(bc, h[1]);
    hr_histogram_merge(bc, h[2]);
    hr_histogram_merge(right, h[0]);
    hr_histogram_merge(right, bc);
    CU_ASSERT(same_buckets(left, right));
    CU_ASSERT_EQUAL(hr_histogram_count(left), 3 * N);
    CU_ASSERT_EQUAL(hr_histogram_sum(left), hr_histogram_sum(right));

    for (int i = 0; i < 3; i++)
        hr_histogram_free(h[i]);
    hr_histogram_free(ab);
    hr_histogram_free(ba);
    hr_histogram_free(left);
    hr_histogram_free(right);
    hr_histogram_free(bc);
    free(values);
}

/* ---- buckets and memory ----------------------------------------------- */

static bool stop_after_two(int64_t low, int64_t high, uint64_t count,
                           void *context)
{
    int *seen = context;

    (void)low;
    (void)high;
    (void)count;
    return ++*seen < 2;
}

/* Buckets come in ascending order, hold their values, and add up to the
 * count; a visitor can stop early. */
static void test_each(void)
{
    static bucket_list list;
    hr_histogram *h = hr_histogram_new();
    uint64_t total = 0;
    int seen = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    hr_histogram_record(h, 7, 2);
    hr_histogram_record(h, 3000, 1);
    hr_histogram_record(h, 3001, 1);
    hr_histogram_record(h, 5000000, 4);
    list.n = 0;
    hr_histogram_each(h, collect, &list);
    /* 3000 and 3001 share the 2-us bucket 3000..3001. */
    CU_ASSERT_EQUAL_FATAL(list.n, 3);
    CU_ASSERT_EQUAL(list.low[0], 7);
    CU_ASSERT_EQUAL(list.low[1], 3000);
    CU_ASSERT_EQUAL(list.count[1], 2);
    CU_ASSERT(list.low[2] <= 5000000 && list.low[2] > 4990000);
    for (size_t i = 0; i < list.n; i++)
        total += list.count[i];
    CU_ASSERT_EQUAL(total, hr_histogram_count(h));
    hr_histogram_each(h, stop_after_two, &seen);
    CU_ASSERT_EQUAL(seen, 2);
    hr_histogram_free(h);
}

/* Counters are allocated only where values fall: latencies of one
 * decade take a small part of the full 28672 counters (224 KiB). */
static void test_memory_sparse(void)
{
    hr_histogram *h = hr_histogram_new();
    size_t empty;

    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    empty = hr_histogram_memory(h);
    for (int64_t ms = 100; ms < 1000; ms++)
        hr_histogram_record(h, ms * 1000, 1000);
    CU_ASSERT(hr_histogram_memory(h) > empty);
    CU_ASSERT(hr_histogram_memory(h) < 64 * 1024);
    hr_histogram_free(h);
}

/* Deferred recording: the same values recorded at once and through
 * hr_histogram_record_deferred (counters incremented later, in reverse
 * order) give the same buckets and exact totals; a clamped value is
 * counted as clamped; a negative value or no counter is refused. */
static void test_record_deferred(void)
{
    enum { N = 5000 };
    hr_histogram *now = hr_histogram_new(), *later = hr_histogram_new();
    uint64_t **counters = malloc(N * sizeof *counters);
    uint64_t *unused = NULL;

    CU_ASSERT_PTR_NOT_NULL_FATAL(now);
    CU_ASSERT_PTR_NOT_NULL_FATAL(later);
    CU_ASSERT_PTR_NOT_NULL_FATAL(counters);
    rng_state = 7;
    for (size_t i = 0; i < N; i++) {
        int64_t value = i == 0 ? HR_HISTOGRAM_MAX_US + 5 : rng_value();

        CU_ASSERT_EQUAL(hr_histogram_record(now, value, 1), HR_OK);
        CU_ASSERT_EQUAL(hr_histogram_record_deferred(later, value,
                                                     &counters[i]), HR_OK);
    }
    CU_ASSERT_EQUAL(hr_histogram_count(later), N);
    for (size_t i = N; i-- > 0;)
        (*counters[i])++;
    CU_ASSERT(same_buckets(now, later));
    CU_ASSERT_EQUAL(hr_histogram_sum(now), hr_histogram_sum(later));
    CU_ASSERT_EQUAL(hr_histogram_min(now), hr_histogram_min(later));
    CU_ASSERT_EQUAL(hr_histogram_max(now), hr_histogram_max(later));
    CU_ASSERT_EQUAL(hr_histogram_clamped(later), 1);
    CU_ASSERT_EQUAL(hr_histogram_percentile(now, 0.99),
                    hr_histogram_percentile(later, 0.99));
    CU_ASSERT_EQUAL(hr_histogram_record_deferred(later, -1, &unused),
                    HR_ERR_DOMAIN);
    CU_ASSERT_PTR_NULL(unused);
    CU_ASSERT_EQUAL(hr_histogram_record_deferred(later, 5, NULL),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_histogram_record_deferred(NULL, 5, &unused),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_histogram_count(later), N);
    free(counters);
    hr_histogram_free(now);
    hr_histogram_free(later);
}

static const hr_test_case cases[] = {
    {"accuracy on random values", test_accuracy_random},
    {"exact totals", test_exact_totals},
    {"zero and empty", test_zero_and_empty},
    {"clamping", test_clamping},
    {"merge equals union", test_merge_equals_union},
    {"merge order", test_merge_order},
    {"buckets in order", test_each},
    {"sparse memory", test_memory_sparse},
    {"deferred recording", test_record_deferred},
};

HR_TEST_MAIN("histogram", cases)
