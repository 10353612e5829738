/*
 * xlsx_book.h - a small layer over libxlsxwriter for workbooks that a
 * reader may change and that a spreadsheet engine can check.
 *
 * The capacity-plan workbook (workbook.c, sheet_*.c) is written with it,
 * and so is any later workbook (a monthly SLA report, say): nothing here
 * knows about plans. It gives
 *  - the book (hr_xlsx_book): formats made once, three looks for three
 *    roles of a cell (an input the reader may change, a formula, a number
 *    computed outside the sheet), number formats with units, defined
 *    names that are valid and unique, document properties;
 *  - the sheet (hr_sheet): text only ever as a string, never a formula,
 *    cut to the cell limit with a mark and repaired to UTF-8; a number,
 *    or a word where the number is NaN or infinite; a formula with the
 *    value the program computed cached beside it (a number or a word);
 *    named inputs with data validation; red-amber-green rules; column
 *    widths fitted to what was written; frozen, filtered, printable
 *    tables.
 * Every write keeps the first libxlsxwriter error on the sheet and skips
 * the rest, so a writer checks hr_sheet_status() once at the end.
 */
#ifndef HEADROOM_OUTPUT_XLSX_BOOK_H
#define HEADROOM_OUTPUT_XLSX_BOOK_H

#include <math.h>
#include <stddef.h>
#include <time.h>
#include <xlsxwriter.h>

#include "headroom/error.h"

/* Excel's limit on the characters of one cell. */
#define HR_SHEET_CELL_MAX 32767

/* What a cut string ends with; counted within HR_SHEET_CELL_MAX. */
#define HR_SHEET_CUT_MARK "\xE2\x80\xA6[cut]"

/* Columns whose widths are tracked; later columns keep Excel's default. */
#define HR_SHEET_MAX_COLUMNS 256

/* Widest a column grows, in widths of a digit; longer text wraps. */
#define HR_SHEET_WIDTH_MAX 60

/* Longest defined name Excel takes, and a buffer that holds one. */
#define HR_XLSX_NAME_MAX 255
#define HR_XLSX_NAME_SIZE (HR_XLSX_NAME_MAX + 1)

/* Longest formula Excel takes, in characters. */
#define HR_XLSX_FORMULA_MAX 8192

/* Room for one absolute cell reference such as $XFD$1048576. */
#define HR_XLSX_CELL_SIZE 24

/* Room for a cell reference such as 'Sheet name'!$XFD$1048576. */
#define HR_XLSX_REF_SIZE 80

/* Elements of an array. */
#define HR_SHEET_COUNT(array) (sizeof(array) / sizeof *(array))

/* A missing number (NAN as a double), written as a word. */
#define HR_SHEET_NAN ((double)NAN)

/* How a number is shown. */
typedef enum hr_num_kind {
    HR_NUM_INTEGER,     /* #,##0 */
    HR_NUM_ONE,         /* #,##0.0 */
    HR_NUM_TWO,         /* 0.00 */
    HR_NUM_PERCENT,     /* 0.00% (the cell holds a fraction) */
    HR_NUM_SIGNIFICANT, /* 3 significant figures, 0 to 6 decimals */
    HR_NUM_KIND_COUNT
} hr_num_kind;

/* Most decimals HR_NUM_SIGNIFICANT shows. */
#define HR_SHEET_DECIMALS_MAX 6

/* What a cell is to the reader; each role has its own look, explained by
 * hr_sheet_legend(). */
typedef enum hr_cell_role {
    HR_CELL_PLAIN,    /* data and formulas: black on white */
    HR_CELL_INPUT,    /* an input the reader may change: blue on yellow */
    HR_CELL_COMPUTED, /* computed by the program, not a formula: grey */
    HR_CELL_ROLE_COUNT
} hr_cell_role;

/* How a number cell looks: its kind, its role and a unit shown after the
 * number by the number format (NULL or "" for none). */
typedef struct hr_num_style {
    hr_num_kind kind;
    hr_cell_role role;
    const char *unit;
} hr_num_style;

