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

/* Read (a missing file is an empty list); 0, or -1 with err "FILE:LINE: ...". */
int pf_allow_file_read(const char *path, struct pf_prefix **out, size_t *n, char *err,
		       size_t errlen);

/* Write atomically (mode 0600); 0 or -errno. */
int pf_allow_file_write(const char *path, const struct pf_prefix *p, size_t n);

#endif
