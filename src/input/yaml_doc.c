/*
 * yaml_doc.c - located schema checks over libyaml documents.
 */
#include "input/yaml_doc.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* libyaml marks are 0-based; people count from 1. */
unsigned long hr_yaml_line(const yaml_node_t *node)
{
    return node ? (unsigned long)node->start_mark.line + 1 : 0;
}

unsigned long hr_yaml_column(const yaml_node_t *node)
{
    return node ? (unsigned long)node->start_mark.column + 1 : 0;
}

void hr_yaml_error(hr_yaml *yaml, const yaml_node_t *node,
                   const char *format, ...)
{
    va_list args;

    va_start(args, format);
    hr_diags_vadd(yaml->diags, HR_ERROR, yaml->path, hr_yaml_line(node),
                  hr_yaml_column(node), format, args);
    va_end(args);
    yaml->errors++;
}

void hr_yaml_error_at(hr_yaml *yaml, unsigned long line, unsigned long column,
                      const char *format, ...)
{
    va_list args;

    va_start(args, format);
    hr_diags_vadd(yaml->diags, HR_ERROR, yaml->path, line, column, format,
                  args);
    va_end(args);
    yaml->errors++;
}

static void report_parser_error(hr_yaml *yaml, const yaml_parser_t *parser)
{
    const yaml_mark_t *mark = &parser->problem_mark;
    const char *problem = parser->problem ? parser->problem : "syntax error";

    if (parser->error == YAML_MEMORY_ERROR)
        problem = "out of memory";
    hr_diags_add(yaml->diags, HR_ERROR, yaml->path,
                 (unsigned long)mark->line + 1,
                 (unsigned long)mark->column + 1, "malformed YAML: %s%s%s",
                 problem, parser->context ? " " : "",
                 parser->context ? parser->context : "");
    yaml->errors++;
}

hr_status hr_yaml_open(hr_yaml *yaml, const char *path, hr_diags *diags)
{
    yaml_parser_t parser;
    FILE *file;
    int loaded;

    memset(yaml, 0, sizeof *yaml);
    yaml->path = path;
    yaml->diags = diags;
    file = fopen(path, "rb");
    if (!file) {
        hr_diags_add(diags, HR_ERROR, path, 0, 0, "cannot open: %s",
                     strerror(errno));
        return HR_ERR_IO;
    }
    if (!yaml_parser_initialize(&parser)) {
        fclose(file);
        return HR_ERR_NOMEM;
    }
    yaml_parser_set_input_file(&parser, file);
    loaded = yaml_parser_load(&parser, &yaml->document);
    if (!loaded)
        report_parser_error(yaml, &parser);
    yaml_parser_delete(&parser);
    fclose(file);
    if (!loaded)
        return HR_ERR_PARSE;
    yaml->loaded = true;
    return HR_OK;
}

void hr_yaml_release(hr_yaml *yaml)
{
    if (yaml && yaml->loaded)
        yaml_document_delete(&yaml->document);
    if (yaml)
        yaml->loaded = false;
}

yaml_node_t *hr_yaml_root(hr_yaml *yaml)
{
    return yaml_document_get_root_node(&yaml->document);
}

static bool expect_type(hr_yaml *yaml, const yaml_node_t *node,
                        yaml_node_type_t type, const char *what,
                        const char *kind)
{
    if (node && node->type == type)
        return true;
    hr_yaml_error(yaml, node, "'%s' must be %s", what, kind);
    return false;
}

bool hr_yaml_expect_mapping(hr_yaml *yaml, const yaml_node_t *node,
                            const char *what)
{
    return expect_type(yaml, node, YAML_MAPPING_NODE, what, "a mapping");
}

bool hr_yaml_expect_sequence(hr_yaml *yaml, const yaml_node_t *node,
                             const char *what)
{
    return expect_type(yaml, node, YAML_SEQUENCE_NODE, what, "a list");
}

