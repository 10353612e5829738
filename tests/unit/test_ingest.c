/*
 * test_ingest.c - `headroom ingest` through the built binary (JSON and
 * text output, skipped rows, standard input, gzip, --format, exit
 * codes), and the JMeter reader's two-thread path against its sequential
 * one on files whose middle falls inside a quoted multi-line field.
 *
 * Expected figures for the corpus file are those of test_jtl.c (worked
 * out with python3's csv module and exact nearest-rank percentiles); the
 * minimum, mean and throughput were computed the same way:
 *
 *   rows = csv.DictReader(open('jmeter_5x_standard_17_columns.csv'))
 *   per label: min(elapsed), sum(elapsed) / n,
 *              n / ((max(start + elapsed) - min(start)) / 1000)
 *
 * giving JR-OK 101, 235.90079365079364, 4.187089806430174 and JR-KO 100,
 * 199.66666666666666, 0.07922465471254656. The two-thread path is held
 * to the sequential reading of the same bytes (through gzip, which is
 * never split), figure for figure.
 */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "headroom/jtl.h"
#include "headroom/metrics.h"
#include "testkit.h"

#define STANDARD17 "corpus/jmeter-jtl-csv/jmeter_5x_standard_17_columns.csv"
#define HEAD "timeStamp,elapsed,label,responseCode,success\n"

/* ---- helpers ---------------------------------------------------------- */

static char *tmpdir;

/* A path in the test's temporary directory (one of two static buffers,
 * so two may be used at once). */
static const char *tmp_path(const char *name)
{
    static char paths[2][1024];
    static int which;

    if (!tmpdir)
        tmpdir = hr_test_tmpdir();
    which ^= 1;
    snprintf(paths[which], sizeof paths[which], "%s/%s", tmpdir, name);
    return paths[which];
}

/* Runs `headroom ingest ARGUMENTS` from the repository root; stdout goes
 * to out, stderr to err. Returns the exit code. */
static int ingest(const char *arguments, char *out, size_t out_size,
                  char *err, size_t err_size)
{
    char command[8192];

    snprintf(command, sizeof command, "ingest %s", arguments);
    return hr_run_headroom(command, out, out_size, err, err_size);
}

/* The number at key in object, NAN when null or absent. */
static double json_number(json_object *object, const char *key)
{
    json_object *value = NULL;

    if (!json_object_object_get_ex(object, key, &value) || !value)
        return NAN;
    return json_object_get_double(value);
}

/* The member key of object, or NULL. */
static json_object *json_member(json_object *object, const char *key)
{
    json_object *value = NULL;

    json_object_object_get_ex(object, key, &value);
    return value;
}

/* Writes bytes to path. */
static void write_file(const char *path, const char *bytes, size_t n)
{
    FILE *file = fopen(path, "wb");

    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    CU_ASSERT_EQUAL(fwrite(bytes, 1, n, file), n);
    fclose(file);
}

/* Writes bytes to path as gzip. */
static void write_gzip(const char *path, const char *bytes, size_t n)
{
    gzFile file = gzopen(path, "wb");

    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    CU_ASSERT_EQUAL(gzwrite(file, bytes, (unsigned)n), (int)n);
    gzclose(file);
}

/* ---- JSON and text output --------------------------------------------- */

typedef struct label_want {
    const char *label;
    double samples, errors, min, mean, p50, p95, p99, max, rate;
} label_want;

/* The standard 17-column corpus file (see the comment at the top). */
static const label_want standard17[] = {
    {"JR-KO", 3, 3, 100, 199.66666666666666, 170, 329, 329, 329,
     0.07922465471254656},
    {"JR-OK", 252, 0, 101, 235.90079365079364, 232, 339, 353, 353,
     4.187089806430174},
};

