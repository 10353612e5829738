/*
 * inputs.h - finds measured result files and reads each with the reader
 * its content calls for.
 */
#ifndef HEADROOM_INPUTS_H
#define HEADROOM_INPUTS_H

#include "headroom/error.h"
#include "headroom/metrics.h"
#include "headroom/source.h"

/*
 * Reads a result file ("-" for standard input; plain or gzip), or every
 * result file in a directory (sorted by name; notes such as *.md and
 * hidden files are passed over), into set. format_name forces a format
 * (a name of hr_formats()); NULL detects each file's format from its
 * content. A file of no known format is an error. Returns the first
 * failure (HR_ERR_IO, HR_ERR_NO_DATA, HR_ERR_INVALID) after trying every
 * file, so that all problems reach diags.
 */
hr_status hr_inputs_read(const char *path, const char *format_name,
                         hr_sample_set *set, hr_diags *diags);

/* The same, calling progress while each file is read (see source.h). */
hr_status hr_inputs_read_with_progress(const char *path,
                                       const char *format_name,
                                       hr_sample_set *set, hr_diags *diags,
                                       hr_source_progress_fn progress,
                                       void *context);

#endif
