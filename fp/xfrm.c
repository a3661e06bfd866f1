// SPDX-License-Identifier: GPL-2.0-or-later
/* IPsec policy selectors against the allowlist (see xfrm.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>
#include "ctx.h"
#include "nlsock.h"
#include "xfrm.h"

struct scan {
	const struct pf_prefix *allow;
	size_t n;
	char *err;
	size_t errlen;
	int found;
};

/* Do two prefixes share an address (one contains the other)? */
static int overlap(const struct pf_prefix *a, int family, const __u8 *addr, unsigned int len)
{
	unsigned int bits = a->len < len ? a->len : len, i;

	if (a->family != family)
		return 0;
	for (i = 0; i < bits; i++)
		if (((a->addr[i / 8] ^ addr[i / 8]) >> (7 - i % 8)) & 1)
			return 0;
	return 1;
}

/* The kernel sends a policy's templates as one XFRMA_TMPL array. */
static int has_templates(const struct nlmsghdr *h, const struct xfrm_userpolicy_info *p)
{
	int len;
	const struct rtattr *a = pf_nl_attrs(h, sizeof(*p), &len);

	a = pf_nl_attr(a, len, XFRMA_TMPL);
	return a && RTA_PAYLOAD(a) >= sizeof(struct xfrm_user_tmpl);
}

static int on_policy(const struct nlmsghdr *h, void *arg)
{
	const struct xfrm_userpolicy_info *p = NLMSG_DATA(h);
	struct scan *s = arg;
	int family;
	size_t i;

	if (h->nlmsg_type != XFRM_MSG_NEWPOLICY || h->nlmsg_len < NLMSG_LENGTH(sizeof(*p)) ||
	    s->found)
		return 0;
	/* Forwarded traffic meets FWD and OUT policies; IN ones only guard local delivery. */
	if (p->dir != XFRM_POLICY_FWD && p->dir != XFRM_POLICY_OUT)
		return 0;
	/* An allow without templates exempts traffic from IPsec: nothing to bypass. */
	if (p->action == XFRM_POLICY_ALLOW && !has_templates(h, p))
		return 0;
	family = p->sel.family == AF_INET ? 4 : p->sel.family == AF_INET6 ? 6 : 0;
	for (i = 0; i < s->n; i++) {
		char a[64];

		if (family && !overlap(&s->allow[i], family, (const __u8 *)&p->sel.saddr,
				       p->sel.prefixlen_s) &&
		    !overlap(&s->allow[i], family, (const __u8 *)&p->sel.daddr,
			     p->sel.prefixlen_d))
			continue;
		pf_prefix_format(&s->allow[i], a, sizeof(a));
		snprintf(s->err, s->errlen,
			 "IPsec (xfrm) %s policy %u covers traffic of the allowlisted %s: the fast "
			 "path would %s. Keep IPsec-protected prefixes off the allowlist "
			 "(`ip xfrm policy` lists the policies)",
			 p->dir == XFRM_POLICY_FWD ? "forward" : "output", p->index, a,
			 p->action == XFRM_POLICY_BLOCK ? "forward what the policy blocks"
							 : "forward it unencrypted");
		s->found = 1;
		break;
	}
	return 0;
}

int pf_xfrm_check(const struct pf_prefix *allow, size_t n, char *err, size_t errlen)
{
	struct scan s = { allow, n, err, errlen, 0 };
	int rc;

	if (!n)
		return 0;
	rc = pf_nl_dump(NETLINK_XFRM, XFRM_MSG_GETPOLICY, NULL, 0, on_policy, &s);
	/* A kernel without XFRM has no policies. */
	if (rc == -EPROTONOSUPPORT || rc == -EAFNOSUPPORT || rc == -EOPNOTSUPP || rc == -ENOENT)
		rc = 0;
	return rc ?: s.found ? PF_REFUSED : 0;
}
