/*
 * summary.c - prints the plan's essentials on one screen: required servers
 * per tier and milestone, when today's capacity runs out, fixed limits,
 * and the measured verdicts.
 */
#include "cli/summary.h"

#include <math.h>
#include <string.h>

/* Writes "month N (label)" or "beyond month H" into buffer. */
static const char *month_words(const hr_plan *plan, int month, char *buffer,
                               size_t size)
{
    const hr_model *model = plan->model;

    if (month < 0) {
        snprintf(buffer, size, "not by month %d", model->horizon_months);
        return buffer;
    }
    for (size_t k = 0; k < model->milestone_count; k++)
        if (model->milestones[k].month == month) {
            snprintf(buffer, size, "month %d (%s)", month,
                     model->milestones[k].label);
            return buffer;
        }
    snprintf(buffer, size, "month %d", month);
    return buffer;
}

static void print_header(FILE *out, const hr_plan *plan)
{
    const hr_model *model = plan->model;

    fprintf(out, "headroom: capacity plan for %s (%s)\n", model->name,
            model->path);
    for (size_t i = 0; plan->measured &&
                       i < hr_sample_set_file_count(plan->measured);
         i++) {
        const hr_source_file *f = hr_sample_set_file(plan->measured, i);

        fprintf(out, "measured: %s (%s, %zu records, %zu skipped)\n",
                f->path, f->format, f->records, f->skipped);
    }
}

static void print_tiers(FILE *out, const hr_plan *plan)
{
    const hr_model *model = plan->model;
    char when[64];

    fprintf(out, "\nservers needed for p95 within target at the peak and "
                 "at 3x normal load\n(M/M/c; service times assumed)\n");
    fprintf(out, "  %-26s %6s", "tier", "today");
    for (size_t k = 0; k < model->milestone_count; k++)
        fprintf(out, " %9s", model->milestones[k].label);
    fprintf(out, "  today's fall short\n");
    for (size_t t = 0; t < model->tier_count; t++) {
        const hr_tier_plan *tp = &plan->tiers[t];

        fprintf(out, "  %-26.26s %6d", tp->tier->title, tp->tier->servers);
        for (size_t k = 0; k < model->milestone_count; k++) {
            if (tp->at[k].planned_servers < 0)
                fprintf(out, " %9s", "none");
            else
                fprintf(out, " %9d", tp->at[k].planned_servers);
        }
        fprintf(out, "  %s\n",
                tp->breach_month < 0
                    ? month_words(plan, -1, when, sizeof when)
                    : month_words(plan, tp->breach_month, when, sizeof when));
    }
}

/* "2402", or "none" when no server count meets the target (as the
 * workbook and the PDF say). */
static const char *count_words(int servers, char *buffer, size_t size)
{
    if (servers < 0)
        snprintf(buffer, size, "none");
    else
        snprintf(buffer, size, "%d", servers);
    return buffer;
}

static void print_sensitivity(FILE *out, const hr_plan *plan)
{
    const hr_model *model = plan->model;
    const char *last = model->milestones[model->milestone_count - 1].label;

    fprintf(out, "\nmost sensitive assumption, servers at %s peak with it "
                 "-%.0f%% / as planned / +%.0f%%\n",
            last, 100 * HR_SENSITIVITY_STEP, 100 * HR_SENSITIVITY_STEP);
    for (size_t t = 0; t < model->tier_count; t++) {
        const hr_tier_plan *tp = &plan->tiers[t];
        /* When no input moves the count, any row shows the same three. */
        const hr_sensitivity *row =
            &tp->sensitivity[tp->most_sensitive == HR_SENSITIVITY_COUNT
                                 ? 0
                                 : tp->most_sensitive];
        char low[16], mid[16], high[16];

        fprintf(out, "  %-26.26s %-16s %7s %7s %7s\n", tp->tier->title,
                hr_sensitivity_name(tp->most_sensitive),
                count_words(row->servers[0], low, sizeof low),
                count_words(row->servers[1], mid, sizeof mid),
                count_words(row->servers[2], high, sizeof high));
    }
}

static void print_limits(FILE *out, const hr_plan *plan)
{
    char when[64];

    for (size_t l = 0; l < plan->model->limit_count; l++) {
        const hr_limit_check *c = &plan->limits[l];

        if (!c->monthly_peak)
            continue;
        fprintf(out, "  %s %g %s: %s\n", c->limit->title, c->limit->value,
                c->limit->unit,
                c->breach_month < 0
                    ? "not reached"
                    : month_words(plan, c->breach_month, when, sizeof when));
    }
}

static void print_measured(FILE *out, const hr_plan *plan)
{
    if (!plan->label_count)
        return;
    fprintf(out, "\nmeasured p95 against target (nearest-rank percentile)\n");
    fprintf(out, "  %-24s %8s %7s %10s %10s  %s\n", "label", "samples",
            "errors", "p95 ms", "target ms", "verdict");
    for (size_t i = 0; i < plan->label_count; i++) {
        const hr_label_verdict *v = &plan->verdicts[i];
        char target[32] = "-";

        if (v->target)
            snprintf(target, sizeof target, "%.0f", v->target->p95_ms);
        fprintf(out, "  %-24.24s %8zu %6.1f%% %10.1f %10s  %s\n",
                v->stats->label, v->stats->samples,
                100.0 * v->stats->error_rate, v->stats->p95_ms, target,
                v->verdict == HR_VERDICT_MISSED ? "MISSED"
                                                : hr_verdict_name(v->verdict));
    }
}

void hr_summary_print(FILE *out, const hr_plan *plan, const char *out_dir)
{
    print_header(out, plan);
    print_tiers(out, plan);
    print_sensitivity(out, plan);
    fprintf(out, "\nfixed limits from the document, first month exceeded\n");
    print_limits(out, plan);
    print_measured(out, plan);
    fprintf(out, "\nverdict: %zu of %zu measured labels missed their p95 "
                 "target; %zu of %zu tiers run short within %d months\n",
            plan->targets_missed, plan->label_count, plan->tiers_short,
            plan->model->tier_count, plan->model->horizon_months);
    fprintf(out, "outputs: %s/capacity-plan.xlsx, %s/capacity-plan.pdf, "
                 "%s/charts/*.png\n",
            out_dir, out_dir, out_dir);
}
