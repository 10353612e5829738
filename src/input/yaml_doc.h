/*
 * yaml_doc.h - a thin layer over libyaml's document API for schema checks.
 *
 * Readers of YAML files (models, report templates) walk the node tree with
 * these helpers, which record every problem in hr_diags with the file,
 * line and column of the offending node, and keep going so that the user
 * sees all errors at once.
 */
#ifndef HR_YAML_DOC_H
#define HR_YAML_DOC_H

#include <stdbool.h>
#include <yaml.h>

#include "headroom/error.h"

typedef struct hr_yaml {
    const char *path;
    yaml_document_t document;
    bool loaded;
    hr_diags *diags;
    size_t errors;           /* errors recorded through this reader */
} hr_yaml;

/* Parses a file into a document. HR_ERR_IO or HR_ERR_PARSE (with a
 * located diagnostic) on failure. Release with hr_yaml_release(). */
hr_status hr_yaml_open(hr_yaml *yaml, const char *path, hr_diags *diags);
void hr_yaml_release(hr_yaml *yaml);

/* The root node, or NULL for an empty document. */
yaml_node_t *hr_yaml_root(hr_yaml *yaml);

/* Records an error at a node's position. */
void hr_yaml_error(hr_yaml *yaml, const yaml_node_t *node,
                   const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Records an error at a given line and column. */
void hr_yaml_error_at(hr_yaml *yaml, unsigned long line, unsigned long column,
                      const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/* 1-based line and column of a node. */
unsigned long hr_yaml_line(const yaml_node_t *node);
unsigned long hr_yaml_column(const yaml_node_t *node);

/* Checks a node is a mapping, reporting "'what' must be a mapping". */
bool hr_yaml_expect_mapping(hr_yaml *yaml, const yaml_node_t *node,
                            const char *what);
bool hr_yaml_expect_sequence(hr_yaml *yaml, const yaml_node_t *node,
                             const char *what);

/* Reports every key of a mapping not in the NULL-terminated list, and
 * every key of required (NULL-terminated, may be NULL) that is absent.
 * what names the mapping in messages. */
void hr_yaml_check_keys(hr_yaml *yaml, const yaml_node_t *mapping,
                        const char *what, const char *const *allowed,
                        const char *const *required);

/* The value node of key in a mapping, or NULL. */
yaml_node_t *hr_yaml_get(hr_yaml *yaml, const yaml_node_t *mapping,
                         const char *key);

/* Node of sequence item i, or NULL. */
yaml_node_t *hr_yaml_item(hr_yaml *yaml, const yaml_node_t *sequence,
                          size_t index);
size_t hr_yaml_length(const yaml_node_t *node);

/* Key and value nodes of mapping pair i. */
yaml_node_t *hr_yaml_pair_key(hr_yaml *yaml, const yaml_node_t *mapping,
                              size_t index);
yaml_node_t *hr_yaml_pair_value(hr_yaml *yaml, const yaml_node_t *mapping,
                                size_t index);

/* True for a plain null scalar: ~, null, Null, NULL or empty. */
bool hr_yaml_is_null(const yaml_node_t *node);

/* Scalar text, or NULL (with an error naming key) when node is not a
 * scalar. The text belongs to the document. */
const char *hr_yaml_text(hr_yaml *yaml, const yaml_node_t *node,
                         const char *key);

/* A copy of a scalar's text (caller frees); NULL with an error when the
 * node is not a non-empty scalar. */
char *hr_yaml_strdup(hr_yaml *yaml, const yaml_node_t *node,
                     const char *key);

/* Rules a number must obey. */
typedef enum hr_number_rule {
    HR_ANY_FINITE,
    HR_NON_NEGATIVE,
    HR_POSITIVE,
    HR_FRACTION              /* 0 <= x <= 1 */
} hr_number_rule;

/* Reads a finite number obeying rule; records an error and returns false
 * otherwise. */
bool hr_yaml_number(hr_yaml *yaml, const yaml_node_t *node, const char *key,
                    hr_number_rule rule, double *out);

/* Reads an integer in [min, max]. */
bool hr_yaml_integer(hr_yaml *yaml, const yaml_node_t *node,
                     const char *key, long min, long max, long *out);

#endif
