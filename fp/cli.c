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
	fprintf(out, "usage: packetframe %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
	fprintf(out, "\ncommon options:\n"
		     "  -h, --help         show this help\n"
		     "  -v, --verbose      more log output (repeat for libbpf debug)\n"
		     "  -q, --quiet        errors only\n"
		     "      --config FILE  config file (default: $PACKETFRAME_CONFIG or\n"
		     "                     /etc/packetframe/packetframe.conf)\n");
}

bool pf_cli_common(struct pf_ctx *ctx, const struct pf_cmd *cmd, int c, char **argv,
		   int *exit_now)
{
	*exit_now = -1;
	switch (c) {
	case 'h':
		pf_cli_usage(cmd, stdout);
		*exit_now = PF_EXIT_OK;
		return true;
	case 'v':
		ctx->log_level++;
		ctx->log_level_cli = true;
		return true;
	case 'q':
		ctx->log_level = PF_LOG_ERROR;
		ctx->log_level_cli = true;
		return true;
	case PF_OPT_CONFIG:
		ctx->config_path = optarg;
		return true;
	case '?':
	case ':':
		/* optind is already past the offending word. */
		fprintf(stderr, "%s: unknown option or missing argument: '%s'\n\n", argv[0],
			argv[optind - 1]);
		pf_cli_usage(cmd, stderr);
		*exit_now = PF_EXIT_USAGE;
		return true;
	default:
		return false;
	}
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

int pf_cli_json_only(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv,
		     bool *json)
{
	enum { OPT_JSON = PF_OPT_FIRST_PRIVATE };
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		PF_COMMON_LONGOPTS,
		{ 0 },
	};
	int c, rc;

	*json = false;
	while ((c = getopt_long(argc, argv, PF_COMMON_SHORTOPTS, opts, NULL)) != -1) {
		if (pf_cli_common(ctx, cmd, c, argv, &rc)) {
			if (rc >= 0)
				return rc;
		} else if (c == OPT_JSON) {
			*json = true;
		}
	}
	if (optind < argc) {
		pf_err(ctx, "%s: unexpected argument '%s'", cmd->name, argv[optind]);
		pf_cli_usage(cmd, stderr);
		return PF_EXIT_USAGE;
	}
	return -1;
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
