/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The manifest of the fast-path object: every program and every map with its
 * attributes, as X-macros. Userspace pins, opens, sizes, syncs, explains and
 * reports maps from this one table (fp/manifest.h expands it); a unit test
 * proves it matches the object that was actually built.
 *
 * X(name, scope, size, status, summary):
 *   scope   SYNCED   contents derived by `sync` from the config, the allow list
 *                    and the network devices (shared with `explain`)
 *           STATE    pinned state that is not derived: counters, build identity,
 *                    what the fast path found (FIB_SPLIT4)
 *           SCRATCH  per-CPU scratch and caches (a private copy is equivalent)
 *           PROGS    the tail-call PROG_ARRAY (holds this build's finalize)
 *   size    the struct pf_config field that sets max_entries, or none
 *   status  SHOW: `status` and the metrics report its fill; HIDE: they don't
 *   summary the word a map's delta is counted under in the sync summary line
 *           ("maps: allow +1 -0, ..."), in the order they first appear; none
 *
 * The order is the order `sync` writes in; CFG (the cache generation) is
 * always written last whatever its place here.
 */
#ifndef PF_OBJECTS_H
#define PF_OBJECTS_H

/*
 * X(name, kind, slot): CORE programs are loaded and pinned on every kernel;
 * WATCH programs (the redirect watch, tp_btf) only where the kernel has BTF
 * and the tracepoint, their links pinned under watch/; a WATCH program is
 * named watch_<tracepoint>. slot: its place in MUTATION_PROGS (reached by a
 * tail call), or PF_NO_SLOT.
 *
 * fast_path and finalize carry no sampler code: while a capture or sflow
 * session runs (PF_CFG_SAMPLER) fast_path hands every frame, untouched, to
 * fast_path_sampled, which goes on to finalize_sampled; the same source
 * compiled twice (bpf/capture.h), so with no session the sampler costs
 * one test of a word fast_path loads anyway.
 */
#define PF_PROGS(X)                                           \
	X(fast_path, CORE, PF_NO_SLOT)                        \
	X(finalize, CORE, PF_SLOT_FINALIZE)                   \
	X(fast_path_sampled, CORE, PF_SLOT_FAST_PATH_SAMPLED) \
	X(finalize_sampled, CORE, PF_SLOT_FINALIZE_SAMPLED)   \
	X(watch_xdp_redirect_map_err, WATCH, PF_NO_SLOT)      \
	X(watch_xdp_redirect_err, WATCH, PF_NO_SLOT)          \
	X(watch_xdp_devmap_xmit, WATCH, PF_NO_SLOT)

#define PF_MAPS(X)                                             \
	X(ALLOW_V4, SYNCED, allow_max, SHOW, allow)            \
	X(ALLOW_V6, SYNCED, allow_max, SHOW, allow)            \
	X(ALLOW24_V4, SYNCED, none, HIDE, none)                \
	X(BLOCK_V4, SYNCED, block_max, SHOW, block)            \
	X(BLOCK_V6, SYNCED, block_max, SHOW, block)            \
	X(MSS_CLAMP_V4, SYNCED, none, SHOW, mss)               \
	X(MSS_CLAMP_V6, SYNCED, none, SHOW, mss)               \
	X(MSS_CLAMP_IF_V4, SYNCED, none, SHOW, mss)            \
	X(MSS_CLAMP_IF_V6, SYNCED, none, SHOW, mss)            \
	X(MSS_CLAMP_BY_IFACE, SYNCED, none, SHOW, mss)         \
	X(VLAN_INGRESS, SYNCED, vlan_max, SHOW, vlan)          \
	X(VLAN_RESOLVE, SYNCED, vlan_max, SHOW, vlan)          \
	X(LOCAL_V4, SYNCED, none, SHOW, local)                 \
	X(LOCAL_V6, SYNCED, none, SHOW, local)                 \
	X(LOCAL_HINT, SYNCED, none, HIDE, none)                \
	X(IFACES, SYNCED, none, SHOW, ifaces)                  \
	X(WATCH_NS, SYNCED, none, HIDE, none)                  \
	X(FIB_PROBE4, SYNCED, none, HIDE, none)                \
	X(REDIRECT_DEVMAP, SYNCED, redirect_max, SHOW, devmap) \
	X(CFG, SYNCED, none, HIDE, none)                       \
	X(META, STATE, none, HIDE, none)                       \
	X(STATS, STATE, none, HIDE, none)                      \
	X(IFACE_CACHE, SCRATCH, none, HIDE, none)              \
	X(ALLOW_CACHE, SCRATCH, none, HIDE, none)              \
	X(EGRESS_CACHE, SCRATCH, none, HIDE, none)             \
	X(FIB_SCRATCH, SCRATCH, none, HIDE, none)              \
	X(FIB_PROBE_CPU, SCRATCH, none, HIDE, none)            \
	X(FIB_SPLIT4, STATE, none, HIDE, none)                 \
	X(MUTATION_CTX, SCRATCH, none, HIDE, none)             \
	X(CAPTURE, STATE, none, HIDE, none)                    \
	X(CAPTURE_CPU, SCRATCH, none, HIDE, none)              \
	X(CAPTURE_PORT, SCRATCH, none, HIDE, none)             \
	X(CAPTURE_EVENTS, STATE, none, HIDE, none)             \
	X(MUTATION_PROGS, PROGS, none, HIDE, none)

/* PROG_ARRAY slots (PF_PROGS' slot column). */
#define PF_NO_SLOT (-1)
#define PF_SLOT_FINALIZE 0
#define PF_SLOT_FAST_PATH_SAMPLED 1
#define PF_SLOT_FINALIZE_SAMPLED 2

#endif
