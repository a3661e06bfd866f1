// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MSS clamp fixtures: SYN and SYN-ACK, v4 and v6, even and odd option
 * offsets, precedence (prefix + egress iface > prefix > egress iface >
 * global), no-rewrite cases, and clamp combined with a VLAN push. Expected
 * frames carry the new MSS with the TCP checksum computed from scratch.
 */
#include <string.h>
#include "fixture.h"

#define V4_CLIENT "100.64.0.2"
#define V6_CLIENT "2001:db9::2"
#define MSS_FLAGS (PF_CFG_VLAN_PRESENT | PF_CFG_MSS_PRESENT)

/* A SYN (flags 0x02) or SYN-ACK (0x12) with an MSS option at `lead` NOPs. */
static void syn(struct pf_frame *s, int v6, const char *src, const char *dst, __u8 flags,
		int lead, __u16 mss)
{
	int i;

	pf_frame_init(s, v6, src, dst, 6);
	s->tcp_flags = flags;
	s->payload = 0;
	for (i = 0; i < lead; i++)
		s->tcp_opts[i] = PF_TCPOPT_NOP;
	s->tcp_opts[lead] = PF_TCPOPT_MSS;
	s->tcp_opts[lead + 1] = PF_TCPOLEN_MSS;
	s->tcp_opts[lead + 2] = (__u8)(mss >> 8);
	s->tcp_opts[lead + 3] = (__u8)mss;
	for (i = lead + PF_TCPOLEN_MSS; i < 8; i++)
		s->tcp_opts[i] = PF_TCPOPT_NOP;
	s->tcp_opts_len = 8;
}

static struct pf_frame clamped(struct t_world *w, const struct pf_frame *in, int lead, __u16 mss,
			     int vlan)
{
	struct pf_frame o = pf_frame_forwarded(in, vlan ? w->nh_out20 : w->nh_out0,
					       vlan ? w->mac_out20 : w->mac_out0);

	o.tcp_opts[lead + 2] = (__u8)(mss >> 8);
	o.tcp_opts[lead + 3] = (__u8)mss;
	if (vlan) {
		o.tags = 1;
		o.tpid = 0x8100;
		o.tci = 20;
	}
	return o;
}

PF_TEST(mss_global_syn_and_synack_even_and_odd)
{
	static const __u8 flags[] = { 0x02, 0x12 };
	struct pf_frame s, o;
	int f, lead;
	T_NEED_WORLD(w);
	T_ASSERT(!t_set_cfg(w, 0, MSS_FLAGS, 1360), "cfg");
	for (f = 0; f < 2; f++)
		for (lead = 0; lead < 4; lead++) { /* lead 1 and 3: MSS at an odd offset */
			syn(&s, 0, V4_CLIENT, "198.51.100.7", flags[f], lead, 1460);
			o = clamped(w, &s, lead, 1360, 0);
			if (!t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4,
				       PF_C_matched_dst_only, PF_C_mss_clamp_applied, PF_C_fwd_ok,
				       T_END))
				goto out;
		}
	for (lead = 0; lead < 2; lead++) {
		syn(&s, 1, V6_CLIENT, "2001:db8:100::7", 0x02, lead, 1440);
		o = clamped(w, &s, lead, 1360, 0);
		t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6, PF_C_matched_dst_only,
			  PF_C_mss_clamp_applied, PF_C_fwd_ok, T_END);
	}
out:
	t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0);
}

