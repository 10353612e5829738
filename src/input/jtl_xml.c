/*
 * jtl_xml.c - reads Apache JMeter XML result files (JTL with
 * jmeter.save.saveservice.output_format=xml) into a sample set, streaming
 * through expat's SAX interface so memory does not grow with the file.
 *
 * Every child element of <testResults> is one sample:
 *  - <httpSample> and <sample> carry their fields in attributes: t
 *    (elapsed ms), ts (start, epoch ms), s (success), lb (label), rc and
 *    rm (response code and message), by (bytes received), na and ng
 *    (active threads in all groups / this group), lt (latency, unused);
 *  - any other element is an XStream dump of a SampleResult subclass
 *    (jmeter-plugins' WebDriver sampler writes
 *    <com.googlecode...SampleResultWithSubs>) whose fields are child
 *    elements: label, responseCode, responseMessage, timeStamp,
 *    startTime, endTime, elapsedTime, success, bytes, allThreads, ...
 *
 * Nested samples are sub-results and are not counted. JMeter's own
 * listeners, when they load an XML file (ResultCollector), hand only the
 * top-level samples to the Aggregate and Summary reports: a Transaction
 * Controller's parent sample or an HTTP sample with its redirects counts
 * once, with the parent's elapsed time and success.
 *
 * Missing attributes take JMeter's defaults (SampleResultConverter): no
 * t is 0 ms, no s is a success, no lb an empty label (shown as
 * "(unnamed)", as by the other readers); no ts (or 0) is an unknown
 * start here rather than 1970.
 *
 * A failed sample's kind: a Java exception named in rc or rm (JMeter
 * writes "Non HTTP response code: java.net.SocketTimeoutException")
 * gives timeout or connection; else a 4xx/5xx rc; else a failed
 * <assertionResult>; else "other".
 *
 * An XML error ends the file (XML cannot be resynchronised): the samples
 * before it are kept with a warning, as when a stopped run leaves no
 * </testResults>. Sections: state, field values, SAX callbacks, reading,
 * public API.
 */
#include "input/readers_b.h"

#include <expat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/readers.h"

/* ---- state ------------------------------------------------------------ */

/* Bytes read from the source per parse call. */
#define HR_JX_CHUNK 65536

/* Longest label and field text kept; a longer label skips the sample,
 * since cutting it could merge different labels. */
#define HR_JX_TEXT_MAX 4096

/* JMeter stores elapsed as a long in ms; no sample lasts a year. */
#define HR_JX_MAX_ELAPSED_MS (365.0 * 86400.0 * 1000.0)

/* Element depths: <testResults> is 1, a sample 2, its children 3. */
enum { HR_JX_ROOT = 1, HR_JX_SAMPLE = 2, HR_JX_CHILD = 3 };

/* The child elements whose text is read. */
typedef enum hr_jx_field {
    HR_JX_NONE,
    HR_JX_LABEL,
    HR_JX_CODE,
    HR_JX_MESSAGE,
    HR_JX_TIMESTAMP,
    HR_JX_START,
    HR_JX_END,
    HR_JX_ELAPSED,
    HR_JX_SUCCESS,
    HR_JX_BYTES,
    HR_JX_ALL_THREADS,
    HR_JX_GROUP_THREADS,
    HR_JX_FAILURE        /* <failure>/<error> inside <assertionResult> */
} hr_jx_field;

/* The sample being read. */
typedef struct hr_jx_sample {
    unsigned long line;
    double elapsed_ms;       /* NAN until given */
    double timestamp_ms;     /* XStream timeStamp or ts; NAN until given */
    double start_ms;         /* XStream startTime */
    double end_ms;           /* XStream endTime */
    double bytes;
    double all_threads;
    double group_threads;
    int success;             /* 1, 0, or -1 when not given: a success */
    bool assertion_failed;
    char label[HR_JX_TEXT_MAX];
    char code[256];
    char message[256];
    char bad[160];           /* why the sample is skipped; "" if kept */
} hr_jx_sample;

