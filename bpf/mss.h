/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP MSS clamp for finalize: choose the ceiling (prefix + egress iface,
 * prefix, egress iface, global: the first level with a hit wins; within a
 * level, the lower of the src and dst hits), find the MSS option in a SYN or
 * SYN-ACK, and rewrite it with the TCP checksum patched. Finding is read-only
 * and done before any write; the write step cannot fail.
 */
#ifndef PF_MSS_H
#define PF_MSS_H

#include <linux/bpf.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include "csum.h"
#include "maps.h"

#define PF_MSS_MAX_OPTS 40 /* one step per option byte at worst: all 40 are walked */

static __always_inline __u32 pf_min_hit(__u32 *a, __u32 *b)
{
	__u32 x = a ? *a : 0, y = b ? *b : 0;

	if (!x)
		return y;
	if (!y)
		return x;
	return x < y ? x : y;
}

/* The two least specific levels: the egress iface, then the global clamp. */
static __always_inline __u32 pf_mss_iface_or_global(const struct pf_mutation *m)
{
	__u32 *v = bpf_map_lookup_elem(&MSS_CLAMP_BY_IFACE, &m->fib_ifindex);

	return v && *v ? *v : m->mss_global;
}

static __always_inline __u32 pf_mss_ceiling_v4(const struct iphdr *iph, const struct pf_mutation *m)
{
	struct pf_lpm4_if ks, kd;
	struct pf_lpm4 ps, pd;
	__u32 c;

	ks.prefixlen = kd.prefixlen = 64;
	ks.ifindex = kd.ifindex = m->fib_ifindex;
	*(__u32 *)ks.addr = iph->saddr;
	*(__u32 *)kd.addr = iph->daddr;
	c = pf_min_hit(bpf_map_lookup_elem(&MSS_CLAMP_IF_V4, &ks),
		       bpf_map_lookup_elem(&MSS_CLAMP_IF_V4, &kd));
	if (c)
		return c;
	ps.prefixlen = pd.prefixlen = 32;
	*(__u32 *)ps.addr = iph->saddr;
	*(__u32 *)pd.addr = iph->daddr;
	c = pf_min_hit(bpf_map_lookup_elem(&MSS_CLAMP_V4, &ps),
		       bpf_map_lookup_elem(&MSS_CLAMP_V4, &pd));
	return c ? c : pf_mss_iface_or_global(m);
}

static __always_inline void pf_copy6(__u8 *dst, const struct in6_addr *a)
{
	__u32 *d = (__u32 *)dst;

	d[0] = a->in6_u.u6_addr32[0];
	d[1] = a->in6_u.u6_addr32[1];
	d[2] = a->in6_u.u6_addr32[2];
	d[3] = a->in6_u.u6_addr32[3];
}

static __always_inline __u32 pf_mss_ceiling_v6(const struct ipv6hdr *ip6,
					       const struct pf_mutation *m)
{
	struct pf_lpm6_if ks, kd;
	struct pf_lpm6 ps, pd;
	__u32 c;

	ks.prefixlen = kd.prefixlen = 32 + 128;
	ks.ifindex = kd.ifindex = m->fib_ifindex;
	pf_copy6(ks.addr, &ip6->saddr);
	pf_copy6(kd.addr, &ip6->daddr);
	c = pf_min_hit(bpf_map_lookup_elem(&MSS_CLAMP_IF_V6, &ks),
		       bpf_map_lookup_elem(&MSS_CLAMP_IF_V6, &kd));
	if (c)
		return c;
	ps.prefixlen = pd.prefixlen = 128;
	pf_copy6(ps.addr, &ip6->saddr);
	pf_copy6(pd.addr, &ip6->daddr);
	c = pf_min_hit(bpf_map_lookup_elem(&MSS_CLAMP_V6, &ps),
		       bpf_map_lookup_elem(&MSS_CLAMP_V6, &pd));
	return c ? c : pf_mss_iface_or_global(m);
}

