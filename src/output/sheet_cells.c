/*
 * sheet_cells.c - safe cell writing and layout for the workbook's sheets.
 *
 * Text reaches a cell only through worksheet_write_string(), so a label
 * such as "=HYPERLINK(...)" stays text; numbers only through
 * write_number_or_word(), so NaN and infinities become words. Column
 * widths and header heights are worked out from what was written.
 */
#include "output/sheet.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Points per line of 11-point Calibri, and Excel's tallest row. */
#define LINE_HEIGHT 15.0
#define ROW_HEIGHT_MAX 409.0

/* Narrowest column and the padding added to every width, in widths of
 * a digit (Excel's column unit). */
#define WIDTH_MIN 6
#define WIDTH_PAD 2

/* Width of an average character of text, and of bold text, in widths of
 * a digit; viewers without Calibri substitute wider fonts. */
#define TEXT_SCALE 1.1
#define BOLD_SCALE 1.25

/* Share of a line that wrapped text surely fills, breaking only at
 * spaces, in a font as wide as Gnumeric's substitute for Calibri. */
#define WRAP_FILL 0.85

/* Characters of the longest number text a width estimate considers. */
#define NUMBER_TEXT_MAX 512

/* ---- text ------------------------------------------------------------ */

/* True for the 10xxxxxx bytes that continue a UTF-8 sequence. */
static int is_continuation(unsigned char byte)
{
    return (byte & 0xC0) == 0x80;
}

/* Bytes in the valid UTF-8 sequence at p, or 0 when it is not valid
 * (RFC 3629 section 4: no overlong forms, no surrogates, at most
 * U+10FFFF). Never reads past a terminating NUL. */
static size_t utf8_length(const unsigned char *p)
{
    unsigned char c = p[0];

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return is_continuation(p[1]) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!is_continuation(p[1]) || !is_continuation(p[2]))
            return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!is_continuation(p[1]) || !is_continuation(p[2]) ||
            !is_continuation(p[3]))
            return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

/* Excel counts characters in UTF-16 units: a 4-byte sequence is two. */
static size_t utf16_units(size_t bytes)
{
    return bytes == 4 ? 2 : 1;
}

/* Measures text: characters (a bad byte counts one) and whether it is
 * valid UTF-8. */
static size_t measure_text(const char *text, int *valid)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t chars = 0;

    *valid = 1;
    while (*p) {
        size_t n = utf8_length(p);

        if (n == 0) {
            *valid = 0;
            n = 1;
        }
        chars += utf16_units(n);
        p += n;
    }
    return chars;
}

/* Copies text into out, replacing bad bytes by U+FFFD, stopping before
 * the character that would pass keep; returns the characters copied. */
static size_t copy_repaired(const char *text, char *out, size_t keep,
                            size_t *out_bytes)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    const unsigned char *p = (const unsigned char *)text;
    size_t chars = 0, bytes = 0;

    while (*p) {
        size_t n = utf8_length(p);
        size_t units = utf16_units(n);

        if (chars + units > keep)
            break;
        if (n == 0) {
            memcpy(out + bytes, replacement, 3);
            bytes += 3;
            n = 1;
        } else {
            memcpy(out + bytes, p, n);
            bytes += n;
        }
        chars += units;
        p += n;
    }
    *out_bytes = bytes;
    return chars;
}

/* Repairs and cuts text for a cell; see sheet.h. */
const char *hr_sheet_safe_text(const char *text, char **copy, size_t *chars)
{
    size_t mark_chars = 6; /* U+2026 and "[cut]" */
    size_t length, keep, bytes, capacity;
    int valid, cut;

    *copy = NULL;
    *chars = measure_text(text, &valid);
    cut = *chars > HR_SHEET_CELL_MAX;
    if (valid && !cut)
        return text;

    /* A kept character takes at most 4 bytes, a repaired byte 3. */
    length = strlen(text);
    keep = cut ? HR_SHEET_CELL_MAX - mark_chars : *chars;
    capacity = (length < keep ? length : keep) * 4 + sizeof HR_SHEET_CUT_MARK;
    *copy = malloc(capacity);
    if (!*copy)
        return NULL;
    *chars = copy_repaired(text, *copy, keep, &bytes);
    if (cut) {
        memcpy(*copy + bytes, HR_SHEET_CUT_MARK, sizeof HR_SHEET_CUT_MARK);
        *chars += mark_chars;
    } else {
        (*copy)[bytes] = '\0';
    }
    return *copy;
}

