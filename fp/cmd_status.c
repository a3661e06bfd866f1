// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe status [--json]`: the registry against kernel truth (is each
 * pinned link still attached, to which ifindex, which program, which mode),
 * the pinned build against this binary, the tail-call slot, map fill levels,
 * counters, drift from the config, and a one-line health verdict, which the
 * exit code also tells: 0 ok, 3 degraded, 4 detached. Read-only.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <bpf/bpf.h>
#include <cjson/cJSON.h>
#include <sys/stat.h>
#include "bpf_obj.h"
#include "commands.h"
#include "guard.h"
#include "instance.h"
#include "lifecycle.h"
#include "links.h"
#include "bypass.h"
#include "log.h"
#include "offload.h"
#include "registry.h"
#include "sampler.h"
#include "session.h"
#include "snapshot.h"
#include "stats.h"
#include "sync.h"
#include "want.h"
#include "watch.h"
#include "allow_file.h"

/* Bumped when a field of `status --json` changes meaning or goes away. */
#define PF_STATUS_SCHEMA 1

static void problem(cJSON *list, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(cJSON *list, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cJSON_AddItemToArray(list, cJSON_CreateString(msg));
}

/* One pinned link against the kernel and the registry. */
static cJSON *attachment(const struct pf_session *s, const struct pf_inst *in,
			 const struct pf_registry *reg, const char *pin, cJSON *probs, bool *live)
{
	cJSON *a = cJSON_CreateObject();
	struct pf_link_info li;
	bool in_reg = false;
	size_t j;

	char now_name[IF_NAMESIZE] = "";
	struct pf_offload off;
	long long since = 0;

	pf_link_inspect(&s->paths, pin, &li);
	for (j = 0; j < reg->n; j++)
		if (!strcmp(reg->e[j].iface, pin) && reg->e[j].link_id == li.link_id) {
			in_reg = true;
			since = reg->e[j].attached_at;
		}
	if (li.live && !if_indextoname((unsigned int)li.ifindex, now_name))
		now_name[0] = 0;
	cJSON_AddStringToObject(a, "iface", pin);
	cJSON_AddNumberToObject(a, "ifindex", li.ifindex);
	cJSON_AddStringToObject(a, "mode", li.live ? li.mode : "detached");
	cJSON_AddNumberToObject(a, "link_id", li.link_id);
	cJSON_AddNumberToObject(a, "prog_id", li.prog_id);
	cJSON_AddBoolToObject(a, "live", li.live);
	cJSON_AddBoolToObject(a, "current_program",
			      li.prog_id && li.prog_id == in->prog_id[PF_PROG_fast_path]);
	cJSON_AddBoolToObject(a, "in_registry", in_reg);
	if (since)
		cJSON_AddNumberToObject(a, "attached_at", (double)since);
	*live = li.live;
	if (li.live && now_name[0] && !pf_offload_get(now_name, &off) && off.active)
		problem(probs,
			"%s: rx VLAN offload is on again: tagged frames look untagged to the "
			"fast path (`packetframe attach` turns it off)",
			now_name);
	if (li.live && strcmp(now_name, pin))
		problem(probs, "%s: the device (ifindex %d) is now named '%s'; the config and "
			       "`detach` know it by its old name", pin, li.ifindex, now_name);
	if (!li.live)
		problem(probs, "%s: link pinned but no longer attached (device gone?)", pin);
	else if (li.prog_id != in->prog_id[PF_PROG_fast_path])
		problem(probs, "%s: runs another program than the pinned fast path", pin);
	if (!in_reg)
		problem(probs, "%s: missing from the registry (any mutating command rewrites it)",
			pin);
	return a;
}

static bool in_names(char **names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* Every link pin, and what the registry or the config expect that has none. */
static int add_attachments(cJSON *o, const struct pf_session *s, const struct pf_inst *in,
			   cJSON *probs, size_t *n_pins)
{
	cJSON *atts = cJSON_AddArrayToObject(o, "attachments");
	struct pf_registry reg;
	char err[256], **pins;
	int live = 0;
	size_t i;

	if (pf_registry_read(s->paths.registry, &reg, err, sizeof(err)) == -EINVAL)
		problem(probs, "registry: %s", err);
	pf_link_pins(&s->paths, &pins, n_pins);
	for (i = 0; i < *n_pins; i++) {
		bool up;

		cJSON_AddItemToArray(atts, attachment(s, in, &reg, pins[i], probs, &up));
		live += up;
	}
	for (i = 0; i < reg.n; i++)
		if (!in_names(pins, *n_pins, reg.e[i].iface))
			problem(probs, "%s: in the registry but has no link pin", reg.e[i].iface);
	for (i = 0; i < s->cfg.n_attach; i++)
		if (!in_names(pins, *n_pins, s->cfg.attach[i].iface))
			problem(probs, "%s: configured but not attached (run `packetframe attach`)",
				s->cfg.attach[i].iface);
	pf_free_names(pins, *n_pins);
	pf_registry_free(&reg);
	return live;
}

/* Fill of every map the manifest shows. */
static void add_maps(cJSON *o, const struct pf_inst *in)
{
	cJSON *maps = cJSON_AddObjectToObject(o, "maps");
	int i;

	for (i = 0; i < PF_MAP_COUNT; i++) {
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);
		int fd = in->map_fd[i];
		cJSON *m;

		if (!pf_maps[i].shown || fd < 0 || bpf_map_get_info_by_fd(fd, &info, &len))
			continue;
		m = cJSON_AddObjectToObject(maps, pf_maps[i].name);
		cJSON_AddNumberToObject(m, "entries", (double)pf_map_entries(fd));
		cJSON_AddNumberToObject(m, "max_entries", info.max_entries);
	}
}

/* CFG as planned against CFG as live: dry-run, the presence bits, the global MSS. */
static void cfg_drift(cJSON *drift, const struct pf_sync *sy, cJSON *probs)
{
	const struct pf_cfg *want = &sy->cfg, *live = &sy->cfg_prev;
	/* The sampler's switch is a session's, not the config's. */
	__u8 live_flags = live->flags & (__u8)~PF_CFG_SAMPLER;
	cJSON *m;

	if (want->dry_run == live->dry_run && want->flags == live_flags &&
	    want->mss_global == live->mss_global && want->version == live->version &&
	    want->route_mtu == live->route_mtu)
		return;
	m = cJSON_AddObjectToObject(drift, pf_maps[PF_MAP_CFG].name);
	cJSON_AddNumberToObject(m, "dry_run", live->dry_run);
	cJSON_AddNumberToObject(m, "dry_run_wanted", want->dry_run);
	cJSON_AddNumberToObject(m, "flags", live_flags);
	cJSON_AddNumberToObject(m, "flags_wanted", want->flags);
	cJSON_AddNumberToObject(m, "mss_global", live->mss_global);
	cJSON_AddNumberToObject(m, "mss_global_wanted", want->mss_global);
	cJSON_AddNumberToObject(m, "route_mtu", live->route_mtu);
	cJSON_AddNumberToObject(m, "route_mtu_wanted", want->route_mtu);
	if (live_flags & ~want->flags & (PF_CFG_FIB_DIRECT4 | PF_CFG_FIB_DIRECT6))
		problem(probs, "policy rules or local-table routes changed since the last apply: "
			       "the direct FIB lookup skips them (`packetframe apply` switches to "
			       "the full lookup under `fib-lookup auto`; `direct` refuses them)");
	problem(probs,
		"%s differs from the config (dry-run %u, want %u; flags %#x, want %#x; "
		"global MSS %u, want %u): `packetframe apply` syncs it",
		pf_maps[PF_MAP_CFG].name, live->dry_run, want->dry_run, live_flags, want->flags,
		live->mss_global, want->mss_global);
}

/*
 * What `apply` would change: the maps planned from the config, the allow list
 * and the devices as they are now, against the live maps (nothing written).
 */
static void add_drift(cJSON *o, const struct pf_session *s, const struct pf_inst *in,
		      cJSON *probs)
{
	struct pf_want_input wi = { .c = &s->cfg, .paths = &s->paths, .keep_pinned = true };
	cJSON *drift = cJSON_AddObjectToObject(o, "drift");
	struct pf_sync sy;
	char err[1024];
	int i, rc;

	pf_sync_init(&sy, in);
	rc = pf_want_input_load(&wi, err, sizeof(err));
	rc = rc ?: pf_want_all(&sy, &wi, err, sizeof(err)) ?: pf_sync_plan(&sy, err, sizeof(err));
	if (rc)
		problem(probs, "cannot compare the live maps with the config: %s", err);
	for (i = 0; !rc && i < PF_MAP_COUNT; i++) {
		const struct pf_delta *d = &sy.delta[i];
		cJSON *m;

		if (!sy.wanted[i] || !(d->added + d->changed + d->removed))
			continue;
		m = cJSON_AddObjectToObject(drift, pf_maps[i].name);
		cJSON_AddNumberToObject(m, "missing", (double)d->added);
		cJSON_AddNumberToObject(m, "different", (double)d->changed);
		cJSON_AddNumberToObject(m, "extra", (double)d->removed);
		problem(probs, "%s differs from the config, allow list and devices: %zu missing, "
			       "%zu different, %zu extra (`packetframe apply` syncs it)",
			pf_maps[i].name, d->added, d->changed, d->removed);
	}
	if (!rc)
		cfg_drift(drift, &sy, probs);
	pf_sync_free(&sy);
	pf_want_input_free(&wi);
}

/*
 * IPv4's lookup as the fast path does it now: `auto`'s direct lookup gives
 * way to the full one once its probe found no evidence that the tables are
 * still merged (FIB_SPLIT4 marked at the live generation).
 */
static const char *live_fib4(const struct pf_inst *in, const struct pf_cfg *live, cJSON *probs)
{
	__u64 split = 0;
	__u32 zero = 0;

	if (!(live->flags & PF_CFG_FIB_DIRECT4))
		return "full";
	if (!(live->flags & PF_CFG_FIB_PROBE4) || in->map_fd[PF_MAP_FIB_SPLIT4] < 0 ||
	    bpf_map_lookup_elem(in->map_fd[PF_MAP_FIB_SPLIT4], &zero, &split) ||
	    split != PF_FIB_SPLIT_AT(live->gen))
		return "direct";
	problem(probs, "IPv4's local table no longer looks merged into main to the fast path "
		       "(a policy rule since the last apply, or its probe's route went away): it "
		       "takes the full lookup; `packetframe apply` plans for what is there now");
	return "full";
}

/* What the config says the fast path does, beside what it holds. */
static void add_config(cJSON *o, const struct pf_session *s, const struct pf_inst *in, cJSON *probs)
{
	cJSON *c = cJSON_AddObjectToObject(o, "config");
	struct pf_cfg live = { 0 };
	__u32 zero = 0;

	cJSON_AddStringToObject(c, "path", s->cfg.path[0] ? s->cfg.path : "(none: defaults)");
	cJSON_AddBoolToObject(c, "dry_run", s->cfg.dry_run);
	cJSON_AddNumberToObject(c, "mss_global", s->cfg.mss_global);
	cJSON_AddStringToObject(c, "fib_lookup", pf_fib_mode_names[s->cfg.fib_lookup]);
	if (s->cfg.breaker.line) {
		cJSON *b = cJSON_AddObjectToObject(c, "circuit_breaker");

		cJSON_AddNumberToObject(b, "line", s->cfg.breaker.line);
		cJSON_AddNumberToObject(b, "drop_ratio", s->cfg.breaker.ratio);
		cJSON_AddNumberToObject(b, "window_s", s->cfg.breaker.window_s);
		cJSON_AddNumberToObject(b, "threshold", s->cfg.breaker.threshold);
	}
	if (in->map_fd[PF_MAP_CFG] >= 0 &&
	    !bpf_map_lookup_elem(in->map_fd[PF_MAP_CFG], &zero, &live)) {
		cJSON_AddBoolToObject(o, "dry_run", live.dry_run);
		cJSON_AddNumberToObject(o, "mss_global", live.mss_global);
		c = cJSON_AddObjectToObject(o, "fib_lookup");
		cJSON_AddStringToObject(c, "v4", live_fib4(in, &live, probs));
		cJSON_AddStringToObject(c, "v6",
					live.flags & PF_CFG_FIB_DIRECT6 ? "direct" : "full");
	}
}

/*
 * The sampler: who holds it (capture or sflow), and whether the fast path
 * looks for a session (PF_CFG_SAMPLER) or draws (CAPTURE's rate) with
 * nobody reading: a session that was killed.
 */
static void add_sampler(cJSON *o, const struct pf_session *s, const struct pf_inst *in,
			cJSON *probs)
{
	cJSON *j = cJSON_AddObjectToObject(o, "sampler");
	struct pf_capture_cfg cc = { 0 };
	struct pf_cfg live = { 0 };
	char holder[128];
	__u32 zero = 0;
	bool wanted, on;

	pf_sampler_holder(&s->paths, holder, sizeof(holder));
	wanted = in->map_fd[PF_MAP_CFG] >= 0 &&
		 !bpf_map_lookup_elem(in->map_fd[PF_MAP_CFG], &zero, &live) &&
		 (live.flags & PF_CFG_SAMPLER);
	on = in->map_fd[PF_MAP_CAPTURE] >= 0 &&
	     !bpf_map_lookup_elem(in->map_fd[PF_MAP_CAPTURE], &zero, &cc) && cc.rate;
	if (holder[0])
		cJSON_AddStringToObject(j, "held_by", holder);
	else
		cJSON_AddNullToObject(j, "held_by");
	cJSON_AddBoolToObject(j, "on", wanted && on);
	if (on)
		cJSON_AddNumberToObject(j, "rate", cc.rate);
	if (!holder[0] && (wanted || on))
		problem(probs, "the sampler is on with no capture or sflow reading it (a session "
			       "was killed): the fast path draws frames for nobody; the next "
			       "capture or sflow takes it over and turns it off when it ends");
}

static void note_bypass(void *arg, const char *what)
{
	cJSON_AddItemToArray(arg, cJSON_CreateString(what));
}

/*
 * The redirect watch: whether err_redirect is counted (and shown). Not
 * running where it could is a problem once something is attached; on a
 * kernel without BTF it is only said.
 */
static bool add_watch(cJSON *o, const struct pf_session *s, const struct pf_inst *in, int live,
		      cJSON *probs)
{
	char why[PATH_MAX + 128];
	bool runs = pf_watch_runs(&s->paths, in, why, sizeof(why));
	cJSON *w = cJSON_AddObjectToObject(o, "redirect_watch");

	cJSON_AddBoolToObject(w, "runs", runs);
	if (!runs) {
		cJSON_AddStringToObject(w, "why", why);
		if (live && pf_watch_loadable(why, sizeof(why)))
			problem(probs, "%s", cJSON_GetObjectItem(w, "why")->valuestring);
	}
	return runs;
}

/*
 * The circuit breaker: tripped (the flag), or how it last judged, and
 * whether anything runs `guard` at all: a breaker no timer runs protects
 * nothing, and status must not let it look as if it did.
 */
static void add_guard(cJSON *o, const struct pf_session *s, int live, cJSON *probs)
{
	const struct pf_breaker_cfg *b = &s->cfg.breaker;
	cJSON *g = cJSON_AddObjectToObject(o, "guard"), *flag = pf_guard_tripped(&s->paths);
	struct pf_guard_state st;
	struct stat sb;
	char text[640];
	double age;

	cJSON_AddBoolToObject(g, "configured", b->line != 0);
	if (flag) {
		problem(probs,
			"the circuit breaker %s (`packetframe guard --reset` after finding "
			"out why)",
			pf_guard_trip_text(flag, text, sizeof(text)));
		cJSON_AddItemToObject(g, "tripped", flag);
	}
	if (!b->line || !live)
		return;
	if (!pf_guard_state_read(s->paths.guard, &st)) {
		cJSON_AddNumberToObject(g, "streak", st.streak);
		if (st.judged)
			cJSON_AddBoolToObject(g, "last_window_bad", st.bad);
	}
	/* Since guard last wrote its samples, else since the links changed. */
	if (stat(s->paths.guard, &sb) && stat(s->paths.links, &sb))
		return;
	age = difftime(time(NULL), sb.st_mtime);
	cJSON_AddNumberToObject(g, "last_look_s", age);
	if (age > 2.0 * b->window_s + 30)
		problem(probs,
			"the circuit breaker is configured but `packetframe guard` has not "
			"judged a window for %.0f s (is packetframe-guard.timer enabled?)",
			age);
}

/*
 * Every tail-call slot holds its pinned program? If not, which (and what
 * its slot holds: 0 when empty).
 */
static bool tail_calls_ready(const struct pf_inst *in, int *bad, __u32 *held)
{
	int i;

	for (i = 0; i < PF_PROG_COUNT; i++) {
		__u32 slot = (__u32)pf_prog_slot[i];

		if (pf_prog_slot[i] < 0)
			continue;
		*bad = i;
		*held = 0;
		if (in->map_fd[PF_MAP_MUTATION_PROGS] < 0 ||
		    bpf_map_lookup_elem(in->map_fd[PF_MAP_MUTATION_PROGS], &slot, held) || !*held ||
		    *held != in->prog_id[i])
			return false;
	}
	return true;
}

static cJSON *build(const struct pf_session *s, const struct pf_inst *in, bool *ok)
{
	cJSON *o = cJSON_CreateObject(), *probs = cJSON_CreateArray(), *b;
	__u64 v[PF_COUNTER_MAX];
	__u32 slot_id = 0;
	size_t n_pins = 0;
	bool slot_ok, watch;
	int live, bad_prog = 0;

	cJSON_AddNumberToObject(o, "schema", PF_STATUS_SCHEMA);
	cJSON_AddNumberToObject(o, "time", (double)time(NULL));
	cJSON_AddStringToObject(o, "bpffs_root", s->cfg.bpffs_root);
	cJSON_AddStringToObject(o, "state_dir", s->cfg.state_dir);
	add_config(o, s, in, probs);
	b = cJSON_AddObjectToObject(o, "build");
	cJSON_AddStringToObject(b, "binary", pf_obj_build_id());
	cJSON_AddStringToObject(b, "pinned", in->meta.build_id);
	cJSON_AddStringToObject(b, "pinned_version", in->meta.version);
	cJSON_AddBoolToObject(b, "match", !strcmp(in->meta.build_id, pf_obj_build_id()));
	slot_ok = tail_calls_ready(in, &bad_prog, &slot_id);
	cJSON_AddBoolToObject(o, "tail_call_ready", slot_ok);
	live = add_attachments(o, s, in, probs, &n_pins);
	if (n_pins && !slot_ok && !slot_id)
		problem(probs, "tail-call slot %d (%s) is empty: %s (run `packetframe attach`)",
			pf_prog_slot[bad_prog], pf_prog_names[bad_prog],
			bad_prog == PF_PROG_finalize ? "VLAN and MSS frames pass to the kernel"
						     : "a capture or sflow session sees nothing");
	else if (n_pins && !slot_ok)
		problem(probs,
			"tail-call slot %d holds program %u, not the pinned %s (an "
			"interrupted upgrade?): run `packetframe attach`",
			pf_prog_slot[bad_prog], slot_id, pf_prog_names[bad_prog]);
	add_maps(o, in);
	if (in->prog_fd[PF_PROG_fast_path] >= 0)
		add_drift(o, s, in, probs);
	watch = add_watch(o, s, in, live, probs);
	add_guard(o, s, live, probs);
	add_sampler(o, s, in, probs);
	/* By design, not a problem: what the forwarded traffic does not meet here. */
	pf_bypass_scan(note_bypass, cJSON_AddArrayToObject(o, "bypassed"));
	if (in->map_fd[PF_MAP_STATS] >= 0 &&
	    !pf_stats_in_use(in->map_fd[PF_MAP_STATS], in->prog_fd[PF_PROG_fast_path]))
		problem(probs,
			"the pinned %s is not the counter block the fast path counts into: "
			"counters are not shown (run `packetframe attach`; if it stays, "
			"`attach --recreate`)",
			pf_maps[PF_MAP_STATS].name);
	else if (in->map_fd[PF_MAP_STATS] >= 0 && !pf_stats_read(in->map_fd[PF_MAP_STATS], v))
		cJSON_AddItemToObject(o, "counters", pf_counters_json(v, watch));
	if (in->prog_fd[PF_PROG_fast_path] < 0 && (n_pins || pf_watch_leftovers(&s->paths)))
		problem(probs, "links pinned but the programs are not: run `packetframe attach` "
			       "or `detach --all`");
	/* Nothing runs anywhere: detached, whatever else is wrong. */
	cJSON_AddStringToObject(o, "health", !live ? "detached"
					     : cJSON_GetArraySize(probs) ? "degraded" : "ok");
	cJSON_AddNumberToObject(o, "attached", live);
	cJSON_AddItemToObject(o, "problems", probs);
	*ok = !cJSON_GetArraySize(probs);
	return o;
}

static void print_human(cJSON *o)
{
	cJSON *a, *it, *m, *c, *t;
	const char *health = cJSON_GetObjectItem(o, "health")->valuestring;
	cJSON *b = cJSON_GetObjectItem(o, "build");

	printf("packetframe fast-path: %s\n", health);
	c = cJSON_GetObjectItem(o, "config");
	printf("  config    %s\n", cJSON_GetObjectItem(c, "path")->valuestring);
	t = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "guard"), "tripped");
	if (t)
		printf("  breaker   TRIPPED at %s: %s\n",
		       cJSON_GetStringValue(cJSON_GetObjectItem(t, "time")) ?: "?",
		       cJSON_GetStringValue(cJSON_GetObjectItem(t, "reason")) ?: "?");
	else if (cJSON_GetObjectItem(c, "circuit_breaker"))
		printf("  breaker   configured (line %d), judged by `packetframe guard`\n",
		       cJSON_GetObjectItem(cJSON_GetObjectItem(c, "circuit_breaker"), "line")
			       ->valueint);
	t = cJSON_GetObjectItem(o, "sampler");
	if (cJSON_GetStringValue(cJSON_GetObjectItem(t, "held_by")))
		printf("  sampler   held by %s, %s\n",
		       cJSON_GetStringValue(cJSON_GetObjectItem(t, "held_by")),
		       cJSON_IsTrue(cJSON_GetObjectItem(t, "on")) ? "drawing" : "not drawing");
	printf("  live      dry-run %s, global MSS clamp %d (0: none)\n",
	       cJSON_IsTrue(cJSON_GetObjectItem(o, "dry_run")) ? "ON (nothing is forwarded)" : "off",
	       cJSON_GetObjectItem(o, "mss_global") ? cJSON_GetObjectItem(o, "mss_global")->valueint
						    : 0);
	t = cJSON_GetObjectItem(o, "fib_lookup");
	if (t)
		printf("  fib       IPv4 %s, IPv6 %s lookup\n",
		       cJSON_GetObjectItem(t, "v4")->valuestring,
		       cJSON_GetObjectItem(t, "v6")->valuestring);
	printf("  pins      %s/fast-path\n", cJSON_GetObjectItem(o, "bpffs_root")->valuestring);
	printf("  build     binary %s, pinned %s%s\n",
	       cJSON_GetObjectItem(b, "binary")->valuestring,
	       *cJSON_GetObjectItem(b, "pinned")->valuestring
		       ? cJSON_GetObjectItem(b, "pinned")->valuestring
		       : "(none)",
	       cJSON_IsTrue(cJSON_GetObjectItem(b, "match")) ||
			       !*cJSON_GetObjectItem(b, "pinned")->valuestring
		       ? ""
		       : "  (differs: `attach` upgrades in place)");
	if (cJSON_IsTrue(cJSON_GetObjectItem(o, "tail_call_ready")))
		printf("  tail calls ready (%s[%d..%d])\n", pf_maps[PF_MAP_MUTATION_PROGS].name,
		       PF_SLOT_FINALIZE, PF_SLOT_FINALIZE_SAMPLED);
	else
		printf("  tail call NOT READY (see the problems below)\n");
	t = cJSON_GetObjectItem(o, "redirect_watch");
	if (cJSON_IsTrue(cJSON_GetObjectItem(t, "runs")))
		printf("  redirect watch runs (err_redirect counts failed hand-overs)\n");
	else
		printf("  redirect watch OFF: %s\n", cJSON_GetObjectItem(t, "why")->valuestring);
	a = cJSON_GetObjectItem(o, "attachments");
	printf("attachments (%d):\n", cJSON_GetArraySize(a));
	cJSON_ArrayForEach(it, a) {
		char since[32] = "";
		time_t at;

		t = cJSON_GetObjectItem(it, "attached_at");
		at = t ? (time_t)t->valuedouble : 0;
		if (at)
			strftime(since, sizeof(since), " since %Y-%m-%d %H:%M:%SZ", gmtime(&at));
		printf("  %-15s ifindex %-4d %-8s link %-5d prog %-5d%s%s\n",
		       cJSON_GetObjectItem(it, "iface")->valuestring,
		       cJSON_GetObjectItem(it, "ifindex")->valueint,
		       cJSON_GetObjectItem(it, "mode")->valuestring,
		       cJSON_GetObjectItem(it, "link_id")->valueint,
		       cJSON_GetObjectItem(it, "prog_id")->valueint, since,
		       cJSON_IsTrue(cJSON_GetObjectItem(it, "current_program")) ? "" : "  (not current)");
	}
	m = cJSON_GetObjectItem(o, "maps");
	if (m) {
		printf("maps:\n");
		cJSON_ArrayForEach(it, m)
			printf("  %-20s %d / %d\n", it->string,
			       cJSON_GetObjectItem(it, "entries")->valueint,
			       cJSON_GetObjectItem(it, "max_entries")->valueint);
	}
	m = cJSON_GetObjectItem(o, "counters");
	if (m) {
		printf("counters (non-zero):\n");
		cJSON_ArrayForEach(it, m)
			if (it->valuedouble)
				printf("  %-24s %.0f\n", it->string, it->valuedouble);
	}
	a = cJSON_GetObjectItem(o, "bypassed");
	cJSON_ArrayForEach(it, a)
		printf("bypassed: %s\n", it->valuestring);
	a = cJSON_GetObjectItem(o, "problems");
	cJSON_ArrayForEach(it, a)
		printf("problem: %s\n", it->valuestring);
}

