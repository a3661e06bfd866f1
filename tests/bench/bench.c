// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * make bench: what a packet costs in each program, by BPF_PROG_TEST_RUN in
 * repeat mode through bench_wrap (which restores the frame and rotates its
 * addresses over N flows every repetition), side by side in one run: a bare
 * XDP_PASS (the floor), a minimal forwarder, xdp-forward's own program as
 * Debian ships it (tests/bench/peers.sh) and packetframe. ROUNDS interleaved
 * rounds; per row the median of ns/packet net of the floor and its 95 %
 * interval, and the median of the per-round ratios to xdp-forward. Each row
 * is validated first (verdict and output bytes) or printed VOID. Prints; never
 * fails on numbers. The sampler's cost: packetframe with the sampler compiled
 * out (fast_path_nosampler.bpf.o, beside TESTPROGS_BPF_OBJECT, on the same
 * maps), off, and drawing 1 in 1000 with a reader on its perf buffers.
 *
 * usage: bench TESTPROGS_BPF_OBJECT [XDP_FORWARD_BINARY]
 */
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf/shared.h"
#include "bpfrun.h"
#include "fp/frame.h"
#include "tpl.h"
#include "world.h"
#include "xdp_forward.h"

#define ROUNDS 31
#define REPEAT 50000
#define MAX_ROWS 16

enum prog { FLOOR, MINFWD, XDPF, PF, PF_NOSAMPLER, N_PROGS };
static const char *const prog_names[N_PROGS] = { "floor", "minimal", "xdp-forward", "packetframe",
						 "packetframe without the sampler" };

struct bench {
	struct t_world w;
	struct bpf_object *bobj, *xobj, *nobj;
	int wrap, target, tpl, prog[N_PROGS];
	const char *ratio_title;    /* the ratio column's heading */
	struct perf_buffer *pb;     /* the reader of the sampler's records */
	unsigned long long records; /* ... and how many it read */
};

/* A measured case: a program on a frame, what it must do with it, and its samples. */
struct row {
	char name[64];
	enum prog prog;
	struct tpl t;
	__u8 in[256];      /* the whole frame (the template is its first TPL_BYTES) */
	__u32 want;        /* XDP verdict */
	__u8 out[256 + 4]; /* expected output (forward/pass), len in out_len */
	size_t out_len;
	int floor_row, ref_row; /* rows to net against and compare with (-1: none) */
	unsigned int cap_rate;  /* the sampler draws 1 in cap_rate while it runs; 0: off */
	const char *why_void;   /* VOID, and why (often void_buf) */
	char void_buf[96];
	double ns[ROUNDS];
};

/* One run of `prog` through the wrapper on frame `in`; the frame out into out (if given). */
static int run(struct bench *b, int prog, struct tpl *t, const __u8 *in, __u32 repeat,
	       __u32 *verdict, double *ns, __u8 *out, __u32 *out_len)
{
	struct xdp_md ctx = { .data_end = t->len, .ingress_ifindex = (__u32)b->w.in0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = t->len, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = repeat, .data_out = out,
		    .data_size_out = out ? *out_len : 0);
	__u32 zero = 0;

	if (bpf_map_update_elem(b->tpl, &zero, t, BPF_ANY) ||
	    bpf_map_update_elem(b->target, &zero, &prog, BPF_ANY) ||
	    bpf_prog_test_run_opts(b->wrap, &o))
		return -errno;
	*verdict = o.retval;
	*ns = o.duration;
	if (out)
		*out_len = o.data_size_out;
	return 0;
}

static const char *verdict_name(__u32 v)
{
	static const char *const n[] = { "ABORTED", "DROP", "PASS", "TX", "REDIRECT" };

	return v < 5 ? n[v] : "?";
}

