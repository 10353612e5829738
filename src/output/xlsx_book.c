/*
 * xlsx_book.c - the workbook side of xlsx_book.h: opening and closing a
 * workbook, the formats every sheet shares (made once, number formats on
 * demand), defined names that Excel accepts, document properties and
 * cell references.
 *
 * Colours: inputs are blue on light yellow, the usual spreadsheet-model
 * convention for "may be changed"; numbers the program computed outside
 * the sheet are dark grey on light grey; the red, amber and green looks
 * are Excel's own "Bad", "Neutral" and "Good" cell styles.
 */
#include "output/xlsx_book.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Light grey behind header titles. */
#define HEADER_FILL 0xD9D9D9

/* The looks of the cell roles: fill and font colours. */
#define INPUT_FILL 0xFFF2CC
#define INPUT_FONT 0x0000FF
#define COMPUTED_FILL 0xEDEDED
#define COMPUTED_FONT 0x404040
#define NOTE_FONT 0x595959

/* Excel's "Bad", "Neutral" and "Good" styles: fill, then font. */
static const lxw_color_t rag_colours[HR_RAG_COUNT][2] = {
    [HR_RAG_RED] = {0xFFC7CE, 0x9C0006},
    [HR_RAG_AMBER] = {0xFFEB9C, 0x9C5700},
    [HR_RAG_GREEN] = {0xC6EFCE, 0x006100},
};

/* Size of a property text after cleaning. */
#define PROPERTY_SIZE 1024

/* ---- formats --------------------------------------------------------- */

/* Gives format the look of a role. */
static void set_role(lxw_format *format, hr_cell_role role)
{
    if (role == HR_CELL_INPUT) {
        format_set_bg_color(format, INPUT_FILL);
        format_set_font_color(format, INPUT_FONT);
    } else if (role == HR_CELL_COMPUTED) {
        format_set_bg_color(format, COMPUTED_FILL);
        format_set_font_color(format, COMPUTED_FONT);
    }
}

/* A new format aligned to the top of its cell; NULL when out of memory. */
static lxw_format *top_format(hr_xlsx_book *book)
{
    lxw_format *format = workbook_add_format(book->workbook);

    if (format)
        format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
    return format;
}

/* Makes the title, header and text formats. */
static int add_text_formats(hr_xlsx_book *book)
{
    book->title = top_format(book);
    book->header = top_format(book);
    book->label = top_format(book);
    book->text = top_format(book);
    book->wrap = top_format(book);
    book->note = top_format(book);
    if (!book->title || !book->header || !book->label || !book->text ||
        !book->wrap || !book->note)
        return -1;

    format_set_bold(book->title);
    format_set_font_size(book->title, 14);
    format_set_bold(book->header);
    format_set_text_wrap(book->header);
    format_set_bg_color(book->header, HEADER_FILL);
    format_set_bottom(book->header, LXW_BORDER_THIN);
    format_set_bold(book->label);
    format_set_text_wrap(book->wrap);
    format_set_italic(book->note);
    format_set_font_color(book->note, NOTE_FONT);
    return 0;
}

/* Makes, per role, the word format and the legend swatch. */
static int add_role_formats(hr_xlsx_book *book)
{
    for (int role = 0; role < HR_CELL_ROLE_COUNT; role++) {
        book->word[role] = top_format(book);
        book->role_text[role] = top_format(book);
        if (!book->word[role] || !book->role_text[role])
            return -1;
        format_set_italic(book->word[role]);
        format_set_align(book->word[role], LXW_ALIGN_RIGHT);
        set_role(book->word[role], (hr_cell_role)role);
        set_role(book->role_text[role], (hr_cell_role)role);
        format_set_border(book->role_text[role], LXW_BORDER_HAIR);
    }
    return 0;
}

