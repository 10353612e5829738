/*
 * sheet_sensitivity.c - the Sensitivity sheet: for every tier, each
 * assumption the plan moves (service time, peak multiplier, growth) at
 * -20 %, as planned and +20 %, with the servers needed at the last
 * milestone's peak and the first month today's servers fall short.
 *
 * Each count comes from headroom's search for the fewest servers, and
 * each month from its month-by-month check of the growth curve, so they
 * are values computed by headroom (grey), not formulas. The swing, the
 * spread of the servers between -20 % and +20 %, is a formula over them;
 * the row of the input with the largest swing, the one the plan calls
 * most sensitive, is coloured by a conditional format.
 */
#include "output/sheet.h"

#include <stdio.h>
#include <stdlib.h>

/* Characters of a line of the notes under the table, and the widest the
 * tier names grow. */
#define NOTE_CHARS 140
#define TEXT_CAP 30

/* Words: no server count meets the target; today's servers last the
 * horizon; the swing of a case without a count; the marks of the most
 * sensitive input, and of a tier no input moves. */
#define NO_COUNT "none"
#define NO_BREACH "never"
#define UNBOUNDED "unbounded"
#define MOST "most sensitive"
#define NO_INPUT "none"

/* The three cases of each input, as the plan orders them. */
#define CASES 3

static const hr_num_style integer = {HR_NUM_INTEGER, HR_CELL_PLAIN, NULL};
static const hr_num_style computed = {HR_NUM_INTEGER, HR_CELL_COMPUTED, NULL};

/* A case's name: "-20 %", "as planned" or "+20 %", into buffer. */
static const char *case_name(char *buffer, size_t size, int i)
{
    if (i == 1)
        snprintf(buffer, size, "as planned");
    else
        snprintf(buffer, size, "%+g %%", (i - 1) * HR_SENSITIVITY_STEP * 100.0);
    return buffer;
}

/* Titles; the servers' name the last milestone. */
static void write_header(hr_sheet *sheet, const hr_model *model)
{
    const hr_milestone *last = &model->milestones[model->milestone_count - 1];
    char title[256], name[32];

    hr_sheet_header_cell(sheet, 0, HR_SENS_TIER, "Tier");
    hr_sheet_header_cell(sheet, 0, HR_SENS_TODAY, "Servers today");
    hr_sheet_header_cell(sheet, 0, HR_SENS_INPUT, "Input moved");
    for (int i = 0; i < CASES; i++) {
        case_name(name, sizeof name, i);
        snprintf(title, sizeof title, "Servers at %s, %s",
                 hr_sheet_or(last->label, "last milestone"), name);
        hr_sheet_header_cell(sheet, 0, (lxw_col_t)(HR_SENS_SERVERS + i), title);
        snprintf(title, sizeof title, "Breach month, %s", name);
        hr_sheet_header_cell(sheet, 0, (lxw_col_t)(HR_SENS_BREACH + i), title);
    }
    hr_sheet_header_cell(sheet, 0, HR_SENS_SWING, "Swing (servers)");
    hr_sheet_header_cell(sheet, 0, HR_SENS_MOST, "Most sensitive");
}

/* The swing: |servers at +step - servers at -step|, a formula, or
 * "unbounded" when either case has no count (the plan then counts the
 * swing as the largest). */
static void write_swing(hr_sheet *sheet, lxw_row_t row,
                        const hr_sensitivity *moved)
{
    int low = moved->servers[0], high = moved->servers[CASES - 1];
    char a[HR_XLSX_REF_SIZE], b[HR_XLSX_REF_SIZE];

    hr_xlsx_cell(a, row, HR_SENS_SERVERS, 0);
    hr_xlsx_cell(b, row, HR_SENS_SERVERS + CASES - 1, 0);
    hr_sheet_formula(sheet, row, HR_SENS_SWING,
                     low < 0 || high < 0 ? HR_SHEET_NAN : abs(high - low),
                     &integer, UNBOUNDED,
                     "IF(AND(ISNUMBER(%s),ISNUMBER(%s)),ABS(%s-%s),"
                     "\"" UNBOUNDED "\")",
                     a, b, b, a);
}

