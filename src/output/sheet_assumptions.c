/*
 * sheet_assumptions.c - the Assumptions sheet: every input of the plan
 * (the intraday factor, each series' milestone values, peak multipliers,
 * named peaks and shares, each tier's requests per unit, service time
 * and servers, the latency targets and the fixed limits), one a row, with
 * its unit, provenance, source and defined name.
 *
 * Inputs are named cells in the input look with a data validation (no
 * negative values, shares from 0 to 100 %, whole servers), so a reader
 * may change them and the formulas of the other sheets follow. A
 * milestone value the document leaves empty is not an input: beyond the
 * given milestones it is a formula (the driver series' growth, or the
 * last span's growth continued, as project.c fills it) unless it is the
 * series' fitted logistic; between them it is read off the monotone
 * curve. Fitted values are computed by headroom.
 */
#include "output/sheet.h"

#include <math.h>
#include <stdio.h>
#include <strings.h>

/* Room for a composed input name or source text. */
#define TEXT_SIZE 512

/* Characters of a line of the note above the table. */
#define NOTE_CHARS 120

static const char *const input_titles[] = {
    "Input", "Name", "Value", "Unit", "Provenance", "Source", "Defined name"};

#define INPUT_COLUMNS HR_SHEET_COUNT(input_titles)
#define VALUE_COL 2

/* What each kind of input accepts. */
static const hr_input_rule non_negative = {HR_INPUT_AT_LEAST, 0, 0,
                                           "enter a number of 0 or more"};
static const hr_input_rule multiplier = {HR_INPUT_AT_LEAST, 0, 0,
                                         "a multiplier cannot be negative"};
static const hr_input_rule percentage = {HR_INPUT_BETWEEN, 0, 100,
                                         "enter a percentage from 0 to 100"};
static const hr_input_rule positive = {HR_INPUT_ABOVE, 0, 0,
                                       "enter a number above 0"};
static const hr_input_rule whole_servers = {
    HR_INPUT_WHOLE, 1, 0, "enter a whole number of servers, 1 or more"};

/* One row of the sheet. rule NULL: not an input (see value_role). */
typedef struct input_row {
    const char *kind;
    const char *label;
    double value;
    hr_num_kind format;
    const char *unit;
    const char *provenance;
    const char *source;
    const char *name;
    const hr_input_rule *rule;
} input_row;

/* Provenance of an input that carries only a source text: the model
 * marks its author's choices by starting the source with "assumed"
 * (models/doctrina.yaml); any other source cites the document. */
static const char *source_provenance(const char *source)
{
    if (!source || !*source)
        return "not stated";
    if (strncasecmp(source, "assumed", 7) == 0)
        return hr_provenance_name(HR_ASSUMED);
    return hr_provenance_name(HR_FROM_DOCUMENT);
}

/* Writes the text columns of a row. */
static void write_row_text(hr_sheet *sheet, lxw_row_t row, const input_row *in)
{
    hr_sheet_text(sheet, row, 0, in->kind, NULL);
    hr_sheet_text(sheet, row, 1, in->label, NULL);
    hr_sheet_text(sheet, row, 3, in->unit, NULL);
    hr_sheet_text(sheet, row, 4, in->provenance, NULL);
    hr_sheet_text(sheet, row, 5, in->source, NULL);
    hr_sheet_text(sheet, row, 6, in->name, NULL);
}

/* Writes one input row; returns the next row. */
static lxw_row_t write_input(hr_sheet *sheet, lxw_row_t row,
                             const input_row *in)
{
    /* The unit has its own column; the number format shows none. */
    hr_num_style style = {in->format, HR_CELL_INPUT, NULL};

    write_row_text(sheet, row, in);
    hr_sheet_input(sheet, row, VALUE_COL, in->name, in->value, &style,
                   in->rule);
    return row + 1;
}

