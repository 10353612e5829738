/*
 * test_workbook_recalc.c - the workbook's formulas, recalculated by a
 * real spreadsheet engine.
 *
 * Gnumeric's `ssconvert --recalc` recomputes every formula of the
 * workbook (written as in workbook_kit.h) and exports each sheet as CSV.
 * Every formula cell (found as an <f> element in the sheet's XML) must
 * recompute to the value headroom cached in its <v> element, within 1e-9
 * relative, and no cell may recompute to an error. Then one copy of the
 * workbook has three inputs edited in its XML (the course enrollments'
 * peak multiplier 5 -> 10, the simple-query target 100 -> 200 ms, and the
 * database writes' requests per user 0.02 -> 0.04), zipped back with
 * `zip`, and recalculated: the dependent cells must move as the formulas
 * say, checked against headroom's own queueing functions at the new
 * arrival rates, and normal load must follow the requests per user but
 * not the peak multiplier. Opening the workbook must print nothing on
 * ssconvert's stderr. A second, small model takes the paths Doctrina does
 * not: a value filled from a fitted logistic, a target no server count
 * meets, a saturated queue, a tier whose servers 3x normal load decides,
 * and no measured data.
 */
#include "workbook_kit.h"

#include "headroom/queue.h"

/* Relative tolerance of a recomputed value; values below TINY (Erlang B
 * of a nearly idle queue on many servers underflows differently in the
 * truncated-Poisson form and in the recursion) count as equal. */
#define REL_TOL 1e-9
#define TINY 1e-300

/* The inputs edited in the copy, and their new values. */
#define PEAK_NAME "Series_enrollments_peak"
#define PEAK_FROM 5.0
#define PEAK_TO 10.0
#define TARGET_NAME "Target_simple_query_p95_ms"
#define TARGET_FROM 100.0
#define TARGET_TO 200.0
#define REQUESTS_NAME "Tier_db_writes_requests_per_unit"
#define REQUESTS_FROM 0.02
#define REQUESTS_TO 0.04

/* Error values a spreadsheet shows instead of a number. */
static const char *const error_values[] = {
    "#VALUE!", "#NUM!", "#DIV/0!", "#NAME?", "#REF!", "#N/A", "#NULL!"};

static kit_fixture the_fixture;

/* The workbook recalculated, and the edited copy recalculated. */
static csv_grid recalc[SHEETS], edited[SHEETS];
static int recalc_ready, edited_ready;
static char *recalc_errors;

/* The fixture, built once. */
static kit_fixture *get_fixture(void)
{
    return kit_get(&the_fixture);
}

/* The recalculated sheets, made once; NULL when ssconvert failed. */
static csv_grid *get_recalc(void)
{
    kit_fixture *f = get_fixture();

    if (!recalc_ready && f)
        recalc_ready = convert_sheets(f->xlsx, f->dir, "recalc", 1, recalc,
                                      &recalc_errors) == 0
                           ? 1
                           : -1;
    return recalc_ready > 0 ? recalc : NULL;
}

/* True when a recomputed text matches the cached value of a formula. */
static int same_value(const xml_cell *cached, const char *recomputed)
{
    double want, got;

    if (cached->type[0])
        return strcmp(cached->value ? cached->value : "", recomputed) == 0;
    want = text_number(cached->value ? cached->value : "");
    got = text_number(recomputed);
    if (fabs(want) < TINY && fabs(got) < TINY)
        return 1;
    return hr_close(got, want, REL_TOL);
}

/* ---- recalculation ---------------------------------------------------- */

/* Converting and recalculating prints no warning at all. */
static void test_opens_cleanly(void)
{
    kit_fixture *f = get_fixture();
    char command[1200], *pdf_errors;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(get_recalc());
    CU_ASSERT_PTR_NOT_NULL_FATAL(recalc_errors);
    CU_ASSERT_STRING_EQUAL(recalc_errors, "");
    /* Drawing every sheet (charts, conditional formats) too. */
    snprintf(command, sizeof command,
             "ssconvert '%s' '%s/plan.pdf' 2>&1 >/dev/null", f->xlsx, f->dir);
    pdf_errors = command_output(command);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf_errors);
    CU_ASSERT_STRING_EQUAL(pdf_errors, "");
    free(pdf_errors);
}

