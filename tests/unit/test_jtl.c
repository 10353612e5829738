/*
 * test_jtl.c - the JMeter CSV reader on the corpus, on dialects and on
 * broken input.
 *
 * Every file in corpus/jmeter-jtl-csv is read and compared with a table:
 * status, rows read, rows skipped, and per label the sample and error
 * counts (and for two files p50/p95/p99/max). The expected numbers were
 * computed independently with python3's csv module and a nearest-rank
 * percentile in exact fractions, by the script below, under the rules of
 * jtl.h: a header is found by its timeStamp/elapsed names (tab or comma
 * here), else JMeter's default column order is used when the first field
 * is a number; success is the success column in any case, else a 2xx/3xx
 * responseCode; a row is skipped when it is longer than the header, too
 * short to hold the columns read, or has a bad elapsed. Re-run it with
 * `python3 ref.py` after saving it as ref.py:
 *
 * import csv, io, math, os
 * from fractions import Fraction
 *
 * def nearest_rank(values, p):                 # x[ceil(p N)], 1-based
 *     xs = sorted(values)
 *     return xs[max(math.ceil(Fraction(p) * len(xs)), 1) - 1]
 *
 * def is_num(s):
 *     try:
 *         return math.isfinite(float(s))
 *     except ValueError:
 *         return False
 *
 * def read(path):
 *     raw = open(path, newline='', encoding='utf-8').read()
 *     delim = '\t' if '\t' in raw.split('\n')[0] else ','
 *     rows = [r for r in csv.reader(io.StringIO(raw), delimiter=delim) if r]
 *     if not rows:
 *         return 'NO_DATA', 0, 0, {}
 *     head = rows[0]
 *     if 'timeStamp' in head or 'elapsed' in head:
 *         if 'elapsed' not in head:
 *             return 'NO_DATA', 0, 0, {}
 *         col = {n: head.index(n) for n in head}
 *         flag, data = col.get('success'), rows[1:]
 *         need = 1 + max(col['elapsed'], col['label'],
 *                        col['responseCode'] if flag is None else flag)
 *         fits = lambda r: need <= len(r) <= len(head)
 *     else:                                      # JMeter's default order
 *         if not is_num(head[0]):
 *             return 'NO_DATA', 0, 0, {}
 *         col = {'elapsed': 1, 'label': 2, 'responseCode': 3}
 *         flag, data = 7, rows
 *         fits = lambda r: len(r) == len(head)
 *     labels, records, skipped = {}, 0, 0
 *     for r in data:
 *         ok = fits(r) and is_num(r[col['elapsed']])
 *         if not ok or not 0 <= float(r[col['elapsed']]) <= 365 * 86400e3:
 *             skipped += 1
 *             continue
 *         if flag is not None and r[flag].lower() in ('true', 'false'):
 *             error = r[flag].lower() == 'false'
 *         else:
 *             code = r[col['responseCode']]
 *             error = not (code.isdigit() and 200 <= int(code) < 400)
 *         values, errors = labels.get(r[col['label']], ([], 0))
 *         values.append(float(r[col['elapsed']]))
 *         labels[r[col['label']]] = (values, errors + error)
 *         records += 1
 *     return ('OK' if records else 'NO_DATA'), records, skipped, labels
 *
 * corpus = '/work/shared/corpus/jmeter-jtl-csv'
 * for name in sorted(os.listdir(corpus)):
 *     status, records, skipped, labels = read(os.path.join(corpus, name))
 *     print(name, status, records, skipped)
 *     for label in sorted(labels, key=lambda s: s.encode()):
 *         v, e = labels[label]
 *         print('   %r n=%d errors=%d p50=%g p95=%g p99=%g max=%g' % (
 *             label, len(v), e, nearest_rank(v, '0.50'),
 *             nearest_rank(v, '0.95'), nearest_rank(v, '0.99'), max(v)))
 */
#include "headroom/jtl.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testkit.h"

#define CORPUS "corpus/jmeter-jtl-csv/"
#define STANDARD17 "jmeter_5x_standard_17_columns.csv"
#define TRANSACTIONS "perfplugin_transactions_with_children.csv"
#define MULTILINE "perfplugin_multiline_quoted_label.jtl"

/* A compact header for the hand-written files below. */
#define HEAD "timeStamp,elapsed,label,responseCode,success\n"

/* A quoted label of 100 bytes, with a comma: it crosses a 64-byte
 * block of the scanner. */
#define LONG_LABEL "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL," \
                   "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"

/* ---- corpus expectations (from the Python script above) --------------- */

typedef struct jtl_label_case {
    const char *label;
    size_t samples;
    size_t errors;
} jtl_label_case;

typedef struct jtl_file_case {
    const char *file;
    hr_status status;
    size_t records;
    size_t skipped;
    const jtl_label_case *labels;   /* sorted by strcmp, as summarised */
    size_t label_count;
} jtl_file_case;

#define LABELS(array) array, sizeof(array) / sizeof *(array)

static const jtl_label_case standard17[] = {
    {"JR-KO", 3, 3},
    {"JR-OK", 252, 0},
};

static const jtl_label_case capital_false[] = {
    {"test-request", 2, 2},
};

static const jtl_label_case plugins_2015[] = {
    {"/", 150, 0},
};

static const jtl_label_case empty_message[] = {
    {"endpoint1", 29, 0},
    {"endpoint21", 25, 0},
};

static const jtl_label_case multiline_label[] = {
    {"Preparation: Login", 1, 0},
    {"no such element: Unable to locate element: {\"method\":\"id\""
     ",\"selector\":\"reviewBAD\"}\n                  Session ID: "
     "89a1a36b52e184afb01963257d8739e8\n                  *** Elem"
     "ent info: {Using=id, value=reviewBAD}",
     1, 1},
};

static const jtl_label_case transactions[] = {
    {"HP", 37, 0},
    {"HP-0", 37, 0},
    {"HP-1", 37, 0},
    {"HP-2", 37, 0},
    {"Scenario", 33, 0},
    {"Search", 33, 0},
    {"Search-0", 33, 0},
    {"Search-1", 33, 0},
    {"Search-2", 33, 0},
};

