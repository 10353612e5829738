/*
 * test_workbook.c - the capacity-plan workbook's contents, layout and
 * safety, read back by a spreadsheet engine.
 *
 * The workbook is written from the real plan (models/doctrina.yaml plus a
 * small measured sample set, see workbook_kit.h), Gnumeric's ssconvert
 * turns each sheet into CSV with the values headroom cached, and the cells
 * are compared with the plan the workbook was made from: the capacity
 * solver's servers at the peak and at 3x normal load, the sensitivity
 * table and the fitted growth curves included. The xlsx parts
 * (a zip) are read with unzip to check sheet names, document properties,
 * defined names, data validation, red-amber-green rules, charts, print
 * set-up, that text from measured data is never a formula and that every
 * number is finite. test_workbook_recalc.c recalculates the formulas.
 */
#include <fcntl.h>

#include "workbook_kit.h"

static kit_fixture the_fixture;

/* The fixture, built once. */
static kit_fixture *get_fixture(void)
{
    return kit_get(&the_fixture);
}

/* ---- structure ------------------------------------------------------- */

/* Eight sheets, Summary first, and ssconvert made exactly eight CSVs. */
static void test_sheet_names(void)
{
    kit_fixture *f = get_fixture();
    char *xml;
    const char *p;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    xml = xlsx_member(f->xlsx, "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    p = xml;
    for (int s = 0; s < SHEETS; s++) {
        char want[64];

        snprintf(want, sizeof want, "<sheet name=\"%s\"", kit_sheet_names[s]);
        p = strstr(p, want);
        CU_ASSERT_PTR_NOT_NULL(p);
        if (!p)
            break;
        p++;
    }
    CU_ASSERT_PTR_NULL(p ? strstr(p, "<sheet ") : NULL);
    free(xml);
    CU_ASSERT_TRUE(f->sheets[MEASURED].rows > 0);
}

/* Title, subject, author, the model's name and the plan's time. */
static void test_properties(void)
{
    kit_fixture *f = get_fixture();
    char *core, *custom;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    core = xlsx_member(f->xlsx, "docProps/core.xml");
    custom = xlsx_member(f->xlsx, "docProps/custom.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(core);
    CU_ASSERT_PTR_NOT_NULL_FATAL(custom);
    CU_ASSERT_PTR_NOT_NULL(strstr(core, "<dc:creator>headroom</dc:creator>"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(core, "<dc:title>Capacity plan: Doctrina</dc:title>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(core, "<dc:subject>Performance Benchmarks"));
    CU_ASSERT_PTR_NOT_NULL(strstr(core, "2023-11-14T22:13:20Z"));
    CU_ASSERT_PTR_NOT_NULL(strstr(core, "capacity plan, SLA, Doctrina"));
    CU_ASSERT_PTR_NOT_NULL(strstr(custom, "name=\"Model\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(custom, "<vt:lpwstr>Doctrina</vt:lpwstr>"));
    free(core);
    free(custom);
}

/* ---- sheets ---------------------------------------------------------- */

/* Column 0 of rows first.. of a sheet joined with spaces (a note broken
 * into lines). The caller frees it. */
static char *joined_rows(const csv_grid *g, size_t first)
{
    char *text = NULL;
    size_t length = 0, capacity = 0;

    text_push(&text, &length, &capacity, ' ');
    for (size_t r = first; r < g->rows; r++) {
        for (const char *p = cell(g, r, 0); *p; p++)
            text_push(&text, &length, &capacity, *p);
        text_push(&text, &length, &capacity, ' ');
    }
    return text;
}

/* The Summary's counts, generation time and tier table are the plan's. */
static void test_summary(void)
{
    kit_fixture *f = get_fixture();
    const hr_tier_plan *api;
    const csv_grid *g;
    size_t met = 0, row, last;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[SUMMARY];
    last = f->model->milestone_count - 1;
    api = &f->plan->tiers[kit_tier(f->model, "api_queries")];
    for (size_t i = 0; i < f->plan->label_count; i++)
        met += f->plan->verdicts[i].verdict == HR_VERDICT_MET;

    CU_ASSERT_STRING_EQUAL(cell(g, 0, 0), "Capacity plan: Doctrina");
    row = find_row(g, "Generated");
    CU_ASSERT_STRING_EQUAL(cell(g, row, 1), "2023-11-14 22:13:20 UTC");
    row = find_row(g, "Measured labels that missed the target");
    HR_ASSERT_CLOSE(cell_number(g, row, 1), f->plan->targets_missed, 0);
    row = find_row(g, "Measured labels that met the target");
    HR_ASSERT_CLOSE(cell_number(g, row, 1), met, 0);
    row = find_row(g, "Tiers short of servers");
    HR_ASSERT_CLOSE(cell_number(g, row, 1), f->plan->tiers_short, 0);

    row = find_row(g, api->tier->title);
    CU_ASSERT_TRUE_FATAL(row < g->rows);
    HR_ASSERT_CLOSE(cell_number(g, row, 1), api->tier->servers, 0);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_SUM_TIER_REQUIRED + last),
                    api->at[last].required_servers, 0);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_SUM_TIER_REQUIRED + last + 1),
                    api->breach_month, 0);
    /* API queries breach at month 3 (the plan's figure): red. */
    CU_ASSERT_EQUAL(api->breach_month, 3);
    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_SUM_TIER_REQUIRED + last + 2),
                           "short within a year");
    CU_ASSERT_TRUE(find_row(g, "Percentile estimator") < g->rows);
    CU_ASSERT_TRUE(find_row(g, "Sensitivity") < g->rows);

    /* The most sensitive input of every tier, after the verdict. */
    CU_ASSERT_STRING_EQUAL(
        cell(g, find_row(g, "Tier"), HR_SUM_TIER_REQUIRED + last + 3),
        "Most sensitive input");
    for (size_t t = 0; t < f->model->tier_count; t++) {
        const hr_tier_plan *tier = &f->plan->tiers[t];

        CU_ASSERT_STRING_EQUAL(cell(g, find_row(g, tier->tier->title),
                                    HR_SUM_TIER_REQUIRED + last + 3),
                               hr_sensitivity_name(tier->most_sensitive));
    }
    /* API queries: growth moves its 3-year servers most, 1,509 to 23,888
     * against 4,801 to 7,202 for service time (the plan's sensitivity
     * rows, checked cell by cell in test_sensitivity). */
    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_SUM_TIER_REQUIRED + last + 3),
                           "growth");
}

