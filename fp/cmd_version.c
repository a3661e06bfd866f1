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
	char *text;

	if (!o)
		return PF_EXIT_RUNTIME;
	cJSON_AddStringToObject(o, "version", PF_VERSION);
	cJSON_AddStringToObject(o, "arch", PF_ARCH);
	cJSON_AddStringToObject(o, "libbpf", libbpf_version_string());
	cJSON_AddStringToObject(o, "build_id", pf_obj_build_id());
	text = cJSON_Print(o);
	cJSON_Delete(o);
	if (!text)
		return PF_EXIT_RUNTIME;
	puts(text);
	free(text);
	return PF_EXIT_OK;
}

int pf_cmd_version(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	enum { OPT_JSON = PF_OPT_FIRST_PRIVATE };
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		PF_COMMON_LONGOPTS,
		{ 0 },
	};
	bool json = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, PF_COMMON_SHORTOPTS, opts, NULL)) != -1) {
		if (pf_cli_common(ctx, cmd, c, argv, &rc)) {
			if (rc >= 0)
				return rc;
			continue;
		}
		if (c == OPT_JSON)
			json = true;
	}
	if (optind < argc) {
		pf_err(ctx, "version: unexpected argument '%s'", argv[optind]);
		pf_cli_usage(cmd, stderr);
		return PF_EXIT_USAGE;
	}
	if (json)
		return print_json();
	printf("packetframe %s (%s)\nlibbpf %s\nbuild id %s\n", PF_VERSION, PF_ARCH,
	       libbpf_version_string(), pf_obj_build_id());
	return PF_EXIT_OK;
}
