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
#include <stdint.h>
#include <stdio.h>

#include "headroom/error.h"
#include "headroom/source.h"

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
    hr_source *source;          /* or this, through chunk */
    char *chunk;
    bool source_failed;         /* hr_source_read reported an error */
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
 * Prepares to read records from an hr_source, from its first byte (the
 * head included). The source must outlive the reader; the caller closes
 * it. A read error makes hr_csv_reader_next return HR_ERR_IO, with the
 * reason in hr_source_error(source).
 */
void hr_csv_reader_init_source(hr_csv_reader *reader, hr_source *source,
                               int delimiter);

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

/* ---- block scanner ---------------------------------------------------- */

/*
 * A fast tokenizer over records held in memory, for large files: the
 * caller reads the input in big blocks and hands the scanner the bytes
 * from the current position to the end of the block. Quoting, line
 * breaks, blank lines and line counting follow the stream reader above
 * exactly. Fields are found in place in the caller's buffer, given by
 * where they start and end and not NUL-terminated, so no byte is copied
 * or written for a record without quotes or with only quoted fields
 * that need no unescaping; other quoted fields are unescaped in place
 * (the text only shrinks). The byte at a field's end is the delimiter,
 * closing quote or line break that followed it (or spare space): a
 * caller may overwrite it with a NUL once it is done with the record.
 *
 * A record whose raw bytes exceed HR_CSV_MAX_RECORD_BYTES, or whose
 * fields exceed HR_CSV_MAX_FIELDS, is returned with no fields and
 * overlong set; the caller that cannot hold that many bytes skips it with
 * hr_csv_scan_skip.
 */
/* Spare bytes the block scanner needs after the data. */
#define HR_CSV_SCAN_PAD 64

typedef enum hr_csv_scan_result {
    HR_CSV_SCAN_RECORD,   /* a record is ready in the scanner */
    HR_CSV_SCAN_MORE,     /* the block ends inside a record: read more */
    HR_CSV_SCAN_END       /* nothing but blank lines before the end */
} hr_csv_scan_result;

typedef struct hr_csv_scan {
    int delimiter;
    unsigned char stop[256];    /* bytes that end an unquoted run */
    size_t keep;                /* fields to cut, the rest only counted:
                                   SIZE_MAX unless the caller lowers it */
    char **fields;              /* where the last record's fields start */
    char **ends;                /* and where each one's text ends */
    unsigned char *quoted;      /* whether each field began with a quote */
    size_t field_count;         /* fields in the record */
    size_t kept;                /* of which cut into fields[] (<= keep
                                   for a plain record, else all) */
    size_t field_capacity;
    bool unterminated;          /* the record ended inside quotes */
    bool overlong;
    bool plain;                 /* no field of the record was quoted */
    unsigned long blank_breaks; /* line breaks of blank lines before it */
    unsigned long breaks;       /* line breaks inside it and its end */
    size_t consumed;            /* bytes from the start to past its end */

    bool wide;                  /* the processor has AVX-512BW */
    /* The bit masks of the last 64 bytes scanned, for the next record. */
    char *block;
    uint64_t block_delimiters;
    uint64_t block_breaks;
    uint64_t block_quotes;

    /* State of hr_csv_scan_skip across blocks. */
    int skip_state;
    bool skip_cr;
} hr_csv_scan;

/* Prepares a scanner; allocates nothing. */
void hr_csv_scan_init(hr_csv_scan *scan, int delimiter);

/*
 * Scans the record that starts at bytes (after any blank lines). The
 * buffer must be writable and have HR_CSV_SCAN_PAD spare bytes after
 * bytes[length - 1] (the scanner reads ahead in blocks). eof
 * says that no byte follows the block. On HR_CSV_SCAN_RECORD the fields
 * and counts describe the record and consumed says where the next one
 * starts; on HR_CSV_SCAN_MORE the buffer is left as it was. Returns
 * HR_CSV_SCAN_END, or sets *status to HR_ERR_NOMEM and returns
 * HR_CSV_SCAN_END when the field table cannot grow.
 */
hr_csv_scan_result hr_csv_scan_next(hr_csv_scan *scan, char *bytes,
                                    size_t length, bool eof,
                                    hr_status *status);

/* Tells the scanner that the bytes it last saw have moved or changed
 * (the caller refilled its buffer). */
void hr_csv_scan_moved(hr_csv_scan *scan);

/*
 * Skips one record without keeping it, block after block: call first
 * with fresh set (at the record's first byte, blank lines allowed), then
 * with fresh false on each next block. Returns true when the record ended
 * in this block, with consumed, blank_breaks and breaks set as for
 * hr_csv_scan_next (counted over every block); false when it goes on.
 */
bool hr_csv_scan_skip(hr_csv_scan *scan, const char *bytes, size_t length,
                      bool eof, bool fresh);

/* Frees the field table. Accepts NULL. */
void hr_csv_scan_release(hr_csv_scan *scan);

#endif
