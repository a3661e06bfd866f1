// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP programs: fast_path (attached to every configured interface) and
 * finalize (reached only by a tail call from PROG_ARRAY slot 0). Every helper
 * is __always_inline: the object must contain no bpf-to-bpf calls, because
 * kernels that cannot JIT a mix of tail calls and subprograms reject it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include "maps.h"
#include "objects.h"

SEC("xdp")
int fast_path(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct pf_stats *st;
	__u32 zero = 0;

	st = bpf_map_lookup_elem(&STATS, &zero);
	if (!st)
		return XDP_PASS;
	st->c[PF_C_rx_total]++;

	if ((void *)(eth + 1) > data_end) {
		st->c[PF_C_err_parse]++;
		return XDP_PASS;
	}

	bpf_tail_call(ctx, &MUTATION_PROGS, PF_SLOT_FINALIZE);
	st->c[PF_C_err_tail_call]++;
	return XDP_PASS;
}

SEC("xdp")
int finalize(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
