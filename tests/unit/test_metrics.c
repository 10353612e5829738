/*
 * test_metrics.c - sample sets, their per-label summaries and the
 * nearest-rank percentile.
 *
 * Expected values are worked by hand in the comments next to each case;
 * the nearest-rank example (ten samples 100..1000 ms, p90 = 900 ms) is
 * the one in shared/reference/validation.md. The later cases cover the
 * histogram-backed store: time windows, errors by kind, the switch from
 * exact values to the histogram past 4096 samples of a label, bounded
 * memory, merging, whole histograms, tools' own summaries and deferred
 * recording (the same figures as recording at once).
 */
#include "headroom/metrics.h"

#include "headroom/histogram.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

/* ---- percentiles ------------------------------------------------------ */

/* validation.md, "Percentiles for SLA verdicts": p90 of 100..1000 ms is
 * x[ceil(0.9 * 10)] = x[9] = 900 ms (JMeter's dashboard shows 990). */
static void test_percentile_validation_example(void)
{
    double values[10];

    for (int i = 0; i < 10; i++)
        values[i] = 100.0 * (i + 1);
    HR_ASSERT_CLOSE(hr_percentile_nearest_rank(values, 10, 0.90), 900.0,
                    0.0);
}

/* Ranks x[ceil(p N)] on 1..N, so the value is the rank itself:
 *   N = 20:  p .95 -> ceil(19) = 19 (0.95 * 20 must not round up to 20),
 *            p .50 -> 10, p .99 -> ceil(19.8) = 20, p .05 -> ceil(1) = 1,
 *            p .51 -> ceil(10.2) = 11, p 1 -> 20, p .001 -> ceil(.02) = 1.
 *   N = 100: p .07 -> 7 (0.07 * 100 is 7.000000000000001 in binary),
 *            p .29 -> 29 (0.29 * 100 is 28.999999999999996),
 *            p .57 -> 57, p .999 -> ceil(99.9) = 100.
 *   N = 1:   any p -> 1. */
static void test_percentile_ranks(void)
{
    static const struct {
        size_t n;
        double p;
        double want;
    } cases[] = {
        {20, 0.95, 19}, {20, 0.50, 10}, {20, 0.99, 20}, {20, 0.05, 1},
        {20, 0.51, 11}, {20, 1.0, 20},  {20, 0.001, 1}, {100, 0.07, 7},
        {100, 0.29, 29}, {100, 0.57, 57}, {100, 0.999, 100}, {1, 0.5, 1},
    };
    double values[100];

    for (int i = 0; i < 100; i++)
        values[i] = i + 1;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        HR_ASSERT_CLOSE(hr_percentile_nearest_rank(values, cases[i].n,
                                                   cases[i].p),
                        cases[i].want, 0.0);
}

/* No samples, or p outside (0, 1], has no percentile. */
static void test_percentile_domain(void)
{
    double values[3] = {1.0, 2.0, 3.0};

    CU_ASSERT(isnan(hr_percentile_nearest_rank(values, 0, 0.5)));
    CU_ASSERT(isnan(hr_percentile_nearest_rank(values, 3, 0.0)));
    CU_ASSERT(isnan(hr_percentile_nearest_rank(values, 3, -0.5)));
    CU_ASSERT(isnan(hr_percentile_nearest_rank(values, 3, 1.5)));
    CU_ASSERT(isnan(hr_percentile_nearest_rank(values, 3, NAN)));
}

/* ---- sample sets ------------------------------------------------------ */

/*
 * Label "api" gets 40, 10, 30, 20 ms (one error) starting at 1000, 2000,
 * 3000 and 4000 ms: sorted 10 20 30 40, mean 25, p50 = x[2] = 20,
 * p95 = p99 = x[4] = 40, error rate 1/4; the span runs from 1000 to
 * 4000 + 20 = 4020 ms, so throughput = 4 / 3.02 s.
 * Label "B" gets one 5 ms error without a timestamp: NAN throughput.
 * Labels sort by strcmp: "B" < "api" < "api b".
 */
