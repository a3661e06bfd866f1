/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Just enough rtnetlink to build a test topology inside a VM whose initramfs
 * has no `ip`: veth pairs, VLAN devices, link up, addresses, routes and
 * permanent neighbours. Each returns 0 or -errno.
 */
#ifndef PF_VM_NL_H
#define PF_VM_NL_H

#include <linux/types.h>

int nl_veth(const char *name, const char *peer, const __u8 *mac);
int nl_vlan(const char *name, int lower, __u16 vid, const __u8 *mac);
int nl_up(int ifindex);
int nl_addr4(int ifindex, const char *addr, int plen);
int nl_route4(const char *dst, int plen, int oif);
int nl_neigh4(int ifindex, const char *addr, const __u8 *mac);

#endif
