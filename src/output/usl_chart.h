/*
 * usl_chart.h - the chart of a Universal Scalability Law fit: measured
 * points, the fitted curve, its peak, the Amdahl asymptote and linear
 * scaling for reference, drawn with cairo and Pango.
 */
#ifndef HR_OUTPUT_USL_CHART_H
#define HR_OUTPUT_USL_CHART_H

#include <cairo.h>
#include <stddef.h>

#include "headroom/error.h"
#include "headroom/usl.h"

/* The words on the chart; every field may be NULL for a generic one. */
typedef struct hr_usl_chart_text {
    const char *title;     /* e.g. "USL fit: data/capacity/x.csv" */
    const char *load_unit; /* e.g. "users"; shown as "load N (users)" */
    const char *rate_unit; /* e.g. "rps"; "throughput X (rps)" */
} hr_usl_chart_text;

/*
 * Draws the chart into the rectangle (x, y, width, height) in cairo user
 * units. usl must be a fit made from the count points. Returns HR_OK,
 * HR_ERR_DOMAIN for a missing argument or an empty rectangle, or the
 * status cairo ended in.
 */
hr_status hr_usl_chart_draw(cairo_t *cr, const hr_usl *usl,
                            const hr_usl_point *points, size_t count,
                            const hr_usl_chart_text *text, double x, double y,
                            double width, double height);

/* Renders the chart to a PNG file of width x height pixels. HR_ERR_IO
 * when the file cannot be written. */
hr_status hr_usl_chart_write_png(const hr_usl *usl, const hr_usl_point *points,
                                 size_t count, const hr_usl_chart_text *text,
                                 const char *path, int width, int height);

#endif
