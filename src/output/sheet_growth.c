/*
 * sheet_growth.c - the Growth sheet (every series month by month, and
 * each tier's peak arrivals) and the Peaks sheet (every series at every
 * milestone: value, provenance, peak multiplier, named peaks, shares).
 */
#include "output/sheet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Size of a unit text such as "enrollments/week". */
#define UNIT_SIZE 128

/* The label of the milestone at month, or NULL when none falls there. */
static const char *milestone_at(const hr_model *model, int month)
{
    for (size_t i = 0; i < model->milestone_count; i++)
        if (model->milestones[i].month == month)
            return model->milestones[i].label;
    return NULL;
}

/* Titles: month, milestone, two per series, one per tier. */
static void write_growth_header(hr_sheet *sheet, const hr_plan *plan)
{
    const hr_model *model = plan->model;
    lxw_col_t col = 2;
    char unit[UNIT_SIZE], title[512];

    hr_sheet_header_cell(sheet, 0, 0, "Month");
    hr_sheet_header_cell(sheet, 0, 1, "Milestone");
    for (size_t s = 0; s < model->series_count; s++) {
        const hr_series *series = &model->series[s];

        hr_sheet_series_unit(unit, sizeof unit, series);
        snprintf(title, sizeof title, "%s, average (%s)",
                 hr_sheet_name(series->title, series->id), unit);
        hr_sheet_header_cell(sheet, 0, col++, title);
        snprintf(title, sizeof title, "%s, peak (%s)",
                 hr_sheet_name(series->title, series->id), unit);
        hr_sheet_header_cell(sheet, 0, col++, title);
    }
    for (size_t t = 0; t < model->tier_count; t++) {
        snprintf(title, sizeof title, "%s, peak arrivals (req/s)",
                 hr_sheet_name(model->tiers[t].title, model->tiers[t].id));
        hr_sheet_header_cell(sheet, 0, col++, title);
    }
}

/* One month's row. */
static void write_growth_row(hr_sheet *sheet, const hr_plan *plan, int month)
{
    const hr_model *model = plan->model;
    lxw_row_t row = (lxw_row_t)month + 1;
    lxw_col_t col = 2;

    hr_sheet_month(sheet, row, 0, month, NULL);
    hr_sheet_text(sheet, row, 1, milestone_at(model, month), NULL);
    for (size_t s = 0; s < model->series_count; s++) {
        const hr_projection *p = &plan->projections[s];

        hr_sheet_number(sheet, row, col++, p->average[month],
                        HR_NUM_SIGNIFICANT, NULL);
        hr_sheet_number(sheet, row, col++, p->peak[month], HR_NUM_SIGNIFICANT,
                        NULL);
    }
    for (size_t t = 0; t < model->tier_count; t++)
        hr_sheet_number(sheet, row, col++,
                        plan->tiers[t].monthly_arrivals[month],
                        HR_NUM_SIGNIFICANT, NULL);
}

/* Adds the Growth sheet: one row per month, months 0 to the horizon. */
hr_status hr_sheet_write_growth(lxw_workbook *book,
                                const hr_sheet_formats *formats,
                                const hr_plan *plan)
{
    const hr_model *model = plan->model;
    size_t columns = 2 + 2 * model->series_count + model->tier_count;
    hr_sheet sheet;

    hr_sheet_init(&sheet, book, "Growth", formats);
    write_growth_header(&sheet, plan);
    for (int month = 0; month < plan->month_count; month++)
        write_growth_row(&sheet, plan, month);
    hr_sheet_table(&sheet, 0, (lxw_row_t)plan->month_count,
                   (lxw_col_t)(columns - 1), 2);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}

/* ---- Peaks ----------------------------------------------------------- */

/* Writes one named peak or share of value, after a separator when not
 * the first. */
