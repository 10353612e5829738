/*
 * test_formats_b.c - the JMeter XML, HdrHistogram log, access log and
 * uptime readers on every corpus file of their formats, on hand-made
 * files whose answers can be worked out by hand, and on broken input.
 *
 * The corpus expectations were computed independently with python3 (not
 * with this code), by the four scripts below; percentiles are nearest
 * rank, x[ceil(p N)], in exact fractions. The sample set keeps
 * histograms of 3 significant digits, so percentiles are compared within
 * 0.1 % and counts, minima, maxima and sums exactly.
 *
 * 1. JMeter XML: xml.etree; every child of <testResults> is a sample,
 *    nested ones are not; JMeter's defaults (no t: 0 ms, no s: true).
 *
 * TO = ['SocketTimeoutException', 'ConnectTimeoutException',
 *       'TimeoutException', 'Read timed out', 'connect timed out']
 * CO = ['ConnectException', 'UnknownHostException', 'NoRouteToHost',
 *       'SSLException', 'SocketException', 'NoHttpResponseException',
 *       'Connection reset', 'Connection refused', 'BindException']
 * def kind(s):
 *     if s['ok']: return 'ok'
 *     if any(w in s['rc'] + s['rm'] for w in TO): return 'timeout'
 *     if any(w in s['rc'] + s['rm'] for w in CO): return 'connection'
 *     if s['rc'].strip().isdigit() and 400 <= int(s['rc']) < 500:
 *         return '4xx'
 *     if s['rc'].strip().isdigit() and 500 <= int(s['rc']) < 600:
 *         return '5xx'
 *     return 'assertion' if s['assert'] else 'other'
 * for el in ET.parse(path).getroot():
 *     if el.tag in ('sample', 'httpSample'):
 *         a = el.attrib
 *         s = dict(t=float(a.get('t', 0)), lb=a.get('lb', ''),
 *                  ok=a.get('s', 'true') == 'true', rc=a.get('rc', ''),
 *                  rm=a.get('rm', ''), assert=any(
 *                      r.findtext('failure') == 'true'
 *                      for r in el.findall('assertionResult')))
 *     else:       # XStream: fields as child elements
 *         s = dict(t=float(el.findtext('elapsedTime')),
 *                  lb=el.findtext('label'), rc=el.findtext('responseCode'),
 *                  ok=el.findtext('success') == 'true', rm=..., ...)
 *     group by lb or '(unnamed)'; count kinds; nearest rank of t
 *
 * 2. HdrHistogram logs: each payload decoded by hand, bucket by bucket
 *    at its highest value, in whole microseconds (ns logs: ceil(hi /
 *    1000); YCSB logs are in us):
 *
 * raw = base64.b64decode(payload)
 * inner = zlib.decompress(raw[8:8 + struct.unpack('>i', raw[4:8])[0]])
 * cookie = struct.unpack('>I', inner[:4])[0]
 * base, ws = cookie & ~0xf0, (cookie & 0xf0) >> 4
 * if base == 0x1c849308:                     # V0, 32-byte header
 *     sig, low = struct.unpack('>iq', inner[4:16]); body = inner[32:]
 *     counts = [words of ws bytes, big-endian, signed]
 * else:                                      # V1 and V2, 40 bytes
 *     plen, _, sig, low = struct.unpack('>iiiq', inner[4:24])
 *     body = inner[40:40 + plen]
 *     counts = words (V1) or ZigZag LEB128, -n = n zeros (V2)
 * unit = low.bit_length() - 1
 * half_mag = max(math.ceil(math.log2(2 * 10 ** sig)), 1) - 1
 * for idx, c in enumerate(counts):           # HdrHistogram's layout
 *     b = (idx >> half_mag) - 1; sb = (idx & (2**half_mag - 1))
 *     sb += 2**half_mag
 *     if b < 0: sb -= 2**half_mag; b = 0
 *     high = ((sb + 1) << (b + unit)) - 1
 *
 *    The interval and total counts agree with HdrHistogram's own tests
 *    of the same logs (HistogramLogReaderTest: 62 intervals and 48761
 *    values for jHiccup-2.0.7S.logV2, 88 and 65964 for -2.0.6.logV1, 42
 *    and 32290 for tagged-Log.logV2).
 *
 * 3. The nginx log, with a regular expression for the combined layout
 *    and rt= after it; label METHOD /path without query, else
 *    "(invalid request)"; 499 a connection failure:
 *
 * LINE = re.compile(r'^(\S+) - (\S+) \[([^\]]+)\] "(.*?)" (\d{3}) '
 *                   r'(\d+|-) "(.*?)" "(.*?)"(.*)$')
 * kv = dict(re.findall(r'(\w+)="?([^" ]*)"?', m.group(9)))
 * req = m.group(4).split(' ')
 * label = req[0] + ' ' + re.split(r'[?#]', re.sub(r'^https?://[^/]*',
 *         '', req[1]) or '/')[0] if (len(req) in (2, 3) and
 *         re.fullmatch(r'[A-Z_-]+', req[0]) and (len(req) == 2 or
 *         req[2].startswith('HTTP/'))) else '(invalid request)'
 *
 * 4. Upptime's status-change log:
 *
 * EV = re.compile(r'^(\S+)\t\S+ (.+) is (up|down|degraded) '
 *                 r'\((\d+) in (\d+) ms\)$')
 * kind: up/degraded ok; down: code 0 connection, 4xx, 5xx, else other
 *
 * 5. Upptime's summary.json, its availability figures per site and
 *    period (the shields hold one figure each, read by eye):
 *
 * P = [('all', 'uptime', 'time'), ('24h', 'uptimeDay', 'timeDay'),
 *      ('7d', 'uptimeWeek', 'timeWeek'),
 *      ('30d', 'uptimeMonth', 'timeMonth'),
 *      ('1y', 'uptimeYear', 'timeYear')]
 * for s in json.load(open(path)):
 *     for p, u, t in P:
 *         if u in s or t in s:
 *             print(s['name'], p, float(s[u].rstrip('%')) / 100, s[t])
 */
#include "input/readers_b.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "headroom/formats.h"
#include "headroom/metrics.h"
#include "headroom/source.h"
#include "testkit.h"

/* Percentiles: the set's histograms hold 3 significant digits. */
#define PCT_TOL 1e-3

/* Exact figures (sums and extremes are kept exactly). */
#define EXACT_TOL 1e-9

typedef hr_status (*read_fn)(hr_source *, hr_sample_set *, hr_diags *);

/* ---- helpers ---------------------------------------------------------- */

/* What reading one file gave. */
typedef struct result {
    hr_status status;
    hr_sample_set *set;
    hr_diags diags;
    hr_label_stats *stats;
    size_t count;
    char path[512];
} result;

/* Reads path with read into a fresh set and summarises it. */
static void read_into(result *r, const char *path, read_fn read)
{
    hr_source *source = NULL;

    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    r->set = hr_sample_set_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->set);
    r->status = hr_source_open(path, &source, &r->diags);
    if (r->status == HR_OK)
        r->status = read(source, r->set, &r->diags);
    hr_source_close(source);
    CU_ASSERT_EQUAL(hr_sample_set_summarise(r->set, &r->stats, &r->count),
                    HR_OK);
}

/* Reads a corpus file. */
static void read_corpus(result *r, const char *relative, read_fn read)
{
    char path[512];

    snprintf(path, sizeof path, "corpus/%s", relative);
    read_into(r, hr_shared_path(path), read);
}

static void result_free(result *r)
{
    hr_label_stats_free(r->stats, r->count);
    hr_sample_set_free(r->set);
    hr_diags_release(&r->diags);
}

/* The stats of label; a failed assertion and an all-NAN stand-in when
 * the label is missing, so that a test goes on to its other checks. */
static const hr_label_stats *stats_of(const result *r, const char *label)
{
    for (size_t i = 0; i < r->count; i++) {
        if (strcmp(r->stats[i].label, label) == 0)
            return &r->stats[i];
    }
    static char name[] = "(missing)";
    static hr_label_stats missing;

    fprintf(stderr, "%s: no label '%s'\n", r->path, label);
    CU_FAIL("label missing");
    missing.label = name;
    missing.min_ms = missing.max_ms = missing.mean_ms = NAN;
    missing.p50_ms = missing.p95_ms = missing.p99_ms = NAN;
    missing.bytes = missing.throughput_per_s = NAN;
    return &missing;
}

/* Records and skips the set noted for the file. */
static void check_note(const result *r, size_t records, size_t skipped)
{
    const hr_source_file *file;

    CU_ASSERT_EQUAL_FATAL(hr_sample_set_file_count(r->set), 1);
    file = hr_sample_set_file(r->set, 0);
    CU_ASSERT_EQUAL(file->records, records);
    CU_ASSERT_EQUAL(file->skipped, skipped);
    if (file->records != records || file->skipped != skipped)
        fprintf(stderr, "%s: records %zu skipped %zu, expected %zu %zu\n",
                r->path, file->records, file->skipped, records, skipped);
}

