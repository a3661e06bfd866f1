/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the pinned fast path looks like right now, read once and shared by
 * `stats`, the metrics textfile and `status`: attached or not, the build,
 * dry-run, counters and map fill. Nothing in it claims more than was read.
 */
#ifndef PF_SNAPSHOT_H
#define PF_SNAPSHOT_H

#include <stdbool.h>
#include <linux/types.h>
#include "bpf/counters.h"
#include "instance.h"
#include "softnet.h"

struct pf_map_fill {
	bool present;
	long entries;
	__u32 max_entries;
};

struct pf_snapshot {
	bool programs; /* fast_path is pinned */
	int attached;  /* links that are live */
	bool have_cfg, dry_run;
	bool have_counters;
	bool watch_runs; /* the redirect watch counts err_redirect (pf_watch_runs) */
	__u64 c[PF_COUNTER_MAX];
	bool guard_tripped; /* the circuit breaker's flag is set */
	bool have_softnet;
	struct pf_softnet softnet;             /* the kernel's receive-path losses */
	struct pf_map_fill fill[PF_MAP_COUNT]; /* maps the manifest shows */
	char pinned_build[24], pinned_version[24];
};

/* Entries of a hash or LPM map (walks its keys). */
long pf_map_entries(int fd);

void pf_snapshot_take(const struct pf_paths *p, const struct pf_inst *in, struct pf_snapshot *s);

#endif
