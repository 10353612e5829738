/*
 * test_workbook.c - the Excel workbook, checked by a spreadsheet engine.
 *
 * The workbook is written from the real plan (models/doctrina.yaml plus a
 * small measured sample set), then Gnumeric's ssconvert turns each sheet
 * into CSV with raw cell values, and the cells are compared with the plan
 * the workbook was made from. The xlsx parts themselves (a zip) are read
 * with unzip to check sheet names, document properties, that no cell
 * holds a formula and that every number is finite.
 *
 * Measured labels include formula look-alikes ("=HYPERLINK(...)", "+1+1",
 * "@SUM(1)", "-1+2") that must stay text, a label of 40,000 characters
 * that must be cut to Excel's 32,767 with a mark, and labels without
 * timestamps whose throughput is NaN and must be written as a word.
 */
#include <fcntl.h>
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
#define STAMP ((time_t)1700000000)

/* Sheets in workbook order, as ssconvert numbers its CSV files. */
enum { SUMMARY, GROWTH, PEAKS, CAPACITY, MEASURED, ASSUMPTIONS, SHEETS };

static const char *const sheet_names[SHEETS] = {
    "Summary", "Growth", "Peaks", "Capacity", "Measured", "Assumptions"};

/* Labels that a spreadsheet would take for formulas if written as such. */
static const char *const formula_labels[] = {
    "=HYPERLINK(\"http://example.invalid\",\"x\")", "+1+1", "@SUM(1)", "-1+2"};

#define FORMULA_LABELS (sizeof formula_labels / sizeof *formula_labels)

/* A source file name that is itself a formula look-alike. */
#define SOURCE_PATH "=cmd|' /C calc'!A0"

/* Characters in the over-long label. */
#define LONG_LABEL 40000

/* ---- CSV ------------------------------------------------------------- */

typedef struct csv_grid {
    char ***cells; /* rows of NULL-terminated cell arrays */
    size_t *widths;
    size_t rows;
} csv_grid;

/* Appends a character to a growing cell. */
static void cell_push(char **cell, size_t *length, size_t *capacity, char c)
{
    if (*length + 1 >= *capacity) {
        *capacity = *capacity ? *capacity * 2 : 32;
        *cell = realloc(*cell, *capacity);
    }
    (*cell)[(*length)++] = c;
    (*cell)[*length] = '\0';
}

/* Ends the current cell and appends it to the last row. */
static void grid_end_cell(csv_grid *grid, char **cell, size_t *length,
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
static void grid_new_row(csv_grid *grid)
{
    grid->cells = realloc(grid->cells, (grid->rows + 1) * sizeof *grid->cells);
    grid->widths =
        realloc(grid->widths, (grid->rows + 1) * sizeof *grid->widths);
    grid->cells[grid->rows] = NULL;
    grid->widths[grid->rows] = 0;
    grid->rows++;
}

/* Parses RFC 4180 CSV text (quotes doubled inside quoted fields). */
static void csv_parse(csv_grid *grid, const char *text)
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
                cell_push(&cell, &length, &capacity, *p++);
            else if (*p == '"')
                quoted = 0;
            else
                cell_push(&cell, &length, &capacity, *p);
        } else if (*p == '"') {
            quoted = 1;
        } else if (*p == ',') {
            grid_end_cell(grid, &cell, &length, &capacity);
        } else if (*p == '\n') {
            grid_end_cell(grid, &cell, &length, &capacity);
            row_open = 0;
        } else if (*p != '\r') {
            cell_push(&cell, &length, &capacity, *p);
        }
    }
    if (row_open)
        grid_end_cell(grid, &cell, &length, &capacity);
}

/* Reads a whole file; NULL when it cannot. */
static char *read_all(const char *path)
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
static const char *cell(const csv_grid *grid, size_t row, size_t col)
{
    if (row >= grid->rows || col >= grid->widths[row])
        return "";
    return grid->cells[row][col];
}

/* The first row whose column 0 is text, or grid->rows. */
static size_t find_row(const csv_grid *grid, const char *text)
{
    for (size_t r = 0; r < grid->rows; r++)
        if (strcmp(cell(grid, r, 0), text) == 0)
            return r;
    return grid->rows;
}

