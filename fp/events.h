/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The event log (<state-dir>/events.log): one NDJSON record for each run of
 * a mutating command that changed something or failed: when, which command
 * with which arguments, who, which config, what changed (maps by delta,
 * links, the build swapped, the allow list, the breaker) and the result.
 * A run that changed nothing and succeeded writes nothing, so a timer's
 * `apply` or cron's `allow replace` with the same list costs no flash write.
 * Capped at PF_EVENTS_MAX bytes: a full log becomes events.log.1 (the one
 * before it goes), so at most twice that is kept.
 *
 * The lifecycle code notes what it changed as it goes; the session's close
 * (the one place that knows the result) writes the record.
 */
#ifndef PF_EVENTS_H
#define PF_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "state.h"

#define PF_EVENTS_MAX (256 * 1024)

struct cJSON;
struct pf_sync;

/* A time as records and the trip flag write it: 2026-12-01T22:00:00Z (UTC). */
#define PF_EVENT_TIME_LEN 32
const char *pf_event_time(time_t t, char buf[PF_EVENT_TIME_LEN]);

/* The command and its arguments, as run (main.c). */
void pf_event_begin(const char *command, int argc, char **argv);

/* What changed, as it happens. */
void pf_event_sync(const struct pf_sync *s);
void pf_event_link(const char *iface, const char *action, const char *mode);
void pf_event_build(const char *from, const char *to);
void pf_event_set(const char *key, struct cJSON *value); /* takes value */

/*
 * Append this run's record when something changed or exit_code != 0, with
 * the last error logged. 0, or -errno (the caller warns; the command's own
 * result stands).
 */
int pf_event_commit(const struct pf_paths *p, const char *config_path, int exit_code);

/*
 * The records at or after `since` (0: all), oldest first, from events.log.1
 * then events.log, into a JSON array. A line that is not a record (a torn
 * write after a crash) is skipped and counted in *bad. NULL with errno.
 */
struct cJSON *pf_events_read(const struct pf_paths *p, time_t since, size_t *bad);

/*
 * --since: an absolute UTC time (2026-12-01T22:00:00Z, 2026-12-01 22:00,
 * 2026-12-01), @EPOCH, or an age (90s, 15m, 2h, 7d). 0 or -EINVAL.
 */
int pf_events_parse_since(const char *text, time_t now, time_t *since);

#endif
