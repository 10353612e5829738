/*
 * sheet_growth.c - the Growth sheet (every series month by month, each
 * tier's peak arrivals, and each series' 95 % band of its fitted growth
 * curve) and the Peaks sheet (every series at every milestone: value,
 * provenance, peak multiplier and peak; then the further named peaks and
 * shares; then the growth curve fitted to each series, and why).
 *
 * Monthly averages come from a monotone cubic through the milestones
 * (project.c), the fitted curves from growth_fit.c; a spreadsheet
 * formula cannot express those fits, so they are values computed by
 * headroom. Everything made from them is a formula: peak = average x
 * peak multiplier, arrivals = peak x requests per unit (x intraday factor
 * / seconds in the period for a volume).
 */
#include "output/sheet.h"

#include <stdio.h>

/* Size of a unit text such as "enrollments/week", and of a formula. */
#define UNIT_SIZE 128
#define FORMULA_SIZE 1024

/* Characters of a line of the notes under the Growth table. */
#define NOTE_CHARS 150

/* Where the Peaks sheet's second table starts, below the first, and
 * its third below the second. */
#define PARTS_GAP 2

/* The confidence level of the band, and what a month without one shows
 * (a fit through every point exactly has no band). */
#define BAND_LEVEL "95 %"
#define NO_BAND "none"

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
    char unit[UNIT_SIZE], title[512];

    hr_sheet_header_cell(sheet, 0, 0, "Month");
    hr_sheet_header_cell(sheet, 0, 1, "Milestone");
    for (size_t s = 0; s < model->series_count; s++) {
        const hr_series *series = &model->series[s];

        hr_sheet_series_unit(unit, sizeof unit, series);
        snprintf(title, sizeof title, "%s, average (%s)",
                 hr_sheet_name(series->title, series->id), unit);
        hr_sheet_header_cell(sheet, 0, hr_growth_average_col(s), title);
        snprintf(title, sizeof title, "%s, peak (%s)",
                 hr_sheet_name(series->title, series->id), unit);
        hr_sheet_header_cell(sheet, 0, hr_growth_peak_col(s), title);
    }
    for (size_t t = 0; t < model->tier_count; t++) {
        snprintf(title, sizeof title, "%s, peak arrivals (req/s)",
                 hr_sheet_name(model->tiers[t].title, model->tiers[t].id));
        hr_sheet_header_cell(sheet, 0, hr_growth_arrivals_col(plan, t), title);
    }
    for (size_t s = 0; s < model->series_count; s++) {
        const hr_series *series = &model->series[s];

        hr_sheet_series_unit(unit, sizeof unit, series);
        snprintf(title, sizeof title, "%s, %s band low (%s)",
                 hr_sheet_name(series->title, series->id), BAND_LEVEL, unit);
        hr_sheet_header_cell(sheet, 0, hr_growth_band_low_col(plan, s), title);
        snprintf(title, sizeof title, "%s, %s band high (%s)",
                 hr_sheet_name(series->title, series->id), BAND_LEVEL, unit);
        hr_sheet_header_cell(sheet, 0, hr_growth_band_high_col(plan, s), title);
    }
}

/* One tier's peak arrivals in a month: a formula over its driver's peak
 * in the same row. */
static void write_arrivals(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                           int month, size_t t)
{
    const hr_plan *plan = book->plan;
    const hr_series *driver =
        hr_model_find_series(plan->model, plan->model->tiers[t].driver);
    hr_num_style style = {HR_NUM_SIGNIFICANT, HR_CELL_PLAIN, NULL};
    char peak[HR_XLSX_REF_SIZE], formula[FORMULA_SIZE];
    lxw_col_t col = hr_growth_arrivals_col(plan, t);

    if (!driver) {
        hr_sheet_number(sheet, row, col, HR_SHEET_NAN, HR_NUM_SIGNIFICANT,
                        NULL);
        return;
    }
    hr_xlsx_cell(peak, row,
                 hr_growth_peak_col(hr_plan_series_index(plan->model, driver)),
                 0);
    hr_plan_arrivals_formula(formula, sizeof formula, book, t, peak);
    hr_sheet_formula(sheet, row, col, plan->tiers[t].monthly_arrivals[month],
                     &style, NULL, "%s", formula);
}

