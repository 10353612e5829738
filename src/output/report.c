/*
 * report.c - the layout engine that turns a plan and a template into a PDF.
 *
 * The template says which blocks appear on which page; this file knows how
 * to draw each kind of block on A4 portrait with cairo and Pango. Blocks
 * flow down the page and move to a new page when they do not fit; tables
 * split across pages and repeat their header. Every page ends with a
 * footer "page n of N", so the report is laid out twice: once into a
 * discarding stream to count the pages, then into the file.
 *
 * Template text is Pango markup; values put in for placeholders and every
 * string taken from the model or the measured data are escaped first.
 */
#include "headroom/report.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "headroom/chart.h"
#include "output/layout.h"

static const hr_font FONT_TITLE = {22.0, true, false};
static const hr_font FONT_SUBTITLE = {12.0, false, false};
static const hr_font FONT_HEADING = {14.0, true, false};
static const hr_font FONT_BODY = {9.5, false, false};
static const hr_font FONT_SMALL = {8.0, false, false};
static const hr_font FONT_CAPTION = {8.0, false, true};
static const hr_font FONT_FIGURE = {15.0, true, false};
static const hr_font FONT_VERDICT = {12.0, true, false};

/* ---- document state --------------------------------------------------- */

/* Draws the page footer: a rule, the report title and "Page n of N". */
static void doc_footer(hr_doc *doc)
{
    char page[64];

    hr_set_rgb(doc->cr, HR_RULE);
    cairo_set_line_width(doc->cr, 0.5);
    cairo_move_to(doc->cr, HR_MARGIN_X, HR_FOOTER_Y - 6.0);
    cairo_line_to(doc->cr, HR_PAGE_WIDTH - HR_MARGIN_X, HR_FOOTER_Y - 6.0);
    cairo_stroke(doc->cr);
    if (doc->total > 0)
        snprintf(page, sizeof page, "Page %d of %d", doc->page, doc->total);
    else
        snprintf(page, sizeof page, "Page %d", doc->page);
    hr_set_rgb(doc->cr, HR_MUTED);
    hr_text_draw(doc->cr, doc->title, FONT_SMALL, HR_MARGIN_X, HR_FOOTER_Y,
                 0.0, 0.0);
    hr_text_draw(doc->cr, page, FONT_SMALL, HR_PAGE_WIDTH - HR_MARGIN_X,
                 HR_FOOTER_Y, 1.0, 0.0);
}

/* Ends the page with its footer; the cursor goes to the next top. */
void hr_doc_new_page(hr_doc *doc)
{
    doc_footer(doc);
    cairo_show_page(doc->cr);
    doc->page++;
    doc->y = HR_MARGIN_TOP;
}

/* New page unless height fits, or the page is still empty (a block
 * taller than a page is then drawn where it is). */
bool hr_doc_room(hr_doc *doc, double height)
{
    if (doc->y + height <= HR_CONTENT_BOTTOM || doc->y <= HR_MARGIN_TOP)
        return false;
    hr_doc_new_page(doc);
    return true;
}

/* Draws markup wrapped to width at (x, y); returns the height used. When
 * draw is false it only measures. */
double hr_doc_markup(hr_doc *doc, const char *markup, hr_font font,
                     double x, double y, double width, bool draw)
{
    PangoLayout *layout = hr_layout_new(doc->cr, markup, font, width, true);
    double w, h;

    if (!layout) {
        doc->status = HR_ERR_OUTPUT;
        return 0.0;
    }
    pango_layout_set_spacing(layout, (int)(font.size * 0.2 * PANGO_SCALE));
    hr_layout_size(layout, &w, &h);
    if (draw)
        hr_layout_draw(doc->cr, layout, x, y);
    g_object_unref(layout);
    return h;
}

/* ---- placeholders ------------------------------------------------------ */

/* Formats the generation time as "2025-01-15 12:00 UTC". */
static void format_time(time_t when, char *out, size_t size)
{
    struct tm tm;

    if (!gmtime_r(&when, &tm) ||
        strftime(out, size, "%Y-%m-%d %H:%M UTC", &tm) == 0)
        snprintf(out, size, "unknown time");
}

/* Appends text with markup characters escaped. */
void hr_append_escaped(GString *out, const char *text)
{
    char *escaped = g_markup_escape_text(text ? text : "", -1);

    g_string_append(out, escaped);
    g_free(escaped);
}

/* Samples measured; 0 when the plan has no measured data. */
size_t hr_plan_samples(const hr_plan *plan)
{
    return plan->measured ? hr_sample_set_total(plan->measured) : 0;
}

/* "3 years (month 36)": the last milestone, which the sensitivity table
 * and the servers-needed figure look at. */
