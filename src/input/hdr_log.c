/*
 * hdr_log.c - reads HdrHistogram interval logs (.hlog, log formats 1.01
 * to 1.3, as written by jHiccup, YCSB, HdrHistogram's HistogramLogWriter
 * in Java, C and Python) into whole histograms, one per interval.
 *
 * A log is text: "#[...]" header comments, a quoted column header, and
 * one line per interval:
 *
 *     [Tag=NAME,]StartTimestamp,Interval_Length,Interval_Max,PAYLOAD
 *
 * Timestamps are seconds. They are offsets from "#[BaseTime: s]" when
 * that is given; without it, HdrHistogram's own reader (Java
 * HistogramLogReader) takes them as offsets from "#[StartTime: s]" when
 * the first one lies more than a year before StartTime, else as
 * absolute epoch seconds (YCSB, and the HdrHistogram_py log whose first
 * interval starts before StartTime). A log with neither header and small
 * timestamps has no known start: its intervals get no time.
 *
 * Format 1.01 names the second column "EndTimestamp", but jHiccup 2.0.1
 * wrote the interval length there (its rows read 1.121,1.000,...), and
 * HdrHistogram's reader reads it as the length: so does this one.
 *
 * PAYLOAD is base64 of a compressed histogram: a big-endian cookie and
 * length, then a zlib stream holding the encoded histogram: a cookie, a
 * header (V0: significant digits, lowest and highest trackable value,
 * total count; V1/V2: payload length, normalizing index offset,
 * significant digits, lowest discernible and highest trackable value,
 * integer-to-double conversion ratio), then the counts: V0 and V1 as
 * fixed-width big-endian words (width in bits 4-7 of the cookie), V2 as
 * ZigZag LEB128 varints where a negative value -n stands for n empty
 * buckets (HdrHistogram's "V2 encoding" note; hdr_histogram_log.c in
 * HdrHistogram_c). The counts are in logical order, so the normalizing
 * offset does not move them.
 *
 * Units: a log does not say them. The Interval_Max column is the
 * histogram's maximum divided by 10^6 in every corpus log (2768895 ->
 * 2.769 for jHiccup, 488447 -> 0.488 for YCSB), so it tells the
 * writer's ratio, not the unit. jHiccup and HistogramLogWriter record
 * nanoseconds (the ratio turns them into the milliseconds of that
 * column); YCSB, recognised by its "#[Logging for: NAME]" header,
 * records microseconds. HR_HDR_UNIT_AUTO follows these; callers can
 * name the unit instead.
 *
 * Each bucket [low, high] of the log is recorded at its highest value,
 * as HdrHistogram reports percentiles (getValueAtPercentile returns the
 * highest equivalent value), rounded up to whole microseconds: a
 * percentile read back is never below a true sample. The mean is then
 * high by at most one bucket width of the log's own resolution.
 *
 * Sections: constants and state, payload decoding, lines, public API.
 */
#include "input/readers_b.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "headroom/histogram.h"
#include "input/readers.h"

/* ---- constants and state ---------------------------------------------- */

/* Cookies without their word-size bits (HdrHistogram_c's names). */
#define HR_HDR_V0_ENCODING 0x1c849308u
#define HR_HDR_V0_COMPRESSED 0x1c849309u
#define HR_HDR_V1_ENCODING 0x1c849301u
#define HR_HDR_V1_COMPRESSED 0x1c849302u
#define HR_HDR_V2_ENCODING 0x1c849303u
#define HR_HDR_V2_COMPRESSED 0x1c849304u

/* Encoded header sizes: V0 32 bytes, V1 and V2 40. */
#define HR_HDR_V0_HEADER 32
#define HR_HDR_V1_HEADER 40

/* Largest inflated histogram accepted: 2^20 buckets of 8 bytes, far
 * above any real layout, so a corrupt length cannot exhaust memory. */
#define HR_HDR_MAX_INFLATED ((size_t)8 << 20)

/* A year in seconds: HistogramLogReader's test for relative stamps. */
#define HR_HDR_YEAR_S (365.0 * 24.0 * 3600.0)

/* Longest label kept from a tag or a header. */
#define HR_HDR_LABEL_MAX 256

