/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The invocation context: what main.c learned from the global flags and
 * hands to every subcommand (verbosity, config path). Also the exit codes
 * every subcommand returns, and the one internal error convention.
 */
#ifndef PF_CTX_H
#define PF_CTX_H

#include <stdbool.h>

enum pf_exit {
	PF_EXIT_OK = 0,
	PF_EXIT_USAGE = 1,    /* usage, config or capability error: nothing changed */
	PF_EXIT_RUNTIME = 2,  /* runtime error: the message says what changed */
	PF_EXIT_DEGRADED = 3, /* status: attached, with problems */
	PF_EXIT_DETACHED = 4, /* status: nothing attached */
	PF_EXIT_TRIPPED = 5,  /* guard: the circuit breaker tripped (everything detached) */
};

/*
 * Inside, functions return 0, -errno (something may have changed: the
 * message said what) or PF_REFUSED: the input or the machine was refused
 * before anything changed. It lies outside the errno range, so no kernel
 * error can be mistaken for a refusal.
 */
#define PF_REFUSED (-4096)

/* The exit code of an internal result; the cmd_*.c layer converts once. */
static inline int pf_exit_code(int rc)
{
	return !rc ? PF_EXIT_OK : rc == PF_REFUSED ? PF_EXIT_USAGE : PF_EXIT_RUNTIME;
}

enum pf_log_level {
	PF_LOG_ERROR = 0,
	PF_LOG_WARN,
	PF_LOG_INFO,
	PF_LOG_DEBUG,
};

struct pf_ctx {
	int log_level;           /* enum pf_log_level; -v raises, -q lowers */
	bool log_level_cli;      /* set by -v/-q: the config's log-level yields */
	const char *config_path; /* --config, else PACKETFRAME_CONFIG, else NULL */
};

#endif
