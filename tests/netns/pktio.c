// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pktio: send test frames from one namespace's interface and check, byte for
 * byte, what arrives at another namespace's interface (AF_PACKET on both,
 * opened by switching namespaces, so no timing between two processes).
 *
 * pktio send NS IF COUNT plain|tagged|prefix16
 *   sends COUNT frames: plain IPv4/UDP Ethernet, 802.1Q-tagged, or plain
 *   behind 16 constant bytes (what a driver descriptor prefix looks like).
 *
 * pktio xfer FROM_NS FROM_IF TO_NS TO_IF v4|v6 SRC DST COUNT DMAC EXP_SMAC EXP_DMAC
 *   sends COUNT UDP frames (to port 9) SRC -> DST with destination MAC DMAC,
 *   and expects each at TO_IF forwarded once: TTL/hop limit - 1, source MAC
 *   EXP_SMAC, destination MAC EXP_DMAC, checksums valid (compared against a
 *   frame built from scratch). Prints "sent N received R matched M" and exits
 *   0 only when M == N; 3 when nothing arrived. Frames leave PKTIO_GAP_US
 *   microseconds apart (default 100).
 *
 * pktio nonzero PIN
 *   prints every slot of the pinned array map (4-byte keys) whose value is
 *   not all zero, in hex, a batch of slots per syscall: bpftool's dump of
 *   ALLOW24_V4's half a million slots takes seconds.
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
#include <bpf/bpf.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "fp/frame.h"

static int packet_socket(const char *ns, const char *ifname, int *ifindex)
{
	char path[256];
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	int nsfd, fd;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0 || setns(nsfd, CLONE_NEWNET)) {
		perror(path);
		exit(2);
	}
	close(nsfd);
	*ifindex = (int)if_nametoindex(ifname);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	sll.sll_ifindex = *ifindex;
	if (!*ifindex || fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		fprintf(stderr, "pktio: %s in %s: %s\n", ifname, ns, strerror(errno));
		exit(2);
	}
	return fd;
}

/* Our test traffic: UDP to the discard port. */
static int is_ours(const __u8 *f, size_t len)
{
	struct pf_frame_info fi;

	return !pf_frame_decode(f, len, &fi) && fi.proto == 17 && fi.dport == 9;
}

static int send_kind(int argc, char **argv)
{
	static __u8 frame[2048];
	struct pf_frame s;
	size_t len, pre;
	int fd, ifi, i, count;

	if (argc != 6)
		return 2;
	fd = packet_socket(argv[2], argv[3], &ifi);
	count = atoi(argv[4]);
	pre = !strcmp(argv[5], "prefix16") ? 16 : 0;
	for (i = 0; i < count; i++) {
		pf_frame_init(&s, 0, "10.77.0.2", "10.77.0.1", 17);
		s.sport = (__u16)(1000 + i);
		s.tags = !strcmp(argv[5], "tagged");
		s.tci = 10;
		memset(frame, 0xc3, pre);
		len = pf_frame_build(&s, frame + pre, sizeof(frame) - pre) + pre;
		if (send(fd, frame, len, 0) != (ssize_t)len) {
			perror("send");
			return 2;
		}
		usleep(1000);
	}
	return 0;
}

static int nonzero(const char *pin)
{
	static __u8 vals[4096 * 64];
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), keys[4096], in = 0, out = 0, count, i, j;
	int fd = bpf_obj_get(pin), rc;
	void *at = NULL;

	if (fd < 0 || bpf_map_get_info_by_fd(fd, &info, &len) || info.key_size != 4 ||
	    info.value_size > 64) {
		fprintf(stderr, "pktio: %s: not a pinned array of up to 64-byte values\n", pin);
		return 2;
	}
	do {
		count = 4096;
		rc = bpf_map_lookup_batch(fd, at, &out, keys, vals, &count, NULL);
		if (rc && errno != ENOENT)
			return 2;
		for (i = 0; i < count; i++) {
			const __u8 *v = vals + (size_t)i * info.value_size;

			for (j = 0; j < info.value_size && !v[j]; j++)
				;
			if (j == info.value_size)
				continue;
			printf("%u:", keys[i]);
			for (j = 0; j < info.value_size; j++)
				printf(" %02x", v[j]);
			printf("\n");
		}
		in = out;
		at = &in;
	} while (!rc);
	return 0;
}