PF_TEST(mss_no_rewrite_cases)
{
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	T_ASSERT(!t_set_cfg(w, 0, MSS_FLAGS, 1360), "cfg");
	/* MSS already at or below the ceiling. */
	syn(&s, 0, V4_CLIENT, "198.51.100.7", 0x02, 0, 1200);
	o = clamped(w, &s, 0, 1200, 0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_mss_clamp_skipped, PF_C_fwd_ok, T_END);
	/* A SYN with no options at all. */
	pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 6);
	s.tcp_flags = 0x02;
	o = s;
	memcpy(o.dmac, w->nh_out0, 6);
	memcpy(o.smac, w->mac_out0, 6);
	o.ttl--;
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_mss_clamp_skipped, PF_C_fwd_ok, T_END);
	/* Not a SYN: fast_path forwards it directly, no clamp counters. */
	syn(&s, 0, V4_CLIENT, "198.51.100.7", 0x10, 0, 1460);
	o = clamped(w, &s, 0, 1460, 0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	/* No clamp configured anywhere: a SYN goes the direct path. */
	T_ASSERT(!t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0), "cfg");
	syn(&s, 0, V4_CLIENT, "198.51.100.7", 0x02, 0, 1460);
	o = clamped(w, &s, 0, 1460, 0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
}

/* The ceiling chosen at each precedence level, most specific first. */
PF_TEST(mss_precedence)
{
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	T_ASSERT(!t_set_cfg(w, 0, MSS_FLAGS, 1440), "cfg");
	T_ASSERT(!t_mss_iface(w, w->out0, 1350, 1), "iface");
	T_ASSERT(!t_mss_prefix(w, "198.51.100.0/24", 0, 1400, 1), "prefix");
	T_ASSERT(!t_mss_prefix(w, "198.51.100.0/24", w->out0, 1300, 1), "prefix+iface");
	T_ASSERT(!t_mss_prefix(w, "198.51.100.0/24", w->out20, 1000, 1), "other iface");
	syn(&s, 0, V4_CLIENT, "198.51.100.7", 0x02, 0, 1460);

	o = clamped(w, &s, 0, 1300, 0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_mss_clamp_applied, PF_C_fwd_ok, T_END);
	t_mss_prefix(w, "198.51.100.0/24", w->out0, 0, 0);
	o = clamped(w, &s, 0, 1400, 0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_mss_clamp_applied, PF_C_fwd_ok, T_END);
	t_mss_prefix(w, "198.51.100.0/24", 0, 0, 0);
	o = clamped(w, &s, 0, 1350, 0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_mss_clamp_applied, PF_C_fwd_ok, T_END);
	t_mss_iface(w, w->out0, 0, 0);
	o = clamped(w, &s, 0, 1440, 0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_mss_clamp_applied, PF_C_fwd_ok, T_END);
	t_mss_prefix(w, "198.51.100.0/24", w->out20, 0, 0);
	t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0);
}

/* Within a level both addresses count and the lower ceiling wins. */
PF_TEST(mss_src_and_dst_lower_wins)
{
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	T_ASSERT(!t_set_cfg(w, 0, MSS_FLAGS, 0), "cfg");
	T_ASSERT(!t_mss_prefix(w, "198.51.100.0/24", 0, 1400, 1), "dst prefix");
	T_ASSERT(!t_mss_prefix(w, "203.0.113.0/24", 0, 1380, 1), "src prefix");
	syn(&s, 0, "203.0.113.5", "198.51.100.7", 0x12, 0, 1460);
	o = clamped(w, &s, 0, 1380, 0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_both,
		  PF_C_mss_clamp_applied, PF_C_fwd_ok, T_END);
	/* v6 prefix level. */
	T_ASSERT(!t_mss_prefix(w, "2001:db8:100::/48", 0, 1220, 1), "v6 prefix");
	syn(&s, 1, V6_CLIENT, "2001:db8:100::7", 0x02, 1, 1440);
	o = clamped(w, &s, 1, 1220, 0);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v6, PF_C_matched_dst_only,
		  PF_C_mss_clamp_applied, PF_C_fwd_ok, T_END);
	t_mss_prefix(w, "198.51.100.0/24", 0, 0, 0);
	t_mss_prefix(w, "203.0.113.0/24", 0, 0, 0);
	t_mss_prefix(w, "2001:db8:100::/48", 0, 0, 0);
	t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0);
}