static void test_summary_per_label(void)
{
    hr_sample_set *set = hr_sample_set_new();
    hr_label_stats *stats = NULL;
    size_t count = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    CU_ASSERT_EQUAL(hr_sample_set_add(set, "api", 40, true, 1000), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_add(set, "B", 5, false, NAN), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_add(set, "api", 10, false, 2000), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_add(set, "api b", 7, true, 50), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_add(set, "api", 30, true, 3000), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_add(set, "api", 20, true, 4000), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_total(set), 6);

    CU_ASSERT_EQUAL_FATAL(hr_sample_set_summarise(set, &stats, &count),
                          HR_OK);
    CU_ASSERT_EQUAL_FATAL(count, 3);
    CU_ASSERT_STRING_EQUAL(stats[0].label, "B");
    CU_ASSERT_STRING_EQUAL(stats[1].label, "api");
    CU_ASSERT_STRING_EQUAL(stats[2].label, "api b");

    CU_ASSERT_EQUAL(stats[1].samples, 4);
    CU_ASSERT_EQUAL(stats[1].errors, 1);
    HR_ASSERT_CLOSE(stats[1].error_rate, 0.25, 1e-15);
    HR_ASSERT_CLOSE(stats[1].min_ms, 10.0, 0.0);
    HR_ASSERT_CLOSE(stats[1].mean_ms, 25.0, 1e-15);
    HR_ASSERT_CLOSE(stats[1].p50_ms, 20.0, 0.0);
    HR_ASSERT_CLOSE(stats[1].p95_ms, 40.0, 0.0);
    HR_ASSERT_CLOSE(stats[1].p99_ms, 40.0, 0.0);
    HR_ASSERT_CLOSE(stats[1].max_ms, 40.0, 0.0);
    HR_ASSERT_CLOSE(stats[1].throughput_per_s, 4.0 / 3.02, 1e-12);

    CU_ASSERT_EQUAL(stats[0].errors, 1);
    HR_ASSERT_CLOSE(stats[0].error_rate, 1.0, 0.0);
    CU_ASSERT(isnan(stats[0].throughput_per_s));
    hr_label_stats_free(stats, count);
    hr_sample_set_free(set);
}

/*
 * Throughput edge cases. One sample of 0 ms spans nothing: NAN. Two
 * samples at 1000 (+500) and 2000 (+1000) span 1000..3000 = 2 s, and a
 * third without a timestamp still counts: 3 / 2 s = 1.5 per second.
 */
static void test_throughput_span(void)
{
    hr_sample_set *set = hr_sample_set_new();
    hr_label_stats *stats = NULL;
    size_t count = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    hr_sample_set_add(set, "zero", 0, true, 5000);
    hr_sample_set_add(set, "x", 500, true, 1000);
    hr_sample_set_add(set, "x", 1000, true, 2000);
    hr_sample_set_add(set, "x", 100, true, NAN);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_summarise(set, &stats, &count),
                          HR_OK);
    CU_ASSERT_EQUAL_FATAL(count, 2);
    HR_ASSERT_CLOSE(stats[0].throughput_per_s, 1.5, 1e-15);
    CU_ASSERT(isnan(stats[1].throughput_per_s));
    hr_label_stats_free(stats, count);
    hr_sample_set_free(set);
}

/* The set keeps its own copy of each label. */
static void test_labels_copied(void)
{
    hr_sample_set *set = hr_sample_set_new();
    hr_label_stats *stats = NULL;
    char label[] = "login";
    size_t count = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    hr_sample_set_add(set, label, 1, true, NAN);
    strcpy(label, "other");
    hr_sample_set_add(set, "login", 2, true, NAN);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_summarise(set, &stats, &count),
                          HR_OK);
    CU_ASSERT_EQUAL_FATAL(count, 1);
    CU_ASSERT_STRING_EQUAL(stats[0].label, "login");
    CU_ASSERT_EQUAL(stats[0].samples, 2);
    hr_label_stats_free(stats, count);
    hr_sample_set_free(set);
}