/* Growth: a row per month, each series' average and peak, each tier's
 * arrivals. */
static void test_growth(void)
{
    kit_fixture *f = get_fixture();
    const csv_grid *g;
    char *notes;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[GROWTH];
    CU_ASSERT_STRING_EQUAL(cell(g, 0, 0), "Month");
    CU_ASSERT_PTR_NOT_NULL(strstr(cell(g, 0, 2), "(users)"));
    for (int m = 0; m < f->plan->month_count; m += 6) {
        size_t row = (size_t)m + 1;

        HR_ASSERT_CLOSE(cell_number(g, row, 0), m, 0);
        for (size_t s = 0; s < f->model->series_count; s++) {
            const hr_projection *p = &f->plan->projections[s];

            HR_ASSERT_CLOSE(cell_number(g, row, hr_growth_average_col(s)),
                            p->average[m], 1e-12);
            HR_ASSERT_CLOSE(cell_number(g, row, hr_growth_peak_col(s)),
                            p->peak[m], 1e-12);
        }
        for (size_t t = 0; t < f->model->tier_count; t++)
            HR_ASSERT_CLOSE(
                cell_number(g, row, hr_growth_arrivals_col(f->plan, t)),
                f->plan->tiers[t].monthly_arrivals[m], 1e-12);
    }
    /* Month 12 is the "1 year" milestone. */
    CU_ASSERT_STRING_EQUAL(cell(g, 13, 1), "1 year");
    /* The note below the table says the averages are headroom's. */
    notes = joined_rows(g, (size_t)f->plan->month_count + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(notes, "Averages (grey) are computed by "
                                         "headroom"));
    free(notes);
}

/* Peaks: bandwidth at the MVP, its planned peak and its parts. */
static void test_peaks(void)
{
    kit_fixture *f = get_fixture();
    const csv_grid *g;
    size_t row, parts, video;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[PEAKS];
    row = find_row(g, "Bandwidth");
    CU_ASSERT_TRUE_FATAL(row < g->rows);
    CU_ASSERT_STRING_EQUAL(cell(g, row, 1), "MVP");
    /* 0.5 TB/month given by the document, 5x evening peak: 2.5. */
    HR_ASSERT_CLOSE(cell_number(g, row, 3), 0.5, 1e-12);
    CU_ASSERT_STRING_EQUAL(cell(g, row, 5), "document");
    HR_ASSERT_CLOSE(cell_number(g, row, 6), 5, 0);
    HR_ASSERT_CLOSE(cell_number(g, row, 7), 2.5, 1e-12);

    parts = find_row(g, "Further named peaks and shares");
    CU_ASSERT_TRUE_FATAL(parts < g->rows);
    video = find_row_in(g, 8, "Video streaming");
    CU_ASSERT_TRUE_FATAL(video > parts && video < g->rows);
    /* 75 % of 0.5 TB is 0.375 TB; weekend mornings 3x 0.5 TB is 1.5. */
    HR_ASSERT_CLOSE(cell_number(g, video, 6), 75, 1e-12);
    HR_ASSERT_CLOSE(cell_number(g, video, 3), 0.375, 1e-12);
    row = find_row_in(g, 8, "Weekend mornings");
    HR_ASSERT_CLOSE(cell_number(g, row, 3), 1.5, 1e-12);
}

/* Capacity: each tier x milestone row carries the plan's numbers, with
 * words where the plan has none. */
