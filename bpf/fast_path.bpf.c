// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP programs: fast_path (attached to every configured interface) and
 * finalize (reached only by a tail call from PROG_ARRAY slot 0), and their
 * twins with the sampler, for while a capture or sflow session runs
 * (capture.h); with them, in this one object so they share STATS and
 * IFACES, the redirect watch's tracepoint programs (redirect_watch.h).
 *
 * Invariants:
 *  - XDP_PASS always hands the kernel the frame exactly as it arrived (on a
 *    port with the head-shift quirk: as the quirk re-exposed it): every check
 *    that can fail runs before the first write.
 *  - No bpf-to-bpf calls: every helper is __always_inline (kernels that
 *    cannot JIT tail calls mixed with subprograms reject such objects).
 *  - fast_path never writes the frame when it tail-calls: if the tail call
 *    fails the frame is still pristine. finalize does all of that frame's
 *    writes and cannot fail after the first one: the redirect target is
 *    recorded (and its devmap entry checked) before any write.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "capture.h"
#include "counters.h"
#include "csum.h"
#include "fib.h"
#include "maps.h"
#include "martian.h"
#include "mss.h"
#include "objects.h"
#include "parsing.h"
#include "redirect_watch.h"

#define COUNT(st, name) ((st)->c[PF_C_##name]++)

/* Bump a counter chosen at run time (bounded for the verifier). */
static __always_inline void count_idx(struct pf_stats *st, __u32 counter)
{
	if (counter >= PF_COUNTER_MAX)
		counter = PF_C_err_fib_other;
	st->c[counter]++;
}

/* Hand the frame to the kernel as it is, counted (and told to the sampler). */
static __always_inline int pass(struct pf_stats *st, struct pf_exit *x, __u32 counter)
{
	count_idx(st, counter);
	x->counter = counter;
	return XDP_PASS;
}

/*
 * One IPv4 allowlist answer: ALLOW24_V4's bits for its /24, and ALLOW_V4
 * only inside a /24 that longer prefixes cut up.
 */
static __always_inline int pf_allow4(__be32 addr)
{
	__u32 a24 = bpf_ntohl(addr) >> 8, w = a24 / PF_ALLOW24_PER_WORD, bits;
	struct pf_lpm4 k;
	__u64 *word;

	word = bpf_map_lookup_elem(&ALLOW24_V4, &w);
	if (!word)
		return 0;
	bits = (__u32)(*word >> 2 * (a24 % PF_ALLOW24_PER_WORD)) & 3;
	if (bits & PF_ALLOW24_ALL)
		return 1;
	if (!(bits & PF_ALLOW24_SOME))
		return 0;
	k.prefixlen = 32;
	*(__be32 *)k.addr = addr;
	return bpf_map_lookup_elem(&ALLOW_V4, &k) != NULL;
}

/*
 * One IPv6 allowlist answer: the per-CPU cache slot for this address when it
 * is of the current generation, else the LPM trie (and the slot is refilled).
 */
static __always_inline int pf_allow6(const struct pf_lpm6 *key, __u32 gen)
{
	const __u32 *a = (const __u32 *)key->addr;
	struct pf_allow_slot *slot = NULL;
	__u32 h;
	int hit;

	if (gen) {
		h = ((a[0] ^ a[1] ^ a[2] ^ a[3]) * 0x9e3779b1u) >> (32 - PF_ALLOW_CACHE_BITS);
		slot = bpf_map_lookup_elem(&ALLOW_CACHE, &h);
		if (slot && slot->gen == gen && slot->v6 && slot->addr[0] == a[0] &&
		    slot->addr[1] == a[1] && slot->addr[2] == a[2] && slot->addr[3] == a[3])
			return slot->hit;
	}
	hit = bpf_map_lookup_elem(&ALLOW_V6, key) != NULL;
	if (slot) {
		slot->gen = gen;
		slot->v6 = 1;
		slot->hit = hit;
		slot->addr[0] = a[0];
		slot->addr[1] = a[1];
		slot->addr[2] = a[2];
		slot->addr[3] = a[3];
	}
	return hit;
}

