/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Map definitions of the fast-path object (BPF side only). Sizes here are
 * defaults: userspace resizes from the config before load. Names must match
 * PF_MAPS() in objects.h.
 */
#ifndef PF_MAPS_H
#define PF_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "counters.h"
#include "shared.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pf_cfg);
} CFG SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pf_stats);
} STATS SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} MUTATION_PROGS SEC(".maps");

#endif
