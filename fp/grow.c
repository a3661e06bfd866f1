// SPDX-License-Identifier: GPL-2.0-or-later
/* Growth of dynamic arrays: see grow.h. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include "grow.h"

#define PF_GROW_MIN 8

int pf_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : PF_GROW_MIN;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -ENOMEM;
		n *= 2;
	}
	if (elem && n > SIZE_MAX / elem)
		return -ENOMEM;
	q = realloc(*p, n * elem);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

int pf_grow_append(void **p, size_t n, size_t elem)
{
	/* The capacity pf_grow left behind after n appends. */
	size_t cap = 0;

	if (n)
		for (cap = PF_GROW_MIN; cap < n; cap *= 2)
			;
	return pf_grow(p, &cap, n + 1, elem);
}
