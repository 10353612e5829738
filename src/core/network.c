/*
 * network.c - solves queueing networks: open product-form networks, and
 * closed networks by exact or approximate Mean Value Analysis.
 *
 * Sources (QSP is Lazowska, Zahorjan, Graham and Sevcik, Quantitative
 * System Performance, Prentice-Hall 1984):
 *  - asymptotic bounds: QSP ch. 5;
 *  - open networks: the product-form (Jackson, BCMP) solution, QSP ch. 6
 *    (one class) and ch. 7 (several classes);
 *  - exact MVA: M. Reiser and S. S. Lavenberg, "Mean-value analysis of
 *    closed multichain queuing networks", JACM 27(2), 1980; QSP ch. 6-7;
 *  - multi-server stations in exact MVA: load-dependent MVA with
 *    marginal queue-length probabilities (Reiser and Lavenberg 1980; QSP
 *    ch. 8), in the multi-server form of G. Bolch, S. Greiner, H. de Meer
 *    and K. S. Trivedi, Queueing Networks and Markov Chains, 2nd ed.,
 *    2006, sec. 8.2.1, with p(0) computed stably (see lattice_p0());
 *  - approximate MVA: P. J. Schweitzer, "Approximate analysis of
 *    multiclass closed networks of queues", 1979, and Y. Bard, "Some
 *    extensions to multiclass queueing network analysis", 1979 (QSP
 *    ch. 7), with multi-server stations by Seidmann's approximation (A.
 *    Seidmann, P. J. Schweitzer and S. Shalev-Oren, "Computerized closed
 *    queueing network models of flexible manufacturing systems", Large
 *    Scale Systems 12, 1987): m servers of demand D become a single server
 *    of demand D/m followed by a delay of D (m - 1)/m.
 *
 * A multi-server station follows the product-form load-dependent model:
 * service rate min(n, m) times one server's. With one class, or with
 * classes of equal service time, that is the FCFS M/M/m station; with
 * unequal service times it is the processor-sharing variant, and FCFS is
 * approximated by it.
 */
#include "headroom/network.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/queue.h"

/* Two per-visit service times this close (relative) count as equal. */
#define SAME_SERVICE_TOL 1e-12

/* ---- matrix access ------------------------------------------------------ */

static size_t at(const hr_network *net, size_t k, size_t c)
{
    return k * net->class_count + c;
}

/* D_kc: demand of class c at station k, s per job. */
static double demand(const hr_network *net, size_t k, size_t c)
{
    return net->demand_s[at(net, k, c)];
}

/* Visits of class c to station k; 1 when only the demand was given. */
static double visits(const hr_network *net, size_t k, size_t c)
{
    double v = net->visits[at(net, k, c)];

    return isnan(v) ? 1.0 : v;
}

/* Total jobs of a closed network; 0 for an open one. */
static double total_population(const hr_network *net)
{
    double total = 0.0;

    for (size_t c = 0; c < net->class_count; c++)
        if (net->classes[c].kind == HR_NET_CLOSED)
            total += (double)net->classes[c].population;
    return total;
}

/* True when station k queues jobs. A closed network's multi-server
 * station with at least as many servers as jobs never queues: it is
 * solved as the delay it then is, exactly. */
static bool queues(const hr_network *net, size_t k)
{
    const hr_net_station *st = &net->stations[k];

    if (st->kind == HR_NET_DELAY)
        return false;
    return st->servers == 1 || !hr_network_is_closed(net) ||
           (double)st->servers < total_population(net);
}

/* True for a queue of several servers that can fill up. */
static bool multiserver(const hr_network *net, size_t k)
{
    return queues(net, k) && net->stations[k].servers > 1;
}

/* ---- lifecycle ---------------------------------------------------------- */

hr_network *hr_network_new(size_t class_count, size_t station_count)
{
    hr_network *net;
    size_t cells;

    if (!class_count || !station_count ||
        station_count > SIZE_MAX / sizeof(double) / class_count)
        return NULL;
    net = calloc(1, sizeof *net);
    if (!net)
        return NULL;
    cells = class_count * station_count;
    net->classes = calloc(class_count, sizeof *net->classes);
    net->stations = calloc(station_count, sizeof *net->stations);
    net->demand_s = calloc(cells, sizeof *net->demand_s);
    net->visits = malloc(cells * sizeof *net->visits);
    if (!net->classes || !net->stations || !net->demand_s || !net->visits) {
        hr_network_free(net);
        return NULL;
    }
    net->class_count = class_count;
    net->station_count = station_count;
    for (size_t i = 0; i < cells; i++)
        net->visits[i] = NAN;
    for (size_t k = 0; k < station_count; k++)
        net->stations[k].servers = 1;
    return net;
}

