/*
 * capacity_csv.c - reads a capacity series (load, throughput) from CSV.
 *
 * The file is tokenised by csv.c; this file finds the columns by their
 * header names, checks each row's two numbers and keeps them with their
 * line numbers, sorted by load. See capacity_csv.h for the rules.
 */
#include "input/capacity_csv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/csv.h"

/* Bytes of the file read first to choose the delimiter. */
#define HEAD_BYTES 4096

/* Errors listed one by one before the rest are only counted. */
#define MAX_LISTED_ERRORS 10

/* Field index meaning "no such column". */
#define NO_COLUMN ((size_t)-1)

#define COUNT_OF(a) (sizeof(a) / sizeof *(a))

static const char *const load_names[] = {
    "concurrency", "n",           "load",    "users",      "vus",
    "clients",     "connections", "threads", "processors", "processes",
};

static const char *const throughput_names[] = {
    "throughput",          "x",         "tput", "rps", "requests_per_s",
    "requests_per_second", "req_per_s", "tps",  "qps", "ops_per_s",
};

static const char *const rate_names[] = {
    "rate",
    "target_rate",
    "offered_rate",
    "target_rps",
};

typedef struct capacity_row {
    double load;
    double throughput;
    unsigned long line;
} capacity_row;

/* State while one file is read. */
typedef struct capacity_reader {
    const char *path;
    hr_diags *diags;
    hr_capacity_series *series;
    hr_csv_reader csv;
    size_t load; /* field indexes, or NO_COLUMN */
    size_t throughput;
    size_t rate;
    size_t fields; /* fields in the header */
    capacity_row *rows;
    size_t count;
    size_t capacity;
    size_t errors;
    hr_status first_error;
} capacity_reader;

/* ---- diagnostics -------------------------------------------------------- */

