/*
 * jtl.c - reads Apache JMeter CSV result files (JTL) into a sample set.
 *
 * The head of the file (up to 64 KiB, from the hr_source) is looked at
 * once to learn its layout: the delimiter, and either the header's
 * column positions or, for a file without a header, JMeter's default
 * column order. The whole stream is then read in large blocks and cut
 * into records by the block scanner (csv.h), never held whole in memory;
 * jtl_read.c does that, on two threads for a large plain file.
 *
 * Each row gives one sample: label, elapsed milliseconds, start time,
 * success and, when it failed, why (HTTP 4xx or 5xx, timeout, connection
 * failure or a failed assertion), with bytes received and the number of
 * active threads. A row that cannot give one is skipped, counted, and
 * (for the first few) reported with its line number.
 *
 * Sections: constants, field values, layout detection, error kinds,
 * rows, closing, public API.
 */
#include "headroom/jtl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "headroom/source.h"
#include "input/csv.h"
#include "input/jtl_internal.h"
#include "input/readers.h"

/* The excerpts in hr_jtl_layout are hr_text_excerpt's. */
_Static_assert(HR_JTL_EXCERPT == 40, "hr_text_excerpt copies 40 bytes");

/* ---- constants -------------------------------------------------------- */

/* JMeter stores elapsed as a Java long in milliseconds. No sample of a
 * load test lasts a year, so a larger value is taken as corrupt. */
#define HR_JTL_MAX_ELAPSED_MS (365.0 * 86400.0 * 1000.0)

static const char hr_jtl_delimiters[] = ",\t;|";

/* Column names JMeter's CSVSaveService writes in a header. */
static const char *const hr_jtl_known_names[] = {
    "timeStamp", "elapsed", "label", "responseCode", "responseMessage",
    "threadName", "dataType", "success", "failureMessage", "bytes",
    "sentBytes", "grpThreads", "allThreads", "URL", "Filename", "Latency",
    "Encoding", "SampleCount", "ErrorCount", "Hostname", "IdleTime",
    "Connect",
};

/* Positions in JMeter's default column order (jmeter.properties,
 * JMeter 5: 17 columns), used for files without a header. */
enum {
    HR_JTL_DEFAULT_TIMESTAMP = 0,
    HR_JTL_DEFAULT_ELAPSED = 1,
    HR_JTL_DEFAULT_LABEL = 2,
    HR_JTL_DEFAULT_CODE = 3,
    HR_JTL_DEFAULT_SUCCESS = 7,
    HR_JTL_DEFAULT_FAILURE = 8,
    HR_JTL_DEFAULT_BYTES = 9,
    HR_JTL_DEFAULT_THREADS = 12,
    HR_JTL_DEFAULT_FIELDS = 17
};

/* Words in a response code or message that say why a request failed,
 * from JMeter's "Non HTTP response code: <Java exception>" texts. */
static const char *const hr_jtl_timeout_words[] = {
    "timeout", "timed out",
};
static const char *const hr_jtl_connection_words[] = {
    "non http response code", "unknownhost", "connection refused",
    "connection reset", "connectexception", "nohttpresponse",
    "no route to host", "broken pipe", "ssl", "handshake",
};

/* ---- field values ----------------------------------------------------- */

/* Reads a field of 1 to 15 digits and nothing else, the usual case of
 * timeStamp, elapsed and bytes, without strtod. */
static bool hr_jtl_integer(const char *text, double *value)
{
    uint64_t number = 0;
    const char *p = text;

    while ((unsigned)(*p - '0') < 10 && p - text < 15)
        number = number * 10 + (uint64_t)(*p++ - '0');
    if (*p || p == text)
        return false;
    *value = (double)number;
    return true;
}

/* Parses a plain decimal number; false when text is not one. */
static bool hr_jtl_number(const char *text, double *value)
{
    if (hr_jtl_integer(text, value))
        return true;
    if (!hr_text_is_decimal(text))
        return false;
    *value = strtod(text, NULL);
    return true;
}

/* Value of eight decimal digits, each byte already less '0', first digit
 * in the lowest byte (D. Lemire, "Fast numerical parsing", SWAR
 * parse_eight_digits_unrolled). */
