// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * packetframe: an XDP fast path for Linux routers. This file is only the CLI
 * entry: global flags, the subcommand table and exit codes.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "fp/cli.h"
#include "fp/commands.h"
#include "fp/config.h"
#include "fp/counter_names.h"
#include "fp/events.h"
#include "fp/log.h"

static int help(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv);
static const struct pf_opt help_opt_list[] = {
	{ "json", 0, PF_OPT_FLAG, offsetof(struct pf_json_only, json),
	  .help = "every command with its options, and the config directives, as one JSON "
		  "object (the man pages and shell completion are made from it)" },
	{ NULL },
};
static const struct pf_cmd_opts help_opts = { help_opt_list, "[COMMAND]", 0, 1 };

static const struct pf_cmd commands[] = {
	{ "feasibility", "can the fast path run here? capabilities and advice", &pf_json_only_opts,
	  pf_cmd_feasibility },
	{ "probe", "show the first bytes the driver hands XDP on an interface, and judge them",
	  &pf_probe_opts, pf_cmd_probe },
	{ "explain", "what the live fast path would do with a given packet, and why",
	  &pf_explain_opts, pf_cmd_explain },
	{ "attach", "load or adopt the fast path, fill its maps, attach interfaces",
	  &pf_attach_opts, pf_cmd_attach },
	{ "apply", "re-read the config; reconcile maps and the attached set by delta",
	  &pf_apply_opts, pf_cmd_apply },
	{ "allow", "edit the allowlist (the cron path)", &pf_allow_opts, pf_cmd_allow },
	{ "detach", "remove links (paced); --all removes every pin and the registry",
	  &pf_detach_opts, pf_cmd_detach },
	{ "status", "registry vs kernel truth, build, maps, counters, health", &pf_json_only_opts,
	  pf_cmd_status },
	{ "stats", "counters summed over CPUs; Prometheus textfile export", &pf_stats_opts,
	  pf_cmd_stats },
	{ "guard", "the circuit breaker: judge the error signals, detach --all when they stay high",
	  &pf_guard_opts, pf_cmd_guard },
	{ "capture", "what the fast path does with each frame, as pcapng with verdict comments",
	  &pf_capture_opts, pf_cmd_capture },
	{ "sflow", "export sFlow v5 flow and counter samples from the fast path's sampler",
	  &pf_sflow_opts, pf_cmd_sflow },
	{ "events", "what mutating commands changed, and their results (the event log)",
	  &pf_events_opts, pf_cmd_events },
	{ "version", "print version, target arch, libbpf version and build id", &pf_json_only_opts,
	  pf_cmd_version },
	{ "help", "describe a command (its options), or list them all", &help_opts, help },
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
	fprintf(out, "\n`packetframe help COMMAND` (or COMMAND --help) describes a command;\n"
		     "`packetframe --version` is `packetframe version`.\n"
		     "exit codes: 0 ok, 1 usage/config/capability error (nothing changed),\n"
		     "            2 runtime error, 3/4 status: degraded/detached,\n"
		     "            5 guard: the circuit breaker tripped\n");
}

static const struct pf_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* One command's reference: name, summary, synopsis, options. */
static cJSON *command_json(const struct pf_cmd *c)
{
	cJSON *o = cJSON_CreateObject();
	char prog[64], *syn = NULL;
	size_t len;
	FILE *f = open_memstream(&syn, &len);

	if (!o || !f) {
		if (f)
			fclose(f);
		cJSON_Delete(o);
		return NULL;
	}
	snprintf(prog, sizeof(prog), "packetframe %s", c->name);
	pf_opts_synopsis(prog, c->opts, f);
	fclose(f);
	syn[strcspn(syn, "\n")] = 0;
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "summary", c->summary);
	cJSON_AddStringToObject(o, "synopsis", syn);
	cJSON_AddStringToObject(o, "args", c->opts && c->opts->args ? c->opts->args : "");
	cJSON_AddItemToObject(o, "options", pf_opts_json(c->opts ? c->opts->opts : NULL));
	free(syn);
	return o;
}

static int reference_json(void)
{
	cJSON *o = cJSON_CreateObject(), *cmds = cJSON_AddArrayToObject(o, "commands");
	size_t i;

	for (i = 0; cmds && i < N_COMMANDS; i++)
		cJSON_AddItemToArray(cmds, command_json(&commands[i]));
	cJSON_AddItemToObject(o, "common_options", pf_opts_json(pf_common_opts));
	cJSON_AddItemToObject(o, "directives", pf_config_directives_json());
	cJSON_AddItemToObject(o, "counters", pf_counters_reference_json());
	return pf_cli_print_json(o);
}

/* `packetframe help [COMMAND]`: what `COMMAND --help` prints, or the command list. */
static int help(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct pf_json_only o = { 0 };
	const struct pf_cmd *c;
	struct pf_args a;
	int rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);

	if (rc >= 0)
		return rc;
	if (o.json && !a.argc)
		return reference_json();
	if (o.json) {
		pf_err(ctx, "help --json describes every command: it takes no COMMAND");
		return PF_EXIT_USAGE;
	}
	if (!a.argc) {
		usage(stdout);
		return PF_EXIT_OK;
	}
	c = find_command(a.argv[0]);
	if (!c) {
		pf_err(ctx, "help: unknown command '%s' (`packetframe help` lists them)", a.argv[0]);
		return PF_EXIT_USAGE;
	}
	pf_cli_usage(c, stdout);
	return PF_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct pf_cmd_opts global = { NULL, "COMMAND [ARGS]", 1, -1 };
	struct pf_ctx ctx = { .log_level = PF_LOG_INFO };
	const struct pf_cmd *cmd;
	struct pf_args a;
	char prog[64];
	int rc;

	ctx.config_path = getenv("PACKETFRAME_CONFIG");
	/* The one global spelling every tool has: `packetframe --version` is `version`. */
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		static char name[] = "packetframe version", *args[] = { name, NULL };

		return pf_cmd_version(&ctx, find_command("version"), 1, args);
	}
	/* Global options stop at the command name. */
	rc = pf_opts_parse(&ctx, &global, true, argc, argv, NULL, &a);
	if (rc == PF_OPTS_HELP) {
		usage(stdout);
		return PF_EXIT_OK;
	}
	if (rc) {
		fputc('\n', stderr);
		usage(stderr);
		return PF_EXIT_USAGE;
	}
	cmd = find_command(a.argv[0]);
	if (!cmd) {
		fprintf(stderr, "packetframe: unknown command '%s'\n\n", a.argv[0]);
		usage(stderr);
		return PF_EXIT_USAGE;
	}

	/* The subcommand sees argv from its own name on; getopt names it so. */
	argv = a.argv;
	argc = a.argc;
	snprintf(prog, sizeof(prog), "packetframe %s", cmd->name);
	argv[0] = prog;
	pf_cli_reset_getopt();
	pf_log_setup_libbpf(&ctx);
	pf_event_begin(cmd->name, argc, argv);
	return cmd->run(&ctx, cmd, argc, argv);
}
