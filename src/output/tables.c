/*
 * tables.c - the report's tables: capacity per tier and milestone, the
 * sensitivity of the servers needed to the plan's inputs, measured
 * latencies, milestone values with their provenance, the growth curve
 * fitted to each series, and fixed limits.
 *
 * Each table is built as rows of Pango markup cells and then drawn by one
 * routine that wraps cells to their column, rules off groups of rows and
 * carries on across pages with the header repeated. Numbers carry their
 * units; states with no number (saturated, cannot meet target, no target)
 * are written as words.
 */
#include "output/layout.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#define CELL_PAD_X 3.5
#define CELL_PAD_Y 3.0

static const hr_font FONT_CELL = {8.0, false, false};
static const hr_font FONT_HEAD = {7.5, true, false};
static const hr_font FONT_CAPTION = {8.0, false, true};

/* Markup colours for words that carry a verdict. */
#define RED_SPAN "<span foreground=\"#D55E00\" weight=\"bold\">"
#define GREEN_SPAN "<span foreground=\"#009E73\" weight=\"bold\">"
#define MUTED_SPAN "<span foreground=\"#666666\">"
#define BLUE_SPAN "<span foreground=\"#0072B2\" weight=\"bold\">"
#define END_SPAN "</span>"

typedef struct hr_column {
    const char *header;      /* markup */
    double share;            /* of the text width */
    PangoAlignment align;
    const char *group;       /* markup over a run of columns; may be NULL */
} hr_column;

typedef struct hr_table {
    const hr_column *columns;
    size_t column_count;
    GPtrArray *cells;        /* markup, row-major, owned */
    size_t group_rows;       /* rows per group; 0: a group starts at each
                                row whose first cell is not empty */
} hr_table;

/* ---- building --------------------------------------------------------- */

/* Starts an empty table with the given columns. */
static void table_init(hr_table *t, const hr_column *columns, size_t count)
{
    t->columns = columns;
    t->column_count = count;
    t->cells = g_ptr_array_new_with_free_func(g_free);
    t->group_rows = 0;
}

/* Rows added so far. */
static size_t table_rows(const hr_table *t)
{
    return t->cells->len / t->column_count;
}

/* Adds a cell from a format whose string arguments are escaped. */
static void cell(hr_table *t, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    g_ptr_array_add(t->cells, g_markup_vprintf_escaped(format, args));
    va_end(args);
}

/* Adds a cell that is already markup; takes the GString. */
static void cell_take(hr_table *t, GString *markup)
{
    g_ptr_array_add(t->cells, g_string_free(markup, FALSE));
}

/* "412 ms", "4.5 ms", or a word when there is no finite value. */
static GString *ms_text(double ms, const char *missing)
{
    GString *out = g_string_new(NULL);
    char text[32];

    if (isfinite(ms))
        g_string_append_printf(out, "%s ms",
                               hr_format_sig(ms, text, sizeof text));
    else
        g_string_append(out, missing);
    return out;
}

/* Unit of a series' values with its period: "users", "enrollments/day". */
static const char *period_suffix(hr_period period)
{
    switch (period) {
    case HR_PER_DAY:
        return "/day";
    case HR_PER_WEEK:
        return "/week";
    case HR_PER_MONTH:
        return "/month";
    default:
        return "";
    }
}

/* "1,000 users", "50 enrollments/day". */
static GString *value_text(double value, const hr_series *series)
{
    GString *out = g_string_new(NULL);
    char text[32];

    if (!isfinite(value)) {
        g_string_append(out, "no value");
        return out;
    }
    g_string_append_printf(out, "%s ", hr_format_sig(value, text,
                                                     sizeof text));
    hr_append_escaped(out, series->unit);
    g_string_append(out, period_suffix(series->period));
    return out;
}

/* ---- drawing ---------------------------------------------------------- */

/* Width of a column in points. */
static double column_width(const hr_table *t, size_t column)
{
    return HR_TEXT_WIDTH * t->columns[column].share;
}

/* Makes a cell's layout, wrapped and aligned in its column. */
static PangoLayout *cell_layout(hr_doc *doc, const hr_table *t,
                                size_t column, const char *markup,
                                hr_font font)
{
    PangoLayout *layout = hr_layout_new(
        doc->cr, markup, font, column_width(t, column) - 2 * CELL_PAD_X,
        true);

    if (layout)
        pango_layout_set_alignment(layout, t->columns[column].align);
    else
        doc->status = HR_ERR_OUTPUT;
    return layout;
}

