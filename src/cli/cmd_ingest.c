/*
 * cmd_ingest.c - `headroom ingest`: reads result files of any known
 * format into one store and prints, per label, the samples, error rate,
 * percentiles and throughput, and per file the rows read and skipped.
 *
 * (1) parse the options, (2) read every file into one sample set, with
 * a progress bar on a terminal, (3) print the summary as text or JSON,
 * with the availability figures monitors report without their checks,
 * (4) choose the exit code: 3 when nothing readable remains, 4 when a
 * file could not be read at all, else 0.
 *
 * Sections: options, progress bar, text output, JSON output, command.
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "headroom/formats.h"
#include "headroom/inputs.h"
#include "headroom/metrics.h"
#include "headroom/model.h"

/* Skip reasons shown under each file in the text report. */
#define HR_INGEST_REASONS 5

/* Widest label column in the text report. */
#define HR_INGEST_LABEL_WIDTH 40

/* A progress bar appears after this long, or at once for larger files. */
#define HR_PROGRESS_DELAY_S 1.0
#define HR_PROGRESS_BIG_BYTES ((size_t)64 << 20)

static const char hr_ingest_usage[] =
    "usage: headroom ingest [--format NAME] [--json] [--window SECONDS] "
    "FILE...\n"
    "\n"
    "Reads load-test and monitoring result files (plain or gzip; '-' is\n"
    "standard input; a directory means every result file in it) and\n"
    "prints per label the samples, error rate, p50/p95/p99/max and\n"
    "throughput, and per file the rows read and skipped. The files of one\n"
    "Locust run (PREFIX_stats.csv, PREFIX_stats_history.csv,\n"
    "PREFIX_failures.csv) are read as one run.\n"
    "\n"
    "options:\n"
    "  -f, --format NAME    read every file as this format (default: "
    "detect)\n"
    "      --json           print JSON instead of a table\n"
    "  -w, --window SECONDS width of the time windows (default 300)\n"
    "  -m, --model FILE     label access-log requests by the model's\n"
    "                       access_log routes (and take its log_format)\n"
    "      --log-format LINE  the server's nginx log_format or Apache\n"
    "                       LogFormat line for access logs\n"
    "  -q, --quiet          print errors only on standard error\n"
    "  -h, --help           show this help and the formats\n"
    "\n"
    "exit codes:\n"
    "  0  done (malformed rows are skipped and counted)\n"
    "  2  usage error\n"
    "  3  nothing readable in the files\n"
    "  4  a file could not be read, or an internal error\n";

/* ---- options ---------------------------------------------------------- */

typedef struct hr_ingest_options {
    const char *format;
    bool json;
    bool quiet;
    double window_s;
    const char *model_path;      /* access-log routes and layout */
    const char *log_format;      /* the server's layout line */
} hr_ingest_options;

enum { HR_OPTION_JSON = 256, HR_OPTION_LOG_FORMAT };

static const struct option hr_ingest_long_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"json", no_argument, NULL, HR_OPTION_JSON},
    {"window", required_argument, NULL, 'w'},
    {"model", required_argument, NULL, 'm'},
    {"log-format", required_argument, NULL, HR_OPTION_LOG_FORMAT},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Prints "error: WHAT 'ARGUMENT'" and a hint; returns the usage code. */
static int hr_ingest_usage_error(const char *what, const char *argument)
{
    fprintf(stderr, "error: %s '%s'\nTry 'headroom ingest --help'.\n", what,
            argument);
    return HR_EXIT_USAGE;
}

/* Prints the help and the names of the formats. */
static int hr_ingest_help(void)
{
    size_t count;
    const hr_format *formats = hr_formats(&count);

    fputs(hr_ingest_usage, stdout);
    fputs("\nformats:\n", stdout);
    for (size_t i = 0; i < count; i++)
        printf("  %-20s %s\n", formats[i].name, formats[i].description);
    return HR_EXIT_OK;
}

/* Reads a positive number of seconds; false when text is not one. */
static bool hr_ingest_seconds(const char *text, double *seconds)
{
    char *end;

    errno = 0;
    *seconds = strtod(text, &end);
    return errno == 0 && end != text && *end == '\0' && isfinite(*seconds)
           && *seconds > 0.0;
}

