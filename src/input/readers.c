/*
 * readers.c - helpers shared by the k6, Gatling, Locust and wrk readers
 * (readers.h): skip accounting and provenance, labels, a line reader that
 * keeps memory bounded, number and time parsing, and the mapping from a
 * tool's error text or code to an hr_error_kind.
 *
 * Sections: reading state, labels, line reader, text, error kinds.
 */
#include "input/readers.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* First size of the line buffer; it doubles up to HR_LINE_MAX_BYTES. */
#define HR_LINE_FIRST_BYTES ((size_t)64 << 10)

/* Longest excerpt of a field quoted in a message. */
#define HR_EXCERPT_BYTES 40

/* ---- reading state ---------------------------------------------------- */

/* Starts the accounting of one read. */
void hr_reader_init(hr_reader *reader, const hr_source *source,
                    const char *format, hr_sample_set *set,
                    hr_diags *diags)
{
    memset(reader, 0, sizeof *reader);
    reader->path = hr_source_name(source);
    reader->format = format;
    reader->set = set;
    reader->diags = diags;
}

/* Frees the label scratch. */
void hr_reader_release(hr_reader *reader)
{
    free(reader->label);
    reader->label = NULL;
    reader->label_capacity = 0;
}

/* Adds a located message, when there is a list to add it to. */
hr_status hr_reader_diag(hr_reader *reader, hr_severity severity,
                         unsigned long line, const char *format, ...)
{
    va_list args;
    hr_status status;

    if (!reader->diags)
        return HR_OK;
    va_start(args, format);
    status = hr_diags_vadd(reader->diags, severity, reader->path, line, 0,
                           format, args);
    va_end(args);
    return status;
}

/* Counts a skip; the first few become warnings with their line. */
hr_status hr_reader_skip(hr_reader *reader, unsigned long line,
                         const char *format, ...)
{
    char reason[200];
    va_list args;

    if (++reader->skipped > HR_READER_SKIPS_SHOWN)
        return HR_OK;
    va_start(args, format);
    vsnprintf(reason, sizeof reason, format, args);
    va_end(args);
    return hr_reader_diag(reader, HR_WARNING, line, "skipped: %s", reason);
}

/* Notes the file, its record count and skips in the set, which copies
 * the strings (the note's fields are not const, hence the copies). */
hr_status hr_reader_note(hr_reader *reader)
{
    hr_source_file file;
    hr_status status = HR_ERR_NOMEM;

    file.path = strdup(reader->path);
    file.format = strdup(reader->format);
    file.records = reader->records;
    file.skipped = reader->skipped;
    if (file.path && file.format)
        status = hr_sample_set_note_file(reader->set, &file);
    free(file.path);
    free(file.format);
    return status;
}

/* Totals, provenance, and the verdict on an empty read. */
hr_status hr_reader_finish(hr_reader *reader, const char *what)
{
    hr_status status;

    if (reader->skipped > HR_READER_SKIPS_SHOWN)
        hr_reader_diag(reader, HR_WARNING, 0, "skipped %zu malformed "
                       "records in all (the first %d are listed)",
                       reader->skipped, HR_READER_SKIPS_SHOWN);
    if (reader->bad_names > HR_READER_SKIPS_SHOWN)
        hr_reader_diag(reader, HR_WARNING, 0, "%zu names in all were not "
                       "valid UTF-8 (the first %d are listed)",
                       reader->bad_names, HR_READER_SKIPS_SHOWN);
    status = hr_reader_note(reader);
    if (status != HR_OK || reader->records)
        return status;
    if (reader->skipped)
        hr_reader_diag(reader, HR_ERROR, 0, "no %s found: all %zu "
                       "records were skipped", what, reader->skipped);
    else
        hr_reader_diag(reader, HR_ERROR, 0, "no %s found", what);
    return HR_ERR_NO_DATA;
}

/* ---- labels ----------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at text (RFC 3629: no overlongs,
 * no surrogates, at most U+10FFFF), or 0 when it is not one. */