/* Frees the names, the matrices and the network. */
void hr_network_free(hr_network *network)
{
    if (!network)
        return;
    for (size_t c = 0; c < network->class_count; c++)
        free(network->classes[c].name);
    for (size_t k = 0; k < network->station_count; k++)
        free(network->stations[k].name);
    free(network->name);
    free(network->classes);
    free(network->stations);
    free(network->demand_s);
    free(network->visits);
    free(network);
}

/* Frees a result and its arrays. */
void hr_net_result_free(hr_net_result *result)
{
    if (!result)
        return;
    free(result->classes);
    free(result->stations);
    free(result->residence_s);
    free(result->queue_lengths);
    free(result);
}

/* A zeroed result sized for the network, or NULL. */
static hr_net_result *result_new(const hr_network *net)
{
    hr_net_result *res = calloc(1, sizeof *res);
    size_t cells = net->class_count * net->station_count;

    if (!res)
        return NULL;
    res->classes = calloc(net->class_count, sizeof *res->classes);
    res->stations = calloc(net->station_count, sizeof *res->stations);
    res->residence_s = calloc(cells, sizeof *res->residence_s);
    res->queue_lengths = calloc(cells, sizeof *res->queue_lengths);
    if (!res->classes || !res->stations || !res->residence_s ||
        !res->queue_lengths) {
        hr_net_result_free(res);
        return NULL;
    }
    res->class_count = net->class_count;
    res->station_count = net->station_count;
    return res;
}

/* The word used by --method and the JSON "method". */
const char *hr_net_method_name(hr_net_method method)
{
    switch (method) {
    case HR_NET_EXACT:
        return "exact";
    case HR_NET_APPROX:
        return "approx";
    case HR_NET_OPEN_PF:
        return "open";
    default:
        return "auto";
    }
}

/* How the percentiles were obtained, for reports. */
const char *hr_net_percentiles_text(hr_net_percentiles percentiles)
{
    switch (percentiles) {
    case HR_PCT_MMC:
        return "exact, M/M/c FCFS at the one station visited";
    case HR_PCT_EXPONENTIAL:
        return "approximation, exponential with the mean response time";
    default:
        return "not computed";
    }
}

/* ---- checks ------------------------------------------------------------- */

static bool class_ok(const hr_net_class *cls, hr_net_class_kind kind)
{
    if (cls->kind != kind)
        return false;
    if (kind == HR_NET_OPEN)
        return isfinite(cls->arrival_rate) && cls->arrival_rate > 0.0;
    return cls->kind == HR_NET_CLOSED && cls->population >= 1 &&
           isfinite(cls->think_time_s) && cls->think_time_s >= 0.0;
}

/* A known kind, and a queue has at least one server. */
static bool station_ok(const hr_net_station *st)
{
    if (st->kind == HR_NET_DELAY)
        return true;
    return st->kind == HR_NET_QUEUE && st->servers >= 1;
}

/* A demand is finite and not negative; visits too, when given. */
static bool entry_ok(double d, double v)
{
    return isfinite(d) && d >= 0.0 && (isnan(v) || (isfinite(v) && v >= 0.0));
}

/* D_c: the class's total demand over all stations. */
static double class_demand(const hr_network *net, size_t c)
{
    double sum = 0.0;

    for (size_t k = 0; k < net->station_count; k++)
        sum += demand(net, k, c);
    return sum;
}

/* Checks every class, station and demand; see network.h. */
hr_status hr_network_check(const hr_network *network)
{
    const hr_network *net = network;

    if (!net || !net->class_count || !net->station_count)
        return HR_ERR_DOMAIN;
    for (size_t c = 0; c < net->class_count; c++)
        if (!class_ok(&net->classes[c], net->classes[0].kind))
            return HR_ERR_DOMAIN;
    for (size_t k = 0; k < net->station_count; k++) {
        if (!station_ok(&net->stations[k]))
            return HR_ERR_DOMAIN;
        for (size_t c = 0; c < net->class_count; c++)
            if (!entry_ok(demand(net, k, c), net->visits[at(net, k, c)]))
                return HR_ERR_DOMAIN;
    }
    for (size_t c = 0; c < net->class_count; c++)
        if (!(class_demand(net, c) > 0.0))
            return HR_ERR_DOMAIN;
    return HR_OK;
}

/* Classes are all one kind once checked: the first tells. */
bool hr_network_is_closed(const hr_network *network)
{
    return network->classes[0].kind == HR_NET_CLOSED;
}

/* ---- bounds ------------------------------------------------------------- */

/*
 * Asymptotic bounds (QSP ch. 5): with D the total demand and D_max the
 * largest demand per server at a queue, X <= min(1/D_max, N/(D+Z)) and
 * R >= D; the two throughput bounds cross at N* = (D+Z)/D_max. An open
 * class saturates at lambda = 1/D_max. A station of m servers is taken
 * as m times as fast for D_max.
 */
