/*
 * test_formats_a.c - the k6, Gatling, Locust and wrk readers (readers.h)
 * on every corpus file of their formats, their sniffers, their helpers,
 * and a bad-input table per reader.
 *
 * Each corpus file must be detected as its own format by
 * hr_format_detect, and no sniffer of these formats may claim a corpus
 * file of any other folder. Each file's read is compared with a table:
 * status, records read and skipped, the number of labels, and per label
 * samples, errors, min, mean, p50/p95/p99, max and throughput (NAN where
 * the file does not give the figure; CHECK_NONE where not compared).
 *
 * The expected values were worked out independently with python3 on the
 * same files, by the script below (save it as ref.py and run it): json,
 * csv and re modules; each Gatling file's columns named by hand rather
 * than found by shape as gatling.c does; nearest-rank percentiles
 * x[ceil(p N)]; throughput as samples over the span from the first start
 * to the last end, or the reported count over the run's duration. The
 * per-request formats (Gatling, k6 JSON and CSV) keep exact samples, so
 * their percentiles are compared to 1e-9; the reported summaries (k6
 * summary, dashboard, Locust, wrk) are the tools' own figures, compared
 * to 1e-9 too; throughputs to 1e-6. Error kinds of Gatling's KO messages
 * were read by eye: "found 404", "found 400" and "actually 401" are 4xx,
 * UnknownHostException a connection failure, the one empty KO message of
 * 3.0.2 "other"; k6 error_code 1101 (DNS) a connection failure.
 *
 * import csv, collections, datetime, json, math, os, re
 * C = '/work/shared/corpus/'
 * def files(d):                         # a corpus folder's files, sorted
 *     return [C + d + '/' + f for f in sorted(os.listdir(C + d))]
 * def rank(xs, p):                      # nearest rank: x[ceil(p N)]
 *     xs = sorted(xs); return xs[math.ceil(p * len(xs)) - 1]
 * def show(name, rows):                 # rows: (label, ms, start, end, bad)
 *     by = collections.defaultdict(list)
 *     for r in rows: by[r[0]].append(r)
 *     for lab, rs in sorted(by.items()):
 *         xs = [r[1] for r in rs]
 *         span = (max(r[3] for r in rs) - min(r[2] for r in rs)) / 1000
 *         print(name, lab, len(xs), sum(r[4] for r in rs), min(xs),
 *               sum(xs) / len(xs), rank(xs, .5), rank(xs, .95),
 *               rank(xs, .99), max(xs), len(xs) / span if span else None)
 * # Gatling: (type, group, name, start, end, status) columns, by hand.
 * G = {'3.6.1': (0, 1, 2, 3, 4, 5), '3.7.6': (0, 1, 2, 3, 4, 5),
 *      '3.0.2': (0, 2, 3, 4, 5, 6), '3.3.1': (0, 2, 3, 4, 5, 6),
 *      '2.2': (0, 3, 4, 5, 6, 7), '2.x_a': (0, 3, 4, 5, 6, 7),
 *      '2.x_e': (0, 3, 4, 5, 6, 7), '2.0': (2, 3, 4, 5, 8, 9)}
 * for v, (t, g, n, s, e, st) in G.items():
 *     rows = []
 *     for line in open(next(f for f in files('gatling') if '_' + v in f)):
 *         c = line.rstrip('\n').split('\t')
 *         if len(c) > t and c[t] == 'REQUEST':
 *             lab = ''.join(x + ' / ' for x in c[g].split(',') if x)
 *             rows.append((lab + (c[n] or '(unnamed)'),
 *                          int(c[e]) - int(c[s]), int(c[s]), int(c[e]),
 *                          c[st] == 'KO'))
 *     show('gatling ' + v, rows)
 * def iso_ms(t):                        # fromisoformat stops at microseconds
 *     m = re.match(r'(.*T\d\d:\d\d:\d\d)(\.\d+)?(.*)', t)
 *     base = datetime.datetime.fromisoformat(m.group(1) + m.group(3))
 *     frac = float('0' + (m.group(2) or '.0'))
 *     return base.timestamp() * 1000 + frac * 1000
 * for f in [f for f in files('k6-json') if f.endswith('.json')]:
 *     rows = []
 *     for o in map(json.loads, open(f)):
 *         if o['type'] == 'Point' and o['metric'] == 'http_req_duration':
 *             d = o['data']; end = iso_ms(d['time'])   # k6 stamps the end
 *             bad = d['tags'].get('expected_response') == 'false'
 *             rows.append((d['tags']['name'], d['value'], end - d['value'],
 *                          end, bad))
 *     show(f, rows)
 * rows = []
 * for r in csv.DictReader(open(files('k6-csv')[0])):
 *     if r['metric_name'] == 'http_req_duration':
 *         v, end = float(r['metric_value']), int(r['timestamp']) * 1000
 *         rows.append((r['name'], v, end - v, end,
 *                      r['expected_response'] == 'false'))
 * show('k6-csv', rows)
 * for f in files('k6-summary'):         # http, else grpc, else iterations
 *     d = json.load(open(f)); m = d['metrics']
 *     val = lambda k: m[k].get('values', m[k])
 *     t, c, fl = next(x for x in [('http_req_duration', 'http_reqs',
 *         'http_req_failed'), ('grpc_req_duration', 'grpc_reqs', None),
 *         ('iteration_duration', 'iterations', None)] if x[0] in m)
 *     n, bad = val(c)['count'], val(fl)['passes'] if fl else 0
 *     ms = d.get('state', {}).get('testRunDurationMs')
 *     dur = ms / 1000 if ms else n / val(c)['rate']
 *     print(f, t, n, bad, val(t), n / dur)
 *     if t + '{expected_response:true}' in m:
 *         print('  ok', n - bad, val(t + '{expected_response:true}'),
 *               (n - bad) / dur)
 * names, last = [], None                # dashboard: names sorted
 * for e in map(json.loads, open(C + 'k6-json/xk6dashboard_web_dashboard'
 *                                   '_event_stream.ndjson')):
 *     if e['event'] == 'param': aggs = e['data']['aggregates']['trend']
 *     if e['event'] == 'metric': names = sorted(set(names) | set(e['data']))
 *     if e['event'] == 'start': start = e['data'][names.index('time')][0]
 *     if e['event'] == 'cumulative': last = dict(zip(names, e['data']))
 * n = last['http_reqs'][0]
 * print('dashboard', n, last['http_req_failed'][0] * n,
 *       dict(zip(aggs, last['http_req_duration'])),
 *       n / ((last['time'][0] - start) / 1000))
 * for f in [f for f in files('locust') if f.endswith('.csv')]:
 *     rows = [{k.lower(): v for k, v in r.items()}
 *             for r in csv.DictReader(open(f, newline=''))]
 *     if 'history' in f:                # last row per label, span of rows
 *         last, first = {}, {}
 *         for r in rows:
 *             k = (r['type'] + ' ' + r['name']).strip()
 *             last[k] = r; first.setdefault(k, r)
 *         for k, r in last.items():
 *             span = int(r['timestamp']) - int(first[k]['timestamp'])
 *             print(f, len(rows), k, r['total request count'],
 *                   r['total failure count'], r['total min response time'],
 *                   r['total average response time'],
 *                   r['total median response time'],
 *                   r['total max response time'],
 *                   int(r['total request count']) / span)
 *         continue
 *     for r in rows:
 *         print(f, len(rows), [r.get(k) for k in ('type', 'method', 'name',
 *               'request count', '# requests', 'failure count', '# failures',
 *               'min response time', 'average response time', '50%',
 *               'median response time', '95%', '99%', 'max response time',
 *               'requests/s', 'error', 'occurrences')])
 * for l in open(C + 'locust/rutu_locust_2.32_console_summary.txt'):
 *     if l.startswith('GET'): print('console', l.split())
 * for f in files('wrk'):                 # units: us, ms, s, m
 *     ms = lambda w: float(re.match(r'[\d.]+', w)[0]) * {'us': 1e-3,
 *         'ms': 1, 's': 1e3, 'm': 60e3}[re.sub(r'[\d.]+', '', w)]
 *     text = open(f).read()
 *     lat = re.search(r'Latency +(\S+) +\S+ +(\S+)', text)
 *     tot = re.search(r'(\d+) requests in ([\d.]+\w+)', text)
 *     block = {}                        # the first block only (wrk2: two)
 *     for k, v in re.findall(r'\n +([\d.]+)% +([\d.]+\w+)', text):
 *         block.setdefault(k, v)
 *     spec = re.split('Detailed Percentile spectrum', text)[1:2]
 *     rows = re.findall(r'\n +([\d.]+) +([\d.]+) +\d+ ',
 *                       spec[0]) if spec else []
 *     mean = re.search(r'#\[Mean += +([\d.]+)', text)
 *     print(f, tot[1], ms(lat[1]), ms(lat[2]), {k: ms(v) for k, v in
 *           block.items()}, [r for r in rows if r[1] in ('0.000000',
 *           '0.500000', '0.950000')], mean and mean[1],
 *           int(tot[1]) / (ms(tot[2]) / 1000))
 *
 * Sections: helpers, sniffers, corpus tables, helpers of readers.h,
 * bad input.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/formats.h"
#include "headroom/metrics.h"
#include "headroom/source.h"
#include "input/readers.h"
#include "testkit.h"

/* A figure the table does not compare. */
#define CHECK_NONE (-1.0)

/* Relative tolerances: figures copied or computed exactly, and
 * throughputs (a division by a span in seconds). */
#define EXACT 1e-9
#define RATE 1e-6

/* The formats of this test, by their table names. */
static const char *const my_formats[] = {
    "gatling-binary", "gatling", "k6-csv", "k6-json", "k6-dashboard",
    "k6-summary", "locust-history", "locust-failures", "locust-stats",
    "locust-console", "wrk",
};

/* The corpus folders those formats' files are in. */
static const char *const my_folders[] = {
    "gatling", "k6-csv", "k6-json", "k6-summary", "locust", "wrk",
};

/* ---- helpers ---------------------------------------------------------- */

