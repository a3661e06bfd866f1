// SPDX-License-Identifier: GPL-2.0-or-later
/* State paths, bpffs check, lock and atomic writes. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "ctx.h"
#include "input.h"
#include "log.h"
#include "state.h"

#define BPF_FS_MAGIC 0xcafe4a11

void pf_path_join(char *out, const char *dir, const char *name)
{
	/* The config caps paths well below PATH_MAX; a cut path is refused anyway. */
	if (snprintf(out, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX)
		out[0] = 0;
}

void pf_paths_init(struct pf_paths *p, const struct pf_config *c)
{
	pf_path_join(p->root, c->bpffs_root, "fast-path");
	pf_path_join(p->progs, p->root, "progs");
	pf_path_join(p->maps, p->root, "maps");
	pf_path_join(p->links, p->root, "links");
	pf_path_join(p->watch, p->root, "watch");
	snprintf(p->state, sizeof(p->state), "%s", c->state_dir);
	pf_path_join(p->registry, p->state, "attachments.json");
	pf_path_join(p->lock, p->state, "lock");
	pf_path_join(p->allow_file, p->state, "allow.list");
	pf_path_join(p->events, p->state, "events.log");
	pf_path_join(p->tripped, p->state, "guard.tripped");
	snprintf(p->runtime, sizeof(p->runtime), "%s", c->runtime_dir);
	pf_path_join(p->guard, p->runtime, "guard.json");
	pf_path_join(p->sampler, p->runtime, "sampler.lock");
}

int pf_pin_replace(int fd, const char *dir, const char *name)
{
	char path[PATH_MAX], tmp[PATH_MAX];

	pf_path_join(path, dir, name);
	/* bpffs refuses names with a dot. */
	if (snprintf(tmp, sizeof(tmp), "%s/%s:new", dir, name) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	unlink(tmp);
	if (bpf_obj_pin(fd, tmp))
		return -errno;
	if (rename(tmp, path)) {
		int err = -errno;

		unlink(tmp);
		return err;
	}
	return 0;
}

int pf_check_bpffs(const char *path, char *err, size_t errlen)
{
	char probe[PATH_MAX], *slash;
	struct statfs st;

	snprintf(probe, sizeof(probe), "%s", path);
	for (;;) {
		if (!statfs(probe, &st)) {
			if ((unsigned long)st.f_type == BPF_FS_MAGIC)
				return 0;
			snprintf(err, errlen,
				 "%s is not on a bpf filesystem (%s is not bpffs); mount one "
				 "with: mount -t bpf bpf /sys/fs/bpf",
				 path, probe);
			return -1;
		}
		if (errno != ENOENT || !strcmp(probe, "/")) {
			snprintf(err, errlen, "%s: %s", probe, strerror(errno));
			return -1;
		}
		slash = strrchr(probe, '/');
		if (!slash) {
			snprintf(err, errlen, "%s: not an absolute path", path);
			return -1;
		}
		slash[slash == probe] = 0; /* parent; "/" stays "/" */
	}
}

int pf_mkdirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX], *s;

	snprintf(buf, sizeof(buf), "%s", path);
	for (s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(buf, mode) && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(buf, mode) && errno != EEXIST)
		return -errno;
	return 0;
}

void pf_missing_top(const char *path, char *top)
{
	char buf[PATH_MAX], *slash;

	top[0] = 0;
	snprintf(buf, sizeof(buf), "%s", path);
	while (buf[0] && access(buf, F_OK) && errno == ENOENT) {
		snprintf(top, PATH_MAX, "%s", buf);
		slash = strrchr(buf, '/');
		if (!slash || slash == buf)
			break;
		*slash = 0;
	}
}

void pf_rmdirs(const char *path, const char *top)
{
	char buf[PATH_MAX], *slash;
	size_t tl = strlen(top);

	if (!tl)
		return;
	snprintf(buf, sizeof(buf), "%s", path);
	/* Only below (or at) top, and only empty directories: rmdir refuses the rest. */
	while (!strncmp(buf, top, tl) && (buf[tl] == '/' || !buf[tl]) && !rmdir(buf) &&
	       strcmp(buf, top)) {
		slash = strrchr(buf, '/');
		if (!slash)
			break;
		*slash = 0;
	}
}

