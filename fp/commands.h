/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry points of the subcommands; main.c puts them in its table. Each
 * returns an enum pf_exit code.
 */
#ifndef PF_COMMANDS_H
#define PF_COMMANDS_H

#include "cli.h"

#define PF_CMD(name) int pf_cmd_##name(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)

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

#endif
