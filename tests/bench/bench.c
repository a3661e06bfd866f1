// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * make bench: ns/packet of each fast-path verdict path by BPF_PROG_TEST_RUN
 * (repeat mode, through bench_wrap which restores the frame every
 * repetition), min of RUNS runs, beside a bare XDP_PASS and a minimal
 * forwarder measured in the same run. Prints a table; never fails on numbers.
 *
 * usage: bench TESTPROGS_BPF_OBJECT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf/shared.h"
#include "bpfrun.h"
#include "fp/frame.h"
#include "world.h"

#define RUNS   7
#define REPEAT 200000
#define TPL_BYTES 96

struct tpl {
	__u32 len;
	__u32 burn;
	__u8 bytes[TPL_BYTES];
};

struct bench {
	struct t_world w;
	struct bpf_object *bobj;
	int wrap, target, tpl;
};

/* Min ns/packet of `prog` (via the wrapper) on frame `f`; -1 on error. */
static double measure(struct bench *b, int prog, const __u8 *f, size_t len, __u32 *verdict)
{
	struct xdp_md ctx = { .data_end = (__u32)len, .ingress_ifindex = (__u32)b->w.in0 };
	struct tpl t = { .len = (__u32)len };
	__u32 zero = 0;
	double best = -1;
	int i;

	memcpy(t.bytes, f, TPL_BYTES);
	if (bpf_map_update_elem(b->tpl, &zero, &t, BPF_ANY) ||
	    bpf_map_update_elem(b->target, &zero, &prog, BPF_ANY))
		return -1;
	for (i = 0; i < RUNS; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f, .data_size_in = (__u32)len,
			    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = REPEAT);

		if (bpf_prog_test_run_opts(b->wrap, &o))
			return -1;
		*verdict = o.retval;
		if (best < 0 || o.duration < best)
			best = o.duration;
	}
	return best;
}

static size_t frame(__u8 *f, int v6, const char *dst, int syn)
{
	struct pf_frame s;

	pf_frame_init(&s, v6, v6 ? "2001:db9::2" : "100.64.0.2", dst, syn ? 6 : 17);
	s.payload = 64;
	if (syn) {
		s.tcp_flags = 0x02;
		s.tcp_opts[0] = 2;
		s.tcp_opts[1] = 4;
		s.tcp_opts[2] = 0x05;
		s.tcp_opts[3] = 0xb4;
		s.tcp_opts[4] = s.tcp_opts[5] = s.tcp_opts[6] = s.tcp_opts[7] = 1;
		s.tcp_opts_len = 8;
	}
	return pf_frame_build(&s, f, 512);
}

static int fill_allow(struct bench *b, int n)
{
	int fd = pf_obj_map_fd(b->w.obj, PF_MAP_ALLOW_V4), i;
	__u8 one = 1;

	for (i = 0; i < n; i++) {
		__u32 a = 0x14000000u + ((__u32)i << 8); /* 20.0.0.0/24 upwards */
		struct pf_lpm4 k = { .prefixlen = 24 };

		k.addr[0] = a >> 24;
		k.addr[1] = (a >> 16) & 0xff;
		k.addr[2] = (a >> 8) & 0xff;
		if (bpf_map_update_elem(fd, &k, &one, BPF_ANY))
			return -errno;
	}
	return 0;
}

static const char *verdict_name(__u32 v)
{
	static const char *const n[] = { "ABORTED", "DROP", "PASS", "TX", "REDIRECT" };

	return v < 5 ? n[v] : "?";
}

struct row {
	const char *name;
	double ns;
	__u32 verdict, want;
};

