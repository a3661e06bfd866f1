// SPDX-License-Identifier: GPL-2.0-or-later
/* Shared option handling for subcommands. */
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "cli.h"
#include "config.h"
#include "log.h"

void pf_cli_usage(const struct pf_cmd *cmd, FILE *out)
{
	char prog[64];

	snprintf(prog, sizeof(prog), "usage: packetframe %s", cmd->name);
	pf_opts_synopsis(prog, cmd->opts, out);
	fprintf(out, "\n%s\n", cmd->summary);
	if (cmd->opts && cmd->opts->opts && cmd->opts->opts[0].name) {
		fprintf(out, "\noptions:\n");
		pf_opts_help(cmd->opts->opts, out);
	}
	fprintf(out, "\ncommon options:\n");
	pf_opts_help(pf_common_opts, out);
}

int pf_cli_parse(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv, void *dst,
		 struct pf_args *a)
{
	int rc = pf_opts_parse(ctx, cmd->opts, false, argc, argv, dst, a);

	if (rc == PF_OPTS_HELP) {
		pf_cli_usage(cmd, stdout);
		return PF_EXIT_OK;
	}
	if (rc) {
		fputc('\n', stderr);
		pf_cli_usage(cmd, stderr);
		return PF_EXIT_USAGE;
	}
	return -1;
}

static void config_warning(void *arg, const char *msg)
{
	pf_warn((const struct pf_ctx *)arg, "%s", msg);
}

int pf_cli_config(struct pf_ctx *ctx, struct pf_config *c, bool required)
{
	const char *path = ctx->config_path ? ctx->config_path : PF_DEFAULT_CONFIG;
	char err[512];

	if (!ctx->config_path && !required && access(path, F_OK)) {
		pf_config_defaults(c);
		return 0;
	}
	if (pf_config_load(c, path, err, sizeof(err), config_warning, ctx)) {
		pf_err(ctx, "%s", err);
		return PF_EXIT_USAGE;
	}
	if (c->log_level >= 0 && !ctx->log_level_cli) {
		ctx->log_level = c->log_level;
		pf_log_setup_libbpf(ctx);
	}
	return 0;
}

int pf_cli_print_json(cJSON *o)
{
	char *text = o ? cJSON_Print(o) : NULL;

	cJSON_Delete(o);
	if (!text)
		return PF_EXIT_RUNTIME;
	puts(text);
	free(text);
	return PF_EXIT_OK;
}

void pf_cli_reset_getopt(void)
{
	/* 0 asks both glibc and musl for a full re-initialisation. */
	optind = 0;
	opterr = 0;
}
