/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Addresses the kernel refuses to forward, or forwards in its own way, on
 * either side of a frame: martian sources (unspecified, loopback, multicast,
 * limited broadcast, v4-mapped and link-local IPv6), and multicast, broadcast
 * or scoped destinations. Such a frame goes to the kernel, which judges it;
 * the fast path only forwards plain unicast between routable addresses.
 */
#ifndef PF_MARTIAN_H
#define PF_MARTIAN_H

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_endian.h>
#include "shared.h"

/* 0/8, 127/8, 224/4 and up (multicast, reserved, limited broadcast). */
static __always_inline int pf_v4_special(__be32 a)
{
	__u8 first = ((const __u8 *)&a)[0];

	return first == 0 || first == 127 || first >= 224;
}

static __always_inline int pf_martian_v4(const struct iphdr *iph)
{
	return pf_v4_special(iph->saddr) || pf_v4_special(iph->daddr);
}

/*
 * ::/96 (unspecified, loopback, IPv4-compatible), ::ffff:0:0/96 (v4-mapped),
 * fe80::/10 (link-local: never forwarded off-link) and ff00::/8 (multicast).
 */
static __always_inline int pf_v6_special(const struct in6_addr *a)
{
	const __u32 *w = a->in6_u.u6_addr32;
	__u8 first = a->in6_u.u6_addr8[0];

	if (first == 0xff || pf_ip6_link_local(a->in6_u.u6_addr8))
		return 1;
	return !w[0] && !w[1] && (!w[2] || w[2] == bpf_htonl(0xffff));
}

static __always_inline int pf_martian_v6(const struct ipv6hdr *ip6)
{
	return pf_v6_special(&ip6->saddr) || pf_v6_special(&ip6->daddr);
}

#endif
