/*
 * csv_scan.c - the block scanner of csv.h: finds the fields of records
 * held in memory without copying them.
 *
 * A record without quotes, nearly every record of a result file, is cut
 * in one pass that only notes where its fields start and end, writing
 * nothing (a byte written just before an eight-byte read of the same
 * place would stall the number parsers that read the fields next); so
 * is a record whose quoted fields need no unescaping, such as a label
 * with a comma: their text is what lies between the quotes. Any
 * other record is scanned twice: the first pass finds where each field
 * begins and ends, and where the record ends, touching nothing, so that
 * a record cut off by the end of the block can be scanned again once
 * more bytes are in; the second pass, once the record is whole,
 * unescapes the quoted fields in place (the text only shrinks).
 *
 * Bytes are looked at 64 at a time: bit masks mark the delimiters, line
 * breaks and quotes of a block (AVX-512BW compares when the processor
 * has them, else SSE2, each compiled for its processor), and each field
 * end is the next set bit. A line feed written just past the end of the
 * data stops every run there.
 *
 * The rules are those of the stream reader in csv.c: a quote opens a
 * quoted field only as its first byte; after the closing quote, the
 * text up to the delimiter is appended; records end at LF, CRLF or a
 * bare CR; blank lines are skipped; lines are counted as LF, CRLF and
 * bare CR.
 *
 * Sections: field table, first pass (plain records, then any record),
 * second pass, skipping, public API.
 */
#include "input/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HR_SCAN_AVX512 1
#endif

/* States of hr_csv_scan_skip. */
enum {
    HR_SKIP_START,        /* before the record: blank lines */
    HR_SKIP_FIELD,        /* at the first byte of a field */
    HR_SKIP_UNQUOTED,
    HR_SKIP_QUOTED,
    HR_SKIP_QUOTE,        /* a quote inside a quoted field */
    HR_SKIP_CR            /* after a closing CR: an LF may follow */
};

/* ---- field table ------------------------------------------------------ */

/* Grows the field table to capacity entries. */
static hr_status hr_scan_grow(hr_csv_scan *scan, size_t capacity)
{
    char **fields, **ends;
    unsigned char *quoted;

    fields = realloc(scan->fields, capacity * sizeof *fields);
    if (fields)
        scan->fields = fields;
    ends = realloc(scan->ends, capacity * sizeof *ends);
    if (ends)
        scan->ends = ends;
    quoted = realloc(scan->quoted, capacity);
    if (quoted)
        scan->quoted = quoted;
    if (!fields || !ends || !quoted)
        return HR_ERR_NOMEM;
    scan->field_capacity = capacity;
    return HR_OK;
}

/* Makes room for one more field; past HR_CSV_MAX_FIELDS the record is
 * overlong and further fields are not kept. */
static hr_status hr_scan_room(hr_csv_scan *scan)
{
    if (scan->field_count < scan->field_capacity)
        return HR_OK;
    if (scan->field_count >= HR_CSV_MAX_FIELDS) {
        scan->overlong = true;
        return HR_OK;
    }
    return hr_scan_grow(scan, scan->field_capacity
                                  ? scan->field_capacity * 2 : 32);
}

/* ---- first pass ------------------------------------------------------- */

/* Line breaks inside quoted text: LF, and CR not followed by LF. */
static unsigned long hr_scan_breaks(const char *from, const char *to)
{
    unsigned long breaks = 0;

    for (const char *p = from; p < to; p++) {
        if (*p == '\n')
            breaks++;
        else if (*p == '\r' && (p + 1 == to || p[1] != '\n'))
            breaks++;
    }
    return breaks;
}

/* Crosses a quoted section starting after its opening quote. Returns
 * the byte after the closing quote, end when the input ends inside it
 * (unterminated), or NULL when more input is needed. */
static char *hr_scan_quoted(hr_csv_scan *scan, char *p, char *end, bool eof)
{
    char *from = p;

    for (;;) {
        char *quote = memchr(p, '"', (size_t)(end - p));

        if (!quote) {
            if (!eof)
                return NULL;
            scan->unterminated = true;
            scan->breaks += hr_scan_breaks(from, end);
            return end;
        }
        if (quote + 1 == end && !eof)
            return NULL;
        if (quote + 1 < end && quote[1] == '"') {
            p = quote + 2;
            continue;
        }
        scan->breaks += hr_scan_breaks(from, quote);
        return quote + 1;
    }
}

