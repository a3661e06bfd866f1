/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the files an operator names (--config, allow -f): a regular file,
 * or standard input for "-" and for a path that is standard input
 * (/dev/stdin). Never blocks on a FIFO or a device, is bounded in size, and
 * returns the length, so a NUL byte in the text is seen, not a silent end.
 */
#ifndef PF_INPUT_H
#define PF_INPUT_H

#include <stddef.h>

/*
 * The whole input, NUL-terminated, its length in *len. NULL on error with
 * err "PATH: why" (missing, not a regular file, larger than max, I/O error).
 */
/*
 * Read fd to its end, at most max bytes, NUL-terminated (*len without the
 * NUL). NULL with errno set (EFBIG past max) and err naming `name`.
 */
char *pf_read_fd(int fd, const char *name, size_t max, size_t *len, char *err, size_t errlen);

char *pf_read_input(const char *path, size_t max, size_t *len, char *err, size_t errlen);

#endif