/* One label's expected figures. */
typedef struct want_label {
    const char *label;
    size_t samples, errors;
    double min_ms, mean_ms, p50_ms, p95_ms, p99_ms, max_ms;
    double throughput;
} want_label;

/* One file's expected read. */
typedef struct want_file {
    const char *path;           /* under the corpus */
    const char *format;
    hr_status status;
    size_t records, skipped, labels;
    want_label checks[3];       /* label NULL ends the list */
} want_file;

/* Opens a corpus or temporary file; NULL (and a failed assertion) when
 * it cannot be opened. */
static hr_source *open_source(const char *path, hr_diags *diags)
{
    hr_source *source = NULL;

    CU_ASSERT_EQUAL_FATAL(hr_source_open(path, &source, diags), HR_OK);
    return source;
}

/* The format the table detects for the file at path, or NULL. */
static const hr_format *detect(const char *path)
{
    hr_diags diags = {0};
    hr_source *source = open_source(path, &diags);
    const char *head;
    size_t length;
    const hr_format *format;

    hr_source_head(source, &head, &length);
    format = hr_format_detect(head, length);
    hr_source_close(source);
    hr_diags_release(&diags);
    return format;
}

/* Reads path with the named format into a new set; the caller frees. */
static hr_sample_set *read_as(const char *path, const char *name,
                              hr_status *status, hr_diags *diags)
{
    const hr_format *format = hr_format_find(name);
    hr_sample_set *set = hr_sample_set_new();
    hr_source *source = open_source(path, diags);

    CU_ASSERT_PTR_NOT_NULL_FATAL(format);
    *status = format->read(source, set, diags);
    hr_source_close(source);
    return set;
}

/* Compares a figure unless the table says CHECK_NONE; NAN must match
 * NAN. */
static void check_figure(const char *what, const char *label, double got,
                         double want, double tolerance)
{
    if (want == CHECK_NONE)
        return;
    if (isnan(want) || isnan(got)) {
        if (isnan(want) != isnan(got))
            printf("\n  %s of '%s': got %g, want %g\n", what, label, got,
                   want);
        CU_ASSERT_EQUAL(isnan(got), isnan(want));
        return;
    }
    if (!hr_close(got, want, tolerance))
        printf("\n  %s of '%s':", what, label);
    HR_ASSERT_CLOSE(got, want, tolerance);
}

/* The stats of label among count, or NULL (and a failed assertion). */
static const hr_label_stats *find_label(const hr_label_stats *stats,
                                        size_t count, const char *label)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(stats[i].label, label) == 0)
            return &stats[i];
    printf("\n  label '%s' not found\n", label);
    CU_FAIL("label not found");
    return NULL;
}

/* Checks one label against its row of the table. */
static void check_label(const hr_label_stats *stats, size_t count,
                        const want_label *want)
{
    const hr_label_stats *got = find_label(stats, count, want->label);

    if (!got)
        return;
    CU_ASSERT_EQUAL(got->samples, want->samples);
    CU_ASSERT_EQUAL(got->errors, want->errors);
    check_figure("min", want->label, got->min_ms, want->min_ms, EXACT);
    check_figure("mean", want->label, got->mean_ms, want->mean_ms, EXACT);
    check_figure("p50", want->label, got->p50_ms, want->p50_ms, EXACT);
    check_figure("p95", want->label, got->p95_ms, want->p95_ms, EXACT);
    check_figure("p99", want->label, got->p99_ms, want->p99_ms, EXACT);
    check_figure("max", want->label, got->max_ms, want->max_ms, EXACT);
    check_figure("throughput", want->label, got->throughput_per_s,
                 want->throughput, RATE);
}

/* The provenance note of the only file read into set, or NULL. */
static const hr_source_file *only_file(const hr_sample_set *set)
{
    return hr_sample_set_file_count(set) == 1 ? hr_sample_set_file(set, 0)
                                              : NULL;
}

/* Reads one corpus file and compares it with its row of a table. */
static void check_file(const want_file *want)
{
    char path[1024];
    const hr_format *format;
    const hr_source_file *file;
    hr_diags diags = {0};
    hr_label_stats *stats = NULL;
    size_t count = 0;
    hr_status status;
    hr_sample_set *set;

    snprintf(path, sizeof path, "%s", hr_shared_path("corpus"));
    snprintf(path + strlen(path), sizeof path - strlen(path), "/%s",
             want->path);
    format = detect(path);
    if (!format || strcmp(format->name, want->format) != 0)
        printf("\n  %s: detected as %s\n", want->path,
               format ? format->name : "nothing");
    CU_ASSERT(format && strcmp(format->name, want->format) == 0);
    set = read_as(path, want->format, &status, &diags);
    if (status != want->status)
        hr_diags_print(&diags, stdout);
    CU_ASSERT_EQUAL(status, want->status);
    file = only_file(set);
    CU_ASSERT_PTR_NOT_NULL(file);
    if (file) {
        CU_ASSERT_EQUAL(file->records, want->records);
        CU_ASSERT_EQUAL(file->skipped, want->skipped);
        CU_ASSERT_STRING_EQUAL(file->format, want->format);
    }
    CU_ASSERT_EQUAL(hr_sample_set_summarise(set, &stats, &count), HR_OK);
    CU_ASSERT_EQUAL(count, want->labels);
    for (size_t i = 0; i < 3 && want->checks[i].label; i++)
        check_label(stats, count, &want->checks[i]);
    hr_label_stats_free(stats, count);
    hr_sample_set_free(set);
    hr_diags_release(&diags);
}

/* Reads a corpus file and returns its errors of one kind under label. */
static size_t errors_of_kind(const char *relative, const char *format,
                             const char *label, hr_error_kind kind)
{
    char path[1024];
    hr_diags diags = {0};
    hr_label_stats *stats = NULL;
    size_t count = 0, found = 0;
    hr_status status;
    hr_sample_set *set;
    const hr_label_stats *got;

    snprintf(path, sizeof path, "%s/%s", hr_shared_path("corpus"),
             relative);
    set = read_as(path, format, &status, &diags);
    hr_sample_set_summarise(set, &stats, &count);
    got = find_label(stats, count, label);
    if (got)
        found = got->errors_by_kind[kind];
    hr_label_stats_free(stats, count);
    hr_sample_set_free(set);
    hr_diags_release(&diags);
    return found;
}

/* True when diags holds a message of severity at line whose text
 * contains part and whose file ends with name. */
static bool has_diag(const hr_diags *diags, hr_severity severity,
                     unsigned long line, const char *name, const char *part)
{
    for (size_t i = 0; i < diags->count; i++) {
        const hr_diag *d = &diags->items[i];
        size_t n = strlen(d->file), k = strlen(name);

        if (d->severity == severity && d->line == line && n >= k
            && strcmp(d->file + n - k, name) == 0
            && strstr(d->message, part))
            return true;
    }
    return false;
}

/* ---- sniffers --------------------------------------------------------- */

/* The format a corpus file of my folders must be detected as, from its
 * folder and name. */
static const char *expected_format(const char *folder, const char *name)
{
    if (strcmp(folder, "gatling") == 0)
        return strstr(name, "BINARY") ? "gatling-binary" : "gatling";
    if (strcmp(folder, "k6-json") == 0)
        return strstr(name, "event_stream") ? "k6-dashboard" : "k6-json";
    if (strcmp(folder, "locust") != 0)
        return folder;
    if (strstr(name, "history"))
        return "locust-history";
    if (strstr(name, "failures"))
        return "locust-failures";
    return strstr(name, "console") ? "locust-console" : "locust-stats";
}

/* Calls visit for every file of a corpus folder; returns the count. */
static size_t each_file(const char *folder,
                        void (*visit)(const char *folder, const char *name,
                                      const char *path))
{
    char directory[1024], path[2048];
    struct dirent *entry;
    size_t count = 0;
    DIR *dir;

    snprintf(directory, sizeof directory, "%s/%s",
             hr_shared_path("corpus"), folder);
    dir = opendir(directory);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", directory, entry->d_name);
        visit(folder, entry->d_name, path);
        count++;
    }
    closedir(dir);
    return count;
}

/* True when the named format's sniffer accepts the head of path. */
static bool sniffs(const char *name, const char *path)
{
    const hr_format *format = hr_format_find(name);
    hr_diags diags = {0};
    hr_source *source = open_source(path, &diags);
    const char *head;
    size_t length;
    bool claimed;

    hr_source_head(source, &head, &length);
    claimed = format && format->sniff(head, length);
    hr_source_close(source);
    hr_diags_release(&diags);
    return claimed;
}

/* A file of my folders must be detected as its own format, and no
 * other sniffer of these formats may accept it either. */
static void visit_mine(const char *folder, const char *name,
                       const char *path)
{
    const hr_format *format = detect(path);
    const char *want = expected_format(folder, name);

    if (!format || strcmp(format->name, want) != 0)
        printf("\n  %s/%s: detected as %s, want %s\n", folder, name,
               format ? format->name : "nothing", want);
    CU_ASSERT(format && strcmp(format->name, want) == 0);
    for (size_t i = 0; i < sizeof my_formats / sizeof *my_formats; i++) {
        bool other = strcmp(my_formats[i], want) != 0;

        if (other && sniffs(my_formats[i], path))
            printf("\n  %s/%s also claimed by %s\n", folder, name,
                   my_formats[i]);
        CU_ASSERT_FALSE(other && sniffs(my_formats[i], path));
    }
}

static void test_sniffers_detect_own_files(void)
{
    size_t files = 0;

    for (size_t i = 0; i < sizeof my_folders / sizeof *my_folders; i++)
        files += each_file(my_folders[i], visit_mine);
    /* SOURCES.md counts: gatling 9, k6-csv 1, k6-json 3, k6-summary 4,
     * locust 9, wrk 4. */
    CU_ASSERT_EQUAL(files, 30);
}

