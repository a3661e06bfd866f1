/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rx VLAN offload on attached ports. With it, the NIC moves a frame's tag into
 * metadata that an XDP program which is not device-bound cannot read, so a
 * tagged frame would look untagged and be routed as the port's own traffic.
 * attach turns it off (both the 802.1Q and the 802.1ad parser) and records
 * what it was, detach restores it, and a port where it cannot be turned off
 * is refused.
 */
#ifndef PF_OFFLOAD_H
#define PF_OFFLOAD_H

#include <stdbool.h>
#include <stddef.h>

#define PF_OFFLOAD_CTAG (1u << 0) /* rx-vlan-hw-parse ("rxvlan") */
#define PF_OFFLOAD_STAG (1u << 1) /* rx-vlan-stag-hw-parse */

struct pf_offload {
	unsigned int active;     /* PF_OFFLOAD_* that are on now */
	unsigned int changeable; /* PF_OFFLOAD_* the driver lets us change */
};

/* Read the port's rx VLAN offload state; 0 or -errno (no such feature: all off). */
int pf_offload_get(const char *ifname, struct pf_offload *o);

/* Turn these PF_OFFLOAD_* bits on or off; 0 or -errno. */
int pf_offload_set(const char *ifname, unsigned int bits, bool on);

/* Can attach turn it off here? 0, or PF_REFUSED / -errno with why (names the command). */
int pf_offload_check(const char *ifname, char *why, size_t len);

/* Turn it off, recording what was on in the state dir (first); 0 or -errno. */
struct pf_paths;
int pf_offload_take(const struct pf_paths *p, const char *ifname);

/* Put back what pf_offload_take turned off (nothing recorded: nothing to do). */
int pf_offload_give_back(const struct pf_paths *p, const char *ifname);

#endif