hr_status hr_network_bounds(const hr_network *network, size_t c,
                            hr_net_bounds *out)
{
    const hr_net_class *cls;
    double d_max = 0.0, d, z;

    if (!network || c >= network->class_count)
        return HR_ERR_DOMAIN;
    cls = &network->classes[c];
    d = class_demand(network, c);
    for (size_t k = 0; k < network->station_count; k++)
        if (network->stations[k].kind == HR_NET_QUEUE)
            d_max = fmax(d_max, demand(network, k, c) /
                                    network->stations[k].servers);
    out->min_response_s = d;
    out->saturation_throughput = d_max > 0.0 ? 1.0 / d_max
                                             : (double)INFINITY;
    out->max_throughput = out->saturation_throughput;
    out->knee_population = NAN;
    if (cls->kind == HR_NET_OPEN)
        return HR_OK;
    z = cls->think_time_s;
    out->max_throughput = fmin(out->max_throughput,
                               (double)cls->population / (d + z));
    out->knee_population = d_max > 0.0 ? (d + z) / d_max
                                         : (double)INFINITY;
    return HR_OK;
}

/* ---- results shared by the solvers -------------------------------------- */

/* Station throughput in visits/s from per-class rates (Forced Flow Law,
 * QSP ch. 3: X_k = sum_c V_kc X_c); NAN if a visit count is missing. */
static double station_throughput(const hr_network *net, size_t k,
                                 const double *rates)
{
    double sum = 0.0;

    for (size_t c = 0; c < net->class_count; c++) {
        if (demand(net, k, c) == 0.0)
            continue;
        if (isnan(net->visits[at(net, k, c)]))
            return NAN;
        sum += rates[c] * net->visits[at(net, k, c)];
    }
    return sum;
}

/* Utilisation Law (QSP ch. 3): U_k = sum_c X_c D_kc, per server. */
static double utilization(const hr_network *net, size_t k,
                          const double *rates)
{
    double busy = 0.0;

    for (size_t c = 0; c < net->class_count; c++)
        busy += rates[c] * demand(net, k, c);
    if (net->stations[k].kind == HR_NET_DELAY)
        return busy;
    return busy / net->stations[k].servers;
}

/* Station totals and class sums from residence times and rates; Little's
 * law (QSP ch. 3) gives Q_kc = X_c R_kc. */
static void finish_result(const hr_network *net, const double *rates,
                          hr_net_result *res)
{
    for (size_t k = 0; k < net->station_count; k++) {
        hr_net_station_result *st = &res->stations[k];

        st->utilization = utilization(net, k, rates);
        st->throughput = st->saturated ? (double)NAN
                                       : station_throughput(net, k, rates);
        st->queue_length = 0.0;
        for (size_t c = 0; c < net->class_count; c++) {
            size_t i = at(net, k, c);

            res->queue_lengths[i] = rates[c] * res->residence_s[i];
            st->queue_length += res->queue_lengths[i];
        }
    }
    for (size_t c = 0; c < net->class_count; c++) {
        hr_net_class_result *cls = &res->classes[c];

        cls->response_time_s = 0.0;
        for (size_t k = 0; k < net->station_count; k++)
            cls->response_time_s += res->residence_s[at(net, k, c)];
        cls->saturated = isnan(cls->response_time_s);
        cls->throughput = cls->saturated ? (double)NAN : rates[c];
        cls->p50_s = cls->p95_s = cls->p99_s = NAN;
        cls->percentiles = HR_PCT_NONE;
        hr_network_bounds(net, c, &cls->bounds);
    }
}

/* ---- open networks ------------------------------------------------------ */

/* Offered busy servers at station k: A = sum_c lambda_c D_kc. */
static double offered_load(const hr_network *net, size_t k)
{
    double load = 0.0;

    for (size_t c = 0; c < net->class_count; c++)
        load += net->classes[c].arrival_rate * demand(net, k, c);
    return load;
}

/*
 * Residence time per unit demand at an open queue (QSP ch. 6-7). In
 * product form the number present at a station of m servers is that of
 * an M/M/m queue with offered load A, mean L (Erlang C), and each class
 * holds its share A_c/A of it; by Little's law R_kc = D_kc L / A. For
 * m = 1 this is D/(1 - U). An idle station (A = 0) has R = D.
 */
static hr_status open_scale(double load, int servers, double *scale)
{
    hr_mmc mmc;
    hr_status status;

    *scale = 1.0;
    if (load == 0.0)
        return HR_OK;
    status = hr_mmc_solve(load, 1.0, servers, &mmc);
    if (status == HR_OK)
        *scale = mmc.mean_in_system / load;
    return status;
}