/* Returns -1 to go on, or an exit code when parsing ends the run. */
static int hr_ingest_parse(int argc, char **argv, hr_ingest_options *options)
{
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:w:m:qh", hr_ingest_long_options,
                            NULL)) != -1) {
        switch (c) {
        case 'm':
            options->model_path = optarg;
            break;
        case HR_OPTION_LOG_FORMAT:
            options->log_format = optarg;
            break;
        case 'f':
            if (!hr_format_find(optarg))
                return hr_ingest_usage_error("unknown format", optarg);
            options->format = optarg;
            break;
        case HR_OPTION_JSON:
            options->json = true;
            break;
        case 'w':
            if (!hr_ingest_seconds(optarg, &options->window_s))
                return hr_ingest_usage_error("not a positive number of "
                                             "seconds:", optarg);
            break;
        case 'q':
            options->quiet = true;
            break;
        case 'h':
            return hr_ingest_help();
        case ':':
            return hr_ingest_usage_error("this option needs a value:",
                                         argv[optind - 1]);
        default:
            return hr_ingest_usage_error("unknown option", argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        fputs("error: no input files\nTry 'headroom ingest --help'.\n",
              stderr);
        return HR_EXIT_USAGE;
    }
    return -1;
}

/* ---- progress bar ----------------------------------------------------- */

typedef struct hr_progress {
    char path[1024];     /* the file being read, cut to fit */
    double started;
    double shown;        /* when the bar was last drawn; 0: never */
} hr_progress;

/* Seconds on the monotonic clock. */
static double hr_now(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Clears the bar's line if it was drawn. */
static void hr_progress_clear(const hr_progress *bar)
{
    if (bar->shown > 0.0)
        fputs("\r\033[K", stderr);
}

/* Starts the bar over for another file. */
static void hr_progress_start(hr_progress *bar, const char *path)
{
    hr_progress_clear(bar);
    snprintf(bar->path, sizeof bar->path, "%s", path);
    bar->started = hr_now();
    bar->shown = 0.0;
}

/* Draws the bar on standard error, at most ten times a second, once the
 * read of a file has taken a moment or the file is large. */
static void hr_progress_draw(const char *path, size_t done, size_t total,
                             void *context)
{
    hr_progress *bar = context;
    double now;
    char cells[31];
    size_t filled;

    if (strncmp(bar->path, path, sizeof bar->path - 1) != 0)
        hr_progress_start(bar, path);
    now = hr_now();

    if (now - bar->shown < 0.1
        || (now - bar->started < HR_PROGRESS_DELAY_S
            && total < HR_PROGRESS_BIG_BYTES))
        return;
    bar->shown = now;
    if (total == 0) {
        fprintf(stderr, "\r%s: %zu MiB read", bar->path, done >> 20);
        return;
    }
    filled = done >= total ? 30 : (size_t)(30.0 * (double)done
                                           / (double)total);
    memset(cells, '#', filled);
    memset(cells + filled, '.', 30 - filled);
    cells[30] = '\0';
    fprintf(stderr, "\r%s [%s] %3.0f%%", bar->path, cells,
            100.0 * (double)(done < total ? done : total) / (double)total);
}

/* ---- text output ------------------------------------------------------ */

/* Copies text for a table cell: control bytes as '?', cut to width with
 * "..." at the end. */
static void hr_cell_text(const char *text, char *out, size_t width)
{
    size_t length = strlen(text), i;

    for (i = 0; i < length && i < width; i++)
        out[i] = (unsigned char)text[i] < 0x20 ? '?' : text[i];
    if (length > width && width > 3)
        memcpy(out + width - 3, "...", 3);
    out[i] = '\0';
}

/* Prints a number with the given decimals, or "-" when unknown. */
static void hr_print_number(double value, int width, int decimals)
{
    if (isnan(value))
        printf(" %*s", width, "-");
    else
        printf(" %*.*f", width, decimals, value);
}

/* Width of the label column: the longest label, within limits. */
static size_t hr_label_width(const hr_label_stats *stats, size_t count)
{
    size_t width = 5;

    for (size_t i = 0; i < count; i++) {
        size_t length = strlen(stats[i].label);

        width = length > width ? length : width;
    }
    return width < HR_INGEST_LABEL_WIDTH ? width : HR_INGEST_LABEL_WIDTH;
}

/* Prints the per-label table. */
static void hr_print_labels(const hr_label_stats *stats, size_t count)
{
    char cell[HR_INGEST_LABEL_WIDTH + 1];
    int width = (int)hr_label_width(stats, count);

    printf("%-*s %10s %7s %9s %9s %9s %9s %9s\n", width, "label", "samples",
           "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s");
    for (size_t i = 0; i < count; i++) {
        const hr_label_stats *s = &stats[i];

        hr_cell_text(s->label, cell, (size_t)width);
        printf("%-*s %10zu", width, cell, s->samples);
        hr_print_number(100.0 * s->error_rate, 6, 2);
        putchar('%');
        hr_print_number(s->p50_ms, 9, 1);
        hr_print_number(s->p95_ms, 9, 1);
        hr_print_number(s->p99_ms, 9, 1);
        hr_print_number(s->max_ms, 9, 1);
        hr_print_number(s->throughput_per_s, 9, 2);
        putchar('\n');
    }
}

/* Prints the estimators used, once each. */
static void hr_print_estimators(const hr_label_stats *stats, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        bool seen = false;

        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(stats[j].estimator, stats[i].estimator) == 0;
        if (!seen)
            printf("%s%s", i ? ", " : "percentiles: ", stats[i].estimator);
    }
    if (count)
        putchar('\n');
}

/* Prints the files and, under each, its first diagnostics. */
static void hr_print_files(const hr_sample_set *set, const hr_diags *diags)
{
    for (size_t i = 0; i < hr_sample_set_file_count(set); i++) {
        const hr_source_file *file = hr_sample_set_file(set, i);
        size_t shown = 0;

        printf("%s (%s): %zu rows read, %zu skipped\n", file->path,
               file->format, file->records, file->skipped);
        for (size_t d = 0; d < diags->count && shown < HR_INGEST_REASONS;
             d++) {
            const hr_diag *diag = &diags->items[d];

            if (diag->severity != HR_WARNING || !diag->file
                || strcmp(diag->file, file->path) != 0)
                continue;
            if (diag->line)
                printf("  %s:%lu: %s\n", diag->file, diag->line,
                       diag->message);
            else
                printf("  %s: %s\n", diag->file, diag->message);
            shown++;
        }
    }
}

/* Prints the availability figures of monitors, when there are any. */
static void hr_print_availability(const hr_sample_set *set)
{
    char cell[HR_INGEST_LABEL_WIDTH + 1];
    size_t count = hr_sample_set_availability_count(set), width = 7;

    if (count == 0)
        return;
    for (size_t i = 0; i < count; i++) {
        size_t length = strlen(hr_sample_set_availability(set, i)->service);

        width = length > width ? length : width;
    }
    width = width < HR_INGEST_LABEL_WIDTH ? width : HR_INGEST_LABEL_WIDTH;
    printf("\navailability as reported by the monitor (the checks behind "
           "it unknown):\n%-*s %-6s %8s %9s\n", (int)width, "service",
           "period", "up", "mean ms");
    for (size_t i = 0; i < count; i++) {
        const hr_availability *a = hr_sample_set_availability(set, i);

        hr_cell_text(a->service, cell, width);
        printf("%-*s %-6.6s", (int)width, cell, a->period);
        hr_print_number(100.0 * a->fraction_up, 7, 2);
        putchar(isnan(a->fraction_up) ? ' ' : '%');
        hr_print_number(a->mean_response_ms, 9, 1);
        putchar('\n');
    }
}

/* The whole text report on standard output. */
static void hr_print_text(const hr_sample_set *set, const hr_diags *diags,
                          const hr_label_stats *stats, size_t count)
{
    hr_print_files(set, diags);
    if (count) {
        putchar('\n');
        hr_print_labels(stats, count);
        hr_print_estimators(stats, count);
    }
    hr_print_availability(set);
}

/* ---- JSON output ------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at p (RFC 3629), or 0. */
static size_t hr_utf8_length(const unsigned char *p)
{
    size_t length = p[0] < 0x80 ? 1 : p[0] >= 0xc2 && p[0] < 0xe0 ? 2
                    : p[0] >= 0xe0 && p[0] < 0xf0 ? 3
                    : p[0] >= 0xf0 && p[0] < 0xf5 ? 4 : 0;

    for (size_t i = 1; i < length; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    }
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xf0 && p[1] < 0x90)
        || (p[0] == 0xed && p[1] >= 0xa0) || (p[0] == 0xf4 && p[1] >= 0x90))
        return 0;
    return length;
}

