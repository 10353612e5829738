/*
 * sheet_measured.c - the Measured sheet: each measured label's latency
 * statistics (nearest-rank percentiles) and verdict against its target,
 * then the files the samples came from.
 */
#include "output/sheet.h"

#include <math.h>

static const char *const label_titles[] = {"Label",
                                           "Samples",
                                           "Errors",
                                           "Error rate",
                                           "Min (ms)",
                                           "Mean (ms)",
                                           "p50 (ms)",
                                           "p95 (ms)",
                                           "p99 (ms)",
                                           "Max (ms)",
                                           "Throughput (req/s)",
                                           "Target class",
                                           "Target p95 (ms)",
                                           "Verdict"};

#define LABEL_COLUMNS HR_SHEET_COUNT(label_titles)

/* One measured label. */
static void write_label_row(hr_sheet *sheet, lxw_row_t row,
                            const hr_label_stats *stats,
                            const hr_label_verdict *verdict)
{
    const hr_target_class *target = verdict ? verdict->target : NULL;

    hr_sheet_text(sheet, row, 0, stats->label, NULL);
    hr_sheet_count(sheet, row, 1, stats->samples);
    hr_sheet_count(sheet, row, 2, stats->errors);
    hr_sheet_number(sheet, row, 3, stats->error_rate, HR_NUM_PERCENT, NULL);
    hr_sheet_number(sheet, row, 4, stats->min_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, 5, stats->mean_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, 6, stats->p50_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, 7, stats->p95_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, 8, stats->p99_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, 9, stats->max_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, 10, stats->throughput_per_s, HR_NUM_SIGNIFICANT,
                    NULL);
    hr_sheet_text(sheet, row, 11,
                  target ? hr_sheet_name(target->title, target->id) : "none",
                  NULL);
    hr_sheet_number(sheet, row, 12, target ? target->p95_ms : HR_SHEET_NAN,
                    HR_NUM_ONE, NULL);
    hr_sheet_text(sheet, row, 13,
                  verdict ? hr_verdict_name(verdict->verdict) : "n/a", NULL);
}

/* The files the samples were read from; returns the next row. */
static lxw_row_t write_sources(hr_sheet *sheet, lxw_row_t row,
                               const hr_sample_set *measured)
{
    static const char *const titles[] = {"Source file", "Format", "Records",
                                         "Skipped rows"};
    size_t count = hr_sample_set_file_count(measured);

    hr_sheet_header(sheet, row++, titles, HR_SHEET_COUNT(titles));
    for (size_t i = 0; i < count; i++, row++) {
        const hr_source_file *file = hr_sample_set_file(measured, i);

        hr_sheet_text(sheet, row, 0, file->path, NULL);
        hr_sheet_text(sheet, row, 1, file->format, NULL);
        hr_sheet_count(sheet, row, 2, file->records);
        hr_sheet_count(sheet, row, 3, file->skipped);
    }
    return row;
}

/* Adds the Measured sheet: the labels, then the source files. */
hr_status hr_sheet_write_measured(lxw_workbook *book,
                                  const hr_sheet_formats *formats,
                                  const hr_plan *plan)
{
    lxw_row_t row = 1;
    hr_sheet sheet;

    hr_sheet_init(&sheet, book, "Measured", formats);
    hr_sheet_header(&sheet, 0, label_titles, LABEL_COLUMNS);
    for (size_t i = 0; i < plan->label_count; i++, row++)
        write_label_row(&sheet, row, &plan->label_stats[i],
                        plan->verdicts ? &plan->verdicts[i] : NULL);
    if (plan->label_count == 0)
        hr_sheet_text(&sheet, row++, 0, "no measured data was given", NULL);
    hr_sheet_table(&sheet, 0, (lxw_row_t)plan->label_count, LABEL_COLUMNS - 1,
                   1);
    if (plan->measured)
        write_sources(&sheet, row + 1, plan->measured);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
