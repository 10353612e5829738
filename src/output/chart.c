/*
 * chart.c - the plan's three charts, drawn with cairo into a rectangle.
 *
 * growth:  users and the tiers' total peak request rate by month, on a
 *          log axis, with milestone values marked by provenance and each
 *          series' fitted growth curve with its 95 % band;
 * servers: servers each tier needs at each milestone, for the larger of
 *          the peak and 3x normal load (horizontal grouped bars), against
 *          the servers in service today;
 * latency: measured p95 per label against its SLA target.
 *
 * Every size (fonts, lines, margins) follows from the rectangle, so the
 * same drawing reads well as a 1200 x 700 px PNG and as half an A4 page in
 * the PDF report. Axis ticks fall on 1-2-5 values; log axes are labelled
 * at decades.
 */
#include "headroom/chart.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/draw.h"

#define MAX_TICKS 64
#define MAX_LEGEND 16

/* Opacity of a confidence band's fill. */
#define BAND_ALPHA 0.16

typedef struct hr_box {
    double x, y, width, height;
} hr_box;

/* A value axis mapping [lo, hi] onto device coordinates [from, to]. */
typedef struct hr_axis {
    double lo, hi;
    bool log;
    double step; /* linear tick step; 0 picks one */
    double from, to;
} hr_axis;

typedef struct hr_tick {
    double value;
    bool major;
    bool labelled;
} hr_tick;

typedef enum hr_swatch {
    SWATCH_LINE,
    SWATCH_DASH,
    SWATCH_THIN,    /* thin line (a fitted curve) */
    SWATCH_BAND,    /* translucent block (a confidence band) */
    SWATCH_NONE,    /* a note: muted text without a sample */
    SWATCH_DOT,     /* filled marker */
    SWATCH_RING,    /* hollow circle marker */
    SWATCH_DIAMOND, /* hollow diamond marker */
    SWATCH_BAR,
    SWATCH_HATCH,
    SWATCH_RULE /* vertical rule (today, target) */
} hr_swatch;

typedef struct hr_legend_item {
    char text[128];
    hr_rgb colour;
    hr_swatch swatch;
} hr_legend_item;

typedef struct hr_legend {
    hr_legend_item items[MAX_LEGEND];
    size_t count;
} hr_legend;

static const char *const chart_names[HR_CHART_COUNT] = {
    [HR_CHART_GROWTH] = "growth",
    [HR_CHART_SERVERS] = "servers",
    [HR_CHART_LATENCY] = "latency",
};

/* Milestones take colours light to dark-warm, so time reads left to
 * right in the legend. */
static const hr_rgb *milestone_colour(size_t index)
{
    static const hr_rgb *const order[] = {
        &HR_SKY_BLUE, &HR_BLUE,   &HR_ORANGE, &HR_VERMILLION,
        &HR_GREEN,    &HR_PURPLE, &HR_YELLOW, &HR_BLACK,
    };

    return order[index % (sizeof order / sizeof *order)];
}

/* ---- canvas, axes and legend ------------------------------------------ */

/* Derives font sizes and spacing from the rectangle: about 16 px body
 * text at 1200 x 700 px and 8.4 pt at 495 x 330 pt. */
static void canvas_init(hr_canvas *c, cairo_t *cr, double x, double y,
                        double width, double height)
{
    hr_canvas_init(c, cr, x, y, width, height,
                   2.6 + sqrt(width * height) / 68.0);
}

/* Device coordinate of a value on the axis. */
static double axis_map(const hr_axis *axis, double value)
{
    double t;

    if (axis->log)
        t = (log10(value) - log10(axis->lo)) /
            (log10(axis->hi) - log10(axis->lo));
    else
        t = (value - axis->lo) / (axis->hi - axis->lo);
    return axis->from + t * (axis->to - axis->from);
}

/* A log axis from the decade at or below lo to the one at or above hi. */
static void axis_log(hr_axis *axis, double lo, double hi)
{
    axis->log = true;
    axis->lo = pow(10.0, floor(log10(lo)));
    axis->hi = pow(10.0, ceil(log10(hi)));
    if (axis->hi <= axis->lo)
        axis->hi = axis->lo * 10.0;
}

/* A log axis as above, reaching half a decade lower when the smallest
 * value sits on the decade, so that its bar or tick stays visible. */
static void axis_log_padded(hr_axis *axis, double lo, double hi)
{
    axis_log(axis, lo, hi);
    if (lo < axis->lo * 1.3)
        axis->lo /= 2.0;
}

/* A linear axis from 0 to a whole number of 1-2-5 steps above hi. */
static void axis_linear(hr_axis *axis, double hi, int intervals)
{
    axis->log = false;
    axis->lo = 0.0;
    axis->step = hr_nice_step(hi > 0.0 ? hi : 1.0, intervals);
    axis->hi = ceil(hi / axis->step - 1e-9) * axis->step;
    if (axis->hi <= 0.0)
        axis->hi = axis->step;
}

/* Log ticks: decades labelled; 2 and 5 labelled too on short axes. */
static size_t log_ticks(const hr_axis *axis, hr_tick *ticks)
{
    int first = (int)floor(log10(axis->lo) + 1e-9);
    int last = (int)ceil(log10(axis->hi) - 1e-9);
    bool short_axis = last - first <= 2;
    size_t n = 0;

    for (int e = first; e <= last; e++) {
        for (int k = 1; k <= 9 && n < MAX_TICKS; k++) {
            double v = k * pow(10.0, e);

            if (v < axis->lo * (1 - 1e-9) || v > axis->hi * (1 + 1e-9))
                continue;
            ticks[n++] = (hr_tick){
                v, k == 1, k == 1 || (short_axis && (k == 2 || k == 5))};
        }
    }
    return n;
}

/* Ticks of an axis: every 1-2-5 step, or the log ticks. */
static size_t axis_ticks(const hr_axis *axis, hr_tick *ticks)
{
    double step =
        axis->step > 0.0 ? axis->step : hr_nice_step(axis->hi - axis->lo, 5);
    size_t n = 0;

    if (axis->log)
        return log_ticks(axis, ticks);
    for (double v = axis->lo; v <= axis->hi + step * 1e-6 && n < MAX_TICKS;
         v += step)
        ticks[n++] = (hr_tick){v, true, true};
    return n;
}

/* Tick text: compact (2k, 1M) on log axes, grouped on linear ones. */
static void tick_label(const hr_axis *axis, double value, char *out,
                       size_t size)
{
    if (axis->log)
        hr_format_compact(value, out, size);
    else
        hr_format_sig(value, out, size);
}

/* Draws one grid line and, when labelled, its tick label. */
static void draw_tick(const hr_canvas *c, const hr_axis *axis,
                      const hr_box *plot, const hr_tick *tick, bool vertical)
{
    double at = axis_map(axis, tick->value);
    char label[32];

    hr_set_rgba(c->cr, HR_GRID, tick->major ? 1.0 : 0.55);
    cairo_set_line_width(c->cr, c->line * (tick->major ? 1.0 : 0.7));
    if (vertical) {
        cairo_move_to(c->cr, plot->x, at);
        cairo_line_to(c->cr, plot->x + plot->width, at);
    } else {
        cairo_move_to(c->cr, at, plot->y);
        cairo_line_to(c->cr, at, plot->y + plot->height);
    }
    cairo_stroke(c->cr);
    if (!tick->labelled)
        return;
    tick_label(axis, tick->value, label, sizeof label);
    hr_set_rgb(c->cr, HR_MUTED);
    if (vertical)
        hr_text_draw(c->cr, label, c->small, plot->x - c->pad, at, 1.0, 0.5);
    else
        hr_text_draw(c->cr, label, c->small, at,
                     plot->y + plot->height + c->pad * 0.5, 0.5, 0.0);
}