static void test_capacity(void)
{
    kit_fixture *f = get_fixture();
    size_t saturated = 0;
    const csv_grid *g;
    char *notes;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[CAPACITY];
    for (size_t t = 0; t < f->model->tier_count; t++)
        for (size_t k = 0; k < f->model->milestone_count; k++) {
            const hr_tier_point *at = &f->plan->tiers[t].at[k];
            size_t row = hr_capacity_row(f->plan, t, k);

            CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_TIER),
                                   f->plan->tiers[t].tier->title);
            HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_ARRIVALS),
                            at->arrival_rate, 1e-12);
            HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_UTILISATION),
                            at->current.utilization, 1e-12);
            if (at->required_servers < 0) {
                CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_REQUIRED),
                                       "cannot meet target");
            } else {
                HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_REQUIRED),
                                at->required_servers, 0);
            }
            if (at->current.saturated) {
                CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_P95), "saturated");
                CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_ERLANG_C),
                                       "saturated");
                CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_MEETS), "no");
                saturated++;
            } else {
                HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_P95),
                                at->current_p95_s * 1e3, 1e-12);
                HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_ERLANG_C),
                                at->current.prob_wait, 1e-12);
            }
        }
    /* The model's 6-month load already saturates today's API servers. */
    CU_ASSERT_TRUE(saturated > 0);
    notes = joined_rows(g, hr_capacity_row(f->plan, f->model->tier_count, 0));
    CU_ASSERT_PTR_NOT_NULL(strstr(notes, "computed by headroom (root of the "
                                         "response-time distribution) from: "
                                         "arrival rate, service time, "
                                         "servers"));
    free(notes);
}

/* A count the plan gives, or the sheet's word where it gives -1. */
static void check_count(const csv_grid *g, size_t row, size_t col, int count,
                        const char *word)
{
    if (count < 0) {
        CU_ASSERT_STRING_EQUAL(cell(g, row, col), word);
    } else {
        HR_ASSERT_CLOSE(cell_number(g, row, col), count, 0);
    }
}

/* Which load decides the planned servers, from the two counts. */
static const char *expected_decider(const hr_tier_point *at)
{
    int peak = at->required_servers, normal = at->required_at_3x;

    if (peak < 0 || normal < 0)
        return peak < 0 && normal < 0 ? "both"
               : peak < 0             ? "peak"
                                      : "3x normal load";
    if (peak == normal)
        return "both";
    return peak > normal ? "peak" : "3x normal load";
}

/* The Capacity row of tier id at milestone id. */
static size_t capacity_row_of(const kit_fixture *f, const char *tier,
                              const char *milestone)
{
    size_t k = 0;

    while (k < f->model->milestone_count &&
           strcmp(f->model->milestones[k].id, milestone) != 0)
        k++;
    return hr_capacity_row(f->plan, kit_tier(f->model, tier), k);
}

/* Capacity: normal load, 3x it, the servers 3x needs, the servers
 * planned (the larger count, a MAX formula) and which load decided. */
static void test_capacity_3x(void)
{
    kit_fixture *f = get_fixture();
    const csv_grid *g;
    char *xml, *notes, want[64], a[HR_XLSX_REF_SIZE], b[HR_XLSX_REF_SIZE];
    size_t row;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[CAPACITY];
    for (size_t t = 0; t < f->model->tier_count; t++)
        for (size_t k = 0; k < f->model->milestone_count; k++) {
            const hr_tier_point *at = &f->plan->tiers[t].at[k];

            row = hr_capacity_row(f->plan, t, k);
            HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_NORMAL), at->normal_rate,
                            1e-12);
            HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_NORMAL_3X),
                            HR_NORMAL_LOAD_FACTOR * at->normal_rate, 1e-12);
            check_count(g, row, HR_CAP_REQUIRED_3X, at->required_at_3x,
                        "cannot meet target");
            check_count(g, row, HR_CAP_PLANNED, at->planned_servers,
                        "cannot meet target");
            CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_DECIDED),
                                   expected_decider(at));
        }

    /* By hand: API queries at the MVP carry 1,000 users x 0.1 requests
     * each = 100 req/s on average; 3x that is 300 req/s, the peak itself
     * (a 3x peak multiplier), so both loads need the same servers. */
    row = capacity_row_of(f, "api_queries", "mvp");
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_NORMAL), 100, 1e-12);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_NORMAL_3X), 300, 1e-12);
    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_DECIDED), "both");
    /* Enrollments at 1 year: 2,000/day x 6 requests / 86,400 s = 0.1389
     * req/s, 3x = 0.4167 req/s; one 120 ms server (M/M/1, response p95 =
     * ln 20 / (mu - lambda)) answers in 378 ms, within 400 ms, but the
     * peak (x5 promotions x3 intraday = 2.083 req/s) takes 479 ms on one,
     * so the peak decides: 2 servers (python3 for the arithmetic). */
    row = capacity_row_of(f, "enrollments", "y1");
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_NORMAL), 2000.0 * 6 / 86400,
                    1e-12);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_REQUIRED_3X), 1, 0);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_REQUIRED), 2, 0);
    HR_ASSERT_CLOSE(cell_number(g, row, HR_CAP_PLANNED), 2, 0);
    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_CAP_DECIDED), "peak");

    /* Planned servers are a MAX formula over the two counts. */
    xml = sheet_xml(f->xlsx, CAPACITY);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    snprintf(want, sizeof want, "<f>MAX(%s,%s)</f>",
             hr_xlsx_cell(a, (lxw_row_t)row, HR_CAP_REQUIRED, 0),
             hr_xlsx_cell(b, (lxw_row_t)row, HR_CAP_REQUIRED_3X, 0));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, want));
    free(xml);
    notes = joined_rows(g, hr_capacity_row(f->plan, f->model->tier_count, 0));
    CU_ASSERT_PTR_NOT_NULL(strstr(notes, "computed by headroom's search"));
    free(notes);
}