/* Compares one sheet's formula cells with the recalculated grids;
 * returns how many it checked. */
static size_t check_sheet(const char *xlsx, const csv_grid *grids, int sheet)
{
    char *xml = sheet_xml(xlsx, sheet);
    size_t count, formulas = 0;
    xml_cell *cells;

    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    cells = xml_cells(xml, &count);
    for (size_t i = 0; i < count; i++) {
        const char *got = cell(&grids[sheet], cells[i].row, cells[i].col);

        if (!cells[i].formula)
            continue;
        formulas++;
        CU_ASSERT_PTR_NOT_NULL(cells[i].value);
        if (!same_value(&cells[i], got)) {
            fprintf(stderr, "%s!R%zuC%zu: cached %s, recalculated %s\n",
                    kit_sheet_names[sheet], cells[i].row + 1, cells[i].col + 1,
                    cells[i].value, got);
            CU_FAIL("recalculated value differs from the cached one");
        }
    }
    xml_cells_free(cells, count);
    free(xml);
    return formulas;
}

/* Every formula recalculates to the value headroom cached. */
static void test_recalc_matches_cache(void)
{
    kit_fixture *f = get_fixture();
    size_t formulas[SHEETS], total = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(get_recalc());
    for (int s = 0; s < SHEETS; s++) {
        formulas[s] = check_sheet(f->xlsx, recalc, s);
        total += formulas[s];
    }
    /* Formulas on every sheet but the charts'; Capacity alone has 13 in
     * each of its tier x milestone rows but a few, Sensitivity two (servers
     * today and the swing) in each tier x input row. */
    for (int s = 0; s < SHEETS; s++)
        if (s != CHARTS)
            CU_ASSERT_TRUE(formulas[s] > 0);
    CU_ASSERT_TRUE(formulas[CAPACITY] >=
                   10 * f->model->tier_count * f->model->milestone_count);
    CU_ASSERT_EQUAL(formulas[SENSITIVITY],
                    2 * HR_SENSITIVITY_COUNT * f->model->tier_count);
    CU_ASSERT_TRUE(formulas[GROWTH] >=
                   (size_t)f->plan->month_count *
                       (f->model->series_count + f->model->tier_count));
    CU_ASSERT_TRUE(total > 1000);
}

/* Counts the cells of grids; fails for each that shows an error. */
static size_t check_no_errors(const csv_grid *grids)
{
    size_t cells = 0;

    for (int s = 0; s < SHEETS; s++)
        for (size_t r = 0; r < grids[s].rows; r++)
            for (size_t c = 0; c < grids[s].widths[r]; c++, cells++)
                for (size_t e = 0; e < HR_SHEET_COUNT(error_values); e++)
                    if (strcmp(grids[s].cells[r][c], error_values[e]) == 0) {
                        fprintf(stderr, "%s!R%zuC%zu: %s\n", kit_sheet_names[s],
                                r + 1, c + 1, error_values[e]);
                        CU_FAIL("a cell recalculates to an error");
                    }
    return cells;
}

/* No cell of any sheet recalculates to an error value. */
static void test_no_error_values(void)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(get_recalc());
    CU_ASSERT_TRUE(check_no_errors(recalc) > 1000);
}

/* ---- the edited copy ------------------------------------------------- */

/* Replaces the <v> of the cell at row, col in xml by value; returns the
 * new XML (the caller frees it), or NULL when the cell has no value. */