static void append_last_milestone(GString *out, const hr_model *model)
{
    const hr_milestone *last;

    if (model->milestone_count == 0) {
        g_string_append(out, "the last milestone");
        return;
    }
    last = &model->milestones[model->milestone_count - 1];
    hr_append_escaped(out, last->label);
    g_string_append_printf(out, " (month %d)", last->month);
}

/* Appends a placeholder's value, escaped, with its unit when it has one. */
static void append_placeholder(GString *out, const hr_plan *plan,
                               hr_placeholder which)
{
    const hr_model *model = plan->model;
    char text[64];

    switch (which) {
    case HR_PH_MODEL_NAME:
        hr_append_escaped(out, model->name);
        break;
    case HR_PH_MODEL_PATH:
        hr_append_escaped(out, model->path);
        break;
    case HR_PH_DOCUMENT:
        hr_append_escaped(out, model->document);
        break;
    case HR_PH_GENERATED_AT:
        format_time(plan->generated_at, text, sizeof text);
        hr_append_escaped(out, text);
        break;
    case HR_PH_HORIZON:
        g_string_append_printf(out, "%d months", model->horizon_months);
        break;
    case HR_PH_TARGETS_MISSED:
        g_string_append_printf(out, "%zu", plan->targets_missed);
        break;
    case HR_PH_TIERS_SHORT:
        g_string_append_printf(out, "%zu", plan->tiers_short);
        break;
    case HR_PH_TIER_COUNT:
        g_string_append_printf(out, "%zu", model->tier_count);
        break;
    case HR_PH_LABEL_COUNT:
        g_string_append_printf(out, "%zu", plan->label_count);
        break;
    case HR_PH_SAMPLES:
        hr_format_grouped((double)hr_plan_samples(plan), 0, text,
                          sizeof text);
        g_string_append(out, text);
        break;
    case HR_PH_PERCENTILE:
        g_string_append_printf(out, "%.0fth", HR_TARGET_PERCENTILE * 100);
        break;
    case HR_PH_SENSITIVITY_STEP:
        g_string_append_printf(out, "%g %%", HR_SENSITIVITY_STEP * 100);
        break;
    case HR_PH_LOAD_FACTOR:
        g_string_append_printf(out, "%gx", HR_NORMAL_LOAD_FACTOR);
        break;
    case HR_PH_LAST_MILESTONE:
        append_last_milestone(out, model);
        break;
    default:
        break;
    }
}

/* Copies template text, replacing each {name} by its value and "{{" by
 * a brace. The template reader has checked every name. */
void hr_append_expanded(GString *out, const hr_plan *plan, const char *text)
{
    for (const char *p = text; *p; p++) {
        const char *end = p[0] == '{' && p[1] != '{' ? strchr(p, '}') : NULL;

        if (p[0] == '{' && p[1] == '{') {
            g_string_append_c(out, '{');
            p++;
        } else if (end) {
            append_placeholder(out, plan,
                               hr_placeholder_find(p + 1,
                                                   (size_t)(end - p - 1)));
            p = end;
        } else {
            g_string_append_c(out, *p);
        }
    }
}

/* Template text with its placeholders filled in; g_free() the result. */
static char *expand(const hr_plan *plan, const char *text)
{
    GString *out = g_string_new(NULL);

    hr_append_expanded(out, plan, text);
    return g_string_free(out, FALSE);
}

/* Appends a square in the provenance's colour, then its word. */
void hr_append_provenance(GString *out, hr_provenance provenance)
{
    static const char *const colours[] = {
        [HR_FROM_DOCUMENT] = "#0072B2", [HR_ASSUMED] = "#E69F00",
        [HR_MEASURED] = "#009E73",      [HR_DERIVED] = "#666666",
        [HR_INTERPOLATED] = "#56B4E9",  [HR_EXTRAPOLATED] = "#D55E00",
    };
    const char *colour = (unsigned)provenance <= HR_EXTRAPOLATED
                             ? colours[provenance]
                             : "#000000";

    g_string_append_printf(out, "<span foreground=\"%s\">\u25A0</span> ",
                           colour);
    hr_append_escaped(out, hr_provenance_name(provenance));
}

/* The plain text of expanded markup, for footers and PDF metadata. */
static char *expand_plain(const hr_plan *plan, const char *text)
{
    char *markup = expand(plan, text), *plain = NULL;

    if (!pango_parse_markup(markup, -1, 0, NULL, &plain, NULL, NULL))
        plain = g_strdup(markup);
    g_free(markup);
    return plain;
}

/* ---- text blocks ------------------------------------------------------- */