/* Skips blank lines at *p; false when more input is needed to tell. */
static bool hr_scan_blanks(hr_csv_scan *scan, char **p, char *end, bool eof)
{
    while (*p < end && (**p == '\n' || **p == '\r')) {
        if (**p == '\r' && *p + 1 == end && !eof)
            return false;
        if (**p == '\r' && *p + 1 < end && (*p)[1] == '\n')
            (*p)++;
        (*p)++;
        scan->blank_breaks++;
    }
    return true;
}

/* Consumes the record's end at p (LF, CRLF, CR, or the end of input).
 * Returns the byte after it, or NULL when more input is needed. */
static char *hr_scan_record_end(hr_csv_scan *scan, char *p, char *end,
                                bool eof)
{
    if (p == end)
        return eof ? end : NULL;
    scan->breaks++;
    if (*p == '\n')
        return p + 1;
    if (p + 1 == end)
        return eof ? end : NULL;
    return p + 1 + (p[1] == '\n');
}

/* Where the scanner is in a run of unquoted bytes: a block of 64 bytes
 * and a bit for each of them that ends a run. */
typedef struct hr_scan_cursor {
    char *base;
    uint64_t mask;
} hr_scan_cursor;

#ifdef __SSE2__
/* Bits of the 64 bytes at p that are the delimiter, CR or LF (SSE2:
 * sixteen byte comparisons at a time). */
static uint64_t hr_scan_mask(const hr_csv_scan *scan, const char *p)
{
    const __m128i delimiter = _mm_set1_epi8((char)scan->delimiter);
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    uint64_t mask = 0;

    for (int i = 0; i < 4; i++) {
        const void *at = p + 16 * i;
        __m128i v = _mm_loadu_si128((const __m128i *)at);
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, delimiter),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, lf),
                                                _mm_cmpeq_epi8(v, cr)));

        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * i);
    }
    return mask;
}
#else
/* Bits of the 64 bytes at p that are the delimiter, CR or LF. */
static uint64_t hr_scan_mask(const hr_csv_scan *scan, const char *p)
{
    uint64_t mask = 0;

    for (int i = 0; i < 64; i++)
        mask |= (uint64_t)scan->stop[(unsigned char)p[i]] << i;
    return mask;
}
#endif

/* The first delimiter, CR or LF at or after p. The sentinel at the end
 * of the block guarantees one. */
static char *hr_scan_stop(const hr_csv_scan *scan, hr_scan_cursor *cursor,
                          char *p)
{
    for (;;) {
        size_t offset = (size_t)(p - cursor->base);

        if (p >= cursor->base && offset < 64) {
            uint64_t bits = cursor->mask >> offset;

            if (bits)
                return p + __builtin_ctzll(bits);
            p = cursor->base + 64;
        }
        cursor->base = p;
        cursor->mask = hr_scan_mask(scan, p);
    }
}

/* Bits of the 64 bytes at p: delimiters, line breaks (CR, LF) and
 * quotes. */
static void hr_scan_classes(const hr_csv_scan *scan, const char *p,
                            uint64_t *delimiters, uint64_t *breaks,
                            uint64_t *quotes)
{
#ifdef __SSE2__
    const __m128i delimiter = _mm_set1_epi8((char)scan->delimiter);
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    const __m128i quote = _mm_set1_epi8('"');

    *delimiters = *breaks = *quotes = 0;
    for (int i = 0; i < 4; i++) {
        const void *at = p + 16 * i;
        __m128i v = _mm_loadu_si128((const __m128i *)at);
        __m128i line = _mm_or_si128(_mm_cmpeq_epi8(v, lf),
                                    _mm_cmpeq_epi8(v, cr));

        *delimiters |= (uint64_t)(uint16_t)_mm_movemask_epi8(
                           _mm_cmpeq_epi8(v, delimiter)) << (16 * i);
        *breaks |= (uint64_t)(uint16_t)_mm_movemask_epi8(line) << (16 * i);
        *quotes |= (uint64_t)(uint16_t)_mm_movemask_epi8(
                       _mm_cmpeq_epi8(v, quote)) << (16 * i);
    }
#else
    *delimiters = *breaks = *quotes = 0;
    for (int i = 0; i < 64; i++) {
        *delimiters |= (uint64_t)(p[i] == scan->delimiter) << i;
        *breaks |= (uint64_t)(p[i] == '\n' || p[i] == '\r') << i;
        *quotes |= (uint64_t)(p[i] == '"') << i;
    }
#endif
}

