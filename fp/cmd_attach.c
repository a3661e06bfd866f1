// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe attach` and `packetframe apply`: converge the pinned instance,
 * its maps and the attached interfaces to the config (attach: the configured
 * or named interfaces; apply: exactly the configured ones).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "commands.h"
#include "guard.h"
#include "lifecycle.h"
#include "log.h"
#include "metrics.h"
#include "session.h"

struct attach_opts {
	enum pf_mode mode;
	bool recreate;
	bool if_attached;
};

static const struct pf_opt attach_opts[] = {
	{ "mode", 0, PF_OPT_MODE, offsetof(struct attach_opts, mode),
	  .help = "XDP mode for every interface, instead of the config's" },
	{ "recreate", 0, PF_OPT_FLAG, offsetof(struct attach_opts, recreate),
	  .help = "recreate pinned maps whose layout or size differs (empties them)" },
	{ NULL },
};

const struct pf_cmd_opts pf_attach_opts = { attach_opts, "[IFACE ...]", 0, -1 };

/* apply converges to the config alone: no names. */
static const struct pf_opt apply_opts[] = {
	{ "if-attached", 0, PF_OPT_FLAG, offsetof(struct attach_opts, if_attached),
	  .help = "converge only the configured interfaces that are attached now (a detached "
		  "one stays so; nothing attached: nothing to do): for timers and interface "
		  "hooks" },
	{ NULL },
};

const struct pf_cmd_opts pf_apply_opts = { apply_opts, "", 0, 0 };

/*
 * --if-attached: keep only the wanted ports that have a link pin (live or
 * not: a recreated device gets its link back). A port an operator detached
 * stays detached; one added to the config waits for a plain apply. false
 * when none is left.
 */
static bool keep_attached(const struct pf_paths *p, struct pf_want *w, size_t *n)
{
	size_t i, j, kept = 0;
	char **names;
	size_t n_pins;

	if (pf_link_pins(p, &names, &n_pins))
		return false;
	for (i = 0; i < *n; i++) {
		for (j = 0; j < n_pins && strcmp(names[j], w[i].iface); j++)
			;
		if (j < n_pins)
			w[kept++] = w[i];
	}
	pf_free_names(names, n_pins);
	*n = kept;
	return kept > 0;
}

/* Attaching after the circuit breaker tripped is refused until `guard --reset`. */
static bool tripped(const struct pf_ctx *ctx, const struct pf_paths *p, const char *cmd)
{
	cJSON *flag = pf_guard_tripped(p);
	char text[640];

	if (!flag)
		return false;
	pf_err(ctx,
	       "%s refused: the circuit breaker %s. Find out why (`packetframe events`, the "
	       "counters), then `packetframe guard --reset` (the flag is %s)",
	       cmd, pf_guard_trip_text(flag, text, sizeof(text)), p->tripped);
	cJSON_Delete(flag);
	return true;
}

/* The wanted set: named interfaces, else the config's; --mode overrides. */
static struct pf_want *wanted(const struct pf_config *c, char **names, int n_names,
			      const enum pf_mode *mode, size_t *n)
{
	size_t cnt = n_names ? (size_t)n_names : c->n_attach, i, j;
	struct pf_want *w = calloc(cnt + 1, sizeof(*w));

	if (!w)
		return NULL;
	for (i = 0; i < cnt; i++) {
		const char *name = n_names ? names[i] : c->attach[i].iface;

		snprintf(w[i].iface, sizeof(w[i].iface), "%s", name);
		w[i].mode = PF_MODE_AUTO;
		for (j = 0; j < c->n_attach; j++)
			if (!strcmp(c->attach[j].iface, name))
				w[i].mode = c->attach[j].mode;
		if (mode)
			w[i].mode = *mode;
	}
	*n = cnt;
	return w;
}

static int run(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv, bool apply)
{
	struct attach_opts o = { 0 };
	struct pf_session s;
	struct pf_want *w;
	struct pf_args a;
	size_t n;
	int rc, i;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	for (i = 0; i < a.argc; i++)
		if (!a.argv[i][0] || strlen(a.argv[i]) >= PF_IFNAMSIZ || strchr(a.argv[i], '/')) {
			pf_err(ctx, "'%s' is not a valid interface name", a.argv[i]);
			return PF_EXIT_USAGE;
		}
	rc = pf_session_open(ctx, &s, true, true);
	if (rc)
		return rc;
	w = wanted(&s.cfg, a.argv, a.argc, pf_args_given(&a, "mode") ? &o.mode : NULL, &n);
	if (w && o.if_attached && !keep_attached(&s.paths, w, &n)) {
		pf_info(ctx,
			"none of the configured interfaces is attached under %s: nothing to "
			"do (--if-attached)",
			s.paths.root);
		rc = PF_EXIT_OK;
	} else if (tripped(ctx, &s.paths, apply ? "apply" : "attach")) {
		rc = PF_EXIT_USAGE;
	} else if (!w) {
		rc = PF_EXIT_RUNTIME;
	} else if (!n && !apply) {
		pf_err(ctx, "nothing to attach: %s has no `attach` lines and no interface was named",
		       s.cfg.path);
		rc = PF_EXIT_USAGE;
	} else {
		rc = pf_exit_code(pf_converge(ctx, &s.cfg, &s.paths, w, n, apply, o.recreate));
		if (rc != PF_EXIT_USAGE)
			pf_metrics_refresh(ctx, &s.cfg, &s.paths);
	}
	free(w);
	pf_session_close(&s, rc);
	return rc;
}

int pf_cmd_attach(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	return run(ctx, cmd, argc, argv, false);
}

int pf_cmd_apply(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	return run(ctx, cmd, argc, argv, true);
}