static const jtl_label_case headerless[] = {
    {"\"Home\" page", 20, 0},
    {"/search/images;_ylt=A0oG7lg2AvZPowgACQNXNyoA", 20, 0},
    {"/search;_ylt=A03uoRrUAfZPg18BCCmbvZx4", 20, 0},
    {"/themes/cursors/zips/misc/tamagotchi.zip", 20, 0},
    {"fourth sample, last sample", 20, 20},
};

static const jtl_label_case short_rows[] = {
    {"\"Home\" page", 1, 0},
    {"/search/images;_ylt=A0oG7lg2AvZPowgACQNXNyoA", 1, 0},
    {"fourth sample, last sample", 1, 1},
};

static const jtl_label_case code500_success[] = {
    {"Request 001", 1, 0},
};

static const jtl_label_case non_http_codes[] = {
    {"Invalid Assert (No results for path)", 1, 1},
    {"Response Code 200", 1, 0},
    {"Response Code 400", 1, 1},
    {"Response Code 4xx 5xx", 1, 1},
    {"TC for embeddedResources check last fail", 1, 1},
    {"TC for embeddedResources check pass", 1, 0},
    {"embeddedResources", 1, 1},
    {"not exist url", 1, 1},
};

static const jtl_label_case quoted_header[] = {
    {"http://blazedemo.com/", 10, 0},
};

static const jtl_label_case tabs[] = {
    {"http://localhost:8080", 4, 0},
};

static const jtl_label_case timeout[] = {
    {"https://blazedemo.com", 1, 1},
    {"https://blazedemo.com/bla", 1, 1},
    {"https://tut.by", 2, 0},
};

static const jtl_label_case tranctl[] = {
    {"Transaction Controller1", 1, 0},
    {"Transaction Controller2", 1, 1},
};

static const jtl_file_case corpus_cases[] = {
    {"jmeter_5x_standard_17_columns.csv",
     HR_OK, 255, 0, LABELS(standard17)},
    {"jmeter_headerless_no_timestamp_batchtest.csv",
     HR_ERR_NO_DATA, 0, 0, NULL, 0},
    {"jmetermavenplugin_capitalized_False_quoted_xml_message.csv",
     HR_OK, 2, 0, LABELS(capital_false)},
    {"jmetermavenplugin_single_column_timestamp.csv",
     HR_ERR_NO_DATA, 0, 0, NULL, 0},
    {"jmeterplugins_2015_11_column_header.jtl",
     HR_OK, 150, 0, LABELS(plugins_2015)},
    {"jtlreporter_empty_responsemessage.jtl",
     HR_OK, 54, 0, LABELS(empty_message)},
    {"perfplugin_empty_zero_bytes.jtl",
     HR_ERR_NO_DATA, 0, 0, NULL, 0},
    {"perfplugin_multiline_quoted_label.jtl",
     HR_OK, 2, 0, LABELS(multiline_label)},
    {"perfplugin_transactions_with_children.csv",
     HR_OK, 313, 0, LABELS(transactions)},
    {"pythonjtl_headerless_with_empty_url_col.jtl",
     HR_OK, 100, 0, LABELS(headerless)},
    {"pythonjtl_minimized_timestamp_only.csv",
     HR_ERR_NO_DATA, 0, 0, NULL, 0},
    {"pythonjtl_quoted_label_comma_multiline_failuremsg.csv",
     HR_OK, 3, 0, LABELS(short_rows)},
    {"taurus_500_marked_success_single_row.jtl",
     HR_OK, 1, 0, LABELS(code500_success)},
    {"taurus_non_http_response_codes.jtl",
     HR_OK, 8, 0, LABELS(non_http_codes)},
    {"taurus_quoted_header_names_null_values.jtl",
     HR_OK, 10, 0, LABELS(quoted_header)},
    {"taurus_tab_delimited.jtl",
     HR_OK, 4, 0, LABELS(tabs)},
    {"taurus_timeout_and_success_false_with_200.jtl",
     HR_OK, 4, 0, LABELS(timeout)},
    {"taurus_transaction_controller_no_threadname.jtl",
     HR_OK, 2, 0, LABELS(tranctl)},
};

typedef struct jtl_percentile_case {
    const char *file;
    const char *label;
    double p50_ms;
    double p95_ms;
    double p99_ms;
    double max_ms;
} jtl_percentile_case;

static const jtl_percentile_case percentile_cases[] = {
    {STANDARD17, "JR-KO", 170, 329, 329, 329},
    {STANDARD17, "JR-OK", 232, 339, 353, 353},
    {TRANSACTIONS, "HP", 2496, 4819, 4860, 4860},
    {TRANSACTIONS, "HP-0", 998, 2405, 2460, 2460},
    {TRANSACTIONS, "HP-1", 470, 893, 2554, 2554},
    {TRANSACTIONS, "HP-2", 835, 1657, 1740, 1740},
    {TRANSACTIONS, "Scenario", 4846, 8913, 8989, 8989},
    {TRANSACTIONS, "Search", 2520, 4467, 4587, 4587},
    {TRANSACTIONS, "Search-0", 1015, 1984, 2211, 2211},
    {TRANSACTIONS, "Search-1", 503, 1966, 1966, 1966},
    {TRANSACTIONS, "Search-2", 942, 1743, 1780, 1780},
};

/* ---- helpers ---------------------------------------------------------- */

/* One file read into a fresh set, with its summary when it gave data. */
typedef struct jtl_run {
    hr_sample_set *set;
    hr_diags diags;
    hr_status status;
    hr_label_stats *stats;
    size_t count;
} jtl_run;

/* Reads path into run and summarises it. */
static void jtl_run_file(jtl_run *run, const char *path)
{
    memset(run, 0, sizeof *run);
    run->set = hr_sample_set_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(run->set);
    run->status = hr_jtl_csv_read(path, run->set, &run->diags);
    CU_ASSERT_EQUAL(hr_sample_set_summarise(run->set, &run->stats,
                                            &run->count), HR_OK);
}

static void jtl_run_release(jtl_run *run)
{
    hr_label_stats_free(run->stats, run->count);
    hr_sample_set_free(run->set);
    hr_diags_release(&run->diags);
}

/* The summary of one label, or NULL. */
static const hr_label_stats *jtl_find(const jtl_run *run, const char *label)
{
    for (size_t i = 0; i < run->count; i++) {
        if (strcmp(run->stats[i].label, label) == 0)
            return &run->stats[i];
    }
    return NULL;
}

