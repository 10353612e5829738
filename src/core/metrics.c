/*
 * metrics.c - measured samples grouped by label, and their summaries.
 *
 * A sample set keeps, for each label, every elapsed time (so that exact
 * nearest-rank percentiles can be taken), the error count and the time
 * span the label's samples cover. Labels live in an open-addressing hash
 * table keyed by FNV-1a, since a test plan can have thousands of labels.
 * The set also lists the files the samples came from.
 *
 * Sections: label table, sample set, summaries, percentiles.
 */
#include "headroom/metrics.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Initial number of hash slots; always a power of two. */
#define HR_LABEL_SLOTS_MIN 64

/* Every sample of one label. */
typedef struct hr_label_samples {
    char *label;             /* NULL marks an empty slot */
    double *elapsed_ms;
    size_t count;
    size_t capacity;
    size_t errors;
    double first_start_ms;   /* NAN until a timestamp is seen */
    double last_end_ms;      /* latest timestamp + elapsed */
} hr_label_samples;

struct hr_sample_set {
    hr_label_samples *slots;
    size_t slot_count;       /* power of two */
    size_t label_count;
    size_t total;
    hr_source_file *files;
    size_t file_count;
    size_t file_capacity;
};

/* ---- label table ------------------------------------------------------ */

/* FNV-1a 64-bit hash (Fowler, Noll, Vo; IETF draft-eastlake-fnv). */
static uint64_t hr_label_hash(const char *label)
{
    uint64_t hash = 14695981039346656037ULL;

    for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
        hash ^= *p;
        hash *= 1099511628211ULL;
    }
    return hash;
}

/* Returns the slot holding label, or the empty slot where it belongs. */
static hr_label_samples *hr_label_slot(hr_label_samples *slots,
                                       size_t slot_count, const char *label)
{
    size_t mask = slot_count - 1;
    size_t i = (size_t)hr_label_hash(label) & mask;

    while (slots[i].label && strcmp(slots[i].label, label) != 0)
        i = (i + 1) & mask;
    return &slots[i];
}

/* Doubles the table (or makes the first one) and rehashes every label. */
static hr_status hr_label_table_grow(hr_sample_set *set)
{
    size_t slot_count = set->slot_count ? set->slot_count * 2
                                        : HR_LABEL_SLOTS_MIN;
    hr_label_samples *slots = calloc(slot_count, sizeof *slots);

    if (!slots)
        return HR_ERR_NOMEM;
    for (size_t i = 0; i < set->slot_count; i++) {
        if (set->slots[i].label)
            *hr_label_slot(slots, slot_count, set->slots[i].label) =
                set->slots[i];
    }
    free(set->slots);
    set->slots = slots;
    set->slot_count = slot_count;
    return HR_OK;
}

/* Finds the label's entry, adding an empty one (with a copied label) when
 * it is new. */
static hr_status hr_label_find_or_add(hr_sample_set *set, const char *label,
                                      hr_label_samples **found)
{
    hr_label_samples *slot;

    /* Keep the load factor at most one half so probes stay short. */
    if (2 * (set->label_count + 1) > set->slot_count) {
        hr_status status = hr_label_table_grow(set);

        if (status != HR_OK)
            return status;
    }
    slot = hr_label_slot(set->slots, set->slot_count, label);
    if (!slot->label) {
        slot->label = strdup(label);
        if (!slot->label)
            return HR_ERR_NOMEM;
        slot->first_start_ms = NAN;
        slot->last_end_ms = NAN;
        set->label_count++;
    }
    *found = slot;
    return HR_OK;
}

/* Appends one elapsed time to a label's array, growing it as needed. */
static hr_status hr_label_push(hr_label_samples *entry, double elapsed_ms)
{
    if (entry->count == entry->capacity) {
        size_t capacity = entry->capacity ? entry->capacity * 2 : 16;
        double *values = realloc(entry->elapsed_ms,
                                 capacity * sizeof *values);

        if (!values)
            return HR_ERR_NOMEM;
        entry->elapsed_ms = values;
        entry->capacity = capacity;
    }
    entry->elapsed_ms[entry->count++] = elapsed_ms;
    return HR_OK;
}