/* The iface key is the FIB egress before VLAN resolution (the subif). */
PF_TEST(mss_with_vlan_push_keyed_on_subif)
{
	struct pf_frame s, o;
	T_NEED_WORLD(w);
	T_ASSERT(!t_set_cfg(w, 0, MSS_FLAGS, 0), "cfg");
	T_ASSERT(!t_mss_iface(w, w->out20, 1320, 1), "iface out20");
	syn(&s, 0, V4_CLIENT, "198.51.102.7", 0x02, 1, 1460);
	o = clamped(w, &s, 1, 1320, 1);
	t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_mss_clamp_applied, PF_C_fwd_ok, T_END);
	t_mss_iface(w, w->out20, 0, 0);
	t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0);
}

/* Every one of the 40 option bytes is walked: nine NOPs (and more) do not hide the MSS. */
PF_TEST(mss_found_after_many_nops)
{
	struct pf_frame s, o;
	int lead, i;
	T_NEED_WORLD(w);
	T_ASSERT(!t_set_cfg(w, 0, MSS_FLAGS, 1360), "cfg");
	for (lead = 8; lead <= 36; lead += 7) {
		pf_frame_init(&s, 0, V4_CLIENT, "198.51.100.7", 6);
		s.tcp_flags = 0x02;
		for (i = 0; i < 40; i++)
			s.tcp_opts[i] = PF_TCPOPT_NOP;
		s.tcp_opts[lead] = PF_TCPOPT_MSS;
		s.tcp_opts[lead + 1] = PF_TCPOLEN_MSS;
		s.tcp_opts[lead + 2] = 1460 >> 8;
		s.tcp_opts[lead + 3] = 1460 & 0xff;
		s.tcp_opts_len = 40;
		o = pf_frame_forwarded(&s, w->nh_out0, w->mac_out0);
		o.tcp_opts[lead + 2] = 1360 >> 8;
		o.tcp_opts[lead + 3] = 1360 & 0xff;
		t_fixture(t, &s, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
			  PF_C_mss_clamp_applied, PF_C_fwd_ok, T_END);
	}
	T_ASSERT(!t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0), "cfg");
}

/* Options the walk cannot finish go to the kernel untouched; bytes past the IP packet are no options. */
PF_TEST(mss_unwalkable_options_pass_untouched)
{
	static __u8 in[256];
	struct pf_frame s;
	size_t len;
	int c[] = { PF_C_matched_v4, PF_C_matched_dst_only, PF_C_pass_mss_unparsed, T_END };
	T_NEED_WORLD(w);
	T_ASSERT(!t_set_cfg(w, 0, MSS_FLAGS, 1360), "cfg");
	/* An option whose length runs past the header. */
	syn(&s, 0, V4_CLIENT, "198.51.100.7", 0x02, 0, 1460);
	s.tcp_opts[0] = 8;
	s.tcp_opts[1] = 30;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_pass_mss_unparsed, T_END);
	/* A length of 1. */
	s.tcp_opts[1] = 1;
	t_fixture(t, &s, w->in0, XDP_PASS, NULL, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_pass_mss_unparsed, T_END);
	/* The TCP header claims options that lie past the IP total length (in padding). */
	syn(&s, 0, V4_CLIENT, "198.51.100.7", 0x02, 0, 1460);
	len = pf_frame_build(&s, in, sizeof(in));
	in[14 + 3] = (__u8)(in[14 + 3] - 8); /* IPv4 total length 8 bytes short: options cut */
	in[14 + 10] = in[14 + 11] = 0;
	{
		__u32 sum = 0;
		size_t k;

		for (k = 0; k < 20; k += 2)
			sum += (__u32)(in[14 + k] << 8 | in[14 + k + 1]);
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		in[14 + 10] = (__u8)(~sum >> 8);
		in[14 + 11] = (__u8)~sum;
	}
	t_fixture_raw(t, in, len, w->in0, XDP_PASS, NULL, 0, c);
	T_ASSERT(!t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0), "cfg");
}
