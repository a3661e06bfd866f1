/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's receive-path losses around the fast path, from
 * /proc/net/softnet_stat: frames dropped because a CPU's backlog was full,
 * and the times net_rx_action ran out of budget or time with work left
 * (time_squeeze), summed over CPUs. They explain loss the counters of the
 * fast path cannot see.
 */
#ifndef PF_SOFTNET_H
#define PF_SOFTNET_H

#include <linux/types.h>

struct pf_softnet {
	__u64 dropped, time_squeeze;
};

/* 0, or -errno when the file cannot be read or has no CPU line. */
int pf_softnet_read(struct pf_softnet *s);

#endif
