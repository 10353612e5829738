/*
 * usl_chart.c - draws a Universal Scalability Law fit with cairo.
 *
 * The chart shows the measured points, the fitted curve X(N), the peak
 * (N*, X(N*)) marked on the curve, the Amdahl asymptote gamma / alpha
 * dashed and linear scaling gamma N dotted, on linear axes from zero
 * with 1-2-5 ticks. The load axis reaches past the largest measurement
 * to show the peak when it is within PEAK_REACH times that load; the
 * throughput axis rises to the Amdahl limit when it is within LIMIT_REACH
 * times the highest point drawn. What does not fit is named in a note
 * under the title instead.
 *
 * Sizes follow from the rectangle, as in chart.c: about 15 px text on a
 * 1200 x 700 px PNG.
 */
#include "output/usl_chart.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "output/draw.h"

/* How far past the data the axes may reach for the peak and the limit. */
#define PEAK_REACH 3.0
#define LIMIT_REACH 2.5

/* Segments of the drawn curve. */
#define CURVE_STEPS 400

/* Intervals the 1-2-5 tick steps aim at. */
#define X_INTERVALS 8
#define Y_INTERVALS 6

/* A linear axis from 0 to hi, mapped onto device [from, to]. */
typedef struct usl_axis {
    double hi;
    double step;
    double from, to;
} usl_axis;

/* Everything one drawing needs. */
typedef struct usl_view {
    const hr_canvas *c;
    const hr_usl *usl;
    const hr_usl_point *points;
    size_t count;
    const hr_usl_chart_text *text;
    usl_axis x, y;
    double left, top, right, bottom; /* the plot box */
    bool show_peak;
    bool show_limit;
} usl_view;

typedef enum swatch {
    SWATCH_DOT,
    SWATCH_LINE,
    SWATCH_DIAMOND,
    SWATCH_DASH,
    SWATCH_DOTTED
} swatch;

/* ---- basics ------------------------------------------------------------- */

/* Derives font sizes and spacing from the rectangle: about 15 px body
 * text at 1200 x 700 px. */
static void canvas_init(hr_canvas *c, cairo_t *cr, double x, double y,
                        double width, double height)
{
    hr_canvas_init(c, cr, x, y, width, height,
                   2.0 + sqrt(width * height) / 70.0);
}

static double map(const usl_axis *axis, double value)
{
    return axis->from + value / axis->hi * (axis->to - axis->from);
}

/* An axis from 0 to a whole number of 1-2-5 steps at or above hi. */
static void axis_init(usl_axis *axis, double hi, int intervals)
{
    axis->step = hr_nice_step(hi > 0.0 ? hi : 1.0, intervals);
    axis->hi = ceil(hi / axis->step - 1e-9) * axis->step;
    if (axis->hi <= 0.0)
        axis->hi = axis->step;
}

/* Solid, dashed or dotted strokes, scaled to the line width. */
static void set_dash(const hr_canvas *c, swatch style)
{
    double dash[] = {c->line * 8, c->line * 5};
    double dots[] = {c->line * 1.5, c->line * 4};

    if (style == SWATCH_DASH)
        cairo_set_dash(c->cr, dash, 2, 0.0);
    else if (style == SWATCH_DOTTED)
        cairo_set_dash(c->cr, dots, 2, 0.0);
    else
        cairo_set_dash(c->cr, NULL, 0, 0.0);
}

static const char *unit_or(const char *unit, const char *fallback)
{
    return unit && *unit ? unit : fallback;
}

/* "1,884 rps", or the bare number without a unit. */
static void format_with_unit(double value, const char *unit, char *out,
                             size_t size)
{
    char number[32];

    hr_format_sig(value, number, sizeof number);
    if (unit && *unit)
        snprintf(out, size, "%s %s", number, unit);
    else
        snprintf(out, size, "%s", number);
}

/* ---- ranges ------------------------------------------------------------- */

/* Highest fitted throughput on [0, load_hi], sampled. */
static double curve_max(const hr_usl *usl, double load_hi)
{
    double top = 0.0;

    for (int i = 1; i <= CURVE_STEPS; i++) {
        double v = hr_usl_throughput(usl, load_hi * i / CURVE_STEPS);

        if (isfinite(v) && v > top)
            top = v;
    }
    return top;
}

