// SPDX-License-Identifier: GPL-2.0-or-later
/* One read of the pinned fast path (see snapshot.h). */
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include "guard.h"
#include "lifecycle.h"
#include "links.h"
#include "snapshot.h"
#include "stats.h"
#include "watch.h"

long pf_map_entries(int fd)
{
	unsigned char key[64], next[64];
	void *prev = NULL;
	long n = 0;

	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, sizeof(key));
		prev = key;
		n++;
	}
	return n;
}

static int live_links(const struct pf_paths *p)
{
	struct pf_link_info li;
	char **pins;
	size_t n, i;
	int live = 0;

	if (pf_link_pins(p, &pins, &n))
		return 0;
	for (i = 0; i < n; i++) {
		pf_link_inspect(p, pins[i], &li);
		live += li.live;
	}
	pf_free_names(pins, n);
	return live;
}

void pf_snapshot_take(const struct pf_paths *p, const struct pf_inst *in, struct pf_snapshot *s)
{
	struct pf_cfg cfg;
	char why[PATH_MAX + 128];
	__u32 zero = 0;
	int i;

	memset(s, 0, sizeof(*s));
	s->programs = in->prog_fd[PF_PROG_fast_path] >= 0;
	s->guard_tripped = pf_guard_is_tripped(p);
	s->attached = live_links(p);
	snprintf(s->pinned_build, sizeof(s->pinned_build), "%s", in->meta.build_id);
	snprintf(s->pinned_version, sizeof(s->pinned_version), "%s", in->meta.version);
	if (in->map_fd[PF_MAP_CFG] >= 0 &&
	    !bpf_map_lookup_elem(in->map_fd[PF_MAP_CFG], &zero, &cfg)) {
		s->have_cfg = true;
		s->dry_run = cfg.dry_run;
	}
	s->have_counters =
		in->map_fd[PF_MAP_STATS] >= 0 &&
		pf_stats_in_use(in->map_fd[PF_MAP_STATS], in->prog_fd[PF_PROG_fast_path]) &&
		!pf_stats_read(in->map_fd[PF_MAP_STATS], s->c);
	s->watch_runs = pf_watch_runs(p, in, why, sizeof(why));
	s->have_softnet = !pf_softnet_read(&s->softnet);
	for (i = 0; i < PF_MAP_COUNT; i++) {
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);

		if (!pf_maps[i].shown || in->map_fd[i] < 0 ||
		    bpf_map_get_info_by_fd(in->map_fd[i], &info, &len))
			continue;
		s->fill[i].present = true;
		s->fill[i].entries = pf_map_entries(in->map_fd[i]);
		s->fill[i].max_entries = info.max_entries;
	}
}