/* The sampler drawing 1 in rate (0: off), every frame kept whole: as a session sets it. */
static void set_capture(struct bench *b, unsigned int rate)
{
	static __u32 gen;
	struct pf_capture_cfg c = { .rate = rate,
				    .gen = ++gen,
				    .snaplen = 65535,
				    .counter = PF_CAP_ANY,
				    .verdicts = 0xff };
	int cfg_fd = pf_obj_map_fd(b->w.obj, PF_MAP_CFG);
	struct pf_cfg cfg;
	__u32 zero = 0;

	bpf_map_update_elem(pf_obj_map_fd(b->w.obj, PF_MAP_CAPTURE), &zero, &c, BPF_ANY);
	if (!bpf_map_lookup_elem(cfg_fd, &zero, &cfg)) {
		cfg.flags = rate ? cfg.flags | PF_CFG_SAMPLER : cfg.flags & (__u8)~PF_CFG_SAMPLER;
		bpf_map_update_elem(cfg_fd, &zero, &cfg, BPF_ANY);
	}
}

static void count_record(void *arg, int cpu, void *data, __u32 size)
{
	(void)cpu;
	(void)data;
	(void)size;
	((struct bench *)arg)->records++;
}

/* Run row r's program with its sampler setting; the records read right after. */
static int run_row(struct bench *b, struct row *r, struct tpl *t, __u32 repeat, __u32 *verdict,
		   double *ns, __u8 *out, __u32 *out_len, unsigned int rate)
{
	int err;

	if (rate)
		set_capture(b, rate);
	err = run(b, b->prog[r->prog], t, r->in, repeat, verdict, ns, out, out_len);
	if (rate) {
		set_capture(b, 0);
		if (b->pb)
			perf_buffer__consume(b->pb);
	}
	return err;
}

/*
 * One flow, one repetition: the verdict and, for PASS and REDIRECT, every
 * byte; a row with the sampler on is checked drawing every frame.
 */
