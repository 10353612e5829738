/*
 * formats.h - the result formats headroom reads, each with a sniffer that
 * recognises it from the first bytes and a streaming reader.
 */
#ifndef HEADROOM_FORMATS_H
#define HEADROOM_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"
#include "headroom/metrics.h"
#include "headroom/source.h"

typedef struct hr_format {
    const char *name;            /* e.g. "jmeter-csv", for --format */
    const char *description;     /* e.g. "JMeter JTL CSV" */
    /* True when the head (up to HR_SOURCE_HEAD_BYTES) looks like this
     * format. Sniffers are tried in table order: specific before
     * general. */
    bool (*sniff)(const char *head, size_t length);
    /* Reads every record into set and notes the file in it. Malformed
     * records are skipped and counted with file:line warnings (the first
     * few); HR_ERR_NO_DATA with an error when nothing readable remains. */
    hr_status (*read)(hr_source *source, hr_sample_set *set,
                      hr_diags *diags);
} hr_format;

/* The table of formats, in sniffing order. */
const hr_format *hr_formats(size_t *count);

/* A format by name, or NULL. */
const hr_format *hr_format_find(const char *name);

/* The first format whose sniffer accepts the head, or NULL. */
const hr_format *hr_format_detect(const char *head, size_t length);

#endif
