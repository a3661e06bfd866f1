// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe sflow --collector HOST:PORT`: sFlow v5 from the fast path's
 * sampler, in the foreground (a unit runs it). Each drawn frame becomes a
 * flow sample: its first bytes as it arrived, its input port and, for a
 * forward, its output port (a drop says "discarded", a frame handed to the
 * kernel says "unknown": the kernel decides where it goes). Every
 * --counters interval, each attached port's generic interface counters.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/bpf.h>
#include <unistd.h>
#include "bpf/counters.h"
#include "capture_opts.h"
#include "commands.h"
#include "lifecycle.h"
#include "log.h"
#include "sampler.h"
#include "session.h"
#include "sflow.h"

struct sflow_opts {
	struct pf_sample_sel sel;
	const char *collector, *agent;
	unsigned int counters_ms;
};

static const struct pf_opt sflow_opts[] = {
	{ "collector", 0, PF_OPT_STRING, offsetof(struct sflow_opts, collector), .required = true,
	  .metavar = "HOST:PORT", .help = "where to send the datagrams ([v6addr]:port for IPv6)" },
	PF_CAPTURE_OPTS(struct sflow_opts, sel),
	{ "agent", 0, PF_OPT_STRING, offsetof(struct sflow_opts, agent), .metavar = "ADDR",
	  .help = "the agent address in each datagram (default: the address the datagrams "
		  "leave from)" },
	{ "counters", 0, PF_OPT_DURATION, offsetof(struct sflow_opts, counters_ms), .min = 1000,
	  .max = 3600000, .metavar = "INTERVAL",
	  .help = "how often each attached port's interface counters are sent (20s)" },
	{ NULL },
};

const struct pf_cmd_opts pf_sflow_opts = { sflow_opts, "", 0, 0 };

/* sFlow's output-port format 1: discarded, with a reason (258: an ACL, 256: unknown). */
#define SFLOW_DISCARDED(reason) (0x40000000u | (reason))
#define SFLOW_FLUSH_NS 1000000000ull /* a datagram waits at most this long */

/* A data source (a port): its flow and counter sample sequence numbers. */
struct source {
	__u32 ifindex, flow_seq, ctr_seq;
};

struct sflow_run {
	const struct pf_sampler *smp;
	int sock;
	__u8 agent[16];
	int family;
	struct pf_sflow_dgram d;
	__u64 started_ns, first_ns;
	__u32 dgram_seq, rate;
	struct source *src;
	size_t n_src;
	unsigned long long sent, samples;
	int err;
};

static __u64 now_ns(clockid_t clk)
{
	struct timespec t;

	clock_gettime(clk, &t);
	return (__u64)t.tv_sec * 1000000000ull + (__u64)t.tv_nsec;
}

static void begin(struct sflow_run *r)
{
	pf_sflow_begin(&r->d, r->agent, r->family, 0, ++r->dgram_seq,
		       (__u32)(now_ns(CLOCK_BOOTTIME) / 1000000));
	r->first_ns = 0;
}

static void flush(struct sflow_run *r)
{
	size_t len;

	if (!r->d.n_samples)
		return;
	len = pf_sflow_end(&r->d);
	/*
	 * ECONNREFUSED reports an earlier datagram's ICMP port unreachable (no
	 * collector listened then) and sends nothing: send this one again.
	 */
	if (send(r->sock, r->d.buf, len, 0) >= 0 ||
	    (errno == ECONNREFUSED && send(r->sock, r->d.buf, len, 0) >= 0))
		r->sent++;
	else if (errno != ECONNREFUSED)
		r->err = -errno;
	begin(r);
}

/* The port's source, added on first use; NULL without memory. */
static struct source *source_of(struct sflow_run *r, __u32 ifindex)
{
	struct source *grown;
	size_t i;