/* Height of a row of cells, padding included. */
static double row_height(hr_doc *doc, const hr_table *t,
                         const char *const *cells,
                         hr_font font)
{
    double height = 0.0;

    for (size_t c = 0; c < t->column_count; c++) {
        PangoLayout *layout = cell_layout(doc, t, c, cells[c], font);
        double w, h;

        if (!layout)
            continue;
        hr_layout_size(layout, &w, &h);
        height = fmax(height, h);
        g_object_unref(layout);
    }
    return height + 2 * CELL_PAD_Y;
}

/* Draws a row's cells at the cursor. */
static void draw_cells(hr_doc *doc, const hr_table *t,
                       const char *const *cells,
                       hr_font font)
{
    double x = HR_MARGIN_X;

    hr_set_rgb(doc->cr, HR_TEXT);
    for (size_t c = 0; c < t->column_count; c++) {
        PangoLayout *layout = cell_layout(doc, t, c, cells[c], font);

        if (layout) {
            hr_layout_draw(doc->cr, layout, x + CELL_PAD_X,
                           doc->y + CELL_PAD_Y);
            g_object_unref(layout);
        }
        x += column_width(t, c);
    }
}

/* A horizontal rule across the text width at the cursor. */
static void rule(hr_doc *doc, hr_rgb colour, double width)
{
    hr_set_rgb(doc->cr, colour);
    cairo_set_line_width(doc->cr, width);
    cairo_move_to(doc->cr, HR_MARGIN_X, doc->y);
    cairo_line_to(doc->cr, HR_MARGIN_X + HR_TEXT_WIDTH, doc->y);
    cairo_stroke(doc->cr);
}

/* Width of the run of columns from first sharing its group. */
static size_t group_run(const hr_table *t, size_t first, double *width)
{
    size_t end = first;

    *width = 0.0;
    while (end < t->column_count &&
           t->columns[end].group == t->columns[first].group)
        *width += column_width(t, end++);
    return end;
}

/* The row of group headings above the column headers, each centred over
 * its run of columns and ruled below; returns its height (0 without
 * groups). Draws only when draw is true. */
static double group_row(hr_doc *doc, const hr_table *t, bool draw)
{
    double x = HR_MARGIN_X, height = 0.0;

    for (size_t c = 0; c < t->column_count;) {
        double width, w, h;
        size_t end = group_run(t, c, &width);
        PangoLayout *layout = t->columns[c].group
            ? hr_layout_new(doc->cr, t->columns[c].group, FONT_HEAD,
                            width - 2 * CELL_PAD_X, true)
            : NULL;

        if (layout) {
            pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
            hr_layout_size(layout, &w, &h);
            height = fmax(height, h + CELL_PAD_Y);
            if (draw) {
                hr_set_rgb(doc->cr, HR_TEXT);
                hr_layout_draw(doc->cr, layout, x + CELL_PAD_X,
                               doc->y + CELL_PAD_Y);
                hr_set_rgb(doc->cr, HR_RULE);
                cairo_set_line_width(doc->cr, 0.5);
                cairo_move_to(doc->cr, x + CELL_PAD_X,
                              doc->y + CELL_PAD_Y + h + 1.0);
                cairo_line_to(doc->cr, x + width - CELL_PAD_X,
                              doc->y + CELL_PAD_Y + h + 1.0);
                cairo_stroke(doc->cr);
            }
            g_object_unref(layout);
        }
        x += width;
        c = end;
    }
    return height;
}

/* The header row (with group headings above when the columns have
 * them) on a grey band, ruled below. */
static void draw_header(hr_doc *doc, const hr_table *t)
{
    const char *headers[16];
    double groups = group_row(doc, t, false), height;

    for (size_t c = 0; c < t->column_count && c < 16; c++)
        headers[c] = t->columns[c].header;
    height = row_height(doc, t, headers, FONT_HEAD);
    hr_set_rgb(doc->cr, HR_SHADE);
    cairo_rectangle(doc->cr, HR_MARGIN_X, doc->y, HR_TEXT_WIDTH,
                    groups + height);
    cairo_fill(doc->cr);
    group_row(doc, t, true);
    doc->y += groups;
    draw_cells(doc, t, headers, FONT_HEAD);
    doc->y += height;
    rule(doc, HR_RULE, 0.8);
}

/* The numbered caption above a table; "(continued)" on later pages. */
static void draw_caption(hr_doc *doc, const char *caption, bool continued)
{
    GString *text = g_string_new(NULL);

    g_string_append_printf(text, "<b>Table %d.</b> ", doc->tables);
    if (caption)
        g_string_append(text, caption);
    if (continued)
        g_string_append(text, " (continued)");
    hr_set_rgb(doc->cr, HR_MUTED);
    doc->y += hr_doc_markup(doc, text->str, FONT_CAPTION, HR_MARGIN_X,
                            doc->y, HR_TEXT_WIDTH, true) + 3.0;
    g_string_free(text, TRUE);
}

