/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The embedded fast-path BPF object: its bytes, its build id (a hash of those
 * bytes, computed at build time), and opening it with libbpf.
 */
#ifndef PF_BPF_OBJ_H
#define PF_BPF_OBJ_H

#include <stddef.h>
#include "bpf/probe.h"
#include "ctx.h"

struct bpf_object;

const void *pf_obj_bytes(size_t *len);
const char *pf_obj_build_id(void);

/* Open the embedded object (not loaded yet); NULL with an error logged. */
struct bpf_object *pf_obj_open(const struct pf_ctx *ctx);

/* The separate probe object (`packetframe probe`). */
struct bpf_object *pf_probe_obj_open(const struct pf_ctx *ctx);

/* An X-macro expansion is no continued expression, whatever clang-format thinks. */
/* clang-format off */
enum pf_probe_map_id {
#define PF_PROBE_MAP_ID(name) PF_PROBE_MAP_##name,
	PF_PROBE_MAPS(PF_PROBE_MAP_ID)
#undef PF_PROBE_MAP_ID
	PF_PROBE_MAP_COUNT
};

enum pf_probe_prog_id {
#define PF_PROBE_PROG_ID(name) PF_PROBE_PROG_##name,
	PF_PROBE_PROGS(PF_PROBE_PROG_ID)
#undef PF_PROBE_PROG_ID
	PF_PROBE_PROG_COUNT
};
/* clang-format on */

extern const char *const pf_probe_map_names[PF_PROBE_MAP_COUNT];
extern const char *const pf_probe_prog_names[PF_PROBE_PROG_COUNT];

/* The probe object's fds by manifest id; -errno if absent (not loaded). */
int pf_probe_map_fd(struct bpf_object *obj, enum pf_probe_map_id id);
int pf_probe_prog_fd(struct bpf_object *obj, enum pf_probe_prog_id id);

#endif
