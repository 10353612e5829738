/*
 * project.c - monthly growth series through the model's milestones.
 *
 * Growth between milestones is close to exponential (the document's
 * figures mostly grow tenfold per step), so the curve is fitted through
 * log(value): Steffen's monotone cubic (M. Steffen, "A simple method for
 * monotonic interpolation in one dimension", Astron. Astrophys. 239, 1990;
 * gsl_interp_steffen) never overshoots, so a rising series never dips.
 */
#include "headroom/project.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_interp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Straight line through two points, in log space when both are positive. */
static double log_line(double x0, double y0, double x1, double y1, double x)
{
    double t = (x - x0) / (x1 - x0);

    if (y0 > 0.0 && y1 > 0.0)
        return exp(log(y0) + t * (log(y1) - log(y0)));
    return y0 + t * (y1 - y0);
}

static bool all_positive(const double *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(y[i] > 0.0))
            return false;
    return true;
}

hr_status hr_log_monotone_interpolate(const double *x, const double *y,
                                      size_t n, const double *xq, double *yq,
                                      size_t nq)
{
    bool use_log = all_positive(y, n);
    gsl_interp_accel *accel = NULL;
    gsl_interp *interp = NULL;
    double *fitted = NULL;
    hr_status status = HR_OK;

    if (n < 2)
        return HR_ERR_DOMAIN;
    if (n == 2) {
        for (size_t i = 0; i < nq; i++)
            yq[i] = log_line(x[0], y[0], x[1], y[1], xq[i]);
        return HR_OK;
    }
    fitted = malloc(n * sizeof *fitted);
    interp = gsl_interp_alloc(gsl_interp_steffen, n);
    accel = gsl_interp_accel_alloc();
    if (!fitted || !interp || !accel) {
        status = HR_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        fitted[i] = use_log ? log(y[i]) : y[i];
    if (gsl_interp_init(interp, x, fitted, n) != GSL_SUCCESS) {
        status = HR_ERR_NUMERIC;
        goto cleanup;
    }
    for (size_t i = 0; i < nq; i++) {
        double v;

        if (gsl_interp_eval_e(interp, x, fitted, xq[i], accel, &v) !=
            GSL_SUCCESS) {
            status = HR_ERR_DOMAIN;
            goto cleanup;
        }
        yq[i] = use_log ? exp(v) : v;
    }

cleanup:
    gsl_interp_accel_free(accel);
    gsl_interp_free(interp);
    free(fitted);
    return status;
}

/* ---------------------------------------------------------------------
 * Filling milestones the document leaves empty.
 */

/* More milestones than any plan has; fits use the first this many. */
#define HR_MAX_FIT_POINTS 64

typedef struct projector {
    const hr_model *model;
    hr_projection *projections;
    unsigned char *state;        /* 0 new, 1 in progress, 2 done */
} projector;

static hr_status project_one(projector *p, size_t index);

/* The projection of a series, projected first if need be; NULL when it is
 * being projected already (a cycle) or failed. */
static const hr_projection *driver_projection(projector *p, const char *id)
{
    const hr_series *driver = hr_model_find_series(p->model, id);
    size_t index;

    if (!driver)
        return NULL;
    index = (size_t)(driver - p->model->series);
    if (p->state[index] == 1)
        return NULL;
    if (p->state[index] == 0 && project_one(p, index) != HR_OK)
        return NULL;
    return &p->projections[index];
}

/* Nearest given milestone before (step -1) or after (step +1) index. */
static long nearest_given(const hr_series *series, size_t count, long index,
                          int step)
{
    for (long i = index + step; i >= 0 && (size_t)i < count; i += step)
        if (series->values[i].given)
            return i;
    return -1;
}

/* Beyond the given range: follow the driver's growth from the nearest given
 * milestone; else a fitted logistic, which levels off; else continue the
 * growth rate of the nearest given span. */
static double extrapolate(const hr_model *model, const hr_series *series,
                          const hr_projection *driver,
                          const hr_growth_fit *fit, long index, long anchor,
                          long second)
{
    const hr_milestone *m = model->milestones;
    double base = series->values[anchor].value;

    if (driver && driver->milestone_value[anchor] > 0.0)
        return base * driver->milestone_value[index] /
               driver->milestone_value[anchor];
    if (fit->usable && fit->kind == HR_GROWTH_LOGISTIC)
        return hr_growth_fit_eval(fit, m[index].month);
    return log_line(m[anchor].month, base, m[second].month,
                    series->values[second].value, m[index].month);
}

static void fill_milestones(projector *p, const hr_series *series,
                            hr_projection *out)
{
    const hr_model *model = p->model;
    size_t count = model->milestone_count;
    const hr_projection *driver = NULL;

    if (series->extrapolate_with)
        driver = driver_projection(p, series->extrapolate_with);
    for (size_t i = 0; i < count; i++) {
        long before, after;

        out->milestone_value[i] = series->values[i].value;
        out->milestone_provenance[i] = HR_FROM_DOCUMENT;
        if (series->values[i].given)
            continue;
        before = nearest_given(series, count, (long)i, -1);
        after = nearest_given(series, count, (long)i, +1);
        if (before >= 0 && after >= 0) {
            out->milestone_provenance[i] = HR_INTERPOLATED;
            continue;            /* read off the curve below */
        }
        out->milestone_provenance[i] = HR_EXTRAPOLATED;
        if (after < 0)
            out->milestone_value[i] = extrapolate(
                model, series, driver, &out->fit, (long)i, before,
                nearest_given(series, count, before, -1));
        else
            out->milestone_value[i] = extrapolate(
                model, series, driver, &out->fit, (long)i, after,
                nearest_given(series, count, after, +1));
    }
}

/* ---------------------------------------------------------------------
 * Monthly curve.
 */

static hr_status monthly_curve(const hr_model *model, hr_projection *out)
{
    size_t count = model->milestone_count, known = 0;
    double *x = malloc(count * sizeof *x);
    double *y = malloc(count * sizeof *y);
    double *months = malloc((size_t)out->month_count * sizeof *months);
    hr_status status = HR_ERR_NOMEM;

    if (!x || !y || !months)
        goto cleanup;
    for (size_t i = 0; i < count; i++) {
        if (out->milestone_provenance[i] == HR_INTERPOLATED)
            continue;
        x[known] = model->milestones[i].month;
        y[known++] = out->milestone_value[i];
    }
    for (int m = 0; m < out->month_count; m++)
        months[m] = m < x[0] ? x[0] : m > x[known - 1] ? x[known - 1] : m;
    status = hr_log_monotone_interpolate(x, y, known, months, out->average,
                                         (size_t)out->month_count);
    if (status != HR_OK)
        goto cleanup;

    /* Outside the milestones, continue the nearest span's growth. */
    for (int m = 0; m < out->month_count; m++) {
        if (m < x[0])
            out->average[m] = log_line(x[0], y[0], x[1], y[1], m);
        else if (m > x[known - 1])
            out->average[m] = log_line(x[known - 2], y[known - 2],
                                       x[known - 1], y[known - 1], m);
    }
    for (size_t i = 0; i < count; i++)
        if (out->milestone_provenance[i] == HR_INTERPOLATED)
            out->milestone_value[i] =
                out->average[model->milestones[i].month];

cleanup:
    free(x);
    free(y);
    free(months);
    return status;
}

static hr_status allocate_projection(const hr_model *model,
                                     hr_projection *out)
{
    size_t months = (size_t)model->horizon_months + 1;
    size_t count = model->milestone_count;

    out->month_count = (int)months;
    out->average = calloc(months, sizeof *out->average);
    out->peak = calloc(months, sizeof *out->peak);
    out->milestone_value = calloc(count, sizeof *out->milestone_value);
    out->milestone_provenance =
        calloc(count, sizeof *out->milestone_provenance);
    out->band_low = calloc(months, sizeof *out->band_low);
    out->band_high = calloc(months, sizeof *out->band_high);
    if (!out->average || !out->peak || !out->milestone_value ||
        !out->milestone_provenance || !out->band_low || !out->band_high)
        return HR_ERR_NOMEM;
    return HR_OK;
}

/* Fits the growth curves to the given milestones. A series the curves
 * cannot describe (too few points, no growth) keeps its reason and no
 * band; only running out of memory stops the projection. */
static hr_status fit_growth(const hr_model *model, const hr_series *series,
                            hr_projection *out)
{
    double x[HR_MAX_FIT_POINTS], y[HR_MAX_FIT_POINTS];
    size_t n = 0;
    hr_status status;

    for (size_t i = 0; i < model->milestone_count && n < HR_MAX_FIT_POINTS;
         i++)
        if (series->values[i].given) {
            x[n] = model->milestones[i].month;
            y[n++] = series->values[i].value;
        }
    status = hr_growth_fit_series(x, y, n, &out->fit, &out->exponential,
                                  &out->logistic);
    if (status == HR_ERR_NOMEM)
        return status;
    for (int m = 0; m < out->month_count; m++)
        if (!out->fit.usable ||
            hr_growth_fit_band(&out->fit, m, 0.95, &out->band_low[m],
                               &out->band_high[m]) != HR_OK)
            out->band_low[m] = out->band_high[m] = NAN;
    return HR_OK;
}

static hr_status project_one(projector *p, size_t index)
{
    const hr_series *series = &p->model->series[index];
    hr_projection *out = &p->projections[index];
    hr_status status;

    p->state[index] = 1;
    out->series = series;
    status = allocate_projection(p->model, out);
    if (status == HR_OK)
        status = fit_growth(p->model, series, out);
    if (status == HR_OK) {
        fill_milestones(p, series, out);
        status = monthly_curve(p->model, out);
    }
    for (int m = 0; status == HR_OK && m < out->month_count; m++)
        out->peak[m] = out->average[m] * series->peak_multiplier;
    p->state[index] = 2;
    return status;
}

hr_status hr_project_model(const hr_model *model, hr_projection **out)
{
    projector p = {model, NULL, NULL};
    hr_status status = HR_OK;

    *out = NULL;
    p.projections = calloc(model->series_count ? model->series_count : 1,
                           sizeof *p.projections);
    p.state = calloc(model->series_count ? model->series_count : 1, 1);
    if (!p.projections || !p.state)
        status = HR_ERR_NOMEM;
    for (size_t i = 0; status == HR_OK && i < model->series_count; i++)
        if (p.state[i] == 0)
            status = project_one(&p, i);
    free(p.state);
    if (status != HR_OK) {
        hr_projections_free(p.projections, model->series_count);
        return status;
    }
    *out = p.projections;
    return HR_OK;
}

void hr_projections_free(hr_projection *projections, size_t count)
{
    if (!projections)
        return;
    for (size_t i = 0; i < count; i++) {
        free(projections[i].average);
        free(projections[i].peak);
        free(projections[i].milestone_value);
        free(projections[i].milestone_provenance);
        free(projections[i].band_low);
        free(projections[i].band_high);
    }
    free(projections);
}

void hr_projections_lint(const hr_model *model,
                         const hr_projection *projections, hr_diags *diags)
{
    for (size_t s = 0; s < model->series_count; s++) {
        const hr_series *series = &model->series[s];
        const hr_series *bound = hr_model_find_series(model,
                                                      series->bounded_by);
        const hr_projection *p = &projections[s];

        for (size_t k = 0; bound && k < model->milestone_count; k++) {
            double limit = projections[bound - model->series]
                               .milestone_value[k];

            if (series->values[k].given || !(p->milestone_value[k] > limit))
                continue;
            hr_diags_add(diags, HR_WARNING, model->path, series->where.line,
                         series->where.column,
                         "%s at %s, %s as %g, exceed %s (%g)", series->title,
                         model->milestones[k].label,
                         hr_provenance_name(p->milestone_provenance[k]),
                         p->milestone_value[k], bound->title, limit);
        }
    }
}

double hr_peak_arrival_rate(const hr_series *series, double peak_value,
                            double requests_per_unit, double intraday_factor)
{
    double seconds = hr_period_seconds(series->period);

    if (seconds == 0.0)
        return peak_value * requests_per_unit;
    return peak_value * requests_per_unit * intraday_factor / seconds;
}
