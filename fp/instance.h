/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fast-path instance in bpffs: its pinned maps and programs. Opening it
 * from the pins alone (status, stats, allow, detach), and load-or-adopt for
 * attach: adopt pins of this build as they are; otherwise load this build
 * reusing every pinned map (counters and allowlists survive), point the
 * tail-call slot and every pinned link at the new programs (no detach), and
 * re-pin. A kill at any point leaves pins the next run completes.
 */
#ifndef PF_INSTANCE_H
#define PF_INSTANCE_H

#include <stdbool.h>
#include <linux/types.h>
#include "bpf/shared.h"
#include "config.h"
#include "ctx.h"
#include "manifest.h"
#include "state.h"

struct pf_inst {
	int map_fd[PF_MAP_COUNT];   /* -1 when absent */
	int prog_fd[PF_PROG_COUNT]; /* -1 when absent */
	__u32 prog_id[PF_PROG_COUNT];
	struct pf_meta meta;        /* as pinned ("" when none) */
	bool loaded;                /* programs were loaded by this run */
	bool upgraded;              /* ... replacing another build's */
};

void pf_inst_init(struct pf_inst *in);

/*
 * Open whatever is pinned; -ENOENT when there are no pins at all, -EPERM when
 * some could not be opened for lack of privileges (what was opened is open).
 */
int pf_inst_open(const struct pf_ctx *ctx, const struct pf_paths *p, struct pf_inst *in);

/*
 * Called by pf_inst_load with the maps the programs read: a loaded build's
 * (pinned, shared with the programs still live) before its programs go live,
 * so a map this build adds is filled before the first frame that reads it;
 * else the adopted instance's. 0 or -errno.
 */
typedef int (*pf_inst_fill)(void *arg, const struct pf_inst *maps);

/*
 * Adopt the pinned build, or load this one over the pinned maps; fill the
 * maps (`fill`, optional) and, when loaded, put its programs in place of the
 * pinned ones.
 */
int pf_inst_load(const struct pf_ctx *ctx, const struct pf_paths *p, const struct pf_config *c,
		 bool recreate, struct pf_inst *in, pf_inst_fill fill, void *arg);

void pf_inst_close(struct pf_inst *in);

#endif
