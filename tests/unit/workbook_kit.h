/*
 * workbook_kit.h - helpers shared by the workbook tests (test_workbook.c
 * and test_workbook_recalc.c): a plan and its workbook built once, sheets
 * read back through Gnumeric's ssconvert as CSV, parts of the xlsx zip read
 * with unzip, and the cells of a sheet's XML with their formulas and
 * cached values.
 *
 * The plan is models/doctrina.yaml with a small measured sample set:
 * labels judged against targets, formula look-alikes ("=HYPERLINK(...)",
 * "+1+1", "@SUM(1)", "-1+2") that must stay text, a label of 40,000
 * characters that must be cut with a mark, and labels without timestamps
 * whose throughput is NaN and must be written as a word.
 *
 * Private to these tests; every function is static inline so that each
 * test file uses what it needs.
 */
#ifndef HR_TEST_WORKBOOK_KIT_H
#define HR_TEST_WORKBOOK_KIT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/metrics.h"
#include "headroom/model.h"
#include "headroom/plan.h"
#include "headroom/workbook.h"
#include "output/sheet.h"
#include "testkit.h"

/* SOURCE_DATE_EPOCH-style stamp: 2023-11-14 22:13:20 UTC. */
#define KIT_STAMP ((time_t)1700000000)

/* Sheets in workbook order, as ssconvert numbers its CSV files and
 * libxlsxwriter its sheetN.xml parts (N = index + 1). */
enum {
    SUMMARY,
    CHARTS,
    ASSUMPTIONS,
    GROWTH,
    PEAKS,
    CAPACITY,
    SENSITIVITY,
    MEASURED,
    SHEETS
};

static const char *const kit_sheet_names[SHEETS] = {
    "Summary", "Charts",   "Assumptions", "Growth",
    "Peaks",   "Capacity", "Sensitivity", "Measured"};

/* Labels that a spreadsheet would take for formulas if written as such. */
static const char *const kit_formula_labels[] = {
    "=HYPERLINK(\"http://example.invalid\",\"x\")", "+1+1", "@SUM(1)", "-1+2"};

#define KIT_FORMULA_LABELS                                                     \
    (sizeof kit_formula_labels / sizeof *kit_formula_labels)

/* A source file name that is itself a formula look-alike. */
#define KIT_SOURCE_PATH "=cmd|' /C calc'!A0"

/* Characters in the over-long label. */
#define KIT_LONG_LABEL 40000

/* ---- CSV ------------------------------------------------------------- */

typedef struct csv_grid {
    char ***cells; /* rows of NULL-terminated cell arrays */
    size_t *widths;
    size_t rows;
} csv_grid;

/* Appends a character to a growing text. */
static inline void text_push(char **text, size_t *length, size_t *capacity,
                             char c)
{
    if (*length + 1 >= *capacity) {
        *capacity = *capacity ? *capacity * 2 : 32;
        *text = realloc(*text, *capacity);
    }
    (*text)[(*length)++] = c;
    (*text)[*length] = '\0';
}

/* Ends the current cell and appends it to the last row. */
static inline void grid_end_cell(csv_grid *grid, char **cell, size_t *length,
                                 size_t *capacity)
{
    size_t r = grid->rows - 1;
    size_t w = grid->widths[r];

    grid->cells[r] = realloc(grid->cells[r], (w + 2) * sizeof **grid->cells);
    grid->cells[r][w] = *cell ? *cell : strdup("");
    grid->cells[r][w + 1] = NULL;
    grid->widths[r] = w + 1;
    *cell = NULL;
    *length = *capacity = 0;
}

/* Starts a new, empty row. */
static inline void grid_new_row(csv_grid *grid)
{
    grid->cells = realloc(grid->cells, (grid->rows + 1) * sizeof *grid->cells);
    grid->widths =
        realloc(grid->widths, (grid->rows + 1) * sizeof *grid->widths);
    grid->cells[grid->rows] = NULL;
    grid->widths[grid->rows] = 0;
    grid->rows++;
}

