// SPDX-License-Identifier: GPL-2.0
/*
 * Test and benchmark programs (never shipped):
 *  - bench_wrap: restores the frame from a template on every repetition
 *    (BPF_PROG_TEST_RUN repeat mode reuses one buffer, so a forwarder would
 *    otherwise measure its TTL <= 1 exit), rotating its addresses over N
 *    flows, then tail-calls the program under test from BENCH_TARGET[0];
 *  - headroom_wrap: uses up `burn` bytes of headroom (template field), puts
 *    the template frame at the new start and tail-calls the target: how a
 *    frame from a driver with no spare headroom looks to fast_path;
 *  - ref_pass: a bare XDP_PASS (the floor);
 *  - ref_fwd: a minimal forwarder, parse + bpf_fib_lookup + TTL/MAC rewrite +
 *    bpf_redirect_map (the yardstick);
 *  - live_gen, live_sink, live_redirect: make bench-live's generator (live
 *    frames), its counting sink and its ceiling (a bare redirect).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "csum.h"
#include "tpl.h"

/* bench_wrap's repetition number, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} BENCH_SEQ SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tpl);
} BENCH_TPL SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} BENCH_TARGET SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} REF_DEVMAP SEC(".maps");

/* Write the template over the frame's start; -1 when the frame is shorter. */
static __always_inline int restore(struct xdp_md *ctx, const struct tpl *t)
{
	__u64 *p = (void *)(long)ctx->data;
	int i;

	if ((void *)(p + TPL_BYTES / 8) > (void *)(long)ctx->data_end)
		return -1;
#pragma unroll
	for (i = 0; i < TPL_BYTES / 8; i++)
		p[i] = ((const __u64 *)t->bytes)[i];
	return 0;
}

/*
 * The TCP or UDP checksum after an address word of its pseudo-header went
 * from 0 to n, `times` times (an unused IPv4 UDP checksum, 0, stays so).
 */
static __always_inline int l4_follow(void *data, void *end, __u32 l4, __u8 proto, __u16 n,
				     int times)
{
	__u16 *check = data + l4 + (proto == IPPROTO_TCP ? 16 : 6);

	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return 0;
	if ((void *)(check + 1) > end)
		return -1;
	if (proto == IPPROTO_UDP && !*check)
		return 0;
	*check = pf_csum_replace(*check, 0, n);
	if (times > 1)
		*check = pf_csum_replace(*check, 0, n);
	if (proto == IPPROTO_UDP && !*check)
		*check = 0xffff;
	return 0;
}

/*
 * Many flows: the low 16 bits of the destination (and of the source, with
 * src_too) become repetition % flows, the IPv4 header checksum and the TCP
 * or UDP one following (conntrack drops frames whose checksum is wrong);
 * the templates' addresses end in two zero bytes.
 */
static __always_inline int rotate(struct xdp_md *ctx, const struct tpl *t)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u32 zero = 0, *seq = bpf_map_lookup_elem(&BENCH_SEQ, &zero);
	__u16 n;

	if (t->flows <= 1 || !seq)
		return 0;
	n = bpf_htons((__u16)(*seq % t->flows));
	*seq += 1;
	if (t->v6) {
		struct ipv6hdr *ip6 = data + ETH_HLEN;

		if ((void *)(ip6 + 1) > end)
			return -1;
		ip6->daddr.in6_u.u6_addr16[7] = n;
		if (t->src_too)
			ip6->saddr.in6_u.u6_addr16[7] = n;
		return l4_follow(data, end, ETH_HLEN + sizeof(*ip6), ip6->nexthdr, n,
				 t->src_too ? 2 : 1);
	} else {
		struct iphdr *ip = data + ETH_HLEN;
		__u16 *d = (__u16 *)&ip->daddr, *s = (__u16 *)&ip->saddr;

		if ((void *)(ip + 1) > end)
			return -1;
		ip->check = pf_csum_replace(ip->check, d[1], n);
		d[1] = n;
		if (t->src_too) {
			ip->check = pf_csum_replace(ip->check, s[1], n);
			s[1] = n;
		}
		return l4_follow(data, end, ETH_HLEN + ip->ihl * 4, ip->protocol, n,
				 t->src_too ? 2 : 1);
	}
}