/* True when a message of severity at path:line contains text. */
static bool has_diag(const result *r, hr_severity severity,
                     unsigned long line, const char *text)
{
    for (size_t i = 0; i < r->diags.count; i++) {
        const hr_diag *d = &r->diags.items[i];

        if (d->severity == severity && d->line == line && d->file
            && strcmp(d->file, r->path) == 0 && strstr(d->message, text))
            return true;
    }
    fprintf(stderr, "%s: no %s at line %lu with '%s'; got:\n", r->path,
            severity == HR_ERROR ? "error" : "warning", line, text);
    hr_diags_print(&r->diags, stderr);
    return false;
}

/* Start of the earliest time window of label (NAN when untimed). */
static double first_window_ms(const result *r, const char *label)
{
    hr_window_stats *windows = NULL;
    size_t count = 0;
    double start = NAN;

    CU_ASSERT_EQUAL(hr_sample_set_summarise_windows(r->set, &windows,
                                                    &count), HR_OK);
    for (size_t i = 0; i < count; i++) {
        if (strcmp(windows[i].stats.label, label) == 0
            && !(start <= windows[i].start_ms))
            start = windows[i].start_ms;
    }
    hr_window_stats_free(windows, count);
    return start;
}

/* A file of the given bytes in a fresh temporary directory; the caller
 * frees the path. */
static char *temp_file(const char *name, const void *bytes, size_t length)
{
    char *dir = hr_test_tmpdir();
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    FILE *file;

    sprintf(path, "%s/%s", dir, name);
    free(dir);
    file = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    CU_ASSERT_EQUAL(fwrite(bytes, 1, length, file), length);
    fclose(file);
    return path;
}

/* Removes a file made by temp_file, its directory, and frees the path. */
static void remove_temp(char *path)
{
    char *slash = strrchr(path, '/');

    CU_ASSERT_EQUAL(unlink(path), 0);
    *slash = '\0';
    CU_ASSERT_EQUAL(rmdir(path), 0);
    free(path);
}

/* Reads text written to a temporary file. */
static void read_text(result *r, const char *text, read_fn read)
{
    char *path = temp_file("input", text, strlen(text));

    read_into(r, path, read);
    remove_temp(path);
}

/* The counts of a label's error kinds, in enum order from 4xx. */
static void check_kinds(const hr_label_stats *s, const size_t kinds[6])
{
    for (int k = 0; k < 6; k++) {
        CU_ASSERT_EQUAL(s->errors_by_kind[HR_SAMPLE_HTTP_4XX + k], kinds[k]);
        if (s->errors_by_kind[HR_SAMPLE_HTTP_4XX + k] != kinds[k])
            fprintf(stderr, "%s: %s errors %zu, expected %zu\n", s->label,
                    hr_error_kind_name((hr_error_kind)(k + 1)),
                    s->errors_by_kind[HR_SAMPLE_HTTP_4XX + k], kinds[k]);
    }
}

/* ---- per-label expectations ------------------------------------------- */

typedef struct label_case {
    const char *file;
    const char *label;
    size_t samples;
    size_t errors;
    size_t kinds[6];     /* 4xx, 5xx, timeout, connection, assertion, other */
    double p50, p95, p99, max;   /* ms */
} label_case;

typedef struct file_case {
    const char *file;
    hr_status status;
    size_t records;
    size_t skipped;
    size_t labels;
} file_case;

/* Checks one label of a read file against its expectation. */
static void check_label(const result *r, const label_case *c)
{
    const hr_label_stats *s = stats_of(r, c->label);

    if (!s)
        return;
    CU_ASSERT_EQUAL(s->samples, c->samples);
    CU_ASSERT_EQUAL(s->errors, c->errors);
    if (s->samples != c->samples || s->errors != c->errors)
        fprintf(stderr, "%s: samples %zu errors %zu, expected %zu %zu\n",
                c->label, s->samples, s->errors, c->samples, c->errors);
    check_kinds(s, c->kinds);
    HR_ASSERT_CLOSE(s->p50_ms, c->p50, PCT_TOL);
    HR_ASSERT_CLOSE(s->p95_ms, c->p95, PCT_TOL);
    HR_ASSERT_CLOSE(s->p99_ms, c->p99, PCT_TOL);
    HR_ASSERT_CLOSE(s->max_ms, c->max, EXACT_TOL);
}

/* Reads every file of a table and checks its labels. */
static void check_corpus(const char *folder, const file_case *files,
                         size_t file_count, const label_case *labels,
                         size_t label_count, read_fn read)
{
    for (size_t i = 0; i < file_count; i++) {
        char relative[256];
        result r;

        snprintf(relative, sizeof relative, "%s/%s", folder, files[i].file);
        read_corpus(&r, relative, read);
        CU_ASSERT_EQUAL(r.status, files[i].status);
        CU_ASSERT_EQUAL(r.count, files[i].labels);
        if (r.status != files[i].status || r.count != files[i].labels)
            fprintf(stderr, "%s: status %d labels %zu\n", files[i].file,
                    r.status, r.count);
        check_note(&r, files[i].records, files[i].skipped);
        for (size_t k = 0; k < label_count; k++) {
            if (strcmp(labels[k].file, files[i].file) == 0)
                check_label(&r, &labels[k]);
        }
        result_free(&r);
    }
}

#define COUNT(array) (sizeof(array) / sizeof *(array))

/* ---- JMeter XML ------------------------------------------------------- */

#define NESTED "jmeter_nested_samples_no_timestamps.xml"
#define UDP "jmeterplugins_all_failures_udp_timeouts.jtl"
#define SPANISH "perfplugin_spanish_threadnames.jtl"
#define ASSERTIONS "pythonjtl_assertion_results_multiline_failure.jtl"
#define MINIMIZED "pythonjtl_minimized_ts_only.xml"
#define MULTILINE "taurus_assertions_multiline_headers.jtl"
#define EMPTY_RESULTS "taurus_empty_testresults.jtl"
#define ENTITIES "taurus_json_response_data_entities.jtl"
#define XSTREAM "taurus_xstream_webdriver_sample_base64.jtl"

static const file_case xml_files[] = {
    {NESTED, HR_OK, 30, 0, 11},
    {UDP, HR_OK, 174, 0, 1},
    {SPANISH, HR_OK, 8, 0, 2},
    {ASSERTIONS, HR_OK, 72, 0, 4},
    {MINIMIZED, HR_OK, 1, 0, 1},
    {MULTILINE, HR_OK, 1, 0, 1},
    {EMPTY_RESULTS, HR_ERR_NO_DATA, 0, 0, 0},
    {ENTITIES, HR_OK, 1, 0, 1},
    {XSTREAM, HR_OK, 3, 0, 1},
};

static const label_case xml_labels[] = {
    /* Transaction Controller parents count; their children do not. */
    {NESTED, "01 Transaction Controller", 4, 4, {0, 0, 0, 0, 0, 4},
     0, 0, 0, 0},
    {NESTED, "Samp 1", 3, 0, {0}, 0, 0, 0, 0},
    {NESTED, "BeanShell Sampler", 3, 3, {0, 0, 0, 0, 0, 3}, 0, 0, 0, 0},
    {UDP, "jp@gc - UDP Request", 174, 174, {0, 0, 174, 0, 0, 0},
     10000, 10011, 10149, 10160},
    {SPANISH, "Home", 4, 0, {0}, 598, 15902, 15902, 15902},
    {SPANISH, "Workgroup", 4, 0, {0}, 63, 1017, 1017, 1017},
    {ASSERTIONS, "\"Home\" page", 18, 0, {0}, 727, 1904, 1904, 1904},
    {ASSERTIONS, "/search;_ylt=A03uoRrUAfZPg18BCCmbvZx4", 18, 0, {0},
     1249, 1941, 1941, 1941},
    {ASSERTIONS, "fourth sample, last sample", 18, 18, {18, 0, 0, 0, 0, 0},
     201, 267, 267, 267},
    {MINIMIZED, "(unnamed)", 1, 0, {0}, 0, 0, 0, 0},
    {MULTILINE, "http://blazedemo.com/nnn", 1, 1, {1, 0, 0, 0, 0, 0},
     559, 559, 559, 559},
    {ENTITIES, "Request#01 Response Code 200", 1, 0, {0}, 124, 124, 124,
     124},
    {XSTREAM, "http://unknown.host/", 3, 3, {0, 3, 0, 0, 0, 0}, 0, 0, 0, 0},
};

static void test_xml_corpus(void)
{
    check_corpus("jmeter-jtl-xml", xml_files, COUNT(xml_files), xml_labels,
                 COUNT(xml_labels), hr_jmeter_xml_read);
}