/* What a log's header comments said. */
typedef struct hr_hdr_header {
    double start_time_s;     /* "#[StartTime: ...]", NAN when absent */
    double base_time_s;      /* "#[BaseTime: ...]", NAN when absent */
    bool base_decided;       /* relative or absolute stamps decided */
    double offset_s;         /* added to each stamp; NAN: no time */
    char name[HR_HDR_LABEL_MAX];  /* label for untagged intervals */
    bool ycsb;               /* "#[Logging for: ...]" seen */
} hr_hdr_header;

/* The bucket layout of an encoded histogram (HdrHistogram's fields). */
typedef struct hr_hdr_layout {
    int unit_magnitude;      /* log2 of the lowest discernible value */
    int half_magnitude;      /* log2 of half the sub-bucket count */
    int64_t counts_len;      /* buckets the layout can hold */
    double ratio;            /* integer-to-double conversion ratio */
} hr_hdr_layout;

/* State of one read call. */
typedef struct hr_hdr_read {
    hr_reader reader;        /* counts, messages, the file's note */
    hr_line_reader lines;
    char *line;              /* the current line */
    hr_hdr_unit unit;
    double to_us;            /* microseconds per log unit */
    hr_hdr_header header;
    hr_histogram *histogram;
    unsigned char *raw;      /* base64-decoded payload */
    size_t raw_capacity;
    unsigned char *inflated; /* the encoded histogram */
    size_t inflated_capacity;
    size_t inflated_length;
    const char *why;         /* reason a payload failed to decode */
} hr_hdr_read;

/* ---- payload decoding ------------------------------------------------- */

/* Value of one base64 character, or -1. */
static int hr_base64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Decodes RFC 4648 base64 (padding optional) into r->raw; false on a
 * character outside the alphabet. */
static bool hr_hdr_base64(hr_hdr_read *r, const char *text, size_t length,
                          size_t *out_length)
{
    uint32_t bits = 0;
    int held = 0;
    size_t out = 0;

    while (length && text[length - 1] == '=')
        length--;
    if (length * 3 / 4 + 3 > r->raw_capacity) {
        unsigned char *grown = realloc(r->raw, length * 3 / 4 + 3);

        if (!grown)
            return false;
        r->raw = grown;
        r->raw_capacity = length * 3 / 4 + 3;
    }
    for (size_t i = 0; i < length; i++) {
        int value = hr_base64_value((unsigned char)text[i]);

        if (value < 0)
            return false;
        bits = bits << 6 | (uint32_t)value;
        held += 6;
        if (held >= 8) {
            held -= 8;
            r->raw[out++] = (unsigned char)(bits >> held);
        }
    }
    *out_length = out;
    return true;
}

/* Big-endian integers of the encodings. */
static uint32_t hr_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16
           | (uint32_t)p[2] << 8 | p[3];
}

/* A big-endian 64-bit integer. */
static uint64_t hr_be64(const unsigned char *p)
{
    return (uint64_t)hr_be32(p) << 32 | hr_be32(p + 4);
}

/* Makes room for at least need bytes of inflated output. */
static bool hr_hdr_inflate_room(hr_hdr_read *r, size_t need)
{
    size_t capacity = r->inflated_capacity ? r->inflated_capacity : 4096;
    unsigned char *grown;

    if (need <= r->inflated_capacity)
        return true;
    while (capacity < need)
        capacity *= 2;
    grown = realloc(r->inflated, capacity);
    if (!grown)
        return false;
    r->inflated = grown;
    r->inflated_capacity = capacity;
    return true;
}

/* Inflates the zlib stream of length bytes into r->inflated. */
static bool hr_hdr_inflate(hr_hdr_read *r, const unsigned char *data,
                           size_t length)
{
    z_stream z;
    int result = Z_OK;

    memset(&z, 0, sizeof z);
    if (length > UINT_MAX || inflateInit(&z) != Z_OK)
        return (r->why = "zlib could not start"), false;
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)length;
    r->inflated_length = 0;
    while (result == Z_OK) {
        size_t room = r->inflated_length + 65536;

        if (room > HR_HDR_MAX_INFLATED || !hr_hdr_inflate_room(r, room)) {
            r->why = "the histogram inflates beyond 8 MiB";
            break;
        }
        z.next_out = r->inflated + r->inflated_length;
        z.avail_out = 65536;
        result = inflate(&z, Z_NO_FLUSH);
        r->inflated_length = (size_t)(z.next_out - r->inflated);
    }
    inflateEnd(&z);
    if (result != Z_STREAM_END && !r->why)
        r->why = "the compressed histogram is truncated or corrupt";
    return result == Z_STREAM_END;
}

