// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One fixture per verdict path and counter, through BPF_PROG_TEST_RUN of the
 * loaded object (tail call included) in the test world: exact output bytes
 * (expected frames are built independently, checksums from scratch) and
 * exact counter deltas.
 */
#include <arpa/inet.h>
#include <string.h>
#include <bpf/bpf.h>
#include "bpf/objects.h"
#include "fixture.h"

#define V4_CLIENT "100.64.0.2" /* not allowlisted */
#define V6_CLIENT "2001:db9::2"

/* ---- parse and eligibility: PASS, frame untouched ---------------------- */

PF_TEST(fx_not_ip_arp)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.ethertype = 0x0806;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_not_ip, T_END);
}

PF_TEST(fx_ipv4_options)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.ihl = 6;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_complex_header, T_END);
}

PF_TEST(fx_ipv4_fragments)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.frag_off = 0x2000; /* MF */
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_fragment, T_END);
	s.frag_off = 0x0010; /* offset 128 */
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_fragment, T_END);
	s.frag_off = 0x4000; /* DF alone is fine: forwarded */
	struct pf_frame o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

PF_TEST(fx_low_ttl)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.ttl = 1;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_low_ttl, T_END);
	s.ttl = 0;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_low_ttl, T_END);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:100::7", 17);
	s.ttl = 1;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_low_ttl, T_END);
}

PF_TEST(fx_truncated_and_malformed)
{
	static const int parse[] = { PF_C_err_parse, T_END };
	struct pf_frame s;
	__u8 f[256];
	size_t len, cut;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.payload = 100;
	len = pf_frame_build(&s, f, sizeof(f));
	/* Every cut inside the IPv4 header or its payload. */
	for (cut = 15; cut < 14 + 20 + 8 + 100; cut += 7)
		if (!t_fixture_raw(t, f, cut, w->in0, XDP_PASS, NULL, 0, parse))
			return;
	f[14] = 0x55; /* version 5 */
	t_fixture_raw(t, f, len, w->in0, XDP_PASS, NULL, 0, parse);
	f[14] = 0x44; /* IHL 4 */
	t_fixture_raw(t, f, len, w->in0, XDP_PASS, NULL, 0, parse);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:100::7", 6);
	len = pf_frame_build(&s, f, sizeof(f));
	t_fixture_raw(t, f, len - 1, w->in0, XDP_PASS, NULL, 0, parse); /* payload_len too big */
	t_fixture_raw(t, f, 14 + 39, w->in0, XDP_PASS, NULL, 0, parse);
	s.tags = 1;
	s.tci = 10;
	len = pf_frame_build(&s, f, sizeof(f));
	t_fixture_raw(t, f, 16, w->in0, XDP_PASS, NULL, 0, parse); /* half a tag */
}

PF_TEST(fx_ipv6_extension_headers)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:100::7", 17);
	s.v6_nexthdr = 0; /* proto */
	s.v6_nexthdr = 0 + 0; /* hop-by-hop is next header 0: set via proto below */
	s.proto = 0;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_complex_header, T_END);
	s.proto = 44; /* fragment header */
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_complex_header, T_END);
	s.proto = 50; /* ESP */
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_complex_header, T_END);
}

PF_TEST(fx_ipv6_ndp_never_forwarded)
{
	struct pf_frame s;
	int type;
	T_NEED_WORLD(w);
	for (type = 133; type <= 137; type++) {
		pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:100::7", 58);
		s.icmp_type = (__u8)type;
		s.ttl = 255;
		if (!t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_ndp, T_END))
			return;
	}
	/* An echo request is ordinary traffic. */
	s.icmp_type = 128;
	struct pf_frame o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

PF_TEST(fx_qinq)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.tags = 2;
	s.tpid = 0x88a8;
	s.tci = 10;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_qinq, T_END);
}

PF_TEST(fx_vlan_unknown_vid)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.tags = 1;
	s.tci = 99;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_vlan_unknown, T_END);
}

