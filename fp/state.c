// SPDX-License-Identifier: GPL-2.0-or-later
/* State paths, bpffs check, lock and atomic writes. */
#include <errno.h>
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
	snprintf(p->state, sizeof(p->state), "%s", c->state_dir);
	pf_path_join(p->registry, p->state, "attachments.json");
	pf_path_join(p->lock, p->state, "lock");
	pf_path_join(p->allow_file, p->state, "allow.list");
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

int pf_lock(const struct pf_ctx *ctx, const struct pf_paths *p, int wait_s)
{
	int fd, waited = 0, err;

	err = pf_mkdirs(p->state, 0700);
	if (err) {
		pf_err(ctx, "cannot create state-dir %s: %s", p->state, strerror(-err));
		return -1;
	}
	fd = open(p->lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		pf_err(ctx, "cannot open %s: %s", p->lock, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK) {
			pf_err(ctx, "cannot lock %s: %s", p->lock, strerror(errno));
			close(fd);
			return -1;
		}
		if (waited == 0)
			pf_info(ctx, "another packetframe command holds %s; waiting up to %ds",
				p->lock, wait_s);
		if (waited >= wait_s * 10) {
			pf_err(ctx, "gave up waiting for %s after %ds", p->lock, wait_s);
			close(fd);
			return -1;
		}
		usleep(100000);
		waited++;
	}
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
	struct stat st;
	char *buf;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || (size_t)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return NULL;
	}
	n = read(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}