/* Chooses the axes' reach and what of the peak and limit they show. */
static void choose_ranges(usl_view *v)
{
    const hr_usl *u = v->usl;
    double load_hi = u->load_max * 1.05, rate_hi = 0.0;

    v->show_peak =
        isfinite(u->peak_load) && u->peak_load <= PEAK_REACH * u->load_max;
    if (v->show_peak)
        load_hi = fmax(load_hi, u->peak_load * 1.1);
    axis_init(&v->x, load_hi, X_INTERVALS);

    for (size_t i = 0; i < v->count; i++)
        rate_hi = fmax(rate_hi, v->points[i].throughput);
    rate_hi = fmax(rate_hi, curve_max(u, v->x.hi));
    v->show_limit = isfinite(u->limit_throughput) &&
                    u->limit_throughput <= LIMIT_REACH * rate_hi;
    if (v->show_limit)
        rate_hi = fmax(rate_hi, u->limit_throughput);
    axis_init(&v->y, rate_hi * 1.06, Y_INTERVALS);
}

/* ---- titles and legend -------------------------------------------------- */

/* The fitted coefficients in one line. */
static void subtitle_text(const hr_usl *u, char *out, size_t size)
{
    char a[32], b[32], g[32], r[32];

    snprintf(a, sizeof a, "%.4g", u->alpha.value);
    snprintf(b, sizeof b, "%.4g", u->beta.value);
    hr_format_sig(u->gamma.value, g, sizeof g);
    hr_format_sig(u->rse, r, sizeof r);
    snprintf(out, size,
             "X(N) = \u03b3N / (1 + \u03b1(N \u2212 1) + \u03b2N(N \u2212 1))"
             "   \u03b1 = %s, \u03b2 = %s, \u03b3 = %s; %zu points, "
             "residual standard error %s",
             a, b, g, u->points, r);
}

/* Names the peak or limit that the axes do not reach; "" if none. */
static void note_text(const usl_view *v, char *out, size_t size)
{
    const hr_usl *u = v->usl;
    const char *rate = v->text ? v->text->rate_unit : NULL;
    char peak[96], limit[160];

    out[0] = '\0';
    if (isinf(u->peak_load))
        snprintf(peak, sizeof peak, "no peak (\u03b2 = 0)");
    else if (isfinite(u->peak_load) && !v->show_peak)
        snprintf(peak, sizeof peak, "peak at N = %.4g, far beyond the data",
                 u->peak_load);
    else
        peak[0] = '\0';
    limit[0] = '\0';
    if (isfinite(u->limit_throughput) && !v->show_limit) {
        char value[96];

        format_with_unit(u->limit_throughput, rate, value, sizeof value);
        snprintf(limit, sizeof limit, "Amdahl limit %s, above the chart",
                 value);
    } else if (isinf(u->limit_throughput)) {
        snprintf(limit, sizeof limit, "no Amdahl limit (\u03b1 = 0)");
    }
    snprintf(out, size, "%s%s%s%s%s", peak, *peak && *limit ? "; " : "", limit,
             u->warnings & HR_USL_WARN_POOR_FIT ? "; " : "",
             u->warnings & HR_USL_WARN_POOR_FIT
                 ? "poor fit: throughput depends on more than this load"
                 : "");
    if (out[0] == ';')
        memmove(out, out + 2, strlen(out + 2) + 1);
}

/* Title, coefficients and note; returns the y below them. */
static double draw_titles(const usl_view *v)
{
    const hr_canvas *c = v->c;
    const char *title = v->text && v->text->title
                            ? v->text->title
                            : "Universal Scalability Law fit";
    double w, h, y = c->y + c->pad * 1.2, left = c->x + c->pad * 1.5;
    char line[320];

    hr_set_rgb(c->cr, HR_TEXT);
    hr_text_size(c->cr, title, c->title, &w, &h);
    hr_text_draw(c->cr, title, c->title, left, y, 0.0, 0.0);
    y += h + c->pad * 0.3;
    hr_set_rgb(c->cr, HR_MUTED);
    subtitle_text(v->usl, line, sizeof line);
    hr_text_size(c->cr, line, c->small, &w, &h);
    hr_text_draw(c->cr, line, c->small, left, y, 0.0, 0.0);
    y += h;
    note_text(v, line, sizeof line);
    if (*line) {
        hr_text_draw(c->cr, line, c->small, left, y, 0.0, 0.0);
        y += h;
    }
    return y + c->pad;
}

