/*
 * commands.c - the report and check commands.
 *
 * report: (1) load and lint the model, (2) read the measured results,
 * (3) build the plan, (4) write every output under a temporary name,
 * (5) rename them all into place, (6) print the summary and choose the
 * exit code. Nothing under the output directory changes unless every
 * output was written completely.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/summary.h"
#include "headroom/chart.h"
#include "headroom/inputs.h"
#include "headroom/model.h"
#include "headroom/outfile.h"
#include "headroom/plan.h"
#include "headroom/report.h"
#include "headroom/workbook.h"

/* Pixel size of the PNG charts: wide enough for a slide. */
#define CHART_WIDTH 1200
#define CHART_HEIGHT 700

int hr_exit_code_for(hr_status status)
{
    switch (status) {
    case HR_OK:
        return HR_EXIT_OK;
    case HR_ERR_PARSE:
    case HR_ERR_INVALID:
    case HR_ERR_NO_DATA:
        return HR_EXIT_INVALID_INPUT;
    default:
        return HR_EXIT_FAILURE;
    }
}

static void show_diags(const hr_cli_options *options, hr_diags *diags)
{
    if (options->verbosity == HR_LOG_QUIET) {
        for (size_t i = 0; i < diags->count; i++)
            if (diags->items[i].severity == HR_ERROR) {
                hr_diags single = {&diags->items[i], 1, 1};

                hr_diags_print(&single, stderr);
            }
        return;
    }
    hr_diags_print(diags, stderr);
}

static void say(const hr_cli_options *options, const char *step)
{
    if (options->verbosity == HR_LOG_VERBOSE)
        fprintf(stderr, "headroom: %s\n", step);
}

/* Latest generation time a report can carry: the end of year 9999, the
 * last a four-digit date in a workbook or PDF can show. */
#define LAST_REPORT_TIME 253402300799LL

/* SOURCE_DATE_EPOCH makes reports reproducible (reproducible-builds.org).
 * A value that is not a whole number of seconds from 1970 to 9999 is
 * refused with a warning, and the clock is used. */
static time_t generation_time(hr_diags *diags)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long seconds;

    if (!epoch || !*epoch)
        return time(NULL);
    errno = 0;
    seconds = strtoll(epoch, &end, 10);
    if (errno == 0 && *end == '\0' && seconds >= 0 &&
        seconds <= LAST_REPORT_TIME)
        return (time_t)seconds;
    hr_diags_add(diags, HR_WARNING, NULL, 0, 0,
                 "SOURCE_DATE_EPOCH '%s' is not a time from 1970 to 9999; "
                 "using the clock",
                 epoch);
    return time(NULL);
}

static hr_status load_model(const hr_cli_options *options, hr_model **model,
                            hr_diags *diags)
{
    say(options, "reading the model");
    return hr_model_load(options->model_path, model, diags);
}

int hr_cli_check(const hr_cli_options *options)
{
    hr_diags diags = {0};
    hr_model *model = NULL;
    hr_status status = load_model(options, &model, &diags);

    show_diags(options, &diags);
    if (status == HR_OK && options->verbosity != HR_LOG_QUIET)
        printf("%s: model '%s' is valid: %zu milestones, %zu series, "
               "%zu tiers, %zu targets, %zu warnings\n",
               options->model_path, model->name, model->milestone_count,
               model->series_count, model->tier_count, model->class_count,
               hr_diags_count(&diags, HR_WARNING));
    hr_model_free(model);
    hr_diags_release(&diags);
    return hr_exit_code_for(status);
}

/* ---------------------------------------------------------------------
 * Writing the outputs.
 */

static char *join(const char *dir, const char *name)
{
    size_t length = strlen(dir) + strlen(name) + 2;
    char *path = malloc(length);

    if (path)
        snprintf(path, length, "%s/%s", dir, name);
    return path;
}

/* Reserves a temporary file for out_dir/name in the set. */
static hr_status stage(hr_outset *set, const char *out_dir, const char *name,
                       const char **temp, hr_diags *diags)
{
    char *final_path = join(out_dir, name);
    hr_status status = final_path ? hr_outset_add(set, final_path, temp)
                                  : HR_ERR_NOMEM;

    if (status != HR_OK)
        hr_diags_add(diags, HR_ERROR, final_path ? final_path : name, 0, 0,
                     "cannot create a temporary file beside it: %s",
                     hr_strerror(status));
    free(final_path);
    return status;
}

static hr_status write_charts(const hr_plan *plan, const char *out_dir,
                              hr_outset *set, hr_diags *diags)
{
    hr_status status = HR_OK;

    for (int kind = 0; status == HR_OK && kind < HR_CHART_COUNT; kind++) {
        char name[64];
        const char *temp;

        snprintf(name, sizeof name, "charts/%s.png", hr_chart_name(kind));
        status = stage(set, out_dir, name, &temp, diags);
        if (status == HR_OK)
            status = hr_chart_write_png(plan, kind, temp, CHART_WIDTH,
                                        CHART_HEIGHT);
        if (status != HR_OK)
            hr_diags_add(diags, HR_ERROR, out_dir, 0, 0,
                         "cannot draw chart %s: %s", name,
                         hr_strerror(status));
    }
    return status;
}

