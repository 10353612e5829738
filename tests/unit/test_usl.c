/*
 * test_usl.c - Universal Scalability Law fits: the library against the
 * R usl package's published fits (shared/reference/validation.md,
 * "Universal Scalability Law fits"), the warnings, the capacity CSV
 * reader on shipped and corpus files, and "headroom fit usl" end to end
 * (JSON read back with json-c, the chart decoded by cairo).
 *
 * Published figures are compared within half a unit of their last printed
 * digit (ASSERT_PRINTED); other expected values are worked out in the
 * comments.
 */
#include <cairo.h>
#include <gsl/gsl_cdf.h>
#include <json-c/json.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "headroom/usl.h"
#include "input/capacity_csv.h"
#include "testkit.h"

/* got equals want as printed with the given number of decimals. */
#define ASSERT_PRINTED(got, want, decimals)                                    \
    HR_ASSERT_CLOSE((got), (want), 0.5 * pow(10.0, -(decimals)) / fabs(want))

/* got is within tol of want, absolutely. */
#define ASSERT_WITHIN(got, want, tol)                                          \
    HR_ASSERT_CLOSE((got), (want), (tol) / fabs(want))

/* validation.md, specsdm91. */
static const hr_usl_point specsdm91[] = {
    {1, 64.9},     {18, 995.9},   {36, 1652.4},  {72, 1853.2},
    {108, 1828.9}, {144, 1775.0}, {216, 1702.2},
};