/*
 * Many labels: 5000 labels "L0000".."L4999", label i getting i % 7 + 1
 * samples of 1..(i % 7 + 1) ms. Every label comes back once, in strcmp
 * order, with its count and max.
 */
static void test_many_labels(void)
{
    hr_sample_set *set = hr_sample_set_new();
    hr_label_stats *stats = NULL;
    size_t count = 0, total = 0;
    char label[32];

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    for (int round = 0; round < 7; round++) {
        for (int i = 0; i < 5000; i++) {
            if (round > i % 7)
                continue;
            snprintf(label, sizeof label, "L%04d", i);
            CU_ASSERT_EQUAL(hr_sample_set_add(set, label, round + 1, true,
                                              NAN), HR_OK);
            total++;
        }
    }
    CU_ASSERT_EQUAL(hr_sample_set_total(set), total);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_summarise(set, &stats, &count),
                          HR_OK);
    CU_ASSERT_EQUAL_FATAL(count, 5000);
    for (size_t i = 0; i < count; i++) {
        snprintf(label, sizeof label, "L%04zu", i);
        CU_ASSERT_STRING_EQUAL(stats[i].label, label);
        CU_ASSERT_EQUAL(stats[i].samples, i % 7 + 1);
        HR_ASSERT_CLOSE(stats[i].max_ms, (double)(i % 7 + 1), 0.0);
    }
    hr_label_stats_free(stats, count);
    hr_sample_set_free(set);
}

/* Bad samples are refused and leave the set as it was. */
static void test_add_refuses_bad_samples(void)
{
    hr_sample_set *set = hr_sample_set_new();

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    CU_ASSERT_EQUAL(hr_sample_set_add(set, "a", -1, true, NAN),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_sample_set_add(set, "a", NAN, true, NAN),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_sample_set_add(set, "a", INFINITY, true, NAN),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_sample_set_add(set, NULL, 1, true, NAN),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_sample_set_add(NULL, "a", 1, true, NAN),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_sample_set_total(set), 0);
    hr_sample_set_free(set);
}

/* An empty set summarises to nothing; NULLs are harmless to free. */
static void test_empty_set(void)
{
    hr_sample_set *set = hr_sample_set_new();
    hr_label_stats *stats = NULL;
    size_t count = 99;

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    CU_ASSERT_EQUAL(hr_sample_set_summarise(set, &stats, &count), HR_OK);
    CU_ASSERT_EQUAL(count, 0);
    CU_ASSERT_EQUAL(hr_sample_set_file_count(set), 0);
    CU_ASSERT_PTR_NULL(hr_sample_set_file(set, 0));
    hr_label_stats_free(stats, count);
    hr_label_stats_free(NULL, 0);
    hr_sample_set_free(set);
    hr_sample_set_free(NULL);
}

/* Noted files are copied and listed in order. */
static void test_note_files(void)
{
    hr_sample_set *set = hr_sample_set_new();
    char path[] = "results/run1.jtl";
    char format[] = "jmeter-csv";
    hr_source_file file = {path, format, 120, 3};
    const hr_source_file *noted;

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    CU_ASSERT_EQUAL(hr_sample_set_note_file(set, &file), HR_OK);
    path[0] = 'X';
    file.records = 7;
    file.skipped = 0;
    for (int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(hr_sample_set_note_file(set, &file), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_file_count(set), 6);
    noted = hr_sample_set_file(set, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(noted);
    CU_ASSERT_STRING_EQUAL(noted->path, "results/run1.jtl");
    CU_ASSERT_STRING_EQUAL(noted->format, "jmeter-csv");
    CU_ASSERT_EQUAL(noted->records, 120);
    CU_ASSERT_EQUAL(noted->skipped, 3);
    CU_ASSERT_STRING_EQUAL(hr_sample_set_file(set, 5)->path,
                           "Xesults/run1.jtl");
    CU_ASSERT_PTR_NULL(hr_sample_set_file(set, 6));
    hr_sample_set_free(set);
}


/* ---- windows, kinds and the histogram store --------------------------- */

/* Finds a label's summary, or NULL. */
static const hr_label_stats *find_label(const hr_label_stats *stats,
                                        size_t count, const char *label)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(stats[i].label, label) == 0)
            return &stats[i];
    }
    return NULL;
}

