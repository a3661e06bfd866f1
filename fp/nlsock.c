// SPDX-License-Identifier: GPL-2.0-or-later
/* The netlink receive loop: see nlsock.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include "nlsock.h"

/* Dumps fill datagrams up to the reader's buffer size; 32 KiB is the kernel's cap. */
#define PF_NL_BUF (64 * 1024)

int pf_nl_open(struct pf_nlsock *s, int protocol)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(sa);
	int err;

	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
	if (s->fd < 0)
		return -errno;
	/* Port id 0 asks the kernel to pick one; replies are addressed to it. */
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(s->fd, (struct sockaddr *)&sa, &len)) {
		err = -errno;
		close(s->fd);
		s->fd = -1;
		return err;
	}
	s->pid = sa.nl_pid;
	s->seq = (__u32)time(NULL);
	return 0;
}

void pf_nl_close(struct pf_nlsock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* One reply message: 1 when it ends the exchange (with *err set), else 0. */
static int one(const struct pf_nlsock *s, const struct nlmsghdr *h, pf_nl_cb cb, void *arg,
	       int *err)
{
	const struct nlmsgerr *e;

	if (h->nlmsg_seq != s->seq || h->nlmsg_pid != s->pid)
		return 0; /* a stale reply, or not for us */
	switch (h->nlmsg_type) {
	case NLMSG_ERROR:
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
			*err = *err ?: -EPROTO;
			return 1;
		}
		e = NLMSG_DATA(h);
		*err = *err ?: (e->error > 0 ? -EPROTO : e->error);
		return 1;
	case NLMSG_DONE:
		/* A dump that failed midway says so in DONE's payload. */
		if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) && *(const int *)NLMSG_DATA(h) < 0)
			*err = *err ?: *(const int *)NLMSG_DATA(h);
		return 1;
	case NLMSG_NOOP:
		return 0;
	default:
		if (!*err && cb)
			*err = cb(h, arg);
		return 0;
	}
}

int pf_nl_request(struct pf_nlsock *s, struct nlmsghdr *h, pf_nl_cb cb, void *arg)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char *buf = malloc(PF_NL_BUF);
	int err = 0, done = 0;

	if (!buf)
		return -ENOMEM;
	h->nlmsg_flags |= NLM_F_REQUEST;
	if ((h->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		h->nlmsg_flags |= NLM_F_ACK;
	h->nlmsg_seq = ++s->seq;
	h->nlmsg_pid = s->pid;
	while (sendto(s->fd, h, h->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		if (errno != EINTR) {
			free(buf);
			return -errno;
		}
	}
	while (!done) {
		struct iovec iov = { buf, PF_NL_BUF };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		const struct nlmsghdr *r;
		ssize_t n = recvmsg(s->fd, &mh, 0);
		size_t left;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (mh.msg_flags & MSG_TRUNC) {
			/* The rest of the datagram is lost: the answer would be incomplete. */
			err = -EMSGSIZE;
			break;
		}
		left = (size_t)n;
		for (r = (const struct nlmsghdr *)buf; !done && NLMSG_OK(r, left);
		     r = NLMSG_NEXT(r, left))
			done = one(s, r, cb, arg, &err);
		if (!done && left) {
			err = -EPROTO; /* a message cut short inside the datagram */
			break;
		}
	}
	free(buf);
	return err;
}

int pf_nl_dump(int protocol, __u16 type, const void *body, size_t len, pf_nl_cb cb, void *arg)
{
	struct {
		struct nlmsghdr h;
		char body[64];
	} req;
	struct pf_nlsock s;
	int err;

	if (len > sizeof(req.body))
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = (__u32)NLMSG_LENGTH(len);
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = NLM_F_DUMP;
	if (len)
		memcpy(req.body, body, len);
	err = pf_nl_open(&s, protocol);
	if (err)
		return err;
	err = pf_nl_request(&s, &req.h, cb, arg);
	pf_nl_close(&s);
	return err;
}

const struct rtattr *pf_nl_attrs(const struct nlmsghdr *h, size_t hdr, int *len)
{
	*len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(hdr);
	return (const struct rtattr *)((const char *)NLMSG_DATA(h) + NLMSG_ALIGN(hdr));
}

const struct rtattr *pf_nl_attr(const struct rtattr *a, int len, unsigned short type)
{
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if ((a->rta_type & ~NLA_F_NESTED) == type)
			return a;
	return NULL;
}