/* Checks one Sensitivity row against the plan's table. */
static void check_sensitivity_row(const csv_grid *g, const hr_tier_plan *tier,
                                  size_t t, hr_sensitivity_input input)
{
    const hr_sensitivity *moved = &tier->sensitivity[input];
    size_t row = hr_sensitivity_row(t, input);
    int low = moved->servers[0], high = moved->servers[2];
    const char *most = tier->most_sensitive == input ? "most sensitive"
                       : tier->most_sensitive == HR_SENSITIVITY_COUNT ? "none"
                                                                      : "";

    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_SENS_TIER), tier->tier->title);
    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_SENS_INPUT),
                           hr_sensitivity_name(input));
    HR_ASSERT_CLOSE(cell_number(g, row, HR_SENS_TODAY), tier->tier->servers, 0);
    for (size_t i = 0; i < 3; i++) {
        check_count(g, row, HR_SENS_SERVERS + i, moved->servers[i], "none");
        check_count(g, row, HR_SENS_BREACH + i, moved->breach_month[i],
                    "never");
    }
    if (low < 0 || high < 0) {
        CU_ASSERT_STRING_EQUAL(cell(g, row, HR_SENS_SWING), "unbounded");
    } else {
        HR_ASSERT_CLOSE(cell_number(g, row, HR_SENS_SWING), abs(high - low), 0);
    }
    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_SENS_MOST), most);
}

/* Sensitivity: every tier x input row carries the plan's servers and
 * breach months at -20 %, as planned and +20 %; the most sensitive
 * input's row is marked and coloured by a formula rule. */
static void test_sensitivity(void)
{
    kit_fixture *f = get_fixture();
    size_t last, api, row, count, marked = 0;
    const csv_grid *g;
    xml_cell *cells;
    double load;
    char *xml, *notes, key[HR_XLSX_REF_SIZE], want[128];

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[SENSITIVITY];
    last = f->model->milestone_count - 1;
    for (size_t t = 0; t < f->model->tier_count; t++) {
        const hr_tier_plan *tier = &f->plan->tiers[t];

        for (int i = 0; i < HR_SENSITIVITY_COUNT; i++)
            check_sensitivity_row(g, tier, t, (hr_sensitivity_input)i);
        /* "As planned" is the Capacity sheet's required count at the last
         * milestone, and the tier's breach month. */
        CU_ASSERT_STRING_EQUAL(
            cell(g, hr_sensitivity_row(t, HR_SENSITIVITY_GROWTH),
                 HR_SENS_SERVERS + 1),
            tier->at[last].required_servers < 0
                ? "none"
                : cell(&f->sheets[CAPACITY], hr_capacity_row(f->plan, t, last),
                       HR_CAP_REQUIRED));
        check_count(g, hr_sensitivity_row(t, HR_SENSITIVITY_SERVICE_TIME),
                    HR_SENS_BREACH + 1, tier->breach_month, "never");
        marked += tier->most_sensitive != HR_SENSITIVITY_COUNT;
    }
    CU_ASSERT_TRUE(marked > 0);

    /* By hand (python3): API queries' growth moved in its exponent gives
     * 1,000 (1,000,000 / 1,000)^1.2 = 3.98 million users at 3 years,
     * x3 peak x0.1 requests x20 ms = 23,886 Erlangs, and ^0.8 gives
     * 1,507 Erlangs: the servers needed lie just above each load. */
    api = kit_tier(f->model, "api_queries");
    row = hr_sensitivity_row(api, HR_SENSITIVITY_GROWTH);
    load = 1000.0 * pow(1000.0, 1.2) * 3 * 0.1 * 0.020;
    CU_ASSERT_TRUE(cell_number(g, row, HR_SENS_SERVERS + 2) > load);
    CU_ASSERT_TRUE(cell_number(g, row, HR_SENS_SERVERS + 2) <= load + 3);
    load = 1000.0 * pow(1000.0, 0.8) * 3 * 0.1 * 0.020;
    CU_ASSERT_TRUE(cell_number(g, row, HR_SENS_SERVERS) > load);
    CU_ASSERT_TRUE(cell_number(g, row, HR_SENS_SERVERS) <= load + 3);
    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_SENS_MOST), "most sensitive");

    /* Servers are headroom's values, the swing a formula; the rows of
     * the most sensitive inputs are coloured by an expression rule. */
    xml = sheet_xml(f->xlsx, SENSITIVITY);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    snprintf(want, sizeof want, "<formula>$%s=\"most sensitive\"</formula>",
             hr_xlsx_cell(key, 1, HR_SENS_MOST, 0));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "type=\"expression\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, want));
    cells = xml_cells(xml, &count);
    for (size_t i = 0; i < count; i++) {
        if (cells[i].row == 0 || cells[i].row > f->model->tier_count * 3)
            continue;
        if (cells[i].col >= HR_SENS_SERVERS && cells[i].col < HR_SENS_SWING)
            CU_ASSERT_FALSE(cells[i].formula);
        if (cells[i].col == HR_SENS_SWING)
            CU_ASSERT_TRUE(cells[i].formula);
    }
    xml_cells_free(cells, count);
    free(xml);
    notes = joined_rows(g, hr_sensitivity_row(f->model->tier_count, 0));
    CU_ASSERT_PTR_NOT_NULL(strstr(notes, "v0 (v / v0)^(1 \u00B1 0.2)"));
    free(notes);
}