/*
 * One-minute windows: "a" gets 10 ms at 0 s and 30 ms at 30 s (window
 * 0), 20 ms at 61 s (window 1 starting at 60000 ms), 40 ms at 125 s
 * (window 2 at 120000 ms) and 5 ms without a time (the untimed window,
 * listed first). Window 0 spans 0..30030 ms: 2 / 30.03 per second.
 */
static void test_windows(void)
{
    hr_sample_set *set = hr_sample_set_new();
    hr_window_stats *windows = NULL;
    hr_sample sample = {"a", 10, 0, HR_SAMPLE_OK, NAN, 4};
    size_t count = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    HR_ASSERT_CLOSE(hr_sample_set_window(set), HR_WINDOW_DEFAULT_S, 0.0);
    CU_ASSERT_EQUAL(hr_sample_set_set_window(set, 0), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_sample_set_set_window(set, 60), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_record(set, &sample), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_set_window(set, 30), HR_ERR_DOMAIN);
    sample.elapsed_ms = 30;
    sample.timestamp_ms = 30000;
    sample.concurrency = 9;
    hr_sample_set_record(set, &sample);
    hr_sample_set_add(set, "a", 20, false, 61000);
    hr_sample_set_add(set, "a", 40, true, 125000);
    hr_sample_set_add(set, "a", 5, true, NAN);

    CU_ASSERT_EQUAL_FATAL(hr_sample_set_summarise_windows(set, &windows,
                                                          &count), HR_OK);
    CU_ASSERT_EQUAL_FATAL(count, 4);
    CU_ASSERT(isnan(windows[0].start_ms));
    CU_ASSERT_EQUAL(windows[0].stats.samples, 1);
    HR_ASSERT_CLOSE(windows[1].start_ms, 0, 0.0);
    HR_ASSERT_CLOSE(windows[1].end_ms, 60000, 0.0);
    CU_ASSERT_EQUAL(windows[1].stats.samples, 2);
    HR_ASSERT_CLOSE(windows[1].stats.p50_ms, 10, 0.0);
    HR_ASSERT_CLOSE(windows[1].stats.p95_ms, 30, 0.0);
    HR_ASSERT_CLOSE(windows[1].stats.throughput_per_s, 2 / 30.03, 1e-12);
    HR_ASSERT_CLOSE(windows[1].concurrency_max, 9, 0.0);
    CU_ASSERT_STRING_EQUAL(windows[1].stats.estimator, "nearest rank");
    HR_ASSERT_CLOSE(windows[2].start_ms, 60000, 0.0);
    CU_ASSERT_EQUAL(windows[2].stats.errors, 1);
    CU_ASSERT(isnan(windows[2].concurrency_max));
    HR_ASSERT_CLOSE(windows[3].start_ms, 120000, 0.0);
    HR_ASSERT_CLOSE(windows[3].stats.max_ms, 40, 0.0);
    hr_window_stats_free(windows, count);
    hr_sample_set_free(set);
}

