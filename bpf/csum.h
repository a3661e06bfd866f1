/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Incremental Internet checksum update (RFC 1624, eqn. 3), and the TTL / hop
 * limit decrement built on it. Values are 16-bit words as they sit in the
 * packet; one's complement arithmetic does not care about byte order as long
 * as all three words are read the same way.
 */
#ifndef PF_CSUM_H
#define PF_CSUM_H

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>

/* HC' = ~(~HC + ~m + m') */
static __always_inline __u16 pf_csum_replace(__u16 hc, __u16 m, __u16 m_new)
{
	__u32 s = (__u32)(__u16)~hc + (__u16)~m + m_new;

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)~s;
}

static __always_inline __u16 pf_swab16(__u16 x)
{
	return (__u16)((x << 8) | (x >> 8));
}

/* TTL - 1 with the header checksum patched (the TTL/protocol word changes). */
static __always_inline void pf_ipv4_dec_ttl(struct iphdr *iph)
{
	__u16 *word = (__u16 *)&iph->ttl;
	__u16 old = *word;

	iph->ttl--;
	iph->check = pf_csum_replace(iph->check, old, *word);
}

static __always_inline void pf_ipv6_dec_hop(struct ipv6hdr *ip6)
{
	ip6->hop_limit--;
}

#endif
