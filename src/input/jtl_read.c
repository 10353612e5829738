/*
 * jtl_read.c - reads a JMeter CSV file block by block, on two threads
 * when it is a large plain file.
 *
 * A part reads its input in blocks of HR_JTL_BLOCK bytes into a buffer,
 * lets the block scanner cut whole records out of it, and moves the
 * unfinished tail to the front before the next block. A record longer
 * than the scanner's limit is skipped without being held.
 *
 * A plain file of HR_JTL_PARALLEL_BYTES or more is cut into chunks (see
 * HR_JTL_CHUNKS), each starting just after a line feed, and
 * the calling thread and one helper take chunks in turn, each chunk into
 * a store of its own (so a busy core slows one chunk, not half the
 * file). A chunk's start is only a guess at a record boundary: a quoted
 * field may hold line breaks. So the calling thread accepts chunks in
 * file order, keeping one only when the records before it end exactly
 * at its start, and then merges its store, counts and messages into the
 * result; otherwise it drops the chunk and reads that stretch itself
 * from where the records really are. Either way the result is what
 * reading the file in order gives.
 *
 * NEEDSWORK: tests/bench/ingest_bench.sh measures 3.1x to 3.6x DuckDB's
 * speed on the 2-core machine (medians of five runs), so the 3x target
 * holds with little to spare when the machine is busy. Profiles give
 * about 30 % of the time to the row reader (jtl.c), 30 % to the block
 * scanner, 13 % to recording a sample (metrics.c, histogram.c) and
 * 12 % to pread's copy. Reading through a mapping instead was tried:
 * it cut the system time by a fifth, but the scanner then waited on
 * memory and the total did not move, so pread stays. Open: whether
 * more is worth a reader that parses the columns it needs straight
 * from the scanner's bit masks.
 *
 * Sections: blocks, parts, chunks, public entry.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/jtl.h"
#include "input/jtl_internal.h"

/* Bytes read at a time. */
#define HR_JTL_BLOCK ((size_t)256 << 10)

/* How far past a nominal chunk start a line break is looked for. */
#define HR_JTL_SPLIT_SEARCH ((size_t)64 << 10)

/* A file read on two threads is cut into at least HR_JTL_CHUNKS chunks,
 * and more to keep them under about HR_JTL_CHUNK bytes: enough that the
 * last chunk holds little of the work whichever thread is slower. */
#define HR_JTL_CHUNKS 16
#define HR_JTL_CHUNK ((size_t)32 << 20)

/* ---- blocks ----------------------------------------------------------- */

/* Reads up to size bytes at file offset into buffer with pread. */
static size_t hr_part_pread(hr_jtl_part *part, char *buffer, size_t size,
                            size_t offset, hr_status *status)
{
    size_t done = 0;

    while (done < size) {
        ssize_t got = pread(part->fd, buffer + done, size - done,
                            (off_t)(offset + done));

        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            part->error = errno;
            *status = HR_ERR_IO;
            break;
        }
        if (got == 0)
            break;
        done += (size_t)got;
    }
    return done;
}

/* Makes room for keep + one block (and the scanner's spare bytes). */
static hr_status hr_part_room(hr_jtl_part *part, size_t keep)
{
    size_t need = keep + HR_JTL_BLOCK + HR_CSV_SCAN_PAD;
    char *grown;

    if (need <= part->capacity)
        return HR_OK;
    grown = realloc(part->buffer, need);
    if (!grown)
        return HR_ERR_NOMEM;
    part->buffer = grown;
    part->capacity = need;
    return HR_OK;
}

/* Moves the unscanned tail to the front and reads the next block after
 * it; a short block means the input has ended. */
