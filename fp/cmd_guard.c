// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe guard [--reset] [--json]`: one look of the circuit breaker
 * (guard.h), for a timer to run every few seconds. It exits 0 while all is
 * well or there is nothing to judge, and 5 when this run tripped it: the
 * flag is written, everything detached (paced), the event logged. `attach`
 * and `apply` refuse until `guard --reset`.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <cjson/cJSON.h>
#include "commands.h"
#include "events.h"
#include "guard.h"
#include "instance.h"
#include "lifecycle.h"
#include "log.h"
#include "metrics.h"
#include "session.h"
#include "stats.h"

struct guard_opts {
	bool reset, json;
};

static const struct pf_opt guard_opts[] = {
	{ "reset", 0, PF_OPT_FLAG, offsetof(struct guard_opts, reset),
	  .help = "clear the trip flag (after finding out why it tripped), so attach runs again" },
	{ "json", 0, PF_OPT_FLAG, offsetof(struct guard_opts, json),
	  .help = "the verdict and the last window as one JSON object" },
	{ NULL },
};

const struct pf_cmd_opts pf_guard_opts = { guard_opts, "", 0, 0 };

static double boottime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void boot_id(char *buf, size_t len)
{
	char *text = pf_read_file("/proc/sys/kernel/random/boot_id", 64);

	snprintf(buf, len, "%s", text ? text : "unknown");
	buf[strcspn(buf, "\n")] = 0;
	free(text);
}

static double ratio(const struct pf_guard_state *st)
{
	return st->d_matched ? (double)st->d_errors / (double)st->d_matched : 0;
}

static cJSON *report_json(enum pf_guard_verdict v, const struct pf_breaker_cfg *b,
			  const struct pf_guard_state *st)
{
	cJSON *o = cJSON_CreateObject(), *w;

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "verdict", pf_guard_verdict_names[v]);
	cJSON_AddNumberToObject(o, "drop_ratio", b->ratio);
	cJSON_AddNumberToObject(o, "window_s", b->window_s);
	cJSON_AddNumberToObject(o, "threshold", b->threshold);
	cJSON_AddNumberToObject(o, "streak", st->streak);
	if (st->judged && (w = cJSON_AddObjectToObject(o, "last_window"))) {
		cJSON_AddNumberToObject(w, "span_s", st->span);
		cJSON_AddNumberToObject(w, "errors", (double)st->d_errors);
		cJSON_AddNumberToObject(w, "matched", (double)st->d_matched);
		cJSON_AddNumberToObject(w, "ratio", ratio(st));
		cJSON_AddBoolToObject(w, "bad", st->bad);
	}
	return o;
}

/* Flag, detach --all (paced), say so. PF_EXIT_TRIPPED, whatever else fails. */
static int trip(struct pf_ctx *ctx, struct pf_session *s, const struct pf_guard_state *st,
		const __u64 c[PF_COUNTER_MAX])
{
	const struct pf_breaker_cfg *b = &s->cfg.breaker;
	cJSON *flag = cJSON_CreateObject(), *sig;
	char reason[512], when[PF_EVENT_TIME_LEN];
	time_t now = time(NULL);
	char *text;
	int rc;

	snprintf(reason, sizeof(reason),
		 "%llu error signals in %llu matched frames (%.4f > drop-ratio %g) over %.0f s, "
		 "%u bad windows of %u s in a row (threshold %u)",
		 (unsigned long long)st->d_errors, (unsigned long long)st->d_matched, ratio(st),
		 b->ratio, st->span, st->streak, b->window_s, b->threshold);
	if (flag) {
		cJSON_AddStringToObject(flag, "time", pf_event_time(now, when));
		cJSON_AddNumberToObject(flag, "ts", (double)now);
		cJSON_AddStringToObject(flag, "reason", reason);
		sig = cJSON_AddObjectToObject(flag, "signals");
#define PF_GUARD_JSON(name) cJSON_AddNumberToObject(sig, #name, (double)c[PF_C_##name]);
		PF_GUARD_SIGNALS(PF_GUARD_JSON)
#undef PF_GUARD_JSON
	}
	s->lock_fd = pf_lock(ctx, &s->paths, PF_LOCK_WAIT_S);
	if (s->lock_fd < 0) {
		s->lock_fd = -1;
		pf_warn(ctx, "tripping without the lock on %s (the breaker goes first)",
			s->paths.lock);
	}
	text = flag ? cJSON_Print(flag) : NULL;
	rc = text ? pf_mkdirs(s->paths.state, 0700)
			     ?: pf_write_atomic(s->paths.tripped, text, strlen(text), 0600)
		  : -ENOMEM;
	cJSON_free(text);
	if (rc)
		pf_err(ctx, "cannot write the trip flag %s: %s; attach will not know",
		       s->paths.tripped, strerror(-rc));
	pf_event_set("guard_tripped", flag);
	rc = pf_detach_all(ctx, &s->paths, s->cfg.settle_ms);
	pf_metrics_refresh(ctx, &s->cfg, &s->paths);
	unlink(s->paths.guard);
	pf_err(ctx,
	       "circuit breaker tripped: %s; %s. Find out why (`packetframe events`, the "
	       "counters in the metrics), then `packetframe guard --reset` lets attach run again",
	       reason, rc && rc != -ENOENT ? "detach --all failed (above)" : "detached everything");
	/* Without the lock the session writes no record: this one must not be lost. */
	if (s->lock_fd < 0)
		pf_event_commit(&s->paths, s->cfg.path, PF_EXIT_TRIPPED);
	return PF_EXIT_TRIPPED;
}

