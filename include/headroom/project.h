/*
 * project.h - monthly growth series from milestone values.
 *
 * Values between milestones follow a monotone cubic (Steffen's method, GSL)
 * through the logarithms of the milestone values, so growth is smooth,
 * passes through every milestone and never overshoots. A milestone the
 * document leaves empty is filled first: from a driver series' growth over
 * the same span when the model names one, else by continuing the growth
 * rate of the last given span; such values are marked extrapolated (or
 * interpolated when they lie between given milestones).
 *
 * Each series also gets a fitted growth curve (exponential or logistic,
 * see growth_fit.h) through its given milestones, chosen with the reason
 * stated, and the fit's 95 % band for every month. Between given
 * milestones the monotone curve is kept, so the document's values hold
 * exactly; beyond the last given milestone a chosen logistic fit is
 * used when the model names no driver series, since it levels off where
 * a continued growth rate would run away.
 */
#ifndef HEADROOM_PROJECT_H
#define HEADROOM_PROJECT_H

#include <stddef.h>

#include "headroom/error.h"
#include "headroom/growth_fit.h"
#include "headroom/model.h"

typedef struct hr_projection {
    const hr_series *series;
    int month_count;             /* horizon_months + 1 (months 0..horizon) */
    double *average;             /* the series' level or rate per month */
    double *peak;                /* average times the series' peak multiplier */
    double *milestone_value;     /* per model milestone, filled in */
    hr_provenance *milestone_provenance;
    hr_growth_fit fit;           /* the chosen curve, with its reason */
    hr_growth_fit exponential;   /* both candidates, for reports */
    hr_growth_fit logistic;
    double *band_low;            /* the fit's 95 % band per month; NAN */
    double *band_high;           /* where the fit gives none */
} hr_projection;

/*
 * Monotone interpolation in log space through (x[i], y[i]), x strictly
 * increasing, y positive, n >= 2; evaluates at xq[0..nq) (within x's range)
 * into yq. With n == 2 the curve is the straight line in log space.
 */
hr_status hr_log_monotone_interpolate(const double *x, const double *y,
                                      size_t n, const double *xq, double *yq,
                                      size_t nq);

/*
 * Projects every series of the model, in model order, resolving driver
 * series first. Returns an array of model->series_count projections,
 * freed with hr_projections_free().
 */
hr_status hr_project_model(const hr_model *model, hr_projection **out);

void hr_projections_free(hr_projection *projections, size_t count);

/* Warns where a filled-in milestone value (interpolated or extrapolated)
 * breaks what the model says of its series: above its bounded_by series.
 * The document's own values are checked by hr_model_lint(). */
void hr_projections_lint(const hr_model *model,
                         const hr_projection *projections, hr_diags *diags);

/* Converts a peak level or rate into requests per second for a tier:
 * a level series gives value * requests_per_unit; a rate series gives
 * value * requests_per_unit * intraday_factor / period seconds. */
double hr_peak_arrival_rate(const hr_series *series, double peak_value,
                            double requests_per_unit, double intraday_factor);

#endif