/* Draws a value axis's grid, tick labels and title. A vertical axis has
 * its labels left of the plot; a horizontal one below it. */
static void draw_axis(const hr_canvas *c, const hr_axis *axis,
                      const hr_box *plot, bool vertical, const char *title)
{
    hr_tick ticks[MAX_TICKS];
    size_t count = axis_ticks(axis, ticks);

    for (size_t i = 0; i < count; i++)
        if (!ticks[i].major)
            draw_tick(c, axis, plot, &ticks[i], vertical);
    for (size_t i = 0; i < count; i++)
        if (ticks[i].major)
            draw_tick(c, axis, plot, &ticks[i], vertical);

    hr_set_rgb(c->cr, HR_TEXT);
    if (!vertical) {
        hr_text_draw(c->cr, title, c->body, plot->x + plot->width / 2,
                     c->y + c->height - c->pad, 0.5, 1.0);
        return;
    }
    hr_text_vertical(c->cr, title, c->body, c->x + c->pad,
                     plot->y + plot->height / 2);
}

/* Outlines the plot area with a thin rule. */
static void draw_frame(const hr_canvas *c, const hr_box *plot)
{
    hr_set_rgb(c->cr, HR_RULE);
    cairo_set_line_width(c->cr, c->line);
    cairo_rectangle(c->cr, plot->x, plot->y, plot->width, plot->height);
    cairo_stroke(c->cr);
}

/* Draws the title and a muted subtitle; returns the y below them. */
static double draw_titles(const hr_canvas *c, const char *title,
                          const char *subtitle)
{
    double width, height, y = c->y + c->pad;

    hr_set_rgb(c->cr, HR_TEXT);
    hr_text_size(c->cr, title, c->title, &width, &height);
    hr_text_draw(c->cr, title, c->title, c->x + c->pad * 1.5, y, 0.0, 0.0);
    y += height;
    if (subtitle) {
        hr_set_rgb(c->cr, HR_MUTED);
        hr_text_size(c->cr, subtitle, c->small, &width, &height);
        hr_text_draw(c->cr, subtitle, c->small, c->x + c->pad * 1.5, y, 0.0,
                     0.0);
        y += height;
    }
    return y + c->pad;
}

/* Appends a legend entry; entries past MAX_LEGEND are dropped. */
static void legend_add(hr_legend *legend, hr_swatch swatch, hr_rgb colour,
                       const char *text)
{
    hr_legend_item *item;

    if (legend->count >= MAX_LEGEND)
        return;
    item = &legend->items[legend->count++];
    item->swatch = swatch;
    item->colour = colour;
    snprintf(item->text, sizeof item->text, "%s", text);
}

/* Diagonal hatching inside a rectangle, for "cannot meet target". */
static void draw_hatch(const hr_canvas *c, double x, double y, double w,
                       double h, hr_rgb colour)
{
    double gap = c->em * 0.45;

    cairo_save(c->cr);
    cairo_rectangle(c->cr, x, y, w, h);
    cairo_clip(c->cr);
    hr_set_rgba(c->cr, colour, 0.18);
    cairo_paint(c->cr);
    hr_set_rgb(c->cr, colour);
    cairo_set_line_width(c->cr, c->line);
    for (double d = -h; d < w; d += gap) {
        cairo_move_to(c->cr, x + d, y + h);
        cairo_line_to(c->cr, x + d + h, y);
    }
    cairo_stroke(c->cr);
    cairo_restore(c->cr);
}

/* A point marker: filled dot, ring or hollow diamond. */
static void draw_marker(const hr_canvas *c, hr_swatch kind, double x, double y,
                        hr_rgb colour)
{
    double r = c->em * 0.32;

    if (kind == SWATCH_DIAMOND)
        hr_path_diamond(c->cr, x, y, r * 1.3);
    else
        hr_path_circle(c->cr, x, y, r);
    if (kind == SWATCH_DOT) {
        hr_set_rgb(c->cr, colour);
        cairo_fill(c->cr);
        return;
    }
    hr_set_rgb(c->cr, HR_WHITE);
    cairo_fill_preserve(c->cr);
    hr_set_rgb(c->cr, colour);
    cairo_set_line_width(c->cr, c->line * 1.6);
    cairo_stroke(c->cr);
}

/* Switches the dash pattern for peak lines on or off. */
static void set_dash(const hr_canvas *c, bool dashed)
{
    double dash[] = {c->line * 7, c->line * 4};

    cairo_set_dash(c->cr, dash, dashed ? 2 : 0, 0.0);
}

/* Draws a legend sample centred vertically on y, size wide. */
static void draw_swatch(const hr_canvas *c, const hr_legend_item *item,
                        double x, double y, double size)
{
    double h = c->em * 0.7;

    switch (item->swatch) {
    case SWATCH_LINE:
    case SWATCH_DASH:
        hr_set_rgb(c->cr, item->colour);
        cairo_set_line_width(c->cr, c->line * 2.4);
        set_dash(c, item->swatch == SWATCH_DASH);
        cairo_move_to(c->cr, x, y);
        cairo_line_to(c->cr, x + size, y);
        cairo_stroke(c->cr);
        set_dash(c, false);
        break;
    case SWATCH_THIN:
        hr_set_rgb(c->cr, item->colour);
        cairo_set_line_width(c->cr, c->line * 1.1);
        cairo_move_to(c->cr, x, y);
        cairo_line_to(c->cr, x + size, y);
        cairo_stroke(c->cr);
        break;
    case SWATCH_BAND:
        hr_set_rgba(c->cr, item->colour, BAND_ALPHA * 2);
        cairo_rectangle(c->cr, x, y - h / 2, size, h);
        cairo_fill(c->cr);
        break;
    case SWATCH_NONE:
        break;
    case SWATCH_DOT:
    case SWATCH_RING:
    case SWATCH_DIAMOND:
        draw_marker(c, item->swatch, x + size / 2, y, item->colour);
        break;
    case SWATCH_BAR:
        hr_set_rgb(c->cr, item->colour);
        cairo_rectangle(c->cr, x, y - h / 2, size, h);
        cairo_fill(c->cr);
        break;
    case SWATCH_HATCH:
        draw_hatch(c, x, y - h / 2, size, h, item->colour);
        break;
    case SWATCH_RULE:
        hr_set_rgb(c->cr, item->colour);
        cairo_set_line_width(c->cr, c->line * 2.4);
        cairo_move_to(c->cr, x + size / 2, y - h * 0.8);
        cairo_line_to(c->cr, x + size / 2, y + h * 0.8);
        cairo_stroke(c->cr);
        break;
    }
}

/* Lays the legend out in rows from (x, y) within width; draws it when
 * draw is true. A note (SWATCH_NONE) is muted text without a sample.
 * Returns the height it takes. */
static double legend_flow(const hr_canvas *c, const hr_legend *legend, double x,
                          double y, double width, bool draw)
{
    double row = c->em * 1.45, cx = x, cy = y;

    for (size_t i = 0; i < legend->count; i++) {
        const hr_legend_item *item = &legend->items[i];
        bool note = item->swatch == SWATCH_NONE;
        double swatch = note ? 0.0 : c->em * 1.8;
        double gap = note ? 0.0 : c->em * 0.4, tw, th, need;

        hr_text_size(c->cr, item->text, c->small, &tw, &th);
        need = swatch + gap + tw;
        if (cx > x && cx + need > x + width) {
            cx = x;
            cy += row;
        }
        if (draw) {
            draw_swatch(c, item, cx, cy + row / 2, swatch);
            hr_set_rgb(c->cr, note ? HR_MUTED : HR_TEXT);
            hr_text_draw(c->cr, item->text, c->small, cx + swatch + gap,
                         cy + row / 2, 0.0, 0.5);
        }
        cx += need + c->em * 1.4;
    }
    return legend->count ? cy - y + row : 0.0;
}

