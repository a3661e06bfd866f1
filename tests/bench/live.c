// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * make bench-live's hands (tests/bench/live.sh drives them): XDP programs put
 * on ports inside a named network namespace, and the live-frames generator.
 * Every device index is resolved inside that namespace (a devmap filled from
 * another one would name another namespace's device). Programs stay attached
 * after this process exits; `ip link set DEV xdp off` removes them.
 *
 * usage:
 *   live sink NETNS DEV PIN
 *       live_sink natively on DEV, its counter pinned at PIN
 *   live redirect NETNS DEV_A DEV_B
 *       live_redirect natively on both, each redirecting to the other
 *   live xdp-forward NETNS BINARY DEV...
 *       xdp-forward's fib-direct program natively on each, its devmap
 *       holding every DEV as its loader fills it
 *   live gen NETNS DEV v4|v6 FLOWS WARMUP_S WINDOW_S PIN DST_MAC
 *       live frames (UDP to port 9, 106 bytes v4 / 126 v6, destinations
 *       rotating over FLOWS) transmitted on DEV from CPU 0; prints
 *       "<delivered Mpps> <sent Mpps>", delivered counted by the sink at
 *       PIN over the window
 * The test programs' object: $PF_TESTPROGS_OBJ (default: the build's).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "fp/frame.h"
#include "tpl.h"
#include "xdp_forward.h"

static const char *testprogs;

static int die(const char *what, int err)
{
	fprintf(stderr, "live: %s: %s\n", what, strerror(err < 0 ? -err : err));
	return 1;
}

static int enter_netns(const char *name)
{
	char path[256];
	int fd, err;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = setns(fd, CLONE_NEWNET) ? -errno : 0;
	close(fd);
	return err;
}

static int ifindex(const char *dev)
{
	int i = (int)if_nametoindex(dev);

	if (!i)
		fprintf(stderr, "live: no device %s in this namespace\n", dev);
	return i;
}

static struct bpf_object *load(const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);

	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "live: cannot load %s\n", path);
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

static int attach(struct bpf_object *obj, const char *prog, int ifi)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, prog);
	int err;

	if (!p)
		return die(prog, ENOENT);
	err = bpf_xdp_attach(ifi, bpf_program__fd(p), XDP_FLAGS_DRV_MODE, NULL);
	return err ? die("native XDP attach", err) : 0;
}

static int cmd_sink(char **argv)
{
	struct bpf_object *obj = load(testprogs);
	int ifi = ifindex(argv[0]);

	if (!obj || !ifi || attach(obj, "live_sink", ifi))
		return 1;
	if (bpf_map__pin(bpf_object__find_map_by_name(obj, "LIVE_COUNT"), argv[1]))
		return die("pin", errno);
	return 0;
}

static int cmd_redirect(char **argv)
{
	struct bpf_object *obj = load(testprogs);
	int a = ifindex(argv[0]), b = ifindex(argv[1]), fd;

	if (!obj || !a || !b)
		return 1;
	fd = bpf_object__find_map_fd_by_name(obj, "REF_DEVMAP");
	if (bpf_map_update_elem(fd, &a, &b, BPF_ANY) || bpf_map_update_elem(fd, &b, &a, BPF_ANY))
		return die("REF_DEVMAP", errno);
	return attach(obj, "live_redirect", a) || attach(obj, "live_redirect", b);
}