/* Widens the label's covered time span to include one sample. */
static void hr_label_cover(hr_label_samples *entry, double start_ms,
                           double elapsed_ms)
{
    double end_ms = start_ms + elapsed_ms;

    if (!isfinite(start_ms))
        return;
    if (isnan(entry->first_start_ms) || start_ms < entry->first_start_ms)
        entry->first_start_ms = start_ms;
    if (isnan(entry->last_end_ms) || end_ms > entry->last_end_ms)
        entry->last_end_ms = end_ms;
}

/* ---- sample set ------------------------------------------------------- */

hr_sample_set *hr_sample_set_new(void)
{
    return calloc(1, sizeof(hr_sample_set));
}

void hr_sample_set_free(hr_sample_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->slot_count; i++) {
        free(set->slots[i].label);
        free(set->slots[i].elapsed_ms);
    }
    free(set->slots);
    for (size_t i = 0; i < set->file_count; i++) {
        free(set->files[i].path);
        free(set->files[i].format);
    }
    free(set->files);
    free(set);
}

hr_status hr_sample_set_add(hr_sample_set *set, const char *label,
                            double elapsed_ms, bool success,
                            double timestamp_ms)
{
    hr_label_samples *entry;
    hr_status status;

    if (!set || !label || !isfinite(elapsed_ms) || elapsed_ms < 0.0)
        return HR_ERR_DOMAIN;
    status = hr_label_find_or_add(set, label, &entry);
    if (status != HR_OK)
        return status;
    status = hr_label_push(entry, elapsed_ms);
    if (status != HR_OK)
        return status;
    entry->errors += !success;
    hr_label_cover(entry, timestamp_ms, elapsed_ms);
    set->total++;
    return HR_OK;
}

hr_status hr_sample_set_note_file(hr_sample_set *set,
                                  const hr_source_file *file)
{
    hr_source_file *copy;

    if (!set || !file || !file->path || !file->format)
        return HR_ERR_DOMAIN;
    if (set->file_count == set->file_capacity) {
        size_t capacity = set->file_capacity ? set->file_capacity * 2 : 4;
        hr_source_file *files = realloc(set->files,
                                        capacity * sizeof *files);

        if (!files)
            return HR_ERR_NOMEM;
        set->files = files;
        set->file_capacity = capacity;
    }
    copy = &set->files[set->file_count];
    *copy = *file;
    copy->path = strdup(file->path);
    copy->format = strdup(file->format);
    if (!copy->path || !copy->format) {
        free(copy->path);
        free(copy->format);
        return HR_ERR_NOMEM;
    }
    set->file_count++;
    return HR_OK;
}

size_t hr_sample_set_file_count(const hr_sample_set *set)
{
    return set ? set->file_count : 0;
}

const hr_source_file *hr_sample_set_file(const hr_sample_set *set,
                                         size_t index)
{
    if (!set || index >= set->file_count)
        return NULL;
    return &set->files[index];
}

size_t hr_sample_set_total(const hr_sample_set *set)
{
    return set ? set->total : 0;
}

/* ---- summaries -------------------------------------------------------- */

/* qsort order for doubles, ascending. */
static int hr_compare_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

/* qsort order for label entries by strcmp of their labels. */
static int hr_compare_entry(const void *a, const void *b)
{
    const hr_label_samples *x = *(const hr_label_samples *const *)a;
    const hr_label_samples *y = *(const hr_label_samples *const *)b;

    return strcmp(x->label, y->label);
}

