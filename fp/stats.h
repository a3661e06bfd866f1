/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the per-CPU counter block (STATS[0]) and summing it over CPUs.
 */
#ifndef PF_STATS_H
#define PF_STATS_H

#include <stdbool.h>
#include "bpf/counters.h"

/* Sum STATS[0] over all possible CPUs into sum[PF_COUNTER_MAX]; 0 or -errno. */
int pf_stats_read(int stats_fd, __u64 sum[PF_COUNTER_MAX]);

/*
 * Is the pinned block the one prog_fd counts into? Not after a crash in the
 * middle of an upgrade, or when something replaced the pin. True without a
 * program.
 */
bool pf_stats_in_use(int stats_fd, int prog_fd);

/* {"rx_total": N, ...} in counter-list order, the counters pf_counter_shown() allows. */
struct cJSON;
struct cJSON *pf_counters_json(const __u64 sum[PF_COUNTER_MAX], bool watch_runs);

#endif
