/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Map definitions of the fast-path object (BPF side only). max_entries are
 * defaults: userspace resizes from the config before load. Names must match
 * PF_MAPS() in objects.h (a unit test checks).
 */
#ifndef PF_MAPS_H
#define PF_MAPS_H

#include <linux/bpf.h>
#include <linux/in6.h>
#include <bpf/bpf_helpers.h>
#include "counters.h"
#include "shared.h"

#define PF_LPM(name, key_t, value_t, size)             \
	struct {                                        \
		__uint(type, BPF_MAP_TYPE_LPM_TRIE);    \
		__uint(max_entries, size);              \
		__uint(map_flags, BPF_F_NO_PREALLOC);   \
		__type(key, key_t);                     \
		__type(value, value_t);                 \
	} name SEC(".maps")

#define PF_MAP(name, map_type, key_t, value_t, size)   \
	struct {                                        \
		__uint(type, map_type);                 \
		__uint(max_entries, size);              \
		__type(key, key_t);                     \
		__type(value, value_t);                 \
	} name SEC(".maps")

PF_MAP(CFG, BPF_MAP_TYPE_ARRAY, __u32, struct pf_cfg, 1);
PF_MAP(META, BPF_MAP_TYPE_ARRAY, __u32, struct pf_meta, 1);
PF_MAP(STATS, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct pf_stats, 1);
PF_MAP(IFACES, BPF_MAP_TYPE_HASH, __u32, struct pf_iface, 1024);
/* The router's network namespace (inode number): the redirect watch counts only its ports. */
PF_MAP(WATCH_NS, BPF_MAP_TYPE_HASH, __u32, __u8, 1);
PF_MAP(IFACE_CACHE, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct pf_iface_slot, 1);

PF_LPM(ALLOW_V4, struct pf_lpm4, __u8, 262144);
PF_LPM(ALLOW_V6, struct pf_lpm6, __u8, 262144);
PF_MAP(ALLOW24_V4, BPF_MAP_TYPE_ARRAY, __u32, __u64, PF_ALLOW24_WORDS);
PF_MAP(ALLOW_CACHE, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct pf_allow_slot,
       PF_ALLOW_CACHE_SIZE);
PF_LPM(BLOCK_V4, struct pf_lpm4, __u8, 65536);
PF_LPM(BLOCK_V6, struct pf_lpm6, __u8, 65536);

PF_MAP(VLAN_INGRESS, BPF_MAP_TYPE_HASH, struct pf_vlan_key, struct pf_vlan_in, 4096);
PF_MAP(VLAN_RESOLVE, BPF_MAP_TYPE_HASH, __u32, struct pf_vlan_out, 4096);
PF_MAP(EGRESS_CACHE, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct pf_egress_slot, 1);
/* The router's own addresses: frames from them are martians to the kernel. */
PF_MAP(LOCAL_V4, BPF_MAP_TYPE_HASH, __be32, __u8, 4096);
PF_MAP(LOCAL_V6, BPF_MAP_TYPE_HASH, struct in6_addr, __u8, 4096);
PF_MAP(LOCAL_HINT, BPF_MAP_TYPE_ARRAY, __u32, struct pf_local_hint, 2);

/* Every up device that can be an XDP redirect target, value = ifindex. */
PF_MAP(REDIRECT_DEVMAP, BPF_MAP_TYPE_DEVMAP_HASH, __u32, __u32, 1024);

/* MSS clamps, values are the MSS ceiling. */
PF_LPM(MSS_CLAMP_V4, struct pf_lpm4, __u32, 4096);
PF_LPM(MSS_CLAMP_V6, struct pf_lpm6, __u32, 4096);
PF_LPM(MSS_CLAMP_IF_V4, struct pf_lpm4_if, __u32, 4096);
PF_LPM(MSS_CLAMP_IF_V6, struct pf_lpm6_if, __u32, 4096);
PF_MAP(MSS_CLAMP_BY_IFACE, BPF_MAP_TYPE_HASH, __u32, __u32, 1024);

/* Per-CPU scratch: too large for the stack, and never zero-initialised by us. */
PF_MAP(FIB_SCRATCH, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct bpf_fib_lookup, 1);
PF_MAP(FIB_PROBE4, BPF_MAP_TYPE_ARRAY, __u32, struct pf_fib_probe, 1);
PF_MAP(FIB_PROBE_CPU, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct pf_fib_probe_cpu, 1);
PF_MAP(FIB_SPLIT4, BPF_MAP_TYPE_ARRAY, __u32, __u64, 1);
PF_MAP(MUTATION_CTX, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct pf_mutation, 1);

/*
 * The sampler of `capture` and `sflow` (bpf/capture.h): its session, each
 * CPU's place in it, and the records. The perf event array copies frame
 * bytes on every kernel the matrix has (a ring buffer could only from 5.18).
 * Userspace sizes it to the possible CPUs before load.
 */
PF_MAP(CAPTURE, BPF_MAP_TYPE_ARRAY, __u32, struct pf_capture_cfg, 1);
PF_MAP(CAPTURE_CPU, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct pf_capture_cpu, 1);
PF_MAP(CAPTURE_PORT, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct pf_capture_port, PF_CAP_PORTS);
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} CAPTURE_EVENTS SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} MUTATION_PROGS SEC(".maps");

#endif
