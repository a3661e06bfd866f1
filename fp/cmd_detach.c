// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe detach [IFACE ...] [--all]`: remove links (paced); with --all
 * every pin and the registry. This is the rescue path, so it works from the
 * pins alone: a broken or missing config, a missing or read-only state dir, a
 * lock it cannot take are said and passed over (rescue beats serialisation),
 * and --bpffs-root / --state-dir say where things are when the config can't.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "lifecycle.h"
#include "log.h"
#include "metrics.h"
#include "session.h"

/* A hung command holding the lock must not keep the fast path attached for long. */
#define RESCUE_LOCK_WAIT_S 5

struct detach_opts {
	bool all;
	const char *bpffs_root, *state_dir;
};

static const struct pf_opt detach_opts[] = {
	{ "all", 0, PF_OPT_FLAG, offsetof(struct detach_opts, all),
	  .help = "every link, every pin and the registry (instead of IFACE ...)" },
	{ "bpffs-root", 0, PF_OPT_STRING, offsetof(struct detach_opts, bpffs_root),
	  .metavar = "DIR", .help = "where the pins are (overrides the config)" },
	{ "state-dir", 0, PF_OPT_STRING, offsetof(struct detach_opts, state_dir), .metavar = "DIR",
	  .help = "where the registry and lock are (overrides the config)" },
	{ NULL },
};

const struct pf_cmd_opts pf_detach_opts = { detach_opts, "[IFACE ...]", 0, -1 };

/* Config, paths and lock as far as they can be had; never a reason not to detach. */
static void rescue_session(struct pf_ctx *ctx, const struct detach_opts *o, struct pf_session *s,
			   bool *broken)
{
	s->lock_fd = -1;
	if (pf_cli_config(ctx, &s->cfg, false)) {
		const char *path = ctx->config_path ? ctx->config_path : PF_DEFAULT_CONFIG;

		pf_config_defaults(&s->cfg);
		pf_config_salvage_paths(path, &s->cfg);
		pf_warn(ctx, "detaching without the config (its bpffs-root/state-dir lines where "
			     "readable, else the built-in paths, unless --bpffs-root / --state-dir "
			     "say otherwise)");
		*broken = true;
	}
	if (o->bpffs_root)
		snprintf(s->cfg.bpffs_root, sizeof(s->cfg.bpffs_root), "%s", o->bpffs_root);
	if (o->state_dir)
		snprintf(s->cfg.state_dir, sizeof(s->cfg.state_dir), "%s", o->state_dir);
	pf_paths_init(&s->paths, &s->cfg);
	/* No state dir: nothing to serialise with, and rescue creates nothing. */
	if (access(s->paths.state, F_OK))
		return;
	s->lock_fd = pf_lock(ctx, &s->paths, RESCUE_LOCK_WAIT_S);
	if (s->lock_fd < 0) {
		pf_warn(ctx, "detaching without the lock on %s (rescue goes first)", s->paths.lock);
		s->lock_fd = -1;
	}
}

int pf_cmd_detach(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct detach_opts o = { 0 };
	struct pf_session s;
	struct pf_args a;
	bool broken = false;
	int rc;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	if (o.all == (a.argc > 0)) {
		pf_err(ctx, "name the interfaces to detach, or use --all");
		pf_cli_usage(cmd, stderr);
		return PF_EXIT_USAGE;
	}
	rescue_session(ctx, &o, &s, &broken);
	if (o.all) {
		rc = pf_detach_all(ctx, &s.paths, s.cfg.settle_ms);
		if (rc == -ENOENT && broken) {
			/* Nothing here may mean "looked in the wrong place": don't call it done. */
			pf_err(ctx,
			       "nothing is pinned under %s, and the config could not be read: "
			       "name the right place with --bpffs-root",
			       s.paths.root);
			rc = PF_REFUSED;
		} else if (rc == -ENOENT) {
			rc = 0;
		}
	} else {
		rc = pf_detach_ifaces(ctx, &s.paths, s.cfg.settle_ms, a.argv, (size_t)a.argc);
		/* Nothing pinned, nothing to record (and no state dir to create). */
		if (!access(s.paths.links, F_OK) && pf_registry_refresh(ctx, &s.paths))
			pf_warn(ctx, "the registry %s was not updated; `status` reads the pins",
				s.paths.registry);
	}
	/* The metrics textfile must not keep showing what is gone. */
	pf_metrics_refresh(ctx, &s.cfg, &s.paths);
	pf_session_close(&s, pf_exit_code(rc));
	return pf_exit_code(rc);
}
