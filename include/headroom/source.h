/*
 * source.h - an input byte stream for the result readers: a file, a gzip
 * file (recognised by its magic bytes, whatever its name) or standard
 * input ("-"), with its first bytes available for format sniffing before
 * any is consumed.
 */
#ifndef HEADROOM_SOURCE_H
#define HEADROOM_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"

/* Bytes of a source's head kept for sniffing. */
#define HR_SOURCE_HEAD_BYTES 65536

typedef struct hr_source hr_source;

/* Opens path ("-" for standard input). On failure adds a located error
 * (with strerror) to diags and returns HR_ERR_IO. Close with
 * hr_source_close(). */
hr_status hr_source_open(const char *path, hr_source **out, hr_diags *diags);

/* The name used in messages: the path, or "<stdin>". */
const char *hr_source_name(const hr_source *source);

/* True when the bytes were gzip-compressed. */
bool hr_source_compressed(const hr_source *source);

/* The first bytes of the (decompressed) stream, up to
 * HR_SOURCE_HEAD_BYTES, without consuming them. */
void hr_source_head(const hr_source *source, const char **bytes,
                    size_t *length);

/* Reads up to size bytes; returns the count, 0 at the end. Sets *status
 * to HR_ERR_IO on a read or decompression error. */
size_t hr_source_read(hr_source *source, void *buffer, size_t size,
                      hr_status *status);

/* Total size in bytes when known (plain regular files), else 0: for
 * progress reports. */
size_t hr_source_size_hint(const hr_source *source);

void hr_source_close(hr_source *source);

/* Why the last hr_source_read failed ("truncated gzip data", an OS
 * error...), or "" when it did not. Valid until the next read. */
const char *hr_source_error(const hr_source *source);

/* For readers with a fast path over a whole file: the descriptor of an
 * uncompressed regular file, to be read with pread() from offset 0 (the
 * head is part of it), and its size in *size. Returns -1 for gzip, pipes
 * and terminals, which must be read with hr_source_read. The source
 * keeps the descriptor; it stays valid until hr_source_close. */
int hr_source_plain_fd(const hr_source *source, size_t *size);

/* Called now and then while a source is read, with the bytes of the file
 * (compressed bytes for gzip) read so far and its size (0 when unknown):
 * for a progress bar. The callback must not read the source. */
typedef void (*hr_source_progress_fn)(size_t done, size_t total,
                                      void *context);

void hr_source_set_progress(hr_source *source, hr_source_progress_fn fn,
                            void *context);

/* Reports progress for a reader that reads the file by itself (see
 * hr_source_plain_fd): done bytes of the file. */
void hr_source_report_progress(hr_source *source, size_t done);

#endif
