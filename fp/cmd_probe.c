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

int pf_cmd_probe(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct probe_opts o = { .ms = 10000, .mode = PF_MODE_AUTO };
	const char *iface, *used_mode = "?";
	unsigned int ms, offset;
	struct collect col = { 0 };
	struct pf_netdev *devs = NULL;
	const struct pf_netdev *d;
	struct bpf_object *obj = NULL;
	struct ring_buffer *rb = NULL;
	struct pf_link_info li;
	struct pf_session s;
	struct pf_args a;
	struct pf_inst in;
	size_t n_devs = 0;
	int rc, link = -1, swapped_fd = -1, prog;
	char drv[32], why[256];

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	iface = o.iface;
	ms = o.ms;
	offset = o.offset;
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		return rc;
	pf_inst_init(&in);
	rc = PF_EXIT_USAGE;
	if (pf_netdev_list(&devs, &n_devs) || !(d = pf_netdev_by_name(devs, n_devs, iface))) {
		pf_err(ctx, "--iface %s: no such interface in this network namespace", iface);
		goto out;
	}
	pf_netdev_driver(iface, drv, sizeof(drv));
	pf_link_inspect(&s.paths, iface, &li);
	if (li.live && !o.force) {
		pf_err(ctx, "packetframe is attached to %s. XDP runs one program per interface, so "
			    "probing it means replacing the fast path there for the duration (its "
			    "traffic goes through the kernel meanwhile). Use --force to do that; the "
			    "fast path is put back when the probe ends.", iface);
		goto out;
	}
	col.s = calloc(MAX_SAMPLES, sizeof(*col.s));
	obj = pf_probe_obj_open(ctx);
	rc = PF_EXIT_RUNTIME;
	if (!col.s || !obj || bpf_object__load(obj)) {
		pf_err(ctx, "cannot load the probe program");
		goto out;
	}
	{
		struct pf_probe_cfg pc = { .offset = offset };
		__u32 zero = 0;

		bpf_map_update_elem(pf_probe_map_fd(obj, PF_PROBE_MAP_PROBE_CFG), &zero, &pc,
				    BPF_ANY);
	}
	prog = pf_probe_prog_fd(obj, PF_PROBE_PROG_pf_probe);
	rb = ring_buffer__new(pf_probe_map_fd(obj, PF_PROBE_MAP_SAMPLES), on_sample, &col, NULL);
	if (!rb)
		goto out;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (li.live) {
		/* --force: the probe takes packetframe's link over, then gives it back. */
		char path[PATH_MAX];

		pf_inst_open(ctx, &s.paths, &in);
		pf_link_pin_path(&s.paths, iface, path);
		swapped_fd = bpf_obj_get(path);
		if (swapped_fd < 0 || in.prog_fd[PF_PROG_fast_path] < 0 ||
		    bpf_link_update(swapped_fd, prog, NULL)) {
			pf_err(ctx, "cannot swap the probe into packetframe's link: %s",
			       strerror(errno));
			goto out;
		}
		pf_warn(ctx, "%s: fast path replaced by the probe for %u ms", iface, ms);
		used_mode = li.mode;
	} else {
		struct pf_xdp_target t = { iface, d->ifindex, drv, pf_kernel_version(),
					   s.cfg.head_shift };
		enum pf_mode used;

		link = pf_xdp_attach_policy(&t, prog, o.mode, &used, why, sizeof(why));
		if (link == -EPERM) {
			pf_err(ctx, "%s: refusing native mode: %s", iface, why);
			rc = PF_EXIT_USAGE;
			goto out;
		}
		if (link < 0) {
			pf_err(ctx, "%s: cannot attach the probe: %s", iface, why);
			goto out;
		}
		if (why[0])
			pf_info(ctx, "%s: generic mode (%s)", iface, why);
		used_mode = pf_mode_name(used);
	}
	{
		unsigned long long end = now_ms() + ms;

		while (!stop && now_ms() < end)
			ring_buffer__poll(rb, 100);
		ring_buffer__consume(rb);
	}
	rc = PF_EXIT_OK;
out:
	if (swapped_fd >= 0) {
		if (bpf_link_update(swapped_fd, in.prog_fd[PF_PROG_fast_path], NULL))
			pf_err(ctx, "%s: could not put the fast path back (%s): run `packetframe "
				    "attach`", iface, strerror(errno));
		else
			pf_info(ctx, "%s: fast path restored", iface);
		close(swapped_fd);
	}
	if (link >= 0)
		close(link); /* the only reference: the probe detaches */
	if (rc == PF_EXIT_OK)
		report(iface, used_mode, offset, ms, &col);
	ring_buffer__free(rb);
	if (obj)
		bpf_object__close(obj);
	pf_inst_close(&in);
	free(col.s);
	free(devs);
	pf_session_close(&s);
	return rc;
}
