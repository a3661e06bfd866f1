/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fast path's counters: the one list, as an X-macro, shared by the BPF
 * programs (enum indices into the per-CPU block) and userspace (names and help
 * text for status, stats, metrics and tests). Append only: indices are part of
 * the operator-facing contract (dashboards read them by name, tools by index).
 *
 * X(name, kind, help): kind LIVE is counted by the programs; WATCH by the
 * redirect watch (redirect_watch.h), exported only while its tracepoint links
 * run (where they can't, a 0 would claim no failures); RESERVED keeps an
 * index of the reference implementation that nothing here counts, and is not
 * exported (a test checks that bpf/ counts every LIVE and WATCH one and no
 * RESERVED one).
 */
#ifndef PF_COUNTERS_H
#define PF_COUNTERS_H

#include <linux/types.h>

#define PF_COUNTERS(X)                                                                           \
	X(rx_total, LIVE, "frames seen by fast_path")                                            \
	X(matched_v4, LIVE, "IPv4 frames whose src or dst is allowlisted")                       \
	X(matched_v6, LIVE, "IPv6 frames whose src or dst is allowlisted")                       \
	X(matched_src_only, LIVE, "allowlist hit on the source address only")                    \
	X(matched_dst_only, LIVE, "allowlist hit on the destination address only")               \
	X(matched_both, LIVE, "allowlist hit on both addresses")                                 \
	X(fwd_ok, LIVE, "frames redirected (accepted by bpf_redirect_map)")                      \
	X(fwd_dry_run, LIVE, "allowlisted frames passed because dry-run is on")                  \
	X(pass_fragment, LIVE, "IPv4 fragments passed to the kernel")                            \
	X(pass_low_ttl, LIVE, "TTL or hop limit <= 1, passed so the kernel sends ICMP")          \
	X(pass_no_neigh, LIVE, "FIB has a route but no neighbour entry: kernel resolves")        \
	X(pass_not_ip, LIVE, "not IPv4/IPv6 after at most one VLAN tag")                         \
	X(pass_frag_needed, LIVE, "packet larger than the egress MTU: kernel handles it")        \
	X(drop_unreachable, LIVE, "FIB blackhole route: dropped, as the kernel does")            \
	X(err_parse, LIVE, "truncated or malformed Ethernet, VLAN or IP header")                 \
	X(err_fib_other, LIVE, "bpf_fib_lookup returned an unexpected code")                     \
	X(err_vlan, LIVE, "VLAN push/pop/rewrite failed after the checks (kernel refused)")      \
	X(pass_not_in_devmap, LIVE, "egress device is not a redirect target")                    \
	X(pass_complex_header, LIVE, "IPv4 options or an IPv6 extension/other next header")      \
	X(err_head_shift, LIVE, "driver head-shift quirk could not be applied")                  \
	X(custom_fib_hit, RESERVED, "reserved: custom FIB (not implemented)")                    \
	X(custom_fib_miss, RESERVED, "reserved: custom FIB (not implemented)")                   \
	X(custom_fib_no_neigh, RESERVED, "reserved: custom FIB (not implemented)")               \
	X(compare_agree, RESERVED, "reserved: custom FIB compare mode (not implemented)")        \
	X(compare_disagree, RESERVED, "reserved: custom FIB compare mode (not implemented)")     \
	X(ecmp_hash_v4, RESERVED, "reserved: custom FIB ECMP (not implemented)")                 \
	X(ecmp_hash_v6, RESERVED, "reserved: custom FIB ECMP (not implemented)")                 \
	X(ecmp_dead_leg_fallback, RESERVED, "reserved: custom FIB ECMP (not implemented)")       \
	X(route_source_resync, RESERVED, "reserved: route source (not implemented)")             \
	X(neigh_cache_miss, RESERVED, "reserved: custom FIB (not implemented)")                  \
	X(nexthop_seq_retry, RESERVED, "reserved: custom FIB (not implemented)")                 \
	X(bmp_peer_down, RESERVED, "reserved: route source (not implemented)")                   \
	X(bogon_dropped, LIVE, "destination in a block-prefix: dropped")                         \
	X(mss_clamp_applied, LIVE, "TCP MSS option lowered on a SYN or SYN-ACK")                 \
	X(mss_clamp_skipped, LIVE, "clamp configured but MSS already low or absent")             \
	X(err_tail_call, LIVE, "finalize tail call failed: frame passed unmodified")             \
	X(err_mutation_ctx, LIVE, "per-CPU scratch unreadable: frame passed unmodified")         \
	X(allow_miss, LIVE, "neither address allowlisted: passed to the kernel")                 \
	X(pass_ndp, LIVE, "IPv6 neighbour discovery (ICMPv6 133-137) passed")                    \
	X(pass_not_fwded, LIVE, "FIB says not forwarded (local or broadcast destination)")       \
	X(pass_fwd_disabled, LIVE, "forwarding disabled on the ingress device")                  \
	X(pass_unsupp_lwt, LIVE, "route needs a lightweight-tunnel encapsulation")               \
	X(err_redirect, WATCH, "redirected frames the kernel or the egress driver then refused") \
	X(pass_qinq, LIVE, "more than one VLAN tag: passed to the kernel")                       \
	X(pass_no_headroom, LIVE, "no headroom to push a VLAN tag: passed unmodified")           \
	X(pass_other_mac, LIVE, "destination MAC is not the receiving interface's")              \
	X(pass_vlan_unknown, LIVE, "tagged with a VID that has no subinterface on the port")     \
	X(pass_iface_unknown, LIVE, "ingress interface not configured in IFACES")                \
	X(pass_martian, LIVE, "source or destination the kernel refuses or treats specially")    \
	X(pass_bad_csum, LIVE, "IPv4 header checksum wrong: the kernel drops it")                \
	X(pass_hairpin, LIVE, "would leave by the port it came in on (kernel: ICMP redirect)")   \
	X(pass_unreachable, LIVE, "FIB unreachable route: the kernel sends the ICMP error")      \
	X(pass_prohibit, LIVE, "FIB prohibit route: the kernel sends the ICMP error")            \
	X(pass_rp_filter, LIVE, "the port's rp_filter would refuse the source: kernel drops")    \
	X(pass_local_src, LIVE, "source is one of the router's own addresses: kernel drops")     \
	X(pass_mss_unparsed, LIVE, "SYN whose TCP options cannot be walked: passed unclamped")   \
	X(pass_route_mtu, LIVE, "larger than an MTU some route sets: the kernel checks it")      \
	X(drop_egress_down, WATCH, "redirected frames an egress port without carrier refused")   \
	X(drop_egress_full, WATCH, "redirected frames the egress driver had no transmit room for")

/*
 * The circuit breaker's error signals (`guard`): the fast path or the kernel
 * under it failing frames it took on. Never a deliberate drop (blackhole
 * routes, block-prefix) and never what any sender can cause at will
 * (err_parse: a malformed frame), so neither an operator's policy nor a
 * hostile network can trip it.
 */
#define PF_GUARD_SIGNALS(X) \
	X(err_fib_other)    \
	X(err_vlan)         \
	X(err_head_shift)   \
	X(err_tail_call)    \
	X(err_mutation_ctx) \
	X(err_redirect)

enum pf_counter {
#define PF_COUNTER_ENUM(name, kind, help) PF_C_##name,
	PF_COUNTERS(PF_COUNTER_ENUM)
#undef PF_COUNTER_ENUM
		PF_COUNTER_MAX
};

/*
 * The per-CPU block: one map lookup per program run, then plain adds. It has
 * room for counters yet to come so that appending one keeps the pinned map's
 * layout, and an in-place upgrade keeps the counts.
 */
#define PF_COUNTER_SLOTS 128

struct pf_stats {
	__u64 c[PF_COUNTER_SLOTS];
};

_Static_assert(PF_COUNTER_MAX <= PF_COUNTER_SLOTS, "counter block is full: grow PF_COUNTER_SLOTS");

#endif