PF_TEST(fx_not_for_us)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	pf_mac_parse(s.dmac, "02:00:00:00:00:77");
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_other_mac, T_END);
	pf_mac_parse(s.dmac, "ff:ff:ff:ff:ff:ff");
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_other_mac, T_END);
	/* Tagged: the subinterface's MAC counts, not the port's. */
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.tags = 1;
	s.tci = 10;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_other_mac, T_END);
}

PF_TEST(fx_iface_unknown)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	t_fixture(t, &s, w->out20, XDP_PASS, NULL, PF_C_pass_iface_unknown, T_END);
}

/* ---- allowlist, block, dry-run ----------------------------------------- */

PF_TEST(fx_allow_miss)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "100.64.9.9", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_allow_miss, T_END);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db9::9", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_allow_miss, T_END);
}

PF_TEST(fx_allow_match_kinds_dry_run)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	T_ASSERT(!t_set_cfg(w, 1, PF_CFG_VLAN_PRESENT, 0), "cfg");
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_dry_run, T_END);
	pf_frame_init(&s, 0, "198.51.100.7", V4_CLIENT, 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_src_only,
		  PF_C_fwd_dry_run, T_END);
	pf_frame_init(&s, 0, "203.0.113.5", "198.51.100.7", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_both,
		  PF_C_fwd_dry_run, T_END);
	pf_frame_init(&s, 1, "2001:db8:100::7", V6_CLIENT, 6);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v6, PF_C_matched_src_only,
		  PF_C_fwd_dry_run, T_END);
	T_ASSERT(!t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0), "cfg");
}

PF_TEST(fx_block_prefix)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	T_ASSERT(!t_prefix_map(w, T_BLOCK, "198.51.100.128/25", 1), "block v4");
	T_ASSERT(!t_prefix_map(w, T_BLOCK, "2001:db8:100:bad::/64", 1), "block v6");
	T_ASSERT(!t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT | PF_CFG_BLOCK_PRESENT, 0), "cfg");
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.200", 17);
	t_fixture(t, &s, w->in0, XDP_DROP, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_bogon_dropped, T_END);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:100:bad::1", 17);
	t_fixture(t, &s, w->in0, XDP_DROP, NULL, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_bogon_dropped, T_END);
	/* Block is on dst only. */
	pf_frame_init(&s, 0, "198.51.100.200", "198.51.100.7", 17);
	struct pf_frame o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_both,
		  PF_C_fwd_ok, T_END);
	/* Dry-run counts the block but drops nothing. */
	T_ASSERT(!t_set_cfg(w, 1, PF_CFG_VLAN_PRESENT | PF_CFG_BLOCK_PRESENT, 0), "cfg");
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.200", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_bogon_dropped, PF_C_fwd_dry_run, T_END);
	/* Presence bit off: the map is not consulted. */
	T_ASSERT(!t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0), "cfg");
	o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	t_prefix_map(w, T_BLOCK, "198.51.100.128/25", 0);
	t_prefix_map(w, T_BLOCK, "2001:db8:100:bad::/64", 0);
}

/* ---- kernel FIB results ------------------------------------------------- */

PF_TEST(fx_fib_no_neigh)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "203.0.113.9", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_pass_no_neigh, T_END);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:113::9", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_pass_no_neigh, T_END);
}

PF_TEST(fx_fib_frag_needed)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.101.9", 17);
	s.payload = 600; /* route MTU 576 */
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_pass_frag_needed, T_END);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:101::9", 17);
	s.payload = 1300; /* route MTU 1280 */
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_pass_frag_needed, T_END);
	/* Below the MTU the same route forwards. */
	s.payload = 100;
	struct pf_frame o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

