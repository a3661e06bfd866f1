// SPDX-License-Identifier: GPL-2.0-or-later
/* Verifier load of the embedded object and the tail-call slot. */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf/objects.h"
#include "bpf_obj.h"
#include "loader.h"
#include "log.h"

struct bpf_program *pf_obj_prog(struct bpf_object *obj, enum pf_prog_id id)
{
	return bpf_object__find_program_by_name(obj, pf_prog_names[id]);
}

struct bpf_map *pf_obj_map(struct bpf_object *obj, enum pf_map_id id)
{
	return bpf_object__find_map_by_name(obj, pf_map_names[id]);
}

int pf_obj_link_finalize(const struct pf_ctx *ctx, struct bpf_object *obj)
{
	struct bpf_program *fin = pf_obj_prog(obj, PF_PROG_finalize);
	struct bpf_map *progs = pf_obj_map(obj, PF_MAP_MUTATION_PROGS);
	__u32 slot = PF_SLOT_FINALIZE;
	int fd, err;

	if (!fin || !progs) {
		pf_err(ctx, "BPF object lacks finalize or MUTATION_PROGS");
		return -ENOENT;
	}
	fd = bpf_program__fd(fin);
	err = bpf_map_update_elem(bpf_map__fd(progs), &slot, &fd, BPF_ANY);
	if (err) {
		err = -errno;
		pf_err(ctx, "cannot place finalize in MUTATION_PROGS[%u]: %s", slot, strerror(-err));
	}
	return err;
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
	if (pf_obj_link_finalize(ctx, obj))
		goto fail;
	return obj;
fail:
	bpf_object__close(obj);
	return NULL;
}
