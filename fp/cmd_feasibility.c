// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe feasibility [--json]`: can the fast path run here? Required
 * checks decide the exit code (0 all pass, 1 otherwise); advisory ones are
 * reported. Read-only: loads only throwaway probe programs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "commands.h"
#include "feasibility.h"
#include "log.h"
#include "session.h"

#ifndef PF_VERSION
#error "PF_VERSION must be defined by the build"
#endif

static void print_json(const struct pf_checks *cs, size_t failed)
{
	cJSON *o = cJSON_CreateObject(), *a;
	size_t i;

	cJSON_AddStringToObject(o, "version", PF_VERSION);
	cJSON_AddBoolToObject(o, "passed", failed == 0);
	cJSON_AddNumberToObject(o, "required_failed", (double)failed);
	a = cJSON_AddArrayToObject(o, "checks");
	for (i = 0; i < cs->n; i++) {
		cJSON *c = cJSON_CreateObject();

		cJSON_AddStringToObject(c, "name", cs->v[i].name);
		cJSON_AddBoolToObject(c, "required", cs->v[i].required);
		cJSON_AddStringToObject(c, "status", pf_check_status_names[cs->v[i].status]);
		cJSON_AddStringToObject(c, "detail", cs->v[i].detail);
		cJSON_AddItemToArray(a, c);
	}
	pf_cli_print_json(o);
}

static void print_human(const struct pf_checks *cs, size_t failed)
{
	size_t i;

	printf("packetframe %s feasibility\n%-6s %-4s %-36s %s\n", PF_VERSION, "STATUS", "REQ",
	       "CHECK", "DETAIL");
	for (i = 0; i < cs->n; i++) {
		char st[8];
		size_t k;

		snprintf(st, sizeof(st), "%s", pf_check_status_names[cs->v[i].status]);
		for (k = 0; st[k]; k++)
			st[k] = (char)(st[k] - 32); /* upper case */
		printf("%-6s %-4s %-36s %s\n", st, cs->v[i].required ? "yes" : "no", cs->v[i].name,
		       cs->v[i].detail);
	}
	if (!failed) {
		printf("Result: PASS: every required capability is present.\n");
		return;
	}
	printf("Result: FAIL: %zu required check%s failed:", failed, failed == 1 ? "" : "s");
	for (i = 0; i < cs->n; i++)
		if (cs->v[i].required && cs->v[i].status != PF_CHECK_PASS)
			printf(" %s", cs->v[i].name);
	putchar('\n');
}

int pf_cmd_feasibility(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct pf_session s;
	struct pf_checks cs;
	struct pf_json_only o = { 0 };
	struct pf_args a;
	size_t failed;
	int rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);

	if (rc >= 0)
		return rc;
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		return rc;
	pf_feasibility_run(&s.cfg, &cs);
	failed = pf_checks_failed(&cs);
	if (o.json)
		print_json(&cs, failed);
	else
		print_human(&cs, failed);
	pf_checks_free(&cs);
	pf_session_close(&s, PF_EXIT_OK);
	return failed ? PF_EXIT_USAGE : PF_EXIT_OK;
}