/* Blackhole drops silently, as the kernel does; unreachable and prohibit go to the kernel for its ICMP. */
PF_TEST(fx_fib_blackhole_unreachable_prohibit)
{
	static const struct {
		int v6;
		const char *dst;
		__u32 verdict;
		int counter;
	} c[] = {
		{ 0, "192.0.2.1", XDP_DROP, PF_C_drop_unreachable },
		{ 0, "192.0.2.65", XDP_PASS, PF_C_pass_unreachable },
		{ 0, "192.0.2.129", XDP_PASS, PF_C_pass_prohibit },
		{ 1, "2001:db8:666::1", XDP_DROP, PF_C_drop_unreachable },
		{ 1, "2001:db8:667::1", XDP_PASS, PF_C_pass_unreachable },
	};
	struct pf_frame s;
	unsigned int i;
	T_NEED_WORLD(w);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		pf_frame_init(&s, c[i].v6, c[i].v6 ? V6_CLIENT : V4_CLIENT, c[i].dst, 17);
		t_fixture(t, &s, w->in0, c[i].verdict, NULL,
			  c[i].v6 ? PF_C_matched_v6 : PF_C_matched_v4, PF_C_matched_dst_only,
			  c[i].counter, T_END);
	}
}

PF_TEST(fx_fib_not_fwded_local)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "10.1.0.1", 6);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_pass_not_fwded, T_END);
	pf_frame_init(&s, 1, V6_CLIENT, "fd01::1", 6);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_pass_not_fwded, T_END);
}

PF_TEST(fx_fib_fwd_disabled)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	memcpy(s.dmac, w->mac_nofwd, 6);
	t_fixture(t, &s, w->nofwd, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_pass_fwd_disabled, T_END);
}

PF_TEST(fx_fib_unsupp_lwt)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.103.9", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_pass_unsupp_lwt, T_END);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:103::9", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_pass_unsupp_lwt, T_END);
}

/* ---- forwarding -------------------------------------------------------- */

PF_TEST(fx_forward_v4_udp_tcp_icmp)
{
	static const __u8 protos[] = { 17, 6, 1, 47 /* GRE: any L4 forwards */ };
	struct pf_frame s, o;
	unsigned int i;
	T_NEED_WORLD(w);
	for (i = 0; i < sizeof(protos); i++) {
		pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", protos[i]);
		s.tos = 0xb8;
		o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
		if (!t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4,
			       PF_C_matched_dst_only, PF_C_fwd_ok, T_END))
			return;
	}
	/* Checksum edge: TTL 2 -> 1 still forwards (the next hop decides). */
	s.ttl = 2;
	o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

PF_TEST(fx_forward_v6)
{
	static const __u8 protos[] = { 17, 6 };
	struct pf_frame s, o;
	unsigned int i;
	T_NEED_WORLD(w);
	for (i = 0; i < sizeof(protos); i++) {
		pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:100::7", protos[i]);
		s.tos = 0x20;
		s.flowlabel = 0x12345;
		o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
		if (!t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6,
			       PF_C_matched_dst_only, PF_C_fwd_ok, T_END))
			return;
	}
}

/* ---- VLAN choreography -------------------------------------------------- */

