// SPDX-License-Identifier: GPL-2.0-or-later
/* Access to the BPF object embedded by embed.S and its build id. */
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "bpf_obj.h"
#include "log.h"
#include "pf_build_id.h"

extern const char pf_bpf_obj_start[];
extern const char pf_bpf_obj_end[];

const void *pf_obj_bytes(size_t *len)
{
	*len = (size_t)(pf_bpf_obj_end - pf_bpf_obj_start);
	return pf_bpf_obj_start;
}

const char *pf_obj_build_id(void)
{
	return PF_BUILD_ID;
}

struct bpf_object *pf_obj_open(const struct pf_ctx *ctx)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "packetframe");
	struct bpf_object *obj;
	const void *bytes;
	size_t len;

	bytes = pf_obj_bytes(&len);
	obj = bpf_object__open_mem(bytes, len, &opts);
	if (!obj) {
		pf_err(ctx, "cannot open the embedded BPF object (%zu bytes): %s", len,
		       strerror(errno));
		return NULL;
	}
	return obj;
}