/* The Measured data line of the title block. */
static void append_sources(GString *out, const hr_plan *plan)
{
    size_t files = plan->measured ? hr_sample_set_file_count(plan->measured)
                                  : 0;
    char count[32];

    if (files == 0) {
        g_string_append(out, "none; latency targets are not judged");
        return;
    }
    for (size_t i = 0; i < files; i++) {
        const hr_source_file *f = hr_sample_set_file(plan->measured, i);

        g_string_append(out, i ? "\n" : "");
        hr_append_escaped(out, f->path);
        g_string_append_printf(out, " (%s, %s samples",
                               f->format ? f->format : "unknown format",
                               hr_format_grouped((double)f->records, 0, count,
                                                 sizeof count));
        if (f->skipped)
            g_string_append_printf(out, ", %zu rows skipped", f->skipped);
        g_string_append(out, ")");
    }
}

/* One "name: value" line of the title block's facts. */
static void draw_fact(hr_doc *doc, const char *name, const char *value)
{
    double h;

    hr_set_rgb(doc->cr, HR_MUTED);
    hr_doc_markup(doc, name, FONT_BODY, HR_MARGIN_X, doc->y, 95.0, true);
    hr_set_rgb(doc->cr, HR_TEXT);
    h = hr_doc_markup(doc, value, FONT_BODY, HR_MARGIN_X + 100.0, doc->y,
                      HR_TEXT_WIDTH - 100.0, true);
    doc->y += h + 3.0;
}

/* Title, subtitle and the facts of the run. */
static void draw_title(hr_doc *doc)
{
    const hr_model *model = doc->plan->model;
    GString *facts = g_string_new(NULL);
    char *text;

    text = expand(doc->plan, doc->template_->title);
    hr_set_rgb(doc->cr, HR_TEXT);
    doc->y += hr_doc_markup(doc, text, FONT_TITLE, HR_MARGIN_X, doc->y,
                            HR_TEXT_WIDTH, true) + 4.0;
    g_free(text);
    if (doc->template_->subtitle) {
        text = expand(doc->plan, doc->template_->subtitle);
        hr_set_rgb(doc->cr, HR_MUTED);
        doc->y += hr_doc_markup(doc, text, FONT_SUBTITLE, HR_MARGIN_X, doc->y,
                                HR_TEXT_WIDTH, true);
        g_free(text);
    }
    doc->y += 14.0;

    hr_append_escaped(facts, model->name);
    g_string_append(facts, " (");
    hr_append_escaped(facts, model->path);
    g_string_append(facts, ")");
    draw_fact(doc, "Model", facts->str);
    g_string_truncate(facts, 0);
    hr_append_escaped(facts, model->document);
    draw_fact(doc, "Document", facts->str);
    g_string_truncate(facts, 0);
    append_placeholder(facts, doc->plan, HR_PH_GENERATED_AT);
    draw_fact(doc, "Generated", facts->str);
    g_string_truncate(facts, 0);
    append_sources(facts, doc->plan);
    draw_fact(doc, "Measured data", facts->str);
    g_string_free(facts, TRUE);
    doc->y += 8.0;
}

/* A section heading, kept together with at least a few lines after it,
 * and listed in the PDF outline. */
static void draw_heading(hr_doc *doc, const char *template_text)
{
    char *text = expand(doc->plan, template_text);
    double h = hr_doc_markup(doc, text, FONT_HEADING, HR_MARGIN_X, 0.0,
                             HR_TEXT_WIDTH, false);

    if (doc->y > HR_MARGIN_TOP)
        doc->y += 10.0;
    hr_doc_room(doc, h + 80.0);
    if (doc->outline) {
        char *plain = expand_plain(doc->plan, template_text);
        char link[64];

        snprintf(link, sizeof link, "page=%d pos=[%.0f %.0f]", doc->page,
                 HR_MARGIN_X, doc->y);
        cairo_pdf_surface_add_outline(doc->surface, CAIRO_PDF_OUTLINE_ROOT,
                                      plain, link, 0);
        g_free(plain);
    }
    hr_set_rgb(doc->cr, HR_BLUE);
    hr_doc_markup(doc, text, FONT_HEADING, HR_MARGIN_X, doc->y, HR_TEXT_WIDTH,
                  true);
    doc->y += h + 2.0;
    hr_set_rgb(doc->cr, HR_GRID);
    cairo_set_line_width(doc->cr, 0.8);
    cairo_move_to(doc->cr, HR_MARGIN_X, doc->y);
    cairo_line_to(doc->cr, HR_PAGE_WIDTH - HR_MARGIN_X, doc->y);
    cairo_stroke(doc->cr);
    doc->y += 8.0;
    g_free(text);
}

