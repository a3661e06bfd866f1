// SPDX-License-Identifier: GPL-2.0-or-later
/* The object manifest expanded into tables (see bpf/objects.h). */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "config.h"
#include "manifest.h"

#define PF_SIZE_none         (-1L)
#define PF_SIZE_allow_max    ((long)offsetof(struct pf_config, allow_max))
#define PF_SIZE_block_max    ((long)offsetof(struct pf_config, block_max))
#define PF_SIZE_vlan_max     ((long)offsetof(struct pf_config, vlan_max))
#define PF_SIZE_redirect_max ((long)offsetof(struct pf_config, redirect_max))

#define PF_STATUS_SHOW true
#define PF_STATUS_HIDE false

#define MAP_DESC(name, scope, size, status, summary) \
	{ #name, PF_SCOPE_##scope, PF_SIZE_##size, PF_STATUS_##status, #summary },
const struct pf_map_desc pf_maps[PF_MAP_COUNT] = { PF_MAPS(MAP_DESC) };
#undef MAP_DESC

#define PROG_NAME(name, kind, slot) #name,
const char *const pf_prog_names[PF_PROG_COUNT] = { PF_PROGS(PROG_NAME) };
#undef PROG_NAME

#define PF_KIND_CORE false
#define PF_KIND_WATCH true
#define PROG_WATCH(name, kind, slot) PF_KIND_##kind,
const bool pf_prog_watch[PF_PROG_COUNT] = { PF_PROGS(PROG_WATCH) };
#undef PROG_WATCH

#define PROG_SLOT(name, kind, slot) slot,
const int pf_prog_slot[PF_PROG_COUNT] = { PF_PROGS(PROG_SLOT) };
#undef PROG_SLOT

unsigned int pf_map_config_size(enum pf_map_id id, const struct pf_config *c)
{
	if (pf_maps[id].size_off < 0)
		return 0;
	return *(const unsigned int *)((const char *)c + pf_maps[id].size_off);
}

struct bpf_map *pf_obj_map(struct bpf_object *obj, enum pf_map_id id)
{
	return bpf_object__find_map_by_name(obj, pf_maps[id].name);
}

struct bpf_program *pf_obj_prog(struct bpf_object *obj, enum pf_prog_id id)
{
	return bpf_object__find_program_by_name(obj, pf_prog_names[id]);
}

int pf_obj_map_fd(struct bpf_object *obj, enum pf_map_id id)
{
	struct bpf_map *m = pf_obj_map(obj, id);

	return m ? bpf_map__fd(m) : -ENOENT;
}

int pf_obj_prog_fd(struct bpf_object *obj, enum pf_prog_id id)
{
	struct bpf_program *p = pf_obj_prog(obj, id);

	return p ? bpf_program__fd(p) : -ENOENT;
}

int pf_map_id_by_name(const char *name)
{
	int i;

	for (i = 0; i < PF_MAP_COUNT; i++)
		if (!strcmp(pf_maps[i].name, name))
			return i;
	return -1;
}

bool pf_obj_skip_watch(struct bpf_object *obj)
{
	bool was = false;
	int i;

	for (i = 0; i < PF_PROG_COUNT; i++) {
		struct bpf_program *prog = pf_obj_prog(obj, i);

		if (pf_prog_watch[i] && prog && bpf_program__autoload(prog)) {
			bpf_program__set_autoload(prog, false);
			was = true;
		}
	}
	return was;
}
