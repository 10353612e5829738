/*
 * cmd_fit.c - the fit command: "headroom fit usl FILE" fits the Universal
 * Scalability Law to a capacity series and prints the coefficients, their
 * uncertainty, the peak and the Amdahl limit, as text or JSON, and can
 * draw the fit to a PNG. The series is a CSV of pairs, or is derived from
 * a ramp load test's result file (fit_ramp.c).
 *
 * Steps: (1) parse the arguments, (2) read the series, (3) fit,
 * (4) print the warnings and the results, (5) draw the chart, which is
 * written under a temporary name and renamed into place when complete.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/fit_ramp.h"
#include "headroom/outfile.h"
#include "headroom/usl.h"
#include "input/capacity_csv.h"
#include "output/usl_chart.h"

/* Pixel size of the chart, as for the report's charts. */
#define CHART_WIDTH 1200
#define CHART_HEIGHT 700

/* Measurements echoed in the text output before the rest are counted. */
#define MAX_ECHOED 40

/* Bounds of --window, in seconds. */
#define WINDOW_MIN_S 1.0
#define WINDOW_MAX_S 3600.0

static const char fit_usage[] =
    "usage: headroom fit usl FILE [--json] [--chart PATH.png]\n"
    "                            [--load-column NAME] "
    "[--throughput-column NAME]\n"
    "       headroom fit usl RESULTS [--from-ramp] [--format NAME]\n"
    "                            [--window SECONDS] [--label NAME]\n"
    "                            [--json] [--chart PATH.png]\n"
    "\n"
    "Fits the Universal Scalability Law (Gunther 1993)\n"
    "    X(N) = gamma N / (1 + alpha (N - 1) + beta N (N - 1))\n"
    "to throughput X measured at loads N, by nonlinear least squares with\n"
    "alpha, beta >= 0, and reports the coefficients with standard errors\n"
    "and 95 % confidence intervals, the residual standard error, the peak\n"
    "load N* = sqrt((1 - alpha) / beta), its throughput and the Amdahl\n"
    "limit gamma / alpha.\n"
    "\n"
    "FILE is CSV with a header. The load column is the first of\n"
    "concurrency, N, load, users, vus, clients, connections, threads,\n"
    "processors, processes; the throughput column the first of\n"
    "throughput, X, tput, rps, requests_per_s, requests_per_second,\n"
    "req_per_s, tps, qps, ops_per_s (any case, any order). Rows whose\n"
    "throughput reached an offered 'rate' column are left out.\n"
    "\n"
    "RESULTS is a ramp (step) load test's result file, or a directory of\n"
    "them, in a format 'headroom ingest' reads that gives the active users\n"
    "(JMeter CSV allThreads/grpThreads, JMeter XML na/ng, k6 vus, Gatling\n"
    "active users). Time is cut into windows; a window is steady when the\n"
    "users held still through it and through the window before it (so the\n"
    "first whole window at a level, the warm-up, is left out) and the next\n"
    "window starts at the same level. N is that level; X the samples\n"
    "started per second in the window; each level's X is the median over\n"
    "its steady windows. The levels are printed before the fit. Memory\n"
    "grows with the labels times the test's length over window/5: for a\n"
    "long test with many labels, give a longer --window.\n"
    "\n"
    "options:\n"
    "      --json                    print one JSON object instead of text\n"
    "      --chart PATH.png          draw the points and the fit to a PNG\n"
    "      --load-column NAME        take the load from column NAME\n"
    "      --throughput-column NAME  take the throughput from column NAME\n"
    "      --from-ramp               read FILE as a load-test result, not\n"
    "                                as a CSV of pairs\n"
    "      --format NAME             read it as format NAME (see 'headroom\n"
    "                                ingest --help'); implies --from-ramp\n"
    "      --window SECONDS          window width, 1 to 3600 (default 10)\n"
    "      --label NAME              count only samples labelled NAME as\n"
    "                                throughput (default: every label)\n"
    "  -h, --help                    show this help\n"
    "\n"
    "exit codes:\n"
    "  0  fitted (warnings, if any, on stderr)\n"
    "  2  usage error\n"
    "  3  invalid input, or data that cannot determine the model\n"
    "  4  input/output or internal error\n";

enum {
    OPT_JSON = 256,
    OPT_CHART,
    OPT_LOAD,
    OPT_THROUGHPUT,
    OPT_FROM_RAMP,
    OPT_FORMAT,
    OPT_WINDOW,
    OPT_LABEL
};

