// SPDX-License-Identifier: GPL-2.0-or-later
/* `packetframe version`: what this binary is (version, arch, libbpf, build id). */
#include <stdio.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include <cjson/cJSON.h>
#include "bpf_obj.h"
#include "commands.h"
#include "log.h"

#ifndef PF_VERSION
#error "PF_VERSION must be defined by the build"
#endif
#ifndef PF_ARCH
#error "PF_ARCH must be defined by the build"
#endif

static int print_json(void)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "version", PF_VERSION);
	cJSON_AddStringToObject(o, "arch", PF_ARCH);
	cJSON_AddStringToObject(o, "libbpf", libbpf_version_string());
	cJSON_AddStringToObject(o, "build_id", pf_obj_build_id());
	return pf_cli_print_json(o);
}

int pf_cmd_version(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct pf_json_only o = { 0 };
	struct pf_args a;
	int rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);

	if (rc >= 0)
		return rc;
	if (o.json)
		return print_json();
	printf("packetframe %s (%s)\nlibbpf %s\nbuild id %s\n", PF_VERSION, PF_ARCH,
	       libbpf_version_string(), pf_obj_build_id());
	return PF_EXIT_OK;
}