/* Errors by kind and bytes add up per label; unknown bytes stay NAN. */
static void test_error_kinds_and_bytes(void)
{
    static const hr_error_kind kinds[] = {
        HR_SAMPLE_OK, HR_SAMPLE_HTTP_4XX, HR_SAMPLE_HTTP_5XX,
        HR_SAMPLE_HTTP_5XX, HR_SAMPLE_TIMEOUT, HR_SAMPLE_CONNECTION,
        HR_SAMPLE_ASSERTION, HR_SAMPLE_OTHER_ERROR,
    };
    hr_sample_set *set = hr_sample_set_new();
    hr_label_stats *stats = NULL;
    size_t count = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        hr_sample sample = {"k", 1, 1000, kinds[i], 100.0 * (double)i, NAN};

        CU_ASSERT_EQUAL(hr_sample_set_record(set, &sample), HR_OK);
    }
    hr_sample_set_add(set, "nobytes", 1, true, NAN);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_summarise(set, &stats, &count),
                          HR_OK);
    CU_ASSERT_EQUAL(stats[0].errors, 7);
    CU_ASSERT_EQUAL(stats[0].errors_by_kind[HR_SAMPLE_OK], 0);
    CU_ASSERT_EQUAL(stats[0].errors_by_kind[HR_SAMPLE_HTTP_5XX], 2);
    CU_ASSERT_EQUAL(stats[0].errors_by_kind[HR_SAMPLE_TIMEOUT], 1);
    CU_ASSERT_EQUAL(stats[0].errors_by_kind[HR_SAMPLE_ASSERTION], 1);
    /* 0 + 100 + ... + 700 bytes. */
    HR_ASSERT_CLOSE(stats[0].bytes, 2800, 0.0);
    CU_ASSERT(isnan(stats[1].bytes));
    CU_ASSERT_STRING_EQUAL(hr_error_kind_name(HR_SAMPLE_HTTP_4XX), "4xx");
    CU_ASSERT_STRING_EQUAL(hr_error_kind_name(HR_SAMPLE_TIMEOUT),
                           "timeout");
    for (int k = 0; k < HR_ERROR_KIND_COUNT; k++)
        CU_ASSERT_STRING_NOT_EQUAL(hr_error_kind_name((hr_error_kind)k),
                                   "unknown");
    CU_ASSERT_STRING_EQUAL(hr_error_kind_name(HR_ERROR_KIND_COUNT),
                           "unknown");
    hr_label_stats_free(stats, count);
    hr_sample_set_free(set);
}

/* Up to 4096 samples a label keeps exact values; one more and the
 * histogram answers, within 0.1 % of the exact nearest rank. Values
 * i * 1.37 ms for i = 1..N, so the exact p-th is ceil(p N) * 1.37. */
static void test_exact_then_histogram(void)
{
    static const size_t sizes[2] = {4096, 4097};

    for (size_t k = 0; k < 2; k++) {
        hr_sample_set *set = hr_sample_set_new();
        hr_label_stats *stats = NULL;
        size_t n = sizes[k], count = 0;
        double tolerance = k == 0 ? 0.0 : 0.001;

        CU_ASSERT_PTR_NOT_NULL_FATAL(set);
        for (size_t i = n; i >= 1; i--)
            hr_sample_set_add(set, "x", 1.37 * (double)i, true, NAN);
        CU_ASSERT_EQUAL_FATAL(hr_sample_set_summarise(set, &stats, &count),
                              HR_OK);
        CU_ASSERT_STRING_EQUAL(stats[0].estimator, k == 0
                                   ? "nearest rank" : "histogram, 3 digits");
        HR_ASSERT_CLOSE(stats[0].p50_ms, 1.37 * ceil(0.50 * (double)n),
                        tolerance);
        HR_ASSERT_CLOSE(stats[0].p95_ms, 1.37 * ceil(0.95 * (double)n),
                        tolerance);
        HR_ASSERT_CLOSE(stats[0].p99_ms, 1.37 * ceil(0.99 * (double)n),
                        tolerance);
        CU_ASSERT(stats[0].p99_ms >= 1.37 * ceil(0.99 * (double)n) - 1e-9);
        HR_ASSERT_CLOSE(stats[0].max_ms, 1.37 * (double)n, 1e-15);
        HR_ASSERT_CLOSE(stats[0].mean_ms, 1.37 * (double)(n + 1) / 2.0,
                        1e-12);
        hr_label_stats_free(stats, count);
        hr_sample_set_free(set);
    }
}

/* Memory follows labels and windows, not samples: after the first
 * 20,000 samples of one label and window, 180,000 more add nothing. */
