/*
 * model.c - reads a growth model from YAML and checks it against the
 * schema: known keys only, the right types, required values present,
 * finite non-negative numbers, milestones in time order, and references
 * (drivers, targets) that name something defined.
 *
 * The layout is documented by example in models/doctrina.yaml.
 */
#include "headroom/model.h"

#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/yaml_doc.h"

/* ---------------------------------------------------------------------
 * Small helpers.
 */

static void *allocate_array(hr_yaml *yaml, const yaml_node_t *node,
                            size_t count, size_t size)
{
    void *items = calloc(count ? count : 1, size);

    if (!items)
        hr_yaml_error(yaml, node, "out of memory");
    return items;
}

static hr_location location_of(const yaml_node_t *node)
{
    hr_location where = {hr_yaml_line(node), hr_yaml_column(node)};

    return where;
}

/* Reads an optional string field; leaves *out NULL when absent. */
static void optional_string(hr_yaml *yaml, const yaml_node_t *map,
                            const char *key, char **out)
{
    yaml_node_t *node = hr_yaml_get(yaml, map, key);

    if (node)
        *out = hr_yaml_strdup(yaml, node, key);
}

/* Reads a required string field (absence was reported by the key check). */
static void required_string(hr_yaml *yaml, const yaml_node_t *map,
                            const char *key, char **out)
{
    optional_string(yaml, map, key, out);
}

static void required_number(hr_yaml *yaml, const yaml_node_t *map,
                            const char *key, hr_number_rule rule,
                            double *out)
{
    yaml_node_t *node = hr_yaml_get(yaml, map, key);

    if (node)
        hr_yaml_number(yaml, node, key, rule, out);
}

/* A value given as {value: N, source: "..."}: the number and why. */
static void sourced_number(hr_yaml *yaml, const yaml_node_t *map,
                           const char *key, hr_number_rule rule,
                           double *value, char **source)
{
    static const char *const keys[] = {"value", "source", NULL};
    yaml_node_t *node = hr_yaml_get(yaml, map, key), *number;

    if (!node || !hr_yaml_expect_mapping(yaml, node, key))
        return;
    hr_yaml_check_keys(yaml, node, key, keys, keys);
    if ((number = hr_yaml_get(yaml, node, "value")))
        hr_yaml_number(yaml, number, key, rule, value);
    required_string(yaml, node, "source", source);
}

/* ---------------------------------------------------------------------
 * Milestones.
 */

static void read_milestone(hr_yaml *yaml, const yaml_node_t *node,
                           hr_milestone *milestone)
{
    static const char *const keys[] = {"id", "label", "month", NULL};
    yaml_node_t *month = hr_yaml_get(yaml, node, "month");
    long value = 0;

    if (!hr_yaml_expect_mapping(yaml, node, "milestones[]"))
        return;
    hr_yaml_check_keys(yaml, node, "milestone", keys, keys);
    required_string(yaml, node, "id", &milestone->id);
    required_string(yaml, node, "label", &milestone->label);
    if (month && hr_yaml_integer(yaml, month, "month", 0, 1200, &value))
        milestone->month = (int)value;
    milestone->where = location_of(month ? month : node);
}

static void read_milestones(hr_yaml *yaml, const yaml_node_t *list,
                            hr_model *model)
{
    size_t count = hr_yaml_length(list);

    if (!hr_yaml_expect_sequence(yaml, list, "milestones"))
        return;
    if (count < 2) {
        hr_yaml_error(yaml, list, "'milestones' needs at least two entries");
        return;
    }
    model->milestones = allocate_array(yaml, list, count,
                                       sizeof *model->milestones);
    if (!model->milestones)
        return;
    model->milestone_count = count;
    for (size_t i = 0; i < count; i++) {
        hr_milestone *m = &model->milestones[i];

        m->month = -1;
        read_milestone(yaml, hr_yaml_item(yaml, list, i), m);
        if (i > 0 && m->month >= 0 && m->month <= m[-1].month)
            hr_yaml_error_at(yaml, m->where.line,
                         m->where.column,
                         "milestones must be in time order: '%s' (month %d) "
                         "comes after '%s' (month %d)",
                         m->id ? m->id : "?", m->month,
                         m[-1].id ? m[-1].id : "?", m[-1].month);
    }
}

