/*
 * csv.c - the streaming record tokenizer behind csv.h.
 *
 * The reader pulls one byte at a time through hr_csv_getc(), which also
 * counts physical lines (LF, CRLF and bare CR each end one line), and
 * builds the current record in a single text buffer with a NUL after each
 * field. It reads from a memory buffer, then a stdio stream or an
 * hr_source (in chunks). Sections: byte input, buffers, fields and
 * records, public API. The block scanner is in csv_scan.c.
 */
#include "input/csv.h"

#include <stdlib.h>
#include <string.h>

/* Marks an empty pushback slot; distinct from EOF and every byte. */
#define HR_CSV_NO_PUSHBACK (-2)

/* What ended a field. */
typedef enum hr_csv_end {
    HR_CSV_END_FIELD,     /* a delimiter: another field follows */
    HR_CSV_END_RECORD,    /* a line break or the end of input */
} hr_csv_end;

/* ---- byte input ------------------------------------------------------- */

/* Bytes read from a source at a time. */
#define HR_CSV_CHUNK_BYTES 65536

/* Reads the next chunk of a source; returns its first byte, or EOF. */
static int hr_csv_refill(hr_csv_reader *reader)
{
    hr_status status = HR_OK;

    if (!reader->chunk) {
        reader->chunk = malloc(HR_CSV_CHUNK_BYTES);
        if (!reader->chunk) {
            reader->source_failed = true;
            return EOF;
        }
    }
    reader->bytes = reader->chunk;
    reader->position = 0;
    reader->length = hr_source_read(reader->source, reader->chunk,
                                    HR_CSV_CHUNK_BYTES, &status);
    reader->source_failed |= status != HR_OK;
    if (reader->length == 0)
        return EOF;
    return (unsigned char)reader->bytes[reader->position++];
}

/* Next raw byte from the buffer, then the stream or source, or EOF. */
static int hr_csv_raw(hr_csv_reader *reader)
{
    int c;

    if (reader->pushback != HR_CSV_NO_PUSHBACK) {
        c = reader->pushback;
        reader->pushback = HR_CSV_NO_PUSHBACK;
        return c;
    }
    if (reader->position < reader->length)
        return (unsigned char)reader->bytes[reader->position++];
    if (reader->stream)
        return getc(reader->stream);
    if (reader->source)
        return hr_csv_refill(reader);
    return EOF;
}

/* Next byte, counting lines: an LF ends a line, and so does a CR that no
 * LF follows (the LF of a CRLF is counted when it is read). */
static int hr_csv_getc(hr_csv_reader *reader)
{
    int c = hr_csv_raw(reader);

    if (c == '\n') {
        reader->line++;
    } else if (c == '\r') {
        int next = hr_csv_raw(reader);

        if (next != '\n')
            reader->line++;
        reader->pushback = next;
    }
    return c;
}

/* Consumes the LF of a CRLF pair just after a CR, if there is one. */
static void hr_csv_skip_lf(hr_csv_reader *reader)
{
    int next = hr_csv_raw(reader);

    if (next == '\n')
        reader->line++;
    else
        reader->pushback = next;
}

/* ---- buffers ---------------------------------------------------------- */

/* Appends one byte to the record text, or drops it once the record is
 * over the size limit. */
static hr_status hr_csv_put(hr_csv_reader *reader, int c)
{
    if (reader->overlong)
        return HR_OK;
    if (reader->text_length >= HR_CSV_MAX_RECORD_BYTES) {
        reader->overlong = true;
        return HR_OK;
    }
    if (reader->text_length == reader->text_capacity) {
        size_t capacity = reader->text_capacity ? reader->text_capacity * 2
                                                : 256;
        char *text = realloc(reader->text, capacity);

        if (!text)
            return HR_ERR_NOMEM;
        reader->text = text;
        reader->text_capacity = capacity;
    }
    reader->text[reader->text_length++] = (char)c;
    return HR_OK;
}

/* Starts a new field at the current end of the record text, unless the
 * record is over a limit. */
static hr_status hr_csv_begin_field(hr_csv_reader *reader)
{
    if (reader->overlong)
        return HR_OK;
    if (reader->field_count >= HR_CSV_MAX_FIELDS) {
        reader->overlong = true;
        return HR_OK;
    }
    if (reader->field_count == reader->field_capacity) {
        size_t capacity = reader->field_capacity
                              ? reader->field_capacity * 2 : 32;
        size_t *starts = realloc(reader->starts, capacity * sizeof *starts);

        if (!starts)
            return HR_ERR_NOMEM;
        reader->starts = starts;
        reader->field_capacity = capacity;
    }
    reader->starts[reader->field_count++] = reader->text_length;
    return HR_OK;
}