static void test_memory_bounded(void)
{
    hr_sample_set *set = hr_sample_set_new();
    size_t after_first = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    for (int i = 0; i < 200000; i++) {
        hr_sample_set_add(set, "steady", (double)(i % 997) + 1.0,
                          i % 13 != 0, 1000.0 + i % 1000);
        if (i == 19999)
            after_first = hr_sample_set_memory(set);
    }
    CU_ASSERT(after_first > 0);
    CU_ASSERT_EQUAL(hr_sample_set_memory(set), after_first);
    CU_ASSERT(after_first < 256 * 1024);
    CU_ASSERT_EQUAL(hr_sample_set_total(set), 200000);
    hr_sample_set_free(set);
}

/* Adds samples i = from..to-1 of a fixed pattern to set. */
static void add_pattern(hr_sample_set *set, int from, int to)
{
    for (int i = from; i < to; i++) {
        char label[16];

        snprintf(label, sizeof label, "L%d", i % 5);
        hr_sample_set_add(set, label, (double)((i * 7919) % 3000) + 0.5,
                          i % 17 != 0, 1e6 + 100.0 * i);
    }
}

/* Two sets merged give what one set of all the samples gives, exactly
 * (labels, windows, percentiles, files); windows must match. */
static void test_merge_sets(void)
{
    hr_sample_set *one = hr_sample_set_new(), *a = hr_sample_set_new();
    hr_sample_set *b = hr_sample_set_new(), *other = hr_sample_set_new();
    hr_label_stats *s1 = NULL, *s2 = NULL;
    size_t n1 = 0, n2 = 0;
    char path[] = "b.jtl", format[] = "jmeter-csv";
    hr_source_file file = {path, format, 10, 1};

    CU_ASSERT_PTR_NOT_NULL_FATAL(one);
    add_pattern(one, 0, 30000);
    add_pattern(a, 0, 12345);
    add_pattern(b, 12345, 30000);
    hr_sample_set_note_file(b, &file);
    CU_ASSERT_EQUAL(hr_sample_set_merge(a, b), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_file_count(a), 1);
    CU_ASSERT_EQUAL(hr_sample_set_total(a), 30000);
    hr_sample_set_summarise(one, &s1, &n1);
    hr_sample_set_summarise(a, &s2, &n2);
    CU_ASSERT_EQUAL_FATAL(n1, 5);
    CU_ASSERT_EQUAL_FATAL(n2, 5);
    for (size_t i = 0; i < n1; i++) {
        CU_ASSERT_EQUAL(s1[i].samples, s2[i].samples);
        CU_ASSERT_EQUAL(s1[i].errors, s2[i].errors);
        HR_ASSERT_CLOSE(s1[i].p50_ms, s2[i].p50_ms, 0.0);
        HR_ASSERT_CLOSE(s1[i].p99_ms, s2[i].p99_ms, 0.0);
        HR_ASSERT_CLOSE(s1[i].mean_ms, s2[i].mean_ms, 1e-12);
        HR_ASSERT_CLOSE(s1[i].throughput_per_s, s2[i].throughput_per_s,
                        1e-12);
    }
    hr_sample_set_set_window(other, 60);
    CU_ASSERT_EQUAL(hr_sample_set_merge(other, a), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_sample_set_merge(a, a), HR_ERR_DOMAIN);
    hr_label_stats_free(s1, n1);
    hr_label_stats_free(s2, n2);
    hr_sample_set_free(one);
    hr_sample_set_free(a);
    hr_sample_set_free(b);
    hr_sample_set_free(other);
}

/* A whole histogram (an HdrHistogram log interval) for a label: exact
 * count, extremes and mean, histogram percentiles, errors as "other",
 * throughput over its interval; the store gives it back by time range. */
