/*
 * sheet.h - private helpers shared by the workbook's sheet writers.
 *
 * A hr_sheet wraps one libxlsxwriter worksheet. Every write goes through
 * the helpers below, which (1) write text only as strings, never as
 * formulas, cut to Excel's cell limit and repaired to valid UTF-8, (2)
 * write a word instead of a NaN or an infinity, (3) remember the widest
 * entry of each column, and (4) keep the first lxw_error, after which
 * further writes are skipped. A sheet writer therefore calls the helpers
 * freely and checks hr_sheet_status() once at the end.
 */
#ifndef HEADROOM_OUTPUT_SHEET_H
#define HEADROOM_OUTPUT_SHEET_H

#include <math.h>
#include <stddef.h>
#include <xlsxwriter.h>

#include "headroom/error.h"
#include "headroom/plan.h"

/* Excel's limit on the characters of one cell. */
#define HR_SHEET_CELL_MAX 32767

/* What a cut string ends with; counted within HR_SHEET_CELL_MAX. */
#define HR_SHEET_CUT_MARK "\xE2\x80\xA6[cut]"

/* Columns whose widths are tracked; later columns keep Excel's default. */
#define HR_SHEET_MAX_COLUMNS 256

/* Widest a column grows, in widths of a digit; longer text wraps. */
#define HR_SHEET_WIDTH_MAX 60

/* Header rows per sheet whose heights follow their wrapped titles. */
#define HR_SHEET_MAX_HEADERS 8

/* Elements of an array. */
#define HR_SHEET_COUNT(array) (sizeof(array) / sizeof *(array))

/* A missing number (NAN as a double), written as a word. */
#define HR_SHEET_NAN ((double)NAN)

/* How a number is shown; each has its own lxw_format. */
typedef enum hr_num_kind {
    HR_NUM_INTEGER,     /* #,##0 */
    HR_NUM_ONE,         /* #,##0.0 */
    HR_NUM_TWO,         /* 0.00 */
    HR_NUM_PERCENT,     /* 0.00% */
    HR_NUM_SIGNIFICANT, /* 3 significant figures, 1 to 6 decimals */
    HR_NUM_KIND_COUNT
} hr_num_kind;

/* Most decimals HR_NUM_SIGNIFICANT shows. */
#define HR_SHEET_DECIMALS_MAX 6

/* Formats made once per workbook. */
typedef struct hr_sheet_formats {
    lxw_format *title;
    lxw_format *header;
    lxw_format *label; /* bold text in key/value lists */
    lxw_format *text;
    lxw_format *wrap;
    lxw_format *word; /* "n/a", "saturated": right aligned, italic */
    lxw_format *number[HR_NUM_KIND_COUNT];           /* SIGNIFICANT: unused */
    lxw_format *decimals[HR_SHEET_DECIMALS_MAX + 1]; /* #,##0.0... */
} hr_sheet_formats;

/* One worksheet being written, with what is known about its layout. */
typedef struct hr_sheet {
    lxw_worksheet *worksheet;
    const hr_sheet_formats *formats;
    lxw_error error;                     /* first failure, or 0 */
    double widths[HR_SHEET_MAX_COLUMNS]; /* in widths of a digit */
    lxw_row_t tall_row;                  /* last row given a height */
    unsigned tall_lines;                 /* lines of that row */
    size_t header_count;
    lxw_row_t header_rows[HR_SHEET_MAX_HEADERS];
    /* characters of each title, per header row and column */
    unsigned short header_chars[HR_SHEET_MAX_HEADERS][HR_SHEET_MAX_COLUMNS];
} hr_sheet;

/* Adds a worksheet named name and prepares the sheet around it; a
 * refusal is kept as the sheet's error. */
void hr_sheet_init(hr_sheet *sheet, lxw_workbook *book, const char *name,
                   const hr_sheet_formats *formats);

/* HR_OK, or HR_ERR_OUTPUT when any write on the sheet failed. */
hr_status hr_sheet_status(const hr_sheet *sheet);

/* Records a libxlsxwriter result; keeps the first failure. */
void hr_sheet_check(hr_sheet *sheet, lxw_error error);