	for (i = 0; i < r->n_src; i++)
		if (r->src[i].ifindex == ifindex)
			return &r->src[i];
	grown = realloc(r->src, (r->n_src + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	r->src = grown;
	r->src[r->n_src] = (struct source){ .ifindex = ifindex };
	return &r->src[r->n_src++];
}

static __u32 output_of(const struct pf_capture_rec *r)
{
	switch (r->action) {
	case XDP_REDIRECT:
		return r->egress;
	case XDP_DROP:
	case XDP_ABORTED:
		return SFLOW_DISCARDED(r->counter == PF_C_bogon_dropped ? 258 : 256);
	default:
		return 0; /* handed to the kernel: its choice, unknown here */
	}
}

static int add_sample(void *arg, const struct pf_sample *s)
{
	struct sflow_run *r = arg;
	const struct pf_capture_rec *first = s->in ? s->in : s->out;
	struct source *src = source_of(r, s->out->ingress);
	struct pf_sflow_flow f;
	__u64 pool, lost;

	/* A forward's OUT alone (its IN filtered or lost) is not the frame as it arrived. */
	if (!src || (s->out->action == XDP_REDIRECT && !s->in))
		return 0;
	/* This port's pool and losses as of this sample. */
	pf_sampler_port(r->smp, s->out->ingress, &pool, &lost);
	f = (struct pf_sflow_flow){
		.seq = ++src->flow_seq,
		.source_ifindex = s->out->ingress,
		.rate = r->rate,
		.pool = (__u32)pool,
		.drops = (__u32)lost,
		.input = s->out->ingress,
		.output = output_of(s->out),
		.frame_len = first->frame_len,
		.header = s->in ? s->in_bytes : s->out_bytes,
		.header_len = first->cap_len < PF_SFLOW_HDR_MAX ? first->cap_len : PF_SFLOW_HDR_MAX,
	};
	if (pf_sflow_add_flow(&r->d, &f) == -ENOSPC) {
		flush(r);
		pf_sflow_add_flow(&r->d, &f);
	}
	if (!r->first_ns)
		r->first_ns = now_ns(CLOCK_MONOTONIC);
	r->samples++;
	return 0;
}

static unsigned long long sysfs_u64(const char *ifname, const char *leaf)
{
	char path[128], buf[32];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, leaf);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return strtoull(buf, NULL, 0);
}

/* One port's counters as sFlow's generic interface record (unknown: all ones). */
static void add_port_counters(struct sflow_run *r, const char *ifname)
{
	unsigned long long flags = sysfs_u64(ifname, "flags"), rxp, mc, speed;
	__u32 ifindex = if_nametoindex(ifname);
	struct source *src = ifindex ? source_of(r, ifindex) : NULL;
	struct pf_sflow_ifc c;

	if (!src)
		return;
	rxp = sysfs_u64(ifname, "statistics/rx_packets");
	mc = sysfs_u64(ifname, "statistics/multicast");
	speed = sysfs_u64(ifname, "speed");
	c = (struct pf_sflow_ifc){
		.seq = ++src->ctr_seq,
		.ifindex = ifindex,
		.type = 6, /* ethernetCsmacd */
		.status = (flags & IFF_UP ? 1 : 0) | (sysfs_u64(ifname, "carrier") ? 2 : 0),
		.speed = speed < 1000000 ? speed * 1000000ull : 0,
		.in_octets = sysfs_u64(ifname, "statistics/rx_bytes"),
		.in_ucast = (__u32)(rxp - (mc < rxp ? mc : rxp)),
		.in_mcast = (__u32)mc,
		.in_bcast = 0xffffffffu,
		.in_discards = (__u32)sysfs_u64(ifname, "statistics/rx_dropped"),
		.in_errors = (__u32)sysfs_u64(ifname, "statistics/rx_errors"),
		.in_unknown = 0xffffffffu,
		.out_octets = sysfs_u64(ifname, "statistics/tx_bytes"),
		.out_ucast = (__u32)sysfs_u64(ifname, "statistics/tx_packets"),
		.out_mcast = 0xffffffffu,
		.out_bcast = 0xffffffffu,
		.out_discards = (__u32)sysfs_u64(ifname, "statistics/tx_dropped"),
		.out_errors = (__u32)sysfs_u64(ifname, "statistics/tx_errors"),
		.promisc = flags & IFF_PROMISC ? 1 : 2, /* true(1) / false(2) */
	};
	if (pf_sflow_add_counters(&r->d, &c) == -ENOSPC) {
		flush(r);
		pf_sflow_add_counters(&r->d, &c);
	}
}

static void add_counters(struct sflow_run *r, const struct pf_paths *p)
{
	char **names;
	size_t n, i;

	if (pf_link_pins(p, &names, &n))
		return;
	for (i = 0; i < n; i++)
		add_port_counters(r, names[i]);
	pf_free_names(names, n);
	flush(r);
}

/* HOST:PORT or [V6]:PORT, resolved, connected; the agent address from it unless given. */
static int open_collector(const struct pf_ctx *ctx, const struct sflow_opts *o, struct sflow_run *r)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *ai = NULL;
	struct sockaddr_storage local;
	socklen_t llen = sizeof(local);
	char host[256], *port, *end;
	unsigned long n;
	int rc;

