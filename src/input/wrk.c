/*
 * wrk.c - reads the text that wrk and wrk2 print at the end of a run.
 *
 * wrk keeps no samples, only its own summary, so the file becomes one
 * reported summary (hr_sample_set_record_summary) for the URL under
 * test: the request count and duration from "N requests in D", the mean
 * and maximum latency from the "Latency" line of the thread statistics,
 * errors from the "Non-2xx or 3xx responses" and "Socket errors" lines,
 * and percentiles from one of two places:
 *
 *   - wrk --latency: the "Latency Distribution" block (50 % to 99 %);
 *   - wrk2: the "Detailed Percentile spectrum" table of the first
 *     (coordinated-omission corrected, "Recorded Latency") distribution,
 *     HdrHistogram's value at each percentile, in milliseconds. Its rows
 *     carry more digits than the block above it and win where both give
 *     a percentile; the block adds those the table lacks (99 %). wrk2's
 *     second, "Uncorrected" distribution is not read: it hides the
 *     queueing a user would have seen.
 *
 * wrk prints times with a unit (us, ms, s, m, h) chosen per value and
 * large counts with k or M. The bytes read are not kept: a reported
 * summary has no field for them.
 *
 * Error kinds: socket connect, read and write errors are connection
 * failures (refused, reset, closed), socket timeouts are timeouts, and
 * non-2xx-or-3xx responses are "other", since wrk does not say whether
 * they were 4xx or 5xx.
 *
 * Sections: units, lines.
 */
#include "input/readers.h"
#include "input/readers_b.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Most words looked at on one line. */
#define HR_WRK_WORDS 16

/* Where in the output the line reader is. */
typedef enum hr_wrk_section {
    HR_WRK_TOP,             /* thread statistics and totals */
    HR_WRK_DISTRIBUTION,    /* percentile lines of a distribution block */
    HR_WRK_SPECTRUM,        /* wrk2's detailed percentile table */
    HR_WRK_IGNORED          /* wrk2's uncorrected distribution */
} hr_wrk_section;

/* Percentiles in the order printed: quantile (0..1) and value in ms. */
typedef struct hr_wrk_list {
    double *q;
    double *v;
    size_t count;
    size_t capacity;
} hr_wrk_list;

/* What the output says. */
typedef struct hr_wrk_state {
    hr_reader reader;
    hr_line_reader lines;
    hr_wrk_section section;
    bool block_done;        /* the first distribution block was read */
    char *url;
    double requests;        /* NAN until the totals line */
    double duration_s;
    double mean_ms, max_ms, min_ms;
    double errors;
    double kinds[HR_ERROR_KIND_COUNT];     /* errors by kind */
    hr_wrk_list block;      /* "Latency Distribution" lines */
    hr_wrk_list spectrum;   /* wrk2's detailed table: more digits */
} hr_wrk_state;

/* One line cut into words. */
typedef struct hr_wrk_words {
    char *word[HR_WRK_WORDS];
    size_t count;
} hr_wrk_words;

/* ---- units ------------------------------------------------------------ */

/* Parses a number followed by one of the units, each worth scale[i];
 * false when text is not exactly that. */
static bool hr_wrk_scaled(const char *text, const char *const *units,
                          const double *scale, double *value)
{
    char number[48];
    size_t n = strspn(text, "0123456789.");

    if (n == 0 || n >= sizeof number)
        return false;
    memcpy(number, text, n);
    number[n] = '\0';
    if (!hr_text_number(number, value))
        return false;
    for (size_t i = 0; units[i]; i++) {
        if (strcmp(text + n, units[i]) == 0) {
            *value *= scale[i];
            return true;
        }
    }
    return false;
}

/* A time such as "101.68us", "1.14ms", "78.27s" or "83.33m", in ms. */
static bool hr_wrk_time_ms(const char *text, double *ms)
{
    static const char *const units[] = {"us", "ms", "s", "m", "h", NULL};
    static const double scale[] = {0.001, 1.0, 1e3, 60e3, 3600e3};

    return hr_wrk_scaled(text, units, scale, ms);
}