/* Draws a table at the cursor, moving to a new page (with caption and
 * header again) whenever the next row would not fit. A row that starts a
 * group (see hr_table) is ruled off above. */
static void table_draw(hr_doc *doc, const hr_table *t, const char *caption)
{
    size_t rows = table_rows(t);
    const char *const *cells = (const char *const *)t->cells->pdata;
    double first = rows ? row_height(doc, t, cells, FONT_CELL) : 0.0;

    doc->tables++;
    hr_doc_room(doc, 60.0 + first);
    draw_caption(doc, caption, false);
    draw_header(doc, t);
    for (size_t r = 0; r < rows; r++) {
        const char *const *row = cells + r * t->column_count;
        double height = row_height(doc, t, row, FONT_CELL);

        if (hr_doc_room(doc, height)) {
            draw_caption(doc, caption, true);
            draw_header(doc, t);
        } else if (r > 0 && (t->group_rows ? r % t->group_rows == 0
                                           : row[0][0] != '\0')) {
            rule(doc, HR_GRID, 0.6);
        }
        draw_cells(doc, t, row, FONT_CELL);
        doc->y += height;
    }
    rule(doc, HR_RULE, 0.8);
    doc->y += 14.0;
}

/* ---- capacity --------------------------------------------------------- */

/* The tier cell: its name and the target its p95 must meet. */
static GString *tier_cell(const hr_tier_plan *tp)
{
    GString *out = g_string_new("<b>");
    char target[32];

    hr_append_escaped(out, tp->tier->title);
    g_string_append(out, "</b>\n" MUTED_SPAN);
    if (tp->target)
        g_string_append_printf(out, "p95 target %s ms",
                               hr_format_sig(tp->target->p95_ms, target,
                                             sizeof target));
    else
        g_string_append(out, "no target");
    g_string_append(out, END_SPAN);
    return out;
}

/* "1,234 servers", red when more than today's, bold otherwise. */
static void append_count(GString *out, int servers, int today)
{
    char count[32];

    hr_format_grouped(servers, 0, count, sizeof count);
    g_string_append_printf(out, "%s%s server%s%s",
                           servers > today ? RED_SPAN : "<b>", count,
                           servers == 1 ? "" : "s",
                           servers > today ? END_SPAN : "</b>");
}

/* Servers planned: the larger of the peak's and 3x normal load's count,
 * tagged "3x normal" (with what the peak alone needs) when that load
 * decides; words when no count can meet the target. */
static void append_needed(GString *out, const hr_tier_plan *tp,
                          const hr_tier_point *pt)
{
    char count[32];

    if (pt->planned_servers < 0) {
        g_string_append(out, RED_SPAN "cannot meet target" END_SPAN);
        if (pt->required_servers >= 0)
            g_string_append_printf(out, "\n<span size=\"smaller\">at %gx "
                                   "normal load</span>",
                                   HR_NORMAL_LOAD_FACTOR);
        return;
    }
    append_count(out, pt->planned_servers, tp->tier->servers);
    if (pt->required_at_3x <= pt->required_servers)
        return;
    g_string_append_printf(out, "\n<span size=\"smaller\">" BLUE_SPAN
                           "%gx normal" END_SPAN "\npeak needs %s</span>",
                           HR_NORMAL_LOAD_FACTOR,
                           hr_format_grouped(pt->required_servers, 0, count,
                                             sizeof count));
}

/* p95 with today's servers: a time, or "saturated". */
static void append_current(GString *out, const hr_tier_plan *tp,
                           const hr_tier_point *pt)
{
    char text[32];
    bool over;

    if (pt->current.saturated || !isfinite(pt->current_p95_s)) {
        g_string_append(out, "today: " RED_SPAN "saturated" END_SPAN);
        return;
    }
    over = tp->target && pt->current_p95_s * 1000.0 > tp->target->p95_ms;
    g_string_append_printf(out, "today: %s%s ms%s", over ? RED_SPAN : "",
                           hr_format_sig(pt->current_p95_s * 1000.0, text,
                                         sizeof text),
                           over ? END_SPAN : "");
}

/* A request rate: per second, or per hour when below 0.01 per second. */
static void append_rate(GString *out, double per_s)
{
    char text[32];

    if (per_s > 0.0 && per_s < 0.01)
        g_string_append_printf(out, "%s req/h",
                               hr_format_sig(per_s * 3600.0, text,
                                             sizeof text));
    else
        g_string_append_printf(out, "%s req/s",
                               hr_format_sig(per_s, text, sizeof text));
}

