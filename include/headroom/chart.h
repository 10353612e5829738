/*
 * chart.h - the plan's charts, drawn with cairo onto any surface.
 *
 * Each chart draws into a rectangle of a cairo context, so the same code
 * makes the PNG files and the vector charts inside the PDF report.
 */
#ifndef HEADROOM_CHART_H
#define HEADROOM_CHART_H

#include <cairo.h>

#include "headroom/error.h"
#include "headroom/plan.h"

typedef enum hr_chart_kind {
    HR_CHART_GROWTH,         /* users and peak requests over the months */
    HR_CHART_SERVERS,        /* required servers per tier and milestone */
    HR_CHART_LATENCY,        /* measured p95 per label against target */
    HR_CHART_COUNT
} hr_chart_kind;

/* File stem of a chart ("growth", "servers", "latency"). */
const char *hr_chart_name(hr_chart_kind kind);

/* Looks a chart up by its file stem; returns HR_CHART_COUNT if unknown. */
hr_chart_kind hr_chart_from_name(const char *name);

/* Draws a chart with its title, axes, units and legend into the
 * rectangle (x, y, width, height), in cairo user units (points for PDF,
 * pixels for PNG). */
hr_status hr_chart_draw(cairo_t *cr, const hr_plan *plan, hr_chart_kind kind,
                        double x, double y, double width, double height);

/* Renders a chart to a PNG file at the given pixel size. */
hr_status hr_chart_write_png(const hr_plan *plan, hr_chart_kind kind,
                             const char *path, int width, int height);

#endif
