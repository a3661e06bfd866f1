// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe explain`: build a frame, run it through this build's fast path
 * wired to the pinned, live maps (allowlists, interfaces, VLANs, devmap, MSS,
 * CFG) with BPF_PROG_TEST_RUN and ingress_ifindex set, and say what the fast
 * path would do and why. Counters, per-CPU scratch and caches are private to
 * the run, so `stats` stays truthful and live traffic is never disturbed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <cjson/cJSON.h>
#include "bpf_obj.h"
#include "commands.h"
#include "counter_names.h"
#include "frame.h"
#include "instance.h"
#include "loader.h"
#include "log.h"
#include "netdev.h"
#include "session.h"
#include "stats.h"

static struct bpf_object *load_private(const struct pf_ctx *ctx, const struct pf_inst *in)
{
	struct bpf_object *obj = pf_obj_open(ctx);
	struct bpf_map *m;
	int i;

	if (!obj)
		return NULL;
	/* The synced maps are the live ones; counters, scratch and caches stay private. */
	for (i = 0; i < PF_MAP_COUNT; i++) {
		m = pf_obj_map(obj, i);
		if (pf_maps[i].scope != PF_SCOPE_SYNCED || in->map_fd[i] < 0 || !m)
			continue;
		if (bpf_map__reuse_fd(m, in->map_fd[i])) {
			pf_err(ctx, "cannot use the pinned %s: %s", pf_maps[i].name, strerror(errno));
			goto fail;
		}
	}
	if (bpf_object__load(obj) || pf_obj_link_tail_calls(ctx, obj)) {
		pf_err(ctx, "cannot load the explain copy of the programs (pinned maps of another "
			    "layout? `packetframe attach` upgrades them)");
		goto fail;
	}
	return obj;
fail:
	bpf_object__close(obj);
	return NULL;
}