int main(int argc, char **argv)
{
	static __u8 f4[512], f6[512], fmiss[512], fpush[512], fsyn[512], fblk[512];
	size_t l4, l6, lmiss, lpush, lsyn, lblk;
	struct row rows[32];
	struct bench b;
	double floor_ns, ref4, ref6;
	__u32 v, v2;
	int n = 0, fwd, pass_prog, ref, i, sizes[] = { 10, 1000, 100000 }, filled = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2) {
		fprintf(stderr, "usage: bench TESTPROGS_BPF_OBJECT\n");
		return 1;
	}
	if (geteuid()) {
		printf("bench: skipped: needs root (BPF_PROG_TEST_RUN in a private netns)\n");
		return 0;
	}
	if (t_world_up(&b.w))
		return 2;
	b.bobj = bpf_object__open_file(argv[1], NULL);
	if (!b.bobj || bpf_object__load(b.bobj)) {
		fprintf(stderr, "bench: cannot load %s\n", argv[1]);
		return 2;
	}
	b.wrap = t_prog_fd(b.bobj, "bench_wrap");
	b.target = t_map_fd(b.bobj, "BENCH_TARGET");
	b.tpl = t_map_fd(b.bobj, "BENCH_TPL");
	pass_prog = t_prog_fd(b.bobj, "ref_pass");
	ref = t_prog_fd(b.bobj, "ref_fwd");
	fwd = pf_obj_prog_fd(b.w.obj, PF_PROG_fast_path);
	{
		__u32 k = (__u32)b.w.out0;

		bpf_map_update_elem(t_map_fd(b.bobj, "REF_DEVMAP"), &k, &k, BPF_ANY);
	}

	l4 = frame(f4, 0, "198.51.100.7", 0);
	l6 = frame(f6, 1, "2001:db8:100::7", 0);
	lmiss = frame(fmiss, 0, "100.64.9.9", 0);
	lpush = frame(fpush, 0, "198.51.102.7", 0);
	lsyn = frame(fsyn, 0, "198.51.100.7", 1);
	lblk = frame(fblk, 0, "198.51.100.200", 0);

	floor_ns = measure(&b, pass_prog, f4, l4, &v);
	rows[n++] = (struct row){ "wrapper + bare XDP_PASS (floor)", floor_ns, v, 2 };
	ref4 = measure(&b, ref, f4, l4, &v);
	rows[n++] = (struct row){ "minimal forwarder, v4", ref4, v, 4 };
	ref6 = measure(&b, ref, f6, l6, &v);
	rows[n++] = (struct row){ "minimal forwarder, v6", ref6, v, 4 };

	rows[n] = (struct row){ "packetframe allowlist miss", measure(&b, fwd, fmiss, lmiss, &v), v, 2 };
	n++;
	/* Allowlist cache off (generation 0): every packet walks the LPM tries. */
	b.w.cfg.gen = 0;
	t_write_cfg(&b.w);
	rows[n] = (struct row){ "packetframe allowlist miss, no cache", measure(&b, fwd, fmiss, lmiss, &v), v, 2 };
	n++;
	rows[n] = (struct row){ "packetframe v4 forward, no cache", measure(&b, fwd, f4, l4, &v), v, 4 };
	n++;
	b.w.cfg.gen = 1;
	t_write_cfg(&b.w);
	rows[n] = (struct row){ "packetframe v4 forward", measure(&b, fwd, f4, l4, &v), v, 4 };
	n++;
	/* The same with no VLAN subinterfaces configured (presence bit off). */
	t_set_cfg(&b.w, 0, 0, 0);
	rows[n] = (struct row){ "packetframe v4 forward, no VLANs", measure(&b, fwd, f4, l4, &v), v, 4 };
	n++;
	t_set_cfg(&b.w, 0, PF_CFG_VLAN_PRESENT, 0);
	rows[n] = (struct row){ "packetframe v6 forward", measure(&b, fwd, f6, l6, &v), v, 4 };
	n++;
	rows[n] = (struct row){ "packetframe v4 forward + VLAN push", measure(&b, fwd, fpush, lpush, &v), v, 4 };
	n++;
	t_set_cfg(&b.w, 0, PF_CFG_VLAN_PRESENT | PF_CFG_MSS_PRESENT, 1360);
	rows[n] = (struct row){ "packetframe v4 MSS-clamped SYN", measure(&b, fwd, fsyn, lsyn, &v), v, 4 };
	n++;
	t_prefix_map(&b.w, T_BLOCK, "198.51.100.128/25", 1);
	t_set_cfg(&b.w, 0, PF_CFG_VLAN_PRESENT | PF_CFG_BLOCK_PRESENT, 0);
	rows[n] = (struct row){ "packetframe block drop", measure(&b, fwd, fblk, lblk, &v), v, 1 };
	n++;
	t_set_cfg(&b.w, 0, PF_CFG_VLAN_PRESENT, 0);

	printf("\n%-40s %9s %9s %10s %10s  %s\n", "path", "ns/pkt", "net ns", "x min-fwd",
	       "net ratio", "verdict");
	for (i = 0; i < n; i++) {
		double ref_ns = strstr(rows[i].name, "v6") ? ref6 : ref4;

		printf("%-40s %9.1f %9.1f %10.2f %10.2f  %s%s\n", rows[i].name, rows[i].ns,
		       rows[i].ns - floor_ns, rows[i].ns / ref_ns,
		       (rows[i].ns - floor_ns) / (ref_ns - floor_ns), verdict_name(rows[i].verdict),
		       rows[i].verdict == rows[i].want ? "" : "  (UNEXPECTED)");
	}

	printf("\nallowlist size scaling (v4, ns/pkt min of %d x %d):\n", RUNS, REPEAT);
	printf("%-12s %12s %12s\n", "prefixes", "forward", "miss");
	for (i = 0; i < 3; i++) {
		double a, m;

		if (fill_allow(&b, sizes[i] - filled))
			break;
		filled = sizes[i];
		a = measure(&b, fwd, f4, l4, &v);
		m = measure(&b, fwd, fmiss, lmiss, &v2);
		printf("%-12d %12.1f %12.1f%s\n", sizes[i], a, m,
		       v == 4 && v2 == 2 ? "" : "  (UNEXPECTED verdict)");
	}
	printf("\n(net = minus the floor; ratios against the minimal forwarder of the same family,\n"
	       " measured in this run. This VM is noisy: compare ratios, not absolute ns.)\n");
	return 0;
}
