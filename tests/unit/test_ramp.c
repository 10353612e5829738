/*
 * test_ramp.c - load levels derived from a ramp load test (ramp.h), and
 * "headroom fit usl" on a ramp test's JMeter results.
 *
 * No corpus file is a ramp held long enough (the longest JMeter file with
 * changing allThreads lasts 116 s and rises one thread every 6 s), so the
 * library cases build sample sets by hand, with expected levels counted
 * in the comments, and the command's cases write a deterministic JTL from
 * a known USL curve whose coefficients the fit must give back.
 */
#include <json-c/json.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "headroom/metrics.h"
#include "headroom/ramp.h"
#include "testkit.h"

/* A start time on a 10 s boundary: 1.7e12 ms = 170,000,000 x 10 s. */
#define T0_MS 1700000000000.0

/* ---- building sets ------------------------------------------------------ */

/* An empty set whose windows are the slices of 10 s windows. */
static hr_sample_set *ramp_set(void)
{
    hr_sample_set *set = hr_sample_set_new();

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_set_window(set, hr_ramp_slice_s(10)),
                          HR_OK);
    return set;
}

/* Records count samples of label spread evenly over [from_s, to_s) after
 * T0 at concurrency n (NAN for none); the first failed ones fail. */
static void add_span(hr_sample_set *set, const char *label, double from_s,
                     double to_s, int count, double n, int failed)
{
    for (int i = 0; i < count; i++) {
        double t = from_s + (i + 0.5) * (to_s - from_s) / count;
        hr_sample s = {.label = label,
                       .elapsed_ms = 100.0,
                       .timestamp_ms = T0_MS + 1000.0 * t,
                       .error = i < failed ? HR_SAMPLE_HTTP_5XX : HR_SAMPLE_OK,
                       .bytes = NAN,
                       .concurrency = n};

        CU_ASSERT_EQUAL(hr_sample_set_record(set, &s), HR_OK);
    }
}

static hr_status derive(const hr_sample_set *set, const char *label,
                        hr_ramp *ramp)
{
    hr_ramp_options options = {10.0, label};

    return hr_ramp_derive(set, &options, ramp);
}

/*
 * Label a, windows of 10 s (w0 = [0, 10) s):
 *   w0 N=1 50 samples   first window: warm-up
 *   w1 N=1 60           steady (w0 held 1, w2 starts at 1)
 *   w2 N=1 70           steady (w3's first slice [30, 32) is at 1)
 *   w3 N=1 30 in [30, 35), N=2 50 in [35, 40): changing
 *   w4 N=2 500          warm-up: a transient that must not count
 *   w5 N=2 100, w6 N=2 120 (12 failed), w7 N=2 140: steady
 *   w8 N=2 200          the last window: cut
 * Label b: 10 samples in every window and no concurrency of its own.
 */
static hr_sample_set *two_level_set(void)
{
    static const int counts[] = {50, 60, 70, 0, 500, 100, 120, 140, 200};
    hr_sample_set *set = ramp_set();

    for (int w = 0; w < 9; w++) {
        double n = w < 3 ? 1.0 : 2.0;

        if (w != 3)
            add_span(set, "a", 10.0 * w, 10.0 * w + 10, counts[w], n,
                     w == 6 ? 12 : 0);
        add_span(set, "b", 10.0 * w, 10.0 * w + 10, 10, NAN, 0);
    }
    add_span(set, "a", 30, 35, 30, 1.0, 0);
    add_span(set, "a", 35, 40, 50, 2.0, 0);
    return set;
}

/* ---- the library -------------------------------------------------------- */

/* Every label: level 1 from w1, w2: (60+10)/10 = 7 and 8, median 7.5;
 * level 2 from w5..w7: 11, 13, 15, median 13, with 390 samples. Had w4
 * entered, level 2 would read 4 windows and a median of 14. */