/* The intraday peak factor. */
static lxw_row_t write_model_inputs(hr_plan_book *book, hr_sheet *sheet,
                                    lxw_row_t row)
{
    const hr_model *model = book->plan->model;
    input_row intraday = {"model",
                          "Intraday peak factor (busiest hour / daily mean)",
                          model->intraday_peak_factor,
                          HR_NUM_TWO,
                          "x",
                          source_provenance(model->intraday_source),
                          model->intraday_source,
                          book->names.intraday,
                          &multiplier};

    return write_input(sheet, row, &intraday);
}

/* ---- milestone values ------------------------------------------------ */

/* Nearest given milestone before (step -1) or after (step +1) index, as
 * project.c looks for it; -1 when none. */
static long nearest_given(const hr_series *series, size_t count, long index,
                          int step)
{
    for (long i = index + step; i >= 0 && (size_t)i < count; i += step)
        if (series->values[i].given)
            return i;
    return -1;
}

/* The growth of the span anchor..second continued to milestone k, in
 * log space when both values are positive (project.c, log_line()). */
static void continue_growth(char *out, size_t size, const hr_plan_book *book,
                            size_t s, long k, long anchor, long second)
{
    const hr_milestone *m = book->plan->model->milestones;
    const char *a = hr_plan_value_name(book, s, (size_t)anchor);
    const char *b = hr_plan_value_name(book, s, (size_t)second);
    double t = (double)(m[k].month - m[anchor].month) /
               (double)(m[second].month - m[anchor].month);

    snprintf(out, size,
             "IF(AND(%s>0,%s>0),EXP(LN(%s)+%.17g*(LN(%s)-LN(%s))),"
             "%s+%.17g*(%s-%s))",
             a, b, a, t, b, a, a, t, b, a);
}

/* How a milestone value the document leaves empty was filled. */
typedef enum fill_kind {
    FILL_BY_DRIVER,  /* formula: the driver series' growth */
    FILL_BY_GROWTH,  /* formula: the last span's growth continued */
    FILL_BY_CURVE,   /* computed: between given values, on the curve */
    FILL_BY_LOGISTIC /* computed: the series' fitted logistic */
} fill_kind;

/* The fitted logistic's value at milestone k, as a formula constant
 * into out; "" when the series' chosen fit is not a usable logistic. */
static const char *logistic_value(char *out, size_t size,
                                  const hr_plan_book *book, size_t s, long k)
{
    const hr_growth_fit *fit = &book->plan->projections[s].fit;

    out[0] = '\0';
    if (fit->usable && fit->kind == HR_GROWTH_LOGISTIC)
        snprintf(
            out, size, "%.17g",
            hr_growth_fit_eval(fit, book->plan->model->milestones[k].month));
    return out;
}

/*
 * Fills series s's empty value at milestone k as project.c does
 * (extrapolate()): beyond the given milestones, the driver series'
 * growth from the nearest given one when the driver's value there is
 * positive; else the series' fitted logistic, a curve headroom computed
 * (its value enters the formula as a number); else the nearest given
 * span's growth continued. The formula goes to out, for the FILL_BY_
 * kinds that are formulas.
 */
static fill_kind fill_formula(char *out, size_t size, const hr_plan_book *book,
                              size_t s, long k)
{
    const hr_model *model = book->plan->model;
    const hr_series *series = &model->series[s];
    const hr_series *driver =
        series->extrapolate_with
            ? hr_model_find_series(model, series->extrapolate_with)
            : NULL;
    size_t count = model->milestone_count;
    long before = nearest_given(series, count, k, -1);
    long after = nearest_given(series, count, k, +1);
    long anchor = after < 0 ? before : after;
    long second = nearest_given(series, count, anchor, after < 0 ? -1 : +1);
    char other[TEXT_SIZE * 2], logistic[64];
    size_t d;

    logistic_value(logistic, sizeof logistic, book, s, k);
    if ((before >= 0 && after >= 0) || anchor < 0)
        return FILL_BY_CURVE;
    if (!driver && logistic[0])
        return FILL_BY_LOGISTIC;
    if (logistic[0])
        snprintf(other, sizeof other, "%s", logistic);
    else if (second >= 0)
        continue_growth(other, sizeof other, book, s, k, anchor, second);
    else if (!driver)
        return FILL_BY_CURVE;
    else
        snprintf(other, sizeof other, "\"n/a\"");
    if (!driver) {
        snprintf(out, size, "%s", other);
        return FILL_BY_GROWTH;
    }
    d = hr_plan_series_index(model, driver);
    snprintf(out, size, "IF(%s>0,%s*%s/%s,%s)",
             hr_plan_value_name(book, d, (size_t)anchor),
             hr_plan_value_name(book, s, (size_t)anchor),
             hr_plan_value_name(book, d, (size_t)k),
             hr_plan_value_name(book, d, (size_t)anchor), other);
    return FILL_BY_DRIVER;
}

