/*
 * locust_console.c - reads the statistics tables Locust prints on its
 * console (and into --logfile runs' captured output):
 *
 *   Type  Name  # reqs  # fails |  Avg  Min  Max  Med |  req/s  failures/s
 *   GET   /     515233  0(0.00%) |   6    0  343    6 | 4299.36       0.00
 *            Aggregated  515233  0(0.00%) | ...
 *
 *   Response time percentiles (approximated)
 *   Type  Name  50%  66% ... 99.99%  100%  # reqs
 *
 * A run prints such tables every few seconds without --only-summary, so
 * each new header starts the table afresh and the last one wins. Columns
 * are found by the header's names, counted from the right of the name
 * (names hold spaces; numbers do not). A row that starts with a blank
 * has no type (the "Aggregated" row). Each endpoint of the last stats
 * table becomes a reported summary, with the percentiles of the last
 * percentile table; times are whole milliseconds as Locust rounds them.
 *
 * Sections: tables, rows.
 */
#include "input/readers.h"
#include "input/readers_b.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Most columns of one table, and of percentiles in it. */
#define HR_CONSOLE_COLUMNS 32

/* Endpoints kept from one table. */
#define HR_CONSOLE_MAX_LABELS 10000

/* What a column of a table holds. */
typedef enum hr_console_field {
    HR_CONSOLE_IGNORED,
    HR_CONSOLE_COUNT,
    HR_CONSOLE_FAILURES,
    HR_CONSOLE_MEAN,
    HR_CONSOLE_MIN,
    HR_CONSOLE_MAX,
    HR_CONSOLE_MEDIAN,
    HR_CONSOLE_RPS,
    HR_CONSOLE_PERCENT
} hr_console_field;

/* A table's columns right of the name, in order. */
typedef struct hr_console_layout {
    bool typed;                 /* the header starts with "Type" */
    size_t count;
    hr_console_field field[HR_CONSOLE_COLUMNS];
    double q[HR_CONSOLE_COLUMNS];   /* for HR_CONSOLE_PERCENT */
} hr_console_layout;

/* One endpoint: its stats row and its percentile row. */
typedef struct hr_console_entry {
    char *label;
    bool stats, total;
    double figure[HR_CONSOLE_PERCENT];
    size_t quantile_count;
    double q[HR_CONSOLE_COLUMNS], v[HR_CONSOLE_COLUMNS];
} hr_console_entry;

/* Which table the lines belong to. */
typedef enum hr_console_table {
    HR_CONSOLE_NONE,
    HR_CONSOLE_STATS,
    HR_CONSOLE_PERCENTILES
} hr_console_table;

/* State of one read. */
typedef struct hr_console_read {
    hr_reader reader;
    hr_line_reader lines;
    hr_console_table table;
    hr_console_layout layout;
    hr_console_entry *entries;
    size_t entry_count, entry_capacity;
} hr_console_read;

/* ---- tables ----------------------------------------------------------- */

/* The field a header word names; q gets a percentile's quantile. */
static hr_console_field hr_console_name(const char *word, double *q)
{
    static const struct {
        const char *name;
        hr_console_field field;
    } names[] = {
        {"reqs", HR_CONSOLE_COUNT}, {"fails", HR_CONSOLE_FAILURES},
        {"Avg", HR_CONSOLE_MEAN}, {"Min", HR_CONSOLE_MIN},
        {"Max", HR_CONSOLE_MAX}, {"Med", HR_CONSOLE_MEDIAN},
        {"Median", HR_CONSOLE_MEDIAN}, {"req/s", HR_CONSOLE_RPS},
    };
    size_t n = strlen(word);
    char number[32];

    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(word, names[i].name) == 0)
            return names[i].field;
    if (n < 2 || n >= sizeof number || word[n - 1] != '%')
        return HR_CONSOLE_IGNORED;
    memcpy(number, word, n - 1);
    number[n - 1] = '\0';
    if (!hr_text_number(number, q) || !(*q > 0 && *q < 100))
        return HR_CONSOLE_IGNORED;
    *q /= 100.0;
    return HR_CONSOLE_PERCENT;
}

