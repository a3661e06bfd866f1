/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The invocation context: what main.c learned from the global flags and
 * hands to every subcommand (verbosity, config path). Also the exit codes
 * every subcommand returns.
 */
#ifndef PF_CTX_H
#define PF_CTX_H

#include <stdbool.h>

enum pf_exit {
	PF_EXIT_OK = 0,
	PF_EXIT_USAGE = 1,   /* usage, config or capability error: nothing changed */
	PF_EXIT_RUNTIME = 2, /* runtime error: the message says what changed */
};

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
