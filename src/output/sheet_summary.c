/*
 * sheet_summary.c - the workbook's first sheet: what was planned and
 * when, how to read the cells, the verdicts in counts, each tier's
 * servers today against those required at each milestone with the input
 * that moves them most, the fixed limits, and how the numbers were made
 * (inputs before results).
 *
 * Verdict words are coloured red, amber and green by conditional
 * formats. Counts of measured verdicts are COUNTIF formulas over the
 * Measured sheet, targets and servers today refer to the Assumptions'
 * names, required servers to the Capacity sheet: edits elsewhere show
 * here.
 */
#include "output/sheet.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Months ahead within which a breach is red rather than amber. */
#define SOON_MONTHS 12

/* Verdict words (never breached, breached after SOON_MONTHS, within
 * them, today) and their colours. */
static const char *const tier_words[] = {"enough", "short later",
                                         "short within a year", "short today"};
static const char *const limit_words[] = {"within", "over later",
                                          "over within a year", "over today"};
static const hr_rag verdict_colours[] = {HR_RAG_GREEN, HR_RAG_AMBER, HR_RAG_RED,
                                         HR_RAG_RED};

/* How the numbers were made, one topic a row. */
static const char *const method_notes[][2] = {
    {"Percentile estimator",
     "nearest rank: the p-th percentile of N sorted samples is x[ceil(p N)] "
     "(1-based), a time that a real request took; at least 95 % of "
     "requests took the p95 or less"},
    {"Latency targets",
     "every target is the 95th percentile of response time, in ms"},
    {"Queueing model",
     "each tier is an M/M/c queue (Poisson arrivals, exponential service "
     "times, c servers); the chance of waiting is Erlang C and the p95 of "
     "response time (wait plus service) comes from its exact distribution"},
    {"Required servers",
     "the fewest servers whose p95 response time meets the tier's target "
     "at the milestone's peak arrivals"},
    {"Normal load and 3x",
     "normal load is the milestone's average rate (no peak multiplier, no "
     "intraday factor); the document asks for no degradation up to 3x "
     "normal load (sec. 9.3), so the servers planned on the Capacity sheet "
     "are the larger of the peak's count and 3x normal load's"},
    {"Sensitivity",
     "service time, peak multiplier and growth are each moved by -20 % and "
     "+20 % (growth in its exponent: v0 (v / v0)^(1 \u00B1 0.2)); the input "
     "whose move changes the servers at the last milestone most is the "
     "most sensitive (Sensitivity sheet)"},
    {"Growth curves",
     "an exponential and a logistic curve are fitted to each series' given "
     "milestones; the chosen one, why, and its 95 % band are on the Peaks "
     "and Growth sheets"},
    {"Growth between milestones",
     "monotone cubic (Steffen, 1990) through the logarithms of the "
     "milestone values; a month is 30 days"},
    {"Missing milestone values",
     "filled from a driver series' growth when the model names one, else "
     "by continuing the last growth rate; marked interpolated or "
     "extrapolated"},
    {"Peak arrivals",
     "level series: peak value x requests per unit; rate series: peak "
     "value x requests per unit x intraday peak factor / seconds in the "
     "period"},
    {"Breach month",
     "the first month whose peak the current servers (or limit) cannot "
     "carry within the target; \"none\" when they last the horizon; a "
     "breach within a year is red, a later one amber"},
    {"Provenance words",
     "document: stated in the SLA document; assumed: chosen by the model's "
     "author; measured: from a load-test file; derived: computed by "
     "headroom; interpolated or extrapolated: a filled milestone value"},
    {"Live formulas",
     "peaks, arrivals, utilisation, Erlang B and C, the wait p95, the "
     "share of requests within target and the verdicts on measured "
     "labels are formulas over the Assumptions sheet; grey cells were "
     "computed by headroom and stay as they are"},
};

/* Characters of a line of text that runs on across the Summary. */
#define LINE_CHARS 110

/* Writes a label and a text value (on as many rows as it needs);
 * returns the next row. */
static lxw_row_t write_pair(hr_sheet *sheet, lxw_row_t row, const char *key,
                            const char *value)
{
    lxw_row_t next;

    hr_sheet_text(sheet, row, 0, key, sheet->book->label);
    next = hr_sheet_paragraph(sheet, row, 1, LINE_CHARS, value, NULL);
    return next > row ? next : row + 1;
}