/* Checks one label of the "labels" object. */
static void check_label(json_object *labels, const label_want *want)
{
    json_object *entry = json_member(labels, want->label);

    CU_ASSERT_PTR_NOT_NULL_FATAL(entry);
    HR_ASSERT_CLOSE(json_number(entry, "samples"), want->samples, 0.0);
    HR_ASSERT_CLOSE(json_number(entry, "errors"), want->errors, 0.0);
    HR_ASSERT_CLOSE(json_number(entry, "min_ms"), want->min, 0.0);
    HR_ASSERT_CLOSE(json_number(entry, "mean_ms"), want->mean, 1e-13);
    HR_ASSERT_CLOSE(json_number(entry, "p50_ms"), want->p50, 0.0);
    HR_ASSERT_CLOSE(json_number(entry, "p95_ms"), want->p95, 0.0);
    HR_ASSERT_CLOSE(json_number(entry, "p99_ms"), want->p99, 0.0);
    HR_ASSERT_CLOSE(json_number(entry, "max_ms"), want->max, 0.0);
    HR_ASSERT_CLOSE(json_number(entry, "throughput_per_s"), want->rate,
                    1e-13);
}

/* Parses ingest's JSON and checks the file entry and both labels. */
static void check_standard17_json(const char *text, const char *path,
                                  int records)
{
    json_object *root = json_tokener_parse(text);
    json_object *files, *file, *labels;

    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    files = json_member(root, "files");
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(files), 1);
    file = json_object_array_get_idx(files, 0);
    CU_ASSERT_STRING_EQUAL(json_object_get_string(json_member(file, "path")),
                           path);
    CU_ASSERT_STRING_EQUAL(
        json_object_get_string(json_member(file, "format")), "jmeter-csv");
    HR_ASSERT_CLOSE(json_number(file, "records"), records, 0.0);
    HR_ASSERT_CLOSE(json_number(file, "skipped"), 0, 0.0);
    labels = json_member(root, "labels");
    CU_ASSERT_EQUAL(json_object_object_length(labels), 2);
    for (size_t i = 0; i < 2; i++)
        check_label(labels, &standard17[i]);
    json_object_put(root);
}

/* --json on a corpus file gives the figures worked out independently. */
static void test_json_corpus(void)
{
    static char out[65536], err[4096];
    char arguments[1024];

    snprintf(arguments, sizeof arguments, "--json '%s'",
             hr_shared_path(STANDARD17));
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    check_standard17_json(out, hr_shared_path(STANDARD17), 255);
    CU_ASSERT_STRING_EQUAL(err, "");
}

/* Standard input ("-") and a gzip copy read the same. */
static void test_stdin_and_gzip(void)
{
    static char out[65536], err[4096], bytes[32768];
    char arguments[1024];
    FILE *file = fopen(hr_shared_path(STANDARD17), "rb");
    size_t n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    n = fread(bytes, 1, sizeof bytes, file);
    fclose(file);
    snprintf(arguments, sizeof arguments, "--json - < '%s'",
             hr_shared_path(STANDARD17));
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    check_standard17_json(out, "<stdin>", 255);

    write_gzip(tmp_path("standard.jtl.gz"), bytes, n);
    snprintf(arguments, sizeof arguments, "--json '%s'",
             tmp_path("standard.jtl.gz"));
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    check_standard17_json(out, tmp_path("standard.jtl.gz"), 255);
    snprintf(arguments, sizeof arguments, "--json - < '%s'",
             tmp_path("standard.jtl.gz"));
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    check_standard17_json(out, "<stdin>", 255);
    unlink(tmp_path("standard.jtl.gz"));
}

/* Malformed rows are skipped and counted; the text report lists the
 * file's rows and the reasons with file:line, and the labels. */
static void test_skipped_rows(void)
{
    static const char text[] = HEAD
        "1551783627191,351,a,200,true\n"
        "1551783627543,abc,b,200,true\n"
        "1551783627735,131,a,500,false\n"
        "1551783627866,x,c,200,true\n";
    static char out[65536], err[4096];
    char arguments[1024], want[1200];
    const char *path = tmp_path("skips.csv");
    json_object *root, *file;

    write_file(path, text, sizeof text - 1);
    snprintf(arguments, sizeof arguments, "'%s'", path);
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    snprintf(want, sizeof want, "%s (jmeter-csv): 2 rows read, 2 skipped",
             path);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
    snprintf(want, sizeof want,
             "%s:3: skipped row: elapsed 'abc' is not a number", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
    snprintf(want, sizeof want, "%s:5: skipped row: elapsed 'x'", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
    /* Label a: 2 samples, 1 error (50 %), p50 131, p95 = max = 351. */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "a              2  50.00%     131.0"
                                       "     351.0     351.0     351.0"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "percentiles: nearest rank"));

    snprintf(arguments, sizeof arguments, "--json '%s'", path);
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    root = json_tokener_parse(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    file = json_object_array_get_idx(json_member(root, "files"), 0);
    HR_ASSERT_CLOSE(json_number(file, "records"), 2, 0.0);
    HR_ASSERT_CLOSE(json_number(file, "skipped"), 2, 0.0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "skips.csv:3: skipped row"));
    json_object_put(root);
    unlink(path);
}