/* A count such as "5646128", "94.44k" or "2.11M". */
static bool hr_wrk_count(const char *text, double *count)
{
    static const char *const units[] = {"", "k", "M", "G", NULL};
    static const double scale[] = {1.0, 1e3, 1e6, 1e9};

    return hr_wrk_scaled(text, units, scale, count);
}

/* ---- lines ------------------------------------------------------------ */

/* Splits text at blanks into words (in place), dropping a trailing
 * comma from each ("1.00m," -> "1.00m"). */
static void hr_wrk_split(char *text, hr_wrk_words *words)
{
    char *save = NULL, *word;

    words->count = 0;
    for (word = strtok_r(text, " \t", &save);
         word && words->count < HR_WRK_WORDS;
         word = strtok_r(NULL, " \t", &save)) {
        size_t n = strlen(word);

        if (n > 1 && word[n - 1] == ',')
            word[n - 1] = '\0';
        words->word[words->count++] = word;
    }
}

/* True when word i exists and equals text. */
static bool hr_wrk_is(const hr_wrk_words *words, size_t i, const char *text)
{
    return i < words->count && strcmp(words->word[i], text) == 0;
}

/* Grows a list to hold one more percentile. */
static hr_status hr_wrk_room(hr_wrk_list *list)
{
    size_t capacity = list->capacity ? 2 * list->capacity : 32;
    double *grown;

    if (list->count < list->capacity)
        return HR_OK;
    grown = realloc(list->q, capacity * sizeof *grown);
    if (!grown)
        return HR_ERR_NOMEM;
    list->q = grown;
    grown = realloc(list->v, capacity * sizeof *grown);
    if (!grown)
        return HR_ERR_NOMEM;
    list->v = grown;
    list->capacity = capacity;
    return HR_OK;
}

/* Appends one percentile (q in 0..1) to a list; skips it when q or the
 * value goes down, which no histogram can print. */
static hr_status hr_wrk_quantile(hr_wrk_state *w, hr_wrk_list *list,
                                 double q, double value)
{
    size_t n = list->count;

    if (!(q > 0.0 && q < 1.0 && value >= 0.0 && value <= HR_READER_MAX_MS))
        return hr_reader_skip(&w->reader, w->lines.line, "percentile "
                              "%g or its value %g ms is out of range",
                              q * 100, value);
    if (n > 0 && (q <= list->q[n - 1] || value < list->v[n - 1]))
        return hr_reader_skip(&w->reader, w->lines.line, "percentile %g "
                              "does not ascend from the one before",
                              q * 100);
    if (hr_wrk_room(list) != HR_OK)
        return HR_ERR_NOMEM;
    list->q[n] = q;
    list->v[n] = value;
    list->count++;
    return HR_OK;
}

/* "50%  40.25ms" or wrk2's "99.900%  2.34ms" in a distribution block. */
static hr_status hr_wrk_block_line(hr_wrk_state *w, const hr_wrk_words *lw)
{
    char *percent = lw->word[0];
    size_t n = strlen(percent);
    double q, value;

    if (lw->count != 2 || n < 2 || percent[n - 1] != '%')
        return HR_OK;
    percent[n - 1] = '\0';
    if (!hr_text_number(percent, &q) || !hr_wrk_time_ms(lw->word[1],
                                                        &value))
        return hr_reader_skip(&w->reader, w->lines.line, "percentile "
                              "line is not 'N%% TIME'");
    /* 100 % is the maximum, which the statistics give with more digits. */
    return q >= 100.0 ? HR_OK : hr_wrk_quantile(w, &w->block, q / 100.0,
                                                value);
}

/* A row "Value Percentile TotalCount 1/(1-Percentile)" of wrk2's table,
 * values in milliseconds. */