/* Model, document, file, generation time, horizon and milestones. */
static lxw_row_t write_identity(hr_sheet *sheet, lxw_row_t row,
                                const hr_plan *plan)
{
    const hr_model *model = plan->model;
    char stamp[64] = "unknown", text[256];
    struct tm utc;

    if (gmtime_r(&plan->generated_at, &utc))
        strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S UTC", &utc);
    hr_sheet_textf(sheet, row++, 0, sheet->book->title, "Capacity plan: %s",
                   model->name ? model->name : "");
    row++;
    row = write_pair(sheet, row, "Model", model->name);
    row = write_pair(sheet, row, "SLA document", model->document);
    row = write_pair(sheet, row, "Model file", model->path);
    row = write_pair(sheet, row, "Generated", stamp);
    snprintf(text, sizeof text, "%d months", model->horizon_months);
    row = write_pair(sheet, row, "Horizon", text);
    for (size_t i = 0; i < model->milestone_count; i++) {
        const hr_milestone *m = &model->milestones[i];

        snprintf(text, sizeof text, "%s (month %d)", hr_sheet_or(m->label, "?"),
                 m->month);
        row = write_pair(sheet, row, i == 0 ? "Milestones" : NULL, text);
    }
    return row + 1;
}

/* ---- verdicts -------------------------------------------------------- */

/* Counts verdicts of one kind. */
static size_t count_verdicts(const hr_plan *plan, hr_verdict verdict)
{
    size_t count = 0;

    for (size_t i = 0; plan->verdicts && i < plan->label_count; i++)
        count += plan->verdicts[i].verdict == verdict;
    return count;
}

/* Limits whose compared peak goes over them within the horizon. */
static size_t count_limits_exceeded(const hr_plan *plan)
{
    size_t count = 0;

    for (size_t i = 0; i < plan->model->limit_count; i++)
        count += plan->limits[i].breach_month >= 0;
    return count;
}

/* A count of measured verdicts: COUNTIF over the Measured sheet's
 * verdict column (live), or a plain 0 without labels. */
static void write_label_count(hr_plan_book *book, hr_sheet *sheet,
                              lxw_row_t row, hr_verdict verdict)
{
    const hr_plan *plan = book->plan;
    hr_num_style integer = {HR_NUM_INTEGER, HR_CELL_PLAIN, NULL};
    char range[2 * HR_XLSX_REF_SIZE];

    if (plan->label_count == 0) {
        hr_sheet_count(sheet, row, 1, 0);
        return;
    }
    hr_xlsx_sheet_range(range, HR_SHEET_MEASURED, 1, HR_MEAS_VERDICT,
                        (lxw_row_t)plan->label_count, HR_MEAS_VERDICT);
    hr_sheet_formula(sheet, row, 1, (double)count_verdicts(plan, verdict),
                     &integer, NULL, "COUNTIF(%s,\"%s\")", range,
                     hr_verdict_name(verdict));
}

/* One row of the verdict table: key, count (coloured), "of total". */
static void write_count_row(hr_sheet *sheet, lxw_row_t row, const char *key,
                            size_t total, int colour)
{
    hr_sheet_text(sheet, row, 0, key, sheet->book->label);
    hr_sheet_textf(sheet, row, 2, NULL, "of %zu", total);
    if (colour)
        hr_sheet_rag_count(sheet, row, 1, colour > 1);
}

/* The verdicts in counts. */
static lxw_row_t write_verdicts(hr_plan_book *book, hr_sheet *sheet,
                                lxw_row_t row)
{
    static const char *const titles[] = {"Verdict", "Count", "Of"};
    const hr_plan *plan = book->plan;
    const hr_model *model = plan->model;
    size_t labels = plan->label_count;

    hr_sheet_header(sheet, row++, titles, HR_SHEET_COUNT(titles));
    write_count_row(sheet, row, "Measured labels that missed the target",
                    labels, 1);
    write_label_count(book, sheet, row++, HR_VERDICT_MISSED);
    write_count_row(sheet, row, "Measured labels that met the target", labels,
                    0);
    write_label_count(book, sheet, row++, HR_VERDICT_MET);
    write_count_row(sheet, row, "Measured labels with no target", labels, 2);
    write_label_count(book, sheet, row++, HR_VERDICT_UNJUDGED);
    write_count_row(sheet, row, "Tiers short of servers", model->tier_count, 1);
    hr_sheet_count(sheet, row++, 1, plan->tiers_short);
    write_count_row(sheet, row, "Limits exceeded within the horizon",
                    model->limit_count, 1);
    hr_sheet_count(sheet, row++, 1, count_limits_exceeded(plan));
    if (plan->measured) {
        hr_sheet_text(sheet, row, 0, "Measured samples", sheet->book->label);
        hr_sheet_count(sheet, row++, 1, hr_sample_set_total(plan->measured));
    }
    return row + 1;
}

