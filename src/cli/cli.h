/*
 * cli.h - the commands behind main(), their options and exit codes.
 */
#ifndef HR_CLI_H
#define HR_CLI_H

#include <stdbool.h>

#include "headroom/error.h"

/* Exit codes, as listed in --help and the README. */
enum {
    HR_EXIT_OK = 0,
    HR_EXIT_TARGET_MISSED = 1,
    HR_EXIT_USAGE = 2,
    HR_EXIT_INVALID_INPUT = 3,
    HR_EXIT_FAILURE = 4
};

typedef enum hr_verbosity {
    HR_LOG_QUIET,
    HR_LOG_NORMAL,
    HR_LOG_VERBOSE
} hr_verbosity;

typedef struct hr_cli_options {
    const char *model_path;
    const char *data_path;
    const char *out_dir;
    const char *template_path;
    bool strict;
    hr_verbosity verbosity;
} hr_cli_options;

/* Maps a library status to the exit code the README promises. */
int hr_exit_code_for(hr_status status);

/* Whole job: model, data, plan, workbook, charts, PDF, summary. */
int hr_cli_report(const hr_cli_options *options);

/* Loads and lints the model only. */
int hr_cli_check(const hr_cli_options *options);
int hr_cli_fit(int argc, char **argv);
int hr_cli_queue(int argc, char **argv);

/* Reads result files of any format and prints per-label statistics. */
int hr_cli_ingest(int argc, char **argv);

#endif