int main(int argc, char **argv)
{
	static __u8 frame[2048], want[2048], got[2048];
	struct pf_frame s, e;
	size_t flen, wlen;
	int tx, rx, txi, rxi, count, i, received = 0, matched = 0;
	const char *gap = getenv("PKTIO_GAP_US");
	unsigned int gap_us = gap ? (unsigned int)atoi(gap) : 100;

	if (argc > 1 && !strcmp(argv[1], "send"))
		return send_kind(argc, argv);
	if (argc == 3 && !strcmp(argv[1], "nonzero"))
		return nonzero(argv[2]);
	if (argc != 13 || strcmp(argv[1], "xfer")) {
		fprintf(stderr, "usage: pktio xfer FROM_NS FROM_IF TO_NS TO_IF v4|v6 SRC DST COUNT "
				"DMAC EXP_SMAC EXP_DMAC\n");
		return 2;
	}
	rx = packet_socket(argv[4], argv[5], &rxi);
	{
		int big = 16 << 20;

		setsockopt(rx, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	}
	tx = packet_socket(argv[2], argv[3], &txi);
	count = atoi(argv[9]);
	pf_frame_init(&s, !strcmp(argv[6], "v6"), argv[7], argv[8], 17);
	s.dport = 9;
	s.payload = 64;
	if (pf_mac_parse(s.dmac, argv[10])) {
		fprintf(stderr, "pktio: bad MAC %s\n", argv[10]);
		return 2;
	}
	{
		struct ifreq ifr;
		int fd = socket(AF_INET, SOCK_DGRAM, 0);

		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[3]);
		if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr)) {
			perror("SIOCGIFHWADDR");
			return 2;
		}
		memcpy(s.smac, ifr.ifr_hwaddr.sa_data, 6);
		close(fd);
	}
	e = s;
	e.ttl--;
	if (pf_mac_parse(e.smac, argv[11]) || pf_mac_parse(e.dmac, argv[12])) {
		fprintf(stderr, "pktio: bad MAC\n");
		return 2;
	}
	wlen = pf_frame_build(&e, want, sizeof(want));
	for (i = 0; i < count; i++) {
		s.sport = (__u16)(40000 + i);
		e.sport = s.sport;
		flen = pf_frame_build(&s, frame, sizeof(frame));
		if (send(tx, frame, flen, 0) != (ssize_t)flen) {
			perror("send");
			return 2;
		}
		/* A steady rate, not a burst: a veth ring holds 256 frames. */
		usleep(gap_us);
	}
	for (;;) {
		struct pollfd p = { .fd = rx, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, 1000) <= 0)
			break;
		n = recv(rx, got, sizeof(got), 0);
		if (n <= 0 || !is_ours(got, (size_t)n))
			continue;
		received++;
		{
			/* Rebuild the expectation for this frame's source port. */
			struct pf_frame_info fi;

			pf_frame_decode(got, (size_t)n, &fi);
			e.sport = fi.sport;
			wlen = pf_frame_build(&e, want, sizeof(want));
		}
		if ((size_t)n == wlen && !memcmp(got, want, wlen)) {
			matched++;
		} else if (received - matched <= 3) {
			size_t k;

			fprintf(stderr, "pktio: frame %d differs (%zd bytes, want %zu):", received, n, wlen);
			for (k = 0; k < (size_t)n && k < wlen; k++)
				if (got[k] != want[k])
					fprintf(stderr, " [%zu] %02x!=%02x", k, got[k], want[k]);
			fputc('\n', stderr);
		}
		if (received == count)
			break;
	}
	printf("sent %d received %d matched %d\n", count, received, matched);
	return matched == count ? 0 : received ? 1 : 3;
}