/* ---- fields and records ----------------------------------------------- */

/* Reads the rest of a quoted field after its opening quote, up to the
 * closing quote. Returns the byte after the closing quote in *after, or
 * EOF with reader->unterminated set when the input ends first. */
static hr_status hr_csv_quoted(hr_csv_reader *reader, int *after)
{
    hr_status status = HR_OK;
    int c;

    while (status == HR_OK) {
        c = hr_csv_getc(reader);
        if (c == EOF) {
            reader->unterminated = true;
            *after = EOF;
            return HR_OK;
        }
        if (c == '"') {
            c = hr_csv_getc(reader);
            if (c != '"') {
                *after = c;
                return HR_OK;
            }
        }
        status = hr_csv_put(reader, c);
    }
    return status;
}

/* Reads one field whose first byte is c and says what ended it. */
static hr_status hr_csv_field_read(hr_csv_reader *reader, int c,
                                   hr_csv_end *end)
{
    hr_status status = hr_csv_begin_field(reader);

    if (status == HR_OK && c == '"')
        status = hr_csv_quoted(reader, &c);
    while (status == HR_OK) {
        if (c == reader->delimiter || c == '\n' || c == '\r' || c == EOF)
            break;
        status = hr_csv_put(reader, c);
        c = hr_csv_getc(reader);
    }
    if (status != HR_OK)
        return status;
    if (c == '\r')
        hr_csv_skip_lf(reader);
    *end = c == reader->delimiter ? HR_CSV_END_FIELD : HR_CSV_END_RECORD;
    return hr_csv_put(reader, '\0');
}

/* Skips blank lines; returns the first byte of the next record, or EOF.
 * Sets record_line to the line that byte is on. */
static int hr_csv_record_start(hr_csv_reader *reader)
{
    int c;

    for (;;) {
        reader->record_line = reader->line;
        c = hr_csv_getc(reader);
        if (c == '\r')
            hr_csv_skip_lf(reader);
        else if (c != '\n')
            return c;
    }
}

/* ---- public API ------------------------------------------------------- */

void hr_csv_reader_init(hr_csv_reader *reader, const char *bytes,
                        size_t length, FILE *stream, int delimiter)
{
    memset(reader, 0, sizeof *reader);
    reader->bytes = bytes;
    reader->length = bytes ? length : 0;
    reader->stream = stream;
    reader->pushback = HR_CSV_NO_PUSHBACK;
    reader->delimiter = delimiter;
    reader->line = 1;
}

void hr_csv_reader_init_source(hr_csv_reader *reader, hr_source *source,
                               int delimiter)
{
    hr_csv_reader_init(reader, NULL, 0, NULL, delimiter);
    reader->source = source;
}

/* True when the stream or the source reported a read error. */
static bool hr_csv_failed(const hr_csv_reader *reader)
{
    return (reader->stream && ferror(reader->stream))
           || reader->source_failed;
}

hr_status hr_csv_reader_next(hr_csv_reader *reader, bool *got)
{
    hr_csv_end end = HR_CSV_END_FIELD;
    hr_status status = HR_OK;
    int c;

    reader->text_length = 0;
    reader->field_count = 0;
    reader->unterminated = false;
    reader->overlong = false;
    *got = false;

    c = hr_csv_record_start(reader);
    if (c == EOF)
        return hr_csv_failed(reader) ? HR_ERR_IO : HR_OK;
    while (status == HR_OK && end == HR_CSV_END_FIELD) {
        status = hr_csv_field_read(reader, c, &end);
        if (end == HR_CSV_END_FIELD)
            c = hr_csv_getc(reader);
    }
    if (status == HR_OK && hr_csv_failed(reader))
        status = HR_ERR_IO;
    if (reader->overlong)
        reader->text_length = reader->field_count = 0;
    *got = status == HR_OK;
    return status;
}

size_t hr_csv_field_count(const hr_csv_reader *reader)
{
    return reader->field_count;
}

const char *hr_csv_field(const hr_csv_reader *reader, size_t index)
{
    return reader->text + reader->starts[index];
}

void hr_csv_reader_release(hr_csv_reader *reader)
{
    if (!reader)
        return;
    free(reader->text);
    free(reader->starts);
    free(reader->chunk);
    reader->text = NULL;
    reader->starts = NULL;
    reader->chunk = NULL;
    reader->bytes = NULL;
    reader->length = reader->position = 0;
    reader->text_length = reader->text_capacity = 0;
    reader->field_count = reader->field_capacity = 0;
}
