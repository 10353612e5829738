/*
 * inputs.c - walks the measured-data paths, opens each file as an
 * hr_source (plain, gzip or standard input) and hands it to the reader of
 * its format: the one named by the caller, or the first in the format
 * table whose sniffer accepts the file's head.
 *
 * Locust writes three files for one run with --csv PREFIX:
 * PREFIX_stats.csv, PREFIX_stats_history.csv and PREFIX_failures.csv
 * (PREFIX_requests.csv before Locust 1.0). Each counts the same requests,
 * so read one by one they would add up to twice or three times the run.
 * When files named so, with the same PREFIX (and folder), are read in
 * one call, on the command line or in one directory, and their contents
 * are of those formats, they are read as one run, each for what it is
 * best at:
 *
 *   - the stats file gives the counts, extremes and percentiles;
 *   - the failures file only splits the failures by kind (it names the
 *     error of each); it adds no requests;
 *   - the history file adds nothing when the stats file is there (it
 *     repeats the totals, and its percentiles cover a recent window
 *     only): it is noted with no records and a warning; without a stats
 *     file its last rows give the counts.
 *
 * Locust files of different kinds that are not named as one run (renamed
 * copies, other runs) are read apart, and a warning says that their
 * requests add up. A format forced by name turns the pairing off.
 *
 * Sections: the call, paths, reading, Locust runs, public API.
 */
#include "headroom/inputs.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "headroom/formats.h"
#include "input/readers.h"
#include "input/readers_b.h"

/* ---- the call ---------------------------------------------------------- */

/* Roles of a run's files, and the formats their contents must be. */
enum { HR_RUN_STATS, HR_RUN_HISTORY, HR_RUN_FAILURES, HR_RUN_ROLES };

static const char *const hr_run_formats[HR_RUN_ROLES] = {
    "locust-stats", "locust-history", "locust-failures",
};

/* One file to read: from the command line or a directory. */
typedef struct hr_input {
    char *path;
    int role;                /* by its name, or -1 when not a run's */
    size_t prefix;           /* bytes of path before the role's suffix */
    bool done;
} hr_input;

/* What every file of one call shares. */
typedef struct hr_inputs_call {
    const char *format_name;
    const hr_access_options *access;    /* NULL: access-log defaults */
    hr_sample_set *set;
    hr_diags *diags;
    hr_inputs_progress_fn progress;     /* with the file's name, or */
    hr_source_progress_fn plain;        /* without it; both may be NULL */
    void *context;
    const char *current;                /* the file being read */
    bool worst;              /* I/O failures outrank earlier ones */
    hr_status status;        /* the failure returned */
    const char *alone[HR_RUN_ROLES];    /* first Locust file read apart */
    bool warned;             /* about Locust files read apart */
    hr_input *inputs;
    size_t count, capacity;
} hr_inputs_call;

/* Keeps a file's status as the call's: the first failure, unless an I/O
 * or memory failure comes later and the call ranks those first. */
static void note_status(hr_inputs_call *call, hr_status status)
{
    bool severe = status == HR_ERR_IO || status == HR_ERR_NOMEM;
    bool was_severe = call->status == HR_ERR_IO
                      || call->status == HR_ERR_NOMEM;

    if (status != HR_OK && (call->status == HR_OK
                            || (call->worst && severe && !was_severe)))
        call->status = status;
}

/* Hands a source's progress on, with the name of the file. */
static void report_progress(size_t done, size_t total, void *context)
{
    const hr_inputs_call *call = context;

    if (call->progress)
        call->progress(call->current, done, total, call->context);
    else
        call->plain(done, total, call->context);
}

/* ---- paths ------------------------------------------------------------- */

/* True for notes beside results: hidden files, *.md and README. */
static bool is_note(const char *name)
{
    size_t length = strlen(name);

    return name[0] == '.' ||
           (length > 3 && strcmp(name + length - 3, ".md") == 0) ||
           strcmp(name, "README") == 0;
}

/* The role of a Locust run's file by its name ("-1" for another name),
 * and in *prefix the length of the path before the suffix. */
static int locust_role(const char *path, size_t *prefix)
{
    static const struct {
        const char *suffix;
        int role;
    } names[] = {
        {"_stats.csv", HR_RUN_STATS}, {"_requests.csv", HR_RUN_STATS},
        {"_stats_history.csv", HR_RUN_HISTORY},
        {"_failures.csv", HR_RUN_FAILURES},
    };
    size_t length = strlen(path);

    if (length > 3 && strcmp(path + length - 3, ".gz") == 0)
        length -= 3;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t n = strlen(names[i].suffix);

        if (length >= n && strncmp(path + length - n, names[i].suffix,
                                   n) == 0) {
            *prefix = length - n;
            return names[i].role;
        }
    }
    return -1;
}