/* The allowlist: src or dst in ALLOW24_V4/ALLOW_V4 or ALLOW_V6. Counts the match kind. */
static __always_inline int pf_allowed(struct pf_stats *st, const struct pf_pkt *p, __u32 gen)
{
	int src_hit, dst_hit;

	if (!p->v6) {
		const struct iphdr *iph = p->l3;

		src_hit = pf_allow4(iph->saddr);
		dst_hit = pf_allow4(iph->daddr);
	} else {
		const struct ipv6hdr *ip6 = p->l3;
		struct pf_lpm6 k;

		k.prefixlen = 128;
		pf_copy6(k.addr, &ip6->saddr);
		src_hit = pf_allow6(&k, gen);
		pf_copy6(k.addr, &ip6->daddr);
		dst_hit = pf_allow6(&k, gen);
	}
	/* Keep LLVM from merging the two answers in ways the verifier refuses. */
	barrier_var(src_hit);
	barrier_var(dst_hit);
	if (!src_hit && !dst_hit)
		return 0;
	if (p->v6)
		COUNT(st, matched_v6);
	else
		COUNT(st, matched_v4);
	if (src_hit && dst_hit)
		COUNT(st, matched_both);
	else if (src_hit)
		COUNT(st, matched_src_only);
	else
		COUNT(st, matched_dst_only);
	return 1;
}

static __always_inline int pf_blocked(const struct pf_pkt *p)
{
	if (!p->v6) {
		const struct iphdr *iph = p->l3;
		struct pf_lpm4 k;

		k.prefixlen = 32;
		*(__u32 *)k.addr = iph->daddr;
		return bpf_map_lookup_elem(&BLOCK_V4, &k) != NULL;
	} else {
		const struct ipv6hdr *ip6 = p->l3;
		struct pf_lpm6 k;

		k.prefixlen = 128;
		pf_copy6(k.addr, &ip6->daddr);
		return bpf_map_lookup_elem(&BLOCK_V6, &k) != NULL;
	}
}

/*
 * The receiving port's entry: from the per-CPU last-port slot when it is of
 * the current generation (NAPI polls one device at a time, so it mostly is),
 * else from IFACES (and the slot is refilled).
 */
static __always_inline struct pf_iface *pf_iface(__u32 ifindex, __u32 gen)
{
	struct pf_iface_slot *slot;
	struct pf_iface *ifc;
	__u32 zero = 0;

	slot = bpf_map_lookup_elem(&IFACE_CACHE, &zero);
	if (slot && gen && slot->gen == gen && slot->ifindex == ifindex)
		return &slot->iface;
	ifc = bpf_map_lookup_elem(&IFACES, &ifindex);
	if (ifc && slot && gen) {
		slot->ifindex = ifindex;
		slot->gen = gen;
		slot->iface = *ifc;
	}
	return ifc;
}

/*
 * VLAN_RESOLVE for a FIB egress (NULL: not a subinterface), through the
 * per-CPU last-egress slot when it is of the current generation.
 */
static __always_inline const struct pf_vlan_out *pf_vlan_out(__u32 ifindex, __u32 gen)
{
	struct pf_egress_slot *slot;
	struct pf_vlan_out *v;
	__u32 zero = 0;

	slot = bpf_map_lookup_elem(&EGRESS_CACHE, &zero);
	if (slot && gen && slot->gen == gen && slot->ifindex == ifindex)
		return slot->tagged ? &slot->out : NULL;
	v = bpf_map_lookup_elem(&VLAN_RESOLVE, &ifindex);
	if (slot && gen) {
		slot->ifindex = ifindex;
		slot->gen = gen;
		slot->tagged = v != NULL;
		if (v)
			slot->out = *v;
	}
	return v;
}

/* One direct lookup of addr, as arriving on ifindex. */
static __always_inline long pf_fib4_direct(struct xdp_md *ctx, struct bpf_fib_lookup *fib,
					   __be32 addr, __u32 ifindex)
{
	pf_fib_fill_probe4(fib, addr, ifindex);
	return bpf_fib_lookup(ctx, fib, sizeof(*fib), BPF_FIB_LOOKUP_DIRECT);
}

/*
 * Has IPv4's local table split from main since `apply` (PF_CFG_FIB_PROBE4),
 * or can the probe no longer tell? Once a probe of any CPU found so, yes;
 * else this CPU probes every PF_FIB_PROBE_EVERY frames. fib is scratch.
 */
static __always_inline int pf_fib4_split(struct xdp_md *ctx, struct bpf_fib_lookup *fib, __u32 gen)
{
	struct pf_fib_probe_cpu *c;
	struct pf_fib_probe *probe;
	__u64 *split;
	__u32 zero = 0;

	split = bpf_map_lookup_elem(&FIB_SPLIT4, &zero);
	c = bpf_map_lookup_elem(&FIB_PROBE_CPU, &zero);
	if (!split || !c)
		return 1;
	if (*split == PF_FIB_SPLIT_AT(gen))
		return 1;
	if (c->gen != gen) {
		c->gen = gen;
		c->countdown = 0;
	}
	if (c->countdown) {
		c->countdown--;
		return 0;
	}
	c->countdown = PF_FIB_PROBE_EVERY - 1;
	probe = bpf_map_lookup_elem(&FIB_PROBE4, &zero);
	if (probe && probe->own && probe->other &&
	    pf_fib4_direct(ctx, fib, probe->other, probe->ifindex) != BPF_FIB_LKUP_RET_NOT_FWDED &&
	    pf_fib4_direct(ctx, fib, probe->own, probe->ifindex) == BPF_FIB_LKUP_RET_NOT_FWDED)
		return 0;
	/* Split, or no evidence either way: the full lookup is always right. */
	*split = PF_FIB_SPLIT_AT(gen);
	return 1;
}

