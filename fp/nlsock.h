/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One request/reply exchange on a netlink socket, with the receive loop
 * every caller needs and few write correctly: replies matched by sequence
 * number and port id, EINTR retried, truncated datagrams and messages
 * refused, NLMSG_ERROR and NLMSG_DONE ending the exchange.
 */
#ifndef PF_NLSOCK_H
#define PF_NLSOCK_H

#include <stddef.h>
#include <linux/netlink.h>
#include <linux/types.h>

struct pf_nlsock {
	int fd;
	__u32 pid; /* our port id, as the kernel addresses replies */
	__u32 seq; /* of the last request */
};

/* Open and bind a netlink socket of `protocol` (NETLINK_ROUTE...); 0 or -errno. */
int pf_nl_open(struct pf_nlsock *s, int protocol);
void pf_nl_close(struct pf_nlsock *s);

/* Called for each reply message that is neither an error/ACK nor DONE. */
typedef int (*pf_nl_cb)(const struct nlmsghdr *h, void *arg);

/*
 * Send `h` (NLM_F_REQUEST is set, the sequence number and port id stamped;
 * a request that is not a dump also asks for an ACK) and read replies until
 * the DONE of a dump or the ACK. Returns 0, the kernel's -errno, -EMSGSIZE
 * on truncation, -EPROTO on a malformed reply, or the first nonzero return
 * of `cb` (the rest of the reply is drained first).
 */
int pf_nl_request(struct pf_nlsock *s, struct nlmsghdr *h, pf_nl_cb cb, void *arg);

/*
 * A whole dump on a socket of its own: message `type` with `body` (len bytes,
 * at most 64: the family header) after the netlink header. As pf_nl_request.
 */
int pf_nl_dump(int protocol, __u16 type, const void *body, size_t len, pf_nl_cb cb, void *arg);

struct rtattr;

/*
 * The attributes after a reply's family header of `hdr` bytes; *len gets
 * their length, negative when the message is shorter than the header.
 */
const struct rtattr *pf_nl_attrs(const struct nlmsghdr *h, size_t hdr, int *len);

/* The first attribute of `type` (the nested flag ignored) among len bytes, or NULL. */
const struct rtattr *pf_nl_attr(const struct rtattr *a, int len, unsigned short type);

#endif
