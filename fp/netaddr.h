/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The addresses of this network namespace (one RTM_GETADDR dump), for the
 * fast path's LOCAL_V4/V6 maps: a frame whose source is one of them is a
 * martian to the kernel, so the fast path must hand it over, not forward it.
 * And whether it has policy rules of its own, which change how the kernel
 * validates sources.
 */
#ifndef PF_NETADDR_H
#define PF_NETADDR_H

#include <stddef.h>
#include <linux/types.h>

struct pf_netaddr {
	int family; /* 4 or 6 */
	int ifindex;
	__u8 addr[16];
};

/* Every IPv4 and IPv6 address (and IPv4 broadcast); 0 or -errno. Free *out with free(). */
int pf_netaddr_list(struct pf_netaddr **out, size_t *n);

/*
 * How many IPv4 policy rules besides the kernel's three (local, main,
 * default), or -errno. With any, the kernel checks every forwarded frame's
 * source against the FIB (as if rp_filter were loose, without the drop for
 * "no route"), so the fast path must too.
 */
int pf_netrules_custom(void);

#endif