/* Adds a file to the call's list (the call keeps the copy). */
static hr_status add_input(hr_inputs_call *call, const char *path)
{
    hr_input *input;

    if (call->count == call->capacity) {
        size_t capacity = call->capacity ? 2 * call->capacity : 16;
        hr_input *grown = realloc(call->inputs, capacity * sizeof *grown);

        if (!grown)
            return HR_ERR_NOMEM;
        call->inputs = grown;
        call->capacity = capacity;
    }
    input = &call->inputs[call->count];
    memset(input, 0, sizeof *input);
    input->path = strdup(path);
    if (!input->path)
        return HR_ERR_NOMEM;
    input->role = strcmp(path, "-") == 0 || call->format_name
                      ? -1 : locust_role(path, &input->prefix);
    call->count++;
    return HR_OK;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the directory's entries, sorted, so runs are reproducible. */
static hr_status list_directory(const char *path, char ***names,
                                size_t *count, hr_diags *diags)
{
    DIR *dir = opendir(path);
    struct dirent *entry;
    size_t capacity = 0;

    *names = NULL;
    *count = 0;
    if (!dir) {
        hr_diags_add(diags, HR_ERROR, path, 0, 0, "cannot open: %s",
                     strerror(errno));
        return HR_ERR_IO;
    }
    while ((entry = readdir(dir))) {
        if (is_note(entry->d_name))
            continue;
        if (*count == capacity) {
            char **grown;

            capacity = capacity ? capacity * 2 : 16;
            grown = realloc(*names, capacity * sizeof *grown);
            if (!grown)
                break;
            *names = grown;
        }
        if (!((*names)[*count] = strdup(entry->d_name)))
            break;
        (*count)++;
    }
    closedir(dir);
    if (entry)
        return HR_ERR_NOMEM;
    if (*count)
        qsort(*names, *count, sizeof **names, compare_names);
    return HR_OK;
}

/* Subdirectories hold other material (capacity series, archives) and are
 * not read; only regular files at the top are results. */
static bool is_regular_file(const char *path)
{
    struct stat info;

    return stat(path, &info) == 0 && S_ISREG(info.st_mode);
}

/* Adds the regular files at the top of a directory, by name. */
static hr_status add_directory(hr_inputs_call *call, const char *path)
{
    char **names;
    size_t count, added = 0;
    hr_status status = list_directory(path, &names, &count, call->diags);

    for (size_t i = 0; i < count; i++) {
        size_t length = strlen(path) + strlen(names[i]) + 2;
        char *full = malloc(length);

        if (!full && status == HR_OK)
            status = HR_ERR_NOMEM;
        if (full && status == HR_OK) {
            snprintf(full, length, "%s/%s", path, names[i]);
            if (is_regular_file(full)) {
                status = add_input(call, full);
                added++;
            }
        }
        free(full);
        free(names[i]);
    }
    free(names);
    if (status == HR_OK && added == 0) {
        hr_diags_add(call->diags, HR_ERROR, path, 0, 0,
                     "no result files in this directory");
        status = HR_ERR_NO_DATA;
    }
    return status;
}

/* Adds a path: standard input, a file, or a directory's files. */
static hr_status add_path(hr_inputs_call *call, const char *path)
{
    struct stat info;

    if (strcmp(path, "-") == 0)
        return add_input(call, path);
    if (stat(path, &info) != 0) {
        hr_diags_add(call->diags, HR_ERROR, path, 0, 0, "cannot open: %s",
                     strerror(errno));
        return HR_ERR_IO;
    }
    return S_ISDIR(info.st_mode) ? add_directory(call, path)
                                 : add_input(call, path);
}

/* ---- reading ----------------------------------------------------------- */

/* Lists the format names for a message, "a, b, c". */
static void format_names(char *out, size_t size)
{
    size_t count, used = 0;
    const hr_format *formats = hr_formats(&count);

    out[0] = '\0';
    for (size_t i = 0; i < count && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s",
                                 i ? ", " : "", formats[i].name);
}

/* The format of an open source: forced by name, or detected. */
static hr_status choose_format(const hr_inputs_call *call,
                               hr_source *source, const hr_format **format)
{
    const char *head, *name = hr_source_name(source);
    char names[256];
    size_t length;

    hr_source_head(source, &head, &length);
    *format = call->format_name ? hr_format_find(call->format_name)
                                : hr_format_detect(head, length);
    if (*format)
        return HR_OK;
    format_names(names, sizeof names);
    if (call->format_name) {
        hr_diags_add(call->diags, HR_ERROR, name, 0, 0, "unknown format "
                     "'%s' (known: %s)", call->format_name, names);
        return HR_ERR_INVALID;
    }
    if (length == 0) {
        hr_diags_add(call->diags, HR_ERROR, name, 0, 0, "file is empty");
        return HR_ERR_NO_DATA;
    }
    hr_diags_add(call->diags, HR_ERROR, name, 0, 0, "not a result format "
                 "headroom reads (known: %s)", names);
    return HR_ERR_INVALID;
}

/* Opens a file (or standard input) and finds its format. */
static hr_status open_input(hr_inputs_call *call, const char *path,
                            hr_source **source, const hr_format **format)
{
    hr_status status = hr_source_open(path, source, call->diags);

    if (status != HR_OK)
        return status;
    call->current = hr_source_name(*source);
    if (call->progress || call->plain)
        hr_source_set_progress(*source, report_progress, call);
    status = choose_format(call, *source, format);
    if (status != HR_OK) {
        hr_source_close(*source);
        *source = NULL;
    }
    return status;
}

/* The run role of a format's name, or -1. */
static int format_role(const hr_format *format)
{
    for (int role = 0; role < HR_RUN_ROLES; role++) {
        if (strcmp(format->name, hr_run_formats[role]) == 0)
            return role;
    }
    return -1;
}

/* Warns, once, when a Locust file read apart follows one of another
 * kind: if they are of one run, its requests are counted twice. */
static void note_alone(hr_inputs_call *call, const hr_format *format,
                       const char *path)
{
    int role = format_role(format);

    if (role < 0 || call->alone[role])
        return;
    call->alone[role] = path;
    for (int other = 0; other < HR_RUN_ROLES && !call->warned; other++) {
        if (other == role || !call->alone[other])
            continue;
        hr_diags_add(call->diags, HR_WARNING, path, 0, 0, "read apart "
                     "from the Locust file '%s': if both are of one run, "
                     "they count its requests twice (name them "
                     "PREFIX_stats.csv, PREFIX_stats_history.csv and "
                     "PREFIX_failures.csv to have them read as one)",
                     call->alone[other]);
        call->warned = true;
    }
}

/* Runs a format's reader; access logs get the call's layout and labels. */
static hr_status read_with_options(hr_inputs_call *call,
                                   const hr_format *format,
                                   hr_source *source)
{
    hr_access_log_options options;

    if (!call->access || strcmp(format->name, "access-log") != 0)
        return format->read(source, call->set, call->diags);
    options.log_format = call->access->log_format;
    options.label = call->access->label;
    options.label_context = call->access->label_context;
    return hr_access_log_read_with(source, call->set, call->diags, &options);
}

/* Reads one file (or standard input) with its format's reader; path
 * lives as long as the call. */
static void read_alone(hr_inputs_call *call, const char *path)
{
    const hr_format *format = NULL;
    hr_source *source = NULL;
    hr_status status = open_input(call, path, &source, &format);

    if (status == HR_OK) {
        status = read_with_options(call, format, source);
        note_alone(call, format, strcmp(path, "-") ? path : "<stdin>");
    }
    hr_source_close(source);
    note_status(call, status);
}

/* ---- Locust runs ------------------------------------------------------- */

/* Finds the files of the run of call->inputs[first], one per role;
 * true when it has two or more. */
static bool find_run(const hr_inputs_call *call, size_t first,
                     hr_input *run[HR_RUN_ROLES])
{
    const hr_input *lead = &call->inputs[first];
    size_t members = 0;

    memset(run, 0, HR_RUN_ROLES * sizeof *run);
    for (size_t i = first; lead->role >= 0 && i < call->count; i++) {
        hr_input *input = &call->inputs[i];

        if (input->done || input->role < 0 || run[input->role]
            || input->prefix != lead->prefix
            || strncmp(input->path, lead->path, lead->prefix) != 0)
            continue;
        run[input->role] = input;
        members++;
    }
    return members >= 2;
}

/* Opens each file of a run; one whose content is not of its role's
 * format is read apart and left out of the run. */
static void open_run(hr_inputs_call *call, hr_input *run[HR_RUN_ROLES],
                     hr_source *sources[HR_RUN_ROLES])
{
    for (int role = 0; role < HR_RUN_ROLES; role++) {
        const hr_format *format = NULL;
        hr_status status;

        sources[role] = NULL;
        if (!run[role])
            continue;
        run[role]->done = true;
        status = open_input(call, run[role]->path, &sources[role], &format);
        note_status(call, status);
        if (status != HR_OK || format_role(format) == role)
            continue;
        note_status(call, format->read(sources[role], call->set,
                                       call->diags));
        note_alone(call, format, run[role]->path);
        hr_source_close(sources[role]);
        sources[role] = NULL;
    }
}

/* Notes a history file left out beside its run's stats file. */
static void skip_history(hr_inputs_call *call, const hr_source *history,
                         const hr_source *stats)
{
    char format[] = "locust-history";
    hr_source_file file = {.path = strdup(hr_source_name(history)),
                           .format = format};

    if (!file.path) {
        note_status(call, HR_ERR_NOMEM);
        return;
    }
    hr_diags_add(call->diags, HR_WARNING, file.path, 0, 0, "not added: "
                 "of the same Locust run as '%s', whose counts it repeats",
                 hr_source_name(stats));
    note_status(call, hr_sample_set_note_file(call->set, &file));
    free(file.path);
}

/* Reads the open files of one run (see the file comment). */
static void read_run(hr_inputs_call *call, hr_source *sources[HR_RUN_ROLES])
{
    hr_source *stats = sources[HR_RUN_STATS];
    hr_source *history = sources[HR_RUN_HISTORY];
    hr_source *failures = sources[HR_RUN_FAILURES];
    hr_locust_kinds *kinds = NULL;
    hr_status status;

    if (failures && !stats && !history) {
        call->current = hr_source_name(failures);
        note_status(call, hr_locust_failures_read(failures, call->set,
                                                  call->diags));
        return;
    }
    if (failures) {
        call->current = hr_source_name(failures);
        status = hr_locust_kinds_read(failures, call->set, call->diags,
                                      &kinds);
        note_status(call, status);
        if (status != HR_OK) {
            hr_locust_kinds_free(kinds);
            kinds = NULL;
        }
    }
    if (stats) {
        call->current = hr_source_name(stats);
        note_status(call, hr_locust_stats_read_kinds(stats, call->set,
                                                     call->diags, kinds));
    }
    if (history && stats) {
        skip_history(call, history, stats);
    } else if (history) {
        call->current = hr_source_name(history);
        note_status(call, hr_locust_history_read_kinds(
                              history, call->set, call->diags, kinds));
    }
    hr_locust_kinds_free(kinds);
}

/* Reads the files of one Locust run together. */
static void read_locust_run(hr_inputs_call *call,
                            hr_input *run[HR_RUN_ROLES])
{
    hr_source *sources[HR_RUN_ROLES];

    open_run(call, run, sources);
    read_run(call, sources);
    for (int role = 0; role < HR_RUN_ROLES; role++)
        hr_source_close(sources[role]);
}

/* ---- public API -------------------------------------------------------- */

/* Reads every path into the set, the files of a Locust run together, and
 * returns the call's status. */
static hr_status read_paths(hr_inputs_call *call, const char *const *paths,
                            size_t count)
{
    hr_input *run[HR_RUN_ROLES];

    if (!paths || !call->set)
        return HR_ERR_DOMAIN;
    for (size_t i = 0; i < count; i++)
        note_status(call, paths[i] ? add_path(call, paths[i])
                                   : HR_ERR_DOMAIN);
    for (size_t i = 0; i < call->count; i++) {
        if (call->inputs[i].done)
            continue;
        if (find_run(call, i, run)) {
            read_locust_run(call, run);
            continue;
        }
        call->inputs[i].done = true;
        read_alone(call, call->inputs[i].path);
    }
    for (size_t i = 0; i < call->count; i++)
        free(call->inputs[i].path);
    free(call->inputs);
    return call->status;
}

hr_status hr_inputs_read_paths(const char *const *paths, size_t count,
                               const char *format_name,
                               const hr_access_options *access,
                               hr_sample_set *set, hr_diags *diags,
                               hr_inputs_progress_fn progress,
                               void *context)
{
    hr_inputs_call call = {
        .format_name = format_name, .access = access, .set = set,
        .diags = diags,
        .progress = progress, .context = context, .worst = true,
    };

    return read_paths(&call, paths, count);
}

hr_status hr_inputs_read_with_progress(const char *path,
                                       const char *format_name,
                                       hr_sample_set *set, hr_diags *diags,
                                       hr_source_progress_fn progress,
                                       void *context)
{
    hr_inputs_call call = {
        .format_name = format_name, .set = set, .diags = diags,
        .plain = progress, .context = context,
    };

    return read_paths(&call, &path, 1);
}

hr_status hr_inputs_read(const char *path, const char *format_name,
                         hr_sample_set *set, hr_diags *diags)
{
    return hr_inputs_read_with_progress(path, format_name, set, diags, NULL,
                                        NULL);
}

hr_status hr_inputs_read_access(const char *path, const char *format_name,
                                const hr_access_options *options,
                                hr_sample_set *set, hr_diags *diags)
{
    hr_inputs_call call = {
        .format_name = format_name, .access = options, .set = set,
        .diags = diags,
    };

    return read_paths(&call, &path, 1);
}
