// SPDX-License-Identifier: GPL-2.0-or-later
/* Building ALLOW24_V4's words from prefixes (see allow24.h). */
#include <errno.h>
#include <stdlib.h>
#include "allow24.h"
#include "bpf/shared.h"
#include "grow.h"

/* PF_ALLOW24_ALL in every /24 of a word; SOME is this shifted left once. */
#define ALL_BITS 0x5555555555555555ull

static int put(struct pf_allow24 *a, __u32 w, __u64 bits)
{
	if (pf_grow((void **)&a->e, &a->cap, a->n + 1, sizeof(*a->e)))
		return -ENOMEM;
	a->e[a->n].w = w;
	a->e[a->n].bits = bits;
	a->n++;
	return 0;
}

int pf_allow24_add(struct pf_allow24 *a, const struct pf_prefix *p)
{
	__u32 addr, first, last, w;
	int err = 0;

	if (p->family != 4)
		return 0;
	addr = (__u32)p->addr[0] << 24 | (__u32)p->addr[1] << 16 | (__u32)p->addr[2] << 8 |
	       p->addr[3];
	first = addr >> 8;
	if (p->len > 24) /* cuts one /24 up: ALLOW_V4 answers inside it */
		return put(a, first / PF_ALLOW24_PER_WORD,
			   (__u64)PF_ALLOW24_SOME << 2 * (first % PF_ALLOW24_PER_WORD));
	last = first | ((1u << (24 - p->len)) - 1);
	for (w = first / PF_ALLOW24_PER_WORD; w <= last / PF_ALLOW24_PER_WORD && !err; w++) {
		__u32 lo = w * PF_ALLOW24_PER_WORD, hi = lo + PF_ALLOW24_PER_WORD - 1;
		__u64 bits = ALL_BITS;

		/* The word's /24s outside [first, last] keep their bits clear. */
		if (first > lo)
			bits &= ~0ull << 2 * (first - lo);
		if (last < hi)
			bits &= ~0ull >> 2 * (hi - last);
		err = put(a, w, bits);
	}
	return err;
}

static int by_word(const void *x, const void *y)
{
	const struct pf_allow24_word *a = x, *b = y;

	return a->w < b->w ? -1 : a->w > b->w;
}

int pf_allow24_want(struct pf_allow24 *a, struct pf_kv_set *want)
{
	size_t i, j;
	int err = 0;

	qsort(a->e, a->n, sizeof(*a->e), by_word);
	for (i = 0; i < a->n && !err; i = j) {
		__u64 bits = 0;

		for (j = i; j < a->n && a->e[j].w == a->e[i].w; j++)
			bits |= a->e[j].bits;
		err = pf_kv_add(want, &a->e[i].w, &bits);
	}
	free(a->e);
	a->e = NULL;
	a->n = a->cap = 0;
	return err;
}
