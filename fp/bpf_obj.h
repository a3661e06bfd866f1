/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The embedded fast-path BPF object: its bytes, its build id (a hash of those
 * bytes, computed at build time), and opening it with libbpf.
 */
#ifndef PF_BPF_OBJ_H
#define PF_BPF_OBJ_H

#include <stddef.h>
#include "ctx.h"

struct bpf_object;

const void *pf_obj_bytes(size_t *len);
const char *pf_obj_build_id(void);

/* Open the embedded object (not loaded yet); NULL with an error logged. */
struct bpf_object *pf_obj_open(const struct pf_ctx *ctx);

/* The separate probe object (`packetframe probe`). */
struct bpf_object *pf_probe_obj_open(const struct pf_ctx *ctx);

#endif