/* State of one read call. */
typedef struct hr_jx_read {
    XML_Parser parser;
    hr_reader reader;           /* counts, messages, the file's note */
    unsigned depth;
    bool in_sample;
    bool xstream;               /* the sample's fields are elements */
    unsigned assertion_depth;   /* depth of an open <assertionResult> */
    hr_jx_sample sample;
    hr_jx_field field;          /* the element whose text is collected */
    unsigned field_depth;
    char text[HR_JX_TEXT_MAX];
    size_t text_length;
    bool text_cut;
    size_t no_elapsed;          /* samples without t: read as 0 ms */
    hr_status status;           /* a failure inside a callback */
    char stop[200];             /* why parsing was stopped */
} hr_jx_read;

/* ---- field values ----------------------------------------------------- */

/* Copies text into a fixed field; false when it does not fit. */
static bool hr_jx_copy(char *out, size_t size, const char *text)
{
    size_t length = strlen(text);

    if (length >= size) {
        memcpy(out, text, size - 1);
        out[size - 1] = '\0';
        return false;
    }
    memcpy(out, text, length + 1);
    return true;
}

/* Marks the sample skipped with a reason, keeping the first one. */
static void hr_jx_bad(hr_jx_sample *s, const char *what, const char *text)
{
    char excerpt[48];

    if (s->bad[0])
        return;
    hr_text_excerpt(text, excerpt);
    snprintf(s->bad, sizeof s->bad, "%s '%s' is not a number", what,
             excerpt);
}

/* Reads a number field into *value, or marks the sample bad. */
static void hr_jx_set_number(hr_jx_sample *s, const char *what,
                             const char *text, double *value)
{
    if (!hr_text_number(text, value))
        hr_jx_bad(s, what, text);
}

/* Reads true/false (any case); other text marks the sample bad. */
static void hr_jx_set_success(hr_jx_sample *s, const char *text)
{
    if (strcasecmp(text, "true") == 0)
        s->success = 1;
    else if (strcasecmp(text, "false") == 0)
        s->success = 0;
    else if (!s->bad[0])
        snprintf(s->bad, sizeof s->bad, "success flag is neither true "
                 "nor false");
}

/* Takes the label, which must fit. */
static void hr_jx_set_label(hr_jx_sample *s, const char *text)
{
    if (!hr_jx_copy(s->label, sizeof s->label, text) && !s->bad[0])
        snprintf(s->bad, sizeof s->bad, "label longer than %d bytes",
                 HR_JX_TEXT_MAX - 1);
}

/* Applies one attribute of <sample>/<httpSample>. */
static void hr_jx_attribute(hr_jx_sample *s, const char *name,
                            const char *value)
{
    if (strcmp(name, "t") == 0)
        hr_jx_set_number(s, "t", value, &s->elapsed_ms);
    else if (strcmp(name, "ts") == 0)
        hr_jx_set_number(s, "ts", value, &s->timestamp_ms);
    else if (strcmp(name, "s") == 0)
        hr_jx_set_success(s, value);
    else if (strcmp(name, "lb") == 0)
        hr_jx_set_label(s, value);
    else if (strcmp(name, "rc") == 0)
        hr_jx_copy(s->code, sizeof s->code, value);
    else if (strcmp(name, "rm") == 0)
        hr_jx_copy(s->message, sizeof s->message, value);
    else if (strcmp(name, "by") == 0)
        hr_jx_set_number(s, "by", value, &s->bytes);
    else if (strcmp(name, "na") == 0)
        hr_jx_set_number(s, "na", value, &s->all_threads);
    else if (strcmp(name, "ng") == 0)
        hr_jx_set_number(s, "ng", value, &s->group_threads);
}

/* The XStream child element names read, by field. */
static hr_jx_field hr_jx_field_named(const char *name)
{
    static const struct {
        const char *name;
        hr_jx_field field;
    } names[] = {
        {"label", HR_JX_LABEL},          {"responseCode", HR_JX_CODE},
        {"responseMessage", HR_JX_MESSAGE},
        {"timeStamp", HR_JX_TIMESTAMP},  {"startTime", HR_JX_START},
        {"endTime", HR_JX_END},          {"elapsedTime", HR_JX_ELAPSED},
        {"success", HR_JX_SUCCESS},      {"bytes", HR_JX_BYTES},
        {"allThreads", HR_JX_ALL_THREADS},
        {"groupThreads", HR_JX_GROUP_THREADS},
    };

    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strcmp(name, names[i].name) == 0)
            return names[i].field;
    }
    return HR_JX_NONE;
}