/* A file of another folder must be claimed by none of my sniffers. */
static void visit_other(const char *folder, const char *name,
                        const char *path)
{
    for (size_t i = 0; i < sizeof my_formats / sizeof *my_formats; i++) {
        bool claimed = sniffs(my_formats[i], path);

        if (claimed)
            printf("\n  %s/%s claimed by %s\n", folder, name,
                   my_formats[i]);
        CU_ASSERT_FALSE(claimed);
    }
}

static void test_sniffers_leave_other_files(void)
{
    static const char *const others[] = {
        "access-logs", "capacity", "crux", "hdrhistogram", "jmeter-jtl-csv",
        "jmeter-jtl-xml", "lighthouse", "uptime",
    };
    size_t files = 0;

    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        files += each_file(others[i], visit_other);
    CU_ASSERT_EQUAL(files, 50);
}

/* Every format of this test is in the table, under its name. */
static void test_formats_registered(void)
{
    for (size_t i = 0; i < sizeof my_formats / sizeof *my_formats; i++) {
        const hr_format *format = hr_format_find(my_formats[i]);

        CU_ASSERT_PTR_NOT_NULL(format);
        if (format)
            CU_ASSERT_STRING_EQUAL(format->name, my_formats[i]);
    }
}

/* ---- corpus tables ---------------------------------------------------- */

/* A figure the file does not give. */
#define ABSENT ((double)NAN)

/* Gatling: samples, errors, min, mean, p50, p95, p99, max, throughput
 * (samples over last end - first start, from the script). */
static const want_file gatling_files[] = {
    {"gatling/abhic43_gatling_3.6.1_all_ko_unknownhost.simulation.log",
     "gatling", HR_OK, 10, 0, 1,
     {{"LaunchHomePage", 10, 10, 108, 109.7, 109, 111, 111, 111,
       10 / 0.112}}},
    {"gatling/taurus_gatling_2.0_v1_layout_scenario_first.simulation.log",
     "gatling", HR_OK, 220, 0, 1,
     {{"request_1", 220, 110, 0, 256.0 / 220, 1, 3, 11, 21, CHECK_NONE}}},
    {"gatling/taurus_gatling_2.2_user_id_columns.simulation.log",
     "gatling", HR_OK, 45, 0, 1,
     {{"/", 45, 0, 105, 5307.0 / 45, 107, 221, 365, 365, CHECK_NONE}}},
    {"gatling/taurus_gatling_2.x_assertion_base64_lines.simulation.log",
     "gatling", HR_OK, 6, 0, 2,
     {{"ping request", 4, 0, 322, 366.5, 335, 451, 451, 451, CHECK_NONE},
      {"ping request Redirect 1", 2, 0, 488, 500, 488, 512, 512, 512,
       CHECK_NONE}}},
    {"gatling/taurus_gatling_2.x_empty_names_ko_messages.simulation.log",
     "gatling", HR_OK, 2, 0, 1,
     {{"(unnamed)", 2, 2, 4, 6.5, 4, 9, 9, 9, CHECK_NONE}}},
    {"gatling/taurus_gatling_3.0.2_groups_ko.simulation.log",
     "gatling", HR_OK, 98, 0, 1,
     {{"group2 / index", 98, 98, 55, 6981.0 / 98, 58, 150, 298, 298,
       CHECK_NONE}}},
    {"gatling/taurus_gatling_3.3.1.simulation.log",
     "gatling", HR_OK, 100, 0, 1,
     {{"request_1", 100, 0, 80, 111.17, 90, 235, 247, 256, CHECK_NONE}}},
    {"gatling/taurus_gatling_3.7.6_group_pagination.simulation.log",
     "gatling", HR_OK, 30, 0, 6,
     {{"Get Page 0", 5, 0, 382, 528.6, 389, 1094, 1094, 1094, CHECK_NONE},
      {"Pagination / Get Page 2", 5, 0, 126, 131, 132, 135, 135, 135,
       CHECK_NONE}}},
};

/* k6 JSON and CSV: per request; the dashboard stream: k6's aggregates. */
static const want_file k6_files[] = {
    {"k6-json/mn1809_k6_2026_json_setup_group_tz_plus0530.json",
     "k6-json", HR_OK, 3, 0, 3,
     {{"https://api.example.test/api/send-otp-to-phone", 1, 0, 1832.977,
       1832.977, 1832.977, 1832.977, 1832.977, 1832.977, 1 / 1.832977},
      {"https://api.example.test/api/v2/tracks/6/courses/"
       "?course_type=nanolearning_all&page=1", 1, 0, 447.15, 447.15,
       447.15, 447.15, 447.15, 447.15, 1 / 0.44715}}},
    {"k6-json/xk6dashboard_k6_2023_json_tz_plus0200.json",
     "k6-json", HR_OK, 322, 0, 2,
     {{"http://test.k6.io", 161, 0, 119.795836, 121.677229938, 121.610995,
       122.694815, 122.916292, 122.998308, 8.090206},
      {"https://test.k6.io/", 161, 0, 120.539761, 123.255553093,
       124.016145, 125.767304, 128.848921, 129.254921, 8.194374}}},
    {"k6-json/xk6dashboard_web_dashboard_event_stream.ndjson",
     "k6-dashboard", HR_OK, 1, 0, 1,
     {{"http_req_duration", 314, 0, 122.92, 125.27, 125.06, 127.7, 128.99,
       132.6, 15.548403}}},
    {"k6-csv/taurus_k6_2021_csv_unix_seconds.csv",
     "k6-csv", HR_OK, 4, 0, 2,
     {{"https://blazedemo.com/", 2, 0, 238.032448, 241.811945, 238.032448,
       245.591442, 245.591442, 245.591442, 0.890634},
      {"https://non-blazedemo.com/", 2, 2, 0, 0, 0, 0, 0, 0, 2.0}}},
};

/* k6 end-of-test summaries: figures as k6 reported them. */
static const want_file k6_summary_files[] = {
    {"k6-summary/benc_handleSummary_grpc_untyped_metric.json",
     "k6-summary", HR_OK, 1, 0, 1,
     {{"grpc_req_duration", 9615, 0, 0.185891, 1.0331183109724373,
       0.758751, 2.5228431999999996, ABSENT, 8.499031, 2833.550244}}},
    {"k6-summary/benc_handleSummary_simple_http_failures.json",
     "k6-summary", HR_OK, 2, 0, 2,
     {{"http_req_duration", 878, 349, 0.259855, 21.37513127107059,
       20.090773, 30.0256841, 39.577136380000084, 143.326605, 35.946349},
      {"http_req_duration{expected_response:true}", 529, 0, 14.640294,
       21.229541752362955, 20.233564, 28.97347239999998, 36.64458528,
       58.315147, 21.657880}}},
    {"k6-summary/mn1809_handleSummary_setup_data_jwt_redacted.json",
     "k6-summary", HR_OK, 2, 0, 2,
     {{"http_req_duration", 57147, 647, 14.012, 1220.628734474256, 70.681,
       130.64669999999998, ABSENT, 1103228.522, 7.833582},
      {"http_req_duration{expected_response:true}", 56500, 0, 42.219,
       91.10183001770017, 70.5385, 120.93374999999997, ABSENT, 60165.898,
       7.744893}}},
    {"k6-summary/torgge_summary_export_legacy_amqp.json",
     "k6-summary", HR_OK, 1, 0, 1,
     {{"iteration_duration", 600, 0, 752.793168, 844.6689102383324,
       854.060959, 878.7225138, ABSENT, 882.071834, 664.291731}}},
};

/* Locust: rows read include the totals row, which is not a label when
 * the file has endpoints. */
static const want_file locust_files[] = {
    {"locust/odoo_2025_stats_170s_timeouts_all_failed.csv",
     "locust-stats", HR_OK, 17, 0, 16,
     {{"POST Create Partner", 6, 6, 166607.16704099992, 171330.46239599996,
       173000, 174000, 174000, 173768.44295800003, 0.0342254649537995},
      {"GET Get Login Page", 50, 0, 195.01037500003804, 326.8253808600049,
       240, 710, 1000, 1044.5638329999838, 0.2852122079483292}}},
    {"locust/retaildemo_2024_stats_multi_endpoint.csv",
     "locust-stats", HR_OK, 6, 0, 5,
     {{"GET /products/*", 4286, 1, 1179.2559999739751, 22705.99442003016,
       20000, 47000, 51000, 53154.64070899179, 72.70111108487346},
      {"PUT /carts/*", 3736, 0, 37.654458021279424, 1758.9565247765147,
       1100, 5900, 7300, 10411.009916977491, 63.37175711924574}}},
    {"locust/perfplugin_locust_pre1.0_requests_quoted_None_Total.csv",
     "locust-stats", HR_OK, 5, 0, 4,
     {{"POST big", 638, 10, 198, 370, 400, ABSENT, ABSENT, 906, 1.07},
      {"POST small", 64219, 0, 196, 221, 200, ABSENT, ABSENT, 1009,
       107.22}}},
    {"locust/odoo_2025_stats_history_per_endpoint_rows.csv",
     "locust-history", HR_OK, 12707, 0, 16,
     {{"GET Main Dashboard", 10, 0, 81.49608300004729, 168.7231957999984,
       110, ABSENT, ABSENT, 365.2572500000133, 10 / 839.0},
      {"POST Generate Report Count", 1, 1, 156346.8761249999,
       156346.8761249999, 156346.8761249999, ABSENT, ABSENT,
       156346.8761249999, 1 / 665.0}}},
    {"locust/retaildemo_2024_stats_history_1000_user_steps.csv",
     "locust-history", HR_OK, 61, 0, 1,
     {{"Aggregated", 37219, 1, 32.15787501540035, 5826.092150892615, 1500,
       ABSENT, ABSENT, 53154.64070899179, 37219 / 63.0}}},
    {"locust/zhajiang_locust1x_2020_stats_history_all_quoted_NA.csv",
     "locust-history", HR_OK, 3, 0, 1,
     {{"Aggregated", 15, 0, 9, 39, 50, ABSENT, ABSENT, 88, 7.5}}},
    {"locust/retaildemo_2024_failures_quoted_gaierror.csv",
     "locust-failures", HR_OK, 1, 0, 1,
     {{"GET /products/*", 1, 1, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT,
       ABSENT, ABSENT}}},
    {"locust/zhajiang_locust1x_2020_failures_header_only.csv",
     "locust-failures", HR_OK, 0, 0, 0, {{NULL}}},
    {"locust/rutu_locust_2.32_console_summary.txt",
     "locust-console", HR_OK, 2, 0, 1,
     {{"GET /", 515233, 0, 0, 6, 6, 16, 50, 343, 4299.36}}},
};