static void test_levels_all_labels(void)
{
    hr_sample_set *set = two_level_set();
    hr_ramp r;

    CU_ASSERT_EQUAL_FATAL(derive(set, NULL, &r), HR_OK);
    CU_ASSERT_EQUAL(r.windows, 9);
    CU_ASSERT_EQUAL(r.steady, 5);
    CU_ASSERT_EQUAL(r.warm_up, 2);
    CU_ASSERT_EQUAL(r.changing, 1);
    CU_ASSERT_EQUAL(r.cut, 1);
    CU_ASSERT_EQUAL(r.unknown, 0);
    CU_ASSERT_EQUAL(r.samples, 1320 + 90);
    CU_ASSERT_EQUAL_FATAL(r.level_count, 2);
    CU_ASSERT_EQUAL(r.levels[0].concurrency, 1.0);
    HR_ASSERT_CLOSE(r.levels[0].throughput_per_s, 7.5, 1e-12);
    CU_ASSERT_EQUAL(r.levels[0].windows, 2);
    CU_ASSERT_EQUAL(r.levels[1].concurrency, 2.0);
    HR_ASSERT_CLOSE(r.levels[1].throughput_per_s, 13.0, 1e-12);
    HR_ASSERT_CLOSE(r.levels[1].min_per_s, 11.0, 1e-12);
    HR_ASSERT_CLOSE(r.levels[1].max_per_s, 15.0, 1e-12);
    CU_ASSERT_EQUAL(r.levels[1].windows, 3);
    CU_ASSERT_EQUAL(r.levels[1].samples, 390);
    CU_ASSERT_EQUAL(r.levels[1].errors, 12);
    hr_ramp_release(&r);
    CU_ASSERT_PTR_NULL(r.levels);
    hr_sample_set_free(set);
}

/* Label a alone: 6 and 7 (median 6.5); 10, 12, 14 (median 12). Label b
 * alone: 1 per second at both levels, its concurrency taken from a. */
static void test_levels_one_label(void)
{
    hr_sample_set *set = two_level_set();
    hr_ramp r;

    CU_ASSERT_EQUAL_FATAL(derive(set, "a", &r), HR_OK);
    CU_ASSERT_EQUAL_FATAL(r.level_count, 2);
    HR_ASSERT_CLOSE(r.levels[0].throughput_per_s, 6.5, 1e-12);
    HR_ASSERT_CLOSE(r.levels[1].throughput_per_s, 12.0, 1e-12);
    CU_ASSERT_EQUAL(r.samples, 1320);
    hr_ramp_release(&r);
    CU_ASSERT_EQUAL_FATAL(derive(set, "b", &r), HR_OK);
    CU_ASSERT_EQUAL_FATAL(r.level_count, 2);
    HR_ASSERT_CLOSE(r.levels[0].throughput_per_s, 1.0, 1e-12);
    HR_ASSERT_CLOSE(r.levels[1].throughput_per_s, 1.0, 1e-12);
    hr_ramp_release(&r);
    hr_sample_set_free(set);
}

/* N=3 in six windows, but 4 users for [24, 26) s, one slice of w2: w2
 * changes, so w3 is a warm-up again. w0 warm-up, w1 and w4 steady, w5
 * cut. */
static void test_brief_change_inside_window(void)
{
    hr_sample_set *set = ramp_set();
    hr_ramp r;

    add_span(set, "a", 0, 24, 240, 3.0, 0);
    add_span(set, "a", 24, 26, 20, 4.0, 0);
    add_span(set, "a", 26, 60, 340, 3.0, 0);
    CU_ASSERT_EQUAL_FATAL(derive(set, NULL, &r), HR_OK);
    CU_ASSERT_EQUAL(r.changing, 1);
    CU_ASSERT_EQUAL(r.warm_up, 2);
    CU_ASSERT_EQUAL(r.steady, 2);
    CU_ASSERT_EQUAL(r.cut, 1);
    CU_ASSERT_EQUAL_FATAL(r.level_count, 1);
    CU_ASSERT_EQUAL(r.levels[0].concurrency, 3.0);
    CU_ASSERT_EQUAL(r.levels[0].windows, 2);
    hr_ramp_release(&r);
    hr_sample_set_free(set);
}

/* The test starts at 3 s: w0's first slice is empty, so w0 has no level
 * and w1 is the warm-up; w2 steady; w3 cut. */
static void test_late_start(void)
{
    hr_sample_set *set = ramp_set();
    hr_ramp r;

    add_span(set, "a", 3, 40, 370, 1.0, 0);
    CU_ASSERT_EQUAL_FATAL(derive(set, NULL, &r), HR_OK);
    CU_ASSERT_EQUAL(r.changing, 1);
    CU_ASSERT_EQUAL(r.warm_up, 1);
    CU_ASSERT_EQUAL(r.steady, 1);
    CU_ASSERT_EQUAL(r.cut, 1);
    hr_ramp_release(&r);
    hr_sample_set_free(set);
}

/* A gap of one window: the window after it is a warm-up, the one before
 * it is cut. Windows w0..w2 and w4..w6 hold samples. */
