/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lifecycle steps shared by attach, apply and detach: converge the
 * attached set to a wanted one (load-or-adopt, maps, links, paced), remove
 * links (paced), tear everything down from the pins alone, and rebuild the
 * registry from the pins.
 */
#ifndef PF_LIFECYCLE_H
#define PF_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include "config.h"
#include "ctx.h"
#include "state.h"
#include "delta.h"
#include "want.h"

/*
 * Attach every wanted interface (no change where the current program is
 * already attached), after loading or adopting the pinned instance and
 * syncing its maps. With detach_others, links of interfaces not wanted are
 * removed. Returns 0, PF_REFUSED (nothing changed) or -errno.
 */
int pf_converge(const struct pf_ctx *ctx, const struct pf_config *c, const struct pf_paths *p,
		const struct pf_want *want, size_t n, bool detach_others, bool recreate);

/* Remove the links of these interfaces, paced; 0 or the first -errno. */
int pf_detach_ifaces(const struct pf_ctx *ctx, const struct pf_paths *p, unsigned int settle_ms,
		     char **names, size_t n);

/* Every link (paced), map and program pin and the registry; 0, -ENOENT (nothing pinned) or -errno. */
int pf_detach_all(const struct pf_ctx *ctx, const struct pf_paths *p, unsigned int settle_ms);

/*
 * Make `list` the allow list: the live allowlist maps first (refused whole
 * when they can't hold it), then state-dir/allow.list; a failed file write
 * puts the maps back. Not attached (*live false): the file alone. 0,
 * PF_REFUSED or -errno; d is the allowlist's delta.
 */
int pf_allow_commit(const struct pf_ctx *ctx, const struct pf_paths *p,
		    const struct pf_config *c, const struct pf_prefix *list, size_t n,
		    struct pf_delta *d, bool *live);

/* Rewrite the registry from the link pins (pins are the truth). */
int pf_registry_refresh(const struct pf_ctx *ctx, const struct pf_paths *p);

/* Names of the link pins (free each and the array). */
int pf_link_pins(const struct pf_paths *p, char ***names, size_t *n);
void pf_free_names(char **names, size_t n);

#endif
