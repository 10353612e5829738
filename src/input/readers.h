/*
 * readers.h - the k6, Gatling, Locust and wrk result formats, and the
 * helpers their readers share: a line reader over an hr_source, skip
 * accounting with file:line warnings, label clean-up, number and time
 * parsing, and the mapping of error texts to error kinds.
 *
 * Private to src/input: formats.c lists the sniffers and readers in
 * its format table, and the rest of headroom reaches them through it.
 */
#ifndef HEADROOM_INPUT_READERS_H
#define HEADROOM_INPUT_READERS_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"
#include "headroom/formats.h"
#include "headroom/metrics.h"
#include "headroom/source.h"
#include "input/csv.h"

/* ---- formats ---------------------------------------------------------- */

/*
 * Each format's sniffer and reader, as hr_format (formats.h) describes
 * them; formats.c lists them in its table. Sniffers look at the head
 * only; readers stream.
 */

/* k6 --out csv. */
bool hr_k6_csv_sniff(const char *head, size_t length);
hr_status hr_k6_csv_read(hr_source *source, hr_sample_set *set,
                         hr_diags *diags);

/* k6 --out json lines. */
bool hr_k6_json_sniff(const char *head, size_t length);
hr_status hr_k6_json_read(hr_source *source, hr_sample_set *set,
                          hr_diags *diags);

/* xk6-dashboard's recorded event stream: the whole-run aggregates. */
bool hr_k6_dashboard_sniff(const char *head, size_t length);
hr_status hr_k6_dashboard_read(hr_source *source, hr_sample_set *set,
                               hr_diags *diags);

/* k6 end-of-test summary: handleSummary data or --summary-export. */
bool hr_k6_summary_sniff(const char *head, size_t length);
hr_status hr_k6_summary_read(hr_source *source, hr_sample_set *set,
                             hr_diags *diags);

/* Gatling simulation.log, text layouts 2.0 to 3.12. */
bool hr_gatling_sniff(const char *head, size_t length);
hr_status hr_gatling_read(hr_source *source, hr_sample_set *set,
                          hr_diags *diags);

/* Gatling 3.13+ binary simulation.log: recognised, and refused with
 * HR_ERR_INVALID and a message saying so. */
bool hr_gatling_binary_sniff(const char *head, size_t length);
hr_status hr_gatling_binary_read(hr_source *source, hr_sample_set *set,
                                 hr_diags *diags);

/* Locust _stats.csv (and the pre-1.0 _requests.csv). */
bool hr_locust_stats_sniff(const char *head, size_t length);
hr_status hr_locust_stats_read(hr_source *source, hr_sample_set *set,
                               hr_diags *diags);

/* Locust _stats_history.csv. */
bool hr_locust_history_sniff(const char *head, size_t length);
hr_status hr_locust_history_read(hr_source *source, hr_sample_set *set,
                                 hr_diags *diags);

/* Locust _failures.csv. */
bool hr_locust_failures_sniff(const char *head, size_t length);
hr_status hr_locust_failures_read(hr_source *source, hr_sample_set *set,
                                  hr_diags *diags);

/*
 * The failures of one Locust run by endpoint and error kind, read from
 * its _failures.csv to split the failure counts of the run's stats or
 * history file by kind: read beside them, the failures file adds no
 * requests of its own (inputs.c pairs the files of a run).
 */
typedef struct hr_locust_kinds hr_locust_kinds;

/* Reads a _failures.csv into a new *kinds and notes the file in set,
 * recording no requests. *kinds is set, empty when no row could be read,
 * unless the status is HR_ERR_NOMEM; free it with hr_locust_kinds_free.
 * The status is that of hr_locust_failures_read. */
hr_status hr_locust_kinds_read(hr_source *source, hr_sample_set *set,
                               hr_diags *diags, hr_locust_kinds **kinds);

void hr_locust_kinds_free(hr_locust_kinds *kinds);

