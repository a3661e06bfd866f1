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

#define PF_MAPS(X)              \
	X(CFG)                  \
	X(META)                 \
	X(STATS)                \
	X(IFACES)               \
	X(IFACE_CACHE)          \
	X(ALLOW_V4)             \
	X(ALLOW_V6)             \
	X(ALLOW_CACHE)          \
	X(BLOCK_V4)             \
	X(BLOCK_V6)             \
	X(VLAN_INGRESS)         \
	X(VLAN_RESOLVE)         \
	X(EGRESS_CACHE)         \
	X(REDIRECT_DEVMAP)      \
	X(MSS_CLAMP_V4)         \
	X(MSS_CLAMP_V6)         \
	X(MSS_CLAMP_IF_V4)      \
	X(MSS_CLAMP_IF_V6)      \
	X(MSS_CLAMP_BY_IFACE)   \
	X(FIB_SCRATCH)          \
	X(MUTATION_CTX)         \
	X(MUTATION_PROGS)

/* PROG_ARRAY slot that holds finalize. */
#define PF_SLOT_FINALIZE 0

#endif
