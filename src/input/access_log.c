/*
 * access_log.c - reads nginx and Apache httpd access logs that carry a
 * request-time field into a sample set: production traffic, on which a
 * monthly SLA is judged.
 *
 * The layout is the server's own: an nginx log_format directive
 * ("$var" fields) or an Apache LogFormat directive ("%x" fields). It is
 * compiled into literal text and fields; a line is matched left to
 * right, each field running up to the next occurrence of the literal
 * after it (servers escape quotes inside fields, so the first occurrence
 * is the delimiter). A line that does not match is skipped with its line
 * number.
 *
 * Fields read (others are passed over):
 *   time     nginx $time_local, $time_iso8601, $msec: written when the
 *            response ended, so start = time - elapsed; Apache %t: when
 *            the request arrived, the start itself.
 *   request  $request / %r ("GET /p?q HTTP/1.1"), or $request_method /
 *            %m with $request_uri, $uri / %U.
 *   status   $status, %s, %>s.   bytes  $body_bytes_sent, $bytes_sent,
 *            %b, %B, %O ("-" is 0).
 *   elapsed  $request_time and %T in seconds, %{ms}T in ms, %D and
 *            %{us}T in microseconds; else $upstream_response_time in
 *            seconds, "-" when no upstream answered, and a list ("0.1,
 *            0.2" for retries on other servers, "0.1 : 0.2" after an
 *            internal redirect) whose parts are added: the time spent
 *            upstream on behalf of the request.
 *
 * Without a layout, the combined format (nginx's default, Apache's
 * "combined"; common when referer and agent are absent) is read,
 * followed by key=value fields as many sites append them: rt= or
 * request_time= (seconds), urt= or upstream_response_time=. The corpus
 * log glues them to the user agent's closing quote.
 *
 * Each line is one sample labelled "METHOD /path" (query cut, an
 * absolute URL reduced to its path) unless a label function maps it; a
 * request line that is not "METHOD target [protocol]" (TLS handshakes
 * sent to port 80, empty lines) is labelled "(invalid request)". Status
 * 499, nginx's "client closed the connection", is a connection failure;
 * other 4xx and 5xx are HTTP errors.
 *
 * Sections: layouts, field values, lines, reading, public API.
 */
#include "input/readers_b.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "input/readers.h"

/* ---- layouts ---------------------------------------------------------- */

/* What a field of the layout holds. */
typedef enum hr_al_var {
    HR_AL_SKIP,
    HR_AL_TIME_LOCAL,    /* 14/Aug/2019:04:12:10 +0300, maybe in [ ] */
    HR_AL_TIME_ISO,      /* 2019-08-14T04:12:10+03:00 */
    HR_AL_MSEC,          /* epoch seconds with a fraction */
    HR_AL_REQUEST,
    HR_AL_METHOD,
    HR_AL_URI,           /* path with query */
    HR_AL_STATUS,
    HR_AL_BYTES,
    HR_AL_SECONDS,
    HR_AL_MILLIS,
    HR_AL_MICROS,
    HR_AL_UPSTREAM,
    HR_AL_KEYVALUES      /* the rest of the line as key=value fields */
} hr_al_var;

typedef struct hr_al_token {
    char *literal;       /* literal text, or NULL for a field */
    hr_al_var var;
} hr_al_token;

typedef struct hr_al_layout {
    hr_al_token *tokens;
    size_t count;
    size_t capacity;
    bool time_at_end;    /* the time field is the response's end */
    bool has_elapsed;    /* a request or upstream time field */
} hr_al_layout;

/* nginx variables read, by name. */
static const struct {
    const char *name;
    hr_al_var var;
} hr_al_nginx_vars[] = {
    {"time_local", HR_AL_TIME_LOCAL}, {"time_iso8601", HR_AL_TIME_ISO},
    {"msec", HR_AL_MSEC},             {"request", HR_AL_REQUEST},
    {"request_method", HR_AL_METHOD}, {"request_uri", HR_AL_URI},
    {"uri", HR_AL_URI},               {"document_uri", HR_AL_URI},
    {"status", HR_AL_STATUS},         {"body_bytes_sent", HR_AL_BYTES},
    {"bytes_sent", HR_AL_BYTES},      {"request_time", HR_AL_SECONDS},
    {"upstream_response_time", HR_AL_UPSTREAM},
};

/* The layouts read when none is given (see the file comment). */
static const char hr_al_combined[] =
    "$remote_addr - $remote_user [$time_local] \"$request\" $status "
    "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"";
static const char hr_al_common[] =
    "$remote_addr - $remote_user [$time_local] \"$request\" $status "
    "$body_bytes_sent";

/* Frees a layout's tokens and empties it. */
static void hr_al_layout_release(hr_al_layout *layout)
{
    for (size_t i = 0; i < layout->count; i++)
        free(layout->tokens[i].literal);
    free(layout->tokens);
    memset(layout, 0, sizeof *layout);
}

