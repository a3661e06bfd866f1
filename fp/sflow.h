/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sFlow version 5 datagrams (the sflow command's output): flow samples
 * carrying a sampled frame's header with its input and output ifIndex and
 * the sampling rate, and counter samples of an interface's generic
 * counters. XDR encoding (big-endian 32-bit words); a datagram is built in
 * a fixed buffer sized for one unfragmented UDP payload, and refuses a
 * sample that would not fit (the caller sends and starts the next).
 */
#ifndef PF_SFLOW_H
#define PF_SFLOW_H

#include <stddef.h>
#include <stdint.h>

#define PF_SFLOW_MAX 1400    /* UDP payload: no fragmentation on any sane path */
#define PF_SFLOW_HDR_MAX 128 /* bytes of a sampled frame carried (the customary default) */

struct pf_sflow_dgram {
	uint8_t buf[PF_SFLOW_MAX];
	size_t len;
	uint32_t n_samples;
};

/* The agent: an IPv4 (4 bytes) or IPv6 (16 bytes) address. */
void pf_sflow_begin(struct pf_sflow_dgram *d, const uint8_t *agent, int family, uint32_t sub_agent,
		    uint32_t seq, uint32_t uptime_ms);

struct pf_sflow_flow {
	uint32_t seq;            /* this source's flow sample count */
	uint32_t source_ifindex; /* the sampling port */
	uint32_t rate;           /* 1 in rate */
	uint32_t pool;           /* frames the sampler saw */
	uint32_t drops;          /* samples lost (e.g. to a full buffer) */
	uint32_t input, output;  /* ifIndex; 0 unknown */
	uint32_t frame_len;      /* the frame's length */
	const void *header;      /* its first bytes */
	uint32_t header_len;     /* at most PF_SFLOW_HDR_MAX */
};

/* Generic interface counters (RFC 2863's, as sFlow carries them). */
struct pf_sflow_ifc {
	uint32_t seq, ifindex, type, direction, status;
	uint64_t speed, in_octets, out_octets;
	uint32_t in_ucast, in_mcast, in_bcast, in_discards, in_errors, in_unknown;
	uint32_t out_ucast, out_mcast, out_bcast, out_discards, out_errors, promisc;
};

/* 0, or -ENOSPC when the sample does not fit (nothing added), -EINVAL. */
int pf_sflow_add_flow(struct pf_sflow_dgram *d, const struct pf_sflow_flow *f);
int pf_sflow_add_counters(struct pf_sflow_dgram *d, const struct pf_sflow_ifc *c);

/* The datagram's bytes, with its sample count in place; their length. */
size_t pf_sflow_end(struct pf_sflow_dgram *d);

#endif
