/*
 * test_project.c - monthly projections: the curve passes through every
 * milestone, is monotone, and missing milestones are filled and labelled.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/model.h"
#include "headroom/plan.h"
#include "headroom/project.h"
#include "testkit.h"

static hr_model *load_doctrina(void)
{
    hr_diags diags = {0};
    hr_model *model = NULL;

    hr_model_load(hr_repo_path("models/doctrina.yaml"), &model, &diags);
    hr_diags_release(&diags);
    CU_ASSERT_PTR_NOT_NULL_FATAL(model);
    return model;
}

/* Two points: the straight line in log space, i.e. constant growth.
 * 100 -> 1000 over 12 months is 10^(1/12) per month: month 6 is
 * 100 * sqrt(10) = 316.227766. */
static void test_two_points_geometric(void)
{
    const double x[] = {0, 12}, y[] = {100, 1000}, xq[] = {0, 6, 12};
    double yq[3];

    CU_ASSERT_EQUAL(hr_log_monotone_interpolate(x, y, 2, xq, yq, 3), HR_OK);
    HR_ASSERT_CLOSE(yq[0], 100.0, 1e-12);
    HR_ASSERT_CLOSE(yq[1], 316.227766016838, 1e-12);
    HR_ASSERT_CLOSE(yq[2], 1000.0, 1e-12);
}

/* Steffen's method never overshoots: data flat between two points stays
 * flat, and the curve passes through every point. */
static void test_monotone_no_overshoot(void)
{
    const double x[] = {0, 6, 12, 36}, y[] = {10, 1000, 1000, 5000};
    double xq[37], yq[37];

    for (int m = 0; m <= 36; m++)
        xq[m] = m;
    CU_ASSERT_EQUAL(hr_log_monotone_interpolate(x, y, 4, xq, yq, 37), HR_OK);
    for (int m = 6; m <= 12; m++)
        HR_ASSERT_CLOSE(yq[m], 1000.0, 1e-12);
    for (int m = 1; m <= 36; m++)
        CU_ASSERT(yq[m] >= yq[m - 1]);
    HR_ASSERT_CLOSE(yq[0], 10.0, 1e-12);
    HR_ASSERT_CLOSE(yq[36], 5000.0, 1e-12);
}

static void test_doctrina_through_milestones(void)
{
    hr_model *model = load_doctrina();
    hr_projection *proj = NULL;

    CU_ASSERT_EQUAL_FATAL(hr_project_model(model, &proj), HR_OK);
    for (size_t s = 0; s < model->series_count; s++) {
        const hr_series *series = &model->series[s];

        CU_ASSERT_EQUAL(proj[s].month_count, 37);
        for (size_t k = 0; k < model->milestone_count; k++) {
            int month = model->milestones[k].month;

            if (series->values[k].given)
                HR_ASSERT_CLOSE(proj[s].average[month],
                                series->values[k].value, 1e-9);
            HR_ASSERT_CLOSE(proj[s].average[month], proj[s].milestone_value[k],
                            1e-9);
        }
        for (int m = 1; m < proj[s].month_count; m++)
            CU_ASSERT(proj[s].average[m] >= proj[s].average[m - 1]);
        for (int m = 0; m < proj[s].month_count; m++)
            HR_ASSERT_CLOSE(proj[s].peak[m],
                            proj[s].average[m] * series->peak_multiplier,
                            1e-12);
    }
    hr_projections_free(proj, model->series_count);
    hr_model_free(model);
}

/* The document gives no 3-year concurrency; the model extrapolates with
 * registered users, which grow 50,000 -> 500,000 (10x) from 1 to 3 years:
 * 100,000 * 10 = 1,000,000. Enrollments follow students: 2,000 per day *
 * 480,000 / 45,000 = 21,333.33. Database connections have no 6-month
 * value: interpolated on the curve between 1,000 and 10,000. */
static void test_doctrina_filled_values(void)
{
    hr_model *model = load_doctrina();
    hr_projection *proj = NULL;
    const hr_series *users = hr_model_find_series(model, "concurrent_users");
    const hr_series *enroll = hr_model_find_series(model, "enrollments");
    const hr_series *conn = hr_model_find_series(model, "db_connections");

    CU_ASSERT_EQUAL_FATAL(hr_project_model(model, &proj), HR_OK);
    hr_projection *pu = &proj[users - model->series];
    hr_projection *pe = &proj[enroll - model->series];
    hr_projection *pc = &proj[conn - model->series];

    HR_ASSERT_CLOSE(pu->milestone_value[3], 1e6, 1e-12);
    CU_ASSERT_EQUAL(pu->milestone_provenance[3], HR_EXTRAPOLATED);
    CU_ASSERT_EQUAL(pu->milestone_provenance[2], HR_FROM_DOCUMENT);
    HR_ASSERT_CLOSE(pe->milestone_value[3], 2000.0 * 480000 / 45000, 1e-12);
    CU_ASSERT_EQUAL(pc->milestone_provenance[1], HR_INTERPOLATED);
    CU_ASSERT(pc->milestone_value[1] > 1000 && pc->milestone_value[1] < 1e4);
    /* db_connections has no driver: the 3-year value continues the 0 to
     * 12 month growth (10x a year) for two more years: 10,000 * 100. */
    HR_ASSERT_CLOSE(pc->milestone_value[3], 1e6, 1e-12);
    hr_projections_free(proj, model->series_count);
    hr_model_free(model);
}

