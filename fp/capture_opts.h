/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `capture` and `sflow` share besides the sampler: the options that
 * choose the frames (port, rate, prefix, verdict), their translation into
 * the sampler's session, the verdict names, and a clean stop on a signal.
 */
#ifndef PF_CAPTURE_OPTS_H
#define PF_CAPTURE_OPTS_H

#include <stdbool.h>
#include "bpf/shared.h"
#include "options.h"

struct pf_sample_sel {
	const char *iface;
	unsigned int sample;
	const char *filter;
	const char *verdict; /* capture only */
	unsigned int snaplen;
};

#define PF_CAPTURE_OPTS_DEFAULT               \
	{                                     \
		.sample = 1, .snaplen = 65535 \
	}

/* The option-table rows for the struct pf_sample_sel at `member` of `type`. */
#define PF_CAPTURE_OPTS(type, member)                                                       \
	{ "interface",        'i',                                                          \
	  PF_OPT_STRING,      offsetof(type, member.iface),                                 \
	  .metavar = "IFACE", .help = "only frames arriving on this port" },                \
		{ "sample",                                                                 \
		  0,                                                                        \
		  PF_OPT_UINT,                                                              \
		  offsetof(type, member.sample),                                            \
		  .min = 1,                                                                 \
		  .max = 1u << 30,                                                          \
		  .metavar = "N",                                                           \
		  .help = "draw 1 in N frames, at random gaps per CPU (capture: 1, sflow: " \
			  "1000)" },                                                        \
	{                                                                                   \
		"filter", 0, PF_OPT_STRING, offsetof(type, member.filter),                  \
			.metavar = "PREFIX",                                                \
			.help = "only frames whose source or destination is in PREFIX"      \
	}

/* `capture` adds these. */
#define PF_CAPTURE_OPTS_MORE(type, member)                                                     \
	{ "verdict",                                                                           \
	  0,                                                                                   \
	  PF_OPT_STRING,                                                                       \
	  offsetof(type, member.verdict),                                                      \
	  .metavar = "V",                                                                      \
	  .help = "only frames with this verdict (forward, pass, drop, aborted) or explained " \
		  "by this counter (a name from `stats`)" },                                   \
	{                                                                                      \
		"snaplen", 's', PF_OPT_UINT, offsetof(type, member.snaplen),                   \
			.min = 64, .max = 65535, .metavar = "SNAPLEN",                         \
			.help = "bytes of each frame kept (65535)"                             \
	}

/* The sampler's session for these options: 0, or an enum pf_exit code after saying why. */
struct pf_ctx;
int pf_capture_cfg_from(const struct pf_ctx *ctx, const struct pf_sample_sel *o,
			struct pf_capture_cfg *cfg);

/* An XDP action as capture names it. */
const char *pf_capture_verdict(unsigned int action);

/* An --interface must be a port the fast path runs on: 0, or PF_EXIT_USAGE after saying so. */
struct pf_paths;
int pf_capture_check_port(const struct pf_ctx *ctx, const struct pf_paths *p,
			  const struct pf_sample_sel *o);

/*
 * SIGINT, SIGTERM, SIGHUP ask for a clean end (pf_capture_stopping), one
 * a second or more later ends the process; SIGPIPE becomes EPIPE. restart: calls
 * blocked in a write go on (a block is never cut); without it they return
 * (a wait for a FIFO's reader ends). epoll waits return either way.
 */
void pf_capture_signals(bool restart);
bool pf_capture_stopping(void);

#endif