static int reset(struct pf_ctx *ctx, struct pf_session *s)
{
	cJSON *flag = pf_guard_tripped(&s->paths);
	char text[640];
	int rc;

	if (!flag) {
		pf_info(ctx, "the circuit breaker has not tripped: nothing to reset");
		return PF_EXIT_OK;
	}
	s->lock_fd = pf_lock(ctx, &s->paths, PF_LOCK_WAIT_S);
	if (s->lock_fd < 0) {
		rc = pf_exit_code(s->lock_fd);
		s->lock_fd = -1;
		cJSON_Delete(flag);
		return rc;
	}
	if (unlink(s->paths.tripped)) {
		pf_err(ctx, "cannot remove %s: %s", s->paths.tripped, strerror(errno));
		cJSON_Delete(flag);
		return PF_EXIT_RUNTIME;
	}
	unlink(s->paths.guard); /* windows from before the trip say nothing now */
	pf_info(ctx, "cleared (it had %s); attach may run again",
		pf_guard_trip_text(flag, text, sizeof(text)));
	pf_event_set("guard_reset", flag);
	return PF_EXIT_OK;
}

/* The counter block, when the fast path counts into it. */
static bool read_counters(const struct pf_inst *in, __u64 c[PF_COUNTER_MAX])
{
	int fd = in->map_fd[PF_MAP_STATS];

	return fd >= 0 && in->prog_fd[PF_PROG_fast_path] >= 0 &&
	       pf_stats_in_use(fd, in->prog_fd[PF_PROG_fast_path]) && !pf_stats_read(fd, c);
}

static bool links_pinned(const struct pf_paths *p)
{
	char **names;
	size_t n;

	if (pf_link_pins(p, &names, &n))
		return false;
	pf_free_names(names, n);
	return n > 0;
}

static int judge(struct pf_ctx *ctx, struct pf_session *s, bool json)
{
	const struct pf_breaker_cfg *b = &s->cfg.breaker;
	__u64 c[PF_COUNTER_MAX];
	struct pf_guard_state st;
	enum pf_guard_verdict v;
	char boot[40], err[PATH_MAX + 256];
	struct pf_inst in;
	bool dirty, have;
	int rc = 0;

	if (pf_inst_open(ctx, &s->paths, &in) == -EPERM) {
		pf_inst_close(&in);
		pf_err(ctx, "guard needs root (CAP_BPF) to read the pinned counters under %s",
		       s->paths.root);
		return PF_EXIT_USAGE;
	}
	have = read_counters(&in, c);
	pf_inst_close(&in);
	if (!have && links_pinned(&s->paths)) {
		/* Attached, but blind: that must not look like "all is well". */
		pf_err(ctx,
		       "interfaces are attached under %s but their counters cannot be read "
		       "(see `packetframe status`): the circuit breaker cannot judge",
		       s->paths.root);
		return PF_EXIT_RUNTIME;
	}
	if (!have) {
		pf_info(ctx, "nothing attached under %s: nothing to judge", s->paths.root);
		return PF_EXIT_OK;
	}
	rc = pf_runtime_check(&s->paths, err, sizeof(err));
	if (rc) {
		pf_err(ctx, "%s", err);
		return pf_exit_code(rc);
	}
	boot_id(boot, sizeof(boot));
	pf_guard_state_read(s->paths.guard, &st); /* none or unreadable: this sample primes */
	v = pf_guard_judge(b, &st, boot, boottime(), c, &dirty);
	if (dirty) {
		rc = pf_mkdirs(s->paths.runtime, 0700) ?: pf_guard_state_write(s->paths.guard, &st);
		if (rc) {
			pf_err(ctx,
			       "cannot keep the breaker's samples in %s: %s (it cannot judge "
			       "without them)",
			       s->paths.guard, strerror(-rc));
			return PF_EXIT_RUNTIME;
		}
	}
	if (json)
		pf_cli_print_json(report_json(v, b, &st));
	else if (ctx->log_level > PF_LOG_ERROR && st.judged && v != PF_GUARD_WAITING)
		printf("guard: %s: %.1f s: %llu error signals in %llu matched (%.4f, "
		       "drop-ratio %g), %u of %u bad windows in a row\n",
		       pf_guard_verdict_names[v], st.span, (unsigned long long)st.d_errors,
		       (unsigned long long)st.d_matched, ratio(&st), b->ratio, st.streak,
		       b->threshold ? b->threshold : 1);
	else if (ctx->log_level > PF_LOG_ERROR)
		printf("guard: %s\n", pf_guard_verdict_names[v]);
	return v == PF_GUARD_TRIP ? trip(ctx, s, &st, c) : PF_EXIT_OK;
}

int pf_cmd_guard(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct guard_opts o = { 0 };
	struct pf_session s;
	struct pf_args a;
	cJSON *flag;
	char text[640];
	int rc;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		return rc;
	if (o.reset) {
		rc = reset(ctx, &s);
	} else if ((flag = pf_guard_tripped(&s.paths))) {
		/* Tripped earlier: nothing runs to judge; status and the metrics say so. */
		pf_info(ctx, "%s; `packetframe guard --reset` clears it",
			pf_guard_trip_text(flag, text, sizeof(text)));
		cJSON_Delete(flag);
	} else if (!s.cfg.breaker.line) {
		pf_info(ctx, "no circuit-breaker line in %s: nothing to judge",
			s.cfg.path[0] ? s.cfg.path : "the config");
	} else {
		rc = judge(ctx, &s, o.json);
	}
	pf_session_close(&s, rc);
	return rc;
}