/*
 * The MSS option of a SYN: the offset of its 2-byte value from the start of
 * the TCP header (> 0), 0 when the options hold none, or -1 when they cannot
 * be walked to their end (a malformed length). `limit` is where the options
 * end: the TCP header's end, or the IP packet's if that comes first (bytes in
 * Ethernet padding are not options). All 40 option bytes are walked.
 *
 * For the verifier of every kernel in the matrix (5.10 included), the options
 * are first copied into a 64-byte per-CPU scratch (`buf`, free in finalize),
 * and both passes are unrolled: each step sees a constant or a masked index,
 * never a packet pointer of unknown offset.
 */
static __always_inline int pf_mss_find(const __u8 *tcp, __u32 limit, void *data_end, __u8 *buf)
{
	const __u8 *opt = tcp + sizeof(struct tcphdr);
	__u32 n = limit - sizeof(struct tcphdr), off = 0, len;
	__u8 kind;
	int i;

#pragma unroll
	for (i = 0; i < PF_MSS_MAX_OPTS; i++) {
		if ((__u32)i < n) {
			if ((void *)(opt + i + 1) > data_end)
				return -1;
			buf[i] = opt[i];
		}
	}
#pragma unroll
	for (i = 0; i < PF_MSS_MAX_OPTS; i++) {
		off &= 0x3f;
		if (off >= n)
			return 0;
		kind = buf[off];
		if (kind == PF_TCPOPT_EOL)
			return 0;
		if (kind == PF_TCPOPT_NOP) {
			off++;
			continue;
		}
		if (off + 2 > n)
			return -1;
		len = buf[(off + 1) & 0x3f];
		if (len < 2 || off + len > n)
			return -1;
		if (kind == PF_TCPOPT_MSS)
			return len == PF_TCPOLEN_MSS ? (int)(sizeof(struct tcphdr) + off + 2) : -1;
		off += len;
	}
	return off >= n ? 0 : -1;
}

/*
 * Where a SYN's options end for pf_mss_find: the TCP header's data offset,
 * cut at the IP packet's end. -1 when the header is not all there.
 */
static __always_inline int pf_tcp_opt_limit(const __u8 *tcp, __u32 ip_left, void *data_end)
{
	__u32 doff;

	if ((void *)(tcp + sizeof(struct tcphdr)) > data_end || ip_left < sizeof(struct tcphdr))
		return -1;
	if (!(tcp[PF_TCP_OFF_FLAGS] & PF_TCP_FLAG_SYN))
		return 0;
	doff = (__u32)(tcp[PF_TCP_OFF_DOFF] >> 4) * 4;
	if (doff < sizeof(struct tcphdr) || doff > ip_left)
		return -1;
	return (int)doff;
}

/*
 * Lower the MSS at tcp+off to `ceiling` if it is higher; patch the checksum.
 * A field at an odd offset straddles two checksum words, so its contribution
 * is byte-swapped. Returns 1 when rewritten.
 */
static __always_inline int pf_mss_apply(__u8 *tcp, void *data_end, __u32 off, __u32 ceiling)
{
	__u8 *f = tcp + (off & 0x3f);
	__u8 *ck = (__u8 *)&((struct tcphdr *)tcp)->check;
	__u16 old, new, sum;

	if ((void *)(tcp + sizeof(struct tcphdr)) > data_end || (void *)(f + 2) > data_end)
		return 0;
	old = (__u16)(f[0] << 8 | f[1]);
	if (old <= ceiling)
		return 0;
	new = (__u16)ceiling;
	f[0] = new >> 8;
	f[1] = new & 0xff;
	if (off & 1) {
		old = pf_swab16(old);
		new = pf_swab16(new);
	}
	sum = pf_csum_replace((__u16)(ck[0] << 8 | ck[1]), old, new);
	ck[0] = sum >> 8;
	ck[1] = sum & 0xff;
	return 1;
}

#endif