static hr_status hr_wrk_spectrum_line(hr_wrk_state *w,
                                      const hr_wrk_words *lw)
{
    double value, q, total;

    if (lw->count != 4 || hr_wrk_is(lw, 0, "Value"))
        return HR_OK;
    if (!hr_text_number(lw->word[0], &value)
        || !hr_text_number(lw->word[1], &q)
        || !hr_text_number(lw->word[2], &total))
        return hr_reader_skip(&w->reader, w->lines.line, "spectrum row "
                              "is not 'VALUE PERCENTILE COUNT INVERSE'");
    if (q == 0.0) {
        w->min_ms = value;
        return HR_OK;
    }
    return q >= 1.0 ? HR_OK : hr_wrk_quantile(w, &w->spectrum, q, value);
}

/* "#[Mean = 1.138, StdDeviation = 0.356]" and "#[Max = 2.540, ...]"
 * after the first spectrum: more digits than the thread statistics. */
static void hr_wrk_footer_line(hr_wrk_state *w, const hr_wrk_words *lw)
{
    double value;

    if (lw->count < 3 || !hr_text_number(lw->word[2], &value))
        return;
    if (hr_wrk_is(lw, 0, "#[Mean"))
        w->mean_ms = value;
    else if (hr_wrk_is(lw, 0, "#[Max"))
        w->max_ms = value;
}

/* "Latency Distribution ..." opens a block; only the first is read. */
static void hr_wrk_distribution(hr_wrk_state *w, const char *line)
{
    w->section = !w->block_done && !strstr(line, "Uncorrected")
                     ? HR_WRK_DISTRIBUTION : HR_WRK_IGNORED;
    w->block_done = true;
}

/* "Latency  42.28ms  3.67ms  46.51ms  66.67%": mean, deviation, max. */
static hr_status hr_wrk_latency_line(hr_wrk_state *w, const hr_wrk_words *lw)
{
    double mean, deviation, max;

    if (lw->count < 4 || !hr_wrk_time_ms(lw->word[1], &mean)
        || !hr_wrk_time_ms(lw->word[2], &deviation)
        || !hr_wrk_time_ms(lw->word[3], &max))
        return hr_reader_skip(&w->reader, w->lines.line, "latency line is "
                              "not 'Latency AVG STDEV MAX +/-STDEV'");
    if (isnan(w->mean_ms))
        w->mean_ms = mean;
    if (isnan(w->max_ms))
        w->max_ms = max;
    return HR_OK;
}

/* "5646128 requests in 1.00m, 4.52GB read": the totals. */
static hr_status hr_wrk_totals_line(hr_wrk_state *w, const hr_wrk_words *lw)
{
    double requests, duration_ms;

    if (lw->count < 4 || !hr_wrk_count(lw->word[0], &requests)
        || !hr_wrk_time_ms(lw->word[3], &duration_ms) || requests < 0
        || requests != floor(requests) || duration_ms <= 0)
        return hr_reader_skip(&w->reader, w->lines.line, "totals line is "
                              "not 'N requests in DURATION'");
    w->requests = requests;
    w->duration_s = duration_ms / 1000.0;
    return HR_OK;
}

/* The kind of the failures a word of an errors line names. */
static hr_error_kind hr_wrk_error_kind(const char *word)
{
    if (strcmp(word, "timeout") == 0)
        return HR_SAMPLE_TIMEOUT;
    if (strcmp(word, "connect") == 0 || strcmp(word, "read") == 0
        || strcmp(word, "write") == 0)
        return HR_SAMPLE_CONNECTION;
    return HR_SAMPLE_OTHER_ERROR;
}

/* "Socket errors: connect 0, read 2, write 0, timeout 5" and
 * "Non-2xx or 3xx responses: 12": failed requests. */
static hr_status hr_wrk_errors_line(hr_wrk_state *w, const hr_wrk_words *lw)
{
    bool socket = hr_wrk_is(lw, 0, "Socket");
    size_t first = socket ? 3 : lw->count - 1;
    double n;

    for (size_t i = first; i < lw->count; i += 2) {
        if (!hr_wrk_count(lw->word[i], &n))
            return hr_reader_skip(&w->reader, w->lines.line, "error count "
                                  "'%s' is not a number", lw->word[i]);
        w->errors += n;
        w->kinds[socket ? hr_wrk_error_kind(lw->word[i - 1])
                        : HR_SAMPLE_OTHER_ERROR] += n;
    }
    return HR_OK;
}

