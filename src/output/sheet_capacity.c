/*
 * sheet_capacity.c - the Capacity sheet: every tier at every milestone's
 * peak, as an M/M/c queue with today's servers and with the fewest
 * servers that meet the tier's p95 target; then the document's second
 * test, no degradation up to 3x normal load (sec. 9.3), and the servers
 * planned, the larger of the two counts.
 *
 * Formulas over the Assumptions' names and the row's own cells (Gross,
 * Shortle, Thompson and Harris, Fundamentals of Queueing Theory, 4th ed.,
 * sec. 2.3; the forms of shared/reference/validation.md):
 *   arrivals  lambda = value x peak x requests per unit (x intraday /
 *             seconds in the period), as hr_peak_arrival_rate();
 *   normal    value x requests per unit (/ seconds in the period): the
 *             average rate, no peak and no intraday factor (plan.c);
 *   load      A = lambda S, utilisation rho = A / c;
 *   Erlang B  B = POISSON(c, A, FALSE) / POISSON(c, A, TRUE), the
 *             truncated Poisson form, which stays finite for large c;
 *   Erlang C  C = B / (1 - rho (1 - B));
 *   wait p95  max(0, ln(C / (1 - p)) / (c mu - lambda));
 *   within    P(R <= target) = 1 - [(1 - C) e^(-mu t) + C e^(-u) (1 + u r)],
 *             u = min(theta, mu) t, x = |theta - mu| t, theta = c mu -
 *             lambda, r = (1 - e^(-x)) / x (a series below x = 1e-4), the
 *             cancellation-free form of queue.c;
 *   planned   MAX(required at the peak, required at 3x normal load).
 * A saturated queue (rho >= 1) has no steady state: those formulas give
 * the word "saturated" instead of #DIV/0! or #NUM!.
 * The p95 response time needs a root of that distribution, and the
 * required servers a search; neither is a spreadsheet formula, so they
 * are headroom's values, marked computed, with a note below the table.
 */
#include "output/sheet.h"

#include <math.h>
#include <stdio.h>

/* Seconds to milliseconds. */
#define MS_PER_S 1000.0

/* Below this x = |theta - mu| t, r = (1 - e^(-x)) / x is summed as
 * 1 - x/2 + x^2/6 - x^3/24: the first left-out term is under 1e-18,
 * while the direct form would lose 1e-12 to cancellation. */
#define SERIES_BELOW "1E-4"

#define FORMULA_SIZE 2048

/* Characters of a line of the notes under the table, and the widest the
 * text columns grow (longer names wrap) so that the sheet stays
 * printable on one page across. */
#define NOTE_CHARS 150
#define TEXT_CAP 24

static const char *const capacity_titles[HR_CAP_COLUMNS] = {
    [HR_CAP_TIER] = "Tier",
    [HR_CAP_MILESTONE] = "Milestone",
    [HR_CAP_MONTH] = "Month",
    [HR_CAP_DRIVER] = "Driver series",
    [HR_CAP_ARRIVALS] = "Peak arrivals (req/s)",
    [HR_CAP_SERVICE] = "Service time (ms)",
    [HR_CAP_SERVERS] = "Servers today",
    [HR_CAP_LOAD] = "Offered load (Erlangs)",
    [HR_CAP_UTILISATION] = "Utilisation today",
    [HR_CAP_ERLANG_B] = "Erlang B",
    [HR_CAP_ERLANG_C] = "P(wait), Erlang C",
    [HR_CAP_WAIT_P95] = "Wait p95 (ms)",
    [HR_CAP_P95] = "Response p95 today (ms)",
    [HR_CAP_TARGET_CLASS] = "Target class",
    [HR_CAP_TARGET] = "Target p95 (ms)",
    [HR_CAP_WITHIN] = "Requests within target today",
    [HR_CAP_MEETS] = "Meets target today",
    [HR_CAP_REQUIRED] = "Required servers",
    [HR_CAP_TO_ADD] = "Servers to add",
    [HR_CAP_UTILISATION_REQUIRED] = "Utilisation at required",
    [HR_CAP_P95_REQUIRED] = "Response p95 at required (ms)",
    [HR_CAP_NORMAL] = "Normal load (req/s)",
    [HR_CAP_PLANNED] = "Planned servers",
    [HR_CAP_DECIDED] = "Decided by",
    [HR_CAP_BREACH] = "Breach month",
};

