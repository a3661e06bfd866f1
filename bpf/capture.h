/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sampler behind `capture` and `sflow`: which frames are drawn, and
 * the records they leave in CAPTURE_EVENTS (struct pf_capture_rec).
 *
 * It lives only in fast_path_sampled and finalize_sampled (objects.h), which
 * funnel every return through one exit in their SEC("xdp") wrapper that
 * records a drawn frame: no exit is missed and no bpf-to-bpf call is made.
 * With no session running, fast_path pays one test of CFG's
 * PF_CFG_SAMPLER. The sampler only reads the frame and never changes a
 * verdict.
 */
#ifndef PF_CAPTURE_H
#define PF_CAPTURE_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "maps.h"
#include "parsing.h"
#include "shared.h"

/*
 * What one run of a sampled program carries to its exit: the session and
 * this CPU's slot, looked up once, and what the record says of the exit.
 * Whether this frame was drawn is read from the slot (c->drawn) wherever it
 * matters, never kept in a register or on the stack: the verifier sees map
 * memory, not a constant per path, so it walks each path once on every
 * kernel (a constant made 5.10's verifier walk finalize twice).
 */
struct pf_exit {
	struct pf_capture_cfg *cc;
	struct pf_capture_cpu *c;
	__u32 counter;    /* the counter explaining the verdict; PF_CAP_ANY: none */
	__u32 egress;     /* forwarded: the port it leaves by */
	__u32 fib_egress; /* forwarded: the FIB's egress */
	__u16 vid;        /* forwarded: the tag pushed or rewritten */
	__u8 vlan_action; /* forwarded: enum pf_vlan_action */
	__u8 pad;
};

/*
 * Does fast_path hand frames to fast_path_sampled? Never in the bench's
 * baseline build (make bench: the sampler's cost measured against none).
 */
static __always_inline int pf_sampler_wanted(const struct pf_cfg *cfg)
{
#ifdef PF_SAMPLER_COMPILED_OUT
	return 0;
#else
	return cfg->flags & PF_CFG_SAMPLER;
#endif
}

/* A sampled program's first step: 0, or -1 (one-entry arrays: it cannot be). */
static __always_inline int pf_cap_open(struct pf_exit *x)
{
	__u32 zero = 0;

	x->cc = bpf_map_lookup_elem(&CAPTURE, &zero);
	x->c = bpf_map_lookup_elem(&CAPTURE_CPU, &zero);
	return x->cc && x->c ? 0 : -1;
}

/* Frames to the next draw: uniform in [1, 2 * rate - 1], mean rate. */
static __always_inline __u32 pf_cap_gap(__u32 rate)
{
	if (rate <= 1)
		return 1;
	return 1 + bpf_get_prandom_u32() % (2 * rate - 1);
}

/* At the entry of fast_path_sampled: does the sampler draw this frame? */
static __always_inline void pf_cap_draw(struct pf_exit *x, __u32 ingress)
{
	struct pf_capture_cfg *cc = x->cc;
	struct pf_capture_cpu *c = x->c;
	struct pf_capture_port *port;
	__u32 key;

	if (c->gen != cc->gen) {
		c->gen = cc->gen;
		c->pool = 0;
		c->lost = 0;
		c->skip = pf_cap_gap(cc->rate);
	}
	c->drawn = 0;
	/* (rate 0: the session ended and its switch is on its way off) */
	if (!cc->rate || (cc->ifindex && cc->ifindex != ingress))
		return;
	c->pool++;
	key = ingress & (PF_CAP_PORTS - 1);
	port = bpf_map_lookup_elem(&CAPTURE_PORT, &key);
	if (port)
		port->pool++;
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
static __always_inline void pf_cap_match(struct pf_exit *x, const struct pf_pkt *p)
{
	struct pf_capture_cfg *cc = x->cc;
	const __u32 *s, *d;
	__u32 ds = 0, dd = 0;
	int i;

	if (!(x->c->drawn & PF_CAP_PENDING) || cc->family != (p->v6 ? 6 : 4))
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
		x->c->drawn = PF_CAP_DRAWN;
}

/* In finalize_sampled: fast_path_sampled's draw, this frame's (same CPU, same run). */
static __always_inline void pf_cap_armed(struct pf_exit *x)
{
	if (x->c->gen != x->cc->gen)
		x->c->drawn = 0; /* a session that began between the two */
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
	struct pf_capture_cfg *cc = x->cc;
	struct pf_capture_cpu *c = x->c;
	struct pf_capture_rec r = {};
	__u64 len;

	/* The action is masked, never range-checked: a check would make the
	 * verifier tell every exit's constant verdict apart. */
	if (c->drawn != PF_CAP_DRAWN || !(cc->verdicts & (1u << (action & 7))))
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
				  sizeof(r))) {
		__u32 key = r.ingress & (PF_CAP_PORTS - 1);
		struct pf_capture_port *port = bpf_map_lookup_elem(&CAPTURE_PORT, &key);

		c->lost++;
		if (port)
			port->lost++;
	}
}

#endif
