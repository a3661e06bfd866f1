/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Frame builder: Ethernet (+ tags), IPv4/IPv6, TCP/UDP/ICMP with every
 * checksum computed from scratch. `explain` builds its synthetic frame with
 * it; tests build inputs and independently computed expected outputs, and
 * use the validators.
 */
#ifndef PF_FRAME_H
#define PF_FRAME_H

#include <stddef.h>
#include <linux/types.h>
#include "bpf/shared.h"

struct pf_frame {
	__u8 dmac[6], smac[6];
	int tags;          /* 0, 1 or 2 (QinQ) VLAN tags */
	__u16 tpid, tci;   /* outer tag (host order) */
	__u16 ethertype;   /* 0: IPv4/IPv6 from v6; else raw (non-IP frames) */
	int v6;
	__u8 src[16], dst[16];
	__u8 proto;        /* 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, other */
	__u8 ttl;          /* TTL / hop limit */
	__u8 tos;          /* TOS / traffic class */
	__u32 flowlabel;
	__u16 frag_off;    /* IPv4 flags + offset (host order) */
	int ihl;           /* 0 = 5; > 5 adds NOP options */
	__u16 sport, dport;
	__u8 tcp_flags;
	__u8 tcp_opts[40];
	int tcp_opts_len;  /* multiple of 4 */
	__u8 icmp_type;
	int payload;       /* payload bytes (pattern) after the L4 header */
	__u8 v6_nexthdr;   /* 0: proto; else raw next header (extension headers) */
};

/* Defaults: TTL 64, TCP/UDP ports, v4 10.1.0.2 -> 198.51.100.7 style set by caller. */
void pf_frame_init(struct pf_frame *s, int v6, const char *src, const char *dst, __u8 proto);

/* The frame as a router forwards it: TTL / hop limit one lower, new MACs. */
struct pf_frame pf_frame_forwarded(const struct pf_frame *in, const __u8 *dmac,
				   const __u8 *smac);

/* Build into buf; returns the frame length. */
size_t pf_frame_build(const struct pf_frame *s, __u8 *buf, size_t cap);

/* Offsets in a built frame. */
size_t pf_frame_l3_off(const __u8 *frame, size_t len);

/* What pf_frame_decode found in a frame; offsets are from its start. */
struct pf_frame_info {
	int tags;           /* VLAN tags (802.1Q or 802.1ad) before the ethertype */
	__u16 tci;          /* outer tag's TCI (host order), 0 without tags */
	__u16 ethertype;    /* after the tags (host order) */
	size_t l3;          /* network header */
	int v6;             /* 1 IPv6, 0 IPv4 */
	__u8 proto;         /* next header of the fixed IPv6 header / IPv4 protocol */
	__u8 ttl;           /* TTL / hop limit */
	size_t l4;          /* transport header */
	__u16 sport, dport; /* TCP and UDP only, else 0 */
	size_t mss;         /* TCP SYN's MSS option value, 0: none */
};

/*
 * Decode an Ethernet frame down to L4: 0, or -EINVAL when it is not IPv4 or
 * IPv6 or the fixed headers are cut short (then only the L2 fields are set).
 */
int pf_frame_decode(const __u8 *f, size_t len, struct pf_frame_info *fi);

/*
 * The TCP option walker: offset from `tcp` of the value of the first option
 * `kind` of length `olen` within the header's data offset and `avail`
 * bytes, or 0. Stops at EOL or at a malformed length, as a receiver would.
 */
size_t pf_tcp_opt_find(const __u8 *tcp, size_t avail, __u8 kind, __u8 olen);

/* Validators on a frame: 1 when every checksum present is correct. */
int pf_ipv4_hdr_csum_ok(const __u8 *iph);
int pf_l4_csum_ok(const __u8 *frame, size_t len);

int pf_mac_parse(__u8 mac[6], const char *s);

#endif
