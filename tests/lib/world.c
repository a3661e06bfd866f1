// SPDX-License-Identifier: GPL-2.0-or-later
/* Private netns topology and a configured object for BPF_PROG_TEST_RUN. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "fp/allow24.h"
#include "fp/grow.h"
#include "fp/loader.h"
#include "fp/prefix.h"
#include "bpfrun.h"
#include "fp/frame.h"
#include "world.h"

static const char *const topo[] = {
	"ip link set lo up",
	"ip link add name in0 address 02:00:00:00:00:01 type veth peer name in0p",
	"ip link add name out0 address 02:00:00:00:00:02 type veth peer name out0p",
	"ip link add name in10 address 02:00:00:00:00:10 type veth peer name in10p",
	"ip link add name out20 address 02:00:00:00:00:20 type veth peer name out20p",
	"ip link add name nofwd address 02:00:00:00:00:03 type veth peer name nofwdp",
	"for d in in0 out0 in10 out20 nofwd; do ip link set $d up && ip link set ${d}p up || exit "
	"1; done",
	"sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1",
	"sysctl -qw net.ipv4.conf.nofwd.forwarding=0",
	"ip addr add 10.1.0.1/24 dev in0 && ip -6 addr add fd01::1/64 dev in0 nodad",
	"ip addr add 10.2.0.1/24 dev out0 && ip -6 addr add fd02::1/64 dev out0 nodad",
	"ip addr add 10.10.0.1/24 dev in10 && ip -6 addr add fd10::1/64 dev in10 nodad",
	"ip addr add 10.20.0.1/24 dev out20 && ip -6 addr add fd20::1/64 dev out20 nodad",
	"ip addr add 10.3.0.1/24 dev nofwd",
	"ip neigh add 10.2.0.2 lladdr 02:00:00:00:00:99 dev out0 nud permanent",
	"ip -6 neigh add fd02::2 lladdr 02:00:00:00:00:99 dev out0 nud permanent",
	"ip neigh add 10.20.0.2 lladdr 02:00:00:00:00:98 dev out20 nud permanent",
	"ip -6 neigh add fd20::2 lladdr 02:00:00:00:00:98 dev out20 nud permanent",
	/* SUCCESS */
	"ip route add 198.51.100.0/24 via 10.2.0.2",
	"ip -6 route add 2001:db8:100::/48 via fd02::2",
	"ip route add 10.128.0.0/16 via 10.2.0.2", /* the bench's many flows */
	/* SUCCESS through the VLAN egress stand-in */
	"ip route add 198.51.102.0/24 via 10.20.0.2",
	"ip -6 route add 2001:db8:102::/48 via fd20::2",
	/* NO_NEIGH */
	"ip route add 203.0.113.0/24 via 10.2.0.3",
	"ip -6 route add 2001:db8:113::/48 via fd02::3",
	/* FRAG_NEEDED */
	"ip route add 198.51.101.0/24 via 10.2.0.2 mtu lock 576",
	"ip -6 route add 2001:db8:101::/48 via fd02::2 mtu lock 1280",
	/* UNSUPP_LWT: routes that need a lightweight-tunnel encapsulation */
	"ip route add 198.51.103.0/24 encap ip id 1 dst 10.2.0.9 dev out0",
	"ip -6 route add 2001:db8:103::/48 encap seg6 mode encap segs fd02::9 dev out0",
	/* BLACKHOLE / UNREACHABLE / PROHIBIT */
	"ip route add blackhole 192.0.2.0/26",
	"ip route add unreachable 192.0.2.64/26",
	"ip route add prohibit 192.0.2.128/26",
	"ip -6 route add blackhole 2001:db8:666::/48",
	"ip -6 route add unreachable 2001:db8:667::/48",
};

static int sh(const char *cmd)
{
	int rc = system(cmd);

	if (rc) {
		fprintf(stderr, "world: '%s' failed (%d)\n", cmd, rc);
		return -1;
	}
	return 0;
}

static int map_fd(struct t_world *w, enum pf_map_id map)
{
	return pf_obj_map_fd(w->obj, map);
}

static int put(struct t_world *w, enum pf_map_id map, const void *k, const void *v)
{
	return bpf_map_update_elem(map_fd(w, map), k, v, BPF_ANY) ? -errno : 0;
}