/* Draws the legend under the titles; returns the y below it. */
static double draw_legend(const hr_canvas *c, const hr_legend *legend, double y)
{
    double x = c->x + c->pad * 1.5, width = c->width - c->pad * 3;
    double height = legend_flow(c, legend, x, y, width, false);

    legend_flow(c, legend, x, y, width, true);
    return y + height + c->pad;
}

/* Draws a centred message in the plot area, for charts without data. */
static void draw_message(const hr_canvas *c, double top, const char *text)
{
    double mid = (top + c->y + c->height) / 2;

    hr_set_rgb(c->cr, HR_SHADE);
    cairo_rectangle(c->cr, c->x + c->pad * 1.5, top, c->width - c->pad * 3,
                    c->y + c->height - top - c->pad);
    cairo_fill(c->cr);
    hr_set_rgb(c->cr, HR_MUTED);
    hr_text_draw(c->cr, text, c->title, c->x + c->width / 2, mid, 0.5, 0.5);
}

/* Text on a white backing, so that grid and rules do not cross it. */
static void draw_label(const hr_canvas *c, const char *text, double x, double y,
                       double ax, double ay)
{
    double w, h, m = c->em * 0.15;

    hr_text_size(c->cr, text, c->small, &w, &h);
    hr_set_rgba(c->cr, HR_WHITE, 0.85);
    cairo_rectangle(c->cr, x - ax * w - m, y - ay * h, w + 2 * m, h);
    cairo_fill(c->cr);
    hr_set_rgb(c->cr, HR_TEXT);
    hr_text_draw(c->cr, text, c->small, x, y, ax, ay);
}

/* Right edge, inside the frame, that a bar's value label must keep
 * left of. */
static double label_limit(const hr_canvas *c, const hr_box *plot)
{
    return plot->x + plot->width - c->line - c->em * 0.15;
}

/* True when a label starting gap right of end stays inside the frame. */
static bool label_fits(const hr_canvas *c, const hr_box *plot, const char *text,
                       double end)
{
    double w, h;

    hr_text_size(c->cr, text, c->small, &w, &h);
    return end + c->pad * 0.5 + w <= label_limit(c, plot);
}

/* A bar's value label right of end when it fits inside the frame there;
 * otherwise right-aligned against the frame, never across it. */
static void draw_bar_label(const hr_canvas *c, const hr_box *plot,
                           const char *text, double end, double mid)
{
    double w, h, gap = c->pad * 0.5;

    if (label_fits(c, plot, text, end)) {
        draw_label(c, text, end + gap, mid, 0.0, 0.5);
        return;
    }
    hr_text_size(c->cr, text, c->small, &w, &h);
    draw_label(c, text, fmax(label_limit(c, plot), plot->x + gap + w), mid, 1.0,
               0.5);
}

/* ---- growth chart ----------------------------------------------------- */

/* A band wider than this at some month, in decades, is not drawn: it
 * would shade most of the plot and only say that the fit is loose (a
 * logistic through four points has one degree of freedom left). */
#define BAND_MAX_DECADES 3.0

/* A band narrower than this everywhere (an exact fit) shows nothing. */
#define BAND_MIN_DECADES 0.01

/* The fitted curve is drawn where it lies more than FIT_DEPARTS_DECADES
 * (26 %) from the plotted line for at least FIT_MIN_MONTHS, shorter or
 * closer stretches would only fray the line's edge, and is carried on to
 * where it meets the line again (FIT_MEETS_DECADES, 2 %), so that it does
 * not end in mid-air. It is sampled FIT_SAMPLES_PER_MONTH times a
 * month. */
#define FIT_DEPARTS_DECADES 0.1
#define FIT_MEETS_DECADES 0.01
#define FIT_MIN_MONTHS 2
#define FIT_SAMPLES_PER_MONTH 4

/* One line of the growth chart. */
typedef struct hr_growth_line {
    const double *values;         /* month_count values */
    const hr_projection *markers; /* milestone markers, or NULL */
    const hr_projection *fitted;  /* band and fitted curve, or NULL */
    bool band;                    /* the band is drawn */
    hr_rgb colour;
    bool dashed;
} hr_growth_line;

typedef struct hr_growth {
    hr_growth_line lines[MAX_LEGEND];
    size_t count;
    size_t colours; /* palette colours used */
    double *total;  /* tiers' summed peak requests/s */
    hr_legend legend;
    char units[96]; /* y axis title */
} hr_growth;

/* Series the growth chart draws: users, or every series when the model
 * counts no users. */
static bool growth_wants(const hr_model *model, const hr_series *series)
{
    bool any_users = false;

    for (size_t i = 0; i < model->series_count; i++)
        any_users |= model->series[i].unit &&
                     strcmp(model->series[i].unit, "users") == 0;
    return !any_users || (series->unit && strcmp(series->unit, "users") == 0);
}

/* Adds a line and its legend entry; returns it, or NULL when full. */
static hr_growth_line *growth_add(hr_growth *g, const double *values,
                                  const hr_projection *markers, hr_rgb colour,
                                  bool dashed, const char *text)
{
    hr_growth_line *line;

    if (g->count >= MAX_LEGEND)
        return NULL;
    line = &g->lines[g->count++];
    memset(line, 0, sizeof *line);
    line->values = values;
    line->markers = markers;
    line->colour = colour;
    line->dashed = dashed;
    legend_add(&g->legend, dashed ? SWATCH_DASH : SWATCH_LINE, colour, text);
    return line;
}

/* Adds a series' average, which carries the fit, and, when it has a peak
 * multiplier, its peak dashed in the same colour. */
static void growth_add_series(hr_growth *g, const hr_projection *p)
{
    const hr_series *s = p->series;
    hr_rgb colour = *hr_palette(g->colours++);
    bool peaks = s->peak_multiplier > 1.0;
    hr_growth_line *line;
    char text[128];

    snprintf(text, sizeof text, "%s%s", s->title, peaks ? ", average" : "");
    line = growth_add(g, p->average, p, colour, false, text);
    if (line)
        line->fitted = p;
    if (!peaks)
        return;
    snprintf(text, sizeof text, "%s, peak (%gx)", s->title, s->peak_multiplier);
    growth_add(g, p->peak, NULL, colour, true, text);
}

/* Sums the tiers' monthly peak arrival rates into g->total. */
static hr_status growth_total(hr_growth *g, const hr_plan *plan)
{
    size_t tiers = plan->model->tier_count;

    if (tiers == 0 || plan->month_count <= 0)
        return HR_OK;
    g->total = calloc((size_t)plan->month_count, sizeof *g->total);
    if (!g->total)
        return HR_ERR_NOMEM;
    for (size_t t = 0; t < tiers; t++)
        for (int m = 0; m < plan->month_count; m++)
            g->total[m] += plan->tiers[t].monthly_arrivals[m];
    return HR_OK;
}

/* Chooses the lines and builds the legend and the y axis title. */
static hr_status growth_collect(hr_growth *g, const hr_plan *plan)
{
    const hr_model *model = plan->model;
    const char *unit = NULL;
    hr_status status;

    for (size_t i = 0; i < model->series_count; i++) {
        const hr_projection *p = &plan->projections[i];

        if (!growth_wants(model, p->series))
            continue;
        growth_add_series(g, p);
        unit = unit && strcmp(unit, p->series->unit) != 0 ? "values"
                                                          : p->series->unit;
    }
    status = growth_total(g, plan);
    if (status == HR_OK && g->total)
        growth_add(g, g->total, NULL, *hr_palette(g->colours++), false,
                   "Peak requests, all tiers (requests/s)");
    snprintf(g->units, sizeof g->units, "%s%s%s (log scale)", unit ? unit : "",
             unit && g->total ? " and " : "", g->total ? "requests/s" : "");
    g->units[0] = (char)toupper((unsigned char)g->units[0]);
    return status;
}

