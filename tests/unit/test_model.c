/*
 * test_model.c - loading, schema errors with their locations, and lint
 * warnings of growth models.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/model.h"
#include "testkit.h"

/* A small valid model; the error cases below change one line of it.
 * Line numbers in the cases count from "name:" as line 1. */
static const char base_model[] =
    "name: Mini\n"                                         /* 1 */
    "document: Test document\n"                            /* 2 */
    "horizon_months: 12\n"                                 /* 3 */
    "intraday_peak_factor: {value: 2, source: assumed}\n"  /* 4 */
    "milestones:\n"                                        /* 5 */
    "  - {id: a, label: A, month: 0}\n"                    /* 6 */
    "  - {id: b, label: B, month: 12}\n"                   /* 7 */
    "series:\n"                                            /* 8 */
    "  - id: users\n"                                      /* 9 */
    "    title: Users\n"                                   /* 10 */
    "    unit: users\n"                                    /* 11 */
    "    period: level\n"                                  /* 12 */
    "    source: s1\n"                                     /* 13 */
    "    values: {a: 100, b: 1000}\n"                      /* 14 */
    "    peak: {multiplier: 3, source: s2}\n"              /* 15 */
    "targets:\n"                                           /* 16 */
    "  - {id: t, title: T, p95_ms: 100, source: s3}\n"     /* 17 */
    "tiers:\n"                                             /* 18 */
    "  - id: api\n"                                        /* 19 */
    "    title: API\n"                                     /* 20 */
    "    driver: users\n"                                  /* 21 */
    "    requests_per_unit: {value: 0.1, source: x}\n"     /* 22 */
    "    service_time_ms: {value: 20, source: x}\n"        /* 23 */
    "    servers: {value: 2, source: x}\n"                 /* 24 */
    "    target: t\n";                                     /* 25 */

/* Writes base_model with the first occurrence of find replaced, loads
 * it, and returns the status; diags receives the messages. */
static hr_status load_variant(const char *find, const char *replace,
                              hr_diags *diags, hr_model **model)
{
    char text[4096], path[512];
    const char *at = find ? strstr(base_model, find) : NULL;
    char *dir = hr_test_tmpdir();
    hr_status status;

    CU_ASSERT_FATAL(dir != NULL);
    CU_ASSERT_FATAL(!find || at != NULL);
    if (at)
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - base_model),
                 base_model, replace, at + strlen(find));
    else
        snprintf(text, sizeof text, "%s", base_model);
    snprintf(path, sizeof path, "%s/model.yaml", dir);
    CU_ASSERT_FATAL(hr_write_text(path, text) == 0);
    status = hr_model_load(path, model, diags);
    remove(path);
    rmdir(dir);
    free(dir);
    return status;
}

/* True when some error has this line, column and message fragment. */
static int has_error(const hr_diags *diags, unsigned long line,
                     unsigned long column, const char *fragment)
{
    for (size_t i = 0; i < diags->count; i++) {
        const hr_diag *d = &diags->items[i];

        if (d->severity == HR_ERROR && d->line == line &&
            d->column == column && strstr(d->message, fragment))
            return 1;
    }
    return 0;
}

static void print_diags_on_failure(const hr_diags *diags, int ok)
{
    if (!ok)
        hr_diags_print(diags, stderr);
}

static void test_base_model_loads(void)
{
    hr_diags diags = {0};
    hr_model *model = NULL;

    CU_ASSERT_EQUAL(load_variant(NULL, NULL, &diags, &model), HR_OK);
    CU_ASSERT_EQUAL(diags.count, 0);
    CU_ASSERT_FATAL(model != NULL);
    CU_ASSERT_EQUAL(model->milestone_count, 2);
    CU_ASSERT_EQUAL(model->series[0].values[1].value, 1000.0);
    CU_ASSERT_EQUAL(model->series[0].values[1].where.line, 14);
    CU_ASSERT_EQUAL(model->tiers[0].servers, 2);
    CU_ASSERT_EQUAL(model->series[0].peak_multiplier, 3.0);
    hr_model_free(model);
    hr_diags_release(&diags);
}

typedef struct error_case {
    const char *find;
    const char *replace;
    unsigned long line;
    unsigned long column;
    const char *fragment;
} error_case;