static void validate(struct bench *b, struct row *r)
{
	struct tpl one = r->t;
	__u8 out[512];
	__u32 v, len = sizeof(out);
	double ns;

	one.flows = 1;
	if (r->prog == FLOOR)
		return;
	if (run_row(b, r, &one, 1, &v, &ns, out, &len, r->cap_rate ? 1 : 0)) {
		r->why_void = "test run failed";
	} else if (v != r->want) {
		snprintf(r->void_buf, sizeof(r->void_buf), "verdict %s, want %s", verdict_name(v),
			 verdict_name(r->want));
		r->why_void = r->void_buf;
	} else if (r->out_len && (len != r->out_len || memcmp(out, r->out, len))) {
		snprintf(r->void_buf, sizeof(r->void_buf), "output bytes differ (%u vs %zu bytes)",
			 len, r->out_len);
		r->why_void = r->void_buf;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of v[0..n) and the ranks that bound its 95 % interval (order statistics). */
static double median(double *v, int n, double *lo, double *hi)
{
	double s[ROUNDS];
	int a = (int)floor(n / 2.0 - 0.98 * sqrt(n)), z = (int)ceil(n / 2.0 + 0.98 * sqrt(n)) - 1;

	memcpy(s, v, sizeof(double) * (size_t)n);
	qsort(s, (size_t)n, sizeof(double), cmp_double);
	*lo = s[a < 0 ? 0 : a];
	*hi = s[z >= n ? n - 1 : z];
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* Interleaved rounds over the rows, then the table. */
static void measure_and_print(struct bench *b, const char *title, struct row *rows, int n)
{
	double ratio[ROUNDS], net[ROUNDS], lo, hi, rlo, rhi, m, rm;
	__u32 v;
	int i, k;

	for (i = 0; i < n; i++)
		validate(b, &rows[i]);
	for (k = 0; k < ROUNDS; k++)
		for (i = 0; i < n; i++)
			if (!rows[i].why_void &&
			    run_row(b, &rows[i], &rows[i].t, REPEAT, &v, &rows[i].ns[k], NULL, NULL,
				    rows[i].cap_rate))
				rows[i].why_void = "test run failed";
	printf("\n%s (%d interleaved rounds x %d repetitions; median [95%% interval])\n", title,
	       ROUNDS, REPEAT);
	printf("%-44s %22s %22s\n", "", "net ns/packet", b->ratio_title);
	for (i = 0; i < n; i++) {
		struct row *r = &rows[i], *f = r->floor_row >= 0 ? &rows[r->floor_row] : NULL;
		struct row *x = r->ref_row >= 0 ? &rows[r->ref_row] : NULL;

		if (r->why_void || (f && f->why_void)) {
			printf("%-44s VOID: %s\n", r->name, r->why_void ? r->why_void : "floor");
			continue;
		}
		for (k = 0; k < ROUNDS; k++) {
			net[k] = r->ns[k] - (f ? f->ns[k] : 0);
			if (x && !x->why_void)
				ratio[k] = net[k] / (x->ns[k] - (f ? f->ns[k] : 0));
		}
		m = median(net, ROUNDS, &lo, &hi);
		printf("%-44s %8.1f [%5.1f-%5.1f]", r->name, m, lo, hi);
		if (x && !x->why_void && x != r) {
			rm = median(ratio, ROUNDS, &rlo, &rhi);
			printf(" %8.2f [%4.2f-%4.2f]", rm, rlo, rhi);
		}
		printf("\n");
	}
}

/* The frame of a case: UDP (or a SYN with MSS 1460); rotated addresses end in .0.0 / ::0. */
static struct pf_frame frame(int v6, const char *src, const char *dst, int syn)
{
	struct pf_frame s;

	pf_frame_init(&s, v6, src, dst, syn ? 6 : 17);
	s.payload = 64; /* at least the template's 96 bytes */
	if (syn) {
		static const __u8 mss[8] = { 2, 4, 0x05, 0xb4, 1, 1, 1, 1 };

		s.tcp_flags = 0x02;
		memcpy(s.tcp_opts, mss, 8);
		s.tcp_opts_len = 8;
	}
	return s;
}

static int add(struct row *rows, int *n, const char *name, enum prog p, const struct pf_frame *in,
	       const struct pf_frame *out, __u32 want, __u32 flows, int src_too, int floor_row,
	       int ref_row)
{
	struct row *r = &rows[*n];
	size_t len;

	memset(r, 0, sizeof(*r));
	len = pf_frame_build(in, r->in, sizeof(r->in));
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->prog = p;
	r->want = want;
	r->t.len = (__u32)len;
	memcpy(r->t.bytes, r->in, TPL_BYTES);
	r->t.flows = flows;
	r->t.v6 = (__u8)in->v6;
	r->t.src_too = (__u8)src_too;
	r->floor_row = floor_row;
	r->ref_row = ref_row < 0 ? -1 : ref_row;
	if (out)
		r->out_len = pf_frame_build(out, r->out, sizeof(r->out));
	else if (want == XDP_PASS)
		r->out_len = len <= sizeof(r->out) ? (memcpy(r->out, r->in, len), len) : 0;
	return (*n)++;
}

/* The four programs on one forwarded case; returns the index of its first row. */
static int forward_rows(struct bench *b, struct row *rows, int *n, const char *what, int v6,
			const char *src, const char *dst, __u32 flows, int src_too)
{
	struct pf_frame s = frame(v6, src, dst, 0),
			o = pf_frame_forwarded(&s, b->w.nh_out0, b->w.mac_out0);
	char name[64];
	int fl, xf;

	snprintf(name, sizeof(name), "%s: floor", what);
	fl = add(rows, n, name, FLOOR, &s, NULL, XDP_PASS, flows, src_too, -1, -1);
	snprintf(name, sizeof(name), "%s: xdp-forward", what);
	xf = add(rows, n, name, XDPF, &s, &o, XDP_REDIRECT, flows, src_too, fl, -1);
	rows[xf].ref_row = b->prog[XDPF] >= 0 ? xf : -1;
	if (b->prog[XDPF] < 0)
		rows[xf].why_void = "xdp-forward not available (tests/bench/peers.sh)";
	snprintf(name, sizeof(name), "%s: minimal forwarder", what);
	add(rows, n, name, MINFWD, &s, &o, XDP_REDIRECT, flows, src_too, fl, xf);
	snprintf(name, sizeof(name), "%s: packetframe", what);
	add(rows, n, name, PF, &s, &o, XDP_REDIRECT, flows, src_too, fl, xf);
	return fl;
}

/* Loaded with its devmap filled as its loader fills it: every port maps to itself. */
static int load_xdp_forward(struct bench *b, const char *binary)
{
	int fd, ports[2] = { b->w.in0, b->w.out0 }, i;

	b->xobj = binary ? t_xdp_forward_object(binary) : NULL;
	if (!b->xobj || bpf_object__load(b->xobj))
		return -1;
	fd = bpf_object__find_map_fd_by_name(b->xobj, "xdp_tx_ports");
	for (i = 0; i < 2; i++)
		if (bpf_map_update_elem(fd, &ports[i], &ports[i], BPF_ANY))
			return -1;
	return bpf_program__fd(bpf_object__find_program_by_name(b->xobj, "xdp_fwd_fib_direct"));
}

/* Fillers: n v4 /24s from 20.0.0.0 and n v6 /48s from 3fff:0::, beside the world's own. */
static int fill_allow(struct bench *b, int from, int to)
{
	char p[64];
	int i, err = 0;

	for (i = from; i < to && !err; i++) {
		snprintf(p, sizeof(p), "%d.%d.%d.0/24", 20 + (i >> 16), (i >> 8) & 0xff, i & 0xff);
		err = t_prefix_map(&b->w, T_ALLOW, p, 1);
		snprintf(p, sizeof(p), "3fff:%x:%x::/48", i >> 16, i & 0xffff);
		err = err ?: t_prefix_map(&b->w, T_ALLOW, p, 1);
	}
	return err;
}

/*
 * packetframe's default, `fib-lookup auto`, as it decides in this namespace
 * (no policy rule ever, so IPv4's local table is merged: the direct lookup
 * for IPv4, the full one for IPv6); `fib-lookup full`; `fib-lookup direct`
 * (xdp-forward's lookup for both).
 */
#define CFG_AUTO (PF_CFG_VLAN_PRESENT | PF_CFG_FIB_DIRECT4 | PF_CFG_FIB_PROBE4)
#define CFG_FULL PF_CFG_VLAN_PRESENT
#define CFG_DIRECT (PF_CFG_VLAN_PRESENT | PF_CFG_FIB_DIRECT4 | PF_CFG_FIB_DIRECT6)

static void paths(struct bench *b)
{
	static struct row rows[MAX_ROWS];
	struct pf_frame s, o;
	int n = 0, fl4, xf4;

	fl4 = forward_rows(b, rows, &n, "v4 forward", 0, "100.64.0.2", "198.51.100.0", 1, 0);
	xf4 = fl4 + 1;
	forward_rows(b, rows, &n, "v6 forward", 1, "2001:db9::2", "2001:db8:100::", 1, 0);
	s = frame(0, "100.64.0.2", "100.65.0.0", 0);
	add(rows, &n, "allowlist miss (v4, to the kernel)", PF, &s, NULL, XDP_PASS, 1, 0, fl4, xf4);
	s = frame(0, "100.64.0.2", "198.51.102.0", 0);
	o = pf_frame_forwarded(&s, b->w.nh_out20, b->w.mac_out20);
	o.tags = 1;
	o.tpid = 0x8100;
	o.tci = 20;
	add(rows, &n, "v4 forward + VLAN push", PF, &s, &o, XDP_REDIRECT, 1, 0, fl4, xf4);
	measure_and_print(b, "paths, one flow, the world's allowlist", rows, n);

	n = 0;
	forward_rows(b, rows, &n, "v4 forward", 0, "100.64.0.2", "198.51.100.0", 1, 0);
	forward_rows(b, rows, &n, "v6 forward", 1, "2001:db9::2", "2001:db8:100::", 1, 0);
	t_set_cfg(&b->w, 0, CFG_FULL, 0);
	measure_and_print(b, "packetframe with `fib-lookup full` (the policy rules honoured)", rows,
			  n);
	t_set_cfg(&b->w, 0, CFG_DIRECT, 0);
	measure_and_print(b, "packetframe with `fib-lookup direct` (as xdp-forward looks up)", rows,
			  n);
	t_set_cfg(&b->w, 0, CFG_AUTO, 0);

	n = 0;
	fl4 = add(rows, &n, "floor", FLOOR, &s, NULL, XDP_PASS, 1, 0, -1, -1);
	s = frame(0, "100.64.0.2", "198.51.100.0", 1);
	o = pf_frame_forwarded(&s, b->w.nh_out0, b->w.mac_out0);
	o.tcp_opts[2] = 1360 >> 8;
	o.tcp_opts[3] = 1360 & 0xff;
	t_set_cfg(&b->w, 0, CFG_AUTO | PF_CFG_MSS_PRESENT, 1360);
	add(rows, &n, "v4 MSS-clamped SYN", PF, &s, &o, XDP_REDIRECT, 1, 0, fl4, -1);
	measure_and_print(b, "MSS clamp on", rows, n);

	n = 0;
	fl4 = add(rows, &n, "floor", FLOOR, &s, NULL, XDP_PASS, 1, 0, -1, -1);
	t_prefix_map(&b->w, T_BLOCK, "198.51.100.128/25", 1);
	t_set_cfg(&b->w, 0, CFG_AUTO | PF_CFG_BLOCK_PRESENT, 0);
	s = frame(0, "100.64.0.2", "198.51.100.200", 0);
	add(rows, &n, "block drop", PF, &s, NULL, XDP_DROP, 1, 0, fl4, -1);
	measure_and_print(b, "block list on", rows, n);
	t_prefix_map(&b->w, T_BLOCK, "198.51.100.128/25", 0);
	t_set_cfg(&b->w, 0, CFG_AUTO, 0);
}

/* Flows x allowlist size: packetframe against xdp-forward, v4 and v6, and the miss. */
static void scaling(struct bench *b)
{
	static const int sizes[] = { 10, 1000, 100000 }, flows[] = { 1, 256, 65536 };
	static struct row rows[MAX_ROWS * 3];
	char title[96], what[64];
	int si, fi, n, fl4, filled = 0;

	for (si = 0; si < 3; si++) {
		if (fill_allow(b, filled, sizes[si])) {
			printf("\nbench: cannot fill the allowlist to %d prefixes\n", sizes[si]);
			return;
		}
		filled = sizes[si];
		for (fi = 0; fi < 3; fi++) {
			struct pf_frame s = frame(0, "100.64.0.2", "100.65.0.0", 0);

			n = 0;
			snprintf(what, sizeof(what), "v4 %d flows", flows[fi]);
			fl4 = forward_rows(b, rows, &n, what, 0, "100.64.0.2", "10.128.0.0",
					   (__u32)flows[fi], 0);
			snprintf(what, sizeof(what), "v6 %d flows", flows[fi]);
			forward_rows(b, rows, &n, what, 1, "2001:db9::2",
				     "2001:db8:100::", (__u32)flows[fi], 0);
			snprintf(what, sizeof(what), "v4 %d flows: allowlist miss", flows[fi]);
			add(rows, &n, what, PF, &s, NULL, XDP_PASS, (__u32)flows[fi], 0, fl4,
			    fl4 + 1);
			if (flows[fi] > 1) {
				snprintf(what, sizeof(what), "v4 %d flows, src+dst", flows[fi]);
				forward_rows(b, rows, &n, what, 0, "100.64.0.0", "10.128.0.0",
					     (__u32)flows[fi], 1);
			}
			snprintf(title, sizeof(title),
				 "%d allowlist prefixes (v4 and v6 each), %d flows", sizes[si] + 7,
				 flows[fi]);
			measure_and_print(b, title, rows, n);
		}
	}
}

/*
 * The sampler's cost on a forward: compiled out (the reference), off, and
 * drawing 1 in 1000 with every record read; one flow and many.
 */
static void sampler(struct bench *b)
{
	static const __u32 flows[] = { 1, 65536 };
	static struct row rows[MAX_ROWS];
	char name[64];
	int n = 0, fi, v6, fl, ref, r;

	if (b->prog[PF_NOSAMPLER] < 0) {
		printf("\nthe sampler: VOID: fast_path_nosampler.bpf.o not loaded\n");
		return;
	}
	b->ratio_title = "x compiled out";
	for (v6 = 0; v6 < 2; v6++)
		for (fi = 0; fi < 2; fi++) {
			struct pf_frame s = frame(v6, v6 ? "2001:db9::2" : "100.64.0.2",
						  v6 ? "2001:db8:100::" : "10.128.0.0", 0),
					o = pf_frame_forwarded(&s, b->w.nh_out0, b->w.mac_out0);
			const char *what = v6 ? "v6" : "v4";

			if (v6 && fi)
				continue; /* v6 many flows: the scaling tables have them */
			snprintf(name, sizeof(name), "%s %u flows: floor", what, flows[fi]);
			fl = add(rows, &n, name, FLOOR, &s, NULL, XDP_PASS, flows[fi], 0, -1, -1);
			snprintf(name, sizeof(name), "%s %u flows: sampler compiled out", what,
				 flows[fi]);
			ref = add(rows, &n, name, PF_NOSAMPLER, &s, &o, XDP_REDIRECT, flows[fi], 0,
				  fl, -1);
			rows[ref].ref_row = ref;
			snprintf(name, sizeof(name), "%s %u flows: sampler off", what, flows[fi]);
			add(rows, &n, name, PF, &s, &o, XDP_REDIRECT, flows[fi], 0, fl, ref);
			snprintf(name, sizeof(name), "%s %u flows: 1 in 1000, read", what,
				 flows[fi]);
			r = add(rows, &n, name, PF, &s, &o, XDP_REDIRECT, flows[fi], 0, fl, ref);
			rows[r].cap_rate = 1000;
		}
	b->records = 0;
	measure_and_print(b, "the sampler (capture, sflow): its cost on a forward", rows, n);
	printf("(records read while drawing 1 in 1000: %llu; expected about %d)\n", b->records,
	       2 * 3 * ROUNDS * REPEAT / 1000);
	b->ratio_title = "x xdp-forward";
}

/* The same programs with the sampler compiled out, on the world's maps. */
static int load_nosampler(struct bench *b, const char *testprogs)
{
	char path[4096], dir[4096];
	struct bpf_program *p;
	struct bpf_map *m;

	snprintf(dir, sizeof(dir), "%s", testprogs);
	snprintf(path, sizeof(path), "%s/fast_path_nosampler.bpf.o", dirname(dir));
	b->nobj = bpf_object__open_file(path, NULL);
	if (!b->nobj)
		return -1;
	/* The XDP programs only: the redirect watch is not what is measured. */
	bpf_object__for_each_program(p, b->nobj)
		bpf_program__set_autoload(p, bpf_program__type(p) == BPF_PROG_TYPE_XDP);
	bpf_object__for_each_map(m, b->nobj) {
		int id = pf_map_id_by_name(bpf_map__name(m));

		/* (an internal map, .rodata and the like, is its own) */
		if (id >= 0 && bpf_map__reuse_fd(m, pf_obj_map_fd(b->w.obj, id))) {
			printf("bench: cannot share %s: %s\n", bpf_map__name(m), strerror(errno));
			return -1;
		}
	}
	if (bpf_object__load(b->nobj)) {
		printf("bench: cannot load %s: %s\n", path, strerror(errno));
		return -1;
	}
	return bpf_program__fd(bpf_object__find_program_by_name(b->nobj, "fast_path"));
}

/* Kernel memory of every fast-path map (fdinfo "memlock": its actual use on 6.x), in bytes. */
static unsigned long long map_memory(struct bench *b, char *largest, size_t len)
{
	unsigned long long sum = 0, top = 0;
	char path[64], line[128];
	int i;

	for (i = 0; i < PF_MAP_COUNT; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pf_obj_map_fd(b->w.obj, i));
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f)) {
			unsigned long long v;

			if (sscanf(line, "memlock: %llu", &v) != 1)
				continue;
			sum += v;
			if (v > top) {
				top = v;
				snprintf(largest, len, "%s %.1f MiB", pf_maps[i].name,
					 v / 1048576.0);
			}
		}
		if (f)
			fclose(f);
	}
	return sum;
}