/* Owned by us (or root) and writable by nobody else; a missing path is fine. */
static int trusted(const char *path, bool dir, char *err, size_t errlen)
{
	struct stat st;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s is not a %s", path, dir ? "directory" : "regular file");
		return PF_REFUSED;
	}
	if ((st.st_uid != geteuid() && st.st_uid != 0) || (st.st_mode & 022)) {
		snprintf(err, errlen, "%s is %s (owner uid %u, mode %04o): packetframe does not "
			 "trust state another user can change (`chown %u %s; chmod go-w %s`)",
			 path, st.st_mode & 022 ? "writable by others" : "owned by another user",
			 (unsigned int)st.st_uid, (unsigned int)(st.st_mode & 07777),
			 (unsigned int)geteuid(), path, path);
		return PF_REFUSED;
	}
	return 0;
}

/*
 * Every directory above the state dir: nobody else may rename what is below
 * it (writable by others only with the sticky bit, as /tmp is).
 */
static int trusted_parents(const char *path, const char *what, char *err, size_t errlen)
{
	char buf[PATH_MAX], *slash;
	struct stat st;

	snprintf(buf, sizeof(buf), "%s", path);
	while ((slash = strrchr(buf, '/')) && slash != buf) {
		*slash = 0;
		if (lstat(buf, &st))
			continue; /* not there yet: pf_mkdirs makes it ours */
		if ((st.st_mode & 022) && !(st.st_mode & S_ISVTX)) {
			snprintf(err, errlen,
				 "%s (above the %s) is writable by others "
				 "(mode %04o): they could swap the %s (`chmod go-w %s`)",
				 buf, what, (unsigned int)(st.st_mode & 07777), what, buf);
			return PF_REFUSED;
		}
	}
	return 0;
}

int pf_state_check(const struct pf_paths *p, char *err, size_t errlen)
{
	const char *files[] = { p->allow_file, p->registry, p->lock, p->events, p->tripped };
	size_t i;
	int rc = trusted_parents(p->state, "state dir", err, errlen)
			 ?: trusted(p->state, true, err, errlen);

	for (i = 0; !rc && i < sizeof(files) / sizeof(files[0]); i++)
		rc = trusted(files[i], false, err, errlen);
	if (rc && rc != PF_REFUSED)
		snprintf(err, errlen, "cannot check %s: %s", p->state, strerror(-rc));
	return rc;
}

int pf_runtime_check(const struct pf_paths *p, char *err, size_t errlen)
{
	int rc = trusted_parents(p->runtime, "runtime dir", err, errlen) ?:
		 trusted(p->runtime, true, err, errlen) ?: trusted(p->guard, false, err, errlen) ?:
		 trusted(p->sampler, false, err, errlen);

	if (rc && rc != PF_REFUSED)
		snprintf(err, errlen, "cannot check %s: %s", p->runtime, strerror(-rc));
	return rc;
}

/* Temporary files of a run that was killed midway: "<state file>.tmp.<pid>" (we hold the lock). */
static void clean_tmp(const struct pf_ctx *ctx, const struct pf_paths *p)
{
	const char *files[] = { p->allow_file, p->registry };
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(p->state);
	size_t i;

	if (!d)
		return;
	while ((e = readdir(d))) {
		for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			const char *base = strrchr(files[i], '/') + 1;
			size_t bl = strlen(base);

			if (strncmp(e->d_name, base, bl) || strncmp(e->d_name + bl, ".tmp.", 5) ||
			    !e->d_name[bl + 5] ||
			    strspn(e->d_name + bl + 5, "0123456789") != strlen(e->d_name + bl + 5))
				continue;
			pf_path_join(path, p->state, e->d_name);
			if (!unlink(path))
				pf_info(ctx, "removed %s (left by a run that was killed)", path);
		}
	}
	closedir(d);
}

