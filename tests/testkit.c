/*
 * testkit.c - the runner and small helpers behind testkit.h.
 */
#include "testkit.h"

#include <CUnit/Basic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/error.h"

int hr_close(double got, double want, double rel_tol)
{
    double scale = fabs(want) > 0.0 ? fabs(want) : 1.0;

    if (isnan(got) || isnan(want))
        return 0;
    return fabs(got - want) <= rel_tol * scale;
}

void hr_test_report_mismatch(const char *expr, double got, double want,
                             const char *file, int line)
{
    fprintf(stderr, "%s:%d: %s = %.10g, expected %.10g\n", file, line, expr,
            got, want);
}

static const char *join_path(const char *root, const char *relative)
{
    static char buffer[4096];

    snprintf(buffer, sizeof buffer, "%s/%s", root, relative);
    return buffer;
}

const char *hr_repo_path(const char *relative)
{
    return join_path(HR_SOURCE_DIR, relative);
}

const char *hr_shared_path(const char *relative)
{
    return join_path(HR_SHARED_DIR, relative);
}

char *hr_test_tmpdir(void)
{
    char template[] = "/tmp/headroom-test-XXXXXX";
    char *made = mkdtemp(template);

    return made ? strdup(made) : NULL;
}

int hr_write_text(const char *path, const char *text)
{
    FILE *file = fopen(path, "wb");
    int failed;

    if (!file)
        return -1;
    failed = fputs(text, file) < 0;
    failed |= fclose(file) != 0;
    return failed ? -1 : 0;
}

int hr_test_run(const char *suite_name, const hr_test_case *cases,
                size_t count)
{
    CU_pSuite suite;
    unsigned failures;

    hr_numeric_init();
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    suite = CU_add_suite(suite_name, NULL, NULL);
    for (size_t i = 0; suite && i < count; i++)
        CU_add_test(suite, cases[i].name, cases[i].run);

    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    failures = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failures == 0 ? 0 : 1;
}