/* Applies the collected text of a child element. */
static void hr_jx_apply_field(hr_jx_read *r)
{
    hr_jx_sample *s = &r->sample;
    const char *text = r->text;

    switch (r->field) {
    case HR_JX_LABEL:
        if (r->text_cut)
            snprintf(s->bad, sizeof s->bad, "label longer than %d bytes",
                     HR_JX_TEXT_MAX - 1);
        hr_jx_set_label(s, text);
        break;
    case HR_JX_CODE:
        hr_jx_copy(s->code, sizeof s->code, text);
        break;
    case HR_JX_MESSAGE:
        hr_jx_copy(s->message, sizeof s->message, text);
        break;
    case HR_JX_TIMESTAMP:
        hr_jx_set_number(s, "timeStamp", text, &s->timestamp_ms);
        break;
    case HR_JX_START:
        hr_jx_set_number(s, "startTime", text, &s->start_ms);
        break;
    case HR_JX_END:
        hr_jx_set_number(s, "endTime", text, &s->end_ms);
        break;
    case HR_JX_ELAPSED:
        hr_jx_set_number(s, "elapsedTime", text, &s->elapsed_ms);
        break;
    case HR_JX_SUCCESS:
        hr_jx_set_success(s, text + strspn(text, " \t\r\n"));
        break;
    case HR_JX_BYTES:
        hr_jx_set_number(s, "bytes", text, &s->bytes);
        break;
    case HR_JX_ALL_THREADS:
        hr_jx_set_number(s, "allThreads", text, &s->all_threads);
        break;
    case HR_JX_GROUP_THREADS:
        hr_jx_set_number(s, "groupThreads", text, &s->group_threads);
        break;
    case HR_JX_FAILURE:
        s->assertion_failed |= strstr(text, "true") != NULL;
        break;
    case HR_JX_NONE:
        break;
    }
}

/* True when text names one of the words. */
static bool hr_jx_mentions(const char *text, const char *const *words,
                           size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strstr(text, words[i]))
            return true;
    }
    return false;
}

/* Timeout or connection failure from a Java exception named in the
 * response code or message; HR_SAMPLE_OK when none is. */
static hr_error_kind hr_jx_exception_kind(const hr_jx_sample *s)
{
    static const char *const timeouts[] = {
        "SocketTimeoutException", "ConnectTimeoutException",
        "TimeoutException", "Read timed out", "connect timed out",
    };
    static const char *const connections[] = {
        "ConnectException", "UnknownHostException", "NoRouteToHost",
        "SSLException", "SSLHandshakeException", "SocketException",
        "NoHttpResponseException", "Connection reset",
        "Connection refused", "BindException",
    };
    size_t n_timeouts = sizeof timeouts / sizeof *timeouts;
    size_t n_connections = sizeof connections / sizeof *connections;

    if (hr_jx_mentions(s->code, timeouts, n_timeouts)
        || hr_jx_mentions(s->message, timeouts, n_timeouts))
        return HR_SAMPLE_TIMEOUT;
    if (hr_jx_mentions(s->code, connections, n_connections)
        || hr_jx_mentions(s->message, connections, n_connections))
        return HR_SAMPLE_CONNECTION;
    return HR_SAMPLE_OK;
}

/* Why a failed sample failed, as far as its fields tell. */
static hr_error_kind hr_jx_error_kind(const hr_jx_sample *s)
{
    hr_error_kind kind = hr_jx_exception_kind(s);
    double code;

    if (kind != HR_SAMPLE_OK)
        return kind;
    if (hr_text_number(s->code, &code) && code >= 400.0 && code < 500.0)
        return HR_SAMPLE_HTTP_4XX;
    if (hr_text_number(s->code, &code) && code >= 500.0 && code < 600.0)
        return HR_SAMPLE_HTTP_5XX;
    return s->assertion_failed ? HR_SAMPLE_ASSERTION : HR_SAMPLE_OTHER_ERROR;
}

