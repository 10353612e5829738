/*
 * sheet_assumptions.c - the Assumptions sheet: every input of the plan
 * (milestone values, peak multipliers, named peaks and shares, the
 * intraday factor, each tier's requests per unit, service time and
 * servers, the latency targets and the fixed limits) with its value,
 * unit, provenance and the source text the model gives for it.
 */
#include "output/sheet.h"

#include <stdio.h>
#include <strings.h>

/* Room for a composed input name; longer names are cut (and repaired to
 * valid UTF-8 when the cut splits a character). */
#define NAME_SIZE 512

/* One input, as the sheet shows it. */
typedef struct input_row {
    const char *kind;
    const char *name;
    double value;
    hr_num_kind format;
    const char *unit;
    const char *provenance;
    const char *source;
} input_row;

static const char *const input_titles[] = {"Input", "Name",       "Value",
                                           "Unit",  "Provenance", "Source"};

#define INPUT_COLUMNS HR_SHEET_COUNT(input_titles)

/* Provenance of an input that carries only a source text: the model
 * marks its author's choices by starting the source with "assumed"
 * (models/doctrina.yaml); any other source cites the document. */
static const char *source_provenance(const char *source)
{
    if (!source || !*source)
        return "not stated";
    if (strncasecmp(source, "assumed", 7) == 0)
        return hr_provenance_name(HR_ASSUMED);
    return hr_provenance_name(HR_FROM_DOCUMENT);
}

/* Writes one input; returns the next row. */
static lxw_row_t write_input(hr_sheet *sheet, lxw_row_t row,
                             const input_row *in)
{
    hr_sheet_text(sheet, row, 0, in->kind, NULL);
    hr_sheet_text(sheet, row, 1, in->name, NULL);
    hr_sheet_number(sheet, row, 2, in->value, in->format, "not given");
    hr_sheet_text(sheet, row, 3, in->unit, NULL);
    hr_sheet_text(sheet, row, 4, in->provenance, NULL);
    hr_sheet_text(sheet, row, 5, in->source, NULL);
    return row + 1;
}

/* The horizon and the intraday peak factor. */
static lxw_row_t write_model_inputs(hr_sheet *sheet, lxw_row_t row,
                                    const hr_model *model)
{
    input_row horizon = {"model",
                         "Planning horizon",
                         model->horizon_months,
                         HR_NUM_INTEGER,
                         "months",
                         hr_provenance_name(HR_ASSUMED),
                         "chosen in the model file"};
    input_row intraday = {"model",
                          "Intraday peak factor (busiest hour / daily mean)",
                          model->intraday_peak_factor,
                          HR_NUM_TWO,
                          "x",
                          source_provenance(model->intraday_source),
                          model->intraday_source};

    row = write_input(sheet, row, &horizon);
    return write_input(sheet, row, &intraday);
}

/* A series' source, or for a value the document leaves empty the note
 * saying why and how it was filled, into buffer. */
static const char *value_source(char *buffer, size_t size,
                                const hr_series *series, bool given)
{
    if (given)
        return series->source;
    if (series->extrapolate_with)
        snprintf(buffer, size, "%s; filled from the growth of %s",
                 hr_sheet_or(series->missing_note, "not given"),
                 series->extrapolate_with);
    else
        snprintf(buffer, size, "%s; filled by continuing the last growth",
                 hr_sheet_or(series->missing_note, "not given"));
    return buffer;
}

/* A series at each milestone, as filled in by the projection. */
static lxw_row_t write_milestone_values(hr_sheet *sheet, lxw_row_t row,
                                        const hr_plan *plan, size_t s)
{
    const hr_series *series = &plan->model->series[s];
    const hr_projection *p = &plan->projections[s];
    char name[NAME_SIZE], unit[128], source[NAME_SIZE];

    hr_sheet_series_unit(unit, sizeof unit, series);
    for (size_t k = 0; k < plan->model->milestone_count; k++) {
        bool given = series->values[k].given;
        input_row in = {"milestone value",
                        name,
                        p->milestone_value[k],
                        HR_NUM_SIGNIFICANT,
                        unit,
                        hr_provenance_name(p->milestone_provenance[k]),
                        value_source(source, sizeof source, series, given)};

        snprintf(name, sizeof name, "%s at %s",
                 hr_sheet_name(series->title, series->id),
                 hr_sheet_or(plan->model->milestones[k].label, "?"));
        row = write_input(sheet, row, &in);
    }
    return row;
}