/* validation.md, raytracer rows 1-6. */
static const hr_usl_point raytracer[] = {
    {1, 20}, {4, 78}, {8, 130}, {12, 170}, {16, 190}, {20, 200},
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

static hr_usl fit_points(const hr_usl_point *points, size_t count,
                         hr_status want)
{
    hr_usl usl;

    CU_ASSERT_EQUAL(hr_usl_fit(&usl, points, count), want);
    return usl;
}

/* ---- the library against R usl ------------------------------------------ */

static void test_specsdm91_coefficients(void)
{
    hr_usl u = fit_points(specsdm91, COUNT(specsdm91), HR_OK);

    ASSERT_PRINTED(u.alpha.value, 0.0277285, 7);
    ASSERT_PRINTED(u.alpha.se, 0.0091217, 7);
    ASSERT_PRINTED(u.beta.value, 0.0001044, 7);
    ASSERT_PRINTED(u.beta.se, 0.0000199, 7);
    /* R prints gamma 89.9952330; nls stopped at its own tolerance 1.4e-7
     * short of the optimum (the residual sum of squares at the printed
     * coefficients is 27453.834, at ours 27453.720), so 2e-9 relative. */
    HR_ASSERT_CLOSE(u.gamma.value, 89.9952330, 2e-9);
    ASSERT_PRINTED(u.gamma.se, 14.2134894, 7);
    CU_ASSERT_EQUAL(u.warnings, 0);
}

static void test_specsdm91_derived(void)
{
    hr_usl u = fit_points(specsdm91, COUNT(specsdm91), HR_OK);

    ASSERT_PRINTED(u.rse, 82.8, 1);
    CU_ASSERT_EQUAL(u.dof, 4);
    ASSERT_PRINTED(u.peak_load, 96.51956, 5);
    ASSERT_PRINTED(u.peak_throughput, 1884.0, 0);
    ASSERT_PRINTED(u.limit_throughput, 3245.589, 3);
    /* X(N*) is the model at N*. */
    HR_ASSERT_CLOSE(hr_usl_throughput(&u, u.peak_load), u.peak_throughput,
                    1e-12);
}

static void test_raytracer_coefficients(void)
{
    hr_usl u = fit_points(raytracer, COUNT(raytracer), HR_OK);

    ASSERT_PRINTED(u.alpha.value, 0.02444, 5);
    ASSERT_PRINTED(u.beta.value, 0.00163, 5);
    ASSERT_PRINTED(u.gamma.value, 20.85605, 5);
    CU_ASSERT_EQUAL(u.dof, 3);
}

/* R usl's confint() computes estimate +- SE qt(level, n - 1) (usl
 * R/confint.R), i.e. t(0.95) on 5 degrees of freedom here: a two-sided
 * 90 % interval on n - 1 degrees of freedom. Rebuilding its published
 * intervals from our standard errors that way checks the errors. */
static void test_raytracer_r_intervals(void)
{
    hr_usl u = fit_points(raytracer, COUNT(raytracer), HR_OK);
    double t = gsl_cdf_tdist_Pinv(0.95, 5.0);

    ASSERT_PRINTED(u.alpha.value - t * u.alpha.se, 0.00754, 5);
    ASSERT_PRINTED(u.alpha.value + t * u.alpha.se, 0.04135, 5);
    ASSERT_PRINTED(u.beta.value - t * u.beta.se, 0.00110, 5);
    ASSERT_PRINTED(u.beta.value + t * u.beta.se, 0.00215, 5);
    ASSERT_PRINTED(u.gamma.value - t * u.gamma.se, 19.26717, 5);
    ASSERT_PRINTED(u.gamma.value + t * u.gamma.se, 22.44492, 5);
}

/* headroom's intervals are 95 % on n - 3 = 3 degrees of freedom. From the
 * published figures: SE = (high - low) / (2 t(0.95, 5)), t(0.95, 5) =
 * 2.015048; then estimate +- t(0.975, 3) SE with t(0.975, 3) = 3.182446:
 *   alpha SE 0.008389378 -> [-0.002259, 0.0511387], clipped at 0
 *   beta  SE 0.0002605397 -> [0.000800846, 0.00245915]
 *   gamma SE 0.7885048 -> [18.346676, 23.365424]
 * The printed inputs' rounding leaves about 1e-5 of play. */
static void test_raytracer_95_intervals(void)
{
    hr_usl u = fit_points(raytracer, COUNT(raytracer), HR_OK);

    CU_ASSERT_EQUAL(u.alpha.ci_low, 0.0);
    ASSERT_WITHIN(u.alpha.ci_high, 0.0511387, 1.5e-5);
    ASSERT_WITHIN(u.beta.ci_low, 0.000800846, 1.5e-5);
    ASSERT_WITHIN(u.beta.ci_high, 0.00245915, 1.5e-5);
    ASSERT_WITHIN(u.gamma.ci_low, 18.346676, 2e-5);
    ASSERT_WITHIN(u.gamma.ci_high, 23.365424, 2e-5);
}

/* Noise-free points from alpha 0.05, beta 0.002, gamma 100 give those
 * coefficients back. */
static void test_exact_data_recovered(void)
{
    hr_usl truth = {
        .alpha.value = 0.05, .beta.value = 0.002, .gamma.value = 100.0};
    hr_usl_point points[8];
    hr_usl u;

    for (size_t i = 0; i < COUNT(points); i++) {
        double n = 1.0 + 4.0 * (double)i;

        points[i] = (hr_usl_point){n, hr_usl_throughput(&truth, n)};
    }
    u = fit_points(points, COUNT(points), HR_OK);
    HR_ASSERT_CLOSE(u.alpha.value, 0.05, 1e-7);
    HR_ASSERT_CLOSE(u.beta.value, 0.002, 1e-7);
    HR_ASSERT_CLOSE(u.gamma.value, 100.0, 1e-9);
    /* N* = sqrt(0.95 / 0.002) = 21.794495 */
    HR_ASSERT_CLOSE(u.peak_load, 21.794495, 1e-7);
}

/* ---- warnings ----------------------------------------------------------- */

/* Three points, three loads: the curve passes through them, with no
 * degrees of freedom for errors. */
static void test_three_points(void)
{
    hr_usl u = fit_points(raytracer, 3, HR_OK);

    CU_ASSERT(u.warnings & HR_USL_WARN_FEW_POINTS);
    CU_ASSERT(u.warnings & HR_USL_WARN_FEW_LOADS);
    CU_ASSERT_EQUAL(u.dof, 0);
    CU_ASSERT(isnan(u.rse));
    CU_ASSERT(isnan(u.alpha.se) && isnan(u.gamma.ci_low));
    CU_ASSERT(isfinite(u.gamma.value));
}

static void test_same_load(void)
{
    static const hr_usl_point same[] = {
        {8, 130}, {8, 128}, {8, 133}, {8, 131}, {8, 129},
    };
    hr_usl u = fit_points(same, COUNT(same), HR_ERR_DOMAIN);

    CU_ASSERT(u.warnings & HR_USL_WARN_SAME_LOAD);
    CU_ASSERT(u.warnings & HR_USL_WARN_FEW_LOADS);
    CU_ASSERT_EQUAL(u.points, 5);
    CU_ASSERT_EQUAL(u.distinct_loads, 1);
    CU_ASSERT(isnan(u.alpha.value) && isnan(u.peak_load));
}

static void test_two_loads_refused(void)
{
    static const hr_usl_point two[] = {{1, 20}, {4, 78}, {4, 77}, {1, 21}};
    hr_usl u = fit_points(two, COUNT(two), HR_ERR_DOMAIN);

    CU_ASSERT_EQUAL(u.distinct_loads, 2);
    CU_ASSERT(!(u.warnings & HR_USL_WARN_SAME_LOAD));
}

/* Throughput that grows faster than N would need alpha and beta below 0;
 * both are held at 0, leaving X = gamma N, whose least-squares slope is
 * sum(N X) / sum(N^2) = 3503 / 341 = 10.272727. */
static void test_bounds_hold(void)
{
    static const hr_usl_point fast[] = {
        {1, 10}, {2, 20.5}, {4, 41}, {8, 79}, {16, 166},
    };
    hr_usl u = fit_points(fast, COUNT(fast), HR_OK);

    CU_ASSERT_EQUAL(u.alpha.value, 0.0);
    CU_ASSERT_EQUAL(u.beta.value, 0.0);
    HR_ASSERT_CLOSE(u.gamma.value, 3503.0 / 341.0, 1e-9);
    CU_ASSERT(u.warnings & HR_USL_WARN_ALPHA_AT_BOUND);
    CU_ASSERT(u.warnings & HR_USL_WARN_BETA_AT_BOUND);
    CU_ASSERT(isinf(u.peak_load) && isnan(u.peak_throughput));
    CU_ASSERT(isinf(u.limit_throughput));
    CU_ASSERT_EQUAL(u.alpha.ci_low, 0.0);
}

/* alpha 0.001, beta 1e-5 put the peak at sqrt(0.999 / 1e-5) = 316, far
 * beyond loads 1..10. */
static void test_peak_far_beyond(void)
{
    hr_usl truth = {
        .alpha.value = 0.001, .beta.value = 1e-5, .gamma.value = 10.0};
    hr_usl_point points[10];
    hr_usl u;

    for (size_t i = 0; i < COUNT(points); i++)
        points[i] =
            (hr_usl_point){(double)i + 1.0, hr_usl_throughput(&truth, i + 1.0)};
    u = fit_points(points, COUNT(points), HR_OK);
    CU_ASSERT(u.warnings & HR_USL_WARN_PEAK_BEYOND);
    HR_ASSERT_CLOSE(u.peak_load, sqrt(0.999 / 1e-5), 1e-5);
}

/* All throughput zero: gamma = 0 makes the alpha and beta columns of the
 * Jacobian zero. */
static void test_singular(void)
{
    static const hr_usl_point zero[] = {{1, 0}, {2, 0}, {3, 0}, {4, 0}};
    hr_usl u = fit_points(zero, COUNT(zero), HR_OK);

    CU_ASSERT(u.warnings & HR_USL_WARN_SINGULAR);
    CU_ASSERT(isnan(u.alpha.se) && isnan(u.beta.ci_high));
}

static void test_invalid_points(void)
{
    static const hr_usl_point negative[] = {{1, 10}, {-2, 20}, {3, 30}};
    static const hr_usl_point nan_x[] = {{1, 10}, {2, NAN}, {3, 30}};
    hr_usl u;

    CU_ASSERT_EQUAL(hr_usl_fit(&u, negative, 3), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_usl_fit(&u, nan_x, 3), HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_usl_fit(&u, NULL, 0), HR_ERR_DOMAIN);
    CU_ASSERT(isnan(hr_usl_throughput(&u, 4.0)));
}

static void test_warning_texts_cover_bits(void)
{
    for (unsigned i = 0; i < HR_USL_WARNING_COUNT; i++)
        CU_ASSERT(strcmp(hr_usl_warning_text((hr_usl_warning)(1u << i)),
                         "unknown warning") != 0);
    CU_ASSERT_STRING_EQUAL(hr_usl_warning_text((hr_usl_warning)0),
                           "unknown warning");
}

/* ---- the capacity CSV reader -------------------------------------------- */

static hr_status read_series(const char *path, const char *load,
                             hr_capacity_series *s, hr_diags *d)
{
    hr_capacity_columns columns = {load, NULL};

    *s = (hr_capacity_series){0};
    *d = (hr_diags){0};
    return hr_capacity_csv_read(path, &columns, s, d);
}

/* Writes text to a fresh file in a temporary directory; returns its path
 * in a static buffer. */
static const char *temp_file(const char *name, const char *text)
{
    static char path[1024];
    char *dir = hr_test_tmpdir();

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    free(dir);
    CU_ASSERT_EQUAL_FATAL(hr_write_text(path, text), 0);
    return path;
}

/* Removes a file made by temp_file() and its directory. */
static void drop_temp(const char *path)
{
    char dir[1024];
    char *slash;

    snprintf(dir, sizeof dir, "%s", path);
    slash = strrchr(dir, '/');
    remove(path);
    if (slash) {
        *slash = '\0';
        remove(dir);
    }
}

static bool diag_at(const hr_diags *d, const char *path, unsigned long line,
                    hr_severity severity)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].line == line && d->items[i].severity == severity &&
            d->items[i].file && strcmp(d->items[i].file, path) == 0)
            return true;
    return false;
}

