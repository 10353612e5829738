/*
 * jtl.c - reads Apache JMeter CSV result files (JTL) into a sample set.
 *
 * The head of the file (first 64 KiB) is read once to learn its layout:
 * the delimiter, and either the header's column positions or, for a file
 * without a header, JMeter's default column order. The head is then fed
 * back to the CSV tokenizer ahead of the rest of the stream, so the file
 * is read once, row by row, and never held whole in memory.
 *
 * Each row gives one sample: label, elapsed milliseconds, success and
 * start time. A row that cannot give one is skipped, counted, and (for
 * the first few) reported with its line number.
 *
 * Sections: constants, layout detection, field values, rows, public API.
 */
#include "headroom/jtl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/csv.h"

/* ---- constants -------------------------------------------------------- */

/* Bytes read up front to find the delimiter and the header. */
#define HR_JTL_HEAD_BYTES 65536

/* Skipped rows reported one by one; the rest only in a total. */
#define HR_JTL_SKIPS_SHOWN 5

/* JMeter stores elapsed as a Java long in milliseconds. No sample of a
 * load test lasts a year, so a larger value is taken as corrupt. */
#define HR_JTL_MAX_ELAPSED_MS (365.0 * 86400.0 * 1000.0)

/* Column index meaning "this column is not in the file". */
#define HR_JTL_ABSENT SIZE_MAX

/* Longest field excerpt quoted in a message. */
#define HR_JTL_EXCERPT 40

static const char hr_jtl_delimiters[] = ",\t;|";

/* Column names JMeter's CSVSaveService writes in a header. */
static const char *const hr_jtl_known_names[] = {
    "timeStamp", "elapsed", "label", "responseCode", "responseMessage",
    "threadName", "dataType", "success", "failureMessage", "bytes",
    "sentBytes", "grpThreads", "allThreads", "URL", "Filename", "Latency",
    "Encoding", "SampleCount", "ErrorCount", "Hostname", "IdleTime",
    "Connect",
};

/* Positions in JMeter's default column order (jmeter.properties), used
 * for files without a header. */
enum {
    HR_JTL_DEFAULT_TIMESTAMP = 0,
    HR_JTL_DEFAULT_ELAPSED = 1,
    HR_JTL_DEFAULT_LABEL = 2,
    HR_JTL_DEFAULT_CODE = 3,
    HR_JTL_DEFAULT_SUCCESS = 7
};

/* What the first record of a file says about it. */
typedef enum hr_jtl_shape {
    HR_JTL_EMPTY,         /* no record at all */
    HR_JTL_HEADER,        /* the first record names the columns */
    HR_JTL_HEADERLESS,    /* data in JMeter's default column order */
    HR_JTL_UNKNOWN        /* no header, and no timestamp to start a row */
} hr_jtl_shape;

/* Where a file keeps the columns a sample needs. */
typedef struct hr_jtl_layout {
    hr_jtl_shape shape;
    int delimiter;
    size_t fields;          /* fields per row: the header's or first row's */
    size_t timestamp;       /* column indexes, or HR_JTL_ABSENT */
    size_t elapsed;
    size_t label;
    size_t code;
    size_t success;
    size_t needed;          /* a shorter row lacks a column we read */
    bool epoch_first;       /* headerless, first field 13 digits */
    char first[HR_JTL_EXCERPT + 4];  /* excerpt of the first field */
} hr_jtl_layout;

/* State of one hr_jtl_csv_read call. */
typedef struct hr_jtl_read {
    const char *path;
    hr_sample_set *set;
    hr_diags *diags;
    hr_jtl_layout layout;
    hr_csv_reader csv;
    size_t records;
    size_t skipped;
    size_t short_rows;
} hr_jtl_read;

/* ---- field values ----------------------------------------------------- */

/* Copies at most HR_JTL_EXCERPT bytes of text into out (size at least
 * HR_JTL_EXCERPT + 4), with non-printing bytes as '?' and "..." when
 * cut, so binary input cannot garble a message. */