/* One month's row. */
static void write_growth_row(hr_plan_book *book, hr_sheet *sheet, int month)
{
    const hr_plan *plan = book->plan;
    const hr_model *model = plan->model;
    lxw_row_t row = (lxw_row_t)month + 1;
    hr_num_style computed = {HR_NUM_SIGNIFICANT, HR_CELL_COMPUTED, NULL};
    hr_num_style formula = {HR_NUM_SIGNIFICANT, HR_CELL_PLAIN, NULL};
    char average[HR_XLSX_REF_SIZE];

    hr_sheet_month(sheet, row, 0, month, NULL);
    hr_sheet_text(sheet, row, 1, milestone_at(model, month), NULL);
    for (size_t s = 0; s < model->series_count; s++) {
        const hr_projection *p = &plan->projections[s];

        hr_sheet_value(sheet, row, hr_growth_average_col(s), p->average[month],
                       &computed, NULL);
        hr_xlsx_cell(average, row, hr_growth_average_col(s), 0);
        hr_sheet_formula(sheet, row, hr_growth_peak_col(s), p->peak[month],
                         &formula, NULL, "%s*%s", average, book->names.peak[s]);
    }
    for (size_t t = 0; t < model->tier_count; t++)
        write_arrivals(book, sheet, row, month, t);
    for (size_t s = 0; s < model->series_count; s++) {
        const hr_projection *p = &plan->projections[s];

        hr_sheet_value(sheet, row, hr_growth_band_low_col(plan, s),
                       p->band_low[month], &computed, NO_BAND);
        hr_sheet_value(sheet, row, hr_growth_band_high_col(plan, s),
                       p->band_high[month], &computed, NO_BAND);
    }
}

/* How the columns were made, below the table. */
static void write_growth_notes(hr_sheet *sheet, lxw_row_t row)
{
    row =
        hr_sheet_note(sheet, row, 0, NOTE_CHARS,
                      "Averages (grey) are computed by headroom: a monotone "
                      "cubic (Steffen, 1990) through the logarithms of the "
                      "milestone values. A spreadsheet formula cannot express "
                      "that fit, so they do not follow edits of the milestone "
                      "values on the Assumptions sheet.");
    row = hr_sheet_note(sheet, row, 0, NOTE_CHARS,
                        "Peaks and arrivals are formulas: peak = average x "
                        "the series' peak multiplier; arrivals = the driving "
                        "series' peak x requests per unit, and for a daily, "
                        "weekly or monthly volume x the intraday peak "
                        "factor / seconds in the period (a month is 30 "
                        "days).");
    hr_sheet_note(sheet, row, 0, NOTE_CHARS,
                  "The " BAND_LEVEL " band columns (grey, right of the "
                  "arrivals) are computed by headroom (fitted growth curve): "
                  "the confidence band of the curve chosen for each series "
                  "(Peaks sheet, \"" HR_PEAKS_FITS_TITLE "\"), exp(log f(t) "
                  "\u00B1 q s) with s the standard error of log f(t) by the "
                  "delta method and q the Student t quantile. It bounds the "
                  "curve, not single future values, and widens away from "
                  "the milestones; \"" NO_BAND "\" where the curve passes "
                  "through every point and leaves no degrees of freedom.");
}

/* Adds the Growth sheet: one row per month, months 0 to the horizon. */
hr_status hr_sheet_write_growth(hr_plan_book *book)
{
    const hr_plan *plan = book->plan;
    lxw_col_t last =
        hr_growth_band_low_col(plan, plan->model->series_count) - 1;
    hr_sheet sheet;

    hr_sheet_init(&sheet, &book->xlsx, HR_SHEET_GROWTH);
    write_growth_header(&sheet, plan);
    for (int month = 0; month < plan->month_count; month++)
        write_growth_row(book, &sheet, month);
    write_growth_notes(&sheet, (lxw_row_t)plan->month_count + 2);
    hr_sheet_table(&sheet, 0, (lxw_row_t)plan->month_count, last, 2);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}

/* ---- Peaks ----------------------------------------------------------- */

static const char *const peak_titles[] = {
    "Series",     "Milestone",       "Month",      "Value",      "Unit",
    "Provenance", "Peak multiplier", "Peak value", "Peak source"};

static const char *const part_titles[] = {
    "Series", "Milestone", "Month",  "Value of the part",
    "Unit",   "Kind",      "Factor", "Factor unit",
    "Part",   "Source"};

/* One series at one milestone: value and multiplier by name, peak as
 * their product. */
