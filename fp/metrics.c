// SPDX-License-Identifier: GPL-2.0-or-later
/* Prometheus text exposition of a snapshot (see metrics.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "grow.h"
#include "log.h"
#include "bpf_obj.h"
#include "counter_names.h"
#include "metrics.h"
#include "state.h"

#define LABEL "module=\"fast-path\""

struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0 || b->oom)
			return;
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		if (pf_grow((void **)&b->p, &b->cap, b->len + (size_t)n + 1, 1)) {
			b->oom = true;
			return;
		}
	}
}

static void head(struct buf *b, const char *name, const char *type, const char *help)
{
	put(b, "# HELP packetframe_%s %s\n# TYPE packetframe_%s %s\n", name, help, name, type);
}

static void gauge(struct buf *b, const char *name, const char *help, long long v)
{
	head(b, name, "gauge", help);
	put(b, "packetframe_%s{" LABEL "} %lld\n", name, v);
}

static void map_fill(struct buf *b, const struct pf_snapshot *s)
{
	int i;

	head(b, "map_entries", "gauge", "entries in a map of the fast path");
	for (i = 0; i < PF_MAP_COUNT; i++)
		if (s->fill[i].present)
			put(b, "packetframe_map_entries{" LABEL ",map=\"%s\"} %ld\n",
			    pf_maps[i].name, s->fill[i].entries);
	head(b, "map_capacity", "gauge", "entries a map of the fast path can hold");
	for (i = 0; i < PF_MAP_COUNT; i++)
		if (s->fill[i].present)
			put(b, "packetframe_map_capacity{" LABEL ",map=\"%s\"} %u\n",
			    pf_maps[i].name, s->fill[i].max_entries);
}

static void counters(struct buf *b, const struct pf_snapshot *s)
{
	char name[96];
	unsigned int i;

	for (i = 0; i < PF_COUNTER_MAX; i++) {
		if (!pf_counter_shown(i, s->watch_runs))
			continue;
		pf_counter_metric(i, name, sizeof(name));
		/* head() adds the packetframe_ prefix itself. */
		head(b, name + strlen("packetframe_"), "counter", pf_counter_help(i));
		put(b, "%s{" LABEL "} %llu\n", name, (unsigned long long)s->c[i]);
	}
}

char *pf_metrics_text(const struct pf_snapshot *s)
{
	struct buf b = { .p = malloc(16384), .cap = 16384 };

	if (!b.p)
		return NULL;
	b.p[0] = 0;
	gauge(&b, "up", "1 while the fast path runs on at least one interface, else 0",
	      s->programs && s->attached > 0);
	head(&b, "build_info", "gauge", "this binary's build and the pinned programs' build");
	put(&b, "packetframe_build_info{" LABEL ",version=\"%s\",build_id=\"%s\",", PF_VERSION,
	    pf_obj_build_id());
	put(&b, "pinned_build_id=\"%s\"} 1\n", s->pinned_build);
	gauge(&b, "attached_interfaces", "interfaces with a live fast-path link", s->attached);
	if (s->have_cfg)
		gauge(&b, "dry_run", "1 when dry-run is on: allowlisted traffic goes to the kernel",
		      s->dry_run);
	gauge(&b, "guard_tripped",
	      "1 while the circuit breaker's trip flag is set (attach refuses until guard --reset)",
	      s->guard_tripped);
	map_fill(&b, s);
	if (s->have_counters)
		counters(&b, s);
	if (s->have_softnet) {
		/* Kernel-wide, not the module's: no module label. */
		head(&b, "softnet_dropped_total", "counter",
		     "frames the kernel dropped for a full CPU backlog (/proc/net/softnet_stat, "
		     "all CPUs)");
		put(&b, "packetframe_softnet_dropped_total %llu\n",
		    (unsigned long long)s->softnet.dropped);
		head(&b, "softnet_time_squeeze_total", "counter",
		     "times the kernel's receive softirq ran out of budget with work left "
		     "(/proc/net/softnet_stat, all CPUs)");
		put(&b, "packetframe_softnet_time_squeeze_total %llu\n",
		    (unsigned long long)s->softnet.time_squeeze);
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

int pf_metrics_write(const char *path, const struct pf_snapshot *s)
{
	char *text = pf_metrics_text(s);
	int rc;

	if (!text)
		return -ENOMEM;
	if (!strcmp(path, "-"))
		rc = fputs(text, stdout) < 0 ? -EIO : 0;
	else
		rc = pf_write_atomic(path, text, strlen(text), 0644);
	free(text);
	return rc;
}

void pf_metrics_refresh(const struct pf_ctx *ctx, const struct pf_config *c,
			const struct pf_paths *p)
{
	struct pf_snapshot snap;
	struct pf_inst in;
	int rc;

	if (!c->metrics_textfile[0])
		return;
	pf_inst_open(NULL, p, &in);
	pf_snapshot_take(p, &in, &snap);
	rc = pf_metrics_write(c->metrics_textfile, &snap);
	pf_inst_close(&in);
	if (rc)
		pf_warn(ctx, "cannot write %s: %s", c->metrics_textfile, strerror(-rc));
}