/* Residence times at open station k, or marks it saturated. */
static hr_status open_station(const hr_network *net, size_t k,
                              hr_net_result *res)
{
    double scale = 1.0;
    hr_status status = HR_OK;

    if (net->stations[k].kind == HR_NET_QUEUE)
        status = open_scale(offered_load(net, k), net->stations[k].servers,
                            &scale);
    if (status == HR_ERR_SATURATED) {
        res->stations[k].saturated = true;
        res->saturated = true;
        scale = NAN;
    } else if (status != HR_OK) {
        return status;
    }
    for (size_t c = 0; c < net->class_count; c++) {
        double d = demand(net, k, c);

        res->residence_s[at(net, k, c)] = d > 0.0 ? d * scale : 0.0;
    }
    return HR_OK;
}

/* The one station class c has demand at, or SIZE_MAX. */
static size_t only_station(const hr_network *net, size_t c)
{
    size_t found = SIZE_MAX;

    for (size_t k = 0; k < net->station_count; k++) {
        if (demand(net, k, c) == 0.0)
            continue;
        if (found != SIZE_MAX)
            return SIZE_MAX;
        found = k;
    }
    return found;
}

/* Station k as an M/M/c FCFS queue seen by class c, when that is exact:
 * c makes one visit, and every class there has the same service time. */
static bool station_as_mmc(const hr_network *net, size_t k, size_t c,
                           hr_mmc *mmc)
{
    double service = demand(net, k, c) / visits(net, k, c), rate = 0.0;

    if (net->stations[k].kind != HR_NET_QUEUE || visits(net, k, c) != 1.0)
        return false;
    for (size_t d = 0; d < net->class_count; d++) {
        double v = visits(net, k, d);

        if (demand(net, k, d) == 0.0)
            continue;
        if (v == 0.0 || fabs(demand(net, k, d) / v - service) >
                            SAME_SERVICE_TOL * service)
            return false;
        rate += net->classes[d].arrival_rate * v;
    }
    return hr_mmc_solve(rate, service, net->stations[k].servers, mmc) ==
           HR_OK;
}

/* The three reported percentiles of an M/M/c response time. */
static hr_status mmc_percentiles(const hr_mmc *mmc, hr_net_class_result *cls)
{
    hr_status status = hr_mmc_response_quantile(mmc, 0.50, &cls->p50_s);

    if (status == HR_OK)
        status = hr_mmc_response_quantile(mmc, 0.95, &cls->p95_s);
    if (status == HR_OK)
        status = hr_mmc_response_quantile(mmc, 0.99, &cls->p99_s);
    return status;
}

/* Exponential with mean R: t_p = -R ln(1 - p). For a path through several
 * stations the true distribution (a sum of sojourns) is less variable, so
 * p95 and p99 are overstated and p50 understated. */
static void exponential_percentiles(hr_net_class_result *cls)
{
    double r = cls->response_time_s;

    cls->p50_s = -r * log1p(-0.50);
    cls->p95_s = -r * log1p(-0.95);
    cls->p99_s = -r * log1p(-0.99);
    cls->percentiles = HR_PCT_EXPONENTIAL;
}

/* Percentiles of open class c: exact M/M/c or exponential. */
static hr_status open_percentiles(const hr_network *net, size_t c,
                                  hr_net_class_result *cls)
{
    size_t k = only_station(net, c);
    hr_mmc mmc;
    hr_status status;

    if (cls->saturated)
        return HR_OK;
    if (k != SIZE_MAX && station_as_mmc(net, k, c, &mmc)) {
        status = mmc_percentiles(&mmc, cls);
        if (status == HR_OK)
            cls->percentiles = HR_PCT_MMC;
        return status;
    }
    exponential_percentiles(cls);
    return HR_OK;
}

/* Open network: every station, then the class sums. */
static hr_status solve_open(const hr_network *net, hr_net_result *res)
{
    double *rates = malloc(net->class_count * sizeof *rates);
    hr_status status = rates ? HR_OK : HR_ERR_NOMEM;

    res->method = HR_NET_OPEN_PF;
    for (size_t c = 0; rates && c < net->class_count; c++)
        rates[c] = net->classes[c].arrival_rate;
    for (size_t k = 0; status == HR_OK && k < net->station_count; k++)
        status = open_station(net, k, res);
    if (status == HR_OK)
        finish_result(net, rates, res);
    for (size_t c = 0; status == HR_OK && c < net->class_count; c++)
        status = open_percentiles(net, c, &res->classes[c]);
    free(rates);
    if (status == HR_OK && res->saturated)
        return HR_ERR_SATURATED;
    return status;
}

/* ---- exact MVA over the population lattice ------------------------------ */

