/*
 * fit_ramp.c - "headroom fit usl" on a load-test result (fit_ramp.h).
 *
 * The file is read through the measured-data store, whose time windows
 * are set to the ramp's slices; headroom/ramp.h turns them into one
 * (concurrency, throughput) pair per load level. This file reports what
 * came out: the levels with the windows behind them, or why there are
 * none.
 */
#include "cli/fit_ramp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "headroom/formats.h"
#include "headroom/inputs.h"
#include "headroom/source.h"

/* ---- detection ---------------------------------------------------------- */

bool hr_fit_ramp_detect(const char *path)
{
    struct stat st;
    hr_diags diags = {0};
    hr_source *source = NULL;
    const char *head;
    size_t length;
    bool found = false;

    if (strcmp(path, "-") == 0)
        return true;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return true;
    if (hr_source_open(path, &source, &diags) == HR_OK) {
        hr_source_head(source, &head, &length);
        found = hr_format_detect(head, length) != NULL;
        hr_source_close(source);
    }
    hr_diags_release(&diags);
    return found;
}

/* ---- reading ------------------------------------------------------------ */

/* "s" unless count is 1. */
static const char *plural(size_t count)
{
    return count == 1 ? "" : "s";
}

/* What the concurrency of a format counts. */
static const char *load_unit_of(const char *format)
{
    if (strncmp(format, "jmeter", 6) == 0)
        return "threads";
    if (strncmp(format, "k6", 2) == 0)
        return "VUs";
    return "users";
}

/* Why no level came out, with the window counts. */
static int no_steady_window(const char *path, const hr_fit_ramp *fit)
{
    const hr_ramp *r = &fit->ramp;

    fprintf(stderr,
            "error: %s: no steady window to fit: of %zu window%s of %g "
            "s, %zu changed load, %zu were the first at their level "
            "(warm-up), %zu came just before a change or the end, %zu "
            "gave no concurrency; hold each load for at least 4 windows, "
            "or give a shorter --window\n",
            path, r->windows, plural(r->windows), fit->options.window_s,
            r->changing, r->warm_up, r->cut, r->unknown);
    return HR_EXIT_INVALID_INPUT;
}

/* Reports a failed derivation; returns the exit code. */
static int derive_failed(const char *path, const hr_fit_ramp *fit,
                         hr_status status)
{
    if (status == HR_ERR_NO_DATA) {
        fprintf(stderr,
                "error: %s: no sample gives the number of active users "
                "(JMeter allThreads or grpThreads, k6 vus, Gatling active "
                "users), so its load levels cannot be told apart\n",
                path);
        return HR_EXIT_INVALID_INPUT;
    }
    if (status == HR_ERR_INVALID) {
        fprintf(stderr, "error: %s: no timed sample is labelled '%s'\n", path,
                fit->options.label);
        return HR_EXIT_INVALID_INPUT;
    }
    fprintf(stderr, "error: %s: cannot derive the load levels: %s\n", path,
            hr_strerror(status));
    return HR_EXIT_FAILURE;
}

/* Turns the levels into the fit's points and names the units. */
static int take_levels(const char *path, const hr_sample_set *set,
                       hr_fit_ramp *fit)
{
    const hr_ramp *r = &fit->ramp;
    const hr_source_file *file = hr_sample_set_file(set, 0);

    if (r->level_count == 0)
        return no_steady_window(path, fit);
    fit->points = malloc(r->level_count * sizeof *fit->points);
    if (!fit->points) {
        fprintf(stderr, "error: %s: %s\n", path, hr_strerror(HR_ERR_NOMEM));
        return HR_EXIT_FAILURE;
    }
    for (size_t i = 0; i < r->level_count; i++)
        fit->points[i] = (hr_usl_point){r->levels[i].concurrency,
                                        r->levels[i].throughput_per_s};
    snprintf(fit->format, sizeof fit->format, "%s",
             file && file->format ? file->format : "unknown");
    fit->load_unit = load_unit_of(fit->format);
    return -1;
}

/* Reads the file into set; returns -1 or the exit code. */
static int read_set(const char *path, const char *format_name,
                    hr_sample_set *set, double window_s)
{
    hr_diags diags = {0};
    hr_status status = hr_sample_set_set_window(set, hr_ramp_slice_s(window_s));

    if (status == HR_OK)
        status = hr_inputs_read(path, format_name, set, &diags);
    hr_diags_print(&diags, stderr);
    if (status != HR_OK && hr_diags_count(&diags, HR_ERROR) == 0)
        fprintf(stderr, "error: %s: cannot read: %s\n", path,
                hr_strerror(status));
    hr_diags_release(&diags);
    return status == HR_OK ? -1 : hr_exit_code_for(status);
}