/* Appends a field, or literal text of length bytes (joined to a literal
 * before it). */
static hr_status hr_al_push(hr_al_layout *layout, const char *text,
                            size_t length, hr_al_var var)
{
    hr_al_token *last = layout->count ? &layout->tokens[layout->count - 1]
                                      : NULL;

    if (text && last && last->literal) {
        size_t old = strlen(last->literal);
        char *joined = realloc(last->literal, old + length + 1);

        if (!joined)
            return HR_ERR_NOMEM;
        memcpy(joined + old, text, length);
        joined[old + length] = '\0';
        last->literal = joined;
        return HR_OK;
    }
    if (layout->count == layout->capacity) {
        size_t capacity = layout->capacity ? layout->capacity * 2 : 16;
        hr_al_token *grown = realloc(layout->tokens,
                                     capacity * sizeof *grown);

        if (!grown)
            return HR_ERR_NOMEM;
        layout->tokens = grown;
        layout->capacity = capacity;
    }
    last = &layout->tokens[layout->count];
    last->var = var;
    last->literal = text ? strndup(text, length) : NULL;
    if (text && !last->literal)
        return HR_ERR_NOMEM;
    layout->count++;
    layout->has_elapsed |= var == HR_AL_SECONDS || var == HR_AL_MILLIS
                           || var == HR_AL_MICROS || var == HR_AL_UPSTREAM;
    return HR_OK;
}

/* The field an nginx variable name stands for. */
static hr_al_var hr_al_nginx_var(const char *name, size_t length)
{
    for (size_t i = 0; i < sizeof hr_al_nginx_vars
                           / sizeof *hr_al_nginx_vars; i++) {
        if (strlen(hr_al_nginx_vars[i].name) == length
            && memcmp(hr_al_nginx_vars[i].name, name, length) == 0)
            return hr_al_nginx_vars[i].var;
    }
    return HR_AL_SKIP;
}

/* Compiles an nginx format string ("$name" or "${name}" fields). */
static hr_status hr_al_compile_nginx(hr_al_layout *layout, const char *s,
                                     size_t *fault)
{
    size_t i = 0;
    hr_status status = HR_OK;

    while (s[i] && status == HR_OK) {
        size_t start = i, length;
        bool braced = s[i] == '$' && s[i + 1] == '{';

        if (s[i] != '$') {
            length = strcspn(s + i, "$");
            status = hr_al_push(layout, s + i, length, HR_AL_SKIP);
            i += length;
            continue;
        }
        i += braced ? 2 : 1;
        length = 0;
        while (isalnum((unsigned char)s[i + length]) || s[i + length] == '_')
            length++;
        if (length == 0 || (braced && s[i + length] != '}')) {
            *fault = start + 1;
            return HR_ERR_INVALID;
        }
        status = hr_al_push(layout, NULL, 0, hr_al_nginx_var(s + i, length));
        i += length + braced;
    }
    return status;
}

/* The field an Apache directive letter (with its {argument}) stands
 * for. */
static hr_al_var hr_al_apache_var(char letter, const char *argument,
                                  size_t length)
{
    bool none = length == 0;

    switch (letter) {
    case 't':
        return none ? HR_AL_TIME_LOCAL : HR_AL_SKIP;
    case 'r':
        return HR_AL_REQUEST;
    case 'm':
        return HR_AL_METHOD;
    case 'U':
        return HR_AL_URI;
    case 's':
        return HR_AL_STATUS;
    case 'b': case 'B': case 'O':
        return HR_AL_BYTES;
    case 'D':
        return HR_AL_MICROS;
    case 'T':
        if (none || (length == 1 && argument[0] == 's'))
            return HR_AL_SECONDS;
        if (length == 2 && memcmp(argument, "ms", 2) == 0)
            return HR_AL_MILLIS;
        if (length == 2 && memcmp(argument, "us", 2) == 0)
            return HR_AL_MICROS;
        return HR_AL_SKIP;
    default:
        return HR_AL_SKIP;
    }
}

/* Compiles one Apache directive at s[*i] ('%' seen); false on a bad
 * one. Grammar (mod_log_config): %[<>][!][codes][{arg}]letter. */
static bool hr_al_apache_directive(hr_al_layout *layout, const char *s,
                                   size_t *i, hr_status *status)
{
    const char *argument = "";
    size_t length = 0, at = *i + 1;

    if (s[at] == '%') {
        *status = hr_al_push(layout, "%", 1, HR_AL_SKIP);
        *i = at + 1;
        return true;
    }
    at += strspn(s + at, "<>");
    at += strspn(s + at, "!0123456789,");
    if (s[at] == '{') {
        argument = s + at + 1;
        length = strcspn(argument, "}");
        if (argument[length] != '}')
            return false;
        at += length + 2;
    }
    if (!isalpha((unsigned char)s[at]))
        return false;
    *status = hr_al_push(layout, NULL, 0,
                         hr_al_apache_var(s[at], argument, length));
    *i = at + 1;
    return true;
}

