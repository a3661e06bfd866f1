/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Judging probe samples: is what the driver hands XDP plain Ethernet,
 * VLAN-tagged Ethernet, or Ethernet behind a driver descriptor prefix (and
 * how long is that prefix)?
 */
#ifndef PF_PROBE_VERDICT_H
#define PF_PROBE_VERDICT_H

#include <stddef.h>
#include "bpf/probe.h"

enum pf_probe_kind {
	PF_PROBE_NONE = 0, /* no samples */
	PF_PROBE_ETHERNET, /* conformant Ethernet */
	PF_PROBE_VLAN,     /* conformant, mostly carrying 802.1Q/802.1ad tags */
	PF_PROBE_PREFIX,   /* Ethernet found `prefix` bytes in: a descriptor prefix */
	PF_PROBE_UNKNOWN,  /* no plausible Ethernet at any offset */
};

struct pf_probe_verdict {
	enum pf_probe_kind kind;
	unsigned int prefix;       /* bytes before the Ethernet header (PREFIX) */
	unsigned int plausible_pct; /* samples with a plausible ethertype at 12 */
	unsigned int tagged_pct;   /* ... of which a VLAN TPID */
	unsigned int common_bytes; /* leading bytes shared by every sample */
};

extern const char *const pf_probe_kind_names[];

void pf_probe_judge(const struct pf_probe_sample *s, size_t n, struct pf_probe_verdict *v);

#endif