static void test_gap(void)
{
    hr_sample_set *set = ramp_set();
    hr_ramp r;

    add_span(set, "a", 0, 30, 300, 5.0, 0);
    add_span(set, "a", 40, 70, 300, 5.0, 0);
    CU_ASSERT_EQUAL_FATAL(derive(set, NULL, &r), HR_OK);
    CU_ASSERT_EQUAL(r.windows, 6);
    CU_ASSERT_EQUAL(r.warm_up, 2);
    CU_ASSERT_EQUAL(r.steady, 2);
    CU_ASSERT_EQUAL(r.cut, 2);
    hr_ramp_release(&r);
    hr_sample_set_free(set);
}

static void test_derive_errors(void)
{
    hr_sample_set *set = ramp_set();
    hr_sample_set *wide = hr_sample_set_new();
    hr_ramp_options bad = {0.0, NULL};
    hr_ramp r;

    CU_ASSERT_PTR_NOT_NULL_FATAL(wide);
    add_span(wide, "a", 0, 60, 60, 1.0, 0);
    CU_ASSERT_EQUAL(derive(wide, NULL, &r), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_ramp_derive(set, &bad, &r), HR_ERR_DOMAIN);
    add_span(set, "a", 0, 60, 60, NAN, 0);
    CU_ASSERT_EQUAL(derive(set, NULL, &r), HR_ERR_NO_DATA);
    CU_ASSERT_PTR_NULL(r.levels);
    add_span(set, "b", 0, 60, 60, 2.0, 0);
    CU_ASSERT_EQUAL(derive(set, "c", &r), HR_ERR_INVALID);
    CU_ASSERT_EQUAL(derive(set, NULL, &r), HR_OK);
    hr_ramp_release(&r);
    hr_ramp_release(NULL);
    hr_sample_set_free(wide);
    hr_sample_set_free(set);
}

/* Samples without timestamps give no windows, hence no concurrency. */
static void test_untimed(void)
{
    hr_sample_set *set = ramp_set();
    hr_sample s = {"a", 10.0, NAN, HR_SAMPLE_OK, NAN, 4.0};
    hr_ramp r;

    CU_ASSERT_EQUAL(hr_sample_set_record(set, &s), HR_OK);
    CU_ASSERT_EQUAL(derive(set, NULL, &r), HR_ERR_NO_DATA);
    hr_sample_set_free(set);
}

/* ---- a synthetic ramp test ---------------------------------------------- */

/*
 * The system: USL with alpha 0.05, beta 0.002, gamma 20 requests/s, run
 * at 7 loads, each held 60 s from 3.5 s after T0. Every 10 s window of a
 * hold gets round(10 X(N)) samples spread evenly (two labels taking
 * turns), so a steady window measures X(N) to the nearest 0.1 /s; the
 * first whole window of each hold runs at 60 % (cold caches) and must be
 * left out. Per hold: one window with the change, one warm-up, four
 * steady; the last window of the test is cut short.
 */
#define RAMP_ALPHA 0.05
#define RAMP_BETA 0.002
#define RAMP_GAMMA 20.0
#define RAMP_HOLD_MS 60000.0
#define RAMP_OFFSET_MS 3500.0
#define WINDOW_MS 10000.0

static const double ramp_loads[] = {1, 2, 4, 8, 16, 24, 32};

#define LOAD_COUNT (sizeof ramp_loads / sizeof *ramp_loads)

/* Gunther's USL, the curve the synthetic system follows. */
static double usl_x(double n)
{
    return RAMP_GAMMA * n /
           (1.0 + RAMP_ALPHA * (n - 1.0) + RAMP_BETA * n * (n - 1.0));
}

/* Writes the samples of [from, to) ms at load n and rate per second. */
static void write_span(FILE *f, double from, double to, double rate, double n,
                       bool threads)
{
    long count = lround((to - from) / 1000.0 * rate);

    for (long i = 0; i < count; i++) {
        double t = from + ((double)i + 0.5) * (to - from) / (double)count;

        fprintf(f, "%.0f,%ld,%s,200,OK,Ramp 1-1,true,100", T0_MS + t,
                lround(1000.0 * n / usl_x(n)), i % 2 ? "search" : "home");
        if (threads)
            fprintf(f, ",%g,%g", n, n);
        fputc('\n', f);
    }
}

