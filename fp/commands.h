/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry points of the subcommands; main.c puts them in its table. Each
 * returns an enum pf_exit code.
 */
#ifndef PF_COMMANDS_H
#define PF_COMMANDS_H

#include "cli.h"

int pf_cmd_version(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv);

#endif
