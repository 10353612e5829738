/*
 * network_file.c - reads a queueing network from YAML and checks it
 * against the layout in network_file.h: known keys only, numbers finite
 * and in range, names unique, demands that name defined classes, every
 * class with some demand, and classes all open or all closed (the
 * solvers do not take mixed networks).
 *
 * Every problem is recorded with its file, line and column, and reading
 * goes on so that the user sees all of them at once.
 */
#include "input/network_file.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "input/yaml_doc.h"

/* Largest population and server count accepted. */
#define MAX_POPULATION 1000000000L
#define MAX_SERVERS 1000000L

/* State of one read: the network being filled and, per class, its YAML
 * node (for messages), whether its kind is known and whether one of its
 * demand entries was refused. */
typedef struct reader {
    hr_yaml *yaml;
    hr_network *net;
    yaml_node_t **class_nodes;
    bool *kind_known;
    bool *troubled;
} reader;

/* ---- small helpers ------------------------------------------------------ */

/* An optional free-text `source:` must be a single value. */
static void read_source(reader *r, const yaml_node_t *map)
{
    yaml_node_t *node = hr_yaml_get(r->yaml, map, "source");

    if (node)
        hr_yaml_text(r->yaml, node, "source");
}

/* Copies the mapping's `name:` (NULL when absent or refused); *node is
 * set to its node, for messages. */
static char *read_name(reader *r, const yaml_node_t *map, yaml_node_t **node)
{
    *node = hr_yaml_get(r->yaml, map, "name");
    return *node ? hr_yaml_strdup(r->yaml, *node, "name") : NULL;
}

/* Index of the first class called name, or -1. */
static long find_class(const hr_network *net, const char *name)
{
    for (size_t c = 0; c < net->class_count; c++)
        if (net->classes[c].name && strcmp(net->classes[c].name, name) == 0)
            return (long)c;
    return -1;
}

/* Index of the first station called name, or -1. */
static long find_station(const hr_network *net, const char *name)
{
    for (size_t k = 0; k < net->station_count; k++)
        if (net->stations[k].name &&
            strcmp(net->stations[k].name, name) == 0)
            return (long)k;
    return -1;
}

/* True when key i of the mapping repeats an earlier key. */
static bool repeated_key(hr_yaml *yaml, const yaml_node_t *map, size_t i,
                         const char *name)
{
    for (size_t j = 0; j < i; j++) {
        const yaml_node_t *key = hr_yaml_pair_key(yaml, map, j);

        if (key && key->type == YAML_SCALAR_NODE &&
            strcmp((const char *)key->data.scalar.value, name) == 0)
            return true;
    }
    return false;
}

/* YAML forbids repeated keys but libyaml keeps both; report the repeat
 * rather than silently use the first. */
static void check_unique_keys(hr_yaml *yaml, const yaml_node_t *map,
                              const char *what)
{
    size_t count = hr_yaml_length(map);

    for (size_t i = 0; i < count; i++) {
        const yaml_node_t *key = hr_yaml_pair_key(yaml, map, i);

        if (key && key->type == YAML_SCALAR_NODE &&
            repeated_key(yaml, map, i,
                         (const char *)key->data.scalar.value))
            hr_yaml_error(yaml, key, "key '%s' appears twice in '%s'",
                          (const char *)key->data.scalar.value, what);
    }
}

/* Known keys only, required ones present, none repeated. */
static void check_keys(hr_yaml *yaml, const yaml_node_t *map,
                       const char *what, const char *const *allowed,
                       const char *const *required)
{
    hr_yaml_check_keys(yaml, map, what, allowed, required);
    check_unique_keys(yaml, map, what);
}

/* ---- classes ------------------------------------------------------------ */

static void read_closed(reader *r, const yaml_node_t *map, hr_net_class *cls)
{
    yaml_node_t *population = hr_yaml_get(r->yaml, map, "population");
    yaml_node_t *think = hr_yaml_get(r->yaml, map, "think_time_s");

    cls->kind = HR_NET_CLOSED;
    hr_yaml_integer(r->yaml, population, "population", 1, MAX_POPULATION,
                    &cls->population);
    if (think)
        hr_yaml_number(r->yaml, think, "think_time_s", HR_NON_NEGATIVE,
                       &cls->think_time_s);
}

