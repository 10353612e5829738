/*
 * ramp.c - load and throughput pairs from a ramp load test (ramp.h).
 *
 * Steps: (1) merge the labels' windows into one time line of slices,
 * each with the highest concurrency any sample in it gave and the
 * samples counted; (2) fold the slices into windows, each with the
 * concurrency it held throughout (NAN when it changed or is unknown) and
 * the one it started with; (3) classify each window by its neighbours;
 * (4) per level, the median throughput of its steady windows.
 *
 * NEEDSWORK: the set keeps only the peak concurrency of a slice, so a
 * dip that recovers within one slice goes unseen. Keeping the lowest too
 * would need a field in metrics.c's windows.
 */
#include "headroom/ramp.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Relative difference below which two window widths are the same. */
#define RAMP_WIDTH_TOLERANCE 1e-9

/* One slice of the merged time line. */
typedef struct ramp_slice {
    int64_t index;      /* start / slice width */
    double concurrency; /* highest seen; NAN when unknown */
    uint64_t samples;   /* counted */
    uint64_t errors;
} ramp_slice;

/* One window of the time line. */
typedef struct ramp_window {
    int64_t index; /* start / window width */
    double level;  /* held throughout; NAN if not */
    double first;  /* of its first slice; NAN if empty */
    bool known;    /* some slice gave a concurrency */
    uint64_t samples;
    uint64_t errors;
} ramp_window;

/* A steady window's contribution to its level. */
typedef struct ramp_point {
    double level;
    double throughput;
    uint64_t samples;
    uint64_t errors;
} ramp_point;

/* ---- (1) slices --------------------------------------------------------- */

static int compare_slices(const void *a, const void *b)
{
    const ramp_slice *x = a, *y = b;

    return (x->index > y->index) - (x->index < y->index);
}

/* Turns one label's window into a slice; false for an untimed one. */
static bool slice_of(const hr_window_stats *w, double slice_ms,
                     const char *label, ramp_slice *out)
{
    bool counted = !label || strcmp(w->stats.label, label) == 0;

    if (isnan(w->start_ms))
        return false;
    out->index = (int64_t)llround(w->start_ms / slice_ms);
    out->concurrency = w->concurrency_max;
    out->samples = counted ? w->stats.samples : 0;
    out->errors = counted ? w->stats.errors : 0;
    return true;
}

/* Adds b into a, a slice of the same index from another label. */
static void merge_slice(ramp_slice *a, const ramp_slice *b)
{
    a->concurrency = fmax(a->concurrency, b->concurrency);
    a->samples += b->samples;
    a->errors += b->errors;
}

/* Step (1): the time line of slices, sorted, one per index. */
static hr_status collect_slices(const hr_window_stats *stats, size_t count,
                                double slice_ms, const char *label,
                                ramp_slice **out, size_t *out_count)
{
    ramp_slice *slices = malloc((count ? count : 1) * sizeof *slices);
    size_t n = 0, merged = 0;

    if (!slices)
        return HR_ERR_NOMEM;
    for (size_t i = 0; i < count; i++)
        n += slice_of(&stats[i], slice_ms, label, &slices[n]);
    qsort(slices, n, sizeof *slices, compare_slices);
    for (size_t i = 0; i < n; i++) {
        if (merged > 0 && slices[merged - 1].index == slices[i].index)
            merge_slice(&slices[merged - 1], &slices[i]);
        else
            slices[merged++] = slices[i];
    }
    *out = slices;
    *out_count = merged;
    return HR_OK;
}

/* ---- (2) windows -------------------------------------------------------- */

/* Floor of index / HR_RAMP_SLICES, also for negative indexes. */
static int64_t window_of(int64_t slice_index)
{
    int64_t q = slice_index / HR_RAMP_SLICES;

    return q - (slice_index % HR_RAMP_SLICES < 0);
}

/* Starts a window with its earliest slice. A window whose first slice
 * holds no sample began before the load did (or in a pause): it has no
 * level and no starting concurrency. */
static void open_window(ramp_window *w, const ramp_slice *s)
{
    bool whole;

    w->index = window_of(s->index);
    whole = s->index == w->index * HR_RAMP_SLICES;
    w->level = w->first = whole ? s->concurrency : (double)NAN;
    w->known = !isnan(s->concurrency);
    w->samples = s->samples;
    w->errors = s->errors;
}

/* Adds a later slice of the same window. */
static void extend_window(ramp_window *w, const ramp_slice *s)
{
    if (isnan(s->concurrency) || s->concurrency != w->level)
        w->level = NAN;
    w->known = w->known || !isnan(s->concurrency);
    w->samples += s->samples;
    w->errors += s->errors;
}

/* Step (2): folds sorted slices into windows (at most one per slice). */
static hr_status fold_windows(const ramp_slice *slices, size_t count,
                              ramp_window **out, size_t *out_count)
{
    ramp_window *windows = malloc((count ? count : 1) * sizeof *windows);
    size_t n = 0;

    if (!windows)
        return HR_ERR_NOMEM;
    for (size_t i = 0; i < count; i++) {
        if (n > 0 && windows[n - 1].index == window_of(slices[i].index))
            extend_window(&windows[n - 1], &slices[i]);
        else
            open_window(&windows[n++], &slices[i]);
    }
    *out = windows;
    *out_count = n;
    return HR_OK;
}

