/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `stats --interval N`: the counters as per-second rates, one line (or one
 * JSON object) per interval, what `ifstat` and xdp-monitor users reach for.
 */
#ifndef PF_LIVE_VIEW_H
#define PF_LIVE_VIEW_H

#include <stdbool.h>
#include "ctx.h"
#include "state.h"

/*
 * Print rates every interval_s seconds, `count` times (0: until SIGINT or
 * SIGTERM). 0, or -ENOENT when the counters cannot be read.
 */
int pf_live_view(const struct pf_ctx *ctx, const struct pf_paths *p, unsigned int interval_s,
		 unsigned int count, bool json);

#endif
