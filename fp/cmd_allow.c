// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe allow add|del|replace|list [-f FILE|-] [PREFIX ...]`: the cron
 * path for the allowlist. The command's prefixes persist in
 * <state-dir>/allow.list (so attach, apply and reboots keep them); the live
 * allowlist is that list plus the config's allow-prefix lines. All input is
 * validated before anything changes. `replace` refuses an empty result
 * unless --allow-empty (one failed download must not empty the fast path),
 * and --max-delete bounds what one run may remove.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "allow_file.h"
#include "commands.h"
#include "grow.h"
#include "lifecycle.h"
#include "log.h"
#include "parse.h"
#include "session.h"

struct allow_opts {
	const char *file;
	bool allow_empty;
	const char *max_delete;
};

static const struct pf_opt allow_opts[] = {
	{ "file", 'f', PF_OPT_STRING, offsetof(struct allow_opts, file), .metavar = "FILE",
	  .help = "prefixes from FILE (- or /dev/stdin: standard input), one a line, # comments" },
	{ "allow-empty", 0, PF_OPT_FLAG, offsetof(struct allow_opts, allow_empty),
	  .help = "let `replace` empty the allow list (refused otherwise)" },
	{ "max-delete", 0, PF_OPT_STRING, offsetof(struct allow_opts, max_delete),
	  .metavar = "N|P%", .help = "refuse a change that removes more than N prefixes, or P% "
				      "of the list" },
	{ NULL },
};

const struct pf_cmd_opts pf_allow_opts = { allow_opts, "add|del|replace|list [PREFIX ...]", 1,
					   -1 };

enum action { ADD, DEL, REPLACE, LIST };
static const char *const actions[] = { "add", "del", "replace", "list", NULL };

/* Prefixes from -f and the arguments, sorted and unique; every bad argument named. */
static int gather(const struct pf_ctx *ctx, const char *file, char **args, int n_args,
		  struct pf_prefix **out, size_t *n)
{
	struct pf_prefix *v = NULL;
	size_t cnt = 0, cap;
	char err[2048];
	int i, bad = 0;

	if (file && pf_allow_input_read(file, &v, &cnt, err, sizeof(err))) {
		pf_err(ctx, "%s\nnothing changed", err);
		return PF_REFUSED;
	}
	cap = cnt;
	for (i = 0; i < n_args; i++) {
		struct pf_prefix p;

		if (pf_prefix_parse(args[i], &p, err, sizeof(err))) {
			pf_err(ctx, "argument %d: %s", i + 1, err);
			bad++;
			continue;
		}
		if (pf_grow((void **)&v, &cap, cnt + 1, sizeof(*v))) {
			free(v);
			return -ENOMEM;
		}
		v[cnt++] = p;
	}
	if (bad) {
		pf_err(ctx, "%d bad argument(s); nothing changed", bad);
		free(v);
		return PF_REFUSED;
	}
	*out = v;
	*n = pf_prefix_sort_unique(v, cnt);
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

/* A `del` of a prefix the list does not hold is worth a word (it may be the config's). */
static void warn_absent(const struct pf_ctx *ctx, const struct pf_config *c,
			const struct pf_prefix *p)
{
	char buf[64];
	size_t i;
	bool cfg = false;

	for (i = 0; i < c->n_allow; i++)
		cfg |= !pf_prefix_cmp(&c->allow[i].p, p);
	pf_prefix_format(p, buf, sizeof(buf));
	pf_warn(ctx, "%s is not in the allow list%s", buf,
		cfg ? " (it comes from the config: edit the config and apply)" : "");
}

/* The new list from the current one (sorted, unique) and the arguments: O(n log n). */
static struct pf_prefix *next_list(const struct pf_ctx *ctx, const struct pf_config *c,
				   enum action act, const struct pf_prefix *cur, size_t n_cur,
				   struct pf_prefix *arg, size_t n_arg, size_t *n)
{
	struct pf_prefix *v = malloc((n_cur + n_arg + 1) * sizeof(*v));
	size_t i, cnt = 0;