static char *set_value(const char *xml, size_t row, size_t col, double value,
                       double *old)
{
    char ref[32], want[48], text[64], *out;
    const char *p, *v, *end;
    size_t c = col + 1, n = 0, head;

    /* The A1 reference: column letters, then the 1-based row. */
    for (; c > 0; c = (c - 1) / 26)
        ref[n++] = (char)('A' + (c - 1) % 26);
    for (size_t i = 0; i < n / 2; i++) {
        char t = ref[i];

        ref[i] = ref[n - 1 - i];
        ref[n - 1 - i] = t;
    }
    snprintf(ref + n, sizeof ref - n, "%zu", row + 1);
    snprintf(want, sizeof want, "<c r=\"%s\"", ref);
    p = strstr(xml, want);
    v = p ? strstr(p, "<v>") : NULL;
    end = v ? strstr(v, "</v>") : NULL;
    if (!end || end > strstr(p, "</c>"))
        return NULL;
    *old = strtod(v + 3, NULL);
    snprintf(text, sizeof text, "<v>%.17g", value);
    head = (size_t)(v - xml);
    out = malloc(strlen(xml) + sizeof text);
    memcpy(out, xml, head);
    strcpy(out + head, text);
    strcat(out, end);
    return out;
}

/* Edits one named input in the Assumptions XML (in place); 0 when the
 * name points at a cell holding from. */
static int edit_input(const char *book, char **xml, const char *name,
                      double from, double to)
{
    size_t row, col;
    double old = NAN;
    int sheet;
    char *changed;

    if (defined_name_cell(book, name, &sheet, &row, &col) != 0 ||
        sheet != ASSUMPTIONS)
        return -1;
    changed = set_value(*xml, row, col, to, &old);
    if (!changed || old != from) {
        free(changed);
        return -1;
    }
    free(*xml);
    *xml = changed;
    return 0;
}

/* Writes the edited Assumptions part into a copy of the workbook with
 * zip and recalculates it; 0 on success. */