/* Words of the "Decided by" column. */
#define BY_PEAK "peak"
#define BY_NORMAL "3x normal load"
#define BY_BOTH "both"

/* What a count no number of servers reaches is called. */
#define CANNOT "cannot meet target"

/* The cells of one row that formulas refer to, as "E2" etc. */
typedef struct row_cells {
    char arrivals[HR_XLSX_REF_SIZE];
    char service[HR_XLSX_REF_SIZE];
    char servers[HR_XLSX_REF_SIZE];
    char load[HR_XLSX_REF_SIZE];
    char rho[HR_XLSX_REF_SIZE];
    char erlang_b[HR_XLSX_REF_SIZE];
    char erlang_c[HR_XLSX_REF_SIZE];
    char target[HR_XLSX_REF_SIZE];
    char within[HR_XLSX_REF_SIZE];
    char required[HR_XLSX_REF_SIZE];
    char normal[HR_XLSX_REF_SIZE];
    char required_3x[HR_XLSX_REF_SIZE];
} row_cells;

static void name_cells(row_cells *c, lxw_row_t row)
{
    hr_xlsx_cell(c->arrivals, row, HR_CAP_ARRIVALS, 0);
    hr_xlsx_cell(c->service, row, HR_CAP_SERVICE, 0);
    hr_xlsx_cell(c->servers, row, HR_CAP_SERVERS, 0);
    hr_xlsx_cell(c->load, row, HR_CAP_LOAD, 0);
    hr_xlsx_cell(c->rho, row, HR_CAP_UTILISATION, 0);
    hr_xlsx_cell(c->erlang_b, row, HR_CAP_ERLANG_B, 0);
    hr_xlsx_cell(c->erlang_c, row, HR_CAP_ERLANG_C, 0);
    hr_xlsx_cell(c->target, row, HR_CAP_TARGET, 0);
    hr_xlsx_cell(c->within, row, HR_CAP_WITHIN, 0);
    hr_xlsx_cell(c->required, row, HR_CAP_REQUIRED, 0);
    hr_xlsx_cell(c->normal, row, HR_CAP_NORMAL, 0);
    hr_xlsx_cell(c->required_3x, row, HR_CAP_REQUIRED_3X, 0);
}

/* Styles by kind; "computed" cells are headroom's values. */
static const hr_num_style significant = {HR_NUM_SIGNIFICANT, HR_CELL_PLAIN,
                                         NULL};
static const hr_num_style one = {HR_NUM_ONE, HR_CELL_PLAIN, NULL};
static const hr_num_style integer = {HR_NUM_INTEGER, HR_CELL_PLAIN, NULL};
static const hr_num_style percent = {HR_NUM_PERCENT, HR_CELL_PLAIN, NULL};
static const hr_num_style computed_one = {HR_NUM_ONE, HR_CELL_COMPUTED, NULL};
static const hr_num_style computed_integer = {HR_NUM_INTEGER, HR_CELL_COMPUTED,
                                              NULL};

/* ---- cached values --------------------------------------------------- */

/* Erlang B of a stable queue, NaN when saturated. */
static double erlang_b(const hr_mmc *queue)
{
    double b;

    if (queue->saturated ||
        hr_erlang_b(queue->offered_load, queue->servers, &b) != HR_OK)
        return NAN;
    return b;
}

/* The wait p95 in ms, NaN when saturated. */
static double wait_p95_ms(const hr_mmc *queue)
{
    double wait_s;

    if (hr_mmc_wait_quantile(queue, HR_TARGET_PERCENTILE, &wait_s) != HR_OK)
        return NAN;
    return wait_s * MS_PER_S;
}

/* P(response <= target) with today's servers, NaN when saturated or
 * without a target. */
static double within_target(const hr_tier_plan *tier, const hr_tier_point *at)
{
    if (!tier->target || at->current.saturated)
        return NAN;
    return hr_mmc_response_cdf(&at->current, tier->target->p95_ms / MS_PER_S);
}

