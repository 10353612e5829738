/*
 * report.h - PDF reports laid out from a template (cairo and Pango).
 *
 * A template (YAML, see templates/capacity-plan.yaml) lists pages and, on
 * each, blocks in order: headings, paragraphs, key figures, tables and
 * charts, with their titles. The layout engine knows how to draw each
 * kind of block; what a report says and in which order lives in the
 * template, so later reports share the engine.
 */
#ifndef HEADROOM_REPORT_H
#define HEADROOM_REPORT_H

#include "headroom/error.h"
#include "headroom/plan.h"

typedef struct hr_template hr_template;

/* Reads a template; errors go to diags with file:line:column. */
hr_status hr_template_load(const char *path, hr_template **out,
                           hr_diags *diags);
void hr_template_free(hr_template *template_);

/* Number of pages the template lays out. */
size_t hr_template_page_count(const hr_template *template_);

/* Writes the plan's PDF report to path (which the caller makes atomic). */
hr_status hr_report_write_pdf(const hr_plan *plan,
                              const hr_template *template_,
                              const char *path);

#endif