/* Parses RFC 4180 CSV text (quotes doubled inside quoted fields). */
static inline void csv_parse(csv_grid *grid, const char *text)
{
    char *cell = NULL;
    size_t length = 0, capacity = 0;
    int quoted = 0, row_open = 0;

    for (const char *p = text; *p; p++) {
        if (!row_open) {
            grid_new_row(grid);
            row_open = 1;
        }
        if (quoted) {
            if (*p == '"' && p[1] == '"')
                text_push(&cell, &length, &capacity, *p++);
            else if (*p == '"')
                quoted = 0;
            else
                text_push(&cell, &length, &capacity, *p);
        } else if (*p == '"') {
            quoted = 1;
        } else if (*p == ',') {
            grid_end_cell(grid, &cell, &length, &capacity);
        } else if (*p == '\n') {
            grid_end_cell(grid, &cell, &length, &capacity);
            row_open = 0;
        } else if (*p != '\r') {
            text_push(&cell, &length, &capacity, *p);
        }
    }
    if (row_open)
        grid_end_cell(grid, &cell, &length, &capacity);
}

/* Reads a whole file; NULL when it cannot. */
static inline char *read_all(const char *path)
{
    FILE *file = fopen(path, "rb");
    char *text = NULL;
    size_t length = 0;
    long size;

    if (!file)
        return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0) {
        rewind(file);
        text = malloc((size_t)size + 1);
        if (text)
            length = fread(text, 1, (size_t)size, file);
    }
    fclose(file);
    if (text)
        text[length] = '\0';
    return text;
}

/* The cell at row, col, or "" outside the grid. */
static inline const char *cell(const csv_grid *grid, size_t row, size_t col)
{
    if (row >= grid->rows || col >= grid->widths[row])
        return "";
    return grid->cells[row][col];
}

/* The first row whose column col is text, or grid->rows. */
static inline size_t find_row_in(const csv_grid *grid, size_t col,
                                 const char *text)
{
    for (size_t r = 0; r < grid->rows; r++)
        if (strcmp(cell(grid, r, col), text) == 0)
            return r;
    return grid->rows;
}

/* The first row whose column 0 is text, or grid->rows. */
static inline size_t find_row(const csv_grid *grid, const char *text)
{
    return find_row_in(grid, 0, text);
}

/* A text read as a number; NAN when it is not exactly one. */
static inline double text_number(const char *text)
{
    char *end;
    double value;

    if (!*text)
        return NAN;
    value = strtod(text, &end);
    return *end == '\0' ? value : (double)NAN;
}

/* A cell read as a number; NAN when it is not exactly one. */
static inline double cell_number(const csv_grid *grid, size_t row, size_t col)
{
    return text_number(cell(grid, row, col));
}

/* Frees every cell of a grid. */
static inline void grid_free(csv_grid *grid)
{
    for (size_t r = 0; r < grid->rows; r++) {
        for (size_t c = 0; c < grid->widths[r]; c++)
            free(grid->cells[r][c]);
        free(grid->cells[r]);
    }
    free(grid->cells);
    free(grid->widths);
    memset(grid, 0, sizeof *grid);
}

/* ---- commands -------------------------------------------------------- */

/* Output of a shell command, or NULL when it fails. The caller frees
 * it. */
static inline char *command_output(const char *command)
{
    FILE *pipe = popen(command, "r");
    char *text = NULL;
    size_t length = 0, capacity = 0;
    int c;

    if (!pipe)
        return NULL;
    while ((c = fgetc(pipe)) != EOF)
        text_push(&text, &length, &capacity, (char)c);
    if (pclose(pipe) != 0) {
        free(text);
        return NULL;
    }
    return text ? text : strdup("");
}

/* One member of an xlsx zip, or NULL. The caller frees it. */
static inline char *xlsx_member(const char *xlsx, const char *member)
{
    char command[1024];

    snprintf(command, sizeof command, "unzip -p '%s' '%s'", xlsx, member);
    return command_output(command);
}

/* A sheet's XML (index in workbook order). The caller frees it. */
static inline char *sheet_xml(const char *xlsx, int sheet)
{
    char member[64];

    snprintf(member, sizeof member, "xl/worksheets/sheet%d.xml", sheet + 1);
    return xlsx_member(xlsx, member);
}

/*
 * Converts every sheet of xlsx to CSV (recalculated first when recalc)
 * as dir/stem.csv.N, reads them into grids[SHEETS] and removes the files.
 * ssconvert's messages go to dir/stem.err, which *errors gets (the
 * caller frees it; NULL not wanted). Returns 0, or -1 when ssconvert
 * fails or a file is missing.
 */
