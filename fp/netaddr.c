// SPDX-License-Identifier: GPL-2.0-or-later
/* The namespace's addresses from one netlink dump (see netaddr.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include "grow.h"
#include "netaddr.h"
#include "netdev.h"
#include "nlsock.h"

struct dump {
	struct pf_netaddr *a;
	size_t n;
};

static int on_addr(const struct nlmsghdr *h, void *arg)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	struct dump *d = arg;
	struct rtattr *a;
	int len, err;

	if (h->nlmsg_type != RTM_NEWADDR || h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)) ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return 0;
	len = (int)IFA_PAYLOAD(h);
	for (a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t alen = ifa->ifa_family == AF_INET ? 4 : 16;

		/*
		 * IPv4: IFA_LOCAL is ours (IFA_ADDRESS is the peer on point-to-point),
		 * and so is the subnet's broadcast address as a source.
		 */
		if ((a->rta_type != (ifa->ifa_family == AF_INET ? IFA_LOCAL : IFA_ADDRESS) &&
		     (ifa->ifa_family != AF_INET || a->rta_type != IFA_BROADCAST)) ||
		    RTA_PAYLOAD(a) != alen)
			continue;
		err = pf_grow_append((void **)&d->a, d->n, sizeof(*d->a));
		if (err)
			return err;
		memset(&d->a[d->n], 0, sizeof(d->a[d->n]));
		d->a[d->n].family = ifa->ifa_family == AF_INET ? 4 : 6;
		d->a[d->n].ifindex = (int)ifa->ifa_index;
		memcpy(d->a[d->n].addr, RTA_DATA(a), alen);
		d->n++;
	}
	return 0;
}

int pf_netaddr_list(struct pf_netaddr **out, size_t *n)
{
	struct ifaddrmsg i = { .ifa_family = AF_UNSPEC };
	struct dump d = { NULL, 0 };
	int err = pf_nl_dump(NETLINK_ROUTE, RTM_GETADDR, &i, sizeof(i), on_addr, &d);

	if (err) {
		free(d.a);
		return err;
	}
	*out = d.a;
	*n = d.n;
	return 0;
}

/* A u32 attribute's value, or `none` when absent. */
static __u32 attr_u32(const struct rtattr *a, int len, unsigned short type, __u32 none)
{
	const struct rtattr *x = pf_nl_attr(a, len, type);

	return x && RTA_PAYLOAD(x) == 4 ? *(const __u32 *)RTA_DATA(x) : none;
}

/*
 * Is this one of the kernel's own rules, as the kernel made it: "from all
 * lookup local" at 0, main at 32766, default at 32767 (IPv4), with no
 * selector, no other action, nothing suppressed? Which one (1, 2, 4), or 0.
 */
static int kernel_rule(const struct fib_rule_hdr *r, const struct rtattr *a, int len)
{
	static const unsigned short allowed[] = { FRA_PRIORITY,           FRA_TABLE,
						  FRA_PROTOCOL,           FRA_PAD,
						  FRA_SUPPRESS_PREFIXLEN, FRA_SUPPRESS_IFGROUP };
	__u32 pref = attr_u32(a, len, FRA_PRIORITY, 0),
	      table = attr_u32(a, len, FRA_TABLE, r->table);
	const struct rtattr *x;
	int l = len;
	size_t i;

	if (r->action != FR_ACT_TO_TBL || r->dst_len || r->src_len || r->tos ||
	    (r->flags & ~FIB_RULE_PERMANENT) ||
	    attr_u32(a, len, FRA_SUPPRESS_PREFIXLEN, ~0u) != ~0u ||
	    attr_u32(a, len, FRA_SUPPRESS_IFGROUP, ~0u) != ~0u)
		return 0;
	for (x = a; RTA_OK(x, l); x = RTA_NEXT(x, l)) {
		for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
			if ((x->rta_type & NLA_TYPE_MASK) == allowed[i])
				break;
		if (i == sizeof(allowed) / sizeof(allowed[0]))
			return 0; /* a selector: not "from all" */
	}
	if (pref == 0 && table == RT_TABLE_LOCAL)
		return 1;
	if (pref == 32766 && table == RT_TABLE_MAIN)
		return 2;
	if (pref == 32767 && table == RT_TABLE_DEFAULT && r->family == AF_INET)
		return 4;
	return 0;
}