/* A copy of text with each byte that is not valid UTF-8 replaced by
 * U+FFFD, since JSON text must be UTF-8. The caller frees it. */
static char *hr_utf8_clean(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    char *out = malloc(3 * strlen(text) + 1), *w = out;

    while (out && *p) {
        size_t length = hr_utf8_length(p);

        if (length == 0) {
            memcpy(w, "\xEF\xBF\xBD", 3);
            w += 3;
            p++;
            continue;
        }
        memcpy(w, p, length);
        w += length;
        p += length;
    }
    if (out)
        *w = '\0';
    return out;
}

/* A JSON number written with 15 significant digits, or null for NAN. */
static json_object *hr_json_number(double value)
{
    char text[32];

    if (!isfinite(value))
        return NULL;
    snprintf(text, sizeof text, "%.15g", value);
    return json_object_new_double_s(value, text);
}

/* Adds a string member, its text made valid UTF-8. */
static void hr_json_add_string(json_object *object, const char *key,
                               const char *value)
{
    char *clean = hr_utf8_clean(value);

    json_object_object_add(object, key,
                           clean ? json_object_new_string(clean) : NULL);
    free(clean);
}

/* The "files" array. */
static json_object *hr_json_files(const hr_sample_set *set)
{
    json_object *files = json_object_new_array();

    for (size_t i = 0; files && i < hr_sample_set_file_count(set); i++) {
        const hr_source_file *file = hr_sample_set_file(set, i);
        json_object *entry = json_object_new_object();

        hr_json_add_string(entry, "path", file->path);
        hr_json_add_string(entry, "format", file->format);
        json_object_object_add(entry, "records",
                               json_object_new_int64((int64_t)file->records));
        json_object_object_add(entry, "skipped",
                               json_object_new_int64((int64_t)file->skipped));
        json_object_array_add(files, entry);
    }
    return files;
}