/* --format reads a file that detection refuses: a headerless row whose
 * first field has 12 digits is not taken for JMeter's epoch ms. */
static void test_format_override(void)
{
    static const char text[] = "155178362719,351,JR-OK,200,Good\n";
    static char out[8192], err[4096];
    char arguments[1024];
    const char *path = tmp_path("twelve.csv");

    write_file(path, text, sizeof text - 1);
    snprintf(arguments, sizeof arguments, "'%s'", path);
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a result format"));
    snprintf(arguments, sizeof arguments, "--format jmeter-csv --json '%s'",
             path);
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"JR-OK\""));
    unlink(path);
}

/* Two files add up into one set of labels. */
static void test_two_files(void)
{
    static char out[65536], err[4096];
    char arguments[2048];
    json_object *root, *entry;

    snprintf(arguments, sizeof arguments, "--json '%s' '%s'",
             hr_shared_path(STANDARD17), hr_shared_path(STANDARD17));
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    root = json_tokener_parse(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT_EQUAL(json_object_array_length(json_member(root, "files")), 2);
    entry = json_member(json_member(root, "labels"), "JR-OK");
    HR_ASSERT_CLOSE(json_number(entry, "samples"), 504, 0.0);
    HR_ASSERT_CLOSE(json_number(entry, "p99_ms"), 353, 0.0);
    json_object_put(root);
}

/* ---- exit codes ------------------------------------------------------- */

typedef struct exit_case {
    const char *arguments;   /* @: the temporary directory */
    int code;
    const char *message;     /* expected in stderr */
} exit_case;

/* Copies text to out with each '@' replaced by the temporary directory. */
static void expand(const char *text, char *out, size_t size)
{
    size_t used = 0;

    for (; *text && used + 1 < size; text++) {
        if (*text == '@')
            used += (size_t)snprintf(out + used, size - used, "%s", tmpdir);
        else
            out[used++] = *text;
    }
    out[used < size ? used : size - 1] = '\0';
}

/* Exit codes: 2 for usage, 3 when nothing is readable, 4 when a file
 * cannot be read at all. */
static void test_exit_codes(void)
{
    static const exit_case cases[] = {
        {"", 2, "no input files"},
        {"--format nosuch '@/empty.csv'", 2, "unknown format 'nosuch'"},
        {"--window 0 '@/empty.csv'", 2, "not a positive number"},
        {"--bogus", 2, "unknown option"},
        {"'@/empty.csv'", 3, "file is empty"},
        {"'@/garbage.txt'", 3, "not a result format headroom reads"},
        {"'@/all_bad.csv'", 3, "no samples: all 2 rows were skipped"},
        {"'@/header_only.csv'", 3, "has a header but no rows"},
        {"'@/missing.csv'", 4, "cannot open: No such file or directory"},
        {"'@/all_bad.csv' '@/missing.csv'", 4, "missing.csv"},
    };
    static char out[65536], err[8192];
    char arguments[2048];

    write_file(tmp_path("empty.csv"), "", 0);
    write_file(tmp_path("garbage.txt"), "hello\nworld\n", 12);
    write_file(tmp_path("all_bad.csv"), HEAD "1,x,a,200,true\n2,y,a,200,"
               "true\n", strlen(HEAD) + 30);
    write_file(tmp_path("header_only.csv"), HEAD, strlen(HEAD));
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int code;

        expand(cases[i].arguments, arguments, sizeof arguments);
        code = ingest(arguments, out, sizeof out, err, sizeof err);
        if (code != cases[i].code || !strstr(err, cases[i].message))
            fprintf(stderr, "ingest %s: exit %d, stderr:\n%s\n", arguments,
                    code, err);
        CU_ASSERT_EQUAL(code, cases[i].code);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].message));
    }
    CU_ASSERT_EQUAL(ingest("--help", out, sizeof out, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "jmeter-csv"));
    unlink(tmp_path("empty.csv"));
    unlink(tmp_path("garbage.txt"));
    unlink(tmp_path("all_bad.csv"));
    unlink(tmp_path("header_only.csv"));
}