static hr_status hr_part_fill(hr_jtl_part *part)
{
    size_t keep = part->length - part->position;
    hr_status status = hr_part_room(part, keep);
    size_t got;

    if (status != HR_OK)
        return status;
    memmove(part->buffer, part->buffer + part->position, keep);
    hr_csv_scan_moved(&part->scan);
    part->base += part->position;
    part->position = 0;
    part->length = keep;
    if (part->fd >= 0)
        got = hr_part_pread(part, part->buffer + keep, HR_JTL_BLOCK,
                            part->base + keep, &status);
    else
        got = hr_source_read(part->source, part->buffer + keep,
                             HR_JTL_BLOCK, &status);
    part->length += got;
    part->eof = got < HR_JTL_BLOCK;
    /* The scanner reads these in whole blocks; keep them defined. */
    memset(part->buffer + part->length, 0, HR_CSV_SCAN_PAD);
    if (part->shared_done)
        atomic_fetch_add(part->shared_done, got);
    if (part->report && part->shared_done)
        hr_source_report_progress(part->report,
                                  atomic_load(part->shared_done));
    return status;
}

/* ---- parts ------------------------------------------------------------ */

/* Fields a row is cut into: up to the last column the reader uses; the
 * others are only counted. */
static size_t hr_part_keep(const hr_jtl_layout *layout)
{
    const size_t columns[] = {
        layout->timestamp, layout->elapsed, layout->label, layout->code,
        layout->success, layout->message, layout->failure, layout->bytes,
        layout->threads,
    };
    size_t keep = 1;

    for (size_t i = 0; i < sizeof columns / sizeof *columns; i++) {
        if (columns[i] != HR_JTL_ABSENT && columns[i] + 1 > keep)
            keep = columns[i] + 1;
    }
    return keep;
}

void hr_jtl_part_init(hr_jtl_part *part, const hr_jtl_layout *layout,
                      hr_sample_set *set, hr_source *source, int fd,
                      size_t start)
{
    memset(part, 0, sizeof *part);
    part->layout = layout;
    part->set = set;
    part->source = source;
    part->fd = fd;
    part->base = part->start = start;
    part->line = 1;
    part->header_pending = start == 0 && layout->shape == HR_JTL_HEADER;
    hr_csv_scan_init(&part->scan, layout->delimiter);
    part->scan.keep = hr_part_keep(layout);
}

void hr_jtl_part_release(hr_jtl_part *part)
{
    if (!part)
        return;
    hr_csv_scan_release(&part->scan);
    free(part->buffer);
    part->buffer = NULL;
    part->capacity = part->length = part->position = 0;
}

/* Skips a UTF-8 byte order mark at the very start of the file. */
static hr_status hr_part_begin(hr_jtl_part *part)
{
    hr_status status = hr_part_fill(part);

    if (status == HR_OK && part->start == 0 && part->length >= 3
        && memcmp(part->buffer, "\xEF\xBB\xBF", 3) == 0)
        part->position = 3;
    return status;
}

/* Counts the lines of the record the scanner just found. */
static void hr_part_lines(hr_jtl_part *part)
{
    part->record_line = part->line + part->scan.blank_breaks;
    part->line = part->record_line + part->scan.breaks;
}

/* Skips a record too long to hold, block after block. */
static hr_status hr_part_skip_long(hr_jtl_part *part)
{
    hr_status status = HR_OK;
    bool done = hr_csv_scan_skip(&part->scan, part->buffer + part->position,
                                 part->length - part->position, part->eof,
                                 true);

    while (!done && status == HR_OK) {
        part->position = part->length;
        status = hr_part_fill(part);
        if (status == HR_OK)
            done = hr_csv_scan_skip(&part->scan, part->buffer,
                                    part->length, part->eof, false);
    }
    part->position += part->scan.consumed;
    hr_part_lines(part);
    return status == HR_OK ? hr_jtl_row(part) : status;
}

/* Hands one scanned record to the row reader (the header aside). */
static hr_status hr_part_record(hr_jtl_part *part)
{
    part->position += part->scan.consumed;
    hr_part_lines(part);
    if (part->header_pending) {
        part->header_pending = false;
        return HR_OK;
    }
    return hr_jtl_row(part);
}

