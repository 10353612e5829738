/*
 * uptime.c - reads uptime-check results: headroom's own uptime CSV, and
 * the files Upptime (github.com/upptime/upptime) keeps in a status
 * repository. Which one a file is comes from its first bytes.
 *
 * 1. headroom's uptime CSV, one check per row, UTF-8, comma-separated,
 *    fields with commas or quotes quoted as in RFC 4180 (no line breaks
 *    inside fields), lines starting with '#' ignored. The first other
 *    line names the columns, in any order, in any case:
 *
 *        timestamp,service,status,response_time_ms,code
 *        2026-08-21T23:06:35Z,Canvas LMS,up,1032,200
 *        2026-08-21T20:30:29Z,Canvas LMS,down,110,406
 *        2026-08-21 20:35:00+02:00,Zoom,down,30000,
 *
 *    timestamp  when the check started: ISO 8601 date and time ('T' or
 *               a space between), with Z or a +hh:mm offset (none: UTC),
 *               or epoch seconds (10 digits) or milliseconds (13);
 *    service    the label;
 *    status     up, down or degraded (answered, but slowly);
 *    response_time_ms  how long the check took, >= 0; for a check that
 *               got no answer, how long the monitor waited;
 *    code       optional: the HTTP status; empty or 0 for no answer.
 *
 *    Each row is a sample. up and degraded are successes (a degraded
 *    check's slowness is in its time); down is an error: 4xx or 5xx by
 *    its code, a connection failure without one (0 or empty: nothing
 *    answered), "other" with a 1xx-3xx code (the monitor's own test,
 *    such as a missing keyword, failed).
 *
 * 2. Upptime's status-change log: "TIME<TAB>MESSAGE" lines from the
 *    status repository's commits (git log --format='%cI%x09%s'), newest
 *    first, MESSAGE as Upptime writes it: "PREFIX NAME is STATUS (CODE
 *    in MS ms)", PREFIX an emoji (🟩 up, 🟨 degraded, 🟥 down, or the
 *    site's own), with " [skip ci] [upptime]" after it or not. Each line
 *    is a sample as in the CSV, timed at the commit. These are the
 *    checks that changed a status or were committed, not every check:
 *    their times describe those checks only. Upptime writes "(0 in 0
 *    ms)" when nothing answered: such a check counts as 0 ms.
 *
 * 3. Upptime's history/SLUG.yml: the site's last check (url, status,
 *    code, responseTime, lastUpdated): one sample, labelled by the URL
 *    since the file has no name.
 *
 * 4. Upptime's history/summary.json and its shields.io endpoints
 *    (api/SLUG/uptime.json, "99.75%"; api/SLUG/response-time.json,
 *    "571 ms"; the -day, -week, -month and -year ones, labelled "uptime
 *    24h" and so on): availability figures, not checks. Each is a
 *    percentage or a mean over an unstated number of checks, which no
 *    sample or summary of the set can stand for, so they are kept as
 *    the monitor's own figures (hr_sample_set_record_availability), one
 *    per service and period: "all" (Upptime's "uptime" and "time"),
 *    "24h", "7d", "30d", "1y" (uptimeDay/timeDay to uptimeYear/timeYear).
 *    A shield does not name its site: the service is the folder of an
 *    api/SLUG/ file, else the file's name without ".json". A summary's
 *    site is a record; so is a shield.
 *
 * Sections: shared values, CSV and event lines, YAML, JSON, reading,
 * sniffing, public API.
 */
#include "input/readers_b.h"

#include <ctype.h>
#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/readers.h"

/* ---- shared values ---------------------------------------------------- */

/* The shapes of uptime file. */
typedef enum hr_up_kind {
    HR_UP_UNKNOWN,
    HR_UP_CSV,
    HR_UP_EVENTS,
    HR_UP_HISTORY,
    HR_UP_SUMMARY,
    HR_UP_SHIELD
} hr_up_kind;

/* No check takes a day; a larger time is a corrupt field. */
#define HR_UP_MAX_MS (86400.0 * 1000.0)

/* Largest JSON file read: Upptime's are a few KiB. */
#define HR_UP_MAX_JSON ((size_t)16 << 20)

/* Longest label kept. */
#define HR_UP_LABEL_MAX 256

/* State of one read call. */
typedef struct hr_up_read {
    hr_reader reader;        /* counts, messages, the file's note */
    hr_line_reader lines;
    char *line;              /* the current line */
    hr_up_kind kind;
} hr_up_read;

