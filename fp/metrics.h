/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Prometheus text format of a snapshot, for node_exporter's textfile
 * collector: packetframe_up (1 only while a link is live), build_info,
 * dry_run, attached interfaces, map fill, and every counter that something
 * counts (reserved ones are left out). Written atomically.
 */
#ifndef PF_METRICS_H
#define PF_METRICS_H

#include "snapshot.h"

/* The text (free it); NULL when out of memory. */
char *pf_metrics_text(const struct pf_snapshot *s);

/* Write to path ("-": stdout) atomically; 0 or -errno. */
int pf_metrics_write(const char *path, const struct pf_snapshot *s);

/*
 * Rewrite the config's metrics-textfile (if it names one) from the pins as
 * they are now: after attach, apply and detach, so it never shows a state
 * that is gone. A failure is a warning: the command itself succeeded.
 */
struct pf_config;
struct pf_ctx;
void pf_metrics_refresh(const struct pf_ctx *ctx, const struct pf_config *c,
			const struct pf_paths *p);

#endif