/* Adds the marker legend for the provenances the chart shows. */
static void growth_marker_legend(hr_growth *g, const hr_model *model)
{
    bool seen[HR_EXTRAPOLATED + 1] = {false};

    for (size_t i = 0; i < g->count; i++) {
        const hr_projection *p = g->lines[i].markers;

        for (size_t m = 0; p && m < model->milestone_count; m++)
            seen[p->milestone_provenance[m]] = true;
    }
    legend_add(&g->legend, SWATCH_DOT, HR_TEXT, "milestone value given");
    if (seen[HR_INTERPOLATED])
        legend_add(&g->legend, SWATCH_DIAMOND, HR_TEXT, "interpolated");
    if (seen[HR_EXTRAPOLATED])
        legend_add(&g->legend, SWATCH_RING, HR_TEXT, "extrapolated");
}

/* Widest the projection's 95 % band gets over the months, in decades
 * (infinite when its low edge reaches 0); 0 when it has none. */
static double band_decades(const hr_projection *p)
{
    double widest = 0.0;

    for (int m = 0; m < p->month_count; m++) {
        double lo = p->band_low[m], hi = p->band_high[m];

        if (isnan(lo) || !(hi > 0.0))
            continue;
        widest = fmax(widest, lo > 0.0 ? log10(hi / lo) : HUGE_VAL);
    }
    return widest;
}

/* The plotted line's value at month t: straight in log space between
 * the monthly values, as it is drawn on the log axis; NAN in a gap. */
static double line_at(const double *values, int months, double t)
{
    int m = (int)floor(t);
    double f = t - m;

    if (m >= months - 1)
        return values[months - 1];
    if (!(values[m] > 0.0 && values[m + 1] > 0.0))
        return NAN;
    return exp(log(values[m]) * (1.0 - f) + log(values[m + 1]) * f);
}

/* How far the fitted curve lies from the plotted line at month t, in
 * decades; NAN where either is undefined. */
static double fit_departure(const hr_projection *p, double t)
{
    double fit = hr_growth_fit_eval(&p->fit, t);
    double line = line_at(p->average, p->month_count, t);

    if (!(fit > 0.0 && isfinite(fit) && line > 0.0))
        return NAN;
    return fabs(log10(fit / line));
}

/* True when sample i (of FIT_SAMPLES_PER_MONTH a month) lies more than
 * decades off the plotted line. */
static bool fit_off(const hr_projection *p, int i, double decades)
{
    return fit_departure(p, (double)i / FIT_SAMPLES_PER_MONTH) > decades;
}

/* The next stretch of samples at or after *from to draw, [*from, *to):
 * a run at least FIT_MIN_MONTHS long more than FIT_DEPARTS_DECADES off
 * the line, widened to where the curve meets the line. False when there
 * is none. */
static bool fit_stretch(const hr_projection *p, int *from, int *to)
{
    int samples = (p->month_count - 1) * FIT_SAMPLES_PER_MONTH + 1;
    int start = *from, i = *from;

    while (i < samples) {
        int end = i;

        while (end < samples && fit_off(p, end, FIT_DEPARTS_DECADES))
            end++;
        if (end - i < FIT_MIN_MONTHS * FIT_SAMPLES_PER_MONTH) {
            i = end + 1;
            continue;
        }
        while (i > start && fit_off(p, i - 1, FIT_MEETS_DECADES))
            i--;
        while (end < samples && fit_off(p, end, FIT_MEETS_DECADES))
            end++;
        *from = i;
        *to = end;
        return true;
    }
    return false;
}

/* True when the fitted curve leaves the plotted line somewhere. */
static bool fit_departs(const hr_projection *p)
{
    int from = 0, to;

    return fit_stretch(p, &from, &to);
}

/* Decides which bands are drawn and adds the band and fitted-curve
 * entries, and a note for each band too wide to draw. */
static void growth_fit_legend(hr_growth *g)
{
    bool bands = false, departs = false;
    size_t wide[MAX_LEGEND], wide_count = 0;
    char text[128];

    for (size_t i = 0; i < g->count; i++) {
        hr_growth_line *line = &g->lines[i];
        double decades;

        if (!line->fitted)
            continue;
        decades = band_decades(line->fitted);
        line->band = decades >= BAND_MIN_DECADES && decades <= BAND_MAX_DECADES;
        bands |= line->band;
        departs |= fit_departs(line->fitted);
        if (decades > BAND_MAX_DECADES)
            wide[wide_count++] = i;
    }
    if (bands)
        legend_add(&g->legend, SWATCH_BAND, HR_TEXT,
                   "95 % band of the fitted growth curve");
    if (departs)
        legend_add(&g->legend, SWATCH_THIN, HR_TEXT, "fitted growth curve");
    for (size_t k = 0; k < wide_count; k++) {
        const hr_projection *p = g->lines[wide[k]].fitted;
        double decades = band_decades(p);

        if (isfinite(decades))
            snprintf(text, sizeof text,
                     "%s: band up to %.1f decades wide, "
                     "not drawn",
                     p->series->title, decades);
        else
            snprintf(text, sizeof text, "%s: band reaches 0, not drawn",
                     p->series->title);
        legend_add(&g->legend, SWATCH_NONE, HR_MUTED, text);
    }
}

/* Widens [lo, hi] to take in the positive finite values. */
static void range_add(const double *values, int months, double *lo,
                      double *hi)
{
    for (int m = 0; m < months; m++) {
        double v = values[m];

        if (isfinite(v) && v > 0.0) {
            *lo = fmin(*lo, v);
            *hi = fmax(*hi, v);
        }
    }
}

/* Smallest and largest positive finite value over the lines and, when
 * bands is true, the bands drawn. */
static bool growth_range(const hr_growth *g, int months, bool bands,
                         double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = 0.0;
    for (size_t i = 0; i < g->count; i++) {
        const hr_growth_line *line = &g->lines[i];

        range_add(line->values, months, lo, hi);
        if (bands && line->band) {
            range_add(line->fitted->band_low, months, lo, hi);
            range_add(line->fitted->band_high, months, lo, hi);
        }
    }
    return *hi > 0.0;
}

/* Month tick step: the smallest of 1, 2, 3, 6, 12, 24 giving at most 9
 * intervals. */
static double month_step(int horizon)
{
    static const int steps[] = {1, 2, 3, 6, 12, 24, 60, 120};

    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (horizon / steps[i] <= 9)
            return steps[i];
    return 240;
}

/* Dotted vertical lines at the milestones, labelled above the plot. */
static void growth_milestones(const hr_canvas *c, const hr_plan *plan,
                              const hr_axis *x, const hr_box *plot)
{
    double dots[] = {c->line * 1.2, c->line * 3};

    for (size_t m = 0; m < plan->model->milestone_count; m++) {
        const hr_milestone *ms = &plan->model->milestones[m];
        double at = axis_map(x, ms->month);
        double anchor = m == 0 ? 0.0 : 0.5;

        if (ms->month >= plan->month_count)
            continue;
        hr_set_rgb(c->cr, HR_MUTED);
        cairo_set_line_width(c->cr, c->line * 1.2);
        cairo_set_dash(c->cr, dots, 2, 0.0);
        cairo_move_to(c->cr, at, plot->y);
        cairo_line_to(c->cr, at, plot->y + plot->height);
        cairo_stroke(c->cr);
        cairo_set_dash(c->cr, NULL, 0, 0.0);
        if (ms->month == plan->month_count - 1)
            anchor = 1.0;
        hr_set_rgb(c->cr, HR_TEXT);
        hr_text_draw(c->cr, ms->label, c->small, at, plot->y - c->pad * 0.3,
                     anchor, 1.0);
    }
}