static void test_csv_shipped_file(void)
{
    hr_capacity_series s;
    hr_diags d;

    CU_ASSERT_EQUAL(
        read_series(hr_repo_path("data/capacity/specsdm91.csv"), NULL, &s, &d),
        HR_OK);
    CU_ASSERT_EQUAL(s.count, 7);
    CU_ASSERT_STRING_EQUAL(s.load_column, "load");
    CU_ASSERT_STRING_EQUAL(s.throughput_column, "throughput");
    CU_ASSERT_EQUAL(s.points[6].load, 216.0);
    CU_ASSERT_EQUAL(s.lines[6], 8);
    CU_ASSERT_EQUAL(d.count, 0);
    hr_capacity_series_release(&s);
    hr_diags_release(&d);
}

/* Columns in any order and case, tab-delimited, unsorted rows. */
static void test_csv_any_order(void)
{
    const char *path = temp_file("t.tsv", "Throughput\tnote\tUSERS\n"
                                          "170\tc\t12\n20\ta\t1\n78\tb\t4\n");
    hr_capacity_series s;
    hr_diags d;

    CU_ASSERT_EQUAL_FATAL(read_series(path, NULL, &s, &d), HR_OK);
    CU_ASSERT_EQUAL(s.count, 3);
    CU_ASSERT_EQUAL(s.points[0].load, 1.0);
    CU_ASSERT_EQUAL(s.points[0].throughput, 20.0);
    CU_ASSERT_EQUAL(s.lines[0], 3);
    CU_ASSERT_EQUAL(s.points[2].load, 12.0);
    CU_ASSERT_STRING_EQUAL(s.load_column, "USERS");
    hr_capacity_series_release(&s);
    hr_diags_release(&d);
    drop_temp(path);
}