/* Keeps the URL of "Running 1m test @ URL" as the label. */
static hr_status hr_wrk_running_line(hr_wrk_state *w, const hr_wrk_words *lw)
{
    const char *url = hr_reader_label(&w->reader, w->lines.line,
                                      lw->word[4], strlen(lw->word[4]));

    free(w->url);
    w->url = url ? strdup(url) : NULL;
    return w->url ? HR_OK : HR_ERR_NOMEM;
}

/* Lines that mean the same in every section. */
static hr_status hr_wrk_any_line(hr_wrk_state *w, const hr_wrk_words *lw,
                                 bool *done)
{
    *done = true;
    if (hr_wrk_is(lw, 0, "Running") && hr_wrk_is(lw, 3, "@")
        && lw->count > 4)
        return hr_wrk_running_line(w, lw);
    if (hr_wrk_is(lw, 1, "requests") && hr_wrk_is(lw, 2, "in"))
        return hr_wrk_totals_line(w, lw);
    if ((hr_wrk_is(lw, 0, "Socket") && hr_wrk_is(lw, 1, "errors:"))
        || hr_wrk_is(lw, 0, "Non-2xx"))
        return hr_wrk_errors_line(w, lw);
    *done = false;
    return HR_OK;
}

/* Reads one line of output by section. */
static hr_status hr_wrk_line(hr_wrk_state *w, char *text)
{
    hr_wrk_words lw;
    hr_status status;
    bool done;

    if (strstr(text, "Latency Distribution")) {
        hr_wrk_distribution(w, text);
        return HR_OK;
    }
    if (strstr(text, "Detailed Percentile spectrum")) {
        if (w->section == HR_WRK_DISTRIBUTION)
            w->section = HR_WRK_SPECTRUM;
        return HR_OK;
    }
    hr_wrk_split(text, &lw);
    if (lw.count == 0)
        return HR_OK;
    status = hr_wrk_any_line(w, &lw, &done);
    if (done || status != HR_OK)
        return status;
    if (w->section == HR_WRK_DISTRIBUTION)
        return hr_wrk_block_line(w, &lw);
    if (w->section == HR_WRK_SPECTRUM && lw.word[0][0] == '#') {
        hr_wrk_footer_line(w, &lw);
        return HR_OK;
    }
    if (w->section == HR_WRK_SPECTRUM)
        return hr_wrk_spectrum_line(w, &lw);
    if (w->section == HR_WRK_TOP && hr_wrk_is(&lw, 0, "Latency"))
        return hr_wrk_latency_line(w, &lw);
    return HR_OK;
}

/* True when the list holds quantile q. */
static bool hr_wrk_has(const hr_wrk_list *list, double q)
{
    for (size_t i = 0; i < list->count; i++)
        if (fabs(list->q[i] - q) < 1e-9)
            return true;
    return false;
}

/* Merges the block into the spectrum: the table's rows, plus the block's
 * percentiles the table lacks (it has no row at exactly 99 %). */
static hr_status hr_wrk_merge(hr_wrk_state *w)
{
    for (size_t i = 0; i < w->block.count; i++) {
        if (hr_wrk_has(&w->spectrum, w->block.q[i]))
            continue;
        if (hr_wrk_room(&w->spectrum) != HR_OK)
            return HR_ERR_NOMEM;
        w->spectrum.q[w->spectrum.count] = w->block.q[i];
        w->spectrum.v[w->spectrum.count++] = w->block.v[i];
    }
    hr_quantiles_sort(w->spectrum.q, w->spectrum.v, w->spectrum.count);
    return HR_OK;
}

/*
 * Fills kinds with the errors by kind, cut to the request count when
 * they exceed it: the responses (non-2xx, counted among the requests)
 * first, then timeouts, then connection failures.
 */
static void hr_wrk_kinds(const hr_wrk_state *w, uint64_t *kinds)
{
    static const hr_error_kind order[] = {
        HR_SAMPLE_OTHER_ERROR, HR_SAMPLE_TIMEOUT, HR_SAMPLE_CONNECTION,
    };
    double left = fmin(w->errors, w->requests);

    memset(kinds, 0, HR_ERROR_KIND_COUNT * sizeof *kinds);
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        double n = fmin(w->kinds[order[i]], left);

        kinds[order[i]] = (uint64_t)n;
        left -= n;
    }
}