/* A paragraph of body text, moved whole to the next page if need be. */
static void draw_paragraph(hr_doc *doc, const char *template_text)
{
    char *text = expand(doc->plan, template_text);
    double h = hr_doc_markup(doc, text, FONT_BODY, HR_MARGIN_X, 0.0,
                             HR_TEXT_WIDTH, false);

    hr_doc_room(doc, h);
    hr_set_rgb(doc->cr, HR_TEXT);
    hr_doc_markup(doc, text, FONT_BODY, HR_MARGIN_X, doc->y, HR_TEXT_WIDTH,
                  true);
    doc->y += h + 8.0;
    g_free(text);
}

/* The verdict's headline, detail and colour. */
static hr_rgb verdict_text(const hr_plan *plan, GString *head,
                           GString *detail)
{
    hr_rgb colour = HR_NEUTRAL;

    if (plan->label_count == 0) {
        g_string_append(head, "No measured data: SLA targets not judged");
    } else if (plan->targets_missed > 0) {
        g_string_append_printf(head, "SLA targets missed: %zu",
                               plan->targets_missed);
        colour = HR_VERMILLION;
    } else {
        g_string_append(head, "All measured targets met");
        colour = HR_GREEN;
    }
    if (plan->label_count > 0)
        g_string_append_printf(detail,
                               "%zu of %zu measured labels exceed their "
                               "p95 target. ",
                               plan->targets_missed, plan->label_count);
    g_string_append_printf(detail,
                           "%zu of %zu tiers are short of servers at some "
                           "milestone within %d months.",
                           plan->tiers_short, plan->model->tier_count,
                           plan->model->horizon_months);
    return colour;
}

/* A coloured box stating whether the measured targets are met. */
static void draw_verdict(hr_doc *doc)
{
    GString *head = g_string_new(NULL), *detail = g_string_new(NULL);
    hr_rgb colour = verdict_text(doc->plan, head, detail);
    double inner = HR_TEXT_WIDTH - 28.0, h1, h2, height;

    h1 = hr_doc_markup(doc, head->str, FONT_SUBTITLE, 0, 0, inner, false);
    h2 = hr_doc_markup(doc, detail->str, FONT_BODY, 0, 0, inner, false);
    height = h1 + h2 + 22.0;
    hr_doc_room(doc, height);
    hr_set_rgba(doc->cr, colour, 0.12);
    cairo_rectangle(doc->cr, HR_MARGIN_X, doc->y, HR_TEXT_WIDTH, height);
    cairo_fill(doc->cr);
    hr_set_rgb(doc->cr, colour);
    cairo_rectangle(doc->cr, HR_MARGIN_X, doc->y, 6.0, height);
    cairo_fill(doc->cr);
    hr_set_rgb(doc->cr, HR_TEXT);
    hr_doc_markup(doc, head->str, FONT_VERDICT,
                  HR_MARGIN_X + 18.0, doc->y + 9.0, inner, true);
    hr_doc_markup(doc, detail->str, FONT_BODY, HR_MARGIN_X + 18.0,
                  doc->y + 11.0 + h1, inner, true);
    doc->y += height + 12.0;
    g_string_free(head, TRUE);
    g_string_free(detail, TRUE);
}

/* The six provenance words in their colours, with what each means. */
static void draw_legend(hr_doc *doc)
{
    static const char *const meaning[] = {
        [HR_FROM_DOCUMENT] = "stated in the SLA document",
        [HR_ASSUMED] = "chosen by the model's author, with a reason",
        [HR_MEASURED] = "read from a load-test result file",
        [HR_DERIVED] = "computed by headroom from the above",
        [HR_INTERPOLATED] = "filled in between given values",
        [HR_EXTRAPOLATED] = "filled in beyond the given values",
    };
    double column = HR_TEXT_WIDTH / 2, row = 13.0;

    hr_doc_room(doc, row * 3 + 4.0);
    for (int p = HR_FROM_DOCUMENT; p <= HR_EXTRAPOLATED; p++) {
        GString *text = g_string_new(NULL);
        double x = HR_MARGIN_X + column * (p % 2), y = doc->y + row * (p / 2);

        g_string_append(text, "<b>");
        hr_append_provenance(text, (hr_provenance)p);
        g_string_append_printf(text, "</b>  %s", meaning[p]);
        hr_set_rgb(doc->cr, HR_TEXT);
        hr_doc_markup(doc, text->str, FONT_SMALL, x, y, column - 6.0, true);
        g_string_free(text, TRUE);
    }
    doc->y += row * 3 + 8.0;
}

/* ---- charts ------------------------------------------------------------ */