/* Compiles an Apache format string ("%x" directives). */
static hr_status hr_al_compile_apache(hr_al_layout *layout, const char *s,
                                      size_t *fault)
{
    size_t i = 0;
    hr_status status = HR_OK;

    while (s[i] && status == HR_OK) {
        size_t length = strcspn(s + i, "%");

        if (length) {
            status = hr_al_push(layout, s + i, length, HR_AL_SKIP);
            i += length;
        } else if (!hr_al_apache_directive(layout, s, &i, &status)) {
            *fault = i + 1;
            return HR_ERR_INVALID;
        }
    }
    return status;
}

/* Appends the text of one quoted string at s[*i] (the quote) to out,
 * undoing backslash escapes; false when it is not closed. */
static bool hr_al_unquote(const char *s, size_t *i, char *out,
                          size_t *length)
{
    char quote = s[(*i)++];

    while (s[*i] && s[*i] != quote) {
        char c = s[(*i)++];

        if (c == '\\' && s[*i]) {
            c = s[(*i)++];
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        }
        out[(*length)++] = c;
    }
    if (s[*i] != quote)
        return false;
    (*i)++;
    out[*length] = '\0';
    return true;
}

/* Skips a directive keyword and the words after it that are not the
 * format (nginx: the name and escape=; Apache CustomLog: the file). */
static size_t hr_al_skip_directive(const char *s, bool *apache)
{
    static const struct {
        const char *keyword;
        int words;
        bool apache;
    } keywords[] = {
        {"log_format", 1, false}, {"LogFormat", 0, true},
        {"CustomLog", 1, true},
    };
    size_t i = strspn(s, " \t");

    for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++) {
        size_t length = strlen(keywords[k].keyword);

        if (strncmp(s + i, keywords[k].keyword, length) != 0
            || !isspace((unsigned char)s[i + length]))
            continue;
        *apache = keywords[k].apache;
        i += length;
        for (int w = 0; w < keywords[k].words; w++) {
            i += strspn(s + i, " \t");
            i += strcspn(s + i, " \t");
        }
        i += strspn(s + i, " \t");
        if (!*apache && strncmp(s + i, "escape=", 7) == 0) {
            i += strcspn(s + i, " \t");
            i += strspn(s + i, " \t");
        }
        return i;
    }
    return i;
}

/* Extracts the format string from a directive line or its quoted
 * strings (nginx joins adjacent ones) into out (strlen(line) + 1). */
static bool hr_al_format_text(const char *line, char *out, bool *apache,
                              size_t *fault)
{
    size_t i = hr_al_skip_directive(line, apache), length = 0;

    out[0] = '\0';
    if (line[i] != '\'' && line[i] != '"') {
        length = strlen(line + i);
        while (length && strchr(" \t;", line[i + length - 1]))
            length--;
        memcpy(out, line + i, length);
        out[length] = '\0';
        return true;
    }
    while (line[i] == '\'' || line[i] == '"') {
        size_t open = i;

        if (!hr_al_unquote(line, &i, out, &length)) {
            *fault = open + 1;
            return false;
        }
        i += strspn(line + i, " \t\r\n");
        if (*apache)
            break;
    }
    return true;
}

/* Compiles a log_format / LogFormat line. Apache when its keyword says
 * so, or when it has '%' directives and no '$' variables. */
static hr_status hr_al_compile(hr_al_layout *layout, const char *line,
                               size_t *fault)
{
    char *text = malloc(strlen(line) + 1);
    bool apache = false;
    hr_status status = HR_ERR_INVALID;

    *fault = 0;
    if (!text)
        return HR_ERR_NOMEM;
    if (hr_al_format_text(line, text, &apache, fault)) {
        apache |= !strchr(text, '$') && strchr(text, '%');
        status = apache ? hr_al_compile_apache(layout, text, fault)
                        : hr_al_compile_nginx(layout, text, fault);
    }
    free(text);
    if (status == HR_OK && !apache)
        layout->time_at_end = true;
    return status;
}

/* The default layouts: combined or common, then key=value fields. */
static hr_status hr_al_default(hr_al_layout *layout, bool combined)
{
    size_t fault;
    hr_status status = hr_al_compile_nginx(
        layout, combined ? hr_al_combined : hr_al_common, &fault);

    if (status == HR_OK)
        status = hr_al_push(layout, NULL, 0, HR_AL_KEYVALUES);
    layout->time_at_end = true;
    return status;
}

/* ---- field values ----------------------------------------------------- */

/* Longest label kept; longer paths are cut. */
#define HR_AL_LABEL_MAX 512

/* No request takes a day; a larger time is a corrupt field. */
#define HR_AL_MAX_ELAPSED_MS (86400.0 * 1000.0)