static int recalc_copy(const kit_fixture *f, const char *xml)
{
    char dir[600], path[700], command[2400];
    int status;

    snprintf(dir, sizeof dir, "%s/edit/xl/worksheets", f->dir);
    snprintf(command, sizeof command, "mkdir -p '%s'", dir);
    if (system(command) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/sheet%d.xml", dir, ASSUMPTIONS + 1);
    if (hr_write_text(path, xml) != 0)
        return -1;
    snprintf(command, sizeof command,
             "cp '%s' '%s/edited.xlsx' && cd '%s/edit' && "
             "zip -q ../edited.xlsx xl/worksheets/sheet%d.xml",
             f->xlsx, f->dir, f->dir, ASSUMPTIONS + 1);
    if (system(command) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/edited.xlsx", f->dir);
    status = convert_sheets(path, f->dir, "edited", 1, edited, NULL);
    return status;
}

/* The edited copy recalculated, made once; NULL when any step failed. */
static csv_grid *get_edited(void)
{
    kit_fixture *f = get_fixture();
    char *book, *xml;

    if (edited_ready || !f)
        return edited_ready > 0 ? edited : NULL;
    edited_ready = -1;
    book = xlsx_member(f->xlsx, "xl/workbook.xml");
    xml = sheet_xml(f->xlsx, ASSUMPTIONS);
    if (book && xml &&
        edit_input(book, &xml, PEAK_NAME, PEAK_FROM, PEAK_TO) == 0 &&
        edit_input(book, &xml, TARGET_NAME, TARGET_FROM, TARGET_TO) == 0 &&
        edit_input(book, &xml, REQUESTS_NAME, REQUESTS_FROM, REQUESTS_TO) ==
            0 &&
        recalc_copy(f, xml) == 0)
        edited_ready = 1;
    free(book);
    free(xml);
    return edited_ready > 0 ? edited : NULL;
}

/* Peaks and Growth: the enrollments' peaks and the enrollment tier's
 * arrivals double, month by month; other series stay. */
static void test_edit_moves_peaks(void)
{
    kit_fixture *f = get_fixture();
    const hr_model *model;
    size_t s, t, other, row;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(get_edited());
    model = f->model;
    s = kit_series(model, "enrollments");
    t = kit_tier(model, "enrollments");
    other = kit_series(model, "lesson_completions");
    CU_ASSERT_FATAL(s < model->series_count && t < model->tier_count);
    for (int m = 0; m < f->plan->month_count; m++) {
        const hr_projection *p = &f->plan->projections[s];

        row = (size_t)m + 1;
        HR_ASSERT_CLOSE(
            cell_number(&edited[GROWTH], row, hr_growth_average_col(s)),
            p->average[m], 1e-12);
        HR_ASSERT_CLOSE(
            cell_number(&edited[GROWTH], row, hr_growth_peak_col(s)),
            2 * p->peak[m], REL_TOL);
        HR_ASSERT_CLOSE(cell_number(&edited[GROWTH], row,
                                    hr_growth_arrivals_col(f->plan, t)),
                        2 * f->plan->tiers[t].monthly_arrivals[m], REL_TOL);
        HR_ASSERT_CLOSE(
            cell_number(&edited[GROWTH], row, hr_growth_peak_col(other)),
            f->plan->projections[other].peak[m], REL_TOL);
    }
    row = find_row(&edited[PEAKS], model->series[s].title);
    CU_ASSERT_FATAL(row < edited[PEAKS].rows);
    for (size_t k = 0; k < model->milestone_count; k++, row++) {
        double value = f->plan->projections[s].milestone_value[k];

        HR_ASSERT_CLOSE(cell_number(&edited[PEAKS], row, 6), PEAK_TO, 0);
        HR_ASSERT_CLOSE(cell_number(&edited[PEAKS], row, 7), value * PEAK_TO,
                        REL_TOL);
    }
}

/* Checks one recalculated Capacity row against headroom's queue module
 * at the row's (doubled) arrival rate. */
static void check_queue_row(const csv_grid *g, size_t row,
                            const hr_tier_plan *tier, double arrivals)
{
    double service_s = tier->tier->service_time_ms / 1e3, wait_s;
    double target_s = tier->target->p95_ms / 1e3;
    hr_status status;
    hr_mmc queue;

    status = hr_mmc_solve(arrivals, service_s, tier->tier->servers, &queue);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_ARRIVALS), arrivals, REL_TOL);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_UTILISATION), queue.utilization,
                    REL_TOL);
    if (status == HR_ERR_SATURATED) {
        CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_ERLANG_C), "saturated");
        CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_MEETS), "no");
        return;
    }
    CU_ASSERT_EQUAL_FATAL(status, HR_OK);
    CU_ASSERT_EQUAL(hr_mmc_wait_quantile(&queue, HR_TARGET_PERCENTILE, &wait_s),
                    HR_OK);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_ERLANG_C), queue.prob_wait,
                    REL_TOL);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_WAIT_P95), wait_s * 1e3,
                    REL_TOL);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_WITHIN),
                    hr_mmc_response_cdf(&queue, target_s), REL_TOL);
}

/* Capacity: the enrollment tier's arrivals, load and utilisation double
 * and its Erlang C, wait p95 and share within target follow the queue at
 * the new rate; headroom's own values and other tiers stay. */
static void test_edit_moves_capacity(void)
{
    kit_fixture *f = get_fixture();
    const csv_grid *g;
    const hr_tier_plan *tier, *api;
    size_t t;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(get_edited());
    g = &edited[CAPACITY];
    t = kit_tier(f->model, "enrollments");
    tier = &f->plan->tiers[t];
    api = &f->plan->tiers[kit_tier(f->model, "api_queries")];
    for (size_t k = 0; k < f->model->milestone_count; k++) {
        const hr_tier_point *at = &tier->at[k];
        size_t row = hr_capacity_row(f->plan, t, k);
        size_t api_row =
            hr_capacity_row(f->plan, (size_t)(api - f->plan->tiers), k);

        HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_LOAD),
                        2 * at->current.offered_load, REL_TOL);
        HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_UTILISATION),
                        2 * at->current.utilization, REL_TOL);
        check_queue_row(g, row, tier, 2 * at->arrival_rate);
        /* Normal load has no peak multiplier: it stays. */
        HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_NORMAL), at->normal_rate,
                        REL_TOL);
        HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_NORMAL_3X),
                        HR_NORMAL_LOAD_FACTOR * at->normal_rate, REL_TOL);
        /* Computed by headroom: does not follow. */
        if (at->required_servers >= 0)
            HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_REQUIRED),
                            at->required_servers, 0);
        HR_ASSERT_CLOSE(cell_number(g, api_row, HR_CAP_ARRIVALS),
                        api->at[k].arrival_rate, REL_TOL);
    }
    /* The doubled MVP load still leaves the two servers idle enough. */
    CU_ASSERT_STRING_EQUAL(
        cell(g, hr_capacity_row(f->plan, t, 0), HR_CAP_MEETS), "yes");
}

