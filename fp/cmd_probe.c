// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe probe --iface I`: attach the separate probe program for a
 * while, print the first bytes of what the driver hands XDP, and judge it.
 * The probe's link is never pinned: it goes away when this process ends,
 * however it ends. On an interface where packetframe is attached, --force
 * swaps the probe into packetframe's own link for the duration and swaps the
 * fast path back afterwards (a probe killed midway is repaired by `attach`).
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf/probe.h"
#include "bpf_obj.h"
#include "commands.h"
#include "instance.h"
#include "links.h"
#include "log.h"
#include "netdev.h"
#include "parse.h"
#include "probe_verdict.h"
#include "session.h"

#define MAX_SAMPLES 4096

struct collect {
	struct pf_probe_sample *s;
	size_t n;
	unsigned long total;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int on_sample(void *ctx, void *data, size_t len)
{
	struct collect *c = ctx;

	c->total++;
	if (len >= sizeof(struct pf_probe_sample) && c->n < MAX_SAMPLES)
		memcpy(&c->s[c->n++], data, sizeof(struct pf_probe_sample));
	return 0;
}

static unsigned long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

static void report(const char *iface, const char *mode, unsigned int offset, unsigned int ms,
		   const struct collect *c)
{
	struct pf_probe_verdict v;
	size_t i, j, show = c->n < 64 ? c->n : 64;

	printf("probe on %s (mode %s, offset %u, %u ms): %lu frames, %zu sampled\n", iface, mode,
	       offset, ms, c->total, c->n);
	if (show)
		printf("%-4s %10s %5s  %s\n", "#", "t_ms", "len", "first bytes");
	for (i = 0; i < show; i++) {
		printf("%-4zu %10.3f %5u  ", i, (double)(c->s[i].ts_ns - c->s[0].ts_ns) / 1e6,
		       c->s[i].len);
		for (j = 0; j < c->s[i].caplen && j < 32; j++)
			printf("%02x%s", c->s[i].head[j], j == 5 || j == 11 ? "  " : "");
		putchar('\n');
	}
	pf_probe_judge(c->s, c->n, &v);
	printf("verdict: %s", pf_probe_kind_names[v.kind]);
	if (v.kind == PF_PROBE_PREFIX)
		printf(" of %u bytes (Ethernet found at +%u in most frames; compare with "
		       "--offset %u)", v.prefix, v.prefix, offset + v.prefix);
	if (v.kind != PF_PROBE_NONE)
		printf("; %u%% plausible ethertypes at offset 12%s", v.plausible_pct,
		       v.kind == PF_PROBE_VLAN ? ", mostly VLAN TPIDs" : "");
	if (v.common_bytes >= 8 && v.kind != PF_PROBE_ETHERNET && v.kind != PF_PROBE_VLAN)
		printf("; every sample starts with the same %u bytes (a driver descriptor?)",
		       v.common_bytes);
	putchar('\n');
}

struct probe_opts {
	const char *iface;
	unsigned int ms;
	enum pf_mode mode;
	unsigned int offset;
	bool force;
};

static const struct pf_opt probe_opts[] = {
	{ "iface", 0, PF_OPT_STRING, offsetof(struct probe_opts, iface), true, .metavar = "IFACE",
	  .help = "interface to probe" },
	{ "duration", 0, PF_OPT_DURATION, offsetof(struct probe_opts, ms), .min = 1, .max = 3600000,
	  .help = "how long to sample (default 10s; bare numbers are seconds)" },
	{ "mode", 0, PF_OPT_MODE, offsetof(struct probe_opts, mode),
	  .help = "XDP mode of the probe (default auto)" },
	{ "offset", 0, PF_OPT_UINT, offsetof(struct probe_opts, offset), .max = PF_PROBE_MAX_OFFSET,
	  .help = "sample from this many bytes into the frame" },
	{ "force", 0, PF_OPT_FLAG, offsetof(struct probe_opts, force),
	  .help = "probe an interface packetframe is attached to (swaps the fast path out)" },
	{ NULL },
};

const struct pf_cmd_opts pf_probe_opts = { probe_opts, "", 0, 0 };

/* One probe run: the program, its ring buffer and how it is hooked in. */
struct probe_run {
	struct collect col;
	struct bpf_object *obj;
	struct ring_buffer *rb;
	int prog;
	int link;    /* the probe's own link, or -1 */
	int swapped; /* packetframe's link, lent to the probe (--force), or -1 */
	struct pf_inst in;
	const char *mode;
};

static int load_probe(const struct pf_ctx *ctx, struct probe_run *r, unsigned int offset)
{
	struct pf_probe_cfg pc = { .offset = offset };
	__u32 zero = 0;

	r->col.s = calloc(MAX_SAMPLES, sizeof(*r->col.s));
	r->obj = pf_probe_obj_open(ctx);
	if (!r->col.s || !r->obj || bpf_object__load(r->obj)) {
		pf_err(ctx, "cannot load the probe program");
		return -EINVAL;
	}
	bpf_map_update_elem(pf_probe_map_fd(r->obj, PF_PROBE_MAP_PROBE_CFG), &zero, &pc, BPF_ANY);
	r->prog = pf_probe_prog_fd(r->obj, PF_PROBE_PROG_pf_probe);
	r->rb = ring_buffer__new(pf_probe_map_fd(r->obj, PF_PROBE_MAP_SAMPLES), on_sample, &r->col,
				 NULL);
	return r->rb ? 0 : -errno;
}

/* --force: the probe takes packetframe's link over; give_back returns it. */
static int take_over(const struct pf_ctx *ctx, const struct pf_session *s, const char *iface,
		     struct probe_run *r)
{
	char path[PATH_MAX];