static uint64_t hr_jtl_eight_digits(uint64_t digits)
{
    digits = digits * 10 + (digits >> 8);
    return ((digits & 0x000000FF000000FFULL) * 0x000F424000000064ULL
            + ((digits >> 16) & 0x000000FF000000FFULL)
                  * 0x0000271000000001ULL) >> 32;
}

/* A field of the row being read: where its text starts and how long it
 * is; text is NULL when the row lacks the column. The text is not
 * NUL-terminated until hr_jtl_terminate. */
typedef struct hr_jtl_field {
    const char *text;
    size_t length;
} hr_jtl_field;

/* Reads the 1 to 8 digits at text (n of them, nothing else) into
 * *value: they are shifted to the top of a word whose lower bytes are
 * '0', leading zeros that change neither the value nor the check. Reads
 * eight bytes from text. */
static inline __attribute__((always_inline))
bool hr_jtl_digits8(const char *text, size_t n, uint64_t *value)
{
    uint64_t chunk, digits;

    memcpy(&chunk, text, 8);
    chunk = (chunk << (8 * (8 - n)))
            | (0x3030303030303030ULL >> 1 >> (8 * n - 1));
    digits = chunk - 0x3030303030303030ULL;
    /* A byte is not a digit when digits' byte is over 9: either its top
     * bit is set, or adding 0x76 sets it. */
    if ((digits | (digits + 0x7676767676767676ULL)) & 0x8080808080808080ULL)
        return false;
    *value = hr_jtl_eight_digits(digits);
    return true;
}

/* The integer of a field of 1 to 16 digits and nothing else, at most
 * two words at a time. Only for fields inside a scanner block, which has
 * spare bytes after it: it reads eight bytes from the field's start. */
static inline __attribute__((always_inline))
bool hr_jtl_field_integer(hr_jtl_field field, double *value)
{
    size_t length = field.length;
    uint64_t high, low;

    if (length - 1 >= 16)
        return false;
    if (length <= 8) {
        if (!hr_jtl_digits8(field.text, length, &low))
            return false;
        *value = (double)low;
        return true;
    }
    if (!hr_jtl_digits8(field.text, length - 8, &high)
        || !hr_jtl_digits8(field.text + length - 8, 8, &low))
        return false;
    *value = (double)(high * 100000000 + low);
    return true;
}

/* Parses "yyyy/MM/dd HH:mm:ss.SSS" or "yyyy-MM-dd HH:mm:ss[.SSS]" (also
 * with 'T') as UTC milliseconds; NAN when text is neither. JMeter writes
 * local time without a zone; only differences matter for throughput. */
