// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Device enumeration over rtnetlink. A plain RTM_GETLINK dump read with the
 * kernel's own NLMSG/RTA macros: libmnl, the library this would use, has no
 * source package reachable from this project's build machines.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "grow.h"
#include "netdev.h"
#include "nlsock.h"

/* Does an egress QoS map give some priority a PCP other than 0? */
static bool egress_qos_set(struct rtattr *q)
{
	int len = RTA_PAYLOAD(q);
	struct rtattr *m;

	for (m = RTA_DATA(q); RTA_OK(m, len); m = RTA_NEXT(m, len))
		if (m->rta_type == IFLA_VLAN_QOS_MAPPING &&
		    RTA_PAYLOAD(m) >= sizeof(struct ifla_vlan_qos_mapping) &&
		    ((struct ifla_vlan_qos_mapping *)RTA_DATA(m))->to)
			return true;
	return false;
}

static void parse_linkinfo(struct rtattr *li, struct pf_netdev *d)
{
	struct rtattr *a;
	int len = RTA_PAYLOAD(li);
	bool vlan = false;

	for (a = RTA_DATA(li); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == IFLA_INFO_KIND) {
			vlan = !strncmp(RTA_DATA(a), "vlan", RTA_PAYLOAD(a));
			d->is_vrf = !strncmp(RTA_DATA(a), "vrf", RTA_PAYLOAD(a));
		}
		if (a->rta_type == IFLA_INFO_DATA && vlan) {
			struct rtattr *v;
			int vlen = RTA_PAYLOAD(a);

			d->is_vlan = true;
			d->vlan_proto = 0x8100;
			for (v = RTA_DATA(a); RTA_OK(v, vlen); v = RTA_NEXT(v, vlen)) {
				if (v->rta_type == IFLA_VLAN_ID)
					d->vid = *(__u16 *)RTA_DATA(v);
				else if (v->rta_type == IFLA_VLAN_PROTOCOL)
					d->vlan_proto = ntohs(*(__be16 *)RTA_DATA(v));
				else if (v->rta_type == IFLA_VLAN_EGRESS_QOS)
					d->vlan_egress_qos = egress_qos_set(v);
			}
		}
	}
}

static void parse_link(const struct nlmsghdr *h, struct pf_netdev *d)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = (int)IFLA_PAYLOAD(h);
	struct rtattr *a;

	memset(d, 0, sizeof(*d));
	d->link_netnsid = -1;
	d->ifindex = ifi->ifi_index;
	d->flags = ifi->ifi_flags;
	d->type = ifi->ifi_type;
	for (a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		switch (a->rta_type) {
		case IFLA_IFNAME:
			snprintf(d->name, sizeof(d->name), "%s", (char *)RTA_DATA(a));
			break;
		case IFLA_ADDRESS:
			if (RTA_PAYLOAD(a) == 6)
				memcpy(d->mac, RTA_DATA(a), 6);
			break;
		case IFLA_LINK:
			d->link = *(int *)RTA_DATA(a);
			break;
		case IFLA_MASTER:
			d->master = *(int *)RTA_DATA(a);
			break;
		case IFLA_LINK_NETNSID:
			d->link_netnsid = *(int *)RTA_DATA(a);
			break;
		case IFLA_LINKINFO:
			parse_linkinfo(a, d);
			break;
		}
	}
}

struct dump {
	struct pf_netdev *devs;
	size_t cnt;
};

static int on_link(const struct nlmsghdr *h, void *arg)
{
	struct dump *d = arg;
	int err;

	if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		return 0;
	err = pf_grow_append((void **)&d->devs, d->cnt, sizeof(*d->devs));
	if (err)
		return err;
	parse_link(h, &d->devs[d->cnt++]);
	return 0;
}

int pf_netdev_list(struct pf_netdev **out, size_t *n)
{
	struct ifinfomsg i = { .ifi_family = AF_UNSPEC };
	struct dump d = { NULL, 0 };
	int err = pf_nl_dump(NETLINK_ROUTE, RTM_GETLINK, &i, sizeof(i), on_link, &d);

	if (err) {
		free(d.devs);
		return err;
	}
	*out = d.devs;
	*n = d.cnt;
	return 0;
}

static int on_peer(const struct nlmsghdr *h, void *arg)
{
	const struct rtattr *a, *x;
	int len;

	if (h->nlmsg_type != RTM_NEWLINK)
		return 0;
	a = pf_nl_attrs(h, sizeof(struct ifinfomsg), &len);
	a = a ? pf_nl_attr(a, len, IFLA_XDP) : NULL;
	x = a ? pf_nl_attr(RTA_DATA(a), (int)RTA_PAYLOAD(a), IFLA_XDP_ATTACHED) : NULL;
	/* Native only: a generic (skb) program gives the veth no NAPI to redirect into. */
	if (x && *(const __u8 *)RTA_DATA(x) == XDP_ATTACHED_MULTI)
		x = pf_nl_attr(RTA_DATA(a), (int)RTA_PAYLOAD(a), IFLA_XDP_DRV_PROG_ID);
	else if (x && *(const __u8 *)RTA_DATA(x) != XDP_ATTACHED_DRV)
		x = NULL;
	*(bool *)arg = x != NULL;
	return 0;
}

