/*
 * template.c - reads a report template (YAML) into an hr_template.
 *
 * Layout of a template:
 *
 *     title: "Capacity plan: {model.name}"
 *     subtitle: ...
 *     pages:
 *       - - {kind: title}
 *         - {kind: heading, text: Summary}
 *         - {kind: chart, chart: growth, caption: ...}
 *
 * Every mistake is reported with the file, line and column of the node at
 * fault, and reading goes on so that all of them are shown at once. Text is
 * Pango markup and is checked as such; placeholders in braces must be ones
 * the report engine knows.
 */
#include "output/template.h"

#include <pango/pango.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/yaml_doc.h"

/* Chart heights a template may ask for, in points. */
#define CHART_MIN_HEIGHT_PT 120.0
#define CHART_MAX_HEIGHT_PT 700.0

static const char *const block_names[HR_BLOCK_KIND_COUNT] = {
    [HR_BLOCK_TITLE] = "title",
    [HR_BLOCK_HEADING] = "heading",
    [HR_BLOCK_PARAGRAPH] = "paragraph",
    [HR_BLOCK_VERDICT] = "verdict",
    [HR_BLOCK_LEGEND] = "legend",
    [HR_BLOCK_KEYFIGURES] = "keyfigures",
    [HR_BLOCK_TABLE] = "table",
    [HR_BLOCK_CHART] = "chart",
};

static const char *const table_names[HR_TABLE_COUNT] = {
    [HR_TABLE_CAPACITY] = "capacity",
    [HR_TABLE_MEASURED] = "measured",
    [HR_TABLE_PROVENANCE] = "provenance",
    [HR_TABLE_LIMITS] = "limits",
    [HR_TABLE_SENSITIVITY] = "sensitivity",
    [HR_TABLE_GROWTH_FITS] = "growth_fits",
};

static const char *const figure_names[HR_FIGURE_COUNT] = {
    [HR_FIGURE_HORIZON] = "horizon",
    [HR_FIGURE_FIRST_BREACH] = "first_breach",
    [HR_FIGURE_TIERS_SHORT] = "tiers_short",
    [HR_FIGURE_TARGETS_MISSED] = "targets_missed",
    [HR_FIGURE_SERVERS_TODAY] = "servers_today",
    [HR_FIGURE_SERVERS_NEEDED] = "servers_needed",
    [HR_FIGURE_PEAK_LOAD] = "peak_load",
    [HR_FIGURE_SAMPLES] = "samples",
    [HR_FIGURE_MOST_SENSITIVE] = "most_sensitive",
};

static const char *const placeholder_names[HR_PH_COUNT] = {
    [HR_PH_MODEL_NAME] = "model.name",
    [HR_PH_MODEL_PATH] = "model.path",
    [HR_PH_DOCUMENT] = "document",
    [HR_PH_GENERATED_AT] = "generated_at",
    [HR_PH_HORIZON] = "horizon",
    [HR_PH_TARGETS_MISSED] = "targets_missed",
    [HR_PH_TIERS_SHORT] = "tiers_short",
    [HR_PH_TIER_COUNT] = "tier_count",
    [HR_PH_LABEL_COUNT] = "label_count",
    [HR_PH_SAMPLES] = "samples",
    [HR_PH_PERCENTILE] = "percentile",
    [HR_PH_SENSITIVITY_STEP] = "sensitivity_step",
    [HR_PH_LOAD_FACTOR] = "load_factor",
    [HR_PH_LAST_MILESTONE] = "last_milestone",
};

/* Keys each block kind accepts besides "kind"; NULL-terminated. */
static const char *const kind_only[] = {"kind", NULL};
static const char *const text_keys[] = {"kind", "text", NULL};
static const char *const figures_keys[] = {"kind", "figures", NULL};
static const char *const table_keys[] = {"kind", "table", "caption", NULL};
static const char *const chart_keys[] = {"kind", "chart", "caption",
                                         "height", NULL};

