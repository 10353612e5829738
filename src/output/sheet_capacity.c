/*
 * sheet_capacity.c - the Capacity sheet: every tier at every milestone's
 * peak, as an M/M/c queue with today's servers and with the fewest
 * servers that meet the tier's p95 target.
 */
#include "output/sheet.h"

#include <math.h>

/* Seconds to milliseconds. */
#define MS_PER_S 1000.0

static const char *const capacity_titles[] = {"Tier",
                                              "Milestone",
                                              "Month",
                                              "Driver series",
                                              "Arrival rate (req/s)",
                                              "Service time (ms)",
                                              "Servers today",
                                              "Utilisation today",
                                              "p95 today (ms)",
                                              "Target class",
                                              "Target p95 (ms)",
                                              "Meets target today",
                                              "Required servers",
                                              "Servers to add",
                                              "Utilisation at required",
                                              "p95 at required (ms)",
                                              "Breach month"};

#define CAPACITY_COLUMNS HR_SHEET_COUNT(capacity_titles)

/* The target in ms, NaN when the tier has none. */
static double target_ms(const hr_tier_plan *tier)
{
    return tier->target ? tier->target->p95_ms : HR_SHEET_NAN;
}

/* "yes" when today's servers meet the target, "no" when they do not or
 * the queue is saturated, "n/a" without a target. */
static const char *meets_today(const hr_tier_plan *tier,
                               const hr_tier_point *at)
{
    double p95_ms = at->current_p95_s * MS_PER_S;

    if (!tier->target)
        return "n/a";
    if (at->current.saturated || !isfinite(p95_ms))
        return "no";
    return p95_ms <= tier->target->p95_ms ? "yes" : "no";
}

/* Today's servers at this point: inputs, utilisation, p95, verdict. */
static void write_today(hr_sheet *sheet, lxw_row_t row,
                        const hr_tier_plan *tier, const hr_tier_point *at)
{
    const hr_tier *t = tier->tier;

    hr_sheet_number(sheet, row, 4, at->arrival_rate, HR_NUM_SIGNIFICANT, NULL);
    hr_sheet_number(sheet, row, 5, t->service_time_ms, HR_NUM_ONE, NULL);
    hr_sheet_number(sheet, row, 6, t->servers, HR_NUM_INTEGER, NULL);
    hr_sheet_number(sheet, row, 7, at->current.utilization, HR_NUM_PERCENT,
                    NULL);
    hr_sheet_number(sheet, row, 8,
                    at->current.saturated ? HR_SHEET_NAN
                                          : at->current_p95_s * MS_PER_S,
                    HR_NUM_ONE, "saturated");
    hr_sheet_text(sheet, row, 9,
                  tier->target
                      ? hr_sheet_name(tier->target->title, tier->target->id)
                      : "none",
                  NULL);
    hr_sheet_number(sheet, row, 10, target_ms(tier), HR_NUM_ONE, NULL);
    hr_sheet_text(sheet, row, 11, meets_today(tier, at), NULL);
}

/* The fewest servers meeting the target, or words when none do. */
static void write_required(hr_sheet *sheet, lxw_row_t row,
                           const hr_tier_plan *tier, const hr_tier_point *at)
{
    int required = at->required_servers;
    int more = required - tier->tier->servers;

    if (required < 0) {
        hr_sheet_text(sheet, row, 12, "cannot meet target",
                      sheet->formats->word);
        hr_sheet_text(sheet, row, 13, "n/a", sheet->formats->word);
        hr_sheet_text(sheet, row, 14, "n/a", sheet->formats->word);
        hr_sheet_text(sheet, row, 15, "n/a", sheet->formats->word);
        return;
    }
    hr_sheet_number(sheet, row, 12, required, HR_NUM_INTEGER, NULL);
    hr_sheet_number(sheet, row, 13, more > 0 ? more : 0, HR_NUM_INTEGER, NULL);
    hr_sheet_number(sheet, row, 14, at->required.utilization, HR_NUM_PERCENT,
                    NULL);
    hr_sheet_number(sheet, row, 15, at->required_p95_s * MS_PER_S, HR_NUM_ONE,
                    NULL);
}

/* One tier at one milestone. */
static void write_capacity_row(hr_sheet *sheet, const hr_plan *plan,
                               lxw_row_t row, const hr_tier_plan *tier,
                               size_t k)
{
    const hr_milestone *milestone = &plan->model->milestones[k];
    const hr_series *driver =
        hr_model_find_series(plan->model, tier->tier->driver);

    hr_sheet_text(sheet, row, 0,
                  hr_sheet_name(tier->tier->title, tier->tier->id), NULL);
    hr_sheet_text(sheet, row, 1, milestone->label, NULL);
    hr_sheet_month(sheet, row, 2, milestone->month, NULL);
    hr_sheet_text(sheet, row, 3,
                  driver ? hr_sheet_name(driver->title, driver->id)
                         : tier->tier->driver,
                  NULL);
    write_today(sheet, row, tier, &tier->at[k]);
    write_required(sheet, row, tier, &tier->at[k]);
    hr_sheet_month(sheet, row, 16, tier->breach_month, "none");
}

/* Adds the Capacity sheet: one row per tier and milestone. */
hr_status hr_sheet_write_capacity(lxw_workbook *book,
                                  const hr_sheet_formats *formats,
                                  const hr_plan *plan)
{
    const hr_model *model = plan->model;
    lxw_row_t row = 1;
    hr_sheet sheet;

    hr_sheet_init(&sheet, book, "Capacity", formats);
    hr_sheet_header(&sheet, 0, capacity_titles, CAPACITY_COLUMNS);
    for (size_t t = 0; t < model->tier_count; t++)
        for (size_t k = 0; k < model->milestone_count; k++)
            write_capacity_row(&sheet, plan, row++, &plan->tiers[t], k);
    hr_sheet_table(&sheet, 0, row - 1, CAPACITY_COLUMNS - 1, 2);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