static void test_csv_not_a_number(void)
{
    const char *path = temp_file("bad.csv", "N,X\n1,20\n4,seventy\n8,130\n");
    hr_capacity_series s;
    hr_diags d;

    CU_ASSERT_EQUAL(read_series(path, NULL, &s, &d), HR_ERR_PARSE);
    CU_ASSERT(diag_at(&d, path, 3, HR_ERROR));
    CU_ASSERT_PTR_NOT_NULL(strstr(d.items[0].message, "seventy"));
    hr_capacity_series_release(&s);
    hr_diags_release(&d);
    drop_temp(path);
}

static void test_csv_missing_column(void)
{
    const char *path = temp_file("cols.csv", "when,rps\n1,20\n");
    hr_capacity_series s;
    hr_diags d;

    CU_ASSERT_EQUAL(read_series(path, NULL, &s, &d), HR_ERR_INVALID);
    CU_ASSERT(diag_at(&d, path, 1, HR_ERROR));
    hr_capacity_series_release(&s);
    hr_diags_release(&d);
    CU_ASSERT_EQUAL(read_series(path, "when", &s, &d), HR_OK);
    CU_ASSERT_EQUAL(s.count, 1);
    hr_capacity_series_release(&s);
    hr_diags_release(&d);
    drop_temp(path);
}

