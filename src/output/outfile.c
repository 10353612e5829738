/*
 * outfile.c - temporary names, flush and rename for all-or-nothing
 * outputs.
 *
 * rename() within one directory is atomic on POSIX file systems, so a
 * reader sees either the old file or the complete new one.
 */
#include "headroom/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
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

/* ---------------------------------------------------------------------
 * Signals and leftovers.
 */

/* Most outputs one watched run may stage. */
#define HR_WATCHED_FILES 64

static hr_outset *volatile watched_set;
static const int watched_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* Only async-signal-safe calls here: unlink, signal, raise. */
static void remove_temporaries_and_die(int signal_number)
{
    hr_outset *set = watched_set;

    for (size_t i = 0; set && i < set->count; i++)
        if (set->files[i].temp_path)
            unlink(set->files[i].temp_path);
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

hr_status hr_outset_watch_signals(hr_outset *set)
{
    struct sigaction action;

    if (set->capacity < HR_WATCHED_FILES) {
        hr_outfile *files = realloc(set->files,
                                    HR_WATCHED_FILES * sizeof *files);

        if (!files)
            return HR_ERR_NOMEM;
        set->files = files;
        set->capacity = HR_WATCHED_FILES;
    }
    memset(&action, 0, sizeof action);
    action.sa_handler = remove_temporaries_and_die;
    sigemptyset(&action.sa_mask);
    watched_set = set;
    for (size_t i = 0; i < sizeof watched_signals / sizeof *watched_signals;
         i++)
        sigaction(watched_signals[i], &action, NULL);
    return HR_OK;
}

void hr_outset_unwatch_signals(void)
{
    for (size_t i = 0; i < sizeof watched_signals / sizeof *watched_signals;
         i++)
        signal(watched_signals[i], SIG_DFL);
    watched_set = NULL;
}

/* True for NAME.tmp- followed by exactly the six characters mkstemp
 * puts there. */
static bool is_leftover(const char *entry, const char *name)
{
    size_t length = strlen(name);

    return strncmp(entry, name, length) == 0 &&
           strncmp(entry + length, ".tmp-", 5) == 0 &&
           strlen(entry + length + 5) == 6;
}

void hr_outset_sweep(const char *dir, const char *const *names)
{
    DIR *d = opendir(dir);
    struct dirent *entry;
    char path[4096];

    if (!d)
        return;
    while ((entry = readdir(d)))
        for (const char *const *name = names; *name; name++)
            if (is_leftover(entry->d_name, *name) &&
                snprintf(path, sizeof path, "%s/%s", dir, entry->d_name) <
                    (int)sizeof path)
                unlink(path);
    closedir(d);
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
