/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry points of the subcommands; main.c puts them in its table. Each
 * returns an enum pf_exit code.
 */
#ifndef PF_COMMANDS_H
#define PF_COMMANDS_H

#include "cli.h"

#define PF_CMD(name) int pf_cmd_##name(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)

/* Option tables of the commands that have their own (see options.h). */
extern const struct pf_cmd_opts pf_probe_opts, pf_explain_opts, pf_attach_opts, pf_apply_opts,
	pf_allow_opts, pf_detach_opts, pf_stats_opts, pf_events_opts, pf_guard_opts,
	pf_capture_opts, pf_sflow_opts;

PF_CMD(version);
PF_CMD(attach);
PF_CMD(apply);
PF_CMD(detach);
PF_CMD(status);
PF_CMD(stats);
PF_CMD(allow);
PF_CMD(feasibility);
PF_CMD(explain);
PF_CMD(probe);
PF_CMD(events);
PF_CMD(guard);
PF_CMD(capture);
PF_CMD(sflow);

#endif