static void write_peak_row(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                           size_t s, size_t k)
{
    const hr_plan *plan = book->plan;
    const hr_projection *p = &plan->projections[s];
    const hr_series *series = &plan->model->series[s];
    double value = p->milestone_value[k];
    hr_num_style significant = {HR_NUM_SIGNIFICANT, HR_CELL_PLAIN, NULL};
    hr_num_style two = {HR_NUM_TWO, HR_CELL_PLAIN, NULL};
    char unit[UNIT_SIZE], a[HR_XLSX_REF_SIZE], b[HR_XLSX_REF_SIZE];

    hr_sheet_text(sheet, row, 0, hr_sheet_name(series->title, series->id),
                  NULL);
    hr_sheet_text(sheet, row, 1, plan->model->milestones[k].label, NULL);
    hr_sheet_month(sheet, row, 2, plan->model->milestones[k].month, NULL);
    hr_sheet_formula(sheet, row, 3, value, &significant, "not given", "%s",
                     hr_plan_value_name(book, s, k));
    hr_sheet_text(sheet, row, 4,
                  hr_sheet_series_unit(unit, sizeof unit, series), NULL);
    hr_sheet_text(sheet, row, 5, hr_provenance_name(p->milestone_provenance[k]),
                  NULL);
    hr_sheet_formula(sheet, row, 6, series->peak_multiplier, &two, NULL, "%s",
                     book->names.peak[s]);
    hr_sheet_formula(sheet, row, 7, value * series->peak_multiplier,
                     &significant, NULL, "%s*%s", hr_xlsx_cell(a, row, 3, 0),
                     hr_xlsx_cell(b, row, 6, 0));
    hr_sheet_text(sheet, row, 8, series->peak_source, NULL);
}

/* One named peak (share 0) or share (share 1) of a series at a
 * milestone: the factor by name, the part as value x factor. Columns
 * line up with the first table's: numbers under numbers. */
static void write_part_row(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                           size_t s, size_t k, size_t i, int share)
{
    const hr_plan *plan = book->plan;
    const hr_series *series = &plan->model->series[s];
    double value = plan->projections[s].milestone_value[k];
    const hr_share *part_share = share ? &series->shares[i] : NULL;
    const hr_peak *part_peak = share ? NULL : &series->extra_peaks[i];
    hr_num_style factor = {share ? HR_NUM_ONE : HR_NUM_TWO, HR_CELL_PLAIN,
                           NULL};
    hr_num_style significant = {HR_NUM_SIGNIFICANT, HR_CELL_PLAIN, NULL};
    char cell[HR_XLSX_REF_SIZE], unit[UNIT_SIZE];

    hr_sheet_text(sheet, row, 0, hr_sheet_name(series->title, series->id),
                  NULL);
    hr_sheet_text(sheet, row, 1, plan->model->milestones[k].label, NULL);
    hr_sheet_month(sheet, row, 2, plan->model->milestones[k].month, NULL);
    hr_sheet_text(sheet, row, 4,
                  hr_sheet_series_unit(unit, sizeof unit, series), NULL);
    hr_sheet_text(sheet, row, 5, share ? "share" : "named peak", NULL);
    hr_sheet_text(sheet, row, 7, share ? "% of value" : "x value", NULL);
    hr_sheet_text(sheet, row, 8, share ? part_share->name : part_peak->name,
                  NULL);
    hr_xlsx_cell(cell, row, 6, 0);
    if (share) {
        hr_sheet_formula(sheet, row, 6, part_share->fraction * 100.0, &factor,
                         NULL, "%s", book->names.share[s][i]);
        hr_sheet_formula(sheet, row, 3, value * part_share->fraction,
                         &significant, NULL, "%s*%s/100",
                         hr_plan_value_name(book, s, k), cell);
    } else {
        hr_sheet_formula(sheet, row, 6, part_peak->multiplier, &factor, NULL,
                         "%s", book->names.named_peak[s][i]);
        hr_sheet_formula(sheet, row, 3, value * part_peak->multiplier,
                         &significant, NULL, "%s*%s",
                         hr_plan_value_name(book, s, k), cell);
    }
    hr_sheet_text(sheet, row, 9, share ? part_share->source : part_peak->source,
                  NULL);
}

/* The named peaks and shares of every series at every milestone, as a
 * second table from row on; returns the row after it. */