/* wrk and wrk2: one summary for the URL; throughput = requests over the
 * printed duration. */
static const want_file wrk_files[] = {
    {"wrk/perfplugin_wrk_latency_flag.wrk", "wrk", HR_OK, 1, 0, 1,
     {{"http://www.google.com", 18, 0, ABSENT, 42.28, 40.25, ABSENT, 46.51,
       46.51, 18 / 1.01}}},
    {"wrk/perfplugin_wrk_seconds_latency_minutes_duration.wrk", "wrk",
     HR_OK, 1, 0, 1,
     {{"http://www.google.com", 1045, 0, ABSENT, 78270, ABSENT, ABSENT,
       ABSENT, 235540, 1045 / 4999.8}}},
    {"wrk/rutu_wrk2_u_latency_full_percentile_spectrum.txt", "wrk", HR_OK,
     1, 0, 1,
     {{"http://target.example", 119956, 0, 0.212, 1.138, 1.111, 1.804,
       2.14, 2.54, 119956 / 60.0}}},
    {"wrk/rutu_wrk_latency_dist_microseconds.txt", "wrk", HR_OK, 1, 0, 1,
     {{"http://target.example/", 5646128, 0, ABSENT, 0.10168, 0.096,
       ABSENT, 0.19, 5.5, 5646128 / 60.0}}},
};

/* Checks every row of a table. */
static void check_files(const want_file *files, size_t count)
{
    for (size_t i = 0; i < count; i++)
        check_file(&files[i]);
}

#define CHECK_FILES(table) check_files((table), sizeof(table) / sizeof *(table))

static void test_gatling_corpus(void)
{
    CHECK_FILES(gatling_files);
}

static void test_k6_corpus(void)
{
    CHECK_FILES(k6_files);
}

static void test_k6_summary_corpus(void)
{
    CHECK_FILES(k6_summary_files);
}

static void test_locust_corpus(void)
{
    CHECK_FILES(locust_files);
}

static void test_wrk_corpus(void)
{
    CHECK_FILES(wrk_files);
}

/* Error kinds the per-request formats tell (messages read by eye). */
static void test_error_kinds_from_corpus(void)
{
    CU_ASSERT_EQUAL(errors_of_kind("gatling/abhic43_gatling_3.6.1_all_ko_"
                                   "unknownhost.simulation.log", "gatling",
                                   "LaunchHomePage", HR_SAMPLE_CONNECTION),
                    10);
    CU_ASSERT_EQUAL(errors_of_kind("gatling/taurus_gatling_2.0_v1_layout_"
                                   "scenario_first.simulation.log",
                                   "gatling", "request_1",
                                   HR_SAMPLE_HTTP_4XX), 110);
    CU_ASSERT_EQUAL(errors_of_kind("gatling/taurus_gatling_3.0.2_groups_"
                                   "ko.simulation.log", "gatling",
                                   "group2 / index", HR_SAMPLE_HTTP_4XX),
                    97);
    CU_ASSERT_EQUAL(errors_of_kind("gatling/taurus_gatling_3.0.2_groups_"
                                   "ko.simulation.log", "gatling",
                                   "group2 / index", HR_SAMPLE_OTHER_ERROR),
                    1);
    CU_ASSERT_EQUAL(errors_of_kind("gatling/taurus_gatling_2.x_empty_"
                                   "names_ko_messages.simulation.log",
                                   "gatling", "(unnamed)",
                                   HR_SAMPLE_HTTP_4XX), 2);
    /* Locust's gaierror (name resolution) is a connection failure. */
    CU_ASSERT_EQUAL(errors_of_kind("locust/retaildemo_2024_failures_"
                                   "quoted_gaierror.csv", "locust-failures",
                                   "GET /products/*", HR_SAMPLE_CONNECTION),
                    1);
    CU_ASSERT_EQUAL(errors_of_kind("locust/retaildemo_2024_failures_"
                                   "quoted_gaierror.csv", "locust-failures",
                                   "GET /products/*", HR_SAMPLE_OTHER_ERROR),
                    0);
    /* k6 error_code 1101: "no IP found" (DNS), a connection failure. */
    CU_ASSERT_EQUAL(errors_of_kind("k6-csv/taurus_k6_2021_csv_unix_"
                                   "seconds.csv", "k6-csv",
                                   "https://non-blazedemo.com/",
                                   HR_SAMPLE_CONNECTION), 2);
}

/* Gatling's active users become each sample's concurrency: the script
 * follows USER START and END in file order (3 users at most while "/"
 * ran in the 2.2 file, 10 in the 2.0 file). */
static void test_gatling_concurrency(void)
{
    static const struct {
        const char *file, *label;
        double peak;
    } cases[] = {
        {"taurus_gatling_2.2_user_id_columns.simulation.log", "/", 3},
        {"taurus_gatling_2.0_v1_layout_scenario_first.simulation.log",
         "request_1", 10},
        {"taurus_gatling_3.7.6_group_pagination.simulation.log",
         "Get Page 0", 1},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[1024];
        hr_diags diags = {0};
        hr_window_stats *windows = NULL;
        size_t count = 0;
        double peak = 0;
        hr_status status;
        hr_sample_set *set;

        snprintf(path, sizeof path, "%s/gatling/%s",
                 hr_shared_path("corpus"), cases[i].file);
        set = read_as(path, "gatling", &status, &diags);
        CU_ASSERT_EQUAL(hr_sample_set_summarise_windows(set, &windows,
                                                        &count), HR_OK);
        for (size_t w = 0; w < count; w++)
            if (strcmp(windows[w].stats.label, cases[i].label) == 0)
                peak = fmax(peak, windows[w].concurrency_max);
        HR_ASSERT_CLOSE(peak, cases[i].peak, EXACT);
        hr_window_stats_free(windows, count);
        hr_sample_set_free(set);
        hr_diags_release(&diags);
    }
}

/* The binary log is refused with the message the issue asks for. */
static void test_gatling_binary_refused(void)
{
    char path[1024];
    hr_diags diags = {0};
    hr_status status;
    hr_sample_set *set;

    snprintf(path, sizeof path, "%s/gatling/taurus_gatling_3.14.3_BINARY_"
             "groups.simulation.log", hr_shared_path("corpus"));
    set = read_as(path, "gatling-binary", &status, &diags);
    CU_ASSERT_EQUAL(status, HR_ERR_INVALID);
    CU_ASSERT(has_diag(&diags, HR_ERROR, 0, "BINARY_groups.simulation.log",
                       "Gatling 3.13+ binary simulation.log is not "
                       "supported; "));
    CU_ASSERT(has_diag(&diags, HR_ERROR, 0, "BINARY_groups.simulation.log",
                       "3.14.3"));
    CU_ASSERT_EQUAL(hr_sample_set_total(set), 0);
    hr_sample_set_free(set);
    hr_diags_release(&diags);
}

/* The legacy summary names the custom trend it could not read, at the
 * line of its key (42, found with grep -n). */
static void test_k6_summary_fallback_warning(void)
{
    char path[1024];
    hr_diags diags = {0};
    hr_status status;
    hr_sample_set *set;

    snprintf(path, sizeof path, "%s/k6-summary/torgge_summary_export_"
             "legacy_amqp.json", hr_shared_path("corpus"));
    set = read_as(path, "k6-summary", &status, &diags);
    CU_ASSERT_EQUAL(status, HR_OK);
    CU_ASSERT(has_diag(&diags, HR_WARNING, 42, "legacy_amqp.json",
                       "custom trend 'publish_duration' not read"));
    CU_ASSERT(has_diag(&diags, HR_WARNING, 0, "legacy_amqp.json",
                       "read iteration_duration"));
    hr_sample_set_free(set);
    hr_diags_release(&diags);
}

/* ---- helpers of readers.h --------------------------------------------- */

/* RFC 3339 times with zone offsets, fractions to nanoseconds; expected
 * epoch values from python3 datetime.fromisoformat(...).timestamp(). */
static void test_rfc3339_times(void)
{
    static const struct {
        const char *text;
        double ms;
    } good[] = {
        {"2026-01-13T14:48:15.630158+05:30", 1768295895000.0 + 630.158},
        {"2023-09-08T21:03:10.549397854+02:00", 1694199790000.0
                                                + 549.397854},
        {"2021-10-08T15:26:30Z", 1633706790000.0},
        {"2021-10-08T15:26:30", 1633706790000.0},
        {"2026-01-13T14:48:15+0530", 1768295895000.0},
        {"2024-02-29T23:59:59-08:00", 1709279999000.0},
    };
    static const char *const bad[] = {
        "2021-13-01T00:00:00Z", "2021-10-08 15:26", "2021-10-08T15:26:30+5",
        "2021-10-08T15:26:30+05:30x", "", "1633706790",
    };
    double ms;

    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        CU_ASSERT_TRUE(hr_text_rfc3339_ms(good[i].text, &ms));
        HR_ASSERT_CLOSE(ms, good[i].ms, 1e-15);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CU_ASSERT_FALSE(hr_text_rfc3339_ms(bad[i], &ms));
}