/*
 * Returns text made safe for a cell: valid UTF-8 (each bad byte becomes
 * U+FFFD) of at most HR_SHEET_CELL_MAX characters, a longer text cut so
 * that it ends with HR_SHEET_CUT_MARK. Returns text itself when it is
 * already safe, else a copy in *copy that the caller frees; NULL only when
 * the copy cannot be allocated. *chars gets the length in characters.
 */
const char *hr_sheet_safe_text(const char *text, char **copy, size_t *chars);

/* text, or fallback when text is NULL (fallback may be NULL too, for
 * a blank cell). */
static inline const char *hr_sheet_or(const char *text, const char *fallback)
{
    return text ? text : fallback;
}

/* A thing's title, else its id, else "?": never NULL. */
static inline const char *hr_sheet_name(const char *title, const char *id)
{
    return title ? title : id ? id : "?";
}

/* Makes text in place fit for XML outside cells (document properties):
 * control characters become spaces and bad UTF-8 bytes '?'. */
void hr_sheet_clean_in_place(char *text);

/* Writes text as a string cell (NULL or "" leaves the cell blank).
 * format NULL picks plain text, or wrapped text when it is long. */
void hr_sheet_text(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                   const char *text, lxw_format *format);

/* Writes printf-style text as a string cell, as hr_sheet_text(). */
void hr_sheet_textf(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                    lxw_format *format, const char *template, ...)
    __attribute__((format(printf, 5, 6)));

/* Writes a number in the given format, or word when value is NaN or
 * infinite (word NULL means "n/a"). Never writes a non-finite number. */
void hr_sheet_number(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                     double value, hr_num_kind kind, const char *word);

/* Writes a count in the integer format. */
void hr_sheet_count(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                    size_t value);

/* Writes a month number, or word when month is negative. */
void hr_sheet_month(hr_sheet *sheet, lxw_row_t row, lxw_col_t col, int month,
                    const char *word);

/* Writes a row of bold column titles starting at column 0. */
void hr_sheet_header(hr_sheet *sheet, lxw_row_t row, const char *const *titles,
                     size_t count);

/* Writes a column title that may hold model text, e.g. a series name. */
void hr_sheet_header_cell(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                          const char *title);

/* Marks the sheet's main table: freezes the rows down to its header
 * (header_row) and the columns left of freeze_cols, puts an autofilter on
 * header_row..last_row x 0..last_col (none when the table has no rows)
 * and repeats the header row on every printed page. */
void hr_sheet_table(hr_sheet *sheet, lxw_row_t header_row, lxw_row_t last_row,
                    lxw_col_t last_col, lxw_col_t freeze_cols);

/* Sets column widths from what was written and header row heights from
 * their wrapped titles, and sets up printing: landscape, one page wide,
 * sheet name and page number in the footer. Call last. */
void hr_sheet_finish(hr_sheet *sheet);

/* Formats a number with thousands separators and the given decimals into
 * buffer ("n/a" when not finite). Returns buffer. */
char *hr_sheet_format_number(char *buffer, size_t size, double value,
                             int decimals);

/* A series' unit with its period, e.g. "enrollments/day", into buffer. */
char *hr_sheet_series_unit(char *buffer, size_t size, const hr_series *series);

/* The sheet writers, in workbook order. */
hr_status hr_sheet_write_summary(lxw_workbook *book,
                                 const hr_sheet_formats *formats,
                                 const hr_plan *plan);
hr_status hr_sheet_write_growth(lxw_workbook *book,
                                const hr_sheet_formats *formats,
                                const hr_plan *plan);
hr_status hr_sheet_write_peaks(lxw_workbook *book,
                               const hr_sheet_formats *formats,
                               const hr_plan *plan);
hr_status hr_sheet_write_capacity(lxw_workbook *book,
                                  const hr_sheet_formats *formats,
                                  const hr_plan *plan);
hr_status hr_sheet_write_measured(lxw_workbook *book,
                                  const hr_sheet_formats *formats,
                                  const hr_plan *plan);
hr_status hr_sheet_write_assumptions(lxw_workbook *book,
                                     const hr_sheet_formats *formats,
                                     const hr_plan *plan);

#endif