/* A chart at the block's height, with a numbered caption below it. */
static void draw_chart(hr_doc *doc, const hr_block *block)
{
    GString *caption = g_string_new(NULL);
    double ch = 0.0;
    hr_status status;

    g_string_append_printf(caption, "<b>Figure %d.</b> ", doc->figures + 1);
    if (block->caption) {
        char *text = expand(doc->plan, block->caption);

        g_string_append(caption, text);
        g_free(text);
    }
    ch = hr_doc_markup(doc, caption->str, FONT_CAPTION, 0, 0, HR_TEXT_WIDTH,
                       false);
    hr_doc_room(doc, block->height_pt + ch + 6.0);
    status = hr_chart_draw(doc->cr, doc->plan, block->chart, HR_MARGIN_X,
                           doc->y, HR_TEXT_WIDTH, block->height_pt);
    if (status != HR_OK && doc->status == HR_OK)
        doc->status = status;
    doc->y += block->height_pt + 4.0;
    hr_set_rgb(doc->cr, HR_MUTED);
    hr_doc_markup(doc, caption->str, FONT_CAPTION, HR_MARGIN_X, doc->y,
                  HR_TEXT_WIDTH, true);
    doc->y += ch + 14.0;
    doc->figures++;
    g_string_free(caption, TRUE);
}

/* ---- key figures ------------------------------------------------------- */

typedef struct hr_keyfigure {
    GString *value;          /* markup, big */
    GString *caption;        /* markup, small */
} hr_keyfigure;

/* Earliest breach month over the tiers; -1 when none runs short. */
static int first_breach(const hr_plan *plan, const hr_tier **tier)
{
    int month = -1;

    *tier = NULL;
    for (size_t t = 0; t < plan->model->tier_count; t++) {
        int b = plan->tiers[t].breach_month;

        if (b >= 0 && (month < 0 || b < month)) {
            month = b;
            *tier = plan->tiers[t].tier;
        }
    }
    return month;
}

/* The first month a tier runs short, and which tier. */
static void figure_breach(const hr_plan *plan, hr_keyfigure *f)
{
    const hr_tier *tier;
    int month = first_breach(plan, &tier);

    if (month < 0) {
        g_string_append(f->value, "none");
        g_string_append_printf(f->caption,
                               "tier short of servers within %d months",
                               plan->model->horizon_months);
        return;
    }
    g_string_append_printf(f->value, "month %d", month);
    g_string_append(f->caption, "first tier short of servers: ");
    hr_append_escaped(f->caption, tier->title);
}

/* Servers planned over all tiers at the last milestone (the larger of
 * the peak's and 3x normal load's count); tiers that can never meet their
 * target are counted apart, never added. */
static void figure_servers_needed(const hr_plan *plan, hr_keyfigure *f)
{
    const hr_model *model = plan->model;
    size_t last = model->milestone_count - 1, hopeless = 0;
    double total = 0.0;
    char text[32];

    for (size_t t = 0; t < model->tier_count; t++) {
        int need = plan->tiers[t].at[last].planned_servers;

        if (need < 0)
            hopeless++;
        else
            total += need;
    }
    g_string_append_printf(f->value, "%s servers",
                           hr_format_grouped(total, 0, text, sizeof text));
    g_string_append(f->caption, "needed at ");
    append_last_milestone(f->caption, model);
    g_string_append_printf(f->caption, ", peak or %gx normal load",
                           HR_NORMAL_LOAD_FACTOR);
    if (hopeless)
        g_string_append_printf(f->caption,
                               "; %zu tier%s cannot meet target", hopeless,
                               hopeless == 1 ? "" : "s");
}

/* Servers planned for a tier at the last milestone; -1 counts as none. */
static int last_planned(const hr_plan *plan, const hr_tier_plan *tp)
{
    size_t n = plan->model->milestone_count;

    return n > 0 ? tp->at[n - 1].planned_servers : -1;
}

/* Which input the plan's tiers find most sensitive, most often. */
typedef struct sensitivity_lead {
    hr_sensitivity_input input;      /* HR_SENSITIVITY_COUNT: none moves */
    size_t tiers;                    /* tiers it is most sensitive for */
    const hr_tier_plan *largest;     /* of those, most servers planned */
    bool tie;                        /* another input leads as many */
} sensitivity_lead;

/* The input that is the most sensitive for the most tiers; a tie goes to
 * the input of the tier with the most servers planned at the last
 * milestone, the tier whose count matters most. */