/* ---- formulas -------------------------------------------------------- */

/* The queue of today's servers: arrivals, service, servers, load,
 * utilisation, Erlang B and C, wait p95. */
static void write_queue(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                        size_t t, size_t k, const row_cells *c)
{
    const hr_plan *plan = book->plan;
    const hr_tier_plan *tier = &plan->tiers[t];
    const hr_tier_point *at = &tier->at[k];
    const hr_series *driver =
        hr_model_find_series(plan->model, tier->tier->driver);
    size_t d = hr_plan_series_index(plan->model, driver);
    char peak[2 * HR_XLSX_NAME_SIZE + 2], formula[FORMULA_SIZE];

    snprintf(peak, sizeof peak, "%s*%s", hr_plan_value_name(book, d, k),
             book->names.peak[d]);
    hr_plan_arrivals_formula(formula, sizeof formula, book, t, peak);
    hr_sheet_formula(sheet, row, HR_CAP_ARRIVALS, at->arrival_rate,
                     &significant, NULL, "%s", formula);
    hr_sheet_formula(sheet, row, HR_CAP_SERVICE, tier->tier->service_time_ms,
                     &one, NULL, "%s", book->names.service[t]);
    hr_sheet_formula(sheet, row, HR_CAP_SERVERS, tier->tier->servers, &integer,
                     NULL, "%s", book->names.servers[t]);
    hr_sheet_formula(sheet, row, HR_CAP_LOAD, at->current.offered_load,
                     &significant, NULL, "%s*%s/1000", c->arrivals, c->service);
    hr_sheet_formula(sheet, row, HR_CAP_UTILISATION, at->current.utilization,
                     &percent, NULL, "%s/%s", c->load, c->servers);
    hr_sheet_formula(sheet, row, HR_CAP_ERLANG_B, erlang_b(&at->current),
                     &significant, "saturated",
                     "IF(%s>=1,\"saturated\",IF(%s=0,0,"
                     "POISSON(%s,%s,FALSE)/POISSON(%s,%s,TRUE)))",
                     c->rho, c->load, c->servers, c->load, c->servers, c->load);
    hr_sheet_formula(sheet, row, HR_CAP_ERLANG_C, at->current.prob_wait,
                     &significant, "saturated",
                     "IF(%s>=1,\"saturated\",%s/(1-%s*(1-%s)))", c->rho,
                     c->erlang_b, c->rho, c->erlang_b);
    hr_sheet_formula(sheet, row, HR_CAP_WAIT_P95, wait_p95_ms(&at->current),
                     &one, "saturated",
                     "IF(%s>=1,\"saturated\",IF(%s<=1-%.15g,0,"
                     "LN(%s/(1-%.15g))/(%s/%s-%s/1000)))",
                     c->rho, c->erlang_c, HR_TARGET_PERCENTILE, c->erlang_c,
                     HR_TARGET_PERCENTILE, c->servers, c->service, c->arrivals);
}

/* The share of requests within the target, P(R <= target), in ms:
 * theta = c/S - lambda/1000 and mu = 1/S per ms. */
static void write_within(hr_sheet *sheet, lxw_row_t row, double cached,
                         const row_cells *c)
{
    char theta[4 * HR_XLSX_REF_SIZE], u[8 * HR_XLSX_REF_SIZE];
    char x[8 * HR_XLSX_REF_SIZE], r[56 * HR_XLSX_REF_SIZE];

    snprintf(theta, sizeof theta, "(%s/%s-%s/1000)", c->servers, c->service,
             c->arrivals);
    snprintf(u, sizeof u, "MIN(%s,1/%s)*%s", theta, c->service, c->target);
    snprintf(x, sizeof x, "ABS(%s-1/%s)*%s", theta, c->service, c->target);
    snprintf(r, sizeof r,
             "IF(%s<" SERIES_BELOW ",1-%s/2+(%s)^2/6-(%s)^3/24,"
             "(1-EXP(-%s))/(%s))",
             x, x, x, x, x, x);
    hr_sheet_formula(sheet, row, HR_CAP_WITHIN, cached, &percent, "saturated",
                     "IF(%s>=1,\"saturated\",1-((1-%s)*EXP(-%s/%s)+"
                     "%s*EXP(-%s)*(1+%s*%s)))",
                     c->rho, c->erlang_c, c->target, c->service, c->erlang_c, u,
                     u, r);
}

