// SPDX-License-Identifier: GPL-2.0-or-later
/* Access to the BPF object embedded by embed.S and its build id. */
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "bpf_obj.h"
#include "log.h"
#include "watch.h"
#include "pf_build_id.h"

extern const char pf_bpf_obj_start[];
extern const char pf_bpf_obj_end[];
extern const char pf_probe_obj_start[];
extern const char pf_probe_obj_end[];

const void *pf_obj_bytes(size_t *len)
{
	*len = (size_t)(pf_bpf_obj_end - pf_bpf_obj_start);
	return pf_bpf_obj_start;
}

const char *pf_obj_build_id(void)
{
	return PF_BUILD_ID;
}

static struct bpf_object *open_bytes(const struct pf_ctx *ctx, const char *name,
				     const void *bytes, size_t len)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = name);
	struct bpf_object *obj = bpf_object__open_mem(bytes, len, &opts);

	if (!obj)
		pf_err(ctx, "cannot open the embedded BPF object %s (%zu bytes): %s", name, len,
		       strerror(errno));
	return obj;
}

struct bpf_object *pf_obj_open(const struct pf_ctx *ctx)
{
	size_t len;
	const void *bytes = pf_obj_bytes(&len);
	struct bpf_object *obj = open_bytes(ctx, "packetframe", bytes, len);

	if (obj)
		pf_watch_select(obj);
	return obj;
}

#define NAME_STR(name) #name,
const char *const pf_probe_map_names[PF_PROBE_MAP_COUNT] = { PF_PROBE_MAPS(NAME_STR) };
const char *const pf_probe_prog_names[PF_PROBE_PROG_COUNT] = { PF_PROBE_PROGS(NAME_STR) };
#undef NAME_STR

int pf_probe_map_fd(struct bpf_object *obj, enum pf_probe_map_id id)
{
	return bpf_map__fd(bpf_object__find_map_by_name(obj, pf_probe_map_names[id]));
}

int pf_probe_prog_fd(struct bpf_object *obj, enum pf_probe_prog_id id)
{
	return bpf_program__fd(bpf_object__find_program_by_name(obj, pf_probe_prog_names[id]));
}

struct bpf_object *pf_probe_obj_open(const struct pf_ctx *ctx)
{
	return open_bytes(ctx, "probe", pf_probe_obj_start,
			  (size_t)(pf_probe_obj_end - pf_probe_obj_start));
}