/* Bytes, start times and the missing-t warning of the corpus files. */
static void test_xml_fields(void)
{
    result r;

    read_corpus(&r, "jmeter-jtl-xml/" UDP, hr_jmeter_xml_read);
    /* sum of by=580 over 174 samples; ts 1301920709030 is the first */
    HR_ASSERT_CLOSE(stats_of(&r, "jp@gc - UDP Request")->bytes, 100920,
                    EXACT_TOL);
    HR_ASSERT_CLOSE(first_window_ms(&r, "jp@gc - UDP Request"),
                    1301920500000.0, EXACT_TOL);
    result_free(&r);

    read_corpus(&r, "jmeter-jtl-xml/" NESTED, hr_jmeter_xml_read);
    CU_ASSERT(has_diag(&r, HR_WARNING, 0, "30 samples have no elapsed"));
    CU_ASSERT(isnan(first_window_ms(&r, "Samp 1")));
    result_free(&r);

    /* XStream: timeStamp 0, so startTime 1431506202173 starts it. */
    read_corpus(&r, "jmeter-jtl-xml/" XSTREAM, hr_jmeter_xml_read);
    HR_ASSERT_CLOSE(first_window_ms(&r, "http://unknown.host/"),
                    1431506100000.0, EXACT_TOL);
    result_free(&r);

    read_corpus(&r, "jmeter-jtl-xml/" EMPTY_RESULTS, hr_jmeter_xml_read);
    CU_ASSERT(has_diag(&r, HR_ERROR, 0, "no samples found"));
    result_free(&r);
}

/* Error kinds from exceptions, assertions and codes; nested samples. */
static void test_xml_kinds(void)
{
    static const char text[] =
        "<?xml version=\"1.0\"?>\n<testResults version=\"1.2\">\n"
        "<httpSample t=\"10\" s=\"false\" lb=\"a\" rc=\"200\">\n"
        " <assertionResult><failure>true</failure></assertionResult>\n"
        "</httpSample>\n"
        "<httpSample t=\"20\" s=\"false\" lb=\"a\" rc=\"Non HTTP response "
        "code: org.apache.http.conn.HttpHostConnectException\"/>\n"
        "<httpSample t=\"30\" s=\"false\" lb=\"a\" rc=\"Non HTTP response "
        "code: java.net.SocketTimeoutException\"/>\n"
        "<httpSample t=\"40\" s=\"false\" lb=\"a\" rc=\"503\"/>\n"
        "<httpSample t=\"50\" s=\"true\" lb=\"a\" rc=\"500\" na=\"7\">\n"
        " <httpSample t=\"45\" s=\"false\" lb=\"a\" rc=\"404\"/>\n"
        "</httpSample>\n</testResults>\n";
    static const size_t kinds[6] = {0, 1, 1, 1, 1, 0};
    result r;

    read_text(&r, text, hr_jmeter_xml_read);
    CU_ASSERT_EQUAL(r.status, HR_OK);
    check_note(&r, 5, 0);
    CU_ASSERT_EQUAL(stats_of(&r, "a")->samples, 5);
    CU_ASSERT_EQUAL(stats_of(&r, "a")->errors, 4);
    check_kinds(stats_of(&r, "a"), kinds);
    HR_ASSERT_CLOSE(stats_of(&r, "a")->max_ms, 50, EXACT_TOL);
    result_free(&r);
}

/* ---- HdrHistogram logs ------------------------------------------------- */

typedef struct hdr_case {
    const char *file;
    size_t intervals;
    size_t labels;
    const char *label;
    uint64_t count;
    double min_us, max_us, mean_us, p50_us, p95_us, p99_us;
} hdr_case;

static const hdr_case hdr_cases[] = {
    {"hdr_tagged_duplicate_Tag_A_manually_edited.hlog", 42, 2, "A", 16145,
     17, 1551893, 75115.023846, 361, 746587, 1392509},
    {"hdr_tagged_duplicate_Tag_A_manually_edited.hlog", 42, 2, "jHiccup",
     16145, 17, 1551893, 75115.023846, 361, 746587, 1392509},
    {"hdrpy_first_interval_before_StartTime.hlog", 1, 1,
     "hdrpy_first_interval_before_StartTime", 140003, 48, 189793,
     559.424577, 75, 95, 157},
    {"jhiccup_2.0.1_format_1.01_EndTimestamp_header.hlog", 81, 1,
     "jHiccup", 61256, 17, 1577059, 33241.493356, 394, 443, 1107297},
    {"jhiccup_2.0.6_format_1.1.hlog", 88, 1, "jHiccup", 65964, 17, 1895826,
     40155.092217, 394, 130548, 1241514},
    {"jhiccup_2.0.7_format_1.2.hlog", 62, 1, "jHiccup", 48761, 17, 1803551,
     68006.396710, 345, 629146, 1434452},
    {"jhiccup_2.0.7_format_1.3_tagged_lines.hlog", 62, 5, "a7.133a", 754,
     17, 459, 306.045093, 345, 394, 426},
    {"jhiccup_2.0.7_format_1.3_tagged_lines.hlog", 62, 5, "jHiccup", 45750,
     17, 1803551, 72462.220393, 345, 679478, 1451230},
    {"ycsb_READ_absolute_epoch_timestamps.hlog", 602, 1, "READ", 300056,
     215, 1546239, 7242.675277, 373, 517, 130559},
};

static void test_hdr_corpus(void)
{
    for (size_t i = 0; i < COUNT(hdr_cases); i++) {
        const hdr_case *c = &hdr_cases[i];
        const hr_label_stats *s;
        char relative[256];
        result r;

        snprintf(relative, sizeof relative, "hdrhistogram/%s", c->file);
        read_corpus(&r, relative, hr_hdr_log_read);
        CU_ASSERT_EQUAL(r.status, HR_OK);
        CU_ASSERT_EQUAL(r.count, c->labels);
        check_note(&r, c->intervals, 0);
        s = stats_of(&r, c->label);
        if (s) {
            CU_ASSERT_EQUAL(s->samples, c->count);
            CU_ASSERT_EQUAL(s->errors, 0);
            HR_ASSERT_CLOSE(s->min_ms * 1000.0, c->min_us, EXACT_TOL);
            HR_ASSERT_CLOSE(s->max_ms * 1000.0, c->max_us, EXACT_TOL);
            HR_ASSERT_CLOSE(s->mean_ms * 1000.0, c->mean_us, 1e-8);
            HR_ASSERT_CLOSE(s->p50_ms * 1000.0, c->p50_us, PCT_TOL);
            HR_ASSERT_CLOSE(s->p95_ms * 1000.0, c->p95_us, PCT_TOL);
            HR_ASSERT_CLOSE(s->p99_ms * 1000.0, c->p99_us, PCT_TOL);
        }
        result_free(&r);
    }
}

/* Interval times: offsets from StartTime, or absolute epoch seconds. */
static void test_hdr_times(void)
{
    result r;

    /* StartTime 1441812279.474 + 0.127: the window of 08:24:39 PDT. */
    read_corpus(&r, "hdrhistogram/jhiccup_2.0.7_format_1.2.hlog",
                hr_hdr_log_read);
    HR_ASSERT_CLOSE(first_window_ms(&r, "jHiccup"), 1441812000000.0,
                    EXACT_TOL);
    /* 48761 values from 0.127 s to 61.131 + 1.000 s */
    HR_ASSERT_CLOSE(stats_of(&r, "jHiccup")->throughput_per_s,
                    48761.0 / 62.004, 1e-6);
    result_free(&r);

    /* 1629447418.475 is before StartTime, but within a year: absolute. */
    read_corpus(&r, "hdrhistogram/hdrpy_first_interval_before_StartTime"
                ".hlog", hr_hdr_log_read);
    HR_ASSERT_CLOSE(first_window_ms(&r,
                                    "hdrpy_first_interval_before_StartTime"),
                    1629447300000.0, EXACT_TOL);
    result_free(&r);

    read_corpus(&r, "hdrhistogram/ycsb_READ_absolute_epoch_timestamps.hlog",
                hr_hdr_log_read);
    HR_ASSERT_CLOSE(first_window_ms(&r, "READ"), 1438613400000.0,
                    EXACT_TOL);
    result_free(&r);
}

/* Standard base64 (RFC 4648) of length bytes, NUL-terminated; caller
 * frees. */