/* Target, share within it and the verdict, for today's servers. */
static void write_target(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                         size_t t, size_t k, const row_cells *c)
{
    const hr_tier_plan *tier = &book->plan->tiers[t];
    const hr_target_class *target = tier->target;
    double within = within_target(tier, &tier->at[k]);
    size_t index;

    if (!target) {
        hr_sheet_text(sheet, row, HR_CAP_TARGET_CLASS, "none", NULL);
        hr_sheet_number(sheet, row, HR_CAP_TARGET, HR_SHEET_NAN, HR_NUM_ONE,
                        NULL);
        hr_sheet_text(sheet, row, HR_CAP_MEETS, "n/a", NULL);
        return;
    }
    index = (size_t)(target - book->plan->model->classes);
    hr_sheet_text(sheet, row, HR_CAP_TARGET_CLASS,
                  hr_sheet_name(target->title, target->id), NULL);
    hr_sheet_formula(sheet, row, HR_CAP_TARGET, target->p95_ms, &one, NULL,
                     "%s", book->names.target[index]);
    write_within(sheet, row, within, c);
    hr_sheet_formula_text(sheet, row, HR_CAP_MEETS,
                          within >= HR_TARGET_PERCENTILE ? "yes" : "no",
                          "IF(ISNUMBER(%s),IF(%s>=%.15g,\"yes\",\"no\"),"
                          "\"no\")",
                          c->within, c->within, HR_TARGET_PERCENTILE);
}

/* Headroom's p95 today, then the fewest servers meeting the target with
 * what follows from them. */
static void write_required(hr_sheet *sheet, lxw_row_t row,
                           const hr_tier_plan *tier, const hr_tier_point *at,
                           const row_cells *c)
{
    hr_sheet_value(sheet, row, HR_CAP_P95,
                   at->current.saturated ? HR_SHEET_NAN
                                         : at->current_p95_s * MS_PER_S,
                   &computed_one, "saturated");
    if (at->required_servers < 0) {
        hr_sheet_value(sheet, row, HR_CAP_REQUIRED, HR_SHEET_NAN,
                       &computed_integer, CANNOT);
        hr_sheet_number(sheet, row, HR_CAP_TO_ADD, HR_SHEET_NAN, HR_NUM_INTEGER,
                        NULL);
        hr_sheet_number(sheet, row, HR_CAP_UTILISATION_REQUIRED, HR_SHEET_NAN,
                        HR_NUM_PERCENT, NULL);
        hr_sheet_value(sheet, row, HR_CAP_P95_REQUIRED, HR_SHEET_NAN,
                       &computed_one, NULL);
        return;
    }
    hr_sheet_value(sheet, row, HR_CAP_REQUIRED, at->required_servers,
                   &computed_integer, NULL);
    hr_sheet_formula(sheet, row, HR_CAP_TO_ADD,
                     fmax(0.0, at->required_servers - tier->tier->servers),
                     &integer, NULL, "MAX(0,%s-%s)", c->required, c->servers);
    hr_sheet_formula(sheet, row, HR_CAP_UTILISATION_REQUIRED,
                     at->required.utilization, &percent, NULL, "%s/%s", c->load,
                     c->required);
    hr_sheet_value(sheet, row, HR_CAP_P95_REQUIRED,
                   at->required_p95_s * MS_PER_S, &computed_one, NULL);
}

/* The word saying which load decides the planned servers. */
static const char *decided_by(const hr_tier_point *at)
{
    int peak = at->required_servers, normal = at->required_at_3x;

    if (peak < 0 || normal < 0)
        return peak < 0 && normal < 0 ? BY_BOTH
               : peak < 0             ? BY_PEAK
                                      : BY_NORMAL;
    return peak == normal ? BY_BOTH : peak > normal ? BY_PEAK : BY_NORMAL;
}