/* What one line gave. Text fields point into the line. */
typedef struct hr_al_entry {
    double time_ms;          /* the time field, epoch ms; NAN if none */
    const char *request;
    size_t request_length;
    const char *method;
    size_t method_length;
    const char *uri;
    size_t uri_length;
    int status;              /* -1 when the layout has none */
    double bytes;
    double elapsed_ms;       /* request time; NAN when "-" or absent */
    double upstream_ms;      /* upstream time; NAN when "-" or absent */
    bool saw_time_key;       /* a key=value request or upstream time */
    char why[160];           /* why the line is skipped; "" if kept */
} hr_al_entry;

/* Marks the entry bad with a reason about a field's text. */
static void hr_al_bad(hr_al_entry *e, const char *what, const char *text,
                      size_t length)
{
    char excerpt[48], copy[48];

    if (e->why[0])
        return;
    /* One byte past the excerpt's 40 makes it show "..." when cut. */
    length = length < 41 ? length : 41;
    memcpy(copy, text, length);
    copy[length] = '\0';
    hr_text_excerpt(copy, excerpt);
    snprintf(e->why, sizeof e->why, "%s '%s'", what, excerpt);
}

/* Parses length bytes as a plain decimal number >= 0. */
static bool hr_al_number(const char *text, size_t length, double *value)
{
    char buffer[64];
    char *end;

    if (length == 0 || length >= sizeof buffer
        || strspn(text, "0123456789.") < length)
        return false;
    memcpy(buffer, text, length);
    buffer[length] = '\0';
    *value = strtod(buffer, &end);
    return *end == '\0' && isfinite(*value);
}

/* Reads exactly width digits at text[*at]. */
static bool hr_al_digits(const char *text, size_t *at, int width, int *out)
{
    *out = 0;
    for (int i = 0; i < width; i++) {
        char c = text[*at + (size_t)i];

        if (c < '0' || c > '9')
            return false;
        *out = *out * 10 + (c - '0');
    }
    *at += (size_t)width;
    return true;
}

/* Epoch ms of a civil time with a zone offset in minutes; NAN when a
 * field is out of range. */
static double hr_al_epoch_ms(int y, int mo, int d, int h, int mi, int s,
                             int zone_minutes)
{
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59
        || s > 60)
        return NAN;
    return ((double)hr_days_from_civil(y, mo, d) * 86400.0
            + h * 3600.0 + mi * 60.0 + s - zone_minutes * 60.0) * 1000.0;
}

/* Month number of a three-letter English name, or 0. */
static int hr_al_month(const char *name)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

    for (int i = 0; i < 12; i++) {
        if (strncmp(name, months + 3 * i, 3) == 0)
            return i + 1;
    }
    return 0;
}

/* Parses "+hhmm" or "+hh:mm" (or "Z") at text[*at] into minutes. */
static bool hr_al_zone(const char *text, size_t *at, int *minutes)
{
    int sign, hours, mins;

    if (text[*at] == 'Z') {
        (*at)++;
        *minutes = 0;
        return true;
    }
    if (text[*at] != '+' && text[*at] != '-')
        return false;
    sign = text[(*at)++] == '-' ? -1 : 1;
    if (!hr_al_digits(text, at, 2, &hours))
        return false;
    *at += text[*at] == ':';
    if (!hr_al_digits(text, at, 2, &mins))
        return false;
    *minutes = sign * (hours * 60 + mins);
    return true;
}

/* Parses "14/Aug/2019:04:12:10 +0300" (nginx $time_local, Apache %t,
 * which adds the brackets) into epoch ms; NAN if it is not one. */
static double hr_al_time_local(const char *text, size_t length)
{
    char buffer[40];
    size_t at = 0;
    int d, mo, y, h, mi, s, zone;

    if (length && text[0] == '[' && text[length - 1] == ']') {
        text++;
        length -= 2;
    }
    if (length != 26)
        return NAN;
    memcpy(buffer, text, length);
    buffer[length] = '\0';
    if (!hr_al_digits(buffer, &at, 2, &d) || buffer[at] != '/'
        || !(mo = hr_al_month(buffer + at + 1)) || buffer[at + 4] != '/')
        return NAN;
    at += 5;
    if (!hr_al_digits(buffer, &at, 4, &y) || buffer[at++] != ':'
        || !hr_al_digits(buffer, &at, 2, &h) || buffer[at++] != ':'
        || !hr_al_digits(buffer, &at, 2, &mi) || buffer[at++] != ':'
        || !hr_al_digits(buffer, &at, 2, &s) || buffer[at++] != ' '
        || !hr_al_zone(buffer, &at, &zone))
        return NAN;
    return hr_al_epoch_ms(y, mo, d, h, mi, s, zone);
}

/* Parses "2019-08-14T04:12:10+03:00" (nginx $time_iso8601); NAN if it
 * is not one. */
