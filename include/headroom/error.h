/*
 * error.h - status codes and located diagnostics shared by every module.
 *
 * Library functions return an hr_status and never print or exit; readers of
 * input files also collect hr_diag messages that carry file:line:column so
 * that main() can show every problem at once and pick the exit code.
 */
#ifndef HEADROOM_ERROR_H
#define HEADROOM_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum hr_status {
    /* Success. */
    HR_OK = 0,
    /* A memory allocation failed. */
    HR_ERR_NOMEM,
    /* A file could not be opened, read, written or renamed. */
    HR_ERR_IO,
    /* An input file is not well formed (YAML, CSV) at a given location. */
    HR_ERR_PARSE,
    /* An input file is well formed but breaks the schema or value rules. */
    HR_ERR_INVALID,
    /* An input held no usable record at all. */
    HR_ERR_NO_DATA,
    /* A queue's utilisation is 1 or more: it has no steady state. */
    HR_ERR_SATURATED,
    /* A numeric argument is outside the domain of the formula. */
    HR_ERR_DOMAIN,
    /* A numeric routine (GSL) failed to converge or reported an error. */
    HR_ERR_NUMERIC,
    /* An output library (libxlsxwriter, cairo) reported a failure. */
    HR_ERR_OUTPUT,
    /* Number of status codes; not a status. */
    HR_STATUS_COUNT
} hr_status;

/* Returns a short lowercase description of a status; never NULL. */
const char *hr_strerror(hr_status status);

typedef enum hr_severity {
    HR_WARNING,
    HR_ERROR
} hr_severity;

/* One message about an input, with its location. Line and column are
 * 1-based; 0 means unknown. */
typedef struct hr_diag {
    hr_severity severity;
    char *file;
    unsigned long line;
    unsigned long column;
    char *message;
} hr_diag;

/* A growing list of diagnostics. Zero-initialise, then add; release frees
 * every message. */
typedef struct hr_diags {
    hr_diag *items;
    size_t count;
    size_t capacity;
} hr_diags;

/* Appends a formatted message. Returns HR_ERR_NOMEM if it could not be
 * stored (the message is then lost, but the list stays valid). */
hr_status hr_diags_add(hr_diags *diags, hr_severity severity,
                       const char *file, unsigned long line,
                       unsigned long column, const char *format, ...)
    __attribute__((format(printf, 6, 7)));

hr_status hr_diags_vadd(hr_diags *diags, hr_severity severity,
                        const char *file, unsigned long line,
                        unsigned long column, const char *format,
                        va_list args);

/* Number of messages of the given severity. */
size_t hr_diags_count(const hr_diags *diags, hr_severity severity);

/* Prints each message as "error: file:line:col: message". */
void hr_diags_print(const hr_diags *diags, FILE *stream);

void hr_diags_release(hr_diags *diags);

/* Switches GSL's default abort-on-error handler off; call once at start. */
void hr_numeric_init(void);

#endif