/* Start time: ts or timeStamp when positive, else XStream startTime;
 * elapsed from endTime - startTime when no elapsed was given. */
static void hr_jx_settle_times(hr_jx_sample *s)
{
    if (!(s->timestamp_ms > 0.0))
        s->timestamp_ms = s->start_ms > 0.0 ? s->start_ms : (double)NAN;
    if (isnan(s->elapsed_ms) && s->start_ms > 0.0
        && s->end_ms >= s->start_ms)
        s->elapsed_ms = s->end_ms - s->start_ms;
}

/* Records the finished sample, or skips it with its reason. */
static hr_status hr_jx_finish_sample(hr_jx_read *r)
{
    hr_jx_sample *s = &r->sample;
    hr_sample sample;
    hr_status status;

    hr_jx_settle_times(s);
    if (s->bad[0])
        return hr_reader_skip(&r->reader, s->line, "sample: %s", s->bad);
    if (isnan(s->elapsed_ms)) {
        r->no_elapsed++;
        s->elapsed_ms = 0.0;
    }
    if (s->elapsed_ms < 0.0 || s->elapsed_ms > HR_JX_MAX_ELAPSED_MS)
        return hr_reader_skip(&r->reader, s->line, "sample: elapsed %.0f "
                              "ms is out of range 0 to %.0f", s->elapsed_ms,
                              HR_JX_MAX_ELAPSED_MS);
    sample.label = hr_reader_label(&r->reader, s->line, s->label,
                                   strlen(s->label));
    if (!sample.label)
        return HR_ERR_NOMEM;
    sample.elapsed_ms = s->elapsed_ms;
    sample.timestamp_ms = s->timestamp_ms;
    sample.error = s->success != 0 ? HR_SAMPLE_OK : hr_jx_error_kind(s);
    sample.bytes = s->bytes;
    sample.concurrency = isnan(s->all_threads) ? s->group_threads
                                               : s->all_threads;
    status = hr_sample_set_record(r->reader.set, &sample);
    r->reader.records += status == HR_OK;
    return status;
}

/* ---- SAX callbacks ---------------------------------------------------- */

/* Stops the parser for a reason other than an XML error. */
static void hr_jx_stop(hr_jx_read *r, hr_status status, const char *why)
{
    r->status = status;
    hr_jx_copy(r->stop, sizeof r->stop, why);
    XML_StopParser(r->parser, XML_FALSE);
}

/* Starts a sample at depth 2. */
static void hr_jx_begin_sample(hr_jx_read *r, const char *name,
                               const char **attributes)
{
    hr_jx_sample *s = &r->sample;

    memset(s, 0, sizeof *s);
    s->line = (unsigned long)XML_GetCurrentLineNumber(r->parser);
    s->elapsed_ms = s->timestamp_ms = s->start_ms = s->end_ms = NAN;
    s->bytes = s->all_threads = s->group_threads = NAN;
    s->success = -1;
    r->in_sample = true;
    r->assertion_depth = 0;
    r->xstream = strcmp(name, "sample") != 0
                 && strcmp(name, "httpSample") != 0;
    if (r->xstream)
        return;
    for (size_t i = 0; attributes[i]; i += 2)
        hr_jx_attribute(s, attributes[i], attributes[i + 1]);
}

/* Starts collecting an element's text for field. */
static void hr_jx_collect(hr_jx_read *r, hr_jx_field field)
{
    r->field = field;
    r->field_depth = r->depth;
    r->text_length = 0;
    r->text_cut = false;
    r->text[0] = '\0';
}

