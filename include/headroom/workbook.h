/*
 * workbook.h - the capacity plan as an Excel workbook (libxlsxwriter).
 *
 * Sheets: Summary, Charts, Assumptions, Growth, Peaks, Capacity, Measured.
 * Every input of the plan is a named cell on Assumptions; what a formula
 * can express is a live formula over those names with headroom's value
 * cached. Text from measured data or the model is always written as a
 * string, never as a formula; NaN and infinities are written as a word,
 * never as numbers. The generic layer is src/output/xlsx_book.h.
 */
#ifndef HEADROOM_WORKBOOK_H
#define HEADROOM_WORKBOOK_H

#include "headroom/error.h"
#include "headroom/plan.h"

/* Writes the workbook to path (which the caller makes atomic). */
hr_status hr_workbook_write(const hr_plan *plan, const char *path);

#endif