/*
 * Exact MVA visits every population vector n with 0 <= n_c <= N_c, in
 * mixed-radix order: n - e_c (one class-c job fewer) always comes before
 * n, at a fixed distance stride[c], so only the last max(stride) + 1
 * states are kept, in a ring. Classes are ordered so that the largest
 * population has the largest stride, which keeps that ring small.
 *
 * Multi-server stations need their marginal probabilities p_k(j | n)
 * for j < m - 1. Those for j >= 1 follow the recursion
 *     p_k(j | n) = (1/j) sum_c X_c(n) D_kc p_k(j-1 | n - e_c),
 * but the usual p_k(0 | n) = 1 - (sum_c X_c D_kc + sum_{j=1}^{m-1} (m-j)
 * p_k(j | n)) / m subtracts nearly equal numbers, and the error grows
 * like (X D)^j / j! through the recursion: with m = 300 (Gunther's Tomcat
 * case) the probabilities reach 1e17 in magnitude. Instead,
 * with G the normalising constant, in product form
 *     p_k(0 | n) = G_-k(n) / G(n)   and   X_c(n) = G(n - e_c) / G(n),
 * where G_-k is that of the network without station k, so that
 *     p_k(0 | n) = p_k(0 | n - e_c) X_c(n) / X_c^(-k)(n),
 * a product of positive ratios. X^(-k) comes from solving the network
 * without station k alongside, which needs the networks without k and
 * another multi-server station, and so on: one sub-network per subset
 * ("mask") of the multi-server stations, solved in increasing mask order
 * at each population so that every subset precedes its supersets.
 */
typedef struct lattice {
    const hr_network *net;
    size_t classes, stations, multi_count;
    int *servers;           /* per station: m, or 0 when it never queues */
    int *bit;               /* per station: its mask bit, or -1 */
    size_t *p_offset;       /* per station: where its p(j) start */
    size_t block;           /* doubles per state and mask */
    size_t masks;
    size_t *order;          /* classes by increasing population */
    size_t *stride;         /* per class */
    size_t states, window;
    long *n;                /* the current population vector */
    bool *homeless;         /* [mask * classes + c] */
    double *ring;           /* [(slot * masks + mask) * block + i] */
    double *x;              /* [mask * classes + c] at the current state */
    double *r;              /* [k * classes + c] residence times */
} lattice;

/* Station k is part of sub-network mask. */
static bool in_mask(const lattice *l, size_t k, size_t mask)
{
    return l->bit[k] < 0 || ((mask >> l->bit[k]) & 1u);
}

/* Counts states, ring size and work in doubles; false when the multi-
 * server stations are too many for one sub-network per subset. */
static bool lattice_cost(const hr_network *net, double *work, double *cells)
{
    double states = 1.0, largest = 1.0, block = (double)net->station_count;
    size_t multi = 0;

    for (size_t k = 0; k < net->station_count; k++)
        if (multiserver(net, k)) {
            multi++;
            block += net->stations[k].servers - 1;
        }
    if (multi > HR_NET_EXACT_MAX_MULTISERVER)
        return false;
    for (size_t c = 0; c < net->class_count; c++) {
        double size = (double)net->classes[c].population + 1.0;

        states *= size;
        largest = fmax(largest, size);
    }
    *work = states * ldexp(1.0, (int)multi) * (double)net->class_count *
            block;
    *cells = (states / largest + 1.0) * ldexp(1.0, (int)multi) * block;
    return true;
}

/* Frees the lattice's arrays (after a failed init too). */
static void lattice_release(lattice *l)
{
    free(l->servers);
    free(l->bit);
    free(l->p_offset);
    free(l->order);
    free(l->stride);
    free(l->n);
    free(l->homeless);
    free(l->ring);
    free(l->x);
    free(l->r);
}

/* Class order by increasing population, and the strides that follow. */
static void lattice_strides(lattice *l)
{
    const hr_net_class *cls = l->net->classes;
    size_t stride = 1;

    for (size_t i = 0; i < l->classes; i++)
        l->order[i] = i;
    for (size_t i = 1; i < l->classes; i++)
        for (size_t j = i; j > 0 && cls[l->order[j - 1]].population >
                                        cls[l->order[j]].population; j--) {
            size_t swap = l->order[j];

            l->order[j] = l->order[j - 1];
            l->order[j - 1] = swap;
        }
    for (size_t i = 0; i < l->classes; i++) {
        l->stride[l->order[i]] = stride;
        l->window = stride + 1;
        stride *= (size_t)cls[l->order[i]].population + 1;
    }
    l->states = stride;
}

/* A class is homeless in a sub-network with no demand for it and no
 * think time: no state holding one of its jobs exists (G = 0). */
static void lattice_homeless(lattice *l)
{
    for (size_t mask = 0; mask < l->masks; mask++)
        for (size_t c = 0; c < l->classes; c++) {
            bool home = l->net->classes[c].think_time_s > 0.0;

            for (size_t k = 0; k < l->stations; k++)
                if (in_mask(l, k, mask) && demand(l->net, k, c) > 0.0)
                    home = true;
            l->homeless[mask * l->classes + c] = !home;
        }
}