static const struct option fit_options[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"chart", required_argument, NULL, OPT_CHART},
    {"load-column", required_argument, NULL, OPT_LOAD},
    {"throughput-column", required_argument, NULL, OPT_THROUGHPUT},
    {"from-ramp", no_argument, NULL, OPT_FROM_RAMP},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"label", required_argument, NULL, OPT_LABEL},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct fit_request {
    const char *path;
    const char *chart_path;
    hr_capacity_columns columns;
    hr_ramp_options ramp; /* window_s 0 until --window */
    const char *format;   /* --format, or NULL to detect */
    bool from_ramp;
    bool json;
} fit_request;

/* The points to fit and what they count. */
typedef struct fit_data {
    const hr_usl_point *points;
    size_t count;
    const char *n_unit; /* "" when the input does not say */
    const char *x_unit;
} fit_data;

/* ---- arguments ---------------------------------------------------------- */

static int fit_usage_error(const char *what, const char *argument)
{
    fprintf(stderr, "error: %s '%s'\nTry 'headroom fit --help'.\n", what,
            argument);
    return HR_EXIT_USAGE;
}

/* Parses --window; returns -1 or the usage error's exit code. */
static int parse_window(const char *text, fit_request *request)
{
    char *end;
    double value = strtod(text, &end);

    if (end == text || *end != '\0' || !(value >= WINDOW_MIN_S) ||
        !(value <= WINDOW_MAX_S))
        return fit_usage_error("--window needs seconds from 1 to 3600, got",
                               text);
    request->ramp.window_s = value;
    return -1;
}

/* Takes one option other than --help; returns -1 or an exit code. */
static int take_option(int c, char **argv, fit_request *request)
{
    if (c == OPT_JSON)
        request->json = true;
    else if (c == OPT_CHART)
        request->chart_path = optarg;
    else if (c == OPT_LOAD)
        request->columns.load = optarg;
    else if (c == OPT_THROUGHPUT)
        request->columns.throughput = optarg;
    else if (c == OPT_FROM_RAMP)
        request->from_ramp = true;
    else if (c == OPT_FORMAT)
        request->format = optarg;
    else if (c == OPT_WINDOW)
        return parse_window(optarg, request);
    else if (c == OPT_LABEL)
        request->ramp.label = optarg;
    else
        return fit_usage_error(c == ':' ? "this option needs a value:"
                                        : "unknown option",
                               argv[optind - 1]);
    return -1;
}

/* Step (1). Returns -1 to go on, or the exit code that ends the run. */
static int parse_fit_args(int argc, char **argv, fit_request *request)
{
    int c, code;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", fit_options, NULL)) != -1) {
        if (c == 'h') {
            fputs(fit_usage, stdout);
            return HR_EXIT_OK;
        }
        if ((code = take_option(c, argv, request)) >= 0)
            return code;
    }
    if (optind >= argc)
        return fit_usage_error("missing model name, expected", "usl");
    if (strcmp(argv[optind], "usl") != 0)
        return fit_usage_error("unknown model (only 'usl' is fitted)",
                               argv[optind]);
    if (optind + 1 >= argc)
        return fit_usage_error("missing input file after", "usl");
    if (optind + 2 < argc)
        return fit_usage_error("unexpected argument", argv[optind + 2]);
    request->path = argv[optind + 1];
    return -1;
}

/* ---- units -------------------------------------------------------------- */

/* A column name that says what was counted ("users", "rps") is the unit;
 * a generic one ("load", "throughput") says nothing. */
static const char *unit_of(const char *column)
{
    static const char *const generic[] = {
        "n", "x", "load", "concurrency", "throughput", "tput",
    };

    for (size_t i = 0; i < sizeof generic / sizeof *generic; i++)
        if (strcasecmp(column, generic[i]) == 0)
            return "";
    return column;
}

/* Prints "label  value unit note" with 6 significant digits. */
static void print_quantity(const char *label, double value, const char *unit,
                           const char *note)
{
    char number[64];

    snprintf(number, sizeof number, "%.6g%s%s", value, *unit ? " " : "", unit);
    printf("  %-27s %s%s%s\n", label, number, *note ? "   " : "", note);
}

/* value with sig significant digits, written without an exponent. */
static void format_fixed(double value, int sig, char *out, size_t size)
{
    int decimals = 0;

    if (isfinite(value) && value != 0.0)
        decimals = sig - 1 - (int)floor(log10(fabs(value)));
    decimals = decimals < 0 ? 0 : decimals > 12 ? 12 : decimals;
    snprintf(out, size, "%.*f", decimals, value);
}

/* ---- warnings ----------------------------------------------------------- */