static void test_csv_bad_values(void)
{
    const char *path = temp_file("neg.csv", "N,X\n0,20\n4,-1\n");
    hr_capacity_series s;
    hr_diags d;

    CU_ASSERT_EQUAL(read_series(path, NULL, &s, &d), HR_ERR_INVALID);
    CU_ASSERT(diag_at(&d, path, 2, HR_ERROR));
    CU_ASSERT(diag_at(&d, path, 3, HR_ERROR));
    hr_capacity_series_release(&s);
    hr_diags_release(&d);
    drop_temp(path);
}

/* users 200..1000 with repeats, out of order; 'processes' empty on the
 * first four rows (one Locust process). */
static void test_csv_corpus_locust(void)
{
    const char *path =
        hr_shared_path("corpus/capacity/rutu_locust_users_vs_rps.csv");
    char copy[1024];
    hr_capacity_series s;
    hr_diags d;

    snprintf(copy, sizeof copy, "%s", path);
    CU_ASSERT_EQUAL_FATAL(read_series(copy, NULL, &s, &d), HR_OK);
    CU_ASSERT_EQUAL(s.count, 25);
    CU_ASSERT_STRING_EQUAL(s.load_column, "users");
    CU_ASSERT_STRING_EQUAL(s.throughput_column, "rps");
    CU_ASSERT(diag_at(&d, copy, 1, HR_WARNING));
    CU_ASSERT_EQUAL(s.points[0].load, 200.0);
    CU_ASSERT_EQUAL(s.points[24].load, 1000.0);
    hr_capacity_series_release(&s);
    hr_diags_release(&d);

    CU_ASSERT_EQUAL_FATAL(read_series(copy, "processes", &s, &d), HR_OK);
    CU_ASSERT_EQUAL(s.count, 21);
    CU_ASSERT_EQUAL(s.skipped_empty, 4);
    CU_ASSERT(diag_at(&d, copy, 2, HR_WARNING));
    hr_capacity_series_release(&s);
    hr_diags_release(&d);
}

/* wrk2: 'connections' is the concurrency; 8 of 20 rows reached their
 * offered 'rate' (lines 2-8 and 13) and are left out. */
static void test_csv_corpus_wrk2(void)
{
    char path[1024];
    hr_capacity_series s;
    hr_diags d;

    snprintf(path, sizeof path, "%s",
             hr_shared_path(
                 "corpus/capacity/rutu_wrk2_target_rate_vs_achieved_rps.csv"));
    CU_ASSERT_EQUAL_FATAL(read_series(path, NULL, &s, &d), HR_OK);
    CU_ASSERT_STRING_EQUAL(s.load_column, "connections");
    CU_ASSERT_STRING_EQUAL(s.rate_column, "rate");
    CU_ASSERT_EQUAL(s.count, 12);
    CU_ASSERT_EQUAL(s.skipped_rate, 8);
    for (size_t i = 0; i < s.count; i++)
        CU_ASSERT(s.lines[i] != 13 && s.lines[i] >= 9);
    hr_capacity_series_release(&s);
    hr_diags_release(&d);
}

/* The corpus files fit; Locust's users do not explain its throughput,
 * which the poor-fit warning says. */