/* Read a stats or history file as hr_locust_stats_read and
 * hr_locust_history_read do, each endpoint's failures split by kind as
 * kinds tells. Warnings name the endpoints whose failures differ from
 * those kinds lists (the failures it does not account for count as
 * "other") and those kinds lists that the file has no row for. */
hr_status hr_locust_stats_read_kinds(hr_source *source, hr_sample_set *set,
                                     hr_diags *diags,
                                     hr_locust_kinds *kinds);
hr_status hr_locust_history_read_kinds(hr_source *source,
                                       hr_sample_set *set, hr_diags *diags,
                                       hr_locust_kinds *kinds);

/* Locust's console statistics tables. */
bool hr_locust_console_sniff(const char *head, size_t length);
hr_status hr_locust_console_read(hr_source *source, hr_sample_set *set,
                                 hr_diags *diags);

/* wrk and wrk2 end-of-run text. */
bool hr_wrk_sniff(const char *head, size_t length);
hr_status hr_wrk_read(hr_source *source, hr_sample_set *set,
                      hr_diags *diags);

/* ---- limits ----------------------------------------------------------- */

/* Longest line kept by the line reader; a longer one is skipped whole,
 * so a file without line breaks cannot exhaust memory. */
#define HR_LINE_MAX_BYTES ((size_t)1 << 20)

/* Skipped records reported one by one; the rest only in a total. */
#define HR_READER_SKIPS_SHOWN 5

/* No request in a load test lasts a year: a longer time is corrupt. */
#define HR_READER_MAX_MS (365.0 * 86400.0 * 1000.0)

/* ---- reading state ---------------------------------------------------- */

/* What one read of one file has done so far, for messages and the
 * provenance note. */
typedef struct hr_reader {
    const char *path;           /* hr_source_name(), for messages */
    const char *format;         /* the hr_format name, for the note */
    hr_sample_set *set;
    hr_diags *diags;            /* may be NULL */
    size_t records;
    size_t skipped;
    size_t bad_names;           /* labels that were not UTF-8 */
    char *label;                /* scratch for hr_reader_label */
    size_t label_capacity;
} hr_reader;

/* Prepares a reader for one file. Allocates nothing. */
void hr_reader_init(hr_reader *reader, const hr_source *source,
                    const char *format, hr_sample_set *set,
                    hr_diags *diags);

/* Frees the scratch buffers. */
void hr_reader_release(hr_reader *reader);