	if (!v)
		return NULL;
	if (act == REPLACE) {
		memcpy(v, arg, n_arg * sizeof(*v));
		*n = n_arg;
		return v;
	}
	for (i = 0; i < n_cur; i++)
		if (act != DEL || !pf_prefix_in(arg, n_arg, &cur[i]))
			v[cnt++] = cur[i];
	for (i = 0; i < n_arg; i++) {
		if (act == ADD)
			v[cnt++] = arg[i];
		else if (!pf_prefix_in(cur, n_cur, &arg[i]))
			warn_absent(ctx, c, &arg[i]);
	}
	*n = pf_prefix_sort_unique(v, cnt);
	return v;
}

/* --max-delete N or P%: PF_REFUSED (named) when the change removes more. */
static int check_deletes(const struct pf_ctx *ctx, const char *limit, size_t n_cur,
			 size_t removed)
{
	size_t len = limit ? strlen(limit) : 0;
	unsigned long v, max;
	char num[32];

	if (!limit)
		return 0;
	if (!len || len >= sizeof(num)) {
		pf_err(ctx, "--max-delete '%s': use a count (500) or a share (10%%)", limit);
		return PF_REFUSED;
	}
	memcpy(num, limit, len + 1);
	if (num[len - 1] == '%')
		num[len - 1] = 0;
	if (pf_parse_uint(num, 0, limit[len - 1] == '%' ? 100 : 1ul << 31, &v)) {
		pf_err(ctx, "--max-delete '%s': use a count (500) or a share (10%%)", limit);
		return PF_REFUSED;
	}
	max = limit[len - 1] == '%' ? (unsigned long)(n_cur * v / 100) : v;
	if (removed > max) {
		pf_err(ctx, "this change removes %zu of %zu prefixes, more than --max-delete %s "
			    "allows; nothing changed", removed, n_cur, limit);
		return PF_REFUSED;
	}
	return 0;
}

/* Validate, build the new list and commit it; 0, PF_REFUSED or -errno. */
static int change(const struct pf_ctx *ctx, struct pf_session *s, enum action act,
		  const struct allow_opts *o, struct pf_prefix *arg, size_t n_arg)
{
	struct pf_prefix *cur = NULL, *next = NULL;
	size_t n_cur = 0, n_next = 0, i, removed = 0;
	struct pf_delta d;
	char err[2048];
	bool live;
	int rc;

	if (pf_allow_file_read(s->paths.allow_file, &cur, &n_cur, err, sizeof(err))) {
		pf_err(ctx, "%s", err);
		return PF_REFUSED;
	}
	n_cur = pf_prefix_sort_unique(cur, n_cur);
	next = next_list(ctx, &s->cfg, act, cur, n_cur, arg, n_arg, &n_next);
	rc = next ? 0 : -ENOMEM;
	for (i = 0; !rc && i < n_cur; i++)
		removed += !pf_prefix_in(next, n_next, &cur[i]);
	if (!rc && act == REPLACE && !n_next && !o->allow_empty) {
		pf_err(ctx, "refusing to empty the allow list (%zu prefixes): the input holds no "
			    "prefix (a failed download?); --allow-empty does it on purpose", n_cur);
		rc = PF_REFUSED;
	}
	rc = rc ?: check_deletes(ctx, o->max_delete, n_cur, removed);
	rc = rc ?: pf_allow_commit(ctx, &s->paths, &s->cfg, next, n_next, &d, &live);
	if (!rc && ctx->log_level > PF_LOG_ERROR) {
		if (live)
			printf("allowlist: +%zu -%zu (%zu in the allow list, %zu from the config)\n",
			       d.added, d.removed, n_next, s->cfg.n_allow);
		else
			printf("allow list saved (%zu prefixes); not attached, so it takes effect at "
			       "the next `packetframe attach`\n", n_next);
	}
	free(cur);
	free(next);
	return rc;
}

int pf_cmd_allow(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct allow_opts o = { 0 };
	struct pf_prefix *arg = NULL, *dyn = NULL;
	size_t n_arg = 0, n_dyn = 0;
	struct pf_session s;
	struct pf_args a;
	enum action act;
	char err[2048];
	int rc;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	for (act = ADD; actions[act] && strcmp(actions[act], a.argv[0]); act++)
		;
	if (!actions[act]) {
		pf_err(ctx, "allow: unknown action '%s' (add, del, replace, list)", a.argv[0]);
		return PF_EXIT_USAGE;
	}
	if (act == LIST && (o.file || a.argc > 1 || o.allow_empty || o.max_delete)) {
		pf_err(ctx, "allow list takes no prefixes and no options but --config");
		return PF_EXIT_USAGE;
	}
	if ((act == ADD || act == DEL) && !o.file && a.argc == 1) {
		pf_err(ctx, "allow %s: no prefixes given (arguments or -f FILE)", actions[act]);
		return PF_EXIT_USAGE;
	}
	rc = pf_session_open(ctx, &s, false, act != LIST);
	if (rc)
		return rc;
	/* Read under the session: a bad list from cron is in the event log. */
	rc = pf_exit_code(gather(ctx, o.file, a.argv + 1, a.argc - 1, &arg, &n_arg));
	if (rc) {
		/* refused before anything changed */
	} else if (act != LIST) {
		rc = pf_exit_code(change(ctx, &s, act, &o, arg, n_arg));
	} else if (pf_allow_file_read(s.paths.allow_file, &dyn, &n_dyn, err, sizeof(err))) {
		pf_err(ctx, "%s", err);
		rc = PF_EXIT_USAGE;
	} else {
		list(&s, dyn, n_dyn);
	}
	free(dyn);
	free(arg);
	pf_session_close(&s, rc);
	return rc;
}