/* Counter for a bpf_fib_lookup result other than SUCCESS. */
static __always_inline int pf_fib_counter(long rc)
{
	switch (rc) {
	case BPF_FIB_LKUP_RET_BLACKHOLE:
		return PF_C_drop_unreachable;
	case BPF_FIB_LKUP_RET_UNREACHABLE:
		return PF_C_pass_unreachable;
	case BPF_FIB_LKUP_RET_PROHIBIT:
		return PF_C_pass_prohibit;
	case BPF_FIB_LKUP_RET_NOT_FWDED:
		return PF_C_pass_not_fwded;
	case BPF_FIB_LKUP_RET_FWD_DISABLED:
		return PF_C_pass_fwd_disabled;
	case BPF_FIB_LKUP_RET_UNSUPP_LWT:
		return PF_C_pass_unsupp_lwt;
	case BPF_FIB_LKUP_RET_NO_NEIGH:
		return PF_C_pass_no_neigh;
	case BPF_FIB_LKUP_RET_FRAG_NEEDED:
		return PF_C_pass_frag_needed;
	default:
		return PF_C_err_fib_other;
	}
}

/*
 * What the tag must become. The kernel's VLAN device writes its own tag: its
 * protocol, its VID, PCP and DEI 0 (no egress QoS map; subinterfaces with one
 * are not in VLAN_RESOLVE). So an arriving tag is kept only when it is that.
 */
static __always_inline enum pf_vlan_action pf_vlan_action(const struct pf_pkt *p, int out_tagged,
							  __u16 out_vid, __be16 out_tpid)
{
	if (!p->tagged)
		return out_tagged ? PF_VLAN_PUSH : PF_VLAN_KEEP;
	if (!out_tagged)
		return PF_VLAN_POP; /* also strips a priority (VID 0) tag */
	return p->tci == out_vid && p->tpid == out_tpid ? PF_VLAN_KEEP : PF_VLAN_REWRITE;
}

/* What the source (dst 0) or destination (dst 1) is to the router: PF_LOCAL_* bits. */
static __always_inline __u8 pf_local(const struct pf_pkt *p, int dst)
{
	__u32 idx = p->v6;
	struct pf_local_hint *h = bpf_map_lookup_elem(&LOCAL_HINT, &idx);
	__u8 *v;

	if (!p->v6) {
		const struct iphdr *iph = p->l3;
		__be32 a = dst ? iph->daddr : iph->saddr;

		if (pf_local_hint_not(h, &a, 0))
			return 0;
		v = bpf_map_lookup_elem(&LOCAL_V4, &a);
	} else {
		const struct ipv6hdr *ip6 = p->l3;
		struct in6_addr a;

		pf_copy6(a.in6_u.u6_addr8, dst ? &ip6->daddr : &ip6->saddr);
		if (pf_local_hint_not(h, a.in6_u.u6_addr32, 1))
			return 0;
		v = bpf_map_lookup_elem(&LOCAL_V6, &a);
	}
	return v ? *v : 0;
}

/*
 * Reverse-path filtering as the kernel does it for an IPv4 frame arriving on
 * `ifindex`: the route back to the source must exist and be unicast (loose,
 * and the check the kernel makes on every frame once policy rules exist),
 * and leave by that same interface (strict). Answers with the FIB itself, in
 * the per-CPU scratch, before the forward lookup refills it. IPv6 has no
 * rp_filter in the kernel.
 */