PF_TEST(fx_vlan_push)
{
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.102.7", 17);
	o = pf_frame_forwarded(&s, w->nh_out20, w->mac_out20);
	o.tags = 1;
	o.tpid = 0x8100;
	o.tci = 20;
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:102::7", 6);
	o = pf_frame_forwarded(&s, w->nh_out20, w->mac_out20);
	o.tags = 1;
	o.tci = 20;
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

PF_TEST(fx_vlan_push_tpid_88a8)
{
	struct pf_vlan_out v = { .phys_ifindex = 0, .vid = 20, .tpid = __builtin_bswap16(0x88a8) };
	__u32 k;
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	v.phys_ifindex = (__u32)w->out0;
	k = (__u32)w->out20;
	T_ASSERT(!bpf_map_update_elem(pf_obj_map_fd(w->obj, PF_MAP_VLAN_RESOLVE), &k, &v, BPF_ANY),
		 "map");
	w->cfg.gen++; /* as every VLAN_RESOLVE writer must */
	T_ASSERT(!t_write_cfg(w), "bump");
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.102.7", 17);
	o = pf_frame_forwarded(&s, w->nh_out20, w->mac_out20);
	o.tags = 1;
	o.tpid = 0x88a8;
	o.tci = 20;
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	v.tpid = __builtin_bswap16(0x8100);
	bpf_map_update_elem(pf_obj_map_fd(w->obj, PF_MAP_VLAN_RESOLVE), &k, &v, BPF_ANY);
	w->cfg.gen++;
	t_write_cfg(w);
}

PF_TEST(fx_vlan_pop)
{
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.tags = 1;
	s.tci = 0xa000 | 10; /* PCP 5 */
	memcpy(s.dmac, w->mac_in10, 6);
	o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	o.tags = 0;
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

/* The egress subinterface writes its own tag: its TPID and VID, PCP and DEI 0. */
PF_TEST(fx_vlan_rewrite_as_the_kernel_writes)
{
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.102.7", 6);
	s.tags = 1;
	s.tpid = 0x8100;
	s.tci = 0xb000 | 10; /* PCP 5, DEI 1 */
	memcpy(s.dmac, w->mac_in10, 6);
	o = pf_frame_forwarded(&s, w->nh_out20, w->mac_out20);
	o.tci = 20;
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

/* A subinterface is (TPID, VID): 802.1ad VID 10 is not the 802.1Q VID 10 one. */
PF_TEST(fx_vlan_identity_includes_tpid)
{
	struct pf_frame s;
	T_NEED_WORLD(w);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.102.7", 6);
	s.tags = 1;
	s.tpid = 0x88a8;
	s.tci = 10;
	memcpy(s.dmac, w->mac_in10, 6);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_vlan_unknown, T_END);
}

/* Same VID in and out on another port: the tag stays, but PCP/DEI become the egress's 0. */
PF_TEST(fx_vlan_same_vid_pcp_cleared)
{
	struct pf_vlan_key vk = { .vid = 20, .tpid = htons(0x8100) };
	struct pf_vlan_in vin;
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	vk.ifindex = (__u32)w->in0;
	vin.ifindex = (__u32)w->in10; /* VID 20 on in0 is in10 here; it leaves by out20 */
	memcpy(vin.mac, w->mac_in10, 6);
	vin.flags = 0;
	T_ASSERT(!bpf_map_update_elem(pf_obj_map_fd(w->obj, PF_MAP_VLAN_INGRESS), &vk, &vin,
				      BPF_ANY),
		 "map");
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.102.7", 17);
	s.tags = 1;
	s.tci = 0x6000 | 20;
	memcpy(s.dmac, w->mac_in10, 6);
	o = pf_frame_forwarded(&s, w->nh_out20, w->mac_out20);
	o.tci = 20;
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	bpf_map_delete_elem(pf_obj_map_fd(w->obj, PF_MAP_VLAN_INGRESS), &vk);
}

PF_TEST(fx_vlan_priority_tag)
{
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	/* VID 0 arrives on the port itself; untagged egress strips the tag. */
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.tags = 1;
	s.tci = 0x6000; /* PCP 3, VID 0 */
	o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	o.tags = 0;
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	/* Tagged egress: one tag (never double-tagged), the egress's VID, PCP 0. */
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:102::7", 17);
	s.tags = 1;
	s.tci = 0x6000;
	o = pf_frame_forwarded(&s, w->nh_out20, w->mac_out20);
	o.tci = 20;
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

/* ---- fallible steps before the first write ------------------------------ */

PF_TEST(fx_not_in_devmap_pristine)
{
	__u32 k;
	struct pf_frame s;
	T_NEED_WORLD(w);
	k = (__u32)w->out0;
	T_ASSERT(!bpf_map_delete_elem(pf_obj_map_fd(w->obj, PF_MAP_REDIRECT_DEVMAP), &k), "devmap "
											  "del");
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_pass_not_in_devmap, T_END);
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.102.7", 17); /* VLAN egress on out0 too */
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_pass_not_in_devmap, T_END);
	bpf_map_update_elem(pf_obj_map_fd(w->obj, PF_MAP_REDIRECT_DEVMAP), &k, &k, BPF_ANY);
}

PF_TEST(fx_tail_call_missing_pristine)
{
	__u32 slot = PF_SLOT_FINALIZE;
	struct pf_frame s;
	int fd;
	T_NEED_WORLD(w);
	T_ASSERT(!bpf_map_delete_elem(pf_obj_map_fd(w->obj, PF_MAP_MUTATION_PROGS), &slot), "slot "
											    "del");
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.102.7", 17); /* needs finalize: push */
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_err_tail_call, T_END);
	fd = pf_obj_prog_fd(w->obj, PF_PROG_finalize);
	T_ASSERT(!bpf_map_update_elem(pf_obj_map_fd(w->obj, PF_MAP_MUTATION_PROGS), &slot, &fd,
				      BPF_ANY),
		 "slot restore");
}