int pf_cmd_status(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct pf_session s;
	struct pf_inst in;
	const char *health;
	bool json, ok;
	cJSON *o;
	struct pf_json_only opt = { 0 };
	struct pf_args a;
	int rc = pf_cli_parse(ctx, cmd, argc, argv, &opt, &a);

	if (rc >= 0)
		return rc;
	json = opt.json;
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		return rc;
	if (pf_inst_open(ctx, &s.paths, &in) == -EPERM) {
		pf_err(ctx, "status needs root (CAP_BPF and CAP_NET_ADMIN) to read the pinned fast "
			    "path under %s", s.paths.root);
		pf_inst_close(&in);
		pf_session_close(&s, PF_EXIT_USAGE);
		return PF_EXIT_USAGE;
	}
	o = build(&s, &in, &ok);
	health = cJSON_GetObjectItem(o, "health")->valuestring;
	rc = !strcmp(health, "ok") ? PF_EXIT_OK : !strcmp(health, "detached") ? PF_EXIT_DETACHED
									 : PF_EXIT_DEGRADED;
	if (json) {
		if (pf_cli_print_json(o))
			rc = PF_EXIT_RUNTIME;
	} else {
		print_human(o);
		cJSON_Delete(o);
	}
	pf_inst_close(&in);
	pf_session_close(&s, rc);
	return rc;
}