/* Rows read and skipped, as noted in the set for its only file. */
static void jtl_noted(const jtl_run *run, size_t *records, size_t *skipped)
{
    const hr_source_file *file = hr_sample_set_file(run->set, 0);

    CU_ASSERT_EQUAL(hr_sample_set_file_count(run->set), 1);
    *records = file ? file->records : (size_t)-1;
    *skipped = file ? file->skipped : (size_t)-1;
    if (file)
        CU_ASSERT_STRING_EQUAL(file->format, "jmeter-csv");
}

/* The diagnostics as the user sees them; the caller frees the text. */
static char *jtl_render(const hr_diags *diags)
{
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);

    if (!stream)
        return NULL;
    hr_diags_print(diags, stream);
    fclose(stream);
    return text;
}

/* Writes length bytes to dir/name; returns the path, which the caller
 * unlinks and frees. */
static char *jtl_write(const char *dir, const char *name, const char *bytes,
                       size_t length)
{
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = malloc(size);
    FILE *file;

    if (!path)
        return NULL;
    snprintf(path, size, "%s/%s", dir, name);
    file = fopen(path, "wb");
    if (!file || fwrite(bytes, 1, length, file) != length) {
        if (file)
            fclose(file);
        free(path);
        return NULL;
    }
    fclose(file);
    return path;
}

/* Writes text to a fresh file in dir and reads it into run. */
static char *jtl_run_text(jtl_run *run, const char *dir, const char *name,
                          const char *bytes, size_t length)
{
    char *path = jtl_write(dir, name, bytes, length ? length : strlen(bytes));

    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    jtl_run_file(run, path);
    return path;
}

/* ---- corpus ----------------------------------------------------------- */

/* Status, counts and per-label figures of one corpus file. */
static void check_corpus_file(const jtl_file_case *c)
{
    size_t records, skipped;
    jtl_run run;

    jtl_run_file(&run, hr_shared_path(c->file));
    if (run.status != c->status)
        fprintf(stderr, "%s: status %d, expected %d\n", c->file,
                run.status, c->status);
    CU_ASSERT_EQUAL(run.status, c->status);
    jtl_noted(&run, &records, &skipped);
    CU_ASSERT_EQUAL(records, c->records);
    CU_ASSERT_EQUAL(skipped, c->skipped);
    CU_ASSERT_EQUAL(hr_sample_set_total(run.set), c->records);
    CU_ASSERT_EQUAL(run.count, c->label_count);
    for (size_t i = 0; i < c->label_count && i < run.count; i++) {
        CU_ASSERT_STRING_EQUAL(run.stats[i].label, c->labels[i].label);
        CU_ASSERT_EQUAL(run.stats[i].samples, c->labels[i].samples);
        CU_ASSERT_EQUAL(run.stats[i].errors, c->labels[i].errors);
    }
    if (c->status == HR_ERR_NO_DATA)
        CU_ASSERT_EQUAL(hr_diags_count(&run.diags, HR_ERROR), 1);
    jtl_run_release(&run);
}

static void test_corpus_files(void)
{
    char relative[256];

    for (size_t i = 0; i < sizeof corpus_cases / sizeof *corpus_cases;
         i++) {
        jtl_file_case c = corpus_cases[i];

        snprintf(relative, sizeof relative, CORPUS "%s", c.file);
        c.file = relative;
        check_corpus_file(&c);
    }
}

/* The table covers every file in the corpus folder. */
static void test_corpus_all_listed(void)
{
    DIR *dir = opendir(hr_shared_path(CORPUS));
    size_t files = 0;
    struct dirent *entry;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    while ((entry = readdir(dir)) != NULL) {
        bool listed = false;

        if (entry->d_name[0] == '.')
            continue;
        files++;
        for (size_t i = 0; i < sizeof corpus_cases / sizeof *corpus_cases;
             i++)
            listed |= strcmp(corpus_cases[i].file, entry->d_name) == 0;
        if (!listed)
            fprintf(stderr, "corpus file %s has no case\n", entry->d_name);
        CU_ASSERT(listed);
    }
    closedir(dir);
    CU_ASSERT_EQUAL(files, sizeof corpus_cases / sizeof *corpus_cases);
}

static void test_corpus_percentiles(void)
{
    char relative[256];

    for (size_t i = 0;
         i < sizeof percentile_cases / sizeof *percentile_cases; i++) {
        const jtl_percentile_case *c = &percentile_cases[i];
        const hr_label_stats *stats;
        jtl_run run;

        snprintf(relative, sizeof relative, CORPUS "%s", c->file);
        jtl_run_file(&run, hr_shared_path(relative));
        stats = jtl_find(&run, c->label);
        CU_ASSERT_PTR_NOT_NULL(stats);
        if (stats) {
            HR_ASSERT_CLOSE(stats->p50_ms, c->p50_ms, 1e-12);
            HR_ASSERT_CLOSE(stats->p95_ms, c->p95_ms, 1e-12);
            HR_ASSERT_CLOSE(stats->p99_ms, c->p99_ms, 1e-12);
            HR_ASSERT_CLOSE(stats->max_ms, c->max_ms, 1e-12);
        }
        jtl_run_release(&run);
    }
}

/* The quoted label spans three physical lines; it stays one label with
 * its line breaks. */
static void test_multiline_label(void)
{
    const char *want = "no such element: Unable to locate element: "
                       "{\"method\":\"id\",\"selector\":\"reviewBAD\"}\n"
                       "                  Session ID: "
                       "89a1a36b52e184afb01963257d8739e8\n"
                       "                  *** Element info: "
                       "{Using=id, value=reviewBAD}";
    const hr_label_stats *stats;
    jtl_run run;

    jtl_run_file(&run, hr_shared_path(CORPUS MULTILINE));
    CU_ASSERT_EQUAL(run.status, HR_OK);
    CU_ASSERT_EQUAL(run.count, 2);
    stats = jtl_find(&run, want);
    CU_ASSERT_PTR_NOT_NULL(stats);
    if (stats) {
        CU_ASSERT_EQUAL(stats->samples, 1);
        CU_ASSERT_EQUAL(stats->errors, 1);
        HR_ASSERT_CLOSE(stats->max_ms, 118.0, 0.0);
    }
    jtl_run_release(&run);
}