/* ---- Locust runs and monitor figures ----------------------------------- */

/* Copies a corpus file to a path. */
static void copy_corpus(const char *relative, const char *path)
{
    static char bytes[1 << 16];
    FILE *file = fopen(hr_shared_path(relative), "rb");
    size_t n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    n = fread(bytes, 1, sizeof bytes, file);
    CU_ASSERT_FATAL(feof(file));
    fclose(file);
    write_file(path, bytes, n);
}

#define RETAIL "corpus/locust/retaildemo_2024_"

/* Checks ingest's JSON of the retail demo run read as one: the counts
 * of the stats file (5 endpoints, 37219 requests, the one failure of
 * the products endpoint a connection failure, as the failures file's
 * gaierror tells), and the files with their rows. */
static void check_retail_run(const char *text)
{
    json_object *root = json_tokener_parse(text), *files, *labels, *entry;
    static const char *const formats[] = {
        "locust-failures", "locust-stats", "locust-history",
    };
    static const double records[] = {1, 6, 0};
    double total = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    files = json_member(root, "files");
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(files), 3);
    for (size_t i = 0; i < 3; i++) {
        json_object *file = json_object_array_get_idx(files, i);

        CU_ASSERT_STRING_EQUAL(
            json_object_get_string(json_member(file, "format")), formats[i]);
        HR_ASSERT_CLOSE(json_number(file, "records"), records[i], 0.0);
    }
    labels = json_member(root, "labels");
    CU_ASSERT_EQUAL(json_object_object_length(labels), 5);
    json_object_object_foreach(labels, name, value) {
        (void)name;
        total += json_number(value, "samples");
    }
    HR_ASSERT_CLOSE(total, 37219, 0.0);
    entry = json_member(labels, "GET /products/*");
    CU_ASSERT_PTR_NOT_NULL_FATAL(entry);
    HR_ASSERT_CLOSE(json_number(entry, "samples"), 4286, 0.0);
    HR_ASSERT_CLOSE(json_number(entry, "errors"), 1, 0.0);
    HR_ASSERT_CLOSE(json_number(json_member(entry, "errors_by_kind"),
                                "connection"), 1, 0.0);
    HR_ASSERT_CLOSE(json_number(json_member(entry, "errors_by_kind"),
                                "other"), 0, 0.0);
    json_object_put(root);
}

/* The stats, history and failures files of one Locust run, named as
 * Locust names them, are read as one run, whether given as a directory
 * or one by one in any order; renamed, they are read apart, add up, and
 * a warning says so. */
static void test_locust_run(void)
{
    static char out[65536], err[8192];
    char arguments[4096];

    CU_ASSERT_EQUAL_FATAL(mkdir(tmp_path("run"), 0700), 0);
    copy_corpus(RETAIL "stats_multi_endpoint.csv",
                tmp_path("run/r_stats.csv"));
    copy_corpus(RETAIL "stats_history_1000_user_steps.csv",
                tmp_path("run/r_stats_history.csv"));
    copy_corpus(RETAIL "failures_quoted_gaierror.csv",
                tmp_path("run/r_failures.csv"));
    snprintf(arguments, sizeof arguments, "--json '%s/run'", tmpdir);
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    check_retail_run(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "r_stats_history.csv: not added: "
                                       "of the same Locust run as"));
    CU_ASSERT_PTR_NULL(strstr(err, "error"));

    snprintf(arguments, sizeof arguments, "--json '%s/run/r_stats_history"
             ".csv' '%s/run/r_stats.csv' '%s/run/r_failures.csv'", tmpdir,
             tmpdir, tmpdir);
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    check_retail_run(out);

    /* As the corpus names them: 4286 + 1 requests of the products
     * endpoint, and the warning. */
    snprintf(arguments, sizeof arguments, "--json '%s%s' '%s%s'",
             hr_shared_path(RETAIL), "stats_multi_endpoint.csv",
             hr_shared_path(RETAIL), "failures_quoted_gaierror.csv");
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"samples\": 4287"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "they count its requests twice"));
    unlink(tmp_path("run/r_stats.csv"));
    unlink(tmp_path("run/r_stats_history.csv"));
    unlink(tmp_path("run/r_failures.csv"));
    CU_ASSERT_EQUAL(rmdir(tmp_path("run")), 0);
}