static inline int convert_sheets(const char *xlsx, const char *dir,
                                 const char *stem, int recalc, csv_grid *grids,
                                 char **errors)
{
    char command[2048], path[1024];
    int status = 0;

    snprintf(command, sizeof command,
             "ssconvert %s -S '%s' '%s/%s.csv' >'%s/%s.err' 2>&1",
             recalc ? "--recalc" : "", xlsx, dir, stem, dir, stem);
    if (system(command) != 0)
        status = -1;
    for (int s = 0; s < SHEETS; s++) {
        char *text;

        snprintf(path, sizeof path, "%s/%s.csv.%d", dir, stem, s);
        text = read_all(path);
        if (!text)
            status = -1;
        else
            csv_parse(&grids[s], text);
        free(text);
        remove(path);
    }
    snprintf(path, sizeof path, "%s/%s.err", dir, stem);
    if (errors)
        *errors = read_all(path);
    remove(path);
    return status;
}

/* ---- cells of a sheet's XML ------------------------------------------ */

/* A cell as the xlsx holds it. */
typedef struct xml_cell {
    size_t row, col; /* 0-based */
    int formula;     /* has an <f> */
    char type[8];    /* the t attribute: "", "s", "str", ... */
    char *value;     /* the <v> text, unescaped; NULL when none */
} xml_cell;

/* Row and column of an A1 reference. */
static inline void parse_ref(const char *ref, size_t *row, size_t *col)
{
    size_t c = 0, r = 0;

    for (; *ref >= 'A' && *ref <= 'Z'; ref++)
        c = c * 26 + (size_t)(*ref - 'A' + 1);
    for (; *ref >= '0' && *ref <= '9'; ref++)
        r = r * 10 + (size_t)(*ref - '0');
    *col = c - 1;
    *row = r - 1;
}

/* Copies text[0..n) with the five XML entities decoded. */
static inline char *xml_unescape(const char *text, size_t n)
{
    static const char *const entities[][2] = {{"&amp;", "&"},
                                              {"&lt;", "<"},
                                              {"&gt;", ">"},
                                              {"&quot;", "\""},
                                              {"&apos;", "'"}};
    char *out = malloc(n + 1);
    size_t used = 0;

    for (size_t i = 0; i < n;) {
        size_t e = 0;

        for (; e < 5; e++)
            if (strncmp(text + i, entities[e][0], strlen(entities[e][0])) == 0)
                break;
        if (e < 5) {
            out[used++] = entities[e][1][0];
            i += strlen(entities[e][0]);
        } else {
            out[used++] = text[i++];
        }
    }
    out[used] = '\0';
    return out;
}

/* Reads one <c ...> element at p into *out; returns the text after it. */
static inline const char *parse_cell(const char *p, xml_cell *out)
{
    const char *tag_end = strchr(p, '>'), *end, *t, *v;
    char ref[16] = "";

    memset(out, 0, sizeof *out);
    sscanf(p, "<c r=\"%15[A-Z0-9]\"", ref);
    parse_ref(ref, &out->row, &out->col);
    t = strstr(p, " t=\"");
    if (t && t < tag_end)
        sscanf(t, " t=\"%7[a-z]\"", out->type);
    if (tag_end[-1] == '/')
        return tag_end + 1;
    end = strstr(tag_end, "</c>");
    out->formula = strstr(tag_end, "<f") != NULL && strstr(tag_end, "<f") < end;
    v = strstr(tag_end, "<v>");
    if (v && v < end)
        out->value = xml_unescape(v + 3, (size_t)(strstr(v, "</v>") - v - 3));
    return end + 4;
}

/* Every cell of a sheet's XML, in order; *count gets how many. The
 * caller frees them with xml_cells_free(). */
static inline xml_cell *xml_cells(const char *xml, size_t *count)
{
    xml_cell *cells = NULL;
    size_t n = 0;

    for (const char *p = strstr(xml, "<c r="); p; p = strstr(p, "<c r=")) {
        cells = realloc(cells, (n + 1) * sizeof *cells);
        p = parse_cell(p, &cells[n++]);
    }
    *count = n;
    return cells;
}

static inline void xml_cells_free(xml_cell *cells, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(cells[i].value);
    free(cells);
}

/* The cell at row, col of a list, or NULL. */
static inline const xml_cell *xml_cell_at(const xml_cell *cells, size_t count,
                                          size_t row, size_t col)
{
    for (size_t i = 0; i < count; i++)
        if (cells[i].row == row && cells[i].col == col)
            return &cells[i];
    return NULL;
}

/* Where a defined name points: the sheet's index and the cell. Returns 0,
 * or -1 when the workbook does not define it. */