/* Each corpus file without samples says why. */
static void test_corpus_no_data_reasons(void)
{
    static const struct {
        const char *file;
        const char *reason;
    } cases[] = {
        {CORPUS "jmeter_headerless_no_timestamp_batchtest.csv",
         "first field 'TNP1-JR0-0' is not a timestamp, so there is no "
         "elapsed column"},
        {CORPUS "jmetermavenplugin_single_column_timestamp.csv",
         "no 'elapsed' column"},
        {CORPUS "pythonjtl_minimized_timestamp_only.csv",
         "no 'elapsed' column"},
        {CORPUS "perfplugin_empty_zero_bytes.jtl", "the file is empty"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *path = hr_shared_path(cases[i].file);
        char *copy = strdup(path);
        jtl_run run;

        jtl_run_file(&run, copy);
        CU_ASSERT_EQUAL(run.status, HR_ERR_NO_DATA);
        CU_ASSERT_EQUAL_FATAL(run.diags.count, 1);
        CU_ASSERT_EQUAL(run.diags.items[0].severity, HR_ERROR);
        CU_ASSERT_STRING_EQUAL(run.diags.items[0].file, copy);
        CU_ASSERT_PTR_NOT_NULL(strstr(run.diags.items[0].message,
                                      cases[i].reason));
        jtl_run_release(&run);
        free(copy);
    }
}

/*
 * Throughput from a corpus file. taurus_timeout_and_success_false_with_200
 * has two https://tut.by samples: start 1612333834544 elapsed 800, start
 * 1612333837299 elapsed 900, so the span is 1612333838199 - 1612333834544
 * = 3655 ms and the rate 2 / 3.655 s = 0.547196... per second.
 */
static void test_corpus_throughput(void)
{
    const hr_label_stats *stats;
    jtl_run run;

    jtl_run_file(&run, hr_shared_path(
        CORPUS "taurus_timeout_and_success_false_with_200.jtl"));
    stats = jtl_find(&run, "https://tut.by");
    CU_ASSERT_PTR_NOT_NULL(stats);
    if (stats) {
        HR_ASSERT_CLOSE(stats->throughput_per_s, 2.0 / 3.655, 1e-12);
        HR_ASSERT_CLOSE(stats->error_rate, 0.0, 0.0);
    }
    jtl_run_release(&run);
}

/* ---- broken input ----------------------------------------------------- */

typedef struct jtl_bad_case {
    const char *name;
    const char *bytes;
    size_t length;            /* 0: strlen(bytes) */
    hr_status status;
    size_t records;
    size_t skipped;
    unsigned long line;       /* line of the first diagnostic; 0: none */
    const char *reason;       /* text of the first diagnostic */
} jtl_bad_case;

/* Garbage bytes (an ELF and a PNG signature, NULs, invalid UTF-8). */
static const char garbage[] = "\x7f" "ELF\x02\x01\x01\x00\x00\xff\xfe\n"
                              "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
static const char garbage_rows[] = HEAD "\x01\x02\xff,\x80\n"
                                   "\x00\x00garbage\xff\xfe\n";

static const jtl_bad_case bad_cases[] = {
    {"truncated.csv",
     HEAD "1551783627191,351,a,200,true\n"
     "1551783627543,192,b,200,true\n"
     "1551783627735,131,\"c,200,true\n"
     "1551783627866,261,d,200,true\n",
     0, HR_OK, 2, 1, 4, "skipped row: unterminated quoted field"},
    {"garbage.bin", garbage, sizeof garbage - 1,
     HR_ERR_NO_DATA, 0, 0, 1, "is not a timestamp"},
    {"garbage_rows.csv", garbage_rows, sizeof garbage_rows - 1,
     HR_ERR_NO_DATA, 0, 2, 2, "skipped row: expected 5 fields, got 2"},
    {"empty.csv", "", 0, HR_ERR_NO_DATA, 0, 0, 0, "the file is empty"},
    {"blank.csv", "\n\r\n\n", 0, HR_ERR_NO_DATA, 0, 0, 0,
     "the file is empty"},
    {"header_only.csv", HEAD, 0, HR_ERR_NO_DATA, 0, 0, 0,
     "has a header but no rows"},
    {"no_label.csv", "timeStamp,elapsed\n1551783627191,5\n", 0,
     HR_ERR_NO_DATA, 0, 0, 1, "no 'label' column"},
    {"elapsed_text.csv",
     HEAD "1551783627191,351,a,200,true\n"
     "1551783627543,abc,b,200,true\n"
     "1551783627735,131,c,200,true\n",
     0, HR_OK, 2, 1, 3, "skipped row: elapsed 'abc' is not a number"},
    {"elapsed_empty.csv",
     HEAD "1551783627191,,a,200,true\n1551783627735,131,c,200,true\n",
     0, HR_OK, 1, 1, 2, "elapsed '' is not a number"},
    {"elapsed_negative.csv",
     HEAD "1551783627191,-5,a,200,true\n1551783627735,131,c,200,true\n",
     0, HR_OK, 1, 1, 2, "elapsed -5 ms is out of range"},
    {"elapsed_huge.csv",
     HEAD "1551783627191,3,a,200,true\n1551783627735,1e300,c,200,true\n",
     0, HR_OK, 1, 1, 3, "elapsed 1e300 ms is out of range"},
    {"elapsed_nan.csv",
     HEAD "1551783627191,NaN,a,200,true\n1551783627735,inf,c,200,true\n",
     0, HR_ERR_NO_DATA, 0, 2, 2, "elapsed 'NaN' is not a number"},
    {"extra_field.csv",
     HEAD "1551783627191,10,a,b,200,true\n1551783627735,131,c,200,true\n",
     0, HR_OK, 1, 1, 2, "expected 5 fields, got 6"},
    {"missing_fields.csv",
     HEAD "1551783627735,131,c,200,true\n1551783627191,10\n",
     0, HR_OK, 1, 1, 3, "expected 5 fields, got 2"},
    /* Old Mac line ends: each bare CR ends a line. */
    {"bare_cr.csv",
     "timeStamp,elapsed,label,responseCode,success\r"
     "1551783627191,5,a,200,true\r1551783627300,x,b,200,true\r",
     0, HR_OK, 1, 1, 3, "elapsed 'x' is not a number"},
    /* The quoted label covers lines 2 to 4, so the bad row is line 5. */
    {"after_multiline.csv",
     "timeStamp,elapsed,label,responseCode,success\r\n"
     "1551783627191,10,\"two\nline\r\nlabel\",200,true\r\n"
     "1551783627300,x,b,200,true\r\n",
     0, HR_OK, 1, 1, 5, "elapsed 'x' is not a number"},
};

/* Status, counts and the first diagnostic (file:line and reason as
 * printed) of one broken file. */
static void check_bad_case(const char *dir, const jtl_bad_case *c)
{
    size_t records, skipped;
    char prefix[512];
    char *path, *shown;
    jtl_run run;

    path = jtl_run_text(&run, dir, c->name, c->bytes, c->length);
    if (run.status != c->status)
        fprintf(stderr, "%s: status %d, expected %d\n", c->name,
                run.status, c->status);
    CU_ASSERT_EQUAL(run.status, c->status);
    jtl_noted(&run, &records, &skipped);
    CU_ASSERT_EQUAL(records, c->records);
    CU_ASSERT_EQUAL(skipped, c->skipped);

    CU_ASSERT_FATAL(run.diags.count > 0);
    CU_ASSERT_EQUAL(run.diags.items[0].line, c->line);
    CU_ASSERT_PTR_NOT_NULL(strstr(run.diags.items[0].message, c->reason));
    if (c->line)
        snprintf(prefix, sizeof prefix, "%s:%lu: ", path, c->line);
    else
        snprintf(prefix, sizeof prefix, "%s: ", path);
    shown = jtl_render(&run.diags);
    CU_ASSERT_PTR_NOT_NULL(shown);
    if (shown && !strstr(shown, prefix))
        fprintf(stderr, "%s: wanted '%s' in:\n%s", c->name, prefix, shown);
    CU_ASSERT(shown && strstr(shown, prefix));

    free(shown);
    jtl_run_release(&run);
    unlink(path);
    free(path);
}

static void test_bad_inputs(void)
{
    char *dir = hr_test_tmpdir();

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++)
        check_bad_case(dir, &bad_cases[i]);
    rmdir(dir);
    free(dir);
}