/* A filled dot or a hollow diamond centred on (x, y). */
static void draw_marker(const hr_canvas *c, swatch kind, double x, double y,
                        hr_rgb colour)
{
    double r = c->body.size * (kind == SWATCH_DIAMOND ? 0.5 : 0.4);

    if (kind == SWATCH_DIAMOND)
        hr_path_diamond(c->cr, x, y, r);
    else
        hr_path_circle(c->cr, x, y, r);
    hr_set_rgba(c->cr, kind == SWATCH_DIAMOND ? HR_WHITE : colour,
                kind == SWATCH_DIAMOND ? 1.0 : 0.85);
    cairo_fill_preserve(c->cr);
    hr_set_rgb(c->cr, kind == SWATCH_DIAMOND ? colour : HR_WHITE);
    cairo_set_line_width(c->cr, c->line * (kind == SWATCH_DIAMOND ? 2.2 : 1.0));
    cairo_stroke(c->cr);
}

/* A legend sample: marker or stroke, size wide, centred on y. */
static void draw_swatch(const hr_canvas *c, swatch kind, hr_rgb colour,
                        double x, double y, double size)
{
    if (kind == SWATCH_DOT || kind == SWATCH_DIAMOND) {
        draw_marker(c, kind, x + size / 2, y, colour);
        return;
    }
    hr_set_rgb(c->cr, colour);
    cairo_set_line_width(c->cr, c->line * (kind == SWATCH_LINE ? 2.6 : 2.0));
    set_dash(c, kind);
    cairo_move_to(c->cr, x, y);
    cairo_line_to(c->cr, x + size, y);
    cairo_stroke(c->cr);
    set_dash(c, SWATCH_LINE);
}

/* Draws one legend entry at x; returns the x after it. */
static double legend_item(const hr_canvas *c, swatch kind, hr_rgb colour,
                          const char *label, double x, double y)
{
    double size = c->body.size * 1.8, w, h;

    draw_swatch(c, kind, colour, x, y, size);
    hr_set_rgb(c->cr, HR_TEXT);
    hr_text_size(c->cr, label, c->body, &w, &h);
    hr_text_draw(c->cr, label, c->body, x + size + c->pad * 0.6, y, 0.0, 0.5);
    return x + size + c->pad * 0.6 + w + c->pad * 2.2;
}

/* One row of legend entries; returns the y below it. */
static double draw_legend(const usl_view *v, double top)
{
    const hr_canvas *c = v->c;
    double x = c->x + c->pad * 1.5, y = top + c->body.size * 0.6;

    x = legend_item(c, SWATCH_DOT, HR_BLUE, "measured", x, y);
    x = legend_item(c, SWATCH_LINE, HR_VERMILLION, "USL fit", x, y);
    if (v->show_peak)
        x = legend_item(c, SWATCH_DIAMOND, HR_VERMILLION, "peak N*", x, y);
    if (v->show_limit)
        x = legend_item(c, SWATCH_DASH, HR_GREEN, "Amdahl limit \u03b3/\u03b1",
                        x, y);
    legend_item(c, SWATCH_DOTTED, HR_NEUTRAL, "linear scaling \u03b3N", x, y);
    return top + c->body.size * 1.2 + c->pad;
}

/* ---- axes --------------------------------------------------------------- */

/* Widest tick label of the throughput axis. */
static double y_label_width(const usl_view *v)
{
    double widest = 0.0, w, h;
    char label[32];

    for (double t = 0.0; t <= v->y.hi + v->y.step * 1e-6; t += v->y.step) {
        hr_format_sig(t, label, sizeof label);
        hr_text_size(v->c->cr, label, v->c->small, &w, &h);
        widest = fmax(widest, w);
    }
    return widest;
}

/* Places the plot box below top, leaving room for labels and titles. */
static void place_plot(usl_view *v, double top)
{
    const hr_canvas *c = v->c;
    double w, h;

    hr_text_size(c->cr, "0", c->body, &w, &h);
    v->top = top + c->pad * 0.5;
    v->left = c->x + c->pad * 2.0 + h + y_label_width(v) + c->pad;
    v->right = c->x + c->width - c->pad * 2.5;
    v->bottom = c->y + c->height - c->pad * 1.8 - h * 2.0;
    v->x.from = v->left;
    v->x.to = v->right;
    v->y.from = v->bottom;
    v->y.to = v->top;
}