/* ---- driver quirk --------------------------------------------------------- */

PF_TEST(fx_head_shift_quirk)
{
	static const int fwd_c[] = { PF_C_matched_v4, PF_C_matched_dst_only, PF_C_fwd_ok, T_END };
	static const int fail_c[] = { PF_C_err_head_shift, T_END };
	static __u8 in[2048], want[2048], real[2048];
	struct pf_frame s, o;
	size_t rl, wl;
	T_NEED_WORLD(w);
	T_ASSERT(!t_set_quirks(w, w->in0, PF_QUIRK_HEAD_SHIFT_128), "quirk");
	/* The driver hands data 128 B early and data_end 128 B short. */
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	s.payload = 200;
	rl = pf_frame_build(&s, real, sizeof(real)) + 128; /* 128 B of zero Ethernet padding */
	memset(in, 0xee, 128);
	memcpy(in + 128, real, rl - 128);
	o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	wl = pf_frame_build(&o, want, sizeof(want)); /* the padding trimmed, as the kernel does */
	t_fixture_raw(t, in, rl, w->in0, XDP_REDIRECT, want, wl, fwd_c);
	/* Too short to shift: passed untouched. */
	t_fixture_raw(t, in, 100, w->in0, XDP_PASS, NULL, 0, fail_c);
	T_ASSERT(!t_set_quirks(w, w->in0, 0), "quirk off");
}

/* ---- allowlist cache ------------------------------------------------------ */

/*
 * Cached IPv6 allowlist answers follow every change because the generation
 * is bumped; a change written without the bump is (by design) not seen,
 * which is why every writer of ALLOW_V6 (and IFACES) must bump CFG.gen.
 */
PF_TEST(fx_allow_cache_follows_generation)
{
	struct pf_lpm6 k = { 32, { 0x20, 0x01, 0x0d, 0xb8 } };
	struct pf_frame s, o;
	__u8 one = 1;
	int fd;
	T_NEED_WORLD(w);
	fd = pf_obj_map_fd(w->obj, PF_MAP_ALLOW_V6);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:100::7", 17);
	o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END); /* cached as a hit */
	T_ASSERT(!t_prefix_map(w, T_ALLOW, "2001:db8::/32", 0), "del");
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_allow_miss, T_END); /* now a cached miss */
	/* Re-added behind the program's back, without a generation bump: still a miss. */
	T_ASSERT(!bpf_map_update_elem(fd, &k, &one, BPF_ANY), "raw add");
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_allow_miss, T_END);
	w->cfg.gen++;
	T_ASSERT(!t_write_cfg(w), "bump");
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	/* Generation 0: no cache at all, the trie answers directly. */
	w->cfg.gen = 0;
	T_ASSERT(!t_write_cfg(w), "gen 0");
	T_ASSERT(!bpf_map_delete_elem(fd, &k), "raw del");
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_allow_miss, T_END);
	T_ASSERT(!bpf_map_update_elem(fd, &k, &one, BPF_ANY), "raw add");
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	w->cfg.gen = 1000;
	t_write_cfg(w);
}

