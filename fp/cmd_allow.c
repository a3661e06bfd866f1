// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe allow add|del|replace|list [-f FILE] [PREFIX ...]`: the cron
 * path for the allowlist. The command's prefixes persist in
 * <state-dir>/allow.list (so attach, apply and reboots keep them); the live
 * allowlist is that list plus the config's allow-prefix lines. All input is
 * validated before anything changes; the maps are updated by delta.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "commands.h"
#include "grow.h"
#include "instance.h"
#include "log.h"
#include "session.h"
#include "sync.h"

static bool same(const struct pf_prefix *a, const struct pf_prefix *b)
{
	return a->family == b->family && a->len == b->len && !memcmp(a->addr, b->addr, 16);
}

static long find(const struct pf_prefix *v, size_t n, const struct pf_prefix *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (same(&v[i], p))
			return (long)i;
	return -1;
}

static bool find_cfg(const struct pf_config *c, const struct pf_prefix *p)
{
	size_t i;

	for (i = 0; i < c->n_allow; i++)
		if (same(&c->allow[i].p, p))
			return true;
	return false;
}

/* Prefixes from -f FILE and the command line, all validated; -1 on the first bad one. */
static int gather(const struct pf_ctx *ctx, const char *file, char **args, int n_args,
		  struct pf_prefix **out, size_t *n)
{
	struct pf_prefix *v = NULL;
	size_t cnt = 0, cap;
	char err[512];
	int i;

	if (file && pf_allow_file_read(file, &v, &cnt, err, sizeof(err))) {
		pf_err(ctx, "%s; nothing changed", err);
		return -1;
	}
	if (file && !v && access(file, R_OK)) {
		pf_err(ctx, "%s: %s; nothing changed", file, strerror(errno));
		return -1;
	}
	cap = cnt; /* the file's array may have room for more; cnt is what we know */
	for (i = 0; i < n_args; i++) {
		struct pf_prefix p;

		if (pf_prefix_parse(args[i], &p, err, sizeof(err))) {
			pf_err(ctx, "argument %d: %s; nothing changed", i + 1, err);
			free(v);
			return -1;
		}
		if (pf_grow((void **)&v, &cap, cnt + 1, sizeof(*v))) {
			free(v);
			return -1;
		}
		v[cnt++] = p;
	}
	*out = v;
	*n = cnt;
	return 0;
}

static void list(const struct pf_session *s, const struct pf_prefix *dyn, size_t n_dyn)
{
	char buf[64];
	size_t i;

	for (i = 0; i < s->cfg.n_allow; i++) {
		pf_prefix_format(&s->cfg.allow[i].p, buf, sizeof(buf));
		printf("%-44s config %s:%d\n", buf, s->cfg.path, s->cfg.allow[i].line);
	}
	for (i = 0; i < n_dyn; i++) {
		pf_prefix_format(&dyn[i], buf, sizeof(buf));
		printf("%-44s allow list %s\n", buf, s->paths.allow_file);
	}
}

struct allow_opts {
	const char *file;
};

static const struct pf_opt allow_opts[] = {
	{ "file", 'f', PF_OPT_STRING, offsetof(struct allow_opts, file), .metavar = "FILE",
	  .help = "prefixes from FILE, one a line (# comments), besides the arguments" },
	{ NULL },
};

const struct pf_cmd_opts pf_allow_opts = { allow_opts, "add|del|replace|list [PREFIX ...]", 0, -1 };