/* Failure messages as the tools write them, and the kinds they tell. */
static void test_error_kinds_of_messages(void)
{
    static const struct {
        const char *message;
        hr_error_kind kind;
    } cases[] = {
        {"j.n.UnknownHostException: www.linio.cl", HR_SAMPLE_CONNECTION},
        {"status.find.in(200,201,202,203,204,205,206,207,208,209,304), "
         "found 404", HR_SAMPLE_HTTP_4XX},
        {"status.find.lessThanOrEqual(399), but actually 401 is not less "
         "than or equal to 399", HR_SAMPLE_HTTP_4XX},
        {"gaierror(8, 'nodename nor servname provided, or not known')",
         HR_SAMPLE_CONNECTION},
        {"i.n.h.s.TimeoutException: Request timeout to host after "
         "60000 ms", HR_SAMPLE_TIMEOUT},
        {"HTTPError('503 Server Error: Service Unavailable for url: /')",
         HR_SAMPLE_HTTP_5XX},
        {"jsonPath($.id).find.exists, found nothing", HR_SAMPLE_ASSERTION},
        {"ConnectionRefusedError(61, 'Connection refused')",
         HR_SAMPLE_CONNECTION},
        {"something odd happened", HR_SAMPLE_OTHER_ERROR},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hr_error_kind got = hr_error_kind_of_message(cases[i].message);

        if (got != cases[i].kind)
            printf("\n  '%s': got %s\n", cases[i].message,
                   hr_error_kind_name(got));
        CU_ASSERT_EQUAL(got, cases[i].kind);
    }
}

/* k6 outcomes: expected_response first, then error_code (k6's table of
 * error codes), then the status; gRPC by its status code. */
