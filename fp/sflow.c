// SPDX-License-Identifier: GPL-2.0-or-later
/* sFlow v5 datagrams (see sflow.h). */
#include <errno.h>
#include <string.h>
#include "sflow.h"

#define SFLOW_VERSION 5
#define ADDR_IP4 1
#define ADDR_IP6 2
#define SAMPLE_FLOW 1 /* enterprise 0, format 1 */
#define SAMPLE_COUNTERS 2
#define RECORD_RAW_HEADER 1
#define RECORD_GENERIC_IF 1
#define HEADER_ETHERNET 1  /* ETHERNET-ISO88023 */
#define SAMPLES_AT (4 * 6) /* after version, type, 4-byte agent, sub agent, seq, uptime */

static void u32(struct pf_sflow_dgram *d, uint32_t v)
{
	d->buf[d->len++] = (uint8_t)(v >> 24);
	d->buf[d->len++] = (uint8_t)(v >> 16);
	d->buf[d->len++] = (uint8_t)(v >> 8);
	d->buf[d->len++] = (uint8_t)v;
}

static void u64(struct pf_sflow_dgram *d, uint64_t v)
{
	u32(d, (uint32_t)(v >> 32));
	u32(d, (uint32_t)v);
}

static void bytes(struct pf_sflow_dgram *d, const void *p, size_t len)
{
	memcpy(d->buf + d->len, p, len);
	d->len += len;
	while (d->len % 4)
		d->buf[d->len++] = 0; /* XDR opaque: padded to a word */
}

void pf_sflow_begin(struct pf_sflow_dgram *d, const uint8_t *agent, int family, uint32_t sub_agent,
		    uint32_t seq, uint32_t uptime_ms)
{
	d->len = 0;
	d->n_samples = 0;
	u32(d, SFLOW_VERSION);
	u32(d, family == 6 ? ADDR_IP6 : ADDR_IP4);
	bytes(d, agent, family == 6 ? 16 : 4);
	u32(d, sub_agent);
	u32(d, seq);
	u32(d, uptime_ms);
	u32(d, 0); /* the sample count, set by pf_sflow_end */
}

/* Room for `len` more bytes? */
static int room(const struct pf_sflow_dgram *d, size_t len)
{
	return d->len + len <= sizeof(d->buf) ? 0 : -ENOSPC;
}

int pf_sflow_add_flow(struct pf_sflow_dgram *d, const struct pf_sflow_flow *f)
{
	uint32_t hdr = (f->header_len + 3) & ~3U;
	uint32_t record = 16 + hdr;        /* protocol, frame length, stripped, header length */
	uint32_t sample = 32 + 8 + record; /* 8 words, then one record's format and length */

	if (f->header_len > PF_SFLOW_HDR_MAX || f->header_len > f->frame_len)
		return -EINVAL;
	if (room(d, 8 + sample))
		return -ENOSPC;
	u32(d, SAMPLE_FLOW);
	u32(d, sample);
	u32(d, f->seq);
	u32(d, f->source_ifindex & 0xffffff); /* type 0: ifIndex */
	u32(d, f->rate);
	u32(d, f->pool);
	u32(d, f->drops);
	u32(d, f->input);
	u32(d, f->output);
	u32(d, 1); /* one record */
	u32(d, RECORD_RAW_HEADER);
	u32(d, record);
	u32(d, HEADER_ETHERNET);
	u32(d, f->frame_len);
	u32(d, 0); /* nothing stripped: XDP sees no FCS */
	u32(d, f->header_len);
	bytes(d, f->header, f->header_len);
	d->n_samples++;
	return 0;
}

int pf_sflow_add_counters(struct pf_sflow_dgram *d, const struct pf_sflow_ifc *c)
{
	uint32_t record = 88, sample = 12 + 8 + record;

	if (room(d, 8 + sample))
		return -ENOSPC;
	u32(d, SAMPLE_COUNTERS);
	u32(d, sample);
	u32(d, c->seq);
	u32(d, c->ifindex & 0xffffff);
	u32(d, 1); /* one record */
	u32(d, RECORD_GENERIC_IF);
	u32(d, record);
	u32(d, c->ifindex);
	u32(d, c->type);
	u64(d, c->speed);
	u32(d, c->direction);
	u32(d, c->status);
	u64(d, c->in_octets);
	u32(d, c->in_ucast);
	u32(d, c->in_mcast);
	u32(d, c->in_bcast);
	u32(d, c->in_discards);
	u32(d, c->in_errors);
	u32(d, c->in_unknown);
	u64(d, c->out_octets);
	u32(d, c->out_ucast);
	u32(d, c->out_mcast);
	u32(d, c->out_bcast);
	u32(d, c->out_discards);
	u32(d, c->out_errors);
	u32(d, c->promisc);
	d->n_samples++;
	return 0;
}

size_t pf_sflow_end(struct pf_sflow_dgram *d)
{
	/* The count sits just before the first sample, after the agent address. */
	size_t at = d->buf[7] == ADDR_IP6 ? SAMPLES_AT + 12 : SAMPLES_AT;
	uint32_t n = d->n_samples;

	d->buf[at] = (uint8_t)(n >> 24);
	d->buf[at + 1] = (uint8_t)(n >> 16);
	d->buf[at + 2] = (uint8_t)(n >> 8);
	d->buf[at + 3] = (uint8_t)n;
	return d->len;
}