/* Parses an ISO 8601 date-time into epoch ms; NAN if it is not one. */
static double hr_up_iso_ms(const char *text)
{
    double ms;

    return hr_text_rfc3339_ms(text, &ms) ? ms : (double)NAN;
}

/* Parses a whole plain decimal number >= 0. */
static bool hr_up_number(const char *text, double *value)
{
    return hr_text_number(text, value) && *value >= 0.0;
}

/* A timestamp: ISO 8601, or 10-digit epoch seconds, or 13-digit ms. */
static double hr_up_timestamp_ms(const char *text)
{
    size_t digits = strspn(text, "0123456789");
    double value;

    if (text[digits] == '\0' && (digits == 10 || digits == 13)
        && hr_up_number(text, &value))
        return digits == 10 ? value * 1000.0 : value;
    return hr_up_iso_ms(text);
}

/* The status word: 1 up, 2 degraded, 0 down, -1 neither. */
static int hr_up_status(const char *text)
{
    if (strcasecmp(text, "up") == 0)
        return 1;
    if (strcasecmp(text, "degraded") == 0)
        return 2;
    if (strcasecmp(text, "down") == 0)
        return 0;
    return -1;
}

/* The error kind of a check (see the file comment). */
static hr_error_kind hr_up_error_kind(int status, double code)
{
    if (status != 0)
        return HR_SAMPLE_OK;
    if (isnan(code) || code == 0.0)
        return HR_SAMPLE_CONNECTION;
    if (code >= 400.0 && code < 500.0)
        return HR_SAMPLE_HTTP_4XX;
    if (code >= 500.0 && code < 600.0)
        return HR_SAMPLE_HTTP_5XX;
    return HR_SAMPLE_OTHER_ERROR;
}

/* Records one check as a sample. */
static hr_status hr_up_check(hr_up_read *r, const char *service,
                             double start_ms, int status, double time_ms,
                             double code)
{
    hr_sample sample;
    hr_status result;

    sample.label = hr_reader_label(&r->reader, r->lines.line, service,
                                   strlen(service));
    if (!sample.label)
        return HR_ERR_NOMEM;
    sample.elapsed_ms = time_ms;
    sample.timestamp_ms = start_ms;
    sample.error = hr_up_error_kind(status, code);
    sample.bytes = NAN;
    sample.concurrency = NAN;
    result = hr_sample_set_record(r->reader.set, &sample);
    r->reader.records += result == HR_OK;
    return result;
}

/* Checks the fields of a check; NULL when they are usable, else why. */
static const char *hr_up_check_fields(const char *service, double start,
                                      int status, double time_ms)
{
    if (!service[0])
        return "the service is empty";
    if (isnan(start))
        return "the timestamp is not ISO 8601 or epoch seconds";
    if (status < 0)
        return "the status is not up, down or degraded";
    if (!(time_ms >= 0.0 && time_ms <= HR_UP_MAX_MS))
        return "the response time is not a number from 0 to a day";
    return NULL;
}

/* ---- CSV and event lines ---------------------------------------------- */

/* Most fields read from a CSV line. */
#define HR_UP_FIELDS 32

/* Where the uptime CSV keeps its columns; -1 when absent. */
typedef struct hr_up_columns {
    int timestamp, service, status, time, code;
    size_t needed;           /* fields a row must have */
} hr_up_columns;

/* Splits a line in place at commas, with RFC 4180 quoting; returns the
 * field count, or 0 when a quote is not closed. */
static size_t hr_up_split(char *line, char **fields, size_t max)
{
    size_t count = 0;
    char *in = line;

    while (count < max) {
        char *out = in;

        fields[count++] = out;
        if (*in == '"') {
            for (in++; *in && !(in[0] == '"' && in[1] != '"'); in++) {
                in += in[0] == '"';
                *out++ = *in;
            }
            if (*in++ != '"')
                return 0;
        }
        while (*in && *in != ',')
            *out++ = *in++;
        if (!*in) {
            *out = '\0';
            break;
        }
        *out = '\0';
        in++;
    }
    return count;
}

/* Index of the column named name (any case, spaces around), or -1. */
static int hr_up_column(char **fields, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++) {
        const char *field = fields[i] + strspn(fields[i], " ");
        size_t length = strcspn(field, " ");

        if (length == strlen(name) && strncasecmp(field, name, length) == 0)
            return (int)i;
    }
    return -1;
}