/* Marker for a milestone value: hollow where headroom filled it in. */
static hr_swatch marker_for(hr_provenance provenance)
{
    if (provenance == HR_EXTRAPOLATED)
        return SWATCH_RING;
    if (provenance == HR_INTERPOLATED)
        return SWATCH_DIAMOND;
    return SWATCH_DOT;
}

/* Device y of a value on a log axis, kept within three decades of the
 * axis so that far-off band edges and curves stay in cairo's range (the
 * plot is clipped, so nothing drawn changes). */
static double map_clamped(const hr_axis *y, double value)
{
    return axis_map(y, fmin(fmax(value, y->lo * 1e-3), y->hi * 1e3));
}

/* True when month m of the projection has a band. */
static bool band_at(const hr_projection *p, int m)
{
    return p->band_low[m] > 0.0 && p->band_high[m] > 0.0 &&
           isfinite(p->band_high[m]);
}

/* Adds the outline of the band over months [from, to) to the path:
 * along its high edge, back along its low edge. */
static void band_path(const hr_canvas *c, const hr_projection *p, int from,
                      int to, const hr_axis *x, const hr_axis *y)
{
    cairo_move_to(c->cr, axis_map(x, from), map_clamped(y, p->band_high[from]));
    for (int m = from + 1; m < to; m++)
        cairo_line_to(c->cr, axis_map(x, m), map_clamped(y, p->band_high[m]));
    for (int m = to - 1; m >= from; m--)
        cairo_line_to(c->cr, axis_map(x, m), map_clamped(y, p->band_low[m]));
    cairo_close_path(c->cr);
}

/* Shades a line's band, run by run of months that have one, in the
 * line's colour, with a faint edge that keeps overlapping bands apart. */
static void growth_band(const hr_canvas *c, const hr_growth_line *line,
                        const hr_axis *x, const hr_axis *y)
{
    const hr_projection *p = line->fitted;
    int m = 0;

    while (m < p->month_count) {
        int end = m;

        while (end < p->month_count && band_at(p, end))
            end++;
        if (end - m >= 2)
            band_path(c, p, m, end, x, y);
        m = end + 1;
    }
    hr_set_rgba(c->cr, line->colour, BAND_ALPHA);
    cairo_fill_preserve(c->cr);
    hr_set_rgba(c->cr, line->colour, BAND_ALPHA * 3);
    cairo_set_line_width(c->cr, c->line * 0.8);
    cairo_stroke(c->cr);
}

/* Draws the fitted curve thin where it leaves the plotted line, each
 * stretch one sample longer at both ends so that it grows out of the
 * line. */
static void growth_fit_line(const hr_canvas *c, const hr_growth_line *line,
                            const hr_axis *x, const hr_axis *y)
{
    const hr_projection *p = line->fitted;
    int last = (p->month_count - 1) * FIT_SAMPLES_PER_MONTH;
    int from = 0, to;

    while (fit_stretch(p, &from, &to)) {
        int first = from > 0 ? from - 1 : 0;

        for (int i = first; i <= to && i <= last; i++) {
            double t = (double)i / FIT_SAMPLES_PER_MONTH;
            double at = map_clamped(y, hr_growth_fit_eval(&p->fit, t));

            if (i == first)
                cairo_move_to(c->cr, axis_map(x, t), at);
            else
                cairo_line_to(c->cr, axis_map(x, t), at);
        }
        from = to + 1;
    }
    hr_set_rgb(c->cr, line->colour);
    cairo_set_line_width(c->cr, c->line * 1.1);
    cairo_stroke(c->cr);
}

/* Draws one line through its monthly values, skipping gaps. */
static void growth_line(const hr_canvas *c, const hr_growth_line *line,
                        int months, const hr_axis *x, const hr_axis *y)
{
    bool pen_down = false;

    hr_set_rgb(c->cr, line->colour);
    cairo_set_line_width(c->cr, c->line * 2.4);
    cairo_set_line_join(c->cr, CAIRO_LINE_JOIN_ROUND);
    set_dash(c, line->dashed);
    for (int m = 0; m < months; m++) {
        double v = line->values[m];

        if (!(isfinite(v) && v > 0.0)) {
            pen_down = false;
            continue;
        }
        if (pen_down)
            cairo_line_to(c->cr, axis_map(x, m), axis_map(y, v));
        else
            cairo_move_to(c->cr, axis_map(x, m), axis_map(y, v));
        pen_down = true;
    }
    cairo_stroke(c->cr);
    set_dash(c, false);
}

/* Marks a line's milestone values, hollow where headroom filled them. */
static void growth_markers(const hr_canvas *c, const hr_plan *plan,
                           const hr_growth_line *line, const hr_axis *x,
                           const hr_axis *y)
{
    const hr_projection *p = line->markers;

    for (size_t m = 0; p && m < plan->model->milestone_count; m++) {
        double v = p->milestone_value[m];
        int month = plan->model->milestones[m].month;

        if (!(isfinite(v) && v > 0.0) || month >= plan->month_count)
            continue;
        draw_marker(c, marker_for(p->milestone_provenance[m]),
                    axis_map(x, month), axis_map(y, v), line->colour);
    }
}

/* Plot box for a chart with y labels on the left and x labels below. */
static hr_box plot_box(const hr_canvas *c, double top, double left_labels)
{
    hr_box plot;

    plot.x = c->x + c->pad * 2.5 + c->em + left_labels;
    plot.y = top;
    plot.width = c->x + c->width - c->pad * 2 - plot.x;
    plot.height = c->y + c->height - top - c->em * 3.4;
    return plot;
}

/* Narrows the plot so that the label of the axis's last tick, centred on
 * the frame's right edge, stays inside the chart. */
static void reserve_last_tick(const hr_canvas *c, const hr_axis *axis,
                              hr_box *plot)
{
    double w, h, overhang;
    char label[32];

    tick_label(axis, axis->hi, label, sizeof label);
    hr_text_size(c->cr, label, c->small, &w, &h);
    overhang = w / 2 - (c->x + c->width - plot->x - plot->width) + c->pad * 0.5;
    if (overhang > 0.0)
        plot->width -= overhang;
}

/* The y axis: decades around the lines and the bands drawn, but only
 * half a decade (a 1-2-5 step) past the lines' decades when that takes
 * in the bands, so that a band's corner does not add an empty decade.
 * The fitted curves are clipped to it. */
static void growth_axis(hr_axis *y, const hr_growth *g, int months)
{
    hr_axis lines = {0};
    double lo, hi;

    growth_range(g, months, false, &lo, &hi);
    axis_log(&lines, lo, hi);
    growth_range(g, months, true, &lo, &hi);
    axis_log(y, lo, hi);
    if (y->lo < lines.lo && lo >= lines.lo / 2.0)
        y->lo = lines.lo / 2.0;
    if (y->hi > lines.hi && hi <= lines.hi * 2.0)
        y->hi = lines.hi * 2.0;
}

/* Inside the clipped plot: the bands, the fitted curves over them, then
 * the lines on top. */
static void growth_curves(const hr_canvas *c, const hr_plan *plan,
                          const hr_growth *g, const hr_axis *x,
                          const hr_axis *y)
{
    for (size_t i = 0; i < g->count; i++)
        if (g->lines[i].band)
            growth_band(c, &g->lines[i], x, y);
    for (size_t i = 0; i < g->count; i++)
        if (g->lines[i].fitted)
            growth_fit_line(c, &g->lines[i], x, y);
    for (size_t i = 0; i < g->count; i++)
        growth_line(c, &g->lines[i], plan->month_count, x, y);
}

