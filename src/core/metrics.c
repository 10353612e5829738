/*
 * metrics.c - the store of measured requests: per label and per time
 * window, a latency histogram and exact totals.
 *
 * Each label keeps a sorted array of time windows (5 minutes unless the
 * set is told otherwise). A window holds an hr_histogram of latencies
 * (3 significant digits) beside the exact count, sum, minimum, maximum,
 * errors by kind, bytes, covered time span and peak concurrency. Memory
 * therefore grows with labels times windows, never with the number of
 * samples.
 *
 * While a label has at most HR_RAW_CAP samples, every elapsed time is
 * also kept, so that small files get exact nearest-rank percentiles; past
 * the cap the values are dropped and the histogram answers (within
 * 0.1 %). A summary names which, in hr_label_stats.estimator.
 *
 * Labels live in an open-addressing hash table, since a test plan can
 * have thousands of labels. The set also lists the files
 * its samples came from, and the end-of-test summaries of tools that
 * give no samples.
 *
 * Sections: label table, windows, availability, recording, merging,
 * summaries, windows out, percentiles.
 */
#include "headroom/metrics.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/histogram.h"

/* Initial number of hash slots; always a power of two. */
#define HR_LABEL_SLOTS_MIN 64

/* Samples per label kept as exact values for nearest-rank percentiles. */
#define HR_RAW_CAP 4096

/* Window index of samples without a timestamp; sorts first. */
#define HR_UNTIMED INT64_MIN

/* Timestamps beyond this many windows from the epoch are not dates. */
#define HR_WINDOW_INDEX_LIMIT 1e15

static const char hr_estimator_exact[] = "nearest rank";
static const char hr_estimator_histogram[] = "histogram, 3 digits";

/* One label over one time window. */
typedef struct hr_window {
    int64_t index;           /* start / width, or HR_UNTIMED */
    hr_histogram *latency;
    uint64_t count;
    uint64_t errors[HR_ERROR_KIND_COUNT];
    double sum_ms;
    double min_ms;
    double max_ms;
    double bytes;            /* NAN until a sample gives bytes */
    double first_start_ms;   /* NAN until a timestamp is seen */
    double last_end_ms;      /* latest start + elapsed */
    double concurrency_max;  /* NAN until a sample gives it */
} hr_window;

/* One exactly kept elapsed time and the window it fell in. */
typedef struct hr_raw {
    double elapsed_ms;
    int64_t window;
} hr_raw;

/* What tools reported for a label without samples. */
typedef struct hr_reported {
    const char *estimator;
    uint64_t count;
    uint64_t errors;
    double min_ms;
    double mean_ms;
    double max_ms;
    double quantile_ms[3];   /* p50, p95, p99; NAN when not reported */
    double duration_s;
    uint64_t errors_by_kind[HR_ERROR_KIND_COUNT];   /* sum: errors */
} hr_reported;

/* Everything kept for one label. */
typedef struct hr_label_ref {
    char *label;
    size_t length;           /* of label */
    uint64_t hash;           /* of label */
    hr_window *windows;      /* sorted by index */
    size_t window_count;
    size_t window_capacity;
    size_t last;             /* window used last: the likely next one */
    int64_t last_index;      /* its index, and the times it covers, */
    double last_from_ms;     /* [from, to); both 0 before the first */
    double last_to_ms;
    hr_raw *raw;
    size_t raw_count;
    size_t raw_capacity;
    bool inexact;            /* raw values dropped or never known */
    hr_reported *reported;
    uint64_t count;
} hr_label_entry;

/* A place in the label table: the label's hash, for short probes, and
 * its entry, allocated apart so that it never moves (readers keep
 * pointers to it, see hr_sample_set_label). */
typedef struct hr_label_slot {
    uint64_t hash;
    hr_label_entry *entry;   /* NULL marks an empty slot */
} hr_label_slot;

struct hr_sample_set {
    hr_label_slot *slots;
    size_t slot_count;       /* power of two */
    size_t label_count;
    double window_ms;
    bool used;               /* something was recorded */
    hr_source_file *files;
    size_t file_count;
    size_t file_capacity;
    struct hr_kept_availability *availability;
    size_t availability_count;
    size_t availability_capacity;
};

/* The quantiles kept from a tool's report, in hr_reported order. */
static const double hr_report_quantiles[3] = {0.50, 0.95, 0.99};

/* ---- label table ------------------------------------------------------ */

/*
 * Hash of a label of length bytes: FNV-1a (Fowler, Noll, Vo; IETF
 * draft-eastlake-fnv) over 8-byte words rather than bytes, for speed on
 * every sample, then MurmurHash3's 64-bit finaliser (A. Appleby, fmix64)
 * so that every input bit reaches the low bits used as the slot.
 */
static uint64_t hr_label_hash(const char *label, size_t length)
{
    uint64_t hash = 14695981039346656037ULL ^ length;
    uint64_t word;
    size_t i = 0;

    for (; i + 8 <= length; i += 8) {
        memcpy(&word, label + i, 8);
        hash = (hash ^ word) * 1099511628211ULL;
    }
    word = 0;
    memcpy(&word, label + i, length - i);
    hash = (hash ^ word) * 1099511628211ULL;
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 33;
    hash *= 0xc4ceb9fe1a85ec53ULL;
    return hash ^ (hash >> 33);
}

/* Returns the slot holding the label, or the empty slot where it
 * belongs. */
static hr_label_slot *hr_label_find_slot(hr_label_slot *slots,
                                         size_t slot_count,
                                         const char *label, size_t length,
                                         uint64_t hash)
{
    size_t mask = slot_count - 1;
    size_t i = (size_t)hash & mask;

    while (slots[i].entry
           && (slots[i].hash != hash || slots[i].entry->length != length
               || memcmp(slots[i].entry->label, label, length) != 0))
        i = (i + 1) & mask;
    return &slots[i];
}