/* A class is open (arrival_rate) or closed (population), never both. */
static void read_kind(reader *r, const yaml_node_t *map, size_t c)
{
    hr_net_class *cls = &r->net->classes[c];
    yaml_node_t *rate = hr_yaml_get(r->yaml, map, "arrival_rate");
    yaml_node_t *population = hr_yaml_get(r->yaml, map, "population");
    yaml_node_t *think = hr_yaml_get(r->yaml, map, "think_time_s");

    if (rate && population) {
        hr_yaml_error(r->yaml, population,
                      "a class has 'arrival_rate' (open) or 'population' "
                      "(closed), not both");
        return;
    }
    if (!rate && !population) {
        hr_yaml_error(r->yaml, map,
                      "a class needs 'arrival_rate' (open, jobs/s) or "
                      "'population' (closed, jobs)");
        return;
    }
    r->kind_known[c] = true;
    if (population) {
        read_closed(r, map, cls);
        return;
    }
    cls->kind = HR_NET_OPEN;
    hr_yaml_number(r->yaml, rate, "arrival_rate", HR_POSITIVE,
                   &cls->arrival_rate);
    if (think)
        hr_yaml_error(r->yaml, think,
                      "'think_time_s' belongs to closed classes (with "
                      "'population'), not open ones");
}

/* One entry of classes: name, source, and open or closed. */
static void read_class(reader *r, yaml_node_t *map, size_t c)
{
    static const char *const keys[] = {"name", "source", "arrival_rate",
                                       "population", "think_time_s", NULL};
    static const char *const required[] = {"name", NULL};

    hr_net_class *cls = &r->net->classes[c];
    yaml_node_t *name;

    r->class_nodes[c] = map;
    if (!hr_yaml_expect_mapping(r->yaml, map, "classes[]"))
        return;
    check_keys(r->yaml, map, "class", keys, required);
    cls->name = read_name(r, map, &name);
    if (cls->name && find_class(r->net, cls->name) != (long)c)
        hr_yaml_error(r->yaml, name, "class '%s' is defined twice",
                      cls->name);
    read_source(r, map);
    read_kind(r, map, c);
}

/* The solvers take open or closed networks, not a mix of both. */
static void check_one_kind(reader *r)
{
    const hr_network *net = r->net;
    size_t first = 0;

    while (first < net->class_count && !r->kind_known[first])
        first++;
    for (size_t c = first + 1; c < net->class_count; c++) {
        if (!r->kind_known[c] ||
            net->classes[c].kind == net->classes[first].kind)
            continue;
        hr_yaml_error(r->yaml, r->class_nodes[c],
                      "class '%s' is %s but class '%s' is %s: mixed open "
                      "and closed networks are not supported",
                      net->classes[c].name ? net->classes[c].name : "?",
                      net->classes[c].kind == HR_NET_OPEN ? "open"
                                                           : "closed",
                      net->classes[first].name ? net->classes[first].name
                                               : "?",
                      net->classes[first].kind == HR_NET_OPEN ? "open"
                                                               : "closed");
        return;
    }
}

/* ---- demands ------------------------------------------------------------ */

/* {visits: V, service_time_s: S}: D = V S. */
static bool read_visits(reader *r, const yaml_node_t *map, size_t k,
                        size_t c)
{
    yaml_node_t *v = hr_yaml_get(r->yaml, map, "visits");
    yaml_node_t *s = hr_yaml_get(r->yaml, map, "service_time_s");
    double count = 0.0, service = 0.0;
    size_t i = k * r->net->class_count + c;

    if (!v || !s) {
        hr_yaml_error(r->yaml, map,
                      "a demand needs 'demand_s', or 'visits' and "
                      "'service_time_s'");
        return false;
    }
    if (!hr_yaml_number(r->yaml, v, "visits", HR_NON_NEGATIVE, &count) ||
        !hr_yaml_number(r->yaml, s, "service_time_s", HR_NON_NEGATIVE,
                        &service))
        return false;
    if (!isfinite(count * service)) {
        hr_yaml_error(r->yaml, map, "'visits' times 'service_time_s' is "
                                    "not a finite number");
        return false;
    }
    r->net->visits[i] = count;
    r->net->demand_s[i] = count * service;
    return true;
}

