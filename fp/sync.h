/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing the instance's maps from the config, the `allow` list and the
 * devices of this network namespace, each by delta (adds before deletes),
 * with CFG (and its cache generation) written last. Everything that can be
 * refused (a missing interface, a bad `allow` file) is checked before the
 * first map write.
 */
#ifndef PF_SYNC_H
#define PF_SYNC_H

#include <stddef.h>
#include "config.h"
#include "ctx.h"
#include "delta.h"
#include "instance.h"
#include "state.h"

struct pf_sync_report {
	struct pf_delta allow, block, ifaces, vlan, devmap, mss;
	size_t devmap_skipped; /* devices that cannot receive native redirects */
};

/*
 * Sync every map. `extra` names interfaces attached beyond the config (from
 * the command line or earlier runs). Returns 0, PF_EXIT_USAGE-style -EINVAL
 * with err set (nothing written), or -errno on a failed write.
 */
int pf_sync_maps(const struct pf_ctx *ctx, const struct pf_paths *p, const struct pf_config *c,
		 const struct pf_inst *in, char **extra, size_t n_extra,
		 struct pf_sync_report *rep, char *err, size_t errlen);

/* Only the allowlist maps (config allow-prefixes + the allow list), and the generation. */
int pf_sync_allow(const struct pf_ctx *ctx, const struct pf_paths *p, const struct pf_config *c,
		  const struct pf_inst *in, struct pf_delta *d, char *err, size_t errlen);

/* The `allow` command's list (state-dir/allow.list): one prefix per line. */
int pf_allow_file_read(const char *path, struct pf_prefix **out, size_t *n, char *err,
		       size_t errlen);
int pf_allow_file_write(const char *path, const struct pf_prefix *p, size_t n);

#endif