static __always_inline int pf_rp_ok(struct xdp_md *ctx, struct bpf_fib_lookup *fib,
				    const struct pf_pkt *p, __u32 ifindex, __u32 egress,
				    __u16 port_flags)
{
	long rc;

	if (p->v6 || !(port_flags & (PF_PORT_RP_STRICT | PF_PORT_RP_LOOSE | PF_PORT_RP_VALIDATE)))
		return 1;
	/* As the kernel asks: the forward route's egress stands as the input interface. */
	pf_fib_fill_reverse_v4(fib, p, egress);
	/* Always the full lookup: the route back may be a local-table one. */
	rc = bpf_fib_lookup(ctx, fib, sizeof(*fib), 0);
	/* A unicast route back (no route at all is fine to the kernel only when the
	 * check is the policy-rule one; the FIB answer does not tell: pass it). */
	if (rc != BPF_FIB_LKUP_RET_SUCCESS && rc != BPF_FIB_LKUP_RET_NO_NEIGH)
		return 0;
	/* Strict, or loose on a port without an IPv4 address: back via this port. */
	if ((port_flags & PF_PORT_RP_STRICT) ||
	    ((port_flags & PF_PORT_RP_LOOSE) && (port_flags & PF_PORT_NO_ADDR4)))
		return fib->ifindex == ifindex;
	return 1;
}

/*
 * Drop bytes past the IP packet (Ethernet padding, trailers) as the kernel
 * does before it forwards. l3 is the L3 offset. 0, or -1 when the frame is
 * not as long as its IP header says (the parser already refused that).
 */
static __always_inline int pf_trim(struct xdp_md *ctx, __u32 l3)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 len = (__u32)(data_end - data), tot;
	__u8 *ip;

	if (l3 > ETH_HLEN + sizeof(struct pf_vlanhdr))
		return -1; /* bounds the offset for the verifier */
	ip = data + l3;

	if ((void *)(ip + sizeof(struct ipv6hdr)) > data_end &&
	    (void *)(ip + sizeof(struct iphdr)) > data_end)
		return -1;
	if (ip[0] >> 4 == 6) {
		if ((void *)(ip + sizeof(struct ipv6hdr)) > data_end)
			return -1;
		tot = bpf_ntohs(((struct ipv6hdr *)ip)->payload_len) + sizeof(struct ipv6hdr);
	} else {
		tot = bpf_ntohs(((struct iphdr *)ip)->tot_len);
	}
	tot &= 0xffff;
	if (l3 + tot > len)
		return -1;
	if (l3 + tot == len)
		return 0;
	return bpf_xdp_adjust_tail(ctx, -(int)(len - l3 - tot)) ? -1 : 0;
}

/*
 * fast_path's work; every return reaches the one exit of its program.
 * `sampling` is a constant: 0 for fast_path (no sampler code, and while a
 * session runs it hands the frame on untouched), 1 for fast_path_sampled.
 */
