// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe stats [--json] [--prometheus FILE]`: the counters from the
 * pinned STATS map, summed over CPUs; Prometheus text format written
 * atomically for node_exporter's textfile collector.
 */
#include <errno.h>
#include <stddef.h>
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

struct stats_opts {
	bool json;
	const char *prom;
};

static const struct pf_opt stats_opts[] = {
	{ "json", 0, PF_OPT_FLAG, offsetof(struct stats_opts, json),
	  .help = "the counters as one JSON object" },
	{ "prometheus", 0, PF_OPT_STRING, offsetof(struct stats_opts, prom), .metavar = "FILE|-",
	  .help = "write Prometheus text format atomically to FILE (- for stdout)" },
	{ NULL },
};

const struct pf_cmd_opts pf_stats_opts = { stats_opts, "", 0, 0 };

int pf_cmd_stats(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct stats_opts o = { 0 };
	const char *prom;
	__u64 v[PF_COUNTER_MAX];
	struct pf_session s;
	struct pf_args a;
	struct pf_inst in;
	int rc, i;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	prom = o.prom;
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
	if (o.json) {
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