/* Capacity and Summary: twice the writes per user double the database
 * writes' peak arrivals and their normal load (and 3x it); the servers
 * planned are headroom's counts and stay; the write limit's peak at the
 * horizon, a reference to Growth, doubles. */
static void test_edit_moves_normal_load(void)
{
    kit_fixture *f = get_fixture();
    const csv_grid *g, *s;
    const hr_tier_plan *tier;
    size_t t, row;
    int last;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(get_edited());
    g = &edited[CAPACITY];
    t = kit_tier(f->model, "db_writes");
    CU_ASSERT_FATAL(t < f->model->tier_count);
    tier = &f->plan->tiers[t];
    for (size_t k = 0; k < f->model->milestone_count; k++) {
        const hr_tier_point *at = &tier->at[k];

        row = hr_capacity_row(f->plan, t, k);
        HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_ARRIVALS),
                        2 * at->arrival_rate, REL_TOL);
        HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_NORMAL), 2 * at->normal_rate,
                        REL_TOL);
        HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_NORMAL_3X),
                        2 * HR_NORMAL_LOAD_FACTOR * at->normal_rate, REL_TOL);
        HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_PLANNED),
                        at->planned_servers, 0);
    }
    s = &edited[SUMMARY];
    last = f->plan->month_count - 1;
    row = find_row(s, "Database write throughput");
    CU_ASSERT_FATAL(row < s->rows);
    HR_ASSERT_CLOSE(cell_number(s, row, 3), 2 * tier->monthly_arrivals[last],
                    REL_TOL);
}

/* Measured and Summary: with a 200 ms simple-query target, profile-view
 * (p95 190 ms) is met, and the Summary's count of missed labels falls by
 * one. */
static void test_edit_rejudges(void)
{
    kit_fixture *f = get_fixture();
    const csv_grid *m, *s;
    size_t row;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(get_edited());
    m = &edited[MEASURED];
    s = &edited[SUMMARY];
    row = find_row(m, "profile-view");
    CU_ASSERT_FATAL(row < m->rows);
    /* 10..200 ms in steps of 10: x[ceil(0.95 * 20)] = 190 ms. */
    HR_ASSERT_CLOSE(cell_number(m, row, HR_MEAS_P95), 190, 0);
    HR_ASSERT_CLOSE(cell_number(m, row, HR_MEAS_TARGET), TARGET_TO, 0);
    CU_ASSERT_STRING_EQUAL(cell(&f->sheets[MEASURED], row, HR_MEAS_VERDICT),
                           "missed");
    CU_ASSERT_STRING_EQUAL(cell(m, row, HR_MEAS_VERDICT), "met");
    CU_ASSERT_STRING_EQUAL(cell(m, find_row(m, "db-get-user"), HR_MEAS_VERDICT),
                           "missed");
    row = find_row(s, "Measured labels that missed the target");
    HR_ASSERT_CLOSE(cell_number(s, row, 1), f->plan->targets_missed - 1, 0);
}

/* ---- a model with the other paths ----------------------------------- */

/* Users level off (100, 800, 2,000, 2,400), so headroom fits a logistic
 * and fills the last milestone from it; orders lack values between and
 * beyond their given ones and follow the users; the slow tier's bare
 * service time (p95 = 3 x 50 ms) misses its 10 ms target whatever the
 * servers; the busy tier (at most 1,111 req/s of 1 ms on one server)
 * saturates it at the last milestone; the steady tier's users have no
 * peak, so its peak is its normal load and 3x normal load decides its
 * servers. No measured data. */
