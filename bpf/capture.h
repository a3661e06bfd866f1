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

/* What one run of a program leaves for its exit's record. */
struct pf_exit {
	/*
	 * PF_CAP_DRAWN (| PF_CAP_PENDING): the sampler drew this frame. Never a
	 * constant the verifier could tell apart per path: it is read back from
	 * the map (READ_ONCE), so every path is walked once, not once per value.
	 */
	__u32 drawn;
	__u32 counter;    /* the counter explaining the verdict; PF_CAP_ANY: none */
	__u32 egress;     /* forwarded: the port it leaves by */
	__u32 fib_egress; /* forwarded: the FIB's egress */
	__u16 vid;        /* forwarded: the tag pushed or rewritten */
	__u8 vlan_action; /* forwarded: enum pf_vlan_action */
	__u8 pad;
};

#define PF_READ_ONCE(v) (*(volatile __typeof__(v) *)&(v))

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

/* Frames to the next draw: uniform in [1, 2 * rate - 1], mean rate. */
static __always_inline __u32 pf_cap_gap(__u32 rate)
{
	if (rate <= 1)
		return 1;
	return 1 + bpf_get_prandom_u32() % (2 * rate - 1);
}

/*
 * At the entry, when PF_CFG_SAMPLER says a session runs: does the sampler
 * draw this frame? The answer is also left in this CPU's slot for finalize.
 */
static __always_inline void pf_cap_draw(struct pf_exit *x, __u32 ingress)
{
	struct pf_capture_cfg *cc;
	struct pf_capture_cpu *c;
	__u32 zero = 0;

	cc = bpf_map_lookup_elem(&CAPTURE, &zero);
	if (!cc || !cc->rate)
		return;
	c = bpf_map_lookup_elem(&CAPTURE_CPU, &zero);
	if (!c)
		return;
	if (c->gen != cc->gen) {
		c->gen = cc->gen;
		c->pool = 0;
		c->lost = 0;
		c->skip = pf_cap_gap(cc->rate);
	}
	c->drawn = 0;
	if (!cc->ifindex || cc->ifindex == ingress) {
		c->pool++;
		if (c->skip > 1) {
			c->skip--;
		} else {
			c->skip = pf_cap_gap(cc->rate);
			c->drawn = cc->family ? PF_CAP_DRAWN | PF_CAP_PENDING : PF_CAP_DRAWN;
		}
	}
	x->drawn = PF_READ_ONCE(c->drawn);
}

/*
 * After the parse: the prefix filter, on the source or the destination.
 * Arithmetic, one branch at the end: a branch per word would have the
 * verifier walk the rest of fast_path once per outcome.
 */
static __always_inline void pf_cap_match(struct pf_exit *x, const struct pf_pkt *p)
{
	struct pf_capture_cfg *cc;
	struct pf_capture_cpu *c;
	const __u32 *s, *d;
	__u32 ds = 0, dd = 0, zero = 0;
	int i;

	if (!(x->drawn & PF_CAP_PENDING))
		return;
	cc = bpf_map_lookup_elem(&CAPTURE, &zero);
	c = bpf_map_lookup_elem(&CAPTURE_CPU, &zero);
	if (!cc || !c || cc->family != (p->v6 ? 6 : 4))
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
	if (ds && dd)
		return;
	c->drawn = PF_CAP_DRAWN;
	x->drawn = PF_READ_ONCE(c->drawn);
}

/* In finalize: did fast_path draw this frame (same CPU, same run)? */
static __always_inline void pf_cap_armed(struct pf_exit *x)
{
	struct pf_capture_cfg *cc;
	struct pf_capture_cpu *c;
	__u32 zero = 0;

	cc = bpf_map_lookup_elem(&CAPTURE, &zero);
	if (!cc || !cc->rate)
		return;
	c = bpf_map_lookup_elem(&CAPTURE_CPU, &zero);
	if (c && c->gen == cc->gen)
		x->drawn = PF_READ_ONCE(c->drawn);
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
	struct pf_capture_cpu *c;
	__u32 zero = 0;
	__u64 len;

	if (x->drawn != PF_CAP_DRAWN)
		return;
	cc = bpf_map_lookup_elem(&CAPTURE, &zero);
	c = bpf_map_lookup_elem(&CAPTURE_CPU, &zero);
	/* The action is masked, never range-checked: a check would make the
	 * verifier tell every exit's constant verdict apart. */
	if (!cc || !c || !(cc->verdicts & (1u << (action & 7))))
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
