/*
 * testkit.c - the runner and small helpers behind testkit.h.
 */
#include "testkit.h"

#include <CUnit/Basic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* Reads a stream to its end, keeping what fits in buffer (if any). */
static void read_all(FILE *stream, char *buffer, size_t size)
{
    size_t used = 0, got;

    while (buffer && used + 1 < size &&
           (got = fread(buffer + used, 1, size - used - 1, stream)) > 0)
        used += got;
    if (buffer && size)
        buffer[used] = '\0';
    while (fgetc(stream) != EOF)
        continue;
}

int hr_run_headroom(const char *arguments, char *out, size_t out_size,
                    char *err, size_t err_size)
{
    char command[8192], err_path[1024];
    char *dir = hr_test_tmpdir();
    FILE *pipe, *file;
    int status;

    if (!dir)
        return -1;
    snprintf(err_path, sizeof err_path, "%s/stderr", dir);
    snprintf(command, sizeof command, "cd '%s' && '%s' %s 2>'%s'",
             HR_SOURCE_DIR, HR_BINARY, arguments, err_path);
    pipe = popen(command, "r");
    if (pipe) {
        read_all(pipe, out, out_size);
        status = pclose(pipe);
    } else {
        status = -1;
    }
    file = fopen(err_path, "r");
    if (file) {
        read_all(file, err, err_size);
        fclose(file);
    } else if (err && err_size) {
        err[0] = '\0';
    }
    remove(err_path);
    rmdir(dir);
    free(dir);
    return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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
