// SPDX-License-Identifier: GPL-2.0-or-later
/* Minimal rtnetlink requests for the VM test topology. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "fp/nlsock.h"
#include "nl.h"

struct req {
	struct nlmsghdr h;
	char buf[1024];
};

/* Append an attribute; the whole request (header and buffer) is one object. */
static struct rtattr *put(struct req *q, int type, const void *data, int len)
{
	char *base = (char *)q;
	struct rtattr *a = (struct rtattr *)(base + NLMSG_ALIGN(q->h.nlmsg_len));

	a->rta_type = (unsigned short)type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(base + NLMSG_ALIGN(q->h.nlmsg_len) + RTA_LENGTH(0), data, (size_t)len);
	q->h.nlmsg_len = NLMSG_ALIGN(q->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

static void end(struct req *q, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)q + q->h.nlmsg_len - (char *)nest);
}

/* One request on a fresh socket; the kernel's ACK or error is the result. */
static int talk(struct nlmsghdr *h)
{
	struct pf_nlsock s;
	int err = pf_nl_open(&s, NETLINK_ROUTE);

	if (err)
		return err;
	err = pf_nl_request(&s, h, NULL, NULL);
	pf_nl_close(&s);
	return err;
}

/* Start a request of `type` whose fixed body has `body` bytes; returns the body. */
static void *begin(struct req *q, int type, int flags, size_t body)
{
	memset(q, 0, sizeof(*q));
	q->h.nlmsg_len = NLMSG_LENGTH(body);
	q->h.nlmsg_type = (unsigned short)type;
	q->h.nlmsg_flags = (unsigned short)flags;
	return NLMSG_DATA(&q->h);
}

static struct ifinfomsg *link_req(struct req *q, int type, int flags)
{
	return begin(q, type, flags, sizeof(struct ifinfomsg));
}