/* Eight bad rows: five are listed by line, then one total. */
static void test_skip_warning_limit(void)
{
    static const char text[] = HEAD
        "1,a,x,200,true\n1,b,x,200,true\n1,c,x,200,true\n1,d,x,200,true\n"
        "1,e,x,200,true\n1,f,x,200,true\n1,g,x,200,true\n1,h,x,200,true\n"
        "1,9,x,200,true\n";
    char *dir = hr_test_tmpdir();
    char *path;
    jtl_run run;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    path = jtl_run_text(&run, dir, "eight_bad.csv", text, 0);
    CU_ASSERT_EQUAL(run.status, HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_total(run.set), 1);
    CU_ASSERT_EQUAL_FATAL(run.diags.count, 6);
    for (size_t i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(run.diags.items[i].line, i + 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(run.diags.items[5].message,
                                  "skipped 8 malformed rows"));
    CU_ASSERT_EQUAL(hr_diags_count(&run.diags, HR_ERROR), 0);
    jtl_run_release(&run);
    unlink(path);
    free(path);
    rmdir(dir);
    free(dir);
}

/* A record over the 16 MiB limit (a 17 MiB quoted label) is skipped
 * without being kept, and the rows after it are read. */
static void test_overlong_record(void)
{
    static const char before[] = HEAD "1551783627191,5,a,200,true\n"
                                      "1551783627192,6,\"";
    static const char after[] = "\",200,true\n1551783627193,7,b,200,true\n";
    size_t fill = (size_t)17 << 20;
    size_t length = strlen(before) + fill + strlen(after);
    char *text = malloc(length);
    char *dir = hr_test_tmpdir();
    char *path;
    jtl_run run;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    memcpy(text, before, strlen(before));
    memset(text + strlen(before), 'x', fill);
    memcpy(text + strlen(before) + fill, after, strlen(after));
    path = jtl_run_text(&run, dir, "overlong.csv", text, length);
    CU_ASSERT_EQUAL(run.status, HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_total(run.set), 2);
    CU_ASSERT_EQUAL_FATAL(run.diags.count, 1);
    CU_ASSERT_EQUAL(run.diags.items[0].line, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(run.diags.items[0].message,
                                  "longer than 16 MiB"));
    CU_ASSERT_PTR_NOT_NULL(jtl_find(&run, "b"));
    jtl_run_release(&run);
    unlink(path);
    free(path);
    rmdir(dir);
    free(dir);
    free(text);
}

/* A missing file and a directory: HR_ERR_IO with the system's reason. */
static void test_unreadable(void)
{
    char *dir = hr_test_tmpdir();
    const int errors[2] = {ENOENT, EISDIR};
    char missing[512];
    const char *paths[2] = {missing, dir};

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    snprintf(missing, sizeof missing, "%s/none.jtl", dir);
    for (size_t i = 0; i < 2; i++) {
        hr_sample_set *set = hr_sample_set_new();
        hr_diags diags = {0};

        CU_ASSERT_EQUAL(hr_jtl_csv_read(paths[i], set, &diags), HR_ERR_IO);
        CU_ASSERT_EQUAL_FATAL(diags.count, 1);
        CU_ASSERT_EQUAL(diags.items[0].severity, HR_ERROR);
        CU_ASSERT_STRING_EQUAL(diags.items[0].file, paths[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(diags.items[0].message,
                                      strerror(errors[i])));
        CU_ASSERT_EQUAL(hr_sample_set_file_count(set), 0);
        hr_diags_release(&diags);
        hr_sample_set_free(set);
    }
    rmdir(dir);
    free(dir);
}

/* ---- dialects --------------------------------------------------------- */

typedef struct jtl_dialect_case {
    const char *name;
    const char *bytes;
    const char *label;        /* one label to look at */
    size_t samples;
    size_t errors;
} jtl_dialect_case;

static const jtl_dialect_case dialect_cases[] = {
    {"semicolon.csv",
     "timeStamp;elapsed;label;responseCode;success\n"
     "1;10;a;200;TRUE\n2;20;a;200;FALSE\n", "a", 2, 1},
    /* Quoted header names, CRLF, no final line break. */
    {"pipe.csv",
     "\"timeStamp\"|\"elapsed\"|\"label\"|\"success\"\r\n"
     "1|10|\"x|y\"|true\r\n2|30|\"x|y\"|True", "x|y", 2, 0},
    /* No success column: 2xx/3xx succeed, 4xx and text codes fail. */
    {"codes.csv",
     "timeStamp,elapsed,label,responseCode\n1,5,a,200\n2,5,a,302\n"
     "3,5,a,404\n4,5,a,Non HTTP response code: x\n", "a", 4, 2},
    /* Columns in another order, doubled quotes in the label. */
    {"reordered.csv",
     "label,success,elapsed,timeStamp\n\"q \"\"x\"\"\",false,7,1\n",
     "q \"x\"", 1, 1},
    /* CRLF and a bare LF inside quotes are kept as they are. */
    {"crlf_in_quotes.csv",
     "timeStamp,elapsed,label,success\r\n1,1,\"a\r\nb\",true\r\n"
     "2,1,\"a\nb\",true\r\n", "a\r\nb", 1, 0},
    /* Headerless, tab-separated, JMeter's default order. */
    {"headerless_tabs.csv",
     "1551783627191\t10\tlbl\t200\tOK\tT 1-1\ttext\tfalse\t5\n", "lbl",
     1, 1},
    /* Headerless without dataType: success moved to the 7th field. */
    {"headerless_no_datatype.csv",
     "1551783627191,10,lbl,200,OK,T 1-1,false,0\n"
     "1551783627291,10,lbl,200,OK,T 1-1,true,0\n", "lbl", 2, 1},
    /* A UTF-8 byte order mark before the header. */
    {"bom.csv", "\xEF\xBB\xBFtimeStamp,elapsed,label,success\n1,1,a,true\n",
     "a", 1, 0},
    /* An empty label is a label. */
    {"empty_label.csv", "timeStamp,elapsed,label,success\n1,1,,false\n",
     "", 1, 1},
};

static void test_dialects(void)
{
    char *dir = hr_test_tmpdir();

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    for (size_t i = 0; i < sizeof dialect_cases / sizeof *dialect_cases;
         i++) {
        const jtl_dialect_case *c = &dialect_cases[i];
        const hr_label_stats *stats;
        char *path;
        jtl_run run;

        path = jtl_run_text(&run, dir, c->name, c->bytes, 0);
        if (run.status != HR_OK)
            fprintf(stderr, "%s: status %d\n", c->name, run.status);
        CU_ASSERT_EQUAL(run.status, HR_OK);
        stats = jtl_find(&run, c->label);
        CU_ASSERT_PTR_NOT_NULL(stats);
        if (stats) {
            CU_ASSERT_EQUAL(stats->samples, c->samples);
            CU_ASSERT_EQUAL(stats->errors, c->errors);
        }
        jtl_run_release(&run);
        unlink(path);
        free(path);
    }
    rmdir(dir);
    free(dir);
}

/*
 * Formatted timestamps, taken as UTC (only differences matter):
 *   a: 12:00:00.000 + 500 ms and 12:00:01.500 + 500 ms span 2 s: 1/s.
 *   b: 12:00:00 + 1000 and 12:00:03 + 1000 span 4 s: 0.5/s.
 *   c: an unreadable date gives no span: NAN, yet the sample counts.
 *   d: 2019-02-28 23:59:59.500 to 2019-03-01 00:00:00.500 + 500 ms
 *      spans 1.5 s across a month end: 2 / 1.5 per second.
 *   e: the same dates in 2020 have 29 February between them, so the
 *      span is 86400 + 1.5 s: 2 / 86401.5 per second.
 */
static void test_formatted_dates(void)
{
    static const char text[] =
        "timeStamp,elapsed,label,success\n"
        "2019/03/05 12:00:00.000,500,a,true\n"
        "2019/03/05 12:00:01.500,500,a,true\n"
        "2019-03-05 12:00:00,1000,b,true\n"
        "2019-03-05T12:00:03,1000,b,true\n"
        "not a date,5,c,true\n"
        "2019-02-28 23:59:59.500,500,d,true\n"
        "2019-03-01 00:00:00.500,500,d,true\n"
        "2020-02-28 23:59:59.500,500,e,true\n"
        "2020-03-01 00:00:00.500,500,e,true\n";
    static const struct {
        const char *label;
        double rate;
    } want[] = {
        {"a", 1.0}, {"b", 0.5}, {"d", 2.0 / 1.5}, {"e", 2.0 / 86401.5},
    };
    const hr_label_stats *undated;
    char *dir = hr_test_tmpdir();
    char *path;
    jtl_run run;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    path = jtl_run_text(&run, dir, "dates.csv", text, 0);
    CU_ASSERT_EQUAL(run.status, HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_total(run.set), 9);
    CU_ASSERT_EQUAL(run.diags.count, 0);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const hr_label_stats *stats = jtl_find(&run, want[i].label);

        CU_ASSERT_PTR_NOT_NULL(stats);
        if (stats)
            HR_ASSERT_CLOSE(stats->throughput_per_s, want[i].rate, 1e-12);
    }
    undated = jtl_find(&run, "c");
    CU_ASSERT(undated && isnan(undated->throughput_per_s));
    jtl_run_release(&run);
    unlink(path);
    free(path);
    rmdir(dir);
    free(dir);
}

/* Two files read into one set add up, and both are noted in order. */
static void test_two_files(void)
{
    hr_sample_set *set = hr_sample_set_new();
    hr_diags diags = {0};
    char first[512];

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    snprintf(first, sizeof first, "%s",
             hr_shared_path(CORPUS "taurus_tab_delimited.jtl"));
    CU_ASSERT_EQUAL(hr_jtl_csv_read(first, set, &diags), HR_OK);
    CU_ASSERT_EQUAL(hr_jtl_csv_read(hr_shared_path(CORPUS STANDARD17), set,
                                    &diags), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_total(set), 4 + 255);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_file_count(set), 2);
    CU_ASSERT_STRING_EQUAL(hr_sample_set_file(set, 0)->path, first);
    CU_ASSERT_EQUAL(hr_sample_set_file(set, 1)->records, 255);
    CU_ASSERT_EQUAL(diags.count, 0);
    hr_diags_release(&diags);
    hr_sample_set_free(set);
}