static inline int defined_name_cell(const char *workbook_xml, const char *name,
                                    int *sheet, size_t *row, size_t *col)
{
    char want[300], sheet_name[64] = "", ref[32] = "", *c, *r;
    const char *p;

    snprintf(want, sizeof want, "<definedName name=\"%s\">", name);
    p = strstr(workbook_xml, want);
    if (!p || sscanf(p + strlen(want), "'%63[^']'!%31[$A-Z0-9]", sheet_name,
                     ref) != 2)
        return -1;
    /* "$C$40" to "C40". */
    for (c = r = ref; *r; r++)
        if (*r != '$')
            *c++ = *r;
    *c = '\0';
    parse_ref(ref, row, col);
    for (*sheet = 0; *sheet < SHEETS; (*sheet)++)
        if (strcmp(kit_sheet_names[*sheet], sheet_name) == 0)
            return 0;
    return -1;
}

/* ---- the fixture ----------------------------------------------------- */

typedef struct kit_fixture {
    hr_model *model;
    hr_sample_set *measured;
    hr_plan *plan;
    char *dir;
    char xlsx[512];
    csv_grid sheets[SHEETS]; /* cached values, as ssconvert reads them */
    int ready;
} kit_fixture;

/* Samples: two judged labels with timestamps, formula look-alikes and an
 * over-long label without timestamps (throughput NaN). */
static inline hr_status kit_add_samples(hr_sample_set *set)
{
    char path[] = KIT_SOURCE_PATH, format[] = "jmeter-csv";
    hr_source_file source = {path, format, 140, 2};
    hr_status status = HR_OK;
    char *long_label = malloc(KIT_LONG_LABEL + 1);

    if (!long_label)
        return HR_ERR_NOMEM;
    memset(long_label, 'x', KIT_LONG_LABEL);
    long_label[KIT_LONG_LABEL] = '\0';
    for (int i = 1; status == HR_OK && i <= 20; i++) {
        double start = 1.7e12 + i * 100.0;

        status = hr_sample_set_add(set, "db-get-user", i, i != 3, start);
        if (status == HR_OK)
            status =
                hr_sample_set_add(set, "profile-view", 10.0 * i, true, start);
        for (size_t k = 0; status == HR_OK && k < KIT_FORMULA_LABELS; k++)
            status = hr_sample_set_add(set, kit_formula_labels[k], 5.0 * i,
                                       true, NAN);
        if (status == HR_OK)
            status = hr_sample_set_add(set, long_label, 1.0, true, NAN);
    }
    free(long_label);
    return status == HR_OK ? hr_sample_set_note_file(set, &source) : status;
}

/* Builds the plan, writes the workbook and reads its cached values back,
 * once; NULL when any step fails. */
static inline kit_fixture *kit_get(kit_fixture *f)
{
    hr_diags diags = {0};

    if (f->ready)
        return f->ready > 0 ? f : NULL;
    f->ready = -1;
    hr_numeric_init();
    if (hr_model_load(hr_repo_path("models/doctrina.yaml"), &f->model,
                      &diags) != HR_OK)
        hr_diags_print(&diags, stderr);
    hr_diags_release(&diags);
    f->measured = hr_sample_set_new();
    f->dir = hr_test_tmpdir();
    if (!f->model || !f->measured || !f->dir ||
        kit_add_samples(f->measured) != HR_OK ||
        hr_plan_build(f->model, f->measured, KIT_STAMP, &f->plan) != HR_OK)
        return NULL;
    snprintf(f->xlsx, sizeof f->xlsx, "%s/plan.xlsx", f->dir);
    if (hr_workbook_write(f->plan, f->xlsx) != HR_OK ||
        convert_sheets(f->xlsx, f->dir, "cached", 0, f->sheets, NULL) != 0)
        return NULL;
    f->ready = 1;
    return f;
}

/* Removes the fixture's files and frees it. */
static inline void kit_drop(kit_fixture *f)
{
    for (int s = 0; s < SHEETS; s++)
        grid_free(&f->sheets[s]);
    if (f->dir) {
        char command[600];

        /* Only files the tests made live in the directory. */
        snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
        if (system(command) != 0)
            fprintf(stderr, "warning: could not remove %s\n", f->dir);
    }
    hr_plan_free(f->plan);
    hr_sample_set_free(f->measured);
    hr_model_free(f->model);
    free(f->dir);
}

/* Index of the series or tier with id, or the count when absent. */
static inline size_t kit_series(const hr_model *model, const char *id)
{
    size_t s = 0;

    while (s < model->series_count && strcmp(model->series[s].id, id) != 0)
        s++;
    return s;
}

static inline size_t kit_tier(const hr_model *model, const char *id)
{
    size_t t = 0;

    while (t < model->tier_count && strcmp(model->tiers[t].id, id) != 0)
        t++;
    return t;
}

#endif