/* Learns the columns from the header; false when one is missing. */
static bool hr_up_header(char *line, hr_up_columns *columns)
{
    char *fields[HR_UP_FIELDS];
    size_t count = hr_up_split(line, fields, HR_UP_FIELDS);
    int most;

    columns->timestamp = hr_up_column(fields, count, "timestamp");
    columns->service = hr_up_column(fields, count, "service");
    columns->status = hr_up_column(fields, count, "status");
    columns->time = hr_up_column(fields, count, "response_time_ms");
    columns->code = hr_up_column(fields, count, "code");
    if (columns->timestamp < 0 || columns->service < 0
        || columns->status < 0 || columns->time < 0)
        return false;
    most = columns->timestamp > columns->service ? columns->timestamp
                                                 : columns->service;
    most = columns->status > most ? columns->status : most;
    most = columns->time > most ? columns->time : most;
    columns->needed = (size_t)most + 1;
    return true;
}

/* Reads one CSV row as a check. */
static hr_status hr_up_csv_row(hr_up_read *r, const hr_up_columns *c)
{
    char *fields[HR_UP_FIELDS];
    size_t count = hr_up_split(r->line, fields, HR_UP_FIELDS);
    double start, time_ms = NAN, code = NAN;
    const char *why;
    int status;

    if (count == 0)
        return hr_reader_skip(&r->reader, r->lines.line, "row: a "
                            "quoted field is not closed");
    if (count < c->needed)
        return hr_reader_skip(&r->reader, r->lines.line, "row: "
                            "expected at least %zu fields, got %zu",
                            c->needed, count);
    start = hr_up_timestamp_ms(fields[c->timestamp]);
    status = hr_up_status(fields[c->status]);
    if (!hr_up_number(fields[c->time], &time_ms))
        time_ms = NAN;
    if (c->code >= 0 && (size_t)c->code < count && fields[c->code][0]
        && !hr_up_number(fields[c->code], &code))
        return hr_reader_skip(&r->reader, r->lines.line, "row: the "
                            "code is not a number");
    why = hr_up_check_fields(fields[c->service], start, status, time_ms);
    if (why)
        return hr_reader_skip(&r->reader, r->lines.line, "row: %s",
                            why);
    return hr_up_check(r, fields[c->service], start, status, time_ms, code);
}

/* Cuts Upptime's " [skip ci]" and " [upptime]" markers off a message. */
static void hr_up_trim_markers(char *message)
{
    static const char *const markers[] = {" [upptime]", " [skip ci]"};
    size_t length = strlen(message);

    for (size_t i = 0; i < 2; i++) {
        size_t size = strlen(markers[i]);

        if (length >= size && strcmp(message + length - size,
                                     markers[i]) == 0) {
            length -= size;
            message[length] = '\0';
        }
    }
}

/* Parses "PREFIX NAME is STATUS (CODE in MS ms)" in place: NAME is cut
 * out into *name; false when the message has another shape. */
static bool hr_up_message(char *message, char **name, int *status,
                          double *code, double *time_ms)
{
    char *open = strrchr(message, '('), *is = NULL, *in, *next;
    size_t length = strlen(message);

    if (!open || open == message || open[-1] != ' ' || length < 6
        || strcmp(message + length - 4, " ms)") != 0)
        return false;
    message[length - 4] = '\0';
    open[-1] = '\0';
    in = strstr(open, " in ");
    if (!in)
        return false;
    *in = '\0';
    if (!hr_up_number(open + 1, code) || !hr_up_number(in + 4, time_ms))
        return false;
    for (next = strstr(message, " is "); next; next = strstr(next + 1,
                                                             " is "))
        is = next;
    if (!is || !(*name = strchr(message, ' ')) || *name >= is)
        return false;
    *is = '\0';
    *status = hr_up_status(is + 4);
    (*name)++;
    return true;
}

/* Reads one line of Upptime's status-change log as a check. */
static hr_status hr_up_event(hr_up_read *r)
{
    char *line = r->line, *tab = strchr(line, '\t'), *name = NULL;
    double start, code = NAN, time_ms = NAN;
    const char *why;
    int status = -1;

    if (!tab)
        return hr_reader_skip(&r->reader, r->lines.line, "line: no "
                            "tab between the time and the message");
    *tab = '\0';
    start = hr_up_iso_ms(line);
    hr_up_trim_markers(tab + 1);
    if (!hr_up_message(tab + 1, &name, &status, &code, &time_ms))
        return hr_reader_skip(&r->reader, r->lines.line, "line: the"
                            " message is not 'PREFIX NAME is STATUS (CODE in"
                            " MS ms)'");
    why = hr_up_check_fields(name, start, status, time_ms);
    if (why)
        return hr_reader_skip(&r->reader, r->lines.line, "line: %s",
                            why);
    return hr_up_check(r, name, start, status, time_ms, code);
}