/* Fitted growth curves: each series' chosen curve, points, RSE and the
 * reason as text on Peaks; its 95 % band month by month on Growth. */
static void test_growth_fits(void)
{
    kit_fixture *f = get_fixture();
    const csv_grid *peaks, *growth;
    size_t first, conn;
    char *notes;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    peaks = &f->sheets[PEAKS];
    growth = &f->sheets[GROWTH];
    first = find_row(peaks, HR_PEAKS_FITS_TITLE) + 2;
    CU_ASSERT_TRUE_FATAL(first < peaks->rows);
    for (size_t s = 0; s < f->model->series_count; s++) {
        const hr_projection *p = &f->plan->projections[s];
        size_t row = first + s;

        CU_ASSERT_STRING_EQUAL(cell(peaks, row, HR_FIT_SERIES),
                               f->model->series[s].title);
        CU_ASSERT_STRING_EQUAL(cell(peaks, row, HR_FIT_KIND),
                               hr_growth_kind_name(p->fit.kind));
        HR_ASSERT_CLOSE(cell_number(peaks, row, HR_FIT_POINTS), p->fit.points,
                        0);
        if (isfinite(p->fit.rse_log10)) {
            HR_ASSERT_CLOSE(cell_number(peaks, row, HR_FIT_RSE),
                            p->fit.rse_log10, 1e-12);
        } else {
            CU_ASSERT_STRING_EQUAL(cell(peaks, row, HR_FIT_RSE), "none");
        }
        CU_ASSERT_STRING_EQUAL(cell(peaks, row, HR_FIT_REASON), p->fit.reason);
        for (int m = 0; m < f->plan->month_count; m++) {
            size_t low = hr_growth_band_low_col(f->plan, s);
            size_t high = hr_growth_band_high_col(f->plan, s);

            if (!isfinite(p->band_low[m])) {
                CU_ASSERT_STRING_EQUAL(cell(growth, (size_t)m + 1, low),
                                       "none");
                continue;
            }
            HR_ASSERT_CLOSE(cell_number(growth, (size_t)m + 1, low),
                            p->band_low[m], 1e-12);
            HR_ASSERT_CLOSE(cell_number(growth, (size_t)m + 1, high),
                            p->band_high[m], 1e-12);
        }
    }
    /* Database connections give two milestones: the exponential passes
     * through both, so there is no band; registered users give four. */
    conn = kit_series(f->model, "db_connections");
    CU_ASSERT_STRING_EQUAL(cell(peaks, first + conn, HR_FIT_KIND),
                           "exponential");
    HR_ASSERT_CLOSE(cell_number(peaks, first + conn, HR_FIT_POINTS), 2, 0);
    CU_ASSERT_STRING_EQUAL(
        cell(growth, 1, hr_growth_band_low_col(f->plan, conn)), "none");
    HR_ASSERT_CLOSE(
        cell_number(peaks, first + kit_series(f->model, "registered_users"),
                    HR_FIT_POINTS),
        4, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(
        cell(growth, 0, hr_growth_band_high_col(f->plan, 0)), "95 % band"));

    notes = joined_rows(growth, (size_t)f->plan->month_count + 1);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(notes, "computed by headroom (fitted growth curve)"));
    free(notes);
    notes = joined_rows(peaks, first + f->model->series_count);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(notes, "Computed by headroom (fitted growth curve)"));
    free(notes);
}

/* The reasons are strings in the Peaks XML, never formulas. */
static void test_fit_reasons_are_text(void)
{
    kit_fixture *f = get_fixture();
    size_t count, first, found = 0;
    xml_cell *cells;
    char *xml;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    first = find_row(&f->sheets[PEAKS], HR_PEAKS_FITS_TITLE) + 2;
    xml = sheet_xml(f->xlsx, PEAKS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    cells = xml_cells(xml, &count);
    for (size_t s = 0; s < f->model->series_count; s++) {
        const xml_cell *c = xml_cell_at(cells, count, first + s, HR_FIT_REASON);

        CU_ASSERT_PTR_NOT_NULL(c);
        if (!c)
            continue;
        CU_ASSERT_FALSE(c->formula);
        CU_ASSERT_STRING_EQUAL(c->type, "s");
        found++;
    }
    CU_ASSERT_EQUAL(found, f->model->series_count);
    xml_cells_free(cells, count);
    free(xml);
}

/* Measured: each label's nearest-rank p95 and verdict. */
static void test_measured(void)
{
    kit_fixture *f = get_fixture();
    const csv_grid *g;
    size_t row;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[MEASURED];
    for (size_t i = 0; i < f->plan->label_count; i++) {
        const hr_label_stats *s = &f->plan->label_stats[i];

        if (strlen(s->label) > HR_SHEET_CELL_MAX)
            continue; /* cut; see test_long_label_cut */
        CU_ASSERT_STRING_EQUAL(cell(g, 1 + i, HR_MEAS_LABEL), s->label);
        HR_ASSERT_CLOSE(cell_number(g, 1 + i, HR_MEAS_P95), s->p95_ms, 1e-12);
        HR_ASSERT_CLOSE(cell_number(g, 1 + i, HR_MEAS_SAMPLES), s->samples, 0);
        CU_ASSERT_STRING_EQUAL(cell(g, 1 + i, HR_MEAS_VERDICT),
                               hr_verdict_name(f->plan->verdicts[i].verdict));
    }
    /* db-get-user: 1..20 ms, nearest rank p95 = x[ceil(0.95 * 20)] = 19 ms
     * against a 10 ms target. */
    row = find_row(g, "db-get-user");
    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_MEAS_P95), "19");
    HR_ASSERT_CLOSE(cell_number(g, row, HR_MEAS_TARGET), 10, 0);
    CU_ASSERT_STRING_EQUAL(cell(g, row, HR_MEAS_VERDICT), "missed");
    CU_ASSERT_TRUE(find_row(g, KIT_SOURCE_PATH) < g->rows);
}