size_t hr_yaml_length(const yaml_node_t *node)
{
    if (!node)
        return 0;
    if (node->type == YAML_MAPPING_NODE)
        return (size_t)(node->data.mapping.pairs.top -
                        node->data.mapping.pairs.start);
    if (node->type == YAML_SEQUENCE_NODE)
        return (size_t)(node->data.sequence.items.top -
                        node->data.sequence.items.start);
    return 0;
}

yaml_node_t *hr_yaml_item(hr_yaml *yaml, const yaml_node_t *sequence,
                          size_t index)
{
    if (!sequence || sequence->type != YAML_SEQUENCE_NODE ||
        index >= hr_yaml_length(sequence))
        return NULL;
    return yaml_document_get_node(&yaml->document,
                                  sequence->data.sequence.items.start[index]);
}

yaml_node_t *hr_yaml_pair_key(hr_yaml *yaml, const yaml_node_t *mapping,
                              size_t index)
{
    if (!mapping || mapping->type != YAML_MAPPING_NODE ||
        index >= hr_yaml_length(mapping))
        return NULL;
    return yaml_document_get_node(&yaml->document,
                                  mapping->data.mapping.pairs.start[index].key);
}

yaml_node_t *hr_yaml_pair_value(hr_yaml *yaml, const yaml_node_t *mapping,
                                size_t index)
{
    if (!mapping || mapping->type != YAML_MAPPING_NODE ||
        index >= hr_yaml_length(mapping))
        return NULL;
    return yaml_document_get_node(
        &yaml->document, mapping->data.mapping.pairs.start[index].value);
}

static const char *scalar_text(const yaml_node_t *node)
{
    if (!node || node->type != YAML_SCALAR_NODE)
        return NULL;
    return (const char *)node->data.scalar.value;
}

yaml_node_t *hr_yaml_get(hr_yaml *yaml, const yaml_node_t *mapping,
                         const char *key)
{
    size_t count = hr_yaml_length(mapping);

    for (size_t i = 0; i < count; i++) {
        const char *name = scalar_text(hr_yaml_pair_key(yaml, mapping, i));

        if (name && strcmp(name, key) == 0)
            return hr_yaml_pair_value(yaml, mapping, i);
    }
    return NULL;
}

