/*
 * gatling.c - reads Gatling's simulation.log, the text layouts of Gatling
 * 2.0 to 3.12, and recognises (and refuses) the binary log of 3.13+.
 *
 * The text log is tab-separated, one record per line. Its layout moved
 * between releases, so a REQUEST record is read by its shape rather than
 * by a version number (Gatling 2.2 still writes "2.0" on its RUN line):
 *
 *   2.0, 2.1  scenario user REQUEST group name t1 t2 t3 t4 status [msg]
 *   2.2       REQUEST scenario user group name start end status [msg]
 *   3.0-3.3   REQUEST user group name start end status [msg]
 *   3.4-3.12  REQUEST group name start end status [msg]
 *
 * In every layout the status (OK or KO) follows the timestamps, the name
 * precedes them and the group (comma-separated path, maybe empty)
 * precedes the name. The response time is the last timestamp minus the
 * first, as Gatling's own reports compute it. USER START and END records
 * give the number of active users, kept as each sample's concurrency.
 * GROUP records are not requests (their time spans several) and RUN,
 * ASSERTION and ERROR records carry no samples.
 *
 * Sections: layout, records, binary log.
 */
#include "input/readers.h"
#include "input/readers_b.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Fields split out of one line; a longer record keeps the rest in the
 * last field (a KO message may hold tabs). */
#define HR_GATLING_FIELDS 32

/* Record types of the text log. */
static const char *const hr_gatling_types[] = {
    "RUN", "REQUEST", "USER", "GROUP", "ASSERTION", "ERROR", NULL
};

/* One line cut at its tabs. */
typedef struct hr_gatling_line {
    char *field[HR_GATLING_FIELDS];
    size_t count;
    size_t type;                /* index of the record type field */
} hr_gatling_line;

/* State of one read. */
typedef struct hr_gatling_state {
    hr_reader reader;
    hr_line_reader lines;
    double active_users;        /* USER START minus USER END so far */
    char *label;                /* "group / name" scratch */
    size_t label_capacity;
} hr_gatling_state;

/* ---- layout ----------------------------------------------------------- */

/* True when text is one of the record types. */
static bool hr_gatling_is_type(const char *text)
{
    for (const char *const *type = hr_gatling_types; *type; type++)
        if (strcmp(text, *type) == 0)
            return true;
    return false;
}

/* Splits text at tabs into line (in place). */
static void hr_gatling_split(char *text, hr_gatling_line *line)
{
    line->count = 0;
    line->field[line->count++] = text;
    for (char *p = text; *p; p++) {
        if (*p != '\t' || line->count == HR_GATLING_FIELDS)
            continue;
        *p = '\0';
        line->field[line->count++] = p + 1;
    }
}

/* Finds the record type: first column, or third in the 2.0 layout.
 * False when neither holds one. */
static bool hr_gatling_find_type(hr_gatling_line *line)
{
    if (hr_gatling_is_type(line->field[0])) {
        line->type = 0;
        return true;
    }
    if (line->count > 3 && hr_gatling_is_type(line->field[2])
        && strcmp(line->field[2], "ASSERTION") != 0) {
        line->type = 2;
        return true;
    }
    return false;
}

/* True when text is a non-empty run of digits. */
static bool hr_gatling_digits(const char *text)
{
    return *text && text[strspn(text, "0123456789")] == '\0';
}

/* True when field i is OK or KO with n timestamps just before it. */
static bool hr_gatling_status_at(const hr_gatling_line *line, size_t i,
                                 size_t n)
{
    const char *status = line->field[i];

    if (strcmp(status, "OK") != 0 && strcmp(status, "KO") != 0)
        return false;
    for (size_t k = 1; k <= n; k++)
        if (!hr_gatling_digits(line->field[i - k]))
            return false;
    return true;
}

/* Index of the status field of a REQUEST, or 0 when there is none;
 * *stamps gets the number of timestamps before it. */
static size_t hr_gatling_status(const hr_gatling_line *line,
                                size_t *stamps)
{
    /* The 2.0 layout (type third) has four timestamps, the others two;
     * a name column always sits before them. */
    size_t n = line->type == 2 ? 4 : 2;

    *stamps = n;
    for (size_t i = line->type + 2 + n; i < line->count; i++)
        if (hr_gatling_status_at(line, i, n))
            return i;
    return 0;
}

