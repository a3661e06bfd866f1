// SPDX-License-Identifier: GPL-2.0-or-later
/* Builders of the wanted map contents (see want.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <bpf/libbpf.h>
#include "allow24.h"
#include "allow_file.h"
#include "links.h"
#include "want.h"
#include "xfrm.h"

/* uapi linux/netdev.h (6.3+), which the build's kernel headers may predate. */
#ifndef NETDEV_XDP_ACT_NDO_XMIT
#define NETDEV_XDP_ACT_NDO_XMIT 4
#endif

#define WANT(s, id, k, v) pf_sync_want(s, PF_MAP_##id, sizeof(k), sizeof(v))

/* A prefix into the v4 or v6 map of a pair. */
static int add_lpm(struct pf_sync *s, enum pf_map_id m4, enum pf_map_id m6,
		   const struct pf_prefix *p, const void *val, size_t vsz)
{
	unsigned char key[sizeof(struct pf_lpm6)];
	bool v4 = p->family == 4;

	pf_prefix_lpm_key(p, key);
	return pf_kv_add(pf_sync_want(s, v4 ? m4 : m6,
				      v4 ? sizeof(struct pf_lpm4) : sizeof(struct pf_lpm6), vsz),
			 key, val);
}

/* A v4/v6 pair of presence maps (value 1) from config lines and a plain list. */
static int want_presence(struct pf_sync *s, enum pf_map_id m4, enum pf_map_id m6,
			 const struct pf_prefix_cfg *lines, size_t n_lines,
			 const struct pf_prefix *more, size_t n_more)
{
	__u8 one = 1;
	size_t i;
	int rc = 0;

	pf_sync_want(s, m4, sizeof(struct pf_lpm4), sizeof(one));
	pf_sync_want(s, m6, sizeof(struct pf_lpm6), sizeof(one));
	for (i = 0; i < n_lines && !rc; i++)
		rc = add_lpm(s, m4, m6, &lines[i].p, &one, sizeof(one));
	for (i = 0; i < n_more && !rc; i++)
		rc = add_lpm(s, m4, m6, &more[i], &one, sizeof(one));
	return rc;
}

int pf_want_allow(struct pf_sync *s, const struct pf_config *c, const struct pf_prefix *dyn,
		  size_t n_dyn)
{
	struct pf_allow24 a = { 0 };
	size_t i;
	int rc = want_presence(s, PF_MAP_ALLOW_V4, PF_MAP_ALLOW_V6, c->allow, c->n_allow, dyn,
			       n_dyn);

	for (i = 0; i < c->n_allow && !rc; i++)
		rc = pf_allow24_add(&a, &c->allow[i].p);
	for (i = 0; i < n_dyn && !rc; i++)
		rc = pf_allow24_add(&a, &dyn[i]);
	if (!rc)
		return pf_allow24_want(&a, pf_sync_want(s, PF_MAP_ALLOW24_V4, sizeof(__u32),
							sizeof(__u64)));
	free(a.e);
	return rc;
}

static int want_block(struct pf_sync *s, const struct pf_config *c)
{
	return want_presence(s, PF_MAP_BLOCK_V4, PF_MAP_BLOCK_V6, c->block, c->n_block, NULL, 0);
}

/* One mss-clamp line: by prefix and egress, by prefix, or by egress alone. */
static int want_mss_line(struct pf_sync *s, const struct pf_mss_cfg *m,
			 const struct pf_netdev *via)
{
	__u32 mss = m->mss, k;

	if (m->has_prefix && via) {
		struct pf_lpm6_if key; /* the v4 key is this one's first 12 bytes */
		bool v4 = m->prefix.family == 4;

		memset(&key, 0, sizeof(key));
		key.prefixlen = 32 + m->prefix.len;
		key.ifindex = (__u32)via->ifindex;
		memcpy(key.addr, m->prefix.addr, 16);
		return pf_kv_add(v4 ? WANT(s, MSS_CLAMP_IF_V4, struct pf_lpm4_if, mss)
				    : WANT(s, MSS_CLAMP_IF_V6, struct pf_lpm6_if, mss),
				 &key, &mss);
	}
	if (m->has_prefix)
		return add_lpm(s, PF_MAP_MSS_CLAMP_V4, PF_MAP_MSS_CLAMP_V6, &m->prefix, &mss,
			       sizeof(mss));
	k = (__u32)via->ifindex;
	return pf_kv_add(WANT(s, MSS_CLAMP_BY_IFACE, k, mss), &k, &mss);
}