/* One hold, window by window. */
static void write_hold(FILE *f, size_t k, bool threads)
{
    double start = RAMP_OFFSET_MS + RAMP_HOLD_MS * (double)k;
    double end = start + RAMP_HOLD_MS, n = ramp_loads[k];
    bool cold = true;

    for (double w = floor(start / WINDOW_MS) * WINDOW_MS; w < end;
         w += WINDOW_MS) {
        double lo = fmax(w, start), hi = fmin(w + WINDOW_MS, end);
        double rate = usl_x(n);

        if (lo == w && hi == w + WINDOW_MS && cold) {
            rate *= 0.6;
            cold = false;
        }
        write_span(f, lo, hi, rate, n, threads);
    }
}

/* Writes the ramp's JTL (with or without the thread columns) holding
 * the first loads loads, into dir; returns its path in a static buffer. */
static const char *write_ramp(const char *dir, size_t loads, bool threads)
{
    static char path[1024];
    FILE *f;

    snprintf(path, sizeof path, "%s/ramp.jtl", dir);
    f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f,
            "timeStamp,elapsed,label,responseCode,responseMessage,"
            "threadName,success,bytes%s\n",
            threads ? ",grpThreads,allThreads" : "");
    for (size_t k = 0; k < loads; k++)
        write_hold(f, k, threads);
    CU_ASSERT_EQUAL(fclose(f), 0);
    return path;
}

/* ---- the command -------------------------------------------------------- */

/* Removes the ramp file and its directory. */
static void drop(char *dir, const char *path)
{
    remove(path);
    remove(dir);
    free(dir);
}

static double number(json_object *o, const char *key)
{
    json_object *v = json_object_object_get(o, key);

    return v ? json_object_get_double(v) : (double)NAN;
}

/* Each level: four windows, X = round(10 X(N)) / 10 from all of them (the
 * 60 % warm-up window would have lowered throughput_min). */
static void check_levels(json_object *ramp)
{
    json_object *levels = json_object_object_get(ramp, "levels");

    CU_ASSERT_EQUAL_FATAL(json_object_array_length(levels), LOAD_COUNT);
    for (size_t k = 0; k < LOAD_COUNT; k++) {
        json_object *l = json_object_array_get_idx(levels, k);
        double x = (double)lround(10.0 * usl_x(ramp_loads[k])) / 10.0;

        CU_ASSERT_EQUAL(number(l, "concurrency"), ramp_loads[k]);
        CU_ASSERT_EQUAL(number(l, "windows"), 4.0);
        HR_ASSERT_CLOSE(number(l, "throughput"), x, 1e-12);
        HR_ASSERT_CLOSE(number(l, "throughput_min"), x, 1e-12);
    }
    /* 43 windows from 3.5 s to 423.5 s: 7 with a change (the start
     * and 6 steps), 7 warm-ups, 28 steady, the last one cut. */
    CU_ASSERT_EQUAL(number(ramp, "windows"), 43.0);
    CU_ASSERT_EQUAL(number(ramp, "changing"), 7.0);
    CU_ASSERT_EQUAL(number(ramp, "warm_up"), 7.0);
    CU_ASSERT_EQUAL(number(ramp, "steady"), 28.0);
    CU_ASSERT_EQUAL(number(ramp, "cut"), 1.0);
}

/*
 * The fit gives the curve back. Each level's X is off the curve by at
 * most 0.05 /s (a window holds a whole number of samples). Linearised
 * least squares moves the coefficients by P dX with P = (J'J)^-1 J' at
 * the true values; the worst case over |dX_i| <= 0.05 is 0.05 sum |P_ji|
 * = 4.74e-4 (alpha), 8.57e-6 (beta), 0.0422 (gamma), computed with
 * python3 (no numpy: 3x3 inverse by cofactors). Those bounds, rounded
 * up, are the tolerances. (The fit lands at 0.0501008, 0.00199587,
 * 20.00134, as python3's own Gauss-Newton on the same pairs.)
 */
static void test_cli_ramp_recovers_usl(void)
{
    char *dir = hr_test_tmpdir();
    char arguments[2048], out[16384], err[4096];
    const char *path;
    json_object *o;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    path = write_ramp(dir, LOAD_COUNT, true);
    snprintf(arguments, sizeof arguments, "fit usl '%s' --json", path);
    CU_ASSERT_EQUAL(
        hr_run_headroom(arguments, out, sizeof out, err, sizeof err), 0);
    o = json_tokener_parse(out);
    CU_ASSERT_PTR_NOT_NULL(o);
    if (o) {
        HR_ASSERT_CLOSE(number(o, "alpha"), RAMP_ALPHA, 5e-4 / RAMP_ALPHA);
        HR_ASSERT_CLOSE(number(o, "beta"), RAMP_BETA, 9e-6 / RAMP_BETA);
        HR_ASSERT_CLOSE(number(o, "gamma"), RAMP_GAMMA, 0.045 / RAMP_GAMMA);
        check_levels(json_object_object_get(o, "ramp"));
        json_object_put(o);
    }
    drop(dir, path);
}

