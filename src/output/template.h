/*
 * template.h - the parsed form of a report template, shared by the template
 * reader (template.c) and the layout engine (report.c).
 *
 * A template names what a report shows: pages of blocks, each block one of
 * a fixed set of kinds. Names in the template (tables, charts, key figures,
 * placeholders) are checked when it is read, so the engine only ever meets
 * names it knows how to draw.
 */
#ifndef HR_OUTPUT_TEMPLATE_H
#define HR_OUTPUT_TEMPLATE_H

#include <stddef.h>

#include "headroom/chart.h"
#include "headroom/report.h"

typedef enum hr_block_kind {
    HR_BLOCK_TITLE,          /* report title, subtitle and run facts */
    HR_BLOCK_HEADING,        /* a section heading */
    HR_BLOCK_PARAGRAPH,      /* Pango markup text with placeholders */
    HR_BLOCK_VERDICT,        /* red or green box with the SLA verdict */
    HR_BLOCK_LEGEND,         /* the provenance words and their meaning */
    HR_BLOCK_KEYFIGURES,     /* a grid of named plan figures */
    HR_BLOCK_TABLE,          /* a named table, paginated */
    HR_BLOCK_CHART,          /* a chart with a caption */
    HR_BLOCK_KIND_COUNT
} hr_block_kind;

typedef enum hr_table_kind {
    HR_TABLE_CAPACITY,       /* tier x milestone planned servers and p95 */
    HR_TABLE_MEASURED,       /* measured labels against targets */
    HR_TABLE_PROVENANCE,     /* milestone values with provenance words */
    HR_TABLE_LIMITS,         /* fixed limits against projected peaks */
    HR_TABLE_SENSITIVITY,    /* servers and breach month, inputs +-step */
    HR_TABLE_GROWTH_FITS,    /* each series' fitted curve and why */
    HR_TABLE_COUNT
} hr_table_kind;

typedef enum hr_figure {
    HR_FIGURE_HORIZON,          /* planning horizon in months */
    HR_FIGURE_FIRST_BREACH,     /* earliest month a tier runs short */
    HR_FIGURE_TIERS_SHORT,      /* tiers short at some milestone */
    HR_FIGURE_TARGETS_MISSED,   /* measured labels over target */
    HR_FIGURE_SERVERS_TODAY,    /* servers in service over all tiers */
    HR_FIGURE_SERVERS_NEEDED,   /* servers needed at the last milestone */
    HR_FIGURE_PEAK_LOAD,        /* total peak requests/s at the horizon */
    HR_FIGURE_SAMPLES,          /* measured samples read */
    HR_FIGURE_MOST_SENSITIVE,   /* input most often the most sensitive */
    HR_FIGURE_COUNT
} hr_figure;

typedef enum hr_placeholder {
    HR_PH_MODEL_NAME,        /* {model.name} */
    HR_PH_MODEL_PATH,        /* {model.path} */
    HR_PH_DOCUMENT,          /* {document} */
    HR_PH_GENERATED_AT,      /* {generated_at}, UTC */
    HR_PH_HORIZON,           /* {horizon}, months */
    HR_PH_TARGETS_MISSED,    /* {targets_missed} */
    HR_PH_TIERS_SHORT,       /* {tiers_short} */
    HR_PH_TIER_COUNT,        /* {tier_count} */
    HR_PH_LABEL_COUNT,       /* {label_count} */
    HR_PH_SAMPLES,           /* {samples} */
    HR_PH_PERCENTILE,        /* {percentile}, e.g. "95th" */
    HR_PH_SENSITIVITY_STEP,  /* {sensitivity_step}, e.g. "20 %" */
    HR_PH_LOAD_FACTOR,       /* {load_factor}: times normal load, "3x" */
    HR_PH_LAST_MILESTONE,    /* {last_milestone}: "3 years (month 36)" */
    HR_PH_COUNT
} hr_placeholder;

typedef struct hr_block {
    hr_block_kind kind;
    char *text;              /* heading and paragraph: raw template text */
    char *caption;           /* chart and table; may be NULL */
    hr_table_kind table;
    hr_chart_kind chart;
    double height_pt;        /* chart height in points */
    hr_figure *figures;      /* keyfigures */
    size_t figure_count;
} hr_block;

typedef struct hr_template_page {
    hr_block *blocks;
    size_t block_count;
} hr_template_page;

struct hr_template {
    char *path;
    char *title;             /* with placeholders */
    char *subtitle;          /* with placeholders; may be NULL */
    hr_template_page *pages;
    size_t page_count;
};

/* Default height of a chart block: about half the text area of A4. */
#define HR_CHART_DEFAULT_HEIGHT_PT 330.0

/* Placeholder named by the length bytes at name; HR_PH_COUNT if unknown. */
hr_placeholder hr_placeholder_find(const char *name, size_t length);

#endif