/* ---- sniffing --------------------------------------------------------- */

static void test_sniff_heads(void)
{
    static const struct {
        const char *head;
        bool want;
    } cases[] = {
        {"timeStamp,elapsed,label,responseCode\n", true},
        {"\"timeStamp\"\t\"elapsed\"\t\"label\"\n", true},
        {"timeStamp\n1", true},
        {"1551783627191,351,JR-OK,200,Good\n", true},
        {"1551783627191;351;JR-OK\n", true},
        {"155178362719,351,JR-OK\n", false},     /* 12 digits */
        {"1551783627191,abc,JR-OK\n", false},
        {"TNP1-JR0-0,200,,TG0-SNL 1-1,text,true\n", false},
        {"label,responseCode,success\n", false},
        {"metric_name,timestamp,metric_value,check\n", false},    /* k6 */
        {"Timestamp,User Count,Type,Name\n", false},           /* Locust */
        {"<?xml version=\"1.0\"?>\n<testResults>\n", false},
        {"", false},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool got = hr_jtl_csv_sniff(cases[i].head, strlen(cases[i].head));

        if (got != cases[i].want)
            fprintf(stderr, "sniff '%s': %d\n", cases[i].head, got);
        CU_ASSERT_EQUAL(got, cases[i].want);
    }
    CU_ASSERT_FALSE(hr_jtl_csv_sniff(NULL, 0));
}