/* Upptime's summary.json gives availability figures, printed apart from
 * the labels: 14 sites of 5 periods (see test_formats_b.c for the
 * script); alone, they are a successful read. */
static void test_availability_output(void)
{
    static char out[65536], err[8192];
    char arguments[1024];
    json_object *root, *list, *first;

    snprintf(arguments, sizeof arguments, "--json '%s'", hr_shared_path(
        "corpus/uptime/upptime_maryville_summary_uptime_pct_strings.json"));
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    root = json_tokener_parse(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT_EQUAL(json_object_object_length(json_member(root, "labels")),
                    0);
    list = json_member(root, "availability");
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(list), 70);
    first = json_object_array_get_idx(list, 0);
    CU_ASSERT_STRING_EQUAL(
        json_object_get_string(json_member(first, "service")), "Canvas LMS");
    CU_ASSERT_STRING_EQUAL(
        json_object_get_string(json_member(first, "period")), "all");
    HR_ASSERT_CLOSE(json_number(first, "fraction_up"), 0.9975, 1e-15);
    HR_ASSERT_CLOSE(json_number(first, "mean_response_ms"), 572, 0.0);
    json_object_put(root);

    snprintf(arguments, sizeof arguments, "'%s'", hr_shared_path(
        "corpus/uptime/upptime_maryville_summary_uptime_pct_strings.json"));
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "availability as reported by the "
                                       "monitor"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Simple Syllabus   30d      77.87%"
                                       "    1080.0"));
    CU_ASSERT_PTR_NULL(strstr(out, "p50 ms"));
    CU_ASSERT_STRING_EQUAL(err, "");
}

/* ---- two threads against one ------------------------------------------ */

/* Appends text to a growing buffer. */
typedef struct buffer {
    char *bytes;
    size_t length;
    size_t capacity;
} buffer;

static void append(buffer *b, const char *text)
{
    size_t n = strlen(text);

    if (b->length + n + 1 > b->capacity) {
        b->capacity = 2 * (b->length + n + 1);
        b->bytes = realloc(b->bytes, b->capacity);
        CU_ASSERT_PTR_NOT_NULL_FATAL(b->bytes);
    }
    memcpy(b->bytes + b->length, text, n + 1);
    b->length += n;
}

/* Appends rows numbered from *row until the buffer reaches size: seven
 * labels, varied latencies and some failures and malformed rows. */
static void append_rows(buffer *b, size_t size, unsigned long *row)
{
    char line[160];

    while (b->length < size) {
        unsigned long i = (*row)++;

        if (i % 9973 == 0)
            snprintf(line, sizeof line, "%lu,oops,bad,200,true\n",
                     1700000000000UL + i * 3);
        else
            snprintf(line, sizeof line, "%lu,%lu,label %lu,%s,%s\n",
                     1700000000000UL + i * 3, (i * 7919) % 5000 + 1, i % 7,
                     i % 50 == 0 ? "503" : "200",
                     i % 50 == 0 ? "false" : "true");
        append(b, line);
    }
}

/* A file a little over the two-thread threshold whose middle falls in
 * a quoted label of many lines when straddle is set, else between plain
 * rows. */
static buffer make_split_file(bool straddle)
{
    size_t half = HR_JTL_PARALLEL_BYTES / 2 + 4096;
    unsigned long row = 1;
    buffer b = {0};

    append(&b, HEAD);
    append_rows(&b, half - (straddle ? 1500 : 0), &row);
    if (straddle) {
        append(&b, "1700000000001,42,\"multi");
        for (int i = 0; i < 150; i++)
            append(&b, "\nline, with \"\"quotes\"\"");
        append(&b, "\",200,true\n");
    }
    append_rows(&b, 2 * half, &row);
    return b;
}