int pf_cmd_allow(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct allow_opts o = { 0 };
	struct pf_args a;
	struct pf_prefix *dyn = NULL, *arg = NULL, *next = NULL;
	size_t n_dyn = 0, n_arg = 0, n_next = 0, i;
	const char *file = NULL, *action;
	struct pf_session s;
	struct pf_delta d;
	struct pf_inst in;
	char err[512];
	int rc;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	file = o.file;
	if (!a.argc) {
		pf_err(ctx, "allow: name an action: add, del, replace or list");
		pf_cli_usage(cmd, stderr);
		return PF_EXIT_USAGE;
	}
	action = a.argv[0];
	if (strcmp(action, "add") && strcmp(action, "del") && strcmp(action, "replace") &&
	    strcmp(action, "list")) {
		pf_err(ctx, "allow: unknown action '%s' (add, del, replace, list)", action);
		return PF_EXIT_USAGE;
	}
	if (!strcmp(action, "list") && (file || a.argc > 1)) {
		pf_err(ctx, "allow list takes no prefixes");
		return PF_EXIT_USAGE;
	}
	if (strcmp(action, "list") && strcmp(action, "replace") && !file && a.argc == 1) {
		pf_err(ctx, "allow %s: no prefixes given (arguments or -f FILE)", action);
		return PF_EXIT_USAGE;
	}
	if (gather(ctx, file, a.argv + 1, a.argc - 1, &arg, &n_arg))
		return PF_EXIT_USAGE;

	rc = pf_session_open(ctx, &s, false, strcmp(action, "list") != 0);
	if (rc) {
		free(arg);
		return rc;
	}
	if (pf_allow_file_read(s.paths.allow_file, &dyn, &n_dyn, err, sizeof(err))) {
		pf_err(ctx, "%s", err);
		rc = PF_EXIT_RUNTIME;
		goto out;
	}
	if (!strcmp(action, "list")) {
		list(&s, dyn, n_dyn);
		goto out;
	}

	/* The new allow list. */
	if (!strcmp(action, "replace")) {
		next = arg;
		n_next = n_arg;
		arg = NULL;
	} else {
		next = calloc(n_dyn + n_arg + 1, sizeof(*next));
		if (!next) {
			rc = PF_EXIT_RUNTIME;
			goto out;
		}
		for (i = 0; i < n_dyn; i++)
			if (strcmp(action, "del") || find(arg, n_arg, &dyn[i]) < 0)
				next[n_next++] = dyn[i];
		for (i = 0; i < n_arg && !strcmp(action, "add"); i++)
			if (find(next, n_next, &arg[i]) < 0)
				next[n_next++] = arg[i];
		for (i = 0; i < n_arg && !strcmp(action, "del"); i++) {
			char buf[64];

			pf_prefix_format(&arg[i], buf, sizeof(buf));
			if (find(dyn, n_dyn, &arg[i]) < 0)
				pf_warn(ctx, "%s is not in the allow list%s", buf,
					find_cfg(&s.cfg, &arg[i]) ? " (it comes from the config: "
								    "edit the config and apply)"
								  : "");
		}
	}
	rc = pf_allow_file_write(s.paths.allow_file, next, n_next);
	if (rc) {
		pf_err(ctx, "cannot write %s: %s; nothing changed", s.paths.allow_file,
		       strerror(-rc));
		rc = PF_EXIT_RUNTIME;
		goto out;
	}
	pf_inst_open(ctx, &s.paths, &in);
	if (in.map_fd[PF_MAP_ALLOW_V4] < 0 || in.map_fd[PF_MAP_CFG] < 0) {
		printf("allow list saved (%zu prefixes); not attached, so it takes effect at the "
		       "next `packetframe attach`\n", n_next);
		rc = PF_EXIT_OK;
	} else if (pf_sync_allow(ctx, &s.paths, &s.cfg, &in, &d, err, sizeof(err))) {
		pf_err(ctx, "%s (the allow list file is updated; `packetframe apply` retries)",
		       err);
		rc = PF_EXIT_RUNTIME;
	} else {
		printf("allowlist: +%zu -%zu (%zu in the allow list, %zu from the config)\n",
		       d.added, d.removed, n_next, s.cfg.n_allow);
		rc = PF_EXIT_OK;
	}
	pf_inst_close(&in);
out:
	free(dyn);
	free(arg);
	free(next);
	pf_session_close(&s);
	return rc;
}
