/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Filling struct bpf_fib_lookup for the kernel FIB. The struct lives in a
 * per-CPU scratch slot, so every input field (and every union it shares) is
 * written on each packet: output fields of the previous lookup must never
 * leak into this one's inputs.
 */
#ifndef PF_FIB_H
#define PF_FIB_H

#include <linux/bpf.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "parsing.h"

#define PF_AF_INET  2
#define PF_AF_INET6 10

static __always_inline void pf_fib_common(struct bpf_fib_lookup *f, const struct pf_pkt *p,
					  __u32 ifindex)
{
	f->l4_protocol = p->proto;
	f->sport = p->sport;
	f->dport = p->dport;
	f->tot_len = p->tot_len; /* host order: the kernel checks it against the MTU */
	f->ifindex = ifindex;
	f->tbid = 0;  /* also clears h_vlan_proto/TCI */
	f->mark = 0;  /* shares bytes with the smac output */
}

static __always_inline void pf_fib_fill_v4(struct bpf_fib_lookup *f, const struct pf_pkt *p,
					   __u32 ifindex)
{
	const struct iphdr *iph = p->l3;

	f->family = PF_AF_INET;
	pf_fib_common(f, p, ifindex);
	f->rt_metric = 0; /* clears the whole union before the 1-byte tos */
	f->tos = iph->tos;
	f->ipv4_src = iph->saddr;
	f->ipv4_dst = iph->daddr;
}

/* `fib-lookup auto`'s probe (FIB_PROBE4): an IPv4 address alone, nothing else set. */
static __always_inline void pf_fib_fill_probe4(struct bpf_fib_lookup *f, __be32 addr, __u32 ifindex)
{
	f->family = PF_AF_INET;
	f->l4_protocol = 0;
	f->sport = 0;
	f->dport = 0;
	f->tot_len = 0;
	f->ifindex = ifindex;
	f->tbid = 0;
	f->mark = 0;
	f->rt_metric = 0;
	f->ipv4_src = 0;
	f->ipv4_dst = addr;
}

/*
 * The route back to an IPv4 frame's source, as rp_filter asks for it: source
 * and destination (and ports) swapped, no MTU to check.
 */
static __always_inline void pf_fib_fill_reverse_v4(struct bpf_fib_lookup *f, const struct pf_pkt *p,
						   __u32 ifindex)
{
	__be32 a;
	__be16 port;

	pf_fib_fill_v4(f, p, ifindex);
	a = f->ipv4_src;
	f->ipv4_src = f->ipv4_dst;
	f->ipv4_dst = a;
	port = f->sport;
	f->sport = f->dport;
	f->dport = port;
	f->tot_len = 0;
}

static __always_inline void pf_fib_fill_v6(struct bpf_fib_lookup *f, const struct pf_pkt *p,
					   __u32 ifindex)
{
	const struct ipv6hdr *ip6 = p->l3;
	const __u32 *s = ip6->saddr.in6_u.u6_addr32;
	const __u32 *d = ip6->daddr.in6_u.u6_addr32;

	f->family = PF_AF_INET6;
	pf_fib_common(f, p, ifindex);
	/* Traffic class + flow label, in network order as the kernel expects. */
	f->flowinfo = *(const __be32 *)ip6 & bpf_htonl(0x0fffffff);
	f->ipv6_src[0] = s[0];
	f->ipv6_src[1] = s[1];
	f->ipv6_src[2] = s[2];
	f->ipv6_src[3] = s[3];
	f->ipv6_dst[0] = d[0];
	f->ipv6_dst[1] = d[1];
	f->ipv6_dst[2] = d[2];
	f->ipv6_dst[3] = d[3];
}

#endif