/* Traffic-light colours of a verdict. */
typedef enum hr_rag {
    HR_RAG_RED,
    HR_RAG_AMBER,
    HR_RAG_GREEN,
    HR_RAG_COUNT
} hr_rag;

/* A number format made for one role and format code. */
typedef struct hr_xlsx_format {
    hr_cell_role role;
    char *code;
    lxw_format *format;
} hr_xlsx_format;

/* An open workbook with its formats and defined names. */
typedef struct hr_xlsx_book {
    lxw_workbook *workbook;
    lxw_error error; /* first failure, or 0 */
    lxw_format *title;
    lxw_format *header;
    lxw_format *label; /* bold text in key/value lists */
    lxw_format *text;
    lxw_format *wrap;
    lxw_format *note;                          /* grey italic wrapped remarks */
    lxw_format *word[HR_CELL_ROLE_COUNT];      /* "n/a": italic, right */
    lxw_format *role_text[HR_CELL_ROLE_COUNT]; /* legend swatches */
    lxw_format *rag[HR_RAG_COUNT];             /* conditional-format looks */
    hr_xlsx_format *formats;                   /* number formats made so far */
    size_t format_count;
    char **names; /* defined names taken so far */
    size_t name_count;
} hr_xlsx_book;

/* Document properties; NULL fields are left out. created is stamped as
 * the creation time (pass SOURCE_DATE_EPOCH for reproducible files). */
typedef struct hr_xlsx_properties {
    const char *title;
    const char *subject;
    const char *author;
    const char *keywords;
    const char *category;
    const char *comments;
    time_t created;
    const char *const (*custom)[2]; /* name, text pairs */
    size_t custom_count;
} hr_xlsx_properties;

/* A cell of wrapped text, whose row height is worked out once the
 * column widths are known. */
typedef struct hr_sheet_wrap {
    lxw_row_t row;
    lxw_col_t col;
    size_t chars;    /* characters of the text */
    unsigned breaks; /* line breaks in the text */
    double scale;    /* character width, in digits */
} hr_sheet_wrap;

/* One worksheet being written, with what is known about its layout. */
typedef struct hr_sheet {
    lxw_worksheet *worksheet;
    hr_xlsx_book *book;
    char name[32];                       /* the sheet's name */
    lxw_error error;                     /* first failure, or 0 */
    double widths[HR_SHEET_MAX_COLUMNS]; /* in widths of a digit */
    hr_sheet_wrap *wraps;                /* wrapped texts; freed by finish */
    size_t wrap_count;
    double caps[HR_SHEET_MAX_COLUMNS]; /* widest a column grows; 0 none */
    int one_page;                      /* 1: print on one page */
} hr_sheet;

/* What an input cell accepts; Excel refuses other entries with the
 * message. */
typedef enum hr_input_kind {
    HR_INPUT_AT_LEAST, /* a number >= min */
    HR_INPUT_ABOVE,    /* a number > min */
    HR_INPUT_BETWEEN,  /* a number in [min, max] */
    HR_INPUT_WHOLE     /* a whole number >= min */
} hr_input_kind;

typedef struct hr_input_rule {
    hr_input_kind kind;
    double min;
    double max;
    const char *message; /* shown when an entry is refused, < 256 chars */
} hr_input_rule;

/* ---- the book ------------------------------------------------------- */

/* Starts a workbook that will be written to path on close; makes every
 * format. HR_ERR_OUTPUT (with nothing to free) when it cannot. */
hr_status hr_xlsx_book_open(hr_xlsx_book *book, const char *path);

/* Writes the file and frees the book. HR_ERR_OUTPUT when this or any
 * earlier step failed; the book is freed either way. */
hr_status hr_xlsx_book_close(hr_xlsx_book *book);

/* Frees the book without writing anything. */
void hr_xlsx_book_discard(hr_xlsx_book *book);