static __always_inline int fast_path_run(struct xdp_md *ctx, struct pf_exit *x, const int sampling)
{
	void *data, *data_end;
	struct bpf_fib_lookup *fib;
	struct pf_iface *ifc;
	struct pf_stats *st;
	struct pf_cfg *cfg;
	struct pf_pkt p;
	const __u8 *own_mac;
	__u32 zero = 0, ingress = ctx->ingress_ifindex, fib_ifindex, egress, l3;
	__u16 port_flags;
	__u16 out_vid = 0;
	__be16 proto, out_tpid = 0;
	int rc, out_tagged = 0, action, need_finalize;
	__u32 fib_flags;
	long frc;

	st = bpf_map_lookup_elem(&STATS, &zero);
	if (!st)
		return XDP_PASS;
	cfg = bpf_map_lookup_elem(&CFG, &zero);
	/* Nothing counted or written yet: if the tail call fails, go on unsampled. */
	if (!sampling && cfg && pf_sampler_wanted(cfg))
		bpf_tail_call(ctx, &MUTATION_PROGS, PF_SLOT_FAST_PATH_SAMPLED);
	COUNT(st, rx_total);
	if (!cfg)
		return pass(st, x, PF_C_pass_iface_unknown);
	if (sampling)
		pf_cap_draw(x, ingress);
	ifc = pf_iface(ingress, cfg->gen);
	if (!ifc)
		return pass(st, x, PF_C_pass_iface_unknown);

	if (ifc->flags & PF_QUIRK_HEAD_SHIFT_128) {
		/* Re-expose the real frame; see PF_QUIRK_HEAD_SHIFT_128. */
		if (bpf_xdp_adjust_head(ctx, PF_HEAD_SHIFT))
			return pass(st, x, PF_C_err_head_shift);
		if (bpf_xdp_adjust_tail(ctx, PF_HEAD_SHIFT)) {
			/* Never hand the kernel a moved frame: undo the first step. */
			if (bpf_xdp_adjust_head(ctx, -PF_HEAD_SHIFT))
				return XDP_DROP;
			return pass(st, x, PF_C_err_head_shift);
		}
	}
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;

	rc = pf_parse_l2(data, data_end, &p, &proto);
	if (rc != PF_OK)
		return pass(st, x, rc);
	if (proto == bpf_htons(ETH_P_IP))
		rc = pf_parse_ipv4(data_end, &p);
	else if (proto == bpf_htons(ETH_P_IPV6))
		rc = pf_parse_ipv6(data_end, &p);
	else
		rc = PF_C_pass_not_ip;
	if (rc != PF_OK)
		return pass(st, x, rc);
	if (sampling)
		pf_cap_match(x, &p);

	/* Which interface did this arrive on, as the kernel sees it? */
	fib_ifindex = ingress;
	own_mac = ifc->mac;
	port_flags = ifc->flags;
	if (p.tagged && (p.tci & PF_VLAN_VID_MASK)) {
		struct pf_vlan_key vk;
		struct pf_vlan_in *vin;

		vk.ifindex = ingress;
		vk.vid = p.tci & PF_VLAN_VID_MASK;
		vk.tpid = p.tpid;
		vin = bpf_map_lookup_elem(&VLAN_INGRESS, &vk);
		if (!vin)
			return pass(st, x, PF_C_pass_vlan_unknown);
		fib_ifindex = vin->ifindex;
		own_mac = vin->mac;
		port_flags = vin->flags;
	}
	if (!pf_mac_eq(data, own_mac))
		return pass(st, x, PF_C_pass_other_mac);

	if (!pf_allowed(st, &p, cfg->gen))
		return pass(st, x, PF_C_allow_miss);
	if (p.v6 ? pf_martian_v6(p.l3) : pf_martian_v4(p.l3))
		return pass(st, x, PF_C_pass_martian);
	if (p.v6 && (port_flags & PF_PORT_NO_IPV6))
		return pass(st, x, PF_C_pass_fwd_disabled);
	/* A port rule may match SCTP, DCCP, ESP... by fields the lookup never gets. */
	if ((cfg->flags & PF_CFG_PORT_RULES) && p.proto != IPPROTO_TCP && p.proto != IPPROTO_UDP)
		return pass(st, x, PF_C_pass_complex_header);
	if (pf_local(&p, 0) & PF_LOCAL_SRC)
		return pass(st, x, PF_C_pass_local_src);
	if ((cfg->flags & PF_CFG_BLOCK_PRESENT) && pf_blocked(&p)) {
		COUNT(st, bogon_dropped);
		x->counter = PF_C_bogon_dropped;
		if (!cfg->dry_run)
			return XDP_DROP;
	}
	if (cfg->dry_run)
		return pass(st, x, PF_C_fwd_dry_run);

	fib = bpf_map_lookup_elem(&FIB_SCRATCH, &zero);
	if (!fib)
		return pass(st, x, PF_C_err_mutation_ctx);
	fib_flags = cfg->flags & (p.v6 ? PF_CFG_FIB_DIRECT6 : PF_CFG_FIB_DIRECT4)
			    ? BPF_FIB_LOOKUP_DIRECT
			    : 0;
	if (fib_flags && !p.v6 && (cfg->flags & PF_CFG_FIB_PROBE4) &&
	    pf_fib4_split(ctx, fib, cfg->gen)) {
		/* A rule since apply: its lookups, and its source check, as the kernel's. */
		fib_flags = 0;
		if (!(port_flags & (PF_PORT_RP_STRICT | PF_PORT_RP_LOOSE)))
			port_flags |= PF_PORT_RP_VALIDATE;
	}
	/* Direct lookups skip the local table (or miss what a split took from main): LOCAL. */
	if (fib_flags && (pf_local(&p, 1) & PF_LOCAL_DST))
		return pass(st, x, PF_C_pass_not_fwded);
	if (p.v6)
		pf_fib_fill_v6(fib, &p, fib_ifindex);
	else
		pf_fib_fill_v4(fib, &p, fib_ifindex);
	frc = bpf_fib_lookup(ctx, fib, sizeof(*fib), fib_flags);
	if (frc != BPF_FIB_LKUP_RET_SUCCESS) {
		rc = pf_fib_counter(frc);
		count_idx(st, rc);
		x->counter = rc;
		return rc == PF_C_drop_unreachable ? XDP_DROP : XDP_PASS;
	}
	if (cfg->route_mtu && p.tot_len > cfg->route_mtu)
		return pass(st, x, PF_C_pass_route_mtu);
	/* Back out the way it came: the kernel also tells the sender (ICMP redirect). */
	if (fib->ifindex == fib_ifindex)
		return pass(st, x, PF_C_pass_hairpin);
	/* Reverse-path check, after the forward lookup it depends on; keep its answer. */
	if (port_flags & (PF_PORT_RP_STRICT | PF_PORT_RP_LOOSE | PF_PORT_RP_VALIDATE)) {
		__u32 fwd_if = fib->ifindex;
		__u16 dmac[3], smac[3]; /* 2-byte aligned: pf_mac_copy moves 16-bit words */

		pf_mac_copy(dmac, fib->dmac);
		pf_mac_copy(smac, fib->smac);
		if (!pf_rp_ok(ctx, fib, &p, fib_ifindex, fwd_if, port_flags))
			return pass(st, x, PF_C_pass_rp_filter);
		fib->ifindex = fwd_if;
		pf_mac_copy(fib->dmac, dmac);
		pf_mac_copy(fib->smac, smac);
	}

	/* Egress: a VLAN subinterface transmits on its port with its tag. */
	egress = fib->ifindex;
	if (cfg->flags & PF_CFG_VLAN_PRESENT) {
		const struct pf_vlan_out *vout = pf_vlan_out(egress, cfg->gen);

		if (vout) {
			egress = vout->phys_ifindex;
			out_vid = vout->vid;
			out_tpid = vout->tpid;
			out_tagged = 1;
		}
	}
	/*
	 * Devmap membership check and redirect in one: with XDP_PASS in the
	 * flags, a missing entry returns XDP_PASS; a hit records the target
	 * (used when this program, or finalize after the tail call, returns
	 * XDP_REDIRECT), so nothing after the first write can fail to redirect.
	 */
	if (bpf_redirect_map(&REDIRECT_DEVMAP, egress, XDP_PASS) != XDP_REDIRECT)
		return pass(st, x, PF_C_pass_not_in_devmap);

	action = pf_vlan_action(&p, out_tagged, out_vid, out_tpid);
	need_finalize = action != PF_VLAN_KEEP ||
			(p.syn && (cfg->flags & PF_CFG_MSS_PRESENT));
	x->egress = egress;
	x->fib_egress = fib->ifindex;
	x->vid = out_vid;
	x->vlan_action = (__u8)action;
	/* A drawn frame as it arrived: before the first write. */
	if (sampling)
		pf_cap_record(ctx, x, PF_CAP_IN, XDP_REDIRECT);
	if (need_finalize) {
		struct pf_mutation *m = bpf_map_lookup_elem(&MUTATION_CTX, &zero);

		if (!m)
			return pass(st, x, PF_C_err_mutation_ctx);
		m->egress_ifindex = egress;
		m->fib_ifindex = fib->ifindex;
		pf_mac_copy(m->dmac, fib->dmac);
		pf_mac_copy(m->smac, fib->smac);
		m->vid = out_vid;
		m->tpid = out_tpid;
		m->vlan_action = action;
		m->mss_check = p.syn && (cfg->flags & PF_CFG_MSS_PRESENT);
		m->mss_global = cfg->mss_global;
		bpf_tail_call(ctx, &MUTATION_PROGS,
			      sampling ? PF_SLOT_FINALIZE_SAMPLED : PF_SLOT_FINALIZE);
		/* Nothing was written: the frame is still as it arrived. */
		return pass(st, x, PF_C_err_tail_call);
	}

	/* Nothing left for finalize: trim, mutate and redirect right here. */
	l3 = p.tagged ? ETH_HLEN + sizeof(struct pf_vlanhdr) : ETH_HLEN;
	/* Nothing changed if it fails: the parser checked the length. */
	if (pf_trim(ctx, l3))
		return pass(st, x, PF_C_err_parse);
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + l3 + sizeof(struct ipv6hdr) > data_end &&
	    (p.v6 || data + l3 + sizeof(struct iphdr) > data_end))
		return XDP_ABORTED; /* unreachable: the parser checked the header */
	if (p.v6) {
		if (data + l3 + sizeof(struct ipv6hdr) > data_end)
			return XDP_ABORTED;
		pf_ipv6_dec_hop(data + l3);
	} else {
		if (data + l3 + sizeof(struct iphdr) > data_end)
			return XDP_ABORTED;
		pf_ipv4_dec_ttl(data + l3);
	}
	if (data + ETH_HLEN > data_end)
		return XDP_ABORTED;
	pf_mac_copy(data, fib->dmac);
	pf_mac_copy(data + ETH_ALEN, fib->smac);
	COUNT(st, fwd_ok);
	x->counter = PF_C_fwd_ok;
	return XDP_REDIRECT;
}