/* expat's start-element handler. */
static void XMLCALL hr_jx_start(void *data, const char *name,
                                const char **attributes)
{
    hr_jx_read *r = data;

    r->depth++;
    if (r->depth == HR_JX_ROOT && strcmp(name, "testResults") != 0) {
        char why[160];

        snprintf(why, sizeof why, "the root element is <%.60s>, not "
                 "<testResults>: not a JMeter result file", name);
        hr_jx_stop(r, HR_ERR_NO_DATA, why);
    } else if (r->depth == HR_JX_SAMPLE) {
        hr_jx_begin_sample(r, name, attributes);
    } else if (r->depth == HR_JX_CHILD
               && strcmp(name, "assertionResult") == 0) {
        r->assertion_depth = r->depth;
    } else if (r->depth == HR_JX_CHILD + 1 && r->assertion_depth
               && (strcmp(name, "failure") == 0
                   || strcmp(name, "error") == 0)) {
        hr_jx_collect(r, HR_JX_FAILURE);
    } else if (r->depth == HR_JX_CHILD && r->xstream) {
        hr_jx_field field = hr_jx_field_named(name);

        if (field != HR_JX_NONE)
            hr_jx_collect(r, field);
    }
}

/* expat's end-element handler. */
static void XMLCALL hr_jx_end(void *data, const char *name)
{
    hr_jx_read *r = data;
    hr_status status = HR_OK;

    (void)name;
    if (r->field != HR_JX_NONE && r->depth == r->field_depth) {
        hr_jx_apply_field(r);
        r->field = HR_JX_NONE;
    }
    if (r->depth == r->assertion_depth)
        r->assertion_depth = 0;
    if (r->depth == HR_JX_SAMPLE && r->in_sample) {
        r->in_sample = false;
        status = hr_jx_finish_sample(r);
    }
    r->depth--;
    if (status != HR_OK)
        hr_jx_stop(r, status, "out of memory");
}

/* expat's character-data handler: keeps the text of a collected field,
 * up to HR_JX_TEXT_MAX bytes. */
static void XMLCALL hr_jx_text(void *data, const char *text, int length)
{
    hr_jx_read *r = data;
    size_t room, take;

    if (r->field == HR_JX_NONE || length <= 0)
        return;
    room = sizeof r->text - 1 - r->text_length;
    take = (size_t)length < room ? (size_t)length : room;
    r->text_cut |= take < (size_t)length;
    memcpy(r->text + r->text_length, text, take);
    r->text_length += take;
    r->text[r->text_length] = '\0';
}

/* ---- reading ---------------------------------------------------------- */

/* Feeds the whole source to the parser in chunks; false when parsing
 * stopped early (an XML error, or a stop from a callback). */
static bool hr_jx_parse(hr_jx_read *r, hr_source *source, hr_status *io)
{
    bool last = false;

    *io = HR_OK;
    while (!last) {
        void *buffer = XML_GetBuffer(r->parser, HR_JX_CHUNK);
        size_t got;

        if (!buffer) {
            *io = HR_ERR_NOMEM;
            return false;
        }
        got = hr_source_read(source, buffer, HR_JX_CHUNK, io);
        if (*io != HR_OK)
            return false;
        last = got == 0;
        if (XML_ParseBuffer(r->parser, (int)got, last) != XML_STATUS_OK)
            return false;
    }
    return true;
}

/* Reports an XML error: a warning after some samples (the rest of the
 * file is lost), else the error that leaves the file empty. */
static hr_status hr_jx_xml_error(hr_jx_read *r)
{
    enum XML_Error code = XML_GetErrorCode(r->parser);
    unsigned long line = (unsigned long)XML_GetCurrentLineNumber(r->parser);
    unsigned long column =
        (unsigned long)XML_GetCurrentColumnNumber(r->parser) + 1;
    const char *what = XML_ErrorString(code);
    size_t records = r->reader.records;
    bool ended = code == XML_ERROR_NO_ELEMENTS
                 || code == XML_ERROR_UNCLOSED_TOKEN
                 || code == XML_ERROR_PARTIAL_CHAR;

    if (records && ended)
        return hr_reader_diag(&r->reader, HR_WARNING, line, "the file ends"
                              " before </testResults> (a stopped run?): "
                              "the %zu samples before it are kept",
                              records);
    if (records) {
        r->reader.skipped++;
        return hr_reader_diag(&r->reader, HR_WARNING, line, "column %lu: "
                              "%s; the rest of the file is not read, the "
                              "%zu samples before it are kept", column,
                              what, records);
    }
    hr_reader_diag(&r->reader, HR_ERROR, line, "no samples: column %lu: "
                   "not well-formed XML: %s", column, what);
    return HR_ERR_NO_DATA;
}

