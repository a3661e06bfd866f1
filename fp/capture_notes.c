// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What capture writes beside a frame: the verdict, the counter that
 * explains it and its meaning, and for a forward what the fast path did to
 * it, from the two images by the frame decoder `explain` uses.
 */
#include <net/if.h>
#include <stdio.h>
#include <linux/bpf.h>
#include "bpf/counters.h"
#include "capture_notes.h"
#include "capture_opts.h"
#include "counter_names.h"
#include "frame.h"

const char *pf_capture_ifname(__u32 ifindex, char *buf)
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "#%u", ifindex);
	return buf;
}

size_t pf_capture_notes(const struct pf_sample *s, char c[][PF_NOTE_LEN])
{
	const struct pf_capture_rec *r = s->out;
	char a[IF_NAMESIZE], b[IF_NAMESIZE];
	struct pf_frame_info fi, fo;
	size_t n = 0;

	if (r->counter < PF_COUNTER_MAX)
		snprintf(c[n++], PF_NOTE_LEN, "packetframe: %s (%s): %s",
			 pf_capture_verdict(r->action), pf_counter_name(r->counter),
			 pf_counter_help(r->counter));
	else
		snprintf(c[n++], PF_NOTE_LEN, "packetframe: %s", pf_capture_verdict(r->action));
	if (r->action != XDP_REDIRECT)
		return n;
	if (r->fib_egress && r->fib_egress != r->egress)
		snprintf(c[n++], PF_NOTE_LEN, "egress: %s (route via %s)",
			 pf_capture_ifname(r->egress, a), pf_capture_ifname(r->fib_egress, b));
	else
		snprintf(c[n++], PF_NOTE_LEN, "egress: %s", pf_capture_ifname(r->egress, a));
	if (r->vlan_action == PF_VLAN_PUSH)
		snprintf(c[n++], PF_NOTE_LEN, "vlan: push VID %u", r->vid);
	else if (r->vlan_action == PF_VLAN_POP)
		snprintf(c[n++], PF_NOTE_LEN, "vlan: pop");
	else if (r->vlan_action == PF_VLAN_REWRITE)
		snprintf(c[n++], PF_NOTE_LEN, "vlan: rewrite to VID %u", r->vid);
	if (!s->in || pf_frame_decode(s->in_bytes, s->in->cap_len, &fi) ||
	    pf_frame_decode(s->out_bytes, r->cap_len, &fo))
		return n;
	snprintf(c[n++], PF_NOTE_LEN, "%s: %u -> %u", fi.v6 ? "hop limit" : "ttl", fi.ttl, fo.ttl);
	if (fi.mss && fo.mss != fi.mss)
		snprintf(c[n++], PF_NOTE_LEN, "mss: %zu -> %zu (clamped)", fi.mss, fo.mss);
	return n;
}
