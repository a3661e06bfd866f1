// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The differential oracle's engine (tests/oracle/oracle.c drives it in the
 * netns test, tests/vm/vmoracle.c inside the qemu VMs): send the corpus, one
 * frame at a time, from the sender namespace's ports into the router, and
 * record what every port of every namespace around the router receives for
 * it (egress hosts and the sender itself, which sees ICMP errors and
 * hairpinned frames); compare two such records frame by frame.
 *
 * Each frame is processed synchronously by the kernel in the sender's
 * transmit path (veth hands it over in softirq context before sendto
 * returns), so what arrives until the ports have been quiet for a moment
 * belongs to that frame.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "corpus.h"
#include "engine.h"

/* Where frames go in and what is watched. */
static const struct {
	const char *ns, *ifname;
	int sender; /* index of the input port it is, or -1 */
} ports[] = {
	{ "s", "s0", 0 },   { "s", "s1", 1 },   { "s", "s2", 2 },
	{ "e1", "e1", -1 }, { "e2", "e2", -1 }, { "e3", "e3", -1 },
};
#define N_PORTS (sizeof(ports) / sizeof(ports[0]))
#define MAX_OUT 16

static int open_port(const char *prefix, unsigned int i)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	char path[256];
	int nsfd, fd;

	snprintf(path, sizeof(path), "/run/netns/%s-%s", prefix, ports[i].ns);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0 || setns(nsfd, CLONE_NEWNET)) {
		perror(path);
		exit(2);
	}
	close(nsfd);
	sll.sll_ifindex = (int)if_nametoindex(ports[i].ifname);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_ALL));
	/* The receive path moves an outer VLAN tag into metadata: ask for it back. */
	if (fd >= 0)
		setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &(int){ 1 }, sizeof(int));
	if (!sll.sll_ifindex || fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		fprintf(stderr, "oracle: %s in %s: %s\n", ports[i].ifname, path, strerror(errno));
		exit(2);
	}
	return fd;
}

/*
 * The router's own neighbour machinery, not a forwarding outcome: ARP, IPv6
 * neighbour discovery and MLD, and the errors it reports when resolution
 * fails. They run on timers, so two runs see them at different frames. The
 * fast path sends none of these; the frames that cause them it only ever
 * hands to the kernel (NO_NEIGH).
 */
/* The ethertype after at most one VLAN tag; *off: where what it announces starts. */
static unsigned int ethertype(const __u8 *f, size_t len, size_t *off)
{
	unsigned int t;

	*off = 14;
	if (len < 14)
		return 0;
	t = (unsigned int)f[12] << 8 | f[13];
	if ((t == 0x8100 || t == 0x88a8) && len >= 18) {
		*off = 18;
		t = (unsigned int)f[16] << 8 | f[17];
	}
	return t;
}

static int noise(const __u8 *f, size_t len)
{
	size_t off;
	unsigned int t = ethertype(f, len, &off);
	const __u8 *ip = f + off;

	len -= len < off ? len : off; /* from here on: the L3 length */
	if (t == 0x0806)
		return 1;
	if (t == 0x86dd && len >= 42)
		/*
		 * hop-by-hop (MLD), ICMPv6 130-143 (MLD, RS, RA, NS, NA; not redirect),
		 * and "address unreachable" (1/3): sent seconds later, when neighbour
		 * discovery for an earlier frame gives up.
		 */
		return ip[6] == 0 ||
		       (ip[6] == 58 && ip[40] >= 130 && ip[40] <= 143 && ip[40] != 137) ||
		       (ip[6] == 58 && ip[40] == 1 && ip[41] == 3);
	if (t == 0x0800 && len >= 22) {
		size_t hl = (size_t)(ip[0] & 0x0f) * 4;

		/* ICMP host unreachable (3/1): the IPv4 form of the same late report */
		return ip[9] == 1 && len >= hl + 2 && ip[hl] == 3 && ip[hl + 1] == 1;
	}
	return 0;
}

static long long now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

/*
 * One received frame into buf (at most len), with the VLAN tag the receive
 * path moved into metadata put back after the MACs, TPID and TCI as they
 * were on the wire: what the tag says is part of the outcome.
 */
