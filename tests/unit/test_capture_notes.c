// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * capture's notes beside a frame, from records built as the fast path
 * writes them: the verdict with its counter and meaning; for a forward the
 * egress (and the FIB's when they differ), the VLAN action, the TTL or hop
 * limit and an MSS clamp, read from the two images.
 */
#include <string.h>
#include <linux/bpf.h>
#include "bpf/counters.h"
#include "fp/capture_notes.h"
#include "fp/counter_names.h"
#include "fp/frame.h"
#include "harness.h"

static size_t notes(const struct pf_sample *s, char c[][PF_NOTE_LEN])
{
	memset(c, 0, PF_NOTES_MAX * PF_NOTE_LEN);
	return pf_capture_notes(s, c);
}

PF_TEST(capture_notes_of_a_pass)
{
	char c[PF_NOTES_MAX][PF_NOTE_LEN], want[PF_NOTE_LEN];
	struct pf_capture_rec out = {
		.kind = PF_CAP_OUT, .action = XDP_PASS, .counter = PF_C_pass_rp_filter, .ingress = 1
	};
	struct pf_sample s = { .out = &out };

	snprintf(want, sizeof(want), "packetframe: pass (pass_rp_filter): %s",
		 pf_counter_help(PF_C_pass_rp_filter));
	T_EQ_U64(notes(&s, c), 1, "one note");
	T_CHECK(!strcmp(c[0], want), "'%s'", c[0]);
	out.action = XDP_DROP;
	out.counter = PF_CAP_ANY;
	T_EQ_U64(notes(&s, c), 1, "one note");
	T_CHECK(!strcmp(c[0], "packetframe: drop"), "no counter: '%s'", c[0]);
}

/* A TCP SYN forwarded with a tag pushed and its MSS clamped: every change named. */
PF_TEST(capture_notes_of_a_forward)
{
	static __u8 in_b[256], out_b[256];
	static const __u8 nh[6] = { 2, 0, 0, 0, 0, 9 }, me[6] = { 2, 0, 0, 0, 0, 8 };
	char c[PF_NOTES_MAX][PF_NOTE_LEN];
	struct pf_frame f, o;
	struct pf_capture_rec in = { .kind = PF_CAP_IN, .action = XDP_REDIRECT },
			      out = { .kind = PF_CAP_OUT,
				      .action = XDP_REDIRECT,
				      .counter = PF_C_fwd_ok,
				      .ingress = 1,
				      .egress = 1,
				      .fib_egress = 1,
				      .vlan_action = PF_VLAN_PUSH,
				      .vid = 20 };
	struct pf_sample s = { .in = &in, .in_bytes = in_b, .out = &out, .out_bytes = out_b };

	pf_frame_init(&f, 0, "100.64.0.2", "198.51.100.7", 6);
	f.tcp_flags = 0x02;
	memcpy(f.tcp_opts, "\x02\x04\x05\xb4", 4); /* MSS 1460 */
	f.tcp_opts_len = 4;
	o = pf_frame_forwarded(&f, nh, me);
	o.tags = 1;
	o.tpid = 0x8100;
	o.tci = 20;
	o.tcp_opts[2] = 1400 >> 8;
	o.tcp_opts[3] = 1400 & 0xff;
	in.cap_len = in.frame_len = (__u32)pf_frame_build(&f, in_b, sizeof(in_b));
	out.cap_len = out.frame_len = (__u32)pf_frame_build(&o, out_b, sizeof(out_b));
	T_EQ_U64(notes(&s, c), 5, "verdict, egress, vlan, ttl, mss");
	T_CHECK(!strncmp(c[0], "packetframe: forward (fwd_ok): ", 31), "'%s'", c[0]);
	T_CHECK(!strcmp(c[1], "egress: lo"), "'%s'", c[1]);
	T_CHECK(!strcmp(c[2], "vlan: push VID 20"), "'%s'", c[2]);
	T_CHECK(!strcmp(c[3], "ttl: 64 -> 63"), "'%s'", c[3]);
	T_CHECK(!strcmp(c[4], "mss: 1460 -> 1400 (clamped)"), "'%s'", c[4]);

	/* Through a subinterface, popped, no MSS option: said as such. */
	out.fib_egress = 0x7fffffff; /* no such device here: named by number */
	out.vlan_action = PF_VLAN_POP;
	T_EQ_U64(notes(&s, c), 5, "still five (the MSS changed)");
	T_CHECK(!strcmp(c[1], "egress: lo (route via #2147483647)"), "'%s'", c[1]);
	T_CHECK(!strcmp(c[2], "vlan: pop"), "'%s'", c[2]);
	out.vlan_action = PF_VLAN_REWRITE;
	notes(&s, c);
	T_CHECK(!strcmp(c[2], "vlan: rewrite to VID 20"), "'%s'", c[2]);

	/* Without the arrival image (lost, filtered): nothing is guessed. */
	s.in = NULL;
	out.vlan_action = PF_VLAN_KEEP;
	T_EQ_U64(notes(&s, c), 2, "verdict and egress only");
}