/* ---- YAML ------------------------------------------------------------- */

/* The fields of Upptime's history/SLUG.yml (flat "key: value" lines, as
 * Upptime writes them). */
typedef struct hr_up_history {
    char url[HR_UP_LABEL_MAX];
    char status[16];
    double code;
    double time_ms;
    double updated_ms;
} hr_up_history;

/* Copies a YAML scalar (quotes removed) into out. */
static void hr_up_scalar(const char *value, char *out, size_t size)
{
    size_t length = strlen(value);

    while (length && value[length - 1] == ' ')
        length--;
    if (length >= 2 && (value[0] == '"' || value[0] == '\'')
        && value[length - 1] == value[0]) {
        value++;
        length -= 2;
    }
    if (length >= size)
        length = size - 1;
    memcpy(out, value, length);
    out[length] = '\0';
}

/* Takes one "key: value" line of the history file. */
static void hr_up_history_line(hr_up_history *h, const char *line)
{
    const char *colon = strchr(line, ':');
    char value[HR_UP_LABEL_MAX];
    size_t key;

    if (!colon)
        return;
    key = (size_t)(colon - line);
    hr_up_scalar(colon + 1 + strspn(colon + 1, " "), value, sizeof value);
    if (key == 3 && strncmp(line, "url", 3) == 0)
        memcpy(h->url, value, sizeof h->url);
    else if (key == 6 && strncmp(line, "status", 6) == 0)
        hr_up_scalar(value, h->status, sizeof h->status);
    else if (key == 4 && strncmp(line, "code", 4) == 0
             && !hr_up_number(value, &h->code))
        h->code = NAN;
    else if (key == 12 && strncmp(line, "responseTime", 12) == 0
             && !hr_up_number(value, &h->time_ms))
        h->time_ms = NAN;
    else if (key == 11 && strncmp(line, "lastUpdated", 11) == 0)
        h->updated_ms = hr_up_iso_ms(value);
}

/* Reads the history file: its last check is one sample. */
static hr_status hr_up_history_read(hr_up_read *r)
{
    hr_up_history h = {.code = NAN, .time_ms = NAN, .updated_ms = NAN};
    hr_status status;
    const char *why;
    size_t length;
    bool got = true;

    while ((status = hr_line_next(&r->lines, &r->line, &length, &got))
           == HR_OK && got)
        hr_up_history_line(&h, r->line);
    if (status != HR_OK)
        return status;
    why = hr_up_check_fields(h.url, h.updated_ms, hr_up_status(h.status),
                             h.time_ms);
    if (why)
        return hr_reader_skip(&r->reader, 0, "the last check: %s (from "
                              "url, lastUpdated, status, responseTime)",
                              why);
    return hr_up_check(r, h.url, h.updated_ms, hr_up_status(h.status),
                       h.time_ms, h.code);
}

/* ---- JSON ------------------------------------------------------------- */

/* Parses the whole source as JSON (at most HR_UP_MAX_JSON bytes). The
 * caller puts the result. */
static hr_status hr_up_json(hr_up_read *r, hr_source *source,
                            json_object **out)
{
    json_tokener *tokener = json_tokener_new();
    char buffer[65536];
    size_t total = 0, got;
    hr_status status = HR_OK;
    enum json_tokener_error error = json_tokener_continue;

    *out = NULL;
    if (!tokener)
        return HR_ERR_NOMEM;
    json_tokener_set_flags(tokener, JSON_TOKENER_STRICT
                                        | JSON_TOKENER_VALIDATE_UTF8);
    while (!*out && error == json_tokener_continue
           && (got = hr_source_read(source, buffer, sizeof buffer,
                                    &status)) > 0
           && (total += got) <= HR_UP_MAX_JSON) {
        *out = json_tokener_parse_ex(tokener, buffer, (int)got);
        error = json_tokener_get_error(tokener);
    }
    if (status == HR_OK && !*out)
        hr_reader_diag(&r->reader, HR_ERROR, 0, "no samples: %s",
                      total > HR_UP_MAX_JSON ? "the JSON is over 16 MiB"
                      : error == json_tokener_continue
                          ? "the JSON is cut off"
                          : json_tokener_error_desc(error));
    json_tokener_free(tokener);
    return status == HR_OK && !*out ? HR_ERR_NO_DATA : status;
}