static void mac_str(const __u8 *m, char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static const char *ifname(const struct pf_netdev *d, size_t n, int ifindex)
{
	const struct pf_netdev *x = pf_netdev_by_index(d, n, ifindex);

	return x ? x->name : "?";
}

static const char *const protos[] = { "tcp", "udp", "icmp", NULL };
enum { PROTO_TCP, PROTO_UDP, PROTO_ICMP };

struct opts {
	const char *iface, *src, *dst;
	int proto; /* index in protos */
	unsigned int sport, dport, vlan, ttl;
	bool syn, json, have_vlan;
};

static const struct pf_opt explain_opts[] = {
	{ "src", 0, PF_OPT_STRING, offsetof(struct opts, src), true, .metavar = "ADDR",
	  .help = "source address (IPv4 or IPv6)" },
	{ "dst", 0, PF_OPT_STRING, offsetof(struct opts, dst), true, .metavar = "ADDR",
	  .help = "destination address, same family" },
	{ "iface", 0, PF_OPT_STRING, offsetof(struct opts, iface), .metavar = "IFACE",
	  .help = "ingress interface (default: the config's first attach line)" },
	{ "proto", 0, PF_OPT_ENUM, offsetof(struct opts, proto), .choices = protos,
	  .help = "L4 protocol (default udp)" },
	{ "sport", 0, PF_OPT_UINT, offsetof(struct opts, sport), .max = 65535,
	  .help = "source port (default 40000)" },
	{ "dport", 0, PF_OPT_UINT, offsetof(struct opts, dport), .max = 65535,
	  .help = "destination port (default 443)" },
	{ "vlan", 0, PF_OPT_UINT, offsetof(struct opts, vlan), .max = 4094, .metavar = "VID",
	  .help = "arrive tagged with this VLAN id" },
	{ "ttl", 0, PF_OPT_UINT, offsetof(struct opts, ttl), .max = 255,
	  .help = "TTL / hop limit (default 64)" },
	{ "syn", 0, PF_OPT_FLAG, offsetof(struct opts, syn),
	  .help = "a TCP SYN with MSS 1460 (shows MSS clamping); needs --proto tcp" },
	{ "json", 0, PF_OPT_FLAG, offsetof(struct opts, json), .help = "machine-readable output" },
	{ NULL },
};

const struct pf_cmd_opts pf_explain_opts = { explain_opts, "", 0, 0 };

static int build_frame(const struct pf_ctx *ctx, const struct opts *o, const struct pf_netdev *devs,
		       size_t n, const struct pf_netdev *in, __u8 *buf, size_t *len)
{
	struct pf_frame s;
	unsigned char a[16];
	int v6 = inet_pton(AF_INET6, o->src, a) == 1;
	__u8 proto = 17;
	size_t i;

	if (!v6 && inet_pton(AF_INET, o->src, a) != 1) {
		pf_err(ctx, "--src '%s' is not an IPv4 or IPv6 address", o->src);
		return -1;
	}
	if (inet_pton(v6 ? AF_INET6 : AF_INET, o->dst, a) != 1) {
		pf_err(ctx, "--dst '%s' is not an IPv%d address (same family as --src)", o->dst,
		       v6 ? 6 : 4);
		return -1;
	}
	if (o->proto == PROTO_TCP)
		proto = 6;
	else if (o->proto == PROTO_ICMP)
		proto = v6 ? 58 : 1;
	pf_frame_init(&s, v6, o->src, o->dst, proto);
	s.sport = (__u16)o->sport;
	s.dport = (__u16)o->dport;
	s.ttl = (__u8)o->ttl;
	s.icmp_type = v6 ? 128 : 8; /* echo request */
	memcpy(s.dmac, in->mac, 6);
	pf_mac_parse(s.smac, "02:00:00:00:00:fe");
	if (o->have_vlan) {
		s.tags = 1;
		s.tci = (__u16)o->vlan;
		for (i = 0; i < n; i++)
			if (devs[i].is_vlan && devs[i].link == in->ifindex && devs[i].vid == o->vlan)
				memcpy(s.dmac, devs[i].mac, 6);
	}
	if (o->syn) {
		if (proto != 6) {
			pf_err(ctx, "--syn needs --proto tcp");
			return -1;
		}
		s.tcp_flags = 0x02;
		s.payload = 0;
		s.tcp_opts[0] = PF_TCPOPT_MSS;
		s.tcp_opts[1] = PF_TCPOLEN_MSS;
		s.tcp_opts[2] = 1460 >> 8;
		s.tcp_opts[3] = 1460 & 0xff;
		s.tcp_opts_len = PF_TCPOLEN_MSS;
	}
	*len = pf_frame_build(&s, buf, 512);
	return 0;
}

static cJSON *explain(const struct pf_ctx *ctx, const struct opts *o, const struct pf_inst *in,
		      struct bpf_object *obj, const struct pf_netdev *devs, size_t n,
		      const struct pf_netdev *ing)
{
	static const char *const verdicts[] = { "aborted", "drop", "pass", "tx", "redirect" };
	static __u8 frame[512], out[600];
	struct xdp_md xctx = { .ingress_ifindex = (__u32)ing->ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_out = out, .data_size_out = sizeof(out),
		    .ctx_in = &xctx, .ctx_size_in = sizeof(xctx), .repeat = 1);
	__u64 cnt[PF_COUNTER_MAX];
	cJSON *o_json, *reason;
	size_t len;
	char mac[32];
	int i;

	if (build_frame(ctx, o, devs, n, ing, frame, &len))
		return NULL;
	xctx.data_end = (__u32)len;
	t.data_in = frame;
	t.data_size_in = (__u32)len;
	if (bpf_prog_test_run_opts(pf_obj_prog_fd(obj, PF_PROG_fast_path),
				   &t)) {
		pf_err(ctx, "BPF_PROG_TEST_RUN: %s", strerror(errno));
		return NULL;
	}
	pf_stats_read(pf_obj_map_fd(obj, PF_MAP_STATS), cnt);
	o_json = cJSON_CreateObject();
	cJSON_AddStringToObject(o_json, "verdict", t.retval < 5 ? verdicts[t.retval] : "?");
	reason = cJSON_AddArrayToObject(o_json, "counters");
	for (i = 0; i < PF_COUNTER_MAX; i++) {
		cJSON *r;

		if (!cnt[i] || i == PF_C_rx_total)
			continue;
		r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "name", pf_counter_name(i));
		cJSON_AddStringToObject(r, "meaning", pf_counter_help(i));
		cJSON_AddItemToArray(reason, r);
	}
	if (t.retval == XDP_REDIRECT) {
		struct bpf_fib_lookup fib;
		int ncpu = libbpf_num_possible_cpus(), fd;
		struct bpf_fib_lookup *per = calloc((size_t)ncpu, sizeof(*per));
		cJSON *f = cJSON_AddObjectToObject(o_json, "forward");
		struct pf_frame_info fi;
		struct pf_vlan_out vo;
		__u32 key = 0, fib_if;
		int cpu = sched_getcpu();

		fd = pf_obj_map_fd(obj, PF_MAP_FIB_SCRATCH);
		memset(&fib, 0, sizeof(fib));
		if (per && cpu >= 0 && cpu < ncpu && !bpf_map_lookup_elem(fd, &key, per))
			fib = per[cpu];
		free(per);
		fib_if = fib.ifindex;
		cJSON_AddStringToObject(f, "fib_egress", ifname(devs, n, (int)fib_if));
		if (in->map_fd[PF_MAP_VLAN_RESOLVE] >= 0 &&
		    !bpf_map_lookup_elem(in->map_fd[PF_MAP_VLAN_RESOLVE], &fib_if, &vo)) {
			cJSON_AddStringToObject(f, "egress", ifname(devs, n, (int)vo.phys_ifindex));
			cJSON_AddNumberToObject(f, "vid", vo.vid);
		} else {
			cJSON_AddStringToObject(f, "egress", ifname(devs, n, (int)fib_if));
			cJSON_AddNullToObject(f, "vid");
		}
		pf_frame_decode(out, t.data_size_out, &fi);
		if (fi.tags) {
			cJSON_AddNumberToObject(f, "out_vid", fi.tci & PF_VLAN_VID_MASK);
			cJSON_AddNumberToObject(f, "out_pcp", fi.tci >> PF_VLAN_PRIO_SHIFT);
		}
		mac_str(out, mac);
		cJSON_AddStringToObject(f, "dmac", mac);
		mac_str(out + 6, mac);
		cJSON_AddStringToObject(f, "smac", mac);
		cJSON_AddNumberToObject(f, "ttl", fi.ttl);
		if (o->syn)
			cJSON_AddNumberToObject(f, "mss", (double)fi.mss);
	}
	cJSON_AddNumberToObject(o_json, "frame_len", (double)len);
	return o_json;
}