/* ---- records ---------------------------------------------------------- */

/* Makes room for size bytes of label scratch. */
static bool hr_gatling_room(hr_gatling_state *g, size_t size)
{
    char *grown;

    if (size <= g->label_capacity)
        return true;
    grown = realloc(g->label, size);
    if (!grown)
        return false;
    g->label = grown;
    g->label_capacity = size;
    return true;
}

/* Writes "group / sub / name" (Gatling separates nested groups with
 * commas) into the scratch, or just the name outside any group. */
static const char *hr_gatling_label(hr_gatling_state *g, const char *group,
                                    const char *name)
{
    size_t glen = group ? strlen(group) : 0, nlen = strlen(name), out = 0;

    if (!hr_gatling_room(g, 3 * glen + nlen + 4))
        return NULL;
    for (size_t i = 0; i < glen; i++) {
        if (group[i] == ',') {
            memcpy(g->label + out, " / ", 3);
            out += 3;
        } else {
            g->label[out++] = group[i];
        }
    }
    if (glen) {
        memcpy(g->label + out, " / ", 3);
        out += 3;
    }
    memcpy(g->label + out, name, nlen + 1);
    return hr_reader_label(&g->reader, g->lines.line, g->label,
                           out + nlen);
}

/* The error kind of a KO record from its message, when it has one. */
static hr_error_kind hr_gatling_kind(const hr_gatling_line *line,
                                     size_t status)
{
    const char *message;

    if (strcmp(line->field[status], "OK") == 0)
        return HR_SAMPLE_OK;
    if (status + 1 >= line->count)
        return HR_SAMPLE_OTHER_ERROR;
    message = line->field[status + 1];
    message += strspn(message, " ");
    return *message ? hr_error_kind_of_message(message)
                    : HR_SAMPLE_OTHER_ERROR;
}

/* Turns a REQUEST record into a sample, or skips it with a reason. */
static hr_status hr_gatling_request(hr_gatling_state *g,
                                    const hr_gatling_line *line)
{
    size_t stamps, status = hr_gatling_status(line, &stamps), at;
    hr_sample sample = {.bytes = NAN};
    double start, end;
    hr_status result;

    if (status == 0)
        return hr_reader_skip(&g->reader, g->lines.line, "REQUEST record "
                              "without timestamps followed by OK or KO");
    at = status - stamps;
    start = strtod(line->field[at], NULL);
    end = strtod(line->field[status - 1], NULL);
    if (!(end >= start && end - start <= HR_READER_MAX_MS))
        return hr_reader_skip(&g->reader, g->lines.line, "response time "
                              "%.0f ms is out of range 0 to %.0f",
                              end - start, HR_READER_MAX_MS);
    sample.label = hr_gatling_label(g, at >= line->type + 3
                                       ? line->field[at - 2] : NULL,
                                    line->field[at - 1]);
    if (!sample.label)
        return HR_ERR_NOMEM;
    sample.elapsed_ms = end - start;
    sample.timestamp_ms = start;
    sample.error = hr_gatling_kind(line, status);
    sample.concurrency = g->active_users;
    result = hr_sample_set_record(g->reader.set, &sample);
    g->reader.records += result == HR_OK;
    return result;
}

/* Follows USER START and END records to count the active users. */
static void hr_gatling_user(hr_gatling_state *g, const hr_gatling_line *line)
{
    for (size_t i = line->type + 1; i < line->count && i <= line->type + 3;
         i++) {
        if (strcmp(line->field[i], "START") == 0) {
            g->active_users++;
            return;
        }
        if (strcmp(line->field[i], "END") == 0) {
            g->active_users -= g->active_users > 0;
            return;
        }
    }
}