/* Numbers the multi-server stations and lays out a state's block: the
 * queue lengths of all stations, then p(0..m-2) of each multi-server. */
static void lattice_layout(lattice *l)
{
    l->block = l->stations;
    for (size_t k = 0; k < l->stations; k++) {
        l->servers[k] = queues(l->net, k) ? l->net->stations[k].servers : 0;
        l->bit[k] = -1;
        if (l->servers[k] < 2)
            continue;
        l->bit[k] = (int)l->multi_count++;
        l->p_offset[k] = l->block;
        l->block += (size_t)l->net->stations[k].servers - 1;
    }
    l->masks = (size_t)1 << l->multi_count;
}

/* Allocates and lays out the lattice for a network. */
static hr_status lattice_init(lattice *l, const hr_network *net)
{
    memset(l, 0, sizeof *l);
    l->net = net;
    l->classes = net->class_count;
    l->stations = net->station_count;
    l->servers = malloc(l->stations * sizeof *l->servers);
    l->bit = malloc(l->stations * sizeof *l->bit);
    l->p_offset = calloc(l->stations, sizeof *l->p_offset);
    l->order = malloc(l->classes * sizeof *l->order);
    l->stride = malloc(l->classes * sizeof *l->stride);
    l->n = calloc(l->classes, sizeof *l->n);
    if (!l->servers || !l->bit || !l->p_offset || !l->order || !l->stride ||
        !l->n)
        return HR_ERR_NOMEM;
    lattice_layout(l);
    lattice_strides(l);
    l->homeless = malloc(l->masks * l->classes * sizeof *l->homeless);
    l->ring = calloc(l->window * l->masks * l->block, sizeof *l->ring);
    l->x = calloc(l->masks * l->classes, sizeof *l->x);
    l->r = calloc(l->stations * l->classes, sizeof *l->r);
    if (!l->homeless || !l->ring || !l->x || !l->r)
        return HR_ERR_NOMEM;
    lattice_homeless(l);
    return HR_OK;
}

/* The ring block of state index in sub-network mask. */
static double *lattice_block(const lattice *l, size_t index, size_t mask)
{
    return l->ring + ((index % l->window) * l->masks + mask) * l->block;
}

/* No state with the current population exists in sub-network mask. */
static bool lattice_dead(const lattice *l, size_t mask)
{
    for (size_t c = 0; c < l->classes; c++)
        if (l->n[c] > 0 && l->homeless[mask * l->classes + c])
            return true;
    return false;
}

/*
 * What an arriving job finds at station k, per unit demand, from the
 * state with it removed (the arrival theorem, Reiser and Lavenberg 1980):
 * 1 at a delay, 1 + Q at a single server, and for m servers (Bolch et
 * al. sec. 8.2.1) (1 + Q + sum_{j=0}^{m-2} (m-1-j) p(j)) / m.
 */
static double lattice_factor(const lattice *l, const double *prev, size_t k)
{
    int m = l->servers[k];
    const double *p = prev + l->p_offset[k];
    double sum;

    if (m == 0)
        return 1.0;
    if (m == 1)
        return 1.0 + prev[k];
    sum = 1.0 + prev[k];
    for (int j = 0; j <= m - 2; j++)
        sum += (m - 1 - j) * p[j];
    return sum / m;
}

/* Residence times and throughput of class c in sub-network mask: R_kc =
 * D_kc factor_k(n - e_c), X_c = n_c / (Z_c + sum_k R_kc). */
static void lattice_class(lattice *l, size_t index, size_t mask, size_t c)
{
    const double *prev = lattice_block(l, index - l->stride[c], mask);
    double cycle = l->net->classes[c].think_time_s;

    for (size_t k = 0; k < l->stations; k++) {
        double *r = &l->r[k * l->classes + c];

        *r = 0.0;
        if (in_mask(l, k, mask) && demand(l->net, k, c) > 0.0)
            *r = demand(l->net, k, c) * lattice_factor(l, prev, k);
        cycle += *r;
    }
    l->x[mask * l->classes + c] = (double)l->n[c] / cycle;
}

/* p_k(0 | n) by the ratio derived above the lattice type. */
static double lattice_p0(const lattice *l, size_t index, size_t mask,
                         size_t k)
{
    size_t sub = mask & ~((size_t)1 << l->bit[k]), c = 0;

    while (l->n[c] == 0)
        c++;
    if (lattice_dead(l, sub))
        return 0.0;
    return lattice_block(l, index - l->stride[c], mask)[l->p_offset[k]] *
           l->x[mask * l->classes + c] / l->x[sub * l->classes + c];
}

