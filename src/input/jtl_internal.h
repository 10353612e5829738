/*
 * jtl_internal.h - what the JMeter CSV reader's two files share: the
 * layout learnt from a file's head (jtl.c), and the state of one part of
 * a file being read, by one thread, block by block (jtl_read.c).
 */
#ifndef HEADROOM_INPUT_JTL_INTERNAL_H
#define HEADROOM_INPUT_JTL_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/error.h"
#include "headroom/metrics.h"
#include "headroom/source.h"
#include "input/csv.h"

/* Skipped rows reported one by one; the rest only in a total. */
#define HR_JTL_SKIPS_SHOWN 5

/* Longest field excerpt quoted in a message. */
#define HR_JTL_EXCERPT 40

/* What the first record of a file says about it. */
typedef enum hr_jtl_shape {
    HR_JTL_EMPTY,         /* no record at all */
    HR_JTL_HEADER,        /* the first record names the columns */
    HR_JTL_HEADERLESS,    /* data in JMeter's default column order */
    HR_JTL_UNKNOWN        /* no header, and no timestamp to start a row */
} hr_jtl_shape;

/* Where a file keeps the columns a sample needs. */
typedef struct hr_jtl_layout {
    hr_jtl_shape shape;
    int delimiter;
    size_t fields;          /* fields per row: the header's or first row's */
    size_t timestamp;       /* column indexes, or HR_JTL_ABSENT */
    size_t elapsed;
    size_t label;
    size_t code;
    size_t success;
    size_t message;         /* responseMessage */
    size_t failure;         /* failureMessage */
    size_t bytes;
    size_t threads;         /* allThreads */
    size_t needed;          /* a shorter row lacks a column we read */
    bool epoch_first;       /* headerless, first field 13 digits */
    char first[HR_JTL_EXCERPT + 4];  /* excerpt of the first field */
} hr_jtl_layout;

/* One skipped row's line and reason, kept for the first few. */
typedef struct hr_jtl_note {
    unsigned long line;
    char reason[160];
} hr_jtl_note;

/* Labels a part remembers (2^bits), the lines a label may take from its
 * home line on, and the longest label it remembers. */
#define HR_JTL_LABEL_BITS 7
#define HR_JTL_LABEL_CACHE (1 << HR_JTL_LABEL_BITS)
#define HR_JTL_LABEL_WAYS 8
#define HR_JTL_CACHED_LABEL 48

/* A label seen lately and its place in the part's store, so that most
 * rows find their label without hashing it into the store's table. */
typedef struct hr_jtl_cached_label {
    size_t length;
    uint64_t head;              /* its first eight bytes (zero-padded) */
    uint64_t tail;              /* its last eight, or 0 when shorter */
    char text[HR_JTL_CACHED_LABEL];
    hr_label_ref *ref;          /* NULL: an empty cache line */
} hr_jtl_cached_label;

/* Rows whose histogram counter is fetched before it is incremented. */
#define HR_JTL_PENDING 16

/* One part of a file read by one thread: its input, its position, what
 * it found and the store its samples go to. */
typedef struct hr_jtl_part {
    const hr_jtl_layout *layout;
    hr_sample_set *set;
    hr_csv_scan scan;
    bool header_pending;        /* the next record is the header */

    /* Input: a source read in order, or a descriptor read with pread. */
    hr_source *source;
    int fd;
    char *buffer;
    size_t capacity;
    size_t length;              /* bytes in buffer */
    size_t position;            /* next byte to scan */
    size_t base;                /* file offset of buffer[0] */
    size_t start;               /* file offset where the part began */
    bool eof;
    atomic_size_t *shared_done; /* bytes read by all parts, or NULL */
    hr_source *report;          /* reports that total here, if set */
    int error;                  /* errno of a failed pread */

    /* What was found. Lines are counted from the part's start. */
    unsigned long line;         /* line of the next byte */
    unsigned long record_line;  /* line where the last record began */
    size_t records;
    size_t skipped;
    size_t short_rows;
    hr_jtl_note notes[HR_JTL_SKIPS_SHOWN];
    size_t note_count;
    hr_jtl_cached_label labels[HR_JTL_LABEL_CACHE];

    /* The row being read: its fields have been NUL-terminated. */
    bool terminated;
    /* Counters of the last rows' samples, still to be incremented. */
    uint64_t *pending[HR_JTL_PENDING];
    size_t pending_next;
} hr_jtl_part;

/* Column index meaning "this column is not in the file". */
#define HR_JTL_ABSENT SIZE_MAX

/* Turns the scanner's current record into a sample of part->set, or
 * counts it as skipped with a reason (jtl.c). */
hr_status hr_jtl_row(hr_jtl_part *part);

/* Increments the histogram counters the part has left pending; called
 * before its store is read or merged (jtl.c). */
void hr_jtl_flush(hr_jtl_part *part);

/* Prepares a part reading the source, or fd from offset start. */
void hr_jtl_part_init(hr_jtl_part *part, const hr_jtl_layout *layout,
                      hr_sample_set *set, hr_source *source, int fd,
                      size_t start);

void hr_jtl_part_release(hr_jtl_part *part);

/* Reads every record of the source into first (jtl_read.c): a large
 * plain file in chunks shared by two threads, anything else in order.
 * On a read error sets *reason to its text. */
hr_status hr_jtl_read_parts(hr_jtl_part *first, hr_source *source,
                            const char **reason);

#endif