/* Fills layout from an encoded header (HdrHistogram's constructor:
 * sub-bucket count from the significant digits, unit magnitude from the
 * lowest value, buckets until the highest trackable value fits). */
static bool hr_hdr_layout_init(hr_hdr_layout *layout, int32_t digits,
                               int64_t lowest, int64_t highest,
                               double ratio, const char **why)
{
    int64_t largest = 2, untrackable;
    int count_magnitude = 0, buckets = 1;

    if (digits < 0 || digits > 5 || lowest < 1 || highest < 2 * lowest
        || !(ratio > 0.0) || !isfinite(ratio)) {
        *why = "the histogram header is out of range";
        return false;
    }
    for (int i = 0; i < digits; i++)
        largest *= 10;
    while (((int64_t)1 << count_magnitude) < largest)
        count_magnitude++;
    layout->half_magnitude = count_magnitude > 1 ? count_magnitude - 1 : 0;
    layout->unit_magnitude = 0;
    while ((lowest >> (layout->unit_magnitude + 1)) > 0)
        layout->unit_magnitude++;
    if (layout->unit_magnitude + layout->half_magnitude + 1 > 62) {
        *why = "the histogram's lowest value is too large for 64 bits";
        return false;
    }
    untrackable = (int64_t)2 << (layout->half_magnitude
                                 + layout->unit_magnitude);
    while (untrackable <= highest && untrackable <= INT64_MAX / 2) {
        untrackable <<= 1;
        buckets++;
    }
    buckets += untrackable <= highest;
    layout->counts_len = (int64_t)(buckets + 1) << layout->half_magnitude;
    layout->ratio = ratio;
    return true;
}

/* Records count values of the bucket at index, at the bucket's highest
 * value converted to whole microseconds (rounded up). */
static bool hr_hdr_record_index(hr_hdr_read *r, const hr_hdr_layout *l,
                                int64_t index, uint64_t count)
{
    int64_t half = (int64_t)1 << l->half_magnitude;
    int64_t bucket = (index >> l->half_magnitude) - 1;
    int64_t sub = (index & (half - 1)) + half;
    double high, us;

    if (index >= l->counts_len) {
        r->why = "a count lies beyond the histogram's highest value";
        return false;
    }
    if (bucket < 0) {
        sub -= half;
        bucket = 0;
    }
    high = ldexp((double)sub + 1.0, (int)bucket + l->unit_magnitude) - 1.0;
    us = ceil(high * l->ratio * r->to_us - 1e-9);
    if (us > (double)HR_HISTOGRAM_MAX_US)
        us = (double)HR_HISTOGRAM_MAX_US + 1.0;
    if (hr_histogram_record(r->histogram, (int64_t)us, count) != HR_OK) {
        r->why = "the histogram refused a value";
        return false;
    }
    return true;
}

/* Reads V0/V1 counts: fixed-width signed big-endian words. */
static bool hr_hdr_words(hr_hdr_read *r, const hr_hdr_layout *layout,
                         const unsigned char *data, size_t length,
                         unsigned width)
{
    for (size_t i = 0; i + width <= length; i += width) {
        int64_t count;

        if (width == 2)
            count = (int16_t)((uint16_t)(data[i] << 8 | data[i + 1]));
        else if (width == 4)
            count = (int32_t)hr_be32(data + i);
        else
            count = (int64_t)hr_be64(data + i);
        if (count < 0) {
            r->why = "a bucket count is negative";
            return false;
        }
        if (count && !hr_hdr_record_index(r, layout, (int64_t)(i / width),
                                          (uint64_t)count))
            return false;
    }
    return true;
}

/* Reads one ZigZag LEB128 value of at most 9 bytes (the 9th carries all
 * 8 bits); returns the bytes used, 0 when the data ends inside it. */
