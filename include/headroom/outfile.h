/*
 * outfile.h - all-or-nothing output files.
 *
 * Each output is written under a temporary name in its final directory and
 * renamed over the final name only when every output of the run is
 * complete, so a failed or interrupted run leaves the previous outputs
 * as they were and never a half-written file.
 */
#ifndef HEADROOM_OUTFILE_H
#define HEADROOM_OUTFILE_H

#include <stddef.h>

#include "headroom/error.h"

typedef struct hr_outfile {
    char *final_path;
    char *temp_path;         /* exists on disk until commit or abort */
} hr_outfile;

/* The outputs of one run. Zero-initialise. */
typedef struct hr_outset {
    hr_outfile *files;
    size_t count;
    size_t capacity;
} hr_outset;

/* Reserves a temporary file beside final_path (creating it empty) and
 * returns its name in *temp_path (owned by the set). */
hr_status hr_outset_add(hr_outset *set, const char *final_path,
                        const char **temp_path);

/* Flushes every temporary file to disk and renames each over its final
 * name. On failure the files not yet renamed are removed. */
hr_status hr_outset_commit(hr_outset *set);

/* Removes every temporary file; the final files are untouched. */
void hr_outset_abort(hr_outset *set);

/* Frees the set's memory (after commit or abort). */
void hr_outset_release(hr_outset *set);

/* Removes the temporary files while a terminating signal (SIGINT,
 * SIGTERM, SIGHUP) is handled, then ends the process as the signal
 * would. One set at a time; reserves room so the set's list does not move
 * while it is watched. */
hr_status hr_outset_watch_signals(hr_outset *set);

/* Stops watching (call before releasing the set). */
void hr_outset_unwatch_signals(void);

/* Removes leftovers of killed runs in dir: files named NAME.tmp-XXXXXX
 * for each NAME of the NULL-terminated list. */
void hr_outset_sweep(const char *dir, const char *const *names);

/* Creates a directory and its parents when missing. */
hr_status hr_make_directories(const char *path);

#endif