/* p_k(j | n) for j = 0 .. m-2 of multi-server station k. */
static void lattice_marginals(const lattice *l, size_t index, size_t mask,
                              size_t k, double *p)
{
    int m = l->net->stations[k].servers;

    for (int j = 1; j <= m - 2; j++) {
        p[j] = 0.0;
        for (size_t c = 0; c < l->classes; c++) {
            const double *prev;

            if (l->n[c] == 0)
                continue;
            prev = lattice_block(l, index - l->stride[c], mask) +
                   l->p_offset[k];
            p[j] += l->x[mask * l->classes + c] * demand(l->net, k, c) *
                    prev[j - 1] / j;
        }
    }
    p[0] = lattice_p0(l, index, mask, k);
}

/* Solves sub-network mask at the current population. */
static void lattice_state(lattice *l, size_t index, size_t mask)
{
    double *block = lattice_block(l, index, mask);

    if (lattice_dead(l, mask))
        return;
    for (size_t c = 0; c < l->classes; c++) {
        l->x[mask * l->classes + c] = 0.0;
        if (l->n[c] > 0)
            lattice_class(l, index, mask, c);
        else
            for (size_t k = 0; k < l->stations; k++)
                l->r[k * l->classes + c] = 0.0;
    }
    for (size_t k = 0; k < l->stations; k++) {
        block[k] = 0.0;
        for (size_t c = 0; c < l->classes; c++)
            block[k] += l->x[mask * l->classes + c] *
                        l->r[k * l->classes + c];
    }
    for (size_t k = 0; k < l->stations; k++)
        if (l->bit[k] >= 0 && in_mask(l, k, mask))
            lattice_marginals(l, index, mask, k, block + l->p_offset[k]);
}

/* The empty network: no queues, every multi-server station idle. */
static void lattice_start(lattice *l)
{
    for (size_t mask = 0; mask < l->masks; mask++) {
        double *block = lattice_block(l, 0, mask);

        for (size_t k = 0; k < l->stations; k++)
            if (l->bit[k] >= 0)
                block[l->p_offset[k]] = 1.0;
    }
}

/* Next population vector in mixed-radix order. */
static void lattice_advance(lattice *l)
{
    for (size_t i = 0; i < l->classes; i++) {
        size_t c = l->order[i];

        if (l->n[c] < l->net->classes[c].population) {
            l->n[c]++;
            return;
        }
        l->n[c] = 0;
    }
}

/* Runs every state; the full network is solved last at each, so l->r and
 * l->x hold its values at the full population when the loop ends. */
static void lattice_run(lattice *l)
{
    lattice_start(l);
    for (size_t index = 1; index < l->states; index++) {
        lattice_advance(l);
        for (size_t mask = 0; mask < l->masks; mask++)
            lattice_state(l, index, mask);
    }
}

/* Exact MVA: runs the lattice and keeps the full network's values. */
static hr_status solve_exact(const hr_network *net, hr_net_result *res)
{
    lattice l;
    hr_status status = lattice_init(&l, net);

    if (status == HR_OK) {
        lattice_run(&l);
        memcpy(res->residence_s, l.r,
               net->station_count * net->class_count * sizeof *l.r);
        finish_result(net, l.x + (l.masks - 1) * net->class_count, res);
    }
    lattice_release(&l);
    return status;
}

/* ---- approximate MVA ---------------------------------------------------- */

/* Working arrays of Bard-Schweitzer MVA; K x C matrices station-major. */
typedef struct amva {
    const hr_network *net;
    double *queue_demand;   /* D/m: the single-server part (Seidmann) */
    double *delay_demand;   /* D (m-1)/m, or all of D at a delay */
    double *q;              /* queue lengths at the single-server parts */
    double *totals;         /* per station, sum over classes of q */
    double *x;              /* per class throughput */
} amva;

/* Frees the working arrays. */
static void amva_release(amva *a)
{
    free(a->queue_demand);
    free(a->delay_demand);
    free(a->q);
    free(a->totals);
    free(a->x);
}

/* Seidmann's split of each station, and a start with each class's jobs
 * spread over its stations in proportion to demand. */
static void amva_start(amva *a)
{
    const hr_network *net = a->net;

    for (size_t k = 0; k < net->station_count; k++)
        for (size_t c = 0; c < net->class_count; c++) {
            size_t i = at(net, k, c);
            double d = demand(net, k, c), share = 0.0;

            if (queues(net, k))
                share = d / net->stations[k].servers;
            a->queue_demand[i] = share;
            a->delay_demand[i] = d - share;
            a->q[i] = (double)net->classes[c].population * d /
                      (class_demand(net, c) +
                       net->classes[c].think_time_s);
        }
}

