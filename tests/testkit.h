/*
 * testkit.h - shared helpers for headroom's CUnit tests.
 *
 * Each test file lists its cases in a table and hands it to hr_test_run(),
 * which runs them quietly and prints only failures and the closing counts.
 */
#ifndef HR_TESTKIT_H
#define HR_TESTKIT_H

#include <CUnit/CUnit.h>
#include <stddef.h>

typedef struct hr_test_case {
    const char *name;
    void (*run)(void);
} hr_test_case;

/* Turns GSL's aborting error handler off, as the tool does, then runs the
 * cases as one CUnit suite; returns the process exit status. */
int hr_test_run(const char *suite, const hr_test_case *cases, size_t count);

/* True when got is within rel_tol of want, relative to |want| (absolute
 * when want is 0). */
int hr_close(double got, double want, double rel_tol);

/* Asserts closeness and names both values in the failure message. */
#define HR_ASSERT_CLOSE(got, want, rel_tol)                                    \
    do {                                                                       \
        double hr_got_ = (got), hr_want_ = (want);                             \
        if (!hr_close(hr_got_, hr_want_, (rel_tol)))                           \
            hr_test_report_mismatch(#got, hr_got_, hr_want_, __FILE__,         \
                                    __LINE__);                                 \
        CU_ASSERT(hr_close(hr_got_, hr_want_, (rel_tol)));                     \
    } while (0)

void hr_test_report_mismatch(const char *expr, double got, double want,
                             const char *file, int line);

/* Path under the repository or under ../shared; returns a static buffer
 * valid until the next call. */
const char *hr_repo_path(const char *relative);
const char *hr_shared_path(const char *relative);

/* Makes a fresh temporary directory for a test; caller frees the path. */
char *hr_test_tmpdir(void);

/* Runs the built headroom with arguments (a shell fragment) from the
 * repository root. Its standard output goes to out and its standard error
 * to err, each NUL-terminated and cut to size; either may be NULL to
 * discard it. Returns the exit code, or -1 when it did not exit. */
int hr_run_headroom(const char *arguments, char *out, size_t out_size,
                    char *err, size_t err_size);

/* Writes text to a file; returns 0 on success. */
int hr_write_text(const char *path, const char *text);

#define HR_TEST_MAIN(suite, cases)                                             \
    int main(void)                                                             \
    {                                                                          \
        return hr_test_run((suite), (cases),                                  \
                           sizeof(cases) / sizeof(*(cases)));                 \
    }

#endif