/* A string member of an object, or NULL. */
static const char *hr_up_member_text(json_object *object, const char *key)
{
    json_object *member;

    if (!json_object_object_get_ex(object, key, &member)
        || !json_object_is_type(member, json_type_string))
        return NULL;
    return json_object_get_string(member);
}

/* True when text is a percentage such as "99.75%" from 0 to 100. */
static bool hr_up_percent(const char *text, double *value)
{
    char number[32];
    size_t length = text ? strlen(text) : 0;

    if (length < 2 || length >= sizeof number || text[length - 1] != '%')
        return false;
    memcpy(number, text, length - 1);
    number[length - 1] = '\0';
    return hr_up_number(number, value) && *value <= 100.0;
}

/* A period of Upptime's summary.json: its name here and its keys. */
typedef struct hr_up_period {
    const char *period;
    const char *uptime;      /* a percentage string */
    const char *time;        /* a mean response time in ms */
} hr_up_period;

static const hr_up_period hr_up_periods[] = {
    {"all", "uptime", "time"},          {"24h", "uptimeDay", "timeDay"},
    {"7d", "uptimeWeek", "timeWeek"},    {"30d", "uptimeMonth", "timeMonth"},
    {"1y", "uptimeYear", "timeYear"},
};

#define HR_UP_PERIODS (sizeof hr_up_periods / sizeof *hr_up_periods)

/* True when member is a number of milliseconds a check can take. */
static bool hr_up_time_member(json_object *member, double *ms)
{
    if (!json_object_is_type(member, json_type_int)
        && !json_object_is_type(member, json_type_double))
        return false;
    *ms = json_object_get_double(member);
    return *ms >= 0.0 && *ms <= HR_UP_MAX_MS;
}

/* Reads one period of a site into a (NAN where its key is absent);
 * returns the key that holds no usable figure, or NULL. */
static const char *hr_up_site_period(json_object *site,
                                     const hr_up_period *period,
                                     hr_availability *a)
{
    json_object *uptime = NULL, *time = NULL;

    a->period = period->period;
    a->fraction_up = a->mean_response_ms = NAN;
    json_object_object_get_ex(site, period->uptime, &uptime);
    json_object_object_get_ex(site, period->time, &time);
    if (uptime && (!json_object_is_type(uptime, json_type_string)
                   || !hr_up_percent(json_object_get_string(uptime),
                                     &a->fraction_up)))
        return period->uptime;
    if (time && !hr_up_time_member(time, &a->mean_response_ms))
        return period->time;
    a->fraction_up /= 100.0;
    return NULL;
}

/* Reads one site of summary.json: a name, an "uptime" percentage and a
 * mean "time" in ms, and the same for the periods it has. */
static hr_status hr_up_site(hr_up_read *r, json_object *site, size_t index)
{
    const char *name = hr_up_member_text(site, "name"), *bad = NULL;
    hr_availability a[HR_UP_PERIODS];
    hr_status status = HR_OK;

    if (!name || !name[0])
        return hr_reader_skip(&r->reader, 0, "site %zu: no name",
                              index + 1);
    for (size_t i = 0; !bad && i < HR_UP_PERIODS; i++) {
        a[i].service = name;
        bad = hr_up_site_period(site, &hr_up_periods[i], &a[i]);
    }
    if (!bad && isnan(a[0].mean_response_ms))
        bad = "time";
    else if (!bad && isnan(a[0].fraction_up))
        bad = "uptime";
    if (bad)
        return hr_reader_skip(&r->reader, 0, "site %zu (%.60s): '%s' is "
                              "not %s", index + 1, name, bad,
                              strncmp(bad, "time", 4) == 0
                                  ? "a response time in ms"
                                  : "a percentage");
    for (size_t i = 0; status == HR_OK && i < HR_UP_PERIODS; i++) {
        if (!isnan(a[i].fraction_up) || !isnan(a[i].mean_response_ms))
            status = hr_sample_set_record_availability(r->reader.set,
                                                       &a[i]);
    }
    r->reader.records += status == HR_OK;
    return status;
}

