/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one growth policy for dynamic arrays in fp/: capacity starts at 8 and
 * doubles, with overflow checked, so appends are amortised O(1) everywhere.
 */
#ifndef PF_GROW_H
#define PF_GROW_H

#include <stddef.h>

/*
 * Make *p (elements of `elem` bytes, room for *cap of them) hold at least
 * `need`. On success *p and *cap are updated; on failure both are left as
 * they were. Returns 0 or -ENOMEM.
 */
int pf_grow(void **p, size_t *cap, size_t need, size_t elem);

/*
 * Room for element [n] of an array that only ever grew through this
 * function (its capacity is implied by n, so the owner keeps no cap field).
 * Returns 0 or -ENOMEM.
 */
int pf_grow_append(void **p, size_t n, size_t elem);

#endif
