/*
 * ramp.h - load and throughput pairs derived from a ramp (step) load
 * test, for a Universal Scalability Law fit (usl.h).
 *
 * A ramp test raises the number of active users (JMeter threads, k6 VUs,
 * Gatling users) in steps and holds each step for a while. Its result
 * file, read into an hr_sample_set, gives every sample's start time and
 * the concurrency at that moment. The time line is cut into windows of
 * window_s seconds (aligned to multiples of the width since the epoch),
 * each window into HR_RAMP_SLICES slices, which are the set's own time
 * windows. A window is steady at level N when:
 *
 *   1. its first slice holds samples, and every slice of it that holds
 *      samples saw concurrency N and no other (the peak each slice
 *      recorded; see hr_window_stats);
 *   2. the window just before it met rule 1 at the same N, so the
 *      first whole window after a change, where caches, pools and JIT
 *      are still warming up, is left out;
 *   3. the window just after it starts at N: the load did not change,
 *      and the test did not end, inside its last slice.
 *
 * Its throughput is the samples started in it divided by window_s. Each
 * level's throughput is the median over its steady windows, robust to
 * one disturbed window. Samples without a timestamp are not used.
 *
 * Pure numerics over the set: no files, no printing.
 */
#ifndef HEADROOM_RAMP_H
#define HEADROOM_RAMP_H

#include <stddef.h>
#include <stdint.h>

#include "headroom/error.h"
#include "headroom/metrics.h"

/* Slices per window: the resolution at which a change of load is seen.
 * A change inside a window's first slice hides in its peak, so the
 * warm-up left out is at least (HR_RAMP_SLICES - 1) / HR_RAMP_SLICES of
 * a window. The set's memory grows with labels times slices (some 25 KB
 * each with their histograms). */
#define HR_RAMP_SLICES 5

/* Default window width in seconds: a step held for a minute gives four
 * steady windows. */
#define HR_RAMP_WINDOW_DEFAULT_S 10.0

typedef struct hr_ramp_options {
    double window_s;   /* window width, > 0 */
    const char *label; /* count only this label; NULL for all */
} hr_ramp_options;

/* One concurrency level and the throughput measured at it. */
typedef struct hr_ramp_level {
    double concurrency;      /* N, as the file gives it */
    double throughput_per_s; /* X: median over the steady windows */
    double min_per_s;        /* lowest and highest window throughput */
    double max_per_s;
    size_t windows;   /* steady windows behind X */
    uint64_t samples; /* counted in those windows */
    uint64_t errors;  /* of which failed */
} hr_ramp_level;

/* What a ramp test gave. Zero-initialise; hr_ramp_release frees it. */
typedef struct hr_ramp {
    hr_ramp_level *levels; /* ascending concurrency */
    size_t level_count;
    size_t windows;   /* timed windows holding samples */
    size_t steady;    /* used for the levels */
    size_t unknown;   /* no sample in it gave a concurrency */
    size_t changing;  /* concurrency not constant across it,
                       * or its first slice empty */
    size_t warm_up;   /* the first whole window at its level */
    size_t cut;       /* load changed or test ended right after */
    uint64_t samples; /* counted samples in timed windows */
} hr_ramp;

/* Width in seconds of the set windows (slices) that hr_ramp_derive
 * needs for a given window width. */
double hr_ramp_slice_s(double window_s);

/*
 * Derives the levels of a ramp test from set, whose window width must be
 * hr_ramp_slice_s(options->window_s) (set it with
 * hr_sample_set_set_window before reading). Concurrency is taken from
 * every label; throughput counts options->label's samples, or all.
 *
 * Returns HR_OK with *ramp filled (level_count may be 0 when no window is
 * steady); HR_ERR_NO_DATA when no timed sample gives a concurrency;
 * HR_ERR_INVALID when options->label has no timed sample; HR_ERR_DOMAIN
 * for a window width that is not positive or does not match the set's;
 * HR_ERR_NOMEM. On failure *ramp holds no allocation.
 */
hr_status hr_ramp_derive(const hr_sample_set *set,
                         const hr_ramp_options *options, hr_ramp *ramp);

/* Frees the levels and zeroes the ramp. Accepts NULL. */
void hr_ramp_release(hr_ramp *ramp);

#endif
