/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Just enough rtnetlink to build a test topology inside a VM whose initramfs
 * has no `ip`: veth pairs, VLAN devices of both TPIDs, links up, moved and resized,
 * addresses, routes of every type and permanent neighbours, in both families. Each returns 0 or -errno.
 */
#ifndef PF_VM_NL_H
#define PF_VM_NL_H

#include <linux/types.h>

int nl_veth(const char *name, const char *peer, const __u8 *mac);
/* A VLAN device on `lower`: proto ETH_P_8021Q or ETH_P_8021AD (host order). */
int nl_vlan(const char *name, int lower, __u16 proto, __u16 vid, const __u8 *mac);
/* A VRF device bound to `table`. */
int nl_vrf(const char *name, __u32 table);
int nl_up(int ifindex);
/* Delete the policy rule at `pref`. */
int nl_rule_del(int family, __u32 pref);
/* Change a link: its MAC (unless NULL), MTU (unless 0), network namespace (unless -1). */
int nl_link_set(int ifindex, const __u8 *mac, int mtu, int nsfd);
/* family AF_INET or AF_INET6; IPv6 addresses skip DAD. */
int nl_addr(int family, int ifindex, const char *addr, int plen);
/* type RTN_UNICAST (via gw, or on-link without), RTN_UNREACHABLE, ...; mtu 0: none. */
int nl_route(int family, int type, const char *dst, int plen, const char *gw, int oif, int mtu);
int nl_neigh(int family, int ifindex, const char *addr, const __u8 *mac);

#endif
