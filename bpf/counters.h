/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fast path's counters: the one list, as an X-macro, shared by the BPF
 * programs (enum indices into the per-CPU block) and userspace (names and help
 * text for status, stats, metrics and tests). Append only: indices are part of
 * the operator-facing contract (dashboards read them by name, tools by index).
 */
#ifndef PF_COUNTERS_H
#define PF_COUNTERS_H

#include <linux/types.h>

#define PF_COUNTERS(X)                                                                  \
	X(rx_total, "frames seen by fast_path")                                         \
	X(matched_v4, "IPv4 frames whose src or dst is allowlisted")                    \
	X(matched_v6, "IPv6 frames whose src or dst is allowlisted")                    \
	X(matched_src_only, "allowlist hit on the source address only")                 \
	X(matched_dst_only, "allowlist hit on the destination address only")            \
	X(matched_both, "allowlist hit on both addresses")                              \
	X(fwd_ok, "frames redirected (accepted by bpf_redirect_map)")                   \
	X(fwd_dry_run, "allowlisted frames passed because dry-run is on")               \
	X(pass_fragment, "IPv4 fragments passed to the kernel")                         \
	X(pass_low_ttl, "TTL or hop limit <= 1, passed so the kernel sends ICMP")       \
	X(pass_no_neigh, "FIB has a route but no neighbour entry: kernel resolves")     \
	X(pass_not_ip, "not IPv4/IPv6 after at most one VLAN tag")                      \
	X(pass_frag_needed, "packet larger than the egress MTU: kernel handles it")     \
	X(drop_unreachable, "FIB blackhole/unreachable/prohibit route: dropped")        \
	X(err_parse, "truncated or malformed Ethernet, VLAN or IP header")              \
	X(err_fib_other, "bpf_fib_lookup returned an unexpected code")                  \
	X(err_vlan, "VLAN push/pop/rewrite failed after the checks (kernel refused)")   \
	X(pass_not_in_devmap, "egress device is not a redirect target")                 \
	X(pass_complex_header, "IPv4 options or an IPv6 extension/other next header")   \
	X(err_head_shift, "driver head-shift quirk could not be applied")               \
	X(custom_fib_hit, "reserved: custom FIB (not implemented)")                     \
	X(custom_fib_miss, "reserved: custom FIB (not implemented)")                    \
	X(custom_fib_no_neigh, "reserved: custom FIB (not implemented)")                \
	X(compare_agree, "reserved: custom FIB compare mode (not implemented)")         \
	X(compare_disagree, "reserved: custom FIB compare mode (not implemented)")      \
	X(ecmp_hash_v4, "reserved: custom FIB ECMP (not implemented)")                  \
	X(ecmp_hash_v6, "reserved: custom FIB ECMP (not implemented)")                  \
	X(ecmp_dead_leg_fallback, "reserved: custom FIB ECMP (not implemented)")        \
	X(route_source_resync, "reserved: route source (not implemented)")              \
	X(neigh_cache_miss, "reserved: custom FIB (not implemented)")                   \
	X(nexthop_seq_retry, "reserved: custom FIB (not implemented)")                  \
	X(bmp_peer_down, "reserved: route source (not implemented)")                    \
	X(bogon_dropped, "destination in a block-prefix: dropped")                      \
	X(mss_clamp_applied, "TCP MSS option lowered on a SYN or SYN-ACK")              \
	X(mss_clamp_skipped, "clamp configured but MSS already low or absent")          \
	X(err_tail_call, "finalize tail call failed: frame passed unmodified")          \
	X(err_mutation_ctx, "per-CPU scratch unreadable: frame passed unmodified")      \
	X(allow_miss, "neither address allowlisted: passed to the kernel")             \
	X(pass_ndp, "IPv6 neighbour discovery (ICMPv6 133-137) passed")                 \
	X(pass_not_fwded, "FIB says not forwarded (local or broadcast destination)")    \
	X(pass_fwd_disabled, "forwarding disabled on the ingress device")              \
	X(pass_unsupp_lwt, "route needs a lightweight-tunnel encapsulation")            \
	X(err_redirect, "reserved: the redirect is set before any write, cannot fail") \
	X(pass_qinq, "more than one VLAN tag: passed to the kernel")                    \
	X(pass_no_headroom, "no headroom to push a VLAN tag: passed unmodified")       \
	X(pass_not_for_us, "destination MAC is not the receiving interface's")        \
	X(pass_vlan_unknown, "tagged with a VID that has no subinterface on the port") \
	X(pass_iface_unknown, "ingress interface not configured in IFACES")

enum pf_counter {
#define PF_COUNTER_ENUM(name, help) PF_C_##name,
	PF_COUNTERS(PF_COUNTER_ENUM)
#undef PF_COUNTER_ENUM
	PF_COUNTER_MAX
};

/* The per-CPU block: one map lookup per program run, then plain adds. */
struct pf_stats {
	__u64 c[PF_COUNTER_MAX];
};

#endif
