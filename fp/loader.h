/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loading the embedded object into the kernel: verifier load of both
 * programs, then finalize placed in its PROG_ARRAY slot (before anything
 * can be attached, so fast_path never runs with an empty slot).
 */
#ifndef PF_LOADER_H
#define PF_LOADER_H

#include "ctx.h"
#include "instance.h"

struct bpf_object;

/* Put finalize into MUTATION_PROGS[PF_SLOT_FINALIZE]; 0 or -errno. */
int pf_obj_link_finalize(const struct pf_ctx *ctx, struct bpf_object *obj);

/* Open, load and link the embedded object; NULL with an error logged. */
struct bpf_object *pf_obj_load(const struct pf_ctx *ctx);

#endif
