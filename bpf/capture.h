/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sampler behind `capture` and `sflow`: which frames are drawn, and
 * the records they leave in CAPTURE_EVENTS (struct pf_capture_rec).
 *
 * fast_path and finalize each funnel every return through one exit in
 * their SEC("xdp") wrapper, which records a drawn frame: no exit is missed
 * and no bpf-to-bpf call is made. With no session (rate 0) a frame costs
 * an array lookup and a branch at the entry and the same at the exit. The
 * sampler only reads the frame and never changes a verdict.
 */
#ifndef PF_CAPTURE_H
#define PF_CAPTURE_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "maps.h"
#include "parsing.h"
#include "shared.h"

/* What one run of a program leaves for its exit's record. */
struct pf_exit {
	__u32 counter;    /* the counter explaining the verdict; PF_CAP_ANY: none */
	__u32 egress;     /* forwarded: the port it leaves by */
	__u32 fib_egress; /* forwarded: the FIB's egress */
	__u16 vid;        /* forwarded: the tag pushed or rewritten */
	__u8 vlan_action; /* forwarded: enum pf_vlan_action */
	__u8 pad;
};

/* Frames to the next draw: uniform in [1, 2 * rate - 1], mean rate. */
static __always_inline __u32 pf_cap_gap(__u32 rate)
{
	if (rate <= 1)
		return 1;
	return 1 + bpf_get_prandom_u32() % (2 * rate - 1);
}

/* This CPU's sampler while a session runs, else NULL. */
static __always_inline struct pf_capture_cpu *pf_cap_cpu(struct pf_capture_cfg **cfg)
{
	__u32 zero = 0;

	*cfg = bpf_map_lookup_elem(&CAPTURE, &zero);
	if (!*cfg || !(*cfg)->rate)
		return NULL;
	return bpf_map_lookup_elem(&CAPTURE_CPU, &zero);
}

/* At the entry: does the sampler draw this frame? */
static __always_inline void pf_cap_draw(__u32 ingress)
{
	struct pf_capture_cfg *cc;
	struct pf_capture_cpu *c = pf_cap_cpu(&cc);

	if (!c)
		return;
	if (c->gen != cc->gen) {
		c->gen = cc->gen;
		c->pool = 0;
		c->lost = 0;
		c->skip = pf_cap_gap(cc->rate);
	}
	c->drawn = 0;
	if (cc->ifindex && cc->ifindex != ingress)
		return;
	c->pool++;
	if (c->skip > 1) {
		c->skip--;
		return;
	}
	c->skip = pf_cap_gap(cc->rate);
	c->drawn = cc->family ? PF_CAP_DRAWN | PF_CAP_PENDING : PF_CAP_DRAWN;
}

/*
 * After the parse: the prefix filter, on the source or the destination.
 * Arithmetic, one branch at the end: a branch per word would have the
 * verifier walk the rest of fast_path once per outcome.
 */
static __always_inline void pf_cap_match(const struct pf_pkt *p)
{
	struct pf_capture_cfg *cc;
	struct pf_capture_cpu *c = pf_cap_cpu(&cc);
	const __u32 *s, *d;
	__u32 ds = 0, dd = 0;
	int i;

	if (!c || !(c->drawn & PF_CAP_PENDING) || cc->family != (p->v6 ? 6 : 4))
		return;
	if (!p->v6) {
		const struct iphdr *iph = p->l3;

		ds = (iph->saddr ^ cc->addr[0]) & cc->mask[0];
		dd = (iph->daddr ^ cc->addr[0]) & cc->mask[0];
	} else {
		const struct ipv6hdr *ip6 = p->l3;

		s = (const __u32 *)&ip6->saddr;
		d = (const __u32 *)&ip6->daddr;
#pragma unroll
		for (i = 0; i < 4; i++) {
			ds |= (s[i] ^ cc->addr[i]) & cc->mask[i];
			dd |= (d[i] ^ cc->addr[i]) & cc->mask[i];
		}
	}
	if (!ds || !dd)
		c->drawn = PF_CAP_DRAWN;
}

/*
 * One record of a drawn frame as it is now: PF_CAP_IN, or PF_CAP_OUT with
 * its verdict, when the session's verdict and counter filters keep it.
 */
static __always_inline void pf_cap_record(struct xdp_md *ctx, const struct pf_exit *x, __u8 kind,
					  int action)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct pf_capture_rec r = {};
	struct pf_capture_cfg *cc;
	struct pf_capture_cpu *c = pf_cap_cpu(&cc);
	__u64 len;

	/* The action is masked, never range-checked: a check would make the
	 * verifier tell every exit's constant verdict apart. */
	if (!c || c->drawn != PF_CAP_DRAWN || c->gen != cc->gen ||
	    !(cc->verdicts & (1u << (action & 7))))
		return;
	if (kind == PF_CAP_OUT && cc->counter != PF_CAP_ANY && cc->counter != x->counter)
		return;
	len = (__u64)(data_end - data);
	r.ns = bpf_ktime_get_ns();
	r.seq = c->pool;
	r.ingress = ctx->ingress_ifindex;
	r.egress = x->egress;
	r.fib_egress = x->fib_egress;
	r.counter = x->counter;
	r.frame_len = (__u32)len;
	if (len > cc->snaplen)
		len = cc->snaplen;
	r.cap_len = (__u32)len;
	r.vid = x->vid;
	r.kind = kind;
	r.action = (__u8)action;
	r.vlan_action = x->vlan_action;
	if (bpf_perf_event_output(ctx, &CAPTURE_EVENTS, BPF_F_CURRENT_CPU | (len << 32), &r,
				  sizeof(r)))
		c->lost++;
}

#endif