SEC("xdp")
int bench_wrap(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct tpl *t = bpf_map_lookup_elem(&BENCH_TPL, &zero);
	long len = (long)ctx->data_end - (long)ctx->data;

	if (!t)
		return XDP_ABORTED;
	/* Undo a VLAN push or pop of the previous repetition. */
	if (len == (long)t->len + 4)
		bpf_xdp_adjust_head(ctx, 4);
	else if (len == (long)t->len - 4)
		bpf_xdp_adjust_head(ctx, -4);
	if (restore(ctx, t) || rotate(ctx, t))
		return XDP_ABORTED;
	bpf_tail_call(ctx, &BENCH_TARGET, 0);
	return XDP_ABORTED;
}

SEC("xdp")
int headroom_wrap(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct tpl *t = bpf_map_lookup_elem(&BENCH_TPL, &zero);

	if (!t || t->burn > 512 || bpf_xdp_adjust_head(ctx, -(int)t->burn) || restore(ctx, t))
		return XDP_ABORTED;
	bpf_tail_call(ctx, &BENCH_TARGET, 0);
	return XDP_ABORTED;
}

SEC("xdp")
int ref_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int ref_fwd(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup f = {};
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6;
	struct iphdr *iph;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	f.ifindex = ctx->ingress_ifindex;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > data_end || iph->ttl <= 1)
			return XDP_PASS;
		f.family = 2;
		f.tos = iph->tos;
		f.l4_protocol = iph->protocol;
		f.tot_len = bpf_ntohs(iph->tot_len);
		f.ipv4_src = iph->saddr;
		f.ipv4_dst = iph->daddr;
		if (bpf_fib_lookup(ctx, &f, sizeof(f), 0) != BPF_FIB_LKUP_RET_SUCCESS)
			return XDP_PASS;
		pf_ipv4_dec_ttl(iph);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end || ip6->hop_limit <= 1)
			return XDP_PASS;
		f.family = 10;
		f.l4_protocol = ip6->nexthdr;
		f.tot_len = bpf_ntohs(ip6->payload_len) + sizeof(*ip6);
		__builtin_memcpy(f.ipv6_src, &ip6->saddr, 16);
		__builtin_memcpy(f.ipv6_dst, &ip6->daddr, 16);
		if (bpf_fib_lookup(ctx, &f, sizeof(f), 0) != BPF_FIB_LKUP_RET_SUCCESS)
			return XDP_PASS;
		ip6->hop_limit--;
	} else {
		return XDP_PASS;
	}
	__builtin_memcpy(eth->h_dest, f.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, f.smac, ETH_ALEN);
	return bpf_redirect_map(&REF_DEVMAP, f.ifindex, 0);
}

/*
 * The generator: every live frame (BPF_F_TEST_XDP_LIVE_FRAMES) gets the
 * template and the next flow's addresses, the frames a forwarder changed
 * coming back from the page pool included, and leaves by the device the test
 * run names (XDP_TX there transmits on it).
 */
SEC("xdp")
int live_gen(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct tpl *t = bpf_map_lookup_elem(&BENCH_TPL, &zero);

	if (!t || restore(ctx, t) || rotate(ctx, t))
		return XDP_ABORTED;
	return XDP_TX;
}

/* Frames that reached the sink, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} LIVE_COUNT SEC(".maps");

/* The sink: counts the generator's frames (UDP to port 9, any family) and drops all. */
SEC("xdp")
int live_sink(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 zero = 0, l4;
	__u16 *dport;
	__u8 proto;
	__u64 *n;

	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end)
			return XDP_DROP;
		proto = ip->protocol;
		l4 = ETH_HLEN + sizeof(*ip);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end)
			return XDP_DROP;
		proto = ip6->nexthdr;
		l4 = ETH_HLEN + sizeof(*ip6);
	} else {
		return XDP_DROP;
	}
	dport = data + l4 + 2;
	if (proto != IPPROTO_UDP || (void *)(dport + 1) > end || *dport != bpf_htons(9))
		return XDP_DROP;
	n = bpf_map_lookup_elem(&LIVE_COUNT, &zero);
	if (n)
		*n += 1;
	return XDP_DROP;
}

/* The ceiling: to the port REF_DEVMAP[ingress] names, the frame untouched. */
SEC("xdp")
int live_redirect(struct xdp_md *ctx)
{
	return bpf_redirect_map(&REF_DEVMAP, ctx->ingress_ifindex, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