static size_t hr_utf8_sequence(const unsigned char *text, size_t length)
{
    unsigned char c = text[0];
    size_t need, i;
    unsigned long code;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        need = 2;
    else if (c >= 0xe0 && c <= 0xef)
        need = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        need = 4;
    else
        return 0;
    /* The lead byte keeps 7 - need bits of the code point. */
    code = c & (0x7fu >> need);
    if (need > length)
        return 0;
    for (i = 1; i < need; i++) {
        if ((text[i] & 0xc0) != 0x80)
            return 0;
        code = code << 6 | (text[i] & 0x3f);
    }
    if ((need == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)))
        || (need == 4 && (code < 0x10000 || code > 0x10ffff)))
        return 0;
    return need;
}

/* Checks every sequence of text with hr_utf8_sequence. */
bool hr_text_is_utf8(const char *text, size_t length)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;

    while (i < length) {
        size_t n = hr_utf8_sequence(p + i, length - i);

        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

/* Makes room for size bytes of label scratch. */
static bool hr_reader_label_room(hr_reader *reader, size_t size)
{
    char *grown;

    if (size <= reader->label_capacity)
        return true;
    grown = realloc(reader->label, size);
    if (!grown)
        return false;
    reader->label = grown;
    reader->label_capacity = size;
    return true;
}

/* Writes text into the scratch with each invalid byte as \xHH; returns
 * the byte offset of the first invalid byte. */
static size_t hr_reader_escape(hr_reader *reader, const char *text,
                               size_t length)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0, out = 0, first = length;

    while (i < length) {
        size_t n = hr_utf8_sequence(p + i, length - i);

        if (n == 0) {
            if (first == length)
                first = i;
            out += (size_t)sprintf(reader->label + out, "\\x%02X", p[i]);
            i++;
            continue;
        }
        memcpy(reader->label + out, p + i, n);
        out += n;
        i += n;
    }
    reader->label[out] = '\0';
    return first;
}

/* A label as it is, or with its invalid bytes escaped and reported. */
const char *hr_reader_label(hr_reader *reader, unsigned long line,
                            const char *text, size_t length)
{
    size_t first;

    if (length == 0)
        return "(unnamed)";
    if (hr_text_is_utf8(text, length) && !memchr(text, '\0', length)) {
        if (!hr_reader_label_room(reader, length + 1))
            return NULL;
        memcpy(reader->label, text, length);
        reader->label[length] = '\0';
        return reader->label;
    }
    if (!hr_reader_label_room(reader, 4 * length + 1))
        return NULL;
    first = hr_reader_escape(reader, text, length);
    if (++reader->bad_names <= HR_READER_SKIPS_SHOWN)
        hr_reader_diag(reader, HR_WARNING, line, "name '%s' is not valid "
                       "UTF-8 (first bad byte at offset %zu); kept with the "
                       "bytes written as \\xHH", reader->label, first);
    return reader->label;
}

/* ---- line reader ------------------------------------------------------ */

/* Allocates the first buffer. */
hr_status hr_line_reader_init(hr_line_reader *reader, hr_source *source)
{
    memset(reader, 0, sizeof *reader);
    reader->source = source;
    reader->buffer = malloc(HR_LINE_FIRST_BYTES);
    if (!reader->buffer)
        return HR_ERR_NOMEM;
    reader->capacity = HR_LINE_FIRST_BYTES;
    return HR_OK;
}

/* Frees the buffer. */
void hr_line_reader_release(hr_line_reader *reader)
{
    free(reader->buffer);
    reader->buffer = NULL;
}

/* Moves the unreturned bytes to the front, then reads more after them,
 * growing the buffer when it is full. Returns false when the buffer is
 * full at its limit (the current line is too long). */
static bool hr_line_fill(hr_line_reader *reader, hr_status *status)
{
    size_t got;

    if (reader->start > 0) {
        memmove(reader->buffer, reader->buffer + reader->start,
                reader->length - reader->start);
        reader->length -= reader->start;
        reader->start = 0;
    }
    if (reader->length + 1 >= reader->capacity) {
        char *grown;

        if (reader->capacity >= HR_LINE_MAX_BYTES)
            return false;
        grown = realloc(reader->buffer, reader->capacity * 2);
        if (!grown) {
            *status = HR_ERR_NOMEM;
            return true;
        }
        reader->buffer = grown;
        reader->capacity *= 2;
    }
    got = hr_source_read(reader->source, reader->buffer + reader->length,
                         reader->capacity - reader->length - 1, status);
    reader->length += got;
    reader->eof = got == 0;
    return true;
}