static long find_milestone(const hr_model *model, const char *id)
{
    for (size_t i = 0; i < model->milestone_count; i++)
        if (model->milestones[i].id &&
            strcmp(model->milestones[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* ---------------------------------------------------------------------
 * Series.
 */

static const struct {
    const char *name;
    hr_period period;
} period_names[] = {
    {"level", HR_LEVEL},
    {"day", HR_PER_DAY},
    {"week", HR_PER_WEEK},
    {"month", HR_PER_MONTH},
};

static void read_period(hr_yaml *yaml, const yaml_node_t *node,
                        hr_period *out)
{
    const char *text = node ? hr_yaml_text(yaml, node, "period") : NULL;

    if (!text)
        return;
    for (size_t i = 0; i < sizeof period_names / sizeof *period_names; i++)
        if (strcmp(text, period_names[i].name) == 0) {
            *out = period_names[i].period;
            return;
        }
    hr_yaml_error(yaml, node,
                  "'period' must be level, day, week or month, got '%s'",
                  text);
}

/* values: {milestone_id: number or null, ...}, one for every milestone. */
static void read_values(hr_yaml *yaml, const yaml_node_t *map,
                        const hr_model *model, hr_series *series)
{
    size_t count = hr_yaml_length(map);

    series->values = allocate_array(yaml, map, model->milestone_count,
                                    sizeof *series->values);
    if (!series->values || !hr_yaml_expect_mapping(yaml, map, "values"))
        return;
    for (size_t i = 0; i < model->milestone_count; i++)
        series->values[i].value = NAN;
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *key = hr_yaml_pair_key(yaml, map, i);
        yaml_node_t *value = hr_yaml_pair_value(yaml, map, i);
        const char *id = hr_yaml_text(yaml, key, "values");
        long index = id ? find_milestone(model, id) : -1;
        hr_value *slot;

        if (id && index < 0) {
            hr_yaml_error(yaml, key, "'%s' is not a milestone id", id);
            continue;
        }
        if (index < 0)
            continue;
        slot = &series->values[index];
        slot->where = location_of(value);
        if (hr_yaml_is_null(value))
            continue;
        if (hr_yaml_number(yaml, value, id, HR_NON_NEGATIVE, &slot->value)) {
            slot->given = true;
            slot->provenance = HR_FROM_DOCUMENT;
        }
    }
    for (size_t i = 0; i < model->milestone_count; i++)
        if (!series->values[i].where.line && model->milestones[i].id)
            hr_yaml_error(yaml, map,
                          "'values' has no entry for milestone '%s' "
                          "(write null when the document gives none)",
                          model->milestones[i].id);
}

static void read_peak(hr_yaml *yaml, const yaml_node_t *node,
                      hr_series *series)
{
    static const char *const keys[] = {"multiplier", "source", NULL};

    if (!hr_yaml_expect_mapping(yaml, node, "peak"))
        return;
    hr_yaml_check_keys(yaml, node, "peak", keys, keys);
    required_number(yaml, node, "multiplier", HR_POSITIVE,
                    &series->peak_multiplier);
    required_string(yaml, node, "source", &series->peak_source);
    if (series->peak_multiplier < 1.0)
        hr_yaml_error(yaml, hr_yaml_get(yaml, node, "multiplier"),
                      "'multiplier' must be at least 1, got %g",
                      series->peak_multiplier);
}

static void read_other_peaks(hr_yaml *yaml, const yaml_node_t *list,
                             hr_series *series)
{
    static const char *const keys[] = {"name", "multiplier", "source", NULL};
    size_t count = hr_yaml_length(list);

    if (!hr_yaml_expect_sequence(yaml, list, "other_peaks"))
        return;
    series->extra_peaks = allocate_array(yaml, list, count,
                                         sizeof *series->extra_peaks);
    if (!series->extra_peaks)
        return;
    series->extra_peak_count = count;
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *item = hr_yaml_item(yaml, list, i);
        hr_peak *peak = &series->extra_peaks[i];

        if (!hr_yaml_expect_mapping(yaml, item, "other_peaks[]"))
            continue;
        hr_yaml_check_keys(yaml, item, "other_peaks[]", keys, keys);
        required_string(yaml, item, "name", &peak->name);
        required_number(yaml, item, "multiplier", HR_POSITIVE,
                        &peak->multiplier);
        required_string(yaml, item, "source", &peak->source);
    }
}

static void read_shares(hr_yaml *yaml, const yaml_node_t *list,
                        hr_series *series)
{
    static const char *const keys[] = {"name", "fraction", "source", NULL};
    size_t count = hr_yaml_length(list);
    double total = 0.0;

    if (!hr_yaml_expect_sequence(yaml, list, "shares"))
        return;
    series->shares = allocate_array(yaml, list, count,
                                    sizeof *series->shares);
    if (!series->shares)
        return;
    series->share_count = count;
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *item = hr_yaml_item(yaml, list, i);
        hr_share *share = &series->shares[i];

        if (!hr_yaml_expect_mapping(yaml, item, "shares[]"))
            continue;
        hr_yaml_check_keys(yaml, item, "shares[]", keys, keys);
        required_string(yaml, item, "name", &share->name);
        required_number(yaml, item, "fraction", HR_FRACTION,
                        &share->fraction);
        required_string(yaml, item, "source", &share->source);
        total += share->fraction;
    }
    if (fabs(total - 1.0) > 1e-6)
        hr_diags_add(yaml->diags, HR_WARNING, yaml->path,
                     hr_yaml_line(list), hr_yaml_column(list),
                     "shares of '%s' add up to %.4g, not 1",
                     series->id ? series->id : "?", total);
}

static void read_series(hr_yaml *yaml, const yaml_node_t *node,
                        const hr_model *model, hr_series *series)
{
    static const char *const keys[] = {
        "id", "title", "unit", "period", "source", "values", "missing",
        "extrapolate_with", "peak", "other_peaks", "shares", "part_of",
        "bounded_by", NULL};
    static const char *const required[] = {"id", "title", "unit", "period",
                                           "source", "values", NULL};
    yaml_node_t *child;

    series->peak_multiplier = 1.0;
    series->where = location_of(node);
    if (!hr_yaml_expect_mapping(yaml, node, "series[]"))
        return;
    hr_yaml_check_keys(yaml, node, "series", keys, required);
    required_string(yaml, node, "id", &series->id);
    required_string(yaml, node, "title", &series->title);
    required_string(yaml, node, "unit", &series->unit);
    read_period(yaml, hr_yaml_get(yaml, node, "period"), &series->period);
    required_string(yaml, node, "source", &series->source);
    optional_string(yaml, node, "missing", &series->missing_note);
    optional_string(yaml, node, "extrapolate_with",
                    &series->extrapolate_with);
    optional_string(yaml, node, "part_of", &series->part_of);
    optional_string(yaml, node, "bounded_by", &series->bounded_by);
    if ((child = hr_yaml_get(yaml, node, "values")))
        read_values(yaml, child, model, series);
    if ((child = hr_yaml_get(yaml, node, "peak")))
        read_peak(yaml, child, series);
    if ((child = hr_yaml_get(yaml, node, "other_peaks")))
        read_other_peaks(yaml, child, series);
    if ((child = hr_yaml_get(yaml, node, "shares")))
        read_shares(yaml, child, series);
}

/* A series needs two given values to project from, and a note saying
 * why the others are missing. */
static void check_series_gaps(hr_yaml *yaml, const hr_model *model,
                              const hr_series *series)
{
    size_t given = 0;

    if (!series->values)
        return;
    for (size_t i = 0; i < model->milestone_count; i++)
        given += series->values[i].given;
    if (given < 2)
        hr_yaml_error_at(yaml, series->where.line,
                     series->where.column,
                     "series '%s' needs values at two milestones at least",
                     series->id);
    else if (given < model->milestone_count && !series->missing_note)
        hr_yaml_error_at(yaml, series->where.line,
                     series->where.column,
                     "series '%s' has null values but no 'missing' note "
                     "saying why",
                     series->id);
}

/* ---------------------------------------------------------------------
 * Limits, target classes and tiers.
 */

/* Reads the list under key into model->field with one reader per item. */
#define READ_LIST(yaml, root, key, model, field, counter, reader)           \
    do {                                                                    \
        yaml_node_t *list_ = hr_yaml_get((yaml), (root), (key));            \
        size_t n_ = hr_yaml_length(list_);                                  \
        if (!list_ || !hr_yaml_expect_sequence((yaml), list_, (key)))       \
            break;                                                          \
        (model)->field = allocate_array((yaml), list_, n_,                  \
                                        sizeof *(model)->field);            \
        if (!(model)->field)                                                \
            break;                                                          \
        (model)->counter = n_;                                              \
        for (size_t i_ = 0; i_ < n_; i_++)                                  \
            reader((yaml), hr_yaml_item((yaml), list_, i_),                 \
                   &(model)->field[i_]);                                    \
    } while (0)

static void read_limit(hr_yaml *yaml, const yaml_node_t *node,
                       hr_limit *limit)
{
    static const char *const keys[] = {"id", "title", "value", "unit",
                                       "source", "compare_series",
                                       "compare_tier", NULL};
    static const char *const required[] = {"id", "title", "value", "unit",
                                           "source", NULL};

    limit->where = location_of(node);
    if (!hr_yaml_expect_mapping(yaml, node, "limits[]"))
        return;
    hr_yaml_check_keys(yaml, node, "limit", keys, required);
    required_string(yaml, node, "id", &limit->id);
    required_string(yaml, node, "title", &limit->title);
    required_number(yaml, node, "value", HR_POSITIVE, &limit->value);
    required_string(yaml, node, "unit", &limit->unit);
    required_string(yaml, node, "source", &limit->source);
    optional_string(yaml, node, "compare_series", &limit->compare_series);
    optional_string(yaml, node, "compare_tier", &limit->compare_tier);
    if (limit->compare_series && limit->compare_tier)
        hr_yaml_error(yaml, node,
                      "limit '%s' compares with a series or a tier, not both",
                      limit->id ? limit->id : "?");
}

static void read_patterns(hr_yaml *yaml, const yaml_node_t *list,
                          hr_target_class *target)
{
    size_t count = hr_yaml_length(list);

    if (!hr_yaml_expect_sequence(yaml, list, "labels"))
        return;
    target->patterns = allocate_array(yaml, list, count,
                                      sizeof *target->patterns);
    if (!target->patterns)
        return;
    target->pattern_count = count;
    for (size_t i = 0; i < count; i++)
        target->patterns[i] =
            hr_yaml_strdup(yaml, hr_yaml_item(yaml, list, i), "labels[]");
}

static void read_target(hr_yaml *yaml, const yaml_node_t *node,
                        hr_target_class *target)
{
    static const char *const keys[] = {"id", "title", "p95_ms", "source",
                                       "labels", NULL};
    static const char *const required[] = {"id", "title", "p95_ms", "source",
                                           NULL};
    yaml_node_t *labels;

    target->where = location_of(node);
    if (!hr_yaml_expect_mapping(yaml, node, "targets[]"))
        return;
    hr_yaml_check_keys(yaml, node, "target", keys, required);
    required_string(yaml, node, "id", &target->id);
    required_string(yaml, node, "title", &target->title);
    required_number(yaml, node, "p95_ms", HR_POSITIVE, &target->p95_ms);
    required_string(yaml, node, "source", &target->source);
    if ((labels = hr_yaml_get(yaml, node, "labels")))
        read_patterns(yaml, labels, target);
}

static void read_route(hr_yaml *yaml, const yaml_node_t *node,
                       hr_route *route)
{
    static const char *const keys[] = {"method", "path", "label", NULL};
    static const char *const required[] = {"path", "label", NULL};

    if (!hr_yaml_expect_mapping(yaml, node, "routes[]"))
        return;
    hr_yaml_check_keys(yaml, node, "route", keys, required);
    optional_string(yaml, node, "method", &route->method);
    required_string(yaml, node, "path", &route->path);
    required_string(yaml, node, "label", &route->label);
}

/* access_log: the server's log_format line and the routes that turn
 * request paths into labels. */
static void read_access_log(hr_yaml *yaml, const yaml_node_t *node,
                            hr_model *model)
{
    static const char *const keys[] = {"log_format", "routes", NULL};

    if (!hr_yaml_expect_mapping(yaml, node, "access_log"))
        return;
    hr_yaml_check_keys(yaml, node, "access_log", keys, NULL);
    optional_string(yaml, node, "log_format", &model->log_format);
    READ_LIST(yaml, node, "routes", model, routes, route_count, read_route);
}

static void read_tier(hr_yaml *yaml, const yaml_node_t *node, hr_tier *tier)
{
    static const char *const keys[] = {
        "id", "title", "driver", "requests_per_unit", "service_time_ms",
        "servers", "target", NULL};
    double servers = 0.0;
    char *servers_source = NULL;

    tier->where = location_of(node);
    if (!hr_yaml_expect_mapping(yaml, node, "tiers[]"))
        return;
    hr_yaml_check_keys(yaml, node, "tier", keys, keys);
    required_string(yaml, node, "id", &tier->id);
    required_string(yaml, node, "title", &tier->title);
    required_string(yaml, node, "driver", &tier->driver);
    sourced_number(yaml, node, "requests_per_unit", HR_POSITIVE,
                   &tier->requests_per_unit, &tier->requests_source);
    sourced_number(yaml, node, "service_time_ms", HR_POSITIVE,
                   &tier->service_time_ms, &tier->service_source);
    sourced_number(yaml, node, "servers", HR_POSITIVE, &servers,
                   &servers_source);
    tier->servers_source = servers_source;
    if (servers != floor(servers) || servers > 1e6)
        hr_yaml_error(yaml, hr_yaml_get(yaml, node, "servers"),
                      "'servers' must be a whole number up to 1000000");
    tier->servers = (int)servers;
    required_string(yaml, node, "target", &tier->target_class);
}

/* ---------------------------------------------------------------------
 * References between sections.
 */

static const hr_tier *find_tier(const hr_model *model, const char *id)
{
    for (size_t i = 0; i < model->tier_count; i++)
        if (model->tiers[i].id && strcmp(model->tiers[i].id, id) == 0)
            return &model->tiers[i];
    return NULL;
}

static void check_reference(hr_yaml *yaml, bool found, const char *kind,
                            const char *name, const char *owner,
                            hr_location where)
{
    if (found)
        return;
    hr_yaml_error_at(yaml, where.line, where.column,
                     "'%s' refers to unknown %s '%s'", owner, kind, name);
}

static void check_series_references(hr_yaml *yaml, const hr_model *model)
{
    for (size_t i = 0; i < model->series_count; i++) {
        const hr_series *s = &model->series[i];
        const char *refs[] = {s->extrapolate_with, s->part_of, s->bounded_by};

        for (size_t r = 0; r < 3; r++)
            if (refs[r])
                check_reference(yaml, hr_model_find_series(model, refs[r]),
                                "series", refs[r], s->id, s->where);
    }
}

/* A chain of extrapolate_with that comes back to where it started would
 * leave the series without a value to grow from. */
static void check_driver_cycles(hr_yaml *yaml, const hr_model *model)
{
    for (size_t i = 0; i < model->series_count; i++) {
        const hr_series *start = &model->series[i];
        const hr_series *s = start;

        for (size_t steps = 0; s && s->extrapolate_with &&
                               steps <= model->series_count;
             steps++) {
            s = hr_model_find_series(model, s->extrapolate_with);
            if (s == start) {
                hr_yaml_error_at(yaml, start->where.line,
                                 start->where.column,
                                 "series '%s' is extrapolated from itself "
                                 "through 'extrapolate_with'",
                                 start->id);
                break;
            }
        }
    }
}

static void check_references(hr_yaml *yaml, const hr_model *model)
{
    check_series_references(yaml, model);
    check_driver_cycles(yaml, model);
    for (size_t i = 0; i < model->tier_count; i++) {
        const hr_tier *t = &model->tiers[i];

        if (t->driver)
            check_reference(yaml, hr_model_find_series(model, t->driver),
                            "series", t->driver, t->id, t->where);
        if (t->target_class)
            check_reference(yaml, hr_model_find_class(model, t->target_class),
                            "target", t->target_class, t->id, t->where);
    }
    for (size_t i = 0; i < model->limit_count; i++) {
        const hr_limit *l = &model->limits[i];

        if (l->compare_series)
            check_reference(yaml,
                            hr_model_find_series(model, l->compare_series),
                            "series", l->compare_series, l->id, l->where);
        if (l->compare_tier)
            check_reference(yaml, find_tier(model, l->compare_tier), "tier",
                            l->compare_tier, l->id, l->where);
    }
}

/* Ids name things across the file: each may be used once per kind. */
static void check_unique(hr_yaml *yaml, const char *kind, const char *id,
                         hr_location where, const char *earlier)
{
    if (id && earlier && strcmp(id, earlier) == 0)
        hr_yaml_error_at(yaml, where.line, where.column,
                         "%s id '%s' is used twice", kind, id);
}

static void check_duplicates(hr_yaml *yaml, const hr_model *model)
{
    for (size_t i = 0; i < model->milestone_count; i++)
        for (size_t j = 0; j < i; j++)
            check_unique(yaml, "milestone", model->milestones[i].id,
                         model->milestones[i].where, model->milestones[j].id);
    for (size_t i = 0; i < model->series_count; i++)
        for (size_t j = 0; j < i; j++)
            check_unique(yaml, "series", model->series[i].id,
                         model->series[i].where, model->series[j].id);
    for (size_t i = 0; i < model->class_count; i++)
        for (size_t j = 0; j < i; j++)
            check_unique(yaml, "target", model->classes[i].id,
                         model->classes[i].where, model->classes[j].id);
    for (size_t i = 0; i < model->tier_count; i++)
        for (size_t j = 0; j < i; j++)
            check_unique(yaml, "tier", model->tiers[i].id,
                         model->tiers[i].where, model->tiers[j].id);
    for (size_t i = 0; i < model->limit_count; i++)
        for (size_t j = 0; j < i; j++)
            check_unique(yaml, "limit", model->limits[i].id,
                         model->limits[i].where, model->limits[j].id);
}

/* ---------------------------------------------------------------------
 * The whole file.
 */


static void read_series_list(hr_yaml *yaml, const yaml_node_t *list,
                             hr_model *model)
{
    size_t count = hr_yaml_length(list);

    if (!hr_yaml_expect_sequence(yaml, list, "series"))
        return;
    model->series = allocate_array(yaml, list, count, sizeof *model->series);
    if (!model->series)
        return;
    model->series_count = count;
    for (size_t i = 0; i < count; i++) {
        read_series(yaml, hr_yaml_item(yaml, list, i), model,
                    &model->series[i]);
        check_series_gaps(yaml, model, &model->series[i]);
    }
}

static void read_model(hr_yaml *yaml, const yaml_node_t *root,
                       hr_model *model)
{
    static const char *const keys[] = {
        "name", "document", "horizon_months", "intraday_peak_factor",
        "milestones", "series", "limits", "targets", "tiers", "access_log",
        NULL};
    static const char *const required[] = {
        "name", "document", "horizon_months", "intraday_peak_factor",
        "milestones", "series", "targets", "tiers", NULL};
    yaml_node_t *node;
    long horizon = 0;

    hr_yaml_check_keys(yaml, root, "model", keys, required);
    required_string(yaml, root, "name", &model->name);
    required_string(yaml, root, "document", &model->document);
    if ((node = hr_yaml_get(yaml, root, "horizon_months")) &&
        hr_yaml_integer(yaml, node, "horizon_months", 1, 1200, &horizon))
        model->horizon_months = (int)horizon;
    sourced_number(yaml, root, "intraday_peak_factor", HR_POSITIVE,
                   &model->intraday_peak_factor, &model->intraday_source);
    if ((node = hr_yaml_get(yaml, root, "milestones")))
        read_milestones(yaml, node, model);
    if ((node = hr_yaml_get(yaml, root, "series")) && model->milestones)
        read_series_list(yaml, node, model);
    READ_LIST(yaml, root, "limits", model, limits, limit_count, read_limit);
    READ_LIST(yaml, root, "targets", model, classes, class_count,
              read_target);
    READ_LIST(yaml, root, "tiers", model, tiers, tier_count, read_tier);
    if ((node = hr_yaml_get(yaml, root, "access_log")))
        read_access_log(yaml, node, model);
    if (model->milestone_count && model->horizon_months &&
        model->milestones[model->milestone_count - 1].month >
            model->horizon_months)
        hr_yaml_error(yaml, hr_yaml_get(yaml, root, "horizon_months"),
                      "'horizon_months' (%d) ends before the last milestone",
                      model->horizon_months);
    check_duplicates(yaml, model);
    check_references(yaml, model);
}

hr_status hr_model_load(const char *path, hr_model **out, hr_diags *diags)
{
    hr_yaml yaml;
    hr_model *model = NULL;
    yaml_node_t *root;
    hr_status status;

    *out = NULL;
    status = hr_yaml_open(&yaml, path, diags);
    if (status != HR_OK)
        return status;
    root = hr_yaml_root(&yaml);
    model = calloc(1, sizeof *model);
    if (!model || !(model->path = strdup(path))) {
        status = HR_ERR_NOMEM;
        goto cleanup;
    }
    if (!root) {
        hr_diags_add(diags, HR_ERROR, path, 1, 1, "the model file is empty");
        status = HR_ERR_INVALID;
        goto cleanup;
    }
    if (hr_yaml_expect_mapping(&yaml, root, "model"))
        read_model(&yaml, root, model);
    if (yaml.errors) {
        status = HR_ERR_INVALID;
        goto cleanup;
    }
    hr_model_lint(model, diags);
    *out = model;
    model = NULL;

cleanup:
    hr_model_free(model);
    hr_yaml_release(&yaml);
    return status;
}

/* ---------------------------------------------------------------------
 * Lint: legal but suspicious.
 */

static void lint_bound(const hr_model *model, const hr_series *series,
                       hr_diags *diags)
{
    const hr_series *bound = hr_model_find_series(model,
                                                  series->bounded_by);

    for (size_t i = 0; bound && i < model->milestone_count; i++) {
        const hr_value *v = &series->values[i];
        const hr_value *b = &bound->values[i];

        if (v->given && b->given && v->value > b->value)
            hr_diags_add(diags, HR_WARNING, model->path, v->where.line,
                         v->where.column,
                         "%s at %s (%g) exceed %s (%g); the document's "
                         "figures may count different things",
                         series->title, model->milestones[i].label, v->value,
                         bound->title, b->value);
    }
}

/* Parts (students, instructors) that fall short of their total. */
static void lint_parts(const hr_model *model, const hr_series *total,
                       hr_diags *diags)
{
    for (size_t i = 0; i < model->milestone_count; i++) {
        double sum = 0.0;
        size_t parts = 0;

        for (size_t s = 0; s < model->series_count; s++) {
            const hr_series *part = &model->series[s];

            if (!part->part_of || strcmp(part->part_of, total->id) != 0 ||
                !part->values[i].given)
                continue;
            sum += part->values[i].value;
            parts++;
        }
        if (parts && total->values[i].given &&
            fabs(sum - total->values[i].value) > 1e-9 * sum)
            hr_diags_add(diags, HR_WARNING, model->path,
                         total->values[i].where.line,
                         total->values[i].where.column,
                         "%s at %s: its parts add up to %g, not %g",
                         total->title, model->milestones[i].label, sum,
                         total->values[i].value);
    }
}

/* A tier whose service time alone misses its p95 target: an exponential
 * service time's 95th percentile is -ln(0.05) S = 3.0 S, so no number of
 * servers can bring the response time inside the target. */
static void lint_tier(const hr_model *model, const hr_tier *tier,
                      hr_diags *diags)
{
    const hr_target_class *target =
        hr_model_find_class(model, tier->target_class);
    double bare_p95_ms = -log(0.05) * tier->service_time_ms;

    if (target && bare_p95_ms > target->p95_ms)
        hr_diags_add(diags, HR_WARNING, model->path, tier->where.line,
                     tier->where.column,
                     "tier '%s': a %g ms service time alone has a p95 of "
                     "%.0f ms, over its %g ms target: no server count can "
                     "meet it",
                     tier->id, tier->service_time_ms, bare_p95_ms,
                     target->p95_ms);
}

void hr_model_lint(const hr_model *model, hr_diags *diags)
{
    if (model->tier_count == 0)
        hr_diags_add(diags, HR_WARNING, model->path, 0, 0,
                     "the model has no tiers: no capacity will be planned");
    for (size_t i = 0; i < model->tier_count; i++)
        lint_tier(model, &model->tiers[i], diags);
    for (size_t i = 0; i < model->series_count; i++) {
        const hr_series *series = &model->series[i];

        if (series->bounded_by)
            lint_bound(model, series, diags);
        lint_parts(model, series, diags);
    }
}

/* ---------------------------------------------------------------------
 * Lookups and names.
 */

const hr_series *hr_model_find_series(const hr_model *model, const char *id)
{
    for (size_t i = 0; id && i < model->series_count; i++)
        if (model->series[i].id && strcmp(model->series[i].id, id) == 0)
            return &model->series[i];
    return NULL;
}

const hr_target_class *hr_model_find_class(const hr_model *model,
                                           const char *id)
{
    for (size_t i = 0; id && i < model->class_count; i++)
        if (model->classes[i].id && strcmp(model->classes[i].id, id) == 0)
            return &model->classes[i];
    return NULL;
}

const hr_target_class *hr_model_match_label(const hr_model *model,
                                            const char *label)
{
    for (size_t i = 0; i < model->class_count; i++) {
        const hr_target_class *target = &model->classes[i];

        for (size_t p = 0; p < target->pattern_count; p++)
            if (target->patterns[p] &&
                fnmatch(target->patterns[p], label, 0) == 0)
                return target;
    }
    return NULL;
}

bool hr_model_route_label(void *context, const char *method,
                          const char *path, char *out, size_t size)
{
    const hr_model *model = context;

    for (size_t i = 0; i < model->route_count; i++) {
        const hr_route *route = &model->routes[i];

        if (route->method && strcmp(route->method, method) != 0)
            continue;
        if (fnmatch(route->path, path, 0) == 0) {
            snprintf(out, size, "%s", route->label);
            return true;
        }
    }
    return false;
}

const char *hr_provenance_name(hr_provenance provenance)
{
    static const char *const names[] = {
        [HR_FROM_DOCUMENT] = "document", [HR_ASSUMED] = "assumed",
        [HR_MEASURED] = "measured",      [HR_DERIVED] = "derived",
        [HR_INTERPOLATED] = "interpolated",
        [HR_EXTRAPOLATED] = "extrapolated",
    };

    if ((unsigned)provenance >= sizeof names / sizeof *names)
        return "unknown";
    return names[provenance];
}

double hr_period_seconds(hr_period period)
{
    switch (period) {
    case HR_PER_DAY:
        return 86400.0;
    case HR_PER_WEEK:
        return 7 * 86400.0;
    case HR_PER_MONTH:
        return 30 * 86400.0;
    default:
        return 0.0;
    }
}

/* ---------------------------------------------------------------------
 * Freeing.
 */

static void free_series(hr_series *s)
{
    free(s->id);
    free(s->title);
    free(s->unit);
    free(s->source);
    free(s->values);
    free(s->missing_note);
    free(s->extrapolate_with);
    free(s->peak_source);
    free(s->part_of);
    free(s->bounded_by);
    for (size_t i = 0; i < s->extra_peak_count; i++) {
        free(s->extra_peaks[i].name);
        free(s->extra_peaks[i].source);
    }
    free(s->extra_peaks);
    for (size_t i = 0; i < s->share_count; i++) {
        free(s->shares[i].name);
        free(s->shares[i].source);
    }
    free(s->shares);
}

static void free_tier(hr_tier *t)
{
    free(t->id);
    free(t->title);
    free(t->driver);
    free(t->requests_source);
    free(t->service_source);
    free(t->servers_source);
    free(t->target_class);
}

static void free_class(hr_target_class *c)
{
    free(c->id);
    free(c->title);
    free(c->source);
    for (size_t i = 0; i < c->pattern_count; i++)
        free(c->patterns[i]);
    free(c->patterns);
}

static void free_limit(hr_limit *l)
{
    free(l->id);
    free(l->title);
    free(l->unit);
    free(l->source);
    free(l->compare_series);
    free(l->compare_tier);
}

void hr_model_free(hr_model *model)
{
    if (!model)
        return;
    for (size_t i = 0; i < model->milestone_count; i++) {
        free(model->milestones[i].id);
        free(model->milestones[i].label);
    }
    for (size_t i = 0; i < model->series_count; i++)
        free_series(&model->series[i]);
    for (size_t i = 0; i < model->tier_count; i++)
        free_tier(&model->tiers[i]);
    for (size_t i = 0; i < model->class_count; i++)
        free_class(&model->classes[i]);
    for (size_t i = 0; i < model->limit_count; i++)
        free_limit(&model->limits[i]);
    free(model->milestones);
    free(model->series);
    free(model->tiers);
    free(model->classes);
    free(model->limits);
    free(model->path);
    free(model->name);
    free(model->document);
    free(model->intraday_source);
    for (size_t i = 0; i < model->route_count; i++) {
        free(model->routes[i].method);
        free(model->routes[i].path);
        free(model->routes[i].label);
    }
    free(model->routes);
    free(model->log_format);
    free(model);
}