static size_t hr_hdr_varint(const unsigned char *data, size_t length,
                            int64_t *value)
{
    uint64_t bits = 0;
    size_t i = 0;

    for (int shift = 0; shift <= 56; shift += 7) {
        unsigned char byte;

        if (i == length)
            return 0;
        byte = data[i++];
        if (shift == 56) {
            bits |= (uint64_t)byte << 56;
            break;
        }
        bits |= (uint64_t)(byte & 0x7F) << shift;
        if (!(byte & 0x80))
            break;
    }
    *value = (int64_t)(bits >> 1) ^ -(int64_t)(bits & 1);
    return i;
}

/* Reads V2 counts: ZigZag LEB128, a negative value -n skipping n empty
 * buckets (a 0, which encoders do not write, skips one). */
static bool hr_hdr_varints(hr_hdr_read *r, const hr_hdr_layout *layout,
                           const unsigned char *data, size_t length)
{
    int64_t index = 0, value;
    size_t i = 0;

    while (i < length) {
        size_t used = hr_hdr_varint(data + i, length - i, &value);

        if (!used)
            return (r->why = "a count is cut off"), false;
        i += used;
        if (value < 0 && value <= -layout->counts_len)
            return (r->why = "a run of empty buckets is too long"), false;
        if (value > 0 && !hr_hdr_record_index(r, layout, index,
                                              (uint64_t)value))
            return false;
        index += value < 0 ? -value : 1;
    }
    return true;
}

/* Decodes a V0 encoded histogram in r->inflated. */
static bool hr_hdr_decode_v0(hr_hdr_read *r, unsigned width)
{
    const unsigned char *p = r->inflated;
    hr_hdr_layout layout;

    if (r->inflated_length < HR_HDR_V0_HEADER)
        return (r->why = "the histogram header is cut off"), false;
    if (!hr_hdr_layout_init(&layout, (int32_t)hr_be32(p + 4),
                            (int64_t)hr_be64(p + 8),
                            (int64_t)hr_be64(p + 16), 1.0, &r->why))
        return false;
    return hr_hdr_words(r, &layout, p + HR_HDR_V0_HEADER,
                        r->inflated_length - HR_HDR_V0_HEADER, width);
}

/* Decodes a V1 or V2 encoded histogram in r->inflated. */
static bool hr_hdr_decode_v1(hr_hdr_read *r, bool v2, unsigned width)
{
    const unsigned char *p = r->inflated;
    uint64_t ratio_bits;
    double ratio;
    size_t payload;
    hr_hdr_layout layout;

    if (r->inflated_length < HR_HDR_V1_HEADER)
        return (r->why = "the histogram header is cut off"), false;
    payload = hr_be32(p + 4);
    ratio_bits = hr_be64(p + 32);
    memcpy(&ratio, &ratio_bits, sizeof ratio);
    if (payload > r->inflated_length - HR_HDR_V1_HEADER)
        return (r->why = "the counts are shorter than their length"), false;
    if (!hr_hdr_layout_init(&layout, (int32_t)hr_be32(p + 12),
                            (int64_t)hr_be64(p + 16),
                            (int64_t)hr_be64(p + 24), ratio, &r->why))
        return false;
    if (v2)
        return hr_hdr_varints(r, &layout, p + HR_HDR_V1_HEADER, payload);
    return hr_hdr_words(r, &layout, p + HR_HDR_V1_HEADER, payload, width);
}

/* Checks the inner cookie against the outer one and decodes. */
static bool hr_hdr_decode_inner(hr_hdr_read *r, uint32_t outer)
{
    uint32_t cookie, base;
    unsigned width;

    if (r->inflated_length < 4)
        return (r->why = "the histogram is empty"), false;
    cookie = hr_be32(r->inflated);
    base = cookie & ~0xF0u;
    width = (cookie & 0xF0u) >> 4;
    if (outer == HR_HDR_V2_COMPRESSED && base == HR_HDR_V2_ENCODING
        && width == 1)
        return hr_hdr_decode_v1(r, true, width);
    if (width != 2 && width != 4 && width != 8)
        return (r->why = "the count word size is not 2, 4 or 8"), false;
    if (outer == HR_HDR_V1_COMPRESSED && base == HR_HDR_V1_ENCODING)
        return hr_hdr_decode_v1(r, false, width);
    if (outer == HR_HDR_V0_COMPRESSED && base == HR_HDR_V0_ENCODING)
        return hr_hdr_decode_v0(r, width);
    r->why = "the inner encoding cookie does not match the outer one";
    return false;
}

