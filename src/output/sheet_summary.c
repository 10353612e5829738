/*
 * sheet_summary.c - the workbook's first sheet: what was planned, when,
 * the verdicts in counts, each tier's first breach, the limits, and how
 * the numbers were made (estimator and methods), inputs before results.
 */
#include "output/sheet.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* How the numbers were made, one topic a row. */
static const char *const method_notes[][2] = {
    {"Percentile estimator",
     "nearest rank: the p-th percentile of N sorted samples is x[ceil(p N)] "
     "(1-based), a time that a real request took; at least 95 % of "
     "requests took the p95 or less"},
    {"Latency targets",
     "every target is the 95th percentile of response time, in ms"},
    {"Queueing model",
     "each tier is an M/M/c queue (Poisson arrivals, exponential service "
     "times, c servers); the chance of waiting is Erlang C and the p95 of "
     "response time (wait plus service) comes from its exact distribution"},
    {"Required servers",
     "the fewest servers whose p95 response time meets the tier's target "
     "at the milestone's peak arrivals"},
    {"Growth between milestones",
     "monotone cubic (Steffen, 1990) through the logarithms of the "
     "milestone values; a month is 30 days"},
    {"Missing milestone values",
     "filled from a driver series' growth when the model names one, else "
     "by continuing the last growth rate; marked interpolated or "
     "extrapolated"},
    {"Peak arrivals",
     "level series: peak value x requests per unit; rate series: peak "
     "value x requests per unit x intraday peak factor / seconds in the "
     "period"},
    {"Breach month",
     "the first month whose peak the current servers (or limit) cannot "
     "carry within the target; \"none\" when they last the horizon"},
    {"Provenance words",
     "document: stated in the SLA document; assumed: chosen by the model's "
     "author; measured: from a load-test file; derived: computed by "
     "headroom; interpolated or extrapolated: a filled milestone value"},
};

/* Writes a label and a text value on one row; returns the next row. */
static lxw_row_t write_pair(hr_sheet *sheet, lxw_row_t row, const char *key,
                            const char *value)
{
    hr_sheet_text(sheet, row, 0, key, sheet->formats->label);
    hr_sheet_text(sheet, row, 1, value ? value : "", NULL);
    return row + 1;
}

/* Writes a label, a count and "of total"; returns the next row. */
static lxw_row_t write_count(hr_sheet *sheet, lxw_row_t row, const char *key,
                             size_t count, size_t total)
{
    hr_sheet_text(sheet, row, 0, key, sheet->formats->label);
    hr_sheet_count(sheet, row, 1, count);
    hr_sheet_textf(sheet, row, 2, NULL, "of %zu", total);
    return row + 1;
}

/* Model, document, file, generation time and milestones. */
static lxw_row_t write_identity(hr_sheet *sheet, lxw_row_t row,
                                const hr_plan *plan)
{
    const hr_model *model = plan->model;
    char stamp[64] = "unknown";
    struct tm utc;

    if (gmtime_r(&plan->generated_at, &utc))
        strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S UTC", &utc);
    hr_sheet_textf(sheet, row++, 0, sheet->formats->title, "Capacity plan: %s",
                   model->name ? model->name : "");
    row++;
    row = write_pair(sheet, row, "Model", model->name);
    row = write_pair(sheet, row, "SLA document", model->document);
    row = write_pair(sheet, row, "Model file", model->path);
    row = write_pair(sheet, row, "Generated", stamp);
    hr_sheet_text(sheet, row, 0, "Horizon", sheet->formats->label);
    hr_sheet_month(sheet, row, 1, model->horizon_months, NULL);
    hr_sheet_text(sheet, row++, 2, "months", NULL);
    for (size_t i = 0; i < model->milestone_count; i++) {
        const hr_milestone *m = &model->milestones[i];

        hr_sheet_text(sheet, row, 0, i == 0 ? "Milestones" : NULL,
                      sheet->formats->label);
        hr_sheet_text(sheet, row, 1, m->label, NULL);
        hr_sheet_textf(sheet, row++, 2, NULL, "month %d", m->month);
    }
    return row + 1;
}

/* Counts verdicts of one kind. */
static size_t count_verdicts(const hr_plan *plan, hr_verdict verdict)
{
    size_t count = 0;

    for (size_t i = 0; plan->verdicts && i < plan->label_count; i++)
        count += plan->verdicts[i].verdict == verdict;
    return count;
}

/* Limits whose series goes over them within the horizon. */
static size_t count_limits_exceeded(const hr_plan *plan)
{
    size_t count = 0;

    for (size_t i = 0; i < plan->model->limit_count; i++)
        count += plan->limits[i].breach_month >= 0;
    return count;
}

/* The verdicts in counts. */
static lxw_row_t write_verdicts(hr_sheet *sheet, lxw_row_t row,
                                const hr_plan *plan)
{
    static const char *const titles[] = {"Verdict", "Count", "Of"};
    const hr_model *model = plan->model;
    size_t labels = plan->label_count;

    hr_sheet_header(sheet, row++, titles, HR_SHEET_COUNT(titles));
    row = write_count(sheet, row, "Measured labels that missed the target",
                      plan->targets_missed, labels);
    row = write_count(sheet, row, "Measured labels that met the target",
                      count_verdicts(plan, HR_VERDICT_MET), labels);
    row = write_count(sheet, row, "Measured labels with no target",
                      count_verdicts(plan, HR_VERDICT_UNJUDGED), labels);
    row = write_count(sheet, row, "Tiers short of servers", plan->tiers_short,
                      model->tier_count);
    row = write_count(sheet, row, "Limits exceeded within the horizon",
                      count_limits_exceeded(plan), model->limit_count);
    if (plan->measured) {
        hr_sheet_text(sheet, row, 0, "Measured samples", sheet->formats->label);
        hr_sheet_count(sheet, row++, 1, hr_sample_set_total(plan->measured));
    }
    return row + 1;
}

