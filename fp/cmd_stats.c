// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe stats [--json] [--prometheus FILE]`: the counters from the
 * pinned STATS map, summed over CPUs; Prometheus text format written
 * atomically for node_exporter's textfile collector.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "commands.h"
#include "counter_names.h"
#include "instance.h"
#include "log.h"
#include "session.h"
#include "stats.h"

/* Counter names as Prometheus metrics: packetframe_<name>_total. */
static void metric_name(char *buf, size_t len, const char *name)
{
	size_t n = strlen(name);
	int w;

	if (n > 6 && !strcmp(name + n - 6, "_total"))
		w = snprintf(buf, len, "packetframe_%s", name);
	else
		w = snprintf(buf, len, "packetframe_%s_total", name);
	if (w < 0 || (size_t)w >= len)
		buf[0] = 0; /* counter names are short; cannot happen */
}

static char *prometheus_text(const __u64 *v)
{
	size_t cap = PF_COUNTER_MAX * 256, len = 0;
	char *buf = malloc(cap), name[96];
	int i;

	if (!buf)
		return NULL;
	for (i = 0; i < PF_COUNTER_MAX; i++) {
		metric_name(name, sizeof(name), pf_counter_name(i));
		len += (size_t)snprintf(buf + len, cap - len,
					"# HELP %s %s\n# TYPE %s counter\n%s{module=\"fast-path\"} %llu\n",
					name, pf_counter_help(i), name, name,
					(unsigned long long)v[i]);
	}
	return buf;
}

int pf_cmd_stats(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	enum { OPT_JSON = PF_OPT_FIRST_PRIVATE, OPT_PROM };
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "prometheus", required_argument, NULL, OPT_PROM },
		PF_COMMON_LONGOPTS,
		{ 0 },
	};
	const char *prom = NULL;
	__u64 v[PF_COUNTER_MAX];
	struct pf_session s;
	struct pf_inst in;
	bool json = false;
	int c, rc, i;

	while ((c = getopt_long(argc, argv, PF_COMMON_SHORTOPTS, opts, NULL)) != -1) {
		if (pf_cli_common(ctx, cmd, c, argv, &rc)) {
			if (rc >= 0)
				return rc;
		} else if (c == OPT_JSON) {
			json = true;
		} else if (c == OPT_PROM) {
			prom = optarg;
		}
	}
	if (optind < argc) {
		pf_err(ctx, "stats: unexpected argument '%s'", argv[optind]);
		return PF_EXIT_USAGE;
	}
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		return rc;
	pf_inst_open(ctx, &s.paths, &in);
	if (in.map_fd[PF_MAP_STATS] < 0) {
		pf_err(ctx, "no counters: nothing pinned under %s (not attached?)", s.paths.root);
		rc = PF_EXIT_RUNTIME;
		goto out;
	}
	rc = pf_stats_read(in.map_fd[PF_MAP_STATS], v);
	if (rc) {
		pf_err(ctx, "cannot read %s/STATS: %s", s.paths.maps, strerror(-rc));
		rc = PF_EXIT_RUNTIME;
		goto out;
	}
	if (prom) {
		char *text = prometheus_text(v);

		rc = text ? (strcmp(prom, "-") ? pf_write_atomic(prom, text, strlen(text), 0644)
					       : (fputs(text, stdout), 0))
			  : -ENOMEM;
		free(text);
		if (rc) {
			pf_err(ctx, "cannot write %s: %s", prom, strerror(-rc));
			rc = PF_EXIT_RUNTIME;
			goto out;
		}
	}
	if (json) {
		pf_cli_print_json(pf_counters_json(v));
	} else if (!prom) {
		for (i = 0; i < PF_COUNTER_MAX; i++)
			printf("%-24s %llu\n", pf_counter_name(i), (unsigned long long)v[i]);
	}
	rc = PF_EXIT_OK;
out:
	pf_inst_close(&in);
	pf_session_close(&s);
	return rc;
}