static void test_record_histogram(void)
{
    hr_sample_set *set = hr_sample_set_new();
    hr_histogram *h = hr_histogram_new(), *back = hr_histogram_new();
    hr_label_stats *stats = NULL;
    size_t count = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    /* 100 values of 1..100 ms: mean 50.5, p95 95 ms. */
    for (int ms = 1; ms <= 100; ms++)
        hr_histogram_record(h, (int64_t)ms * 1000, 1);
    CU_ASSERT_EQUAL(hr_sample_set_record_histogram(set, "hdr", 0, 10000, h,
                                                   101), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_sample_set_record_histogram(set, "hdr", 0, 10000, h,
                                                   3), HR_OK);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_summarise(set, &stats, &count),
                          HR_OK);
    CU_ASSERT_EQUAL(stats[0].samples, 100);
    CU_ASSERT_EQUAL(stats[0].errors_by_kind[HR_SAMPLE_OTHER_ERROR], 3);
    HR_ASSERT_CLOSE(stats[0].min_ms, 1, 0.0);
    HR_ASSERT_CLOSE(stats[0].max_ms, 100, 0.0);
    HR_ASSERT_CLOSE(stats[0].mean_ms, 50.5, 1e-15);
    HR_ASSERT_CLOSE(stats[0].p95_ms, 95, 0.001);
    HR_ASSERT_CLOSE(stats[0].throughput_per_s, 10, 1e-15);
    CU_ASSERT_STRING_EQUAL(stats[0].estimator, "histogram, 3 digits");
    CU_ASSERT_EQUAL(hr_sample_set_histogram(set, "hdr", 0, 1, back), HR_OK);
    CU_ASSERT_EQUAL(hr_histogram_count(back), 100);
    hr_histogram_reset(back);
    hr_sample_set_histogram(set, NULL, 300000, INFINITY, back);
    CU_ASSERT_EQUAL(hr_histogram_count(back), 0);
    hr_label_stats_free(stats, count);
    hr_histogram_free(h);
    hr_histogram_free(back);
    hr_sample_set_free(set);
}

/* A tool's summary is kept as reported; a second report of the label
 * adds counts and keeps the larger quantile, an upper bound. */
static void test_record_summary(void)
{
    static const double quantiles[2] = {0.5, 0.95};
    static const double first[2] = {120, 480}, second[2] = {100, 510};
    hr_reported_summary report = {
        "/login", "locust", 1000, 10, 8, 150, 2000, 2, quantiles, first, 100,
        NULL,
    };
    hr_sample_set *set = hr_sample_set_new();
    hr_label_stats *stats = NULL;
    size_t count = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    CU_ASSERT_EQUAL(hr_sample_set_record_summary(set, &report), HR_OK);
    report.count = 3000;
    report.errors = 30;
    report.min_ms = 5;
    report.mean_ms = 110;
    report.values_ms = second;
    report.duration_s = 300;
    CU_ASSERT_EQUAL(hr_sample_set_record_summary(set, &report), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_total(set), 4000);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_summarise(set, &stats, &count),
                          HR_OK);
    CU_ASSERT_EQUAL(stats[0].samples, 4000);
    CU_ASSERT_EQUAL(stats[0].errors, 40);
    HR_ASSERT_CLOSE(stats[0].min_ms, 5, 0.0);
    /* (1000 * 150 + 3000 * 110) / 4000 = 120. */
    HR_ASSERT_CLOSE(stats[0].mean_ms, 120, 1e-15);
    HR_ASSERT_CLOSE(stats[0].p50_ms, 120, 0.0);
    HR_ASSERT_CLOSE(stats[0].p95_ms, 510, 0.0);
    CU_ASSERT(isnan(stats[0].p99_ms));
    HR_ASSERT_CLOSE(stats[0].throughput_per_s, 10, 1e-15);
    CU_ASSERT_STRING_EQUAL(stats[0].estimator, "reported by locust");
    CU_ASSERT_PTR_NOT_NULL(find_label(stats, count, "/login"));
    report.errors = report.count + 1;
    CU_ASSERT_EQUAL(hr_sample_set_record_summary(set, &report),
                    HR_ERR_DOMAIN);
    hr_label_stats_free(stats, count);
    hr_sample_set_free(set);
}

/* Deferred recording: 10,000 samples of one label over two windows,
 * every seventh failed, recorded with hr_sample_set_record_to into one
 * set and with hr_sample_set_record_deferred into another (counters
 * incremented afterwards, in reverse order), summarise the same, label
 * and windows; a sample that cannot be recorded is refused. */