/* Drops the rest of an overlong line, up to and including its LF. */
static hr_status hr_line_drop(hr_line_reader *reader)
{
    hr_status status = HR_OK;

    for (;;) {
        char *lf = memchr(reader->buffer, '\n', reader->length);

        if (lf) {
            reader->start = (size_t)(lf - reader->buffer) + 1;
            return HR_OK;
        }
        reader->start = reader->length;
        hr_line_fill(reader, &status);
        if (status != HR_OK || reader->eof)
            return status;
    }
}

/* Returns the line of length bytes at start, cut at end. */
static void hr_line_take(hr_line_reader *reader, size_t end, char **line,
                         size_t *length)
{
    char *text = reader->buffer + reader->start;
    size_t n = end - reader->start;

    reader->start = end < reader->length ? end + 1 : end;
    while (n > 0 && text[n - 1] == '\r')
        n--;
    /* A byte order mark, as Windows editors write, is not text. */
    if (reader->line == 0 && n >= 3
        && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        n -= 3;
    }
    text[n] = '\0';
    reader->line++;
    reader->binary = memchr(text, '\0', n) != NULL;
    *line = text;
    *length = n;
}

/* Returns the next line, filling the buffer as needed. */
hr_status hr_line_next(hr_line_reader *reader, char **line, size_t *length,
                       bool *got)
{
    hr_status status = HR_OK;

    reader->overlong = false;
    for (;;) {
        char *start = reader->buffer + reader->start;
        char *lf = memchr(start, '\n', reader->length - reader->start);

        *got = true;
        if (lf) {
            hr_line_take(reader, (size_t)(lf - reader->buffer), line,
                         length);
            return HR_OK;
        }
        if (reader->eof) {
            *got = reader->start < reader->length;
            if (*got)
                hr_line_take(reader, reader->length, line, length);
            return HR_OK;
        }
        if (!hr_line_fill(reader, &status)) {
            static char nothing[1];

            status = hr_line_drop(reader);
            reader->overlong = true;
            reader->line++;
            nothing[0] = '\0';
            *line = nothing;
            *length = 0;
            return status;
        }
        if (status != HR_OK)
            return status;
    }
}

/* Reports the source's read error at the line it broke. */
void hr_reader_read_failed(hr_reader *reader, const hr_line_reader *lines)
{
    const char *why = hr_source_error(lines->source);

    hr_reader_diag(reader, HR_ERROR, lines->line + 1, "read failed: %s",
                   *why ? why : "unknown error");
}

/* ---- CSV ------------------------------------------------------------ */

/* True when text equals name ignoring case, blanks around text and a
 * byte order mark before it (a header written by a Windows tool). */
static bool hr_csv_name_is(const char *text, const char *name)
{
    size_t n = strlen(name);

    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3;
    text += strspn(text, " \t");
    return strncasecmp(text, name, n) == 0
           && text[n + strspn(text + n, " \t")] == '\0';
}

/* Tries each name against every header field, in order. */
size_t hr_csv_column(const hr_csv_reader *csv, const char *const *names)
{
    size_t count = hr_csv_field_count(csv);

    for (; *names; names++)
        for (size_t i = 0; i < count; i++)
            if (hr_csv_name_is(hr_csv_field(csv, i), *names))
                return i;
    return HR_COLUMN_ABSENT;
}

/* A field, or NULL past the end of a short record. */
const char *hr_csv_cell(const hr_csv_reader *csv, size_t index)
{
    if (index == HR_COLUMN_ABSENT || index >= hr_csv_field_count(csv))
        return NULL;
    return hr_csv_field(csv, index);
}

/* The tokenizer's flags, as words. */
const char *hr_csv_record_problem(const hr_csv_reader *csv)
{
    if (csv->unterminated)
        return "a quoted field runs to the end of the file";
    if (csv->overlong)
        return "record over the size limit";
    return NULL;
}