/* Assumptions: every input with unit, provenance, source and name. */
static void test_assumptions(void)
{
    kit_fixture *f = get_fixture();
    const csv_grid *g;
    size_t row;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    g = &f->sheets[ASSUMPTIONS];
    row = find_row_in(g, 6, "Tier_api_queries_service_ms");
    CU_ASSERT_TRUE_FATAL(row < g->rows);
    CU_ASSERT_STRING_EQUAL(cell(g, row, 0), "service time");
    HR_ASSERT_CLOSE(cell_number(g, row, 2), 20, 0);
    CU_ASSERT_STRING_EQUAL(cell(g, row, 3), "ms");
    CU_ASSERT_STRING_EQUAL(cell(g, row, 4), "assumed");

    row = find_row_in(g, 6, "Series_enrollments_peak");
    HR_ASSERT_CLOSE(cell_number(g, row, 2), 5, 0);
    CU_ASSERT_STRING_EQUAL(cell(g, row, 4), "document");
    row = find_row_in(g, 6, "Series_bandwidth_share_Video_streaming");
    HR_ASSERT_CLOSE(cell_number(g, row, 2), 75, 1e-12);
    CU_ASSERT_STRING_EQUAL(cell(g, row, 3), "%");

    /* Concurrent users at 3 years: not in the document, filled from the
     * growth of registered users (a formula); 6 months of database
     * connections lies between given values (headroom's curve). */
    row = find_row_in(g, 6, "Series_concurrent_users_y3");
    CU_ASSERT_STRING_EQUAL(cell(g, row, 4), "extrapolated");
    CU_ASSERT_PTR_NOT_NULL(strstr(cell(g, row, 5), "filled by formula"));
    row = find_row_in(g, 6, "Series_db_connections_m6");
    CU_ASSERT_STRING_EQUAL(cell(g, row, 4), "interpolated");
    CU_ASSERT_PTR_NOT_NULL(strstr(cell(g, row, 5), "computed by headroom"));
    CU_ASSERT_TRUE(find_row_in(g, 6, "Limit_db_reads") < g->rows);
    CU_ASSERT_TRUE(find_row_in(g, 6, "Target_simple_query_p95_ms") < g->rows);
}

/* ---- what the xlsx holds --------------------------------------------- */

/* Counts the occurrences of needle in text. */
static size_t count_of(const char *text, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Inputs a model has: given milestone values, the intraday factor, a
 * planned peak per series, named peaks, shares, three per tier, targets
 * and limits. */
static size_t expected_inputs(const hr_model *model)
{
    size_t n = 1 + model->series_count + 3 * model->tier_count +
               model->class_count + model->limit_count;

    for (size_t s = 0; s < model->series_count; s++) {
        const hr_series *series = &model->series[s];

        n += series->extra_peak_count + series->share_count;
        for (size_t k = 0; k < model->milestone_count; k++)
            n += series->values[k].given;
    }
    return n;
}

/* Every input is a named cell with a data validation; shares take 0 to
 * 100, servers whole numbers from 1, nothing takes a negative. */
static void test_inputs_validated(void)
{
    kit_fixture *f = get_fixture();
    char *xml, *book;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    xml = sheet_xml(f->xlsx, ASSUMPTIONS);
    book = xlsx_member(f->xlsx, "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(book);
    CU_ASSERT_EQUAL(count_of(xml, "<dataValidation "),
                    expected_inputs(f->model));
    /* Doctrina: 4 shares, 9 tiers' servers. */
    CU_ASSERT_EQUAL(count_of(xml, "<formula2>100</formula2>"), 4);
    CU_ASSERT_EQUAL(count_of(xml, "type=\"whole\""), f->model->tier_count);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<formula1>0</formula1>"
                                       "<formula2>100</formula2>"));
    CU_ASSERT_EQUAL(count_of(xml, "operator=\"lessThan"), 0);
    /* Names: an input and a formula-filled value. */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(book, "<definedName name=\"Tier_api_queries_service_ms\">"
                     "'Assumptions'!$C$"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(book, "<definedName name=\"Series_concurrent_users_y3\">"));
    free(xml);
    free(book);
}