int t_write_cfg(struct t_world *w)
{
	__u32 zero = 0;

	w->cfg.version = PF_CFG_VERSION;
	return put(w, PF_MAP_CFG, &zero, &w->cfg);
}

int t_set_cfg(struct t_world *w, int dry_run, int flags, int mss_global)
{
	w->cfg.dry_run = (__u8)dry_run;
	w->cfg.flags = (__u8)flags;
	w->cfg.mss_global = (__u16)mss_global;
	return t_write_cfg(w);
}

/*
 * ALLOW24_V4 after an IPv4 allowlist change, as `packetframe` computes it:
 * an added prefix ORs its words in; a removal rebuilds the map from the
 * world's list (tests remove few; the bench adds 100,000).
 */
static int allow24(struct t_world *w, const struct pf_prefix *p, int add)
{
	struct pf_allow24 a = { 0 };
	struct pf_kv_set want;
	struct pf_delta d;
	size_t i;
	int fd = map_fd(w, PF_MAP_ALLOW24_V4), err = 0;

	pf_kv_init(&want, sizeof(__u32), sizeof(__u64));
	if (add) {
		err = pf_grow_append((void **)&w->allow4, w->n_allow4, sizeof(*p));
		if (!err)
			w->allow4[w->n_allow4++] = *p;
		err = err ?: pf_allow24_add(&a, p) ?: pf_allow24_want(&a, &want);
		for (i = 0; i < want.n && !err; i++) {
			__u32 *k = (__u32 *)(want.rec + i * 12);
			__u64 v = 0, add_bits;

			memcpy(&add_bits, want.rec + i * 12 + 4, 8);
			bpf_map_lookup_elem(fd, k, &v);
			v |= add_bits;
			err = bpf_map_update_elem(fd, k, &v, BPF_ANY) ? -errno : 0;
		}
	} else {
		for (i = 0; i < w->n_allow4; i++)
			if (!memcmp(&w->allow4[i], p, sizeof(*p))) {
				w->allow4[i] = w->allow4[--w->n_allow4];
				break;
			}
		for (i = 0; i < w->n_allow4 && !err; i++)
			err = pf_allow24_add(&a, &w->allow4[i]);
		err = err ?: pf_allow24_want(&a, &want) ?: pf_map_reconcile(fd, &want, false, &d);
	}
	free(a.e);
	pf_kv_free(&want);
	return err;
}

int t_prefix_map(struct t_world *w, enum t_list list, const char *prefix, int add)
{
	struct pf_prefix p;
	__u8 key[sizeof(struct pf_lpm6)], one = 1;
	enum pf_map_id name;
	char msg[128];
	int err;

	if (pf_prefix_parse(prefix, &p, msg, sizeof(msg))) {
		fprintf(stderr, "world: %s\n", msg);
		return -EINVAL;
	}
	if (list == T_ALLOW)
		name = p.family == 4 ? PF_MAP_ALLOW_V4 : PF_MAP_ALLOW_V6;
	else
		name = p.family == 4 ? PF_MAP_BLOCK_V4 : PF_MAP_BLOCK_V6;
	pf_prefix_lpm_key(&p, key);
	if (!add)
		err = bpf_map_delete_elem(map_fd(w, name), key) ? -errno : 0;
	else
		err = put(w, name, key, &one);
	if (!err && list == T_ALLOW && p.family == 4)
		err = allow24(w, &p, add);
	if (err || list != T_ALLOW)
		return err;
	w->cfg.gen++;
	return t_write_cfg(w);
}

int t_mss_prefix(struct t_world *w, const char *prefix, int ifindex, __u32 mss, int add)
{
	struct pf_prefix p;
	char err[128];
	int fd;

	if (pf_prefix_parse(prefix, &p, err, sizeof(err)))
		return -EINVAL;
	if (ifindex) {
		struct pf_lpm6_if k; /* pf_lpm4_if is its prefix */

		k.prefixlen = 32 + p.len;
		k.ifindex = (__u32)ifindex;
		memcpy(k.addr, p.addr, 16);
		fd = map_fd(w, p.family == 4 ? PF_MAP_MSS_CLAMP_IF_V4 : PF_MAP_MSS_CLAMP_IF_V6);
		if (!add)
			return bpf_map_delete_elem(fd, &k) ? -errno : 0;
		return bpf_map_update_elem(fd, &k, &mss, BPF_ANY) ? -errno : 0;
	} else {
		__u8 k[sizeof(struct pf_lpm6)];

		pf_prefix_lpm_key(&p, k);
		fd = map_fd(w, p.family == 4 ? PF_MAP_MSS_CLAMP_V4 : PF_MAP_MSS_CLAMP_V6);
		if (!add)
			return bpf_map_delete_elem(fd, k) ? -errno : 0;
		return bpf_map_update_elem(fd, k, &mss, BPF_ANY) ? -errno : 0;
	}
}