/* One tier with one input moved. */
static void write_row(hr_plan_book *book, hr_sheet *sheet, size_t t,
                      hr_sensitivity_input input)
{
    const hr_tier_plan *tier = &book->plan->tiers[t];
    const hr_sensitivity *moved = &tier->sensitivity[input];
    lxw_row_t row = hr_sensitivity_row(t, input);

    hr_sheet_text(sheet, row, HR_SENS_TIER,
                  hr_sheet_name(tier->tier->title, tier->tier->id), NULL);
    hr_sheet_formula(sheet, row, HR_SENS_TODAY, tier->tier->servers, &integer,
                     NULL, "%s", book->names.servers[t]);
    hr_sheet_text(sheet, row, HR_SENS_INPUT, hr_sensitivity_name(input), NULL);
    for (int i = 0; i < CASES; i++) {
        int servers = moved->servers[i], month = moved->breach_month[i];

        hr_sheet_value(sheet, row, (lxw_col_t)(HR_SENS_SERVERS + i),
                       servers < 0 ? HR_SHEET_NAN : servers, &computed,
                       NO_COUNT);
        hr_sheet_value(sheet, row, (lxw_col_t)(HR_SENS_BREACH + i),
                       month < 0 ? HR_SHEET_NAN : month, &computed, NO_BREACH);
    }
    write_swing(sheet, row, moved);
    if (tier->most_sensitive == input)
        hr_sheet_text(sheet, row, HR_SENS_MOST, MOST, NULL);
    else if (tier->most_sensitive == HR_SENSITIVITY_COUNT)
        hr_sheet_text(sheet, row, HR_SENS_MOST, NO_INPUT, NULL);
}

/* How the table was made, below it. */
static void write_notes(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row)
{
    const hr_model *model = book->plan->model;
    const hr_milestone *last = &model->milestones[model->milestone_count - 1];
    char text[1024];

    snprintf(text, sizeof text,
             "Each input is moved by -%g %% and +%g %% with the others as "
             "planned. Servers (grey): computed by headroom, the fewest "
             "servers whose response p95 meets the tier's target at the "
             "peak of %s (month %d), a search over server counts; \"" NO_COUNT
             "\": no count meets it. Breach month (grey): computed by "
             "headroom, the first month whose peak today's servers cannot "
             "carry within the target; \"" NO_BREACH "\": they last the "
             "horizon.",
             HR_SENSITIVITY_STEP * 100.0, HR_SENSITIVITY_STEP * 100.0,
             hr_sheet_or(last->label, "the last milestone"), last->month);
    row = hr_sheet_note(sheet, row, 0, NOTE_CHARS, text);
    snprintf(text, sizeof text,
             "Service time and peak multiplier are scaled by %g and %g. "
             "Growth is moved in its exponent: a month's value v becomes "
             "v0 (v / v0)^(1 \u00B1 %g), with v0 the value at month 0 "
             "(^%g at -%g %%, ^%g at +%g %%), so early months change little "
             "and late ones much, as a slower or faster take-off would.",
             1.0 - HR_SENSITIVITY_STEP, 1.0 + HR_SENSITIVITY_STEP,
             HR_SENSITIVITY_STEP, 1.0 - HR_SENSITIVITY_STEP,
             HR_SENSITIVITY_STEP * 100.0, 1.0 + HR_SENSITIVITY_STEP,
             HR_SENSITIVITY_STEP * 100.0);
    row = hr_sheet_note(sheet, row, 0, NOTE_CHARS, text);
    snprintf(text, sizeof text,
             "Swing = |servers at +%g %% - servers at -%g %%|, a formula; "
             "\"" UNBOUNDED "\" when a case has no count. The input with "
             "the largest swing is the tier's most sensitive (its row is "
             "coloured); \"" NO_INPUT "\" when no input moves the servers.",
             HR_SENSITIVITY_STEP * 100.0, HR_SENSITIVITY_STEP * 100.0);
    hr_sheet_note(sheet, row, 0, NOTE_CHARS, text);
}

/* Adds the Sensitivity sheet: three rows per tier. */
hr_status hr_sheet_write_sensitivity(hr_plan_book *book)
{
    const hr_model *model = book->plan->model;
    lxw_row_t last = (lxw_row_t)(model->tier_count * HR_SENSITIVITY_COUNT);
    hr_sheet sheet;

    hr_sheet_init(&sheet, &book->xlsx, HR_SHEET_SENSITIVITY);
    hr_sheet_cap_width(&sheet, HR_SENS_TIER, TEXT_CAP);
    if (model->milestone_count > 0) {
        write_header(&sheet, model);
        for (size_t t = 0; t < model->tier_count; t++)
            for (int i = 0; i < HR_SENSITIVITY_COUNT; i++)
                write_row(book, &sheet, t, (hr_sensitivity_input)i);
        write_notes(book, &sheet, last + 2);
    }
    if (last > 0)
        hr_sheet_rag_rows(&sheet, 1, last, HR_SENS_COLUMNS - 1, HR_SENS_MOST,
                          MOST, HR_RAG_AMBER);
    hr_sheet_table(&sheet, 0, last, HR_SENS_COLUMNS - 1, HR_SENS_INPUT + 1);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