/* The source of a value the document leaves empty, into buffer. */
static const char *filled_source(char *buffer, size_t size,
                                 const hr_plan_book *book,
                                 const hr_series *series, fill_kind kind)
{
    static const char *const how[] = {
        [FILL_BY_DRIVER] = "filled by formula from the growth of ",
        [FILL_BY_GROWTH] = "filled by formula, continuing the last growth",
        [FILL_BY_CURVE] = "read off the monotone curve through the given "
                          "values; computed by headroom",
        [FILL_BY_LOGISTIC] = "the logistic curve fitted to the given values; "
                             "computed by headroom",
    };
    const hr_series *driver =
        series->extrapolate_with
            ? hr_model_find_series(book->plan->model, series->extrapolate_with)
            : NULL;

    snprintf(buffer, size, "%s; %s%s",
             hr_sheet_or(series->missing_note, "not given"), how[kind],
             kind == FILL_BY_DRIVER && driver
                 ? hr_sheet_name(driver->title, driver->id)
                 : "");
    return buffer;
}

/* One milestone value: an input when given, else a named formula or a
 * named value computed by headroom. */
static void write_value(hr_plan_book *book, hr_sheet *sheet, lxw_row_t row,
                        size_t s, size_t k, input_row *in)
{
    const hr_series *series = &book->plan->model->series[s];
    hr_num_style style = {HR_NUM_SIGNIFICANT, HR_CELL_PLAIN, NULL};
    char formula[TEXT_SIZE * 4], source[TEXT_SIZE];
    fill_kind kind;

    if (series->values[k].given) {
        write_input(sheet, row, in);
        return;
    }
    kind = fill_formula(formula, sizeof formula, book, s, (long)k);
    in->source = filled_source(source, sizeof source, book, series, kind);
    write_row_text(sheet, row, in);
    if (kind == FILL_BY_DRIVER || kind == FILL_BY_GROWTH) {
        hr_sheet_formula(sheet, row, VALUE_COL, in->value, &style, NULL, "%s",
                         formula);
    } else {
        style.role = HR_CELL_COMPUTED;
        hr_sheet_value(sheet, row, VALUE_COL, in->value, &style, NULL);
    }
    hr_sheet_define_name(sheet, row, VALUE_COL, in->name);
}

/* A series at each milestone, as filled in by the projection. */
static lxw_row_t write_milestone_values(hr_plan_book *book, hr_sheet *sheet,
                                        lxw_row_t row, size_t s)
{
    const hr_plan *plan = book->plan;
    const hr_series *series = &plan->model->series[s];
    const hr_projection *p = &plan->projections[s];
    char label[TEXT_SIZE], unit[128];

    hr_sheet_series_unit(unit, sizeof unit, series);
    for (size_t k = 0; k < plan->model->milestone_count; k++, row++) {
        input_row in = {"milestone value",
                        label,
                        p->milestone_value[k],
                        HR_NUM_SIGNIFICANT,
                        unit,
                        hr_provenance_name(p->milestone_provenance[k]),
                        series->source,
                        hr_plan_value_name(book, s, k),
                        &non_negative};

        snprintf(label, sizeof label, "%s at %s",
                 hr_sheet_name(series->title, series->id),
                 hr_sheet_or(plan->model->milestones[k].label, "?"));
        write_value(book, sheet, row, s, k, &in);
    }
    return row;
}