static char *base64(const unsigned char *bytes, size_t length)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
                                 "opqrstuvwxyz0123456789+/";
    char *out = malloc(length / 3 * 4 + 8), *p = out;

    for (size_t i = 0; i < length; i += 3) {
        uint32_t v = (uint32_t)bytes[i] << 16;

        v |= i + 1 < length ? (uint32_t)bytes[i + 1] << 8 : 0;
        v |= i + 2 < length ? bytes[i + 2] : 0;
        *p++ = digits[v >> 18 & 63];
        *p++ = digits[v >> 12 & 63];
        *p++ = i + 1 < length ? digits[v >> 6 & 63] : '=';
        *p++ = i + 2 < length ? digits[v & 63] : '=';
    }
    *p = '\0';
    return out;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put64(unsigned char *p, uint64_t v)
{
    put32(p, (uint32_t)(v >> 32));
    put32(p + 4, (uint32_t)v);
}

/* Builds a V1 payload (40-byte header, 8-byte count words) by hand:
 * digits, lowest and highest as given, counts at their indexes; the
 * outer cookie is given so that tests can spoil it. */
static char *hdr_payload_v1(uint32_t outer, int32_t digits, int64_t lowest,
                            const int64_t *counts, size_t n)
{
    unsigned char *inner = calloc(1, 40 + 8 * n), packed[4096];
    uLongf packed_length = sizeof packed - 8;
    double ratio = 1.0;
    uint64_t ratio_bits;

    CU_ASSERT_PTR_NOT_NULL_FATAL(inner);
    memcpy(&ratio_bits, &ratio, sizeof ratio);
    put32(inner, 0x1c849301u | 8u << 4);
    put32(inner + 4, (uint32_t)(8 * n));
    put32(inner + 8, 0);
    put32(inner + 12, (uint32_t)digits);
    put64(inner + 16, (uint64_t)lowest);
    put64(inner + 24, UINT64_C(3600000000));
    put64(inner + 32, ratio_bits);
    for (size_t i = 0; i < n; i++)
        put64(inner + 40 + 8 * i, (uint64_t)counts[i]);
    CU_ASSERT_EQUAL(compress(packed + 8, &packed_length, inner, 40 + 8 * n),
                    Z_OK);
    free(inner);
    put32(packed, outer);
    put32(packed + 4, (uint32_t)packed_length);
    return base64(packed, 8 + packed_length);
}

/* Builds a V2 payload: ZigZag LEB128 counts, -n for n empty buckets. */
static char *hdr_payload_v2(const int64_t *values, size_t n)
{
    unsigned char inner[40 + 10 * 16], packed[1024];
    uLongf packed_length = sizeof packed - 8;
    size_t used = 40;
    double ratio = 1.0;
    uint64_t ratio_bits;

    memcpy(&ratio_bits, &ratio, sizeof ratio);
    for (size_t i = 0; i < n; i++) {
        uint64_t zz = (uint64_t)values[i] << 1 ^ (uint64_t)(values[i] >> 63);

        do {
            inner[used++] = (unsigned char)((zz & 0x7F) | (zz > 0x7F) << 7);
            zz >>= 7;
        } while (zz);
    }
    put32(inner, 0x1c849313u);
    put32(inner + 4, (uint32_t)(used - 40));
    put32(inner + 8, 0);
    put32(inner + 12, 3);
    put64(inner + 16, 1);
    put64(inner + 24, UINT64_C(3600000000));
    put64(inner + 32, ratio_bits);
    CU_ASSERT_EQUAL(compress(packed + 8, &packed_length, inner, used), Z_OK);
    put32(packed, 0x1c849314u);
    put32(packed + 4, (uint32_t)packed_length);
    return base64(packed, 8 + packed_length);
}

/* A one-interval log around a payload, read with unit. */
static void read_hdr_payload(result *r, const char *payload,
                             hr_hdr_unit unit)
{
    char *text = malloc(strlen(payload) + 200);
    char *path;
    hr_source *source = NULL;

    sprintf(text, "#[StartTime: 1700000000.000 (seconds since epoch)]\n"
            "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\","
            "\"Interval_Compressed_Histogram\"\n1.000,5.000,3.953,%s\n",
            payload);
    path = temp_file("hand.hlog", text, strlen(text));
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    r->set = hr_sample_set_new();
    r->status = hr_source_open(path, &source, &r->diags);
    if (r->status == HR_OK)
        r->status = hr_hdr_log_read_unit(source, r->set, &r->diags, unit);
    hr_source_close(source);
    hr_sample_set_summarise(r->set, &r->stats, &r->count);
    remove_temp(path);
    free(text);
}

/*
 * Hand-made histograms, 3 digits, lowest 1: indexes below 2048 are the
 * values themselves; index 3000 is bucket 1 ((3000 >> 10) - 1), sub-
 * bucket (3000 & 1023) + 1024 = 1976, values [3952, 3953], read as 3953.
 * Counts 5 x 100, 3 x 2000, 2 x 3953: p50 (rank 5) 100, p95 (rank 10)
 * 3953, mean (500 + 6000 + 7906) / 10 = 1440.6.
 */
static void check_hand_histogram(const result *r, double scale)
{
    const hr_label_stats *s;

    CU_ASSERT_EQUAL(r->status, HR_OK);
    s = stats_of(r, "hand");
    if (!s)
        return;
    CU_ASSERT_EQUAL(s->samples, 10);
    HR_ASSERT_CLOSE(s->min_ms, 100 * scale, EXACT_TOL);
    HR_ASSERT_CLOSE(s->p50_ms, 100 * scale, PCT_TOL);
    HR_ASSERT_CLOSE(s->p95_ms, 3953 * scale, PCT_TOL);
    HR_ASSERT_CLOSE(s->max_ms, 3953 * scale, EXACT_TOL);
    HR_ASSERT_CLOSE(s->mean_ms, 1440.6 * scale, EXACT_TOL);
    /* 10 values over the 5 s interval that starts at 1700000001 s */
    HR_ASSERT_CLOSE(s->throughput_per_s, 2.0, EXACT_TOL);
    HR_ASSERT_CLOSE(first_window_ms(r, "hand"), 1699999800000.0,
                    EXACT_TOL);
}

static void test_hdr_hand_made(void)
{
    static const int64_t runs[] = {-100, 5, -1899, 3, -999, 2};
    int64_t words[3001] = {0};
    result r;
    char *payload;

    words[100] = 5;
    words[2000] = 3;
    words[3000] = 2;
    payload = hdr_payload_v2(runs, COUNT(runs));
    read_hdr_payload(&r, payload, HR_HDR_UNIT_US);
    check_hand_histogram(&r, 1e-3);
    result_free(&r);
    /* The same in milliseconds: every value 1000 times larger. */
    read_hdr_payload(&r, payload, HR_HDR_UNIT_MS);
    check_hand_histogram(&r, 1.0);
    result_free(&r);
    free(payload);

    payload = hdr_payload_v1(0x1c849382u, 3, 1, words, COUNT(words));
    read_hdr_payload(&r, payload, HR_HDR_UNIT_US);
    check_hand_histogram(&r, 1e-3);
    result_free(&r);
    free(payload);
}

/* ---- access logs ------------------------------------------------------- */

#define NGINX "nginx_2019_rt_uct_uht_urt_glued_to_ua.log"

static const file_case access_files[] = {
    /* lines 670 and 671 are cut inside the user agent */
    {NGINX, HR_OK, 669, 2, 114},
};

static const label_case access_labels[] = {
    {NGINX, "GET /", 153, 31, {31, 0, 0, 0, 0, 0}, 0, 732, 1048, 1099},
    {NGINX, "(invalid request)", 11, 11, {11, 0, 0, 0, 0, 0}, 10, 295, 295,
     295},
    {NGINX, "POST /wp-login.php", 61, 0, {0}, 318, 513, 3559, 3559},
    /* two 499s: the client closed the connection */
    {NGINX, "POST /wp-cron.php", 24, 2, {0, 0, 0, 2, 0, 0}, 357, 1001, 1002,
     1002},
    /* "GET http://192.0.2.83/testget?q=23333&port=80 HTTP/1.1" */
    {NGINX, "GET /testget", 2, 2, {2, 0, 0, 0, 0, 0}, 2710, 2716, 2716,
     2716},
};

static void test_access_corpus(void)
{
    result r;

    check_corpus("access-logs", access_files, COUNT(access_files),
                 access_labels, COUNT(access_labels), hr_access_log_read);
    read_corpus(&r, "access-logs/" NGINX, hr_access_log_read);
    CU_ASSERT(has_diag(&r, HR_WARNING, 670, "does not match the log "
                       "format"));
    CU_ASSERT(has_diag(&r, HR_WARNING, 671, "does not match"));
    /* first line: [14/Aug/2019:04:12:10 +0300], rt=0.000 -> 01:12:10 UTC */
    HR_ASSERT_CLOSE(first_window_ms(&r, "GET /"), 1565745000000.0,
                    EXACT_TOL);
    HR_ASSERT_CLOSE(stats_of(&r, "GET /")->bytes, 1028096, EXACT_TOL);
    result_free(&r);
}