static void hr_jtl_excerpt(const char *text, char *out)
{
    size_t i = 0;

    for (; text[i] && i < HR_JTL_EXCERPT; i++) {
        unsigned char c = (unsigned char)text[i];

        out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (text[i]) {
        memcpy(out + i, "...", 3);
        i += 3;
    }
    out[i] = '\0';
}

/* True when text is a plain decimal number (optional sign, fraction and
 * exponent, surrounding spaces); no inf, nan or hex. */
static bool hr_jtl_decimal(const char *text)
{
    const char *p = text + strspn(text, " ");
    size_t digits;

    p += *p == '+' || *p == '-';
    digits = strspn(p, "0123456789");
    p += digits;
    if (*p == '.') {
        size_t fraction = strspn(p + 1, "0123456789");

        digits += fraction;
        p += 1 + fraction;
    }
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        p += *p == '+' || *p == '-';
        digits = strspn(p, "0123456789");
        if (digits == 0)
            return false;
        p += digits;
    }
    return p[strspn(p, " ")] == '\0';
}

/* Parses a plain decimal number; false when text is not one. */
static bool hr_jtl_number(const char *text, double *value)
{
    if (!hr_jtl_decimal(text))
        return false;
    *value = strtod(text, NULL);
    return true;
}

/* Reads exactly width digits at *p into *value, advancing *p. */
static bool hr_jtl_digits(const char **p, int width, int *value)
{
    *value = 0;
    for (int i = 0; i < width; i++) {
        if ((*p)[i] < '0' || (*p)[i] > '9')
            return false;
        *value = *value * 10 + ((*p)[i] - '0');
    }
    *p += width;
    return true;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms", days_from_civil). */
static long hr_jtl_days_from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Parses "yyyy/MM/dd HH:mm:ss.SSS" or "yyyy-MM-dd HH:mm:ss[.SSS]" (also
 * with 'T') as UTC milliseconds; NAN when text is neither. JMeter writes
 * local time without a zone; only differences matter for throughput. */
static double hr_jtl_date_ms(const char *text)
{
    const char *p = text;
    int y, mo, d, h, mi, s, ms = 0;
    char sep;

    if (!hr_jtl_digits(&p, 4, &y) || (*p != '/' && *p != '-'))
        return NAN;
    sep = *p++;
    if (!hr_jtl_digits(&p, 2, &mo) || *p != sep)
        return NAN;
    p++;
    if (!hr_jtl_digits(&p, 2, &d) || (*p != ' ' && *p != 'T'))
        return NAN;
    p++;
    if (!hr_jtl_digits(&p, 2, &h) || *p != ':')
        return NAN;
    p++;
    if (!hr_jtl_digits(&p, 2, &mi) || *p != ':')
        return NAN;
    p++;
    if (!hr_jtl_digits(&p, 2, &s))
        return NAN;
    if (*p == '.') {
        p++;
        if (!hr_jtl_digits(&p, 3, &ms))
            return NAN;
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59
        || s > 60)
        return NAN;
    return ((double)hr_jtl_days_from_civil(y, mo, d) * 86400.0
            + h * 3600.0 + mi * 60.0 + s) * 1000.0 + ms;
}

/* Start time in epoch ms from an epoch number or a date; NAN if neither. */
static double hr_jtl_timestamp_ms(const char *text)
{
    double value;

    if (hr_jtl_number(text, &value))
        return isfinite(value) ? value : (double)NAN;
    return hr_jtl_date_ms(text);
}

/* True when text is 13 digits: epoch milliseconds from 2001 to 2286. */
static bool hr_jtl_epoch13(const char *text)
{
    return strlen(text) == 13 && strspn(text, "0123456789") == 13;
}

/* An HTTP status in 200..399 is a success; any other code (4xx, 5xx, or
 * text such as "Non HTTP response code: ...") is an error. */
static bool hr_jtl_code_ok(const char *text)
{
    double code;

    return hr_jtl_number(text, &code) && code >= 200.0 && code < 400.0;
}

/* Reads true/false in any case into *value; false when it is neither. */
static bool hr_jtl_boolean(const char *text, bool *value)
{
    if (strcasecmp(text, "true") == 0)
        *value = true;
    else if (strcasecmp(text, "false") == 0)
        *value = false;
    else
        return false;
    return true;
}

/* True when field, less surrounding spaces, is exactly name. */
static bool hr_jtl_name_is(const char *field, const char *name)
{
    size_t length = strlen(name);

    field += strspn(field, " ");
    return strncmp(field, name, length) == 0
           && field[length + strspn(field + length, " ")] == '\0';
}

/* ---- layout detection ------------------------------------------------- */

/* Index of the first field named name, or HR_JTL_ABSENT. */
static size_t hr_jtl_column(const hr_csv_reader *csv, const char *name)
{
    for (size_t i = 0; i < hr_csv_field_count(csv); i++) {
        if (hr_jtl_name_is(hr_csv_field(csv, i), name))
            return i;
    }
    return HR_JTL_ABSENT;
}

/* Number of fields that are JMeter column names. */
static size_t hr_jtl_known_count(const hr_csv_reader *csv)
{
    size_t known = 0;
    size_t names = sizeof hr_jtl_known_names / sizeof *hr_jtl_known_names;

    for (size_t i = 0; i < hr_csv_field_count(csv); i++) {
        for (size_t k = 0; k < names; k++) {
            if (hr_jtl_name_is(hr_csv_field(csv, i), hr_jtl_known_names[k])) {
                known++;
                break;
            }
        }
    }
    return known;
}

/* True when a record with these fields is a header: it names timeStamp
 * or elapsed, or at least two other JMeter columns. */
static bool hr_jtl_is_header(const hr_csv_reader *csv)
{
    return hr_jtl_column(csv, "timeStamp") != HR_JTL_ABSENT
           || hr_jtl_column(csv, "elapsed") != HR_JTL_ABSENT
           || hr_jtl_known_count(csv) >= 2;
}

/* True when a record starts like a headerless JMeter row: a timestamp,
 * a number (elapsed) and a label. */
static bool hr_jtl_is_data(const hr_csv_reader *csv)
{
    double elapsed;

    return hr_csv_field_count(csv) >= 3
           && !isnan(hr_jtl_timestamp_ms(hr_csv_field(csv, 0)))
           && hr_jtl_number(hr_csv_field(csv, 1), &elapsed);
}

/* The largest of the column indexes a row must hold, plus one. */
static size_t hr_jtl_needed(const hr_jtl_layout *layout)
{
    size_t columns[3] = {layout->elapsed, layout->label, layout->success};
    size_t needed = 0;

    if (layout->success == HR_JTL_ABSENT)
        columns[2] = layout->code;
    for (size_t i = 0; i < 3; i++) {
        if (columns[i] != HR_JTL_ABSENT && columns[i] + 1 > needed)
            needed = columns[i] + 1;
    }
    return needed;
}

/* Takes the column positions from a header record. */
static void hr_jtl_layout_header(hr_jtl_layout *layout,
                                 const hr_csv_reader *csv)
{
    layout->shape = HR_JTL_HEADER;
    layout->fields = hr_csv_field_count(csv);
    layout->timestamp = hr_jtl_column(csv, "timeStamp");
    layout->elapsed = hr_jtl_column(csv, "elapsed");
    layout->label = hr_jtl_column(csv, "label");
    layout->code = hr_jtl_column(csv, "responseCode");
    layout->success = hr_jtl_column(csv, "success");
    layout->needed = hr_jtl_needed(layout);
}

/* Position of the success flag in a headerless first row: JMeter's
 * default place when it holds true/false there, else the first such
 * field after responseCode (configurations that drop dataType or other
 * columns move it left); HR_JTL_ABSENT when there is none. */
static size_t hr_jtl_find_success(const hr_csv_reader *csv)
{
    size_t count = hr_csv_field_count(csv);
    bool flag;

    if (count > HR_JTL_DEFAULT_SUCCESS
        && hr_jtl_boolean(hr_csv_field(csv, HR_JTL_DEFAULT_SUCCESS), &flag))
        return HR_JTL_DEFAULT_SUCCESS;
    for (size_t i = HR_JTL_DEFAULT_CODE + 1; i < count; i++) {
        if (hr_jtl_boolean(hr_csv_field(csv, i), &flag))
            return i;
    }
    return HR_JTL_ABSENT;
}

/* Uses JMeter's default column order for a file without a header. */
static void hr_jtl_layout_default(hr_jtl_layout *layout,
                                  const hr_csv_reader *csv)
{
    size_t count = hr_csv_field_count(csv);

    layout->shape = HR_JTL_HEADERLESS;
    layout->fields = count;
    layout->timestamp = HR_JTL_DEFAULT_TIMESTAMP;
    layout->elapsed = HR_JTL_DEFAULT_ELAPSED;
    layout->label = HR_JTL_DEFAULT_LABEL;
    layout->code = count > HR_JTL_DEFAULT_CODE ? (size_t)HR_JTL_DEFAULT_CODE
                                               : HR_JTL_ABSENT;
    layout->success = hr_jtl_find_success(csv);
    layout->needed = count;
    layout->epoch_first = hr_jtl_epoch13(hr_csv_field(csv, 0));
}

/* Reads the first record of head split at delimiter. */
static hr_status hr_jtl_first_record(hr_csv_reader *csv, const char *head,
                                     size_t length, int delimiter, bool *got)
{
    hr_csv_reader_init(csv, head, length, NULL, delimiter);
    return hr_csv_reader_next(csv, got);
}

/* Tries each delimiter on the first record; keeps the one splitting it
 * into the most JMeter column names when it is a header. */
static hr_status hr_jtl_find_header(const char *head, size_t length,
                                    hr_jtl_layout *layout)
{
    size_t best = 0;
    hr_status status = HR_OK;

    for (const char *d = hr_jtl_delimiters; *d && status == HR_OK; d++) {
        hr_csv_reader csv;
        bool got;

        status = hr_jtl_first_record(&csv, head, length, *d, &got);
        if (status == HR_OK && got && hr_jtl_is_header(&csv)
            && (layout->shape != HR_JTL_HEADER
                || hr_jtl_known_count(&csv) > best)) {
            best = hr_jtl_known_count(&csv);
            layout->delimiter = *d;
            hr_jtl_layout_header(layout, &csv);
        }
        if (status == HR_OK && got && d == hr_jtl_delimiters
            && hr_csv_field_count(&csv) > 0)
            hr_jtl_excerpt(hr_csv_field(&csv, 0), layout->first);
        if (status == HR_OK && !got && d == hr_jtl_delimiters)
            layout->shape = HR_JTL_EMPTY;
        hr_csv_reader_release(&csv);
    }
    return status;
}

/* Without a header, finds the delimiter that splits the first record
 * into a timestamp, an elapsed number and more. */
static hr_status hr_jtl_find_data(const char *head, size_t length,
                                  hr_jtl_layout *layout)
{
    hr_status status = HR_OK;

    for (const char *d = hr_jtl_delimiters; *d && status == HR_OK; d++) {
        hr_csv_reader csv;
        bool got;

        status = hr_jtl_first_record(&csv, head, length, *d, &got);
        if (status == HR_OK && got && hr_jtl_is_data(&csv)) {
            layout->delimiter = *d;
            hr_jtl_layout_default(layout, &csv);
            hr_csv_reader_release(&csv);
            break;
        }
        hr_csv_reader_release(&csv);
    }
    return status;
}

/* Learns the delimiter and the column positions from a file's head. */
static hr_status hr_jtl_detect(const char *head, size_t length,
                               hr_jtl_layout *layout)
{
    hr_status status;

    memset(layout, 0, sizeof *layout);
    layout->shape = HR_JTL_UNKNOWN;
    layout->delimiter = ',';
    layout->timestamp = layout->elapsed = layout->label = HR_JTL_ABSENT;
    layout->code = layout->success = HR_JTL_ABSENT;

    status = hr_jtl_find_header(head, length, layout);
    if (status == HR_OK && layout->shape == HR_JTL_UNKNOWN)
        status = hr_jtl_find_data(head, length, layout);
    return status;
}

/* ---- rows ------------------------------------------------------------- */

/* Adds a diagnostic about the file being read, when diags were given. */
static hr_status hr_jtl_diag(hr_jtl_read *r, hr_severity severity,
                             unsigned long line, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static hr_status hr_jtl_diag(hr_jtl_read *r, hr_severity severity,
                             unsigned long line, const char *format, ...)
{
    va_list args;
    hr_status status;

    if (!r->diags)
        return HR_OK;
    va_start(args, format);
    status = hr_diags_vadd(r->diags, severity, r->path, line, 0, format,
                           args);
    va_end(args);
    return status;
}

/* Counts a skipped row and reports the first few with their line. */
static hr_status hr_jtl_skip(hr_jtl_read *r, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static hr_status hr_jtl_skip(hr_jtl_read *r, const char *format, ...)
{
    char reason[160];
    va_list args;

    if (++r->skipped > HR_JTL_SKIPS_SHOWN)
        return HR_OK;
    va_start(args, format);
    vsnprintf(reason, sizeof reason, format, args);
    va_end(args);
    return hr_jtl_diag(r, HR_WARNING, r->csv.record_line,
                       "skipped row: %s", reason);
}

/* Field at column index, or NULL when the column is absent or the row
 * is too short to hold it. */
static const char *hr_jtl_cell(const hr_jtl_read *r, size_t index)
{
    if (index == HR_JTL_ABSENT || index >= hr_csv_field_count(&r->csv))
        return NULL;
    return hr_csv_field(&r->csv, index);
}

/* Whether the row's sample succeeded: its success flag, else its
 * response code; a row with neither counts as a success. */
static bool hr_jtl_row_success(const hr_jtl_read *r)
{
    const char *flag = hr_jtl_cell(r, r->layout.success);
    const char *code = hr_jtl_cell(r, r->layout.code);
    bool success;

    if (flag && hr_jtl_boolean(flag, &success))
        return success;
    return code ? hr_jtl_code_ok(code) : true;
}

/* Checks the row's field count against the layout; false when the row
 * must be skipped. A header row may lack trailing columns we do not read
 * (seen in python-jtl's sample with a header one column longer). */
static bool hr_jtl_row_fits(hr_jtl_read *r)
{
    size_t count = hr_csv_field_count(&r->csv);

    if (r->layout.shape == HR_JTL_HEADERLESS)
        return count == r->layout.fields;
    if (count > r->layout.fields || count < r->layout.needed)
        return false;
    r->short_rows += count < r->layout.fields;
    return true;
}

/* Turns the current record into a sample, or skips it with a reason. */
static hr_status hr_jtl_row(hr_jtl_read *r)
{
    char excerpt[HR_JTL_EXCERPT + 4];
    const char *field;
    double elapsed_ms, start_ms;
    bool success;
    hr_status status;

    if (r->csv.unterminated)
        return hr_jtl_skip(r, "unterminated quoted field at end of file");
    if (r->csv.overlong)
        return hr_jtl_skip(r, "longer than %zu MiB or %zu fields",
                           HR_CSV_MAX_RECORD_BYTES >> 20, HR_CSV_MAX_FIELDS);
    if (!hr_jtl_row_fits(r))
        return hr_jtl_skip(r, "expected %zu fields, got %zu",
                           r->layout.fields, hr_csv_field_count(&r->csv));

    field = hr_jtl_cell(r, r->layout.elapsed);
    hr_jtl_excerpt(field, excerpt);
    if (!hr_jtl_number(field, &elapsed_ms))
        return hr_jtl_skip(r, "elapsed '%s' is not a number", excerpt);
    if (!(elapsed_ms >= 0.0 && elapsed_ms <= HR_JTL_MAX_ELAPSED_MS))
        return hr_jtl_skip(r, "elapsed %s ms is out of range 0 to %.0f",
                           excerpt, HR_JTL_MAX_ELAPSED_MS);

    success = hr_jtl_row_success(r);
    field = hr_jtl_cell(r, r->layout.timestamp);
    start_ms = field ? hr_jtl_timestamp_ms(field) : (double)NAN;
    status = hr_sample_set_add(r->set, hr_jtl_cell(r, r->layout.label),
                               elapsed_ms, success, start_ms);
    r->records += status == HR_OK;
    return status;
}

/* Reads every record after the header through hr_jtl_row. */
static hr_status hr_jtl_rows(hr_jtl_read *r)
{
    hr_status status = HR_OK;
    bool got = true;

    if (r->layout.shape == HR_JTL_HEADER)
        status = hr_csv_reader_next(&r->csv, &got);
    while (status == HR_OK && got) {
        status = hr_csv_reader_next(&r->csv, &got);
        if (status == HR_OK && got)
            status = hr_jtl_row(r);
    }
    if (status == HR_ERR_IO)
        hr_jtl_diag(r, HR_ERROR, r->csv.line, "read failed: %s",
                    strerror(errno));
    return status;
}

/* Says why a file's layout gives no samples, or HR_OK when it can. */
static hr_status hr_jtl_check_layout(hr_jtl_read *r)
{
    const hr_jtl_layout *layout = &r->layout;
    const char *why = NULL;

    if (layout->shape == HR_JTL_UNKNOWN) {
        hr_jtl_diag(r, HR_ERROR, 1, "no samples: no header, and the first "
                    "field '%s' is not a timestamp, so there is no elapsed "
                    "column", layout->first);
        return HR_ERR_NO_DATA;
    }
    if (layout->shape == HR_JTL_EMPTY)
        why = "the file is empty";
    else if (layout->elapsed == HR_JTL_ABSENT)
        why = "the header has no 'elapsed' column";
    else if (layout->label == HR_JTL_ABSENT)
        why = "the header has no 'label' column";
    if (!why)
        return HR_OK;
    hr_jtl_diag(r, HR_ERROR, layout->shape == HR_JTL_EMPTY ? 0 : 1,
                "no samples: %s", why);
    return HR_ERR_NO_DATA;
}

/* Closing diagnostics: totals of skipped and short rows, and why a file
 * with a usable layout still gave nothing. */
static hr_status hr_jtl_finish(hr_jtl_read *r)
{
    if (r->skipped > HR_JTL_SKIPS_SHOWN)
        hr_jtl_diag(r, HR_WARNING, 0, "skipped %zu malformed rows in all "
                    "(the first %d are listed)", r->skipped,
                    HR_JTL_SKIPS_SHOWN);
    if (r->short_rows)
        hr_jtl_diag(r, HR_WARNING, 0, "%zu rows have fewer fields than the "
                    "header (%zu); their missing last columns were read as "
                    "absent", r->short_rows, r->layout.fields);
    if (r->layout.success == HR_JTL_ABSENT
        && r->layout.code == HR_JTL_ABSENT && r->records)
        hr_jtl_diag(r, HR_WARNING, 0, "no 'success' or 'responseCode' "
                    "column: every sample is counted as a success");
    if (r->records)
        return HR_OK;
    if (r->skipped)
        hr_jtl_diag(r, HR_ERROR, 0, "no samples: all %zu rows were skipped",
                    r->skipped);
    else
        hr_jtl_diag(r, HR_ERROR, 0, "no samples: the file has a header "
                    "but no rows");
    return HR_ERR_NO_DATA;
}

/* Records the file, its row count and skips in the sample set, which
 * keeps its own copies of the strings. */
static hr_status hr_jtl_note(const hr_jtl_read *r)
{
    char format[] = "jmeter-csv";
    hr_source_file file;
    hr_status status;

    file.path = strdup(r->path);
    if (!file.path)
        return HR_ERR_NOMEM;
    file.format = format;
    file.records = r->records;
    file.skipped = r->skipped;
    status = hr_sample_set_note_file(r->set, &file);
    free(file.path);
    return status;
}

/* ---- public API ------------------------------------------------------- */

bool hr_jtl_csv_sniff(const char *head, size_t length)
{
    hr_jtl_layout layout;

    if (!head || hr_jtl_detect(head, length, &layout) != HR_OK)
        return false;
    if (layout.shape == HR_JTL_HEADER)
        return layout.timestamp != HR_JTL_ABSENT
               || layout.elapsed != HR_JTL_ABSENT;
    return layout.shape == HR_JTL_HEADERLESS && layout.epoch_first;
}

hr_status hr_jtl_csv_read(const char *path, hr_sample_set *set,
                          hr_diags *diags)
{
    hr_jtl_read r = {.path = path, .set = set, .diags = diags};
    hr_status status;
    char *head = NULL;
    size_t length, skip;
    FILE *file;

    if (!path || !set)
        return HR_ERR_DOMAIN;
    hr_csv_reader_init(&r.csv, NULL, 0, NULL, ',');

    /* 1. Open the file and read its head. */
    file = fopen(path, "rb");
    if (!file) {
        hr_jtl_diag(&r, HR_ERROR, 0, "cannot open: %s", strerror(errno));
        return HR_ERR_IO;
    }
    head = malloc(HR_JTL_HEAD_BYTES);
    if (!head) {
        status = HR_ERR_NOMEM;
        goto cleanup;
    }
    length = fread(head, 1, HR_JTL_HEAD_BYTES, file);
    if (ferror(file)) {
        hr_jtl_diag(&r, HR_ERROR, 0, "read failed: %s", strerror(errno));
        status = HR_ERR_IO;
        goto cleanup;
    }

    /* 2. Learn the layout, past a UTF-8 byte order mark if any. */
    skip = length >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    status = hr_jtl_detect(head + skip, length - skip, &r.layout);
    if (status == HR_OK)
        status = hr_jtl_check_layout(&r);

    /* 3. Read every row: the head again, then the rest of the file. */
    if (status == HR_OK) {
        hr_csv_reader_init(&r.csv, head + skip, length - skip, file,
                           r.layout.delimiter);
        status = hr_jtl_rows(&r);
    }
    if (status == HR_OK)
        status = hr_jtl_finish(&r);

    /* 4. Note the file, also when it gave no samples. */
    if (status == HR_OK || status == HR_ERR_NO_DATA) {
        hr_status noted = hr_jtl_note(&r);

        status = noted == HR_OK ? status : noted;
    }

cleanup:
    hr_csv_reader_release(&r.csv);
    free(head);
    fclose(file);
    return status;
}
