/*
 * sheet_names.c - the capacity-plan workbook's defined names and layout.
 *
 * Every input of the plan gets a defined name built from the model's ids
 * (Series_enrollments_y1, Series_enrollments_peak, Tier_api_queries_
 * service_ms, Target_simple_query_p95_ms, Limit_db_reads, ...); the
 * Assumptions sheet defines them on its input cells and every other
 * sheet's formulas use them. The layout functions say where the Growth
 * and Capacity sheets put what other sheets refer to.
 */
#include "output/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ----------------------------------------------------------- */

/* A name from a prefix and up to three parts; NULL when out of memory. */
static const char *name3(hr_plan_book *book, const char *prefix, const char *a,
                         const char *b, const char *c)
{
    const char *parts[] = {a, b, c};
    size_t count = c ? 3 : b ? 2 : 1;

    return hr_xlsx_book_name(&book->xlsx, prefix, parts, count);
}

/* An array of n name pointers (at least one, so that n = 0 allocates). */
static const char **name_array(size_t n)
{
    return calloc(n ? n : 1, sizeof(const char *));
}

/* Names of one series: its values, peak, further peaks and shares. */
static int name_series(hr_plan_book *book, size_t s)
{
    const hr_model *model = book->plan->model;
    const hr_series *series = &model->series[s];
    hr_plan_names *names = &book->names;
    int failed = 0;

    for (size_t k = 0; k < model->milestone_count; k++) {
        names->value[s * model->milestone_count + k] =
            name3(book, "Series", series->id, model->milestones[k].id, NULL);
        failed |= !names->value[s * model->milestone_count + k];
    }
    names->peak[s] = name3(book, "Series", series->id, "peak", NULL);
    names->named_peak[s] = name_array(series->extra_peak_count);
    names->share[s] = name_array(series->share_count);
    if (!names->peak[s] || !names->named_peak[s] || !names->share[s])
        return -1;
    for (size_t i = 0; i < series->extra_peak_count; i++) {
        names->named_peak[s][i] = name3(book, "Series", series->id, "peak",
                                        series->extra_peaks[i].name);
        failed |= !names->named_peak[s][i];
    }
    for (size_t i = 0; i < series->share_count; i++) {
        names->share[s][i] =
            name3(book, "Series", series->id, "share", series->shares[i].name);
        failed |= !names->share[s][i];
    }
    return failed ? -1 : 0;
}

/* Names of each tier's inputs, each target and each limit. */
static int name_tiers(hr_plan_book *book)
{
    const hr_model *model = book->plan->model;
    hr_plan_names *names = &book->names;
    int failed = 0;

    for (size_t t = 0; t < model->tier_count; t++) {
        const char *id = model->tiers[t].id;

        names->requests[t] = name3(book, "Tier", id, "requests_per_unit", NULL);
        names->service[t] = name3(book, "Tier", id, "service_ms", NULL);
        names->servers[t] = name3(book, "Tier", id, "servers", NULL);
        failed |=
            !names->requests[t] || !names->service[t] || !names->servers[t];
    }
    for (size_t c = 0; c < model->class_count; c++) {
        names->target[c] =
            name3(book, "Target", model->classes[c].id, "p95_ms", NULL);
        failed |= !names->target[c];
    }
    for (size_t l = 0; l < model->limit_count; l++) {
        names->limit[l] = name3(book, "Limit", model->limits[l].id, NULL, NULL);
        failed |= !names->limit[l];
    }
    return failed ? -1 : 0;
}

/* Makes every input's name; see sheet.h. */
hr_status hr_plan_names_make(hr_plan_book *book)
{
    const hr_model *model = book->plan->model;
    hr_plan_names *names = &book->names;
    size_t series = model->series_count;

    names->intraday = name3(book, NULL, "Intraday_peak_factor", NULL, NULL);
    names->value = name_array(series * model->milestone_count);
    names->peak = name_array(series);
    names->named_peak = calloc(series ? series : 1, sizeof *names->named_peak);
    names->share = calloc(series ? series : 1, sizeof *names->share);
    names->requests = name_array(model->tier_count);
    names->service = name_array(model->tier_count);
    names->servers = name_array(model->tier_count);
    names->target = name_array(model->class_count);
    names->limit = name_array(model->limit_count);
    if (!names->intraday || !names->value || !names->peak ||
        !names->named_peak || !names->share || !names->requests ||
        !names->service || !names->servers || !names->target || !names->limit)
        return HR_ERR_NOMEM;
    for (size_t s = 0; s < series; s++)
        if (name_series(book, s) != 0)
            return HR_ERR_NOMEM;
    return name_tiers(book) == 0 ? HR_OK : HR_ERR_NOMEM;
}

