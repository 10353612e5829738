/*
 * test_metrics.c - sample sets, their per-label summaries and the
 * nearest-rank percentile.
 *
 * Expected values are worked by hand in the comments next to each case;
 * the nearest-rank example (ten samples 100..1000 ms, p90 = 900 ms) is
 * the one in shared/reference/validation.md.
 */
#include "headroom/metrics.h"

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
};

HR_TEST_MAIN("metrics", cases)
