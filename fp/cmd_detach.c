// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe detach [IFACE ...] [--all]`: remove links (paced); with --all
 * every pin and the registry. Works from the pins alone: no config, no
 * registry or a corrupt one is fine (rescue).
 */
#include <stddef.h>
#include <string.h>
#include "commands.h"
#include "lifecycle.h"
#include "log.h"
#include "session.h"

struct detach_opts {
	bool all;
};

static const struct pf_opt detach_opts[] = {
	{ "all", 0, PF_OPT_FLAG, offsetof(struct detach_opts, all),
	  .help = "every link, every pin and the registry (instead of IFACE ...)" },
	{ NULL },
};

const struct pf_cmd_opts pf_detach_opts = { detach_opts, "[IFACE ...]", 0, -1 };

int pf_cmd_detach(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct detach_opts o = { 0 };
	struct pf_session s;
	struct pf_args a;
	bool all;
	int rc;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	all = o.all;
	if (all == (a.argc > 0)) {
		pf_err(ctx, "name the interfaces to detach, or use --all");
		pf_cli_usage(cmd, stderr);
		return PF_EXIT_USAGE;
	}
	rc = pf_session_open(ctx, &s, false, true);
	if (rc)
		return rc;
	if (all) {
		rc = pf_detach_all(ctx, &s.paths, s.cfg.settle_ms);
	} else {
		rc = pf_detach_ifaces(ctx, &s.paths, s.cfg.settle_ms, a.argv, (size_t)a.argc);
		rc = pf_registry_refresh(ctx, &s.paths) ?: rc;
	}
	pf_session_close(&s);
	return pf_exit_code(rc);
}