/* ---- tiers ----------------------------------------------------------- */

/* The verdict word of a breach month (-1: none). */
static const char *breach_word(int breach_month, const char *const *words)
{
    if (breach_month < 0)
        return words[0];
    if (breach_month > SOON_MONTHS)
        return words[1];
    return breach_month > 0 ? words[2] : words[3];
}

/* The tier table's header: tier, servers today, one column per
 * milestone, then breach month, verdict and target. */
static void write_tier_header(hr_sheet *sheet, lxw_row_t row,
                              const hr_model *model)
{
    static const char *const first[HR_SUM_TIER_REQUIRED] = {"Tier",
                                                            "Servers today"};
    static const char *const after[] = {"First breach month", "Verdict",
                                        "Most sensitive input",
                                        "Target p95 (ms)", "Target class"};
    lxw_col_t col = HR_SUM_TIER_REQUIRED;
    char title[512];

    hr_sheet_header(sheet, row, first, HR_SUM_TIER_REQUIRED);
    for (size_t k = 0; k < model->milestone_count; k++) {
        snprintf(title, sizeof title, "Required at %s",
                 hr_sheet_or(model->milestones[k].label, "?"));
        hr_sheet_header_cell(sheet, row, col++, title);
    }
    for (size_t i = 0; i < HR_SHEET_COUNT(after); i++)
        hr_sheet_header_cell(sheet, row, col++, after[i]);
}

/* One tier: servers by name, required servers by reference to the
 * Capacity sheet, breach month, verdict, the most sensitive input, and
 * the target by name. */
static void write_tier_row(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                           size_t t)
{
    const hr_plan *plan = book->plan;
    const hr_tier_plan *tier = &plan->tiers[t];
    const hr_target_class *target = tier->target;
    hr_num_style one = {HR_NUM_ONE, HR_CELL_PLAIN, NULL};
    hr_num_style integer = {HR_NUM_INTEGER, HR_CELL_PLAIN, NULL};
    hr_num_style breach = {HR_NUM_INTEGER, HR_CELL_COMPUTED, NULL};
    lxw_col_t col = HR_SUM_TIER_REQUIRED;
    char ref[HR_XLSX_REF_SIZE];

    hr_sheet_text(sheet, row, 0,
                  hr_sheet_name(tier->tier->title, tier->tier->id), NULL);
    hr_sheet_formula(sheet, row, 1, tier->tier->servers, &integer, NULL, "%s",
                     book->names.servers[t]);
    for (size_t k = 0; k < plan->model->milestone_count; k++, col++) {
        int required = tier->at[k].required_servers;

        hr_xlsx_sheet_cell(ref, HR_SHEET_CAPACITY, hr_capacity_row(plan, t, k),
                           HR_CAP_REQUIRED);
        hr_sheet_formula(sheet, row, col, required < 0 ? NAN : required,
                         &integer, "cannot meet target", "%s", ref);
    }
    hr_sheet_value(sheet, row, col++,
                   tier->breach_month < 0 ? NAN : tier->breach_month, &breach,
                   "none");
    hr_sheet_text(sheet, row, col++,
                  breach_word(tier->breach_month, tier_words), NULL);
    hr_sheet_text(sheet, row, col++, hr_sensitivity_name(tier->most_sensitive),
                  NULL);
    if (target)
        hr_sheet_formula(sheet, row, col, target->p95_ms, &one, NULL, "%s",
                         book->names.target[target - plan->model->classes]);
    hr_sheet_text(sheet, row, col + 1,
                  target ? hr_sheet_name(target->title, target->id) : "none",
                  NULL);
}

/* One row per tier; remembers where the table is for the charts. */
static lxw_row_t write_tiers(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row)
{
    const hr_model *model = book->plan->model;
    lxw_col_t verdict =
        (lxw_col_t)(HR_SUM_TIER_REQUIRED + model->milestone_count + 1);

    book->summary_tiers = row;
    write_tier_header(sheet, row++, model);
    for (size_t t = 0; t < model->tier_count; t++)
        write_tier_row(book, sheet, row + t, t);
    hr_sheet_rag_words(sheet, row, verdict, row + model->tier_count - 1,
                       verdict, tier_words, verdict_colours,
                       HR_SHEET_COUNT(tier_words));
    return row + model->tier_count + 1;
}

/* ---- limits ---------------------------------------------------------- */

/* The Growth cell holding the compared peak at the horizon, into ref;
 * NULL when the limit compares nothing. */
