/*
 * test_report.c - report templates, the PDF report and the PNG charts.
 *
 * Templates: every schema mistake is reported at the line and column of
 * the node at fault (counted by hand in the YAML written here). The PDF is
 * checked by poppler, the reader that will open it: pdfinfo counts its
 * pages, pdftotext reads back its footers, verdict and the numbers of the
 * capacity, sensitivity and growth-fit tables (expected values come from
 * the plan the report was drawn from, formatted as a reader would write
 * them), and pdftotext -bbox places the chart labels. PNG charts are
 * decoded again by cairo's own PNG reader and must not be blank; the
 * growth chart's bands are found by drawing it with and without one.
 */
#include <cairo.h>
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "headroom/chart.h"
#include "headroom/jtl.h"
#include "headroom/model.h"
#include "headroom/plan.h"
#include "headroom/report.h"
#include "output/draw.h"
#include "testkit.h"

/* Pages of templates/capacity-plan.yaml, one per "- - kind:" page. */
#define SHIPPED_PAGES 7

/* 2025-01-15 12:00:00 UTC, a fixed generation time. */
#define GENERATED_AT ((time_t)1736942400)

/* ---- helpers ---------------------------------------------------------- */

typedef struct fixture {
    hr_model *model;
    hr_sample_set *samples;
    hr_plan *plan;
    char *dir;
} fixture;

/* Loads the Doctrina model, the shipped JMeter file (or no samples) and
 * builds the plan. */
static void fixture_open(fixture *f, bool measured)
{
    hr_diags diags = {0};

    memset(f, 0, sizeof *f);
    f->dir = hr_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f->dir);
    CU_ASSERT_EQUAL_FATAL(hr_model_load(hr_repo_path("models/doctrina.yaml"),
                                        &f->model, &diags),
                          HR_OK);
    if (measured) {
        f->samples = hr_sample_set_new();
        CU_ASSERT_PTR_NOT_NULL_FATAL(f->samples);
        CU_ASSERT_EQUAL_FATAL(
            hr_jtl_csv_read(
                hr_repo_path("data/perfplugin_transactions_with_children.csv"),
                f->samples, &diags),
            HR_OK);
    }
    hr_diags_release(&diags);
    CU_ASSERT_EQUAL_FATAL(
        hr_plan_build(f->model, f->samples, GENERATED_AT, &f->plan), HR_OK);
}

/* dir/name in a buffer the caller frees. */
static char *join(const char *dir, const char *name)
{
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = malloc(size);

    if (path)
        snprintf(path, size, "%s/%s", dir, name);
    return path;
}

/* Removes a test directory and the files in it, then frees its name. */
static void remove_dir(char *dir)
{
    DIR *listing = dir ? opendir(dir) : NULL;
    struct dirent *entry;

    while (listing && (entry = readdir(listing))) {
        char *path;

        if (strcmp(entry->d_name, ".") == 0 ||
            strcmp(entry->d_name, "..") == 0)
            continue;
        path = join(dir, entry->d_name);
        if (path)
            unlink(path);
        free(path);
    }
    if (listing)
        closedir(listing);
    if (dir)
        rmdir(dir);
    free(dir);
}

static void fixture_close(fixture *f)
{
    hr_plan_free(f->plan);
    hr_sample_set_free(f->samples);
    hr_model_free(f->model);
    remove_dir(f->dir);
}

/* Runs a command and returns its standard output (caller frees), or NULL
 * when it could not run or failed. */