static void print_human(const struct opts *o, const char *iface, cJSON *r)
{
	cJSON *c, *f = cJSON_GetObjectItem(r, "forward");

	printf("%s -> %s (%s%s) arriving on %s", o->src, o->dst, protos[o->proto],
	       o->syn ? " SYN" : "", iface);
	if (o->have_vlan)
		printf(" tagged VID %u", o->vlan);
	printf(":\n  verdict  %s\n", cJSON_GetObjectItem(r, "verdict")->valuestring);
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(r, "counters"))
		printf("  because  %-20s %s\n", cJSON_GetObjectItem(c, "name")->valuestring,
		       cJSON_GetObjectItem(c, "meaning")->valuestring);
	if (!f)
		return;
	printf("  egress   %s", cJSON_GetObjectItem(f, "egress")->valuestring);
	if (!cJSON_IsNull(cJSON_GetObjectItem(f, "vid")))
		printf(" VID %d (FIB egress %s)", cJSON_GetObjectItem(f, "vid")->valueint,
		       cJSON_GetObjectItem(f, "fib_egress")->valuestring);
	printf("\n  macs     %s -> %s\n  ttl      %d\n",
	       cJSON_GetObjectItem(f, "smac")->valuestring,
	       cJSON_GetObjectItem(f, "dmac")->valuestring, cJSON_GetObjectItem(f, "ttl")->valueint);
	if (cJSON_GetObjectItem(f, "mss"))
		printf("  mss      1460 -> %d\n", cJSON_GetObjectItem(f, "mss")->valueint);
}

int pf_cmd_explain(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct opts o = { .proto = PROTO_UDP, .sport = 40000, .dport = 443, .ttl = 64 };
	struct pf_args a;
	struct pf_netdev *devs = NULL;
	const struct pf_netdev *ing;
	struct bpf_object *obj = NULL;
	struct pf_session s;
	struct pf_inst in;
	size_t n_devs = 0;
	cJSON *r = NULL;
	int rc;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	o.have_vlan = pf_args_given(&a, "vlan");
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		return rc;
	if (!o.iface)
		o.iface = s.cfg.n_attach ? s.cfg.attach[0].iface : NULL;
	rc = PF_EXIT_USAGE;
	if (!o.iface) {
		pf_err(ctx, "name the ingress interface with --iface (the config attaches none)");
		goto out;
	}
	pf_inst_open(ctx, &s.paths, &in);
	if (in.map_fd[PF_MAP_CFG] < 0) {
		pf_err(ctx, "nothing pinned under %s: attach first (explain uses the live maps)",
		       s.paths.root);
		goto close;
	}
	if (strcmp(in.meta.build_id, pf_obj_build_id()))
		pf_warn(ctx, "the pinned programs are build %s, this binary is %s: explaining with "
			     "this build (what `attach` would install)", in.meta.build_id,
			pf_obj_build_id());
	if (pf_netdev_list(&devs, &n_devs) ||
	    !(ing = pf_netdev_by_name(devs, n_devs, o.iface))) {
		pf_err(ctx, "--iface %s: no such interface in this network namespace", o.iface);
		goto close;
	}
	{
		/* One CPU for the run, so its per-CPU scratch is the one read back. */
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
	obj = load_private(ctx, &in);
	rc = PF_EXIT_RUNTIME;
	if (!obj)
		goto close;
	r = explain(ctx, &o, &in, obj, devs, n_devs, ing);
	if (!r) {
		rc = PF_EXIT_USAGE;
		goto close;
	}
	if (o.json) {
		pf_cli_print_json(r);
		r = NULL;
	} else {
		print_human(&o, o.iface, r);
	}
	rc = PF_EXIT_OK;
close:
	cJSON_Delete(r);
	if (obj)
		bpf_object__close(obj);
	pf_inst_close(&in);
out:
	free(devs);
	pf_session_close(&s, rc);
	return rc;
}