/* Runs the parser over the source and reports how it ended. */
static hr_status hr_jx_run(hr_jx_read *r, hr_source *source)
{
    hr_status io;

    XML_SetUserData(r->parser, r);
    XML_SetElementHandler(r->parser, hr_jx_start, hr_jx_end);
    XML_SetCharacterDataHandler(r->parser, hr_jx_text);
    if (hr_jx_parse(r, source, &io))
        return HR_OK;
    if (io == HR_ERR_IO)
        hr_reader_diag(&r->reader, HR_ERROR, 0, "read failed: %s",
                       hr_source_error(source));
    if (io != HR_OK)
        return io;
    if (r->status == HR_ERR_NO_DATA)
        hr_reader_diag(&r->reader, HR_ERROR, 1, "no samples: %s", r->stop);
    if (r->status != HR_OK)
        return r->status;
    return hr_jx_xml_error(r);
}

/* Ends the read: totals, the file's note, HR_ERR_NO_DATA without a
 * sample. */
static hr_status hr_jx_finish(hr_jx_read *r, hr_status status)
{
    if (status == HR_ERR_NO_DATA) {
        hr_status noted = hr_reader_note(&r->reader);

        return noted == HR_OK ? status : noted;
    }
    if (status != HR_OK)
        return status;
    if (r->no_elapsed)
        hr_reader_diag(&r->reader, HR_WARNING, 0, "%zu samples have no "
                       "elapsed time 't': read as 0 ms, as JMeter does",
                       r->no_elapsed);
    return hr_reader_finish(&r->reader, "samples");
}

/* ---- public API ------------------------------------------------------- */

/* Offset of the first occurrence of needle in head[at, length), or
 * length: the head is not NUL-terminated. */
static size_t hr_jx_find(const char *head, size_t at, size_t length,
                         const char *needle)
{
    size_t size = strlen(needle);

    for (; at + size <= length; at++) {
        if (memcmp(head + at, needle, size) == 0)
            return at;
    }
    return length;
}

/* Skips a UTF-8 BOM, white space, the XML declaration, comments and a
 * DOCTYPE; returns the offset of the first element, or length. */
static size_t hr_jx_first_element(const char *head, size_t length)
{
    size_t at = length >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

    while (at < length) {
        const char *close;

        while (at < length && strchr(" \t\r\n", head[at]) && head[at])
            at++;
        if (at + 1 >= length || head[at] != '<')
            return length;
        if (head[at + 1] != '?' && head[at + 1] != '!')
            return at;
        if (length - at >= 4 && memcmp(head + at, "<!--", 4) == 0) {
            at = hr_jx_find(head, at, length, "-->") + 3;
            continue;
        }
        close = memchr(head + at, '>', length - at);
        if (!close)
            return length;
        at = (size_t)(close - head) + 1;
    }
    return length;
}

/* Claims a head whose first element is <testResults>. */
bool hr_jmeter_xml_sniff(const char *head, size_t length)
{
    static const char root[] = "<testResults";
    size_t at = hr_jx_first_element(head, length);
    size_t size = sizeof root - 1;

    return length - at > size && memcmp(head + at, root, size) == 0
           && strchr(" \t\r\n>/", head[at + size]);
}

/* Streams the file through expat into the set (see the file comment). */
hr_status hr_jmeter_xml_read(hr_source *source, hr_sample_set *set,
                                 hr_diags *diags)
{
    hr_jx_read *r;
    hr_status status;

    if (!source || !set)
        return HR_ERR_DOMAIN;
    r = calloc(1, sizeof *r);
    if (!r)
        return HR_ERR_NOMEM;
    hr_reader_init(&r->reader, source, "jmeter-xml", set, diags);
    r->parser = XML_ParserCreate(NULL);
    status = r->parser ? hr_jx_run(r, source) : HR_ERR_NOMEM;
    status = hr_jx_finish(r, status);
    if (r->parser)
        XML_ParserFree(r->parser);
    hr_reader_release(&r->reader);
    free(r);
    return status;
}