/* Reads path into a fresh set; returns the status. */
static hr_status read_into(const char *path, hr_sample_set **set,
                           hr_diags *diags)
{
    *set = hr_sample_set_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(*set);
    return hr_jtl_csv_read(path, *set, diags);
}

/* Every figure of two label summaries is the same. */
static void check_same_stats(const hr_label_stats *a, const hr_label_stats *b)
{
    CU_ASSERT_STRING_EQUAL(a->label, b->label);
    CU_ASSERT_EQUAL(a->samples, b->samples);
    CU_ASSERT_EQUAL(a->errors, b->errors);
    HR_ASSERT_CLOSE(a->min_ms, b->min_ms, 0.0);
    HR_ASSERT_CLOSE(a->mean_ms, b->mean_ms, 1e-12);
    HR_ASSERT_CLOSE(a->p50_ms, b->p50_ms, 0.0);
    HR_ASSERT_CLOSE(a->p95_ms, b->p95_ms, 0.0);
    HR_ASSERT_CLOSE(a->p99_ms, b->p99_ms, 0.0);
    HR_ASSERT_CLOSE(a->max_ms, b->max_ms, 0.0);
    HR_ASSERT_CLOSE(a->throughput_per_s, b->throughput_per_s, 1e-12);
    for (size_t k = 0; k < HR_ERROR_KIND_COUNT; k++)
        CU_ASSERT_EQUAL(a->errors_by_kind[k], b->errors_by_kind[k]);
}

/* The labels, windows, counts and messages of both readings agree. */
static void check_same_sets(const hr_sample_set *one, const hr_diags *d1,
                            const hr_sample_set *two, const hr_diags *d2)
{
    hr_label_stats *s1 = NULL, *s2 = NULL;
    hr_window_stats *w1 = NULL, *w2 = NULL;
    size_t n1 = 0, n2 = 0, m1 = 0, m2 = 0;

    CU_ASSERT_EQUAL(hr_sample_set_file(one, 0)->records,
                    hr_sample_set_file(two, 0)->records);
    CU_ASSERT_EQUAL(hr_sample_set_file(one, 0)->skipped,
                    hr_sample_set_file(two, 0)->skipped);
    CU_ASSERT_EQUAL(hr_sample_set_summarise(one, &s1, &n1), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_summarise(two, &s2, &n2), HR_OK);
    CU_ASSERT_EQUAL_FATAL(n1, n2);
    for (size_t i = 0; i < n1; i++)
        check_same_stats(&s1[i], &s2[i]);
    CU_ASSERT_EQUAL(hr_sample_set_summarise_windows(one, &w1, &m1), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_summarise_windows(two, &w2, &m2), HR_OK);
    CU_ASSERT_EQUAL_FATAL(m1, m2);
    for (size_t i = 0; i < m1; i++) {
        HR_ASSERT_CLOSE(w1[i].start_ms, w2[i].start_ms, 0.0);
        check_same_stats(&w1[i].stats, &w2[i].stats);
    }
    CU_ASSERT_EQUAL_FATAL(d1->count, d2->count);
    for (size_t i = 0; i < d1->count; i++) {
        CU_ASSERT_EQUAL(d1->items[i].line, d2->items[i].line);
        CU_ASSERT_STRING_EQUAL(d1->items[i].message, d2->items[i].message);
    }
    hr_label_stats_free(s1, n1);
    hr_label_stats_free(s2, n2);
    hr_window_stats_free(w1, m1);
    hr_window_stats_free(w2, m2);
}

/* Reads the file plain (two threads) and through gzip (one) and holds
 * the results to each other. */