/* One tier at one milestone: servers needed, then in smaller type the
 * peak load and the p95 that today's servers would give. */
static GString *milestone_cell(const hr_tier_plan *tp,
                               const hr_tier_point *pt)
{
    GString *out = g_string_new(NULL);

    append_needed(out, tp, pt);
    g_string_append(out, "\n<span size=\"smaller\">");
    append_rate(out, pt->arrival_rate);
    g_string_append_c(out, '\n');
    append_current(out, tp, pt);
    g_string_append(out, "</span>");
    return out;
}

/* One row per tier: today's servers, each milestone, breach month. */
static void build_capacity(const hr_plan *plan, hr_table *t)
{
    const hr_model *model = plan->model;

    for (size_t i = 0; i < model->tier_count; i++) {
        const hr_tier_plan *tp = &plan->tiers[i];

        cell_take(t, tier_cell(tp));
        cell(t, "%d server%s", tp->tier->servers,
             tp->tier->servers == 1 ? "" : "s");
        for (size_t m = 0; m < model->milestone_count; m++)
            cell_take(t, milestone_cell(tp, &tp->at[m]));
        if (tp->breach_month >= 0)
            cell(t, RED_SPAN "month %d" END_SPAN, tp->breach_month);
        else
            cell(t, GREEN_SPAN "never" END_SPAN "\nwithin %d months",
                 plan->month_count - 1);
    }
}

/* ---- sensitivity ------------------------------------------------------ */

/* The first cell of a tier's rows: its name, then today's servers, then
 * nothing. */
static void sensitivity_tier_cell(hr_table *t, const hr_tier_plan *tp,
                                  int row)
{
    if (row == 0)
        cell(t, "<b>%s</b>", tp->tier->title);
    else if (row == 1)
        cell(t, MUTED_SPAN "today %d server%s" END_SPAN, tp->tier->servers,
             tp->tier->servers == 1 ? "" : "s");
    else
        cell(t, "%s", "");
}

/* The input moved, tagged when it moves the servers most. */
static void sensitivity_input_cell(hr_table *t, hr_sensitivity_input input,
                                   bool lead)
{
    if (lead)
        cell(t, BLUE_SPAN "%s" END_SPAN " <span size=\"smaller\" "
             "foreground=\"#0072B2\">most sensitive</span>",
             hr_sensitivity_name(input));
    else
        cell(t, "%s", hr_sensitivity_name(input));
}

/* Servers for one case: a count, or "none" when no count can meet the
 * target; bold in the most sensitive input's row. */
static void sensitivity_servers(hr_table *t, int servers, bool lead)
{
    char count[32];

    if (servers < 0)
        cell(t, RED_SPAN "%s" END_SPAN, "none");
    else
        cell(t, lead ? "<b>%s</b>" : "%s",
             hr_format_grouped(servers, 0, count, sizeof count));
}

/* The first month today's servers fall short in one case, or "never". */
static void sensitivity_month(hr_table *t, int month, bool lead)
{
    if (month < 0)
        cell(t, lead ? "<b>%s</b>" : "%s", "never");
    else
        cell(t, lead ? "<b>%d</b>" : "%d", month);
}

/* Three rows per tier, one per input moved: the servers needed at the
 * last milestone's peak and the first month of shortfall, each at -step,
 * unchanged and +step. */
static void build_sensitivity(const hr_plan *plan, hr_table *t)
{
    for (size_t i = 0; i < plan->model->tier_count; i++) {
        const hr_tier_plan *tp = &plan->tiers[i];

        for (int k = 0; k < HR_SENSITIVITY_COUNT; k++) {
            const hr_sensitivity *row = &tp->sensitivity[k];
            bool lead = tp->most_sensitive == (hr_sensitivity_input)k;

            sensitivity_tier_cell(t, tp, k);
            sensitivity_input_cell(t, (hr_sensitivity_input)k, lead);
            for (int c = 0; c < 3; c++)
                sensitivity_servers(t, row->servers[c], lead);
            for (int c = 0; c < 3; c++)
                sensitivity_month(t, row->breach_month[c], lead);
        }
    }
}

/* ---- measured --------------------------------------------------------- */

