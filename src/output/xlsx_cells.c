/*
 * xlsx_cells.c - the sheet side of xlsx_book.h: cells, formulas, inputs,
 * red-amber-green rules and layout.
 *
 * Text reaches a cell only through worksheet_write_string(), so a label
 * such as "=HYPERLINK(...)" stays text; a formula only through
 * hr_sheet_formula*(), whose formula text the program composes itself;
 * numbers only through write_number_or_word(), so NaN and infinities
 * become words. Column widths and row heights are worked out from what
 * was written.
 */
#include "output/xlsx_book.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Points per line of 11-point Calibri. */
#define LINE_HEIGHT 15.0

/* Narrowest column and the padding added to every width, in widths of
 * a digit (Excel's column unit). */
#define WIDTH_MIN 6
#define WIDTH_PAD 2

/* Width of an average character of text, and of bold text, in widths of
 * a digit; viewers without Calibri substitute wider fonts. */
#define TEXT_SCALE 1.1
#define BOLD_SCALE 1.25

/* Width of a character of wrapped text, plain and bold, when counting
 * lines; the share of a line that wrapped text surely fills, breaking
 * only at spaces. Measured on Gnumeric's substitute for Calibri, which
 * is wider than Calibri itself. */
#define LINE_SCALE 1.15
#define LINE_BOLD_SCALE 1.3
#define WRAP_FILL 0.9

/* Most lines a row grows to (Excel's tallest row holds 27). */
#define LINES_MAX 27

/* Printing: digit widths of columns a landscape page takes, shrunk to
 * about 40 %, before a sheet takes a second page across. */
#define PAGE_WIDTH 400

/* Characters of the longest number text a width estimate considers. */
#define NUMBER_TEXT_MAX 512

/* Longest data-validation message Excel shows. */
#define MESSAGE_MAX 255

/* ---- bookkeeping ----------------------------------------------------- */