/* Verdict words and counts are coloured by conditional formats. */
static void test_red_amber_green(void)
{
    kit_fixture *f = get_fixture();
    char *summary, *measured, *capacity;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    summary = sheet_xml(f->xlsx, SUMMARY);
    measured = sheet_xml(f->xlsx, MEASURED);
    capacity = sheet_xml(f->xlsx, CAPACITY);
    CU_ASSERT_PTR_NOT_NULL_FATAL(summary);
    CU_ASSERT_PTR_NOT_NULL_FATAL(measured);
    CU_ASSERT_PTR_NOT_NULL_FATAL(capacity);
    CU_ASSERT_PTR_NOT_NULL(strstr(summary, "<formula>\"short today\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(summary, "<formula>\"enough\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(summary, "<formula>\"over later\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(measured, "<formula>\"missed\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(capacity, "<formula>\"yes\""));
    CU_ASSERT_TRUE(count_of(summary, "<cfRule ") >= 8);
    free(summary);
    free(measured);
    free(capacity);
}

/* Four native charts: growth and arrivals as lines, servers and p95 as
 * columns, all with a log axis, over the sheets' cells. */
static void test_charts(void)
{
    kit_fixture *f = get_fixture();
    char *chart[4];

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (int i = 0; i < 4; i++) {
        char member[64];

        snprintf(member, sizeof member, "xl/charts/chart%d.xml", i + 1);
        chart[i] = xlsx_member(f->xlsx, member);
        CU_ASSERT_PTR_NOT_NULL_FATAL(chart[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(chart[i], "<c:logBase val=\"10\"/>"));
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(chart[0], "<c:lineChart>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(chart[0], "Growth!$C$2:$C$38"));
    CU_ASSERT_EQUAL(count_of(chart[0], "<c:ser>"), f->model->series_count);
    CU_ASSERT_EQUAL(count_of(chart[1], "<c:ser>"), f->model->tier_count);
    CU_ASSERT_PTR_NOT_NULL(strstr(chart[2], "<c:barChart>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(chart[2], "<c:f>Summary!"));
    CU_ASSERT_EQUAL(count_of(chart[2], "<c:ser>"),
                    1 + f->model->milestone_count);
    CU_ASSERT_PTR_NOT_NULL(strstr(chart[3], "Measured!$H$2:$H$"));
    for (int i = 0; i < 4; i++)
        free(chart[i]);
}

/* Tables are frozen below their header, filtered and print their header
 * on every page; every sheet prints landscape, fitted across. */
static void test_print_setup(void)
{
    kit_fixture *f = get_fixture();
    char *book;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (int s = 0; s < SHEETS; s++) {
        char *xml = sheet_xml(f->xlsx, s);

        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        CU_ASSERT_PTR_NOT_NULL(strstr(xml, "orientation=\"landscape\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<pageSetUpPr fitToPage=\"1\"/>"));
        if (s != SUMMARY && s != CHARTS) {
            CU_ASSERT_PTR_NOT_NULL(strstr(xml, "state=\"frozen\""));
            CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<autoFilter ref="));
        }
        free(xml);
    }
    book = xlsx_member(f->xlsx, "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(book);
    CU_ASSERT_PTR_NOT_NULL(strstr(book, "<definedName name=\"_xlnm.Print_"
                                        "Titles\" localSheetId=\"5\">"
                                        "Capacity!$1:$1"));
    free(book);
}

/* ---- safety ---------------------------------------------------------- */

/* Formula look-alikes in labels and file names are text: the engine reads
 * them back verbatim, and every cell of the labels' column is a shared
 * string, not a formula. */
static void test_formula_labels_stay_text(void)
{
    kit_fixture *f = get_fixture();
    xml_cell *cells;
    size_t count, labels = 0;
    char *xml;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (size_t k = 0; k < KIT_FORMULA_LABELS; k++)
        CU_ASSERT_TRUE(find_row(&f->sheets[MEASURED], kit_formula_labels[k]) <
                       f->sheets[MEASURED].rows);
    xml = sheet_xml(f->xlsx, MEASURED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    cells = xml_cells(xml, &count);
    for (size_t i = 0; i < count; i++) {
        if (cells[i].col != HR_MEAS_LABEL || cells[i].row == 0)
            continue;
        CU_ASSERT_FALSE(cells[i].formula);
        CU_ASSERT_STRING_EQUAL(cells[i].type, "s");
        labels++;
    }
    CU_ASSERT_TRUE(labels >= f->plan->label_count);
    CU_ASSERT_PTR_NULL(strstr(xml, "HYPERLINK"));
    CU_ASSERT_PTR_NULL(strstr(xml, "cmd|"));
    xml_cells_free(cells, count);
    free(xml);
}

/* Every number in every sheet is finite; NaN throughput is a word. */
static void test_no_nan_numbers(void)
{
    kit_fixture *f = get_fixture();
    size_t numbers = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (int s = 0; s < SHEETS; s++) {
        char *xml = sheet_xml(f->xlsx, s);
        size_t count;
        xml_cell *cells;

        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        cells = xml_cells(xml, &count);
        for (size_t i = 0; i < count; i++) {
            if (cells[i].type[0] || !cells[i].value)
                continue; /* text, or a blank */
            CU_ASSERT_TRUE(isfinite(text_number(cells[i].value)));
            numbers++;
        }
        xml_cells_free(cells, count);
        free(xml);
    }
    CU_ASSERT_TRUE(numbers > 1000);
    CU_ASSERT_STRING_EQUAL(cell(&f->sheets[MEASURED],
                                find_row(&f->sheets[MEASURED], "+1+1"),
                                HR_MEAS_THROUGHPUT),
                           "n/a");
}

/* The 40,000-character label is cut to 32,767 characters ending in the
 * cut mark. */
static void test_long_label_cut(void)
{
    kit_fixture *f = get_fixture();
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

/* Defined names: characters Excel refuses become '_', names that read as
 * cell references or constants get a leading '_', case-insensitive
 * duplicates a suffix, and long names stay within 255 characters. */
static void test_defined_names(void)
{
    kit_fixture *f = get_fixture();
    const char *const bad[] = {"a-b c", "\xC3\xA9t\xC3\xA9"};
    const char *const cellish[] = {"AB12"};
    const char *const constant[] = {"true"};
    const char *const digit[] = {"1x"};
    const char *const upper[] = {"A_B_C"};
    char path[600], *long_part = malloc(400);
    hr_xlsx_book book;
    const char *name;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(long_part);
    snprintf(path, sizeof path, "%s/names.xlsx", f->dir);
    CU_ASSERT_EQUAL_FATAL(hr_xlsx_book_open(&book, path), HR_OK);
    CU_ASSERT_STRING_EQUAL(hr_xlsx_book_name(&book, "Tier", bad, 2),
                           "Tier_a_b_c__t_");
    CU_ASSERT_STRING_EQUAL(hr_xlsx_book_name(&book, NULL, cellish, 1), "_AB12");
    CU_ASSERT_STRING_EQUAL(hr_xlsx_book_name(&book, NULL, constant, 1),
                           "_true");
    CU_ASSERT_STRING_EQUAL(hr_xlsx_book_name(&book, NULL, digit, 1), "_1x");
    CU_ASSERT_STRING_EQUAL(hr_xlsx_book_name(&book, "a", upper + 0, 0), "a");
    CU_ASSERT_STRING_EQUAL(hr_xlsx_book_name(&book, NULL, upper, 1), "A_B_C");
    CU_ASSERT_STRING_EQUAL(
        hr_xlsx_book_name(&book, "a", (const char *[]){"b_c"}, 1), "a_b_c_2");
    memset(long_part, 'z', 399);
    long_part[399] = '\0';
    name =
        hr_xlsx_book_name(&book, "Series", (const char *const[]){long_part}, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(name);
    CU_ASSERT_TRUE(strlen(name) <= HR_XLSX_NAME_MAX);
    name =
        hr_xlsx_book_name(&book, "Series", (const char *const[]){long_part}, 1);
    CU_ASSERT_TRUE(strlen(name) <= HR_XLSX_NAME_MAX);
    CU_ASSERT_STRING_EQUAL(name + strlen(name) - 2, "_2");
    hr_xlsx_book_discard(&book);
    free(long_part);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
}

/* A plan without measured data still makes all eight sheets. */
static void test_without_measured(void)
{
    kit_fixture *f = get_fixture();
    csv_grid grids[SHEETS] = {0};
    hr_plan *plan = NULL;
    char path[600];

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL_FATAL(hr_plan_build(f->model, NULL, KIT_STAMP, &plan),
                          HR_OK);
    snprintf(path, sizeof path, "%s/plain.xlsx", f->dir);
    CU_ASSERT_EQUAL(hr_workbook_write(plan, path), HR_OK);
    CU_ASSERT_EQUAL(convert_sheets(path, f->dir, "plain", 0, grids, NULL), 0);
    CU_ASSERT_STRING_EQUAL(cell(&grids[MEASURED], 1, 0),
                           "no measured data was given");
    HR_ASSERT_CLOSE(
        cell_number(
            &grids[SUMMARY],
            find_row(&grids[SUMMARY], "Measured labels that missed the target"),
            1),
        0, 0);
    for (int s = 0; s < SHEETS; s++)
        grid_free(&grids[s]);
    remove(path);
    hr_plan_free(plan);
}

/* A file that cannot be made is an output error, not a crash. */
static void test_unwritable_path(void)
{
    kit_fixture *f = get_fixture();
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
    {"summary counts and tiers", test_summary},
    {"growth by month", test_growth},
    {"peaks and parts", test_peaks},
    {"capacity per tier and milestone", test_capacity},
    {"capacity at 3x normal load, planned servers", test_capacity_3x},
    {"sensitivity table", test_sensitivity},
    {"fitted growth curves and bands", test_growth_fits},
    {"fit reasons are text", test_fit_reasons_are_text},
    {"measured statistics", test_measured},
    {"assumptions", test_assumptions},
    {"inputs named and validated", test_inputs_validated},
    {"red, amber, green", test_red_amber_green},
    {"native charts", test_charts},
    {"print set-up", test_print_setup},
    {"formula-like labels stay text", test_formula_labels_stay_text},
    {"no NaN written as a number", test_no_nan_numbers},
    {"long label cut", test_long_label_cut},
    {"safe text", test_safe_text},
    {"number text", test_format_number},
    {"defined names", test_defined_names},
    {"plan without measured data", test_without_measured},
    {"unwritable path", test_unwritable_path},
};

/* Runs the cases, then removes the fixture's files. */
int main(void)
{
    int status;

    status = hr_test_run("workbook", cases, sizeof cases / sizeof *cases);
    kit_drop(&the_fixture);
    return status;
}
