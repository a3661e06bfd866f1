/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of every program and map in the fast-path object, as X-macros, so
 * that userspace pins, opens and checks them from this one list and a test
 * can prove it matches the object that was actually built.
 */
#ifndef PF_OBJECTS_H
#define PF_OBJECTS_H

#define PF_PROGS(X) \
	X(fast_path) \
	X(finalize)

#define PF_MAPS(X) \
	X(CFG) \
	X(STATS) \
	X(MUTATION_PROGS)

/* PROG_ARRAY slot that holds finalize. */
#define PF_SLOT_FINALIZE 0

#endif
