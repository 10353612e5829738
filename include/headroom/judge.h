/*
 * judge.h - SLA verdicts on measured latencies.
 */
#ifndef HEADROOM_JUDGE_H
#define HEADROOM_JUDGE_H

#include <stddef.h>

#include "headroom/metrics.h"
#include "headroom/model.h"

typedef enum hr_verdict {
    HR_VERDICT_MET,
    HR_VERDICT_MISSED,
    HR_VERDICT_UNJUDGED       /* no target class matches the label */
} hr_verdict;

/* Lowercase words for a verdict ("met", "missed", "no target"). */
const char *hr_verdict_name(hr_verdict verdict);

typedef struct hr_label_verdict {
    const hr_label_stats *stats;
    const hr_target_class *target;    /* NULL when unjudged */
    hr_verdict verdict;
} hr_label_verdict;

/* Judges each label's measured p95 against the first target class whose
 * pattern matches it: met when p95 <= target (a nearest-rank p95 equal to
 * the target means 95 % of requests took at most the target) and at least
 * one request succeeded, since the quick failures of a label that never
 * works say nothing of its latency. Fills verdicts[0..count) and returns
 * the number missed. */
size_t hr_judge_labels(const hr_model *model, const hr_label_stats *stats,
                       size_t count, hr_label_verdict *verdicts);

#endif
