/*
 * sheet_charts.c - the Charts sheet: native Excel charts over the other
 * sheets' cells (not pictures), so they follow edits where those cells
 * are formulas.
 *
 *  1. growth of every series by month (line, log axis: the series grow
 *     tenfold per step and differ in size by orders of magnitude);
 *  2. each tier's peak arrivals by month (line, log axis);
 *  3. servers today and required at each milestone, per tier (columns,
 *     log axis), from the Summary's tier table;
 *  4. measured p95 against the target, per label (columns, log axis), for
 *     the first labels of the Measured sheet.
 */
#include "output/sheet.h"

#include <stdio.h>

/* The charts stand in a grid of two by two, printed on one page: their
 * size as a scale of libxlsxwriter's 480 x 288 pixel default, and the
 * rows and default-width (64 pixel) columns between their corners. */
#define CHART_X_SCALE 1.5
#define CHART_Y_SCALE 1.45
#define CHART_ROWS 22
#define CHART_COLS 12

/* Characters of a line of the notes. */
#define NOTE_CHARS 140

/* Most labels the p95 chart shows; the sheet lists them all. */
#define CHART_LABELS_MAX 40

/* A chart with a title, axis names, a base-10 log value axis and the
 * legend below; NULL when libxlsxwriter cannot make it. */
static lxw_chart *new_chart(hr_plan_book *book, uint8_t type, const char *title,
                            const char *x_name, const char *y_name)
{
    lxw_chart *chart = workbook_add_chart(book->xlsx.workbook, type);

    if (!chart)
        return NULL;
    chart_title_set_name(chart, title);
    chart_axis_set_name(chart->x_axis, x_name);
    chart_axis_set_name(chart->y_axis, y_name);
    chart_axis_set_log_base(chart->y_axis, 10);
    /* Decimals below 1 only; "General" loses them on Gnumeric's axes. */
    chart_axis_set_num_format(chart->y_axis, "[<1]0.####;#,##0");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    return chart;
}

/* Adds a series over one column of a sheet, named by a header cell. */
static int add_column_series(lxw_chart *chart, const char *sheet,
                             lxw_row_t name_row, lxw_row_t first,
                             lxw_row_t last, lxw_col_t category_col,
                             lxw_col_t col)
{
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);

    if (!series)
        return -1;
    chart_series_set_categories(series, sheet, first, category_col, last,
                                category_col);
    chart_series_set_values(series, sheet, first, col, last, col);
    chart_series_set_name_range(series, sheet, name_row, col);
    return 0;
}

/* Places a chart in the grid cell slot (0 to 3, by rows) under the
 * first row; records a failure on the sheet. */
static void place(hr_sheet *sheet, lxw_row_t first, unsigned slot,
                  lxw_chart *chart)
{
    lxw_chart_options options = {0};
    lxw_row_t row = first + (slot / 2) * CHART_ROWS;
    lxw_col_t col = (lxw_col_t)((slot % 2) * CHART_COLS);

    options.x_scale = CHART_X_SCALE;
    options.y_scale = CHART_Y_SCALE;
    options.x_offset = 4;
    hr_sheet_check(sheet, worksheet_insert_chart_opt(sheet->worksheet, row, col,
                                                     chart, &options));
}

/* 1 and 2: monthly growth of the series, and peak arrivals of the
 * tiers, from the Growth sheet. */
static void chart_growth(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                         unsigned slot, int tiers)
{
    const hr_plan *plan = book->plan;
    size_t count = tiers ? plan->model->tier_count : plan->model->series_count;
    lxw_row_t last = (lxw_row_t)plan->month_count;
    lxw_chart *chart = new_chart(
        book, LXW_CHART_LINE,
        tiers ? "Peak arrivals per tier by month (req/s, log scale)"
              : "Growth of each series by month (monthly average, log scale)",
        "month", tiers ? "requests per second" : "value in its unit");
    int failed = !chart;

    /* A dozen series make a legend taller than the plot below it, and
     * LibreOffice then squeezes the plot flat: list them on the right. */
    if (chart && count > 8)
        chart_legend_set_position(chart, LXW_CHART_LEGEND_RIGHT);
    for (size_t i = 0; !failed && i < count; i++)
        failed = add_column_series(chart, HR_SHEET_GROWTH, 0, 1, last, 0,
                                   tiers ? hr_growth_arrivals_col(plan, i)
                                         : hr_growth_average_col(i));
    if (failed)
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        place(sheet, row, slot, chart);
}