/* Records a libxlsxwriter result on the book; keeps the first failure. */
void hr_xlsx_book_check(hr_xlsx_book *book, lxw_error error);

/* Sets the document properties; text is cleaned to fit XML. */
hr_status hr_xlsx_book_properties(hr_xlsx_book *book,
                                  const hr_xlsx_properties *properties);

/*
 * Makes a defined name from a prefix and parts joined by '_': every
 * character Excel does not take in a name becomes '_', a name that could
 * be read as a cell reference gets a leading '_', a long name is cut, and
 * a name already taken (Excel ignores case) gets "_2", "_3", ... Returns
 * the name, owned by the book, or NULL when out of memory.
 */
const char *hr_xlsx_book_name(hr_xlsx_book *book, const char *prefix,
                              const char *const *parts, size_t count);

/* The format for a number of style, shown with decimals (which the kind
 * fixes, except HR_NUM_SIGNIFICANT). NULL when it cannot be made. */
lxw_format *hr_xlsx_number_format(hr_xlsx_book *book, const hr_num_style *style,
                                  int decimals);

/* ---- references ------------------------------------------------------ */

/* "C5" for row 4, column 2; absolute adds '$'. Returns buffer (at least
 * HR_XLSX_REF_SIZE bytes). */
char *hr_xlsx_cell(char *buffer, lxw_row_t row, lxw_col_t col, int absolute);

/* "'Sheet'!$C$5" (absolute) for a cell of another sheet. */
char *hr_xlsx_sheet_cell(char *buffer, const char *sheet, lxw_row_t row,
                         lxw_col_t col);

/* "'Sheet'!$C$5:$C$9" for a block of another sheet. */
char *hr_xlsx_sheet_range(char *buffer, const char *sheet, lxw_row_t first_row,
                          lxw_col_t first_col, lxw_row_t last_row,
                          lxw_col_t last_col);

/* ---- text ------------------------------------------------------------ */

/*
 * Returns text made safe for a cell: valid UTF-8 (each bad byte becomes
 * U+FFFD) of at most HR_SHEET_CELL_MAX characters, a longer text cut so
 * that it ends with HR_SHEET_CUT_MARK. Returns text itself when it is
 * already safe, else a copy in *copy that the caller frees; NULL only when
 * the copy cannot be allocated. *chars gets the length in characters.
 */
const char *hr_sheet_safe_text(const char *text, char **copy, size_t *chars);

/* Makes text in place fit for XML outside cells (document properties):
 * control characters become spaces and bad UTF-8 bytes '?'. */
void hr_sheet_clean_in_place(char *text);

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

/* Formats a number with thousands separators and the given decimals into
 * buffer ("n/a" when not finite). Returns buffer. */
char *hr_sheet_format_number(char *buffer, size_t size, double value,
                             int decimals);

/* ---- the sheet ------------------------------------------------------- */

/* Adds a worksheet named name (at most 31 characters) and prepares the
 * sheet around it; a refusal is kept as the sheet's error. */
void hr_sheet_init(hr_sheet *sheet, hr_xlsx_book *book, const char *name);

/* HR_OK, or HR_ERR_OUTPUT when any write on the sheet failed. */
hr_status hr_sheet_status(const hr_sheet *sheet);

/* Records a libxlsxwriter result; keeps the first failure. */
void hr_sheet_check(hr_sheet *sheet, lxw_error error);

/* Writes text as a string cell (NULL or "" leaves the cell blank).
 * format NULL picks plain text, or wrapped text when it is long. */
void hr_sheet_text(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                   const char *text, lxw_format *format);

