// SPDX-License-Identifier: GPL-2.0-or-later
/* BPF_PROG_TEST_RUN of one frame with counter deltas. */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfrun.h"
#include "fp/manifest.h"
#include "fp/stats.h"

int t_prog_fd(struct bpf_object *obj, const char *prog)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, prog);

	return p ? bpf_program__fd(p) : -ENOENT;
}

int t_map_fd(struct bpf_object *obj, const char *map)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, map);

	return m ? bpf_map__fd(m) : -ENOENT;
}

int t_run_frame(struct bpf_object *obj, const void *in, size_t len, int ingress_ifindex,
		struct t_run *r)
{
	struct xdp_md ctx_in = { .data_end = (__u32)len, .ingress_ifindex = (__u32)ingress_ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_size_in = (__u32)len,
		    .data_out = r->out, .data_size_out = sizeof(r->out), .repeat = 1);
	__u64 before[PF_COUNTER_MAX], after[PF_COUNTER_MAX];
	int fd = pf_obj_prog_fd(obj, PF_PROG_fast_path), stats = pf_obj_map_fd(obj, PF_MAP_STATS);
	int err, i;

	if (fd < 0 || stats < 0)
		return -ENOENT;
	if (ingress_ifindex) {
		opts.ctx_in = &ctx_in;
		opts.ctx_size_in = sizeof(ctx_in);
	}
	err = pf_stats_read(stats, before);
	if (err)
		return err;
	if (bpf_prog_test_run_opts(fd, &opts))
		return -errno;
	r->retval = opts.retval;
	r->out_len = opts.data_size_out;
	err = pf_stats_read(stats, after);
	if (err)
		return err;
	for (i = 0; i < PF_COUNTER_MAX; i++)
		r->delta[i] = after[i] - before[i];
	return 0;
}