static void test_corpus_fits(void)
{
    char path[1024];
    hr_capacity_series s;
    hr_diags d;
    hr_usl u;

    snprintf(path, sizeof path, "%s",
             hr_shared_path("corpus/capacity/rutu_locust_users_vs_rps.csv"));
    CU_ASSERT_EQUAL_FATAL(read_series(path, NULL, &s, &d), HR_OK);
    CU_ASSERT_EQUAL(hr_usl_fit(&u, s.points, s.count), HR_OK);
    CU_ASSERT(u.warnings & HR_USL_WARN_POOR_FIT);
    hr_capacity_series_release(&s);
    hr_diags_release(&d);

    snprintf(path, sizeof path, "%s",
             hr_shared_path(
                 "corpus/capacity/rutu_wrk2_target_rate_vs_achieved_rps.csv"));
    CU_ASSERT_EQUAL_FATAL(read_series(path, NULL, &s, &d), HR_OK);
    CU_ASSERT_EQUAL(hr_usl_fit(&u, s.points, s.count), HR_OK);
    CU_ASSERT(u.peak_load > 40.0 && u.peak_load < 1000.0);
    hr_capacity_series_release(&s);
    hr_diags_release(&d);
}

/* ---- the command -------------------------------------------------------- */

static double json_get(json_object *o, const char *key)
{
    json_object *v = json_object_object_get(o, key);

    return v ? json_object_get_double(v) : (double)NAN;
}

static double json_at(json_object *o, const char *key, size_t index)
{
    json_object *v = json_object_object_get(o, key);

    if (!v || !json_object_is_type(v, json_type_array) ||
        json_object_array_length(v) != 2)
        return NAN;
    return json_object_get_double(json_object_array_get_idx(v, index));
}

static json_object *fit_json(const char *file, int want_code)
{
    char arguments[1024], out[8192], err[8192];
    json_object *o;

    snprintf(arguments, sizeof arguments, "fit usl '%s' --json", file);
    CU_ASSERT_EQUAL(
        hr_run_headroom(arguments, out, sizeof out, err, sizeof err),
        want_code);
    o = json_tokener_parse(out);
    CU_ASSERT_PTR_NOT_NULL(o);
    if (o)
        CU_ASSERT_EQUAL(json_object_object_length(o), 10);
    return o;
}

static void test_cli_specsdm91_json(void)
{
    json_object *o = fit_json("data/capacity/specsdm91.csv", 0);

    if (!o)
        return;
    ASSERT_PRINTED(json_get(o, "alpha"), 0.0277285, 7);
    ASSERT_PRINTED(json_get(o, "beta"), 0.0001044, 7);
    HR_ASSERT_CLOSE(json_get(o, "gamma"), 89.9952330, 2e-9);
    ASSERT_PRINTED(json_get(o, "residual_standard_error"), 82.8, 1);
    ASSERT_PRINTED(json_get(o, "peak_concurrency"), 96.51956, 5);
    ASSERT_PRINTED(json_get(o, "peak_throughput"), 1884.0, 0);
    ASSERT_PRINTED(json_get(o, "limit_throughput"), 3245.589, 3);
    /* 95 % on 4 degrees of freedom: 0.0277285 +- 2.776445 x 0.0091217 */
    ASSERT_WITHIN(json_at(o, "alpha_ci", 0), 0.0024026, 1e-6);
    ASSERT_WITHIN(json_at(o, "alpha_ci", 1), 0.0530544, 1e-6);
    json_object_put(o);
}

static void test_cli_raytracer_json(void)
{
    json_object *o = fit_json("data/capacity/raytracer_rows1-6.csv", 0);

    if (!o)
        return;
    ASSERT_PRINTED(json_get(o, "alpha"), 0.02444, 5);
    ASSERT_PRINTED(json_get(o, "beta"), 0.00163, 5);
    ASSERT_PRINTED(json_get(o, "gamma"), 20.85605, 5);
    /* the 95 % intervals worked out in test_raytracer_95_intervals */
    CU_ASSERT_EQUAL(json_at(o, "alpha_ci", 0), 0.0);
    ASSERT_WITHIN(json_at(o, "alpha_ci", 1), 0.0511387, 1.5e-5);
    ASSERT_WITHIN(json_at(o, "beta_ci", 0), 0.000800846, 1.5e-5);
    ASSERT_WITHIN(json_at(o, "gamma_ci", 1), 23.365424, 2e-5);
    json_object_put(o);
}

