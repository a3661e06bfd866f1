/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The test world for BPF_PROG_TEST_RUN: a private network namespace (this
 * process only; it vanishes with the process) with veth ports, addresses,
 * routes of every FIB result kind and permanent neighbours, plus the loaded
 * object with its maps filled the way `attach` would fill them.
 *
 * Ports: in0 (ingress), out0 (egress), in10 (stands in for the VLAN subif
 * in0.10: this kernel has no 8021q), out20 (stands in for out0.20), nofwd
 * (forwarding disabled). Next hop 10.2.0.2 / fd02::2 = 02:00:00:00:00:99,
 * 10.20.0.2 / fd20::2 = 02:00:00:00:00:98.
 */
#ifndef PF_WORLD_H
#define PF_WORLD_H

#include <linux/types.h>
#include "bpf/shared.h"
#include "fp/manifest.h"
#include "fp/prefix.h"

struct bpf_object;

struct t_world {
	struct bpf_object *obj;
	int in0, out0, in10, out20, nofwd;
	__u8 mac_in0[6], mac_out0[6], mac_in10[6], mac_out20[6], mac_nofwd[6];
	__u8 nh_out0[6], nh_out20[6];
	struct pf_cfg cfg; /* what CFG[0] holds */
	struct pf_prefix *allow4; /* the IPv4 allowlist, ALLOW24_V4's source */
	size_t n_allow4;
};

/* Enter the private netns, build the topology, load and configure. 0 or -1. */
int t_world_up(struct t_world *w);

/*
 * Back to the baseline t_world_up left: every map the tests write emptied
 * and refilled, CFG rewritten (its generation keeps rising, so per-CPU
 * caches of earlier tests go stale). 0 or -errno.
 */
int t_world_reset(struct t_world *w);

/*
 * Config helpers (all return 0 or -errno). t_prefix_map (ALLOW) and
 * t_set_quirks bump the map generation after their change, as `packetframe`
 * itself must.
 */
int t_set_cfg(struct t_world *w, int dry_run, int flags, int mss_global);
int t_write_cfg(struct t_world *w);
enum t_list { T_ALLOW, T_BLOCK };
int t_prefix_map(struct t_world *w, enum t_list list, const char *prefix, int add);
int t_mss_prefix(struct t_world *w, const char *prefix, int ifindex, __u32 mss, int add);
int t_mss_iface(struct t_world *w, int ifindex, __u32 mss, int add);
int t_set_quirks(struct t_world *w, int ifindex, __u16 quirks);

#endif