/* Hands the whole output to the set as one reported summary. */
static hr_status hr_wrk_record(hr_wrk_state *w)
{
    uint64_t kinds[HR_ERROR_KIND_COUNT];
    hr_reported_summary summary = {
        .label = w->url ? w->url : "(unnamed)",
        .tool = "wrk",
        .count = (uint64_t)w->requests,
        .errors = (uint64_t)w->errors,
        .min_ms = w->min_ms,
        .mean_ms = w->mean_ms,
        .max_ms = w->max_ms,
        .duration_s = w->duration_s,
        .errors_by_kind = kinds,
    };
    hr_status status;

    if (isnan(w->requests))
        return HR_OK;
    if (hr_wrk_merge(w) != HR_OK)
        return HR_ERR_NOMEM;
    hr_wrk_kinds(w, kinds);
    summary.quantile_count = w->spectrum.count;
    summary.quantiles = w->spectrum.q;
    summary.values_ms = w->spectrum.v;
    if (w->errors > w->requests) {
        hr_reader_diag(&w->reader, HR_WARNING, 0, "%.0f errors reported "
                       "for %.0f requests (socket errors include requests "
                       "never completed): counted as %.0f", w->errors,
                       w->requests, w->requests);
        summary.errors = summary.count;
    }
    status = hr_sample_set_record_summary(w->reader.set, &summary);
    w->reader.records += status == HR_OK;
    return status;
}

/* Reads every line, then records the summary. */
static hr_status hr_wrk_lines(hr_wrk_state *w)
{
    hr_status status = HR_OK;
    char *text;
    size_t length;
    bool got = true;

    while (status == HR_OK) {
        status = hr_line_next(&w->lines, &text, &length, &got);
        if (status != HR_OK || !got)
            break;
        if (w->lines.overlong || w->lines.binary)
            status = hr_reader_skip(&w->reader, w->lines.line, "%s",
                                    w->lines.binary ? "binary data (a NUL "
                                    "byte)" : "line too long");
        else
            status = hr_wrk_line(w, text);
    }
    if (status == HR_ERR_IO)
        hr_reader_read_failed(&w->reader, &w->lines);
    return status == HR_OK ? hr_wrk_record(w) : status;
}

/* Reads the output line by line into one summary. */
hr_status hr_wrk_read(hr_source *source, hr_sample_set *set,
                           hr_diags *diags)
{
    hr_wrk_state w = {
        .requests = NAN, .duration_s = NAN, .mean_ms = NAN, .max_ms = NAN,
        .min_ms = NAN,
    };
    hr_status status;

    hr_reader_init(&w.reader, source, "wrk", set, diags);
    status = hr_reader_refuse_wide(&w.reader, source);
    if (status == HR_OK)
        status = hr_line_reader_init(&w.lines, source);
    if (status == HR_OK)
        status = hr_wrk_lines(&w);
    if (status == HR_OK)
        status = hr_reader_finish(&w.reader, "'N requests in DURATION' "
                                  "totals line");
    hr_line_reader_release(&w.lines);
    hr_reader_release(&w.reader);
    free(w.url);
    free(w.block.q);
    free(w.block.v);
    free(w.spectrum.q);
    free(w.spectrum.v);
    return status;
}

/* True when the output starts "Running D test @ URL", as wrk and wrk2
 * print before anything else. */
bool hr_wrk_sniff(const char *head, size_t length)
{
    static const char lead[] = "Running ";
    const char *end = memchr(head, '\n', length);
    size_t n = end ? (size_t)(end - head) : length;
    char line[256];

    if (n < sizeof lead || n >= sizeof line
        || memcmp(head, lead, sizeof lead - 1) != 0)
        return false;
    memcpy(line, head, n);
    line[n] = '\0';
    return strstr(line, " test @ ") != NULL;
}