/* Reads summary.json, an array of sites, as availability figures. */
static hr_status hr_up_summary_read(hr_up_read *r, json_object *root)
{
    hr_status status = HR_OK;
    size_t count;

    if (!json_object_is_type(root, json_type_array)) {
        hr_reader_diag(&r->reader, HR_ERROR, 0, "no sites: the summary "
                       "is not an array of sites");
        return HR_ERR_NO_DATA;
    }
    count = json_object_array_length(root);
    for (size_t i = 0; i < count && status == HR_OK; i++) {
        json_object *site = json_object_array_get_idx(root, i);

        if (json_object_is_type(site, json_type_object))
            status = hr_up_site(r, site, i);
        else
            status = hr_reader_skip(&r->reader, 0, "site %zu: not an "
                                    "object", i + 1);
    }
    return status;
}

/* Length of the Upptime shield name that text starts with
 * ("uptime-week", "response-time"), or 0. */
static size_t hr_up_shield_stem(const char *text)
{
    static const char *const stems[] = {"uptime", "response-time"};
    static const char *const periods[] = {
        "-day", "-week", "-month", "-year", ""
    };

    for (size_t s = 0; s < 2; s++) {
        size_t n = strlen(stems[s]);

        for (size_t p = 0; strncmp(text, stems[s], n) == 0 && p < 5; p++) {
            size_t m = strlen(periods[p]);

            if (strncmp(text + n, periods[p], m) == 0
                && strcmp(text + n + m, ".json") == 0)
                return n + m;
        }
    }
    return 0;
}

/* Copies length bytes of text into out (size bytes), cut to fit. */
static void hr_up_copy(const char *text, size_t length, char *out,
                       size_t size)
{
    length = length < size - 1 ? length : size - 1;
    memcpy(out, text, length);
    out[length] = '\0';
}

/* The service of a shield: the SLUG folder of Upptime's
 * api/SLUG/uptime.json and its kin, else the file's name without
 * ".json" (and ".gz"). */
static void hr_up_shield_service(const char *path, char *out, size_t size)
{
    const char *name = strrchr(path, '/'), *folder;
    char base[HR_UP_LABEL_MAX];
    size_t length;

    name = name ? name + 1 : path;
    hr_up_copy(name, strlen(name), base, sizeof base);
    length = strlen(base);
    if (length > 3 && strcmp(base + length - 3, ".gz") == 0)
        base[length -= 3] = '\0';
    if (hr_up_shield_stem(base) && name - path >= 2) {
        for (folder = name - 1; folder > path && folder[-1] != '/'; folder--)
            continue;
        hr_up_copy(folder, (size_t)(name - 1 - folder), out, size);
        return;
    }
    if (length > 5 && strcmp(base + length - 5, ".json") == 0)
        base[length - 5] = '\0';
    hr_up_copy(base, strlen(base), out, size);
}

/* The period a shield's label ends with: "uptime" or "response time"
 * alone is "all", else " 24h", " 7d", " 30d" or " 1y"; NULL for any
 * other text. */
static const char *hr_up_shield_period(const char *rest)
{
    static const char *const periods[] = {"24h", "7d", "30d", "1y"};

    if (rest[0] == '\0')
        return "all";
    for (size_t i = 0; rest[0] == ' ' && i < 4; i++) {
        if (strcmp(rest + 1, periods[i]) == 0)
            return periods[i];
    }
    return NULL;
}

/* Reads a shield's label and message into a; false when they are not
 * an Upptime uptime ("99.75%") or response-time ("571 ms") shield. */
static bool hr_up_shield_figures(const char *label, const char *message,
                                 hr_availability *a)
{
    char unit[8] = "";
    double value;

    if (!label || !message)
        return false;
    if (strncmp(label, "uptime", 6) == 0) {
        a->period = hr_up_shield_period(label + 6);
        a->fraction_up = hr_up_percent(message, &value) ? value / 100.0
                                                         : (double)NAN;
        return a->period && !isnan(a->fraction_up);
    }
    if (strncmp(label, "response time", 13) != 0
        || sscanf(message, "%lf %7s", &value, unit) != 2
        || !(strcmp(unit, "ms") == 0 || strcmp(unit, "s") == 0))
        return false;
    a->period = hr_up_shield_period(label + 13);
    a->mean_response_ms = strcmp(unit, "s") == 0 ? value * 1000.0 : value;
    return a->period && a->mean_response_ms >= 0.0
           && a->mean_response_ms <= HR_UP_MAX_MS;
}

