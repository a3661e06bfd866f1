// SPDX-License-Identifier: GPL-2.0-or-later
/* Probe sample heuristics. */
#include <string.h>
#include "probe_verdict.h"

const char *const pf_probe_kind_names[] = {
	[PF_PROBE_NONE] = "no frames seen",
	[PF_PROBE_ETHERNET] = "conformant Ethernet",
	[PF_PROBE_VLAN] = "VLAN-tagged Ethernet (tags visible to XDP)",
	[PF_PROBE_PREFIX] = "driver descriptor prefix before the Ethernet header",
	[PF_PROBE_UNKNOWN] = "no plausible Ethernet header at any offset",
};

static int ethertype_at(const struct pf_probe_sample *s, unsigned int off)
{
	if (off + 14 > s->caplen)
		return -1;
	return s->head[off + 12] << 8 | s->head[off + 13];
}

static int plausible(int et)
{
	return et == 0x0800 || et == 0x86dd || et == 0x8100 || et == 0x88a8 || et == 0x0806;
}

/* Percentage of samples with a plausible ethertype when Ethernet starts at off. */
static unsigned int share(const struct pf_probe_sample *s, size_t n, unsigned int off,
			  unsigned int *tagged)
{
	size_t i, ok = 0, vlan = 0;

	for (i = 0; i < n; i++) {
		int et = ethertype_at(&s[i], off);

		ok += plausible(et);
		vlan += et == 0x8100 || et == 0x88a8;
	}
	if (tagged)
		*tagged = ok ? (unsigned int)(vlan * 100 / ok) : 0;
	return (unsigned int)(ok * 100 / n);
}

void pf_probe_judge(const struct pf_probe_sample *s, size_t n, struct pf_probe_verdict *v)
{
	unsigned int off, i, best = 0;
	size_t k;

	memset(v, 0, sizeof(*v));
	if (!n)
		return;
	v->plausible_pct = share(s, n, 0, &v->tagged_pct);
	/* Bytes every sample shares from the start (a descriptor often is constant). */
	for (i = 0; i < PF_PROBE_HEAD; i++) {
		for (k = 1; k < n && i < s[k].caplen && s[k].head[i] == s[0].head[i]; k++)
			;
		if (k < n || i >= s[0].caplen)
			break;
	}
	v->common_bytes = n >= 4 ? i : 0;
	if (v->plausible_pct >= 90)
		goto ethernet;
	/*
	 * Not clean Ethernet: is there an offset where Ethernet shows up in more
	 * frames (a driver prefix)? Background frames the kernel itself sends
	 * keep a real capture from reaching 100% either way.
	 */
	for (off = 1; off + 14 <= PF_PROBE_HEAD; off++) {
		unsigned int sh = share(s, n, off, NULL);

		if (sh > best) {
			best = sh;
			v->prefix = off;
		}
	}
	if (best >= 50 && best > v->plausible_pct) {
		v->kind = PF_PROBE_PREFIX;
		return;
	}
	v->prefix = 0;
	if (v->plausible_pct >= 50)
		goto ethernet;
	v->kind = PF_PROBE_UNKNOWN;
	return;
ethernet:
	v->kind = v->tagged_pct >= 50 ? PF_PROBE_VLAN : PF_PROBE_ETHERNET;
}