/* Allocates the working arrays and sets the starting point. */
static hr_status amva_init(amva *a, const hr_network *net)
{
    size_t cells = net->station_count * net->class_count;

    memset(a, 0, sizeof *a);
    a->net = net;
    a->queue_demand = calloc(cells, sizeof *a->queue_demand);
    a->delay_demand = calloc(cells, sizeof *a->delay_demand);
    a->q = calloc(cells, sizeof *a->q);
    a->totals = calloc(net->station_count, sizeof *a->totals);
    a->x = calloc(net->class_count, sizeof *a->x);
    if (!a->queue_demand || !a->delay_demand || !a->q || !a->totals ||
        !a->x)
        return HR_ERR_NOMEM;
    amva_start(a);
    return HR_OK;
}

/*
 * Residence time of class c at station k. Schweitzer's estimate of the
 * queue an arrival finds at N - e_c is Q_k(N) - Q_kc(N)/N_c: one class-c
 * job's share removed (QSP ch. 7).
 */
static double amva_residence(const amva *a, size_t k, size_t c)
{
    size_t i = at(a->net, k, c);
    double found = a->totals[k] -
                   a->q[i] / (double)a->net->classes[c].population;

    return a->queue_demand[i] * (1.0 + found) + a->delay_demand[i];
}

/* One sweep: new throughputs from the old queue lengths, then new queue
 * lengths; returns the largest relative change of a queue length. */
static double amva_sweep(amva *a, double *r)
{
    const hr_network *net = a->net;
    double change = 0.0;

    for (size_t k = 0; k < net->station_count; k++) {
        a->totals[k] = 0.0;
        for (size_t c = 0; c < net->class_count; c++)
            a->totals[k] += a->q[at(net, k, c)];
    }
    for (size_t c = 0; c < net->class_count; c++) {
        double cycle = net->classes[c].think_time_s;

        for (size_t k = 0; k < net->station_count; k++) {
            r[at(net, k, c)] = amva_residence(a, k, c);
            cycle += r[at(net, k, c)];
        }
        a->x[c] = (double)net->classes[c].population / cycle;
    }
    for (size_t i = 0; i < net->station_count * net->class_count; i++) {
        double fresh = a->x[i % net->class_count] *
                       (r[i] - a->delay_demand[i]);

        if (fresh > 0.0)
            change = fmax(change, fabs(fresh - a->q[i]) / fresh);
        a->q[i] = fresh;
    }
    return change;
}

/* Sweeps until the queue lengths settle or the cap is hit. */
static hr_status solve_approx(const hr_network *net, hr_net_result *res)
{
    amva a;
    hr_status status = amva_init(&a, net);
    double change = INFINITY;

    while (status == HR_OK && change > HR_NET_APPROX_TOLERANCE) {
        if (res->iterations == HR_NET_APPROX_MAX_ITER) {
            status = HR_ERR_NUMERIC;
            break;
        }
        change = amva_sweep(&a, res->residence_s);
        res->iterations++;
    }
    if (status == HR_OK)
        finish_result(net, a.x, res);
    amva_release(&a);
    return status;
}

/* ---- choosing and running a solver -------------------------------------- */

static hr_net_method closed_method(const hr_network *net,
                                   hr_net_method request, bool *fell_back)
{
    double work = INFINITY, cells = INFINITY;
    bool feasible = lattice_cost(net, &work, &cells) &&
                    cells <= HR_NET_EXACT_MAX_CELLS;

    *fell_back = false;
    if (request == HR_NET_APPROX)
        return HR_NET_APPROX;
    if (request == HR_NET_EXACT) {
        if (feasible && work <= HR_NET_EXACT_MAX_WORK)
            return HR_NET_EXACT;
        *fell_back = true;
        return HR_NET_APPROX;
    }
    return feasible && work <= HR_NET_AUTO_MAX_WORK ? HR_NET_EXACT
                                                    : HR_NET_APPROX;
}

/* Closed network by the method chosen for it. */
static hr_status solve_closed(const hr_network *net, hr_net_method request,
                              hr_net_result *res)
{
    res->method = closed_method(net, request, &res->fell_back);
    if (res->method == HR_NET_EXACT)
        return solve_exact(net, res);
    return solve_approx(net, res);
}

/* Checks, then solves as open or closed; see network.h. */
hr_status hr_network_solve(const hr_network *network, hr_net_method method,
                           hr_net_result **out)
{
    hr_net_result *res;
    hr_status status = hr_network_check(network);

    *out = NULL;
    if (status != HR_OK)
        return status;
    if (method != HR_NET_AUTO && method != HR_NET_EXACT &&
        method != HR_NET_APPROX)
        return HR_ERR_DOMAIN;
    res = result_new(network);
    if (!res)
        return HR_ERR_NOMEM;
    if (hr_network_is_closed(network))
        status = solve_closed(network, method, res);
    else
        status = solve_open(network, res);
    if (status != HR_OK && status != HR_ERR_SATURATED) {
        hr_net_result_free(res);
        return status;
    }
    *out = res;
    return status;
}
