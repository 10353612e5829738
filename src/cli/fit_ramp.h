/*
 * fit_ramp.h - the load-test side of "headroom fit usl": tells a result
 * file from a CSV of pairs, reads it, derives the ramp's levels
 * (headroom/ramp.h) and shows them, so that every fitted point can be
 * traced to the windows behind it.
 */
#ifndef HR_CLI_FIT_RAMP_H
#define HR_CLI_FIT_RAMP_H

#include <json-c/json.h>
#include <stdbool.h>

#include "headroom/ramp.h"
#include "headroom/usl.h"

/* A ramp test read for a fit. Zero-initialise; release after. */
typedef struct hr_fit_ramp {
    hr_ramp_options options;
    hr_ramp ramp;
    hr_usl_point *points;  /* one per level, for the fit */
    char format[32];       /* format of the first file read */
    const char *load_unit; /* "threads", "VUs" or "users" */
} hr_fit_ramp;

/* True when path is a directory, standard input or a file whose head a
 * result reader recognises (formats.h), rather than a CSV of pairs. */
bool hr_fit_ramp_detect(const char *path);

/* Reads path into *fit, in format format_name (NULL to detect it), with
 * options and derives its levels, printing diagnostics and errors to
 * stderr. Returns -1 to go on with the fit, or the exit code that ends
 * the run. */
int hr_fit_ramp_read(const char *path, const char *format_name,
                     const hr_ramp_options *options, hr_fit_ramp *fit);

/* Prints the input section of the text output: method and levels. */
void hr_fit_ramp_print(const char *path, const hr_fit_ramp *fit);

/* The same as a JSON object for --json, or NULL when json-c failed. The
 * caller owns it. */
json_object *hr_fit_ramp_json(const hr_fit_ramp *fit);

void hr_fit_ramp_release(hr_fit_ramp *fit);

#endif
