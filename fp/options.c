// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The option-table parser and the help text generated from the tables; see
 * options.h. getopt_long does the argv walking; every value is converted
 * here, by the shared parsers, so each option type means one thing.
 */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "config.h"
#include "ctx.h"
#include "log.h"
#include "options.h"
#include "parse.h"

#define PF_MAX_OPTS 32
/* getopt_long values of long options: table index + this (above any char). */
#define PF_OPT_VAL 0x100

const struct pf_opt pf_common_opts[] = {
	{ "help", 'h', PF_OPT_HELP, .help = "show this help" },
	{ "verbose", 'v', PF_OPT_VERBOSE, .help = "more log output (repeat for libbpf debug)" },
	{ "quiet", 'q', PF_OPT_QUIET, .help = "errors only" },
	{ "config", 0, PF_OPT_STRING, offsetof(struct pf_ctx, config_path), .metavar = "FILE",
	  .help = "config file (default: $PACKETFRAME_CONFIG or " PF_DEFAULT_CONFIG ")" },
	{ NULL },
};

static const struct pf_opt json_only[] = {
	{ "json", 0, PF_OPT_FLAG, offsetof(struct pf_json_only, json),
	  .help = "machine-readable output" },
	{ NULL },
};

const struct pf_cmd_opts pf_json_only_opts = { json_only, "", 0, 0 };

static bool takes_value(const struct pf_opt *o)
{
	return o->type != PF_OPT_FLAG && o->type != PF_OPT_HELP && o->type != PF_OPT_VERBOSE &&
	       o->type != PF_OPT_QUIET;
}

static void choices(const struct pf_opt *o, const char *sep, char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; o->choices[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? sep : "",
					 o->choices[i]);
}

static const char *metavar(const struct pf_opt *o, char *buf, size_t len)
{
	if (o->metavar)
		return o->metavar;
	switch (o->type) {
	case PF_OPT_UINT:
		return "N";
	case PF_OPT_DURATION:
		return "D";
	case PF_OPT_MODE:
		return PF_MODE_CHOICES;
	case PF_OPT_ENUM:
		choices(o, "|", buf, len);
		return buf;
	default:
		return "ARG";
	}
}

/* Convert and store one value; on a bad one, say which option and why. */
static int store(const struct pf_ctx *ctx, const struct pf_opt *o, const char *val, void *dst)
{
	char *at = (char *)dst + o->off, list[128];
	unsigned long v;
	size_t i;

	switch (o->type) {
	case PF_OPT_FLAG:
		*(bool *)at = true;
		return 0;
	case PF_OPT_STRING:
		*(const char **)at = val;
		return 0;
	case PF_OPT_UINT:
		if (pf_parse_uint(val, o->min, o->max, &v))
			break;
		*(unsigned int *)at = (unsigned int)v;
		return 0;
	case PF_OPT_DURATION:
		if (pf_parse_duration(val, 1000, o->max, &v) || v < o->min)
			break;
		*(unsigned int *)at = (unsigned int)v;
		return 0;
	case PF_OPT_MODE:
		if (pf_mode_parse(val, (enum pf_mode *)at))
			break;
		return 0;
	case PF_OPT_ENUM:
		for (i = 0; o->choices[i]; i++)
			if (!strcmp(val, o->choices[i])) {
				*(int *)at = (int)i;
				return 0;
			}
		break;
	default:
		return 0;
	}
	switch (o->type) {
	case PF_OPT_UINT:
		pf_err(ctx, "--%s '%s': must be %lu-%lu", o->name, val, o->min, o->max);
		break;
	case PF_OPT_DURATION:
		pf_err(ctx, "--%s '%s': use e.g. 10s, 500ms, 2m (%lu ms to %lu s)", o->name, val,
		       o->min, o->max / 1000);
		break;
	case PF_OPT_MODE:
		pf_err(ctx, "--%s '%s': must be auto, native or generic", o->name, val);
		break;
	default:
		choices(o, ", ", list, sizeof(list));
		pf_err(ctx, "--%s '%s': must be one of %s", o->name, val, list);
		break;
	}
	return -EINVAL;
}

static size_t count(const struct pf_opt *opts)
{
	size_t n = 0;

	while (opts && opts[n].name)
		n++;
	return n;
}

