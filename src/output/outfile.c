/*
 * outfile.c - temporary names, flush and rename for all-or-nothing
 * outputs.
 *
 * rename() within one directory is atomic on POSIX file systems, so a
 * reader sees either the old file or the complete new one.
 */
#include "headroom/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *temp_name_for(const char *final_path)
{
    static const char suffix[] = ".tmp-XXXXXX";
    size_t length = strlen(final_path);
    char *name = malloc(length + sizeof suffix);

    if (name) {
        memcpy(name, final_path, length);
        memcpy(name + length, suffix, sizeof suffix);
    }
    return name;
}

hr_status hr_outset_add(hr_outset *set, const char *final_path,
                        const char **temp_path)
{
    hr_outfile *file;
    int fd;

    if (set->count == set->capacity) {
        size_t capacity = set->capacity ? set->capacity * 2 : 8;
        hr_outfile *files = realloc(set->files, capacity * sizeof *files);

        if (!files)
            return HR_ERR_NOMEM;
        set->files = files;
        set->capacity = capacity;
    }
    file = &set->files[set->count];
    file->final_path = strdup(final_path);
    file->temp_path = temp_name_for(final_path);
    if (!file->final_path || !file->temp_path) {
        free(file->final_path);
        free(file->temp_path);
        return HR_ERR_NOMEM;
    }
    fd = mkstemp(file->temp_path);
    if (fd < 0) {
        free(file->final_path);
        free(file->temp_path);
        return HR_ERR_IO;
    }
    fchmod(fd, 0644);
    close(fd);
    set->count++;
    *temp_path = file->temp_path;
    return HR_OK;
}

/* Forces a file's data to disk so a crash after the rename cannot leave
 * an empty file under the final name. */
static bool sync_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    bool synced;

    if (fd < 0)
        return false;
    synced = fsync(fd) == 0;
    close(fd);
    return synced;
}

hr_status hr_outset_commit(hr_outset *set)
{
    for (size_t i = 0; i < set->count; i++)
        if (!sync_file(set->files[i].temp_path)) {
            hr_outset_abort(set);
            return HR_ERR_IO;
        }
    for (size_t i = 0; i < set->count; i++) {
        hr_outfile *file = &set->files[i];

        if (rename(file->temp_path, file->final_path) != 0) {
            hr_outset_abort(set);
            return HR_ERR_IO;
        }
        free(file->temp_path);
        file->temp_path = NULL;
    }
    return HR_OK;
}

void hr_outset_abort(hr_outset *set)
{
    for (size_t i = 0; i < set->count; i++)
        if (set->files[i].temp_path) {
            unlink(set->files[i].temp_path);
            free(set->files[i].temp_path);
            set->files[i].temp_path = NULL;
        }
}

void hr_outset_release(hr_outset *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++) {
        free(set->files[i].final_path);
        free(set->files[i].temp_path);
    }
    free(set->files);
    memset(set, 0, sizeof *set);
}

hr_status hr_make_directories(const char *path)
{
    char *copy = strdup(path);
    hr_status status = HR_OK;

    if (!copy)
        return HR_ERR_NOMEM;
    for (char *p = copy + 1; status == HR_OK; p++) {
        bool end = *p == '\0';

        if (*p != '/' && !end)
            continue;
        *p = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST)
            status = HR_ERR_IO;
        if (end)
            break;
        *p = '/';
    }
    free(copy);
    return status;
}