/* Reads text with an explicit layout. */
static void read_layout(result *r, const char *text, const char *format,
                        hr_access_label_fn label)
{
    hr_access_log_options options = {format, label, NULL};
    char *path = temp_file("access.log", text, strlen(text));
    hr_source *source = NULL;

    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    r->set = hr_sample_set_new();
    r->status = hr_source_open(path, &source, &r->diags);
    if (r->status == HR_OK)
        r->status = hr_access_log_read_with(source, r->set, &r->diags,
                                            &options);
    hr_source_close(source);
    hr_sample_set_summarise(r->set, &r->stats, &r->count);
    remove_temp(path);
}

/* nginx: upstream lists are added up; $request_time wins over them. */
static void test_access_nginx_layout(void)
{
    static const char format[] =
        "log_format timed escape=json '$remote_addr [$time_iso8601] "
        "\"$request\" $status $body_bytes_sent' ' ut=$upstream_response_time"
        " rt=$request_time';";
    static const char text[] =
        "10.0.0.1 [2024-03-01T10:00:00+01:00] \"GET /a?x=1 HTTP/1.1\" 200 5"
        " ut=0.100, 0.050 : 0.025 rt=-\n"
        "10.0.0.1 [2024-03-01T10:00:01+01:00] \"GET /a HTTP/1.1\" 502 0 "
        "ut=- rt=0.300\n"
        "10.0.0.1 [2024-03-01T10:00:02+01:00] \"GET /a HTTP/1.1\" 200 7 "
        "ut=- rt=-\n";
    result r;

    read_layout(&r, text, format, NULL);
    CU_ASSERT_EQUAL(r.status, HR_OK);
    check_note(&r, 2, 1);
    CU_ASSERT(has_diag(&r, HR_WARNING, 3, "no request time"));
    /* 0.1 + 0.05 + 0.025 s = 175 ms, then 300 ms */
    HR_ASSERT_CLOSE(stats_of(&r, "GET /a")->min_ms, 175, EXACT_TOL);
    HR_ASSERT_CLOSE(stats_of(&r, "GET /a")->max_ms, 300, EXACT_TOL);
    CU_ASSERT_EQUAL(stats_of(&r, "GET /a")->errors_by_kind[
                        HR_SAMPLE_HTTP_5XX], 1);
    /* 09:00:00 UTC, less 175 ms: the window from 08:55 */
    HR_ASSERT_CLOSE(first_window_ms(&r, "GET /a"), 1709283300000.0,
                    EXACT_TOL);
    result_free(&r);
}

/* Maps every /item/N path to one label, as model patterns will. */
static bool label_items(void *context, const char *method,
                        const char *path, char *out, size_t size)
{
    (void)context;
    if (strncmp(path, "/item/", 6) != 0)
        return false;
    snprintf(out, size, "%s item", method);
    return true;
}

/* Apache: %D in microseconds, %t the request's arrival, %U%q. */
static void test_access_apache_layout(void)
{
    static const char format[] =
        "LogFormat \"%h %l %u %t \\\"%m %U%q %H\\\" %>s %b %D\" timed";
    static const char text[] =
        "10.0.0.2 - - [01/Mar/2024:10:00:00 +0000] \"GET /item/1?a=b "
        "HTTP/1.1\" 200 - 2500\n"
        "10.0.0.2 - - [01/Mar/2024:10:00:00 +0000] \"POST /item/22 "
        "HTTP/1.1\" 404 12 1500\n"
        "10.0.0.2 - - [01/Mar/2024:10:00:00 +0000] \"GET /other "
        "HTTP/1.1\" 200 12 99999999999\n";
    result r;

    read_layout(&r, text, format, label_items);
    CU_ASSERT_EQUAL(r.status, HR_OK);
    check_note(&r, 2, 1);
    CU_ASSERT(has_diag(&r, HR_WARNING, 3, "over a day"));
    HR_ASSERT_CLOSE(stats_of(&r, "GET item")->max_ms, 2.5, EXACT_TOL);
    HR_ASSERT_CLOSE(stats_of(&r, "GET item")->bytes, 0, EXACT_TOL);
    CU_ASSERT_EQUAL(stats_of(&r, "POST item")->errors_by_kind[
                        HR_SAMPLE_HTTP_4XX], 1);
    HR_ASSERT_CLOSE(first_window_ms(&r, "GET item"), 1709287200000.0,
                    EXACT_TOL);
    result_free(&r);
}

/* Layouts that cannot be used are refused with the column at fault. */
static void test_access_bad_layouts(void)
{
    static const struct {
        const char *format;
        unsigned long column;
        const char *message;
    } cases[] = {
        {"$remote_addr $status", 0, "no request time field"},
        {"log_format x '$remote_addr $request_time", 14, "unclosed quote"},
        {"%h %{Referer %D", 4, "'%' with no name"},
        {"$remote_addr ${request_time", 14, "'$'"},
    };

    for (size_t i = 0; i < COUNT(cases); i++) {
        hr_diags diags = {0};

        CU_ASSERT_EQUAL(hr_access_log_check_format(cases[i].format, &diags),
                        HR_ERR_INVALID);
        CU_ASSERT_EQUAL_FATAL(diags.count, 1);
        CU_ASSERT_STRING_EQUAL(diags.items[0].file, "log_format");
        CU_ASSERT_EQUAL(diags.items[0].column, cases[i].column);
        CU_ASSERT_PTR_NOT_NULL(strstr(diags.items[0].message,
                                      cases[i].message));
        if (diags.items[0].column != cases[i].column)
            hr_diags_print(&diags, stderr);
        hr_diags_release(&diags);
    }
    CU_ASSERT_EQUAL(hr_access_log_check_format("%h \"%r\" %>s %{ms}T",
                                               NULL), HR_OK);
}

/* ---- uptime ------------------------------------------------------------ */

#define EVENTS "upptime_maryville_status_transitions_from_git_log.tsv"
#define HISTORY "upptime_maryville_canvas_lms_last_status.yml"
#define SUMMARY "upptime_maryville_summary_uptime_pct_strings.json"
#define TIME_SHIELD "upptime_maryville_canvas_lms_response_time_shield.json"
#define UPTIME_SHIELD "upptime_maryville_canvas_lms_uptime_shield.json"

static const file_case uptime_files[] = {
    {EVENTS, HR_OK, 4596, 0, 18},
    {HISTORY, HR_OK, 1, 0, 1},
    {SUMMARY, HR_OK, 14, 0, 0},
    {TIME_SHIELD, HR_OK, 1, 0, 0},
    {UPTIME_SHIELD, HR_OK, 1, 0, 0},
};

static const label_case uptime_labels[] = {
    {EVENTS, "Canvas LMS", 333, 9, {5, 4, 0, 0, 0, 0}, 462, 760, 1032,
     30042},
    {EVENTS, "Email", 3, 3, {1, 0, 0, 2, 0, 0}, 0, 157, 157, 157},
    {EVENTS, "Simple Syllabus", 337, 67, {58, 7, 0, 2, 0, 0}, 833, 1698,
     2186, 6456},
    {EVENTS, "MS Office", 326, 8, {2, 0, 0, 6, 0, 0}, 628, 1496, 3550,
     26582},
    {EVENTS, "Tutor.com", 314, 0, {0}, 297, 609, 773, 794},
    {EVENTS, "You", 400, 44, {43, 1, 0, 0, 0, 0}, 269, 438, 500, 702},
    {HISTORY, "https://maryville.instructure.com", 1, 0, {0}, 1032, 1032,
     1032, 1032},
};

/* One availability figure a file must give (NAN: not reported). */
typedef struct availability_case {
    const char *file;
    const char *service;
    const char *period;
    double fraction_up;
    double mean_ms;
} availability_case;

static const availability_case uptime_availability[] = {
    {SUMMARY, "Canvas LMS", "all", 0.9975, 572},
    {SUMMARY, "Canvas LMS", "30d", 0.9994, 538},
    {SUMMARY, "Simple Syllabus", "30d", 0.7787, 1080},
    {SUMMARY, "Simple Syllabus", "24h", 1.0, 1717},
    {SUMMARY, "MS Office", "7d", 0.9975, 594},
    {SUMMARY, "You", "1y", 0.9992, 278},
    {UPTIME_SHIELD, "upptime_maryville_canvas_lms_uptime_shield", "all",
     0.9975, NAN},
    {TIME_SHIELD, "upptime_maryville_canvas_lms_response_time_shield",
     "all", NAN, 571},
};

/* The set's figures for service and period, or NULL. */
static const hr_availability *availability_of(const hr_sample_set *set,
                                              const char *service,
                                              const char *period)
{
    for (size_t i = 0; i < hr_sample_set_availability_count(set); i++) {
        const hr_availability *a = hr_sample_set_availability(set, i);

        if (strcmp(a->service, service) == 0
            && strcmp(a->period, period) == 0)
            return a;
    }
    fprintf(stderr, "no availability of '%s' over '%s'\n", service,
            period);
    return NULL;
}

