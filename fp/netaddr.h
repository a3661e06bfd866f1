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

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "bpf/shared.h"

struct pf_netaddr {
	int family; /* 4 or 6 */
	int ifindex;
	__u8 addr[16];
	bool anycast; /* a local-table anycast route: a destination the router takes, not a source */
};

/* Every IPv4 and IPv6 address (and IPv4 broadcast); 0 or -errno. Free *out with free(). */
int pf_netaddr_list(struct pf_netaddr **out, size_t *n);

/* What the policy rules of this namespace ask of the fast path. */
struct pf_netrules {
	/*
	 * IPv4 rules besides the kernel's three (local, main, default): with any,
	 * the kernel checks every forwarded frame's source against the FIB (as if
	 * rp_filter were loose, without the drop for "no route"), and so must we.
	 */
	bool custom_v4;
	/* IPv6 rules besides the kernel's two (local, main): no direct FIB lookup then. */
	bool custom_v6;
	/*
	 * Rules on port ranges (either family): the kernel dissects ports of SCTP,
	 * DCCP, UDP-Lite and more for them, the fast path only TCP's and UDP's.
	 */
	bool port_rules;
};

int pf_netrules_scan(struct pf_netrules *n);

/* What the routes of this namespace ask of the fast path. */
struct pf_routes {
	__u32 route_mtu; /* the lowest MTU a route sets without `lock` (0: none) */
	/*
	 * Local-table routes the direct lookup cannot stand in for: wider than one
	 * address (AnyIP), of another type, or added by hand. No direct lookup then.
	 */
	bool local_prefix4, local_prefix6;
	/*
	 * IPv4 local-table routes someone added: the kernel then checks every
	 * forwarded frame's source against the FIB (fib_has_custom_local_routes).
	 */
	bool custom_local4;
	/*
	 * IPv4's local table is still merged into main, as the kernel keeps it
	 * until the first policy rule is added (and never re-merges after): a
	 * direct lookup of main then is the kernel's own lookup, local routes
	 * included, and the kernel skips its FIB source check. False when unknown.
	 */
	bool merged4;
	/* What the fast path probes the merge by (PF_CFG_FIB_PROBE4); zeros: nothing fits. */
	struct pf_fib_probe probe4;
	struct pf_netaddr *local; /* the local table's host routes: local, broadcast, anycast */
	size_t n_local;
};

/* Every table's routes, and the probe among addrs; 0 or -errno. Free out->local with free(). */
int pf_routes_scan(struct pf_routes *out, const struct pf_netaddr *addrs, size_t n_addrs);

#endif