/* Sniffs the first 512 bytes of a shared file. */
static bool sniff_file(const char *relative)
{
    char head[512];
    FILE *file = fopen(hr_shared_path(relative), "rb");
    size_t length;

    if (!file)
        return false;
    length = fread(head, 1, sizeof head, file);
    fclose(file);
    return hr_jtl_csv_sniff(head, length);
}

/* Corpus JTL CSVs with samples sniff as such; other CSVs do not. */
static void test_sniff_files(void)
{
    static const char *const others[] = {
        "corpus/k6-csv/taurus_k6_2021_csv_unix_seconds.csv",
        "corpus/locust/odoo_2025_stats_history_per_endpoint_rows.csv",
        "corpus/locust/zhajiang_locust1x_2020_stats_history_all_quoted_NA"
        ".csv",
        "corpus/capacity/rutu_locust_users_vs_rps.csv",
        "corpus/jmeter-jtl-xml/perfplugin_spanish_threadnames.jtl",
    };
    char relative[256];

    for (size_t i = 0; i < sizeof corpus_cases / sizeof *corpus_cases;
         i++) {
        if (corpus_cases[i].status != HR_OK)
            continue;
        snprintf(relative, sizeof relative, CORPUS "%s",
                 corpus_cases[i].file);
        if (!sniff_file(relative))
            fprintf(stderr, "not sniffed: %s\n", relative);
        CU_ASSERT(sniff_file(relative));
    }
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        CU_ASSERT_FALSE(sniff_file(others[i]));
}

/* ---- scanner paths ---------------------------------------------------- */

/*
 * Quoting as the block scanner meets it: quoted fields it takes as they
 * are (with a delimiter inside, empty, ending the record, past the
 * columns read, longer than a 64-byte block, a quoted number) and those
 * it leaves to the general scan (doubled quotes, a line break inside,
 * text after the closing quote), a quote inside an unquoted field, error
 * words in any case, and numbers the fast integer path hands on (sign,
 * space, leading zeros, nine digits, 16 and 17 digits). Expected figures
 * by hand, each row's fields checked with python3's csv module:
 *   plain: elapsed 10, 30, 80, 90; "TIMED OUT" in the failure message
 *     is a timeout, "Connection refused" a connection failure; bytes
 *     100 + 100 + 100 + 0 = 300.
 *   num: +5, " 7" and 007 read as 5, 7, 7; bytes 123456789 + 1 + 1; the
 *     16- and 17-digit elapsed times (lines 19 and 20) are out of range.
 *   the 100-byte quoted label crosses a block and is read twice.
 */
static const char quoting_text[] =
    "timeStamp,elapsed,label,responseCode,responseMessage,success,"
    "failureMessage,bytes,allThreads,URL\n"
    "1700000000000,10,plain,200,OK,true,,100,5,http://x/a\n"
    "1700000000010,20,\"Search, filtered\",200,OK,true,,100,5,http://x/b\n"
    "1700000000020,30,plain,200,OK,true,,100,5,\"http://x/c,d\"\n"
    "1700000000030,40,\"\",200,OK,true,,100,5,u\n"
    "1700000000040,50,\"say \"\"hi\"\"\",500,Internal,false,"
    "\"a \"\"b\"\"\",100,5,u\n"
    "1700000000050,60,ab\"c,200,OK,true,,100,5,u\n"
    "1700000000060,70,\"q\"tail,200,OK,true,,100,5,u\n"
    "1700000000070,80,plain,200,OK,false,\"Read TIMED OUT, after 5s\","
    "100,5,u\n"
    "1700000000080,90,plain,Non HTTP response code: "
    "java.net.ConnectException,\"Connection refused, host down\",false,,"
    "0,5,u\n"
    "1700000000090,100,\"two\nlines\",200,OK,true,,100,5,u\n"
    "1700000000100,110,\"" LONG_LABEL "\",200,OK,true,,100,5,u\n"
    "1700000000110,120,\"" LONG_LABEL "\",200,OK,true,,100,5,\"u,v\"\n"
    "1700000000120,\"42\",q42,200,OK,true,,\"7\",5,u\n"
    "1700000000130,+5,num,200,OK,true,,123456789,5,u\n"
    "1700000000140, 7,num,200,OK,true,,1,5,u\n"
    "1700000000150,007,num,200,OK,true,,1,5,u\n"
    "1700000000160,1234567890123456,num,200,OK,true,,1,5,u\n"
    "1700000000170,12345678901234567,num,200,OK,true,,1,5,u\n";

/* One label's expected samples, errors, largest elapsed and bytes. */
typedef struct quoting_case {
    const char *label;
    size_t samples;
    size_t errors;
    double max_ms;
    double bytes;
} quoting_case;