static sensitivity_lead most_sensitive(const hr_plan *plan)
{
    size_t count[HR_SENSITIVITY_COUNT] = {0};
    const hr_tier_plan *top[HR_SENSITIVITY_COUNT] = {NULL};
    sensitivity_lead lead = {HR_SENSITIVITY_COUNT, 0, NULL, false};

    for (size_t t = 0; t < plan->model->tier_count; t++) {
        const hr_tier_plan *tp = &plan->tiers[t];
        hr_sensitivity_input k = tp->most_sensitive;

        if ((unsigned)k >= HR_SENSITIVITY_COUNT)
            continue;
        count[k]++;
        if (!top[k] || last_planned(plan, tp) > last_planned(plan, top[k]))
            top[k] = tp;
    }
    for (int k = 0; k < HR_SENSITIVITY_COUNT; k++) {
        if (count[k] == 0 || count[k] < lead.tiers)
            continue;
        lead.tie = count[k] == lead.tiers;
        if (count[k] > lead.tiers ||
            last_planned(plan, top[k]) > last_planned(plan, lead.largest)) {
            lead.input = (hr_sensitivity_input)k;
            lead.largest = top[k];
        }
        lead.tiers = count[k];
    }
    return lead;
}

/* Appends a server count, or "no count" when none meets the target. */
static void append_count(GString *out, int servers)
{
    char text[32];

    if (servers < 0)
        g_string_append(out, "no count");
    else
        g_string_append(out, hr_format_grouped(servers, 0, text,
                                               sizeof text));
}

/* The most sensitive input, how often it leads, and what its move does
 * to the largest tier it leads. */
static void figure_sensitive(const hr_plan *plan, hr_keyfigure *f)
{
    sensitivity_lead lead = most_sensitive(plan);
    const char *name = hr_sensitivity_name(lead.input);
    double step = HR_SENSITIVITY_STEP * 100;
    const hr_sensitivity *row;

    g_string_append_c(f->value, g_ascii_toupper(name[0]));
    g_string_append(f->value, name + 1);
    if (lead.input == HR_SENSITIVITY_COUNT) {
        g_string_append_printf(f->caption,
                               "no input moved by %g %% changes the servers "
                               "any tier needs", step);
        return;
    }
    row = &lead.largest->sensitivity[lead.input];
    g_string_append_printf(f->caption,
                           "the most sensitive input for %zu of %zu tiers, "
                           "%s. ",
                           lead.tiers, plan->model->tier_count,
                           lead.tie ? "a tie given to the largest tier"
                                    : "more often than any other");
    hr_append_escaped(f->caption, lead.largest->tier->title);
    g_string_append(f->caption, " at ");
    append_last_milestone(f->caption, plan->model);
    g_string_append(f->caption, " needs ");
    append_count(f->caption, row->servers[0]);
    g_string_append_printf(f->caption, " servers with %s %g %% lower, ",
                           name, step);
    append_count(f->caption, row->servers[2]);
    g_string_append_printf(f->caption, " with it %g %% higher and ", step);
    append_count(f->caption, row->servers[1]);
    g_string_append(f->caption, " with it unchanged");
}

/* Figures that are counts from the model or the plan. */
static void figure_counts(const hr_plan *plan, hr_figure which,
                          hr_keyfigure *f)
{
    const hr_model *model = plan->model;
    double sum = 0.0;
    char text[32];

    switch (which) {
    case HR_FIGURE_HORIZON:
        g_string_append_printf(f->value, "%d months", model->horizon_months);
        g_string_append_printf(f->caption, "planning horizon, %zu milestones",
                               model->milestone_count);
        break;
    case HR_FIGURE_TIERS_SHORT:
        g_string_append_printf(f->value, "%zu of %zu tiers",
                               plan->tiers_short, model->tier_count);
        g_string_append(f->caption, "short of servers at some milestone");
        break;
    case HR_FIGURE_TARGETS_MISSED:
        if (plan->label_count == 0)
            g_string_append(f->value, "not judged");
        else
            g_string_append_printf(f->value, "%zu of %zu labels",
                                   plan->targets_missed, plan->label_count);
        g_string_append(f->caption, "measured p95 over the SLA target");
        break;
    case HR_FIGURE_SERVERS_TODAY:
        for (size_t t = 0; t < model->tier_count; t++)
            sum += model->tiers[t].servers;
        g_string_append_printf(f->value, "%s servers",
                               hr_format_grouped(sum, 0, text, sizeof text));
        g_string_append_printf(f->caption, "in service today over %zu tiers",
                               model->tier_count);
        break;
    default:
        break;
    }
}

/* Samples measured, or total peak requests/s at the horizon. */
static void figure_load(const hr_plan *plan, hr_figure which, hr_keyfigure *f)
{
    double sum = 0.0;
    char text[32];

    if (which == HR_FIGURE_SAMPLES) {
        size_t files = plan->measured
                           ? hr_sample_set_file_count(plan->measured)
                           : 0;

        g_string_append_printf(
            f->value, "%s samples",
            hr_format_grouped((double)hr_plan_samples(plan), 0, text,
                              sizeof text));
        g_string_append_printf(f->caption, "measured, from %zu file%s",
                               files, files == 1 ? "" : "s");
        return;
    }
    for (size_t t = 0; t < plan->model->tier_count; t++)
        sum += plan->tiers[t].monthly_arrivals[plan->month_count - 1];
    g_string_append_printf(f->value, "%s requests/s",
                           hr_format_sig(sum, text, sizeof text));
    g_string_append_printf(f->caption, "peak over all tiers at month %d",
                           plan->month_count - 1);
}