/* Grid lines and tick labels of both axes. */
static void draw_grid(const usl_view *v)
{
    const hr_canvas *c = v->c;
    char label[32];

    cairo_set_line_width(c->cr, c->line);
    for (double t = 0.0; t <= v->x.hi + v->x.step * 1e-6; t += v->x.step) {
        double at = map(&v->x, t);

        hr_set_rgb(c->cr, HR_GRID);
        cairo_move_to(c->cr, at, v->top);
        cairo_line_to(c->cr, at, v->bottom);
        cairo_stroke(c->cr);
        hr_set_rgb(c->cr, HR_MUTED);
        hr_format_sig(t, label, sizeof label);
        hr_text_draw(c->cr, label, c->small, at, v->bottom + c->pad * 0.5, 0.5,
                     0.0);
    }
    for (double t = 0.0; t <= v->y.hi + v->y.step * 1e-6; t += v->y.step) {
        double at = map(&v->y, t);

        hr_set_rgb(c->cr, HR_GRID);
        cairo_move_to(c->cr, v->left, at);
        cairo_line_to(c->cr, v->right, at);
        cairo_stroke(c->cr);
        hr_set_rgb(c->cr, HR_MUTED);
        hr_format_sig(t, label, sizeof label);
        hr_text_draw(c->cr, label, c->small, v->left - c->pad * 0.6, at, 1.0,
                     0.5);
    }
}

/* Axis titles with units, and the frame. */
static void draw_axis_titles(const usl_view *v)
{
    const hr_canvas *c = v->c;
    const hr_usl_chart_text *t = v->text;
    char title[128];

    hr_set_rgb(c->cr, HR_TEXT);
    snprintf(title, sizeof title, "load N (%s)",
             unit_or(t ? t->load_unit : NULL, "units as in the file"));
    hr_text_draw(c->cr, title, c->body, (v->left + v->right) / 2,
                 c->y + c->height - c->pad, 0.5, 1.0);
    snprintf(title, sizeof title, "throughput X (%s)",
             unit_or(t ? t->rate_unit : NULL, "units as in the file"));
    hr_text_vertical(c->cr, title, c->body, c->x + c->pad * 1.2,
                     (v->top + v->bottom) / 2);

    hr_set_rgb(c->cr, HR_RULE);
    cairo_set_line_width(c->cr, c->line);
    cairo_rectangle(c->cr, v->left, v->top, v->right - v->left,
                    v->bottom - v->top);
    cairo_stroke(c->cr);
}

/* ---- the data and the model --------------------------------------------- */

/* Linear scaling gamma N, the reference the losses are measured from. */
static void draw_linear(const usl_view *v)
{
    const hr_canvas *c = v->c;
    double load_at_top = v->y.hi / v->usl->gamma.value;
    double end = fmin(v->x.hi, load_at_top);

    hr_set_rgb(c->cr, HR_NEUTRAL);
    cairo_set_line_width(c->cr, c->line * 2.0);
    set_dash(c, SWATCH_DOTTED);
    cairo_move_to(c->cr, map(&v->x, 0.0), map(&v->y, 0.0));
    cairo_line_to(c->cr, map(&v->x, end),
                  map(&v->y, v->usl->gamma.value * end));
    cairo_stroke(c->cr);
    set_dash(c, SWATCH_LINE);
}

/* The Amdahl asymptote gamma / alpha, dashed, labelled at the right. */
static void draw_limit(const usl_view *v)
{
    const hr_canvas *c = v->c;
    double at = map(&v->y, v->usl->limit_throughput);
    char value[96], label[160];

    hr_set_rgb(c->cr, HR_GREEN);
    cairo_set_line_width(c->cr, c->line * 2.0);
    set_dash(c, SWATCH_DASH);
    cairo_move_to(c->cr, v->left, at);
    cairo_line_to(c->cr, v->right, at);
    cairo_stroke(c->cr);
    set_dash(c, SWATCH_LINE);
    format_with_unit(v->usl->limit_throughput,
                     v->text ? v->text->rate_unit : NULL, value, sizeof value);
    snprintf(label, sizeof label, "Amdahl limit \u03b3/\u03b1 = %s", value);
    hr_text_draw(c->cr, label, c->small, v->right - c->pad, at - c->pad * 0.4,
                 1.0, 1.0);
}

