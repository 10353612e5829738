/*
 * test_growth_fit.c - exponential and logistic growth curves: recovery of
 * known curves, the choice between them, the Doctrina series, the
 * uncertainty band and the error paths.
 *
 * Expected values of the fits to noisy and Doctrina data come from an
 * independent python3 computation (plain python, no numpy: a
 * Levenberg-Marquardt fit in log space, the least-squares line and the
 * delta-method band written out), the script at the end of this file.
 * Exact data are checked against the parameters that generated them.
 */
#include <math.h>
#include <string.h>

#include "headroom/growth_fit.h"
#include "headroom/model.h"
#include "testkit.h"

/* Deterministic noise, in decades, for the noisy series (as in the
 * script). */
static const double noise_log10[10] = {
    0.03, -0.02, 0.01, -0.04, 0.02, 0.00, -0.01, 0.03, -0.03, 0.01,
};

/* Months 0, 4, ..., 36 and y = 300 e^(0.12 t) 10^noise. */
static void noisy_exponential(double *t, double *y)
{
    for (int i = 0; i < 10; i++) {
        t[i] = 4.0 * i;
        y[i] = 300.0 * exp(0.12 * t[i]) * pow(10.0, noise_log10[i]);
    }
}

/* Months 0, 4, ..., 36 and y = 2e5 / (1 + e^(-0.35 (t - 14))) 10^noise. */
static void noisy_logistic(double *t, double *y)
{
    for (int i = 0; i < 10; i++) {
        t[i] = 4.0 * i;
        y[i] = 2e5 / (1.0 + exp(-0.35 * (t[i] - 14.0))) *
               pow(10.0, noise_log10[i]);
    }
}

static int starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* log(high / low): the band's width in log space. */
static double band_width(const hr_growth_fit *fit, double month)
{
    double low = NAN, high = NAN;

    CU_ASSERT_EQUAL(hr_growth_fit_band(fit, month, 0.95, &low, &high),
                    HR_OK);
    return log(high / low);
}

/* ---- known curves ------------------------------------------------------- */

/* y = 200 e^(0.1 t) at months 0, 6, ..., 36: the line through log y is
 * exact, so a = 200 and b = 0.1 to rounding; the logistic cannot do
 * better and costs a parameter more. */
static void test_exact_exponential(void)
{
    double t[7], y[7];
    hr_growth_fit chosen, e, l;

    for (int i = 0; i < 7; i++) {
        t[i] = 6.0 * i;
        y[i] = 200.0 * exp(0.1 * t[i]);
    }
    CU_ASSERT_EQUAL_FATAL(hr_growth_fit_series(t, y, 7, &chosen, &e, &l),
                          HR_OK);
    CU_ASSERT_EQUAL(chosen.kind, HR_GROWTH_EXPONENTIAL);
    CU_ASSERT(chosen.usable);
    CU_ASSERT_EQUAL(chosen.parameter_count, 2);
    CU_ASSERT_EQUAL(chosen.points, 7);
    HR_ASSERT_CLOSE(chosen.params[0], 200.0, 1e-9);
    HR_ASSERT_CLOSE(chosen.params[1], 0.1, 1e-9);
    CU_ASSERT(chosen.rse_log10 < 1e-12);
    CU_ASSERT(starts_with(chosen.reason, "exponential: "));
    HR_ASSERT_CLOSE(hr_growth_fit_eval(&chosen, 48.0), 200.0 * exp(4.8),
                    1e-9);
    CU_ASSERT(e.usable);
    CU_ASSERT_EQUAL(e.kind, HR_GROWTH_EXPONENTIAL);
    CU_ASSERT_EQUAL(l.kind, HR_GROWTH_LOGISTIC);
}

/* y = 1e6 / (1 + e^(-0.3 (t - 15))) at months 0, 6, ..., 36: the fit
 * recovers K, r and t0. */