static void print_part(FILE *out, const hr_series *series, size_t i, int shares,
                       double value)
{
    char number[64];
    const char *separator = i ? "; " : "";

    if (shares) {
        const hr_share *share = &series->shares[i];

        hr_sheet_format_number(number, sizeof number, value * share->fraction,
                               1);
        fprintf(out, "%s%s %.3g %% = %s", separator,
                hr_sheet_or(share->name, "?"), share->fraction * 100.0, number);
    } else {
        const hr_peak *peak = &series->extra_peaks[i];

        hr_sheet_format_number(number, sizeof number, value * peak->multiplier,
                               1);
        fprintf(out, "%s%s \xC3\x97%g = %s", separator,
                hr_sheet_or(peak->name, "?"), peak->multiplier, number);
    }
}

/* "evening hours x5 = 1,234.5; ..." for a series' further named peaks
 * (or "video 75 % = 750.0; ..." for its shares) of value, "none" when it
 * has none. The caller frees the text; NULL when out of memory. */
static char *breakdown_text(const hr_series *series, double value, int shares)
{
    size_t count = shares ? series->share_count : series->extra_peak_count;
    char *text = NULL;
    size_t length = 0;
    FILE *out = open_memstream(&text, &length);

    if (!out)
        return NULL;
    for (size_t i = 0; i < count; i++)
        print_part(out, series, i, shares, value);
    if (count == 0)
        fputs("none", out);
    if (fclose(out) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* Writes breakdown_text() into a cell. */
static void write_breakdown(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                            const hr_series *series, double value, int shares)
{
    char *text = breakdown_text(series, value, shares);

    if (!text)
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
    hr_sheet_text(sheet, row, col, text, NULL);
    free(text);
}

/* One series at one milestone. */
static void write_peak_row(hr_sheet *sheet, const hr_plan *plan, lxw_row_t row,
                           size_t s, size_t k)
{
    const hr_projection *p = &plan->projections[s];
    const hr_series *series = &plan->model->series[s];
    const hr_milestone *milestone = &plan->model->milestones[k];
    double value = p->milestone_value[k];
    char unit[UNIT_SIZE];

    hr_sheet_text(sheet, row, 0, series->title, NULL);
    hr_sheet_text(sheet, row, 1, milestone->label, NULL);
    hr_sheet_month(sheet, row, 2, milestone->month, NULL);
    hr_sheet_number(sheet, row, 3, value, HR_NUM_SIGNIFICANT, "not given");
    hr_sheet_text(sheet, row, 4,
                  hr_sheet_series_unit(unit, sizeof unit, series), NULL);
    hr_sheet_text(sheet, row, 5, hr_provenance_name(p->milestone_provenance[k]),
                  NULL);
    hr_sheet_number(sheet, row, 6, series->peak_multiplier, HR_NUM_TWO, NULL);
    hr_sheet_number(sheet, row, 7, value * series->peak_multiplier,
                    HR_NUM_SIGNIFICANT, NULL);
    hr_sheet_text(sheet, row, 8, series->peak_source, NULL);
    write_breakdown(sheet, row, 9, series, value, 0);
    write_breakdown(sheet, row, 10, series, value, 1);
}

/* Adds the Peaks sheet: one row per series and milestone. */
hr_status hr_sheet_write_peaks(lxw_workbook *book,
                               const hr_sheet_formats *formats,
                               const hr_plan *plan)
{
    static const char *const titles[] = {"Series",
                                         "Milestone",
                                         "Month",
                                         "Value",
                                         "Unit",
                                         "Provenance",
                                         "Peak multiplier",
                                         "Peak value",
                                         "Peak source",
                                         "Other named peaks (of value)",
                                         "Shares (of value)"};
    const hr_model *model = plan->model;
    lxw_row_t row = 1;
    hr_sheet sheet;

    hr_sheet_init(&sheet, book, "Peaks", formats);
    hr_sheet_header(&sheet, 0, titles, HR_SHEET_COUNT(titles));
    for (size_t s = 0; s < model->series_count; s++)
        for (size_t k = 0; k < model->milestone_count; k++)
            write_peak_row(&sheet, plan, row++, s, k);
    hr_sheet_table(&sheet, 0, row - 1, HR_SHEET_COUNT(titles) - 1, 2);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