/* 3: servers today and required at each milestone, per tier. */
static void chart_servers(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                          unsigned slot)
{
    const hr_model *model = book->plan->model;
    lxw_row_t header = book->summary_tiers;
    lxw_row_t last = header + (lxw_row_t)model->tier_count;
    lxw_chart *chart =
        new_chart(book, LXW_CHART_COLUMN,
                  "Servers today and required at each milestone (log scale)",
                  "tier", "servers");
    int failed = !chart;

    /* Columns rise from the axis crossing: below 1, so that one server
     * shows; and every tier's name under its columns. */
    if (chart) {
        chart_axis_set_min(chart->y_axis, 0.5);
        chart_axis_set_interval_unit(chart->x_axis, 1);
    }

    for (size_t k = 0; !failed && k <= model->milestone_count; k++)
        failed = add_column_series(
            chart, HR_SHEET_SUMMARY, header, header + 1, last, 0,
            k == 0 ? HR_SUM_TIER_REQUIRED - 1
                   : (lxw_col_t)(HR_SUM_TIER_REQUIRED + k - 1));
    if (failed)
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        place(sheet, row, slot, chart);
}

/* 4: measured p95 and the target, for the first labels. */
static void chart_measured(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                           unsigned slot)
{
    size_t labels = book->plan->label_count;
    lxw_row_t last =
        (lxw_row_t)(labels < CHART_LABELS_MAX ? labels : CHART_LABELS_MAX);
    lxw_chart *chart;
    char title[128];
    int failed;

    if (labels == 0) {
        hr_sheet_note(sheet, row + (slot / 2) * CHART_ROWS,
                      (lxw_col_t)((slot % 2) * CHART_COLS), NOTE_CHARS,
                      "No measured data was given: no p95 chart.");
        return;
    }
    snprintf(title, sizeof title,
             labels > CHART_LABELS_MAX ? "Measured p95 against target, first "
                                         "%d labels (ms, log scale)"
                                       : "Measured p95 against target (ms, "
                                         "log scale)",
             CHART_LABELS_MAX);
    chart = new_chart(book, LXW_CHART_COLUMN, title, "label", "milliseconds");
    failed = !chart;
    if (!failed)
        failed = add_column_series(chart, HR_SHEET_MEASURED, 0, 1, last,
                                   HR_MEAS_LABEL, HR_MEAS_P95);
    if (!failed)
        failed = add_column_series(chart, HR_SHEET_MEASURED, 0, 1, last,
                                   HR_MEAS_LABEL, HR_MEAS_TARGET);
    if (failed)
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        place(sheet, row, slot, chart);
}

/* Adds the Charts sheet: four charts on one printed page. */
hr_status hr_sheet_write_charts(hr_plan_book *book)
{
    const hr_model *model = book->plan->model;
    unsigned slot = 0;
    lxw_row_t row;
    hr_sheet sheet;

    hr_sheet_init(&sheet, &book->xlsx, HR_SHEET_CHARTS);
    hr_sheet_text(&sheet, 0, 0, "Charts", sheet.book->title);
    row = hr_sheet_note(&sheet, 1, 0, NOTE_CHARS,
                        "Native charts over the cells of the Growth, Summary "
                        "and Measured sheets; they follow edits of the "
                        "Assumptions where those cells are formulas.") +
          1;
    if (model->series_count > 0)
        chart_growth(book, &sheet, row, slot++, 0);
    if (model->tier_count > 0) {
        chart_growth(book, &sheet, row, slot++, 1);
        if (model->milestone_count > 0)
            chart_servers(book, &sheet, row, slot++);
    }
    chart_measured(book, &sheet, row, slot);
    hr_sheet_fit_one_page(&sheet);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
