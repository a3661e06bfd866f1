/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The redirect watch (bpf/redirect_watch.h) from userspace: its tracepoint
 * links, pinned under watch/ so they outlive the command that made them,
 * follow the pinned WATCH programs (made or re-pointed by attach and apply,
 * removed by detach --all); and whether it runs, which decides whether
 * err_redirect is reported at all.
 */
#ifndef PF_WATCH_H
#define PF_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include "ctx.h"
#include "instance.h"
#include "state.h"

/* Can this kernel load the watch (tp_btf needs its BTF)? Else why not. */
bool pf_watch_loadable(char *why, size_t len);

/* Load only the WATCH programs whose tracepoint this kernel has (none without BTF). */
struct bpf_object;
void pf_watch_select(struct bpf_object *obj);

/*
 * Is every WATCH program this kernel has the tracepoint for pinned? (If not,
 * attach loads the object again rather than adopting the pins.)
 */
bool pf_watch_complete(const struct pf_inst *in);

/* Are watch links pinned (e.g. left by an older binary's detach --all)? */
bool pf_watch_leftovers(const struct pf_paths *p);

/*
 * Every pinned WATCH program gets a live link pinned at watch/<name> (an
 * existing pin on another program is replaced). Warns and returns -errno on
 * a failure; never fatal for the caller: only the counting is lost.
 */
int pf_watch_ensure(const struct pf_ctx *ctx, const struct pf_paths *p, const struct pf_inst *in);

/*
 * Does it run: every WATCH program this kernel has the tracepoint for is
 * pinned, with a link on that tracepoint pinned to it? Else why not.
 */
bool pf_watch_runs(const struct pf_paths *p, const struct pf_inst *in, char *why, size_t len);

#endif