static void test_exact_logistic(void)
{
    double t[7], y[7];
    hr_growth_fit chosen, l;

    for (int i = 0; i < 7; i++) {
        t[i] = 6.0 * i;
        y[i] = 1e6 / (1.0 + exp(-0.3 * (t[i] - 15.0)));
    }
    CU_ASSERT_EQUAL_FATAL(hr_growth_fit_series(t, y, 7, &chosen, NULL, &l),
                          HR_OK);
    CU_ASSERT(l.usable);
    CU_ASSERT_EQUAL(chosen.kind, HR_GROWTH_LOGISTIC);
    CU_ASSERT_EQUAL(chosen.parameter_count, 3);
    HR_ASSERT_CLOSE(chosen.params[0], 1e6, 1e-6);
    HR_ASSERT_CLOSE(chosen.params[1], 0.3, 1e-6);
    HR_ASSERT_CLOSE(chosen.params[2], 15.0, 1e-6);
    CU_ASSERT(starts_with(chosen.reason, "logistic: "));
    HR_ASSERT_CLOSE(hr_growth_fit_eval(&chosen, 15.0), 5e5, 1e-6);
    HR_ASSERT_CLOSE(hr_growth_fit_eval(&chosen, 1000.0), 1e6, 1e-6);
}

/* ---- noisy data: the generating kind is chosen -------------------------- */

/* Exponential data with noise: AICc is defined for both (10 points) and
 * prefers the exponential (-20.216 against -14.216 in the script, where
 * the logistic runs off to an unbounded K). */
static void test_noisy_exponential_chosen(void)
{
    double t[10], y[10];
    hr_growth_fit chosen, e;

    noisy_exponential(t, y);
    CU_ASSERT_EQUAL_FATAL(hr_growth_fit_series(t, y, 10, &chosen, &e, NULL),
                          HR_OK);
    CU_ASSERT_EQUAL(chosen.kind, HR_GROWTH_EXPONENTIAL);
    HR_ASSERT_CLOSE(e.params[0], 301.5109387722077, 1e-9);
    HR_ASSERT_CLOSE(e.params[1], 0.11972089877660679, 1e-9);
    HR_ASSERT_CLOSE(e.rse_log10, 0.02593406558131134, 1e-9);
    HR_ASSERT_CLOSE(e.aicc, -20.21597396571572, 1e-9);
    CU_ASSERT(starts_with(chosen.reason, "exponential: steady growth"));
}

/* Logistic data with noise: the logistic wins on AICc (-15.674 against
 * 33.968) and its parameters match the script's. */
static void test_noisy_logistic_chosen(void)
{
    double t[10], y[10];
    hr_growth_fit chosen, e, l;

    noisy_logistic(t, y);
    CU_ASSERT_EQUAL_FATAL(hr_growth_fit_series(t, y, 10, &chosen, &e, &l),
                          HR_OK);
    CU_ASSERT_EQUAL(chosen.kind, HR_GROWTH_LOGISTIC);
    HR_ASSERT_CLOSE(l.params[0], 202036.3915468512, 1e-6);
    HR_ASSERT_CLOSE(l.params[1], 0.3422326193214168, 1e-6);
    HR_ASSERT_CLOSE(l.params[2], 14.233607720368664, 1e-6);
    HR_ASSERT_CLOSE(l.rse_log10, 0.02577590420514526, 1e-6);
    HR_ASSERT_CLOSE(l.aicc, -15.67363325014355, 1e-6);
    HR_ASSERT_CLOSE(e.aicc, 33.96787069139368, 1e-9);
    CU_ASSERT(starts_with(chosen.reason, "logistic: growth slows"));
    CU_ASSERT_PTR_NOT_NULL(strstr(chosen.reason, "AICc -15.7 vs 34.0"));
}

/* ---- the Doctrina model ------------------------------------------------- */

/* The given milestones of a series of models/doctrina.yaml, as the
 * projection will pass them: months and values, gaps skipped. */