	pf_inst_open(ctx, &s->paths, &r->in);
	pf_link_pin_path(&s->paths, iface, path);
	r->swapped = bpf_obj_get(path);
	if (r->swapped < 0 || r->in.prog_fd[PF_PROG_fast_path] < 0 ||
	    bpf_link_update(r->swapped, r->prog, NULL)) {
		pf_err(ctx, "cannot swap the probe into packetframe's link: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

static void give_back(const struct pf_ctx *ctx, const char *iface, struct probe_run *r)
{
	if (r->swapped < 0)
		return;
	if (bpf_link_update(r->swapped, r->in.prog_fd[PF_PROG_fast_path], NULL))
		pf_err(ctx, "%s: could not put the fast path back (%s): run `packetframe attach`",
		       iface, strerror(errno));
	else
		pf_info(ctx, "%s: fast path restored", iface);
	close(r->swapped);
}

/* The probe's own link, by the one attach policy; PF_REFUSED when native is not allowed. */
static int hook(const struct pf_ctx *ctx, const struct pf_session *s, const struct pf_netdev *d,
		enum pf_mode mode, struct probe_run *r)
{
	struct pf_xdp_target t = { d->name, d->ifindex, NULL, pf_kernel_version(),
				   s->cfg.head_shift };
	enum pf_mode used;
	char drv[32], why[256];

	pf_netdev_driver(d->name, drv, sizeof(drv));
	t.driver = drv;
	r->link = pf_xdp_attach_policy(&t, r->prog, mode, &used, why, sizeof(why));
	if (r->link == -EPERM) {
		pf_err(ctx, "%s: refusing native mode: %s", d->name, why);
		return PF_REFUSED;
	}
	if (r->link < 0) {
		pf_err(ctx, "%s: cannot attach the probe: %s", d->name, why);
		return r->link;
	}
	if (why[0])
		pf_info(ctx, "%s: generic mode (%s)", d->name, why);
	r->mode = pf_mode_name(used);
	return 0;
}

static void sample(struct probe_run *r, unsigned int ms)
{
	unsigned long long end = now_ms() + ms;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop && now_ms() < end)
		ring_buffer__poll(r->rb, 100);
	ring_buffer__consume(r->rb);
}

int pf_cmd_probe(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct probe_opts o = { .ms = 10000, .mode = PF_MODE_AUTO };
	struct probe_run r = { .link = -1, .swapped = -1, .mode = "?" };
	struct pf_netdev *devs = NULL;
	const struct pf_netdev *d;
	struct pf_link_info li;
	struct pf_session s;
	struct pf_args a;
	size_t n_devs = 0;
	int rc;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		return rc;
	pf_inst_init(&r.in);
	rc = PF_REFUSED;
	if (pf_netdev_list(&devs, &n_devs) || !(d = pf_netdev_by_name(devs, n_devs, o.iface))) {
		pf_err(ctx, "--iface %s: no such interface in this network namespace", o.iface);
		goto out;
	}
	pf_link_inspect(&s.paths, o.iface, &li);
	if (li.live && !o.force) {
		pf_err(ctx,
		       "packetframe is attached to %s. XDP runs one program per interface, so "
		       "probing it means replacing the fast path there for the duration (its "
		       "traffic goes through the kernel meanwhile). Use --force to do that; the "
		       "fast path is put back when the probe ends.",
		       o.iface);
		goto out;
	}
	rc = load_probe(ctx, &r, o.offset);
	if (!rc && li.live) {
		rc = take_over(ctx, &s, o.iface, &r);
		if (!rc)
			pf_warn(ctx, "%s: fast path replaced by the probe for %u ms", o.iface,
				o.ms);
		r.mode = li.mode;
	} else if (!rc) {
		rc = hook(ctx, &s, d, o.mode, &r);
	}
	if (!rc)
		sample(&r, o.ms);
out:
	give_back(ctx, o.iface, &r);
	if (r.link >= 0)
		close(r.link); /* the only reference: the probe detaches */
	if (!rc)
		report(o.iface, r.mode, o.offset, o.ms, &r.col);
	ring_buffer__free(r.rb);
	bpf_object__close(r.obj);
	pf_inst_close(&r.in);
	free(r.col.s);
	free(devs);
	pf_session_close(&s, pf_exit_code(rc));
	return pf_exit_code(rc);
}
