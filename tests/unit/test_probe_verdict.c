// SPDX-License-Identifier: GPL-2.0-or-later
/* Probe verdicts on synthetic samples: plain, tagged, prefixed, garbage. */
#include <string.h>
#include "fp/frame.h"
#include "fp/probe_verdict.h"
#include "harness.h"

static void sample(struct pf_probe_sample *s, int tagged, unsigned int prefix, int i)
{
	__u8 f[256];
	struct pf_frame sp;
	size_t len;

	pf_frame_init(&sp, i & 1, i & 1 ? "2001:db8::1" : "10.0.0.1",
		      i & 1 ? "2001:db8::2" : "10.0.0.2", 17);
	sp.tags = tagged;
	sp.tci = 10;
	sp.sport = (__u16)(1000 + i);
	len = pf_frame_build(&sp, f, sizeof(f));
	memset(s, 0, sizeof(*s));
	memset(s->head, 0xc3, prefix); /* a constant "descriptor" */
	memcpy(s->head + prefix, f, PF_PROBE_HEAD - prefix);
	s->caplen = PF_PROBE_HEAD;
	s->len = (__u32)(len + prefix);
}

PF_TEST(probe_verdicts)
{
	struct pf_probe_sample s[20] = { 0 };
	struct pf_probe_verdict v;
	int i;

	pf_probe_judge(s, 0, &v);
	T_EQ_U64(v.kind, PF_PROBE_NONE, "no samples");
	for (i = 0; i < 20; i++)
		sample(&s[i], 0, 0, i);
	pf_probe_judge(s, 20, &v);
	T_EQ_U64(v.kind, PF_PROBE_ETHERNET, "plain");
	T_EQ_U64(v.plausible_pct, 100, "plain plausible");
	for (i = 0; i < 20; i++)
		sample(&s[i], 1, 0, i);
	pf_probe_judge(s, 20, &v);
	T_EQ_U64(v.kind, PF_PROBE_VLAN, "tagged");
	for (i = 0; i < 20; i++)
		sample(&s[i], 0, 16, i);
	pf_probe_judge(s, 20, &v);
	T_EQ_U64(v.kind, PF_PROBE_PREFIX, "16-byte prefix");
	T_EQ_U64(v.prefix, 16, "prefix length");
	T_CHECK(v.common_bytes >= 16, "common leading bytes %u", v.common_bytes);
	/* A real capture also holds frames the kernel sends itself (ND, ...). */
	for (i = 0; i < 20; i++)
		sample(&s[i], 0, i < 12 ? 16 : 0, i);
	pf_probe_judge(s, 20, &v);
	T_EQ_U64(v.kind, PF_PROBE_PREFIX, "mostly prefixed");
	T_EQ_U64(v.prefix, 16, "prefix length among background frames");
	for (i = 0; i < 20; i++)
		sample(&s[i], 0, i < 5 ? 16 : 0, i);
	pf_probe_judge(s, 20, &v);
	T_EQ_U64(v.kind, PF_PROBE_ETHERNET, "mostly plain");
	for (i = 0; i < 20; i++)
		memset(s[i].head, i * 7 + 1, PF_PROBE_HEAD);
	pf_probe_judge(s, 20, &v);
	T_EQ_U64(v.kind, PF_PROBE_UNKNOWN, "garbage");
}
