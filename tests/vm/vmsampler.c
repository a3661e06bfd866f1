// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sampler on this VM's kernel (capture, sflow): with a session set up
 * as `capture` sets it (CAPTURE, PF_CFG_SAMPLER in CFG) and the perf buffers
 * read, one frame through the pinned fast_path must leave its records, with
 * its bytes: a forward's arrival and departure where BPF_PROG_TEST_RUN takes
 * an ingress port (5.11 and later), else the frame handed to the kernel.
 * The verdict and the output bytes are the ones the fixtures expect without
 * the sampler.
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf/counters.h"
#include "bpf/shared.h"
#include "fp/frame.h"
#include "fp/instance.h"
#include "fp/manifest.h"
#include "vm.h"

struct rec {
	struct pf_capture_rec r;
	__u8 bytes[600];
};

static struct rec recs[4];
static int n_recs;

static void on_record(void *ctx, int cpu, void *data, __u32 size)
{
	const struct pf_capture_rec *r = data;

	(void)ctx;
	(void)cpu;
	if (n_recs >= 4 || size < sizeof(*r) || r->cap_len > sizeof(recs[0].bytes) ||
	    r->cap_len > size - sizeof(*r))
		return;
	recs[n_recs].r = *r;
	memcpy(recs[n_recs].bytes, r + 1, r->cap_len);
	n_recs++;
}

static void session(const struct pf_inst *in, bool on)
{
	struct pf_capture_cfg cc = {
		.rate = on, .gen = 1, .snaplen = 65535, .counter = PF_CAP_ANY, .verdicts = 0xff
	};
	struct pf_cfg cfg;
	__u32 zero = 0;

	bpf_map_update_elem(in->map_fd[PF_MAP_CAPTURE], &zero, &cc, BPF_ANY);
	if (!bpf_map_lookup_elem(in->map_fd[PF_MAP_CFG], &zero, &cfg)) {
		cfg.flags = on ? cfg.flags | PF_CFG_SAMPLER : cfg.flags & (__u8)~PF_CFG_SAMPLER;
		bpf_map_update_elem(in->map_fd[PF_MAP_CFG], &zero, &cfg, BPF_ANY);
	}
}

static bool same(const struct rec *r, const __u8 *bytes, size_t len)
{
	return r->r.cap_len == len && r->r.frame_len == len && !memcmp(r->bytes, bytes, len);
}

void vm_sampler(const struct pf_inst *in, int with_ingress, const __u8 *nh, const __u8 *smac)
{
	static __u8 ib[512], wb[512], out[600];
	struct xdp_md x = { .ingress_ifindex = if_nametoindex("in0") };
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = ib, .data_out = out,
		    .data_size_out = sizeof(out), .repeat = 1);
	struct pf_frame s, o;
	struct perf_buffer *pb;
	size_t il, wl;
	int err;

	pf_frame_init(&s, 0, "100.64.0.2", "198.51.100.7", 17);
	o = pf_frame_forwarded(&s, nh, smac);
	il = pf_frame_build(&s, ib, sizeof(ib));
	wl = pf_frame_build(&o, wb, sizeof(wb));
	t.data_size_in = (__u32)il;
	if (with_ingress) {
		x.data_end = (__u32)il;
		t.ctx_in = &x;
		t.ctx_size_in = sizeof(x);
	}
	pb = perf_buffer__new(in->map_fd[PF_MAP_CAPTURE_EVENTS], 8, on_record, NULL, NULL, NULL);
	result(pb != NULL, "sampler_perf_buffers", "perf_buffer__new: %s", strerror(errno));
	if (!pb)
		return;
	session(in, true);
	err = bpf_prog_test_run_opts(in->prog_fd[PF_PROG_fast_path], &t);
	session(in, false);
	perf_buffer__consume(pb);
	perf_buffer__free(pb);
	if (err) {
		result(0, "sampler_records", "test_run: %s", strerror(errno));
		return;
	}
	if (with_ingress) {
		result(t.retval == XDP_REDIRECT && t.data_size_out == wl && !memcmp(out, wb, wl),
		       "sampler_forward_unchanged", "verdict %u, %u bytes (want REDIRECT, %zu)",
		       t.retval, t.data_size_out, wl);
		result(n_recs == 2 && recs[0].r.kind == PF_CAP_IN && same(&recs[0], ib, il) &&
			       recs[1].r.kind == PF_CAP_OUT && recs[1].r.action == XDP_REDIRECT &&
			       recs[1].r.counter == PF_C_fwd_ok && same(&recs[1], wb, wl) &&
			       recs[0].r.seq == recs[1].r.seq,
		       "sampler_forward_records", "%d records (want IN as sent, OUT as forwarded)",
		       n_recs);
	} else {
		/* No ingress port before 5.11: the frame is not the fast path's to forward. */
		result(t.retval == XDP_PASS && n_recs == 1 && recs[0].r.kind == PF_CAP_OUT &&
			       recs[0].r.action == XDP_PASS &&
			       recs[0].r.counter == PF_C_pass_iface_unknown &&
			       same(&recs[0], ib, il),
		       "sampler_pass_record", "verdict %u, %d records (want PASS, 1 as sent)",
		       t.retval, n_recs);
	}
}