static ssize_t receive(int fd, __u8 *buf, size_t len, struct sockaddr_ll *from)
{
	char cbuf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	struct iovec iov = { .iov_base = buf + 4, .iov_len = len - 4 };
	struct msghdr mh = { .msg_name = from,
			     .msg_namelen = sizeof(*from),
			     .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	ssize_t n = recvmsg(fd, &mh, 0);

	if (n < 12) {
		if (n > 0)
			memmove(buf, buf + 4, (size_t)n);
		return n;
	}
	memmove(buf, buf + 4, 12); /* the MACs, then room for a tag */
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		const struct tpacket_auxdata *a = (const void *)CMSG_DATA(cm);
		__u16 tpid;

		if (cm->cmsg_level != SOL_PACKET || cm->cmsg_type != PACKET_AUXDATA ||
		    !(a->tp_status & TP_STATUS_VLAN_VALID))
			continue;
		tpid = a->tp_status & TP_STATUS_VLAN_TPID_VALID ? a->tp_vlan_tpid : ETH_P_8021Q;
		buf[12] = (__u8)(tpid >> 8);
		buf[13] = (__u8)tpid;
		buf[14] = (__u8)(a->tp_vlan_tci >> 8);
		buf[15] = (__u8)a->tp_vlan_tci;
		return n + 4;
	}
	memmove(buf + 12, buf + 16, (size_t)n - 12); /* untagged: close the gap */
	return n;
}

/* Everything the ports receive until they have been quiet for oracle_quiet_us. */
static void collect(const int *fd, FILE *out, unsigned int idx)
{
	static __u8 buf[65536];
	struct {
		__u8 port;
		__u16 len;
		__u8 *b;
	} got[MAX_OUT];
	unsigned int n = 0, k;
	long long quiet_since = now_us();

	while (now_us() - quiet_since < oracle_quiet_us) {
		struct pollfd pfd[N_PORTS];
		int any = 0;

		for (k = 0; k < N_PORTS; k++)
			pfd[k] = (struct pollfd){ .fd = fd[k], .events = POLLIN };
		if (poll(pfd, N_PORTS, 0) <= 0) {
			usleep(50);
			continue;
		}
		for (k = 0; k < N_PORTS; k++) {
			struct sockaddr_ll from;
			ssize_t r;

			while ((r = receive(fd[k], buf, sizeof(buf), &from)) > 0) {
				if (from.sll_pkttype == PACKET_OUTGOING || noise(buf, (size_t)r))
					continue;
				any = 1;
				if (n < MAX_OUT) {
					got[n].port = (__u8)k;
					got[n].len = (__u16)r;
					got[n].b = malloc((size_t)r);
					memcpy(got[n].b, buf, (size_t)r);
					n++;
				}
			}
		}
		if (any)
			quiet_since = now_us();
	}
	fwrite(&idx, sizeof(idx), 1, out);
	fwrite(&n, sizeof(n), 1, out);
	for (k = 0; k < n; k++) {
		fwrite(&got[k].port, 1, 1, out);
		fwrite(&got[k].len, sizeof(got[k].len), 1, out);
		fwrite(got[k].b, 1, got[k].len, out);
		free(got[k].b);
	}
}

/* Whatever the ports hold from before (setup chatter). */
static void drain(const int *fd)
{
	FILE *null = fopen("/dev/null", "wb");

	if (null) {
		collect(fd, null, 0);
		fclose(null);
	}
}

long long oracle_quiet_us = 1000;

int oracle_run(const char *prefix, unsigned long long seed, unsigned int count, const char *path,
	       const unsigned int *only, unsigned int n_only)
{
	FILE *out = fopen(path, "wb");
	int fd[N_PORTS];
	unsigned int j, i, k;

	if (!out) {
		perror(path);
		return 2;
	}
	for (k = 0; k < N_PORTS; k++)
		fd[k] = open_port(prefix, k);
	drain(fd);
	for (j = 0; j < (n_only ? n_only : count); j++) {
		struct oracle_frame f;

		i = n_only ? only[j] : j;
		oracle_frame(seed, i, &f);
		for (k = 0; ports[k].sender != f.port; k++)
			;
		if (send(fd[k], f.b, f.len, 0) < 0 && errno != EMSGSIZE && errno != EINVAL) {
			fprintf(stderr, "oracle: send frame %u: %s\n", i, strerror(errno));
			return 2;
		}
		collect(fd, out, i);
	}
	return fclose(out) ? 2 : 0;
}

struct out {
	__u8 port;
	__u16 len;
	__u8 *b;
};

struct rec {
	unsigned int idx, n;
	struct out o[MAX_OUT];
};

