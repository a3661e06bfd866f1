/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fixture checks shared by the BPF test files: run a frame through fast_path
 * in the test world and compare verdict, exact output bytes and the exact
 * counter deltas (rx_total 1, each listed counter 1, every other counter 0).
 */
#ifndef PF_FIXTURE_H
#define PF_FIXTURE_H

#include <linux/bpf.h>
#include "bpfrun.h"
#include "fp/frame.h"
#include "harness.h"
#include "world.h"

#define T_END (-1)

/*
 * The world, built on first use and reset to its baseline (t_world_reset)
 * on the first call of every test, so no test sees what an earlier one left
 * behind; NULL (test skipped) when not root.
 */
struct t_world *t_world(struct pf_t *t);

/* In a PF_TEST body: the world as `w`, or leave the test (skipped/failed). */
#define T_NEED_WORLD(w)                      \
	struct t_world *w = t_world(t);      \
	if (!w)                              \
		return

/*
 * Build `in`, run it on ingress ifindex `ifindex`, expect `verdict` and the
 * frame `out` (NULL: the input unchanged), and +1 on each counter listed
 * (terminated by T_END). Returns 1 when everything matched.
 */
int t_fixture_at(const char *file, int line, struct pf_t *t, const struct pf_frame *in, int ifindex,
		 __u32 verdict, const struct pf_frame *out, ...);

/* Same with raw input bytes and raw expected output (NULL = input). */
int t_fixture_raw_at(const char *file, int line, struct pf_t *t, const __u8 *in, size_t len,
		     int ifindex, __u32 verdict, const __u8 *out, size_t out_len,
		     const int *counters);

/* Failures name the line of the test that called the fixture. */
#define t_fixture(...) t_fixture_at(__FILE__, __LINE__, __VA_ARGS__)
#define t_fixture_raw(...) t_fixture_raw_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