/* Checks a figure that may be NAN. */
static void check_maybe_nan(double got, double want)
{
    CU_ASSERT_EQUAL(isnan(got), isnan(want));
    if (!isnan(want))
        HR_ASSERT_CLOSE(got, want, EXACT_TOL);
}

/* Checks the availability figures a file gives. */
static void check_availability(const result *r, const char *file,
                               size_t count)
{
    CU_ASSERT_EQUAL(hr_sample_set_availability_count(r->set), count);
    for (size_t i = 0; i < COUNT(uptime_availability); i++) {
        const availability_case *c = &uptime_availability[i];
        const hr_availability *a;

        if (strcmp(c->file, file) != 0)
            continue;
        a = availability_of(r->set, c->service, c->period);
        CU_ASSERT_PTR_NOT_NULL(a);
        if (!a)
            continue;
        check_maybe_nan(a->fraction_up, c->fraction_up);
        check_maybe_nan(a->mean_response_ms, c->mean_ms);
    }
}

static void test_uptime_corpus(void)
{
    result r;

    check_corpus("uptime", uptime_files, COUNT(uptime_files), uptime_labels,
                 COUNT(uptime_labels), hr_uptime_read);
    /* 14 sites, each with all five periods (see the script, part 5) */
    read_corpus(&r, "uptime/" SUMMARY, hr_uptime_read);
    check_availability(&r, SUMMARY, 70);
    CU_ASSERT_EQUAL(hr_sample_set_total(r.set), 0);
    result_free(&r);
    read_corpus(&r, "uptime/" UPTIME_SHIELD, hr_uptime_read);
    check_availability(&r, UPTIME_SHIELD, 1);
    result_free(&r);
    read_corpus(&r, "uptime/" TIME_SHIELD, hr_uptime_read);
    check_availability(&r, TIME_SHIELD, 1);
    result_free(&r);
    /* lastUpdated 2026-08-21T23:06:35.750Z: the window from 23:05 */
    read_corpus(&r, "uptime/" HISTORY, hr_uptime_read);
    HR_ASSERT_CLOSE(first_window_ms(&r, "https://maryville.instructure.com"),
                    1787353500000.0, EXACT_TOL);
    result_free(&r);
}

/* headroom's uptime CSV, as its documentation in uptime.c shows it. */
static void test_uptime_csv(void)
{
    static const char text[] =
        "# checks exported from the monitor\n"
        "Service,Timestamp,Status,Response_Time_MS,Code\n"
        "\"Shop, EU\",2026-08-21T23:06:35Z,up,120,200\n"
        "\"Shop, EU\",2026-08-21 23:07:35+02:00,degraded,4000,200\n"
        "\"Shop, EU\",1787353715,down,30000,\n"
        "\"Shop, EU\",1787353775000,down,80,503\n"
        "\"Shop, EU\",2026-08-21T23:10:35Z,down,90,404\n"
        "\"Shop, EU\",2026-08-21T23:11:35Z,down,95,302\n"
        "\"Shop, EU\",2026-08-21T23:12:35Z,sideways,95,200\n";
    static const size_t kinds[6] = {1, 1, 0, 1, 0, 1};
    const hr_label_stats *s;
    result r;

    read_text(&r, text, hr_uptime_read);
    CU_ASSERT_EQUAL(r.status, HR_OK);
    check_note(&r, 6, 1);
    CU_ASSERT(has_diag(&r, HR_WARNING, 9, "not up, down or degraded"));
    s = stats_of(&r, "Shop, EU");
    if (s) {
        CU_ASSERT_EQUAL(s->samples, 6);
        CU_ASSERT_EQUAL(s->errors, 4);
        check_kinds(s, kinds);
        HR_ASSERT_CLOSE(s->max_ms, 30000, EXACT_TOL);
        HR_ASSERT_CLOSE(s->min_ms, 80, EXACT_TOL);
    }
    /* 23:07:35+02:00 is 21:07:35 UTC, the earliest check */
    HR_ASSERT_CLOSE(first_window_ms(&r, "Shop, EU"), 1787346300000.0,
                    EXACT_TOL);
    result_free(&r);
}

/* Writes text to DIR/api/SLUG/NAME under a fresh directory; returns the
 * path, which remove_shield frees. */
static char *write_shield(const char *slug, const char *name,
                          const char *text)
{
    char *dir = hr_test_tmpdir();
    char *path = malloc(strlen(dir) + strlen(slug) + strlen(name) + 8);

    sprintf(path, "%s/api", dir);
    CU_ASSERT_EQUAL(mkdir(path, 0700), 0);
    sprintf(path, "%s/api/%s", dir, slug);
    CU_ASSERT_EQUAL(mkdir(path, 0700), 0);
    sprintf(path, "%s/api/%s/%s", dir, slug, name);
    CU_ASSERT_EQUAL(hr_write_text(path, text), 0);
    free(dir);
    return path;
}

/* Removes a shield written by write_shield and its folders. */
static void remove_shield(char *path)
{
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(i ? rmdir(path) : unlink(path), 0);
        *strrchr(path, '/') = '\0';
    }
    free(path);
}

/* Reads a shield file at api/SLUG/NAME into r. */
static void read_shield(result *r, const char *slug, const char *name,
                        const char *text)
{
    char *path = write_shield(slug, name, text);

    read_into(r, path, hr_uptime_read);
    remove_shield(path);
}

/* Upptime's shields by their own names: the service is the api/ folder,
 * the period is in the label; a response time in s is turned into ms;
 * a label of another period is refused. */
static void test_uptime_shields(void)
{
    static const struct {
        const char *name, *text, *period;
        double fraction, mean_ms;
    } cases[] = {
        {"uptime-month.json", "{\"schemaVersion\":1,\"label\":\"uptime "
         "30d\",\"message\":\"99.94%\",\"color\":\"green\"}", "30d",
         0.9994, NAN},
        {"response-time-day.json", "{\"schemaVersion\":1,\"label\":"
         "\"response time 24h\",\"message\":\"1.5 s\"}", "24h", NAN,
         1500},
        {"uptime.json", "{\"schemaVersion\":1,\"label\":\"uptime\","
         "\"message\":\"100%\"}", "all", 1.0, NAN},
    };
    result r;

    for (size_t i = 0; i < COUNT(cases); i++) {
        const hr_availability *a;

        read_shield(&r, "canvas-lms", cases[i].name, cases[i].text);
        CU_ASSERT_EQUAL(r.status, HR_OK);
        check_note(&r, 1, 0);
        CU_ASSERT_EQUAL(hr_sample_set_availability_count(r.set), 1);
        a = availability_of(r.set, "canvas-lms", cases[i].period);
        CU_ASSERT_PTR_NOT_NULL(a);
        if (a) {
            check_maybe_nan(a->fraction_up, cases[i].fraction);
            check_maybe_nan(a->mean_response_ms, cases[i].mean_ms);
        }
        result_free(&r);
    }
    read_shield(&r, "zoom", "uptime-week.json", "{\"schemaVersion\":1,"
                "\"label\":\"uptime 2w\",\"message\":\"99%\"}");
    CU_ASSERT_EQUAL(r.status, HR_ERR_NO_DATA);
    CU_ASSERT_EQUAL(hr_sample_set_availability_count(r.set), 0);
    CU_ASSERT(has_diag(&r, HR_ERROR, 0, "not an Upptime shield"));
    result_free(&r);
}

/* A summary.json site with a bad figure is skipped whole; a site of an
 * older Upptime, with "uptime" and "time" only, gives one period. */
static void test_uptime_summary_sites(void)
{
    static const char text[] =
        "[{\"name\": \"A\", \"slug\": \"a\", \"uptime\": \"99.5%\","
        " \"time\": 120, \"dailyMinutesDown\": {}},\n"
        " {\"name\": \"B\", \"slug\": \"b\", \"uptime\": \"98%\","
        " \"uptimeDay\": \"101%\", \"time\": 80},\n"
        " {\"name\": \"C\", \"slug\": \"c\", \"uptime\": \"97%\"},\n"
        " 7]\n";
    const hr_availability *a;
    result r;

    read_text(&r, text, hr_uptime_read);
    CU_ASSERT_EQUAL(r.status, HR_OK);
    check_note(&r, 1, 3);
    CU_ASSERT(has_diag(&r, HR_WARNING, 0, "site 2 (B): 'uptimeDay' is not "
                       "a percentage"));
    CU_ASSERT(has_diag(&r, HR_WARNING, 0, "site 3 (C): 'time' is not a "
                       "response time"));
    CU_ASSERT(has_diag(&r, HR_WARNING, 0, "site 4: not an object"));
    CU_ASSERT_EQUAL(hr_sample_set_availability_count(r.set), 1);
    a = availability_of(r.set, "A", "all");
    if (a) {
        HR_ASSERT_CLOSE(a->fraction_up, 0.995, EXACT_TOL);
        HR_ASSERT_CLOSE(a->mean_response_ms, 120, EXACT_TOL);
    }
    result_free(&r);
}