/* Axes, milestones, bands, lines and markers of the growth chart. */
static void growth_plot(const hr_canvas *c, const hr_plan *plan,
                        const hr_growth *g, double top)
{
    hr_axis x = {0}, y = {0};
    double label_w, label_h;
    hr_box plot;

    growth_axis(&y, g, plan->month_count);
    hr_text_size(c->cr, "000k", c->small, &label_w, &label_h);
    plot = plot_box(c, top + c->small.size * 1.4, label_w);
    x = (hr_axis){0.0,    fmax(plan->month_count - 1, 1),
                  false,  month_step(plan->month_count - 1),
                  plot.x, plot.x + plot.width};
    y.from = plot.y + plot.height;
    y.to = plot.y;

    draw_axis(c, &y, &plot, true, g->units);
    draw_axis(c, &x, &plot, false, "Months after launch");
    growth_milestones(c, plan, &x, &plot);
    cairo_save(c->cr);
    cairo_rectangle(c->cr, plot.x, plot.y, plot.width, plot.height);
    cairo_clip(c->cr);
    growth_curves(c, plan, g, &x, &y);
    cairo_restore(c->cr);
    draw_frame(c, &plot);
    for (size_t i = 0; i < g->count; i++)
        growth_markers(c, plan, &g->lines[i], &x, &y);
}

/* The growth chart: users and total peak requests by month, with each
 * series' fitted curve and its band. */
static hr_status draw_growth(const hr_canvas *c, const hr_plan *plan)
{
    hr_growth g;
    char subtitle[160];
    double top, lo, hi;
    hr_status status;

    memset(&g, 0, sizeof g);
    status = growth_collect(&g, plan);
    if (status != HR_OK)
        return status;
    growth_marker_legend(&g, plan->model);
    growth_fit_legend(&g);
    snprintf(subtitle, sizeof subtitle,
             "Monthly projection to month %d through the milestone values; "
             "peaks use each series' peak multiplier",
             plan->month_count - 1);
    top = draw_titles(c, "Growth: users and peak request rate", subtitle);
    top = draw_legend(c, &g.legend, top);
    if (growth_range(&g, plan->month_count, false, &lo, &hi))
        growth_plot(c, plan, &g, top);
    else
        draw_message(c, top, "no growth series to project");
    free(g.total);
    return HR_OK;
}

/* ---- servers chart ---------------------------------------------------- */

/* Positive server counts over tiers and milestones, today's included. */
static bool servers_range(const hr_plan *plan, double *lo, double *hi)
{
    const hr_model *model = plan->model;

    *lo = INFINITY;
    *hi = 0.0;
    for (size_t t = 0; t < model->tier_count; t++) {
        if (model->tiers[t].servers > 0) {
            *lo = fmin(*lo, model->tiers[t].servers);
            *hi = fmax(*hi, model->tiers[t].servers);
        }
        for (size_t m = 0; m < model->milestone_count; m++) {
            int need = plan->tiers[t].at[m].planned_servers;

            if (need > 0) {
                *lo = fmin(*lo, need);
                *hi = fmax(*hi, need);
            }
        }
    }
    return *hi > 0.0;
}

/* Log axis when counts span more than a factor 20. */
static void servers_axis(hr_axis *axis, double lo, double hi)
{
    if (hi / lo > 20.0) {
        axis_log_padded(axis, lo, hi);
    } else {
        axis_linear(axis, hi, 5);
    }
}

/* Widest tier label, bounded to a third of the chart. */
static double servers_label_width(const hr_canvas *c, const hr_model *model)
{
    double widest = 0.0, w, h;

    for (size_t t = 0; t < model->tier_count; t++) {
        hr_text_size(c->cr, model->tiers[t].title, c->body, &w, &h);
        widest = fmax(widest, w);
    }
    return fmin(widest, c->width / 3.0);
}

/* The tier's name and today's servers, right-aligned left of the plot. */
static void servers_tier_label(const hr_canvas *c, const hr_tier *tier,
                               double right, double mid, double width)
{
    PangoLayout *layout =
        hr_layout_new(c->cr, tier->title, c->body, width, false);
    char today[64];
    double w, h;

    if (!layout)
        return;
    pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    hr_layout_size(layout, &w, &h);
    hr_set_rgb(c->cr, HR_TEXT);
    hr_layout_draw(c->cr, layout, right - width, mid - h * 0.85);
    g_object_unref(layout);
    snprintf(today, sizeof today, "today %d server%s", tier->servers,
             tier->servers == 1 ? "" : "s");
    hr_set_rgb(c->cr, HR_MUTED);
    hr_text_draw(c->cr, today, c->small, right, mid + h * 0.15, 1.0, 0.0);
}

/* One milestone's bar: the count, or hatching across the plot when no
 * count will do. */
static void servers_bar(const hr_canvas *c, const hr_axis *x,
                        const hr_box *plot, double top, double height, int need,
                        hr_rgb colour)
{
    if (need < 0) {
        draw_hatch(c, plot->x, top, plot->width, height, colour);
        return;
    }
    hr_set_rgb(c->cr, colour);
    cairo_rectangle(c->cr, plot->x, top, axis_map(x, need) - plot->x, height);
    cairo_fill(c->cr);
}

/* Bar geometry of a tier's band: top of milestone m's bar and its
 * height. */
static double bar_top(const hr_box *plot, size_t t, size_t m, size_t n,
                      double band)
{
    return plot->y + band * (double)t + band * 0.11 +
           band * 0.78 / (double)n * (double)m;
}

/* Where a count label's bar ends for labelling: at the bar, or past
 * today's rule when the bar ends near it, to keep the count clear of it. */
static double servers_label_end(const hr_canvas *c, const hr_axis *x, int today,
                                int need)
{
    double end = axis_map(x, need);

    if (today > 0 && fabs(axis_map(x, today) - end) < c->em)
        end = fmax(end, axis_map(x, today) + c->line * 1.2 + c->em * 0.2);
    return end;
}

/* True when every count label fits inside the frame on this axis. */
static bool servers_labels_fit(const hr_canvas *c, const hr_plan *plan,
                               const hr_axis *x, const hr_box *plot)
{
    char text[32];

    for (size_t t = 0; t < plan->model->tier_count; t++)
        for (size_t m = 0; m < plan->model->milestone_count; m++) {
            int need = plan->tiers[t].at[m].planned_servers;
            int today = plan->model->tiers[t].servers;

            if (need >= 0 &&
                !label_fits(c, plot,
                            hr_format_grouped(need, 0, text, sizeof text),
                            servers_label_end(c, x, today, need)))
                return false;
        }
    return true;
}

/* Reserves room for the longest bars' counts inside the frame: widens
 * the axis a 1-2-5 step (log) or a tick step (linear) at a time. */
static void servers_fit_axis(const hr_canvas *c, const hr_plan *plan,
                             hr_axis *x, const hr_box *plot)
{
    for (int round = 0; round < 8 && !servers_labels_fit(c, plan, x, plot);
         round++)
        x->hi = x->log ? hr_nice_up(x->hi * 1.5) : x->hi + x->step;
}

/* Labels of a tier's bars: each count at its bar's end, and one "cannot
 * meet target" over the hatching. */
static void servers_labels(const hr_canvas *c, const hr_plan *plan, size_t t,
                           const hr_axis *x, const hr_box *plot, double band)
{
    size_t n = plan->model->milestone_count, hopeless = 0;
    int today = plan->model->tiers[t].servers;
    double bar = band * 0.78 / (double)n, sum = 0.0;
    char text[32];

    for (size_t m = 0; m < n; m++) {
        int need = plan->tiers[t].at[m].planned_servers;
        double mid = bar_top(plot, t, m, n, band) + bar * 0.45;

        if (need < 0) {
            hopeless++;
            sum += mid;
            continue;
        }
        draw_bar_label(c, plot, hr_format_grouped(need, 0, text, sizeof text),
                       servers_label_end(c, x, today, need), mid);
    }
    if (hopeless)
        draw_label(c,
                   hopeless == n ? "cannot meet target at any milestone"
                                 : "cannot meet target",
                   plot->x + plot->width / 2, sum / (double)hopeless, 0.5, 0.5);
}