/* The milestone labels at which a tier needs more servers than it has,
 * as "1 year, 2 years", into buffer. */
static const char *short_at(char *buffer, size_t size, const hr_plan *plan,
                            const hr_tier_plan *tier)
{
    size_t used = 0;

    buffer[0] = '\0';
    for (size_t k = 0; k < plan->model->milestone_count; k++) {
        const hr_tier_point *at = &tier->at[k];
        const char *label = plan->model->milestones[k].label;
        int n;

        if (at->required_servers >= 0 &&
            at->required_servers <= tier->tier->servers)
            continue;
        n = snprintf(buffer + used, size - used, "%s%s", used ? ", " : "",
                     label ? label : "?");
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return used ? buffer : "none";
}

/* One row per tier: target, servers today and first breach. */
static lxw_row_t write_tiers(hr_sheet *sheet, lxw_row_t row,
                             const hr_plan *plan)
{
    static const char *const titles[] = {"Tier",
                                         "Target class",
                                         "Target p95 (ms)",
                                         "Servers today",
                                         "Servers required at last milestone",
                                         "First breach month",
                                         "Short at milestones"};
    size_t last = plan->model->milestone_count - 1;
    char buffer[1024];

    hr_sheet_header(sheet, row++, titles, HR_SHEET_COUNT(titles));
    for (size_t i = 0; i < plan->model->tier_count; i++, row++) {
        const hr_tier_plan *tier = &plan->tiers[i];
        int required = tier->at[last].required_servers;

        hr_sheet_text(sheet, row, 0, tier->tier->title, NULL);
        hr_sheet_text(sheet, row, 1,
                      tier->target ? tier->target->title : "none", NULL);
        hr_sheet_number(sheet, row, 2,
                        tier->target ? tier->target->p95_ms : HR_SHEET_NAN,
                        HR_NUM_ONE, NULL);
        hr_sheet_number(sheet, row, 3, tier->tier->servers, HR_NUM_INTEGER,
                        NULL);
        hr_sheet_number(sheet, row, 4, required < 0 ? HR_SHEET_NAN : required,
                        HR_NUM_INTEGER, "cannot meet target");
        hr_sheet_month(sheet, row, 5, tier->breach_month, "none");
        hr_sheet_text(sheet, row, 6,
                      short_at(buffer, sizeof buffer, plan, tier), NULL);
    }
    return row + 1;
}

/* One row per fixed limit, its compared peak at the horizon and the
 * month that peak first goes over it. */
static lxw_row_t write_limits(hr_sheet *sheet, lxw_row_t row,
                              const hr_plan *plan)
{
    static const char *const titles[] = {
        "Limit",         "Value",           "Unit",
        "Compared with", "Peak at horizon", "First month over",
        "Source"};
    int last = plan->month_count - 1;

    if (plan->model->limit_count == 0)
        return row;
    hr_sheet_header(sheet, row++, titles, HR_SHEET_COUNT(titles));
    for (size_t i = 0; i < plan->model->limit_count; i++, row++) {
        const hr_limit_check *check = &plan->limits[i];
        const hr_limit *limit = check->limit;
        int compared = check->monthly_peak != NULL && last >= 0;

        hr_sheet_text(sheet, row, 0, hr_sheet_name(limit->title, limit->id),
                      NULL);
        hr_sheet_number(sheet, row, 1, limit->value, HR_NUM_ONE, NULL);
        hr_sheet_text(sheet, row, 2, limit->unit, NULL);
        hr_sheet_text(sheet, row, 3,
                      compared ? check->compared_title : "nothing", NULL);
        hr_sheet_number(sheet, row, 4,
                        compared ? check->monthly_peak[last] : HR_SHEET_NAN,
                        HR_NUM_SIGNIFICANT, NULL);
        hr_sheet_month(sheet, row, 5, check->breach_month,
                       compared ? "none" : "n/a");
        hr_sheet_text(sheet, row, 6, limit->source, NULL);
    }
    return row + 1;
}

/* How the numbers were made. */
static void write_method(hr_sheet *sheet, lxw_row_t row)
{
    static const char *const titles[] = {"Method", "Note"};
    size_t count = HR_SHEET_COUNT(method_notes);

    hr_sheet_header(sheet, row++, titles, HR_SHEET_COUNT(titles));
    for (size_t i = 0; i < count; i++, row++) {
        hr_sheet_text(sheet, row, 0, method_notes[i][0], sheet->formats->label);
        hr_sheet_text(sheet, row, 1, method_notes[i][1], NULL);
    }
}

/* Adds the Summary sheet: identity, verdicts, tiers, limits, method. */
hr_status hr_sheet_write_summary(lxw_workbook *book,
                                 const hr_sheet_formats *formats,
                                 const hr_plan *plan)
{
    hr_sheet sheet;
    lxw_row_t row;

    hr_sheet_init(&sheet, book, "Summary", formats);
    row = write_identity(&sheet, 0, plan);
    row = write_verdicts(&sheet, row, plan);
    if (plan->model->tier_count > 0 && plan->model->milestone_count > 0)
        row = write_tiers(&sheet, row, plan);
    row = write_limits(&sheet, row, plan);
    write_method(&sheet, row);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
