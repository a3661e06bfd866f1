/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ALLOW24_V4, the IPv4 allowlist as the fast path asks it: two bits for every
 * /24 (PF_ALLOW24_ALL, PF_ALLOW24_SOME in bpf/shared.h), computed from the
 * same prefixes as ALLOW_V4, which stays the exact answer for the /24s that
 * longer prefixes cut up.
 */
#ifndef PF_ALLOW24_H
#define PF_ALLOW24_H

#include <stddef.h>
#include <linux/types.h>
#include "delta.h"
#include "prefix.h"

/* Words being built: (word index, bits) pairs, merged by pf_allow24_want. */
struct pf_allow24 {
	struct pf_allow24_word {
		__u32 w;
		__u64 bits;
	} *e;
	size_t n, cap;
};

/* Add one prefix's bits (IPv6 ones are skipped); 0 or -ENOMEM. */
int pf_allow24_add(struct pf_allow24 *a, const struct pf_prefix *p);

/* The nonzero words, one record each (key __u32, value __u64), into `want`; frees a. */
int pf_allow24_want(struct pf_allow24 *a, struct pf_kv_set *want);

#endif