/* Reads one line of the log. */
static hr_status hr_gatling_line_read(hr_gatling_state *g, char *text,
                                      size_t length)
{
    hr_gatling_line line;
    char excerpt[48];

    if (g->lines.overlong)
        return hr_reader_skip(&g->reader, g->lines.line, "line longer "
                              "than %zu bytes", HR_LINE_MAX_BYTES);
    if (g->lines.binary)
        return hr_reader_skip(&g->reader, g->lines.line, "binary data "
                              "(a NUL byte) in a text log");
    if (length == 0)
        return HR_OK;
    hr_gatling_split(text, &line);
    if (!hr_gatling_find_type(&line)) {
        hr_text_excerpt(line.field[0], excerpt);
        return hr_reader_skip(&g->reader, g->lines.line, "unknown record "
                              "type '%s'", excerpt);
    }
    if (strcmp(line.field[line.type], "REQUEST") == 0)
        return hr_gatling_request(g, &line);
    if (strcmp(line.field[line.type], "USER") == 0)
        hr_gatling_user(g, &line);
    return HR_OK;
}

/* Reads every line of a text log into the set. */
hr_status hr_gatling_read(hr_source *source, hr_sample_set *set,
                               hr_diags *diags)
{
    hr_gatling_state g = {0};
    hr_status status;
    char *text;
    size_t length;
    bool got = true;

    hr_reader_init(&g.reader, source, "gatling", set, diags);
    status = hr_reader_refuse_wide(&g.reader, source);
    if (status == HR_OK)
        status = hr_line_reader_init(&g.lines, source);
    while (status == HR_OK) {
        status = hr_line_next(&g.lines, &text, &length, &got);
        if (status != HR_OK || !got)
            break;
        status = hr_gatling_line_read(&g, text, length);
    }
    if (status == HR_ERR_IO)
        hr_reader_read_failed(&g.reader, &g.lines);
    if (status == HR_OK)
        status = hr_reader_finish(&g.reader, "REQUEST records");
    hr_line_reader_release(&g.lines);
    hr_reader_release(&g.reader);
    free(g.label);
    return status;
}

/* True when the head's first line is a Gatling record. */
bool hr_gatling_sniff(const char *head, size_t length)
{
    char line[512];
    size_t n = 0;
    hr_gatling_line fields;

    while (n < length && n < sizeof line - 1 && head[n] != '\n')
        n++;
    if (n == 0 || memchr(head, '\t', n) == NULL || memchr(head, '\0', n))
        return false;
    memcpy(line, head, n);
    line[n] = '\0';
    hr_gatling_split(line, &fields);
    return hr_gatling_find_type(&fields);
}

/* ---- binary log ------------------------------------------------------- */

/*
 * Gatling 3.13 replaced the text log with a binary one: a RUN record
 * (type byte 0) opens it, then the version as a big-endian 32-bit length
 * and its bytes ("3.14.3"). Copies the version into out (at least 33
 * bytes) when the head starts so.
 */
static bool hr_gatling_binary_version(const char *head, size_t length,
                                      char *out)
{
    const unsigned char *p = (const unsigned char *)head;
    uint32_t n;

    if (length < 6 || p[0] != 0)
        return false;
    n = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8
        | p[4];
    if (n < 3 || n > 32 || 5 + n > length || !isdigit(p[5]))
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!isdigit(p[5 + i]) && p[5 + i] != '.')
            return false;
    memcpy(out, head + 5, n);
    out[n] = '\0';
    return true;
}

/* True when the head starts like a 3.13+ binary log. */
bool hr_gatling_binary_sniff(const char *head, size_t length)
{
    char version[33];

    return hr_gatling_binary_version(head, length, version);
}

/* Refuses the binary log with a message that says what it is. */
hr_status hr_gatling_binary_read(hr_source *source,
                                 hr_sample_set *set, hr_diags *diags)
{
    char version[33] = "3.13+";
    const char *head;
    size_t length;
    hr_reader reader;

    hr_reader_init(&reader, source, "gatling-binary", set, diags);
    hr_source_head(source, &head, &length);
    hr_gatling_binary_version(head, length, version);
    hr_reader_diag(&reader, HR_ERROR, 0, "Gatling 3.13+ binary "
                   "simulation.log is not supported; this one was written "
                   "by Gatling %s, whose binary record layout is internal "
                   "and changes between releases; use a text log from "
                   "Gatling 3.12 or earlier", version);
    return HR_ERR_INVALID;
}
