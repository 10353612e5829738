/*
 * inputs.c - walks the measured-data path, opens each file as an
 * hr_source (plain, gzip or standard input) and hands it to the reader of
 * its format: the one named by the caller, or the first in the format
 * table whose sniffer accepts the file's head.
 */
#include "headroom/inputs.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "headroom/formats.h"

/* What every file of one call shares. */
typedef struct hr_inputs_call {
    const char *format_name;
    hr_sample_set *set;
    hr_diags *diags;
    hr_source_progress_fn progress;
    void *context;
} hr_inputs_call;

/* True for notes beside results: hidden files, *.md and README. */
static bool is_note(const char *name)
{
    size_t length = strlen(name);

    return name[0] == '.' ||
           (length > 3 && strcmp(name + length - 3, ".md") == 0) ||
           strcmp(name, "README") == 0;
}

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

/* Reads one file (or standard input) with its format's reader. */
static hr_status read_file(const hr_inputs_call *call, const char *path)
{
    const hr_format *format = NULL;
    hr_source *source = NULL;
    hr_status status = hr_source_open(path, &source, call->diags);

    if (status != HR_OK)
        return status;
    hr_source_set_progress(source, call->progress, call->context);
    status = choose_format(call, source, &format);
    if (status == HR_OK)
        status = format->read(source, call->set, call->diags);
    hr_source_close(source);
    return status;
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

/* Reads every result file at the top of a directory. */
static hr_status read_directory(const hr_inputs_call *call, const char *path)
{
    char **names;
    size_t count;
    hr_status first = list_directory(path, &names, &count, call->diags);

    for (size_t i = 0; i < count; i++) {
        size_t length = strlen(path) + strlen(names[i]) + 2;
        char *full = malloc(length);
        hr_status status = HR_ERR_NOMEM;

        if (full) {
            snprintf(full, length, "%s/%s", path, names[i]);
            status = is_regular_file(full) ? read_file(call, full) : HR_OK;
        }
        if (first == HR_OK)
            first = status;
        free(full);
        free(names[i]);
    }
    free(names);
    if (first == HR_OK && hr_sample_set_file_count(call->set) == 0) {
        hr_diags_add(call->diags, HR_ERROR, path, 0, 0,
                     "no result files in this directory");
        first = HR_ERR_NO_DATA;
    }
    return first;
}

hr_status hr_inputs_read_with_progress(const char *path,
                                       const char *format_name,
                                       hr_sample_set *set, hr_diags *diags,
                                       hr_source_progress_fn progress,
                                       void *context)
{
    hr_inputs_call call = {format_name, set, diags, progress, context};
    struct stat info;

    if (!path || !set)
        return HR_ERR_DOMAIN;
    if (strcmp(path, "-") == 0)
        return read_file(&call, path);
    if (stat(path, &info) != 0) {
        hr_diags_add(diags, HR_ERROR, path, 0, 0, "cannot open: %s",
                     strerror(errno));
        return HR_ERR_IO;
    }
    if (S_ISDIR(info.st_mode))
        return read_directory(&call, path);
    return read_file(&call, path);
}

hr_status hr_inputs_read(const char *path, const char *format_name,
                         hr_sample_set *set, hr_diags *diags)
{
    return hr_inputs_read_with_progress(path, format_name, set, diags, NULL,
                                        NULL);
}