	snprintf(host, sizeof(host), "%s", o->collector);
	port = strrchr(host, ':');
	if (!port || port == host || !port[1]) {
		pf_err(ctx, "--collector %s: expected HOST:PORT ([ADDR]:PORT for IPv6)",
		       o->collector);
		return PF_EXIT_USAGE;
	}
	*port++ = 0;
	n = strtoul(port, &end, 10);
	if (*end || !n || n > 65535) {
		pf_err(ctx, "--collector %s: the port must be a number from 1 to 65535",
		       o->collector);
		return PF_EXIT_USAGE;
	}
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = 0;
	}
	rc = getaddrinfo(host, port, &hints, &ai);
	if (rc || !ai) {
		pf_err(ctx, "--collector %s: %s", o->collector, gai_strerror(rc));
		return PF_EXIT_USAGE;
	}
	r->sock = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (r->sock < 0 || connect(r->sock, ai->ai_addr, ai->ai_addrlen) ||
	    getsockname(r->sock, (struct sockaddr *)&local, &llen)) {
		pf_err(ctx, "--collector %s: %s", o->collector, strerror(errno));
		freeaddrinfo(ai);
		return PF_EXIT_RUNTIME;
	}
	freeaddrinfo(ai);
	if (o->agent) {
		r->family = strchr(o->agent, ':') ? 6 : 4;
		if (inet_pton(r->family == 6 ? AF_INET6 : AF_INET, o->agent, r->agent) != 1) {
			pf_err(ctx, "--agent %s: not an IPv4 or IPv6 address", o->agent);
			return PF_EXIT_USAGE;
		}
	} else if (local.ss_family == AF_INET6) {
		r->family = 6;
		memcpy(r->agent, &((struct sockaddr_in6 *)&local)->sin6_addr, 16);
	} else {
		r->family = 4;
		memcpy(r->agent, &((struct sockaddr_in *)&local)->sin_addr, 4);
	}
	return PF_EXIT_OK;
}

int pf_cmd_sflow(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct sflow_opts o = { .sel = PF_CAPTURE_OPTS_DEFAULT, .counters_ms = 20000 };
	struct sflow_run *r;
	struct pf_capture_cfg cfg;
	struct pf_sampler smp;
	struct pf_session s;
	struct pf_args a;
	__u64 next_ctr;
	int rc;

	o.sel.sample = 1000;
	o.sel.snaplen = PF_SFLOW_HDR_MAX;
	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	rc = pf_capture_cfg_from(ctx, &o.sel, &cfg);
	if (rc)
		return rc;
	r = calloc(1, sizeof(*r));
	if (!r)
		return PF_EXIT_RUNTIME;
	r->sock = -1;
	r->rate = cfg.rate;
	rc = open_collector(ctx, &o, r);
	if (rc)
		goto free;
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		goto free;
	rc = pf_capture_check_port(ctx, &s.paths, &o.sel);
	if (rc)
		goto close;
	r->smp = &smp;
	pf_capture_signals(false); /* before the sampler is taken: a signal always ends cleanly */
	rc = pf_sampler_start(&smp, ctx, &s.paths, "sflow", &cfg, add_sample, r);
	if (rc)
		goto close;
	pf_info(ctx, "sflow: 1 in %u frames to %s; interface counters every %u s", cfg.rate,
		o.collector, o.counters_ms / 1000);
	begin(r);
	next_ctr = now_ns(CLOCK_MONOTONIC);
	while (!r->err && !pf_capture_stopping()) {
		rc = pf_sampler_poll(&smp, 100);
		if (rc < 0)
			break; /* (said) */
		if (r->first_ns && now_ns(CLOCK_MONOTONIC) - r->first_ns >= SFLOW_FLUSH_NS)
			flush(r);
		if (now_ns(CLOCK_MONOTONIC) >= next_ctr) {
			flush(r);
			add_counters(r, &s.paths);
			next_ctr += (__u64)o.counters_ms * 1000000ull;
		}
	}
	pf_sampler_stop(&smp);
	flush(r);
	if (r->err) {
		pf_err(ctx, "sending to %s: %s", o.collector, strerror(-r->err));
		rc = PF_EXIT_RUNTIME;
	} else {
		rc = rc < 0 ? PF_EXIT_RUNTIME : PF_EXIT_OK;
	}
	pf_info(ctx, "sflow: %llu flow samples in %llu datagrams", r->samples, r->sent);
close:
	pf_session_close(&s, rc);
free:
	if (r->sock >= 0)
		close(r->sock);
	free(r->src);
	free(r);
	return rc;
}
