/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loading the embedded object into the kernel: verifier load of the
 * programs, then the tail-called ones placed in their PROG_ARRAY slots
 * (before anything can be attached, so fast_path never runs with an empty
 * slot).
 */
#ifndef PF_LOADER_H
#define PF_LOADER_H

#include "ctx.h"
#include "instance.h"

struct bpf_object;

/* Put each tail-called program into its MUTATION_PROGS slot; 0 or -errno. */
int pf_obj_link_tail_calls(const struct pf_ctx *ctx, struct bpf_object *obj);

/* Open, load and link the embedded object; NULL with an error logged. */
struct bpf_object *pf_obj_load(const struct pf_ctx *ctx);

#endif
