// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe stats [--json] [--prometheus [FILE|-]] [--interval N
 * [--count C]]`: the counters from the pinned STATS map, summed over CPUs;
 * the Prometheus textfile (to FILE, or the config's metrics-textfile) for
 * node_exporter. When nothing is attached the textfile says so
 * (packetframe_up 0) instead of failing or going stale. With --interval, the
 * live view: per-second rates every N seconds (live_view.c).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "commands.h"
#include "counter_names.h"
#include "instance.h"
#include "live_view.h"
#include "log.h"
#include "metrics.h"
#include "session.h"
#include "snapshot.h"
#include "stats.h"

struct stats_opts {
	bool json;
	bool prom;
	unsigned int interval, count;
};

static const struct pf_opt stats_opts[] = {
	{ "json", 0, PF_OPT_FLAG, offsetof(struct stats_opts, json),
	  .help = "the counters as one JSON object" },
	{ "prometheus", 0, PF_OPT_FLAG, offsetof(struct stats_opts, prom),
	  .help = "write the Prometheus textfile, atomically, to FILE (- for stdout) or to "
		  "the config's metrics-textfile" },
	{ "interval", 0, PF_OPT_UINT, offsetof(struct stats_opts, interval), .min = 1, .max = 3600,
	  .metavar = "N",
	  .help = "every N seconds, the rates since the last: received, fast-pathed (and its "
		  "share), to the kernel with the top reasons, dropped, errors (with --json: "
		  "one object a line); until interrupted" },
	{ "count", 0, PF_OPT_UINT, offsetof(struct stats_opts, count), .min = 1, .max = 1000000,
	  .metavar = "C", .help = "with --interval: stop after C lines" },
	{ NULL },
};

const struct pf_cmd_opts pf_stats_opts = { stats_opts, "[FILE|-]", 0, 1 };

/* The textfile: FILE, else the config's; PF_REFUSED when neither names one. */
static int write_metrics(const struct pf_ctx *ctx, const struct pf_session *s,
			 const struct pf_snapshot *snap, const char *file)
{
	const char *path = file ? file : s->cfg.metrics_textfile;
	int rc;

	if (!path[0]) {
		pf_err(ctx, "--prometheus: name a FILE, or set metrics-textfile in %s",
		       s->cfg.path[0] ? s->cfg.path : "the config");
		return PF_REFUSED;
	}
	rc = pf_metrics_write(path, snap);
	if (rc)
		pf_err(ctx, "cannot write %s: %s", path, strerror(-rc));
	return rc;
}

int pf_cmd_stats(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct stats_opts o = { 0 };
	struct pf_snapshot snap;
	struct pf_session s;
	struct pf_args a;
	struct pf_inst in;
	int rc, i;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	if (a.argc && !o.prom) {
		pf_err(ctx, "stats: '%s': a FILE goes with --prometheus", a.argv[0]);
		return PF_EXIT_USAGE;
	}
	if ((o.count && !o.interval) || (o.interval && o.prom)) {
		pf_err(ctx, "stats: %s",
		       o.prom ? "--interval and --prometheus do not go together"
			      : "--count goes with --interval");
		return PF_EXIT_USAGE;
	}
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		return rc;
	if (pf_inst_open(ctx, &s.paths, &in) == -EPERM) {
		pf_err(ctx, "stats needs root (CAP_BPF) to read the pinned counters under %s",
		       s.paths.root);
		rc = PF_REFUSED;
		goto out;
	}
	if (o.interval) {
		rc = pf_live_view(ctx, &s.paths, o.interval, o.count, o.json);
		if (rc)
			pf_err(ctx, "no live counters under %s (see `status`)", s.paths.root);
		goto out;
	}
	pf_snapshot_take(&s.paths, &in, &snap);
	if (o.prom) {
		rc = write_metrics(ctx, &s, &snap, a.argc ? a.argv[0] : NULL);
		if (rc || !o.json)
			goto out;
	}
	if (!snap.have_counters) {
		pf_err(ctx,
		       "no live counters under %s: nothing pinned (not attached?), or the "
		       "pinned block is not the one the fast path counts into (see `status`)",
		       s.paths.root);
		rc = -ENOENT;
	} else if (o.json) {
		cJSON *j = pf_counters_json(snap.c, snap.watch_runs), *k;

		if (j && snap.have_softnet) {
			k = cJSON_AddObjectToObject(j, "kernel");
			cJSON_AddNumberToObject(k, "softnet_dropped", (double)snap.softnet.dropped);
			cJSON_AddNumberToObject(k, "softnet_time_squeeze",
						(double)snap.softnet.time_squeeze);
		}
		rc = pf_cli_print_json(j) ? -EIO : 0;
	} else {
		for (i = 0; i < PF_COUNTER_MAX; i++)
			if (pf_counter_shown(i, snap.watch_runs))
				printf("%-24s %llu\n", pf_counter_name(i),
				       (unsigned long long)snap.c[i]);
		/* The kernel's own losses around the fast path, not counted by it. */
		if (snap.have_softnet)
			printf("kernel: softnet_dropped %llu, softnet_time_squeeze %llu\n",
			       (unsigned long long)snap.softnet.dropped,
			       (unsigned long long)snap.softnet.time_squeeze);
	}
out:
	pf_inst_close(&in);
	pf_session_close(&s, pf_exit_code(rc));
	return pf_exit_code(rc);
}