/* One entry of a station's demands; false when it was refused. */
static bool read_demand(reader *r, yaml_node_t *map, size_t k, size_t c)
{
    static const char *const keys[] = {"demand_s", "visits",
                                       "service_time_s", "source", NULL};
    yaml_node_t *d;
    size_t errors = r->yaml->errors;

    if (!hr_yaml_expect_mapping(r->yaml, map, "demands entry"))
        return false;
    check_keys(r->yaml, map, "demands entry", keys, NULL);
    read_source(r, map);
    d = hr_yaml_get(r->yaml, map, "demand_s");
    if (!d)
        return read_visits(r, map, k, c) && errors == r->yaml->errors;
    if (hr_yaml_get(r->yaml, map, "visits") ||
        hr_yaml_get(r->yaml, map, "service_time_s")) {
        hr_yaml_error(r->yaml, d, "give 'demand_s', or 'visits' and "
                                  "'service_time_s', not both");
        return false;
    }
    return hr_yaml_number(r->yaml, d, "demand_s", HR_NON_NEGATIVE,
                          &r->net->demand_s[k * r->net->class_count + c]) &&
           errors == r->yaml->errors;
}

/* demands: {class name: entry, ...} of station k. */
static void read_demands(reader *r, const yaml_node_t *map, size_t k,
                         const char *station)
{
    size_t count = hr_yaml_length(map);

    if (!hr_yaml_expect_mapping(r->yaml, map, "demands")) {
        for (size_t c = 0; c < r->net->class_count; c++)
            r->troubled[c] = true;
        return;
    }
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *key = hr_yaml_pair_key(r->yaml, map, i);
        const char *name = hr_yaml_text(r->yaml, key, "demands");
        long c = name ? find_class(r->net, name) : -1;

        if (name && c < 0)
            hr_yaml_error(r->yaml, key,
                          "'%s' in the demands of station '%s' is not a "
                          "class name", name, station ? station : "?");
        else if (name && repeated_key(r->yaml, map, i, name))
            hr_yaml_error(r->yaml, key,
                          "class '%s' appears twice in the demands of "
                          "station '%s'", name, station ? station : "?");
        else if (c >= 0 &&
                 !read_demand(r, hr_yaml_pair_value(r->yaml, map, i),
                              k, (size_t)c))
            r->troubled[c] = true;
    }
}

/* ---- stations ----------------------------------------------------------- */

static void read_type(reader *r, const yaml_node_t *map, hr_net_station *st)
{
    yaml_node_t *node = hr_yaml_get(r->yaml, map, "type");
    const char *text = node ? hr_yaml_text(r->yaml, node, "type") : NULL;

    st->kind = HR_NET_QUEUE;
    if (!text || strcmp(text, "queue") == 0)
        return;
    if (strcmp(text, "delay") == 0)
        st->kind = HR_NET_DELAY;
    else
        hr_yaml_error(r->yaml, node,
                      "'type' must be queue or delay, got '%s'", text);
}

/* servers: a whole number, for queue stations only. */
static void read_servers(reader *r, const yaml_node_t *map,
                         hr_net_station *st)
{
    yaml_node_t *node = hr_yaml_get(r->yaml, map, "servers");
    long servers = 1;

    if (!node)
        return;
    if (st->kind == HR_NET_DELAY) {
        hr_yaml_error(r->yaml, node,
                      "'servers' belongs to queue stations; a delay "
                      "serves every job at once");
        return;
    }
    if (hr_yaml_integer(r->yaml, node, "servers", 1, MAX_SERVERS,
                        &servers))
        st->servers = (int)servers;
}

/* One entry of stations: name, type, servers, demands. */
static void read_station(reader *r, yaml_node_t *map, size_t k)
{
    static const char *const keys[] = {"name", "source", "type", "servers",
                                       "demands", NULL};
    static const char *const required[] = {"name", "demands", NULL};
    hr_net_station *st = &r->net->stations[k];
    yaml_node_t *demands, *name;

    if (!hr_yaml_expect_mapping(r->yaml, map, "stations[]"))
        return;
    check_keys(r->yaml, map, "station", keys, required);
    st->name = read_name(r, map, &name);
    if (st->name && find_station(r->net, st->name) != (long)k)
        hr_yaml_error(r->yaml, name, "station '%s' is defined twice",
                      st->name);
    read_source(r, map);
    read_type(r, map, st);
    read_servers(r, map, st);
    demands = hr_yaml_get(r->yaml, map, "demands");
    if (demands)
        read_demands(r, demands, k, st->name);
}

/* Every class must load some station, or it has no response time. */
static void check_demand(reader *r)
{
    const hr_network *net = r->net;

    for (size_t c = 0; c < net->class_count; c++) {
        double sum = 0.0;

        for (size_t k = 0; k < net->station_count; k++)
            sum += net->demand_s[k * net->class_count + c];
        if (sum > 0.0 || r->troubled[c] || !net->classes[c].name)
            continue;
        hr_yaml_error(r->yaml, r->class_nodes[c],
                      "class '%s' has no demand at any station: give it a "
                      "positive 'demand_s' (or 'visits' and "
                      "'service_time_s') under some station's 'demands'",
                      net->classes[c].name);
    }
}