/* What a run writes, for sweeping up after runs that were killed. */
static const char *const output_names[] = {"capacity-plan.xlsx",
                                           "capacity-plan.pdf", NULL};
static const char *const chart_names[] = {"growth.png", "servers.png",
                                          "latency.png", NULL};

static hr_status write_outputs(const hr_cli_options *options,
                               const hr_plan *plan,
                               const hr_template *layout, hr_diags *diags)
{
    hr_outset set = {0};
    const char *temp;
    char *charts_dir = join(options->out_dir, "charts");
    hr_status status = charts_dir ? hr_make_directories(charts_dir)
                                  : HR_ERR_NOMEM;

    if (status != HR_OK) {
        hr_diags_add(diags, HR_ERROR, options->out_dir, 0, 0,
                     "cannot create the output directory: %s",
                     status == HR_ERR_IO ? strerror(errno)
                                         : hr_strerror(status));
        goto cleanup;
    }
    hr_outset_sweep(options->out_dir, output_names);
    hr_outset_sweep(charts_dir, chart_names);
    status = hr_outset_watch_signals(&set);
    if (status != HR_OK)
        goto cleanup;
    say(options, "writing the workbook");
    status = stage(&set, options->out_dir, "capacity-plan.xlsx", &temp,
                   diags);
    if (status == HR_OK && (status = hr_workbook_write(plan, temp)) != HR_OK)
        hr_diags_add(diags, HR_ERROR, options->out_dir, 0, 0,
                     "cannot write capacity-plan.xlsx: %s",
                     hr_strerror(status));
    say(options, "drawing the charts");
    if (status == HR_OK)
        status = write_charts(plan, options->out_dir, &set, diags);
    say(options, "laying out the PDF report");
    if (status == HR_OK)
        status = stage(&set, options->out_dir, "capacity-plan.pdf", &temp,
                       diags);
    if (status == HR_OK &&
        (status = hr_report_write_pdf(plan, layout, temp)) != HR_OK)
        hr_diags_add(diags, HR_ERROR, options->out_dir, 0, 0,
                     "cannot write capacity-plan.pdf: %s",
                     hr_strerror(status));
    if (status == HR_OK)
        status = hr_outset_commit(&set);
    else
        hr_outset_abort(&set);

cleanup:
    hr_outset_unwatch_signals();
    hr_outset_release(&set);
    free(charts_dir);
    return status;
}

/* ---------------------------------------------------------------------
 * The report command.
 */

/* Reads the measured results; access logs take the model's layout line
 * and routes, when the model loaded. */
static hr_status read_measured(const hr_cli_options *options,
                               hr_model *model, hr_sample_set *samples,
                               hr_diags *diags)
{
    hr_access_options access = {NULL, NULL, NULL};

    if (model) {
        access.log_format = model->log_format;
        access.label = hr_model_route_label;
        access.label_context = model;
    }
    return hr_inputs_read_access(options->data_path, NULL, &access, samples,
                                 diags);
}

static hr_status read_inputs(const hr_cli_options *options,
                             hr_model **model, hr_sample_set **samples,
                             hr_template **layout, hr_diags *diags)
{
    hr_status status = load_model(options, model, diags);
    hr_status data_status, template_status;

    say(options, "reading measured results");
    *samples = hr_sample_set_new();
    if (!*samples)
        return HR_ERR_NOMEM;
    data_status = read_measured(options, *model, *samples, diags);
    say(options, "reading the report template");
    template_status = hr_template_load(options->template_path, layout,
                                       diags);
    if (status == HR_OK)
        status = data_status;
    if (status == HR_OK)
        status = template_status;
    return status;
}

int hr_cli_report(const hr_cli_options *options)
{
    hr_diags diags = {0};
    hr_model *model = NULL;
    hr_sample_set *samples = NULL;
    hr_template *layout = NULL;
    hr_plan *plan = NULL;
    hr_status status;
    int exit_code;

    status = read_inputs(options, &model, &samples, &layout, &diags);
    if (status == HR_OK) {
        say(options, "computing the plan");
        status = hr_plan_build(model, samples, generation_time(&diags),
                               &plan);
        if (status == HR_OK)
            hr_projections_lint(model, plan->projections, &diags);
        if (status != HR_OK)
            hr_diags_add(&diags, HR_ERROR, options->model_path, 0, 0,
                         "cannot compute the plan: %s", hr_strerror(status));
    }
    if (status == HR_OK)
        status = write_outputs(options, plan, layout, &diags);
    show_diags(options, &diags);
    if (status == HR_OK && options->verbosity != HR_LOG_QUIET)
        hr_summary_print(stdout, plan, options->out_dir);

    exit_code = hr_exit_code_for(status);
    if (status == HR_OK && plan->targets_missed > 0 &&
        (options->strict || options->verbosity != HR_LOG_QUIET))
        fprintf(stderr, "%s: %zu measured p95 target%s missed\n",
                options->strict ? "error" : "warning", plan->targets_missed,
                plan->targets_missed == 1 ? "" : "s");
    if (status == HR_OK && plan->targets_missed > 0 && options->strict)
        exit_code = HR_EXIT_TARGET_MISSED;
    hr_plan_free(plan);
    hr_template_free(layout);
    hr_sample_set_free(samples);
    hr_model_free(model);
    hr_diags_release(&diags);
    return exit_code;
}