static double hr_jtl_date_ms(const char *text)
{
    const char *p = text;
    int y, mo, d, h, mi, s, ms = 0;
    char sep;

    if (!hr_text_digits(&p, 4, &y) || (*p != '/' && *p != '-'))
        return NAN;
    sep = *p++;
    if (!hr_text_digits(&p, 2, &mo) || *p != sep)
        return NAN;
    p++;
    if (!hr_text_digits(&p, 2, &d) || (*p != ' ' && *p != 'T'))
        return NAN;
    p++;
    if (!hr_text_digits(&p, 2, &h) || *p != ':')
        return NAN;
    p++;
    if (!hr_text_digits(&p, 2, &mi) || *p != ':')
        return NAN;
    p++;
    if (!hr_text_digits(&p, 2, &s))
        return NAN;
    if (*p == '.') {
        p++;
        if (!hr_text_digits(&p, 3, &ms))
            return NAN;
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59
        || s > 60)
        return NAN;
    return ((double)hr_days_from_civil(y, mo, d) * 86400.0
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
    if (text[0] == 't' && text[1] == 'r' && text[2] == 'u'
        && text[3] == 'e' && text[4] == '\0') {
        *value = true;
        return true;
    }
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
    layout->message = hr_jtl_column(csv, "responseMessage");
    layout->failure = hr_jtl_column(csv, "failureMessage");
    layout->bytes = hr_jtl_column(csv, "bytes");
    layout->threads = hr_jtl_column(csv, "allThreads");
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

/* Uses JMeter's default column order for a file without a header. The
 * message, bytes and thread columns are taken only from a row of JMeter
 * 5's full default (17 fields, success 8th): other configurations move
 * them. */
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
    layout->message = count > 4 ? 4 : HR_JTL_ABSENT;
    if (count == HR_JTL_DEFAULT_FIELDS
        && layout->success == HR_JTL_DEFAULT_SUCCESS) {
        layout->failure = HR_JTL_DEFAULT_FAILURE;
        layout->bytes = HR_JTL_DEFAULT_BYTES;
        layout->threads = HR_JTL_DEFAULT_THREADS;
    }
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
            hr_text_excerpt(hr_csv_field(&csv, 0), layout->first);
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
    layout->message = layout->failure = HR_JTL_ABSENT;
    layout->bytes = layout->threads = HR_JTL_ABSENT;

    status = hr_jtl_find_header(head, length, layout);
    if (status == HR_OK && layout->shape == HR_JTL_UNKNOWN)
        status = hr_jtl_find_data(head, length, layout);
    return status;
}

/* ---- error kinds ------------------------------------------------------ */

/* What a text mentions: HR_JTL_SAYS_TIMEOUT, HR_JTL_SAYS_CONNECTION. */
enum {
    HR_JTL_SAYS_TIMEOUT = 1,
    HR_JTL_SAYS_CONNECTION = 2
};

/* Marks in pairs[a] bit b for each word whose first two letters are
 * 'a' + a and 'a' + b (words are lowercase and start with two
 * letters). */
static void hr_jtl_initials(const char *const *words, size_t count,
                            uint32_t pairs[26])
{
    for (size_t w = 0; w < count; w++)
        pairs[words[w][0] - 'a'] |= (uint32_t)1 << (words[w][1] - 'a');
}

/* HR_JTL_SAYS_ kind when one of count words starts at text, ignoring
 * ASCII case, else 0. */
static unsigned hr_jtl_word_at(const char *text, const char *const *words,
                               size_t count, unsigned kind)
{
    for (size_t w = 0; w < count; w++) {
        if ((text[0] | 0x20) == words[w][0]
            && (text[1] | 0x20) == words[w][1]
            && strncasecmp(text, words[w], strlen(words[w])) == 0)
            return kind;
    }
    return 0;
}

/* The HR_JTL_SAYS_ bits of the words that text holds, ignoring ASCII
 * case, in one pass that tries the words only where two bytes start one
 * of them. */
static unsigned hr_jtl_mentions(const char *text)
{
    const size_t timeouts = sizeof hr_jtl_timeout_words
                            / sizeof *hr_jtl_timeout_words;
    const size_t connections = sizeof hr_jtl_connection_words
                               / sizeof *hr_jtl_connection_words;
    const unsigned all = HR_JTL_SAYS_TIMEOUT | HR_JTL_SAYS_CONNECTION;
    uint32_t pairs[26] = {0};
    unsigned says = 0;

    hr_jtl_initials(hr_jtl_timeout_words, timeouts, pairs);
    hr_jtl_initials(hr_jtl_connection_words, connections, pairs);
    for (; text && text[0] && says != all; text++) {
        /* A NUL second byte gives 0x20 - 'a', out of range. */
        unsigned first = (unsigned)((text[0] | 0x20) - 'a');
        unsigned second = (unsigned)((text[1] | 0x20) - 'a');

        if (first >= 26 || second >= 26 || !(pairs[first] >> second & 1))
            continue;
        says |= hr_jtl_word_at(text, hr_jtl_timeout_words, timeouts,
                               HR_JTL_SAYS_TIMEOUT);
        says |= hr_jtl_word_at(text, hr_jtl_connection_words, connections,
                               HR_JTL_SAYS_CONNECTION);
    }
    return says;
}

/* The field at column index, or one with NULL text when the column is
 * absent or the row is too short to hold it. */
static hr_jtl_field hr_jtl_field_at(const hr_jtl_part *part, size_t index)
{
    hr_jtl_field field = {NULL, 0};

    if (index != HR_JTL_ABSENT && index < part->scan.kept) {
        field.text = part->scan.fields[index];
        field.length = (size_t)(part->scan.ends[index] - field.text);
    }
    return field;
}

/* Ends each field of the row with a NUL, once, for the helpers that read
 * text: the byte after a field is its delimiter or line break, of no
 * more use once the record has been scanned. */
static void hr_jtl_terminate(hr_jtl_part *part)
{
    if (part->terminated)
        return;
    for (size_t i = 0; i < part->scan.kept; i++)
        *part->scan.ends[i] = '\0';
    part->terminated = true;
}

/* Field at column index as NUL-terminated text, or NULL when the column
 * is absent or the row is too short to hold it. */
static const char *hr_jtl_cell(hr_jtl_part *part, size_t index)
{
    if (index == HR_JTL_ABSENT || index >= part->scan.kept)
        return NULL;
    hr_jtl_terminate(part);
    return part->scan.fields[index];
}

/* A number from a field's text, read by hr_jtl_number; false when it is
 * absent or not a number. */
static bool hr_jtl_field_text_number(hr_jtl_part *part, hr_jtl_field field,
                                     double *value)
{
    if (!field.text)
        return false;
    hr_jtl_terminate(part);
    return hr_jtl_number(field.text, value);
}

/* A number from a field: the fast path for integers, else its text. */
static inline __attribute__((always_inline))
bool hr_jtl_field_number(hr_jtl_part *part, hr_jtl_field field,
                         double *value)
{
    return hr_jtl_field_integer(field, value)
           || hr_jtl_field_text_number(part, field, value);
}

/*
 * Why a failed sample failed: an HTTP 4xx or 5xx code says so; else a
 * timeout or connection exception named in the code, the response
 * message or the failure message; else a 1xx to 3xx code that JMeter
 * marked failed means an assertion failed.
 */
static hr_error_kind hr_jtl_error_kind(hr_jtl_part *part)
{
    const char *code = hr_jtl_cell(part, part->layout->code);
    const char *texts[3] = {
        code, hr_jtl_cell(part, part->layout->message),
        hr_jtl_cell(part, part->layout->failure),
    };
    double number = NAN;
    bool numeric = code && hr_jtl_number(code, &number);
    unsigned says;

    if (numeric && number >= 400.0 && number < 500.0)
        return HR_SAMPLE_HTTP_4XX;
    if (numeric && number >= 500.0 && number < 600.0)
        return HR_SAMPLE_HTTP_5XX;
    says = hr_jtl_mentions(texts[0]) | hr_jtl_mentions(texts[1])
           | hr_jtl_mentions(texts[2]);
    if (says & HR_JTL_SAYS_TIMEOUT)
        return HR_SAMPLE_TIMEOUT;
    if (says & HR_JTL_SAYS_CONNECTION)
        return HR_SAMPLE_CONNECTION;
    if (numeric && number >= 100.0 && number < 400.0)
        return HR_SAMPLE_ASSERTION;
    return HR_SAMPLE_OTHER_ERROR;
}

/* Whether the row's sample succeeded: its success flag, else its
 * response code; a row with neither counts as a success. */
static bool hr_jtl_row_success(hr_jtl_part *part)
{
    hr_jtl_field field = hr_jtl_field_at(part, part->layout->success);
    const char *flag, *code;
    bool success;

    if (field.length == 4 && memcmp(field.text, "true", 4) == 0)
        return true;
    flag = hr_jtl_cell(part, part->layout->success);
    code = hr_jtl_cell(part, part->layout->code);

    if (flag && hr_jtl_boolean(flag, &success))
        return success;
    return code ? hr_jtl_code_ok(code) : true;
}

/* ---- rows ------------------------------------------------------------- */

/* Counts a skipped row and keeps the reason of the first few. */
static hr_status hr_jtl_skip(hr_jtl_part *part, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static hr_status hr_jtl_skip(hr_jtl_part *part, const char *format, ...)
{
    hr_jtl_note *note;
    va_list args;

    part->skipped++;
    if (part->note_count == HR_JTL_SKIPS_SHOWN)
        return HR_OK;
    note = &part->notes[part->note_count++];
    note->line = part->record_line;
    va_start(args, format);
    vsnprintf(note->reason, sizeof note->reason, format, args);
    va_end(args);
    return HR_OK;
}

/* Checks the row's field count against the layout; false when the row
 * must be skipped. A header row may lack trailing columns we do not read
 * (seen in python-jtl's sample with a header one column longer). */
static bool hr_jtl_row_fits(hr_jtl_part *part)
{
    size_t count = part->scan.field_count;

    if (part->layout->shape == HR_JTL_HEADERLESS)
        return count == part->layout->fields;
    if (count > part->layout->fields || count < part->layout->needed)
        return false;
    part->short_rows += count < part->layout->fields;
    return true;
}

/* A number from an optional column, or NAN. */
static inline __attribute__((always_inline))
double hr_jtl_optional(hr_jtl_part *part, size_t index)
{
    double value;

    return hr_jtl_field_number(part, hr_jtl_field_at(part, index), &value)
               ? value : (double)NAN;
}

/* The row's start time in epoch ms, or NAN. */
static double hr_jtl_start(hr_jtl_part *part)
{
    hr_jtl_field field = hr_jtl_field_at(part, part->layout->timestamp);
    double start_ms;

    if (hr_jtl_field_integer(field, &start_ms))
        return start_ms;
    if (!field.text)
        return NAN;
    hr_jtl_terminate(part);
    return hr_jtl_timestamp_ms(field.text);
}

/* Fills the sample's outcome, bytes and concurrency from the row. */
static void hr_jtl_details(hr_jtl_part *part, hr_sample *sample)
{
    sample->error = hr_jtl_row_success(part) ? HR_SAMPLE_OK
                                             : hr_jtl_error_kind(part);
    sample->bytes = hr_jtl_optional(part, part->layout->bytes);
    sample->concurrency = hr_jtl_optional(part, part->layout->threads);
}

/* The cache line where a label of length bytes, with these first and
 * last eight bytes, is looked for first (Fibonacci hashing, Knuth,
 * TAOCP vol. 3, 6.4). */
static size_t hr_jtl_label_home(uint64_t head, uint64_t tail, size_t length)
{
    return (size_t)(((head ^ (tail * 31) ^ length) * 0x9E3779B97F4A7C15ULL)
                    >> (64 - HR_JTL_LABEL_BITS));
}

/* True when the cache line holds the label of length bytes with these
 * first and last eight bytes: they are the whole label up to 16 bytes,
 * and only the bytes between them are left to compare past that. */
static bool hr_jtl_label_is(const hr_jtl_cached_label *line,
                            hr_jtl_field label, uint64_t head,
                            uint64_t tail)
{
    return line->ref && line->head == head && line->tail == tail
           && line->length == label.length
           && (label.length <= 16
               || memcmp(line->text + 8, label.text + 8,
                         label.length - 16) == 0);
}

/* The label's place in the part's store: from the part's cache, keyed by
 * the label's length and its first and last eight bytes (labels often
 * share a prefix such as "GET /api/"), else from the store. A label is
 * looked for in HR_JTL_LABEL_WAYS lines from its home line, and a new
 * one takes the first free line of those, else its home line. */
static hr_status hr_jtl_label(hr_jtl_part *part, hr_jtl_field label,
                              hr_label_ref **ref)
{
    size_t length = label.length, home, free_line = SIZE_MAX;
    uint64_t head, tail = 0;
    hr_jtl_cached_label *line;
    hr_status status;

    /* Eight bytes are there to read: the block has spare bytes. */
    memcpy(&head, label.text, 8);
    if (length < 8)
        head &= ((uint64_t)1 << (8 * length)) - 1;
    else
        memcpy(&tail, label.text + length - 8, 8);
    home = hr_jtl_label_home(head, tail, length);
    for (size_t way = 0; way < HR_JTL_LABEL_WAYS; way++) {
        line = &part->labels[(home + way) % HR_JTL_LABEL_CACHE];
        if (hr_jtl_label_is(line, label, head, tail)) {
            *ref = line->ref;
            return HR_OK;
        }
        if (!line->ref && free_line == SIZE_MAX)
            free_line = (home + way) % HR_JTL_LABEL_CACHE;
    }
    /* The store takes the label up to its first NUL, if it holds one. */
    hr_jtl_terminate(part);
    status = hr_sample_set_label(part->set, label.text, ref);
    if (status == HR_OK && length <= HR_JTL_CACHED_LABEL) {
        line = &part->labels[free_line != SIZE_MAX ? free_line : home];
        line->length = length;
        line->head = head;
        line->tail = tail;
        memcpy(line->text, label.text, length);
        line->ref = *ref;
    }
    return status;
}

/* Hands the sample's histogram counter to the part's queue: it is
 * fetched now and incremented HR_JTL_PENDING rows later, so that its
 * cache miss overlaps the reading of those rows. */
static void hr_jtl_defer(hr_jtl_part *part, uint64_t *counter)
{
    uint64_t **slot = &part->pending[part->pending_next];

    part->pending_next = (part->pending_next + 1) % HR_JTL_PENDING;
    if (*slot)
        (**slot)++;
    __builtin_prefetch(counter, 1);
    *slot = counter;
}

void hr_jtl_flush(hr_jtl_part *part)
{
    for (size_t i = 0; i < HR_JTL_PENDING; i++) {
        if (part->pending[i])
            (*part->pending[i])++;
        part->pending[i] = NULL;
    }
}

/* Checks the row's elapsed time; false (with the row skipped) when it is
 * not a number in range. */
static bool hr_jtl_elapsed(hr_jtl_part *part, double *elapsed_ms)
{
    hr_jtl_field field = hr_jtl_field_at(part, part->layout->elapsed);
    char excerpt[HR_JTL_EXCERPT + 4];

    if (!hr_jtl_field_number(part, field, elapsed_ms)) {
        hr_jtl_terminate(part);
        hr_text_excerpt(field.text, excerpt);
        hr_jtl_skip(part, "elapsed '%s' is not a number", excerpt);
        return false;
    }
    if (!(*elapsed_ms >= 0.0 && *elapsed_ms <= HR_JTL_MAX_ELAPSED_MS)) {
        hr_jtl_terminate(part);
        hr_text_excerpt(field.text, excerpt);
        hr_jtl_skip(part, "elapsed %s ms is out of range 0 to %.0f",
                    excerpt, HR_JTL_MAX_ELAPSED_MS);
        return false;
    }
    return true;
}

hr_status hr_jtl_row(hr_jtl_part *part)
{
    hr_label_ref *ref;
    hr_sample sample;
    hr_jtl_field label;
    uint64_t *counter;
    hr_status status;

    part->terminated = false;
    /* A stray quote swallows the rest of the file: say how much, so a
     * lead does not take the few rows before it for the whole test. */
    if (part->scan.unterminated)
        return hr_jtl_skip(part,
                           "unterminated quoted field at end of file: it "
                           "runs on over %lu line breaks, none of which "
                           "were read as rows",
                           part->scan.breaks);
    if (part->scan.overlong)
        return hr_jtl_skip(part, "longer than %zu MiB or %zu fields",
                           HR_CSV_MAX_RECORD_BYTES >> 20, HR_CSV_MAX_FIELDS);
    if (!hr_jtl_row_fits(part))
        return hr_jtl_skip(part, "expected %zu fields, got %zu",
                           part->layout->fields, part->scan.field_count);
    if (!hr_jtl_elapsed(part, &sample.elapsed_ms))
        return HR_OK;

    label = hr_jtl_field_at(part, part->layout->label);
    sample.label = label.text;
    sample.timestamp_ms = hr_jtl_start(part);
    status = hr_jtl_label(part, label, &ref);
    if (status != HR_OK)
        return status;
    hr_jtl_details(part, &sample);
    status = hr_sample_set_record_deferred(part->set, ref, &sample,
                                           &counter);
    if (status != HR_OK)
        return status;
    hr_jtl_defer(part, counter);
    part->records++;
    return HR_OK;
}

/* ---- closing ---------------------------------------------------------- */

/* State of one hr_jtl_csv_read_source call. */
typedef struct hr_jtl_read {
    const char *path;
    hr_sample_set *set;
    hr_diags *diags;
    hr_jtl_layout layout;
} hr_jtl_read;

/* Adds a diagnostic about the file being read, when diags were given. */
static hr_status hr_jtl_diag(const hr_jtl_read *r, hr_severity severity,
                             unsigned long line, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static hr_status hr_jtl_diag(const hr_jtl_read *r, hr_severity severity,
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

/* Says why a file's layout gives no samples, or HR_OK when it can. */
static hr_status hr_jtl_check_layout(const hr_jtl_read *r)
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

/* Closing diagnostics: the skipped rows (the first few by line, then a
 * total), short rows, and why a usable file still gave nothing. */
static hr_status hr_jtl_finish(const hr_jtl_read *r, const hr_jtl_part *part)
{
    for (size_t i = 0; i < part->note_count; i++)
        hr_jtl_diag(r, HR_WARNING, part->notes[i].line, "skipped row: %s",
                    part->notes[i].reason);
    if (part->skipped > HR_JTL_SKIPS_SHOWN)
        hr_jtl_diag(r, HR_WARNING, 0, "skipped %zu malformed rows in all "
                    "(the first %d are listed)", part->skipped,
                    HR_JTL_SKIPS_SHOWN);
    if (part->short_rows)
        hr_jtl_diag(r, HR_WARNING, 0, "%zu rows have fewer fields than the "
                    "header (%zu); their missing last columns were read as "
                    "absent", part->short_rows, r->layout.fields);
    if (r->layout.success == HR_JTL_ABSENT
        && r->layout.code == HR_JTL_ABSENT && part->records)
        hr_jtl_diag(r, HR_WARNING, 0, "no 'success' or 'responseCode' "
                    "column: every sample is counted as a success");
    if (part->records)
        return HR_OK;
    if (part->skipped)
        hr_jtl_diag(r, HR_ERROR, 0, "no samples: all %zu rows were skipped",
                    part->skipped);
    else
        hr_jtl_diag(r, HR_ERROR, 0, "no samples: the file has a header "
                    "but no rows");
    return HR_ERR_NO_DATA;
}

/* Records the file, its row count and skips in the sample set, which
 * keeps its own copies of the strings. */
static hr_status hr_jtl_note_file(const hr_jtl_read *r, size_t records,
                             size_t skipped)
{
    char format[] = "jmeter-csv";
    hr_source_file file;
    hr_status status;

    file.path = strdup(r->path);
    if (!file.path)
        return HR_ERR_NOMEM;
    file.format = format;
    file.records = records;
    file.skipped = skipped;
    status = hr_sample_set_note_file(r->set, &file);
    free(file.path);
    return status;
}

/* Reads the rows of a file whose layout is usable. */
static hr_status hr_jtl_read_rows(hr_jtl_read *r, hr_source *source,
                                  size_t *records, size_t *skipped)
{
    hr_jtl_part part;
    const char *reason = NULL;
    hr_status status;

    hr_jtl_part_init(&part, &r->layout, r->set, source, -1, 0);
    status = hr_jtl_read_parts(&part, source, &reason);
    if (status == HR_ERR_IO)
        hr_jtl_diag(r, HR_ERROR, part.line, "read failed: %s",
                    reason ? reason : "unknown error");
    if (status == HR_OK)
        status = hr_jtl_finish(r, &part);
    *records = part.records;
    *skipped = part.skipped;
    hr_jtl_part_release(&part);
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

hr_status hr_jtl_csv_read_source(hr_source *source, hr_sample_set *set,
                                 hr_diags *diags)
{
    hr_jtl_read r = {.set = set, .diags = diags};
    size_t length, skip, records = 0, skipped = 0;
    const char *head;
    hr_status status;

    if (!source || !set)
        return HR_ERR_DOMAIN;
    r.path = hr_source_name(source);

    /* 1. Learn the layout, past a UTF-8 byte order mark if any. */
    hr_source_head(source, &head, &length);
    skip = length >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    status = hr_jtl_detect(head + skip, length - skip, &r.layout);
    if (status == HR_OK)
        status = hr_jtl_check_layout(&r);

    /* 2. Read every row. */
    if (status == HR_OK)
        status = hr_jtl_read_rows(&r, source, &records, &skipped);

    /* 3. Note the file, also when it gave no samples. */
    if (status == HR_OK || status == HR_ERR_NO_DATA) {
        hr_status noted = hr_jtl_note_file(&r, records, skipped);

        status = noted == HR_OK ? status : noted;
    }
    return status;
}

hr_status hr_jtl_csv_read(const char *path, hr_sample_set *set,
                          hr_diags *diags)
{
    hr_source *source = NULL;
    hr_status status;

    if (!path || !set)
        return HR_ERR_DOMAIN;
    status = hr_source_open(path, &source, diags);
    if (status == HR_OK)
        status = hr_jtl_csv_read_source(source, set, diags);
    hr_source_close(source);
    return status;
}
