/*
 * inputs.c - walks the measured-data path and sniffs each file's format.
 */
#include "headroom/inputs.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "headroom/jtl.h"

/* Enough of a file's start for every sniffer. */
#define SNIFF_BYTES 4096

static bool is_note(const char *name)
{
    size_t length = strlen(name);

    return name[0] == '.' ||
           (length > 3 && strcmp(name + length - 3, ".md") == 0) ||
           strcmp(name, "README") == 0;
}

static hr_status read_file(const char *path, hr_sample_set *set,
                           hr_diags *diags)
{
    char head[SNIFF_BYTES];
    size_t length;
    FILE *file = fopen(path, "rb");

    if (!file) {
        hr_diags_add(diags, HR_ERROR, path, 0, 0, "cannot open: %s",
                     strerror(errno));
        return HR_ERR_IO;
    }
    length = fread(head, 1, sizeof head, file);
    fclose(file);
    if (hr_jtl_csv_sniff(head, length))
        return hr_jtl_csv_read(path, set, diags);
    hr_diags_add(diags, HR_ERROR, path, 0, 0,
                 length == 0 ? "file is empty"
                             : "not a result format headroom reads "
                               "(JMeter CSV)");
    return length == 0 ? HR_ERR_NO_DATA : HR_ERR_INVALID;
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

static hr_status read_directory(const char *path, hr_sample_set *set,
                                hr_diags *diags)
{
    char **names;
    size_t count;
    hr_status first = list_directory(path, &names, &count, diags);

    for (size_t i = 0; i < count; i++) {
        size_t length = strlen(path) + strlen(names[i]) + 2;
        char *full = malloc(length);
        hr_status status = HR_ERR_NOMEM;

        if (full) {
            snprintf(full, length, "%s/%s", path, names[i]);
            status = is_regular_file(full) ? read_file(full, set, diags)
                                           : HR_OK;
        }
        if (first == HR_OK)
            first = status;
        free(full);
        free(names[i]);
    }
    free(names);
    if (first == HR_OK && hr_sample_set_file_count(set) == 0) {
        hr_diags_add(diags, HR_ERROR, path, 0, 0,
                     "no result files in this directory");
        first = HR_ERR_NO_DATA;
    }
    return first;
}

hr_status hr_inputs_read(const char *path, hr_sample_set *set,
                         hr_diags *diags)
{
    struct stat info;

    if (stat(path, &info) != 0) {
        hr_diags_add(diags, HR_ERROR, path, 0, 0, "cannot open: %s",
                     strerror(errno));
        return HR_ERR_IO;
    }
    if (S_ISDIR(info.st_mode))
        return read_directory(path, set, diags);
    return read_file(path, set, diags);
}