static int want_mss(struct pf_sync *s, const struct pf_want_input *in, char *err,
		    size_t errlen)
{
	const struct pf_config *c = in->c;
	size_t i;
	int rc;

	WANT(s, MSS_CLAMP_V4, struct pf_lpm4, __u32);
	WANT(s, MSS_CLAMP_V6, struct pf_lpm6, __u32);
	WANT(s, MSS_CLAMP_IF_V4, struct pf_lpm4_if, __u32);
	WANT(s, MSS_CLAMP_IF_V6, struct pf_lpm6_if, __u32);
	WANT(s, MSS_CLAMP_BY_IFACE, __u32, __u32);
	for (i = 0; i < c->n_mss; i++) {
		const struct pf_mss_cfg *m = &c->mss[i];
		const struct pf_netdev *via = NULL;

		if (m->via[0]) {
			via = pf_netdev_by_name(in->devs, in->n_devs, m->via);
			if (!via) {
				snprintf(err, errlen, "%s:%d: mss-clamp via '%s': no such interface",
					 c->path, m->line, m->via);
				return PF_REFUSED;
			}
		}
		rc = want_mss_line(s, m, via);
		if (rc)
			return rc;
	}
	return 0;
}

/* PF_PORT_* from the device's settings the fast path must follow. */
static __u16 port_flags(const struct pf_want_input *in, const struct pf_netdev *d)
{
	int rp = pf_netdev_rp_filter(d->name);
	__u16 f = rp == 1   ? PF_PORT_RP_STRICT
		  : rp == 2 ? PF_PORT_RP_LOOSE
		  : in->rules.custom_v4 || in->routes.custom_local4 || !in->routes.merged4
			  ? PF_PORT_RP_VALIDATE
			  : 0;
	size_t i;

	if (!pf_netdev_ipv6_forwards(d->name))
		f |= PF_PORT_NO_IPV6;
	for (i = 0; i < in->n_addrs; i++)
		if (in->addrs[i].family == 4 && in->addrs[i].ifindex == d->ifindex)
			return f;
	return f | PF_PORT_NO_ADDR4;
}

/* VLAN subinterfaces that are up, over a lower device that exists. */
static int want_vlans(struct pf_sync *s, const struct pf_want_input *in)
{
	size_t i;
	int rc = 0;

	WANT(s, VLAN_INGRESS, struct pf_vlan_key, struct pf_vlan_in);
	WANT(s, VLAN_RESOLVE, __u32, struct pf_vlan_out);
	for (i = 0; i < in->n_devs && !rc; i++) {
		const struct pf_netdev *d = &in->devs[i];
		struct pf_vlan_key vk = { .ifindex = (__u32)d->link,
					  .vid = d->vid,
					  .tpid = htons(d->vlan_proto) };
		struct pf_vlan_in vi = { .ifindex = (__u32)d->ifindex };
		struct pf_vlan_out vo = { .phys_ifindex = (__u32)d->link, .vid = d->vid,
					  .tpid = htons(d->vlan_proto) };
		__u32 k = (__u32)d->ifindex;

		if (d->type != ARPHRD_ETHER || !d->is_vlan || !(d->flags & IFF_UP) ||
		    !pf_netdev_by_index(in->devs, in->n_devs, d->link))
			continue;
		memcpy(vi.mac, d->mac, 6);
		vi.flags = port_flags(in, d);
		rc = pf_kv_add(&s->want[PF_MAP_VLAN_INGRESS], &vk, &vi);
		/*
		 * The fast path writes PCP 0, as the kernel does without an egress QoS
		 * map; a subinterface with one is left to the kernel as an egress.
		 */
		if (!rc && !d->vlan_egress_qos)
			rc = pf_kv_add(&s->want[PF_MAP_VLAN_RESOLVE], &k, &vo);
	}
	return rc;
}

/*
 * The mode a port will run in: this run's plan for the ports it attaches,
 * else its live link (when pinned links stay), else none (not attached).
 */
static enum pf_mode port_mode(const struct pf_want_input *in, const char *name, bool *wanted)
{
	struct pf_link_info li;
	size_t i;

	for (i = 0; i < in->n_ports; i++)
		if (!strcmp(in->ports[i].iface, name)) {
			*wanted = true;
			return in->ports[i].mode;
		}
	for (i = 0; i < in->c->n_attach; i++)
		*wanted |= !strcmp(in->c->attach[i].iface, name);
	if (!in->keep_pinned)
		return PF_MODE_AUTO;
	pf_link_inspect(in->paths, name, &li);
	*wanted |= li.pinned;
	if (!li.live)
		return PF_MODE_AUTO;
	return strcmp(li.mode, "native") ? PF_MODE_GENERIC : PF_MODE_NATIVE;
}

