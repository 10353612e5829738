/*
 * capacity_csv.h - reader for capacity series: throughput measured at
 * several loads, one row per load-test run, as CSV.
 *
 * The header names the columns, in any order and any case. The load is
 * the first column found among concurrency, n, load, users, vus,
 * clients, connections, threads, processors, processes; the throughput
 * the first among throughput, x, tput, rps, requests_per_s,
 * requests_per_second, req_per_s, tps, qps, ops_per_s. A caller may name
 * either column instead. Other columns are ignored. The delimiter is the
 * one of comma, tab and semicolon that the header uses most.
 *
 * Open-loop generators (wrk2's -R, k6's constant-arrival-rate) log the
 * rate they were asked to offer. When a column named rate, target_rate,
 * offered_rate or target_rps is present, rows whose throughput reached
 * HR_CAPACITY_RATE_MET of that rate are left out: the generator's
 * schedule, not the system, set their throughput, so they say nothing of
 * the capacity at their load.
 */
#ifndef HEADROOM_INPUT_CAPACITY_CSV_H
#define HEADROOM_INPUT_CAPACITY_CSV_H

#include <stddef.h>

#include "headroom/error.h"
#include "headroom/usl.h"

/* Fraction of the offered rate at which a row counts as rate-limited. */
#define HR_CAPACITY_RATE_MET 0.99

/* Columns chosen by the caller; a NULL name picks by the lists above. */
typedef struct hr_capacity_columns {
    const char *load;
    const char *throughput;
} hr_capacity_columns;

/* The measurements of one file, sorted by load and then by line. */
typedef struct hr_capacity_series {
    hr_usl_point *points;
    unsigned long *lines; /* physical line of each point */
    size_t count;
    char *load_column; /* header names as the file spells them */
    char *throughput_column;
    char *rate_column;    /* offered-rate column, or NULL */
    size_t skipped_empty; /* rows with an empty load or throughput */
    size_t skipped_rate;  /* rows that reached their offered rate */
} hr_capacity_series;

/*
 * Reads path into *series (zero-initialise it first; release it after,
 * also on failure). columns may be NULL. Problems go to diags with
 * file:line: rows skipped for an empty cell or a met offered rate, and a
 * second column that could also be the load, as warnings; everything
 * else as errors.
 *
 * Returns HR_OK; HR_ERR_IO when the file cannot be opened or read;
 * HR_ERR_PARSE for a cell that is not a number or a quoted field left
 * open; HR_ERR_INVALID for a missing column, a short row, a load that is
 * not positive or a negative throughput; HR_ERR_NO_DATA when no row is
 * left; HR_ERR_NOMEM.
 */
hr_status hr_capacity_csv_read(const char *path,
                               const hr_capacity_columns *columns,
                               hr_capacity_series *series, hr_diags *diags);

/* Frees what the series holds and zeroes it. Accepts NULL. */
void hr_capacity_series_release(hr_capacity_series *series);

#endif
