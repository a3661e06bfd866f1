/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The userspace side of the object manifest (bpf/objects.h): map and program
 * ids, names and attributes, and lookups of them in an opened object. No map
 * or program name is written anywhere else.
 */
#ifndef PF_MANIFEST_H
#define PF_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include "bpf/objects.h"

enum pf_map_id {
#define PF_MAP_ID(name, ...) PF_MAP_##name,
	PF_MAPS(PF_MAP_ID)
#undef PF_MAP_ID
	PF_MAP_COUNT
};

enum pf_prog_id {
#define PF_PROG_ID(name, kind, slot) PF_PROG_##name,
	PF_PROGS(PF_PROG_ID)
#undef PF_PROG_ID
		PF_PROG_COUNT
};

enum pf_map_scope { PF_SCOPE_SYNCED, PF_SCOPE_STATE, PF_SCOPE_SCRATCH, PF_SCOPE_PROGS };

struct pf_map_desc {
	const char *name;
	enum pf_map_scope scope;
	long size_off; /* offset of the sizing field in struct pf_config, or -1 */
	bool shown;    /* status and metrics report its fill */
	const char *summary; /* its word in the sync summary line; "none" */
};

extern const struct pf_map_desc pf_maps[PF_MAP_COUNT];
extern const char *const pf_prog_names[PF_PROG_COUNT];
/* A WATCH program (PF_PROGS): optional, loaded only where the kernel has BTF. */
extern const bool pf_prog_watch[PF_PROG_COUNT];
/* Its MUTATION_PROGS slot (PF_PROGS), or -1. */
extern const int pf_prog_slot[PF_PROG_COUNT];

/* The config's max_entries for map `id`, or 0 (built-in default). */
struct pf_config;
unsigned int pf_map_config_size(enum pf_map_id id, const struct pf_config *c);

/* The map or program of an opened object, by manifest id (NULL when absent). */
struct bpf_object;
struct bpf_map *pf_obj_map(struct bpf_object *obj, enum pf_map_id id);
struct bpf_program *pf_obj_prog(struct bpf_object *obj, enum pf_prog_id id);
int pf_obj_map_fd(struct bpf_object *obj, enum pf_map_id id);
int pf_obj_prog_fd(struct bpf_object *obj, enum pf_prog_id id);
/* Don't load the WATCH programs; true when some were to be loaded. */
bool pf_obj_skip_watch(struct bpf_object *obj);

/* The manifest id of a map name; -1 when the manifest does not list it. */
int pf_map_id_by_name(const char *name);

#endif