static double hr_al_time_iso(const char *text, size_t length)
{
    char buffer[48];
    double ms;

    if (length >= sizeof buffer)
        return NAN;
    memcpy(buffer, text, length);
    buffer[length] = '\0';
    return hr_text_rfc3339_ms(buffer, &ms) ? ms : (double)NAN;
}

/* Reads a time in seconds, ms or µs into *ms; "-" leaves it NAN. */
static void hr_al_duration(hr_al_entry *e, const char *text, size_t length,
                           double scale_ms, double *ms)
{
    double value;

    if (length == 1 && text[0] == '-')
        return;
    if (!hr_al_number(text, length, &value))
        hr_al_bad(e, "request time is not a number:", text, length);
    else
        *ms = value * scale_ms;
}

/* Adds up an upstream time list ("0.1, 0.2" or "0.1 : 0.2"); "-" parts
 * (no answer from that server) add nothing. */
static void hr_al_upstream(hr_al_entry *e, const char *text, size_t length)
{
    size_t at = 0;

    while (at < length) {
        size_t part = 0;
        double value;

        at += strspn(text + at, " ,:");
        while (at + part < length && !strchr(" ,:", text[at + part]))
            part++;
        if (part == 0 || (part == 1 && text[at] == '-')) {
            at += part ? part : 1;
            continue;
        }
        if (!hr_al_number(text + at, part, &value)) {
            hr_al_bad(e, "upstream time is not a number:", text, length);
            return;
        }
        e->upstream_ms = (isnan(e->upstream_ms) ? 0.0 : e->upstream_ms)
                         + value * 1000.0;
        at += part;
    }
}

/* Reads the status code: three digits. */
static void hr_al_status(hr_al_entry *e, const char *text, size_t length)
{
    size_t at = 0;
    int code;

    if (length != 3 || !hr_al_digits(text, &at, 3, &code) || code < 100)
        hr_al_bad(e, "status is not an HTTP code:", text, length);
    else
        e->status = code;
}

/* Reads a byte count; "-" is nothing sent. */
static void hr_al_bytes(hr_al_entry *e, const char *text, size_t length)
{
    if (length == 1 && text[0] == '-')
        e->bytes = 0.0;
    else if (!hr_al_number(text, length, &e->bytes))
        hr_al_bad(e, "byte count is not a number:", text, length);
}


/* Reads the key=value fields of the default layout: rt= and
 * request_time= in seconds, urt= and upstream_response_time=; other
 * keys are passed over. False when a word is not key=value. */
static bool hr_al_keyvalues(hr_al_entry *e, const char *text)
{
    size_t at = strspn(text, " \t");

    while (text[at]) {
        size_t key = strcspn(text + at, "= \t"), value_at, value;
        const char *name = text + at;

        if (text[at + key] != '=' || key == 0)
            return false;
        value_at = at + key + 1;
        if (text[value_at] == '"') {
            value = strcspn(text + ++value_at, "\"");
            if (text[value_at + value] != '"')
                return false;
        } else {
            value = strcspn(text + value_at, " \t");
        }
        if ((key == 2 && strncmp(name, "rt", 2) == 0)
            || (key == 12 && strncmp(name, "request_time", 12) == 0)) {
            e->saw_time_key = true;
            hr_al_duration(e, text + value_at, value, 1000.0,
                           &e->elapsed_ms);
        } else if ((key == 3 && strncmp(name, "urt", 3) == 0)
                   || (key == 22 && strncmp(name, "upstream_response_time",
                                            22) == 0)) {
            e->saw_time_key = true;
            hr_al_upstream(e, text + value_at, value);
        }
        at = value_at + value + (text[value_at + value] == '"');
        at += strspn(text + at, " \t");
    }
    return true;
}

/* Applies one field's text to the entry. */
static void hr_al_take(hr_al_entry *e, hr_al_var var, const char *text,
                       size_t length)
{
    switch (var) {
    case HR_AL_TIME_LOCAL:
    case HR_AL_TIME_ISO:
        e->time_ms = var == HR_AL_TIME_ISO ? hr_al_time_iso(text, length)
                                           : hr_al_time_local(text, length);
        if (isnan(e->time_ms))
            hr_al_bad(e, "time is not a date:", text, length);
        break;
    case HR_AL_MSEC:
        if (hr_al_number(text, length, &e->time_ms))
            e->time_ms *= 1000.0;
        else
            hr_al_bad(e, "msec is not a number:", text, length);
        break;
    case HR_AL_REQUEST:
        e->request = text;
        e->request_length = length;
        break;
    case HR_AL_METHOD:
        e->method = text;
        e->method_length = length;
        break;
    case HR_AL_URI:
        e->uri = text;
        e->uri_length = length;
        break;
    case HR_AL_STATUS:
        hr_al_status(e, text, length);
        break;
    case HR_AL_BYTES:
        hr_al_bytes(e, text, length);
        break;
    case HR_AL_SECONDS:
        hr_al_duration(e, text, length, 1000.0, &e->elapsed_ms);
        break;
    case HR_AL_MILLIS:
        hr_al_duration(e, text, length, 1.0, &e->elapsed_ms);
        break;
    case HR_AL_MICROS:
        hr_al_duration(e, text, length, 0.001, &e->elapsed_ms);
        break;
    case HR_AL_UPSTREAM:
        hr_al_upstream(e, text, length);
        break;
    case HR_AL_KEYVALUES:
    case HR_AL_SKIP:
        break;
    }
}

