/*
 * layout.h - the PDF report's page state and the helpers that the block
 * drawers share: report.c lays out pages and most blocks, tables.c the
 * tables.
 *
 * Coordinates are PostScript points on A4 portrait; y grows down the page.
 */
#ifndef HR_OUTPUT_LAYOUT_H
#define HR_OUTPUT_LAYOUT_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "headroom/plan.h"
#include "output/draw.h"
#include "output/template.h"

/* A4 portrait in PostScript points (ISO 216: 210 x 297 mm). */
#define HR_PAGE_WIDTH 595.0
#define HR_PAGE_HEIGHT 842.0
#define HR_MARGIN_X 50.0
#define HR_MARGIN_TOP 48.0
#define HR_CONTENT_BOTTOM 790.0
#define HR_FOOTER_Y 806.0
#define HR_TEXT_WIDTH (HR_PAGE_WIDTH - 2 * HR_MARGIN_X)

/* Where the layout stands while a report is drawn. */
typedef struct hr_doc {
    cairo_t *cr;
    cairo_surface_t *surface;
    const hr_plan *plan;
    const hr_template *template_;
    char *title;             /* plain report title, for the footers */
    double y;                /* top of the free space on the page */
    int page;                /* 1-based */
    int total;               /* pages in the report; 0 while counting */
    int figures;             /* figures numbered so far */
    int tables;              /* tables numbered so far */
    bool outline;            /* add headings to the PDF outline */
    hr_status status;        /* first failure */
} hr_doc;

/* Ends the page with its footer and starts the next one. */
void hr_doc_new_page(hr_doc *doc);

/* Starts a new page unless height fits below the cursor (or the page is
 * still empty). Returns true when it started one. */
bool hr_doc_room(hr_doc *doc, double height);

/* Height of markup wrapped to width; draws it at (x, y) in the current
 * colour when draw is true. */
double hr_doc_markup(hr_doc *doc, const char *markup, hr_font font,
                     double x, double y, double width, bool draw);

/* Appends template text with its placeholders filled in (escaped). */
void hr_append_expanded(GString *out, const hr_plan *plan, const char *text);

/* Appends text with the markup characters escaped. */
void hr_append_escaped(GString *out, const char *text);

/* Appends a provenance word behind a square in its colour. */
void hr_append_provenance(GString *out, hr_provenance provenance);

/* Samples in the plan's measured data; 0 without data. */
size_t hr_plan_samples(const hr_plan *plan);

/* Draws a table block, splitting it over pages when it is long. */
void hr_report_table(hr_doc *doc, const hr_block *block);

#endif