static void test_k6_outcomes(void)
{
    static const struct {
        const char *metric, *status, *expected, *code;
        hr_error_kind kind;
    } cases[] = {
        {"http_req_duration", "200", "true", NULL, HR_SAMPLE_OK},
        {"http_req_duration", "308", "true", "", HR_SAMPLE_OK},
        {"http_req_duration", "503", "false", "1503", HR_SAMPLE_HTTP_5XX},
        {"http_req_duration", "0", "false", "1050", HR_SAMPLE_TIMEOUT},
        {"http_req_duration", "0", "false", "1101", HR_SAMPLE_CONNECTION},
        {"http_req_duration", "0", "false", "1212", HR_SAMPLE_CONNECTION},
        {"http_req_duration", "404", NULL, NULL, HR_SAMPLE_HTTP_4XX},
        {"http_req_duration", "302", NULL, NULL, HR_SAMPLE_OK},
        {"http_req_duration", "200", "false", NULL, HR_SAMPLE_OTHER_ERROR},
        {"http_req_duration", NULL, NULL, NULL, HR_SAMPLE_OK},
        {"grpc_req_duration", "0", NULL, NULL, HR_SAMPLE_OK},
        {"grpc_req_duration", "4", NULL, NULL, HR_SAMPLE_TIMEOUT},
        {"grpc_req_duration", "14", NULL, NULL, HR_SAMPLE_CONNECTION},
        {"grpc_req_duration", "13", NULL, NULL, HR_SAMPLE_OTHER_ERROR},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        CU_ASSERT_EQUAL(hr_k6_outcome(cases[i].metric, cases[i].status,
                                      cases[i].expected, cases[i].code),
                        cases[i].kind);
}

/* Numbers: plain decimals only. */
static void test_numbers(void)
{
    double v;

    CU_ASSERT_TRUE(hr_text_number(" 245.591442 ", &v));
    HR_ASSERT_CLOSE(v, 245.591442, EXACT);
    CU_ASSERT_FALSE(hr_text_number("nan", &v));
    CU_ASSERT_FALSE(hr_text_number("inf", &v));
    CU_ASSERT_FALSE(hr_text_number("0x10", &v));
    CU_ASSERT_FALSE(hr_text_number("1e999", &v));
    CU_ASSERT_FALSE(hr_text_number("", &v));
    CU_ASSERT_FALSE(hr_text_number("12ms", &v));
}

/* ---- bad input -------------------------------------------------------- */

/* One malformed input, the status its reader must return, the records
 * read and skipped (when the file is noted), and a message it must give
 * at a line (0: the whole file). */
typedef struct bad_case {
    const char *format;
    const char *what;
    const char *bytes;
    size_t length;
    hr_status status;
    size_t records, skipped;
    hr_severity severity;
    unsigned long line;
    const char *message;
} bad_case;

#define BYTES(text) (text), sizeof(text) - 1

/* Gatling lines: two good requests of 100 ms. */
#define G_OK "REQUEST\t\tGet\t1600000000100\t1600000000200\tOK\t \n"

static const bad_case gatling_bad[] = {
    {"gatling", "truncated", BYTES(G_OK G_OK "REQUEST\t\tGet\t16000000003"),
     HR_OK, 2, 1, HR_WARNING, 3, "REQUEST record without timestamps"},
    {"gatling", "binary", BYTES(G_OK "\x01\x02\x00\xff\xfe\n" G_OK), HR_OK,
     2, 1, HR_WARNING, 2, "binary data"},
    {"gatling", "empty", BYTES(""), HR_ERR_NO_DATA, 0, 0, HR_ERROR, 0,
     "no REQUEST records found"},
    {"gatling", "not gatling", BYTES("hello world\nfoo\tbar\n"),
     HR_ERR_NO_DATA, 0, 2, HR_WARNING, 1, "unknown record type 'hello "
     "world'"},
    {"gatling", "wrong encoding",
     BYTES("REQUEST\t\tcaf\xe9\t1600000000100\t1600000000200\tOK\n"), HR_OK,
     1, 0, HR_WARNING, 1, "name 'caf\\xE9' is not valid UTF-8"},
    {"gatling", "end before start",
     BYTES("REQUEST\t\tGet\t1600000000200\t1600000000100\tOK\n" G_OK),
     HR_OK, 1, 1, HR_WARNING, 1, "response time -100 ms is out of range"},
    {"gatling", "a year long",
     BYTES(G_OK "REQUEST\t\tGet\t1000000000000\t1600000000100\tKO\tx\n"),
     HR_OK, 1, 1, HR_WARNING, 2, "is out of range 0 to"},
    {"gatling", "utf-16", BYTES("\xff\xfeR\0E\0Q\0U\0E\0S\0T\0\t\0"),
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1, "the file is UTF-16LE text"},
    {"gatling-binary", "refused", BYTES("\0\0\0\0\x06" "3.13.0\0\0"),
     HR_ERR_INVALID, 0, 0, HR_ERROR, 0, "written by Gatling 3.13.0"},
};

/* k6 JSON lines: one good point. */
#define K6_POINT(value, time) \
    "{\"metric\":\"http_req_duration\",\"type\":\"Point\",\"data\":" \
    "{\"time\":\"" time "\",\"value\":" value ",\"tags\":{\"name\":" \
    "\"n\",\"status\":\"200\",\"expected_response\":\"true\"}}}\n"
#define K6_OK K6_POINT("5", "2023-09-08T21:03:10.5+02:00")

static const bad_case k6_json_bad[] = {
    {"k6-json", "truncated", BYTES(K6_OK "{\"metric\":\"http_req_durat"),
     HR_OK, 1, 1, HR_WARNING, 2, "not a JSON object (truncated line?)"},
    {"k6-json", "binary", BYTES(K6_OK "\x00\x01\x02{}\n" K6_OK), HR_OK, 2,
     1, HR_WARNING, 2, "binary data"},
    {"k6-json", "empty", BYTES(""), HR_ERR_NO_DATA, 0, 0, HR_ERROR, 0,
     "no http_req_duration or grpc_req_duration points found"},
    {"k6-json", "broken JSON", BYTES("{\"type\":\"Point\", \"http_req_"
                                     "duration\": }\n" K6_OK),
     HR_OK, 1, 1, HR_WARNING, 1, "not a JSON object:"},
    {"k6-json", "wrong encoding",
     BYTES("{\"metric\":\"http_req_duration\",\"type\":\"Point\",\"data\":"
           "{\"time\":\"2023-09-08T21:03:10Z\",\"value\":1,\"tags\":"
           "{\"name\":\"caf\xe9\"}}}\n"), HR_OK, 1, 0, HR_WARNING, 1,
     "name 'caf\\xE9' is not valid UTF-8"},
    {"k6-json", "negative duration",
     BYTES(K6_POINT("-5", "2023-09-08T21:03:10Z") K6_OK), HR_OK, 1, 1,
     HR_WARNING, 1, "duration -5 ms is out of range"},
    {"k6-json", "bad time", BYTES(K6_OK K6_POINT("5", "2023-13-45T99:00Z")),
     HR_OK, 1, 1, HR_WARNING, 2, "without an RFC 3339 time"},
};

/* k6 CSV: the corpus header and one good row. */
#define K6_HEAD "metric_name,timestamp,metric_value,check,error," \
    "error_code,expected_response,group,method,name,proto,scenario," \
    "service,status,subproto,tls_version,url,extra_tags\n"
#define K6_ROW(name, stamp, value) "http_req_duration," stamp "," value \
    ",,,,true,,GET," name ",HTTP/2.0,default,,200,,tls1.3,u,\n"
#define K6_GOOD K6_ROW("n", "1633706790", "245.5")

static const bad_case k6_csv_bad[] = {
    {"k6-csv", "truncated", BYTES(K6_HEAD K6_GOOD "http_req_duration,16"),
     HR_OK, 1, 1, HR_WARNING, 3, "expected 18 fields, got 2"},
    {"k6-csv", "binary", BYTES(K6_HEAD K6_GOOD "\x00\x01\x02,\xff\n"),
     HR_OK, 1, 1, HR_WARNING, 3, "expected 18 fields, got 2"},
    {"k6-csv", "empty", BYTES(""), HR_ERR_NO_DATA, 0, 0, HR_ERROR, 0,
     "the file is empty"},
    {"k6-csv", "header only", BYTES(K6_HEAD), HR_ERR_NO_DATA, 0, 0,
     HR_ERROR, 0, "no http_req_duration or grpc_req_duration rows found"},
    {"k6-csv", "no value column", BYTES("metric_name,timestamp\nvus,1\n"),
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1, "no 'metric_value' column"},
    {"k6-csv", "wrong encoding",
     BYTES(K6_HEAD K6_ROW("caf\xe9", "1633706790", "1")), HR_OK, 1, 0,
     HR_WARNING, 2, "name 'caf\\xE9' is not valid UTF-8"},
    {"k6-csv", "huge value",
     BYTES(K6_HEAD K6_ROW("n", "1633706790", "1e300") K6_GOOD), HR_OK, 1,
     1, HR_WARNING, 2, "duration 1e+300 ms is out of range"},
    {"k6-csv", "text value",
     BYTES(K6_HEAD K6_GOOD K6_ROW("n", "1633706790", "abc")), HR_OK, 1, 1,
     HR_WARNING, 3, "metric_value 'abc' is not a number"},
    {"k6-csv", "bad timestamp",
     BYTES(K6_HEAD K6_ROW("n", "yesterday", "1") K6_GOOD), HR_OK, 1, 1,
     HR_WARNING, 2, "timestamp is not a Unix time"},
};

/* k6 summaries, pretty-printed so that lines mean something. */
static const bad_case k6_summary_bad[] = {
    {"k6-summary", "truncated",
     BYTES("{\n  \"root_group\": {},\n  \"metrics\": {\n    \"http_reqs\""),
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 4, "the JSON ends early"},
    {"k6-summary", "binary", BYTES("\x00\x01\x02\x03"), HR_ERR_NO_DATA, 0,
     0, HR_ERROR, 1, "not a k6 summary"},
    {"k6-summary", "empty", BYTES(""), HR_ERR_NO_DATA, 0, 0, HR_ERROR, 0,
     "the file is empty"},
    {"k6-summary", "no metrics", BYTES("{\"root_group\": {}}"),
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1, "no 'metrics' object"},
    {"k6-summary", "wrong encoding",
     BYTES("{\"root_group\": {}, \"metrics\": {\n"
           "\"http_reqs\": {\"values\": {\"count\": 4}},\n"
           "\"http_req_duration\": {\"values\": {\"med\": 1}},\n"
           "\"http_req_duration{name:caf\xe9}\": {\"values\": "
           "{\"med\": 1, \"count\": 3}}}}"),
     HR_OK, 2, 0, HR_WARNING, 4, "is not valid UTF-8"},
    {"k6-summary", "negative time",
     BYTES("{\"root_group\": {}, \"metrics\": {\n"
           "\"http_reqs\": {\"values\": {\"count\": 4}},\n"
           "\"http_req_duration\": {\"values\": {\"min\": -5}}}}"),
     HR_ERR_NO_DATA, 0, 1, HR_WARNING, 3, "'min' is not a time"},
    {"k6-summary", "more failures than requests",
     BYTES("{\"root_group\": {}, \"metrics\": {\n"
           "\"http_reqs\": {\"values\": {\"count\": 4}},\n"
           "\"http_req_failed\": {\"values\": {\"passes\": 9}},\n"
           "\"http_req_duration\": {\"values\": {\"med\": 3}}}}"),
     HR_ERR_NO_DATA, 0, 1, HR_WARNING, 4, "count 4 and failures 9"},
    {"k6-summary", "percentiles above max",
     BYTES("{\"root_group\": {}, \"metrics\": {\n"
           "\"http_reqs\": {\"values\": {\"count\": 4}},\n"
           "\"http_req_duration\": {\"values\": {\"med\": 3, \"max\": 2}}}}"),
     HR_ERR_NO_DATA, 0, 1, HR_WARNING, 3, "percentiles do not ascend"},
};

/* xk6-dashboard events: names sort as duration, failed, reqs, time. */
#define DB_HEAD \
    "{\"event\":\"param\",\"data\":{\"aggregates\":{\"trend\":[\"avg\"," \
    "\"max\",\"med\",\"min\",\"p(90)\",\"p(95)\",\"p(99)\"]}}}\n" \
    "{\"event\":\"metric\",\"data\":{\"time\":{\"type\":\"gauge\"}}}\n" \
    "{\"event\":\"start\",\"data\":[[1000]]}\n" \
    "{\"event\":\"metric\",\"data\":{\"http_req_duration\":{}," \
    "\"http_reqs\":{},\"http_req_failed\":{}}}\n"
#define DB_CUMULATIVE \
    "{\"event\":\"cumulative\",\"data\":[[10,20,9,1,15,18,19],[0.5]," \
    "[4,0.4],[11000]]}\n"

static const bad_case k6_dashboard_bad[] = {
    {"k6-dashboard", "truncated",
     BYTES(DB_HEAD DB_CUMULATIVE "{\"event\":\"cumulative\",\"data\":[[1"),
     HR_OK, 1, 1, HR_WARNING, 6, "not a JSON object"},
    {"k6-dashboard", "binary", BYTES(DB_HEAD "\x00\x01\n" DB_CUMULATIVE),
     HR_OK, 1, 1, HR_WARNING, 5, "binary data"},
    {"k6-dashboard", "empty", BYTES(""), HR_ERR_NO_DATA, 0, 0, HR_ERROR, 0,
     "no cumulative event"},
    {"k6-dashboard", "values for too few metrics",
     BYTES(DB_HEAD "{\"event\":\"cumulative\",\"data\":[[1],[2],[3]]}\n"),
     HR_ERR_NO_DATA, 0, 1, HR_WARNING, 5, "event has 3 metrics, but 4 "
     "were announced"},
};

/* Locust CSVs: a stats header and rows. */
#define LS_HEAD "Type,Name,Request Count,Failure Count,Median Response " \
    "Time,Average Response Time,Min Response Time,Max Response Time," \
    "Average Content Size,Requests/s,Failures/s,50%,95%,99%,100%\n"
#define LS_ROW(name, count, fails, pcts) \
    "GET," name "," count "," fails ",100,110.5,50,300,10,2.0,0.2," pcts \
    ",300\n"
#define LS_GOOD LS_ROW("/a", "10", "1", "100,250,300")
#define LH_HEAD "Timestamp,User Count,Type,Name,Requests/s,Failures/s," \
    "50%,95%,100%,Total Request Count,Total Failure Count,Total Median " \
    "Response Time,Total Average Response Time,Total Min Response Time," \
    "Total Max Response Time,Total Average Content Size\n"
#define LH_GOOD "1700000000,1,,Aggregated,0,0,N/A,N/A,N/A,0,0,0,0,0,0,0\n" \
    "1700000010,1,,Aggregated,1,0,100,200,200,10,0,100,120,50,200,10\n"

static const bad_case locust_bad[] = {
    {"locust-stats", "truncated", BYTES(LS_HEAD LS_GOOD "GET,/b,5,0,1"),
     HR_OK, 1, 1, HR_WARNING, 3, "expected 15 fields, got 5"},
    {"locust-stats", "binary", BYTES(LS_HEAD LS_GOOD "\x00\x01,\x02\n"),
     HR_OK, 1, 1, HR_WARNING, 3, "expected 15 fields, got 2"},
    {"locust-stats", "empty", BYTES(""), HR_ERR_NO_DATA, 0, 0, HR_ERROR, 0,
     "the file is empty"},
    {"locust-stats", "utf-16", BYTES("T\0y\0p\0e\0,\0N\0a\0m\0e\0,\0"),
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1, "the file is UTF-16LE text"},
    {"locust-stats", "header only", BYTES(LS_HEAD), HR_ERR_NO_DATA, 0, 0,
     HR_ERROR, 0, "no stats rows found"},
    {"locust-stats", "wrong encoding",
     BYTES(LS_HEAD LS_ROW("/caf\xe9", "10", "1", "100,250,300")), HR_OK, 1,
     0, HR_WARNING, 2, "name 'GET /caf\\xE9' is not valid UTF-8"},
    {"locust-stats", "more failures than requests",
     BYTES(LS_HEAD LS_ROW("/b", "10", "11", "100,250,300") LS_GOOD), HR_OK,
     1, 1, HR_WARNING, 2, "more failures than requests"},
    {"locust-stats", "negative count",
     BYTES(LS_HEAD LS_GOOD LS_ROW("/b", "-3", "0", "100,250,300")), HR_OK,
     1, 1, HR_WARNING, 3, "request count '-3' is not a number of 0"},
    {"locust-stats", "descending percentiles",
     BYTES(LS_HEAD LS_GOOD LS_ROW("/b", "10", "0", "300,250,100")), HR_OK,
     1, 1, HR_WARNING, 3, "the percentiles do not ascend"},
    {"locust-history", "truncated quote",
     BYTES(LH_HEAD LH_GOOD "\"1700000011\",\"1\",\"\",\"Aggre"), HR_OK, 2,
     1, HR_WARNING, 4, "a quoted field runs to the end of the file"},
    {"locust-history", "text timestamp",
     BYTES(LH_HEAD "yesterday,1,,Aggregated,0,0,N/A,N/A,N/A,0,0,0,0,0,0,0\n"
           LH_GOOD), HR_OK, 2, 1, HR_WARNING, 2, "timestamp 'yesterday' is "
     "not a number"},
    {"locust-history", "no total column",
     BYTES("Timestamp,User Count,Type,Name\n1,1,,Aggregated\n"),
     HR_ERR_NO_DATA, 0, 0, HR_ERROR, 1, "no 'Total Request Count' column"},
    {"locust-failures", "negative occurrences",
     BYTES("Method,Name,Error,Occurrences\nGET,/a,\"ConnectionRefusedError"
           "(61, 'Connection refused')\",3\nGET,/b,HTTPError('500'),-1\n"),
     HR_OK, 1, 1, HR_WARNING, 3, "occurrences '-1' is not a number"},
    {"locust-console", "truncated",
     BYTES("Type     Name     # reqs      # fails |    Avg     Min     Max  "
           "  Med |   req/s  failures/s\n--------|------\nGET      /     515"),
     HR_ERR_NO_DATA, 0, 1, HR_WARNING, 3, "row has fewer than 8 columns"},
    {"locust-console", "empty", BYTES(""), HR_ERR_NO_DATA, 0, 0, HR_ERROR,
     0, "no Locust statistics table found"},
};

/* wrk outputs. */
#define WRK_TOP "Running 1s test @ http://x\n  1 threads and 1 connections\n"
#define WRK_LATENCY \
    "    Latency    42.28ms    3.67ms  46.51ms   66.67%\n"
#define WRK_TOTALS "  18 requests in 1.01s, 852.59KB read\n"

static const bad_case wrk_bad[] = {
    {"wrk", "truncated", BYTES(WRK_TOP WRK_LATENCY), HR_ERR_NO_DATA, 0, 0,
     HR_ERROR, 0, "no 'N requests in DURATION' totals line found"},
    {"wrk", "binary", BYTES(WRK_TOP "\x00\x01\n" WRK_LATENCY WRK_TOTALS),
     HR_OK, 1, 1, HR_WARNING, 3, "binary data"},
    {"wrk", "empty", BYTES(""), HR_ERR_NO_DATA, 0, 0, HR_ERROR, 0,
     "no 'N requests in DURATION' totals line found"},
    {"wrk", "wrong encoding",
     BYTES("Running 1s test @ http://caf\xe9/\n" WRK_LATENCY WRK_TOTALS),
     HR_OK, 1, 0, HR_WARNING, 1, "name 'http://caf\\xE9/' is not valid"},
    {"wrk", "not a number",
     BYTES(WRK_TOP "    Latency    -nanus    3.67ms  46.51ms   66.67%\n"
           WRK_TOTALS), HR_OK, 1, 1, HR_WARNING, 3, "latency line is not"},
    {"wrk", "descending percentiles",
     BYTES(WRK_TOP WRK_LATENCY "  Latency Distribution\n     50%   40.25ms\n"
           "     75%   30.00ms\n" WRK_TOTALS), HR_OK, 1, 1, HR_WARNING, 6,
     "percentile 75 does not ascend"},
};

/* ---- reported error kinds --------------------------------------------- */

/* Writes text to a file called name in a fresh directory and reads it
 * with the named format; the caller frees the set. */
static hr_sample_set *read_text_as(const char *name, const char *text,
                                   const char *format, hr_status *status,
                                   hr_diags *diags)
{
    char *directory = hr_test_tmpdir(), path[1024];
    hr_sample_set *set;

    CU_ASSERT_PTR_NOT_NULL_FATAL(directory);
    snprintf(path, sizeof path, "%s/%s", directory, name);
    CU_ASSERT_EQUAL_FATAL(hr_write_text(path, text), 0);
    set = read_as(path, format, status, diags);
    unlink(path);
    rmdir(directory);
    free(directory);
    return set;
}

/* Checks a label's samples, errors, and errors of the kinds 4xx, 5xx,
 * timeout, connection, assertion and other. */
static void check_kinds(const hr_sample_set *set, const char *label,
                        size_t samples, size_t errors, const size_t *kinds)
{
    hr_label_stats *stats = NULL;
    size_t count = 0;
    const hr_label_stats *got;

    CU_ASSERT_EQUAL_FATAL(hr_sample_set_summarise(set, &stats, &count),
                          HR_OK);
    got = find_label(stats, count, label);
    if (got) {
        CU_ASSERT_EQUAL(got->samples, samples);
        CU_ASSERT_EQUAL(got->errors, errors);
        for (size_t k = 0; k + 1 < HR_ERROR_KIND_COUNT; k++) {
            if (got->errors_by_kind[k + 1] != kinds[k])
                printf("\n  %s: %zu %s errors, want %zu\n", label,
                       got->errors_by_kind[k + 1],
                       hr_error_kind_name((hr_error_kind)(k + 1)),
                       kinds[k]);
            CU_ASSERT_EQUAL(got->errors_by_kind[k + 1], kinds[k]);
        }
    }
    hr_label_stats_free(stats, count);
}

/* wrk's socket errors are connection failures and timeouts, its non-2xx
 * responses "other"; more errors than requests are cut to the requests,
 * the responses (among the requests) kept first, then timeouts. */
static void test_wrk_error_kinds(void)
{
#define WRK_ERRORS "  Socket errors: connect 1, read 2, write 0, " \
                   "timeout 3\n  Non-2xx or 3xx responses: 4\n"
    static const size_t all[] = {0, 0, 3, 3, 0, 4};
    static const size_t cut[] = {0, 0, 3, 1, 0, 4};
    hr_diags diags = {0};
    hr_status status;
    hr_sample_set *set;

    set = read_text_as("run.wrk", WRK_TOP WRK_LATENCY WRK_TOTALS WRK_ERRORS,
                       "wrk", &status, &diags);
    CU_ASSERT_EQUAL(status, HR_OK);
    check_kinds(set, "http://x", 18, 10, all);
    hr_sample_set_free(set);
    hr_diags_release(&diags);

    set = read_text_as("cut.wrk", WRK_TOP WRK_LATENCY "  8 requests in 1s,"
                       " 1KB read\n" WRK_ERRORS, "wrk", &status, &diags);
    CU_ASSERT_EQUAL(status, HR_OK);
    CU_ASSERT(has_diag(&diags, HR_WARNING, 0, "cut.wrk", "10 errors "
                       "reported for 8 requests"));
    check_kinds(set, "http://x", 8, 8, cut);
    hr_sample_set_free(set);
    hr_diags_release(&diags);
#undef WRK_ERRORS
}

/* A k6 handleSummary with 100 requests, 10 failed, and the counter
 * submetrics given as extra (text spliced into "metrics"). */
#define K6_KINDS(extra) \
    "{\"state\": {\"testRunDurationMs\": 10000}, \"metrics\": {\n" \
    "\"http_req_duration\": {\"type\": \"trend\", \"values\": {\"avg\": " \
    "10, \"min\": 1, \"med\": 8, \"max\": 50, \"p(95)\": 30}},\n" \
    "\"http_reqs\": {\"type\": \"counter\", \"values\": {\"count\": 100, " \
    "\"rate\": 10}},\n" \
    "\"http_req_failed\": {\"type\": \"rate\", \"values\": {\"rate\": " \
    "0.1, \"passes\": 10, \"fails\": 90}}" extra "\n}, \"root_group\": {}}\n"
#define K6_COUNTER(tag, n) \
    ",\n\"http_reqs{" tag "}\": {\"type\": \"counter\", \"values\": " \
    "{\"count\": " n ", \"rate\": 1}}"

/* k6's summary tells kinds only through counters per status or error
 * code: error codes win over statuses, 2xx counters are passed over, and
 * kinds adding up to more than the failures are dropped with a warning
 * at the counter's line. Expected by hand from the counts in each text. */
static void test_k6_summary_error_kinds(void)
{
    static const struct {
        const char *what, *text;
        size_t kinds[6];
        const char *warning;
    } cases[] = {
        {"statuses", K6_KINDS(K6_COUNTER("status:503", "6")
                              K6_COUNTER("status:404", "3")
                              K6_COUNTER("status:200", "90")),
         {3, 6, 0, 0, 0, 1}, NULL},
        {"error codes", K6_KINDS(K6_COUNTER("status:503", "6")
                                 K6_COUNTER("error_code:1050", "2")
                                 K6_COUNTER("error_code:1503", "5")),
         {0, 5, 2, 0, 0, 3}, NULL},
        {"too many", K6_KINDS(K6_COUNTER("status:503", "6")
                              K6_COUNTER("status:404", "6")),
         {0, 0, 0, 0, 0, 10}, "the status submetrics count 12 failed "
         "requests of 10"},
        {"none", K6_KINDS(""), {0, 0, 0, 0, 0, 10}, NULL},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hr_diags diags = {0};
        hr_status status;
        hr_sample_set *set = read_text_as("summary.json", cases[i].text,
                                          "k6-summary", &status, &diags);

        if (status != HR_OK)
            hr_diags_print(&diags, stdout);
        CU_ASSERT_EQUAL(status, HR_OK);
        check_kinds(set, "http_req_duration", 100, 10, cases[i].kinds);
        if (cases[i].warning)
            CU_ASSERT(has_diag(&diags, HR_WARNING, 3, "summary.json",
                               cases[i].warning));
        hr_sample_set_free(set);
        hr_diags_release(&diags);
    }
}

/* Reads a Locust run's failures file into kinds, then its counts file
 * (stats or history) with them into a new set; the caller frees it. */
static hr_sample_set *read_locust_run(const char *failures,
                                      const char *counts, bool history,
                                      hr_diags *diags)
{
    hr_sample_set *set = hr_sample_set_new();
    hr_locust_kinds *kinds = NULL;
    hr_source *source = open_source(failures, diags);

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    CU_ASSERT_EQUAL(hr_locust_kinds_read(source, set, diags, &kinds),
                    HR_OK);
    hr_source_close(source);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kinds);
    source = open_source(counts, diags);
    CU_ASSERT_EQUAL(history ? hr_locust_history_read_kinds(source, set,
                                                           diags, kinds)
                            : hr_locust_stats_read_kinds(source, set,
                                                         diags, kinds),
                    HR_OK);
    hr_source_close(source);
    hr_locust_kinds_free(kinds);
    return set;
}