static const char *horizon_peak(char *ref, const hr_plan *plan,
                                const hr_limit *limit)
{
    const hr_model *model = plan->model;
    lxw_row_t row = (lxw_row_t)plan->month_count;

    if (limit->compare_series) {
        const hr_series *s = hr_model_find_series(model, limit->compare_series);

        if (s)
            return hr_xlsx_sheet_cell(
                ref, HR_SHEET_GROWTH, row,
                hr_growth_peak_col(hr_plan_series_index(model, s)));
    }
    for (size_t t = 0; limit->compare_tier && t < model->tier_count; t++)
        if (strcmp(model->tiers[t].id, limit->compare_tier) == 0)
            return hr_xlsx_sheet_cell(ref, HR_SHEET_GROWTH, row,
                                      hr_growth_arrivals_col(plan, t));
    return NULL;
}

/* One fixed limit: value by name, the compared peak at the horizon by
 * reference to Growth, the first month over and a verdict. */
static void write_limit_row(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                            size_t i)
{
    const hr_plan *plan = book->plan;
    const hr_limit_check *check = &plan->limits[i];
    const hr_limit *limit = check->limit;
    hr_num_style one = {HR_NUM_ONE, HR_CELL_PLAIN, limit->unit};
    hr_num_style peak = {HR_NUM_SIGNIFICANT, HR_CELL_PLAIN, limit->unit};
    hr_num_style month = {HR_NUM_INTEGER, HR_CELL_COMPUTED, NULL};
    char ref[HR_XLSX_REF_SIZE];
    const char *cell = horizon_peak(ref, plan, limit);
    int last = plan->month_count - 1;

    hr_sheet_text(sheet, row, 0, hr_sheet_name(limit->title, limit->id), NULL);
    hr_sheet_formula(sheet, row, 1, limit->value, &one, NULL, "%s",
                     book->names.limit[i]);
    hr_sheet_text(sheet, row, 2,
                  cell ? hr_sheet_or(check->compared_title, "?") : "nothing",
                  NULL);
    if (cell && check->monthly_peak && last >= 0)
        hr_sheet_formula(sheet, row, 3, check->monthly_peak[last], &peak, NULL,
                         "%s", cell);
    else
        hr_sheet_number(sheet, row, 3, NAN, HR_NUM_SIGNIFICANT, NULL);
    hr_sheet_value(sheet, row, 4,
                   check->breach_month < 0 ? NAN : check->breach_month, &month,
                   cell ? "none" : "n/a");
    hr_sheet_text(sheet, row, 5, breach_word(check->breach_month, limit_words),
                  NULL);
}

/* One row per fixed limit. */
static lxw_row_t write_limits(hr_plan_book *book, hr_sheet *sheet,
                              lxw_row_t row)
{
    static const char *const titles[] = {"Limit",
                                         "Value",
                                         "Compared with",
                                         "Peak at horizon",
                                         "First month over",
                                         "Verdict"};
    size_t count = book->plan->model->limit_count;

    if (count == 0)
        return row;
    hr_sheet_header(sheet, row++, titles, HR_SHEET_COUNT(titles));
    for (size_t i = 0; i < count; i++)
        write_limit_row(book, sheet, row + i, i);
    hr_sheet_rag_words(sheet, row, 5, row + count - 1, 5, limit_words,
                       verdict_colours, HR_SHEET_COUNT(limit_words));
    return row + count + 1;
}

/* How the numbers were made. */
static void write_method(hr_sheet *sheet, lxw_row_t row)
{
    size_t count = HR_SHEET_COUNT(method_notes);

    hr_sheet_text(sheet, row++, 0, "Method", sheet->book->label);
    for (size_t i = 0; i < count; i++)
        row = write_pair(sheet, row, method_notes[i][0], method_notes[i][1]);
}

/* Adds the Summary sheet: identity, legend, verdicts, tiers, limits,
 * method. */
hr_status hr_sheet_write_summary(hr_plan_book *book)
{
    const hr_model *model = book->plan->model;
    hr_sheet sheet;
    lxw_row_t row;

    hr_sheet_init(&sheet, &book->xlsx, HR_SHEET_SUMMARY);
    row = write_identity(&sheet, 0, book->plan);
    row = hr_sheet_legend(&sheet, row, 0, HR_SHEET_PROGRAM) + 1;
    row = write_verdicts(book, &sheet, row);
    if (model->tier_count > 0 && model->milestone_count > 0)
        row = write_tiers(book, &sheet, row);
    row = write_limits(book, &sheet, row);
    write_method(&sheet, row);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