/* Reads records until one would start at or after stop_at, or the end. */
static hr_status hr_part_run(hr_jtl_part *part, size_t stop_at)
{
    hr_status status = HR_OK;

    while (status == HR_OK && part->base + part->position < stop_at) {
        size_t left = part->length - part->position;
        hr_csv_scan_result result;

        result = hr_csv_scan_next(&part->scan, part->buffer + part->position,
                                  left, part->eof, &status);
        if (status != HR_OK || result == HR_CSV_SCAN_END)
            break;
        if (result == HR_CSV_SCAN_RECORD)
            status = hr_part_record(part);
        else if (left > HR_CSV_MAX_RECORD_BYTES)
            status = hr_part_skip_long(part);
        else
            status = hr_part_fill(part);
    }
    hr_jtl_flush(part);
    return status;
}

/* Moves a part to read from offset on, forgetting its buffer. */
static void hr_part_seek(hr_jtl_part *part, size_t offset)
{
    if (part->base + part->position == offset)
        return;
    part->base = offset;
    part->length = part->position = 0;
    part->eof = false;
    hr_csv_scan_moved(&part->scan);
}

/* Where the part's next record starts. */
static size_t hr_part_at(const hr_jtl_part *part)
{
    return part->base + part->position;
}

/* ---- chunks ----------------------------------------------------------- */

/* One stretch of the file, read by whichever thread took it. */
typedef struct hr_chunk {
    size_t start;               /* first byte: just after a line feed */
    size_t stop;                /* the next chunk's start, or SIZE_MAX */
    hr_jtl_part part;
    hr_status status;
    bool done;
} hr_chunk;

/* The chunks of one file and what the threads share. */
typedef struct hr_plan {
    pthread_mutex_t lock;
    pthread_cond_t finished;    /* a chunk is done */
    hr_chunk *chunks;
    size_t count;
    size_t claimed;             /* chunks handed out */
    atomic_size_t bytes;        /* read by every part, for progress */
} hr_plan;

/* The offset just after the first LF at or after offset, or 0 when
 * there is none close by. */
static size_t hr_find_boundary(int fd, size_t offset, size_t size)
{
    char *bytes = malloc(HR_JTL_SPLIT_SEARCH);
    size_t boundary = 0;
    ssize_t got;

    if (!bytes)
        return 0;
    got = pread(fd, bytes, HR_JTL_SPLIT_SEARCH, (off_t)offset);
    if (got > 0) {
        char *lf = memchr(bytes, '\n', (size_t)got);

        boundary = lf ? offset + (size_t)(lf - bytes) + 1 : 0;
    }
    free(bytes);
    return boundary < size ? boundary : 0;
}

/* Cuts the file into chunks starting after line feeds; returns how many
 * (one when no boundary was found). */
static size_t hr_plan_cut(hr_chunk *chunks, size_t wanted, int fd,
                          size_t size)
{
    size_t count = 1;

    chunks[0].start = 0;
    for (size_t k = 1; k < wanted; k++) {
        size_t start = hr_find_boundary(fd, size / wanted * k, size);

        if (start > chunks[count - 1].start)
            chunks[count++].start = start;
    }
    for (size_t k = 0; k < count; k++)
        chunks[k].stop = k + 1 < count ? chunks[k + 1].start : SIZE_MAX;
    return count;
}

/* Reads one chunk (not the first) into a store of its own; report is
 * the source to report progress to, from the calling thread only. */