static void check_split(bool straddle)
{
    buffer b = make_split_file(straddle);
    hr_sample_set *parallel = NULL, *sequential = NULL;
    hr_diags d1 = {0}, d2 = {0};

    CU_ASSERT_FATAL(b.length > HR_JTL_PARALLEL_BYTES);
    write_file(tmp_path("split.csv"), b.bytes, b.length);
    write_gzip(tmp_path("split.csv.gz"), b.bytes, b.length);
    CU_ASSERT_EQUAL(read_into(tmp_path("split.csv"), &parallel, &d1), HR_OK);
    CU_ASSERT_EQUAL(read_into(tmp_path("split.csv.gz"), &sequential, &d2),
                    HR_OK);
    check_same_sets(parallel, &d1, sequential, &d2);
    /* Each bad row is skipped once, on its own line, whichever thread
     * found it: the first is on line 9974 (row 9973 plus the header). */
    CU_ASSERT(d1.count >= 2);
    CU_ASSERT_EQUAL(d1.items[0].line, 9974);
    if (straddle) {
        const char *want = "multi\nline, with \"quotes\"\nline";
        hr_label_stats *stats = NULL;
        size_t count = 0;

        hr_sample_set_summarise(parallel, &stats, &count);
        CU_ASSERT_EQUAL_FATAL(count, 8);

        CU_ASSERT_EQUAL(strncmp(stats[7].label, want, strlen(want)), 0);
        CU_ASSERT_EQUAL(stats[7].samples, 1);
        hr_label_stats_free(stats, count);
    }
    hr_sample_set_free(parallel);
    hr_sample_set_free(sequential);
    hr_diags_release(&d1);
    hr_diags_release(&d2);
    unlink(tmp_path("split.csv"));
    unlink(tmp_path("split.csv.gz"));
    free(b.bytes);
}

/* The middle of the file is inside a quoted field of 150 lines: the
 * second thread's guess is wrong and must be dropped. */
static void test_parallel_quoted_split(void)
{
    check_split(true);
}

/* The middle is between plain rows: the second thread's work is kept. */
static void test_parallel_plain_split(void)
{
    check_split(false);
}

/* Removes the temporary directory. */
static void test_cleanup(void)
{
    CU_ASSERT_EQUAL(rmdir(tmpdir), 0);
    free(tmpdir);
    tmpdir = NULL;
}

/* Access logs through ingest: the model's routes label every GET of a
 * page "page": 498 complete GET lines with a request time in the corpus
 * nginx log (counted with python3: lines matching
 * r'"GET (\S+) HTTP/[0-9.]+" (\d{3}) .*rt=([0-9.]+)'). A --log-format
 * without a request-time field is bad input, named as such. */
static void test_access_log_options(void)
{
    static char out[262144], err[8192];
    char arguments[2048];
    json_object *root, *labels;

    snprintf(arguments, sizeof arguments,
             "--json --model models/doctrina.yaml '%s'",
             hr_shared_path("corpus/access-logs/"
                            "nginx_2019_rt_uct_uht_urt_glued_to_ua.log"));
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 0);
    root = json_tokener_parse(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    labels = json_member(root, "labels");
    CU_ASSERT_EQUAL(json_number(json_member(labels, "page"), "samples"),
                    498.0);
    json_object_put(root);

    snprintf(arguments, sizeof arguments,
             "--log-format 'log_format x \"$remote_addr $status\"' '%s'",
             hr_shared_path("corpus/access-logs/"
                            "nginx_2019_rt_uct_uht_urt_glued_to_ua.log"));
    CU_ASSERT_EQUAL(ingest(arguments, out, sizeof out, err, sizeof err), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "no request time field"));
    CU_ASSERT_EQUAL(ingest("--model /nonexistent.yaml x", out, sizeof out,
                           err, sizeof err),
                    4);
}

static const hr_test_case cases[] = {
    {"json on a corpus file", test_json_corpus},
    {"stdin and gzip", test_stdin_and_gzip},
    {"skipped rows", test_skipped_rows},
    {"format override", test_format_override},
    {"two files", test_two_files},
    {"exit codes", test_exit_codes},
    {"locust run read as one", test_locust_run},
    {"availability figures", test_availability_output},
    {"parallel read, quoted split", test_parallel_quoted_split},
    {"parallel read, plain split", test_parallel_plain_split},
    {"cleanup", test_cleanup},
    {"access-log layout and routes", test_access_log_options},
};

HR_TEST_MAIN("ingest", cases)
