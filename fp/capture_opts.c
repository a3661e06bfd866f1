// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The frame-choosing options of `capture` and `sflow`, made into the
 * sampler's session; verdict names; the stop on a signal.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <linux/bpf.h>
#include "capture_opts.h"
#include "counter_names.h"
#include "ctx.h"
#include "lifecycle.h"
#include "log.h"
#include "prefix.h"

/* By XDP action; "tx" is never returned by the fast path. */
static const char *const verdicts[] = { "aborted", "drop", "pass", "tx", "forward" };

const char *pf_capture_verdict(unsigned int action)
{
	return action < sizeof(verdicts) / sizeof(verdicts[0]) ? verdicts[action] : "unknown";
}

static int verdict_filter(const struct pf_ctx *ctx, const char *v, struct pf_capture_cfg *cfg)
{
	unsigned int i;

	cfg->verdicts = 0xff;
	cfg->counter = PF_CAP_ANY;
	if (!v)
		return 0;
	for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		if (i != XDP_TX && !strcmp(v, verdicts[i])) {
			cfg->verdicts = (__u8)(1u << i);
			return 0;
		}
	for (i = 0; i < PF_COUNTER_MAX; i++)
		if (!strcmp(v, pf_counter_name(i))) {
			cfg->counter = i;
			return 0;
		}
	pf_err(ctx,
	       "--verdict %s: neither a verdict (forward, pass, drop, aborted) nor a "
	       "counter name (`packetframe stats` lists them)",
	       v);
	return PF_EXIT_USAGE;
}

static int prefix_filter(const struct pf_ctx *ctx, const char *s, struct pf_capture_cfg *cfg)
{
	struct pf_prefix p;
	char err[160];
	__u32 i, bits;

	if (!s)
		return 0;
	if (pf_prefix_parse(s, &p, err, sizeof(err))) {
		pf_err(ctx, "--filter %s: %s", s, err);
		return PF_EXIT_USAGE;
	}
	cfg->family = (__u8)p.family;
	for (i = 0; i < (p.family == 6 ? 4 : 1); i++) {
		bits = p.len > 32 * i ? p.len - 32 * i : 0;
		cfg->mask[i] = htonl(bits >= 32 ? 0xffffffffu : bits ? ~(0xffffffffu >> bits) : 0);
		memcpy(&cfg->addr[i], p.addr + 4 * i, 4);
		cfg->addr[i] &= cfg->mask[i];
	}
	return 0;
}

int pf_capture_cfg_from(const struct pf_ctx *ctx, const struct pf_sample_sel *o,
			struct pf_capture_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->rate = o->sample;
	cfg->snaplen = o->snaplen;
	if (o->iface && !(cfg->ifindex = if_nametoindex(o->iface))) {
		pf_err(ctx, "--interface %s: no such interface here", o->iface);
		return PF_EXIT_USAGE;
	}
	return prefix_filter(ctx, o->filter, cfg) ?: verdict_filter(ctx, o->verdict, cfg);
}

int pf_capture_check_port(const struct pf_ctx *ctx, const struct pf_paths *p,
			  const struct pf_sample_sel *o)
{
	bool attached = false;
	char **names;
	size_t n, i;

	if (!o->iface)
		return 0;
	if (!pf_link_pins(p, &names, &n)) {
		for (i = 0; i < n; i++)
			attached |= !strcmp(names[i], o->iface);
		pf_free_names(names, n);
	}
	if (attached)
		return 0;
	pf_err(ctx,
	       "--interface %s: the fast path is not attached there (`packetframe status` "
	       "lists the ports): nothing would ever be drawn",
	       o->iface);
	return PF_EXIT_USAGE;
}

static volatile sig_atomic_t stopping;
static volatile time_t first_signal;

/*
 * The first signal asks for a clean end; one at least a second later ends
 * the run as it would have (not one at once: `timeout` sends its signal to
 * the command and again to its process group).
 */
static void on_signal(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!stopping) {
		stopping = 1;
		first_signal = now.tv_sec;
	} else if (now.tv_sec - first_signal >= 1) {
		sigaction(sig, &dfl, NULL);
		raise(sig);
	}
}

void pf_capture_signals(bool restart)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = restart ? SA_RESTART : 0 };
	int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

bool pf_capture_stopping(void)
{
	return stopping;
}