/* Adds the worksheet and clears the bookkeeping. */
void hr_sheet_init(hr_sheet *sheet, hr_xlsx_book *book, const char *name)
{
    memset(sheet, 0, sizeof *sheet);
    sheet->book = book;
    snprintf(sheet->name, sizeof sheet->name, "%s", name);
    sheet->worksheet = workbook_add_worksheet(book->workbook, sheet->name);
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

/* Widest column col grows, in widths of a digit. */
static double width_cap(const hr_sheet *sheet, lxw_col_t col)
{
    if (col < HR_SHEET_MAX_COLUMNS && sheet->caps[col] > 0)
        return sheet->caps[col];
    return HR_SHEET_WIDTH_MAX;
}

/* Widens column col to hold width digits' worth, up to its cap. */
static void note_width(hr_sheet *sheet, lxw_col_t col, double width)
{
    if (width > width_cap(sheet, col))
        width = width_cap(sheet, col);
    if (col < HR_SHEET_MAX_COLUMNS && width > sheet->widths[col])
        sheet->widths[col] = width;
}

/* How much wider than a digit a character in format is, on average. */
static double text_scale(const hr_sheet *sheet, const lxw_format *format)
{
    const hr_xlsx_book *book = sheet->book;

    return format == book->label || format == book->header ? BOLD_SCALE
                                                           : TEXT_SCALE;
}

/* Records wrapped text in a cell, for the row height that
 * hr_sheet_finish() works out. */
static void note_wrap(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                      const char *text, size_t chars, double scale)
{
    hr_sheet_wrap *grown, *wrap;

    grown = realloc(sheet->wraps, (sheet->wrap_count + 1) * sizeof *grown);
    if (!grown) {
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    sheet->wraps = grown;
    wrap = &sheet->wraps[sheet->wrap_count++];
    wrap->row = row;
    wrap->col = col;
    wrap->chars = chars;
    wrap->scale = scale;
    wrap->breaks = 0;
    for (const char *p = text; *p; p++)
        wrap->breaks += *p == '\n';
}

/* Formats a printf template into a new string; NULL when out of memory.
 * The caller frees it. */
static char *format_text(const char *template, va_list args)
{
    va_list again;
    int length;
    char *text;

    va_copy(again, args);
    length = vsnprintf(NULL, 0, template, again);
    va_end(again);
    text = length < 0 ? NULL : malloc((size_t)length + 1);
    if (text)
        vsnprintf(text, (size_t)length + 1, template, args);
    return text;
}

/* ---- text ------------------------------------------------------------ */

/* Writes text as a string, never a formula; long text wraps. */
void hr_sheet_text(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                   const char *text, lxw_format *format)
{
    const hr_xlsx_book *book = sheet->book;
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
    wraps = width > width_cap(sheet, col) || strchr(safe, '\n') != NULL;
    if (!format)
        format = wraps ? book->wrap : book->text;
    hr_sheet_check(sheet, worksheet_write_string(sheet->worksheet, row, col,
                                                 safe, format));
    /* The title and notes run on into the empty cells to their right. */
    if (format != book->title && format != book->note)
        note_width(sheet, col, width);
    if (wraps && format == book->wrap)
        note_wrap(sheet, row, col, safe, chars, LINE_SCALE);
    free(copy);
}

/* Formats text, then writes it as hr_sheet_text() does. */
void hr_sheet_textf(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                    lxw_format *format, const char *template, ...)
{
    va_list args;
    char *text;

    va_start(args, template);
    text = format_text(template, args);
    va_end(args);
    if (text)
        hr_sheet_text(sheet, row, col, text, format);
    else
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
    free(text);
}

/* Bytes of the next line of text: at most line_chars characters,
 * ending before a space when there is one to break at. */
static size_t line_bytes(const char *text, size_t line_chars)
{
    size_t bytes = 0, chars = 0, last_space = 0;

    while (text[bytes] && text[bytes] != '\n') {
        unsigned char c = (unsigned char)text[bytes];

        if ((c & 0xC0) != 0x80) {
            if (chars == line_chars)
                return last_space ? last_space : bytes;
            chars++;
        }
        if (c == ' ')
            last_space = bytes;
        bytes++;
    }
    return bytes;
}

/* Writes text broken into lines, one a row; see xlsx_book.h. */
lxw_row_t hr_sheet_paragraph(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                             size_t line_chars, const char *text,
                             lxw_format *format)
{
    char *copy, *line;
    const char *safe, *p;
    size_t chars;

    if (sheet_failed(sheet) || !text || !*text)
        return row;
    safe = hr_sheet_safe_text(text, &copy, &chars);
    line = safe ? malloc(strlen(safe) + 1) : NULL;
    if (!line) {
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
        free(copy);
        return row;
    }
    if (!format)
        format = sheet->book->text;
    for (p = safe; *p;) {
        size_t n = line_bytes(p, line_chars ? line_chars : chars);

        memcpy(line, p, n);
        line[n] = '\0';
        if (n > 0)
            hr_sheet_check(sheet, worksheet_write_string(sheet->worksheet, row,
                                                         col, line, format));
        row++;
        p += n;
        p += *p == ' ' || *p == '\n';
    }
    free(line);
    free(copy);
    return row;
}

/* Writes a remark in the note look. */
lxw_row_t hr_sheet_note(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                        size_t line_chars, const char *text)
{
    return hr_sheet_paragraph(sheet, row, col, line_chars, text,
                              sheet->book->note);
}

/* ---- numbers --------------------------------------------------------- */

/* Decimals that show value to three significant figures, none from 100
 * up and at most HR_SHEET_DECIMALS_MAX. */
static int significant_decimals(double value)
{
    double magnitude =
        value == 0.0 || !isfinite(value) ? 0.0 : floor(log10(fabs(value)));
    double decimals = 2.0 - magnitude;

    if (decimals < 0.0)
        return 0;
    return decimals > HR_SHEET_DECIMALS_MAX ? HR_SHEET_DECIMALS_MAX
                                            : (int)decimals;
}

/* Decimals a finite value is shown with in style. */
static int style_decimals(const hr_num_style *style, double value)
{
    switch (style->kind) {
    case HR_NUM_INTEGER:
        return 0;
    case HR_NUM_ONE:
        return 1;
    case HR_NUM_SIGNIFICANT:
        return significant_decimals(value);
    default:
        return 2;
    }
}

/* Characters a value takes in style, for column widths. */
static double number_width(const hr_num_style *style, double value,
                           int decimals)
{
    char text[NUMBER_TEXT_MAX];
    int percent = style->kind == HR_NUM_PERCENT;
    size_t unit = style->unit && *style->unit ? strlen(style->unit) + 1 : 0;

    hr_sheet_format_number(text, sizeof text, percent ? value * 100.0 : value,
                           decimals);
    return (double)(strlen(text) + (size_t)percent + unit);
}

/* Writes a word in the word look of role; the column fits it. */
static void write_word(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                       const char *word, hr_cell_role role)
{
    hr_sheet_text(sheet, row, col, word ? word : "n/a",
                  sheet->book->word[role]);
}

/* The one place a number reaches a cell: a finite value in its format,
 * anything else as a word. */
static void write_number_or_word(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                                 double value, const hr_num_style *style,
                                 const char *word)
{
    lxw_format *format;
    int decimals;

    if (sheet_failed(sheet))
        return;
    if (!isfinite(value)) {
        write_word(sheet, row, col, word, style->role);
        return;
    }
    decimals = style_decimals(style, value);
    format = hr_xlsx_number_format(sheet->book, style, decimals);
    if (!format) {
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    hr_sheet_check(sheet, worksheet_write_number(sheet->worksheet, row, col,
                                                 value, format));
    note_width(sheet, col, number_width(style, value, decimals));
}

/* Writes a plain number, or a word for NaN and infinities. */
void hr_sheet_number(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                     double value, hr_num_kind kind, const char *word)
{
    hr_num_style style = {kind, HR_CELL_PLAIN, NULL};

    write_number_or_word(sheet, row, col, value, &style, word);
}

/* Writes a number in a style, or a word for NaN and infinities. */
void hr_sheet_value(hr_sheet *sheet, lxw_row_t row, lxw_col_t col, double value,
                    const hr_num_style *style, const char *word)
{
    write_number_or_word(sheet, row, col, value, style, word);
}

/* Writes a count with thousands separators. */
void hr_sheet_count(hr_sheet *sheet, lxw_row_t row, lxw_col_t col, size_t value)
{
    hr_sheet_number(sheet, row, col, (double)value, HR_NUM_INTEGER, NULL);
}

/* Writes a month number, or a word for "no month". */
void hr_sheet_month(hr_sheet *sheet, lxw_row_t row, lxw_col_t col, int month,
                    const char *word)
{
    double value = month < 0 ? HR_SHEET_NAN : (double)month;

    hr_sheet_number(sheet, row, col, value, HR_NUM_INTEGER, word);
}

/* ---- formulas -------------------------------------------------------- */

/* "=" and the formatted template, within Excel's length; NULL (with the
 * sheet's error set) when it cannot be made. The caller frees it. */
static char *make_formula(hr_sheet *sheet, const char *template, va_list args)
{
    char *body = format_text(template, args);
    char *formula;

    if (!body) {
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    if (strlen(body) >= HR_XLSX_FORMULA_MAX) {
        hr_sheet_check(sheet, LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED);
        free(body);
        return NULL;
    }
    formula = malloc(strlen(body) + 2);
    if (formula) {
        formula[0] = '=';
        strcpy(formula + 1, body);
    } else {
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
    free(body);
    return formula;
}

/* Writes formula with a cached text result in format. */
static void write_formula_word(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                               const char *formula, const char *word,
                               lxw_format *format)
{
    char *copy;
    size_t chars;
    const char *safe = hr_sheet_safe_text(word, &copy, &chars);

    if (!safe) {
        hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    hr_sheet_check(sheet,
                   worksheet_write_formula_str(sheet->worksheet, row, col,
                                               formula, format, safe));
    note_width(sheet, col, (double)chars * TEXT_SCALE);
    free(copy);
}

/* Writes a formula with its cached number or word; see xlsx_book.h. */
void hr_sheet_formula(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                      double cached, const hr_num_style *style,
                      const char *word, const char *template, ...)
{
    lxw_format *format;
    va_list args;
    char *formula;
    int decimals;

    if (sheet_failed(sheet))
        return;
    va_start(args, template);
    formula = make_formula(sheet, template, args);
    va_end(args);
    if (!formula)
        return;
    if (!isfinite(cached)) {
        write_formula_word(sheet, row, col, formula, word ? word : "n/a",
                           sheet->book->word[style->role]);
    } else {
        decimals = style_decimals(style, cached);
        format = hr_xlsx_number_format(sheet->book, style, decimals);
        if (!format)
            hr_sheet_check(sheet, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else
            hr_sheet_check(sheet, worksheet_write_formula_num(sheet->worksheet,
                                                              row, col, formula,
                                                              format, cached));
        note_width(sheet, col, number_width(style, cached, decimals));
    }
    free(formula);
}

/* Writes a formula whose result is text, with that text cached. */
void hr_sheet_formula_text(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                           const char *cached, const char *template, ...)
{
    va_list args;
    char *formula;

    if (sheet_failed(sheet))
        return;
    va_start(args, template);
    formula = make_formula(sheet, template, args);
    va_end(args);
    if (formula)
        write_formula_word(sheet, row, col, formula, cached ? cached : "",
                           sheet->book->text);
    free(formula);
}

/* ---- inputs and names ------------------------------------------------ */

/* Names a cell of the sheet. */
void hr_sheet_define_name(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                          const char *name)
{
    char target[HR_XLSX_REF_SIZE + 1];

    if (sheet_failed(sheet) || !name)
        return;
    target[0] = '=';
    hr_xlsx_sheet_cell(target + 1, sheet->name, row, col);
    hr_sheet_check(sheet,
                   workbook_define_name(sheet->book->workbook, name, target));
}

/* Adds a data validation that refuses what rule does not allow. */
static void add_validation(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                           const hr_input_rule *rule)
{
    static const uint8_t criteria[] = {
        [HR_INPUT_AT_LEAST] = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
        [HR_INPUT_ABOVE] = LXW_VALIDATION_CRITERIA_GREATER_THAN,
        [HR_INPUT_BETWEEN] = LXW_VALIDATION_CRITERIA_BETWEEN,
        [HR_INPUT_WHOLE] = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
    };
    char message[MESSAGE_MAX + 1], title[] = "Not allowed";
    lxw_data_validation validation = {0};

    snprintf(message, sizeof message, "%s",
             hr_sheet_or(rule->message, "this value is out of range"));
    hr_sheet_clean_in_place(message);
    validation.validate = rule->kind == HR_INPUT_WHOLE
                              ? LXW_VALIDATION_TYPE_INTEGER
                              : LXW_VALIDATION_TYPE_DECIMAL;
    validation.criteria = criteria[rule->kind];
    validation.value_number = rule->min;
    validation.minimum_number = rule->min;
    validation.maximum_number = rule->max;
    validation.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    validation.error_title = title;
    validation.error_message = message;
    hr_sheet_check(sheet, worksheet_data_validation_cell(sheet->worksheet, row,
                                                         col, &validation));
}

/* Writes a named, validated input; see xlsx_book.h. */
void hr_sheet_input(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                    const char *name, double value, const hr_num_style *style,
                    const hr_input_rule *rule)
{
    hr_num_style input = *style;

    input.role = HR_CELL_INPUT;
    write_number_or_word(sheet, row, col, value, &input, NULL);
    hr_sheet_define_name(sheet, row, col, name);
    if (rule && !sheet_failed(sheet))
        add_validation(sheet, row, col, rule);
}

/* ---- red, amber, green ----------------------------------------------- */

/* Colours the block's cells equal to word. */
static void rag_word(hr_sheet *sheet, lxw_row_t first_row, lxw_col_t first_col,
                     lxw_row_t last_row, lxw_col_t last_col, const char *word,
                     hr_rag colour)
{
    lxw_conditional_format rule = {0};
    char quoted[256];
    size_t used = 0;

    /* A string criterion is a quoted formula constant: quotes doubled. */
    quoted[used++] = '"';
    for (const char *p = word; *p && used + 4 < sizeof quoted; p++) {
        quoted[used++] = *p;
        if (*p == '"')
            quoted[used++] = '"';
    }
    quoted[used++] = '"';
    quoted[used] = '\0';
    rule.type = LXW_CONDITIONAL_TYPE_CELL;
    rule.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    rule.value_string = quoted;
    rule.format = sheet->book->rag[colour];
    hr_sheet_check(sheet, worksheet_conditional_format_range(
                              sheet->worksheet, first_row, first_col, last_row,
                              last_col, &rule));
}

/* Colours the rows whose key cell is word: a formula rule over the
 * block, the key column absolute and the row relative to its first. */
void hr_sheet_rag_rows(hr_sheet *sheet, lxw_row_t first_row, lxw_row_t last_row,
                       lxw_col_t last_col, lxw_col_t key_col, const char *word,
                       hr_rag colour)
{
    lxw_conditional_format rule = {0};
    char key[HR_XLSX_REF_SIZE], formula[320];
    size_t used;

    if (sheet_failed(sheet))
        return;
    /* "$K2" from "K2": the column fixed, the row following the rule. */
    key[0] = '$';
    hr_xlsx_cell(key + 1, first_row, key_col, 0);
    used = (size_t)snprintf(formula, sizeof formula, "=%s=\"", key);
    for (const char *p = word; *p && used + 4 < sizeof formula; p++) {
        formula[used++] = *p;
        if (*p == '"')
            formula[used++] = '"';
    }
    formula[used++] = '"';
    formula[used] = '\0';
    rule.type = LXW_CONDITIONAL_TYPE_FORMULA;
    rule.value_string = formula;
    rule.format = sheet->book->rag[colour];
    hr_sheet_check(
        sheet, worksheet_conditional_format_range(
                   sheet->worksheet, first_row, 0, last_row, last_col, &rule));
}

/* Colours cells holding one of the words. */
void hr_sheet_rag_words(hr_sheet *sheet, lxw_row_t first_row,
                        lxw_col_t first_col, lxw_row_t last_row,
                        lxw_col_t last_col, const char *const *words,
                        const hr_rag *colours, size_t count)
{
    for (size_t i = 0; i < count && !sheet_failed(sheet); i++)
        rag_word(sheet, first_row, first_col, last_row, last_col, words[i],
                 colours[i]);
}

/* Colours a count: green at 0, red (or amber) above. */
void hr_sheet_rag_count(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                        int amber_only)
{
    lxw_conditional_format rule = {0};

    if (sheet_failed(sheet))
        return;
    rule.type = LXW_CONDITIONAL_TYPE_CELL;
    rule.criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN;
    rule.value = 0;
    rule.format = sheet->book->rag[amber_only ? HR_RAG_AMBER : HR_RAG_RED];
    hr_sheet_check(sheet, worksheet_conditional_format_cell(sheet->worksheet,
                                                            row, col, &rule));
    rule.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    rule.format = sheet->book->rag[HR_RAG_GREEN];
    hr_sheet_check(sheet, worksheet_conditional_format_cell(sheet->worksheet,
                                                            row, col, &rule));
}

/* Writes the legend of cell roles. */
lxw_row_t hr_sheet_legend(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                          const char *program)
{
    const hr_xlsx_book *book = sheet->book;
    lxw_format *flow = sheet->book->text;
    char computed[256];

    hr_sheet_text(sheet, row, col, "input", book->role_text[HR_CELL_INPUT]);
    hr_sheet_paragraph(sheet, row++, col + 1, 0,
                       "inputs: may be changed; the formulas that use them "
                       "follow",
                       flow);
    hr_sheet_text(sheet, row, col, "formula", book->role_text[HR_CELL_PLAIN]);
    hr_sheet_paragraph(sheet, row++, col + 1, 0,
                       "formulas and data: a formula recalculates from the "
                       "inputs",
                       flow);
    hr_sheet_text(sheet, row, col, "computed",
                  book->role_text[HR_CELL_COMPUTED]);
    snprintf(computed, sizeof computed,
             "computed by %s, not a formula: it does not follow edits (a "
             "note by each such column says how it was made)",
             program ? program : "the program");
    hr_sheet_paragraph(sheet, row++, col + 1, 0, computed, flow);
    return row;
}

/* ---- headers --------------------------------------------------------- */

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
        current += (*p & 0xC0) != 0x80;
        if (current > longest)
            longest = current;
    }
    return longest;
}

/* Writes one bold, wrapped column title and records its length. */
void hr_sheet_header_cell(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                          const char *title)
{
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
                                                 safe, sheet->book->header));
    note_width(sheet, col, (double)longest_word(safe) * BOLD_SCALE);
    note_wrap(sheet, row, col, safe, chars, LINE_BOLD_SCALE);
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

/* Caps a column's width. */
void hr_sheet_cap_width(hr_sheet *sheet, lxw_col_t col, double width)
{
    if (col < HR_SHEET_MAX_COLUMNS)
        sheet->caps[col] = width;
}

/* Prints on one page. */
void hr_sheet_fit_one_page(hr_sheet *sheet)
{
    sheet->one_page = 1;
}

/* The width given to column col, in widths of a digit. */
static double column_width(const hr_sheet *sheet, lxw_col_t col)
{
    double width = col < HR_SHEET_MAX_COLUMNS ? ceil(sheet->widths[col]) : 0;

    if (col < HR_SHEET_MAX_COLUMNS && sheet->widths[col] == 0)
        return LXW_DEF_COL_WIDTH;
    return (width < WIDTH_MIN ? WIDTH_MIN : width) + WIDTH_PAD;
}

/* Lines a wrapped text takes in its column: one when it fits, else its
 * characters over the share of a line that wrapping fills. */
static unsigned wrap_lines(const hr_sheet *sheet, const hr_sheet_wrap *wrap)
{
    double room = column_width(sheet, wrap->col) - 1.0;
    double need = (double)wrap->chars * wrap->scale, lines;

    lines = need <= room ? 1.0 : ceil(need / (room * WRAP_FILL));
    lines += wrap->breaks;
    return lines > LINES_MAX ? LINES_MAX : (unsigned)lines;
}

/* Orders wrapped texts by row. */
static int by_row(const void *a, const void *b)
{
    lxw_row_t ra = ((const hr_sheet_wrap *)a)->row;
    lxw_row_t rb = ((const hr_sheet_wrap *)b)->row;

    return ra < rb ? -1 : ra > rb;
}

/* Gives each row holding wrapped text the height of its tallest. */
static void size_rows(hr_sheet *sheet)
{
    size_t i = 0;

    if (sheet->wrap_count > 1)
        qsort(sheet->wraps, sheet->wrap_count, sizeof *sheet->wraps, by_row);
    while (i < sheet->wrap_count) {
        lxw_row_t row = sheet->wraps[i].row;
        unsigned lines = 1;

        for (; i < sheet->wrap_count && sheet->wraps[i].row == row; i++) {
            unsigned n = wrap_lines(sheet, &sheet->wraps[i]);

            if (n > lines)
                lines = n;
        }
        if (lines > 1)
            hr_sheet_check(sheet, worksheet_set_row(sheet->worksheet, row,
                                                    lines * LINE_HEIGHT, NULL));
    }
}

/* Landscape, one page across (more for a very wide sheet) or one page in
 * all; a footer. Key columns are not repeated across pages: Gnumeric
 * cannot read print titles of both rows and columns. */
static void set_printing(hr_sheet *sheet)
{
    lxw_worksheet *ws = sheet->worksheet;
    double total = 0.0;
    unsigned pages;

    for (lxw_col_t col = 0; col < HR_SHEET_MAX_COLUMNS; col++)
        if (sheet->widths[col] > 0)
            total += column_width(sheet, col);
    pages = (unsigned)ceil(total / PAGE_WIDTH);
    worksheet_set_landscape(ws);
    if (sheet->one_page)
        worksheet_fit_to_pages(ws, 1, 1);
    else
        worksheet_fit_to_pages(ws, (uint16_t)(pages > 1 ? pages : 1), 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
    hr_sheet_check(sheet, worksheet_set_footer(ws, "&L&A&RPage &P of &N"));
}

/* Sets widths, row heights and page setup; frees the bookkeeping. */
void hr_sheet_finish(hr_sheet *sheet)
{
    if (!sheet_failed(sheet)) {
        for (lxw_col_t col = 0; col < HR_SHEET_MAX_COLUMNS; col++)
            if (sheet->widths[col] > 0)
                hr_sheet_check(sheet, worksheet_set_column(
                                          sheet->worksheet, col, col,
                                          column_width(sheet, col), NULL));
        size_rows(sheet);
        set_printing(sheet);
    }
    free(sheet->wraps);
    sheet->wraps = NULL;
    sheet->wrap_count = 0;
}