/* ---- lines ------------------------------------------------------------ */

/* Where the field of token t, starting at pos, ends: at the next
 * occurrence of the literal after it, at the end of the line, or (two
 * fields in a row, as Apache's %U%q) at a space, or '?' after a path. */
static const char *hr_al_field_end(const hr_al_layout *layout, size_t t,
                                   const char *at)
{
    const hr_al_token *next = t + 1 < layout->count
                              ? &layout->tokens[t + 1] : NULL;

    if (!next)
        return at + strlen(at);
    if (next->literal)
        return strstr(at, next->literal);
    if (layout->tokens[t].var == HR_AL_URI)
        return at + strcspn(at, " ?");
    return at + strcspn(at, " \t");
}

/* Matches a line against a layout, filling e; on a mismatch returns
 * false with the 1-based column and the literal expected there. */
static bool hr_al_match(const hr_al_layout *layout, const char *line,
                        hr_al_entry *e, size_t *column,
                        const char **expected)
{
    const char *at = line;

    for (size_t t = 0; t < layout->count; t++) {
        const hr_al_token *token = &layout->tokens[t];
        const char *end;

        *column = (size_t)(at - line) + 1;
        if (token->literal) {
            *expected = token->literal;
            if (strncmp(at, token->literal, strlen(token->literal)) != 0)
                return false;
            at += strlen(token->literal);
            continue;
        }
        if (token->var == HR_AL_KEYVALUES) {
            *expected = "key=value fields";
            return hr_al_keyvalues(e, at);
        }
        end = hr_al_field_end(layout, t, at);
        *expected = t + 1 < layout->count && layout->tokens[t + 1].literal
                    ? layout->tokens[t + 1].literal : "end of line";
        if (!end)
            return false;
        hr_al_take(e, token->var, at, (size_t)(end - at));
        at = end;
    }
    *column = (size_t)(at - line) + 1;
    *expected = "end of line";
    return at[strspn(at, " \t")] == '\0';
}

/* True when text is an HTTP method: capital letters, '-' or '_'. */
static bool hr_al_method_ok(const char *text, size_t length)
{
    if (length == 0 || length > 32)
        return false;
    for (size_t i = 0; i < length; i++) {
        if (!isupper((unsigned char)text[i]) && !strchr("-_", text[i]))
            return false;
    }
    return true;
}

/* Splits "METHOD target [protocol]" into method and target; false when
 * the request line has another shape. */
static bool hr_al_split_request(const hr_al_entry *e, const char **method,
                                size_t *method_length, const char **target,
                                size_t *target_length)
{
    const char *r = e->request, *end = e->request + e->request_length;
    const char *space = memchr(r, ' ', e->request_length);
    const char *second;

    if (!space)
        return false;
    *method = r;
    *method_length = (size_t)(space - r);
    *target = space + 1;
    second = memchr(*target, ' ', (size_t)(end - *target));
    *target_length = (size_t)((second ? second : end) - *target);
    if (second && (memchr(second + 1, ' ', (size_t)(end - second - 1))
                   || strncmp(second + 1, "HTTP/", 5) != 0))
        return false;
    return hr_al_method_ok(*method, *method_length) && *target_length;
}

/* The path of a request target: an absolute URL loses its scheme and
 * host, and every target its query and fragment. */
static void hr_al_path(const char *target, size_t length, const char **path,
                       size_t *path_length)
{
    const char *end = target + length;
    const char *scheme = NULL;

    if (length > 7 && strncmp(target, "http://", 7) == 0)
        scheme = target + 7;
    else if (length > 8 && strncmp(target, "https://", 8) == 0)
        scheme = target + 8;
    if (scheme) {
        const char *slash = memchr(scheme, '/', (size_t)(end - scheme));

        target = slash ? slash : "/";
        end = slash ? end : target + 1;
    }
    *path = target;
    *path_length = strcspn(target, "?#");
    if (*path_length > (size_t)(end - target))
        *path_length = (size_t)(end - target);
}

/* Writes the label of the entry's request into out
 * (HR_AL_LABEL_MAX + 1 bytes), before any UTF-8 check. */
