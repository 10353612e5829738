/*
 * error.c - status messages and the diagnostics list.
 */
#include "headroom/error.h"

#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_messages[HR_STATUS_COUNT] = {
    [HR_OK] = "success",
    [HR_ERR_NOMEM] = "out of memory",
    [HR_ERR_IO] = "input/output error",
    [HR_ERR_PARSE] = "malformed input",
    [HR_ERR_INVALID] = "invalid input",
    [HR_ERR_NO_DATA] = "no usable data",
    [HR_ERR_SATURATED] = "queue saturated (utilisation >= 1)",
    [HR_ERR_DOMAIN] = "argument out of range",
    [HR_ERR_NUMERIC] = "numeric method failed",
    [HR_ERR_OUTPUT] = "output library error",
};

const char *hr_strerror(hr_status status)
{
    if ((unsigned)status >= HR_STATUS_COUNT || !status_messages[status])
        return "unknown error";
    return status_messages[status];
}

static char *format_message(const char *format, va_list args)
{
    va_list copy;
    int length;
    char *text;

    va_copy(copy, args);
    length = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (length < 0)
        return NULL;
    text = malloc((size_t)length + 1);
    if (text)
        vsnprintf(text, (size_t)length + 1, format, args);
    return text;
}

static hr_status reserve_one(hr_diags *diags)
{
    size_t capacity;
    hr_diag *items;

    if (diags->count < diags->capacity)
        return HR_OK;
    capacity = diags->capacity ? diags->capacity * 2 : 8;
    items = realloc(diags->items, capacity * sizeof *items);
    if (!items)
        return HR_ERR_NOMEM;
    diags->items = items;
    diags->capacity = capacity;
    return HR_OK;
}

hr_status hr_diags_vadd(hr_diags *diags, hr_severity severity,
                        const char *file, unsigned long line,
                        unsigned long column, const char *format,
                        va_list args)
{
    hr_diag *diag;

    if (reserve_one(diags) != HR_OK)
        return HR_ERR_NOMEM;
    diag = &diags->items[diags->count];
    diag->severity = severity;
    diag->file = file ? strdup(file) : NULL;
    diag->line = line;
    diag->column = column;
    diag->message = format_message(format, args);
    if (!diag->message || (file && !diag->file)) {
        free(diag->file);
        free(diag->message);
        return HR_ERR_NOMEM;
    }
    diags->count++;
    return HR_OK;
}

hr_status hr_diags_add(hr_diags *diags, hr_severity severity,
                       const char *file, unsigned long line,
                       unsigned long column, const char *format, ...)
{
    va_list args;
    hr_status status;

    va_start(args, format);
    status = hr_diags_vadd(diags, severity, file, line, column, format, args);
    va_end(args);
    return status;
}

size_t hr_diags_count(const hr_diags *diags, hr_severity severity)
{
    size_t found = 0;

    for (size_t i = 0; i < diags->count; i++)
        found += diags->items[i].severity == severity;
    return found;
}

void hr_diags_print(const hr_diags *diags, FILE *stream)
{
    for (size_t i = 0; i < diags->count; i++) {
        const hr_diag *d = &diags->items[i];
        const char *level = d->severity == HR_ERROR ? "error" : "warning";

        fprintf(stream, "%s: ", level);
        if (d->file && d->line && d->column)
            fprintf(stream, "%s:%lu:%lu: ", d->file, d->line, d->column);
        else if (d->file && d->line)
            fprintf(stream, "%s:%lu: ", d->file, d->line);
        else if (d->file)
            fprintf(stream, "%s: ", d->file);
        fprintf(stream, "%s\n", d->message);
    }
}

void hr_diags_release(hr_diags *diags)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->count; i++) {
        free(diags->items[i].file);
        free(diags->items[i].message);
    }
    free(diags->items);
    diags->items = NULL;
    diags->count = diags->capacity = 0;
}

void hr_numeric_init(void)
{
    gsl_set_error_handler_off();
}