struct rule_scan {
	struct pf_netrules *n;
	int seen4, seen6; /* kernel rules found, by kernel_rule()'s bits */
};

static int on_rule(const struct nlmsghdr *h, void *arg)
{
	const struct fib_rule_hdr *r = NLMSG_DATA(h);
	struct rule_scan *rs = arg;
	const struct rtattr *a;
	int len, own;

	if (h->nlmsg_type != RTM_NEWRULE || h->nlmsg_len < NLMSG_LENGTH(sizeof(*r)))
		return 0;
	a = pf_nl_attrs(h, sizeof(*r), &len);
	if (pf_nl_attr(a, len, FRA_SPORT_RANGE) || pf_nl_attr(a, len, FRA_DPORT_RANGE))
		rs->n->port_rules = true;
	own = kernel_rule(r, a, len);
	if (!own)
		*(r->family == AF_INET ? &rs->n->custom_v4 : &rs->n->custom_v6) = true;
	*(r->family == AF_INET ? &rs->seen4 : &rs->seen6) |= own;
	return 0;
}

int pf_netrules_scan(struct pf_netrules *n)
{
	struct fib_rule_hdr r4 = { .family = AF_INET }, r6 = { .family = AF_INET6 };

	struct rule_scan rs = { .n = n };
	int err;

	memset(n, 0, sizeof(*n));
	err = pf_nl_dump(NETLINK_ROUTE, RTM_GETRULE, &r4, sizeof(r4), on_rule, &rs)
		      ?: pf_nl_dump(NETLINK_ROUTE, RTM_GETRULE, &r6, sizeof(r6), on_rule, &rs);
	/* One of the kernel's own rules deleted changes lookups as much as one added. */
	n->custom_v4 |= rs.seen4 != 7;
	n->custom_v6 |= rs.seen6 != 3;
	return err;
}

/* The lowest MTU a route sets without `lock`. */
static void route_mtu(const struct rtattr *metrics, __u32 *min)
{
	const struct rtattr *m = RTA_DATA(metrics);
	int len = (int)RTA_PAYLOAD(metrics);
	__u32 mtu = 0, lock = 0;

	for (; RTA_OK(m, len); m = RTA_NEXT(m, len)) {
		if (RTA_PAYLOAD(m) < 4)
			continue;
		if (m->rta_type == RTAX_MTU)
			mtu = *(const __u32 *)RTA_DATA(m);
		else if (m->rta_type == RTAX_LOCK)
			lock = *(const __u32 *)RTA_DATA(m);
	}
	if (mtu && !(lock & (1u << RTAX_MTU)) && (!*min || mtu < *min))
		*min = mtu;
}

/*
 * A route of the local table: its host routes (local, broadcast, anycast)
 * are what a direct FIB lookup must be told about; anything wider but the
 * loopback /8 and IPv6 multicast (AnyIP, unicast routes put there) makes
 * the direct lookup wrong for that family.
 */
static int local_route(const struct rtmsg *r, const struct rtattr *dst, struct pf_routes *out)
{
	size_t alen = r->rtm_family == AF_INET ? 4 : 16;
	bool *wide = r->rtm_family == AF_INET ? &out->local_prefix4 : &out->local_prefix6;
	const __u8 *d = dst && RTA_PAYLOAD(dst) == alen ? RTA_DATA(dst) : NULL;
	int err;

	if (r->rtm_protocol != RTPROT_KERNEL) {
		*wide = true;
		out->custom_local4 |= r->rtm_family == AF_INET;
	}
	/* The multicast ranges are martians to the fast path; a multicast route elsewhere is not. */
	if (r->rtm_type == RTN_MULTICAST) {
		if (!d || !(r->rtm_family == AF_INET ? (d[0] & 0xf0) == 0xe0 : d[0] == 0xff) ||
		    r->rtm_dst_len < (r->rtm_family == AF_INET ? 4 : 8))
			*wide = true;
		return 0;
	}
	/* Link-local anycast routes appear when DAD ends, after attach: see pf_ip6_link_local. */
	if (r->rtm_family == AF_INET6 && d && pf_ip6_link_local(d))
		return 0;
	if (d && r->rtm_dst_len == alen * 8 &&
	    (r->rtm_type == RTN_LOCAL || r->rtm_type == RTN_BROADCAST ||
	     r->rtm_type == RTN_ANYCAST)) {
		err = pf_grow_append((void **)&out->local, out->n_local, sizeof(*out->local));
		if (err)
			return err;
		memset(&out->local[out->n_local], 0, sizeof(*out->local));
		out->local[out->n_local].family = r->rtm_family == AF_INET ? 4 : 6;
		out->local[out->n_local].anycast = r->rtm_type == RTN_ANYCAST;
		memcpy(out->local[out->n_local].addr, d, alen);
		out->n_local++;
		return 0;
	}
	/* 127.0.0.0/8: a martian destination the fast path never looks up. */
	if (!(r->rtm_family == AF_INET && r->rtm_type == RTN_LOCAL && r->rtm_dst_len == 8 && d &&
	      d[0] == 127))
		*wide = true;
	return 0;
}