/* Frees the arrays of names. */
void hr_plan_names_release(hr_plan_book *book)
{
    hr_plan_names *names = &book->names;
    size_t series = book->plan ? book->plan->model->series_count : 0;

    for (size_t s = 0; names->named_peak && s < series; s++)
        free(names->named_peak[s]);
    for (size_t s = 0; names->share && s < series; s++)
        free(names->share[s]);
    free(names->value);
    free(names->peak);
    free(names->named_peak);
    free(names->share);
    free(names->requests);
    free(names->service);
    free(names->servers);
    free(names->target);
    free(names->limit);
    memset(names, 0, sizeof *names);
}

/* The name of a series' value at a milestone. */
const char *hr_plan_value_name(const hr_plan_book *book, size_t s, size_t k)
{
    return book->names.value[s * book->plan->model->milestone_count + k];
}

/* Index of a series in its model. */
size_t hr_plan_series_index(const hr_model *model, const hr_series *series)
{
    return (size_t)(series - model->series);
}

/* ---- formulas shared by sheets ---------------------------------------- */

/* Peak arrivals as hr_peak_arrival_rate() computes them, in the same
 * order of operations so that a spreadsheet gets the same doubles. */
char *hr_plan_arrivals_formula(char *buffer, size_t size,
                               const hr_plan_book *book, size_t tier,
                               const char *peak)
{
    const hr_model *model = book->plan->model;
    const hr_series *driver =
        hr_model_find_series(model, model->tiers[tier].driver);
    double seconds = driver ? hr_period_seconds(driver->period) : 0.0;

    if (seconds == 0.0)
        snprintf(buffer, size, "%s*%s", peak, book->names.requests[tier]);
    else
        snprintf(buffer, size, "%s*%s*%s/%.15g", peak,
                 book->names.requests[tier], book->names.intraday, seconds);
    return buffer;
}

/* Normal load as hr_peak_arrival_rate() computes it with an intraday
 * factor of 1 (plan.c): the factor drops out, the order stays. */
char *hr_plan_normal_formula(char *buffer, size_t size,
                             const hr_plan_book *book, size_t tier,
                             const char *value)
{
    const hr_model *model = book->plan->model;
    const hr_series *driver =
        hr_model_find_series(model, model->tiers[tier].driver);
    double seconds = driver ? hr_period_seconds(driver->period) : 0.0;

    if (seconds == 0.0)
        snprintf(buffer, size, "%s*%s", value, book->names.requests[tier]);
    else
        snprintf(buffer, size, "%s*%s/%.15g", value, book->names.requests[tier],
                 seconds);
    return buffer;
}

/* Writes a series' unit and period into buffer. */
char *hr_sheet_series_unit(char *buffer, size_t size, const hr_series *series)
{
    static const char *const per[] = {
        [HR_LEVEL] = "",
        [HR_PER_DAY] = "/day",
        [HR_PER_WEEK] = "/week",
        [HR_PER_MONTH] = "/month",
    };
    const char *unit = series->unit ? series->unit : "";
    const char *period =
        (unsigned)series->period <= HR_PER_MONTH ? per[series->period] : "";

    snprintf(buffer, size, "%s%s", unit, period);
    return buffer;
}

/* ---- layout ---------------------------------------------------------- */

/* Capacity rows run tier by tier, milestone by milestone. */
lxw_row_t hr_capacity_row(const hr_plan *plan, size_t t, size_t k)
{
    return (lxw_row_t)(1 + t * plan->model->milestone_count + k);
}

/* Sensitivity rows run tier by tier, input by input. */
lxw_row_t hr_sensitivity_row(size_t t, hr_sensitivity_input input)
{
    return (lxw_row_t)(1 + t * HR_SENSITIVITY_COUNT + (size_t)input);
}

/* Growth: each series takes two columns after month and milestone. */
lxw_col_t hr_growth_average_col(size_t s)
{
    return (lxw_col_t)(HR_GROWTH_FIRST_SERIES + 2 * s);
}

lxw_col_t hr_growth_peak_col(size_t s)
{
    return (lxw_col_t)(HR_GROWTH_FIRST_SERIES + 2 * s + 1);
}

/* Tiers follow the series. */
lxw_col_t hr_growth_arrivals_col(const hr_plan *plan, size_t t)
{
    return (lxw_col_t)(HR_GROWTH_FIRST_SERIES + 2 * plan->model->series_count +
                       t);
}

/* The bands follow the tiers, two columns per series. */
lxw_col_t hr_growth_band_low_col(const hr_plan *plan, size_t s)
{
    return hr_growth_arrivals_col(plan, plan->model->tier_count) +
           (lxw_col_t)(2 * s);
}

lxw_col_t hr_growth_band_high_col(const hr_plan *plan, size_t s)
{
    return hr_growth_band_low_col(plan, s) + 1;
}