int t_mss_iface(struct t_world *w, int ifindex, __u32 mss, int add)
{
	__u32 k = (__u32)ifindex;

	if (!add)
		return bpf_map_delete_elem(map_fd(w, PF_MAP_MSS_CLAMP_BY_IFACE), &k) ? -errno : 0;
	return put(w, PF_MAP_MSS_CLAMP_BY_IFACE, &k, &mss);
}

static int set_iface(struct t_world *w, int ifindex, const __u8 *mac, __u16 quirks)
{
	struct pf_iface v;
	__u32 k = (__u32)ifindex;

	memcpy(v.mac, mac, 6);
	v.flags = quirks;
	if (put(w, PF_MAP_IFACES, &k, &v))
		return -1;
	w->cfg.gen++;
	return t_write_cfg(w);
}

int t_set_quirks(struct t_world *w, int ifindex, __u16 quirks)
{
	return set_iface(w, ifindex, ifindex == w->in0 ? w->mac_in0 : w->mac_nofwd, quirks);
}

/* The router's own addresses in LOCAL (source and destination), with their hint bits. */
static int local_addrs(struct t_world *w)
{
	static const char *const own[] = { "10.1.0.1",  "10.2.0.1", "10.10.0.1",
					   "10.20.0.1", "10.3.0.1", "fd01::1",
					   "fd02::1",   "fd10::1",  "fd20::1" };
	struct pf_local_hint hint[2];
	__u8 kind = PF_LOCAL_SRC | PF_LOCAL_DST;
	__u32 k;
	size_t i;
	int err = 0;

	memset(hint, 0, sizeof(hint));
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		__u32 a[4] = { 0 };
		int v6 = strchr(own[i], ':') != NULL;

		inet_pton(v6 ? AF_INET6 : AF_INET, own[i], a);
		pf_local_hint_add(&hint[v6], a, v6);
		err |= put(w, v6 ? PF_MAP_LOCAL_V6 : PF_MAP_LOCAL_V4, a, &kind);
	}
	for (k = 0; k < 2; k++) {
		hint[k].ready = 1;
		err |= put(w, PF_MAP_LOCAL_HINT, &k, &hint[k]);
	}
	return err;
}

static int configure(struct t_world *w)
{
	static const char *const allow[] = {
		"198.51.100.0/22", "203.0.113.0/24", "192.0.2.0/24", "10.1.0.0/24", "10.3.0.0/24",
		"2001:db8::/32",   "fd01::/64",
	};
	struct pf_vlan_key vk = { .ifindex = (__u32)w->in0, .vid = 10, .tpid = htons(0x8100) };
	struct pf_vlan_in vin = { .ifindex = (__u32)w->in10 };
	struct pf_vlan_out vout = { .phys_ifindex = (__u32)w->out0, .vid = 20,
				    .tpid = htons(0x8100) };
	__u32 k;
	size_t i;
	int err = 0;

	memcpy(vin.mac, w->mac_in10, 6);
	err |= t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0);
	err |= set_iface(w, w->in0, w->mac_in0, 0);
	err |= set_iface(w, w->nofwd, w->mac_nofwd, 0);
	err |= put(w, PF_MAP_VLAN_INGRESS, &vk, &vin);
	k = (__u32)w->out20;
	err |= put(w, PF_MAP_VLAN_RESOLVE, &k, &vout);
	k = (__u32)w->out0;
	err |= put(w, PF_MAP_REDIRECT_DEVMAP, &k, &k);
	k = (__u32)w->in0;
	err |= put(w, PF_MAP_REDIRECT_DEVMAP, &k, &k);
	for (i = 0; i < sizeof(allow) / sizeof(allow[0]); i++)
		err |= t_prefix_map(w, T_ALLOW, allow[i], 1);
	err |= local_addrs(w);
	/* `fib-lookup auto`'s probe: out0's address and its next hop's, in 10.2.0.0/24 of main. */
	k = 0;
	{
		struct pf_fib_probe probe = { htonl(0x0a020001), htonl(0x0a020002), (__u32)w->out0,
					      0 };

		err |= put(w, PF_MAP_FIB_PROBE4, &k, &probe);
	}
	return err ? -1 : 0;
}