/* A cell read as a number; NAN when it is not exactly one. */
static double cell_number(const csv_grid *grid, size_t row, size_t col)
{
    const char *text = cell(grid, row, col);
    char *end;
    double value;

    if (!*text)
        return NAN;
    value = strtod(text, &end);
    return *end == '\0' ? value : (double)NAN;
}

/* Frees every cell of a grid. */
static void grid_free(csv_grid *grid)
{
    for (size_t r = 0; r < grid->rows; r++) {
        for (size_t c = 0; c < grid->widths[r]; c++)
            free(grid->cells[r][c]);
        free(grid->cells[r]);
    }
    free(grid->cells);
    free(grid->widths);
}

/* ---- the fixture ----------------------------------------------------- */

typedef struct fixture {
    hr_model *model;
    hr_sample_set *measured;
    hr_plan *plan;
    char *dir;
    char xlsx[512];
    csv_grid sheets[SHEETS];
    int ready;
} fixture;

static fixture the_fixture;

/* Samples: two judged labels with timestamps, formula look-alikes and an
 * over-long label without timestamps (throughput NaN). */
static hr_status add_samples(hr_sample_set *set)
{
    char path[] = SOURCE_PATH, format[] = "jmeter-csv";
    hr_source_file source = {path, format, 140, 2};
    hr_status status = HR_OK;
    char *long_label = malloc(LONG_LABEL + 1);

    if (!long_label)
        return HR_ERR_NOMEM;
    memset(long_label, 'x', LONG_LABEL);
    long_label[LONG_LABEL] = '\0';
    for (int i = 1; status == HR_OK && i <= 20; i++) {
        double start = 1.7e12 + i * 100.0;

        status = hr_sample_set_add(set, "db-get-user", i, i != 3, start);
        if (status == HR_OK)
            status =
                hr_sample_set_add(set, "profile-view", 10.0 * i, true, start);
        for (size_t k = 0; status == HR_OK && k < FORMULA_LABELS; k++)
            status =
                hr_sample_set_add(set, formula_labels[k], 5.0 * i, true, NAN);
        if (status == HR_OK)
            status = hr_sample_set_add(set, long_label, 1.0, true, NAN);
    }
    free(long_label);
    return status == HR_OK ? hr_sample_set_note_file(set, &source) : status;
}

/* Converts every sheet to CSV with ssconvert and reads them back. */
static int convert_sheets(fixture *f)
{
    char command[2048], path[600];

    snprintf(command, sizeof command,
             "ssconvert -S '%s' '%s/sheet.csv' >/dev/null 2>&1", f->xlsx,
             f->dir);
    if (system(command) != 0)
        return -1;
    for (int s = 0; s < SHEETS; s++) {
        char *text;

        snprintf(path, sizeof path, "%s/sheet.csv.%d", f->dir, s);
        text = read_all(path);
        if (!text)
            return -1;
        csv_parse(&f->sheets[s], text);
        free(text);
    }
    return 0;
}

/* Builds the plan, writes the workbook and converts it, once. */
static fixture *get_fixture(void)
{
    fixture *f = &the_fixture;
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
        add_samples(f->measured) != HR_OK ||
        hr_plan_build(f->model, f->measured, STAMP, &f->plan) != HR_OK)
        return NULL;
    snprintf(f->xlsx, sizeof f->xlsx, "%s/plan.xlsx", f->dir);
    if (hr_workbook_write(f->plan, f->xlsx) != HR_OK || convert_sheets(f))
        return NULL;
    f->ready = 1;
    return f;
}

/* Removes the fixture's files and frees it (atexit). */
static void drop_fixture(void)
{
    fixture *f = &the_fixture;
    char path[600];

    for (int s = 0; s < SHEETS; s++) {
        grid_free(&f->sheets[s]);
        snprintf(path, sizeof path, "%s/sheet.csv.%d", f->dir, s);
        remove(path);
    }
    if (f->dir) {
        remove(f->xlsx);
        rmdir(f->dir);
    }
    hr_plan_free(f->plan);
    hr_sample_set_free(f->measured);
    hr_model_free(f->model);
    free(f->dir);
}

