/*
 * csv.h - a streaming tokenizer for delimiter-separated records with
 * RFC 4180 quoting, shared by the CSV readers under src/input.
 *
 * A record is read a byte at a time from a memory buffer and then a
 * stdio stream, so a file never has to fit in memory: only the current record
 * is held. Quoted fields may contain the delimiter, doubled quotes and
 * line breaks (LF or CRLF, kept as they are). Records end at LF, CRLF or
 * a bare CR, or at the end of input even without a final line break.
 * Blank lines are skipped. The physical line where each record starts is
 * tracked for diagnostics. A record over HR_CSV_MAX_RECORD_BYTES or
 * HR_CSV_MAX_FIELDS (an unclosed quote can swallow the rest of a file) is
 * scanned to its end but not kept, so memory stays bounded.
 *
 * Deviations from RFC 4180, as in Python's csv module: text after a
 * closing quote is appended to the field, and a quote inside an unquoted
 * field is an ordinary character.
 */
#ifndef HEADROOM_INPUT_CSV_H
#define HEADROOM_INPUT_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "headroom/error.h"

/* Largest record kept, in bytes of field text (with a NUL per field). */
#define HR_CSV_MAX_RECORD_BYTES ((size_t)16 << 20)

/* Most fields kept in one record. */
#define HR_CSV_MAX_FIELDS ((size_t)1 << 16)

/* Reader state. Set up with hr_csv_reader_init, free with _release. */
typedef struct hr_csv_reader {
    const char *bytes;          /* read first */
    size_t length;
    size_t position;
    FILE *stream;               /* read next, unless NULL */
    int pushback;               /* one byte put back, or -2 for none */
    int delimiter;
    unsigned long line;         /* physical line of the next byte */
    unsigned long record_line;  /* line where the last record began */
    bool unterminated;          /* last record ended inside quotes */
    bool overlong;              /* last record was over a limit: no fields */
    char *text;                 /* the record's fields, NUL-terminated */
    size_t text_length;
    size_t text_capacity;
    size_t *starts;             /* offset of each field in text */
    size_t field_count;
    size_t field_capacity;
} hr_csv_reader;

/*
 * Prepares to read records from the length bytes at bytes, then from
 * stream: a caller that has already read the head of a file to look at it
 * passes that head here and the stream positioned after it. Either input
 * may be absent (NULL, or length 0). Both must outlive the reader; the
 * caller closes the stream. Allocates nothing.
 */
void hr_csv_reader_init(hr_csv_reader *reader, const char *bytes,
                        size_t length, FILE *stream, int delimiter);

/*
 * Reads the next non-blank record. Sets *got to false at the end of the
 * input. A record cut off by the end of input inside a quoted field is
 * still returned, with reader->unterminated set; a record over a size
 * limit is returned with no fields and reader->overlong set. Returns HR_OK,
 * HR_ERR_IO when the stream reports a read error (errno is kept), or
 * HR_ERR_NOMEM.
 */
hr_status hr_csv_reader_next(hr_csv_reader *reader, bool *got);

/* Number of fields in the last record read. */
size_t hr_csv_field_count(const hr_csv_reader *reader);

/* Field index of the last record, NUL-terminated; valid until the next
 * call to hr_csv_reader_next. index must be below the field count. */
const char *hr_csv_field(const hr_csv_reader *reader, size_t index);

/* Frees the record buffers; the stream is not closed. Accepts NULL. */
void hr_csv_reader_release(hr_csv_reader *reader);

#endif
