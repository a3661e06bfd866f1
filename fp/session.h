/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every state-touching subcommand starts with: the config (or the
 * defaults), the paths derived from it, and for mutating commands the
 * state-dir lock.
 */
#ifndef PF_SESSION_H
#define PF_SESSION_H

#include <stdbool.h>
#include "config.h"
#include "ctx.h"
#include "state.h"

#define PF_LOCK_WAIT_S 60

struct pf_session {
	struct pf_config cfg;
	struct pf_paths paths;
	int lock_fd; /* -1 when not locked */
	bool made_lock;          /* the lock file is this run's */
	char made_dir[PATH_MAX]; /* topmost state directory this run made, or "" */
};

/* Returns an enum pf_exit code; on success the session must be closed. */
int pf_session_open(struct pf_ctx *ctx, struct pf_session *s, bool need_config, bool lock);
/* With the command's exit code: a refusal (1) removes what the session made. */
void pf_session_close(struct pf_session *s, int exit_code);

#endif
