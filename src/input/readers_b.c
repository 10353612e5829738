/*
 * readers_b.c - a check shared by the JMeter XML, HdrHistogram log,
 * access log and uptime readers (readers_b.h); their other helpers are
 * the common ones of readers.h.
 */
#include "input/readers_b.h"

#include <string.h>

#include "input/readers.h"

/* Names the wide encoding of a head: a byte order mark, or ASCII saved
 * as UTF-16 without one (every other byte zero); NULL when the head may
 * be UTF-8. */
static const char *hr_wide_encoding(const char *head, size_t length)
{
    const unsigned char *s = (const unsigned char *)head;
    size_t odd = 0, even = 0, pairs = length < 64 ? length / 2 : 32;

    if (length >= 4 && (memcmp(s, "\xFF\xFE\0\0", 4) == 0
                        || memcmp(s, "\0\0\xFE\xFF", 4) == 0))
        return "UTF-32";
    if (length >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        return "UTF-16LE";
    if (length >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        return "UTF-16BE";
    for (size_t i = 0; i < pairs; i++) {
        even += s[2 * i] == 0;
        odd += s[2 * i + 1] == 0;
    }
    if (pairs >= 4 && odd == pairs && even == 0)
        return "UTF-16LE";
    if (pairs >= 4 && even == pairs && odd == 0)
        return "UTF-16BE";
    return NULL;
}

/* Looks at the head only: the stream is not consumed. */
hr_status hr_reader_refuse_wide(hr_reader *reader, const hr_source *source)
{
    const char *head, *wide;
    size_t length;

    hr_source_head(source, &head, &length);
    wide = hr_wide_encoding(head, length);
    if (!wide)
        return HR_OK;
    hr_reader_diag(reader, HR_ERROR, 1, "the file is %s text, which this "
                   "format never is: save it as UTF-8", wide);
    hr_reader_note(reader);
    return HR_ERR_NO_DATA;
}