/* Records an error at line; lists the first few in diags. */
static void row_error(capacity_reader *r, hr_status status, unsigned long line,
                      const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static void row_error(capacity_reader *r, hr_status status, unsigned long line,
                      const char *format, ...)
{
    va_list args;

    if (r->first_error == HR_OK)
        r->first_error = status;
    if (r->errors++ >= MAX_LISTED_ERRORS)
        return;
    va_start(args, format);
    hr_diags_vadd(r->diags, HR_ERROR, r->path, line, 0, format, args);
    va_end(args);
}

/* ---- header ------------------------------------------------------------- */

/* True when field, without surrounding blanks, is name in any case. */
static bool field_is(const char *field, const char *name)
{
    size_t length;

    while (isspace((unsigned char)*field))
        field++;
    length = strlen(field);
    while (length > 0 && isspace((unsigned char)field[length - 1]))
        length--;
    return length == strlen(name) && strncasecmp(field, name, length) == 0;
}

static size_t find_column(const hr_csv_reader *csv, const char *name)
{
    for (size_t i = 0; i < hr_csv_field_count(csv); i++)
        if (field_is(hr_csv_field(csv, i), name))
            return i;
    return NO_COLUMN;
}

/* The first of names, in list order, that the header holds. */
static size_t find_first(const hr_csv_reader *csv, const char *const *names,
                         size_t count)
{
    for (size_t k = 0; k < count; k++) {
        size_t at = find_column(csv, names[k]);

        if (at != NO_COLUMN)
            return at;
    }
    return NO_COLUMN;
}

/* Warns about each other header field that could also be the load. */
static void note_other_loads(capacity_reader *r)
{
    const hr_csv_reader *csv = &r->csv;

    for (size_t i = 0; i < hr_csv_field_count(csv); i++) {
        bool known = false;

        for (size_t k = 0; k < COUNT_OF(load_names) && !known; k++)
            known = field_is(hr_csv_field(csv, i), load_names[k]);
        if (known && i != r->load)
            hr_diags_add(r->diags, HR_WARNING, r->path, csv->record_line, 0,
                         "using '%s' as the load; '%s' could be one too",
                         hr_csv_field(csv, r->load), hr_csv_field(csv, i));
    }
}

/* Finds one column by the caller's name or by the list; reports it
 * missing. */
static size_t choose_column(capacity_reader *r, const char *chosen,
                            const char *const *names, size_t count,
                            const char *role)
{
    size_t at = chosen ? find_column(&r->csv, chosen)
                       : find_first(&r->csv, names, count);

    if (at != NO_COLUMN)
        return at;
    if (chosen)
        row_error(r, HR_ERR_INVALID, r->csv.record_line,
                  "no column named '%s' in the header", chosen);
    else
        row_error(r, HR_ERR_INVALID, r->csv.record_line,
                  "no %s column: name one of %s, %s, %s, ... in the header",
                  role, names[0], names[1], names[2]);
    return NO_COLUMN;
}

/* A copy of a header field without surrounding blanks; NULL on no
 * memory. */
static char *copy_trimmed(const char *field)
{
    size_t length;
    char *copy;

    while (isspace((unsigned char)*field))
        field++;
    length = strlen(field);
    while (length > 0 && isspace((unsigned char)field[length - 1]))
        length--;
    copy = malloc(length + 1);
    if (copy) {
        memcpy(copy, field, length);
        copy[length] = '\0';
    }
    return copy;
}

/* Keeps the chosen columns' names, for messages and the caller. */
static hr_status keep_names(capacity_reader *r)
{
    hr_capacity_series *s = r->series;

    s->load_column = copy_trimmed(hr_csv_field(&r->csv, r->load));
    s->throughput_column = copy_trimmed(hr_csv_field(&r->csv, r->throughput));
    if (r->rate != NO_COLUMN)
        s->rate_column = copy_trimmed(hr_csv_field(&r->csv, r->rate));
    if (!s->load_column || !s->throughput_column ||
        (r->rate != NO_COLUMN && !s->rate_column))
        return HR_ERR_NOMEM;
    return HR_OK;
}

/* Reads the header record and locates the columns. */
static hr_status read_header(capacity_reader *r,
                             const hr_capacity_columns *columns)
{
    bool got;
    hr_status status = hr_csv_reader_next(&r->csv, &got);

    if (status != HR_OK)
        return status;
    if (!got) {
        row_error(r, HR_ERR_NO_DATA, 0, "file is empty");
        return HR_ERR_NO_DATA;
    }
    r->fields = hr_csv_field_count(&r->csv);
    r->load = choose_column(r, columns ? columns->load : NULL, load_names,
                            COUNT_OF(load_names), "load");
    r->throughput =
        choose_column(r, columns ? columns->throughput : NULL, throughput_names,
                      COUNT_OF(throughput_names), "throughput");
    r->rate = find_first(&r->csv, rate_names, COUNT_OF(rate_names));
    if (r->load == NO_COLUMN || r->throughput == NO_COLUMN)
        return r->first_error;
    if (!(columns && columns->load))
        note_other_loads(r);
    return keep_names(r);
}

/* ---- rows --------------------------------------------------------------- */

typedef enum cell_kind { CELL_NUMBER, CELL_EMPTY, CELL_BAD } cell_kind;

/* Parses a decimal number, blanks around it allowed. */
static cell_kind parse_cell(const char *text, double *value)
{
    char *end;

    while (isspace((unsigned char)*text))
        text++;
    if (*text == '\0')
        return CELL_EMPTY;
    *value = strtod(text, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end == text || *end != '\0' || !isfinite(*value))
        return CELL_BAD;
    return CELL_NUMBER;
}

/* Parses the cell of column index, named name; reports a bad one. */
static cell_kind read_cell(capacity_reader *r, size_t index, const char *name,
                           double *value)
{
    const char *text = hr_csv_field(&r->csv, index);
    cell_kind kind = parse_cell(text, value);

    if (kind == CELL_BAD)
        row_error(r, HR_ERR_PARSE, r->csv.record_line,
                  "'%s' is not a number: '%s'", name, text);
    return kind;
}

static hr_status append_row(capacity_reader *r, double load, double throughput)
{
    if (r->count == r->capacity) {
        size_t capacity = r->capacity ? r->capacity * 2 : 32;
        capacity_row *rows = realloc(r->rows, capacity * sizeof *rows);

        if (!rows)
            return HR_ERR_NOMEM;
        r->rows = rows;
        r->capacity = capacity;
    }
    r->rows[r->count++] = (capacity_row){load, throughput, r->csv.record_line};
    return HR_OK;
}

/* True when the row names an offered rate and its throughput met it. */
static bool rate_limited(capacity_reader *r, double throughput)
{
    double rate;

    if (r->rate == NO_COLUMN ||
        read_cell(r, r->rate, r->series->rate_column, &rate) != CELL_NUMBER)
        return false;
    return rate > 0.0 && throughput >= HR_CAPACITY_RATE_MET * rate;
}

/* Checks the two numbers of a complete row and keeps it. */
static hr_status take_values(capacity_reader *r, double load, double throughput)
{
    hr_capacity_series *s = r->series;
    unsigned long line = r->csv.record_line;

    if (!(load > 0.0)) {
        row_error(r, HR_ERR_INVALID, line, "'%s' must be positive, got %g",
                  s->load_column, load);
        return HR_OK;
    }
    if (throughput < 0.0) {
        row_error(r, HR_ERR_INVALID, line, "'%s' must not be negative, got %g",
                  s->throughput_column, throughput);
        return HR_OK;
    }
    if (rate_limited(r, throughput)) {
        s->skipped_rate++;
        return HR_OK;
    }
    return append_row(r, load, throughput);
}

/* Reads one data record. */
static hr_status read_row(capacity_reader *r)
{
    hr_capacity_series *s = r->series;
    unsigned long line = r->csv.record_line;
    double load = 0.0, throughput = 0.0;
    cell_kind a, b;

    if (r->csv.unterminated) {
        row_error(r, HR_ERR_PARSE, line, "quoted field is not closed");
        return HR_OK;
    }
    if (hr_csv_field_count(&r->csv) < r->fields) {
        row_error(r, HR_ERR_INVALID, line, "row has %zu fields, header %zu",
                  hr_csv_field_count(&r->csv), r->fields);
        return HR_OK;
    }
    a = read_cell(r, r->load, s->load_column, &load);
    b = read_cell(r, r->throughput, s->throughput_column, &throughput);
    if (a == CELL_BAD || b == CELL_BAD)
        return HR_OK;
    if (a == CELL_EMPTY || b == CELL_EMPTY) {
        s->skipped_empty++;
        hr_diags_add(r->diags, HR_WARNING, r->path, line, 0,
                     "row skipped: '%s' is empty",
                     a == CELL_EMPTY ? s->load_column : s->throughput_column);
        return HR_OK;
    }
    return take_values(r, load, throughput);
}

/* ---- the file ----------------------------------------------------------- */

/* The delimiter the first line uses most: comma, tab or semicolon. */
static int pick_delimiter(const char *head, size_t length)
{
    static const char candidates[] = {',', '\t', ';'};
    size_t counts[3] = {0, 0, 0}, best = 0;

    for (size_t i = 0; i < length && head[i] != '\n'; i++)
        for (size_t k = 0; k < 3; k++)
            counts[k] += head[i] == candidates[k];
    for (size_t k = 1; k < 3; k++)
        if (counts[k] > counts[best])
            best = k;
    return candidates[best];
}

/* Reads every record after the header. */
static hr_status read_rows(capacity_reader *r)
{
    bool got = true;
    hr_status status = HR_OK;

    while (status == HR_OK) {
        status = hr_csv_reader_next(&r->csv, &got);
        if (status != HR_OK || !got)
            break;
        status = read_row(r);
    }
    if (status == HR_ERR_IO)
        row_error(r, HR_ERR_IO, r->csv.line, "cannot read: %s",
                  strerror(errno));
    return status;
}

static int compare_rows(const void *a, const void *b)
{
    const capacity_row *x = a, *y = b;

    if (x->load != y->load)
        return x->load < y->load ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Sorts the rows into the series' arrays. */
static hr_status fill_series(capacity_reader *r)
{
    hr_capacity_series *s = r->series;

    qsort(r->rows, r->count, sizeof *r->rows, compare_rows);
    s->points = malloc(r->count * sizeof *s->points);
    s->lines = malloc(r->count * sizeof *s->lines);
    if (!s->points || !s->lines)
        return HR_ERR_NOMEM;
    for (size_t i = 0; i < r->count; i++) {
        s->points[i] = (hr_usl_point){r->rows[i].load, r->rows[i].throughput};
        s->lines[i] = r->rows[i].line;
    }
    s->count = r->count;
    return HR_OK;
}

/* Says how many rows were left out for a met offered rate. */
static void note_rate_limited(const capacity_reader *r)
{
    const hr_capacity_series *s = r->series;

    if (s->skipped_rate == 0)
        return;
    hr_diags_add(r->diags, HR_WARNING, r->path, 0, 0,
                 "%zu row%s left out: throughput reached %.0f %% of the "
                 "offered '%s', so the generator, not the system, set it",
                 s->skipped_rate, s->skipped_rate == 1 ? "" : "s",
                 HR_CAPACITY_RATE_MET * 100.0, s->rate_column);
}

/* After the rows: the status the file earns. */
static hr_status finish(capacity_reader *r)
{
    if (r->errors > MAX_LISTED_ERRORS)
        hr_diags_add(r->diags, HR_ERROR, r->path, 0, 0,
                     "%zu more errors not listed",
                     r->errors - MAX_LISTED_ERRORS);
    if (r->first_error != HR_OK)
        return r->first_error;
    note_rate_limited(r);
    if (r->count == 0) {
        hr_diags_add(r->diags, HR_ERROR, r->path, 0, 0,
                     "no row with both a load and a throughput left");
        return HR_ERR_NO_DATA;
    }
    return fill_series(r);
}

/* ---- public functions --------------------------------------------------- */

hr_status hr_capacity_csv_read(const char *path,
                               const hr_capacity_columns *columns,
                               hr_capacity_series *series, hr_diags *diags)
{
    capacity_reader r = {.path = path, .diags = diags, .series = series};
    char head[HEAD_BYTES];
    size_t length;
    FILE *file = fopen(path, "rb");
    hr_status status;

    if (!file) {
        hr_diags_add(diags, HR_ERROR, path, 0, 0, "cannot open: %s",
                     strerror(errno));
        return HR_ERR_IO;
    }
    length = fread(head, 1, sizeof head, file);
    if (ferror(file)) {
        hr_diags_add(diags, HR_ERROR, path, 0, 0, "cannot read: %s",
                     strerror(errno));
        fclose(file);
        return HR_ERR_IO;
    }
    hr_csv_reader_init(&r.csv, head, length, file,
                       pick_delimiter(head, length));

    status = read_header(&r, columns);
    if (status == HR_OK)
        status = read_rows(&r);
    if (status == HR_OK)
        status = finish(&r);

    hr_csv_reader_release(&r.csv);
    fclose(file);
    free(r.rows);
    return status;
}

void hr_capacity_series_release(hr_capacity_series *series)
{
    if (!series)
        return;
    free(series->points);
    free(series->lines);
    free(series->load_column);
    free(series->throughput_column);
    free(series->rate_column);
    *series = (hr_capacity_series){0};
}