/* Normal load and 3x it (formulas), the servers that 3x needs
 * (headroom's search), the servers planned and which load decided. */
static void write_normal(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                         size_t t, size_t k, const row_cells *c)
{
    const hr_plan *plan = book->plan;
    const hr_tier_point *at = &plan->tiers[t].at[k];
    const hr_series *driver =
        hr_model_find_series(plan->model, plan->tiers[t].tier->driver);
    size_t d = hr_plan_series_index(plan->model, driver);
    char formula[FORMULA_SIZE];

    hr_plan_normal_formula(formula, sizeof formula, book, t,
                           hr_plan_value_name(book, d, k));
    hr_sheet_formula(sheet, row, HR_CAP_NORMAL, at->normal_rate, &significant,
                     NULL, "%s", formula);
    hr_sheet_formula(sheet, row, HR_CAP_NORMAL_3X,
                     HR_NORMAL_LOAD_FACTOR * at->normal_rate, &significant,
                     NULL, "%.15g*%s", HR_NORMAL_LOAD_FACTOR, c->normal);
    hr_sheet_value(sheet, row, HR_CAP_REQUIRED_3X,
                   at->required_at_3x < 0 ? HR_SHEET_NAN : at->required_at_3x,
                   &computed_integer, CANNOT);
    if (at->planned_servers < 0) {
        hr_sheet_value(sheet, row, HR_CAP_PLANNED, HR_SHEET_NAN,
                       &computed_integer, CANNOT);
        hr_sheet_text(sheet, row, HR_CAP_DECIDED, decided_by(at), NULL);
        return;
    }
    hr_sheet_formula(sheet, row, HR_CAP_PLANNED, at->planned_servers, &integer,
                     NULL, "MAX(%s,%s)", c->required, c->required_3x);
    hr_sheet_formula_text(
        sheet, row, HR_CAP_DECIDED, decided_by(at),
        "IF(%s=%s,\"" BY_BOTH "\",IF(%s>%s,\"" BY_PEAK "\",\"" BY_NORMAL "\"))",
        c->required, c->required_3x, c->required, c->required_3x);
}

/* One tier at one milestone. */
static void write_capacity_row(hr_plan_book *book, hr_sheet *sheet, size_t t,
                               size_t k)
{
    const hr_plan *plan = book->plan;
    const hr_tier_plan *tier = &plan->tiers[t];
    const hr_milestone *milestone = &plan->model->milestones[k];
    const hr_series *driver =
        hr_model_find_series(plan->model, tier->tier->driver);
    lxw_row_t row = hr_capacity_row(plan, t, k);
    hr_num_style breach = computed_integer;
    row_cells cells;

    name_cells(&cells, row);
    hr_sheet_text(sheet, row, HR_CAP_TIER,
                  hr_sheet_name(tier->tier->title, tier->tier->id), NULL);
    hr_sheet_text(sheet, row, HR_CAP_MILESTONE, milestone->label, NULL);
    hr_sheet_month(sheet, row, HR_CAP_MONTH, milestone->month, NULL);
    hr_sheet_text(sheet, row, HR_CAP_DRIVER,
                  hr_sheet_name(driver->title, driver->id), NULL);
    write_queue(book, sheet, row, t, k, &cells);
    write_target(book, sheet, row, t, k, &cells);
    write_required(sheet, row, tier, &tier->at[k], &cells);
    write_normal(book, sheet, row, t, k, &cells);
    hr_sheet_value(sheet, row, HR_CAP_BREACH,
                   tier->breach_month < 0 ? HR_SHEET_NAN : tier->breach_month,
                   &breach, "none");
}