/* IFACES for every port; returns whether any runs native (its redirects need ndo_xdp_xmit). */
static int want_ports(struct pf_sync *s, const struct pf_want_input *in, bool *any_native)
{
	int kernel = pf_kernel_version(), rc = 0;
	size_t i;

	WANT(s, IFACES, __u32, struct pf_iface);
	for (i = 0; i < in->n_devs && !rc; i++) {
		const struct pf_netdev *d = &in->devs[i];
		__u32 k = (__u32)d->ifindex;
		struct pf_iface v;
		bool wanted = false;
		enum pf_mode mode;
		char drv[32];

		if (d->type != ARPHRD_ETHER || d->is_vlan)
			continue;
		mode = port_mode(in, d->name, &wanted);
		if (!wanted)
			continue;
		memset(&v, 0, sizeof(v));
		memcpy(v.mac, d->mac, 6);
		v.flags = port_flags(in, d);
		if (mode == PF_MODE_NATIVE) {
			*any_native = true;
			pf_netdev_driver(d->name, drv, sizeof(drv));
			if (pf_needs_head_shift(drv, kernel, in->c->head_shift))
				v.flags |= PF_QUIRK_HEAD_SHIFT_128;
		}
		rc = pf_kv_add(&s->want[PF_MAP_IFACES], &k, &v);
	}
	return rc;
}

/*
 * Can a native XDP redirect be handed to this device? From 6.3 the kernel
 * says (its XDP feature bits: a bridge, a bond without XDP, a tunnel report
 * none; a veth whose peer has neither XDP nor GRO too). Before, only the
 * attached ports and veths whose peer can take it (pf_netdev_peer_takes_redirects)
 * are trusted, so traffic routed anywhere else goes to the kernel instead of
 * into a black hole.
 */
static bool takes_redirects(const struct pf_want_input *in, const struct pf_netdev *d, int kernel)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	char drv[32];
	size_t i;

	if (kernel >= 6003)
		return !bpf_xdp_query(d->ifindex, 0, &q) &&
		       (q.feature_flags & NETDEV_XDP_ACT_NDO_XMIT);
	pf_netdev_driver(d->name, drv, sizeof(drv));
	if (!strcmp(drv, "veth"))
		return pf_netdev_peer_takes_redirects(d, kernel);
	for (i = 0; i < in->n_ports; i++)
		if (!strcmp(in->ports[i].iface, d->name))
			return true;
	return false;
}

/* Every up Ethernet device a redirect can go to. */
static int want_devmap(struct pf_sync *s, const struct pf_want_input *in, bool any_native)
{
	int rc = 0, kernel = pf_kernel_version();
	size_t i;

	WANT(s, REDIRECT_DEVMAP, __u32, __u32);
	for (i = 0; i < in->n_devs && !rc; i++) {
		const struct pf_netdev *d = &in->devs[i];
		__u32 k = (__u32)d->ifindex;

		if (d->type != ARPHRD_ETHER || d->is_vlan || !(d->flags & IFF_UP))
			continue;
		if (any_native && !takes_redirects(in, d, kernel))
			continue;
		rc = pf_kv_add(&s->want[PF_MAP_REDIRECT_DEVMAP], &k, &k);
	}
	return rc;
}

static bool same_addr(const struct pf_netaddr *a, const struct pf_netaddr *b)
{
	return a->family == b->family && !memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16);
}

/*
 * What an address is to the router: its own addresses are both (even one
 * still in DAD, which has no local route yet: handing its traffic to the
 * kernel is always right, and the value does not flip when DAD ends); so are
 * the local table's other local and broadcast host routes (as sources the
 * kernel finds them martian); anycast routes are destinations only.
 */
static __u8 local_kind(const struct pf_want_input *in, const struct pf_netaddr *a)
{
	size_t i;

	for (i = 0; i < in->n_addrs; i++)
		if (same_addr(&in->addrs[i], a))
			return PF_LOCAL_SRC | PF_LOCAL_DST;
	return a->anycast ? PF_LOCAL_DST : PF_LOCAL_SRC | PF_LOCAL_DST;
}