/* A series' peak multiplier, further named peaks and shares. */
static lxw_row_t write_series_peaks(hr_sheet *sheet, lxw_row_t row,
                                    const hr_series *series)
{
    const char *title = hr_sheet_name(series->title, series->id);
    char name[NAME_SIZE];
    input_row in = {
        "peak multiplier",  name, series->peak_multiplier,
        HR_NUM_TWO,         "x",  source_provenance(series->peak_source),
        series->peak_source};

    snprintf(name, sizeof name, "%s: planned peak", title);
    if (series->peak_source || series->peak_multiplier != 1.0)
        row = write_input(sheet, row, &in);
    for (size_t i = 0; i < series->extra_peak_count; i++) {
        const hr_peak *peak = &series->extra_peaks[i];

        in = (input_row){"named peak", name, peak->multiplier,
                         HR_NUM_TWO,   "x",  source_provenance(peak->source),
                         peak->source};
        snprintf(name, sizeof name, "%s: %s", title,
                 hr_sheet_or(peak->name, "?"));
        row = write_input(sheet, row, &in);
    }
    for (size_t i = 0; i < series->share_count; i++) {
        const hr_share *share = &series->shares[i];

        in = (input_row){"share",         name,
                         share->fraction, HR_NUM_PERCENT,
                         "of total",      source_provenance(share->source),
                         share->source};
        snprintf(name, sizeof name, "%s: %s", title,
                 hr_sheet_or(share->name, "?"));
        row = write_input(sheet, row, &in);
    }
    return row;
}

/* A tier's requests per unit of its driver, service time and servers. */
static lxw_row_t write_tier_inputs(hr_sheet *sheet, lxw_row_t row,
                                   const hr_model *model, const hr_tier *t)
{
    const hr_series *driver = hr_model_find_series(model, t->driver);
    const char *title = hr_sheet_name(t->title, t->id);
    char name[NAME_SIZE];
    /* A level (users) drives a rate per unit; a rate drives a count. */
    const char *unit =
        driver && driver->period == HR_LEVEL ? "req/s" : "requests";
    input_row in = {
        "requests per unit", name, t->requests_per_unit,
        HR_NUM_SIGNIFICANT,  unit, source_provenance(t->requests_source),
        t->requests_source};

    snprintf(name, sizeof name, "%s: requests per unit of %s", title,
             driver ? hr_sheet_name(driver->title, driver->id)
                    : hr_sheet_or(t->driver, "?"));
    row = write_input(sheet, row, &in);

    in = (input_row){
        "service time",   name, t->service_time_ms,
        HR_NUM_ONE,       "ms", source_provenance(t->service_source),
        t->service_source};
    snprintf(name, sizeof name, "%s: mean service time", title);
    row = write_input(sheet, row, &in);

    in = (input_row){"servers",        name,
                     t->servers,       HR_NUM_INTEGER,
                     "servers",        source_provenance(t->servers_source),
                     t->servers_source};
    snprintf(name, sizeof name, "%s: servers today", title);
    return write_input(sheet, row, &in);
}

/* Joins a class's label patterns as "a, b, c" into buffer. */
static const char *patterns_text(char *buffer, size_t size,
                                 const hr_target_class *target)
{
    size_t used = 0;

    buffer[0] = '\0';
    for (size_t i = 0; i < target->pattern_count; i++) {
        int n = snprintf(buffer + used, size - used, "%s%s", i ? ", " : "",
                         hr_sheet_or(target->patterns[i], ""));

        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return buffer;
}

/* Each latency target with the labels it applies to. */
static lxw_row_t write_targets(hr_sheet *sheet, lxw_row_t row,
                               const hr_model *model)
{
    char name[NAME_SIZE], patterns[NAME_SIZE];

    for (size_t i = 0; i < model->class_count; i++) {
        const hr_target_class *c = &model->classes[i];
        input_row in = {"latency target", name,
                        c->p95_ms,        HR_NUM_ONE,
                        "ms (p95)",       source_provenance(c->source),
                        c->source};

        snprintf(name, sizeof name, "%s (labels: %s)",
                 hr_sheet_name(c->title, c->id),
                 patterns_text(patterns, sizeof patterns, c));
        row = write_input(sheet, row, &in);
    }
    return row;
}

/* Each fixed limit. */
static lxw_row_t write_limits(hr_sheet *sheet, lxw_row_t row,
                              const hr_model *model)
{
    for (size_t i = 0; i < model->limit_count; i++) {
        const hr_limit *l = &model->limits[i];
        input_row in = {
            "limit", hr_sheet_name(l->title, l->id), l->value, HR_NUM_ONE,
            l->unit, source_provenance(l->source),   l->source};

        row = write_input(sheet, row, &in);
    }
    return row;
}

/* Adds the Assumptions sheet: every input, one row each. */
hr_status hr_sheet_write_assumptions(lxw_workbook *book,
                                     const hr_sheet_formats *formats,
                                     const hr_plan *plan)
{
    const hr_model *model = plan->model;
    lxw_row_t row = 1;
    hr_sheet sheet;

    hr_sheet_init(&sheet, book, "Assumptions", formats);
    hr_sheet_header(&sheet, 0, input_titles, INPUT_COLUMNS);
    row = write_model_inputs(&sheet, row, model);
    for (size_t s = 0; s < model->series_count; s++)
        row = write_milestone_values(&sheet, row, plan, s);
    for (size_t s = 0; s < model->series_count; s++)
        row = write_series_peaks(&sheet, row, &model->series[s]);
    for (size_t t = 0; t < model->tier_count; t++)
        row = write_tier_inputs(&sheet, row, model, &model->tiers[t]);
    row = write_targets(&sheet, row, model);
    row = write_limits(&sheet, row, model);
    hr_sheet_table(&sheet, 0, row - 1, INPUT_COLUMNS - 1, 2);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