SEC("xdp")
int fast_path(struct xdp_md *ctx)
{
	struct pf_exit x = { .counter = PF_CAP_ANY };

	return fast_path_run(ctx, &x, 0);
}

/* fast_path while a capture or sflow session runs: every exit recorded if drawn. */
SEC("xdp")
int fast_path_sampled(struct xdp_md *ctx)
{
	struct pf_exit x = { .counter = PF_CAP_ANY };
	int action;

	if (pf_cap_open(&x))
		return XDP_PASS;
	action = fast_path_run(ctx, &x, 1);

	pf_cap_record(ctx, &x, PF_CAP_OUT, action);
	return action;
}

/*
 * The MSS work for this frame, done once before finalize_at's variants: the
 * clamp's ceiling (0: none applies) and the option's offset in the TCP header
 * (0: none to clamp); -1 when the options cannot be walked (pass untouched).
 */
static __always_inline int mss_plan(struct xdp_md *ctx, struct pf_stats *st,
				    const struct pf_mutation *m, __u32 l3, __u32 *ceiling)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 ip_len, l4, zero = 0;
	__u8 *ip, *buf;
	int limit, off;

	*ceiling = 0;
	if (!m->mss_check || l3 > ETH_HLEN + sizeof(struct pf_vlanhdr))
		return 0;
	ip = data + l3;
	if ((void *)(ip + sizeof(struct ipv6hdr)) <= data_end && ip[0] >> 4 == 6) {
		*ceiling = pf_mss_ceiling_v6((struct ipv6hdr *)ip, m);
		ip_len = bpf_ntohs(((struct ipv6hdr *)ip)->payload_len) + sizeof(struct ipv6hdr);
		l4 = sizeof(struct ipv6hdr);
	} else if ((void *)(ip + sizeof(struct iphdr)) <= data_end) {
		*ceiling = pf_mss_ceiling_v4((struct iphdr *)ip, m);
		ip_len = bpf_ntohs(((struct iphdr *)ip)->tot_len);
		l4 = sizeof(struct iphdr);
	} else {
		return -1;
	}
	if (!*ceiling)
		return 0;
	ip_len &= 0xffff;
	limit = pf_tcp_opt_limit(ip + l4, ip_len > l4 ? ip_len - l4 : 0, data_end);
	if (limit <= 0)
		return limit;
	buf = bpf_map_lookup_elem(&FIB_SCRATCH, &zero); /* fast_path is done with it */
	if (!buf)
		return -1;
	off = pf_mss_find(ip + l4, (__u32)limit & 0x3f, data_end, buf);
	if (!off)
		COUNT(st, mss_clamp_skipped);
	return off;
}