/* Output of a shell command, or NULL. The caller frees it. */
static char *command_output(const char *command)
{
    FILE *pipe = popen(command, "r");
    char *text = NULL;
    size_t length = 0, capacity = 0;
    int c;

    if (!pipe)
        return NULL;
    while ((c = fgetc(pipe)) != EOF)
        cell_push(&text, &length, &capacity, (char)c);
    if (pclose(pipe) != 0) {
        free(text);
        return NULL;
    }
    return text ? text : strdup("");
}

/* One member of the xlsx zip, or NULL. The caller frees it. */
static char *xlsx_part(const fixture *f, const char *member)
{
    char command[1024];

    snprintf(command, sizeof command, "unzip -p '%s' '%s'", f->xlsx, member);
    return command_output(command);
}

/* ---- tests ----------------------------------------------------------- */

/* Six sheets, in order, and ssconvert made exactly six CSV files. */
static void test_sheet_names(void)
{
    fixture *f = get_fixture();
    char *xml, path[600];
    const char *p;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    xml = xlsx_part(f, "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    p = xml;
    for (int s = 0; s < SHEETS; s++) {
        char want[64];

        snprintf(want, sizeof want, "<sheet name=\"%s\"", sheet_names[s]);
        p = strstr(p, want);
        CU_ASSERT_PTR_NOT_NULL(p);
        if (!p)
            break;
        p++;
    }
    CU_ASSERT_PTR_NULL(p ? strstr(p, "<sheet ") : NULL);
    free(xml);
    snprintf(path, sizeof path, "%s/sheet.csv.%d", f->dir, SHEETS);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
}

/* Title, author and the plan's time as the creation date. */
static void test_properties(void)
{
    fixture *f = get_fixture();
    char *xml;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    xml = xlsx_part(f, "docProps/core.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<dc:creator>headroom</dc:creator>"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(xml, "<dc:title>Capacity plan: Doctrina</dc:title>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "2023-11-14T22:13:20Z"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "Doctrina"));
    free(xml);
}

/* The Summary's verdict counts and generation time are the plan's. */
static void test_summary(void)
{
    fixture *f = get_fixture();
    const csv_grid *g;
    size_t met = 0, row;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[SUMMARY];
    for (size_t i = 0; i < f->plan->label_count; i++)
        met += f->plan->verdicts[i].verdict == HR_VERDICT_MET;

    row = find_row(g, "Generated");
    CU_ASSERT_STRING_EQUAL(cell(g, row, 1), "2023-11-14 22:13:20 UTC");
    row = find_row(g, "Measured labels that missed the target");
    HR_ASSERT_CLOSE(cell_number(g, row, 1), f->plan->targets_missed, 0);
    row = find_row(g, "Measured labels that met the target");
    HR_ASSERT_CLOSE(cell_number(g, row, 1), met, 0);
    row = find_row(g, "Tiers short of servers");
    HR_ASSERT_CLOSE(cell_number(g, row, 1), f->plan->tiers_short, 0);
    row = find_row(g, f->plan->tiers[0].tier->title);
    CU_ASSERT_TRUE(row < g->rows);
    HR_ASSERT_CLOSE(cell_number(g, row, 5), f->plan->tiers[0].breach_month, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(
        cell(g, find_row(g, "Percentile estimator"), 1), "nearest rank"));
}

/* Growth: a row per month, each series' average and peak. */
static void test_growth(void)
{
    fixture *f = get_fixture();
    const csv_grid *g;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[GROWTH];
    CU_ASSERT_EQUAL(g->rows, (size_t)f->plan->month_count + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(cell(g, 0, 2), "(users)"));
    for (int m = 0; m < f->plan->month_count; m += 6)
        for (size_t s = 0; s < f->model->series_count; s++) {
            const hr_projection *p = &f->plan->projections[s];

            HR_ASSERT_CLOSE(cell_number(g, (size_t)m + 1, 2 + 2 * s),
                            p->average[m], 1e-12);
            HR_ASSERT_CLOSE(cell_number(g, (size_t)m + 1, 3 + 2 * s),
                            p->peak[m], 1e-12);
        }
    /* Month 12 is the "1 year" milestone. */
    CU_ASSERT_STRING_EQUAL(cell(g, 13, 1), "1 year");
}

/* Peaks: bandwidth's shares and further named peaks are broken down. */
static void test_peaks(void)
{
    fixture *f = get_fixture();
    const csv_grid *g;
    size_t row;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[PEAKS];
    row = find_row(g, "Bandwidth");
    CU_ASSERT_TRUE_FATAL(row < g->rows);
    CU_ASSERT_STRING_EQUAL(cell(g, row, 1), "MVP");
    HR_ASSERT_CLOSE(cell_number(g, row, 3), 0.5, 1e-12);
    HR_ASSERT_CLOSE(cell_number(g, row, 7), 2.5, 1e-12);
    /* 0.5 TB: 75 % video is 0.4 TB at one decimal; 3x weekends 1.5. */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(cell(g, row, 10), "Video streaming 75 % = 0.4"));
    CU_ASSERT_PTR_NOT_NULL(strstr(cell(g, row, 9), "Weekend mornings \xC3\x97"
                                                   "3 = 1.5"));
    CU_ASSERT_STRING_EQUAL(cell(g, row, 5), "document");
}

/* Capacity: each tier x milestone row carries the plan's numbers, with
 * words where the plan has none. */
static void test_capacity(void)
{
    fixture *f = get_fixture();
    size_t milestones, saturated = 0;
    const csv_grid *g;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[CAPACITY];
    milestones = f->model->milestone_count;
    CU_ASSERT_EQUAL(g->rows, 1 + f->model->tier_count * milestones);
    for (size_t t = 0; t < f->model->tier_count; t++)
        for (size_t k = 0; k < milestones; k++) {
            const hr_tier_point *at = &f->plan->tiers[t].at[k];
            size_t row = 1 + t * milestones + k;

            CU_ASSERT_STRING_EQUAL(cell(g, row, 0),
                                   f->plan->tiers[t].tier->title);
            HR_ASSERT_CLOSE(cell_number(g, row, 4), at->arrival_rate, 1e-12);
            if (at->required_servers < 0) {
                CU_ASSERT_STRING_EQUAL(cell(g, row, 12), "cannot meet target");
            } else {
                HR_ASSERT_CLOSE(cell_number(g, row, 12), at->required_servers,
                                0);
            }
            if (at->current.saturated) {
                CU_ASSERT_STRING_EQUAL(cell(g, row, 8), "saturated");
                saturated++;
            } else {
                HR_ASSERT_CLOSE(cell_number(g, row, 8), at->current_p95_s * 1e3,
                                1e-12);
            }
        }
    /* The model's 3-year load saturates today's API servers. */
    CU_ASSERT_TRUE(saturated > 0);
}

/* Measured: each label's nearest-rank p95 and verdict. */
static void test_measured(void)
{
    fixture *f = get_fixture();
    const csv_grid *g;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[MEASURED];
    for (size_t i = 0; i < f->plan->label_count; i++) {
        const hr_label_stats *s = &f->plan->label_stats[i];
        size_t row = 1 + i;

        if (strlen(s->label) > HR_SHEET_CELL_MAX)
            continue; /* cut; see test_long_label_cut */
        CU_ASSERT_STRING_EQUAL(cell(g, row, 0), s->label);
        HR_ASSERT_CLOSE(cell_number(g, row, 7), s->p95_ms, 1e-12);
        HR_ASSERT_CLOSE(cell_number(g, row, 1), s->samples, 0);
        CU_ASSERT_STRING_EQUAL(cell(g, row, 13),
                               hr_verdict_name(f->plan->verdicts[i].verdict));
    }
    /* db-get-user: 1..20 ms, nearest rank p95 = x[ceil(0.95 * 20)] = 19 ms
     * against a 10 ms target. */
    CU_ASSERT_STRING_EQUAL(cell(g, find_row(g, "db-get-user"), 7), "19");
    CU_ASSERT_STRING_EQUAL(cell(g, find_row(g, "db-get-user"), 13), "missed");
    CU_ASSERT_TRUE(find_row(g, SOURCE_PATH) < g->rows);
}

/* Formula look-alikes in labels and file names are text: the engine
 * reads them back verbatim and no sheet holds a formula. */
static void test_formula_labels_stay_text(void)
{
    fixture *f = get_fixture();
    char *xml;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (size_t k = 0; k < FORMULA_LABELS; k++)
        CU_ASSERT_TRUE(find_row(&f->sheets[MEASURED], formula_labels[k]) <
                       f->sheets[MEASURED].rows);
    xml = xlsx_part(f, "xl/worksheets/sheet*.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NULL(strstr(xml, "<f>"));
    CU_ASSERT_PTR_NULL(strstr(xml, "<f "));
    free(xml);
}

/* Every number in every sheet is finite; NaN throughput is a word. */
static void test_no_nan_numbers(void)
{
    fixture *f = get_fixture();
    const csv_grid *g;
    size_t values = 0;
    char *xml;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    xml = xlsx_part(f, "xl/worksheets/sheet*.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    for (const char *p = strstr(xml, "<v>"); p; p = strstr(p, "<v>")) {
        char *end;
        double value = strtod(p + 3, &end);

        CU_ASSERT_TRUE(end > p + 3 && strncmp(end, "</v>", 4) == 0);
        CU_ASSERT_TRUE(isfinite(value));
        values++;
        p += 3;
    }
    CU_ASSERT_TRUE(values > 100);
    free(xml);
    g = &f->sheets[MEASURED];
    CU_ASSERT_STRING_EQUAL(cell(g, find_row(g, "+1+1"), 10), "n/a");
}

/* The 40,000-character label is cut to 32,767 characters ending in the
 * cut mark. */
static void test_long_label_cut(void)
{
    fixture *f = get_fixture();
    const csv_grid *g;
    const char *text = NULL;
    size_t mark = strlen(HR_SHEET_CUT_MARK);

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[MEASURED];
    for (size_t r = 1; r < g->rows && !text; r++)
        if (strncmp(cell(g, r, 0), "xxxxxxxx", 8) == 0)
            text = cell(g, r, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* 32,761 "x" and the mark, which is 6 characters in 8 bytes. */
    CU_ASSERT_EQUAL(strlen(text), HR_SHEET_CELL_MAX - 6 + mark);
    CU_ASSERT_STRING_EQUAL(text + strlen(text) - mark, HR_SHEET_CUT_MARK);
}

/* Safe text: valid short text is passed through, bad bytes become
 * U+FFFD, and a cut never splits a character. */
static void test_safe_text(void)
{
    size_t n = HR_SHEET_CELL_MAX + 1, chars;
    char *big = malloc(4 * n + 1), *copy;
    const char *safe;

    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    safe = hr_sheet_safe_text("=SUM(A1)", &copy, &chars);
    CU_ASSERT_STRING_EQUAL(safe, "=SUM(A1)");
    CU_ASSERT_PTR_NULL(copy);
    CU_ASSERT_EQUAL(chars, 8);

    safe = hr_sheet_safe_text("a\xFF"
                              "b\xC3",
                              &copy, &chars);
    CU_ASSERT_STRING_EQUAL(safe, "a\xEF\xBF\xBD"
                                 "b\xEF\xBF\xBD");
    CU_ASSERT_EQUAL(chars, 4);
    free(copy);

    /* Exactly at the limit: unchanged. */
    memset(big, 'y', HR_SHEET_CELL_MAX);
    big[HR_SHEET_CELL_MAX] = '\0';
    safe = hr_sheet_safe_text(big, &copy, &chars);
    CU_ASSERT_PTR_EQUAL(safe, big);
    CU_ASSERT_EQUAL(chars, HR_SHEET_CELL_MAX);

    /* U+1F600 counts two UTF-16 units: 16,384 of them pass the limit, so
     * 16,380 are kept (32,760 units) and the mark makes 32,766. */
    for (size_t i = 0; i < 16384; i++)
        memcpy(big + 4 * i, "\xF0\x9F\x98\x80", 4);
    big[4 * 16384] = '\0';
    safe = hr_sheet_safe_text(big, &copy, &chars);
    CU_ASSERT_PTR_NOT_NULL_FATAL(safe);
    CU_ASSERT_EQUAL(chars, 32766);
    CU_ASSERT_EQUAL(strlen(safe), 4 * 16380 + strlen(HR_SHEET_CUT_MARK));
    free(copy);
    free(big);
}

/* Numbers in text: thousands separators, rounding, no "-0.0". */
static void test_format_number(void)
{
    char buffer[64];

    CU_ASSERT_STRING_EQUAL(
        hr_sheet_format_number(buffer, sizeof buffer, 1234567.891, 1),
        "1,234,567.9");
    CU_ASSERT_STRING_EQUAL(
        hr_sheet_format_number(buffer, sizeof buffer, 999.96, 1), "1,000.0");
    CU_ASSERT_STRING_EQUAL(
        hr_sheet_format_number(buffer, sizeof buffer, -1234.5, 0), "-1,234");
    CU_ASSERT_STRING_EQUAL(
        hr_sheet_format_number(buffer, sizeof buffer, -0.04, 1), "0.0");
    CU_ASSERT_STRING_EQUAL(
        hr_sheet_format_number(buffer, sizeof buffer, 12.5, 0), "12");
    CU_ASSERT_STRING_EQUAL(
        hr_sheet_format_number(buffer, sizeof buffer, NAN, 1), "n/a");
}

/* A plan without measured data still makes all six sheets. */
static void test_without_measured(void)
{
    fixture *f = get_fixture();
    hr_plan *plan = NULL;
    char path[600], *xml, command[1400];

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL_FATAL(hr_plan_build(f->model, NULL, STAMP, &plan), HR_OK);
    snprintf(path, sizeof path, "%s/plain.xlsx", f->dir);
    CU_ASSERT_EQUAL(hr_workbook_write(plan, path), HR_OK);
    snprintf(command, sizeof command,
             "ssconvert -S '%s' '%s/plain.csv' >/dev/null 2>&1 && "
             "cat '%s/plain.csv.4' && rm -f '%s'/plain.csv.*",
             path, f->dir, f->dir, f->dir);
    xml = command_output(command);
    CU_ASSERT_PTR_NOT_NULL(xml);
    CU_ASSERT_PTR_NOT_NULL(xml ? strstr(xml, "no measured data") : NULL);
    free(xml);
    remove(path);
    hr_plan_free(plan);
}

/* A file that cannot be made is an output error, not a crash. */
static void test_unwritable_path(void)
{
    fixture *f = get_fixture();
    char path[600];
    int saved, quiet;
    hr_status status;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    snprintf(path, sizeof path, "%s/missing-dir/plan.xlsx", f->dir);
    /* libxlsxwriter reports the failure on stderr too; keep it quiet. */
    fflush(stderr);
    saved = dup(STDERR_FILENO);
    quiet = open("/dev/null", O_WRONLY);
    if (saved >= 0 && quiet >= 0)
        dup2(quiet, STDERR_FILENO);
    status = hr_workbook_write(f->plan, path);
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    if (quiet >= 0)
        close(quiet);
    CU_ASSERT_EQUAL(status, HR_ERR_OUTPUT);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
}

static const hr_test_case cases[] = {
    {"sheet names", test_sheet_names},
    {"document properties", test_properties},
    {"summary counts", test_summary},
    {"growth by month", test_growth},
    {"peaks and shares", test_peaks},
    {"capacity per tier and milestone", test_capacity},
    {"measured statistics", test_measured},
    {"formula-like labels stay text", test_formula_labels_stay_text},
    {"no NaN written as a number", test_no_nan_numbers},
    {"long label cut", test_long_label_cut},
    {"safe text", test_safe_text},
    {"number text", test_format_number},
    {"plan without measured data", test_without_measured},
    {"unwritable path", test_unwritable_path},
};

/* Runs the cases, then removes the fixture's files. */
int main(void)
{
    int status;

    status = hr_test_run("workbook", cases, sizeof cases / sizeof *cases);
    drop_fixture();
    return status;
}
