/*
 * sheet.h - private to the capacity-plan workbook: the plan's defined
 * names, where each sheet puts what the others refer to, and the sheet
 * writers.
 *
 * The cells themselves are written with the generic layer of
 * xlsx_book.h. Inputs live on the Assumptions sheet under defined names
 * (e.g. Tier_api_queries_service_ms); every other sheet's formulas refer
 * to those names, or to cells of other sheets at the places fixed below.
 */
#ifndef HEADROOM_OUTPUT_SHEET_H
#define HEADROOM_OUTPUT_SHEET_H

#include <stddef.h>

#include "headroom/error.h"
#include "headroom/plan.h"
#include "output/xlsx_book.h"

/* Sheet names, in workbook order. */
#define HR_SHEET_SUMMARY "Summary"
#define HR_SHEET_CHARTS "Charts"
#define HR_SHEET_ASSUMPTIONS "Assumptions"
#define HR_SHEET_GROWTH "Growth"
#define HR_SHEET_PEAKS "Peaks"
#define HR_SHEET_CAPACITY "Capacity"
#define HR_SHEET_SENSITIVITY "Sensitivity"
#define HR_SHEET_MEASURED "Measured"

/* What computed the grey cells, for notes and the legend. */
#define HR_SHEET_PROGRAM "headroom"

/* The defined names of the plan's inputs. The strings belong to the
 * book; the arrays to this struct. */
typedef struct hr_plan_names {
    const char *intraday;     /* the model's intraday peak factor */
    const char **value;       /* series x milestone, row by series */
    const char **peak;        /* per series: planned peak multiplier */
    const char ***named_peak; /* per series, per further named peak */
    const char ***share;      /* per series, per share (percent) */
    const char **requests;    /* per tier: requests per unit */
    const char **service;     /* per tier: service time, ms */
    const char **servers;     /* per tier: servers today */
    const char **target;      /* per target class: p95, ms */
    const char **limit;       /* per fixed limit */
} hr_plan_names;

/* The workbook being written for a plan. */
typedef struct hr_plan_book {
    hr_xlsx_book xlsx;
    const hr_plan *plan;
    hr_plan_names names;
    /* Where the Summary put its tier table's header (Charts use it). */
    lxw_row_t summary_tiers;
} hr_plan_book;

/* Makes every input's defined name (valid, unique). HR_ERR_NOMEM when out
 * of memory. */
hr_status hr_plan_names_make(hr_plan_book *book);

/* Frees the name arrays (the names go with the book). */
void hr_plan_names_release(hr_plan_book *book);

/* The name of series s's value at milestone k. */
const char *hr_plan_value_name(const hr_plan_book *book, size_t s, size_t k);

/* Index of a series or tier of the model. */
size_t hr_plan_series_index(const hr_model *model, const hr_series *series);

/* The formula text turning a peak (peak, a formula term such as "D5" or
 * a product of names) into a tier's requests per second: peak x requests
 * per unit, and for a rate series x intraday factor / seconds in the
 * period (hr_peak_arrival_rate()). Returns buffer. */
char *hr_plan_arrivals_formula(char *buffer, size_t size,
                               const hr_plan_book *book, size_t tier,
                               const char *peak);

/* The formula text turning a series value (a name or a cell) into a
 * tier's normal load in requests per second: value x requests per unit,
 * and for a rate series / seconds in the period, without the intraday
 * factor (hr_peak_arrival_rate() with a factor of 1). Returns buffer. */
char *hr_plan_normal_formula(char *buffer, size_t size,
                             const hr_plan_book *book, size_t tier,
                             const char *value);

/* A series' unit with its period, e.g. "enrollments/day", into buffer. */
char *hr_sheet_series_unit(char *buffer, size_t size, const hr_series *series);

/* ---- where things are ------------------------------------------------ */

