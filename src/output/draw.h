/*
 * draw.h - drawing and number-formatting helpers shared by the charts
 * (chart.c, usl_chart.c) and the PDF report (report.c).
 *
 * Text is set with Pango in "DejaVu Sans" (falling back to any sans font),
 * sized in cairo user units so that the same call serves PNG pixels and
 * PDF points. Colours come from the Okabe-Ito palette, which stays
 * distinguishable under the common forms of colour blindness (Okabe and
 * Ito, "Color Universal Design", 2008).
 */
#ifndef HR_OUTPUT_DRAW_H
#define HR_OUTPUT_DRAW_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"

#define HR_PI 3.14159265358979323846

typedef struct hr_rgb {
    double r, g, b;
} hr_rgb;

/* Okabe-Ito colours, and the greys used for text and rules. */
extern const hr_rgb HR_BLACK, HR_ORANGE, HR_SKY_BLUE, HR_GREEN, HR_YELLOW,
    HR_BLUE, HR_VERMILLION, HR_PURPLE;
extern const hr_rgb HR_TEXT, HR_MUTED, HR_GRID, HR_RULE, HR_SHADE, HR_WHITE,
    HR_NEUTRAL;

/* The palette in the order series and milestones take their colours. */
const hr_rgb *hr_palette(size_t index);

void hr_set_rgb(cairo_t *cr, hr_rgb colour);
void hr_set_rgba(cairo_t *cr, hr_rgb colour, double alpha);

typedef struct hr_font {
    double size;             /* em size in user units (px or pt) */
    bool bold;
    bool italic;
} hr_font;

/*
 * A Pango layout of text in font, wrapped at width when width > 0.
 * When markup is true the text is Pango markup. The caller unrefs it with
 * g_object_unref(). NULL when Pango could not make one.
 */
PangoLayout *hr_layout_new(cairo_t *cr, const char *text, hr_font font,
                           double width, bool markup);

/* Logical width and height of a layout in user units. */
void hr_layout_size(PangoLayout *layout, double *width, double *height);

/* Width and height of one line of plain text. */
void hr_text_size(cairo_t *cr, const char *text, hr_font font,
                  double *width, double *height);

/*
 * Draws plain text so that its anchor sits at (x, y): ax and ay are 0 for
 * the left or top edge, 0.5 for the centre and 1 for the right or bottom.
 * Uses the current source colour.
 */
void hr_text_draw(cairo_t *cr, const char *text, hr_font font, double x,
                  double y, double ax, double ay);

/* Draws a layout with its top-left corner at (x, y). */
void hr_layout_draw(cairo_t *cr, PangoLayout *layout, double x, double y);

/*
 * Formats value with thousands separators and the given number of
 * decimals into out (size bytes): 1234567.8 -> "1,234,568" with 0.
 * Non-finite values become "n/a". Returns out.
 */
char *hr_format_grouped(double value, int decimals, char *out, size_t size);

/* Formats with about three significant digits and separators: 0.0123,
 * 1.23, 12.3, 123, 1,234, 12,345. Returns out. */
char *hr_format_sig(double value, char *out, size_t size);

/* Short axis label: 500, 2k, 10k, 1.5M. Returns out. */
char *hr_format_compact(double value, char *out, size_t size);

/* Rounds up to the next 1-2-5 step of the decade: 3.2 -> 5, 7 -> 10. */
double hr_nice_up(double value);

/* A 1-2-5 step that splits range into about count intervals. */
double hr_nice_step(double range, int count);

/* The rectangle a chart fills, with the sizes derived from it. */
typedef struct hr_canvas {
    cairo_t *cr;
    double x, y, width, height;
    hr_font title;
    hr_font body;
    hr_font small;
    double em;   /* body text size */
    double line; /* base line width */
    double pad;  /* base spacing */
} hr_canvas;

/*
 * Fills c for the rectangle (x, y, width, height) on cr with body text of
 * em size body: titles 1.3 times and small text 0.85 times as large, lines
 * body / 9 wide and spacing 0.6 body.
 */
void hr_canvas_init(hr_canvas *c, cairo_t *cr, double x, double y,
                    double width, double height, double body);

/*
 * Saves the cairo state, clips to the canvas and paints it white. The
 * caller ends the drawing with cairo_restore().
 */
void hr_canvas_begin(const hr_canvas *c);

/* Draws text reading upwards, the middle of its top edge at (x, y). */
void hr_text_vertical(cairo_t *cr, const char *text, hr_font font, double x,
                      double y);

/* Adds a closed diamond path of half-diagonal r centred on (x, y). */
void hr_path_diamond(cairo_t *cr, double x, double y, double r);

/* Adds a closed circle path of radius r centred on (x, y). */
void hr_path_circle(cairo_t *cr, double x, double y, double r);

/* Maps a cairo status onto headroom's. */
hr_status hr_from_cairo(cairo_status_t status);

/* Draws one picture into cr at (0, 0, width, height). */
typedef hr_status (*hr_png_drawer)(cairo_t *cr, const void *arg, int width,
                                   int height);

/*
 * Writes a width x height PNG to path, drawn by draw(cr, arg, ...).
 * HR_ERR_DOMAIN for no path or a non-positive size.
 */
hr_status hr_png_write(const char *path, int width, int height,
                       hr_png_drawer draw, const void *arg);

#endif