/* A label's errors by kind: {"4xx": n, ..., "other": n}. */
static json_object *hr_json_kinds(const hr_label_stats *s)
{
    json_object *kinds = json_object_new_object();

    for (size_t k = HR_SAMPLE_OK + 1; kinds && k < HR_ERROR_KIND_COUNT; k++)
        json_object_object_add(kinds, hr_error_kind_name((hr_error_kind)k),
                               json_object_new_int64(
                                   (int64_t)s->errors_by_kind[k]));
    return kinds;
}

/* One label's member of "labels". */
static json_object *hr_json_label(const hr_label_stats *s)
{
    json_object *entry = json_object_new_object();

    json_object_object_add(entry, "samples",
                           json_object_new_int64((int64_t)s->samples));
    json_object_object_add(entry, "errors",
                           json_object_new_int64((int64_t)s->errors));
    json_object_object_add(entry, "min_ms", hr_json_number(s->min_ms));
    json_object_object_add(entry, "mean_ms", hr_json_number(s->mean_ms));
    json_object_object_add(entry, "p50_ms", hr_json_number(s->p50_ms));
    json_object_object_add(entry, "p95_ms", hr_json_number(s->p95_ms));
    json_object_object_add(entry, "p99_ms", hr_json_number(s->p99_ms));
    json_object_object_add(entry, "max_ms", hr_json_number(s->max_ms));
    json_object_object_add(entry, "throughput_per_s",
                           hr_json_number(s->throughput_per_s));
    json_object_object_add(entry, "errors_by_kind", hr_json_kinds(s));
    return entry;
}

/* The "availability" array: each monitor figure, null when unknown. */
static json_object *hr_json_availability(const hr_sample_set *set)
{
    json_object *list = json_object_new_array();

    for (size_t i = 0; list && i < hr_sample_set_availability_count(set);
         i++) {
        const hr_availability *a = hr_sample_set_availability(set, i);
        json_object *entry = json_object_new_object();

        hr_json_add_string(entry, "service", a->service);
        hr_json_add_string(entry, "period", a->period);
        json_object_object_add(entry, "fraction_up",
                               hr_json_number(a->fraction_up));
        json_object_object_add(entry, "mean_response_ms",
                               hr_json_number(a->mean_response_ms));
        json_object_array_add(list, entry);
    }
    return list;
}

