/*
 * inputs.h - finds measured result files and reads each with the reader
 * its content calls for.
 */
#ifndef HEADROOM_INPUTS_H
#define HEADROOM_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/error.h"
#include "headroom/metrics.h"
#include "headroom/source.h"

/* How access logs are read: the server's own layout line (an nginx
 * log_format or Apache LogFormat; NULL for the combined layout with
 * rt=/urt= fields) and a function naming a request by its method and
 * path (such as hr_model_route_label with the model; NULL keeps
 * "METHOD /path"). */
typedef struct hr_access_options {
    const char *log_format;
    bool (*label)(void *context, const char *method, const char *path,
                  char *out, size_t size);
    void *label_context;
} hr_access_options;

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

/* Called now and then while a file is read, as hr_source_progress_fn
 * is, with the name of the file (as hr_source_name gives it). */
typedef void (*hr_inputs_progress_fn)(const char *path, size_t done,
                                      size_t total, void *context);

/*
 * Reads count paths as hr_inputs_read does each, into one set, and reads
 * the files of one Locust run named as Locust names them (PREFIX_stats.csv,
 * PREFIX_stats_history.csv, PREFIX_failures.csv), given together or found
 * in one directory, as one run: the stats for the counts, the failures
 * for their kinds, the history only without stats (see inputs.c). Returns
 * HR_ERR_IO or HR_ERR_NOMEM when a file could not be read at all, else
 * the first failure, after trying every file. access (may be NULL) says
 * how access logs are read.
 */
hr_status hr_inputs_read_paths(const char *const *paths, size_t count,
                               const char *format_name,
                               const hr_access_options *access,
                               hr_sample_set *set, hr_diags *diags,
                               hr_inputs_progress_fn progress,
                               void *context);


/* hr_inputs_read, with access logs read as options say. */
hr_status hr_inputs_read_access(const char *path, const char *format_name,
                                const hr_access_options *options,
                                hr_sample_set *set, hr_diags *diags);

#endif
