/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The subcommand table's entry type and the option handling every subcommand
 * shares: --help, -v/-q, --config, and uniform usage errors (exit 1).
 */
#ifndef PF_CLI_H
#define PF_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include "ctx.h"
#include "options.h"

struct pf_cmd {
	const char *name;
	const char *summary;            /* one line for `packetframe --help` */
	const struct pf_cmd_opts *opts; /* options and arguments; usage is made from it */
	int (*run)(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv);
};

/*
 * Parse a command's argv against cmd->opts (see options.h): values into
 * `dst`, the rest into `a`. Prints the usage for --help (stdout) and after
 * a usage error (stderr). Returns -1 to go on, else the exit code to return.
 */
int pf_cli_parse(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv, void *dst,
		 struct pf_args *a);

void pf_cli_usage(const struct pf_cmd *cmd, FILE *out);

/*
 * Load the config (--config, PACKETFRAME_CONFIG, else the default path).
 * Without `required`, a missing default file means built-in defaults.
 * Returns 0 or PF_EXIT_USAGE (error logged). Applies its log-level.
 */
struct pf_config;
int pf_cli_config(struct pf_ctx *ctx, struct pf_config *c, bool required);

/* Print a JSON document on stdout and free it; PF_EXIT_OK or PF_EXIT_RUNTIME. */
struct cJSON;
int pf_cli_print_json(struct cJSON *o);

/* Reset getopt before a subcommand parses its own argv (glibc and musl). */
void pf_cli_reset_getopt(void);

#endif