/* Makes the red, amber and green looks of conditional formats. */
static int add_rag_formats(hr_xlsx_book *book)
{
    for (int rag = 0; rag < HR_RAG_COUNT; rag++) {
        book->rag[rag] = workbook_add_format(book->workbook);
        if (!book->rag[rag])
            return -1;
        format_set_bg_color(book->rag[rag], rag_colours[rag][0]);
        format_set_font_color(book->rag[rag], rag_colours[rag][1]);
    }
    return 0;
}

/* Decimals a kind shows; HR_NUM_SIGNIFICANT takes the caller's. */
static int kind_decimals(hr_num_kind kind, int decimals)
{
    static const int fixed[HR_NUM_KIND_COUNT] = {
        [HR_NUM_INTEGER] = 0, [HR_NUM_ONE] = 1,          [HR_NUM_TWO] = 2,
        [HR_NUM_PERCENT] = 2, [HR_NUM_SIGNIFICANT] = -1,
    };
    int d = (unsigned)kind < HR_NUM_KIND_COUNT ? fixed[kind] : -1;

    if (d < 0)
        d = decimals;
    return d < 0 ? 0 : d > HR_SHEET_DECIMALS_MAX ? HR_SHEET_DECIMALS_MAX : d;
}

/* The format code of a style: "#,##0.0" and the unit in quotes. Quotes
 * and backslashes in the unit are left out, so the code stays valid. */
static void format_code(char *code, size_t size, const hr_num_style *style,
                        int decimals)
{
    int d = kind_decimals(style->kind, decimals);
    size_t used;

    if (style->kind == HR_NUM_PERCENT) {
        snprintf(code, size, "0.%.*s%%", d, "000000");
        return;
    }
    snprintf(code, size, "%s%s%.*s", style->kind == HR_NUM_TWO ? "0" : "#,##0",
             d > 0 ? "." : "", d, "000000");
    if (!style->unit || !*style->unit)
        return;
    used = strlen(code);
    code[used++] = '"';
    code[used++] = ' ';
    for (const char *p = style->unit; *p && used + 2 < size; p++)
        if (*p != '"' && *p != '\\')
            code[used++] = *p;
    code[used++] = '"';
    code[used] = '\0';
}

/* A new number format for role and code, remembered in the book. */
static lxw_format *add_number_format(hr_xlsx_book *book, hr_cell_role role,
                                     const char *code)
{
    hr_xlsx_format *grown, *entry;
    lxw_format *format;

    grown = realloc(book->formats,
                    (book->format_count + 1) * sizeof *book->formats);
    if (!grown)
        return NULL;
    book->formats = grown;
    format = top_format(book);
    entry = &book->formats[book->format_count];
    entry->code = strdup(code);
    if (!format || !entry->code) {
        free(entry->code);
        return NULL;
    }
    format_set_num_format(format, entry->code);
    set_role(format, role);
    entry->role = role;
    entry->format = format;
    book->format_count++;
    return format;
}

/* The number format of a style and decimals; see xlsx_book.h. */
lxw_format *hr_xlsx_number_format(hr_xlsx_book *book, const hr_num_style *style,
                                  int decimals)
{
    char code[160];

    format_code(code, sizeof code, style, decimals);
    for (size_t i = 0; i < book->format_count; i++)
        if (book->formats[i].role == style->role &&
            strcmp(book->formats[i].code, code) == 0)
            return book->formats[i].format;
    return add_number_format(book, style->role, code);
}

/* ---- names ----------------------------------------------------------- */

/* True for a byte Excel takes inside a name (ASCII only, to be safe in
 * every locale). */
static int name_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '.';
}

/* True when name could be read as a cell reference or a constant:
 * letters then digits ("AB12"), R1C1 forms, a lone "R" or "C", or
 * "TRUE" and "FALSE". */
static int looks_like_cell(const char *name)
{
    static const char *const reserved[] = {"R", "C", "TRUE", "FALSE"};
    size_t letters = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "abcdefghijklmnopqrstuvwxyz");
    size_t digits = strspn(name + letters, "0123456789");

    if (name[letters + digits] == '\0' && letters <= 3 && digits > 0)
        return 1;
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (strcasecmp(name, reserved[i]) == 0)
            return 1;
    return (name[0] == 'R' || name[0] == 'r') &&
           isdigit((unsigned char)name[1]);
}