/* Reads a header line: the words after "Name", each a column ("#" joins
 * the word after it, '|' separates nothing). */
static void hr_console_header(hr_console_read *c, char *text)
{
    hr_console_layout *layout = &c->layout;
    char *save = NULL, *word;
    bool after_name = false;

    layout->count = 0;
    layout->typed = strncmp(text, "Type", 4) == 0;
    for (word = strtok_r(text, " |", &save); word;
         word = strtok_r(NULL, " |", &save)) {
        if (!after_name) {
            after_name = strcmp(word, "Name") == 0;
            continue;
        }
        if (strcmp(word, "#") == 0 || layout->count == HR_CONSOLE_COLUMNS)
            continue;
        layout->field[layout->count] = hr_console_name(
            word, &layout->q[layout->count]);
        layout->count++;
    }
}

/* Forgets the figures of one kind of table before a new one. */
static void hr_console_reset(hr_console_read *c, hr_console_table table)
{
    for (size_t i = 0; i < c->entry_count; i++) {
        if (table == HR_CONSOLE_STATS)
            c->entries[i].stats = false;
        else
            c->entries[i].quantile_count = 0;
    }
}

/* Starts a table when the line is one of the two headers. */
static bool hr_console_table_start(hr_console_read *c, char *text)
{
    bool stats = strstr(text, "# reqs") && strstr(text, "# fails");
    bool percentiles = !stats && strstr(text, "# reqs")
                       && strstr(text, "Name") && strstr(text, "%");

    if (!stats && !percentiles)
        return false;
    c->table = stats ? HR_CONSOLE_STATS : HR_CONSOLE_PERCENTILES;
    hr_console_reset(c, c->table);
    hr_console_header(c, text);
    return true;
}

/* ---- rows ------------------------------------------------------------- */

/* The entry for label, added when new; NULL when out of memory or over
 * the limit. */
static hr_console_entry *hr_console_entry_of(hr_console_read *c,
                                             const char *label)
{
    hr_console_entry *entry;

    for (size_t i = 0; i < c->entry_count; i++)
        if (strcmp(c->entries[i].label, label) == 0)
            return &c->entries[i];
    if (c->entry_count == HR_CONSOLE_MAX_LABELS)
        return NULL;
    if (c->entry_count == c->entry_capacity) {
        size_t capacity = c->entry_capacity ? 2 * c->entry_capacity : 8;
        hr_console_entry *grown = realloc(c->entries,
                                          capacity * sizeof *grown);

        if (!grown)
            return NULL;
        c->entries = grown;
        c->entry_capacity = capacity;
    }
    entry = &c->entries[c->entry_count];
    memset(entry, 0, sizeof *entry);
    entry->label = strdup(label);
    if (!entry->label)
        return NULL;
    c->entry_count++;
    return entry;
}

/* Cuts the last count words off text (they are the columns); returns
 * their starts in words and leaves text holding the type and name. */
static bool hr_console_split(char *text, size_t count, char **words)
{
    char *end = text + strlen(text);

    for (size_t i = count; i > 0; i--) {
        while (end > text && (end[-1] == ' ' || end[-1] == '|'))
            *--end = '\0';
        while (end > text && end[-1] != ' ' && end[-1] != '|')
            end--;
        if (end == text)
            return false;
        words[i - 1] = end;
    }
    while (end > text && (end[-1] == ' ' || end[-1] == '|'))
        *--end = '\0';
    return true;
}

/* The label of a row from what is left of the columns: "TYPE NAME", or
 * the name alone when the row starts with a blank (no type). */