static void hr_al_label(const hr_al_entry *e,
                        const hr_access_log_options *options, char *out)
{
    const char *method = e->method, *target = e->uri, *path;
    size_t method_length = e->method_length, target_length = e->uri_length;
    size_t path_length;
    char method_text[40], path_text[HR_AL_LABEL_MAX + 1];

    if (e->request && !hr_al_split_request(e, &method, &method_length,
                                           &target, &target_length))
        method = NULL;
    if (!method || !target || !hr_al_method_ok(method, method_length)) {
        strcpy(out, "(invalid request)");
        return;
    }
    hr_al_path(target, target_length, &path, &path_length);
    if (path_length > HR_AL_LABEL_MAX - method_length - 1) {
        path_length = HR_AL_LABEL_MAX - method_length - 1;
        /* Cut before a character, not inside one. */
        while (path_length && ((unsigned char)path[path_length] & 0xC0)
                              == 0x80)
            path_length--;
    }
    memcpy(method_text, method, method_length);
    method_text[method_length] = '\0';
    memcpy(path_text, path, path_length);
    path_text[path_length] = '\0';
    if (options && options->label
        && options->label(options->label_context, method_text, path_text,
                          out, HR_AL_LABEL_MAX + 1))
        return;
    /* method_length + 1 + path_length <= HR_AL_LABEL_MAX, by the cut. */
    memcpy(out, method_text, method_length);
    out[method_length] = ' ';
    memcpy(out + method_length + 1, path_text, path_length + 1);
}

/* The error kind of a status: 499 (nginx: the client closed the
 * connection before the answer) is a connection failure. */
static hr_error_kind hr_al_error_kind(int status)
{
    if (status == 499)
        return HR_SAMPLE_CONNECTION;
    if (status >= 400 && status < 500)
        return HR_SAMPLE_HTTP_4XX;
    if (status >= 500 && status < 600)
        return HR_SAMPLE_HTTP_5XX;
    return HR_SAMPLE_OK;
}

/* ---- reading ---------------------------------------------------------- */

/* State of one read call. */
typedef struct hr_al_read {
    hr_reader reader;            /* counts, messages, the file's note */
    hr_line_reader lines;
    char *line;                  /* the current line */
    const hr_access_log_options *options;
    hr_al_layout layouts[2];     /* the given one, or combined + common */
    size_t layout_count;
    bool saw_time_key;
} hr_al_read;

/* Turns a matched entry into a sample, or skips the line. */
static hr_status hr_al_record(hr_al_read *r, hr_al_entry *e,
                              const hr_al_layout *layout)
{
    char text[HR_AL_LABEL_MAX + 1];
    double elapsed = isnan(e->elapsed_ms) ? e->upstream_ms : e->elapsed_ms;
    unsigned long line = r->lines.line;
    hr_sample sample;
    hr_status status;

    if (e->why[0])
        return hr_reader_skip(&r->reader, line, "%s", e->why);
    if (isnan(elapsed))
        return hr_reader_skip(&r->reader, line, "no request time (the "
                              "field is '-' or absent)");
    if (elapsed > HR_AL_MAX_ELAPSED_MS)
        return hr_reader_skip(&r->reader, line, "request time %.0f s is "
                              "over a day", elapsed / 1000.0);
    hr_al_label(e, r->options, text);
    sample.label = hr_reader_label(&r->reader, line, text, strlen(text));
    if (!sample.label)
        return HR_ERR_NOMEM;
    sample.elapsed_ms = elapsed;
    sample.timestamp_ms = layout->time_at_end ? e->time_ms - elapsed
                                              : e->time_ms;
    sample.error = hr_al_error_kind(e->status);
    sample.bytes = e->bytes;
    sample.concurrency = NAN;
    status = hr_sample_set_record(r->reader.set, &sample);
    r->reader.records += status == HR_OK;
    return status;
}

/* Reads one line with the first layout that matches it. */
static hr_status hr_al_line(hr_al_read *r)
{
    const char *expected = "";
    char excerpt[48];
    size_t column = 1, first_column = 1;

    for (size_t i = 0; i < r->layout_count; i++) {
        hr_al_entry e = {.time_ms = NAN, .status = -1, .bytes = NAN,
                         .elapsed_ms = NAN, .upstream_ms = NAN};
        const char *want = "";

        if (hr_al_match(&r->layouts[i], r->line, &e, &column, &want)) {
            r->saw_time_key |= e.saw_time_key;
            return hr_al_record(r, &e, &r->layouts[i]);
        }
        if (i == 0) {
            first_column = column;
            expected = want;
        }
    }
    hr_text_excerpt(expected, excerpt);
    return hr_reader_skip(&r->reader, r->lines.line, "line does not match "
                          "the log format at column %zu (expected '%s')",
                          first_column, excerpt);
}

/* Reads every line; blank ones are not records. */
static hr_status hr_al_lines(hr_al_read *r)
{
    hr_status status = HR_OK;
    size_t length;
    bool got = true;

    while (status == HR_OK) {
        status = hr_line_next(&r->lines, &r->line, &length, &got);
        if (status != HR_OK || !got)
            break;
        if (r->lines.overlong || r->lines.binary)
            status = hr_reader_skip(&r->reader, r->lines.line, "line is %s",
                                    r->lines.binary ? "binary (NUL bytes)"
                                                    : "over 1 MiB");
        else if (r->line[strspn(r->line, " \t")] != '\0')
            status = hr_al_line(r);
    }
    if (status == HR_ERR_IO)
        hr_reader_read_failed(&r->reader, &r->lines);
    return status;
}