/* Replaces what XML cannot hold outside a cell, in place. */
void hr_sheet_clean_in_place(char *text)
{
    unsigned char *p = (unsigned char *)text;

    while (*p) {
        size_t n = utf8_length(p);

        if (n == 0 || *p < 0x20 || *p == 0x7F) {
            *p = n == 0 ? '?' : ' ';
            n = 1;
        }
        p += n;
    }
}

/* ---- bookkeeping ----------------------------------------------------- */

/* Adds the worksheet and clears the bookkeeping. */
void hr_sheet_init(hr_sheet *sheet, lxw_workbook *book, const char *name,
                   const hr_sheet_formats *formats)
{
    memset(sheet, 0, sizeof *sheet);
    sheet->formats = formats;
    sheet->worksheet = workbook_add_worksheet(book, name);
    if (!sheet->worksheet)
        sheet->error = LXW_ERROR_PARAMETER_VALIDATION;
}

/* The sheet's outcome as a status. */
hr_status hr_sheet_status(const hr_sheet *sheet)
{
    return sheet->error == LXW_NO_ERROR ? HR_OK : HR_ERR_OUTPUT;
}

/* Keeps the first libxlsxwriter failure. */
void hr_sheet_check(hr_sheet *sheet, lxw_error error)
{
    if (sheet->error == LXW_NO_ERROR)
        sheet->error = error;
}

/* True once a write failed or the sheet was never made. */
static int sheet_failed(const hr_sheet *sheet)
{
    return sheet->error != LXW_NO_ERROR || !sheet->worksheet;
}

/* Widens column col to hold width digits' worth, up to the maximum. */
static void note_width(hr_sheet *sheet, lxw_col_t col, double width)
{
    if (width > HR_SHEET_WIDTH_MAX)
        width = HR_SHEET_WIDTH_MAX;
    if (col < HR_SHEET_MAX_COLUMNS && width > sheet->widths[col])
        sheet->widths[col] = width;
}

/* How much wider than a digit a character in format is, on average. */
static double text_scale(const hr_sheet *sheet, const lxw_format *format)
{
    const hr_sheet_formats *f = sheet->formats;

    return format == f->label || format == f->header ? BOLD_SCALE : TEXT_SCALE;
}

/* Lines a wrapped text of chars characters takes in a full-width column,
 * at most (Calibri, narrower, may need fewer). */
static unsigned wrapped_lines(size_t chars, const char *text)
{
    double per_line = (HR_SHEET_WIDTH_MAX + WIDTH_PAD) * WRAP_FILL;
    double lines = ceil((double)chars / per_line);

    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    return lines < 1 ? 1 : lines > 1000 ? 1000 : (unsigned)lines;
}

/* Makes row tall enough for lines lines of text. */
static void raise_row(hr_sheet *sheet, lxw_row_t row, unsigned lines)
{
    double height;

    if (sheet->tall_lines > 0 && sheet->tall_row == row &&
        sheet->tall_lines >= lines)
        return;
    sheet->tall_row = row;
    sheet->tall_lines = lines;
    height = fmin(lines * LINE_HEIGHT, ROW_HEIGHT_MAX);
    hr_sheet_check(sheet,
                   worksheet_set_row(sheet->worksheet, row, height, NULL));
}

/* ---- cells ----------------------------------------------------------- */

