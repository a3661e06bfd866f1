// SPDX-License-Identifier: GPL-2.0-or-later
/* Per-CPU counter block, summed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <cjson/cJSON.h>
#include "counter_names.h"
#include "stats.h"

/*
 * Sums the per-CPU blocks of a STATS map. The block size comes from the map,
 * not this build: an older build's pinned map has a smaller one, with the
 * counters it knew in the same places.
 */
int pf_stats_read(int stats_fd, __u64 sum[PF_COUNTER_MAX])
{
	int ncpu = libbpf_num_possible_cpus();
	struct bpf_map_info info = {};
	__u32 key = 0, ilen = sizeof(info);
	size_t stride, n, i;
	__u64 *percpu;
	int cpu, err = 0;

	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	if (bpf_map_get_info_by_fd(stats_fd, &info, &ilen))
		return -errno;
	stride = (info.value_size + 7) / 8;
	n = stride < PF_COUNTER_MAX ? stride : PF_COUNTER_MAX;
	percpu = calloc((size_t)ncpu * stride, sizeof(*percpu));
	if (!percpu)
		return -ENOMEM;
	if (bpf_map_lookup_elem(stats_fd, &key, percpu))
		err = -errno;
	memset(sum, 0, sizeof(__u64) * PF_COUNTER_MAX);
	for (cpu = 0; !err && cpu < ncpu; cpu++)
		for (i = 0; i < n; i++)
			sum[i] += percpu[cpu * stride + i];
	free(percpu);
	return err;
}

bool pf_stats_in_use(int stats_fd, int prog_fd)
{
	struct bpf_map_info minfo = {};
	struct bpf_prog_info pinfo = {};
	__u32 ids[64], mlen = sizeof(minfo), plen = sizeof(pinfo), i;

	if (prog_fd < 0)
		return true;
	if (bpf_map_get_info_by_fd(stats_fd, &minfo, &mlen))
		return false;
	pinfo.nr_map_ids = sizeof(ids) / sizeof(ids[0]);
	pinfo.map_ids = (__u64)(unsigned long)ids;
	if (bpf_prog_get_info_by_fd(prog_fd, &pinfo, &plen))
		return false;
	for (i = 0; i < pinfo.nr_map_ids && i < sizeof(ids) / sizeof(ids[0]); i++)
		if (ids[i] == minfo.id)
			return true;
	return false;
}

cJSON *pf_counters_json(const __u64 sum[PF_COUNTER_MAX], bool watch_runs)
{
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; o && i < PF_COUNTER_MAX; i++)
		if (pf_counter_shown(i, watch_runs))
			cJSON_AddNumberToObject(o, pf_counter_name(i), (double)sum[i]);
	return o;
}