/*
 * The probe candidates (PF_CFG_FIB_PROBE4): the router's IPv4 addresses and
 * the seven next to each, each with the most specific route of main that
 * covers it (its prefix length, -1: none).
 */
#define PROBE_CANDIDATES 8
#define PROBE_NEAR 8 /* [0]: the address itself, [k]: address ^ k */
struct probe_cand {
	__u32 addr; /* host order */
	int ifindex;
	struct {
		__u32 net;
		int len;
		__u8 type, scope;
	} best[PROBE_NEAR];
};

struct route_scan {
	struct pf_routes *out;
	struct probe_cand cand[PROBE_CANDIDATES];
	size_t n_cand;
};

static void probe_cover(struct route_scan *rs, const struct rtmsg *r, const struct rtattr *dst)
{
	__u32 net = 0, mask = r->rtm_dst_len ? ~0u << (32 - r->rtm_dst_len) : 0;
	size_t i, k;

	if (r->rtm_dst_len > 32)
		return;
	if (dst && RTA_PAYLOAD(dst) == 4)
		net = ntohl(*(const __u32 *)RTA_DATA(dst)) & mask;
	for (i = 0; i < rs->n_cand; i++)
		for (k = 0; k < PROBE_NEAR; k++) {
			__u32 a = rs->cand[i].addr ^ (__u32)k;

			if ((a & mask) != net || r->rtm_dst_len <= rs->cand[i].best[k].len)
				continue;
			rs->cand[i].best[k].len = r->rtm_dst_len;
			rs->cand[i].best[k].net = net;
			rs->cand[i].best[k].type = r->rtm_type;
			rs->cand[i].best[k].scope = r->rtm_scope;
		}
}

static bool is_local4(const struct pf_routes *out, __u32 a)
{
	size_t i;

	a = htonl(a);
	for (i = 0; i < out->n_local; i++)
		if (out->local[i].family == 4 && !memcmp(out->local[i].addr, &a, 4))
			return true;
	return false;
}

/*
 * The probe: an address whose most specific route of main is its subnet's
 * connected route (unicast, scope link), on a device that forwards IPv4,
 * and a neighbour of no local route whose most specific route is the same.
 */
static void pick_probe(struct route_scan *rs)
{
	char name[IF_NAMESIZE];
	size_t i, k;

	for (i = 0; i < rs->n_cand; i++) {
		const struct probe_cand *c = &rs->cand[i];

		if (c->best[0].len < 0 || c->best[0].len > 30 || c->best[0].type != RTN_UNICAST ||
		    c->best[0].scope != RT_SCOPE_LINK ||
		    !if_indextoname((unsigned)c->ifindex, name) || !pf_netdev_ipv4_forwards(name))
			continue;
		for (k = 1; k < PROBE_NEAR; k++) {
			if (c->best[k].len != c->best[0].len || c->best[k].net != c->best[0].net ||
			    is_local4(rs->out, c->addr ^ (__u32)k))
				continue;
			rs->out->probe4.own = htonl(c->addr);
			rs->out->probe4.other = htonl(c->addr ^ (__u32)k);
			rs->out->probe4.ifindex = (__u32)c->ifindex;
			return;
		}
	}
}