/* Fills stats from one label, sorting a copy of its values in scratch. */
static hr_status hr_label_summarise(const hr_label_samples *entry,
                                    double *scratch, hr_label_stats *stats)
{
    size_t n = entry->count;
    double sum = 0.0;
    double span_s = (entry->last_end_ms - entry->first_start_ms) / 1000.0;

    stats->label = strdup(entry->label);
    if (!stats->label)
        return HR_ERR_NOMEM;
    memcpy(scratch, entry->elapsed_ms, n * sizeof *scratch);
    qsort(scratch, n, sizeof *scratch, hr_compare_double);
    for (size_t i = 0; i < n; i++)
        sum += scratch[i];

    stats->samples = n;
    stats->errors = entry->errors;
    stats->error_rate = (double)entry->errors / (double)n;
    stats->min_ms = scratch[0];
    stats->mean_ms = sum / (double)n;
    stats->p50_ms = hr_percentile_nearest_rank(scratch, n, 0.50);
    stats->p95_ms = hr_percentile_nearest_rank(scratch, n, 0.95);
    stats->p99_ms = hr_percentile_nearest_rank(scratch, n, 0.99);
    stats->max_ms = scratch[n - 1];
    /* NAN span (no timestamps) propagates; a zero span has no rate. */
    stats->throughput_per_s = span_s > 0.0 ? (double)n / span_s : (double)NAN;
    return HR_OK;
}

/* Collects pointers to the used slots, sorted by label, and the largest
 * per-label count. The caller frees *out. */
static hr_status hr_sorted_entries(const hr_sample_set *set,
                                   const hr_label_samples ***out,
                                   size_t *largest)
{
    const hr_label_samples **entries;
    size_t used = 0;

    entries = malloc((set->label_count ? set->label_count : 1)
                     * sizeof *entries);
    if (!entries)
        return HR_ERR_NOMEM;
    *largest = 0;
    for (size_t i = 0; i < set->slot_count; i++) {
        if (!set->slots[i].label)
            continue;
        entries[used++] = &set->slots[i];
        if (set->slots[i].count > *largest)
            *largest = set->slots[i].count;
    }
    qsort(entries, used, sizeof *entries, hr_compare_entry);
    *out = entries;
    return HR_OK;
}

hr_status hr_sample_set_summarise(const hr_sample_set *set,
                                  hr_label_stats **out, size_t *count)
{
    const hr_label_samples **entries = NULL;
    hr_label_stats *stats = NULL;
    double *scratch = NULL;
    size_t largest = 0;
    size_t done = 0;
    hr_status status;

    if (!set || !out || !count)
        return HR_ERR_DOMAIN;
    *out = NULL;
    *count = 0;
    status = hr_sorted_entries(set, &entries, &largest);
    if (status != HR_OK)
        goto cleanup;
    stats = calloc(set->label_count ? set->label_count : 1, sizeof *stats);
    scratch = malloc((largest ? largest : 1) * sizeof *scratch);
    if (!stats || !scratch) {
        status = HR_ERR_NOMEM;
        goto cleanup;
    }
    for (; done < set->label_count; done++) {
        status = hr_label_summarise(entries[done], scratch, &stats[done]);
        if (status != HR_OK)
            goto cleanup;
    }
    *out = stats;
    *count = done;
    stats = NULL;

cleanup:
    hr_label_stats_free(stats, done);
    free(scratch);
    free(entries);
    return status;
}

void hr_label_stats_free(hr_label_stats *stats, size_t count)
{
    if (!stats)
        return;
    for (size_t i = 0; i < count; i++)
        free(stats[i].label);
    free(stats);
}

/* ---- percentiles ------------------------------------------------------ */

/*
 * Nearest-rank percentile: x[ceil(p N)] with 1-based x (NIST/SEMATECH
 * e-Handbook 7.2.6.2 lists it among the sample-percentile definitions;
 * Hyndman and Fan 1996, definition 1). p N is shrunk by a relative 1e-12
 * before ceil() so that a product such as 0.07 * 100 = 7.000000000000001
 * is rank 7, not 8; a true fraction that small needs over 1e12 samples.
 */
double hr_percentile_nearest_rank(const double *sorted, size_t n, double p)
{
    double rank;
    size_t k;

    if (n == 0 || !sorted || !(p > 0.0 && p <= 1.0))
        return NAN;
    rank = ceil(p * (double)n * (1.0 - 1e-12));
    k = rank < 1.0 ? 1 : (size_t)rank;
    if (k > n)
        k = n;
    return sorted[k - 1];
}
