/*
 * cmd_queue.c - the queue command: "headroom queue FILE" solves a
 * queueing network (open, or closed by Mean Value Analysis) and prints
 * its inputs, the method used, and per-class and per-station results
 * with units, or one JSON object.
 *
 * Steps: (1) parse the arguments, (2) read the network file, (3) solve,
 * (4) print the report or the JSON, and warnings on stderr, (5) choose
 * the exit code: 1 when a station is saturated.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "headroom/network.h"
#include "input/network_file.h"

static const char queue_usage[] =
    "usage: headroom queue FILE [--json] [--method exact|approx|auto]\n"
    "\n"
    "Solves the queueing network in FILE (YAML; examples in\n"
    "models/examples/*.network.yaml) and prints its inputs, the method\n"
    "used, and per class the throughput (jobs/s), the mean response time\n"
    "and its percentiles (s), per station the utilisation, the mean queue\n"
    "length (jobs, waiting or in service) and the residence times.\n"
    "\n"
    "Open networks (classes with arrival_rate) have one exact product-form\n"
    "solution (Lazowska et al., QSP ch. 6-7). Closed networks (classes\n"
    "with population and think_time_s) are solved by Mean Value Analysis:\n"
    "  exact   exact MVA (Reiser and Lavenberg 1980), multi-server stations\n"
    "          by marginal probabilities; when the population lattice is\n"
    "          too large it falls back to approx and says so\n"
    "  approx  Bard-Schweitzer approximate MVA (tolerance 1e-8),\n"
    "          multi-server stations by Seidmann's approximation; about\n"
    "          1 % from exact at light load, up to about 10 % near the\n"
    "          knee with several classes\n"
    "  auto    exact when it is cheap, else approx (the default)\n"
    "Mixed open and closed networks are not supported.\n"
    "\n"
    "Percentiles: exact (M/M/c FCFS) for an open class making one visit\n"
    "to one queue; for other open classes an approximation: exponential\n"
    "with the class's mean response time, which overstates p95 and p99\n"
    "for a path through stations in series; not computed (null) for\n"
    "closed networks.\n"
    "\n"
    "options:\n"
    "      --json           print one JSON object instead of the report:\n"
    "                       {\"method\", \"classes\": {NAME: {\"throughput\",\n"
    "                       \"response_time\", \"response_time_p50\",\n"
    "                       \"response_time_p95\", \"response_time_p99\"}},\n"
    "                       \"stations\": {NAME: {\"utilization\",\n"
    "                       \"queue_length\", \"saturated\"}}}, in jobs/s,\n"
    "                       s and fractions (for a delay station the\n"
    "                       utilization is its mean number of jobs);\n"
    "                       null where not computed or undefined\n"
    "                       (saturated)\n"
    "  -m, --method NAME    exact, approx or auto (default auto)\n"
    "  -h, --help           show this help\n"
    "\n"
    "exit codes:\n"
    "  0  solved\n"
    "  1  a station is saturated (utilisation >= 1): no steady state\n"
    "  2  usage error\n"
    "  3  invalid network file (messages give file:line:column)\n"
    "  4  input/output or internal error\n";

enum { OPT_JSON = 256 };

static const struct option queue_options[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"method", required_argument, NULL, 'm'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct queue_request {
    const char *path;
    hr_net_method method;
    bool json;
} queue_request;

/* ---- arguments ---------------------------------------------------------- */

static int queue_usage_error(const char *what, const char *argument)
{
    fprintf(stderr, "error: %s '%s'\nTry 'headroom queue --help'.\n", what,
            argument);
    return HR_EXIT_USAGE;
}

/* auto, exact or approx; false for anything else. */
static bool parse_method(const char *text, hr_net_method *out)
{
    static const hr_net_method methods[] = {HR_NET_AUTO, HR_NET_EXACT,
                                            HR_NET_APPROX};

    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
        if (strcmp(text, hr_net_method_name(methods[i])) == 0) {
            *out = methods[i];
            return true;
        }
    return false;
}

