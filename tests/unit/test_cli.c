/*
 * test_cli.c - end to end: runs the built binary on the shipped model and
 * data, and checks the outputs with the programs that will open them:
 * Gnumeric's ssconvert for the workbook, poppler's pdfinfo for the PDF,
 * cairo's PNG decoder for the charts. Also the exit codes, and that a
 * failed run leaves earlier outputs as they were.
 */
#include <cairo.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testkit.h"

/* Runs a shell command from the repository root; returns the exit code,
 * with stdout and stderr captured into *output when given. */
static int run(const char *command, char *output, size_t size)
{
    char full[8192];
    FILE *pipe;
    size_t used = 0;
    int status;

    snprintf(full, sizeof full, "cd '%s' && %s 2>&1", HR_SOURCE_DIR,
             command);
    pipe = popen(full, "r");
    CU_ASSERT_FATAL(pipe != NULL);
    if (output && size)
        output[0] = '\0';
    while (output && used + 1 < size &&
           fgets(output + used, (int)(size - used), pipe))
        used += strlen(output + used);
    while (fgetc(pipe) != EOF)
        continue;
    status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_headroom(const char *arguments, char *output, size_t size)
{
    char command[6144];

    snprintf(command, sizeof command, "'%s' %s", HR_BINARY, arguments);
    return run(command, output, size);
}

static char *out_dir;

static const char *out_path(const char *name)
{
    static char path[1024];

    snprintf(path, sizeof path, "%s/%s", out_dir, name);
    return path;
}

static long file_size(const char *path)
{
    struct stat info;

    return stat(path, &info) == 0 ? (long)info.st_size : -1;
}

/* No temporary file may be left beside the outputs. */
static int count_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;

    if (!d)
        return 0;
    while ((e = readdir(d)))
        found += strstr(e->d_name, ".tmp-") != NULL;
    closedir(d);
    return found;
}

static void test_main_job_writes_outputs(void)
{
    char command[1024], output[16384];
    int code;

    out_dir = hr_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(out_dir);
    snprintf(command, sizeof command, "--out '%s'", out_dir);
    code = run_headroom(command, output, sizeof output);
    if (code != 0)
        fputs(output, stderr);
    CU_ASSERT_EQUAL(code, 0);
    CU_ASSERT(strstr(output, "servers needed for p95 within target") != NULL);
    CU_ASSERT(strstr(output, "verdict:") != NULL);
    CU_ASSERT(file_size(out_path("capacity-plan.xlsx")) > 0);
    CU_ASSERT(file_size(out_path("capacity-plan.pdf")) > 0);
    CU_ASSERT_EQUAL(count_temporaries(out_dir), 0);
}

/* Gnumeric opens the workbook and writes one CSV per sheet. */
static void test_workbook_opens_in_gnumeric(void)
{
    char command[4096];
    int sheets = 0;

    snprintf(command, sizeof command,
             "ssconvert -S '%s' '%s/sheet-%%n.csv' >/dev/null",
             out_path("capacity-plan.xlsx"), out_dir);
    CU_ASSERT_EQUAL(run(command, NULL, 0), 0);
    for (int i = 0; i < 12; i++) {
        char name[64];

        snprintf(name, sizeof name, "sheet-%d.csv", i);
        sheets += file_size(out_path(name)) > 0;
    }
    CU_ASSERT_EQUAL(sheets, 8);
}

static void test_pdf_has_pages(void)
{
    char command[4096], output[4096];
    const char *pages;

    snprintf(command, sizeof command, "pdfinfo '%s'",
             out_path("capacity-plan.pdf"));
    CU_ASSERT_EQUAL_FATAL(run(command, output, sizeof output), 0);
    pages = strstr(output, "Pages:");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pages);
    CU_ASSERT(atoi(pages + 6) >= 3);
}

