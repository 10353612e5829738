/*
 * draw.c - colours, Pango text and number formats for charts and reports.
 */
#include "output/draw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Okabe-Ito palette (Okabe and Ito 2008), as 8-bit values / 255. */
const hr_rgb HR_BLACK = {0.0, 0.0, 0.0};
const hr_rgb HR_ORANGE = {230 / 255.0, 159 / 255.0, 0.0};
const hr_rgb HR_SKY_BLUE = {86 / 255.0, 180 / 255.0, 233 / 255.0};
const hr_rgb HR_GREEN = {0.0, 158 / 255.0, 115 / 255.0};
const hr_rgb HR_YELLOW = {240 / 255.0, 228 / 255.0, 66 / 255.0};
const hr_rgb HR_BLUE = {0.0, 114 / 255.0, 178 / 255.0};
const hr_rgb HR_VERMILLION = {213 / 255.0, 94 / 255.0, 0.0};
const hr_rgb HR_PURPLE = {204 / 255.0, 121 / 255.0, 167 / 255.0};

const hr_rgb HR_TEXT = {0.13, 0.13, 0.13};
const hr_rgb HR_MUTED = {0.40, 0.40, 0.40};
const hr_rgb HR_GRID = {0.88, 0.88, 0.88};
const hr_rgb HR_RULE = {0.55, 0.55, 0.55};
const hr_rgb HR_SHADE = {0.95, 0.95, 0.95};
const hr_rgb HR_WHITE = {1.0, 1.0, 1.0};
const hr_rgb HR_NEUTRAL = {0.62, 0.62, 0.62};

/* Series order: strong colours first, yellow last (weak on white). */
static const hr_rgb *const palette[] = {
    &HR_BLUE, &HR_VERMILLION, &HR_GREEN, &HR_ORANGE,
    &HR_PURPLE, &HR_SKY_BLUE, &HR_BLACK, &HR_YELLOW,
};

const hr_rgb *hr_palette(size_t index)
{
    return palette[index % (sizeof palette / sizeof *palette)];
}

void hr_set_rgb(cairo_t *cr, hr_rgb colour)
{
    cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
}

void hr_set_rgba(cairo_t *cr, hr_rgb colour, double alpha)
{
    cairo_set_source_rgba(cr, colour.r, colour.g, colour.b, alpha);
}

/* ---- text ------------------------------------------------------------- */