static const char *hr_console_label(hr_console_read *c, char *text)
{
    char *name = text + strspn(text, " ");
    size_t n = strlen(name);

    if (c->layout.typed && text[0] != ' ') {
        char *space = strchr(name, ' ');

        if (space) {
            char *rest = space + strspn(space, " ");

            memmove(space + 1, rest, strlen(rest) + 1);
            n = strlen(name);
        }
    }
    return hr_reader_label(&c->reader, c->lines.line, name, n);
}

/* Reads a cell: a number, "N/A", or "3(0.50%)" (failures and share). */
static bool hr_console_number(const char *word, double *value)
{
    char number[32];
    size_t n = strcspn(word, "(");

    if (strcmp(word, "N/A") == 0) {
        *value = NAN;
        return true;
    }
    if (n == 0 || n >= sizeof number)
        return false;
    memcpy(number, word, n);
    number[n] = '\0';
    return hr_text_number(number, value) && *value >= 0;
}

/* Stores the cells of a row in its entry. */
static void hr_console_store(hr_console_read *c, hr_console_entry *entry,
                             const double *values)
{
    const hr_console_layout *layout = &c->layout;

    if (c->table == HR_CONSOLE_STATS) {
        for (size_t i = 0; i < HR_CONSOLE_PERCENT; i++)
            entry->figure[i] = NAN;
        entry->stats = true;
    } else {
        entry->quantile_count = 0;
    }
    for (size_t i = 0; i < layout->count; i++) {
        hr_console_field field = layout->field[i];

        if (field == HR_CONSOLE_PERCENT && !isnan(values[i])) {
            entry->q[entry->quantile_count] = layout->q[i];
            entry->v[entry->quantile_count++] = values[i];
        } else if (field != HR_CONSOLE_PERCENT
                   && c->table == HR_CONSOLE_STATS) {
            entry->figure[field] = values[i];
        }
    }
}

/* Reads one row of the current table; skips it when malformed. */
static hr_status hr_console_row(hr_console_read *c, char *text)
{
    char *words[HR_CONSOLE_COLUMNS];
    double values[HR_CONSOLE_COLUMNS];
    const char *label;
    hr_console_entry *entry;

    if (!hr_console_split(text, c->layout.count, words))
        return hr_reader_skip(&c->reader, c->lines.line, "row has fewer "
                              "than %zu columns", c->layout.count);
    for (size_t i = 0; i < c->layout.count; i++)
        if (!hr_console_number(words[i], &values[i]))
            return hr_reader_skip(&c->reader, c->lines.line, "column %zu "
                                  "is not a number", i + 1);
    label = hr_console_label(c, text);
    entry = label ? hr_console_entry_of(c, label) : NULL;
    if (!entry)
        return label ? hr_reader_skip(&c->reader, c->lines.line, "over %d "
                                      "names", HR_CONSOLE_MAX_LABELS)
                     : HR_ERR_NOMEM;
    entry->total = text[0] == ' ' && strcmp(label, "Aggregated") == 0;
    hr_console_store(c, entry, values);
    return HR_OK;
}

/* Reads one line: a header, a separator, a row, or the end of a table
 * (a blank line or anything that is not a row, such as a log line). */
static hr_status hr_console_line(hr_console_read *c, char *text,
                                 size_t length)
{
    if (c->lines.overlong || c->lines.binary)
        return hr_reader_skip(&c->reader, c->lines.line, "%s",
                              c->lines.binary ? "binary data (a NUL byte)"
                                              : "line too long");
    if (hr_console_table_start(c, text))
        return HR_OK;
    if (length == 0 || text[0] == '[' || strncmp(text, "Response", 8) == 0
        || strncmp(text, "Error report", 12) == 0) {
        c->table = HR_CONSOLE_NONE;
        return HR_OK;
    }
    if (strncmp(text, "---", 3) == 0 || c->table == HR_CONSOLE_NONE)
        return HR_OK;
    return hr_console_row(c, text);
}

