/*
 * source.c - input byte streams for the result readers (source.h).
 *
 * A source is a file descriptor (a path, or standard input for "-"),
 * read with read(2). Its first bytes decide whether it is gzip (magic
 * bytes 1f 8b, RFC 1952 section 2.3.1), whatever the file is called; a
 * gzip stream is inflated with zlib, member after member, as gzip(1)
 * does for concatenated files. The first HR_SOURCE_HEAD_BYTES of the
 * decompressed stream are read at open time and served again by the first
 * reads, so readers can sniff a pipe without consuming it.
 *
 * Sections: raw input, gzip, head, public API.
 */
#include "headroom/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Compressed bytes read at a time. */
#define HR_SOURCE_ZIN_BYTES 65536

/* Bytes of the file between two progress reports. */
#define HR_SOURCE_PROGRESS_STEP ((size_t)1 << 20)

struct hr_source {
    char *name;
    int fd;
    bool owns_fd;            /* false for standard input */
    bool regular;
    size_t file_size;        /* of a regular file, else 0 */
    size_t raw_done;         /* bytes of the file read so far */
    bool raw_eof;
    char error[128];

    char *head;              /* first bytes of the (inflated) stream */
    size_t head_length;
    size_t head_served;      /* of head, already handed out by read */

    bool compressed;
    bool z_ready;            /* inflateInit2 done */
    bool z_done;             /* the last member ended cleanly */
    z_stream z;
    unsigned char *zin;

    hr_source_progress_fn progress;
    void *progress_context;
    size_t progress_last;
};

/* ---- raw input -------------------------------------------------------- */

/* Notes an OS error for hr_source_error. */
static void hr_source_os_error(hr_source *source, int error)
{
    snprintf(source->error, sizeof source->error, "%s", strerror(error));
}

/* Calls the progress callback when another step of the file is read. */
static void hr_source_tick(hr_source *source)
{
    if (!source->progress
        || source->raw_done - source->progress_last < HR_SOURCE_PROGRESS_STEP)
        return;
    source->progress_last = source->raw_done;
    source->progress(source->raw_done, source->file_size,
                     source->progress_context);
}

/* Reads up to size bytes of the file, retrying short reads of pipes
 * until size or the end. Returns the count; sets *status on error. */
static size_t hr_raw_read(hr_source *source, void *buffer, size_t size,
                          hr_status *status)
{
    size_t done = 0;

    while (done < size && !source->raw_eof) {
        ssize_t got = read(source->fd, (char *)buffer + done, size - done);

        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            hr_source_os_error(source, errno);
            *status = HR_ERR_IO;
            break;
        }
        source->raw_eof = got == 0;
        done += (size_t)got;
    }
    source->raw_done += done;
    hr_source_tick(source);
    return done;
}

/* ---- gzip ------------------------------------------------------------- */

/* Refills zlib's input when it is empty. */
static void hr_gzip_feed(hr_source *source, hr_status *status)
{
    if (source->z.avail_in > 0 || source->raw_eof)
        return;
    source->z.next_in = source->zin;
    source->z.avail_in = (uInt)hr_raw_read(source, source->zin,
                                           HR_SOURCE_ZIN_BYTES, status);
}

/* After a member's end: starts the next member when gzip magic follows,
 * else ends the stream (trailing bytes are ignored, as gzip(1) does with
 * zero padding). */
static void hr_gzip_next_member(hr_source *source, hr_status *status)
{
    hr_gzip_feed(source, status);
    if (source->z.avail_in > 0 && source->z.next_in[0] == 0x1f
        && inflateReset(&source->z) == Z_OK)
        return;
    source->z_done = true;
}

/* Inflates up to size bytes; returns the count. */
static size_t hr_gzip_read(hr_source *source, void *buffer, size_t size,
                           hr_status *status)
{
    source->z.next_out = buffer;
    source->z.avail_out = (uInt)size;
    while (source->z.avail_out > 0 && !source->z_done && *status == HR_OK) {
        uInt room = source->z.avail_out;
        int z;

        hr_gzip_feed(source, status);
        z = inflate(&source->z, Z_NO_FLUSH);
        if (z == Z_STREAM_END) {
            hr_gzip_next_member(source, status);
        } else if ((z == Z_OK || z == Z_BUF_ERROR)
                   && source->z.avail_out == room
                   && source->z.avail_in == 0 && source->raw_eof) {
            /* No output and no input left: the stream was cut short. */
            snprintf(source->error, sizeof source->error,
                     "truncated gzip data");
            *status = *status == HR_OK ? HR_ERR_IO : *status;
        } else if (z != Z_OK && z != Z_BUF_ERROR) {
            snprintf(source->error, sizeof source->error,
                     "corrupt gzip data: %s",
                     source->z.msg ? source->z.msg : zError(z));
            *status = HR_ERR_IO;
        }
    }
    return size - source->z.avail_out;
}

/* Starts inflating with the bytes already read. */
static hr_status hr_gzip_start(hr_source *source, const char *bytes,
                               size_t length)
{
    source->zin = malloc(HR_SOURCE_ZIN_BYTES > length ? HR_SOURCE_ZIN_BYTES
                                                      : length);
    if (!source->zin)
        return HR_ERR_NOMEM;
    memcpy(source->zin, bytes, length);
    /* 16 + MAX_WBITS: a gzip wrapper, not zlib's (zlib.h, inflateInit2). */
    if (inflateInit2(&source->z, 16 + MAX_WBITS) != Z_OK)
        return HR_ERR_NOMEM;
    source->z_ready = true;
    source->z.next_in = source->zin;
    source->z.avail_in = (uInt)length;
    source->compressed = true;
    return HR_OK;
}

