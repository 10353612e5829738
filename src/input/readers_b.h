/*
 * readers_b.h - the JMeter XML, HdrHistogram log, access log and uptime
 * readers: their sniffers and readers for the format table in formats.c,
 * and the options two of them take beyond a format's sniff and read.
 */
#ifndef HEADROOM_INPUT_READERS_B_H
#define HEADROOM_INPUT_READERS_B_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"
#include "headroom/formats.h"
#include "headroom/metrics.h"
#include "headroom/source.h"

/*
 * Each format's sniffer and reader, as the format table in formats.c
 * lists them (see hr_format in formats.h for their contracts).
 */

/* JMeter JTL XML results (jtl_xml.c): "jmeter-xml". */
bool hr_jmeter_xml_sniff(const char *head, size_t length);
hr_status hr_jmeter_xml_read(hr_source *source, hr_sample_set *set,
                             hr_diags *diags);

/* HdrHistogram interval logs, formats 1.01 to 1.3 (hdr_log.c):
 * "hdr-log". */
bool hr_hdr_log_sniff(const char *head, size_t length);
hr_status hr_hdr_log_read(hr_source *source, hr_sample_set *set,
                          hr_diags *diags);

/* nginx and Apache access logs with a request-time field
 * (access_log.c): "access-log". */
bool hr_access_log_sniff(const char *head, size_t length);
hr_status hr_access_log_read(hr_source *source, hr_sample_set *set,
                             hr_diags *diags);

/* Uptime checks: headroom's uptime CSV and Upptime's files (uptime.c):
 * "uptime". */
bool hr_uptime_sniff(const char *head, size_t length);
hr_status hr_uptime_read(hr_source *source, hr_sample_set *set,
                         hr_diags *diags);

/* ---- shared by these readers -------------------------------------------- */

struct hr_reader;

/* When the source's head is UTF-16 or UTF-32 text (a byte order mark, or
 * zero bytes in every other place), adds an error at line 1 saying so,
 * notes the file and returns HR_ERR_NO_DATA; else HR_OK. */
hr_status hr_reader_refuse_wide(struct hr_reader *reader,
                                const hr_source *source);

/* ---- HdrHistogram logs ------------------------------------------------- */

/* The unit of the integer values in an HdrHistogram log, which the log
 * does not record. */
typedef enum hr_hdr_unit {
    HR_HDR_UNIT_AUTO,    /* microseconds for YCSB logs, else nanoseconds */
    HR_HDR_UNIT_NS,
    HR_HDR_UNIT_US,
    HR_HDR_UNIT_MS,
    HR_HDR_UNIT_S
} hr_hdr_unit;

/* Reads an HdrHistogram log as hr_hdr_log_read does, with the values
 * taken in the given unit. */
hr_status hr_hdr_log_read_unit(hr_source *source, hr_sample_set *set,
                               hr_diags *diags, hr_hdr_unit unit);

/* ---- access logs -------------------------------------------------------- */

/* Maps a request to a label: writes a NUL-terminated label of at most
 * size bytes into out and returns true, or returns false to keep the
 * default label, "METHOD /path". path has no query string. */
typedef bool (*hr_access_label_fn)(void *context, const char *method,
                                   const char *path, char *out,
                                   size_t size);

typedef struct hr_access_log_options {
    /* The server's own layout: an nginx log_format directive or its
     * quoted strings, or an Apache LogFormat directive or its string.
     * NULL reads the combined layout followed by key=value fields (rt=,
     * request_time=, urt=, upstream_response_time=). */
    const char *log_format;
    hr_access_label_fn label;     /* NULL: "METHOD /path" */
    void *label_context;
} hr_access_log_options;

/* Checks a log_format / LogFormat line: HR_OK, or HR_ERR_INVALID with an
 * error in diags (file "log_format"; column: of an unclosed quote in the
 * line, or of a bad field in the format string) when it cannot be read
 * or has no request-time field. */
hr_status hr_access_log_check_format(const char *log_format,
                                     hr_diags *diags);

/* Reads an access log as hr_access_log_read does, with options (NULL
 * for the defaults). */
hr_status hr_access_log_read_with(hr_source *source, hr_sample_set *set,
                                  hr_diags *diags,
                                  const hr_access_log_options *options);

#endif