/* Writes printf-style text as a string cell, as hr_sheet_text(). */
void hr_sheet_textf(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                    lxw_format *format, const char *template, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Writes text from column col of row down, broken at spaces into lines
 * of at most line_chars characters, one line a row; each line runs on
 * into the empty cells to its right and leaves the column widths alone.
 * (Merged, wrapped cells would do the same, but Gnumeric fails to draw
 * merged cells on a sheet with conditional formats.) format NULL is plain
 * text. Returns the row after the last line.
 */
lxw_row_t hr_sheet_paragraph(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                             size_t line_chars, const char *text,
                             lxw_format *format);

/* A paragraph in the grey italic note look (e.g. how a column was
 * made). */
lxw_row_t hr_sheet_note(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                        size_t line_chars, const char *text);

/* Writes a plain number in the given format, or word when value is NaN
 * or infinite (word NULL means "n/a"). Never writes a non-finite
 * number. */
void hr_sheet_number(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                     double value, hr_num_kind kind, const char *word);

/* Writes a number in a style (role and unit), or word as above. */
void hr_sheet_value(hr_sheet *sheet, lxw_row_t row, lxw_col_t col, double value,
                    const hr_num_style *style, const char *word);

/* Writes a count in the integer format. */
void hr_sheet_count(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                    size_t value);

/* Writes a month number, or word when month is negative. */
void hr_sheet_month(hr_sheet *sheet, lxw_row_t row, lxw_col_t col, int month,
                    const char *word);

/*
 * Writes a formula (printf-style, without the leading '=') with the value
 * the program computed for it cached, so the cell shows a number even
 * where nothing recalculates: a finite cached value in style's format,
 * else word ("n/a" when NULL) as the cached text, in the word format.
 * The formula must give that word where the program has no number.
 */
void hr_sheet_formula(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                      double cached, const hr_num_style *style,
                      const char *word, const char *template, ...)
    __attribute__((format(printf, 7, 8)));

/* Writes a formula whose result is text (e.g. a verdict word), with that
 * text cached. */
void hr_sheet_formula_text(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                           const char *cached, const char *template, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Writes an input the reader may change: value in the input look (a word
 * when not finite), the cell named name (when not NULL) so that formulas
 * can refer to it, and a data validation that refuses what rule does not
 * allow (no validation when rule is NULL).
 */
void hr_sheet_input(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                    const char *name, double value, const hr_num_style *style,
                    const hr_input_rule *rule);

/* Names a cell of the sheet (a formula or computed value others use). */
void hr_sheet_define_name(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                          const char *name);

/* Colours cells of first_row..last_row x first_col..last_col whose text
 * is one of words[i] with colours[i] (count pairs). */
void hr_sheet_rag_words(hr_sheet *sheet, lxw_row_t first_row,
                        lxw_col_t first_col, lxw_row_t last_row,
                        lxw_col_t last_col, const char *const *words,
                        const hr_rag *colours, size_t count);

/* Colours whole rows of first_row..last_row x 0..last_col whose cell in
 * key_col is word (e.g. the row of a table to look at first). */
void hr_sheet_rag_rows(hr_sheet *sheet, lxw_row_t first_row, lxw_row_t last_row,
                       lxw_col_t last_col, lxw_col_t key_col, const char *word,
                       hr_rag colour);

/* Colours a count: 0 is green, more is bad (red, or amber when
 * amber_only). */
void hr_sheet_rag_count(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                        int amber_only);

/* Writes the three roles' swatches in column col with what each means
 * beside them, one a row from row down; program names what computed the
 * grey cells. Returns the row after them. */
lxw_row_t hr_sheet_legend(hr_sheet *sheet, lxw_row_t row, lxw_col_t col,
                          const char *program);

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

/* Caps column col at width digits: longer text in it wraps. Call before
 * writing to the column. */
void hr_sheet_cap_width(hr_sheet *sheet, lxw_col_t col, double width);

/* Prints the whole sheet on one page (e.g. a page of charts) instead of
 * fitting it to the page width only. */
void hr_sheet_fit_one_page(hr_sheet *sheet);

/* Sets column widths from what was written and row heights from the
 * wrapped text in them, and sets up printing: landscape, fitted to the
 * page width (two or more pages across for a sheet too wide to read on
 * one), sheet name and page number in the footer. Call last, always: it
 * frees the sheet's bookkeeping. */
void hr_sheet_finish(hr_sheet *sheet);

#endif