/* The router's own addresses and the local table's host routes, by family; their hint bits. */
static int want_local(struct pf_sync *s, const struct pf_want_input *in)
{
	size_t i, n = in->n_addrs + in->routes.n_local;
	struct pf_local_hint hint[2];
	__u32 k;
	int rc = 0;

	pf_sync_want(s, PF_MAP_LOCAL_V4, sizeof(__be32), sizeof(__u8));
	pf_sync_want(s, PF_MAP_LOCAL_V6, sizeof(struct in6_addr), sizeof(__u8));
	memset(hint, 0, sizeof(hint));
	for (i = 0; i < n && !rc; i++) {
		const struct pf_netaddr *a =
			i < in->n_addrs ? &in->addrs[i] : &in->routes.local[i - in->n_addrs];
		__u8 v = local_kind(in, a);
		__u32 words[4];

		/* Link-local addresses come when a port's link does, after attach too. */
		if (a->family == 6 && pf_ip6_link_local(a->addr))
			continue;
		memcpy(words, a->addr, sizeof(words));
		pf_local_hint_add(&hint[a->family == 6], words, a->family == 6);
		rc = pf_kv_add(&s->want[a->family == 4 ? PF_MAP_LOCAL_V4 : PF_MAP_LOCAL_V6],
			       a->addr, &v);
	}
	pf_sync_want(s, PF_MAP_LOCAL_HINT, sizeof(k), sizeof(hint[0]));
	for (k = 0; k < 2 && !rc; k++) {
		hint[k].ready = 1;
		rc = pf_kv_add(&s->want[PF_MAP_LOCAL_HINT], &k, &hint[k]);
	}
	return rc;
}

/* FIB_PROBE4: what PF_CFG_FIB_PROBE4 looks up (none: no record). */
static int want_fib_probe(struct pf_sync *s, const struct pf_want_input *in)
{
	const struct pf_fib_probe *a = &in->routes.probe4;
	__u32 zero = 0;

	pf_sync_want(s, PF_MAP_FIB_PROBE4, sizeof(zero), sizeof(*a));
	return a->own ? pf_kv_add(&s->want[PF_MAP_FIB_PROBE4], &zero, a) : 0;
}

/* The namespace the redirect watch counts in: this one, the router's. */
static int want_watch_ns(struct pf_sync *s)
{
	struct stat st;
	__u32 inum;
	__u8 one = 1;

	pf_sync_want(s, PF_MAP_WATCH_NS, sizeof(inum), sizeof(one));
	if (stat("/proc/self/ns/net", &st))
		return 0; /* no /proc: the watch counts nothing rather than anyone's */
	inum = (__u32)st.st_ino;
	return pf_kv_add(&s->want[PF_MAP_WATCH_NS], &inum, &one);
}

/*
 * The PF_CFG_FIB_* flags. `auto` looks up directly only where that is the
 * kernel's own lookup: IPv4 with the local table merged into main (a rule
 * since boot, a VRF's included, splits it), and with an address to probe
 * that by in the fast path (a rule may come after `apply`). Never IPv6 by
 * itself: its local table is always apart, and an address added after
 * `apply` (a VRRP VIP) would be forwarded to its old owner until the next
 * `apply`.
 */
static __u32 fib_flags(const struct pf_config *c, const struct pf_want_input *in)
{
	const struct pf_routes *t = &in->routes;
	bool direct = c->fib_lookup == PF_FIB_DIRECT;
	__u32 f = 0;

	if (direct && !in->rules.custom_v4 && !t->local_prefix4)
		f |= PF_CFG_FIB_DIRECT4;
	else if (c->fib_lookup == PF_FIB_AUTO && t->merged4 && t->probe4.own &&
		 !in->rules.custom_v4)
		f |= PF_CFG_FIB_DIRECT4 | PF_CFG_FIB_PROBE4;
	if (direct && !in->rules.custom_v6 && !t->local_prefix6)
		f |= PF_CFG_FIB_DIRECT6;
	return f;
}

/*
 * A VRF: a direct lookup from its ports takes its table whether or not its
 * l3mdev rule is still there; the kernel's lookups follow the rules.
 */
static bool any_vrf(const struct pf_want_input *in)
{
	size_t i;

	for (i = 0; i < in->n_devs; i++)
		if (in->devs[i].is_vrf)
			return true;
	return false;
}

/* `fib-lookup direct` where a direct lookup would skip something: refused, naming it. */
static int want_fib_mode(const struct pf_want_input *in, char *err, size_t errlen)
{
	const struct pf_netrules *r = &in->rules;
	const struct pf_routes *t = &in->routes;

	if (in->c->fib_lookup != PF_FIB_DIRECT)
		return 0;
	if (any_vrf(in)) {
		snprintf(err, errlen,
			 "fib-lookup direct: this router has VRF devices, whose "
			 "lookups the policy rules steer; use `fib-lookup full`");
		return PF_REFUSED;
	}
	if (!r->custom_v4 && !r->custom_v6 && !t->local_prefix4 && !t->local_prefix6)
		return 0;
	snprintf(err, errlen,
		 "fib-lookup direct: this router has %s, which a direct FIB lookup would skip "
		 "(traffic would leave other than the kernel sends it); use `fib-lookup full`",
		 r->custom_v4 || r->custom_v6 ? "policy rules other than the kernel's own (`ip "
						"rule`: one added, changed "
						"or deleted)"
					      : "local-table routes the kernel did not make, or "
						"wider than one address "
						"(`ip route show table local`)");
	return PF_REFUSED;
}