/* Peak arrivals: 2,000 enrollments/day at 5x, 6 requests each, busiest
 * hour 3x the day's mean: 2000 * 5 * 6 * 3 / 86400 = 2.0833 req/s. */
static void test_peak_arrival_rate(void)
{
    hr_model *model = load_doctrina();
    const hr_series *enroll = hr_model_find_series(model, "enrollments");
    const hr_series *users = hr_model_find_series(model, "concurrent_users");

    HR_ASSERT_CLOSE(hr_peak_arrival_rate(enroll, 2000.0 * 5, 6, 3),
                    2.0833333333, 1e-9);
    HR_ASSERT_CLOSE(hr_peak_arrival_rate(users, 3000.0, 0.1, 3), 300.0,
                    1e-12);
    hr_model_free(model);
}


/* Every series carries its chosen growth curve and reason. Registered
 * users (4 milestones, tenfold per 6 months slowing to tenfold over two
 * years) are best described by a logistic; concurrent users have 3 given
 * milestones, too few for a 3-parameter curve; database connections have
 * two, so their exponential fit has no degrees of freedom and no band. */
static void test_doctrina_growth_fits(void)
{
    hr_model *model = load_doctrina();
    hr_projection *proj = NULL;
    const hr_series *reg = hr_model_find_series(model, "registered_users");
    const hr_series *users = hr_model_find_series(model, "concurrent_users");
    const hr_series *conn = hr_model_find_series(model, "db_connections");

    CU_ASSERT_EQUAL_FATAL(hr_project_model(model, &proj), HR_OK);
    hr_projection *pr = &proj[reg - model->series];
    hr_projection *pu = &proj[users - model->series];
    hr_projection *pc = &proj[conn - model->series];

    CU_ASSERT_EQUAL(pr->fit.kind, HR_GROWTH_LOGISTIC);
    CU_ASSERT(strstr(pr->fit.reason, "logistic") != NULL);
    CU_ASSERT_EQUAL(pu->fit.kind, HR_GROWTH_EXPONENTIAL);
    CU_ASSERT(strstr(pu->fit.reason, "3 points") != NULL);
    for (int m = 0; m < pr->month_count; m++) {
        double f = hr_growth_fit_eval(&pr->fit, m);

        CU_ASSERT(pr->band_low[m] <= f && f <= pr->band_high[m]);
        CU_ASSERT(isnan(pc->band_low[m]) && isnan(pc->band_high[m]));
    }
    hr_projections_free(proj, model->series_count);
    hr_model_free(model);
}


/* Concurrent users are bounded by registered users; the document breaks
 * that at three milestones (model lint), and the 3-year value headroom
 * extrapolates, 100,000 * 500,000 / 50,000 = 1,000,000 > 500,000, breaks
 * it again: the projection lint says so, once. */
static void test_projection_lint(void)
{
    hr_model *model = load_doctrina();
    hr_projection *proj = NULL;
    hr_diags diags = {0};

    CU_ASSERT_EQUAL_FATAL(hr_project_model(model, &proj), HR_OK);
    hr_projections_lint(model, proj, &diags);
    CU_ASSERT_EQUAL(diags.count, 1);
    CU_ASSERT(diags.count == 1 &&
              strstr(diags.items[0].message,
                     "Concurrent users at 3 years, extrapolated as 1e+06") &&
              diags.items[0].line > 0);
    hr_diags_release(&diags);
    hr_projections_free(proj, model->series_count);
    hr_model_free(model);
}

static const hr_test_case cases[] = {
    {"two points grow geometrically", test_two_points_geometric},
    {"monotone without overshoot", test_monotone_no_overshoot},
    {"Doctrina series pass through milestones",
     test_doctrina_through_milestones},
    {"Doctrina gaps filled and labelled", test_doctrina_filled_values},
    {"peak arrivals per second", test_peak_arrival_rate},
    {"Doctrina growth fits", test_doctrina_growth_fits},
    {"filled values checked against bounds", test_projection_lint},
};

HR_TEST_MAIN("project", cases)