/* The retail demo's stats, history and failures files are one Locust
 * run (SOURCES.md; both count 37219 requests and 1 failure): with the
 * failures file, the one failure of the products endpoint is a
 * connection failure (gaierror, read by eye), and no request is added. */
static void test_locust_run_corpus(void)
{
    static const size_t one_connection[] = {0, 0, 0, 1, 0, 0};
    char failures[1024], stats[1024], history[1024];
    hr_diags diags = {0};
    hr_sample_set *set;

    snprintf(failures, sizeof failures, "%s/locust/retaildemo_2024_"
             "failures_quoted_gaierror.csv", hr_shared_path("corpus"));
    snprintf(stats, sizeof stats, "%s/locust/retaildemo_2024_stats_"
             "multi_endpoint.csv", hr_shared_path("corpus"));
    snprintf(history, sizeof history, "%s/locust/retaildemo_2024_stats_"
             "history_1000_user_steps.csv", hr_shared_path("corpus"));
    set = read_locust_run(failures, stats, false, &diags);
    check_kinds(set, "GET /products/*", 4286, 1, one_connection);
    CU_ASSERT_EQUAL(hr_sample_set_total(set), 37219);
    CU_ASSERT_EQUAL(hr_sample_set_file_count(set), 2);
    CU_ASSERT_STRING_EQUAL(hr_sample_set_file(set, 0)->format,
                           "locust-failures");
    CU_ASSERT_EQUAL(hr_sample_set_file(set, 0)->records, 1);
    CU_ASSERT_EQUAL(diags.count, 0);
    hr_sample_set_free(set);
    hr_diags_release(&diags);

    set = read_locust_run(failures, history, true, &diags);
    check_kinds(set, "Aggregated", 37219, 1, one_connection);
    CU_ASSERT_EQUAL(diags.count, 0);
    hr_sample_set_free(set);
    hr_diags_release(&diags);
}