static void hr_chunk_run(hr_plan *plan, hr_chunk *chunk,
                         const hr_jtl_layout *layout, int fd,
                         double window_s, hr_source *report)
{
    hr_sample_set *set = hr_sample_set_new();

    hr_jtl_part_init(&chunk->part, layout, set, NULL, fd, chunk->start);
    chunk->part.shared_done = &plan->bytes;
    chunk->part.report = report;
    chunk->status = set ? hr_sample_set_set_window(set, window_s)
                        : HR_ERR_NOMEM;
    if (chunk->status == HR_OK)
        chunk->status = hr_part_begin(&chunk->part);
    if (chunk->status == HR_OK)
        chunk->status = hr_part_run(&chunk->part, chunk->stop);
    /* Keep the counts and the store; the buffer is not needed. */
    free(chunk->part.buffer);
    chunk->part.buffer = NULL;
    chunk->part.capacity = 0;
}

/* Hands out the next chunk, or returns NULL when all are taken. */
static hr_chunk *hr_plan_claim(hr_plan *plan)
{
    hr_chunk *chunk = NULL;

    pthread_mutex_lock(&plan->lock);
    if (plan->claimed < plan->count)
        chunk = &plan->chunks[plan->claimed++];
    pthread_mutex_unlock(&plan->lock);
    return chunk;
}

/* Marks a chunk read and wakes the thread accepting chunks. */
static void hr_plan_finish(hr_plan *plan, hr_chunk *chunk)
{
    pthread_mutex_lock(&plan->lock);
    chunk->done = true;
    pthread_cond_broadcast(&plan->finished);
    pthread_mutex_unlock(&plan->lock);
}

/* What the helper thread needs. */
typedef struct hr_helper {
    hr_plan *plan;
    const hr_jtl_layout *layout;
    int fd;
    double window_s;
} hr_helper;

/* Helper thread body: reads chunks until none is left. */
static void *hr_helper_thread(void *context)
{
    hr_helper *helper = context;
    hr_chunk *chunk;

    while ((chunk = hr_plan_claim(helper->plan))) {
        hr_chunk_run(helper->plan, chunk, helper->layout, helper->fd,
                     helper->window_s, NULL);
        hr_plan_finish(helper->plan, chunk);
    }
    return NULL;
}

/* Frees what a chunk still holds. */
static void hr_chunk_release(hr_chunk *chunk)
{
    hr_sample_set_free(chunk->part.set);
    chunk->part.set = NULL;
    hr_jtl_part_release(&chunk->part);
}

/* Adds a chunk's counts and notes to the first part's; the chunk's lines
 * are numbered on from where the first part's records end. */
static void hr_part_absorb(hr_jtl_part *first, const hr_jtl_part *chunk)
{
    unsigned long offset = first->line - 1;

    for (size_t i = 0; i < chunk->note_count
                       && first->note_count < HR_JTL_SKIPS_SHOWN; i++) {
        first->notes[first->note_count] = chunk->notes[i];
        first->notes[first->note_count++].line += offset;
    }
    first->records += chunk->records;
    first->skipped += chunk->skipped;
    first->short_rows += chunk->short_rows;
    first->line += chunk->line - 1;
}

/*
 * Takes the next chunk in file order into the result. When the records
 * read so far end exactly at its start, its store and counts are merged
 * and the first part moves to its end. Otherwise the chunk is dropped
 * and the first part reads up to the chunk's stop itself.
 */
static hr_status hr_plan_accept(hr_jtl_part *first, hr_chunk *chunk)
{
    hr_status status = chunk->status;

    if (hr_part_at(first) != chunk->start) {
        hr_chunk_release(chunk);
        return hr_part_run(first, chunk->stop);
    }
    if (status == HR_ERR_IO)
        first->error = chunk->part.error;
    if (status == HR_OK)
        status = hr_sample_set_merge(first->set, chunk->part.set);
    hr_part_absorb(first, &chunk->part);
    hr_part_seek(first, hr_part_at(&chunk->part));
    hr_chunk_release(chunk);
    return status;
}

/* Accepts, in order, every chunk already read; when wait is set, waits
 * for the next one first. */
