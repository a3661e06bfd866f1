// SPDX-License-Identifier: GPL-2.0
/*
 * The probe: a separate, tiny XDP program for `packetframe probe`. It copies
 * the first bytes of every frame (from an optional offset) into a ring buffer
 * and passes the frame untouched, so an operator can see what the driver
 * really hands XDP (plain Ethernet, VLAN tags, or a descriptor prefix).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "probe.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} SAMPLES SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pf_probe_cfg);
} PROBE_CFG SEC(".maps");

SEC("xdp")
int pf_probe(struct xdp_md *ctx)
{
	__u8 *data = (__u8 *)(long)ctx->data, *end = (__u8 *)(long)ctx->data_end, *p;
	struct pf_probe_cfg *cfg;
	struct pf_probe_sample *s;
	__u32 zero = 0, off;
	int i;

	cfg = bpf_map_lookup_elem(&PROBE_CFG, &zero);
	off = cfg ? cfg->offset & PF_PROBE_MAX_OFFSET_MASK : 0;
	s = bpf_ringbuf_reserve(&SAMPLES, sizeof(*s), 0);
	if (!s)
		return XDP_PASS;
	s->ts_ns = bpf_ktime_get_ns();
	s->len = (__u32)(end - data);
	s->caplen = 0;
	p = data + off;
#pragma unroll
	for (i = 0; i < PF_PROBE_HEAD; i++) {
		if (p + i + 1 > end)
			break;
		s->head[i] = p[i];
		s->caplen = (__u32)i + 1;
	}
	bpf_ringbuf_submit(s, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
