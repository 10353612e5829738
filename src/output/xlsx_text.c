/*
 * xlsx_text.c - text made fit for a workbook: valid UTF-8 within Excel's
 * cell limit (cut with a mark), cleaned text for document properties, and
 * numbers formatted for sentences that quote them.
 *
 * Pure string work, no libxlsxwriter calls; see xlsx_book.h.
 */
#include "output/xlsx_book.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Characters of the longest number text. */
#define NUMBER_TEXT_MAX 512

/* ---- UTF-8 ----------------------------------------------------------- */

/* True for the 10xxxxxx bytes that continue a UTF-8 sequence. */
static int is_continuation(unsigned char byte)
{
    return (byte & 0xC0) == 0x80;
}

/* Bytes in the valid UTF-8 sequence at p, or 0 when it is not valid
 * (RFC 3629 section 4: no overlong forms, no surrogates, at most
 * U+10FFFF). Never reads past a terminating NUL. */
static size_t utf8_length(const unsigned char *p)
{
    unsigned char c = p[0];

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return is_continuation(p[1]) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!is_continuation(p[1]) || !is_continuation(p[2]))
            return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!is_continuation(p[1]) || !is_continuation(p[2]) ||
            !is_continuation(p[3]))
            return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

/* Excel counts characters in UTF-16 units: a 4-byte sequence is two. */
static size_t utf16_units(size_t bytes)
{
    return bytes == 4 ? 2 : 1;
}

/* Measures text: characters (a bad byte counts one) and whether it is
 * valid UTF-8. */
static size_t measure_text(const char *text, int *valid)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t chars = 0;

    *valid = 1;
    while (*p) {
        size_t n = utf8_length(p);

        if (n == 0) {
            *valid = 0;
            n = 1;
        }
        chars += utf16_units(n);
        p += n;
    }
    return chars;
}

/* Copies text into out, replacing bad bytes by U+FFFD, stopping before
 * the character that would pass keep; returns the characters copied. */
static size_t copy_repaired(const char *text, char *out, size_t keep,
                            size_t *out_bytes)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    const unsigned char *p = (const unsigned char *)text;
    size_t chars = 0, bytes = 0;

    while (*p) {
        size_t n = utf8_length(p);
        size_t units = utf16_units(n);

        if (chars + units > keep)
            break;
        if (n == 0) {
            memcpy(out + bytes, replacement, 3);
            bytes += 3;
            n = 1;
        } else {
            memcpy(out + bytes, p, n);
            bytes += n;
        }
        chars += units;
        p += n;
    }
    *out_bytes = bytes;
    return chars;
}

/* Repairs and cuts text for a cell; see sheet.h. */
const char *hr_sheet_safe_text(const char *text, char **copy, size_t *chars)
{
    size_t mark_chars = 6; /* U+2026 and "[cut]" */
    size_t length, keep, bytes, capacity;
    int valid, cut;

    *copy = NULL;
    *chars = measure_text(text, &valid);
    cut = *chars > HR_SHEET_CELL_MAX;
    if (valid && !cut)
        return text;

    /* A kept character takes at most 4 bytes, a repaired byte 3. */
    length = strlen(text);
    keep = cut ? HR_SHEET_CELL_MAX - mark_chars : *chars;
    capacity = (length < keep ? length : keep) * 4 + sizeof HR_SHEET_CUT_MARK;
    *copy = malloc(capacity);
    if (!*copy)
        return NULL;
    *chars = copy_repaired(text, *copy, keep, &bytes);
    if (cut) {
        memcpy(*copy + bytes, HR_SHEET_CUT_MARK, sizeof HR_SHEET_CUT_MARK);
        *chars += mark_chars;
    } else {
        (*copy)[bytes] = '\0';
    }
    return *copy;
}

/* Replaces what XML cannot hold outside a cell, in place. */
void hr_sheet_clean_in_place(char *text)
{
    unsigned char *p = (unsigned char *)text;

    while (*p) {
        size_t n = utf8_length(p);

        if (n == 0 || *p < 0x20 || *p == 0x7F) {
            *p = n == 0 ? '?' : ' ';
            n = 1;
        }
        p += n;
    }
}

/* ---- numbers in text ------------------------------------------------ */

/* Formats a number as "1,234.5" for text that quotes it. */
char *hr_sheet_format_number(char *buffer, size_t size, double value,
                             int decimals)
{
    char digits[NUMBER_TEXT_MAX];
    size_t integer, out = 0;

    if (size == 0)
        return buffer;
    if (!isfinite(value)) {
        snprintf(buffer, size, "n/a");
        return buffer;
    }
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(value));
    integer = strcspn(digits, ".");
    if (value < 0 && strspn(digits, "0.") < strlen(digits) && out + 1 < size)
        buffer[out++] = '-';
    for (size_t i = 0; digits[i] && out + 1 < size; i++) {
        buffer[out++] = digits[i];
        if (i + 1 < integer && (integer - i - 1) % 3 == 0 && out + 1 < size)
            buffer[out++] = ',';
    }
    buffer[out] = '\0';
    return buffer;
}