static bool in_list(const char *name, const char *const *list)
{
    for (; list && *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

/* libyaml keeps both copies of a repeated key and lookups take the
 * first, so the second would be silently ignored. */
static bool repeats_earlier_key(hr_yaml *yaml, const yaml_node_t *mapping,
                                size_t index, const char *name)
{
    for (size_t j = 0; j < index; j++) {
        const char *earlier = scalar_text(hr_yaml_pair_key(yaml, mapping, j));

        if (earlier && strcmp(earlier, name) == 0)
            return true;
    }
    return false;
}

void hr_yaml_check_keys(hr_yaml *yaml, const yaml_node_t *mapping,
                        const char *what, const char *const *allowed,
                        const char *const *required)
{
    size_t count = hr_yaml_length(mapping);

    for (size_t i = 0; i < count; i++) {
        yaml_node_t *key = hr_yaml_pair_key(yaml, mapping, i);
        const char *name = scalar_text(key);

        if (!name)
            hr_yaml_error(yaml, key, "keys of '%s' must be plain words",
                          what);
        else if (!in_list(name, allowed))
            hr_yaml_error(yaml, key, "unknown key '%s' in '%s'", name, what);
        else if (repeats_earlier_key(yaml, mapping, i, name))
            hr_yaml_error(yaml, key, "key '%s' appears twice in '%s'", name,
                          what);
    }
    for (; required && *required; required++)
        if (!hr_yaml_get(yaml, mapping, *required))
            hr_yaml_error(yaml, mapping, "'%s' is missing required key '%s'",
                          what, *required);
}

bool hr_yaml_is_null(const yaml_node_t *node)
{
    const char *text = scalar_text(node);

    if (!text || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    return !*text || strcmp(text, "~") == 0 || strcmp(text, "null") == 0 ||
           strcmp(text, "Null") == 0 || strcmp(text, "NULL") == 0;
}

const char *hr_yaml_text(hr_yaml *yaml, const yaml_node_t *node,
                         const char *key)
{
    const char *text = scalar_text(node);

    if (!text)
        hr_yaml_error(yaml, node, "'%s' must be a single value, not a %s",
                      key,
                      node && node->type == YAML_MAPPING_NODE ? "mapping"
                                                              : "list");
    return text;
}

char *hr_yaml_strdup(hr_yaml *yaml, const yaml_node_t *node, const char *key)
{
    const char *text = hr_yaml_text(yaml, node, key);
    char *copy;

    if (!text)
        return NULL;
    if (!*text || hr_yaml_is_null(node)) {
        hr_yaml_error(yaml, node, "'%s' must not be empty", key);
        return NULL;
    }
    copy = strdup(text);
    if (!copy)
        hr_yaml_error(yaml, node, "out of memory");
    return copy;
}

static const char *rule_words(hr_number_rule rule)
{
    switch (rule) {
    case HR_NON_NEGATIVE:
        return "zero or more";
    case HR_POSITIVE:
        return "positive";
    case HR_FRACTION:
        return "between 0 and 1";
    default:
        return "finite";
    }
}

static bool obeys(double value, hr_number_rule rule)
{
    switch (rule) {
    case HR_NON_NEGATIVE:
        return value >= 0.0;
    case HR_POSITIVE:
        return value > 0.0;
    case HR_FRACTION:
        return value >= 0.0 && value <= 1.0;
    default:
        return true;
    }
}

/* Parses the whole text as a number; YAML's .inf and .nan spellings are
 * recognised so that they can be refused by name. */
static bool parse_number(const char *text, double *out)
{
    char *end;

    if (strcmp(text, ".inf") == 0 || strcmp(text, "+.inf") == 0 ||
        strcmp(text, ".Inf") == 0) {
        *out = INFINITY;
        return true;
    }
    if (strcmp(text, "-.inf") == 0 || strcmp(text, "-.Inf") == 0) {
        *out = -INFINITY;
        return true;
    }
    if (strcmp(text, ".nan") == 0 || strcmp(text, ".NaN") == 0) {
        *out = NAN;
        return true;
    }
    errno = 0;
    *out = strtod(text, &end);
    return end != text && *end == '\0';
}

bool hr_yaml_number(hr_yaml *yaml, const yaml_node_t *node, const char *key,
                    hr_number_rule rule, double *out)
{
    const char *text = hr_yaml_text(yaml, node, key);
    double value;

    if (!text)
        return false;
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
        !parse_number(text, &value)) {
        hr_yaml_error(yaml, node, "'%s' must be a number, got '%s'", key,
                      text);
        return false;
    }
    if (!isfinite(value)) {
        hr_yaml_error(yaml, node, "'%s' must be a finite number, got %s",
                      key, text);
        return false;
    }
    if (!obeys(value, rule)) {
        hr_yaml_error(yaml, node, "'%s' must be %s, got %s", key,
                      rule_words(rule), text);
        return false;
    }
    *out = value;
    return true;
}

bool hr_yaml_integer(hr_yaml *yaml, const yaml_node_t *node,
                     const char *key, long min, long max, long *out)
{
    double value;

    if (!hr_yaml_number(yaml, node, key, HR_ANY_FINITE, &value))
        return false;
    if (value != floor(value) || value < (double)min || value > (double)max) {
        hr_yaml_error(yaml, node,
                      "'%s' must be a whole number from %ld to %ld, got %s",
                      key, min, max, hr_yaml_text(yaml, node, key));
        return false;
    }
    *out = (long)value;
    return true;
}
