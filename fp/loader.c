// SPDX-License-Identifier: GPL-2.0-or-later
/* Verifier load of the embedded object and its tail-call slots. */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf_obj.h"
#include "loader.h"
#include "log.h"
#include "manifest.h"

int pf_obj_link_tail_calls(const struct pf_ctx *ctx, struct bpf_object *obj)
{
	struct bpf_map *progs = pf_obj_map(obj, PF_MAP_MUTATION_PROGS);
	int i, fd;

	for (i = 0; i < PF_PROG_COUNT; i++) {
		struct bpf_program *p = pf_obj_prog(obj, i);
		__u32 slot = (__u32)pf_prog_slot[i];

		if (pf_prog_slot[i] < 0)
			continue;
		if (!p || !progs) {
			pf_err(ctx, "BPF object lacks %s or %s", pf_prog_names[i],
			       pf_maps[PF_MAP_MUTATION_PROGS].name);
			return -ENOENT;
		}
		fd = bpf_program__fd(p);
		if (bpf_map_update_elem(bpf_map__fd(progs), &slot, &fd, BPF_ANY)) {
			pf_err(ctx, "cannot place %s in %s[%u]: %s", pf_prog_names[i],
			       pf_maps[PF_MAP_MUTATION_PROGS].name, slot, strerror(errno));
			return -errno;
		}
	}
	return 0;
}

struct bpf_object *pf_obj_load(const struct pf_ctx *ctx)
{
	struct bpf_object *obj = pf_obj_open(ctx);
	int err;

	if (!obj)
		return NULL;
	err = bpf_object__load(obj);
	if (err) {
		pf_err(ctx, "the kernel refused the BPF object: %s (run with -v -v for the verifier log)",
		       strerror(-err));
		goto fail;
	}
	if (pf_obj_link_tail_calls(ctx, obj))
		goto fail;
	return obj;
fail:
	bpf_object__close(obj);
	return NULL;
}