/* The store's availability figures: checked on the way in, completed
 * by later figures of the same service and period, carried by a merge.
 * (Beside the uptime reader, their only producer.) */
static void test_availability_store(void)
{
    static const hr_availability bad[] = {
        {NULL, "all", 0.5, NAN}, {"a", "", 0.5, NAN},
        {"a", "all", 1.5, NAN},  {"a", "all", -0.1, NAN},
        {"a", "all", NAN, -1},   {"a", "all", NAN, NAN},
    };
    hr_availability a = {"svc", "30d", 0.99, NAN};
    hr_sample_set *one = hr_sample_set_new(), *two = hr_sample_set_new();
    const hr_availability *got;

    CU_ASSERT_PTR_NOT_NULL_FATAL(one);
    CU_ASSERT_PTR_NOT_NULL_FATAL(two);
    for (size_t i = 0; i < COUNT(bad); i++)
        CU_ASSERT_EQUAL(hr_sample_set_record_availability(one, &bad[i]),
                        HR_ERR_DOMAIN);
    CU_ASSERT_EQUAL(hr_sample_set_record_availability(one, &a), HR_OK);
    a.fraction_up = NAN;
    a.mean_response_ms = 250;
    CU_ASSERT_EQUAL(hr_sample_set_record_availability(one, &a), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_availability_count(one), 1);
    a.period = "all";
    a.fraction_up = 0.9;
    CU_ASSERT_EQUAL(hr_sample_set_record_availability(two, &a), HR_OK);
    CU_ASSERT_EQUAL(hr_sample_set_merge(one, two), HR_OK);
    CU_ASSERT_EQUAL_FATAL(hr_sample_set_availability_count(one), 2);
    got = hr_sample_set_availability(one, 0);
    CU_ASSERT_STRING_EQUAL(got->period, "30d");
    HR_ASSERT_CLOSE(got->fraction_up, 0.99, 0.0);
    HR_ASSERT_CLOSE(got->mean_response_ms, 250, 0.0);
    CU_ASSERT_STRING_EQUAL(hr_sample_set_availability(one, 1)->period,
                           "all");
    CU_ASSERT_PTR_NULL(hr_sample_set_availability(one, 2));
    CU_ASSERT_EQUAL(hr_sample_set_total(one), 0);
    hr_sample_set_free(one);
    hr_sample_set_free(two);
}

/* ---- sniffers ---------------------------------------------------------- */

/* Every corpus file of the four formats is detected as its format, in
 * the real table; no other corpus file is claimed by any of the four. */