/* A frame from the client to dst: forwarded as an allowlist match, or an allowlist miss. */
static void allow_case(struct pf_t *t, struct t_world *w, const char *dst, int allowed)
{
	struct pf_frame s, o;

	pf_frame_init(&s, 0, V4_CLIENT, dst, 17);
	o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	if (allowed)
		t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
			  PF_C_fwd_ok, T_END);
	else
		t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_allow_miss, T_END);
}

/*
 * IPv4 by ALLOW24_V4: a /24 cut up by a longer prefix asks ALLOW_V4 for the
 * exact answer, a covering shorter prefix answers for the whole /24, and
 * removing that one leaves the longer one's answer standing.
 */
PF_TEST(fx_allow24_longer_and_shorter_prefixes)
{
	static const struct {
		const char *prefix;
		int add;
		const char *in[3], *out[3]; /* allowed after the change, and not */
	} steps[] = {
		{ "10.128.5.128/25", 1, { "10.128.5.200" }, { "10.128.5.7", "10.128.4.200" } },
		{ "10.128.4.0/23",
		  1,
		  { "10.128.5.7", "10.128.5.200", "10.128.4.200" },
		  { "10.128.6.1" } },
		{ "10.128.4.0/23", 0, { "10.128.5.200" }, { "10.128.5.7", "10.128.4.200" } },
		{ "10.128.5.128/25", 0, { NULL }, { "10.128.5.200" } },
	};
	size_t i, j;
	T_NEED_WORLD(w);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		T_ASSERT(!t_prefix_map(w, T_ALLOW, steps[i].prefix, steps[i].add), "step %zu", i);
		for (j = 0; j < 3; j++) {
			if (steps[i].in[j])
				allow_case(t, w, steps[i].in[j], 1);
			if (steps[i].out[j])
				allow_case(t, w, steps[i].out[j], 0);
		}
	}
}

/* The per-CPU last-port slot follows IFACES changes through the generation. */
PF_TEST(fx_iface_cache_follows_generation)
{
	struct pf_iface other = { .mac = { 0x02, 0, 0, 0, 0, 0x55 } };
	struct pf_frame s, o;
	__u32 k;
	T_NEED_WORLD(w);
	k = (__u32)w->in0;
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 17);
	o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END); /* in0 now in the slot */
	T_ASSERT(!bpf_map_update_elem(pf_obj_map_fd(w->obj, PF_MAP_IFACES), &k, &other, BPF_ANY),
		 "raw");
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END); /* no bump: the slot still answers */
	w->cfg.gen++;
	T_ASSERT(!t_write_cfg(w), "bump");
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_pass_other_mac, T_END);
	T_ASSERT(!t_set_quirks(w, w->in0, 0), "restore");
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

/* The per-CPU last-egress slot follows VLAN_RESOLVE changes through the generation. */
PF_TEST(fx_egress_cache_follows_generation)
{
	struct pf_frame s, tagged;
	__u32 k;
	T_NEED_WORLD(w);
	k = (__u32)w->out20;
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.102.7", 17);
	tagged = pf_frame_forwarded(&s, w->nh_out20, w->mac_out20);
	tagged.tags = 1;
	tagged.tpid = 0x8100;
	tagged.tci = 20;
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &tagged, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END); /* out20 -> (out0, 20) now in the slot */
	/* out20 stops being a subinterface: egress would be out20 itself (not in the devmap). */
	T_ASSERT(!bpf_map_delete_elem(pf_obj_map_fd(w->obj, PF_MAP_VLAN_RESOLVE), &k), "del");
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &tagged, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END); /* no bump: the slot still answers */
	w->cfg.gen++;
	T_ASSERT(!t_write_cfg(w), "bump");
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_pass_not_in_devmap, T_END);
	{
		struct pf_vlan_out v = { .phys_ifindex = (__u32)w->out0, .vid = 20,
					 .tpid = __builtin_bswap16(0x8100) };

		T_ASSERT(!bpf_map_update_elem(pf_obj_map_fd(w->obj, PF_MAP_VLAN_RESOLVE), &k, &v,
					      BPF_ANY),
			 "restore");
	}
	w->cfg.gen++;
	T_ASSERT(!t_write_cfg(w), "bump");
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &tagged, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