static size_t doctrina_points(const char *id, double *t, double *y)
{
    hr_diags diags = {0};
    hr_model *model = NULL;
    const hr_series *series;
    size_t n = 0;

    hr_model_load(hr_repo_path("models/doctrina.yaml"), &model, &diags);
    hr_diags_release(&diags);
    CU_ASSERT_PTR_NOT_NULL_FATAL(model);
    series = hr_model_find_series(model, id);
    CU_ASSERT_PTR_NOT_NULL_FATAL(series);
    for (size_t k = 0; k < model->milestone_count; k++) {
        if (!series->values[k].given)
            continue;
        t[n] = model->milestones[k].month;
        y[n++] = series->values[k].value;
    }
    hr_model_free(model);
    return n;
}

/* Registered users 500, 5,000, 50,000, 500,000 at months 0, 6, 12, 36:
 * tenfold every 6 months, then tenfold in 24. The logistic is chosen:
 * with 4 points its AICc is undefined (n - K - 1 = 0), so the residual
 * standard errors decide, 0.0149 against 0.570 decades, and the reason
 * says so. Parameters and the band at month 24 (t(0.975, 1) = 12.706)
 * from the script. */
static void test_doctrina_registered_users(void)
{
    double t[4], y[4], low = NAN, high = NAN;
    hr_growth_fit chosen, e, l;

    CU_ASSERT_EQUAL_FATAL(doctrina_points("registered_users", t, y), 4);
    CU_ASSERT_EQUAL_FATAL(hr_growth_fit_series(t, y, 4, &chosen, &e, &l),
                          HR_OK);
    CU_ASSERT_EQUAL(chosen.kind, HR_GROWTH_LOGISTIC);
    HR_ASSERT_CLOSE(l.params[0], 500984.5493185029, 1e-6);
    HR_ASSERT_CLOSE(l.params[1], 0.39218232418920873, 1e-6);
    HR_ASSERT_CLOSE(l.params[2], 17.650918584600106, 1e-6);
    HR_ASSERT_CLOSE(l.rse_log10, 0.01488446557042771, 1e-6);
    HR_ASSERT_CLOSE(e.params[0], 1475.1953080399528, 1e-9);
    HR_ASSERT_CLOSE(e.params[1], 0.1756992641240436, 1e-9);
    HR_ASSERT_CLOSE(e.rse_log10, 0.5703518254720302, 1e-9);
    CU_ASSERT(isnan(l.aicc));
    CU_ASSERT(starts_with(chosen.reason, "logistic: growth slows"));
    CU_ASSERT_PTR_NOT_NULL(strstr(chosen.reason, "RSE 0.015 vs 0.570"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(chosen.reason, "AICc undefined for 4 points"));

    CU_ASSERT_EQUAL(hr_growth_fit_band(&chosen, 24.0, 0.95, &low, &high),
                    HR_OK);
    HR_ASSERT_CLOSE(low, 309096.0673321642, 1e-6);
    HR_ASSERT_CLOSE(high, 692421.1380084034, 1e-6);
}

/* Concurrent users 1,000, 10,000, 100,000 at months 0, 6, 12 (no 3-year
 * figure): 3 points, so only the exponential, a = 1000 and
 * b = ln(10) / 6 exactly; one degree of freedom, zero residuals, so the
 * band collapses onto the curve. */
static void test_doctrina_concurrent_users(void)
{
    double t[4], y[4], low = NAN, high = NAN;
    hr_growth_fit chosen, l;

    CU_ASSERT_EQUAL_FATAL(doctrina_points("concurrent_users", t, y), 3);
    CU_ASSERT_EQUAL_FATAL(hr_growth_fit_series(t, y, 3, &chosen, NULL, &l),
                          HR_OK);
    CU_ASSERT_EQUAL(chosen.kind, HR_GROWTH_EXPONENTIAL);
    CU_ASSERT(chosen.usable);
    CU_ASSERT(!l.usable);
    CU_ASSERT_STRING_EQUAL(l.reason,
                           "3 points cannot pin a 3-parameter curve");
    CU_ASSERT(starts_with(chosen.reason, "exponential"));
    CU_ASSERT_PTR_NOT_NULL(strstr(chosen.reason, l.reason));
    HR_ASSERT_CLOSE(chosen.params[0], 1000.0, 1e-12);
    HR_ASSERT_CLOSE(chosen.params[1], log(10.0) / 6.0, 1e-12);
    CU_ASSERT(isnan(hr_growth_fit_eval(&l, 12.0)));

    CU_ASSERT_EQUAL(hr_growth_fit_band(&chosen, 36.0, 0.95, &low, &high),
                    HR_OK);
    HR_ASSERT_CLOSE(low, 1e9, 1e-9);
    HR_ASSERT_CLOSE(high, 1e9, 1e-9);
}

/* ---- the band ----------------------------------------------------------- */

/* Noisy exponential: the band matches the script's at months 18, 36 and
 * 60, holds the curve, and widens away from the points' mean month
 * (18) in both directions; a higher level gives a wider band. */
static void test_band_contains_and_widens(void)
{
    static const double months[3] = {18.0, 36.0, 60.0};
    static const double want[3][2] = {
        {2490.494749919334, 2717.1213858215347},
        {20698.6267221814, 24335.577911365155},
        {336725.81276353716, 468408.55758067267},
    };
    double t[10], y[10], low, high, low99, high99;
    hr_growth_fit chosen;

    noisy_exponential(t, y);
    CU_ASSERT_EQUAL_FATAL(hr_growth_fit_series(t, y, 10, &chosen, NULL,
                                               NULL),
                          HR_OK);
    for (int i = 0; i < 3; i++) {
        double fit = hr_growth_fit_eval(&chosen, months[i]);

        CU_ASSERT_EQUAL(hr_growth_fit_band(&chosen, months[i], 0.95, &low,
                                           &high),
                        HR_OK);
        HR_ASSERT_CLOSE(low, want[i][0], 1e-9);
        HR_ASSERT_CLOSE(high, want[i][1], 1e-9);
        CU_ASSERT(low < fit && fit < high);
    }
    CU_ASSERT(band_width(&chosen, 36.0) > band_width(&chosen, 18.0));
    CU_ASSERT(band_width(&chosen, 60.0) > band_width(&chosen, 36.0));
    CU_ASSERT(band_width(&chosen, -12.0) > band_width(&chosen, 0.0));
    CU_ASSERT(band_width(&chosen, 0.0) > band_width(&chosen, 18.0));

    CU_ASSERT_EQUAL(hr_growth_fit_band(&chosen, 36.0, 0.99, &low99,
                                       &high99),
                    HR_OK);
    CU_ASSERT(low99 < want[1][0] && high99 > want[1][1]);
}

/* The logistic's band holds its curve at every month, before, between
 * and beyond the points, and widens before the first point. */
static void test_logistic_band_contains_fit(void)
{
    double t[10], y[10];
    hr_growth_fit chosen;

    noisy_logistic(t, y);
    CU_ASSERT_EQUAL_FATAL(hr_growth_fit_series(t, y, 10, &chosen, NULL,
                                               NULL),
                          HR_OK);
    for (double m = -12.0; m <= 60.0; m += 6.0) {
        double low = NAN, high = NAN, fit = hr_growth_fit_eval(&chosen, m);

        CU_ASSERT_EQUAL(hr_growth_fit_band(&chosen, m, 0.95, &low, &high),
                        HR_OK);
        CU_ASSERT(low < fit && fit < high);
    }
    CU_ASSERT(band_width(&chosen, -12.0) > band_width(&chosen, 0.0));
}

/* Two points leave no degree of freedom: the curve exists, the band
 * does not. A level outside (0, 1) and an unusable fit give no band. */
static void test_band_undefined(void)
{
    const double t[2] = {0.0, 12.0}, y[2] = {100.0, 1000.0};
    double low = -1.0, high = -1.0;
    hr_growth_fit chosen, l;

    CU_ASSERT_EQUAL_FATAL(hr_growth_fit_series(t, y, 2, &chosen, NULL, &l),
                          HR_OK);
    CU_ASSERT_EQUAL(chosen.kind, HR_GROWTH_EXPONENTIAL);
    HR_ASSERT_CLOSE(hr_growth_fit_eval(&chosen, 6.0), 316.227766016838,
                    1e-12);
    CU_ASSERT(isnan(chosen.rse_log10));
    CU_ASSERT_EQUAL(hr_growth_fit_band(&chosen, 6.0, 0.95, &low, &high),
                    HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(low, -1.0);
    CU_ASSERT_EQUAL(high, -1.0);
    CU_ASSERT_EQUAL(hr_growth_fit_band(&l, 6.0, 0.95, &low, &high),
                    HR_ERR_DOMAIN);

    {
        double tn[10], yn[10];

        noisy_exponential(tn, yn);
        CU_ASSERT_EQUAL(hr_growth_fit_series(tn, yn, 10, &chosen, NULL,
                                             NULL),
                        HR_OK);
        CU_ASSERT_EQUAL(hr_growth_fit_band(&chosen, 6.0, 1.0, &low, &high),
                        HR_ERR_DOMAIN);
        CU_ASSERT_EQUAL(hr_growth_fit_band(&chosen, 6.0, 0.0, &low, &high),
                        HR_ERR_DOMAIN);
    }
}

/* ---- error paths -------------------------------------------------------- */

/* Bad input is refused with every fit unusable and a reason. */
static void expect_refused(const double *t, const double *y, size_t n,
                           const char *reason)
{
    hr_growth_fit chosen, e, l;

    CU_ASSERT_EQUAL(hr_growth_fit_series(t, y, n, &chosen, &e, &l),
                    HR_ERR_DOMAIN);
    CU_ASSERT(!chosen.usable && !e.usable && !l.usable);
    CU_ASSERT_STRING_EQUAL(chosen.reason, reason);
    CU_ASSERT(isnan(hr_growth_fit_eval(&chosen, 0.0)));
}

static void test_errors(void)
{
    const double t[4] = {0, 6, 12, 36}, y[4] = {1, 10, 100, 1000};
    const double flat_t[4] = {0, 6, 6, 36}, back_t[4] = {0, 12, 6, 36};
    const double zero_y[4] = {1, 0, 100, 1000};
    const double negative_y[4] = {1, 10, -100, 1000};
    const double nan_t[4] = {0, NAN, 12, 36};

    expect_refused(t, y, 1, "fewer than 2 points");
    expect_refused(t, y, 0, "fewer than 2 points");
    expect_refused(NULL, y, 4, "fewer than 2 points");
    expect_refused(t, zero_y, 4,
                   "a value is not positive, so has no logarithm");
    expect_refused(t, negative_y, 4,
                   "a value is not positive, so has no logarithm");
    expect_refused(flat_t, y, 4, "months are not strictly increasing");
    expect_refused(back_t, y, 4, "months are not strictly increasing");
    expect_refused(nan_t, y, 4, "a month is not finite");
}

/* A falling series: the exponential has b < 0 and the logistic, which
 * only rises, is unusable and says why. */
static void test_declining_series(void)
{
    const double t[4] = {0, 6, 12, 36}, y[4] = {1000, 500, 250, 15.625};
    hr_growth_fit chosen, l;

    CU_ASSERT_EQUAL_FATAL(hr_growth_fit_series(t, y, 4, &chosen, NULL, &l),
                          HR_OK);
    CU_ASSERT(!l.usable);
    CU_ASSERT_STRING_EQUAL(l.reason,
                           "the series never grows, so no logistic fits");
    CU_ASSERT_EQUAL(chosen.kind, HR_GROWTH_EXPONENTIAL);
    HR_ASSERT_CLOSE(chosen.params[1], -log(2.0) / 6.0, 1e-12);
}

static void test_kind_names(void)
{
    CU_ASSERT_STRING_EQUAL(hr_growth_kind_name(HR_GROWTH_EXPONENTIAL),
                           "exponential");
    CU_ASSERT_STRING_EQUAL(hr_growth_kind_name(HR_GROWTH_LOGISTIC),
                           "logistic");
}

static const hr_test_case cases[] = {
    {"exact exponential recovered", test_exact_exponential},
    {"exact logistic recovered", test_exact_logistic},
    {"noisy exponential chosen", test_noisy_exponential_chosen},
    {"noisy logistic chosen", test_noisy_logistic_chosen},
    {"Doctrina registered users", test_doctrina_registered_users},
    {"Doctrina concurrent users", test_doctrina_concurrent_users},
    {"band contains the fit and widens", test_band_contains_and_widens},
    {"logistic band contains the fit", test_logistic_band_contains_fit},
    {"band undefined", test_band_undefined},
    {"bad input refused", test_errors},
    {"declining series", test_declining_series},
    {"kind names", test_kind_names},
};

HR_TEST_MAIN("growth_fit", cases)

/*
 * Reference script (python3, no numpy), printing the expected values
 * used above:
 *
 * import math
 *
 * def softplus(x):
 *     return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(
 *         math.exp(x))
 *
 * def sigmoid(x):
 *     return 1 / (1 + math.exp(-x)) if x >= 0 else 1 - 1 / (1 + math.exp(x))
 *
 * def lnf(p, t):                     # p = (ln K, ln r, t0)
 *     return p[0] - softplus(-math.exp(p[1]) * (t - p[2]))
 *
 * def grad(p, t):
 *     r = math.exp(p[1]); z = -r * (t - p[2]); s = sigmoid(z)
 *     return [1.0, -s * z, -s * r]
 *
 * def solve(A, b):                   # Gauss-Jordan with pivoting
 *     n = len(b); M = [A[i][:] + [b[i]] for i in range(n)]
 *     for c in range(n):
 *         k = max(range(c, n), key=lambda i: abs(M[i][c]))
 *         M[c], M[k] = M[k], M[c]
 *         for i in range(n):
 *             if i != c:
 *                 f = M[i][c] / M[c][c]
 *                 M[i] = [a - f * b for a, b in zip(M[i], M[c])]
 *     return [M[i][n] / M[i][i] for i in range(n)]
 *
 * def rss(p, t, y):
 *     return sum((lnf(p, a) - math.log(b)) ** 2 for a, b in zip(t, y))
 *
 * def normal(p, t, y):               # J'J and J'r
 *     J = [grad(p, a) for a in t]
 *     r = [lnf(p, a) - math.log(b) for a, b in zip(t, y)]
 *     A = [[sum(g[i] * g[j] for g in J) for j in range(3)] for i in range(3)]
 *     return A, [sum(g[i] * e for g, e in zip(J, r)) for i in range(3)]
 *
 * def logistic(t, y, p, lam=1e-3):   # Levenberg-Marquardt
 *     cur = rss(p, t, y)
 *     for _ in range(5000):
 *         A, g = normal(p, t, y)
 *         while lam < 1e20:
 *             D = [[A[i][j] * (1 + lam * (i == j)) for j in range(3)]
 *                  for i in range(3)]
 *             q = [a + d for a, d in zip(p, solve(D, [-v for v in g]))]
 *             if rss(q, t, y) <= cur:
 *                 break
 *             lam *= 10
 *         if lam >= 1e20 or max(abs(a - b) for a, b in zip(p, q)) < 1e-14:
 *             break
 *         p, cur, lam = q, rss(q, t, y), max(lam / 10, 1e-15)
 *     return p, cur
 *
 * def starts(t, y):                  # as in growth_fit.c
 *     s = max((math.log(y[i] / y[i - 1])) / (t[i] - t[i - 1])
 *             for i in range(1, len(t)))
 *     for c in (1.5, 3, 10):
 *         k = c * max(y); r = s / (1 - y[0] / k)
 *         yield [math.log(k), math.log(r), t[0] + math.log(k / y[0] - 1) / r]
 *         yield [math.log(k), math.log(r), (t[0] + t[-1]) / 2]
 *
 * def exponential(t, y):             # least squares line through ln y
 *     n = len(t); ly = [math.log(v) for v in y]
 *     mt = sum(t) / n; my = sum(ly) / n
 *     sxx = sum((a - mt) ** 2 for a in t)
 *     b = sum((a - mt) * (c - my) for a, c in zip(t, ly)) / sxx
 *     e = sum((c - my - b * (a - mt)) ** 2 for a, c in zip(t, ly))
 *     return math.exp(my - b * mt), b, e, mt, sxx
 *
 * def aicc(e, n, p):                 # K = p + 1 counts the variance
 *     k = p + 1
 *     return (n * (math.log(2 * math.pi * e / n) + 1) + 2 * k
 *             + 2 * k * (k + 1) / (n - k - 1))
 *
 * def rse10(e, n, p):
 *     return math.sqrt(e / (n - p)) / math.log(10)
 *
 * def show(name, t, y):
 *     a, b, e, _, _ = exponential(t, y)
 *     n = len(t)
 *     print(name, "exp", a, b, rse10(e, n, 2), n > 4 and aicc(e, n, 2))
 *     if n >= 4:
 *         p, e = min((logistic(t, y, s) for s in starts(t, y)),
 *                    key=lambda f: f[1])
 *         print(name, "logistic", math.exp(p[0]), math.exp(p[1]), p[2],
 *               rse10(e, n, 3), n > 5 and aicc(e, n, 3))
 *         return p, e
 *
 * noise = [0.03, -0.02, 0.01, -0.04, 0.02, 0.00, -0.01, 0.03, -0.03, 0.01]
 * t10 = [4.0 * i for i in range(10)]
 * yexp = [300 * math.exp(0.12 * a) * 10 ** d for a, d in zip(t10, noise)]
 * ylog = [2e5 / (1 + math.exp(-0.35 * (a - 14))) * 10 ** d
 *         for a, d in zip(t10, noise)]
 * show("noisy exponential", t10, yexp)
 * show("noisy logistic", t10, ylog)
 *
 * # Exponential band at months 18, 36, 60: s^2 (1/n + (m - mean)^2 / Sxx),
 * # t(0.975, 8) = 2.306004135204 (tables; also found by integrating the
 * # t density).
 * a, b, e, mt, sxx = exponential(t10, yexp)
 * for m in (18, 36, 60):
 *     h = 2.306004135204 * math.sqrt(e / 8 * (1 / 10 + (m - mt) ** 2 / sxx))
 *     c = math.log(a) + b * m
 *     print("band", m, math.exp(c - h), math.exp(c + h))
 *
 * # Registered users; logistic band at month 24 with t(0.975, 1) =
 * # tan(0.475 pi) (the t distribution with 1 dof is Cauchy).
 * t4, reg = [0, 6, 12, 36], [500, 5000, 50000, 500000]
 * p, e = show("registered users", t4, reg)
 * A, _ = normal(p, t4, reg)
 * C = [solve(A, [float(i == j) for i in range(3)]) for j in range(3)]
 * g = grad(p, 24)
 * h = math.tan(0.475 * math.pi) * math.sqrt(
 *     e * sum(g[i] * C[i][j] * g[j] for i in range(3) for j in range(3)))
 * print("band", 24, math.exp(lnf(p, 24) - h), math.exp(lnf(p, 24) + h))
 */