/* Next record; a read error is reported with the source's reason. */
hr_status hr_reader_csv_next(hr_reader *reader, hr_csv_reader *csv,
                             hr_source *source, bool *got)
{
    hr_status status = hr_csv_reader_next(csv, got);
    const char *why;

    if (status == HR_ERR_IO) {
        why = hr_source_error(source);
        hr_reader_diag(reader, HR_ERROR, csv->line, "read failed: %s",
                       *why ? why : strerror(errno));
    }
    return status;
}

/* ---- text ------------------------------------------------------------- */

/* A short, printable copy of text for messages. */
void hr_text_excerpt(const char *text, char *out)
{
    size_t i = 0;

    for (; text[i] && i < HR_EXCERPT_BYTES; i++) {
        unsigned char c = (unsigned char)text[i];

        out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (text[i]) {
        memcpy(out + i, "...", 3);
        i += 3;
    }
    out[i] = '\0';
}

/* Finds needle by its first byte (memchr), then compares the rest:
 * memmem would need _GNU_SOURCE. */
bool hr_text_find(const char *bytes, size_t length, const char *needle)
{
    size_t n = strlen(needle);

    for (const char *p = bytes; n && (size_t)(p - bytes) + n <= length;
         p++) {
        p = memchr(p, needle[0], length - (size_t)(p - bytes) - n + 1);
        if (!p)
            return false;
        if (memcmp(p, needle, n) == 0)
            return true;
    }
    return false;
}

/* Skips an optional sign and digits with an optional fraction; returns
 * the number of digits seen. */
static size_t hr_text_mantissa(const char **p)
{
    size_t digits;

    *p += **p == '+' || **p == '-';
    digits = strspn(*p, "0123456789");
    *p += digits;
    if (**p == '.') {
        size_t fraction = strspn(*p + 1, "0123456789");

        digits += fraction;
        *p += 1 + fraction;
    }
    return digits;
}

/* Strict decimal: strtod alone accepts inf, nan and hex. */
bool hr_text_is_decimal(const char *text)
{
    const char *p = text + strspn(text, " ");
    size_t digits;

    if (hr_text_mantissa(&p) == 0)
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

/* strtod once the text is known to be a plain decimal. */
bool hr_text_number(const char *text, double *value)
{
    if (!hr_text_is_decimal(text))
        return false;
    *value = strtod(text, NULL);
    return isfinite(*value);
}

/* Days since the Unix epoch of a calendar date. */
long hr_days_from_civil(long year, long month, long day)
{
    /* H. Hinnant, "chrono-Compatible Low-Level Date Algorithms",
     * days_from_civil. */
    long era, yoe, doy, doe;

    year -= month <= 2;
    era = (year >= 0 ? year : year - 399) / 400;
    yoe = year - era * 400;
    doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Reads exactly width digits at *p into *value, advancing *p. */
bool hr_text_digits(const char **p, int width, int *value)
{
    *value = 0;
    for (int i = 0; i < width; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        *value = *value * 10 + ((*p)[i] - '0');
    }
    *p += width;
    return true;
}

/* Reads a zone designator (Z, +HH:MM, +HHMM, or nothing) as minutes
 * east of UTC; false when what follows the time is anything else. */
static bool hr_text_zone(const char *p, int *minutes)
{
    int sign, hours, mins;

    *minutes = 0;
    if (*p == '\0' || ((*p == 'Z' || *p == 'z') && p[1] == '\0'))
        return true;
    if (*p != '+' && *p != '-')
        return false;
    sign = *p++ == '-' ? -1 : 1;
    if (!hr_text_digits(&p, 2, &hours))
        return false;
    p += *p == ':';
    if (!hr_text_digits(&p, 2, &mins) || *p != '\0' || hours > 23
        || mins > 59)
        return false;
    *minutes = sign * (hours * 60 + mins);
    return true;
}

/* Reads ".digits" (any count: k6 writes nanoseconds) as seconds. */
static double hr_text_fraction(const char **p)
{
    double fraction = 0.0, scale = 0.1;

    if (**p != '.' && **p != ',')
        return 0.0;
    for ((*p)++; isdigit((unsigned char)**p); (*p)++, scale /= 10)
        fraction += (**p - '0') * scale;
    return fraction;
}

/* Date, time, fraction, then zone, each checked for range. */
bool hr_text_rfc3339_ms(const char *text, double *epoch_ms)
{
    const char *p = text;
    int y, mo, d, h, mi, s, zone;
    double seconds, fraction;

    if (!hr_text_digits(&p, 4, &y) || *p++ != '-'
        || !hr_text_digits(&p, 2, &mo) || *p++ != '-'
        || !hr_text_digits(&p, 2, &d) || (*p != 'T' && *p != 't'
                                          && *p != ' '))
        return false;
    p++;
    if (!hr_text_digits(&p, 2, &h) || *p++ != ':'
        || !hr_text_digits(&p, 2, &mi) || *p++ != ':'
        || !hr_text_digits(&p, 2, &s))
        return false;
    fraction = hr_text_fraction(&p);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59
        || s > 60 || !hr_text_zone(p, &zone))
        return false;
    seconds = (double)hr_days_from_civil(y, mo, d) * 86400.0
              + h * 3600.0 + mi * 60.0 + s - zone * 60.0;
    *epoch_ms = seconds * 1000.0 + fraction * 1000.0;
    return true;
}

/* Sorts percentiles by quantile, their values alongside (a handful:
 * insertion sort). */
void hr_quantiles_sort(double *q, double *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double key = q[i], value = v[i];
        size_t j = i;

        for (; j > 0 && q[j - 1] > key; j--) {
            q[j] = q[j - 1];
            v[j] = v[j - 1];
        }
        q[j] = key;
        v[j] = value;
    }
}

/* ---- error kinds ------------------------------------------------------ */

/* HTTP status classes (RFC 9110, section 15). */
hr_error_kind hr_error_kind_of_status(long status)
{
    if (status >= 400 && status <= 499)
        return HR_SAMPLE_HTTP_4XX;
    if (status >= 500 && status <= 599)
        return HR_SAMPLE_HTTP_5XX;
    if (status >= 100 && status < 400)
        return HR_SAMPLE_OK;
    return HR_SAMPLE_OTHER_ERROR;
}

/* True when message contains any of the words, ignoring case. */
static bool hr_text_mentions(const char *message, const char *const *words)
{
    for (; *words; words++) {
        size_t n = strlen(*words);

        for (const char *p = message; *p; p++)
            if (strncasecmp(p, *words, n) == 0)
                return true;
    }
    return false;
}

/* The three-digit number at p when no digit follows it, else 0. */
static long hr_three_digits(const char *p)
{
    for (int i = 0; i < 3; i++)
        if (!isdigit((unsigned char)p[i]))
            return 0;
    return isdigit((unsigned char)p[3]) ? 0 : strtol(p, NULL, 10);
}

/* The HTTP status a message quotes after one of the lead words (Gatling
 * "found 404", "but actually 401"), or before "Client Error" / "Server
 * Error" (python-requests, as Locust reports it); else 0. */
static long hr_message_status(const char *message)
{
    static const char *const leads[] = {
        "found ", "actually ", "status code ", "status: ", "HTTP ", NULL
    };
    long status;

    for (const char *const *lead = leads; *lead; lead++) {
        size_t n = strlen(*lead);

        for (const char *p = message; *p; p++)
            if (strncasecmp(p, *lead, n) == 0
                && (status = hr_three_digits(p + n)) != 0)
                return status;
    }
    for (const char *p = message; *p; p++) {
        if (p > message && isalnum((unsigned char)p[-1]))
            continue;
        status = hr_three_digits(p);
        if (status && (strncmp(p + 3, " Client Error", 13) == 0
                       || strncmp(p + 3, " Server Error", 13) == 0))
            return status;
    }
    return 0;
}

/* Timeouts first (a connect timeout is a timeout), then connections,
 * statuses, checks. */
hr_error_kind hr_error_kind_of_message(const char *message)
{
    static const char *const timeouts[] = {
        "timeout", "timed out", "time out", NULL
    };
    static const char *const connections[] = {
        "UnknownHost", "ConnectException", "Connection refused",
        "ConnectionRefused", "Connection reset", "ConnectionReset",
        "ConnectionError", "RemoteDisconnected", "gaierror",
        "nodename nor servname", "Name or service not known",
        "No route to host", "Broken pipe", "PrematureClose",
        "ClosedChannel", "Connection closed", "SSLError", "SSLException",
        "SSLHandshake", "certificate", "NewConnectionError", NULL
    };
    static const char *const checks[] = {
        "find", "check", "expected", "Assertion", "CatchResponseError",
        "but actually", NULL
    };
    long status;

    if (hr_text_mentions(message, timeouts))
        return HR_SAMPLE_TIMEOUT;
    if (hr_text_mentions(message, connections))
        return HR_SAMPLE_CONNECTION;
    status = hr_message_status(message);
    if (status >= 400 && status <= 599)
        return hr_error_kind_of_status(status);
    if (hr_text_mentions(message, checks))
        return HR_SAMPLE_ASSERTION;
    return HR_SAMPLE_OTHER_ERROR;
}

/* The error kind a k6 error_code (k6 documentation, "Error codes") or,
 * without one, a k6 status tag means, for a failed HTTP request. */
static hr_error_kind hr_k6_error_kind(const char *status,
                                      const char *error_code)
{
    double code, http = 0.0;

    if (error_code && hr_text_number(error_code, &code) && code > 0) {
        /* 1050 request timeout, 1211 dial timeout; 11xx DNS, 12xx TCP,
         * 13xx TLS, 16xx HTTP/2; 14xx and 15xx are HTTP 4xx and 5xx. */
        if (code == 1050 || code == 1211)
            return HR_SAMPLE_TIMEOUT;
        if ((code >= 1100 && code < 1400) || (code >= 1600 && code < 1700)
            || code == 1010)
            return HR_SAMPLE_CONNECTION;
        if (code >= 1400 && code < 1500)
            return HR_SAMPLE_HTTP_4XX;
        if (code >= 1500 && code < 1600)
            return HR_SAMPLE_HTTP_5XX;
        return HR_SAMPLE_OTHER_ERROR;
    }
    if (!status || !hr_text_number(status, &http))
        return HR_SAMPLE_OTHER_ERROR;
    /* Status 0: k6 got no response at all. */
    if (http == 0.0)
        return HR_SAMPLE_CONNECTION;
    return http >= 400 ? hr_error_kind_of_status((long)http)
                       : HR_SAMPLE_OTHER_ERROR;
}

/* The outcome of a k6 gRPC call from its status code (gRPC "Status
 * codes": 0 OK, 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE). */
static hr_error_kind hr_k6_grpc_outcome(const char *status)
{
    double code;

    if (!status || !hr_text_number(status, &code))
        return HR_SAMPLE_OK;
    if (code == 0)
        return HR_SAMPLE_OK;
    if (code == 4)
        return HR_SAMPLE_TIMEOUT;
    return code == 14 ? HR_SAMPLE_CONNECTION : HR_SAMPLE_OTHER_ERROR;
}

/* Applies k6's own rule for a failed request, then finds the kind. */
hr_error_kind hr_k6_outcome(const char *metric, const char *status,
                            const char *expected_response,
                            const char *error_code)
{
    double http;

    if (metric && strncmp(metric, "grpc_", 5) == 0)
        return hr_k6_grpc_outcome(status);
    /* k6 counts a request failed (http_req_failed) when its status is
     * not an expected one, which the expected_response tag records;
     * before k6 0.31 there is no such tag, and 200-399 were expected.
     * Without either tag nothing says the request failed. */
    if (expected_response && strcmp(expected_response, "true") == 0)
        return HR_SAMPLE_OK;
    if (expected_response && strcmp(expected_response, "false") == 0)
        return hr_k6_error_kind(status, error_code);
    if (!status || (hr_text_number(status, &http) && http >= 100
                    && http < 400))
        return HR_SAMPLE_OK;
    return hr_k6_error_kind(status, error_code);
}