static bool peer_has_xdp(const struct pf_netdev *d)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
		char attrs[16];
	} q;
	struct rtattr *a = (struct rtattr *)q.attrs;
	struct pf_nlsock s;
	bool has = false;

	if (d->link <= 0 || pf_nl_open(&s, NETLINK_ROUTE))
		return false;
	memset(&q, 0, sizeof(q));
	q.h.nlmsg_len = NLMSG_LENGTH(sizeof(q.i));
	q.h.nlmsg_type = RTM_GETLINK;
	q.h.nlmsg_flags = NLM_F_REQUEST;
	q.i.ifi_family = AF_UNSPEC;
	q.i.ifi_index = d->link;
	if (d->link_netnsid >= 0) { /* the peer lives in another namespace: ask there */
		a->rta_type = IFLA_TARGET_NETNSID;
		a->rta_len = RTA_LENGTH(sizeof(int));
		memcpy(RTA_DATA(a), &d->link_netnsid, sizeof(int));
		q.h.nlmsg_len += RTA_ALIGN(a->rta_len);
	}
	if (pf_nl_request(&s, &q.h, on_peer, &has))
		has = false;
	pf_nl_close(&s);
	return has;
}

/* From 5.13 a veth also hands redirects into a peer with GRO on (NAPI without XDP). */
static bool peer_gro(const struct pf_netdev *d, int kernel)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_GGRO };
	struct ifreq ifr = { .ifr_ifindex = d->link };
	int fd, rc = -1;

	/* Its GRO setting can only be read where the peer is: this namespace. */
	if (kernel < 5013 || d->link_netnsid >= 0 || d->link <= 0)
		return false;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		rc = ioctl(fd, SIOCGIFNAME, &ifr);
	if (fd >= 0)
		close(fd);
	return !rc && !pf_ethtool(ifr.ifr_name, &ev) && ev.data;
}

bool pf_netdev_peer_takes_redirects(const struct pf_netdev *d, int kernel)
{
	return peer_has_xdp(d) || peer_gro(d, kernel);
}

const struct pf_netdev *pf_netdev_by_name(const struct pf_netdev *d, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(d[i].name, name))
			return &d[i];
	return NULL;
}

const struct pf_netdev *pf_netdev_by_index(const struct pf_netdev *d, size_t n, int ifindex)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i].ifindex == ifindex)
			return &d[i];
	return NULL;
}

int pf_ethtool(const char *ifname, void *cmd)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = cmd;
	/* ETHTOOL_SFEATURES answers with a positive "not all as asked" mask: not an error. */
	rc = ioctl(fd, SIOCETHTOOL, &ifr) < 0 ? -errno : 0;
	close(fd);
	return rc;
}

void pf_netdev_driver(const char *ifname, char *buf, size_t len)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };

	buf[0] = 0;
	if (!pf_ethtool(ifname, &info))
		snprintf(buf, len, "%s", info.driver);
}

int pf_kernel_version(void)
{
	/* Test hook, as PACKETFRAME_CRASH_AT: a kernel's version-dependent choices, here. */
	const char *as = getenv("PACKETFRAME_TEST_KERNEL");
	struct utsname u;
	int major, minor;

	if (as && sscanf(as, "%d.%d", &major, &minor) == 2)
		return major * 1000 + minor;
	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major * 1000 + minor;
}

static bool is_rvu(const char *driver)
{
	/* sysfs says rvu_nicpf, ethtool says rvu-nicpf: accept both. */
	return !strcmp(driver, "rvu_nicpf") || !strcmp(driver, "rvu-nicpf");
}

#define RVU_FIXED_IN 6008 /* 6.8: upstream 04f647c8e456 */

bool pf_native_allowed(const char *driver, int kernel, enum pf_tristate workaround, char *why,
		       size_t whylen)
{
	if (!is_rvu(driver) || workaround == PF_ON)
		return true;
	if (kernel && kernel >= RVU_FIXED_IN)
		return true;
	snprintf(why, whylen,
		 "native XDP on %s before Linux 6.8 leaks queues on every attach and can panic "
		 "the kernel (fixed upstream in 6.8); use generic, or set "
		 "'driver-workaround rvu-nicpf-head-shift on' to take that risk",
		 driver);
	return false;
}

bool pf_needs_head_shift(const char *driver, int kernel, enum pf_tristate workaround)
{
	if (!is_rvu(driver) || workaround == PF_OFF)
		return false;
	return workaround == PF_ON || (kernel && kernel < RVU_FIXED_IN);
}

int pf_netdev_rp_filter(const char *ifname)
{
	char path[128], buf[16];
	int v = 0, all = 0, i;
	const char *names[] = { "all", ifname };

	for (i = 0; i < 2; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/rp_filter", names[i]);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f))
			*(i ? &v : &all) = atoi(buf);
		fclose(f);
	}
	/* The kernel uses the larger of conf/all and conf/<dev>. */
	return v > all ? v : all;
}

/* One integer sysctl under /proc/sys/net; -1 when it cannot be read. */
static int sysctl_int(const char *fmt, const char *name)
{
	char path[160], buf[16];
	int v = -1;
	FILE *f;

	snprintf(path, sizeof(path), fmt, name);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = atoi(buf);
	fclose(f);
	return v;
}

bool pf_netdev_ipv4_forwards(const char *ifname)
{
	return sysctl_int("/proc/sys/net/ipv4/conf/%s/forwarding", ifname) == 1;
}

bool pf_netdev_ipv6_forwards(const char *ifname)
{
	/* ip6_forward wants all.forwarding (not just the port's), and IPv6 on the port. */
	return sysctl_int("/proc/sys/net/ipv6/conf/%s/forwarding", "all") == 1 &&
	       sysctl_int("/proc/sys/net/ipv6/conf/%s/disable_ipv6", ifname) == 0;
}