static char *run_output(const char *command)
{
    FILE *pipe = popen(command, "r");
    size_t used = 0, size = 4096;
    char *text = malloc(size);
    size_t n;

    if (!pipe || !text) {
        if (pipe)
            pclose(pipe);
        free(text);
        return NULL;
    }
    while ((n = fread(text + used, 1, size - used - 1, pipe)) > 0) {
        used += n;
        if (used + 1 == size) {
            char *bigger = realloc(text, size * 2);

            if (!bigger)
                break;
            text = bigger;
            size *= 2;
        }
    }
    text[used] = '\0';
    if (pclose(pipe) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* Page count of a PDF as pdfinfo reads it; -1 when it cannot. */
static int pdf_pages(const char *path)
{
    char command[1024];
    char *info, *line;
    int pages = -1;

    snprintf(command, sizeof command, "pdfinfo '%s' 2>/dev/null", path);
    info = run_output(command);
    if (!info)
        return -1;
    line = strstr(info, "\nPages:");
    if (line)
        pages = atoi(line + strlen("\nPages:"));
    free(info);
    return pages;
}

/* Text of a PDF as pdftotext extracts it (caller frees). */
static char *pdf_text(const char *path)
{
    char command[1024];

    snprintf(command, sizeof command, "pdftotext -layout '%s' - 2>/dev/null",
             path);
    return run_output(command);
}

/* Number of times needle occurs in text. */
static size_t count_of(const char *text, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* A copy of the line that holds needle at or after from (caller frees),
 * or NULL; *next is set past that line. */
static char *line_with(const char *from, const char *needle,
                       const char **next)
{
    const char *hit = strstr(from, needle), *start, *end;

    if (!hit)
        return NULL;
    for (start = hit; start > from && start[-1] != '\n'; start--)
        ;
    end = strchr(hit, '\n');
    if (!end)
        end = hit + strlen(hit);
    *next = end;
    return strndup(start, (size_t)(end - start));
}

/* Splits line in place into words separated by blanks; returns how many
 * (at most max). */
static size_t split_words(char *line, char **words, size_t max)
{
    size_t n = 0;

    for (char *w = strtok(line, " \t"); w && n < max; w = strtok(NULL, " \t"))
        words[n++] = w;
    return n;
}

/* Loads a template written from text; returns the status and fills diags. */
static hr_status load_text(const char *dir, const char *text,
                           hr_template **out, hr_diags *diags)
{
    char *path = join(dir, "template.yaml");
    hr_status status;

    CU_ASSERT_FATAL(path && hr_write_text(path, text) == 0);
    status = hr_template_load(path, out, diags);
    free(path);
    return status;
}

/* Writes the plan's PDF with a template given as text; returns its path
 * (caller frees) or NULL. */
static char *write_pdf(const fixture *f, const char *template_text)
{
    hr_template *template_ = NULL;
    hr_diags diags = {0};
    char *pdf = join(f->dir, "report.pdf");

    CU_ASSERT_EQUAL(load_text(f->dir, template_text, &template_, &diags),
                    HR_OK);
    hr_diags_print(&diags, stderr);
    hr_diags_release(&diags);
    if (!template_) {
        free(pdf);
        return NULL;
    }
    CU_ASSERT_EQUAL(hr_report_write_pdf(f->plan, template_, pdf), HR_OK);
    hr_template_free(template_);
    return pdf;
}

/* ---- template errors -------------------------------------------------- */

typedef struct template_error {
    const char *yaml;
    unsigned long line;
    unsigned long column;
    const char *message;     /* a part of the diagnostic */
} template_error;

/* Each case breaks one rule; line and column point at the offending node
 * (1-based, counted in the text). */
static const template_error template_errors[] = {
    /* unknown key in a block: the key "colour" at line 4, column 7 */
    {"title: T\n"
     "pages:\n"
     "  - - kind: heading\n"
     "      colour: red\n"
     "      text: Hello\n",
     4, 7, "unknown key 'colour'"},
    /* unknown block kind: the value "pie" at line 3, column 13 */
    {"title: T\n"
     "pages:\n"
     "  - - kind: pie\n",
     3, 13, "unknown block kind 'pie'"},
    /* unknown top-level key: "footer" at line 2, column 1 */
    {"title: T\n"
     "footer: x\n"
     "pages:\n"
     "  - - {kind: verdict}\n",
     2, 1, "unknown key 'footer'"},
    /* unknown chart: "pies" at line 3, column 28 */
    {"title: T\n"
     "pages:\n"
     "  - - {kind: chart, chart: pies}\n",
     3, 28, "unknown chart 'pies'"},
    /* unknown table: "costs" at line 4, column 14 */
    {"title: T\n"
     "pages:\n"
     "  - - kind: table\n"
     "      table: costs\n",
     4, 14, "unknown table 'costs'"},
    /* unknown figure in the list: "revenue" at line 4, column 26 */
    {"title: T\n"
     "pages:\n"
     "  - - kind: keyfigures\n"
     "      figures: [horizon, revenue]\n",
     4, 26, "unknown figure 'revenue'"},
    /* unknown placeholder in the text scalar at line 4, column 13 */
    {"title: T\n"
     "pages:\n"
     "  - - kind: paragraph\n"
     "      text: Made for {customer}\n",
     4, 13, "unknown placeholder '{customer}'"},
    /* markup that does not close: text at line 4, column 13 */
    {"title: T\n"
     "pages:\n"
     "  - - kind: paragraph\n"
     "      text: <b>bold\n",
     4, 13, "not valid Pango markup"},
    /* a heading without text: the block mapping at line 3, column 7 */
    {"title: T\n"
     "pages:\n"
     "  - - kind: heading\n",
     3, 7, "missing required key 'text'"},
    /* a chart taller than a page: 900 at line 5, column 15 */
    {"title: T\n"
     "pages:\n"
     "  - - kind: chart\n"
     "      chart: growth\n"
     "      height: 900\n",
     5, 15, "'height' must be from"},
};

/* Finds a diagnostic at line:column whose message contains text. */
static bool has_diag(const hr_diags *diags, unsigned long line,
                     unsigned long column, const char *text)
{
    for (size_t i = 0; i < diags->count; i++) {
        const hr_diag *d = &diags->items[i];

        if (d->severity == HR_ERROR && d->line == line &&
            d->column == column && strstr(d->message, text))
            return true;
    }
    return false;
}

static void test_template_errors_located(void)
{
    char *dir = hr_test_tmpdir();

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    for (size_t i = 0; i < sizeof template_errors / sizeof *template_errors;
         i++) {
        const template_error *e = &template_errors[i];
        hr_template *template_ = NULL;
        hr_diags diags = {0};

        CU_ASSERT_EQUAL(load_text(dir, e->yaml, &template_, &diags),
                        HR_ERR_INVALID);
        CU_ASSERT_PTR_NULL(template_);
        if (!has_diag(&diags, e->line, e->column, e->message)) {
            fprintf(stderr, "case %zu: wanted %lu:%lu '%s', got:\n", i,
                    e->line, e->column, e->message);
            hr_diags_print(&diags, stderr);
            CU_FAIL("diagnostic not at the expected place");
        }
        hr_diags_release(&diags);
    }
    remove_dir(dir);
}

/* Malformed YAML is a parse error with the parser's position; a missing
 * file is an I/O error. */
static void test_template_parse_and_io_errors(void)
{
    char *dir = hr_test_tmpdir();
    hr_template *template_ = NULL;
    hr_diags diags = {0};

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    CU_ASSERT_EQUAL(load_text(dir, "title: [unclosed\npages: x\n",
                              &template_, &diags),
                    HR_ERR_PARSE);
    CU_ASSERT_PTR_NULL(template_);
    CU_ASSERT_EQUAL(hr_diags_count(&diags, HR_ERROR), 1);
    CU_ASSERT(diags.count == 1 && diags.items[0].line == 2);
    hr_diags_release(&diags);

    CU_ASSERT_EQUAL(hr_template_load(hr_repo_path("templates/none.yaml"),
                                     &template_, &diags),
                    HR_ERR_IO);
    CU_ASSERT_PTR_NULL(template_);
    CU_ASSERT_EQUAL(hr_diags_count(&diags, HR_ERROR), 1);
    hr_diags_release(&diags);
    remove_dir(dir);
}

static void test_template_page_count(void)
{
    hr_template *template_ = NULL;
    hr_diags diags = {0};
    char *dir = hr_test_tmpdir();

    CU_ASSERT_EQUAL(hr_template_load(
                        hr_repo_path("templates/capacity-plan.yaml"),
                        &template_, &diags),
                    HR_OK);
    hr_diags_print(&diags, stderr);
    CU_ASSERT_EQUAL(diags.count, 0);
    CU_ASSERT_EQUAL(hr_template_page_count(template_), SHIPPED_PAGES);
    hr_template_free(template_);

    template_ = NULL;
    CU_ASSERT_EQUAL(load_text(dir,
                              "title: T\n"
                              "pages:\n"
                              "  - - {kind: title}\n"
                              "  - - {kind: heading, text: A}\n"
                              "  - - {kind: legend}\n",
                              &template_, &diags),
                    HR_OK);
    CU_ASSERT_EQUAL(hr_template_page_count(template_), 3);
    hr_template_free(template_);
    hr_diags_release(&diags);
    remove_dir(dir);
}

/* ---- PDF -------------------------------------------------------------- */

/* The shipped template on the real plan: one PDF page per template page,
 * "Page n of N" footers, and the verdict the plan holds. */
static void test_pdf_from_real_plan(void)
{
    hr_template *template_ = NULL;
    hr_diags diags = {0};
    char verdict[64], footer[32], *text;
    fixture f;
    char *pdf;
    struct stat st;

    fixture_open(&f, true);
    CU_ASSERT_EQUAL_FATAL(hr_template_load(
                              hr_repo_path("templates/capacity-plan.yaml"),
                              &template_, &diags),
                          HR_OK);
    pdf = join(f.dir, "plan.pdf");
    CU_ASSERT_EQUAL(hr_report_write_pdf(f.plan, template_, pdf), HR_OK);
    CU_ASSERT(stat(pdf, &st) == 0 && st.st_size > 0);
    CU_ASSERT_EQUAL(pdf_pages(pdf), SHIPPED_PAGES);

    text = pdf_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    snprintf(footer, sizeof footer, "Page %d of %d", SHIPPED_PAGES,
             SHIPPED_PAGES);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, footer));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Capacity plan: Doctrina"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "2025-01-15 12:00 UTC"));
    /* API queries saturate today's 16 servers by 1 year (test_plan.c) */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "saturated"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Sensitivity to the plan"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "the most sensitive input for"));
    if (f.plan->targets_missed > 0)
        snprintf(verdict, sizeof verdict, "SLA targets missed: %zu",
                 f.plan->targets_missed);
    else
        snprintf(verdict, sizeof verdict, "All measured targets met");
    CU_ASSERT_PTR_NOT_NULL(strstr(text, verdict));
    free(text);
    free(pdf);
    hr_template_free(template_);
    hr_diags_release(&diags);
    fixture_close(&f);
}

/* Three long tables on one template page run over several PDF pages,
 * with the header and "(continued)" repeated and a correct page total. */
static void test_pdf_tables_paginate(void)
{
    char footer[32], *text, *pdf;
    fixture f;
    int pages;

    fixture_open(&f, true);
    pdf = write_pdf(&f, "title: Tables\n"
                        "pages:\n"
                        "  - - {kind: table, table: provenance}\n"
                        "    - {kind: table, table: capacity}\n"
                        "    - {kind: table, table: measured}\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    pages = pdf_pages(pdf);
    CU_ASSERT(pages > 1);
    text = pdf_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "(continued)"));
    snprintf(footer, sizeof footer, "Page %d of %d", pages, pages);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, footer));
    snprintf(footer, sizeof footer, "Page %d of %d", pages + 1, pages);
    CU_ASSERT_PTR_NULL(strstr(text, footer));
    free(text);
    free(pdf);
    fixture_close(&f);
}