/* Appends text to the name being built, mapping characters Excel does not
 * take to '_'; stops at the limit. */
static void append_name(char *name, size_t *used, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text;
         *p && *used < HR_XLSX_NAME_MAX - 16; p++) {
        if (*p >= 0x80 && (*p & 0xC0) == 0x80)
            continue; /* one '_' per non-ASCII character */
        name[(*used)++] = name_char(*p) ? (char)*p : '_';
    }
    name[*used] = '\0';
}

/* True when the book holds name already (Excel ignores case). */
static int name_taken(const hr_xlsx_book *book, const char *name)
{
    for (size_t i = 0; i < book->name_count; i++)
        if (strcasecmp(book->names[i], name) == 0)
            return 1;
    return 0;
}

/* Keeps a copy of name in the book; NULL when out of memory. */
static const char *keep_name(hr_xlsx_book *book, const char *name)
{
    char **grown =
        realloc(book->names, (book->name_count + 1) * sizeof *book->names);
    char *copy = strdup(name);

    if (grown)
        book->names = grown;
    if (!grown || !copy) {
        free(copy);
        return NULL;
    }
    book->names[book->name_count++] = copy;
    return copy;
}

/* Makes a valid, unique defined name; see xlsx_book.h. */
const char *hr_xlsx_book_name(hr_xlsx_book *book, const char *prefix,
                              const char *const *parts, size_t count)
{
    /* Room for the name, a leading '_' and a suffix "_<n>". */
    char name[HR_XLSX_NAME_SIZE], unique[HR_XLSX_NAME_SIZE + 16];
    size_t used = 0;

    name[0] = '\0';
    append_name(name, &used, prefix ? prefix : "");
    for (size_t i = 0; i < count; i++) {
        if (used > 0)
            append_name(name, &used, "_");
        append_name(name, &used, parts[i] ? parts[i] : "");
    }
    if (used == 0 || looks_like_cell(name) ||
        !(isalpha((unsigned char)name[0]) || name[0] == '_')) {
        memmove(name + 1, name, used + 1);
        name[0] = '_';
    }
    snprintf(unique, sizeof unique, "%s", name);
    for (int n = 2; name_taken(book, unique); n++)
        snprintf(unique, sizeof unique, "%s_%d", name, n);
    return keep_name(book, unique);
}

/* ---- references ------------------------------------------------------ */

/* Writes a cell reference, relative or absolute. */
char *hr_xlsx_cell(char *buffer, lxw_row_t row, lxw_col_t col, int absolute)
{
    if (absolute)
        lxw_rowcol_to_cell_abs(buffer, row, col, 1, 1);
    else
        lxw_rowcol_to_cell(buffer, row, col);
    return buffer;
}

/* 'Sheet'! in front of a reference; sheet names here never hold a
 * quote (hr_sheet_init() names sheets from fixed text). */
char *hr_xlsx_sheet_cell(char *buffer, const char *sheet, lxw_row_t row,
                         lxw_col_t col)
{
    char cell[HR_XLSX_CELL_SIZE];

    snprintf(buffer, HR_XLSX_REF_SIZE, "'%s'!%s", sheet,
             hr_xlsx_cell(cell, row, col, 1));
    return buffer;
}

/* 'Sheet'!$A$1:$B$2. */
char *hr_xlsx_sheet_range(char *buffer, const char *sheet, lxw_row_t first_row,
                          lxw_col_t first_col, lxw_row_t last_row,
                          lxw_col_t last_col)
{
    char first[HR_XLSX_CELL_SIZE], last[HR_XLSX_CELL_SIZE];

    snprintf(buffer, 2 * HR_XLSX_REF_SIZE, "'%s'!%s:%s", sheet,
             hr_xlsx_cell(first, first_row, first_col, 1),
             hr_xlsx_cell(last, last_row, last_col, 1));
    return buffer;
}

/* ---- properties ------------------------------------------------------ */