static int read_rec(FILE *f, struct rec *r)
{
	unsigned int k;

	if (fread(&r->idx, sizeof(r->idx), 1, f) != 1 || fread(&r->n, sizeof(r->n), 1, f) != 1)
		return -1;
	for (k = 0; k < r->n && k < MAX_OUT; k++) {
		if (fread(&r->o[k].port, 1, 1, f) != 1 ||
		    fread(&r->o[k].len, sizeof(r->o[k].len), 1, f) != 1)
			return -1;
		r->o[k].b = malloc(r->o[k].len + 1u);
		if (fread(r->o[k].b, 1, r->o[k].len, f) != r->o[k].len)
			return -1;
	}
	return 0;
}

static void free_rec(struct rec *r)
{
	unsigned int k;

	for (k = 0; k < r->n && k < MAX_OUT; k++)
		free(r->o[k].b);
}

/*
 * What may differ between two runs without the fast path being wrong: the IP
 * ID (and so the header checksum) of the ICMP errors the router itself sends,
 * which the kernel draws afresh each time.
 */
static void normalise(struct out *o)
{
	size_t off;
	unsigned int t = ethertype(o->b, o->len, &off);
	__u8 *ip = o->b + off;

	if (t == 0x0800 && o->len >= off + 20 && ip[9] == 1 && ip[12] == 10 && ip[13] >= 70 &&
	    ip[13] <= 73 && ip[15] == 1) {
		ip[4] = ip[5] = 0;
		ip[10] = ip[11] = 0;
	}
}

static int cmp_out(const void *a, const void *b)
{
	const struct out *x = a, *y = b;

	if (x->port != y->port)
		return x->port - y->port;
	if (x->len != y->len)
		return x->len - y->len;
	return memcmp(x->b, y->b, x->len);
}

static int same(struct rec *a, struct rec *b)
{
	unsigned int k;

	if (a->n != b->n)
		return 0;
	for (k = 0; k < a->n; k++) {
		normalise(&a->o[k]);
		normalise(&b->o[k]);
	}
	qsort(a->o, a->n, sizeof(a->o[0]), cmp_out);
	qsort(b->o, b->n, sizeof(b->o[0]), cmp_out);
	for (k = 0; k < a->n; k++)
		if (cmp_out(&a->o[k], &b->o[k]))
			return 0;
	return 1;
}

void oracle_hex(const char *label, const __u8 *b, size_t len)
{
	size_t i, show = len < 96 ? len : 96;

	printf("    %s (%zu B):", label, len);
	for (i = 0; i < show; i++)
		printf("%s%02x", i % 16 ? " " : "\n      ", b[i]);
	printf("%s\n", show < len ? " ..." : "");
}

static void show_outputs(const char *who, const struct rec *r)
{
	unsigned int k;
	char label[64];

	printf("  %s: %u frame(s)\n", who, r->n);
	for (k = 0; k < r->n; k++) {
		snprintf(label, sizeof(label), "at %s", ports[r->o[k].port].ifname);
		oracle_hex(label, r->o[k].b, r->o[k].len);
	}
}

/* "[e1 60B, s0 98B]": where a frame's outputs went. */
static void summary(const struct rec *r)
{
	unsigned int k;

	printf(" [");
	for (k = 0; k < r->n; k++)
		printf("%s%s %uB", k ? ", " : "", ports[r->o[k].port].ifname, r->o[k].len);
	printf("]");
}

int oracle_diff(const char *pa, const char *pb, unsigned long long seed, unsigned int max,
		unsigned int *idx, unsigned int *n_idx, unsigned int cap)
{
	FILE *fa = fopen(pa, "rb"), *fb = fopen(pb, "rb");
	unsigned int frames = 0, diffs = 0;
	struct rec a, b;

	if (n_idx)
		*n_idx = 0;
	if (!fa || !fb) {
		perror("oracle diff");
		return 2;
	}
	while (!read_rec(fa, &a)) {
		if (read_rec(fb, &b) || a.idx != b.idx) {
			printf("oracle: the records do not line up at frame %u\n", a.idx);
			return 2;
		}
		frames++;
		if (!same(&a, &b)) {
			struct oracle_frame f;

			if (idx && *n_idx < cap)
				idx[(*n_idx)++] = a.idx;
			oracle_frame(seed, a.idx, &f);
			printf("DIFF frame %u (%s, in at %s): kernel", a.idx, f.cls,
			       ports[f.port].ifname);
			summary(&a);
			printf(", packetframe");
			summary(&b);
			printf("\n");
			if (diffs++ < max) {
				oracle_hex("sent", f.b, f.len);
				show_outputs("kernel", &a);
				show_outputs("packetframe", &b);
			}
		}
		free_rec(&a);
		free_rec(&b);
	}
	printf("oracle: %u frames, %u differences\n", frames, diffs);
	return diffs ? 1 : 0;
}