/* Decodes a base64 payload into r->histogram (reset first). */
static bool hr_hdr_decode(hr_hdr_read *r, const char *text, size_t length)
{
    size_t raw_length;
    uint32_t cookie;
    uint32_t compressed;

    r->why = NULL;
    hr_histogram_reset(r->histogram);
    if (!hr_hdr_base64(r, text, length, &raw_length))
        return (r->why = "the payload is not base64"), false;
    if (raw_length < 8)
        return (r->why = "the payload is too short"), false;
    cookie = hr_be32(r->raw) & ~0xF0u;
    if (cookie != HR_HDR_V0_COMPRESSED && cookie != HR_HDR_V1_COMPRESSED
        && cookie != HR_HDR_V2_COMPRESSED)
        return (r->why = "the payload is not a compressed histogram"),
               false;
    compressed = hr_be32(r->raw + 4);
    if (compressed > raw_length - 8)
        return (r->why = "the payload is shorter than its length"), false;
    if (!hr_hdr_inflate(r, r->raw + 8, compressed))
        return false;
    return hr_hdr_decode_inner(r, cookie);
}

/* ---- lines ------------------------------------------------------------ */

/* Parses a whole field as a finite number >= 0. */
static bool hr_hdr_seconds(const char *text, size_t length, double *value)
{
    char buffer[64];
    char *end;

    if (length == 0 || length >= sizeof buffer)
        return false;
    memcpy(buffer, text, length);
    buffer[length] = '\0';
    if (strspn(buffer, "0123456789.eE+-") != length)
        return false;
    *value = strtod(buffer, &end);
    return *end == '\0' && isfinite(*value) && *value >= 0.0;
}

/* Copies the text after prefix, up to stop (or the end), into out. */
static void hr_hdr_copy_after(const char *line, const char *prefix,
                              const char *stop, char *out, size_t size)
{
    const char *from = line + strlen(prefix);
    size_t length;

    from += strspn(from, " ");
    length = strcspn(from, stop);
    while (length && from[length - 1] == ' ')
        length--;
    if (length >= size)
        length = size - 1;
    memcpy(out, from, length);
    out[length] = '\0';
}

/* Takes what a "#" comment line says about the log. */
static void hr_hdr_comment(hr_hdr_read *r, const char *line)
{
    hr_hdr_header *h = &r->header;
    char number[64];
    double value;

    if (strncmp(line, "#[StartTime:", 12) == 0) {
        hr_hdr_copy_after(line, "#[StartTime:", " (]", number,
                          sizeof number);
        if (hr_hdr_seconds(number, strlen(number), &value))
            h->start_time_s = value;
    } else if (strncmp(line, "#[BaseTime:", 11) == 0) {
        hr_hdr_copy_after(line, "#[BaseTime:", " (]", number,
                          sizeof number);
        if (hr_hdr_seconds(number, strlen(number), &value))
            h->base_time_s = value;
    } else if (strncmp(line, "#[Logging for:", 14) == 0) {
        hr_hdr_copy_after(line, "#[Logging for:", "]", h->name,
                          sizeof h->name);
        h->ycsb = true;
    } else if (strncmp(line, "#[Logged with ", 14) == 0 && !h->ycsb) {
        hr_hdr_copy_after(line, "#[Logged with ", " ,]", h->name,
                          sizeof h->name);
    }
}

/* Decides, at the first interval, what its stamps are relative to. */
static void hr_hdr_decide_base(hr_hdr_header *h, double first_s)
{
    h->base_decided = true;
    if (!isnan(h->base_time_s))
        h->offset_s = h->base_time_s;
    else if (!isnan(h->start_time_s))
        h->offset_s = first_s < h->start_time_s - HR_HDR_YEAR_S
                      ? h->start_time_s : 0.0;
    else
        h->offset_s = first_s >= HR_HDR_YEAR_S ? 0.0 : (double)NAN;
}