static void test_sniffers(void)
{
    static const struct {
        const char *folder;
        const char *format;
    } mine[] = {
        {"jmeter-jtl-xml", "jmeter-xml"}, {"hdrhistogram", "hdr-log"},
        {"access-logs", "access-log"},    {"uptime", "uptime"},
    };
    static bool (*const sniffers[])(const char *, size_t) = {
        hr_jmeter_xml_sniff, hr_hdr_log_sniff, hr_access_log_sniff,
        hr_uptime_sniff,
    };
    char command[1024], path[1024];
    FILE *list;

    snprintf(command, sizeof command, "find '%s' -type f ! -name '*.md' "
             "! -name '.git*' | sort", hr_shared_path("corpus"));
    list = popen(command, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(list);
    while (fgets(path, sizeof path, list)) {
        const char *want = NULL, *head;
        const hr_format *found;
        hr_source *source;
        hr_diags diags = {0};
        size_t length;

        path[strcspn(path, "\n")] = '\0';
        for (size_t i = 0; i < COUNT(mine); i++) {
            if (strstr(path, mine[i].folder)
                && strstr(path, mine[i].folder)[-1] == '/')
                want = mine[i].format;
        }
        CU_ASSERT_EQUAL_FATAL(hr_source_open(path, &source, &diags), HR_OK);
        hr_source_head(source, &head, &length);
        found = hr_format_detect(head, length);
        for (size_t i = 0; i < COUNT(sniffers); i++)
            CU_ASSERT(!sniffers[i](head, length)
                      || (want && strcmp(want, mine[i].format) == 0));
        if (want) {
            CU_ASSERT(found && strcmp(found->name, want) == 0);
            if (!found || strcmp(found->name, want) != 0)
                fprintf(stderr, "%s: detected as %s\n", path,
                        found ? found->name : "nothing");
        }
        hr_source_close(source);
        hr_diags_release(&diags);
    }
    pclose(list);
}

/* ---- broken input ------------------------------------------------------ */

/* One broken file: its bytes, the reader, the status, and one message
 * that must be there (severity, line, text). */
typedef struct bad_case {
    const char *name;
    const char *bytes;
    size_t length;       /* 0: strlen(bytes) */
    read_fn read;
    hr_status status;
    size_t records;
    size_t skipped;
    hr_severity severity;
    unsigned long line;
    const char *message;
} bad_case;

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
                 "<testResults version=\"1.2\">\n"
#define HLOG_HEAD "#[Histogram log format version 1.2]\n" \
                  "#[StartTime: 1441812279.474 (seconds since epoch)]\n"
#define V2_OK "HISTFAAAAEV42pNpmSzMwMCgyAABTBDKT4GBgdnNYMcCBvsPEBEJISEu" \
              "ATEZMQ4uASkhIR4nrxg9v2lMaxhvMekILGZkKmcCAEf2CsI="
#define COMBINED "1.2.3.4 - - [14/Aug/2019:04:12:10 +0300] \"GET / " \
                 "HTTP/1.1\" 200 3698 \"-\" \"curl\""
#define CSV_HEAD "timestamp,service,status,response_time_ms\n"

static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
static const char access_binary[] = COMBINED "rt=0.2\n\x16\x03\x01\0Z\x01\n";
static const char uptime_binary[] = CSV_HEAD "2026-08-21T23:06:35Z,a,up,1\n"
                                    "\0\x01\x02\n";
static const char utf16[] = "\xFF\xFEt\0i\0m\0e\0s\0t\0a\0m\0p\0,\0";

static const bad_case bad_cases[] = {
    /* JMeter XML */
    {"xml truncated", XML_HEAD "<httpSample t=\"5\" lb=\"a\"/>\n"
     "<httpSample t=\"6\" lb", 0, hr_jmeter_xml_read, HR_OK, 1, 0,
     HR_WARNING, 4, "ends before </testResults>"},
    {"xml truncated early", XML_HEAD "<httpSample t=\"5\" lb=", 0,
     hr_jmeter_xml_read, HR_ERR_NO_DATA, 0, 0, HR_ERROR, 3,
     "not well-formed XML"},
    {"xml binary", binary, sizeof binary - 1, hr_jmeter_xml_read,
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1, "not well-formed XML"},
    {"xml empty", "", 0, hr_jmeter_xml_read, HR_ERR_NO_DATA, 0, 0, HR_ERROR,
     1, "no element found"},
    {"xml latin-1", XML_HEAD "<httpSample t=\"5\" lb=\"caf\xE9\"/>\n"
     "</testResults>\n", 0, hr_jmeter_xml_read, HR_ERR_NO_DATA, 0, 0,
     HR_ERROR, 3, "not well-formed (invalid token)"},
    {"xml not jmeter", "<?xml version=\"1.0\"?>\n<html><body/></html>\n",
     0, hr_jmeter_xml_read, HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1,
     "the root element is <html>"},
    {"xml absurd elapsed", XML_HEAD "<httpSample t=\"5\" lb=\"a\"/>\n"
     "<httpSample t=\"99999999999999\" lb=\"a\"/>\n</testResults>\n", 0,
     hr_jmeter_xml_read, HR_OK, 1, 1, HR_WARNING, 4, "out of range"},
    {"xml negative elapsed", XML_HEAD "<httpSample t=\"-5\" lb=\"a\"/>\n"
     "</testResults>\n", 0, hr_jmeter_xml_read, HR_ERR_NO_DATA, 0, 1,
     HR_WARNING, 3, "out of range"},
    {"xml elapsed text", XML_HEAD "<httpSample t=\"soon\" lb=\"a\"/>\n"
     "<httpSample t=\"5\" s=\"maybe\" lb=\"a\"/>\n</testResults>\n", 0,
     hr_jmeter_xml_read, HR_ERR_NO_DATA, 0, 2, HR_WARNING, 4,
     "neither true nor false"},

    /* HdrHistogram logs */
    {"hlog truncated payload", HLOG_HEAD "0.127,1.007,2.769,HISTFAAAAEV42pN"
     "pmSzMwMCgyAABTBDKT4GBgdnNYMcCBvsPEBEJISEu\n1.1,1.0,2.7," V2_OK "\n",
     0, hr_hdr_log_read, HR_OK, 1, 1, HR_WARNING, 3,
     "shorter than its length"},
    /* the PNG signature's CR LF ends line 1; line 3 holds NUL bytes */
    {"hlog binary", binary, sizeof binary - 1, hr_hdr_log_read,
     HR_ERR_NO_DATA, 0, 3, HR_WARNING, 3, "binary"},
    {"hlog empty", "", 0, hr_hdr_log_read, HR_ERR_NO_DATA, 0, 0, HR_ERROR, 0,
     "no interval histograms found"},
    {"hlog utf-16", utf16, sizeof utf16 - 1, hr_hdr_log_read,
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1, "UTF-16LE"},
    {"hlog not base64", HLOG_HEAD "0.1,1.0,2.7,HIST*AAA\n", 0,
     hr_hdr_log_read, HR_ERR_NO_DATA, 0, 1, HR_WARNING, 3, "not base64"},
    {"hlog absurd times", HLOG_HEAD "-4,1.0,2.7," V2_OK "\n", 0,
     hr_hdr_log_read, HR_ERR_NO_DATA, 0, 1, HR_WARNING, 3,
     "numbers >= 0"},
    {"hlog short line", HLOG_HEAD "0.127,1.007\n", 0, hr_hdr_log_read,
     HR_ERR_NO_DATA, 0, 1, HR_WARNING, 3, "[Tag=NAME,]start"},

    /* access logs */
    {"access truncated", COMBINED "rt=0.2\n" "1.2.3.4 - - [14/Aug/2019:"
     "04:12:11 +0300] \"GET / HTTP/1.1\" 200 3698 \"-\" \"cu", 0,
     hr_access_log_read, HR_OK, 1, 1, HR_WARNING, 2, "column 73"},
    {"access binary", access_binary, sizeof access_binary - 1,
     hr_access_log_read, HR_OK, 1, 1, HR_WARNING, 2, "binary"},
    {"access empty", "", 0, hr_access_log_read, HR_ERR_NO_DATA, 0, 0,
     HR_ERROR, 0, "no requests found"},
    {"access utf-16", utf16, sizeof utf16 - 1, hr_access_log_read,
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1, "UTF-16LE"},
    {"access no time", COMBINED "\n", 0, hr_access_log_read,
     HR_ERR_NO_DATA, 0, 1, HR_ERROR, 0, "give the server's log_format"},
    {"access absurd", COMBINED "rt=0.2\n" COMBINED "rt=1e9\n" COMBINED
     "rt=abc\n", 0, hr_access_log_read, HR_OK, 1, 2, HR_WARNING, 3,
     "not a number: 'abc'"},
    {"access bad status", "1.2.3.4 - - [14/Aug/2019:04:12:10 +0300] \"GET"
     " / HTTP/1.1\" 2x0 1 \"-\" \"c\"rt=0.1\n", 0, hr_access_log_read,
     HR_ERR_NO_DATA, 0, 1, HR_WARNING, 1, "status is not an HTTP code"},
    {"access bad date", "1.2.3.4 - - [14/Foo/2019:04:12:10 +0300] \"GET"
     " / HTTP/1.1\" 200 1 \"-\" \"c\"rt=0.1\n", 0, hr_access_log_read,
     HR_ERR_NO_DATA, 0, 1, HR_WARNING, 1, "time is not a date"},

    /* uptime */
    {"uptime truncated", CSV_HEAD "2026-08-21T23:06:35Z,\"Shop,up,120\n",
     0, hr_uptime_read, HR_ERR_NO_DATA, 0, 1, HR_WARNING, 2,
     "quoted field is not closed"},
    {"uptime binary", uptime_binary, sizeof uptime_binary - 1,
     hr_uptime_read, HR_OK, 1, 1, HR_WARNING,
     3, "binary"},
    {"uptime empty", "", 0, hr_uptime_read, HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1,
     "neither an uptime CSV"},
    {"uptime utf-16", utf16, sizeof utf16 - 1, hr_uptime_read,
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1, "UTF-16LE"},
    {"uptime absurd time", CSV_HEAD "2026-08-21T23:06:35Z,a,up,-4\n"
     "2026-08-21T23:06:35Z,a,up,1e12\n2026-13-01T00:00:00Z,a,up,1\n", 0,
     hr_uptime_read, HR_ERR_NO_DATA, 0, 3, HR_WARNING, 4,
     "timestamp is not ISO 8601"},
    {"uptime bad event", "2026-08-21T23:06:43+00:00\t\xF0\x9F\x9F\xA9 Zoom "
     "is up (200 in 171 ms)\n2026-08-21T23:06:44+00:00\t\xF0\x9F\x9F\xA9 "
     "Zoom is up (200 in soon)\n", 0, hr_uptime_read, HR_OK, 1, 1, HR_WARNING,
     2, "message is not"},
    {"uptime history without time", "url: https://a.example\nstatus: up\n"
     "code: 200\nresponseTime: -\nlastUpdated: 2026-08-21T23:06:35.750Z\n",
     0, hr_uptime_read, HR_ERR_NO_DATA, 0, 1, HR_WARNING, 0,
     "response time is not a number"},
    {"uptime cut json", "[{\"name\": \"A\", \"slug\": \"a\", \"uptime\":"
     " \"99%\", \"dailyMinutesDown\": {", 0, hr_uptime_read,
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 0, "the JSON is cut off"},
};

static void test_bad_input(void)
{
    for (size_t i = 0; i < COUNT(bad_cases); i++) {
        const bad_case *c = &bad_cases[i];
        size_t length = c->length ? c->length : strlen(c->bytes);
        char *path = temp_file("bad", c->bytes, length);
        result r;

        read_into(&r, path, c->read);
        CU_ASSERT_EQUAL(r.status, c->status);
        if (r.status != c->status)
            fprintf(stderr, "%s: status %d, expected %d\n", c->name,
                    r.status, c->status);
        check_note(&r, c->records, c->skipped);
        if (!has_diag(&r, c->severity, c->line, c->message))
            fprintf(stderr, "(case '%s')\n", c->name);
        CU_ASSERT(has_diag(&r, c->severity, c->line, c->message));
        result_free(&r);
        remove_temp(path);
    }
}

/* Spoiled payloads: each interval is skipped with the reason. */
static void test_hdr_bad_payloads(void)
{
    static const int64_t negative[] = {0, -5};
    static const int64_t fine[] = {0, 5};
    static const struct {
        uint32_t outer;
        int32_t digits;
        const int64_t *counts;
        const char *message;
    } cases[] = {
        {0x1c849382u, 3, negative, "a bucket count is negative"},
        {0x1c849382u, 9, fine, "header is out of range"},
        {0x1c849314u, 3, fine, "does not match the outer one"},
        {0x12345678u, 3, fine, "not a compressed histogram"},
    };

    for (size_t i = 0; i < COUNT(cases); i++) {
        char *payload = hdr_payload_v1(cases[i].outer, cases[i].digits, 1,
                                       cases[i].counts, 2);
        result r;

        read_hdr_payload(&r, payload, HR_HDR_UNIT_AUTO);
        CU_ASSERT_EQUAL(r.status, HR_ERR_NO_DATA);
        CU_ASSERT(has_diag(&r, HR_WARNING, 3, cases[i].message));
        result_free(&r);
        free(payload);
    }
}

/* ---- the suite --------------------------------------------------------- */

static const hr_test_case cases[] = {
    {"JMeter XML corpus", test_xml_corpus},
    {"JMeter XML bytes, times, warnings", test_xml_fields},
    {"JMeter XML error kinds and nesting", test_xml_kinds},
    {"HdrHistogram corpus", test_hdr_corpus},
    {"HdrHistogram interval times", test_hdr_times},
    {"HdrHistogram hand-made V1 and V2", test_hdr_hand_made},
    {"HdrHistogram spoiled payloads", test_hdr_bad_payloads},
    {"access log corpus", test_access_corpus},
    {"access log, nginx log_format", test_access_nginx_layout},
    {"access log, Apache LogFormat", test_access_apache_layout},
    {"access log, unusable layouts", test_access_bad_layouts},
    {"uptime corpus", test_uptime_corpus},
    {"uptime CSV", test_uptime_csv},
    {"Upptime shields", test_uptime_shields},
    {"Upptime summary sites", test_uptime_summary_sites},
    {"availability figures in the store", test_availability_store},
    {"sniffers on the whole corpus", test_sniffers},
    {"broken input", test_bad_input},
};

HR_TEST_MAIN("formats_b", cases)