/* Writes text as a string, never a formula; long text wraps. */
void hr_sheet_text(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                   const char *text, lxw_format *format)
{
    char *copy;
    const char *safe;
    size_t chars;
    double width;
    int wraps;

    if (sheet_failed(sheet) || !text || !*text)
        return;
    safe = hr_sheet_safe_text(text, &copy, &chars);
    if (!safe) {
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    width = (double)chars * text_scale(sheet, format);
    wraps = width > HR_SHEET_WIDTH_MAX || strchr(safe, '\n') != NULL;
    if (!format)
        format = wraps ? sheet->formats->wrap : sheet->formats->text;
    hr_sheet_check(sheet, worksheet_write_string(sheet->worksheet, row, col,
                                                 safe, format));
    /* The title runs on into the empty cells to its right. */
    if (format != sheet->formats->title)
        note_width(sheet, col, width);
    if (wraps && format == sheet->formats->wrap)
        raise_row(sheet, row, wrapped_lines(chars, safe));
    free(copy);
}

/* Formats text, then writes it as hr_sheet_text() does. */
void hr_sheet_textf(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                    lxw_format *format, const char *template, ...)
{
    va_list args, again;
    int length;
    char *text;

    va_start(args, template);
    va_copy(again, args);
    length = vsnprintf(NULL, 0, template, args);
    va_end(args);
    text = length < 0 ? NULL : malloc((size_t)length + 1);
    if (text) {
        vsnprintf(text, (size_t)length + 1, template, again);
        hr_sheet_text(sheet, row, col, text, format);
    } else {
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
    va_end(again);
    free(text);
}

/* Decimals that show value to three significant figures, from one to
 * HR_SHEET_DECIMALS_MAX. */
static int significant_decimals(double value)
{
    double magnitude =
        value == 0.0 || !isfinite(value) ? 0.0 : floor(log10(fabs(value)));
    double decimals = 2.0 - magnitude;

    if (decimals < 1.0)
        return 1;
    return decimals > HR_SHEET_DECIMALS_MAX ? HR_SHEET_DECIMALS_MAX
                                            : (int)decimals;
}

/* The format and decimals a finite value is shown with. */
static lxw_format *pick_format(const hr_sheet_formats *formats,
                               hr_num_kind kind, double value, int *decimals)
{
    static const int fixed[HR_NUM_KIND_COUNT] = {
        [HR_NUM_INTEGER] = 0,
        [HR_NUM_ONE] = 1,
        [HR_NUM_TWO] = 2,
        [HR_NUM_PERCENT] = 2,
    };

    if (kind == HR_NUM_SIGNIFICANT) {
        *decimals = significant_decimals(value);
        return formats->decimals[*decimals];
    }
    *decimals = fixed[kind];
    return formats->number[kind];
}

/* Characters a value takes with decimals (as a percentage when percent),
 * for column widths. */
static size_t number_chars(double value, int decimals, int percent)
{
    char text[NUMBER_TEXT_MAX];

    hr_sheet_format_number(text, sizeof text, percent ? value * 100.0 : value,
                           decimals);
    return strlen(text) + (percent != 0);
}

/* The one place a number reaches a cell: a finite value in its format,
 * anything else as a word. */
static void write_number_or_word(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                                 double value, hr_num_kind kind,
                                 const char *word)
{
    lxw_format *format;
    int decimals;

    if (sheet_failed(sheet))
        return;
    if (!isfinite(value)) {
        hr_sheet_text(sheet, row, col, word ? word : "n/a",
                      sheet->formats->word);
        return;
    }
    format = pick_format(sheet->formats, kind, value, &decimals);
    hr_sheet_check(sheet, worksheet_write_number(sheet->worksheet, row, col,
                                                 value, format));
    note_width(sheet, col,
               (double)number_chars(value, decimals, kind == HR_NUM_PERCENT));
}

/* Writes a number, or a word for NaN and infinities. */
void hr_sheet_number(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                     double value, hr_num_kind kind, const char *word)
{
    write_number_or_word(sheet, row, col, value, kind, word);
}

/* Writes a count with thousands separators. */
void hr_sheet_count(hr_sheet *sheet, lxw_row_t row, lxw_col_t col, size_t value)
{
    write_number_or_word(sheet, row, col, (double)value, HR_NUM_INTEGER, NULL);
}

/* Writes a month number, or a word for "no month". */
void hr_sheet_month(hr_sheet *sheet, lxw_row_t row, lxw_col_t col, int month,
                    const char *word)
{
    double value = month < 0 ? HR_SHEET_NAN : (double)month;

    write_number_or_word(sheet, row, col, value, HR_NUM_INTEGER, word);
}

/* ---- headers --------------------------------------------------------- */

/* The slot recording row's title lengths, or NULL when all are used. */
static unsigned short *header_slot(hr_sheet *sheet, lxw_row_t row)
{
    for (size_t i = 0; i < sheet->header_count; i++)
        if (sheet->header_rows[i] == row)
            return sheet->header_chars[i];
    if (sheet->header_count == HR_SHEET_MAX_HEADERS)
        return NULL;
    sheet->header_rows[sheet->header_count] = row;
    return sheet->header_chars[sheet->header_count++];
}

/* Characters of the longest word of text, so a column is never narrower
 * than a word of its title. */
static size_t longest_word(const char *text)
{
    size_t longest = 0, current = 0;

    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == ' ') {
            current = 0;
            continue;
        }
        current += !is_continuation(*p);
        if (current > longest)
            longest = current;
    }
    return longest;
}

