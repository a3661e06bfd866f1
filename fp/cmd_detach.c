// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe detach [IFACE ...] [--all]`: remove links (paced); with --all
 * every pin and the registry. Works from the pins alone: no config, no
 * registry or a corrupt one is fine (rescue).
 */
#include <string.h>
#include "commands.h"
#include "lifecycle.h"
#include "log.h"
#include "session.h"

int pf_cmd_detach(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	enum { OPT_ALL = PF_OPT_FIRST_PRIVATE };
	static const struct option opts[] = {
		{ "all", no_argument, NULL, OPT_ALL },
		PF_COMMON_LONGOPTS,
		{ 0 },
	};
	struct pf_session s;
	bool all = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, PF_COMMON_SHORTOPTS, opts, NULL)) != -1) {
		if (pf_cli_common(ctx, cmd, c, argv, &rc)) {
			if (rc >= 0)
				return rc;
		} else if (c == OPT_ALL) {
			all = true;
		}
	}
	if (all == (optind < argc)) {
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
		rc = pf_detach_ifaces(ctx, &s.paths, s.cfg.settle_ms, argv + optind,
				      (size_t)(argc - optind));
		rc = pf_registry_refresh(ctx, &s.paths) ?: rc;
	}
	pf_session_close(&s);
	return pf_exit_code(rc);
}