static void test_charts_decode(void)
{
    static const char *const charts[] = {"charts/growth.png",
                                         "charts/servers.png",
                                         "charts/latency.png"};

    for (size_t i = 0; i < 3; i++) {
        cairo_surface_t *png =
            cairo_image_surface_create_from_png(out_path(charts[i]));

        CU_ASSERT_EQUAL(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
        CU_ASSERT_EQUAL(cairo_image_surface_get_width(png), 1200);
        CU_ASSERT_EQUAL(cairo_image_surface_get_height(png), 700);
        cairo_surface_destroy(png);
    }
}

/* Failed runs (a missing template: exit 4; a malformed template or model:
 * exit 3) leave the previous outputs byte for byte as they were. */
static void test_failed_run_keeps_outputs(void)
{
    char command[4096], before[2048], after[2048];

    snprintf(command, sizeof command, "cat '%s' '%s' | md5sum",
             out_path("capacity-plan.xlsx"), out_path("capacity-plan.pdf"));
    run(command, before, sizeof before);
    snprintf(command, sizeof command,
             "--out '%s' --template /nonexistent/t.yaml", out_dir);
    CU_ASSERT_EQUAL(run_headroom(command, NULL, 0), 4);
    snprintf(command, sizeof command,
             "--out '%s' --template models/doctrina.yaml", out_dir);
    CU_ASSERT_EQUAL(run_headroom(command, NULL, 0), 3);
    snprintf(command, sizeof command,
             "--out '%s' --model tests/unit/test_cli.c", out_dir);
    CU_ASSERT_EQUAL(run_headroom(command, NULL, 0), 3);
    snprintf(command, sizeof command, "cat '%s' '%s' | md5sum",
             out_path("capacity-plan.xlsx"), out_path("capacity-plan.pdf"));
    run(command, after, sizeof after);
    CU_ASSERT_STRING_EQUAL(before, after);
    CU_ASSERT_EQUAL(count_temporaries(out_dir), 0);
}

/* A label mapped to the 100 ms simple-query target, measured at 300 ms
 * p95: a plan that shows a miss exits 0, and 1 with --strict. */
static void test_strict_exit_on_missed_target(void)
{
    char command[2048], data[1024], output[16384];
    FILE *file;

    snprintf(data, sizeof data, "%s/slow.csv", out_dir);
    file = fopen(data, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    fputs("timeStamp,elapsed,label,responseCode,success\n", file);
    for (int i = 0; i < 20; i++)
        fprintf(file, "%d,300,get-profile,200,true\n", 1700000000 + i);
    fclose(file);

    snprintf(command, sizeof command, "--out '%s/x' --data '%s'", out_dir,
             data);
    CU_ASSERT_EQUAL(run_headroom(command, output, sizeof output), 0);
    CU_ASSERT(strstr(output, "MISSED") != NULL);
    snprintf(command, sizeof command, "--strict --out '%s/x' --data '%s'",
             out_dir, data);
    CU_ASSERT_EQUAL(run_headroom(command, output, sizeof output), 1);
    CU_ASSERT(strstr(output, "error: 1 measured p95 target missed") != NULL);
}

/* Leftovers of killed runs are swept at the next run (only names the
 * run writes: other files stay), and a run stopped by SIGTERM removes its
 * own temporary files before it ends. */
static void test_leftovers_swept(void)
{
    char command[4096], path[2048];

    snprintf(path, sizeof path, "%s/capacity-plan.pdf.tmp-abcdef", out_dir);
    CU_ASSERT_EQUAL_FATAL(hr_write_text(path, "partial"), 0);
    snprintf(path, sizeof path, "%s/notes.tmp-abcdef", out_dir);
    CU_ASSERT_EQUAL_FATAL(hr_write_text(path, "someone else's"), 0);
    snprintf(command, sizeof command, "-q --out '%s'", out_dir);
    CU_ASSERT_EQUAL(run_headroom(command, NULL, 0), 0);
    CU_ASSERT_EQUAL(count_temporaries(out_dir), 1);
    CU_ASSERT(file_size(path) > 0);
    remove(path);

    for (int delay_ms = 50; delay_ms <= 400; delay_ms += 70) {
        snprintf(command, sizeof command,
                 "timeout -s TERM %d.%03ds '%s' -q --out '%s'; true",
                 delay_ms / 1000, delay_ms % 1000, HR_BINARY, out_dir);
        run(command, NULL, 0);
        CU_ASSERT_EQUAL(count_temporaries(out_dir), 0);
    }
}

/* Production access logs are labelled by the model's routes: every GET of
 * a page path becomes "page" (the page-load target). The corpus nginx log
 * has 498 complete GET lines with a request time; counted independently
 * with python3:
 *   re.search(r'"GET (\S+) HTTP/[0-9.]+" (\d{3}) .*rt=([0-9.]+)', line)
 * over its lines gives 498 (500 lines hold "GET ", two are cut short). */
static void test_access_log_routes(void)
{
    char command[4096], output[16384];
    const char *page;

    snprintf(command, sizeof command, "--out '%s/x' --data '%s'", out_dir,
             hr_shared_path("corpus/access-logs"));
    CU_ASSERT_EQUAL(run_headroom(command, output, sizeof output), 0);
    page = strstr(output, "\n  page ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(page);
    CU_ASSERT_EQUAL(atoi(page + 8), 498);
}

static void test_usage_and_check(void)
{
    char output[8192];

    CU_ASSERT_EQUAL(run_headroom("--bogus", output, sizeof output), 2);
    CU_ASSERT(strstr(output, "unknown option '--bogus'") != NULL);
    CU_ASSERT_EQUAL(run_headroom("--out ''", output, sizeof output), 2);
    CU_ASSERT(strstr(output, "non-empty path") != NULL);
    CU_ASSERT_EQUAL(run_headroom("frobnicate", NULL, 0), 2);
    CU_ASSERT_EQUAL(run_headroom("--help", output, sizeof output), 0);
    CU_ASSERT(strstr(output, "exit codes:") != NULL);
    CU_ASSERT_EQUAL(run_headroom("check", output, sizeof output), 0);
    CU_ASSERT(strstr(output, "warning: models/doctrina.yaml:") != NULL);
    CU_ASSERT(strstr(output, "is valid") != NULL);
    CU_ASSERT_EQUAL(run_headroom("check --model /nonexistent.yaml", output,
                                 sizeof output),
                    4);
}

/* An output directory that cannot be made is an I/O failure. */
static void test_unwritable_output(void)
{
    CU_ASSERT_EQUAL(run_headroom("--out /proc/headroom-out", NULL, 0), 4);
}

static void test_cleanup(void)
{
    char command[1200];

    snprintf(command, sizeof command, "rm -rf '%s'", out_dir);
    CU_ASSERT_EQUAL(run(command, NULL, 0), 0);
    free(out_dir);
}

static const hr_test_case cases[] = {
    {"main job writes its outputs", test_main_job_writes_outputs},
    {"workbook opens in Gnumeric", test_workbook_opens_in_gnumeric},
    {"PDF has its pages", test_pdf_has_pages},
    {"charts decode", test_charts_decode},
    {"failed run keeps previous outputs", test_failed_run_keeps_outputs},
    {"--strict exits 1 on a missed target",
     test_strict_exit_on_missed_target},
    {"leftovers swept, SIGTERM cleans up", test_leftovers_swept},
    {"access logs labelled by the model's routes", test_access_log_routes},
    {"usage errors and check", test_usage_and_check},
    {"unwritable output directory", test_unwritable_output},
    {"clean up", test_cleanup},
};

HR_TEST_MAIN("cli", cases)