static int on_route(const struct nlmsghdr *h, void *arg)
{
	const struct rtmsg *r = NLMSG_DATA(h);
	const struct rtattr *a, *m;
	struct route_scan *rs = arg;
	__u32 table;
	int len;

	if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH(sizeof(*r)))
		return 0;
	a = pf_nl_attrs(h, sizeof(*r), &len);
	m = pf_nl_attr(a, len, RTA_METRICS);
	if (m)
		route_mtu(m, &rs->out->route_mtu);
	table = attr_u32(a, len, RTA_TABLE, r->rtm_table);
	if (table == RT_TABLE_LOCAL)
		return local_route(r, pf_nl_attr(a, len, RTA_DST), rs->out);
	if (table == RT_TABLE_MAIN && r->rtm_family == AF_INET)
		probe_cover(rs, r, pf_nl_attr(a, len, RTA_DST));
	return 0;
}

static int on_route_get(const struct nlmsghdr *h, void *arg)
{
	const struct rtattr *a;
	int len;

	if (h->nlmsg_type == RTM_NEWROUTE && h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct rtmsg))) {
		a = pf_nl_attrs(h, sizeof(struct rtmsg), &len);
		*(__u32 *)arg = attr_u32(a, len, RTA_TABLE, 0);
	}
	return 0;
}

/*
 * Is IPv4's local table merged into main? Ask the kernel which table
 * answers for one of the local table's own addresses (RTM_F_LOOKUP_TABLE,
 * as `ip route get` does): main while merged, local once split.
 */
static int fib4_merged(struct pf_routes *out)
{
	struct {
		struct nlmsghdr h;
		struct rtmsg r;
		struct rtattr a;
		__u8 dst[4];
	} req = {
		.h.nlmsg_len = sizeof(req),
		.h.nlmsg_type = RTM_GETROUTE,
		.r.rtm_family = AF_INET,
		.r.rtm_dst_len = 32,
		.r.rtm_flags = RTM_F_LOOKUP_TABLE,
		.a.rta_len = RTA_LENGTH(4),
		.a.rta_type = RTA_DST,
	};
	struct pf_nlsock s;
	__u32 table = 0;
	size_t i;
	int err;

	for (i = 0; i < out->n_local && out->local[i].family != 4; i++)
		;
	if (i == out->n_local)
		return 0; /* no IPv4 address at all: unknown, so not merged */
	memcpy(req.dst, out->local[i].addr, 4);
	err = pf_nl_open(&s, NETLINK_ROUTE);
	if (err)
		return err;
	err = pf_nl_request(&s, &req.h, on_route_get, &table);
	pf_nl_close(&s);
	/* A lookup the kernel refuses (the address went away meanwhile): unknown. */
	out->merged4 = !err && table == RT_TABLE_MAIN;
	return err == -ENOMEM ? err : 0;
}

int pf_routes_scan(struct pf_routes *out, const struct pf_netaddr *addrs, size_t n_addrs)
{
	struct rtmsg r4 = { .rtm_family = AF_INET }, r6 = { .rtm_family = AF_INET6 };
	struct route_scan rs = { .out = out };
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n_addrs && rs.n_cand < PROBE_CANDIDATES; i++)
		if (addrs[i].family == 4 && addrs[i].addr[0] != 127 && addrs[i].addr[0]) {
			struct probe_cand *c = &rs.cand[rs.n_cand++];
			size_t k;

			c->addr = ntohl(*(const __u32 *)addrs[i].addr);
			c->ifindex = addrs[i].ifindex;
			for (k = 0; k < PROBE_NEAR; k++)
				c->best[k].len = -1;
		}
	err = pf_nl_dump(NETLINK_ROUTE, RTM_GETROUTE, &r4, sizeof(r4), on_route, &rs)
		      ?: pf_nl_dump(NETLINK_ROUTE, RTM_GETROUTE, &r6, sizeof(r6), on_route, &rs)
		      ?: fib4_merged(out);
	if (!err)
		pick_probe(&rs);
	if (err) {
		free(out->local);
		memset(out, 0, sizeof(*out));
	}
	return err;
}