/* Reads a shields.io endpoint: one figure of the service it is for. */
static hr_status hr_up_shield_read(hr_up_read *r, json_object *root)
{
    const char *message = hr_up_member_text(root, "message");
    char service[HR_UP_LABEL_MAX];
    hr_availability a = {service, NULL, NAN, NAN};
    hr_status status;

    hr_up_shield_service(r->reader.path, service, sizeof service);
    if (!hr_up_shield_figures(hr_up_member_text(root, "label"), message,
                              &a)) {
        hr_reader_diag(&r->reader, HR_ERROR, 0, "no figures: not an "
                       "Upptime shield (\"uptime\" with \"99.75%%\", or "
                       "\"response time\" with \"571 ms\")");
        return HR_ERR_NO_DATA;
    }
    status = hr_sample_set_record_availability(r->reader.set, &a);
    r->reader.records += status == HR_OK;
    return status;
}

/* ---- reading ---------------------------------------------------------- */

/* Reads the next line into r->line; false at the end or on failure. */
static bool hr_up_next(hr_up_read *r, hr_status *status)
{
    size_t length;
    bool got = false;

    if (*status == HR_OK)
        *status = hr_line_next(&r->lines, &r->line, &length, &got);
    return *status == HR_OK && got;
}

/* Skips a line that is binary or too long; true when it did. */
static bool hr_up_unreadable(hr_up_read *r, hr_status *status)
{
    if (!r->lines.overlong && !r->lines.binary)
        return false;
    *status = hr_reader_skip(&r->reader, r->lines.line, "line is binary "
                             "or over 1 MiB");
    return true;
}

/* Reads headroom's uptime CSV: comments, the header, rows. */
static hr_status hr_up_csv_read(hr_up_read *r)
{
    hr_up_columns columns;
    bool header = false;
    hr_status status = HR_OK;

    while (hr_up_next(r, &status)) {
        if (hr_up_unreadable(r, &status) || r->line[0] == '#'
            || r->line[strspn(r->line, " \t")] == '\0')
            continue;
        if (header) {
            status = hr_up_csv_row(r, &columns);
        } else if (!(header = hr_up_header(r->line, &columns))) {
            hr_reader_diag(&r->reader, HR_ERROR, r->lines.line, "the "
                           "header must name timestamp, service, status "
                           "and response_time_ms");
            return HR_ERR_NO_DATA;
        }
    }
    return status;
}

/* Reads Upptime's status-change log, a check per line. */
static hr_status hr_up_events_read(hr_up_read *r)
{
    hr_status status = HR_OK;

    while (hr_up_next(r, &status)) {
        if (!hr_up_unreadable(r, &status)
            && r->line[strspn(r->line, " \t")] != '\0')
            status = hr_up_event(r);
    }
    return status;
}

/* Reads a JSON shape: summary.json or a shield. */
static hr_status hr_up_json_read(hr_up_read *r, hr_source *source)
{
    json_object *root;
    hr_status status = hr_up_json(r, source, &root);

    if (status != HR_OK)
        return status;
    if (r->kind == HR_UP_SUMMARY)
        status = hr_up_summary_read(r, root);
    else
        status = hr_up_shield_read(r, root);
    json_object_put(root);
    return status;
}

/* ---- sniffing --------------------------------------------------------- */

/* Offset of needle in the length bytes at text, or length. */
static size_t hr_up_find(const char *text, size_t length,
                         const char *needle)
{
    size_t size = strlen(needle);

    for (size_t at = 0; at + size <= length; at++) {
        if (memcmp(text + at, needle, size) == 0)
            return at;
    }
    return length;
}

/* True when "key" : "value" (spaces allowed) is in the head. */
static bool hr_up_has_pair(const char *head, size_t length, const char *key,
                           const char *value)
{
    size_t at = hr_up_find(head, length, key);

    if (at == length)
        return false;
    at += strlen(key);
    while (at < length && strchr(" \t\r\n", head[at]) && head[at])
        at++;
    if (at >= length || head[at] != ':')
        return false;
    at++;
    while (at < length && strchr(" \t\r\n", head[at]) && head[at])
        at++;
    return length - at >= strlen(value)
           && memcmp(head + at, value, strlen(value)) == 0;
}

/* Copies the first line that is not a '#' comment (at most size - 1
 * bytes) into out. */
static void hr_up_first_line(const char *head, size_t length, char *out,
                             size_t size)
{
    size_t at = length >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

    while (at < length && (head[at] == '#' || head[at] == '\n'
                           || head[at] == '\r')) {
        const char *end = memchr(head + at, '\n', length - at);

        at = end ? (size_t)(end - head) + 1 : length;
    }
    length -= at;
    head += at;
    length = length < size - 1 ? length : size - 1;
    memcpy(out, head, length);
    out[length] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
}