/* The label of an interval: its tag, else the log's name. */
static const char *hr_hdr_label(hr_hdr_read *r, const char *tag,
                                size_t tag_length, char *out)
{
    if (!tag)
        return r->header.name;
    if (tag_length >= HR_HDR_LABEL_MAX)
        tag_length = HR_HDR_LABEL_MAX - 1;
    memcpy(out, tag, tag_length);
    out[tag_length] = '\0';
    return out;
}

/* Splits a data line into its optional tag and four fields; false when
 * it does not have that shape. */
static bool hr_hdr_fields(const char *line, const char **tag,
                          size_t *tag_length, const char *field[4],
                          size_t length[4])
{
    const char *p = line;

    *tag = NULL;
    if (strncmp(p, "Tag=", 4) == 0) {
        *tag = p + 4;
        *tag_length = strcspn(*tag, ",");
        if ((*tag)[*tag_length] != ',')
            return false;
        p = *tag + *tag_length + 1;
    }
    for (int i = 0; i < 4; i++) {
        field[i] = p;
        length[i] = i < 3 ? strcspn(p, ",") : strlen(p);
        if (i < 3 && p[length[i]] != ',')
            return false;
        p += length[i] + 1;
    }
    return true;
}

/* Reads one interval line into the set, or skips it with a reason. */
static hr_status hr_hdr_interval(hr_hdr_read *r)
{
    const char *tag, *field[4], *label;
    size_t tag_length = 0, length[4];
    double start_s, length_s, max, start_ms = NAN, end_ms = NAN;
    char tag_label[HR_HDR_LABEL_MAX];
    unsigned long line = r->lines.line;
    hr_status status;

    if (!hr_hdr_fields(r->line, &tag, &tag_length, field, length))
        return hr_reader_skip(&r->reader, line, "interval line is not "
                              "[Tag=NAME,]start,length,max,histogram");
    /* Interval_Max is checked, not used: the histogram has its max. */
    if (!hr_hdr_seconds(field[0], length[0], &start_s)
        || !hr_hdr_seconds(field[1], length[1], &length_s)
        || !hr_hdr_seconds(field[2], length[2], &max))
        return hr_reader_skip(&r->reader, line, "interval start, length "
                              "and max must be numbers >= 0");
    if (!hr_hdr_decode(r, field[3], length[3]))
        return hr_reader_skip(&r->reader, line, "interval histogram: %s",
                              r->why);
    if (!r->header.base_decided)
        hr_hdr_decide_base(&r->header, start_s);
    if (!isnan(r->header.offset_s)) {
        start_ms = (r->header.offset_s + start_s) * 1000.0;
        end_ms = start_ms + length_s * 1000.0;
    }
    label = hr_hdr_label(r, tag, tag_length, tag_label);
    label = hr_reader_label(&r->reader, line, label, strlen(label));
    if (!label)
        return HR_ERR_NOMEM;
    status = hr_sample_set_record_histogram(r->reader.set, label, start_ms,
                                            end_ms, r->histogram, 0);
    r->reader.records += status == HR_OK;
    return status;
}

/* The default label: the file's name without folders and extension. */
static void hr_hdr_default_name(hr_hdr_read *r, const char *path)
{
    const char *base = strrchr(path, '/');
    size_t length;

    base = base ? base + 1 : path;
    length = strcspn(base, ".");
    if (strcmp(path, "<stdin>") == 0 || length == 0) {
        base = "hdrhistogram";
        length = strlen(base);
    }
    if (length >= sizeof r->header.name)
        length = sizeof r->header.name - 1;
    memcpy(r->header.name, base, length);
    r->header.name[length] = '\0';
}

/* Microseconds per value unit. */
static double hr_hdr_unit_us(hr_hdr_unit unit, bool ycsb)
{
    switch (unit) {
    case HR_HDR_UNIT_NS:
        return 1e-3;
    case HR_HDR_UNIT_US:
        return 1.0;
    case HR_HDR_UNIT_MS:
        return 1e3;
    case HR_HDR_UNIT_S:
        return 1e6;
    default:
        return ycsb ? 1.0 : 1e-3;
    }
}