/* Adds a message located at line (0: the whole file). */
hr_status hr_reader_diag(hr_reader *reader, hr_severity severity,
                         unsigned long line, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/* Counts a skipped record and warns about the first few, at line. */
hr_status hr_reader_skip(hr_reader *reader, unsigned long line,
                         const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Notes the file, its records and skips in the set. */
hr_status hr_reader_note(hr_reader *reader);

/*
 * Ends a read: warns with the total when more records were skipped than
 * shown, notes the file in the set, and returns HR_ERR_NO_DATA with an
 * error "no WHAT found..." when no record was read (else HR_OK).
 */
hr_status hr_reader_finish(hr_reader *reader, const char *what);

/*
 * Returns text as a label: valid UTF-8 is returned as it is; any other
 * byte is written as \xHH and a warning at line says so (the first few
 * times), so a name in a legacy encoding is reported rather than
 * silently mangled. An empty
 * text becomes "(unnamed)". The result lives until the next call.
 */
const char *hr_reader_label(hr_reader *reader, unsigned long line,
                            const char *text, size_t length);

/* ---- line reader ------------------------------------------------------ */

/* Reads a source line by line, in a buffer that grows to at most
 * HR_LINE_MAX_BYTES. */
typedef struct hr_line_reader {
    hr_source *source;
    char *buffer;
    size_t start;               /* first unreturned byte */
    size_t length;              /* bytes in buffer */
    size_t capacity;
    bool eof;
    unsigned long line;         /* number of the line last returned */
    bool overlong;              /* that line was too long: text dropped */
    bool binary;                /* that line holds a NUL byte */
} hr_line_reader;

/* Prepares to read source. Returns HR_ERR_NOMEM or HR_OK. */
hr_status hr_line_reader_init(hr_line_reader *reader, hr_source *source);

/*
 * Returns the next line without its LF or trailing CRs, NUL-terminated,
 * valid until the next call; *got is false at the end. Returns HR_ERR_IO
 * on a read or decompression error, HR_ERR_NOMEM, or HR_OK.
 */
hr_status hr_line_next(hr_line_reader *reader, char **line, size_t *length,
                       bool *got);

void hr_line_reader_release(hr_line_reader *reader);

/* Reports a read error of a line reader in diags, at its line. */
void hr_reader_read_failed(hr_reader *reader,
                           const hr_line_reader *lines);

/* ---- CSV ------------------------------------------------------------ */

/* Column index meaning "not in this file". */
#define HR_COLUMN_ABSENT ((size_t)-1)

/* Index of the field of the current record (a header) that equals one
 * of names (a NULL-terminated list), ignoring case and surrounding
 * blanks; HR_COLUMN_ABSENT when none does. */
size_t hr_csv_column(const hr_csv_reader *csv, const char *const *names);

/* The field at index of the current record, or NULL when the column is
 * absent or the record too short. */
const char *hr_csv_cell(const hr_csv_reader *csv, size_t index);

/* Why the current record cannot be read whatever it holds (cut off
 * inside quotes, over the size limits), or NULL when it can. */
const char *hr_csv_record_problem(const hr_csv_reader *csv);

/* Reads the next record, reporting a read error in diags. */
hr_status hr_reader_csv_next(hr_reader *reader, hr_csv_reader *csv,
                             hr_source *source, bool *got);

/* ---- text ------------------------------------------------------------- */

/* True when text (length bytes) is valid UTF-8. */
bool hr_text_is_utf8(const char *text, size_t length);

/* Copies at most 40 bytes of text into out (at least 48 bytes) with
 * non-printing bytes as '?' and "..." when cut: safe to quote. */
void hr_text_excerpt(const char *text, char *out);

/* True when needle occurs in the length bytes at bytes (which need not
 * be NUL-terminated). */
bool hr_text_find(const char *bytes, size_t length, const char *needle);

/* True when text is a plain decimal number (sign, fraction, exponent;
 * surrounding spaces); false for anything else, including inf, nan and
 * hex. */
bool hr_text_is_decimal(const char *text);

/* Parses a plain decimal number as hr_text_is_decimal accepts it; false
 * for anything else or a value out of range. */
bool hr_text_number(const char *text, double *value);

/* Reads exactly width digits at *p into *value, advancing *p past them;
 * false (and *p unmoved) when any of them is not a digit. */
bool hr_text_digits(const char **p, int width, int *value);

/* Parses an RFC 3339 time ("2023-09-08T21:03:10.549397854+02:00", "Z",
 * "+0530" or no zone, read as UTC) into epoch milliseconds; false when
 * text is not one. */
bool hr_text_rfc3339_ms(const char *text, double *epoch_ms);

/* Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms", days_from_civil). */
long hr_days_from_civil(long year, long month, long day);

/* Sorts n percentiles by quantile q, their values v alongside. */
void hr_quantiles_sort(double *q, double *v, size_t n);

/* ---- errors ----------------------------------------------------------- */

/* The error kind an HTTP status code means: OK below 400. */
hr_error_kind hr_error_kind_of_status(long status);

/*
 * The error kind a load tool's failure message tells (Gatling KO
 * messages, Locust errors): a timeout, a connection failure, an HTTP
 * status the message quotes, a failed check; else HR_SAMPLE_OTHER_ERROR.
 */
hr_error_kind hr_error_kind_of_message(const char *message);

/*
 * The outcome of one k6 request sample: for http_req_* metrics from the
 * expected_response tag (else the status), with the kind from the
 * error_code tag (k6 documentation, "Error codes") or the status; for
 * grpc_* metrics from the gRPC status code. Any argument may be NULL.
 */
hr_error_kind hr_k6_outcome(const char *metric, const char *status,
                            const char *expected_response,
                            const char *error_code);

#endif