/* The fitted curve from N = 0 to the end of the load axis. */
static void draw_curve(const usl_view *v)
{
    const hr_canvas *c = v->c;

    hr_set_rgb(c->cr, HR_VERMILLION);
    cairo_set_line_width(c->cr, c->line * 2.6);
    cairo_set_line_join(c->cr, CAIRO_LINE_JOIN_ROUND);
    cairo_move_to(c->cr, map(&v->x, 0.0), map(&v->y, 0.0));
    for (int i = 1; i <= CURVE_STEPS; i++) {
        double n = v->x.hi * i / CURVE_STEPS;

        cairo_line_to(c->cr, map(&v->x, n),
                      map(&v->y, hr_usl_throughput(v->usl, n)));
    }
    cairo_stroke(c->cr);
}

static void draw_points(const usl_view *v)
{
    for (size_t i = 0; i < v->count; i++)
        draw_marker(v->c, SWATCH_DOT, map(&v->x, v->points[i].load),
                    map(&v->y, v->points[i].throughput), HR_BLUE);
}

/* The peak: a dotted drop line, a diamond and its values. */
static void draw_peak(const usl_view *v)
{
    const hr_canvas *c = v->c;
    const hr_usl_chart_text *t = v->text;
    double px = map(&v->x, v->usl->peak_load);
    double py = map(&v->y, v->usl->peak_throughput);
    char value[96], label[160], load[32];

    hr_set_rgb(c->cr, HR_VERMILLION);
    cairo_set_line_width(c->cr, c->line * 1.4);
    set_dash(c, SWATCH_DOTTED);
    cairo_move_to(c->cr, px, py);
    cairo_line_to(c->cr, px, v->bottom);
    cairo_stroke(c->cr);
    set_dash(c, SWATCH_LINE);
    draw_marker(c, SWATCH_DIAMOND, px, py, HR_VERMILLION);

    format_with_unit(v->usl->peak_throughput, t ? t->rate_unit : NULL, value,
                     sizeof value);
    hr_format_sig(v->usl->peak_load, load, sizeof load);
    snprintf(label, sizeof label, "peak %s at N* = %s", value, load);
    hr_set_rgb(c->cr, HR_TEXT);
    hr_text_draw(c->cr, label, c->small, px, py - c->body.size * 0.8,
                 px > (v->left + v->right) / 2 ? 0.85 : 0.15, 1.0);
}

/* Everything inside the plot box, clipped to it. */
static void draw_plot(const usl_view *v)
{
    cairo_t *cr = v->c->cr;

    cairo_save(cr);
    cairo_rectangle(cr, v->left, v->top, v->right - v->left,
                    v->bottom - v->top);
    cairo_clip(cr);
    draw_linear(v);
    if (v->show_limit)
        draw_limit(v);
    draw_curve(v);
    draw_points(v);
    if (v->show_peak)
        draw_peak(v);
    cairo_restore(cr);
}

/* ---- public functions --------------------------------------------------- */

hr_status hr_usl_chart_draw(cairo_t *cr, const hr_usl *usl,
                            const hr_usl_point *points, size_t count,
                            const hr_usl_chart_text *text, double x, double y,
                            double width, double height)
{
    hr_canvas canvas;
    usl_view view = {.c = &canvas,
                     .usl = usl,
                     .points = points,
                     .count = count,
                     .text = text};

    if (!cr || !usl || (!points && count) || !isfinite(usl->gamma.value) ||
        !(width > 0.0 && height > 0.0))
        return HR_ERR_DOMAIN;
    canvas_init(&canvas, cr, x, y, width, height);
    hr_canvas_begin(&canvas);

    choose_ranges(&view);
    place_plot(&view, draw_legend(&view, draw_titles(&view)));
    draw_grid(&view);
    draw_plot(&view);
    draw_axis_titles(&view);
    cairo_restore(cr);
    return hr_from_cairo(cairo_status(cr));
}

/* The whole PNG as one chart; arg points at a png_job. */
typedef struct png_job {
    const hr_usl *usl;
    const hr_usl_point *points;
    size_t count;
    const hr_usl_chart_text *text;
} png_job;

static hr_status draw_png(cairo_t *cr, const void *arg, int width,
                          int height)
{
    const png_job *job = arg;

    return hr_usl_chart_draw(cr, job->usl, job->points, job->count,
                             job->text, 0.0, 0.0, width, height);
}

hr_status hr_usl_chart_write_png(const hr_usl *usl, const hr_usl_point *points,
                                 size_t count, const hr_usl_chart_text *text,
                                 const char *path, int width, int height)
{
    png_job job = {usl, points, count, text};

    return hr_png_write(path, width, height, draw_png, &job);
}