/*
 * A direct FIB lookup (no policy rules) skips the local table: a destination
 * that is one of the router's own is handed to the kernel before the lookup,
 * as the local table would have answered; other destinations still forward.
 * (IPv6 shows it: its local and main tables are always apart.)
 */
/*
 * `fib-lookup auto`'s probe: in this namespace (no rule ever: merged) a
 * forwarded frame leaves the split mark unset; a probe whose `other` has no
 * route in main is no evidence of a merge, and every frame then takes the
 * full lookup (the mark set at this generation), still forwarded.
 */
PF_TEST(fx_fib_probe_needs_evidence)
{
	struct pf_fib_probe probe, steps[3];
	static const int split_wanted[3] = { 0, 1, 1 };
	struct pf_frame s, o;
	__u32 zero = 0;
	__u64 split;
	int pfd, sfd, i;
	T_NEED_WORLD(w);
	pfd = pf_obj_map_fd(w->obj, PF_MAP_FIB_PROBE4);
	sfd = pf_obj_map_fd(w->obj, PF_MAP_FIB_SPLIT4);
	T_ASSERT(!bpf_map_lookup_elem(pfd, &zero, &probe), "probe");
	steps[0] = probe;                       /* the world's: out0's address and its next hop */
	steps[1].own = probe.own;               /* `other` without a route in main */
	steps[1].other = htonl(0xc6120001);     /* 198.18.0.1 */
	memset(&steps[2], 0, sizeof(steps[2])); /* no probe at all */
	/* from in0's own subnet: the source check a split brings finds its way back */
	pf_frame_init(&s, 0, "10.1.0.5", "198.51.100.7", 17);
	o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	for (i = 0; i < 3; i++) {
		w->cfg.gen++; /* a new apply: every CPU probes its next frame */
		T_ASSERT(!bpf_map_update_elem(pfd, &zero, &steps[i], BPF_ANY) &&
				 !t_set_cfg(w, 0,
					    PF_CFG_VLAN_PRESENT | PF_CFG_FIB_DIRECT4 |
						    PF_CFG_FIB_PROBE4,
					    0),
			 "step %d", i);
		t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_both,
			  PF_C_fwd_ok, T_END);
		split = 0;
		bpf_map_lookup_elem(sfd, &zero, &split);
		T_CHECK((split == PF_FIB_SPLIT_AT(w->cfg.gen)) == split_wanted[i],
			"step %d: split mark %s", i, split_wanted[i] ? "unset" : "set");
	}
	bpf_map_update_elem(pfd, &zero, &probe, BPF_ANY);
	t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0);
}

PF_TEST(fx_fib_direct_local_destination)
{
	struct in6_addr a;
	__u8 kind = PF_LOCAL_SRC | PF_LOCAL_DST;
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	inet_pton(AF_INET6, "fd02::1", &a); /* out0's address */
	T_ASSERT(!t_prefix_map(w, T_ALLOW, "fd02::/64", 1) &&
			 !bpf_map_update_elem(pf_obj_map_fd(w->obj, PF_MAP_LOCAL_V6), &a, &kind,
					      BPF_ANY) &&
			 !t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT | PF_CFG_FIB_DIRECT6, 0),
		 "setup");
	pf_frame_init(&s, 1, V6_CLIENT, "fd02::1", 17);
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_pass_not_fwded, T_END);
	pf_frame_init(&s, 1, V6_CLIENT, "2001:db8:100::7", 17);
	o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	bpf_map_delete_elem(pf_obj_map_fd(w->obj, PF_MAP_LOCAL_V6), &a);
	t_prefix_map(w, T_ALLOW, "fd02::/64", 0);
	t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0);
}