/* Ends the read; says what to do when the default layout found no
 * request time anywhere. */
static hr_status hr_al_finish(hr_al_read *r)
{
    if (!r->reader.records && !r->options->log_format && !r->saw_time_key
        && r->reader.skipped)
        hr_reader_diag(&r->reader, HR_ERROR, 0, "no line has a request "
                       "time (rt= or request_time=): give the server's "
                       "log_format or LogFormat line");
    return hr_reader_finish(&r->reader, "requests");
}

/* Compiles the given layout, or the two default ones. */
static hr_status hr_al_prepare(hr_al_read *r)
{
    const char *format = r->options->log_format;
    hr_status status;
    size_t fault;

    if (!format) {
        r->layout_count = 2;
        status = hr_al_default(&r->layouts[0], true);
        return status == HR_OK ? hr_al_default(&r->layouts[1], false)
                               : status;
    }
    r->layout_count = 1;
    status = hr_access_log_check_format(format, r->reader.diags);
    return status == HR_OK ? hr_al_compile(&r->layouts[0], format, &fault)
                           : status;
}

/* ---- public API ------------------------------------------------------- */

/* Compiles the layout once to find what is wrong with it. */
hr_status hr_access_log_check_format(const char *log_format,
                                     hr_diags *diags)
{
    hr_al_layout layout = {0};
    size_t fault = 0;
    hr_status status;

    if (!log_format)
        return HR_ERR_DOMAIN;
    status = hr_al_compile(&layout, log_format, &fault);
    if (status == HR_ERR_INVALID && diags)
        hr_diags_add(diags, HR_ERROR, "log_format", 1, fault, "cannot read "
                     "the log format here: an unclosed quote, or a '$' "
                     "or '%%' with no name after it");
    else if (status == HR_OK && !layout.has_elapsed) {
        status = HR_ERR_INVALID;
        if (diags)
            hr_diags_add(diags, HR_ERROR, "log_format", 1, 0, "no request"
                         " time field: add $request_time (nginx) or %%D "
                         "(Apache) to the server's log format");
    }
    hr_al_layout_release(&layout);
    return status;
}

/* Reads the log line by line with the layout of the options. */
hr_status hr_access_log_read_with(hr_source *source, hr_sample_set *set,
                                  hr_diags *diags,
                                  const hr_access_log_options *options)
{
    static const hr_access_log_options defaults = {0};
    hr_al_read r;
    hr_status status;

    if (!source || !set)
        return HR_ERR_DOMAIN;
    memset(&r, 0, sizeof r);
    hr_reader_init(&r.reader, source, "access-log", set, diags);
    r.options = options ? options : &defaults;

    status = hr_reader_refuse_wide(&r.reader, source);
    if (status == HR_OK)
        status = hr_al_prepare(&r);
    if (status == HR_OK)
        status = hr_line_reader_init(&r.lines, source);
    if (status == HR_OK) {
        status = hr_al_lines(&r);
        hr_line_reader_release(&r.lines);
    }
    if (status == HR_OK)
        status = hr_al_finish(&r);
    hr_reader_release(&r.reader);
    hr_al_layout_release(&r.layouts[0]);
    hr_al_layout_release(&r.layouts[1]);
    return status;
}

/* True when a line starts like the common/combined layouts:
 * host ident user [dd/Mon/yyyy:hh:mm:ss +zzzz] " */
static bool hr_al_sniff_line(const char *line, size_t length)
{
    size_t at = 0;

    for (int word = 0; word < 3; word++) {
        size_t start = at;

        while (at < length && line[at] != ' ' && line[at] > 0x20)
            at++;
        if (at == start || at >= length || line[at] != ' ')
            return false;
        at++;
    }
    return length - at >= 30 && line[at] == '['
           && !isnan(hr_al_time_local(line + at, 28))
           && line[at + 28] == ' ' && line[at + 29] == '"';
}

/* Claims a head whose first line starts like the common layout. */
bool hr_access_log_sniff(const char *head, size_t length)
{
    size_t at = 0;
    const char *end;

    if (length >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        at = 3;
    while (at < length && (head[at] == '\n' || head[at] == '\r'))
        at++;
    end = memchr(head + at, '\n', length - at);
    return hr_al_sniff_line(head + at,
                            end ? (size_t)(end - head) - at : length - at);
}

/* The format table's read: the default layout. */
hr_status hr_access_log_read(hr_source *source, hr_sample_set *set,
                                 hr_diags *diags)
{
    return hr_access_log_read_with(source, set, diags, NULL);
}