static const error_case error_cases[] = {
    /* unknown key, pointing at the key itself */
    {"    title: Users\n", "    title: Users\n    colour: red\n", 11, 5,
     "unknown key 'colour'"},
    /* wrong type: a list where a number belongs */
    {"{a: 100, b: 1000}", "{a: [100], b: 1000}", 14, 17, "single value"},
    /* negative and non-finite numbers */
    {"{a: 100, b: 1000}", "{a: -100, b: 1000}", 14, 17,
     "must be zero or more, got -100"},
    {"{a: 100, b: 1000}", "{a: .nan, b: 1000}", 14, 17, "finite"},
    {"p95_ms: 100", "p95_ms: .inf", 17, 31, "finite"},
    {"{value: 20, source: x}", "{value: fast, source: x}", 23, 30,
     "'service_time_ms' must be a number, got 'fast'"},
    /* missing required value */
    {"    target: t\n", "", 19, 5, "missing required key 'target'"},
    /* milestones out of time order */
    {"month: 12}", "month: 0}", 7, 30, "time order"},
    /* a value for every milestone, null when absent */
    {"{a: 100, b: 1000}", "{a: 100}", 14, 13, "no entry for milestone 'b'"},
    {"{a: 100, b: 1000}", "{a: 100, c: 5, b: 1}", 14, 22,
     "'c' is not a milestone id"},
    /* dangling references */
    {"driver: users", "driver: visitors", 19, 5,
     "unknown series 'visitors'"},
    /* a series extrapolated from itself, directly or round a loop */
    {"    title: Users\n", "    title: Users\n    extrapolate_with: users\n",
     9, 5, "extrapolated from itself"},
    /* ids name things: each once per kind */
    {"  - {id: t, title: T, p95_ms: 100, source: s3}\n",
     "  - {id: t, title: T, p95_ms: 100, source: s3}\n"
     "  - {id: t, title: U, p95_ms: 200, source: s4}\n",
     18, 5, "target id 't' is used twice"},
    /* peak multipliers below 1 would shrink the peak */
    {"multiplier: 3", "multiplier: 0.5", 15, 24, "at least 1"},
    /* access-log routes need a path and a label */
    {"    target: t\n", "    target: t\naccess_log:\n  routes:\n"
     "    - {method: GET, label: x}\n", 28, 7,
     "missing required key 'path'"},
    {"    target: t\n", "    target: t\naccess_log: {format: x}\n", 26,
     14, "unknown key 'format'"},
    /* a key given twice would be silently ignored the second time */
    {"horizon_months: 12\n", "horizon_months: 12\nhorizon_months: 24\n", 4,
     1, "key 'horizon_months' appears twice"},
    /* a fraction of a server */
    {"{value: 2, source: x}", "{value: 2.5, source: x}", 24, 14,
     "whole number"},
};

static void test_errors_have_locations(void)
{
    for (size_t i = 0; i < sizeof error_cases / sizeof *error_cases; i++) {
        const error_case *c = &error_cases[i];
        hr_diags diags = {0};
        hr_model *model = NULL;
        hr_status status = load_variant(c->find, c->replace, &diags, &model);
        int found = has_error(&diags, c->line, c->column, c->fragment);

        if (!found)
            fprintf(stderr, "case %zu: want %lu:%lu '%s'\n", i, c->line,
                    c->column, c->fragment);
        print_diags_on_failure(&diags, found);
        CU_ASSERT_EQUAL(status, HR_ERR_INVALID);
        CU_ASSERT_PTR_NULL(model);
        CU_ASSERT(found);
        hr_diags_release(&diags);
    }
}

static void test_malformed_yaml(void)
{
    hr_diags diags = {0};
    hr_model *model = NULL;
    hr_status status = load_variant("title: Users\n", "title: [Users\n",
                                    &diags, &model);

    CU_ASSERT_EQUAL(status, HR_ERR_PARSE);
    CU_ASSERT_EQUAL(diags.count, 1);
    CU_ASSERT(diags.count && strstr(diags.items[0].message, "malformed"));
    CU_ASSERT(diags.count && diags.items[0].line >= 10);
    hr_diags_release(&diags);
}

static void test_missing_file(void)
{
    hr_diags diags = {0};
    hr_model *model = NULL;

    CU_ASSERT_EQUAL(hr_model_load("/nonexistent/m.yaml", &model, &diags),
                    HR_ERR_IO);
    CU_ASSERT(diags.count == 1 &&
              strstr(diags.items[0].message, "No such file"));
    hr_diags_release(&diags);
}