static const char edge_model[] =
    "name: Edge\n"
    "document: Edge cases\n"
    "horizon_months: 24\n"
    "intraday_peak_factor: {value: 2, source: assumed}\n"
    "milestones:\n"
    "  - {id: a, label: A, month: 0}\n"
    "  - {id: b, label: B, month: 6}\n"
    "  - {id: c, label: C, month: 12}\n"
    "  - {id: d, label: D, month: 18}\n"
    "  - {id: e, label: E, month: 24}\n"
    "series:\n"
    "  - {id: users, title: Users, unit: users, period: level,\n"
    "     source: test, values: {a: 100, b: 800, c: 2000, d: 2400,\n"
    "     e: null}, missing: not given}\n"
    "  - {id: orders, title: Orders, unit: orders, period: day,\n"
    "     source: test, values: {a: 10, b: null, c: 100, d: null,\n"
    "     e: null}, missing: gaps, extrapolate_with: users}\n"
    "targets:\n"
    "  - {id: fast, title: Fast, p95_ms: 10, source: test, labels: ['*']}\n"
    "tiers:\n"
    "  - {id: slow, title: Slow, driver: users, target: fast,\n"
    "     requests_per_unit: {value: 0.01, source: assumed},\n"
    "     service_time_ms: {value: 50, source: assumed},\n"
    "     servers: {value: 2, source: assumed}}\n"
    "  - {id: busy, title: Busy, driver: orders, target: fast,\n"
    "     requests_per_unit: {value: 400000, source: assumed},\n"
    "     service_time_ms: {value: 1, source: assumed},\n"
    "     servers: {value: 1, source: assumed}}\n"
    "  - {id: steady, title: Steady, driver: users, target: fast,\n"
    "     requests_per_unit: {value: 1, source: assumed},\n"
    "     service_time_ms: {value: 1, source: assumed},\n"
    "     servers: {value: 1, source: assumed}}\n";

/* The Assumptions cell a defined name points at, from the xlsx. */
static const xml_cell *named_cell(const char *book, const xml_cell *cells,
                                  size_t count, const char *name)
{
    size_t row, col;
    int sheet;

    if (defined_name_cell(book, name, &sheet, &row, &col) != 0 ||
        sheet != ASSUMPTIONS)
        return NULL;
    return xml_cell_at(cells, count, row, col);
}

/* Checks which filled values are formulas and which headroom's. */
static void check_edge_fills(const char *xlsx, const hr_plan *plan)
{
    const hr_growth_fit *fit = &plan->projections[0].fit;
    char *book = xlsx_member(xlsx, "xl/workbook.xml");
    char *xml = sheet_xml(xlsx, ASSUMPTIONS);
    const xml_cell *users_e, *orders_b, *orders_d;
    xml_cell *cells;
    size_t count;

    CU_ASSERT_PTR_NOT_NULL_FATAL(book);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    cells = xml_cells(xml, &count);
    users_e = named_cell(book, cells, count, "Series_users_e");
    orders_b = named_cell(book, cells, count, "Series_orders_b");
    orders_d = named_cell(book, cells, count, "Series_orders_d");
    CU_ASSERT_TRUE(fit->usable && fit->kind == HR_GROWTH_LOGISTIC);
    CU_ASSERT_PTR_NOT_NULL_FATAL(users_e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(orders_b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(orders_d);
    CU_ASSERT_FALSE(users_e->formula);
    CU_ASSERT_FALSE(orders_b->formula);
    CU_ASSERT_TRUE(orders_d->formula);
    HR_ASSERT_CLOSE(text_number(users_e->value),
                    plan->projections[0].milestone_value[4], 1e-15);
    xml_cells_free(cells, count);
    free(xml);
    free(book);
}

/* Planned servers where no count meets the target (slow), and where 3x
 * normal load needs more than the peak (steady). */
static void check_edge_planned(const csv_grid *grids, const hr_plan *plan)
{
    const csv_grid *g = &grids[CAPACITY];
    const hr_tier_point *at = &plan->tiers[2].at[4];
    size_t row = hr_capacity_row(plan, 2, 4);

    CU_ASSERT_STRING_EQUAL(cell(g, hr_capacity_row(plan, 0, 4), HR_CAP_PLANNED),
                           "cannot meet target");
    CU_ASSERT_STRING_EQUAL(cell(g, hr_capacity_row(plan, 0, 4), HR_CAP_DECIDED),
                           "both");
    CU_ASSERT_STRING_EQUAL(cell(&grids[SENSITIVITY],
                                hr_sensitivity_row(0, HR_SENSITIVITY_GROWTH),
                                HR_SENS_SWING),
                           "unbounded");
    /* Steady: 2,400 users x 1 request is 2,400 req/s at the peak and on
     * average; 3x that, 7,200 req/s of 1 ms work (7.2 Erlangs), needs
     * more servers than 2.4 Erlangs do. */
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_NORMAL), at->arrival_rate,
                    REL_TOL);
    CU_ASSERT_TRUE(at->required_at_3x > at->required_servers);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_PLANNED), at->required_at_3x, 0);
    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_DECIDED), "3x normal load");
}

