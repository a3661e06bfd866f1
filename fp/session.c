// SPDX-License-Identifier: GPL-2.0-or-later
/* Config + paths + lock for a subcommand. */
#include <stdio.h>
#include <unistd.h>
#include "cli.h"
#include "events.h"
#include "session.h"

int pf_session_open(struct pf_ctx *ctx, struct pf_session *s, bool need_config, bool lock)
{
	int rc;

	s->lock_fd = -1;
	s->made_lock = false;
	s->made_dir[0] = 0;
	rc = pf_cli_config(ctx, &s->cfg, need_config);
	if (rc)
		return rc;
	pf_paths_init(&s->paths, &s->cfg);
	if (lock) {
		pf_missing_top(s->paths.state, s->made_dir);
		s->made_lock = access(s->paths.lock, F_OK) != 0;
		s->lock_fd = pf_lock(ctx, &s->paths, PF_LOCK_WAIT_S);
		if (s->lock_fd < 0) {
			rc = pf_exit_code(s->lock_fd);
			s->lock_fd = -1;
			pf_config_free(&s->cfg);
			return rc;
		}
	}
	return PF_EXIT_OK;
}

void pf_session_close(struct pf_session *s, int exit_code)
{
	/* Refused: nothing stays that this run created (the lock and its directory). */
	if (exit_code == PF_EXIT_USAGE && s->lock_fd >= 0 && s->made_lock) {
		unlink(s->paths.lock);
		pf_rmdirs(s->paths.state, s->made_dir);
	}
	/* A mutating run (it holds the lock) leaves its record, still under the lock. */
	if (s->lock_fd >= 0 && pf_event_commit(&s->paths, s->cfg.path, exit_code))
		fprintf(stderr, "packetframe: warning: cannot append to %s\n", s->paths.events);
	if (s->lock_fd >= 0)
		close(s->lock_fd); /* releases the flock */
	s->lock_fd = -1;
	pf_config_free(&s->cfg);
}