/* Returns -1 to go on, or an exit code when parsing ends the run. */
static int parse_queue_args(int argc, char **argv, queue_request *request)
{
    int c;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":m:h", queue_options, NULL)) !=
           -1) {
        if (c == 'h') {
            fputs(queue_usage, stdout);
            return HR_EXIT_OK;
        } else if (c == OPT_JSON) {
            request->json = true;
        } else if (c == 'm' && !parse_method(optarg, &request->method)) {
            return queue_usage_error("--method must be exact, approx or "
                                     "auto, got", optarg);
        } else if (c == ':' || c == '?') {
            return queue_usage_error(c == ':' ? "this option needs a value:"
                                              : "unknown option",
                                     argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return queue_usage_error("missing network file, as in",
                                 "headroom queue FILE");
    if (optind + 1 < argc)
        return queue_usage_error("unexpected argument", argv[optind + 1]);
    request->path = argv[optind];
    return -1;
}

/* ---- text report -------------------------------------------------------- */

/* Prints a number in a column, or "-" where it is not defined. */
static void print_value(int width, double value)
{
    if (isfinite(value))
        printf(" %*.6g", width, value);
    else
        printf(" %*s", width, "-");
}

/* Width of the name column: the longest name, at least 7. */
static size_t name_width(const hr_network *net)
{
    size_t width = 7;

    for (size_t c = 0; c < net->class_count; c++)
        if (strlen(net->classes[c].name) > width)
            width = strlen(net->classes[c].name);
    for (size_t k = 0; k < net->station_count; k++)
        if (strlen(net->stations[k].name) > width)
            width = strlen(net->stations[k].name);
    return width;
}

/* Echoes the classes: kind, rate or population and think time. */
static void print_class_inputs(const hr_network *net, int w)
{
    printf("  %-*s  kind    arrival rate (jobs/s)  population (jobs)  "
           "think time (s)\n", w, "class");
    for (size_t c = 0; c < net->class_count; c++) {
        const hr_net_class *cls = &net->classes[c];

        if (cls->kind == HR_NET_OPEN)
            printf("  %-*s  open   %22.6g  %17s  %14s\n", w, cls->name,
                   cls->arrival_rate, "-", "-");
        else
            printf("  %-*s  closed %22s  %17ld  %14.6g\n", w, cls->name,
                   "-", cls->population, cls->think_time_s);
    }
}

/* One demand entry: "name D s" or "name V x S s = D s". */
static void print_demand(const hr_network *net, size_t k, size_t c)
{
    size_t i = k * net->class_count + c;
    double d = net->demand_s[i], v = net->visits[i];

    if (isnan(v))
        printf("  %s %.6g s", net->classes[c].name, d);
    else
        printf("  %s %.6g x %.6g s = %.6g s", net->classes[c].name, v,
               v > 0.0 ? d / v : 0.0, d);
}

/* Echoes the stations: type, servers and demands. */
static void print_station_inputs(const hr_network *net, int w)
{
    printf("  %-*s  type   servers  demand per job by class "
           "(visits x service time = demand)\n", w, "station");
    for (size_t k = 0; k < net->station_count; k++) {
        const hr_net_station *st = &net->stations[k];

        if (st->kind == HR_NET_QUEUE)
            printf("  %-*s  queue  %7d ", w, st->name, st->servers);
        else
            printf("  %-*s  delay  %7s ", w, st->name, "-");
        for (size_t c = 0; c < net->class_count; c++)
            if (net->demand_s[k * net->class_count + c] > 0.0)
                print_demand(net, k, c);
        printf("\n");
    }
}

/* Names the method used, with its sources. */
static void print_method(const hr_net_result *res)
{
    if (res->method == HR_NET_OPEN_PF)
        printf("\nmethod: open product-form network (Jackson, BCMP; "
               "Lazowska et al.,\n  QSP ch. 6-7); multi-server stations "
               "as M/M/c by Erlang C\n");
    else if (res->method == HR_NET_EXACT)
        printf("\nmethod: exact MVA (Reiser and Lavenberg 1980; QSP ch. "
               "6-7); multi-server\n  stations by load-dependent MVA with "
               "marginal probabilities (Bolch et al.\n  2006, sec. "
               "8.2.1)\n");
    else
        printf("\nmethod: approximate MVA (Schweitzer 1979, Bard 1979; QSP "
               "ch. 7), relative\n  tolerance %g, %lu iterations; "
               "multi-server stations by Seidmann's\n  approximation "
               "(Seidmann, Schweitzer and Shalev-Oren 1987)%s\n",
               HR_NET_APPROX_TOLERANCE, res->iterations,
               res->fell_back ? ";\n  exact MVA was asked for but is too "
                                "costly for this network" : "");
}

/* Per class: throughput, response time and percentiles. */
static void print_classes(const hr_network *net, const hr_net_result *res,
                          int w)
{
    printf("\nclasses\n  %-*s  %19s %12s %10s %10s %10s\n", w, "class",
           "throughput (jobs/s)", "response (s)", "p50 (s)", "p95 (s)",
           "p99 (s)");
    for (size_t c = 0; c < net->class_count; c++) {
        const hr_net_class_result *r = &res->classes[c];

        printf("  %-*s ", w, net->classes[c].name);
        print_value(19, r->throughput);
        print_value(12, r->response_time_s);
        print_value(10, r->p50_s);
        print_value(10, r->p95_s);
        print_value(10, r->p99_s);
        printf("%s\n", r->saturated ? "  saturated" : "");
    }
    for (size_t c = 0; c < net->class_count; c++)
        printf("  percentiles of %s: %s%s\n", net->classes[c].name,
               hr_net_percentiles_text(res->classes[c].percentiles),
               res->classes[c].saturated ? " (saturated)"
               : res->method == HR_NET_OPEN_PF ? ""
                                               : " (MVA gives means only)");
}

/* Per class: the asymptotic bounds. */
static void print_bounds(const hr_network *net, const hr_net_result *res,
                         int w)
{
    printf("\nasymptotic bounds, each class alone (QSP ch. 5)\n"
           "  %-*s  %17s %17s %10s %10s\n", w, "class",
           "1/D max (jobs/s)", "X bound (jobs/s)", "R min (s)",
           "N* (jobs)");
    for (size_t c = 0; c < net->class_count; c++) {
        const hr_net_bounds *b = &res->classes[c].bounds;

        printf("  %-*s ", w, net->classes[c].name);
        print_value(17, b->saturation_throughput);
        print_value(17, b->max_throughput);
        print_value(10, b->min_response_s);
        print_value(10, b->knee_population);
        printf("\n");
    }
}

/* Per station: utilisation, queue length, throughput. */
static void print_stations(const hr_network *net, const hr_net_result *res,
                           int w)
{
    printf("\nstations\n  %-*s  %15s %19s %21s\n", w, "station",
           "utilisation (%)", "queue length (jobs)",
           "throughput (visits/s)");
    for (size_t k = 0; k < net->station_count; k++) {
        const hr_net_station_result *st = &res->stations[k];

        printf("  %-*s ", w, net->stations[k].name);
        if (net->stations[k].kind == HR_NET_DELAY)
            printf(" %15s", "(delay)");
        else
            print_value(15, 100.0 * st->utilization);
        print_value(19, st->queue_length);
        print_value(21, st->throughput);
        printf("%s\n", st->saturated ? "  saturated" : "");
    }
}

/* Residence R, per visit R/V, waiting R - D, and jobs of each class. */
static void print_residence(const hr_network *net, const hr_net_result *res,
                            int w)
{
    printf("\nresidence per job, by station and class\n"
           "  %-*s  %-*s %13s %13s %11s %11s\n", w, "station", w, "class",
           "residence (s)", "per visit (s)", "waiting (s)", "jobs");
    for (size_t k = 0; k < net->station_count; k++)
        for (size_t c = 0; c < net->class_count; c++) {
            size_t i = k * net->class_count + c;
            double r = res->residence_s[i];

            if (net->demand_s[i] == 0.0)
                continue;
            printf("  %-*s  %-*s", w, net->stations[k].name, w,
                   net->classes[c].name);
            print_value(13, r);
            print_value(13, r / net->visits[i]);
            print_value(11, r - net->demand_s[i]);
            print_value(11, res->queue_lengths[i]);
            printf("\n");
        }
}

/* The text report: inputs, method, then results. */
static void print_report(const queue_request *request,
                         const hr_network *net, const hr_net_result *res)
{
    int w = (int)name_width(net);

    printf("network: %s (%s)\n\ninputs\n", net->name ? net->name : "unnamed",
           request->path);
    print_class_inputs(net, w);
    print_station_inputs(net, w);
    print_method(res);
    print_classes(net, res, w);
    print_bounds(net, res, w);
    print_stations(net, res, w);
    print_residence(net, res, w);
}

/* ---- JSON --------------------------------------------------------------- */

/* A number, or NULL (JSON null) where it is not defined. */
static json_object *json_number(double value)
{
    return isfinite(value) ? json_object_new_double(value) : NULL;
}

/* One class as a JSON object. */
static json_object *json_class(const hr_net_class_result *r)
{
    json_object *obj = json_object_new_object();

    json_object_object_add(obj, "throughput", json_number(r->throughput));
    json_object_object_add(obj, "response_time",
                           json_number(r->response_time_s));
    json_object_object_add(obj, "response_time_p50", json_number(r->p50_s));
    json_object_object_add(obj, "response_time_p95", json_number(r->p95_s));
    json_object_object_add(obj, "response_time_p99", json_number(r->p99_s));
    return obj;
}

/* One station as a JSON object. */
static json_object *json_station(const hr_net_station_result *st)
{
    json_object *obj = json_object_new_object();

    json_object_object_add(obj, "utilization",
                           json_number(st->utilization));
    json_object_object_add(obj, "queue_length",
                           json_number(st->queue_length));
    json_object_object_add(obj, "saturated",
                           json_object_new_boolean(st->saturated));
    return obj;
}

/* Prints the one JSON object of --json. */
static int print_json(const hr_network *net, const hr_net_result *res)
{
    json_object *root = json_object_new_object();
    json_object *classes = json_object_new_object();
    json_object *stations = json_object_new_object();
    const char *text;

    json_object_object_add(root, "method",
                           json_object_new_string(
                               hr_net_method_name(res->method)));
    for (size_t c = 0; c < net->class_count; c++)
        json_object_object_add(classes, net->classes[c].name,
                               json_class(&res->classes[c]));
    for (size_t k = 0; k < net->station_count; k++)
        json_object_object_add(stations, net->stations[k].name,
                               json_station(&res->stations[k]));
    json_object_object_add(root, "classes", classes);
    json_object_object_add(root, "stations", stations);
    text = json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
    if (text)
        puts(text);
    json_object_put(root);
    return text ? HR_EXIT_OK : HR_EXIT_FAILURE;
}

/* ---- the command -------------------------------------------------------- */

static void warn_saturated(const queue_request *request,
                           const hr_network *net, const hr_net_result *res)
{
    for (size_t k = 0; k < net->station_count; k++)
        if (res->stations[k].saturated)
            fprintf(stderr,
                    "warning: '%s': station '%s' is saturated: utilisation "
                    "%.4g %% >= 100 %%, no steady state; its queue length "
                    "and the response times through it are undefined\n",
                    request->path, net->stations[k].name,
                    100.0 * res->stations[k].utilization);
}

/* Solves, prints and picks the exit code. */
static int solve_and_print(const queue_request *request,
                           const hr_network *net)
{
    hr_net_result *res = NULL;
    hr_status status = hr_network_solve(net, request->method, &res);
    int code;

    if (!res) {
        fprintf(stderr, "error: '%s': cannot solve the network: %s\n",
                request->path, hr_strerror(status));
        return status == HR_ERR_DOMAIN ? HR_EXIT_INVALID_INPUT
                                       : HR_EXIT_FAILURE;
    }
    if (res->fell_back)
        fprintf(stderr, "warning: '%s': exact MVA is too costly for this "
                        "network; approximate MVA was used\n",
                request->path);
    warn_saturated(request, net, res);
    code = HR_EXIT_OK;
    if (request->json)
        code = print_json(net, res);
    else
        print_report(request, net, res);
    if (code == HR_EXIT_OK && status == HR_ERR_SATURATED)
        code = HR_EXIT_TARGET_MISSED;
    hr_net_result_free(res);
    return code;
}

/* headroom queue FILE [--json] [--method NAME]; see queue_usage. */
int hr_cli_queue(int argc, char **argv)
{
    queue_request request = {NULL, HR_NET_AUTO, false};
    hr_network *net = NULL;
    hr_diags diags = {0};
    hr_status status;
    int code = parse_queue_args(argc, argv, &request);

    if (code >= 0)
        return code;
    status = hr_network_load(request.path, &net, &diags);
    hr_diags_print(&diags, stderr);
    hr_diags_release(&diags);
    if (status != HR_OK)
        return hr_exit_code_for(status);
    code = solve_and_print(&request, net);
    hr_network_free(net);
    return code;
}