/* The verdict word in its colour. */
static void verdict_cell(hr_table *t, hr_verdict verdict)
{
    if (verdict == HR_VERDICT_MET)
        cell(t, GREEN_SPAN "%s" END_SPAN, hr_verdict_name(verdict));
    else if (verdict == HR_VERDICT_MISSED)
        cell(t, RED_SPAN "%s" END_SPAN, hr_verdict_name(verdict));
    else
        cell(t, MUTED_SPAN "%s" END_SPAN, hr_verdict_name(verdict));
}

/* One row per measured label: counts, p95, target and verdict. */
static void build_measured(const hr_plan *plan, hr_table *t)
{
    char number[32];

    for (size_t i = 0; i < plan->label_count; i++) {
        const hr_label_verdict *v = &plan->verdicts[i];
        const hr_label_stats *s = v->stats;

        cell(t, "%s", s->label);
        if (v->target)
            cell(t, "%s", v->target->title);
        else
            cell(t, MUTED_SPAN "%s" END_SPAN, "no matching target");
        cell(t, "%s", hr_format_grouped((double)s->samples, 0, number,
                                        sizeof number));
        cell(t, "%s %%", hr_format_sig(s->error_rate * 100, number,
                                       sizeof number));
        cell_take(t, ms_text(s->p95_ms, "n/a"));
        if (v->target)
            cell_take(t, ms_text(v->target->p95_ms, "n/a"));
        else
            cell(t, "%s", "\u2014");
        verdict_cell(t, v->verdict);
    }
}

/* ---- provenance and limits -------------------------------------------- */

/* One row per series: its source, then each milestone value. */
static void build_provenance(const hr_plan *plan, hr_table *t)
{
    const hr_model *model = plan->model;

    for (size_t i = 0; i < model->series_count; i++) {
        const hr_projection *p = &plan->projections[i];
        const hr_series *s = p->series;

        cell(t, "<b>%s</b>\n" MUTED_SPAN "%s" END_SPAN, s->title,
             s->source ? s->source : "");
        for (size_t m = 0; m < model->milestone_count; m++) {
            GString *text = value_text(p->milestone_value[m], s);

            g_string_append_c(text, '\n');
            hr_append_provenance(text, p->milestone_provenance[m]);
            cell_take(t, text);
        }
    }
}

/* Breach month of a limit, as words. */
static void limit_breach_cell(const hr_plan *plan, hr_table *t,
                              const hr_limit_check *check)
{
    if (!check->monthly_peak)
        cell(t, MUTED_SPAN "%s" END_SPAN, "not compared");
    else if (check->breach_month >= 0)
        cell(t, RED_SPAN "month %d" END_SPAN, check->breach_month);
    else
        cell(t, GREEN_SPAN "none within %d months" END_SPAN,
             plan->month_count - 1);
}

/* The compared peak at the horizon, in the limit's unit. */
static void limit_peak_cell(const hr_plan *plan, hr_table *t,
                            const hr_limit_check *check)
{
    char number[32];
    double peak;

    if (!check->monthly_peak) {
        cell(t, "%s", "\u2014");
        return;
    }
    peak = check->monthly_peak[plan->month_count - 1];
    if (check->breach_month >= 0)
        cell(t, RED_SPAN "%s %s" END_SPAN,
             hr_format_sig(peak, number, sizeof number), check->limit->unit);
    else
        cell(t, "%s %s", hr_format_sig(peak, number, sizeof number),
             check->limit->unit);
}

/* One row per fixed limit of the document. */
static void build_limits(const hr_plan *plan, hr_table *t)
{
    char number[32];

    for (size_t i = 0; i < plan->model->limit_count; i++) {
        const hr_limit_check *check = &plan->limits[i];
        const hr_limit *limit = check->limit;

        cell(t, "<b>%s</b>\n" MUTED_SPAN "%s" END_SPAN, limit->title,
             limit->source ? limit->source : "");
        cell(t, "%s %s", hr_format_sig(limit->value, number, sizeof number),
             limit->unit);
        if (check->compared_title)
            cell(t, "%s", check->compared_title);
        else
            cell(t, MUTED_SPAN "%s" END_SPAN, "nothing");
        limit_peak_cell(plan, t, check);
        limit_breach_cell(plan, t, check);
    }
}

/* ---- growth fits ------------------------------------------------------ */

/* The unit of a series with its period, muted: "users", "lessons/day". */
static void append_unit(GString *out, const hr_series *s)
{
    g_string_append(out, MUTED_SPAN);
    hr_append_escaped(out, s->unit ? s->unit : "");
    g_string_append(out, period_suffix(s->period));
    g_string_append(out, END_SPAN);
}

/* The series and its unit. */
static GString *fit_series_cell(const hr_series *s)
{
    GString *out = g_string_new("<b>");

    hr_append_escaped(out, s->title);
    g_string_append(out, "</b>\n");
    append_unit(out, s);
    return out;
}

