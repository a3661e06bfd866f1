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

struct pf_cmd {
	const char *name;
	const char *summary; /* one line for `packetframe --help` */
	const char *usage;   /* synopsis and options, for `<cmd> --help` */
	int (*run)(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv);
};

/* Options every subcommand accepts; append to a command's own option table. */
#define PF_COMMON_LONGOPTS                               \
	{ "help", no_argument, NULL, 'h' },              \
	{ "verbose", no_argument, NULL, 'v' },           \
	{ "quiet", no_argument, NULL, 'q' },             \
	{ "config", required_argument, NULL, PF_OPT_CONFIG }
#define PF_COMMON_SHORTOPTS "hvq"

enum { PF_OPT_CONFIG = 0x100, PF_OPT_FIRST_PRIVATE = 0x200 };

/*
 * Handle a common option returned by getopt_long. Returns true when `c` was
 * one (with *exit_now set to an exit code for --help or a bad option, else -1).
 */
bool pf_cli_common(struct pf_ctx *ctx, const struct pf_cmd *cmd, int c, char **argv,
		   int *exit_now);

void pf_cli_usage(const struct pf_cmd *cmd, FILE *out);

/*
 * Load the config (--config, PACKETFRAME_CONFIG, else the default path).
 * Without `required`, a missing default file means built-in defaults.
 * Returns 0 or PF_EXIT_USAGE (error logged). Applies its log-level.
 */
struct pf_config;
int pf_cli_config(struct pf_ctx *ctx, struct pf_config *c, bool required);

/*
 * Options of a command whose only own option is --json and that takes no
 * arguments (version, status, feasibility). Returns -1 to go on (with *json
 * set), else the exit code to return.
 */
int pf_cli_json_only(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv,
		     bool *json);

/* Print a JSON document on stdout and free it; PF_EXIT_OK or PF_EXIT_RUNTIME. */
struct cJSON;
int pf_cli_print_json(struct cJSON *o);

/*
 * Reset getopt before a subcommand parses its own argv (glibc and musl);
 * getopt's own messages are off: pf_cli_common names the bad option.
 */
void pf_cli_reset_getopt(void);

#endif