/* ---- the whole file ----------------------------------------------------- */

/* A non-empty list under key, or NULL (with an error). */
static yaml_node_t *read_list(hr_yaml *yaml, const yaml_node_t *root,
                              const char *key)
{
    yaml_node_t *list = hr_yaml_get(yaml, root, key);

    if (!list || !hr_yaml_expect_sequence(yaml, list, key))
        return NULL;
    if (hr_yaml_length(list) == 0) {
        hr_yaml_error(yaml, list, "'%s' must list at least one entry", key);
        return NULL;
    }
    return list;
}

/* A network of the listed sizes and the per-class state. */
static hr_status reader_init(reader *r, hr_yaml *yaml, size_t classes,
                             size_t stations)
{
    memset(r, 0, sizeof *r);
    r->yaml = yaml;
    r->net = hr_network_new(classes, stations);
    r->class_nodes = calloc(classes, sizeof *r->class_nodes);
    r->kind_known = calloc(classes, sizeof *r->kind_known);
    r->troubled = calloc(classes, sizeof *r->troubled);
    if (!r->net || !r->class_nodes || !r->kind_known || !r->troubled)
        return HR_ERR_NOMEM;
    return HR_OK;
}

/* Frees whatever the reader still holds. */
static void reader_release(reader *r)
{
    hr_network_free(r->net);
    free(r->class_nodes);
    free(r->kind_known);
    free(r->troubled);
}

/* Steps: (1) top-level keys and name, (2) classes, (3) stations and their
 * demands, (4) checks across the whole network. */
static hr_status read_network(hr_yaml *yaml, const yaml_node_t *root,
                              hr_network **out)
{
    static const char *const keys[] = {"name", "source", "classes",
                                       "stations", NULL};
    static const char *const required[] = {"classes", "stations", NULL};
    yaml_node_t *classes, *stations, *name;
    reader r;
    hr_status status;

    /* 1 */
    check_keys(yaml, root, "network", keys, required);
    classes = read_list(yaml, root, "classes");
    stations = read_list(yaml, root, "stations");
    if (!classes || !stations)
        return HR_ERR_INVALID;
    status = reader_init(&r, yaml, hr_yaml_length(classes),
                         hr_yaml_length(stations));
    name = hr_yaml_get(yaml, root, "name");
    if (status == HR_OK && name)
        r.net->name = hr_yaml_strdup(yaml, name, "name");
    read_source(&r, root);

    /* 2 */
    for (size_t c = 0; status == HR_OK && c < r.net->class_count; c++)
        read_class(&r, hr_yaml_item(yaml, classes, c), c);
    if (status == HR_OK)
        check_one_kind(&r);

    /* 3 */
    for (size_t k = 0; status == HR_OK && k < r.net->station_count; k++)
        read_station(&r, hr_yaml_item(yaml, stations, k), k);

    /* 4 */
    if (status == HR_OK)
        check_demand(&r);
    if (status == HR_OK && yaml->errors == 0) {
        *out = r.net;
        r.net = NULL;
    }
    reader_release(&r);
    return status;
}

/* Parses, reads and checks a file; see network_file.h. */
hr_status hr_network_load(const char *path, hr_network **out,
                          hr_diags *diags)
{
    hr_yaml yaml;
    yaml_node_t *root;
    hr_status status;

    *out = NULL;
    status = hr_yaml_open(&yaml, path, diags);
    if (status != HR_OK)
        return status;
    root = hr_yaml_root(&yaml);
    if (!root)
        hr_yaml_error_at(&yaml, 1, 1, "the network file is empty: it "
                                      "needs 'classes' and 'stations'");
    else if (hr_yaml_expect_mapping(&yaml, root, "network"))
        status = read_network(&yaml, root, out);
    if (status == HR_OK && yaml.errors)
        status = HR_ERR_INVALID;
    if (status == HR_OK && *out && hr_network_check(*out) != HR_OK) {
        hr_diags_add(diags, HR_ERROR, path, 0, 0,
                     "the network passed the file checks but not the "
                     "solver's");
        status = HR_ERR_INVALID;
    }
    if (status != HR_OK) {
        hr_network_free(*out);
        *out = NULL;
    }
    hr_yaml_release(&yaml);
    return status;
}