/* A tier's band: shading, bars per milestone, today's servers, labels. */
static void servers_band(const hr_canvas *c, const hr_plan *plan, size_t t,
                         const hr_axis *x, const hr_box *plot, double band)
{
    const hr_model *model = plan->model;
    size_t n = model->milestone_count;
    double top = plot->y + band * (double)t, today;

    if (t % 2 == 1) {
        hr_set_rgb(c->cr, HR_SHADE);
        cairo_rectangle(c->cr, plot->x, top, plot->width, band);
        cairo_fill(c->cr);
    }
    for (size_t m = 0; m < n; m++)
        servers_bar(c, x, plot, bar_top(plot, t, m, n, band),
                    band * 0.78 / (double)n * 0.9,
                    plan->tiers[t].at[m].planned_servers, *milestone_colour(m));
    if (model->tiers[t].servers > 0) {
        today = axis_map(x, model->tiers[t].servers);
        hr_set_rgb(c->cr, HR_BLACK);
        cairo_set_line_width(c->cr, c->line * 2.4);
        cairo_move_to(c->cr, today, top + band * 0.05);
        cairo_line_to(c->cr, today, top + band * 0.95);
        cairo_stroke(c->cr);
    }
    servers_labels(c, plan, t, x, plot, band);
}

/* Milestone colours, today's rule and, when needed, the hatching. */
static void servers_legend(hr_legend *legend, const hr_plan *plan)
{
    bool hopeless = false;

    for (size_t m = 0; m < plan->model->milestone_count; m++)
        legend_add(legend, SWATCH_BAR, *milestone_colour(m),
                   plan->model->milestones[m].label);
    for (size_t t = 0; t < plan->model->tier_count; t++)
        for (size_t m = 0; m < plan->model->milestone_count; m++)
            hopeless |= plan->tiers[t].at[m].planned_servers < 0;
    legend_add(legend, SWATCH_RULE, HR_BLACK, "servers in service today");
    if (hopeless)
        legend_add(legend, SWATCH_HATCH, HR_NEUTRAL,
                   "cannot meet target with any server count");
}

/* Axis, tier bands and tier labels of the servers chart. */
static void servers_plot(const hr_canvas *c, const hr_plan *plan, double top)
{
    const hr_model *model = plan->model;
    double label_w = servers_label_width(c, model), lo = 1.0, hi = 1.0;
    hr_axis x = {0};
    hr_box plot = plot_box(c, top, label_w);
    double band = plot.height / (double)model->tier_count;

    servers_range(plan, &lo, &hi);
    servers_axis(&x, lo, hi);
    reserve_last_tick(c, &x, &plot);
    x.from = plot.x;
    x.to = plot.x + plot.width;
    servers_fit_axis(c, plan, &x, &plot);
    draw_axis(c, &x, &plot, false, x.log ? "Servers (log scale)" : "Servers");
    for (size_t t = 0; t < model->tier_count; t++) {
        servers_band(c, plan, t, &x, &plot, band);
        servers_tier_label(c, &model->tiers[t], plot.x - c->pad,
                           plot.y + band * ((double)t + 0.5), label_w);
    }
    draw_frame(c, &plot);
}

/* The servers chart: servers needed per tier and milestone. */
static hr_status draw_servers(const hr_canvas *c, const hr_plan *plan)
{
    hr_legend legend = {0};
    char subtitle[160];
    double top, lo, hi;

    snprintf(subtitle, sizeof subtitle,
             "Fewest M/M/c servers whose p95 response time meets the "
             "tier's target both at each milestone's peak and at %gx "
             "normal load",
             HR_NORMAL_LOAD_FACTOR);
    top = draw_titles(c, "Servers needed per tier", subtitle);
    servers_legend(&legend, plan);
    top = draw_legend(c, &legend, top);
    if (plan->model->tier_count == 0 || !servers_range(plan, &lo, &hi))
        draw_message(c, top, "no tiers to plan");
    else
        servers_plot(c, plan, top);
    return HR_OK;
}

/* ---- latency chart ---------------------------------------------------- */

/* Green for met, vermillion for missed, grey without a target. */
static hr_rgb verdict_colour(hr_verdict verdict)
{
    if (verdict == HR_VERDICT_MET)
        return HR_GREEN;
    if (verdict == HR_VERDICT_MISSED)
        return HR_VERMILLION;
    return HR_NEUTRAL;
}

/* Most labels the chart shows; a run with more shows the worst ones. */
#define HR_LATENCY_MAX_ROWS 20

/* The labels to draw: all of them in their order when they fit, else the
 * HR_LATENCY_MAX_ROWS furthest over their targets (p95 / target), then
 * unjudged ones by sample count. */
typedef struct latency_rows {
    const hr_label_verdict *row[HR_LATENCY_MAX_ROWS];
    size_t count;
    size_t total;
} latency_rows;

static double badness(const hr_label_verdict *v)
{
    if (!v->target)
        return -1.0 / (1.0 + (double)v->stats->samples);
    return v->stats->p95_ms / v->target->p95_ms;
}

static int by_badness(const void *a, const void *b)
{
    double x = badness(*(const hr_label_verdict *const *)a);
    double y = badness(*(const hr_label_verdict *const *)b);

    return (x < y) - (x > y);
}

static hr_status choose_rows(const hr_plan *plan, latency_rows *rows)
{
    const hr_label_verdict **all;

    rows->total = plan->label_count;
    rows->count = 0;
    if (plan->label_count <= HR_LATENCY_MAX_ROWS) {
        for (size_t i = 0; i < plan->label_count; i++)
            rows->row[rows->count++] = &plan->verdicts[i];
        return HR_OK;
    }
    all = malloc(plan->label_count * sizeof *all);
    if (!all)
        return HR_ERR_NOMEM;
    for (size_t i = 0; i < plan->label_count; i++)
        all[i] = &plan->verdicts[i];
    qsort(all, plan->label_count, sizeof *all, by_badness);
    for (; rows->count < HR_LATENCY_MAX_ROWS; rows->count++)
        rows->row[rows->count] = all[rows->count];
    free(all);
    return HR_OK;
}

/* Range of the p95s and targets, in ms. */
static void latency_range(const latency_rows *rows, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = 0.0;
    for (size_t i = 0; i < rows->count; i++) {
        const hr_label_verdict *v = rows->row[i];
        double p95 = v->stats->p95_ms;

        if (isfinite(p95) && p95 > 0.0) {
            *lo = fmin(*lo, p95);
            *hi = fmax(*hi, p95);
        }
        if (v->target) {
            *lo = fmin(*lo, v->target->p95_ms);
            *hi = fmax(*hi, v->target->p95_ms);
        }
    }
    if (!(*hi > 0.0))
        *lo = *hi = 1.0;
}

/* The label's name, right-aligned and shortened to fit. */
static void latency_label(const hr_canvas *c, const char *text, double right,
                          double mid, double width)
{
    PangoLayout *layout = hr_layout_new(c->cr, text, c->body, width, false);
    double w, h;

    if (!layout)
        return;
    pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_MIDDLE);
    pango_layout_set_height(layout, 0);
    hr_layout_size(layout, &w, &h);
    hr_set_rgb(c->cr, HR_TEXT);
    hr_layout_draw(c->cr, layout, right - width, mid - h / 2);
    g_object_unref(layout);
}

/* Writes the annotation in white inside the bar's end, when the bar is
 * long and tall enough and the target tick does not cross it; returns
 * false (drawing nothing) otherwise. */