/* Empty one map: delete every key, or zero every slot of an array. */
static int empty_map(const struct bpf_map *m)
{
	int fd = bpf_map__fd(m), ncpu = libbpf_num_possible_cpus(), err = 0;
	size_t vsize = bpf_map__value_size(m);
	enum bpf_map_type type = bpf_map__type(m);
	__u32 i, n = bpf_map__max_entries(m);
	void *key, *zero;

	if (type == BPF_MAP_TYPE_PERCPU_ARRAY)
		vsize = ((vsize + 7) & ~(size_t)7) * (size_t)ncpu;
	key = calloc(1, bpf_map__key_size(m));
	zero = calloc(1, vsize);
	if (!key || !zero) {
		err = -ENOMEM;
	} else if (type == BPF_MAP_TYPE_ARRAY) {
		/* Its nonzero slots only: ALLOW24_V4 has half a million. */
		struct pf_kv_set want;
		struct pf_delta d;

		pf_kv_init(&want, bpf_map__key_size(m), vsize);
		err = pf_map_reconcile(fd, &want, true, &d);
	} else if (type == BPF_MAP_TYPE_PERCPU_ARRAY) {
		for (i = 0; i < n && !err; i++)
			if (bpf_map_update_elem(fd, &i, zero, BPF_ANY))
				err = -errno;
	} else {
		while (!err && !bpf_map_get_next_key(fd, NULL, key))
			if (bpf_map_delete_elem(fd, key))
				err = -errno;
	}
	free(key);
	free(zero);
	return err;
}

int t_world_reset(struct t_world *w)
{
	__u32 gen = w->cfg.gen;
	struct bpf_map *m;
	int err;

	bpf_object__for_each_map(m, w->obj) {
		/* MUTATION_PROGS holds finalize: the slot is part of the load, not of the state;
		 * a perf event array holds only the open buffers of whoever reads it. */
		if (bpf_map__type(m) == BPF_MAP_TYPE_PROG_ARRAY ||
		    bpf_map__type(m) == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			continue;
		err = empty_map(m);
		if (err) {
			fprintf(stderr, "world: cannot empty %s: %s\n", bpf_map__name(m),
				strerror(-err));
			return err;
		}
	}
	memset(&w->cfg, 0, sizeof(w->cfg));
	w->cfg.gen = gen + 1;
	w->n_allow4 = 0;
	return configure(w) ? -EIO : 0;
}

int t_world_up(struct t_world *w)
{
	static const struct pf_ctx quiet = { .log_level = PF_LOG_ERROR };
	size_t i;

	memset(w, 0, sizeof(*w));
	if (unshare(CLONE_NEWNET)) {
		perror("world: unshare(CLONE_NEWNET)");
		return -1;
	}
	for (i = 0; i < sizeof(topo) / sizeof(topo[0]); i++)
		if (sh(topo[i]))
			return -1;
	w->in0 = (int)if_nametoindex("in0");
	w->out0 = (int)if_nametoindex("out0");
	w->in10 = (int)if_nametoindex("in10");
	w->out20 = (int)if_nametoindex("out20");
	w->nofwd = (int)if_nametoindex("nofwd");
	pf_mac_parse(w->mac_in0, "02:00:00:00:00:01");
	pf_mac_parse(w->mac_out0, "02:00:00:00:00:02");
	pf_mac_parse(w->mac_in10, "02:00:00:00:00:10");
	pf_mac_parse(w->mac_out20, "02:00:00:00:00:20");
	pf_mac_parse(w->mac_nofwd, "02:00:00:00:00:03");
	pf_mac_parse(w->nh_out0, "02:00:00:00:00:99");
	pf_mac_parse(w->nh_out20, "02:00:00:00:00:98");
	w->obj = pf_obj_load(&quiet);
	if (!w->obj)
		return -1;
	return configure(w);
}