PangoLayout *hr_layout_new(cairo_t *cr, const char *text, hr_font font,
                           double width, bool markup)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    PangoFontDescription *desc;

    if (!layout)
        return NULL;
    desc = pango_font_description_new();
    pango_font_description_set_family(desc, "DejaVu Sans,Sans");
    pango_font_description_set_absolute_size(desc, font.size * PANGO_SCALE);
    pango_font_description_set_weight(
        desc, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(
        desc, font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    if (width > 0.0) {
        pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    if (markup)
        pango_layout_set_markup(layout, text, -1);
    else
        pango_layout_set_text(layout, text, -1);
    return layout;
}

void hr_layout_size(PangoLayout *layout, double *width, double *height)
{
    int w, h;

    pango_layout_get_size(layout, &w, &h);
    *width = (double)w / PANGO_SCALE;
    *height = (double)h / PANGO_SCALE;
}

void hr_text_size(cairo_t *cr, const char *text, hr_font font,
                  double *width, double *height)
{
    PangoLayout *layout = hr_layout_new(cr, text, font, 0.0, false);

    *width = *height = 0.0;
    if (!layout)
        return;
    hr_layout_size(layout, width, height);
    g_object_unref(layout);
}

void hr_layout_draw(cairo_t *cr, PangoLayout *layout, double x, double y)
{
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    cairo_new_path(cr);
}

void hr_text_draw(cairo_t *cr, const char *text, hr_font font, double x,
                  double y, double ax, double ay)
{
    PangoLayout *layout = hr_layout_new(cr, text, font, 0.0, false);
    double width, height;

    if (!layout)
        return;
    hr_layout_size(layout, &width, &height);
    hr_layout_draw(cr, layout, x - ax * width, y - ay * height);
    g_object_unref(layout);
}

/* ---- numbers ---------------------------------------------------------- */

/* Inserts a comma between each group of three integer digits. */
static void group_digits(const char *digits, char *out, size_t size)
{
    const char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
    size_t used = 0;

    for (size_t i = 0; digits[i] && used + 1 < size; i++) {
        if (i > 0 && i < int_len && (int_len - i) % 3 == 0)
            out[used++] = ',';
        if (used + 1 < size)
            out[used++] = digits[i];
    }
    out[used] = '\0';
}

char *hr_format_grouped(double value, int decimals, char *out, size_t size)
{
    char digits[64];
    bool negative;

    if (!isfinite(value)) {
        snprintf(out, size, "n/a");
        return out;
    }
    if (fabs(value) >= 1e15) {
        snprintf(out, size, "%.3g", value);
        return out;
    }
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(value));
    negative = value < 0.0 && strspn(digits, "0.") != strlen(digits);
    if (negative && size > 1) {
        out[0] = '-';
        group_digits(digits, out + 1, size - 1);
    } else {
        group_digits(digits, out, size);
    }
    return out;
}

char *hr_format_sig(double value, char *out, size_t size)
{
    double magnitude = fabs(value);
    int decimals;

    if (!isfinite(value) || magnitude >= 100.0 || value == 0.0)
        return hr_format_grouped(value, 0, out, size);
    /* three significant digits, written out in full: 0.0123, 4.56 */
    decimals = 2 - (int)floor(log10(magnitude));
    hr_format_grouped(value, decimals < 9 ? decimals : 9, out, size);
    /* 12.0 reads better as 12 */
    if (strchr(out, '.')) {
        size_t n = strlen(out);

        while (n > 0 && out[n - 1] == '0')
            out[--n] = '\0';
        if (n > 0 && out[n - 1] == '.')
            out[--n] = '\0';
    }
    return out;
}

char *hr_format_compact(double value, char *out, size_t size)
{
    double magnitude = fabs(value);

    if (magnitude >= 1e6)
        snprintf(out, size, "%gM", value / 1e6);
    else if (magnitude >= 1e3)
        snprintf(out, size, "%gk", value / 1e3);
    else
        snprintf(out, size, "%g", value);
    return out;
}

double hr_nice_up(double value)
{
    double decade, fraction;

    if (!(value > 0.0) || !isfinite(value))
        return 1.0;
    decade = pow(10.0, floor(log10(value)));
    fraction = value / decade;
    if (fraction <= 1.0 + 1e-9)
        return decade;
    if (fraction <= 2.0 + 1e-9)
        return 2.0 * decade;
    if (fraction <= 5.0 + 1e-9)
        return 5.0 * decade;
    return 10.0 * decade;
}

double hr_nice_step(double range, int count)
{
    return hr_nice_up(range / (count > 0 ? count : 1));
}

void hr_canvas_init(hr_canvas *c, cairo_t *cr, double x, double y,
                    double width, double height, double body)
{
    c->cr = cr;
    c->x = x;
    c->y = y;
    c->width = width;
    c->height = height;
    c->body = (hr_font){body, false, false};
    c->title = (hr_font){body * 1.3, true, false};
    c->small = (hr_font){body * 0.85, false, false};
    c->em = body;
    c->line = body / 9.0;
    c->pad = body * 0.6;
}

void hr_canvas_begin(const hr_canvas *c)
{
    cairo_save(c->cr);
    cairo_rectangle(c->cr, c->x, c->y, c->width, c->height);
    cairo_clip(c->cr);
    hr_set_rgb(c->cr, HR_WHITE);
    cairo_paint(c->cr);
}

void hr_text_vertical(cairo_t *cr, const char *text, hr_font font, double x,
                      double y)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -HR_PI / 2);
    hr_text_draw(cr, text, font, 0.0, 0.0, 0.5, 0.0);
    cairo_restore(cr);
}

void hr_path_diamond(cairo_t *cr, double x, double y, double r)
{
    cairo_move_to(cr, x, y - r);
    cairo_line_to(cr, x + r, y);
    cairo_line_to(cr, x, y + r);
    cairo_line_to(cr, x - r, y);
    cairo_close_path(cr);
}

void hr_path_circle(cairo_t *cr, double x, double y, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, r, 0.0, 2 * HR_PI);
}

hr_status hr_from_cairo(cairo_status_t status)
{
    if (status == CAIRO_STATUS_SUCCESS)
        return HR_OK;
    if (status == CAIRO_STATUS_NO_MEMORY)
        return HR_ERR_NOMEM;
    if (status == CAIRO_STATUS_WRITE_ERROR ||
        status == CAIRO_STATUS_FILE_NOT_FOUND)
        return HR_ERR_IO;
    return HR_ERR_OUTPUT;
}

hr_status hr_png_write(const char *path, int width, int height,
                       hr_png_drawer draw, const void *arg)
{
    cairo_surface_t *surface;
    cairo_t *cr = NULL;
    hr_status status;

    if (!path || width <= 0 || height <= 0)
        return HR_ERR_DOMAIN;
    surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    status = hr_from_cairo(cairo_surface_status(surface));
    if (status != HR_OK)
        goto cleanup;
    cr = cairo_create(surface);
    status = hr_from_cairo(cairo_status(cr));
    if (status == HR_OK)
        status = draw(cr, arg, width, height);
    if (status != HR_OK)
        goto cleanup;
    cairo_surface_flush(surface);
    status = hr_from_cairo(cairo_surface_write_to_png(surface, path));
cleanup:
    if (cr)
        cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return status;
}