/* ---- peaks, tiers, targets, limits ----------------------------------- */

/* A series' planned peak multiplier, further named peaks and shares. */
static lxw_row_t write_series_peaks(hr_plan_book *book, hr_sheet *sheet,
                                    lxw_row_t row, size_t s)
{
    const hr_series *series = &book->plan->model->series[s];
    const char *title = hr_sheet_name(series->title, series->id);
    char label[TEXT_SIZE];
    input_row in = {"peak multiplier",
                    label,
                    series->peak_multiplier,
                    HR_NUM_TWO,
                    "x",
                    source_provenance(series->peak_source),
                    hr_sheet_or(series->peak_source,
                                "no peak given: the peak is the average"),
                    book->names.peak[s],
                    &multiplier};

    snprintf(label, sizeof label, "%s: planned peak", title);
    row = write_input(sheet, row, &in);
    for (size_t i = 0; i < series->extra_peak_count; i++) {
        const hr_peak *peak = &series->extra_peaks[i];

        in = (input_row){"named peak",
                         label,
                         peak->multiplier,
                         HR_NUM_TWO,
                         "x",
                         source_provenance(peak->source),
                         peak->source,
                         book->names.named_peak[s][i],
                         &multiplier};
        snprintf(label, sizeof label, "%s: %s", title,
                 hr_sheet_or(peak->name, "?"));
        row = write_input(sheet, row, &in);
    }
    for (size_t i = 0; i < series->share_count; i++) {
        const hr_share *share = &series->shares[i];

        /* Shown as a percentage; rounded so that 0.07 shows as 7, not
         * 7.000000000000001. */
        in = (input_row){"share",
                         label,
                         round(share->fraction * 100.0 * 1e9) / 1e9,
                         HR_NUM_ONE,
                         "%",
                         source_provenance(share->source),
                         share->source,
                         book->names.share[s][i],
                         &percentage};
        snprintf(label, sizeof label, "%s: %s", title,
                 hr_sheet_or(share->name, "?"));
        row = write_input(sheet, row, &in);
    }
    return row;
}

/* A tier's requests per unit of its driver, service time and servers. */
static lxw_row_t write_tier_inputs(hr_plan_book *book, hr_sheet *sheet,
                                   lxw_row_t row, size_t t)
{
    const hr_model *model = book->plan->model;
    const hr_tier *tier = &model->tiers[t];
    const hr_series *driver = hr_model_find_series(model, tier->driver);
    const char *title = hr_sheet_name(tier->title, tier->id);
    char label[TEXT_SIZE], unit[TEXT_SIZE];
    input_row in = {"requests per unit",
                    label,
                    tier->requests_per_unit,
                    HR_NUM_SIGNIFICANT,
                    unit,
                    source_provenance(tier->requests_source),
                    tier->requests_source,
                    book->names.requests[t],
                    &non_negative};

    /* A level (users) drives a rate per unit; a rate drives a count. */
    snprintf(unit, sizeof unit, "%s per unit (%s)",
             driver && driver->period == HR_LEVEL ? "req/s" : "requests",
             driver ? hr_sheet_or(driver->unit, "?") : "?");
    snprintf(label, sizeof label, "%s: requests per unit of %s", title,
             driver ? hr_sheet_name(driver->title, driver->id)
                    : hr_sheet_or(tier->driver, "?"));
    row = write_input(sheet, row, &in);

    in = (input_row){"service time",
                     label,
                     tier->service_time_ms,
                     HR_NUM_ONE,
                     "ms",
                     source_provenance(tier->service_source),
                     tier->service_source,
                     book->names.service[t],
                     &positive};
    snprintf(label, sizeof label, "%s: mean service time", title);
    row = write_input(sheet, row, &in);

    in = (input_row){"servers",
                     label,
                     tier->servers,
                     HR_NUM_INTEGER,
                     "servers",
                     source_provenance(tier->servers_source),
                     tier->servers_source,
                     book->names.servers[t],
                     &whole_servers};
    snprintf(label, sizeof label, "%s: servers today", title);
    return write_input(sheet, row, &in);
}