/* Where the plan's values at the milestones beyond the given ones come
 * from, by project.h's rule: a driver series' growth when the model
 * names one, else the chosen fit when it is a logistic, else the growth
 * rate of the nearest given span. */
static void append_filled_from(GString *out, const hr_model *model,
                               const hr_projection *p)
{
    const hr_series *driver =
        p->series->extrapolate_with
            ? hr_model_find_series(model, p->series->extrapolate_with)
            : NULL;
    const char *sep = "\n<span size=\"smaller\" foreground=\"#666666\">";

    for (size_t m = 0; m < model->milestone_count; m++) {
        if (p->milestone_provenance[m] != HR_EXTRAPOLATED)
            continue;
        g_string_append(out, sep);
        hr_append_escaped(out, model->milestones[m].label);
        sep = ", ";
    }
    if (sep[0] != ',')
        return;
    if (driver) {
        g_string_append(out, " from the growth of ");
        hr_append_escaped(out, driver->title);
    } else if (p->fit.usable && p->fit.kind == HR_GROWTH_LOGISTIC) {
        g_string_append(out, " from this curve");
    } else {
        g_string_append(out, " from the last growth rate");
    }
    g_string_append(out, "</span>");
}

/* The chosen curve's name, and where the plan's values beyond the given
 * milestones come from. */
static GString *fit_curve_cell(const hr_model *model, const hr_projection *p)
{
    GString *out = g_string_new(NULL);

    if (p->fit.usable)
        g_string_append_printf(out, "<b>%s</b>",
                               hr_growth_kind_name(p->fit.kind));
    else
        g_string_append(out, MUTED_SPAN "none" END_SPAN);
    append_filled_from(out, model, p);
    return out;
}

/* A fitted value to three figures, in words from a million on, which
 * fits of a few points reach easily: "1,234", "28.1 million",
 * "1.1 \u00d7 10<sup>16</sup>". Appends markup. */
static void append_big(GString *out, double value)
{
    static const char *const words[] = {"million", "billion", "trillion"};
    double digits = value > 0.0 ? floor(log10(value)) : 0.0, rounded;
    char text[32];
    int group;

    if (!isfinite(value) || value < 1e6) {
        g_string_append(out, hr_format_sig(value, text, sizeof text));
        return;
    }
    rounded = round(value / pow(10.0, digits - 2)) * pow(10.0, digits - 2);
    digits = floor(log10(rounded));
    group = (int)floor(digits / 3.0) - 2;
    if (group < 3)
        g_string_append_printf(out, "%.3g %s", rounded / pow(1e3, group + 2),
                               words[group]);
    else
        g_string_append_printf(out, "%.2g \u00d7 10<sup>%d</sup>",
                               rounded / pow(10.0, digits), (int)digits);
}

/* The fitted value at the last milestone, with its 95 % band below:
 * "no band" without one, "exact fit" when it has no width. */
static GString *fit_value_cell(const hr_projection *p, int month)
{
    GString *out = g_string_new(NULL);
    bool inside = month < p->month_count;
    double lo = inside ? p->band_low[month] : (double)NAN;
    double hi = inside ? p->band_high[month] : (double)NAN;

    if (!p->fit.usable) {
        g_string_append(out, "\u2014");
        return out;
    }
    append_big(out, hr_growth_fit_eval(&p->fit, month));
    g_string_append(out, "\n<span size=\"smaller\">");
    if (!(lo > 0.0 && hi > 0.0)) {
        g_string_append(out, MUTED_SPAN "no band" END_SPAN);
    } else if (log10(hi / lo) < 0.01) {
        g_string_append(out, MUTED_SPAN "exact fit: no spread" END_SPAN);
    } else {
        g_string_append(out, "band ");
        append_big(out, lo);
        g_string_append(out, " \u2013 ");
        append_big(out, hi);
    }
    g_string_append(out, "</span>");
    return out;
}

/* One row per series: the curve chosen and why, its residual standard
 * error in decades, the points fitted, and the fit at the last
 * milestone. */
static void build_growth_fits(const hr_plan *plan, hr_table *t)
{
    const hr_model *model = plan->model;
    int last = model->milestones[model->milestone_count - 1].month;

    for (size_t i = 0; i < model->series_count; i++) {
        const hr_projection *p = &plan->projections[i];

        cell_take(t, fit_series_cell(p->series));
        cell_take(t, fit_curve_cell(model, p));
        cell(t, "%s", p->fit.reason);
        if (isfinite(p->fit.rse_log10))
            cell(t, "%.3f", p->fit.rse_log10);
        else
            cell(t, MUTED_SPAN "%s" END_SPAN, "none");
        cell(t, "%zu", p->fit.points);
        cell_take(t, fit_value_cell(p, last));
    }
}