int hr_fit_ramp_read(const char *path, const char *format_name,
                     const hr_ramp_options *options, hr_fit_ramp *fit)
{
    hr_sample_set *set = hr_sample_set_new();
    hr_status status;
    int code;

    fit->options = *options;
    if (!set) {
        fprintf(stderr, "error: %s: %s\n", path, hr_strerror(HR_ERR_NOMEM));
        return HR_EXIT_FAILURE;
    }
    code = read_set(path, format_name, set, options->window_s);
    if (code < 0) {
        status = hr_ramp_derive(set, &fit->options, &fit->ramp);
        code = status == HR_OK ? take_levels(path, set, fit)
                               : derive_failed(path, fit, status);
    }
    hr_sample_set_free(set);
    return code;
}

/* ---- text --------------------------------------------------------------- */

/* What was counted as X. */
static void print_counted(const hr_fit_ramp *fit)
{
    if (fit->options.label)
        printf("samples labelled '%s'", fit->options.label);
    else
        printf("samples of every label");
}

void hr_fit_ramp_print(const char *path, const hr_fit_ramp *fit)
{
    const hr_ramp *r = &fit->ramp;

    printf("USL fit of %s\n\ninput: load-test result (%s), %llu samples "
           "in %zu window%s of %g s\n"
           "       N = active %s held through a window (all of its %d "
           "slices),\n       X = ",
           path, fit->format, (unsigned long long)r->samples, r->windows,
           plural(r->windows), fit->options.window_s, fit->load_unit,
           HR_RAMP_SLICES);
    print_counted(fit);
    printf(" started per second in it\n"
           "       %zu steady window%s used; left out: %zu with a changing "
           "load,\n       %zu first at their level (warm-up), %zu just "
           "before a change or\n       the end, %zu without concurrency\n",
           r->steady, plural(r->steady), r->changing, r->warm_up, r->cut,
           r->unknown);
    printf("  %10s  %12s  %7s  %25s  %7s\n", "N", "X (median)", "windows",
           "X lowest .. highest", "errors");
    for (size_t i = 0; i < r->level_count; i++) {
        const hr_ramp_level *l = &r->levels[i];

        printf("  %10.6g  %12.6g  %7zu  %12.6g .. %-9.6g  %6.2f%%\n",
               l->concurrency, l->throughput_per_s, l->windows, l->min_per_s,
               l->max_per_s,
               l->samples ? 100.0 * (double)l->errors / (double)l->samples
                          : 0.0);
    }
}

/* ---- JSON --------------------------------------------------------------- */

/* One level as a JSON object. */
static json_object *level_json(const hr_ramp_level *l)
{
    json_object *o = json_object_new_object();

    if (!o)
        return NULL;
    json_object_object_add(o, "concurrency",
                           json_object_new_double(l->concurrency));
    json_object_object_add(o, "throughput",
                           json_object_new_double(l->throughput_per_s));
    json_object_object_add(o, "windows",
                           json_object_new_int64((int64_t)l->windows));
    json_object_object_add(o, "throughput_min",
                           json_object_new_double(l->min_per_s));
    json_object_object_add(o, "throughput_max",
                           json_object_new_double(l->max_per_s));
    json_object_object_add(o, "samples",
                           json_object_new_int64((int64_t)l->samples));
    json_object_object_add(o, "errors",
                           json_object_new_int64((int64_t)l->errors));
    return o;
}

/* Adds a window count under name. */
static void add_count(json_object *o, const char *name, size_t count)
{
    json_object_object_add(o, name, json_object_new_int64((int64_t)count));
}

json_object *hr_fit_ramp_json(const hr_fit_ramp *fit)
{
    const hr_ramp *r = &fit->ramp;
    json_object *o = json_object_new_object();
    json_object *levels = json_object_new_array();

    if (!o || !levels) {
        json_object_put(o);
        json_object_put(levels);
        return NULL;
    }
    json_object_object_add(o, "format", json_object_new_string(fit->format));
    json_object_object_add(o, "window_s",
                           json_object_new_double(fit->options.window_s));
    json_object_object_add(
        o, "label",
        fit->options.label ? json_object_new_string(fit->options.label) : NULL);
    add_count(o, "windows", r->windows);
    add_count(o, "steady", r->steady);
    add_count(o, "changing", r->changing);
    add_count(o, "warm_up", r->warm_up);
    add_count(o, "cut", r->cut);
    add_count(o, "unknown", r->unknown);
    for (size_t i = 0; i < r->level_count; i++)
        json_object_array_add(levels, level_json(&r->levels[i]));
    json_object_object_add(o, "levels", levels);
    return o;
}

void hr_fit_ramp_release(hr_fit_ramp *fit)
{
    if (!fit)
        return;
    hr_ramp_release(&fit->ramp);
    free(fit->points);
    fit->points = NULL;
}