/* Without measured data the latency chart says so, the verdict says the
 * targets were not judged, and the measured table gives way to a note. */
static void test_pdf_without_measurements(void)
{
    char *text, *pdf;
    fixture f;

    fixture_open(&f, false);
    pdf = write_pdf(&f, "title: No data\n"
                        "pages:\n"
                        "  - - {kind: verdict}\n"
                        "    - {kind: chart, chart: latency, height: 200}\n"
                        "    - {kind: table, table: measured}\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    CU_ASSERT_EQUAL(pdf_pages(pdf), 1);
    text = pdf_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "no measured data"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "SLA targets not judged"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "No measured data was given"));
    free(text);
    free(pdf);
    fixture_close(&f);
}

/* A tier that no server count can serve is drawn and tabled as words,
 * never as the -1 that marks it in the plan. */
static void test_cannot_meet_target_as_words(void)
{
    char *text, *pdf;
    fixture f;

    fixture_open(&f, false);
    for (size_t m = 0; m < f.model->milestone_count; m++)
        f.plan->tiers[0].at[m].required_servers =
            f.plan->tiers[0].at[m].planned_servers = -1;
    pdf = write_pdf(&f, "title: Hopeless\n"
                        "pages:\n"
                        "  - - {kind: chart, chart: servers}\n"
                        "    - {kind: table, table: capacity}\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    text = pdf_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "cannot meet target at any milestone"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "cannot meet target with any server"));
    CU_ASSERT_PTR_NULL(strstr(text, "-1"));
    free(text);
    free(pdf);
    fixture_close(&f);
}

/* ---- capacity solver results ---------------------------------------- */

/* A server count as the sensitivity table writes it. */
static void servers_word(int servers, char *out, size_t size)
{
    if (servers < 0)
        snprintf(out, size, "none");
    else
        hr_format_grouped(servers, 0, out, size);
}

/* A month of shortfall as the sensitivity table writes it. */
static void month_word(int month, char *out, size_t size)
{
    if (month < 0)
        snprintf(out, size, "never");
    else
        snprintf(out, size, "%d", month);
}

/* Checks one row of the sensitivity table as pdftotext -layout reads it:
 * the last six words are the servers and the months at -20 %, unchanged
 * and +20 %, and the row is tagged when its input is the tier's most
 * sensitive. */
static void check_sensitivity_row(char *line, const hr_tier_plan *tp,
                                  int input)
{
    const hr_sensitivity *row = &tp->sensitivity[input];
    bool tagged = strstr(line, "most sensitive") != NULL;
    char *words[32], want[32];
    size_t n = split_words(line, words, 32);

    CU_ASSERT_EQUAL(tagged, (int)tp->most_sensitive == input);
    CU_ASSERT_FATAL(n >= 7);
    for (int i = 0; i < 3; i++) {
        servers_word(row->servers[i], want, sizeof want);
        if (strcmp(words[n - 6 + i], want) != 0)
            fprintf(stderr, "%s, %s: got '%s', want '%s' servers\n",
                    tp->tier->title, hr_sensitivity_name(input),
                    words[n - 6 + i], want);
        CU_ASSERT_STRING_EQUAL(words[n - 6 + i], want);
        month_word(row->breach_month[i], want, sizeof want);
        CU_ASSERT_STRING_EQUAL(words[n - 3 + i], want);
    }
}

/* Every number of the sensitivity table equals the plan's, with "none"
 * and "never" for -1, and exactly the most sensitive inputs are tagged. */
static void test_sensitivity_table_matches_plan(void)
{
    const hr_tier_plan *api;
    size_t tagged = 0;
    char want[32], *text, *pdf;
    fixture f;

    fixture_open(&f, false);
    pdf = write_pdf(&f, "title: Sensitivity\n"
                        "pages:\n"
                        "  - - {kind: table, table: sensitivity}\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    text = pdf_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    for (size_t t = 0; t < f.model->tier_count; t++) {
        const hr_tier_plan *tp = &f.plan->tiers[t];
        const char *at = strstr(text, tp->tier->title);

        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        tagged += tp->most_sensitive < HR_SENSITIVITY_COUNT;
        for (int k = 0; k < HR_SENSITIVITY_COUNT; k++) {
            char *line = line_with(at, hr_sensitivity_name(k), &at);

            CU_ASSERT_PTR_NOT_NULL_FATAL(line);
            check_sensitivity_row(line, tp, k);
            free(line);
        }
    }
    CU_ASSERT_EQUAL(count_of(text, "most sensitive"), tagged);

    /* API queries with growth 20 % higher needs 23,888 servers at 3 years
     * (the plan's own figure); it must read with its separator */
    api = &f.plan->tiers[0];
    CU_ASSERT_STRING_EQUAL(api->tier->title, "API queries");
    servers_word(api->sensitivity[HR_SENSITIVITY_GROWTH].servers[2], want,
                 sizeof want);
    CU_ASSERT_PTR_NOT_NULL(strchr(want, ','));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    free(text);
    free(pdf);
    fixture_close(&f);
}

/* Doctrina's 3x normal load never needs more servers than the peak (its
 * peaks are at least three times the average), so no "3x normal" tag; a
 * plan edited so that 3x normal decides at API queries' last milestone
 * shows the planned count with the tag and the peak's own count, in the
 * table, the servers chart and the servers-needed key figure. */
static void test_three_x_normal_decides(void)
{
    const char *capacity = "title: Capacity\n"
                           "pages:\n"
                           "  - - {kind: table, table: capacity}\n";
    size_t last;
    hr_tier_point *pt;
    char want[64], count[32], *text, *pdf;
    double total = 0.0;
    fixture f;

    fixture_open(&f, false);
    last = f.model->milestone_count - 1;
    for (size_t t = 0; t < f.model->tier_count; t++)
        for (size_t m = 0; m <= last; m++)
            CU_ASSERT(f.plan->tiers[t].at[m].required_at_3x <=
                      f.plan->tiers[t].at[m].required_servers);
    pdf = write_pdf(&f, capacity);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    text = pdf_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NULL(strstr(text, "3x normal"));
    free(text);
    free(pdf);

    pt = &f.plan->tiers[0].at[last];
    pt->required_at_3x = pt->planned_servers = 7777;
    pdf = write_pdf(&f, capacity);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    text = pdf_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL(count_of(text, "3x normal"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "7,777 servers"));
    hr_format_grouped(pt->required_servers, 0, count, sizeof count);
    snprintf(want, sizeof want, "peak needs %s", count);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    free(text);
    free(pdf);

    pdf = write_pdf(&f, "title: Chart\n"
                        "pages:\n"
                        "  - - {kind: chart, chart: servers}\n"
                        "    - {kind: keyfigures,"
                        " figures: [servers_needed]}\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    text = pdf_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "7,777"));
    CU_ASSERT_PTR_NULL(strstr(text, count));
    for (size_t t = 0; t < f.model->tier_count; t++)
        total += f.plan->tiers[t].at[last].planned_servers;
    snprintf(want, sizeof want, "%s servers",
             hr_format_grouped(total, 0, count, sizeof count));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    free(text);
    free(pdf);
    fixture_close(&f);
}

/* Text of the most-sensitive key figure for the plan as it stands. */
static char *sensitive_figure(const fixture *f)
{
    char *pdf = write_pdf(f, "title: Figure\n"
                             "pages:\n"
                             "  - - {kind: keyfigures, "
                             "figures: [most_sensitive]}\n");
    char *text = pdf ? pdf_text(pdf) : NULL;

    free(pdf);
    return text;
}

/* The figure names the input that is most sensitive for the most tiers
 * (growth in Doctrina: counted from the plan), settles a tie by the tier
 * with the most servers, and says "None" when nothing moves. */
static void test_most_sensitive_figure(void)
{
    size_t count[HR_SENSITIVITY_COUNT + 1] = {0}, tiers;
    char want[64], *text;
    fixture f;

    fixture_open(&f, false);
    tiers = f.model->tier_count;
    for (size_t t = 0; t < tiers; t++)
        count[f.plan->tiers[t].most_sensitive]++;
    CU_ASSERT(count[HR_SENSITIVITY_GROWTH] > count[HR_SENSITIVITY_SERVICE_TIME]
              && count[HR_SENSITIVITY_GROWTH] >
                     count[HR_SENSITIVITY_PEAK_MULTIPLIER]);
    text = sensitive_figure(&f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Growth"));
    snprintf(want, sizeof want, "for %zu of %zu tiers",
             count[HR_SENSITIVITY_GROWTH], tiers);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    CU_ASSERT_PTR_NULL(strstr(text, "a tie"));
    free(text);

    /* one tier each: API queries (the most servers) leads with service
     * time, Course search with peak multiplier */
    for (size_t t = 0; t < tiers; t++)
        f.plan->tiers[t].most_sensitive = HR_SENSITIVITY_COUNT;
    f.plan->tiers[0].most_sensitive = HR_SENSITIVITY_SERVICE_TIME;
    f.plan->tiers[1].most_sensitive = HR_SENSITIVITY_PEAK_MULTIPLIER;
    text = sensitive_figure(&f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Service time"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "a tie"));
    free(text);

    f.plan->tiers[0].most_sensitive = HR_SENSITIVITY_COUNT;
    f.plan->tiers[1].most_sensitive = HR_SENSITIVITY_COUNT;
    text = sensitive_figure(&f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "None"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "no input moved"));
    free(text);
    fixture_close(&f);
}

/* One word of pdftotext -bbox output: its box and text. */
typedef struct bbox_word {
    double x_min, x_max;
    char text[64];
} bbox_word;

/* Reads the next <word ...> element after *p; false when none is left. */
static bool next_word(const char **p, bbox_word *w)
{
    const char *at = strstr(*p, "<word ");
    double y_min, y_max;
    int used = 0;

    if (!at || sscanf(at, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" "
                          "yMax=\"%lf\">%63[^<]%n",
                      &w->x_min, &y_min, &w->x_max, &y_max, w->text,
                      &used) < 5)
        return false;
    *p = at + used;
    return true;
}

/* In the latency chart the value labels stay inside the plot frame: the
 * frame's right edge is where the last tick label ("10,000" ms for this
 * data) is centred, and every label ends in "ms)" left of it. */
static void test_latency_labels_inside_frame(void)
{
    const char *p;
    double frame = -1.0;
    size_t labels = 0;
    char command[1024], *xml, *pdf;
    bbox_word w;
    fixture f;

    fixture_open(&f, true);
    pdf = write_pdf(&f, "title: Latency\n"
                        "pages:\n"
                        "  - - {kind: chart, chart: latency}\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    snprintf(command, sizeof command, "pdftotext -bbox '%s' - 2>/dev/null",
             pdf);
    xml = run_output(command);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    for (p = xml; next_word(&p, &w);)
        if (strcmp(w.text, "10,000") == 0)
            frame = (w.x_min + w.x_max) / 2;
    CU_ASSERT_FATAL(frame > 0.0);
    for (p = xml; next_word(&p, &w);)
        if (strcmp(w.text, "ms)") == 0) {
            labels++;
            if (w.x_max > frame)
                fprintf(stderr, "label ends at %.1f, frame at %.1f\n",
                        w.x_max, frame);
            CU_ASSERT(w.x_max <= frame);
        }
    CU_ASSERT_EQUAL(labels, f.plan->label_count);
    free(xml);
    free(pdf);
    fixture_close(&f);
}

/* Unwritable paths give I/O errors, not crashes or partial success. */
static void test_output_errors(void)
{
    hr_template *template_ = NULL;
    hr_diags diags = {0};
    fixture f;

    fixture_open(&f, false);
    CU_ASSERT_EQUAL(hr_template_load(
                        hr_repo_path("templates/capacity-plan.yaml"),
                        &template_, &diags),
                    HR_OK);
    CU_ASSERT_EQUAL(hr_report_write_pdf(f.plan, template_,
                                        "/nonexistent-dir/report.pdf"),
                    HR_ERR_IO);
    CU_ASSERT_EQUAL(hr_chart_write_png(f.plan, HR_CHART_GROWTH,
                                       "/nonexistent-dir/growth.png", 600,
                                       400),
                    HR_ERR_IO);
    CU_ASSERT_EQUAL(hr_chart_write_png(f.plan, HR_CHART_GROWTH, "x.png", 0,
                                       400),
                    HR_ERR_DOMAIN);
    hr_template_free(template_);
    hr_diags_release(&diags);
    fixture_close(&f);
}

/* ---- growth fits ------------------------------------------------------ */

/* Text of a PDF in drawing order (pdftotext -raw), so that a table cell's
 * wrapped lines follow each other (caller frees). */
static char *pdf_raw_text(const char *path)
{
    char command[1024];

    snprintf(command, sizeof command, "pdftotext -raw '%s' - 2>/dev/null",
             path);
    return run_output(command);
}

/* Removes every blank and line break from text in place, so that text
 * wrapped at any width compares with the string it was made from. */
static char *squeeze(char *text)
{
    char *to = text;

    for (const char *from = text; *from; from++)
        if (!isspace((unsigned char)*from))
            *to++ = *from;
    *to = '\0';
    return text;
}

/* Finds want (squeezed) in squeezed text at or after *at; moves *at past
 * it. False, with a note on stderr, when it is not there. */
static bool find_after(const char **at, const char *want)
{
    char *needle = squeeze(strdup(want));
    const char *hit = needle ? strstr(*at, needle) : NULL;

    if (!hit)
        fprintf(stderr, "not found in order: '%s'\n", want);
    else
        *at = hit + strlen(needle);
    free(needle);
    return hit != NULL;
}

/* Every series' row of the growth-fits table reads, in order, its title,
 * the chosen curve, the plan's fit.reason word for word, its RSE to three
 * decimals ("none" when undefined) and the points fitted; a series whose
 * last value comes from a driver says so (Concurrent users follow
 * Registered users in Doctrina). */
static void test_growth_fits_table(void)
{
    const hr_model *model;
    const char *at;
    char want[256], *text, *pdf;
    fixture f;

    fixture_open(&f, false);
    model = f.model;
    pdf = write_pdf(&f, "title: Fits\n"
                        "pages:\n"
                        "  - - {kind: table, table: growth_fits}\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    text = pdf_raw_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    squeeze(text);
    at = text;
    for (size_t i = 0; i < model->series_count; i++) {
        const hr_projection *p = &f.plan->projections[i];

        CU_ASSERT_FATAL(p->fit.reason[0] != '\0');
        CU_ASSERT(find_after(&at, p->series->title));
        CU_ASSERT(find_after(&at, hr_growth_kind_name(p->fit.kind)));
        CU_ASSERT(find_after(&at, p->fit.reason));
        if (isfinite(p->fit.rse_log10))
            snprintf(want, sizeof want, "%.3f", p->fit.rse_log10);
        else
            snprintf(want, sizeof want, "none");
        CU_ASSERT(find_after(&at, want));
        snprintf(want, sizeof want, "%zu", p->fit.points);
        CU_ASSERT(find_after(&at, want));
    }
    CU_ASSERT_STRING_EQUAL(model->series[0].extrapolate_with,
                           "registered_users");
    snprintf(want, sizeof want, "%s from the growth of %s",
             model->milestones[model->milestone_count - 1].label,
             hr_model_find_series(model, "registered_users")->title);
    at = text;
    CU_ASSERT(find_after(&at, want));
    free(text);
    free(pdf);
    fixture_close(&f);
}

/* A model whose series stops a milestone early and names no driver: four
 * given values that level off choose a logistic (test_project.c), and
 * its last value comes from that curve; the table says so. */
static const char fills_model[] =
    "name: Mini\n"
    "document: Test document\n"
    "horizon_months: 36\n"
    "intraday_peak_factor: {value: 2, source: assumed}\n"
    "milestones:\n"
    "  - {id: a, label: Launch, month: 0}\n"
    "  - {id: b, label: Half year, month: 6}\n"
    "  - {id: c, label: One year, month: 12}\n"
    "  - {id: d, label: Two years, month: 24}\n"
    "  - {id: e, label: Three years, month: 36}\n"
    "series:\n"
    "  - id: users\n"
    "    title: Members\n"
    "    unit: users\n"
    "    period: level\n"
    "    source: s1\n"
    "    values: {a: 100, b: 1000, c: 5000, d: 9000, e: null}\n"
    "    missing: the document stops at two years\n"
    "targets:\n"
    "  - {id: t, title: T, p95_ms: 100, source: s3}\n"
    "tiers:\n"
    "  - id: api\n"
    "    title: API\n"
    "    driver: users\n"
    "    requests_per_unit: {value: 0.1, source: x}\n"
    "    service_time_ms: {value: 20, source: x}\n"
    "    servers: {value: 2, source: x}\n"
    "    target: t\n";

static void test_growth_fit_fills_values(void)
{
    const hr_projection *p;
    hr_diags diags = {0};
    char value[32], *path, *text, *pdf;
    const char *at;
    fixture f;

    memset(&f, 0, sizeof f);
    f.dir = hr_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f.dir);
    path = join(f.dir, "mini.yaml");
    CU_ASSERT_FATAL(path && hr_write_text(path, fills_model) == 0);
    CU_ASSERT_EQUAL_FATAL(hr_model_load(path, &f.model, &diags), HR_OK);
    hr_diags_release(&diags);
    free(path);
    CU_ASSERT_EQUAL_FATAL(
        hr_plan_build(f.model, NULL, GENERATED_AT, &f.plan), HR_OK);
    p = &f.plan->projections[0];
    CU_ASSERT_FATAL(p->fit.usable && p->fit.kind == HR_GROWTH_LOGISTIC);
    CU_ASSERT_EQUAL(p->milestone_provenance[4], HR_EXTRAPOLATED);

    pdf = write_pdf(&f, "title: Fits\n"
                        "pages:\n"
                        "  - - {kind: table, table: growth_fits}\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    text = pdf_raw_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    squeeze(text);
    at = text;
    CU_ASSERT(find_after(&at, "logistic"));
    CU_ASSERT(find_after(&at, "Three years from this curve"));
    CU_ASSERT(find_after(&at, p->fit.reason));
    /* the fit at month 36 is the value the plan took for it */
    hr_format_sig(p->milestone_value[4], value, sizeof value);
    CU_ASSERT(find_after(&at, value));
    free(text);
    free(pdf);
    fixture_close(&f);
}

/* Widest 95 % band of a projection, in decades; 0 without one. */
static double widest_band(const hr_projection *p)
{
    double widest = 0.0;

    for (int m = 0; m < p->month_count; m++)
        if (p->band_low[m] > 0.0 && p->band_high[m] > 0.0)
            widest = fmax(widest, log10(p->band_high[m] / p->band_low[m]));
    return widest;
}

/* The growth chart's legend names the band and the fitted curve, and
 * notes each plotted series whose band is wider than chart.c draws
 * (3 decades: Students in Doctrina, 5.2 decades) with its width from the
 * plan; without any band the band entry is gone. */
static void test_growth_chart_band_legend(void)
{
    const char *chart = "title: Chart\n"
                        "pages:\n"
                        "  - - {kind: chart, chart: growth}\n";
    size_t notes = 0;
    char want[160], *text, *pdf;
    fixture f;

    fixture_open(&f, false);
    pdf = write_pdf(&f, chart);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    text = pdf_raw_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "95 % band of the fitted growth "
                                        "curve"));
    CU_ASSERT_EQUAL(count_of(text, "fitted growth curve"), 2);
    for (size_t i = 0; i < f.model->series_count; i++) {
        const hr_projection *p = &f.plan->projections[i];
        double decades = widest_band(p);

        if (strcmp(p->series->unit, "users") != 0 || decades <= 3.0)
            continue;
        snprintf(want, sizeof want, "%s: band up to %.1f decades wide, "
                 "not drawn", p->series->title, decades);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
        notes++;
    }
    CU_ASSERT_EQUAL(notes, 1);
    CU_ASSERT_EQUAL(count_of(text, "not drawn"), notes);
    free(text);
    free(pdf);

    for (size_t i = 0; i < f.model->series_count; i++) {
        hr_projection *p = &f.plan->projections[i];

        for (int m = 0; m < p->month_count; m++)
            p->band_low[m] = p->band_high[m] = NAN;
    }
    pdf = write_pdf(&f, chart);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    text = pdf_raw_text(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NULL(strstr(text, "95 % band"));
    CU_ASSERT_PTR_NULL(strstr(text, "not drawn"));
    free(text);
    free(pdf);
    fixture_close(&f);
}

/* Decodes a growth chart PNG of the plan at 1200 x 700 (caller destroys
 * it). */
static cairo_surface_t *growth_png(const fixture *f, const char *name)
{
    char *path = join(f->dir, name);
    cairo_surface_t *image;

    CU_ASSERT_EQUAL(hr_chart_write_png(f->plan, HR_CHART_GROWTH, path, 1200,
                                       700),
                    HR_OK);
    image = cairo_image_surface_create_from_png(path);
    free(path);
    CU_ASSERT_EQUAL(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
    return image;
}

/* Registered users' band is shaded: the chart with it and the chart with
 * that band removed (NAN) differ in more than 0.5 % of the pixels (the
 * band is about 0.35 decades tall over the whole horizon), the changed
 * pixels span more than half the width (months 0 to 36, so through months
 * 18 to 30), and with the band they are mostly tinted vermillion, the
 * series' colour (red channel above blue), where the background is
 * white or grey. */
static void test_growth_png_band_pixels(void)
{
    cairo_surface_t *with, *without;
    size_t changed = 0, red = 0;
    int left = 1200, right = -1;
    hr_projection *p;
    fixture f;

    fixture_open(&f, false);
    p = &f.plan->projections[1];
    CU_ASSERT_STRING_EQUAL_FATAL(p->series->title, "Registered users");
    with = growth_png(&f, "with.png");
    for (int m = 0; m < p->month_count; m++)
        p->band_low[m] = p->band_high[m] = NAN;
    without = growth_png(&f, "without.png");
    if (cairo_surface_status(with) == CAIRO_STATUS_SUCCESS &&
        cairo_surface_status(without) == CAIRO_STATUS_SUCCESS) {
        int stride = cairo_image_surface_get_stride(with);
        const unsigned char *a = cairo_image_surface_get_data(with);
        const unsigned char *b = cairo_image_surface_get_data(without);

        for (int y = 0; y < 700; y++)
            for (int x = 0; x < 1200; x++) {
                uint32_t pa, pb;

                memcpy(&pa, a + (size_t)y * stride + (size_t)x * 4, 4);
                memcpy(&pb, b + (size_t)y * stride + (size_t)x * 4, 4);
                if (pa == pb)
                    continue;
                changed++;
                red += ((pa >> 16) & 0xff) > (pa & 0xff) + 8;
                left = x < left ? x : left;
                right = x > right ? x : right;
            }
    }
    CU_ASSERT(changed > 1200 * 700 / 200);
    CU_ASSERT(red * 10 > changed * 8);
    CU_ASSERT(right - left > 600);
    cairo_surface_destroy(with);
    cairo_surface_destroy(without);
    fixture_close(&f);
}

/* ---- PNG charts ------------------------------------------------------- */

/* Share of pixels that differ from the top-left (background) pixel. */
static double ink_share(cairo_surface_t *image)
{
    int width = cairo_image_surface_get_width(image);
    int height = cairo_image_surface_get_height(image);
    int stride = cairo_image_surface_get_stride(image);
    const unsigned char *data = cairo_image_surface_get_data(image);
    uint32_t background;
    size_t ink = 0;

    memcpy(&background, data, sizeof background);
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++) {
            uint32_t pixel;

            memcpy(&pixel, data + (size_t)y * stride + (size_t)x * 4,
                   sizeof pixel);
            ink += pixel != background;
        }
    return (double)ink / ((double)width * height);
}

/* Each chart, with and without measured data, decodes at its size and
 * has ink on at least 2 % of its pixels (a title alone has less). */
static void check_pngs(bool measured)
{
    fixture f;

    fixture_open(&f, measured);
    for (int k = 0; k < HR_CHART_COUNT; k++) {
        char name[64], *path;
        cairo_surface_t *image;

        snprintf(name, sizeof name, "%s.png", hr_chart_name(k));
        path = join(f.dir, name);
        CU_ASSERT_EQUAL(hr_chart_write_png(f.plan, k, path, 1200, 700),
                        HR_OK);
        image = cairo_image_surface_create_from_png(path);
        CU_ASSERT_EQUAL(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
        CU_ASSERT_EQUAL(cairo_image_surface_get_width(image), 1200);
        CU_ASSERT_EQUAL(cairo_image_surface_get_height(image), 700);
        if (cairo_surface_status(image) == CAIRO_STATUS_SUCCESS)
            CU_ASSERT(ink_share(image) > 0.02);
        cairo_surface_destroy(image);
        free(path);
    }
    fixture_close(&f);
}

static void test_png_charts(void)
{
    check_pngs(true);
}

static void test_png_charts_without_data(void)
{
    check_pngs(false);
}

static void test_chart_names(void)
{
    for (int k = 0; k < HR_CHART_COUNT; k++)
        CU_ASSERT_EQUAL(hr_chart_from_name(hr_chart_name(k)), k);
    CU_ASSERT_EQUAL(hr_chart_from_name("pie"), HR_CHART_COUNT);
    CU_ASSERT_EQUAL(hr_chart_from_name(NULL), HR_CHART_COUNT);
}

/* ---- number formats --------------------------------------------------- */

typedef struct format_case {
    double value;
    int decimals;            /* -1: hr_format_sig; -2: compact */
    const char *want;
} format_case;

static void test_number_formats(void)
{
    static const format_case cases[] = {
        {1234567.8, 0, "1,234,568"}, {-1234.5, 1, "-1,234.5"},
        {999.0, 0, "999"},           {-0.04, 1, "0.0"},
        {1000.0, 0, "1,000"},        {NAN, 0, "n/a"},
        {0.0123, -1, "0.0123"},      {12.0, -1, "12"},
        {4.5, -1, "4.5"},            {12.34, -1, "12.3"},
        {123456.0, -1, "123,456"},   {0.0, -1, "0"},
        {2000.0, -2, "2k"},          {1500000.0, -2, "1.5M"},
        {500.0, -2, "500"},
    };
    char out[64];

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const format_case *c = &cases[i];

        if (c->decimals >= 0)
            hr_format_grouped(c->value, c->decimals, out, sizeof out);
        else if (c->decimals == -1)
            hr_format_sig(c->value, out, sizeof out);
        else
            hr_format_compact(c->value, out, sizeof out);
        if (strcmp(out, c->want) != 0)
            fprintf(stderr, "case %zu: got '%s', want '%s'\n", i, out,
                    c->want);
        CU_ASSERT_STRING_EQUAL(out, c->want);
    }
}

/* 1-2-5 steps: the next of 1, 2, 5, 10 times the decade. */
static void test_nice_steps(void)
{
    HR_ASSERT_CLOSE(hr_nice_up(3.2), 5.0, 1e-12);
    HR_ASSERT_CLOSE(hr_nice_up(7.0), 10.0, 1e-12);
    HR_ASSERT_CLOSE(hr_nice_up(0.15), 0.2, 1e-12);
    HR_ASSERT_CLOSE(hr_nice_up(2000.0), 2000.0, 1e-12);
    HR_ASSERT_CLOSE(hr_nice_step(36.0, 6), 10.0, 1e-12);
    HR_ASSERT_CLOSE(hr_nice_step(1000.0, 5), 200.0, 1e-12);
}

static const hr_test_case cases[] = {
    {"template errors located", test_template_errors_located},
    {"template parse and io errors", test_template_parse_and_io_errors},
    {"template page count", test_template_page_count},
    {"pdf from the real plan", test_pdf_from_real_plan},
    {"pdf tables paginate", test_pdf_tables_paginate},
    {"pdf without measurements", test_pdf_without_measurements},
    {"cannot meet target as words", test_cannot_meet_target_as_words},
    {"sensitivity table matches plan", test_sensitivity_table_matches_plan},
    {"3x normal decides", test_three_x_normal_decides},
    {"most sensitive figure", test_most_sensitive_figure},
    {"latency labels inside frame", test_latency_labels_inside_frame},
    {"growth fits table", test_growth_fits_table},
    {"growth fit fills values", test_growth_fit_fills_values},
    {"growth chart band legend", test_growth_chart_band_legend},
    {"growth png band pixels", test_growth_png_band_pixels},
    {"output errors", test_output_errors},
    {"png charts", test_png_charts},
    {"png charts without data", test_png_charts_without_data},
    {"chart names", test_chart_names},
    {"number formats", test_number_formats},
    {"nice steps", test_nice_steps},
};

HR_TEST_MAIN("report", cases)