int pf_opts_parse(struct pf_ctx *ctx, const struct pf_cmd_opts *spec, bool stop_at_arg, int argc,
		  char **argv, void *dst, struct pf_args *a)
{
	const struct pf_opt *all[PF_MAX_OPTS], *own = spec ? spec->opts : NULL;
	size_t n_common = count(pf_common_opts), n = 0, i;
	struct option lo[PF_MAX_OPTS + 1];
	char shorts[2 * PF_MAX_OPTS + 3], *sp = shorts;
	int c;

	memset(a, 0, sizeof(*a));
	a->spec = spec;
	if (n_common + count(own) > PF_MAX_OPTS)
		return -E2BIG; /* a table bug, not a user's */
	if (stop_at_arg)
		*sp++ = '+';
	*sp++ = ':'; /* tell a missing value from an unknown option */
	for (i = 0; i < n_common + count(own); i++, n++) {
		const struct pf_opt *o = i < n_common ? &pf_common_opts[i] : &own[i - n_common];

		all[n] = o;
		lo[n] = (struct option){ o->name, takes_value(o) ? required_argument : no_argument,
					 NULL, PF_OPT_VAL + (int)n };
		if (o->short_name) {
			*sp++ = o->short_name;
			if (takes_value(o))
				*sp++ = ':';
		}
	}
	memset(&lo[n], 0, sizeof(lo[n]));
	*sp = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		const struct pf_opt *o = NULL;

		if (c == '?' || c == ':') {
			char word[8];
			const char *w = argv[optind - 1];

			/* A short option may sit inside a cluster: name it alone. */
			if (optopt > 0 && optopt < PF_OPT_VAL) {
				snprintf(word, sizeof(word), "-%c", optopt);
				w = word;
			}
			if (c == '?')
				pf_err(ctx, "unknown option '%s'", w);
			else
				pf_err(ctx, "option '%s' needs a value", w);
			return -EINVAL;
		}
		if (c >= PF_OPT_VAL) {
			i = (size_t)(c - PF_OPT_VAL);
		} else {
			for (i = 0; i < n && all[i]->short_name != c; i++)
				;
		}
		if (i >= n)
			continue;
		o = all[i];
		switch (o->type) {
		case PF_OPT_HELP:
			return PF_OPTS_HELP;
		case PF_OPT_VERBOSE:
			ctx->log_level++;
			ctx->log_level_cli = true;
			break;
		case PF_OPT_QUIET:
			ctx->log_level = PF_LOG_ERROR;
			ctx->log_level_cli = true;
			break;
		default:
			/* Given twice is a mistake to say, not a last-one-wins to guess at. */
			if (i >= n_common && (a->given & (1ull << (i - n_common)))) {
				pf_err(ctx, "--%s given twice", o->name);
				return -EINVAL;
			}
			if (store(ctx, o, optarg, i < n_common ? (void *)ctx : dst))
				return -EINVAL;
		}
		if (i >= n_common)
			a->given |= 1ull << (i - n_common);
	}
	for (i = 0; i < count(own); i++)
		if (own[i].required && !(a->given & (1ull << i))) {
			pf_err(ctx, "--%s is required", own[i].name);
			return -EINVAL;
		}
	a->argc = argc - optind;
	a->argv = argv + optind;
	if (spec && a->argc < spec->min_args) {
		pf_err(ctx, "missing argument: %s", spec->args);
		return -EINVAL;
	}
	if (spec && spec->max_args >= 0 && a->argc > spec->max_args) {
		pf_err(ctx, "unexpected argument '%s'", a->argv[spec->max_args]);
		return -EINVAL;
	}
	return 0;
}

bool pf_args_given(const struct pf_args *a, const char *name)
{
	const struct pf_opt *own = a->spec ? a->spec->opts : NULL;
	size_t i;

	for (i = 0; i < count(own); i++)
		if (!strcmp(own[i].name, name))
			return a->given & (1ull << i);
	return false;
}

void pf_opts_synopsis(const char *prog, const struct pf_cmd_opts *spec, FILE *out)
{
	const struct pf_opt *o;
	char buf[128];

	fputs(prog, out);
	for (o = spec ? spec->opts : NULL; o && o->name; o++) {
		const char *mv = takes_value(o) ? metavar(o, buf, sizeof(buf)) : NULL;

		fprintf(out, " %s", o->required ? "" : "[");
		if (o->short_name)
			fprintf(out, "-%c%s%s", o->short_name, mv ? " " : "", mv ? mv : "");
		else
			fprintf(out, "--%s%s%s", o->name, mv ? " " : "", mv ? mv : "");
		fputs(o->required ? "" : "]", out);
	}
	if (spec && spec->args && spec->args[0])
		fprintf(out, " %s", spec->args);
	fputc('\n', out);
}

cJSON *pf_opts_json(const struct pf_opt *opts)
{
	cJSON *list = cJSON_CreateArray(), *o, *ch;
	const struct pf_opt *op;
	char buf[128], sh[2] = { 0 };
	size_t i;

	for (op = opts; list && op && op->name; op++) {
		o = cJSON_CreateObject();
		if (!o)
			break;
		cJSON_AddItemToArray(list, o);
		cJSON_AddStringToObject(o, "long", op->name);
		sh[0] = op->short_name;
		if (sh[0])
			cJSON_AddStringToObject(o, "short", sh);
		if (takes_value(op))
			cJSON_AddStringToObject(o, "metavar", metavar(op, buf, sizeof(buf)));
		cJSON_AddStringToObject(o, "help", op->help ? op->help : "");
		if (op->choices) {
			ch = cJSON_AddArrayToObject(o, "choices");
			for (i = 0; ch && op->choices[i]; i++)
				cJSON_AddItemToArray(ch, cJSON_CreateString(op->choices[i]));
		} else if (op->type == PF_OPT_MODE) {
			ch = cJSON_AddArrayToObject(o, "choices");
			for (i = PF_MODE_AUTO; ch && i <= PF_MODE_GENERIC; i++)
				cJSON_AddItemToArray(ch, cJSON_CreateString(pf_mode_name(i)));
		}
	}
	return list;
}

void pf_opts_help(const struct pf_opt *opts, FILE *out)
{
	char left[200], buf[128];
	const struct pf_opt *o;

	for (o = opts; o && o->name; o++) {
		const char *mv = takes_value(o) ? metavar(o, buf, sizeof(buf)) : "";
		char sh[8] = "    ";

		if (o->short_name)
			snprintf(sh, sizeof(sh), "-%c, ", o->short_name);
		snprintf(left, sizeof(left), "%s--%s%s%s", sh, o->name, *mv ? " " : "", mv);
		/* A long left column gets the help on a line of its own. */
		if (strlen(left) > 26)
			fprintf(out, "  %s\n  %-26s %s\n", left, "", o->help);
		else
			fprintf(out, "  %-26s %s\n", left, o->help);
	}
}