static double mean_throughput(const fit_data *d)
{
    double sum = 0.0;

    for (size_t i = 0; i < d->count; i++)
        sum += d->points[i].throughput;
    return d->count ? sum / (double)d->count : 0.0;
}

/* Step (4a): one line per warning bit, with the numbers behind it. */
static void print_warnings(const char *path, const hr_usl *usl,
                           const fit_data *data)
{
    for (unsigned i = 0; i < HR_USL_WARNING_COUNT; i++) {
        hr_usl_warning bit = (hr_usl_warning)(1u << i);

        if (!(usl->warnings & bit))
            continue;
        fprintf(stderr, "warning: %s: %s", path, hr_usl_warning_text(bit));
        if (bit == HR_USL_WARN_PEAK_BEYOND)
            fprintf(stderr, " (N* = %.4g, largest load %.4g)", usl->peak_load,
                    usl->load_max);
        else if (bit == HR_USL_WARN_POOR_FIT)
            fprintf(stderr,
                    " (residual standard error %.4g is %.0f %% of "
                    "the mean throughput)",
                    usl->rse, 100.0 * usl->rse / mean_throughput(data));
        else if (bit == HR_USL_WARN_FEW_LOADS)
            fprintf(stderr, " (%zu distinct)", usl->distinct_loads);
        fputc('\n', stderr);
    }
}

/* ---- text --------------------------------------------------------------- */

/* The inputs, as read and sorted by load. */
static void print_inputs(const char *path, const hr_capacity_series *s,
                         const hr_usl *usl)
{
    printf("USL fit of %s\n\ninput: %zu points at %zu distinct loads; "
           "N from column '%s', X from column '%s'\n",
           path, s->count, usl->distinct_loads, s->load_column,
           s->throughput_column);
    if (s->skipped_empty || s->skipped_rate)
        printf("       (%zu rows left out for an empty cell, %zu for a "
               "met offered rate)\n",
               s->skipped_empty, s->skipped_rate);
    printf("  %12s  %14s  %s\n", "N", "X", "line");
    for (size_t i = 0; i < s->count && i < MAX_ECHOED; i++)
        printf("  %12.6g  %14.6g  %lu\n", s->points[i].load,
               s->points[i].throughput, s->lines[i]);
    if (s->count > MAX_ECHOED)
        printf("  ... and %zu more\n", s->count - MAX_ECHOED);
}

static void print_method(const hr_usl *usl)
{
    printf("\nmodel:  X(N) = gamma N / (1 + alpha (N - 1) + beta N (N - 1))"
           "\n        (Gunther 1993; Guerrilla Capacity Planning, 2007):\n"
           "        alpha contention, beta coherency, gamma = X(1)\n"
           "method: nonlinear least squares with alpha, beta >= 0, by GSL\n"
           "        gsl_multifit_nlinear (trust region Levenberg-Marquardt)"
           "\n        in %zu iterations; standard errors from s^2 (J'J)^-1;"
           "\n        95 %% intervals from Student t on %zu degrees of "
           "freedom\n",
           usl->iterations, usl->dof);
}

/* One row of the coefficient table, 7 significant digits. */
static void print_estimate(const char *name, const hr_usl_estimate *e)
{
    char value[48], se[48], low[48], high[48];

    format_fixed(e->value, 7, value, sizeof value);
    format_fixed(e->se, 7, se, sizeof se);
    format_fixed(e->ci_low, 6, low, sizeof low);
    format_fixed(e->ci_high, 6, high, sizeof high);
    printf("  %-6s %16s %16s   [%s, %s]\n", name, value, se, low, high);
}

/* The peak, or why there is none. */
static void print_peak(const hr_usl *usl, const char *n_unit,
                       const char *x_unit)
{
    if (isinf(usl->peak_load)) {
        printf("  %-27s none: beta = 0, so X rises towards the Amdahl "
               "limit\n",
               "peak load N*");
        return;
    }
    if (isnan(usl->peak_load)) {
        printf("  %-27s undefined: alpha >= 1\n", "peak load N*");
        return;
    }
    print_quantity("peak load N*", usl->peak_load, n_unit,
                   "= sqrt((1 - alpha) / beta)");
    print_quantity("peak throughput X(N*)", usl->peak_throughput, x_unit, "");
}