/* Set bits of a word (Hacker's Delight, 5-1), without the libgcc call
 * that __builtin_popcountll becomes for processors before POPCNT. */
static inline int hr_scan_popcount(uint64_t bits)
{
#ifdef __POPCNT__
    return __builtin_popcountll(bits);
#else
    bits -= (bits >> 1) & 0x5555555555555555ULL;
    bits = (bits & 0x3333333333333333ULL)
           + ((bits >> 2) & 0x3333333333333333ULL);
    bits = (bits + (bits >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (int)((bits * 0x0101010101010101ULL) >> 56);
#endif
}

#ifdef HR_SCAN_AVX512
/* The same with AVX-512BW, one comparison of all 64 bytes per class
 * (chosen at run time when the processor has it). */
__attribute__((target("avx512bw")))
static inline void hr_scan_classes_wide(const hr_csv_scan *scan,
                                        const char *p, uint64_t *delimiters,
                                        uint64_t *breaks, uint64_t *quotes)
{
    __m512i v = _mm512_loadu_si512((const void *)p);

    *delimiters = _mm512_cmpeq_epi8_mask(
        v, _mm512_set1_epi8((char)scan->delimiter));
    *breaks = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'))
              | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\r'));
    *quotes = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
}
#endif

/* Loads the masks of the 64 bytes at base into the scanner's cache, with
 * AVX-512BW when wide (a constant where this is inlined). */
static inline __attribute__((always_inline))
void hr_scan_load(hr_csv_scan *scan, char *base, bool wide)
{
    scan->block = base;
#ifdef HR_SCAN_AVX512
    if (wide) {
        hr_scan_classes_wide(scan, base, &scan->block_delimiters,
                             &scan->block_breaks, &scan->block_quotes);
        return;
    }
#endif
    (void)wide;
    hr_scan_classes(scan, base, &scan->block_delimiters,
                    &scan->block_breaks, &scan->block_quotes);
}

/* Set bits of a word: the POPCNT instruction when wide, else
 * hr_scan_popcount. */
static inline __attribute__((always_inline))
int hr_scan_count(uint64_t bits, bool wide)
{
    return wide ? __builtin_popcountll(bits) : hr_scan_popcount(bits);
}

/* Where a plain scan is: a 64-byte block and the bits of its bytes not
 * yet taken. */
typedef struct hr_scan_walk {
    char *block;
    uint64_t delimiters;
    uint64_t breaks;
    uint64_t quotes;
} hr_scan_walk;

/* Moves the walk to the next block. */
static inline __attribute__((always_inline))
void hr_scan_next_block(hr_csv_scan *scan, hr_scan_walk *w, bool wide)
{
    hr_scan_load(scan, w->block + 64, wide);
    w->block = scan->block;
    w->delimiters = scan->block_delimiters;
    w->breaks = scan->block_breaks;
    w->quotes = scan->block_quotes;
}

/* Takes away the walk's bits up to and including bit. */
static inline __attribute__((always_inline))
void hr_scan_drop(hr_scan_walk *w, int bit)
{
    uint64_t after = ~(uint64_t)0 << bit << 1;

    w->delimiters &= after;
    w->breaks &= after;
    w->quotes &= after;
}

/*
 * Crosses a quoted field from its opening quote, the walk's first quote:
 * returns its closing quote, with the walk moved past it, or NULL to
 * leave the record to the general scan when the text holds a line break
 * or a doubled quote, when the closing quote ends a block, or when
 * anything but a delimiter or line break follows it. Only a simple
 * quoted field, then, whose text needs no unescaping.
 */
static inline __attribute__((always_inline))
char *hr_scan_cross(hr_csv_scan *scan, hr_scan_walk *w, bool wide)
{
    int bit;

    hr_scan_drop(w, __builtin_ctzll(w->quotes));
    while (!w->quotes) {
        if (w->breaks)
            return NULL;
        hr_scan_next_block(scan, w, wide);
    }
    bit = __builtin_ctzll(w->quotes);
    if (bit == 63 || (w->breaks & (((uint64_t)1 << bit) - 1))
        || (w->quotes >> (bit + 1) & 1)
        || !((w->delimiters | w->breaks) >> (bit + 1) & 1))
        return NULL;
    hr_scan_drop(w, bit);
    return w->block + bit;
}

/* The fields a plain scan has cut so far. */
typedef struct hr_scan_cut_state {
    char **fields;
    char **ends;
    size_t n;               /* fields begun */
    size_t limit;           /* fields to cut: keep, or fewer if no room */
    size_t extra;           /* fields past keep, only counted */
    bool counting;          /* keep fields are cut: count the rest */
    bool closed;            /* the last field's end is set already */
} hr_scan_cut_state;

/* Takes the given delimiters of the walk's block, lowest first: each
 * ends a field and begins the next, up to the limit; the others are
 * counted. False when the field table is full before keep fields. */
static inline __attribute__((always_inline))
bool hr_scan_take(hr_scan_cut_state *c, char *block, uint64_t delimiters,
                  size_t keep, bool wide)
{
    while (delimiters && c->n < c->limit) {
        int bit = __builtin_ctzll(delimiters);

        delimiters &= delimiters - 1;
        c->ends[c->n - 1] = block + bit;
        c->fields[c->n++] = block + bit + 1;
    }
    if (delimiters && !c->counting) {
        if (c->n < keep)
            return false;
        c->ends[c->n - 1] = block + __builtin_ctzll(delimiters);
        c->counting = true;
    }
    c->extra += (size_t)hr_scan_count(delimiters, wide);
    return true;
}

/* Takes the simply quoted field that opens at the walk's first quote
 * (hr_scan_cross), and the delimiter after it. False to leave the
 * record to the general scan: a quote inside an unquoted field (an
 * ordinary byte there), or a quoted field hr_scan_cross cannot take. */
static inline __attribute__((always_inline))
bool hr_scan_take_quoted(hr_csv_scan *scan, hr_scan_cut_state *c,
                         hr_scan_walk *w, const char *p, bool wide)
{
    char *open = w->block + __builtin_ctzll(w->quotes), *close;
    size_t field = c->n - 1;
    bool kept = !c->counting;

    if (open != p && open[-1] != (char)scan->delimiter)
        return false;
    close = hr_scan_cross(scan, w, wide);
    if (!close)
        return false;
    if (kept)
        c->fields[field] = open + 1;
    if (close[1] == (char)scan->delimiter) {
        hr_scan_drop(w, (int)(close + 1 - w->block));
        if (!hr_scan_take(c, close + 1, 1, scan->keep, wide))
            return false;
    } else {
        c->closed = kept;       /* the line break after it ends it */
    }
    /* The field ends at its closing quote, not at the delimiter. */
    if (kept)
        c->ends[field] = close;
    return true;
}

/*
 * The common case: a record whose fields are unquoted or simply quoted
 * (hr_scan_cross), that ends with a line break before the end of the
 * block. Block by block, the delimiters before the block's first line
 * break (and before its first quote) end its fields; past scan->keep
 * fields they are only counted. The masks of the last 64-byte block are
 * kept for the next record, which usually starts in it. Returns the byte
 * after the record, or NULL to leave the record to the general scan: a
 * quote it cannot take, the end of the block, a full field table.
 */
static inline __attribute__((always_inline))
char *hr_scan_plain_as(hr_csv_scan *scan, char *p, const char *end,
                       bool wide)
{
    /* Locals, not scan's fields: the stores through char pointers below
     * could alias them, and the compiler would reload them each time. */
    hr_scan_cut_state c = {scan->fields, scan->ends, 1, 0, 0, false,
                           false};
    hr_scan_walk w;
    uint64_t below;
    char *stop;

    if (scan->field_capacity == 0)
        return NULL;
    c.limit = scan->keep < scan->field_capacity ? scan->keep
                                                : scan->field_capacity;
    c.fields[0] = p;
    if (!scan->block || p < scan->block || p >= scan->block + 64)
        hr_scan_load(scan, p, wide);
    w.block = scan->block;
    below = ~(uint64_t)0 << (p - w.block);
    w.delimiters = scan->block_delimiters & below;
    w.breaks = scan->block_breaks & below;
    w.quotes = scan->block_quotes & below;
    for (;;) {
        /* The bits before the first line break, and before the first
         * quote: the sentinel at end makes sure a line break comes. */
        uint64_t before = w.breaks ? (w.breaks & (0 - w.breaks)) - 1
                                   : ~(uint64_t)0;
        uint64_t quoted = w.quotes & before;
        uint64_t delimiters = w.delimiters & before;

        if (quoted)
            delimiters &= (quoted & (0 - quoted)) - 1;
        w.delimiters &= ~delimiters;
        if (!hr_scan_take(&c, w.block, delimiters, scan->keep, wide))
            return NULL;
        if (quoted) {
            if (!hr_scan_take_quoted(scan, &c, &w, p, wide))
                return NULL;
            continue;
        }
        if (w.breaks)
            break;
        hr_scan_next_block(scan, &w, wide);
    }
    stop = w.block + __builtin_ctzll(w.breaks);
    if (!c.counting && !c.closed)
        c.ends[c.n - 1] = stop;
    if (stop == end || (*stop == '\r' && stop + 1 == end))
        return NULL;
    scan->field_count = c.n + c.extra;
    scan->kept = c.n;
    scan->breaks = 1;
    return stop + 1 + (*stop == '\r' && stop[1] == '\n');
}

#ifdef HR_SCAN_AVX512
/* hr_scan_plain_as for processors with AVX-512BW (and so POPCNT and
 * BMI1), chosen at run time. */
__attribute__((target("avx512bw,popcnt,bmi")))
static char *hr_scan_plain_wide(hr_csv_scan *scan, char *p, const char *end)
{
    return hr_scan_plain_as(scan, p, end, true);
}
#endif

/* hr_scan_plain_as for any processor. */
static char *hr_scan_plain_narrow(hr_csv_scan *scan, char *p,
                                  const char *end)
{
    return hr_scan_plain_as(scan, p, end, false);
}

/* The plain scan for this processor. */
static char *hr_scan_plain(hr_csv_scan *scan, char *p, const char *end)
{
#ifdef HR_SCAN_AVX512
    if (scan->wide)
        return hr_scan_plain_wide(scan, p, end);
#endif
    return hr_scan_plain_narrow(scan, p, end);
}

/* First pass over one record from p: field bounds and the record's end.
 * Returns the byte after the record, or NULL when more input is needed
 * (or the field table could not grow: *status says). */
static char *hr_scan_fields(hr_csv_scan *scan, char *p, char *end, bool eof,
                            hr_status *status)
{
    hr_scan_cursor cursor;
    int delimiter = scan->delimiter;

    *end = '\n';    /* the sentinel: every unquoted run stops here */
    cursor.base = p;
    cursor.mask = hr_scan_mask(scan, p);
    for (;;) {
        char *start = p;
        bool quoted = *p == '"' && p < end;

        if (scan->field_count >= scan->field_capacity
            && (*status = hr_scan_room(scan)) != HR_OK)
            return NULL;
        if (quoted) {
            p = hr_scan_quoted(scan, p + 1, end, eof);
            if (!p)
                return NULL;
        }
        p = hr_scan_stop(scan, &cursor, p);
        if (!scan->overlong) {
            scan->fields[scan->field_count] = start;
            scan->ends[scan->field_count] = p;
            scan->quoted[scan->field_count] = quoted;
        }
        scan->field_count++;
        if (p < end && *p == delimiter) {
            p++;
            continue;
        }
        return hr_scan_record_end(scan, p, end, eof);
    }
}

/* ---- second pass ------------------------------------------------------ */

/* Unescapes a quoted field in place: the text between the quotes with
 * doubled quotes halved, then whatever follows the closing quote.
 * Returns the new end of the text. */
static char *hr_scan_unquote(char *start, const char *end)
{
    const char *r = start + 1;
    char *w = start;
    bool inside = true;

    while (r < end) {
        if (*r == '"' && inside) {
            if (r + 1 < end && r[1] == '"') {
                *w++ = '"';
                r += 2;
            } else {
                inside = false;
                r++;
            }
            continue;
        }
        *w++ = *r++;
    }
    return w;
}

/* Unescapes the record's quoted fields in place (a plain record has
 * none). */
static void hr_scan_cut(hr_csv_scan *scan)
{
    if (scan->plain)
        return;
    for (size_t i = 0; i < scan->field_count; i++) {
        if (scan->quoted[i])
            scan->ends[i] = hr_scan_unquote(scan->fields[i],
                                            scan->ends[i]);
    }
}

/* ---- skipping --------------------------------------------------------- */

/* Counts a line break at byte c: LF unless just after a CR, and CR. */
static void hr_skip_count(hr_csv_scan *scan, char c)
{
    bool line = c == '\r' || (c == '\n' && !scan->skip_cr);

    scan->skip_cr = c == '\r';
    if (!line)
        return;
    if (scan->skip_state == HR_SKIP_START)
        scan->blank_breaks++;
    else
        scan->breaks++;
}

/* One byte of the skip state machine; true when the record has ended
 * before this byte (which is then not consumed). */
static bool hr_skip_step(hr_csv_scan *scan, char c)
{
    for (;;) {
        switch (scan->skip_state) {
        case HR_SKIP_START:
            if (c == '\n' || c == '\r')
                return false;
            scan->skip_state = HR_SKIP_FIELD;
            continue;
        case HR_SKIP_FIELD:
            scan->skip_state = c == '"' ? HR_SKIP_QUOTED : HR_SKIP_UNQUOTED;
            if (c == '"')
                return false;
            continue;
        case HR_SKIP_QUOTE:
            scan->skip_state = c == '"' ? HR_SKIP_QUOTED : HR_SKIP_UNQUOTED;
            if (c == '"')
                return false;
            continue;
        case HR_SKIP_QUOTED:
            if (c == '"')
                scan->skip_state = HR_SKIP_QUOTE;
            return false;
        case HR_SKIP_CR:
            return c != '\n';
        default:
            if (c == scan->delimiter)
                scan->skip_state = HR_SKIP_FIELD;
            else if (c == '\r')
                scan->skip_state = HR_SKIP_CR;
            return false;
        }
    }
}

/* ---- public API ------------------------------------------------------- */

void hr_csv_scan_init(hr_csv_scan *scan, int delimiter)
{
    memset(scan, 0, sizeof *scan);
    scan->delimiter = delimiter;
    scan->stop[(unsigned char)delimiter] = 1;
    scan->stop['\n'] = 1;
    scan->stop['\r'] = 1;
    scan->keep = SIZE_MAX;
#ifdef HR_SCAN_AVX512
    scan->wide = __builtin_cpu_supports("avx512bw");
#endif
}

hr_csv_scan_result hr_csv_scan_next(hr_csv_scan *scan, char *bytes,
                                    size_t length, bool eof,
                                    hr_status *status)
{
    char *p = bytes, *end = bytes + length, *next;

    *status = HR_OK;
    scan->field_count = 0;
    scan->unterminated = scan->overlong = false;
    scan->blank_breaks = scan->breaks = 0;
    if (!hr_scan_blanks(scan, &p, end, eof))
        return HR_CSV_SCAN_MORE;
    if (p == end)
        return eof ? HR_CSV_SCAN_END : HR_CSV_SCAN_MORE;
    *end = '\n';    /* the sentinel: every unquoted run stops here */
    next = hr_scan_plain(scan, p, end);
    scan->plain = next != NULL;
    if (!next)
        next = hr_scan_fields(scan, p, end, eof, status);
    if (*status != HR_OK)
        return HR_CSV_SCAN_END;
    if (!next)
        return HR_CSV_SCAN_MORE;
    scan->consumed = (size_t)(next - bytes);
    if ((size_t)(next - p) > HR_CSV_MAX_RECORD_BYTES)
        scan->overlong = true;
    if (scan->overlong)
        scan->field_count = 0;
    if (!scan->plain)
        scan->kept = scan->field_count;
    hr_scan_cut(scan);
    return HR_CSV_SCAN_RECORD;
}

void hr_csv_scan_moved(hr_csv_scan *scan)
{
    scan->block = NULL;
}

bool hr_csv_scan_skip(hr_csv_scan *scan, const char *bytes, size_t length,
                      bool eof, bool fresh)
{
    if (fresh) {
        scan->skip_state = HR_SKIP_START;
        scan->skip_cr = false;
        scan->blank_breaks = scan->breaks = 0;
        scan->field_count = 0;
        scan->overlong = true;
        scan->unterminated = false;
    }
    for (size_t i = 0; i < length; i++) {
        if (hr_skip_step(scan, bytes[i])) {
            scan->consumed = i;
            return true;
        }
        hr_skip_count(scan, bytes[i]);
        if (scan->skip_state != HR_SKIP_START && bytes[i] == '\n'
            && scan->skip_state != HR_SKIP_QUOTED) {
            scan->consumed = i + 1;
            return true;
        }
    }
    scan->consumed = length;
    scan->unterminated = eof && scan->skip_state == HR_SKIP_QUOTED;
    return eof;
}

void hr_csv_scan_release(hr_csv_scan *scan)
{
    if (!scan)
        return;
    free(scan->fields);
    free(scan->ends);
    free(scan->quoted);
    scan->fields = scan->ends = NULL;
    scan->quoted = NULL;
    scan->field_count = scan->field_capacity = 0;
}