/* Fills a key figure's value and caption. */
static void figure_fill(const hr_plan *plan, hr_figure which,
                        hr_keyfigure *f)
{
    if (which == HR_FIGURE_FIRST_BREACH)
        figure_breach(plan, f);
    else if (which == HR_FIGURE_SERVERS_NEEDED &&
             plan->model->milestone_count > 0)
        figure_servers_needed(plan, f);
    else if (which == HR_FIGURE_PEAK_LOAD || which == HR_FIGURE_SAMPLES)
        figure_load(plan, which, f);
    else if (which == HR_FIGURE_MOST_SENSITIVE)
        figure_sensitive(plan, f);
    else
        figure_counts(plan, which, f);
}

/* One key figure box at (x, y), width w, height h. The value's type
 * shrinks until it fits on one line. */
static void draw_figure_box(hr_doc *doc, const hr_keyfigure *f, double x,
                            double y, double w, double h)
{
    hr_font big = FONT_FIGURE;

    while (big.size > 9.0 &&
           hr_doc_markup(doc, f->value->str, big, 0, 0, w - 16.0, false) >
               big.size * 1.6)
        big.size -= 1.0;
    hr_set_rgb(doc->cr, HR_SHADE);
    cairo_rectangle(doc->cr, x, y, w, h);
    cairo_fill(doc->cr);
    hr_set_rgb(doc->cr, HR_BLUE);
    cairo_rectangle(doc->cr, x, y, 3.0, h);
    cairo_fill(doc->cr);
    hr_set_rgb(doc->cr, HR_TEXT);
    hr_doc_markup(doc, f->value->str, big, x + 10.0,
                  y + 7.0 + (FONT_FIGURE.size - big.size) * 0.6, w - 16.0,
                  true);
    hr_set_rgb(doc->cr, HR_MUTED);
    hr_doc_markup(doc, f->caption->str, FONT_SMALL, x + 10.0, y + 29.0,
                  w - 16.0, true);
}

#define FIGURES_PER_ROW 3

/* One row of up to three key figures sharing the text width, as tall as
 * the longest caption needs (a short last row gets wider boxes). */
static void draw_figure_row(hr_doc *doc, const hr_figure *which,
                            size_t count)
{
    const double gap = 8.0;
    double w = (HR_TEXT_WIDTH - gap * (double)(count - 1)) / (double)count;
    double height = 54.0;
    hr_keyfigure f[FIGURES_PER_ROW];

    for (size_t i = 0; i < count; i++) {
        f[i].value = g_string_new(NULL);
        f[i].caption = g_string_new(NULL);
        figure_fill(doc->plan, which[i], &f[i]);
        height = fmax(height, 36.0 + hr_doc_markup(doc, f[i].caption->str,
                                                   FONT_SMALL, 0, 0,
                                                   w - 16.0, false));
    }
    hr_doc_room(doc, height);
    for (size_t i = 0; i < count; i++) {
        draw_figure_box(doc, &f[i], HR_MARGIN_X + (w + gap) * (double)i,
                        doc->y, w, height);
        g_string_free(f[i].value, TRUE);
        g_string_free(f[i].caption, TRUE);
    }
    doc->y += height + gap;
}

/* A grid of key figures, three to a row. */
static void draw_keyfigures(hr_doc *doc, const hr_block *block)
{
    for (size_t i = 0; i < block->figure_count; i += FIGURES_PER_ROW) {
        size_t left = block->figure_count - i;

        draw_figure_row(doc, block->figures + i,
                        left < FIGURES_PER_ROW ? left : FIGURES_PER_ROW);
    }
    doc->y += 6.0;
}

/* ---- pages ------------------------------------------------------------- */

/* Draws one template block at the cursor. */
static void draw_block(hr_doc *doc, const hr_block *block)
{
    switch (block->kind) {
    case HR_BLOCK_TITLE:
        draw_title(doc);
        break;
    case HR_BLOCK_HEADING:
        draw_heading(doc, block->text);
        break;
    case HR_BLOCK_PARAGRAPH:
        draw_paragraph(doc, block->text);
        break;
    case HR_BLOCK_VERDICT:
        draw_verdict(doc);
        break;
    case HR_BLOCK_LEGEND:
        draw_legend(doc);
        break;
    case HR_BLOCK_KEYFIGURES:
        draw_keyfigures(doc, block);
        break;
    case HR_BLOCK_TABLE:
        hr_report_table(doc, block);
        break;
    case HR_BLOCK_CHART:
        draw_chart(doc, block);
        break;
    default:
        break;
    }
}