static lxw_row_t write_parts(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row)
{
    const hr_model *model = book->plan->model;

    hr_sheet_text(sheet, row++, 0, "Further named peaks and shares",
                  sheet->book->label);
    hr_sheet_header(sheet, row++, part_titles, HR_SHEET_COUNT(part_titles));
    for (size_t s = 0; s < model->series_count; s++)
        for (size_t k = 0; k < model->milestone_count; k++) {
            const hr_series *series = &model->series[s];

            for (size_t i = 0; i < series->extra_peak_count; i++)
                write_part_row(book, sheet, row++, s, k, i, 0);
            for (size_t i = 0; i < series->share_count; i++)
                write_part_row(book, sheet, row++, s, k, i, 1);
        }
    return row;
}

/* One series' chosen growth curve: kind, points, RSE and reason. */
static void write_fit_row(hr_sheet *sheet, lxw_row_t row,
                          const hr_series *series, const hr_growth_fit *fit)
{
    hr_num_style rse = {HR_NUM_SIGNIFICANT, HR_CELL_COMPUTED, NULL};
    hr_num_style points = {HR_NUM_INTEGER, HR_CELL_PLAIN, NULL};

    hr_sheet_text(sheet, row, HR_FIT_SERIES,
                  hr_sheet_name(series->title, series->id), NULL);
    hr_sheet_text(sheet, row, HR_FIT_KIND,
                  fit->usable ? hr_growth_kind_name(fit->kind) : "none", NULL);
    hr_sheet_value(sheet, row, HR_FIT_POINTS, (double)fit->points, &points,
                   NULL);
    hr_sheet_value(sheet, row, HR_FIT_RSE, fit->rse_log10, &rse, "none");
    /* One line running on to the right: the columns keep their widths. */
    hr_sheet_paragraph(sheet, row, HR_FIT_REASON, HR_GROWTH_REASON_SIZE,
                       fit->reason, NULL);
}

/* The growth curve fitted to each series, as a third table from row on,
 * with a note below it. */
static void write_fits(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row)
{
    static const char *const titles[HR_FIT_COLUMNS] = {
        [HR_FIT_SERIES] = "Series",         [HR_FIT_KIND] = "Chosen curve",
        [HR_FIT_POINTS] = "Points fitted",  [HR_FIT_RSE] = "RSE (decades)",
        [HR_FIT_REASON] = "Why this curve",
    };
    const hr_plan *plan = book->plan;

    hr_sheet_text(sheet, row++, 0, HR_PEAKS_FITS_TITLE, sheet->book->label);
    hr_sheet_header(sheet, row++, titles, HR_FIT_COLUMNS);
    for (size_t s = 0; s < plan->model->series_count; s++)
        write_fit_row(sheet, row++, &plan->model->series[s],
                      &plan->projections[s].fit);
    hr_sheet_note(sheet, row + 1, 0, NOTE_CHARS,
                  "Computed by headroom (fitted growth curve): an "
                  "exponential a e^(b t) and a logistic K / (1 + e^(-r (t - "
                  "t0))) are fitted to the logarithms of each series' given "
                  "milestone values (GSL least squares); the lower corrected "
                  "Akaike criterion (AICc) wins, else the lower residual "
                  "standard error (RSE, of log10 of the values, in decades), "
                  "else the exponential. The curve's " BAND_LEVEL " band is "
                  "on the Growth sheet; beyond the last given milestone a "
                  "chosen logistic carries the series when the model names "
                  "no driver series.");
}

/* Adds the Peaks sheet: one row per series and milestone, then the
 * further named peaks and shares, then the fitted growth curves. */
hr_status hr_sheet_write_peaks(hr_plan_book *book)
{
    const hr_model *model = book->plan->model;
    lxw_row_t row = 1;
    hr_sheet sheet;

    hr_sheet_init(&sheet, &book->xlsx, HR_SHEET_PEAKS);
    hr_sheet_header(&sheet, 0, peak_titles, HR_SHEET_COUNT(peak_titles));
    for (size_t s = 0; s < model->series_count; s++)
        for (size_t k = 0; k < model->milestone_count; k++)
            write_peak_row(book, &sheet, row++, s, k);
    hr_sheet_table(&sheet, 0, row - 1, HR_SHEET_COUNT(peak_titles) - 1, 2);
    row = write_parts(book, &sheet, row + PARTS_GAP);
    write_fits(book, &sheet, row + PARTS_GAP);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