/* Step (4b), as text after the inputs. */
static void print_text(const fit_data *data, const hr_usl *usl)
{
    const char *n_unit = data->n_unit;
    const char *x_unit = data->x_unit;

    print_method(usl);
    printf("\nunits:  N in %s, X in %s\n\n",
           *n_unit ? n_unit
                   : "the file's "
                     "load unit",
           *x_unit ? x_unit : "the file's throughput unit");
    printf("  %-6s %16s %16s   %s\n", "coef", "estimate", "std error",
           "95 % confidence interval");
    print_estimate("alpha", &usl->alpha);
    print_estimate("beta", &usl->beta);
    print_estimate("gamma", &usl->gamma);
    printf("\n");
    print_quantity("residual standard error", usl->rse, x_unit, "");
    printf("  %-27s %zu\n", "degrees of freedom", usl->dof);
    print_peak(usl, n_unit, x_unit);
    if (isinf(usl->limit_throughput))
        printf("  %-27s none: alpha = 0\n", "Amdahl limit gamma/alpha");
    else
        print_quantity("Amdahl limit gamma/alpha", usl->limit_throughput,
                       x_unit, "");
}

/* ---- JSON --------------------------------------------------------------- */

/* A number, or null when it is not finite. */
static json_object *json_number(double value)
{
    return isfinite(value) ? json_object_new_double(value) : NULL;
}

/* [low, high], or null when the interval is undefined. */
static json_object *json_interval(const hr_usl_estimate *e)
{
    json_object *pair;

    if (!isfinite(e->ci_low) || !isfinite(e->ci_high))
        return NULL;
    pair = json_object_new_array();
    if (pair) {
        json_object_array_add(pair, json_number(e->ci_low));
        json_object_array_add(pair, json_number(e->ci_high));
    }
    return pair;
}

/* Step (4b), as one JSON object, with the ramp's levels under "ramp"
 * when given (the object takes it). Returns false when json-c failed. */
static bool print_json(const hr_usl *usl, json_object *ramp)
{
    json_object *o = json_object_new_object();
    const char *text;

    if (!o) {
        json_object_put(ramp);
        return false;
    }
    json_object_object_add(o, "alpha", json_number(usl->alpha.value));
    json_object_object_add(o, "beta", json_number(usl->beta.value));
    json_object_object_add(o, "gamma", json_number(usl->gamma.value));
    json_object_object_add(o, "alpha_ci", json_interval(&usl->alpha));
    json_object_object_add(o, "beta_ci", json_interval(&usl->beta));
    json_object_object_add(o, "gamma_ci", json_interval(&usl->gamma));
    json_object_object_add(o, "peak_concurrency", json_number(usl->peak_load));
    json_object_object_add(o, "peak_throughput",
                           json_number(usl->peak_throughput));
    json_object_object_add(o, "limit_throughput",
                           json_number(usl->limit_throughput));
    json_object_object_add(o, "residual_standard_error", json_number(usl->rse));
    if (ramp)
        json_object_object_add(o, "ramp", ramp);
    text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                 JSON_C_TO_STRING_SPACED);
    if (text)
        printf("%s\n", text);
    json_object_put(o);
    return text != NULL;
}

/* ---- chart -------------------------------------------------------------- */

/* Step (5). Returns the exit code. */
static int write_chart(const fit_request *request, const fit_data *data,
                       const hr_usl *usl)
{
    hr_outset set = {0};
    const char *temp;
    char title[512];
    hr_usl_chart_text text = {title, data->n_unit, data->x_unit};
    hr_status status = hr_outset_add(&set, request->chart_path, &temp);

    snprintf(title, sizeof title, "Universal Scalability Law fit: %s",
             request->path);
    if (status == HR_OK)
        status = hr_usl_chart_write_png(usl, data->points, data->count, &text,
                                        temp, CHART_WIDTH, CHART_HEIGHT);
    if (status == HR_OK)
        status = hr_outset_commit(&set);
    else
        hr_outset_abort(&set);
    hr_outset_release(&set);
    if (status == HR_OK)
        return HR_EXIT_OK;
    fprintf(stderr, "error: %s: cannot write the chart: %s\n",
            request->chart_path, hr_strerror(status));
    return HR_EXIT_FAILURE;
}

/* ---- the command -------------------------------------------------------- */

/* Step (3) when the data cannot determine the model, or the fit fails. */
static int fit_failed(const char *path, const hr_usl *usl, const fit_data *data,
                      hr_status status)
{
    print_warnings(path, usl, data);
    if (status == HR_ERR_DOMAIN) {
        fprintf(stderr,
                "error: %s: cannot fit the USL: %zu point%s at %zu "
                "distinct load%s; three coefficients need at least 3 "
                "distinct loads\n",
                path, usl->points, usl->points == 1 ? "" : "s",
                usl->distinct_loads, usl->distinct_loads == 1 ? "" : "s");
        return HR_EXIT_INVALID_INPUT;
    }
    fprintf(stderr, "error: %s: cannot fit the USL: %s\n", path,
            hr_strerror(status));
    return HR_EXIT_FAILURE;
}