int nl_veth(const char *name, const char *peer, const __u8 *mac)
{
	struct req q;
	struct rtattr *li, *data, *pi;
	struct ifinfomsg peer_ifi = { .ifi_family = AF_UNSPEC };

	link_req(&q, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	put(&q, IFLA_IFNAME, name, (int)strlen(name) + 1);
	put(&q, IFLA_ADDRESS, mac, 6);
	li = put(&q, IFLA_LINKINFO, NULL, 0);
	put(&q, IFLA_INFO_KIND, "veth", 4);
	data = put(&q, IFLA_INFO_DATA, NULL, 0);
	pi = put(&q, VETH_INFO_PEER, &peer_ifi, sizeof(peer_ifi));
	put(&q, IFLA_IFNAME, peer, (int)strlen(peer) + 1);
	end(&q, pi);
	end(&q, data);
	end(&q, li);
	return talk(&q.h);
}

int nl_vlan(const char *name, int lower, __u16 proto, __u16 vid, const __u8 *mac)
{
	struct req q;
	struct rtattr *li, *data;
	__u16 be = htons(proto);

	link_req(&q, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	put(&q, IFLA_IFNAME, name, (int)strlen(name) + 1);
	put(&q, IFLA_LINK, &lower, 4);
	put(&q, IFLA_ADDRESS, mac, 6);
	li = put(&q, IFLA_LINKINFO, NULL, 0);
	put(&q, IFLA_INFO_KIND, "vlan", 4);
	data = put(&q, IFLA_INFO_DATA, NULL, 0);
	put(&q, IFLA_VLAN_ID, &vid, 2);
	put(&q, IFLA_VLAN_PROTOCOL, &be, 2);
	end(&q, data);
	end(&q, li);
	return talk(&q.h);
}

int nl_vrf(const char *name, __u32 table)
{
	struct req q;
	struct rtattr *li, *data;

	link_req(&q, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	put(&q, IFLA_IFNAME, name, (int)strlen(name) + 1);
	li = put(&q, IFLA_LINKINFO, NULL, 0);
	put(&q, IFLA_INFO_KIND, "vrf", 3);
	data = put(&q, IFLA_INFO_DATA, NULL, 0);
	put(&q, IFLA_VRF_TABLE, &table, 4);
	end(&q, data);
	end(&q, li);
	return talk(&q.h);
}

int nl_rule_del(int family, __u32 pref)
{
	struct req q;
	struct fib_rule_hdr *r = begin(&q, RTM_DELRULE, 0, sizeof(*r));

	r->family = (__u8)family;
	put(&q, FRA_PRIORITY, &pref, 4);
	return talk(&q.h);
}

int nl_up(int ifindex)
{
	struct req q;
	struct ifinfomsg *ifi = link_req(&q, RTM_NEWLINK, 0);

	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return talk(&q.h);
}

int nl_link_set(int ifindex, const __u8 *mac, int mtu, int nsfd)
{
	struct req q;
	struct ifinfomsg *ifi = link_req(&q, RTM_NEWLINK, 0);

	ifi->ifi_index = ifindex;
	if (mac)
		put(&q, IFLA_ADDRESS, mac, 6);
	if (mtu)
		put(&q, IFLA_MTU, &mtu, 4);
	if (nsfd >= 0)
		put(&q, IFLA_NET_NS_FD, &nsfd, 4);
	return talk(&q.h);
}

/* An address in either family: 4 or 16 bytes from text. */
static int addr_len(int family, const char *text, void *out)
{
	return inet_pton(family, text, out) == 1 ? (family == AF_INET ? 4 : 16) : -EINVAL;
}

int nl_addr(int family, int ifindex, const char *addr, int plen)
{
	struct req q;
	struct ifaddrmsg *a;
	__u8 in[16];
	int len = addr_len(family, addr, in);

	if (len < 0)
		return len;
	a = begin(&q, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof(*a));
	a->ifa_family = (unsigned char)family;
	a->ifa_prefixlen = (unsigned char)plen;
	a->ifa_index = (unsigned int)ifindex;
	a->ifa_flags = IFA_F_NODAD; /* no DAD: the address works at once, without chatter */
	put(&q, IFA_LOCAL, in, len);
	put(&q, IFA_ADDRESS, in, len);
	return talk(&q.h);
}

int nl_route(int family, int type, const char *dst, int plen, const char *gw, int oif, int mtu)
{
	struct req q;
	struct rtmsg *r;
	struct rtattr *mx;
	__u8 in[16];
	int len = addr_len(family, dst, in);

	if (len < 0)
		return len;
	r = begin(&q, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, sizeof(*r));
	r->rtm_family = (unsigned char)family;
	r->rtm_dst_len = (unsigned char)plen;
	r->rtm_table = RT_TABLE_MAIN;
	r->rtm_protocol = RTPROT_STATIC;
	r->rtm_scope = type != RTN_UNICAST ? RT_SCOPE_UNIVERSE
		       : gw                ? RT_SCOPE_UNIVERSE
					   : RT_SCOPE_LINK;
	r->rtm_type = (unsigned char)type;
	put(&q, RTA_DST, in, len);
	if (gw) {
		len = addr_len(family, gw, in);
		if (len < 0)
			return len;
		put(&q, RTA_GATEWAY, in, len);
	}
	if (oif)
		put(&q, RTA_OIF, &oif, 4);
	if (mtu) {
		mx = put(&q, RTA_METRICS, NULL, 0);
		put(&q, RTAX_MTU, &mtu, 4);
		end(&q, mx);
	}
	return talk(&q.h);
}

int nl_neigh(int family, int ifindex, const char *addr, const __u8 *mac)
{
	struct req q;
	struct ndmsg *n;
	__u8 in[16];
	int len = addr_len(family, addr, in);

	if (len < 0)
		return len;
	n = begin(&q, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, sizeof(*n));
	n->ndm_family = (unsigned char)family;
	n->ndm_ifindex = ifindex;
	n->ndm_state = NUD_PERMANENT;
	put(&q, NDA_DST, in, len);
	put(&q, NDA_LLADDR, mac, 6);
	return talk(&q.h);
}
