/*
 * verdict.c - measured p95 per label against the model's target classes.
 */
#include "headroom/judge.h"

const char *hr_verdict_name(hr_verdict verdict)
{
    switch (verdict) {
    case HR_VERDICT_MET:
        return "met";
    case HR_VERDICT_MISSED:
        return "missed";
    default:
        return "no target";
    }
}

size_t hr_judge_labels(const hr_model *model, const hr_label_stats *stats,
                       size_t count, hr_label_verdict *verdicts)
{
    size_t missed = 0;

    for (size_t i = 0; i < count; i++) {
        hr_label_verdict *v = &verdicts[i];

        v->stats = &stats[i];
        v->target = hr_model_match_label(model, stats[i].label);
        if (!v->target)
            v->verdict = HR_VERDICT_UNJUDGED;
        else if (stats[i].p95_ms <= v->target->p95_ms &&
                 stats[i].errors < stats[i].samples)
            v->verdict = HR_VERDICT_MET;
        else
            v->verdict = HR_VERDICT_MISSED;
        missed += v->verdict == HR_VERDICT_MISSED;
    }
    return missed;
}
