// SPDX-License-Identifier: GPL-2.0-or-later
/* Operator input files and standard input (see input.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "grow.h"
#include "input.h"

char *pf_read_fd(int fd, const char *name, size_t max, size_t *len, char *err, size_t errlen)
{
	size_t cap = 0, n = 0;
	char *buf = NULL;
	bool oom = false;
	ssize_t r;

	for (;;) {
		/* Room for a read of at least 4 KiB and the final NUL. */
		if (n > max || (oom = pf_grow((void **)&buf, &cap, n + 4097, 1)))
			break;
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			snprintf(err, errlen, "%s: %s", name, strerror(e));
			free(buf);
			errno = e;
			return NULL;
		}
		if (!r && n <= max) {
			buf[n] = 0;
			*len = n;
			return buf;
		}
		n += (size_t)r;
	}
	snprintf(err, errlen, "%s: %s", name, oom ? "out of memory" : "larger than the limit");
	free(buf);
	errno = oom ? ENOMEM : EFBIG;
	return NULL;
}

/* Is this open file our standard input (/dev/stdin, /proc/self/fd/0)? */
static bool is_stdin(const struct stat *st)
{
	struct stat in;

	return !fstat(STDIN_FILENO, &in) && in.st_dev == st->st_dev && in.st_ino == st->st_ino;
}

char *pf_read_input(const char *path, size_t max, size_t *len, char *err, size_t errlen)
{
	struct stat st;
	char *text;
	int fd;

	if (!strcmp(path, "-"))
		return pf_read_fd(STDIN_FILENO, "standard input", max, len, err, errlen);
	/* O_NONBLOCK: opening a FIFO without a writer must not wait. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) && is_stdin(&st)) {
		close(fd);
		return pf_read_fd(STDIN_FILENO, path, max, len, err, errlen);
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file (a %s)", path,
			 S_ISDIR(st.st_mode) ? "directory" : S_ISFIFO(st.st_mode) ? "FIFO"
			 : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "device" : "special file");
		close(fd);
		return NULL;
	}
	/* A regular file never blocks; clear O_NONBLOCK for plain reads. */
	fcntl(fd, F_SETFL, 0);
	text = pf_read_fd(fd, path, max, len, err, errlen);
	close(fd);
	return text;
}
