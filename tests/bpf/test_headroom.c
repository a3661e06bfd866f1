// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * No headroom for a VLAN push: a wrapper (testprogs.bpf.c headroom_wrap) uses
 * up all of the frame's headroom before tail-calling fast_path, as a driver
 * with no spare headroom would hand it over. The push path must then pass the
 * frame untouched with pass_no_headroom, while paths that need no headroom
 * still forward.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "fp/counter_names.h"
#include "fp/stats.h"
#include "fixture.h"
#include "tpl.h"

struct wrap {
	struct bpf_object *obj;
	int prog, target, tpl;
};

/* Run `target` behind headroom_wrap with `burn` bytes of headroom used up. */
static int run_burnt(struct t_world *w, struct wrap *x, int target, const __u8 *f, __u32 burn,
		     struct t_run *r)
{
	struct xdp_md ctx = { .data_end = TPL_BYTES, .ingress_ifindex = (__u32)w->in0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f, .data_size_in = TPL_BYTES,
		    .data_out = r->out, .data_size_out = sizeof(r->out), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);
	struct tpl t = { .len = TPL_BYTES, .burn = burn };
	__u64 before[PF_COUNTER_MAX], after[PF_COUNTER_MAX];
	__u32 zero = 0;
	int i, stats = pf_obj_map_fd(w->obj, PF_MAP_STATS);

	memcpy(t.bytes, f, TPL_BYTES);
	if (bpf_map_update_elem(x->tpl, &zero, &t, BPF_ANY) ||
	    bpf_map_update_elem(x->target, &zero, &target, BPF_ANY))
		return -errno;
	if (pf_stats_read(stats, before) || bpf_prog_test_run_opts(x->prog, &o) ||
	    pf_stats_read(stats, after))
		return -errno;
	r->retval = o.retval;
	r->out_len = o.data_size_out;
	for (i = 0; i < PF_COUNTER_MAX; i++)
		r->delta[i] = after[i] - before[i];
	return 0;
}

PF_TEST(fx_no_headroom_for_push_pristine)
{
	static __u8 push[TPL_BYTES], plain[TPL_BYTES], base[4096];
	static struct t_run r;
	const char *path = getenv("PF_TESTPROGS_OBJ");
	struct wrap x = { 0 };
	struct pf_frame s;
	__u32 burn, base_len;
	int pass_prog, fp;
	T_NEED_WORLD(w);

	T_ASSERT(path, "PF_TESTPROGS_OBJ not set (run through make test)");
	x.obj = bpf_object__open_file(path, NULL);
	T_ASSERT(x.obj && !bpf_object__load(x.obj), "cannot load %s", path);
	x.prog = t_prog_fd(x.obj, "headroom_wrap");
	x.target = t_map_fd(x.obj, "BENCH_TARGET");
	x.tpl = t_map_fd(x.obj, "BENCH_TPL");
	pass_prog = t_prog_fd(x.obj, "ref_pass");
	fp = pf_obj_prog_fd(w->obj, PF_PROG_fast_path);

	pf_frame_init(&s, 0, "100.64.0.2", "198.51.102.7", 17); /* egress needs a push */
	s.payload = 20;
	pf_frame_build(&s, push, sizeof(push));
	pf_frame_init(&s, 0, "100.64.0.2", "198.51.100.7", 17); /* plain forward */
	s.payload = 20;
	pf_frame_build(&s, plain, sizeof(plain));

	/* The most headroom the wrapper can take: nothing is left after it. */
	for (burn = 512; burn > 0; burn--)
		if (!run_burnt(w, &x, pass_prog, push, burn, &r) && r.retval == XDP_PASS)
			break;
	T_ASSERT(burn > 0, "headroom_wrap could not use up any headroom");
	printf("INFO test_run headroom used up: %u bytes\n", burn);
	memcpy(base, r.out, r.out_len);
	base_len = r.out_len;

	T_ASSERT(!run_burnt(w, &x, fp, push, burn, &r), "run");
	T_EQ_U64(r.retval, XDP_PASS, "verdict without headroom");
	T_EQ_U64(r.delta[PF_C_pass_no_headroom], 1, "pass_no_headroom");
	T_EQ_U64(r.delta[PF_C_fwd_ok], 0, "fwd_ok");
	T_CHECK(r.out_len == base_len && !memcmp(r.out, base, base_len),
		"frame passed without headroom is not byte-identical");

	/* A forward that needs no headroom is unaffected. */
	T_ASSERT(!run_burnt(w, &x, fp, plain, burn, &r), "run");
	T_EQ_U64(r.retval, XDP_REDIRECT, "plain forward without headroom");
	T_EQ_U64(r.delta[PF_C_fwd_ok], 1, "fwd_ok");
	bpf_object__close(x.obj);
}