/* Writes one bold, wrapped column title and records its length. */
void hr_sheet_header_cell(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                          const char *title)
{
    unsigned short *slot;
    char *copy;
    const char *safe;
    size_t chars;

    if (sheet_failed(sheet) || !title)
        return;
    safe = hr_sheet_safe_text(title, &copy, &chars);
    if (!safe) {
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    hr_sheet_check(sheet, worksheet_write_string(sheet->worksheet, row, col,
                                                 safe, sheet->formats->header));
    note_width(sheet, col, (double)longest_word(safe) * BOLD_SCALE);
    slot = header_slot(sheet, row);
    if (slot && col < HR_SHEET_MAX_COLUMNS)
        slot[col] = chars > 0xFFFF ? 0xFFFF : (unsigned short)chars;
    free(copy);
}

/* Writes a row of column titles. */
void hr_sheet_header(hr_sheet *sheet, lxw_row_t row, const char *const *titles,
                     size_t count)
{
    for (size_t col = 0; col < count; col++)
        hr_sheet_header_cell(sheet, row, (lxw_col_t)col, titles[col]);
}

/* ---- layout ---------------------------------------------------------- */

/* Freezes, filters and repeats the header of the main table. */
void hr_sheet_table(hr_sheet *sheet, lxw_row_t header_row, lxw_row_t last_row,
                    lxw_col_t last_col, lxw_col_t freeze_cols)
{
    lxw_worksheet *ws = sheet->worksheet;

    if (sheet_failed(sheet))
        return;
    worksheet_freeze_panes(ws, header_row + 1, freeze_cols);
    if (last_row > header_row)
        hr_sheet_check(
            sheet, worksheet_autofilter(ws, header_row, 0, last_row, last_col));
    hr_sheet_check(sheet, worksheet_repeat_rows(ws, header_row, header_row));
}

/* The width given to column col, in widths of a digit. */
static double column_width(const hr_sheet *sheet, lxw_col_t col)
{
    double width = ceil(sheet->widths[col]);

    return (width < WIDTH_MIN ? WIDTH_MIN : width) + WIDTH_PAD;
}

/* Sets each header row's height to its most-wrapped title. */
static void size_header_rows(hr_sheet *sheet)
{
    for (size_t i = 0; i < sheet->header_count; i++) {
        double lines = 1;

        for (lxw_col_t col = 0; col < HR_SHEET_MAX_COLUMNS; col++) {
            double width = sheet->header_chars[i][col] * BOLD_SCALE;
            double room = WRAP_FILL * (column_width(sheet, col) - 1);
            double need = ceil(width / room);

            if (need > lines)
                lines = need;
        }
        hr_sheet_check(
            sheet,
            worksheet_set_row(sheet->worksheet, sheet->header_rows[i],
                              fmin(lines * LINE_HEIGHT, ROW_HEIGHT_MAX), NULL));
    }
}

/* Sets widths, header heights and page setup; call last. */
void hr_sheet_finish(hr_sheet *sheet)
{
    lxw_worksheet *ws = sheet->worksheet;

    if (sheet_failed(sheet))
        return;
    for (lxw_col_t col = 0; col < HR_SHEET_MAX_COLUMNS; col++)
        if (sheet->widths[col] > 0)
            hr_sheet_check(sheet, worksheet_set_column(ws, col, col,
                                                       column_width(sheet, col),
                                                       NULL));
    size_header_rows(sheet);

    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
    hr_sheet_check(sheet, worksheet_set_footer(ws, "&L&A&RPage &P of &N"));
}

/* ---- number text ----------------------------------------------------- */

/* Formats a number as "1,234.5" for text that quotes it. */
char *hr_sheet_format_number(char *buffer, size_t size, double value,
                             int decimals)
{
    char digits[NUMBER_TEXT_MAX];
    size_t integer, out = 0;

    if (size == 0)
        return buffer;
    if (!isfinite(value)) {
        snprintf(buffer, size, "n/a");
        return buffer;
    }
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(value));
    integer = strcspn(digits, ".");
    if (value < 0 && strspn(digits, "0.") < strlen(digits) && out + 1 < size)
        buffer[out++] = '-';
    for (size_t i = 0; digits[i] && out + 1 < size; i++) {
        buffer[out++] = digits[i];
        if (i + 1 < integer && (integer - i - 1) % 3 == 0 && out + 1 < size)
            buffer[out++] = ',';
    }
    buffer[out] = '\0';
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
