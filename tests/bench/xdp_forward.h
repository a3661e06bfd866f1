/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xdp-forward's own BPF object, taken out of the Debian binary that embeds
 * it (tests/bench/peers.sh fetches it): the benchmarks' yardstick.
 */
#ifndef PF_T_XDP_FORWARD_H
#define PF_T_XDP_FORWARD_H

struct bpf_object;

/* The embedded ELF that has xdp_fwd_fib_direct, opened (not loaded); NULL if none. */
struct bpf_object *t_xdp_forward_object(const char *binary);

#endif
