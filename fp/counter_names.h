/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Userspace view of the counter list in bpf/counters.h: names and help text
 * by index, in the order the BPF programs count them.
 */
#ifndef PF_COUNTER_NAMES_H
#define PF_COUNTER_NAMES_H

#include <stdbool.h>
#include "bpf/counters.h"

const char *pf_counter_name(unsigned int idx);
const char *pf_counter_help(unsigned int idx);
/*
 * Is the counter reported? Not a RESERVED one (nothing counts it), and a
 * WATCH one only while the redirect watch runs (else its 0 would be a claim).
 */
bool pf_counter_shown(unsigned int idx, bool watch_runs);

/* Its Prometheus name: packetframe_<name>_total. */
void pf_counter_metric(unsigned int idx, char *buf, size_t len);

/* Every counter as JSON ({name, kind, help, metric, guard_signal}), for docs. */
struct cJSON;
struct cJSON *pf_counters_reference_json(void);

#endif