/* How finalize_at moves the frame start: a tag pushed, popped, or neither. */
#define PF_FIN_PUSH (-(int)sizeof(struct pf_vlanhdr)) /* bpf_xdp_adjust_head delta */
#define PF_FIN_POP ((int)sizeof(struct pf_vlanhdr))
#define PF_FIN_STAY 0

/*
 * finalize, for one frame layout known at compile time: l3 is the L3 offset
 * in the frame as it arrived, `head` the bpf_xdp_adjust_head delta of the
 * VLAN action (PF_FIN_*). Read-only work first, then the one fallible step
 * (moving the head, for a push or a pop), then writes: nothing can fail
 * once the frame has been touched.
 */
static __always_inline int finalize_at(struct xdp_md *ctx, struct pf_stats *st, struct pf_exit *x,
				       const struct pf_mutation *m, const int l3, const int head,
				       const int mss_off, const __u32 ceiling)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct pf_vlanhdr *vh;
	struct ethhdr *eth;
	__u8 *frame, *tcp;
	int v6, l4;

	if (data + l3 + sizeof(struct ipv6hdr) > data_end &&
	    data + l3 + sizeof(struct iphdr) > data_end)
		return pass(st, x, PF_C_err_parse);
	v6 = ((__u8 *)data)[l3] >> 4 == 6;
	l4 = l3 + (v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr));

	if (head == PF_FIN_PUSH && bpf_xdp_adjust_head(ctx, head))
		return pass(st, x, PF_C_pass_no_headroom);
	/* Popping first drops the tag and the MACs' first 4 bytes: rewritten below. */
	if (head == PF_FIN_POP && bpf_xdp_adjust_head(ctx, head))
		return pass(st, x, PF_C_err_vlan); /* nothing written yet */

	/* Bytes past the IP packet go, as the kernel drops them (cannot fail: length checked). */
	pf_trim(ctx, (__u32)(l3 - head));

	/* From here on nothing can fail: re-derive pointers and write. */
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	/* The offsets were taken before the head moved. */
	frame = (__u8 *)data + l3 - head; /* L3 */
	l4 -= head;
	if ((void *)(frame + sizeof(struct ipv6hdr)) > data_end &&
	    (void *)(frame + sizeof(struct iphdr)) > data_end)
		return XDP_ABORTED; /* unreachable: checked above */
	if (v6) {
		if ((void *)(frame + sizeof(struct ipv6hdr)) > data_end)
			return XDP_ABORTED;
		pf_ipv6_dec_hop((struct ipv6hdr *)frame);
	} else {
		if ((void *)(frame + sizeof(struct iphdr)) > data_end)
			return XDP_ABORTED;
		pf_ipv4_dec_ttl((struct iphdr *)frame);
	}
	if (mss_off) {
		tcp = (__u8 *)data + l4;
		if (pf_mss_apply(tcp, data_end, (__u32)mss_off & 0x3f, ceiling))
			COUNT(st, mss_clamp_applied);
		else
			COUNT(st, mss_clamp_skipped);
	}

	eth = data;
	vh = (struct pf_vlanhdr *)(eth + 1);
	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED; /* unreachable: checked above */
	pf_mac_copy(eth->h_dest, m->dmac);
	pf_mac_copy(eth->h_source, m->smac);
	/* A pop needs nothing more: the inner ethertype already follows the MACs. */
	if (head == PF_FIN_PUSH) {
		if ((void *)(vh + 1) > data_end)
			return XDP_ABORTED;
		eth->h_proto = m->tpid;
		vh->tci = bpf_htons(m->vid & PF_VLAN_VID_MASK); /* PCP 0, DEI 0 */
	} else if (head == PF_FIN_STAY && m->vlan_action == PF_VLAN_REWRITE) {
		if ((void *)(vh + 1) > data_end)
			return XDP_ABORTED;
		eth->h_proto = m->tpid;
		vh->tci = bpf_htons(m->vid & PF_VLAN_VID_MASK); /* PCP 0, DEI 0 */
	}

	/* fast_path already set the redirect target. */
	COUNT(st, fwd_ok);
	x->counter = PF_C_fwd_ok;
	return XDP_REDIRECT;
}