/* Access-log routes turn request paths into the labels the targets
 * match: a course search is a complex query (300 ms), a lesson
 * completion a progress update (200 ms), any other page a page load. */
static void test_routes(hr_model *model)
{
    char label[64];

    CU_ASSERT(hr_model_route_label(model, "GET", "/api/courses/search",
                                   label, sizeof label));
    CU_ASSERT_STRING_EQUAL(label, "course-search");
    CU_ASSERT_STRING_EQUAL(hr_model_match_label(model, label)->id,
                           "complex_query");
    CU_ASSERT(hr_model_route_label(model, "POST", "/api/lessons/42/complete",
                                   label, sizeof label));
    CU_ASSERT_STRING_EQUAL(hr_model_match_label(model, label)->id,
                           "lesson_completion");
    CU_ASSERT(hr_model_route_label(model, "GET", "/courses/intro", label,
                                   sizeof label));
    CU_ASSERT_STRING_EQUAL(hr_model_match_label(model, label)->id,
                           "page_load");
    /* POST to a page path matches no route: the reader keeps its own. */
    CU_ASSERT_FALSE(hr_model_route_label(model, "POST", "/courses/intro",
                                         label, sizeof label));
}

/* The Doctrina document has more concurrent than registered users at
 * MVP, 6 months and 1 year (1,000 > 500; 10,000 > 5,000;
 * 100,000 > 50,000), and students plus instructors short of the total at
 * all four milestones (150 of 500, 4,200 of 5,000, 46,000 of 50,000,
 * 485,000 of 500,000). */
static void test_doctrina_lint(void)
{
    hr_diags diags = {0};
    hr_model *model = NULL;
    size_t bound = 0, parts = 0;

    CU_ASSERT_EQUAL_FATAL(
        hr_model_load(hr_repo_path("models/doctrina.yaml"), &model, &diags),
        HR_OK);
    CU_ASSERT_EQUAL(hr_diags_count(&diags, HR_ERROR), 0);
    for (size_t i = 0; i < diags.count; i++) {
        bound += strstr(diags.items[i].message, "exceed Registered") != NULL;
        parts += strstr(diags.items[i].message, "parts add up") != NULL;
        CU_ASSERT(diags.items[i].line > 0 && diags.items[i].column > 0);
    }
    CU_ASSERT_EQUAL(bound, 3);
    CU_ASSERT_EQUAL(parts, 4);
    CU_ASSERT_EQUAL(model->milestone_count, 4);
    CU_ASSERT(hr_model_match_label(model, "HP-1") != NULL);
    CU_ASSERT_STRING_EQUAL(hr_model_match_label(model, "HP")->id,
                           "page_load");
    CU_ASSERT_STRING_EQUAL(hr_model_match_label(model, "enroll-course")->id,
                           "complex_mutation");
    test_routes(model);
    hr_model_free(model);
    hr_diags_release(&diags);
}

/* A 40 ms service time has an exponential p95 of -ln(0.05) * 40 =
 * 119.8 ms, over a 100 ms target: a warning at the tier, and the model
 * still loads. */
static void test_unreachable_target_lint(void)
{
    hr_diags diags = {0};
    hr_model *model = NULL;
    hr_status status = load_variant("{value: 20, source: x}",
                                    "{value: 40, source: x}", &diags, &model);

    CU_ASSERT_EQUAL(status, HR_OK);
    CU_ASSERT_EQUAL_FATAL(diags.count, 1);
    CU_ASSERT_EQUAL(diags.items[0].severity, HR_WARNING);
    CU_ASSERT_EQUAL(diags.items[0].line, 19);
    CU_ASSERT(strstr(diags.items[0].message, "p95 of 120 ms") != NULL);
    hr_model_free(model);
    hr_diags_release(&diags);
}

static const hr_test_case cases[] = {
    {"base model loads", test_base_model_loads},
    {"schema errors carry file:line:column", test_errors_have_locations},
    {"malformed YAML", test_malformed_yaml},
    {"unreachable target warned", test_unreachable_target_lint},
    {"missing file", test_missing_file},
    {"Doctrina lint warnings", test_doctrina_lint},
};

HR_TEST_MAIN("model", cases)
