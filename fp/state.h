/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where state lives (bpffs pins under bpffs-root, files under state-dir),
 * the exclusive lock every mutating subcommand holds, and atomic file
 * writes.
 */
#ifndef PF_STATE_H
#define PF_STATE_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>
#include "config.h"
#include "ctx.h"

struct pf_paths {
	char root[PATH_MAX];     /* <bpffs-root>/fast-path */
	char progs[PATH_MAX];
	char maps[PATH_MAX];
	char links[PATH_MAX];
	char watch[PATH_MAX];    /* the redirect watch's tracepoint links */
	char state[PATH_MAX];    /* state-dir */
	char registry[PATH_MAX]; /* state-dir/attachments.json */
	char lock[PATH_MAX];
	char allow_file[PATH_MAX]; /* state-dir/allow.list: the `allow` command's prefixes */
	char events[PATH_MAX];     /* state-dir/events.log: one NDJSON record per change */
	char tripped[PATH_MAX];    /* state-dir/guard.tripped: the circuit breaker's flag */
	char runtime[PATH_MAX];    /* runtime-dir (tmpfs) */
	char guard[PATH_MAX];      /* runtime-dir/guard.json: the breaker's samples */
	char sampler[PATH_MAX];    /* runtime-dir/sampler.lock: who runs capture or sflow */
};

void pf_paths_init(struct pf_paths *p, const struct pf_config *c);

/* "<dir>/<name>" into out (PATH_MAX). */
void pf_path_join(char *out, const char *dir, const char *name);

/* Pin fd at dir/name, replacing an existing pin atomically (rename); 0 or -errno. */
int pf_pin_replace(int fd, const char *dir, const char *name);

/* Is `path` (or its nearest existing ancestor) on a bpf filesystem? */
int pf_check_bpffs(const char *path, char *err, size_t errlen);

int pf_mkdirs(const char *path, mode_t mode);

/*
 * The topmost missing directory on the way to `path` (PATH_MAX; "" when it
 * exists), taken before pf_mkdirs so that a refused command can put the
 * file system back with pf_rmdirs(path, top): a refusal creates nothing.
 */
void pf_missing_top(const char *path, char *top);
void pf_rmdirs(const char *path, const char *top);

/*
 * Is the state dir (and allow list, registry, lock) ours alone? 0, or
 * PF_REFUSED with err naming the path and the fix (a local user must not be
 * able to plant prefixes that root's next run makes live), or -errno.
 */
int pf_state_check(const struct pf_paths *p, char *err, size_t errlen);

/* The same for the runtime dir and the breaker's samples in it. */
int pf_runtime_check(const struct pf_paths *p, char *err, size_t errlen);

/*
 * Check the state dir (pf_state_check), take the exclusive lock waiting up
 * to `wait_s` seconds (with a message), and remove temporary files a killed
 * run left. Returns the held fd, or PF_REFUSED / -errno with an error logged.
 */
int pf_lock(const struct pf_ctx *ctx, const struct pf_paths *p, int wait_s);

/* tmp file in the same dir (O_EXCL|O_NOFOLLOW), fsync, rename, fsync dir. */
int pf_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/*
 * pf_write_atomic, unless the file already holds exactly these bytes: what
 * lives in the state dir is rewritten only when it changes (flash wears).
 * 1 written, 0 unchanged, or -errno.
 */
int pf_write_if_changed(const char *path, const void *data, size_t len, mode_t mode);

/*
 * Fault injection for the kill -9 tests: when PACKETFRAME_CRASH_AT names this
 * point, the process SIGKILLs itself there (nothing runs after it).
 */
void pf_crash_point(const char *name);

/*
 * Error injection for the rollback tests: PACKETFRAME_FAIL_AT=NAME:N makes the
 * Nth call of pf_fault_point(NAME) in this process return -EIO (else 0).
 */
int pf_fault_point(const char *name);
/* Count calls from zero again (a test process injects more than once). */
void pf_fault_reset(void);

/* Whole file into a NUL-terminated buffer (max bytes); NULL with errno. */
char *pf_read_file(const char *path, size_t max);

#endif