/* ---- head ------------------------------------------------------------- */

/* Reads from the decompressor or the file, past the head. */
static size_t hr_stream_read(hr_source *source, void *buffer, size_t size,
                             hr_status *status)
{
    if (source->compressed)
        return hr_gzip_read(source, buffer, size, status);
    return hr_raw_read(source, buffer, size, status);
}

/* Reads the head, learning on the way whether the stream is gzip. */
static hr_status hr_source_fill_head(hr_source *source)
{
    hr_status status = HR_OK;
    size_t raw;

    source->head = malloc(HR_SOURCE_HEAD_BYTES);
    if (!source->head)
        return HR_ERR_NOMEM;
    raw = hr_raw_read(source, source->head, HR_SOURCE_HEAD_BYTES, &status);
    if (status != HR_OK)
        return status;
    if (raw < 2 || (unsigned char)source->head[0] != 0x1f
        || (unsigned char)source->head[1] != 0x8b) {
        source->head_length = raw;
        return HR_OK;
    }
    status = hr_gzip_start(source, source->head, raw);
    if (status == HR_OK)
        source->head_length = hr_gzip_read(source, source->head,
                                           HR_SOURCE_HEAD_BYTES, &status);
    return status;
}

/* Opens the descriptor behind path and learns what kind of file it is. */
static hr_status hr_source_open_fd(hr_source *source, const char *path)
{
    struct stat info;

    if (strcmp(path, "-") == 0) {
        source->fd = STDIN_FILENO;
    } else {
        source->fd = open(path, O_RDONLY);
        source->owns_fd = source->fd >= 0;
    }
    if (source->fd < 0 || fstat(source->fd, &info) != 0) {
        hr_source_os_error(source, errno);
        return HR_ERR_IO;
    }
    if (S_ISDIR(info.st_mode)) {
        hr_source_os_error(source, EISDIR);
        return HR_ERR_IO;
    }
    source->regular = S_ISREG(info.st_mode);
    source->file_size = source->regular ? (size_t)info.st_size : 0;
    return HR_OK;
}

/* ---- public API ------------------------------------------------------- */

hr_status hr_source_open(const char *path, hr_source **out, hr_diags *diags)
{
    hr_source *source;
    hr_status status;

    if (!path || !out)
        return HR_ERR_DOMAIN;
    *out = NULL;
    source = calloc(1, sizeof *source);
    if (!source)
        return HR_ERR_NOMEM;
    source->fd = -1;
    source->name = strdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
    status = source->name ? hr_source_open_fd(source, path) : HR_ERR_NOMEM;
    if (status == HR_OK)
        status = hr_source_fill_head(source);
    if (status != HR_OK) {
        if (diags && status == HR_ERR_IO)
            hr_diags_add(diags, HR_ERROR, source->name ? source->name : path,
                         0, 0, "cannot %s: %s",
                         source->head ? "read" : "open", source->error);
        hr_source_close(source);
        return status;
    }
    source->error[0] = '\0';
    *out = source;
    return HR_OK;
}

const char *hr_source_name(const hr_source *source)
{
    return source ? source->name : "";
}

bool hr_source_compressed(const hr_source *source)
{
    return source && source->compressed;
}

void hr_source_head(const hr_source *source, const char **bytes,
                    size_t *length)
{
    *bytes = source ? source->head : NULL;
    *length = source ? source->head_length : 0;
}

size_t hr_source_read(hr_source *source, void *buffer, size_t size,
                      hr_status *status)
{
    size_t done = 0;

    *status = HR_OK;
    if (!source || !buffer)
        return 0;
    source->error[0] = '\0';
    if (source->head_served < source->head_length) {
        done = source->head_length - source->head_served;
        done = done < size ? done : size;
        memcpy(buffer, source->head + source->head_served, done);
        source->head_served += done;
    }
    if (done < size)
        done += hr_stream_read(source, (char *)buffer + done, size - done,
                               status);
    return done;
}

size_t hr_source_size_hint(const hr_source *source)
{
    return source && source->regular && !source->compressed
               ? source->file_size : 0;
}

const char *hr_source_error(const hr_source *source)
{
    return source ? source->error : "";
}

int hr_source_plain_fd(const hr_source *source, size_t *size)
{
    if (!source || !source->regular || source->compressed)
        return -1;
    *size = source->file_size;
    return source->fd;
}

void hr_source_set_progress(hr_source *source, hr_source_progress_fn fn,
                            void *context)
{
    if (!source)
        return;
    source->progress = fn;
    source->progress_context = context;
}

void hr_source_report_progress(hr_source *source, size_t done)
{
    if (!source || !source->progress)
        return;
    source->progress(done, source->file_size, source->progress_context);
}

void hr_source_close(hr_source *source)
{
    if (!source)
        return;
    if (source->z_ready)
        inflateEnd(&source->z);
    if (source->owns_fd)
        close(source->fd);
    free(source->zin);
    free(source->head);
    free(source->name);
    free(source);
}
