/*
 * network_file.h - reads a queueing network from YAML for `headroom
 * queue`.
 *
 * The layout (see the *.network.yaml files in models/examples):
 *
 *     name: text                       optional
 *     source: text                     optional, where the figures come from
 *     classes:                         open or closed, not both
 *       - name: users
 *         population: 100              closed: whole number of jobs
 *         think_time_s: 300            closed, optional (default 0)
 *       - name: orders
 *         arrival_rate: 0.75           open: jobs per second
 *     stations:
 *       - name: cpu
 *         type: queue                  queue (default) or delay
 *         servers: 1                   queue only, default 1
 *         demands:                     by class name
 *           users: {demand_s: 0.63}
 *           orders: {visits: 16, service_time_s: 0.125}
 *
 * Classes, stations and demand entries may also carry a `source:` text.
 */
#ifndef HR_INPUT_NETWORK_FILE_H
#define HR_INPUT_NETWORK_FILE_H

#include "headroom/error.h"
#include "headroom/network.h"

/* Reads and checks a network file. HR_OK with *out set (free it with
 * hr_network_free()); otherwise *out is NULL and the status is HR_ERR_IO,
 * HR_ERR_PARSE or HR_ERR_INVALID (every problem is in diags, located by
 * file, line and column), or HR_ERR_NOMEM. */
hr_status hr_network_load(const char *path, hr_network **out,
                          hr_diags *diags);

#endif