/* Lays out every page of the template onto the surface; total is the
 * page count for the footers (0 when not yet known). Returns the number
 * of pages drawn in *pages. */
static hr_status render(const hr_plan *plan, const hr_template *template_,
                        cairo_surface_t *surface, int total, int *pages)
{
    hr_doc doc = {0};
    hr_status status;

    doc.cr = cairo_create(surface);
    doc.surface = surface;
    doc.plan = plan;
    doc.template_ = template_;
    doc.title = expand_plain(plan, template_->title);
    doc.total = total;
    doc.outline = total > 0;
    doc.page = 1;
    doc.y = HR_MARGIN_TOP;
    for (size_t p = 0; p < template_->page_count; p++) {
        const hr_template_page *page = &template_->pages[p];

        if (p > 0)
            hr_doc_new_page(&doc);
        for (size_t b = 0; b < page->block_count && doc.status == HR_OK; b++)
            draw_block(&doc, &page->blocks[b]);
    }
    doc_footer(&doc);
    cairo_show_page(doc.cr);
    *pages = doc.page;
    status = doc.status;
    if (status == HR_OK && cairo_status(doc.cr) != CAIRO_STATUS_SUCCESS)
        status = cairo_status(doc.cr) == CAIRO_STATUS_NO_MEMORY
                     ? HR_ERR_NOMEM
                     : HR_ERR_OUTPUT;
    cairo_destroy(doc.cr);
    g_free(doc.title);
    return status;
}

/* ---- surfaces ---------------------------------------------------------- */

/* A cairo write function that discards, for the page-counting pass. */
static cairo_status_t discard(void *closure, const unsigned char *data,
                              unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

/* A cairo write function into the FILE given as closure. */
static cairo_status_t write_file(void *closure, const unsigned char *data,
                                 unsigned int length)
{
    FILE *file = closure;

    return fwrite(data, 1, length, file) == length
               ? CAIRO_STATUS_SUCCESS
               : CAIRO_STATUS_WRITE_ERROR;
}

/* Stamps title and dates from the plan, so that equal inputs give equal
 * files. */
static void set_metadata(cairo_surface_t *surface, const hr_plan *plan,
                         const hr_template *template_)
{
    char *title = expand_plain(plan, template_->title);
    char date[32];
    struct tm tm;

    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   "headroom");
    if (gmtime_r(&plan->generated_at, &tm) &&
        strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0) {
        cairo_pdf_surface_set_metadata(
            surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE,
                                       date);
    }
    g_free(title);
}

/* Finishes a surface and maps its status. */
static hr_status finish(cairo_surface_t *surface)
{
    cairo_status_t status;

    cairo_surface_finish(surface);
    status = cairo_surface_status(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        return HR_OK;
    if (status == CAIRO_STATUS_WRITE_ERROR)
        return HR_ERR_IO;
    return status == CAIRO_STATUS_NO_MEMORY ? HR_ERR_NOMEM : HR_ERR_OUTPUT;
}

/* Lays the report out once without output and returns its page count. */
static hr_status count_pages(const hr_plan *plan,
                             const hr_template *template_, int *pages)
{
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        discard, NULL, HR_PAGE_WIDTH, HR_PAGE_HEIGHT);
    hr_status status = render(plan, template_, surface, 0, pages);
    hr_status finished = finish(surface);

    cairo_surface_destroy(surface);
    return status != HR_OK ? status : finished;
}

/* ---- public functions -------------------------------------------------- */

/* Counts the pages, then writes the file with "Page n of N" footers. */
hr_status hr_report_write_pdf(const hr_plan *plan,
                              const hr_template *template_, const char *path)
{
    cairo_surface_t *surface;
    hr_status status, finished;
    FILE *file;
    int pages = 0, drawn = 0;

    if (!plan || !template_ || !path)
        return HR_ERR_DOMAIN;
    status = count_pages(plan, template_, &pages);
    if (status != HR_OK)
        return status;
    file = fopen(path, "wb");
    if (!file)
        return HR_ERR_IO;
    surface = cairo_pdf_surface_create_for_stream(
        write_file, file, HR_PAGE_WIDTH, HR_PAGE_HEIGHT);
    set_metadata(surface, plan, template_);
    status = render(plan, template_, surface, pages, &drawn);
    if (status == HR_OK && drawn != pages)
        status = HR_ERR_OUTPUT;
    finished = finish(surface);
    if (status == HR_OK)
        status = finished;
    cairo_surface_destroy(surface);
    if (fclose(file) != 0 && status == HR_OK)
        status = HR_ERR_IO;
    return status;
}