/* What the grey columns are and how the formulas were made. */
static void write_notes(hr_sheet *sheet, lxw_row_t row)
{
    static const char *const notes[] = {
        "Each tier is an M/M/c queue (Poisson arrivals, exponential "
        "service, c servers) at the milestone's peak. Formulas: load A = "
        "arrivals x service time; utilisation = A / servers; Erlang B = "
        "POISSON(c, A, FALSE) / POISSON(c, A, TRUE); Erlang C = B / (1 - "
        "utilisation x (1 - B)); wait p95 = ln(C / 0.05) / (c/S - "
        "arrivals); requests within target = P(response <= target) from "
        "the exact response-time distribution (wait plus service).",
        "Response p95 today and at required (grey): computed by headroom "
        "(root of the response-time distribution) from: arrival rate, "
        "service time, servers. Not a formula; \"Requests within target\" "
        "and \"Meets target today\" are its live counterparts.",
        "Required servers (grey): computed by headroom, the fewest servers "
        "whose response p95 meets the target (a search over server "
        "counts). Breach month (grey): the first month whose peak today's "
        "servers cannot carry within the target, from the monthly "
        "growth curve.",
        "Normal load: the milestone's average rate, with neither the "
        "series' peak multiplier nor the intraday factor; the document asks "
        "for no degradation up to 3x normal load (sec. 9.3). Servers at 3x "
        "normal load (grey): computed by headroom's search, as required "
        "servers, at that load. Planned servers = MAX(required, at 3x "
        "normal load), the count that passes both tests; \"Decided by\" "
        "names the larger, or \"both\" when they are equal.",
        "A saturated queue (utilisation 100 % or more) has no steady "
        "state; its formulas show \"saturated\".",
    };

    for (size_t i = 0; i < HR_SHEET_COUNT(notes); i++)
        row = hr_sheet_note(sheet, row, 0, NOTE_CHARS, notes[i]);
}

/* Red and green for the verdict today; red for a tier no count of
 * servers can carry within its target. */
static void colour_verdicts(hr_sheet *sheet, lxw_row_t last)
{
    static const char *const words[] = {"yes", "no", CANNOT};
    static const hr_rag colours[] = {HR_RAG_GREEN, HR_RAG_RED, HR_RAG_RED};

    if (last < 1)
        return;
    hr_sheet_rag_words(sheet, 1, HR_CAP_MEETS, last, HR_CAP_MEETS, words,
                       colours, 2);
    hr_sheet_rag_words(sheet, 1, HR_CAP_REQUIRED, last, HR_CAP_REQUIRED,
                       words + 2, colours + 2, 1);
    hr_sheet_rag_words(sheet, 1, HR_CAP_REQUIRED_3X, last, HR_CAP_PLANNED,
                       words + 2, colours + 2, 1);
}

/* The titles, two of them naming the factor of normal load. */
static void write_header(hr_sheet *sheet)
{
    char title[64];

    hr_sheet_header(sheet, 0, capacity_titles, HR_CAP_COLUMNS);
    snprintf(title, sizeof title, "%gx normal load (req/s)",
             HR_NORMAL_LOAD_FACTOR);
    hr_sheet_header_cell(sheet, 0, HR_CAP_NORMAL_3X, title);
    snprintf(title, sizeof title, "Servers at %gx normal load",
             HR_NORMAL_LOAD_FACTOR);
    hr_sheet_header_cell(sheet, 0, HR_CAP_REQUIRED_3X, title);
}

/* Adds the Capacity sheet: one row per tier and milestone. */
hr_status hr_sheet_write_capacity(hr_plan_book *book)
{
    const hr_model *model = book->plan->model;
    lxw_row_t last = (lxw_row_t)(model->tier_count * model->milestone_count);
    hr_sheet sheet;

    hr_sheet_init(&sheet, &book->xlsx, HR_SHEET_CAPACITY);
    hr_sheet_cap_width(&sheet, HR_CAP_TIER, TEXT_CAP);
    hr_sheet_cap_width(&sheet, HR_CAP_DRIVER, TEXT_CAP);
    hr_sheet_cap_width(&sheet, HR_CAP_TARGET_CLASS, TEXT_CAP);
    write_header(&sheet);
    for (size_t t = 0; t < model->tier_count; t++)
        for (size_t k = 0; k < model->milestone_count; k++)
            write_capacity_row(book, &sheet, t, k);
    colour_verdicts(&sheet, last);
    write_notes(&sheet, last + 2);
    hr_sheet_table(&sheet, 0, last, HR_CAP_COLUMNS - 1, 2);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