/* Reads every line: comments, the column header, intervals. */
static hr_status hr_hdr_lines(hr_hdr_read *r)
{
    hr_status status = HR_OK;
    size_t length;
    bool got = true;

    while (status == HR_OK) {
        status = hr_line_next(&r->lines, &r->line, &length, &got);
        if (status != HR_OK || !got)
            break;
        if (r->lines.overlong || r->lines.binary)
            status = hr_reader_skip(&r->reader, r->lines.line, "line is "
                                    "binary or longer than 1 MiB");
        else if (r->line[0] == '#')
            hr_hdr_comment(r, r->line);
        else if (r->line[0] != '"' && r->line[strspn(r->line, " \t")]) {
            r->to_us = hr_hdr_unit_us(r->unit, r->header.ycsb);
            status = hr_hdr_interval(r);
        }
    }
    if (status == HR_ERR_IO)
        hr_reader_read_failed(&r->reader, &r->lines);
    return status;
}

/* ---- public API ------------------------------------------------------- */

/* True when a line is an interval line: [Tag=..,]n,n,n,HIST... */
static bool hr_hdr_sniff_interval(const char *line, size_t length)
{
    size_t i = 0;

    if (length > 4 && strncmp(line, "Tag=", 4) == 0) {
        while (i < length && line[i] != ',')
            i++;
        i++;
    }
    for (int field = 0; field < 3; field++) {
        size_t digits = 0;

        while (i < length && line[i] && strchr("0123456789.", line[i])) {
            i++;
            digits++;
        }
        if (!digits || i >= length || line[i] != ',')
            return false;
        i++;
    }
    return length - i >= 6 && strncmp(line + i, "HIST", 4) == 0;
}

/* Claims a head with the headers only HdrHistogram logs write, or an
 * interval line first. */
bool hr_hdr_log_sniff(const char *head, size_t length)
{
    static const char *const marks[] = {
        "#[Histogram log format version ", "#[StartTime: ",
        "#[BaseTime: ", "\"StartTimestamp\",\"Interval_Length\"",
        "\"StartTimestamp\",\"EndTimestamp\"",
    };
    size_t at = 0;

    if (length >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        at = 3;
    while (at < length) {
        const char *line = head + at;
        const char *end = memchr(line, '\n', length - at);
        size_t size = end ? (size_t)(end - line) : length - at;

        for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
            if (size >= strlen(marks[m])
                && strncmp(line, marks[m], strlen(marks[m])) == 0)
                return true;
        }
        if (line[0] != '#')
            return hr_hdr_sniff_interval(line, size);
        at += size + 1;
    }
    return false;
}

/* Reads the log line by line, one histogram per interval. */
hr_status hr_hdr_log_read_unit(hr_source *source, hr_sample_set *set,
                               hr_diags *diags, hr_hdr_unit unit)
{
    hr_hdr_read r;
    hr_status status;

    if (!source || !set)
        return HR_ERR_DOMAIN;
    memset(&r, 0, sizeof r);
    hr_reader_init(&r.reader, source, "hdr-log", set, diags);
    r.unit = unit;
    r.header.start_time_s = r.header.base_time_s = NAN;
    hr_hdr_default_name(&r, r.reader.path);

    status = hr_reader_refuse_wide(&r.reader, source);
    if (status == HR_OK)
        status = hr_line_reader_init(&r.lines, source);
    if (status == HR_OK) {
        r.histogram = hr_histogram_new();
        status = r.histogram ? hr_hdr_lines(&r) : HR_ERR_NOMEM;
        hr_line_reader_release(&r.lines);
    }
    if (status == HR_OK)
        status = hr_reader_finish(&r.reader, "interval histograms");
    hr_reader_release(&r.reader);
    hr_histogram_free(r.histogram);
    free(r.raw);
    free(r.inflated);
    return status;
}

/* The format table's read: units as the log's header suggests. */
hr_status hr_hdr_log_read(hr_source *source, hr_sample_set *set,
                                 hr_diags *diags)
{
    return hr_hdr_log_read_unit(source, set, diags, HR_HDR_UNIT_AUTO);
}