/* Joins a class's label patterns as "a, b, c" into buffer. */
static const char *patterns_text(char *buffer, size_t size,
                                 const hr_target_class *target)
{
    size_t used = 0;

    buffer[0] = '\0';
    for (size_t i = 0; i < target->pattern_count; i++) {
        int n = snprintf(buffer + used, size - used, "%s%s", i ? ", " : "",
                         hr_sheet_or(target->patterns[i], ""));

        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return buffer;
}

/* Each latency target with the labels it applies to. */
static lxw_row_t write_targets(hr_plan_book *book, hr_sheet *sheet,
                               lxw_row_t row)
{
    const hr_model *model = book->plan->model;
    char label[TEXT_SIZE], patterns[TEXT_SIZE];

    for (size_t i = 0; i < model->class_count; i++) {
        const hr_target_class *c = &model->classes[i];
        input_row in = {"latency target", label,
                        c->p95_ms,        HR_NUM_ONE,
                        "ms (p95)",       source_provenance(c->source),
                        c->source,        book->names.target[i],
                        &positive};

        snprintf(label, sizeof label, "%s (labels: %s)",
                 hr_sheet_name(c->title, c->id),
                 patterns_text(patterns, sizeof patterns, c));
        row = write_input(sheet, row, &in);
    }
    return row;
}

/* Each fixed limit. */
static lxw_row_t write_limits(hr_plan_book *book, hr_sheet *sheet,
                              lxw_row_t row)
{
    const hr_model *model = book->plan->model;

    for (size_t i = 0; i < model->limit_count; i++) {
        const hr_limit *l = &model->limits[i];
        input_row in = {"limit",      hr_sheet_name(l->title, l->id),
                        l->value,     HR_NUM_ONE,
                        l->unit,      source_provenance(l->source),
                        l->source,    book->names.limit[i],
                        &non_negative};

        row = write_input(sheet, row, &in);
    }
    return row;
}

/* Title, what the sheet is for, and the legend of cell looks; returns
 * the row for the table's header. */
static lxw_row_t write_intro(hr_sheet *sheet)
{
    lxw_row_t row;

    hr_sheet_text(sheet, 0, 0, "Assumptions: every input of the plan",
                  sheet->book->title);
    row = hr_sheet_note(sheet, 1, 0, NOTE_CHARS,
                        "Change a yellow input and the formulas on the other "
                        "sheets follow: they refer to the inputs by the "
                        "defined names in the last column. Excel refuses "
                        "negative values, shares outside 0-100 % and "
                        "fractional servers.");
    return hr_sheet_legend(sheet, row, 0, HR_SHEET_PROGRAM) + 1;
}

/* Adds the Assumptions sheet: every input, one row each. */
hr_status hr_sheet_write_assumptions(hr_plan_book *book)
{
    const hr_model *model = book->plan->model;
    lxw_row_t header, row;
    hr_sheet sheet;

    hr_sheet_init(&sheet, &book->xlsx, HR_SHEET_ASSUMPTIONS);
    header = write_intro(&sheet);
    hr_sheet_header(&sheet, header, input_titles, INPUT_COLUMNS);
    row = write_model_inputs(book, &sheet, header + 1);
    for (size_t s = 0; s < model->series_count; s++)
        row = write_milestone_values(book, &sheet, row, s);
    for (size_t s = 0; s < model->series_count; s++)
        row = write_series_peaks(book, &sheet, row, s);
    for (size_t t = 0; t < model->tier_count; t++)
        row = write_tier_inputs(book, &sheet, row, t);
    row = write_targets(book, &sheet, row);
    row = write_limits(book, &sheet, row);
    hr_sheet_table(&sheet, header, row - 1, INPUT_COLUMNS - 1, 2);
    hr_sheet_finish(&sheet);
    return hr_sheet_status(&sheet);
}