/* Doubles the table (or makes the first one) and rehashes every label. */
static hr_status hr_label_table_grow(hr_sample_set *set)
{
    size_t slot_count = set->slot_count ? set->slot_count * 2
                                        : HR_LABEL_SLOTS_MIN;
    hr_label_slot *slots = calloc(slot_count, sizeof *slots);

    if (!slots)
        return HR_ERR_NOMEM;
    for (size_t i = 0; i < set->slot_count; i++) {
        const hr_label_entry *entry = set->slots[i].entry;

        if (entry)
            *hr_label_find_slot(slots, slot_count, entry->label,
                                entry->length, entry->hash) = set->slots[i];
    }
    free(set->slots);
    set->slots = slots;
    set->slot_count = slot_count;
    return HR_OK;
}

/* A new entry for a label of length bytes, or NULL. */
static hr_label_entry *hr_label_entry_new(const char *label, size_t length,
                                          uint64_t hash)
{
    hr_label_entry *entry = calloc(1, sizeof *entry);

    if (entry)
        entry->label = malloc(length + 1);
    if (!entry || !entry->label) {
        free(entry);
        return NULL;
    }
    memcpy(entry->label, label, length + 1);
    entry->length = length;
    entry->hash = hash;
    return entry;
}

/* Finds the label's entry, adding an empty one (with a copied label) when
 * it is new. */
static hr_status hr_label_find_or_add(hr_sample_set *set, const char *label,
                                      hr_label_entry **found)
{
    size_t length = strlen(label);
    uint64_t hash = hr_label_hash(label, length);
    hr_label_slot *slot;

    /* Keep the load factor at most one half so probes stay short. */
    if (2 * (set->label_count + 1) > set->slot_count) {
        hr_status status = hr_label_table_grow(set);

        if (status != HR_OK)
            return status;
    }
    slot = hr_label_find_slot(set->slots, set->slot_count, label, length,
                              hash);
    if (!slot->entry) {
        slot->entry = hr_label_entry_new(label, length, hash);
        if (!slot->entry)
            return HR_ERR_NOMEM;
        slot->hash = hash;
        set->label_count++;
    }
    *found = slot->entry;
    return HR_OK;
}

/* Frees what one entry holds. */
static void hr_label_entry_release(hr_label_entry *entry)
{
    for (size_t w = 0; w < entry->window_count; w++)
        hr_histogram_free(entry->windows[w].latency);
    free(entry->windows);
    free(entry->raw);
    free(entry->reported);
    free(entry->label);
    free(entry);
}

/* ---- windows ---------------------------------------------------------- */

/* Window index of a start time: the i with i w <= start < (i + 1) w
 * for the width w, or HR_UNTIMED. The quotient is corrected by the two
 * products, so that the answer agrees with hr_window_cached's range
 * test even where start / w rounds across an integer. */
static int64_t hr_window_index(const hr_sample_set *set, double start_ms)
{
    double index = floor(start_ms / set->window_ms);

    if (!isfinite(index) || fabs(index) > HR_WINDOW_INDEX_LIMIT)
        return HR_UNTIMED;
    if (index * set->window_ms > start_ms)
        index -= 1.0;
    else if ((index + 1.0) * set->window_ms <= start_ms)
        index += 1.0;
    return (int64_t)index;
}

/* The window index of a start time, from the label's last window when
 * it falls there (no division), else computed and remembered. */
static int64_t hr_window_cached(const hr_sample_set *set,
                                hr_label_entry *entry, double start_ms)
{
    int64_t index;

    if (start_ms >= entry->last_from_ms && start_ms < entry->last_to_ms)
        return entry->last_index;
    index = hr_window_index(set, start_ms);
    if (index != HR_UNTIMED) {
        entry->last_index = index;
        entry->last_from_ms = (double)index * set->window_ms;
        entry->last_to_ms = (double)(index + 1) * set->window_ms;
    }
    return index;
}

