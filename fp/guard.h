/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The circuit breaker without a daemon. Each `guard` run reads the counters
 * and keeps the last one in runtime-dir/guard.json (tmpfs); once a window of
 * the config's length has passed it judges it: error signals
 * (PF_GUARD_SIGNALS) over matched frames. A ratio above drop-ratio is a bad
 * window; `threshold` bad windows in a row trip it: the sticky flag
 * state-dir/guard.tripped (it survives a reboot), then a paced detach --all.
 * A window without matched frames says nothing and keeps the count, as the
 * reference did. Counts that went back (detach --all, then attach: a new
 * counter block) or a reboot start the samples over; an upgrade carries the
 * counts over, and the count of bad windows with them. The timer may run guard as often as it likes: a window is
 * judged once, over at least its length, however often guard looks.
 */
#ifndef PF_GUARD_H
#define PF_GUARD_H

#include <stdbool.h>
#include <linux/types.h>
#include "bpf/counters.h"
#include "config.h"
#include "state.h"

/* The breaker's volatile state (guard.json). */
struct pf_guard_state {
	char boot_id[40];
	double t; /* CLOCK_BOOTTIME of the sample */
	__u64 errors, matched;
	unsigned int streak; /* bad windows in a row */
	/* the last judged window */
	bool judged, bad;
	double span;
	__u64 d_errors, d_matched;
};

enum pf_guard_verdict {
	PF_GUARD_PRIMED,  /* first sample (or the counters started over): nothing to judge */
	PF_GUARD_WAITING, /* the window has not passed yet */
	PF_GUARD_NO_DATA, /* a window without matched frames */
	PF_GUARD_OK,
	PF_GUARD_BAD, /* a bad window, not yet `threshold` in a row */
	PF_GUARD_TRIP,
};

extern const char *const pf_guard_verdict_names[];

/* The error signals in a counter block. */
__u64 pf_guard_errors(const __u64 c[PF_COUNTER_MAX]);

/*
 * Judge a new sample against the state (updated in place; *dirty when it
 * must be written back). Pure: the tests drive it with made-up samples.
 */
enum pf_guard_verdict pf_guard_judge(const struct pf_breaker_cfg *b, struct pf_guard_state *st,
				     const char *boot_id, double now, const __u64 c[PF_COUNTER_MAX],
				     bool *dirty);

int pf_guard_state_read(const char *path, struct pf_guard_state *st);
int pf_guard_state_write(const char *path, const struct pf_guard_state *st);

/* Is the trip flag set (anything at its path, readable or not)? */
bool pf_guard_is_tripped(const struct pf_paths *p);

/* The trip flag: its JSON (time, reason, ...), or NULL when not tripped. */
struct cJSON *pf_guard_tripped(const struct pf_paths *p);

/* "tripped at T: REASON" for messages (buf), from pf_guard_tripped's object. */
const char *pf_guard_trip_text(const struct cJSON *flag, char *buf, size_t len);

#endif