static const char *const *const block_keys[HR_BLOCK_KIND_COUNT] = {
    [HR_BLOCK_TITLE] = kind_only,
    [HR_BLOCK_HEADING] = text_keys,
    [HR_BLOCK_PARAGRAPH] = text_keys,
    [HR_BLOCK_VERDICT] = kind_only,
    [HR_BLOCK_LEGEND] = kind_only,
    [HR_BLOCK_KEYFIGURES] = figures_keys,
    [HR_BLOCK_TABLE] = table_keys,
    [HR_BLOCK_CHART] = chart_keys,
};

/* The key that must accompany "kind", or NULL. */
static const char *const block_required[HR_BLOCK_KIND_COUNT] = {
    [HR_BLOCK_HEADING] = "text",
    [HR_BLOCK_PARAGRAPH] = "text",
    [HR_BLOCK_KEYFIGURES] = "figures",
    [HR_BLOCK_TABLE] = "table",
    [HR_BLOCK_CHART] = "chart",
};

/* ---- name tables ------------------------------------------------------ */

/* Index of name in a table of count words, or count when absent. */
static size_t find_word(const char *const *words, size_t count,
                        const char *name, size_t length)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(words[i]) == length &&
            strncmp(words[i], name, length) == 0)
            return i;
    return count;
}