/* Prints {"files": [...], "labels": {...}} on standard output. */
static hr_status hr_print_json(const hr_sample_set *set,
                               const hr_label_stats *stats, size_t count)
{
    json_object *root = json_object_new_object();
    json_object *labels = json_object_new_object();

    if (!root || !labels) {
        json_object_put(root);
        json_object_put(labels);
        return HR_ERR_NOMEM;
    }
    json_object_object_add(root, "files", hr_json_files(set));
    for (size_t i = 0; i < count; i++) {
        char *key = hr_utf8_clean(stats[i].label);

        if (key)
            json_object_object_add(labels, key, hr_json_label(&stats[i]));
        free(key);
    }
    json_object_object_add(root, "labels", labels);
    json_object_object_add(root, "availability", hr_json_availability(set));
    puts(json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
                  | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
    return HR_OK;
}

/* ---- command ---------------------------------------------------------- */

/* Prints the diagnostics that the report itself does not show: all of
 * them for JSON, errors only for text (the warnings are listed under
 * their file), nothing but errors when quiet. */
static void hr_ingest_diags(const hr_ingest_options *options,
                            const hr_diags *diags)
{
    for (size_t i = 0; i < diags->count; i++) {
        hr_diags single = {&diags->items[i], 1, 1};

        if (diags->items[i].severity == HR_ERROR
            || (options->json && !options->quiet))
            hr_diags_print(&single, stderr);
    }
}

/* Reads every path into set (the files of a Locust run together);
 * returns the worst status: an I/O failure over bad input over
 * success. */
static hr_status hr_ingest_read(const hr_ingest_options *options,
                                const hr_access_options *access,
                                char **paths, int count, hr_sample_set *set,
                                hr_diags *diags)
{
    bool bar_wanted = isatty(STDERR_FILENO) && !options->quiet;
    hr_progress bar = {"", 0.0, 0.0};
    hr_status status;

    status = hr_inputs_read_paths((const char *const *)paths,
                                  (size_t)count, options->format, access,
                                  set, diags,
                                  bar_wanted ? hr_progress_draw : NULL,
                                  &bar);
    hr_progress_clear(&bar);
    return status;
}

/* The exit code: nothing readable (no label, no availability figure)
 * is bad input (3) unless a file could not be read at all (4); a file
 * that failed beside readable ones is reported and, unless unreadable,
 * does not fail the run. */
static int hr_ingest_exit(hr_status worst, size_t found)
{
    if (worst == HR_ERR_IO || worst == HR_ERR_NOMEM)
        return HR_EXIT_FAILURE;
    if (found == 0)
        return HR_EXIT_INVALID_INPUT;
    return HR_EXIT_OK;
}

/* Access-log layout and labels: --log-format wins over the model's line,
 * and the model's routes name requests. Returns an exit code when the
 * model cannot be used, else -1. */
static int hr_ingest_access(const hr_ingest_options *options,
                            hr_model **model, hr_access_options *access)
{
    hr_diags diags = {0};
    hr_status status;

    access->log_format = options->log_format;
    if (!options->model_path)
        return -1;
    status = hr_model_load(options->model_path, model, &diags);
    hr_ingest_diags(options, &diags);
    hr_diags_release(&diags);
    if (status != HR_OK)
        return status == HR_ERR_IO ? HR_EXIT_FAILURE : HR_EXIT_INVALID_INPUT;
    if (!access->log_format)
        access->log_format = (*model)->log_format;
    access->label = hr_model_route_label;
    access->label_context = *model;
    return -1;
}

int hr_cli_ingest(int argc, char **argv)
{
    hr_ingest_options options = {NULL, false, false, HR_WINDOW_DEFAULT_S,
                                 NULL, NULL};
    hr_access_options access = {NULL, NULL, NULL};
    hr_model *model = NULL;
    hr_sample_set *set = NULL;
    hr_label_stats *stats = NULL;
    hr_diags diags = {0};
    size_t count = 0, figures;
    hr_status worst, status;
    int parsed = hr_ingest_parse(argc, argv, &options);

    if (parsed >= 0)
        return parsed;
    parsed = hr_ingest_access(&options, &model, &access);
    if (parsed >= 0)
        return parsed;

    /* 1. Read everything into one store. */
    set = hr_sample_set_new();
    if (!set || hr_sample_set_set_window(set, options.window_s) != HR_OK) {
        hr_sample_set_free(set);
        hr_model_free(model);
        fputs("error: out of memory\n", stderr);
        return HR_EXIT_FAILURE;
    }
    worst = hr_ingest_read(&options, &access, argv + optind, argc - optind,
                           set, &diags);

    /* 2. Summarise and print. */
    status = hr_sample_set_summarise(set, &stats, &count);
    hr_ingest_diags(&options, &diags);
    if (status == HR_OK && options.json)
        status = hr_print_json(set, stats, count);
    else if (status == HR_OK && !options.quiet)
        hr_print_text(set, &diags, stats, count);
    if (status != HR_OK) {
        fprintf(stderr, "error: cannot summarise: %s\n", hr_strerror(status));
        worst = status;
    }
    figures = hr_sample_set_availability_count(set);
    if (count == 0 && figures == 0 && worst == HR_OK)
        fputs("error: no samples in the input\n", stderr);

    /* 3. The exit code. */
    hr_label_stats_free(stats, count);
    hr_sample_set_free(set);
    hr_model_free(model);
    hr_diags_release(&diags);
    return hr_ingest_exit(worst, count + figures);
}
