// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * packetframe: an XDP fast path for Linux routers. This file is only the CLI
 * entry: global flags, the subcommand table and exit codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fp/cli.h"
#include "fp/commands.h"
#include "fp/log.h"

static const struct pf_cmd commands[] = {
	{ "feasibility", "can the fast path run here? capabilities and advice", "[--json]",
	  pf_cmd_feasibility },
	{ "probe", "show the first bytes the driver hands XDP on an interface, and judge them",
	  "--iface I [--duration D] [--mode auto|native|generic] [--offset N] [--force]",
	  pf_cmd_probe },
	{ "explain", "what the live fast path would do with a given packet, and why",
	  "--src A --dst B [--iface I] [--proto tcp|udp|icmp] [--sport N] [--dport N] "
	  "[--vlan VID] [--ttl N] [--syn] [--json]",
	  pf_cmd_explain },
	{ "attach", "load or adopt the fast path, fill its maps, attach interfaces",
	  "[--mode auto|native|generic] [--recreate] [IFACE ...]", pf_cmd_attach },
	{ "apply", "re-read the config; reconcile maps and the attached set by delta", "",
	  pf_cmd_apply },
	{ "allow", "edit the allowlist (the cron path)",
	  "add|del|replace|list [-f FILE] [PREFIX ...]", pf_cmd_allow },
	{ "detach", "remove links (paced); --all removes every pin and the registry",
	  "[--all] [IFACE ...]", pf_cmd_detach },
	{ "status", "registry vs kernel truth, build, maps, counters, health", "[--json]",
	  pf_cmd_status },
	{ "stats", "counters summed over CPUs; Prometheus textfile export",
	  "[--json] [--prometheus FILE|-]", pf_cmd_stats },
	{ "version", "print version, target arch, libbpf version and build id", "[--json]",
	  pf_cmd_version },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: packetframe [-v|-q] [--config FILE] COMMAND [ARGS]\n\n"
		     "An XDP fast path for allowlisted prefixes, using the kernel's FIB.\n\n"
		     "commands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n`packetframe COMMAND --help` describes a command.\n"
		     "exit codes: 0 ok, 1 usage/config/capability error (nothing changed),\n"
		     "            2 runtime error\n");
}

static const struct pf_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = { PF_COMMON_LONGOPTS, { 0 } };
	struct pf_ctx ctx = { .log_level = PF_LOG_INFO };
	const struct pf_cmd *cmd;
	char prog[64];
	int c, rc;

	ctx.config_path = getenv("PACKETFRAME_CONFIG");
	opterr = 0;

	/* "+": global flags stop at the subcommand name. */
	while ((c = getopt_long(argc, argv, "+" PF_COMMON_SHORTOPTS, opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return PF_EXIT_OK;
		}
		if (c == '?' || c == ':') {
			fprintf(stderr, "packetframe: unknown option or missing argument: '%s'\n\n",
				argv[optind - 1]);
			usage(stderr);
			return PF_EXIT_USAGE;
		}
		pf_cli_common(&ctx, NULL, c, argv, &rc);
	}
	if (optind >= argc) {
		usage(stderr);
		return PF_EXIT_USAGE;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "packetframe: unknown command '%s'\n\n", argv[optind]);
		usage(stderr);
		return PF_EXIT_USAGE;
	}

	/* The subcommand sees argv from its own name on; getopt names it so. */
	argv += optind;
	argc -= optind;
	snprintf(prog, sizeof(prog), "packetframe %s", cmd->name);
	argv[0] = prog;
	pf_cli_reset_getopt();
	pf_log_setup_libbpf(&ctx);
	return cmd->run(&ctx, cmd, argc, argv);
}