/* Comma-separated list of the words, for "expected one of" messages. */
static void list_words(const char *const *words, size_t count, char *out,
                       size_t size)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < count && used < size; i++) {
        int n = snprintf(out + used, size - used, "%s%s", i ? ", " : "",
                         words[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* Placeholder named by length bytes at name; HR_PH_COUNT if none. */
hr_placeholder hr_placeholder_find(const char *name, size_t length)
{
    return (hr_placeholder)find_word(placeholder_names, HR_PH_COUNT, name,
                                     length);
}

/* Looks a scalar up in a word table, reporting the choices when absent. */
static bool read_word(hr_yaml *yaml, const yaml_node_t *node,
                      const char *key, const char *const *words,
                      size_t count, size_t *out)
{
    const char *text = hr_yaml_text(yaml, node, key);
    char choices[256];

    if (!text)
        return false;
    *out = find_word(words, count, text, strlen(text));
    if (*out < count)
        return true;
    list_words(words, count, choices, sizeof choices);
    hr_yaml_error(yaml, node, "unknown %s '%s'; expected one of: %s", key,
                  text, choices);
    return false;
}

/* ---- text checks ------------------------------------------------------ */

/* Checks every {placeholder} in text; "{{" stands for a literal brace. */
static bool check_placeholders(hr_yaml *yaml, const yaml_node_t *node,
                               const char *text)
{
    bool ok = true;

    for (const char *p = text; *p; p++) {
        const char *end;

        if (*p != '{')
            continue;
        if (p[1] == '{') {
            p++;
            continue;
        }
        end = strchr(p, '}');
        if (!end) {
            hr_yaml_error(yaml, node, "unclosed '{' in text");
            return false;
        }
        if (hr_placeholder_find(p + 1, (size_t)(end - p - 1)) == HR_PH_COUNT) {
            hr_yaml_error(yaml, node, "unknown placeholder '%.*s'",
                          (int)(end - p + 1), p);
            ok = false;
        }
        p = end;
    }
    return ok;
}

/* Checks that text is well-formed Pango markup. */
static bool check_markup(hr_yaml *yaml, const yaml_node_t *node,
                         const char *text)
{
    GError *error = NULL;

    if (pango_parse_markup(text, -1, 0, NULL, NULL, NULL, &error))
        return true;
    hr_yaml_error(yaml, node, "text is not valid Pango markup: %s",
                  error ? error->message : "unknown error");
    if (error)
        g_error_free(error);
    return false;
}

/* Copies a text value after checking its placeholders and markup. */
static char *read_text(hr_yaml *yaml, const yaml_node_t *node,
                       const char *key)
{
    char *text = hr_yaml_strdup(yaml, node, key);

    if (text && check_placeholders(yaml, node, text) &&
        check_markup(yaml, node, text))
        return text;
    free(text);
    return NULL;
}

/* ---- blocks ----------------------------------------------------------- */

/* Frees what a block holds. */
static void block_release(hr_block *block)
{
    free(block->text);
    free(block->caption);
    free(block->figures);
}

/* Reads the list of key figure names of a keyfigures block. */
static void read_figures(hr_yaml *yaml, const yaml_node_t *list,
                         hr_block *block)
{
    size_t count = hr_yaml_length(list);

    if (!hr_yaml_expect_sequence(yaml, list, "figures"))
        return;
    if (count == 0) {
        hr_yaml_error(yaml, list, "'figures' must name at least one figure");
        return;
    }
    block->figures = calloc(count, sizeof *block->figures);
    if (!block->figures) {
        hr_yaml_error(yaml, list, "out of memory");
        return;
    }
    for (size_t i = 0; i < count; i++) {
        size_t figure;

        if (read_word(yaml, hr_yaml_item(yaml, list, i), "figure",
                      figure_names, HR_FIGURE_COUNT, &figure))
            block->figures[block->figure_count++] = (hr_figure)figure;
    }
}

/* Reads a chart block's chart name, caption and optional height. */
static void read_chart(hr_yaml *yaml, const yaml_node_t *map, hr_block *block)
{
    yaml_node_t *name = hr_yaml_get(yaml, map, "chart");
    yaml_node_t *height = hr_yaml_get(yaml, map, "height");
    const char *text;

    block->height_pt = HR_CHART_DEFAULT_HEIGHT_PT;
    if (name && (text = hr_yaml_text(yaml, name, "chart"))) {
        block->chart = hr_chart_from_name(text);
        if (block->chart == HR_CHART_COUNT)
            hr_yaml_error(yaml, name,
                          "unknown chart '%s'; expected one of: growth, "
                          "servers, latency",
                          text);
    }
    if (height && hr_yaml_number(yaml, height, "height", HR_POSITIVE,
                                 &block->height_pt) &&
        (block->height_pt < CHART_MIN_HEIGHT_PT ||
         block->height_pt > CHART_MAX_HEIGHT_PT))
        hr_yaml_error(yaml, height, "'height' must be from %.0f to %.0f "
                      "points, got %g", CHART_MIN_HEIGHT_PT,
                      CHART_MAX_HEIGHT_PT, block->height_pt);
}

/* Reads the keys particular to a block's kind; a missing required key
 * has already been reported. */
static void read_block_body(hr_yaml *yaml, const yaml_node_t *map,
                            hr_block *block)
{
    const char *key = block_required[block->kind];
    yaml_node_t *value = key ? hr_yaml_get(yaml, map, key) : NULL;
    yaml_node_t *caption = hr_yaml_get(yaml, map, "caption");
    size_t table;

    switch (block->kind) {
    case HR_BLOCK_HEADING:
    case HR_BLOCK_PARAGRAPH:
        if (value)
            block->text = read_text(yaml, value, "text");
        break;
    case HR_BLOCK_KEYFIGURES:
        if (value)
            read_figures(yaml, value, block);
        break;
    case HR_BLOCK_TABLE:
        if (value && read_word(yaml, value, "table", table_names,
                              HR_TABLE_COUNT, &table))
            block->table = (hr_table_kind)table;
        break;
    case HR_BLOCK_CHART:
        read_chart(yaml, map, block);
        break;
    default:
        break;
    }
    if (caption && (block->kind == HR_BLOCK_TABLE ||
                    block->kind == HR_BLOCK_CHART))
        block->caption = read_text(yaml, caption, "caption");
}

/* Reads one block: its kind first, then the keys that kind allows. */
static void read_block(hr_yaml *yaml, const yaml_node_t *map,
                       hr_block *block)
{
    const char *required[2] = {NULL, NULL};
    yaml_node_t *kind_node;
    size_t kind;

    if (!hr_yaml_expect_mapping(yaml, map, "block"))
        return;
    kind_node = hr_yaml_get(yaml, map, "kind");
    if (!kind_node) {
        hr_yaml_error(yaml, map, "block is missing required key 'kind'");
        return;
    }
    if (!read_word(yaml, kind_node, "block kind", block_names,
                   HR_BLOCK_KIND_COUNT, &kind))
        return;
    block->kind = (hr_block_kind)kind;
    required[0] = block_required[kind];
    hr_yaml_check_keys(yaml, map, block_names[kind], block_keys[kind],
                       required);
    read_block_body(yaml, map, block);
}

/* ---- pages and the whole template ------------------------------------- */

/* Reads one page: a list of blocks. */
static void read_page(hr_yaml *yaml, const yaml_node_t *list,
                      hr_template_page *page)
{
    size_t count = hr_yaml_length(list);

    if (!hr_yaml_expect_sequence(yaml, list, "page"))
        return;
    if (count == 0) {
        hr_yaml_error(yaml, list, "a page must hold at least one block");
        return;
    }
    page->blocks = calloc(count, sizeof *page->blocks);
    if (!page->blocks) {
        hr_yaml_error(yaml, list, "out of memory");
        return;
    }
    page->block_count = count;
    for (size_t i = 0; i < count; i++)
        read_block(yaml, hr_yaml_item(yaml, list, i), &page->blocks[i]);
}

/* Reads the list of pages. */
static void read_pages(hr_yaml *yaml, const yaml_node_t *list,
                       hr_template *template_)
{
    size_t count = hr_yaml_length(list);

    if (!hr_yaml_expect_sequence(yaml, list, "pages"))
        return;
    if (count == 0) {
        hr_yaml_error(yaml, list, "'pages' must hold at least one page");
        return;
    }
    template_->pages = calloc(count, sizeof *template_->pages);
    if (!template_->pages) {
        hr_yaml_error(yaml, list, "out of memory");
        return;
    }
    template_->page_count = count;
    for (size_t i = 0; i < count; i++)
        read_page(yaml, hr_yaml_item(yaml, list, i), &template_->pages[i]);
}

/* Reads the top-level mapping: title, subtitle and pages. */
static void read_root(hr_yaml *yaml, const yaml_node_t *root,
                      hr_template *template_)
{
    static const char *const keys[] = {"title", "subtitle", "pages", NULL};
    static const char *const required[] = {"title", "pages", NULL};
    yaml_node_t *node;

    if (!hr_yaml_expect_mapping(yaml, root, "template"))
        return;
    hr_yaml_check_keys(yaml, root, "template", keys, required);
    if ((node = hr_yaml_get(yaml, root, "title")))
        template_->title = read_text(yaml, node, "title");
    if ((node = hr_yaml_get(yaml, root, "subtitle")))
        template_->subtitle = read_text(yaml, node, "subtitle");
    if ((node = hr_yaml_get(yaml, root, "pages")))
        read_pages(yaml, node, template_);
}

/* ---- public functions ------------------------------------------------- */

hr_status hr_template_load(const char *path, hr_template **out,
                           hr_diags *diags)
{
    hr_template *template_;
    hr_status status;
    hr_yaml yaml;

    *out = NULL;
    status = hr_yaml_open(&yaml, path, diags);
    if (status != HR_OK)
        return status;
    template_ = calloc(1, sizeof *template_);
    if (!template_ || !(template_->path = strdup(path))) {
        free(template_);
        hr_yaml_release(&yaml);
        return HR_ERR_NOMEM;
    }
    read_root(&yaml, hr_yaml_root(&yaml), template_);
    status = yaml.errors ? HR_ERR_INVALID : HR_OK;
    hr_yaml_release(&yaml);
    if (status != HR_OK) {
        hr_template_free(template_);
        return status;
    }
    *out = template_;
    return HR_OK;
}

void hr_template_free(hr_template *template_)
{
    if (!template_)
        return;
    for (size_t i = 0; i < template_->page_count; i++) {
        hr_template_page *page = &template_->pages[i];

        for (size_t j = 0; j < page->block_count; j++)
            block_release(&page->blocks[j]);
        free(page->blocks);
    }
    free(template_->pages);
    free(template_->title);
    free(template_->subtitle);
    free(template_->path);
    free(template_);
}

size_t hr_template_page_count(const hr_template *template_)
{
    return template_ ? template_->page_count : 0;
}