/* Records one endpoint of the last stats table. */
static hr_status hr_console_record(hr_console_read *c,
                                   const hr_console_entry *e)
{
    const double *f = e->figure;
    double q = 0.5, rps = f[HR_CONSOLE_RPS], count = f[HR_CONSOLE_COUNT];
    hr_reported_summary s = {
        .label = e->label, .tool = "locust",
        .min_ms = f[HR_CONSOLE_MIN], .mean_ms = f[HR_CONSOLE_MEAN],
        .max_ms = f[HR_CONSOLE_MAX], .quantile_count = e->quantile_count,
        .quantiles = e->q, .values_ms = e->v,
        .duration_s = rps > 0 ? count / rps : (double)NAN,
    };
    double failures = isnan(f[HR_CONSOLE_FAILURES]) ? 0
                                                    : f[HR_CONSOLE_FAILURES];

    if (isnan(count) || count != floor(count) || failures > count)
        return hr_reader_skip(&c->reader, 0, "'%s': request count missing "
                              "or below its failures", e->label);
    if (s.quantile_count == 0 && !isnan(f[HR_CONSOLE_MEDIAN])) {
        s.quantile_count = 1;
        s.quantiles = &q;
        s.values_ms = &f[HR_CONSOLE_MEDIAN];
    }
    s.count = (uint64_t)count;
    s.errors = (uint64_t)failures;
    return hr_sample_set_record_summary(c->reader.set, &s);
}

/* Records the endpoints of the last stats table (its totals row only
 * when it has no endpoints); its rows are the records read. */
static hr_status hr_console_finish(hr_console_read *c)
{
    bool endpoints = false;
    hr_status status = HR_OK;

    for (size_t i = 0; i < c->entry_count; i++) {
        endpoints |= c->entries[i].stats && !c->entries[i].total;
        c->reader.records += c->entries[i].stats;
    }
    for (size_t i = 0; status == HR_OK && i < c->entry_count; i++) {
        const hr_console_entry *e = &c->entries[i];

        if (e->stats && !(e->total && endpoints))
            status = hr_console_record(c, e);
    }
    return status;
}

/* Reads every line, then records the last tables. */
hr_status hr_locust_console_read(hr_source *source, hr_sample_set *set,
                               hr_diags *diags)
{
    hr_console_read c = {0};
    hr_status status;
    char *text;
    size_t length;
    bool got = true;

    hr_reader_init(&c.reader, source, "locust-console", set, diags);
    status = hr_reader_refuse_wide(&c.reader, source);
    if (status == HR_OK)
        status = hr_line_reader_init(&c.lines, source);
    while (status == HR_OK) {
        status = hr_line_next(&c.lines, &text, &length, &got);
        if (status != HR_OK || !got)
            break;
        status = hr_console_line(&c, text, length);
    }
    if (status == HR_ERR_IO)
        hr_reader_read_failed(&c.reader, &c.lines);
    if (status == HR_OK)
        status = hr_console_finish(&c);
    if (status == HR_OK)
        status = hr_reader_finish(&c.reader, "Locust statistics table");
    for (size_t i = 0; i < c.entry_count; i++)
        free(c.entries[i].label);
    free(c.entries);
    hr_line_reader_release(&c.lines);
    hr_reader_release(&c.reader);
    return status;
}

/* True when a line of the head is a Locust stats table header. */
bool hr_locust_console_sniff(const char *head, size_t length)
{
    size_t start = 0;

    while (start < length) {
        const char *end = memchr(head + start, '\n', length - start);
        size_t n = end ? (size_t)(end - head) - start : length - start;
        char line[512];

        if (n < sizeof line) {
            memcpy(line, head + start, n);
            line[n] = '\0';
            if (strstr(line, "Name") && strstr(line, "# reqs")
                && strstr(line, "# fails"))
                return true;
        }
        start += n + 1;
    }
    return false;
}
