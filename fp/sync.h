/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Desired-state sync of the instance's maps. Builders (want.h) fill one
 * wanted record set per map; the planner reads what is live and checks
 * everything that can be refused (record layout, the capacity of every map)
 * before the first write; one loop then writes map by map, in manifest order,
 * by delta. A kernel error midway restores every map already touched to its
 * previous contents. Whatever happened, once a write was attempted CFG is
 * written last with a new generation, so no per-CPU cache keeps an answer
 * from before.
 */
#ifndef PF_SYNC_H
#define PF_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include "bpf/shared.h"
#include "delta.h"
#include "instance.h"

struct pf_sync {
	const struct pf_inst *in;
	bool wanted[PF_MAP_COUNT];
	struct pf_kv_set want[PF_MAP_COUNT];
	struct pf_kv_set prev[PF_MAP_COUNT]; /* live contents at plan time */
	struct pf_kv_set up[PF_MAP_COUNT], del[PF_MAP_COUNT];
	struct pf_delta delta[PF_MAP_COUNT]; /* the plan */
	bool deletes_first[PF_MAP_COUNT];
	struct pf_cfg cfg_prev;              /* CFG at plan time */
	struct pf_cfg cfg;                   /* CFG to write (its gen is set at write) */
	bool cfg_wanted;                     /* cfg set by a builder; else CFG is kept */
	bool planned;
};

void pf_sync_init(struct pf_sync *s, const struct pf_inst *in);
void pf_sync_free(struct pf_sync *s);

/*
 * The wanted set of map `id`, created empty with these record sizes on the
 * first call: a map never asked for is left as it is.
 */
struct pf_kv_set *pf_sync_want(struct pf_sync *s, enum pf_map_id id, size_t ksz, size_t vsz);

/* Read what is live and plan; 0, PF_REFUSED (err says why) or -errno. Writes nothing. */
int pf_sync_plan(struct pf_sync *s, char *err, size_t errlen);

/*
 * Write the plan, then CFG with a new generation. On a failed write the maps
 * already touched are restored and CFG keeps its contents with a new
 * generation. 0 or -errno (err says what happened, including a failed restore).
 */
int pf_sync_apply(struct pf_sync *s, char *err, size_t errlen);

/* Put back what pf_sync_apply replaced (a later step failed); 0 or -errno. */
int pf_sync_undo(struct pf_sync *s, char *err, size_t errlen);

/* "allow +1 -0, block +0 -0, ..." over the manifest's summary words. */
void pf_sync_summary(const struct pf_sync *s, char *buf, size_t len);

#endif