static bool latency_inside(const hr_canvas *c, const hr_box *plot,
                           const char *text, double end, double tick,
                           double bar, double mid)
{
    double w, h, gap = c->pad * 0.5;

    hr_text_size(c->cr, text, c->small, &w, &h);
    if (bar < h * 0.9 || end - plot->x < w + 2 * gap ||
        (tick >= end - 2 * gap - w && tick <= end))
        return false;
    hr_set_rgb(c->cr, HR_WHITE);
    hr_text_draw(c->cr, text, c->small, end - gap, mid, 1.0, 0.5);
    return true;
}

/* One label's bar, target rule and annotation. The annotation goes right
 * of the bar or tick when it fits inside the frame, else inside the bar
 * (the longest bars have room for it). */
static void latency_row(const hr_canvas *c, const hr_label_verdict *v,
                        const hr_axis *x, const hr_box *plot, double top,
                        double band)
{
    double p95 = v->stats->p95_ms, end = plot->x, right, tick = NAN;
    double bar = fmin(band * 0.62, c->em * 1.6);
    double mid = top + band / 2;
    char value[32], target[32], text[96];

    if (isfinite(p95) && p95 > 0.0) {
        end = axis_map(x, fmax(p95, x->lo));
        hr_set_rgb(c->cr, verdict_colour(v->verdict));
        cairo_rectangle(c->cr, plot->x, mid - bar / 2, end - plot->x, bar);
        cairo_fill(c->cr);
    }
    right = end;
    if (v->target) {
        tick = axis_map(x, v->target->p95_ms);
        hr_set_rgb(c->cr, HR_BLACK);
        cairo_set_line_width(c->cr, c->line * 2.4);
        cairo_move_to(c->cr, tick, mid - bar * 0.8);
        cairo_line_to(c->cr, tick, mid + bar * 0.8);
        cairo_stroke(c->cr);
        right = fmax(right, tick);
    }
    hr_format_sig(p95, value, sizeof value);
    if (v->target)
        snprintf(text, sizeof text, "%s ms (target %s ms)", value,
                 hr_format_sig(v->target->p95_ms, target, sizeof target));
    else
        snprintf(text, sizeof text, "%s ms", value);
    if (label_fits(c, plot, text, right) ||
        !latency_inside(c, plot, text, end, tick, bar, mid))
        draw_bar_label(c, plot, text, right, mid);
}

/* Axis, bars and labels of the latency chart. */
static void latency_plot(const hr_canvas *c, const latency_rows *rows,
                         double top)
{
    double label_w = 0.0, w, h, lo, hi;
    hr_axis x = {0};
    hr_box plot;
    double band;

    for (size_t i = 0; i < rows->count; i++) {
        hr_text_size(c->cr, rows->row[i]->stats->label, c->body, &w, &h);
        label_w = fmax(label_w, w);
    }
    label_w = fmin(label_w, c->width * 0.28);
    plot = plot_box(c, top, label_w);
    band = plot.height / (double)rows->count;
    latency_range(rows, &lo, &hi);
    if (hi / lo > 50.0)
        axis_log_padded(&x, lo, hi);
    else
        axis_linear(&x, hi, 6);
    reserve_last_tick(c, &x, &plot);
    x.from = plot.x;
    x.to = plot.x + plot.width;
    draw_axis(c, &x, &plot, false,
              x.log ? "p95 response time, ms (log scale)"
                    : "p95 response time, ms");
    for (size_t i = 0; i < rows->count; i++) {
        latency_label(c, rows->row[i]->stats->label, plot.x - c->pad,
                      plot.y + band * ((double)i + 0.5), label_w);
        latency_row(c, rows->row[i], &x, &plot, plot.y + band * (double)i,
                    band);
    }
    draw_frame(c, &plot);
}

/* Legend entries for the verdicts the chart shows. */
static void latency_legend(hr_legend *legend, const latency_rows *rows)
{
    static const char *const words[] = {
        [HR_VERDICT_MET] = "target met",
        [HR_VERDICT_MISSED] = "target missed",
        [HR_VERDICT_UNJUDGED] = "no target",
    };
    bool seen[HR_VERDICT_UNJUDGED + 1] = {false};

    for (size_t i = 0; i < rows->count; i++)
        seen[rows->row[i]->verdict] = true;
    for (int v = HR_VERDICT_MET; v <= HR_VERDICT_UNJUDGED; v++)
        if (seen[v])
            legend_add(legend, SWATCH_BAR, verdict_colour((hr_verdict)v),
                       words[v]);
}

/* The latency chart, or a message when nothing was measured. */
static hr_status draw_latency(const hr_canvas *c, const hr_plan *plan)
{
    hr_legend legend = {0};
    latency_rows rows;
    char subtitle[160];
    double top;

    if (choose_rows(plan, &rows) != HR_OK)
        return HR_ERR_NOMEM;
    if (rows.count < rows.total)
        snprintf(subtitle, sizeof subtitle,
                 "Nearest-rank 95th percentile against the SLA target: the "
                 "%zu labels furthest over target of %zu (all in the "
                 "workbook)",
                 rows.count, rows.total);
    else
        snprintf(subtitle, sizeof subtitle,
                 "Nearest-rank 95th percentile of the measured samples "
                 "against the label's SLA target");
    top = draw_titles(c, "Measured p95 response time per label", subtitle);
    if (plan->label_count == 0) {
        draw_message(c, top, "no measured data: latency targets not judged");
        return HR_OK;
    }
    latency_legend(&legend, &rows);
    legend_add(&legend, SWATCH_RULE, HR_BLACK, "p95 target");
    top = draw_legend(c, &legend, top);
    latency_plot(c, &rows, top);
    return HR_OK;
}

/* ---- public functions ------------------------------------------------- */

const char *hr_chart_name(hr_chart_kind kind)
{
    return (unsigned)kind < HR_CHART_COUNT ? chart_names[kind] : "unknown";
}

hr_chart_kind hr_chart_from_name(const char *name)
{
    for (int k = 0; k < HR_CHART_COUNT; k++)
        if (name && strcmp(name, chart_names[k]) == 0)
            return (hr_chart_kind)k;
    return HR_CHART_COUNT;
}

hr_status hr_chart_draw(cairo_t *cr, const hr_plan *plan, hr_chart_kind kind,
                        double x, double y, double width, double height)
{
    static hr_status (*const drawers[HR_CHART_COUNT])(const hr_canvas *,
                                                      const hr_plan *) = {
        [HR_CHART_GROWTH] = draw_growth,
        [HR_CHART_SERVERS] = draw_servers,
        [HR_CHART_LATENCY] = draw_latency,
    };
    hr_canvas canvas;
    hr_status status;

    if (!cr || !plan || (unsigned)kind >= HR_CHART_COUNT ||
        !(width > 0.0 && height > 0.0))
        return HR_ERR_DOMAIN;
    canvas_init(&canvas, cr, x, y, width, height);
    hr_canvas_begin(&canvas);
    status = drawers[kind](&canvas, plan);
    cairo_restore(cr);
    if (status == HR_OK)
        status = hr_from_cairo(cairo_status(cr));
    return status;
}

/* The whole PNG as one chart; arg points at a png_job. */
typedef struct png_job {
    const hr_plan *plan;
    hr_chart_kind kind;
} png_job;

static hr_status draw_png(cairo_t *cr, const void *arg, int width,
                          int height)
{
    const png_job *job = arg;

    return hr_chart_draw(cr, job->plan, job->kind, 0.0, 0.0, width, height);
}

hr_status hr_chart_write_png(const hr_plan *plan, hr_chart_kind kind,
                             const char *path, int width, int height)
{
    png_job job = {plan, kind};

    return hr_png_write(path, width, height, draw_png, &job);
}
