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

#endif