/* True when the first line is a status-change event. */
static bool hr_up_sniff_event(char *line)
{
    char *tab = strchr(line, '\t'), *name;
    double code, time_ms;
    int status;

    if (!tab)
        return false;
    *tab = '\0';
    if (isnan(hr_up_iso_ms(line)))
        return false;
    hr_up_trim_markers(tab + 1);
    return hr_up_message(tab + 1, &name, &status, &code, &time_ms)
           && status >= 0;
}

/* Which uptime shape the head is, if any. */
static hr_up_kind hr_up_detect(const char *head, size_t length)
{
    char line[1024];
    hr_up_columns columns;
    size_t start = 0;

    while (start < length && head[start] && strchr(" \t\r\n", head[start]))
        start++;

    if (start < length && head[start] == '[' && hr_up_has_pair(
            head, length, "\"slug\"", "\"")
        && hr_text_find(head, length, "\"dailyMinutesDown\""))
        return HR_UP_SUMMARY;
    if (start < length && head[start] == '{'
        && hr_text_find(head, length, "\"schemaVersion\"")
        && (hr_up_has_pair(head, length, "\"label\"", "\"uptime")
            || hr_up_has_pair(head, length, "\"label\"",
                              "\"response time")))
        return HR_UP_SHIELD;
    if (hr_text_find(head, length, "\nresponseTime:")
        && hr_text_find(head, length, "\nstatus:")
        && length >= 4 && strncmp(head, "url:", 4) == 0)
        return HR_UP_HISTORY;
    hr_up_first_line(head, length, line, sizeof line);
    if (hr_up_header(line, &columns))
        return HR_UP_CSV;
    hr_up_first_line(head, length, line, sizeof line);
    return hr_up_sniff_event(line) ? HR_UP_EVENTS : HR_UP_UNKNOWN;
}

/* ---- public API ------------------------------------------------------- */

/* Claims a head of any of the uptime shapes. */
bool hr_uptime_sniff(const char *head, size_t length)
{
    return hr_up_detect(head, length) != HR_UP_UNKNOWN;
}

/* Reads the shape the head shows. */
static hr_status hr_up_dispatch(hr_up_read *r, hr_source *source)
{
    switch (r->kind) {
    case HR_UP_CSV:
        return hr_up_csv_read(r);
    case HR_UP_EVENTS:
        return hr_up_events_read(r);
    case HR_UP_HISTORY:
        return hr_up_history_read(r);
    case HR_UP_SUMMARY:
    case HR_UP_SHIELD:
        return hr_up_json_read(r, source);
    default:
        hr_reader_diag(&r->reader, HR_ERROR, 1, "no samples: neither an "
                      "uptime CSV (a header naming timestamp, service, "
                      "status, response_time_ms) nor an Upptime file");
        return HR_ERR_NO_DATA;
    }
}

/* What the records of a shape are, for "no ... found". */
static const char *hr_up_records(hr_up_kind kind)
{
    if (kind == HR_UP_SUMMARY)
        return "sites";
    return kind == HR_UP_SHIELD ? "figures" : "checks";
}

/* Reads the shape the head shows (see the file comment). */
hr_status hr_uptime_read(hr_source *source, hr_sample_set *set,
                                 hr_diags *diags)
{
    hr_up_read r;
    const char *head;
    size_t length;
    hr_status status;

    if (!source || !set)
        return HR_ERR_DOMAIN;
    memset(&r, 0, sizeof r);
    hr_reader_init(&r.reader, source, "uptime", set, diags);
    hr_source_head(source, &head, &length);
    r.kind = hr_up_detect(head, length);

    status = hr_reader_refuse_wide(&r.reader, source);
    if (status == HR_OK)
        status = hr_line_reader_init(&r.lines, source);
    if (status == HR_OK) {
        status = hr_up_dispatch(&r, source);
        if (status == HR_ERR_IO)
            hr_reader_read_failed(&r.reader, &r.lines);
        hr_line_reader_release(&r.lines);
        if (status == HR_ERR_NO_DATA)
            hr_reader_note(&r.reader);
    }
    if (status == HR_OK)
        status = hr_reader_finish(&r.reader, hr_up_records(r.kind));
    hr_reader_release(&r.reader);
    return status;
}
