/*
 * jtl.h - reader for Apache JMeter's CSV result files (JTL).
 *
 * Columns are found by the header, in any order, with any single-character
 * delimiter among comma, tab, semicolon and pipe. Fields may be quoted,
 * with doubled quotes and line breaks inside. A file without a header is
 * read with JMeter's default column order. A row that cannot be read is
 * skipped and counted, with its line number in the diagnostics.
 */
#ifndef HEADROOM_JTL_H
#define HEADROOM_JTL_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"
#include "headroom/metrics.h"

/* True when the first bytes of a file look like a JMeter CSV result. */
bool hr_jtl_csv_sniff(const char *head, size_t length);

/*
 * Reads every sample of a JTL CSV file into set and notes the file in it.
 * A sample is an error when its success column is false (any case).
 * Skipped rows are reported in diags as warnings (the first few, with
 * file:line) and counted in the noted hr_source_file.
 *
 * Returns HR_OK, HR_ERR_IO when the file cannot be read, or HR_ERR_NO_DATA
 * when no row could be read (with an error in diags saying why).
 */
hr_status hr_jtl_csv_read(const char *path, hr_sample_set *set,
                          hr_diags *diags);

/*
 * The same from an open source (see formats.h): plain or gzip, a file or
 * standard input. A large plain file is read by two threads, one per
 * half, each into its own store, merged at the end; the second half's
 * start is checked against where the first half really ends (a quoted
 * field may hold line breaks), and read again in sequence when it
 * differs, so the result never depends on the split.
 */
struct hr_source;
hr_status hr_jtl_csv_read_source(struct hr_source *source,
                                 hr_sample_set *set, hr_diags *diags);

/* Size from which hr_jtl_csv_read_source splits a plain file between two
 * threads. */
#define HR_JTL_PARALLEL_BYTES ((size_t)8 << 20)

#endif