/* Capacity: one row per tier and milestone under a header in row 0. */
enum hr_capacity_column {
    HR_CAP_TIER,
    HR_CAP_MILESTONE,
    HR_CAP_MONTH,
    HR_CAP_DRIVER,
    HR_CAP_ARRIVALS,
    HR_CAP_SERVICE,
    HR_CAP_SERVERS,
    HR_CAP_LOAD,
    HR_CAP_UTILISATION,
    HR_CAP_ERLANG_B,
    HR_CAP_ERLANG_C,
    HR_CAP_WAIT_P95,
    HR_CAP_P95,
    HR_CAP_TARGET_CLASS,
    HR_CAP_TARGET,
    HR_CAP_WITHIN,
    HR_CAP_MEETS,
    HR_CAP_REQUIRED,
    HR_CAP_TO_ADD,
    HR_CAP_UTILISATION_REQUIRED,
    HR_CAP_P95_REQUIRED,
    HR_CAP_NORMAL,
    HR_CAP_NORMAL_3X,
    HR_CAP_REQUIRED_3X,
    HR_CAP_PLANNED,
    HR_CAP_DECIDED,
    HR_CAP_BREACH,
    HR_CAP_COLUMNS
};

/* The Capacity row of tier t at milestone k. */
lxw_row_t hr_capacity_row(const hr_plan *plan, size_t t, size_t k);

/* Sensitivity: one row per tier and input moved under a header in row
 * 0; the servers and breach months at -step, as planned and +step. */
enum hr_sensitivity_column {
    HR_SENS_TIER,
    HR_SENS_TODAY,
    HR_SENS_INPUT,
    HR_SENS_SERVERS, /* three columns */
    HR_SENS_SWING = HR_SENS_SERVERS + 3,
    HR_SENS_BREACH, /* three columns */
    HR_SENS_MOST = HR_SENS_BREACH + 3,
    HR_SENS_COLUMNS
};

/* The Sensitivity row of tier t with input moved. */
lxw_row_t hr_sensitivity_row(size_t t, hr_sensitivity_input input);

/* Growth: month m in row m + 1; month, milestone, then each series'
 * average and peak, then each tier's peak arrivals, then each series'
 * 95 % band of its fitted curve, low and high. */
#define HR_GROWTH_FIRST_SERIES 2
lxw_col_t hr_growth_average_col(size_t s);
lxw_col_t hr_growth_peak_col(size_t s);
lxw_col_t hr_growth_arrivals_col(const hr_plan *plan, size_t t);
lxw_col_t hr_growth_band_low_col(const hr_plan *plan, size_t s);
lxw_col_t hr_growth_band_high_col(const hr_plan *plan, size_t s);

/* Peaks: the table of fitted growth curves, one row per series under a
 * header, below the named peaks and shares; its columns. */
#define HR_PEAKS_FITS_TITLE "Fitted growth curves"
enum hr_fit_column {
    HR_FIT_SERIES,
    HR_FIT_KIND,
    HR_FIT_POINTS,
    HR_FIT_RSE,
    HR_FIT_REASON,
    HR_FIT_COLUMNS
};

/* Measured: one row per label under a header in row 0. */
enum hr_measured_column {
    HR_MEAS_LABEL,
    HR_MEAS_SAMPLES,
    HR_MEAS_ERRORS,
    HR_MEAS_ERROR_RATE,
    HR_MEAS_MIN,
    HR_MEAS_MEAN,
    HR_MEAS_P50,
    HR_MEAS_P95,
    HR_MEAS_P99,
    HR_MEAS_MAX,
    HR_MEAS_THROUGHPUT,
    HR_MEAS_TARGET_CLASS,
    HR_MEAS_TARGET,
    HR_MEAS_VERDICT,
    HR_MEAS_COLUMNS
};

/* Summary's tier table: tier and servers today, then the servers required
 * at each milestone from this column on, then first breach, verdict,
 * the most sensitive input, target and target class. */
#define HR_SUM_TIER_REQUIRED 2

/* ---- the sheet writers, in workbook order ---------------------------- */

hr_status hr_sheet_write_summary(hr_plan_book *book);
hr_status hr_sheet_write_charts(hr_plan_book *book);
hr_status hr_sheet_write_assumptions(hr_plan_book *book);
hr_status hr_sheet_write_growth(hr_plan_book *book);
hr_status hr_sheet_write_peaks(hr_plan_book *book);
hr_status hr_sheet_write_capacity(hr_plan_book *book);
hr_status hr_sheet_write_sensitivity(hr_plan_book *book);
hr_status hr_sheet_write_measured(hr_plan_book *book);

#endif