static const quoting_case quoting_cases[] = {
    {"plain", 4, 2, 90.0, 300.0},
    {"Search, filtered", 1, 0, 20.0, 100.0},
    {"", 1, 0, 40.0, 100.0},
    {"say \"hi\"", 1, 1, 50.0, 100.0},
    {"ab\"c", 1, 0, 60.0, 100.0},
    {"qtail", 1, 0, 70.0, 100.0},
    {"two\nlines", 1, 0, 100.0, 100.0},
    {LONG_LABEL, 2, 0, 120.0, 200.0},
    {"q42", 1, 0, 42.0, 7.0},
    {"num", 3, 0, 7.0, 123456791.0},
};

static void test_quoting(void)
{
    char *dir = hr_test_tmpdir(), *path;
    const hr_label_stats *stats;
    size_t records, skipped;
    jtl_run run;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    path = jtl_run_text(&run, dir, "quoting.csv", quoting_text, 0);
    CU_ASSERT_EQUAL(run.status, HR_OK);
    jtl_noted(&run, &records, &skipped);
    CU_ASSERT_EQUAL(records, 16);
    CU_ASSERT_EQUAL(skipped, 2);
    CU_ASSERT_EQUAL(run.count, 10);
    for (size_t i = 0; i < sizeof quoting_cases / sizeof *quoting_cases;
         i++) {
        const quoting_case *c = &quoting_cases[i];

        stats = jtl_find(&run, c->label);
        CU_ASSERT_PTR_NOT_NULL(stats);
        if (!stats) {
            fprintf(stderr, "no label '%s'\n", c->label);
            continue;
        }
        CU_ASSERT_EQUAL(stats->samples, c->samples);
        CU_ASSERT_EQUAL(stats->errors, c->errors);
        HR_ASSERT_CLOSE(stats->max_ms, c->max_ms, 0.0);
        HR_ASSERT_CLOSE(stats->bytes, c->bytes, 0.0);
    }
    stats = jtl_find(&run, "plain");
    if (stats) {
        CU_ASSERT_EQUAL(stats->errors_by_kind[HR_SAMPLE_TIMEOUT], 1);
        CU_ASSERT_EQUAL(stats->errors_by_kind[HR_SAMPLE_CONNECTION], 1);
    }
    stats = jtl_find(&run, "num");
    if (stats)
        HR_ASSERT_CLOSE(stats->min_ms, 5.0, 0.0);
    CU_ASSERT_FATAL(run.diags.count >= 2);
    CU_ASSERT_EQUAL(run.diags.items[0].line, 19);
    CU_ASSERT_EQUAL(run.diags.items[1].line, 20);
    CU_ASSERT_PTR_NOT_NULL(strstr(run.diags.items[0].message,
                                  "elapsed 1234567890123456 ms is out"));
    jtl_run_release(&run);
    unlink(path);
    free(path);
    rmdir(dir);
    free(dir);
}

/* Appends printf-style text to a growing buffer (aborts the test when
 * memory runs out). */
static void append_text(char **text, size_t *length, size_t *capacity,
                        const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static void append_text(char **text, size_t *length, size_t *capacity,
                        const char *format, ...)
{
    va_list args;
    int n;

    if (*capacity - *length < 256) {
        *capacity = *capacity ? 2 * *capacity : 4096;
        *text = realloc(*text, *capacity);
        CU_ASSERT_PTR_NOT_NULL_FATAL(*text);
    }
    va_start(args, format);
    n = vsnprintf(*text + *length, *capacity - *length, format, args);
    va_end(args);
    CU_ASSERT_FATAL(n > 0 && (size_t)n < *capacity - *length);
    *length += (size_t)n;
}

/* The name of label i of test_label_cache: a fixed first and last eight
 * bytes around a middle that tells them apart, 36 bytes in all; every
 * tenth one is 61 bytes, longer than the reader's cache keeps. */
static void cache_label(char *out, size_t size, int i)
{
    if (i % 10 == 9)
        snprintf(out, size, "HEADHEAD%04d%041dTAILTAIL", i, i);
    else
        snprintf(out, size, "HEADHEAD%04dMIDDLEMIDDLE%04dTAILTAIL", i, i);
}

/*
 * Many labels alike (the same length, first and last eight bytes) fill
 * the reader's label cache, push each other out of it and pass it by
 * when too long: label i is on (i % 3) + 1 rows, interleaved with the
 * others, and every count must come out exact.
 */
static void test_label_cache(void)
{
    char *dir = hr_test_tmpdir(), *path, *text = NULL, label[80];
    size_t length = 0, capacity = 0;
    jtl_run run;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    append_text(&text, &length, &capacity, "%s", HEAD);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 300; i++) {
            if (i % 3 < round)
                continue;
            cache_label(label, sizeof label, i);
            append_text(&text, &length, &capacity,
                        "%d,%d,%s,200,true\n", 1700000000 + i, i + 1,
                        label);
        }
    }
    path = jtl_run_text(&run, dir, "labels.csv", text, length);
    CU_ASSERT_EQUAL(run.status, HR_OK);
    CU_ASSERT_EQUAL(run.count, 300);
    for (int i = 0; i < 300; i++) {
        const hr_label_stats *stats;

        cache_label(label, sizeof label, i);
        stats = jtl_find(&run, label);
        CU_ASSERT_PTR_NOT_NULL(stats);
        if (stats)
            CU_ASSERT_EQUAL(stats->samples, (size_t)(i % 3 + 1));
    }
    jtl_run_release(&run);
    unlink(path);
    free(path);
    free(text);
    rmdir(dir);
    free(dir);
}

static const hr_test_case cases[] = {
    {"corpus files", test_corpus_files},
    {"corpus all listed", test_corpus_all_listed},
    {"corpus percentiles", test_corpus_percentiles},
    {"multi-line label", test_multiline_label},
    {"corpus no-data reasons", test_corpus_no_data_reasons},
    {"corpus throughput", test_corpus_throughput},
    {"bad inputs", test_bad_inputs},
    {"skip warning limit", test_skip_warning_limit},
    {"overlong record", test_overlong_record},
    {"unreadable", test_unreadable},
    {"dialects", test_dialects},
    {"formatted dates", test_formatted_dates},
    {"two files", test_two_files},
    {"sniff heads", test_sniff_heads},
    {"sniff files", test_sniff_files},
    {"quoting", test_quoting},
    {"label cache", test_label_cache},
};

HR_TEST_MAIN("jtl", cases)
