/*
 * sheet_measured.c - the Measured sheet: each measured label's latency
 * statistics (nearest-rank percentiles) and verdict against its target,
 * then the files the samples came from.
 *
 * Labels, file names and formats come from measured data: they are
 * written as strings whatever they start with. The target is a formula
 * over the Assumptions' name of its class, and the verdict a formula
 * (met when p95 <= target, as judge.c), so a changed target re-judges
 * every label.
 */
#include "output/sheet.h"

static const char *const label_titles[HR_MEAS_COLUMNS] = {
    [HR_MEAS_LABEL] = "Label",
    [HR_MEAS_SAMPLES] = "Samples",
    [HR_MEAS_ERRORS] = "Errors",
    [HR_MEAS_ERROR_RATE] = "Error rate",
    [HR_MEAS_MIN] = "Min (ms)",
    [HR_MEAS_MEAN] = "Mean (ms)",
    [HR_MEAS_P50] = "p50 (ms)",
    [HR_MEAS_P95] = "p95 (ms)",
    [HR_MEAS_P99] = "p99 (ms)",
    [HR_MEAS_MAX] = "Max (ms)",
    [HR_MEAS_THROUGHPUT] = "Throughput (req/s)",
    [HR_MEAS_TARGET_CLASS] = "Target class",
    [HR_MEAS_TARGET] = "Target p95 (ms)",
    [HR_MEAS_VERDICT] = "Verdict",
};

/* Target and verdict: formulas when the label has a target. */
static void write_verdict(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                          const hr_label_verdict *verdict)
{
    const hr_target_class *target = verdict ? verdict->target : NULL;
    hr_num_style one = {HR_NUM_ONE, HR_CELL_PLAIN, NULL};
    char p95[HR_XLSX_REF_SIZE], limit[HR_XLSX_REF_SIZE];
    char errors[HR_XLSX_REF_SIZE], samples[HR_XLSX_REF_SIZE];
    size_t index;

    if (!target) {
        hr_sheet_text(sheet, row, HR_MEAS_TARGET_CLASS, "none", NULL);
        hr_sheet_number(sheet, row, HR_MEAS_TARGET, HR_SHEET_NAN, HR_NUM_ONE,
                        NULL);
        hr_sheet_text(sheet, row, HR_MEAS_VERDICT,
                      verdict ? hr_verdict_name(verdict->verdict) : "n/a",
                      NULL);
        return;
    }
    index = (size_t)(target - book->plan->model->classes);
    hr_sheet_text(sheet, row, HR_MEAS_TARGET_CLASS,
                  hr_sheet_name(target->title, target->id), NULL);
    hr_sheet_formula(sheet, row, HR_MEAS_TARGET, target->p95_ms, &one, NULL,
                     "%s", book->names.target[index]);
    hr_xlsx_cell(p95, row, HR_MEAS_P95, 0);
    hr_xlsx_cell(limit, row, HR_MEAS_TARGET, 0);
    hr_xlsx_cell(errors, row, HR_MEAS_ERRORS, 0);
    hr_xlsx_cell(samples, row, HR_MEAS_SAMPLES, 0);
    /* As hr_judge_labels: within target, and some request succeeded. */
    hr_sheet_formula_text(
        sheet, row, HR_MEAS_VERDICT, hr_verdict_name(verdict->verdict),
        "IF(AND(ISNUMBER(%s),ISNUMBER(%s)),"
        "IF(AND(%s<=%s,%s<%s),\"%s\",\"%s\"),\"%s\")",
        p95, limit, p95, limit, errors, samples,
        hr_verdict_name(HR_VERDICT_MET), hr_verdict_name(HR_VERDICT_MISSED),
        hr_verdict_name(verdict->verdict));
}

/* One measured label. */
static void write_label_row(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                            const hr_label_stats *stats,
                            const hr_label_verdict *verdict)
{
    hr_sheet_text(sheet, row, HR_MEAS_LABEL, stats->label, NULL);
    hr_sheet_count(sheet, row, HR_MEAS_SAMPLES, stats->samples);
    hr_sheet_count(sheet, row, HR_MEAS_ERRORS, stats->errors);
    hr_sheet_number(sheet, row, HR_MEAS_ERROR_RATE, stats->error_rate,
                    HR_NUM_PERCENT, NULL);
    hr_sheet_number(sheet, row, HR_MEAS_MIN, stats->min_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, HR_MEAS_MEAN, stats->mean_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, HR_MEAS_P50, stats->p50_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, HR_MEAS_P95, stats->p95_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, HR_MEAS_P99, stats->p99_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, HR_MEAS_MAX, stats->max_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, HR_MEAS_THROUGHPUT, stats->throughput_per_s,
                    HR_NUM_SIGNIFICANT, NULL);
    write_verdict(book, sheet, row, verdict);
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

/* Red, amber and green for the verdicts. */
static void colour_verdicts(hr_sheet *sheet, lxw_row_t last)
{
    const char *const words[] = {hr_verdict_name(HR_VERDICT_MET),
                                 hr_verdict_name(HR_VERDICT_MISSED),
                                 hr_verdict_name(HR_VERDICT_UNJUDGED)};
    static const hr_rag colours[] = {HR_RAG_GREEN, HR_RAG_RED, HR_RAG_AMBER};

    hr_sheet_rag_words(sheet, 1, HR_MEAS_VERDICT, last, HR_MEAS_VERDICT, words,
                       colours, HR_SHEET_COUNT(colours));
}

/* Adds the Measured sheet: the labels, then the source files. */
hr_status hr_sheet_write_measured(hr_plan_book *book)
{
    const hr_plan *plan = book->plan;
    lxw_row_t row = 1;
    hr_sheet sheet;

    hr_sheet_init(&sheet, &book->xlsx, HR_SHEET_MEASURED);
    hr_sheet_header(&sheet, 0, label_titles, HR_MEAS_COLUMNS);
    for (size_t i = 0; i < plan->label_count; i++, row++)
        write_label_row(book, &sheet, row, &plan->label_stats[i],
                        plan->verdicts ? &plan->verdicts[i] : NULL);
    if (plan->label_count == 0)
        hr_sheet_text(&sheet, row++, 0, "no measured data was given", NULL);
    else
        colour_verdicts(&sheet, (lxw_row_t)plan->label_count);
    hr_sheet_table(&sheet, 0, (lxw_row_t)plan->label_count, HR_MEAS_COLUMNS - 1,
                   1);
    if (plan->measured)
        write_sources(&sheet, row + 1, plan->measured);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