/* flock fd, waiting up to wait_s seconds (saying so once); 0 or -errno. */
static int wait_flock(const struct pf_ctx *ctx, const struct pf_paths *p, int fd, int wait_s,
		      int *waited)
{
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK) {
			pf_err(ctx, "cannot lock %s: %s", p->lock, strerror(errno));
			return -errno;
		}
		if (*waited == 0)
			pf_info(ctx, "another packetframe command holds %s; waiting up to %ds",
				p->lock, wait_s);
		if (*waited >= wait_s * 10) {
			pf_err(ctx, "gave up waiting for %s after %ds", p->lock, wait_s);
			return -EWOULDBLOCK;
		}
		usleep(100000);
		(*waited)++;
	}
	return 0;
}

/* Is the locked fd still the file at the lock's path (a refused run may unlink it)? */
static bool still_the_lock(const struct pf_paths *p, int fd)
{
	struct stat a, b;

	return !fstat(fd, &a) && !lstat(p->lock, &b) && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

int pf_lock(const struct pf_ctx *ctx, const struct pf_paths *p, int wait_s)
{
	int fd, waited = 0, err;
	char why[512];

	err = pf_state_check(p, why, sizeof(why));
	if (err) {
		pf_err(ctx, "%s", why);
		return err;
	}
	err = pf_mkdirs(p->state, 0700);
	if (err) {
		pf_err(ctx, "cannot create state-dir %s: %s", p->state, strerror(-err));
		return err;
	}
	for (;;) {
		fd = open(p->lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			err = -errno;
			pf_err(ctx, "cannot open %s: %s", p->lock, strerror(-err));
			return err;
		}
		err = wait_flock(ctx, p, fd, wait_s, &waited);
		if (err) {
			close(fd);
			return err;
		}
		if (still_the_lock(p, fd))
			break;
		close(fd); /* we locked a file that is gone: lock the one that is there */
	}
	/* The state may have changed while we waited: check it again, now that it holds still. */
	err = pf_state_check(p, why, sizeof(why));
	if (err) {
		pf_err(ctx, "%s", why);
		close(fd);
		return err;
	}
	clean_tmp(ctx, p);
	return fd;
}

int pf_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	int fd, dfd, err = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	unlink(tmp); /* a leftover of a killed run of this same pid */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	if (write(fd, data, len) != (ssize_t)len || fsync(fd))
		err = errno ? -errno : -EIO;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		unlink(tmp);
		return err;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

/* Does the regular file at path hold exactly data, with this mode? */
static bool holds(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	bool same = false;
	struct stat st;
	char *buf;

	if (fd < 0)
		return false;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && (st.st_mode & 07777) == mode &&
	    st.st_size == (off_t)len && (buf = malloc(len + 1))) {
		same = read(fd, buf, len + 1) == (ssize_t)len && !memcmp(buf, data, len);
		free(buf);
	}
	close(fd);
	return same;
}

int pf_write_if_changed(const char *path, const void *data, size_t len, mode_t mode)
{
	int err;

	if (holds(path, data, len, mode))
		return 0;
	err = pf_write_atomic(path, data, len, mode);
	return err ?: 1;
}

void pf_crash_point(const char *name)
{
	const char *at = getenv("PACKETFRAME_CRASH_AT");

	if (at && !strcmp(at, name))
		raise(SIGKILL);
}

static unsigned long fault_calls;

void pf_fault_reset(void)
{
	fault_calls = 0;
}

int pf_fault_point(const char *name)
{
	const char *at = getenv("PACKETFRAME_FAIL_AT");
	size_t len = strlen(name);
	char *end;
	unsigned long nth;

	if (!at || strncmp(at, name, len) || at[len] != ':')
		return 0;
	nth = strtoul(at + len + 1, &end, 10);
	return ++fault_calls == nth && !*end ? -EIO : 0;
}

char *pf_read_file(const char *path, size_t max)
{
	char err[1], *text;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;
	size_t len;

	if (fd < 0)
		return NULL;
	text = pf_read_fd(fd, path, max, &len, err, sizeof(err));
	e = errno;
	close(fd);
	errno = e;
	return text;
}