/* finalize's work; every return reaches the one exit of its program (`sampling`: as above). */
static __always_inline int finalize_run(struct xdp_md *ctx, struct pf_exit *x, const int sampling)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct pf_mutation *m;
	struct pf_stats *st;
	__u32 zero = 0, ceiling = 0;
	int tagged, mss_off;

	st = bpf_map_lookup_elem(&STATS, &zero);
	if (!st)
		return XDP_PASS;
	m = bpf_map_lookup_elem(&MUTATION_CTX, &zero);
	if (!m)
		return pass(st, x, PF_C_err_mutation_ctx);
	if (sampling)
		pf_cap_armed(x);
	x->egress = m->egress_ifindex;
	x->fib_egress = m->fib_ifindex;
	x->vid = m->vid;
	x->vlan_action = m->vlan_action;
	if ((void *)(eth + 1) > data_end)
		return pass(st, x, PF_C_err_parse);
	tagged = pf_is_vlan(eth->h_proto);
	mss_off = mss_plan(ctx, st, m, tagged ? ETH_HLEN + sizeof(struct pf_vlanhdr) : ETH_HLEN,
			   &ceiling);
	if (mss_off < 0)
		return pass(st, x, PF_C_pass_mss_unparsed); /* nothing written yet */
	if (tagged && m->vlan_action == PF_VLAN_POP)
		return finalize_at(ctx, st, x, m, ETH_HLEN + sizeof(struct pf_vlanhdr), PF_FIN_POP,
				   mss_off, ceiling);
	if (tagged)
		return finalize_at(ctx, st, x, m, ETH_HLEN + sizeof(struct pf_vlanhdr), PF_FIN_STAY,
				   mss_off, ceiling);
	if (m->vlan_action == PF_VLAN_PUSH)
		return finalize_at(ctx, st, x, m, ETH_HLEN, PF_FIN_PUSH, mss_off, ceiling);
	return finalize_at(ctx, st, x, m, ETH_HLEN, PF_FIN_STAY, mss_off, ceiling);
}

SEC("xdp")
int finalize(struct xdp_md *ctx)
{
	struct pf_exit x = { .counter = PF_CAP_ANY };

	return finalize_run(ctx, &x, 0);
}

/* finalize for fast_path_sampled. */
SEC("xdp")
int finalize_sampled(struct xdp_md *ctx)
{
	struct pf_exit x = { .counter = PF_CAP_ANY };
	int action;

	if (pf_cap_open(&x))
		return XDP_PASS;
	action = finalize_run(ctx, &x, 1);

	pf_cap_record(ctx, &x, PF_CAP_OUT, action);
	return action;
}

char LICENSE[] SEC("license") = "GPL";
