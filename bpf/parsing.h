/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Header parsing for fast_path: Ethernet, at most one 802.1Q/802.1ad tag,
 * then IPv4 or IPv6 with the eligibility rules of the design. Every check
 * happens before anything is written; a frame that fails one is passed to the
 * kernel untouched, with the counter the parser returns.
 */
#ifndef PF_PARSING_H
#define PF_PARSING_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "counters.h"

#define PF_OK (-1) /* parser verdict: go on */

struct pf_vlanhdr {
	__be16 tci;
	__be16 proto;
};

/* What the parser learned; pointers are into the packet. */
struct pf_pkt {
	void *l3;
	void *l4;
	__be16 tpid;  /* tag's TPID, when tagged */
	__u16 tci;    /* tag's TCI (host order), when tagged */
	__u8 tagged;  /* one tag present (VID 0 included) */
	__u8 v6;
	__u8 proto;   /* L4 protocol */
	__u8 syn;     /* TCP with SYN set (SYN or SYN-ACK) */
	__be16 sport; /* TCP/UDP ports, 0 otherwise */
	__be16 dport;
	__u16 tot_len; /* L3 length (IPv4 total length / IPv6 payload + 40) */
};

static __always_inline int pf_is_vlan(__be16 proto)
{
	return proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD);
}

/* Ethernet and at most one tag; sets p->l3 and returns the inner ethertype. */
static __always_inline int pf_parse_l2(void *data, void *data_end, struct pf_pkt *p,
				       __be16 *proto)
{
	struct ethhdr *eth = data;
	struct pf_vlanhdr *vh;

	if ((void *)(eth + 1) > data_end)
		return PF_C_err_parse;
	*proto = eth->h_proto;
	p->l3 = eth + 1;
	p->tagged = 0;
	p->tci = 0;
	p->tpid = 0;
	if (!pf_is_vlan(*proto))
		return PF_OK;
	vh = p->l3;
	if ((void *)(vh + 1) > data_end)
		return PF_C_err_parse;
	p->tagged = 1;
	p->tpid = *proto;
	p->tci = bpf_ntohs(vh->tci);
	*proto = vh->proto;
	p->l3 = vh + 1;
	if (pf_is_vlan(*proto))
		return PF_C_pass_qinq;
	return PF_OK;
}

/* TCP/UDP ports and the SYN bit, when the L4 header is in the frame. */
static __always_inline void pf_parse_l4(void *data_end, struct pf_pkt *p)
{
	__u8 *l4 = p->l4;

	p->sport = 0;
	p->dport = 0;
	p->syn = 0;
	if (p->proto != IPPROTO_TCP && p->proto != IPPROTO_UDP)
		return;
	if ((void *)(l4 + 4) > data_end)
		return;
	p->sport = *(__be16 *)l4;
	p->dport = *(__be16 *)(l4 + 2);
	if (p->proto == IPPROTO_TCP && (void *)(l4 + sizeof(struct tcphdr)) <= data_end)
		p->syn = (l4[13] & 0x02) != 0;
}

/* A 20-byte IPv4 header sums to 0xffff (one's complement) when its checksum is right. */
static __always_inline int pf_ipv4_csum_ok(const struct iphdr *iph)
{
	const __u16 *w = (const __u16 *)iph;
	__u32 sum = 0;
	int i;

#pragma unroll
	for (i = 0; i < 10; i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

static __always_inline int pf_parse_ipv4(void *data_end, struct pf_pkt *p)
{
	struct iphdr *iph = p->l3;
	__u16 tot;

	if ((void *)(iph + 1) > data_end)
		return PF_C_err_parse;
	if (iph->version != 4 || iph->ihl < 5)
		return PF_C_err_parse;
	if (iph->ihl != 5)
		return PF_C_pass_complex_header;
	if (!pf_ipv4_csum_ok(iph))
		return PF_C_pass_bad_csum;
	tot = bpf_ntohs(iph->tot_len);
	/* Kernels before ~6.4 lose a value's bounds across a byte swap: re-bound it. */
	barrier_var(tot);
	tot &= 0xffff;
	if (tot < sizeof(*iph) || (void *)iph + tot > data_end)
		return PF_C_err_parse;
	if (iph->frag_off & bpf_htons(0x3fff)) /* MF or a fragment offset */
		return PF_C_pass_fragment;
	if (iph->ttl <= 1)
		return PF_C_pass_low_ttl;
	p->v6 = 0;
	p->proto = iph->protocol;
	p->tot_len = tot;
	p->l4 = iph + 1;
	pf_parse_l4(data_end, p);
	return PF_OK;
}

static __always_inline int pf_parse_ipv6(void *data_end, struct pf_pkt *p)
{
	struct ipv6hdr *ip6 = p->l3;
	__u16 plen;
	__u8 *l4;

	if ((void *)(ip6 + 1) > data_end)
		return PF_C_err_parse;
	if (ip6->version != 6)
		return PF_C_err_parse;
	plen = bpf_ntohs(ip6->payload_len);
	barrier_var(plen); /* see pf_parse_ipv4 */
	plen &= 0xffff;
	if ((void *)(ip6 + 1) + plen > data_end)
		return PF_C_err_parse;
	p->proto = ip6->nexthdr;
	if (p->proto != IPPROTO_TCP && p->proto != IPPROTO_UDP && p->proto != IPPROTO_ICMPV6)
		return PF_C_pass_complex_header;
	l4 = (__u8 *)(ip6 + 1);
	if (p->proto == IPPROTO_ICMPV6) {
		/* 4 bytes checked for a 1-byte read: see the 5.15 range note in the design. */
		if ((void *)(l4 + 4) > data_end)
			return PF_C_err_parse;
		if (l4[0] >= 133 && l4[0] <= 137) /* RS, RA, NS, NA, redirect */
			return PF_C_pass_ndp;
	}
	if (ip6->hop_limit <= 1)
		return PF_C_pass_low_ttl;
	p->v6 = 1;
	p->tot_len = plen + sizeof(*ip6);
	p->l4 = l4;
	pf_parse_l4(data_end, p);
	return PF_OK;
}

/* Same MAC, compared as three 16-bit words (alignment-safe on strict arches). */
static __always_inline int pf_mac_eq(const void *a, const void *b)
{
	const __u16 *x = a, *y = b;

	return x[0] == y[0] && x[1] == y[1] && x[2] == y[2];
}

static __always_inline void pf_mac_copy(void *dst, const void *src)
{
	__u16 *d = dst;
	const __u16 *s = src;

	d[0] = s[0];
	d[1] = s[1];
	d[2] = s[2];
}

#endif