/* Three points: fitted, exit 0, warnings on stderr, undefined values
 * null. */
static void test_cli_three_points(void)
{
    const char *path = temp_file("three.csv", "n,x\n1,20\n4,78\n8,130\n");
    char arguments[1024], out[4096], err[4096];
    json_object *o;

    snprintf(arguments, sizeof arguments, "fit usl --json '%s'", path);
    CU_ASSERT_EQUAL(
        hr_run_headroom(arguments, out, sizeof out, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "warning: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "fewer than 4 points"));
    o = json_tokener_parse(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT(json_object_object_get(o, "residual_standard_error") == NULL);
    CU_ASSERT(json_object_object_get(o, "alpha_ci") == NULL);
    CU_ASSERT(json_object_object_get_ex(o, "alpha_ci", NULL));
    CU_ASSERT(isfinite(json_get(o, "gamma")));
    json_object_put(o);
    drop_temp(path);
}

static void test_cli_same_load(void)
{
    const char *path = temp_file("same.csv", "threads,tps\n8,130\n8,128\n"
                                             "8,133\n8,131\n");
    char arguments[1024], out[4096], err[4096];

    snprintf(arguments, sizeof arguments, "fit usl '%s'", path);
    CU_ASSERT_EQUAL(
        hr_run_headroom(arguments, out, sizeof out, err, sizeof err), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "same load"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "error: "));
    CU_ASSERT_EQUAL(out[0], '\0');
    drop_temp(path);
}

static void test_cli_malformed(void)
{
    const char *path = temp_file("bad.csv", "users,rps\n1,20\n4,x78\n");
    char arguments[1024], out[4096], err[4096], where[1100];

    snprintf(arguments, sizeof arguments, "fit usl '%s'", path);
    snprintf(where, sizeof where, "error: %s:3: ", path);
    CU_ASSERT_EQUAL(
        hr_run_headroom(arguments, out, sizeof out, err, sizeof err), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, where));
    drop_temp(path);
}

static void test_cli_exit_codes(void)
{
    char err[4096];

    CU_ASSERT_EQUAL(hr_run_headroom("fit", NULL, 0, err, sizeof err), 2);
    CU_ASSERT_EQUAL(
        hr_run_headroom("fit amdahl x.csv", NULL, 0, err, sizeof err), 2);
    CU_ASSERT_EQUAL(
        hr_run_headroom("fit usl a.csv b.csv", NULL, 0, err, sizeof err), 2);
    CU_ASSERT_EQUAL(
        hr_run_headroom("fit usl --bogus data/capacity/specsdm91.csv", NULL,
                        0, err, sizeof err),
        2);
    CU_ASSERT_EQUAL(hr_run_headroom("fit usl /nonexistent/x.csv", NULL, 0,
                                    err, sizeof err),
                    4);
    CU_ASSERT_EQUAL(hr_run_headroom("fit --help", NULL, 0, err, sizeof err), 0);
}

/* Text output: inputs, method and results with units. */
static void test_cli_text(void)
{
    char out[8192], err[4096];

    CU_ASSERT_EQUAL(
        hr_run_headroom("fit usl data/capacity/raytracer_rows1-6.csv", out,
                        sizeof out, err, sizeof err),
        0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "6 points at 6 distinct loads"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Levenberg-Marquardt"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "N in processors"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "0.02444"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "24.4883 processors"));
}

static void test_cli_corpus(void)
{
    char arguments[1024], err[8192];

    snprintf(arguments, sizeof arguments, "fit usl '%s'",
             hr_shared_path("corpus/capacity/rutu_locust_users_vs_rps.csv"));
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "fits the data poorly"));
    snprintf(arguments, sizeof arguments, "fit usl '%s' --json",
             hr_shared_path(
                 "corpus/capacity/rutu_wrk2_target_rate_vs_achieved_rps.csv"));
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "offered 'rate'"));
}

