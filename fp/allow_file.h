/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The `allow` command's list (state-dir/allow.list): one prefix per line,
 * `#` comments. It persists what `allow` was told, so attach, apply and
 * reboots keep it; the live allowlist is it plus the config's allow-prefix.
 */
#ifndef PF_ALLOW_FILE_H
#define PF_ALLOW_FILE_H

#include <stddef.h>
#include "prefix.h"

/*
 * Parse text (len bytes, NUL-terminated, modified in place) named `name` in
 * messages. 0; PF_REFUSED with every bad line in err, one "NAME:LINE: why"
 * a line (at most 10, then a count); or -ENOMEM.
 */
int pf_allow_parse(const char *name, char *text, size_t len, struct pf_prefix **out, size_t *n,
		   char *err, size_t errlen);

/* An operator's list: a file, or standard input for "-" or /dev/stdin. As pf_allow_parse. */
int pf_allow_input_read(const char *path, struct pf_prefix **out, size_t *n, char *err,
			size_t errlen);

/* The state file: as pf_allow_input_read, but a missing file is an empty list. */
int pf_allow_file_read(const char *path, struct pf_prefix **out, size_t *n, char *err,
		       size_t errlen);

/* Write atomically (mode 0600) unless it holds this list already: 1 written, 0 unchanged, -errno. */
int pf_allow_file_write(const char *path, const struct pf_prefix *p, size_t n);

#endif