/* ---- public ----------------------------------------------------------- */

static const hr_column measured_columns[] = {
    {"Label", 0.21, PANGO_ALIGN_LEFT, NULL},
    {"Target class", 0.27, PANGO_ALIGN_LEFT, NULL},
    {"Samples", 0.10, PANGO_ALIGN_RIGHT, NULL},
    {"Errors", 0.09, PANGO_ALIGN_RIGHT, NULL},
    {"p95", 0.11, PANGO_ALIGN_RIGHT, NULL},
    {"Target p95", 0.11, PANGO_ALIGN_RIGHT, NULL},
    {"Verdict", 0.11, PANGO_ALIGN_LEFT, NULL},
};

static const hr_column limits_columns[] = {
    {"Limit", 0.32, PANGO_ALIGN_LEFT, NULL},
    {"Value", 0.14, PANGO_ALIGN_RIGHT, NULL},
    {"Compared with", 0.17, PANGO_ALIGN_LEFT, NULL},
    {"Peak at horizon", 0.20, PANGO_ALIGN_RIGHT, NULL},
    {"First month over", 0.17, PANGO_ALIGN_LEFT, NULL},
};

#define COUNT_OF(a) (sizeof(a) / sizeof *(a))

/* Milestone column headers "1 year / month 12", kept alive in keep. */
static void milestone_columns(const hr_model *model, hr_column *columns,
                              double share, GPtrArray *keep)
{
    size_t n = model->milestone_count;

    for (size_t m = 0; m < n; m++) {
        char *header = g_markup_printf_escaped(
            "%s\n<span weight=\"normal\">month %d</span>",
            model->milestones[m].label, model->milestones[m].month);

        g_ptr_array_add(keep, header);
        columns[m] = (hr_column){header, share / (double)n,
                                 PANGO_ALIGN_LEFT, NULL};
    }
}

/* Columns of the capacity table: tier, today, milestones, breach. */
static hr_column *capacity_columns(const hr_model *model, GPtrArray *keep)
{
    size_t n = model->milestone_count;
    hr_column *columns = g_new0(hr_column, n + 3);

    columns[0] = (hr_column){"Tier", 0.19, PANGO_ALIGN_LEFT, NULL};
    columns[1] = (hr_column){"Servers today", 0.10, PANGO_ALIGN_LEFT, NULL};
    milestone_columns(model, columns + 2, 0.59, keep);
    columns[n + 2] = (hr_column){"Short from", 0.12, PANGO_ALIGN_LEFT, NULL};
    g_ptr_array_add(keep, columns);
    return columns;
}

/* Columns of the provenance table: the series, then one per milestone. */
static hr_column *provenance_columns(const hr_model *model, GPtrArray *keep)
{
    hr_column *columns = g_new0(hr_column, model->milestone_count + 1);

    columns[0] = (hr_column){"Series and source", 0.28, PANGO_ALIGN_LEFT, NULL};
    milestone_columns(model, columns + 1, 0.72, keep);
    g_ptr_array_add(keep, columns);
    return columns;
}

/* Columns of the sensitivity table: tier, input, then the servers at the
 * last milestone's peak and the month today's servers fall short, each
 * at -step, unchanged ("base": the peak's count, not the planned one that
 * also covers 3x normal load) and +step; the two groups are headed
 * above. */
static hr_column *sensitivity_columns(const hr_model *model,
                                      GPtrArray *keep)
{
    const hr_milestone *last = &model->milestones[model->milestone_count - 1];
    char *groups[2], *cases[3];
    hr_column *columns = g_new0(hr_column, 8);
    double step = HR_SENSITIVITY_STEP * 100;

    groups[0] = g_markup_printf_escaped("Servers at %s", last->label);
    groups[1] = g_strdup("Short from month");
    cases[0] = g_strdup_printf("\u2212%g %%", step);
    cases[1] = g_strdup("base");
    cases[2] = g_strdup_printf("+%g %%", step);
    for (int i = 0; i < 3; i++)
        g_ptr_array_add(keep, cases[i]);
    columns[0] = (hr_column){"Tier", 0.25, PANGO_ALIGN_LEFT, NULL};
    columns[1] = (hr_column){"Input moved", 0.26, PANGO_ALIGN_LEFT, NULL};
    for (int g = 0; g < 2; g++) {
        g_ptr_array_add(keep, groups[g]);
        for (int c = 0; c < 3; c++)
            columns[2 + g * 3 + c] = (hr_column){
                cases[c], 0.0815, PANGO_ALIGN_RIGHT, groups[g]};
    }
    g_ptr_array_add(keep, columns);
    return columns;
}