/* The chart is a PNG that cairo decodes at the promised size. */
static void test_cli_chart(void)
{
    char *dir = hr_test_tmpdir();
    char png[1024], arguments[2048], err[4096];
    cairo_surface_t *image;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    snprintf(png, sizeof png, "%s/usl.png", dir);
    snprintf(arguments, sizeof arguments,
             "fit usl data/capacity/specsdm91.csv --chart '%s'", png);
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 0);
    image = cairo_image_surface_create_from_png(png);
    CU_ASSERT_EQUAL(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
    CU_ASSERT_EQUAL(cairo_image_surface_get_width(image), 1200);
    CU_ASSERT_EQUAL(cairo_image_surface_get_height(image), 700);
    cairo_surface_destroy(image);
    remove(png);
    snprintf(png, sizeof png, "%s/missing/usl.png", dir);
    snprintf(arguments, sizeof arguments,
             "fit usl data/capacity/specsdm91.csv --chart '%s'", png);
    CU_ASSERT_EQUAL(hr_run_headroom(arguments, NULL, 0, err, sizeof err), 4);
    remove(dir);
    free(dir);
}

/* Throughputs near the largest double overflow the residuals: the solver
 * cannot settle, and the command says so instead of printing its
 * starting values as a fit. */
static void test_binary_refuses_unconverged(void)
{
    static char out[16384], err[4096];
    char arguments[1024];
    const char *path = temp_file("huge.csv",
                                 "N,X\n1,1e300\n2,2e300\n4,3.9e300\n"
                                 "8,7e300\n16,9e300\n");

    snprintf(arguments, sizeof arguments, "fit usl '%s'", path);
    CU_ASSERT_EQUAL(
        hr_run_headroom(arguments, out, sizeof out, err, sizeof err), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "did not converge"));
    CU_ASSERT_PTR_NULL(strstr(out, "alpha"));
    drop_temp(path);
}

static const hr_test_case cases[] = {
    {"specsdm91 coefficients and errors", test_specsdm91_coefficients},
    {"specsdm91 rse, peak and limit", test_specsdm91_derived},
    {"raytracer rows 1-6 coefficients", test_raytracer_coefficients},
    {"raytracer R-style intervals", test_raytracer_r_intervals},
    {"raytracer 95 % intervals", test_raytracer_95_intervals},
    {"exact data recovered", test_exact_data_recovered},
    {"three points", test_three_points},
    {"all loads equal", test_same_load},
    {"two loads refused", test_two_loads_refused},
    {"bounds hold alpha, beta >= 0", test_bounds_hold},
    {"peak far beyond the data", test_peak_far_beyond},
    {"singular Jacobian", test_singular},
    {"invalid points", test_invalid_points},
    {"warning texts cover the bits", test_warning_texts_cover_bits},
    {"csv shipped file", test_csv_shipped_file},
    {"csv columns in any order", test_csv_any_order},
    {"csv cell not a number", test_csv_not_a_number},
    {"csv missing column", test_csv_missing_column},
    {"csv bad values", test_csv_bad_values},
    {"csv corpus locust", test_csv_corpus_locust},
    {"csv corpus wrk2", test_csv_corpus_wrk2},
    {"corpus files fit", test_corpus_fits},
    {"cli specsdm91 json", test_cli_specsdm91_json},
    {"cli raytracer json", test_cli_raytracer_json},
    {"cli three points", test_cli_three_points},
    {"cli all loads equal", test_cli_same_load},
    {"cli malformed csv", test_cli_malformed},
    {"cli exit codes", test_cli_exit_codes},
    {"cli text output", test_cli_text},
    {"cli corpus files", test_cli_corpus},
    {"cli chart", test_cli_chart},
    {"binary refuses an unconverged fit", test_binary_refuses_unconverged},
};

HR_TEST_MAIN("usl", cases)
