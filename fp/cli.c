// SPDX-License-Identifier: GPL-2.0-or-later
/* Shared option handling for subcommands. */
#include <getopt.h>
#include "cli.h"
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
		return true;
	case 'q':
		ctx->log_level = PF_LOG_ERROR;
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

void pf_cli_reset_getopt(void)
{
	/* 0 asks both glibc and musl for a full re-initialisation. */
	optind = 0;
	opterr = 0;
}
