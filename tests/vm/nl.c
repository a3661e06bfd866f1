// SPDX-License-Identifier: GPL-2.0-or-later
/* Minimal rtnetlink requests for the VM test topology. */
#include <arpa/inet.h>
#include <errno.h>
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

int nl_vlan(const char *name, int lower, __u16 vid, const __u8 *mac)
{
	struct req q;
	struct rtattr *li, *data;

	link_req(&q, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	put(&q, IFLA_IFNAME, name, (int)strlen(name) + 1);
	put(&q, IFLA_LINK, &lower, 4);
	put(&q, IFLA_ADDRESS, mac, 6);
	li = put(&q, IFLA_LINKINFO, NULL, 0);
	put(&q, IFLA_INFO_KIND, "vlan", 4);
	data = put(&q, IFLA_INFO_DATA, NULL, 0);
	put(&q, IFLA_VLAN_ID, &vid, 2);
	end(&q, data);
	end(&q, li);
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

int nl_addr4(int ifindex, const char *addr, int plen)
{
	struct req q;
	struct ifaddrmsg *a;
	struct in_addr in;

	a = begin(&q, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof(*a));
	a->ifa_family = AF_INET;
	a->ifa_prefixlen = (unsigned char)plen;
	a->ifa_index = (unsigned int)ifindex;
	inet_pton(AF_INET, addr, &in);
	put(&q, IFA_LOCAL, &in, 4);
	put(&q, IFA_ADDRESS, &in, 4);
	return talk(&q.h);
}

int nl_route4(const char *dst, int plen, int oif)
{
	struct req q;
	struct rtmsg *r;
	struct in_addr in;

	r = begin(&q, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, sizeof(*r));
	r->rtm_family = AF_INET;
	r->rtm_dst_len = (unsigned char)plen;
	r->rtm_table = RT_TABLE_MAIN;
	r->rtm_protocol = RTPROT_STATIC;
	r->rtm_scope = RT_SCOPE_LINK;
	r->rtm_type = RTN_UNICAST;
	inet_pton(AF_INET, dst, &in);
	put(&q, RTA_DST, &in, 4);
	put(&q, RTA_OIF, &oif, 4);
	return talk(&q.h);
}

int nl_neigh4(int ifindex, const char *addr, const __u8 *mac)
{
	struct req q;
	struct ndmsg *n;
	struct in_addr in;

	n = begin(&q, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, sizeof(*n));
	n->ndm_family = AF_INET;
	n->ndm_ifindex = ifindex;
	n->ndm_state = NUD_PERMANENT;
	inet_pton(AF_INET, addr, &in);
	put(&q, NDA_DST, &in, 4);
	put(&q, NDA_LLADDR, mac, 6);
	return talk(&q.h);
}