static int cmd_xdp_forward(int argc, char **argv)
{
	struct bpf_object *obj = t_xdp_forward_object(argv[0]);
	int i, fd, ifi;

	if (!obj || bpf_object__load(obj))
		return die("xdp-forward's object", ENOENT);
	fd = bpf_object__find_map_fd_by_name(obj, "xdp_tx_ports");
	for (i = 1; i < argc; i++) {
		ifi = ifindex(argv[i]);
		if (!ifi || bpf_map_update_elem(fd, &ifi, &ifi, BPF_ANY))
			return die("xdp_tx_ports", ifi ? errno : ENODEV);
	}
	for (i = 1; i < argc; i++)
		if (attach(obj, "xdp_fwd_fib_direct", ifindex(argv[i])))
			return 1;
	return 0;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static __u64 delivered(int fd)
{
	int ncpu = libbpf_num_possible_cpus(), i;
	__u64 v[512] = { 0 }, sum = 0;
	__u32 zero = 0;

	if (ncpu > 512 || bpf_map_lookup_elem(fd, &zero, v))
		return 0;
	for (i = 0; i < ncpu; i++)
		sum += v[i];
	return sum;
}

/* The frame, the template over its start, the flows to rotate over. */
static int gen_template(int tpl_fd, int v6, __u32 flows, const char *dst_mac, __u8 *frame,
			size_t *len)
{
	struct pf_frame s;
	struct tpl t;
	__u32 zero = 0;

	pf_frame_init(&s, v6, v6 ? "fd00:1::1" : "10.0.1.1", v6 ? "fd00:128::" : "10.128.0.0", 17);
	s.sport = 1234;
	s.dport = 9;
	s.payload = 64;
	if (sscanf(dst_mac, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &s.dmac[0], &s.dmac[1], &s.dmac[2],
		   &s.dmac[3], &s.dmac[4], &s.dmac[5]) != 6)
		return die("destination MAC", EINVAL);
	*len = pf_frame_build(&s, frame, 256);
	memset(&t, 0, sizeof(t));
	t.len = (__u32)*len;
	memcpy(t.bytes, frame, TPL_BYTES);
	t.flows = flows;
	t.v6 = (__u8)v6;
	return bpf_map_update_elem(tpl_fd, &zero, &t, BPF_ANY) ? die("BENCH_TPL", errno) : 0;
}

static int cmd_gen(char **argv)
{
	double warm = atof(argv[3]), window = atof(argv[4]), t0, t1 = 0, start, call;
	__u64 c0 = 0, c1 = 0, sent = 0, in_window = 0;
	struct bpf_object *obj = load(testprogs);
	int ifi = ifindex(argv[0]), sink, prog, measuring = 0;
	__u32 repeat = 1 << 16;
	__u8 frame[256];
	size_t len = 0;
	cpu_set_t cpu;

	if (!obj || !ifi)
		return 1;
	/* Inline placement: generator, router and sink all in this CPU's softirq. */
	CPU_ZERO(&cpu);
	CPU_SET(0, &cpu);
	sched_setaffinity(0, sizeof(cpu), &cpu);
	sink = bpf_obj_get(argv[5]);
	if (sink < 0)
		return die(argv[5], errno);
	if (gen_template(bpf_object__find_map_fd_by_name(obj, "BENCH_TPL"), !strcmp(argv[1], "v6"),
			 (__u32)atoi(argv[2]), argv[6], frame, &len))
		return 1;
	prog = bpf_program__fd(bpf_object__find_program_by_name(obj, "live_gen"));
	start = now();
	t0 = start;
	for (;;) {
		struct xdp_md ctx = { .data_end = (__u32)len, .ingress_ifindex = (__u32)ifi };
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame, .data_size_in = (__u32)len,
			    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = repeat,
			    .flags = BPF_F_TEST_XDP_LIVE_FRAMES);
		double t = now();
		int err;

		if (!measuring && t - start >= warm) {
			measuring = 1;
			t0 = t;
			c0 = delivered(sink);
		}
		if (measuring && t - t0 >= window) {
			t1 = t;
			c1 = delivered(sink);
			break;
		}
		err = bpf_prog_test_run_opts(prog, &o);
		if (err)
			return die("live-frames test run", err);
		call = now() - t;
		if (measuring)
			in_window += repeat;
		sent += repeat;
		/*
		 * Each call builds and tears down a page pool, and the teardown
		 * sleeps: calls of about a quarter second keep that off the rate.
		 */
		if (call < 0.15 && repeat < (1u << 24))
			repeat *= 2;
		else if (call > 0.4 && repeat > 1024)
			repeat /= 2;
	}
	printf("%.4f %.4f\n", (double)(c1 - c0) / (t1 - t0) / 1e6, in_window / (t1 - t0) / 1e6);
	return 0;
}

int main(int argc, char **argv)
{
	int err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(NULL);
	if (argc < 4)
		goto usage;
	err = enter_netns(argv[2]);
	if (err)
		return die(argv[2], err);
	testprogs = getenv("PF_TESTPROGS_OBJ") ?: "build/bpf/bpfel/testprogs.bpf.o";
	if (!strcmp(argv[1], "sink") && argc == 5)
		return cmd_sink(argv + 3);
	if (!strcmp(argv[1], "redirect") && argc == 5)
		return cmd_redirect(argv + 3);
	if (!strcmp(argv[1], "xdp-forward") && argc >= 5)
		return cmd_xdp_forward(argc - 3, argv + 3);
	if (!strcmp(argv[1], "gen") && argc == 10)
		return cmd_gen(argv + 3);
usage:
	fprintf(stderr, "usage: see tests/bench/live.c\n");
	return 2;
}