int main(int argc, char **argv)
{
	unsigned long long mem_default;
	char largest[64] = "";
	struct bench b;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: bench TESTPROGS_BPF_OBJECT [XDP_FORWARD_BINARY]\n");
		return 1;
	}
	if (geteuid()) {
		printf("bench: skipped: needs root (BPF_PROG_TEST_RUN in a private netns)\n");
		return 0;
	}
	memset(&b, 0, sizeof(b));
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
	b.prog[FLOOR] = t_prog_fd(b.bobj, "ref_pass");
	b.prog[MINFWD] = t_prog_fd(b.bobj, "ref_fwd");
	b.prog[PF] = pf_obj_prog_fd(b.w.obj, PF_PROG_fast_path);
	b.prog[XDPF] = load_xdp_forward(&b, argc == 3 ? argv[2] : NULL);
	b.prog[PF_NOSAMPLER] = load_nosampler(&b, argv[1]);
	b.ratio_title = "x xdp-forward";
	b.pb = perf_buffer__new(pf_obj_map_fd(b.w.obj, PF_MAP_CAPTURE_EVENTS), 64, count_record,
				NULL, &b, NULL);
	if (!b.pb)
		printf("bench: cannot read the sampler's perf buffers: %s\n", strerror(errno));
	{
		__u32 k = (__u32)b.w.out0;

		bpf_map_update_elem(t_map_fd(b.bobj, "REF_DEVMAP"), &k, &k, BPF_ANY);
	}
	if (b.prog[XDPF] < 0)
		printf("bench: xdp-forward is not loaded (%s): its rows are VOID\n",
		       argc == 3 ? "its BPF object was not found or refused" : "not given");
	/* The many-flow destinations: one /16 through the same next hop. */
	if (t_prefix_map(&b.w, T_ALLOW, "10.128.0.0/16", 1))
		return 2;
	printf("programs: %s, %s, %s, %s; the router has no policy rules, rp_filter off;\n"
	       "packetframe as `fib-lookup auto` decides here (direct IPv4, full IPv6) unless a\n"
	       "table says otherwise\n",
	       prog_names[FLOOR], prog_names[MINFWD], prog_names[XDPF], prog_names[PF]);
	t_set_cfg(&b.w, 0, CFG_AUTO, 0);
	mem_default = map_memory(&b, largest, sizeof(largest));
	printf("map memory, default sizes, the world's few entries: %.1f MiB (largest: %s)\n",
	       mem_default / 1048576.0, largest);
	paths(&b);
	sampler(&b);
	scaling(&b);
	printf("\nmap memory with 100,000 + 100,000 filler prefixes (and the world's): %.1f MiB "
	       "(largest: %s)\n",
	       map_memory(&b, largest, sizeof(largest)) / 1048576.0, largest);
	printf("\n(net: minus the floor of the same round and flow count; ratios per round, then\n"
	       " their median. This VM is noisy: read the intervals.)\n");
	return 0;
}