/* ---- (3) classification ------------------------------------------------- */

/* Step (3): counts window i in ramp; true when it is steady. */
static bool classify(const ramp_window *w, size_t count, size_t i,
                     hr_ramp *ramp)
{
    const ramp_window *at = &w[i];
    bool prev_same =
        i > 0 && w[i - 1].index == at->index - 1 && w[i - 1].level == at->level;
    bool next_same = i + 1 < count && w[i + 1].index == at->index + 1 &&
                     w[i + 1].first == at->level;

    if (!at->known)
        ramp->unknown++;
    else if (isnan(at->level))
        ramp->changing++;
    else if (!prev_same)
        ramp->warm_up++;
    else if (!next_same)
        ramp->cut++;
    else
        return true;
    return false;
}

/* ---- (4) levels --------------------------------------------------------- */

static int compare_points(const void *a, const void *b)
{
    const ramp_point *x = a, *y = b;

    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    return (x->throughput > y->throughput) - (x->throughput < y->throughput);
}

/* Median of n ascending throughputs. */
static double median_of(const ramp_point *p, size_t n)
{
    if (n % 2 == 1)
        return p[n / 2].throughput;
    return 0.5 * (p[n / 2 - 1].throughput + p[n / 2].throughput);
}

/* One level from its n points, sorted by throughput. */
static hr_ramp_level level_of(const ramp_point *p, size_t n)
{
    hr_ramp_level level = {
        .concurrency = p[0].level,
        .throughput_per_s = median_of(p, n),
        .min_per_s = p[0].throughput,
        .max_per_s = p[n - 1].throughput,
        .windows = n,
    };

    for (size_t i = 0; i < n; i++) {
        level.samples += p[i].samples;
        level.errors += p[i].errors;
    }
    return level;
}

/* Step (4): groups the steady windows' points by level. */
static hr_status make_levels(ramp_point *points, size_t count, hr_ramp *ramp)
{
    size_t start = 0;

    qsort(points, count, sizeof *points, compare_points);
    ramp->levels = malloc((count ? count : 1) * sizeof *ramp->levels);
    if (!ramp->levels)
        return HR_ERR_NOMEM;
    for (size_t i = 1; i <= count; i++) {
        if (i < count && points[i].level == points[start].level)
            continue;
        ramp->levels[ramp->level_count++] = level_of(points + start, i - start);
        start = i;
    }
    return HR_OK;
}

/* Steps (3) and (4) over the windows. */
static hr_status derive_levels(const ramp_window *windows, size_t count,
                               double window_s, hr_ramp *ramp)
{
    ramp_point *points = malloc((count ? count : 1) * sizeof *points);
    size_t n = 0;
    hr_status status;

    if (!points)
        return HR_ERR_NOMEM;
    ramp->windows = count;
    for (size_t i = 0; i < count; i++) {
        ramp->samples += windows[i].samples;
        if (!classify(windows, count, i, ramp))
            continue;
        points[n++] = (ramp_point){windows[i].level,
                                   (double)windows[i].samples / window_s,
                                   windows[i].samples, windows[i].errors};
    }
    ramp->steady = n;
    status = make_levels(points, n, ramp);
    free(points);
    return status;
}

/* ---- public functions --------------------------------------------------- */

double hr_ramp_slice_s(double window_s)
{
    return window_s / HR_RAMP_SLICES;
}

/* True when the set's windows are the slices of window_s. */
static bool widths_match(const hr_sample_set *set, double window_s)
{
    double want = hr_ramp_slice_s(window_s);

    return window_s > 0.0 && isfinite(window_s) &&
           fabs(hr_sample_set_window(set) - want) <=
               RAMP_WIDTH_TOLERANCE * want;
}

/* True when some window gave a concurrency. */
static bool any_known(const ramp_window *windows, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (windows[i].known)
            return true;
    return false;
}

hr_status hr_ramp_derive(const hr_sample_set *set,
                         const hr_ramp_options *options, hr_ramp *ramp)
{
    hr_window_stats *stats = NULL;
    ramp_slice *slices = NULL;
    ramp_window *windows = NULL;
    size_t stats_count = 0, slice_count = 0, window_count = 0;
    hr_status status;

    *ramp = (hr_ramp){0};
    if (!widths_match(set, options->window_s))
        return HR_ERR_DOMAIN;
    status = hr_sample_set_summarise_windows(set, &stats, &stats_count);
    if (status == HR_OK)
        status = collect_slices(stats, stats_count,
                                1000.0 * hr_ramp_slice_s(options->window_s),
                                options->label, &slices, &slice_count);
    if (status == HR_OK)
        status = fold_windows(slices, slice_count, &windows, &window_count);
    if (status == HR_OK && !any_known(windows, window_count))
        status = HR_ERR_NO_DATA;
    if (status == HR_OK)
        status = derive_levels(windows, window_count, options->window_s, ramp);
    if (status == HR_OK && options->label && ramp->samples == 0)
        status = HR_ERR_INVALID;
    if (status != HR_OK)
        hr_ramp_release(ramp);
    hr_window_stats_free(stats, stats_count);
    free(slices);
    free(windows);
    return status;
}

void hr_ramp_release(hr_ramp *ramp)
{
    if (!ramp)
        return;
    free(ramp->levels);
    *ramp = (hr_ramp){0};
}
