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

int pf_stats_read(int stats_fd, __u64 sum[PF_COUNTER_MAX])
{
	int ncpu = libbpf_num_possible_cpus();
	struct pf_stats *percpu;
	__u32 key = 0;
	int cpu, i;

	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	percpu = calloc((size_t)ncpu, sizeof(*percpu));
	if (!percpu)
		return -ENOMEM;
	if (bpf_map_lookup_elem(stats_fd, &key, percpu)) {
		int err = -errno;

		free(percpu);
		return err;
	}
	memset(sum, 0, sizeof(__u64) * PF_COUNTER_MAX);
	for (cpu = 0; cpu < ncpu; cpu++)
		for (i = 0; i < PF_COUNTER_MAX; i++)
			sum[i] += percpu[cpu].c[i];
	free(percpu);
	return 0;
}

cJSON *pf_counters_json(const __u64 sum[PF_COUNTER_MAX])
{
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; o && i < PF_COUNTER_MAX; i++)
		if (!pf_counter_reserved(i))
			cJSON_AddNumberToObject(o, pf_counter_name(i), (double)sum[i]);
	return o;
}
