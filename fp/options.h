/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Declarative command-line options. Each command describes its options and
 * positional arguments as plain data (struct pf_cmd_opts); one parser reads
 * argv against it, converts and range-checks every value, and the --help
 * text is generated from the same tables, as man pages and shell completion
 * can be.
 */
#ifndef PF_OPTIONS_H
#define PF_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum pf_opt_type {
	PF_OPT_FLAG,     /* bool, set when given */
	PF_OPT_STRING,   /* const char *, points into argv */
	PF_OPT_UINT,     /* unsigned int in [min, max] */
	PF_OPT_DURATION, /* unsigned int, milliseconds in [min, max]: 10s, 500ms, 2m */
	PF_OPT_MODE,     /* enum pf_mode: auto|native|generic */
	PF_OPT_ENUM,     /* int: index in `choices` */
	/* The common options' own actions (pf_common_opts). */
	PF_OPT_HELP,
	PF_OPT_VERBOSE,
	PF_OPT_QUIET,
};

struct pf_opt {
	const char *name; /* long name without "--"; NULL ends a table */
	char short_name;  /* 0: none */
	enum pf_opt_type type;
	size_t off; /* destination: offset in the command's option struct */
	bool required;
	unsigned long min, max;     /* PF_OPT_UINT, PF_OPT_DURATION (ms) */
	const char *const *choices; /* PF_OPT_ENUM, NULL-terminated */
	const char *metavar;        /* NULL: derived from the type */
	const char *help;
};

struct pf_cmd_opts {
	const struct pf_opt *opts; /* NULL-name terminated; may be NULL */
	const char *args;          /* synopsis of the positionals, "" for none */
	int min_args, max_args;    /* max_args -1: no limit */
};

/* -h/--help, -v/--verbose, -q/--quiet, --config: every command takes them. */
extern const struct pf_opt pf_common_opts[];

/* The shared table of commands whose only own option is --json. */
struct pf_json_only {
	bool json;
};
extern const struct pf_cmd_opts pf_json_only_opts;

/* What pf_opts_parse leaves behind besides the option struct. */
struct pf_args {
	int argc; /* positional arguments */
	char **argv;
	const struct pf_cmd_opts *spec;
	unsigned long long given; /* bit i: spec->opts[i] was given */
};

/* A --help was handled: the caller exits successfully. */
#define PF_OPTS_HELP 1

/*
 * Parse argv (argv[0] names the program) against the common options and
 * `spec`, storing command options into `dst` and common ones into `ctx`.
 * `stop_at_arg` ends option parsing at the first positional (global options
 * before a command). Returns 0, PF_OPTS_HELP, or -EINVAL after naming the
 * bad option or value on stderr (usage is for the caller to print).
 */
struct pf_ctx;
int pf_opts_parse(struct pf_ctx *ctx, const struct pf_cmd_opts *spec, bool stop_at_arg, int argc,
		  char **argv, void *dst, struct pf_args *a);

/* The options as JSON ({long, short, metavar, help, choices}), for docs and completion. */
struct cJSON;
struct cJSON *pf_opts_json(const struct pf_opt *opts);

/* Was the option called `name` given? */
bool pf_args_given(const struct pf_args *a, const char *name);

/* Synopsis of a command from its tables, without the leading "usage:". */
void pf_opts_synopsis(const char *prog, const struct pf_cmd_opts *spec, FILE *out);
/* One line of help per option. */
void pf_opts_help(const struct pf_opt *opts, FILE *out);

#endif
