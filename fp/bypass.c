// SPDX-License-Identifier: GPL-2.0-or-later
/* Hooks the fast path bypasses on this router (see bypass.h). */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include "bypass.h"
#include "nlsock.h"
#include "input.h"

struct scan {
	pf_bypass_cb cb;
	void *arg;
};

static int on_chain(const struct nlmsghdr *h, void *arg)
{
	const struct nfgenmsg *g = NLMSG_DATA(h);
	int len;
	const struct rtattr *a = pf_nl_attrs(h, sizeof(*g), &len);
	const struct rtattr *hook, *num, *table, *name, *type;
	struct scan *s = arg;
	char what[256];
	__u32 hooknum;

	if ((h->nlmsg_type & 0xff) != NFT_MSG_NEWCHAIN || len < 0)
		return 0;
	hook = pf_nl_attr(a, len, NFTA_CHAIN_HOOK);
	if (!hook)
		return 0; /* a regular chain: reached only from a base chain */
	num = pf_nl_attr(RTA_DATA(hook), (int)RTA_PAYLOAD(hook), NFTA_HOOK_HOOKNUM);
	table = pf_nl_attr(a, len, NFTA_CHAIN_TABLE);
	name = pf_nl_attr(a, len, NFTA_CHAIN_NAME);
	type = pf_nl_attr(a, len, NFTA_CHAIN_TYPE);
	if (!num || !table || !name || RTA_PAYLOAD(num) < 4)
		return 0;
	hooknum = ntohl(*(const __u32 *)RTA_DATA(num));
	/* XDP runs before every hook: netdev ingress and prerouting are skipped too. */
	if (g->nfgen_family == NFPROTO_NETDEV)
		snprintf(what, sizeof(what),
			 "nftables netdev chain %s %s: its rules do not see "
			 "the traffic the fast path forwards",
			 (const char *)RTA_DATA(table), (const char *)RTA_DATA(name));
	else if (hooknum == NF_INET_PRE_ROUTING && (!type || strcmp(RTA_DATA(type), "nat")))
		snprintf(what, sizeof(what),
			 "nftables chain %s %s hooks prerouting: its rules do "
			 "not see the traffic the fast path forwards",
			 (const char *)RTA_DATA(table), (const char *)RTA_DATA(name));
	else if (hooknum == NF_INET_FORWARD)
		snprintf(what, sizeof(what), "nftables chain %s %s hooks forward: its rules do not "
			 "see the traffic the fast path forwards", (const char *)RTA_DATA(table),
			 (const char *)RTA_DATA(name));
	else if (hooknum == NF_INET_POST_ROUTING && type && !strcmp(RTA_DATA(type), "nat"))
		snprintf(what, sizeof(what), "nftables chain %s %s does NAT on postrouting: "
			 "masquerade/SNAT does not apply to the traffic the fast path forwards",
			 (const char *)RTA_DATA(table), (const char *)RTA_DATA(name));
	else
		return 0;
	s->cb(s->arg, what);
	return 0;
}

static int on_qdisc(const struct nlmsghdr *h, void *arg)
{
	const struct tcmsg *t = NLMSG_DATA(h);
	int len;
	const struct rtattr *a = pf_nl_attrs(h, sizeof(*t), &len), *kind;
	static const char *const plain[] = { "noqueue", "mq", "pfifo_fast", "fq_codel",
					     "noop", "pfifo", "fq", "ingress", "clsact" };
	struct scan *s = arg;
	char what[160], dev[IF_NAMESIZE] = "?";
	size_t i;

	if (h->nlmsg_type != RTM_NEWQDISC || len < 0 || t->tcm_parent != TC_H_ROOT)
		return 0;
	kind = pf_nl_attr(a, len, TCA_KIND);
	if (!kind)
		return 0;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (!strcmp(RTA_DATA(kind), plain[i]))
			return 0;
	if_indextoname((unsigned int)t->tcm_ifindex, dev);
	snprintf(what, sizeof(what), "egress qdisc %s on %s: frames the fast path forwards out "
		 "of %s are not shaped by it", (const char *)RTA_DATA(kind), dev, dev);
	s->cb(s->arg, what);
	return 0;
}

/* Policy rules on fwmark: XDP sees no mark, so marked traffic is routed as unmarked. */
static int on_rule(const struct nlmsghdr *h, void *arg)
{
	const struct fib_rule_hdr *r = NLMSG_DATA(h);
	int len;
	const struct rtattr *a = pf_nl_attrs(h, sizeof(*r), &len), *mark, *pref;
	struct scan *s = arg;
	char what[200];

	if (h->nlmsg_type != RTM_NEWRULE || len < 0)
		return 0;
	mark = pf_nl_attr(a, len, FRA_FWMARK);
	if (!mark || RTA_PAYLOAD(mark) < 4)
		return 0;
	pref = pf_nl_attr(a, len, FRA_PRIORITY);
	snprintf(what, sizeof(what),
		 "IPv%d policy rule %u selects on fwmark %#x: traffic that "
		 "netfilter marks is routed by the fast path as if unmarked",
		 r->family == AF_INET ? 4 : 6,
		 pref && RTA_PAYLOAD(pref) >= 4 ? *(const __u32 *)RTA_DATA(pref) : 0,
		 *(const __u32 *)RTA_DATA(mark));
	s->cb(s->arg, what);
	return 0;
}

int pf_bypass_scan(pf_bypass_cb cb, void *arg)
{
	struct nfgenmsg g = { .nfgen_family = NFPROTO_UNSPEC, .version = NFNETLINK_V0 };
	struct tcmsg t = { .tcm_family = AF_UNSPEC };
	struct fib_rule_hdr r4 = { .family = AF_INET }, r6 = { .family = AF_INET6 };
	struct scan s = { cb, arg };
	char *legacy, err[128];
	size_t len = 0;
	int rc;

	rc = pf_nl_dump(NETLINK_NETFILTER, (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETCHAIN, &g,
			sizeof(g), on_chain, &s);
	if (rc && rc != -EPROTONOSUPPORT && rc != -EOPNOTSUPP && rc != -ENOENT)
		return rc;
	/* Legacy iptables keeps its tables out of nftables' sight. */
	legacy = pf_read_input("/proc/net/ip_tables_names", 4096, &len, err, sizeof(err));
	if (legacy && *legacy) {
		char what[160];

		legacy[strcspn(legacy, "\n")] = 0;
		snprintf(what, sizeof(what), "legacy iptables tables are loaded (%s...): their "
			 "FORWARD and NAT rules do not see the traffic the fast path forwards", legacy);
		cb(arg, what);
	}
	free(legacy);
	rc = pf_nl_dump(NETLINK_ROUTE, RTM_GETRULE, &r4, sizeof(r4), on_rule, &s)
		     ?: pf_nl_dump(NETLINK_ROUTE, RTM_GETRULE, &r6, sizeof(r6), on_rule, &s);
	return rc ?: pf_nl_dump(NETLINK_ROUTE, RTM_GETQDISC, &t, sizeof(t), on_qdisc, &s);
}