/* A model with a logistic fill, gaps, a target no server count meets and
 * a saturated queue, without measured data, recalculates cleanly too. */
static void test_edge_model(void)
{
    kit_fixture *f = get_fixture();
    csv_grid grids[SHEETS] = {0};
    char path[600], xlsx[600], *errors = NULL;
    hr_model *model = NULL;
    hr_plan *plan = NULL;
    hr_diags diags = {0};

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    snprintf(path, sizeof path, "%s/edge.yaml", f->dir);
    snprintf(xlsx, sizeof xlsx, "%s/edge.xlsx", f->dir);
    CU_ASSERT_EQUAL_FATAL(hr_write_text(path, edge_model), 0);
    CU_ASSERT_EQUAL_FATAL(hr_model_load(path, &model, &diags), HR_OK);
    CU_ASSERT_EQUAL_FATAL(hr_plan_build(model, NULL, KIT_STAMP, &plan), HR_OK);
    CU_ASSERT_EQUAL_FATAL(hr_workbook_write(plan, xlsx), HR_OK);
    CU_ASSERT_EQUAL(convert_sheets(xlsx, f->dir, "edge", 1, grids, &errors), 0);
    CU_ASSERT_STRING_EQUAL(errors ? errors : "?", "");
    for (int s = 0; s < SHEETS; s++)
        check_sheet(xlsx, grids, s);
    check_no_errors(grids);
    check_edge_fills(xlsx, plan);
    CU_ASSERT_STRING_EQUAL(
        cell(&grids[CAPACITY], hr_capacity_row(plan, 0, 0), HR_CAP_REQUIRED),
        "cannot meet target");
    CU_ASSERT_STRING_EQUAL(
        cell(&grids[CAPACITY], hr_capacity_row(plan, 1, 4), HR_CAP_ERLANG_C),
        "saturated");
    check_edge_planned(grids, plan);
    for (int s = 0; s < SHEETS; s++)
        grid_free(&grids[s]);
    free(errors);
    hr_diags_release(&diags);
    hr_plan_free(plan);
    hr_model_free(model);
}

static const hr_test_case cases[] = {
    {"opens without warnings", test_opens_cleanly},
    {"formulas recalculate to the cached values", test_recalc_matches_cache},
    {"no error values", test_no_error_values},
    {"edited multiplier moves peaks", test_edit_moves_peaks},
    {"edited multiplier moves capacity", test_edit_moves_capacity},
    {"edited requests move normal load", test_edit_moves_normal_load},
    {"edited target re-judges labels", test_edit_rejudges},
    {"edge model recalculates", test_edge_model},
};

/* Runs the cases, then removes the files and frees the grids. */
int main(void)
{
    int status;

    status =
        hr_test_run("workbook_recalc", cases, sizeof cases / sizeof *cases);
    for (int s = 0; s < SHEETS; s++) {
        grid_free(&recalc[s]);
        grid_free(&edited[s]);
    }
    free(recalc_errors);
    kit_drop(&the_fixture);
    return status;
}
