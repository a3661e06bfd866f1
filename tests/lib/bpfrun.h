/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test helpers around the loaded object: run one frame through a program with
 * BPF_PROG_TEST_RUN (tail calls included) and read counter deltas.
 */
#ifndef PF_BPFRUN_H
#define PF_BPFRUN_H

#include <stddef.h>
#include <linux/types.h>
#include "bpf/counters.h"

struct bpf_object;

struct t_run {
	__u32 retval;          /* XDP verdict */
	unsigned char out[4096];
	__u32 out_len;
	__u64 delta[PF_COUNTER_MAX]; /* counters after minus before */
};

/* Run `in` through fast_path of `obj`; 0 or -errno. ifindex 0 = none. */
int t_run_frame(struct bpf_object *obj, const void *in, size_t len, int ingress_ifindex,
		struct t_run *r);

/* By name, for the test-only objects (the fast path's go by manifest id). */
int t_prog_fd(struct bpf_object *obj, const char *prog);
int t_map_fd(struct bpf_object *obj, const char *map);

#endif