static void want_cfg(struct pf_sync *s, const struct pf_config *c, const struct pf_want_input *in)
{
	memset(&s->cfg, 0, sizeof(s->cfg));
	s->cfg.dry_run = c->dry_run;
	s->cfg.mss_global = (__u16)c->mss_global;
	s->cfg.version = PF_CFG_VERSION;
	s->cfg.flags =
		(s->want[PF_MAP_BLOCK_V4].n || s->want[PF_MAP_BLOCK_V6].n ? PF_CFG_BLOCK_PRESENT
									  : 0) |
		(s->want[PF_MAP_VLAN_RESOLVE].n ? PF_CFG_VLAN_PRESENT : 0) |
		(c->mss_global || c->n_mss ? PF_CFG_MSS_PRESENT : 0) |
		(in->rules.port_rules ? PF_CFG_PORT_RULES : 0) | fib_flags(c, in);
	s->cfg.route_mtu = in->routes.route_mtu;
	s->cfg_wanted = true;
}

int pf_want_no_ipsec(const struct pf_config *c, const struct pf_prefix *dyn, size_t n_dyn,
		     char *err, size_t errlen)
{
	struct pf_prefix *all = calloc(c->n_allow + n_dyn + 1, sizeof(*all));
	size_t i, n = 0;
	int rc;

	if (!all)
		return -ENOMEM;
	for (i = 0; i < c->n_allow; i++)
		all[n++] = c->allow[i].p;
	for (i = 0; i < n_dyn; i++)
		all[n++] = dyn[i];
	rc = pf_xfrm_check(all, n, err, errlen);
	if (rc && rc != PF_REFUSED)
		snprintf(err, errlen, "cannot read the IPsec policies: %s", strerror(-rc));
	free(all);
	return rc;
}

int pf_want_all(struct pf_sync *s, const struct pf_want_input *in, char *err, size_t errlen)
{
	bool any_native = false;
	int rc;

	rc = want_mss(s, in, err, errlen) ?: want_fib_mode(in, err, errlen)
		     ?: pf_want_no_ipsec(in->c, in->allow, in->n_allow, err, errlen);
	if (rc)
		return rc;
	rc = pf_want_allow(s, in->c, in->allow, in->n_allow) ?: want_block(s, in->c) ?:
	     want_vlans(s, in) ?: want_local(s, in) ?: want_ports(s, in, &any_native) ?:
	     want_watch_ns(s) ?: want_fib_probe(s, in) ?: want_devmap(s, in, any_native);
	if (rc) {
		snprintf(err, errlen, "out of memory");
		return rc;
	}
	want_cfg(s, in->c, in);
	return 0;
}

int pf_want_input_load(struct pf_want_input *in, char *err, size_t errlen)
{
	struct pf_prefix *allow = NULL;
	struct pf_netaddr *addrs = NULL;
	struct pf_netdev *devs = NULL;
	int rc;

	if (pf_allow_file_read(in->paths->allow_file, &allow, &in->n_allow, err, errlen))
		return PF_REFUSED;
	in->allow = allow;
	rc = pf_netdev_list(&devs, &in->n_devs);
	if (rc)
		snprintf(err, errlen, "cannot list network devices: %s", strerror(-rc));
	in->devs = devs;
	if (!rc) {
		rc = pf_netaddr_list(&addrs, &in->n_addrs);
		if (rc)
			snprintf(err, errlen, "cannot list addresses: %s", strerror(-rc));
		in->addrs = addrs;
	}
	if (!rc) {
		rc = pf_routes_scan(&in->routes, in->addrs, in->n_addrs);
		if (rc)
			snprintf(err, errlen, "cannot list routes: %s", strerror(-rc));
	}
	if (!rc) {
		rc = pf_netrules_scan(&in->rules);
		if (rc)
			snprintf(err, errlen, "cannot list policy rules: %s", strerror(-rc));
	}
	if (rc)
		pf_want_input_free(in);
	return rc;
}

void pf_want_input_free(struct pf_want_input *in)
{
	free((void *)in->allow);
	free((void *)in->devs);
	free((void *)in->addrs);
	free(in->routes.local);
	in->routes.local = NULL;
	in->allow = NULL;
	in->devs = NULL;
	in->addrs = NULL;
}