/* Columns of the growth-fits table: series, curve, why, RSE, points,
 * and the fit at the last milestone. */
static hr_column *growth_fits_columns(const hr_model *model, GPtrArray *keep)
{
    const hr_milestone *last = &model->milestones[model->milestone_count - 1];
    char *header = g_markup_printf_escaped(
        "Fit at %s\n<span weight=\"normal\">month %d, 95 %% band</span>",
        last->label, last->month);
    hr_column *columns = g_new0(hr_column, 6);

    g_ptr_array_add(keep, header);
    columns[0] = (hr_column){"Series", 0.18, PANGO_ALIGN_LEFT, NULL};
    columns[1] = (hr_column){"Curve chosen", 0.13, PANGO_ALIGN_LEFT, NULL};
    columns[2] = (hr_column){"Why this curve", 0.35, PANGO_ALIGN_LEFT, NULL};
    columns[3] = (hr_column){"RSE, decades", 0.09, PANGO_ALIGN_RIGHT, NULL};
    columns[4] = (hr_column){"Points", 0.07, PANGO_ALIGN_RIGHT, NULL};
    columns[5] = (hr_column){header, 0.18, PANGO_ALIGN_RIGHT, NULL};
    g_ptr_array_add(keep, columns);
    return columns;
}

/* Draws a short note in place of a table that has no rows. */
static void draw_empty(hr_doc *doc, const char *text)
{
    double h = hr_doc_markup(doc, text, FONT_CELL, HR_MARGIN_X, 0.0,
                             HR_TEXT_WIDTH, false);

    hr_doc_room(doc, h);
    hr_set_rgb(doc->cr, HR_MUTED);
    hr_doc_markup(doc, text, FONT_CAPTION, HR_MARGIN_X, doc->y,
                  HR_TEXT_WIDTH, true);
    doc->y += h + 10.0;
}

/* Builds the block's table; returns false (after drawing a note) when it
 * would have no rows. */
static bool build(hr_doc *doc, hr_table_kind kind, hr_table *t,
                  GPtrArray *keep)
{
    const hr_plan *plan = doc->plan;

    switch (kind) {
    case HR_TABLE_CAPACITY:
        table_init(t, capacity_columns(plan->model, keep),
                   plan->model->milestone_count + 3);
        build_capacity(plan, t);
        break;
    case HR_TABLE_MEASURED:
        table_init(t, measured_columns, COUNT_OF(measured_columns));
        build_measured(plan, t);
        break;
    case HR_TABLE_PROVENANCE:
        table_init(t, provenance_columns(plan->model, keep),
                   plan->model->milestone_count + 1);
        build_provenance(plan, t);
        break;
    case HR_TABLE_SENSITIVITY:
        if (plan->model->milestone_count == 0) {
            table_init(t, limits_columns, COUNT_OF(limits_columns));
            break;
        }
        table_init(t, sensitivity_columns(plan->model, keep), 8);
        t->group_rows = HR_SENSITIVITY_COUNT;
        build_sensitivity(plan, t);
        break;
    case HR_TABLE_GROWTH_FITS:
        if (plan->model->milestone_count == 0) {
            table_init(t, limits_columns, COUNT_OF(limits_columns));
            break;
        }
        table_init(t, growth_fits_columns(plan->model, keep), 6);
        build_growth_fits(plan, t);
        break;
    default:
        table_init(t, limits_columns, COUNT_OF(limits_columns));
        build_limits(plan, t);
        break;
    }
    if (table_rows(t) > 0)
        return true;
    draw_empty(doc, kind == HR_TABLE_MEASURED
                        ? "No measured data was given, so no label is "
                          "judged against its target."
                        : "The model gives nothing for this table.");
    return false;
}

/* Builds and draws the table a block names, with its caption. */
void hr_report_table(hr_doc *doc, const hr_block *block)
{
    GPtrArray *keep = g_ptr_array_new_with_free_func(g_free);
    char *caption = NULL;
    hr_table table;

    if (block->caption) {
        GString *text = g_string_new(NULL);

        hr_append_expanded(text, doc->plan, block->caption);
        caption = g_string_free(text, FALSE);
    }
    if (build(doc, block->table, &table, keep))
        table_draw(doc, &table, caption);
    g_ptr_array_free(table.cells, TRUE);
    g_ptr_array_free(keep, TRUE);
    g_free(caption);
}