/* The text shows the levels before the model, in threads and
 * requests/s; --label home counts every other sample: 100 of level 1's
 * 200 per window, 10 /s. */
static void test_cli_ramp_text_and_label(void)
{
    char *dir = hr_test_tmpdir();
    char arguments[2048], out[16384], err[4096];
    const char *path, *table, *model;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    path = write_ramp(dir, LOAD_COUNT, true);
    snprintf(arguments, sizeof arguments, "fit usl '%s'", path);
    CU_ASSERT_EQUAL(
        hr_run_headroom(arguments, out, sizeof out, err, sizeof err), 0);
    table = strstr(out, "X (median)");
    model = strstr(out, "model:");
    CU_ASSERT(table && model && table < model);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "(jmeter-csv)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "28 steady windows used"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "N in threads, X in requests/s"));
    snprintf(arguments, sizeof arguments,
             "fit usl '%s' --label home --window 10 --json", path);
    CU_ASSERT_EQUAL(
        hr_run_headroom(arguments, out, sizeof out, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"label\": \"home\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"throughput\": 10.0,"));
    drop(dir, path);
}

/* Without grpThreads and allThreads: exit 3, naming the file. */
static void test_cli_ramp_no_concurrency(void)
{
    char *dir = hr_test_tmpdir();
    char arguments[2048], err[4096], want[1200];
    const char *path;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    path = write_ramp(dir, 3, false);
    snprintf(arguments, sizeof arguments, "fit usl '%s'", path);
    snprintf(want, sizeof want,
             "error: %s: no sample gives the number of active users", path);
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
    drop(dir, path);
}

/* Two loads: the levels are shown, then the fit is refused. With 60 s
 * windows no window is steady. */
static void test_cli_ramp_too_few(void)
{
    char *dir = hr_test_tmpdir();
    char arguments[2048], out[8192], err[4096];
    const char *path;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    path = write_ramp(dir, 2, true);
    snprintf(arguments, sizeof arguments, "fit usl '%s'", path);
    CU_ASSERT_EQUAL(
        hr_run_headroom(arguments, out, sizeof out, err, sizeof err), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "X (median)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "at least 3 distinct loads"));
    snprintf(arguments, sizeof arguments, "fit usl '%s' --window 60", path);
    CU_ASSERT_EQUAL(
        hr_run_headroom(arguments, out, sizeof out, err, sizeof err), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "no steady window"));
    drop(dir, path);
}

/* Options of the other kind of input, and bad windows, are usage errors;
 * --from-ramp sends a CSV of pairs to the result readers. */
static void test_cli_ramp_options(void)
{
    char *dir = hr_test_tmpdir();
    char arguments[2048], err[4096];
    const char *path;
    const char *pairs = HR_SOURCE_DIR "/data/capacity/specsdm91.csv";

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    path = write_ramp(dir, 1, true);
    snprintf(arguments, sizeof arguments, "fit usl '%s' --load-column N", path);
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 2);
    snprintf(arguments, sizeof arguments, "fit usl '%s' --window 0", path);
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 2);
    snprintf(arguments, sizeof arguments, "fit usl '%s' --window 5x", path);
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 2);
    snprintf(arguments, sizeof arguments, "fit usl '%s' --window 30", pairs);
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 2);
    snprintf(arguments, sizeof arguments, "fit usl '%s' --from-ramp", pairs);
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a result format"));
    snprintf(arguments, sizeof arguments, "fit usl '%s' --format k6-csv", path);
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 3);
    drop(dir, path);
}

static const hr_test_case cases[] = {
    {"levels over every label", test_levels_all_labels},
    {"levels of one label", test_levels_one_label},
    {"brief change inside a window", test_brief_change_inside_window},
    {"late start", test_late_start},
    {"gap in the samples", test_gap},
    {"derive errors", test_derive_errors},
    {"untimed samples", test_untimed},
    {"cli ramp recovers the usl", test_cli_ramp_recovers_usl},
    {"cli ramp text and label", test_cli_ramp_text_and_label},
    {"cli ramp without concurrency", test_cli_ramp_no_concurrency},
    {"cli ramp too few levels", test_cli_ramp_too_few},
    {"cli ramp options", test_cli_ramp_options},
};

HR_TEST_MAIN("ramp", cases)
