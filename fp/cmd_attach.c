// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe attach` and `packetframe apply`: converge the pinned instance,
 * its maps and the attached interfaces to the config (attach: the configured
 * or named interfaces; apply: exactly the configured ones).
 */
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "lifecycle.h"
#include "log.h"
#include "session.h"

static int parse_mode(const char *s, enum pf_mode *m)
{
	if (!strcmp(s, "auto"))
		*m = PF_MODE_AUTO;
	else if (!strcmp(s, "native"))
		*m = PF_MODE_NATIVE;
	else if (!strcmp(s, "generic"))
		*m = PF_MODE_GENERIC;
	else
		return -1;
	return 0;
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
	enum { OPT_MODE = PF_OPT_FIRST_PRIVATE, OPT_RECREATE };
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, OPT_MODE },
		{ "recreate", no_argument, NULL, OPT_RECREATE },
		PF_COMMON_LONGOPTS,
		{ 0 },
	};
	enum pf_mode mode;
	bool have_mode = false, recreate = false;
	struct pf_session s;
	struct pf_want *w;
	size_t n, i;
	int c, rc;

	while ((c = getopt_long(argc, argv, PF_COMMON_SHORTOPTS, opts, NULL)) != -1) {
		if (pf_cli_common(ctx, cmd, c, argv, &rc)) {
			if (rc >= 0)
				return rc;
		} else if (c == OPT_MODE && !apply) {
			if (parse_mode(optarg, &mode)) {
				pf_err(ctx, "--mode '%s': must be auto, native or generic", optarg);
				return PF_EXIT_USAGE;
			}
			have_mode = true;
		} else if (c == OPT_RECREATE && !apply) {
			recreate = true;
		} else {
			pf_cli_usage(cmd, stderr);
			return PF_EXIT_USAGE;
		}
	}
	if (apply && optind < argc) {
		pf_err(ctx, "apply takes no interface names (it applies the config's)");
		return PF_EXIT_USAGE;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++)
		if (!argv[i][0] || strlen(argv[i]) >= PF_IFNAMSIZ || strchr(argv[i], '/')) {
			pf_err(ctx, "'%s' is not a valid interface name", argv[i]);
			return PF_EXIT_USAGE;
		}
	rc = pf_session_open(ctx, &s, true, true);
	if (rc)
		return rc;
	w = wanted(&s.cfg, argv + optind, argc - optind, have_mode ? &mode : NULL, &n);
	if (!w) {
		rc = PF_EXIT_RUNTIME;
	} else if (!n && !apply) {
		pf_err(ctx, "nothing to attach: %s has no `attach` lines and no interface was named",
		       s.cfg.path);
		rc = PF_EXIT_USAGE;
	} else {
		rc = pf_exit_code(pf_converge(ctx, &s.cfg, &s.paths, w, n, apply, recreate));
	}
	free(w);
	pf_session_close(&s);
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