/* Where the failures file and the stats file disagree: more failures
 * listed than counted (all "other"), fewer (the rest "other"), and an
 * endpoint with no stats row (not counted); each is warned about. */
static void test_locust_run_disagreements(void)
{
    static const char stats[] = LS_HEAD
        LS_ROW("/a", "100", "5", "100,250,300")
        LS_ROW("/b", "50", "2", "100,250,300")
        LS_ROW("/c", "10", "1", "100,250,300");
    static const char failures[] = "Method,Name,Error,Occurrences\n"
        "GET,/a,\"ConnectionRefusedError(61, 'Connection refused')\",3\n"
        "GET,/a,HTTPError('503 Server Error'),2\n"
        "GET,/b,\"ReadTimeout('timed out')\",4\n"
        "DELETE,/d,HTTPError('404 Client Error'),1\n";
    static const size_t a[] = {0, 2, 0, 3, 0, 0};
    static const size_t b[] = {0, 0, 0, 0, 0, 2};
    static const size_t c[] = {0, 0, 0, 0, 0, 1};
    char *directory = hr_test_tmpdir(), fpath[1024], spath[1024];
    hr_diags diags = {0};
    hr_sample_set *set;

    CU_ASSERT_PTR_NOT_NULL_FATAL(directory);
    snprintf(fpath, sizeof fpath, "%s/run_failures.csv", directory);
    snprintf(spath, sizeof spath, "%s/run_stats.csv", directory);
    CU_ASSERT_EQUAL_FATAL(hr_write_text(fpath, failures), 0);
    CU_ASSERT_EQUAL_FATAL(hr_write_text(spath, stats), 0);
    set = read_locust_run(fpath, spath, false, &diags);
    check_kinds(set, "GET /a", 100, 5, a);
    check_kinds(set, "GET /b", 50, 2, b);
    check_kinds(set, "GET /c", 10, 1, c);
    CU_ASSERT_EQUAL(hr_sample_set_total(set), 160);
    CU_ASSERT(has_diag(&diags, HR_WARNING, 3, "run_stats.csv", "'GET /b' "
                       "has 2 failures, and"));
    CU_ASSERT(has_diag(&diags, HR_WARNING, 3, "run_stats.csv", "lists 4: "
                       "all counted as 'other'"));
    CU_ASSERT(has_diag(&diags, HR_WARNING, 4, "run_stats.csv", "lists 0: "
                       "the rest counted as 'other'"));
    CU_ASSERT(has_diag(&diags, HR_WARNING, 0, "run_stats.csv", "'DELETE "
                       "/d' has 1 failures in"));
    hr_sample_set_free(set);
    hr_diags_release(&diags);
    unlink(fpath);
    unlink(spath);
    rmdir(directory);
    free(directory);
}

/* Writes a case to a file named for it and reads it with its format. */
static void check_bad(const bad_case *c, const char *directory)
{
    char path[1024], name[128];
    const hr_source_file *file;
    hr_diags diags = {0};
    hr_status status;
    hr_sample_set *set;
    FILE *out;

    snprintf(name, sizeof name, "%s-%s.txt", c->format, c->what);
    for (char *p = name; *p; p++)
        *p = *p == ' ' ? '_' : *p;
    snprintf(path, sizeof path, "%s/%s", directory, name);
    out = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    fwrite(c->bytes, 1, c->length, out);
    fclose(out);

    set = read_as(path, c->format, &status, &diags);
    file = only_file(set);
    if (status != c->status || !has_diag(&diags, c->severity, c->line,
                                         name, c->message)) {
        printf("\n  %s %s: status %s, messages:\n", c->format, c->what,
               hr_strerror(status));
        hr_diags_print(&diags, stdout);
    }
    CU_ASSERT_EQUAL(status, c->status);
    CU_ASSERT(has_diag(&diags, c->severity, c->line, name, c->message));
    CU_ASSERT_EQUAL(file ? file->records : 0, c->records);
    CU_ASSERT_EQUAL(file ? file->skipped : 0, c->skipped);
    hr_sample_set_free(set);
    hr_diags_release(&diags);
    unlink(path);
}

/* Runs a table of bad inputs in a fresh directory. */
static void check_bad_table(const bad_case *cases, size_t count)
{
    char *directory = hr_test_tmpdir();

    CU_ASSERT_PTR_NOT_NULL_FATAL(directory);
    for (size_t i = 0; i < count; i++)
        check_bad(&cases[i], directory);
    rmdir(directory);
    free(directory);
}

#define CHECK_BAD(table) \
    check_bad_table((table), sizeof(table) / sizeof *(table))

static void test_gatling_bad_input(void)
{
    CHECK_BAD(gatling_bad);
}

static void test_k6_json_bad_input(void)
{
    CHECK_BAD(k6_json_bad);
}

static void test_k6_csv_bad_input(void)
{
    CHECK_BAD(k6_csv_bad);
}

static void test_k6_summary_bad_input(void)
{
    CHECK_BAD(k6_summary_bad);
}

static void test_k6_dashboard_bad_input(void)
{
    CHECK_BAD(k6_dashboard_bad);
}

static void test_locust_bad_input(void)
{
    CHECK_BAD(locust_bad);
}

static void test_wrk_bad_input(void)
{
    CHECK_BAD(wrk_bad);
}

/* A line over the line reader's limit is skipped whole, and the lines
 * around it are read: memory stays bounded without line breaks. */
static void test_overlong_line(void)
{
    size_t size = HR_LINE_MAX_BYTES + 4096;
    char *text = malloc(size + 2 * sizeof G_OK);
    char *directory = hr_test_tmpdir(), path[1024];
    hr_diags diags = {0};
    hr_status status;
    hr_sample_set *set;
    const hr_source_file *file;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(directory);
    strcpy(text, G_OK);
    memset(text + strlen(G_OK), 'x', size);
    strcpy(text + strlen(G_OK) + size, "\n" G_OK);
    snprintf(path, sizeof path, "%s/long.log", directory);
    CU_ASSERT_EQUAL_FATAL(hr_write_text(path, text), 0);
    set = read_as(path, "gatling", &status, &diags);
    file = only_file(set);
    CU_ASSERT_EQUAL(status, HR_OK);
    CU_ASSERT(file && file->records == 2 && file->skipped == 1);
    CU_ASSERT(has_diag(&diags, HR_WARNING, 2, "long.log", "line longer"));
    hr_sample_set_free(set);
    hr_diags_release(&diags);
    unlink(path);
    rmdir(directory);
    free(directory);
    free(text);
}

/* Reads through gzip as through a plain file (the source inflates). */
static void test_gzip_input(void)
{
    char *directory = hr_test_tmpdir(), command[2048], path[1024];
    hr_diags diags = {0};
    hr_status status;
    hr_sample_set *set;
    const hr_source_file *file;

    CU_ASSERT_PTR_NOT_NULL_FATAL(directory);
    snprintf(path, sizeof path, "%s/sim.log.gz", directory);
    snprintf(command, sizeof command, "gzip -c '%s/gatling/taurus_gatling_"
             "3.3.1.simulation.log' > '%s'", hr_shared_path("corpus"), path);
    CU_ASSERT_EQUAL_FATAL(system(command), 0);
    CU_ASSERT_PTR_NOT_NULL(detect(path));
    CU_ASSERT_STRING_EQUAL(detect(path)->name, "gatling");
    set = read_as(path, "gatling", &status, &diags);
    file = only_file(set);
    CU_ASSERT_EQUAL(status, HR_OK);
    CU_ASSERT(file && file->records == 100);
    hr_sample_set_free(set);
    hr_diags_release(&diags);
    unlink(path);
    rmdir(directory);
    free(directory);
}

static const hr_test_case cases[] = {
    {"formats are registered", test_formats_registered},
    {"sniffers detect their own corpus files",
     test_sniffers_detect_own_files},
    {"sniffers leave other corpus files", test_sniffers_leave_other_files},
    {"gatling corpus", test_gatling_corpus},
    {"k6 json, csv and dashboard corpus", test_k6_corpus},
    {"k6 summary corpus", test_k6_summary_corpus},
    {"locust corpus", test_locust_corpus},
    {"wrk corpus", test_wrk_corpus},
    {"error kinds from corpus files", test_error_kinds_from_corpus},
    {"gatling concurrency", test_gatling_concurrency},
    {"gatling binary log refused", test_gatling_binary_refused},
    {"k6 summary fallback warning", test_k6_summary_fallback_warning},
    {"rfc 3339 times", test_rfc3339_times},
    {"error kinds of messages", test_error_kinds_of_messages},
    {"k6 outcomes", test_k6_outcomes},
    {"numbers", test_numbers},
    {"gatling bad input", test_gatling_bad_input},
    {"k6 json bad input", test_k6_json_bad_input},
    {"k6 csv bad input", test_k6_csv_bad_input},
    {"k6 summary bad input", test_k6_summary_bad_input},
    {"k6 dashboard bad input", test_k6_dashboard_bad_input},
    {"locust bad input", test_locust_bad_input},
    {"wrk bad input", test_wrk_bad_input},
    {"overlong line", test_overlong_line},
    {"gzip input", test_gzip_input},
    {"wrk error kinds", test_wrk_error_kinds},
    {"k6 summary error kinds", test_k6_summary_error_kinds},
    {"locust run, corpus", test_locust_run_corpus},
    {"locust run, disagreements", test_locust_run_disagreements},
};

HR_TEST_MAIN("formats-a", cases)