static void test_record_deferred(void)
{
    enum { N = 10000 };
    hr_sample_set *now = hr_sample_set_new(), *later = hr_sample_set_new();
    uint64_t **counters = malloc(N * sizeof *counters);
    hr_label_ref *a = NULL, *b = NULL;
    hr_window_stats *w1 = NULL, *w2 = NULL;
    size_t n1 = 0, n2 = 0;
    hr_sample sample = {NULL, 0.0, 0.0, HR_SAMPLE_OK, 10.0, 3.0};

    CU_ASSERT_PTR_NOT_NULL_FATAL(now);
    CU_ASSERT_PTR_NOT_NULL_FATAL(later);
    CU_ASSERT_PTR_NOT_NULL_FATAL(counters);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_label(now, "x", &a), HR_OK);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_label(later, "x", &b), HR_OK);
    for (size_t i = 0; i < N; i++) {
        sample.elapsed_ms = 0.731 * (double)(i % 997 + 1);
        sample.timestamp_ms = 1.7e12 + 60.0 * (double)i;
        sample.error = i % 7 == 0 ? HR_SAMPLE_HTTP_5XX : HR_SAMPLE_OK;
        CU_ASSERT_EQUAL(hr_sample_set_record_to(now, a, &sample), HR_OK);
        CU_ASSERT_EQUAL(hr_sample_set_record_deferred(later, b, &sample,
                                                      &counters[i]),
                        HR_OK);
    }
    for (size_t i = N; i-- > 0;)
        (*counters[i])++;
    CU_ASSERT_EQUAL(hr_sample_set_summarise_windows(now, &w1, &n1), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_summarise_windows(later, &w2, &n2),
                    HR_OK);
    CU_ASSERT_EQUAL_FATAL(n1, n2);
    CU_ASSERT(n1 >= 2);
    for (size_t i = 0; i < n1; i++) {
        CU_ASSERT_EQUAL(w1[i].stats.samples, w2[i].stats.samples);
        CU_ASSERT_EQUAL(w1[i].stats.errors, w2[i].stats.errors);
        HR_ASSERT_CLOSE(w1[i].stats.p50_ms, w2[i].stats.p50_ms, 0.0);
        HR_ASSERT_CLOSE(w1[i].stats.p95_ms, w2[i].stats.p95_ms, 0.0);
        HR_ASSERT_CLOSE(w1[i].stats.p99_ms, w2[i].stats.p99_ms, 0.0);
        HR_ASSERT_CLOSE(w1[i].stats.max_ms, w2[i].stats.max_ms, 0.0);
        HR_ASSERT_CLOSE(w1[i].stats.bytes, w2[i].stats.bytes, 0.0);
    }
    sample.elapsed_ms = NAN;
    CU_ASSERT_EQUAL(hr_sample_set_record_deferred(later, b, &sample,
                                                  &counters[0]),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_sample_set_total(later), N);
    hr_window_stats_free(w1, n1);
    hr_window_stats_free(w2, n2);
    free(counters);
    hr_sample_set_free(now);
    hr_sample_set_free(later);
}

static const hr_test_case cases[] = {
    {"percentile validation example", test_percentile_validation_example},
    {"percentile ranks", test_percentile_ranks},
    {"percentile domain", test_percentile_domain},
    {"summary per label", test_summary_per_label},
    {"throughput span", test_throughput_span},
    {"labels copied", test_labels_copied},
    {"many labels", test_many_labels},
    {"add refuses bad samples", test_add_refuses_bad_samples},
    {"empty set", test_empty_set},
    {"note files", test_note_files},
    {"windows", test_windows},
    {"error kinds and bytes", test_error_kinds_and_bytes},
    {"exact, then histogram", test_exact_then_histogram},
    {"memory bounded", test_memory_bounded},
    {"merge sets", test_merge_sets},
    {"record histogram", test_record_histogram},
    {"record summary", test_record_summary},
    {"deferred recording", test_record_deferred},
};

HR_TEST_MAIN("metrics", cases)