/* Position of the first window whose index is not below index. */
static size_t hr_window_lower_bound(const hr_label_entry *entry,
                                    int64_t index)
{
    size_t low = 0, high = entry->window_count;

    while (low < high) {
        size_t mid = low + (high - low) / 2;

        if (entry->windows[mid].index < index)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

/* Opens an empty window at position, keeping the array sorted. */
static hr_status hr_window_insert(hr_label_entry *entry, size_t position,
                                  int64_t index)
{
    hr_window *window;

    if (entry->window_count == entry->window_capacity) {
        size_t capacity = entry->window_capacity
                              ? entry->window_capacity * 2 : 4;
        hr_window *grown = realloc(entry->windows,
                                   capacity * sizeof *grown);

        if (!grown)
            return HR_ERR_NOMEM;
        entry->windows = grown;
        entry->window_capacity = capacity;
    }
    window = &entry->windows[position];
    memmove(window + 1, window,
            (entry->window_count - position) * sizeof *window);
    memset(window, 0, sizeof *window);
    window->index = index;
    window->min_ms = window->max_ms = NAN;
    window->bytes = window->concurrency_max = NAN;
    window->first_start_ms = window->last_end_ms = NAN;
    window->latency = hr_histogram_new();
    entry->window_count++;
    if (!window->latency) {
        memmove(window, window + 1,
                (--entry->window_count - position) * sizeof *window);
        return HR_ERR_NOMEM;
    }
    return HR_OK;
}

/* Finds the label's window of index, opening it when new. */
static inline hr_status hr_window_find(hr_label_entry *entry,
                                       int64_t index, hr_window **found)
{
    size_t position;
    hr_status status = HR_OK;

    if (entry->last < entry->window_count
        && entry->windows[entry->last].index == index) {
        *found = &entry->windows[entry->last];
        return HR_OK;
    }
    position = hr_window_lower_bound(entry, index);
    if (position == entry->window_count
        || entry->windows[position].index != index)
        status = hr_window_insert(entry, position, index);
    if (status != HR_OK)
        return status;
    entry->last = position;
    *found = &entry->windows[position];
    return HR_OK;
}

/* Widens the window's covered time span to [start_ms, end_ms]. */
static void hr_window_cover(hr_window *window, double start_ms,
                            double end_ms)
{
    if (!isfinite(start_ms) || !isfinite(end_ms))
        return;
    if (isnan(window->first_start_ms) || start_ms < window->first_start_ms)
        window->first_start_ms = start_ms;
    if (isnan(window->last_end_ms) || end_ms > window->last_end_ms)
        window->last_end_ms = end_ms;
}

/* Folds count samples with these extremes and sum into the totals. */
static void hr_window_count(hr_window *window, uint64_t count,
                            double min_ms, double max_ms, double sum_ms)
{
    if (window->count == 0 || min_ms < window->min_ms)
        window->min_ms = min_ms;
    if (window->count == 0 || max_ms > window->max_ms)
        window->max_ms = max_ms;
    window->count += count;
    window->sum_ms += sum_ms;
}

/* Adds a known amount to a NAN-until-known total. */
static double hr_add_known(double total, double amount)
{
    if (isnan(amount))
        return total;
    return isnan(total) ? amount : total + amount;
}

/* The larger of two NAN-until-known values. */
static double hr_max_known(double a, double b)
{
    if (isnan(a))
        return b;
    return isnan(b) || a >= b ? a : b;
}

/* ---- availability ----------------------------------------------------- */

/* A monitor's figures as kept: service and period point into text. */
typedef struct hr_kept_availability {
    hr_availability figures;
    char *text;              /* "SERVICE\0PERIOD\0" */
} hr_kept_availability;

/* Frees the availability figures of a set. */
static void hr_availability_release(hr_sample_set *set)
{
    for (size_t i = 0; i < set->availability_count; i++)
        free(set->availability[i].text);
    free(set->availability);
}

/* The kept figures of service and period, or NULL. */
static hr_kept_availability *hr_availability_find(
    const hr_sample_set *set, const hr_availability *figures)
{
    for (size_t i = 0; i < set->availability_count; i++) {
        hr_kept_availability *kept = &set->availability[i];

        if (strcmp(kept->figures.service, figures->service) == 0
            && strcmp(kept->figures.period, figures->period) == 0)
            return kept;
    }
    return NULL;
}

/* Keeps a copy of new figures at the end of the list. */
static hr_status hr_availability_append(hr_sample_set *set,
                                        const hr_availability *figures)
{
    size_t s = strlen(figures->service), p = strlen(figures->period);
    hr_kept_availability *kept;

    if (set->availability_count == set->availability_capacity) {
        size_t capacity = set->availability_capacity
                              ? 2 * set->availability_capacity : 8;
        hr_kept_availability *grown = realloc(
            set->availability, capacity * sizeof *grown);

        if (!grown)
            return HR_ERR_NOMEM;
        set->availability = grown;
        set->availability_capacity = capacity;
    }
    kept = &set->availability[set->availability_count];
    kept->text = malloc(s + p + 2);
    if (!kept->text)
        return HR_ERR_NOMEM;
    memcpy(kept->text, figures->service, s + 1);
    memcpy(kept->text + s + 1, figures->period, p + 1);
    kept->figures = *figures;
    kept->figures.service = kept->text;
    kept->figures.period = kept->text + s + 1;
    set->availability_count++;
    return HR_OK;
}

hr_status hr_sample_set_record_availability(
    hr_sample_set *set, const hr_availability *availability)
{
    const hr_availability *a = availability;
    hr_kept_availability *kept;

    if (!set || !a || !a->service || !a->period || !*a->service
        || !*a->period || a->fraction_up < 0.0 || a->fraction_up > 1.0
        || a->mean_response_ms < 0.0 || isinf(a->mean_response_ms)
        || (isnan(a->fraction_up) && isnan(a->mean_response_ms)))
        return HR_ERR_DOMAIN;
    kept = hr_availability_find(set, a);
    if (!kept)
        return hr_availability_append(set, a);
    if (!isnan(a->fraction_up))
        kept->figures.fraction_up = a->fraction_up;
    if (!isnan(a->mean_response_ms))
        kept->figures.mean_response_ms = a->mean_response_ms;
    return HR_OK;
}

size_t hr_sample_set_availability_count(const hr_sample_set *set)
{
    return set ? set->availability_count : 0;
}

const hr_availability *hr_sample_set_availability(const hr_sample_set *set,
                                                  size_t index)
{
    if (!set || index >= set->availability_count)
        return NULL;
    return &set->availability[index].figures;
}

/* ---- recording -------------------------------------------------------- */

/* Keeps one exact value while the label is under the cap; past it, drops
 * them all and lets the histogram answer. */
static inline hr_status hr_raw_push(hr_label_entry *entry,
                                    double elapsed_ms, int64_t window)
{
    if (entry->inexact)
        return HR_OK;
    if (entry->raw_count == HR_RAW_CAP) {
        free(entry->raw);
        entry->raw = NULL;
        entry->raw_count = entry->raw_capacity = 0;
        entry->inexact = true;
        return HR_OK;
    }
    if (entry->raw_count == entry->raw_capacity) {
        size_t capacity = entry->raw_capacity ? entry->raw_capacity * 2 : 8;
        hr_raw *grown = realloc(entry->raw, capacity * sizeof *grown);

        if (!grown)
            return HR_ERR_NOMEM;
        entry->raw = grown;
        entry->raw_capacity = capacity;
    }
    entry->raw[entry->raw_count].elapsed_ms = elapsed_ms;
    entry->raw[entry->raw_count++].window = window;
    return HR_OK;
}

/* Microseconds of a latency for the histogram, rounded to nearest. */
static int64_t hr_to_us(double elapsed_ms)
{
    double us = elapsed_ms * 1000.0 + 0.5;

    return us < (double)INT64_MAX / 2 ? (int64_t)us : INT64_MAX / 2;
}

/* True when a sample can be recorded. */
static bool hr_sample_valid(const hr_sample *sample)
{
    return sample && sample->label && isfinite(sample->elapsed_ms)
           && sample->elapsed_ms >= 0.0
           && (unsigned)sample->error < HR_ERROR_KIND_COUNT;
}

hr_sample_set *hr_sample_set_new(void)
{
    hr_sample_set *set = calloc(1, sizeof(hr_sample_set));

    if (set)
        set->window_ms = HR_WINDOW_DEFAULT_S * 1000.0;
    return set;
}

void hr_sample_set_free(hr_sample_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->slot_count; i++) {
        if (set->slots[i].entry)
            hr_label_entry_release(set->slots[i].entry);
    }
    free(set->slots);
    for (size_t i = 0; i < set->file_count; i++) {
        free(set->files[i].path);
        free(set->files[i].format);
    }
    free(set->files);
    hr_availability_release(set);
    free(set);
}

hr_status hr_sample_set_label(hr_sample_set *set, const char *label,
                              hr_label_ref **ref)
{
    if (!set || !label || !ref)
        return HR_ERR_DOMAIN;
    return hr_label_find_or_add(set, label, ref);
}

hr_status hr_sample_set_record(hr_sample_set *set, const hr_sample *sample)
{
    hr_label_entry *entry;
    hr_status status;

    if (!set || !hr_sample_valid(sample))
        return HR_ERR_DOMAIN;
    status = hr_label_find_or_add(set, sample->label, &entry);
    return status == HR_OK ? hr_sample_set_record_to(set, entry, sample)
                           : status;
}

hr_status hr_sample_set_record_to(hr_sample_set *set, hr_label_ref *entry,
                                  const hr_sample *sample)
{
    uint64_t *counter;
    hr_status status = hr_sample_set_record_deferred(set, entry, sample,
                                                     &counter);

    if (status == HR_OK)
        (*counter)++;
    return status;
}

hr_status hr_sample_set_record_deferred(hr_sample_set *set,
                                        hr_label_ref *entry,
                                        const hr_sample *sample,
                                        uint64_t **counter)
{
    hr_window *window;
    int64_t index;
    hr_status status;

    if (!set || !entry || !sample || !counter
        || !isfinite(sample->elapsed_ms) || sample->elapsed_ms < 0.0
        || (unsigned)sample->error >= HR_ERROR_KIND_COUNT)
        return HR_ERR_DOMAIN;
    index = hr_window_cached(set, entry, sample->timestamp_ms);
    status = hr_window_find(entry, index, &window);
    if (status == HR_OK)
        status = hr_histogram_record_deferred(
            window->latency, hr_to_us(sample->elapsed_ms), counter);
    if (status != HR_OK)
        return status;
    status = hr_raw_push(entry, sample->elapsed_ms, index);
    if (status != HR_OK) {
        /* The histogram has the sample: keep its counts whole. */
        (**counter)++;
        return status;
    }

    hr_window_count(window, 1, sample->elapsed_ms, sample->elapsed_ms,
                    sample->elapsed_ms);
    window->errors[sample->error] += sample->error != HR_SAMPLE_OK;
    window->bytes = hr_add_known(window->bytes, sample->bytes);
    window->concurrency_max = hr_max_known(window->concurrency_max,
                                           sample->concurrency);
    hr_window_cover(window, sample->timestamp_ms,
                    sample->timestamp_ms + sample->elapsed_ms);
    entry->count++;
    set->used = true;
    return HR_OK;
}

hr_status hr_sample_set_add(hr_sample_set *set, const char *label,
                            double elapsed_ms, bool success,
                            double timestamp_ms)
{
    hr_sample sample = {
        .label = label,
        .elapsed_ms = elapsed_ms,
        .timestamp_ms = timestamp_ms,
        .error = success ? HR_SAMPLE_OK : HR_SAMPLE_OTHER_ERROR,
        .bytes = NAN,
        .concurrency = NAN,
    };

    return hr_sample_set_record(set, &sample);
}

/* Forgets a label's exact values: its samples are no longer all known. */
static void hr_raw_drop(hr_label_entry *entry)
{
    free(entry->raw);
    entry->raw = NULL;
    entry->raw_count = entry->raw_capacity = 0;
    entry->inexact = true;
}

hr_status hr_sample_set_record_histogram(hr_sample_set *set,
                                         const char *label, double start_ms,
                                         double end_ms,
                                         const hr_histogram *latency,
                                         uint64_t errors)
{
    uint64_t count = hr_histogram_count(latency);
    hr_label_entry *entry;
    hr_window *window;
    hr_status status;

    if (!set || !label || !latency || errors > count)
        return HR_ERR_DOMAIN;
    if (count == 0)
        return HR_OK;
    status = hr_label_find_or_add(set, label, &entry);
    if (status == HR_OK)
        status = hr_window_find(entry, hr_window_index(set, start_ms),
                                &window);
    if (status == HR_OK)
        status = hr_histogram_merge(window->latency, latency);
    if (status != HR_OK)
        return status;
    hr_raw_drop(entry);
    hr_window_count(window, count, hr_histogram_min(latency) / 1000.0,
                    hr_histogram_max(latency) / 1000.0,
                    (double)hr_histogram_sum(latency) / 1000.0);
    window->errors[HR_SAMPLE_OTHER_ERROR] += errors;
    hr_window_cover(window, start_ms, end_ms);
    entry->count += count;
    set->used = true;
    return HR_OK;
}

/* The tool's value at quantile q, or NAN when it did not report it. */
static double hr_reported_at(const hr_reported_summary *summary, double q)
{
    for (size_t i = 0; i < summary->quantile_count; i++) {
        if (fabs(summary->quantiles[i] - q) < 1e-9)
            return summary->values_ms[i];
    }
    return NAN;
}

/* Static text naming the tool behind a reported summary. */
static const char *hr_reported_estimator(const char *tool)
{
    static const char *const known[][2] = {
        {"locust", "reported by locust"}, {"k6", "reported by k6"},
        {"wrk", "reported by wrk"}, {"gatling", "reported by gatling"},
        {"jmeter", "reported by jmeter"},
    };

    for (size_t i = 0; tool && i < sizeof known / sizeof *known; i++) {
        if (strcmp(tool, known[i][0]) == 0)
            return known[i][1];
    }
    return "reported by the load tool";
}

/*
 * Combines a second report of the same label into the first: counts and
 * extremes add up exactly, the mean is count-weighted, and a quantile
 * becomes the larger of the two, an upper bound of the combined one
 * (if each part has a share q at or below its value, the union has a
 * share q at or below the larger value).
 */
static void hr_reported_combine(hr_reported *into, const hr_reported *more)
{
    uint64_t count = into->count + more->count;

    into->mean_ms = (into->mean_ms * (double)into->count
                     + more->mean_ms * (double)more->count) / (double)count;
    into->count = count;
    into->errors += more->errors;
    for (size_t k = 0; k < HR_ERROR_KIND_COUNT; k++)
        into->errors_by_kind[k] += more->errors_by_kind[k];
    into->min_ms = isnan(into->min_ms) || more->min_ms < into->min_ms
                       ? more->min_ms : into->min_ms;
    into->max_ms = hr_max_known(into->max_ms, more->max_ms);
    for (size_t i = 0; i < 3; i++) {
        if (isnan(into->quantile_ms[i]) || isnan(more->quantile_ms[i]))
            into->quantile_ms[i] = NAN;
        else
            into->quantile_ms[i] = fmax(into->quantile_ms[i],
                                        more->quantile_ms[i]);
    }
    into->duration_s += more->duration_s;
}

/* Fills kinds with the summary's errors by kind, the rest as "other";
 * false when the kinds add up to more than its errors. */
static bool hr_reported_kinds(const hr_reported_summary *summary,
                              uint64_t kinds[HR_ERROR_KIND_COUNT])
{
    uint64_t known = 0;

    memset(kinds, 0, HR_ERROR_KIND_COUNT * sizeof *kinds);
    for (size_t k = HR_SAMPLE_OK + 1; summary->errors_by_kind
                                      && k < HR_ERROR_KIND_COUNT; k++) {
        kinds[k] = summary->errors_by_kind[k];
        if (kinds[k] > summary->errors - known)
            return false;
        known += kinds[k];
    }
    kinds[HR_SAMPLE_OTHER_ERROR] += summary->errors - known;
    return true;
}

/* Adds a report to the entry, combining with one already there. */
static hr_status hr_reported_add(hr_label_entry *entry,
                                  const hr_reported *report)
{
    if (entry->reported) {
        hr_reported_combine(entry->reported, report);
        return HR_OK;
    }
    entry->reported = malloc(sizeof *entry->reported);
    if (!entry->reported)
        return HR_ERR_NOMEM;
    *entry->reported = *report;
    return HR_OK;
}

hr_status hr_sample_set_record_summary(hr_sample_set *set,
                                       const hr_reported_summary *summary)
{
    hr_label_entry *entry;
    hr_reported report;
    hr_status status;

    if (!set || !summary || !summary->label || summary->errors
        > summary->count || (summary->quantile_count
                             && (!summary->quantiles || !summary->values_ms))
        || !hr_reported_kinds(summary, report.errors_by_kind))
        return HR_ERR_DOMAIN;
    if (summary->count == 0)
        return HR_OK;
    report.estimator = hr_reported_estimator(summary->tool);
    report.count = summary->count;
    report.errors = summary->errors;
    report.min_ms = summary->min_ms;
    report.mean_ms = summary->mean_ms;
    report.max_ms = summary->max_ms;
    for (size_t i = 0; i < 3; i++)
        report.quantile_ms[i] = hr_reported_at(summary,
                                               hr_report_quantiles[i]);
    report.duration_s = summary->duration_s;
    status = hr_label_find_or_add(set, summary->label, &entry);
    if (status == HR_OK)
        status = hr_reported_add(entry, &report);
    set->used |= status == HR_OK;
    return status;
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
    size_t total = 0;

    for (size_t i = 0; set && i < set->slot_count; i++) {
        const hr_label_entry *entry = set->slots[i].entry;

        if (entry && entry->count)
            total += entry->count;
        else if (entry && entry->reported)
            total += entry->reported->count;
    }
    return total;
}

hr_status hr_sample_set_set_window(hr_sample_set *set, double window_s)
{
    if (!set || set->used || !(window_s > 0.0 && isfinite(window_s)))
        return HR_ERR_DOMAIN;
    set->window_ms = window_s * 1000.0;
    return HR_OK;
}

double hr_sample_set_window(const hr_sample_set *set)
{
    return set ? set->window_ms / 1000.0 : (double)NAN;
}

size_t hr_sample_set_memory(const hr_sample_set *set)
{
    size_t bytes;

    if (!set)
        return 0;
    bytes = sizeof *set + set->slot_count * sizeof *set->slots;
    for (size_t i = 0; i < set->slot_count; i++) {
        const hr_label_entry *entry = set->slots[i].entry;

        if (!entry)
            continue;
        bytes += sizeof *entry + entry->length + 1
                 + entry->window_capacity * sizeof *entry->windows
                 + entry->raw_capacity * sizeof *entry->raw;
        for (size_t w = 0; w < entry->window_count; w++)
            bytes += hr_histogram_memory(entry->windows[w].latency);
    }
    return bytes;
}

/* ---- merging ---------------------------------------------------------- */

/* Adds one window of another set into the same window here. */
static hr_status hr_window_absorb(hr_label_entry *entry,
                                  const hr_window *from)
{
    hr_window *window;
    hr_status status = hr_window_find(entry, from->index, &window);

    if (status == HR_OK)
        status = hr_histogram_merge(window->latency, from->latency);
    if (status != HR_OK)
        return status;
    hr_window_count(window, from->count, from->min_ms, from->max_ms,
                    from->sum_ms);
    for (size_t k = 0; k < HR_ERROR_KIND_COUNT; k++)
        window->errors[k] += from->errors[k];
    window->bytes = hr_add_known(window->bytes, from->bytes);
    window->concurrency_max = hr_max_known(window->concurrency_max,
                                           from->concurrency_max);
    hr_window_cover(window, from->first_start_ms, from->last_end_ms);
    return HR_OK;
}

/* Appends another label's exact values while the total stays under the
 * cap; otherwise the label becomes inexact. */
static hr_status hr_raw_absorb(hr_label_entry *entry,
                               const hr_label_entry *from)
{
    if (entry->inexact)
        return HR_OK;
    if (from->inexact || entry->raw_count + from->raw_count > HR_RAW_CAP) {
        hr_raw_drop(entry);
        return HR_OK;
    }
    for (size_t i = 0; i < from->raw_count; i++) {
        hr_status status = hr_raw_push(entry, from->raw[i].elapsed_ms,
                                       from->raw[i].window);

        if (status != HR_OK)
            return status;
    }
    return HR_OK;
}

/* Adds one label of another set into this set. */
static hr_status hr_label_absorb(hr_sample_set *set,
                                 const hr_label_entry *from)
{
    hr_label_entry *entry;
    hr_status status = hr_label_find_or_add(set, from->label, &entry);

    for (size_t w = 0; status == HR_OK && w < from->window_count; w++)
        status = hr_window_absorb(entry, &from->windows[w]);
    if (status == HR_OK && from->count)
        status = hr_raw_absorb(entry, from);
    if (status == HR_OK && from->reported)
        status = hr_reported_add(entry, from->reported);
    if (status == HR_OK)
        entry->count += from->count;
    return status;
}

hr_status hr_sample_set_merge(hr_sample_set *target,
                              const hr_sample_set *source)
{
    hr_status status = HR_OK;

    if (!target || !source || target == source
        || target->window_ms != source->window_ms)
        return HR_ERR_DOMAIN;
    for (size_t i = 0; status == HR_OK && i < source->slot_count; i++) {
        if (source->slots[i].entry)
            status = hr_label_absorb(target, source->slots[i].entry);
    }
    for (size_t i = 0; status == HR_OK && i < source->file_count; i++)
        status = hr_sample_set_note_file(target, &source->files[i]);
    for (size_t i = 0; status == HR_OK && i < source->availability_count;
         i++)
        status = hr_sample_set_record_availability(
            target, &source->availability[i].figures);
    target->used |= source->used;
    return status;
}

/* ---- summaries -------------------------------------------------------- */

/* Exact totals over some windows of one label. */
typedef struct hr_totals {
    uint64_t count;
    uint64_t errors[HR_ERROR_KIND_COUNT];
    double sum_ms;
    double min_ms;
    double max_ms;
    double bytes;
    double first_start_ms;
    double last_end_ms;
    double concurrency_max;
} hr_totals;

/* Empty totals, every unknown NAN. */
static void hr_totals_init(hr_totals *totals)
{
    memset(totals, 0, sizeof *totals);
    totals->min_ms = totals->max_ms = totals->bytes = NAN;
    totals->first_start_ms = totals->last_end_ms = NAN;
    totals->concurrency_max = NAN;
}

/* Adds one window to the totals. */
static void hr_totals_add(hr_totals *totals, const hr_window *window)
{
    if (window->count == 0)
        return;
    if (totals->count == 0 || window->min_ms < totals->min_ms)
        totals->min_ms = window->min_ms;
    totals->max_ms = hr_max_known(totals->max_ms, window->max_ms);
    totals->count += window->count;
    for (size_t k = 0; k < HR_ERROR_KIND_COUNT; k++)
        totals->errors[k] += window->errors[k];
    totals->sum_ms += window->sum_ms;
    totals->bytes = hr_add_known(totals->bytes, window->bytes);
    totals->concurrency_max = hr_max_known(totals->concurrency_max,
                                           window->concurrency_max);
    if (isnan(totals->first_start_ms)
        || window->first_start_ms < totals->first_start_ms)
        totals->first_start_ms = window->first_start_ms;
    totals->last_end_ms = hr_max_known(totals->last_end_ms,
                                       window->last_end_ms);
}

/* Fills the count fields of stats from totals (percentiles apart). */
static void hr_totals_stats(const hr_totals *totals, hr_label_stats *stats)
{
    double span_s = (totals->last_end_ms - totals->first_start_ms) / 1000.0;
    size_t errors = 0;

    for (size_t k = 0; k < HR_ERROR_KIND_COUNT; k++) {
        stats->errors_by_kind[k] = (size_t)totals->errors[k];
        errors += stats->errors_by_kind[k];
    }
    stats->samples = (size_t)totals->count;
    stats->errors = errors;
    stats->error_rate = (double)errors / (double)totals->count;
    stats->min_ms = totals->min_ms;
    stats->mean_ms = totals->sum_ms / (double)totals->count;
    stats->max_ms = totals->max_ms;
    stats->bytes = totals->bytes;
    /* NAN span (no timestamps) propagates; a zero span has no rate. */
    stats->throughput_per_s = span_s > 0.0 ? (double)totals->count / span_s
                                           : (double)NAN;
}

/* qsort order for doubles, ascending. */
static int hr_compare_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Exact nearest-rank percentiles from the label's kept values, only
 * those of window index (any window when all is true). */
static hr_status hr_exact_percentiles(const hr_label_entry *entry,
                                      int64_t index, bool all,
                                      hr_label_stats *stats)
{
    double *values = malloc((entry->raw_count ? entry->raw_count : 1)
                            * sizeof *values);
    size_t n = 0;

    if (!values)
        return HR_ERR_NOMEM;
    for (size_t i = 0; i < entry->raw_count; i++) {
        if (all || entry->raw[i].window == index)
            values[n++] = entry->raw[i].elapsed_ms;
    }
    qsort(values, n, sizeof *values, hr_compare_double);
    stats->p50_ms = hr_percentile_nearest_rank(values, n, 0.50);
    stats->p95_ms = hr_percentile_nearest_rank(values, n, 0.95);
    stats->p99_ms = hr_percentile_nearest_rank(values, n, 0.99);
    stats->estimator = hr_estimator_exact;
    free(values);
    return HR_OK;
}

/* Percentiles read from a histogram, in milliseconds. */
static void hr_histogram_percentiles(const hr_histogram *latency,
                                     hr_label_stats *stats)
{
    stats->p50_ms = (double)hr_histogram_percentile(latency, 0.50) / 1000.0;
    stats->p95_ms = (double)hr_histogram_percentile(latency, 0.95) / 1000.0;
    stats->p99_ms = (double)hr_histogram_percentile(latency, 0.99) / 1000.0;
    stats->estimator = hr_estimator_histogram;
}

/* Summary of a label known only from a tool's report; all unknown for
 * a label whose only sample could not be stored. */
static void hr_reported_stats(const hr_reported *report,
                              hr_label_stats *stats)
{
    static const hr_reported none = {
        hr_estimator_exact, 0, 0, NAN, NAN, NAN, {NAN, NAN, NAN}, NAN, {0},
    };

    if (!report)
        report = &none;
    stats->samples = (size_t)report->count;
    stats->errors = (size_t)report->errors;
    for (size_t k = 0; k < HR_ERROR_KIND_COUNT; k++)
        stats->errors_by_kind[k] = (size_t)report->errors_by_kind[k];
    stats->error_rate = (double)report->errors / (double)report->count;
    stats->min_ms = report->min_ms;
    stats->mean_ms = report->mean_ms;
    stats->max_ms = report->max_ms;
    stats->p50_ms = report->quantile_ms[0];
    stats->p95_ms = report->quantile_ms[1];
    stats->p99_ms = report->quantile_ms[2];
    stats->bytes = NAN;
    stats->throughput_per_s = report->duration_s > 0.0
                                  ? (double)report->count / report->duration_s
                                  : (double)NAN;
    stats->estimator = report->estimator;
}

/* Fills stats for a whole label: its samples when it has any, else what
 * a tool reported. */
static hr_status hr_label_summarise(const hr_label_entry *entry,
                                    hr_label_stats *stats)
{
    hr_histogram *latency;
    hr_totals totals;
    hr_status status = HR_OK;

    stats->label = strdup(entry->label);
    if (!stats->label)
        return HR_ERR_NOMEM;
    if (entry->count == 0) {
        hr_reported_stats(entry->reported, stats);
        return HR_OK;
    }
    hr_totals_init(&totals);
    for (size_t w = 0; w < entry->window_count; w++)
        hr_totals_add(&totals, &entry->windows[w]);
    hr_totals_stats(&totals, stats);
    if (!entry->inexact)
        return hr_exact_percentiles(entry, 0, true, stats);

    latency = hr_histogram_new();
    for (size_t w = 0; latency && status == HR_OK
                       && w < entry->window_count; w++)
        status = hr_histogram_merge(latency, entry->windows[w].latency);
    if (!latency)
        status = HR_ERR_NOMEM;
    if (status == HR_OK)
        hr_histogram_percentiles(latency, stats);
    hr_histogram_free(latency);
    return status;
}

/* qsort order for label entries by strcmp of their labels. */
static int hr_compare_entry(const void *a, const void *b)
{
    const hr_label_entry *x = *(const hr_label_entry *const *)a;
    const hr_label_entry *y = *(const hr_label_entry *const *)b;

    return strcmp(x->label, y->label);
}

/* Collects pointers to the used slots, sorted by label. The caller frees
 * *out. */
static hr_status hr_sorted_entries(const hr_sample_set *set,
                                   const hr_label_entry ***out)
{
    const hr_label_entry **entries;
    size_t used = 0;

    entries = malloc((set->label_count ? set->label_count : 1)
                     * sizeof *entries);
    if (!entries)
        return HR_ERR_NOMEM;
    for (size_t i = 0; i < set->slot_count; i++) {
        if (set->slots[i].entry)
            entries[used++] = set->slots[i].entry;
    }
    qsort(entries, used, sizeof *entries, hr_compare_entry);
    *out = entries;
    return HR_OK;
}

hr_status hr_sample_set_summarise(const hr_sample_set *set,
                                  hr_label_stats **out, size_t *count)
{
    const hr_label_entry **entries = NULL;
    hr_label_stats *stats = NULL;
    size_t done = 0;
    hr_status status;

    if (!set || !out || !count)
        return HR_ERR_DOMAIN;
    *out = NULL;
    *count = 0;
    status = hr_sorted_entries(set, &entries);
    if (status != HR_OK)
        return status;
    stats = calloc(set->label_count ? set->label_count : 1, sizeof *stats);
    if (!stats)
        status = HR_ERR_NOMEM;
    while (status == HR_OK && done < set->label_count) {
        /* Counted first: a failed entry may hold its label, freed below. */
        done++;
        status = hr_label_summarise(entries[done - 1], &stats[done - 1]);
    }
    if (status == HR_OK) {
        *out = stats;
        *count = done;
        stats = NULL;
    }
    hr_label_stats_free(stats, done);
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

/* ---- windows out ------------------------------------------------------ */

/* Fills one window's figures. */
static hr_status hr_window_summarise(const hr_sample_set *set,
                                     const hr_label_entry *entry,
                                     const hr_window *window,
                                     hr_window_stats *out)
{
    hr_totals totals;

    out->stats.label = strdup(entry->label);
    if (!out->stats.label)
        return HR_ERR_NOMEM;
    out->start_ms = window->index == HR_UNTIMED
                        ? (double)NAN
                        : (double)window->index * set->window_ms;
    out->end_ms = out->start_ms + set->window_ms;
    out->concurrency_max = window->concurrency_max;
    hr_totals_init(&totals);
    hr_totals_add(&totals, window);
    hr_totals_stats(&totals, &out->stats);
    if (!entry->inexact)
        return hr_exact_percentiles(entry, window->index, false,
                                    &out->stats);
    hr_histogram_percentiles(window->latency, &out->stats);
    return HR_OK;
}

/* Number of windows over every label. */
static size_t hr_window_total(const hr_sample_set *set)
{
    size_t total = 0;

    for (size_t i = 0; i < set->slot_count; i++)
        total += set->slots[i].entry ? set->slots[i].entry->window_count
                                     : 0;
    return total;
}

hr_status hr_sample_set_summarise_windows(const hr_sample_set *set,
                                          hr_window_stats **out,
                                          size_t *count)
{
    const hr_label_entry **entries = NULL;
    hr_window_stats *stats = NULL;
    size_t done = 0;
    hr_status status;

    if (!set || !out || !count)
        return HR_ERR_DOMAIN;
    *out = NULL;
    *count = 0;
    status = hr_sorted_entries(set, &entries);
    if (status == HR_OK) {
        stats = calloc(hr_window_total(set) + 1, sizeof *stats);
        status = stats ? HR_OK : HR_ERR_NOMEM;
    }
    for (size_t i = 0; status == HR_OK && i < set->label_count; i++) {
        const hr_label_entry *entry = entries[i];

        for (size_t w = 0; status == HR_OK && w < entry->window_count; w++)
            status = hr_window_summarise(set, entry, &entry->windows[w],
                                         &stats[done++]);
    }
    if (status == HR_OK) {
        *out = stats;
        *count = done;
        stats = NULL;
    }
    hr_window_stats_free(stats, done);
    free(entries);
    return status;
}

void hr_window_stats_free(hr_window_stats *stats, size_t count)
{
    if (!stats)
        return;
    for (size_t i = 0; i < count; i++)
        free(stats[i].stats.label);
    free(stats);
}

/* Adds the label's windows that start in [from_ms, to_ms) to target. */
static hr_status hr_label_histogram(const hr_sample_set *set,
                                    const hr_label_entry *entry,
                                    double from_ms, double to_ms,
                                    hr_histogram *target)
{
    hr_status status = HR_OK;

    for (size_t w = 0; status == HR_OK && w < entry->window_count; w++) {
        const hr_window *window = &entry->windows[w];
        double start = (double)window->index * set->window_ms;
        bool inside = window->index == HR_UNTIMED
                          ? isinf(from_ms) && from_ms < 0
                          : start >= from_ms && start < to_ms;

        if (inside)
            status = hr_histogram_merge(target, window->latency);
    }
    return status;
}

hr_status hr_sample_set_histogram(const hr_sample_set *set,
                                  const char *label, double from_ms,
                                  double to_ms, hr_histogram *target)
{
    hr_status status = HR_OK;

    if (!set || !target)
        return HR_ERR_DOMAIN;
    for (size_t i = 0; status == HR_OK && i < set->slot_count; i++) {
        const hr_label_entry *entry = set->slots[i].entry;

        if (entry && (!label || strcmp(label, entry->label) == 0))
            status = hr_label_histogram(set, entry, from_ms, to_ms,
                                        target);
    }
    return status;
}

/* ---- percentiles ------------------------------------------------------ */

const char *hr_error_kind_name(hr_error_kind kind)
{
    static const char *const names[HR_ERROR_KIND_COUNT] = {
        "ok", "4xx", "5xx", "timeout", "connection", "assertion", "other",
    };

    return (unsigned)kind < HR_ERROR_KIND_COUNT ? names[kind] : "unknown";
}

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