/* A cleaned copy of text in buffer, or NULL for NULL. */
static char *property(char *buffer, const char *text)
{
    if (!text)
        return NULL;
    snprintf(buffer, PROPERTY_SIZE, "%s", text);
    hr_sheet_clean_in_place(buffer);
    return buffer;
}

/* Sets the custom properties, each a cleaned name and text. */
static lxw_error set_custom(hr_xlsx_book *book,
                            const hr_xlsx_properties *properties)
{
    char name[PROPERTY_SIZE], text[PROPERTY_SIZE];
    lxw_error error = LXW_NO_ERROR;

    for (size_t i = 0; !error && i < properties->custom_count; i++) {
        const char *const *pair = properties->custom[i];

        if (!pair[0] || !pair[1])
            continue;
        error = workbook_set_custom_property_string(
            book->workbook, property(name, pair[0]), property(text, pair[1]));
    }
    return error;
}

/* Sets the document properties; see xlsx_book.h. */
hr_status hr_xlsx_book_properties(hr_xlsx_book *book,
                                  const hr_xlsx_properties *properties)
{
    char title[PROPERTY_SIZE], subject[PROPERTY_SIZE], author[PROPERTY_SIZE];
    char keywords[PROPERTY_SIZE], category[PROPERTY_SIZE];
    char comments[PROPERTY_SIZE];
    lxw_doc_properties doc = {0};

    /* Properties are plain XML text, never evaluated; they are cut to the
     * buffers and cleaned so that the XML stays well formed. */
    doc.title = property(title, properties->title);
    doc.subject = property(subject, properties->subject);
    doc.author = property(author, properties->author);
    doc.keywords = property(keywords, properties->keywords);
    doc.category = property(category, properties->category);
    doc.comments = property(comments, properties->comments);
    doc.created = properties->created;
    hr_xlsx_book_check(book, workbook_set_properties(book->workbook, &doc));
    hr_xlsx_book_check(book, set_custom(book, properties));
    return book->error == LXW_NO_ERROR ? HR_OK : HR_ERR_OUTPUT;
}

/* ---- the book -------------------------------------------------------- */

/* Keeps the first failure. */
void hr_xlsx_book_check(hr_xlsx_book *book, lxw_error error)
{
    if (book->error == LXW_NO_ERROR)
        book->error = error;
}

/* Frees what the book holds besides the libxlsxwriter workbook. */
static void release_tables(hr_xlsx_book *book)
{
    for (size_t i = 0; i < book->format_count; i++)
        free(book->formats[i].code);
    free(book->formats);
    for (size_t i = 0; i < book->name_count; i++)
        free(book->names[i]);
    free(book->names);
    memset(book, 0, sizeof *book);
}

/* Starts the workbook and makes the shared formats. */
hr_status hr_xlsx_book_open(hr_xlsx_book *book, const char *path)
{
    memset(book, 0, sizeof *book);
    if (!path)
        return HR_ERR_OUTPUT;
    book->workbook = workbook_new(path);
    if (!book->workbook)
        return HR_ERR_OUTPUT;
    if (add_text_formats(book) != 0 || add_role_formats(book) != 0 ||
        add_rag_formats(book) != 0) {
        hr_xlsx_book_discard(book);
        return HR_ERR_OUTPUT;
    }
    return HR_OK;
}

/* Frees the book without writing: libxlsxwriter writes only on close. */
void hr_xlsx_book_discard(hr_xlsx_book *book)
{
    if (!book)
        return;
    lxw_workbook_free(book->workbook);
    release_tables(book);
}

/* Writes the file (unless something failed before) and frees the book. */
hr_status hr_xlsx_book_close(hr_xlsx_book *book)
{
    lxw_error error;

    if (book->error != LXW_NO_ERROR) {
        hr_xlsx_book_discard(book);
        return HR_ERR_OUTPUT;
    }
    error = workbook_close(book->workbook);
    release_tables(book);
    return error == LXW_NO_ERROR ? HR_OK : HR_ERR_OUTPUT;
}