/* Step (3), then step (4a). Returns -1 to go on, or the exit code. */
static int fit_points(const fit_request *request, const fit_data *data,
                      hr_usl *usl)
{
    hr_status status = hr_usl_fit(usl, data->points, data->count);

    if (status != HR_OK)
        return fit_failed(request->path, usl, data, status);
    print_warnings(request->path, usl, data);
    /* Coefficients the solver did not settle on, or whose residuals
     * overflow, would be printed as if they were a fit. */
    if ((usl->warnings & HR_USL_WARN_NOT_CONVERGED) || isinf(usl->rse) ||
        !isfinite(usl->gamma.value)) {
        fprintf(stderr,
                "error: %s: the USL fit did not converge; no coefficients "
                "are reported\n",
                request->path);
        return HR_EXIT_INVALID_INPUT;
    }
    return -1;
}

/* Steps (4b) and (5); ramp, if any, goes into the JSON. */
static int report_fit(const fit_request *request, const fit_data *data,
                      const hr_usl *usl, json_object *ramp)
{
    int code = HR_EXIT_OK;

    if (request->json)
        code = print_json(usl, ramp) ? HR_EXIT_OK : HR_EXIT_FAILURE;
    else
        print_text(data, usl);
    if (code == HR_EXIT_OK && request->chart_path)
        code = write_chart(request, data, usl);
    return code;
}

/* Steps (2) to (5) for a CSV of pairs. */
static int fit_pairs(const fit_request *request)
{
    hr_capacity_series series = {0};
    hr_diags diags = {0};
    hr_usl usl;
    fit_data data;
    hr_status status =
        hr_capacity_csv_read(request->path, &request->columns, &series, &diags);
    int code;

    hr_diags_print(&diags, stderr);
    hr_diags_release(&diags);
    if (status != HR_OK) {
        hr_capacity_series_release(&series);
        return hr_exit_code_for(status);
    }
    data = (fit_data){series.points, series.count, unit_of(series.load_column),
                      unit_of(series.throughput_column)};
    code = fit_points(request, &data, &usl);
    if (code < 0 && !request->json)
        print_inputs(request->path, &series, &usl);
    if (code < 0)
        code = report_fit(request, &data, &usl, NULL);
    hr_capacity_series_release(&series);
    return code;
}

/* Steps (2) to (5) for a ramp test's results: the levels are shown
 * before the fit, so that they stay on screen if it fails. */
static int fit_ramp(const fit_request *request)
{
    hr_fit_ramp ramp = {0};
    hr_usl usl;
    fit_data data;
    int code =
        hr_fit_ramp_read(request->path, request->format, &request->ramp, &ramp);

    if (code < 0) {
        data = (fit_data){ramp.points, ramp.ramp.level_count, ramp.load_unit,
                          "requests/s"};
        if (!request->json)
            hr_fit_ramp_print(request->path, &ramp);
        code = fit_points(request, &data, &usl);
    }
    if (code < 0)
        code = report_fit(request, &data, &usl,
                          request->json ? hr_fit_ramp_json(&ramp) : NULL);
    hr_fit_ramp_release(&ramp);
    return code;
}

/* Options that belong to the other kind of input are usage errors. */
static int check_kind(const fit_request *request, bool ramp)
{
    if (ramp && (request->columns.load || request->columns.throughput))
        return fit_usage_error("--load-column and --throughput-column apply "
                               "to a CSV of pairs, not to the load-test "
                               "result",
                               request->path);
    if (!ramp && (request->ramp.window_s > 0.0 || request->ramp.label))
        return fit_usage_error("--window and --label apply to a load-test "
                               "result (see --from-ramp), not to the CSV "
                               "of pairs",
                               request->path);
    return -1;
}

int hr_cli_fit(int argc, char **argv)
{
    fit_request request = {0};
    int code = parse_fit_args(argc, argv, &request);
    bool ramp;

    if (code >= 0)
        return code;
    ramp =
        request.from_ramp || request.format || hr_fit_ramp_detect(request.path);
    code = check_kind(&request, ramp);
    if (code >= 0)
        return code;
    if (!ramp)
        return fit_pairs(&request);
    if (request.ramp.window_s == 0.0)
        request.ramp.window_s = HR_RAMP_WINDOW_DEFAULT_S;
    return fit_ramp(&request);
}
