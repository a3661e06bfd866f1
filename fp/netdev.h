/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Network devices of the current network namespace (one RTM_GETLINK dump):
 * ifindex, name, MAC, flags, type and VLAN details; the driver name; and the
 * one "is native XDP allowed on this driver/kernel?" predicate that attach,
 * feasibility and probe all share.
 */
#ifndef PF_NETDEV_H
#define PF_NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "config.h"

struct pf_netdev {
	int ifindex;
	char name[PF_IFNAMSIZ];
	__u8 mac[6];
	unsigned int flags;   /* IFF_* */
	unsigned short type;  /* ARPHRD_* */
	int link;             /* IFLA_LINK: the lower device of a VLAN, a veth's peer */
	int link_netnsid;     /* IFLA_LINK_NETNSID: the namespace `link` is in, -1: this one */
	int master;           /* IFLA_MASTER: the bridge or bond it is enslaved to, 0: none */
	bool is_vlan;
	bool is_vrf; /* an l3mdev: its ports' lookups go to its table */
	__u16 vid;
	__u16 vlan_proto;     /* host order: 0x8100 or 0x88a8 */
	bool vlan_egress_qos; /* an egress QoS map writes a PCP other than 0 */
};

/* Dump all devices; 0 or -errno. Free *out with free(). */
int pf_netdev_list(struct pf_netdev **out, size_t *n);

const struct pf_netdev *pf_netdev_by_name(const struct pf_netdev *d, size_t n, const char *name);
const struct pf_netdev *pf_netdev_by_index(const struct pf_netdev *d, size_t n, int ifindex);

/*
 * Will a veth hand a native redirect to its peer (the device `link` names)?
 * Only into the peer's NAPI: the peer runs a native XDP program (looked up in
 * its namespace, wherever that is), or from 5.13 has GRO on (readable only when
 * it is in this namespace). False when it cannot be told.
 */
bool pf_netdev_peer_takes_redirects(const struct pf_netdev *d, int kernel);

/* SIOCETHTOOL with cmd (an ethtool_* request) on a device of this namespace; 0 or -errno. */
int pf_ethtool(const char *ifname, void *cmd);

/* Driver name (ethtool), "" when unknown. */
void pf_netdev_driver(const char *ifname, char *buf, size_t len);

/* The device's effective rp_filter: 0 off, 1 strict, 2 loose (max of all and the device). */
int pf_netdev_rp_filter(const char *ifname);

/* Does this device forward IPv4 (its own conf/<dev>/forwarding, as the FIB helper asks)? */
bool pf_netdev_ipv4_forwards(const char *ifname);

/* Would the kernel forward IPv6 arriving on this device (all.forwarding, disable_ipv6)? */
bool pf_netdev_ipv6_forwards(const char *ifname);

/*
 * Running kernel as major * 1000 + minor, or 0 when unknown. The tests can
 * make version-dependent choices run as on another kernel with
 * PACKETFRAME_TEST_KERNEL=MAJOR.MINOR (the kernel's own behaviour stays).
 */
int pf_kernel_version(void);

/*
 * The shared predicate: may native XDP be attached to a device with this
 * driver on this kernel? rvu-nicpf before 6.8 leaks and eventually panics on
 * native attach, and mangles data offsets; only an explicit
 * `driver-workaround rvu-nicpf-head-shift on` overrides that. `why` explains
 * a refusal.
 */
bool pf_native_allowed(const char *driver, int kernel, enum pf_tristate workaround, char *why,
		       size_t whylen);

/* Does a native attach on this driver/kernel need the 128-byte head shift? */
bool pf_needs_head_shift(const char *driver, int kernel, enum pf_tristate workaround);

#endif
