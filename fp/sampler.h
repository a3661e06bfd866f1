/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A session of the fast path's sampler (bpf/capture.h), which `capture` and
 * `sflow` share: one at a time, held by a lock in the runtime dir; its
 * filters written to CAPTURE, its records read from the per-CPU perf
 * buffers and handed over as samples (a forwarded frame's two records
 * paired). Stopping turns the sampler off; a session that died without
 * stopping is taken over by the next.
 */
#ifndef PF_SAMPLER_H
#define PF_SAMPLER_H

#include <stdbool.h>
#include <linux/types.h>
#include "bpf/shared.h"

struct pf_ctx;
struct pf_paths;
struct perf_buffer;

/* One drawn frame. */
struct pf_sample {
	int cpu;
	const struct pf_capture_rec *in; /* forwarded: as it arrived; else NULL */
	const __u8 *in_bytes;
	const struct pf_capture_rec *out; /* its exit (the frame as it left, for a forward) */
	const __u8 *out_bytes;
};

/* Takes a sample; nonzero ends the session (pf_sampler_poll returns it). */
typedef int (*pf_sample_fn)(void *arg, const struct pf_sample *s);

struct pf_sampler_pending;

struct pf_sampler {
	const struct pf_ctx *ctx;
	const struct pf_paths *paths;
	bool switched_on; /* this session set PF_CFG_SAMPLER */
	/* The events map stays open while the buffers are in use: the kernel
	 * empties a perf event array's slots when the file that set them closes. */
	int lock_fd, cfg_fd, cpu_fd, port_fd, ev_fd, fp_cfg_fd;
	struct perf_buffer *pb;
	struct pf_sampler_pending *pend; /* per CPU: an IN awaiting its OUT */
	int ncpu;
	pf_sample_fn fn;
	void *arg;
	int stop;         /* what fn returned */
	__u32 cfg_map_id; /* CAPTURE's id: its pin must still name it */
	__u64 checked_ns; /* when that was last looked at */
	__u64 lost_ring; /* records the kernel could not fit in a buffer */
	struct pf_capture_cfg cfg;
};

/* Which of this many bytes of a frame a record carries at most. */
#define PF_SNAPLEN_MAX 65535

/*
 * Take the sampler for `who` ("capture", "sflow"), open the buffers and
 * turn it on with `cfg` (rate, filters, snaplen; gen is chosen here).
 * Returns an enum pf_exit code, after saying why.
 */
int pf_sampler_start(struct pf_sampler *s, const struct pf_ctx *ctx, const struct pf_paths *p,
		     const char *who, const struct pf_capture_cfg *cfg, pf_sample_fn fn, void *arg);

/*
 * Wait up to timeout_ms and hand over what arrived: 0, fn's nonzero, or
 * -errno after saying why; -EIDRM when the instance is gone (detach --all,
 * attach --recreate): nothing more can be drawn for this session.
 */
int pf_sampler_poll(struct pf_sampler *s, int timeout_ms);

/* Frames the sampler considered and records lost, this session, all CPUs. */
void pf_sampler_totals(const struct pf_sampler *s, __u64 *pool, __u64 *lost);

/* One port's share of them (sFlow's pool and drops of a data source). */
void pf_sampler_port(const struct pf_sampler *s, __u32 ifindex, __u64 *pool, __u64 *lost);

/* Turn the sampler off, hand over what is still buffered, release all. */
void pf_sampler_stop(struct pf_sampler *s);

/* Who holds the sampler now ("capture pid 123"), or "" when nobody does. */
void pf_sampler_holder(const struct pf_paths *p, char *buf, size_t len);

#endif