static hr_status hr_plan_settle(hr_plan *plan, hr_jtl_part *first,
                                size_t *next, bool wait)
{
    hr_status status = HR_OK;

    while (status == HR_OK && *next < plan->count) {
        hr_chunk *chunk = &plan->chunks[*next];
        bool done;

        pthread_mutex_lock(&plan->lock);
        while (wait && !chunk->done)
            pthread_cond_wait(&plan->finished, &plan->lock);
        done = chunk->done;
        pthread_mutex_unlock(&plan->lock);
        if (!done)
            break;
        status = hr_plan_accept(first, chunk);
        (*next)++;
    }
    return status;
}

/* The calling thread's share: the first chunk into the result, then
 * other chunks while any is left, accepting finished ones on the way. */
static hr_status hr_plan_lead(hr_plan *plan, hr_jtl_part *first,
                              const hr_helper *helper)
{
    hr_status status = hr_part_begin(first);
    hr_chunk *chunk;
    size_t next = 1;

    if (status == HR_OK)
        status = hr_part_run(first, plan->chunks[0].stop);
    plan->chunks[0].done = true;
    while (status == HR_OK && (chunk = hr_plan_claim(plan))) {
        hr_chunk_run(plan, chunk, helper->layout, helper->fd,
                     helper->window_s, first->report);
        hr_plan_finish(plan, chunk);
        status = hr_plan_settle(plan, first, &next, false);
    }
    if (status == HR_OK)
        status = hr_plan_settle(plan, first, &next, true);
    return status;
}

/* Reads a large plain file in chunks on two threads. */
static hr_status hr_read_parallel(hr_jtl_part *first, hr_source *source,
                                  int fd, size_t size)
{
    size_t wanted = size / HR_JTL_CHUNK > HR_JTL_CHUNKS
                        ? size / HR_JTL_CHUNK : HR_JTL_CHUNKS;
    hr_helper helper = {NULL, first->layout, fd,
                        hr_sample_set_window(first->set)};
    hr_plan plan = {.claimed = 1};
    pthread_t thread;
    bool helping;
    hr_status status;

    plan.chunks = calloc(wanted, sizeof *plan.chunks);
    if (!plan.chunks)
        return HR_ERR_NOMEM;
    plan.count = hr_plan_cut(plan.chunks, wanted, fd, size);
    atomic_init(&plan.bytes, 0);
    pthread_mutex_init(&plan.lock, NULL);
    pthread_cond_init(&plan.finished, NULL);
    helper.plan = &plan;
    first->fd = fd;
    first->shared_done = &plan.bytes;
    first->report = source;

    helping = pthread_create(&thread, NULL, hr_helper_thread, &helper) == 0;
    status = hr_plan_lead(&plan, first, &helper);
    if (helping) {
        /* On an error, take the rest away from the helper and wait. */
        pthread_mutex_lock(&plan.lock);
        plan.claimed = plan.count;
        pthread_mutex_unlock(&plan.lock);
        pthread_join(thread, NULL);
    }
    for (size_t k = 1; k < plan.count; k++)
        hr_chunk_release(&plan.chunks[k]);
    pthread_cond_destroy(&plan.finished);
    pthread_mutex_destroy(&plan.lock);
    free(plan.chunks);
    first->shared_done = NULL;
    first->report = NULL;
    return status;
}

/* ---- public entry ----------------------------------------------------- */

hr_status hr_jtl_read_parts(hr_jtl_part *first, hr_source *source,
                            const char **reason)
{
    size_t size = 0;
    int fd = hr_source_plain_fd(source, &size);
    hr_status status;

    if (fd >= 0 && size >= HR_JTL_PARALLEL_BYTES) {
        status = hr_read_parallel(first, source, fd, size);
    } else {
        status = hr_part_begin(first);
        if (status == HR_OK)
            status = hr_part_run(first, SIZE_MAX);
    }
    if (status == HR_ERR_IO)
        *reason = first->error ? strerror(first->error)
                               : hr_source_error(source);
    return status;
}
